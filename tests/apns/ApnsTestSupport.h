// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Certificates for the APNs tests and the push benchmark, made with the real openssl command:
// a stand-in for Apple's push CA, MDM push certificates it issues (topic in the subject UID),
// and the stand-in server's TLS certificate for 127.0.0.1 under a CA of its own.

#include "core/pki/Certificate.h"
#include "core/pki/PrivateKey.h"
#include "core/pki/PushCertificate.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSslCertificate>
#include <QSslKey>
#include <QStandardPaths>
#include <QString>
#include <QStringList>
#include <QUuid>

namespace quince::apnstest {

inline QString opensslProgram()
{
    return QStandardPaths::findExecutable(QStringLiteral("openssl"));
}

/// Runs openssl in dir; "" on success, else what it said.
inline QString openssl(const QStringList& arguments, const QString& dir)
{
    QProcess process;
    process.setWorkingDirectory(dir);
    process.start(opensslProgram(), arguments);
    process.closeWriteChannel();
    if (!process.waitForFinished(60000) || process.exitStatus() != QProcess::NormalExit || process.exitCode() != 0)
        return QString::fromUtf8(process.readAllStandardError()) + arguments.join(u' ');
    return {};
}

inline QByteArray fileBytes(const QString& path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

/// The files of one test PKI in dir: apple.pem/.key (the push CA), server-ca.pem, server.pem/.key.
class ApnsTestPki {
public:
    explicit ApnsTestPki(QString dir) : m_dir(std::move(dir)) { }

    /// Makes the two CAs and the server certificate. "" on success, else the error.
    QString create()
    {
        const QStringList steps[] = {
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("apple.key"),
                QStringLiteral("-out"), QStringLiteral("apple.pem"), QStringLiteral("-subj"),
                QStringLiteral("/CN=Test Apple Application Integration CA"), QStringLiteral("-days"),
                QStringLiteral("30")},
            {QStringLiteral("req"), QStringLiteral("-x509"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"),
                QStringLiteral("-nodes"), QStringLiteral("-keyout"), QStringLiteral("server-ca.key"),
                QStringLiteral("-out"), QStringLiteral("server-ca.pem"), QStringLiteral("-subj"),
                QStringLiteral("/CN=Test APNs Server CA"), QStringLiteral("-days"), QStringLiteral("30")},
            {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                QStringLiteral("-keyout"), QStringLiteral("server.key"), QStringLiteral("-out"),
                QStringLiteral("server.csr"), QStringLiteral("-subj"), QStringLiteral("/CN=127.0.0.1")},
            {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), QStringLiteral("server.csr"),
                QStringLiteral("-CA"), QStringLiteral("server-ca.pem"), QStringLiteral("-CAkey"),
                QStringLiteral("server-ca.key"), QStringLiteral("-set_serial"), QStringLiteral("7"),
                QStringLiteral("-days"), QStringLiteral("30"), QStringLiteral("-extfile"), QStringLiteral("san.cnf"),
                QStringLiteral("-out"), QStringLiteral("server.pem")},
        };
        QFile san(path(QStringLiteral("san.cnf")));
        if (!san.open(QIODevice::WriteOnly) || san.write("subjectAltName=IP:127.0.0.1,DNS:localhost\n") < 0)
            return QStringLiteral("cannot write san.cnf");
        san.close();
        for (const QStringList& step : steps)
            if (const QString failed = openssl(step, m_dir); !failed.isEmpty())
                return failed;
        return {};
    }

    /// A push certificate for topic signed by the Apple stand-in, as name.pem (certificate and
    /// key, the form `quincectl push-cert import` takes). "" on failure.
    QString issuePush(const QString& topic, const QString& name)
    {
        const QString uuid = topic.mid(pki::PushCertificate::topicPrefix().size());
        const QStringList steps[] = {
            {QStringLiteral("req"), QStringLiteral("-newkey"), QStringLiteral("rsa:2048"), QStringLiteral("-nodes"),
                QStringLiteral("-keyout"), name + QStringLiteral(".key"), QStringLiteral("-out"),
                name + QStringLiteral(".csr"), QStringLiteral("-subj"), QStringLiteral("/CN=Quince Push")},
            {QStringLiteral("x509"), QStringLiteral("-req"), QStringLiteral("-in"), name + QStringLiteral(".csr"),
                QStringLiteral("-CA"), QStringLiteral("apple.pem"), QStringLiteral("-CAkey"),
                QStringLiteral("apple.key"), QStringLiteral("-set_serial"), QString::number(++m_serial),
                QStringLiteral("-days"), QStringLiteral("30"), QStringLiteral("-subj"),
                QStringLiteral("/UID=%1/CN=APSP:%2/C=US").arg(topic, uuid), QStringLiteral("-out"),
                name + QStringLiteral(".crt")},
        };
        for (const QStringList& step : steps)
            if (const QString failed = openssl(step, m_dir); !failed.isEmpty()) {
                qWarning("%s", qPrintable(failed));
                return {};
            }
        QFile out(path(name + QStringLiteral(".pem")));
        if (!out.open(QIODevice::WriteOnly))
            return {};
        out.write(fileBytes(path(name + QStringLiteral(".crt"))) + fileBytes(path(name + QStringLiteral(".key"))));
        return out.fileName();
    }

    /// The push identity of a file issuePush() wrote.
    static pki::PushCertificate loadPush(const QString& pemPath)
    {
        const QByteArray pem = fileBytes(pemPath);
        auto certificate = pki::Certificate::fromPem(pem);
        auto key = pki::PrivateKey::fromPem(pem);
        if (!certificate || !key)
            return {};
        auto push = pki::PushCertificate::create(*certificate, *key);
        return push ? *push : pki::PushCertificate {};
    }

    static QString randomTopic()
    {
        return pki::PushCertificate::topicPrefix() + QUuid::createUuid().toString(QUuid::WithoutBraces);
    }

    QSslCertificate serverCertificate() const
    {
        return QSslCertificate(fileBytes(path(QStringLiteral("server.pem"))), QSsl::Pem);
    }
    QSslKey serverKey() const { return QSslKey(fileBytes(path(QStringLiteral("server.key"))), QSsl::Rsa, QSsl::Pem); }
    QList<QSslCertificate> appleCa() const
    {
        return QSslCertificate::fromData(fileBytes(path(QStringLiteral("apple.pem"))), QSsl::Pem);
    }
    QString serverCaPath() const { return path(QStringLiteral("server-ca.pem")); }
    QList<QSslCertificate> serverCa() const { return QSslCertificate::fromData(fileBytes(serverCaPath()), QSsl::Pem); }
    QString path(const QString& name) const { return QDir(m_dir).filePath(name); }

private:
    QString m_dir;
    int m_serial = 100;
};

} // namespace quince::apnstest
