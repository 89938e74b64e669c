// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"
#include "core/secrets/SecretBytes.h"
#include "core/secrets/SecretError.h"

#include <QString>

#include <functional>

namespace quince::secrets {

/// Where the operator's passphrase comes from, in this order: the file named by
/// --passphrase-file, the file named by QUINCE_PASSPHRASE_FILE, a prompt on the terminal with
/// echo off. There is deliberately no other source (no plain environment variable with the
/// passphrase itself, no default): without one, reading fails with KeyUnavailable and a
/// message that says how to provide one.
class PassphraseSource {
public:
    /// The environment variable naming a passphrase file.
    static constexpr char environmentVariable[] = "QUINCE_PASSPHRASE_FILE";
    /// Passphrase files larger than this are refused: a passphrase, not a key store.
    static constexpr qsizetype maxFileSize = 4096;

    /// Unlock reads once; Create asks twice on a prompt, so a typo does not become the key.
    enum class Purpose { Unlock, Create };
    /// Asks a person by other means than the terminal (the console's dialog). It returns the
    /// passphrase (confirmed already, for Create), or KeyUnavailable when the person declines.
    using Asker = std::function<Result<SecretBytes, SecretError>(Purpose)>;

    struct Options {
        QString passphraseFile; ///< --passphrase-file; wins over the environment
        QString environmentFile; ///< the value of QUINCE_PASSPHRASE_FILE
        bool allowPrompt = true; ///< false for services that must never block on a terminal
        int terminalInput = 0; ///< the descriptor to prompt on, if it is a terminal (stdin)
        int terminalOutput = 2; ///< where the prompt text goes (stderr, so stdout stays clean)
        Asker asker; ///< used instead of the terminal prompt when set (and prompting is allowed)
    };

    /// Options from the command line value and the process environment.
    static Options standardOptions(const QString& passphraseFileOption);

    explicit PassphraseSource(Options options);

    /// The passphrase. KeyUnavailable when there is no source, InsecureSource for a file other
    /// users can read, InvalidInput for an empty passphrase or mismatching confirmation.
    Result<SecretBytes, SecretError> read(Purpose purpose) const;

    /// Whether a file source is configured (then nothing is ever prompted).
    bool hasFileSource() const;

    /// Reads a passphrase file: refuses one that others can read or write, strips one trailing
    /// newline ("\n" or "\r\n"), refuses an empty passphrase.
    static Result<SecretBytes, SecretError> readFile(const QString& path);

    /// Prompts on a terminal with echo off and reads one line. KeyUnavailable at once when
    /// input is not a terminal (a service, a pipe): nothing is written and nothing is read.
    static Result<SecretBytes, SecretError> prompt(int input, int output, const QString& promptText);

private:
    Options m_options;
};

} // namespace quince::secrets
