// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/SecretStore.h"

#include "SecretsTestSupport.h"

#include <QRandomGenerator>
#include <QTest>

using namespace quince::secrets;
using namespace quince::secrets::test;

namespace {
const QString kContext = QStringLiteral("enrollment/42/UnlockToken");

QByteArray randomBytes(qsizetype size)
{
    QByteArray bytes(size, Qt::Uninitialized);
    for (qsizetype i = 0; i < size; ++i)
        bytes[i] = char(QRandomGenerator::global()->bounded(256));
    return bytes;
}

// The kind open() must report when one bit of the field at offset is flipped (format v1).
SecretErrorKind expectedKindForFlipAt(qsizetype offset)
{
    if (offset < 4)
        return offset < 3 ? SecretErrorKind::Malformed : SecretErrorKind::UnsupportedVersion;
    if (offset < 12)
        return SecretErrorKind::WrongKey;
    if (offset < 16)
        return SecretErrorKind::WrongContext;
    if (offset < 28)
        return SecretErrorKind::Tampered; // nonce
    if (offset < 32)
        return SecretErrorKind::Malformed; // length no longer matches
    return SecretErrorKind::Tampered; // ciphertext, tag
}
} // namespace

class TestSecretStore : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void roundTrip_data()
    {
        QTest::addColumn<QByteArray>("plaintext");
        QTest::newRow("empty") << QByteArray();
        QTest::newRow("one byte") << QByteArray(1, '\x00');
        QTest::newRow("UnlockToken-sized") << randomBytes(2048);
        QTest::newRow("1 MiB") << randomBytes(1024 * 1024);
    }

    void roundTrip()
    {
        QFETCH(QByteArray, plaintext);
        SecretStore store(freshKey());
        auto sealed = store.seal(plaintext, kContext);
        QVERIFY2(sealed.ok(), qPrintable(describe(sealed)));
        QCOMPARE(sealed->size(), plaintext.size() + SecretStore::overhead);
        QVERIFY(sealed->startsWith("QSS1"));
        QVERIFY(SecretStore::looksSealed(*sealed));
        QCOMPARE(SecretStore::keyIdOf(*sealed), std::optional<QByteArray>(store.keyId()));
        if (plaintext.size() >= 16)
            QVERIFY(!sealed->contains(plaintext.first(16)));

        auto opened = store.open(*sealed, kContext);
        QVERIFY2(opened.ok(), qPrintable(describe(opened)));
        QCOMPARE(opened->view(), QByteArrayView(plaintext));
    }

    void twoSealsDiffer()
    {
        SecretStore store(freshKey());
        const QByteArray plaintext("the same UnlockToken twice");
        auto first = store.seal(plaintext, kContext);
        auto second = store.seal(plaintext, kContext);
        QVERIFY(first.ok() && second.ok());
        QVERIFY(*first != *second);
        // The nonces differ, not just some bytes: a repeated nonce would be catastrophic in GCM.
        QVERIFY(first->mid(16, 12) != second->mid(16, 12));
        QCOMPARE(store.open(*first, kContext)->view(), QByteArrayView(plaintext));
        QCOMPARE(store.open(*second, kContext)->view(), QByteArrayView(plaintext));
    }

    void wrongContext_data()
    {
        QTest::addColumn<QString>("otherContext");
        QTest::newRow("another enrollment") << QStringLiteral("enrollment/43/UnlockToken");
        QTest::newRow("another purpose") << QStringLiteral("enrollment/42/BootstrapToken");
        QTest::newRow("prefix") << QStringLiteral("enrollment/4");
        QTest::newRow("case") << QStringLiteral("Enrollment/42/UnlockToken");
        QTest::newRow("non-ASCII") << QStringLiteral("enrollment/42/UnlockToken\u00e9");
    }

    void wrongContext()
    {
        QFETCH(QString, otherContext);
        SecretStore store(freshKey());
        auto sealed = store.seal("secret", kContext);
        QVERIFY(sealed.ok());
        auto opened = store.open(*sealed, otherContext);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, SecretErrorKind::WrongContext);
    }

    // The context tag is only a diagnostic: with a forged tag, GCM's associated data still
    // refuses the value.
    void forgedContextTagStillRefused()
    {
        SecretStore store(freshKey());
        auto sealed = store.seal("secret", QStringLiteral("enrollment/1/UnlockToken"));
        auto other = store.seal("other", QStringLiteral("enrollment/2/UnlockToken"));
        QVERIFY(sealed.ok() && other.ok());
        QByteArray forged = *sealed;
        forged.replace(12, 4, other->mid(12, 4));
        auto opened = store.open(forged, QStringLiteral("enrollment/2/UnlockToken"));
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, SecretErrorKind::Tampered);
    }

    void emptyContextRefused()
    {
        SecretStore store(freshKey());
        auto sealed = store.seal("secret", QString());
        QVERIFY(!sealed.ok());
        QCOMPARE(sealed.error().kind, SecretErrorKind::InvalidInput);
    }

    void wrongKey()
    {
        SecretStore mine(freshKey());
        SecretStore theirs(freshKey());
        QVERIFY(mine.keyId() != theirs.keyId());
        auto sealed = theirs.seal("secret", kContext);
        QVERIFY(sealed.ok());
        auto opened = mine.open(*sealed, kContext);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, SecretErrorKind::WrongKey);
        QVERIFY(opened.error().message.contains(QString::fromLatin1(theirs.keyId().toHex())));
    }

    // A key whose id collides (forged header) still cannot open: GCM fails with Tampered.
    void wrongKeyWithForgedKeyId()
    {
        SecretStore mine(freshKey());
        SecretStore theirs(freshKey());
        auto sealed = theirs.seal("secret", kContext);
        QVERIFY(sealed.ok());
        QByteArray forged = *sealed;
        forged.replace(4, 8, mine.keyId());
        auto opened = mine.open(forged, kContext);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, SecretErrorKind::Tampered);
    }

    void sameKeyBytesSameKeyId()
    {
        auto bytes = SecretBytes::random(MasterKey::size);
        QVERIFY(bytes);
        auto a = MasterKey::fromBytes(SecretBytes::copyOf(bytes->view()));
        auto b = MasterKey::fromBytes(std::move(*bytes));
        QVERIFY(a.ok() && b.ok());
        QCOMPARE(a->keyId(), b->keyId());
        SecretStore storeA(std::move(a).value());
        SecretStore storeB(std::move(b).value());
        auto sealed = storeA.seal("shared", kContext);
        QVERIFY(sealed.ok());
        QCOMPARE(storeB.open(*sealed, kContext)->view(), QByteArrayView("shared"));
    }

    void keyOfWrongSizeRefused()
    {
        auto key = MasterKey::fromBytes(SecretBytes(31));
        QVERIFY(!key.ok());
        QCOMPARE(key.error().kind, SecretErrorKind::InvalidInput);
    }

    // Every single-bit flip of a sealed value is an error of the kind its field implies.
    void everyBitFlipIsAnError()
    {
        SecretStore store(freshKey());
        auto sealed = store.seal("UnlockToken bytes", kContext);
        QVERIFY(sealed.ok());
        for (qsizetype byte = 0; byte < sealed->size(); ++byte) {
            for (int bit = 0; bit < 8; ++bit) {
                QByteArray flipped = *sealed;
                flipped[byte] = char(flipped[byte] ^ (1 << bit));
                auto opened = store.open(flipped, kContext);
                QVERIFY2(!opened.ok(), qPrintable(QStringLiteral("bit %1 of byte %2 opened").arg(bit).arg(byte)));
                QVERIFY2(opened.error().kind == expectedKindForFlipAt(byte),
                    qPrintable(QStringLiteral("byte %1 bit %2: %3").arg(byte).arg(bit).arg(opened.error().toString())));
            }
        }
    }

    void everyTruncationIsMalformed()
    {
        SecretStore store(freshKey());
        auto sealed = store.seal("a bootstrap token", kContext);
        QVERIFY(sealed.ok());
        for (qsizetype length = 0; length < sealed->size(); ++length) {
            auto opened = store.open(sealed->first(length), kContext);
            QVERIFY2(!opened.ok(), qPrintable(QStringLiteral("length %1 opened").arg(length)));
            QVERIFY2(opened.error().kind == SecretErrorKind::Malformed,
                qPrintable(QStringLiteral("length %1: %2").arg(length).arg(opened.error().toString())));
        }
        // Also cut from the front (a column read at the wrong offset).
        for (qsizetype cut = 1; cut < sealed->size(); ++cut)
            QVERIFY(!store.open(sealed->sliced(cut), kContext).ok());
    }

    void trailingBytesAreMalformed()
    {
        SecretStore store(freshKey());
        auto sealed = store.seal("x", kContext);
        QVERIFY(sealed.ok());
        auto opened = store.open(QByteArray(*sealed).append('\0'), kContext);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, SecretErrorKind::Malformed);
    }

    void hostileInput_data()
    {
        QTest::addColumn<QByteArray>("blob");
        QTest::addColumn<SecretErrorKind>("kind");
        QTest::newRow("empty") << QByteArray() << SecretErrorKind::Malformed;
        QTest::newRow("plain text") << QByteArray("not sealed at all, just a token") << SecretErrorKind::Malformed;
        QTest::newRow("future version") << QByteArray("QSS2").append(60, 'x') << SecretErrorKind::UnsupportedVersion;
        QTest::newRow("header only") << QByteArray("QSS1").append(28, '\0') << SecretErrorKind::Malformed;
        QTest::newRow("length 4 GiB") << QByteArray("QSS1").append(24, '\0').append(4, '\xff').append(16, '\0')
                                      << SecretErrorKind::Malformed;
        QTest::newRow("zeros") << QByteArray(4096, '\0') << SecretErrorKind::Malformed;
    }

    void hostileInput()
    {
        QFETCH(QByteArray, blob);
        QFETCH(SecretErrorKind, kind);
        SecretStore store(freshKey());
        auto opened = store.open(blob, kContext);
        QVERIFY(!opened.ok());
        QCOMPARE(opened.error().kind, kind);
        QVERIFY(!opened.error().message.isEmpty());
    }

    void randomGarbageNeverOpens()
    {
        SecretStore store(freshKey());
        auto sealed = store.seal("x", kContext);
        QVERIFY(sealed.ok());
        for (int i = 0; i < 2000; ++i) {
            QByteArray garbage = randomBytes(QRandomGenerator::global()->bounded(0, 200));
            if (i % 2 == 0 && garbage.size() >= 32)
                garbage.replace(0, 12, sealed->first(12)); // right magic and key id, garbage after
            QVERIFY(!store.open(garbage, kContext).ok());
        }
    }

    void secretBytesIsWipedAndMoveOnly()
    {
        static_assert(!std::is_copy_constructible_v<SecretBytes>);
        static_assert(!std::is_copy_constructible_v<MasterKey>);
        static_assert(std::is_nothrow_move_constructible_v<SecretBytes>);
        SecretBytes bytes = SecretBytes::copyOf("hunter2");
        SecretBytes moved = std::move(bytes);
        QVERIFY(bytes.isEmpty()); // NOLINT(bugprone-use-after-move): the moved-from state is the point
        QCOMPARE(moved.view(), QByteArrayView("hunter2"));
        QByteArray source("temporary copy");
        source.detach();
        SecretBytes taken = SecretBytes::takeFrom(source);
        QVERIFY(source.isEmpty());
        QCOMPARE(taken.view(), QByteArrayView("temporary copy"));
        moved.clear();
        QVERIFY(moved.isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSecretStore)
#include "tst_SecretStore.moc"
