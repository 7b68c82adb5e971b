#!/bin/bash
# Reading a saved trace takes time in proportion to its length: 150,000
# hop summaries, each of its own target, read by pkttrace -r (--report)
# and pktgraph -j in under 30 s of CPU each (ulimit -t: the time the tool
# itself spends, whatever else the machine runs; the normal build takes
# about 5 s, the ASan build 15).  Before, each summary looked its target
# up by a scan of the targets read so far, and pktgraph went over every
# summary again for each one: 150,000 summaries took minutes (pkttrace
# -r 80 s, pktgraph more).  The same for one target:
# a summary of 60,000 addresses (each looked up by a scan of those before
# it), then 60,000 summaries of its next TTL (pktgraph: 60,000 paths,
# each through the last of them, each path compared with every other
# before they were merged); what pkttrace -r and pktgraph make of them
# is checked too, and a later summary of a target and TTL replaces an
# earlier one in pktgraph as in pkttrace -r.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pkttrace" ] || skip_all "no $PKT_BIN/pkttrace (run make)"
need_cmd jq
plan 9

# Target i (10.x.y.z) answered at TTL 1 by 10.255.0.1 only.
awk 'BEGIN {
	for (i = 0; i < 150000; i++)
		printf "{\"target\":\"10.%d.%d.%d\",\"ttl\":1,\"sent\":1,\"hops\":[{\"addr\":\"10.255.0.1\",\"sent\":1,\"recv\":1}]}\n",
		    int(i / 65536), int(i / 256) % 256, i % 256
}' >many.jsonl

ok '(ulimit -t 30; pkttrace -r many.jsonl --report >report.txt); [ $? = 1 ] &&
    [ "$(grep -c "^HOST: " report.txt)" = 150000 ] &&
    [ "$(grep -c "1[.]|-- 10[.]255[.]0[.]1 " report.txt)" = 150000 ]' \
	"pkttrace -r: 150,000 summaries of their own target, in under 30 s of CPU"
ok '(ulimit -t 30; pktgraph -j -r many.jsonl >paths.jsonl) &&
    [ "$(wc -l <paths.jsonl)" = 150000 ] &&
    [ "$(jq -c ".path" paths.jsonl | sort -u)" = "[{\"ttl\":1,\"hop\":\"10.255.0.1\"}]" ]' \
	"pktgraph -j: a path per target, in under 30 s of CPU"

# One summary of 60,000 addresses (a hop behind a huge load balancer),
# then the same target's TTL 2 summary 60,000 times (the last one holds).
awk 'BEGIN {
	printf "{\"target\":\"10.0.9.2\",\"ttl\":1,\"hops\":["
	for (i = 0; i < 60000; i++)
		printf "%s{\"addr\":\"10.1.%d.%d\",\"sent\":60000,\"recv\":1}", i ? "," : "",
		    int(i / 256), i % 256
	printf "]}\n"
	for (i = 0; i < 60000; i++)
		printf "{\"target\":\"10.0.9.2\",\"ttl\":2,\"hops\":[{\"addr\":\"10.2.%d.%d\",\"sent\":1,\"recv\":1}]}\n",
		    int(i / 256), i % 256
	printf "{\"target\":\"10.0.9.2\",\"ttl\":3,\"hops\":[{\"addr\":\"10.0.9.2\",\"sent\":1,\"recv\":1}]}\n"
}' >wide.jsonl
ok '(ulimit -t 30; pkttrace -r wide.jsonl --report >wide.txt) &&
    grep -q "^  1[.]|-- 10[.]1[.]0[.]0 " wide.txt &&
    [ "$(grep -c "^    |   10[.]1[.]" wide.txt)" = 59999 ] &&
    grep -q "^  2[.]|-- 10[.]2[.]234[.]95 " wide.txt &&
    [ "$(grep -c "^  2[.]|-- \|10[.]2[.]" wide.txt)" = 1 ] &&
    grep -q "^  3[.]|-- 10[.]0[.]9[.]2 " wide.txt' \
	"pkttrace -r: 60,000 addresses of a hop, and the last of 60,000 summaries of a TTL"
ok '(ulimit -t 30; pktgraph -j -r wide.jsonl >wide.paths) &&
    [ "$(wc -l <wide.paths)" = 60000 ] &&
    [ "$(jq -r ".path[1].hop" wide.paths | sort -u)" = 10.2.234.95 ] &&
    [ "$(jq -r ".path[0].hop" wide.paths | sort -u | wc -l)" = 60000 ] &&
    jq -e -s "all(.reached and .path[2].hop == \"10.0.9.2\")" wide.paths >/dev/null' \
	"pktgraph -j: a path per address of the wide hop, each through the last TTL 2 summary"
ok '(ulimit -t 30; pktgraph -T dot -r wide.jsonl >wide.dot) &&
    [ "$(grep -c "^	\"10[.]2[.]234[.]95\" ->$" wide.dot)" = 60000 ]' \
	"pktgraph -T dot: the same paths"

# 100,000 trace pairs of one target and TTL, each answered by an address
# of its own (as a jq edit or a hostile file may have it): the model
# looked each up among the hop's addresses by a scan (40,000: 16 s).
hex=45000028000100000106e4cbc00002020a00090200140050000000000000000050022000ba7a0000
awk -v hex="$hex" 'BEGIN {
	for (i = 0; i < 100000; i++)
		printf "{\"sent\":{\"hex\":\"%s\",\"linktype\":\"RAW\"},\"recv\":null,\"rtt\":null,\"target\":\"10.0.9.2\",\"ttl\":1,\"hop\":\"10.%d.%d.%d\",\"kind\":\"time-exceeded\"}\n",
		    hex, int(i / 65536) + 1, int(i / 256) % 256, i % 256
}' >pairs.jsonl
ok '(ulimit -t 30; pkttrace -r pairs.jsonl --report >pairs.txt); [ $? = 1 ] &&
    grep -q "^  1[.]|-- 10[.]1[.]0[.]0  *100[.]0% 100000 " pairs.txt &&
    [ "$(grep -c "^    |   10[.]" pairs.txt)" = 99999 ]' \
	"pkttrace -r: 100,000 pairs of one TTL, each its own hop, in under 30 s of CPU"

# 65,536 rounds of one target, each answered from a TCP port of its own:
# one node, the end of 65,536 paths, with as many record fields, each
# looked for among those before it (18 s; now 2).  CPU time only where
# it is the tool's: the ASan build takes 10 s.
awk 'BEGIN {
	p = "450000280001000001060000c00002020a0009029c40005000000000000000005002200000000000"
	for (r = 0; r < 65536; r++)
		printf "{\"sent\":{\"hex\":\"%s\",\"linktype\":\"RAW\"},\"recv\":{\"hex\":\"4500002800010000400600000a000902c0000202%04x9c4000000000000000005012200000000000\",\"linktype\":\"RAW\"},\"rtt\":0.001,\"target\":\"10.0.9.2\",\"ttl\":1,\"round\":%d}\n",
		    p, r, r + 1
}' >ports.jsonl
if [ -n "${PKT_ASAN:-}" ] || ldd "$PKT_BIN/pktgraph" | grep -q libasan; then
	skip 1 "CPU time: ASan's is not the tool's"
else
	ok '(ulimit -t 10; pktgraph -T dot -r ports.jsonl >ports.dot) &&
	    [ "$(grep -o "<T[0-9]*>" ports.dot | sort -u | wc -l)" = 65536 ]' \
		"pktgraph: one node answering from 65,536 ports, in under 10 s of CPU"
fi

# Duplicates of a target and TTL: the last summary replaces the earlier
# ones in pktgraph as in pkttrace -r.
printf '%s\n' \
	'{"target":"10.0.9.2","ttl":1,"hops":[{"addr":"10.0.1.2","sent":1,"recv":1},{"addr":"10.0.1.6","sent":1,"recv":1}]}' \
	'{"target":"10.0.9.2","ttl":2,"hops":[{"addr":"10.0.9.2","sent":1,"recv":1}]}' \
	'{"target":"10.0.9.2","ttl":1,"hops":[{"addr":"10.0.1.10","sent":1,"recv":1}]}' >dup.jsonl
expect_stdout - "pktgraph: a later summary of a target and TTL replaces the earlier" -- \
	bash -c 'pktgraph -j -r dup.jsonl | jq -c "[.path[].hop]"' <<-'EOF'
	["10.0.1.10","10.0.9.2"]
	EOF
ok 'pkttrace -r dup.jsonl --report >dup.txt &&
    grep -q "^  1[.]|-- 10[.]0[.]1[.]10 " dup.txt && ! grep -q "10[.]0[.]1[.]2 " dup.txt' \
	"pkttrace -r: the same"
