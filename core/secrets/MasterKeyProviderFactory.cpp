// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/MasterKeyProviderFactory.h"

#include "core/secrets/KeychainKeyProvider.h"
#include "core/secrets/MasterKeyFile.h"
#include "core/secrets/PassphraseKeyProvider.h"

#include <QObject>

namespace quince::secrets {

std::optional<KeySource> MasterKeyProviderFactory::parseKeySource(QStringView text)
{
    const QString word = text.trimmed().toString().toLower();
    if (word == QStringLiteral("auto") || word == QStringLiteral("automatic"))
        return KeySource::Automatic;
    if (word == QStringLiteral("keychain"))
        return KeySource::Keychain;
    if (word == QStringLiteral("passphrase"))
        return KeySource::Passphrase;
    return std::nullopt;
}

QString MasterKeyProviderFactory::keySourceName(KeySource source)
{
    switch (source) {
    case KeySource::Automatic:
        return QStringLiteral("auto");
    case KeySource::Keychain:
        return QStringLiteral("keychain");
    case KeySource::Passphrase:
        return QStringLiteral("passphrase");
    }
    return QStringLiteral("auto");
}

Result<KeySource, SecretError> MasterKeyProviderFactory::resolve(KeyHost host, const MasterKeyOptions& options)
{
    if (options.source != KeySource::Automatic)
        return options.source;
    auto file = MasterKeyFile::read(MasterKeyFile::pathIn(options.dataDirectory));
    if (!file)
        return file.error();
    if (file->has_value())
        return (*file)->provider == MasterKeyFile::Provider::Keychain ? KeySource::Keychain : KeySource::Passphrase;
    // A passphrase file given on a desktop is an explicit wish; honour it over the default.
    if (!options.passphrase.passphraseFile.isEmpty() || !options.passphrase.environmentFile.isEmpty())
        return KeySource::Passphrase;
    return host == KeyHost::Desktop ? KeySource::Keychain : KeySource::Passphrase;
}

Result<std::unique_ptr<MasterKeyProvider>, SecretError> MasterKeyProviderFactory::create(
    KeyHost host, const MasterKeyOptions& options)
{
    if (options.dataDirectory.isEmpty())
        return SecretError {SecretErrorKind::InvalidInput, QObject::tr("No data directory for the master key.")};
    auto source = resolve(host, options);
    if (!source)
        return source.error();
    const QString keyFile = MasterKeyFile::pathIn(options.dataDirectory);
    std::unique_ptr<MasterKeyProvider> provider;
    if (*source == KeySource::Keychain)
        provider = std::make_unique<KeychainKeyProvider>(
            keyFile, KeychainKeyProvider::accountFor(options.dataDirectory), options.keychainTimeout);
    else
        provider
            = std::make_unique<PassphraseKeyProvider>(keyFile, PassphraseSource(options.passphrase), options.scrypt);
    return provider;
}

} // namespace quince::secrets
