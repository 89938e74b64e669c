// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

class QDialogButtonBox;
class QLabel;
class QLineEdit;

namespace quince::ui {

/// Asks for the master key passphrase: once to unlock, twice (and at least kMinimumLength
/// characters) to create. Used when the system keychain is not there to hold the key.
class PassphraseDialog : public QDialog {
    Q_OBJECT

public:
    enum class Mode { Unlock, Create };
    static constexpr int kMinimumLength = 8;

    explicit PassphraseDialog(Mode mode, const QString& dataDirectory, QWidget* parent = nullptr);
    ~PassphraseDialog() override;

    /// The passphrase as UTF-8; the fields are cleared, so it can be taken once.
    QByteArray takePassphrase();

    QLineEdit* passphraseEdit() const { return m_passphrase; }
    QLineEdit* confirmationEdit() const { return m_confirmation; }
    QDialogButtonBox* buttons() const { return m_buttons; }

private:
    void validate();

    Mode m_mode;
    QLineEdit* m_passphrase = nullptr;
    QLineEdit* m_confirmation = nullptr;
    QLabel* m_problem = nullptr;
    QDialogButtonBox* m_buttons = nullptr;
};

} // namespace quince::ui
