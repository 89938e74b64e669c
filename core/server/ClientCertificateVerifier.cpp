// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/server/ClientCertificateVerifier.h"

#include <QCryptographicHash>
#include <QDateTime>
#include <QHash>
#include <QMutex>

#include <openssl/x509.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>

#include <algorithm>
#include <deque>

namespace quince::server {

namespace {

struct X509Deleter {
    void operator()(X509* certificate) const { X509_free(certificate); }
};
struct X509StoreDeleter {
    void operator()(X509_STORE* store) const { X509_STORE_free(store); }
};
struct X509StoreCtxDeleter {
    void operator()(X509_STORE_CTX* context) const { X509_STORE_CTX_free(context); }
};
struct X509StackDeleter {
    void operator()(STACK_OF(X509) * stack) const { sk_X509_pop_free(stack, X509_free); }
};
using X509Ptr = std::unique_ptr<X509, X509Deleter>;

X509Ptr fromQt(const QSslCertificate& certificate)
{
    const QByteArray der = certificate.toDer();
    const auto* data = reinterpret_cast<const unsigned char*>(der.constData());
    return X509Ptr(d2i_X509(nullptr, &data, der.size()));
}

QByteArray toDer(X509* certificate)
{
    const int length = i2d_X509(certificate, nullptr);
    if (length <= 0)
        return {};
    QByteArray der(length, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    i2d_X509(certificate, &out);
    return der;
}

} // namespace

struct ClientCertificateVerifier::Store {
    std::unique_ptr<X509_STORE, X509StoreDeleter> store {X509_STORE_new()};

    struct Verified {
        QList<QByteArray> chain;
        qint64 expiresAtMs = 0;
    };
    QMutex mutex; // guards the members below
    QHash<QByteArray, Verified> verified; // by SHA-256 of the presented chain
    std::deque<QByteArray> order; // insertion order, to forget the oldest first
};

ClientCertificateVerifier::ClientCertificateVerifier(const QList<QSslCertificate>& trustAnchors)
    : m_store(std::make_unique<Store>())
{
    for (const QSslCertificate& anchor : trustAnchors) {
        X509Ptr certificate = fromQt(anchor);
        // X509_STORE_add_cert takes its own reference.
        if (certificate)
            X509_STORE_add_cert(m_store->store.get(), certificate.get());
    }
}

ClientCertificateVerifier::~ClientCertificateVerifier() = default;

Result<QList<QByteArray>> ClientCertificateVerifier::verify(const QList<QSslCertificate>& presented) const
{
    if (presented.isEmpty())
        return Error {QStringLiteral("no client certificate")};
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const QSslCertificate& certificate : presented) {
        const QByteArray der = certificate.toDer();
        const qint64 length = der.size();
        hash.addData(QByteArrayView(reinterpret_cast<const char*>(&length), sizeof length));
        hash.addData(der);
    }
    const QByteArray key = hash.result();
    const qint64 nowMs = QDateTime::currentMSecsSinceEpoch();
    {
        QMutexLocker lock(&m_store->mutex);
        const auto found = m_store->verified.constFind(key);
        if (found != m_store->verified.cend() && found->expiresAtMs > nowMs)
            return found->chain;
    }

    qint64 validForMs = 0;
    Result<QList<QByteArray>> chain = verifyWithOpenSsl(presented, &validForMs);
    if (!chain)
        return chain;
    QMutexLocker lock(&m_store->mutex);
    if (!m_store->verified.contains(key)) {
        while (m_store->verified.size() >= kMaxRemembered && !m_store->order.empty()) {
            m_store->verified.remove(m_store->order.front());
            m_store->order.pop_front();
        }
        m_store->order.push_back(key);
    }
    m_store->verified.insert(key, Store::Verified {chain.value(), nowMs + std::min(validForMs, kRememberMs)});
    return chain;
}

Result<QList<QByteArray>> ClientCertificateVerifier::verifyWithOpenSsl(
    const QList<QSslCertificate>& presented, qint64* validForMs) const
{
    X509Ptr leaf = fromQt(presented.first());
    if (!leaf)
        return Error {QStringLiteral("client certificate does not parse")};
    std::unique_ptr<STACK_OF(X509), X509StackDeleter> untrusted(sk_X509_new_null());
    for (qsizetype i = 1; i < presented.size(); ++i) {
        if (X509Ptr intermediate = fromQt(presented.at(i));
            intermediate && sk_X509_push(untrusted.get(), intermediate.get()) > 0)
            intermediate.release();
    }
    std::unique_ptr<X509_STORE_CTX, X509StoreCtxDeleter> context(X509_STORE_CTX_new());
    if (!context || X509_STORE_CTX_init(context.get(), m_store->store.get(), leaf.get(), untrusted.get()) != 1)
        return Error {QStringLiteral("cannot set up certificate verification")};
    X509_STORE_CTX_set_purpose(context.get(), X509_PURPOSE_SSL_CLIENT);
    if (X509_verify_cert(context.get()) != 1) {
        const int error = X509_STORE_CTX_get_error(context.get());
        return Error {QString::fromLatin1(X509_verify_cert_error_string(error))};
    }
    QList<QByteArray> chain;
    *validForMs = kRememberMs;
    STACK_OF(X509)* verified = X509_STORE_CTX_get0_chain(context.get());
    for (int i = 0; i < sk_X509_num(verified); ++i) {
        X509* certificate = sk_X509_value(verified, i);
        chain.append(toDer(certificate));
        // Time left until this certificate expires: the chain is remembered no longer.
        int days = 0;
        int seconds = 0;
        if (ASN1_TIME_diff(&days, &seconds, nullptr, X509_get0_notAfter(certificate)) != 1)
            *validForMs = 0;
        else
            *validForMs = std::min(*validForMs, (qint64(days) * 86400 + seconds) * 1000);
    }
    return chain;
}

} // namespace quince::server
