#!/bin/bash
# tests/robust/corpus.sh: read every capture of the shared corpus (tcpdump's
# test suite, ${PKT_SHARED:-../shared}/corpus/tcpdump) through the streams:
# pcap in, JSON Lines out and back, rebuild, pcap out (test_io --roundtrip).
# Reports the files that crash (a signal or any sanitizer report), hang
# (more than $PKT_FILE_TIMEOUT s, default 10) or do not round-trip, then
# one summary line.  Exit 0 when every file is clean, 1 otherwise, 77 when
# there is no corpus.
#
#	tests/robust/corpus.sh			(build-asan if built, else build)
#	PKT_BUILD=build tests/robust/corpus.sh [FILE...]
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
SHARED=${PKT_SHARED:-$TOP/../shared}
CORPUS=$SHARED/corpus/tcpdump
: "${PKT_FILE_TIMEOUT:=10}"
: "${PKT_BATCH:=50}"
export PKT_FILE_TIMEOUT PKT_TOP=$TOP
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98

if [ -z "${PKT_BUILD:-}" ]; then
	if [ -x "$TOP/build-asan/tests/test_io" ]; then PKT_BUILD=build-asan
	else PKT_BUILD=build; fi
fi
BIN=$TOP/$PKT_BUILD/tests/test_io
if [ ! -x "$BIN" ]; then
	echo "corpus.sh: $BIN not built (make O=$PKT_BUILD units)" >&2
	exit 2
fi

# shellcheck source=tests/robust/files.sh
. "$TOP/tests/robust/files.sh"
robust_files corpus.sh "$@"

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pkt-corpus.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT

n_ok=0 n_rt=0 n_crash=0 n_hang=0 n_rec=0
report=()

sanitized() {	# file with stderr: did a sanitizer speak?
	grep -qE 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: UndefinedBehaviorSanitizer' "$1"
}

first_report() {
	grep -m1 -E 'ERROR: [A-Za-z]+Sanitizer|runtime error:|SUMMARY:' "$1" |
		cut -c1-200
}

# Run files "$@" in one process; results into the counters.  Prints the
# index of the first file not finished (all done: $#).
run_batch() {
	local out=$WORK/out err=$WORK/err st last="" done_n=0 line f
	( timeout -s KILL $(( PKT_FILE_TIMEOUT * $# + 60 )) "$BIN" --roundtrip "$@" \
		>"$out" 2>"$err" ) 2>/dev/null
	st=$?
	declare -A fin=()
	while IFS= read -r line; do
		case $line in
		"begin "*) last=${line#begin } ;;
		"ok "*)	f=${line#ok }; n_rec=$(( n_rec + ${f##* } ))
			fin[${f% *}]=1; n_ok=$(( n_ok + 1 )); done_n=$(( done_n + 1 )) ;;
		"notok "*) f=${line#notok }; f=${f%%: *}
			fin[$f]=1; n_rt=$(( n_rt + 1 )); done_n=$(( done_n + 1 ))
			report+=("NO-ROUNDTRIP ${line#notok }") ;;
		esac
	done <"$out"
	if [ "$done_n" -eq $# ] && ! sanitized "$err" && { [ $st -eq 0 ] || [ $st -eq 1 ]; }; then
		echo $#
		return
	fi
	if [ "$done_n" -eq $# ]; then
		# All finished but the process failed at exit (a leak report):
		# find the culprits one by one.
		if [ $# -eq 1 ]; then
			n_crash=$(( n_crash + 1 ))
			report+=("CRASH $1: $(first_report "$err") (status $st)")
			[ -n "${PKT_KEEP:-}" ] && cp "$err" "$PKT_KEEP/$(basename "$1").err"
		else
			local g
			for g in "$@"; do
				"$BIN" --roundtrip "$g" >/dev/null 2>"$WORK/err1"
				st=$?
				if sanitized "$WORK/err1" || [ $st -gt 1 ]; then
					n_crash=$(( n_crash + 1 ))
					report+=("CRASH $g: $(first_report "$WORK/err1") (status $st)")
					[ -n "${PKT_KEEP:-}" ] && cp "$WORK/err1" "$PKT_KEEP/$(basename "$g").err"
				fi
			done
		fi
		echo $#
		return
	fi
	# The file begun and not finished crashed or hung.
	if [ $st -eq 142 ] || [ $st -eq 137 ] || [ $st -eq 124 ]; then
		n_hang=$(( n_hang + 1 ))
		report+=("HANG $last (more than ${PKT_FILE_TIMEOUT}s)")
	else
		n_crash=$(( n_crash + 1 ))
		report+=("CRASH $last: $(first_report "$err") (status $st)")
		[ -n "${PKT_KEEP:-}" ] && cp "$err" "$PKT_KEEP/$(basename "$last").err"
	fi
	echo $(( done_n + 1 ))
}

i=0
total=${#files[@]}
while [ $i -lt "$total" ]; do
	batch=("${files[@]:$i:$PKT_BATCH}")
	# run_batch in this shell (counters), its answer through a file
	run_batch "${batch[@]}" >"$WORK/adv"
	adv=$(cat "$WORK/adv")
	[ "$adv" -ge 1 ] 2>/dev/null || adv=1
	i=$(( i + adv ))
done

for r in "${report[@]}"; do
	echo "$r"
done
echo "corpus: $total files, $n_rec records; $n_ok round-trip, $n_rt do not," \
	"$n_crash crash, $n_hang hang"
[ $(( n_rt + n_crash + n_hang )) -eq 0 ]
