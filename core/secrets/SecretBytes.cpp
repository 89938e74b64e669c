// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/secrets/SecretBytes.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include <climits>
#include <cstring>
#include <utility>

namespace quince::secrets {

SecretBytes::SecretBytes(qsizetype size)
    : m_data(size > 0 ? std::make_unique<unsigned char[]>(static_cast<size_t>(size)) : nullptr),
      m_size(size > 0 ? size : 0)
{
}

SecretBytes::~SecretBytes()
{
    clear();
}

SecretBytes::SecretBytes(SecretBytes&& other) noexcept
    : m_data(std::move(other.m_data)), m_size(std::exchange(other.m_size, 0))
{
}

SecretBytes& SecretBytes::operator=(SecretBytes&& other) noexcept
{
    if (this != &other) {
        clear();
        m_data = std::move(other.m_data);
        m_size = std::exchange(other.m_size, 0);
    }
    return *this;
}

SecretBytes SecretBytes::copyOf(QByteArrayView bytes)
{
    SecretBytes copy(bytes.size());
    if (!bytes.isEmpty())
        std::memcpy(copy.data(), bytes.data(), static_cast<size_t>(bytes.size()));
    return copy;
}

SecretBytes SecretBytes::takeFrom(QByteArray& bytes)
{
    SecretBytes copy = copyOf(bytes);
    wipe(bytes);
    return copy;
}

std::optional<SecretBytes> SecretBytes::random(qsizetype size)
{
    SecretBytes bytes(size);
    if (size > INT_MAX || (size > 0 && RAND_bytes(bytes.data(), static_cast<int>(size)) != 1))
        return std::nullopt;
    return bytes;
}

QByteArray SecretBytes::toByteArray() const
{
    return view().toByteArray();
}

bool SecretBytes::operator==(const SecretBytes& other) const
{
    if (m_size != other.m_size)
        return false;
    return m_size == 0 || CRYPTO_memcmp(m_data.get(), other.m_data.get(), static_cast<size_t>(m_size)) == 0;
}

void SecretBytes::clear()
{
    if (m_data)
        OPENSSL_cleanse(m_data.get(), static_cast<size_t>(m_size));
    m_data.reset();
    m_size = 0;
}

void wipe(QByteArray& bytes)
{
    // Writing through data() would detach a shared buffer and wipe only the fresh copy.
    if (!bytes.isEmpty() && bytes.isDetached())
        OPENSSL_cleanse(bytes.data(), static_cast<size_t>(bytes.size()));
    bytes.clear();
}

} // namespace quince::secrets
