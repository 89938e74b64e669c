// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/secrets/SecretBytes.h"
#include "core/secrets/SecretError.h"

#include <QByteArrayView>

#include <optional>

namespace quince::secrets {

/// scrypt cost parameters (RFC 7914). Stored next to the salt in the key file, so that a later
/// version can raise them for new data directories without locking out existing ones.
struct ScryptParameters {
    quint64 n = quint64(1) << 15; ///< CPU/memory cost, a power of two
    quint32 r = 8; ///< block size
    quint32 p = 1; ///< parallelisation

    /// Memory scrypt needs with these parameters, in bytes (about 128·r·N).
    quint64 memoryBytes() const;
    /// Why these parameters are refused (not a power of two, too weak, too much memory), or
    /// nothing if they are acceptable. minimumN keeps a tampered key file from lowering the cost.
    std::optional<QString> problem(quint64 minimumN = 2) const;
};

/// Derives length bytes from passphrase and salt with scrypt (OpenSSL EVP_PBE_scrypt).
/// InvalidInput for unacceptable parameters; CryptoFailure if OpenSSL fails.
Result<SecretBytes, SecretError> deriveScryptKey(
    QByteArrayView passphrase, QByteArrayView salt, const ScryptParameters& parameters, qsizetype length);

} // namespace quince::secrets
