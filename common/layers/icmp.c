/* icmp.c: ICMP (RFC 792) and the packet an ICMP error quotes.
 *
 *    0                   1                   2                   3
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      |     Code      |          Checksum             |
 *   |  type-specific: id/seq, gw, ptr, length, next-hop MTU, unused  |
 *   |  errors (3 4 5 11 12): the original IP header + 8 bytes or more |
 *
 * The type-specific fields follow Scapy's ConditionalFields exactly, so the
 * same spec gives the same bytes and the same JSON keys. */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "../dissect.h"
#include "icmp.h"

#include <stdio.h>
#include <time.h>

#include "icmpext.h"
#include "names.h"
#include "../match.h"


extern const struct pkt_layer pkt_layer_ip;

static uint64_t
type(const struct pkt_li *li)
{
	return pkt_li_u(li, ICMP_F_TYPE);
}

bool
pkt_icmp_has_idseq(uint64_t t)
{
	return t == 0 || t == 8 || (t >= 13 && t <= 18) || t == 37 || t == 38;
}

static bool c_idseq(const struct pkt_li *li) { return pkt_icmp_has_idseq(type(li)); }
static bool c_ts(const struct pkt_li *li) { return type(li) == 13 || type(li) == 14; }
static bool c_gw(const struct pkt_li *li) { return type(li) == 5; }
static bool c_ptr(const struct pkt_li *li) { return type(li) == 12; }
static bool c_reserved(const struct pkt_li *li) { return type(li) == 3 || type(li) == 11; }
static bool c_length(const struct pkt_li *li)
{
	return type(li) == 3 || type(li) == 11 || type(li) == 12;
}
static bool c_mask(const struct pkt_li *li) { return type(li) == 17 || type(li) == 18; }
static bool c_mtu(const struct pkt_li *li) { return type(li) == 3; }
static bool c_unused16(const struct pkt_li *li) { return type(li) == 11 || type(li) == 12; }
static bool
c_unused32(const struct pkt_li *li)
{
	uint64_t t = type(li);

	return !(t == 0 || t == 3 || t == 5 || t == 8 || (t >= 11 && t <= 18));
}

static const struct pkt_name *
code_names(const struct pkt_li *li)
{
	uint64_t t = type(li);

	return t < 256 ? pkt_names_icmp_codes[t] : NULL;
}

static const struct pkt_field icmp_fields[] = {
	[ICMP_F_TYPE] = { .name = "type", .type = PKT_F_UINT, .bits = 8, .def = 8,
	    .names = pkt_names_icmp_types },
	[ICMP_F_CODE] = { .name = "code", .type = PKT_F_UINT, .bits = 8,
	    .names_of = code_names },
	[ICMP_F_CHKSUM] = { .name = "chksum", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX | PKT_FF_AUTO },
	[ICMP_F_ID] = { .name = "id", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_HEX,
	    .cond = c_idseq },
	[ICMP_F_SEQ] = { .name = "seq", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_HEX,
	    .cond = c_idseq },
	[ICMP_F_TS_ORI] = { .name = "ts_ori", .type = PKT_F_UINT, .bits = 32,
	    .fl = PKT_FF_AUTO, .cond = c_ts },
	[ICMP_F_TS_RX] = { .name = "ts_rx", .type = PKT_F_UINT, .bits = 32,
	    .fl = PKT_FF_AUTO, .cond = c_ts },
	[ICMP_F_TS_TX] = { .name = "ts_tx", .type = PKT_F_UINT, .bits = 32,
	    .fl = PKT_FF_AUTO, .cond = c_ts },
	[ICMP_F_GW] = { .name = "gw", .type = PKT_F_IPV4, .defs = "0.0.0.0", .cond = c_gw },
	[ICMP_F_PTR] = { .name = "ptr", .type = PKT_F_UINT, .bits = 8, .cond = c_ptr },
	[ICMP_F_RESERVED] = { .name = "reserved", .type = PKT_F_UINT, .bits = 8,
	    .cond = c_reserved },
	[ICMP_F_LENGTH] = { .name = "length", .type = PKT_F_UINT, .bits = 8,
	    .cond = c_length },
	[ICMP_F_ADDR_MASK] = { .name = "addr_mask", .type = PKT_F_IPV4,
	    .defs = "0.0.0.0", .cond = c_mask },
	[ICMP_F_NEXTHOPMTU] = { .name = "nexthopmtu", .type = PKT_F_UINT, .bits = 16,
	    .cond = c_mtu },
	[ICMP_F_UNUSED16] = { .name = "unused", .type = PKT_F_UINT, .bits = 16,
	    .cond = c_unused16 },
	[ICMP_F_UNUSED32] = { .name = "unused", .type = PKT_F_UINT, .bits = 32,
	    .cond = c_unused32 },
};
_Static_assert(sizeof(icmp_fields) / sizeof(icmp_fields[0]) == ICMP_NF,
    "icmp.h's enum and the table of icmp.c differ");

/* Timestamps left unset: milliseconds since midnight UTC, as Scapy. */
static int
icmp_prepare(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];
	struct timespec ts;
	uint64_t ms;
	int f;

	(void)bc;
	if (!c_ts(li))
		return 0;
	clock_gettime(CLOCK_REALTIME, &ts);
	ms = (uint64_t)(ts.tv_sec % 86400) * 1000 + (uint64_t)ts.tv_nsec / 1000000;
	for (f = ICMP_F_TS_ORI; f <= ICMP_F_TS_TX; f++)
		if (!li->v[f].set)
			pkt_li_setu(li, (size_t)f, ms);
	return 0;
}

static int
icmp_finish(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];
	size_t off = bc->off[idx], end = pkt_bctx_payend(bc, idx);

	if (!li->v[ICMP_F_CHKSUM].set) {
		bc->buf[off + 2] = bc->buf[off + 3] = 0;
		pkt_bctx_putu(bc, idx, ICMP_F_CHKSUM,
		    pkt_csum_fold(pkt_csum_add(0, bc->buf + off, end - off)));
	}
	return 0;
}

/* Errors quote the original datagram: IPerror and what follows it; 3,
 * 11 and 12 may carry RFC 4884 extensions after it (icmpext.c), their
 * length field counting the quote in 32-bit words. */
static const struct pkt_layer *
icmp_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p, size_t n)
{
	uint64_t t = type(li);

	if (c_length(li))
		return pkt_icmpext_quote(dc, p, n,
		    4 * (size_t)pkt_li_u(li, ICMP_F_LENGTH), &pkt_layer_ip);
	if (t == 4 || t == 5) {
		dc->quoted = true;
		return &pkt_layer_ip;
	}
	return NULL;
}


const char *
pkt_icmp_code_name(uint64_t t, uint64_t code)
{
	if (t > 255 || pkt_names_icmp_codes[t] == NULL)
		return NULL;
	return pkt_name_get(pkt_names_icmp_codes[t], code);
}

/* "ICMP 10.0.0.1 > 192.0.2.2 time-exceeded ttl-zero-during-transit" */
static bool
icmp_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	char a[64], b[64], tb[8], cb[8];
	const char *t = pkt_name_get(pkt_names_icmp_types, type(li));
	const char *c = pkt_icmp_code_name(type(li), pkt_li_u(li, ICMP_F_CODE));

	if (li->quoted)
		return false;
	if (t == NULL) {
		snprintf(tb, sizeof(tb), "%u", (unsigned)type(li));
		t = tb;
	}
	if (c == NULL) {
		snprintf(cb, sizeof(cb), "%u", (unsigned)pkt_li_u(li, ICMP_F_CODE));
		c = cb;
	}
	if (idx > 0 && p->li[idx - 1].l == &pkt_layer_ip &&
	    pkt_l4_addrs(p, idx, a, b, sizeof(a)))
		snprintf(s, n, "ICMP %s > %s %s %s", a, b, t, c);
	else
		snprintf(s, n, "ICMP %s %s", t, c);
	return true;
}

/* ---- matching: Scapy's ICMP.answers, ICMPerror.answers, ICMP.hashret ---- */

static bool
icmp_error(const struct pkt_li *li, unsigned *t, unsigned *code)
{
	uint64_t ty = pkt_li_wire(li, ICMP_F_TYPE);

	if (li->quoted || !(ty == 3 || ty == 4 || ty == 5 || ty == 11 || ty == 12))
		return false;
	*t = (unsigned)ty;
	*code = (unsigned)pkt_li_wire(li, ICMP_F_CODE);
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

/* A reply of the request's pair with its id and seq.  Quoted
 * (ICMPerror): the probe's type and code, and its id and seq for the
 * types that have them (by type, where Scapy tests the code). */
static bool
icmp_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	const struct pkt_li *r = &m->reply->li[ri], *p;
	bool idseq;

	if (pi >= m->probe->n || (p = &m->probe->li[pi])->l != r->l)
		return false;
	idseq = pkt_li_wire(p, ICMP_F_ID) == pkt_li_wire(r, ICMP_F_ID) &&
	    pkt_li_wire(p, ICMP_F_SEQ) == pkt_li_wire(r, ICMP_F_SEQ);
	if (!r->quoted)
		return icmp_echo_pair(pkt_li_wire(p, ICMP_F_TYPE), pkt_li_wire(r, ICMP_F_TYPE)) && idseq;
	if (pkt_li_wire(p, ICMP_F_TYPE) != pkt_li_wire(r, ICMP_F_TYPE) || pkt_li_wire(p, ICMP_F_CODE) != pkt_li_wire(r, ICMP_F_CODE))
		return false;
	return !pkt_icmp_has_idseq(pkt_li_wire(p, ICMP_F_TYPE)) || idseq;
}

/* An echo-reply (type 0) and its sequence number. */
static bool
icmp_echo(const struct pkt_li *li, uint64_t *seq)
{
	if (pkt_li_u(li, ICMP_F_TYPE) != 0)
		return false;
	*seq = pkt_li_u(li, ICMP_F_SEQ);
	return true;
}

static uint32_t
icmp_hashret(const struct pkt_match_conf *c, const struct pkt_pkt *p, size_t idx,
    bool reply)
{
	(void)c;
	(void)reply;
	return UINT32_C(1) << 16 | (uint32_t)pkt_li_wire(&p->li[idx], ICMP_F_ID);
}

const struct pkt_layer pkt_layer_icmp = {
	.name = "ICMP", .title = "ICMP", .qname = "ICMPerror",
	.qtitle = "ICMP in ICMP", .f = icmp_fields,
	.nf = sizeof(icmp_fields) / sizeof(icmp_fields[0]), .dlt = -1,
	.prepare = icmp_prepare, .finish = icmp_finish, .next = icmp_next,
	.summary = icmp_summary, .role = PKT_ROLE_TRANSPORT,
	.answers = icmp_answers, .hashret = icmp_hashret, .error = icmp_error,
	.echo = icmp_echo,
};
