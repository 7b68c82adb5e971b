/* gre.c: Generic Routing Encapsulation (RFC 1701, 2784, 2890), as Scapy
 * 2.5's GRE.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |C|R|K|S|s|Recur|  Flags  | Ver |         Protocol Type         |
 *   |      Checksum (C or R)        |       Offset (C or R)         |
 *   |                         Key (K)                               |
 *   |                    Sequence Number (S)                        |
 *
 * The tunnelled packet follows, by the protocol type (an EtherType: IP,
 * IPv6, transparent Ethernet bridging 0x6558, ARP, 802.1Q).  With C set
 * and the checksum left unset, it is the Internet checksum of the header
 * and the payload (Scapy's post_build).  Not done: Scapy's GRE_PPTP
 * (protocol 0x880b, another header) and GRErouting entries (R set); their
 * bytes stay in the payload. */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"

#include "names.h"

enum { F_C, F_R, F_K, F_S, F_SSR, F_RECUR, F_FLAGS, F_VERSION, F_PROTO,
    F_CHKSUM, F_OFFSET, F_KEY, F_SEQ };

static bool
c_or_r(const struct pkt_li *li)
{
	return pkt_li_u(li, F_C) == 1 || pkt_li_u(li, F_R) == 1;
}

static bool
k_present(const struct pkt_li *li)
{
	return pkt_li_u(li, F_K) == 1;
}

static bool
s_present(const struct pkt_li *li)
{
	return pkt_li_u(li, F_S) == 1;
}

#define BIT(nm, b) { .name = nm, .type = PKT_F_UINT, .bits = (b) }
#define OPT(nm, b, c) { .name = nm, .type = PKT_F_UINT, .bits = (b), \
	.fl = PKT_FF_HEX | PKT_FF_AUTO, .cond = (c) }

static const struct pkt_field gre_fields[] = {
	[F_C] = BIT("chksum_present", 1),
	[F_R] = BIT("routing_present", 1),
	[F_K] = BIT("key_present", 1),
	[F_S] = BIT("seqnum_present", 1),
	[F_SSR] = BIT("strict_route_source", 1),
	[F_RECUR] = BIT("recursion_control", 3),
	[F_FLAGS] = BIT("flags", 5),
	[F_VERSION] = BIT("version", 3),
	[F_PROTO] = { .name = "proto", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX, .names = pkt_names_ether_types },
	[F_CHKSUM] = OPT("chksum", 16, c_or_r),
	[F_OFFSET] = OPT("offset", 16, c_or_r),
	[F_KEY] = OPT("key", 32, k_present),
	[F_SEQ] = OPT("sequence_number", 32, s_present),
};

/* Scapy's post_build: with C set, the checksum of header and payload. */
static int
gre_finish(struct pkt_bctx *bc, size_t idx)
{
	const struct pkt_li *li = &bc->p->li[idx];
	size_t off = bc->off[idx], end = pkt_bctx_payend(bc, idx);

	if (pkt_li_u(li, F_C) != 1 || li->v[F_CHKSUM].set)
		return 0;
	pkt_bctx_putu(bc, idx, F_CHKSUM, 0);
	pkt_bctx_putu(bc, idx, F_CHKSUM,
	    pkt_csum_fold(pkt_csum_add(0, bc->buf + off, end - off)));
	return 0;
}

const struct pkt_layer pkt_layer_gre = {
	.name = "GRE", .title = "GRE", .f = gre_fields,
	.nf = sizeof(gre_fields) / sizeof(gre_fields[0]), .dlt = -1,
	.finish = gre_finish,
};
