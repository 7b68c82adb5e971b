#!/bin/bash
# The bad-input matrix across the tools (t0110 goes through pktsend's
# readers case by case): every tool that reads a file, pktsr1 -r,
# pkttrace -r and pktgraph -r, given each kind of malformed input, exits 2
# with a message that starts with its name and names the file and the
# record (pcap) or line (JSON Lines); no tool sends anything (pktsr1 reads
# every probe before the first goes out) and, under the ASan build, no
# sanitizer speaks.  Packets whose length fields lie are data, not
# errors.  A configuration line that makes no sense stops every tool.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

for t in pktsend pktsr1 pkttrace pktgraph; do
	[ -x "$PKT_BIN/$t" ] || skip_all "no $PKT_BIN/$t (run make)"
done
plan 35

GOLD=$PKT_TOP/tests/golden
cp "$GOLD/pcap/truncated-record.pcap" cut-record.pcap
head -c 10 "$GOLD/pcap/en10mb-basic.pcap" >cut-header.pcap
printf 'ab' >two-bytes.bin
printf '\n\r\r\n\001\002\003\004 not a section header block' >garbage.pcapng
pktsend -n -j 'IP(src="10.0.0.1",dst="10.0.0.2")/ICMP()' >good.jsonl
bad_line() {	# NAME LINE: good.jsonl, then LINE as line 2
	{ cat good.jsonl; printf '%s\n' "$2"; } >"$1.jsonl"
}
bad_line not-json 'hello'
bad_line wrong-type '{"layers":[{"layer":"IP","ttl":"x"}]}'
bad_line unknown-layer '{"layers":[{"layer":"Ehter"}]}'
bad_line out-of-range '{"layers":[{"layer":"IP","ttl":300}]}'
{ cat good.jsonl; head -c 10000000 /dev/zero | tr '\0' x; echo; } >ten-mb.jsonl

# input|where the message points
inputs=(
	"cut-record.pcap|cut-record\.pcap: record 3: truncated"
	"cut-header.pcap|cut-header\.pcap: truncated dump file"
	"two-bytes.bin|two-bytes\.bin:1: "
	"garbage.pcapng|garbage\.pcapng: "
	"not-json.jsonl|not-json\.jsonl:2: invalid token"
	"wrong-type.jsonl|wrong-type\.jsonl:2: IP\.ttl: unknown value \"x\""
	"unknown-layer.jsonl|unknown-layer\.jsonl:2: unknown layer \"Ehter\""
	"out-of-range.jsonl|out-of-range\.jsonl:2: IP\.ttl: 300 out of range"
	"ten-mb.jsonl|ten-mb\.jsonl:2: invalid token"
)
# 1-27: three tools, nine inputs.
for tool in "pktsr1 -q" "pkttrace -q" "pktgraph -q -T dot"; do
	for in in "${inputs[@]}"; do
		file=${in%%|*} re=${in#*|}
		# shellcheck disable=SC2086 # the tool's words
		expect_stderr_match "^${tool%% *}: $re" "${tool%% *} -r $file: exit 2, the place named" \
			--code 2 -- $tool -r "$file"
	done
done
rm -f ten-mb.jsonl

# 28-31: a configuration line that makes no sense, for every tool.
printf 'iface = lo\ntimeout = banana\n' >bad.conf
for t in pktsend pktsr1 pkttrace pktgraph; do
	expect_stderr_match "^$t: bad\.conf:2: timeout \"banana\" is not a number$" \
		"$t --config: a bad line is an error naming file and line" --code 2 -- \
		"$t" --config bad.conf -r good.jsonl
done

# 32-35: length fields that lie (IP total length, UDP length, a DNS count
# past the end) are data: read, no error.
pktsend -n -w lie.pcap 'IP(src="10.0.0.1",dst="10.0.0.2",ttl=3,len=1000)/UDP(len=3)' \
	'IP(src="10.0.0.2",dst="10.0.0.1",ihl=15)/UDP()/DNS(ancount=9)' 2>/dev/null
ok 'pktsend -n -r lie.pcap -j | jq -e -s "length == 2" >/dev/null' "pktsend reads lying lengths as data"
expect_code 1 "pkttrace -r: lying lengths are data (a probe with no answer: exit 1)" -- \
	pkttrace -q -r lie.pcap
expect_code 0 "pktgraph -j: lying lengths are data" -- pktgraph -q -j -r lie.pcap
expect_code 0 "pktgraph -T dot: lying lengths are data" -- pktgraph -q -T dot -r lie.pcap
