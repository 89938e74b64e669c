// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/Certificate.h"
#include "core/pki/CertificateRequest.h"
#include "core/pki/DistinguishedName.h"
#include "core/pki/PkiError.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace quince::pki {

/// The MDM push (APNs) identity: the certificate Apple's push certificate portal issued for our
/// request, its private key, and the topic it authorises (the certificate subject's UID,
/// `com.apple.mgmt.External.<uuid>`). The APNs client presents it as the TLS client identity
/// and sends the topic as `apns-topic`; devices learn the same topic from the enrollment profile,
/// which is why a renewal must never change it.
class PushCertificate {
public:
    /// Every MDM push topic starts with this; a UUID follows.
    static QString topicPrefix() { return QStringLiteral("com.apple.mgmt.External."); }
    /// RSA 2048 is what Apple's push certificate portal expects for the request key.
    static constexpr int keyBits = 2048;

    /// A fresh key and the PKCS#10 request for it (SHA-256, subject CN=Quince Push and, when
    /// given, O=organization). The caller seals and stores the key until Apple answers.
    struct Request {
        PrivateKey key;
        CertificateRequest csr;
    };
    static PkiResult<Request> generateRequest(const QString& organization);

    /// What an operator's file held: the certificate (PEM, DER or PKCS#12), and the private key
    /// when the file carries one (PKCS#12, or a PEM with a key block). The key, if any, has been
    /// checked against the certificate (KeyMismatch otherwise). The topic is not checked here.
    struct FileContents {
        Certificate certificate;
        PrivateKey key;
    };
    /// Parses PEM, DER or PKCS#12. password opens a PKCS#12 or an encrypted PEM key.
    /// Malformed (none of those), WrongPassword (the PKCS#12 integrity check fails with this
    /// password), KeyMismatch (a key in the file that is not the certificate's).
    static PkiResult<FileContents> parseFile(const QByteArray& bytes, const QByteArray& password = {});

    /// Whether topic has the MDM push form `com.apple.mgmt.External.<uuid>`.
    static bool isValidTopic(const QString& topic);
    /// The push topic of certificate; InvalidArgument when its subject has no UID of that form
    /// (not an MDM push certificate: an app's APNs certificate or a wrong file).
    static PkiResult<QString> topicOf(const Certificate& certificate);

    PushCertificate() = default;
    /// Combines a certificate with its key; InvalidArgument without a push topic, KeyMismatch
    /// when key is not the certificate's. A null key is allowed (a certificate-only view).
    static PkiResult<PushCertificate> create(const Certificate& certificate, const PrivateKey& key);

    bool isNull() const { return m_certificate.isNull(); }
    const Certificate& certificate() const { return m_certificate; }
    const PrivateKey& privateKey() const { return m_key; }
    bool hasPrivateKey() const { return !m_key.isNull(); }
    QString topic() const { return m_topic; }
    QDateTime expiresAt() const { return m_certificate.notAfter(); }

private:
    Certificate m_certificate;
    PrivateKey m_key;
    QString m_topic;
};

} // namespace quince::pki
