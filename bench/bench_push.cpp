// SPDX-License-Identifier: GPL-3.0-or-later
// bench_push [count] [window]: pushes through ApnsClient to the local HTTP/2 stand-in for APNs
// (tests/apns, libnghttp2 over TLS on 127.0.0.1, its own thread), over one connection, and
// prints pushes per second. Defaults: 10,000 pushes, 500 streams in flight (the server's limit).
#include "core/apns/ApnsClient.h"
#include "tests/apns/ApnsTestServer.h"
#include "tests/apns/ApnsTestSupport.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QTextStream>
#include <QtEndian>

using namespace quince;

int main(int argc, char** argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const int count = args.size() > 1 ? args[1].toInt() : 10000;
    const int window = args.size() > 2 ? args[2].toInt() : 500;
    QTextStream out(stdout);
    if (count <= 0 || window <= 0 || apnstest::opensslProgram().isEmpty()) {
        QTextStream(stderr) << "usage: bench_push [count] [window] (needs the openssl command)\n";
        return 2;
    }

    QTemporaryDir dir;
    apnstest::ApnsTestPki pki(dir.path());
    if (const QString failed = pki.create(); !failed.isEmpty()) {
        QTextStream(stderr) << failed << '\n';
        return 1;
    }
    const QString topic = apnstest::ApnsTestPki::randomTopic();
    const pki::PushCertificate identity = apnstest::ApnsTestPki::loadPush(pki.issuePush(topic, QStringLiteral("push")));
    apnstest::ApnsTestServer server(pki.serverCertificate(), pki.serverKey(), pki.appleCa(), 500);
    server.setRecording(false);
    if (!server.start()) {
        QTextStream(stderr) << server.error() << '\n';
        return 1;
    }

    apns::ApnsClientConfig config;
    config.endpoint = QUrl(server.url());
    config.caCertificates = pki.serverCa();
    config.maxInFlight = window;
    apns::ApnsClient client(config);
    client.setIdentity(identity);

    int accepted = 0;
    int replies = 0;
    QElapsedTimer timer;
    QObject::connect(&client, &apns::ApnsClient::replied, &app, [&](const apns::PushReply& reply) {
        ++replies;
        accepted += reply.outcome == apns::PushOutcome::Accepted ? 1 : 0;
        if (replies == count)
            app.quit();
    });
    timer.start();
    for (int i = 0; i < count; ++i) {
        QByteArray token(32, '\0');
        qToBigEndian<quint32>(static_cast<quint32>(i), token.data());
        client.send(apns::PushRequest {static_cast<quint64>(i + 1), token, QStringLiteral("PushMagic-%1").arg(i)});
    }
    app.exec();
    const double seconds = static_cast<double>(timer.nsecsElapsed()) / 1e9;
    out << QStringLiteral("%1 pushes (%2 accepted) in %3 s over %4 connection(s), window %5: %6 pushes/s\n")
               .arg(count)
               .arg(accepted)
               .arg(seconds, 0, 'f', 2)
               .arg(server.connectionCount())
               .arg(window)
               .arg(static_cast<double>(count) / seconds, 0, 'f', 0);
    return accepted == count ? 0 : 1;
}
