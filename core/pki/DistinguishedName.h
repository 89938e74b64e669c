// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/PkiError.h"

#include <QList>
#include <QString>

#include <openssl/types.h>

#include <initializer_list>

namespace quince::pki {

/// An X.509 distinguished name as an ordered list of (attribute, value) pairs, most significant
/// first as written in a certificate ("C", "O", "OU", "CN"). Attributes use OpenSSL's short
/// names ("CN", "O", "OU", "C", "L", "ST", "UID", "serialNumber", "emailAddress").
class DistinguishedName {
public:
    struct Entry {
        QString field;
        QString value;
        bool operator==(const Entry& other) const = default;
    };

    DistinguishedName() = default;
    DistinguishedName(std::initializer_list<Entry> entries) : m_entries(entries) { }

    /// Appends one attribute.
    DistinguishedName& add(const QString& field, const QString& value);

    const QList<Entry>& entries() const { return m_entries; }
    bool isEmpty() const { return m_entries.isEmpty(); }
    /// The first value of field, or "".
    QString value(const QString& field) const;

    /// RFC 2253 form, as Certificate::subject() prints it.
    QString toString() const;

    bool operator==(const DistinguishedName& other) const = default;

    /// Reads an OpenSSL name (core/pki internals).
    static DistinguishedName fromNative(const X509_NAME* name);
    /// A new OpenSSL name the caller owns (core/pki internals). InvalidArgument for an unknown
    /// attribute or a value OpenSSL refuses (e.g. a country that is not two letters).
    PkiResult<X509_NAME*> toNative() const;

private:
    QList<Entry> m_entries;
};

} // namespace quince::pki
