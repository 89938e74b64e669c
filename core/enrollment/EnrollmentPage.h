// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace quince::enrollment {

/// The over-the-air enrollment page a device's browser opens: one field for the enrollment code,
/// a link to the trust profile, and the error of the last attempt. Self-contained (inline style,
/// no script, no external resource), UTF-8, everything variable HTML-escaped.
class EnrollmentPage {
public:
    /// error: what went wrong with the last code ("" for none). trustProfileUrl may be empty.
    static QByteArray html(const QString& error, const QString& trustProfileUrl, const QString& formAction);
};

} // namespace quince::enrollment
