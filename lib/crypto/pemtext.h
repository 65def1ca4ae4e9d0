#pragma once

// Internal to lib/crypto: looking at PEM text before (or after) OpenSSL reads it, to explain what is wrong.

#include <QByteArray>
#include <QList>
#include <QString>

namespace targetdesk::crypto
{

// The labels of the "-----BEGIN <label>-----" lines, in order.
QList<QByteArray> pemBeginLabels(const QByteArray &text);
// Why PEM text that OpenSSL could not read is broken (a missing END line, bad base64), for people.
QString pemDamage(const QByteArray &text);
// True for the labels of private keys in any format (PKCS#8, traditional, OpenSSH, encrypted or not).
bool isPrivateKeyLabel(const QByteArray &label);

} // namespace targetdesk::crypto
