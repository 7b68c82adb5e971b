#!/bin/bash
# tests/fuzz/run.sh: build every fuzz target with libFuzzer (clang,
# -fsanitize=fuzzer,address,undefined) into build-fuzz/ and run each for
# SECONDS (default 60), two at a time (PKT_FUZZ_JOBS), from its committed
# corpus tests/fuzz/corpus/TARGET/ (read only: new inputs go to
# build-fuzz/corpus/TARGET/).  `make fuzz FUZZ_TIME=secs` calls it.
#
#	tests/fuzz/run.sh [SECONDS [TARGET...]]
#
# PKT_FUZZ_RUNS=N also stops each target after N executions, whichever of
# the two limits comes first (the issue's bar is 10000000 or an hour).
#
# A crash, a leak, a sanitizer report or a hang (-timeout, 10 s) stops that
# target; its reproducer is left in build-fuzz/crashes/TARGET/ (minimise it
# with -minimize_crash=1 and commit it under tests/fuzz/crashes/TARGET/, where
# make check replays it).  The last lines give, per target, the executions
# done and whether it stayed clean; the exit status is 1 if any did not.
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 2
SECS=${1:-60}
shift $(( $# > 0 ? 1 : 0 ))
: "${PKT_FUZZ_JOBS:=2}"
: "${CLANG:=clang}"
: "${PKT_FUZZ_RUNS:=-1}"
OUT=$TOP/build-fuzz
FZ=tests/fuzz

if [ $# -gt 0 ]; then
	targets=("$@")
else
	targets=()
	for f in "$FZ"/fuzz_*.c; do
		t=${f##*/fuzz_}
		targets+=("${t%.c}")
	done
fi

# The engine, instrumented for coverage (fuzzer-no-link) and sanitizers.
FLAGS="-O1 -g -fno-omit-frame-pointer -fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
make -s O=build-fuzz CC="$CLANG" CFLAGS="$FLAGS" build-fuzz/libpktcommon.a || exit 2
LIBS="$(pkg-config --libs libpcap libcap-ng jansson libmnl libcares) -lm -pthread"
CF="-std=c11 -D_GNU_SOURCE -Wall -Wextra -Icommon $(pkg-config --cflags jansson libpcap)"
mkdir -p "$OUT/fuzz"
for t in "${targets[@]}"; do
	# shellcheck disable=SC2086
	"$CLANG" $CF -O1 -g -fno-omit-frame-pointer \
		-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined \
		-o "$OUT/fuzz/fuzz_$t" "$FZ/fuzz_$t.c" "$OUT/libpktcommon.a" $LIBS || exit 2
done

# Largest input per target.
max_len() {
	case $1 in
	pcap|jsonl) echo 65536 ;;
	trace) echo 16384 ;;
	config) echo 8192 ;;
	spec) echo 2048 ;;
	*) echo 4096 ;;
	esac
}

export ASAN_OPTIONS=detect_leaks=1:allocator_may_return_null=1
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
export NO_COLOR=

run_one() {
	local t=$1 dict=() log="$OUT/fuzz/$1.log"
	mkdir -p "$OUT/corpus/$t" "$OUT/crashes/$t"
	[ -f "$FZ/dict/$t.dict" ] && dict=(-dict="$FZ/dict/$t.dict")
	"$OUT/fuzz/fuzz_$t" "${dict[@]}" -max_total_time="$SECS" \
		-runs="$PKT_FUZZ_RUNS" \
		-max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
		-print_final_stats=1 -artifact_prefix="$OUT/crashes/$t/" \
		"$OUT/corpus/$t" "$FZ/corpus/$t" >"$log" 2>&1
	echo $? >"$OUT/fuzz/$t.rc"
}

running=0
for t in "${targets[@]}"; do
	if [ "$running" -ge "$PKT_FUZZ_JOBS" ]; then
		wait -n
		running=$((running - 1))
	fi
	echo "fuzz: $t for ${SECS}s"
	run_one "$t" &
	running=$((running + 1))
done
wait

bad=0
for t in "${targets[@]}"; do
	rc=$(cat "$OUT/fuzz/$t.rc" 2>/dev/null || echo 255)
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$OUT/fuzz/$t.log" | tail -1)
	if [ "$rc" = 0 ]; then
		echo "fuzz: $t: ${execs:-?} executions, clean"
	else
		bad=1
		echo "fuzz: $t: ${execs:-?} executions, FAILED (status $rc; log $OUT/fuzz/$t.log," \
			"reproducer in $OUT/crashes/$t/)"
		grep -m3 -E 'ERROR: |runtime error|SUMMARY|fuzz_' "$OUT/fuzz/$t.log" | sed 's/^/    /'
	fi
done
exit $bad
