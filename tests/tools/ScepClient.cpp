// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScepClient.h"

#include "HttpsClient.h"

#include "core/pki/OpenSsl.h"
#include "tests/support/ScepAttributes.h"

#include <QCryptographicHash>
#include <QUrlQuery>

#include <openssl/rand.h>
#include <openssl/x509v3.h>

namespace quince::devsim {

using namespace pki::ossl;
using pki::Certificate;
using pki::PrivateKey;

namespace {

using EvpCipherPtr = std::unique_ptr<EVP_CIPHER, Deleter<EVP_CIPHER_free>>;

using namespace quince::test::scepattributes;

Pkcs7Ptr parsePkcs7(const QByteArray& der)
{
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    return Pkcs7Ptr(d2i_PKCS7(nullptr, &data, static_cast<long>(der.size())));
}

Error fail(const QString& message)
{
    return Error {QStringLiteral("SCEP: ") + message};
}

QByteArray makeCsr(const PrivateKey& key, const QList<QPair<QString, QString>>& subject, const QByteArray& challenge)
{
    X509ReqPtr request(X509_REQ_new());
    X509NamePtr name(X509_NAME_new());
    if (!request || !name || !X509_REQ_set_version(request.get(), 0))
        return {};
    for (const auto& [attribute, value] : subject) {
        const QByteArray field = attribute.toLatin1();
        const QByteArray text = value.toUtf8();
        if (!X509_NAME_add_entry_by_txt(name.get(), field.constData(), MBSTRING_UTF8,
                reinterpret_cast<const unsigned char*>(text.constData()), static_cast<int>(text.size()), -1, 0))
            return {};
    }
    if (!X509_REQ_set_subject_name(request.get(), name.get()) || !X509_REQ_set_pubkey(request.get(), key.native()))
        return {};
    if (!challenge.isEmpty()
        && !X509_REQ_add1_attr_by_NID(request.get(), NID_pkcs9_challengePassword, MBSTRING_UTF8,
            reinterpret_cast<const unsigned char*>(challenge.constData()), static_cast<int>(challenge.size())))
        return {};
    if (X509_REQ_sign(request.get(), key.native(), EVP_sha256()) <= 0)
        return {};
    return toDer(request.get(), i2d_X509_REQ);
}

bool addExtension(X509* cert, X509* issuer, int extensionNid, const char* value)
{
    X509V3_CTX context;
    X509V3_set_ctx_nodb(&context);
    X509V3_set_ctx(&context, issuer, cert, nullptr, nullptr, 0);
    X509ExtensionPtr extension(X509V3_EXT_conf_nid(nullptr, &context, extensionNid, value));
    return extension && X509_add_ext(cert, extension.get(), -1);
}

} // namespace

Certificate makeCertificate(const QString& commonName, const PrivateKey& subjectKey, const Certificate& issuer,
    const PrivateKey& issuerKey, bool isCa)
{
    X509Ptr cert(X509_new());
    X509NamePtr name(X509_NAME_new());
    const QByteArray cn = commonName.toUtf8();
    unsigned char serial[16];
    RAND_bytes(serial, sizeof serial);
    serial[0] &= 0x7f;
    BignumPtr serialNumber(BN_bin2bn(serial, sizeof serial, nullptr));
    if (!cert || !name || !serialNumber || !X509_set_version(cert.get(), 2)
        || !BN_to_ASN1_INTEGER(serialNumber.get(), X509_get_serialNumber(cert.get()))
        || !X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_UTF8,
            reinterpret_cast<const unsigned char*>(cn.constData()), static_cast<int>(cn.size()), -1, 0)
        || !X509_set_subject_name(cert.get(), name.get())
        || !X509_set_issuer_name(cert.get(), issuer.isNull() ? name.get() : X509_get_subject_name(issuer.native()))
        || !X509_gmtime_adj(X509_getm_notBefore(cert.get()), -3600)
        || !X509_gmtime_adj(X509_getm_notAfter(cert.get()), 365L * 24 * 3600)
        || !X509_set_pubkey(cert.get(), subjectKey.native()))
        return {};
    X509* issuerNative = issuer.isNull() ? cert.get() : issuer.native();
    const bool extended = isCa ? addExtension(cert.get(), issuerNative, NID_basic_constraints, "critical,CA:TRUE")
            && addExtension(cert.get(), issuerNative, NID_key_usage, "critical,keyCertSign,cRLSign")
                               : addExtension(cert.get(), issuerNative, NID_basic_constraints, "critical,CA:FALSE")
            && addExtension(cert.get(), issuerNative, NID_key_usage, "critical,digitalSignature,keyEncipherment")
            && addExtension(cert.get(), issuerNative, NID_ext_key_usage, "clientAuth");
    if (!extended || X509_sign(cert.get(), issuerKey.native(), EVP_sha256()) <= 0)
        return {};
    return Certificate::adopt(cert.release());
}

ScepClient::ScepClient(HttpsClient& http) : m_http(http)
{
}

Status ScepClient::fetchCaCertificates(const QUrl& scepUrl)
{
    QUrl url = scepUrl;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("operation"), QStringLiteral("GetCACert"));
    query.addQueryItem(QStringLiteral("message"), QStringLiteral("devsim"));
    url.setQuery(query);
    const HttpReply reply = m_http.request("GET", url);
    if (reply.status != 200)
        return fail(QStringLiteral("GetCACert answered %1 %2").arg(reply.status).arg(reply.error));

    m_caCertificates.clear();
    if (reply.contentType.startsWith("application/x-x509-ca-ra-cert")) {
        Pkcs7Ptr degenerate = parsePkcs7(reply.body);
        if (!degenerate || !PKCS7_type_is_signed(degenerate.get()) || !degenerate->d.sign->cert)
            return fail(QStringLiteral("GetCACert: not a degenerate PKCS#7"));
        for (int i = 0; i < sk_X509_num(degenerate->d.sign->cert); ++i)
            m_caCertificates.append(Certificate::share(sk_X509_value(degenerate->d.sign->cert, i)));
    } else {
        auto single = Certificate::fromDer(reply.body);
        if (!single)
            return fail(QStringLiteral("GetCACert: not a certificate"));
        m_caCertificates.append(*single);
    }
    // The RA is the certificate that is not a CA; without one, the CA receives the envelope.
    m_recipient = {};
    for (const Certificate& certificate : m_caCertificates)
        if (!certificate.isCa())
            m_recipient = certificate;
    if (m_recipient.isNull())
        m_recipient = m_caCertificates.first();
    return {};
}

Result<Certificate> ScepClient::enroll(const QUrl& scepUrl, const PrivateKey& key,
    const QList<QPair<QString, QString>>& subject, const QByteArray& challenge)
{
    if (m_recipient.isNull())
        if (Status fetched = fetchCaCertificates(scepUrl); !fetched)
            return fetched.error();

    // RFC 8894 §2.3: without a certificate yet, the client signs with a self-signed one.
    const Certificate transient = makeCertificate(QStringLiteral("devsim-transient"), key, {}, key);
    const QByteArray csr = makeCsr(key, subject, challenge);
    if (transient.isNull() || csr.isEmpty())
        return fail(QStringLiteral("cannot build the request: ") + takeErrors());

    EvpCipherPtr cipher(EVP_CIPHER_fetch(nullptr, "AES-128-CBC", nullptr));
    X509StackPtr recipients(sk_X509_new_null());
    if (!cipher || !recipients || !X509_up_ref(m_recipient.native()))
        return fail(QStringLiteral("no AES"));
    sk_X509_push(recipients.get(), m_recipient.native());
    BioPtr csrBio = memoryBio(csr);
    Pkcs7Ptr envelope(PKCS7_encrypt(recipients.get(), csrBio.get(), cipher.get(), PKCS7_BINARY));
    if (!envelope)
        return fail(QStringLiteral("cannot envelope the CSR: ") + takeErrors());
    const QByteArray envelopeDer = toDer(envelope.get(), i2d_PKCS7);

    QByteArray senderNonce(16, '\0');
    RAND_bytes(reinterpret_cast<unsigned char*>(senderNonce.data()), 16);
    const QByteArray transactionId = QCryptographicHash::hash(key.publicKeyDer(), QCryptographicHash::Sha256).toHex();
    Pkcs7Ptr message(PKCS7_sign(nullptr, nullptr, nullptr, nullptr, PKCS7_PARTIAL | PKCS7_BINARY));
    if (!message)
        return fail(QStringLiteral("cannot sign"));
    PKCS7_SIGNER_INFO* info
        = PKCS7_sign_add_signer(message.get(), transient.native(), key.native(), EVP_sha256(), PKCS7_NOSMIMECAP);
    if (!info || !addAttribute(info, messageTypeNid(), V_ASN1_PRINTABLESTRING, "19")
        || !addAttribute(info, transactionIdNid(), V_ASN1_PRINTABLESTRING, transactionId)
        || !addAttribute(info, senderNonceNid(), V_ASN1_OCTET_STRING, senderNonce))
        return fail(QStringLiteral("cannot sign: ") + takeErrors());
    BioPtr content = memoryBio(envelopeDer);
    if (PKCS7_final(message.get(), content.get(), PKCS7_BINARY) != 1)
        return fail(QStringLiteral("cannot sign: ") + takeErrors());

    QUrl url = scepUrl;
    QUrlQuery query;
    query.addQueryItem(QStringLiteral("operation"), QStringLiteral("PKIOperation"));
    url.setQuery(query);
    const HttpReply reply = m_http.request("POST", url, toDer(message.get(), i2d_PKCS7), "application/x-pki-message");
    if (reply.status != 200)
        return fail(QStringLiteral("PKIOperation answered %1 %2").arg(reply.status).arg(reply.error));

    Pkcs7Ptr certRep = parsePkcs7(reply.body);
    if (!certRep || !PKCS7_type_is_signed(certRep.get()))
        return fail(QStringLiteral("the CertRep is not a SignedData"));
    STACK_OF(PKCS7_SIGNER_INFO)* infos = PKCS7_get_signer_info(certRep.get());
    if (!infos || sk_PKCS7_SIGNER_INFO_num(infos) != 1)
        return fail(QStringLiteral("the CertRep has not exactly one signer"));
    PKCS7_SIGNER_INFO* repInfo = sk_PKCS7_SIGNER_INFO_value(infos, 0);
    // Verified against the certificate GetCACert named, not against what the reply carries.
    X509StackPtr signers(sk_X509_new_null());
    X509_up_ref(m_recipient.native());
    sk_X509_push(signers.get(), m_recipient.native());
    // A FAILURE CertRep carries no content: verified as detached over nothing.
    BioPtr empty = memoryBio(QByteArray());
    const bool detached = PKCS7_get_detached(certRep.get());
    BioPtr signedContent = memoryBio();
    if (PKCS7_verify(certRep.get(), signers.get(), nullptr, detached ? empty.get() : nullptr, signedContent.get(),
            PKCS7_NOVERIFY | PKCS7_NOINTERN | PKCS7_BINARY)
        != 1) {
        clearErrors();
        return fail(QStringLiteral("the CertRep signature does not verify"));
    }
    const int pkiStatus = attributeNumber(repInfo, pkiStatusNid());
    if (pkiStatus != 0)
        return fail(QStringLiteral("the CA refused the request (pkiStatus %1, failInfo %2)")
                        .arg(pkiStatus)
                        .arg(attributeNumber(repInfo, failInfoNid())));

    Pkcs7Ptr issuedEnvelope = parsePkcs7(contents(signedContent.get()));
    if (!issuedEnvelope || !PKCS7_type_is_enveloped(issuedEnvelope.get()))
        return fail(QStringLiteral("SUCCESS without an EnvelopedData"));
    BioPtr decrypted = memoryBio();
    if (PKCS7_decrypt(issuedEnvelope.get(), key.native(), transient.native(), decrypted.get(), PKCS7_BINARY) != 1)
        return fail(QStringLiteral("cannot decrypt the CertRep envelope: ") + takeErrors());
    Pkcs7Ptr degenerate = parsePkcs7(contents(decrypted.get()));
    if (!degenerate || !PKCS7_type_is_signed(degenerate.get()) || !degenerate->d.sign->cert
        || sk_X509_num(degenerate->d.sign->cert) < 1)
        return fail(QStringLiteral("the CertRep envelope holds no certificate"));
    for (int i = 0; i < sk_X509_num(degenerate->d.sign->cert); ++i) {
        Certificate issued = Certificate::share(sk_X509_value(degenerate->d.sign->cert, i));
        if (issued.matches(key))
            return issued;
    }
    return fail(QStringLiteral("no certificate in the CertRep is for this key"));
}

} // namespace quince::devsim
