// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/PushCertificate.h"

#include "core/pki/OpenSsl.h"
#include "core/pki/Pkcs12.h"

#include <QUuid>

namespace quince::pki {

using namespace ossl;

namespace {

bool hasPushTopic(const Certificate& certificate)
{
    return PushCertificate::isValidTopic(certificate.subjectAttribute("UID"));
}

// A file may carry Apple's intermediate next to the push certificate: prefer the certificate
// with a push topic, then the first one that is not a CA.
Certificate pickPushCertificate(const QList<Certificate>& certificates)
{
    for (const Certificate& certificate : certificates) {
        if (hasPushTopic(certificate))
            return certificate;
    }
    for (const Certificate& certificate : certificates) {
        if (!certificate.isCa())
            return certificate;
    }
    return certificates.first();
}

PkiResult<PushCertificate::FileContents> withKey(const Certificate& certificate, const PrivateKey& key)
{
    if (!key.isNull() && !certificate.matches(key)) {
        clearErrors();
        return PkiError {PkiErrorKind::KeyMismatch,
            QStringLiteral("The private key in the file does not belong to the certificate %1")
                .arg(certificate.subject())};
    }
    return PushCertificate::FileContents {certificate, key};
}

PkiResult<PushCertificate::FileContents> parsePem(const QByteArray& pem, const QByteArray& password)
{
    PkiResult<QList<Certificate>> certificates = Certificate::listFromPem(pem);
    if (!certificates)
        return certificates.error();
    PrivateKey key;
    if (pem.contains("PRIVATE KEY-----")) {
        PkiResult<PrivateKey> parsed = PrivateKey::fromPem(pem, password);
        if (!parsed)
            return parsed.error();
        key = *parsed;
    }
    return withKey(pickPushCertificate(*certificates), key);
}

} // namespace

PkiResult<PushCertificate::Request> PushCertificate::generateRequest(const QString& organization)
{
    PkiResult<PrivateKey> key = PrivateKey::generateRsa(keyBits);
    if (!key)
        return key.error();
    DistinguishedName subject {{QStringLiteral("CN"), QStringLiteral("Quince Push")}};
    if (!organization.trimmed().isEmpty())
        subject.add(QStringLiteral("O"), organization.trimmed());
    PkiResult<CertificateRequest> csr = CertificateRequest::create(*key, subject);
    if (!csr)
        return csr.error();
    return Request {*key, *csr};
}

PkiResult<PushCertificate::FileContents> PushCertificate::parseFile(const QByteArray& bytes, const QByteArray& password)
{
    if (bytes.trimmed().isEmpty())
        return PkiError {PkiErrorKind::Malformed, QStringLiteral("The file is empty")};
    if (bytes.contains("-----BEGIN "))
        return parsePem(bytes, password);

    // Binary: a DER certificate (what Apple's portal downloads as .cer/.pem varies), else a
    // PKCS#12 exported from a Mac keychain (or another MDM server) together with the key.
    PkiResult<Certificate> der = Certificate::fromDer(bytes);
    if (der)
        return FileContents {*der, PrivateKey()};
    clearErrors();
    PkiResult<Pkcs12::Contents> p12 = Pkcs12::parse(bytes, QString::fromUtf8(password));
    if (!p12) {
        if (p12.error().kind == PkiErrorKind::Malformed)
            return PkiError {PkiErrorKind::Malformed,
                QStringLiteral("Neither a PEM or DER certificate nor a readable PKCS#12 file (%1)")
                    .arg(p12.error().message)};
        return p12.error();
    }
    return FileContents {p12->certificate, p12->key};
}

bool PushCertificate::isValidTopic(const QString& topic)
{
    if (!topic.startsWith(topicPrefix()))
        return false;
    const QString uuid = topic.mid(topicPrefix().size());
    // Exactly the 36-character textual form: QUuid alone would also take braces.
    return uuid.size() == 36 && !QUuid::fromString(uuid).isNull();
}

PkiResult<QString> PushCertificate::topicOf(const Certificate& certificate)
{
    const QString uid = certificate.subjectAttribute("UID");
    if (uid.isEmpty())
        return PkiError {PkiErrorKind::InvalidArgument,
            QStringLiteral("Not an MDM push certificate: the subject %1 has no UID (topic)")
                .arg(certificate.subject())};
    if (!isValidTopic(uid))
        return PkiError {PkiErrorKind::InvalidArgument,
            QStringLiteral("Not an MDM push certificate: the topic '%1' is not of the form %2<uuid>")
                .arg(uid, topicPrefix())};
    return uid;
}

PkiResult<PushCertificate> PushCertificate::create(const Certificate& certificate, const PrivateKey& key)
{
    if (certificate.isNull())
        return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("No push certificate")};
    PkiResult<QString> topic = topicOf(certificate);
    if (!topic)
        return topic.error();
    if (!key.isNull() && !certificate.matches(key)) {
        clearErrors();
        return PkiError {PkiErrorKind::KeyMismatch,
            QStringLiteral("The private key does not belong to the push certificate for %1").arg(*topic)};
    }
    PushCertificate result;
    result.m_certificate = certificate;
    result.m_key = key;
    result.m_topic = *topic;
    return result;
}

} // namespace quince::pki
