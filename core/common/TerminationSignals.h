// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>

class QSocketNotifier;

namespace quince {

/// Turns SIGTERM, SIGINT and SIGHUP into a Qt signal delivered on the event loop, so that a
/// service manager's stop or a Ctrl+C shuts down in order (queued writes committed, lock
/// released) instead of killing the process mid-write. One instance per process.
class TerminationSignals : public QObject {
    Q_OBJECT

public:
    explicit TerminationSignals(QObject* parent = nullptr);
    ~TerminationSignals() override;

Q_SIGNALS:
    /// signalNumber is the POSIX signal that arrived.
    void terminationRequested(int signalNumber);

private:
    void readSignal();

    QSocketNotifier* m_notifier = nullptr;
};

} // namespace quince
