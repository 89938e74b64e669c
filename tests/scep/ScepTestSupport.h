// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A CA made in the test, and an issuer that signs with it: the SCEP engine is tested without
// the production CA, through the ScepIssuer seam.

#include "core/pki/Certificate.h"
#include "core/pki/PrivateKey.h"
#include "core/scep/ScepIssuer.h"

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QMutex>
#include <QSet>
#include <QString>

#include <optional>

namespace quince::scep::test {

/// Options for makeCertificate().
struct CertificateSpec {
    explicit CertificateSpec(QString cn, bool ca = false, QString usage = {}, QString extendedUsage = {},
        qint64 notBeforeOffset = -3600, qint64 notAfterOffset = 365 * 24 * 3600)
        : commonName(std::move(cn)),
          isCa(ca),
          keyUsage(std::move(usage)),
          extendedKeyUsage(std::move(extendedUsage)),
          notBeforeOffsetSeconds(notBeforeOffset),
          notAfterOffsetSeconds(notAfterOffset)
    {
    }

    QString commonName;
    bool isCa = false;
    /// keyUsage as OpenSSL's extension text ("critical,digitalSignature,keyEncipherment"), or "".
    QString keyUsage;
    QString extendedKeyUsage;
    qint64 notBeforeOffsetSeconds = -3600;
    qint64 notAfterOffsetSeconds = 365 * 24 * 3600;
};

/// A certificate for subjectKey's public half, signed by issuerKey as issuer (self-signed when
/// issuer is null). Fails the test (null result) on error.
pki::Certificate makeCertificate(const CertificateSpec& spec, const pki::PrivateKey& subjectKey,
    const pki::Certificate& issuer, const pki::PrivateKey& issuerKey);

/// A root CA and an RSA RA certificate issued by it.
struct TestPki {
    pki::PrivateKey caKey;
    pki::Certificate caCert;
    pki::PrivateKey raKey;
    pki::Certificate raCert;

    static TestPki create();
};

/// Signs CSRs with the test CA: subject and key from the CSR, clientAuth, one year.
class TestIssuer : public ScepIssuer {
public:
    TestIssuer(pki::Certificate caCert, pki::PrivateKey caKey);

    pki::PkiResult<pki::Certificate> issue(
        const pki::CertificateRequest& request, const IssueContext& context) override;
    bool acceptsRenewalOf(const pki::Certificate& existing) override;

    /// Validity of the next certificates, relative to now.
    void setValidity(qint64 notBeforeOffsetSeconds, qint64 notAfterOffsetSeconds);
    /// Refuse renewing this certificate (as if superseded or revoked).
    void refuseRenewalOf(const pki::Certificate& certificate);
    /// Make the next issue() fail with kind.
    void failNextWith(pki::PkiErrorKind kind);

    QList<pki::Certificate> issued() const;
    QList<IssueContext> contexts() const;

private:
    pki::Certificate m_caCert;
    pki::PrivateKey m_caKey;
    mutable QMutex m_mutex;
    QList<pki::Certificate> m_issued;
    QList<IssueContext> m_contexts;
    QSet<QString> m_refused;
    qint64 m_notBeforeOffset = -3600;
    qint64 m_notAfterOffset = 365 * 24 * 3600;
    std::optional<pki::PkiErrorKind> m_failNext;
};

/// Runs the `openssl` command with arguments; stdout+stderr and the exit code. exitCode is -1
/// when the command could not be started.
struct ProcessResult {
    int exitCode = -1;
    QByteArray output;
};
ProcessResult runOpenssl(const QStringList& arguments, const QByteArray& input = {});
bool hasOpenssl();

/// Writes bytes to path; false on failure.
bool writeFile(const QString& path, const QByteArray& bytes);

} // namespace quince::scep::test
