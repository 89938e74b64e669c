// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

// Internal to core/secrets: helpers shared by the .cpp files that call OpenSSL.
namespace quince::secrets {

/// The queued OpenSSL error messages, joined, and the queue emptied so that a later failure
/// does not report an old error.
QString openSslErrorString();

/// Empties OpenSSL's error queue without reading it (an expected failure such as a tag mismatch).
void clearOpenSslErrors();

} // namespace quince::secrets
