#!/bin/sh
# route.sh: live test of common/route.c (needs root).  Two throw-away network
# namespaces joined by a veth pair, nothing else: no default route, no link
# to a real interface, the root namespace untouched.  In the first one,
# test_route must find the route, see the peer absent from the neighbour
# table, learn the peer's real MAC with its own ARP and then NDP, and fail
# within the timeout, with a clear message, for an unused on-link address.
# Runs test_route of each build in $PKT_BUILDS (default "build").
set -u

if [ "$(id -u)" -ne 0 ]; then
	echo "route.sh: SKIP: needs root (network namespaces)" >&2
	exit 77
fi
if ! command -v ip >/dev/null 2>&1; then
	echo "route.sh: SKIP: no ip(8)" >&2
	exit 77
fi

top=$(cd "$(dirname "$0")/../.." && pwd)
p=pktrt$$
nsa=${p}a nsb=${p}b
fails=0

cleanup() {
	ip netns del "$nsa" 2>/dev/null
	ip netns del "$nsb" 2>/dev/null
}
trap cleanup EXIT
trap 'exit 130' INT TERM HUP

fail() {
	echo "route.sh: FAIL: $*" >&2
	fails=$((fails + 1))
}

setup() {
	ip netns add "$nsa" && ip netns add "$nsb" || return 1
	ip -n "$nsa" link add "${p}x" type veth peer name "${p}y" netns "$nsb" || return 1
	ip -n "$nsa" link set lo up && ip -n "$nsb" link set lo up &&
	ip -n "$nsa" addr add 10.231.0.1/24 dev "${p}x" &&
	ip -n "$nsb" addr add 10.231.0.2/24 dev "${p}y" &&
	ip -n "$nsa" addr add fd00:231::1/64 dev "${p}x" nodad &&
	ip -n "$nsb" addr add fd00:231::2/64 dev "${p}y" nodad &&
	ip -n "$nsa" link set "${p}x" up && ip -n "$nsb" link set "${p}y" up &&
	ip -n "$nsa" route add 10.232.0.0/24 via 10.231.0.2
}

# expect WHAT WANT GOT
expect() {
	[ "$2" = "$3" ] || fail "$1: want '$2', got '$3'"
}

# field NAME LINE: the value of NAME= in a "route" line of test_route
field() {
	printf '%s\n' "$2" | tr ' ' '\n' | sed -n "s/^$1=//p"
}

flush_neigh() {
	ip -n "$nsa" neigh flush dev "${p}x" 2>/dev/null
	ip -n "$nsa" -6 neigh flush dev "${p}x" 2>/dev/null
}

check_route() {
	t=$1
	r=$(ip netns exec "$nsa" "$t" route 10.231.0.2) || { fail "route 10.231.0.2"; return; }
	expect "ifname" "${p}x" "$(field ifname "$r")"
	expect "src" 10.231.0.1 "$(field src "$r")"
	expect "gw (on-link)" 10.231.0.2 "$(field gw "$r")"
	expect "has_gw (on-link)" 0 "$(field has_gw "$r")"
	expect "local" 0 "$(field local "$r")"
	expect "ifmac" "$maca" "$(field mac "$r")"
	r=$(ip netns exec "$nsa" "$t" route 10.232.0.5) || { fail "route 10.232.0.5"; return; }
	expect "gw (via)" 10.231.0.2 "$(field gw "$r")"
	expect "has_gw (via)" 1 "$(field has_gw "$r")"
	r=$(ip netns exec "$nsa" "$t" route fd00:231::2) || { fail "route fd00:231::2"; return; }
	expect "ifname (v6)" "${p}x" "$(field ifname "$r")"
	expect "src (v6)" fd00:231::1 "$(field src "$r")"
	expect "gw (v6)" fd00:231::2 "$(field gw "$r")"
	r=$(ip netns exec "$nsa" "$t" route 10.231.0.1) || { fail "route 10.231.0.1"; return; }
	expect "own address: ifname" lo "$(field ifname "$r")"
	expect "own address: local" 1 "$(field local "$r")"
	if ip netns exec "$nsa" "$t" route 192.0.2.1 2>/dev/null; then
		fail "route to 192.0.2.1 found in a namespace without a default route"
	fi
}

# resolve MODE DST: neighbour table empty first, then our own ARP/NDP
check_resolve() {
	t=$1 mode=$2 dst=$3
	flush_neigh
	n=$(ip netns exec "$nsa" "$t" neigh "$dst")
	expect "$dst in the neighbour table before resolving" none "$n"
	m=$(ip netns exec "$nsa" "$t" "$mode" "$dst" 1500) || { fail "$mode $dst"; return; }
	expect "$mode $dst" "$macb" "$m"
}

check_unanswered() {
	t=$1 dst=$2 what=$3
	start=$(date +%s%N)
	if e=$(ip netns exec "$nsa" "$t" resolve "$dst" 900 2>&1); then
		fail "resolve $dst answered: $e"
		return
	fi
	ms=$(( ($(date +%s%N) - start) / 1000000 ))
	case $e in
	*"$dst: no $what reply from the next hop on ${p}x (is it up and on-link?)") ;;
	*) fail "resolve $dst: unexpected message: $e" ;;
	esac
	[ "$ms" -lt 2500 ] || fail "resolve $dst took $ms ms with a 900 ms timeout"
}

check_build() {
	t=$top/$1/tests/test_route
	[ -x "$t" ] || { fail "$t: not built (make units)"; return; }
	check_route "$t"
	check_resolve "$t" resolve 10.231.0.2
	check_resolve "$t" resolve fd00:231::2
	check_resolve "$t" resolve-fd 10.231.0.2
	check_resolve "$t" resolve-fd fd00:231::2
	# once learned by the kernel, the neighbour table answers
	ip netns exec "$nsa" ping -c1 -W1 10.231.0.2 >/dev/null 2>&1
	n=$(ip netns exec "$nsa" "$t" neigh 10.231.0.2)
	expect "neighbour table after a ping" "$macb" "$n"
	check_unanswered "$t" 10.231.0.77 ARP
	check_unanswered "$t" fd00:231::77 NDP
}

if ! setup; then
	echo "route.sh: FAIL: cannot build the namespaces" >&2
	exit 1
fi
maca=$(ip -n "$nsa" -o link show "${p}x" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
macb=$(ip -n "$nsb" -o link show "${p}y" | sed -n 's/.*link\/ether \([0-9a-f:]*\).*/\1/p')
[ -n "$macb" ] || { echo "route.sh: FAIL: no MAC on ${p}y" >&2; exit 1; }

for b in ${PKT_BUILDS:-build}; do
	check_build "$b"
done
if [ "$fails" -ne 0 ]; then
	echo "route.sh: $fails failure(s)" >&2
	exit 1
fi
echo "route.sh: ok"
