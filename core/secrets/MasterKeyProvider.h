// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/secrets/MasterKey.h"
#include "core/secrets/SecretError.h"

#include <QString>

namespace quince::secrets {

/// A place the master key comes from: the OS keychain, an operator passphrase. obtain() is
/// called once at startup by the composition root, which hands the key to the SecretStore.
/// The first call for a data directory creates the key; later calls find the same key again
/// or fail with a typed error. A provider never falls back to another, weaker source.
class MasterKeyProvider {
public:
    virtual ~MasterKeyProvider() = default;

    /// The master key of the data directory. May block (scrypt, a keychain round trip, a
    /// terminal prompt): call it at startup, not on a thread that serves devices.
    virtual Result<MasterKey, SecretError> obtain() = 0;

    /// For logs and status screens: "passphrase (scrypt)", "OS keychain".
    virtual QString description() const = 0;

protected:
    MasterKeyProvider() = default;
    MasterKeyProvider(const MasterKeyProvider&) = delete;
    MasterKeyProvider& operator=(const MasterKeyProvider&) = delete;
};

} // namespace quince::secrets
