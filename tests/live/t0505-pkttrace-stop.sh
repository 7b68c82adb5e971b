#!/bin/bash
# pkttrace sends no TTL above the one where a target's path ended, once
# that answer is in, without giving up the one burst: the probes go TTL
# by TTL, and the answers already back are read between small batches.
# Counted on the wire (an nft counter on r1, where every probe arrives)
# and in the records, on a routed lab:
#
#   src 10.0.1.1 -- r1 -- r2 -- r3 -- t1 10.0.9.2, 10.0.99.1-16 (4 hops)
#   (lab_chain of tests/lab.sh, t1 owning 10.0.99.1-16 too)
#
# In this lab every answer is back before the send call returns (the veth
# transmit runs the other namespaces' forwarding), so the default sends
# TTLs 1 to 4 and stops; --all-ttls sends every TTL (Scapy's); with r2
# holding what comes back from r3 for 200 ms (NFQUEUE and
# tests/tools/nfqdelay, as there is no netem) nothing ends a path before
# the burst is out, and every TTL goes at once, as before.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq nft
lab_need
plan 13

lab_chain t1
for n in $(seq 1 16); do
	ip -n "${LAB}t1" addr add "10.0.99.$n/32" dev lo
done
lab_route r1 10.0.99.0/24 10.0.2.2
lab_route r2 10.0.99.0/24 10.0.3.2
lab_route r3 10.0.99.0/24 10.0.9.2
# Every probe that reaches r1, counted.
lab_exec r1 nft -f - <<-'EOF' || { echo "Bail out! nft failed"; exit 1; }
	table inet pktcount {
		counter probes { }
		chain pre {
			type filter hook prerouting priority -300;
			ip saddr 10.0.1.1 meta l4proto { tcp, udp } counter name probes
			ip saddr 10.0.1.1 icmp type echo-request counter name probes
		}
	}
EOF

# probes CMD...: run CMD in src (its stdout in run.out), print how many
# probes reached r1.
probes() {
	local before after
	before=$(lab_exec r1 nft -j list counter inet pktcount probes | jq '.nftables[1].counter.packets')
	lab_exec src "$@" >run.out 2>run.err
	after=$(lab_exec r1 nft -j list counter inet pktcount probes | jq '.nftables[1].counter.packets')
	echo $((after - before))
}
# ttls FILE: the TTLs of the records of FILE, sorted, on one line.
ttls() {
	jq -r .ttl "$1" | sort -n | tr '\n' ' '
}

# 1-4: the default stops above the target's distance.  (A run where the
# kernel left the forwarding to ksoftirqd may send a few more: one of
# three runs is asked for.)
ok '(for i in 1 2 3; do
	got=$(probes pkttrace -q -j -t 1 10.0.9.2) &&
	[ "$got" -eq 4 ] && [ "$(ttls run.out)" = "1 2 3 4 " ] && exit 0
    done; echo "last run: $got probes, TTLs $(ttls run.out)"; exit 1)' \
	"TCP: TTLs 1 to 4 sent (4 probes on the wire), one record each, none above"
ok '(for l4 in udp icmp; do
	for i in 1 2 3; do
		got=$(probes pkttrace -q -j -t 1 --l4 $l4 10.0.9.2) &&
		[ "$got" -eq 4 ] && [ "$(ttls run.out)" = "1 2 3 4 " ] && continue 2
	done; echo "$l4: $got probes, TTLs $(ttls run.out)"; exit 1
    done)' "UDP and ICMP: the same 4 probes (port unreachable, echo reply from the target)"
ok '(for i in 1 2 3; do
	got=$(probes pkttrace -q -j -t 1 $(seq -f "10.0.99.%g" 1 16)) &&
	[ "$got" -eq 64 ] && jq -e -s "length == 64 and (group_by(.target) | length == 16 and
		all(map(.ttl) | sort == [1,2,3,4]))" run.out >/dev/null && exit 0
    done; echo "last run: $got probes"; exit 1)' \
	"16 targets in one burst: 4 TTLs each (64 probes, not 480)"
cat >table.exp <<-'EOF'
	  10.0.9.2:tcp80     
	1 10.0.1.2        11 
	2 10.0.2.2        11 
	3 10.0.3.2        11 
	4 10.0.9.2        RA 
	EOF
expect_stdout table.exp "the table is the same" -- \
	lab_exec src pkttrace -q -t 1 10.0.9.2

# 5: an unreachable ends a path as well: r2 rejects what it would
# forward, so TTL 3 gets an unreachable from r2 and no TTL above 3 goes.
lab_exec r2 nft -f - <<-'EOF'
	table inet pktreject {
		chain fw {
			type filter hook forward priority 0;
			ip daddr 10.0.9.2 reject with icmp type admin-prohibited
		}
	}
EOF
ok '(for i in 1 2 3; do
	got=$(probes pkttrace -q -j -t 1 10.0.9.2)
	[ "$got" -eq 3 ] && [ "$(ttls run.out)" = "1 2 3 " ] &&
	jq -e -s ".[2].kind == \"unreachable\" and .[2].hop == \"10.0.2.2\"" run.out >/dev/null && exit 0
    done; echo "last run: $got probes, TTLs $(ttls run.out)"; exit 1)' \
	"an unreachable from r2 at TTL 3 ends the path: 3 probes"
lab_exec r2 nft delete table inet pktreject

# 6-8: --all-ttls, Scapy's: every TTL whatever answers.
ok 'got=$(probes pkttrace -q -j -t 1 --all-ttls 10.0.9.2) && [ "$got" -eq 30 ] &&
    [ "$(ttls run.out)" = "$(seq 1 30 | tr "\n" " ")" ] &&
    jq -e -s "map(select(.ttl >= 4)) | length == 27 and all(.hop == \"10.0.9.2\")" run.out >/dev/null' \
	"--all-ttls: 30 probes on the wire, a record each, the target answers TTLs 4 to 30"
ok 'got=$(probes pkttrace -q -j -t 1 --all-ttls --maxttl 8 $(seq -f "10.0.99.%g" 1 16)) &&
    [ "$got" -eq 128 ] && jq -e -s "length == 128" run.out >/dev/null' \
	"--all-ttls --maxttl 8, 16 targets: 128 probes"
ok 'got=$(probes pkttrace -j -t 1 --stateless --all-ttls --maxttl 8 10.0.9.2) &&
    [ "$got" -eq 8 ] && grep -q "Sent 8 probes to 1 targets .*; 0 past their target not sent," run.err' \
	"--stateless --all-ttls: every TTL, none skipped"

# 9-10: rounds stop at the target too, each round.
ok 'got=$(probes pkttrace -q -j -t 1 -c 3 --interval 0 10.0.9.2) && [ "$got" -le 16 ] &&
    jq -e -s "map(select(.ttl != null and .round != null)) | group_by(.round) | length == 3 and
	all(map(.ttl) | max <= 4)" run.out >/dev/null' \
	"-c 3: every round stops at the target"
ok 'got=$(probes pkttrace -q -j -t 1 -c 2 --interval 0 --all-ttls 10.0.9.2) && [ "$got" -eq 60 ]' \
	"-c 2 --all-ttls: every TTL in every round"

# 11-13: a link with a delay: r2 holds what comes back from r3 for 200 ms.
IPT=$(command -v iptables-legacy || command -v iptables)
nfqdelay=$PKT_BUILD/tests/nfqdelay
if [ -n "$IPT" ] && [ -x "$nfqdelay" ] &&
    lab_exec r2 "$IPT" -t mangle -A FORWARD -i eth1 -j NFQUEUE --queue-num 5; then
	lab_bg r2 "$nfqdelay" 5 200
	sleep 0.2
	# The run ends once TTLs 1 to 4 are in: the target's answers to the
	# TTLs above that came with its own are kept, the rest not waited for.
	ok 'got=$(probes pkttrace -q -j -t 2 10.0.9.2) && [ "$got" -eq 30 ] &&
	    jq -e -s "(map(.ttl) | sort | .[0:4] == [1,2,3,4]) and
		all(.kind != \"timeout\") and all(.ttl <= 4 or .hop == \"10.0.9.2\")" run.out >/dev/null' \
		"200 ms behind r2: nothing came back in time, all 30 TTLs sent"
	ok 'jq -e -s "(map(.sent.time) | max - min) < 0.1 and
		(map(select(.ttl >= 3) | .rtt) | min) > 0.15" run.out >/dev/null' \
		"in one burst: the 30 probes left within 100 ms, the answers from past r2 took 200 ms"
	expect_stdout table.exp "the table is the same" -- \
		lab_exec src pkttrace -q -t 2 10.0.9.2
else
	skip 3 "no iptables NFQUEUE or $nfqdelay (make units): no delayed link"
fi
