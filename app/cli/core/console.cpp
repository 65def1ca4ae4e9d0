#include "console.h"

#include <QCoreApplication>

#include <cstdio>
#include <iostream>
#include <string>

#include <unistd.h>

namespace targetdesk::cli::console
{

namespace
{

void write(std::FILE *stream, const QString &text)
{
    const QByteArray bytes = text.toUtf8();
    std::fwrite(bytes.constData(), 1, size_t(bytes.size()), stream);
    std::fflush(stream);
}

} // namespace

void out(const QString &text)
{
    write(stdout, text);
}

void err(const QString &text)
{
    write(stderr, text);
}

void error(const QString &text)
{
    write(stderr, QCoreApplication::translate("targetdesk::cli::console", "error: ") + text + QLatin1Char('\n'));
}

bool stdinIsTerminal()
{
    return ::isatty(STDIN_FILENO) == 1;
}

std::optional<QString> readLine()
{
    std::string line;
    if (!std::getline(std::cin, line))
        return std::nullopt;
    return QString::fromUtf8(line.data(), qsizetype(line.size()));
}

} // namespace targetdesk::cli::console
