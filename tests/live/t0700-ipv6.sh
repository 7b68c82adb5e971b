#!/bin/bash
# IPv6 end to end, against real kernels in namespaces (unique local
# fd00::/8 addresses, added nodad; lab_ns lifts the ICMPv6 rate limit and
# turns forwarding on): loopback echo with no flag; echo, TCP SA/RA and a
# UDP port-unreachable across a veth; --l3raw (PF_INET6 raw) across it;
# our own Neighbour Solicitation for a peer not in the neighbour table;
# pktsend's IPv6/UDP as a capture in the peer sees it; pkttrace across
# three IPv6 routers (every hop in order, TCP, UDP and ICMPv6, each answer
# credited to its own probe); a silent hop; an ICMPv6 Packet Too Big
# matched through its quote; an IPv4 and an IPv6 target in one run, and
# its graph; ::1 and 127.0.0.1 traced together.
#
#   a fd00:41::1 -- b fd00:41::2 (TCP 8080 open)
#
#   src fd00:1::1 -- r1 -- r2 -- r3 -- t1 fd00:9::2 (TCP 80 open)
#       10.0.1.1                       10.0.9.2     (the same links, IPv4)
#   (lab_chain -6 of tests/lab.sh)
# shellcheck disable=SC1091,SC2016,SC2034 # lib.sh by path; ok bodies (and the variables they use) are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq socat tcpdump ss
lab_need
plan 38

lab_ns a
lab_ns b
lab_link a veth0 fd00:41::1/64 b veth0 fd00:41::2/64
peer_mac=$(lab_exec b cat /sys/class/net/veth0/address)

# Capture COUNT packets matching FILTER on veth0 of b into FILE, in the
# background, and wait until the capture is open (tcpdump creates the
# file once it listens).
capture() {
	local file=$1 count=$2 filter=$3
	rm -f "$file"
	lab_bg b sh -c 'exec tcpdump -i veth0 -nn -U -Z root -c "$1" -w "$2" "$3" 2>/dev/null' \
		sh "$count" "$TEST_DIR/$file" "$filter"
	CAP_PID=$LAB_BG_PID
	lab_wait_for 5 test -e "$TEST_DIR/$file" >/dev/null 2>&1 || sleep 0.5
}

# 1-3: our own NDP, on the packet path (--l2; by default the probe goes
# out through a raw IPv6 socket and the kernel resolves the next hop):
# nothing in a's neighbour table, the echo across the veth is answered,
# the peer saw our Neighbour Solicitation, and the kernel of a still
# knows nothing (it did not resolve the peer itself).
ok '[ -z "$(lab_exec a ip -6 neigh show dev veth0)" ]' \
	"a's IPv6 neighbour table starts empty"
capture ns.pcap 1 'icmp6 and ip6[40] = 135'
ok 'lab_exec a pktsr1 --l2 -t 3 "IPv6(dst=\"fd00:41::2\")/ICMPv6EchoRequest(id=3,seq=4)" |
    grep -q "ICMPv6 Echo Reply (id: 0x3 seq: 0x4)"' \
	"echo request across a veth, the next hop learnt by our own NDP"
wait "$CAP_PID" 2>/dev/null
ok 'tcpdump -r ns.pcap -nn 2>/dev/null | grep -q "fd00:41::1 > ff02::1:ff00:2: .*neighbor solicitation, who has fd00:41::2" &&
    ! lab_exec a ip -6 neigh show fd00:41::2 dev veth0 | grep -q lladdr' \
	"the Neighbour Solicitation was ours, to the solicited-node address"

# 4-6: loopback just works (--l3raw chosen and said), and the explicit flag.
ok 'lab_exec a pktsr1 "IPv6(dst=\"::1\")/ICMPv6EchoRequest()" | grep -q "ICMPv6 Echo Reply"' \
	"loopback ::1: echo reply with no flag"
expect_stderr_match '::1 is on this host \(lo\): sending through a raw IP socket \(--l3raw\)' \
	"-v says ::1 goes through the raw socket" -- \
	lab_exec a pktsr1 -v 'IPv6(dst="::1")/ICMPv6EchoRequest()'
ok 'lab_exec a pktsr1 --l3raw "IPv6(dst=\"::1\")/ICMPv6EchoRequest(seq=9)" | grep -q "ICMPv6 Echo Reply (id: 0x0 seq: 0x9)"' \
	"loopback ::1 with --l3raw"

# The answers to ::1 probes are read on raw IPv6 sockets, as ping does,
# with no packet socket (whose ring costs tens of ms to set up and tear
# down); the IPv6 header the socket does not deliver is rebuilt from its
# ancillary data, and is the header on the wire, byte for byte.
expect_stderr_match 'reading answers on a raw IPv6 socket \(protocol 58\)' \
	"::1: answers read on a raw IPv6 socket, as ping" -- \
	lab_exec a pktsr1 -v 'IPv6(dst="::1")/ICMPv6EchoRequest()'
hexdump_pcap() {	# the IP bytes of each packet of a pcap, one per line
	tcpdump -r "$1" -x 2>/dev/null | awk '/^\t0x/ { for (i = 2; i <= NF; i++) printf "%s", $i }
		/^[0-9]/ && NR > 1 { print "" } END { print "" }'
}
rm -f lo6.pcap
lab_bg a sh -c 'exec tcpdump -i lo -nn -U -c 2 -w "$1" "(icmp6 and ip6[40] == 129) or (tcp and ip6[53] & 4 != 0)" 2>/dev/null' \
	sh "$TEST_DIR/lo6.pcap"
lo_cap=$LAB_BG_PID
lab_wait_for 5 test -e "$TEST_DIR/lo6.pcap" >/dev/null 2>&1 || sleep 0.5
lab_exec a pktsr1 -q -w ans6.pcap 'IPv6(dst="::1",tc=8,fl=777)/ICMPv6EchoRequest(id=77,data="hello")' \
	'IPv6(dst="::1")/TCP(sport=40123,dport=9)' >/dev/null
wait "$lo_cap" 2>/dev/null
ok 'hexdump_pcap lo6.pcap >wire && hexdump_pcap ans6.pcap >read && test -s read &&
    test "$(wc -l <read)" = 2 && test_cmp wire read' \
	"::1: the echo reply and the RST as read are the bytes on lo (header rebuilt, class and flow label included)"
ok 'lab_exec a pktsr1 -j "IPv6(dst=\"::1\")/UDP(sport=40124,dport=9)" |
    jq -e ".recv.layers[0].layer == \"IPv6\" and .recv.layers[1].layer == \"ICMPv6DestUnreach\" and .recv.layers[3].dport == 9"' \
	"::1: UDP to a closed port, the port unreachable matched through its quote"

# 7: our own address is local too.
ok 'lab_exec a pktsr1 "IPv6(dst=\"fd00:41::1\")/ICMPv6EchoRequest()" | grep -q "ICMPv6 Echo Reply"' \
	"our own address: echo reply with no flag"

# 8-9: SA for a listening port, RA for a closed one, one line each.
lab_bg b socat TCP6-LISTEN:8080,fork,reuseaddr /dev/null
lab_wait_for 5 eval 'lab_exec b ss -Hltn "sport = :8080" | grep -q LISTEN' ||
	{ echo "Bail out! the listener on b did not start"; exit 1; }
lab_exec a pktsr1 'IPv6(dst="fd00:41::2")/TCP(dport=[8080,8081],flags="S")' >tcp.out 2>tcp.err
ok 'grep -q "fd00:41::2:http_alt > fd00:41::1:ftp_data SA" tcp.out' \
	"SYN to a listening port: SA"
ok 'grep -q "fd00:41::2:tproxy > fd00:41::1:ftp_data RA" tcp.out && [ "$(wc -l <tcp.out)" -eq 2 ]' \
	"SYN to a closed port: RA, one line per answer"

# 10-11: UDP to a closed port: an ICMPv6 error quoting the probe.
ok 'lab_exec a pktsr1 "IPv6(dst=\"fd00:41::2\")/UDP(dport=33434)" | grep -q "ICMPv6DestUnreach / IPerror6 / UDPerror"' \
	"UDP to a closed port: matched through the ICMPv6 error"
ok 'lab_exec a pktsr1 -j "IPv6(dst=\"fd00:41::2\")/UDP(sport=4000,dport=33434)" |
    jq -e ".recv.layers | map(.layer) == [\"IPv6\",\"ICMPv6DestUnreach\",\"IPerror6\",\"UDPerror\"] and .[1].code == 4 and .[3].sport == 4000" >/dev/null' \
	"JSON: port unreachable (code 4) with the quoted probe"

# 12: PF_INET6 raw sending across the veth.
ok 'lab_exec a pktsr1 --l3raw "IPv6(dst=\"fd00:41::2\")/ICMPv6EchoRequest(seq=5)" | grep -q "ICMPv6 Echo Reply (id: 0x0 seq: 0x5)"' \
	"--l3raw across a veth: echo reply"

# 13-14: pktsend: the peer's capture sees the IPv6/UDP datagram as built,
# in a frame to its own MAC.
capture udp.pcap 1 'ip6 and udp port 9'
expect_code 0 "pktsend IPv6/UDP" -- \
	lab_exec a pktsend -q 'IPv6(dst="fd00:41::2")/UDP(dport=9)/"hello"'
wait "$CAP_PID" 2>/dev/null
ok 'pktsend -n -r udp.pcap -j | jq -e --arg m "$peer_mac" ".layers[0].dst == \$m and .layers[1].src == \"fd00:41::1\" and
	.layers[1].dst == \"fd00:41::2\" and .layers[2].dport == 9 and (.hex | endswith(\"68656c6c6f\"))" >/dev/null' \
	"the peer's capture: fd00:41::1 > fd00:41::2 UDP port 9, \"hello\""

# ---- the routed lab ------------------------------------------------------
lab_chain -6 t1
lab_bg t1 socat TCP6-LISTEN:80,reuseaddr,fork SYSTEM:true
lab_wait_for 5 eval 'lab_exec t1 ss -Hltn "sport = :80" | grep -q LISTEN' ||
	{ echo "Bail out! the listener on t1 did not start"; exit 1; }

# 15-17: a traceroute across three IPv6 routers: every hop in order.
expect_stdout - "IPv6, TCP SYN to port 80: every hop in order, SA from the target" -- \
	lab_exec src pkttrace -t 3 fd00:9::2 <<-'EOF'
	  fd00:9::2:tcp80    
	1 fd00:1::2       3  
	2 fd00:2::2       3  
	3 fd00:3::2       3  
	4 fd00:9::2       SA 
	EOF
expect_stdout - "IPv6, UDP: ICMPv6 time exceeded (3), then port unreachable (1)" -- \
	lab_exec src pkttrace -q -t 3 --l4 udp fd00:9::2 <<-'EOF'
	  fd00:9::2:udp33434 
	1 fd00:1::2       3  
	2 fd00:2::2       3  
	3 fd00:3::2       3  
	4 fd00:9::2       1  
	EOF
expect_stdout - "IPv6, ICMPv6 echo: echo reply (129) from the target" -- \
	lab_exec src pkttrace -q -t 3 --l4 icmp fd00:9::2 <<-'EOF'
	  fd00:9::2:ICMP      
	1 fd00:1::2       3   
	2 fd00:2::2       3   
	3 fd00:3::2       3   
	4 fd00:9::2       129 
	EOF

# 18-23: JSON: target, hop limit, hop and kind, for each kind of probe;
# every answer is its own probe's (an error quotes the probe's transport
# header field for field: the TCP seq, the UDP checksum, the ICMPv6 echo
# seq that tell the hop limits apart; a reply acknowledges its seq or
# echoes it), the target's answers to hop limits 5..30 included; one flow
# for every hop limit.  r1's own ICMPv6 (from fd00:1::2) is held back by
# a slow HTB class (emptied by a ping of r1's just before each run), so
# its time exceeded comes in after r2's: without a per-probe identity,
# r2's answer would be credited to hop limit 1.
shaped=no
if lab_exec r1 tc qdisc add dev eth0 root handle 1: htb default 10 r2q 1 2>/dev/null &&
	lab_exec r1 tc class add dev eth0 parent 1: classid 1:10 htb rate 1gbit quantum 60000 2>/dev/null &&
	lab_exec r1 tc class add dev eth0 parent 1: classid 1:20 htb rate 4kbit ceil 4kbit \
		burst 1b cburst 1b quantum 1500 2>/dev/null &&
	lab_exec r1 tc filter add dev eth0 parent 1: protocol ipv6 u32 \
		match ip6 src fd00:1::2/128 flowid 1:20 2>/dev/null; then
	shaped=yes
else
	diag "no HTB/u32 here: answers come in order (the identity is checked all the same)"
fi
hold_r1() {
	[ "$shaped" = no ] || lab_exec r1 ping -n -q -c 1 -W 1 -s 200 fd00:1::1 >/dev/null 2>&1
}
hops='map(select(.ttl <= 4)) | sort_by(.ttl) | map([.ttl, .hop, .kind]) ==
	[[1,"fd00:1::2","time-exceeded"],[2,"fd00:2::2","time-exceeded"],
	 [3,"fd00:3::2","time-exceeded"],[4,"fd00:9::2",$k]] and
	all(.target == "fd00:9::2" and .sent.layers[0].layer == "IPv6" and .sent.layers[0].hlim == .ttl)'
own='length >= 4 and all(.[];
	(.sent.layers[1]) as $s | (.recv.layers) as $r |
	if .kind == "reply" then
		(if $s.layer == "TCP" then $r[1].ack == $s.seq + 1
		 else $r[1].id == $s.id and $r[1].seq == $s.seq end)
	else $r[2].layer == "IPerror6" and ($r[3] | del(.layer)) == ($s | del(.layer)) end)'
flow='map(.sent.layers[1] | [.sport, .dport, .id]) | unique | length == 1'
for l4 in tcp udp icmp; do
	k=reply
	[ "$l4" = udp ] && k=unreachable
	hold_r1
	lab_exec src pkttrace -q -j -t 3 --l4 "$l4" fd00:9::2 >"trace-$l4.jsonl"
	ok 'jq -e -s --arg k "$k" "$hops" "trace-$l4.jsonl" >/dev/null' \
		"JSON, $l4: target, hop limit, hop and kind of each probe up to the target"
	ok 'jq -e -s "$own" "trace-$l4.jsonl" >/dev/null && jq -e -s "$flow" "trace-$l4.jsonl" >/dev/null &&
	    { [ "$shaped" = no ] || jq -e -s "(map(select(.ttl == 1))[0].rtt) > (map(select(.ttl == 2))[0].rtt)" \
		"trace-$l4.jsonl" >/dev/null; }' \
		"JSON, $l4: every answer quotes or answers its own probe (r1's came in last); one flow"
done
[ "$shaped" = no ] || lab_exec r1 tc qdisc del dev eth0 root

# 24-26: --all-ttls: every hop limit 1..30 sent at once; -w writes probes
# and answers.
ok 'lab_exec src pkttrace -q -t 3 --all-ttls -w both.pcap fd00:9::2 >/dev/null' "-w writes a pcap"
ok 'n_out=$(tcpdump -r both.pcap -nn "ip6 and src fd00:1::1 and tcp" 2>/dev/null | wc -l) &&
    n_hl=$(tcpdump -r both.pcap -nn -v "ip6 and src fd00:1::1 and tcp" 2>/dev/null | grep -o "hlim [0-9]*" | sort -u | wc -l) &&
    n_in=$(tcpdump -r both.pcap -nn "ip6 and dst fd00:1::1" 2>/dev/null | wc -l) &&
    [ "$n_out" -eq 30 ] && [ "$n_hl" -eq 30 ] && [ "$n_in" -ge 4 ]' \
	"the pcap holds 30 probes of hop limits 1..30 and the answers"
ok '(for i in 1 2 3; do
	lab_exec src pkttrace -q -t 3 -w stop.pcap fd00:9::2 >/dev/null &&
	[ "$(tcpdump -r stop.pcap -nn -v "ip6 and src fd00:1::1 and tcp" 2>/dev/null |
	    grep -o "hlim [0-9]*" | sort -u | tr "\n" " ")" = "hlim 1 hlim 2 hlim 3 hlim 4 " ] && exit 0
    done; exit 1)' "by default no hop limit above the target's (4) is sent"

# 26-27: both families in one run: one column each, the same routers.
expect_stdout - "an IPv4 and an IPv6 target in one run" -- \
	lab_exec src pkttrace -q -t 3 fd00:9::2 10.0.9.2 <<-'EOF'
	  10.0.9.2:tcp80     fd00:9::2:tcp80    
	1 10.0.1.2        11 fd00:1::2       3  
	2 10.0.2.2        11 fd00:2::2       3  
	3 10.0.3.2        11 fd00:3::2       3  
	4 10.0.9.2        SA fd00:9::2       SA 
	EOF
lab_exec src pkttrace -q -j -t 3 fd00:9::2 10.0.9.2 >mixed.jsonl
ok 'jq -e -s "map(select(.kind == \"reply\" and .hop == .target)) | map(.target) | unique == [\"10.0.9.2\",\"fd00:9::2\"]" mixed.jsonl &&
    jq -e -s "map(select(.target == \"10.0.9.2\")) | all(.sent.layers[0].layer == \"IP\")" mixed.jsonl' \
	"JSON of the mixed run: both targets reached, each by its own family"

# 28: and the graph of both paths.
if [ -x "$PKT_BIN/pktgraph" ] && command -v dot >/dev/null; then
	ok 'pktgraph -o mixed.svg <mixed.jsonl && grep -q "<svg" mixed.svg &&
	    for h in 10.0.1.2 10.0.2.2 10.0.3.2 10.0.9.2 fd00:1::2 fd00:2::2 fd00:3::2 fd00:9::2; do
		grep -qF "$h" mixed.svg || exit 1
	    done' "pkttrace -j ... | pktgraph: every hop of both families in the SVG"
else
	skip 1 "no pktgraph or no Graphviz"
fi

# 29-30: a router that sends no ICMPv6 time exceeded: a silent hop; a
# target not reached exits 1.
if command -v nft >/dev/null; then
	lab_exec r2 nft add table inet pkttest
	lab_exec r2 nft add chain inet pkttest out '{ type filter hook output priority 0; }'
	lab_exec r2 nft add rule inet pkttest out icmpv6 type time-exceeded drop
	expect_stdout - "a silent IPv6 hop is left out of the table; the target is still reached" -- \
		lab_exec src pkttrace -q -t 1 fd00:9::2 <<-'EOF'
		  fd00:9::2:tcp80    
		1 fd00:1::2       3  
		3 fd00:3::2       3  
		4 fd00:9::2       SA 
		EOF
	lab_exec r2 nft delete table inet pkttest
else
	skip 1 "no nft"
fi
expect_code 1 "an IPv6 target that is not reached: exit 1" -- \
	lab_exec src pkttrace -q -t 1 --maxttl 2 fd00:9::2

# 31: targets of both families one per line on stdin.
printf '%s\n' fd00:9::2 '# a comment' 10.0.9.2 >targets
expect_code 0 "IPv6 and IPv4 targets on stdin" --stdin targets -- \
	lab_exec src pkttrace -q -t 3 -

# 32-33: ICMPv6 Packet Too Big from a router whose next link is narrower,
# matched through the quoted probe.
lab_exec r2 ip link set eth1 mtu 1280
big=$(printf 'x%.0s' $(seq 1 1300))
lab_exec src pktsr1 -j -t 3 "IPv6(dst=\"fd00:9::2\")/ICMPv6EchoRequest(id=7,seq=1,data=\"$big\")" >ptb.jsonl 2>ptb.err
ok 'jq -e ".recv.layers[0].src == \"fd00:2::2\" and .recv.layers[1].layer == \"ICMPv6PacketTooBig\" and .recv.layers[1].mtu == 1280" ptb.jsonl >/dev/null' \
	"a probe too big for r2's next link: ICMPv6 Packet Too Big from r2, mtu 1280"
ok 'jq -e ".recv.layers[3].layer == \"ICMPv6EchoRequest\" and .recv.layers[3].id == 7 and .recv.layers[3].seq == 1" ptb.jsonl >/dev/null' \
	"matched through the quoted echo request"
lab_exec r2 ip link set eth1 mtu 1500

# 34: loopback: ::1 and 127.0.0.1 traced in one run, answered at hop 1.
expect_stdout - "pkttrace ::1 127.0.0.1: both loopbacks answer at TTL 1" -- \
	lab_exec a pkttrace -q -t 2 ::1 127.0.0.1 <<-'EOF2'
	  127.0.0.1:tcp80    ::1:tcp80          
	1 127.0.0.1       RA ::1             RA 
	EOF2
