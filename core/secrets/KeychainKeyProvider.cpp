// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/KeychainKeyProvider.h"

#include "core/secrets/MasterKeyFile.h"

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFileInfo>
#include <QObject>
#include <QThread>
#include <QTimer>

#include <qt6keychain/keychain.h>

namespace quince::secrets {

namespace {

SecretError unavailable(const QString& why)
{
    return SecretError {SecretErrorKind::KeyUnavailable,
        QObject::tr("The OS keychain cannot provide the master key: %1. On a machine without a keychain (a "
                    "server, a container) use the passphrase key source (--passphrase-file FILE or "
                    "QUINCE_PASSPHRASE_FILE).")
            .arg(why)};
}

// QtKeychain jobs report by signal; wait for one in a local event loop, bounded by timeout.
// Returns false on timeout. The job then deletes itself whenever it finishes (autoDelete), so
// a keychain that answers late cannot touch freed memory.
bool runJob(QKeychain::Job* job, std::chrono::milliseconds timeout)
{
    QEventLoop loop;
    bool finished = false;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(timeout, &loop, &QEventLoop::quit);
    job->setAutoDelete(false);
    job->start();
    if (!finished)
        loop.exec(QEventLoop::ExcludeUserInputEvents);
    if (!finished) {
        QObject::disconnect(job, nullptr, &loop, nullptr);
        job->setAutoDelete(true);
    }
    return finished;
}

QString jobError(const QKeychain::Job& job)
{
    return QObject::tr("%1 (QtKeychain error %2)").arg(job.errorString()).arg(int(job.error()));
}

std::optional<SecretError> needsEventLoop()
{
    if (!QCoreApplication::instance())
        return unavailable(QObject::tr("no QCoreApplication exists to run the keychain's event loop"));
    return std::nullopt;
}

} // namespace

QString KeychainKeyProvider::serviceName()
{
    return QStringLiteral("Quince");
}

QString KeychainKeyProvider::accountFor(const QString& dataDirectory)
{
    return QStringLiteral("master-key:") + QFileInfo(dataDirectory).absoluteFilePath();
}

KeychainKeyProvider::KeychainKeyProvider(
    QString keyFilePath, QString account, std::chrono::milliseconds timeout, QString service)
    : m_keyFilePath(std::move(keyFilePath)),
      m_account(std::move(account)),
      m_timeout(timeout),
      m_service(std::move(service))
{
}

QString KeychainKeyProvider::description() const
{
    return QObject::tr("OS keychain, entry \"%1\" of service \"%2\"").arg(m_account, m_service);
}

Result<MasterKey, SecretError> KeychainKeyProvider::obtain()
{
    auto file = MasterKeyFile::read(m_keyFilePath);
    if (!file)
        return file.error();
    if (file->has_value() && (*file)->provider != MasterKeyFile::Provider::Keychain)
        return SecretError {SecretErrorKind::KeyUnavailable,
            QObject::tr("The master key of this data directory is derived from a passphrase (%1), not kept in the OS "
                        "keychain. Start Quince with the passphrase key source.")
                .arg(QDir::toNativeSeparators(m_keyFilePath))};

    auto entry = readEntry();
    if (!entry)
        return entry.error();

    if (entry->has_value()) {
        auto key = MasterKey::fromBytes(std::move(**entry));
        if (!key)
            return SecretError {SecretErrorKind::Malformed,
                QObject::tr("The keychain entry \"%1\" does not hold a master key: %2")
                    .arg(m_account, key.error().message)};
        if (file->has_value() && (*file)->keyIdHex != key->keyIdHex())
            return SecretError {SecretErrorKind::WrongKey,
                QObject::tr("The keychain entry \"%1\" holds master key %2, but this data directory was created with "
                            "master key %3.")
                    .arg(m_account, key->keyIdHex(), (*file)->keyIdHex)};
        if (!file->has_value()) {
            MasterKeyFile record;
            record.provider = MasterKeyFile::Provider::Keychain;
            record.keyIdHex = key->keyIdHex();
            if (auto written = record.write(m_keyFilePath); !written)
                return written.error();
        }
        return key;
    }

    if (file->has_value())
        return SecretError {SecretErrorKind::KeyUnavailable,
            QObject::tr("The OS keychain has no entry \"%1\", but this data directory's secrets are sealed under "
                        "master key %2 kept there. Restore the keychain (or log in as the user who created the "
                        "data directory); a new key would open none of them.")
                .arg(m_account, (*file)->keyIdHex)};

    auto fresh = SecretBytes::random(MasterKey::size);
    if (!fresh)
        return SecretError {SecretErrorKind::CryptoFailure, QObject::tr("The random generator failed.")};
    if (auto written = writeEntry(*fresh); !written)
        return written.error();
    // Read back what the keychain stored: a backend that accepted the write but does not
    // return the same bytes must fail now, not after secrets were sealed under the key.
    auto stored = readEntry();
    if (!stored)
        return stored.error();
    if (!stored->has_value() || !(**stored == *fresh))
        return unavailable(QObject::tr("the keychain did not return the key just stored in it"));
    auto key = MasterKey::fromBytes(std::move(*fresh));
    if (!key)
        return key.error();
    MasterKeyFile record;
    record.provider = MasterKeyFile::Provider::Keychain;
    record.keyIdHex = key->keyIdHex();
    if (auto written = record.write(m_keyFilePath); !written)
        return written.error();
    return key;
}

Result<std::optional<SecretBytes>, SecretError> KeychainKeyProvider::readEntry()
{
    if (auto error = needsEventLoop())
        return *error;
    auto* job = new QKeychain::ReadPasswordJob(m_service);
    job->setInsecureFallback(false);
    job->setKey(m_account);
    if (!runJob(job, m_timeout))
        return unavailable(QObject::tr("no answer within %1 ms (is the keychain locked?)").arg(m_timeout.count()));
    std::unique_ptr<QKeychain::ReadPasswordJob> owner(job);
    if (job->error() == QKeychain::EntryNotFound)
        return std::optional<SecretBytes>();
    if (job->error() != QKeychain::NoError)
        return unavailable(jobError(*job));
    QByteArray data = job->binaryData();
    return std::optional<SecretBytes>(SecretBytes::takeFrom(data));
}

Result<void, SecretError> KeychainKeyProvider::writeEntry(const SecretBytes& key)
{
    if (auto error = needsEventLoop())
        return *error;
    auto* job = new QKeychain::WritePasswordJob(m_service);
    job->setInsecureFallback(false);
    job->setKey(m_account);
    QByteArray data = key.toByteArray();
    job->setBinaryData(data);
    wipe(data);
    if (!runJob(job, m_timeout))
        return unavailable(QObject::tr("no answer within %1 ms (is the keychain locked?)").arg(m_timeout.count()));
    std::unique_ptr<QKeychain::WritePasswordJob> owner(job);
    if (job->error() != QKeychain::NoError)
        return unavailable(jobError(*job));
    return {};
}

Result<void, SecretError> KeychainKeyProvider::removeEntry()
{
    if (auto error = needsEventLoop())
        return *error;
    auto* job = new QKeychain::DeletePasswordJob(m_service);
    job->setInsecureFallback(false);
    job->setKey(m_account);
    if (!runJob(job, m_timeout))
        return unavailable(QObject::tr("no answer within %1 ms").arg(m_timeout.count()));
    std::unique_ptr<QKeychain::DeletePasswordJob> owner(job);
    if (job->error() != QKeychain::NoError && job->error() != QKeychain::EntryNotFound)
        return unavailable(jobError(*job));
    return {};
}

} // namespace quince::secrets
