// SPDX-License-Identifier: GPL-3.0-or-later
// Must NOT compile: built with core/'s rules, a widget include is refused.
#include <QWidget>

int probe()
{
    return sizeof(QWidget);
}
