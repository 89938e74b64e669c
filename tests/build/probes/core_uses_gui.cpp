// SPDX-License-Identifier: GPL-3.0-or-later
// Must NOT compile: QtGui types are off limits in core/ too.
#include <QtGui/QImage>

int probe()
{
    return sizeof(QImage);
}
