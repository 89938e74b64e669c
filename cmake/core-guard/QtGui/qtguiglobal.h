// SPDX-License-Identifier: GPL-3.0-or-later
// Placed ahead of Qt's own headers on the include path of core/ only: every QtGui header
// includes this file first, so any GUI header pulled into core/ stops the build here.
#error "core/ must not use QtGui: put GUI code in ui/ (dependency direction app -> ui -> core)"
