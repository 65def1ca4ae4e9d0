#!/usr/bin/env bash
# check-manpages.sh MAN_DIR CLI PAGE...: each built man page renders with `man -l` without a warning, and
# targetdesk-cli(1) names every command the CLI's --help lists.
set -uo pipefail
dir=$1 cli=$2
shift 2
status=0
for page in "$@"; do
    warnings=$(MANWIDTH=80 LC_ALL=C.UTF-8 man --warnings -l "$dir/$page.1.gz" 2>&1 >/dev/null)
    text=$(MANWIDTH=80 LC_ALL=C.UTF-8 man -l "$dir/$page.1.gz" 2>/dev/null)
    if [ -n "$warnings" ]; then
        echo "$page(1) renders with warnings: $warnings"
        status=1
    fi
    grep -q '^NAME' <<<"$text" || { echo "$page(1) has no NAME section"; status=1; }
    echo "$page(1): $(wc -l <<<"$text") lines rendered"
done
if [[ " $* " == *" targetdesk-cli "* ]]; then
    text=$(MANWIDTH=200 LC_ALL=C.UTF-8 man -l "$dir/targetdesk-cli.1.gz" 2>/dev/null)
    while IFS= read -r command; do
        grep -q "^   $command\$" <<<"$text" || { echo "targetdesk-cli(1) lacks the command '$command'"; status=1; }
    done < <(LC_ALL=C.UTF-8 LANGUAGE= "$cli" --help | awk '/^Commands:$/ { on = 1; next } on && $0 == "" { exit }
        on && /^  [a-z]/ { name = ""; n = split(substr($0, 3), w, " ")
            for (i = 1; i <= n && w[i] ~ /^[a-z]+$/; i++) name = name (name == "" ? "" : " ") w[i]; print name }')
    for section in ENVIRONMENT "EXIT STATUS" "GLOBAL OPTIONS" COMMANDS; do
        grep -q "^$section" <<<"$text" || { echo "targetdesk-cli(1) lacks $section"; status=1; }
    done
    for variable in TARGETDESK_TOKEN TARGETDESK_INSTANCE TARGETDESK_AUDIT_LOG TARGETDESK_DATA_DIR; do
        grep -q "$variable" <<<"$text" || { echo "targetdesk-cli(1) lacks $variable"; status=1; }
    done
fi
exit "$status"
