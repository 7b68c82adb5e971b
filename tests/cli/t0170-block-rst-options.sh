#!/bin/bash
# --block-rst and --hold on the command line of pktsr1 and pktsend: what
# makes no sense is refused with exit 2 and a message that says what to
# do, before anything is built, opened or sent (no privilege needed).
# The guard itself is tested live (t0400-block-rst, t0410-handshake).
# shellcheck disable=SC1091 # lib.sh by path
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

for t in pktsend pktsr1; do
	[ -x "$PKT_BIN/$t" ] || skip_all "no $PKT_BIN/$t (run make)"
done
plan 9

spec='IP(dst="127.0.0.1")/TCP(sport=40000,dport=9)'
for t in pktsr1 pktsend; do
	expect_stderr_match "^$t: --hold keeps the rule of --block-rst after the end: give --block-rst too\$" \
		"$t: --hold without --block-rst" --code 2 -- "$t" --hold 5 "$spec"
	expect_stderr_match "^$t: --hold: " \
		"$t: --hold of a negative time" --code 2 -- "$t" --block-rst --hold -1 "$spec"
	expect_stderr_match "^$t: --hold: " \
		"$t: --hold longer than a day" --code 2 -- "$t" --block-rst --hold 86401 "$spec"
	expect_stderr_match "^$t: --hold: " \
		"$t: --hold of a word" --code 2 -- "$t" --block-rst --hold soon "$spec"
done
expect_stderr_match '^pktsend: --block-rst guards what is sent: it cannot go with -n, which sends nothing$' \
	"pktsend: -n --block-rst" --code 2 -- pktsend -n --block-rst "$spec"
