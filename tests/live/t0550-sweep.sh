#!/bin/bash
# Sweeps on a small lab: pkttrace takes prefixes as targets (IPv4 and
# IPv6, every address of the network, as Scapy's traceroute() does), its
# table's columns in address order; a pktsr1 sweep of a /24 where only a
# few hosts are present (short timeouts), on the packet path where pkt
# asks ARP itself (--l2; through a raw IP socket the kernel does), says
# "no ARP reply" once, with a count at the end (-v lists every silent next
# hop) instead of a line per address.
#
#   src 10.0.1.1/24 fd00:1::1/64 -- r1 -- t 10.0.4.2, 10.0.4.3 /29
#                                         fd00:4::2, fd00:4::3 /64
#   src's /24 also holds 10.0.1.3 and 10.0.1.4 (on r1); the rest is silent.
# A host name that does not resolve is said to be one (not "is not an IPv4
# address"); looked up inside the lab, whose namespaces reach no resolver.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq
lab_need
plan 13

lab_ns src
lab_ns r1
lab_ns t
lab_link src eth0 10.0.1.1/24,fd00:1::1/64 r1 eth0 10.0.1.2/24,fd00:1::2/64
lab_link r1 eth1 10.0.4.1/29,fd00:4::1/64 t eth0 10.0.4.2/29,fd00:4::2/64
ip -n "${LAB}t" addr add 10.0.4.3/29 dev eth0
ip -n "${LAB}t" addr add fd00:4::3/64 dev eth0 nodad
ip -n "${LAB}r1" addr add 10.0.1.3/24 dev eth0
ip -n "${LAB}r1" addr add 10.0.1.4/24 dev eth0
lab_route src 10.0.4.0/24 10.0.1.2
lab_route src fd00:4::/64 fd00:1::2
lab_route t 10.0.1.0/24 10.0.4.1
lab_route t fd00:1::/64 fd00:4::1

# ---- pkttrace PREFIX ------------------------------------------------------------
ok 'lab_exec src pkttrace -j -t 1 --maxttl 3 10.0.4.0/30 >v4.jsonl; test $? -le 1 &&
	jq -r .target v4.jsonl | sort -u >got &&
	printf "%s\n" 10.0.4.0 10.0.4.1 10.0.4.2 10.0.4.3 | test_cmp - got' \
	"pkttrace 10.0.4.0/30 traces the four addresses of the network"
ok '(for a in 10.0.4.1:1 10.0.4.2:2 10.0.4.3:2; do
		jq -e -s --arg t "${a%:*}" --argjson h "${a#*:}" \
		    "any(.[]; .target == \$t and .kind == \"reply\" and .ttl == \$h)" v4.jsonl >/dev/null ||
			{ echo "${a%:*} not reached at TTL ${a#*:}"; exit 1; }
	done)' "the hosts of the prefix answer at their distance (r1 at 1, t at 2)"
ok 'lab_exec src pkttrace -j -t 1 --maxttl 3 fd00:4::/126 >v6.jsonl; test $? -le 1 &&
	jq -r .target v6.jsonl | sort -u >got &&
	printf "%s\n" fd00:4:: fd00:4::1 fd00:4::2 fd00:4::3 | test_cmp - got &&
	jq -e -s "any(.[]; .target == \"fd00:4::3\" and .kind == \"reply\" and .ttl == 2)" v6.jsonl >/dev/null' \
	"pkttrace fd00:4::/126: an IPv6 prefix too"
ok 'lab_exec src pkttrace -q -t 1 --maxttl 3 fd00:4::3 10.0.4.3 10.0.4.2/31 >table; test $? -le 1 &&
	head -n 1 table | tr -s " " "\n" | grep . >cols &&
	printf "%s\n" 10.0.4.2:tcp80 10.0.4.3:tcp80 fd00:4::3:tcp80 | test_cmp - cols' \
	"the table's columns in address order, IPv4 first, a target given twice traced once"
expect_stderr_match '"fd00:4::/64": a /64 holds 2\^64 addresses; pkttrace traces at most 4096 IPv6 targets in one run \(a /116\): give a longer prefix' \
	"an IPv6 prefix too large to expand: refused before anything is sent" --code 2 -- \
	lab_exec src pkttrace fd00:4::/64
ok 'echo 10.0.0.0/8 | lab_exec src pkttrace 2>err; test $? = 2 &&
	grep -q "<stdin>:1: \"10.0.0.0/8\": a /8 holds 2^24 addresses; a prefix read from stdin is expanded up to a /16: give it as an argument, with -j" err' \
	"an IPv4 prefix too large on stdin: refused, saying what to do"

# ---- pktsr1 over a /24 with three hosts ----------------------------------------
ok 'lab_exec src pktsr1 --l2 -t 0.5 "IP(dst=\"10.0.1.0/24\")/ICMP()" >out 2>err; test $? = 1 &&
	test "$(grep -c "no ARP reply" err)" = 1 &&
	grep -Eq "^pktsr1: ([0-9]+) next hops in all gave no ARP or NDP reply: [0-9]+ packets not sent \(-v lists each next hop\)\$" err &&
	cnt=$(sed -nE "s/^pktsr1: ([0-9]+) next hops in all.*/\1/p" err) && test "$cnt" -ge 250' \
	"a /24 sweep: one \"no ARP reply\" line, then the count of silent next hops"
ok 'grep -c "echo-reply" out | grep -qx 3 &&
	(for h in 10.0.1.2 10.0.1.3 10.0.1.4; do grep -q "ICMP $h > 10.0.1.1 echo-reply" out ||
		{ echo "no answer from $h"; exit 1; }; done)' \
	"the three hosts present answer"
ok 'awk "/echo-reply/ { sub(/.*time=/, \"\"); if (\$1 + 0 >= 500) bad = 1; n++ }
	    END { exit !(n == 3 && !bad) }" out' \
	"their rtts are their own (under 0.5 s), not the time the silent next hops after them took"
ok 'lab_exec src pktsr1 --l2 -v -t 0.5 "IP(dst=\"10.0.1.0/24\")/ICMP()" >/dev/null 2>err; test $? = 1 &&
	cnt=$(grep -c "no ARP reply from the next hop" err) && test "$cnt" -ge 250 &&
	! grep -q "next hops in all" err' \
	"-v lists each silent next hop"
ok 'lab_exec src pktsr1 --l2 -t 0.5 "IP(dst=\"10.0.1.77\")/ICMP()" >/dev/null 2>err; test $? = 1 &&
	grep -q "^pktsr1: 10.0.1.77: no ARP reply from the next hop on eth0 (is it up and on-link?): not sent" err &&
	! grep -q "next hops in all" err' \
	"one silent next hop: its line, no count"

# ---- a host name that does not resolve (no resolver is reachable here) ----------
expect_stderr_match '^pktsend: spec:1:8: IP\.dst: "nonexistent\.invalid" is not an IPv4 address, and no IPv4 address could be found for it as a host name \(.+\)$' \
	"pktsend: an unresolvable name is said to be one" --code 2 -- \
	lab_exec src pktsend -n 'IP(dst="nonexistent.invalid")/ICMP()'
expect_stderr_match '^pkttrace: "nonexistent\.invalid" is not an IPv4 or IPv6 address, and could not be resolved as a host name \(.+\)$' \
	"pkttrace: the same" --code 2 -- lab_exec src pkttrace nonexistent.invalid
