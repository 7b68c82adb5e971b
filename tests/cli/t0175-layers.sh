#!/bin/bash
# The layers that real captures show: MLD and MLDv2 (an IPv6 link's
# multicast listeners), mobile prefix discovery, GRE with the packet it
# tunnels.  Built from specs as Scapy builds them (tests/golden/build.tsv
# has the bytes), read back by pktsend and tcpdump, and dissected from the
# shared corpus (tcpdump's captures; skipped without it) as Scapy 2.5 does:
# an MLDv2 report is ICMPv6MLReport2 with its records, not ICMPv6Unknown.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

need_cmd jq tcpdump
plan 12

# The issue's example: IP in GRE in IP, written as pcap, read by tcpdump.
expect_code 0 "GRE: pktsend -n writes a tunnelled ping" -- \
	pktsend -n 'IP(src="10.0.0.1",dst="10.0.0.2")/GRE()/IP(src="10.0.0.1",dst="10.9.0.1")/ICMP()' -w gre.pcap
ok 'tcpdump -nn -r gre.pcap 2>/dev/null | grep -q "10.0.0.1 > 10.0.0.2: GREv0, length 32: IP 10.0.0.1 > 10.9.0.1: ICMP echo request"' \
	"GRE: tcpdump reads the tunnelled ping inside the GRE packet"
expect_stdout - "GRE: pktsend dissects the tunnelled packet" -- pktsend -n -r gre.pcap <<-'EOF'
	IP / GRE / IP / ICMP 10.0.0.1 > 10.9.0.1 echo-request 0
	EOF
# Checksum, key and sequence number; JSON with them nulled rebuilds them.
pktsend -n -w grek.pcap 'IP(src="10.0.0.1",dst="10.0.0.2")/GRE(chksum_present=1,key_present=1,key=7,seqnum_present=1,sequence_number=9)/IPv6(src="2001:db8::1",dst="2001:db8::2")/UDP()' 2>/dev/null
ok 'pktsend -n -r grek.pcap -j | jq -c ".layers[1].chksum = null | del(.hex)" |
	pktsend -n -r - -w grek2.pcap && cmp grek.pcap grek2.pcap' \
	"GRE: the checksum left unset is computed again from JSON"
ok 'tcpdump -nn -v -r grek.pcap 2>/dev/null | grep -q "GREv0, Flags \[checksum present, key present, sequence# present\], sum 0x" ' \
	"GRE: tcpdump sees the checksum, key and sequence flags"

# MLDv2 built with Scapy's defaults: to ff02::16, hop limit 1, counts computed.
expect_stdout - "MLDv2: a report with two records, as tcpdump reads it" -- sh -c \
	'pktsend -n -w - '\''IPv6(src="fe80::1")/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(rtype=4,dst="ff02::fb"),ICMPv6MLDMultAddrRec(rtype=3,dst="ff02::1:3",sources=["fe80::2"])])'\'' |
	tcpdump -nn -v -r - 2>/dev/null | cut -d" " -f2-' <<-'EOF'
	IP6 (hlim 1, next-header ICMPv6 (58) payload length: 64) fe80::1 > ff02::16: [icmp6 sum ok] ICMP6, multicast listener report v2, 2 group record(s) [gaddr ff02::fb to_ex, 0 source(s)] [gaddr ff02::1:3 to_in, 1 source(s)]
	EOF

need_corpus icmpv6.pcap
expect_stdout - "corpus icmpv6.pcap: MLDv2 reports and query dissected" -- \
	sh -c 'pktsend -n -r "$1" | sed 1d' sh "$C/icmpv6.pcap" <<-'EOF'
	Ether / fe80::215:17ff:fecc:e546 > ff02::16 (0) / IPv6ExtHdrHopByHop / ICMPv6MLReport2
	Ether / fe80::b2a8:6eff:fe0c:d4e8 > ff02::1 (0) / IPv6ExtHdrHopByHop / ICMPv6MLQuery2
	Ether / fe80::215:17ff:fecc:e546 > ff02::16 (0) / IPv6ExtHdrHopByHop / ICMPv6MLReport2
	Ether / fe80::215:17ff:fecc:e546 > ff02::16 (0) / IPv6ExtHdrHopByHop / ICMPv6MLReport2
	EOF
expect_stdout - "corpus icmpv6.pcap: the report of 4 records has them all" -- \
	sh -c 'pktsend -n -j -r "$1" | jq -c "select(.layers[3].layer == \"ICMPv6MLReport2\") | [.layers[3].records_number, [.layers[3].records[] | [.rtype, .dst]]]"' \
	sh "$C/icmpv6.pcap" <<-'EOF'
	[1,[[4,"ff02::db8:1122:3344"]]]
	[4,[[2,"ff02::db8:1122:3344"],[2,"ff02::1:ffcc:e546"],[2,"ff02::1:ffa7:10ad"],[2,"ff02::1:ff00:2"]]]
	[1,[[3,"ff02::db8:1122:3344"]]]
	EOF
ok 'pktsend -n -r "$C/icmpv6.pcap" --show | grep -c "^###\[ ICMPv6 MLDv2 - Multicast Address Record \]###" | grep -qx 0 &&
	[ "$(pktsend -n -r "$C/icmpv6.pcap" --show | grep -c "|###\[ ICMPv6 MLDv2 - Multicast Address Record \]###")" = 6 ]' \
	"corpus icmpv6.pcap: show() lists the 6 records inside their reports"
ok 'pktsend -n -j -r "$C/icmpv6.pcap" | jq -c "del(.hex) | if (.layers[3].layer | test(\"^ICMPv6ML\")) then .layers[3] |= walk(if type == \"object\" then with_entries(if (.key | IN(\"cksum\", \"records_number\", \"sources_number\", \"auxdata_len\")) then .value = null else . end) else . end) else . end" |
	pktsend -n -r - -w rt.pcap && cmp <(tcpdump -r rt.pcap -xx 2>/dev/null | grep -v "^[0-9]") <(tcpdump -r "$C/icmpv6.pcap" -xx 2>/dev/null | grep -v "^[0-9]")' \
	"corpus icmpv6.pcap: JSON with the counts and checksums nulled rebuilds the same bytes"
expect_stdout - "corpus various_gre.pcap: GRE with key and sequence number, as Scapy" -- \
	sh -c 'pktsend -n -r "$1" | grep GRE | sort | uniq -c' sh "$C/various_gre.pcap" <<-'EOF'
	      4 Ether / Dot1Q / 10.172.64.6 > 10.172.64.7 gre / GRE
	     11 Ether / Dot1Q / 10.172.64.6 > 10.172.64.7 gre / GRE / Raw
	      4 Ether / Dot1Q / 10.172.64.7 > 10.172.64.6 gre / GRE
	     11 Ether / Dot1Q / 10.172.64.7 > 10.172.64.6 gre / GRE / Raw
	EOF
ok 'pktsend -n -j -r "$C/various_gre.pcap" | jq -e -s "[.[] | .layers[] | select(.layer == \"GRE\")] | length == 30 and all(.key_present == 1)" >/dev/null' \
	"corpus various_gre.pcap: 30 GRE headers, every key read"
done_testing
