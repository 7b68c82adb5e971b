#!/bin/bash
# The user contract (SPEC 4 and 7) where the tools once broke it, checked
# without privilege or network (nothing is ever sent: every command stops
# at its usage check, or has no probe at all):
# - getopt's own messages start with the tool's name even when the tool
#   is run by its path (/usr/local/bin/pktsend --bogus said
#   "/usr/local/bin/pktsend: unrecognized option");
# - pktsr1 refuses -j or --show with -w - (pcap and text both on stdout),
#   as pktsend and pkttrace do;
# - pkttrace names the line of stdin that holds a bad target.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

for t in pktsend pktsr1 pkttrace pktgraph; do
	[ -x "$PKT_BIN/$t" ] || skip_all "no $PKT_BIN/$t (run make)"
done
plan 11

for t in pktsend pktsr1 pkttrace pktgraph; do
	expect_stderr_match "^$t: unrecognized option '--bogus'" \
		"$t run by its path: getopt's message starts with \"$t:\"" --code 2 -- \
		"$PKT_BIN/$t" --bogus
done
expect_stderr_match "^pktsr1: option requires an argument -- 't'" \
	"pktsr1 run by its path: a missing argument, same prefix" --code 2 -- \
	"$PKT_BIN/pktsr1" -t

: >empty.jsonl
expect_stderr_match '^pktsr1: -w - writes pcap to stdout: it cannot go with -j' \
	"pktsr1 -j -w -: refused, exit 2" --code 2 -- pktsr1 -j -w - -r empty.jsonl
expect_stderr_match '^pktsr1: -w - writes pcap to stdout: it cannot go with -j, --show or --hexdump' \
	"pktsr1 --show -w -: refused, exit 2" --code 2 -- pktsr1 --show -w - -r empty.jsonl
expect_stdout /dev/null "pktsr1 -w - alone, empty input: nothing out, exit 0" -- \
	pktsr1 -q -w - -r empty.jsonl

# "bad..target" is refused by the resolver itself: no DNS query.
printf '192.0.2.1\n\n# a comment\nbad..target\n' >targets
expect_stderr_match '^pkttrace: <stdin>:4: "bad\.\.target" is not an IPv4 or IPv6 address, and could not be resolved as a host name ' \
	"pkttrace: a bad target on stdin is named by its line" --code 2 --stdin targets -- \
	pkttrace -
expect_stderr_match '^pkttrace: <stdin>:4: ' \
	"pkttrace: the same with no '-' (stdin not a terminal)" --code 2 --stdin targets -- \
	pkttrace
expect_stderr_match '^pkttrace: "bad\.\.target" is not an IPv4 or IPv6 address, and could not be resolved as a host name ' \
	"pkttrace: a bad target argument has no line to name" --code 2 -- \
	pkttrace bad..target
