// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/mainwindow/NavigationDelegate.h"

#include <QApplication>
#include <QPainter>

namespace quince::ui {

void NavigationDelegate::paint(QPainter* painter, const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QStyledItemDelegate::paint(painter, option, index);
    const QString badge = index.data(BadgeRole).toString();
    if (badge.isEmpty())
        return;
    const bool alert = index.data(AlertRole).toBool();
    QFont font = option.font;
    font.setPointSizeF(font.pointSizeF() * 0.9);
    font.setBold(alert);
    const QFontMetrics metrics(font);
    const int height = metrics.height() + 2;
    const int width = qMax(height, metrics.horizontalAdvance(badge) + 12);
    const QRect rect(option.rect.right() - width - 8, option.rect.center().y() - height / 2, width, height);
    painter->save();
    painter->setRenderHint(QPainter::Antialiasing);
    const QPalette& palette = option.palette;
    QColor fill = alert ? QColor(0xb0, 0x00, 0x20) : palette.color(QPalette::Mid);
    if (!alert && (option.state & QStyle::State_Selected))
        fill = palette.color(QPalette::HighlightedText).darker(130);
    painter->setPen(Qt::NoPen);
    painter->setBrush(fill);
    painter->drawRoundedRect(rect, height / 2.0, height / 2.0);
    painter->setPen(alert ? QColor(Qt::white) : palette.color(QPalette::Base));
    painter->setFont(font);
    painter->drawText(rect, Qt::AlignCenter, badge);
    painter->restore();
}

QSize NavigationDelegate::sizeHint(const QStyleOptionViewItem& option, const QModelIndex& index) const
{
    QSize size = QStyledItemDelegate::sizeHint(option, index);
    size.setHeight(qMax(size.height(), option.fontMetrics.height() + 14));
    size.setWidth(size.width() + 70);
    return size;
}

} // namespace quince::ui
