// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScepTestClient.h"

#include "ScepTestSupport.h"

#include "core/pki/OpenSsl.h"
#include "tests/support/ScepAttributes.h"

#include <QCryptographicHash>

#include <openssl/rand.h>

namespace quince::scep::test {

using namespace pki::ossl;
using pki::Certificate;
using pki::PrivateKey;

namespace {

using EvpCipherPtr = std::unique_ptr<EVP_CIPHER, Deleter<EVP_CIPHER_free>>;
using EvpMdPtr = std::unique_ptr<EVP_MD, Deleter<EVP_MD_free>>;

using namespace quince::test::scepattributes;

Pkcs7Ptr parsePkcs7(const QByteArray& der)
{
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    return Pkcs7Ptr(d2i_PKCS7(nullptr, &data, static_cast<long>(der.size())));
}

void flipMiddleByte(ASN1_STRING* string)
{
    if (string && string->length > 0)
        string->data[string->length / 2] ^= 0x01;
}

} // namespace

QByteArray cipherOid(const QByteArray& cipherName)
{
    const int cipherNid = OBJ_sn2nid(cipherName.constData());
    const ASN1_OBJECT* object = OBJ_nid2obj(cipherNid);
    char buffer[128];
    if (!object || OBJ_obj2txt(buffer, sizeof buffer, object, 1) <= 0)
        return {};
    return QByteArray(buffer);
}

ScepTestClient ScepTestClient::withTransientIdentity(int bits)
{
    PrivateKey key = PrivateKey::generateRsa(bits).value();
    // RFC 8894 §2.3: without a certificate yet, the client signs with a self-signed one.
    Certificate certificate = makeCertificate(
        CertificateSpec {QStringLiteral("scep-transient"), false, {}, {}, -3600, 7 * 24 * 3600}, key, {}, key);
    return ScepTestClient(key, certificate);
}

ScepTestClient::ScepTestClient(PrivateKey key, Certificate certificate)
    : m_key(std::move(key)), m_certificate(std::move(certificate))
{
}

QByteArray ScepTestClient::makeCsr(const PrivateKey& key, const RequestSpec& spec)
{
    X509ReqPtr request(X509_REQ_new());
    X509NamePtr name(X509_NAME_new());
    const QByteArray cn = spec.subjectCommonName.toUtf8();
    if (!request || !name || !X509_REQ_set_version(request.get(), 0)
        || !X509_NAME_add_entry_by_txt(name.get(), "CN", MBSTRING_UTF8,
            reinterpret_cast<const unsigned char*>(cn.constData()), static_cast<int>(cn.size()), -1, 0)
        || !X509_REQ_set_subject_name(request.get(), name.get()) || !X509_REQ_set_pubkey(request.get(), key.native()))
        return {};
    if (!spec.challenge.isEmpty()
        && !X509_REQ_add1_attr_by_NID(request.get(), NID_pkcs9_challengePassword, MBSTRING_UTF8,
            reinterpret_cast<const unsigned char*>(spec.challenge.constData()),
            static_cast<int>(spec.challenge.size())))
        return {};
    if (X509_REQ_sign(request.get(), key.native(), EVP_sha256()) <= 0)
        return {};
    return toDer(request.get(), i2d_X509_REQ);
}

QByteArray ScepTestClient::buildRequest(const RequestSpec& spec, const Certificate& recipient) const
{
    ensureProviders(); // single DES and RC2 are in the legacy provider

    QByteArray inner = spec.envelopeContentOverride;
    if (inner.isEmpty()) {
        inner = makeCsr(spec.csrKey.isNull() ? m_key : spec.csrKey, spec);
        if (inner.isEmpty())
            return {};
        // The signature BIT STRING ends the CSR: flipping its last byte keeps the DER valid.
        if (spec.tamper == RequestSpec::Tamper::CsrSignature)
            inner[inner.size() - 1] = static_cast<char>(inner.at(inner.size() - 1) ^ 0x01);
    }

    // pkcsPKIEnvelope: the CSR encrypted to the SCEP recipient.
    EvpCipherPtr cipher(EVP_CIPHER_fetch(nullptr, spec.cipher.constData(), nullptr));
    X509StackPtr recipients(sk_X509_new_null());
    if (!cipher || !recipients || !X509_up_ref(recipient.native()))
        return {};
    sk_X509_push(recipients.get(), recipient.native());
    BioPtr innerBio = memoryBio(inner);
    Pkcs7Ptr envelope(PKCS7_encrypt(recipients.get(), innerBio.get(), cipher.get(), PKCS7_BINARY));
    if (!envelope)
        return {};
    if (!spec.overrideCipherOid.isEmpty()) {
        X509_ALGOR* algorithm = envelope->d.enveloped->enc_data->algorithm;
        ASN1_OBJECT_free(algorithm->algorithm);
        algorithm->algorithm = OBJ_txt2obj(spec.overrideCipherOid.constData(), 1);
    }
    const QByteArray envelopeDer = toDer(envelope.get(), i2d_PKCS7);

    // The signed pkiMessage.
    m_lastSenderNonce = spec.senderNonce;
    if (m_lastSenderNonce.isEmpty()) {
        m_lastSenderNonce.resize(16);
        RAND_bytes(reinterpret_cast<unsigned char*>(m_lastSenderNonce.data()), 16);
    }
    m_lastTransactionId = spec.transactionId;
    if (m_lastTransactionId.isEmpty())
        m_lastTransactionId
            = QCryptographicHash::hash(m_certificate.publicKeyDer(), QCryptographicHash::Sha256).toHex();

    EvpMdPtr digest(EVP_MD_fetch(nullptr, spec.digest.constData(), nullptr));
    Pkcs7Ptr message(PKCS7_sign(nullptr, nullptr, nullptr, nullptr, PKCS7_PARTIAL | PKCS7_BINARY));
    if (!digest || !message)
        return {};
    PKCS7_SIGNER_INFO* info
        = PKCS7_sign_add_signer(message.get(), m_certificate.native(), m_key.native(), digest.get(), PKCS7_NOSMIMECAP);
    if (!info)
        return {};
    if (spec.messageType >= 0
        && !addAttribute(info, messageTypeNid(), V_ASN1_PRINTABLESTRING, QByteArray::number(spec.messageType)))
        return {};
    if (!addAttribute(info, transactionIdNid(), V_ASN1_PRINTABLESTRING, m_lastTransactionId)
        || !addAttribute(info, senderNonceNid(), V_ASN1_OCTET_STRING, m_lastSenderNonce))
        return {};
    if (spec.signingTime) {
        ASN1_TIME* time = ASN1_TIME_set(nullptr, static_cast<time_t>(spec.signingTime->toSecsSinceEpoch()));
        if (!time || !PKCS7_add0_attrib_signing_time(info, time))
            return {};
    }
    BioPtr content = memoryBio(envelopeDer);
    if (PKCS7_final(message.get(), content.get(), PKCS7_BINARY) != 1)
        return {};

    if (spec.tamper == RequestSpec::Tamper::Signature)
        flipMiddleByte(info->enc_digest);
    else if (spec.tamper == RequestSpec::Tamper::SignedContent)
        flipMiddleByte(message->d.sign->contents->d.data);
    return toDer(message.get(), i2d_PKCS7);
}

Reply ScepTestClient::readReply(const QByteArray& der, const Certificate& expectedSigner) const
{
    ensureProviders();
    Reply reply;
    Pkcs7Ptr message = parsePkcs7(der);
    if (!message || !PKCS7_type_is_signed(message.get())) {
        reply.error = QStringLiteral("not a SignedData");
        return reply;
    }
    STACK_OF(PKCS7_SIGNER_INFO)* infos = PKCS7_get_signer_info(message.get());
    if (!infos || sk_PKCS7_SIGNER_INFO_num(infos) != 1) {
        reply.error = QStringLiteral("not exactly one signer");
        return reply;
    }
    PKCS7_SIGNER_INFO* info = sk_PKCS7_SIGNER_INFO_value(infos, 0);
    reply.parsed = true;
    reply.messageType = attributeNumber(info, messageTypeNid());
    reply.pkiStatus = attributeNumber(info, pkiStatusNid());
    reply.failInfo = attributeNumber(info, failInfoNid());
    reply.transactionId = attributeBytes(info, transactionIdNid());
    reply.recipientNonce = attributeBytes(info, recipientNonceNid());
    reply.senderNonce = attributeBytes(info, senderNonceNid());

    // Verify against the expected signer only (NOINTERN: not whatever certificate is inside).
    X509StackPtr signers(sk_X509_new_null());
    X509_up_ref(expectedSigner.native());
    sk_X509_push(signers.get(), expectedSigner.native());
    const bool detached = PKCS7_get_detached(message.get());
    BioPtr empty = memoryBio(QByteArray());
    BioPtr out = memoryBio();
    reply.signatureValid = PKCS7_verify(message.get(), signers.get(), nullptr, detached ? empty.get() : nullptr,
                               out.get(), PKCS7_NOVERIFY | PKCS7_NOINTERN | PKCS7_BINARY)
        == 1;
    clearErrors();
    if (!reply.signatureValid) {
        reply.error = QStringLiteral("CertRep signature does not verify");
        return reply;
    }
    if (reply.pkiStatus != 0)
        return reply;

    reply.envelope = contents(out.get());
    Pkcs7Ptr envelope = parsePkcs7(reply.envelope);
    if (!envelope || !PKCS7_type_is_enveloped(envelope.get())) {
        reply.error = QStringLiteral("SUCCESS without an EnvelopedData");
        return reply;
    }
    char oid[128];
    if (OBJ_obj2txt(oid, sizeof oid, envelope->d.enveloped->enc_data->algorithm->algorithm, 1) > 0)
        reply.envelopeCipherOid = QByteArray(oid);
    BioPtr decrypted = memoryBio();
    if (PKCS7_decrypt(envelope.get(), m_key.native(), m_certificate.native(), decrypted.get(), PKCS7_BINARY) != 1) {
        reply.error = QStringLiteral("cannot decrypt the envelope: ") + takeErrors();
        return reply;
    }
    Pkcs7Ptr degenerate = parsePkcs7(contents(decrypted.get()));
    if (!degenerate || !PKCS7_type_is_signed(degenerate.get()) || !degenerate->d.sign->cert
        || sk_X509_num(degenerate->d.sign->cert) != 1) {
        reply.error = QStringLiteral("the envelope does not hold one certificate");
        return reply;
    }
    reply.issued = Certificate::share(sk_X509_value(degenerate->d.sign->cert, 0));
    return reply;
}

} // namespace quince::scep::test
