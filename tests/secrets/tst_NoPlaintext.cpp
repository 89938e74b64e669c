// SPDX-License-Identifier: GPL-3.0-or-later
// Acceptance check of the sealed-secrets design: a populated SQLite file and the log output
// never hold a secret, the passphrase or the master key in plain text (raw, hex or base64).
#include "core/secrets/MasterKeyFile.h"
#include "core/secrets/PassphraseKeyProvider.h"
#include "core/secrets/Scrypt.h"
#include "core/secrets/SecretStore.h"

#include "SecretsTestSupport.h"

#include <QDir>
#include <QMutex>
#include <QMutexLocker>
#include <QRandomGenerator>
#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace quince::secrets;
using namespace quince::secrets::test;

namespace {

QMutex g_logMutex;
QByteArray g_log;

void captureMessage(QtMsgType, const QMessageLogContext&, const QString& message)
{
    QMutexLocker lock(&g_logMutex);
    g_log += message.toUtf8() + '\n';
}

// Every way a secret could show up in bytes: raw, hex (both cases), base64 (both alphabets).
QList<QByteArray> encodings(const QByteArray& secret)
{
    return {secret, secret.toHex(), secret.toHex().toUpper(), secret.toBase64(),
        secret.toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)};
}

// The bytes of the database file and its WAL / journal companions.
QByteArray databaseBytes(const QString& path)
{
    QByteArray all;
    for (const QString& suffix : {QString(), QStringLiteral("-wal"), QStringLiteral("-journal")})
        all += readFile(path + suffix);
    return all;
}

QString firstHit(const QByteArray& haystack, const QList<QPair<QString, QByteArray>>& secrets)
{
    for (const auto& [name, secret] : secrets) {
        for (const QByteArray& encoded : encodings(secret))
            if (haystack.contains(encoded))
                return name;
    }
    return QString();
}

// Writes rows into a real SQLite file through Qt's QSQLITE driver, as the storage layer does.
bool writeRows(const QString& path, const QList<QPair<QString, QByteArray>>& rows)
{
    const QString connection
        = QStringLiteral("no-plaintext-") + QString::number(QRandomGenerator::global()->generate());
    bool ok = true;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), connection);
        db.setDatabaseName(path);
        ok = db.open();
        QSqlQuery query(db);
        ok = ok && query.exec(QStringLiteral("CREATE TABLE IF NOT EXISTS secrets (context TEXT, value BLOB)"));
        for (const auto& [context, value] : rows) {
            ok = ok && query.prepare(QStringLiteral("INSERT INTO secrets (context, value) VALUES (?, ?)"));
            query.addBindValue(context);
            query.addBindValue(value);
            ok = ok && query.exec();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(connection);
    return ok;
}

} // namespace

class TestNoPlaintext : public QObject {
    Q_OBJECT

private:
    QByteArray m_randomSecret;
    QByteArray m_marker;

    // What is sealed: 64 random bytes followed by an ASCII marker.
    QByteArray secretValue() const { return QByteArray(m_randomSecret).append(m_marker); }

private Q_SLOTS:
    void initTestCase()
    {
        m_randomSecret.resize(64);
        QRandomGenerator::system()->fillRange(reinterpret_cast<quint32*>(m_randomSecret.data()), 16);
        m_marker = "QUINCE-UNLOCKTOKEN-MARKER-" + QByteArray::number(QRandomGenerator::global()->generate());
    }

    // The grep itself works: the same rows written unsealed are found. Without this the main
    // test could pass by never looking at the right bytes.
    void plaintextRowsAreFound()
    {
        QTemporaryDir tmp;
        const QString path = tmp.filePath(QStringLiteral("control.sqlite3"));
        QVERIFY(writeRows(path, {{QStringLiteral("a"), m_randomSecret}, {QStringLiteral("b"), m_marker}}));
        const QByteArray bytes = databaseBytes(path);
        QVERIFY(bytes.contains(m_randomSecret));
        QVERIFY(bytes.contains(m_marker));
    }

    void databaseHoldsNoPlaintext()
    {
        QTemporaryDir tmp;
        const QString passphraseFile = tmp.filePath(QStringLiteral("passphrase"));
        const QByteArray passphrase
            = "grep-me-if-you-can " + QByteArray::number(QRandomGenerator::global()->generate());
        QVERIFY(writeFile(passphraseFile, passphrase + '\n'));
        PassphraseSource::Options options;
        options.passphraseFile = passphraseFile;
        options.allowPrompt = false;
        const QString keyFile = MasterKeyFile::pathIn(tmp.path());
        auto key = PassphraseKeyProvider(keyFile, PassphraseSource(options), fastScrypt()).obtain();
        QVERIFY2(key.ok(), qPrintable(describe(key)));
        // Derive the key independently from the key file, to know what must not appear.
        auto file = MasterKeyFile::read(keyFile);
        QVERIFY(file.ok() && file->has_value());
        auto masterKey = deriveScryptKey(passphrase, (*file)->salt, (*file)->scrypt, 32);
        QVERIFY(masterKey.ok());
        SecretStore store(std::move(key).value());

        QList<QPair<QString, QByteArray>> rows;
        for (int enrollment = 0; enrollment < 50; ++enrollment) {
            const QString context = QStringLiteral("enrollment/%1/UnlockToken").arg(enrollment);
            auto sealed = store.seal(secretValue(), context);
            QVERIFY(sealed.ok());
            rows.append(qMakePair(context, *sealed));
        }
        const QString path = tmp.filePath(QStringLiteral("quince.sqlite3"));
        QVERIFY(writeRows(path, rows));

        const QByteArray bytes = databaseBytes(path) + readFile(keyFile);
        QVERIFY(bytes.contains("QSS1")); // the sealed rows are really in there
        const QString hit = firstHit(bytes,
            {{QStringLiteral("random secret"), m_randomSecret}, {QStringLiteral("marker"), m_marker},
                {QStringLiteral("passphrase"), passphrase}, {QStringLiteral("master key"), masterKey->toByteArray()}});
        QVERIFY2(hit.isEmpty(), qPrintable(QStringLiteral("found the %1 in the database or key file").arg(hit)));

        // And they open again from the file.
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), QStringLiteral("reader"));
        db.setDatabaseName(path);
        QVERIFY(db.open());
        {
            QSqlQuery query(QStringLiteral("SELECT context, value FROM secrets"), db);
            int opened = 0;
            while (query.next()) {
                auto value = store.open(query.value(1).toByteArray(), query.value(0).toString());
                QVERIFY2(value.ok(), qPrintable(describe(value)));
                QCOMPARE(value->view(), QByteArrayView(secretValue()));
                ++opened;
            }
            QCOMPARE(opened, 50);
        }
        db.close();
        db = QSqlDatabase();
        QSqlDatabase::removeDatabase(QStringLiteral("reader"));
    }

    // Everything the secrets code says, and every error message a caller would log, is free of
    // the secret, the passphrase and the master key.
    void logsHoldNoPlaintext()
    {
        QTemporaryDir tmp;
        const QString passphraseFile = tmp.filePath(QStringLiteral("passphrase"));
        const QByteArray passphrase
            = "log-marker-passphrase " + QByteArray::number(QRandomGenerator::global()->generate());
        QVERIFY(writeFile(passphraseFile, passphrase + '\n'));
        const QString keyFile = MasterKeyFile::pathIn(tmp.path());
        PassphraseSource::Options options;
        options.passphraseFile = passphraseFile;
        options.allowPrompt = false;

        {
            QMutexLocker lock(&g_logMutex);
            g_log.clear();
        }
        const QtMessageHandler previous = qInstallMessageHandler(captureMessage);
        // What an application does: log every error it gets back, as the server would.
        const auto logError = [](const SecretError& error) { qWarning("%s", qPrintable(error.toString())); };

        auto key = PassphraseKeyProvider(keyFile, PassphraseSource(options), fastScrypt()).obtain();
        auto file = MasterKeyFile::read(keyFile);
        SecretStore store(std::move(key).value());
        auto sealed = store.seal(secretValue(), QStringLiteral("enrollment/1/UnlockToken"));
        qInfo("sealed %lld bytes", static_cast<long long>(sealed->size()));
        auto opened = store.open(*sealed, QStringLiteral("enrollment/1/UnlockToken"));
        qInfo("opened %lld bytes", static_cast<long long>(opened->size()));
        for (const auto& result : {store.open(*sealed, QStringLiteral("enrollment/2/UnlockToken")),
                 store.open(sealed->first(40), QStringLiteral("enrollment/1/UnlockToken")),
                 store.open(QByteArray(*sealed).replace(40, 1, "\x01"), QStringLiteral("enrollment/1/UnlockToken")),
                 store.open(secretValue(), QStringLiteral("enrollment/1/UnlockToken"))})
            logError(result.error());
        SecretStore other(freshKey());
        logError(other.open(*sealed, QStringLiteral("enrollment/1/UnlockToken")).error());
        QVERIFY(writeFile(passphraseFile, "not the " + passphrase + '\n'));
        logError(PassphraseKeyProvider(keyFile, PassphraseSource(options), fastScrypt()).obtain().error());
        QVERIFY(writeFile(passphraseFile, passphrase + '\n', 0644));
        logError(PassphraseKeyProvider(keyFile, PassphraseSource(options), fastScrypt()).obtain().error());
        qInstallMessageHandler(previous);

        QByteArray log;
        {
            QMutexLocker lock(&g_logMutex);
            log = g_log;
        }
        QVERIFY2(log.count('\n') >= 8, log.constData()); // the errors were really logged
        auto masterKey = deriveScryptKey(passphrase, (*file)->salt, (*file)->scrypt, 32);
        QVERIFY(masterKey.ok());
        const QString hit = firstHit(log,
            {{QStringLiteral("random secret"), m_randomSecret}, {QStringLiteral("marker"), m_marker},
                {QStringLiteral("passphrase"), passphrase}, {QStringLiteral("master key"), masterKey->toByteArray()}});
        QVERIFY2(
            hit.isEmpty(), qPrintable(QStringLiteral("found the %1 in the log:\n%2").arg(hit, QString::fromUtf8(log))));
    }
};

QTEST_GUILESS_MAIN(TestNoPlaintext)
#include "tst_NoPlaintext.moc"
