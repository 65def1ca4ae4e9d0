#include "pemtext.h"

#include "opensslptr.h"

namespace targetdesk::crypto
{

namespace
{
const QByteArray beginMarker = QByteArrayLiteral("-----BEGIN ");
const QByteArray dashes = QByteArrayLiteral("-----");
} // namespace

QList<QByteArray> pemBeginLabels(const QByteArray &text)
{
    QList<QByteArray> labels;
    qsizetype from = 0;
    while ((from = text.indexOf(beginMarker, from)) >= 0) {
        const qsizetype start = from + beginMarker.size();
        const qsizetype end = text.indexOf(dashes, start);
        const qsizetype lineEnd = text.indexOf('\n', start);
        if (end < 0 || (lineEnd >= 0 && lineEnd < end))
            break;
        labels.append(text.mid(start, end - start));
        from = end + dashes.size();
    }
    return labels;
}

QString pemDamage(const QByteArray &text)
{
    qsizetype from = 0;
    for (const QByteArray &label : pemBeginLabels(text)) {
        const QByteArray begin = beginMarker + label + dashes;
        const QByteArray end = QByteArrayLiteral("-----END ") + label + dashes;
        from = text.indexOf(begin, from);
        const qsizetype endAt = text.indexOf(end, from);
        if (endAt < 0)
            return Messages::tr("The PEM text is truncated: the line \"%1\" is missing. Copy the whole block.")
                .arg(QString::fromLatin1(end));
        from = endAt + end.size();
    }
    if (text.contains(beginMarker))
        return Messages::tr("The PEM text is damaged: the lines between BEGIN and END are not valid base64.");
    return Messages::tr("The text is not PEM: no \"-----BEGIN ...-----\" line.");
}

bool isPrivateKeyLabel(const QByteArray &label)
{
    return label.endsWith("PRIVATE KEY") || label == "PGP PRIVATE KEY BLOCK";
}

} // namespace targetdesk::crypto
