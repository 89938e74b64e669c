// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/plist/PlistValue.h"

#include <QStandardItemModel>

namespace quince::ui {

/// A property list as a tree of Key / Type / Value rows, for showing raw command requests and
/// device responses. Data shows its size and first bytes in hex, never as text.
class PlistTreeModel : public QStandardItemModel {
    Q_OBJECT

public:
    enum Column { KeyColumn, TypeColumn, ValueColumn };

    explicit PlistTreeModel(QObject* parent = nullptr);

    void setPlist(const plist::Value& value);
    /// Decodes bytes (XML or binary); on failure shows the error as the only row and returns it.
    QString setBytes(const QByteArray& bytes);
    void clearPlist();
    /// Shows text as the only row, in place of a plist (e.g. "no answer yet").
    void setMessage(const QString& text);

    /// The most bytes of a data value shown in hex.
    static constexpr int kDataPreviewBytes = 32;

private:
    void appendValue(QStandardItem* parent, const QString& key, const plist::Value& value);
};

} // namespace quince::ui
