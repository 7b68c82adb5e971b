#!/bin/bash
# The two sending paths of pktsr1, seen from the far side of a veth: a
# tcpdump in the peer namespace captures each probe, and its bytes (from
# the IP header on) must be exactly what pktsend -n builds for the same
# spec, whichever path it took.  Probes the kernel would leave as built
# go out through a raw IP socket (IPv4 and IPv6, ICMP, TCP, UDP, a TOS,
# DF, a flow label); a wrong IP checksum and an IP id of 0, which a raw
# socket would rewrite, take the packet path, as --l2 and Ether() do;
# -v says which path each probe took and why.  Answers to probes sent
# through a raw socket are IP packets; with --l2 they keep their Ether
# layer.
# shellcheck disable=SC2016 # ok's bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd tcpdump jq
lab_need
plan 38

lab_ns a
lab_ns b
lab_link a veth0 10.43.0.1/24,fd00:43::1/64 b veth0 10.43.0.2/24,fd00:43::2/64
# The kernel of a knows b at once (the raw path lets it resolve b itself).
lab_wait_for 5 lab_exec a ping -c 1 -W 1 10.43.0.2 >/dev/null
lab_wait_for 5 lab_exec a ping -6 -c 1 -W 1 fd00:43::2 >/dev/null

# Capture one packet matching FILTER on b's veth0 into FILE, in the
# background, and wait until the capture is open.
capture() {
	local file=$1 filter=$2
	rm -f "$file"
	lab_bg b sh -c 'exec timeout 10 tcpdump -i veth0 -nn -U -Z root -c 1 -w "$1" "$2" 2>/dev/null' \
		sh "$TEST_DIR/$file" "$filter"
	CAP_PID=$LAB_BG_PID
	lab_wait_for 5 test -e "$TEST_DIR/$file" >/dev/null 2>&1 || sleep 0.5
}
# The captured packet from its IP header on, in hex (tcpdump -x leaves
# the link header out).
wire() {
	tcpdump -r "$1" -nn -x 2>/dev/null |
		awk '/^\t0x/ { for (i = 2; i <= NF; i++) printf "%s", $i }'
}

# check NAME SPEC FILTER PATH-RE [OPTION]: pktsr1 sends SPEC (with
# OPTION), b captures it; 3 tests: -v names the path, the bytes on the
# wire are pktsend -n's (the spec with our source written in), and the
# answer's first layer is IP or IPv6 (raw path) or Ether (packet path).
check() {
	local name=$1 spec=$2 filter=$3 path=$4 opt=${5:-} built first=IP
	local src=10.43.0.1
	case $spec in IPv6*) src=fd00:43::1 first=IPv6 ;; esac
	case $path in PF_PACKET*) first=Ether ;; esac
	capture "$name.pcap" "$filter"
	# shellcheck disable=SC2086 # OPTION is one word or none
	lab_exec a pktsr1 -v -j -t 1 $opt "$spec" >"$name.json" 2>"$name.err"
	wait "$CAP_PID" 2>/dev/null
	ok 'grep -Eq "probe 1: $path" "$name.err"' "$name: -v says: $path"
	# shellcheck disable=SC2034 # read by the eval of ok
	built=$(pktsend -n -j "${spec/dst=/src=\"$src\",dst=}" | jq -r .hex)
	ok '[ -n "$built" ] && [ "$(wire "$name.pcap")" = "$built" ]' \
		"$name: the bytes on the wire are the bytes built"
	ok 'jq -e --arg f "$first" ".recv == null or .recv.layers[0].layer == \$f" "$name.json" >/dev/null' \
		"$name: the answer starts with $first"
}

raw='raw IP socket on veth0: the kernel sends it as built'
# 1-15: the raw path, both families, each transport.
check "IPv4 ICMP echo" 'IP(dst="10.43.0.2")/ICMP(id=7,seq=1)' \
	'icmp and icmp[0] == 8 and icmp[7] == 1' "$raw"
check "IPv4 TCP SYN" 'IP(dst="10.43.0.2")/TCP(sport=40100,dport=9,flags="S")' \
	'tcp and src port 40100' "$raw"
check "IPv4 UDP, TOS, DF, router alert" \
	'IP(dst="10.43.0.2",tos=0x10,flags="DF",options="\x94\x04\x00\x00")/UDP(sport=40101,dport=9)/"over raw"' \
	'udp and src port 40101' "$raw"
check "IPv6 ICMPv6 echo" 'IPv6(dst="fd00:43::2",fl=12345,tc=32)/ICMPv6EchoRequest(id=7,seq=2)' \
	'icmp6 and ip6[40] == 128' "$raw"
check "IPv6 UDP" 'IPv6(dst="fd00:43::2")/UDP(sport=40102,dport=9)/"over raw"' \
	'ip6 and udp and src port 40102' "$raw"
# 16-24: what a raw socket would rewrite goes through PF_PACKET, as built.
check "IPv4 wrong checksum" 'IP(dst="10.43.0.2",chksum=0x1234)/ICMP(id=8,seq=3)' \
	'icmp and icmp[0] == 8 and icmp[7] == 3' \
	'PF_PACKET on veth0: its IP checksum 0x1234 is not right'
check "IPv4 id 0" 'IP(dst="10.43.0.2",id=0)/ICMP(id=9,seq=4)' \
	'icmp and icmp[0] == 8 and icmp[7] == 4' \
	'PF_PACKET on veth0: its IP id is 0'
check "IPv4 total length" 'IP(dst="10.43.0.2",len=40)/ICMP(id=9,seq=5)/"abcdefghijklmnop"' \
	'icmp and icmp[0] == 8 and icmp[7] == 5' \
	'PF_PACKET on veth0: its IP total length 40 is not its 44 bytes'
# 25-30: --l2, and a spec with its own link header (srp).
check "IPv4 --l2" 'IP(dst="10.43.0.2")/ICMP(id=10,seq=6)' \
	'icmp and icmp[0] == 8 and icmp[7] == 6' 'PF_PACKET on veth0: --l2' --l2
check "IPv6 --l2" 'IPv6(dst="fd00:43::2")/ICMPv6EchoRequest(id=10,seq=7)' \
	'icmp6 and ip6[40] == 128 and ip6[47] == 7' 'PF_PACKET on veth0: --l2' --l2

# 31-33: a spoofed source: its answer would not come back to a raw socket.
capture spoof.pcap 'icmp and icmp[0] == 8 and icmp[7] == 8'
lab_exec a pktsr1 -v -t 0.5 'IP(src="10.43.0.77",dst="10.43.0.2")/ICMP(id=11,seq=8)' >/dev/null 2>spoof.err
wait "$CAP_PID" 2>/dev/null
ok 'grep -q "probe 1: PF_PACKET on veth0: its source 10.43.0.77 is not this host.s" spoof.err' \
	"a source not ours: the packet path, and -v says why"
ok '[ "$(wire spoof.pcap)" = "$(pktsend -n -j "IP(src=\"10.43.0.77\",dst=\"10.43.0.2\")/ICMP(id=11,seq=8)" | jq -r .hex)" ]' \
	"a source not ours: the bytes on the wire are the bytes built"
# Another address of this host is ours.
lab_exec a ip addr add 10.43.0.9/24 dev veth0
ok 'lab_exec a pktsr1 -v -t 1 "IP(src=\"10.43.0.9\",dst=\"10.43.0.2\")/ICMP()" 2>&1 | grep -q "probe 1: raw IP socket"' \
	"another address of this host: the raw path"

# 34-36: one run, both paths: -v says each, on one line per run of probes.
lab_exec a pktsr1 -v -t 1 'IP(dst="10.43.0.2")/ICMP(seq=(1,3))' \
	'IP(dst="10.43.0.2",id=0)/ICMP(seq=4)' 'Ether()/IP(dst="10.43.0.2")/ICMP(seq=5)' \
	>mixed.out 2>mixed.err
ok 'grep -q "probes 1-3: raw IP socket on veth0" mixed.err &&
    grep -q "probe 4: PF_PACKET on veth0: its IP id is 0" mixed.err &&
    grep -q "probe 5: PF_PACKET on veth0: it starts with a link header (Ether)" mixed.err' \
	"a mixed run: -v says each probe's path"
ok 'grep -q "reading answers on a raw IP socket (protocol 1)" mixed.err &&
    grep -q "capturing answers on veth0 (PF_PACKET, libpcap)" mixed.err' \
	"a mixed run: raw IP sockets and a capture"
ok '[ "$(grep -c "echo-reply" mixed.out)" -eq 5 ]' "a mixed run: all five answered"

# 37-38: a bare IP probe (protocol 0, which has no raw socket of its own):
# its protocol-unreachable is read on the ICMP socket, on the wire and on
# loopback (both ended with "Protocol not supported" before).
ok 'lab_exec a pktsr1 -t 1 "IP(dst=\"10.43.0.2\")" | grep -q "dest-unreach protocol-unreachable"' \
	"IP() across the veth: protocol-unreachable"
ok 'lab_exec a pktsr1 -t 1 "IP(dst=\"127.0.0.1\")" | grep -q "dest-unreach protocol-unreachable"' \
	"IP() on loopback: protocol-unreachable"
