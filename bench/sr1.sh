#!/bin/bash
# bench/sr1.sh: whole-process time of ONE ICMP echo probe to 127.0.0.1 and
# its answer, for ping, hping3, nping, Scapy's sr1() (conf.L3socket =
# L3RawSocket, the loopback FAQ's workaround) and pktsr1, in one run; and
# of one ICMPv6 echo to ::1 for ping -6 and pktsr1.
#
#	bench/sr1.sh [N]	(default 50 runs per tool; Scapy gets N/5, at
#				least 5, since one run takes a second or so)
#
# Uses hyperfine when installed (3 warm-up runs), else a loop timed with
# date +%s%N.  Prints the mean and standard deviation of each, then the
# ratios pktsr1/ping and scapy/pktsr1.  A tool that is not installed is
# skipped.  Needs root (raw sockets) and bin/pktsr1 (make).  Packets go to
# 127.0.0.1 and ::1 only.
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
trap 'rm -rf "$W"' EXIT

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
	pktsr1 | pktsr1-6) : ;;
	ping-6) command -v ping >/dev/null 2>&1 ;;
	*) command -v "$1" >/dev/null 2>&1 ;;
	esac
}

# measure NAME RUNS CMD: mean and stddev in ms into $W/NAME
measure() {
	local name=$1 runs=$2 cmd=$3 i t0 t1
	if command -v hyperfine >/dev/null 2>&1; then
		hyperfine -N --warmup 3 --runs "$runs" --style none \
			--export-json "$W/$name.json" "$cmd" >/dev/null 2>&1 ||
			return 1
		jq -r '.results[0] | "\(.mean * 1000) \(.stddev * 1000)"' \
			"$W/$name.json" >"$W/$name"
	else
		for ((i = 0; i < 3; i++)); do sh -c "$cmd" >/dev/null 2>&1 || :; done
		: >"$W/$name.t"
		for ((i = 0; i < runs; i++)); do
			t0=$(date +%s%N)
			sh -c "$cmd" >/dev/null 2>&1 || :
			t1=$(date +%s%N)
			echo $(((t1 - t0) / 1000)) >>"$W/$name.t"
		done
		awk '{ s += $1; q += $1 * $1; n++ }
			END { m = s / n; v = q / n - m * m; if (v < 0) v = 0
			      printf "%f %f\n", m / 1000, sqrt(v) / 1000 }' \
			"$W/$name.t" >"$W/$name"
	fi
}

# The probe must be answered, or the figure means nothing.
"$PKTSR1" -q 'IP(dst="127.0.0.1")/ICMP()' >/dev/null ||
	{ echo "sr1.sh: pktsr1 got no echo-reply from 127.0.0.1" >&2; exit 1; }

echo "one ICMP echo to 127.0.0.1, whole process ($(command -v hyperfine >/dev/null && echo hyperfine || echo 'date loop'); $N runs, scapy $NS)"
printf '%-8s %10s %10s  %s\n' tool "mean ms" "sd ms" command
for c in "${cases[@]}"; do
	IFS='|' read -r name runs cmd <<<"$c"
	if ! have "$name"; then
		printf '%-8s %10s %10s  %s\n' "$name" - - "(not installed)"
		continue
	fi
	if ! sh -c "$cmd" >"$W/$name.out" 2>&1; then
		printf '%-8s %10s %10s  %s\n' "$name" - - "(fails: $cmd: $(head -n1 "$W/$name.out"))"
		continue
	fi
	measure "$name" "$runs" "$cmd" || {
		printf '%-8s %10s %10s  %s\n' "$name" - - "(failed during the runs)"
		continue
	}
	read -r mean sd <"$W/$name"
	printf '%-8s %10.2f %10.2f  %s\n' "$name" "$mean" "$sd" "$cmd"
done

ratio() {	# ratio A B: mean(A) / mean(B)
	if [ ! -s "$W/$1" ] || [ ! -s "$W/$2" ]; then
		echo "-"
		return
	fi
	awk -v a="$(cut -d' ' -f1 "$W/$1")" -v b="$(cut -d' ' -f1 "$W/$2")" \
		'BEGIN { printf "%.2f", a / b }'
}
echo
echo "pktsr1/ping   = $(ratio pktsr1 ping)   (aim: <= 1.5)"
echo "pktsr1-6/ping-6 = $(ratio pktsr1-6 ping-6)   (::1, the same aim)"
echo "scapy/pktsr1  = $(ratio scapy pktsr1)   (aim: >= 100)"
