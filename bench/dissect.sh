#!/bin/bash
# bench/dissect.sh: how fast does `pktsend -n -r FILE -j` dissect a capture,
# next to `tcpdump -nn -r` (text) and `tshark -T json`, and how much memory
# does it take?  Offline: the capture is made here.
#
#	bench/dissect.sh		# ~100 MB capture (BENCH_MB=100)
#	BENCH_MB=20 bench/dissect.sh	# a quicker run
#	PKT_BIN=build-asan/bin BENCH_DIR=/var/tmp/b bench/dissect.sh
#
# The capture: one set of packets built with `pktsend -n` (TCP SYNs with
# options, a 1000-byte TCP segment, DNS queries and answers, ICMP echo,
# IPv6/UDP) plus every Ethernet golden pcap of tests/golden/pcap, written
# once as pcap and then repeated (record by record) up to BENCH_MB.  A
# second file twice as big shows that pktsend's memory stays flat (it
# streams: one packet at a time).
#
# Prints, for each tool: packets, wall seconds, packets/second, CPU seconds
# (user + system) and packets per CPU second, peak RSS (/usr/bin/time -v,
# "Maximum resident set size"); then the ratios pktsend/tcpdump and
# pktsend/tshark in packets per second (wall clock, and CPU: on a loaded
# machine the CPU figures are the steadier).  Every tool writes to
# /dev/null; each is run once (BENCH_RUNS=3: the best of three).
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
BIN=${PKT_BIN:-$TOP/bin}
MB=${BENCH_MB:-100}
RUNS=${BENCH_RUNS:-1}
export LC_ALL=C TZ=UTC
unset PKT_CONFIG

die() { echo "dissect.sh: $*" >&2; exit 2; }
[ -x "$BIN/pktsend" ] || die "no $BIN/pktsend (run make)"
command -v tcpdump >/dev/null || die "needs tcpdump"
TIMEV=/usr/bin/time
[ -x "$TIMEV" ] || die "needs GNU time as /usr/bin/time (apt-get install time)"

if [ -n "${BENCH_DIR:-}" ]; then
	DIR=$BENCH_DIR
	mkdir -p "$DIR" || exit 2
else
	DIR=$(mktemp -d "${TMPDIR:-/tmp}/pkt-bench.XXXXXX") || exit 2
	trap 'rm -rf "$DIR"' EXIT
fi
cd "$DIR" || exit 2

# --- the capture ---------------------------------------------------------
payload=$(head -c 1000 /dev/zero | tr '\0' x)
A='Ether(src="02:00:00:00:00:01",dst="02:00:00:00:00:02")'
B='Ether(src="02:00:00:00:00:02",dst="02:00:00:00:00:01")'
"$BIN/pktsend" -n -w set.pcap \
	"$A"'/IP(src="192.0.2.1",dst="198.51.100.0/30")/TCP(sport=40000,dport=[80,443],flags="S",options=[("MSS",1460),("NOP",None),("WScale",7),("SAckOK",""),("Timestamp",(1,0))])' \
	"$B"'/IP(src="198.51.100.1",dst="192.0.2.1")/TCP(sport=443,dport=40000,flags="SA",seq=5000,ack=1,options=[("MSS",1460),("NOP",None),("WScale",7)])' \
	"$A"'/IP(src="192.0.2.1",dst="192.0.2.53")/UDP(sport=40000,dport=53)/DNS(rd=1,qd=DNSQR(qname="www.example.com",qtype=["A","AAAA"]))' \
	"$B"'/IP(src="192.0.2.53",dst="192.0.2.1")/UDP(sport=53,dport=40000)/DNS(qr=1,rd=1,ra=1,qd=DNSQR(qname="www.example.com"),an=DNSRR(rrname="www.example.com",rdata="93.184.216.34"))' \
	"$A"'/IP(src="192.0.2.1",dst="198.51.100.7")/ICMP(seq=(1,2))/"abcdefghijklmnopqrstuvwabcdefghi"' \
	"$B"'/IP(src="198.51.100.7",dst="192.0.2.1",flags="DF")/TCP(sport=80,dport=40000,flags="PA",seq=1000,ack=1)/"'"$payload"'"' \
	"$A"'/IP(src="192.0.2.1",dst="198.51.100.7",flags="DF")/TCP(sport=40000,dport=80,flags="A",seq=1,ack=2000)' \
	"$A"'/IPv6(src="2001:db8::1",dst="2001:db8::2")/UDP(sport=40000,dport=9999)/"hello"' ||
	die "pktsend could not build the packet set"
# The Ethernet golden pcaps, records only (same record format).
cp set.pcap unit.pcap
for f in "$TOP"/tests/golden/pcap/en10mb-*.pcap; do
	tail -c +25 "$f" >>unit.pcap
done
unit=$(stat -c %s unit.pcap)
want=$((MB * 1000 * 1000))
reps=$(((want + unit - 1) / unit))
make_big() {	# OUT REPS
	{
		cat unit.pcap
		for ((i = 1; i < $2; i++)); do tail -c +25 unit.pcap; done
	} >"$1"
}
make_big big.pcap "$reps"
make_big big2.pcap $((reps * 2))
npkt=$("$BIN/pktsend" -n -r unit.pcap | wc -l)
npkt_big=$((npkt * reps))
printf 'capture: %s packets/set, %d sets: big.pcap %d packets, %.1f MB; big2.pcap %d packets, %.1f MB\n' \
	"$npkt" "$reps" "$npkt_big" "$(stat -c %s big.pcap | awk '{ print $1 / 1e6 }')" \
	$((npkt_big * 2)) "$(stat -c %s big2.pcap | awk '{ print $1 / 1e6 }')"
"$BIN/pktsend" -n -r unit.pcap | sed -E 's/ [0-9.:a-f]+(:[a-z_0-9]+)? > [0-9.:a-f]+(:[a-z_0-9]+)?//' |
	sort | uniq -c | sort -rn | head -n 8 | sed 's/^/  mix: /'

# --- timing ---------------------------------------------------------------
# run NAME CMD...: best wall time of $RUNS runs, and the peak RSS of that run.
declare -A secs cpu rss
run() {
	local name=$1 r s c m best='' bestc='' bestm=''
	shift
	for ((r = 0; r < RUNS; r++)); do
		"$TIMEV" -v -o time.txt "$@" >/dev/null 2>err.txt || {
			echo "dissect.sh: $name failed:" >&2
			cat err.txt time.txt >&2
			return 1
		}
		s=$(awk -F': ' '/Elapsed \(wall clock\)/ {
			n = split($2, t, ":"); v = 0
			for (i = 1; i <= n; i++) v = v * 60 + t[i]
			print v }' time.txt)
		c=$(awk -F': ' '/(User|System) time/ { t += $2 } END { print t }' time.txt)
		m=$(awk -F': ' '/Maximum resident set size/ { print $2 }' time.txt)
		if [ -z "$best" ] || awk -v a="$s" -v b="$best" 'BEGIN { exit !(a < b) }'; then
			best=$s bestc=$c bestm=$m
		fi
	done
	secs[$name]=$best cpu[$name]=$bestc rss[$name]=$bestm
}
line() {	# NAME PACKETS
	awk -v n="$1" -v p="$2" -v s="${secs[$1]}" -v c="${cpu[$1]}" -v m="${rss[$1]}" 'BEGIN {
		printf "  %-32s %8d pkts %7.2f s %9.0f pkt/s | CPU %7.2f s %9.0f pkt/s | %7.1f MB peak RSS\n",
			n, p, s, (s > 0 ? p / s : 0), c, (c > 0 ? p / c : 0), m / 1024 }'
}

echo "timing (wall clock, output to /dev/null, best of $RUNS):"
run "pktsend -n -j -r big.pcap" "$BIN/pktsend" -n -j -r big.pcap && line "pktsend -n -j -r big.pcap" "$npkt_big"
run "pktsend -n -r big.pcap (summary)" "$BIN/pktsend" -n -r big.pcap && line "pktsend -n -r big.pcap (summary)" "$npkt_big"
run "tcpdump -nn -r big.pcap" tcpdump -nn -r big.pcap && line "tcpdump -nn -r big.pcap" "$npkt_big"
have_tshark=
if command -v tshark >/dev/null; then
	have_tshark=1
	run "tshark -r big.pcap -T json" tshark -r big.pcap -T json && line "tshark -r big.pcap -T json" "$npkt_big"
else
	echo "  tshark: not installed (apt-get install tshark), skipped"
fi
run "pktsend -n -j -r big2.pcap (2x)" "$BIN/pktsend" -n -j -r big2.pcap &&
	line "pktsend -n -j -r big2.pcap (2x)" $((npkt_big * 2))

ratio() {	# A B: pkt/s of A over pkt/s of B (same packet count), wall and CPU
	awk -v a="${secs[$1]}" -v b="${secs[$2]}" -v ac="${cpu[$1]}" -v bc="${cpu[$2]}" 'BEGIN {
		printf "%.2f (CPU: %.2f)", (a > 0 ? b / a : 0), (ac > 0 ? bc / ac : 0) }'
}
echo "ratios (packets per second):"
echo "  pktsend -j / tcpdump -nn:    $(ratio "pktsend -n -j -r big.pcap" "tcpdump -nn -r big.pcap")"
echo "  pktsend summary / tcpdump:   $(ratio "pktsend -n -r big.pcap (summary)" "tcpdump -nn -r big.pcap")"
if [ -n "$have_tshark" ]; then
	echo "  pktsend -j / tshark -T json: $(ratio "pktsend -n -j -r big.pcap" "tshark -r big.pcap -T json")"
fi
awk -v a="${rss[pktsend -n -j -r big.pcap]}" -v b="${rss[pktsend -n -j -r big2.pcap (2x)]}" 'BEGIN {
	printf "memory: pktsend -j peak RSS %.1f MB on big.pcap, %.1f MB on the file twice as big (%s)\n",
		a / 1024, b / 1024, (b < a * 1.2 + 1024 ? "flat" : "GROWS with the input") }'
