// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/Certificate.h"
#include "core/pki/PkiError.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QList>
#include <QString>

namespace quince::pki {

/// PKCS#12 (.p12) files: identities for clients without SCEP, and the push certificate as
/// Keychain Access exports it.
class Pkcs12 {
public:
    struct Contents {
        PrivateKey key;
        Certificate certificate; ///< the certificate of key
        QList<Certificate> chain; ///< the other certificates of the file (CA certificates)
    };

    /// Key and certificate bags encrypted with PBES2 (PBKDF2 with HMAC-SHA-256, AES-256-CBC),
    /// MAC with SHA-256: what OpenSSL 3 and current Apple systems use, never RC2 or 3DES.
    /// chain is stored after the certificate (issuing CA first). friendlyName labels the
    /// identity in the device's keychain. InvalidArgument for an empty password (an identity
    /// must not travel unprotected) or a certificate that does not match key (KeyMismatch).
    static PkiResult<QByteArray> create(const PrivateKey& key, const Certificate& certificate,
        const QList<Certificate>& chain, const QString& password, const QString& friendlyName = {});

    /// Opens a .p12 (modern or legacy algorithms). Malformed: not a PKCS#12 at all, or no key
    /// and matching certificate in it; WrongPassword: the MAC or the decryption fails with
    /// password (a damaged file with a valid structure looks the same; PKCS#12 cannot tell).
    static PkiResult<Contents> parse(const QByteArray& der, const QString& password);

    /// PBKDF2 iterations for create() (and the MAC's).
    static constexpr int iterations = 10000;
};

} // namespace quince::pki
