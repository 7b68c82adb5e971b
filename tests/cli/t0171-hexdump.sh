#!/bin/bash
# --hexdump prints each packet as Scapy 2.5's hexdump() does: the offset,
# 16 bytes in upper-case hex, the bytes as text with '.' for the
# unprintable ones.  Expected text: tests/golden/scapy/hexdump.txt, made
# by Scapy itself (gen_hexdump.py).  pktsend -n prints the summary line,
# then the dump; with --show, show() then the dump.  pktsr1 --hexdump
# dumps each answer after its line (loopback; needs root).
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pktsend" ] || skip_all "no $PKT_BIN/pktsend (run make)"

GOLD=$PKT_TOP/tests/golden/scapy/hexdump.txt
nspec=$(grep -c '^== ' "$GOLD")
plan $((nspec + 9))

# The Scapy dump of spec number K (1-based) of the golden file.
gold() {
	awk -v k="$1" '/^== / { n++; next } n == k' "$GOLD"
}

k=0
while IFS= read -r line; do
	k=$((k + 1))
	spec=${line#== }
	gold "$k" >"want$k"
	ok "pktsend -n --hexdump '${spec//\'/\'\\\'\'}' | tail -n +2 >got$k && test_cmp want$k got$k" \
		"hexdump of $spec is Scapy's"
done < <(grep '^== ' "$GOLD")

ok 'pktsend -n --hexdump "IP()/ICMP()" "IP()" >two &&
    { pktsend -n "IP()/ICMP()"; gold 2; pktsend -n "IP()"; gold 1; } >want && test_cmp want two' \
	'each packet: its summary line, then its dump'
ok 'pktsend -n --show --hexdump "IP()/ICMP()" >sh &&
    { pktsend -n --show "IP()/ICMP()"; gold 2; } >want && test_cmp want sh' \
	'--show --hexdump: show(), then the dump'
ok 'pktsend -n --hexdump -w x.pcap "IP()/ICMP()" >w.out && tail -n +2 w.out >got &&
    gold 2 >want && test_cmp want got && test -s x.pcap' \
	'-w FILE --hexdump writes the pcap and prints the dump'
expect_stderr_match '^pktsend: --hexdump cannot go with -j' '--hexdump with -j is refused' \
	--code 2 -- pktsend -n -j --hexdump 'IP()'
expect_stderr_match '^pktsend: -w - writes pcap to stdout: it cannot go with -j, --show or --hexdump$' \
	'-w - with --hexdump is refused' --code 2 -- pktsend -n -w - --hexdump 'IP()'
expect_stderr_match '^pktsr1: --hexdump cannot go with -j' 'pktsr1: --hexdump with -j is refused' \
	--code 2 -- pktsr1 -j --hexdump 'IP()/ICMP()'

if [ "$(id -u)" != 0 ]; then
	skip 3 "sending on loopback needs root"
else
	ok 'pktsend -q --hexdump "IP(dst=\"127.0.0.1\")/ICMP()" >s.out &&
	    { pktsend -n "IP(dst=\"127.0.0.1\")/ICMP()"; gold 2; } >want && test_cmp want s.out' \
		'pktsend --hexdump when sending: the line and the dump of what was sent'

	ok 'pktsr1 -q --hexdump -w ans.pcap "IP(dst=\"127.0.0.1\")/ICMP()/\"hello\"" >sr.out &&
	    test "$(wc -l <sr.out)" = 4 &&
	    grep -q "^IP / ICMP 127.0.0.1 > 127.0.0.1 echo-reply 0 / Raw  time=" sr.out &&
	    sed "s/  time=.*//" sr.out >got && pktsend -n --hexdump -r ans.pcap >want &&
	    test_cmp want got' \
		'pktsr1 --hexdump: the answer line, then the dump of the answer'
	ok 'pktsr1 -q --show --hexdump "IP(dst=\"127.0.0.1\")/ICMP()" >sr2.out &&
	    grep -Eq "^0010  7F 00 00 01 00 00 [0-9A-F]{2} [0-9A-F]{2} 00 00 00 00 {14}\\.{12}$" sr2.out &&
	    grep -q "^rtt = " sr2.out' \
		'pktsr1 --show --hexdump: show(), the dump, the rtt'
fi
