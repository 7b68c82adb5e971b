# shellcheck shell=bash
# tests/lab-pmtu.sh: the lab of tests/live/t0560-pkttrace-pmtu.sh and
# bench/pmtu.sh (source tests/lab.sh first; then call pmtu_lab): a chain
# whose third link has an MTU of 1400 on both ends, and a branch without
# a narrow link.
#
#   src -- r1 -- r2 ==1400== r3 -- dst 10.0.9.2 / fd00:9::2
#                 \-- t2 10.0.8.2 / fd00:8::2 (every link 1500)
#
# The chain is lab_chain -6 (tests/lab.sh) with dst as its target; t2
# hangs off r2's eth2 on 10.0.8.0/24 and fd00:8::/64.
pmtu_lab() {
	lab_chain -6 dst
	lab_ns t2
	lab_link r2 eth2 10.0.8.1/24,fd00:8::1/64 t2 eth0 10.0.8.2/24,fd00:8::2/64
	_lab_do ip -n "${LAB}r2" link set eth1 mtu 1400
	_lab_do ip -n "${LAB}r3" link set eth0 mtu 1400
	lab_route r1 10.0.8.0/24 10.0.2.2
	lab_route r1 fd00:8::/64 fd00:2::2
	lab_route t2 10.0.0.0/16 10.0.8.1
	lab_route t2 fd00::/16 fd00:8::1
}
