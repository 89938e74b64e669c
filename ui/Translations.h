// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>

class QCoreApplication;

namespace quince::ui {

/// Installs Qt's own and Quince's catalogues for locale: English first (it carries the plural
/// forms of the source strings), then the locale's language over it when Quince has one.
void installTranslations(QCoreApplication& app, const QLocale& locale = QLocale());

} // namespace quince::ui
