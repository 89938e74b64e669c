// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/pki/Certificate.h"

#include <QByteArray>
#include <QList>
#include <QPair>
#include <QString>
#include <QUrl>

namespace quince::devsim {

/// What a device takes from an enrollment profile: Apple's .mobileconfig, a plist (optionally
/// CMS-signed) whose PayloadContent holds com.apple.security.root / pkcs1 certificates, one
/// com.apple.security.scep identity and the com.apple.mdm payload. Read against Apple's key
/// names (reference/apple-device-management/mdm/profiles/), not against Quince's builder.
struct EnrollmentProfile {
    /// Certificates from com.apple.security.root and com.apple.security.pkcs1: trusted for TLS.
    QList<pki::Certificate> anchors;
    /// Whether the profile was CMS-signed, and by whom (null when unsigned).
    bool wasSigned = false;
    pki::Certificate signer;

    // com.apple.security.scep
    QUrl scepUrl;
    QString scepName;
    QByteArray challenge;
    int keySize = 2048;
    /// The subject as (attribute, value) pairs in order (Apple's array of RDN arrays).
    QList<QPair<QString, QString>> subject;
    /// CAFingerprint (a digest of the CA certificate), empty when absent.
    QByteArray caFingerprint;
    QString scepPayloadUuid;

    // com.apple.mdm
    QUrl serverUrl;
    QUrl checkInUrl;
    QString topic;
    bool signMessage = false;
    bool checkOutWhenRemoved = false;
    QString identityCertificateUuid;
    qint64 accessRights = 0;

    /// Parses a .mobileconfig (signed or not). A signature that does not verify is an error;
    /// so is a profile without SCEP or MDM payload, or an MDM payload whose identity is not the
    /// SCEP payload.
    static Result<EnrollmentProfile> parse(const QByteArray& bytes);

    /// An unsigned .mobileconfig with these fields in Apple's layout: what a test builds while
    /// no profile builder is at hand (and a reference for what parse() reads).
    QByteArray toMobileconfig() const;
};

} // namespace quince::devsim
