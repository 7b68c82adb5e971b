# tests/lib.sh: tiny TAP helpers for tests/cli/*.sh and tests/live/*.sh,
# in the spirit of git's t/test-lib.sh.  Source it, then:
#
#	. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"
#	plan 3				# or call done_testing at the end
#	expect_code 2 "bad spec is a usage error" -- pktsend -n 'IP(tll=1)'
#	expect_stdout - "version" -- pktsend --version <<-'EOF'
#		pktsend 0.1
#	EOF
#	ok 'pktsend -n "IP()/ICMP()" -w x.pcap && test -s x.pcap' "writes pcap"
#
# Every test runs in a fresh scratch directory ($TEST_DIR, the current
# directory); $TEST_SRC is the directory of the test script.  $PKT_BIN is
# first on PATH, so the tools are called by name.
#
# Runners (each prints one "ok N - desc" or "not ok N - desc"; on failure
# the command, the difference and its output go to stderr as "# " lines):
#
#	ok CMD DESC			CMD is eval'ed in the test shell (chain with &&)
#	expect_code CODE DESC [OPTS] -- CMD...
#	expect_stdout FILE DESC [OPTS] -- CMD...	FILE "-": expected text on stdin
#	expect_stderr_match REGEX DESC [OPTS] -- CMD...	grep -E on stderr
#
# OPTS: --code N (expected exit status: expect_stdout defaults to 0,
# expect_stderr_match to any), --stdin FILE (feed CMD; default /dev/null).
# CMD... is an argument vector, run under `timeout $TEST_CMD_TIMEOUT`
# (default 60 s; exit 124 means it hung).  Whatever the runner, a
# sanitizer report on the command's stderr fails the test.
#
# Also: plan N, done_testing, skip_all REASON, skip N REASON, need_root,
# need_cmd CMD..., diag MSG..., test_cmp EXPECTED ACTUAL (diff -u, loud),
# test_at_exit CMD (run at exit, last registered first), need_corpus
# FILE... (C: the shared tcpdump corpus; the rest skipped without it).

[ -n "${PKT_LIB_LOADED:-}" ] && return 0
PKT_LIB_LOADED=1

_lib_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
: "${PKT_TOP:=$(cd "$_lib_dir/.." && pwd)}"
: "${PKT_BUILD:=$PKT_TOP/build}"
: "${PKT_BIN:=$PKT_TOP/bin}"
if [ -z "${PKT_SHARED:-}" ] && [ -d "$PKT_TOP/../shared" ]; then
	PKT_SHARED=$(cd "$PKT_TOP/../shared" && pwd)
fi
: "${ASAN_OPTIONS:=detect_leaks=1:abort_on_error=0:exitcode=99}"
: "${UBSAN_OPTIONS:=print_stacktrace=1:halt_on_error=1:exitcode=98}"
: "${TEST_CMD_TIMEOUT:=60}"
export PKT_TOP PKT_BUILD PKT_BIN PKT_SHARED ASAN_OPTIONS UBSAN_OPTIONS
export PATH="$PKT_BIN:$PATH"
# Reproducible output, and no user configuration leaking into the tests.
export TZ=UTC LC_ALL=C
unset PKT_CONFIG

TEST_NAME=$(basename "$0" .sh)
# shellcheck disable=SC2034 # for the tests
TEST_SRC=$(cd "$(dirname "$0")" && pwd)
TEST_DIR=$(mktemp -d "${TMPDIR:-/tmp}/pkt-$TEST_NAME.XXXXXX") || {
	echo "Bail out! cannot make a scratch directory" >&2
	exit 1
}
export XDG_CONFIG_HOME="$TEST_DIR/.config"
cd "$TEST_DIR" || exit 1

test_count=0
test_failed=0
_test_planned=
_test_exit_hooks=()

diag() {
	local line
	while IFS= read -r line; do
		printf '# %s\n' "$line"
	done <<<"$*" >&2
}

# Print a file as "#   " lines on stderr (the first 200 lines).
_diag_file() {
	local label=$1 file=$2 n
	[ -s "$file" ] || return 0
	n=$(wc -l <"$file")
	printf '# %s:\n' "$label" >&2
	head -n 200 "$file" | sed 's/^/#   /' >&2
	[ "$n" -le 200 ] || printf '#   ... (%d more lines)\n' $((n - 200)) >&2
	return 0
}

_tap_pass() {
	test_count=$((test_count + 1))
	echo "ok $test_count - $1"
}

_tap_fail() {
	test_count=$((test_count + 1))
	test_failed=$((test_failed + 1))
	echo "not ok $test_count - $1"
}

plan() {
	_test_planned=$1
	echo "1..$1"
}

done_testing() {
	[ -n "$_test_planned" ] && return 0
	_test_planned=$test_count
	echo "1..$test_count"
}

skip_all() {
	if [ "$test_count" -gt 0 ] || [ -n "$_test_planned" ]; then
		diag "skipping the rest: $*"
		if [ -n "$_test_planned" ]; then
			skip $((_test_planned - test_count)) "$*"
		else
			done_testing
		fi
		exit 0
	fi
	_test_planned=0
	echo "1..0 # SKIP $*"
	exit 0
}

# skip N REASON: count N tests as skipped (after a plan, for a part that
# cannot run here).
skip() {
	local i
	for ((i = 0; i < $1; i++)); do
		test_count=$((test_count + 1))
		echo "ok $test_count # SKIP $2"
	done
}

need_root() {
	[ "$(id -u)" = 0 ] || skip_all "needs root (run as root, or with sudo)"
}

need_cmd() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null 2>&1 ||
			skip_all "needs $c (install it: see .ci/packages, or run .ci/deps.sh)"
	done
}

# need_corpus FILE...: set C to the folder of the shared tcpdump corpus
# (../shared/corpus/tcpdump); where a FILE is not in it, skip the rest of
# the test (the checks its plan has left) and end it.
need_corpus() {
	local f
	C=${PKT_SHARED:-}/corpus/tcpdump
	for f; do
		if [ -z "${PKT_SHARED:-}" ] || [ ! -r "$C/$f" ]; then
			skip_all "no shared corpus (../shared/corpus/tcpdump)"
		fi
	done
}

test_at_exit() {
	_test_exit_hooks+=("$*")
}

test_cmp() {
	if ! cmp -s "$1" "$2"; then
		printf '# output differs (- %s, + %s):\n' "$1" "$2" >&2
		diff -u --label expected --label actual "$1" "$2" |
			head -n 200 | sed 's/^/#   /' >&2
		return 1
	fi
}

# Does FILE hold no sanitizer report?
_san_check() {
	! grep -Eq 'ERROR: (Address|Leak|Memory|Thread)Sanitizer|runtime error:|SUMMARY: [A-Za-z]*Sanitizer' "$1"
}

_san_diag() {
	_san_check "$1" || printf '# a sanitizer reported an error (see stderr)\n' >&2
}

# _run_cmd N ARGV...: run ARGV with a timeout, stdin from $_opt_stdin,
# output to $TEST_DIR/.tN.out / .tN.err; status in _rc.
_run_cmd() {
	local n=$1
	shift
	_out="$TEST_DIR/.t$n.out"
	_err="$TEST_DIR/.t$n.err"
	if declare -F "$1" >/dev/null; then
		if bash -c 'declare -F "$1"' bash "$1" >/dev/null 2>&1; then
			# An exported function (lab_exec): it can run under timeout.
			timeout -k 5 "$TEST_CMD_TIMEOUT" bash -c '"$@"' bash "$@" \
				<"$_opt_stdin" >"$_out" 2>"$_err"
		else
			"$@" <"$_opt_stdin" >"$_out" 2>"$_err"
		fi
	else
		timeout -k 5 "$TEST_CMD_TIMEOUT" "$@" <"$_opt_stdin" >"$_out" 2>"$_err"
	fi
	_rc=$?
}

# _parse_opts "$@": sets _opt_code, _opt_stdin, _argv (after --).
_parse_opts() {
	_opt_stdin=/dev/null
	while [ $# -gt 0 ]; do
		case $1 in
		--code) _opt_code=$2; shift 2 ;;
		--stdin) _opt_stdin=$2; shift 2 ;;
		--) shift; break ;;
		*) echo "Bail out! lib.sh: unknown option '$1' (missing -- before the command?)"; exit 1 ;;
		esac
	done
	[ $# -gt 0 ] || { echo "Bail out! lib.sh: no command after --"; exit 1; }
	_argv=("$@")
}

_show_cmd() {
	printf '# command: %s\n' "${_argv[*]}" >&2
}

# ok CMD DESC: CMD (a shell string) is eval'ed in the test's shell.
ok() {
	local cmd=$1 desc=$2 n=$((test_count + 1)) rc
	{ eval "$cmd"; } </dev/null >"$TEST_DIR/.t$n.out" 2>"$TEST_DIR/.t$n.err"
	rc=$?
	if [ $rc -eq 0 ] && _san_check "$TEST_DIR/.t$n.err"; then
		_tap_pass "$desc"
		return 0
	fi
	_tap_fail "$desc"
	{
		printf '# failed (exit %d):\n' "$rc"
		printf '%s\n' "$cmd" | sed 's/^/#   /'
	} >&2
	_san_diag "$TEST_DIR/.t$n.err"
	_diag_file stdout "$TEST_DIR/.t$n.out"
	_diag_file stderr "$TEST_DIR/.t$n.err"
	return 1
}

_code_ok() {
	[ "$_opt_code" = any ] || [ "$_rc" = "$_opt_code" ]
}

_code_diag() {
	if [ "$_rc" = 124 ]; then
		printf '# timed out after %ss (expected exit %s)\n' "$TEST_CMD_TIMEOUT" "$_opt_code" >&2
	else
		printf '# exit status %s, expected %s\n' "$_rc" "$_opt_code" >&2
	fi
}

# expect_code CODE DESC [--stdin FILE] -- CMD...
expect_code() {
	local desc=$2 n=$((test_count + 1))
	_opt_code=$1
	shift 2
	_parse_opts "$@"
	_run_cmd "$n" "${_argv[@]}"
	if _code_ok && _san_check "$_err"; then
		_tap_pass "$desc"
		return 0
	fi
	_tap_fail "$desc"
	_show_cmd
	_code_ok || _code_diag
	_san_diag "$_err"
	_diag_file stdout "$_out"
	_diag_file stderr "$_err"
	return 1
}

# expect_stdout FILE DESC [--code N] [--stdin FILE] -- CMD...
expect_stdout() {
	local exp=$1 desc=$2 n=$((test_count + 1)) bad=
	_opt_code=0
	shift 2
	if [ "$exp" = - ]; then
		exp="$TEST_DIR/.t$n.exp"
		cat >"$exp"
	fi
	_parse_opts "$@"
	_run_cmd "$n" "${_argv[@]}"
	_code_ok || bad=1
	cmp -s "$exp" "$_out" || bad=1
	_san_check "$_err" || bad=1
	if [ -z "$bad" ]; then
		_tap_pass "$desc"
		return 0
	fi
	_tap_fail "$desc"
	_show_cmd
	_code_ok || _code_diag
	_san_diag "$_err"
	if ! [ -e "$exp" ]; then
		printf '# expected-output file %s does not exist\n' "$exp" >&2
		_diag_file stdout "$_out"
	else
		test_cmp "$exp" "$_out"
	fi
	_diag_file stderr "$_err"
	return 1
}

# expect_stderr_match REGEX DESC [--code N] [--stdin FILE] -- CMD...
expect_stderr_match() {
	local re=$1 desc=$2 bad=
	_opt_code=any
	shift 2
	_parse_opts "$@"
	_run_cmd $((test_count + 1)) "${_argv[@]}"
	_code_ok || bad=1
	grep -Eq -- "$re" "$_err" || bad=1
	_san_check "$_err" || bad=1
	if [ -z "$bad" ]; then
		_tap_pass "$desc"
		return 0
	fi
	_tap_fail "$desc"
	_show_cmd
	_code_ok || _code_diag
	_san_diag "$_err"
	grep -Eq -- "$re" "$_err" ||
		printf '# stderr does not match /%s/\n' "$re" >&2
	_diag_file stderr "$_err"
	_diag_file stdout "$_out"
	return 1
}

_test_exit() {
	local rc=$? i
	trap - EXIT
	for ((i = ${#_test_exit_hooks[@]} - 1; i >= 0; i--)); do
		eval "${_test_exit_hooks[i]}"
	done
	cd / || :
	if [ -z "$_test_planned" ] && [ "$test_count" -gt 0 ]; then
		diag "$TEST_NAME: ended without a plan (call plan N or done_testing)"
		[ $rc -ne 0 ] || rc=1
	elif [ -n "$_test_planned" ] && [ "$test_count" -ne "$_test_planned" ] && [ "$_test_planned" -ne 0 ]; then
		diag "$TEST_NAME: planned $_test_planned tests but ran $test_count"
		[ $rc -ne 0 ] || rc=1
	fi
	if [ "$test_failed" -gt 0 ]; then
		diag "$TEST_NAME: $test_failed of $test_count failed; scratch files kept in $TEST_DIR"
		[ $rc -ne 0 ] || rc=1
	elif [ $rc -ne 0 ]; then
		diag "$TEST_NAME: exit status $rc; scratch files kept in $TEST_DIR"
	else
		rm -rf "$TEST_DIR"
	fi
	exit $rc
}
trap _test_exit EXIT
trap 'exit 129' HUP
trap 'exit 130' INT
trap 'exit 143' TERM
