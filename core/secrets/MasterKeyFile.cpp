// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/MasterKeyFile.h"

#include <QDir>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QSaveFile>

namespace quince::secrets {

namespace {

const auto kFileName = QStringLiteral("master-key.json");
const auto kFormat = QStringLiteral("quince-master-key");
constexpr qsizetype kSaltSize = 16;

SecretError malformed(const QString& path, const QString& what)
{
    return SecretError {SecretErrorKind::Malformed,
        QObject::tr("The master key file %1 is damaged: %2. It was left untouched; restore it from a backup.")
            .arg(QDir::toNativeSeparators(path), what)};
}

std::optional<QByteArray> base64Field(const QJsonObject& object, const QString& name)
{
    const QJsonValue value = object.value(name);
    if (!value.isString())
        return std::nullopt;
    auto decoded = QByteArray::fromBase64Encoding(value.toString().toLatin1(), QByteArray::AbortOnBase64DecodingErrors);
    if (!decoded)
        return std::nullopt;
    return *decoded;
}

// JSON numbers are doubles: accept only exact non-negative integers in range.
std::optional<quint64> integerField(const QJsonObject& object, const QString& name, quint64 maximum)
{
    const QJsonValue value = object.value(name);
    if (!value.isDouble())
        return std::nullopt;
    const double number = value.toDouble();
    if (!(number >= 0) || number > double(maximum) || number != double(quint64(number)))
        return std::nullopt;
    return quint64(number);
}

} // namespace

QString MasterKeyFile::pathIn(const QString& dataDirectory)
{
    return QDir(dataDirectory).filePath(kFileName);
}

QString MasterKeyFile::providerName(Provider provider)
{
    return provider == Provider::Keychain ? QStringLiteral("keychain") : QStringLiteral("passphrase");
}

Result<std::optional<MasterKeyFile>, SecretError> MasterKeyFile::read(const QString& path)
{
    QFile file(path);
    if (!file.exists())
        return std::optional<MasterKeyFile>();
    if (!file.open(QIODevice::ReadOnly))
        return SecretError {SecretErrorKind::IoError,
            QObject::tr("Cannot read the master key file %1: %2.")
                .arg(QDir::toNativeSeparators(path), file.errorString())};
    const QByteArray bytes = file.read(maxFileSize + 1);
    if (bytes.size() > maxFileSize)
        return malformed(path, QObject::tr("it is larger than %1 bytes").arg(maxFileSize));

    QJsonParseError parseError;
    const QJsonDocument document = QJsonDocument::fromJson(bytes, &parseError);
    if (parseError.error != QJsonParseError::NoError)
        return malformed(
            path, QObject::tr("not valid JSON (%1 at offset %2)").arg(parseError.errorString()).arg(parseError.offset));
    if (!document.isObject())
        return malformed(path, QObject::tr("not a JSON object"));
    const QJsonObject root = document.object();
    if (root.value(QStringLiteral("format")).toString() != kFormat)
        return malformed(path, QObject::tr("the \"format\" field is not \"%1\"").arg(kFormat));
    const auto version = integerField(root, QStringLiteral("version"), 1000);
    if (!version)
        return malformed(path, QObject::tr("no valid \"version\" field"));
    if (*version != formatVersion)
        return SecretError {SecretErrorKind::UnsupportedVersion,
            QObject::tr("The master key file %1 has version %2; this version of Quince reads version %3.")
                .arg(QDir::toNativeSeparators(path))
                .arg(*version)
                .arg(formatVersion)};

    MasterKeyFile result;
    const QString provider = root.value(QStringLiteral("provider")).toString();
    if (provider == providerName(Provider::Passphrase))
        result.provider = Provider::Passphrase;
    else if (provider == providerName(Provider::Keychain))
        result.provider = Provider::Keychain;
    else
        return malformed(path, QObject::tr("unknown \"provider\" \"%1\"").arg(provider));
    result.keyIdHex = root.value(QStringLiteral("keyId")).toString();
    if (result.keyIdHex.size() != 16 || QByteArray::fromHex(result.keyIdHex.toLatin1()).size() != 8
        || QString::fromLatin1(QByteArray::fromHex(result.keyIdHex.toLatin1()).toHex()) != result.keyIdHex)
        return malformed(path, QObject::tr("\"keyId\" is not 16 lower-case hex digits"));
    if (result.provider == Provider::Keychain)
        return std::optional<MasterKeyFile>(std::move(result));

    const QJsonObject kdf = root.value(QStringLiteral("kdf")).toObject();
    if (kdf.value(QStringLiteral("name")).toString() != QStringLiteral("scrypt"))
        return malformed(path, QObject::tr("the key derivation is not scrypt"));
    const auto n = integerField(kdf, QStringLiteral("n"), quint64(1) << 40);
    const auto r = integerField(kdf, QStringLiteral("r"), 1u << 20);
    const auto p = integerField(kdf, QStringLiteral("p"), 1u << 20);
    if (!n || !r || !p)
        return malformed(path, QObject::tr("the scrypt parameters n, r, p are missing or not integers"));
    result.scrypt = ScryptParameters {*n, quint32(*r), quint32(*p)};
    if (auto problem = result.scrypt.problem(minimumScryptN))
        return malformed(path, *problem);
    const auto salt = base64Field(kdf, QStringLiteral("salt"));
    if (!salt || salt->size() != kSaltSize)
        return malformed(path, QObject::tr("the salt is missing or not %1 bytes of base64").arg(kSaltSize));
    result.salt = *salt;
    const auto check = base64Field(root, QStringLiteral("check"));
    if (!check || check->isEmpty())
        return malformed(path, QObject::tr("the check value is missing or not base64"));
    result.checkValue = *check;
    return std::optional<MasterKeyFile>(std::move(result));
}

Result<void, SecretError> MasterKeyFile::write(const QString& path) const
{
    QJsonObject root {
        {QStringLiteral("format"), kFormat},
        {QStringLiteral("version"), formatVersion},
        {QStringLiteral("provider"), providerName(provider)},
        {QStringLiteral("keyId"), keyIdHex},
    };
    if (provider == Provider::Passphrase) {
        root.insert(QStringLiteral("kdf"),
            QJsonObject {
                {QStringLiteral("name"), QStringLiteral("scrypt")},
                {QStringLiteral("n"), double(scrypt.n)},
                {QStringLiteral("r"), double(scrypt.r)},
                {QStringLiteral("p"), double(scrypt.p)},
                {QStringLiteral("salt"), QString::fromLatin1(salt.toBase64())},
            });
        root.insert(QStringLiteral("check"), QString::fromLatin1(checkValue.toBase64()));
    }

    QSaveFile file(path);
    const auto failed = [&] {
        return SecretError {SecretErrorKind::IoError,
            QObject::tr("Cannot write the master key file %1: %2.")
                .arg(QDir::toNativeSeparators(path), file.errorString())};
    };
    if (!file.open(QIODevice::WriteOnly))
        return failed();
    // Owner-only before the first byte is written; QSaveFile keeps these on the final file.
    if (!file.setPermissions(QFileDevice::ReadOwner | QFileDevice::WriteOwner))
        return failed();
    if (file.write(QJsonDocument(root).toJson(QJsonDocument::Indented)) < 0)
        return failed();
    if (!file.commit())
        return failed();
    return {};
}

} // namespace quince::secrets
