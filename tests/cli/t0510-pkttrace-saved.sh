#!/bin/bash
# pkttrace -r: the table of a saved trace, nothing sent, no privilege.
# A pcap made with pktsend -n holds probes as pkttrace sends them (one IP
# id and TCP seq per TTL, a UDP probe per TTL) and the answers a path
# would give (time-exceeded from a router, a silent hop, the target's SA,
# a port-unreachable), plus packets that are neither; pkttrace pairs
# them with its matcher.  Its -j pairs and -w pcap read back to the same
# table; the TTL range chooses rows; ports that change per probe (as
# traceroute(8)'s) make one column; bad input and misuse exit 2.  A
# saved pkttrace --mda run (pairs with "flow") reads back as the run
# showed it: every next hop per TTL, its pairs and linked summaries.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pkttrace" ] || skip_all "no $PKT_BIN/pkttrace (run make)"
need_cmd jq
plan 27

S=10.0.1.1
# probe TTL ID SEQ: a SYN to 10.0.9.2:80 as pkttrace builds it.
tcp_probe() {
	echo "IP(src=\"$S\",dst=\"10.0.9.2\",ttl=$1,id=$2)/TCP(sport=40000,dport=80,flags=\"S\",seq=$3)"
}
udp_probe() {
	echo "IP(src=\"$S\",dst=\"10.0.8.2\",ttl=$1,id=$2)/UDP(sport=40001,dport=33434)"
}
timex() {	# ROUTER QUOTED-PROBE
	echo "IP(src=\"$1\",dst=\"$S\")/ICMP(type=11)/$2"
}
pktsend -n -w saved.pcap \
	"Ether()/$(tcp_probe 1 101 16777217)" "Ether()/$(tcp_probe 2 102 33554433)" \
	"Ether()/$(tcp_probe 3 103 50331649)" "Ether()/$(tcp_probe 4 104 67108865)" \
	"Ether()/$(udp_probe 1 201)" "Ether()/$(udp_probe 2 202)" \
	'Ether(dst="ff:ff:ff:ff:ff:ff")/ARP(pdst="10.0.1.2")' \
	"Ether()/$(timex 10.0.1.2 "$(tcp_probe 1 101 16777217)")" \
	"Ether()/$(timex 10.0.1.2 "$(udp_probe 1 201)")" \
	"Ether()/IP(src=\"10.0.8.2\",dst=\"$S\")/ICMP(type=3,code=3)/$(udp_probe 1 202)" \
	"Ether()/$(timex 10.0.3.2 "$(tcp_probe 1 103 50331649)")" \
	"Ether()/IP(src=\"10.0.9.2\",dst=\"$S\")/TCP(sport=80,dport=40000,flags=\"SA\",ack=67108866)" \
	"Ether()/IP(src=\"10.0.9.2\",dst=\"$S\")/TCP(sport=80,dport=40000,flags=\"SA\",ack=12345)" \
	>/dev/null 2>&1 || { echo "Bail out! pktsend -n could not write the saved trace"; exit 1; }

table() {
	cat <<-'EOF'
	  10.0.8.2:udp33434  10.0.9.2:tcp80     
	1 10.0.1.2        11 10.0.1.2        11 
	2 10.0.8.2        3  -                  
	3 -                  10.0.3.2        11 
	4 -                  10.0.9.2        SA 
	EOF
}
table >table.exp

# 1-4: the pcap: pairs found by the matcher, in file order.
expect_stdout table.exp "a saved pcap: Scapy's table, the silent hop as '-'" -- \
	pkttrace -r saved.pcap
expect_stderr_match '^Read 13 records: 6 probes, 5 answered, 2 other packets$' \
	"the tally: probes, answers and the packets that are neither" -- pkttrace -r saved.pcap
expect_stdout table.exp "-r - reads stdin" --stdin saved.pcap -- pkttrace -q -r -
ok 'pkttrace -q -j -r saved.pcap >saved.jsonl &&
    jq -c -s "sort_by(.target, .ttl) | map([.target, .ttl, .hop, .kind])" saved.jsonl >got &&
    echo "[[\"10.0.8.2\",1,\"10.0.1.2\",\"time-exceeded\"],[\"10.0.8.2\",2,\"10.0.8.2\",\"unreachable\"],[\"10.0.9.2\",1,\"10.0.1.2\",\"time-exceeded\"],[\"10.0.9.2\",2,null,\"timeout\"],[\"10.0.9.2\",3,\"10.0.3.2\",\"time-exceeded\"],[\"10.0.9.2\",4,\"10.0.9.2\",\"reply\"]]" >want &&
    test_cmp want got' "-j: one trace pair per probe up to each target, the silent one a timeout"

# 5-8: what pkttrace writes reads back the same.
expect_stdout table.exp "its own -j pairs read back to the same table" -- \
	pkttrace -q -r saved.jsonl
ok 'jq -e -s "map(select(.ttl == 4)) | .[0].rtt >= 0 and .[0].recv.layers[2].flags == \"SA\"" saved.jsonl' \
	"-j: the answer and its round-trip time travel with the pair"
ok 'pkttrace -q -r saved.pcap -w again.pcap >/dev/null && pktsend -n -r again.pcap | grep -c . | grep -qx 11' \
	"-w: the probes and their answers (11 packets: 6 probes, 5 answers)"
expect_stdout table.exp "its own -w pcap reads back to the same table" -- \
	pkttrace -q -r again.pcap

# 9-11: the TTL range and the exit status.
expect_stdout - "--minttl/--maxttl choose the rows (one target not reached in them: exit 1)" \
	--code 1 -- pkttrace -q --minttl 2 --maxttl 3 -r saved.pcap <<-'EOF'
	  10.0.8.2:udp33434 10.0.9.2:tcp80     
	2 10.0.8.2        3 -                  
	3 -                 10.0.3.2        11 
	EOF
expect_code 0 "--maxttl 4 reaches both: exit 0" -- \
	pkttrace -q --maxttl 4 -r saved.pcap
pktsend -n -w one.pcap "$(tcp_probe 1 101 16777217)" "$(timex 10.0.1.2 "$(tcp_probe 1 101 16777217)")" >/dev/null 2>&1
expect_code 1 "a trace that never reached its target: exit 1" -- pkttrace -q -r one.pcap

# 12: traceroute(8) changes the port per probe: one column, no port.
pktsend -n -w ports.pcap \
	"IP(src=\"$S\",dst=\"10.0.8.2\",ttl=1)/UDP(sport=50000,dport=33434)" \
	"IP(src=\"$S\",dst=\"10.0.8.2\",ttl=2)/UDP(sport=50000,dport=33435)" \
	"$(timex 10.0.1.2 "IP(src=\"$S\",dst=\"10.0.8.2\",ttl=1)/UDP(sport=50000,dport=33434)")" \
	"IP(src=\"10.0.8.2\",dst=\"$S\")/ICMP(type=3,code=3)/IP(src=\"$S\",dst=\"10.0.8.2\",ttl=1)/UDP(sport=50000,dport=33435)" \
	>/dev/null 2>&1
expect_stdout - "a port per probe: one column per target, named by protocol" -- \
	pkttrace -q -r ports.pcap <<-'EOF'
	  10.0.8.2:udp       
	1 10.0.1.2        11 
	2 10.0.8.2        3  
	EOF

# 13-14: ordinary traffic (TTL 64) is no probe, unless --maxttl says so.
pktsend -n -w ping64.pcap "IP(src=\"$S\",dst=\"10.0.9.2\")/ICMP(id=5)" \
	"IP(src=\"10.0.9.2\",dst=\"$S\")/ICMP(type=0,id=5)" >/dev/null 2>&1
expect_stderr_match '^pkttrace: ping64\.pcap: no traceroute probes \(.* a TTL of 1 to 30; --maxttl 255 takes any\)' \
	"a TTL of 64 is ordinary traffic: no probe by default" --code 2 -- pkttrace -q -r ping64.pcap
expect_stdout - "--maxttl 255: every TTL is a probe's" -- pkttrace -q --maxttl 255 -r ping64.pcap <<-'EOF'
	   10.0.9.2:ICMP     
	64 10.0.9.2        0 
	EOF

# 15-23: misuse and bad input.
expect_stderr_match '^pkttrace: -r reads a saved trace and sends nothing: give either' \
	"-r with targets" --code 2 -- pkttrace -r saved.pcap 192.0.2.1
expect_stderr_match '^pkttrace: -r reads a saved trace and sends nothing: --l4' \
	"-r with --l4" --code 2 -- pkttrace --l4 udp -r saved.pcap
expect_stderr_match '^pkttrace: -r reads a saved trace and sends nothing: --l4' \
	"-r with -p" --code 2 -- pkttrace -p 443 -r saved.pcap
expect_stderr_match '^pkttrace: -r reads a saved trace and sends nothing: .*--all-ttls shape probing' \
	"-r with --all-ttls" --code 2 -- pkttrace --all-ttls -r saved.pcap
pktsend -n -w noprobe.pcap 'Ether()/ARP(pdst="10.0.1.2")' >/dev/null 2>&1
expect_stderr_match '^pkttrace: noprobe\.pcap: no traceroute probes \(TCP SYN, UDP or ICMP echo request with a TTL of 1 to 30; --maxttl 255 takes any\) in 1 records$' \
	"a file without probes: exit 2, said so" --code 2 -- pkttrace -r noprobe.pcap
expect_stderr_match '^pkttrace: nosuch\.pcap: ' "a missing file: exit 2" --code 2 -- \
	pkttrace -r nosuch.pcap
head -c 100 saved.pcap >cut.pcap
expect_stderr_match '^pkttrace: cut\.pcap: ' "a truncated pcap: exit 2, the file named" --code 2 -- \
	pkttrace -q -r cut.pcap
{ head -n 3 saved.jsonl; echo '{"sent": 5}'; } >bad.jsonl
expect_stderr_match '^pkttrace: bad\.jsonl:4: ' "a bad JSON line: exit 2, file and line named" --code 2 -- \
	pkttrace -q -r bad.jsonl
ok 'pkttrace -q -r bad.jsonl >partial 2>/dev/null; [ $? -eq 2 ] && grep -q "^1 10.0.1.2" partial' \
	"a bad record: the table of what came before it is still printed"

# --mda pairs (tests/golden/graph/mda.jsonl, t0535's diamond: flows 0 and
# 1 to the target, 9 and 13 to TTL 3, 20 and 49 at TTL 2 only, 49 silent).
M="$PKT_TOP/tests/golden/graph/mda.jsonl"
expect_stdout - "--mda pairs: every next hop of each TTL, as the run printed them" \
	-- pkttrace -q -r "$M" <<-'EOF'
	10.0.7.2:udp33434  6 flows, 14 probes
	  1  10.0.1.2
	  2  10.0.5.2  10.0.5.6  10.0.5.10  10.0.5.14
	  3  10.0.6.2
	  4  10.0.7.2
	EOF
ok 'pkttrace -q -r "$M" -j >mda.out &&
    [ "$(jq -c "select(.kind)" mda.out | jq -sc "sort_by(.flow, .ttl) | map([.flow, .ttl, .hop])")" = \
      "$(jq -sc "sort_by(.flow, .ttl) | map([.flow, .ttl, .hop])" "$M")" ]' \
	"--mda pairs, -j: each pair written again with its flow"
ok '[ "$(jq -c "select(.hops) | [.ttl, .flows, [.hops[] | [.addr, .next]]]" mda.out)" = "$(printf "%s\n" \
	"[1,2,[[\"10.0.1.2\",[\"10.0.5.2\",\"10.0.5.6\",\"10.0.5.10\",\"10.0.5.14\"]]]]" \
	"[2,6,[[\"10.0.5.2\",[\"10.0.6.2\"]],[\"10.0.5.6\",[\"10.0.6.2\"]],[\"10.0.5.10\",[\"10.0.6.2\"]],[\"10.0.5.14\",[\"10.0.6.2\"]]]]" \
	"[3,4,[[\"10.0.6.2\",[\"10.0.7.2\"]]]]" "[4,2,[[\"10.0.7.2\",[]]]]")" ]' \
	"--mda pairs, -j: the summaries link each hop to the next ones"
ok 'pkttrace -q -r "$M" -w mda.pcap >/dev/null &&
    [ "$(pkttrace -q -r mda.pcap -j | jq -s "[.[] | select(.kind)] | [length, map(select(.recv)) | length]" | jq -c .)" = "[14,13]" ]' \
	"--mda pairs, -w: every flow's probe and answer in the pcap (14 probes, 13 answered, read back)"
