#!/bin/bash
# Options that exclude each other are refused (exit 2, naming both), never
# settled silently (--inter 0.1 --rate 10 once ran at one of them); and
# "nothing to do" follows one rule in every tool (pkt(7), EXIT STATUS):
# nothing given at all is a usage error (2), an input given but empty is
# no error (0, nothing out).  Nothing leaves this host: the refused
# commands stop at their options, the others send to 127.0.0.1 at most
# (before the checks existed) or have no probe.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

for t in pktsend pktsr1 pkttrace pktgraph; do
	[ -x "$PKT_BIN/$t" ] || skip_all "no $PKT_BIN/$t (run make)"
done
plan 34

LO='IP(dst="127.0.0.1")/ICMP()'
: >empty.jsonl
G="$PKT_TOP/tests/golden/graph"

# ---- exclusive options -------------------------------------------------------
excl() {	# TOOL OPT1 OPT2 ARGS...: refused with both named
	local t=$1 a=$2 b=$3
	shift 3
	local x=${a%% *} y=${b%% *}
	# shellcheck disable=SC2086 # an option and its argument
	expect_stderr_match "^$t: ($x and $y|$y and $x) exclude each other \(.+\): give one\$" \
		"$t $a $b: refused, exit 2" --code 2 -- "$t" $a $b "$@"
}
excl pktsend "--inter 0.1" "--rate 10" -n "$LO"
excl pktsend "--rate 10" "--inter 0" -n "$LO"
excl pktsend --l3raw --l2 -n "$LO"
excl pktsend --l2 --l3raw -n "$LO"
excl pktsend "-c 2" --loop -n "$LO"
excl pktsend -j --show -n "$LO"
excl pktsr1 "--inter 0.1" "--rate 10" -t 0.2 "$LO"
excl pktsr1 --l3raw --l2 -t 0.2 "$LO"
excl pktsr1 -j --show -t 0.2 "$LO"
excl pkttrace --l3raw --l2 -t 0.2 --maxttl 2 127.0.0.1
ok 'pktsend -n --l2 --l2 "$LO" >/dev/null && pktsend -n --l3raw --l3raw "$LO" >/dev/null' \
	"the same option twice is no conflict"
for o in "-i lo" --l3raw --l2 --nofilter "-t 1"; do
	# shellcheck disable=SC2086 # the option and its argument
	expect_stderr_match "^pkttrace: -r reads a saved trace and sends nothing: -i, --l3raw" \
		"pkttrace -r with $o: refused, exit 2" --code 2 -- \
		pkttrace -r "$G/one.jsonl" $o
done
ok 'printf "iface = lo\ntimeout = 1\n" >c.conf && pkttrace --config c.conf -r "$G/one.jsonl" >out &&
	test -s out' "pkttrace -r: the same settings from the configuration are no conflict"
for o in "-i lo" --l3raw --l2 --nofilter "-t 1"; do
	# shellcheck disable=SC2086
	expect_stderr_match "^pktgraph: ${o%% *}: pktgraph sends and captures nothing" \
		"pktgraph $o: refused, exit 2" --code 2 --stdin "$G/one.jsonl" -- \
		pktgraph -T dot $o
done
expect_stderr_match "^pktgraph: -j writes the graph's data and runs no dot: leave out -O" \
	"pktgraph -j -O: refused, exit 2" --code 2 --stdin "$G/one.jsonl" -- \
	pktgraph -j -O -Gdpi=70
expect_stderr_match "^pktgraph: -j writes the graph's data and runs no dot: leave out --dot" \
	"pktgraph -j --dot: refused, exit 2" --code 2 --stdin "$G/one.jsonl" -- \
	pktgraph -j --dot dot

# ---- nothing to do ------------------------------------------------------------
# Nothing given: 2, with what to give.  pkttrace and pktgraph read stdin when
# it is not a terminal, so they get one (script(1)).
expect_stderr_match "^pktsend: nothing to send: give a spec" "pktsend, nothing given: 2" \
	--code 2 -- pktsend -n
expect_stderr_match "^pktsr1: no probe: give a spec" "pktsr1, nothing given: 2" \
	--code 2 -- pktsr1
if command -v script >/dev/null 2>&1; then
	ok 'script -qec "$PKT_BIN/pkttrace" /dev/null >out; test $? = 2 &&
		grep -q "pkttrace: no target: give an address" out' \
		"pkttrace, no target and stdin a terminal: 2"
	ok 'script -qec "$PKT_BIN/pktgraph" /dev/null >out; test $? = 2 &&
		grep -q "pktgraph: no input: pipe pkttrace -j" out' \
		"pktgraph, no input and stdin a terminal: 2"
else
	skip 2 "no script(1) to give a terminal"
fi
# An empty input: 0, nothing on stdout.
expect_stdout /dev/null "pktsend -n -r empty: 0, nothing out" -- pktsend -n -r empty.jsonl
expect_stdout /dev/null "pktsr1 -r empty: 0, nothing out" -- pktsr1 -r empty.jsonl
expect_stdout /dev/null "pkttrace, empty stdin: 0, nothing out" -- pkttrace
expect_stdout /dev/null "pkttrace -r empty: 0, nothing out (was 2)" -- pkttrace -r empty.jsonl
ok 'pktsend -n -r empty.jsonl -w header.pcap && pkttrace -j -r header.pcap >out && ! test -s out' \
	"pkttrace -r of a pcap with only its header: 0, nothing out"
expect_stdout /dev/null "pktgraph, empty stdin: 0, nothing out" -- pktgraph -T dot
