// SPDX-License-Identifier: GPL-3.0-or-later
#include "ui/enrollment/QrCode.h"

#include <qrencode.h>

#include <QPainter>

#include <memory>

namespace quince::ui {

namespace {

constexpr int kQuietZone = 4; // modules of white around the symbol (ISO/IEC 18004)

struct QrCodeFree {
    void operator()(QRcode* code) const { QRcode_free(code); }
};

} // namespace

std::optional<QrCode> QrCode::encode(const QString& text)
{
    const QByteArray utf8 = text.toUtf8();
    if (utf8.isEmpty())
        return std::nullopt;
    // Mixed modes (case-sensitive): a URL's upper-case token stays exact, the symbol small.
    const std::unique_ptr<QRcode, QrCodeFree> code(
        QRcode_encodeString(utf8.constData(), 0, QR_ECLEVEL_M, QR_MODE_8, 1));
    if (!code || code->width <= 0)
        return std::nullopt;
    QrCode qr;
    qr.m_version = code->version;
    qr.m_size = code->width;
    const std::size_t count = std::size_t(code->width) * std::size_t(code->width);
    qr.m_modules.resize(count);
    for (std::size_t i = 0; i < count; ++i)
        qr.m_modules[i] = (code->data[i] & 1) != 0; // bit 0: dark module; the others are encoder bookkeeping
    return qr;
}

QImage QrCode::toImage(int scale) const
{
    scale = qMax(1, scale);
    const int side = (m_size + 2 * kQuietZone) * scale;
    QImage image(side, side, QImage::Format_Mono);
    image.setColor(0, qRgb(255, 255, 255));
    image.setColor(1, qRgb(0, 0, 0));
    image.fill(0);
    for (int y = 0; y < m_size; ++y) {
        for (int x = 0; x < m_size; ++x) {
            if (!isDark(x, y))
                continue;
            for (int dy = 0; dy < scale; ++dy) {
                for (int dx = 0; dx < scale; ++dx)
                    image.setPixel((x + kQuietZone) * scale + dx, (y + kQuietZone) * scale + dy, 1);
            }
        }
    }
    return image;
}

} // namespace quince::ui
