// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/PassphraseSource.h"

#include <QDir>
#include <QFile>
#include <QObject>

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <sys/stat.h>
#include <termios.h>
#include <unistd.h>

namespace quince::secrets {

namespace {

QString nativePath(const QString& path)
{
    return QDir::toNativeSeparators(path);
}

QString errnoText(int error)
{
    return QString::fromLocal8Bit(std::strerror(error));
}

// Closes a descriptor on every return path.
class FileDescriptor {
public:
    explicit FileDescriptor(int fd) : m_fd(fd) { }
    ~FileDescriptor()
    {
        if (m_fd >= 0)
            ::close(m_fd);
    }
    FileDescriptor(const FileDescriptor&) = delete;
    FileDescriptor& operator=(const FileDescriptor&) = delete;
    int get() const { return m_fd; }

private:
    int m_fd;
};

// Turns terminal echo off for its lifetime and restores the previous settings on every path.
class EchoOff {
public:
    explicit EchoOff(int fd) : m_fd(fd)
    {
        if (::tcgetattr(fd, &m_saved) != 0)
            return;
        termios quiet = m_saved;
        quiet.c_lflag &= ~tcflag_t(ECHO);
        quiet.c_lflag |= ECHONL; // still echo the Enter, so the next output starts on a new line
        m_active = ::tcsetattr(fd, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff()
    {
        if (m_active)
            ::tcsetattr(m_fd, TCSAFLUSH, &m_saved);
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;
    bool active() const { return m_active; }

private:
    int m_fd;
    termios m_saved {};
    bool m_active = false;
};

SecretBytes stripTrailingNewline(const unsigned char* data, qsizetype size)
{
    if (size > 0 && data[size - 1] == '\n') {
        --size;
        if (size > 0 && data[size - 1] == '\r')
            --size;
    }
    return SecretBytes::copyOf(QByteArrayView(data, size));
}

void writeAll(int fd, const QByteArray& text)
{
    qsizetype done = 0;
    while (done < text.size()) {
        const ssize_t n = ::write(fd, text.constData() + done, static_cast<size_t>(text.size() - done));
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            return;
        done += n;
    }
}

} // namespace

PassphraseSource::Options PassphraseSource::standardOptions(const QString& passphraseFileOption)
{
    Options options;
    options.passphraseFile = passphraseFileOption;
    options.environmentFile = qEnvironmentVariable(environmentVariable);
    return options;
}

PassphraseSource::PassphraseSource(Options options) : m_options(std::move(options))
{
}

bool PassphraseSource::hasFileSource() const
{
    return !m_options.passphraseFile.isEmpty() || !m_options.environmentFile.isEmpty();
}

Result<SecretBytes, SecretError> PassphraseSource::read(Purpose purpose) const
{
    if (!m_options.passphraseFile.isEmpty())
        return readFile(m_options.passphraseFile);
    if (!m_options.environmentFile.isEmpty())
        return readFile(m_options.environmentFile);
    const QString noSource = QObject::tr(
        "No master key passphrase is available: give the file that holds it with --passphrase-file FILE or the "
        "QUINCE_PASSPHRASE_FILE environment variable (the file must not be readable by other users), or start "
        "Quince on a terminal to type it.");
    if (!m_options.allowPrompt)
        return SecretError {SecretErrorKind::KeyUnavailable, noSource};
    if (m_options.asker)
        return m_options.asker(purpose);

    auto first = prompt(m_options.terminalInput, m_options.terminalOutput,
        purpose == Purpose::Create ? QObject::tr("New master key passphrase: ")
                                   : QObject::tr("Master key passphrase: "));
    if (!first) {
        if (first.error().kind == SecretErrorKind::KeyUnavailable)
            return SecretError {SecretErrorKind::KeyUnavailable, noSource + QLatin1Char(' ') + first.error().message};
        return first.error();
    }
    if (purpose == Purpose::Unlock)
        return first;
    auto second
        = prompt(m_options.terminalInput, m_options.terminalOutput, QObject::tr("Repeat the master key passphrase: "));
    if (!second)
        return second.error();
    if (!(*first == *second))
        return SecretError {SecretErrorKind::InvalidInput, QObject::tr("The two passphrases do not match.")};
    return first;
}

Result<SecretBytes, SecretError> PassphraseSource::readFile(const QString& path)
{
    const QByteArray encoded = QFile::encodeName(path);
    // Check the descriptor we read, not the path: no window to swap the file in between.
    FileDescriptor fd(::open(encoded.constData(), O_RDONLY | O_CLOEXEC | O_NOCTTY));
    if (fd.get() < 0)
        return SecretError {SecretErrorKind::KeyUnavailable,
            QObject::tr("Cannot open the passphrase file %1: %2.").arg(nativePath(path), errnoText(errno))};
    struct stat info { };
    if (::fstat(fd.get(), &info) != 0)
        return SecretError {SecretErrorKind::IoError,
            QObject::tr("Cannot inspect the passphrase file %1: %2.").arg(nativePath(path), errnoText(errno))};
    if (S_ISDIR(info.st_mode))
        return SecretError {
            SecretErrorKind::InvalidInput, QObject::tr("The passphrase file %1 is a directory.").arg(nativePath(path))};
    if ((info.st_mode & (S_IROTH | S_IWOTH)) != 0)
        return SecretError {SecretErrorKind::InsecureSource,
            QObject::tr("The passphrase file %1 is readable or writable by every user (mode %2); refusing to use it. "
                        "Restrict it with: chmod 600 %1")
                .arg(nativePath(path))
                .arg(info.st_mode & 07777, 4, 8, QLatin1Char('0'))};

    SecretBytes buffer(maxFileSize + 1);
    qsizetype size = 0;
    while (size < buffer.size()) {
        const ssize_t n = ::read(fd.get(), buffer.data() + size, static_cast<size_t>(buffer.size() - size));
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0)
            return SecretError {SecretErrorKind::IoError,
                QObject::tr("Cannot read the passphrase file %1: %2.").arg(nativePath(path), errnoText(errno))};
        if (n == 0)
            break;
        size += n;
    }
    if (size > maxFileSize)
        return SecretError {SecretErrorKind::InvalidInput,
            QObject::tr("The passphrase file %1 is larger than %2 bytes; it does not look like a passphrase.")
                .arg(nativePath(path))
                .arg(maxFileSize)};
    SecretBytes passphrase = stripTrailingNewline(buffer.data(), size);
    if (passphrase.isEmpty())
        return SecretError {
            SecretErrorKind::InvalidInput, QObject::tr("The passphrase file %1 is empty.").arg(nativePath(path))};
    return passphrase;
}

Result<SecretBytes, SecretError> PassphraseSource::prompt(int input, int output, const QString& promptText)
{
    if (input < 0 || !::isatty(input))
        return SecretError {SecretErrorKind::KeyUnavailable,
            QObject::tr("Standard input is not a terminal, so no passphrase can be typed.")};
    EchoOff echoOff(input);
    if (!echoOff.active())
        return SecretError {SecretErrorKind::KeyUnavailable,
            QObject::tr("Cannot turn terminal echo off (%1); not reading a passphrase that would be shown.")
                .arg(errnoText(errno))};
    writeAll(output, promptText.toLocal8Bit());

    SecretBytes line(maxFileSize + 1);
    qsizetype size = 0;
    bool complete = false;
    while (size < line.size()) {
        unsigned char c = 0;
        const ssize_t n = ::read(input, &c, 1);
        if (n < 0 && errno == EINTR)
            continue;
        if (n <= 0)
            break;
        if (c == '\n') {
            complete = true;
            break;
        }
        line.data()[size++] = c;
    }
    if (!complete)
        return SecretError {SecretErrorKind::KeyUnavailable,
            QObject::tr("The passphrase prompt ended without a line (end of input or a line over %1 bytes).")
                .arg(maxFileSize)};
    SecretBytes passphrase = stripTrailingNewline(line.data(), size);
    if (passphrase.isEmpty())
        return SecretError {SecretErrorKind::InvalidInput, QObject::tr("An empty passphrase is not accepted.")};
    return passphrase;
}

} // namespace quince::secrets
