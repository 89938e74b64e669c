// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/DistinguishedName.h"

#include "core/pki/OpenSsl.h"

namespace quince::pki {

using namespace ossl;

DistinguishedName& DistinguishedName::add(const QString& field, const QString& value)
{
    m_entries.append(Entry {field, value});
    return *this;
}

QString DistinguishedName::value(const QString& field) const
{
    for (const Entry& entry : m_entries) {
        if (entry.field == field)
            return entry.value;
    }
    return {};
}

QString DistinguishedName::toString() const
{
    auto native = toNative();
    if (!native)
        return {};
    X509NamePtr name(native.value());
    BioPtr bio = memoryBio();
    if (X509_NAME_print_ex(bio.get(), name.get(), 0, XN_FLAG_RFC2253 & ~ASN1_STRFLGS_ESC_MSB) < 0)
        return {};
    return QString::fromUtf8(contents(bio.get()));
}

DistinguishedName DistinguishedName::fromNative(const X509_NAME* name)
{
    DistinguishedName result;
    if (!name)
        return result;
    for (int i = 0; i < X509_NAME_entry_count(name); ++i) {
        const X509_NAME_ENTRY* entry = X509_NAME_get_entry(name, i);
        const int nid = OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry));
        QString field;
        if (nid != NID_undef) {
            field = QString::fromLatin1(OBJ_nid2sn(nid));
        } else {
            char oid[128] = {};
            OBJ_obj2txt(oid, sizeof oid, X509_NAME_ENTRY_get_object(entry), 1);
            field = QString::fromLatin1(oid);
        }
        unsigned char* utf8 = nullptr;
        const int length = ASN1_STRING_to_UTF8(&utf8, X509_NAME_ENTRY_get_data(entry));
        if (length < 0) {
            clearErrors();
            continue;
        }
        result.add(field, QString::fromUtf8(reinterpret_cast<const char*>(utf8), length));
        OPENSSL_free(utf8);
    }
    return result;
}

PkiResult<X509_NAME*> DistinguishedName::toNative() const
{
    clearErrors();
    X509NamePtr name(X509_NAME_new());
    if (!name)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot allocate a name"));
    for (const Entry& entry : m_entries) {
        const QByteArray field = entry.field.toLatin1();
        const int nid = OBJ_txt2nid(field.constData());
        if (nid == NID_undef)
            return PkiError {
                PkiErrorKind::InvalidArgument, QStringLiteral("Unknown name attribute %1").arg(entry.field)};
        const QByteArray value = entry.value.toUtf8();
        if (value.isEmpty())
            return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("Empty value for %1").arg(entry.field)};
        if (!X509_NAME_add_entry_by_NID(name.get(), nid, MBSTRING_UTF8,
                reinterpret_cast<const unsigned char*>(value.constData()), static_cast<int>(value.size()), -1, 0))
            return error(PkiErrorKind::InvalidArgument, QStringLiteral("Invalid value for %1").arg(entry.field));
    }
    return name.release();
}

} // namespace quince::pki
