/* route.h: route lookup, interface facts and next-hop MAC resolution
 * (netlink through libmnl; ARP and IPv6 Neighbour Solicitation of our own). */
#ifndef PKT_ROUTE_H
#define PKT_ROUTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define PKT_IFNAMSIZ	16

struct pkt_route {
	int	 family;		/* AF_INET or AF_INET6 */
	int	 ifindex;
	char	 ifname[PKT_IFNAMSIZ];
	unsigned short arphrd;		/* ARPHRD_ETHER, ARPHRD_LOOPBACK, ARPHRD_NONE (tun), ARPHRD_PPP, ... */
	unsigned int ifflags;		/* IFF_UP, IFF_NOARP, ... of the interface */
	uint8_t	 ifmac[6];		/* the interface's own MAC (zero if none) */
	int	 mtu;			/* the route's MTU if the kernel has one, else the link's */
	int	 ifmtu;			/* the link's MTU, whatever the route says */
	int	 type;			/* RTN_UNICAST, RTN_LOCAL, RTN_BROADCAST, RTN_MULTICAST, ...;
					   0 (RTN_UNSPEC) when filled by pkt_route_iface() */
	uint8_t	 dst[16];		/* the destination asked for (zero from pkt_route_iface()) */
	uint8_t	 src[16];		/* preferred source address (4 or 16 bytes used; zero if none) */
	uint8_t	 gw[16];		/* next hop: the gateway, or dst itself when on-link */
	bool	 has_gw;
	bool	 local;			/* dst is one of our own addresses (RTN_LOCAL) or the
					   interface is loopback: send with --l3raw */
};

/* Ask the kernel for the route to dst (4 or 16 bytes, network order), as
 * `ip route get` does, so policy routing counts.  oif: an interface name
 * to force, or NULL.  0, or -1 with errbuf ("10.0.0.9: no route: ..."). */
int	pkt_route_get(int family, const void *dst, const char *oif,
	    struct pkt_route *, char *errbuf);

/* Interface by name: ifindex, arphrd, flags, MAC, MTU and its first
 * address of the family (a global one preferred over link-local for IPv6);
 * gw, dst zero, has_gw false, local true only for loopback. */
int	pkt_route_iface(const char *ifname, int family, struct pkt_route *,
	    char *errbuf);

/* The kernel's neighbour table entry for addr on the route's interface:
 * 1 found (mac filled), 0 absent or not usable (INCOMPLETE, FAILED),
 * -1 error. */
int	pkt_route_neigh(const struct pkt_route *, const void *addr,
	    uint8_t mac[6], char *errbuf);

/* The MAC to put in the Ethernet destination for nexthop (normally
 * rt->gw).  In order: broadcast and multicast map without asking
 * (ff:ff:ff:ff:ff:ff, 01:00:5e:xx:xx:xx, 33:33:xx:xx:xx:xx); links
 * without link-layer addresses (loopback, tun, PPP, ...) give all zeroes;
 * IFF_NOARP links give the interface's own MAC; then the kernel's
 * neighbour table; then our own ARP who-has (IPv4) or Neighbour
 * Solicitation to the solicited-node address (IPv6), sent up to 3 times
 * within timeout_ms.
 * fd: a PF_PACKET SOCK_RAW socket, unbound or bound to rt->ifindex, that
 * receives ARP or IPv6 (ETH_P_ALL, no BPF filter that drops them): use it
 * after capabilities are dropped; -1 opens (and closes) one here, which
 * needs CAP_NET_RAW.  Frames read from fd that are not the answer are
 * consumed.  0, or -1 with errbuf, e.g.
 * "10.0.0.9: no ARP reply from the next hop on veth0 (is it up and on-link?)". */
int	pkt_route_resolve(const struct pkt_route *, const void *nexthop, int fd,
	    uint8_t mac[6], int timeout_ms, char *errbuf);
/* Many next hops at once: every request sent, one wait for every answer
 * (a sweep pays one timeout, not one per silent address).  status[i]: 1
 * resolved into mac[i], 0 no answer, -1 could not be asked.  fd is a
 * PF_PACKET socket of the caller's. */
int	pkt_route_resolve_many(const struct pkt_route *const *, const uint8_t (*)[16],
	    size_t n, int fd, uint8_t (*)[6], int *status, int timeout_ms,
	    char *errbuf);

#endif
