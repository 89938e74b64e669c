// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/Schema.h"

namespace quince::storage {

namespace {

// Conventions: timestamps are BIGINT milliseconds since the Unix epoch (UTC), booleans are
// INTEGER 0/1, enumerations are TEXT with a CHECK, so that both engines store the same values.
// Indexes follow the inventory's sort and filter columns for 50,000 devices, and every
// foreign key column has an index (as the leading column of a UNIQUE or an explicit one) so
// that ON DELETE CASCADE does not scan a whole table.
Migration initialSchema()
{
    return Migration {
        1,
        QStringLiteral("initial schema"),
        {
            QStringLiteral("CREATE TABLE devices ("
                           "id ${ID}, "
                           "udid TEXT NOT NULL UNIQUE, "
                           "serial_number TEXT, "
                           "device_name TEXT, "
                           "model TEXT, "
                           "product_name TEXT, "
                           "os_version TEXT, "
                           "build_version TEXT, "
                           "platform TEXT, "
                           "enrollment_state TEXT NOT NULL "
                           "CHECK (enrollment_state IN ('pending', 'enrolled', 'unenrolled')), "
                           "last_seen_at BIGINT, "
                           "enrolled_at BIGINT, "
                           "created_at BIGINT NOT NULL, "
                           "updated_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX idx_devices_serial_number ON devices (serial_number)"),
            QStringLiteral("CREATE INDEX idx_devices_device_name ON devices (device_name)"),
            QStringLiteral("CREATE INDEX idx_devices_model ON devices (model)"),
            QStringLiteral("CREATE INDEX idx_devices_os_version ON devices (os_version)"),
            QStringLiteral("CREATE INDEX idx_devices_platform ON devices (platform)"),
            QStringLiteral("CREATE INDEX idx_devices_last_seen_at ON devices (last_seen_at)"),
            QStringLiteral("CREATE INDEX idx_devices_enrollment_state ON devices (enrollment_state)"),

            // user_id is '' (not NULL) on the device channel so that UNIQUE sees one row:
            // NULLs never compare equal in a UNIQUE constraint, on either engine.
            QStringLiteral("CREATE TABLE enrollments ("
                           "id ${ID}, "
                           "device_id BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE, "
                           "channel TEXT NOT NULL CHECK (channel IN ('device', 'user')), "
                           "user_id TEXT NOT NULL DEFAULT '', "
                           "user_short_name TEXT, "
                           "user_long_name TEXT, "
                           "topic TEXT, "
                           "push_token ${BLOB}, "
                           "push_magic TEXT, "
                           "unlock_token_sealed ${BLOB}, "
                           "bootstrap_token_sealed ${BLOB}, "
                           "identity_cert_sha256 TEXT, "
                           "identity_cert_serial TEXT, "
                           "status TEXT NOT NULL CHECK (status IN ('authenticated', 'active', 'checked_out')), "
                           "token_updated_at BIGINT, "
                           "push_token_dead_since BIGINT, "
                           "last_seen_at BIGINT, "
                           "created_at BIGINT NOT NULL, "
                           "updated_at BIGINT NOT NULL, "
                           "UNIQUE (device_id, channel, user_id))"),
            QStringLiteral("CREATE INDEX idx_enrollments_identity_cert_sha256 ON enrollments (identity_cert_sha256)"),

            QStringLiteral("CREATE TABLE commands ("
                           "id ${ID}, "
                           "command_uuid TEXT NOT NULL UNIQUE, "
                           "request_type TEXT NOT NULL, "
                           "payload ${BLOB} NOT NULL, "
                           "requires_approval INTEGER NOT NULL DEFAULT 0 CHECK (requires_approval IN (0, 1)), "
                           "created_by TEXT, "
                           "created_at BIGINT NOT NULL)"),

            QStringLiteral("CREATE TABLE command_queue ("
                           "id ${ID}, "
                           "enrollment_id BIGINT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE, "
                           "command_id BIGINT NOT NULL REFERENCES commands (id) ON DELETE CASCADE, "
                           "state TEXT NOT NULL CHECK (state IN ('pending_approval', 'queued', 'sent', "
                           "'not_now', 'acknowledged', 'error', 'format_error', 'canceled')), "
                           "priority INTEGER NOT NULL DEFAULT 0, "
                           "attempts INTEGER NOT NULL DEFAULT 0, "
                           "queued_at BIGINT NOT NULL, "
                           "sent_at BIGINT, "
                           "completed_at BIGINT, "
                           "UNIQUE (enrollment_id, command_id))"),
            // The check-in's "next command for this enrollment" query.
            QStringLiteral("CREATE INDEX idx_command_queue_next "
                           "ON command_queue (enrollment_id, state, priority, queued_at)"),
            // Views across all devices, e.g. everything waiting for approval, oldest first.
            QStringLiteral("CREATE INDEX idx_command_queue_state ON command_queue (state, queued_at)"),
            QStringLiteral("CREATE INDEX idx_command_queue_command_id ON command_queue (command_id)"),

            QStringLiteral("CREATE TABLE command_results ("
                           "id ${ID}, "
                           "queue_id BIGINT NOT NULL REFERENCES command_queue (id) ON DELETE CASCADE, "
                           "status TEXT NOT NULL, "
                           "response ${BLOB}, "
                           "error_chain TEXT, "
                           "received_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX idx_command_results_queue_id ON command_results (queue_id)"),

            QStringLiteral("CREATE TABLE profiles ("
                           "id ${ID}, "
                           "identifier TEXT NOT NULL UNIQUE, "
                           "payload_uuid TEXT NOT NULL, "
                           "display_name TEXT, "
                           "payload ${BLOB} NOT NULL, "
                           "version INTEGER NOT NULL DEFAULT 1, "
                           "created_at BIGINT NOT NULL, "
                           "updated_at BIGINT NOT NULL)"),

            QStringLiteral("CREATE TABLE operators ("
                           "id ${ID}, "
                           "username TEXT NOT NULL UNIQUE, "
                           "display_name TEXT, "
                           "password_hash TEXT, "
                           "role TEXT NOT NULL, "
                           "disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)), "
                           "created_at BIGINT NOT NULL)"),

            // No ON DELETE: an operator referenced by the audit log cannot be deleted (disable
            // instead), because the hash chain must keep naming who did what.
            QStringLiteral("CREATE TABLE audit_log ("
                           "id ${ID}, "
                           "occurred_at BIGINT NOT NULL, "
                           "operator_id BIGINT REFERENCES operators (id), "
                           "actor TEXT NOT NULL, "
                           "action TEXT NOT NULL, "
                           "target_type TEXT, "
                           "target_id TEXT, "
                           "details TEXT, "
                           "prev_hash ${BLOB}, "
                           "entry_hash ${BLOB})"),
            QStringLiteral("CREATE INDEX idx_audit_log_occurred_at ON audit_log (occurred_at)"),
            QStringLiteral("CREATE INDEX idx_audit_log_operator_id ON audit_log (operator_id)"),

            QStringLiteral("CREATE TABLE settings ("
                           "key TEXT PRIMARY KEY, "
                           "value TEXT, "
                           "updated_at BIGINT NOT NULL)"),
        },
    };
}

// The PKI's state: every certificate Quince holds or issued (its private key sealed by the
// SecretStore when Quince holds it), pending certificate requests (the push CSR waits here for
// Apple's answer), and SCEP challenges, stored as SHA-256 digests: they are only ever compared,
// so the database never needs the challenge itself.
Migration pkiSchema()
{
    return Migration {
        2,
        QStringLiteral("pki"),
        {
            QStringLiteral("CREATE TABLE certificates ("
                           "id ${ID}, "
                           "kind TEXT NOT NULL CHECK (kind IN ('root_ca', 'issuing_ca', 'tls_server', "
                           "'device_identity', 'push', 'scep_ra', 'vendor', 'other')), "
                           "status TEXT NOT NULL DEFAULT 'active' "
                           "CHECK (status IN ('active', 'superseded', 'revoked')), "
                           "subject TEXT NOT NULL, "
                           "issuer TEXT NOT NULL, "
                           "serial_hex TEXT NOT NULL, "
                           "sha256 TEXT NOT NULL UNIQUE, "
                           "not_before BIGINT NOT NULL, "
                           "not_after BIGINT NOT NULL, "
                           "der ${BLOB} NOT NULL, "
                           "private_key_sealed ${BLOB}, "
                           "topic TEXT, "
                           "device_udid TEXT, "
                           "enrollment_id BIGINT REFERENCES enrollments(id) ON DELETE SET NULL, "
                           "created_at BIGINT NOT NULL, "
                           "UNIQUE (issuer, serial_hex))"),
            QStringLiteral("CREATE INDEX idx_certificates_kind ON certificates (kind, status)"),
            QStringLiteral("CREATE INDEX idx_certificates_not_after ON certificates (not_after)"),
            QStringLiteral("CREATE INDEX idx_certificates_device_udid ON certificates (device_udid)"),
            QStringLiteral("CREATE INDEX idx_certificates_enrollment_id ON certificates (enrollment_id)"),
            QStringLiteral("CREATE TABLE certificate_requests ("
                           "id ${ID}, "
                           "kind TEXT NOT NULL, "
                           "csr_der ${BLOB} NOT NULL, "
                           "private_key_sealed ${BLOB} NOT NULL, "
                           "created_at BIGINT NOT NULL, "
                           "fulfilled_at BIGINT)"),
            QStringLiteral("CREATE INDEX idx_certificate_requests_kind ON certificate_requests (kind)"),
            QStringLiteral("CREATE TABLE scep_challenges ("
                           "id ${ID}, "
                           "challenge_sha256 TEXT NOT NULL UNIQUE, "
                           "purpose TEXT NOT NULL, "
                           "created_by TEXT, "
                           "created_at BIGINT NOT NULL, "
                           "expires_at BIGINT NOT NULL, "
                           "used_at BIGINT, "
                           "certificate_id BIGINT REFERENCES certificates(id) ON DELETE SET NULL)"),
            QStringLiteral("CREATE INDEX idx_scep_challenges_expires_at ON scep_challenges (expires_at)"),
            QStringLiteral("CREATE INDEX idx_scep_challenges_certificate_id ON scep_challenges (certificate_id)"),
        },
    };
}

// The durable command queue (issue 4): commands get a TTL ('expired'), a NotNow count and a
// timestamp for every transition. SQLite cannot alter a CHECK in place, so command_queue is
// rebuilt: new table, copy, then command_results is rebuilt against the new table too, because
// dropping the old command_queue with foreign keys on would cascade-delete every result.
// Renaming a table rewrites the foreign keys that name it (SQLite >= 3.26, and PostgreSQL
// follows the table, not its name), so every row stays referentially valid at each statement.
// Ids are copied as they are, so queue_id keeps pointing at the same command.
Migration commandQueueSchema()
{
    return Migration {
        3,
        QStringLiteral("command queue ttl and transitions"),
        {
            QStringLiteral("CREATE TABLE command_queue_v3 ("
                           "id ${ID}, "
                           "enrollment_id BIGINT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE, "
                           "command_id BIGINT NOT NULL REFERENCES commands (id) ON DELETE CASCADE, "
                           "state TEXT NOT NULL CHECK (state IN ('pending_approval', 'queued', 'sent', "
                           "'not_now', 'acknowledged', 'error', 'format_error', 'canceled', 'expired')), "
                           "priority INTEGER NOT NULL DEFAULT 0, "
                           "attempts INTEGER NOT NULL DEFAULT 0, "
                           "queued_at BIGINT NOT NULL, "
                           "sent_at BIGINT, "
                           "completed_at BIGINT, "
                           "expires_at BIGINT, "
                           "not_now_count INTEGER NOT NULL DEFAULT 0, "
                           "last_not_now_at BIGINT, "
                           "canceled_at BIGINT, "
                           "expired_at BIGINT, "
                           "UNIQUE (enrollment_id, command_id))"),
            QStringLiteral("INSERT INTO command_queue_v3 (id, enrollment_id, command_id, state, priority, attempts, "
                           "queued_at, sent_at, completed_at) "
                           "SELECT id, enrollment_id, command_id, state, priority, attempts, queued_at, sent_at, "
                           "completed_at FROM command_queue"),
            QStringLiteral("CREATE TABLE command_results_v3 ("
                           "id ${ID}, "
                           "queue_id BIGINT NOT NULL REFERENCES command_queue_v3 (id) ON DELETE CASCADE, "
                           "status TEXT NOT NULL, "
                           "response ${BLOB}, "
                           "error_chain TEXT, "
                           "received_at BIGINT NOT NULL)"),
            QStringLiteral("INSERT INTO command_results_v3 (id, queue_id, status, response, error_chain, received_at) "
                           "SELECT id, queue_id, status, response, error_chain, received_at FROM command_results"),
            QStringLiteral("DROP TABLE command_results"),
            QStringLiteral("DROP TABLE command_queue"),
            QStringLiteral("ALTER TABLE command_queue_v3 RENAME TO command_queue"),
            QStringLiteral("ALTER TABLE command_results_v3 RENAME TO command_results"),
            // The indexes went with the old tables; the same names, plus one for expiry sweeps.
            QStringLiteral("CREATE INDEX idx_command_queue_next "
                           "ON command_queue (enrollment_id, state, priority, queued_at)"),
            QStringLiteral("CREATE INDEX idx_command_queue_state ON command_queue (state, queued_at)"),
            QStringLiteral("CREATE INDEX idx_command_queue_command_id ON command_queue (command_id)"),
            QStringLiteral("CREATE INDEX idx_command_queue_expires_at ON command_queue (expires_at)"),
            QStringLiteral("CREATE INDEX idx_command_results_queue_id ON command_results (queue_id)"),
        },
    };
}

} // namespace

// Later migrations live in files of their own (one owner each): SchemaInventory.cpp,
// SchemaEnrollment.cpp, SchemaPush.cpp.
Migration inventorySchema();
Migration enrollmentSchema();
Migration pushSchema();

const QList<Migration>& schemaMigrations()
{
    static const QList<Migration> migrations {
        initialSchema(), pkiSchema(), commandQueueSchema(), inventorySchema(), enrollmentSchema(), pushSchema()};
    return migrations;
}

int latestSchemaVersion()
{
    return latestVersion(schemaMigrations());
}

} // namespace quince::storage
