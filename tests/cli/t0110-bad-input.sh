#!/bin/bash
# pktsend -n against malformed input, reader by reader (SPEC 4 and 7):
# every error exits 2 with a message on stderr that starts with
# "pktsend: " and names the place (the file and the record for pcap and
# pcapng, FILE:LINE for JSON Lines, spec:N:COL for a spec, FILE:LINE for
# the configuration file), and every record before the bad one has
# already been written (the good records come first; stdout must be
# exactly their output).  A record longer than the snap length is read as
# libpcap delivers it (exit 0), and packets whose length fields lie are
# data, not errors (exit 0, whatever the output).
#
# - pcap: a record cut short by the end of the file (truncated-record.pcap,
#   as a file, on stdin, with -j and with -w), a file cut inside its header
#   or inside the first record header, a 2-byte file;
# - pcapng (written here by python3): a block whose length is not a
#   multiple of 4, a file cut inside a block, a packet on an interface
#   with no IDB, garbage after the section-header magic;
# - JSON Lines: not JSON, wrong types ("ttl": "x", 1.5, true, "layers": 5,
#   [5], a record that is an array or a string), no "layer" name, an unknown
#   layer and field (with the did-you-mean), values out of range (ttl 300,
#   Dot1Q vlan 5000, a 5-octet MAC, 10.0.0.300), bad hex, a 10 MB line;
# - specs: empty, IP(, IP()/, IP(ttl=(1,2), IP()), bad escapes, an
#   unknown layer and field, values out of range; all specs are checked
#   before anything is written, so nothing comes out, not even -r's packets;
# - the configuration file: a misspelt key, a value that is not a number,
#   a line that is not key = value.
# Under the ASan build (make check) a sanitizer report fails any test.
# shellcheck disable=SC1091,SC2016,SC2034 # lib.sh by path; ok bodies are eval'ed later (and use variables set here)
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pktsend" ] || skip_all "no $PKT_BIN/pktsend (run make)"
need_cmd python3 jq

GOLD=$PKT_TOP/tests/golden
TRUNC=$GOLD/pcap/truncated-record.pcap
BASIC=$GOLD/pcap/en10mb-basic.pcap

plan 137

# bad DESC EXPECTED_STDOUT REGEX [--stdin FILE] -- CMD...: two tests: exit
# 2 with exactly EXPECTED_STDOUT on stdout; exit 2 with REGEX on stderr.
bad() {
	local desc=$1 exp=$2 re=$3
	shift 3
	expect_stdout "$exp" "$desc: exit 2, what came before is out" --code 2 "$@"
	expect_stderr_match "$re" "$desc: the message names the place" --code 2 "$@"
}


# --- pcap ---------------------------------------------------------------
printf '%s\n' 'Ether / IP / ICMP 192.0.2.1 > 192.0.2.2 echo-request 0 / Raw' \
	'Ether / IP / ICMP 192.0.2.2 > 192.0.2.1 echo-reply 0 / Raw' >two.out
bad "truncated pcap record" two.out \
	'^pktsend: [^ ]*truncated-record\.pcap: record 3: truncated \(file ends inside the record\)$' \
	-- pktsend -n -r "$TRUNC"
bad "truncated pcap record on stdin" two.out '^pktsend: <stdin>: record 3: truncated' \
	--stdin "$TRUNC" -- pktsend -n -r -
ok 'pktsend -n -j -r "$TRUNC" >t.jsonl; test $? = 2 && test "$(jq -r .layers[2].type <t.jsonl | tr "\n" " ")" = "8 0 "' \
	"truncated pcap record, -j: exit 2, the 2 records before it as JSON"
ok 'pktsend -n -r "$TRUNC" -w t.pcap; test $? = 2 && pktsend -n -r t.pcap >t.out && test_cmp two.out t.out' \
	"truncated pcap record, -w: exit 2, the 2 records before it in the pcap"
head -c 10 "$BASIC" >cut-header.pcap
bad "a pcap cut in its file header" /dev/null \
	'^pktsend: cut-header\.pcap: truncated dump file; tried to read 24 file header bytes' \
	-- pktsend -n -r cut-header.pcap
bad "a pcap cut in its file header, on stdin" /dev/null '^pktsend: <stdin>: truncated dump file' \
	--stdin cut-header.pcap -- pktsend -n -r -
head -c 30 "$BASIC" >cut-record.pcap
bad "a pcap cut in its first record header" /dev/null \
	'^pktsend: cut-record\.pcap: record 1: truncated' -- pktsend -n -r cut-record.pcap
head -c 2 "$BASIC" >two-bytes.pcap
bad "a 2-byte file (too short for any magic)" /dev/null '^pktsend: two-bytes\.pcap:1: ' \
	-- pktsend -n -r two-bytes.pcap

# snaplen.pcap: records longer than the snap length (64) are cut to it,
# as libpcap delivers them: "len" the wire length, "caplen" 64.
expect_stdout - "records longer than the snap length: read as libpcap delivers them, exit 0" -- \
	bash -c 'pktsend -n -j -r "$1" | jq -c "[.len, .caplen, (.hex | length / 2)]"' bash "$GOLD/pcap/snaplen.pcap" <<-'EOF'
	[142,64,64]
	[47,47,47]
	[254,64,64]
	[126,64,64]
	EOF
# Their summary lines, --show and -j: tests/golden/TESTLIST (snaplen.*).

# --- pcapng -------------------------------------------------------------
cat >mkng.py <<'EOF'
# mkng.py PCAP KIND: a pcapng (little-endian, one EN10MB interface) with the
# first two records of PCAP, then something wrong (KIND).
import struct, sys
def blk(t, body):
    body += b"\0" * (-len(body) % 4)
    n = len(body) + 12
    return struct.pack("<II", t, n) + body + struct.pack("<I", n)
src = open(sys.argv[1], "rb").read()
recs, off = [], 24
while off < len(src):
    _, _, incl, _ = struct.unpack_from("<IIII", src, off)
    recs.append(src[off + 16:off + 16 + incl])
    off += 16 + incl
def epb(d, ifid=0):
    return blk(6, struct.pack("<IIIII", ifid, 0, 1000000 * len(d), len(d), len(d)) + d)
shb = blk(0x0A0D0D0A, struct.pack("<IHHq", 0x1A2B3C4D, 1, 0, -1))
idb = blk(1, struct.pack("<HHI", 1, 0, 65535))
good = shb + idb + epb(recs[0]) + epb(recs[1])
sys.stdout.buffer.write({
    "good": good,
    "badlen": good + struct.pack("<II", 6, 0xffff) + b"garbage!",
    "cut": good + epb(recs[2])[:30],
    "badif": good + epb(recs[2], 7),
    "garbage": shb[:8] + b"\x01\x02\x03\x04 this is not a section header block",
}[sys.argv[2]])
EOF
for k in good badlen cut badif garbage; do
	python3 mkng.py "$BASIC" $k >ng-$k.pcapng || echo "Bail out! mkng.py $k"
done
expect_stdout two.out "pcapng: the two good records (the generator works)" -- pktsend -n -r ng-good.pcapng
bad "pcapng: a block length not a multiple of 4" two.out \
	'^pktsend: ng-badlen\.pcapng: record 3: .*not a multiple of 4' -- pktsend -n -r ng-badlen.pcapng
bad "pcapng: cut inside a block" two.out \
	'^pktsend: ng-cut\.pcapng: record 3: truncated' -- pktsend -n -r ng-cut.pcapng
bad "pcapng: cut inside a block, on stdin" two.out \
	'^pktsend: <stdin>: record 3: truncated' --stdin ng-cut.pcapng -- pktsend -n -r -
bad "pcapng: a packet on an interface with no IDB" two.out \
	'^pktsend: ng-badif\.pcapng: record 3: .*interface 7' -- pktsend -n -r ng-badif.pcapng
bad "pcapng: garbage after the section-header magic" /dev/null \
	'^pktsend: ng-garbage\.pcapng: ' -- pktsend -n -r ng-garbage.pcapng

# --- JSON Lines ---------------------------------------------------------
pktsend -n -j 'IP(src="10.0.0.1",dst="10.0.0.2")/ICMP()' 'IP(src="10.0.0.1",dst="10.0.0.2")/UDP()' >good.jsonl
pktsend -n -r good.jsonl >good.out
[ "$(wc -l <good.out)" = 2 ] || echo "Bail out! cannot build the good JSON records"

# jbad DESC LINE3 REGEX: good.jsonl then LINE3; exit 2, the two good
# packets out, and "pktsend: FILE:3: REGEX" on stderr.
jn=0
jbad() {
	jn=$((jn + 1))
	{ cat good.jsonl; printf '%s\n' "$2"; } >bad$jn.jsonl
	bad "JSON: $1" good.out "^pktsend: bad$jn\.jsonl:3: $3" -- pktsend -n -r bad$jn.jsonl
}
jbad "not JSON (a cut object)" '{"layers": [ {"layer":"IP"' "'}' expected"
jbad "not JSON (a bare word)" 'hello' 'invalid token'
jbad '"ttl": "x"' '{"layers":[{"layer":"IP","ttl":"x"}]}' 'IP\.ttl: unknown value "x" \(a number is wanted\)$'
jbad '"ttl": 1.5' '{"layers":[{"layer":"IP","ttl":1.5}]}' 'IP\.ttl: 1\.5 is not a whole number$'
jbad '"ttl": true' '{"layers":[{"layer":"IP","ttl":true}]}' 'IP\.ttl: true is not a value'
jbad '"ttl": -1' '{"layers":[{"layer":"IP","ttl":-1}]}' 'IP\.ttl: negative number -1$'
jbad '"layers": 5' '{"layers":5}' '"layers" wants an array, not a number$'
jbad '"layers": [5]' '{"layers":[5]}' 'layer 1: wants a layer object, not a number$'
jbad 'a layer without "layer"' '{"layers":[{"ttl":1}]}' 'layer 1: a layer object needs a "layer" name'
jbad 'a record that is an array' '[1,2]' 'an array, not a packet or pair object$'
jbad 'a record that is a string' '"IP()"' 'a string, not a packet or pair object$'
jbad 'neither "layers" nor "hex"' '{"time":1}' 'a packet needs "layers" or "hex"$'
jbad 'an unknown layer' '{"layers":[{"layer":"Ehter"}]}' 'unknown layer "Ehter" \(did you mean "Ether"\?\)$'
jbad 'an unknown field' '{"layers":[{"layer":"IP","tll":3}]}' 'unknown field "tll" in IP \(did you mean "ttl"\?\)$'
jbad 'ttl 300' '{"layers":[{"layer":"IP","ttl":300}]}' 'IP\.ttl: 300 out of range 0\.\.255$'
jbad 'Dot1Q vlan 5000' '{"layers":[{"layer":"Ether"},{"layer":"Dot1Q","vlan":5000}]}' 'Dot1Q\.vlan: 5000 out of range 0\.\.4095$'
jbad 'a 5-octet MAC' '{"layers":[{"layer":"Ether","src":"02:00:00:00:01"}]}' 'Ether\.src: "02:00:00:00:01" is not a MAC address'
jbad 'an IPv4 address out of range' '{"layers":[{"layer":"IP","dst":"10.0.0.300"}]}' 'IP\.dst: "10\.0\.0\.300" is not an IPv4 address$'
jbad 'an unknown link type' '{"layers":[{"layer":"IP"}],"linktype":"FOO"}' 'unknown linktype "FOO"$'
jbad 'bad hex' '{"hex":"45zz"}' '"hex": invalid hex digit "z"'
jbad 'odd hex in a Raw load' '{"layers":[{"layer":"IP"},{"layer":"Raw","load":"abc"}]}' 'Raw\.load: odd number of hex digits'
jbad 'a pair whose "sent" is not a packet' '{"sent":5,"recv":null}' '"sent" wants a packet object'
# The error is in the right record, not always the last: good, bad, good.
{ head -n 1 good.jsonl; echo '{"layers":[{"layer":"IP","ttl":300}]}'; tail -n 1 good.jsonl; } >middle.jsonl
head -n 1 good.out >one.out
bad "JSON: a bad record between good ones" one.out '^pktsend: middle\.jsonl:2: IP\.ttl: 300' \
	-- pktsend -n -r middle.jsonl
bad "JSON on stdin" good.out '^pktsend: <stdin>:3: IP\.ttl: 300' --stdin bad15.jsonl -- pktsend -n -r -
ok 'pktsend -n -j -r bad15.jsonl >j.out; test $? = 2 && test "$(jq -r .layers[1].layer <j.out | tr "\n" " ")" = "ICMP UDP "' \
	"JSON, -j: exit 2, the two good records before the bad one as JSON"
# With -c or --loop the file is read whole before the first packet, as
# specs are checked before anything is sent (pktsend(1)): nothing goes out.
bad "JSON with -c 2: the set is read before the first round" /dev/null \
	'^pktsend: bad15\.jsonl:3: IP\.ttl: 300' -- pktsend -n -c 2 -r bad15.jsonl
# A 10 MB line: a 10 MB Raw load (over pktsend's 1 MiB packet limit), and
# 10 MB of garbage.  Read, refused, no crash.
{
	cat good.jsonl
	printf '{"layers":[{"layer":"IP"},{"layer":"Raw","load":"'
	head -c 10000000 /dev/zero | tr '\0' a
	printf '"}]}\n'
} >big.jsonl
bad "JSON: a 10 MB line (a 10 MB packet)" good.out '^pktsend: big\.jsonl:3: packet longer than' \
	-- pktsend -n -r big.jsonl
{ cat good.jsonl; head -c 10000000 /dev/zero | tr '\0' x; echo; } >bigx.jsonl
bad "JSON: a 10 MB line of garbage" good.out '^pktsend: bigx\.jsonl:3: invalid token' \
	-- pktsend -n -r bigx.jsonl
rm -f big.jsonl bigx.jsonl

# --- specs --------------------------------------------------------------
# sbad DESC SPEC REGEX: nothing out, "pktsend: spec:N:COL: ..." on stderr.
sbad() {
	bad "spec: $1" /dev/null "^pktsend: $3" -- pktsend -n "$2"
}
sbad "empty" '' 'spec:1:1: empty spec'
sbad "IP(" 'IP(' 'spec:1:4: '
sbad "IP()/" 'IP()/' 'spec:1:6: a layer is expected'
sbad "IP(ttl=(1,2)" 'IP(ttl=(1,2)' 'spec:1:13: unbalanced "\(": "\)" expected$'
sbad "IP())" 'IP())' 'spec:1:5: unbalanced "\)"'
sbad "IP()//TCP()" 'IP()//TCP()' 'spec:1:6: a layer name is expected'
sbad 'a bad escape \q' 'IP()/"a\q"' 'spec:1:8: unknown escape \\q$'
sbad 'a bad escape \x4' 'IP()/"a\x4"' 'spec:1:8: \\x wants two hex digits$'
sbad 'an unterminated string' "IP(dst='1.2.3.4)" 'spec:1:8: unterminated string$'
sbad "an unknown layer" 'IP()/TCPP()' 'spec:1:6: unknown layer "TCPP" \(did you mean "TCP"\?\)$'
sbad "ttl=300" 'IP(ttl=300)' 'spec:1:8: IP\.ttl: 300 out of range 0\.\.255$'
sbad "Dot1Q(vlan=5000)" 'Ether()/Dot1Q(vlan=5000)' 'spec:1:20: Dot1Q\.vlan: 5000 out of range 0\.\.4095$'
sbad "a 5-octet MAC" 'Ether(src="02:00:00:00:01")' 'spec:1:11: Ether\.src: "02:00:00:00:01" is not a MAC address'
sbad "a /33 prefix" 'IP(dst="10.0.0.0/33")' 'spec:1:8: IP\.dst: '
# The column of an unknown field is the field name's (pkt(7): "spec:1:4:
# unknown field "tll" in IP"; SPEC 3: spec:1:12 for Ether()/IP(tll=...)).
expect_stderr_match '^pktsend: spec:1:4: unknown field "tll" in IP \(did you mean "ttl"\?\)$' \
	"spec: an unknown field: the column of the field name" --code 2 -- pktsend -n 'IP(tll=1)'
expect_stderr_match '^pktsend: spec:1:12: unknown field "tll" in IP' \
	"spec: an unknown field in the second layer: the column of the field name" --code 2 -- \
	pktsend -n 'Ether()/IP(tll=1)'
expect_stderr_match '^pktsend: spec:1:[0-9]+: unknown field "dprot" in TCP \(did you mean "dport"\?\)$' \
	"spec: an unknown field: exit 2, did you mean" --code 2 -- pktsend -n 'IP()/TCP(dprot=1)'
bad "spec: the bad one is the second: spec:2, and nothing out (all are checked first)" /dev/null \
	'^pktsend: spec:2:4: ' -- pktsend -n 'IP()' 'IP('
bad "spec: a bad spec after -r: nothing out, not even -r's records" /dev/null \
	'^pktsend: spec:1:8: IP\.ttl: 300' -- pktsend -n -r good.jsonl 'IP(ttl=300)'

# --- configuration file -------------------------------------------------
printf '# a comment\ntiemout = 3\n' >c1
printf 'timeout = 2\n\ntimeout = abc\n' >c2
printf 'iface\n' >c3
bad "config: a misspelt key" /dev/null '^pktsend: c1:2: unknown key "tiemout" \(did you mean "timeout"\?\)$' \
	-- pktsend -n --config c1 'IP()'
bad "config: timeout = abc" /dev/null '^pktsend: c2:3: timeout "abc" is not a number' \
	-- pktsend -n --config c2 'IP()'
bad "config: a line that is not key = value" /dev/null '^pktsend: c3:1: ' \
	-- pktsend -n --config c3 'IP()'
bad "config from \$PKT_CONFIG" /dev/null '^pktsend: [^ ]*c1:2: unknown key "tiemout"' \
	-- env PKT_CONFIG="$TEST_DIR/c1" pktsend -n 'IP()'

# --- lengths that lie: data, not errors ---------------------------------
# Built with pktsend -n, read back three ways: exit 0, no sanitizer
# report, and the JSON rebuilds the very same bytes.
lies=(
	'IP(src="10.0.0.1",dst="10.0.0.2",len=1000)/TCP()'
	'Ether()/IP(len=10)/ICMP()'
	'IP(ihl=15)/TCP()'
	'IP(ihl=2)/TCP()'
	'IP()/UDP(len=5000)/"x"'
	'IP()/UDP(len=3)'
	'IP()/TCP(dataofs=15)'
	'IP()/TCP(dataofs=1)'
	'IP()/UDP()/DNS(qdcount=50)'
	'IP()/UDP()/DNS(ancount=3,qd=DNSQR())'
	'IPv6(plen=999)/UDP()'
	'IP(options="\x07\x27\x04")/ICMP()'
)
i=0
for s in "${lies[@]}"; do
	i=$((i + 1))
	ok 'pktsend -n "$s" -w lie$i.pcap && pktsend -n -r lie$i.pcap >/dev/null &&
	    pktsend -n --show -r lie$i.pcap >/dev/null && pktsend -n -j -r lie$i.pcap >lie$i.jsonl &&
	    test "$(wc -l <lie$i.jsonl)" = 1 && pktsend -n -r lie$i.jsonl -w lie$i.copy.pcap &&
	    cmp <(tail -c +25 lie$i.pcap) <(tail -c +25 lie$i.copy.pcap)' \
		"lengths that lie are data: $s"
done
expect_stdout - "IP len 1000 on a 40-byte packet: len 40 on the wire, IP len 1000 as read" -- \
	bash -c 'pktsend -n -j -r lie1.pcap | jq -c "[.len, .caplen, .layers[0].len, .layers[1].layer]"' <<-'EOF'
	[40,40,1000,"TCP"]
	EOF
