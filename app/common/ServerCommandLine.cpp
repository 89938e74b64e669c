// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/common/ServerCommandLine.h"

#include "core/secrets/SecretStore.h"
#include "core/secrets/SecretStoreKeySealer.h"

#include <QCoreApplication>
#include <QFileInfo>

namespace quince::app {

namespace {

QString tr(const char* text)
{
    return QCoreApplication::translate("ServerCommandLine", text);
}

} // namespace

ServerCommandLine::ServerCommandLine()
    : m_listen(QStringLiteral("listen"),
        tr("Listen on <address:port> (e.g. 0.0.0.0:8443, [::]:443); remembered for the next start."),
        tr("address:port")),
      m_host(QStringLiteral("host"),
          tr("A DNS name or IP address devices use to reach this server (repeat for several); it goes into the "
             "TLS certificate and the enrollment profile. Remembered for the next start."),
          tr("name")),
      m_plainHttp(QStringLiteral("plain-http"),
          tr("Serve plain HTTP for a TLS-terminating reverse proxy in front (devices must then sign their "
             "messages).")),
      m_passphraseFile(QStringLiteral("passphrase-file"),
          tr("Read the master key passphrase from <file> (or set QUINCE_PASSPHRASE_FILE)."), tr("file")),
      m_keySource(QStringLiteral("key-source"),
          tr("Where the master key comes from: auto (default), keychain or passphrase."), tr("source"),
          QStringLiteral("auto")),
      m_apnsUrl(QStringLiteral("apns-url"),
          tr("Send pushes to <url> instead of Apple's APNs (a test server, an inspecting proxy); \"\" goes back "
             "to Apple's. Remembered for the next start."),
          tr("url")),
      m_apnsCa(QStringLiteral("apns-ca"),
          tr("Trust the CA certificates in <file> (PEM) for the APNs endpoint instead of the system's; \"\" goes "
             "back to the system's. Remembered for the next start."),
          tr("file"))
{
}

void ServerCommandLine::addTo(QCommandLineParser& parser) const
{
    parser.addOptions({m_listen, m_host, m_plainHttp, m_passphraseFile, m_keySource, m_apnsUrl, m_apnsCa});
}

Result<runtime::ServerOptions> ServerCommandLine::parse(const QCommandLineParser& parser) const
{
    runtime::ServerOptions options;
    if (parser.isSet(m_listen)) {
        const QString listen = parser.value(m_listen).trimmed();
        const qsizetype colon = listen.lastIndexOf(u':');
        QString address = colon > 0 ? listen.left(colon) : QString();
        if (address.startsWith(u'[') && address.endsWith(u']'))
            address = address.mid(1, address.size() - 2);
        bool portOk = false;
        const uint port = colon > 0 ? listen.mid(colon + 1).toUInt(&portOk) : 0;
        QHostAddress parsed;
        if (!portOk || port > 65535 || !parsed.setAddress(address))
            return Error {tr("--listen wants ADDRESS:PORT with an IP address, e.g. 0.0.0.0:8443 or [::]:443; got "
                             "\u201c%1\u201d.")
                              .arg(listen)};
        options.listenAddress = parsed;
        options.port = static_cast<quint16>(port);
    }
    for (const QString& host : parser.values(m_host)) {
        const QString trimmed = host.trimmed();
        if (trimmed.isEmpty() || trimmed.contains(u',') || trimmed.contains(u' '))
            return Error {tr("--host wants one DNS name or IP address; got \u201c%1\u201d.").arg(host)};
        options.hostNames.append(trimmed);
    }
    if (parser.isSet(m_plainHttp))
        options.plainHttp = true;
    if (parser.isSet(m_apnsUrl))
        options.apnsUrl = parser.value(m_apnsUrl).trimmed();
    if (parser.isSet(m_apnsCa)) {
        // Stored absolute: quinced may later start from another working directory.
        const QString ca = parser.value(m_apnsCa).trimmed();
        options.apnsCaFile = ca.isEmpty() ? ca : QFileInfo(ca).absoluteFilePath();
    }
    return options;
}

ServerCommandLine::KeyOptions ServerCommandLine::keyOptions(const QCommandLineParser& parser) const
{
    return {parser.value(m_passphraseFile), parser.value(m_keySource)};
}

Result<std::unique_ptr<pki::KeySealer>, secrets::SecretError> ServerCommandLine::openSealer(
    const KeyOptions& keyOptions, const QString& dataDirectory, secrets::KeyHost host,
    secrets::PassphraseSource::Asker asker, std::optional<secrets::KeySource> forceSource)
{
    using namespace quince::secrets;
    const auto source = MasterKeyProviderFactory::parseKeySource(keyOptions.keySource);
    if (!source)
        return SecretError {SecretErrorKind::InvalidInput,
            tr("--key-source wants auto, keychain or passphrase; got \u201c%1\u201d.").arg(keyOptions.keySource)};
    MasterKeyOptions options;
    options.dataDirectory = QFileInfo(dataDirectory).absoluteFilePath();
    options.source = forceSource.value_or(*source);
    options.passphrase = PassphraseSource::standardOptions(keyOptions.passphraseFile);
    options.passphrase.asker = std::move(asker);
    auto provider = MasterKeyProviderFactory::create(host, options);
    if (!provider)
        return provider.error();
    auto key = (*provider)->obtain();
    if (!key)
        return key.error();
    return std::unique_ptr<pki::KeySealer>(std::make_unique<SecretStoreKeySealer>(SecretStore(std::move(key).value())));
}

} // namespace quince::app
