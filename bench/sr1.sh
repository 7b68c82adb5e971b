#!/bin/bash
# bench/sr1.sh: whole-process time of ONE probe and its answer.
#
# 1. Loopback: one ICMP echo to 127.0.0.1 for ping, hping3, nping, Scapy's
#    sr1() (conf.L3socket = L3RawSocket, the loopback FAQ's workaround)
#    and pktsr1; one ICMPv6 echo to ::1 for ping -6 and pktsr1.
# 2. Across routers (unless BENCH_ROUTED=0): a chain of network namespaces
#    without delay, src - r1 - r2 - r3 - dst (tests/lab.sh), one probe from
#    src to r2 (one router away) and to dst (three routers away): ping -c1
#    and pktsr1 with an ICMP echo over IPv4 and IPv6, and a TCP SYN to a
#    closed port of dst (pktsr1, hping3 -S -c 1).  hyperfine runs inside
#    src (ip netns exec src hyperfine ...): entering the namespace, 2-3 ms
#    of mounts, is not timed.
#
#	bench/sr1.sh [N]	(default 50 runs per tool; Scapy gets N/5, at
#				least 5, since one run takes a second or so)
#
# Uses hyperfine when installed (5 warm-up runs), else a loop timed with
# date +%s%N (loopback only).  Prints the mean, standard deviation, median
# and minimum of each, then ratios of the medians.  A tool that is not
# installed is skipped.  Needs root (raw sockets, namespaces) and
# bin/pktsr1 (make).  Packets go to 127.0.0.1, ::1 and the namespaces only.
#
# Debian packages: iputils-ping, hping3, nmap (nping), python3-scapy,
# hyperfine.  Scapy is run with /usr/bin/python3, where python3-scapy is.
# Each command is run once first and must succeed (Debian's hping3 takes
# "-c 1", not "-c1", which it refuses with a usage error in 3 ms); nping
# waits its --delay (1 s) after the last probe, as it does by default.
set -eu -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
PKTSR1=${PKTSR1:-$TOP/bin/pktsr1}
N=${1:-50}
NS=$((N / 5 < 5 ? 5 : N / 5))
[ -x "$PKTSR1" ] || { echo "sr1.sh: no $PKTSR1 (run make)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "sr1.sh: needs root (raw sockets)" >&2; exit 2; }

W=$(mktemp -d "${TMPDIR:-/tmp}/pkt-bench-sr1.XXXXXX")
cleanup_w() { rm -rf "$W"; }
trap cleanup_w EXIT

SCAPY='from scapy.all import *; conf.L3socket=L3RawSocket; sr1(IP(dst="127.0.0.1")/ICMP(), timeout=2, verbose=0)'

# name|runs|command (one shell command line)
cases=(
	"ping|$N|ping -c1 -W1 127.0.0.1"
	"hping3|$N|hping3 -1 -c 1 127.0.0.1"
	"nping|$N|nping --icmp -c1 127.0.0.1"
	"scapy|$NS|/usr/bin/python3 -c '$SCAPY'"
	"pktsr1|$N|$PKTSR1 -q 'IP(dst=\"127.0.0.1\")/ICMP()'"
	"ping-6|$N|ping -6 -c1 -W1 ::1"
	"pktsr1-6|$N|$PKTSR1 -q 'IPv6(dst=\"::1\")/ICMPv6EchoRequest()'"
)

have() {
	case $1 in
	scapy) /usr/bin/python3 -c 'import scapy' 2>/dev/null ;;
	pktsr1*) : ;;
	ping*) command -v ping >/dev/null 2>&1 ;;
	hping3*) command -v hping3 >/dev/null 2>&1 ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

# measure NAME RUNS CMD [NETNS]: "mean sd median min" in ms into $W/NAME
measure() {
	local name=$1 runs=$2 cmd=$3 ns=${4:-} i t0 t1
	if command -v hyperfine >/dev/null 2>&1; then
		${ns:+ip netns exec "$ns"} hyperfine -N --warmup 5 --runs "$runs" \
			--style none --export-json "$W/$name.json" "$cmd" \
			>/dev/null 2>&1 || return 1
		jq -r '.results[0] | "\(.mean * 1000) \(.stddev * 1000) \(.median * 1000) \(.min * 1000)"' \
			"$W/$name.json" >"$W/$name"
	else
		[ -z "$ns" ] || return 1
		for ((i = 0; i < 3; i++)); do sh -c "$cmd" >/dev/null 2>&1 || :; done
		: >"$W/$name.t"
		for ((i = 0; i < runs; i++)); do
			t0=$(date +%s%N)
			sh -c "$cmd" >/dev/null 2>&1 || :
			t1=$(date +%s%N)
			echo $(((t1 - t0) / 1000)) >>"$W/$name.t"
		done
		sort -n "$W/$name.t" | awk '{ v[n++] = $1; s += $1; q += $1 * $1 }
			END { m = s / n; d = q / n - m * m; if (d < 0) d = 0
			      printf "%f %f %f %f\n", m / 1000, sqrt(d) / 1000,
			          v[int(n / 2)] / 1000, v[0] / 1000 }' >"$W/$name"
	fi
}

# run_cases NETNS CASE...: check, measure and print each case.
run_cases() {
	local ns=$1 c name runs cmd mean sd med min
	shift
	printf '%-12s %8s %8s %8s %8s  %s\n' tool "mean ms" "sd ms" "median" "min" command
	for c in "$@"; do
		IFS='|' read -r name runs cmd <<<"$c"
		if ! have "$name"; then
			printf '%-12s %8s %8s %8s %8s  %s\n' "$name" - - - - "(not installed)"
			continue
		fi
		if ! ${ns:+ip netns exec "$ns"} sh -c "$cmd" >"$W/$name.out" 2>&1; then
			printf '%-12s %8s %8s %8s %8s  %s\n' "$name" - - - - \
				"(fails: $cmd: $(head -n1 "$W/$name.out"))"
			continue
		fi
		measure "$name" "$runs" "$cmd" "$ns" || {
			printf '%-12s %8s %8s %8s %8s  %s\n' "$name" - - - - "(failed during the runs)"
			continue
		}
		read -r mean sd med min <"$W/$name"
		printf '%-12s %8.2f %8.2f %8.2f %8.2f  %s\n' "$name" "$mean" "$sd" "$med" "$min" "$cmd"
	done
}

ratio() {	# ratio A B: median(A) / median(B)
	if [ ! -s "$W/$1" ] || [ ! -s "$W/$2" ]; then
		echo "-"
		return
	fi
	awk -v a="$(cut -d' ' -f3 "$W/$1")" -v b="$(cut -d' ' -f3 "$W/$2")" \
		'BEGIN { printf "%.2f", a / b }'
}

# The probe must be answered, or the figure means nothing.
"$PKTSR1" -q 'IP(dst="127.0.0.1")/ICMP()' >/dev/null ||
	{ echo "sr1.sh: pktsr1 got no echo-reply from 127.0.0.1" >&2; exit 1; }

echo "== one probe on loopback, whole process ($(command -v hyperfine >/dev/null && echo hyperfine || echo 'date loop'); $N runs, scapy $NS)"
run_cases "" "${cases[@]}"
echo
echo "pktsr1/ping     = $(ratio pktsr1 ping)   (aim: <= 1.5)"
echo "pktsr1-6/ping-6 = $(ratio pktsr1-6 ping-6)   (::1, the same aim)"
echo "scapy/pktsr1    = $(ratio scapy pktsr1)   (aim: >= 100)"

[ "${BENCH_ROUTED:-1}" != 0 ] || exit 0
command -v hyperfine >/dev/null 2>&1 ||
	{ echo "sr1.sh: no hyperfine: the routed cases are skipped"; exit 0; }

# ---- across routers --------------------------------------------------------
trap - EXIT
# shellcheck source=tests/lab.sh
. "$TOP/tests/lab.sh"
test_at_exit cleanup_w
nodes=(src r1 r2 r3 dst)
for n in "${nodes[@]}"; do
	lab_ns "$n"
done
# Link i: 10.7.i.0/24 and fd07:i::/64 between nodes[i] (.1) and nodes[i+1] (.2).
for ((i = 0; i < ${#nodes[@]} - 1; i++)); do
	lab_link "${nodes[i]}" eth1 "10.7.$i.1/24,fd07:$i::1/64" \
		"${nodes[i + 1]}" eth0 "10.7.$i.2/24,fd07:$i::2/64"
done
for ((i = 0; i < ${#nodes[@]} - 1; i++)); do
	lab_route "${nodes[i]}" 10.7.0.0/16 "10.7.$i.2"
	lab_route "${nodes[i]}" fd07::/16 "fd07:$i::2"
done
for ((i = 1; i < ${#nodes[@]}; i++)); do
	for ((j = 0; j < i - 1; j++)); do
		lab_route "${nodes[i]}" "10.7.$j.0/24" "10.7.$((i - 1)).1"
		lab_route "${nodes[i]}" "fd07:$j::/64" "fd07:$((i - 1))::1"
	done
done
SRC=${LAB}src
R1=10.7.1.2 R3=10.7.3.2 R1_6=fd07:1::2 R3_6=fd07:3::2
# Neighbours and routes warm (the first IPv6 packet waits for NDP).
for a in $R1 $R3 $R1_6 $R3_6; do
	lab_wait_for 5 ip netns exec "$SRC" ping -c 1 -W 1 "$a" >/dev/null ||
		{ echo "sr1.sh: the lab does not route to $a" >&2; exit 1; }
done

routed=(
	"ping-r1|$N|ping -c1 -W1 $R1"
	"pktsr1-r1|$N|$PKTSR1 -q 'IP(dst=\"$R1\")/ICMP()'"
	"ping-r3|$N|ping -c1 -W1 $R3"
	"pktsr1-r3|$N|$PKTSR1 -q 'IP(dst=\"$R3\")/ICMP()'"
	"ping6-r1|$N|ping -6 -c1 -W1 $R1_6"
	"pktsr1-6-r1|$N|$PKTSR1 -q 'IPv6(dst=\"$R1_6\")/ICMPv6EchoRequest()'"
	"ping6-r3|$N|ping -6 -c1 -W1 $R3_6"
	"pktsr1-6-r3|$N|$PKTSR1 -q 'IPv6(dst=\"$R3_6\")/ICMPv6EchoRequest()'"
	"pktsr1-syn-r3|$N|$PKTSR1 -q 'IP(dst=\"$R3\")/TCP(dport=80,flags=\"S\")'"
	"hping3-r3|$N|hping3 -S -c 1 -p 80 $R3"
)
echo
echo "== one probe across routers (src -> r2: 1 router, src -> dst: 3 routers), hyperfine in src, $N runs"
run_cases "$SRC" "${routed[@]}"
echo
echo "pktsr1/ping, 1 router   = $(ratio pktsr1-r1 ping-r1)   (aim: <= 1.5)"
echo "pktsr1/ping, 3 routers  = $(ratio pktsr1-r3 ping-r3)   (aim: <= 1.5)"
echo "IPv6, 1 router          = $(ratio pktsr1-6-r1 ping6-r1)   (aim: <= 1.5)"
echo "IPv6, 3 routers         = $(ratio pktsr1-6-r3 ping6-r3)   (aim: <= 1.5)"
echo "TCP SYN / ping, 3 rtrs  = $(ratio pktsr1-syn-r3 ping-r3)   (aim: <= 1.5)"
echo "TCP SYN / hping3 -S     = $(ratio pktsr1-syn-r3 hping3-r3)   (aim: < 1)"
