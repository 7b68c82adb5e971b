#!/bin/bash
# "A"*100 in the packet language, as Python's string repetition (pkt(7)):
# the bytes are checked against Scapy in tests/golden/build.tsv
# (test_build); here, what is pkt's own: a bare string layer with "*N" is
# one Raw layer (Python would read IP()/"A"*3 as three packets), and every
# malformed count is an error pointed at as spec:N:COL, exit 2.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pktsend" ] || skip_all "no $PKT_BIN/pktsend (run make)"
need_cmd jq

plan 14

hex() { pktsend -n -j "$@" | jq -r .hex; }

ok 'test "$(hex "IP()/\"A\"*3")" = "$(hex "IP()/(\"A\"*3)")" &&
    test "$(hex "IP()/\"A\"*3")" = "$(hex "IP()/\"AAA\"")" &&
    test "$(pktsend -n "IP()/\"A\"*3" | wc -l)" = 1' \
	'IP()/"A"*3 is one packet with a Raw of "AAA", as IP()/("A"*3)'
ok 'test "$(hex "IP()/UDP()/Raw(load=\"ab\" * 2)")" = "$(hex "IP()/UDP()/\"abab\"")"' \
	'spaces around "*" are allowed'
ok 'test "$(hex "IP()/UDP()/Raw(load=2*\"ab\"*3)")" = "$(hex "IP()/UDP()/(\"ab\"*6)")"' \
	'2*"ab"*3 repeats six times'
ok 'test "$(hex "IP()/UDP(dport=[1,2])/\"x\"*2" | wc -l)" = 2' \
	'repetition goes with fan-out'
ok 'test "$(timeout 10 pktsend -n -j "IP()/Raw(load=\"\"*9999999999999999999*2)" | jq -r .hex)" = "$(hex "IP()/Raw(load=\"\")")"' \
	'""*N is empty at once, however large N is (it looped N times)'

bad() {	# DESC REGEX SPEC
	expect_stderr_match "$2" "$1" --code 2 -- pktsend -n "$3"
}
bad 'a string count is refused' '^pktsend: spec:1:10: a repetition count \(a whole number\) is expected after "\*"$' 'IP()/"A"*"3"'
bad 'a negative count is refused' '^pktsend: spec:1:10: a repetition count' 'IP()/"A"*-1'
bad 'a fractional count is refused' '^pktsend: spec:1:10: repetition count "1\.5" is not a whole number$' 'IP()/"A"*1.5'
bad 'a count with letters is refused' '^pktsend: spec:1:10: repetition count "3x" is not a whole number$' 'IP()/"A"*3x'
bad 'nothing after "*"' '^pktsend: spec:1:10: a repetition count' 'IP()/"A"*'
bad 'the cap: more than a packet can hold' \
	'^pktsend: spec:1:22: the repeated string makes 2000000 bytes, more than the 1048576 a packet can hold$' \
	'IP()/Raw(load="AB" * 1000000)'
bad 'a count beyond 64 bits' '^pktsend: spec:1:10: repetition count too large$' 'IP()/"A"*99999999999999999999'
bad 'an unclosed parenthesis' '^pktsend: spec:1:12: "\)" expected$' 'IP()/("A"*3/TCP()'
expect_stderr_match '^pktsend: spec:2:10: a repetition count' 'the second spec is named spec:2' \
	--code 2 -- pktsend -n 'IP()' 'IP()/"A"*x'
