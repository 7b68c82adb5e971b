#!/bin/bash
# pktsr1 and pkttrace generate their probes as they send them: a sweep of
# 4 billion probes starts answering at once, in flat memory, and Ctrl-C
# prints the tally (exit 130).  A probe that could not be sent (no ARP
# reply, no route, refused by the kernel) is accounted for at once: it
# does not hold the wait to the timeout.  (Peak RSS against one probe's:
# bench/sweep.sh.)
# shellcheck disable=SC2016,SC2034 # ok's bodies are eval'ed later (and use variables set here)
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq
lab_need
plan 14

lab_ns a
lab_ns b
lab_link a veth0 10.45.0.1/24 b veth0 10.45.0.2/24
# b owns a whole /16: its kernel answers every SYN to it with a RST.
lab_route a 10.46.0.0/16 10.45.0.2
lab_exec b ip route add local 10.46.0.0/16 dev lo

# elapsed CMD...: run CMD, its wall seconds (2 decimals) in $EL, exit in $RC.
elapsed() {
	local t0 t1
	t0=$(date +%s%N)
	"$@" >"$TEST_DIR/el.out" 2>"$TEST_DIR/el.err"
	RC=$?
	t1=$(date +%s%N)
	EL=$(( (t1 - t0) / 10000000 ))
}

# 1-4: one answered probe and one whose next hop is silent (10.45.0.77:
# no ARP reply, 1.5 s), with -t 5: over as soon as the answer is in.  The
# packet path (--l2), where our own ARP finds the next hop silent; through
# a raw socket the kernel resolves it, and answers the probe itself with
# a host-unreachable after its own ARP gives up, as ping shows.
elapsed lab_exec a pktsr1 --l2 -t 5 'IP(dst="10.45.0.2")/ICMP()' 'IP(dst="10.45.0.77")/ICMP()'
ok '[ "$RC" -eq 1 ]' "answered + silent next hop: exit 1"
ok 'grep -q "10.45.0.77: no ARP reply from the next hop on veth0.*not sent" el.err &&
    grep -q "got 1 answers, remaining 1 packets" el.err' \
	"the silent one is said, and remains"
ok '[ "$EL" -lt 350 ] || { echo "took ${EL}0 ms"; false; }' \
	"pktsr1 -t 5 of it takes under 3.5 s, not 6.6 s (the ARP wait, not the timeout)"
elapsed lab_exec a pktsr1 -t 5 'IP(dst="10.45.0.2")/ICMP()' 'IP(dst="10.99.0.1")/ICMP()'
ok '[ "$RC" -eq 1 ] && grep -q "not sent" el.err && [ "$EL" -lt 250 ]' \
	"answered + no route: exit 1, under 2.5 s with -t 5 (took ${EL}0 ms)"

# 5-6: a probe the kernel refuses (over the MTU): said, not waited for,
# and no JSON pair says it was sent.
big=$(head -c 2000 /dev/zero | tr '\0' A)
elapsed lab_exec a pktsr1 -j -t 5 'IP(dst="10.45.0.2")/ICMP()' "IP(dst=\"10.45.0.2\")/UDP()/\"$big\""
ok '[ "$RC" -eq 1 ] && grep -q "larger than the interface.s MTU: not sent" el.err && [ "$EL" -lt 250 ]' \
	"a probe over the MTU: said, not waited for (took ${EL}0 ms)"
ok '[ "$(wc -l <el.out)" -eq 1 ] && jq -e ".recv != null" el.out >/dev/null' \
	"-j: the answered pair only, none for the refused probe"

# 7-8: pkttrace of a reachable and an unreachable target (silent next
# hop; --l2: our own ARP), -t 5: over once the reachable one has answered.
elapsed lab_exec a pkttrace --l2 -t 5 --maxttl 4 10.45.0.2 10.45.0.77
ok '[ "$RC" -eq 1 ] && grep -q "not sent" el.err' \
	"pkttrace: reachable + unreachable: exit 1, said"
ok '[ "$EL" -lt 350 ] || { echo "took ${EL}0 ms"; false; }' \
	"pkttrace -t 5 of it takes under 3.5 s (the ARP wait, not the timeout)"

# 9-12: IP(dst=/16)/TCP(dport=(1,65535)), 4,294,901,760 probes: answers
# stream out at once, memory stays flat, Ctrl-C prints the tally.
lab_bg a pktsr1 -j 'IP(dst="10.46.0.0/16")/TCP(dport=(1,65535))'
pid=$LAB_BG_PID
lab_wait_for 20 sh -c "[ \$(wc -l <'$LAB_BG_OUT') -ge 2000 ]"
hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$pid/status" 2>/dev/null)
kill -INT "$pid"
wait "$pid"
st=$?
ok '[ "$(wc -l <"$LAB_BG_OUT")" -ge 2000 ]' \
	"a sweep of 4 billion probes answers at once (2,000 pairs within 20 s)"
ok '[ -s "$LAB_BG_OUT" ] && head -1 "$LAB_BG_OUT" | jq -e ".sent.layers[0].dst == \"10.46.0.0\" and .sent.layers[1].dport == 1 and .recv.layers[1].flags == \"RA\"" >/dev/null' \
	"in Scapy's order: 10.46.0.0 port 1 first, answered RA"
case ${PKT_BUILD:-build} in
*asan*) skip 1 "peak RSS: ASan's shadow and quarantine are not the tool's" ;;
*) ok '[ -n "$hwm" ] && [ "$hwm" -lt 65536 ] || { echo "VmHWM ${hwm:-?} kB"; false; }' \
	"peak RSS under 64 MB after 2,000 answers (${hwm:-?} kB)" ;;
esac
ok '[ "$st" -eq 130 ]' "Ctrl-C: exit 130"

# 13-14: Ctrl-C at once (while the paths of a /16 are walked): tally, 130.
ip netns exec "${LAB}a" pktsr1 'IP(dst="10.46.0.0/16")/TCP(dport=(1,65535))' \
	>/dev/null 2>int.err &
pid=$!
sleep 0.3
kill -INT "$pid"
wait "$pid"
st=$?
ok '[ "$st" -eq 130 ]' "Ctrl-C at the start: exit 130"
ok 'grep -q "^Received [0-9]* packets, got [0-9]* answers, remaining [0-9]* packets" int.err' \
	"... and the tally is printed"
