// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/enrollment/EnrollmentService.h"

#include "core/pki/CaStore.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

#include <optional>

namespace quince::enrollment {

Q_LOGGING_CATEGORY(lcEnrollment, "quince.enrollment")

using storage::Database;
using storage::StorageError;
using storage::StorageErrorKind;
using storage::StorageStatus;

namespace {

/// Runs a read-only piece of work on the writer (the only connection the server owns) and hands
/// back its result.
template <typename T>
EnrollmentResult<T> onStorage(storage::StorageWorker& worker, const std::function<EnrollmentResult<T>(Database&)>& work)
{
    std::optional<EnrollmentResult<T>> result;
    const StorageStatus status = worker.writeAndWait([&](Database& db) -> StorageStatus {
        result = work(db);
        return {};
    });
    if (!status)
        return EnrollmentError {EnrollmentErrorKind::Storage, status.error().toString()};
    return std::move(*result);
}

QString rejectionMessage(CodeCheck::Status status, CodeKind kind)
{
    const bool link = kind == CodeKind::Link;
    switch (status) {
    case CodeCheck::Status::Malformed:
        return link ? QObject::tr("This enrollment link is not valid.")
                    : QObject::tr("That is not an enrollment code: it has ten letters and digits, like 7KQ2M-X9D4R.");
    case CodeCheck::Status::Unknown:
        return link ? QObject::tr("This enrollment link is not valid.")
                    : QObject::tr("This enrollment code is not valid. Check it and try again.");
    case CodeCheck::Status::AlreadyUsed:
        return link ? QObject::tr("This enrollment link has already been used. Ask your administrator for a new one.")
                    : QObject::tr("This enrollment code has already been used. Ask your administrator for a new one.");
    case CodeCheck::Status::Expired:
        return link ? QObject::tr("This enrollment link has expired. Ask your administrator for a new one.")
                    : QObject::tr("This enrollment code has expired. Ask your administrator for a new one.");
    case CodeCheck::Status::Accepted:
        break;
    }
    return {};
}

} // namespace

EnrollmentService::EnrollmentService(storage::StorageWorker& storage, Config config)
    : m_storage(storage), m_config(std::move(config)), m_limiter(m_config.limits)
{
}

EnrollmentResult<EnrollmentUrls> EnrollmentService::urls() const
{
    const quint16 port = m_config.listeningPort ? m_config.listeningPort() : 0;
    return onStorage<EnrollmentUrls>(
        m_storage, [port](Database& db) { return EnrollmentUrls::fromSettings(db, port); });
}

EnrollmentResult<IssuedProfile> EnrollmentService::profileFor(
    CodeKind kind, const QString& presented, const QString& peer)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const QString what = kind == CodeKind::Code ? QStringLiteral("code") : QStringLiteral("link");
    if (const qint64 wait = m_limiter.retryAfterSeconds(peer, now); wait > 0) {
        qCWarning(lcEnrollment, "enrollment %s from %s refused: too many failed attempts (retry in %lld s)",
            qPrintable(what), qPrintable(peer), wait);
        EnrollmentError error {EnrollmentErrorKind::RateLimited,
            QObject::tr(
                "Too many wrong codes from this network. Try again in %n minute(s).", nullptr, int((wait + 59) / 60))};
        error.retryAfterSeconds = wait;
        return error;
    }
    const quint16 port = m_config.listeningPort ? m_config.listeningPort() : 0;

    std::optional<EnrollmentError> failure;
    CodeCheck check;
    IssuedProfile issued;
    const StorageStatus status = m_storage.writeAndWait(
        [&](Database& db) -> StorageStatus {
            auto urls = EnrollmentUrls::fromSettings(db, port);
            if (!urls) {
                failure = urls.error();
                return StorageError {StorageErrorKind::JobFailed, failure->message, {}};
            }
            auto consumed = EnrollmentCodes::consume(db, kind, presented, peer, now);
            if (!consumed)
                return consumed.error();
            check = *consumed;
            if (!check.accepted())
                return {}; // nothing was written
            ProfileOptions options;
            options.purpose = QStringLiteral("enrollment:%1:%2").arg(what).arg(check.id);
            options.createdBy = peer;
            options.challengeLifetime = m_config.challengeLifetime;
            options.sign = !m_config.signer.isNull();
            options.now = now;
            auto profile = EnrollmentStore::issueProfile(db, *urls, m_config.signer, options);
            if (!profile) {
                // Rolls back the code's use too: the operator fixes the server, the code still works.
                failure = profile.error();
                return StorageError {StorageErrorKind::JobFailed, failure->message, {}};
            }
            if (auto attached = EnrollmentCodes::attachChallenge(db, check.id, profile->challengeId); !attached)
                return attached.error();
            issued = std::move(profile).value();
            return {};
        },
        {QStringLiteral("enrollment_codes"), QStringLiteral("scep_challenges"), QStringLiteral("settings")});
    if (failure) {
        qCWarning(lcEnrollment, "enrollment %s from %s: no profile: %s", qPrintable(what), qPrintable(peer),
            qPrintable(failure->message));
        return *failure;
    }
    if (!status) {
        qCWarning(lcEnrollment, "enrollment %s from %s: storage failed: %s", qPrintable(what), qPrintable(peer),
            qPrintable(status.error().toString()));
        return EnrollmentError {EnrollmentErrorKind::Storage, status.error().toString()};
    }
    if (!check.accepted()) {
        m_limiter.recordFailure(peer, now);
        qCWarning(lcEnrollment, "enrollment %s from %s refused: %s", qPrintable(what), qPrintable(peer),
            qPrintable(codeStatusName(check.status)));
        return EnrollmentError {EnrollmentErrorKind::CodeRejected, rejectionMessage(check.status, kind)};
    }
    qCInfo(lcEnrollment, "enrollment %s %lld from %s: profile issued with challenge %lld", qPrintable(what), check.id,
        qPrintable(peer), issued.challengeId);
    return issued;
}

EnrollmentResult<QByteArray> EnrollmentService::trustProfile() const
{
    return onStorage<QByteArray>(m_storage, [](Database& db) { return EnrollmentStore::trustProfile(db); });
}

EnrollmentResult<QByteArray> EnrollmentService::anchorCertificatesJson() const
{
    return onStorage<QByteArray>(m_storage, [](Database& db) -> EnrollmentResult<QByteArray> {
        auto roots = pki::CaStore::find(db, pki::CertificateKind::RootCa, pki::CertificateStatus::Active);
        if (!roots)
            return EnrollmentError {EnrollmentErrorKind::Storage, roots.error().toString()};
        QJsonArray anchors;
        for (const pki::CertificateRecord& root : *roots)
            anchors.append(QString::fromLatin1(root.certificate.toDer().toBase64()));
        return QJsonDocument(anchors).toJson(QJsonDocument::Compact);
    });
}

EnrollmentResult<QByteArray> EnrollmentService::serviceConfigJson() const
{
    auto current = urls();
    if (!current)
        return current.error();
    // dep_enrollment_url and dep_anchor_certs_url come as the pair Apple recommends; the trust
    // profile is needed because Quince's TLS certificate chains to a private root.
    return QJsonDocument(QJsonObject {{QStringLiteral("dep_enrollment_url"), current->enroll()},
                             {QStringLiteral("dep_anchor_certs_url"), current->anchorCerts()},
                             {QStringLiteral("trust_profile_url"), current->trustProfile()}})
        .toJson(QJsonDocument::Compact);
}

void EnrollmentService::certificateIssued(const pki::Certificate& certificate, qint64 challengeId)
{
    if (challengeId < 0)
        return;
    auto linked = onStorage<bool>(m_storage,
        [&](Database& db) { return EnrollmentStore::linkIssuedCertificate(db, challengeId, certificate.sha256Hex()); });
    if (!linked)
        qCWarning(lcEnrollment, "certificate %s not linked to challenge %lld: %s", qPrintable(certificate.serialHex()),
            challengeId, qPrintable(linked.error().message));
    else if (!*linked)
        qCWarning(lcEnrollment, "certificate %s: challenge %lld not found to link it to",
            qPrintable(certificate.serialHex()), challengeId);
}

} // namespace quince::enrollment
