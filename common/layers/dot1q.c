/* dot1q.c: IEEE 802.1Q VLAN tag, and the 802.1ad service tag (QinQ).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   | prio|i|        vlan           |         EtherType             |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * The tag follows the Ethernet addresses; the Ethernet type in front of it
 * is 0x8100 (Dot1Q) or 0x88a8 (Dot1AD, the outer tag of QinQ).  Scapy's
 * Dot1AD is Dot1Q under another name, and so is ours: same fields, same
 * summary (with Scapy's quirk: "%Dot1Q.type%" names the first layer of
 * class Dot1Q from where the format starts, so an outer Dot1AD shows the
 * Dot1Q inside it).  A type of 1500 or less is an 802.3 length: that many
 * bytes are payload, the rest Padding (Scapy's extract_padding). */
#include "../layer.h"
#include "../packet.h"

#include <stdio.h>
#include <string.h>

#include "names.h"

enum { F_PRIO, F_ID, F_VLAN, F_TYPE };

extern const struct pkt_layer pkt_layer_ether, pkt_layer_dot1q,
    pkt_layer_dot1ad;

static const struct pkt_field dot1q_fields[] = {
	[F_PRIO] = { .name = "prio", .type = PKT_F_UINT, .bits = 3 },
	[F_ID] = { .name = "id", .type = PKT_F_UINT, .bits = 1 },
	[F_VLAN] = { .name = "vlan", .type = PKT_F_UINT, .bits = 12, .def = 1 },
	[F_TYPE] = { .name = "type", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX, .names = pkt_names_ether_types },
};

static size_t
dot1q_paylen(const struct pkt_li *li, size_t hdr, size_t avail)
{
	uint64_t t = pkt_li_u(li, F_TYPE);

	(void)hdr;
	if (t <= 1500 && t < avail)
		return (size_t)t;
	return avail;
}

/* "802.1q 02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff (IPv4) vlan 100" under
 * Ether, else "802.1q (IPv4) vlan 100"; "??" when no Dot1Q is found. */
static bool
dot1q_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx], *q = NULL;
	bool ether = idx > 0 && p->li[idx - 1].l == &pkt_layer_ether &&
	    !p->li[idx - 1].quoted;
	char tb[16], vb[16], src[24], dst[24];
	const char *t;
	size_t i;

	if (li->quoted)
		return false;
	for (i = idx; i < p->n && q == NULL; i++)
		if (p->li[i].l == &pkt_layer_dot1q)
			q = &p->li[i];
	if (q != NULL) {
		t = pkt_name_get(pkt_names_ether_types, pkt_li_u(q, F_TYPE));
		if (t == NULL) {
			snprintf(tb, sizeof(tb), "0x%x", (unsigned)pkt_li_u(q, F_TYPE));
			t = tb;
		}
		snprintf(vb, sizeof(vb), "%u", (unsigned)pkt_li_u(q, F_VLAN));
	} else {
		t = "??";
		snprintf(vb, sizeof(vb), "??");
	}
	if (ether) {
		const struct pkt_li *e = &p->li[idx - 1];

		pkt_fmt_addr(&e->l->f[1], e->v[1].a, src, sizeof(src));
		pkt_fmt_addr(&e->l->f[0], e->v[0].a, dst, sizeof(dst));
		snprintf(s, n, "802.1q %s > %s (%s) vlan %s", src, dst, t, vb);
	} else
		snprintf(s, n, "802.1q (%s) vlan %s", t, vb);
	return true;
}

const struct pkt_layer pkt_layer_dot1q = {
	.name = "Dot1Q", .title = "802.1Q", .f = dot1q_fields,
	.nf = sizeof(dot1q_fields) / sizeof(dot1q_fields[0]), .dlt = -1,
	.paylen = dot1q_paylen, .summary = dot1q_summary,
	.role = PKT_ROLE_LINK,
};

const struct pkt_layer pkt_layer_dot1ad = {
	.name = "Dot1AD", .title = "802_1AD", .f = dot1q_fields,
	.nf = sizeof(dot1q_fields) / sizeof(dot1q_fields[0]), .dlt = -1,
	.paylen = dot1q_paylen, .summary = dot1q_summary,
	.role = PKT_ROLE_LINK,
};
