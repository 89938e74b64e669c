// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/devices/PlistTreeModel.h"

#include "core/plist/PlistCodec.h"

#include <QLocale>

namespace quince::ui {

namespace {

QString typeTitle(plist::Type type)
{
    switch (type) {
    case plist::Type::Boolean:
        return QStringLiteral("Boolean");
    case plist::Type::Integer:
        return QStringLiteral("Integer");
    case plist::Type::Real:
        return QStringLiteral("Real");
    case plist::Type::String:
        return QStringLiteral("String");
    case plist::Type::Data:
        return QStringLiteral("Data");
    case plist::Type::Date:
        return QStringLiteral("Date");
    case plist::Type::Uid:
        return QStringLiteral("UID");
    case plist::Type::Array:
        return QStringLiteral("Array");
    case plist::Type::Dict:
        return QStringLiteral("Dictionary");
    case plist::Type::Invalid:
        break;
    }
    return QString();
}

} // namespace

PlistTreeModel::PlistTreeModel(QObject* parent) : QStandardItemModel(parent)
{
    clearPlist();
}

void PlistTreeModel::clearPlist()
{
    clear();
    setHorizontalHeaderLabels({tr("Key"), tr("Type"), tr("Value")});
}

void PlistTreeModel::setMessage(const QString& text)
{
    clearPlist();
    auto* item = new QStandardItem(text);
    item->setEditable(false);
    invisibleRootItem()->appendRow(item);
}

void PlistTreeModel::setPlist(const plist::Value& value)
{
    clearPlist();
    appendValue(invisibleRootItem(), tr("Root"), value);
}

QString PlistTreeModel::setBytes(const QByteArray& bytes)
{
    clearPlist();
    if (bytes.isEmpty())
        return QString();
    auto decoded = plist::decode(bytes);
    if (!decoded) {
        const QString why = tr("Not a readable property list: %1").arg(decoded.error().message);
        setMessage(why);
        return why;
    }
    appendValue(invisibleRootItem(), tr("Root"), *decoded);
    return QString();
}

void PlistTreeModel::appendValue(QStandardItem* parent, const QString& key, const plist::Value& value)
{
    auto* keyItem = new QStandardItem(key);
    auto* typeItem = new QStandardItem(typeTitle(value.type()));
    QString text;
    switch (value.type()) {
    case plist::Type::Boolean:
        text = value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        break;
    case plist::Type::Integer:
        text = value.isLargeUnsigned() ? QString::number(value.toUnsigned()) : QString::number(value.toInteger());
        break;
    case plist::Type::Real:
        text = QString::number(value.toReal());
        break;
    case plist::Type::String:
        text = value.toString();
        break;
    case plist::Type::Data: {
        const QByteArray data = value.toData();
        text = tr("%n byte(s)", nullptr, int(data.size()));
        if (!data.isEmpty()) {
            text += QStringLiteral(": ") + QString::fromLatin1(data.left(kDataPreviewBytes).toHex(' '));
            if (data.size() > kDataPreviewBytes)
                text += QStringLiteral(" \u2026");
        }
        break;
    }
    case plist::Type::Date:
        text = value.toDateTime().toString(Qt::ISODateWithMs);
        break;
    case plist::Type::Uid:
        text = QString::number(value.toUid().value);
        break;
    case plist::Type::Array:
        text = tr("%n item(s)", nullptr, int(value.size()));
        break;
    case plist::Type::Dict:
        text = tr("%n key(s)", nullptr, int(value.size()));
        break;
    case plist::Type::Invalid:
        break;
    }
    auto* valueItem = new QStandardItem(text);
    valueItem->setToolTip(text.left(1000));
    for (QStandardItem* item : {keyItem, typeItem, valueItem})
        item->setEditable(false);
    parent->appendRow(QList<QStandardItem*> {keyItem, typeItem, valueItem});

    if (value.isDict()) {
        for (const auto& entry : value.toDict())
            appendValue(keyItem, entry.key, entry.value);
    } else if (value.isArray()) {
        int index = 0;
        for (const plist::Value& item : value.toArray())
            appendValue(keyItem, QStringLiteral("%1").arg(index++), item);
    }
}

} // namespace quince::ui
