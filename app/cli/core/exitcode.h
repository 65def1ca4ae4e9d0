#pragma once

namespace targetdesk::cli
{

// The process exit codes of targetdesk-cli; scripts rely on them, so they never change.
enum ExitCode : int {
    Success = 0,
    Declined = 1,       // the user answered "no" at a confirmation prompt
    UsageError = 2,     // unknown option or command, missing option, nothing to read a confirmation from
    InvalidInput = 3,   // a value was refused locally before anything was sent
    LocalFailure = 4,   // a local file could not be written, or the keychain failed
    ServerRefused = 6,  // the server answered with an error
    NetworkFailure = 7, // no usable answer: refused, DNS, timeout, reset, TLS, malformed body
    ChecksFailed = 8    // `check` found something at error level (with --strict: at warning level)
};

} // namespace targetdesk::cli
