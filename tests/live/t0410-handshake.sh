#!/bin/bash
# t0410-handshake.sh: a TCP handshake made by hand across two commands,
# the recipe of pktsr1(1) and pktsend(1): the SYN with pktsr1 -j
# --block-rst --hold, a pause longer than the server's first SYN-ACK
# retransmission (1 s), then the ACK and an HTTP request with pktsend
# --block-rst --hold, seq and ack taken from pktsr1's JSON with jq.
#  (a) the control, without --hold: a's kernel resets the connection
#      during the pause and the server never sees the request;
#  (b) with --hold: the server (python3 http.server in b) logs the
#      request, and no RST leaves a (tcpdump on a's side) while the rules
#      are held; pktsend's own table going first leaves pktsr1's, and
#      each goes when its hold is over;
#  (c) SIGTERM to a holding guardian removes its table at once.
# shellcheck disable=SC2016,SC2034 # ok's bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd nft tcpdump jq python3 ss
lab_need
plan 10

lab_ns a
lab_ns b
lab_link a veth0 10.42.0.1/24 b veth0 10.42.0.2/24
lab_exec a nft list ruleset >rules.before 2>&1
lab_bg b sh -c 'exec python3 -m http.server --bind 10.42.0.2 8080 2>"$0"' \
	"$PWD/http.log"
lab_wait_for 5 lab_exec b sh -c 'ss -ltn | grep -q "10.42.0.2:8080"' ||
	diag "the HTTP server does not listen in b:" "$(cat http.log)"

same_rules() {
	lab_exec a nft list ruleset >rules.now 2>&1
	cmp -s rules.before rules.now
}
tables() { lab_exec a nft list tables; }

# handshake SPORT PATH HOLD1 HOLD2: SYN, pause, ACK + GET /PATH.  HOLD
# "": no --hold.  pktsr1's stderr in syn.SPORT.err.
handshake() {
	local sport=$1 path=$2 h1=${3:+--hold $3} h2=${4:+--hold $4} seq ack
	# shellcheck disable=SC2086 # $h1, $h2: no option or two words
	lab_exec a pktsr1 -j --block-rst $h1 \
		"IP(dst=\"10.42.0.2\")/TCP(sport=$sport,dport=8080,flags=\"S\",seq=1000)" \
		>"syn.$sport.json" 2>"syn.$sport.err" || return 1
	sleep 2.5	# b retransmits its SYN-ACK after 1 s
	seq=$(jq '.sent.layers[] | select(.layer == "TCP") | .seq + 1' "syn.$sport.json")
	ack=$(jq '.recv.layers[] | select(.layer == "TCP") | .seq + 1' "syn.$sport.json")
	[ -n "$seq" ] && [ -n "$ack" ] || return 1
	# shellcheck disable=SC2086
	lab_exec a pktsend --block-rst $h2 \
		"IP(dst=\"10.42.0.2\")/TCP(sport=$sport,dport=8080,flags=\"A\",seq=$seq,ack=$ack)" \
		"IP(dst=\"10.42.0.2\")/TCP(sport=$sport,dport=8080,flags=\"PA\",seq=$seq,ack=$ack)/\"GET /$path HTTP/1.0\\r\\n\\r\\n\"" \
		2>"ack.$sport.err"
}

cap_start() {
	ip netns exec "${LAB}a" tcpdump -i veth0 -nn -U --immediate-mode -w "$1.pcap" \
		tcp port 8080 2>"$1.tcpdump" &
	CAP_PID=$!
	lab_wait_for 5 grep -q 'listening on' "$1.tcpdump" ||
		diag "tcpdump did not start:" "$(cat "$1.tcpdump")"
}
cap_stop() {
	sleep 0.3
	kill -INT "$CAP_PID"
	wait "$CAP_PID"
	tcpdump -nn -r "$1.pcap" >"$1.txt" 2>/dev/null
	sed 's/^/  /' "$1.txt" >&2
}

# (a) the control: the rule goes with pktsr1, the kernel resets.
cap_start control
handshake 40100 control "" ""
sleep 0.5
cap_stop control
ok 'grep -q "10.42.0.1.40100 > 10.42.0.2.8080: Flags \[R\]" control.txt &&
    ! grep -q "GET /control" http.log' \
	"without --hold: a's kernel resets during the pause, no request arrives"

# (b) with the holds: pktsr1's 9 s, pktsend's 2 s.
cap_start held
t0=$(date +%s.%N)
handshake 40101 held 9 2
held_rc=$?
ok '[ "$held_rc" = 0 ] && lab_wait_for 5 grep -q "\"GET /held HTTP/1.0\"" http.log' \
	"with --hold: the server saw the request sent after the pause"
g1=$(sed -n 's/.*to remove it sooner: kill \([0-9]*\).*/\1/p' syn.40101.err)
g2=$(sed -n 's/.*to remove it sooner: kill \([0-9]*\).*/\1/p' ack.40101.err)
ok '[ -n "$g1" ] && [ -n "$g2" ] && t=$(tables) &&
    grep -qx "table inet pkt_rst_$g1" <<<"$t" &&
    grep -qx "table inet pkt_rst_$g2" <<<"$t"' \
	"both tables are held after the commands end, each naming its guardian"
sleep 3	# pktsend's hold is over, pktsr1's is not
ok 't=$(tables) && ! grep -qx "table inet pkt_rst_$g2" <<<"$t" &&
    grep -qx "table inet pkt_rst_$g1" <<<"$t"' \
	"pktsend's table goes after its 2 s; pktsr1's, of the same flow, stays"
cap_stop held
ok 'awk -v s="$t0" -v e="$(date +%s.%N)" "BEGIN { exit !(e - s < 9) }"' \
	"the capture ended before pktsr1's hold (9 s after it ended)"
ok '[ "$(grep -c "10.42.0.2.8080 > 10.42.0.1.40101: Flags \[S\.\]" held.txt)" -ge 2 ] &&
    grep -q "10.42.0.1.40101 > 10.42.0.2.8080: Flags \[P\.\]" held.txt &&
    grep -q "10.42.0.2.8080 > 10.42.0.1.40101: Flags \[P\.\]" held.txt' \
	"the capture: SYN-ACK retransmitted in the pause, our request, the server's answer"
ok '! grep "10.42.0.1.40101 > .*Flags \[R" held.txt' \
	"no RST left a while the rules were held"
ok 'lab_wait_for 8 same_rules || test_cmp rules.before rules.now' \
	"pktsr1's table goes when its hold is over: the ruleset is as before"

# (c) SIGTERM to a holding guardian.
lab_exec a pktsr1 -q --block-rst --hold 100 \
	'IP(dst="10.42.0.2")/TCP(sport=40102,dport=8080,flags="S")' >/dev/null 2>&1
g=$(tables | sed -n 's/^table inet pkt_rst_\([0-9]*\)$/\1/p')
ok '[ -n "$g" ] && kill -TERM "$g" && lab_wait_for 2 same_rules' \
	"SIGTERM to the guardian ends a 100 s hold at once"
ok 'lab_wait_for 2 eval "[ -z \"\$(ip netns pids ${LAB}a)\" ]"' \
	"no guardian is left in namespace a"
