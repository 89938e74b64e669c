// SPDX-License-Identifier: GPL-3.0-or-later
// StorageChallengeStore on real SQLite files: a challenge is random, returned once, stored only
// as its SHA-256, consumed at most once even under concurrency, and refused once expired.

#include "core/scep/StorageChallengeStore.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"

#include <QAtomicInt>
#include <QDirIterator>
#include <QFile>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>
#include <QThread>

#include <cctype>
#include <functional>
#include <memory>

using namespace quince;
using namespace quince::scep;
using namespace quince::storage;

namespace {

QVariant scalar(const QString& path, const QString& sql, const QVariantList& bindings = {})
{
    Result<Database, StorageError> reader = Database::openReader(path);
    if (!reader)
        return QVariant();
    Result<QSqlQuery, StorageError> query = reader->exec(sql, bindings);
    if (!query || !query->next())
        return QVariant();
    return query->value(0);
}

/// Every byte of the data directory (database, WAL and shared-memory files).
QByteArray everyFileIn(const QString& directory)
{
    QByteArray all;
    QDirIterator it(directory, QDir::Files | QDir::Hidden);
    while (it.hasNext()) {
        QFile file(it.next());
        if (file.open(QIODevice::ReadOnly))
            all += file.readAll();
    }
    return all;
}

} // namespace

class TestChallengeStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void createdChallengeIsRandomAndLongEnough();
    void consumeOnce();
    void unknownAndEmptyChallenges();
    void expiredChallengeIsRefused();
    void onlyTheDigestIsStored();
    void concurrentConsumersOnOneWorker();
    void concurrentConsumersOnTwoConnections();
    void linkCertificateAndPurge();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    QString m_path;
    std::unique_ptr<StorageWorker> m_worker;
    QDateTime m_now;
    std::unique_ptr<StorageChallengeStore> m_store;
};

void TestChallengeStore::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_path = m_dir->filePath(Database::databaseFileName());
    m_worker = std::make_unique<StorageWorker>();
    StorageStatus started = m_worker->start(m_path);
    QVERIFY2(started.ok(), started ? "" : qPrintable(started.error().toString()));
    m_now = QDateTime::currentDateTimeUtc();
    m_store = std::make_unique<StorageChallengeStore>(*m_worker, [this] { return m_now; });
}

void TestChallengeStore::cleanup()
{
    m_store.reset();
    m_worker.reset();
    m_dir.reset();
}

void TestChallengeStore::createdChallengeIsRandomAndLongEnough()
{
    auto first = m_store->create(QStringLiteral("enrollment:1"), QStringLiteral("admin"));
    auto second = m_store->create(QStringLiteral("enrollment:1"));
    QVERIFY(first && second);
    QVERIFY(first->challenge != second->challenge);
    // 160 bits as hex: 40 characters, all PrintableString-safe.
    QCOMPARE(first->challenge.size(), 40);
    for (const char c : std::as_const(first->challenge))
        QVERIFY(std::isxdigit(static_cast<unsigned char>(c)));
    QVERIFY(first->id > 0 && second->id > first->id);
    QCOMPARE(first->expiresAt, m_now.addSecs(3600));
    QCOMPARE(
        scalar(m_path, QStringLiteral("SELECT created_by FROM scep_challenges WHERE id = ?"), {first->id}).toString(),
        QStringLiteral("admin"));
    QVERIFY(
        scalar(m_path, QStringLiteral("SELECT created_by FROM scep_challenges WHERE id = ?"), {second->id}).isNull());
}

void TestChallengeStore::consumeOnce()
{
    auto created = m_store->create(QStringLiteral("enrollment:7"));
    QVERIFY(created);
    const ChallengeCheck first = m_store->consume(created->challenge);
    QCOMPARE(first.status, ChallengeCheck::Status::Accepted);
    QCOMPARE(first.id, created->id);
    QCOMPARE(first.purpose, QStringLiteral("enrollment:7"));
    QCOMPARE(m_store->consume(created->challenge).status, ChallengeCheck::Status::AlreadyUsed);
    QCOMPARE(
        scalar(m_path, QStringLiteral("SELECT used_at FROM scep_challenges WHERE id = ?"), {created->id}).toLongLong(),
        m_now.toMSecsSinceEpoch());
}

void TestChallengeStore::unknownAndEmptyChallenges()
{
    auto created = m_store->create(QStringLiteral("p"));
    QVERIFY(created);
    QCOMPARE(m_store->consume(QByteArrayLiteral("not-a-challenge")).status, ChallengeCheck::Status::Unknown);
    QCOMPARE(m_store->consume(QByteArray()).status, ChallengeCheck::Status::Unknown);
    QByteArray almost = created->challenge;
    almost[0] = almost.at(0) == 'a' ? 'b' : 'a';
    QCOMPARE(m_store->consume(almost).status, ChallengeCheck::Status::Unknown);
    // Case matters: the digest is over the exact bytes.
    QCOMPARE(m_store->consume(created->challenge.toUpper() + "X").status, ChallengeCheck::Status::Unknown);
    QCOMPARE(m_store->consume(created->challenge).status, ChallengeCheck::Status::Accepted);
}

void TestChallengeStore::expiredChallengeIsRefused()
{
    auto created = m_store->create(QStringLiteral("p"), QString(), std::chrono::seconds(60));
    QVERIFY(created);
    m_now = m_now.addSecs(60); // expires_at is exclusive: at the instant of expiry it is gone
    QCOMPARE(m_store->consume(created->challenge).status, ChallengeCheck::Status::Expired);
    m_now = m_now.addSecs(-1);
    QCOMPARE(m_store->consume(created->challenge).status, ChallengeCheck::Status::Accepted);
}

void TestChallengeStore::onlyTheDigestIsStored()
{
    QList<QByteArray> challenges;
    for (int i = 0; i < 5; ++i) {
        auto created = m_store->create(QStringLiteral("enrollment:%1").arg(i));
        QVERIFY(created);
        challenges.append(created->challenge);
    }
    QCOMPARE(m_store->consume(challenges.first()).status, ChallengeCheck::Status::Accepted);
    m_worker->stop(); // checkpoint and close, so the main file holds everything

    const QByteArray bytes = everyFileIn(m_dir->path());
    QVERIFY(!bytes.isEmpty());
    for (const QByteArray& challenge : std::as_const(challenges)) {
        QVERIFY2(!bytes.contains(challenge), "clear challenge found in the database files");
        QVERIFY2(!bytes.contains(challenge.toUpper()), "clear challenge found in the database files");
        QVERIFY(bytes.contains(StorageChallengeStore::digestOf(challenge).toLatin1()));
    }
}

void TestChallengeStore::concurrentConsumersOnOneWorker()
{
    constexpr int kRounds = 25;
    constexpr int kThreads = 4;
    for (int round = 0; round < kRounds; ++round) {
        auto created = m_store->create(QStringLiteral("race"));
        QVERIFY(created);
        QAtomicInt accepted = 0;
        QAtomicInt used = 0;
        std::vector<std::unique_ptr<QThread>> threads;
        for (int t = 0; t < kThreads; ++t) {
            threads.emplace_back(QThread::create([&, challenge = created->challenge] {
                const ChallengeCheck check = m_store->consume(challenge);
                if (check.accepted())
                    accepted.fetchAndAddOrdered(1);
                else if (check.status == ChallengeCheck::Status::AlreadyUsed)
                    used.fetchAndAddOrdered(1);
            }));
        }
        for (auto& thread : threads)
            thread->start();
        for (auto& thread : threads)
            QVERIFY(thread->wait(30000));
        QCOMPARE(accepted.loadAcquire(), 1);
        QCOMPARE(used.loadAcquire(), kThreads - 1);
    }
}

void TestChallengeStore::concurrentConsumersOnTwoConnections()
{
    // Two writers on the same file (two processes would look the same to SQLite): the
    // conditional UPDATE, not the single worker thread, is what makes consume() single-use.
    StorageWorker otherWorker;
    StorageStatus started = otherWorker.start(m_path);
    QVERIFY2(started.ok(), started ? "" : qPrintable(started.error().toString()));
    StorageChallengeStore other(otherWorker, [this] { return m_now; });

    constexpr int kRounds = 25;
    for (int round = 0; round < kRounds; ++round) {
        auto created = m_store->create(QStringLiteral("race"));
        QVERIFY(created);
        ChallengeCheck a;
        ChallengeCheck b;
        std::unique_ptr<QThread> first(QThread::create([&] { a = m_store->consume(created->challenge); }));
        std::unique_ptr<QThread> second(QThread::create([&] { b = other.consume(created->challenge); }));
        first->start();
        second->start();
        QVERIFY(first->wait(30000));
        QVERIFY(second->wait(30000));
        QCOMPARE(int(a.accepted()) + int(b.accepted()), 1);
        QVERIFY(a.status == ChallengeCheck::Status::AlreadyUsed || b.status == ChallengeCheck::Status::AlreadyUsed);
    }
    otherWorker.stop();
}

void TestChallengeStore::linkCertificateAndPurge()
{
    auto old = m_store->create(QStringLiteral("old"), QString(), std::chrono::seconds(10));
    auto fresh = m_store->create(QStringLiteral("fresh"));
    QVERIFY(old && fresh);
    // The certificates row the link points to (the CA writes these; here by hand).
    StorageStatus inserted = m_worker->writeAndWait([](Database& db) -> StorageStatus {
        auto query = db.exec(QStringLiteral("INSERT INTO certificates (id, kind, subject, issuer, serial_hex, sha256, "
                                            "not_before, not_after, der, created_at) "
                                            "VALUES (41, 'device_identity', 'CN=d', 'CN=ca', '01', 'ab', 0, 1, ?, 0)"),
            {QByteArray("der")});
        if (!query)
            return query.error();
        return {};
    });
    QVERIFY2(inserted.ok(), inserted ? "" : qPrintable(inserted.error().toString()));
    QVERIFY(m_store->consume(fresh->challenge).accepted());
    QVERIFY(m_store->linkCertificate(fresh->id, 41).ok());
    QCOMPARE(scalar(m_path, QStringLiteral("SELECT certificate_id FROM scep_challenges WHERE id = ?"), {fresh->id})
                 .toLongLong(),
        41);

    auto purged = m_store->purgeExpiredBefore(m_now.addSecs(60));
    QVERIFY(purged);
    QCOMPARE(purged.value(), 1);
    QCOMPARE(scalar(m_path, QStringLiteral("SELECT COUNT(*) FROM scep_challenges")).toInt(), 1);
}

QTEST_GUILESS_MAIN(TestChallengeStore)
#include "tst_ChallengeStore.moc"
