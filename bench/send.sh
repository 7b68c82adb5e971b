#!/bin/bash
# bench/send.sh: packets per second out of one veth, counted at the other
# end: pktsend (with and without --qdisc-bypass), trafgen on one core and
# on every core, tcpreplay --topspeed, and Scapy's sendp(), in one run.
#
#	bench/send.sh [N [NSCAPY]]	(default 1,000,000 frames; Scapy sends
#					NSCAPY = 20,000, since it is slow)
#
# Every tool sends the same 64-byte frame (Ether/IP/UDP and 22 bytes of
# payload, as handed to the kernel; no FCS) from veth0 in namespace "a" to
# its peer veth0 in namespace "b", built with tests/lab.sh and deleted at
# the end.  The frame is built once by pktsend -n and given to the others
# as bytes (trafgen's config, tcpreplay's pcap of N frames, Scapy's
# Ether(bytes)), so they all send the same thing.  The count is the rise
# of /sys/class/net/veth0/statistics/rx_packets in "b"; "b" drops every
# frame at ingress (an nftables netdev chain), so the receiving side,
# which runs on the sender's CPU with veth, costs little.  pps is that
# count over the wall time of the whole command (Scapy: of its sendp()
# call alone, its import of a second or so left out).
#
# trafgen runs with --no-sock-mem --notouch-irq (0.6.8 refuses -A, though
# its help lists it): it must not retune the host's socket memory or
# IRQ affinity, which are not per namespace.  Needs root, bin/pktsend
# (make), and the Debian packages netsniff-ng, tcpreplay, python3-scapy
# (/usr/bin/python3); a tool that is missing is skipped.
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
PKTSEND=${PKTSEND:-$TOP/bin/pktsend}
N=${1:-1000000}
NSCAPY=${2:-20000}
[ -x "$PKTSEND" ] || { echo "send.sh: no $PKTSEND (run make)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "send.sh: needs root (namespaces)" >&2; exit 2; }

# The lab: a -- b over one veth pair.  lab.sh sources lib.sh, which moves
# to a scratch directory ($TEST_DIR) and removes it, and the lab, at exit.
# shellcheck source=tests/lab.sh
. "$TOP/tests/lab.sh"
lab_ns a
lab_ns b
lab_link a veth0 10.77.0.1/24 b veth0 10.77.0.2/24
# b drops everything at ingress (nftables netdev hook), after the count.
lab_exec b nft -f - <<'EOF' || { echo "send.sh: nft failed in namespace b" >&2; exit 2; }
table netdev pktbench {
	chain in {
		type filter hook ingress device "veth0" priority 0; policy drop;
	}
}
EOF
PEER_MAC=$(lab_exec b cat /sys/class/net/veth0/address)
NCPU=$(lab_exec a nproc)

SPEC="Ether(dst=\"$PEER_MAC\")/IP(dst=\"10.77.0.2\")/UDP(sport=1024,dport=9)/\"$(printf 'x%.0s' $(seq 22))\""
"$PKTSEND" -n -i veth0 -j "$SPEC" >frame.json
HEX=$(jq -r .hex frame.json)
[ "${#HEX}" -eq 128 ] || { echo "send.sh: frame is $((${#HEX} / 2)) bytes, not 64" >&2; exit 1; }

rx() { lab_exec b cat /sys/class/net/veth0/statistics/rx_packets; }

results=()
# run NAME SENT CMD...: time CMD in namespace a, count what b received.
run() {
	local name=$1 sent=$2 r0 r1 t0 t1 got pps
	shift 2
	r0=$(rx)
	t0=$(date +%s%N)
	if ! lab_exec a "$@" >"$name.out" 2>&1; then
		echo "send.sh: $name failed: $(tail -n 3 "$name.out")" >&2
		results+=("$name|-|-|-|-")
		return
	fi
	t1=$(date +%s%N)
	sleep 0.2
	r1=$(rx)
	got=$((r1 - r0))
	pps=$(awk -v n="$got" -v ns="$((t1 - t0))" 'BEGIN { printf "%.0f", n / (ns / 1e9) }')
	results+=("$name|$sent|$got|$pps|$(awk -v ns="$((t1 - t0))" 'BEGIN { printf "%.3f", ns / 1e9 }')")
}

run pktsend "$N" "$PKTSEND" -q -c "$N" -i veth0 "$SPEC"
run pktsend-qdisc-bypass "$N" "$PKTSEND" -q --qdisc-bypass -c "$N" -i veth0 "$SPEC"

if command -v trafgen >/dev/null; then
	# shellcheck disable=SC2001 # one sed is clearer than a loop here
	echo "{ $(echo "$HEX" | sed 's/../0x&, /g; s/, $//') }" >frame.cfg
	run trafgen-1cpu "$N" trafgen --no-sock-mem --notouch-irq -C --dev veth0 --conf frame.cfg -n "$N" --cpus 1
	run "trafgen-${NCPU}cpu" "$N" trafgen --no-sock-mem --notouch-irq -C --dev veth0 --conf frame.cfg -n "$N" --cpus "$NCPU"
else
	results+=("trafgen|-|-|-|-")
fi

if command -v tcpreplay >/dev/null; then
	"$PKTSEND" -n -c "$N" "$SPEC" -w frames.pcap
	run tcpreplay "$N" tcpreplay --topspeed -i veth0 frames.pcap
else
	results+=("tcpreplay|-|-|-|-")
fi

if /usr/bin/python3 -c 'import scapy' 2>/dev/null; then
	r0=$(rx)
	if lab_exec a /usr/bin/python3 -c "
import time
from scapy.all import Ether, sendp, conf
p = Ether(bytes.fromhex('$HEX'))
s = conf.L2socket(iface='veth0')
t = time.time()
sendp(p, count=$NSCAPY, socket=s, verbose=0)
print(time.time() - t)
s.close()" >scapy.out 2>scapy.err; then
		sleep 0.2
		r1=$(rx)
		el=$(tail -n 1 scapy.out)
		pps=$(awk -v n="$((r1 - r0))" -v s="$el" 'BEGIN { printf "%.0f", n / s }')
		results+=("scapy-sendp|$NSCAPY|$((r1 - r0))|$pps|$(printf '%.3f' "$el")")
	else
		echo "send.sh: scapy failed: $(tail -n 3 scapy.err)" >&2
		results+=("scapy-sendp|-|-|-|-")
	fi
else
	results+=("scapy-sendp|-|-|-|-")
fi

echo "64-byte frames, veth0 (ns a) -> veth0 (ns b), $NCPU CPUs; counted at b's rx_packets"
printf '%-22s %9s %9s %9s %10s\n' tool sent received seconds pps
for r in "${results[@]}"; do
	IFS='|' read -r name sent got pps secs <<<"$r"
	printf '%-22s %9s %9s %9s %10s\n' "$name" "$sent" "$got" "$secs" "$pps"
done

pps_of() {
	local r name sent got pps secs
	for r in "${results[@]}"; do
		IFS='|' read -r name sent got pps secs <<<"$r"
		[ "$name" = "$1" ] && { echo "$pps"; return; }
	done
	echo -
}
ratio() {
	awk -v a="$(pps_of "$1")" -v b="$(pps_of "$2")" \
		'BEGIN { if (a == "-" || b == "-" || b == 0) print "-"; else printf "%.2f", a / b }'
}
echo
echo "pktsend/trafgen-1cpu              = $(ratio pktsend trafgen-1cpu)   (aim: >= 1)"
echo "pktsend --qdisc-bypass/trafgen-1cpu = $(ratio pktsend-qdisc-bypass trafgen-1cpu)"
echo "pktsend/trafgen-${NCPU}cpu              = $(ratio pktsend "trafgen-${NCPU}cpu")"
echo "pktsend/tcpreplay                 = $(ratio pktsend tcpreplay)"
echo "pktsend/scapy-sendp               = $(ratio pktsend scapy-sendp)"
