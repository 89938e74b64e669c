// SPDX-License-Identifier: GPL-3.0-or-later
#include <QTest>
class TestPushService : public QObject {
    Q_OBJECT private Q_SLOTS : void placeholder() { QVERIFY(true); }
};
QTEST_GUILESS_MAIN(TestPushService)
#include "tst_PushService.moc"
