/* ipv6.c: IPv6 (RFC 8200) fixed header.  Extension headers and ICMPv6
 * live in ipv6ext.c and icmp6.c.
 *
 *    0                   1                   2                   3
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version| Traffic Class |           Flow Label                  |
 *   |         Payload Length        |  Next Header  |   Hop Limit   |
 *   |                         Source Address (16)                   |
 *   |                      Destination Address (16)                 |
 */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "../dissect.h"
#include "ipv6.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "../match.h"


extern const struct pkt_layer pkt_layer_ipv6;

static const struct pkt_field ipv6_fields[] = {
	[IPV6_F_VERSION] = { .name = "version", .type = PKT_F_UINT, .bits = 4, .def = 6 },
	[IPV6_F_TC] = { .name = "tc", .type = PKT_F_UINT, .bits = 8 },
	[IPV6_F_FL] = { .name = "fl", .type = PKT_F_UINT, .bits = 20 },
	[IPV6_F_PLEN] = { .name = "plen", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_AUTO },
	[IPV6_F_NH] = { .name = "nh", .type = PKT_F_UINT, .bits = 8, .def = 59,
	    .names = pkt_names_ipv6_nh },
	[IPV6_F_HLIM] = { .name = "hlim", .type = PKT_F_UINT, .bits = 8, .def = 64 },
	[IPV6_F_SRC] = { .name = "src", .type = PKT_F_IPV6 },
	[IPV6_F_DST] = { .name = "dst", .type = PKT_F_IPV6, .defs = "::1" },
};
_Static_assert(sizeof(ipv6_fields) / sizeof(ipv6_fields[0]) == IPV6_NF,
    "ipv6.h's enum and the table of ipv6.c differ");

static int
ipv6_prepare(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];

	if (!li->v[IPV6_F_DST].set) {
		inet_pton(AF_INET6, "::1", li->v[IPV6_F_DST].a);
		li->v[IPV6_F_DST].set = true;
	}
	if (!li->v[IPV6_F_SRC].set) {
		memset(li->v[IPV6_F_SRC].a, 0, 16);
		if (bc->env != NULL && bc->env->srcaddr != NULL)
			bc->env->srcaddr(bc->env->arg, 6, li->v[IPV6_F_DST].a,
			    li->v[IPV6_F_SRC].a);
		li->v[IPV6_F_SRC].set = true;
	}
	return 0;
}

static int
ipv6_finish(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];
	size_t end = pkt_bctx_payend(bc, idx);

	if (!li->v[IPV6_F_PLEN].set)
		pkt_bctx_putu(bc, idx, IPV6_F_PLEN,
		    (end - bc->off[idx] - bc->hlen[idx]) & 0xffff);
	return 0;
}

/* Scapy's extract_padding: the payload is plen bytes; plen 0 is a
 * jumbogram when a hop-by-hop header follows (everything), else an empty
 * payload (the rest is Padding). */
static size_t
ipv6_paylen(const struct pkt_li *li, size_t hdr, size_t avail)
{
	uint64_t plen = pkt_li_u(li, IPV6_F_PLEN);

	(void)hdr;
	if (plen == 0)
		return pkt_li_u(li, IPV6_F_NH) == 0 ? avail : 0;
	return plen < avail ? (size_t)plen : avail;
}

const struct pkt_layer *pkt_icmp6_pick(const uint8_t *, size_t);
const struct pkt_layer *pkt_ipv6_next(struct pkt_dctx *, const struct pkt_li *,
    uint64_t nh, const uint8_t *, size_t);

/* What follows an IPv6 header or an extension header with this nh, when
 * the bindings alone cannot say (Scapy's _IPv6GuessPayload): ICMPv6 by
 * its type byte.  In a quoted packet (IPerror6) only TCP and UDP are
 * "error" classes; IP and the layers after an extension header are plain
 * again, as in Scapy. */
const struct pkt_layer *
pkt_ipv6_next(struct pkt_dctx *dc, const struct pkt_li *li, uint64_t nh,
    const uint8_t *p, size_t n)
{
	if (li->quoted && (li->l != &pkt_layer_ipv6 || nh == 4))
		dc->quoted = false;
	if (nh == 58)
		return pkt_icmp6_pick(p, n);
	return NULL;
}

static const struct pkt_layer *
ipv6_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p, size_t n)
{
	return pkt_ipv6_next(dc, li, pkt_li_u(li, IPV6_F_NH), p, n);
}

static bool
ipv6_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	char a[INET6_ADDRSTRLEN], b[INET6_ADDRSTRLEN];

	/* "%s > %s (%i)": the number, not the word.  IPerror6: none. */
	if (li->quoted)
		return false;
	inet_ntop(AF_INET6, li->v[IPV6_F_SRC].a, a, sizeof(a));
	inet_ntop(AF_INET6, li->v[IPV6_F_DST].a, b, sizeof(b));
	snprintf(s, n, "%s > %s (%u)", a, b, (unsigned)pkt_li_u(li, IPV6_F_NH));
	return true;
}

/* ---- matching: Scapy's IPv6.answers, IPerror6, IPv6.hashret ------------ */

/* A probe to a multicast group (a neighbour solicitation, ff02::1) is
 * answered from the members' own addresses, as Scapy allows; no next
 * header is compared on a direct answer (Scapy's IPv6.answers compares
 * it only when no extension header is in the way); a quote has the
 * probe's source whatever checkIPsrc says (Scapy's IPerror6.answers). */
static bool
ipv6_multicast(const struct pkt_li *probe)
{
	return probe->v[IPV6_F_DST].a[0] == 0xff;
}

static const struct pkt_netrule ipv6_rule = {
	.src = IPV6_F_SRC, .dst = IPV6_F_DST, .proto = IPV6_F_NH, .alen = 16,
	.id = -1, .any_src = ipv6_multicast, .quote_src = true,
};

static bool
ipv6_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	return pkt_answers_network(m, ri, pi, &ipv6_rule);
}

static int64_t
ipv6_span(const struct pkt_li *li)
{
	return (int64_t)pkt_li_wire(li, IPV6_F_PLEN);
}

/* A probe to a multicast group is answered from the members' addresses:
 * it cannot say its far end. */
static uint32_t
ipv6_peer(const struct pkt_li *li, bool dst, uint8_t *out)
{
	const uint8_t *a = li->v[dst ? IPV6_F_DST : IPV6_F_SRC].a;

	if (a[0] == 0xff)
		return 0;
	memcpy(out, a, 16);
	return 16;
}

static bool
ipv6_addrs(const struct pkt_li *li, size_t *src, size_t *dst)
{
	(void)li;
	*src = IPV6_F_SRC;
	*dst = IPV6_F_DST;
	return true;
}

/* Scapy's in6_chksum: source and destination (as the extension headers
 * up to the upper layer change them), the upper layer's length in 32
 * bits, three zero bytes, its protocol. */
static uint32_t
ipv6_pseudo(const struct pkt_bctx *bc, size_t idx, size_t upper,
    uint8_t proto, size_t len)
{
	const uint8_t *h = bc->buf + bc->off[idx];
	const uint8_t *src = h + 8, *dst = h + 24;
	uint8_t hdr[8];
	uint32_t sum;

	pkt_ipv6_pseudo_addrs(bc->p, idx, upper, &src, &dst);
	sum = pkt_csum_add(0, src, 16);
	sum = pkt_csum_add(sum, dst, 16);
	hdr[0] = (uint8_t)(len >> 24);
	hdr[1] = (uint8_t)(len >> 16);
	hdr[2] = (uint8_t)(len >> 8);
	hdr[3] = (uint8_t)len;
	hdr[4] = hdr[5] = hdr[6] = 0;
	hdr[7] = proto;
	return pkt_csum_add(sum, hdr, 8);
}

const struct pkt_layer pkt_layer_ipv6 = {
	.name = "IPv6", .title = "IPv6", .qname = "IPerror6",
	.qtitle = "IPv6 in ICMPv6", .f = ipv6_fields,
	.nf = sizeof(ipv6_fields) / sizeof(ipv6_fields[0]), .dlt = -1,
	.prepare = ipv6_prepare, .finish = ipv6_finish, .paylen = ipv6_paylen,
	.next = ipv6_next, .summary = ipv6_summary, .role = PKT_ROLE_NETWORK,
	.answers = ipv6_answers, .hashret = pkt_hashret_network, .span = ipv6_span,
	.addrs = ipv6_addrs, .peer = ipv6_peer, .pseudo = ipv6_pseudo,
};
