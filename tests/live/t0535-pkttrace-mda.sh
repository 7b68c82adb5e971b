#!/bin/bash
# pkttrace --flows and --mda on an ECMP diamond of four branches (a
# router that splits by flow, with the layer-4 hash; tests/lab.sh's
# lab_diamond): every branch listed at its TTL, the links between hops
# in the JSON summaries, pktgraph drawing each branch; --mda finds all
# four in at least 19 of 20 runs (each with other flows: --sport moves
# them), with far fewer probes than --flows 16 sends; the same over IPv6.
#
#   src -- m1 =(ECMP, L4)=+ mb1 10.0.5.2  -+- mj 10.0.6.2 -- mt 10.0.7.2
#                          + mb2 10.0.5.6  -+
#                          + mb3 10.0.5.10 -+
#                          + mb4 10.0.5.14 -+
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq
lab_need
plan 21

lab_diamond 4
T=$LAB_DIAMOND

cat >all4.exp <<-'EOF2'
	  1  10.0.1.2
	  2  10.0.5.2  10.0.5.6  10.0.5.10  10.0.5.14
	  3  10.0.6.2
	  4  10.0.7.2
	EOF2

# 1-3: --flows 16, UDP and TCP: every branch at TTL 2.
ok 'lab_exec src pkttrace -q -t 2 --flows 16 --l4 udp "$T" >f16.txt &&
    head -1 f16.txt | grep -q "^10.0.7.2:udp33434  16 flows, [0-9]* probes$" &&
    tail -n +2 f16.txt | diff - all4.exp' \
	"--flows 16 (UDP): per TTL every next hop, the four branches at TTL 2"
ok 'lab_exec src pkttrace -q -t 2 --flows 16 "$T" | tail -n +2 | diff - all4.exp' \
	"--flows 16 (TCP SYN): the four branches"
expect_stdout - "--flows 1 is one path" -- \
	bash -c 'lab_exec src pkttrace -q -t 2 --flows 1 --l4 udp "$1" | tail -n +2 | awk "{ print NF }"' _ "$T" <<-'EOF2'
	2
	2
	2
	2
	EOF2

# 4-7: JSON: pairs carry their flow; hop summaries list every hop at a TTL
# and the next hops each one leads to (the links).
ok 'lab_exec src pkttrace -q -t 2 --flows 16 --l4 udp -j "$T" >f16.json' "--flows 16 -j"
ok '[ "$(jq -r "select(.kind) | .flow" f16.json | sort -n | uniq | wc -l)" = 16 ] &&
    [ "$(jq -r "select(.kind and .ttl == 2) | .sent.layers[1].sport" f16.json | sort -u | wc -l)" = 16 ]' \
	"each pair says its flow: 16 flows, 16 source ports"
ok '[ "$(jq -c "select(.hops and .ttl == 2) | [.hops[].addr]" f16.json)" = "[\"10.0.5.2\",\"10.0.5.6\",\"10.0.5.10\",\"10.0.5.14\"]" ] &&
    [ "$(jq -c "select(.hops and .ttl == 1) | .hops[0].next" f16.json)" = "[\"10.0.5.2\",\"10.0.5.6\",\"10.0.5.10\",\"10.0.5.14\"]" ] &&
    [ "$(jq -sc "[.[] | select(.hops and .ttl == 2) | .hops[].next[]] | unique" f16.json)" = "[\"10.0.6.2\"]" ]' \
	"hop summaries: the four hops of TTL 2, the links 10.0.1.2 -> each, each -> 10.0.6.2"
ok 'pktgraph -T dot <f16.json >f16.dot &&
    for b in 10.0.5.2 10.0.5.6 10.0.5.10 10.0.5.14; do
	grep -q "^	\"$b\" ->" f16.dot || exit 1
    done' \
	"pktgraph merges the flows into one graph with each branch drawn"

# 8-9: ICMP echo flows: the checksum is one per flow (seq names the probe),
# ids differ; Linux's L4 hash does not look at ICMP echo, so one branch.
ok 'lab_exec src pkttrace -q -t 2 --flows 4 --l4 icmp -j "$T" >icmp.json &&
    [ "$(jq -r "select(.kind) | [.flow, .sent.layers[1].chksum] | @tsv" icmp.json | sort -u | wc -l)" = 4 ] &&
    [ "$(jq -r "select(.kind) | .sent.layers[1].id" icmp.json | sort -u | wc -l)" = 4 ] &&
    [ "$(jq -r "select(.kind and .flow == 0) | .sent.layers[1].seq" icmp.json | sort -u | wc -l)" -ge 4 ]' \
	"ICMP flows: a checksum per flow (4), an id per flow, the seq per probe"
ok '[ "$(jq -r "select(.recv and .ttl == 3) | .recv.layers[1].type" icmp.json | sort -u)" = 11 ] &&
    [ "$(jq -r "select(.recv and .ttl == 4) | .recv.layers[1].type" icmp.json | sort -u)" = 0 ]' \
	"ICMP flows are answered and matched: time-exceeded, then echo-reply"

# 10-11: --mda, 20 runs with other flows each time (--sport moves them):
# every branch found in at least 19, each within its budget of flows.
: >mda.runs
for i in $(seq 0 19); do
	lab_exec src pkttrace -v -t 1 --mda --l4 udp --sport $((20000 + 1000 * i)) "$T" \
		>"mda$i.txt" 2>"mda$i.err"
	echo "$? $(sed -n 3p "mda$i.txt" | wc -w) $(sed -n 's/^MDA: \([0-9]*\) probes$/\1/p' "mda$i.err")" >>mda.runs
done
ok '[ "$(awk "\$1 == 0 && \$2 == 5" mda.runs | wc -l)" -ge 19 ]' \
	"--mda finds the four branches in at least 19 of 20 runs ($(awk '$2 == 5' mda.runs | wc -l) of 20)"
ok 'awk "\$3 < 40 || \$3 > 400 { exit 1 }" mda.runs' \
	"--mda sends 40 to 400 probes a run (n_4 = 33 flows at TTL 2 alone; --flows 16 sends 480)"
diag "mda probes per run: $(awk '{ print $3 }' mda.runs | tr '\n' ' ')"

# 12-16: --mda JSON: pairs with round and flow; the same summaries.
ok 'lab_exec src pkttrace -q -t 1 --mda --l4 tcp -j "$T" >mda.json &&
    jq -se "all(.[] | select(.kind); .round >= 1 and .flow >= 0)" mda.json >/dev/null &&
    [ "$(jq -c "select(.hops and .ttl == 2) | [.hops[].addr]" mda.json)" = "[\"10.0.5.2\",\"10.0.5.6\",\"10.0.5.10\",\"10.0.5.14\"]" ]' \
	"--mda -j: pairs with their round and flow, the four hops of TTL 2 in the summary"
ok 'pktgraph -j <mda.json | jq -c "[.reached, [.path[].hop]]" | sort -u >mda.paths &&
    [ "$(grep -c "^\[true,\[\"10.0.1.2\",\"10.0.5.[0-9]*\",\"10.0.6.2\",\"10.0.7.2\"\]\]$" mda.paths)" = 4 ] &&
    ! grep -v "^\[true," mda.paths &&
    ! pktgraph -T dot <mda.json | grep -q "not reached"' \
	"pktgraph draws --mda's flows as the diamond: four whole paths, none unreached"
ok 'pkttrace -q -r mda.json | tail -n +2 | diff - all4.exp' \
	"pkttrace -r of the --mda run: every branch, as the run showed them"
expect_stderr_match 'leave out -c' "--mda -c: refused" --code 2 -- pkttrace --mda -c 3 127.0.0.1
expect_stderr_match 'one or the other' "--flows --report: refused" --code 2 -- pkttrace --flows 4 --report 127.0.0.1

# 17-19: IPv6 (the same diamond, ECMP with the IPv6 layer-4 hash): the
# join answers each hop limit from the link the probe came in on, so TTL
# 3 has four addresses too, one behind each branch: the text lists the
# links between TTL 2 and 3.
T6=$LAB_DIAMOND6
cat >all4v6.exp <<-'EOF2'
	  1  fd00:1::2
	  2  fd00:5:1::2  fd00:5:2::2  fd00:5:3::2  fd00:5:4::2
	  3  fd00:6:1::2  fd00:6:2::2  fd00:6:3::2  fd00:6:4::2
	     fd00:5:1::2 -> fd00:6:1::2
	     fd00:5:2::2 -> fd00:6:2::2
	     fd00:5:3::2 -> fd00:6:3::2
	     fd00:5:4::2 -> fd00:6:4::2
	  4  fd00:7::2
	EOF2
ok 'lab_exec src pkttrace -q -t 2 --flows 16 --l4 udp "$T6" | tail -n +2 | diff - all4v6.exp' \
	"IPv6, --flows 16: every branch at TTL 2 and 3, and the links between them"
: >mda6.runs
for i in $(seq 0 19); do
	lab_exec src pkttrace -q -t 1 --mda --l4 udp --sport $((20000 + 1000 * i)) "$T6" \
		>"mda6-$i.txt" 2>/dev/null
	echo "$? $(tail -n +2 "mda6-$i.txt" | diff -q - all4v6.exp >/dev/null && echo all)" >>mda6.runs
done
ok '[ "$(grep -c "^0 all$" mda6.runs)" -ge 19 ]' \
	"IPv6, --mda finds the four branches in at least 19 of 20 runs ($(grep -c '^0 all$' mda6.runs) of 20)"
ok 'lab_exec src pkttrace -q -t 1 --mda --l4 tcp -j "$T6" >mda6.json &&
    pkttrace -q -r mda6.json | tail -n +2 | diff - all4v6.exp &&
    [ "$(pktgraph -j <mda6.json | jq -c "[.reached, [.path[].hop]]" | grep -c "^\[true,\[\"fd00:1::2\",\"fd00:5:\([1-4]\)::2\",\"fd00:6:\1::2\",\"fd00:7::2\"\]\]$")" = 4 ] &&
    [ "$(pktgraph -j <mda6.json | wc -l)" = 4 ]' \
	"IPv6, --mda -j: read back with every branch, and drawn as four whole paths"

# 20-21: a silent join (mj sends no time-exceeded): a "*" at TTL 3, the
# target still found behind it, with no flows spent trying to reach the
# silence.
lab_exec mj nft -f - <<-'EOF2'
	table ip pkt_mda_silent {
		chain out {
			type filter hook output priority 0;
			icmp type time-exceeded drop
		}
	}
	EOF2
cat >silent.exp <<-'EOF2'
	  1  10.0.1.2
	  2  10.0.5.2  10.0.5.6  10.0.5.10  10.0.5.14
	  3  *
	  4  10.0.7.2
	EOF2
ok 'lab_exec src pkttrace -q -t 0.3 --mda --l4 udp "$T" >silent.txt &&
    tail -n +2 silent.txt | diff - silent.exp' \
	"--mda past a silent hop: * at TTL 3, the target at TTL 4"
ok 'p=$(sed -n "s/.* flows, \([0-9]*\) probes$/\1/p" silent.txt) && [ "$p" -lt 250 ]' \
	"--mda past a silent hop: under 250 probes ($(sed -n 's/.* flows, \([0-9]*\) probes$/\1/p' silent.txt 2>/dev/null))"
