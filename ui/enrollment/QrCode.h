// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QImage>
#include <QString>

#include <optional>
#include <vector>

namespace quince::ui {

/// A QR code (libqrencode), kept as its module matrix: a device's camera opens the enrollment
/// URL from it. Error correction level M, the smallest version that holds the text.
class QrCode {
public:
    /// Encodes text (UTF-8); nothing when it is empty or too long for a QR code.
    static std::optional<QrCode> encode(const QString& text);

    /// The QR version (1–40) libqrencode chose.
    int version() const { return m_version; }
    /// Modules per side (17 + 4 × version).
    int size() const { return m_size; }
    /// Whether the module at column x, row y is dark.
    bool isDark(int x, int y) const { return m_modules[std::size_t(y) * std::size_t(m_size) + std::size_t(x)]; }

    /// Black on white, scale pixels per module, with the 4-module quiet zone scanners need.
    QImage toImage(int scale) const;

private:
    QrCode() = default;
    int m_version = 0;
    int m_size = 0;
    std::vector<bool> m_modules;
};

} // namespace quince::ui
