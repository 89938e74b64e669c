// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/pki/OpenSsl.h"

#include <QStringList>

#include <openssl/err.h>
#include <openssl/provider.h>

#include <cstdlib>
#include <mutex>

namespace quince::pki::ossl {

QString takeErrors()
{
    QStringList parts;
    unsigned long code = 0;
    const char* data = nullptr;
    int flags = 0;
    while ((code = ERR_get_error_all(nullptr, nullptr, nullptr, &data, &flags)) != 0) {
        char buffer[256];
        ERR_error_string_n(code, buffer, sizeof buffer);
        QString part = QString::fromLatin1(buffer);
        if (data && (flags & ERR_TXT_STRING) && *data)
            part += QStringLiteral(" (") + QString::fromUtf8(data) + u')';
        parts.append(part);
    }
    return parts.join(QStringLiteral("; "));
}

PkiError error(PkiErrorKind kind, const QString& what)
{
    const QString details = takeErrors();
    return PkiError {kind, details.isEmpty() ? what : what + QStringLiteral(": ") + details};
}

void clearErrors()
{
    ERR_clear_error();
}

BioPtr memoryBio(const QByteArray& bytes)
{
    return BioPtr(BIO_new_mem_buf(bytes.constData(), static_cast<int>(bytes.size())));
}

BioPtr memoryBio()
{
    return BioPtr(BIO_new(BIO_s_mem()));
}

QByteArray contents(BIO* bio)
{
    char* data = nullptr;
    const long length = BIO_get_mem_data(bio, &data);
    if (length <= 0 || !data)
        return {};
    return QByteArray(data, static_cast<qsizetype>(length));
}

namespace {

OSSL_PROVIDER* g_defaultProvider = nullptr;
OSSL_PROVIDER* g_legacyProvider = nullptr;

// Unloaded at exit so that leak checkers see OpenSSL's provider state released.
extern "C" void unloadProviders()
{
    if (g_legacyProvider)
        OSSL_PROVIDER_unload(g_legacyProvider);
    if (g_defaultProvider)
        OSSL_PROVIDER_unload(g_defaultProvider);
    g_legacyProvider = nullptr;
    g_defaultProvider = nullptr;
}

} // namespace

bool ensureProviders()
{
    static std::once_flag once;
    static bool loaded = false;
    std::call_once(once, [] {
        // Loading "legacy" explicitly unloads the implicit default, so load both.
        g_defaultProvider = OSSL_PROVIDER_load(nullptr, "default");
        g_legacyProvider = OSSL_PROVIDER_load(nullptr, "legacy");
        loaded = g_defaultProvider && g_legacyProvider;
        ERR_clear_error();
        std::atexit(unloadProviders);
    });
    return loaded;
}

} // namespace quince::pki::ossl

namespace quince::pki {

QString errorKindName(PkiErrorKind kind)
{
    switch (kind) {
    case PkiErrorKind::Malformed:
        return QStringLiteral("Malformed");
    case PkiErrorKind::UnsupportedAlgorithm:
        return QStringLiteral("UnsupportedAlgorithm");
    case PkiErrorKind::BadSignature:
        return QStringLiteral("BadSignature");
    case PkiErrorKind::UntrustedChain:
        return QStringLiteral("UntrustedChain");
    case PkiErrorKind::Expired:
        return QStringLiteral("Expired");
    case PkiErrorKind::KeyMismatch:
        return QStringLiteral("KeyMismatch");
    case PkiErrorKind::WrongPassword:
        return QStringLiteral("WrongPassword");
    case PkiErrorKind::InvalidArgument:
        return QStringLiteral("InvalidArgument");
    case PkiErrorKind::Internal:
        return QStringLiteral("Internal");
    }
    return QStringLiteral("Unknown");
}

} // namespace quince::pki
