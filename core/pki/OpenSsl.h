// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Internal to core/pki: RAII owners for OpenSSL objects and the conversion of OpenSSL's error
// queue into PkiError. Nothing outside core/pki includes this header; public pki classes hold
// their OpenSSL objects privately.

#include "core/pki/PkiError.h"

#include <QByteArray>
#include <QString>

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/cms.h>
#include <openssl/evp.h>
#include <openssl/pkcs12.h>
#include <openssl/pkcs7.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include <memory>

namespace quince::pki::ossl {

template <auto FreeFunction> struct Deleter {
    template <typename T> void operator()(T* pointer) const { FreeFunction(pointer); }
};

using BioPtr = std::unique_ptr<BIO, Deleter<BIO_free_all>>;
using BignumPtr = std::unique_ptr<BIGNUM, Deleter<BN_free>>;
using X509Ptr = std::unique_ptr<X509, Deleter<X509_free>>;
using X509ReqPtr = std::unique_ptr<X509_REQ, Deleter<X509_REQ_free>>;
using X509NamePtr = std::unique_ptr<X509_NAME, Deleter<X509_NAME_free>>;
using X509ExtensionPtr = std::unique_ptr<X509_EXTENSION, Deleter<X509_EXTENSION_free>>;
using X509StorePtr = std::unique_ptr<X509_STORE, Deleter<X509_STORE_free>>;
using X509StoreCtxPtr = std::unique_ptr<X509_STORE_CTX, Deleter<X509_STORE_CTX_free>>;
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, Deleter<EVP_PKEY_free>>;
using EvpPkeyCtxPtr = std::unique_ptr<EVP_PKEY_CTX, Deleter<EVP_PKEY_CTX_free>>;
using EvpMdCtxPtr = std::unique_ptr<EVP_MD_CTX, Deleter<EVP_MD_CTX_free>>;
using EvpCipherCtxPtr = std::unique_ptr<EVP_CIPHER_CTX, Deleter<EVP_CIPHER_CTX_free>>;
using Asn1IntegerPtr = std::unique_ptr<ASN1_INTEGER, Deleter<ASN1_INTEGER_free>>;
using Asn1TimePtr = std::unique_ptr<ASN1_TIME, Deleter<ASN1_TIME_free>>;
using CmsPtr = std::unique_ptr<CMS_ContentInfo, Deleter<CMS_ContentInfo_free>>;
using Pkcs7Ptr = std::unique_ptr<PKCS7, Deleter<PKCS7_free>>;
using Pkcs12Ptr = std::unique_ptr<PKCS12, Deleter<PKCS12_free>>;
using GeneralNamesPtr = std::unique_ptr<GENERAL_NAMES, Deleter<GENERAL_NAMES_free>>;

struct X509StackDeleter {
    void operator()(STACK_OF(X509) * stack) const { sk_X509_pop_free(stack, X509_free); }
};
/// A stack that owns its certificates.
using X509StackPtr = std::unique_ptr<STACK_OF(X509), X509StackDeleter>;

/// Drains OpenSSL's thread-local error queue into one line ("" when empty). Call right after a
/// failing OpenSSL function, so that stale errors never leak into a later message.
QString takeErrors();

/// A PkiError whose message is what + the drained OpenSSL errors.
PkiError error(PkiErrorKind kind, const QString& what);

/// Clears the error queue (before an operation whose failure is expected and handled).
void clearErrors();

/// A read-only memory BIO over bytes (which must outlive it).
BioPtr memoryBio(const QByteArray& bytes);
/// An empty, growable memory BIO.
BioPtr memoryBio();
/// The contents of a memory BIO.
QByteArray contents(BIO* bio);

/// Loads the default and legacy providers once per process. Single DES (used by older SCEP
/// clients) lives in the legacy provider; see TECH-NOTES.
bool ensureProviders();

/// Serialises with an i2d function into a QByteArray (empty on failure).
template <typename T, typename F> QByteArray toDer(const T* object, F i2d)
{
    const int length = i2d(object, nullptr);
    if (length <= 0)
        return {};
    QByteArray der(length, Qt::Uninitialized);
    auto* out = reinterpret_cast<unsigned char*>(der.data());
    if (i2d(object, &out) != length)
        return {};
    return der;
}

} // namespace quince::pki::ossl
