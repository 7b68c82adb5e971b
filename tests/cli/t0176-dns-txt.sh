#!/bin/bash
# DNS TXT strings at the edge of their length octet: 254 and 255 bytes
# (the most one string holds), and longer (built as strings of 255 and the
# rest, as Scapy's DNSTextField does).  pktsend -j writes each string as
# it was read, and its JSON, without "hex", rebuilds the same bytes.
# (The JSON reader took every option list as TLV options, whose length
# octet also counts the kind and itself, and refused a string over 253
# bytes; fuzz_roundtrip found it.)
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

need_cmd jq
plan 6

for len in 253 254 255 400; do
	ok 'pktsend -n -j "IP()/UDP()/DNS(an=DNSRR(rrname=\"t.example\",type=\"TXT\",rdata=[\"a\"*$len]))" >txt$len.jsonl &&
	    jq -c "del(.hex)" txt$len.jsonl | pktsend -n -r - -j >txt$len.copy.jsonl &&
	    test "$(jq -r .hex txt$len.jsonl)" = "$(jq -r .hex txt$len.copy.jsonl)"' \
		"TXT string of $len bytes: its JSON rebuilds the same bytes"
done
ok 'test "$(jq -c "[.layers[2].an[0].rdata[] | .[1] | length / 2]" txt400.jsonl)" = "[255,145]"' \
	"a string of 400 bytes goes out as strings of 255 and 145"
expect_code 2 "a TCP option over 253 bytes is still refused (its length octet counts kind and length)" -- \
	pktsend -n "IP()/TCP(options=[(99, \"b\"*254)])"
