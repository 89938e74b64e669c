// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "core/pki/KeySealer.h"
#include "core/secrets/SecretStore.h"

namespace quince::secrets {

/// The PKI's sealing interface over the SecretStore: private keys reach the database only as
/// AES-256-GCM blobs bound to their context.
class SecretStoreKeySealer : public pki::KeySealer {
public:
    explicit SecretStoreKeySealer(SecretStore store);

    Result<QByteArray> seal(const QByteArray& plaintext, const QString& context) const override;
    Result<QByteArray> open(const QByteArray& sealed, const QString& context) const override;

private:
    SecretStore m_store;
};

} // namespace quince::secrets
