#!/bin/bash
# bench/graph.sh: pktgraph on 1,000 traces to SVG, the time split between
# pktgraph's own work (reading the trace pairs, building the graph, writing
# DOT) and Graphviz's dot (layout and SVG).
#
#	bench/graph.sh [TRACES [MAXHOPS]]	(default 1000 traces, 30 hops)
#
# The input is synthetic pkttrace -j output (tests/golden/graph/gentrace.sh:
# shared first hops, a silent hop now and then, one target in 50 never
# reached).  Needs bin/pktgraph (make) and Graphviz.
set -eu -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
PKTGRAPH=${PKTGRAPH:-$TOP/bin/pktgraph}
N=${1:-1000}
H=${2:-30}
[ -x "$PKTGRAPH" ] || { echo "graph.sh: no $PKTGRAPH (run make)" >&2; exit 2; }
command -v dot >/dev/null || { echo "graph.sh: needs Graphviz (dot)" >&2; exit 2; }

W=$(mktemp -d "${TMPDIR:-/tmp}/pkt-bench-graph.XXXXXX")
trap 'rm -rf "$W"' EXIT

now() { date +%s.%N; }
elapsed() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.3f", b - a }'; }

"$TOP/tests/golden/graph/gentrace.sh" "$N" "$H" 23 50 >"$W/trace.jsonl"
recs=$(wc -l <"$W/trace.jsonl")
size=$(du -k "$W/trace.jsonl" | cut -f1)

# pktgraph alone: read, model, DOT (best of 3)
best=
for _ in 1 2 3; do
	t0=$(now)
	"$PKTGRAPH" -T dot -r "$W/trace.jsonl" >"$W/trace.dot"
	t1=$(now)
	t=$(elapsed "$t0" "$t1")
	if [ -z "$best" ] || awk -v a="$t" -v b="$best" 'BEGIN { exit !(a < b) }'; then
		best=$t
	fi
done
own=$best
nodes=$(grep -c -- '->$' "$W/trace.dot" || true)

# dot alone on that DOT
t0=$(now)
dot -Tsvg "$W/trace.dot" >"$W/direct.svg"
t1=$(now)
dottime=$(elapsed "$t0" "$t1")

# the whole command, as a user runs it; -v prints pktgraph's own split
t0=$(now)
"$PKTGRAPH" -v -r "$W/trace.jsonl" -o "$W/paths.svg" 2>"$W/v.txt"
t1=$(now)
total=$(elapsed "$t0" "$t1")
svgkb=$(du -k "$W/paths.svg" | cut -f1)

printf 'pktgraph benchmark: %s traces, up to %s hops: %s records (%s KiB of JSON Lines), %s arrows in the DOT\n' \
	"$N" "$H" "$recs" "$size" "$nodes"
printf '  %-40s %8s s\n' "pktgraph -T dot (read, graph, DOT)" "$own" \
	"dot -Tsvg on that DOT (layout, SVG)" "$dottime" \
	"pktgraph -o paths.svg (everything)" "$total"
awk -v a="$own" -v b="$dottime" 'BEGIN {
	printf "  share: pktgraph %.1f%%, dot %.1f%%\n", 100 * a / (a + b), 100 * b / (a + b) }'
printf '  SVG: %s KiB\n' "$svgkb"
sed 's/^/  -v: /' "$W/v.txt"
