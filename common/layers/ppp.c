/* ppp.c: PPP (RFC 1661), LINKTYPE_PPP (9), and PPP in HDLC-like framing
 * (RFC 1662), LINKTYPE_PPP_HDLC / PPP_SERIAL (50).
 *
 *   PPP:                             HDLC framing:
 *   +--------+--------+------        +--------+--------+--------+--------+---
 *   |    Protocol     | data         |  0xff  |  0x03  |    Protocol     | data
 *   +--------+--------+------        +--------+--------+--------+--------+---
 *
 * The protocol is 2 bytes, or 1 when compressed (RFC 1661 section 6.5:
 * protocol numbers have an odd low byte and an even high byte, so an odd
 * first byte is a compressed field).  Scapy's HDLC is a layer of its own
 * (address, control) with PPP above it.
 *
 * Both encodings are Scapy's PPP.proto; the virtual field "pfc" says
 * which one a packet had, so a compressed field is rebuilt as read, from
 * the tree or from JSON.  PPP built from a spec writes 2 bytes unless
 * pfc=1, as captures have it (Scapy 2.5 writes one byte for values below
 * 0x100). */
#include "../layer.h"
#include "../packet.h"
#include "../dissect.h"

#include "names.h"

extern const struct pkt_layer pkt_layer_ppp;

static bool c_full(const struct pkt_li *li) { return pkt_li_u(li, 0) == 0; }
static bool c_pfc(const struct pkt_li *li) { return pkt_li_u(li, 0) == 1; }

/* "pfc": the protocol field was compressed to one byte.  It is not in
 * the bytes but in the tree (and JSON), so a compressed field rebuilds as
 * it was read. */
static const struct pkt_field ppp_fields[] = {
	{ .name = "pfc", .type = PKT_F_UINT, .bits = 1,
	  .fl = PKT_FF_VIRTUAL | PKT_FF_NOSHOW },
	{ .name = "proto", .type = PKT_F_UINT, .bits = 16, .def = 0x0021,
	  .names = pkt_names_ppp_protos, .cond = c_full },
	{ .name = "proto", .type = PKT_F_UINT, .bits = 8, .def = 0x21,
	  .names = pkt_names_ppp_protos, .cond = c_pfc },
};

/* RFC 1661 6.5: protocol numbers have an odd low byte and an even high
 * byte, so an odd first byte is a compressed field. */
static int
ppp_dissect(struct pkt_dctx *dc, struct pkt_li *li)
{
	unsigned bp = 0;
	bool pfc = dc->end > dc->p && (dc->p[0] & 1);

	pkt_li_setu(li, 0, pfc);
	return pkt_dissect_field(dc, li, pfc ? 2 : 1, &bp) ? 0 : 1;
}

static const struct pkt_field hdlc_fields[] = {
	{ .name = "address", .type = PKT_F_UINT, .bits = 8, .fl = PKT_FF_HEX,
	  .def = 0xff },
	{ .name = "control", .type = PKT_F_UINT, .bits = 8, .fl = PKT_FF_HEX,
	  .def = 0x03 },
};

static const struct pkt_layer *
hdlc_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p,
    size_t n)
{
	(void)dc;
	(void)li;
	(void)p;
	(void)n;
	return &pkt_layer_ppp;
}

const struct pkt_layer pkt_layer_ppp = {
	.name = "PPP", .title = "PPP Link Layer", .f = ppp_fields, .nf = 3,
	.dlt = 9, .dissect = ppp_dissect,
	.role = PKT_ROLE_LINK,
};

const struct pkt_layer pkt_layer_hdlc = {
	.name = "HDLC", .title = "HDLC", .f = hdlc_fields, .nf = 2,
	.dlt = 50, .next = hdlc_next,
	.role = PKT_ROLE_LINK,
};

const struct pkt_layer *pkt_ppp_first(const uint8_t *, size_t);

/* The first layer of a LINKTYPE_PPP packet: HDLC when it starts ff 03
 * (the link type allows the framing), else PPP. */
const struct pkt_layer *
pkt_ppp_first(const uint8_t *p, size_t n)
{
	if (n >= 2 && p[0] == 0xff && p[1] == 0x03)
		return &pkt_layer_hdlc;
	return &pkt_layer_ppp;
}
