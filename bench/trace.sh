#!/bin/bash
# bench/trace.sh: how long a whole traceroute takes, to one target and to
# 16, for pkttrace, traceroute(8), scamper and Scapy's traceroute(), in
# one run, over the same routed lab: a chain of network namespaces (src,
# r1 ... r7, dst), the target 8 hops away, 16 target addresses on dst;
# first with every hop answering, then with a silent hop (r3 sends no
# time-exceeded), where each tool has to wait for what never comes.
#
#	bench/trace.sh [RUNS [rounds|hops4]]	(default 5 runs of each; Scapy 2;
#				 "rounds": only the rounds part below;
#				 "hops4": only the first part)
#
# Then rounds, as mtr: with delays on two links of the chain (r2 holds
# what comes back from r3 for 10 ms, r5 what comes back from r6 for 20 ms:
# NFQUEUE and tests/tools/nfqdelay, as this kernel has no netem), the
# silent hop answering again, `pkttrace --report -c 10` beside `mtr -r -c
# 10`, both ICMP (mtr's default), numbers only, at the same interval
# (0.2 s and 1 s): the wall time of each, and their per-hop Avg side by
# side (mtr is a Debian package; the part is skipped without it, iptables
# or build/tests/nfqdelay).
#
# First, with hyperfine inside src (unless BENCH_HOPS4=0; BENCH_N runs,
# default 100): pkttrace to 1, 16 and 64 targets 4 hops away (addresses
# on r4) against traceroute -T to one of them, every hop answering at
# once, which is where fixed costs show; medians and minimums; then
# pkttrace --all-ttls (Scapy's every TTL) and scamper's TCP trace to 1,
# 16 and 64 of them (BENCH_N / 2 runs), and the probes each command sends
# (an nft counter on r1, one run each).
#
# Each tool traces with the probes it is known for, to every hop up to
# the target, one probe per hop, waiting at most 1 s for an answer:
#   pkttrace -t 1     TCP SYN to port 80 (its default), and --l4 udp
#   traceroute -n -q 1 -w 1           UDP (its default), -I (ICMP), -T (TCP)
#   scamper -c "trace -q 1 -w 1" -p 10000      UDP-paris and ICMP-paris
#   Scapy traceroute(maxttl=30, timeout=1)     TCP SYN to port 80
# For 16 targets pkttrace, scamper and Scapy take them all in one run;
# traceroute(8) traces one target at a time, as in a shell loop.  The time
# is the wall time of the whole command (for Scapy: including its import,
# a second or so; the import alone is printed too).  Every hop answers at
# once (the routers' ICMP rate limits are off), so this measures the tools,
# not the network: the time left after the answers is each tool's waiting.
#
# Each command is checked first: it must name the last router and the
# targets (a tool that finds only some is timed, and says how many).  Needs
# root, bin/pkttrace (make); traceroute, scamper, python3-scapy are
# Debian packages, each skipped when missing.  Nothing leaves the lab.
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
PKTTRACE=${PKTTRACE:-$TOP/bin/pkttrace}
RUNS=${1:-5}
RUNS_SCAPY=2
[ -x "$PKTTRACE" ] || { echo "trace.sh: no $PKTTRACE (run make)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "trace.sh: needs root (namespaces)" >&2; exit 2; }

# shellcheck source=tests/lab.sh
. "$TOP/tests/lab.sh"
nodes=(src r1 r2 r3 r4 r5 r6 r7 dst)
for n in "${nodes[@]}"; do
	lab_ns "$n"
done
# Link i: 10.8.i.0/30 between nodes[i] (.1) and nodes[i+1] (.2).
for ((i = 0; i < ${#nodes[@]} - 1; i++)); do
	lab_link "${nodes[i]}" eth1 "10.8.$i.1/30" "${nodes[i + 1]}" eth0 "10.8.$i.2/30"
done
for ((i = 0; i < ${#nodes[@]} - 1; i++)); do
	lab_route "${nodes[i]}" 10.9.0.0/16 "10.8.$i.2"		# forward
	lab_route "${nodes[i + 1]}" 10.8.0.0/16 "10.8.$i.1"	# back
done
for t in $(seq 1 16); do
	ip -n "${LAB}dst" addr add "10.9.$t.1/32" dev lo
done
# 64 more targets 4 hops away, on r4.
for ((i = 0; i < 4; i++)); do
	lab_route "${nodes[i]}" 10.10.0.0/16 "10.8.$i.2"
done
for t in $(seq 1 64); do
	ip -n "${LAB}r4" addr add "10.10.$t.1/32" dev lo
done
T1=10.9.1.1
mapfile -t T16 < <(seq -f '10.9.%g.1' 1 16)
lab_wait_for 5 lab_exec src ping -c 1 -W 1 "$T1" >/dev/null ||
	{ echo "trace.sh: the lab does not route" >&2; exit 1; }

if [ "${BENCH_HOPS4:-1}" != 0 ] && command -v hyperfine >/dev/null 2>&1; then
	N4=${BENCH_N:-100}
	H16=$(seq -f '10.10.%g.1' 1 16 | tr '\n' ' ')
	H64=$(seq -f '10.10.%g.1' 1 64 | tr '\n' ' ')
	lab_wait_for 5 lab_exec src ping -c 1 -W 1 10.10.1.1 >/dev/null
	echo "== 4 hops away, every hop answering; hyperfine in src, $N4 runs"
	ip netns exec "${LAB}src" hyperfine -N --warmup 5 --runs "$N4" --style none \
		--export-json "$TEST_DIR/hops4.json" \
		"traceroute -n -q 1 -w 1 -T 10.10.1.1" \
		"$PKTTRACE -q -t 1 10.10.1.1" \
		"$PKTTRACE -q -t 1 $H16" \
		"$PKTTRACE -q -t 1 $H64" >/dev/null 2>&1 ||
		echo "trace.sh: hyperfine failed"
	jq -r '.results[] | [(.command | if length > 44 then .[0:41] + "..." else . end),
		(.median * 1000), (.min * 1000), (.mean * 1000)] |
		"\(.[0] | . + " " * (44 - length)) median \(.[1] | . * 100 | round / 100) ms, min \(.[2] | . * 100 | round / 100), mean \(.[3] | . * 100 | round / 100)"' \
		"$TEST_DIR/hops4.json"
	jq -r '.results as $r | "pkttrace 1 / traceroute -T = \($r[1].median / $r[0].median * 100 | round / 100) (aim <= 1.0)",
		"16 targets / 1 = \($r[2].median / $r[1].median * 100 | round / 100) (aim <= 1.2)",
		"64 targets / 1 = \($r[3].median / $r[1].median * 100 | round / 100) (aim <= 2)"' "$TEST_DIR/hops4.json"
	SC="scamper -O text -p 10000 -c 'trace -P tcp -q 1 -w 1' -i"
	ip netns exec "${LAB}src" hyperfine -N --warmup 3 --runs "$((N4 / 2))" --style none \
		--export-json "$TEST_DIR/hops4b.json" \
		"$PKTTRACE -q -t 1 --all-ttls 10.10.1.1" \
		"$PKTTRACE -q -t 1 --all-ttls $H16" \
		"$SC 10.10.1.1" "$SC $H16" "$SC $H64" >/dev/null 2>&1 ||
		echo "trace.sh: hyperfine (second set) failed"
	jq -r '.results[] | [(.command | if length > 44 then .[0:41] + "..." else . end),
		(.median * 1000), (.min * 1000)] |
		"\(.[0] | . + " " * (44 - length)) median \(.[1] | . * 100 | round / 100) ms, min \(.[2] | . * 100 | round / 100)"' \
		"$TEST_DIR/hops4b.json"
	jq -r '.results as $r | "scamper 16 targets / 1 = \($r[3].median / $r[2].median * 100 | round / 100), 64 / 1 = \($r[4].median / $r[2].median * 100 | round / 100)"' \
		"$TEST_DIR/hops4b.json"
	echo "probes sent by one run (counted as they reach r1):"
	lab_exec r1 nft -f - <<-'EOF'
	table inet pktcount {
		counter probes { }
		chain pre {
			type filter hook prerouting priority -300;
			ip saddr 10.8.0.1 counter name probes
		}
	}
	EOF
	for cmd in "traceroute -n -q 1 -w 1 -T 10.10.1.1" "$PKTTRACE -q -t 1 10.10.1.1" \
	    "$PKTTRACE -q -t 1 --all-ttls 10.10.1.1" "$SC 10.10.1.1" \
	    "$PKTTRACE -q -t 1 $H16" "$SC $H16" "$PKTTRACE -q -t 1 $H64" "$SC $H64"; do
		lab_exec r1 nft reset counter inet pktcount probes >/dev/null
		lab_exec src sh -c "$cmd" >/dev/null 2>&1
		printf '  %6s  %s\n' "$(lab_exec r1 nft -j list counter inet pktcount probes |
			jq '.nftables[1].counter.packets')" "$(echo "$cmd" | cut -c1-70)"
	done
	lab_exec r1 nft delete table inet pktcount
	echo
fi
[ "${2:-}" = hops4 ] && exit 0

# One line: the cases below are read a line each.
SCAPY_TR='import sys; from scapy.all import traceroute, conf; conf.verb = 0; r, u = traceroute(sys.argv[1:], maxttl=30, timeout=1, verbose=0); print(" ".join(sorted(set(x[1].src for x in r))))'

# name|runs|check|command (run in namespace src; $T is the target list)
cases=(
	"pkttrace tcp|$RUNS|pkttrace|$PKTTRACE -q -t 1 \$T"
	"pkttrace udp|$RUNS|pkttrace|$PKTTRACE -q -t 1 --l4 udp \$T"
	"traceroute udp|$RUNS|traceroute|for t in \$T; do traceroute -n -q 1 -w 1 \$t; done"
	"traceroute -I|$RUNS|traceroute|for t in \$T; do traceroute -n -q 1 -w 1 -I \$t; done"
	"traceroute -T|$RUNS|traceroute|for t in \$T; do traceroute -n -q 1 -w 1 -T \$t; done"
	"scamper udp|$RUNS|scamper|scamper -O text -p 10000 -c 'trace -P udp-paris -q 1 -w 1' -i \$T"
	"scamper icmp|$RUNS|scamper|scamper -O text -p 10000 -c 'trace -P icmp-paris -q 1 -w 1' -i \$T"
	"scapy tcp|$RUNS_SCAPY|scapy|/usr/bin/python3 -c '$SCAPY_TR' \$T"
)

have() {
	case $1 in
	pkttrace) : ;;
	scapy) /usr/bin/python3 -c 'import scapy' 2>/dev/null ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

# mean_ms RUNS CMD: the mean wall time of CMD in src, in ms.
mean_ms() {
	local runs=$1 cmd=$2 i t0 t1 sum=0
	for ((i = 0; i < runs; i++)); do
		t0=$(date +%s%N)
		lab_exec src bash -c "$cmd" >/dev/null 2>&1
		t1=$(date +%s%N)
		sum=$((sum + (t1 - t0) / 1000))
	done
	awk -v s="$sum" -v n="$runs" 'BEGIN { printf "%.1f", s / n / 1000 }'
}

declare -A ms=()
scens=("1" "16" "1 silent" "16 silent")
[ "${2:-}" = rounds ] && scens=()
for scen in "${scens[@]}"; do
	set=${scen%% *}
	if [ "$scen" = "1 silent" ]; then
		# r3 (hop 3) sends no time-exceeded from now on.
		lab_exec r3 nft -f - <<-'EOF' || { echo "trace.sh: nft failed" >&2; exit 2; }
		table inet pktbench {
			chain out {
				type filter hook output priority 0;
				icmp type time-exceeded drop
				icmpv6 type time-exceeded drop
			}
		}
		EOF
	fi
	if [ "$set" = 1 ]; then T=$T1; else T="${T16[*]}"; fi
	echo "== $scen: $set target(s), 8 hops away${scen#"$set"}; $RUNS runs each, Scapy $RUNS_SCAPY"
	printf '%-16s %10s  %s\n' tool "mean ms" "command"
	for c in "${cases[@]}"; do
		IFS='|' read -r name runs tool cmd <<<"$c"
		cmd=${cmd//\$T/$T}
		if ! have "$tool"; then
			printf '%-16s %10s  %s\n' "$name" - "(not installed)"
			continue
		fi
		# The last router and the targets must appear.
		out=$(lab_exec src bash -c "$cmd" 2>&1)
		found=$(grep -o '10\.9\.[0-9]*\.1' <<<"$out" | sort -u | wc -l)
		if [ "$found" -eq 0 ] || ! grep -q "10\.8\.6\.2" <<<"$out"; then
			printf '%-16s %10s  %s\n' "$name" - "(did not find the path: $(head -c 120 <<<"$out" | tr '\n' ' '))"
			continue
		fi
		note=""
		[ "$found" -ge "$set" ] || note=" (found $found of $set targets)"
		ms["$name/$scen"]=$(mean_ms "$runs" "$cmd")
		printf '%-16s %10s  %s\n' "$name" "${ms["$name/$scen"]}" "${cmd:0:80}$note"
	done
	echo
done
if have scapy && [ "${#scens[@]}" -gt 0 ]; then
	t0=$(date +%s%N)
	/usr/bin/python3 -c 'import scapy.all' 2>/dev/null
	t1=$(date +%s%N)
	echo "(Scapy's import alone: $(( (t1 - t0) / 1000000 )) ms)"
fi

ratio() {	# ratio A B: A / B, or "-"
	if [ -z "${ms[$1]:-}" ] || [ -z "${ms[$2]:-}" ]; then
		echo "-"
		return
	fi
	awk -v a="${ms[$1]}" -v b="${ms[$2]}" 'BEGIN { printf "%.2f", a / b }'
}
[ "${#scens[@]}" -gt 0 ] &&
	echo "ratios (time of the other tool / time of pkttrace; above 1: pkttrace is faster)"
for scen in "${scens[@]}"; do
	echo "  $scen: traceroute udp / pkttrace udp = $(ratio "traceroute udp/$scen" "pkttrace udp/$scen")," \
		"traceroute -T / pkttrace tcp = $(ratio "traceroute -T/$scen" "pkttrace tcp/$scen")," \
		"scamper udp / pkttrace udp = $(ratio "scamper udp/$scen" "pkttrace udp/$scen")," \
		"scapy / pkttrace tcp = $(ratio "scapy tcp/$scen" "pkttrace tcp/$scen")"
done

# ---- rounds: pkttrace --report beside mtr --report ---------------------
IPT=$(command -v iptables-legacy || command -v iptables)
NFQDELAY=${NFQDELAY:-$TOP/build/tests/nfqdelay}
if ! command -v mtr >/dev/null || [ -z "$IPT" ] || [ ! -x "$NFQDELAY" ]; then
	echo "(rounds: skipped: needs mtr, iptables and $NFQDELAY: make units)"
	exit 0
fi
lab_exec r3 nft delete table inet pktbench 2>/dev/null
lab_exec r2 "$IPT" -t mangle -A FORWARD -i eth1 -j NFQUEUE --queue-num 1
lab_bg r2 "$NFQDELAY" 1 10
lab_exec r5 "$IPT" -t mangle -A FORWARD -i eth1 -j NFQUEUE --queue-num 2
lab_bg r5 "$NFQDELAY" 2 20
sleep 0.5
# avgs FILE: "TTL avg" per row of an mtr-style report.
avgs() {
	awk '$1 ~ /^[0-9]+\.\|--$/ { sub(/\.\|--/, "", $1); print $1, $(NF - 3) }' "$1"
}
for iv in 0.2 1; do
	echo "== rounds: 10 rounds to $T1 at --interval $iv, delays of 10 ms after hop 2 and 20 ms after hop 5"
	t0=$(date +%s%N)
	lab_exec src "$PKTTRACE" -q --report -c 10 --interval "$iv" -n --l4 icmp -t 1 "$T1" >rounds.pkt 2>&1
	t1=$(date +%s%N)
	lab_exec src mtr -r -c 10 -i "$iv" -n "$T1" >rounds.mtr 2>&1
	t2=$(date +%s%N)
	printf '%-34s %8s\n' command "wall ms"
	printf '%-34s %8d\n' "pkttrace --report -c 10 --l4 icmp" $(((t1 - t0) / 1000000))
	printf '%-34s %8d\n' "mtr -r -c 10" $(((t2 - t1) / 1000000))
	printf '%4s %10s %10s %8s\n' hop "pkttrace" "mtr" "diff %"
	join <(avgs rounds.pkt) <(avgs rounds.mtr) |
		awk '{ d = $3 > 0 ? 100 * ($2 - $3) / $3 : 0; printf "%4s %10s %10s %8.1f\n", $1, $2, $3, d }'
	echo
done
rm -f rounds.pkt rounds.mtr
