// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace quince {

/// The product version, set by CMake from project(VERSION).
inline QString versionString()
{
    return QStringLiteral(QUINCE_VERSION);
}

} // namespace quince
