#!/bin/bash
# pktsend on the wire: the bytes a capture in the peer namespace sees are
# the bytes the spec built (a wrong IP checksum included, on the PF_PACKET
# path); our own ARP for a peer not yet in the neighbour table; a next hop
# nobody answers; loopback with and without --l3raw; a TUN link with no
# link header; capabilities dropped while running; the message without
# privilege.
# shellcheck disable=SC2016 # ok's bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd tcpdump setpriv
lab_need
lab_need_tun
plan 17

lab_ns a
lab_ns b
lab_link a veth0 10.31.0.1/24 b veth0 10.31.0.2/24
lab_tun_link a 10.39.0.1 b 10.39.0.2

# Capture COUNT packets matching FILTER on IF in namespace NS into FILE,
# in the background; wait until tcpdump is listening.
capture() {
	local ns=$1 ifc=$2 file=$3 count=$4 filter=$5
	lab_bg "$ns" tcpdump -i "$ifc" -nn -U -c "$count" -w "$file" "$filter"
	CAP_PID=$LAB_BG_PID
	lab_wait_for 5 grep -q "listening on" "$LAB_BG_OUT.err" 2>/dev/null ||
		sleep 0.5
}
hexof() {
	tcpdump -r "$1" -nn -x 2>/dev/null | awk '/^\t0x/ { for (i = 2; i <= NF; i++) printf "%s", $i }'
}

# 1-3: a wrong checksum leaves byte for byte over PF_PACKET, via our ARP.
lab_exec a ip neigh flush dev veth0
capture b veth0 wrong.pcap 1 'icmp'
expect_code 0 "pktsend sends a spec with a wrong IP checksum" -- \
	lab_exec a pktsend -q 'IP(dst="10.31.0.2",chksum=0x1234)/ICMP(id=7,seq=9)'
wait "$CAP_PID" 2>/dev/null
want=$(pktsend -n -j 'IP(src="10.31.0.1",dst="10.31.0.2",chksum=0x1234)/ICMP(id=7,seq=9)' | jq -r .hex)
ok '[ -n "$want" ] && hexof wrong.pcap | grep -q "0800.*$want\$\|$want\$"' \
	"the peer sees exactly the built bytes, checksum 0x1234 included"
ok 'lab_exec a ip neigh show 10.31.0.2 dev veth0 | grep -qv "lladdr" || true' \
	"the next hop was resolved by our own ARP (the kernel table was empty)"

# 4: -w shows what was sent: an Ethernet frame to the peer's real MAC.
peer_mac=$(lab_exec b cat /sys/class/net/veth0/address)
ok 'lab_exec a pktsend -q -w sent.pcap "IP(dst=\"10.31.0.2\")/UDP(dport=9)" &&
    pktsend -n -r sent.pcap -j | jq -e --arg m "$peer_mac" ".layers[0].dst == \$m" >/dev/null' \
	"-w writes the frame as sent, with the next hop's MAC"

# 5: Ether()/ARP() on -i.
capture b veth0 arp.pcap 1 'arp and arp[7] = 1 and arp[14:4] = 0x0a1f0001'
expect_code 0 "an ARP who-has from a spec" -- \
	lab_exec a pktsend -q -i veth0 'Ether(dst="ff:ff:ff:ff:ff:ff")/ARP(pdst="10.31.0.2")'
wait "$CAP_PID" 2>/dev/null
ok 'tcpdump -r arp.pcap -nn 2>/dev/null | grep -q "Request who-has 10.31.0.2 tell 10.31.0.1"' \
	"the peer sees the ARP request with our source address filled in"

# 6: a next hop nobody answers.
expect_stderr_match 'no ARP reply from the next hop on veth0' \
	"an unanswered next hop is a clear error" --code 2 -- \
	lab_exec a pktsend 'IP(dst="10.31.0.77")/ICMP()'

# 7-8: loopback, automatic and explicit.
expect_stderr_match 'raw IP socket \(--l3raw\)' "loopback: --l3raw chosen, -v says so" -- \
	lab_exec a pktsend -v 'IP(dst="127.0.0.1")/UDP(dport=9)'
expect_code 0 "loopback with --l3raw" -- \
	lab_exec a pktsend -q --l3raw 'IP(dst="127.0.0.1")/UDP(dport=9)'

# 9: the warning when --l3raw will not send what was written.
expect_stderr_match 'kernel rewrites the IP checksum' "--l3raw warns about a hand-set checksum" -- \
	lab_exec a pktsend --l3raw 'IP(dst="10.31.0.2",chksum=0x1234)/ICMP()'

# 10-11: a link with no link-layer header (TUN, like PPP).
capture b "$LAB_TUN_IF" tun.pcap 1 'udp port 7777'
expect_code 0 "send over the TUN link" -- \
	lab_exec a pktsend -q 'IP(dst="10.39.0.2")/UDP(sport=7777,dport=7777)/"over tun"'
wait "$CAP_PID" 2>/dev/null
ok 'tcpdump -r tun.pcap -nn -A 2>/dev/null | grep -q "over tun"' \
	"the far end of the TUN link receives the IP packet"
expect_stderr_match 'no Ethernet header' "an Ethernet frame on a TUN device is refused" --code 2 -- \
	lab_exec a pktsend -i "$LAB_TUN_IF" 'Ether()/IP(dst="10.39.0.2")/UDP()'

# 13: capabilities are dropped while running.
ip netns exec "${LAB}a" pktsend -q --inter 0.5 -c 4 'IP(dst="10.31.0.2")/UDP(dport=9)' &
spid=$!
sleep 0.6
capeff=$(awk '/^CapEff/ { print $2 }' /proc/$spid/status 2>/dev/null)
wait "$spid"
ok '[ "$capeff" = 0000000000000000 ]' "CapEff is 0 while pktsend runs (was ${capeff:-?})"

# 14-15: without privilege (HOME elsewhere: nobody cannot read ours).
export HOME=/nonexistent XDG_CONFIG_HOME=/nonexistent
expect_code 2 "without CAP_NET_RAW: exit 2" -- \
	setpriv --reuid=65534 --regid=65534 --clear-groups pktsend 'IP(dst="127.0.0.1")/ICMP()'
expect_stderr_match 'needs CAP_NET_RAW.*setcap cap_net_raw' "and the message says how to grant it" -- \
	setpriv --reuid=65534 --regid=65534 --clear-groups pktsend 'IP(dst="127.0.0.1")/ICMP()'

# 16: -n needs no privilege.
expect_code 0 "-n needs no privilege" -- \
	setpriv --reuid=65534 --regid=65534 --clear-groups pktsend -n 'IP(dst="10.31.0.2")/ICMP()'
