/* icmp6.c: ICMPv6 (RFC 4443) and Neighbor Discovery (RFC 4861), one
 * layer per message type as Scapy 2.5 has them, and the ND options as
 * layers of their own following the message.
 *
 *    0                   1                   2                   3
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      |     Code      |          Checksum             |
 *   |                  type-specific (id/seq, mtu, ptr...)          |
 *   |  errors (1-4): as much of the invoking packet as fits         |
 *   |  ND (133-137): target/addresses, then options:                |
 *   |     |     Type      |    Length     |   data (8n-2 bytes) ... |
 *
 * The checksum covers the IPv6 pseudo-header (next header 58), with the
 * final destination of a routing header when there is one. */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "../dissect.h"
#include "icmp6.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "icmpext.h"
#include "names.h"
#include "../match.h"

extern const struct pkt_layer pkt_layer_ipv6;
extern const struct pkt_layer pkt_layer_icmp6_unknown, pkt_layer_icmp6_unreach,
    pkt_layer_icmp6_toobig, pkt_layer_icmp6_timeexceed,
    pkt_layer_icmp6_paramproblem, pkt_layer_icmp6_echo_req,
    pkt_layer_icmp6_echo_rep, pkt_layer_icmp6_nd_rs, pkt_layer_icmp6_nd_ra,
    pkt_layer_icmp6_nd_ns, pkt_layer_icmp6_nd_na, pkt_layer_icmp6_nd_redirect,
    pkt_layer_icmp6_ndopt_srcll, pkt_layer_icmp6_ndopt_dstll,
    pkt_layer_icmp6_ndopt_prefix, pkt_layer_icmp6_ndopt_mtu,
    pkt_layer_icmp6_ndopt_unknown;

const struct pkt_layer *pkt_icmp6_pick(const uint8_t *, size_t);

#define NF(a) (sizeof(a) / sizeof((a)[0]))



#define TYPE(d) { .name = "type", .type = PKT_F_UINT, .bits = 8, .def = (d), \
	.names = pkt_names_icmp6_types }
#define CODE(n) { .name = "code", .type = PKT_F_UINT, .bits = 8, .names = (n) }
#define CKSUM { .name = "cksum", .type = PKT_F_UINT, .bits = 16, \
	.fl = PKT_FF_HEX | PKT_FF_AUTO }
#define U(nm, b, d) { .name = nm, .type = PKT_F_UINT, .bits = (b), .def = (d) }
#define X(nm, b, d) { .name = nm, .type = PKT_F_UINT, .bits = (b), .def = (d), \
	.fl = PKT_FF_HEX }
#define A6(nm) { .name = nm, .type = PKT_F_IPV6, .defs = "::" }
#define DATA(nm) { .name = nm, .type = PKT_F_BYTES, .fl = PKT_FF_STR }

int
pkt_icmp6_finish(struct pkt_bctx *bc, size_t idx)
{
	const struct pkt_li *li = &bc->p->li[idx];
	uint16_t ck;

	if (!li->v[ICMP6_F_CKSUM].set && bc->hlen[idx] >= 4 &&
	    pkt_csum_upper(bc, idx, ICMP6_F_CKSUM, 58, &ck))
		pkt_bctx_putu(bc, idx, ICMP6_F_CKSUM, ck);
	return 0;
}

/* Scapy's icmp6typesminhdrlen: shorter messages of a known type are Raw. */
static size_t
minhdrlen(unsigned t)
{
	switch (t) {
	case 1: case 2: case 3: case 4: case 128: case 129: case 133:
	case 141: case 142: case 143: case 144: case 145: case 146: case 147:
	case 151:
		return 8;
	case 134:
		return 16;
	case 130: case 131: case 132: case 135: case 136:
		return 24;
	case 137:
		return 40;
	case 152: case 153: case 155:
		return 4;
	}
	return 4;	/* type, code, cksum: ICMPv6Unknown */
}

/* Bytes of a layer's fixed part: its fields up to the first one of
 * variable length or presence. */
static size_t
fixed_len(const struct pkt_layer *l)
{
	size_t bits = 0, i;

	for (i = 0; i < l->nf && l->f[i].cond == NULL; i++) {
		size_t w = pkt_field_width(&l->f[i]);

		if (w == 0)
			break;
		bits += w;
	}
	return bits / 8;
}

/* IPv6 nh 58: the class by the type byte (Scapy's _IPv6GuessPayload).
 * The classes are the layers bound above IPv6 by nh 58, each known by
 * its type field's default, so a message family is a file of its own
 * plus its lines in layers.c.  Two classes of one type (MLD queries) are
 * told apart by length: the longest whose fixed part the message holds
 * (RFC 3810 8.1: a query of 28 bytes or more is MLDv2).  Types Scapy has
 * no class of ours for are ICMPv6Unknown. */
const struct pkt_layer *
pkt_icmp6_pick(const uint8_t *p, size_t n)
{
	const struct pkt_layer *best = NULL;
	const struct pkt_bind *b;
	size_t bestlen = 0;

	if (n < 1 || n < minhdrlen(p[0]))
		return &pkt_layer_raw;
	for (b = pkt_binds; b->lower != NULL; b++) {
		const struct pkt_layer *l = b->upper;
		size_t fl;

		if (b->lower != &pkt_layer_ipv6 || b->val != 58 ||
		    l == &pkt_layer_icmp6_unknown || l->nf == 0 ||
		    l->f[0].def != p[0])
			continue;
		fl = fixed_len(l);
		if (fl <= n && (best == NULL || fl > bestlen)) {
			best = l;
			bestlen = fl;
		}
	}
	return best != NULL ? best : &pkt_layer_icmp6_unknown;
}

/* ---- generic, echo, errors --------------------------------------------- */

static const struct pkt_field unknown_fields[] = {
	TYPE(1), U("code", 8, 0), CKSUM, DATA("msgbody"),
};

const struct pkt_layer pkt_layer_icmp6_unknown = {
	.name = "ICMPv6Unknown", .title = "Scapy6 ICMPv6 fallback class",
	.f = unknown_fields, .nf = NF(unknown_fields), .dlt = -1,
	.finish = pkt_icmp6_finish,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers,
	.protocol = "ICMPv6",
};


static const struct pkt_field echo_req_fields[] = {
	TYPE(128), U("code", 8, 0), CKSUM, X("id", 16, 0), X("seq", 16, 0),
	DATA("data"),
};
_Static_assert(NF(echo_req_fields) == ICMP6_ECHO_NF,
    "icmp6.h's enum and the table of icmp6.c differ");
static const struct pkt_field echo_rep_fields[] = {
	TYPE(129), U("code", 8, 0), CKSUM, X("id", 16, 0), X("seq", 16, 0),
	DATA("data"),
};
_Static_assert(NF(echo_rep_fields) == ICMP6_ECHO_NF,
    "icmp6.h's enum and the table of icmp6.c differ");

/* ---- matching: Scapy's answers() of the ICMPv6 classes ------------------ */

/* Any ICMPv6 message: never a direct answer to one of its own class
 * (Scapy's _ICMPv6.answers); quoted in an error, it is the probe's class. */
bool
pkt_icmp6_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	const struct pkt_li *r = &m->reply->li[ri];

	return r->quoted && pi < m->probe->n && m->probe->li[pi].l == r->l;
}

static bool
same_idseq(const struct pkt_li *a, const struct pkt_li *b)
{
	return pkt_li_wire(a, ICMP6_ECHO_F_ID) == pkt_li_wire(b, ICMP6_ECHO_F_ID) &&
	    pkt_li_wire(a, ICMP6_ECHO_F_SEQ) == pkt_li_wire(b, ICMP6_ECHO_F_SEQ);
}

/* A quoted echo request has the probe's id and seq (pkttrace's identity
 * over IPv6, where there is no IP id). */
static bool
echo_req_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	return pkt_icmp6_answers(m, ri, pi) &&
	    same_idseq(&m->reply->li[ri], &m->probe->li[pi]);
}

/* ICMPv6EchoReply.answers: the request's id, seq and data. */
static bool
echo_rep_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	const struct pkt_li *r = &m->reply->li[ri], *p;
	const struct pkt_val *x, *y;
	size_t xn, yn;

	if (r->quoted)
		return pkt_icmp6_answers(m, ri, pi);
	if (pi >= m->probe->n || (p = &m->probe->li[pi])->l != &pkt_layer_icmp6_echo_req ||
	    !same_idseq(p, r))
		return false;
	x = &p->v[ICMP6_ECHO_F_DATA];
	y = &r->v[ICMP6_ECHO_F_DATA];
	xn = x->set ? x->blen : 0;
	yn = y->set ? y->blen : 0;
	return xn == yn && (xn == 0 || memcmp(x->b, y->b, xn) == 0);
}

static uint32_t
echo_hashret(const struct pkt_match_conf *c, const struct pkt_pkt *p, size_t idx,
    bool reply)
{
	(void)c;
	(void)reply;
	return UINT32_C(1) << 16 | (uint32_t)pkt_li_wire(&p->li[idx], ICMP6_ECHO_F_ID);
}

/* Errors (types 1-4) quote the probe. */
static bool
icmp6_error(const struct pkt_li *li, unsigned *t, unsigned *code)
{
	if (li->quoted)
		return false;
	*t = (unsigned)pkt_li_wire(li, ICMP6_F_TYPE);
	*code = (unsigned)pkt_li_wire(li, ICMP6_F_CODE);
	return true;
}

/* An Echo Reply's sequence number (ping's lines). */
static bool
echo_rep_echo(const struct pkt_li *li, uint64_t *seq)
{
	*seq = pkt_li_u(li, ICMP6_ECHO_F_SEQ);
	return true;
}

/* "ICMPv6 Echo Request (id: 0x0 seq: 0x0)" */
static bool
echo_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];

	snprintf(s, n, "%s (id: 0x%x seq: 0x%x)", li->l->title,
	    (unsigned)pkt_li_u(li, ICMP6_ECHO_F_ID), (unsigned)pkt_li_u(li, ICMP6_ECHO_F_SEQ));
	return true;
}

const struct pkt_layer pkt_layer_icmp6_echo_req = {
	.name = "ICMPv6EchoRequest", .title = "ICMPv6 Echo Request",
	.f = echo_req_fields, .nf = NF(echo_req_fields), .dlt = -1,
	.finish = pkt_icmp6_finish, .summary = echo_summary,
	.role = PKT_ROLE_TRANSPORT, .answers = echo_req_answers,
	.hashret = echo_hashret,
	.protocol = "ICMPv6",
};
const struct pkt_layer pkt_layer_icmp6_echo_rep = {
	.name = "ICMPv6EchoReply", .title = "ICMPv6 Echo Reply",
	.f = echo_rep_fields, .nf = NF(echo_rep_fields), .dlt = -1,
	.finish = pkt_icmp6_finish, .summary = echo_summary,
	.role = PKT_ROLE_TRANSPORT, .answers = echo_rep_answers,
	.hashret = echo_hashret, .echo = echo_rep_echo,
	.protocol = "ICMPv6",
};

/* Errors quote the invoking packet: IPerror6 and what follows it. */
static const struct pkt_layer *
error_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p,
    size_t n)
{
	(void)li;
	(void)p;
	(void)n;
	dc->quoted = true;
	return &pkt_layer_ipv6;
}

/* "length" of unreach_fields and timeexceed_fields. */
enum { E_F_LENGTH = 3 };

/* Destination unreachable and time exceeded may carry RFC 4884
 * extensions after the quote (icmpext.c); their length field (3) counts
 * it in 64-bit words. */
static const struct pkt_layer *
error_ext_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p,
    size_t n)
{
	return pkt_icmpext_quote(dc, p, n, 8 * (size_t)pkt_li_u(li, E_F_LENGTH),
	    &pkt_layer_ipv6);
}

static const struct pkt_field unreach_fields[] = {
	TYPE(1), CODE(pkt_names_icmp6_unreach_codes), CKSUM, U("length", 8, 0),
	X("unused", 24, 0),
};
static const struct pkt_field toobig_fields[] = {
	TYPE(2), U("code", 8, 0), CKSUM, U("mtu", 32, 1280),
};
static const struct pkt_field timeexceed_fields[] = {
	TYPE(3), CODE(pkt_names_icmp6_timeexceed_codes), CKSUM, U("length", 8, 0),
	X("unused", 24, 0),
};
static const struct pkt_field paramproblem_fields[] = {
	TYPE(4), CODE(pkt_names_icmp6_paramproblem_codes), CKSUM, U("ptr", 32, 6),
};

const struct pkt_layer pkt_layer_icmp6_unreach = {
	.name = "ICMPv6DestUnreach", .title = "ICMPv6 Destination Unreachable",
	.f = unreach_fields, .nf = NF(unreach_fields), .dlt = -1,
	.finish = pkt_icmp6_finish, .next = error_ext_next,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers, .error = icmp6_error,
	.protocol = "ICMPv6",
};
const struct pkt_layer pkt_layer_icmp6_toobig = {
	.name = "ICMPv6PacketTooBig", .title = "ICMPv6 Packet Too Big",
	.f = toobig_fields, .nf = NF(toobig_fields), .dlt = -1,
	.finish = pkt_icmp6_finish, .next = error_next,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers, .error = icmp6_error,
	.protocol = "ICMPv6",
};
const struct pkt_layer pkt_layer_icmp6_timeexceed = {
	.name = "ICMPv6TimeExceeded", .title = "ICMPv6 Time Exceeded",
	.f = timeexceed_fields, .nf = NF(timeexceed_fields), .dlt = -1,
	.finish = pkt_icmp6_finish, .next = error_ext_next,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers, .error = icmp6_error,
	.protocol = "ICMPv6",
};
const struct pkt_layer pkt_layer_icmp6_paramproblem = {
	.name = "ICMPv6ParamProblem", .title = "ICMPv6 Parameter Problem",
	.f = paramproblem_fields, .nf = NF(paramproblem_fields), .dlt = -1,
	.finish = pkt_icmp6_finish, .next = error_next,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers, .error = icmp6_error,
	.protocol = "ICMPv6",
};

/* ---- neighbour discovery ------------------------------------------------ */

/* Scapy's overload_fields: right above IPv6, an unset dst is the
 * all-nodes (all-routers for RS) group and an unset hlim is 255. */
int
pkt_icmp6_overload(struct pkt_bctx *bc, size_t idx, const char *group,
    unsigned hlim)
{
	struct pkt_li *ip;
	int fd, fh;

	if (idx == 0 || bc->p->li[idx - 1].l != &pkt_layer_ipv6)
		return 0;
	ip = &bc->p->li[idx - 1];
	fd = pkt_layer_field(ip->l, "dst");
	fh = pkt_layer_field(ip->l, "hlim");
	if (fd >= 0 && !ip->v[fd].set && group != NULL) {
		inet_pton(AF_INET6, group, ip->v[fd].a);
		ip->v[fd].set = true;
	}
	if (fh >= 0 && !ip->v[fh].set)
		pkt_li_setu(ip, (size_t)fh, hlim);
	return 0;
}

static int
nd_prepare(struct pkt_bctx *bc, size_t idx)
{
	return pkt_icmp6_overload(bc, idx, "ff02::1", 255);
}

static int
nd_rs_prepare(struct pkt_bctx *bc, size_t idx)
{
	return pkt_icmp6_overload(bc, idx, "ff02::2", 255);
}

/* Option types Scapy 2.5 has a class for (icmp6ndoptscls).  Those we
 * have no layer for are ICMPv6NDOptUnknown; other types are Raw to the
 * end, as Scapy dissects them. */
static bool
scapy_ndopt(unsigned t)
{
	return (t >= 1 && t <= 10) || (t >= 17 && t <= 19) ||
	    (t >= 23 && t <= 26) || t == 31;
}

/* After an ND message or option: the next option by its type byte
 * (Scapy's _ICMPv6NDGuessPayload); a lone byte is Raw. */
const struct pkt_layer *
pkt_icmp6_nd_next(struct pkt_dctx *dc, const struct pkt_li *li,
    const uint8_t *p, size_t n)
{
	(void)dc;
	(void)li;
	if (n < 2)
		return &pkt_layer_raw;
	switch (p[0]) {
	case 1: return &pkt_layer_icmp6_ndopt_srcll;
	case 2: return &pkt_layer_icmp6_ndopt_dstll;
	case 3: return &pkt_layer_icmp6_ndopt_prefix;
	case 5: return &pkt_layer_icmp6_ndopt_mtu;
	}
	return scapy_ndopt(p[0]) ? &pkt_layer_icmp6_ndopt_unknown : &pkt_layer_raw;
}

static const struct pkt_field rs_fields[] = {
	TYPE(133), U("code", 8, 0), CKSUM, U("res", 32, 0),
};

enum { RA_CHLIM = 3, RA_M, RA_O, RA_H, RA_PRF, RA_P, RA_RES, RA_LIFETIME };

static const struct pkt_field ra_fields[] = {
	TYPE(134), U("code", 8, 0), CKSUM,
	[RA_CHLIM] = U("chlim", 8, 0),
	[RA_M] = U("M", 1, 0),
	[RA_O] = U("O", 1, 0),
	[RA_H] = U("H", 1, 0),
	[RA_PRF] = { .name = "prf", .type = PKT_F_UINT, .bits = 2, .def = 1,
	    .names = pkt_names_icmp6_ra_prefs },
	[RA_P] = U("P", 1, 0),
	[RA_RES] = U("res", 2, 0),
	[RA_LIFETIME] = U("routerlifetime", 16, 1800),
	U("reachabletime", 32, 0), U("retranstimer", 32, 0),
};

static const struct pkt_field ns_fields[] = {
	TYPE(135), U("code", 8, 0), CKSUM, U("res", 32, 0),
	[ICMP6_NS_F_TGT] = A6("tgt"),
};
_Static_assert(NF(ns_fields) == ICMP6_NS_NF,
    "icmp6.h's enum and the table of icmp6.c differ");

static const struct pkt_field na_fields[] = {
	TYPE(136), U("code", 8, 0), CKSUM, U("R", 1, 1), U("S", 1, 0), U("O", 1, 1),
	X("res", 29, 0),
	[ICMP6_NA_F_TGT] = A6("tgt"),
};
_Static_assert(NF(na_fields) == ICMP6_NA_NF,
    "icmp6.h's enum and the table of icmp6.c differ");

static const struct pkt_field redirect_fields[] = {
	TYPE(137), U("code", 8, 0), CKSUM, X("res", 32, 0), A6("tgt"), A6("dst"),
};

static void
fmt6(char *b, size_t n, const uint8_t *a)
{
	if (inet_ntop(AF_INET6, a, b, (socklen_t)n) == NULL && n > 0)
		b[0] = '\0';
}

/* "%name% (tgt: %tgt%)" */
static bool
tgt_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	size_t fi = li->l == &pkt_layer_icmp6_nd_ns ? ICMP6_NS_F_TGT : ICMP6_NA_F_TGT;
	char a[INET6_ADDRSTRLEN];

	fmt6(a, sizeof(a), li->v[fi].a);	/* unset: zeros, "::" */
	snprintf(s, n, "%s (tgt: %s)", li->l->title, a);
	return true;
}

static bool
ra_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	const char *prf = pkt_name_get(pkt_names_icmp6_ra_prefs,
	    pkt_li_u(li, RA_PRF));

	snprintf(s, n, "%s Lifetime %u Hop Limit %u Preference %s Managed %u "
	    "Other %u Home %u", li->l->title, (unsigned)pkt_li_u(li, RA_LIFETIME),
	    (unsigned)pkt_li_u(li, RA_CHLIM), prf != NULL ? prf : "?",
	    (unsigned)pkt_li_u(li, RA_M), (unsigned)pkt_li_u(li, RA_O),
	    (unsigned)pkt_li_u(li, RA_H));
	return true;
}

/* ICMPv6ND_NA.answers: an advertisement for the target solicited;
 * ICMPv6ND_RA.answers: a router advertisement to a solicitation. */
static bool
na_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	const struct pkt_li *r = &m->reply->li[ri], *p;

	if (r->quoted)
		return pkt_icmp6_answers(m, ri, pi);
	return pi < m->probe->n && (p = &m->probe->li[pi])->l == &pkt_layer_icmp6_nd_ns &&
	    memcmp(p->v[ICMP6_NS_F_TGT].a, r->v[ICMP6_NA_F_TGT].a, 16) == 0;
}

static bool
ra_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	if (m->reply->li[ri].quoted)
		return pkt_icmp6_answers(m, ri, pi);
	return pi < m->probe->n && m->probe->li[pi].l == &pkt_layer_icmp6_nd_rs;
}

const struct pkt_layer pkt_layer_icmp6_nd_rs = {
	.name = "ICMPv6ND_RS", .title = "ICMPv6 Neighbor Discovery - Router Solicitation",
	.f = rs_fields, .nf = NF(rs_fields), .dlt = -1,
	.prepare = nd_rs_prepare, .finish = pkt_icmp6_finish,
	.next = pkt_icmp6_nd_next,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers,
	.protocol = "ICMPv6", .lfl = PKT_LF_ND,
};
const struct pkt_layer pkt_layer_icmp6_nd_ra = {
	.name = "ICMPv6ND_RA", .title = "ICMPv6 Neighbor Discovery - Router Advertisement",
	.f = ra_fields, .nf = NF(ra_fields), .dlt = -1,
	.prepare = nd_prepare, .finish = pkt_icmp6_finish,
	.next = pkt_icmp6_nd_next,
	.summary = ra_summary,
	.role = PKT_ROLE_TRANSPORT, .answers = ra_answers,
	.protocol = "ICMPv6", .lfl = PKT_LF_ND,
};
const struct pkt_layer pkt_layer_icmp6_nd_ns = {
	.name = "ICMPv6ND_NS", .title = "ICMPv6 Neighbor Discovery - Neighbor Solicitation",
	.f = ns_fields, .nf = NF(ns_fields), .dlt = -1,
	.prepare = nd_prepare, .finish = pkt_icmp6_finish,
	.next = pkt_icmp6_nd_next,
	.summary = tgt_summary,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers,
	.protocol = "ICMPv6", .lfl = PKT_LF_ND,
};
const struct pkt_layer pkt_layer_icmp6_nd_na = {
	.name = "ICMPv6ND_NA", .title = "ICMPv6 Neighbor Discovery - Neighbor Advertisement",
	.f = na_fields, .nf = NF(na_fields), .dlt = -1,
	.prepare = nd_prepare, .finish = pkt_icmp6_finish,
	.next = pkt_icmp6_nd_next,
	.summary = tgt_summary,
	.role = PKT_ROLE_TRANSPORT, .answers = na_answers,
	.protocol = "ICMPv6", .lfl = PKT_LF_ND,
};
const struct pkt_layer pkt_layer_icmp6_nd_redirect = {
	.name = "ICMPv6ND_Redirect", .title = "ICMPv6 Neighbor Discovery - Redirect",
	.f = redirect_fields, .nf = NF(redirect_fields), .dlt = -1,
	.prepare = nd_prepare, .finish = pkt_icmp6_finish,
	.next = pkt_icmp6_nd_next,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers,
	.protocol = "ICMPv6", .lfl = PKT_LF_ND,
};

/* ---- ND options ----------------------------------------------------------- */

enum { NO_TYPE, NO_LEN, NO_LLADDR };

static const struct pkt_field srcll_fields[] = {
	U("type", 8, 1), U("len", 8, 1),
	[NO_LLADDR] = { .name = "lladdr", .type = PKT_F_MAC,
	    .defs = "00:00:00:00:00:00" },
};
static const struct pkt_field dstll_fields[] = {
	U("type", 8, 2), U("len", 8, 1),
	[NO_LLADDR] = { .name = "lladdr", .type = PKT_F_MAC,
	    .defs = "00:00:00:00:00:00" },
};

/* "%name% %lladdr%" */
static bool
lladdr_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	const uint8_t *a = li->v[NO_LLADDR].a;	/* unset: zeros */

	snprintf(s, n, "%s %02x:%02x:%02x:%02x:%02x:%02x", li->l->title,
	    a[0], a[1], a[2], a[3], a[4], a[5]);
	return true;
}

enum { PI_PREFIXLEN = 2, PI_L, PI_A, PI_R, PI_RES1, PI_VALID, PI_PREF, PI_RES2,
    PI_PREFIX };

static const struct pkt_field prefix_fields[] = {
	U("type", 8, 3), U("len", 8, 4),
	[PI_PREFIXLEN] = U("prefixlen", 8, 64),
	[PI_L] = U("L", 1, 1),
	[PI_A] = U("A", 1, 1),
	[PI_R] = U("R", 1, 0),
	[PI_RES1] = U("res1", 5, 0),
	[PI_VALID] = X("validlifetime", 32, 0xffffffff),
	[PI_PREF] = X("preferredlifetime", 32, 0xffffffff),
	[PI_RES2] = X("res2", 32, 0),
	[PI_PREFIX] = A6("prefix"),
};

/* "%name% %prefix%/%prefixlen% On-link %L% Autonomous Address %A%
 * Router Address %R%" */
static bool
prefix_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	char a[INET6_ADDRSTRLEN];

	fmt6(a, sizeof(a), li->v[PI_PREFIX].a);
	snprintf(s, n, "%s %s/%u On-link %u Autonomous Address %u Router Address %u",
	    li->l->title, a, (unsigned)pkt_li_u(li, PI_PREFIXLEN),
	    (unsigned)pkt_li_u(li, PI_L), (unsigned)pkt_li_u(li, PI_A),
	    (unsigned)pkt_li_u(li, PI_R));
	return true;
}

enum { MTU_MTU = 3 };
static const struct pkt_field mtu_fields[] = {
	U("type", 8, 5), U("len", 8, 1), X("res", 16, 0),
	[MTU_MTU] = U("mtu", 32, 1280),
};

static bool
mtu_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];

	snprintf(s, n, "%s %u", li->l->title, (unsigned)pkt_li_u(li, MTU_MTU));
	return true;
}

/* Unknown option: the data is len * 8 - 2 bytes on the wire (RFC 4861);
 * len 0 (invalid) takes the rest.  Building with len unset writes
 * Scapy's value, the data length + 2 (in bytes, not 8-byte units). */
static size_t
ndopt_datalen(const struct pkt_li *li, size_t avail)
{
	uint64_t n = pkt_li_u(li, NO_LEN);

	return n == 0 ? avail : (size_t)n * 8 - 2;
}

static const struct pkt_field ndunknown_fields[] = {
	U("type", 8, 0),
	{ .name = "len", .type = PKT_F_UINT, .bits = 8, .fl = PKT_FF_AUTO },
	{ .name = "data", .type = PKT_F_BYTES, .fl = PKT_FF_STR,
	    .len = ndopt_datalen },
};

static int
ndunknown_finish(struct pkt_bctx *bc, size_t idx)
{
	const struct pkt_li *li = &bc->p->li[idx];

	if (!li->v[NO_LEN].set)
		pkt_bctx_putu(bc, idx, NO_LEN, (bc->hlen[idx]) & 0xff);
	return 0;
}

const struct pkt_layer pkt_layer_icmp6_ndopt_srcll = {
	.name = "ICMPv6NDOptSrcLLAddr",
	.title = "ICMPv6 Neighbor Discovery Option - Source Link-Layer Address",
	.f = srcll_fields, .nf = NF(srcll_fields), .dlt = -1,
	.next = pkt_icmp6_nd_next, .summary = lladdr_summary,
};
const struct pkt_layer pkt_layer_icmp6_ndopt_dstll = {
	.name = "ICMPv6NDOptDstLLAddr",
	.title = "ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address",
	.f = dstll_fields, .nf = NF(dstll_fields), .dlt = -1,
	.next = pkt_icmp6_nd_next, .summary = lladdr_summary,
};
const struct pkt_layer pkt_layer_icmp6_ndopt_prefix = {
	.name = "ICMPv6NDOptPrefixInfo",
	.title = "ICMPv6 Neighbor Discovery Option - Prefix Information",
	.f = prefix_fields, .nf = NF(prefix_fields), .dlt = -1,
	.next = pkt_icmp6_nd_next, .summary = prefix_summary,
};
const struct pkt_layer pkt_layer_icmp6_ndopt_mtu = {
	.name = "ICMPv6NDOptMTU", .title = "ICMPv6 Neighbor Discovery Option - MTU",
	.f = mtu_fields, .nf = NF(mtu_fields), .dlt = -1,
	.next = pkt_icmp6_nd_next, .summary = mtu_summary,
};
const struct pkt_layer pkt_layer_icmp6_ndopt_unknown = {
	.name = "ICMPv6NDOptUnknown",
	.title = "ICMPv6 Neighbor Discovery Option - Scapy Unimplemented",
	.f = ndunknown_fields, .nf = NF(ndunknown_fields), .dlt = -1,
	.finish = ndunknown_finish, .next = pkt_icmp6_nd_next,
};
