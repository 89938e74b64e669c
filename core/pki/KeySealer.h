// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/common/Result.h"

#include <QByteArray>
#include <QString>

namespace quince::pki {

/// What the PKI needs from the secret store: seal a private key before it reaches the database,
/// open it again when it is needed. The PKI never stores or logs a key in any other form.
///
/// The context names the value and its owner ("certificate/<sha256>/private-key"); an
/// implementation must refuse to open a value under another context, so that a sealed key
/// copied to another row does not open. Implementations must be usable from any thread.
class KeySealer {
public:
    virtual ~KeySealer() = default;

    /// Seals plaintext (a PKCS#8 DER private key) for context.
    virtual Result<QByteArray> seal(const QByteArray& plaintext, const QString& context) const = 0;
    /// Opens what seal() made for the same context. The caller wipes the plaintext after use.
    virtual Result<QByteArray> open(const QByteArray& sealed, const QString& context) const = 0;
};

} // namespace quince::pki
