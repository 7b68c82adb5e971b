#!/bin/bash
# bench/sweep.sh: the memory of a pktsr1 sweep, next to that of one probe.
#
#	bench/sweep.sh			# IP(dst="10.201.0.0/16")/TCP(dport=(1,4))
#	BENCH_PORTS=64 bench/sweep.sh	# dport=(1,64): 4,194,304 probes
#
# Builds its own lab: two network namespaces joined by a veth pair
# (10.200.0.1/30 -- 10.200.0.2/30); the second owns 10.201.0.0/16 with
# `ip route add local 10.201.0.0/16 dev lo`, so its kernel answers every
# SYN with a RST, and the first routes the /16 to it.  Nothing leaves the
# namespaces, which are deleted at the end.  Runs, with /usr/bin/time -v:
#
#	pktsr1 -q -t 1 'IP(dst="10.201.0.1")/TCP(dport=1)'		(one probe)
#	pktsr1 -q -t 1 'IP(dst="10.201.0.0/16")/TCP(dport=(1,PORTS))'	(the sweep)
#	pktsr1 -q -t 1 'IP(dst="10.201.0.0/16")/TCP(dport=(1,PORTS))' (a silent /16:
#					the peer drops every SYN; 2x fewer ports)
#
# and prints each one's probes, answers, wall seconds and peak RSS
# ("Maximum resident set size"), and the sweep's RSS over the single
# probe's (the aim: at most 2).  Needs root; bin/pktsr1 (make).
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${PKT_BIN:-$TOP/bin}
PORTS=${BENCH_PORTS:-4}
export LC_ALL=C
unset PKT_CONFIG

die() { echo "sweep.sh: $*" >&2; exit 2; }
[ -x "$BIN/pktsr1" ] || die "no $BIN/pktsr1 (run make)"
[ "$(id -u)" = 0 ] || die "needs root (namespaces, raw sockets)"
[ -x /usr/bin/time ] || die "needs GNU time as /usr/bin/time (apt-get install time)"
command -v nft >/dev/null || die "needs nft (nftables), for the silent run"

A="pktbench$$a" B="pktbench$$b"
W=$(mktemp -d "${TMPDIR:-/tmp}/pkt-bench-sweep.XXXXXX") || exit 2
cleanup() {
	ip netns del "$A" 2>/dev/null
	ip netns del "$B" 2>/dev/null
	rm -rf "$W"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

{ ip netns add "$A" && ip netns add "$B"; } || die "cannot make namespaces"
ip -n "$A" link set lo up
ip -n "$B" link set lo up
ip link add veth0 netns "$A" type veth peer name veth0 netns "$B" || die "no veth"
ip -n "$A" addr add 10.200.0.1/30 dev veth0
ip -n "$B" addr add 10.200.0.2/30 dev veth0
ip -n "$A" link set veth0 up
ip -n "$B" link set veth0 up
ip -n "$A" route add 10.201.0.0/16 via 10.200.0.2
ip -n "$B" route add local 10.201.0.0/16 dev lo
ip netns exec "$B" sysctl -q -w net.ipv4.icmp_ratelimit=0

# run NAME SPEC: "probes answers seconds rss_kb" into $W/NAME
run() {
	local name=$1 spec=$2 tally
	ip netns exec "$A" /usr/bin/time -v "$BIN/pktsr1" -t 1 "$spec" \
		>/dev/null 2>"$W/$name.err"
	tally=$(grep '^Received' "$W/$name.err")
	[ -n "$tally" ] || { cat "$W/$name.err" >&2; die "$name: no tally"; }
	awk -v t="$tally" '
		/Elapsed \(wall clock\)/ { n = split($NF, a, ":"); s = 0
			for (i = 1; i <= n; i++) s = s * 60 + a[i] }
		/Maximum resident set size/ { rss = $NF }
		END { split(t, w, " "); printf "%d %d %.2f %d\n",
			w[8] + w[5], w[5], s, rss }' "$W/$name.err" >"$W/$name"
}

run one 'IP(dst="10.201.0.1")/TCP(dport=1)'
run sweep "IP(dst=\"10.201.0.0/16\")/TCP(dport=(1,$PORTS))"
# The same /16, silent: every probe waits out its timeout in the window.
ip netns exec "$B" nft -f - <<'NFT' || die "nft"
table inet pktbench {
	chain syns {
		type filter hook input priority 0;
		tcp flags syn drop
	}
}
NFT
half=$(( PORTS > 1 ? PORTS / 2 : 1 ))
run silent "IP(dst=\"10.201.0.0/16\")/TCP(dport=(1,$half))"

printf '%-8s %10s %10s %9s %9s\n' run probes answers seconds "RSS MB"
for n in one sweep silent; do
	read -r p a s k <"$W/$n"
	printf '%-8s %10d %10d %9.2f %9.1f\n' "$n" "$p" "$a" "$s" "$(echo "$k / 1024" | bc -l)"
done
read -r _ _ _ k1 <"$W/one"
read -r _ _ _ k2 <"$W/sweep"
read -r _ _ _ k3 <"$W/silent"
printf 'sweep / one probe: %.2fx RSS; silent / one probe: %.2fx RSS (aim: at most 2)\n' \
	"$(echo "$k2 / $k1" | bc -l)" "$(echo "$k3 / $k1" | bc -l)"
