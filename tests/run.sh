#!/bin/bash
# tests/run.sh: run the whole suite against each build in $PKT_BUILDS.
#
#	PKT_BUILDS="build build-asan" tests/run.sh	(what `make check` does)
#	tests/run.sh tests/cli/t0001-pktsend-spec.sh	(only the tests named)
#
# For each build directory B: the unit programs B/tests/test_*, the CLI
# tests tests/cli/t*.sh, tests/golden/run.sh and tests/fuzz/replay.sh (if
# present), $PKT_JOBS at a time (default 2), then the live tests
# tests/live/*.sh one after another.  Shell tests speak TAP: every
# "ok"/"not ok" line counts; a unit program counts as one test, exit 77
# meaning skipped.  A test that runs longer than $PKT_TEST_TIMEOUT
# seconds (default 300; tests/robust/run.sh: $PKT_ROBUST_TIMEOUT, 900)
# fails.  Logs of failing tests are kept in tests/out/B/.  The last
# line is "N passed, N failed", after "N skipped" when some were.
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2

: "${PKT_BUILDS:=build}"
: "${PKT_JOBS:=2}"
: "${PKT_TEST_TIMEOUT:=300}"
# The corpus robustness run reads 830 captures several times over; under
# ASan on a busy machine it needs more than an ordinary test.
: "${PKT_ROBUST_TIMEOUT:=900}"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=98
export PKT_TOP=$TOP
if [ -d "$TOP/../shared" ]; then
	PKT_SHARED=$(cd "$TOP/../shared" && pwd)
	export PKT_SHARED
fi

if [ -t 1 ] && [ -z "${NO_COLOR:-}" ]; then
	C_PASS=$'\e[32m' C_FAIL=$'\e[1;31m' C_SKIP=$'\e[33m' C_OFF=$'\e[m'
else
	C_PASS='' C_FAIL='' C_SKIP='' C_OFF=''
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/pkt-run.XXXXXX") || exit 2
total_pass=0 total_fail=0 total_skip=0
declare -A job_pid2idx=()
failed_list=()

cleanup() {
	local pid
	for pid in "${!job_pid2idx[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	wait 2>/dev/null
	rm -rf "$WORK"
}
trap cleanup EXIT
trap 'echo "run.sh: interrupted" >&2; exit 130' INT
trap 'exit 143' TERM HUP

# Job table: kind (unit|tap), display name, argv (NUL-separated in a file).
job_kind=() job_name=() job_build=()
njobs=0

add_job() {	# KIND NAME ARGV...
	job_kind[njobs]=$1 job_name[njobs]=$2 job_build[njobs]=$BUILD
	shift 2
	printf '%s\0' "$@" >"$WORK/$njobs.argv"
	njobs=$((njobs + 1))
}

# The time limit of job IDX, in seconds.
job_timeout() {
	case ${job_name[$1]} in
	*tests/robust/*) echo "$PKT_ROBUST_TIMEOUT" ;;
	*) echo "$PKT_TEST_TIMEOUT" ;;
	esac
}

# Run job IDX (in a subshell): output to IDX.log, status to IDX.rc.
run_job() {
	local idx=$1 t0=$EPOCHREALTIME tpid rc
	local -a argv
	mapfile -d '' argv <"$WORK/$idx.argv"
	timeout -k 10 "$(job_timeout "$idx")" "${argv[@]}" </dev/null >"$WORK/$idx.log" 2>&1 &
	tpid=$!
	# Pass a TERM on to the test, which then cleans up (lab teardown).
	trap 'kill -TERM "$tpid" 2>/dev/null' TERM
	while :; do
		wait "$tpid"
		rc=$?
		kill -0 "$tpid" 2>/dev/null || break
	done
	echo "$rc" >"$WORK/$idx.rc"
	awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.1f", b - a }' >"$WORK/$idx.time"
}

# tap_count LOG: prints "pass fail skip planned ran bailout".
tap_count() {
	awk '
	BEGIN { pass = fail = skip = ran = bail = 0; plan = -1 }
	/^ok([ \t]|$)/ {
		ran++
		if (tolower($0) ~ /#[ \t]*skip/) skip++; else pass++
		next
	}
	/^not ok([ \t]|$)/ {
		ran++
		if (tolower($0) ~ /#[ \t]*todo/) skip++; else fail++
		next
	}
	/^1\.\.[0-9]+/ { split($0, a, /[^0-9.]/); sub(/^1\.\./, "", a[1]); plan = a[1] + 0; next }
	/^Bail out!/ { bail = 1 }
	END { print pass, fail, skip, plan, ran, bail }' "$1"
}

# Account for job IDX and print its line (and its log if it failed).
finish_job() {
	local idx=$1 rc time pass=0 fail=0 skip=0 plan ran bail note='' status
	local name=${job_name[idx]} b=${job_build[idx]}
	rc=$(cat "$WORK/$idx.rc" 2>/dev/null || echo 255)
	time=$(cat "$WORK/$idx.time" 2>/dev/null || echo "?")
	if [ "${job_kind[idx]}" = unit ]; then
		case $rc in
		0) pass=1 ;;
		77) skip=1 ;;
		124 | 137) fail=1 note="timed out after $(job_timeout "$idx")s" ;;
		*) fail=1 note="exit status $rc" ;;
		esac
	else
		read -r pass fail skip plan ran bail < <(tap_count "$WORK/$idx.log")
		if [ "$bail" = 1 ]; then
			fail=$((fail + 1)) note="bailed out"
		fi
		if [ "$rc" = 124 ] || [ "$rc" = 137 ]; then
			:	# counted once, below
		elif [ "$plan" -ge 0 ] && [ "$ran" -ne "$plan" ]; then
			if [ "$plan" -eq 0 ] && [ "$ran" -eq 0 ]; then
				:
			else
				fail=$((fail + 1)) note="${note:+$note; }planned $plan, ran $ran"
			fi
		fi
		if [ "$plan" -eq 0 ] && [ "$ran" -eq 0 ] && [ "$rc" = 0 ]; then
			skip=1 note=$(grep -m1 '^1\.\.0' "$WORK/$idx.log" |
				sed -E 's/^1\.\.0[[:space:]]*(#[[:space:]]*)?([Ss][Kk][Ii][Pp][[:space:]]*)?//')
		fi
		if [ "$plan" -lt 0 ] && [ "$ran" -gt 0 ]; then
			fail=$((fail + 1)) note="${note:+$note; }no plan"
		fi
		case $rc in
		0)
			[ "$plan" -ge 0 ] || [ "$ran" -gt 0 ] || pass=1 ;;
		77)
			[ "$ran" -gt 0 ] || skip=1 ;;
		124 | 137)
			fail=$((fail + 1)) note="${note:+$note; }timed out after $(job_timeout "$idx")s" ;;
		*)
			if [ "$fail" -eq 0 ]; then
				fail=1 note="${note:+$note; }exit status $rc"
			fi ;;
		esac
	fi
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
	total_skip=$((total_skip + skip))
	local counts="$pass passed"
	[ "$skip" -eq 0 ] || counts="$counts, $skip skipped"
	if [ "$fail" -gt 0 ]; then
		status="${C_FAIL}FAIL${C_OFF}"
		counts="$fail failed, $counts"
	elif [ "$pass" -eq 0 ] && [ "$skip" -gt 0 ]; then
		status="${C_SKIP}SKIP${C_OFF}"
	else
		status="${C_PASS}PASS${C_OFF}"
	fi
	printf '%s [%s] %s (%s; %ss)%s\n' "$status" "$b" "$name" "$counts" "$time" "${note:+: $note}"
	if [ "$fail" -gt 0 ]; then
		local keep="tests/out/$b/${name//\//_}.log"
		mkdir -p "tests/out/$b"
		cp "$WORK/$idx.log" "$keep"
		sed 's/^/    | /' "$WORK/$idx.log"
		printf '    (log kept in %s)\n' "$keep"
		failed_list+=("[$b] $name")
	fi
	rm -f "$WORK/$idx".*
}

# Run jobs FROM..TO-1, PAR at a time.
run_jobs() {
	local from=$1 to=$2 par=$3 idx pid
	for ((idx = from; idx < to; idx++)); do
		while [ "${#job_pid2idx[@]}" -ge "$par" ]; do
			reap_one
		done
		run_job "$idx" &
		job_pid2idx[$!]=$idx
	done
	while [ "${#job_pid2idx[@]}" -gt 0 ]; do
		reap_one
	done
}

reap_one() {
	local pid=
	wait -n -p pid "${!job_pid2idx[@]}"
	[ -n "$pid" ] || return 0
	finish_job "${job_pid2idx[$pid]}"
	unset "job_pid2idx[$pid]"
}

if ((BASH_VERSINFO[0] < 5 || (BASH_VERSINFO[0] == 5 && BASH_VERSINFO[1] < 1))); then
	PKT_JOBS=1	# no `wait -n -p` before bash 5.1: run one at a time
	reap_one() {
		local pid
		for pid in "${!job_pid2idx[@]}"; do
			wait "$pid"
			finish_job "${job_pid2idx[$pid]}"
			unset "job_pid2idx[$pid]"
		done
	}
fi

# Tests named on the command line: only those (any kind).
only=("$@")
wanted() {
	local t
	[ ${#only[@]} -eq 0 ] && return 0
	for t in "${only[@]}"; do
		[ "$t" = "$1" ] || [ "$t" = "./$1" ] || [ "$(basename "$t")" = "$(basename "$1")" ] && return 0
	done
	return 1
}

for BUILD in $PKT_BUILDS; do
	bdir="$TOP/$BUILD"
	if [ "$BUILD" = build ]; then
		PKT_BIN="$TOP/bin"
	else
		PKT_BIN="$bdir/bin"
	fi
	export PKT_BUILD=$bdir PKT_BIN
	[ -d "$bdir" ] || echo "run.sh: note: $BUILD/ does not exist (run make first)" >&2
	[ ${#only[@]} -gt 0 ] || rm -rf "tests/out/$BUILD"

	first=$njobs
	for t in "$bdir"/tests/test_*; do
		if ! [ -f "$t" ] || ! [ -x "$t" ]; then continue; fi
		wanted "$BUILD/tests/${t##*/}" || continue
		add_job unit "$BUILD/tests/${t##*/}" "$t"
	done
	for t in tests/cli/t*.sh tests/golden/run.sh tests/fuzz/replay.sh tests/robust/run.sh; do
		[ -f "$t" ] || continue
		wanted "$t" || continue
		add_job tap "$t" bash "$TOP/$t"
	done
	run_jobs "$first" "$njobs" "$PKT_JOBS"

	first=$njobs
	for t in tests/live/*.sh; do
		[ -f "$t" ] || continue
		wanted "$t" || continue
		add_job tap "$t" bash "$TOP/$t"
	done
	run_jobs "$first" "$njobs" 1
	rmdir "tests/out/$BUILD" tests/out 2>/dev/null
done

if [ ${#failed_list[@]} -gt 0 ]; then
	echo
	echo "failed:"
	printf '  %s\n' "${failed_list[@]}"
fi
[ "$total_skip" -eq 0 ] || echo "$total_skip skipped"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
