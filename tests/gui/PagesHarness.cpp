// SPDX-License-Identifier: GPL-3.0-or-later
// A manual harness (not a test): fills a data directory the way a small office's looks after a
// few weeks — a CA, a push certificate, devices, commands in every state answered through the
// real ConnectProcessor, the listener running — and shows one page for a screenshot.
//
//   gui_pages_harness commands|command-plists|enrollment|enrollment-selftest|certificates [--screenshot FILE]
//
// With --screenshot it captures the whole screen with ImageMagick's `import -window root` (run
// it under `xvfb-run -a -s '-screen 0 1280x800x24'`) and quits.
#include "QueueFixture.h"
#include "core/pki/CaStore.h"
#include "core/pki/CertificateAuthority.h"
#include "core/pki/CertificateBuilder.h"
#include "core/pki/PrivateKey.h"
#include "core/runtime/ServerRuntime.h"
#include "core/secrets/MasterKey.h"
#include "core/secrets/SecretStore.h"
#include "core/secrets/SecretStoreKeySealer.h"
#include "core/storage/Database.h"
#include "core/storage/StorageWorker.h"
#include "tests/enrollment/EnrollmentFixture.h"
#include "ui/Translations.h"
#include "ui/certificates/CertificatesPage.h"
#include "ui/commands/CommandQueueModel.h"
#include "ui/commands/CommandsPage.h"
#include "ui/enrollment/EnrollmentLinkPage.h"
#include "ui/enrollment/EnrollmentWizard.h"

#include <QAction>
#include <QApplication>
#include <QProcess>
#include <QTableView>
#include <QTemporaryDir>
#include <QTimer>

#include <cstdio>
#include <memory>
#include <optional>

using namespace quince;

namespace {

struct Device {
    QString udid;
    QString name;
    qint64 enrollmentId = -1;
    QString certificateSha;
};

// A device with a real identity certificate from the CA (so the certificates page lists it).
std::optional<Device> enrollDevice(
    storage::StorageWorker& worker, pki::CertificateAuthority& ca, const QString& udid, const QString& name)
{
    Device device {udid, name, test::addEnrolledDevice(worker, udid, name, false), {}};
    if (device.enrollmentId < 0)
        return std::nullopt;
    pki::IssueOptions options;
    options.commonName = udid;
    options.deviceUdid = udid;
    options.enrollmentId = device.enrollmentId;
    auto identity = ca.issueClientIdentity(options);
    if (!identity) {
        std::fprintf(stderr, "harness: %s\n", qPrintable(identity.error().message));
        return std::nullopt;
    }
    device.certificateSha = identity->certificate.sha256Hex();
    return device;
}

void say(mdm::ConnectProcessor& connect, const Device& device, const QString& status, const QString& uuid = {})
{
    test::answer(connect, device.udid, status, uuid, {}, device.certificateSha);
}

} // namespace

int main(int argc, char** argv)
{
    QApplication app(argc, argv);
    ui::installTranslations(app, QLocale(QLocale::English));
    const QStringList args = app.arguments();
    const QString page = args.value(1);
    const int shotAt = args.indexOf(QStringLiteral("--screenshot"));
    const QString screenshot = shotAt > 0 ? args.value(shotAt + 1) : QString();
    const QStringList pages {QStringLiteral("commands"), QStringLiteral("command-plists"), QStringLiteral("enrollment"),
        QStringLiteral("enrollment-selftest"), QStringLiteral("certificates")};
    if (!pages.contains(page)) {
        std::fprintf(stderr, "usage: gui_pages_harness %s [--screenshot FILE]\n", qPrintable(pages.join(u'|')));
        return 2;
    }

    QTemporaryDir dir;
    const QString path = dir.filePath(storage::Database::databaseFileName());
    storage::StorageWorker storage;
    if (!storage.start(path))
        return 1;
    auto key = secrets::MasterKey::generate();
    if (!key)
        return 1;
    secrets::SecretStoreKeySealer sealer {secrets::SecretStore(std::move(key).value())};
    if (const QString pushed = enrollment::test::addPushCertificate(storage); !pushed.isEmpty()) {
        std::fprintf(stderr, "harness: %s\n", qPrintable(pushed));
        return 1;
    }
    runtime::ServerRuntime runtime(storage, sealer, enrollment::test::fastCaOptions());
    runtime::ServerOptions options;
    options.listenAddress = QHostAddress(QHostAddress::LocalHost);
    options.port = 0;
    options.hostNames = {QStringLiteral("localhost")};
    if (const Status started = runtime.start(options); !started) {
        std::fprintf(stderr, "harness: %s\n", qPrintable(started.error().message));
        return 1;
    }

    // Devices and their queues, answered through the real protocol path.
    mdm::ConnectProcessor connect(storage);
    const QList<std::pair<QString, QString>> names {
        {QStringLiteral("00008110-001A2B3C4D5E6F01"), QStringLiteral("Reception iPhone")},
        {QStringLiteral("00008110-001A2B3C4D5E6F02"), QStringLiteral("Anna's iPad Air")},
        {QStringLiteral("00008110-001A2B3C4D5E6F03"), QStringLiteral("Workshop iPad")},
        {QStringLiteral("00008110-001A2B3C4D5E6F04"), QStringLiteral("Marc's iPhone 15")},
    };
    QList<Device> devices;
    for (const auto& [udid, name] : names) {
        auto device = enrollDevice(storage, runtime.certificateAuthority(), udid, name);
        if (!device)
            return 1;
        devices.append(*device);
    }
    const auto queue = [&](int device, const QString& type, std::optional<std::chrono::seconds> ttl = std::nullopt) {
        return test::enqueueCommand(storage, devices.at(device).enrollmentId, type, ttl);
    };
    const plist::Array queries {QStringLiteral("DeviceName"), QStringLiteral("OSVersion"),
        QStringLiteral("SerialNumber"), QStringLiteral("Model"), QStringLiteral("BatteryLevel"),
        QStringLiteral("IsSupervised")};
    const QString info = test::enqueueCommand(storage, devices.at(0).enrollmentId, QStringLiteral("DeviceInformation"),
        std::nullopt, plist::Dict {{QStringLiteral("Queries"), queries}});
    say(connect, devices.at(0), QStringLiteral("Idle"));
    {
        // What an iPhone answers, QueryResponses included.
        const plist::Dict answer {{QStringLiteral("CommandUUID"), info},
            {QStringLiteral("QueryResponses"),
                plist::Dict {{QStringLiteral("BatteryLevel"), 0.82}, {QStringLiteral("DeviceName"), devices.at(0).name},
                    {QStringLiteral("IsSupervised"), true}, {QStringLiteral("Model"), QStringLiteral("MTLW3ZD/A")},
                    {QStringLiteral("OSVersion"), QStringLiteral("17.4.1")},
                    {QStringLiteral("SerialNumber"), QStringLiteral("F17Q2XYZN73D")}}},
            {QStringLiteral("Status"), QStringLiteral("Acknowledged")}, {QStringLiteral("UDID"), devices.at(0).udid}};
        connect.process(test::xmlOf(plist::Value(answer)), devices.at(0).certificateSha, {}).waitForFinished();
    }
    const QString apps = queue(1, QStringLiteral("InstalledApplicationList"), std::chrono::hours(24));
    say(connect, devices.at(1), QStringLiteral("Idle"));
    say(connect, devices.at(1), QStringLiteral("NotNow"), apps);
    const QString lock = queue(2, QStringLiteral("DeviceLock"));
    say(connect, devices.at(2), QStringLiteral("Idle"));
    say(connect, devices.at(2), QStringLiteral("Error"), lock);
    queue(2, QStringLiteral("ProfileList"));
    const QString restart = queue(3, QStringLiteral("RestartDevice"));
    say(connect, devices.at(3), QStringLiteral("Idle"));
    queue(3, QStringLiteral("SecurityInfo"), std::chrono::hours(4));
    queue(0, QStringLiteral("CertificateList"));
    const QString canceled = queue(1, QStringLiteral("ShutDownDevice"));
    const storage::StorageStatus canceledOk = storage.writeAndWait(
        [&](storage::Database& db) -> storage::StorageStatus {
            auto done = mdm::CommandQueue(db).cancel(canceled, std::nullopt, QDateTime::currentDateTimeUtc());
            if (!done)
                return done.error();
            return {};
        },
        {QStringLiteral("command_queue")});
    Q_UNUSED(restart)
    if (!canceledOk)
        return 1;
    // As if queued over the last hours: earlier rows earlier (the order stays the same).
    const storage::StorageStatus aged = storage.writeAndWait(
        [](storage::Database& db) -> storage::StorageStatus {
            auto max = db.exec(QStringLiteral("SELECT MAX(id) FROM command_queue"));
            if (!max || !max->next())
                return storage::StorageError {storage::StorageErrorKind::JobFailed, QStringLiteral("no queue"), {}};
            const qint64 last = max->value(0).toLongLong();
            auto moved = db.exec(QStringLiteral("UPDATE command_queue SET queued_at = queued_at - ((? - id) * 2400000 "
                                                "+ 90000), expires_at = expires_at - ((? - id) * 2400000 + 90000)"),
                {last, last});
            if (!moved)
                return moved.error();
            return {};
        },
        {QStringLiteral("command_queue")});
    if (!aged)
        return 1;

    // Certificates that need attention: an MDM vendor certificate about to expire, and a device
    // whose identity was issued for two days only.
    auto vendorKey = pki::PrivateKey::generateEcP256();
    if (!vendorKey)
        return 1;
    const QDateTime now = QDateTime::currentDateTimeUtc();
    auto vendor = pki::CertificateBuilder(pki::CertificateBuilder::Profile::TlsClient)
                      .setSubject({{QStringLiteral("CN"), QStringLiteral("MDM Vendor: Example Office GmbH")}})
                      .setPublicKey(vendorKey->publicKeyDer())
                      .setValidity(now.addDays(-353), now.addDays(12))
                      .selfSign(*vendorKey);
    if (!vendor)
        return 1;
    const storage::StorageStatus vendorStored
        = storage.writeAndWait([&](storage::Database& db) -> storage::StorageStatus {
              pki::CertificateRecord record;
              record.kind = pki::CertificateKind::Vendor;
              record.certificate = *vendor;
              auto id = pki::CaStore::insert(db, record);
              if (!id)
                  return id.error();
              return {};
          });
    if (!vendorStored)
        return 1;
    const auto shortLived = test::addEnrolledDevice(
        storage, QStringLiteral("00008110-001A2B3C4D5E6F05"), QStringLiteral("Loaner iPad"), false);
    pki::IssueOptions shortOptions;
    shortOptions.commonName = QStringLiteral("00008110-001A2B3C4D5E6F05");
    shortOptions.deviceUdid = shortOptions.commonName;
    shortOptions.enrollmentId = shortLived;
    shortOptions.validityDays = 2;
    if (!runtime.certificateAuthority().issueClientIdentity(shortOptions))
        return 1;

    auto reader = storage::Database::openReader(path);
    if (!reader)
        return 1;
    std::unique_ptr<QWidget> shown;
    if (page.startsWith(QLatin1String("command"))) {
        auto commands = std::make_unique<ui::CommandsPage>(storage, *reader);
        // The plists: of the acknowledged DeviceInformation (the oldest row, last).
        const bool plists = page == QLatin1String("command-plists");
        commands->view()->selectRow(plists ? commands->model()->rowCount() - 1 : 2);
        if (plists)
            QTimer::singleShot(300, commands.get(), [view = commands.get()] { view->showAction()->trigger(); });
        shown = std::move(commands);
    } else if (page == QLatin1String("certificates")) {
        shown = std::make_unique<ui::CertificatesPage>(storage, *reader, sealer);
    } else {
        auto wizard = std::make_unique<ui::EnrollmentWizard>(storage, *reader, sealer, runtime.serverPort());
        wizard->setStartId(page == QLatin1String("enrollment") ? ui::EnrollmentWizard::LinkPageId
                                                               : ui::EnrollmentWizard::SelfTestPageId);
        shown = std::move(wizard);
    }
    shown->setWindowTitle(QStringLiteral("Quince — ") + page);
    if (!page.startsWith(QLatin1String("enrollment")))
        shown->resize(1180, 680);
    shown->move(50, 40);
    shown->show();

    if (!screenshot.isEmpty()) {
        QTimer::singleShot(2500, &app, [&app, screenshot] {
            const int code = QProcess::execute(
                QStringLiteral("import"), {QStringLiteral("-window"), QStringLiteral("root"), screenshot});
            app.exit(code == 0 ? 0 : 1);
        });
    }
    const int code = app.exec();
    shown.reset();
    runtime.stop();
    storage.stop();
    return code;
}
