#!/bin/bash
# pkttrace -r and pktgraph over a large run's JSON Lines (pkttrace
# --stateless writes one line per answer or timeout, targets interleaved
# in a random order): 6,000 targets x 4 TTLs, written interleaved and out
# of TTL order as a large run writes them, read back per target: -j the
# same lines, each target's together in TTL order; --report one report
# per target; the table only up to 4,096 targets, past that a message
# that says what to give; pktgraph -j one path per target; peak RSS
# under 64 MiB; bad lines and mixed inputs refused with file and line.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pkttrace" ] || skip_all "no $PKT_BIN/pkttrace (run make)"
need_cmd jq
plan 11

# Target i (10.20.x.y) answers at TTL 1-3 from 10.31.k.2, at TTL 4 itself
# (a TCP RST-ACK); every 10th one never answers at TTL 4 (a timeout); its
# lines come TTL 4, 2, 3, 1, the i-th target's k-th line at step i + 50 k.
awk 'BEGIN {
	n = 6000
	for (s = 0; s < n + 200; s++)
		for (k = 0; k < 4; k++) {
			i = s - 50 * k
			if (i < 0 || i >= n)
				continue
			ttl = k == 0 ? 4 : k == 1 ? 2 : k == 2 ? 3 : 1
			t = sprintf("10.20.%d.%d", int(i / 256), i % 256)
			if (ttl == 4 && i % 10 == 0)
				printf "{\"target\":\"%s\",\"ttl\":4,\"hop\":null,\"kind\":\"timeout\"}\n", t
			else if (ttl == 4)
				printf "{\"target\":\"%s\",\"ttl\":4,\"hop\":\"%s\",\"kind\":\"reply\",\"what\":\"RA\",\"rtt\":0.001100}\n", t, t
			else
				printf "{\"target\":\"%s\",\"ttl\":%d,\"hop\":\"10.31.%d.2\",\"kind\":\"time-exceeded\",\"what\":\"11\",\"rtt\":0.000900}\n", t, ttl, ttl - 1
		}
}' >lines.jsonl

ok 'pkttrace -r lines.jsonl -j >grouped.jsonl; [ $? = 1 ] &&
    [ "$(sort lines.jsonl | md5sum)" = "$(sort grouped.jsonl | md5sum)" ]' \
	"-r -j: the same lines; exit 1 (targets not reached)"
ok 'jq -r -s "[range(0; length)] as \$ix | . as \$a | [\$ix[] | select(. > 0 and
	(\$a[.].target != \$a[. - 1].target or \$a[.].ttl <= \$a[. - 1].ttl)) |
	select(\$a[.].target == \$a[. - 1].target)] | length == 0" grouped.jsonl &&
    [ "$(jq -r .target grouped.jsonl | uniq | wc -l)" = 6000 ]' \
	"each target's lines together, in TTL order"
ok 'pkttrace -r lines.jsonl --report >report.txt; [ $? = 1 ] &&
    [ "$(grep -c "^HOST: .* -> 10[.]20[.]" report.txt)" = 6000 ] &&
    grep -A4 "^HOST: .* -> 10.20.0.1 " report.txt | grep -q "4[.]|-- 10.20.0.1 "' \
	"--report: a report per target, its hops and itself at TTL 4"
expect_stderr_match 'more than 4096 targets.*--report.*-j' \
	"the table of more than 4,096 targets: refused, saying what to give" --code 2 -- \
	pkttrace -r lines.jsonl
head -n 400 lines.jsonl >few.jsonl
ok 'pkttrace -r few.jsonl >table.txt; [ $? = 1 ] &&
    head -n 1 table.txt | grep -q "10[.]20[.]0[.]1 " &&
    grep -q "^4 .*10[.]20[.]0[.]1 *RA" table.txt && grep -q "^2 10[.]31[.]1[.]2 *11" table.txt' \
	"the table of a few targets: a column per target, RA at TTL 4"
ok 'pktgraph -j -r lines.jsonl >paths.jsonl &&
    [ "$(wc -l <paths.jsonl)" = 6000 ] &&
    jq -e -s "map(select(.reached)) | length == 5400 and all(.proto == \"tcp\" and
	(.path | map(.hop)) == [\"10.31.0.2\", \"10.31.1.2\", \"10.31.2.2\", .target])" paths.jsonl' \
	"pktgraph -j: a path per target, TCP told by the flags"
ok 'jq -e -s "map(select(.reached | not)) | length == 600 and
	all((.path | map(.hop)) == [\"10.31.0.2\", \"10.31.1.2\", \"10.31.2.2\"])" paths.jsonl' \
	"the targets that never answered: their path up to the last hop heard"
ok 'pktgraph -T dot -r few.jsonl | grep -q "\"10.31.2.2\" ->"' "pktgraph draws them too (DOT)"
if [ -n "${PKT_ASAN:-}" ] || ldd "$PKT_BIN/pkttrace" | grep -q libasan; then
	skip 1 "peak RSS: ASan's shadow memory is not the tool's"
else
	ok '/usr/bin/time -f %M -o rss1 pkttrace -r lines.jsonl -j >/dev/null;
	    /usr/bin/time -f %M -o rss2 pktgraph -j -r lines.jsonl >/dev/null &&
	    [ "$(tail -n 1 rss1)" -lt 65536 ] && [ "$(tail -n 1 rss2)" -lt 65536 ]' \
		"peak RSS under 64 MiB"
fi
printf '%s\n' '{"target":"10.0.0.1","ttl":1,"kind":"timeout"}' \
	'{"target":"10.0.0.1","ttl":300,"kind":"timeout"}' >bad.jsonl
expect_stderr_match 'bad.jsonl:2: .*"ttl"' "a bad line: refused with file and line" --code 2 -- \
	pkttrace -r bad.jsonl -j
printf '%s\n' '{"target":"10.0.0.1","ttl":1,"kind":"timeout"}' \
	'{"sent":{"hex":"4500001c00000000011100000a0000010a000002"},"recv":null}' >mixed.jsonl
expect_stderr_match 'mixed.jsonl:2: .*read them apart' \
	"a small run's record among a large run's lines: refused" --code 2 -- \
	pkttrace -r mixed.jsonl -j
