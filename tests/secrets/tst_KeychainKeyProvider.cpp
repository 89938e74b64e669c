// SPDX-License-Identifier: GPL-3.0-or-later
// The keychain provider against a real Secret Service (gnome-keyring-daemon inside a private
// dbus-run-session, with a throw-away HOME) and against none. Each scenario runs in a child
// process: QtKeychain picks its backend once per process, and the session bus must be the
// private one from the start.
#include "core/secrets/KeychainKeyProvider.h"
#include "core/secrets/MasterKeyFile.h"
#include "core/secrets/SecretStore.h"

#include "SecretsTestSupport.h"

#include <QCoreApplication>
#include <QDirIterator>
#include <QElapsedTimer>
#include <QProcess>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

#include <cstdio>

using namespace quince::secrets;
using namespace quince::secrets::test;

namespace {

const QString kContext = QStringLiteral("enrollment/9/UnlockToken");

int fail(const QString& what)
{
    std::fprintf(stdout, "FAIL %s\n", qPrintable(what));
    return 1;
}

// Child: no keychain reachable. Prints the error kind and how long it took.
int childUnavailable(const QString& dataDirectory)
{
    KeychainKeyProvider provider(MasterKeyFile::pathIn(dataDirectory), KeychainKeyProvider::accountFor(dataDirectory),
        std::chrono::seconds(8), QStringLiteral("Quince test"));
    QElapsedTimer timer;
    timer.start();
    auto key = provider.obtain();
    if (key)
        return fail(QStringLiteral("a key was obtained without a keychain"));
    std::fprintf(stdout, "RESULT %s %lld\nMESSAGE %s\n", qPrintable(errorKindName(key.error().kind)),
        static_cast<long long>(timer.elapsed()), qPrintable(key.error().message));
    return 0;
}

// Child: a real Secret Service. Create, find again, then lose the entry.
int childReal(const QString& dataDirectory)
{
    const QString keyFile = MasterKeyFile::pathIn(dataDirectory);
    const QString account = KeychainKeyProvider::accountFor(dataDirectory);
    const QString service = QStringLiteral("Quince test");
    QByteArray sealed;
    QString keyId;
    {
        KeychainKeyProvider provider(keyFile, account, std::chrono::seconds(15), service);
        auto key = provider.obtain();
        if (!key)
            return fail(QStringLiteral("first obtain: ") + key.error().toString());
        keyId = key->keyIdHex();
        SecretStore store(std::move(key).value());
        sealed = store.seal("token", kContext).value();
    }
    auto file = MasterKeyFile::read(keyFile);
    if (!file || !file->has_value() || (*file)->provider != MasterKeyFile::Provider::Keychain
        || (*file)->keyIdHex != keyId)
        return fail(QStringLiteral("the key file does not record the keychain key"));
    {
        KeychainKeyProvider provider(keyFile, account, std::chrono::seconds(15), service);
        auto key = provider.obtain();
        if (!key)
            return fail(QStringLiteral("second obtain: ") + key.error().toString());
        if (key->keyIdHex() != keyId)
            return fail(QStringLiteral("second obtain returned another key"));
        SecretStore store(std::move(key).value());
        auto opened = store.open(sealed, kContext);
        if (!opened || opened->view() != QByteArrayView("token"))
            return fail(QStringLiteral("the value sealed in the first run does not open"));
        if (auto removed = provider.removeEntry(); !removed)
            return fail(QStringLiteral("removeEntry: ") + removed.error().toString());
    }
    {
        // The entry is gone but the data directory says a keychain key exists: no new key.
        KeychainKeyProvider provider(keyFile, account, std::chrono::seconds(15), service);
        auto key = provider.obtain();
        if (key)
            return fail(QStringLiteral("a new key replaced the lost keychain entry"));
        if (key.error().kind != SecretErrorKind::KeyUnavailable)
            return fail(QStringLiteral("lost entry: ") + key.error().toString());
    }
    std::fprintf(stdout, "OK %s\n", qPrintable(keyId));
    return 0;
}

QProcessEnvironment isolatedEnvironment(const QString& home)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char* name : {"DISPLAY", "WAYLAND_DISPLAY", "DBUS_SESSION_BUS_ADDRESS", "XDG_CURRENT_DESKTOP",
             "DESKTOP_SESSION", "KDE_FULL_SESSION", "GNOME_KEYRING_CONTROL"})
        env.remove(QString::fromLatin1(name));
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/.config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/.local/share"));
    env.insert(QStringLiteral("XDG_RUNTIME_DIR"), home + QStringLiteral("/run"));
    QDir(home).mkpath(QStringLiteral("run"));
    QFile::setPermissions(
        home + QStringLiteral("/run"), QFileDevice::ReadOwner | QFileDevice::WriteOwner | QFileDevice::ExeOwner);
    return env;
}

QStringList filesUnder(const QString& path)
{
    QStringList files;
    QDirIterator it(path, QDir::Files | QDir::Hidden, QDirIterator::Subdirectories);
    while (it.hasNext())
        files.append(it.next());
    return files;
}

} // namespace

class TestKeychainKeyProvider : public QObject {
    Q_OBJECT

private Q_SLOTS:
    // No Secret Service (a CI machine, a container): KeyUnavailable, quickly, with advice,
    // and nothing written anywhere: no key file, no QtKeychain plain-text fallback.
    void noSecretServiceFailsFast_data()
    {
        QTest::addColumn<bool>("deadBusAddress");
        QTest::newRow("no session bus address") << false;
        QTest::newRow("session bus address without a bus") << true;
    }

    void noSecretServiceFailsFast()
    {
        QFETCH(bool, deadBusAddress);
        QTemporaryDir tmp;
        const QString home = tmp.filePath(QStringLiteral("home"));
        const QString data = tmp.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(home) && QDir().mkpath(data));
        QProcessEnvironment env = isolatedEnvironment(home);
        if (deadBusAddress)
            env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
                QStringLiteral("unix:path=") + tmp.filePath(QStringLiteral("no-bus")));
        QProcess child;
        child.setProcessEnvironment(env);
        QElapsedTimer timer;
        timer.start();
        child.start(QCoreApplication::applicationFilePath(),
            {QStringLiteral("--keychain-child"), data, QStringLiteral("unavailable")});
        QVERIFY(child.waitForFinished(30000));
        const QString output = QString::fromUtf8(child.readAllStandardOutput());
        QVERIFY2(child.exitCode() == 0, qPrintable(output + QString::fromUtf8(child.readAllStandardError())));
        QVERIFY2(output.contains(QStringLiteral("RESULT KeyUnavailable")), qPrintable(output));
        QVERIFY2(output.contains(QStringLiteral("--passphrase-file")), qPrintable(output));
        QVERIFY2(timer.elapsed() < 10000, qPrintable(QStringLiteral("took %1 ms").arg(timer.elapsed())));
        QVERIFY(!QFile::exists(MasterKeyFile::pathIn(data)));
        QVERIFY2(filesUnder(home).isEmpty(), qPrintable(filesUnder(home).join(QLatin1Char('\n'))));
    }

    void realSecretService()
    {
        const QString dbusRunSession = QStandardPaths::findExecutable(QStringLiteral("dbus-run-session"));
        const QString keyringDaemon = QStandardPaths::findExecutable(QStringLiteral("gnome-keyring-daemon"));
        if (dbusRunSession.isEmpty() || keyringDaemon.isEmpty())
            QSKIP("needs dbus-run-session and gnome-keyring-daemon (Debian packages dbus-daemon, gnome-keyring)");
        QTemporaryDir tmp;
        const QString home = tmp.filePath(QStringLiteral("home"));
        const QString data = tmp.filePath(QStringLiteral("data"));
        QVERIFY(QDir().mkpath(home) && QDir().mkpath(data));
        // The daemon reads the login password on stdin with --unlock, creating an unlocked
        // "login" keyring (the default collection) in the throw-away HOME, without a prompter.
        const QString script
            = QStringLiteral("printf %s quince-test | \"$1\" --unlock --components=secrets >/dev/null 2>&1 || exit 3; "
                             "exec \"$2\" --keychain-child \"$3\" real");
        QProcess child;
        child.setProcessEnvironment(isolatedEnvironment(home));
        child.start(dbusRunSession,
            {QStringLiteral("--"), QStringLiteral("sh"), QStringLiteral("-c"), script, QStringLiteral("sh"),
                keyringDaemon, QCoreApplication::applicationFilePath(), data});
        QVERIFY(child.waitForFinished(60000));
        const QString output = QString::fromUtf8(child.readAllStandardOutput());
        const QString errors = QString::fromUtf8(child.readAllStandardError());
        if (child.exitCode() == 3)
            QSKIP(qPrintable(QStringLiteral("gnome-keyring-daemon did not start here: ") + errors));
        QVERIFY2(child.exitCode() == 0 && output.startsWith(QStringLiteral("OK ")), qPrintable(output + errors));
    }
};

int main(int argc, char** argv)
{
    if (argc == 4 && qstrcmp(argv[1], "--keychain-child") == 0) {
        QCoreApplication app(argc, argv);
        const QString data = QString::fromLocal8Bit(argv[2]);
        return qstrcmp(argv[3], "real") == 0 ? childReal(data) : childUnavailable(data);
    }
    QCoreApplication app(argc, argv);
    TestKeychainKeyProvider test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_KeychainKeyProvider.moc"
