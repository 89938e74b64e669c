// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/OpenSslSupport.h"

#include <QStringList>

#include <openssl/err.h>

namespace quince::secrets {

QString openSslErrorString()
{
    QStringList messages;
    while (const unsigned long code = ERR_get_error()) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        messages.append(QString::fromLatin1(buffer));
    }
    return messages.isEmpty() ? QStringLiteral("no OpenSSL error reported") : messages.join(QStringLiteral("; "));
}

void clearOpenSslErrors()
{
    ERR_clear_error();
}

} // namespace quince::secrets
