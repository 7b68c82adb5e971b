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
#include "../pkt.h"

#include <stdio.h>
#include <time.h>

#include "icmpext.h"
#include "names.h"

enum { F_TYPE, F_CODE, F_CHKSUM, F_ID, F_SEQ, F_TS_ORI, F_TS_RX, F_TS_TX,
    F_GW, F_PTR, F_RESERVED, F_LENGTH, F_ADDR_MASK, F_NEXTHOPMTU,
    F_UNUSED16, F_UNUSED32 };

extern const struct pkt_layer pkt_layer_ip;

static uint64_t
type(const struct pkt_li *li)
{
	return pkt_li_u(li, F_TYPE);
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
	[F_TYPE] = { .name = "type", .type = PKT_F_UINT, .bits = 8, .def = 8,
	    .names = pkt_names_icmp_types },
	[F_CODE] = { .name = "code", .type = PKT_F_UINT, .bits = 8,
	    .names_of = code_names },
	[F_CHKSUM] = { .name = "chksum", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX | PKT_FF_AUTO },
	[F_ID] = { .name = "id", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_HEX,
	    .cond = c_idseq },
	[F_SEQ] = { .name = "seq", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_HEX,
	    .cond = c_idseq },
	[F_TS_ORI] = { .name = "ts_ori", .type = PKT_F_UINT, .bits = 32,
	    .fl = PKT_FF_AUTO, .cond = c_ts },
	[F_TS_RX] = { .name = "ts_rx", .type = PKT_F_UINT, .bits = 32,
	    .fl = PKT_FF_AUTO, .cond = c_ts },
	[F_TS_TX] = { .name = "ts_tx", .type = PKT_F_UINT, .bits = 32,
	    .fl = PKT_FF_AUTO, .cond = c_ts },
	[F_GW] = { .name = "gw", .type = PKT_F_IPV4, .defs = "0.0.0.0", .cond = c_gw },
	[F_PTR] = { .name = "ptr", .type = PKT_F_UINT, .bits = 8, .cond = c_ptr },
	[F_RESERVED] = { .name = "reserved", .type = PKT_F_UINT, .bits = 8,
	    .cond = c_reserved },
	[F_LENGTH] = { .name = "length", .type = PKT_F_UINT, .bits = 8,
	    .cond = c_length },
	[F_ADDR_MASK] = { .name = "addr_mask", .type = PKT_F_IPV4,
	    .defs = "0.0.0.0", .cond = c_mask },
	[F_NEXTHOPMTU] = { .name = "nexthopmtu", .type = PKT_F_UINT, .bits = 16,
	    .cond = c_mtu },
	[F_UNUSED16] = { .name = "unused", .type = PKT_F_UINT, .bits = 16,
	    .cond = c_unused16 },
	[F_UNUSED32] = { .name = "unused", .type = PKT_F_UINT, .bits = 32,
	    .cond = c_unused32 },
};

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
	for (f = F_TS_ORI; f <= F_TS_TX; f++)
		if (!li->v[f].set)
			pkt_li_setu(li, (size_t)f, ms);
	return 0;
}

static int
icmp_finish(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];
	size_t off = bc->off[idx], end = pkt_bctx_payend(bc, idx);

	if (!li->v[F_CHKSUM].set) {
		bc->buf[off + 2] = bc->buf[off + 3] = 0;
		pkt_bctx_putu(bc, idx, F_CHKSUM,
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
		    4 * (size_t)pkt_li_u(li, F_LENGTH), &pkt_layer_ip);
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
	const char *c = pkt_icmp_code_name(type(li), pkt_li_u(li, F_CODE));

	if (li->quoted)
		return false;
	if (t == NULL) {
		snprintf(tb, sizeof(tb), "%u", (unsigned)type(li));
		t = tb;
	}
	if (c == NULL) {
		snprintf(cb, sizeof(cb), "%u", (unsigned)pkt_li_u(li, F_CODE));
		c = cb;
	}
	if (idx > 0 && p->li[idx - 1].l == &pkt_layer_ip &&
	    pkt_l4_addrs(p, idx, a, b, sizeof(a)))
		snprintf(s, n, "ICMP %s > %s %s %s", a, b, t, c);
	else
		snprintf(s, n, "ICMP %s %s", t, c);
	return true;
}

const struct pkt_layer pkt_layer_icmp = {
	.name = "ICMP", .title = "ICMP", .qname = "ICMPerror",
	.qtitle = "ICMP in ICMP", .f = icmp_fields,
	.nf = sizeof(icmp_fields) / sizeof(icmp_fields[0]), .dlt = -1,
	.prepare = icmp_prepare, .finish = icmp_finish, .next = icmp_next,
	.summary = icmp_summary,
};
