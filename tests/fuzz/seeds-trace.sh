#!/bin/bash
# tests/fuzz/seeds-trace.sh: (re)make the seed corpus of fuzz_trace,
# tests/fuzz/corpus/trace/, from real runs: bin/pkttrace -j -n on a lab
# of network namespaces (tests/lab.sh's lab_chain -6: src -- r1 -- r2 --
# r3 -- t, IPv4 and IPv6, a listener on t's TCP port 80) in the modes
# whose JSON Lines pkttrace -r and pktgraph read back: TCP, UDP and ICMP
# pairs, a target never reached, rounds (-c, pairs with "round" and hop
# summaries), --report -j, --flows (pairs with "flow" and multipath
# summaries), --pmtu, a large run's lines (--stateless), and pkttrace -r
# of its own pcap (-w) again as -j; then the graph fixtures of
# tests/golden/graph/, and the hop summaries of tests/unit/test_trace.c's
# kind (names, MPLS labels, NAT).  Needs root (namespaces), make, jq and
# python3.  Each file is whole lines of one output, at most 16 KB (run.sh's
# -max_len for trace), named by a hash of its contents, so rerunning adds
# nothing twice (a new run's times differ: new files; remove the old ones
# first to start over).
set -eu -o pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP"
C=$TOP/tests/fuzz/corpus/trace
mkdir -p "$C"
PKT_BIN=${PKT_BIN:-$TOP/bin}
export PKT_BIN
[ -x "$PKT_BIN/pkttrace" ] || { echo "seeds-trace.sh: run make first" >&2; exit 2; }
OUT=$(mktemp -d)

# shellcheck source=tests/lab.sh
. "$TOP/tests/lab.sh"
test_at_exit "rm -rf '$OUT'"
need_root
lab_need
lab_chain -6 t
lab_bg t socat TCP6-LISTEN:80,reuseaddr,fork,ipv6only=0 SYSTEM:true
lab_wait_for 5 eval 'lab_exec t ss -Hltn "sport = :80" | grep -q LISTEN'

run() {	# NAME ARGS...: pkttrace -j -n ARGS in src, to $OUT/NAME.jsonl
	local name=$1
	shift
	lab_exec src pkttrace -q -t 0.5 "$@" >"$OUT/$name.jsonl" 2>/dev/null || :
}
run tcp -j -n 10.0.9.2 fd00:9::2
run udp -j -n --l4 udp 10.0.9.2 fd00:9::2
run icmp -j -n --l4 icmp 10.0.9.2 fd00:9::2
run unreached -j -n --maxttl 6 10.0.9.99 10.0.9.2
run rounds -j -n -c 3 --interval 0.05 10.0.9.2 fd00:9::2
run report -j -n --report -c 2 --interval 0.05 10.0.9.2
run flows -j -n --flows 3 --l4 udp 10.0.9.2
run pmtu -j -n --pmtu 10.0.9.2
run large -j -n --stateless --maxttl 6 10.0.9.2 10.0.9.99 10.0.3.2
run allttls -j -n --all-ttls --maxttl 6 --l4 icmp fd00:9::2
lab_exec src pkttrace -q -t 0.5 -n -w "$OUT/run.pcap" 10.0.9.2 fd00:9::2 >/dev/null 2>&1 || :
"$PKT_BIN/pkttrace" -q -j -r "$OUT/run.pcap" >"$OUT/fromPcap.jsonl" 2>/dev/null || :
cp "$TOP"/tests/golden/graph/*.jsonl "$OUT/"

# Hop summaries as pkttrace -j --report writes them, with what a lab
# without names, labels or NAT does not give.
cat >"$OUT/summaries.jsonl" <<-'EOF'
	{"target":"10.0.9.2","ttl":1,"sent":2,"hops":[{"addr":"10.0.1.2","name":"r1.lab","sent":2,"recv":2,"loss":0.0,"last":0.0004,"avg":0.0003,"best":0.0002,"worst":0.0004,"stdev":0.0001}]}
	{"target":"10.0.9.2","ttl":2,"sent":2,"hops":[{"addr":"10.0.2.2","sent":2,"recv":1,"mpls":[[24001,0,1,1]],"nat":true},{"addr":"10.0.2.6","sent":2,"recv":1}]}
	{"target":"10.0.9.2","ttl":3,"sent":2,"hops":[]}
	{"target":"10.0.9.2","ttl":4,"sent":2,"hops":[{"addr":"10.0.9.2","sent":2,"recv":2}]}
	{"target":"fd00:9::2","ttl":1,"hops":[{"addr":"fd00:1::2","sent":1,"recv":1,"mpls":[[16,0,0,255],[17,1,1,254]]}]}
	{"target":"10.0.9.2","pmtu":1400,"hop":3}
EOF

python3 - "$C" "$OUT" <<'PY'
import glob, hashlib, os, sys

C, OUT = sys.argv[1], sys.argv[2]
MAX = 16384

def put(data):
    if not data or len(data) > MAX:
        return
    h = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(C, h), "wb") as f:
        f.write(data)

def head(lines, limit):
    out = b""
    for ln in lines:
        if len(out) + len(ln) > limit:
            break
        out += ln
    return out

for path in sorted(glob.glob(os.path.join(OUT, "*.jsonl"))):
    lines = open(path, "rb").read().splitlines(True)
    put(head(lines, MAX))			# the run, as much as fits
    put(head(lines[::-1], MAX))		# its end (summaries come last)
    for ln in lines[:4] + lines[-2:]:
        put(ln)
PY
echo "$(find "$C" -type f | wc -l) seeds, $(du -sh "$C" | cut -f1) in $C"
