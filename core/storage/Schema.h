// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/storage/Migration.h"

namespace quince::storage {

/// The product's migrations, oldest first. Append only.
const QList<Migration>& schemaMigrations();

/// The schema version this build writes and understands.
int latestSchemaVersion();

} // namespace quince::storage
