// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/GeneralNames.h"

#include <QHostAddress>
#include <QtEndian>

namespace quince::pki::ossl {

QStringList dnsNamesOf(const GENERAL_NAMES* names)
{
    QStringList result;
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
        if (name->type == GEN_DNS)
            result.append(QString::fromLatin1(reinterpret_cast<const char*>(ASN1_STRING_get0_data(name->d.dNSName)),
                ASN1_STRING_length(name->d.dNSName)));
    }
    return result;
}

QStringList ipAddressesOf(const GENERAL_NAMES* names)
{
    QStringList result;
    for (int i = 0; names && i < sk_GENERAL_NAME_num(names); ++i) {
        const GENERAL_NAME* name = sk_GENERAL_NAME_value(names, i);
        if (name->type != GEN_IPADD)
            continue;
        const unsigned char* bytes = ASN1_STRING_get0_data(name->d.iPAddress);
        const int length = ASN1_STRING_length(name->d.iPAddress);
        QHostAddress address;
        if (length == 4)
            address.setAddress(qFromBigEndian<quint32>(bytes));
        else if (length == 16)
            address.setAddress(bytes);
        else
            continue;
        result.append(address.toString());
    }
    return result;
}

namespace {

bool appendName(GENERAL_NAMES* names, int type, const QByteArray& bytes)
{
    ASN1_STRING* value = type == GEN_DNS ? ASN1_IA5STRING_new() : ASN1_OCTET_STRING_new();
    if (!value)
        return false;
    if (!ASN1_STRING_set(value, bytes.constData(), static_cast<int>(bytes.size()))) {
        ASN1_STRING_free(value);
        return false;
    }
    GENERAL_NAME* name = GENERAL_NAME_new();
    if (!name) {
        ASN1_STRING_free(value);
        return false;
    }
    GENERAL_NAME_set0_value(name, type, value);
    if (!sk_GENERAL_NAME_push(names, name)) {
        GENERAL_NAME_free(name);
        return false;
    }
    return true;
}

} // namespace

PkiResult<GeneralNamesPtr> makeGeneralNames(const QStringList& dnsNames, const QStringList& ipAddresses)
{
    GeneralNamesPtr names(GENERAL_NAMES_new());
    if (!names)
        return error(PkiErrorKind::Internal, QStringLiteral("Cannot allocate subject alternative names"));
    for (const QString& dnsName : dnsNames) {
        if (!isValidDnsName(dnsName))
            return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("Not a valid DNS name: %1").arg(dnsName)};
        if (!appendName(names.get(), GEN_DNS, dnsName.toLatin1()))
            return error(PkiErrorKind::Internal, QStringLiteral("Cannot encode a DNS name"));
    }
    for (const QString& text : ipAddresses) {
        QHostAddress address;
        if (!address.setAddress(text) || !address.scopeId().isEmpty())
            return PkiError {PkiErrorKind::InvalidArgument, QStringLiteral("Not an IP address: %1").arg(text)};
        QByteArray bytes;
        bool isV4 = false;
        const quint32 v4 = address.toIPv4Address(&isV4);
        if (isV4 && address.protocol() == QAbstractSocket::IPv4Protocol) {
            bytes.resize(4);
            qToBigEndian(v4, bytes.data());
        } else {
            const Q_IPV6ADDR v6 = address.toIPv6Address();
            bytes = QByteArray(reinterpret_cast<const char*>(v6.c), 16);
        }
        if (!appendName(names.get(), GEN_IPADD, bytes))
            return error(PkiErrorKind::Internal, QStringLiteral("Cannot encode an IP address"));
    }
    return names;
}

bool isValidDnsName(const QString& text)
{
    if (text.isEmpty() || text.size() > 253)
        return false;
    QString rest = text;
    if (rest.startsWith(QLatin1String("*.")))
        rest = rest.mid(2);
    const QStringList labels = rest.split(u'.');
    for (const QString& label : labels) {
        if (label.isEmpty() || label.size() > 63 || label.startsWith(u'-') || label.endsWith(u'-'))
            return false;
        for (const QChar c : label) {
            const char16_t u = c.unicode();
            const bool ok
                = (u >= u'a' && u <= u'z') || (u >= u'A' && u <= u'Z') || (u >= u'0' && u <= u'9') || u == u'-';
            if (!ok)
                return false;
        }
    }
    return true;
}

} // namespace quince::pki::ossl
