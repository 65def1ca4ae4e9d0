#pragma once

// The JOSE interoperability vectors in tests/data/jose/interop: vectors-<generator>.json, an array of objects (name,
// token, payload, key, ...) written by other JOSE libraries (generators "jwcrypto", "node", "gojose").

#include "testfiles.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStringList>
#include <QTest>

namespace targetdesk::test
{

// The file below tests/data.
inline QString interopVectorsFile(const QString &generator)
{
    return QStringLiteral("jose/interop/vectors-%1.json").arg(generator);
}

// A missing file ends the test run.
inline QJsonArray interopVectors(const QString &generator)
{
    return QJsonDocument::fromJson(readTestData(interopVectorsFile(generator))).array();
}

// In a _data function with a QJsonObject column: one row "<generator> <name>" for each vector of the generators.
inline void addInteropVectorRows(const QStringList &generators)
{
    for (const QString &generator : generators) {
        for (const QJsonValue &entry : interopVectors(generator)) {
            const QJsonObject vector = entry.toObject();
            QTest::addRow("%s %s", qPrintable(generator), qPrintable(vector.value(QLatin1String("name")).toString()))
                << vector;
        }
    }
}

} // namespace targetdesk::test
