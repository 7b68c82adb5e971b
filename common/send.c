/* send.c: putting built packets on the wire.
 *
 * A packet that starts with a link header goes out through PF_PACKET as
 * it is, on -i or on the interface of the route to the address inside.
 * A probe that starts at IP or IPv6 (pktsr1, pkttrace) goes through a
 * raw IP socket with the header included (IPPROTO_RAW: IP_HDRINCL, and
 * its IPv6 counterpart) whenever the kernel would leave its bytes exactly
 * as built (kernel_keeps() says why not); otherwise, with --l2, and for
 * pktsend, it goes through PF_PACKET too: the engine adds the link header
 * (the interface's MAC, the next hop's MAC from the neighbour table or
 * our own ARP/NDP), so the bytes leave exactly as built.  Destinations on
 * this host (loopback, our own addresses) always go through a raw IP
 * socket (--l3raw), because frames injected on lo are dropped as
 * martians; --l2 forces PF_PACKET anyway.
 *
 * Sockets are opened before the tool drops every capability
 * (pkt_priv_drop): nothing after that needs privilege. */
#include "send.h"

#include <arpa/inet.h>
#include <errno.h>
#include <net/if_arp.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "config.h"
#include "closer.h"
#include "err.h"
#include "layers/arp.h"
#include "layers/ip.h"
#include "layers/ipv6.h"
#include "opts.h"
#include "pkt.h"
#include "priv.h"
#include "route.h"
#include "util.h"

#define BATCH		256
#define NCACHE		1024	/* routes and next hops a run remembers */
#define NWAYS		4
#define RESOLVE_MS	1500


struct rcache {
	int		 family;
	uint8_t		 dst[16];
	struct pkt_route rt;
	bool		 used;
};

struct ncache {
	int		 ifindex;
	uint8_t		 nh[16];
	uint8_t		 mac[6];
	bool		 used;
	bool		 failed;	/* nobody answered: do not ask again */
	bool		 warned;	/* and a lenient sender said so once */
	char		 why[PKT_ERRBUF];
};

struct slot {
	uint8_t		*buf;
	size_t		 cap;
	struct iovec	 iov;
	union {
		struct sockaddr_ll	ll;
		struct sockaddr_in	in4;
		struct sockaddr_in6	in6;
	} to;
};

struct pkt_sender {
	const struct pkt_opts *o;
	int		 pf, res, raw4, raw6;
	struct pkt_env	 env;
	struct rcache	*rc;		/* NCACHE, by hash of the address */
	struct ncache	*nc;
	/* the batch */
	struct slot	 slots[BATCH];
	struct mmsghdr	 msgs[BATCH];
	size_t		 nq;
	int		 qfd;
	char		 qname[IF_NAMESIZE];
	bool		 lenient;	/* skip probes whose next hop is silent */
	size_t		 silent_hops;	/* next hops that did not answer ARP/NDP */
	size_t		 silent_pkts;	/* and the packets not sent for them */
	bool		 probes;	/* IP probes: the raw IP path when it keeps them */
	struct pkt_route ifr;		/* -i, looked up once */
	bool		 have_ifr;
	/* messages said once */
	bool		 said_l3raw, said_csum, said_len, said_id, said_src;
	uint64_t	 npkts, nbytes;	/* what the kernel took */
	double		 last_progress;
	bool		 tty;		/* stderr is a terminal: progress */
	bool		 progress_shown;
};

static int sock_res(struct pkt_sender *, char *);

/* Slot of an address in a cache of NCACHE: NWAYS places from its hash. */
static size_t
slot(const uint8_t *a, size_t len, int extra)
{
	uint32_t h = pkt_fnv32(a, len, PKT_FNV32_INIT ^ (uint32_t)extra);

	return (h % (NCACHE / NWAYS)) * NWAYS;
}

static const struct pkt_route *
route(struct pkt_sender *s, int family, const uint8_t *dst, char *errbuf)
{
	size_t alen = family == 4 ? 4 : 16, base = slot(dst, alen, family), i;
	struct rcache *c = NULL;

	for (i = base; i < base + NWAYS; i++) {
		if (s->rc[i].used && s->rc[i].family == family &&
		    memcmp(s->rc[i].dst, dst, alen) == 0)
			return &s->rc[i].rt;
		if (!s->rc[i].used && c == NULL)
			c = &s->rc[i];
	}
	if (c == NULL)		/* all ways taken: the first goes */
		c = &s->rc[base];
	memset(c, 0, sizeof(*c));
	if (pkt_route_get(family == 4 ? AF_INET : AF_INET6, dst, s->o->iface,
	    &c->rt, errbuf) < 0)
		return NULL;
	c->family = family;
	memcpy(c->dst, dst, alen);
	c->used = true;
	return &c->rt;
}

/* The next hop's MAC on rt's interface: cache, neighbour table, ARP/NDP.
 * A next hop that did not answer is remembered too: a sweep asks once. */
static int
nexthop_mac(struct pkt_sender *s, const struct pkt_route *rt, uint8_t mac[6],
    char *errbuf)
{
	size_t alen = rt->family == AF_INET ? 4 : 16, i;
	size_t base = slot(rt->gw, alen, rt->ifindex);
	struct ncache *c = NULL;
	struct sockaddr_ll sll;

	if (rt->arphrd == ARPHRD_LOOPBACK || rt->local) {
		memset(mac, 0, 6);
		return 0;
	}
	for (i = base; i < base + NWAYS; i++) {
		if (s->nc[i].used && s->nc[i].ifindex == rt->ifindex &&
		    memcmp(s->nc[i].nh, rt->gw, alen) == 0) {
			if (s->nc[i].failed) {
				pkt_fail(errbuf, "%s", s->nc[i].why);
				if (s->lenient && s->nc[i].warned)
					return -2;	/* said already */
				s->nc[i].warned = true;
				return -1;
			}
			memcpy(mac, s->nc[i].mac, 6);
			return 0;
		}
		if (!s->nc[i].used && c == NULL)
			c = &s->nc[i];
	}
	if (c == NULL)
		c = &s->nc[base];
/* Our resolution socket listens only while it asks. */
	if (sock_res(s, errbuf) < 0)
		return -1;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_ifindex = rt->ifindex;
	sll.sll_protocol = htons(rt->family == AF_INET ? ETH_P_ARP : ETH_P_IPV6);
	if (bind(s->res, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return pkt_fail(errbuf, "%s: bind: %s", rt->ifname, strerror(errno));
	i = (size_t)pkt_route_resolve(rt, rt->gw, s->res, mac, RESOLVE_MS, errbuf);
	sll.sll_protocol = 0;
	(void)bind(s->res, (struct sockaddr *)&sll, sizeof(sll));
	c->ifindex = rt->ifindex;
	memcpy(c->nh, rt->gw, alen);
	memcpy(c->mac, mac, 6);
	c->used = true;
	c->failed = (int)i < 0;
	if (c->failed)
		snprintf(c->why, sizeof(c->why), "%s", errbuf);
	return c->failed ? -1 : 0;
}

/* ---- the builder's environment -------------------------------------------- */

static int
env_srcaddr(void *arg, int family, const uint8_t *dst, uint8_t *src)
{
	struct pkt_sender *s = arg;
	char eb[PKT_ERRBUF];
	const struct pkt_route *rt = route(s, family, dst, eb);

	if (rt == NULL)
		return -1;
	memcpy(src, rt->src, family == 4 ? 4 : 16);
	return 0;
}

static int
env_macs(void *arg, int family, const uint8_t *dst, uint8_t *smac, uint8_t *dmac)
{
	struct pkt_sender *s = arg;
	char eb[PKT_ERRBUF];
	const struct pkt_route *rt = route(s, family, dst, eb);

	if (rt == NULL)
		return -1;
	memcpy(smac, rt->ifmac, 6);
	if (dmac != NULL && nexthop_mac(s, rt, dmac, eb) < 0) {
		pkt_warnx("%s; using the broadcast address", eb);
		memset(dmac, 0xff, 6);
	}
	return 0;
}

void
pkt_sender_set_probes(struct pkt_sender *s, bool on)
{
	s->probes = on;
}

void
pkt_sender_set_lenient(struct pkt_sender *s, bool on)
{
	s->lenient = on;
}

const struct pkt_env *
pkt_sender_env(struct pkt_sender *s)
{
	return s != NULL ? &s->env : &pkt_env_default;
}

/* ---- opening -------------------------------------------------------------- */

/* The sockets, each opened when first needed (pktsr1 and pkttrace know
 * every path before they drop their capabilities; pktsend opens them all
 * at once).  A packet socket costs an RCU grace period when it is closed:
 * one not needed is one not opened. */
static int
sock_pf(struct pkt_sender *s, char *errbuf)
{
	int one = 1, sndbuf = 4 << 20;

	if (s->pf >= 0)
		return s->pf;
	if ((s->pf = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0)) < 0)
		return pkt_fail(errbuf, "cannot open a packet socket: %s",
		    strerror(errno));
	(void)setsockopt(s->pf, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	if (s->o->qdisc_bypass)
		(void)setsockopt(s->pf, SOL_PACKET, PACKET_QDISC_BYPASS, &one,
		    sizeof(one));
	return s->pf;
}

static int
sock_res(struct pkt_sender *s, char *errbuf)
{
	if (s->res >= 0)
		return s->res;
	if ((s->res = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0)) < 0)
		return pkt_fail(errbuf, "cannot open a packet socket: %s",
		    strerror(errno));
	return s->res;
}

static int
sock_raw(struct pkt_sender *s, int family, char *errbuf)
{
	int *fd = family == 4 ? &s->raw4 : &s->raw6;
	int mark = PKT_SOCKET_MARK, sndbuf = 4 << 20;
	int probe4 = IP_PMTUDISC_PROBE, probe6 = IPV6_PMTUDISC_PROBE;

	if (*fd >= 0)
		return *fd;
	if ((*fd = socket(family == 4 ? AF_INET : AF_INET6, SOCK_RAW |
	    SOCK_CLOEXEC, IPPROTO_RAW)) < 0)
		return pkt_fail(errbuf, "cannot open a raw IPv%d socket: %s%s",
		    family, strerror(errno), family == 6 && errno ==
		    EAFNOSUPPORT ? " (is IPv6 disabled?)" : "");
	(void)setsockopt(*fd, SOL_SOCKET, SO_SNDBUF, &sndbuf, sizeof(sndbuf));
	/* Our own raw-socket packets carry a mark a --block-rst rule exempts
	 * (needs CAP_NET_ADMIN; without it they are simply unmarked). */
	(void)setsockopt(*fd, SOL_SOCKET, SO_MARK, &mark, sizeof(mark));
	/* Bytes as built: the kernel neither fragments a packet to a path
	 * MTU it learned nor refuses it for that (EMSGSIZE); only the
	 * link's MTU holds (pkttrace --pmtu sends DF probes of that size). */
	if (family == 4)
		(void)setsockopt(*fd, IPPROTO_IP, IP_MTU_DISCOVER, &probe4,
		    sizeof(probe4));
	else
		(void)setsockopt(*fd, IPPROTO_IPV6, IPV6_MTU_DISCOVER, &probe6,
		    sizeof(probe6));
	return *fd;
}

struct pkt_sender *
pkt_sender_open_lazy(const struct pkt_opts *o, char *errbuf)
{
	struct pkt_sender *s;

	if (pkt_priv_check("sending", errbuf) < 0)
		return NULL;
	s = pkt_xzmap(sizeof(*s));
	s->o = o;
	s->qfd = -1;
	s->pf = s->res = s->raw4 = s->raw6 = -1;
	s->rc = pkt_xzmap(NCACHE * sizeof(*s->rc));
	s->nc = pkt_xzmap(NCACHE * sizeof(*s->nc));
	s->env.srcaddr = env_srcaddr;
	s->env.macs = env_macs;
	s->env.arg = s;
	s->tty = isatty(STDERR_FILENO);
	return s;
}

struct pkt_sender *
pkt_sender_open(const struct pkt_opts *o, char *errbuf)
{
	struct pkt_sender *s = pkt_sender_open_lazy(o, errbuf);

	if (s == NULL)
		return NULL;
	if (sock_pf(s, errbuf) < 0 || sock_res(s, errbuf) < 0 ||
	    sock_raw(s, 4, errbuf) < 0) {
		pkt_sender_close(s);
		return NULL;
	}
	(void)sock_raw(s, 6, errbuf);	/* IPv6 may be off: said when used */
	errbuf[0] = '\0';
	return s;
}

int
pkt_sender_need(struct pkt_sender *s, const struct pkt_path *path, char *errbuf)
{
	if (path->l3raw)
		return sock_raw(s, path->family, errbuf) < 0 ? -1 : 0;
	if (sock_pf(s, errbuf) < 0)
		return -1;
	/* An IP packet on Ethernet may need its next hop resolved. */
	if (path->family != 0 && path->arphrd == ARPHRD_ETHER &&
	    sock_res(s, errbuf) < 0)
		return -1;
	return 0;
}

/* ---- the path of a packet ------------------------------------------------ */

/* Where an IP/ARP destination sits in a frame: the first IP, IPv6 or ARP
 * layer of the tree. */
static int
inner_dst(const struct pkt_pkt *p, uint8_t *dst)
{
	size_t i;

	for (i = 0; i < p->n; i++) {
		const struct pkt_li *li = &p->li[i];

		if (li->l == &pkt_layer_ip) {
			memcpy(dst, li->v[IP_F_DST].a, 4);
			return 4;
		}
		if (li->l == &pkt_layer_ipv6) {
			memcpy(dst, li->v[IPV6_F_DST].a, 16);
			return 6;
		}
		if (li->l == &pkt_layer_arp) {
			memcpy(dst, li->v[ARP_F_PDST_V4].a, 4);
			return 4;
		}
	}
	return 0;
}

/* Would the kernel send this IP packet through a header-included raw
 * socket exactly as built, and would its answers reach this host?  IPv4:
 * the kernel rewrites the checksum and total length, fills an id of 0
 * and a source of 0.0.0.0, and refuses more than the MTU; IPv6: it
 * changes nothing, but refuses more than the MTU.  A source that is not
 * ours, a broadcast or multicast destination, neighbour discovery or -i
 * keep the packet path.  why: the reason, either way. */
static bool
kernel_keeps(struct pkt_sender *s, const struct pkt_pkt *p, int fam,
    const struct pkt_route *rt, char *why, size_t wlen)
{
	const uint8_t *h = p->raw;
	size_t alen = fam == 4 ? 4 : 16, i;
	uint8_t rtsrc[16];
	/* The raw sockets probe (IP_PMTUDISC_PROBE): the kernel holds a
	 * packet to the link's MTU, not to a path MTU it learned. */
	int mtu = rt->ifmtu > 0 ? rt->ifmtu : rt->mtu, type = rt->type;
	const struct pkt_route *srt;
	char a[INET6_ADDRSTRLEN], eb[PKT_ERRBUF];

	memcpy(rtsrc, rt->src, alen);	/* rt may go from the cache below */
	if (s->o->iface != NULL) {
		snprintf(why, wlen, "-i %s names the interface", s->o->iface);
		return false;
	}
	if (type != RTN_UNICAST) {
		snprintf(why, wlen, "a %s destination", type == RTN_BROADCAST ?
		    "broadcast" : type == RTN_MULTICAST ? "multicast" : "non-unicast");
		return false;
	}
	if (fam == 4) {
		size_t hl = (size_t)(h[0] & 0xf) * 4;
		uint8_t copy[60];

		if ((h[0] >> 4) != 4 || hl < 20 || hl > p->rawlen) {
			snprintf(why, wlen, "its IP header length (%zu) is not one the "
			    "kernel keeps", hl);
			return false;
		}
		memcpy(copy, h, hl);
		copy[10] = copy[11] = 0;
		if ((uint16_t)(h[10] << 8 | h[11]) !=
		    pkt_csum_fold(pkt_csum_add(0, copy, hl))) {
			snprintf(why, wlen, "its IP checksum 0x%04x is not right: the "
			    "kernel would rewrite it", (unsigned)(h[10] << 8 | h[11]));
			return false;
		}
		if ((size_t)(h[2] << 8 | h[3]) != p->rawlen) {
			snprintf(why, wlen, "its IP total length %u is not its %zu "
			    "bytes: the kernel would rewrite it",
			    (unsigned)(h[2] << 8 | h[3]), p->rawlen);
			return false;
		}
		if (h[4] == 0 && h[5] == 0) {
			snprintf(why, wlen, "its IP id is 0: the kernel would fill it");
			return false;
		}
	} else {
		if ((size_t)(h[4] << 8 | h[5]) + 40 != p->rawlen) {
			snprintf(why, wlen, "its IPv6 payload length %u is not its "
			    "%zu bytes", (unsigned)(h[4] << 8 | h[5]), p->rawlen - 40);
			return false;
		}
		for (i = 0; i < p->n; i++)
			if (p->li[i].l->lfl & PKT_LF_ND) {
				snprintf(why, wlen, "neighbour discovery (%s)",
				    p->li[i].l->name);
				return false;
			}
	}
	if (mtu > 0 && p->rawlen > (size_t)mtu) {
		snprintf(why, wlen, "%zu bytes exceed the MTU %d of %s", p->rawlen,
		    mtu, rt->ifname);
		return false;
	}
	for (i = 0; i < alen && h[(fam == 4 ? 12 : 8) + i] == 0; i++)
		;
	if (i == alen) {
		snprintf(why, wlen, "its source address is unset: the kernel would "
		    "fill it");
		return false;
	}
	if (memcmp(h + (fam == 4 ? 12 : 8), rtsrc, alen) != 0 &&
	    ((srt = route(s, fam, h + (fam == 4 ? 12 : 8), eb)) == NULL ||
	    srt->type != RTN_LOCAL)) {
		inet_ntop(fam == 4 ? AF_INET : AF_INET6, h + (fam == 4 ? 12 : 8), a,
		    sizeof(a));
		snprintf(why, wlen, "its source %s is not this host's: answers "
		    "are captured on the link", a);
		return false;
	}
	snprintf(why, wlen, "the kernel sends it as built");
	return true;
}

int
pkt_sender_first_layer(const struct pkt_layer *l, char *errbuf)
{
	if (pkt_layer_dlt(l) >= 0)
		return 0;
	return pkt_fail(errbuf, "a packet that starts with %s is never sent: its "
	    "first layer must be a link or network layer; put %s in front",
	    l->name, pkt_layer_front(l));
}

int
pkt_sender_path(struct pkt_sender *s, struct pkt_pkt *p, struct pkt_path *path,
    char *errbuf)
{
	const struct pkt_route *rt;
	uint8_t dst[16];
	int fam;

	memset(path, 0, sizeof(*path));
	/* What is sent is what its first layer says it is; the family is
	 * never guessed from bytes that are not IP. */
	if (p->dlt < 0)
		return p->n > 0 ? pkt_sender_first_layer(p->li[0].l, errbuf) :
		    pkt_fail(errbuf, "a packet of no known link type is never sent");
	if (!pkt_dlt_raw_ip(p->dlt)) {
		/* A frame with its link header: on -i, or the route's iface. */
		if (s->o->iface != NULL) {
			if (!s->have_ifr && pkt_route_iface(s->o->iface, AF_INET,
			    &s->ifr, errbuf) < 0)
				return -1;
			s->have_ifr = true;
			rt = &s->ifr;
		} else if ((fam = inner_dst(p, dst)) != 0) {
			if ((rt = route(s, fam, dst, errbuf)) == NULL)
				return -1;
		} else
			return pkt_fail(errbuf, "which interface? this frame carries "
			    "no IP or ARP destination to route by: give -i IFACE");
		if (p->dlt == 1 && rt->arphrd != ARPHRD_ETHER &&
		    rt->arphrd != ARPHRD_LOOPBACK)
			return pkt_fail(errbuf, "%s has no Ethernet header (it is a "
			    "point-to-point link): send the IP packet without Ether()",
			    rt->ifname);
		path->ifindex = rt->ifindex;
		snprintf(path->ifname, sizeof(path->ifname), "%s", rt->ifname);
		path->arphrd = rt->arphrd;
		snprintf(path->why, sizeof(path->why), "it starts with a link "
		    "header (%s)", p->n > 0 ? p->li[0].l->name : "?");
		return 0;
	}
	if (p->rawlen < 1)
		return pkt_fail(errbuf, "empty packet");
	fam = p->raw[0] >> 4;
	if ((fam != 4 && fam != 6) || (p->dlt == 228 && fam != 4) ||
	    (p->dlt == 229 && fam != 6))
		return pkt_fail(errbuf, "a packet of link type %s whose first byte "
		    "(0x%02x) is not IP%s is never sent", p->dlt == 228 ? "IPV4" :
		    p->dlt == 229 ? "IPV6" : "RAW", p->raw[0], p->dlt == 228 ? "v4" : p->dlt == 229 ? "v6" :
		    " or IPv6");
	if ((fam == 4 && p->rawlen < 20) || (fam == 6 && p->rawlen < 40))
		return pkt_fail(errbuf, "packet too short for its IP header (%zu bytes)",
		    p->rawlen);
	memcpy(dst, p->raw + (fam == 4 ? 16 : 24), fam == 4 ? 4 : 16);
	/* The unspecified address names no host: a route lookup would pick
	 * the default route for it (a prefix such as ::/127 holds it). */
	if (memcmp(dst, (const uint8_t[16]){ 0 }, fam == 4 ? 4 : 16) == 0)
		return pkt_fail(errbuf, "%s is the unspecified address, which "
		    "names no host", fam == 4 ? "0.0.0.0" : "::");
	if ((rt = route(s, fam, dst, errbuf)) == NULL)
		return -1;
	path->family = fam;
	path->ifindex = rt->ifindex;
	snprintf(path->ifname, sizeof(path->ifname), "%s", rt->ifname);
	path->arphrd = rt->arphrd;
	path->local = rt->local;
	if (s->o->l3raw == PKT_L3RAW_NO) {
		snprintf(path->why, sizeof(path->why), "--l2");
	} else if (s->o->l3raw == PKT_L3RAW_YES) {
		path->l3raw = true;
		snprintf(path->why, sizeof(path->why), "--l3raw");
	} else if (rt->local) {
		path->l3raw = true;
		snprintf(path->why, sizeof(path->why), "the destination is on this "
		    "host");
	} else if (!s->probes)
		snprintf(path->why, sizeof(path->why), "sent as built with a link "
		    "header of ours");
	else
		path->l3raw = kernel_keeps(s, p, fam, rt, path->why,
		    sizeof(path->why));
	if (path->l3raw && rt->local && !s->said_l3raw &&
	    s->o->l3raw == PKT_L3RAW_AUTO) {
		char a[INET6_ADDRSTRLEN];

		inet_ntop(fam == 4 ? AF_INET : AF_INET6, dst, a, sizeof(a));
		pkt_info(1, "%s is on this host (%s): sending through a raw IP "
		    "socket (--l3raw); --l2 to force PF_PACKET", a, rt->ifname);
		s->said_l3raw = true;
	}
	return 0;
}

/* What the kernel changes in a header-included IPv4 packet. */
static void
warn_l3raw(struct pkt_sender *s, const struct pkt_pkt *p)
{
	const uint8_t *h = p->raw;
	size_t hl = (size_t)(h[0] & 0xf) * 4;
	uint8_t copy[60];

	if ((h[0] >> 4) != 4 || hl < 20 || hl > p->rawlen)
		return;
	memcpy(copy, h, hl);
	copy[10] = copy[11] = 0;
	if (!s->said_csum && (uint16_t)(h[10] << 8 | h[11]) !=
	    pkt_csum_fold(pkt_csum_add(0, copy, hl))) {
		pkt_warnx("--l3raw: the kernel rewrites the IP checksum: this packet "
		    "will not go out as written (use --l2 to send it byte for byte)");
		s->said_csum = true;
	}
	if (!s->said_len && (size_t)(h[2] << 8 | h[3]) != p->rawlen) {
		pkt_warnx("--l3raw: the kernel rewrites the IP total length: this "
		    "packet will not go out as written (use --l2)");
		s->said_len = true;
	}
	if (!s->said_id && h[4] == 0 && h[5] == 0) {
		pkt_warnx("--l3raw: the kernel fills an IP id of 0: this packet will "
		    "not go out as written (use --l2)");
		s->said_id = true;
	}
	if (!s->said_src && memcmp(h + 12, "\0\0\0\0", 4) == 0) {
		pkt_warnx("--l3raw: the kernel fills a source address of 0.0.0.0 "
		    "(use --l2 to send it as written)");
		s->said_src = true;
	}
}

/* Prepend the Ethernet header an IP packet needs on this interface. */
static int
add_ether(struct pkt_sender *s, struct pkt_pkt *p, const struct pkt_path *path,
    char *errbuf)
{
	uint8_t dst[16], mac[6];
	const struct pkt_route *rt;
	uint8_t *b;
	int rc;

	memcpy(dst, p->raw + (path->family == 4 ? 16 : 24), path->family == 4 ? 4 : 16);
	if ((rt = route(s, path->family, dst, errbuf)) == NULL)
		return -1;
	if ((rc = nexthop_mac(s, rt, mac, errbuf)) < 0)
		return rc;
	b = pkt_xmalloc(p->rawlen + 14);
	memcpy(b, mac, 6);
	memcpy(b + 6, rt->ifmac, 6);
	b[12] = path->family == 4 ? 0x08 : 0x86;
	b[13] = path->family == 4 ? 0x00 : 0xdd;
	memcpy(b + 14, p->raw, p->rawlen);
	free(p->raw);
	p->raw = b;
	p->rawlen += 14;
	p->wirelen = (uint32_t)p->rawlen;
	p->dlt = 1;
	p->dissected = false;
	return 0;
}

/* ---- next hops of many packets at once ------------------------------------ */

struct hop {
	struct pkt_route rt;
	uint8_t		 nh[16];
};

static int
hopcmp(const void *a, const void *b)
{
	const struct hop *x = a, *y = b;

	if (x->rt.ifindex != y->rt.ifindex)
		return x->rt.ifindex < y->rt.ifindex ? -1 : 1;
	return memcmp(x->nh, y->nh, 16);
}

static bool
hop_known(struct pkt_sender *s, const struct pkt_route *rt)
{
	size_t alen = rt->family == AF_INET ? 4 : 16, i;
	size_t base = slot(rt->gw, alen, rt->ifindex);

	for (i = base; i < base + NWAYS; i++)
		if (s->nc[i].used && s->nc[i].ifindex == rt->ifindex &&
		    memcmp(s->nc[i].nh, rt->gw, alen) == 0)
			return true;
	return false;
}

static void
hop_remember(struct pkt_sender *s, const struct hop *h, const uint8_t *mac,
    bool ok)
{
	size_t alen = h->rt.family == AF_INET ? 4 : 16, i;
	size_t base = slot(h->rt.gw, alen, h->rt.ifindex);
	struct ncache *c = &s->nc[base];
	char a[INET6_ADDRSTRLEN];

	for (i = base; i < base + NWAYS; i++)
		if (!s->nc[i].used) {
			c = &s->nc[i];
			break;
		}
	memset(c, 0, sizeof(*c));
	c->ifindex = h->rt.ifindex;
	memcpy(c->nh, h->rt.gw, alen);
	memcpy(c->mac, mac, 6);
	c->used = true;
	c->failed = !ok;
	if (!ok) {
		inet_ntop(h->rt.family, h->nh, a, sizeof(a));
		snprintf(c->why, sizeof(c->why), "%s: no %s reply from the next hop "
		    "on %s (is it up and on-link?)", a, h->rt.family == AF_INET ?
		    "ARP" : "NDP", h->rt.ifname);
	}
}

int
pkt_sender_prefetch(struct pkt_sender *s, struct pkt_pkt *const *pkts, size_t n,
    char *errbuf)
{
	struct hop *h = pkt_xcalloc(n ? n : 1, sizeof(*h));
	size_t nh = 0, i, k, u;
	char eb[PKT_ERRBUF];
	int rc = 0;

	for (i = 0; i < n; i++) {
		struct pkt_path path;
		const struct pkt_route *rt;
		const struct pkt_pkt *p = pkts[i];
		uint8_t dst[16];

		if (pkt_sender_path(s, pkts[i], &path, eb) < 0 || path.l3raw ||
		    path.family == 0 || path.arphrd != ARPHRD_ETHER || path.local)
			continue;
		memcpy(dst, p->raw + (path.family == 4 ? 16 : 24), path.family == 4 ? 4 : 16);
		if ((rt = route(s, path.family, dst, eb)) == NULL || hop_known(s, rt))
			continue;
		h[nh].rt = *rt;
		memset(h[nh].nh, 0, 16);
		memcpy(h[nh].nh, rt->gw, rt->family == AF_INET ? 4 : 16);
		nh++;
	}
	qsort(h, nh, sizeof(*h), hopcmp);
	for (i = u = 0; i < nh; i++)	/* each next hop once */
		if (u == 0 || hopcmp(&h[u - 1], &h[i]) != 0)
			h[u++] = h[i];
	for (i = 0; i < u && rc == 0; i += NCACHE / 2) {
		size_t m = u - i < NCACHE / 2 ? u - i : NCACHE / 2;
		const struct pkt_route **rts = pkt_xcalloc(m, sizeof(*rts));
		uint8_t (*nhs)[16] = pkt_xcalloc(m, sizeof(*nhs));
		uint8_t (*macs)[6] = pkt_xcalloc(m, sizeof(*macs));
		int *st = pkt_xcalloc(m, sizeof(*st));

		for (k = 0; k < m; k++) {
			rts[k] = &h[i + k].rt;
			memcpy(nhs[k], h[i + k].nh, 16);
		}
		if (sock_res(s, errbuf) < 0 || pkt_route_resolve_many(rts, nhs, m,
		    s->res, macs, st, RESOLVE_MS, errbuf) < 0)
			rc = -1;
		for (k = 0; k < m && rc == 0; k++)
			if (st[k] >= 0)	/* -1: the single resolver will say why */
				hop_remember(s, &h[i + k], macs[k], st[k] == 1);
		free(rts);
		free(nhs);
		free(macs);
		free(st);
	}
	free(h);
	return rc;
}

/* ---- the batch -------------------------------------------------------------- */

int
pkt_sender_flush(struct pkt_sender *s, char *errbuf)
{
	size_t done = 0;
	int tries = 0;

	while (done < s->nq) {
		int n = sendmmsg(s->qfd, s->msgs + done, (unsigned)(s->nq - done), 0);

		if (n < 0) {
			if ((errno == ENOBUFS || errno == EAGAIN || errno == EINTR) &&
			    tries++ < 100000) {
				struct pollfd pfd = { .fd = s->qfd, .events = POLLOUT };

				(void)poll(&pfd, 1, 1);
				continue;
			}
			if (errno == EMSGSIZE)
				pkt_fail(errbuf, "%s: a packet of %zu bytes is larger "
				    "than the interface's MTU", s->qname,
				    s->slots[done].iov.iov_len);
			else
				pkt_fail(errbuf, "%s: send: %s", s->qname,
				    strerror(errno));
			s->nq = 0;
			return -1;
		}
		while (n-- > 0) {	/* only what the kernel took counts */
			s->npkts++;
			s->nbytes += s->msgs[done++].msg_hdr.msg_iov->iov_len;
		}
	}
	s->nq = 0;
	return 0;
}

void
pkt_sender_counts(const struct pkt_sender *s, uint64_t *pkts, uint64_t *bytes)
{
	*pkts = s->npkts;
	*bytes = s->nbytes;
}

int
pkt_sender_send(struct pkt_sender *s, struct pkt_pkt *p, char *errbuf)
{
	struct pkt_path path;
	struct slot *sl;
	struct mmsghdr *m;
	int fd, rc;

	if (pkt_sender_path(s, p, &path, errbuf) < 0)
		return -1;
	if (p->iface == NULL || strcmp(p->iface, path.ifname) != 0) {
		free(p->iface);	/* where it went, for -j */
		p->iface = pkt_xstrdup(path.ifname);
	}
	if (path.l3raw) {
		if ((fd = sock_raw(s, path.family, errbuf)) < 0)
			return -1;
		if (path.family == 4)
			warn_l3raw(s, p);
	} else {
		if ((fd = sock_pf(s, errbuf)) < 0)
			return -1;
		if ((path.arphrd == ARPHRD_ETHER || path.arphrd == ARPHRD_LOOPBACK) &&
		    pkt_dlt_raw_ip(p->dlt) &&
		    (rc = add_ether(s, p, &path, errbuf)) < 0) {
			if (!s->lenient)
				return -1;
			s->silent_pkts++;
			/* Once per silent next hop, and only the first but with
			 * -v: a sweep of a /24 is one line, and a count at the
			 * end (pkt_sender_close). */
			if (rc != -2 && (s->silent_hops++ == 0 || pkt_verbose() >= 1))
				pkt_warnx("%s: not sent", errbuf);
			return 1;
		}
	}
	if (s->nq > 0 && s->qfd != fd && pkt_sender_flush(s, errbuf) < 0)
		return -1;
	s->qfd = fd;
	if (strcmp(s->qname, path.ifname) != 0)
		snprintf(s->qname, sizeof(s->qname), "%s", path.ifname);
	sl = &s->slots[s->nq];
	m = &s->msgs[s->nq];
	if (sl->cap < p->rawlen) {
		sl->buf = pkt_xrealloc(sl->buf, p->rawlen);
		sl->cap = p->rawlen;
	}
	memcpy(sl->buf, p->raw, p->rawlen);
	sl->iov.iov_base = sl->buf;
	sl->iov.iov_len = p->rawlen;
	memset(&sl->to, 0, sizeof(sl->to));
	memset(m, 0, sizeof(*m));
	if (path.l3raw && path.family == 4) {
		sl->to.in4.sin_family = AF_INET;
		memcpy(&sl->to.in4.sin_addr, p->raw + 16, 4);
		m->msg_hdr.msg_namelen = sizeof(sl->to.in4);
	} else if (path.l3raw) {
		sl->to.in6.sin6_family = AF_INET6;
		memcpy(&sl->to.in6.sin6_addr, p->raw + 24, 16);
		/* A link-local destination names its link. */
		if ((p->raw[24] == 0xfe && (p->raw[25] & 0xc0) == 0x80) ||
		    (p->raw[24] == 0xff && (p->raw[25] & 0x0f) <= 2))
			sl->to.in6.sin6_scope_id = (uint32_t)path.ifindex;
		m->msg_hdr.msg_namelen = sizeof(sl->to.in6);
	} else {
		uint16_t proto;

		if (p->dlt == 1 && p->rawlen >= 14)
			proto = (uint16_t)(p->raw[12] << 8 | p->raw[13]);
		else if (p->rawlen > 0 && (p->raw[0] >> 4) == 6)
			proto = ETH_P_IPV6;
		else
			proto = ETH_P_IP;
		sl->to.ll.sll_family = AF_PACKET;
		sl->to.ll.sll_ifindex = path.ifindex;
		sl->to.ll.sll_protocol = htons(proto);
		m->msg_hdr.msg_namelen = sizeof(sl->to.ll);
	}
	m->msg_hdr.msg_name = &sl->to;
	m->msg_hdr.msg_iov = &sl->iov;
	m->msg_hdr.msg_iovlen = 1;
	if (++s->nq == BATCH)
		return pkt_sender_flush(s, errbuf);
	return 0;
}

/* ---- pace and progress ------------------------------------------------------ */

static void
sleep_until(double t)
{
	double now = pkt_now();

	if (t > now) {
		struct timespec ts;
		double d = t - now;

		ts.tv_sec = (time_t)d;
		ts.tv_nsec = (long)((d - (double)ts.tv_sec) * 1e9);
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	}
}

int
pkt_sender_pace(struct pkt_sender *s, double inter, double rate, double t0,
    uint64_t n)
{
	char eb[PKT_ERRBUF];

	if (s == NULL || (inter <= 0 && rate <= 0))
		return 0;
	if (inter > 0 && n > 0) {
		if (pkt_sender_flush(s, eb) < 0) {
			pkt_warnx("%s", eb);
			return -1;
		}
		sleep_until(pkt_now() + inter);
	}
	if (rate > 0) {
		double when = t0 + (double)n / rate;

		if (when > pkt_now()) {
			if (pkt_sender_flush(s, eb) < 0) {
				pkt_warnx("%s", eb);
				return -1;
			}
			sleep_until(when);
		}
	}
	return 0;
}

void
pkt_sender_progress(struct pkt_sender *s, uint64_t pkts, uint64_t bytes,
    double t0, bool final)
{
	double now = pkt_now(), dt = now - t0;

	if (s == NULL)
		return;
	if (!final) {
		if (dt < 1 || now - s->last_progress < 0.5 || !s->tty ||
		    pkt_verbose() < 0)
			return;
		s->last_progress = now;
		s->progress_shown = true;
		fprintf(stderr, "\r%s: %llu packets, %.0f pkt/s ", pkt_getprogname(),
		    (unsigned long long)pkts, (double)pkts / dt);
		return;
	}
	if (s->progress_shown)
		fputc('\n', stderr);
	if (pkt_verbose() < 0)
		return;
	if (dt <= 0)
		dt = 1e-9;
	fprintf(stderr, "%s: sent %llu packet%s, %llu bytes in %.3f s "
	    "(%.0f pkt/s, %.2f Mbit/s)\n", pkt_getprogname(),
	    (unsigned long long)pkts, pkts == 1 ? "" : "s",
	    (unsigned long long)bytes, dt, (double)pkts / dt,
	    (double)bytes * 8 / dt / 1e6);
}

void
pkt_sender_close(struct pkt_sender *s)
{
	size_t i;

	if (s == NULL)
		return;
	if (s->silent_hops > 1 && pkt_verbose() < 1)
		pkt_warnx("%zu next hops in all gave no ARP or NDP reply: %zu "
		    "packets not sent (-v lists each next hop)", s->silent_hops,
		    s->silent_pkts);
	/* Packet sockets: closed at exit, together (closer.h). */
	pkt_defer_fd(s->pf);
	pkt_defer_fd(s->res);
	if (s->raw4 >= 0)
		close(s->raw4);
	if (s->raw6 >= 0)
		close(s->raw6);
	for (i = 0; i < BATCH; i++)
		free(s->slots[i].buf);
	pkt_zunmap(s->rc, NCACHE * sizeof(*s->rc));
	pkt_zunmap(s->nc, NCACHE * sizeof(*s->nc));
	pkt_zunmap(s, sizeof(*s));
}
