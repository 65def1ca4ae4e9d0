#pragma once

// Files in tests: the committed data below tests/data (TARGETDESK_TEST_DATA), and files a test writes itself.

#include <QByteArray>
#include <QFile>
#include <QString>

#include <QtGlobal>

namespace targetdesk::test
{

// tests/data/<relative>
inline QString testDataPath(const QString &relative)
{
    return QStringLiteral(TARGETDESK_TEST_DATA "/") + relative;
}

// The contents of tests/data/<relative>; a missing file ends the test run.
inline QByteArray readTestData(const QString &relative)
{
    QFile file(testDataPath(relative));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("missing test data %s", qPrintable(file.fileName()));
    return file.readAll();
}

// The contents of `path`; empty when it cannot be read.
inline QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// Replaces `path` with `bytes`; false when not all of them were written.
inline bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(bytes) == bytes.size();
}

} // namespace targetdesk::test
