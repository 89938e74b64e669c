// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStyledItemDelegate>

namespace quince::ui {

/// Draws a navigation entry with its count as a badge on the right: grey for information,
/// red for something that needs a person.
class NavigationDelegate : public QStyledItemDelegate {
    Q_OBJECT

public:
    enum Role { BadgeRole = Qt::UserRole + 10, AlertRole };

    using QStyledItemDelegate::QStyledItemDelegate;

    void paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const override;
    QSize sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const override;
};

} // namespace quince::ui
