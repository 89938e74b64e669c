// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/secrets/MasterKeyProvider.h"
#include "core/secrets/PassphraseSource.h"
#include "core/secrets/Scrypt.h"

namespace quince::secrets {

/// The master key derived from an operator passphrase with scrypt, for headless servers.
/// The salt, the scrypt parameters and a check value live in the key file (MasterKeyFile):
/// the first run creates it, later runs derive the key again and verify it against the check
/// value, so a wrong passphrase is WrongKey before anything is decrypted.
class PassphraseKeyProvider final : public MasterKeyProvider {
public:
    /// keyFilePath: usually MasterKeyFile::pathIn(dataDirectory). creationParameters apply
    /// only when the key file is created; afterwards the file's parameters are used.
    PassphraseKeyProvider(QString keyFilePath, PassphraseSource source, ScryptParameters creationParameters = {});

    Result<MasterKey, SecretError> obtain() override;
    QString description() const override;

    /// The context the check value is sealed for.
    static QString checkContext();

private:
    Result<MasterKey, SecretError> create();

    QString m_keyFilePath;
    PassphraseSource m_source;
    ScryptParameters m_creationParameters;
};

} // namespace quince::secrets
