#!/usr/bin/env bash
# check-completion.sh COMPLETION CLI: sources the bash completion and completes command words, options and, against
# a sandbox started here, target ids from `targets list`.
set -uo pipefail
completion=$1 cli=$(realpath "$2")
scratch=$(mktemp -d)
bin=$scratch/bin
mkdir -p "$bin"
ln -s "$cli" "$bin/targetdesk-cli"
export PATH=$bin:$PATH HOME=$scratch XDG_CONFIG_HOME=$scratch/config XDG_DATA_HOME=$scratch/data LANGUAGE=
# A German session: the completion must not depend on the language of the messages.
export LC_ALL=de_DE.UTF-8 LANG=de_DE.UTF-8
unset TARGETDESK_INSTANCE TARGETDESK_TOKEN
# shellcheck source=/dev/null
source "$completion"
status=0
expect() { # expect "WORDS..." WANTED: completing the last word offers WANTED
    local -a words
    read -r -a words <<<"$1"
    [[ $1 == *" " ]] && words+=("")
    COMP_WORDS=("${words[@]}")
    COMP_CWORD=$((${#words[@]} - 1))
    COMPREPLY=()
    _targetdesk_cli
    if printf '%s\n' "${COMPREPLY[@]}" | grep -qx -- "$2"; then
        echo "ok: '$1' offers $2"
    else
        echo "FAIL: '$1' offers '${COMPREPLY[*]}', not $2"
        status=1
    fi
}
expect "targetdesk-cli " targets
expect "targetdesk-cli ke" keys
expect "targetdesk-cli targets " list
expect "targetdesk-cli keys d" deactivate
expect "targetdesk-cli targets create --end" --endpoint
expect "targetdesk-cli --json targets list --so" --sort
expect "targetdesk-cli targets create --type " webhook
expect "targetdesk-cli rec" receive
expect "targetdesk-cli receive --fail" --fail-on-invalid
expect "targetdesk-cli targets t" test
expect "targetdesk-cli targets test 1 --dry" --dry-run

"$cli" sandbox --port 0 --seed --token completion-test >"$scratch/sandbox.out" 2>&1 &
pid=$!
url=
for _ in $(seq 300); do
    url=$(sed -n 's/^listening on //p' "$scratch/sandbox.out")
    [ -n "$url" ] && break
    sleep 0.1
done
id=$(TARGETDESK_TOKEN=completion-test "$cli" --instance "$url" targets list | awk 'NR == 2 { print $1 }')
if [ -z "$id" ]; then
    echo "FAIL: the sandbox listed no target (url '$url'): $(cat "$scratch/sandbox.out")"
    status=1
else
    export TARGETDESK_TOKEN=completion-test
    expect "targetdesk-cli --instance $url targets get " "$id"
    TARGETDESK_INSTANCE=$url expect "targetdesk-cli keys list ${id:0:6}" "$id"
fi
kill "$pid"
wait "$pid" 2>/dev/null
rm -rf "$scratch"
exit "$status"
