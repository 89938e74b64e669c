// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/SecretStoreKeySealer.h"

namespace quince::secrets {

SecretStoreKeySealer::SecretStoreKeySealer(SecretStore store) : m_store(std::move(store))
{
}

Result<QByteArray> SecretStoreKeySealer::seal(const QByteArray& plaintext, const QString& context) const
{
    auto sealed = m_store.seal(plaintext, context);
    if (!sealed)
        return Error {sealed.error().toString()};
    return *sealed;
}

Result<QByteArray> SecretStoreKeySealer::open(const QByteArray& sealed, const QString& context) const
{
    auto opened = m_store.open(sealed, context);
    if (!opened)
        return Error {opened.error().toString()};
    return opened->toByteArray();
}

} // namespace quince::secrets
