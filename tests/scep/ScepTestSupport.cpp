// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScepTestSupport.h"

#include "core/pki/OpenSsl.h"

#include <QFile>
#include <QMutexLocker>
#include <QProcess>
#include <QStandardPaths>

#include <openssl/rand.h>

namespace quince::scep::test {

using namespace pki::ossl;
using pki::Certificate;
using pki::PkiError;
using pki::PkiErrorKind;
using pki::PrivateKey;

namespace {

bool addExtension(X509* cert, X509* issuer, int nid, const QString& value)
{
    if (value.isEmpty())
        return true;
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, nid, value.toLatin1().constData()));
    return extension && X509_add_ext(cert, extension.get(), -1);
}

bool setRandomSerial(X509* cert)
{
    unsigned char bytes[16];
    if (RAND_bytes(bytes, sizeof bytes) != 1)
        return false;
    bytes[0] &= 0x7f; // positive
    BignumPtr number(BN_bin2bn(bytes, sizeof bytes, nullptr));
    Asn1IntegerPtr serial(number ? BN_to_ASN1_INTEGER(number.get(), nullptr) : nullptr);
    return serial && X509_set_serialNumber(cert, serial.get());
}

Certificate buildCertificate(const X509_NAME* subject, EVP_PKEY* publicKey, const CertificateSpec& spec,
    const Certificate& issuer, const PrivateKey& issuerKey)
{
    X509Ptr cert(X509_new());
    if (!cert || !X509_set_version(cert.get(), 2) || !setRandomSerial(cert.get())
        || !X509_set_subject_name(cert.get(), subject)
        || !X509_set_issuer_name(cert.get(), issuer.isNull() ? subject : X509_get_subject_name(issuer.native()))
        || !X509_set_pubkey(cert.get(), publicKey)
        || !X509_gmtime_adj(X509_getm_notBefore(cert.get()), static_cast<long>(spec.notBeforeOffsetSeconds))
        || !X509_gmtime_adj(X509_getm_notAfter(cert.get()), static_cast<long>(spec.notAfterOffsetSeconds)))
        return {};
    X509* issuerNative = issuer.isNull() ? cert.get() : issuer.native();
    if (!addExtension(cert.get(), issuerNative, NID_basic_constraints,
            spec.isCa ? QStringLiteral("critical,CA:TRUE") : QStringLiteral("critical,CA:FALSE"))
        || !addExtension(cert.get(), issuerNative, NID_subject_key_identifier, QStringLiteral("hash"))
        || !addExtension(cert.get(), issuerNative, NID_authority_key_identifier, QStringLiteral("keyid:always"))
        || !addExtension(cert.get(), issuerNative, NID_key_usage, spec.keyUsage)
        || !addExtension(cert.get(), issuerNative, NID_ext_key_usage, spec.extendedKeyUsage))
        return {};
    if (!X509_sign(cert.get(), issuerKey.native(), EVP_sha256()))
        return {};
    return Certificate::adopt(cert.release());
}

} // namespace

Certificate makeCertificate(
    const CertificateSpec& spec, const PrivateKey& subjectKey, const Certificate& issuer, const PrivateKey& issuerKey)
{
    X509NamePtr name(X509_NAME_new());
    const QByteArray cn = spec.commonName.toUtf8();
    if (!name
        || !X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_UTF8,
            reinterpret_cast<const unsigned char*>(cn.constData()), static_cast<int>(cn.size()), -1, 0))
        return {};
    return buildCertificate(name.get(), subjectKey.native(), spec, issuer, issuerKey);
}

TestPki TestPki::create()
{
    TestPki pki;
    pki.caKey = PrivateKey::generateRsa(2048).value();
    CertificateSpec ca {QStringLiteral("Quince Test SCEP CA"), true, QStringLiteral("critical,keyCertSign,cRLSign")};
    pki.caCert = makeCertificate(ca, pki.caKey, {}, pki.caKey);
    pki.raKey = PrivateKey::generateRsa(2048).value();
    CertificateSpec ra {
        QStringLiteral("Quince Test SCEP RA"), false, QStringLiteral("critical,digitalSignature,keyEncipherment")};
    pki.raCert = makeCertificate(ra, pki.raKey, pki.caCert, pki.caKey);
    return pki;
}

TestIssuer::TestIssuer(Certificate caCert, PrivateKey caKey) : m_caCert(std::move(caCert)), m_caKey(std::move(caKey))
{
}

pki::PkiResult<Certificate> TestIssuer::issue(const pki::CertificateRequest& csr, const IssueContext& context)
{
    QMutexLocker locker(&m_mutex);
    if (m_failNext) {
        const PkiErrorKind kind = *m_failNext;
        m_failNext.reset();
        return PkiError {kind, QStringLiteral("test issuer told to fail")};
    }
    // Re-parsed from DER on purpose: the test CA uses only OpenSSL, not the engine's types.
    const QByteArray csrDer = csr.toDer();
    const auto* data = reinterpret_cast<const unsigned char*>(csrDer.constData());
    X509ReqPtr request(d2i_X509_REQ(nullptr, &data, static_cast<long>(csrDer.size())));
    if (!request)
        return error(PkiErrorKind::Malformed, QStringLiteral("test issuer: not a CSR"));
    CertificateSpec spec {QString(), false, QStringLiteral("critical,digitalSignature,keyEncipherment"),
        QStringLiteral("clientAuth"), m_notBeforeOffset, m_notAfterOffset};
    Certificate cert = buildCertificate(
        X509_REQ_get_subject_name(request.get()), X509_REQ_get0_pubkey(request.get()), spec, m_caCert, m_caKey);
    if (cert.isNull())
        return error(PkiErrorKind::Internal, QStringLiteral("test issuer: cannot build the certificate"));
    m_issued.append(cert);
    m_contexts.append(context);
    return cert;
}

bool TestIssuer::acceptsRenewalOf(const Certificate& existing)
{
    QMutexLocker locker(&m_mutex);
    return !m_refused.contains(existing.sha256Hex());
}

void TestIssuer::setValidity(qint64 notBeforeOffsetSeconds, qint64 notAfterOffsetSeconds)
{
    QMutexLocker locker(&m_mutex);
    m_notBeforeOffset = notBeforeOffsetSeconds;
    m_notAfterOffset = notAfterOffsetSeconds;
}

void TestIssuer::refuseRenewalOf(const Certificate& certificate)
{
    QMutexLocker locker(&m_mutex);
    m_refused.insert(certificate.sha256Hex());
}

void TestIssuer::failNextWith(PkiErrorKind kind)
{
    QMutexLocker locker(&m_mutex);
    m_failNext = kind;
}

QList<Certificate> TestIssuer::issued() const
{
    QMutexLocker locker(&m_mutex);
    return m_issued;
}

QList<IssueContext> TestIssuer::contexts() const
{
    QMutexLocker locker(&m_mutex);
    return m_contexts;
}

bool hasOpenssl()
{
    return !QStandardPaths::findExecutable(QStringLiteral("openssl")).isEmpty();
}

ProcessResult runOpenssl(const QStringList& arguments, const QByteArray& input)
{
    QProcess process;
    process.setProcessChannelMode(QProcess::MergedChannels);
    process.start(QStringLiteral("openssl"), arguments);
    if (!process.waitForStarted(10000))
        return {};
    if (!input.isEmpty())
        process.write(input);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000))
        return {};
    return ProcessResult {process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1, process.readAll()};
}

bool writeFile(const QString& path, const QByteArray& bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

} // namespace quince::scep::test
