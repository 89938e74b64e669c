// SPDX-License-Identifier: GPL-3.0-or-later
// Our command catalogue against Apple's schemas (../shared/reference/apple-device-management):
// every request type exists there, every key of ours has Apple's type, our required keys are
// required there and theirs are in ours, rangelists and ranges agree, platforms, channels and
// supervision agree. The definitions are ours; this is the check that they say what Apple says.

#include "core/commands/CommandCatalogue.h"

#include <QDir>
#include <QFileInfo>
#include <QHash>
#include <QSet>
#include <QTest>

#include <yaml-cpp/yaml.h>

using namespace quince::commands;

namespace {

QString str(const YAML::Node& node)
{
    return node && node.IsScalar() ? QString::fromStdString(node.as<std::string>()) : QString();
}

// A child of a mapping, or a null node: yaml-cpp throws on indexing a missing node's children.
YAML::Node sub(const YAML::Node& node, const char* key)
{
    if (!node || !node.IsMap())
        return YAML::Node();
    const YAML::Node child = node[key];
    return child ? child : YAML::Node();
}

YAML::Node findKey(const YAML::Node& keys, const QString& name)
{
    if (!keys || !keys.IsSequence())
        return YAML::Node();
    for (const YAML::Node& key : keys) {
        if (str(key["key"]) == name)
            return key;
    }
    return YAML::Node();
}

QStringList rangelistOf(const YAML::Node& node)
{
    QStringList values;
    if (node["rangelist"] && node["rangelist"].IsSequence()) {
        for (const YAML::Node& value : node["rangelist"])
            values.append(str(value));
    }
    return values;
}

QStringList ourRangelist(const Parameter& parameter)
{
    QStringList values = parameter.allowedStrings;
    for (const qint64 number : parameter.allowedIntegers)
        values.append(QString::number(number));
    return values;
}

// Collects every disagreement instead of stopping at the first, so one run lists them all.
class SchemaComparison {
public:
    QStringList problems;

    // Our parameter against Apple's node for the same key (or the same array element).
    void compare(const Parameter& ours, const YAML::Node& apple, const QString& path, bool element)
    {
        const QString appleType = str(apple["type"]);
        const QString ourType = QStringLiteral("<%1>").arg(valueTypeName(ours.type));
        if (appleType != ourType)
            problems.append(QStringLiteral("%1: type %2, Apple says %3").arg(path, ourType, appleType));
        if (!element) {
            const bool appleRequired = str(apple["presence"]) == QLatin1String("required");
            if (ours.required && !appleRequired)
                problems.append(QStringLiteral("%1: required here, optional for Apple").arg(path));
        }
        if (ourRangelist(ours) != rangelistOf(apple))
            problems.append(QStringLiteral("%1: rangelist [%2], Apple says [%3]")
                                .arg(path, ourRangelist(ours).join(u','), rangelistOf(apple).join(u',')));
        // Compared as text: Apple writes integer ranges as integers.
        const QString appleRange = apple["range"]
            ? QStringLiteral("%1..%2").arg(str(sub(sub(apple, "range"), "min")), str(sub(sub(apple, "range"), "max")))
            : QString();
        const QString ourRange = ours.minimum || ours.maximum
            ? QStringLiteral("%1..%2").arg(ours.minimum ? QString::number(*ours.minimum) : QString(),
                ours.maximum ? QString::number(*ours.maximum) : QString())
            : QString();
        if (appleRange != ourRange)
            problems.append(QStringLiteral("%1: range '%2', Apple says '%3'").arg(path, ourRange, appleRange));

        const YAML::Node subkeys = apple["subkeys"];
        switch (ours.type) {
        case ValueType::Array: {
            const Parameter* item = ours.element();
            if (!item) {
                problems.append(QStringLiteral("%1: an array without an element type").arg(path));
                break;
            }
            if (!subkeys || !subkeys.IsSequence() || subkeys.size() == 0) {
                problems.append(QStringLiteral("%1: Apple gives no element type").arg(path));
                break;
            }
            if (!item->variants.isEmpty()) {
                // Several shapes of element (Settings): Apple lists each as a dictionary subkey.
                for (const Parameter& variant : item->variants) {
                    const YAML::Node appleVariant = findKey(subkeys, variant.key);
                    const QString at = QStringLiteral("%1[%2]").arg(path, variant.key);
                    if (!appleVariant)
                        problems.append(QStringLiteral("%1: no such item in Apple's schema").arg(at));
                    else
                        compare(variant, appleVariant, at, true);
                }
                // And the other way: every item Apple defines is offered.
                for (const YAML::Node& appleVariant : subkeys) {
                    if (!item->variant(str(sub(appleVariant, "key"))))
                        problems.append(QStringLiteral("%1: Apple's item '%2' is missing")
                                            .arg(path, str(sub(appleVariant, "key"))));
                }
            } else {
                compare(*item, subkeys[0], path + QStringLiteral("[]"), true);
            }
            break;
        }
        case ValueType::Dictionary:
            if (!ours.variants.isEmpty())
                break; // compared through the array above
            if (ours.openKeys) {
                if (!findKey(subkeys, QStringLiteral("ANY")))
                    problems.append(QStringLiteral("%1: open here, Apple lists its keys").arg(path));
                break;
            }
            compareKeys(ours.subkeys, subkeys, path);
            break;
        default:
            break;
        }
    }

    void compareKeys(const QList<Parameter>& ours, const YAML::Node& apple, const QString& path)
    {
        for (const Parameter& parameter : ours) {
            const QString at = path.isEmpty() ? parameter.key : path + u'.' + parameter.key;
            const YAML::Node node = findKey(apple, parameter.key);
            if (!node) {
                problems.append(QStringLiteral("%1: no such key in Apple's schema").arg(at));
                continue;
            }
            compare(parameter, node, at, false);
        }
        if (!apple || !apple.IsSequence())
            return;
        for (const YAML::Node& node : apple) {
            const QString key = str(node["key"]);
            const bool found = std::any_of(
                ours.begin(), ours.end(), [&key](const Parameter& parameter) { return parameter.key == key; });
            if (str(node["presence"]) == QLatin1String("required") && !found)
                problems.append(QStringLiteral("%1: Apple requires '%2', the catalogue lacks it").arg(path, key));
        }
    }
};

} // namespace

class TestCommandCatalogue : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void catalogueIsWellFormed();
    void sensitiveCommandsAreTheThree();
    void matchesApplesSchema_data();
    void matchesApplesSchema();

private:
    QString m_commandsDir;
    QHash<QString, QString> m_fileOf; // RequestType -> YAML file
};

void TestCommandCatalogue::initTestCase()
{
    m_commandsDir = QStringLiteral(QUINCE_SHARED_DIR "/reference/apple-device-management/mdm/commands");
    if (!QFileInfo(m_commandsDir).isDir())
        return; // the schema tests skip, saying why
    const QStringList files = QDir(m_commandsDir).entryList({QStringLiteral("*.yaml")}, QDir::Files, QDir::Name);
    for (const QString& file : files) {
        try {
            const YAML::Node document = YAML::LoadFile(QDir(m_commandsDir).filePath(file).toStdString());
            const QString requestType = str(sub(sub(document, "payload"), "requesttype"));
            if (!requestType.isEmpty())
                m_fileOf.insert(requestType, file);
        } catch (const YAML::Exception& error) {
            QFAIL(qPrintable(QStringLiteral("%1: %2").arg(file, QString::fromStdString(error.what()))));
        }
    }
    QVERIFY2(!m_fileOf.isEmpty(), "no command schema with a payload.requesttype");
}

void TestCommandCatalogue::catalogueIsWellFormed()
{
    const QStringList expected {QStringLiteral("DeviceInformation"), QStringLiteral("SecurityInfo"),
        QStringLiteral("ProfileList"), QStringLiteral("InstallProfile"), QStringLiteral("RemoveProfile"),
        QStringLiteral("ProvisioningProfileList"), QStringLiteral("InstallProvisioningProfile"),
        QStringLiteral("RemoveProvisioningProfile"), QStringLiteral("CertificateList"),
        QStringLiteral("InstalledApplicationList"), QStringLiteral("DeviceLock"), QStringLiteral("EraseDevice"),
        QStringLiteral("ClearPasscode"), QStringLiteral("RestartDevice"), QStringLiteral("ShutDownDevice"),
        QStringLiteral("Settings"), QStringLiteral("EnableLostMode"), QStringLiteral("DisableLostMode"),
        QStringLiteral("DeviceLocation")};
    QCOMPARE(CommandCatalogue::requestTypes(), expected);
    QVERIFY(CommandCatalogue::find(QStringLiteral("devicelock")) == nullptr); // Apple's case only
    QCOMPARE(CommandCatalogue::find(request::DeviceLock)->requestType, QStringLiteral("DeviceLock"));

    for (const CommandSpec& spec : CommandCatalogue::all()) {
        QVERIFY2(!spec.description.isEmpty(), qPrintable(spec.requestType));
        QVERIFY2(spec.platforms != Platforms(), qPrintable(spec.requestType));
        QVERIFY2(spec.channels.testFlag(Channel::Device), qPrintable(spec.requestType));
        QSet<QString> keys;
        for (const Parameter& parameter : spec.parameters) {
            QVERIFY2(!parameter.description.isEmpty(), qPrintable(spec.requestType + u'.' + parameter.key));
            QVERIFY2(!keys.contains(parameter.key), qPrintable(spec.requestType + u'.' + parameter.key));
            keys.insert(parameter.key);
            if (parameter.type == ValueType::Array)
                QVERIFY(parameter.element() != nullptr);
        }
    }
    const Parameter* settings = CommandCatalogue::find(request::Settings)->parameter(QStringLiteral("Settings"));
    QVERIFY(settings && settings->element());
    QCOMPARE(settings->element()->discriminator, QStringLiteral("Item"));
    QVERIFY(settings->element()->variant(QStringLiteral("DeviceName")) != nullptr);
    QVERIFY(settings->element()->variant(QStringLiteral("NoSuchSetting")) == nullptr);
    QCOMPARE(
        platformNames(CommandCatalogue::find(request::DeviceLocation)->platforms), QStringList {QStringLiteral("iOS")});
    QCOMPARE(channelNames(CommandCatalogue::find(request::ProfileList)->channels),
        (QStringList {QStringLiteral("device"), QStringLiteral("user")}));
}

void TestCommandCatalogue::sensitiveCommandsAreTheThree()
{
    QStringList sensitive;
    for (const CommandSpec& spec : CommandCatalogue::all()) {
        if (spec.sensitive)
            sensitive.append(spec.requestType);
    }
    sensitive.sort();
    QCOMPARE(sensitive,
        (QStringList {
            QStringLiteral("ClearPasscode"), QStringLiteral("DisableLostMode"), QStringLiteral("EraseDevice")}));
    const Parameter* token = CommandCatalogue::find(request::ClearPasscode)->parameter(QStringLiteral("UnlockToken"));
    QVERIFY(token && token->serverSupplied);
}

void TestCommandCatalogue::matchesApplesSchema_data()
{
    QTest::addColumn<QString>("requestType");
    for (const QString& requestType : CommandCatalogue::requestTypes())
        QTest::newRow(qPrintable(requestType)) << requestType;
}

void TestCommandCatalogue::matchesApplesSchema()
{
    if (m_fileOf.isEmpty())
        QSKIP(qPrintable(QStringLiteral("Apple's command schemas are not in %1").arg(m_commandsDir)));
    QFETCH(QString, requestType);
    const CommandSpec* spec = CommandCatalogue::find(requestType);
    QVERIFY(spec);
    QVERIFY2(m_fileOf.contains(requestType), qPrintable(requestType + QStringLiteral(": not in Apple's schemas")));
    const YAML::Node document = YAML::LoadFile(QDir(m_commandsDir).filePath(m_fileOf.value(requestType)).toStdString());

    SchemaComparison comparison;
    comparison.compareKeys(spec->parameters, document["payloadkeys"], QString());

    // Platforms: every OS Apple does not mark "n/a".
    Platforms applePlatforms;
    bool appleUserChannel = false;
    bool appleSupervised = false;
    const std::pair<QString, Platform> names[] = {{QStringLiteral("iOS"), Platform::iOS},
        {QStringLiteral("macOS"), Platform::macOS}, {QStringLiteral("tvOS"), Platform::tvOS},
        {QStringLiteral("visionOS"), Platform::visionOS}, {QStringLiteral("watchOS"), Platform::watchOS}};
    const YAML::Node supported = sub(sub(document, "payload"), "supportedOS");
    for (const auto& [name, platform] : names) {
        const YAML::Node os = sub(supported, name.toLatin1().constData());
        if (!os || str(os["introduced"]) == QLatin1String("n/a"))
            continue;
        applePlatforms |= platform;
        if (str(os["userchannel"]) == QLatin1String("true")
            || str(sub(sub(os, "sharedipad"), "userchannel")) == QLatin1String("true"))
            appleUserChannel = true;
        if (platform == Platform::iOS && str(os["supervised"]) == QLatin1String("true"))
            appleSupervised = true;
    }
    if (spec->platforms != applePlatforms)
        comparison.problems.append(
            QStringLiteral("platforms %1, Apple says %2")
                .arg(platformNames(spec->platforms).join(u','), platformNames(applePlatforms).join(u',')));
    if (spec->channels.testFlag(Channel::User) != appleUserChannel)
        comparison.problems.append(QStringLiteral("user channel %1, Apple says %2")
                                       .arg(spec->channels.testFlag(Channel::User))
                                       .arg(appleUserChannel));
    if (spec->requiresSupervision != appleSupervised)
        comparison.problems.append(
            QStringLiteral("supervision %1, Apple says %2").arg(spec->requiresSupervision).arg(appleSupervised));

    QVERIFY2(comparison.problems.isEmpty(),
        qPrintable(requestType + QStringLiteral(":\n  ") + comparison.problems.join(QStringLiteral("\n  "))));
}

QTEST_GUILESS_MAIN(TestCommandCatalogue)
#include "tst_CommandCatalogue.moc"
