#!/bin/bash
# tests/robust/tools.sh: every capture of the shared corpus (tcpdump's test
# suite, ${PKT_SHARED:-../shared}/corpus/tcpdump) through the tools that
# read whole files and build a model of them: pkttrace -r (probes paired
# with answers; with --maxttl 255 every packet of probe shape is one),
# pktgraph -j and pktgraph -T dot (traces or conversations).  corpus.sh covers the streams (pktsend's reader, JSON
# and back); this covers what the tools do with what they read.
#
# Each run must end with exit status 0, 1 or 2 within $PKT_FILE_TIMEOUT
# seconds (default 10) and without a sanitizer report.  Reports the
# failures, then one summary line; exit 0 when all are clean, 1
# otherwise, 77 when there is no corpus.
#
#	tests/robust/tools.sh			(build-asan if built, else build)
#	PKT_BUILD=build tests/robust/tools.sh [FILE...]
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${PKT_SHARED:-$TOP/../shared}
CORPUS=$SHARED/corpus/tcpdump
: "${PKT_FILE_TIMEOUT:=10}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98
export NO_COLOR=1 LC_ALL=C
unset PKT_CONFIG

if [ -z "${PKT_BUILD:-}" ]; then
	if [ -x "$TOP/build-asan/bin/pkttrace" ]; then PKT_BUILD=build-asan
	else PKT_BUILD=build; fi
fi
if [ "$PKT_BUILD" = build ]; then BIN=$TOP/bin; else BIN=$TOP/$PKT_BUILD/bin; fi
for t in pkttrace pktgraph; do
	if [ ! -x "$BIN/$t" ]; then
		echo "tools.sh: $BIN/$t not built (make, or make O=$PKT_BUILD)" >&2
		exit 2
	fi
done

# shellcheck source=tests/robust/files.sh
. "$TOP/tests/robust/files.sh"
robust_files tools.sh "$@"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pkt-tools.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT
# A configuration of the user's must not change what runs.
export XDG_CONFIG_HOME=$WORK

runs=(
	"pkttrace -q -r"
	"pkttrace -q --maxttl 255 -r"
	"pktgraph -q -j -r"
	"pktgraph -q -T dot -r"
)
n_runs=0 n_bad=0
declare -A st_count=()

for f in "${files[@]}"; do
	for r in "${runs[@]}"; do
		# shellcheck disable=SC2086 # the run's words
		set -- $r
		timeout -s KILL "$PKT_FILE_TIMEOUT" "$BIN/$1" "${@:2}" "$f" \
			>/dev/null 2>"$WORK/err"
		st=$?
		n_runs=$((n_runs + 1))
		st_count[$st]=$(( ${st_count[$st]:-0} + 1 ))
		why=""
		if grep -qE 'ERROR: [A-Za-z]+Sanitizer|runtime error:|SUMMARY: [A-Za-z]+Sanitizer' "$WORK/err"; then
			why="SANITIZER $(grep -m1 -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:|SUMMARY:' "$WORK/err" | cut -c1-160)"
		elif [ $st -eq 137 ]; then
			why="HANG (over ${PKT_FILE_TIMEOUT}s)"
		elif [ $st -gt 2 ]; then
			why="EXIT $st"
		fi
		if [ -n "$why" ]; then
			n_bad=$((n_bad + 1))
			echo "$why: $r ${f##*/}"
		fi
	done
done

summary=""
for st in $(printf '%s\n' "${!st_count[@]}" | sort -n); do
	summary+=" exit $st: ${st_count[$st]};"
done
echo "tools.sh: ${#files[@]} files, $n_runs runs ($PKT_BUILD):${summary% ;} -- $n_bad failed"
[ "$n_bad" -eq 0 ]
