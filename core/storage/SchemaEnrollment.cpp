// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/storage/Migration.h"

namespace quince::storage {

// Migration 5: enrollment codes and over-the-air enrollment (issue 4).
//
// One table for both secrets an operator hands out: short codes a person types on the device's
// enrollment page ('code') and one-time links ('link'). Only the SHA-256 of the secret is stored;
// used_at makes each single use (one conditional UPDATE), expires_at bounds it in time, and
// challenge_id names the SCEP challenge of the profile it produced, so the certificate the device
// then obtains (scep_challenges.certificate_id) can be traced back to the code.
Migration enrollmentSchema()
{
    return Migration {
        5,
        QStringLiteral("enrollment"),
        {
            QStringLiteral("CREATE TABLE enrollment_codes ("
                           "id ${ID}, "
                           "kind TEXT NOT NULL CHECK (kind IN ('code', 'link')), "
                           "secret_sha256 TEXT NOT NULL UNIQUE, "
                           "created_by TEXT, "
                           "created_at BIGINT NOT NULL, "
                           "expires_at BIGINT NOT NULL, "
                           "used_at BIGINT, "
                           "used_by TEXT, "
                           "challenge_id BIGINT REFERENCES scep_challenges(id) ON DELETE SET NULL)"),
            QStringLiteral("CREATE INDEX idx_enrollment_codes_expires_at ON enrollment_codes (expires_at)"),
            QStringLiteral("CREATE INDEX idx_enrollment_codes_challenge_id ON enrollment_codes (challenge_id)"),
        },
    };
}

} // namespace quince::storage
