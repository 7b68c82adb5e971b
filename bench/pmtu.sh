#!/bin/bash
# bench/pmtu.sh: path MTU discovery, `pkttrace --pmtu` beside tracepath(8)
# (iputils-tracepath), on the lab of tests/lab-pmtu.sh: a chain of four
# hops whose third link has an MTU of 1400, and a branch of three hops
# where every link has 1500; IPv4 and IPv6; then the same chain with r1
# zeroing the MTU of every Fragmentation Needed / Packet Too Big that r2
# sends (an nft rule), as a router before RFC 1191 would; and a black
# hole (r1 drops them all), one run each.
#
#	bench/pmtu.sh [RUNS]	(default 20 runs of each)
#
# For each tool and case: the path MTU found, the hop where it drops, the
# probes it sent (UDP datagrams leaving src, counted by tcpdump on src's
# link), and the mean and median wall time of RUNS runs (hyperfine inside
# src); then again with delays on the way back (10 ms after hop 1 and
# after hop 2: NFQUEUE and build/tests/nfqdelay, as bench/trace.sh).  The kernel's route cache of src
# is flushed before every run: tracepath starts from the path MTU the
# kernel learned (from the other tool's run too), pkttrace from the
# interface's MTU.  Both use UDP probes (tracepath's default port 44444,
# pkttrace's 33434), one per TTL and size; pkttrace -t 1 (tracepath waits
# 1 s at most for each probe).  Needs root, bin/pkttrace (make), tcpdump,
# nft, jq, hyperfine, and tracepath (a benchmark-only dependency: apt-get install
# iputils-tracepath).  Nothing leaves the lab.
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
PKTTRACE=${PKTTRACE:-$TOP/bin/pkttrace}
RUNS=${1:-20}
[ -x "$PKTTRACE" ] || { echo "pmtu.sh: no $PKTTRACE (run make)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "pmtu.sh: needs root (namespaces)" >&2; exit 2; }
command -v tracepath >/dev/null ||
	{ echo "pmtu.sh: no tracepath (apt-get install iputils-tracepath)" >&2; exit 2; }

# shellcheck source=tests/lab.sh
. "$TOP/tests/lab.sh"
# shellcheck source=tests/lab-pmtu.sh
. "$TOP/tests/lab-pmtu.sh"
pmtu_lab

# "MTU hop" from each tool's text.
pkt_result() {
	awk '/^path MTU/ { m = $3; sub(",", "", m); h = "-";
		if ($4 == "at") h = $6; print m, h }'
}
# tracepath: the Resume line's pmtu; the hop is the line that reports
# "pmtu N" after the first (LOCALHOST) one.
tp_result() {
	awk '/pmtu/ && !/LOCALHOST/ && !/Resume/ && !/Too many/ { if (h == "") { h = $1; sub(":", "", h) } }
		/Resume/ { m = $3 }
		END { if (m == "") m = "?"; if (h == "") h = "-"; print m, h }'
}

# cmd TOOL TARGET: the command line of each tool.
cmd() {
	case $1 in
	pkttrace) echo "$PKTTRACE -q -t 1 --pmtu ${PKARGS:-}$2" ;;
	tracepath) echo "tracepath -n ${TPARGS:-}$2" ;;
	esac
}

# once TOOL TARGET: one run in src, cache flushed: "MTU HOP PROBES".
once() {
	local tool=$1 t=$2 res n
	lab_exec src ip route flush cache
	lab_exec src ip -6 route flush cache
	lab_bg src bash -c "exec tcpdump --immediate-mode -B 8192 -s 96 -nn -i eth0 \
		-Q out -w '$TEST_DIR/probes.pcap' udp 2>/dev/null"
	sleep 0.5
	# shellcheck disable=SC2046 # the command line, split
	case $tool in
	pkttrace) res=$(lab_exec src $(cmd "$tool" "$t") 2>/dev/null | pkt_result) ;;
	tracepath) res=$(lab_exec src $(cmd "$tool" "$t") 2>/dev/null | tp_result) ;;
	esac
	sleep 0.3
	kill "$LAB_BG_PID" 2>/dev/null
	wait "$LAB_BG_PID" 2>/dev/null
	n=$(tcpdump -nn -r "$TEST_DIR/probes.pcap" 2>/dev/null | wc -l)
	echo "$res $n"
}

# table TITLE: every case, both tools: the result of one run, then the
# mean and median wall time of RUNS (hyperfine in src, cache flushed
# before each).
table() {
	local c name t tool m h n
	echo "== $1"
	printf '%-30s %-10s %6s %4s %7s %10s %10s\n' case tool MTU hop probes "mean ms" "median ms"
	for c in "1400 link, IPv4|10.0.9.2" "1400 link, IPv6|fd00:9::2" \
		"no narrow link, IPv4|10.0.8.2" "no narrow link, IPv6|fd00:8::2"; do
		name=${c%|*}
		t=${c#*|}
		ip netns exec "${LAB}src" hyperfine -N --warmup 2 --runs "$RUNS" --style none \
			--prepare 'ip route flush cache' --prepare 'ip route flush cache' \
			--export-json "$TEST_DIR/h.json" "$(cmd pkttrace "$t")" \
			"$(cmd tracepath "$t")" >/dev/null 2>&1 || echo "pmtu.sh: hyperfine failed"
		for tool in pkttrace tracepath; do
			read -r m h n < <(once "$tool" "$t")
			printf '%-30s %-10s %6s %4s %7s %10s %10s\n' "$name" "$tool" "$m" "$h" "$n" \
				"$(jq -r --arg c "$(cmd "$tool" "$t")" '.results[] | select(.command == $c) |
					.mean * 10000 | round / 10' "$TEST_DIR/h.json")" \
				"$(jq -r --arg c "$(cmd "$tool" "$t")" '.results[] | select(.command == $c) |
					.median * 10000 | round / 10' "$TEST_DIR/h.json")"
		done
	done
	echo
}

table "every hop answering at once"

# Delays: r1 holds what comes back from r2 for 10 ms, r2 what comes back
# from r3 for 10 ms (NFQUEUE and build/tests/nfqdelay, as in trace.sh):
# round trips of 0, 10, 20 and 20 ms to hops 1 to 4.
IPT=$(command -v iptables-legacy || command -v iptables)
IP6T=$(command -v ip6tables-legacy || command -v ip6tables)
NFQDELAY=${NFQDELAY:-$TOP/build/tests/nfqdelay}
if [ -n "$IPT" ] && [ -n "$IP6T" ] && [ -x "$NFQDELAY" ]; then
	for r in r1 r2; do
		lab_exec "$r" "$IPT" -t mangle -A FORWARD -i eth1 -j NFQUEUE --queue-num 1
		lab_exec "$r" "$IP6T" -t mangle -A FORWARD -i eth1 -j NFQUEUE --queue-num 1
		lab_bg "$r" "$NFQDELAY" 1 10
	done
	sleep 0.5
	table "10 ms more after hop 1 and after hop 2, each way back"
	for r in r1 r2; do
		lab_exec "$r" "$IPT" -t mangle -F
		lab_exec "$r" "$IP6T" -t mangle -F
	done
else
	echo "(delays: skipped: needs iptables, ip6tables and $NFQDELAY: make units)"
fi

# A router that gives no MTU: r1 zeroes it in what r2 says.
lab_exec r1 nft 'add table inet pmtu; add chain inet pmtu f { type filter hook forward priority 0; };
	add rule inet pmtu f icmp type destination-unreachable icmp code frag-needed icmp mtu set 0;
	add rule inet pmtu f icmpv6 type packet-too-big icmpv6 mtu set 0'
echo "== the 1400 link, MTU 0 in every Frag-Needed / Packet Too Big (one run)"
for t in 10.0.9.2 fd00:9::2; do
	for tool in pkttrace tracepath; do
		read -r m h n < <(once "$tool" "$t")
		printf '%-30s %-10s %6s %4s %7s\n' "$t" "$tool" "$m" "$h" "$n"
	done
done

# A black hole: r1 drops what r2 says, so no Frag-Needed / Packet Too Big
# comes back and the probes of 1500 vanish past hop 2.  pkttrace searches
# smaller sizes past hop 2 (each silent one waits -t 1); tracepath (-m 8)
# prints no reply past hop 2.  One run each, timed.
lab_exec r1 nft 'flush chain inet pmtu f;
	add rule inet pmtu f icmp type destination-unreachable icmp code frag-needed drop;
	add rule inet pmtu f icmpv6 type packet-too-big drop'
echo
echo "== the 1400 link, a black hole: every Frag-Needed / Packet Too Big dropped (one run)"
printf '%-30s %-10s %6s %4s %7s %9s\n' target tool MTU hop probes seconds
for t in 10.0.9.2 fd00:9::2; do
	for tool in pkttrace tracepath; do
		t0=$(date +%s.%N)
		read -r m h n < <(PKARGS='--maxttl 8 ' TPARGS='-m 8 ' once "$tool" "$t")
		t1=$(date +%s.%N)
		printf '%-30s %-10s %6s %4s %7s %9.1f\n' "$t" "$tool" "$m" "$h" "$n" \
			"$(awk -v a="$t0" -v b="$t1" 'BEGIN { print b - a - 0.8 }')"
	done
done
