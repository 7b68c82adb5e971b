#!/bin/bash
# bench/mda.sh: finding every branch of a load balancer, pkttrace beside
# scamper's tracelb (and dublin-traceroute where it runs), on the same lab:
# tests/lab.sh's ECMP diamond of four branches (a router splitting by flow
# with the layer-4 hash; hops 10.0.1.2, then one of 10.0.5.2 .6 .10 .14,
# then 10.0.6.2, the target 10.0.7.2 four hops away).
#
#	bench/mda.sh [RUNS [FAMILIES]]	(default 10 runs of each; 46)
#
# FAMILIES: 4, 6 or 46: a table for IPv4 (the target 10.0.7.2), IPv6 (the
# same diamond's fd00:7::2: branches fd00:5:1::2 to fd00:5:4::2, and the
# join answers from the link each came in on, fd00:6:I::2), or both.
#
# Per tool: in how many runs it found all four branches, the probes it
# sent (its own count: pkttrace's "N flows, P probes" line, scamper's
# "P probes"), and the wall time of the command.  Each run of pkttrace
# --mda and --flows uses other flows (--sport moves them); scamper's
# tracelb picks its own (-s moves them too).  Every hop answers at once
# (no ICMP rate limit in the lab), so the time is each tool's pacing and
# waiting, not the network's.
#   pkttrace -t 1 --mda --l4 udp       the MDA (Veitch et al.'s n_k)
#   pkttrace -t 1 --mda                 the same with TCP SYN probes
#   pkttrace -t 1 --flows 16 --l4 udp   16 flows at every TTL at once
#   scamper -c 'tracelb -P UDP-sport -q 1 -w 1'  (and TCP-sport), -p 10000
#   dublin-traceroute --npaths 16 --max-ttl 8 --delay 0
# Needs root and bin/pkttrace (make); scamper and dublin-traceroute are
# Debian packages, each skipped when missing.  Nothing leaves the lab.
# shellcheck disable=SC2016 # the commands' names in backquotes, as Markdown
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
PKTTRACE=${PKTTRACE:-$TOP/bin/pkttrace}
RUNS=${1:-10}
FAMILIES=${2:-46}
[ -x "$PKTTRACE" ] || { echo "mda.sh: no $PKTTRACE (run make)" >&2; exit 2; }
[ "$(id -u)" = 0 ] || { echo "mda.sh: needs root (namespaces)" >&2; exit 2; }

# shellcheck source=tests/lab.sh
. "$TOP/tests/lab.sh"
lab_diamond 4
W=$(mktemp -d)
trap 'rm -rf "$W"' EXIT

# The branches an output names (0..4).
branches() {
	grep -oE '10\.0\.5\.(2|6|10|14)\b|fd00:5:[1-4]::2\b' "$1" | sort -u | wc -l
}

# run NAME PROBES-SED CMD...: RUNS runs ("%p" in CMD: a port, other each
# run; "%i": the run number).
run() {
	local name=$1 sed=$2 i all=0 probes=0 t0 t1 total=0 c
	shift 2
	for ((i = 0; i < RUNS; i++)); do
		c=$(printf '%s' "$*" | sed "s/%p/$((20000 + 1000 * i))/g; s/%i/$i/g")
		t0=$(date +%s.%N)
		(cd "$W" && lab_exec src bash -c "$c") >"$W/out" 2>&1
		t1=$(date +%s.%N)
		total=$(awk -v a="$t0" -v b="$t1" -v t="$total" 'BEGIN { print t + b - a }')
		[ "$(branches "$W/out")" = 4 ] && all=$((all + 1))
		probes=$((probes + $(sed -n "$sed" "$W/out" | head -1 | grep . || echo 0)))
	done
	awk -v n="$name" -v r="$RUNS" -v a="$all" -v p="$probes" -v t="$total" \
	    'BEGIN { printf "| %s | %d of %d | %.0f | %.3f |\n", n, a, r, p / r, t / r }'
}

# table TARGET: the runs of each tool against TARGET, as a Markdown table.
table() {
	T=$1
	echo
	echo "$T:"
	echo
	echo "| command | all 4 branches | probes (mean) | seconds (mean) |"
	echo "| --- | ---: | ---: | ---: |"
	PK='s/.* flows, \([0-9]*\) probes$/\1/p'
	run '`pkttrace --mda --l4 udp`' "$PK" \
		"$PKTTRACE -q -t 1 --mda --l4 udp --sport %p $T"
	run '`pkttrace --mda` (TCP)' "$PK" \
		"$PKTTRACE -q -t 1 --mda --sport %p $T"
	run '`pkttrace --flows 16 --l4 udp`' "$PK" \
		"$PKTTRACE -q -t 1 --flows 16 --l4 udp --sport %p $T"
	if command -v scamper >/dev/null; then
		SC='s/.* \([0-9]*\) probes, .*/\1/p'
		run '`scamper tracelb -P UDP-sport`' "$SC" \
			"scamper -O text -p 10000 -c 'tracelb -P UDP-sport -q 1 -w 1 -s %p' -i $T"
		run '`scamper tracelb -P TCP-sport`' "$SC" \
			"scamper -O text -p 10000 -c 'tracelb -P TCP-sport -q 1 -w 1 -s %p' -i $T"
	else
		echo "(scamper: not installed)"
	fi
	if command -v dublin-traceroute >/dev/null; then
		# It sends 16 paths x every TTL to --max-ttl and writes trace.json.
		if (cd "$W" && lab_exec src dublin-traceroute "$T" --npaths 16 \
		    --max-ttl 8 --delay 0) >"$W/dt" 2>&1; then
			run '`dublin-traceroute --npaths 16 --max-ttl 8`' 's/.*probing \([0-9]*\) paths, .*max TTL is \([0-9]*\).*/\1*\2/p' \
				"dublin-traceroute $T --npaths 16 --max-ttl 8 --delay 0 --sport %p; cat trace.json"
		else
			echo "(dublin-traceroute: fails in the lab: $(grep -v WARNING "$W/dt" | grep -v capability | tr '\n' ' '))"
		fi
	else
		echo "(dublin-traceroute: not installed)"
	fi
}

case $FAMILIES in *4*) table "$LAB_DIAMOND" ;; esac
case $FAMILIES in *6*) table "$LAB_DIAMOND6" ;; esac
