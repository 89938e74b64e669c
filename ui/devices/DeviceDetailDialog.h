// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>
#include <QList>
#include <QString>
#include <QVariantMap>

class QFormLayout;
class QLabel;
class QTabWidget;
class QTableWidget;
class QTreeView;

namespace quince::storage {
class Database;
}

namespace quince::ui {

class PlistTreeModel;

/// Everything one device reported, in tabs: overview, security, profiles, provisioning
/// profiles, certificates, applications, and the command history with each raw request and
/// response as a plist tree. It reads through the console's read-only connection
/// (DeviceInventory::show for the inventory, the queue tables for the history) and re-reads on
/// reload(), which the window calls when the store commits.
class DeviceDetailDialog : public QDialog {
    Q_OBJECT

public:
    DeviceDetailDialog(storage::Database& reader, const QString& udid, QWidget* parent = nullptr);

    QString udid() const { return m_udid; }
    /// The text the overview shows for a field ("serial", "os", "model", "supervised", ...).
    QString overviewValue(const QString& field) const;
    QTabWidget* tabs() const { return m_tabs; }
    /// The last read error, empty when the last reload worked.
    QString lastError() const { return m_lastError; }

    /// The most commands the history shows, newest first.
    static constexpr int kHistoryLimit = 500;

public Q_SLOTS:
    void reload();

private:
    struct Column {
        QString key;
        QString title;
    };
    void buildOverview();
    void buildSecurity();
    void fillTable(QTableWidget* table, const QList<QVariantMap>& rows, const QList<Column>& columns);
    void setOverview(const QString& field, const QString& text);
    void loadHistory(qint64 deviceId);
    void showCommand(int row);

    storage::Database& m_reader;
    QString m_udid;
    QString m_lastError;
    QTabWidget* m_tabs = nullptr;
    QFormLayout* m_overviewForm = nullptr;
    QHash<QString, QLabel*> m_overview;
    QTableWidget* m_facts = nullptr;
    QFormLayout* m_securityForm = nullptr;
    QLabel* m_securityEmpty = nullptr;
    QHash<QString, QLabel*> m_security;
    QTableWidget* m_profiles = nullptr;
    QTableWidget* m_provisioning = nullptr;
    QTableWidget* m_certificates = nullptr;
    QTableWidget* m_applications = nullptr;
    QTableWidget* m_history = nullptr;
    QList<QByteArray> m_requests;
    QList<QByteArray> m_responses;
    PlistTreeModel* m_requestModel = nullptr;
    PlistTreeModel* m_responseModel = nullptr;
    QTreeView* m_requestTree = nullptr;
    QTreeView* m_responseTree = nullptr;
};

} // namespace quince::ui
