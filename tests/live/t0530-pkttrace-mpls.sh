#!/bin/bash
# pkttrace through routers that report MPLS labels: Linux routers send no
# ICMP extensions, so tests/tools/hops.c (built by `make units`) plays the
# path behind a TUN device: routers 10.99.N.1 (fd00:99:N::1) answering
# expired probes with time-exceeded messages that carry an MPLS object
# (label 24000 + N) and an interface object (RFC 4884/4950/5837), built
# by the engine; router 1 sends none; the target answers at TTL 4.
# pkttrace shows the labels in the cells and in its -j pairs, for IPv4
# and IPv6, TCP, UDP and ICMP probes; pktgraph labels the hops.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq
lab_need
lab_need_tun
HOPS=$PKT_BUILD/tests/hops
[ -x "$HOPS" ] || skip_all "no $HOPS (run make units)"
plan 12

lab_ns a
ip netns exec "${LAB}a" ip tuntap add dev tunh mode tun || { echo "Bail out! no TUN device"; exit 1; }
lab_bg a "$HOPS" tunh 4 24000
lab_wait_for 5 grep -q ready "$LAB_BG_OUT" || { echo "Bail out! hops did not start"; exit 1; }
ip -n "${LAB}a" link set tunh up
ip -n "${LAB}a" addr add 10.0.0.1/32 dev tunh
ip -n "${LAB}a" -6 addr add fd00::1/128 dev tunh nodad
lab_route a 10.0.9.0/24 tunh
lab_route a fd00:9::/64 tunh

expect_stdout - "IPv4, TCP: the labels of hops 2 and 3 in their cells" -- \
	lab_exec a pkttrace -q -t 2 --maxttl 6 10.0.9.2 <<-'EOF'
	  10.0.9.2:tcp80                         
	1 10.99.1.1       11                     
	2 10.99.2.1       11 [MPLS: 24002/0/1/1] 
	3 10.99.3.1       11 [MPLS: 24003/0/1/1] 
	4 10.0.9.2        SA                     
	EOF
expect_stdout - "IPv4, UDP and ICMP probes: the same labels" -- \
	bash -c 'for l in udp icmp; do lab_exec a pkttrace -q -t 2 --maxttl 6 --l4 $l 10.0.9.2 | sed -n 3,4p; done' <<-'EOF'
	2 10.99.2.1       11 [MPLS: 24002/0/1/1] 
	3 10.99.3.1       11 [MPLS: 24003/0/1/1] 
	2 10.99.2.1       11 [MPLS: 24002/0/1/1] 
	3 10.99.3.1       11 [MPLS: 24003/0/1/1] 
	EOF
expect_stdout - "IPv6, TCP: the labels from ICMPv6 time exceeded" -- \
	lab_exec a pkttrace -q -t 2 --maxttl 6 fd00:9::2 <<-'EOF'
	  fd00:9::2:tcp80                       
	1 fd00:99:1::1    3                     
	2 fd00:99:2::1    3 [MPLS: 24002/0/1/1] 
	3 fd00:99:3::1    3 [MPLS: 24003/0/1/1] 
	4 fd00:9::2       SA                    
	EOF
ok 'lab_exec a pkttrace -q -j -t 2 --maxttl 6 10.0.9.2 fd00:9::2 >pairs.jsonl &&
	jq -c -s "map(select(.kind != \"timeout\" and .ttl <= 4)) | sort_by(.target, .ttl) | map([.target, .ttl, .mpls])" pairs.jsonl >got &&
	echo "[[\"10.0.9.2\",1,null],[\"10.0.9.2\",2,[[24002,0,1,1]]],[\"10.0.9.2\",3,[[24003,0,1,1]]],[\"10.0.9.2\",4,null],[\"fd00:9::2\",1,null],[\"fd00:9::2\",2,[[24002,0,1,1]]],[\"fd00:9::2\",3,[[24003,0,1,1]]],[\"fd00:9::2\",4,null]]" >want &&
	test_cmp want got' "-j: the pairs carry \"mpls\" for both families"
ok 'jq -e -s "map(select(.ttl == 3 and .target == \"10.0.9.2\"))[0].recv.layers[-1] | .layer == \"ICMPExtensionInterfaceInformation\" and .ifindex == 3 and .ip4 == \"10.99.3.1\" and .mtu == 1500" pairs.jsonl >/dev/null' \
	"-j: the interface object is in the answer (ifIndex, address, MTU)"
ok 'pktgraph -T dot -o graph.dot <pairs.jsonl && grep -F "\"10.99.3.1\" [label=" graph.dot | grep -qF "[MPLS: 24003/0/1/1]" &&
	! grep -F "\"10.99.1.1\" [label=" graph.dot | grep -q MPLS' \
	"pktgraph: hops 2 and 3 labelled with their stacks, hop 1 not"
ok 'lab_exec a pkttrace -q -t 2 --maxttl 6 -w trace.pcap 10.0.9.2 >/dev/null &&
	pkttrace -r trace.pcap | grep -q "^3 10.99.3.1       11 \[MPLS: 24003/0/1/1\]"' \
	"-w then -r: the saved trace shows the labels again"
ok 'pktsend -n -r trace.pcap -j | jq -c "select(.layers[-2].layer == \"ICMPExtensionMPLS\") | del(.hex)" | pktsend -n -r - -j | jq -r .layers[-2].stack[0].label | sort -u | tr "\n" " " | grep -qx "24002 24003 "' \
	"the captured answers rebuild from JSON with their labels"
# 9-12: rounds: the report's mtr -e lines (live and from the pairs read
# back), the hop summaries' "mpls", pktgraph of the summaries alone.
ok 'lab_exec a pkttrace -n --report -c 2 --interval 0.2 -t 1 --maxttl 6 10.0.9.2 >report.txt &&
	grep -A1 "^  3\.|-- 10\.99\.3\.1 " report.txt | grep -qx "    |   \[MPLS: Lbl 24003 TC 0 S 1 TTL 1\]" &&
	[ "$(grep -c MPLS report.txt)" = 2 ]' "--report: an [MPLS: Lbl ...] line under each hop that reported one"
ok 'lab_exec a pkttrace -c 2 --interval 0.2 -t 1 --maxttl 6 -j 10.0.9.2 >rounds.jsonl &&
	jq -c -s "map(select(.hops) | [.ttl, .hops[0].mpls]) | .[0:4]" rounds.jsonl | grep -qx "\[\[1,null\],\[2,\[\[24002,0,1,1\]\]\],\[3,\[\[24003,0,1,1\]\]\],\[4,null\]\]"' \
	"-c -j: the hop summaries carry mpls (SPEC s.4)"
ok 'jq -c "select(.hops == null)" rounds.jsonl | pkttrace -n -r - --report | grep -qx "    |   \[MPLS: Lbl 24002 TC 0 S 1 TTL 1\]"' \
	"-r of the pairs alone: the report has the labels again"
ok 'jq -c "select(.hops)" rounds.jsonl | pktgraph -T dot | grep -F "\"10.99.2.1\" [label=" | grep -qF "[MPLS: 24002/0/1/1]"' \
	"pktgraph of hop summaries alone: the labels from their mpls"
done_testing
