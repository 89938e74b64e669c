// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/quincectl/CliSupport.h"
#include "app/quincectl/Commands.h"
#include "core/pki/PushCertificateStore.h"
#include "core/pki/VendorCsrSigner.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QSaveFile>
#include <QTextStream>

#include <memory>
#include <optional>

namespace quince::cli {

namespace {

/// Prints "quincectl: push-cert <command>: <message>" and returns the failure exit code.
int pushCertFailure(const QString& command, const QString& message)
{
    QTextStream(stderr) << QStringLiteral("quincectl: push-cert %1: %2").arg(command, message.simplified()) << '\n';
    return 1;
}

} // namespace

QJsonObject pushCertificateJson(const quince::pki::PushCertificate& push)
{
    return QJsonObject {{QStringLiteral("topic"), push.topic()},
        {QStringLiteral("notAfter"), push.expiresAt().toString(Qt::ISODate)},
        {QStringLiteral("subject"), push.certificate().subject()},
        {QStringLiteral("issuer"), push.certificate().issuer()},
        {QStringLiteral("serial"), push.certificate().serialHex()},
        {QStringLiteral("sha256"), push.certificate().sha256Hex()}};
}

void printPushCertificate(const quince::pki::PushCertificate& push, bool json)
{
    QTextStream out(stdout);
    if (json) {
        out << QJsonDocument(pushCertificateJson(push)).toJson(QJsonDocument::Indented);
        return;
    }
    out << tr("Topic: %1").arg(push.topic()) << '\n'
        << tr("Expires: %1 UTC").arg(push.expiresAt().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"))) << '\n'
        << tr("Subject: %1").arg(push.certificate().subject()) << '\n';
}

int pushCertRequest(const QCommandLineParser& parser, const PushCertOptions& options, const QString& dataDirPath)
{
    const QString command = QStringLiteral("request");
    if (!parser.isSet(options.out))
        return pushCertFailure(command, tr("--out FILE is required"));
    auto db = openExistingDatabase(dataDirPath, true);
    if (!db)
        return pushCertFailure(command, db.error().message);
    auto sealer = openSealer(dataDirPath, parser.value(options.passphraseFile));
    if (!sealer)
        return pushCertFailure(command, sealer.error().message);
    const quince::pki::PushCertificateStore store(**sealer);
    auto csr = store.createRequest(*db, parser.value(options.organization));
    if (!csr)
        return pushCertFailure(command, csr.error().message);
    QString error;
    if (!writeWholeFile(parser.value(options.out), csr->toPem(), &error))
        return pushCertFailure(command, error);
    QTextStream(stdout) << tr("Wrote the push certificate request to %1; its key is kept sealed in the database.\n"
                              "Next: have your MDM vendor sign it (quincectl push-cert sign-request), upload the "
                              "result at https://identity.apple.com/pushcert, then run quincectl push-cert import.")
                               .arg(QDir::toNativeSeparators(parser.value(options.out)))
                        << '\n';
    return 0;
}

int pushCertImport(
    const QCommandLineParser& parser, const PushCertOptions& options, const QString& dataDirPath, const QString& file)
{
    const QString command = QStringLiteral("import");
    QString error;
    const std::optional<QByteArray> bytes = readWholeFile(file, &error);
    if (!bytes)
        return pushCertFailure(command, error);
    QByteArray password;
    if (parser.isSet(options.passwordFile)) {
        std::optional<QByteArray> read = readPasswordFile(parser.value(options.passwordFile), &error);
        if (!read)
            return pushCertFailure(command, error);
        password = *read;
    }
    auto db = openExistingDatabase(dataDirPath, true);
    if (!db)
        return pushCertFailure(command, db.error().message);
    auto sealer = openSealer(dataDirPath, parser.value(options.passphraseFile));
    if (!sealer)
        return pushCertFailure(command, sealer.error().message);
    const quince::pki::PushCertificateStore store(**sealer);
    auto imported = store.importCertificate(*db, *bytes, password);
    password.fill('\0');
    if (!imported)
        return pushCertFailure(command,
            quince::pki::errorKindName(imported.error().kind) + QStringLiteral(": ") + imported.error().message);
    printPushCertificate(*imported, parser.isSet(QStringLiteral("json")));
    return 0;
}

int pushCertSignRequest(const QCommandLineParser& parser, const PushCertOptions& options)
{
    using namespace quince::pki;
    const QString command = QStringLiteral("sign-request");
    for (const QCommandLineOption* required : {&options.vendorCert, &options.vendorKey, &options.csr, &options.out}) {
        if (!parser.isSet(*required))
            return pushCertFailure(command, tr("--%1 is required").arg(required->names().constFirst()));
    }
    QString error;
    const std::optional<QByteArray> certPem = readWholeFile(parser.value(options.vendorCert), &error);
    const std::optional<QByteArray> keyPem
        = certPem ? readWholeFile(parser.value(options.vendorKey), &error) : std::nullopt;
    const std::optional<QByteArray> csrBytes = keyPem ? readWholeFile(parser.value(options.csr), &error) : std::nullopt;
    if (!csrBytes)
        return pushCertFailure(command, error);
    QByteArray passphrase;
    if (parser.isSet(options.passwordFile)) {
        std::optional<QByteArray> read = readPasswordFile(parser.value(options.passwordFile), &error);
        if (!read)
            return pushCertFailure(command, error);
        passphrase = *read;
    }
    auto vendorCert = Certificate::fromPem(*certPem);
    if (!vendorCert)
        return pushCertFailure(command, tr("vendor certificate: %1").arg(vendorCert.error().message));
    auto vendorKey = PrivateKey::fromPem(*keyPem, passphrase);
    passphrase.fill('\0');
    if (!vendorKey)
        return pushCertFailure(command, tr("vendor key: %1").arg(vendorKey.error().message));
    QList<Certificate> chain;
    for (const QString& chainFile : parser.values(options.chain)) {
        const std::optional<QByteArray> pem = readWholeFile(chainFile, &error);
        if (!pem)
            return pushCertFailure(command, error);
        auto certificates = Certificate::listFromPem(*pem);
        if (!certificates)
            return pushCertFailure(
                command, tr("%1: %2").arg(QDir::toNativeSeparators(chainFile), certificates.error().message));
        chain += *certificates;
    }
    auto signer = VendorCsrSigner::create(*vendorCert, *vendorKey, chain);
    if (!signer)
        return pushCertFailure(
            command, errorKindName(signer.error().kind) + QStringLiteral(": ") + signer.error().message);
    auto signedRequest = signer->sign(*csrBytes);
    if (!signedRequest)
        return pushCertFailure(
            command, errorKindName(signedRequest.error().kind) + QStringLiteral(": ") + signedRequest.error().message);
    if (!writeWholeFile(parser.value(options.out), signedRequest->encoded, &error))
        return pushCertFailure(command, error);
    QTextStream out(stdout);
    out << tr("Wrote the signed push certificate request to %1; upload it at https://identity.apple.com/pushcert.")
               .arg(QDir::toNativeSeparators(parser.value(options.out)))
        << '\n';
    if (chain.isEmpty())
        out << tr("Note: no --chain given; Apple expects its intermediate and root after the vendor certificate.")
            << '\n';
    return 0;
}

int pushCertShow(const QCommandLineParser& parser, const QString& dataDirPath)
{
    const QString command = QStringLiteral("show");
    auto db = openExistingDatabase(dataDirPath, false);
    if (!db)
        return pushCertFailure(command, db.error().message);
    auto active = quince::pki::PushCertificateStore::activeCertificate(*db);
    if (!active)
        return pushCertFailure(command, active.error().message);
    const bool json = parser.isSet(QStringLiteral("json"));
    if (!active->has_value()) {
        if (json)
            QTextStream(stdout) << QJsonDocument(QJsonObject {{QStringLiteral("active"), QJsonValue()}}).toJson();
        else
            QTextStream(stdout) << tr("No push certificate yet (quincectl push-cert request starts one).") << '\n';
        return 0;
    }
    if (json) {
        QTextStream(stdout) << QJsonDocument(QJsonObject {{QStringLiteral("active"), pushCertificateJson(**active)}})
                                   .toJson(QJsonDocument::Indented);
        return 0;
    }
    printPushCertificate(**active, false);
    return 0;
}

/// `push-cert <request|import|sign-request|show> ...`
int pushCert(const QCommandLineParser& parser, const PushCertOptions& options, const QStringList& args,
    const QString& dataDirPath)
{
    const QString sub = args.value(0);
    if (sub == QLatin1String("request") && args.size() == 1)
        return pushCertRequest(parser, options, dataDirPath);
    if (sub == QLatin1String("import") && args.size() == 2)
        return pushCertImport(parser, options, dataDirPath, args.at(1));
    if (sub == QLatin1String("sign-request") && args.size() == 1)
        return pushCertSignRequest(parser, options);
    if (sub == QLatin1String("show") && args.size() == 1)
        return pushCertShow(parser, dataDirPath);
    QTextStream(stderr) << tr("quincectl: usage: push-cert request|import FILE|sign-request|show; try 'quincectl "
                              "--help'")
                        << '\n';
    return 2;
}

} // namespace quince::cli
