#!/bin/bash
# tests/golden/update.sh: rewrite the expected file of every line of
# tests/golden/TESTLIST (see there) with what the current build prints
# (make first; PKT_BIN picks another build), then review the diff:
# git diff tests/golden.  Each command must exit as its line says.
set -eu -o pipefail

gold=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$gold/../.." && pwd)
bin=${PKT_BIN:-$top/bin}
export TZ=UTC LC_ALL=C
unset PKT_CONFIG

grep -v -e '^#' -e '^$' "$gold/TESTLIST" |
while IFS=$'\t' read -r name input cmd expected code; do
	read -r -a argv <<<"$cmd"
	[ -x "$bin/${argv[0]}" ] || { echo "update.sh: no $bin/${argv[0]} (run make)" >&2; exit 2; }
	mkdir -p "$(dirname "$gold/$expected")"
	rc=0
	"$bin/${argv[0]}" "${argv[@]:1}" "$gold/$input" >"$gold/$expected" 2>/dev/null || rc=$?
	if [ "$rc" -ne "${code:-0}" ]; then
		echo "update.sh: $name: exit $rc, TESTLIST says ${code:-0}" >&2
		exit 1
	fi
	echo "$name: $(wc -l <"$gold/$expected") lines"
done
