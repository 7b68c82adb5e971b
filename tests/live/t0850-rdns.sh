#!/bin/bash
# common/rdns.c against real resolvers, through tests/unit/test_rdns's
# "lookup" driver (which drops every capability first, as the tools do
# once their sockets are open): a dnsmasq in a namespace serving PTR
# records over IPv4 and IPv6, found both through a server given on the
# command line and through resolv.conf (and the hosts file before it); and
# a resolver address where nft drops DNS, where lookups give up at the
# timeout while the caller's 10 ms loop keeps ticking, and where the
# driver's exit is not held up by lookups still pending.
#
#   c 10.0.53.1, fd00:53::1 ---- d 10.0.53.53, fd00:53::53 (dnsmasq)
#                                  10.0.53.54 (UDP and TCP 53 dropped)
#   (lab_dns -6 of tests/lab.sh)
# shellcheck disable=SC1091,SC2016,SC2034 # lib.sh by path; ok bodies are eval'ed later (and read lrc, seen)
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"

need_root
need_cmd dnsmasq nft unshare mount
lab_need
drv=$PKT_BUILD/tests/test_rdns
[ -x "$drv" ] || skip_all "$drv not built (make units)"
plan 15

lab_ns c
lab_dns -6 c eth0 --bogus-priv \
	--host-record=r1.lab.example,10.0.9.1 \
	--host-record=r6.lab.example,fd00:9::1 \
	--ptr-record=2.9.0.10.in-addr.arpa,r2.lab.example \
	--log-queries --log-facility="$TEST_DIR/dnsmasq.log"

# lookup ARGS...: the driver in c; its output in out, time taken in ms.
lookup() {
	local t0=$EPOCHREALTIME
	lab_exec c "$drv" lookup -d "$@" >out 2>err
	lrc=$?
	ms=$(awk -v a="$t0" -v b="$EPOCHREALTIME" 'BEGIN { printf "%d", (b - a) * 1000 }')
}

# 1-3: PTR records over IPv4, a name for an address of IPv6, and no name.
lookup -s 10.0.53.53 -t 3 10.0.9.1 10.0.9.2 fd00:9::1 10.0.9.77
cat >want <<-'EOF'
	10.0.9.1 r1.lab.example
	10.0.9.2 r2.lab.example
	fd00:9::1 r6.lab.example
	10.0.9.77 -none
EOF
ok '[ "$lrc" = 0 ] && head -4 out >got && test_cmp want got' \
    "names from dnsmasq (host-record and ptr-record), and NXDOMAIN"
ok '[ "$ms" -lt 2000 ]' "answered at once (${ms} ms)"
ok 'grep -q "query\[PTR\] 1.9.0.10.in-addr.arpa from 10.0.53.1" dnsmasq.log &&
    grep -q "query\[PTR\] 1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.9.0.0.0.0.0.d.f.ip6.arpa" dnsmasq.log' \
    "the queries reached dnsmasq, after the capabilities were dropped"

# 4: the server over IPv6.
lookup -s '[fd00:53::53]:53' -t 3 10.0.9.1 fd00:9::1
printf '10.0.9.1 r1.lab.example\nfd00:9::1 r6.lab.example\n' >want
ok '[ "$lrc" = 0 ] && head -2 out >got && test_cmp want got' "the server over IPv6"

# 5-7: the system's configuration: resolv.conf names dnsmasq, and the hosts
# file is read first (both bind-mounted in a mount namespace of their own);
# a hosts file of 100,000 lines (a blocklist) is read once, not once per
# address: the caller's loop does not stall.
echo "nameserver 10.0.53.53" >resolv.conf
{
	printf '127.0.0.1 localhost\n# 10.0.9.2 commented.example\n'
	printf '10.0.9.1\tfrom-hosts.example alias.example\n'
	awk 'BEGIN { for (i = 0; i < 100000; i++) printf "0.0.0.0 ad%d.example\n", i }'
	printf '10.0.9.1 second.example\nfd00:9::1 six.example\n'
} >hosts
lab_exec c unshare -m --propagation private sh -c '
	mount --bind resolv.conf /etc/resolv.conf &&
	mount --bind hosts /etc/hosts &&
	exec "$0" lookup -d -t 3 10.0.9.1 10.0.9.2 fd00:9::1 10.0.9.3 10.0.9.4 \
	    10.0.9.5 10.0.9.6 10.0.9.7 10.0.9.8' "$drv" >out 2>err
lrc=$?
printf '10.0.9.1 from-hosts.example\n10.0.9.2 r2.lab.example\nfd00:9::1 six.example\n' >want
ok '[ "$lrc" = 0 ] && head -3 out >got && test_cmp want got' \
    "resolv.conf by default, the hosts file first"
gap=$(sed -n 's/^maxgap //p' out)
ok '[ -n "$gap" ] && [ "$gap" -lt 100 ]' \
    "a 100,000-line hosts file stalls nothing (longest gap ${gap} ms)"
ok '! grep -q "/etc/resolv.conf\|/etc/hosts" /proc/mounts' \
    "the bind mounts stayed in their own mount namespace"

# 8-11: a resolver that never answers: given up at the 1 s timeout, with
# the caller's loop ticking every 10 ms meanwhile.
seen=$(grep -c 'query\[' dnsmasq.log)
lookup -s 10.0.53.54 -t 1 10.0.9.1 fd00:9::1
printf '10.0.9.1 -failed\nfd00:9::1 -failed\n' >want
ok '[ "$lrc" = 0 ] && head -2 out >got && test_cmp want got' "silent resolver: failed"
ok '[ "$ms" -ge 950 ] && [ "$ms" -lt 1700 ]' "given up after the 1 s timeout (${ms} ms)"
gap=$(sed -n 's/^maxgap //p' out)
ok '[ -n "$gap" ] && [ "$gap" -lt 100 ]' "the loop kept ticking (longest gap ${gap} ms)"
ok '[ "$(grep -c "query\[" dnsmasq.log)" = "$seen" ]' \
    "dnsmasq never saw those (nft dropped them)"

# 12-13: exit while lookups are pending on the silent resolver (timeout
# 5 s): not held up.
lookup -s 10.0.53.54 -t 5 -w 0.3 10.0.9.1
ok '[ "$lrc" = 0 ] && grep -qx "10.0.9.1 -pending" out' "still pending at exit"
ok '[ "$ms" -lt 1500 ]' "exit not delayed by the 5 s timeout (${ms} ms)"

# 14-15: the silent resolver first, dnsmasq second: c-ares moves on to the
# second server half-way through the timeout.
lookup -s 10.0.53.54,10.0.53.53 -t 2 10.0.9.2
ok '[ "$lrc" = 0 ] && grep -qx "10.0.9.2 r2.lab.example" out' "the second server answers"
ok '[ "$ms" -ge 900 ] && [ "$ms" -lt 1900 ]' "after the first one's turn (${ms} ms)"
