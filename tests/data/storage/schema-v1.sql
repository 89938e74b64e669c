-- SPDX-License-Identifier: GPL-3.0-or-later
-- A database as schema version 1 wrote it (sqlite3 .dump), with a little of every table.
-- It stands for databases in the field: never regenerate or edit it when the schema changes.
-- storage_migrations upgrades it and compares the result with a freshly created database,
-- which also catches an applied migration that was edited in place.
PRAGMA foreign_keys=OFF;
BEGIN TRANSACTION;
CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at BIGINT NOT NULL);
INSERT INTO schema_migrations VALUES(1,'initial schema',1795859813545);
CREATE TABLE devices (id INTEGER PRIMARY KEY AUTOINCREMENT, udid TEXT NOT NULL UNIQUE, serial_number TEXT, device_name TEXT, model TEXT, product_name TEXT, os_version TEXT, build_version TEXT, platform TEXT, enrollment_state TEXT NOT NULL CHECK (enrollment_state IN ('pending', 'enrolled', 'unenrolled')), last_seen_at BIGINT, enrolled_at BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
INSERT INTO devices VALUES(1,'00008030-001A2B3C4D5E6F70','DMPXK1ABCDEF','Front desk iPad','iPad13,1','iPad13,1','17.4.1','21E236','iPadOS','enrolled',1711000000000,1700000000000,1700000000000,1711000000000);
INSERT INTO devices VALUES(2,'00008101-000A1B2C3D4E5F60','C02ZK2XYZ123','Reception Mac','Mac14,2','Mac14,2','14.4','23E214','macOS','enrolled',1711000500000,1700000100000,1700000100000,1711000500000);
INSERT INTO devices VALUES(3,'00008110-0011223344556677',NULL,NULL,NULL,NULL,NULL,NULL,NULL,'pending',NULL,NULL,1711000600000,1711000600000);
CREATE TABLE enrollments (id INTEGER PRIMARY KEY AUTOINCREMENT, device_id BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE, channel TEXT NOT NULL CHECK (channel IN ('device', 'user')), user_id TEXT NOT NULL DEFAULT '', user_short_name TEXT, user_long_name TEXT, topic TEXT, push_token BLOB, push_magic TEXT, unlock_token_sealed BLOB, bootstrap_token_sealed BLOB, identity_cert_sha256 TEXT, identity_cert_serial TEXT, status TEXT NOT NULL CHECK (status IN ('authenticated', 'active', 'checked_out')), token_updated_at BIGINT, push_token_dead_since BIGINT, last_seen_at BIGINT, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL, UNIQUE (device_id, channel, user_id));
INSERT INTO enrollments VALUES(1,1,'device','',NULL,NULL,'com.apple.mgmt.External.0d2c',X'0a1b2c3d4e5f','6B4A1C2E-0000-4000-8000-000000000001',NULL,NULL,'ab12cd34','01','active',1700000000000,NULL,1711000000000,1700000000000,1711000000000);
INSERT INTO enrollments VALUES(2,2,'device','',NULL,NULL,'com.apple.mgmt.External.0d2c',X'1a2b3c','6B4A1C2E-0000-4000-8000-000000000002',NULL,NULL,'ef56ab78','02','active',1700000100000,NULL,1711000500000,1700000100000,1711000500000);
INSERT INTO enrollments VALUES(3,2,'user','501',NULL,NULL,'com.apple.mgmt.External.0d2c',NULL,NULL,NULL,NULL,'ef56ab78','02','authenticated',NULL,NULL,NULL,1700000200000,1700000200000);
CREATE TABLE commands (id INTEGER PRIMARY KEY AUTOINCREMENT, command_uuid TEXT NOT NULL UNIQUE, request_type TEXT NOT NULL, payload BLOB NOT NULL, requires_approval INTEGER NOT NULL DEFAULT 0 CHECK (requires_approval IN (0, 1)), created_by TEXT, created_at BIGINT NOT NULL);
INSERT INTO commands VALUES(1,'0F3D8A52-7B1E-4C44-9A9B-3C2E6B1D0001','DeviceInformation',X'3c706c6973742f3e',0,'admin',1711000000000);
INSERT INTO commands VALUES(2,'0F3D8A52-7B1E-4C44-9A9B-3C2E6B1D0002','EraseDevice',X'3c706c6973742f3e',1,'admin',1711000001000);
CREATE TABLE command_queue (id INTEGER PRIMARY KEY AUTOINCREMENT, enrollment_id BIGINT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE, command_id BIGINT NOT NULL REFERENCES commands (id) ON DELETE CASCADE, state TEXT NOT NULL CHECK (state IN ('pending_approval', 'queued', 'sent', 'not_now', 'acknowledged', 'error', 'format_error', 'canceled')), priority INTEGER NOT NULL DEFAULT 0, attempts INTEGER NOT NULL DEFAULT 0, queued_at BIGINT NOT NULL, sent_at BIGINT, completed_at BIGINT, UNIQUE (enrollment_id, command_id));
INSERT INTO command_queue VALUES(1,1,1,'acknowledged',0,1,1711000000000,1711000002000,1711000003000);
INSERT INTO command_queue VALUES(2,2,2,'pending_approval',10,0,1711000001000,NULL,NULL);
CREATE TABLE command_results (id INTEGER PRIMARY KEY AUTOINCREMENT, queue_id BIGINT NOT NULL REFERENCES command_queue (id) ON DELETE CASCADE, status TEXT NOT NULL, response BLOB, error_chain TEXT, received_at BIGINT NOT NULL);
INSERT INTO command_results VALUES(1,1,'Acknowledged',X'3c706c6973742f3e',NULL,1711000003000);
CREATE TABLE profiles (id INTEGER PRIMARY KEY AUTOINCREMENT, identifier TEXT NOT NULL UNIQUE, payload_uuid TEXT NOT NULL, display_name TEXT, payload BLOB NOT NULL, version INTEGER NOT NULL DEFAULT 1, created_at BIGINT NOT NULL, updated_at BIGINT NOT NULL);
INSERT INTO profiles VALUES(1,'com.example.wifi','9C1B2E3F-0000-4000-8000-0000000000AA','Office Wi-Fi',X'3c706c6973742f3e',2,1700000000000,1705000000000);
CREATE TABLE operators (id INTEGER PRIMARY KEY AUTOINCREMENT, username TEXT NOT NULL UNIQUE, display_name TEXT, password_hash TEXT, role TEXT NOT NULL, disabled INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0, 1)), created_at BIGINT NOT NULL);
INSERT INTO operators VALUES(1,'admin','Administrator',NULL,'admin',0,1700000000000);
CREATE TABLE audit_log (id INTEGER PRIMARY KEY AUTOINCREMENT, occurred_at BIGINT NOT NULL, operator_id BIGINT REFERENCES operators (id), actor TEXT NOT NULL, action TEXT NOT NULL, target_type TEXT, target_id TEXT, details TEXT, prev_hash BLOB, entry_hash BLOB);
INSERT INTO audit_log VALUES(1,1711000001000,1,'admin','command.queue','device','00008101-000A1B2C3D4E5F60','{"requestType":"EraseDevice"}',NULL,X'00112233');
CREATE TABLE settings (key TEXT PRIMARY KEY, value TEXT, updated_at BIGINT NOT NULL);
INSERT INTO settings VALUES('server.url','https://mdm.example.com',1700000000000);
DELETE FROM sqlite_sequence;
INSERT INTO sqlite_sequence VALUES('devices',3);
INSERT INTO sqlite_sequence VALUES('enrollments',3);
INSERT INTO sqlite_sequence VALUES('commands',2);
INSERT INTO sqlite_sequence VALUES('command_queue',2);
INSERT INTO sqlite_sequence VALUES('command_results',1);
INSERT INTO sqlite_sequence VALUES('profiles',1);
INSERT INTO sqlite_sequence VALUES('operators',1);
INSERT INTO sqlite_sequence VALUES('audit_log',1);
CREATE INDEX idx_devices_serial_number ON devices (serial_number);
CREATE INDEX idx_devices_device_name ON devices (device_name);
CREATE INDEX idx_devices_model ON devices (model);
CREATE INDEX idx_devices_os_version ON devices (os_version);
CREATE INDEX idx_devices_platform ON devices (platform);
CREATE INDEX idx_devices_last_seen_at ON devices (last_seen_at);
CREATE INDEX idx_devices_enrollment_state ON devices (enrollment_state);
CREATE INDEX idx_enrollments_identity_cert_sha256 ON enrollments (identity_cert_sha256);
CREATE INDEX idx_command_queue_next ON command_queue (enrollment_id, state, priority, queued_at);
CREATE INDEX idx_command_queue_state ON command_queue (state, queued_at);
CREATE INDEX idx_command_queue_command_id ON command_queue (command_id);
CREATE INDEX idx_command_results_queue_id ON command_results (queue_id);
CREATE INDEX idx_audit_log_occurred_at ON audit_log (occurred_at);
CREATE INDEX idx_audit_log_operator_id ON audit_log (operator_id);
COMMIT;
