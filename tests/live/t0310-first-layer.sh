#!/bin/bash
# Never send what was not meant: a packet whose first layer is neither a
# link nor a network layer (ICMP()/IP(...), ARP() without Ether(), a RAW
# record whose bytes are not IP) is refused by pktsend and pktsr1 with a
# message saying what to put in front, and nothing leaves: a route to the
# addresses its bytes would have been read as (64.0.124.231, 1.1.0.0)
# goes to the peer, which sees nothing.  A packet the kernel refuses
# (larger than the MTU) is not counted as sent.
# shellcheck disable=SC2016 # ok's bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq tcpdump
lab_need
plan 13

lab_ns a
lab_ns b
lab_link a veth0 10.43.0.1/24 b veth0 10.43.0.2/24
# Where the bytes of ICMP()/IP() and ARP() read as IPv4 would have sent
# them: through the peer, inside the lab.
lab_route a 64.0.0.0/8 10.43.0.2
lab_route a 1.0.0.0/8 10.43.0.2
# And the unspecified address, which a prefix such as 0.0.0.0/31 or
# ::/127 holds.
lab_route a 0.0.0.0/1 10.43.0.2
lab_bg b tcpdump -i veth0 -nn -U -w "$TEST_DIR/peer.pcap" 'not arp and not ip6'
CAP_PID=$LAB_BG_PID
lab_wait_for 5 grep -q "listening on" "$LAB_BG_OUT.err" 2>/dev/null || sleep 1

# 1-8: refused before anything is sent, saying what to put in front.
expect_stderr_match 'spec 1: a packet that starts with ICMP is never sent.*put IP\(\)/ \(or Ether\(\)/IP\(\)/\) in front' \
	"pktsend ICMP()/IP(): exit 2, put IP()/ in front" --code 2 -- \
	lab_exec a pktsend 'ICMP()/IP(dst="10.43.0.2")'
expect_stderr_match 'spec 1: a packet that starts with ARP is never sent.*put Ether\(\)/ in front' \
	"pktsend ARP() without Ether: exit 2, put Ether()/ in front" --code 2 -- \
	lab_exec a pktsend 'ARP(pdst="10.43.0.2")'
expect_stderr_match 'spec 2: a packet that starts with ICMP is never sent' \
	"pktsr1 ICMP()/IP(): exit 2 before the first probe" --code 2 -- \
	lab_exec a pktsr1 -t 0.5 'IP(dst="10.43.0.2")/ICMP()' 'ICMP()/IP(dst="10.43.0.2")'
pktsend -n -j 'ICMP()/IP(dst="10.43.0.2")' >icmp.jsonl
expect_stderr_match 'starts with ICMP is never sent' \
	"pktsend -r: a record of ICMP()/IP(): exit 2" --code 2 -- \
	lab_exec a pktsend -r "$TEST_DIR/icmp.jsonl"
echo '{"linktype":"RAW","hex":"0800f7ff00000000450000140001000040007ce77f0000017f000001"}' >notip.jsonl
expect_stderr_match 'link type RAW whose first byte \(0x08\) is not IP or IPv6 is never sent' \
	"pktsend -r: a RAW record that is not IP: exit 2" --code 2 -- \
	lab_exec a pktsend -r "$TEST_DIR/notip.jsonl"
expect_stderr_match 'starts with ICMP is never sent' \
	"pktsr1 -r: a record of ICMP()/IP(): exit 2" --code 2 -- \
	lab_exec a pktsr1 -t 0.5 -r "$TEST_DIR/icmp.jsonl"

expect_stderr_match '0.0.0.0 is the unspecified address, which names no host' \
	"pktsend IP(dst=0.0.0.0): refused, exit 2" --code 2 -- \
	lab_exec a pktsend 'IP(dst="0.0.0.0")/ICMP()'
expect_stderr_match ':: is the unspecified address, which names no host: not sent' \
	"pktsr1 IPv6(dst=::): not sent" --code 1 -- \
	lab_exec a pktsr1 -t 0.5 'IPv6(dst="::")/ICMPv6EchoRequest()'

# 9: and nothing reached the peer.
sleep 0.5
kill "$CAP_PID" 2>/dev/null
wait "$CAP_PID" 2>/dev/null
ok '[ "$(tcpdump -r peer.pcap -nn 2>/dev/null | wc -l)" -eq 0 ]' \
	"the peer saw no packet at all"

# 10-13: what the kernel refuses is not counted as sent.
big=$(head -c 2000 /dev/zero | tr '\0' A)
expect_stderr_match "veth0: a packet of 2042 bytes is larger than the interface's MTU" \
	"pktsend: a packet over the MTU: the kernel's refusal, exit 2" --code 2 -- \
	lab_exec a pktsend "IP(dst=\"10.43.0.2\")/UDP()/\"$big\""
expect_stderr_match 'sent 0 packets, 0 bytes' \
	"... and it is not counted as sent" --code 2 -- \
	lab_exec a pktsend "IP(dst=\"10.43.0.2\")/UDP()/\"$big\""
expect_stderr_match 'sent 1 packet, 42 bytes' \
	"one good packet then one refused: 1 sent" --code 2 -- \
	lab_exec a pktsend 'IP(dst="10.43.0.2")/UDP()' "IP(dst=\"10.43.0.2\")/UDP()/\"$big\""
expect_stderr_match 'sent 2 packets, 84 bytes' \
	"two good packets: 2 sent" --code 0 -- \
	lab_exec a pktsend 'IP(dst="10.43.0.2")/UDP(dport=[1,2])'
