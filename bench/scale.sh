#!/bin/bash
# bench/scale.sh: pkttrace's stateless run (--stateless) at scale, in one
# run, over a routed lab of network namespaces:
#
#   src 10.31.0.1 -- r1 -- r2 -- r3 -- dst (owns 10.20.0.0/15 on lo:
#                                           every address answers)
#
# (tests/lab.sh's lab_chain_local)
#
# The routers' and dst's ICMP rate limits are off (tests/lab.sh), so every
# probe gets an answer; the answers the namespaces sent are counted with
# their SNMP counters (nstat: time exceeded from r1-r3, echo replies,
# unreachables and TCP resets from dst) and set against what pkttrace
# matched.
#
#	bench/scale.sh [RUNS]	(default 3 runs of the timed cases)
#
# Cases:
#   1. 4,096 targets x TTL 1..8 (10.20.0.0/20), ICMP echo probes:
#      pkttrace --l4 icmp, and scamper -p 10000 trace -P icmp-paris -q 1
#      -w 1 -m 8 on the same targets (scamper needs the list in a file);
#      then pkttrace's default TCP SYN.  Wall time (best of RUNS), peak RSS
#      (/usr/bin/time), answers matched / answers sent by the lab.
#   2. The same over 64 targets: the peak RSS the 4,096 are set against.
#   3. 131,072 targets x TTL 1..8 (10.20.0.0/15), about a million probes
#      walked: peak RSS, probes sent per second, matched share.
#   4. The ceiling: pktsend --l3raw sending N SYNs through the same raw
#      socket path and veth, r1 dropping them at ingress (nftables).
#   5. The readers over case 3's output: pkttrace -r -j, pkttrace -r
#      --report and pktgraph -j, peak RSS and wall time.
#
# Needs root, bin/pkttrace and bin/pktsend (make), nstat (iproute2),
# /usr/bin/time; scamper (Debian package) is skipped when missing.
# Nothing leaves the lab.
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
PKTTRACE=${PKTTRACE:-$TOP/bin/pkttrace}
PKTSEND=${PKTSEND:-$TOP/bin/pktsend}
RUNS=${1:-3}
CEIL_N=${CEIL_N:-300000}
if [ ! -x "$PKTTRACE" ] || [ ! -x "$PKTSEND" ]; then
	echo "scale.sh: no $PKTTRACE or $PKTSEND (run make)" >&2
	exit 2
fi
[ "$(id -u)" = 0 ] || { echo "scale.sh: needs root (namespaces)" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "scale.sh: needs /usr/bin/time (Debian time)" >&2; exit 2; }

# shellcheck source=tests/lab.sh
. "$TOP/tests/lab.sh"
lab_chain_local 10.31 10.20.0.0/15 10.31.0.0/30

# The answers the lab sent: absolute counters, history untouched (-s).
counter() { lab_exec "$1" nstat -asz "$2" | awk -v k="$2" '$1 == k { print $2 }'; }
sent_by_lab() {
	local n=0 r
	for r in r1 r2 r3; do
		n=$((n + $(counter "$r" IcmpOutTimeExcds)))
	done
	n=$((n + $(counter dst IcmpOutEchoReps) + $(counter dst IcmpOutDestUnreachs) +
		$(counter dst TcpOutRsts)))
	echo "$n"
}

# trace NAME TARGETS ARGS...: one pkttrace run; sets WALL, RSS (KiB),
# SENT (probes), MATCHED, LABSENT (answers the lab sent), LINES.
trace() {
	local name=$1 tg=$2 before after
	shift 2
	before=$(sent_by_lab)
	lab_exec src /usr/bin/time -f '%e %M' -o "$name.time" \
		"$PKTTRACE" -j --stateless --maxttl 8 "$@" "$tg" >"$name.jsonl" 2>"$name.err"
	sleep 0.3
	after=$(sent_by_lab)
	LABSENT=$((after - before))
	read -r WALL RSS <"$name.time"
	SENT=$(sed -n 's/^Sent \([0-9]*\) probes.*/\1/p' "$name.err")
	MATCHED=$(sed -n 's/.* \([0-9]*\) answers;.*/\1/p' "$name.err")
	LINES=$(grep -vc '"timeout"' "$name.jsonl")
	[ -n "$SENT" ] || { echo "scale.sh: $name: $(cat "$name.err")" >&2; SENT=0 MATCHED=0; }
}

best() { sort -n | head -n 1; }
pct() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.3f", 100 * a / b; else print "-" }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { if (b > 0) printf "%.2f", a / b; else print "-" }'; }

echo "== 4,096 targets x 8 TTLs (10.20.0.0/20), $RUNS runs each, best wall time"
walls=()
for ((i = 0; i < RUNS; i++)); do
	trace icmp4096 10.20.0.0/20 --l4 icmp
	walls+=("$WALL")
	echo "pkttrace --l4 icmp: ${WALL}s, peak RSS ${RSS} KiB, sent $SENT," \
		"matched $MATCHED of $LABSENT the lab sent ($(pct "$MATCHED" "$LABSENT")%), JSON lines $LINES"
done
PT_ICMP=$(printf '%s\n' "${walls[@]}" | best)
RSS4096=$RSS
walls=()
for ((i = 0; i < RUNS; i++)); do
	trace tcp4096 10.20.0.0/20
	walls+=("$WALL")
	echo "pkttrace (tcp):     ${WALL}s, peak RSS ${RSS} KiB, sent $SENT," \
		"matched $MATCHED of $LABSENT ($(pct "$MATCHED" "$LABSENT")%)"
done
PT_TCP=$(printf '%s\n' "${walls[@]}" | best)

SC=-
if command -v scamper >/dev/null; then
	seq 0 4095 | awk '{ printf "10.20.%d.%d\n", int($1 / 256), $1 % 256 }' >t4096.txt
	walls=()
	for ((i = 0; i < RUNS; i++)); do
		before=$(sent_by_lab)
		t0=$(date +%s%N)
		lab_exec src scamper -O json -o scamper.json -p 10000 \
			-c 'trace -P icmp-paris -q 1 -w 1 -m 8' -f t4096.txt 2>scamper.err
		t1=$(date +%s%N)
		sleep 0.3
		after=$(sent_by_lab)
		w=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) / 1e9 }')
		walls+=("$w")
		n=$(grep -c '"type":"trace"' scamper.json)
		echo "scamper -p 10000 icmp-paris: ${w}s, $n traces, lab sent $((after - before)) answers"
	done
	SC=$(printf '%s\n' "${walls[@]}" | best)
else
	echo "scamper: not installed, skipped"
fi

echo "== 64 targets x 8 TTLs (10.20.0.0/26)"
trace icmp64 10.20.0.0/26 --l4 icmp
RSS64=$RSS
echo "pkttrace --l4 icmp: ${WALL}s, peak RSS ${RSS} KiB, matched $MATCHED of $LABSENT"

echo "== 131,072 targets x 8 TTLs (10.20.0.0/15)"
trace icmp131k 10.20.0.0/15 --l4 icmp
PPS=$(awk -v s="$SENT" -v w="$WALL" 'BEGIN { printf "%.0f", s / w }')
RSS131K=$RSS
echo "pkttrace --l4 icmp: ${WALL}s, peak RSS ${RSS} KiB, sent $SENT ($PPS probes/s)," \
	"matched $MATCHED of $LABSENT ($(pct "$MATCHED" "$LABSENT")%)"
M131K=$(pct "$MATCHED" "$LABSENT")

echo "== the readers over the 131,072 targets' $(wc -l <icmp131k.jsonl) lines"
PKTGRAPH=${PKTGRAPH:-$TOP/bin/pktgraph}
READERS=
reader() {
	local w rss
	/usr/bin/time -f '%e %M' -o reader.time "$@" >reader.out 2>/dev/null
	read -r w rss < <(tail -n 1 reader.time)
	echo "$(basename "$1") ${*:2}: ${w}s, peak RSS $rss KiB, $(wc -l <reader.out) lines out"
	READERS="$READERS $rss"
}
reader "$PKTTRACE" -r icmp131k.jsonl -j
reader "$PKTTRACE" -r icmp131k.jsonl --report
reader "$PKTGRAPH" -j -r icmp131k.jsonl

echo "== the ceiling: pktsend --l3raw, $CEIL_N SYNs, r1 drops them at ingress"
lab_exec r1 nft -f - <<'EOF' || { echo "scale.sh: nft failed in r1" >&2; exit 2; }
table netdev pktscale {
	chain in {
		type filter hook ingress device "eth0" priority 0; policy drop;
	}
}
EOF
t0=$(date +%s%N)
lab_exec src "$PKTSEND" -q --l3raw -c "$CEIL_N" 'IP(dst="10.20.0.1")/TCP(dport=80)'
t1=$(date +%s%N)
CEIL=$(awk -v n="$CEIL_N" -v a="$t0" -v b="$t1" 'BEGIN { printf "%.0f", n / ((b - a) / 1e9) }')
echo "pktsend --l3raw: $CEIL packets/s"

echo "== summary"
echo "4,096 x 8: pkttrace icmp ${PT_ICMP}s, tcp ${PT_TCP}s, scamper ${SC}s:" \
	"scamper / pkttrace = $(ratio "$SC" "$PT_ICMP") icmp, $(ratio "$SC" "$PT_TCP") tcp (aim >= 4)"
echo "peak RSS 4,096 / 64 targets = $RSS4096 / $RSS64 KiB = $(ratio "$RSS4096" "$RSS64") (aim <= 2)"
echo "131,072 x 8: peak RSS $RSS131K KiB (aim <= 65536), $PPS probes/s," \
	"matched ${M131K}%; pktsend's ceiling $CEIL packets/s"
echo "readers (pkttrace -r -j, -r --report, pktgraph -j) peak RSS:$READERS KiB (aim <= 65536)"
