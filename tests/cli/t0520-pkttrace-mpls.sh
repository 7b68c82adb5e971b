#!/bin/bash
# ICMP multi-part extensions (RFC 4884) with MPLS label stacks (RFC 4950)
# and interface information (RFC 5837): built by pktsend -n as Scapy's
# icmp_extensions builds them (tests/golden/build.tsv has the bytes), read
# by tcpdump, carried through JSON; pkttrace -r of a crafted trace shows a
# hop's labels in its cell ("[MPLS: 24001/0/1/1]") and in its -j pairs
# ("mpls"), pktgraph in the hop's label; the shared corpus's captures of
# real routers (tcpdump's mpls-traceroute, icmp-rfc5837; skipped without
# it) are dissected.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pkttrace" ] || skip_all "no $PKT_BIN/pkttrace (run make)"
need_cmd jq tcpdump
plan 13

# 1-2: the issue's example, Scapy's layout (the extension inside the quote).
expect_code 0 "the issue's example builds (-j)" -- \
	pktsend -n 'IP()/ICMP(type=11)/IPerror()/TCPerror()/ICMPExtensionHeader()/ICMPExtensionMPLS(stack=[MPLS(label=24001,ttl=1)])' -j
ok 'pktsend -n -j "ICMPExtensionHeader()/ICMPExtensionMPLS(stack=[MPLS(label=24001,s=0,ttl=1),MPLS(label=16)])/ICMPExtensionInterfaceInformation(has_ifindex=1,ifindex=7,has_mtu=1,mtu=1400)" |
	jq -e -c "[.layers[] | .layer] == [\"ICMPExtensionHeader\",\"ICMPExtensionMPLS\",\"ICMPExtensionInterfaceInformation\"] and .layers[1].stack[1].label == 16 and .layers[2].mtu == 1400" >/dev/null' \
	"a bare extension structure dissects to its header and both objects"

# A trace as a router inside an MPLS tunnel answers it: RFC 4884's layout,
# the quote padded to 128 bytes (length=32 words), then the extension.
S=10.0.1.1
Z=$(printf '\\x00%.0s' $(seq 88))
tcp_probe() {	# TTL ID SEQ [QUOTED-IP-EXTRA]
	echo "IP(src=\"$S\",dst=\"10.0.9.2\",ttl=$1,id=$2$4)/TCP(sport=40000,dport=80,flags=\"S\",seq=$3)"
}
ext_timex() {	# ROUTER TTL ID SEQ OBJECTS
	echo "IP(src=\"$1\",dst=\"$S\")/ICMP(type=11,length=32)/$(tcp_probe "$2" "$3" "$4" ,len=40)/Raw(load=\"$Z\")/ICMPExtensionHeader()/$5"
}
pktsend -n -w mpls.pcap \
	"Ether()/$(tcp_probe 1 101 16777217)" "Ether()/$(tcp_probe 2 102 33554433)" \
	"Ether()/$(tcp_probe 3 103 50331649)" "Ether()/$(tcp_probe 4 104 67108865)" \
	"Ether()/IP(src=\"10.0.2.1\",dst=\"$S\")/ICMP(type=11)/$(tcp_probe 1 101 16777217)" \
	"Ether()/$(ext_timex 10.0.3.1 2 102 33554433 'ICMPExtensionMPLS(stack=[MPLS(label=24001,ttl=1)])')" \
	"Ether()/$(ext_timex 10.0.4.1 3 103 50331649 'ICMPExtensionMPLS(stack=[MPLS(label=24002,s=0,ttl=1),MPLS(label=16,cos=5,ttl=2)])/ICMPExtensionInterfaceInformation(has_ifindex=1,ifindex=3,has_mtu=1,mtu=1400)')" \
	"Ether()/IP(src=\"10.0.9.2\",dst=\"$S\")/TCP(sport=80,dport=40000,flags=\"SA\",ack=67108866)" \
	>/dev/null 2>&1 || { echo "Bail out! pktsend -n could not write the crafted trace"; exit 1; }

# 3-4: tcpdump reads our extensions as RFC 4884/4950 (checksum correct).
ok 'tcpdump -nn -v -r mpls.pcap 2>/dev/null | grep -q "ICMP Multi-Part extension v2, checksum 0x[0-9a-f]* (correct), length 12" &&
	tcpdump -nn -v -r mpls.pcap 2>/dev/null | grep -q "label 24001, tc 0, \[S\], ttl 1"' \
	"tcpdump: our extension's checksum is correct, the label is 24001"
ok 'tcpdump -nn -v -r mpls.pcap 2>/dev/null | grep -q "checksum 0x[0-9a-f]* (correct), length 28" &&
	tcpdump -nn -v -r mpls.pcap 2>/dev/null | grep -q "MPLS Stack Entry Object (1), Class-Type: 1, length 12" &&
	tcpdump -nn -v -r mpls.pcap 2>/dev/null | grep -q "Interface Identification Object (2), Class-Type: 9, length 12"' \
	"tcpdump: two labels and an interface object, lengths and checksum right"

# 5: the JSON of the capture rebuilds to the same bytes.
ok 'pktsend -n -r mpls.pcap -j | jq -c "del(.hex)" | pktsend -n -r - -w back.pcap && cmp mpls.pcap back.pcap' \
	"JSON round trip of the extensions: the same pcap"

# 6-8: pkttrace -r: the labels in the cells, the pairs, the graph.
expect_stdout - "pkttrace -r: the hops' labels in their cells, as mtr -e's four values" -- \
	pkttrace -r mpls.pcap <<-'EOF'
	  10.0.9.2:tcp80                                          
	1 10.0.2.1        11                                      
	2 10.0.3.1        11 [MPLS: 24001/0/1/1]                  
	3 10.0.4.1        11 [MPLS: 24002/0/0/1] [MPLS: 16/5/1/2] 
	4 10.0.9.2        SA                                      
	EOF
expect_stdout - "pkttrace -r -j: the pairs carry \"mpls\" (label, TC, S, TTL)" -- \
	sh -c 'pkttrace -q -j -r mpls.pcap | jq -c "[.ttl, .hop, .mpls]"' <<-'EOF'
	[1,"10.0.2.1",null]
	[2,"10.0.3.1",[[24001,0,1,1]]]
	[3,"10.0.4.1",[[24002,0,0,1],[16,5,1,2]]]
	[4,"10.0.9.2",null]
	EOF
ok 'pkttrace -q -j -r mpls.pcap | pktgraph -T dot -o - | grep -F "10.0.4.1" | grep -qF "[MPLS: 24002/0/0/1]"' \
	"pktgraph: the hop's label shows its MPLS stack"

# 9: a wrong extension checksum: no extension, no labels.
ok 'pktsend -n -j "IP(src=\"10.0.3.1\",dst=\"$S\")/ICMP(type=11,length=32)/$(tcp_probe 2 102 33554433 ,len=40)/Raw(load=\"$Z\")/ICMPExtensionHeader(chksum=1)/ICMPExtensionMPLS(stack=MPLS())" |
	jq -e "[.layers[].layer] | index(\"ICMPExtensionHeader\") == null" >/dev/null' \
	"a header with a wrong checksum is not taken for an extension"

need_corpus mpls-traceroute.pcap
# 10-13: routers' own extensions (the legacy layout: length 0, 128 bytes).
expect_stdout - "corpus mpls-traceroute.pcap: every answer's label stack" -- \
	sh -c 'pktsend -n -j -r "$1" | jq -c "select(.layers[-1].layer == \"ICMPExtensionMPLS\") | [.layers[2].src, (.layers[-1].stack[] | [.label, .cos, .s, .ttl])]" | sort -u' \
	sh "$C/mpls-traceroute.pcap" <<-'EOF'
	["10.4.0.2",[102672,0,1,1]]
	["10.5.0.1",[100704,0,1,1]]
	EOF
expect_stdout - "corpus icmp-rfc5837.pcap: interface index, address and name" -- \
	sh -c 'pktsend -n -j -r "$1" | jq -r ".layers[-1] | select(.layer == \"ICMPExtensionInterfaceInformation\") | [.ifindex, .ip4, .ifname_len, .ifname] | @tsv"' \
	sh "$C/icmp-rfc5837.pcap" <<-'EOF'
	15	10.10.10.10	64	546869732d69732d7468652d6e616d652d6f662d7468652d496e746572666163652d746861742d77652d6172652d6c6f6f6b696e672d666f722d5b3a2d295d
	EOF
for f in mpls-traceroute icmp-rfc5837; do
	ok "pktsend -n -r \"$C/$f.pcap\" -j | jq -c 'del(.hex)' | pktsend -n -r - -w $f.back.pcap &&
		[ \"\$(tcpdump -r $f.back.pcap -x 2>/dev/null | md5sum)\" = \"\$(tcpdump -r \"$C/$f.pcap\" -x 2>/dev/null | md5sum)\" ]" \
		"corpus $f.pcap: the records rebuild to the same bytes"
done
done_testing
