// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/Migration.h"

namespace quince::storage {

// Migration 4: the inventory devices report in their command responses (issue 4).
Migration inventorySchema()
{
    return Migration {
        4,
        QStringLiteral("inventory"),
        {
            QStringLiteral("CREATE TABLE device_facts ("
                           "device_id BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE, "
                           "name TEXT NOT NULL, "
                           "value TEXT, "
                           "reported_at BIGINT NOT NULL, "
                           "PRIMARY KEY (device_id, name))"),
        },
    };
}

} // namespace quince::storage
