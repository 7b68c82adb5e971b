/* match.c: answers.
 *
 * Scapy's rules (SCAPY-NOTES 1.3), layer by layer from the network
 * header: IP addresses swapped, or an ICMP error whose quoted packet is
 * the probe; TCP ports swapped and sequence numbers within reach; UDP
 * reply port; ICMP echo id and seq; ARP op and address; DNS id.  Unlike
 * Scapy, the quoted probe's IP id must be the probe's (so probes that
 * differ only in TTL never answer each other), and an ICMP error quoting
 * an echo request is checked on its id/seq by type, not by code. */
#include "match.h"

#include <string.h>

#include "pkt.h"

extern const struct pkt_layer pkt_layer_ip, pkt_layer_ipv6, pkt_layer_tcp,
    pkt_layer_udp, pkt_layer_icmp;

/* Field value by name (the layer tables are the reference). */
static const struct pkt_val *
fv(const struct pkt_li *li, const char *name)
{
	int fi = pkt_layer_field(li->l, name);

	if (fi < 0)
		return NULL;
	return &li->v[fi];
}

static uint64_t
fu(const struct pkt_li *li, const char *name)
{
	const struct pkt_val *v = fv(li, name);

	return v != NULL && v->set ? v->u : 0;
}

static bool
same_addr(const struct pkt_li *a, const char *fa, const struct pkt_li *b,
    const char *fb, size_t len)
{
	const struct pkt_val *x = fv(a, fa), *y = fv(b, fb);

	return x != NULL && y != NULL && memcmp(x->a, y->a, len) == 0;
}

/* Equal bytes fields (an unset one is empty). */
static bool
same_bytes(const struct pkt_li *a, const struct pkt_li *b, const char *name)
{
	const struct pkt_val *x = fv(a, name), *y = fv(b, name);
	size_t xn = x != NULL && x->set ? x->blen : 0;
	size_t yn = y != NULL && y->set ? y->blen : 0;

	return xn == yn && (xn == 0 || memcmp(x->b, y->b, xn) == 0);
}

static bool
named(const struct pkt_li *li, const char *name)
{
	return strcmp(li->l->name, name) == 0;
}

static bool
is_l3(const struct pkt_li *li)
{
	return li->l == &pkt_layer_ip || li->l == &pkt_layer_ipv6 ||
	    named(li, "ARP");
}

int
pkt_match_l3(const struct pkt_pkt *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (is_l3(&p->li[i]) && !p->li[i].quoted)
			return (int)i;
	return -1;
}

/* The layer after i that is not an IPv6 extension header. */
static int
upper(const struct pkt_pkt *p, size_t i)
{
	for (i++; i < p->n; i++)
		if (strncmp(p->li[i].l->name, "IPv6ExtHdr", 10) != 0)
			return (int)i;
	return -1;
}

static bool
icmp6_error(const struct pkt_li *li)
{
	return named(li, "ICMPv6DestUnreach") || named(li, "ICMPv6PacketTooBig") ||
	    named(li, "ICMPv6TimeExceeded") || named(li, "ICMPv6ParamProblem");
}

bool
pkt_match_is_error(const struct pkt_pkt *p, unsigned *type, unsigned *code)
{
	int l3 = pkt_match_l3(p), u;
	const struct pkt_li *li;

	if (l3 < 0 || (u = upper(p, (size_t)l3)) < 0)
		return false;
	li = &p->li[u];
	if (li->l == &pkt_layer_icmp) {
		uint64_t t = fu(li, "type");

		if (t == 3 || t == 4 || t == 5 || t == 11 || t == 12) {
			*type = (unsigned)t;
			*code = (unsigned)fu(li, "code");
			return true;
		}
	}
	if (icmp6_error(li)) {
		*type = (unsigned)fu(li, "type");
		*code = (unsigned)fu(li, "code");
		return true;
	}
	return false;
}

/* The length of what follows the TCP header at pi (Scapy's
 * len(other.payload), whatever layers it was dissected into: DNS over
 * TCP too): the IP total length or IPv6 payload length, less the headers
 * up to it; the Raw bytes when those lengths do not add up. */
static size_t
tcp_paylen(const struct pkt_pkt *pp, size_t pi)
{
	int64_t n = -1, ext = 0;
	size_t k, raw = 0;

	for (k = pi + 1; k < pp->n; k++)
		if (pp->li[k].l == &pkt_layer_raw && pp->li[k].v[0].set)
			raw += pp->li[k].v[0].blen;
	for (k = pi; k-- > 0 && n < 0; ) {
		const struct pkt_li *li = &pp->li[k];

		if (li->l == &pkt_layer_ip)
			n = (int64_t)fu(li, "len") - 4 * (int64_t)fu(li, "ihl");
		else if (li->l == &pkt_layer_ipv6)
			n = (int64_t)fu(li, "plen") - ext;
		else if (named(li, "IPv6ExtHdrFragment"))
			ext += 8;
		else if (strncmp(li->l->name, "IPv6ExtHdr", 10) == 0)
			ext += 8 * ((int64_t)fu(li, "len") + 1);
		else
			break;
	}
	n -= 4 * (int64_t)fu(&pp->li[pi], "dataofs");
	return n >= 0 && n <= 65535 ? (size_t)n : raw;
}

/* Sequence numbers within reach (Scapy's TCP.answers). */
static bool
tcp_answers(const struct pkt_pkt *pp, size_t pi, const struct pkt_li *r)
{
	const struct pkt_li *p = &pp->li[pi];
	uint64_t pf = fu(p, "flags"), rf = fu(r, "flags");
	uint64_t pseq = fu(p, "seq"), pack = fu(p, "ack");
	uint64_t rseq = fu(r, "seq"), rack = fu(r, "ack");
	size_t paylen;
	int64_t d;

	if (pf & 0x04)		/* a probe with RST is never answered */
		return false;
	if ((rf & 0x02) && (!(rf & 0x10) || !(pf & 0x02)))
		return false;	/* SYN must come back as SYN-ACK, to a SYN */
	if (fu(p, "sport") != fu(r, "dport") || fu(p, "dport") != fu(r, "sport"))
		return false;
	if (!(pf & 0x02) || (pf & 0x10)) {	/* not SYN without ACK: ack numbers */
		d = (int64_t)pack - (int64_t)rseq;
		if (d > 2 || d < -2)
			return false;
	}
	if ((rf & 0x14) == 0x04)	/* bare RST */
		return true;
	paylen = tcp_paylen(pp, pi);
	/* |probe.seq - reply.ack| <= 2 + len(payload), modulo 2^32: the
	 * reply's ack is usually past the probe's seq by the payload. */
	d = (int64_t)((pseq - rack) & 0xffffffffu);
	if (d > (int64_t)(2 + paylen) &&
	    (uint64_t)d < UINT64_C(0x100000000) - (2 + paylen))
		return false;
	return true;
}

static bool
icmp_echo_pair(uint64_t ptype, uint64_t rtype)
{
	static const uint8_t pairs[][2] = { { 8, 0 }, { 13, 14 }, { 15, 16 },
	    { 17, 18 }, { 33, 34 }, { 35, 36 }, { 37, 38 } };
	size_t i;

	for (i = 0; i < sizeof(pairs) / sizeof(pairs[0]); i++)
		if (pairs[i][0] == ptype && pairs[i][1] == rtype)
			return true;
	return false;
}

/* What follows the transport header: DNS id, else anything. */
static bool
payload_answers(const struct pkt_pkt *p, size_t pi, const struct pkt_pkt *r,
    size_t ri)
{
	const struct pkt_li *a, *b;

	if (pi + 1 >= p->n || ri + 1 >= r->n)
		return true;
	a = &p->li[pi + 1];
	b = &r->li[ri + 1];
	if (named(a, "DNS") && named(b, "DNS"))
		return fu(a, "id") == fu(b, "id") && fu(b, "qr") == 1 &&
		    fu(a, "qr") == 0;
	return true;
}

/* The transport layers of a direct answer. */
static bool
l4_answers(const struct pkt_pkt *p, size_t pi, const struct pkt_pkt *r, size_t ri)
{
	const struct pkt_li *a = &p->li[pi], *b = &r->li[ri];

	if (a->l != b->l) {
		/* ICMPv6 echo: request and reply are different classes;
		 * the reply carries the request's data (Scapy compares it). */
		if (named(a, "ICMPv6EchoRequest") && named(b, "ICMPv6EchoReply"))
			return fu(a, "id") == fu(b, "id") && fu(a, "seq") == fu(b, "seq") &&
			    same_bytes(a, b, "data");
		/* Neighbour discovery, as Scapy: an advertisement for the
		 * target solicited; a router advertisement to a solicitation. */
		if (named(a, "ICMPv6ND_NS") && named(b, "ICMPv6ND_NA"))
			return same_addr(a, "tgt", b, "tgt", 16);
		if (named(a, "ICMPv6ND_RS") && named(b, "ICMPv6ND_RA"))
			return true;
		return false;
	}
	if (a->l == &pkt_layer_tcp)
		return tcp_answers(p, pi, b) && payload_answers(p, pi, r, ri);
	if (a->l == &pkt_layer_udp)
		return fu(a, "sport") == fu(b, "dport") && payload_answers(p, pi, r, ri);
	if (a->l == &pkt_layer_icmp)
		return icmp_echo_pair(fu(a, "type"), fu(b, "type")) &&
		    fu(a, "id") == fu(b, "id") && fu(a, "seq") == fu(b, "seq");
	/* ICMPv6 of the same class (an echo request to an echo request):
	 * never a direct answer (Scapy's _ICMPv6.answers). */
	if (strncmp(a->l->name, "ICMPv6", 6) == 0)
		return false;
	return true;
}

/* The quoted transport header of an error against the probe's. */
static bool
l4_quoted(const struct pkt_li *a, const struct pkt_li *q)
{
	if (a->l != q->l)
		return strncmp(a->l->name, "ICMPv6Echo", 10) == 0 &&
		    strcmp(a->l->name, q->l->name) == 0;
	if (a->l == &pkt_layer_tcp || a->l == &pkt_layer_udp) {
		const struct pkt_val *qs;

		/* A quote may stop after 8 bytes: the ports are there, and
		 * TCP's sequence number or UDP's checksum, which tell probes
		 * of one flow apart (pkttrace's identity without an IP id:
		 * IPv6).  Fields the quote does not have are not compared. */
		if (fu(a, "sport") != fu(q, "sport") || fu(a, "dport") != fu(q, "dport"))
			return false;
		qs = fv(q, a->l == &pkt_layer_tcp ? "seq" : "chksum");
		return qs == NULL || !qs->set ||
		    qs->u == fu(a, a->l == &pkt_layer_tcp ? "seq" : "chksum");
	}
	if (a->l == &pkt_layer_icmp) {
		uint64_t t = fu(a, "type");

		if (t != fu(q, "type") || fu(a, "code") != fu(q, "code"))
			return false;
		if (pkt_icmp_has_idseq(t))
			return fu(a, "id") == fu(q, "id") && fu(a, "seq") == fu(q, "seq");
	}
	/* A quoted ICMPv6 echo request is the same class as the probe: its
	 * id and seq must be the probe's too (pkttrace's identity over
	 * IPv6, where there is no IP id). */
	if (named(a, "ICMPv6EchoRequest"))
		return fu(a, "id") == fu(q, "id") && fu(a, "seq") == fu(q, "seq");
	return true;
}

static bool
ip_answers(const struct pkt_pkt *p, size_t pi, const struct pkt_pkt *r, size_t ri)
{
	const struct pkt_li *a = &p->li[pi], *b = &r->li[ri];
	bool v6 = a->l == &pkt_layer_ipv6;
	size_t alen = v6 ? 16 : 4;
	int ru = upper(r, ri), pu = upper(p, pi);
	unsigned t, c;

	if (b->l != a->l || !same_addr(b, "dst", a, "src", alen))
		return false;
	if (pkt_match_is_error(r, &t, &c)) {
		/* The error quotes the probe: IPerror then its transport. */
		int q = ru + 1, qu;
		const struct pkt_li *ql;

		if (ru < 0 || (size_t)q >= r->n)
			return false;
		ql = &r->li[q];
		if (ql->l != a->l || !same_addr(ql, "src", a, "src", alen) ||
		    !same_addr(ql, "dst", a, "dst", alen))
			return false;
		/* An id of 0 is the kernel's to fill under --l3raw: then
		 * the quote has the kernel's, which we cannot know. */
		if (!v6 && (fu(ql, "proto") != fu(a, "proto") ||
		    (fu(a, "id") != 0 && fu(ql, "id") != fu(a, "id"))))
			return false;
		if (v6 && fu(ql, "nh") != fu(a, "nh"))
			return false;
		qu = upper(r, (size_t)q);
		if (pu < 0 || qu < 0)
			return true;	/* quote too short to say more */
		return l4_quoted(&p->li[pu], &r->li[qu]);
	}
	/* The answer comes from where the probe went; a probe to an IPv6
	 * multicast group (a neighbour solicitation, ff02::1) is answered
	 * from the members' own addresses, as Scapy allows. */
	if (!same_addr(b, "src", a, "dst", alen)) {
		const struct pkt_val *pd = fv(a, "dst");

		if (!v6 || pd == NULL || pd->a[0] != 0xff)
			return false;
	}
	if (!v6 && fu(a, "proto") != fu(b, "proto"))
		return false;
	/* A probe with nothing above IP is answered only by a packet with
	 * nothing above it either (Scapy's NoPayload.answers). */
	if (pu < 0 || ru < 0)
		return pu < 0 && ru < 0;
	return l4_answers(p, (size_t)pu, r, (size_t)ru);
}

static bool
arp_answers(const struct pkt_li *a, const struct pkt_li *b)
{
	const struct pkt_val *pd = fv(a, "pdst"), *ps = fv(b, "psrc");

	if (fu(b, "op") != fu(a, "op") + 1 || pd == NULL || ps == NULL)
		return false;
	return memcmp(pd->a, ps->a, 4) == 0;
}

bool
pkt_match_answers(const struct pkt_pkt *probe, const struct pkt_pkt *reply)
{
	int pi = pkt_match_l3(probe), ri = pkt_match_l3(reply);

	if (pi < 0 || ri < 0)
		return false;
	if (named(&probe->li[pi], "ARP"))
		return named(&reply->li[ri], "ARP") &&
		    arp_answers(&probe->li[pi], &reply->li[ri]);
	return ip_answers(probe, (size_t)pi, reply, (size_t)ri);
}

static uint32_t
l4key(const struct pkt_li *li, bool reply)
{
	if (li->l == &pkt_layer_tcp || li->l == &pkt_layer_udp)
		return (uint32_t)(li->l == &pkt_layer_tcp ? 6 : 17) << 16 |
		    (uint32_t)fu(li, reply ? "dport" : "sport");
	if (li->l == &pkt_layer_icmp || strncmp(li->l->name, "ICMPv6Echo", 10) == 0)
		return (uint32_t)1 << 16 | (uint32_t)fu(li, "id");
	return 0;
}

uint32_t
pkt_match_key(const struct pkt_pkt *p, bool is_reply)
{
	int l3 = pkt_match_l3(p), u;
	unsigned t, c;

	if (l3 < 0)
		return 0;
	if (named(&p->li[l3], "ARP"))
		return 0x806u << 16;
	u = upper(p, (size_t)l3);
	if (u < 0)
		return 0;
	if (is_reply && pkt_match_is_error(p, &t, &c)) {
		int q = u + 1, qu;

		if ((size_t)q >= p->n || (qu = upper(p, (size_t)q)) < 0)
			return 0;
		return l4key(&p->li[qu], false);
	}
	return l4key(&p->li[u], is_reply);
}

bool
pkt_match_l3_offset(const struct pkt_pkt *p, size_t *off)
{
	int l3 = pkt_match_l3(p);
	size_t i, k, bits = 0;

	if (l3 < 0 || p->raw == NULL)
		return false;
	/* The link headers before it: the bits of the fields they hold. */
	for (i = 0; i < (size_t)l3; i++) {
		const struct pkt_li *li = &p->li[i];

		for (k = 0; k < li->l->nf; k++) {
			const struct pkt_field *f = &li->l->f[k];

			if (!li->v[k].set || (f->fl & PKT_FF_VIRTUAL) ||
			    !pkt_li_present(li, k))
				continue;
			if (f->type == PKT_F_UINT || f->type == PKT_F_FLAGS)
				bits += f->bits;
			else if (f->type == PKT_F_MAC)
				bits += 48;
			else if (f->type == PKT_F_IPV4)
				bits += 32;
			else if (f->type == PKT_F_IPV6)
				bits += 128;
			else
				bits += li->v[k].blen * 8;
		}
	}
	*off = bits / 8;
	return *off <= p->rawlen;
}

bool
pkt_match_peer(const struct pkt_pkt *p, bool is_reply, uint8_t addr[16],
    uint32_t *port)
{
	int l3 = pkt_match_l3(p), u;
	const struct pkt_li *li, *tl;
	const struct pkt_val *a;
	unsigned t, c;
	bool dir = !is_reply;	/* the probe's dst, the reply's src */

	if (l3 < 0)
		return false;
	li = &p->li[l3];
	memset(addr, 0, 16);
	*port = 0;
	if (named(li, "ARP")) {
		if ((a = fv(li, is_reply ? "psrc" : "pdst")) == NULL)
			return false;
		memcpy(addr, a->a, 4);
		return true;
	}
	if ((u = upper(p, (size_t)l3)) < 0)
		return false;
	if (is_reply && pkt_match_is_error(p, &t, &c)) {
		/* The quote: the probe as it went, its dst and dport. */
		if ((size_t)u + 1 >= p->n || !is_l3(&p->li[u + 1]))
			return false;
		li = &p->li[u + 1];
		if ((u = upper(p, (size_t)u + 1)) < 0)
			return false;
		dir = true;
	}
	if ((a = fv(li, dir ? "dst" : "src")) == NULL)
		return false;
	/* A probe to an IPv6 multicast group is answered from elsewhere. */
	if (li->l == &pkt_layer_ipv6 && !is_reply && a->a[0] == 0xff)
		return false;
	memcpy(addr, a->a, li->l == &pkt_layer_ipv6 ? 16 : 4);
	tl = &p->li[u];
	if (tl->l == &pkt_layer_tcp)	/* a UDP answer may come from any port */
		*port = (uint32_t)fu(tl, dir ? "dport" : "sport");
	return true;
}
