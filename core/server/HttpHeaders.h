// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <utility>

namespace quince::server {

/// Header fields in arrival order. Names compare case-insensitively (RFC 9110 section 5.1); a
/// name may occur several times, and values() returns each occurrence.
class HttpHeaders {
public:
    using Entry = std::pair<QByteArray, QByteArray>;

    /// Adds a field, keeping any earlier ones of the same name.
    void append(QByteArray name, QByteArray value);
    /// Replaces every field of that name with one.
    void set(QByteArray name, QByteArray value);
    /// Removes every field of that name.
    void remove(QByteArrayView name);

    bool contains(QByteArrayView name) const;
    /// How many fields carry that name.
    qsizetype count(QByteArrayView name) const;
    /// The first field of that name, or fallback.
    QByteArray value(QByteArrayView name, const QByteArray& fallback = {}) const;
    /// Every field of that name, in arrival order.
    QList<QByteArray> values(QByteArrayView name) const;

    const QList<Entry>& entries() const { return m_entries; }
    qsizetype size() const { return m_entries.size(); }
    bool isEmpty() const { return m_entries.isEmpty(); }

    /// Case-insensitive comparison of header names (ASCII).
    static bool sameName(QByteArrayView a, QByteArrayView b);

private:
    QList<Entry> m_entries;
};

} // namespace quince::server
