/* ether.c: Ethernet II (IEEE 802.3 framing is read as Ether + Raw).
 *
 *   0                   1                   2                   3
 *  +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *  |                     destination MAC (6)                        |
 *  |                       source MAC (6)                           |
 *  |          type               |
 */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"

#include <stdio.h>
#include <string.h>

#include "names.h"

extern const struct pkt_layer pkt_layer_ether, pkt_layer_ip, pkt_layer_ipv6,
    pkt_layer_arp;

static const struct pkt_field ether_fields[] = {
	{ .name = "dst", .type = PKT_F_MAC },
	{ .name = "src", .type = PKT_F_MAC },
	{ .name = "type", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_HEX,
	  .def = 0x9000, .names = pkt_names_ether_types },
};

/* Unset addresses: the env's answer for the IP destination above, else
 * broadcast from 00:00:00:00:00:00, as Scapy does without a route. */
static int
ether_prepare(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];
	uint8_t smac[6] = { 0 }, dmac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	const struct pkt_layer *arp = pkt_layer_find("ARP", NULL);
	size_t k;

	if (li->v[0].set && li->v[1].set)
		return 0;
	/* The network layer above (past VLAN tags) says where it goes. */
	for (k = idx + 1; k < bc->p->n && bc->env != NULL &&
	    bc->env->macs != NULL; k++) {
		const struct pkt_li *up = &bc->p->li[k];
		uint8_t *want = li->v[0].set ? NULL : dmac;

		if (up->l == &pkt_layer_ip) {
			bc->env->macs(bc->env->arg, 4, up->v[11].a, smac, want);
			break;
		}
		if (up->l == &pkt_layer_ipv6) {
			bc->env->macs(bc->env->arg, 6, up->v[7].a, smac, want);
			break;
		}
		if (up->l == arp) {	/* who-has: broadcast, from our MAC */
			int pd = pkt_layer_field(arp, "pdst");

			if (pd >= 0 && up->v[pd].set && arp->f[pd].type == PKT_F_IPV4)
				bc->env->macs(bc->env->arg, 4, up->v[pd].a, smac, NULL);
			break;
		}
		if (up->l->dlt >= 0 || strncmp(up->l->name, "Dot1", 4) != 0)
			break;
	}
	if (!li->v[0].set) {
		memcpy(li->v[0].a, dmac, 6);
		li->v[0].set = true;
	}
	if (!li->v[1].set) {
		memcpy(li->v[1].a, smac, 6);
		li->v[1].set = true;
	}
	return 0;
}

static bool
ether_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	const uint8_t *d = li->v[0].a, *r = li->v[1].a;
	const char *t = pkt_name_get(pkt_names_ether_types, pkt_li_u(li, 2));
	char tb[16];

	if (t == NULL) {
		snprintf(tb, sizeof(tb), "0x%x", (unsigned)pkt_li_u(li, 2));
		t = tb;
	}
	snprintf(s, n, "%02x:%02x:%02x:%02x:%02x:%02x > "
	    "%02x:%02x:%02x:%02x:%02x:%02x (%s)", r[0], r[1], r[2], r[3], r[4],
	    r[5], d[0], d[1], d[2], d[3], d[4], d[5], t);
	return true;
}

const struct pkt_layer pkt_layer_ether = {
	.name = "Ether", .title = "Ethernet", .f = ether_fields, .nf = 3,
	.dlt = 1, .prepare = ether_prepare, .summary = ether_summary,
	.role = PKT_ROLE_LINK,
};
