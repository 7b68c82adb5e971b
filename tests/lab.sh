# tests/lab.sh: network-namespace labs for tests/live/*.sh.  Sources
# tests/lib.sh too.  Everything is torn down by an exit hook.
#
#	. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lab.sh"
#	need_root
#	lab_need			# skip_all unless namespaces can be made
#	plan 1
#	lab_ns a; lab_ns b
#	lab_link a eth0 10.0.0.1/30,fd00::1/64 b eth0 10.0.0.2/30,fd00::2/64
#	expect_code 0 "ping" -- lab_exec a ping -c1 -W2 10.0.0.2
#
# Functions (NS is the short name given to lab_ns; the kernel's name is
# ${LAB}NS, LAB being "pkt$$"):
#
#	lab_need			skip_all unless root, ip, and netns work
#	lab_need_tun			skip_all unless lab_tun_link can work
#	lab_ns NS			namespace with lo up, IPv4/IPv6 forwarding
#					on, no DAD, no ICMP rate limits, rp_filter off
#	lab_link NS1 IF1 ADDRS1 NS2 IF2 ADDRS2
#					veth pair IF1 (in NS1) -- IF2 (in NS2), up;
#					ADDRS: comma-separated CIDRs ("10.0.0.1/30",
#					"10.0.0.1/24,fd00:1::1/64"); no prefix means
#					/24 (IPv4) or /64 (IPv6); "" or "-": none.
#					IPv6 addresses are added nodad.
#	lab_route NS PREFIX VIA		route PREFIX via the address VIA, or out of
#					the interface VIA if VIA is not an address.
#					A default route is refused.
#	lab_route_ecmp NS PREFIX VIA VIA...
#					route PREFIX over every next hop VIA at
#					once, NS choosing one per flow (the layer-4
#					hash: addresses, protocol and ports; IPv4
#					or IPv6 as PREFIX is).
#	lab_tun_link NS1 ADDRS1 NS2 ADDRS2
#					point-to-point link with no link-layer header:
#					device tunN in both namespaces (N = 0, 1, ...
#					per lab; $LAB_TUN_IF names the last one), IFF_TUN
#					without packet info, joined by two socat relays
#					over UDP on a carrier veth pair "tcarN" that
#					has its own /30 in 169.254.N+1.0/30 (do not use
#					169.254.0.0/16 for the lab itself).  IPv4
#					addresses are set "A1 peer A2/len" (len from
#					ADDRS, default 32); IPv6 as "A/len nodad".
#	lab_exec NS CMD...		run CMD in NS (exported: usable as the
#					command of expect_code and friends)
#	lab_bg NS CMD...		start CMD in NS in the background; sets
#					LAB_BG_PID and LAB_BG_OUT (its stdout file;
#					stderr goes to the test's stderr); killed at
#					teardown.  Do not call it inside $(...).
#	lab_wait_for SECS CMD...	retry CMD every 0.1 s until it succeeds
#	lab_chain, lab_chain_local, lab_dns, lab_diamond
#					ready-made labs (see each one below)
#	lab_teardown			kill what lab_bg started (and anything left
#					inside the lab's namespaces), delete them.
#					Idempotent; run automatically at exit.
#
# Hard rules this library keeps and tests must keep too: the root
# namespace's addresses and routes are never touched; packets only go to
# addresses inside namespaces the test made (no default routes, no link to
# a real interface); only processes the test started are killed.

# shellcheck source=tests/lib.sh
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LAB="pkt$$"
export LAB
LAB_DIR="$TEST_DIR/.lab"
_lab_ns=()
_lab_pids=()
_lab_tun_n=0
_lab_bg_n=0
LAB_TUN_IF=
LAB_BG_PID=
LAB_BG_OUT=

_lab_die() {
	echo "Bail out! lab: $*"
	exit 1
}

# Run a set-up step; abort the test (with teardown) if it fails.
_lab_do() {
	local err
	if ! err=$("$@" 2>&1); then
		diag "lab: set-up step failed: $*" "$err"
		_lab_die "set-up step failed: $*"
	fi
}

lab_need() {
	need_root
	need_cmd ip
	ip netns add "${LAB}probe" 2>/dev/null ||
		skip_all "cannot create network namespaces here"
	ip netns del "${LAB}probe"
}

lab_need_tun() {
	need_cmd socat
	[ -c /dev/net/tun ] || skip_all "no /dev/net/tun"
}

lab_exec() {
	local ns=$1
	shift
	ip netns exec "$LAB$ns" "$@"
}
export -f lab_exec

lab_ns() {
	local ns="$LAB$1"
	[ $# -eq 1 ] || _lab_die "usage: lab_ns NAME"
	mkdir -p "$LAB_DIR"
	_lab_do ip netns add "$ns"
	_lab_ns+=("$ns")
	_lab_do ip -n "$ns" link set lo up
	# Values first, so that links made later inherit them ("default").
	# No ICMP rate limits: a traceroute sends every TTL at once.
	# (-e: a key this kernel lacks is no error.)
	_lab_do ip netns exec "$ns" sysctl -q -e -w \
		net.ipv4.ip_forward=1 \
		net.ipv4.conf.all.rp_filter=0 \
		net.ipv4.conf.default.rp_filter=0 \
		net.ipv4.icmp_ratelimit=0 \
		net.ipv4.icmp_ratemask=0 \
		net.ipv4.icmp_msgs_per_sec=100000 \
		net.ipv4.icmp_msgs_burst=10000 \
		net.ipv6.conf.all.forwarding=1 \
		net.ipv6.conf.default.forwarding=1 \
		net.ipv6.conf.all.accept_dad=0 \
		net.ipv6.conf.default.accept_dad=0 \
		net.ipv6.icmp.ratelimit=0 \
		net.ipv6.icmp.ratemask=
}

_lab_known_ns() {
	local n
	for n in "${_lab_ns[@]}"; do
		[ "$n" = "$LAB$1" ] && return 0
	done
	_lab_die "no namespace '$1' in this lab (call lab_ns $1 first)"
}

_lab_is_v6() { [[ $1 == *:* ]]; }

# _lab_addrs NS IF ADDRS: add comma-separated addresses to IF.
_lab_addrs() {
	local ns="$LAB$1" dev=$2 a
	[ -z "$3" ] || [ "$3" = - ] && return 0
	local IFS=,
	for a in $3; do
		if _lab_is_v6 "$a"; then
			[[ $a == */* ]] || a="$a/64"
			_lab_do ip -n "$ns" -6 addr add "$a" dev "$dev" nodad
		else
			[[ $a == */* ]] || a="$a/24"
			_lab_do ip -n "$ns" addr add "$a" dev "$dev"
		fi
	done
}

lab_link() {
	[ $# -eq 6 ] || _lab_die "usage: lab_link NS1 IF1 ADDRS1 NS2 IF2 ADDRS2"
	local ns1=$1 if1=$2 a1=$3 ns2=$4 if2=$5 a2=$6
	_lab_known_ns "$ns1"
	_lab_known_ns "$ns2"
	# Made inside NS1 with its peer inside NS2: never in the root namespace.
	_lab_do ip -n "$LAB$ns1" link add "$if1" type veth peer name "$if2" netns "$LAB$ns2"
	_lab_addrs "$ns1" "$if1" "$a1"
	_lab_addrs "$ns2" "$if2" "$a2"
	_lab_do ip -n "$LAB$ns1" link set "$if1" up
	_lab_do ip -n "$LAB$ns2" link set "$if2" up
}

lab_route() {
	[ $# -eq 3 ] || _lab_die "usage: lab_route NS PREFIX VIA"
	local ns=$1 prefix=$2 via=$3 fam=-4
	_lab_known_ns "$ns"
	case $prefix in
	default | 0.0.0.0/0 | ::/0 | 0/0)
		_lab_die "lab_route: no default routes in a lab (route the prefixes you use)" ;;
	esac
	_lab_is_v6 "$prefix" && fam=-6
	if [[ $via =~ ^[0-9.]+$ ]] || _lab_is_v6 "$via"; then
		_lab_do ip -n "$LAB$ns" "$fam" route add "$prefix" via "$via"
	else
		_lab_do ip -n "$LAB$ns" "$fam" route add "$prefix" dev "$via"
	fi
}

lab_route_ecmp() {
	[ $# -ge 4 ] || _lab_die "usage: lab_route_ecmp NS PREFIX VIA VIA..."
	local ns=$1 prefix=$2 via nh=() fam=4
	shift 2
	_lab_known_ns "$ns"
	for via; do
		nh+=(nexthop via "$via")
	done
	_lab_is_v6 "$prefix" && fam=6
	_lab_do ip netns exec "$LAB$ns" sysctl -q -w "net.ipv$fam.fib_multipath_hash_policy=1"
	_lab_do ip -n "$LAB$ns" "-$fam" route add "$prefix" "${nh[@]}"
}

lab_bg() {
	local ns=$1
	shift
	_lab_known_ns "$ns"
	mkdir -p "$LAB_DIR"
	_lab_bg_n=$((_lab_bg_n + 1))
	LAB_BG_OUT="$LAB_DIR/bg$_lab_bg_n.out"
	ip netns exec "$LAB$ns" "$@" </dev/null >"$LAB_BG_OUT" &
	LAB_BG_PID=$!
	_lab_pids+=("$LAB_BG_PID")
}

lab_wait_for() {
	local secs=$1 i
	shift
	for ((i = 0; i < secs * 10; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	"$@"
}

_lab_tun_up() {
	ip -n "$LAB$1" link show "$2" 2>/dev/null | grep -q 'LOWER_UP'
}

# _lab_tun_addrs NS DEV ADDRS PEER_ADDRS
_lab_tun_addrs() {
	local ns="$LAB$1" dev=$2 i a p len
	[ -z "$3" ] || [ "$3" = - ] && return 0
	local -a mine peers
	IFS=, read -r -a mine <<<"$3"
	IFS=, read -r -a peers <<<"$4"
	for ((i = 0; i < ${#mine[@]}; i++)); do
		a=${mine[i]} p=${peers[i]:-}
		if _lab_is_v6 "$a"; then
			[[ $a == */* ]] || a="$a/64"
			_lab_do ip -n "$ns" -6 addr add "$a" dev "$dev" nodad
		else
			len=32
			[[ $a == */* ]] && len=${a#*/} a=${a%/*}
			[ -n "$p" ] || _lab_die "lab_tun_link: no peer address for $a"
			_lab_do ip -n "$ns" addr add "$a" peer "${p%/*}/$len" dev "$dev"
		fi
	done
}

lab_tun_link() {
	[ $# -eq 4 ] || _lab_die "usage: lab_tun_link NS1 ADDRS1 NS2 ADDRS2"
	local ns1=$1 a1=$2 ns2=$3 a2=$4
	local n=$_lab_tun_n dev car c1 c2 port
	_lab_known_ns "$ns1"
	_lab_known_ns "$ns2"
	command -v socat >/dev/null || _lab_die "lab_tun_link needs socat (see .ci/packages)"
	_lab_tun_n=$((n + 1))
	dev="tun$n" car="tcar$n"
	c1="169.254.$((n + 1)).1" c2="169.254.$((n + 1)).2"
	port=$((7000 + n))

	# The carrier: a veth pair with its own /30, only for the relays' UDP.
	_lab_do ip -n "$LAB$ns1" link add "$car" type veth peer name "$car" netns "$LAB$ns2"
	_lab_do ip -n "$LAB$ns1" addr add "$c1/30" dev "$car"
	_lab_do ip -n "$LAB$ns2" addr add "$c2/30" dev "$car"
	_lab_do ip -n "$LAB$ns1" link set "$car" up
	_lab_do ip -n "$LAB$ns2" link set "$car" up

	# The routed path: persistent TUN devices (IFF_TUN, no packet info)
	# made inside each namespace, addressed before the relays attach.
	_lab_do ip netns exec "$LAB$ns1" ip tuntap add dev "$dev" mode tun
	_lab_do ip netns exec "$LAB$ns2" ip tuntap add dev "$dev" mode tun
	_lab_tun_addrs "$ns1" "$dev" "$a1" "$a2"
	_lab_tun_addrs "$ns2" "$dev" "$a2" "$a1"
	_lab_do ip -n "$LAB$ns1" link set "$dev" up
	_lab_do ip -n "$LAB$ns2" link set "$dev" up

	# One datagram per packet each way; unconnected UDP so that a relay
	# that starts first does not die of the other's port unreachable.
	lab_bg "$ns1" socat -b 65536 \
		"TUN,tun-name=$dev,tun-type=tun,iff-no-pi" \
		"UDP-DATAGRAM:$c2:$port,bind=$c1:$port"
	lab_bg "$ns2" socat -b 65536 \
		"TUN,tun-name=$dev,tun-type=tun,iff-no-pi" \
		"UDP-DATAGRAM:$c1:$port,bind=$c2:$port"
	if ! lab_wait_for 5 _lab_tun_up "$ns1" "$dev" ||
		! lab_wait_for 5 _lab_tun_up "$ns2" "$dev"; then
		_lab_die "lab_tun_link: relays did not attach to $dev"
	fi
	# shellcheck disable=SC2034 # for the tests
	LAB_TUN_IF=$dev
}

lab_teardown() {
	local pid ns i
	for pid in "${_lab_pids[@]}"; do
		kill -TERM "$pid" 2>/dev/null
	done
	for pid in "${_lab_pids[@]}"; do
		for ((i = 0; i < 20; i++)); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	_lab_pids=()
	for ns in "${_lab_ns[@]}"; do
		# Whatever still runs inside a namespace this test made was
		# started by this test (lab_exec ... &): end it too.
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			kill -KILL "$pid" 2>/dev/null
		done
		ip netns del "$ns" 2>/dev/null
	done
	_lab_ns=()
}

# lab_chain [-6] T: the routed chain most traces run over, three routers
# between a source and a target namespace T:
#
#   src 10.0.1.1 -- r1 -- r2 -- r3 -- T 10.0.9.2
#
#   link       addresses (left .1, right .2)   interfaces
#   src -- r1  10.0.1.0/24                     src eth0, r1 eth0
#   r1 -- r2   10.0.2.0/30                     r1 eth1,  r2 eth0
#   r2 -- r3   10.0.3.0/30                     r2 eth1,  r3 eth0
#   r3 -- T    10.0.9.0/24                     r3 eth1,  T eth0
#
# Hops from src: 10.0.1.2, 10.0.2.2, 10.0.3.2, then T 10.0.9.2.  Routes:
# src, r3 and T send 10.0.0.0/16 back towards src; r1 sends 10.0.3.0/30
# and 10.0.9.0/24 on to r2; r2 sends 10.0.9.0/24 on to r3 and 10.0.0.0/16
# back to r1.  With -6 every link has an IPv6 /64 too, fd00:1::, fd00:2::,
# fd00:3::, fd00:9:: with the same host numbers (hops fd00:1::2 ...
# fd00:9::2), routed alike (fd00::/16 where IPv4 has 10.0.0.0/16, but r2
# sends back fd00:1::/64 alone).  Other links and routes are the
# caller's.  Returns once src reaches T (both families with -6).
lab_chain() {
	local v6='' t ns a
	[ "${1:-}" = -6 ] && v6=1 && shift
	[ $# -eq 1 ] || _lab_die "usage: lab_chain [-6] TARGET"
	t=$1
	for ns in src r1 r2 r3 "$t"; do
		lab_ns "$ns"
	done
	lab_link src eth0 "10.0.1.1/24${v6:+,fd00:1::1/64}" r1 eth0 "10.0.1.2/24${v6:+,fd00:1::2/64}"
	lab_link r1 eth1 "10.0.2.1/30${v6:+,fd00:2::1/64}" r2 eth0 "10.0.2.2/30${v6:+,fd00:2::2/64}"
	lab_link r2 eth1 "10.0.3.1/30${v6:+,fd00:3::1/64}" r3 eth0 "10.0.3.2/30${v6:+,fd00:3::2/64}"
	lab_link r3 eth1 "10.0.9.1/24${v6:+,fd00:9::1/64}" "$t" eth0 "10.0.9.2/24${v6:+,fd00:9::2/64}"
	lab_route src 10.0.0.0/16 10.0.1.2
	lab_route r1 10.0.3.0/30 10.0.2.2
	lab_route r1 10.0.9.0/24 10.0.2.2
	lab_route r2 10.0.9.0/24 10.0.3.2
	lab_route r2 10.0.0.0/16 10.0.2.1
	lab_route r3 10.0.0.0/16 10.0.3.1
	lab_route "$t" 10.0.0.0/16 10.0.9.1
	if [ -n "$v6" ]; then
		lab_route src fd00::/16 fd00:1::2
		lab_route r1 fd00:3::/64 fd00:2::2
		lab_route r1 fd00:9::/64 fd00:2::2
		lab_route r2 fd00:9::/64 fd00:3::2
		lab_route r2 fd00:1::/64 fd00:2::1
		lab_route r3 fd00::/16 fd00:3::1
		lab_route "$t" fd00::/16 fd00:9::1
	fi
	for a in 10.0.9.2 ${v6:+fd00:9::2}; do
		lab_wait_for 5 lab_exec src ping -c 1 -W 1 "$a" >/dev/null ||
			_lab_die "the chain does not reach $a"
	done
}

# lab_chain_local NET LOCAL BACK: a chain of three routers to a namespace
# dst that owns the whole prefix LOCAL on its loopback, so that every
# address in LOCAL answers (traces of thousands of targets):
#
#   src NET.0.1 -- r1 -- r2 -- r3 -- dst (LOCAL local on lo)
#
# NET is the links' first two bytes ("10.32"): link i (0..3) is
# NET.i.0/30, .1 on the left (eth1; src's eth0), .2 on the right (eth0).
# Hops from src: NET.0.2, NET.1.2, NET.2.2, then the target.  Every hop
# routes LOCAL on; r2, r3 and dst route BACK (a prefix holding src's
# link, NET.0.0/30 at least) back.  Returns once src reaches LOCAL's
# first address.
lab_chain_local() {
	[ $# -eq 3 ] || _lab_die "usage: lab_chain_local NET LOCAL BACK"
	local net=$1 pfx=$2 back=$3 first i nodes=(src r1 r2 r3 dst)
	for i in "${nodes[@]}"; do
		lab_ns "$i"
	done
	for i in 0 1 2 3; do
		lab_link "${nodes[i]}" "eth$((i > 0))" "$net.$i.1/30" "${nodes[i + 1]}" eth0 "$net.$i.2/30"
		lab_route "${nodes[i]}" "$pfx" "$net.$i.2"
		[ "$i" = 0 ] || lab_route "${nodes[i + 1]}" "$back" "$net.$i.1"
	done
	_lab_do ip -n "${LAB}dst" route add local "$pfx" dev lo
	first=${pfx%/*}
	first=${first%.*}.1
	lab_wait_for 5 lab_exec src ping -c 1 -W 1 "$first" >/dev/null ||
		_lab_die "the chain does not reach $first"
}

# lab_dns [-6] NS IF [DNSMASQ-OPTION...]: a DNS server, namespace d, on a
# link from NS's interface IF, and beside it a resolver that never answers:
#
#   NS 10.0.53.1 ---- d 10.0.53.53  dnsmasq, its records from the options
#                       10.0.53.54  UDP and TCP port 53 dropped (nft)
#
# (the link is 10.0.53.0/24, d's side eth0).  With -6 the link has
# fd00:53::/64 too (NS fd00:53::1, d fd00:53::53), where dnsmasq listens
# as well.  dnsmasq reads no configuration, no resolv.conf and no hosts
# file; the options give it records (--ptr-record=..., --host-record=...)
# and the like.  Returns once dnsmasq listens.
lab_dns() {
	local v6='' ns ifc
	[ "${1:-}" = -6 ] && v6=1 && shift
	[ $# -ge 2 ] || _lab_die "usage: lab_dns [-6] NS IF [DNSMASQ-OPTION...]"
	ns=$1 ifc=$2
	shift 2
	lab_ns d
	lab_link "$ns" "$ifc" "10.0.53.1/24${v6:+,fd00:53::1/64}" d eth0 "10.0.53.53/24${v6:+,fd00:53::53/64}"
	_lab_do ip -n "${LAB}d" addr add 10.0.53.54/24 dev eth0
	_lab_do lab_exec d nft -f - <<-'EOF'
		table inet blackhole {
			chain input {
				type filter hook input priority 0;
				ip daddr 10.0.53.54 udp dport 53 drop
				ip daddr 10.0.53.54 tcp dport 53 drop
			}
		}
	EOF
	lab_bg d dnsmasq --keep-in-foreground --conf-file=/dev/null --no-resolv \
		--no-hosts --pid-file= --user=root --port=53 \
		"--listen-address=10.0.53.53${v6:+,fd00:53::53}" --bind-interfaces "$@"
	lab_wait_for 5 eval 'lab_exec d ss -Hlun "sport = :53" | grep -q 10.0.53.53' ||
		_lab_die "dnsmasq did not start"
}

# lab_diamond N: an ECMP diamond of N branches (2..8) behind one router
# that splits by flow (layer-4 hash), for multipath tracing:
#
#   src 10.0.1.1 -- m1 10.0.1.2 =(ECMP, L4 hash)=+ mb1 10.0.5.2  -+- mj -- mt 10.0.7.2
#                                                 + mb2 10.0.5.6  -+  (10.0.6.2)
#                                                 + ...mbN 10.0.5.(4N-2)
#
# Hops from src: 1 10.0.1.2, 2 one of the N branches, 3 10.0.6.2 (the
# join answers from the link it routes back on), 4 the target 10.0.7.2
# (LAB_DIAMOND).  IPv6 the same way: fd00:1::2, fd00:5:I::2 (branch I),
# fd00:6:1::2, the target fd00:7::2 (LAB_DIAMOND6).  Namespaces: src m1
# mb1..mbN mj mt.
lab_diamond() {
	local n=$1 i via=() via6=()
	if [ "$n" -lt 2 ] || [ "$n" -gt 8 ]; then
		_lab_die "usage: lab_diamond 2..8"
	fi
	for i in src m1 mj mt; do
		lab_ns "$i"
	done
	lab_link src eth0 10.0.1.1/24,fd00:1::1 m1 eth0 10.0.1.2/24,fd00:1::2
	for ((i = 1; i <= n; i++)); do
		lab_ns "mb$i"
		lab_link m1 "eth$i" "10.0.5.$((4 * i - 3))/30,fd00:5:$i::1" \
			"mb$i" eth0 "10.0.5.$((4 * i - 2))/30,fd00:5:$i::2"
		lab_link "mb$i" eth1 "10.0.6.$((4 * i - 3))/30,fd00:6:$i::1" \
			mj "eth$i" "10.0.6.$((4 * i - 2))/30,fd00:6:$i::2"
		lab_route "mb$i" 10.0.7.0/24 "10.0.6.$((4 * i - 2))"
		lab_route "mb$i" 10.0.0.0/16 "10.0.5.$((4 * i - 3))"
		lab_route "mb$i" fd00:7::/64 "fd00:6:$i::2"
		lab_route "mb$i" fd00::/16 "fd00:5:$i::1"
		via+=("10.0.5.$((4 * i - 2))")
		via6+=("fd00:5:$i::2")
	done
	lab_link mj eth0 10.0.7.1/30,fd00:7::1 mt eth0 10.0.7.2/30,fd00:7::2
	lab_route src 10.0.0.0/16 10.0.1.2
	lab_route mj 10.0.0.0/16 10.0.6.1
	lab_route mt 10.0.0.0/16 10.0.7.1
	lab_route src fd00::/16 fd00:1::2
	lab_route mj fd00::/16 fd00:6:1::1
	lab_route mt fd00::/16 fd00:7::1
	# The same hash in every run where the kernel lets us choose its seed
	# (6.11 and later): a flow then takes the same branch each time.
	lab_exec m1 sysctl -q -e -w net.ipv4.fib_multipath_hash_seed=1 2>/dev/null || :
	lab_route_ecmp m1 10.0.7.0/24 "${via[@]}"
	lab_route_ecmp m1 fd00:7::/64 "${via6[@]}"
	# shellcheck disable=SC2034 # for the tests
	LAB_DIAMOND=10.0.7.2 LAB_DIAMOND6=fd00:7::2
	lab_wait_for 5 lab_exec src ping -c 1 -W 1 10.0.7.2 >/dev/null ||
		_lab_die "the diamond does not reach 10.0.7.2"
	lab_wait_for 5 lab_exec src ping -6 -c 1 -W 1 fd00:7::2 >/dev/null ||
		_lab_die "the diamond does not reach fd00:7::2"
}

test_at_exit lab_teardown
