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
 * Every protocol field is Scapy's PPP.proto; a compressed one is a second
 * descriptor (pkt_layer_ppp_pfc, dissect only) so that it is rebuilt as
 * read.  PPP built from a spec or JSON writes 2 bytes, as captures have it
 * (Scapy 2.5 writes one byte for values below 0x100). */
#include "../pkt.h"

#include "names.h"

extern const struct pkt_layer pkt_layer_ppp, pkt_layer_ppp_pfc;

static const struct pkt_field ppp_fields[] = {
	{ .name = "proto", .type = PKT_F_UINT, .bits = 16, .def = 0x0021,
	  .names = pkt_names_ppp_protos },
};

static const struct pkt_field ppp_pfc_fields[] = {
	{ .name = "proto", .type = PKT_F_UINT, .bits = 8, .def = 0x21,
	  .names = pkt_names_ppp_protos },
};

static const struct pkt_field hdlc_fields[] = {
	{ .name = "address", .type = PKT_F_UINT, .bits = 8, .fl = PKT_FF_HEX,
	  .def = 0xff },
	{ .name = "control", .type = PKT_F_UINT, .bits = 8, .fl = PKT_FF_HEX,
	  .def = 0x03 },
};

/* PPP with its protocol field compressed or not, by the first byte. */
static const struct pkt_layer *
ppp_variant(const uint8_t *p, size_t n)
{
	return n > 0 && (p[0] & 1) ? &pkt_layer_ppp_pfc : &pkt_layer_ppp;
}

static const struct pkt_layer *
hdlc_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p,
    size_t n)
{
	(void)dc;
	(void)li;
	return ppp_variant(p, n);
}

const struct pkt_layer pkt_layer_ppp = {
	.name = "PPP", .title = "PPP Link Layer", .f = ppp_fields, .nf = 1,
	.dlt = 9,
};

const struct pkt_layer pkt_layer_ppp_pfc = {
	.name = "PPP", .title = "PPP Link Layer", .f = ppp_pfc_fields, .nf = 1,
	.dlt = 9,
};

const struct pkt_layer pkt_layer_hdlc = {
	.name = "HDLC", .title = "HDLC", .f = hdlc_fields, .nf = 2,
	.dlt = 50, .next = hdlc_next,
};

const struct pkt_layer *pkt_ppp_first(int, const uint8_t *, size_t);

/* The first layer of a LINKTYPE_PPP packet: HDLC when it starts ff 03
 * (the link type allows the framing), else PPP. */
const struct pkt_layer *
pkt_ppp_first(int dlt, const uint8_t *p, size_t n)
{
	(void)dlt;
	if (n >= 2 && p[0] == 0xff && p[1] == 0x03)
		return &pkt_layer_hdlc;
	return ppp_variant(p, n);
}
