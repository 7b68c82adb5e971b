#!/bin/bash
# pkttrace --pmtu on a chain whose third link has an MTU of 1400
# (tests/lab-pmtu.sh): 1400 at hop 3, said by 10.0.2.2 (IPv4, Fragmentation
# Needed) and fd00:2::2 (IPv6, Packet Too Big), with UDP, TCP and ICMP
# probes; the interface's 1500 where no link is narrower; the bytes on the
# wire as built (DF, 1500 then 1400, no fragment); a second run after the
# kernel learned the path MTU still starts at 1500; a router that gives no
# MTU (an nft rule on r1 zeroes it): RFC 1191's plateaus; a black hole
# (Fragmentation Needed dropped): found by sizes that pass, the target
# reached; a silent target is no black hole; two narrow links; the JSON
# summary; usage errors.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"
. "$PKT_TOP/tests/lab-pmtu.sh"

need_root
need_cmd jq nft tcpdump
lab_need
plan 26

pmtu_lab

# What the text says, without the times.
notimes() { sed -E 's/ +[0-9]+\.[0-9]{3} ms/  T/'; }
trace() { lab_exec src pkttrace "$@" 2>/dev/null | notimes; }

# 1-2: IPv4 and IPv6, UDP (the default of --pmtu).
cat >v4.exp <<-'EOF2'
	10.0.9.2:udp33434: 1500 bytes first (the MTU of eth0)
	  1  10.0.1.2  T  pmtu 1500
	  2  10.0.2.2  T  pmtu 1500
	  3  10.0.2.2  T  frag-needed 1500, mtu 1400
	  3  10.0.3.2  T  pmtu 1400
	  4  10.0.9.2  T  pmtu 1400 reached
	path MTU 1400 at hop 3 (10.0.2.2)
EOF2
ok 'trace --pmtu 10.0.9.2 >v4.out && test_cmp v4.exp v4.out' \
	"IPv4: 1400 at hop 3, from 10.0.2.2's Fragmentation Needed"
cat >v6.exp <<-'EOF2'
	fd00:9::2:udp33434: 1500 bytes first (the MTU of eth0)
	  1  fd00:1::2  T  pmtu 1500
	  2  fd00:2::2  T  pmtu 1500
	  3  fd00:2::2  T  packet-too-big 1500, mtu 1400
	  3  fd00:3::2  T  pmtu 1400
	  4  fd00:9::2  T  pmtu 1400 reached
	path MTU 1400 at hop 3 (fd00:2::2)
EOF2
ok 'trace --pmtu fd00:9::2 >v6.out && test_cmp v6.exp v6.out' \
	"IPv6: 1400 at hop 3, from fd00:2::2's Packet Too Big"

# 3: the kernel learned 1400 from those answers; a second run still sends
# 1500 first (the raw socket probes the link's MTU) and finds the hop.
ok 'lab_exec src ip route get 10.0.9.2 | grep -q "mtu 1400" &&
	trace --pmtu 10.0.9.2 >v4b.out && test_cmp v4.exp v4b.out' \
	"after the kernel learned the path MTU: 1500 first, the same answer"

# 4-7: TCP and ICMP probes, both families.
for l4 in tcp icmp; do
	for t in 10.0.9.2 fd00:9::2; do
		from=10.0.2.2
		[ "$t" = 10.0.9.2 ] || from=fd00:2::2
		ok "trace --pmtu --l4 $l4 $t >$l4.out; tail -n 1 $l4.out |
			grep -qx 'path MTU 1400 at hop 3 ($from)' || { cat $l4.out >&2; false; }" \
			"--l4 $l4 $t: 1400 at hop 3 ($from)"
	done
done

# 8: no narrower link: the interface's MTU, both families at once.
cat >flat.exp <<-'EOF2'
	10.0.8.2:udp33434: 1500 bytes first (the MTU of eth0)
	  1  10.0.1.2  T  pmtu 1500
	  2  10.0.2.2  T  pmtu 1500
	  3  10.0.8.2  T  pmtu 1500 reached
	path MTU 1500

	fd00:8::2:udp33434: 1500 bytes first (the MTU of eth0)
	  1  fd00:1::2  T  pmtu 1500
	  2  fd00:2::2  T  pmtu 1500
	  3  fd00:8::2  T  pmtu 1500 reached
	path MTU 1500
EOF2
ok 'trace --pmtu 10.0.8.2 fd00:8::2 >flat.out && test_cmp flat.exp flat.out' \
	"no narrower link: the interface's 1500"

# 9-10: the JSON summary record, and the trace pairs before it.
ok 'lab_exec src pkttrace --pmtu -j 10.0.9.2 2>/dev/null >j.out &&
	tail -n 1 j.out | jq -e "[.target, .pmtu, .first, .iface, .reached, .hop,
	  .from, .from_ttl, [.drops[] | [.ttl, .from, .size, .reported, .mtu]],
	  [.hops[] | [.ttl, .addr, .kind, .pmtu]]] ==
	  [\"10.0.9.2\", 1400, 1500, \"eth0\", true, 3, \"10.0.2.2\", 2,
	  [[3, \"10.0.2.2\", 1500, 1400, 1400]],
	  [[1, \"10.0.1.2\", \"time-exceeded\", 1500],
	   [2, \"10.0.2.2\", \"time-exceeded\", 1500],
	   [3, \"10.0.3.2\", \"time-exceeded\", 1400],
	   [4, \"10.0.9.2\", \"unreachable\", 1400]]]" >/dev/null' \
	"-j: the summary record (pmtu, hop, from, drops, pmtu per hop)"
ok 'head -n -1 j.out | jq -se "[.[] | select(.ttl == 3) | [.round, .kind,
	  .hop]] == [[1, \"unreachable\", \"10.0.2.2\"], [2, \"time-exceeded\",
	  \"10.0.3.2\"]]" >/dev/null' \
	"-j: the pairs of each size, with their round"

# 11: the readers of a saved trace take the summary in their stride.
ok 'pktgraph -j <j.out >g.out && jq -se "[.[] | .reached] == [false, true]" g.out >/dev/null' \
	"pktgraph -j reads the pairs (a path per size) and passes the summary"

# 12-13: the bytes on the wire, as r1 gets them: DF probes of 1500,
# then of 1400, and nothing fragmented.  As a trace, no TTL past a path's
# end: 1500 bytes at TTL 1-3 (r2 refuses the third), 1400 at TTL 3-4 (the
# target); with --all-ttls every TTL of each size, 30 then 28 from TTL 3.
wire() {	# OUT ARGS...: the probes r1 got, "[flags] length count" lines
	local out=$1
	shift
	lab_bg r1 tcpdump --immediate-mode -U -B 8192 -s 128 -nn -i eth0 -w "$PWD/wire.pcap"
	sleep 1
	trace --pmtu "$@" 10.0.9.2 >/dev/null
	sleep 0.5
	kill "$LAB_BG_PID"
	wait "$LAB_BG_PID" 2>/dev/null
	tcpdump -nn -v -r wire.pcap udp 2>/dev/null | grep -o 'flags \[[A-Z+]*\].*length [0-9]*)' |
		sed -E 's/flags (\[[A-Z+]*\]).*length ([0-9]+)\)/\1 \2/' | sort | uniq -c |
		awk '{print $2, $3, $1}' >"$out"
}
wire wire.out
wire all.out --all-ttls
ok 'cat wire.out all.out >&2
	grep -qx "\[DF\] 1500 3" wire.out && grep -qx "\[DF\] 1400 2" wire.out &&
	test "$(wc -l <wire.out)" -eq 2 &&
	grep -qx "\[DF\] 1500 30" all.out && grep -qx "\[DF\] 1400 28" all.out &&
	test "$(wc -l <all.out)" -eq 2' \
	"on the wire: 3 probes of 1500 bytes then 2 of 1400, DF set (--all-ttls: 30 and 28)"
ok '! grep -q "\[+\]" wire.out all.out' "nothing fragmented"

# 14-15: r1 zeroes the MTU of what r2 says (a router before RFC 1191):
# RFC 1191's plateaus, 1492 then 1006 (IPv4); IPv6 never below 1280.
lab_exec r1 nft 'add table inet pmtu; add chain inet pmtu f { type filter hook forward priority 0; };
	add rule inet pmtu f icmp type destination-unreachable icmp code frag-needed icmp mtu set 0;
	add rule inet pmtu f icmpv6 type packet-too-big icmpv6 mtu set 0'
cat >zero.exp <<-'EOF2'
	10.0.9.2:udp33434: 1500 bytes first (the MTU of eth0)
	  1  10.0.1.2  T  pmtu 1500
	  2  10.0.2.2  T  pmtu 1500
	  3  10.0.2.2  T  frag-needed 1500, no MTU given: 1492 (RFC 1191 plateau)
	  3  10.0.2.2  T  frag-needed 1492, no MTU given: 1006 (RFC 1191 plateau)
	  3  10.0.3.2  T  pmtu 1006
	  4  10.0.9.2  T  pmtu 1006 reached
	path MTU 1006 at hop 3 (10.0.2.2)
EOF2
ok 'trace --pmtu 10.0.9.2 >zero.out && test_cmp zero.exp zero.out' \
	"IPv4, no MTU given: the plateaus below (1492, 1006)"
ok 'trace --pmtu fd00:9::2 | tail -n 1 | grep -qx "path MTU 1280 at hop 3 (fd00:2::2)"' \
	"IPv6, no MTU given: 1492, then 1280 (the least IPv6 MTU)"

# 16-19: a black hole: r1 drops what r2 says, both families.  The probes
# of 1500 vanish past hop 2 and nothing refuses them: smaller sizes past
# hop 2 only (the least first, then halves) find that 1400 passes and
# 1401 does not; the rest of the path at 1400.  A target silent whatever
# the size (t2 drops the probes) is no black hole: one more size (the
# least) and the MTU up to the last hop heard, not reached (exit 1).
lab_exec r1 nft 'flush chain inet pmtu f;
	add rule inet pmtu f icmp type destination-unreachable icmp code frag-needed drop;
	add rule inet pmtu f icmpv6 type packet-too-big drop'
cat >hole.exp <<-'EOF2'
	10.0.9.2:udp33434: 1500 bytes first (the MTU of eth0)
	  1  10.0.1.2  T  pmtu 1500
	  2  10.0.2.2  T  pmtu 1500
	  3  10.0.2.2                              black hole: 1401 vanished past it, 1400 passed (no frag-needed)
	  3  10.0.3.2  T  pmtu 1400
	  4  10.0.9.2  T  pmtu 1400 reached
	path MTU 1400 at hop 3 (10.0.2.2, a black hole)
EOF2
ok 'trace --pmtu -t 0.5 --maxttl 8 10.0.9.2 >hole.out && test_cmp hole.exp hole.out' \
	"IPv4 black hole: 1400 found past hop 2 by sizes that pass, the target reached"
ok 'trace --pmtu -t 0.5 --maxttl 8 fd00:9::2 >hole6.out &&
    grep -qx "  3  fd00:2::2 *black hole: 1401 vanished past it, 1400 passed (no packet-too-big)" hole6.out &&
    tail -n 1 hole6.out | grep -qx "path MTU 1400 at hop 3 (fd00:2::2, a black hole)"' \
	"IPv6 black hole: the same, no Packet Too Big"
ok 'lab_exec src pkttrace --pmtu -t 0.5 --maxttl 8 -j 10.0.9.2 2>/dev/null |
    jq -ce "select(.pmtu) | [.pmtu, .hop, .from, .reached, (.drops | map([.ttl, .size, .mtu, .reported, .blackhole]))]" >hole.json &&
    test "$(cat hole.json)" = "[1400,3,\"10.0.2.2\",true,[[3,1401,1400,0,true]]]"' \
	"black hole, -j: the summary's drop says blackhole, 1401 vanished, 1400 passed"
lab_exec t2 nft 'add table inet silent; add chain inet silent i { type filter hook input priority 0; };
	add rule inet silent i udp dport 33434 drop'
cat >silent.exp <<-'EOF2'
	10.0.8.2:udp33434: 1500 bytes first (the MTU of eth0)
	  1  10.0.1.2  T  pmtu 1500
	  2  10.0.2.2  T  pmtu 1500
	path MTU 1500, up to hop 2 (10.0.8.2 not reached)
EOF2
ok 'lab_exec src pkttrace --pmtu -t 0.5 --maxttl 6 10.0.8.2 >silent.raw 2>/dev/null; [ $? = 1 ] &&
    notimes <silent.raw >silent.out && test_cmp silent.exp silent.out' \
	"a silent target, no narrow link: no black hole (the least size is silent too), exit 1"
lab_exec t2 nft delete table inet silent

# 20-21: two narrow links: r3-dst at 1300 as well.  Each drop at its hop.
lab_exec r1 nft delete table inet pmtu
ip -n "${LAB}r3" link set eth1 mtu 1300
ip -n "${LAB}dst" link set eth0 mtu 1300
cat >two.exp <<-'EOF2'
	10.0.9.2:udp33434: 1500 bytes first (the MTU of eth0)
	  1  10.0.1.2  T  pmtu 1500
	  2  10.0.2.2  T  pmtu 1500
	  3  10.0.2.2  T  frag-needed 1500, mtu 1400
	  3  10.0.3.2  T  pmtu 1400
	  4  10.0.3.2  T  frag-needed 1400, mtu 1300
	  4  10.0.9.2  T  pmtu 1300 reached
	path MTU 1300 at hop 4 (10.0.3.2)
EOF2
ok 'trace --pmtu 10.0.9.2 >two.out && test_cmp two.exp two.out' \
	"two narrow links (IPv4): 1400 at hop 3, then 1300 at hop 4"
ok 'lab_exec src pkttrace --pmtu -j fd00:9::2 2>/dev/null | tail -n 1 |
	jq -e "[.pmtu, .hop, .from, .from_ttl, [.drops[] | [.ttl, .from, .size, .mtu]],
	  [.hops[] | .pmtu]] == [1300, 4, \"fd00:3::2\", 3, [[3, \"fd00:2::2\",
	  1500, 1400], [4, \"fd00:3::2\", 1400, 1300]], [1500, 1500, 1400, 1300]]" >/dev/null' \
	"two narrow links (IPv6): both drops in the summary"

# 22-24: usage.
expect_stderr_match 'not with -c' "--pmtu -c: usage error" --code 2 -- \
	pkttrace --pmtu -c 3 10.0.9.2
expect_stderr_match 'shape probing' "--pmtu -r: usage error" --code 2 -- \
	pkttrace --pmtu -r j.out
expect_stderr_match 'not with -c, --report' "--pmtu --stateless: usage error" \
	--code 2 -- pkttrace --pmtu --stateless -j 10.0.9.2

# 25-26: loopback in a lab namespace: lo's MTU is 65536, an IPv4 packet
# holds at most 65535 (it sent 65536-byte probes that the kernel refused).
lab_exec src ip link set lo up
ok 'lab_exec src pkttrace --pmtu -t 1 127.0.0.1 2>/dev/null | tail -n 1 |
	grep -qx "path MTU 65535"' "IPv4 on lo: 65535, the most an IPv4 packet holds"
ok 'lab_exec src pkttrace --pmtu -t 1 ::1 2>/dev/null | tail -n 1 |
	grep -qx "path MTU 65536"' "IPv6 on lo: 65536, lo's MTU"
