#!/bin/bash
# tests/valgrind.sh: the unit programs and a selection of CLI commands
# under valgrind's memcheck (--leak-check=full, definite and indirect
# leaks and every invalid access are errors), then a memory-flatness check:
# `pktsend -n -r FILE -j` over a pcap of 1 and of $PKT_VG_BIG (default
# 4000000) small packets must peak at the same RSS within $PKT_VG_SLACK
# KiB (default 1024).  Not part of make check (it takes minutes).  TAP.
#
#	tests/valgrind.sh			(build/, bin/; make all units first)
#	PKT_VG_BIG=1000000 tests/valgrind.sh
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
cd "$TOP" || exit 2
: "${PKT_VG_BIG:=4000000}"
: "${PKT_VG_SLACK:=1024}"
BIN=$TOP/bin
UNIT=$TOP/build/tests
export NO_COLOR=1 PKT_CONFIG=/dev/null TZ=UTC

if ! command -v valgrind >/dev/null; then
	echo "1..0 # skip valgrind not installed"
	exit 0
fi
WORK=$(mktemp -d "${TMPDIR:-/tmp}/pkt-vg.XXXXXX") || exit 2
trap 'rm -rf "$WORK"' EXIT

n=0 bad=0
# --error-exitcode is not used: test_util's children test the exit of
# pkt_xmalloc on an impossible size, which memcheck also warns about
# ("fishy value"), and their status must stay theirs.  Errors are read
# from the logs instead (one per process).
VG=(valgrind -q --leak-check=full "--show-leak-kinds=definite,indirect"
	"--errors-for-leak-kinds=definite,indirect" --track-fds=no)
VG_ERR='Invalid (read|write|free)|uninitialised|Uninitialised|definitely lost|indirectly lost|Mismatched free|overlap|Syscall param|Process terminating|Jump to the invalid'

# vg NAME MAXSTATUS CMD...: one test; the command must end with a status
# of at most MAXSTATUS (0 for unit programs, which may also skip with 77;
# 2 for the tools: a handled error) and memcheck must find nothing.
# Stdin from $VG_IN (default /dev/null).
vg() {
	local name=$1 max=$2 rc
	shift 2
	n=$((n + 1))
	rm -f "$WORK"/vg.*
	"${VG[@]}" --log-file="$WORK/vg.%p" "$@" <"${VG_IN:-/dev/null}" \
		>"$WORK/out" 2>"$WORK/err"
	rc=$?
	cat "$WORK"/vg.* >"$WORK/vglog" 2>/dev/null
	if { [ "$rc" -le "$max" ] || [ "$rc" = 77 ]; } &&
		! grep -qE "$VG_ERR" "$WORK/vglog"; then
		echo "ok $n - $name (status $rc)"
	else
		bad=$((bad + 1))
		echo "not ok $n - $name (status $rc)"
		sed 's/^/# /' "$WORK/vglog" | head -60
		tail -5 "$WORK/err" | sed 's/^/# /'
	fi
}

tests=()
for t in "$UNIT"/test_*; do
	[ -x "$t" ] && tests+=("$t")
done

# The unit programs (those that need root or a network skip themselves).
for t in "${tests[@]}"; do
	vg "unit ${t##*/}" 0 "$t"
done

# pktsend: specs, streams both ways, the bad inputs.
P=$BIN/pktsend
vg "pktsend -n spec -j" 0 "$P" -n -j 'IP(dst="10.0.0.0/30",ttl=(1,3))/TCP(dport=[22,80],flags="S")'
vg "pktsend -n spec --show" 0 "$P" -n --show 'Ether()/IP(dst="127.0.0.1")/UDP(dport=53)/DNS(rd=1,qd=DNSQR(qname="www.example.com"))'
vg "pktsend -n spec -w" 0 "$P" -n -w "$WORK/s.pcap" 'IPv6(dst="::1")/ICMPv6EchoRequest()' 'IP(dst="127.0.0.1")/ICMP()/"hello"'
vg "pktsend -n bad spec" 2 "$P" -n 'IP(ttl=300)/TCP(flags="Q")'
vg "pktsend -n unterminated spec" 2 "$P" -n 'IP(dst="10.0.0.1'
for f in tests/golden/pcap/*.pcap; do
	vg "pktsend -n -r ${f##*/} -j" 2 "$P" -n -r "$f" -j
done
"$P" -n -r tests/golden/pcap/en10mb-dns.pcap -j >"$WORK/dns.jsonl" 2>/dev/null
vg "pktsend -n -r JSON -w" 0 "$P" -n -r "$WORK/dns.jsonl" -w "$WORK/dns.pcap"
VG_IN=$WORK/dns.jsonl vg "pktsend -n -r - --show" 0 "$P" -n -r - --show
printf '{"layers":[{"layer":"IP","ttl":999}]}\n{nope\n' >"$WORK/bad.jsonl"
vg "pktsend -n -r bad JSON" 2 "$P" -n -r "$WORK/bad.jsonl" -j
head -c 100 tests/golden/pcap/en10mb-basic.pcap >"$WORK/cut.pcap"
vg "pktsend -n -r cut pcap" 2 "$P" -n -r "$WORK/cut.pcap" -j
vg "pktsend -n -r missing" 2 "$P" -n -r "$WORK/missing.pcap" -j
printf 'timeout = banana\n' >"$WORK/bad.conf"
vg "pktsend --config bad" 2 "$P" -n --config "$WORK/bad.conf" 'IP()'
vg "pktsend --help" 0 "$P" --help

# The other tools: usage, and pktgraph over the golden traces.
for t in pktsr1 pkttrace pktgraph; do
	[ -x "$BIN/$t" ] && vg "$t --help" 2 "$BIN/$t" --help
done
if [ -x "$BIN/pktgraph" ]; then
	for f in tests/golden/graph/*.jsonl; do
		[ -f "$f" ] && vg "pktgraph -T dot ${f##*/}" 0 "$BIN/pktgraph" -T dot -r "$f"
	done
	vg "pktgraph -j many.jsonl" 0 "$BIN/pktgraph" -j --asn-file \
		tests/golden/graph/prefixes.tsv -r tests/golden/graph/many.jsonl
	vg "pktgraph -j conv.pcap" 0 "$BIN/pktgraph" -j -r tests/golden/graph/conv.pcap
fi
# pkttrace -r: a saved trace, its pairs, and a file that is no trace.
if [ -x "$BIN/pkttrace" ]; then
	vg "pkttrace -r unreached.jsonl" 1 "$BIN/pkttrace" -q -r tests/golden/graph/unreached.jsonl
	vg "pkttrace -r many.jsonl -j" 0 "$BIN/pkttrace" -q -j -r tests/golden/graph/many.jsonl
	vg "pkttrace -r -w" 0 "$BIN/pkttrace" -q -r tests/golden/graph/one.jsonl -w "$WORK/t.pcap"
	vg "pkttrace -r its -w pcap" 0 "$BIN/pkttrace" -q -r "$WORK/t.pcap"
	vg "pkttrace -r a capture" 1 "$BIN/pkttrace" -q --maxttl 255 -r tests/golden/pcap/en10mb-basic.pcap
	"$P" -n -w "$WORK/arp.pcap" 'Ether()/ARP(pdst="192.0.2.9")' 2>/dev/null
	vg "pkttrace -r no probes" 2 "$BIN/pkttrace" -q -r "$WORK/arp.pcap"
fi

# Memory flatness: RSS of a stream of 1 packet and of PKT_VG_BIG.
python3 - "$WORK" "$PKT_VG_BIG" <<'PY'
import struct, sys
work, big = sys.argv[1], int(sys.argv[2])
pkt = bytes.fromhex("4500001c00010000400166de0a0000010a0000020800f7ff00000000")
rec = struct.pack("<IIII", 1764290000, 0, len(pkt), len(pkt)) + pkt
hdr = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 101)
for name, count in (("one", 1), ("big", big)):
    with open(f"{work}/{name}.pcap", "wb") as f:
        f.write(hdr)
        chunk = rec * 10000
        left = count
        while left >= 10000:
            f.write(chunk); left -= 10000
        f.write(rec * left)
PY
rss() {	# peak RSS in KiB of pktsend -n -r FILE -j, output counted
	/usr/bin/time -f '%M' -o "$WORK/rss" "$P" -n -r "$1" -j | wc -l >"$WORK/lines"
	echo "$(cat "$WORK/rss") $(cat "$WORK/lines")"
}
read -r r1 l1 < <(rss "$WORK/one.pcap")
read -r rb lb < <(rss "$WORK/big.pcap")
n=$((n + 1))
d=$(( rb > r1 ? rb - r1 : r1 - rb ))
if [ "$l1" = 1 ] && [ "$lb" = "$PKT_VG_BIG" ] && [ "$d" -le "$PKT_VG_SLACK" ]; then
	echo "ok $n - flat memory: peak RSS ${r1} KiB for 1 packet, ${rb} KiB for $lb"
else
	bad=$((bad + 1))
	echo "not ok $n - flat memory: peak RSS ${r1} KiB for $l1 packet(s), ${rb} KiB for $lb (slack $PKT_VG_SLACK KiB)"
fi
echo "1..$n"
[ "$bad" -eq 0 ]
