// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/Migration.h"

namespace quince::storage {

// Migration 6: APNs push and liveness (issue 5). The columns on enrollments and devices carry
// their own prefixes (push_, apns_) because other migrations add columns to the same tables.
Migration pushSchema()
{
    return Migration {
        6,
        QStringLiteral("push and liveness"),
        {
            // When a push was last asked for this enrollment (any trigger): a command queued after
            // it needs a new push, one queued before it is covered (coalescing, across processes).
            QStringLiteral("ALTER TABLE enrollments ADD COLUMN push_requested_at BIGINT"),
            // The last push APNs accepted (200), and the device's first contact after a push.
            QStringLiteral("ALTER TABLE enrollments ADD COLUMN push_accepted_at BIGINT"),
            QStringLiteral("ALTER TABLE enrollments ADD COLUMN push_answered_at BIGINT"),
            // The first accepted push the device has not answered yet (NULL: none waiting).
            QStringLiteral("ALTER TABLE enrollments ADD COLUMN push_unanswered_since BIGINT"),
            QStringLiteral("CREATE INDEX idx_enrollments_push_unanswered_since ON enrollments (push_unanswered_since)"),
            // A push someone asked for (quincectl push, another process): the server sends it and
            // clears the column; push_wanted_by says who asked, for the history.
            QStringLiteral("ALTER TABLE enrollments ADD COLUMN push_wanted_at BIGINT"),
            QStringLiteral("ALTER TABLE enrollments ADD COLUMN push_wanted_by TEXT"),
            QStringLiteral("CREATE INDEX idx_enrollments_push_wanted_at ON enrollments (push_wanted_at)"),
            // Inactive devices (no answer to pushes, token dead, checked out): flagged for the
            // inventory and for other systems to read (`quincectl push inactive --json`).
            QStringLiteral("ALTER TABLE devices ADD COLUMN apns_inactive_since BIGINT"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN apns_inactive_reason TEXT"),
            QStringLiteral("CREATE INDEX idx_devices_apns_inactive_since ON devices (apns_inactive_since)"),
            // Every push attempt and its reply, per enrollment, bounded (the newest rows are kept).
            QStringLiteral("CREATE TABLE push_attempts ("
                           "id ${ID}, "
                           "enrollment_id BIGINT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE, "
                           "push_trigger TEXT NOT NULL, "
                           "outcome TEXT NOT NULL, "
                           "requested_at BIGINT NOT NULL, "
                           "answered_at BIGINT, "
                           "http_status INTEGER, "
                           "reason TEXT, "
                           "apns_id TEXT, "
                           "apns_timestamp BIGINT, "
                           "tries INTEGER NOT NULL DEFAULT 1)"),
            QStringLiteral("CREATE INDEX idx_push_attempts_enrollment ON push_attempts (enrollment_id, id)"),
        },
    };
}

} // namespace quince::storage
