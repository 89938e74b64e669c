// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/Translations.h"
#include "ui/unlock/PassphraseDialog.h"

#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTest>

using quince::ui::PassphraseDialog;

class TestPassphraseDialog : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { quince::ui::installTranslations(*QCoreApplication::instance(), QLocale(QLocale::English)); }

    void createNeedsALongEnoughMatchingPassphrase_data()
    {
        QTest::addColumn<QString>("passphrase");
        QTest::addColumn<QString>("confirmation");
        QTest::addColumn<bool>("accepted");
        QTest::addColumn<QString>("problem");
        QTest::newRow("empty") << QString() << QString() << false << QString();
        QTest::newRow("too short") << QStringLiteral("short") << QStringLiteral("short") << false
                                   << QStringLiteral("Use at least 8 characters.");
        QTest::newRow("not repeated yet") << QStringLiteral("long enough") << QString() << false << QString();
        QTest::newRow("differ") << QStringLiteral("long enough") << QStringLiteral("long enougH") << false
                                << QStringLiteral("The two passphrases differ.");
        QTest::newRow("good") << QStringLiteral("long enough") << QStringLiteral("long enough") << true << QString();
        QTest::newRow("unicode") << QStringLiteral("coing \u00e0 la cr\u00e8me")
                                 << QStringLiteral("coing \u00e0 la cr\u00e8me") << true << QString();
    }

    void createNeedsALongEnoughMatchingPassphrase()
    {
        QFETCH(QString, passphrase);
        QFETCH(QString, confirmation);
        QFETCH(bool, accepted);
        QFETCH(QString, problem);
        PassphraseDialog dialog(PassphraseDialog::Mode::Create, QStringLiteral("/data"));
        QVERIFY(dialog.confirmationEdit());
        QCOMPARE(dialog.passphraseEdit()->echoMode(), QLineEdit::Password);
        QCOMPARE(dialog.confirmationEdit()->echoMode(), QLineEdit::Password);
        dialog.passphraseEdit()->setText(passphrase); // keyClicks() types ASCII only
        dialog.confirmationEdit()->setText(confirmation);
        QCOMPARE(dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled(), accepted);
        QCOMPARE(dialog.findChild<QLabel*>(QStringLiteral("problem"))->text(), problem);
        if (accepted) {
            QCOMPARE(dialog.takePassphrase(), passphrase.toUtf8());
            QVERIFY(dialog.passphraseEdit()->text().isEmpty()); // taken once
        }
    }

    void unlockAsksOnceAndAcceptsWithEnter()
    {
        PassphraseDialog dialog(PassphraseDialog::Mode::Unlock, QStringLiteral("/data"));
        QVERIFY(!dialog.confirmationEdit());
        QVERIFY(!dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled());
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QTest::keyClicks(dialog.passphraseEdit(), QStringLiteral("x"));
        QVERIFY(dialog.buttons()->button(QDialogButtonBox::Ok)->isEnabled()); // no length rule to unlock
        QTest::keyClick(dialog.passphraseEdit(), Qt::Key_Return);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
        QCOMPARE(dialog.takePassphrase(), QByteArray("x"));
    }
};

QTEST_MAIN(TestPassphraseDialog)
#include "tst_PassphraseDialog.moc"
