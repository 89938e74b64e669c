// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

namespace quince::ui {

void installTranslations(QCoreApplication& app, const QLocale& locale)
{
    auto* english = new QTranslator(&app);
    if (english->load(QStringLiteral(":/i18n/quince_en.qm")))
        QCoreApplication::installTranslator(english);
    else
        delete english;

    auto* qt = new QTranslator(&app);
    if (qt->load(
            locale, QStringLiteral("qtbase"), QStringLiteral("_"), QLibraryInfo::path(QLibraryInfo::TranslationsPath)))
        QCoreApplication::installTranslator(qt);
    else
        delete qt;

    // The translator installed last is asked first.
    if (locale.language() != QLocale::English && locale.language() != QLocale::C) {
        auto* local = new QTranslator(&app);
        if (local->load(locale, QStringLiteral("quince"), QStringLiteral("_"), QStringLiteral(":/i18n")))
            QCoreApplication::installTranslator(local);
        else
            delete local;
    }
}

} // namespace quince::ui
