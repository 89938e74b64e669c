// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/Migration.h"

namespace quince::storage {

// Migration 4: the inventory devices report in their command responses, and the device
// lifecycle (issue 4).
//
// - devices gains the common DeviceInformation facts as columns (the inventory list sorts and
//   filters on them), the time they were reported, inactivity and a pending 401. devices is
//   never rebuilt: dropping it would cascade into enrollments, so columns are only added.
//   Its enrollment_state CHECK stays as it is; "inactive" is inactive_since being set.
// - Device-wide answers (DeviceInformation, SecurityInfo) are one row per device, with the raw
//   response dictionary kept next to the columns. Lists (profiles, provisioning profiles,
//   certificates, applications) belong to the enrollment that reported them, because the user
//   channel answers for its user: a new report replaces that enrollment's set as a whole.
// - inventory_reports says, per enrollment and request type, when the last answer was applied
//   and when one was refused as malformed (and why), so a bad answer never erases a good one.
Migration inventorySchema()
{
    return Migration {
        4,
        QStringLiteral("inventory and lifecycle"),
        {
            QStringLiteral("ALTER TABLE devices ADD COLUMN model_name TEXT"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN model_number TEXT"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN device_capacity_gb DOUBLE PRECISION"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN available_capacity_gb DOUBLE PRECISION"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN battery_level DOUBLE PRECISION"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN is_supervised INTEGER CHECK (is_supervised IN (0, 1))"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN is_activation_lock_enabled INTEGER "
                           "CHECK (is_activation_lock_enabled IN (0, 1))"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN imei TEXT"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN wifi_mac TEXT"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN facts_reported_at BIGINT"),
            // Lifecycle: set by the inactivity sweep, cleared by the device's next request.
            QStringLiteral("ALTER TABLE devices ADD COLUMN inactive_since BIGINT"),
            // Terminating management: the next check-in or command request gets 401.
            QStringLiteral("ALTER TABLE devices ADD COLUMN unenroll_requested_at BIGINT"),
            QStringLiteral("ALTER TABLE devices ADD COLUMN unenroll_reason TEXT"),
            QStringLiteral("ALTER TABLE enrollments ADD COLUMN inactive_since BIGINT"),
            QStringLiteral("CREATE INDEX idx_devices_product_name ON devices (product_name)"),
            QStringLiteral("CREATE INDEX idx_devices_is_supervised ON devices (is_supervised)"),
            QStringLiteral("CREATE INDEX idx_devices_battery_level ON devices (battery_level)"),
            QStringLiteral("CREATE INDEX idx_devices_inactive_since ON devices (inactive_since)"),
            QStringLiteral("CREATE INDEX idx_enrollments_last_seen_at ON enrollments (last_seen_at)"),

            QStringLiteral("CREATE TABLE device_information ("
                           "device_id BIGINT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE, "
                           "query_responses ${BLOB} NOT NULL, "
                           "reported_at BIGINT NOT NULL)"),

            // Every scalar of QueryResponses, as text with its plist type, for "which devices
            // report X" without decoding the raw dictionaries.
            QStringLiteral("CREATE TABLE device_facts ("
                           "device_id BIGINT NOT NULL REFERENCES devices (id) ON DELETE CASCADE, "
                           "name TEXT NOT NULL, "
                           "value TEXT, "
                           "value_type TEXT NOT NULL, "
                           "reported_at BIGINT NOT NULL, "
                           "PRIMARY KEY (device_id, name))"),
            QStringLiteral("CREATE INDEX idx_device_facts_name ON device_facts (name, value)"),

            QStringLiteral("CREATE TABLE device_security ("
                           "device_id BIGINT PRIMARY KEY REFERENCES devices (id) ON DELETE CASCADE, "
                           "passcode_present INTEGER CHECK (passcode_present IN (0, 1)), "
                           "passcode_compliant INTEGER CHECK (passcode_compliant IN (0, 1)), "
                           "passcode_compliant_with_profiles INTEGER "
                           "CHECK (passcode_compliant_with_profiles IN (0, 1)), "
                           "hardware_encryption_caps INTEGER, "
                           "auto_lock_time INTEGER, "
                           "fde_enabled INTEGER CHECK (fde_enabled IN (0, 1)), "
                           "fde_has_personal_recovery_key INTEGER CHECK (fde_has_personal_recovery_key IN (0, 1)), "
                           "fde_has_institutional_recovery_key INTEGER "
                           "CHECK (fde_has_institutional_recovery_key IN (0, 1)), "
                           "system_integrity_protection_enabled INTEGER "
                           "CHECK (system_integrity_protection_enabled IN (0, 1)), "
                           "firewall_enabled INTEGER CHECK (firewall_enabled IN (0, 1)), "
                           "enrolled_via_dep INTEGER CHECK (enrolled_via_dep IN (0, 1)), "
                           "user_approved_enrollment INTEGER CHECK (user_approved_enrollment IN (0, 1)), "
                           "is_user_enrollment INTEGER CHECK (is_user_enrollment IN (0, 1)), "
                           "secure_boot_level TEXT, "
                           "recovery_lock_enabled INTEGER CHECK (recovery_lock_enabled IN (0, 1)), "
                           "security_info ${BLOB} NOT NULL, "
                           "reported_at BIGINT NOT NULL)"),

            QStringLiteral("CREATE TABLE device_profiles ("
                           "id ${ID}, "
                           "enrollment_id BIGINT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE, "
                           "payload_identifier TEXT NOT NULL, "
                           "payload_uuid TEXT, "
                           "payload_version INTEGER, "
                           "display_name TEXT, "
                           "organization TEXT, "
                           "description TEXT, "
                           "removal_disallowed INTEGER CHECK (removal_disallowed IN (0, 1)), "
                           "has_removal_passcode INTEGER CHECK (has_removal_passcode IN (0, 1)), "
                           "is_encrypted INTEGER CHECK (is_encrypted IN (0, 1)), "
                           "is_managed INTEGER CHECK (is_managed IN (0, 1)), "
                           "source TEXT, "
                           "payload_types TEXT, "
                           "reported_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX idx_device_profiles_enrollment_id ON device_profiles (enrollment_id)"),
            QStringLiteral(
                "CREATE INDEX idx_device_profiles_payload_identifier ON device_profiles (payload_identifier)"),

            QStringLiteral("CREATE TABLE device_provisioning_profiles ("
                           "id ${ID}, "
                           "enrollment_id BIGINT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE, "
                           "name TEXT, "
                           "uuid TEXT, "
                           "expiry_date BIGINT, "
                           "reported_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX idx_device_provisioning_profiles_enrollment_id "
                           "ON device_provisioning_profiles (enrollment_id)"),

            // Parsed from the reported DER; no trust decision is stored (it depends on the
            // device's trust settings, which it does not report).
            QStringLiteral("CREATE TABLE device_certificates ("
                           "id ${ID}, "
                           "enrollment_id BIGINT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE, "
                           "common_name TEXT, "
                           "is_identity INTEGER CHECK (is_identity IN (0, 1)), "
                           "subject TEXT, "
                           "issuer TEXT, "
                           "serial_hex TEXT, "
                           "sha256 TEXT, "
                           "not_before BIGINT, "
                           "not_after BIGINT, "
                           "der ${BLOB}, "
                           "parse_error TEXT, "
                           "reported_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX idx_device_certificates_enrollment_id ON device_certificates (enrollment_id)"),
            QStringLiteral("CREATE INDEX idx_device_certificates_not_after ON device_certificates (not_after)"),

            QStringLiteral("CREATE TABLE device_applications ("
                           "id ${ID}, "
                           "enrollment_id BIGINT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE, "
                           "identifier TEXT, "
                           "name TEXT, "
                           "version TEXT, "
                           "short_version TEXT, "
                           "external_version_identifier BIGINT, "
                           "distributor_identifier TEXT, "
                           "source TEXT, "
                           "bundle_size BIGINT, "
                           "dynamic_size BIGINT, "
                           "is_validated INTEGER CHECK (is_validated IN (0, 1)), "
                           "installing INTEGER CHECK (installing IN (0, 1)), "
                           "app_store_vendable INTEGER CHECK (app_store_vendable IN (0, 1)), "
                           "device_based_vpp INTEGER CHECK (device_based_vpp IN (0, 1)), "
                           "beta_app INTEGER CHECK (beta_app IN (0, 1)), "
                           "ad_hoc_code_signed INTEGER CHECK (ad_hoc_code_signed IN (0, 1)), "
                           "has_update_available INTEGER CHECK (has_update_available IN (0, 1)), "
                           "is_app_clip INTEGER CHECK (is_app_clip IN (0, 1)), "
                           "reported_at BIGINT NOT NULL)"),
            QStringLiteral("CREATE INDEX idx_device_applications_enrollment_id ON device_applications (enrollment_id)"),
            QStringLiteral("CREATE INDEX idx_device_applications_identifier ON device_applications (identifier)"),

            QStringLiteral("CREATE TABLE inventory_reports ("
                           "enrollment_id BIGINT NOT NULL REFERENCES enrollments (id) ON DELETE CASCADE, "
                           "request_type TEXT NOT NULL, "
                           "item_count INTEGER, "
                           "applied_at BIGINT, "
                           "malformed_at BIGINT, "
                           "error TEXT, "
                           "PRIMARY KEY (enrollment_id, request_type))"),
        },
    };
}

} // namespace quince::storage
