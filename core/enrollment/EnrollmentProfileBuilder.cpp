// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/enrollment/EnrollmentProfileBuilder.h"

#include "core/pki/CmsSigner.h"
#include "core/plist/PlistCodec.h"

#include <QObject>
#include <QUuid>

namespace quince::enrollment {

using plist::Array;
using plist::Dict;
using plist::Value;

namespace {

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toUpper();
}

// The keys every payload carries (CommonPayloadKeys). PayloadUUIDs are fresh on every profile:
// replacement is decided by the top-level PayloadIdentifier, and a new SCEP payload must make
// a new identity.
Dict payload(const QString& type, const QString& identifier, const QString& uuid, const QString& displayName)
{
    return Dict {
        {QStringLiteral("PayloadType"), type},
        {QStringLiteral("PayloadVersion"), 1},
        {QStringLiteral("PayloadIdentifier"), identifier},
        {QStringLiteral("PayloadUUID"), uuid},
        {QStringLiteral("PayloadDisplayName"), displayName},
    };
}

Dict certificatePayload(const QString& type, const QString& identifier, const pki::Certificate& certificate)
{
    const QString name = certificate.subjectAttribute("CN");
    Dict dict = payload(type, identifier, newUuid(), name.isEmpty() ? certificate.subject() : name);
    dict.insert(QStringLiteral("PayloadCertificateFileName"),
        QString((name.isEmpty() ? QStringLiteral("ca") : name) + QStringLiteral(".cer")));
    dict.insert(QStringLiteral("PayloadContent"), certificate.toDer());
    return dict;
}

Array subjectPair(const QString& oid, const QString& value)
{
    // Subject is an array of RDNs, each an array of [oid, value] pairs.
    return Array {Value(Array {Value(Array {Value(oid), Value(value)})})};
}

Dict topLevel(const QString& identifier, const QString& displayName, const QString& description,
    const QString& organization, Array content)
{
    Dict dict {
        {QStringLiteral("PayloadType"), QStringLiteral("Configuration")},
        {QStringLiteral("PayloadVersion"), 1},
        {QStringLiteral("PayloadIdentifier"), identifier},
        {QStringLiteral("PayloadUUID"), newUuid()},
        {QStringLiteral("PayloadDisplayName"), displayName},
        {QStringLiteral("PayloadDescription"), description},
    };
    if (!organization.isEmpty())
        dict.insert(QStringLiteral("PayloadOrganization"), organization);
    dict.insert(QStringLiteral("PayloadContent"), std::move(content));
    return dict;
}

} // namespace

QStringList EnrollmentProfileBuilder::serverCapabilities()
{
    return {QStringLiteral("com.apple.mdm.per-user-connections"), QStringLiteral("com.apple.mdm.bootstraptoken")};
}

Value EnrollmentProfileBuilder::enrollmentProfile(const EnrollmentProfileSpec& spec)
{
    const QString& id = spec.profileIdentifier;
    Array content;
    // Certificate payloads first: the device installs them before the MDM payload needs them.
    content.append(
        certificatePayload(QStringLiteral("com.apple.security.root"), id + QStringLiteral(".ca.root"), spec.root));
    for (qsizetype i = 0; i < spec.intermediates.size(); ++i)
        content.append(certificatePayload(QStringLiteral("com.apple.security.pkcs1"),
            id + QStringLiteral(".ca.intermediate.%1").arg(i + 1), spec.intermediates.at(i)));

    // The identity. No CAFingerprint: the SCEP URL is https under the root this same profile
    // installs, which already authenticates the CA, and a pinned fingerprint would only turn
    // an issuing-CA renewal between download and install into a failed enrollment.
    const QString scepUuid = newUuid();
    Dict scep = payload(QStringLiteral("com.apple.security.scep"), id + QStringLiteral(".scep"), scepUuid,
        QObject::tr("Device identity"));
    Array subject
        = subjectPair(QStringLiteral("O"), spec.organization.isEmpty() ? QStringLiteral("Quince") : spec.organization);
    subject.append(Array {Value(Array {Value(QStringLiteral("CN")), Value(QStringLiteral("Quince device identity"))})});
    scep.insert(QStringLiteral("PayloadContent"),
        Dict {
            {QStringLiteral("URL"), spec.urls.scep()},
            {QStringLiteral("Name"), QStringLiteral("Quince")},
            {QStringLiteral("Subject"), std::move(subject)},
            {QStringLiteral("Challenge"), QString::fromLatin1(spec.challenge)},
            {QStringLiteral("Keysize"), kScepKeySize},
            {QStringLiteral("Key Type"), QStringLiteral("RSA")},
            {QStringLiteral("Key Usage"), kScepKeyUsage},
        });
    content.append(std::move(scep));

    Dict mdm = payload(
        QStringLiteral("com.apple.mdm"), id + QStringLiteral(".mdm"), newUuid(), QObject::tr("Device management"));
    mdm.insert(QStringLiteral("IdentityCertificateUUID"), scepUuid);
    mdm.insert(QStringLiteral("Topic"), spec.topic);
    mdm.insert(QStringLiteral("ServerURL"), spec.urls.server());
    mdm.insert(QStringLiteral("CheckInURL"), spec.urls.checkIn());
    mdm.insert(QStringLiteral("SignMessage"), spec.signMessage);
    mdm.insert(QStringLiteral("CheckOutWhenRemoved"), true);
    mdm.insert(QStringLiteral("AccessRights"), kAccessRights);
    Array capabilities;
    for (const QString& capability : serverCapabilities())
        capabilities.append(capability);
    mdm.insert(QStringLiteral("ServerCapabilities"), std::move(capabilities));
    content.append(std::move(mdm));

    return topLevel(id, QObject::tr("Quince device management"),
        QObject::tr("Enrolls this device in the Quince MDM server at %1.").arg(spec.urls.base()), spec.organization,
        std::move(content));
}

Value EnrollmentProfileBuilder::trustProfile(
    const QString& enrollmentProfileIdentifier, const pki::Certificate& root, const QString& organization)
{
    const QString id = trustProfileIdentifier(enrollmentProfileIdentifier);
    Array content {
        Value(certificatePayload(QStringLiteral("com.apple.security.root"), id + QStringLiteral(".ca.root"), root))};
    return topLevel(id, QObject::tr("Quince server trust"),
        QObject::tr("Trusts the certificate authority of the Quince MDM server."), organization, std::move(content));
}

EnrollmentResult<QByteArray> EnrollmentProfileBuilder::encode(const Value& profile, const pki::CmsSigner* signer)
{
    auto xml = plist::encodeXml(profile);
    if (!xml)
        return EnrollmentError {
            EnrollmentErrorKind::Internal, QObject::tr("The profile cannot be encoded: %1").arg(xml.error().message)};
    if (!signer || signer->isNull())
        return std::move(xml).value();
    auto signedProfile = signer->signAttached(*xml);
    if (!signedProfile)
        return EnrollmentError {EnrollmentErrorKind::Signing,
            QObject::tr("The profile cannot be signed: %1").arg(signedProfile.error().message)};
    return std::move(signedProfile).value();
}

} // namespace quince::enrollment
