/* route.c: ask the kernel for the route to a destination, an interface's
 * facts and the neighbour table over rtnetlink (libmnl), and learn a next
 * hop's MAC with an ARP who-has or IPv6 Neighbour Solicitation of our own
 * sent on a PF_PACKET socket.  The ARP and NDP bytes are built here by
 * hand.  Nothing here exits: errors fill errbuf and return -1. */
#include "route.h"
#include "err.h"

#include <arpa/inet.h>
#include <errno.h>
#include <libmnl/libmnl.h>
#include <linux/if_ether.h>
#include <linux/neighbour.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <poll.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#define NL_REQSZ	512
#define NL_BUFSZ	32768		/* a dump message never exceeds this */
#define SOLICIT_TRIES	3
#define NUD_USABLE	(NUD_PERMANENT | NUD_NOARP | NUD_REACHABLE | NUD_PROBE | \
			 NUD_STALE | NUD_DELAY)

/* ---- netlink plumbing ---- */

/* How each attribute type of a message is checked before use. */
enum { A_SKIP, A_U32, A_STR, A_ADDR, A_BIN, A_NEST };
#define ATTR_MAXTYPE	32

struct attrs {
	const struct nlattr *tb[ATTR_MAXTYPE];
	const unsigned char *pol;	/* policy, indexed by attribute type */
	size_t	 npol;
	size_t	 alen;			/* exact length of A_ADDR attributes */
};

#define POLICY(p, al)	{ .pol = (p), .npol = sizeof(p), .alen = (al) }

static unsigned int nl_seq;

static int
attr_cb(const struct nlattr *a, void *data)
{
	struct attrs *at = data;
	uint16_t type = mnl_attr_get_type(a);
	int ok = 0;

	if (type >= at->npol || type >= ATTR_MAXTYPE || at->pol[type] == A_SKIP)
		return MNL_CB_OK;
	switch (at->pol[type]) {
	case A_U32:
		ok = mnl_attr_validate(a, MNL_TYPE_U32);
		break;
	case A_STR:
		ok = mnl_attr_validate(a, MNL_TYPE_NUL_STRING);
		break;
	case A_ADDR:
		ok = mnl_attr_validate2(a, MNL_TYPE_BINARY, at->alen);
		break;
	case A_NEST:
		ok = mnl_attr_validate(a, MNL_TYPE_NESTED);
		break;
	default:
		break;
	}
	if (ok < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	at->tb[type] = a;
	return MNL_CB_OK;
}

/* Check that the message holds its fixed header, then index its attributes. */
static int
parse_attrs(const struct nlmsghdr *nlh, size_t hdrlen, struct attrs *at)
{
	if (mnl_nlmsg_get_payload_len(nlh) < hdrlen) {
		errno = EBADMSG;
		return -1;
	}
	memset(at->tb, 0, sizeof(at->tb));
	if (mnl_attr_parse(nlh, (unsigned int)hdrlen, attr_cb, at) <= MNL_CB_STOP)
		return -1;
	return 0;
}

static struct nlmsghdr *
nl_start(char *buf, uint16_t type, uint16_t flags)
{
	struct nlmsghdr *nlh;

	memset(buf, 0, NL_REQSZ);
	nlh = mnl_nlmsg_put_header(buf);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = NLM_F_REQUEST | flags;
	return nlh;
}

/* Send req and feed every answer to cb until the kernel says it is done
 * (an ACK is asked for non-dump requests).  0, or -1 with errno. */
static int
nl_talk(struct nlmsghdr *req, mnl_cb_t cb, void *data)
{
	/* One socket for the run (route, link and address queries, a
	 * sweep's hundreds of them); closed after an error, so that no
	 * answer left unread can meet a later request. */
	static struct mnl_socket *nl;
	char buf[NL_BUFSZ];
	unsigned int portid;
	ssize_t n;
	int ret = -1, e;

	if (!(req->nlmsg_flags & NLM_F_DUMP))
		req->nlmsg_flags |= NLM_F_ACK;
	req->nlmsg_seq = ++nl_seq;
	if (nl == NULL) {
		if ((nl = mnl_socket_open2(NETLINK_ROUTE, SOCK_CLOEXEC)) == NULL)
			return -1;
		if (mnl_socket_bind(nl, 0, MNL_SOCKET_AUTOPID) < 0)
			goto fail;
	}
	if (mnl_socket_sendto(nl, req, req->nlmsg_len) < 0)
		goto fail;
	portid = mnl_socket_get_portid(nl);
	do {
		if ((n = mnl_socket_recvfrom(nl, buf, sizeof(buf))) < 0) {
			ret = -1;
			break;
		}
		ret = mnl_cb_run(buf, (size_t)n, req->nlmsg_seq, portid, cb, data);
	} while (ret > MNL_CB_STOP);
	if (ret >= 0)
		return 0;
fail:
	e = errno;
	mnl_socket_close(nl);
	nl = NULL;
	errno = e;
	return -1;
}

static size_t
addr_len(int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

static const char *
addr_str(int family, const void *addr, char *buf)
{
	if (inet_ntop(family, addr, buf, INET6_ADDRSTRLEN) == NULL)
		snprintf(buf, INET6_ADDRSTRLEN, "?");
	return buf;
}

static bool
is_zero(const uint8_t *p, size_t n)
{
	while (n--)
		if (*p++)
			return false;
	return true;
}

/* ---- links and addresses ---- */

static const unsigned char link_pol[] = {
	[IFLA_ADDRESS] = A_BIN, [IFLA_IFNAME] = A_STR, [IFLA_MTU] = A_U32,
};

static int
link_cb(const struct nlmsghdr *nlh, void *data)
{
	struct pkt_route *rt = data;
	const struct ifinfomsg *ifi = mnl_nlmsg_get_payload(nlh);
	struct attrs at = POLICY(link_pol, 0);
	const char *name;

	if (nlh->nlmsg_type != RTM_NEWLINK)
		return MNL_CB_OK;
	if (parse_attrs(nlh, sizeof(*ifi), &at) < 0)
		return MNL_CB_ERROR;
	rt->ifindex = ifi->ifi_index;
	rt->arphrd = ifi->ifi_type;
	rt->ifflags = ifi->ifi_flags;
	if (at.tb[IFLA_IFNAME] != NULL) {
		name = mnl_attr_get_str(at.tb[IFLA_IFNAME]);
		snprintf(rt->ifname, sizeof(rt->ifname), "%s", name);
	}
	if (at.tb[IFLA_MTU] != NULL)
		rt->mtu = (int)mnl_attr_get_u32(at.tb[IFLA_MTU]);
	if (at.tb[IFLA_ADDRESS] != NULL &&
	    mnl_attr_get_payload_len(at.tb[IFLA_ADDRESS]) == sizeof(rt->ifmac))
		memcpy(rt->ifmac, mnl_attr_get_payload(at.tb[IFLA_ADDRESS]),
		    sizeof(rt->ifmac));
	return MNL_CB_OK;
}

/* Fill the link facts of rt from the interface ifindex, or name if given.
 * The last interface asked for by index is remembered: the routes of a
 * sweep or a trace of many targets leave by one interface. */
static int
link_query(int ifindex, const char *name, struct pkt_route *rt)
{
	static struct pkt_route last;
	char req[NL_REQSZ];
	struct nlmsghdr *nlh = nl_start(req, RTM_GETLINK, 0);
	struct ifinfomsg *ifi = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifi));

	ifi->ifi_family = AF_UNSPEC;
	ifi->ifi_index = ifindex;
	if (name != NULL)
		mnl_attr_put_strz(nlh, IFLA_IFNAME, name);
	if (name == NULL && ifindex != 0 && ifindex == last.ifindex) {
		rt->ifindex = last.ifindex;
		rt->arphrd = last.arphrd;
		rt->ifflags = last.ifflags;
		memcpy(rt->ifname, last.ifname, sizeof(rt->ifname));
		rt->mtu = last.mtu;
		memcpy(rt->ifmac, last.ifmac, sizeof(rt->ifmac));
		return 0;
	}
	rt->ifindex = 0;
	if (nl_talk(nlh, link_cb, rt) < 0)
		return -1;
	if (rt->ifindex == 0) {
		errno = ENODEV;
		return -1;
	}
	if (name == NULL) {
		last.ifindex = rt->ifindex;
		last.arphrd = rt->arphrd;
		last.ifflags = rt->ifflags;
		memcpy(last.ifname, rt->ifname, sizeof(last.ifname));
		last.mtu = rt->mtu;
		memcpy(last.ifmac, rt->ifmac, sizeof(last.ifmac));
	}
	return 0;
}

struct addr_ans {
	struct pkt_route *rt;
	int	 score;		/* of the address kept so far */
};

static const unsigned char addr_pol[] = {
	[IFA_ADDRESS] = A_ADDR, [IFA_LOCAL] = A_ADDR, [IFA_FLAGS] = A_U32,
};

static int
addr_score(const struct ifaddrmsg *ifa, const struct attrs *at)
{
	uint32_t flags = ifa->ifa_flags;

	if (at->tb[IFA_FLAGS] != NULL)
		flags = mnl_attr_get_u32(at->tb[IFA_FLAGS]);
	if (flags & (IFA_F_TENTATIVE | IFA_F_DADFAILED))
		return 1;
	return ifa->ifa_scope == RT_SCOPE_UNIVERSE ? 3 : 2;
}

static int
addr_cb(const struct nlmsghdr *nlh, void *data)
{
	struct addr_ans *ans = data;
	struct pkt_route *rt = ans->rt;
	const struct ifaddrmsg *ifa = mnl_nlmsg_get_payload(nlh);
	struct attrs at = POLICY(addr_pol, addr_len(rt->family));
	const struct nlattr *a;
	int score;

	if (nlh->nlmsg_type != RTM_NEWADDR)
		return MNL_CB_OK;
	if (parse_attrs(nlh, sizeof(*ifa), &at) < 0)
		return MNL_CB_ERROR;
	if (ifa->ifa_family != rt->family || (int)ifa->ifa_index != rt->ifindex)
		return MNL_CB_OK;
	a = at.tb[IFA_LOCAL] != NULL ? at.tb[IFA_LOCAL] : at.tb[IFA_ADDRESS];
	if (a == NULL || (score = addr_score(ifa, &at)) <= ans->score)
		return MNL_CB_OK;
	memcpy(rt->src, mnl_attr_get_payload(a), at.alen);
	ans->score = score;
	return MNL_CB_OK;
}

/* rt->src = the interface's first usable address of rt->family. */
static int
addr_first(struct pkt_route *rt)
{
	char req[NL_REQSZ];
	struct nlmsghdr *nlh = nl_start(req, RTM_GETADDR, NLM_F_DUMP);
	struct ifaddrmsg *ifa = mnl_nlmsg_put_extra_header(nlh, sizeof(*ifa));
	struct addr_ans ans = { rt, 0 };

	ifa->ifa_family = (unsigned char)rt->family;
	return nl_talk(nlh, addr_cb, &ans);
}

int
pkt_route_iface(const char *ifname, int family, struct pkt_route *rt,
    char *errbuf)
{
	if (addr_len(family) == 0)
		return pkt_fail(errbuf, "%s: address family %d is neither IPv4 nor IPv6",
		    ifname, family);
	if (strlen(ifname) >= PKT_IFNAMSIZ)
		return pkt_fail(errbuf, "%s: interface name too long", ifname);
	memset(rt, 0, sizeof(*rt));
	rt->family = family;
	if (link_query(0, ifname, rt) < 0)
		return pkt_fail(errbuf, "%s: %s", ifname,
		    errno == ENODEV ? "no such interface (ip link lists them)" :
		    strerror(errno));
	rt->ifmtu = rt->mtu;
	if (addr_first(rt) < 0)
		return pkt_fail(errbuf, "%s: reading its addresses: %s", ifname,
		    strerror(errno));
	rt->local = rt->arphrd == ARPHRD_LOOPBACK;
	return 0;
}

/* ---- routes ---- */

struct route_ans {
	struct pkt_route *rt;
	int	 mtu;		/* RTAX_MTU of the route, 0 if none */
	bool	 via;		/* RTA_VIA: a gateway of the other family */
};

static const unsigned char route_pol[] = {
	[RTA_OIF] = A_U32, [RTA_GATEWAY] = A_ADDR, [RTA_PREFSRC] = A_ADDR,
	[RTA_METRICS] = A_NEST, [RTA_VIA] = A_BIN,
};
static const unsigned char metrics_pol[] = { [RTAX_MTU] = A_U32 };

static int
route_mtu(const struct nlattr *nest)
{
	struct attrs at = POLICY(metrics_pol, 0);

	memset(at.tb, 0, sizeof(at.tb));
	if (mnl_attr_parse_nested(nest, attr_cb, &at) <= MNL_CB_STOP)
		return -1;
	return at.tb[RTAX_MTU] ? (int)mnl_attr_get_u32(at.tb[RTAX_MTU]) : 0;
}

static int
route_cb(const struct nlmsghdr *nlh, void *data)
{
	struct route_ans *ans = data;
	struct pkt_route *rt = ans->rt;
	const struct rtmsg *rtm = mnl_nlmsg_get_payload(nlh);
	struct attrs at = POLICY(route_pol, addr_len(rt->family));

	if (nlh->nlmsg_type != RTM_NEWROUTE)
		return MNL_CB_OK;
	if (parse_attrs(nlh, sizeof(*rtm), &at) < 0)
		return MNL_CB_ERROR;
	rt->type = rtm->rtm_type;
	if (at.tb[RTA_OIF] != NULL)
		rt->ifindex = (int)mnl_attr_get_u32(at.tb[RTA_OIF]);
	if (at.tb[RTA_PREFSRC] != NULL)
		memcpy(rt->src, mnl_attr_get_payload(at.tb[RTA_PREFSRC]), at.alen);
	if (at.tb[RTA_GATEWAY] != NULL) {
		memcpy(rt->gw, mnl_attr_get_payload(at.tb[RTA_GATEWAY]), at.alen);
		rt->has_gw = true;
	}
	ans->via = at.tb[RTA_VIA] != NULL;
	if (at.tb[RTA_METRICS] != NULL && (ans->mtu = route_mtu(at.tb[RTA_METRICS])) < 0) {
		errno = EBADMSG;
		return MNL_CB_ERROR;
	}
	return MNL_CB_OK;
}

static const char *
rtn_name(int type)
{
	switch (type) {
	case RTN_UNREACHABLE:	return "unreachable";
	case RTN_BLACKHOLE:	return "a blackhole";
	case RTN_PROHIBIT:	return "prohibited";
	case RTN_THROW:		return "a throw route";
	case RTN_NAT:		return "a NAT route";
	default:		return "of an unusable type";
	}
}

static bool
rtn_usable(int type)
{
	return type == RTN_UNICAST || type == RTN_LOCAL || type == RTN_BROADCAST ||
	    type == RTN_MULTICAST || type == RTN_ANYCAST;
}

/* RTM_GETROUTE for dst (and oifindex if not 0) into ans->rt. */
static int
route_query(const void *dst, unsigned int oifindex, struct route_ans *ans)
{
	char req[NL_REQSZ];
	struct nlmsghdr *nlh = nl_start(req, RTM_GETROUTE, 0);
	struct rtmsg *rtm = mnl_nlmsg_put_extra_header(nlh, sizeof(*rtm));
	size_t alen = addr_len(ans->rt->family);

	rtm->rtm_family = (unsigned char)ans->rt->family;
	rtm->rtm_dst_len = (unsigned char)(alen * 8);
	mnl_attr_put(nlh, RTA_DST, alen, dst);
	if (oifindex != 0)
		mnl_attr_put_u32(nlh, RTA_OIF, oifindex);
	return nl_talk(nlh, route_cb, ans);
}

/* After the route: the link's facts, a source if the kernel gave none. */
static int
route_finish(struct pkt_route *rt, int route_mtu_, const char *ds, char *errbuf)
{
	size_t alen = addr_len(rt->family);

	if (!rt->has_gw)
		memcpy(rt->gw, rt->dst, alen);
	if (link_query(rt->ifindex, NULL, rt) < 0)
		return pkt_fail(errbuf, "%s: interface %d of the route: %s", ds,
		    rt->ifindex, strerror(errno));
	rt->ifmtu = rt->mtu;
	if (route_mtu_ > 0 && route_mtu_ < rt->mtu)
		rt->mtu = route_mtu_;
	if (is_zero(rt->src, alen) && addr_first(rt) < 0)
		return pkt_fail(errbuf, "%s: reading the addresses of %s: %s", ds,
		    rt->ifname, strerror(errno));
	rt->local = rt->type == RTN_LOCAL || rt->arphrd == ARPHRD_LOOPBACK;
	return 0;
}

int
pkt_route_get(int family, const void *dst, const char *oif,
    struct pkt_route *rt, char *errbuf)
{
	struct route_ans ans = { rt, 0, false };
	char ds[INET6_ADDRSTRLEN];
	unsigned int oifindex = 0;

	if (addr_len(family) == 0)
		return pkt_fail(errbuf, "route lookup: address family %d is neither IPv4 nor IPv6",
		    family);
	addr_str(family, dst, ds);
	if (oif != NULL && (oifindex = if_nametoindex(oif)) == 0)
		return pkt_fail(errbuf, "%s: no such interface (ip link lists them)", oif);
	memset(rt, 0, sizeof(*rt));
	rt->family = family;
	memcpy(rt->dst, dst, addr_len(family));
	if (route_query(dst, oifindex, &ans) < 0)
		return pkt_fail(errbuf, "%s: no route%s%s: %s (ip route get %s says "
		    "why; -i IFACE picks the interface)", ds, oif ? " via " : "",
		    oif ? oif : "", strerror(errno), ds);
	if (!rtn_usable(rt->type))
		return pkt_fail(errbuf, "%s: the route is %s", ds, rtn_name(rt->type));
	if (ans.via)
		return pkt_fail(errbuf, "%s: the route's gateway is of another address family (not supported)",
		    ds);
	if (rt->ifindex <= 0)
		return pkt_fail(errbuf, "%s: the kernel's route names no interface", ds);
	return route_finish(rt, ans.mtu, ds, errbuf);
}

/* ---- neighbours ---- */

struct neigh_ans {
	const struct pkt_route *rt;
	const void *addr;
	uint8_t	*mac;
	int	 found;
};

static const unsigned char neigh_pol[] = { [NDA_DST] = A_ADDR, [NDA_LLADDR] = A_BIN };

static int
neigh_cb(const struct nlmsghdr *nlh, void *data)
{
	struct neigh_ans *ans = data;
	const struct ndmsg *ndm = mnl_nlmsg_get_payload(nlh);
	struct attrs at = POLICY(neigh_pol, addr_len(ans->rt->family));
	const struct nlattr *ll;

	if (nlh->nlmsg_type != RTM_NEWNEIGH)
		return MNL_CB_OK;
	if (parse_attrs(nlh, sizeof(*ndm), &at) < 0)
		return MNL_CB_ERROR;
	if (ndm->ndm_family != ans->rt->family || ndm->ndm_ifindex != ans->rt->ifindex ||
	    at.tb[NDA_DST] == NULL ||
	    memcmp(mnl_attr_get_payload(at.tb[NDA_DST]), ans->addr, at.alen) != 0)
		return MNL_CB_OK;
	ll = at.tb[NDA_LLADDR];
	if (!(ndm->ndm_state & NUD_USABLE) || ll == NULL || mnl_attr_get_payload_len(ll) != 6)
		return MNL_CB_OK;
	memcpy(ans->mac, mnl_attr_get_payload(ll), 6);
	ans->found = 1;
	return MNL_CB_OK;
}

int
pkt_route_neigh(const struct pkt_route *rt, const void *addr, uint8_t mac[6],
    char *errbuf)
{
	char req[NL_REQSZ], as[INET6_ADDRSTRLEN];
	struct nlmsghdr *nlh;
	struct ndmsg *ndm;
	struct neigh_ans ans = { rt, addr, mac, 0 };

	if (addr_len(rt->family) == 0)
		return pkt_fail(errbuf, "neighbour lookup: address family %d is neither IPv4 nor IPv6",
		    rt->family);
	nlh = nl_start(req, RTM_GETNEIGH, NLM_F_DUMP);
	ndm = mnl_nlmsg_put_extra_header(nlh, sizeof(*ndm));
	ndm->ndm_family = (unsigned char)rt->family;
	if (nl_talk(nlh, neigh_cb, &ans) < 0)
		return pkt_fail(errbuf, "%s: reading the neighbour table: %s",
		    addr_str(rt->family, addr, as), strerror(errno));
	return ans.found;
}

/* ---- ARP and NDP of our own ---- */

static void
put16(uint8_t *p, unsigned int v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static unsigned int
get16(const uint8_t *p)
{
	return (unsigned int)p[0] << 8 | p[1];
}

/* Addresses that need no asking; true with mac filled. */
static bool
map_group(const struct pkt_route *rt, const uint8_t *nh, uint8_t mac[6])
{
	static const uint8_t bcast[4] = { 255, 255, 255, 255 };

	if (rt->family == AF_INET6) {
		if (nh[0] != 0xff)
			return false;
		mac[0] = mac[1] = 0x33;
		memcpy(mac + 2, nh + 12, 4);
		return true;
	}
	if (memcmp(nh, bcast, 4) == 0 ||
	    (rt->type == RTN_BROADCAST && memcmp(nh, rt->dst, 4) == 0)) {
		memset(mac, 0xff, 6);
		return true;
	}
	if ((nh[0] & 0xf0) != 0xe0)
		return false;
	mac[0] = 0x01, mac[1] = 0x00, mac[2] = 0x5e;
	mac[3] = nh[1] & 0x7f, mac[4] = nh[2], mac[5] = nh[3];
	return true;
}

/* Ethernet + ARP who-has, padded to the 60-byte Ethernet minimum. */
static size_t
build_arp(const struct pkt_route *rt, const uint8_t *nh, uint8_t *f)
{
	uint8_t *a = f + 14;

	memset(f, 0, 60);
	memset(f, 0xff, 6);
	memcpy(f + 6, rt->ifmac, 6);
	put16(f + 12, ETH_P_ARP);
	put16(a, ARPHRD_ETHER);
	put16(a + 2, ETH_P_IP);
	a[4] = 6;
	a[5] = 4;
	put16(a + 6, ARPOP_REQUEST);
	memcpy(a + 8, rt->ifmac, 6);
	memcpy(a + 14, rt->src, 4);
	memcpy(a + 24, nh, 4);
	return 60;
}

static uint32_t
sum16(uint32_t s, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += get16(p + i);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t
cksum_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

/* Ethernet + IPv6 + ICMPv6 Neighbour Solicitation with our source
 * link-layer address, to the target's solicited-node multicast address. */
static size_t
build_ns(const struct pkt_route *rt, const uint8_t *nh, uint8_t *f)
{
	uint8_t *ip = f + 14, *icmp = f + 54;
	uint32_t s;

	memset(f, 0, 86);
	f[0] = f[1] = 0x33;
	f[2] = 0xff;
	memcpy(f + 3, nh + 13, 3);
	memcpy(f + 6, rt->ifmac, 6);
	put16(f + 12, ETH_P_IPV6);
	ip[0] = 0x60;
	put16(ip + 4, 32);
	ip[6] = 58;				/* ICMPv6 */
	ip[7] = 255;				/* hop limit, as NDP demands */
	memcpy(ip + 8, rt->src, 16);
	ip[24] = 0xff, ip[25] = 0x02, ip[35] = 0x01, ip[36] = 0xff;
	memcpy(ip + 37, nh + 13, 3);
	icmp[0] = 135;
	memcpy(icmp + 8, nh, 16);
	icmp[24] = 1;				/* source link-layer address */
	icmp[25] = 1;
	memcpy(icmp + 26, rt->ifmac, 6);
	s = sum16(0, ip + 8, 32) + 32 + 58;	/* pseudo-header */
	put16(icmp + 2, cksum_fold(sum16(s, icmp, 32)));
	return 86;
}

/* An ARP reply (or request) from nh: 1 with its sender MAC. */
static int
match_arp(const uint8_t *nh, const uint8_t *f, size_t n, uint8_t mac[6])
{
	const uint8_t *a = f + 14;

	if (n < 42 || get16(f + 12) != ETH_P_ARP || get16(a) != ARPHRD_ETHER ||
	    get16(a + 2) != ETH_P_IP || a[4] != 6 || a[5] != 4)
		return 0;
	if ((get16(a + 6) != ARPOP_REPLY && get16(a + 6) != ARPOP_REQUEST) ||
	    memcmp(a + 14, nh, 4) != 0 || is_zero(a + 8, 6))
		return 0;
	memcpy(mac, a + 8, 6);
	return 1;
}

/* The target link-layer address option of an NA, else the frame's source. */
static void
na_lladdr(const uint8_t *f, const uint8_t *icmp, size_t ilen, uint8_t mac[6])
{
	size_t off, olen;

	memcpy(mac, f + 6, 6);
	for (off = 24; off + 8 <= ilen; off += olen) {
		if ((olen = (size_t)icmp[off + 1] * 8) == 0 || off + olen > ilen)
			return;
		if (icmp[off] == 2) {
			memcpy(mac, icmp + off + 2, 6);
			return;
		}
	}
}

/* A Neighbour Advertisement for nh: 1 with its MAC. */
static int
match_na(const uint8_t *nh, const uint8_t *f, size_t n, uint8_t mac[6])
{
	const uint8_t *ip = f + 14, *icmp = f + 54;
	size_t ilen;

	if (n < 54 + 24 || get16(f + 12) != ETH_P_IPV6 || (ip[0] >> 4) != 6 ||
	    ip[6] != 58 || ip[7] != 255)
		return 0;
	ilen = get16(ip + 4);
	if (ilen > n - 54)
		ilen = n - 54;
	if (ilen < 24 || icmp[0] != 136 || icmp[1] != 0 || memcmp(icmp + 8, nh, 16) != 0)
		return 0;
	na_lladdr(f, icmp, ilen, mac);
	return 1;
}

static int64_t
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

static int
packet_open(const struct pkt_route *rt, int proto, char *errbuf)
{
	struct sockaddr_ll sll;
	int fd;

	if ((fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(proto))) < 0)
		return pkt_fail(errbuf, "opening a PF_PACKET socket on %s: %s%s", rt->ifname,
		    strerror(errno), errno == EPERM ? " (needs CAP_NET_RAW)" : "");
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(proto);
	sll.sll_ifindex = rt->ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0) {
		pkt_fail(errbuf, "binding a PF_PACKET socket to %s: %s", rt->ifname,
		    strerror(errno));
		close(fd);
		return -1;
	}
	return fd;
}

static int
packet_check(int fd, char *errbuf)
{
	int dom = 0, type = 0;
	socklen_t len = sizeof(dom);

	if (getsockopt(fd, SOL_SOCKET, SO_DOMAIN, &dom, &len) < 0 ||
	    (len = sizeof(type), getsockopt(fd, SOL_SOCKET, SO_TYPE, &type, &len)) < 0)
		return pkt_fail(errbuf, "next-hop resolution: socket %d: %s", fd,
		    strerror(errno));
	if (dom != AF_PACKET || type != SOCK_RAW)
		return pkt_fail(errbuf, "next-hop resolution: socket %d is not a PF_PACKET SOCK_RAW socket",
		    fd);
	return 0;
}

static int
send_frame(const struct pkt_route *rt, int fd, const uint8_t *f, size_t n, char *errbuf)
{
	struct sockaddr_ll sll;

	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons((uint16_t)get16(f + 12));
	sll.sll_ifindex = rt->ifindex;
	sll.sll_halen = 6;
	memcpy(sll.sll_addr, f, 6);
	if (sendto(fd, f, n, 0, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return pkt_fail(errbuf, "sending the %s on %s: %s",
		    rt->family == AF_INET ? "ARP request" : "Neighbour Solicitation",
		    rt->ifname, strerror(errno));
	return 0;
}

/* Read what is queued on fd: 1 with mac when the answer is there. */
static int
read_answers(const struct pkt_route *rt, int fd, const uint8_t *nh, uint8_t mac[6],
    char *errbuf)
{
	uint8_t f[2048];
	struct sockaddr_ll sll;
	socklen_t slen;
	ssize_t n;
	int i;

	for (i = 0; i < 256; i++) {	/* then back to the clock */
		slen = sizeof(sll);
		n = recvfrom(fd, f, sizeof(f), MSG_DONTWAIT, (struct sockaddr *)&sll, &slen);
		if (n < 0)
			return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? 0 :
			    pkt_fail(errbuf, "reading on %s: %s", rt->ifname, strerror(errno));
		if (sll.sll_pkttype == PACKET_OUTGOING || sll.sll_ifindex != rt->ifindex)
			continue;
		if (rt->family == AF_INET ? match_arp(nh, f, (size_t)n, mac) :
		    match_na(nh, f, (size_t)n, mac))
			return 1;
	}
	return 0;
}

/* Send up to SOLICIT_TRIES times, evenly within timeout_ms, and wait:
 * 1 answered, 0 timed out, -1 error. */
static int
exchange(const struct pkt_route *rt, int fd, const uint8_t *f, size_t flen,
    const uint8_t *nh, uint8_t mac[6], int timeout_ms, char *errbuf)
{
	int64_t start = now_ms(), end = start + timeout_ms, next = start, t, until;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int tries = 0, r;

	while ((t = now_ms()) < end) {
		if (tries < SOLICIT_TRIES && t >= next) {
			if (send_frame(rt, fd, f, flen, errbuf) < 0)
				return -1;
			tries++;
			next = start + (int64_t)timeout_ms * tries / SOLICIT_TRIES;
		}
		until = tries < SOLICIT_TRIES && next < end ? next : end;
		r = poll(&pfd, 1, (int)(until > t ? until - t : 0));
		if (r < 0 && errno != EINTR)
			return pkt_fail(errbuf, "waiting on %s: %s", rt->ifname, strerror(errno));
		if (r > 0 && (r = read_answers(rt, fd, nh, mac, errbuf)) != 0)
			return r;
	}
	return 0;
}

static int
solicit(const struct pkt_route *rt, const uint8_t *nh, int fd, uint8_t mac[6],
    int timeout_ms, char *errbuf)
{
	bool v6 = rt->family == AF_INET6;
	uint8_t f[96];
	size_t flen;
	char ns[INET6_ADDRSTRLEN];
	int own = -1, r;

	addr_str(rt->family, nh, ns);
	if (v6 && is_zero(rt->src, 16))
		return pkt_fail(errbuf, "%s: no IPv6 address on %s to send a Neighbour Solicitation from",
		    ns, rt->ifname);
	flen = v6 ? build_ns(rt, nh, f) : build_arp(rt, nh, f);
	if (fd < 0 && (fd = own = packet_open(rt, v6 ? ETH_P_IPV6 : ETH_P_ARP, errbuf)) < 0)
		return -1;
	if (own < 0 && packet_check(fd, errbuf) < 0)
		return -1;
	r = exchange(rt, fd, f, flen, nh, mac, timeout_ms, errbuf);
	if (own >= 0)
		close(own);
	if (r == 0)
		return pkt_fail(errbuf, "%s: no %s reply from the next hop on %s (is it up and on-link?)",
		    ns, v6 ? "NDP" : "ARP", rt->ifname);
	return r < 0 ? -1 : 0;
}

int
pkt_route_resolve(const struct pkt_route *rt, const void *nexthop, int fd,
    uint8_t mac[6], int timeout_ms, char *errbuf)
{
	int r;

	memset(mac, 0, 6);
	if (addr_len(rt->family) == 0)
		return pkt_fail(errbuf, "next-hop resolution: address family %d is neither IPv4 nor IPv6",
		    rt->family);
	if (rt->arphrd != ARPHRD_ETHER)
		return 0;		/* loopback, tun, PPP: nothing to learn */
	if (map_group(rt, nexthop, mac))
		return 0;
	if (rt->ifflags & IFF_NOARP) {
		memcpy(mac, rt->ifmac, 6);
		return 0;
	}
	if ((r = pkt_route_neigh(rt, nexthop, mac, errbuf)) != 0)
		return r < 0 ? -1 : 0;
	return solicit(rt, nexthop, fd, mac, timeout_ms < 1 ? 1 : timeout_ms, errbuf);
}

/* Many next hops at once (a sweep): every request goes out, then one
 * wait for all the answers, instead of a timeout per silent address.
 * fd: a PF_PACKET socket the caller opened; it is bound to every
 * interface for the wait.  status[i]: 1 resolved (mac[i]), 0 no answer,
 * -1 could not ask (why[i] is left to the single resolver's message). */
int
pkt_route_resolve_many(const struct pkt_route *const *rt, const uint8_t (*nh)[16],
    size_t n, int fd, uint8_t (*mac)[6], int *status, int timeout_ms,
    char *errbuf)
{
	struct sockaddr_ll sll;
	struct pollfd pfd = { .fd = fd, .events = POLLIN };
	int64_t start = now_ms(), end = start + timeout_ms, next = start, t;
	size_t i, pending = 0;
	int tries = 0;
	char eb[PKT_ERRBUF];

	for (i = 0; i < n; i++) {
		int r;

		memset(mac[i], 0, 6);
		status[i] = 0;
		if (rt[i]->arphrd != ARPHRD_ETHER || map_group(rt[i], nh[i], mac[i]))
			status[i] = 1;
		else if (rt[i]->ifflags & IFF_NOARP) {
			memcpy(mac[i], rt[i]->ifmac, 6);
			status[i] = 1;
		} else if ((r = pkt_route_neigh(rt[i], nh[i], mac[i], eb)) != 0)
			status[i] = r > 0 ? 1 : -1;
		else if (rt[i]->family == AF_INET6 && is_zero(rt[i]->src, 16))
			status[i] = -1;
		else
			pending++;
	}
	if (pending == 0)
		return 0;
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		return pkt_fail(errbuf, "next-hop resolution: bind: %s", strerror(errno));
	while (pending > 0 && (t = now_ms()) < end) {
		if (tries < SOLICIT_TRIES && t >= next) {
			for (i = 0; i < n; i++) {
				uint8_t f[96];
				size_t flen;

				if (status[i] != 0)
					continue;
				flen = rt[i]->family == AF_INET6 ? build_ns(rt[i], nh[i], f) :
				    build_arp(rt[i], nh[i], f);
				if (send_frame(rt[i], fd, f, flen, eb) < 0)
					status[i] = -1, pending--;
			}
			tries++;
			next = start + (int64_t)timeout_ms * tries / SOLICIT_TRIES;
		}
		if (poll(&pfd, 1, (int)((tries < SOLICIT_TRIES && next < end ? next : end) -
		    t)) < 0 && errno != EINTR)
			break;
		for (;;) {	/* whatever came: answers to any of them */
			uint8_t f[2048];
			socklen_t slen = sizeof(sll);
			ssize_t got = recvfrom(fd, f, sizeof(f), MSG_DONTWAIT,
			    (struct sockaddr *)&sll, &slen);

			if (got < 0)
				break;
			if (sll.sll_pkttype == PACKET_OUTGOING)
				continue;
			for (i = 0; i < n; i++) {
				if (status[i] != 0 || sll.sll_ifindex != rt[i]->ifindex)
					continue;
				if (rt[i]->family == AF_INET ?
				    match_arp(nh[i], f, (size_t)got, mac[i]) :
				    match_na(nh[i], f, (size_t)got, mac[i])) {
					status[i] = 1;
					pending--;
				}
			}
		}
	}
	sll.sll_protocol = 0;	/* and deaf again */
	(void)bind(fd, (struct sockaddr *)&sll, sizeof(sll));
	return 0;
}
