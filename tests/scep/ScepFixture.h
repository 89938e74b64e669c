// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What every SCEP service test starts from: a test CA and RA, a real SQLite file with the
// challenge store, a test issuer, the service, and the log captured so that no test can leak a
// challenge into it unnoticed.

#include "ScepTestClient.h"
#include "ScepTestSupport.h"

#include "core/scep/ScepService.h"
#include "core/scep/StorageChallengeStore.h"
#include "core/storage/StorageWorker.h"

#include <QTemporaryDir>

#include <memory>
#include <utility>

namespace quince::scep::test {

inline constexpr int kSuccess = 0;
inline constexpr int kFailure = 2;

class ScepFixture {
public:
    /// Once per test case: the CA and RA keys (RSA key generation is the slow part).
    bool createPki();
    /// Per test: a fresh database, store, issuer and service (with RA). Empty string on success.
    QString setUp();
    /// Per test: checks no challenge reached the log, then tears down. False if one did.
    bool tearDown();

    ScepServiceConfig config(bool withRa) const;
    QByteArray newChallenge(const QString& purpose = QStringLiteral("enrollment:1"));
    ScepResponse post(const QByteArray& der);
    /// Builds, posts and reads back one request (Reply::error says what went wrong if it did).
    Reply exchange(const ScepTestClient& client, const RequestSpec& spec);
    /// Enrolls a fresh client by PKCSReq; the certificate is null if that failed.
    std::pair<ScepTestClient, pki::Certificate> enroll();

    /// Installs the capturing message handler (once per process) and returns all log text.
    static void captureLog();
    static QString logText();

    TestPki pki;
    QDateTime storeNow;
    std::unique_ptr<QTemporaryDir> dir;
    std::unique_ptr<storage::StorageWorker> worker;
    std::unique_ptr<StorageChallengeStore> store;
    std::unique_ptr<TestIssuer> issuer;
    std::unique_ptr<ScepService> service;
    QList<QByteArray> challenges;
};

/// Asserts reply is a FAILURE CertRep with failInfo, signed by the RA, echoing client's request.
void expectFailure(const ScepTestClient& client, const Reply& reply, FailInfo failInfo);

} // namespace quince::scep::test
