// SPDX-License-Identifier: GPL-3.0-or-later
// quincectl: the command-line tool. Reads the data directory without taking its lock, so it
// works next to a running console or quinced.
#include "app/common/DataDirOption.h"
#include "core/common/DataDirectory.h"
#include "core/common/Version.h"
#include "core/pki/CaStore.h"
#include "core/pki/CertificateInventory.h"
#include "core/pki/KeySealer.h"
#include "core/pki/PushCertificateStore.h"
#include "core/pki/VendorCsrSigner.h"
#include "core/secrets/MasterKeyProviderFactory.h"
#include "core/secrets/SecretStore.h"
#include "core/secrets/SecretStoreKeySealer.h"
#include "core/storage/Database.h"

#include <QCommandLineParser>
#include <QCoreApplication>
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

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("quincectl", text);
}

int status(const QString& dataDirPath)
{
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString absolute = QFileInfo(dataDirPath).absoluteFilePath();
    out << tr("Data directory: %1").arg(QDir::toNativeSeparators(absolute)) << '\n';

    if (const auto owner = quince::DataDirectory::lockOwner(absolute))
        out << tr("Server: running (%1, process %2 on %3)")
                   .arg(owner->application, QString::number(owner->pid), owner->hostName)
            << '\n';
    else
        out << tr("Server: not running") << '\n';

    const QString databasePath = QDir(absolute).filePath(quince::storage::Database::databaseFileName());
    if (!QFileInfo::exists(databasePath)) {
        out.flush();
        err << tr("quincectl: no Quince database in %1 (start quince or quinced once to create one)")
                   .arg(QDir::toNativeSeparators(absolute))
            << '\n';
        return 1;
    }
    auto db = quince::storage::Database::openReader(databasePath);
    if (!db) {
        out.flush();
        err << tr("quincectl: cannot read the database: %1").arg(db.error().toString()) << '\n';
        return 1;
    }
    out << tr("Schema version: %1").arg(db->schemaVersion()) << '\n';

    auto counts = db->exec(QStringLiteral("SELECT COUNT(*), COALESCE(SUM(CASE WHEN enrollment_state = 'enrolled'"
                                          " THEN 1 ELSE 0 END), 0) FROM devices"));
    if (!counts || !counts->next()) {
        out.flush();
        err << tr("quincectl: cannot count devices: %1").arg(counts ? QString() : counts.error().toString()) << '\n';
        return 1;
    }
    out << tr("Devices: %1 (%2 enrolled)").arg(counts->value(0).toLongLong()).arg(counts->value(1).toLongLong())
        << '\n';
    return 0;
}

// `certs list [--json]`: every certificate Quince holds or issued, with its expiry and what
// depends on it, then the expiry warnings. Reads through a read-only connection, so it works
// while quince or quinced runs on the same directory.
int certsList(const QString& dataDirPath, bool json, const QString& warnDays)
{
    using namespace quince::pki;
    QTextStream out(stdout);
    QTextStream err(stderr);
    const QString databasePath
        = QDir(QFileInfo(dataDirPath).absoluteFilePath()).filePath(quince::storage::Database::databaseFileName());
    if (!QFileInfo::exists(databasePath)) {
        err << tr("quincectl: no Quince database in %1 (start quince or quinced once to create one)")
                   .arg(QDir::toNativeSeparators(QFileInfo(dataDirPath).absoluteFilePath()))
            << '\n';
        return 1;
    }
    auto db = quince::storage::Database::openReader(databasePath);
    if (!db) {
        err << tr("quincectl: cannot read the database: %1").arg(db.error().toString()) << '\n';
        return 1;
    }
    auto items = CertificateInventory::load(*db);
    if (!items) {
        err << tr("quincectl: cannot read the certificates: %1").arg(items.error().toString()) << '\n';
        return 1;
    }
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<int> thresholds = CertificateInventory::thresholds(*db);
    if (!warnDays.isEmpty()) {
        const auto given = CertificateInventory::parseThresholds(warnDays);
        if (!given) {
            err << tr("quincectl: --warn-days wants whole numbers of days separated by commas, e.g. 30,14,3") << '\n';
            return 2;
        }
        thresholds = *given;
    }
    const QList<ExpiryWarning> warnings = CertificateInventory::expiryWarnings(*items, now, thresholds);

    if (json) {
        QJsonArray certificates;
        for (const InventoryItem& item : *items) {
            QJsonObject entry {
                {QStringLiteral("id"), item.id},
                {QStringLiteral("kind"), toDbValue(item.kind)},
                {QStringLiteral("status"), toDbValue(item.status)},
                {QStringLiteral("subject"), item.subject()},
                {QStringLiteral("issuer"), item.issuer()},
                {QStringLiteral("serial"), item.serialHex()},
                {QStringLiteral("sha256"), item.certificate.sha256Hex()},
                {QStringLiteral("notBefore"), item.certificate.notBefore().toString(Qt::ISODate)},
                {QStringLiteral("notAfter"), item.notAfter().toString(Qt::ISODate)},
                {QStringLiteral("daysLeft"), item.daysLeft(now)},
                {QStringLiteral("hasPrivateKey"), item.hasPrivateKey},
                {QStringLiteral("dependents"), item.dependents},
            };
            if (item.issuerId)
                entry.insert(QStringLiteral("issuerId"), *item.issuerId);
            if (!item.deviceUdid.isEmpty())
                entry.insert(QStringLiteral("deviceUdid"), item.deviceUdid);
            if (item.enrollmentId)
                entry.insert(QStringLiteral("enrollmentId"), *item.enrollmentId);
            certificates.append(entry);
        }
        QJsonArray warningList;
        for (const ExpiryWarning& warning : warnings)
            warningList.append(QJsonObject {{QStringLiteral("id"), warning.certificate.id},
                {QStringLiteral("severity"), displayName(warning.severity)},
                {QStringLiteral("daysLeft"), warning.daysLeft}, {QStringLiteral("threshold"), warning.threshold},
                {QStringLiteral("message"), warning.message()}});
        out << QJsonDocument(
            QJsonObject {{QStringLiteral("certificates"), certificates}, {QStringLiteral("warnings"), warningList}})
                   .toJson(QJsonDocument::Indented);
        return 0;
    }

    const QStringList headers {
        tr("KIND"), tr("STATUS"), tr("NOT AFTER (UTC)"), tr("DAYS LEFT"), tr("SERIAL"), tr("SUBJECT")};
    QList<QStringList> rows;
    for (const InventoryItem& item : *items)
        rows.append({displayName(item.kind), toDbValue(item.status),
            item.notAfter().toString(QStringLiteral("yyyy-MM-dd HH:mm")), QString::number(item.daysLeft(now)),
            item.serialHex(), item.subject()});
    QList<qsizetype> widths;
    for (const QString& header : headers)
        widths.append(header.size());
    for (const QStringList& row : rows) {
        for (qsizetype column = 0; column < row.size(); ++column)
            widths[column] = std::max(widths[column], row.at(column).size());
    }
    const auto printRow = [&](const QStringList& row) {
        QString line;
        for (qsizetype column = 0; column < row.size(); ++column)
            line += column + 1 < row.size() ? row.at(column).leftJustified(widths.at(column) + 2) : row.at(column);
        out << line << '\n';
    };
    printRow(headers);
    for (const QStringList& row : rows)
        printRow(row);
    if (rows.isEmpty())
        out << tr("(no certificates yet: start quince or quinced once to create the certificate authority)") << '\n';
    for (const ExpiryWarning& warning : warnings)
        out << displayName(warning.severity).toUpper() << ": " << warning.message() << '\n';
    return 0;
}

/// ca export --out FILE: the root CA certificate (PEM), for devices and browsers to trust.
int caExport(const QString& dataDirPath, const QString& outPath)
{
    QTextStream err(stderr);
    if (outPath.isEmpty()) {
        err << tr("quincectl ca export: --out FILE is required") << '\n';
        return 2;
    }
    const QString databasePath
        = QDir(QFileInfo(dataDirPath).absoluteFilePath()).filePath(quince::storage::Database::databaseFileName());
    if (!QFileInfo::exists(databasePath)) {
        err << tr("quincectl ca export: no Quince database in %1").arg(QDir::toNativeSeparators(dataDirPath)) << '\n';
        return 1;
    }
    auto db = quince::storage::Database::openReader(databasePath);
    if (!db) {
        err << tr("quincectl ca export: cannot read the database: %1").arg(db.error().toString()) << '\n';
        return 1;
    }
    auto roots
        = quince::pki::CaStore::find(*db, quince::pki::CertificateKind::RootCa, quince::pki::CertificateStatus::Active);
    if (!roots) {
        err << tr("quincectl ca export: %1").arg(roots.error().toString()) << '\n';
        return 1;
    }
    if (roots->isEmpty()) {
        err << tr("quincectl ca export: the certificate authority is not created yet (start quince or quinced once)")
            << '\n';
        return 1;
    }
    QSaveFile file(outPath);
    if (!file.open(QIODevice::WriteOnly) || file.write(roots->first().certificate.toPem()) < 0 || !file.commit()) {
        err << tr("quincectl ca export: cannot write %1: %2").arg(outPath, file.errorString()) << '\n';
        return 1;
    }
    return 0;
}

// ---- push-cert: the APNs push certificate steps ---------------------------------------------

/// The options of the push-cert commands, on quincectl's one parser.
struct PushCertOptions {
    QCommandLineOption out {QStringLiteral("out"), tr("ca export, push-cert: the file to write."), tr("file")};
    QCommandLineOption organization {
        QStringLiteral("organization"), tr("push-cert request: the O= of the request's subject."), tr("name")};
    QCommandLineOption passwordFile {QStringLiteral("password-file"),
        tr("push-cert import: the PKCS#12 password; sign-request: the vendor key's passphrase (read from <file>)."),
        tr("file")};
    QCommandLineOption vendorCert {
        QStringLiteral("vendor-cert"), tr("push-cert sign-request: the MDM vendor certificate (PEM)."), tr("file")};
    QCommandLineOption vendorKey {
        QStringLiteral("vendor-key"), tr("push-cert sign-request: the MDM vendor private key (PEM)."), tr("file")};
    QCommandLineOption csr {
        QStringLiteral("csr"), tr("push-cert sign-request: the customer's request (PEM or DER)."), tr("file")};
    QCommandLineOption chain {QStringLiteral("chain"),
        tr("push-cert sign-request: Apple's intermediate and root certificates (PEM, in that order), as "
           "downloaded from https://www.apple.com/certificateauthority/ (may be repeated)."),
        tr("file")};
    QCommandLineOption passphraseFile {QStringLiteral("passphrase-file"),
        tr("push-cert request/import: read the master key passphrase from <file> (or set "
           "$QUINCE_PASSPHRASE_FILE)."),
        tr("file")};

    QCommandLineOption json {QStringLiteral("json"), tr("Print JSON instead of text.")};

    void addTo(QCommandLineParser& parser) const
    {
        parser.addOptions({out, organization, passwordFile, vendorCert, vendorKey, csr, chain, passphraseFile});
        // --json is shared with other commands: whoever registers it first owns it (a second
        // registration would only print a warning), and everyone reads it by name.
        if (!parser.helpText().contains(QLatin1String("--json")))
            parser.addOption(json);
    }

    static QString help()
    {
        return tr("\n  push-cert request --out FILE [--organization ORG]\n"
                  "            make the push key (kept sealed) and write its CSR (PEM) to FILE\n"
                  "  push-cert sign-request --vendor-cert PEM --vendor-key PEM --csr CSR --out FILE\n"
                  "            [--chain APPLE_CHAIN.pem]\n"
                  "            MDM vendors: write the base64 plist request to upload to Apple\n"
                  "  push-cert import FILE [--password-file FILE] [--json]\n"
                  "            import Apple's push certificate (PEM, DER or PKCS#12)\n"
                  "  push-cert show [--json]\n"
                  "            show the active push certificate's topic and expiry");
    }
};

/// Prints "quincectl: push-cert <command>: <message>" and returns the failure exit code.
int pushCertFailure(const QString& command, const QString& message)
{
    QTextStream(stderr) << QStringLiteral("quincectl: push-cert %1: %2").arg(command, message.simplified()) << '\n';
    return 1;
}

std::optional<QByteArray> readWholeFile(const QString& path, QString* error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("cannot read %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return std::nullopt;
    }
    return file.readAll();
}

bool writeWholeFile(const QString& path, const QByteArray& bytes, QString* error)
{
    QSaveFile file(path);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        *error = tr("cannot write %1: %2").arg(QDir::toNativeSeparators(path), file.errorString());
        return false;
    }
    return true;
}

/// A password file's contents without one trailing newline, as editors leave it.
std::optional<QByteArray> readPasswordFile(const QString& path, QString* error)
{
    std::optional<QByteArray> password = readWholeFile(path, error);
    if (password && password->endsWith('\n'))
        password->chop(password->endsWith("\r\n") ? 2 : 1);
    return password;
}

/// The writer connection on an existing database (quincectl never creates one).
quince::Result<quince::storage::Database> openPushDatabase(const QString& dataDirPath, bool writer)
{
    const QString absolute = QFileInfo(dataDirPath).absoluteFilePath();
    const QString path = QDir(absolute).filePath(quince::storage::Database::databaseFileName());
    if (!QFileInfo::exists(path))
        return quince::Error {tr("no Quince database in %1 (start quince or quinced once to create one)")
                                  .arg(QDir::toNativeSeparators(absolute))};
    auto db = writer ? quince::storage::Database::openWriter(path) : quince::storage::Database::openReader(path);
    if (!db)
        return quince::Error {tr("cannot open the database: %1").arg(db.error().toString())};
    return std::move(db).value();
}

/// The data directory's sealer: the master key from the passphrase file, the environment or a
/// prompt (or the keychain the directory was created with). Never a plain-text fallback.
quince::Result<std::unique_ptr<quince::pki::KeySealer>> openPushSealer(
    const QString& dataDirPath, const QString& passphraseFile)
{
    using namespace quince::secrets;
    MasterKeyOptions options;
    options.dataDirectory = QFileInfo(dataDirPath).absoluteFilePath();
    options.passphrase = PassphraseSource::standardOptions(passphraseFile);
    auto provider = MasterKeyProviderFactory::create(KeyHost::Headless, options);
    if (!provider)
        return quince::Error {tr("no master key: %1").arg(provider.error().toString())};
    auto key = (*provider)->obtain();
    if (!key)
        return quince::Error {tr("no master key: %1").arg(key.error().toString())};
    return std::unique_ptr<quince::pki::KeySealer>(
        std::make_unique<quince::secrets::SecretStoreKeySealer>(SecretStore(std::move(key).value())));
}

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
    auto db = openPushDatabase(dataDirPath, true);
    if (!db)
        return pushCertFailure(command, db.error().message);
    auto sealer = openPushSealer(dataDirPath, parser.value(options.passphraseFile));
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
    auto db = openPushDatabase(dataDirPath, true);
    if (!db)
        return pushCertFailure(command, db.error().message);
    auto sealer = openPushSealer(dataDirPath, parser.value(options.passphraseFile));
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
    auto db = openPushDatabase(dataDirPath, false);
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

} // namespace

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setOrganizationName(QStringLiteral("Quince"));
    QCoreApplication::setApplicationName(QStringLiteral("quincectl"));
    QCoreApplication::setApplicationVersion(quince::versionString());

    QCommandLineParser parser;
    parser.setApplicationDescription(tr("Quince command-line tool.\n\nCommands:\n"
                                        "  status    show the data directory, the server and the device count\n"
                                        "  certs list [--json]\n"
                                        "            list the certificates with their expiry and what depends on them\n"
                                        "  ca export --out FILE\n"
                                        "            write the root CA certificate (PEM) that devices must trust"));
    parser.addHelpOption();
    parser.addVersionOption();
    const quince::app::DataDirOption dataDirOption;
    dataDirOption.addTo(parser);
    const QCommandLineOption jsonOption(
        QStringLiteral("json"), tr("certs list, push-cert: print JSON instead of text."));
    parser.addOption(jsonOption);
    const QCommandLineOption warnDaysOption(QStringLiteral("warn-days"),
        tr("certs list: warn this many days before expiry (default: the setting pki.expiry_warning_days, "
           "else 30,14,3)."),
        tr("days,..."));
    parser.addOption(warnDaysOption);
    const PushCertOptions pushCertOptions;
    pushCertOptions.addTo(parser);
    parser.setApplicationDescription(parser.applicationDescription() + PushCertOptions::help());
    parser.addPositionalArgument(
        QStringLiteral("command"), tr("The command to run (see above)."), QStringLiteral("<command>"));
    parser.process(app);

    const QStringList args = parser.positionalArguments();
    if (args.isEmpty()) {
        QTextStream(stderr) << tr("quincectl: no command given; try 'quincectl --help'") << '\n';
        return 2;
    }
    if (args.first() == QLatin1String("status") && args.size() == 1)
        return status(dataDirOption.resolve(parser));
    if (args == QStringList {QStringLiteral("certs"), QStringLiteral("list")})
        return certsList(dataDirOption.resolve(parser), parser.isSet(jsonOption), parser.value(warnDaysOption));

    if (args == QStringList {QStringLiteral("ca"), QStringLiteral("export")})
        return caExport(dataDirOption.resolve(parser), parser.value(pushCertOptions.out));
    if (args.first() == QLatin1String("push-cert"))
        return pushCert(parser, pushCertOptions, args.mid(1), dataDirOption.resolve(parser));

    QTextStream(stderr) << tr("quincectl: unknown command '%1'; try 'quincectl --help'").arg(args.join(u' ')) << '\n';
    return 2;
}
