// SPDX-License-Identifier: GPL-3.0-or-later
#include "EnrollmentProfile.h"

#include "core/pki/CmsVerifier.h"
#include "core/plist/PlistCodec.h"
#include "core/plist/PlistValue.h"

#include <QUuid>

namespace quince::devsim {

namespace {

using plist::Array;
using plist::Dict;
using plist::Value;

Error fail(const QString& message)
{
    return Error {QStringLiteral("enrollment profile: ") + message};
}

bool isPlist(const QByteArray& bytes)
{
    const QByteArray start = bytes.left(64).trimmed();
    return start.startsWith("<?xml") || start.startsWith("<plist") || start.startsWith("bplist");
}

QString newUuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces).toUpper();
}

Dict payloadHeader(const QString& type, const QString& identifier, const QString& uuid, const QString& name)
{
    Dict payload;
    payload.insert(QStringLiteral("PayloadType"), QString(type));
    payload.insert(QStringLiteral("PayloadVersion"), 1);
    payload.insert(QStringLiteral("PayloadIdentifier"), QString(identifier));
    payload.insert(QStringLiteral("PayloadUUID"), QString(uuid));
    payload.insert(QStringLiteral("PayloadDisplayName"), QString(name));
    return payload;
}

} // namespace

Result<EnrollmentProfile> EnrollmentProfile::parse(const QByteArray& bytes)
{
    EnrollmentProfile profile;
    QByteArray content = bytes;
    if (!isPlist(bytes)) {
        pki::CmsVerifier verifier; // the signature must hold; trusting its signer is the user's call
        auto verified = verifier.verifyAttached(bytes);
        if (!verified)
            return fail(QStringLiteral("the CMS signature does not verify: ") + verified.error().message);
        profile.wasSigned = true;
        profile.signer = verified->signer;
        content = verified->content;
    }
    auto decoded = plist::decode(content);
    if (!decoded)
        return fail(QStringLiteral("not a property list: ") + decoded.error().message);
    if (decoded->value(QStringLiteral("PayloadType")).toString() != QLatin1String("Configuration"))
        return fail(QStringLiteral("the top-level PayloadType is not Configuration"));

    const Value& payloads = decoded->value(QStringLiteral("PayloadContent"));
    if (!payloads.isArray())
        return fail(QStringLiteral("PayloadContent is not an array"));
    bool haveScep = false;
    bool haveMdm = false;
    for (const Value& payload : payloads.toArray()) {
        const QString type = payload.value(QStringLiteral("PayloadType")).toString();
        if (type == QLatin1String("com.apple.security.root") || type == QLatin1String("com.apple.security.pkcs1")) {
            const QByteArray data = payload.value(QStringLiteral("PayloadContent")).toData();
            auto certificate = pki::Certificate::fromDer(data);
            if (!certificate)
                certificate = pki::Certificate::fromPem(data);
            if (!certificate)
                return fail(type + QStringLiteral(" payload does not hold a certificate"));
            profile.anchors.append(*certificate);
        } else if (type == QLatin1String("com.apple.security.scep")) {
            if (haveScep)
                return fail(QStringLiteral("more than one SCEP payload"));
            haveScep = true;
            const Value& scep = payload.value(QStringLiteral("PayloadContent"));
            profile.scepPayloadUuid = payload.value(QStringLiteral("PayloadUUID")).toString();
            profile.scepUrl = QUrl(scep.value(QStringLiteral("URL")).toString());
            profile.scepName = scep.value(QStringLiteral("Name")).toString();
            profile.challenge = scep.value(QStringLiteral("Challenge")).toString().toUtf8();
            profile.keySize = static_cast<int>(scep.value(QStringLiteral("Keysize")).toInteger(2048));
            profile.caFingerprint = scep.value(QStringLiteral("CAFingerprint")).toData();
            for (const Value& rdn : scep.value(QStringLiteral("Subject")).toArray())
                for (const Value& pair : rdn.toArray())
                    profile.subject.append({pair.at(0).toString(), pair.at(1).toString()});
            if (!profile.scepUrl.isValid() || profile.scepUrl.scheme().isEmpty())
                return fail(QStringLiteral("the SCEP payload has no valid URL"));
        } else if (type == QLatin1String("com.apple.mdm")) {
            haveMdm = true;
            profile.serverUrl = QUrl(payload.value(QStringLiteral("ServerURL")).toString());
            profile.checkInUrl = QUrl(payload.value(QStringLiteral("CheckInURL")).toString());
            profile.topic = payload.value(QStringLiteral("Topic")).toString();
            profile.signMessage = payload.value(QStringLiteral("SignMessage")).toBool();
            profile.checkOutWhenRemoved = payload.value(QStringLiteral("CheckOutWhenRemoved")).toBool();
            profile.identityCertificateUuid = payload.value(QStringLiteral("IdentityCertificateUUID")).toString();
            profile.accessRights = payload.value(QStringLiteral("AccessRights")).toInteger();
        }
    }
    if (!haveScep)
        return fail(QStringLiteral("no com.apple.security.scep payload"));
    if (!haveMdm)
        return fail(QStringLiteral("no com.apple.mdm payload"));
    if (!profile.serverUrl.isValid() || profile.serverUrl.scheme().isEmpty())
        return fail(QStringLiteral("the MDM payload has no valid ServerURL"));
    // Apple: without a CheckInURL, check-in messages go to the ServerURL.
    if (profile.checkInUrl.isEmpty())
        profile.checkInUrl = profile.serverUrl;
    if (!profile.topic.startsWith(QLatin1String("com.apple.mgmt.")))
        return fail(QStringLiteral("the Topic does not start with com.apple.mgmt."));
    if (profile.identityCertificateUuid.compare(profile.scepPayloadUuid, Qt::CaseInsensitive) != 0)
        return fail(QStringLiteral("IdentityCertificateUUID does not name the SCEP payload"));
    return profile;
}

QByteArray EnrollmentProfile::toMobileconfig() const
{
    const QString base = QStringLiteral("org.quince.devsim.enrollment");
    Array payloads;
    int index = 0;
    for (const pki::Certificate& anchor : anchors) {
        Dict root = payloadHeader(anchor.isSelfIssued() ? QStringLiteral("com.apple.security.root")
                                                        : QStringLiteral("com.apple.security.pkcs1"),
            base + QStringLiteral(".anchor%1").arg(index++), newUuid(), anchor.commonName());
        root.insert(QStringLiteral("PayloadContent"), anchor.toDer());
        payloads.append(root);
    }

    const QString scepUuid = scepPayloadUuid.isEmpty() ? newUuid() : scepPayloadUuid;
    Dict scepContent;
    scepContent.insert(QStringLiteral("URL"), scepUrl.toString());
    if (!scepName.isEmpty())
        scepContent.insert(QStringLiteral("Name"), QString(scepName));
    Array subjectArray;
    for (const auto& [attribute, value] : subject)
        subjectArray.append(Array {Value(Array {Value(attribute), Value(value)})});
    scepContent.insert(QStringLiteral("Subject"), subjectArray);
    scepContent.insert(QStringLiteral("Challenge"), QString::fromUtf8(challenge));
    scepContent.insert(QStringLiteral("Keysize"), keySize);
    scepContent.insert(QStringLiteral("Key Type"), QStringLiteral("RSA"));
    scepContent.insert(QStringLiteral("Key Usage"), 5);
    if (!caFingerprint.isEmpty())
        scepContent.insert(QStringLiteral("CAFingerprint"), caFingerprint);
    Dict scep = payloadHeader(
        QStringLiteral("com.apple.security.scep"), base + QStringLiteral(".scep"), scepUuid, QStringLiteral("SCEP"));
    scep.insert(QStringLiteral("PayloadContent"), scepContent);
    payloads.append(scep);

    Dict mdm = payloadHeader(
        QStringLiteral("com.apple.mdm"), base + QStringLiteral(".mdm"), newUuid(), QStringLiteral("MDM"));
    mdm.insert(QStringLiteral("IdentityCertificateUUID"), scepUuid);
    mdm.insert(QStringLiteral("Topic"), QString(topic));
    mdm.insert(QStringLiteral("ServerURL"), serverUrl.toString());
    mdm.insert(QStringLiteral("CheckInURL"), checkInUrl.toString());
    mdm.insert(QStringLiteral("SignMessage"), signMessage);
    mdm.insert(QStringLiteral("CheckOutWhenRemoved"), checkOutWhenRemoved);
    mdm.insert(QStringLiteral("AccessRights"), accessRights != 0 ? accessRights : qint64(8191));
    mdm.insert(
        QStringLiteral("ServerCapabilities"), Array {Value(QStringLiteral("com.apple.mdm.per-user-connections"))});
    payloads.append(mdm);

    Dict top;
    top.insert(QStringLiteral("PayloadType"), QStringLiteral("Configuration"));
    top.insert(QStringLiteral("PayloadVersion"), 1);
    top.insert(QStringLiteral("PayloadIdentifier"), base);
    top.insert(QStringLiteral("PayloadUUID"), newUuid());
    top.insert(QStringLiteral("PayloadDisplayName"), QStringLiteral("Quince device simulator enrollment"));
    top.insert(QStringLiteral("PayloadContent"), payloads);
    auto encoded = plist::encodeXml(Value(top));
    return encoded ? *encoded : QByteArray();
}

} // namespace quince::devsim
