// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/plist/PlistValue.h"

#include <QByteArray>
#include <QTreeWidget>

namespace quince::ui {

/// A property list as a tree of key, type and value, for the raw requests and responses of
/// commands. Data shows its size and the start of its hex; nothing is ever interpreted.
class PlistTreeWidget : public QTreeWidget {
    Q_OBJECT

public:
    enum Column { Key, Type, Value };

    explicit PlistTreeWidget(QWidget* parent = nullptr);

    /// Shows value (dictionaries and arrays expanded two levels deep).
    void setValue(const plist::Value& value);
    /// Decodes bytes (XML or binary) and shows the tree, or a single line saying why it cannot.
    /// Returns whether they decoded.
    bool setPlist(const QByteArray& bytes);

private:
    void addChildren(QTreeWidgetItem* parent, const plist::Value& value);
    QTreeWidgetItem* makeItem(const QString& key, const plist::Value& value);
};

} // namespace quince::ui
