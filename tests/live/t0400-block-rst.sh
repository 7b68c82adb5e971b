#!/bin/bash
# t0400-block-rst.sh: live test of common/rstguard.c (--block-rst), driven
# by test_rstguard (tests/unit/test_rstguard.c) run inside namespace a, so
# every nftables table lives in a's network namespace, never in the root
# namespace's.
#  (a) a's ruleset is the same before and after the driver ends normally,
#      by SIGINT, by SIGTERM and by SIGKILL (its guardian cleans up);
#  (b) a leftover of a run killed together with its guardian is removed by
#      the next run;
#  (c) a SYN sent by hand from a to a listener in b: without the guard a's
#      kernel answers b's SYN-ACK with a RST; with it no RST leaves a (b's
#      connection stays half-open), a hand-made RST without PKT_SOCKET_MARK
#      is dropped and one with the mark leaves; over IPv4 and IPv6.
# shellcheck disable=SC2016,SC2034 # ok's bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd nft tcpdump socat ss
lab_need
DRV=$PKT_BUILD/tests/test_rstguard
[ -x "$DRV" ] || skip_all "no $DRV (run make units)"
plan 22

lab_ns a
lab_ns b
lab_link a eth0 10.0.0.1/24,fd00::1/64 b eth0 10.0.0.2/24,fd00::2/64
A4=10.0.0.1 B4=10.0.0.2 A6=fd00::1 B6=fd00::2

lab_exec a nft list ruleset >rules.before 2>&1

same_rules() {
	lab_exec a nft list ruleset >rules.now 2>&1
	cmp -s rules.before rules.now
}

# hold_start TAG SPORT [SRC DST DPORT]: the driver in a, its stdin a fifo
# whose write end is our fd 9 (closing it is the normal exit); waits for
# "ready".  Sets HOLD_PID (the driver itself: ip netns exec execs it) and
# GUARD_PID (its guardian child, whose pid names the table).
hold_start() {
	local tag=$1 sport=$2 src=${3:-$A4} dst=${4:-$B4} dport=${5:-8080}
	rm -f "$tag.in"
	mkfifo "$tag.in"
	ip netns exec "${LAB}a" "$DRV" hold "$src" "$dst" "$sport" "$dport" \
		<"$tag.in" >"$tag.out" 2>"$tag.err" &
	HOLD_PID=$!
	exec 9>"$tag.in"
	lab_wait_for 10 grep -qx ready "$tag.out" || {
		diag "driver did not get ready:" "$(cat "$tag.err")"
		return 1
	}
	GUARD_PID=$(sed -n 2p "$tag.out")
}

# hold_end: close the driver's stdin; its exit status in HOLD_RC.
hold_end() {
	exec 9>&-
	wait "$HOLD_PID"
	HOLD_RC=$?
}

# (a) every exit path
hold_start normal 41000
ok 'lab_exec a nft list tables | grep -qx "table inet pkt_rst_$GUARD_PID" &&
    ! nft list tables 2>/dev/null | grep -q "pkt_rst_$GUARD_PID"' \
	"the table is in namespace a (not in the root namespace) while the driver runs"
hold_end
ok '[ "$HOLD_RC" = 0 ] && { same_rules || test_cmp rules.before rules.now; }' \
	"normal exit: ruleset as before, at once"

hold_start int 41001
kill -INT "$HOLD_PID"
wait "$HOLD_PID"
HOLD_RC=$?
exec 9>&-
ok '[ "$HOLD_RC" = 130 ] && { same_rules || test_cmp rules.before rules.now; }' \
	"SIGINT: exit 130, ruleset as before, at once"

hold_start term 41002
ok 'grep -E "^Cap(Prm|Eff|Bnd):" "/proc/$GUARD_PID/status" | awk "{ print \$2 }" | sort -u |
    grep -qx 0000000000001000' \
	"the guardian keeps CAP_NET_ADMIN alone"
ok '[ -n "$GUARD_PID" ] && kill -INT "$GUARD_PID" && kill -TERM "$GUARD_PID" &&
    sleep 0.3 && kill -0 "$GUARD_PID" &&
    lab_exec a nft list tables | grep -qx "table inet pkt_rst_$GUARD_PID"' \
	"the guardian ignores SIGINT and SIGTERM"
kill -TERM "$HOLD_PID"
wait "$HOLD_PID"
HOLD_RC=$?
exec 9>&-
ok '[ "$HOLD_RC" = 143 ] && { same_rules || test_cmp rules.before rules.now; }' \
	"SIGTERM: exit 143, ruleset as before, at once"

hold_start kill 41003
kill -KILL "$HOLD_PID"
wait "$HOLD_PID" 2>/dev/null
exec 9>&-
ok '{ lab_wait_for 5 same_rules || test_cmp rules.before rules.now; } &&
    [ -n "$GUARD_PID" ] && lab_wait_for 5 eval "! kill -0 $GUARD_PID"' \
	"SIGKILL: the guardian removes the table and exits"

# (b) a leftover: the driver and its guardian both killed
hold_start left 41004
old=$GUARD_PID
kill -KILL "$GUARD_PID" "$HOLD_PID"
wait "$HOLD_PID" 2>/dev/null
exec 9>&-
sleep 0.2
ok 'lab_exec a nft list tables | grep -qx "table inet pkt_rst_$old"' \
	"killing the guardian too leaves the table behind"
hold_start next 41005
ok 'tables=$(lab_exec a nft list tables) &&
    ! grep -qx "table inet pkt_rst_$old" <<<"$tables" &&
    grep -qx "table inet pkt_rst_$GUARD_PID" <<<"$tables"' \
	"the next run removes the leftover"
hold_end
ok '[ "$HOLD_RC" = 0 ] && { same_rules || test_cmp rules.before rules.now; }' \
	"and its own table at exit"

# (c) the kernel's RST
lab_bg b socat -u TCP-LISTEN:8080,reuseaddr,fork OPEN:/dev/null
lab_bg b socat -u TCP6-LISTEN:8081,reuseaddr,fork OPEN:/dev/null
listening() { lab_exec b ss -Hltn "sport = :$1" | grep -q .; }
if ! { lab_wait_for 5 listening 8080 && lab_wait_for 5 listening 8081; }; then
	diag "socat does not listen in b"
fi

# cap_start TAG / cap_stop TAG: TCP on a's eth0, as text in TAG.txt.
cap_start() {
	ip netns exec "${LAB}a" tcpdump -i eth0 -n -U --immediate-mode -w "$1.pcap" tcp \
		2>"$1.tcpdump" &
	CAP_PID=$!
	lab_wait_for 5 grep -q 'listening on' "$1.tcpdump" ||
		diag "tcpdump did not start:" "$(cat "$1.tcpdump")"
}
cap_stop() {
	sleep 0.3
	kill -INT "$CAP_PID"
	wait "$CAP_PID"
	tcpdump -n -r "$1.pcap" >"$1.txt" 2>/dev/null
	sed 's/^/  /' "$1.txt" >&2
}
send() { lab_exec a "$DRV" send "$@"; }

cap_start nog4
send $A4 $B4 40000 8080 S
sleep 0.5
cap_stop nog4
ok 'grep -q "IP 10.0.0.2.8080 > 10.0.0.1.40000: Flags \[S\.\]" nog4.txt &&
    grep -q "IP 10.0.0.1.40000 > 10.0.0.2.8080: Flags \[R\]" nog4.txt' \
	"IPv4 without the guard: a's kernel answers the SYN-ACK with a RST"

hold_start g4 40001
cap_start g4
send $A4 $B4 40001 8080 S
sleep 1.5	# b retransmits its SYN-ACK after 1 s
cap_stop g4
ok 'grep -q "IP 10.0.0.2.8080 > 10.0.0.1.40001: Flags \[S\.\]" g4.txt &&
    ! grep -q "Flags \[R" g4.txt' \
	"IPv4 with the guard: the SYN-ACK comes, no RST leaves a"
ok 'lab_exec b ss -Htn state syn-recv "( sport = :8080 and dport = :40001 )" |
    grep -q .' \
	"b's connection stays half-open"
ok 'lab_exec a nft list table inet "pkt_rst_$GUARD_PID" |
    grep -Eq "@v4 counter packets [1-9]"' \
	"the rule counted the kernel's RSTs it dropped"
cap_start g4r
send $A4 $B4 40001 8080 R
cap_stop g4r
ok '! grep -q "Flags \[R" g4r.txt' \
	"a hand-made RST without the socket mark is dropped too"
cap_start g4m
send $A4 $B4 40001 8080 R mark
cap_stop g4m
ok 'grep -q "IP 10.0.0.1.40001 > 10.0.0.2.8080: Flags \[R\]" g4m.txt &&
    lab_wait_for 2 eval "! lab_exec b ss -Htn state syn-recv \"( dport = :40001 )\" | grep -q ."' \
	"a hand-made RST with PKT_SOCKET_MARK leaves a and resets b's connection"
hold_end
ok '[ "$HOLD_RC" = 0 ] && { same_rules || test_cmp rules.before rules.now; }' \
	"ruleset as before after the IPv4 runs"

cap_start nog6
send $A6 $B6 40010 8081 S
sleep 0.5
cap_stop nog6
ok 'grep -q "IP6 fd00::2.8081 > fd00::1.40010: Flags \[S\.\]" nog6.txt &&
    grep -q "IP6 fd00::1.40010 > fd00::2.8081: Flags \[R\]" nog6.txt' \
	"IPv6 without the guard: a's kernel answers the SYN-ACK with a RST"

hold_start g6 40011 $A6 $B6 8081
cap_start g6
send $A6 $B6 40011 8081 S
sleep 1.5
cap_stop g6
ok 'grep -q "IP6 fd00::2.8081 > fd00::1.40011: Flags \[S\.\]" g6.txt &&
    ! grep -q "Flags \[R" g6.txt &&
    lab_exec b ss -Htn state syn-recv "( dport = :40011 )" | grep -q .' \
	"IPv6 with the guard: no RST leaves a, b's connection stays half-open"
hold_end
ok '[ "$HOLD_RC" = 0 ] && { same_rules || test_cmp rules.before rules.now; }' \
	"ruleset as before after the IPv6 run"

ok '[ -z "$(ip netns pids "${LAB}a")" ]' \
	"no process left in namespace a (no guardian outlives its run)"
ok '! grep -H . ./*.err >&2' \
	"the drivers and their guardians wrote nothing on stderr"
