#!/bin/bash
# Messages that say what to do, where the tools once said only what went
# wrong (issue 13, item 7), and pkttrace's table in address order (item
# 10); nothing is sent (-n, -r, or a refusal before any socket):
# - a layer where nothing binds it (IP()/DNS(): IP.proto 0): say which
#   layer to put under it; pktsr1 refuses it (it once failed later with
#   "raw IP socket for protocol 0: Protocol not supported"), pktsend
#   builds it as written, as Scapy does, with the same note;
# - text of the tools where JSON Lines are read (pkttrace's table piped
#   into pktgraph gave "end of file expected near '.'"): say which tool
#   to give -j;
# - a host name that does not resolve was "not an IPv4 address";
# - a misspelt enum word: "did you mean", as for layer and field names;
# - pkttrace's columns sorted as addresses (Scapy sorts them as strings:
#   198.51.0.10 before 198.51.0.9, 2001:db8:: before 203.0.113.1).
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

for t in pktsend pktsr1 pkttrace pktgraph; do
	[ -x "$PKT_BIN/$t" ] || skip_all "no $PKT_BIN/$t (run make)"
done
plan 17
G="$PKT_TOP/tests/golden/graph"

# ---- a layer nothing binds ----------------------------------------------------
expect_stderr_match '^pktsr1: spec:1:21: DNS sits directly on IP, where nothing sets IP\.proto for it: put UDP\(\) or TCP\(\) under it, as IP\(\)/UDP\(\)/DNS\(\)$' \
	"pktsr1 IP()/DNS(): refused, saying to put UDP() or TCP() under DNS" --code 2 -- \
	pktsr1 -t 0.2 'IP(dst="127.0.0.1")/DNS()'
ok 'pktsend -n "IP(dst=\"127.0.0.1\")/DNS()" >out 2>err &&
	grep -q "^pktsend: spec:1:21: DNS sits directly on IP, where nothing sets IP.proto for it: put UDP() or TCP() under it" err &&
	grep -q "^127.0.0.1 > 127.0.0.1 hopopt / Raw" out' \
	"pktsend -n IP()/DNS(): built as written (Scapy's bytes), with the same note"
expect_stderr_match 'DNS sits directly on IPv6, where nothing sets IPv6\.nh for it: put UDP\(\) or TCP\(\) under it, as IPv6\(\)/UDP\(\)/DNS\(\)' \
	"IPv6()/DNS(): the same, naming IPv6.nh" -- pktsend -n 'IPv6()/DNS()'
expect_stderr_match 'ICMPv6EchoRequest sits directly on IP, .*: it goes over IPv6\(\), as IPv6\(\)/ICMPv6EchoRequest\(\) \(write IPv6\(\) in place of IP\(\)\)' \
	"IP()/ICMPv6EchoRequest(): write IPv6() in place of IP()" -- pktsend -n 'IP()/ICMPv6EchoRequest()'
expect_stderr_match 'ICMP sits directly on Ether, where nothing sets Ether\.type for it: put IP\(\) under it, as Ether\(\)/IP\(\)/ICMP\(\)' \
	"Ether()/ICMP(): put IP() under it" -- pktsend -n 'Ether()/ICMP()'
ok '(for s in "IP(proto=17)/DNS()" "IP()/UDP()/DNS()" "IP()/TCP()/DNS()" "Ether()/IP()/ICMP()" \
	    "IP()/\"payload\"" "IP()/ICMP(type=3)/IPerror()/UDPerror()" "IPv6()/ICMPv6EchoRequest()"; do
		pktsend -n "$s" >/dev/null 2>err && ! test -s err || { echo "$s: $(cat err)"; exit 1; }
	done)' "no note where the stack binds, or the protocol number is given"

# "bad..target" is refused by the resolver itself: no DNS query.
expect_stderr_match '^pktsend: spec:1:8: IP\.dst: "bad\.\.target" is not an IPv4 address, and no IPv4 address could be found for it as a host name \(.+\)$' \
	"a host name that does not resolve is said to be one" --code 2 -- \
	pktsend -n 'IP(dst="bad..target")/ICMP()'

# ---- text where JSON Lines are read -------------------------------------------
printf '%s\n' '  127.0.0.1:tcp80    ::1:tcp80          ' \
	'1 127.0.0.1       RA ::1             RA ' >table.txt
expect_stderr_match "^pktgraph: <stdin>:1: not JSON Lines \(.*\): it looks like pkttrace's table: run pkttrace -j \(pkttrace -j TARGET \| pktgraph\)\$" \
	"pkttrace's table piped into pktgraph: use pkttrace -j" --code 2 --stdin table.txt -- \
	pktgraph -T dot
pktsend -n 'IP(dst="192.0.2.1")/ICMP()' >summary.txt
expect_stderr_match "^pktgraph: <stdin>:1: not JSON Lines \(.*\): it looks like the text summary of pktsend -n or pktsr1: give that tool -j" \
	"a text summary piped into pktgraph: give that tool -j" --code 2 --stdin summary.txt -- \
	pktgraph -T dot
pktsend -n --show 'IP(dst="192.0.2.1")/ICMP()' >show.txt
expect_stderr_match "^pktsend: show.txt:1: not JSON Lines \(.*\): it looks like the layer-by-layer text of --show: give that tool -j" \
	"--show text read with -r: give that tool -j" --code 2 -- pktsend -n -r show.txt
printf 'garbage\n' >garbage.txt
expect_stderr_match '^pkttrace: garbage.txt:1: invalid token near .garbage. \(column 7\)$' \
	"other bad input: jansson's message alone" --code 2 -- pkttrace -r garbage.txt

# ---- "did you mean" for enum words --------------------------------------------
expect_stderr_match '^pktsend: spec:1:16: ICMP\.type: unknown value "echo_request" \(did you mean "echo-request"\?\)$' \
	"a misspelt enum word: did you mean" --code 2 -- pktsend -n 'IP()/ICMP(type="echo_request")'
expect_stderr_match '^pktsend: spec:1:16: TCP\.dport: unknown value "htpt" \(did you mean "http"\?\)$' \
	"a misspelt port name: did you mean" --code 2 -- pktsend -n 'IP()/TCP(dport="htpt")'
expect_stderr_match '^pktsend: spec:1:16: TCP\.dport: unknown value "zzzzzz"$' \
	"nothing near: no suggestion" --code 2 -- pktsend -n 'IP()/TCP(dport="zzzzzz")'
expect_stderr_match 'ICMP\.type: unknown value "echo_request" \(did you mean "echo-request"\?\)' \
	"JSON input: the same suggestion" --code 2 -- \
	pktsend -n -r <(echo '{"layers":[{"layer":"IP"},{"layer":"ICMP","type":"echo_request"}]}')

# ---- pkttrace's columns in address order ------------------------------------------
cols() { head -n 1 | tr -s ' ' '\n' | grep .; }
"$G/gentrace.sh" 12 6 0 >g12.jsonl
ok 'pkttrace -r g12.jsonl 2>/dev/null | cols >got &&
	for i in 1 2 3 4 5 6 7 8 9 10 11 12; do echo "198.51.0.$i:tcp80"; done | test_cmp - got' \
	"pkttrace: 198.51.0.9 before 198.51.0.10 (Scapy sorts them as strings)"
ok 'sed "s/198\.51\.0\.1\"/203.0.113.1\"/g" g12.jsonl | cat - "$G/ipv6.jsonl" |
	pkttrace -r - 2>/dev/null | cols >got && head -n 1 got | grep -qx "198.51.0.2:tcp80" &&
	sed -n 12p got | grep -qx "203.0.113.1:tcp80" && tail -n 2 got | grep -c "^2001:db8:" | grep -qx 2' \
	"IPv4 columns before IPv6 ones (203.0.113.1 before 2001:db8::)"
