#!/bin/bash
# pktsend -n without privilege or network, against committed goldens:
#
# - round trips of every reference pcap (tests/golden/pcap/*.pcap, but
#   truncated-record and snaplen, which t0110-bad-input reads; their
#   summaries, --show and -j are tests/golden/TESTLIST's, checked by
#   tests/golden/run.sh): pcap -> JSON Lines -> pcap gives the very same records
#   (link type, time stamps, lengths, bytes), and reading the copy back
#   gives the same JSON;
# - the jq edit of SPEC 4 (ttl = 1, chksum = null): only the TTL and the
#   IP checksum change, and the new checksum is right;
# - the examples of the README, SPEC 1 and pktsend(1): an ICMP echo
#   request read by tcpdump, four probes from a /30, the fan-out order
#   of IP(dst=/31,ttl=(1,2))/TCP(dport=[80,443]) as Scapy's (and its bytes
#   as tests/golden/build.tsv);
# - an empty input (nothing, blank lines, a pcap with only its header) is
#   no error: exit 0, nothing on stdout.
# shellcheck disable=SC1091,SC2016,SC2034 # lib.sh by path; ok bodies are eval'ed later (and use variables set here)
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pktsend" ] || skip_all "no $PKT_BIN/pktsend (run make)"
need_cmd jq tcpdump python3

GOLD=$PKT_TOP/tests/golden
names=()
for pf in "$GOLD"/pcap/*.pcap; do
	nm=$(basename "$pf" .pcap)
	case $nm in truncated-record | snaplen) continue ;; esac
	names+=("$nm")
done
[ ${#names[@]} -gt 0 ] || { echo "Bail out! no golden pcap in $GOLD/pcap"; exit 1; }

plan $((${#names[@]} * 2 + 17))

# 1. The round trip of every reference pcap through JSON.
# (the loop variable is not $n: lib.sh's runners have a local n)
for nm in "${names[@]}"; do
	pc=$GOLD/pcap/$nm.pcap
	# Link type (bytes 21-24 of the file header) and every record, byte
	# for byte.  The snap length of the copy is pktsend's own.
	ok 'pktsend -n -r "$pc" -j >copy.jsonl &&
	    pktsend -n -r - -w "$nm.copy.pcap" <copy.jsonl &&
	    cmp <(tail -c +21 "$pc") <(tail -c +21 "$nm.copy.pcap") &&
	    tcpdump -r "$pc" -nn -tt -x >a.txt 2>/dev/null &&
	    tcpdump -r "$nm.copy.pcap" -nn -tt -x >b.txt 2>/dev/null &&
	    test_cmp a.txt b.txt' "$nm: -j | -r - -w gives the same records"
	expect_stdout "$GOLD/cli/$nm.jsonl" "$nm: the copy reads back as the same JSON" -- \
		pktsend -n -j -r "$nm.copy.pcap"
done

# 2. The jq edit of SPEC 4: TTL 1, checksum recomputed.
cat >ipcheck.py <<'EOF'
# ipcheck.py ORIG EDITED: both pcaps (little-endian, Ethernet/IPv4) have the
# same records but for the TTL (1 in EDITED) and the IP header checksum,
# which is right in EDITED.
import struct, sys
def records(path):
    data = open(path, "rb").read()
    off, out = 24, []
    while off < len(data):
        _, _, incl, _ = struct.unpack_from("<IIII", data, off)
        out.append(data[off + 16:off + 16 + incl])
        off += 16 + incl
    return out
def csum(b):
    s = sum(struct.unpack("!%dH" % (len(b) // 2), b))
    while s >> 16:
        s = (s & 0xffff) + (s >> 16)
    return ~s & 0xffff
orig, edited = records(sys.argv[1]), records(sys.argv[2])
assert len(orig) == len(edited) > 0, (len(orig), len(edited))
for i, (a, b) in enumerate(zip(orig, edited), 1):
    assert len(a) == len(b), i
    ihl = (b[14] & 15) * 4
    hdr = b[14:14 + ihl]
    assert b[22] == 1, "record %d: ttl %d" % (i, b[22])
    assert csum(hdr) == 0, "record %d: bad IP checksum %04x" % (i, hdr[10] << 8 | hdr[11])
    diff = [j for j in range(len(a)) if a[j] != b[j]]
    assert set(diff) <= {22, 24, 25}, "record %d: bytes %s changed" % (i, diff)
    assert 22 in diff and (24 in diff or 25 in diff), "record %d: checksum not changed" % i
print("ok", len(edited))
EOF
pc=$GOLD/pcap/en10mb-dns.pcap
ok 'pktsend -n -j -r "$pc" | jq -c ".layers[1].ttl = 1 | .layers[1].chksum = null" >ttl1.jsonl &&
    test "$(wc -l <ttl1.jsonl)" = 6 &&
    pktsend -n -r ttl1.jsonl -w ttl1.pcap && python3 ipcheck.py "$pc" ttl1.pcap' \
	"jq ttl=1, chksum=null: only TTL and checksum change, and the checksum is right"
ok 'tcpdump -v -nn -r ttl1.pcap >v.txt 2>/dev/null && test "$(grep -c "ttl 1," v.txt)" = 6 &&
    ! grep -q "bad cksum" v.txt' "tcpdump -v: TTL 1 everywhere and no bad IP checksum"

# 3. The examples.
expect_stdout - "README: an ICMP echo request, read by tcpdump" -- bash -c \
	'pktsend -n '\''IP(src="10.0.0.1",dst="10.0.0.2")/ICMP()'\'' -w - | tcpdump -nn -t -r - 2>/dev/null' <<-'EOF'
	IP 10.0.0.1 > 10.0.0.2: ICMP echo request, id 0, seq 0, length 8
	EOF
ok 'pktsend -n '\''IP(src="10.0.0.1",dst="10.0.0.2")/ICMP()'\'' -w - | tcpdump -nn -r - 2>&1 >/dev/null |
    grep -q "link-type RAW"' "a packet without link header is written as LINKTYPE_RAW"
ok 'pktsend -n '\''Ether()/IP(dst="10.0.0.0/30")/UDP(dport=53)'\'' -w probes.pcap &&
    test "$(tcpdump -nn -r probes.pcap 2>/dev/null | wc -l)" = 4' "SPEC 1: Ether()/IP(dst=10.0.0.0/30)/UDP(dport=53) makes 4 packets"
expect_stdout - "... to 10.0.0.0 .. 10.0.0.3, port 53, broadcast Ether dst (pktsend -n resolves no next hop)" -- \
	bash -c 'pktsend -n -j -r probes.pcap | jq -r "[.linktype, .layers[0].dst, .layers[1].dst, .layers[2].dport] | @tsv"' <<-'EOF'
	EN10MB	ff:ff:ff:ff:ff:ff	10.0.0.0	53
	EN10MB	ff:ff:ff:ff:ff:ff	10.0.0.1	53
	EN10MB	ff:ff:ff:ff:ff:ff	10.0.0.2	53
	EN10MB	ff:ff:ff:ff:ff:ff	10.0.0.3	53
	EOF
# Scapy's order: leftmost layer slowest; in a layer, the field later in
# the header (dst after ttl) slowest.
expect_stdout - "fan-out order of IP(dst=/31,ttl=(1,2))/TCP(dport=[80,443]) is Scapy's" -- \
	bash -c 'pktsend -n -j '\''IP(dst="10.0.0.0/31",ttl=(1,2))/TCP(dport=[80,443])'\'' |
		jq -r "[.layers[0].dst, .layers[0].ttl, .layers[1].dport] | @tsv"' <<-'EOF'
	10.0.0.0	1	80
	10.0.0.0	1	443
	10.0.0.0	2	80
	10.0.0.0	2	443
	10.0.0.1	1	80
	10.0.0.1	1	443
	10.0.0.1	2	80
	10.0.0.1	2	443
	EOF
spec='IP(src="192.0.2.1",dst="10.0.0.0/31",ttl=(1,2))/TCP(dport=[80,443])'
ok 'awk -F "\t" -v s="$spec" '\''$1 == s { print $2 }'\'' "$GOLD/build.tsv" | tr " " "\n" >want &&
    test "$(wc -l <want)" = 8 &&
    pktsend -n -j "$spec" | jq -r .hex >got && test_cmp want got' \
	"... and the same 8 packets, byte for byte, as Scapy's raw() (build.tsv)"
ok 'pktsend -n -w fan.pcap '\''IP(dst="10.0.0.0/31",ttl=(1,2))/TCP(dport=[80,443])'\'' &&
    test "$(pktsend -n -r fan.pcap | wc -l)" = 8' "... and 8 records with -w"

# 4. Empty inputs.
head -c 24 "$GOLD/pcap/en10mb-basic.pcap" >header-only.pcap
: >empty
printf '\n\n\n' >blank.jsonl
expect_stdout /dev/null "empty stdin: nothing out, exit 0" -- pktsend -n -r -
expect_stdout /dev/null "empty stdin, -j: nothing out, exit 0" -- pktsend -n -j -r -
expect_stdout /dev/null "empty file: nothing out, exit 0" -- pktsend -n -r empty
expect_stdout /dev/null "blank lines only: nothing out, exit 0" -- pktsend -n -r blank.jsonl
expect_stdout /dev/null "a pcap with only its header: nothing out, exit 0" -- pktsend -n -r header-only.pcap
expect_stdout /dev/null "... with -j" -- pktsend -n -j -r header-only.pcap
expect_stdout /dev/null "... with --show, on stdin" --stdin header-only.pcap -- pktsend -n --show -r -
ok 'pktsend -n -r header-only.pcap -w none.pcap && test -z "$(pktsend -n -r none.pcap)"' \
	"... with -w: a pcap with no record"
