// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/enrollment/EnrollmentPage.h"

#include <QObject>

namespace quince::enrollment {

QByteArray EnrollmentPage::html(const QString& error, const QString& trustProfileUrl, const QString& formAction)
{
    QString page = QStringLiteral(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">"
        "<meta name=\"referrer\" content=\"no-referrer\">"
        "<title>%1</title><style>"
        "body{font-family:-apple-system,system-ui,sans-serif;max-width:28em;margin:2em auto;padding:0 1em;"
        "color:#1d1d1f;background:#fbfbfd}"
        "h1{font-size:1.5em}label{display:block;margin:1em 0 .3em}"
        "input{font-size:1.3em;width:100%;box-sizing:border-box;padding:.4em;letter-spacing:.1em;"
        "text-transform:uppercase}"
        "button{font-size:1.1em;margin-top:1em;padding:.5em 1.2em}"
        ".error{color:#b00020;background:#fdecee;padding:.6em;border-radius:.3em}"
        "p.small{font-size:.9em;color:#555}"
        "</style></head><body><h1>%1</h1>")
                       .arg(QObject::tr("Enroll this device").toHtmlEscaped());
    if (!error.isEmpty())
        page += QStringLiteral("<p class=\"error\" role=\"alert\">%1</p>").arg(error.toHtmlEscaped());
    page += QStringLiteral(
        "<p>%1</p>"
        "<form method=\"post\" action=\"%2\">"
        "<label for=\"code\">%3</label>"
        "<input id=\"code\" name=\"code\" autocomplete=\"off\" autocapitalize=\"characters\" "
        "autocorrect=\"off\" spellcheck=\"false\" maxlength=\"32\" required placeholder=\"XXXXX-XXXXX\">"
        "<button type=\"submit\">%4</button></form>")
                .arg(QObject::tr("Enter the enrollment code your administrator gave you. The device then downloads "
                                 "a profile: install it in Settings to place the device under management.")
                         .toHtmlEscaped(),
                    formAction.toHtmlEscaped(), QObject::tr("Enrollment code").toHtmlEscaped(),
                    QObject::tr("Enroll").toHtmlEscaped());
    if (!trustProfileUrl.isEmpty())
        page += QStringLiteral("<p class=\"small\">%1 <a href=\"%2\">%3</a></p>")
                    .arg(QObject::tr("If this device does not trust the server yet:").toHtmlEscaped(),
                        trustProfileUrl.toHtmlEscaped(), QObject::tr("install the trust profile").toHtmlEscaped());
    page += QStringLiteral("</body></html>\n");
    return page.toUtf8();
}

} // namespace quince::enrollment
