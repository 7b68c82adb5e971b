/* mpd.c: Mobile Prefix Discovery (RFC 6275 section 6.7), as Scapy 2.5's
 * ICMPv6MPSol and ICMPv6MPAdv.
 *
 *    0                   1                   2                   3
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      |     Code      |          Checksum             |
 *   |           Identifier          |           Reserved            |  146
 *   |           Identifier          |M|O|        Reserved           |  147
 *   |  147: neighbour discovery options (prefix information) ...
 *
 * The checksum is ICMPv6's; the advertisement's options are the ND
 * options that follow it. */
#include "../layer.h"
#include "../packet.h"

#include "icmp6.h"
#include "names.h"

extern const struct pkt_layer pkt_layer_icmp6_mpsol;

#define NF(a) (sizeof(a) / sizeof((a)[0]))

#define HEAD(t) \
	{ .name = "type", .type = PKT_F_UINT, .bits = 8, .def = (t), \
	    .names = pkt_names_icmp6_types }, \
	{ .name = "code", .type = PKT_F_UINT, .bits = 8 }, \
	{ .name = "cksum", .type = PKT_F_UINT, .bits = 16, \
	    .fl = PKT_FF_HEX | PKT_FF_AUTO }, \
	{ .name = "id", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_HEX }

static const struct pkt_field sol_fields[] = {
	HEAD(146),
	{ .name = "res", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_HEX },
};

static const struct pkt_name adv_flags[] = {
	{ 1, "O" }, { 2, "M" }, { 0, NULL },
};

static const struct pkt_field adv_fields[] = {
	HEAD(147),
	{ .name = "flags", .type = PKT_F_UINT, .bits = 2, .def = 2,
	    .names = adv_flags },
	{ .name = "res", .type = PKT_F_UINT, .bits = 14, .fl = PKT_FF_HEX },
};

/* ICMPv6MPAdv.answers: an advertisement answers a solicitation. */
static bool
adv_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	if (m->reply->li[ri].quoted)
		return pkt_icmp6_answers(m, ri, pi);
	return pi < m->probe->n && m->probe->li[pi].l == &pkt_layer_icmp6_mpsol;
}

const struct pkt_layer pkt_layer_icmp6_mpsol = {
	.name = "ICMPv6MPSol", .title = "ICMPv6 Mobile Prefix Solicitation",
	.f = sol_fields, .nf = NF(sol_fields), .dlt = -1,
	.finish = pkt_icmp6_finish,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers,
	.protocol = "ICMPv6",
};
const struct pkt_layer pkt_layer_icmp6_mpadv = {
	.name = "ICMPv6MPAdv", .title = "ICMPv6 Mobile Prefix Advertisement",
	.f = adv_fields, .nf = NF(adv_fields), .dlt = -1,
	.finish = pkt_icmp6_finish, .next = pkt_icmp6_nd_next,
	.role = PKT_ROLE_TRANSPORT, .answers = adv_answers,
	.protocol = "ICMPv6",
};
