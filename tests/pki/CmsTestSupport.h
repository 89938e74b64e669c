// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Shared by the CMS tests: a small PKI made with the real openssl command, and a way to run
// that command on what Quince produces. Everything lives in one temporary directory.

#include "core/pki/Certificate.h"
#include "core/pki/PrivateKey.h"

#include <QByteArray>
#include <QFile>
#include <QHash>
#include <QProcess>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QTemporaryDir>

#include "tests/support/TestSupport.h"

namespace quince::pki::test {

/// The error message of a result, or "" (QVERIFY2 evaluates its message even on success).
template <typename T> QByteArray why(const quince::pki::PkiResult<T>& result)
{
    return result ? QByteArray() : result.error().message.toUtf8();
}

using quince::test::readFile;
using quince::test::writeFile;

/// The offset just past the BER element that starts at offset, or -1 (single-byte tags only,
/// which is all CMS uses).
inline qsizetype berElementEnd(const QByteArray& ber, qsizetype offset, int depth = 0)
{
    const auto byte = [&ber](qsizetype i) { return static_cast<unsigned char>(ber.at(i)); };
    if (depth > 64 || offset < 0 || offset + 2 > ber.size() || (byte(offset) & 0x1f) == 0x1f)
        return -1;
    qsizetype at = offset + 1;
    const unsigned char first = byte(at++);
    if (first == 0x80) {
        while (at + 2 <= ber.size()) {
            if (byte(at) == 0 && byte(at + 1) == 0)
                return at + 2;
            at = berElementEnd(ber, at, depth + 1);
            if (at < 0)
                return -1;
        }
        return -1;
    }
    qsizetype length = first;
    if (first & 0x80) {
        const int count = first & 0x7f;
        if (count > 4 || at + count > ber.size())
            return -1;
        length = 0;
        for (int i = 0; i < count; ++i)
            length = (length << 8) | byte(at++);
    }
    return at + length <= ber.size() ? at + length : -1;
}

/// `openssl cms -sign -stream -outform DER` writes indefinite-length BER but always attaches
/// the content. This removes the eContent, which gives the detached indefinite-length form
/// devices send (encapContentInfo = 30 80 06 09 <pkcs7-data> 00 00). Every enclosing length is
/// indefinite, so nothing else changes, and the signature (over the signed attributes, which
/// hold the content's digest) stays valid. Empty on unexpected input.
inline QByteArray detachStreamedSignedData(const QByteArray& ber)
{
    const QByteArray pkcs7DataOid("\x06\x09\x2a\x86\x48\x86\xf7\x0d\x01\x07\x01", 11);
    const qsizetype oid = ber.indexOf(pkcs7DataOid);
    if (!ber.startsWith("\x30\x80") || oid < 0)
        return {};
    const qsizetype eContent = oid + pkcs7DataOid.size();
    if (ber.mid(eContent, 2) != QByteArray("\xa0\x80", 2))
        return {};
    const qsizetype end = berElementEnd(ber, eContent);
    if (end < 0)
        return {};
    return ber.left(eContent) + ber.mid(end);
}

/// One run of the openssl command.
struct OpenSslRun {
    bool ok = false;
    QByteArray out;
    QByteArray err;
    QString describe() const { return QString::fromUtf8(err.isEmpty() ? out : err); }
};

inline QString openSslProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

inline OpenSslRun runOpenSsl(const QStringList& arguments, const QString& workingDirectory = {})
{
    OpenSslRun run;
    QProcess process;
    if (!workingDirectory.isEmpty())
        process.setWorkingDirectory(workingDirectory);
    process.start(openSslProgram(), arguments);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000)) {
        process.kill();
        process.waitForFinished();
        run.err = "openssl did not finish: " + arguments.join(u' ').toUtf8();
        return run;
    }
    run.out = process.readAllStandardOutput();
    run.err = process.readAllStandardError();
    run.ok = process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0;
    return run;
}

/// A certificate and its key, as files for the openssl command and as Quince values.
struct TestIdentity {
    QString certPath;
    QString keyPath;
    Certificate certificate;
    PrivateKey key;
};

/// The test PKI:
///   root → intermediate → signer-rsa, signer-ec      (profile signers, no EKU)
///                       → device-rsa, device-ec      (device identities, clientAuth only)
///                       → device-twin                (same issuer and serial as device-rsa,
///                                                     another key: a stolen certificate)
///                       → device-p384                (an EC curve envelopes refuse)
///   foreign-root → foreign-leaf                      (a CA Quince does not know)
class TestPki {
public:
    /// Makes every key and certificate; false with errorString() on failure.
    bool generate()
    {
        if (!m_dir.isValid())
            return fail(QStringLiteral("no temporary directory"));
        if (!writeFile(path(QStringLiteral("openssl.cnf")), config()))
            return fail(QStringLiteral("cannot write openssl.cnf"));
        return makeRoot(QStringLiteral("root"), QStringLiteral("Quince Test Root"), QStringLiteral("rsa"))
            && issue(QStringLiteral("intermediate"), QStringLiteral("rsa"), QStringLiteral("root"), 2,
                QStringLiteral("v3_ca"))
            && issue(QStringLiteral("signer-rsa"), QStringLiteral("rsa"), QStringLiteral("intermediate"), 10,
                QStringLiteral("v3_signer"))
            && issue(QStringLiteral("signer-ec"), QStringLiteral("ec"), QStringLiteral("intermediate"), 11,
                QStringLiteral("v3_signer"))
            && issue(QStringLiteral("device-rsa"), QStringLiteral("rsa"), QStringLiteral("intermediate"), 20,
                QStringLiteral("v3_device"))
            && issue(QStringLiteral("device-ec"), QStringLiteral("ec"), QStringLiteral("intermediate"), 21,
                QStringLiteral("v3_device"))
            && issue(QStringLiteral("device-twin"), QStringLiteral("rsa"), QStringLiteral("intermediate"), 20,
                QStringLiteral("v3_device"), QStringLiteral("device-rsa"))
            && issue(QStringLiteral("device-p384"), QStringLiteral("p384"), QStringLiteral("intermediate"), 22,
                QStringLiteral("v3_device"))
            && makeRoot(QStringLiteral("foreign-root"), QStringLiteral("Foreign Root"), QStringLiteral("rsa"))
            && issue(QStringLiteral("foreign-leaf"), QStringLiteral("rsa"), QStringLiteral("foreign-root"), 30,
                QStringLiteral("v3_device"));
    }

    QString errorString() const { return m_error; }
    QString directory() const { return m_dir.path(); }
    QString path(const QString& fileName) const { return m_dir.filePath(fileName); }
    TestIdentity identity(const QString& name) const { return m_identities.value(name); }

    /// Runs openssl in the PKI's directory.
    OpenSslRun openssl(const QStringList& arguments) const { return runOpenSsl(arguments, m_dir.path()); }

private:
    static QByteArray config()
    {
        return "[req]\n"
               "distinguished_name = dn\n"
               "prompt = no\n"
               "[dn]\n"
               "CN = unused\n"
               "[v3_ca]\n"
               "basicConstraints = critical,CA:TRUE\n"
               "keyUsage = critical,keyCertSign,cRLSign\n"
               "subjectKeyIdentifier = hash\n"
               "authorityKeyIdentifier = keyid:always\n"
               "[v3_signer]\n"
               "basicConstraints = critical,CA:FALSE\n"
               "keyUsage = critical,digitalSignature\n"
               "subjectKeyIdentifier = hash\n"
               "authorityKeyIdentifier = keyid\n"
               "[v3_device]\n"
               "basicConstraints = critical,CA:FALSE\n"
               "keyUsage = critical,digitalSignature,keyEncipherment,keyAgreement\n"
               "extendedKeyUsage = clientAuth\n"
               "subjectKeyIdentifier = hash\n"
               "authorityKeyIdentifier = keyid\n";
    }

    bool fail(const QString& why)
    {
        m_error = why;
        return false;
    }

    bool run(const QStringList& arguments)
    {
        const OpenSslRun result = openssl(arguments);
        return result.ok || fail(QStringLiteral("openssl %1: %2").arg(arguments.join(u' '), result.describe()));
    }

    bool makeKey(const QString& name, const QString& algorithm)
    {
        QStringList arguments {QStringLiteral("genpkey"), QStringLiteral("-out"), name + QStringLiteral(".key")};
        if (algorithm == QStringLiteral("rsa"))
            arguments << QStringLiteral("-algorithm") << QStringLiteral("RSA") << QStringLiteral("-pkeyopt")
                      << QStringLiteral("rsa_keygen_bits:2048");
        else
            arguments << QStringLiteral("-algorithm") << QStringLiteral("EC") << QStringLiteral("-pkeyopt")
                      << (algorithm == QStringLiteral("p384") ? QStringLiteral("ec_paramgen_curve:P-384")
                                                              : QStringLiteral("ec_paramgen_curve:P-256"));
        return run(arguments);
    }

    bool makeRoot(const QString& name, const QString& commonName, const QString& algorithm)
    {
        return makeKey(name, algorithm)
            && run({QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-config"),
                QStringLiteral("openssl.cnf"), QStringLiteral("-extensions"), QStringLiteral("v3_ca"),
                QStringLiteral("-key"), name + QStringLiteral(".key"), QStringLiteral("-subj"),
                QStringLiteral("/O=Quince Tests/CN=") + commonName, QStringLiteral("-days"), QStringLiteral("3650"),
                QStringLiteral("-sha256"), QStringLiteral("-set_serial"), QStringLiteral("1"), QStringLiteral("-out"),
                name + QStringLiteral(".pem")})
            && load(name);
    }

    /// subjectOf gives the certificate another identity's subject (with the same serial: the twin).
    bool issue(const QString& name, const QString& algorithm, const QString& issuer, int serial,
        const QString& extensions, const QString& subjectOf = {})
    {
        const QString subject = QStringLiteral("/O=Quince Tests/CN=") + (subjectOf.isEmpty() ? name : subjectOf);
        return makeKey(name, algorithm)
            && run({QStringLiteral("req"), QStringLiteral("-new"), QStringLiteral("-config"),
                QStringLiteral("openssl.cnf"), QStringLiteral("-key"), name + QStringLiteral(".key"),
                QStringLiteral("-subj"), subject, QStringLiteral("-out"), name + QStringLiteral(".csr")})
            && run({QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"),
                name + QStringLiteral(".csr"), QStringLiteral("-CA"), issuer + QStringLiteral(".pem"),
                QStringLiteral("-CAkey"), issuer + QStringLiteral(".key"), QStringLiteral("-set_serial"),
                QString::number(serial), QStringLiteral("-days"), QStringLiteral("825"), QStringLiteral("-sha256"),
                QStringLiteral("-extfile"), QStringLiteral("openssl.cnf"), QStringLiteral("-extensions"), extensions,
                QStringLiteral("-out"), name + QStringLiteral(".pem")})
            && load(name);
    }

    bool load(const QString& name)
    {
        TestIdentity identity;
        identity.certPath = path(name + QStringLiteral(".pem"));
        identity.keyPath = path(name + QStringLiteral(".key"));
        auto certificate = Certificate::fromPem(readFile(identity.certPath));
        auto key = PrivateKey::fromPem(readFile(identity.keyPath));
        if (!certificate || !key)
            return fail(QStringLiteral("cannot load %1").arg(name));
        identity.certificate = *certificate;
        identity.key = *key;
        m_identities.insert(name, identity);
        return true;
    }

    QTemporaryDir m_dir;
    QHash<QString, TestIdentity> m_identities;
    QString m_error;
};

/// Skips the calling test function when the openssl command is missing.
#define QUINCE_REQUIRE_OPENSSL()                                                                                       \
    do {                                                                                                               \
        if (quince::pki::test::openSslProgram().isEmpty())                                                             \
            QSKIP("The openssl command is not installed; these tests check Quince against it");                        \
    } while (false)

} // namespace quince::pki::test
