# shellcheck shell=bash
# tests/lab-pmtu.sh: the lab of tests/live/t0560-pkttrace-pmtu.sh and
# bench/pmtu.sh (source tests/lab.sh first; then call pmtu_lab): a chain
# whose third link has an MTU of 1400 on both ends, and a branch without
# a narrow link.
#
#   src -- r1 -- r2 ==1400== r3 -- dst 10.0.9.2 / fd00:9::2
#                 \-- t2 10.0.8.2 / fd00:8::2 (every link 1500)
pmtu_lab() {
	local ns
	for ns in src r1 r2 r3 dst t2; do
		lab_ns "$ns"
	done
	lab_link src eth0 10.0.1.1/24,fd00:1::1/64 r1 eth0 10.0.1.2/24,fd00:1::2/64
	lab_link r1 eth1 10.0.2.1/30,fd00:2::1/64 r2 eth0 10.0.2.2/30,fd00:2::2/64
	lab_link r2 eth1 10.0.3.1/30,fd00:3::1/64 r3 eth0 10.0.3.2/30,fd00:3::2/64
	lab_link r3 eth1 10.0.9.1/24,fd00:9::1/64 dst eth0 10.0.9.2/24,fd00:9::2/64
	lab_link r2 eth2 10.0.8.1/24,fd00:8::1/64 t2 eth0 10.0.8.2/24,fd00:8::2/64
	_lab_do ip -n "${LAB}r2" link set eth1 mtu 1400
	_lab_do ip -n "${LAB}r3" link set eth0 mtu 1400
	lab_route src 10.0.0.0/16 10.0.1.2
	lab_route src fd00::/16 fd00:1::2
	lab_route r1 10.0.0.0/16 10.0.2.2
	lab_route r1 fd00::/16 fd00:2::2
	lab_route r2 10.0.1.0/24 10.0.2.1
	lab_route r2 fd00:1::/64 fd00:2::1
	lab_route r2 10.0.9.0/24 10.0.3.2
	lab_route r2 fd00:9::/64 fd00:3::2
	lab_route r3 10.0.0.0/16 10.0.3.1
	lab_route r3 fd00::/16 fd00:3::1
	lab_route dst 10.0.0.0/16 10.0.9.1
	lab_route dst fd00::/16 fd00:9::1
	lab_route t2 10.0.0.0/16 10.0.8.1
	lab_route t2 fd00::/16 fd00:8::1
	lab_wait_for 5 lab_exec src ping -c 1 -W 1 10.0.9.2 ||
		_lab_die "10.0.9.2 does not answer"
	lab_wait_for 5 lab_exec src ping -c 1 -W 1 fd00:9::2 ||
		_lab_die "fd00:9::2 does not answer"
}
