#!/bin/bash
# pktsr1 against real kernels in namespaces: loopback (the FAQ), echo over
# a veth, TCP SA/RA, UDP port-unreachable through the quoted packet, ARP,
# DNS answered by dnsmasq, a silent address, a TUN link with and without
# the filter, probes from a stream, 10,000 probes at full speed.
# shellcheck disable=SC2016 # ok's bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd jq socat
lab_need
lab_need_tun
plan 29

lab_ns a
lab_ns b
lab_link a veth0 10.41.0.1/24 b veth0 10.41.0.2/24
lab_tun_link a 10.49.0.1 b 10.49.0.2
lab_bg b socat TCP-LISTEN:8080,fork,reuseaddr /dev/null
lab_wait_for 5 lab_exec b sh -c 'ss -ltn | grep -q ":8080"'

# 1-2: loopback just works, and with the FAQ's own workaround.
ok 'lab_exec a pktsr1 "IP(dst=\"127.0.0.1\")/ICMP()" | grep -q "echo-reply"' \
	"loopback: echo-reply with no flag"
ok 'lab_exec a pktsr1 --l3raw "IP(dst=\"127.0.0.1\")/ICMP()" | grep -q "echo-reply"' \
	"loopback: echo-reply with --l3raw"

# 3: ICMP echo across the veth (PF_PACKET, our link header).
ok 'lab_exec a pktsr1 "IP(dst=\"10.41.0.2\")/ICMP(id=3,seq=4)" | grep -q "ICMP 10.41.0.2 > 10.41.0.1 echo-reply"' \
	"echo-reply across a veth"

# 4-5: SA for a listening port, RA for a closed one, one line each.
lab_exec a pktsr1 'IP(dst="10.41.0.2")/TCP(dport=[8080,8081],flags="S")' >tcp.out 2>tcp.err
ok 'grep -q "10.41.0.2:http_alt > 10.41.0.1:ftp_data SA" tcp.out' \
	"SYN to a listening port: SA"
ok 'grep -q "10.41.0.2:tproxy > 10.41.0.1:ftp_data RA" tcp.out && [ "$(wc -l <tcp.out)" -eq 2 ]' \
	"SYN to a closed port: RA, one line per answer"

# 6: UDP to a closed port, answered by an ICMP error quoting the probe.
ok 'lab_exec a pktsr1 "IP(dst=\"10.41.0.2\")/UDP(dport=33434)" | grep -q "dest-unreach port-unreachable / IPerror / UDPerror"' \
	"UDP to a closed port: matched through the ICMP error"

# 7: ARP, as srp().
ok 'lab_exec a pktsr1 -i veth0 "Ether(dst=\"ff:ff:ff:ff:ff:ff\")/ARP(pdst=\"10.41.0.2\")" | grep -q "ARP is at"' \
	"ARP who-has: the is-at"

# 8: a DNS query answered by a real resolver in the peer namespace.
if command -v dnsmasq >/dev/null; then
	lab_bg b dnsmasq --no-daemon --no-resolv --no-hosts --port=53 \
		--listen-address=10.41.0.2 --bind-interfaces \
		--address=/example.test/192.0.2.99 --pid-file="$TEST_DIR/dnsmasq.pid"
	lab_wait_for 5 lab_exec b sh -c 'ss -lun | grep -q "10.41.0.2:53"'
	ok 'lab_exec a pktsr1 -j "IP(dst=\"10.41.0.2\")/UDP(sport=5353)/DNS(id=77,qd=DNSQR(qname=\"example.test\"))" |
	    jq -e ".recv.layers[2].an[0].rdata == \"192.0.2.99\"" >/dev/null' \
		"DNS: dnsmasq's answer matched by id"
else
	skip 1 "dnsmasq not installed"
fi

# 9-10: a silent address: exit 1, within the timeout plus a little.
start=$(date +%s.%N)
expect_code 1 "an unanswered probe: exit 1" -- \
	lab_exec a pktsr1 -t 1 -i veth0 'Ether(dst="02:00:00:00:00:99")/IP(dst="10.41.0.99")/ICMP()'
ok 'awk -v s="$start" -v e="$(date +%s.%N)" "BEGIN { exit !(e - s < 2.5) }"' \
	"and it gives up after the timeout"

# 11: the tally on stderr, as Scapy prints it.
expect_stderr_match '^Received [0-9]+ packets, got 1 answers, remaining 0 packets' \
	"the tally on stderr" -- lab_exec a pktsr1 'IP(dst="10.41.0.2")/ICMP()'

# 12-13: a link with no link-layer header, with the filter and without.
ok 'lab_exec a pktsr1 "IP(dst=\"10.49.0.2\")/ICMP()" | grep -q "echo-reply"' \
	"TUN link: answered with the kernel filter (compiled for raw IP)"
ok 'lab_exec a pktsr1 --nofilter "IP(dst=\"10.49.0.2\")/ICMP()" | grep -q "echo-reply"' \
	"TUN link: answered with --nofilter"

# 14: JSON pairs with rtt, one per probe.
ok '[ "$(lab_exec a pktsr1 -j "IP(dst=\"10.41.0.2\")/ICMP(seq=(1,5))" | jq -s "map(select(.rtt > 0)) | length")" -eq 5 ]' \
	"-j: five pairs with their rtt"

# 15: probes from a stream; unanswered ones come out with recv null.
ok '[ "$(pktsend -n -j "IP(src=\"10.41.0.1\",dst=\"10.41.0.0/30\")/ICMP()" |
    lab_exec a pktsr1 -t 1 -r - -j | jq -s "map(select(.recv)) | length")" -eq 2 ]' \
	"probes from pktsend -n -j: the two hosts that exist answer"

# 16: -w writes the answers.
ok 'lab_exec a pktsr1 -w ans.pcap "IP(dst=\"10.41.0.2\")/ICMP()" &&
    pktsend -n -r ans.pcap | grep -q "echo-reply"' "-w writes the answers as pcap"

# 17: --retry resends the unanswered.
expect_stderr_match 'remaining 1 packets' "--retry 2 still ends on the silent probe" -- \
	lab_exec a pktsr1 -t 0.3 --retry 2 -i veth0 'Ether(dst="02:00:00:00:00:99")/IP(dst="10.41.0.99")/ICMP()'

# 18: --multi keeps every answer until the timeout.
ok 'lab_exec a pktsr1 --multi -t 0.5 "IP(dst=\"10.41.0.2\")/ICMP()" | grep -c echo-reply | grep -q "^1$"' \
	"--multi: prints the answers it got"

# 19-20: 10,000 probes at full speed.
lab_exec a pktsr1 -t 2 -j 'IP(dst="10.41.0.2")/ICMP(id=5,seq=(1,10000))' \
	>many.jsonl 2>many.err
answered=$(jq -s 'map(select(.recv)) | length' many.jsonl)
diag "10,000 probes: $answered answered; $(cat many.err)"
ok '[ "$answered" -ge 9990 ]' "10,000 probes at full speed: at least 99.9% matched ($answered)"
ok 'grep -q "^Received [0-9]* packets, got [0-9]* answers" many.err' "with the tally"

# 21-23: --block-rst: the kernel does not reset the half-open connection
# of a hand-made SYN, and the ruleset is as it was after the run.
if command -v nft >/dev/null && command -v tcpdump >/dev/null; then
	# The control: without the guard, our kernel resets the SYN-ACK.
	lab_bg a tcpdump -i veth0 -nn -U -w norst.pcap 'tcp[tcpflags] & tcp-rst != 0'
	rst_pid=$LAB_BG_PID
	sleep 1
	lab_exec a pktsr1 -q "IP(dst=\"10.41.0.2\")/TCP(sport=40002,dport=8080,flags=\"S\")" >/dev/null
	sleep 1
	kill "$rst_pid" 2>/dev/null; wait "$rst_pid" 2>/dev/null
	ok '[ "$(tcpdump -r norst.pcap -nn 2>/dev/null | grep -c "10.41.0.1.40002 > ")" -ge 1 ]' \
		"without --block-rst the kernel resets the hand-made connection"
	lab_exec a nft list ruleset >rules.before
	lab_bg a tcpdump -i veth0 -nn -U -w rst.pcap 'tcp[tcpflags] & tcp-rst != 0'
	rst_pid=$LAB_BG_PID
	sleep 1
	ok 'lab_exec a pktsr1 --block-rst "IP(dst=\"10.41.0.2\")/TCP(sport=40001,dport=8080,flags=\"S\")" | grep -q " SA "' \
		"--block-rst: the SYN is answered SA"
	sleep 1
	kill "$rst_pid" 2>/dev/null; wait "$rst_pid" 2>/dev/null
	ok '[ "$(tcpdump -r rst.pcap -nn 2>/dev/null | grep -c "10.41.0.1.40001 > ")" -eq 0 ]' \
		"--block-rst: no RST left our side for the SYN-ACK"
	ok 'lab_exec a nft list ruleset | diff -u rules.before -' \
		"--block-rst: the ruleset is as it was after the run"
else
	skip 3 "nft or tcpdump not installed"
fi

# 25-26: probes of both families to loopback in one run: every rtt is
# positive (a probe's time is taken before any batch can send it), and
# nothing is dropped or read twice (one capture per family).
ok '[ "$(lab_exec a pktsr1 -j "IP(dst=\"127.0.0.1\")/ICMP(seq=(1,20))" "IPv6(dst=\"::1\")/ICMPv6EchoRequest(seq=(1,20))" |
    jq -s "map(select(.rtt > 0)) | length")" -eq 40 ]' \
	"both families on loopback: 40 answers, every rtt positive"
expect_stderr_match '^Received 40 packets, got 40 answers, remaining 0 packets$' \
	"both families on loopback: each answer read once, none dropped" -- \
	lab_exec a pktsr1 "IP(dst=\"127.0.0.1\")/ICMP(seq=(1,20))" "IPv6(dst=\"::1\")/ICMPv6EchoRequest(seq=(1,20))"

# 27-29: a sweep: the silent next hops are asked all at once (one wait,
# not one per address), each is reported once, and -w takes the answer of
# this host's own address (read on a raw IP socket) with the others.
start=$(date +%s.%N)
lab_exec a pktsr1 -t 1 -w sweep.pcap 'IP(dst="10.41.0.0/27")/ICMP()' >sweep.out 2>sweep.err
ok 'awk -v s="$start" -v e="$(date +%s.%N)" "BEGIN { exit !(e - s < 6) }"' \
	"a /27 sweep with 29 silent addresses takes one resolution wait"
ok '[ "$(grep -c "no ARP reply" sweep.err)" -eq "$(sort -u sweep.err | grep -c "no ARP reply")" ]' \
	"each silent next hop is reported once"
ok '[ "$(pktsend -n -r sweep.pcap | grep -c echo-reply)" -eq 2 ]' \
	"-w: the answers of 10.41.0.1 (raw IP socket) and 10.41.0.2 (Ethernet) in one pcap"
