/* sll.c: Linux "cooked" capture headers, LINKTYPE_LINUX_SLL (113) and
 * LINKTYPE_LINUX_SLL2 (276), as libpcap writes them for "any" captures.
 *
 *   SLL (v1), 16 bytes:
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |         Packet type           |      ARPHRD_ type             |
 *   |  Link-layer address length    |                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *   |              Link-layer address (8 bytes, zero padded)        |
 *   +                               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |                               |        Protocol type          |
 *
 *   SLL2, 20 bytes:
 *   |        Protocol type          |        Reserved (MBZ)         |
 *   |                      Interface index                          |
 *   |      ARPHRD_ type             |  Packet type  | Addr length   |
 *   |              Link-layer address (8 bytes, zero padded)        |
 *   |                                                               |
 *
 * The protocol is an Ethernet type: IPv4, IPv6, ARP, 802.1Q follow. */
#include "../layer.h"

#include "names.h"

static const struct pkt_field sll_fields[] = {
	{ .name = "pkttype", .type = PKT_F_UINT, .bits = 16,
	  .names = pkt_names_sll_pkttypes },
	{ .name = "lladdrtype", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_HEX,
	  .def = 512 },
	{ .name = "lladdrlen", .type = PKT_F_UINT, .bits = 16 },
	{ .name = "src", .type = PKT_F_BYTES, .bits = 64 },
	{ .name = "proto", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_HEX,
	  .def = 0x0800, .names = pkt_names_ether_types },
};

static const struct pkt_field sll2_fields[] = {
	{ .name = "proto", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_HEX,
	  .def = 0x0800, .names = pkt_names_ether_types },
	{ .name = "reserved", .type = PKT_F_UINT, .bits = 16 },
	{ .name = "ifindex", .type = PKT_F_UINT, .bits = 32 },
	{ .name = "lladdrtype", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_HEX,
	  .def = 512 },
	{ .name = "pkttype", .type = PKT_F_UINT, .bits = 8,
	  .names = pkt_names_sll_pkttypes },
	{ .name = "lladdrlen", .type = PKT_F_UINT, .bits = 8 },
	{ .name = "src", .type = PKT_F_BYTES, .bits = 64 },
};

const struct pkt_layer pkt_layer_sll = {
	.name = "CookedLinux", .title = "cooked linux", .f = sll_fields,
	.nf = sizeof(sll_fields) / sizeof(sll_fields[0]), .dlt = 113,
	.role = PKT_ROLE_LINK,
};

const struct pkt_layer pkt_layer_sll2 = {
	.name = "CookedLinuxV2", .title = "cooked linux v2", .f = sll2_fields,
	.nf = sizeof(sll2_fields) / sizeof(sll2_fields[0]), .dlt = 276,
	.role = PKT_ROLE_LINK,
};
