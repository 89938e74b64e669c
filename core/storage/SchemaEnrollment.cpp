// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/Migration.h"

namespace quince::storage {

// Migration 5: enrollment codes and over-the-air enrollment (issue 4).
Migration enrollmentSchema()
{
    return Migration {
        5,
        QStringLiteral("enrollment"),
        {
            QStringLiteral("CREATE TABLE enrollment_codes ("
                           "id ${ID}, "
                           "code_sha256 TEXT NOT NULL UNIQUE, "
                           "created_by TEXT, "
                           "created_at BIGINT NOT NULL, "
                           "expires_at BIGINT NOT NULL, "
                           "used_at BIGINT)"),
        },
    };
}

} // namespace quince::storage
