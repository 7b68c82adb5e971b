#!/bin/bash
# pkttrace's stateless run (--stateless) for large target lists, on a
# routed lab whose destination owns a /19 on its loopback, so every
# address answers:
#
#   src 10.32.0.1 -- r1 -- r2 -- r3 -- dst (10.21.0.0/19 local on lo)
#   s1, s2, s3 (one per shard) -- r1
# (src -- dst: lab_chain_local of tests/lab.sh)
#
# 4,096 targets x TTL 1..8 traced with every hop, each target once and
# reached at TTL 4, in flat memory; a list on stdin past 4,096 targets
# turns stateless by itself; TCP, UDP and ICMP probes; a silent hop ends
# the run --timeout after the last probe; --rate paces; --per24; the
# shards run through GNU parallel, each in its own namespace as if on
# its own machine, cover the list exactly once; what is refused.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq nft
lab_need
plan 24

lab_chain_local 10.32 10.21.0.0/19 10.32.0.0/16
for k in 1 2 3; do
	lab_ns "s$k"
	lab_link "s$k" eth0 "10.32.1$k.1/30" r1 "sh$k" "10.32.1$k.2/30"
	lab_route "s$k" 10.21.0.0/19 "10.32.1$k.2"
done

# The path of every target: r1 (its address $3 on the source's link),
# r2, r3, then the target at TTL 4.
path_ok='jq -e -s --arg n "$2" --arg h1 "${3:-10.32.0.2}" "
	(map(select(.kind != \"timeout\")) | group_by(.target)) as \$g |
	(\$g | length) == (\$n | tonumber) and
	all(\$g[]; (map(select(.ttl <= 4)) | sort_by(.ttl) |
	    (.[0].hop | test(\$h1)) and map([.ttl, .kind]) == [[1, \"time-exceeded\"],
	    [2, \"time-exceeded\"], [3, \"time-exceeded\"], [4, \"reply\"]] and
	    (.[1:] | map(.hop)) == [\"10.32.1.2\", \"10.32.2.2\", .[0].target]))" "$1"'
paths() { eval "$path_ok"; }
# No (target, ttl) twice.
once() { jq -e -s 'length == (map([.target, .ttl]) | unique | length)' "$1"; }

# 1-6: 4,096 targets x 8 TTLs.
ok 'lab_exec src /usr/bin/time -f %M -o rss.txt pkttrace -j --stateless --maxttl 8 \
	--l4 icmp 10.21.0.0/20 >big.jsonl 2>big.err' "4,096 targets x 8 TTLs: exit 0, every target reached"
ok 'paths big.jsonl 4096' "every target's path: r1, r2, r3, the target's echo reply at TTL 4"
ok 'once big.jsonl && ! grep -q "\"timeout\"" big.jsonl' "no probe answered twice, none left unanswered"
ok 'grep -Eq "^Sent [0-9]+ probes to 4096 targets in .* [0-9]+ answers; 4096 targets reached$" big.err &&
    s=$(sed -n "s/^Sent \([0-9]*\) probes.*/\1/p" big.err) && [ "$s" -ge 16384 ] && [ "$s" -lt 17500 ]' \
	"the tally: probes sent, the TTLs past each target's end left out (put off until its neighbours' end is known)"
if [ -n "${PKT_ASAN:-}" ] || ldd "$(command -v pkttrace)" | grep -q libasan; then
	skip 1 "peak RSS: ASan's shadow memory is not the tool's"
else
	ok '[ "$(cat rss.txt)" -lt 16384 ]' "peak RSS under 16 MiB ($(cat rss.txt 2>/dev/null) KiB)"
fi
ok 'jq -e -s "map(select(.kind == \"reply\")) | all(.what == \"0\" and .rtt >= 0 and .rtt < 2)" big.jsonl' \
	"each answer has its round-trip time, decoded from the probe's own time field"

# 7-8: the output read back: pktgraph -j and pkttrace -r, per target.
ok 'pktgraph -j -r big.jsonl >graph.jsonl && [ "$(wc -l <graph.jsonl)" = 4096 ] &&
    jq -e -s "all(.reached and .proto == \"icmp\" and (.path | map(.hop)) ==
	[\"10.32.0.2\", \"10.32.1.2\", \"10.32.2.2\", .target])" graph.jsonl' \
	"pktgraph -j reads the large run: a path per target"
ok 'pkttrace -r big.jsonl -j >regrouped.jsonl &&
    [ "$(sort big.jsonl | md5sum)" = "$(sort regrouped.jsonl | md5sum)" ] &&
    [ "$(jq -r .target regrouped.jsonl | uniq | wc -l)" = 4096 ]' \
	"pkttrace -r -j: the same lines, each target's together"

# 9-10: stdin past 4,096 targets: stateless without being asked.
seq 0 4999 | awk '{ printf "10.21.%d.%d\n", int($1 / 256), $1 % 256 }' >t5000.txt
ok 'lab_exec src pkttrace -j --maxttl 5 -t 1 - <t5000.txt >auto.jsonl 2>auto.err' \
	"5,000 targets on stdin: the run turns stateless by itself"
ok 'paths auto.jsonl 5000 && once auto.jsonl' "each of the 5,000 once, the first 4,097 read before the switch included"

# 11-13: TCP (RST from the target), UDP (port unreachable from it).
ok 'lab_exec src pkttrace -j --stateless --maxttl 6 10.21.1.0/24 >tcp.jsonl' "TCP SYN probes"
ok 'paths tcp.jsonl 256 && jq -e -s "map(select(.kind == \"reply\")) | all(.what == \"RA\")" tcp.jsonl' \
	"TCP: the target's RST-ACK acknowledges the probe's identity"
ok 'lab_exec src pkttrace -j --stateless --maxttl 6 --l4 udp 10.21.1.0/24 >udp.jsonl &&
    jq -e -s "(map(select(.ttl == 4)) | length == 256 and all(.kind == \"unreachable\" and .hop == .target)) and
	(map(select(.ttl == 2)) | all(.hop == \"10.32.1.2\"))" udp.jsonl' \
	"UDP: port unreachable from each target, decoded from the quote"

# 14-15: a silent hop (r2 sends no time exceeded): its probes time out,
# and the run ends -t after the last probe, not later.
lab_exec r2 nft -f - <<'EOF' || { echo "Bail out! nft failed in r2"; exit 1; }
table inet silent {
	chain out {
		type filter hook output priority 0; policy accept;
		icmp type time-exceeded drop
	}
}
EOF
ok 's=$(date +%s.%N) && lab_exec src pkttrace -j --stateless --maxttl 6 -t 1 --l4 icmp 10.21.2.0/24 >silent.jsonl;
    [ $? = 0 ] && awk -v a="$s" -v b="$(date +%s.%N)" "BEGIN { exit !(b - a > 0.9 && b - a < 3) }"' \
	"a silent hop: the run waits -t 1 after its last probe, then ends"
ok 'jq -e -s "(map(select(.ttl == 2)) | length == 256 and all(.kind == \"timeout\" and .hop == null)) and
	(map(select(.ttl == 4 and .kind == \"reply\")) | length == 256)" silent.jsonl' \
	"its probes are written as timeouts, one per target"
lab_exec r2 nft delete table inet silent

# 16: --rate paces the probes.
ok 's=$(date +%s.%N) && lab_exec src pkttrace -j --stateless --maxttl 8 --rate 2000 10.21.3.0/24 >rate.jsonl 2>rate.err &&
    n=$(sed -n "s/^Sent \([0-9]*\) probes.*/\1/p" rate.err) &&
    awk -v n="$n" -v a="$s" -v b="$(date +%s.%N)" "BEGIN { exit !(b - a > 0.8 * n / 2000) }"' \
	"--rate 2000: no faster than asked"

# 17: --per24: one address in each /24 of the prefix.
ok 'lab_exec src pkttrace -j --per24 --maxttl 5 10.21.0.0/20 >per24.jsonl &&
    jq -e -s "map(select(.kind == \"reply\") | .target | split(\".\")[2]) | unique | length == 16" per24.jsonl &&
    [ "$(jq -r .target per24.jsonl | sort -u | wc -l)" = 16 ]' "--per24: 16 targets for a /20, one per /24"

# 18-21: shards through GNU parallel, each in its own namespace.
if command -v parallel >/dev/null; then
	seq 0 4095 | awk '{ printf "10.21.%d.%d\n", int($1 / 256), $1 % 256 }' | shuf >t4096.txt
	# The README's recipe, ssh left out: every shard reads the whole list
	# (--pipe --tee) and keeps its share.
	ok 'parallel --pipe --tee -j 3 --tag "ip netns exec ${LAB}s{} pkttrace -j --maxttl 5 -t 1 \
		--shard {}/3 -" ::: 1 2 3 <t4096.txt >shards.tsv' "GNU parallel runs the three shards, the list piped to each"
	ok 'for k in 1 2 3; do awk -F "\t" -v k=$k "\$1 == k" shards.tsv | cut -f 2- >s$k.jsonl; done &&
	    [ "$(for k in 1 2 3; do jq -r .target s$k.jsonl | sort -u; done | sort | uniq -d | wc -l)" = 0 ] &&
	    cut -f 2- shards.tsv >union.jsonl && paths union.jsonl 4096 "^10[.]32[.]1[123][.]2\$" && once union.jsonl' \
		"the union of the shards' JSON Lines is the whole run, no target twice"
	ok 'for k in 1 2 3; do n=$(jq -r .target s$k.jsonl | sort -u | wc -l);
	    [ "$n" -gt 1100 ] && [ "$n" -lt 1650 ] || exit 1; done' "each shard has about a third"
	ok 'sort -r t4096.txt | lab_exec src pkttrace -j --maxttl 5 -t 1 --shard 2/3 - |
	    jq -r .target | sort -u >again.txt && jq -r .target s2.jsonl | sort -u | cmp - again.txt' \
		"a shard is the same whatever the order of the list and the machine"
else
	skip 4 "GNU parallel (Debian parallel) not installed"
fi

# 22-24: refused.
expect_stderr_match 'give -j' "a large run without -j: no table, and what to do instead" --code 2 -- \
	lab_exec src pkttrace --stateless 10.21.0.1
expect_stderr_match 'IPv4 only' "IPv6 targets are refused in a large run, with the reason" --code 2 -- \
	lab_exec src pkttrace -j --stateless 2001:db8::1
expect_stderr_match 'shard' "--shard 4/3 is refused" --code 2 -- \
	pkttrace -j --shard 4/3 10.21.0.1
