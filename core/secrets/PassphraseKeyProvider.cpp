// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/PassphraseKeyProvider.h"

#include "core/secrets/MasterKeyFile.h"
#include "core/secrets/SecretStore.h"

#include <QDir>
#include <QObject>

namespace quince::secrets {

namespace {
constexpr qsizetype kSaltSize = 16;
// Known plaintext of the check value. Its content does not matter (GCM authenticates it);
// comparing it too guards against a check value sealed for some other purpose.
constexpr QByteArrayView kCheckPlaintext("quince master key check v1");
} // namespace

PassphraseKeyProvider::PassphraseKeyProvider(
    QString keyFilePath, PassphraseSource source, ScryptParameters creationParameters)
    : m_keyFilePath(std::move(keyFilePath)), m_source(std::move(source)), m_creationParameters(creationParameters)
{
}

QString PassphraseKeyProvider::checkContext()
{
    return QStringLiteral("quince/master-key/check");
}

QString PassphraseKeyProvider::description() const
{
    return QObject::tr("passphrase (scrypt), key file %1").arg(QDir::toNativeSeparators(m_keyFilePath));
}

Result<MasterKey, SecretError> PassphraseKeyProvider::obtain()
{
    // Read the key file before asking for the passphrase: a damaged file is reported without
    // making the operator type anything, and the file is never rewritten here.
    auto file = MasterKeyFile::read(m_keyFilePath);
    if (!file)
        return file.error();
    if (!file->has_value())
        return create();
    const MasterKeyFile& keyFile = **file;
    if (keyFile.provider != MasterKeyFile::Provider::Passphrase)
        return SecretError {SecretErrorKind::KeyUnavailable,
            QObject::tr("The master key of this data directory is kept in the OS keychain, not derived from a "
                        "passphrase (%1). Start Quince with the keychain key source.")
                .arg(QDir::toNativeSeparators(m_keyFilePath))};

    auto passphrase = m_source.read(PassphraseSource::Purpose::Unlock);
    if (!passphrase)
        return passphrase.error();
    auto derived = deriveScryptKey(passphrase->view(), keyFile.salt, keyFile.scrypt, MasterKey::size);
    passphrase->clear();
    if (!derived)
        return derived.error();
    auto key = MasterKey::fromBytes(std::move(*derived));
    if (!key)
        return key.error();

    const auto wrongPassphrase = SecretError {SecretErrorKind::WrongKey,
        QObject::tr("The passphrase does not match the master key of this data directory (key file %1).")
            .arg(QDir::toNativeSeparators(m_keyFilePath))};
    if (key->keyIdHex() != keyFile.keyIdHex)
        return wrongPassphrase;
    // The key id matched, so the passphrase is right (barring a 64-bit collision): a check value
    // that does not open now means the file was damaged, not that the operator mistyped.
    auto check = SecretStore::openWith(*key, keyFile.checkValue, checkContext());
    if (!check || check->view() != kCheckPlaintext)
        return SecretError {SecretErrorKind::Malformed,
            QObject::tr("The check value in the master key file %1 is damaged (%2). It was left untouched; restore "
                        "it from a backup.")
                .arg(QDir::toNativeSeparators(m_keyFilePath),
                    check ? QObject::tr("unexpected content") : check.error().message)};
    return key;
}

Result<MasterKey, SecretError> PassphraseKeyProvider::create()
{
    if (auto problem = m_creationParameters.problem(MasterKeyFile::minimumScryptN))
        return SecretError {SecretErrorKind::InvalidInput, *problem};
    auto passphrase = m_source.read(PassphraseSource::Purpose::Create);
    if (!passphrase)
        return passphrase.error();
    auto salt = SecretBytes::random(kSaltSize);
    if (!salt)
        return SecretError {SecretErrorKind::CryptoFailure, QObject::tr("The random generator failed.")};
    auto derived = deriveScryptKey(passphrase->view(), salt->view(), m_creationParameters, MasterKey::size);
    passphrase->clear();
    if (!derived)
        return derived.error();
    auto key = MasterKey::fromBytes(std::move(*derived));
    if (!key)
        return key.error();
    auto check = SecretStore::sealWith(*key, kCheckPlaintext, checkContext());
    if (!check)
        return check.error();

    MasterKeyFile keyFile;
    keyFile.provider = MasterKeyFile::Provider::Passphrase;
    keyFile.keyIdHex = key->keyIdHex();
    keyFile.scrypt = m_creationParameters;
    keyFile.salt = salt->toByteArray(); // the salt is public; it only lives in SecretBytes by way of random()
    keyFile.checkValue = *check;
    if (auto written = keyFile.write(m_keyFilePath); !written)
        return written.error();
    return key;
}

} // namespace quince::secrets
