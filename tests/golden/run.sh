#!/bin/bash
# tests/golden/run.sh: every line of tests/golden/TESTLIST: the tool's
# stdout exactly as the expected file, and its exit status.  tests/run.sh
# runs it; regenerate the expected files with tests/golden/update.sh.
# shellcheck disable=SC1091 # lib.sh by path
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

GOLD=$PKT_TOP/tests/golden
[ -x "$PKT_BIN/pktsend" ] || skip_all "no $PKT_BIN/pktsend (run make)"

mapfile -t rows < <(grep -v -e '^#' -e '^$' "$GOLD/TESTLIST")
[ ${#rows[@]} -gt 0 ] || { echo "Bail out! no line in $GOLD/TESTLIST"; exit 1; }
plan ${#rows[@]}

for row in "${rows[@]}"; do
	IFS=$'\t' read -r name input cmd expected code <<<"$row"
	read -r -a argv <<<"$cmd"
	expect_stdout "$GOLD/$expected" "$name" --code "${code:-0}" -- \
		"${argv[@]}" "$GOLD/$input"
done
