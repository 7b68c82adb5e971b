#!/bin/bash
# NAT detection live: a chain src -- r1 -- r2 -- r3 -- t (10.0.9.2,
# fd00:9::2: lab_chain -6 of tests/lab.sh), the NAT in r1 on its way out
# (eth1), each kind of NAT in turn:
#
#  - none: nothing marked;
#  - a stateless NAT66 (IPv6): TCP, ICMPv6 and UDP probes marked as IPv4's;
#  - Linux conntrack NAT (nft masquerade; snat to an address and a port
#    range, which changes the probes' source port): the kernel translates
#    the quote of every ICMP error back to the probe as sent
#    (nf_nat_icmp_reply_translation: addresses, ports, checksums), so the
#    quote shows nothing and nothing is marked, by pkttrace as by any
#    quote comparison;
#  - a stateless rewrite (notrack, "ip saddr set", and "udp/tcp sport set"
#    for a NAPT), which leaves the quotes as they were rewritten, as CPEs
#    and CGNATs that do not fix quotes do: Scapy's rules refuse those
#    answers (their quote's source is not the probe's), pkttrace matches
#    them by the probes' identity, and marks exactly the hops after r1:
#    hops 2 and 3, and the target's port unreachable (UDP); the target's
#    own SYN-ACK/RST or echo reply quotes nothing and is not marked.
#
# The marks in the table, the pairs ("nat", "rewritten"), the hop
# summaries of rounds, and a pcap of the run read back.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq nft
lab_need
plan 17

lab_chain -6 t
# The NAT66 below rewrites the source to fd00:99::1.
lab_route r2 fd00:99::/64 fd00:2::1

# nat RULES: r1's NAT table holds only RULES (nft syntax, "" for none).
nat() {
	lab_exec r1 nft flush ruleset
	[ -z "$1" ] || printf '%s\n' "$1" | lab_exec r1 nft -f - ||
		{ echo "Bail out! nft refused: $1"; exit 1; }
}
TGT=10.0.9.2
trace() {	# L4 [OPTIONS]: the table of a trace to t ($TGT)
	local l4=$1
	shift
	lab_exec src pkttrace -q -t 1 --l4 "$l4" "$@" "$TGT"
}
# marks L4 [OPTIONS]: "TTL:MARK" per row of the table, "-" unmarked.
marks() {
	trace "$@" | awk 'NR > 1 && /^[0-9]/ { print $1 ":" ($4 == "[NAT]" ? "N" : "-") }' |
		paste -sd ' '
}
marks_all() { marks udp; marks tcp; marks icmp; }
napt_pairs() {
	trace udp --sport 40000 -j |
		jq -c 'select(.ttl <= 4) | [.ttl, .hop, .nat, .rewritten]'
}
MASQ='table ip nat {
	chain post {
		type nat hook postrouting priority srcnat;
		oifname "eth1" masquerade
	}
}'
SNATP='table ip nat {
	chain post {
		type nat hook postrouting priority srcnat;
		oifname "eth1" meta l4proto { tcp, udp } snat to 10.0.2.1:2000-2010
		oifname "eth1" snat to 10.0.2.1
	}
}'
# rewrite FAMILY FROM TO [OUT [IN]]: a stateless NAT in r1 (no conntrack):
# the source FROM leaving by eth1 set to TO, the destination TO coming in
# by eth1 set back to FROM; OUT and IN: more rules (nft) each way.
rewrite() {
	local f=$1 from=$2 to=$3
	cat <<-EOF
	table $f rw {
		chain raw {
			type filter hook prerouting priority raw; notrack;
		}
		chain post {
			type filter hook postrouting priority 100;
			oifname "eth1" $f saddr $from $f saddr set $to
			${4:-}
		}
		chain pre {
			type filter hook prerouting priority -150;
			iifname "eth1" $f daddr $to $f daddr set $from
			${5:-}
		}
	}
	EOF
}
STATELESS=$(rewrite ip 10.0.1.1 10.0.2.1)
NAPT=$(rewrite ip 10.0.1.1 10.0.2.1 'oifname "eth1" udp sport 40000 udp sport set 2000
	oifname "eth1" tcp sport 40000 tcp sport set 2000' \
	'iifname "eth1" tcp dport 2000 tcp dport set 40000')

# 1-3: no NAT: every hop, nothing marked, for each protocol.
nat ""
for l4 in udp tcp icmp; do
	expect_stdout - "no NAT, $l4: nothing marked" -- marks $l4 <<-'EOF'
	1:- 2:- 3:- 4:-
	EOF
done

# 4-5: conntrack NAT: the quotes come back translated: nothing to see.
unmarked() {	# RULES WHAT: with the NAT RULES, nothing marked for any L4
	nat "$1"
	expect_stdout - "$2" -- marks_all <<-'EOF'
	1:- 2:- 3:- 4:-
	1:- 2:- 3:- 4:-
	1:- 2:- 3:- 4:-
	EOF
}
unmarked "$MASQ" "masquerade: the quotes come back as sent, nothing marked"
unmarked "$SNATP" "snat to a port range (the port changes): nothing marked"

# A stateless NAT66 to fd00:99::1 (an address r1 does not hold: its own
# neighbour discovery stays untouched).
NAT66=$(rewrite ip6 fd00:1::1 fd00:99::1)

# 6-9: a stateless rewrite: the hops after r1, and only them.
nat "$STATELESS"
expect_stdout - "stateless source NAT, UDP: hops 2, 3 and the target's unreachable" -- \
	marks udp <<-'EOF'
	1:- 2:N 3:N 4:N
	EOF
expect_stdout - "stateless source NAT, TCP: hops 2 and 3 (the target's RST quotes nothing)" -- \
	marks tcp <<-'EOF'
	1:- 2:N 3:N 4:-
	EOF
expect_stdout - "stateless source NAT, ICMP: hops 2 and 3" -- \
	marks icmp <<-'EOF'
	1:- 2:N 3:N 4:-
	EOF
ok 'trace udp | tail -1 | grep -qx "\[NAT\] the hop quoted the probe rewritten (src): a NAT before it"' \
	"the legend under the table says what was rewritten"

# 10-11: a stateless NAPT: the pairs say source and port.
nat "$NAPT"
expect_stdout - "stateless NAPT, -j: nat and rewritten per pair" -- \
	napt_pairs <<-'EOF'
	[1,"10.0.1.2",null,null]
	[2,"10.0.2.2",true,["src","sport"]]
	[3,"10.0.3.2",true,["src","sport"]]
	[4,"10.0.9.2",true,["src","sport"]]
	EOF
expect_stdout - "stateless NAPT, TCP: the same hops" -- \
	marks tcp --sport 40000 <<-'EOF'
	1:- 2:N 3:N 4:-
	EOF

# 12: rounds: the hop summaries mark the addresses after the NAT.
nat "$STATELESS"
ok 'trace udp -c 2 --interval 0.2 -j >rounds.jsonl &&
	jq -s -e "[.[] | select(.hops) | [.ttl, (.hops[0].nat // false)]] == [[1,false],[2,true],[3,true],[4,true]]" rounds.jsonl >/dev/null' \
	"rounds: the hop summaries say \"nat\" after the NAT"

# 13-14: a pcap of the run, read back, marks the same hops; pktgraph too.
ok 'trace icmp -w run.pcap >/dev/null && [ "$(pkttrace -q -r run.pcap | grep -c "^[0-9].* \[NAT\]")" = 2 ]' \
	"-w, then -r: the same two hops marked"
ok 'pkttrace -q -r run.pcap -j | pktgraph -j | jq -e -c "[.path[] | .nat // false] == [false,true,true,false]" >/dev/null' \
	"pktgraph: the same hops marked"

# 15-17: IPv6, a stateless NAT66: TCP and ICMPv6 echo probes are known by
# their sequence numbers and the destination (no IP id), UDP probes by
# their checksum, which the NAT fixed for the new source (the probe's
# bytes with the quote's addresses sum to the quote's): the hops after
# r1 marked, and the target's port unreachable for UDP.
nat "$NAT66"
TGT=fd00:9::2
expect_stdout - "stateless NAT66, TCP: hops 2 and 3" -- marks tcp <<-'EOF'
	1:- 2:N 3:N 4:-
	EOF
expect_stdout - "stateless NAT66, ICMPv6: hops 2 and 3" -- marks icmp <<-'EOF'
	1:- 2:N 3:N 4:-
	EOF
expect_stdout - "stateless NAT66, UDP: hops 2 and 3, and the target's unreachable" -- \
	marks udp <<-'EOF'
	1:- 2:N 3:N 4:N
	EOF
