#!/usr/bin/env bash
# gen-cli-manpage.sh CLI TEMPLATE OUT VERSION DATE
# Writes targetdesk-cli(1) from TEMPLATE (the hand-written prose) and the built CLI's own --help texts (English):
# the command list, each command's usage, description and options, the global options, the environment and the exit
# codes. Run at build time, so the page lists exactly the options the program declares.
set -euo pipefail
cli=$1 template=$2 out=$3 version=$4 date=$5
export LC_ALL=C.UTF-8 LANG=C.UTF-8 LANGUAGE=

# Escape help text for roff: backslashes and the hyphens of options (minus signs in roff). Applied to the help texts
# before they become roff; no help line starts with a dot or a quote after its indentation is cut.
escape() {
    sed -E -e 's/\\/\\e/g' \
        -e "s/(^|[][ (|,'\"=-])-/\1\\\\-/g" -e "s/(^|[][ (|,'\"=-])-/\1\\\\-/g"
}

# A help text's paragraphs after the usage block, as roff: "Options:" / "Environment:" lists become tagged
# paragraphs, everything else plain paragraphs. Stops at the global options (listed once, on their own).
body() {
    awk '
        function flush() { if (para != "") print ".PP\n" para; para = "" }
        function flushitem() {
            if (tag != "" && header != "") { print ".PP\n" header; header = "" }
            if (tag != "") print ".TP\n.B \"" tag "\"\n" desc
            tag = ""; desc = ""
        }
        BEGIN { mode = "usage" }
        mode == "usage" { if ($0 == "") mode = "text"; next }
        /^Global options/ { flushitem(); flush(); exit }
        /^(Options|Environment):$/ { flush(); flushitem(); mode = "list"; header = $0; next }
        $0 == "" { flushitem(); flush(); mode = "text"; next }
        mode == "list" {
            if ($0 ~ /^  [^ ]/) {
                flushitem()
                line = substr($0, 3)
                split_at = match(line, /  +/)
                if (split_at) { tag = substr(line, 1, split_at - 1); desc = substr(line, split_at + RLENGTH) }
                else { tag = line; desc = "" }
            } else {
                sub(/^ +/, ""); desc = (desc == "" ? $0 : desc " " $0)
            }
            next
        }
        { line = $0; sub(/^ +/, "", line); para = (para == "" ? line : para " " line) }
        END { flushitem(); flush() }
    '
}

# The usage lines of a help text (up to the first blank line), joined.
usage() { awk '$0 == "" { exit } { sub(/^Usage: /, ""); sub(/^ +/, ""); printf "%s%s", (NR > 1 ? " " : ""), $0 }'; }

global=$("$cli" --help)
escaped=$(printf '%s\n' "$global" | escape)
mapfile -t commands < <(printf '%s\n' "$global" | awk '
    /^Commands:$/ { on = 1; next }
    on && $0 == "" { exit }
    on && /^  [a-z]/ { name = ""; n = split(substr($0, 3), w, " ")
        for (i = 1; i <= n && w[i] ~ /^[a-z]+$/; i++) name = name (name == "" ? "" : " ") w[i]
        print name }')
[ ${#commands[@]} -gt 5 ] || { echo "gen-cli-manpage.sh: no command list in '$cli --help'" >&2; exit 1; }

{
    for command in "${commands[@]}"; do
        help=$("$cli" $command --help | escape)
        printf '.SS "%s"\n' "$command"
        printf '.nf\n%s\n.fi\n' "$(printf '%s\n' "$help" | usage | sed 's/^targetdesk-cli //' | fold -s -w 100)"
        printf '%s\n' "$help" | body
    done
} > "$out.commands"

# The global help's own sections: global options, environment, exit codes.
section() {
    printf '%s\n' "$escaped" | awk -v want="$1" '
        index($0, want) == 1 { on = 1; print "Usage: x\n"; print (want == "Exit codes:" ? $0 : "Options:"); next }
        on && $0 == "" { exit }
        on { print }' | body
}
section "Global options" | sed '1,2d' > "$out.global"
section "Environment:" | sed '1,2d' > "$out.environment"
printf '%s\n' "$escaped" | awk '/^Exit codes:/ { on = 1 } on && $0 == "" { exit } on { sub(/^Exit codes: /, ""); print }' |
    tr '\n' ' ' | sed -E 's/, ([0-9]) /\n\1 /g; s/^([0-9]) /\1 /' | awk '{ code = $1; $1 = ""; sub(/^ /, "");
        sub(/[ .]+$/, ""); print ".TP\n.B " code "\n" $0 "." }' > "$out.exit"

sed -e "/^@COMMANDS@$/{r $out.commands" -e 'd}' \
    -e "/^@GLOBAL_OPTIONS@$/{r $out.global" -e 'd}' \
    -e "/^@ENVIRONMENT@$/{r $out.environment" -e 'd}' \
    -e "/^@EXIT_STATUS@$/{r $out.exit" -e 'd}' -e "s/@VERSION@/$version/g; s/@DATE@/$date/g" "$template" > "$out"
rm -f "$out.commands" "$out.global" "$out.environment" "$out.exit"
