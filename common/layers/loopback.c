/* loopback.c: BSD loopback encapsulation, LINKTYPE_NULL (0) and
 * LINKTYPE_LOOP (108).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                 Address family (AF_ value)                    |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * NULL holds the family in the byte order of the host that wrote the
 * capture; LOOP always in network order.  As libpcap and tshark do (and not
 * as Scapy 2.5, which reads both little-endian), a NULL value whose low 16
 * bits are zero when read little-endian is big-endian.  AF 2 is IPv4; 10
 * (Linux), 24 (NetBSD, OpenBSD), 28 (FreeBSD), 30 (macOS) are IPv6.
 *
 * Every variant is Scapy's `Loopback`; the byte order lives in the
 * virtual field "bigendian" (set by the dissect hook), so that bytes ->
 * tree -> bytes holds; a packet whose link type is LOOP is written
 * big-endian.
 * NULL (0, its dlt) and LOOP (108, a row of layers.c's link types) start
 * with pkt_layer_loopback; its dissect hook tells the byte order. */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "../dissect.h"

#include "names.h"

extern const struct pkt_layer pkt_layer_ip, pkt_layer_ipv6;

static bool c_le(const struct pkt_li *li) { return pkt_li_u(li, 0) == 0; }
static bool c_be(const struct pkt_li *li) { return pkt_li_u(li, 0) == 1; }

/* "bigendian": the byte order the header was written in (NULL: the
 * writer's own; LOOP: network order).  It is not in the bytes but in the
 * tree and JSON, so a header rebuilds as it was read. */
static const struct pkt_field lo_fields[] = {
	{ .name = "bigendian", .type = PKT_F_UINT, .bits = 1,
	  .fl = PKT_FF_VIRTUAL | PKT_FF_NOSHOW },
	{ .name = "type", .type = PKT_F_UINT, .bits = 32,
	  .fl = PKT_FF_LE | PKT_FF_HOSTORDER, .def = 2,
	  .names = pkt_names_loopback_types, .cond = c_le },
	{ .name = "type", .type = PKT_F_UINT, .bits = 32, .def = 2,
	  .names = pkt_names_loopback_types, .cond = c_be },
};

/* As libpcap and tshark read NULL: the low 16 bits of a family are never
 * zero, so two zero first bytes mean big-endian.  LOOP is big-endian. */
static int
lo_dissect(struct pkt_dctx *dc, struct pkt_li *li)
{
	unsigned bp = 0;
	bool be = dc->pkt->dlt == 108 ||
	    (dc->end - dc->p >= 4 && dc->p[0] == 0 && dc->p[1] == 0);

	pkt_li_setu(li, 0, be);
	return pkt_dissect_field(dc, li, be ? 2 : 1, &bp) ? 0 : 1;
}

/* Unsaid, the order is the link type's: LOOP big-endian, NULL as Scapy
 * writes it, little-endian. */
static int
lo_prepare(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];

	if (!li->v[0].set)
		pkt_li_setu(li, 0, bc->p->dlt == 108);
	return 0;
}

static const struct pkt_layer *
lo_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p,
    size_t n)
{
	(void)dc;
	(void)p;
	(void)n;
	switch (pkt_li_u(li, c_be(li) ? 2 : 1)) {
	case 2:
		return &pkt_layer_ip;
	case 10:
	case 24:
	case 28:
	case 30:
		return &pkt_layer_ipv6;
	}
	return NULL;
}

const struct pkt_layer pkt_layer_loopback = {
	.name = "Loopback", .title = "Loopback", .f = lo_fields, .nf = 3,
	.dlt = 0, .next = lo_next, .dissect = lo_dissect, .prepare = lo_prepare,
	.role = PKT_ROLE_LINK,
};
