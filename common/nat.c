/* nat.c: a probe's quote compared with the probe as sent.  See nat.h. */
#include "nat.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "layers/icmp.h"
#include "layers/icmp6.h"
#include "layers/ip.h"
#include "layers/ipv6.h"
#include "layers/tcp.h"
#include "layers/udp.h"
#include "match.h"
#include "packet.h"

const char *const pkt_nat_names[PKT_NAT_NBITS] = {
	"src", "dst", "id", "chksum", "sport", "dport", "echo-id", "l4-chksum",
};

/* What is compared of a network and a transport header (a probe's, or
 * a quote's): each value with whether it is there. */
struct view {
	const struct pkt_li *net, *l4;
	size_t		 alen;
	bool		 has_id, has_sport, has_dport, has_echoid, has_ident,
			 has_sum, has_ttl, has_tos, has_ipsum;
	uint32_t	 id, sport, dport, echoid, ident, sum;
	/* What tells a quote of another length (MSS clamping added an
	 * option; a router's quirk on the IPv4 length): the IPv4 total or
	 * IPv6 payload length, the TCP header's; 0 unknown. */
	uint32_t	 len, dataofs;
	/* IPv4 flags and fragment offset: a DF cleared on the way. */
	bool		 has_frag;
	uint32_t	 frag;
	unsigned	 ttl, tos, ipsum;
	uint8_t		 src[16], dst[16];
	bool		 has_src, has_dst;
	/* Where the transport's fields are in its header (bytes), -1: none. */
	int		 o_sport, o_dport, o_ident, o_sum;
	unsigned	 proto;		/* for the pseudo-header; 0: none (ICMP) */
};

static bool
get(const struct pkt_li *li, size_t f, uint32_t *v)
{
	if (!li->v[f].set || !pkt_li_present(li, f))
		return false;
	*v = (uint32_t)pkt_li_wire(li, f);
	return true;
}

/* The view of network layer n and the transport above it in p: false
 * when n is no IPv4 or IPv6 header; l4 is NULL when what is above is no
 * TCP, UDP, ICMP or ICMPv6 echo request (or nothing). */
static bool
view_of(const struct pkt_pkt *p, size_t n, struct view *v)
{
	const struct pkt_li *li = &p->li[n];
	int u = pkt_match_upper(p, n);
	uint32_t x = 0;

	memset(v, 0, sizeof(*v));
	v->o_sport = v->o_dport = v->o_ident = v->o_sum = -1;
	v->net = li;
	if (li->l == &pkt_layer_ip) {
		v->alen = 4;
		if ((v->has_src = li->v[IP_F_SRC].set))
			memcpy(v->src, li->v[IP_F_SRC].a, 4);
		if ((v->has_dst = li->v[IP_F_DST].set))
			memcpy(v->dst, li->v[IP_F_DST].a, 4);
		v->has_id = get(li, IP_F_ID, &v->id);
		v->has_ttl = get(li, IP_F_TTL, &x), v->ttl = x;
		v->has_tos = get(li, IP_F_TOS, &x), v->tos = x;
		v->has_ipsum = get(li, IP_F_CHKSUM, &x), v->ipsum = x;
		(void)get(li, IP_F_LEN, &v->len);
		if ((v->has_frag = get(li, IP_F_FLAGS, &x) &&
		    get(li, IP_F_FRAG, &v->frag)))
			v->frag |= x << 13;
	} else if (li->l == &pkt_layer_ipv6) {
		v->alen = 16;
		if ((v->has_src = li->v[IPV6_F_SRC].set))
			memcpy(v->src, li->v[IPV6_F_SRC].a, 16);
		if ((v->has_dst = li->v[IPV6_F_DST].set))
			memcpy(v->dst, li->v[IPV6_F_DST].a, 16);
		(void)get(li, IPV6_F_PLEN, &v->len);
	} else
		return false;
	if (u < 0)
		return true;
	li = v->l4 = &p->li[u];
	if (li->l == &pkt_layer_tcp) {
		v->has_sport = get(li, TCP_F_SPORT, &v->sport);
		v->has_dport = get(li, TCP_F_DPORT, &v->dport);
		v->has_ident = get(li, TCP_F_SEQ, &v->ident);
		v->has_sum = get(li, TCP_F_CHKSUM, &v->sum);
		(void)get(li, TCP_F_DATAOFS, &v->dataofs);
		v->o_sport = 0, v->o_dport = 2, v->o_ident = 4, v->o_sum = 16;
		v->proto = 6;
	} else if (li->l == &pkt_layer_udp) {
		v->has_sport = get(li, UDP_F_SPORT, &v->sport);
		v->has_dport = get(li, UDP_F_DPORT, &v->dport);
		v->has_sum = get(li, UDP_F_CHKSUM, &v->sum);
		v->o_sport = 0, v->o_dport = 2, v->o_sum = 6;
		v->proto = 17;
	} else if (li->l == &pkt_layer_icmp) {
		if (!get(li, ICMP_F_TYPE, &x) || x != 8) {
			v->l4 = NULL;
			return true;
		}
		v->has_echoid = get(li, ICMP_F_ID, &v->echoid);
		v->has_ident = get(li, ICMP_F_SEQ, &v->ident);
		v->has_sum = get(li, ICMP_F_CHKSUM, &v->sum);
		v->o_sport = 4, v->o_ident = 6, v->o_sum = 2;
	} else if (li->l == &pkt_layer_icmp6_echo_req) {
		v->has_echoid = get(li, ICMP6_ECHO_F_ID, &v->echoid);
		v->has_ident = get(li, ICMP6_ECHO_F_SEQ, &v->ident);
		v->has_sum = get(li, ICMP6_F_CKSUM, &v->sum);
		v->o_sport = 4, v->o_ident = 6, v->o_sum = 2;
		v->proto = 58;
	} else
		v->l4 = NULL;
	return true;
}

/* The quote of reply, an ICMP error: the index of its network layer. */
static bool
quote_of(const struct pkt_pkt *reply, size_t *q)
{
	int l3 = pkt_match_l3(reply), u;
	unsigned type, code;
	size_t k;

	if (l3 < 0 || !pkt_match_error_at(reply, (size_t)l3, &type, &code) ||
	    (u = pkt_match_upper(reply, (size_t)l3)) < 0)
		return false;
	for (k = (size_t)u + 1; k < reply->n; k++)
		if (reply->li[k].quoted &&
		    reply->li[k].l->role == PKT_ROLE_NETWORK) {
			*q = k;
			return true;
		}
	return false;
}

/* The views of the probe and of the quote, when both are there and of
 * the same protocols. */
static bool
views(const struct pkt_pkt *probe, const struct pkt_pkt *reply,
    struct view *p, struct view *q)
{
	int pn = pkt_match_l3(probe);
	size_t qn;

	if (pn < 0 || !quote_of(reply, &qn) || !view_of(probe, (size_t)pn, p) ||
	    p->l4 == NULL || !view_of(reply, qn, q) || q->net->l != p->net->l)
		return false;
	/* A quote cut short before its transport still has its network
	 * header: compared alone (its protocol field says whose it is). */
	if (q->l4 == NULL) {
		int u = pkt_match_upper(reply, qn);

		if (u >= 0 && reply->li[u].l->role == PKT_ROLE_TRANSPORT)
			return false;	/* another protocol, or another ICMP */
		return p->alen == 4 &&
		    pkt_li_wire(q->net, IP_F_PROTO) == pkt_li_wire(p->net, IP_F_PROTO);
	}
	return q->l4->l == p->l4->l;
}

static void
put16(uint8_t *b, uint32_t v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

/* The IPv4 header checksum the probe's header has with the quote's TOS,
 * id, flags, TTL (plus `older`: before a router took one off without
 * updating the checksum) and addresses, and its total length when qlen
 * (a router that rewrote it for its quote): what the quote's checksum is
 * when nothing else in it was rewritten; -1 when it cannot say. */
static long
ipsum_expected(const struct pkt_pkt *probe, const struct view *q,
    unsigned older, bool qlen)
{
	uint8_t h[60];
	size_t off, hl;

	if (!pkt_match_l3_offset(probe, &off) || off + 20 > probe->rawlen)
		return -1;
	hl = (size_t)(probe->raw[off] & 0x0f) * 4;
	if (hl < 20 || off + hl > probe->rawlen)
		return -1;
	memcpy(h, probe->raw + off, hl);
	if (q->has_tos)
		h[1] = (uint8_t)q->tos;
	if (q->has_id)
		put16(h + 4, q->id);
	if (q->has_frag)
		put16(h + 6, q->frag);
	if (qlen)
		put16(h + 2, q->len);
	h[8] = (uint8_t)(q->ttl + older);
	memset(h + 10, 0, 2);
	if (q->has_src)
		memcpy(h + 12, q->src, 4);
	if (q->has_dst)
		memcpy(h + 16, q->dst, 4);
	return (long)pkt_csum_fold(pkt_csum_add(0, h, hl));
}

/* The transport checksum the probe's bytes have with the quote's
 * addresses, ports, echo id and identity: -1 when it cannot say. */
static long
l4sum_expected(const struct pkt_pkt *probe, const struct view *p,
    const struct view *q)
{
	uint8_t ph[40], b[1500];
	size_t off, l4off, l4len;
	const uint8_t *r;
	uint32_t s;

	if (!pkt_match_l3_offset(probe, &off))
		return -1;
	r = probe->raw + off;
	if (p->alen == 4) {
		if (off + 20 > probe->rawlen)
			return -1;
		l4off = off + (size_t)(r[0] & 0x0f) * 4;
		l4len = (size_t)(r[2] << 8 | r[3]);
		if (l4len < (size_t)(r[0] & 0x0f) * 4)
			return -1;
		l4len -= (size_t)(r[0] & 0x0f) * 4;
	} else {
		/* Extension headers before the transport: not compared. */
		if (off + 40 > probe->rawlen || r[6] != p->proto)
			return -1;
		l4off = off + 40;
		l4len = (size_t)(r[4] << 8 | r[5]);
	}
	if (l4len < 8 || l4len > sizeof(b) || l4off + l4len > probe->rawlen ||
	    (size_t)p->o_sum + 2 > l4len)
		return -1;
	memcpy(b, probe->raw + l4off, l4len);
	if (p->o_sport >= 0 && q->has_sport)
		put16(b + p->o_sport, q->sport);
	if (p->o_sport >= 0 && q->has_echoid)
		put16(b + p->o_sport, q->echoid);
	if (p->o_dport >= 0 && q->has_dport)
		put16(b + p->o_dport, q->dport);
	if (p->o_ident >= 0 && q->has_ident) {
		if (p->o_ident == 4 && p->proto == 6) {
			put16(b + 4, q->ident >> 16);
			put16(b + 6, q->ident);
		} else
			put16(b + p->o_ident, q->ident);
	}
	memset(b + p->o_sum, 0, 2);
	s = pkt_csum_add(0, b, l4len);
	if (p->proto != 0 && !(p->alen == 4 && p->proto == 58)) {
		size_t n = 0;

		memcpy(ph, q->has_src ? q->src : p->src, p->alen);
		memcpy(ph + p->alen, q->has_dst ? q->dst : p->dst, p->alen);
		n = 2 * p->alen;
		if (p->alen == 4) {
			ph[n++] = 0;
			ph[n++] = (uint8_t)p->proto;
			put16(ph + n, (uint32_t)l4len);
			n += 2;
		} else {
			memset(ph + n, 0, 4);
			put16(ph + n + 2, (uint32_t)l4len);
			memset(ph + n + 4, 0, 3);
			ph[n + 7] = (uint8_t)p->proto;
			n += 8;
		}
		s = pkt_csum_add(s, ph, n);
	}
	s = pkt_csum_fold(s);
	if (s == 0 && p->proto == 17)	/* UDP sends a computed 0 as 0xffff */
		s = 0xffff;
	return (long)s;
}

unsigned
pkt_nat_compare(const struct pkt_pkt *probe, const struct pkt_pkt *reply)
{
	struct view p, q;
	unsigned m = 0;
	long e;

	if (!views(probe, reply, &p, &q))
		return 0;
	if (q.has_src && p.has_src && memcmp(q.src, p.src, p.alen) != 0)
		m |= PKT_NAT_SRC;
	if (q.has_dst && p.has_dst && memcmp(q.dst, p.dst, p.alen) != 0)
		m |= PKT_NAT_DST;
	if (q.has_id && p.has_id && q.id != p.id)
		m |= PKT_NAT_ID;
	/* The header's checksum, as the quote's fields give it: a router
	 * that took the TTL off without updating it, or quoted another
	 * total length, is no rewrite. */
	if (p.alen == 4 && q.has_ipsum && q.has_ttl && p.has_ipsum &&
	    ipsum_expected(probe, &p, 0, false) == (long)p.ipsum &&
	    ipsum_expected(probe, &q, 0, false) != (long)q.ipsum &&
	    ipsum_expected(probe, &q, 0, true) != (long)q.ipsum &&
	    (q.ttl == 255 || ipsum_expected(probe, &q, 1, false) != (long)q.ipsum))
		m |= PKT_NAT_CHKSUM;
	if (q.l4 == NULL)
		return m;
	if (q.has_sport && p.has_sport && q.sport != p.sport)
		m |= PKT_NAT_SPORT;
	if (q.has_dport && p.has_dport && q.dport != p.dport)
		m |= PKT_NAT_DPORT;
	if (q.has_echoid && p.has_echoid && q.echoid != p.echoid)
		m |= PKT_NAT_ECHOID;
	/* A quote of another length (an option added on the way, MSS
	 * clamping; a router's quirk) is not of the same bytes.  A probe
	 * captured before the NIC or the kernel filled its
	 * checksum (offload: tcpdump's "bad udp cksum" of what a socket
	 * sends; a veth never fills it, and routers quote it so) says
	 * nothing to compare with. */
	if (q.has_sum && p.has_sum && q.len == p.len && q.dataofs == p.dataofs &&
	    (e = l4sum_expected(probe, &p, &q)) >= 0 &&
	    (unsigned long)e != q.sum &&
	    (unsigned long)l4sum_expected(probe, &p, &p) == p.sum)
		m |= PKT_NAT_L4SUM;
	return m;
}

bool
pkt_nat_same_probe(const struct pkt_pkt *probe, const struct pkt_pkt *reply)
{
	struct view p, q;
	const struct pkt_li *pl, *ql;
	bool src, dst;
	size_t qn;
	int pn;

	/* First what most probes fail, cheaply (sr.c tries every probe of
	 * its window): the IPv4 id, the IPv6 destination. */
	if (!quote_of(reply, &qn) || (pn = pkt_match_l3(probe)) < 0 ||
	    (pl = &probe->li[pn])->l != (ql = &reply->li[qn])->l)
		return false;
	if (pl->l == &pkt_layer_ip && (!ql->v[IP_F_ID].set ||
	    pkt_li_wire(ql, IP_F_ID) != pkt_li_wire(pl, IP_F_ID)))
		return false;
	if (pl->l == &pkt_layer_ipv6 && (!ql->v[IPV6_F_DST].set ||
	    memcmp(ql->v[IPV6_F_DST].a, pl->v[IPV6_F_DST].a, 16) != 0))
		return false;
	if (!views(probe, reply, &p, &q) || !p.has_src || !p.has_dst)
		return false;
	src = q.has_src && memcmp(q.src, p.src, p.alen) == 0;
	dst = q.has_dst && memcmp(q.dst, p.dst, p.alen) == 0;
	if (!src && !dst)
		return false;
	/* The transport's identity, when the quote has it, is the probe's. */
	if (q.l4 != NULL && p.has_ident && q.has_ident && q.ident != p.ident)
		return false;
	if (p.alen == 4)
		return p.has_id && q.has_id && p.id != 0 && q.id == p.id;
	if (dst && q.l4 != NULL && p.has_ident && q.has_ident)
		return true;
	/* An IPv6 UDP probe is known by its checksum: the quote's is the
	 * probe's, or what the probe's bytes sum to with the quote's
	 * addresses and ports (a NAT that fixed it). */
	return dst && q.l4 != NULL && p.proto == 17 && p.has_sum && q.has_sum &&
	    q.len == p.len && (q.sum == p.sum ||
	    l4sum_expected(probe, &p, &q) == (long)q.sum);
}

void
pkt_nat_fmt(char *buf, size_t size, unsigned mask)
{
	size_t off = 0, k;

	if (size == 0)
		return;
	buf[0] = '\0';
	for (k = 0; k < PKT_NAT_NBITS; k++) {
		int w;

		if (!(mask & (1u << k)))
			continue;
		w = snprintf(buf + off, size - off, "%s%s", off ? "," : "",
		    pkt_nat_names[k]);
		if (w < 0 || (size_t)w >= size - off)
			return;
		off += (size_t)w;
	}
}
