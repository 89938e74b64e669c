// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// Builds bplist00 documents object by object, correct or deliberately broken, for tests that
// need inputs too big to commit (100,000 levels, reference bombs). Mirrors
// tests/data/plist/generate_hostile.py.

#include <QByteArray>
#include <QList>

namespace quince::plist::test {

class BinaryPlistBuilder {
public:
    /// Appends an encoded object; returns its index.
    int add(const QByteArray& object)
    {
        m_objects.append(object);
        return int(m_objects.size() - 1);
    }

    /// The document with offset table and trailer; refSize must hold every reference used.
    QByteArray build(quint64 top, int refSize) const
    {
        QByteArray doc = QByteArrayLiteral("bplist00");
        QList<quint64> offsets;
        for (const QByteArray& object : m_objects) {
            offsets.append(quint64(doc.size()));
            doc += object;
        }
        const int offsetSize = doc.size() < 0x100 ? 1 : (doc.size() < 0x10000 ? 2 : 4);
        const quint64 table = quint64(doc.size());
        for (const quint64 offset : offsets)
            doc += bigEndian(offset, offsetSize);
        doc += QByteArray(6, '\0');
        doc += char(offsetSize);
        doc += char(refSize);
        doc += bigEndian(quint64(m_objects.size()), 8);
        doc += bigEndian(top, 8);
        doc += bigEndian(table, 8);
        return doc;
    }

    static QByteArray bigEndian(quint64 v, int size)
    {
        QByteArray out(size, '\0');
        for (int i = size - 1; i >= 0; --i, v >>= 8)
            out[i] = char(v & 0xFF);
        return out;
    }

    static QByteArray countMarker(quint8 high, quint64 n)
    {
        if (n < 15)
            return QByteArray(1, char(high | n));
        QByteArray out(1, char(high | 0x0F));
        if (n < 0x100)
            return out + char(0x10) + bigEndian(n, 1);
        if (n < 0x10000)
            return out + char(0x11) + bigEndian(n, 2);
        if (n < 0x100000000)
            return out + char(0x12) + bigEndian(n, 4);
        return out + char(0x13) + bigEndian(n, 8);
    }

    static QByteArray array(const QList<quint64>& refs, int refSize)
    {
        QByteArray out = countMarker(0xA0, quint64(refs.size()));
        for (const quint64 ref : refs)
            out += bigEndian(ref, refSize);
        return out;
    }

    static QByteArray ascii(const QByteArray& text) { return countMarker(0x50, quint64(text.size())) + text; }

    static QByteArray integer(quint8 v) { return QByteArray(1, char(0x10)) + char(v); }

private:
    QList<QByteArray> m_objects;
};

} // namespace quince::plist::test
