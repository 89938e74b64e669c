// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/Scrypt.h"

#include "core/secrets/OpenSslSupport.h"

#include <QObject>

#include <openssl/evp.h>

namespace quince::secrets {

namespace {
// 1 GiB: the RFC's strongest example (N=2^20, r=8) and no more; a key file asking for more is
// more likely hostile than careful, and would otherwise make startup exhaust the machine.
constexpr quint64 kMaxMemory = quint64(1) << 30;
constexpr quint64 kMaxN = quint64(1) << 22;
constexpr quint32 kMaxR = 64;
constexpr quint32 kMaxP = 64;
} // namespace

quint64 ScryptParameters::memoryBytes() const
{
    // scrypt's V array is 128·r·N bytes, plus the B array (128·r·p) and a small working block.
    return 128 * quint64(r) * (n + p + 2);
}

std::optional<QString> ScryptParameters::problem(quint64 minimumN) const
{
    if (n < 2 || (n & (n - 1)) != 0)
        return QObject::tr("scrypt N must be a power of two greater than 1 (got %1).").arg(n);
    if (n < minimumN)
        return QObject::tr("scrypt N = %1 is below the minimum of %2.").arg(n).arg(minimumN);
    if (n > kMaxN)
        return QObject::tr("scrypt N = %1 is above the maximum of %2.").arg(n).arg(kMaxN);
    if (r < 1 || r > kMaxR)
        return QObject::tr("scrypt r must be between 1 and %1 (got %2).").arg(kMaxR).arg(r);
    if (p < 1 || p > kMaxP)
        return QObject::tr("scrypt p must be between 1 and %1 (got %2).").arg(kMaxP).arg(p);
    if (memoryBytes() > kMaxMemory)
        return QObject::tr("scrypt with N = %1, r = %2, p = %3 needs %4 MiB, more than the limit of %5 MiB.")
            .arg(n)
            .arg(r)
            .arg(p)
            .arg(memoryBytes() >> 20)
            .arg(kMaxMemory >> 20);
    return std::nullopt;
}

Result<SecretBytes, SecretError> deriveScryptKey(
    QByteArrayView passphrase, QByteArrayView salt, const ScryptParameters& parameters, qsizetype length)
{
    if (auto problem = parameters.problem())
        return SecretError {SecretErrorKind::InvalidInput, *problem};
    if (length <= 0 || length > 1024)
        return SecretError {
            SecretErrorKind::InvalidInput, QObject::tr("scrypt output length %1 is out of range.").arg(length)};
    SecretBytes key(length);
    // maxmem must cover what the parameters need: OpenSSL's default (32 MiB) refuses the
    // recommended N=2^15, r=8 by a few bytes.
    const int ok = EVP_PBE_scrypt(passphrase.data(), static_cast<size_t>(passphrase.size()),
        reinterpret_cast<const unsigned char*>(salt.data()), static_cast<size_t>(salt.size()), parameters.n,
        parameters.r, parameters.p, parameters.memoryBytes() + (quint64(1) << 20), key.data(),
        static_cast<size_t>(length));
    if (ok != 1)
        return SecretError {
            SecretErrorKind::CryptoFailure, QObject::tr("scrypt failed (%1).").arg(openSslErrorString())};
    return key;
}

} // namespace quince::secrets
