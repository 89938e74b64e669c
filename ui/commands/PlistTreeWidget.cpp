// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/commands/PlistTreeWidget.h"

#include "core/plist/PlistCodec.h"

#include <QHeaderView>
#include <QLocale>

namespace quince::ui {

namespace {

QString typeName(const plist::Value& value)
{
    switch (value.type()) {
    case plist::Type::Boolean:
        return PlistTreeWidget::tr("Boolean");
    case plist::Type::Integer:
        return PlistTreeWidget::tr("Integer");
    case plist::Type::Real:
        return PlistTreeWidget::tr("Real");
    case plist::Type::String:
        return PlistTreeWidget::tr("String");
    case plist::Type::Data:
        return PlistTreeWidget::tr("Data");
    case plist::Type::Date:
        return PlistTreeWidget::tr("Date");
    case plist::Type::Uid:
        return PlistTreeWidget::tr("UID");
    case plist::Type::Array:
        return PlistTreeWidget::tr("Array");
    case plist::Type::Dict:
        return PlistTreeWidget::tr("Dictionary");
    case plist::Type::Invalid:
        break;
    }
    return PlistTreeWidget::tr("Invalid");
}

QString valueText(const plist::Value& value)
{
    switch (value.type()) {
    case plist::Type::Boolean:
        return value.toBool() ? QStringLiteral("true") : QStringLiteral("false");
    case plist::Type::Integer:
        return value.isLargeUnsigned() ? QString::number(value.toUnsigned()) : QString::number(value.toInteger());
    case plist::Type::Real:
        return QString::number(value.toReal());
    case plist::Type::String:
        return value.toString();
    case plist::Type::Data: {
        const QByteArray data = value.toData();
        // Enough to recognise a token or a certificate; the full bytes stay in the store.
        const QString head = QString::fromLatin1(data.left(16).toHex(' '));
        return PlistTreeWidget::tr("%n byte(s)", nullptr, int(data.size()))
            + (data.isEmpty() ? QString()
                              : QStringLiteral(": ") + head + (data.size() > 16 ? QStringLiteral(" …") : QString()));
    }
    case plist::Type::Date:
        return value.toDateTime().toString(Qt::ISODate);
    case plist::Type::Uid:
        return QString::number(value.toUid().value);
    case plist::Type::Array:
    case plist::Type::Dict:
        return PlistTreeWidget::tr("%n item(s)", nullptr, int(value.size()));
    case plist::Type::Invalid:
        break;
    }
    return {};
}

} // namespace

PlistTreeWidget::PlistTreeWidget(QWidget* parent) : QTreeWidget(parent)
{
    setColumnCount(3);
    setHeaderLabels({tr("Key", "plist key"), tr("Type", "plist value type"), tr("Value", "plist value")});
    setUniformRowHeights(true);
    setAlternatingRowColors(true);
    header()->setSectionResizeMode(Key, QHeaderView::ResizeToContents);
    header()->setSectionResizeMode(Type, QHeaderView::ResizeToContents);
    header()->setStretchLastSection(true);
}

QTreeWidgetItem* PlistTreeWidget::makeItem(const QString& key, const plist::Value& value)
{
    auto* item = new QTreeWidgetItem({key, typeName(value), valueText(value)});
    item->setToolTip(Value, item->text(Value));
    if (value.isArray() || value.isDict())
        item->setForeground(Value, palette().placeholderText());
    addChildren(item, value);
    return item;
}

void PlistTreeWidget::addChildren(QTreeWidgetItem* parent, const plist::Value& value)
{
    if (value.isDict()) {
        for (const plist::DictEntry& entry : value.toDict())
            parent->addChild(makeItem(entry.key, entry.value));
    } else if (value.isArray()) {
        qsizetype index = 0;
        for (const plist::Value& element : value.toArray())
            parent->addChild(makeItem(QStringLiteral("[%1]").arg(index++), element));
    }
}

void PlistTreeWidget::setValue(const plist::Value& value)
{
    clear();
    if (value.isDict() || value.isArray()) {
        QTreeWidgetItem root;
        addChildren(&root, value);
        addTopLevelItems(root.takeChildren());
    } else {
        addTopLevelItem(makeItem(QString(), value));
    }
    expandToDepth(1);
}

bool PlistTreeWidget::setPlist(const QByteArray& bytes)
{
    auto decoded = plist::decode(bytes);
    if (!decoded) {
        clear();
        addTopLevelItem(new QTreeWidgetItem({tr("(not a property list)"), QString(), decoded.error().toString()}));
        return false;
    }
    setValue(*decoded);
    return true;
}

} // namespace quince::ui
