#!/bin/bash
# pkttrace -r holds a cell per target and TTL, as a live run does, and no
# more of them than a live run takes (PKT_TRACE_MAXPROBES, 1,048,576),
# whatever the file says: 4,201 hop summaries at TTL 1 of their own
# target and one at TTL 255 ask for 4,201 x 255 cells (about 360 MB; the
# same lines for 42,000 targets, 3.6 GB).  Refused with a message that
# says how many and what to give, exit status 2, nothing on stdout, in
# every mode; --maxttl narrows it and the file is read.  pktgraph, which
# holds no such table, draws it.  The pairs of a --flows/--mda run make a
# target per flow: 4,201 flows at TTL 1 and one at 255, the same bound
# (--report, a column per target, reads them).
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pkttrace" ] || skip_all "no $PKT_BIN/pkttrace (run make)"
plan 8

awk 'BEGIN {
	for (i = 0; i < 4200; i++)
		printf "{\"target\":\"10.%d.%d.%d\",\"ttl\":1,\"hops\":[{\"addr\":\"10.255.0.1\",\"sent\":1,\"recv\":1}]}\n",
		    int(i / 65536), int(i / 256) % 256, i % 256
	print "{\"target\":\"192.0.2.1\",\"ttl\":255,\"hops\":[]}"
}' >wide.jsonl

msg='^pkttrace: wide[.]jsonl: 4201 targets of 255 TTLs [(]1 to 255[)]: more than 1048576 probes to hold at once; --minttl and --maxttl narrow'
expect_stderr_match "$msg" "the table: refused, saying how many and what to give" --code 2 -- \
	pkttrace -r wide.jsonl
expect_stderr_match "$msg" "--report: the same" --code 2 -- pkttrace -r wide.jsonl --report
ok '[ ! -s .t1.out ] && [ ! -s .t2.out ]' "nothing on stdout (before: a report per target)"
expect_stderr_match "$msg" "-j: the same" --code 2 -- pkttrace -r wide.jsonl -j
ok 'pkttrace -q -r wide.jsonl --maxttl 2 --report >report.txt; [ $? = 1 ] &&
    [ "$(grep -c "^  1[.]|-- 10[.]255[.]0[.]1 " report.txt)" = 4200 ]' \
	"--maxttl 2: 4,201 x 2 cells, read"
ok 'pktgraph -j -r wide.jsonl >paths.jsonl && [ "$(wc -l <paths.jsonl)" = 4200 ]' \
	"pktgraph: a path per target (the one of no hop has none)"

# One --mda pair of tests/golden/graph/mda.jsonl (TTL 1), unanswered, as
# flows 0 to 4200, and flow 0 again at TTL 255 (its bytes from pktsend).
jq -c '.recv = null | .kind = "timeout" | .hop = null | .rtt = null' \
	"$PKT_TOP/tests/golden/graph/mda.jsonl" | head -1 >p1.json
awk '{ for (k = 0; k <= 4200; k++) { l = $0; sub(/"flow":[0-9]+/, "\"flow\":" k, l); print l } }' \
	p1.json >flows.jsonl
jq -c '.sent.hex = "4500001e00010000ff119fcb0a0001010a000702db15829a000a3bdd4a4a" |
	.ttl = 255 | .flow = 0' p1.json >>flows.jsonl
expect_stderr_match '^pkttrace: flows[.]jsonl: 4201 targets of 255 TTLs [(]1 to 255[)]: more than 1048576 probes' \
	"--flows pairs: a target per flow, the same bound" --code 2 -- pkttrace -r flows.jsonl
ok 'pkttrace -q -r flows.jsonl --report >flows.txt; [ $? = 1 ] && grep -q "10[.]0[.]7[.]2" flows.txt' \
	"--flows pairs, --report: one column, read"
