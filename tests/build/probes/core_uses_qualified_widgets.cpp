// SPDX-License-Identifier: GPL-3.0-or-later
// Must NOT compile: the module-qualified spelling reaches Qt's base include folder.
#include <QtWidgets/QWidget>

int probe()
{
    return sizeof(QWidget);
}
