// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/unlock/PassphraseDialog.h"

#include <QDialogButtonBox>
#include <QDir>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QVBoxLayout>

namespace quince::ui {

PassphraseDialog::PassphraseDialog(Mode mode, const QString& dataDirectory, QWidget* parent)
    : QDialog(parent), m_mode(mode)
{
    setObjectName(QStringLiteral("passphraseDialog"));
    setWindowTitle(mode == Mode::Create ? tr("Protect Quince's Keys") : tr("Unlock Quince"));
    auto* layout = new QVBoxLayout(this);

    auto* explanation = new QLabel(this);
    explanation->setWordWrap(true);
    explanation->setTextFormat(Qt::PlainText);
    if (mode == Mode::Create) {
        explanation->setText(
            tr("Quince keeps its certificate authority keys and the devices' secrets encrypted under a master key. "
               "No system keychain is available to hold that key, so choose a passphrase to protect it.\n\n"
               "You will need this passphrase every time Quince starts. It cannot be recovered: without it the "
               "keys in %1 cannot be opened.")
                .arg(QDir::toNativeSeparators(dataDirectory)));
    } else {
        explanation->setText(
            tr("Enter the passphrase that protects the keys in %1.").arg(QDir::toNativeSeparators(dataDirectory)));
    }
    layout->addWidget(explanation);

    auto* form = new QFormLayout;
    m_passphrase = new QLineEdit(this);
    m_passphrase->setObjectName(QStringLiteral("passphrase"));
    m_passphrase->setEchoMode(QLineEdit::Password);
    form->addRow(tr("&Passphrase:"), m_passphrase);
    if (mode == Mode::Create) {
        m_confirmation = new QLineEdit(this);
        m_confirmation->setObjectName(QStringLiteral("confirmation"));
        m_confirmation->setEchoMode(QLineEdit::Password);
        form->addRow(tr("&Repeat:"), m_confirmation);
    }
    layout->addLayout(form);

    m_problem = new QLabel(this);
    m_problem->setObjectName(QStringLiteral("problem"));
    m_problem->setWordWrap(true);
    layout->addWidget(m_problem);

    m_buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_buttons->button(QDialogButtonBox::Ok)->setText(mode == Mode::Create ? tr("Create") : tr("Unlock"));
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    layout->addWidget(m_buttons);

    connect(m_passphrase, &QLineEdit::textChanged, this, &PassphraseDialog::validate);
    if (m_confirmation)
        connect(m_confirmation, &QLineEdit::textChanged, this, &PassphraseDialog::validate);
    validate();
    setMinimumWidth(460);
}

PassphraseDialog::~PassphraseDialog()
{
    // QLineEdit keeps its own copy; clearing it is the best a widget allows.
    m_passphrase->clear();
    if (m_confirmation)
        m_confirmation->clear();
}

void PassphraseDialog::validate()
{
    QString problem;
    const QString text = m_passphrase->text();
    if (text.isEmpty()) {
        problem = QString();
    } else if (m_mode == Mode::Create && text.size() < kMinimumLength) {
        problem = tr("Use at least %n character(s).", nullptr, kMinimumLength);
    } else if (m_mode == Mode::Create && m_confirmation->text() != text) {
        problem = m_confirmation->text().isEmpty() ? QString() : tr("The two passphrases differ.");
    }
    const bool acceptable
        = !text.isEmpty() && problem.isEmpty() && (m_mode == Mode::Unlock || m_confirmation->text() == text);
    m_problem->setText(problem);
    m_buttons->button(QDialogButtonBox::Ok)->setEnabled(acceptable);
}

QByteArray PassphraseDialog::takePassphrase()
{
    QByteArray passphrase = m_passphrase->text().toUtf8();
    m_passphrase->clear();
    if (m_confirmation)
        m_confirmation->clear();
    return passphrase;
}

} // namespace quince::ui
