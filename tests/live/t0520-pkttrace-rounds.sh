#!/bin/bash
# pkttrace's rounds (-c, --interval), mtr's report, hop summaries and
# names, and pktsr1 -c against ping, on a routed lab:
#
#   src 10.0.1.1 -- r1 -- r2 ~~30 ms~~ r3 -- t1 10.0.9.2
#       10.0.53.1 -- d 10.0.53.53 (dnsmasq: PTR), 10.0.53.54 (DNS dropped)
#   r1 +==(ECMP, L4 hash)== ra 10.0.5.2 --+-- t3 10.0.77.1
#      +                    rb 10.0.5.6 --+
# (src -- t1: lab_chain, and d: lab_dns, of tests/lab.sh)
#
# r2 holds every packet that comes back from r3 for 30 ms (NFQUEUE and
# tests/tools/nfqdelay: there is no netem), so TTLs 3 and 4 answer 30 ms
# later than TTLs 1 and 2; r1 drops half of the time-exceeded messages it
# sends (nft numgen), so TTL 1 loses about half and the TTLs after it
# nothing, as mtr shows it.
# shellcheck disable=SC1091,SC2016,SC2034 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq nft dnsmasq ping ss
lab_need
IPT=$(command -v iptables-legacy || command -v iptables) ||
	skip_all "no iptables (the NFQUEUE target delays a link: apt-get install iptables)"
nfqdelay=$PKT_BUILD/tests/nfqdelay
[ -x "$nfqdelay" ] || skip_all "$nfqdelay not built (make units)"
plan 28

lab_chain t1
for ns in ra rb t3; do
	lab_ns "$ns"
done
lab_link r1 eth2 10.0.5.1/30 ra eth0 10.0.5.2/30
lab_link r1 eth3 10.0.5.5/30 rb eth0 10.0.5.6/30
lab_link ra eth1 10.0.7.1/30 t3 eth0 10.0.7.2/30
lab_link rb eth1 10.0.7.5/30 t3 eth1 10.0.7.6/30
ip -n "${LAB}t3" addr add 10.0.77.1/32 dev lo

lab_route ra 10.0.77.0/24 10.0.7.2
lab_route ra 10.0.0.0/16 10.0.5.1
lab_route rb 10.0.77.0/24 10.0.7.6
lab_route rb 10.0.0.0/16 10.0.5.5
lab_route t3 10.0.0.0/16 10.0.7.1
lab_route_ecmp r1 10.0.77.0/24 10.0.5.2 10.0.5.6

# The delay: what r2 forwards from r3's side waits 30 ms.
lab_exec r2 "$IPT" -t mangle -A FORWARD -i eth1 -j NFQUEUE --queue-num 7 ||
	{ echo "Bail out! cannot queue r2's packets"; exit 1; }
lab_bg r2 "$nfqdelay" 7 30
# r1 sends half of its time-exceeded messages.
lab_exec r1 nft -f - <<-'EOF'
	table inet halfloss {
		chain out {
			type filter hook output priority 0;
			icmp type time-exceeded numgen random mod 2 0 drop
		}
	}
EOF
# d: names for the routers, and an address where DNS goes unanswered.
lab_dns src eth1 \
	--ptr-record=2.1.0.10.in-addr.arpa,r1.lab.example \
	--ptr-record=2.2.0.10.in-addr.arpa,r2.lab.example \
	--ptr-record=2.3.0.10.in-addr.arpa,r3.lab.example
# Through the delay once it is there.
lab_wait_for 5 lab_exec src ping -c 1 -W 1 10.0.9.2 >/dev/null ||
	{ echo "Bail out! 10.0.9.2 does not answer"; exit 1; }
lab_wait_for 5 lab_exec src ping -c 1 -W 1 10.0.77.1 >/dev/null

# row FILE TTL COLUMN: a column of the report's row for TTL (2 Loss%,
# 3 Snt, 4 Last, 5 Avg, 6 Best, 7 Wrst, 8 StDev), the address first.
row() {
	awk -v t="$2.|--" -v c="$3" '$1 == t { v = $(NF - 8 + c); sub(/%/, "", v); print v }' "$1"
}
between() {	# VALUE LO HI
	awk -v v="$1" -v lo="$2" -v hi="$3" 'BEGIN { exit !(v != "" && v >= lo && v <= hi) }'
}

# 1-8: the report over 20 rounds: the delay and the loss where they are.
expect_code 0 "--report -c 20: the target reached" -- \
	lab_exec src pkttrace --report -c 20 --interval 0.05 -t 0.3 -n 10.0.9.2
lab_exec src pkttrace --report -c 20 --interval 0.05 -t 0.3 -n 10.0.9.2 >rep 2>/dev/null
ok 'grep -q "^HOST: .* -> 10.0.9.2:tcp80 *Loss%   Snt   Last   Avg  Best  Wrst StDev$" rep' \
	"mtr's header: Loss% Snt Last Avg Best Wrst StDev"
ok 'grep -q "^  4\.|-- 10\.0\.9\.2 " rep && [ "$(row rep 4 3)" = 20 ]' \
	"every TTL up to the target, 20 sent each"
ok 'between "$(row rep 3 5)" 28 45 && between "$(row rep 4 5)" 28 45' \
	"TTLs 3 and 4 behind the 30 ms link: avg $(row rep 3 5) and $(row rep 4 5) ms"
ok 'between "$(row rep 1 5)" 0 5 && between "$(row rep 2 5)" 0 5' \
	"TTLs 1 and 2 before it: avg $(row rep 1 5) and $(row rep 2 5) ms"
ok 'between "$(row rep 1 2)" 15 85' \
	"r1 sends half of its time-exceeded: loss $(row rep 1 2)% at TTL 1"
ok '[ "$(row rep 2 2)" = 0.0 ] && [ "$(row rep 3 2)" = 0.0 ] && [ "$(row rep 4 2)" = 0.0 ]' \
	"no loss after it"
ok 'between "$(row rep 3 7)" "$(row rep 3 5)" 1000 && between "$(row rep 3 5)" "$(row rep 3 6)" 1000' \
	"best <= avg <= worst"

# 9-14: -j: pairs with their round, then the hop summaries; read back.
lab_exec src pkttrace -j -c 3 --interval 0.05 -t 0.3 -n 10.0.9.2 >run.jsonl 2>/dev/null
ok 'jq -e -s "[.[] | select(.sent | type == \"object\") | .round] | unique == [1,2,3]" run.jsonl >/dev/null' \
	"-j -c 3: every pair carries its round"
ok 'jq -e -s "[.[] | select(.hops)] | length == 4 and (map(.ttl) == [1,2,3,4]) and
    (.[3].hops[0].addr == \"10.0.9.2\") and (.[3].hops[0].sent == 3) and
    (.[2].hops[0].avg > 0.028)" run.jsonl >/dev/null' \
	"then a hop summary per TTL, at the end"
ok 'jq -e -s "(map(.hops != null) | index(true)) == (length - 4)" run.jsonl >/dev/null' \
	"the summaries close the run"
expect_stdout run.jsonl "pkttrace -r of a saved -j run: the same records" -- \
	pkttrace -q -r run.jsonl -j
jq -c 'select(.hops)' run.jsonl >sums.jsonl
ok 'pkttrace -q -r run.jsonl --report | grep "|--" >a && pkttrace -q -r sums.jsonl --report |
    grep "|--" >b && test_cmp a b && [ "$(wc -l <a)" = 4 ]' \
	"pkttrace -r --report: the same rows from the whole run and from its summaries"
ok 'lab_exec src pkttrace -j -c 3 -n -t 0.3 --interval 0.05 10.0.9.2 2>/dev/null |
    pktgraph -T dot >g.dot && for a in 10.0.2.2 10.0.3.2 10.0.9.2; do grep -q "\"$a\"" g.dot || exit 1; done' \
	"pktgraph draws a multi-round run"

# 15-18: the ECMP diamond: one flow keeps one branch; --sport LO-HI, a
# port per round, lists both at TTL 2.
lab_exec src pkttrace --report -c 4 --interval 0.05 -t 0.3 -n 10.0.77.1 >one 2>/dev/null
ok '[ "$(grep -c "10\.0\.5\.[26] " one)" = 1 ]' "a stable flow: one branch over 4 rounds"
lab_exec src pkttrace --report -c 16 --interval 0.05 -t 0.3 -n --sport 33000-33015 \
	10.0.77.1 >both 2>/dev/null
ok 'grep -q "^  2\.|-- 10\.0\.5\.[26] " both && grep -q "^    |   10\.0\.5\.[26] " both &&
    grep -q "10\.0\.5\.2 " both && grep -q "10\.0\.5\.6 " both' \
	"--sport 33000-33015: both branches at TTL 2"
lab_exec src pkttrace -j -c 16 --interval 0.05 -t 0.3 -n --sport 33000-33015 \
	10.0.77.1 2>/dev/null | pktgraph -T dot >ecmp.dot 2>/dev/null
ok 'grep -q "\"10.0.5.2\"" ecmp.dot && grep -q "\"10.0.5.6\"" ecmp.dot' \
	"pktgraph of it: both branches drawn"
ok 'pkttrace --sport 33005-33001 -n 10.0.77.1 2>err; [ $? = 2 ] && grep -q "the range goes down" err' \
	"--sport HI-LO refused"

# 19-22: names from dnsmasq; a resolver that never answers delays nothing
# but the end, by no more than the names' 1 s.
lab_exec src pkttrace --report -c 2 --interval 0.05 -t 0.3 --dns-server 10.0.53.53 \
	10.0.9.2 >named 2>/dev/null
ok 'grep -q "^  2\.|-- r2\.lab\.example (10\.0\.2\.2) " named &&
    grep -q "^  3\.|-- r3\.lab\.example (10\.0\.3\.2) " named &&
    grep -q "^  4\.|-- 10\.0\.9\.2 " named' "the report names the hops (PTR from dnsmasq)"
t0=$EPOCHREALTIME
lab_exec src pkttrace -j -c 4 --interval 0.3 -t 0.3 --dns-server 10.0.53.54 \
	10.0.9.2 >silent.jsonl 2>/dev/null
src=$?
ms=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }')
ok '[ "$src" = 0 ] && jq -e -s "[.[] | select(.hops)] | length == 4 and all(.[].hops[]; has(\"name\") | not)" silent.jsonl >/dev/null' \
	"a silent resolver: the run completes, without names"
gap=$(jq -s '[.[] | select((.sent | type) == "object" and .ttl == 1) | .sent.time] | (.[3] - .[0]) * 1000 | floor' silent.jsonl)
ok 'between "$gap" 850 1050' "rounds kept their 0.3 s interval meanwhile (${gap} ms for 3)"
ok '[ "$ms" -lt 3000 ]' "the end waited at most the names' 1 s (${ms} ms for 4 rounds)"
ok 'lab_exec src pkttrace -n --report -c 1 -t 0.3 10.0.9.2 | grep -q "^  2\.|-- 10\.0\.2\.2 "' \
	"-n: numbers only"

# 23-24: Ctrl-C: the report of what was gathered, exit 130.
ip netns exec "${LAB}src" pkttrace --report -c 0 --interval 0.1 -t 0.3 -n 10.0.9.2 \
	>int.out 2>/dev/null &
pid=$!
sleep 1.5
kill -INT "$pid"
wait "$pid"
irc=$?
ok '[ "$irc" = 130 ]' "SIGINT: exit 130 (got $irc)"
ok 'between "$(row int.out 4 3)" 3 30 && grep -q "^HOST:" int.out' \
	"the report of the rounds done is printed ($(row int.out 4 3) sent)"

# 25-27: pktsr1 -c against ping on the same path.
lab_exec src ping -n -c 5 -i 0.2 10.0.9.2 >ping.out 2>&1
lab_exec src pktsr1 -c 5 --interval 0.2 'IP(dst="10.0.9.2")/ICMP()' >sr1.out 2>/dev/null
ok 'grep "packets transmitted" ping.out | cut -d, -f1-3 >a && grep "packets transmitted" sr1.out |
    cut -d, -f1-3 >b && test_cmp a b && [ "$(grep -c "^8 bytes from 10.0.9.2: icmp_seq=[0-9]* ttl=61 time=" sr1.out)" = 5 ]' \
	"pktsr1 -c 5: ping's lines, and its summary: $(grep transmitted sr1.out)"
pavg=$(sed -n 's|^rtt min/avg/max/mdev = [^/]*/\([^/]*\)/.*|\1|p' ping.out)
savg=$(sed -n 's|^rtt min/avg/max/mdev = [^/]*/\([^/]*\)/.*|\1|p' sr1.out)
ok 'awk -v p="$pavg" -v s="$savg" "BEGIN { exit !(p > 0 && s > 0 && s / p > 0.8 && s / p < 1.25) }"' \
	"the same avg as ping's (ping ${pavg} ms, pktsr1 ${savg} ms)"
lab_exec src pktsr1 -j -c 3 --interval 0.1 'IP(dst="10.0.9.2")/ICMP()' >sr1.jsonl 2>/dev/null
ok 'jq -e -s "([.[] | select(.sent | type == \"object\") | .round] == [1,2,3]) and
    (.[3].probe == 1 and .[3].hops[0].recv == 3 and .[3].hops[0].mdev >= 0)" sr1.jsonl >/dev/null' \
	"pktsr1 -j -c 3: pairs with round, then the probe's summary"
