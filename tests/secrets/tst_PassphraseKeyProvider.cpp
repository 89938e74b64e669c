// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/MasterKeyFile.h"
#include "core/secrets/MasterKeyProviderFactory.h"
#include "core/secrets/PassphraseKeyProvider.h"
#include "core/secrets/SecretStore.h"

#include "SecretsTestSupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace quince::secrets;
using namespace quince::secrets::test;

namespace {
const QString kContext = QStringLiteral("enrollment/7/BootstrapToken");

// A data directory with a passphrase file in it; provider() builds a provider as quinced would.
class Fixture {
public:
    Fixture() { writePassphrase("correct horse battery staple\n"); }

    QString keyFile() const { return MasterKeyFile::pathIn(m_dir.path()); }
    QString passphraseFile() const { return m_dir.filePath(QStringLiteral("passphrase")); }
    QString dataDirectory() const { return m_dir.path(); }
    bool writePassphrase(const QByteArray& text) { return writeFile(passphraseFile(), text, 0600); }

    PassphraseKeyProvider provider(ScryptParameters parameters = fastScrypt()) const
    {
        PassphraseSource::Options options;
        options.passphraseFile = passphraseFile();
        options.allowPrompt = false;
        return PassphraseKeyProvider(keyFile(), PassphraseSource(options), parameters);
    }

private:
    QTemporaryDir m_dir;
};

QJsonObject keyFileJson(const QString& path)
{
    return QJsonDocument::fromJson(readFile(path)).object();
}
} // namespace

class TestPassphraseKeyProvider : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init() { qunsetenv(PassphraseSource::environmentVariable); }

    // First run creates the key file (owner-only, atomically); the second run with the same
    // passphrase derives the same key, so what run 1 sealed, run 2 opens.
    void secondRunDerivesTheSameKey()
    {
        Fixture fixture;
        QByteArray sealed;
        QString keyId;
        {
            auto key = fixture.provider().obtain();
            QVERIFY2(key.ok(), qPrintable(describe(key)));
            keyId = key->keyIdHex();
            SecretStore store(std::move(key).value());
            auto result = store.seal("a bootstrap token", kContext);
            QVERIFY(result.ok());
            sealed = *result;
        }
        QVERIFY(QFile::exists(fixture.keyFile()));
        QCOMPARE(fileMode(fixture.keyFile()), mode_t(0600));
        const QJsonObject json = keyFileJson(fixture.keyFile());
        QCOMPARE(json.value(QStringLiteral("provider")).toString(), QStringLiteral("passphrase"));
        QCOMPARE(json.value(QStringLiteral("keyId")).toString(), keyId);
        QCOMPARE(json.value(QStringLiteral("kdf")).toObject().value(QStringLiteral("n")).toInteger(), 1024);
        QCOMPARE(QByteArray::fromBase64(
                     json.value(QStringLiteral("kdf")).toObject().value(QStringLiteral("salt")).toString().toLatin1())
                     .size(),
            16);
        const QByteArray fileBefore = readFile(fixture.keyFile());

        auto again = fixture.provider().obtain();
        QVERIFY2(again.ok(), qPrintable(describe(again)));
        QCOMPARE(again->keyIdHex(), keyId);
        SecretStore store(std::move(again).value());
        auto opened = store.open(sealed, kContext);
        QVERIFY2(opened.ok(), qPrintable(describe(opened)));
        QCOMPARE(opened->view(), QByteArrayView("a bootstrap token"));
        QCOMPARE(readFile(fixture.keyFile()), fileBefore); // verifying never rewrites the file
    }

    // Stored parameters win over the caller's: raising the default later must not lock out a
    // data directory created with the old ones.
    void storedParametersAreUsed()
    {
        Fixture fixture;
        auto first = fixture.provider(fastScrypt()).obtain();
        QVERIFY(first.ok());
        auto second = fixture.provider(ScryptParameters {quint64(1) << 11, 8, 1}).obtain();
        QVERIFY2(second.ok(), qPrintable(describe(second)));
        QCOMPARE(second->keyIdHex(), first->keyIdHex());
    }

    void defaultParametersRoundTrip()
    {
        Fixture fixture;
        auto first = fixture.provider(ScryptParameters {}).obtain();
        QVERIFY2(first.ok(), qPrintable(describe(first)));
        QCOMPARE(keyFileJson(fixture.keyFile())
                     .value(QStringLiteral("kdf"))
                     .toObject()
                     .value(QStringLiteral("n"))
                     .toInteger(),
            32768);
        auto second = fixture.provider().obtain();
        QVERIFY(second.ok());
        QCOMPARE(second->keyIdHex(), first->keyIdHex());
    }

    void wrongPassphraseIsWrongKey()
    {
        Fixture fixture;
        QVERIFY(fixture.provider().obtain().ok());
        const QByteArray fileBefore = readFile(fixture.keyFile());
        QVERIFY(fixture.writePassphrase("correct horse battery stapler\n"));
        auto key = fixture.provider().obtain();
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, SecretErrorKind::WrongKey);
        QVERIFY(key.error().message.contains(QStringLiteral("passphrase does not match")));
        QCOMPARE(readFile(fixture.keyFile()), fileBefore);
    }

    void trailingNewlineDoesNotChangeTheKey()
    {
        Fixture fixture;
        QVERIFY(fixture.writePassphrase("no newline"));
        auto first = fixture.provider().obtain();
        QVERIFY(first.ok());
        QVERIFY(fixture.writePassphrase("no newline\n"));
        auto second = fixture.provider().obtain();
        QVERIFY2(second.ok(), qPrintable(describe(second)));
        QCOMPARE(second->keyIdHex(), first->keyIdHex());
    }

    void worldReadablePassphraseFileRefused()
    {
        Fixture fixture;
        QVERIFY(writeFile(fixture.passphraseFile(), "correct horse battery staple\n", 0644));
        auto key = fixture.provider().obtain();
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, SecretErrorKind::InsecureSource);
        QVERIFY(!QFile::exists(fixture.keyFile())); // nothing created from an unsafe source
    }

    void environmentVariableHonoured()
    {
        Fixture fixture;
        qputenv(PassphraseSource::environmentVariable, QFile::encodeName(fixture.passphraseFile()));
        MasterKeyOptions options;
        options.dataDirectory = fixture.dataDirectory();
        options.passphrase = PassphraseSource::standardOptions(QString());
        options.passphrase.allowPrompt = false;
        options.scrypt = fastScrypt();
        auto provider = MasterKeyProviderFactory::create(KeyHost::Headless, options);
        QVERIFY(provider.ok());
        auto viaEnvironment = (*provider)->obtain();
        QVERIFY2(viaEnvironment.ok(), qPrintable(describe(viaEnvironment)));
        qunsetenv(PassphraseSource::environmentVariable);
        auto viaOption = fixture.provider().obtain();
        QVERIFY(viaOption.ok());
        QCOMPARE(viaOption->keyIdHex(), viaEnvironment->keyIdHex());
    }

    void missingSourceIsKeyUnavailable()
    {
        Fixture fixture;
        PassphraseSource::Options options; // no file, no environment, stdin not a terminal
        options.terminalInput = -1;
        PassphraseKeyProvider provider(fixture.keyFile(), PassphraseSource(options), fastScrypt());
        auto key = provider.obtain();
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, SecretErrorKind::KeyUnavailable);
        QVERIFY(key.error().message.contains(QStringLiteral("--passphrase-file")));
        QVERIFY(!QFile::exists(fixture.keyFile()));
    }

    void emptyPassphraseRefused()
    {
        Fixture fixture;
        QVERIFY(fixture.writePassphrase("\n"));
        auto key = fixture.provider().obtain();
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, SecretErrorKind::InvalidInput);
        QVERIFY(!QFile::exists(fixture.keyFile()));
    }

    void tooWeakCreationParametersRefused()
    {
        Fixture fixture;
        auto key = fixture.provider(ScryptParameters {16, 1, 1}).obtain();
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, SecretErrorKind::InvalidInput);
    }

    // A damaged key file is reported with what is wrong and left exactly as it was.
    void corruptedKeyFile_data()
    {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value"); // JSON text for the field; "<raw>" replaces the file
        QTest::addColumn<SecretErrorKind>("kind");
        QTest::newRow("not JSON") << QStringLiteral("<raw>") << QStringLiteral("{\"format\": ")
                                  << SecretErrorKind::Malformed;
        QTest::newRow("empty file") << QStringLiteral("<raw>") << QString() << SecretErrorKind::Malformed;
        QTest::newRow("array") << QStringLiteral("<raw>") << QStringLiteral("[]") << SecretErrorKind::Malformed;
        QTest::newRow("other format") << QStringLiteral("format") << QStringLiteral("\"x\"")
                                      << SecretErrorKind::Malformed;
        QTest::newRow("future version") << QStringLiteral("version") << QStringLiteral("2")
                                        << SecretErrorKind::UnsupportedVersion;
        QTest::newRow("fractional version")
            << QStringLiteral("version") << QStringLiteral("1.5") << SecretErrorKind::Malformed;
        QTest::newRow("unknown provider")
            << QStringLiteral("provider") << QStringLiteral("\"tpm\"") << SecretErrorKind::Malformed;
        QTest::newRow("bad key id") << QStringLiteral("keyId") << QStringLiteral("\"xyz\"")
                                    << SecretErrorKind::Malformed;
        QTest::newRow("salt not base64") << QStringLiteral("kdf.salt") << QStringLiteral("\"!!!\"")
                                         << SecretErrorKind::Malformed;
        QTest::newRow("salt too short") << QStringLiteral("kdf.salt") << QStringLiteral("\"AAAA\"")
                                        << SecretErrorKind::Malformed;
        QTest::newRow("N not a power of two")
            << QStringLiteral("kdf.n") << QStringLiteral("1000") << SecretErrorKind::Malformed;
        QTest::newRow("N lowered") << QStringLiteral("kdf.n") << QStringLiteral("16") << SecretErrorKind::Malformed;
        QTest::newRow("N huge") << QStringLiteral("kdf.n") << QStringLiteral("1099511627776")
                                << SecretErrorKind::Malformed;
        QTest::newRow("r missing") << QStringLiteral("kdf.r") << QStringLiteral("null") << SecretErrorKind::Malformed;
        QTest::newRow("other kdf") << QStringLiteral("kdf.name") << QStringLiteral("\"pbkdf2\"")
                                   << SecretErrorKind::Malformed;
        QTest::newRow("check missing") << QStringLiteral("check") << QStringLiteral("null")
                                       << SecretErrorKind::Malformed;
        // Valid structure, but the check value does not open with the (right) passphrase.
        QTest::newRow("check altered") << QStringLiteral(
            "check") << QStringLiteral("\"%1\"").arg(QString::fromLatin1(QByteArray(60, 'A').toBase64()))
                                       << SecretErrorKind::Malformed;
    }

    void corruptedKeyFile()
    {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(SecretErrorKind, kind);
        Fixture fixture;
        QVERIFY(fixture.provider().obtain().ok());

        QByteArray damaged;
        if (field == QStringLiteral("<raw>")) {
            damaged = value.toUtf8();
        } else {
            QJsonObject root = keyFileJson(fixture.keyFile());
            const QJsonValue replacement = QJsonDocument::fromJson("[" + value.toUtf8() + "]").array().at(0);
            if (field.startsWith(QStringLiteral("kdf."))) {
                QJsonObject kdf = root.value(QStringLiteral("kdf")).toObject();
                kdf.insert(field.mid(4), replacement);
                root.insert(QStringLiteral("kdf"), kdf);
            } else {
                root.insert(field, replacement);
            }
            damaged = QJsonDocument(root).toJson();
        }
        QVERIFY(writeFile(fixture.keyFile(), damaged, 0600));

        auto key = fixture.provider().obtain();
        QVERIFY(!key.ok());
        QVERIFY2(key.error().kind == kind, qPrintable(key.error().toString()));
        QVERIFY(key.error().message.contains(fixture.keyFile()));
        QCOMPARE(readFile(fixture.keyFile()), damaged);
    }

    void keychainKeyFileRefusedByPassphraseProvider()
    {
        Fixture fixture;
        MasterKeyFile record;
        record.provider = MasterKeyFile::Provider::Keychain;
        record.keyIdHex = QStringLiteral("0011223344556677");
        QVERIFY(record.write(fixture.keyFile()).ok());
        auto key = fixture.provider().obtain();
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, SecretErrorKind::KeyUnavailable);
        QVERIFY(key.error().message.contains(QStringLiteral("keychain")));
    }

    void parseKeySource_data()
    {
        QTest::addColumn<QString>("text");
        QTest::addColumn<int>("expected"); // -1: refused
        QTest::newRow("auto") << QStringLiteral("auto") << int(KeySource::Automatic);
        QTest::newRow("keychain") << QStringLiteral("Keychain") << int(KeySource::Keychain);
        QTest::newRow("passphrase") << QStringLiteral(" passphrase ") << int(KeySource::Passphrase);
        QTest::newRow("file") << QStringLiteral("file") << -1;
        QTest::newRow("empty") << QString() << -1;
    }

    void parseKeySource()
    {
        QFETCH(QString, text);
        QFETCH(int, expected);
        const auto parsed = MasterKeyProviderFactory::parseKeySource(text);
        QCOMPARE(parsed.has_value(), expected >= 0);
        if (parsed)
            QCOMPARE(int(*parsed), expected);
    }

    void factoryResolves_data()
    {
        QTest::addColumn<int>("host");
        QTest::addColumn<int>("requested");
        QTest::addColumn<QString>("existingProvider"); // key file already there: "", "keychain", "passphrase"
        QTest::addColumn<bool>("passphraseFileGiven");
        QTest::addColumn<int>("expected");
        const int desktop = int(KeyHost::Desktop);
        const int headless = int(KeyHost::Headless);
        const int automatic = int(KeySource::Automatic);
        const int keychain = int(KeySource::Keychain);
        const int passphrase = int(KeySource::Passphrase);
        QTest::newRow("desktop, new") << desktop << automatic << QString() << false << keychain;
        QTest::newRow("headless, new") << headless << automatic << QString() << false << passphrase;
        QTest::newRow("desktop with --passphrase-file") << desktop << automatic << QString() << true << passphrase;
        QTest::newRow("headless, created by keychain")
            << headless << automatic << QStringLiteral("keychain") << false << keychain;
        QTest::newRow("desktop, created by passphrase")
            << desktop << automatic << QStringLiteral("passphrase") << false << passphrase;
        QTest::newRow("explicit keychain") << headless << keychain << QString() << false << keychain;
        QTest::newRow("explicit passphrase") << desktop << passphrase << QString() << false << passphrase;
    }

    void factoryResolves()
    {
        QFETCH(int, host);
        QFETCH(int, requested);
        QFETCH(QString, existingProvider);
        QFETCH(bool, passphraseFileGiven);
        QFETCH(int, expected);
        Fixture fixture;
        if (!existingProvider.isEmpty()) {
            MasterKeyFile record;
            record.provider = existingProvider == QStringLiteral("keychain") ? MasterKeyFile::Provider::Keychain
                                                                             : MasterKeyFile::Provider::Passphrase;
            record.keyIdHex = QStringLiteral("0011223344556677");
            record.salt = QByteArray(16, 's');
            record.scrypt = fastScrypt();
            record.checkValue = "x";
            QVERIFY(record.write(fixture.keyFile()).ok());
        }
        MasterKeyOptions options;
        options.dataDirectory = fixture.dataDirectory();
        options.source = KeySource(requested);
        if (passphraseFileGiven)
            options.passphrase.passphraseFile = fixture.passphraseFile();
        auto resolved = MasterKeyProviderFactory::resolve(KeyHost(host), options);
        QVERIFY2(resolved.ok(), qPrintable(describe(resolved)));
        QCOMPARE(int(*resolved), expected);
        auto provider = MasterKeyProviderFactory::create(KeyHost(host), options);
        QVERIFY(provider.ok());
        QVERIFY((*provider)->description().contains(
            expected == int(KeySource::Keychain) ? QStringLiteral("keychain") : QStringLiteral("passphrase")));
    }

    void factoryRefusesToGuessOnADamagedKeyFile()
    {
        Fixture fixture;
        QVERIFY(writeFile(fixture.keyFile(), "garbage", 0600));
        MasterKeyOptions options;
        options.dataDirectory = fixture.dataDirectory();
        auto resolved = MasterKeyProviderFactory::resolve(KeyHost::Desktop, options);
        QVERIFY(!resolved.ok());
        QCOMPARE(resolved.error().kind, SecretErrorKind::Malformed);
    }
};

QTEST_GUILESS_MAIN(TestPassphraseKeyProvider)
#include "tst_PassphraseKeyProvider.moc"
