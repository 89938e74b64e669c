// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/quincectl/CliSupport.h"
#include "app/quincectl/Commands.h"
#include "core/enrollment/EnrollmentCodes.h"
#include "core/enrollment/EnrollmentStore.h"
#include "core/enrollment/EnrollmentUrls.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <chrono>
#include <optional>

namespace quince::cli {

using namespace quince::enrollment;

namespace {

/// Prints "quincectl: enrollment <command>: <message>" and returns the failure exit code.
int enrollmentFailure(const QString& command, const QString& message)
{
    QTextStream(stderr) << QStringLiteral("quincectl: enrollment %1: %2").arg(command, message.simplified()) << '\n';
    return 1;
}

/// --expires-hours, bounded: a forgotten code or profile must not stay valid for ever.
std::optional<std::chrono::seconds> lifetime(
    const QCommandLineParser& parser, const EnrollmentOptions& options, QString* error)
{
    if (!parser.isSet(options.expiresHours))
        return std::chrono::seconds(EnrollmentCodes::kDefaultLifetime);
    bool ok = false;
    const int hours = parser.value(options.expiresHours).toInt(&ok);
    const int maxHours = int(EnrollmentCodes::kMaxLifetime.count());
    if (!ok || hours < 1 || hours > maxHours) {
        *error = tr("--expires-hours wants a whole number of hours from 1 to %1").arg(maxHours);
        return std::nullopt;
    }
    return std::chrono::seconds(std::chrono::hours(hours));
}

int enrollmentProfile(const QCommandLineParser& parser, const EnrollmentOptions& options, const QString& dataDirPath)
{
    const QString command = QStringLiteral("profile");
    const QString outPath = parser.value(QStringLiteral("out"));
    if (outPath.isEmpty())
        return enrollmentFailure(command, tr("--out FILE is required"));
    QString error;
    const std::optional<std::chrono::seconds> challengeLifetime = lifetime(parser, options, &error);
    if (!challengeLifetime)
        return enrollmentFailure(command, error);
    auto db = openExistingDatabase(dataDirPath, true);
    if (!db)
        return enrollmentFailure(command, db.error().message);
    auto urls = EnrollmentUrls::fromSettings(*db);
    if (!urls)
        return enrollmentFailure(command, urls.error().message);

    const bool sign = !parser.isSet(options.unsignedProfile);
    pki::CmsSigner signer;
    if (sign) {
        auto sealer = openSealer(dataDirPath, parser.value(QStringLiteral("passphrase-file")));
        if (!sealer)
            return enrollmentFailure(command, sealer.error().message);
        auto loaded = EnrollmentStore::loadSigner(*db, **sealer);
        if (!loaded)
            return enrollmentFailure(command, loaded.error().message);
        signer = std::move(loaded).value();
    }
    ProfileOptions profileOptions;
    profileOptions.sign = sign;
    profileOptions.signMessage = parser.isSet(options.signMessage);
    profileOptions.purpose = QStringLiteral("enrollment:cli");
    profileOptions.createdBy = QStringLiteral("quincectl");
    profileOptions.challengeLifetime = *challengeLifetime;
    auto issued = EnrollmentStore::issueProfile(*db, *urls, signer, profileOptions);
    if (!issued)
        return enrollmentFailure(command, issued.error().message);
    // The profile holds a live SCEP challenge: owner-only, like every other secret on disk.
    if (!writeWholeFile(outPath, issued->bytes, &error))
        return enrollmentFailure(command, error);
    QFile::setPermissions(outPath, QFileDevice::ReadOwner | QFileDevice::WriteOwner);

    QTextStream out(stdout);
    if (parser.isSet(QStringLiteral("json"))) {
        QJsonObject result {{QStringLiteral("path"), QDir(outPath).absolutePath()},
            {QStringLiteral("signed"), issued->isSigned},
            {QStringLiteral("profileIdentifier"), issued->profileIdentifier},
            {QStringLiteral("serverUrl"), urls->server()},
            {QStringLiteral("challengeExpiresAt"), issued->challengeExpiresAt.toString(Qt::ISODate)}};
        if (sign)
            result.insert(QStringLiteral("signer"), signer.certificate().subject());
        out << QJsonDocument(result).toJson(QJsonDocument::Indented);
        return 0;
    }
    out << tr("Wrote the enrollment profile for %1 to %2 (%3).")
               .arg(urls->base(), QDir::toNativeSeparators(outPath),
                   sign ? tr("signed by %1").arg(signer.certificate().subject()) : tr("unsigned"))
        << '\n'
        << tr("Its single-use SCEP challenge expires at %1 UTC.")
               .arg(issued->challengeExpiresAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")))
        << '\n';
    return 0;
}

int enrollmentSecret(
    const QCommandLineParser& parser, const EnrollmentOptions& options, const QString& dataDirPath, CodeKind kind)
{
    const QString command = kind == CodeKind::Code ? QStringLiteral("code create") : QStringLiteral("link");
    QString error;
    const std::optional<std::chrono::seconds> codeLifetime = lifetime(parser, options, &error);
    if (!codeLifetime)
        return enrollmentFailure(command, error);
    auto db = openExistingDatabase(dataDirPath, true);
    if (!db)
        return enrollmentFailure(command, db.error().message);
    auto urls = EnrollmentUrls::fromSettings(*db);
    if (!urls)
        return enrollmentFailure(command, urls.error().message);
    std::optional<NewEnrollmentCode> created;
    const storage::StorageStatus done = db->transact([&]() -> storage::StorageStatus {
        auto made = EnrollmentCodes::create(
            *db, kind, *codeLifetime, QStringLiteral("quincectl"), QDateTime::currentDateTimeUtc());
        if (!made)
            return made.error();
        created = *made;
        return {};
    });
    if (!done)
        return enrollmentFailure(command, done.error().toString());

    const QString expires = created->expiresAt.toString(Qt::ISODate);
    QTextStream out(stdout);
    if (kind == CodeKind::Code) {
        if (parser.isSet(QStringLiteral("json"))) {
            out << QJsonDocument(
                QJsonObject {{QStringLiteral("code"), created->secret}, {QStringLiteral("enrollUrl"), urls->enroll()},
                    {QStringLiteral("expiresAt"), expires}})
                       .toJson(QJsonDocument::Indented);
            return 0;
        }
        out << created->secret << '\n'
            << tr("Enter it on %1 from the device (single use, expires %2 UTC). It is not shown again.")
                   .arg(urls->enroll(), created->expiresAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")))
            << '\n';
        return 0;
    }
    const QString url = urls->enrollLink(created->secret);
    if (parser.isSet(QStringLiteral("json"))) {
        out << QJsonDocument(QJsonObject {{QStringLiteral("url"), url}, {QStringLiteral("expiresAt"), expires}})
                   .toJson(QJsonDocument::Indented);
        return 0;
    }
    out << url << '\n'
        << tr("Open it once on the device (single use, expires %1 UTC). It is not shown again.")
               .arg(created->expiresAt.toString(QStringLiteral("yyyy-MM-dd HH:mm")))
        << '\n';
    return 0;
}

} // namespace

/// `enrollment profile|code create|link ...`
int enrollment(const QCommandLineParser& parser, const EnrollmentOptions& options, const QStringList& args,
    const QString& dataDirPath)
{
    if (args == QStringList {QStringLiteral("profile")})
        return enrollmentProfile(parser, options, dataDirPath);
    if (args == QStringList {QStringLiteral("code"), QStringLiteral("create")})
        return enrollmentSecret(parser, options, dataDirPath, CodeKind::Code);
    if (args == QStringList {QStringLiteral("link")})
        return enrollmentSecret(parser, options, dataDirPath, CodeKind::Link);
    QTextStream(stderr) << tr("quincectl: usage: enrollment profile|code create|link; try 'quincectl --help'") << '\n';
    return 2;
}

} // namespace quince::cli
