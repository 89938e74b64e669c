// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A data directory ready to enroll devices, as the tests need it: a database, a certificate
// authority with its TLS and SCEP RA identities, the listener settings, and (on request) a push
// certificate like the one Apple issues, made here under a CA of the test's own.

#include "core/pki/CaStore.h"
#include "core/pki/CertificateAuthority.h"
#include "core/pki/CertificateBuilder.h"
#include "core/pki/KeySealer.h"
#include "core/pki/PrivateKey.h"
#include "core/storage/StorageWorker.h"
#include "core/storage/Timestamp.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <memory>

namespace quince::enrollment::test {

inline const QString kTestTopic = QStringLiteral("com.apple.mgmt.External.0b2f7c1e-9a63-4a0e-8f1e-5d1c2b3a4f5e");

/// CA options that keep tests fast (RSA 2048 keys).
inline pki::CaOptions fastCaOptions()
{
    pki::CaOptions options;
    options.label = QStringLiteral("test");
    options.organization = QStringLiteral("Quince Test");
    options.caKeyAlgorithm = pki::KeyAlgorithm::Rsa2048;
    return options;
}

/// Saves a setting the way the runtime does.
inline storage::StorageStatus saveSetting(storage::StorageWorker& worker, const QString& key, const QString& value)
{
    return worker.writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        auto saved = db.exec(QStringLiteral("INSERT INTO settings (key, value, updated_at) VALUES (?, ?, ?) "
                                            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"),
            {key, value, storage::nowDbTimestamp()});
        if (!saved)
            return saved.error();
        return {};
    });
}

/// A push certificate for topic, as Apple's portal would issue it, stored as the active one.
inline QString addPushCertificate(storage::StorageWorker& worker, const QString& topic = kTestTopic)
{
    auto key = pki::PrivateKey::generateEcP256();
    if (!key)
        return QStringLiteral("no key");
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto apple = pki::CertificateBuilder(pki::CertificateBuilder::Profile::RootCa)
                     .setSubject({{QStringLiteral("CN"), QStringLiteral("Test Apple CA")}})
                     .setValidity(now.addDays(-10), now.addDays(400))
                     .selfSign(*key);
    if (!apple)
        return apple.error().message;
    auto push = pki::CertificateBuilder(pki::CertificateBuilder::Profile::TlsClient)
                    .setSubject({{QStringLiteral("UID"), topic}, {QStringLiteral("CN"), QStringLiteral("APSP:test")}})
                    .setPublicKey(key->publicKeyDer())
                    .setValidity(now.addDays(-1), now.addDays(365))
                    .sign(*apple, *key);
    if (!push)
        return push.error().message;
    const storage::StorageStatus stored = worker.writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
        pki::CertificateRecord record;
        record.kind = pki::CertificateKind::Push;
        record.certificate = *push;
        record.topic = topic;
        auto id = pki::CaStore::insert(db, record);
        if (!id)
            return id.error();
        return {};
    });
    return stored ? QString() : stored.error().toString();
}

/// Creates the CA, the TLS identity for hostNames and the SCEP RA in the database behind worker,
/// and saves listener.hosts and listener.port. Returns "" or what failed.
inline QString prepareCertificateAuthority(storage::StorageWorker& worker, const pki::KeySealer& sealer,
    const QStringList& hostNames = {QStringLiteral("localhost")}, quint16 port = 8443)
{
    pki::CertificateAuthority ca(worker, sealer, fastCaOptions());
    if (auto done = ca.ensureInitialized(); !done)
        return done.error().message;
    if (auto tls = ca.ensureTlsServerIdentity(hostNames); !tls)
        return tls.error().message;
    if (auto ra = ca.ensureScepRaIdentity(); !ra)
        return ra.error().message;
    if (auto s = saveSetting(worker, QStringLiteral("listener.hosts"), hostNames.join(u',')); !s)
        return s.error().toString();
    if (auto s = saveSetting(worker, QStringLiteral("listener.port"), QString::number(port)); !s)
        return s.error().toString();
    return {};
}

} // namespace quince::enrollment::test
