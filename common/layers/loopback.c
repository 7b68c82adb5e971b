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
 * Every variant is Scapy's `Loopback`; the byte order lives in which
 * descriptor the tree points at, so that bytes -> tree -> bytes holds:
 *   pkt_layer_loopback     NULL, little-endian (Scapy's LoIntEnumField);
 *                          the one found by name, so what specs and JSON
 *                          build; a packet whose link type is LOOP (108)
 *                          is written big-endian.
 *   pkt_layer_loopback_be  NULL from a big-endian writer (dissect only)
 *   pkt_layer_loop         LOOP, big-endian (dissect only)
 * pkt_loopback_first() picks one for pkt_layer_bydlt(). */
#include "../pkt.h"

#include "names.h"

extern const struct pkt_layer pkt_layer_ip, pkt_layer_ipv6;

static const struct pkt_field lo_le_fields[] = {
	{ .name = "type", .type = PKT_F_UINT, .bits = 32,
	  .fl = PKT_FF_LE | PKT_FF_HOSTORDER, .def = 2,
	  .names = pkt_names_loopback_types },
};

static const struct pkt_field lo_be_fields[] = {
	{ .name = "type", .type = PKT_F_UINT, .bits = 32, .def = 2,
	  .names = pkt_names_loopback_types },
};

static const struct pkt_layer *
lo_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p,
    size_t n)
{
	(void)dc;
	(void)p;
	(void)n;
	switch (pkt_li_u(li, 0)) {
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

/* Little-endian, unless the packet is written as LOOP (a JSON record with
 * "linktype": "LOOP" names the layer `Loopback` too). */
static int
lo_build(struct pkt_bctx *bc, size_t idx)
{
	uint64_t v = pkt_li_u(&bc->p->li[idx], 0);
	uint8_t *h = pkt_bctx_grow(bc, 4);
	bool be = bc->p->dlt == 108;
	unsigned i;

	for (i = 0; i < 4; i++)
		h[be ? 3 - i : i] = (uint8_t)(v >> (8 * i));
	return 0;
}

const struct pkt_layer pkt_layer_loopback = {
	.name = "Loopback", .title = "Loopback", .f = lo_le_fields, .nf = 1,
	.dlt = 0, .next = lo_next, .build = lo_build,
};

const struct pkt_layer pkt_layer_loopback_be = {
	.name = "Loopback", .title = "Loopback", .f = lo_be_fields, .nf = 1,
	.dlt = 0, .next = lo_next,
};

const struct pkt_layer pkt_layer_loop = {
	.name = "Loopback", .title = "Loopback", .f = lo_be_fields, .nf = 1,
	.dlt = 108, .next = lo_next,
};

const struct pkt_layer *pkt_loopback_first(int, const uint8_t *, size_t);

/* The first layer of a NULL or LOOP packet, by the byte order it holds. */
const struct pkt_layer *
pkt_loopback_first(int dlt, const uint8_t *p, size_t n)
{
	if (dlt == 108)
		return &pkt_layer_loop;
	if (n >= 4 && p[0] == 0 && p[1] == 0)
		return &pkt_layer_loopback_be;
	return &pkt_layer_loopback;
}
