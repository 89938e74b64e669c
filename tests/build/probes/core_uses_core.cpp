// SPDX-License-Identifier: GPL-3.0-or-later
// Must compile: the control that shows the failing probes fail for their include alone.
#include "core/common/Result.h"

#include <QObject>
#include <QSqlDatabase>
#include <QSslSocket>

int probe()
{
    return static_cast<int>(sizeof(QObject) + sizeof(QSqlDatabase) + sizeof(QSslSocket));
}
