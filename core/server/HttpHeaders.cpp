// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/HttpHeaders.h"

#include <QByteArrayAlgorithms>

namespace quince::server {

bool HttpHeaders::sameName(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && qstrnicmp(a.data(), a.size(), b.data(), b.size()) == 0;
}

void HttpHeaders::append(QByteArray name, QByteArray value)
{
    m_entries.append({std::move(name), std::move(value)});
}

void HttpHeaders::set(QByteArray name, QByteArray value)
{
    remove(name);
    append(std::move(name), std::move(value));
}

void HttpHeaders::remove(QByteArrayView name)
{
    m_entries.removeIf([name](const Entry& entry) { return sameName(entry.first, name); });
}

bool HttpHeaders::contains(QByteArrayView name) const
{
    return count(name) > 0;
}

qsizetype HttpHeaders::count(QByteArrayView name) const
{
    qsizetype n = 0;
    for (const Entry& entry : m_entries) {
        if (sameName(entry.first, name))
            ++n;
    }
    return n;
}

QByteArray HttpHeaders::value(QByteArrayView name, const QByteArray& fallback) const
{
    for (const Entry& entry : m_entries) {
        if (sameName(entry.first, name))
            return entry.second;
    }
    return fallback;
}

QList<QByteArray> HttpHeaders::values(QByteArrayView name) const
{
    QList<QByteArray> found;
    for (const Entry& entry : m_entries) {
        if (sameName(entry.first, name))
            found.append(entry.second);
    }
    return found;
}

} // namespace quince::server
