#!/bin/bash
# Answers from elsewhere (SPEC section 5, Scapy's conf.checkIPaddr and
# conf.checkIPsrc): a LAN of three hosts on a bridge answers a broadcast
# ping, every host's answer kept with --no-checkipaddr --multi (the
# example of pktsr1(1), run as written); a router that rewrites the
# probes' source without restoring it in ICMP errors (a stateless NAT),
# whose errors match with --no-checkipsrc; and without the options,
# Scapy's default rules: neither is an answer.
# shellcheck disable=SC2016 # ok's bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq nft
lab_need
plan 17

# The LAN: 10.0.0.1-3 on a bridge in its own namespace (the man page's
# addresses, so that its example runs as printed).
lab_ns lan
ip -n "${LAB}lan" link add br0 type bridge 2>/dev/null ||
	skip_all "no bridge devices here"
ip -n "${LAB}lan" link set br0 up
n=0
for h in a b c; do
	n=$((n + 1))
	lab_ns "$h"
	lab_link "$h" eth0 "10.0.0.$n/24" lan "p$h" -
	ip -n "${LAB}lan" link set "p$h" master br0
	lab_exec "$h" sysctl -q -w net.ipv4.icmp_echo_ignore_broadcasts=0
done
lab_wait_for 5 lab_exec a ping -c1 -W1 10.0.0.3

bcast='Ether(dst="ff:ff:ff:ff:ff:ff")/IP(dst="10.0.0.255")/ICMP()'

# 1-2: Scapy's default: the answers come from 10.0.0.2 and .3, not from
# where the probe went, so none is an answer.
expect_code 1 "broadcast ping without the option: no answer (Scapy's checkIPaddr)" -- \
	lab_exec a pktsr1 --multi -t 1 -i eth0 "$bcast"
expect_stderr_match '^Received 2 packets, got 0 answers, remaining 1 packets' \
	"and both replies were seen" -- lab_exec a pktsr1 --multi -t 1 -i eth0 "$bcast"

# 3-6: the example of pktsr1(1), as printed.
example=$(sed -n '/^Every answer to a broadcast ping/,/^\.Ed/p' \
	"$PKT_TOP/man/pktsr1.1" | sed -n '/^pktsr1 /,/^\.Ed/p' | sed '/^\.Ed/d; s/\\e$/\\/')
diag "the example: $example"
ok '[[ $example == "pktsr1 --no-checkipaddr --multi -t 3 -i eth0"* ]]' \
	"pktsr1(1) has the broadcast example"
lab_exec a bash -c "$example" >bc.out 2>bc.err
ok 'grep -q "ICMP 10.0.0.2 > 10.0.0.1 echo-reply" bc.out' "the example: 10.0.0.2's answer"
ok 'grep -q "ICMP 10.0.0.3 > 10.0.0.1 echo-reply" bc.out && [ "$(wc -l <bc.out)" -eq 2 ]' \
	"the example: 10.0.0.3's answer, one line each"
ok 'grep -q "^Received 2 packets, got 2 answers, remaining 0 packets" bc.err' \
	"the tally counts both answers, as Scapy's len(ans)"

# 7: without --multi, the first answer only.
ok '[ "$(lab_exec a pktsr1 --no-checkipaddr -t 1 -i eth0 "$bcast" | wc -l)" -eq 1 ]' \
	"without --multi: the first answer"

# 8: -j: a pair per answer, both to the one probe.
ok '[ "$(lab_exec a pktsr1 --no-checkipaddr --multi -t 1 -i eth0 -j "$bcast" |
	jq -r ".recv.layers[1].src" | sort | tr "\n" " ")" = "10.0.0.2 10.0.0.3 " ]' \
	"-j: one pair per member"

# 9: the config key, and the option beats nothing else.
printf 'checkipaddr = no\n' >noaddr.conf
ok '[ "$(lab_exec a pktsr1 --config noaddr.conf --multi -t 1 -i eth0 "$bcast" | wc -l)" -eq 2 ]' \
	"config key checkipaddr = no: both answers"

# 10: --no-checkipsrc alone does not take answers from elsewhere.
expect_code 1 "--no-checkipsrc does not relax the reply's address" -- \
	lab_exec a pktsr1 --no-checkipsrc --multi -t 1 -i eth0 "$bcast"

# The NAT: x (10.45.1.2) -- r -- y (10.45.2.2); r rewrites x's source
# to its own 10.45.2.1 on the way out and the destination back on the
# way in, without conntrack, so y's ICMP errors quote 10.45.2.1.
lab_ns x; lab_ns r; lab_ns y
lab_link x eth0 10.45.1.2/24 r eth0 10.45.1.1/24
lab_link r eth1 10.45.2.1/24 y eth0 10.45.2.2/24
lab_route x 10.45.2.0/24 10.45.1.1
udp='IP(dst="10.45.2.2")/UDP(sport=4000,dport=33434)'

# 11: first a stateful SNAT: Linux restores the quote, so the errors
# match under Scapy's default rules.
lab_exec r nft -f - <<'NFT'
table ip pkt_nat {
	chain post { type nat hook postrouting priority srcnat; oifname "eth1" snat to 10.45.2.1; }
}
NFT
ok 'lab_exec x pktsr1 -t 1 "$udp" | grep -q "dest-unreach port-unreachable / IPerror / UDPerror"' \
	"stateful SNAT: the kernel restores the quote, matched by default"

lab_exec r nft flush ruleset
lab_exec r nft -f - <<'NFT'
table ip pkt_rw {
	chain post {
		type filter hook postrouting priority -300;
		oifname "eth1" ip saddr 10.45.1.2 ip saddr set 10.45.2.1;
	}
	chain pre {
		type filter hook prerouting priority -300;
		iifname "eth1" ip daddr 10.45.2.1 ip daddr set 10.45.1.2;
	}
}
NFT

# 12-13: the quote has the rewritten source: Scapy's checkIPsrc refuses it.
expect_code 1 "stateless NAT: the error quoting 10.45.2.1 is no answer by default" -- \
	lab_exec x pktsr1 -t 1 "$udp"
expect_stderr_match '^Received 1 packets, got 0 answers' \
	"and the error was seen" -- lab_exec x pktsr1 -t 1 "$udp"

# 14-15: with the option, or the config key, it answers.
ok 'lab_exec x pktsr1 --no-checkipsrc -t 1 "$udp" | grep -q "ICMP 10.45.2.2 > 10.45.1.2 dest-unreach port-unreachable / IPerror / UDPerror"' \
	"--no-checkipsrc: the rewritten quote matches"
printf 'checkipsrc = no\n' >nosrc.conf
ok 'lab_exec x pktsr1 --config nosrc.conf -t 1 "$udp" | grep -q "port-unreachable"' \
	"config key checkipsrc = no"

# 16: --no-checkipaddr alone does not take a rewritten quote.
expect_code 1 "--no-checkipaddr does not relax the quote" -- \
	lab_exec x pktsr1 --no-checkipaddr -t 1 "$udp"

# 17: the quote is still told apart by the probe's IP id (its ports are
# not compared now): with --multi each error could pair with both probes,
# and pairs only with the one it quotes.
ok '[ "$(lab_exec x pktsr1 --no-checkipsrc --multi -t 1 -j \
	"IP(dst=\"10.45.2.2\",id=7)/UDP(sport=4000,dport=33434)" \
	"IP(dst=\"10.45.2.2\",id=8)/UDP(sport=4000,dport=33435)" |
	jq -r "select(.recv) | (.sent.layers[2].dport == .recv.layers[4].dport)" |
	sort | uniq -c | tr -s " ")" = " 2 true" ]' \
	"--no-checkipsrc: each error paired only with the probe it quotes (IP id)"
