// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/enrollment/EnrollmentUrls.h"

#include "core/storage/Database.h"

#include <QHash>
#include <QHostAddress>
#include <QObject>
#include <QSqlQuery>
#include <QSysInfo>
#include <QUrl>

namespace quince::enrollment {

namespace {

// ServerRuntime's defaults and keys; the enrollment layer reads the same rows without depending
// on the runtime that mounts it.
constexpr quint16 kDefaultPort = 8443;
const auto kHostsKey = QStringLiteral("listener.hosts");
const auto kPortKey = QStringLiteral("listener.port");

} // namespace

EnrollmentUrls::EnrollmentUrls(QString base) : m_base(std::move(base))
{
    while (m_base.endsWith(u'/'))
        m_base.chop(1);
}

QString EnrollmentUrls::publicBaseUrl(const QStringList& hostNames, quint16 port)
{
    QString host = hostNames.value(0);
    if (host.isEmpty())
        host = QSysInfo::machineHostName().isEmpty() ? QStringLiteral("localhost") : QSysInfo::machineHostName();
    if (QHostAddress(host).protocol() == QAbstractSocket::IPv6Protocol)
        host = u'[' + host + u']';
    return QStringLiteral("https://") + host + (port == 443 ? QString() : u':' + QString::number(port));
}

EnrollmentResult<EnrollmentUrls> EnrollmentUrls::fromSettings(storage::Database& db, quint16 listeningPort)
{
    auto rows = db.exec(QStringLiteral("SELECT key, value FROM settings WHERE key IN (?, ?, ?)"),
        {kHostsKey, kPortKey, publicBaseUrlKey()});
    if (!rows)
        return EnrollmentError {EnrollmentErrorKind::Storage,
            QObject::tr("Cannot read the listener settings: %1").arg(rows.error().toString())};
    QHash<QString, QString> stored;
    while (rows->next())
        stored.insert(rows->value(0).toString(), rows->value(1).toString());

    const QString configured = stored.value(publicBaseUrlKey()).trimmed();
    if (!configured.isEmpty()) {
        const QUrl url(configured, QUrl::StrictMode);
        if (!url.isValid() || url.scheme() != QLatin1String("https") || url.host().isEmpty() || url.hasQuery()
            || url.hasFragment())
            return EnrollmentError {EnrollmentErrorKind::NotReady,
                QObject::tr("The setting %1 (\u201c%2\u201d) is not an https:// URL without query or fragment.")
                    .arg(publicBaseUrlKey(), configured)};
        return EnrollmentUrls(configured);
    }

    quint16 port = listeningPort;
    if (port == 0) {
        bool ok = true;
        port = stored.contains(kPortKey) ? stored.value(kPortKey).toUShort(&ok) : kDefaultPort;
        if (!ok || port == 0)
            return EnrollmentError {EnrollmentErrorKind::NotReady,
                QObject::tr("The listener has no fixed port (setting %1 is \u201c%2\u201d); set one, or set %3.")
                    .arg(kPortKey, stored.value(kPortKey), publicBaseUrlKey())};
    }
    return EnrollmentUrls(publicBaseUrl(stored.value(kHostsKey).split(u',', Qt::SkipEmptyParts), port));
}

} // namespace quince::enrollment
