#!/bin/bash
# Self-test of tests/lab.sh: a routed src - rtr - dst chain over veth, a
# TUN link with no link-layer header, isolation, and teardown.
# shellcheck disable=SC2016,SC2034 # ok's bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd ping
lab_need
lab_need_tun
plan 15

root_state() {
	{ ip -o addr show; ip route show table all; ip -6 route show table all; } |
		sed 's/ *valid_lft.*//; s/ expires [0-9]*sec//'
}
root_state >root.before
netns_before=$(ip netns list | grep -c "^$LAB" || :)

lab_ns src
lab_ns rtr
lab_ns dst
lab_link src eth0 10.1.1.1/24,fd00:1::1/64 rtr eth0 10.1.1.2/24,fd00:1::2/64
lab_link rtr eth1 10.1.2.1/30,fd00:2::1/64 dst eth0 10.1.2.2/30,fd00:2::2/64
lab_route src 10.1.2.0/30 10.1.1.2
lab_route src fd00:2::/64 fd00:1::2
lab_route dst 10.1.1.0/24 10.1.2.1
lab_route dst fd00:1::/64 fd00:2::1

ok '[ "$(ip netns list | grep -c "^$LAB")" -eq 3 ]' "three namespaces named ${LAB}*"
expect_code 0 "IPv4 ping src -> dst through the router" -- \
	lab_exec src ping -c 1 -W 2 10.1.2.2
expect_code 0 "IPv6 ping src -> dst through the router" -- \
	lab_exec src ping -6 -c 1 -W 2 fd00:2::2
expect_stdout - "lab_ns turns forwarding on" -- \
	lab_exec rtr cat /proc/sys/net/ipv4/ip_forward /proc/sys/net/ipv6/conf/all/forwarding <<-'EOF'
	1
	1
	EOF
ok 'lab_exec src ping -n -c 1 -W 2 -t 1 10.1.2.2 | grep -q "From 10.1.1.2.*Time to live exceeded"' \
	"time-exceeded comes from the router's address"
expect_stderr_match 'Network is unreachable' "no default route: outside addresses are unreachable" -- \
	lab_exec src ip route get 192.0.2.1

lab_tun_link src 10.9.0.1 dst 10.9.0.2
ok '[ "$LAB_TUN_IF" = tun0 ]' "LAB_TUN_IF names the TUN device"
ok 'lab_exec src ip link show tun0 | grep -q "link/none" &&
    lab_exec dst ip link show tun0 | grep -q "link/none"' \
	"the TUN devices have no link-layer header"
ok 'lab_exec src ip route get 10.9.0.2 | grep -q "dev tun0"' \
	"the route to the TUN peer uses the TUN device"
rx_before=$(lab_exec dst cat /sys/class/net/tun0/statistics/rx_packets)
expect_code 0 "ping across the TUN link" -- lab_exec src ping -c 3 -i 0.2 -W 2 10.9.0.2
ok 'rx=$(lab_exec dst cat /sys/class/net/tun0/statistics/rx_packets) &&
    [ "$rx" -ge $((rx_before + 3)) ]' "the pings went through the TUN device"

lab_tun_link rtr 10.9.1.1,fd00:9::1/64 dst 10.9.1.2,fd00:9::2/64
expect_code 0 "a second TUN link (IPv4)" -- lab_exec rtr ping -c 1 -W 2 -I tun1 10.9.1.2
expect_code 0 "a second TUN link (IPv6)" -- lab_exec rtr ping -6 -c 1 -W 2 fd00:9::2

pids=("${_lab_pids[@]}")
lab_teardown
ok '! kill -0 "${pids[@]}" 2>/dev/null &&
    [ "$(ip netns list | grep -c "^$LAB" || :)" -eq "$netns_before" ]' \
	"teardown ends the relays and deletes the namespaces"
root_state >root.after
ok 'test_cmp root.before root.after' "root namespace addresses and routes unchanged"
