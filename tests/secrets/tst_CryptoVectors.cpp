// SPDX-License-Identifier: GPL-3.0-or-later
// The primitives under SecretStore against published test vectors: `openssl enc` refuses AEAD
// ciphers, so the GCM cross-check uses the vectors of the GCM specification instead
// (McGrew & Viega, "The Galois/Counter Mode of Operation", test cases 13–16, 256-bit keys),
// and scrypt uses RFC 7914 section 12.
#include "core/secrets/AesGcm.h"
#include "core/secrets/Scrypt.h"

#include "SecretsTestSupport.h"

#include <QTest>

using namespace quince::secrets;
using namespace quince::secrets::test;

namespace {
QByteArray hex(const char* text)
{
    return QByteArray::fromHex(QByteArray(text));
}

const char* kGcmKey = "feffe9928665731c6d6a8f9467308308feffe9928665731c6d6a8f9467308308";
const char* kGcmIv = "cafebabefacedbaddecaf888";
const char* kGcmPlaintext = "d9313225f88406e5a55909c5aff5269a86a7a9531534f7da2e4c303d8a318a72"
                            "1c3c0c95956809532fcf0e2449a6b525b16aedf5aa0de657ba637b391aafd255";
const char* kGcmCiphertext = "522dc1f099567d07f47f37a32a84427d643a8cdcbfe5c0c97598a2bd2555d1aa"
                             "8cb08e48590dbb3da7b08b1056828838c5f61e6393ba7a0abcc9f662898015ad";
} // namespace

class TestCryptoVectors : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void aesGcm_data()
    {
        QTest::addColumn<QByteArray>("key");
        QTest::addColumn<QByteArray>("iv");
        QTest::addColumn<QByteArray>("plaintext");
        QTest::addColumn<QByteArray>("aad");
        QTest::addColumn<QByteArray>("ciphertext");
        QTest::addColumn<QByteArray>("tag");
        const QByteArray zeroKey(32, '\0');
        const QByteArray zeroIv(12, '\0');
        QTest::newRow("test case 13") << zeroKey << zeroIv << QByteArray() << QByteArray() << QByteArray()
                                      << hex("530f8afbc74536b9a963b4f1c4cb738b");
        QTest::newRow("test case 14") << zeroKey << zeroIv << QByteArray(16, '\0') << QByteArray()
                                      << hex("cea7403d4d606b6e074ec5d3baf39d18")
                                      << hex("d0d1c8a799996bf0265b98b5d48ab919");
        QTest::newRow("test case 15") << hex(kGcmKey) << hex(kGcmIv) << hex(kGcmPlaintext) << QByteArray()
                                      << hex(kGcmCiphertext) << hex("b094dac5d93471bdec1a502270e3cc6c");
        QTest::newRow("test case 16") << hex(kGcmKey) << hex(kGcmIv) << hex(kGcmPlaintext).first(60)
                                      << hex("feedfacedeadbeeffeedfacedeadbeefabaddad2")
                                      << hex(kGcmCiphertext).first(60) << hex("76fc6ece0f4e1768cddf8853bb2d551b");
    }

    void aesGcm()
    {
        QFETCH(QByteArray, key);
        QFETCH(QByteArray, iv);
        QFETCH(QByteArray, plaintext);
        QFETCH(QByteArray, aad);
        QFETCH(QByteArray, ciphertext);
        QFETCH(QByteArray, tag);

        auto sealed = AesGcm::encrypt(key, iv, aad, plaintext);
        QVERIFY2(sealed.ok(), qPrintable(describe(sealed)));
        QCOMPARE(sealed->ciphertext.toHex(), ciphertext.toHex());
        QCOMPARE(sealed->tag.toHex(), tag.toHex());

        auto opened = AesGcm::decrypt(key, iv, aad, ciphertext, tag);
        QVERIFY2(opened.ok(), qPrintable(describe(opened)));
        QCOMPARE(opened->view(), QByteArrayView(plaintext));

        // The same vector with its tag or associated data altered must not open.
        QByteArray badTag = tag;
        badTag[15] = char(badTag[15] ^ 0x01);
        auto refused = AesGcm::decrypt(key, iv, aad, ciphertext, badTag);
        QVERIFY(!refused.ok());
        QCOMPARE(refused.error().kind, SecretErrorKind::Tampered);
        auto wrongAad = AesGcm::decrypt(key, iv, QByteArray(aad).append('x'), ciphertext, tag);
        QVERIFY(!wrongAad.ok());
        QCOMPARE(wrongAad.error().kind, SecretErrorKind::Tampered);
    }

    void aesGcmRefusesBadSizes()
    {
        auto shortKey = AesGcm::encrypt(QByteArray(16, '\0'), QByteArray(12, '\0'), {}, "x");
        QVERIFY(!shortKey.ok());
        QCOMPARE(shortKey.error().kind, SecretErrorKind::InvalidInput);
        auto shortTag = AesGcm::decrypt(QByteArray(32, '\0'), QByteArray(12, '\0'), {}, "x", QByteArray(12, '\0'));
        QVERIFY(!shortTag.ok());
        QCOMPARE(shortTag.error().kind, SecretErrorKind::Malformed);
    }

    void scrypt_data()
    {
        QTest::addColumn<QByteArray>("passphrase");
        QTest::addColumn<QByteArray>("salt");
        QTest::addColumn<quint64>("n");
        QTest::addColumn<quint32>("r");
        QTest::addColumn<quint32>("p");
        QTest::addColumn<QByteArray>("expected");
        QTest::newRow("RFC 7914 #1") << QByteArray() << QByteArray() << quint64(16) << 1u << 1u
                                     << hex("77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
                                            "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906");
        QTest::newRow("RFC 7914 #2 password/NaCl")
            << QByteArray("password") << QByteArray("NaCl") << quint64(1024) << 8u << 16u
            << hex("fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e7737663"
                   "4b3731622eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d"
                   "8360cbdfa2cc0640");
        QTest::newRow("RFC 7914 #3 pleaseletmein")
            << QByteArray("pleaseletmein") << QByteArray("SodiumChloride") << quint64(16384) << 8u << 1u
            << hex("7023bdcb3afd7348461c06cd81fd38ebfda8fbba904f8e3ea9b543f6"
                   "545da1f2d5432955613f0fcf62d49705242a9af9e61e85dc0d651e40"
                   "dfcf017b45575887");
    }

    void scrypt()
    {
        QFETCH(QByteArray, passphrase);
        QFETCH(QByteArray, salt);
        QFETCH(quint64, n);
        QFETCH(quint32, r);
        QFETCH(quint32, p);
        QFETCH(QByteArray, expected);
        auto key = deriveScryptKey(passphrase, salt, ScryptParameters {n, r, p}, expected.size());
        QVERIFY2(key.ok(), qPrintable(describe(key)));
        QCOMPARE(key->toByteArray().toHex(), expected.toHex());
    }

    // The default parameters need just over OpenSSL's default 32 MiB scrypt memory limit: this
    // fails if maxmem is not passed.
    void scryptDefaultParametersWork()
    {
        const ScryptParameters defaults;
        QCOMPARE(defaults.n, quint64(1) << 15);
        QVERIFY(defaults.memoryBytes() > 32u * 1024 * 1024);
        auto key = deriveScryptKey("correct horse", QByteArray(16, 'S'), defaults, 32);
        QVERIFY2(key.ok(), qPrintable(describe(key)));
        QCOMPARE(key->size(), 32);
    }

    void scryptParameterChecks_data()
    {
        QTest::addColumn<quint64>("n");
        QTest::addColumn<quint32>("r");
        QTest::addColumn<quint32>("p");
        QTest::addColumn<bool>("acceptable");
        QTest::newRow("default") << quint64(1) << 8u << 1u << false; // N=1 is not > 1
        QTest::newRow("2^15") << (quint64(1) << 15) << 8u << 1u << true;
        QTest::newRow("not a power of two") << quint64(1000) << 8u << 1u << false;
        QTest::newRow("r zero") << quint64(1024) << 0u << 1u << false;
        QTest::newRow("p zero") << quint64(1024) << 8u << 0u << false;
        QTest::newRow("over 1 GiB") << (quint64(1) << 21) << 8u << 1u << false;
        QTest::newRow("huge N") << (quint64(1) << 40) << 1u << 1u << false;
    }

    void scryptParameterChecks()
    {
        QFETCH(quint64, n);
        QFETCH(quint32, r);
        QFETCH(quint32, p);
        QFETCH(bool, acceptable);
        const ScryptParameters parameters {n, r, p};
        QCOMPARE(!parameters.problem().has_value(), acceptable);
        if (!acceptable)
            QVERIFY(!deriveScryptKey("x", "salt", parameters, 32).ok());
    }
};

QTEST_GUILESS_MAIN(TestCryptoVectors)
#include "tst_CryptoVectors.moc"
