// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/scep: the pkcsPKIEnvelope (PKCS#7 EnvelopedData) in both directions.

#include "core/common/Result.h"
#include "core/pki/Certificate.h"
#include "core/pki/PkiError.h"
#include "core/pki/PrivateKey.h"
#include "core/scep/Rejection.h"

#include <QByteArray>

namespace quince::scep {

/// Opens and seals SCEP envelopes. The content cipher is the client's choice among
/// AES-128/192/256-CBC, DES-EDE3-CBC and single DES-CBC (legacy provider), and the answer uses
/// the same one, so a client that only knows DES can read it. Key transport is RSA only.
class Envelope {
public:
    struct Opened {
        QByteArray content;
        int cipherNid = 0;
    };

    /// Whether cipherNid is one of the accepted content ciphers.
    static bool isSupportedCipher(int cipherNid);

    /// Decrypts der (a DER EnvelopedData) with recipient and its key. An unsupported cipher or
    /// key transport is badAlg (checked before decrypting); not an EnvelopedData is badRequest;
    /// a decryption failure is badMessageCheck.
    static Result<Opened, Rejection> open(
        const QByteArray& der, const pki::Certificate& recipient, const pki::PrivateKey& key);

    /// Encrypts content to recipient (RSA) with the cipher cipherNid; DER EnvelopedData.
    static pki::PkiResult<QByteArray> seal(const QByteArray& content, const pki::Certificate& recipient, int cipherNid);

    /// Whether certificate's key can receive an envelope (RSA key transport).
    static bool canReceive(const pki::Certificate& certificate);
};

} // namespace quince::scep
