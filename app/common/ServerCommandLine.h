// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/pki/KeySealer.h"
#include "core/runtime/ServerRuntime.h"
#include "core/secrets/MasterKeyProviderFactory.h"

#include <QCommandLineOption>
#include <QCommandLineParser>

#include <memory>
#include <optional>

namespace quince::app {

/// The listener and master-key options shared by quinced and the console:
/// --listen ADDRESS:PORT, --host NAME (repeatable), --plain-http, --passphrase-file FILE,
/// --key-source auto|keychain|passphrase, --apns-url URL, --apns-ca FILE.
class ServerCommandLine {
public:
    ServerCommandLine();

    void addTo(QCommandLineParser& parser) const;

    /// The listener options the operator gave (unset ones come from the data directory).
    Result<runtime::ServerOptions> parse(const QCommandLineParser& parser) const;

    /// Where the master key comes from, as the operator said it.
    struct KeyOptions {
        QString passphraseFile;
        QString keySource;
    };
    KeyOptions keyOptions(const QCommandLineParser& parser) const;

    /// Unlocks the master key of dataDirectory and wraps it as the PKI's sealer. asker, when
    /// set, asks for a passphrase by other means than the terminal (the console's dialog).
    static Result<std::unique_ptr<pki::KeySealer>, secrets::SecretError> openSealer(const KeyOptions& keyOptions,
        const QString& dataDirectory, secrets::KeyHost host, secrets::PassphraseSource::Asker asker = {},
        std::optional<secrets::KeySource> forceSource = {});

private:
    QCommandLineOption m_listen;
    QCommandLineOption m_host;
    QCommandLineOption m_plainHttp;
    QCommandLineOption m_passphraseFile;
    QCommandLineOption m_keySource;
    QCommandLineOption m_apnsUrl;
    QCommandLineOption m_apnsCa;
};

} // namespace quince::app
