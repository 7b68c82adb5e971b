#!/bin/bash
# pkttrace on a routed lab: a source, four routers, two targets reached
# by different paths (10.0.9.2 four hops away, listening on TCP port 80;
# 10.0.8.2 three hops away, listening on nothing); hops in order for TCP,
# UDP and ICMP probes; a router that sends no time-exceeded shows as a
# silent hop; the early stop; JSON trace pairs and pcap, and both read
# back with -r (as are tcpdump captures of ping -t and traceroute); a second source
# whose link has no link-layer header (TUN), with the filter and with
# --nofilter; and a router balancing by flow over two equal-cost paths,
# where every target keeps one path.
#
#   src 10.0.1.1 -- r1 -- r2 -- r3 -- t1 10.0.9.2 (TCP 80 open)
#   tsrc 10.0.20.1 =TUN= r1 |
#                           +-- r4 -- t2 10.0.8.2 (nothing open)
#                           +==(ECMP, L4 hash)== ra1 -- ra2 --+-- t3 10.0.77.1
#                                                rb1 -- rb2 --+
# (src -- t1: lab_chain of tests/lab.sh)
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq socat nft ss
lab_need
lab_need_tun
plan 37

lab_chain t1
for ns in tsrc r4 t2 ra1 ra2 rb1 rb2 t3; do
	lab_ns "$ns"
done
lab_link r1 eth2 10.0.4.1/30 r4 eth0 10.0.4.2/30
lab_link r4 eth1 10.0.8.1/24 t2 eth0 10.0.8.2/24
lab_link r1 eth3 10.0.5.1/30 ra1 eth0 10.0.5.2/30
lab_link r1 eth4 10.0.5.5/30 rb1 eth0 10.0.5.6/30
lab_link ra1 eth1 10.0.6.1/30 ra2 eth0 10.0.6.2/30
lab_link rb1 eth1 10.0.6.5/30 rb2 eth0 10.0.6.6/30
lab_link ra2 eth1 10.0.7.1/30 t3 eth0 10.0.7.2/30
lab_link rb2 eth1 10.0.7.5/30 t3 eth1 10.0.7.6/30
ip -n "${LAB}t3" addr add 10.0.77.1/32 dev lo
lab_tun_link tsrc 10.0.20.1 r1 10.0.20.2

lab_route tsrc 10.0.0.0/16 "$LAB_TUN_IF"
lab_route r1 10.0.8.0/24 10.0.4.2
lab_route r1 10.0.6.0/30 10.0.5.2
lab_route r1 10.0.6.4/30 10.0.5.6
lab_route r4 10.0.0.0/16 10.0.4.1
lab_route t2 10.0.0.0/16 10.0.8.1
lab_route ra1 10.0.77.0/24 10.0.6.2
lab_route ra1 10.0.0.0/16 10.0.5.1
lab_route rb1 10.0.77.0/24 10.0.6.6
lab_route rb1 10.0.0.0/16 10.0.5.5
lab_route ra2 10.0.77.0/24 10.0.7.2
lab_route ra2 10.0.0.0/16 10.0.6.1
lab_route rb2 10.0.77.0/24 10.0.7.6
lab_route rb2 10.0.0.0/16 10.0.6.5
lab_route t3 10.0.0.0/16 10.0.7.1
# r1 balances 10.0.77.0/24 by flow (addresses, protocol and ports).
lab_route_ecmp r1 10.0.77.0/24 10.0.5.2 10.0.5.6

lab_bg t1 socat TCP-LISTEN:80,reuseaddr,fork SYSTEM:true
lab_wait_for 5 eval 'lab_exec t1 ss -Hltn "sport = :80" | grep -q LISTEN' ||
	{ echo "Bail out! the listener on t1 did not start"; exit 1; }
lab_wait_for 5 lab_exec tsrc ping -c 1 -W 1 10.0.8.2 >/dev/null

# 1-3: TCP SYN to port 80 (the default), two targets, Scapy's table.
cat >tcp2.exp <<-'EOF'
	  10.0.8.2:tcp80     10.0.9.2:tcp80     
	1 10.0.1.2        11 10.0.1.2        11 
	2 10.0.4.2        11 10.0.2.2        11 
	3 10.0.8.2        RA 10.0.3.2        11 
	4 -                  10.0.9.2        SA 
	EOF
expect_stdout tcp2.exp "TCP: hops in order, SA from the listening target, RA from the other" -- \
	lab_exec src pkttrace -t 3 10.0.9.2 10.0.8.2
ok 'grep -q "^Received [0-9]* packets, got [0-9]* answers, remaining [0-9]* packets$" .t1.err' \
	"the tally on stderr, as Scapy prints it"
ok 's=$(date +%s.%N) && lab_exec src pkttrace -q -t 8 10.0.9.2 10.0.8.2 >/dev/null &&
    awk -v a="$s" -v b="$(date +%s.%N)" "BEGIN { exit !(b - a < 4) }"' \
	"the wait ends once every TTL up to each target has answered (well before -t 8)"

# 4-5: UDP, and ICMP echo.
expect_stdout - "UDP: port-unreachable from both targets" -- \
	lab_exec src pkttrace -q -t 3 --l4 udp -p 33434 10.0.9.2 10.0.8.2 <<-'EOF'
	  10.0.8.2:udp33434  10.0.9.2:udp33434  
	1 10.0.1.2        11 10.0.1.2        11 
	2 10.0.4.2        11 10.0.2.2        11 
	3 10.0.8.2        3  10.0.3.2        11 
	4 -                  10.0.9.2        3  
	EOF
cat >icmp.exp <<-'EOF'
	  10.0.9.2:ICMP      
	1 10.0.1.2        11 
	2 10.0.2.2        11 
	3 10.0.3.2        11 
	4 10.0.9.2        0  
	EOF
expect_stdout icmp.exp "ICMP: echo-reply from the target" -- \
	lab_exec src pkttrace -q -t 3 --l4 icmp --maxttl 12 10.0.9.2

# 6-9: JSON trace pairs.
ok 'lab_exec src pkttrace -j -t 3 10.0.9.2 10.0.8.2 >trace.jsonl' "-j exits 0 when every target is reached"
ok 'jq -e -s "[.[] | select(.target == \"10.0.9.2\" and .ttl <= 4)] | sort_by(.ttl) |
	map([.ttl, .hop, .kind]) == [[1,\"10.0.1.2\",\"time-exceeded\"],[2,\"10.0.2.2\",\"time-exceeded\"],
	[3,\"10.0.3.2\",\"time-exceeded\"],[4,\"10.0.9.2\",\"reply\"]]" trace.jsonl' \
	"JSON: target, ttl, hop and kind of each probe up to the target"
ok 'jq -e -s "map(select(.ttl <= 4)) | all(.sent.layers[0].layer == \"IP\" and .recv.layers[0].layer == \"IP\" and .recv != null and .rtt >= 0)" trace.jsonl' \
	"JSON: each pair carries the probe sent and the answer, both IP (no Ether layer)"
ok 'jq -e -s "[.[] | select(.target == \"10.0.9.2\")] | (map(.sent.layers[0].id) | unique | length) == length" trace.jsonl &&
    jq -e -s "[.[] | select(.target == \"10.0.9.2\")] | map([.sent.layers[1].sport, .sent.layers[1].dport]) | unique | length == 1" trace.jsonl' \
	"probes of one target: one 5-tuple, one IP id each"

# 10-14: a router that sends no time-exceeded: a silent hop.
lab_exec r2 nft add table inet pkttest
lab_exec r2 nft add chain inet pkttest out '{ type filter hook output priority 0; }'
lab_exec r2 nft add rule inet pkttest out icmp type time-exceeded drop
expect_stdout - "a silent hop is left out of the table; the target is still reached" -- \
	lab_exec src pkttrace -q -t 1 10.0.9.2 <<-'EOF'
	  10.0.9.2:tcp80     
	1 10.0.1.2        11 
	3 10.0.3.2        11 
	4 10.0.9.2        SA 
	EOF
ok 'lab_exec src pkttrace -j -t 1 10.0.9.2 >silent.jsonl;
    jq -e -s "map(select(.ttl == 2)) | length == 1 and .[0].kind == \"timeout\" and .[0].hop == null and .[0].recv == null and .[0].rtt == null" silent.jsonl' \
	"JSON: the silent hop is a timeout record with recv, hop and rtt null"
expect_stdout - "two targets, one silent hop on one path: '-' in its cell" -- \
	lab_exec src pkttrace -q -t 1 10.0.9.2 10.0.8.2 <<-'EOF'
	  10.0.8.2:tcp80     10.0.9.2:tcp80     
	1 10.0.1.2        11 10.0.1.2        11 
	2 10.0.4.2        11 -                  
	3 10.0.8.2        RA 10.0.3.2        11 
	4 -                  10.0.9.2        SA 
	EOF
ok 'lab_exec src timeout --preserve-status -s INT 1.5 pkttrace -t 20 10.0.9.2 >int.out 2>int.err;
    rc=$? && [ "$rc" -eq 130 ] && grep -q "^4 10.0.9.2 *SA *$" int.out && grep -q "^Received" int.err' \
	"SIGINT while waiting for the silent hop: the table is printed, exit 130"
lab_exec r2 nft delete table inet pkttest
expect_code 1 "a target that is not reached: exit 1" -- \
	lab_exec src pkttrace -q -t 1 --maxttl 2 10.0.9.2

# 15-16: -w: probes and answers (--all-ttls: every TTL, Scapy's).
ok 'lab_exec src pkttrace -q -t 3 --all-ttls -w both.pcap 10.0.9.2 >/dev/null' "-w writes a pcap"
ok 'n_out=$(tcpdump -r both.pcap -nn "src 10.0.1.1 and tcp[13] == 2" 2>/dev/null | wc -l) &&
    n_in=$(tcpdump -r both.pcap -nn "dst 10.0.1.1" 2>/dev/null | wc -l) &&
    [ "$n_out" -eq 30 ] && [ "$n_in" -ge 4 ]' "the pcap holds the 30 probes and the answers"

# 17-19: -r, nothing sent: the pcap and the -j pairs of a run read back
# to its table; a tcpdump capture of ping -t 1..4 reads as a traceroute.
expect_stdout - "-r: the -w pcap of a run reads back to its table" -- \
	pkttrace -q -r both.pcap <<-'EOF'
	  10.0.9.2:tcp80     
	1 10.0.1.2        11 
	2 10.0.2.2        11 
	3 10.0.3.2        11 
	4 10.0.9.2        SA 
	EOF
expect_stdout tcp2.exp "-r: the -j pairs of a run read back to its table" -- \
	pkttrace -q -r trace.jsonl
lab_bg src sh -c "exec timeout 10 tcpdump -i eth0 -nn -U -c 8 -w ping.pcap icmp 2>/dev/null"
ping_cap=$LAB_BG_PID
sleep 0.5
for ttl in 1 2 3 4; do
	lab_exec src ping -n -q -c 1 -W 1 -t "$ttl" 10.0.9.2 >/dev/null 2>&1
done
wait "$ping_cap" 2>/dev/null
expect_stdout icmp.exp "-r: a tcpdump capture of ping -t 1..4 reads as pkttrace --l4 icmp's table" -- \
	pkttrace -q -r ping.pcap

# 20: a capture of traceroute(8) (UDP, a port per probe) reads as a trace.
if command -v traceroute >/dev/null 2>&1; then
	rm -f tr.pcap
	lab_bg src sh -c "exec timeout 15 tcpdump -i eth0 -nn -U --immediate-mode -w tr.pcap 'udp or icmp' 2>/dev/null"
	tr_cap=$LAB_BG_PID
	lab_wait_for 5 test -e tr.pcap >/dev/null 2>&1
	sleep 0.2
	lab_exec src traceroute -n -q 1 -w 1 -m 6 10.0.9.2 >tr.out 2>&1
	sleep 0.3
	kill -TERM "$tr_cap" 2>/dev/null
	wait "$tr_cap" 2>/dev/null
	expect_stdout - "-r: a tcpdump capture of traceroute(8) reads as its hops" -- \
		pkttrace -q -r tr.pcap <<-'EOF'
		  10.0.9.2:udp       
		1 10.0.1.2        11 
		2 10.0.2.2        11 
		3 10.0.3.2        11 
		4 10.0.9.2        3  
		EOF
else
	skip 1 "no traceroute(8) (Debian package traceroute)"
fi

# 21-26: the source's link has no link-layer header (TUN): raw IP sockets,
# and with --l2 the libpcap capture.
tun_table() {
	cat <<-'EOF'
	  10.0.8.2:tcp80     10.0.9.2:tcp80     
	1 10.0.20.2       11 10.0.20.2       11 
	2 10.0.4.2        11 10.0.2.2        11 
	3 10.0.8.2        RA 10.0.3.2        11 
	4 -                  10.0.9.2        SA 
	EOF
}
tun_table >tun.exp
expect_stdout tun.exp "TUN link: the filter compiled for raw IP" -- \
	lab_exec tsrc pkttrace -q -t 3 10.0.9.2 10.0.8.2
ok 'lab_exec tsrc pkttrace -vv -t 3 10.0.9.2 2>&1 >/dev/null | grep -q "raw IP socket (protocol 1), kernel filter compiled for raw IP"' \
	"TUN link: answers read on raw IP sockets, the kernel filter compiled for raw IP attached"
expect_stdout tun.exp "TUN link, --l2: the libpcap capture, its filter compiled for the link (raw IP)" -- \
	lab_exec tsrc pkttrace -q -t 3 --l2 10.0.9.2 10.0.8.2
ok 'lab_exec tsrc pkttrace -vv --l2 -t 3 10.0.9.2 2>&1 >/dev/null | grep -q "tun0: link type RAW, kernel filter"' \
	"TUN link, --l2: the capture is raw IP and the kernel filter is attached"
expect_stdout tun.exp "TUN link with --nofilter" -- \
	lab_exec tsrc pkttrace -q -t 3 --nofilter 10.0.9.2 10.0.8.2
expect_stdout - "TUN link, UDP" -- \
	lab_exec tsrc pkttrace -q -t 3 --l4 udp 10.0.8.2 <<-'EOF'
	  10.0.8.2:udp33434  
	1 10.0.20.2       11 
	2 10.0.4.2        11 
	3 10.0.8.2        3  
	EOF

# 27-31: equal-cost paths balanced by flow: every run takes one path,
# the same for the same 5-tuple; different source ports spread.
# path SPORT: "A" or "B" for a consistent path, else the hops.
path() {
	local out h2 h3
	out=$(lab_exec src pkttrace -q -j -t 3 --sport "$1" 10.0.77.1) || { echo "exit $?"; return; }
	h2=$(jq -r 'select(.ttl == 2) | .hop' <<<"$out")
	h3=$(jq -r 'select(.ttl == 3) | .hop' <<<"$out")
	if [ "$h2 $h3" = "10.0.5.2 10.0.6.2" ]; then
		echo A
	elif [ "$h2 $h3" = "10.0.5.6 10.0.6.6" ]; then
		echo B
	else
		echo "mixed: $h2 $h3"
	fi
}
: >paths
for sp in $(seq 40001 40016); do
	echo "$sp $(path "$sp")" >>paths
done
ok '! grep -v " [AB]$" paths' "every probe of a run follows one of the two paths (16 source ports)"
ok 'grep -q " A$" paths && grep -q " B$" paths' "the balancer does spread flows over both paths"
ok 'for sp in 40001 40002 40003; do
	[ "$(path $sp)" = "$(grep "^$sp " paths | cut -d" " -f2)" ] || exit 1
    done' "the same 5-tuple takes the same path again"
ok 'p1=$(lab_exec src pkttrace -q -j -t 3 --l4 udp 10.0.77.1 | jq -r "select(.ttl <= 3) | .hop" | tr "\n" " ") &&
    p2=$(lab_exec src pkttrace -q -j -t 3 --l4 udp 10.0.77.1 | jq -r "select(.ttl <= 3) | .hop" | tr "\n" " ") &&
    [ "$p1" = "$p2" ] && case $p1 in *"10.0.5.2 10.0.6.2"*|*"10.0.5.6 10.0.6.6"*) ;; *) false ;; esac' \
	"default source port: two runs, one consistent path (UDP)"
ok 'out=$(lab_exec src pkttrace -q -t 3 --l4 icmp 10.0.77.1) &&
    grep -q "^4 10.0.77.1 *0 *$" <<<"$out"' "the balanced target answers ICMP echo at TTL 4"

# 32-34: many targets from stdin in one burst.
printf '%s\n' 10.0.9.2 10.0.8.2 10.0.77.1 '# a comment' '' >targets
expect_code 0 "targets one per line on stdin ('-')" --stdin targets -- \
	lab_exec src pkttrace -q -j -t 3 -
ok 'jq -r -s "map(select(.kind == \"reply\")) | map(.target) | unique | join(\" \")" .t32.out |
    grep -qx "10.0.77.1 10.0.8.2 10.0.9.2"' "every stdin target answered"
expect_code 0 "targets on stdin with no argument (stdin not a terminal)" --stdin targets -- \
	lab_exec src pkttrace -q -t 3

# 35-37: 65 targets in one burst: 64 addresses of t2 (10.1.N.2, behind
# r4) and 10.0.9.2 (behind r2, r3); the wait still ends early.
lab_route src 10.1.0.0/16 10.0.1.2
lab_route r1 10.1.0.0/16 10.0.4.2
lab_route r4 10.1.0.0/16 10.0.8.2
for n in $(seq 1 64); do
	ip -n "${LAB}t2" addr add "10.1.$n.2/32" dev lo
done
{ seq -f '10.1.%g.2' 1 64; echo 10.0.9.2; } >many
ok 's=$(date +%s.%N); lab_exec src pkttrace -q -j -t 8 - <many >many.jsonl &&
    awk -v a="$s" -v b="$(date +%s.%N)" "BEGIN { exit !(b - a < 4) }"' \
	"65 targets in one burst: all reached (exit 0), early stop"
ok 'jq -e -s "map(select(.kind == \"reply\" and .hop == .target)) | map(.target) | unique | length == 65" many.jsonl &&
    jq -e -s "map(select(.target == \"10.0.9.2\" and .ttl <= 4)) | sort_by(.ttl) | map(.hop) ==
	[\"10.0.1.2\",\"10.0.2.2\",\"10.0.3.2\",\"10.0.9.2\"]" many.jsonl' \
	"65 targets: every one answers; 10.0.9.2 by its own path"
ok 'jq -e -s "map(select(.target == \"10.1.50.2\")) | sort_by(.ttl) | .[0:3] | map([.ttl, .hop, .kind]) ==
	[[1,\"10.0.1.2\",\"time-exceeded\"],[2,\"10.0.4.2\",\"time-exceeded\"],[3,\"10.1.50.2\",\"reply\"]]" many.jsonl' \
	"65 targets: 10.1.50.2 through r1 and r4"
