#!/bin/bash
# A packet whose first layer is neither a link nor a network layer
# (ICMP()/IP(), ARP() without Ether(), a bare string) is shown for what
# it is with -n, never labelled with a link type it is not: JSON has no
# linktype and reads back from its layers, a pcap refuses it and says what
# to put in front.  (That such a packet is never sent: tests/live.)
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pktsend" ] || skip_all "no $PKT_BIN/pktsend (run make)"
need_cmd jq

plan 12

# 1-3: JSON: no linktype, the layers as built, its bytes read from ICMP.
pktsend -n -j 'ICMP()/IP(dst="127.0.0.1")' >icmp.jsonl 2>icmp.err
ok 'jq -e "has(\"linktype\") | not" icmp.jsonl' \
	"-j: ICMP()/IP() has no linktype (not RAW)"
ok 'jq -e "[.layers[].layer] == [\"ICMP\", \"Raw\"] and .hex == \"0800f7ff00000000450000140001000040007ce77f0000017f000001\"" icmp.jsonl' \
	"-j: dissected from its ICMP header, with Scapy's bytes"
ok 'pktsend -n -r icmp.jsonl -j | jq -e "(has(\"linktype\") | not) and .layers[0].layer == \"ICMP\"" >/dev/null' \
	"-j read back: still ICMP, still no linktype"

# 4-7: summary and --show say what it is.
expect_stdout - "summary of a bare string: Raw, not IPv6" -- pktsend -n 'Raw(load="abc")' <<'OUT'
Raw
OUT
ok 'pktsend -n --show "Raw(load=\"abc\")" | head -1 | grep -q "^###\[ Raw \]###"' \
	"--show of a bare string starts with Raw"
ok 'pktsend -n -j "ARP(pdst=\"10.0.0.1\",psrc=\"10.0.0.2\")" | jq -e "(has(\"linktype\") | not) and .layers[0].layer == \"ARP\" and .layers[0].pdst == \"10.0.0.1\"" >/dev/null' \
	"-j: ARP without Ether: ARP, no linktype"
ok 'pktsend -n -j "IP(dst=\"127.0.0.1\")/ICMP()" | jq -e ".linktype == \"RAW\"" >/dev/null' \
	"-j: IP()/ICMP() is still RAW"

# 8-11: pcap refuses it with a message that says what to put in front.
expect_stderr_match 'packet 1 starts with ICMP, which no link type holds: put IP\(\)/ \(or Ether\(\)/IP\(\)/\) in front, or write it with -j' \
	"-w: ICMP first is refused" --code 2 -- pktsend -n -w icmp.pcap 'ICMP()/IP(dst="127.0.0.1")'
expect_stderr_match 'starts with ARP, which no link type holds: put Ether\(\)/ in front' \
	"-w: ARP without Ether is refused" --code 2 -- pktsend -n -w arp.pcap 'ARP(pdst="10.0.0.1",psrc="10.0.0.2")'
expect_stderr_match 'starts with ICMPv6EchoRequest, which no link type holds: put IPv6\(\)/' \
	"-w: ICMPv6 first: IPv6()/ in front" --code 2 -- pktsend -n -w v6.pcap 'ICMPv6EchoRequest()'
expect_stderr_match 'starts with Raw, which no link type holds' \
	"-w: a bare string is refused" --code 2 -- pktsend -n -w raw.pcap '"abc"'

# 12: the good packets before it are written; the file holds them only.
ok '! pktsend -n -w mixed.pcap "IP(dst=\"127.0.0.1\")/ICMP()" "ICMP()" 2>/dev/null &&
    [ "$(pktsend -n -r mixed.pcap | wc -l)" -eq 1 ]' \
	"-w: the IP packet before it is written, exit 2"
