#include "base64url.h"

#include <array>

namespace targetdesk::crypto
{

namespace
{

// 64 = not in the alphabet. A table instead of branches: every token part goes through here.
constexpr std::array<quint8, 256> sextetTable = [] {
    std::array<quint8, 256> table{};
    table.fill(64);
    for (int i = 0; i < 26; ++i) {
        table[size_t('A' + i)] = quint8(i);
        table[size_t('a' + i)] = quint8(26 + i);
    }
    for (int i = 0; i < 10; ++i)
        table[size_t('0' + i)] = quint8(52 + i);
    table[size_t('-')] = 62;
    table[size_t('_')] = 63;
    return table;
}();

} // namespace

std::optional<QByteArray> base64UrlDecode(QByteArrayView text)
{
    // One leftover character carries only 6 bits: never produced by an encoder.
    if (text.size() % 4 == 1)
        return std::nullopt;
    QByteArray out(text.size() * 3 / 4, Qt::Uninitialized);
    char *write = out.data();
    quint32 buffer = 0;
    int bits = 0;
    for (char c : text) {
        const quint8 value = sextetTable[quint8(c)];
        if (value > 63)
            return std::nullopt;
        buffer = (buffer << 6) | value;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            *write++ = char((buffer >> bits) & 0xff);
        }
    }
    Q_ASSERT(write - out.constData() == out.size());
    return out;
}

QByteArray base64UrlEncode(QByteArrayView bytes)
{
    return bytes.toByteArray().toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals);
}

} // namespace targetdesk::crypto
