// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The SCEP signed attributes as the test-side SCEP clients (tests/scep, the device simulator)
// know them: on purpose independent of core/scep, so a mistake there is not mirrored here.

#include <QByteArray>

#include <openssl/asn1.h>
#include <openssl/err.h>
#include <openssl/objects.h>
#include <openssl/pkcs7.h>

#include <memory>

namespace quince::test::scepattributes {

/// Whoever registers an OID first in the process owns its NID; the others find it by the
/// dotted form. Two threads may race to create it (the simulator enrolls many devices at once,
/// and core/scep registers the same OIDs): the loser's OBJ_create fails with "oid exists", and
/// a second look finds the winner's NID.
inline int nid(const char* oid, const char* name)
{
    int result = OBJ_txt2nid(oid);
    if (result == NID_undef)
        result = OBJ_create(oid, name, name);
    if (result == NID_undef)
        result = OBJ_txt2nid(oid);
    ERR_clear_error();
    return result;
}

/// The NIDs, registered once per process (a thread-safe static).
struct Nids {
    int messageType = nid("2.16.840.1.113733.1.9.2", "client-messageType");
    int pkiStatus = nid("2.16.840.1.113733.1.9.3", "client-pkiStatus");
    int failInfo = nid("2.16.840.1.113733.1.9.4", "client-failInfo");
    int senderNonce = nid("2.16.840.1.113733.1.9.5", "client-senderNonce");
    int recipientNonce = nid("2.16.840.1.113733.1.9.6", "client-recipientNonce");
    int transactionId = nid("2.16.840.1.113733.1.9.7", "client-transactionID");
};
inline const Nids& nids()
{
    static const Nids registered;
    return registered;
}
inline int messageTypeNid()
{
    return nids().messageType;
}
inline int pkiStatusNid()
{
    return nids().pkiStatus;
}
inline int failInfoNid()
{
    return nids().failInfo;
}
inline int senderNonceNid()
{
    return nids().senderNonce;
}
inline int recipientNonceNid()
{
    return nids().recipientNonce;
}
inline int transactionIdNid()
{
    return nids().transactionId;
}

inline bool addAttribute(PKCS7_SIGNER_INFO* info, int attributeNid, int type, const QByteArray& bytes)
{
    std::unique_ptr<ASN1_STRING, decltype(&ASN1_STRING_free)> value(ASN1_STRING_type_new(type), &ASN1_STRING_free);
    if (!value || !ASN1_STRING_set(value.get(), bytes.constData(), static_cast<int>(bytes.size())))
        return false;
    if (!PKCS7_add_signed_attribute(info, attributeNid, type, value.get()))
        return false;
    (void)value.release();
    return true;
}

inline QByteArray attributeBytes(PKCS7_SIGNER_INFO* info, int attributeNid)
{
    const ASN1_TYPE* value = PKCS7_get_signed_attribute(info, attributeNid);
    if (!value || !value->value.asn1_string)
        return {};
    return QByteArray(reinterpret_cast<const char*>(ASN1_STRING_get0_data(value->value.asn1_string)),
        ASN1_STRING_length(value->value.asn1_string));
}

/// The attribute as a decimal number (messageType, pkiStatus, failInfo), or -1.
inline int attributeNumber(PKCS7_SIGNER_INFO* info, int attributeNid)
{
    bool ok = false;
    const int number = attributeBytes(info, attributeNid).toInt(&ok);
    return ok ? number : -1;
}

} // namespace quince::test::scepattributes
