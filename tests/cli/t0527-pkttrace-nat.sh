#!/bin/bash
# NAT detection offline: a crafted trace (pktsend -n) as a stateless NAT
# after the first hop makes it: the quotes of the hops after it carry the
# NAT's source address (and port), checksums fixed as a rewrite fixes
# them; one hop that got the probe's address back but not its checksum
# (what dublin-traceroute looks for); the target's own answer.  pkttrace -r
# matches the rewritten quotes by the probes' identity (Scapy's rules
# refuse them), marks exactly those hops ([NAT] and its legend in the
# table, the report; "nat" and "rewritten" in -j pairs, "nat" in hop
# summaries), and pktgraph draws them [NAT].  The same trace without the
# rewrite marks nothing.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pkttrace" ] || skip_all "no $PKT_BIN/pkttrace (run make)"
need_cmd jq
plan 10

S=10.0.1.1 N=10.0.2.1 T=10.0.9.2
probe() {	# SRC TTL ID [SPORT]
	echo "IP(src=\"$1\",dst=\"$T\",ttl=$2,id=$3)/UDP(sport=${4:-42139},dport=33434)/Raw(load=\"WH\")"
}
timex() {	# ROUTER QUOTE
	echo "IP(src=\"$1\",dst=\"$S\")/ICMP(type=11)/${2/IP(/IPerror(}"
}
# The quote as the NAT sent it on: its address and port, TTL 1, every
# checksum computed for them.
quote() {	# TTL-AS-SENT ID [SRC SPORT]
	probe "${3:-$S}" 1 "$2" "${4:-42139}" | sed 's/UDP(/UDPerror(/'
}
# The UDP checksum of the rewritten quote: what the NAT's rewrite left
# (the address put back, the checksum not).
rw_sum=$(pktsend -n -j "$(probe $N 1 3 2000)" | jq '.layers[1].chksum')
pktsend -n -w nat.pcap \
	"$(probe $S 1 1)" "$(timex 10.0.1.2 "$(quote 1 1)")" \
	"$(probe $S 2 2)" "$(timex 10.0.2.2 "$(quote 2 2 $N 2000)")" \
	"$(probe $S 3 3)" "$(timex 10.0.3.2 "$(probe $S 1 3 | sed "s/UDP(/UDPerror(chksum=$rw_sum,/")")" \
	"$(probe $S 4 4)" "IP(src=\"$T\",dst=\"$S\")/ICMP(type=3,code=3)/$(quote 4 4 $N 2000 | sed 's/^IP(/IPerror(/')" \
	>/dev/null 2>&1 || { echo "Bail out! pktsend -n could not write the crafted trace"; exit 1; }
pktsend -n -w clean.pcap \
	"$(probe $S 1 1)" "$(timex 10.0.1.2 "$(quote 1 1)")" \
	"$(probe $S 2 2)" "$(timex 10.0.2.2 "$(quote 2 2)")" \
	"$(probe $S 3 3)" "IP(src=\"$T\",dst=\"$S\")/ICMP(type=3,code=3)/$(quote 3 3 | sed 's/^IP(/IPerror(/')" \
	>/dev/null 2>&1 || { echo "Bail out! pktsend -n could not write the clean trace"; exit 1; }

# 1: Scapy's rules alone leave the rewritten quotes unmatched.
ok 'pktsend -n -r nat.pcap -j | jq -s -e "[.[] | select(.layers[1].type == 11 or .layers[1].type == 3) | .layers[2].src] == [\"$S\",\"$N\",\"$S\",\"$N\"]" >/dev/null' \
	"the crafted quotes: the NAT's address in the second and the fourth"

# 2: the table: every hop after the NAT marked, the legend under it.
expect_stdout - "pkttrace -r: the hops after the NAT marked [NAT], the legend" -- \
	pkttrace -q -r nat.pcap <<-'EOF'
	  10.0.9.2:udp33434        
	1 10.0.1.2        11       
	2 10.0.2.2        11 [NAT] 
	3 10.0.3.2        11 [NAT] 
	4 10.0.9.2        3 [NAT]  
	[NAT] the hop quoted the probe rewritten (src,sport,l4-chksum): a NAT before it
	EOF

# 3: the pairs say what was rewritten, hop by hop.
expect_stdout - "-j pairs: nat and rewritten" -- \
	sh -c 'pkttrace -q -r nat.pcap -j | jq -c "[.ttl, .nat, .rewritten]"' <<-'EOF'
	[1,null,null]
	[2,true,["src","sport"]]
	[3,true,["l4-chksum"]]
	[4,true,["src","sport"]]
	EOF

# 4: the report.
ok 'pkttrace -q -r nat.pcap --report | grep -c "\[NAT\]" | grep -qx 3 &&
	pkttrace -q -r nat.pcap --report | grep -q "^  1.|-- 10.0.1.2  "' \
	"--report: the three hops after the NAT marked, the first not"

# 5-6: hop summaries (written by live runs of rounds, t0565) read back
# with their mark, in the report and pktgraph.
cat >sum.jsonl <<-'EOF'
	{"target":"10.0.9.2","ttl":1,"sent":2,"hops":[{"addr":"10.0.1.2","sent":2,"recv":2}]}
	{"target":"10.0.9.2","ttl":2,"sent":2,"hops":[{"addr":"10.0.2.2","sent":2,"recv":2,"nat":true}]}
	{"target":"10.0.9.2","ttl":3,"sent":2,"hops":[{"addr":"10.0.9.2","sent":2,"recv":2,"nat":true}]}
	EOF
ok 'pkttrace -q -r sum.jsonl --report | grep -c "\[NAT\]" | grep -qx 2 &&
	pkttrace -q -r sum.jsonl --report | grep -q "^  2.|-- 10.0.2.2 \[NAT\]"' \
	"hop summaries read back: \"nat\" marks the report"
ok 'pktgraph -r sum.jsonl -j | jq -e -c "[.path[] | .nat // false] == [false,true,true]" >/dev/null' \
	"hop summaries: pktgraph marks the same hops"

# 7: pktgraph marks the nodes, in its JSON and its DOT.
ok 'pkttrace -q -r nat.pcap -j | pktgraph -j | jq -e -c "[.path[] | .nat // false] == [false,true,true,true]" >/dev/null &&
	pkttrace -q -r nat.pcap -j | pktgraph -T dot | grep -q "\"10.0.2.2\" \[peripheries=2,label=\"10.0.2.2\\\\n\[NAT\]\"\]"' \
	"pktgraph: the hops after the NAT marked"

# 8-9: the same trace without a NAT: nothing marked, in the table or pairs.
expect_stdout - "no NAT: nothing marked" -- \
	pkttrace -q -r clean.pcap <<-'EOF'
	  10.0.9.2:udp33434  
	1 10.0.1.2        11 
	2 10.0.2.2        11 
	3 10.0.9.2        3  
	EOF
ok '! pkttrace -q -r clean.pcap -j | grep -q "\"nat\""' "no NAT: no \"nat\" key in the pairs"

# 10: a pair read back keeps its mark (the packets say it again).
ok 'pkttrace -q -r nat.pcap -j | pkttrace -q -r - | grep -c "\[NAT\]" | grep -qx 4' \
	"pairs read back: the same hops marked"
