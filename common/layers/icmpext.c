/* icmpext.c: ICMP multi-part extensions (RFC 4884) with MPLS label stacks
 * (RFC 4950) and interface information (RFC 5837), as Scapy 2.5's contrib
 * module icmp_extensions (ICMPExtensionHeader, ICMPExtensionObject,
 * ICMPExtensionMPLS with MPLS entries, ICMPExtensionInterfaceInformation).
 *
 * After the original datagram of an ICMP or ICMPv6 error:
 *    0                   1                   2                   3
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version|      (Reserved)       |           Checksum            |
 *   |             Length            |   Class-Num   |   C-Type      |
 *   |                   // (Object payload) //                      |
 * MPLS stack entry (class 1, type 1), one per label:
 *   |                Label                  |Exp/TC |S|      TTL      |
 * Interface information (class 2), C-Type = role(2) reserved(2) then the
 * flags ifIndex, IP address, name, MTU; the sub-objects in that order:
 *   |                           ifIndex                             |
 *   |              AFI              |           Reserved            |
 *   |                  IP address (4 or 16 bytes)                   |
 *   |    Length     |   interface name (Length - 1 bytes, padded)   |
 *   |                              MTU                              |
 *
 * Where the extension starts (pkt_icmpext_quote): at the error's length
 * field (RFC 4884: 32-bit words for ICMP, 64-bit words for ICMPv6) when it
 * is not 0, else at 128 bytes into the quote when more follows (RFC 4884
 * 5.3, Scapy's post_dissection); in both cases only a version 2 header
 * whose checksum is right.  Zero padding of the quote past its IP length
 * is Raw there (not Padding), so the tree rebuilds to the same bytes.
 *
 * Where pkt differs from Scapy 2.5 (its bugs, not copied): the header's
 * checksum covers the header and the objects (Scapy's post_build sums the
 * 4 header bytes only, and its own dissector then refuses the result); an
 * object's len counts that object, not the objects after it; the name's
 * Length octet counts itself and the padding (RFC 5837 4.3; Scapy's counts
 * the name only); afi left unset is 1 or 2 when ip4 or ip6 is given (what
 * Scapy's self_build means to do); every object of an extension is
 * dissected (Scapy dissects the first and leaves the rest Raw). */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "../dissect.h"

#include <stdio.h>
#include <string.h>

#include "../mpls.h"
#include "../util.h"
#include "icmpext.h"

extern const struct pkt_layer pkt_layer_icmpext_hdr, pkt_layer_icmpext_obj,
    pkt_layer_icmpext_mpls, pkt_layer_icmpext_ifinfo, pkt_layer_mpls;

#define NF(a) (sizeof(a) / sizeof((a)[0]))
#define U(nm, b, d) { .name = nm, .type = PKT_F_UINT, .bits = (b), .def = (d) }

/* ---- where the extension starts ---------------------------------------- */

static bool
valid_ext(const uint8_t *p, size_t n)
{
	return n >= 4 && p[0] >> 4 == 2 &&
	    pkt_csum_fold(pkt_csum_add(0, p, n)) == 0;
}

const struct pkt_layer *
pkt_icmpext_quote(struct pkt_dctx *dc, const uint8_t *p, size_t n,
    size_t quotelen, const struct pkt_layer *first)
{
	const uint8_t *end = dc->end;
	size_t q, i, before;

	q = quotelen != 0 ? quotelen : 128;
	if ((quotelen == 0 && n <= 128) || q > n || !valid_ext(p + q, n - q)) {
		dc->quoted = true;
		return first;
	}
	before = dc->pkt->n;
	dc->end = p + q;
	dc->quoted = true;
	pkt_dissect_from(dc, first);
	for (i = before; i < dc->pkt->n; i++)
		if (dc->pkt->li[i].l == &pkt_layer_padding)
			dc->pkt->li[i].l = &pkt_layer_raw;
	dc->end = end;
	dc->p = p + q;
	dc->quoted = false;
	return &pkt_layer_icmpext_hdr;
}

/* ---- the header ---------------------------------------------------------- */

enum { H_VERSION, H_RESERVED, H_CHKSUM };

static const struct pkt_field hdr_fields[] = {
	[H_VERSION] = U("version", 4, 2),
	[H_RESERVED] = U("reserved", 12, 0),
	[H_CHKSUM] = { .name = "chksum", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_AUTO },
};

/* The checksum of the header and every object after it (RFC 4884 7). */
static int
hdr_finish(struct pkt_bctx *bc, size_t idx)
{
	const struct pkt_li *li = &bc->p->li[idx];
	size_t off = bc->off[idx], end = pkt_bctx_payend(bc, idx);

	if (li->v[H_CHKSUM].set || bc->hlen[idx] < 4)
		return 0;
	pkt_bctx_putu(bc, idx, H_CHKSUM, 0);
	pkt_bctx_putu(bc, idx, H_CHKSUM,
	    pkt_csum_fold(pkt_csum_add(0, bc->buf + off, end - off)));
	return 0;
}

/* The object that follows, by its class (Scapy's guess_payload_class):
 * too short for an object header, or a length below 4, is Raw. */
static const struct pkt_layer *
object_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p,
    size_t n)
{
	(void)dc;
	(void)li;
	if (n < 4 || (p[0] << 8 | p[1]) < 4)
		return &pkt_layer_raw;
	if (p[2] == 1 && p[3] == 1)
		return &pkt_layer_icmpext_mpls;
	if (p[2] == 2)
		return &pkt_layer_icmpext_ifinfo;
	return &pkt_layer_icmpext_obj;
}

const struct pkt_layer pkt_layer_icmpext_hdr = {
	.name = "ICMPExtensionHeader", .title = "ICMP Extension Header (RFC4884)",
	.f = hdr_fields, .nf = NF(hdr_fields), .dlt = -1,
	.finish = hdr_finish, .next = object_next,
};

/* ---- objects ------------------------------------------------------------- */

enum { O_LEN, O_CLASSNUM, O_CLASSTYPE };

#define OBJ_LEN { .name = "len", .type = PKT_F_UINT, .bits = 16, \
	.fl = PKT_FF_AUTO }

/* An object's len left unset: its own bytes, from its header to `end`. */
static void
put_len(struct pkt_bctx *bc, size_t idx, size_t end)
{
	if (!bc->p->li[idx].v[O_LEN].set && bc->hlen[idx] >= 2)
		pkt_bctx_putu(bc, idx, O_LEN, (end - bc->off[idx]) & 0xffff);
}

/* The generic object: its data is its payload (Raw), counted in len. */
static int
obj_finish(struct pkt_bctx *bc, size_t idx)
{
	put_len(bc, idx, pkt_bctx_payend(bc, idx));
	return 0;
}

static const struct pkt_field obj_fields[] = {
	[O_LEN] = OBJ_LEN,
	[O_CLASSNUM] = U("classnum", 8, 0),
	[O_CLASSTYPE] = U("classtype", 8, 0),
};

/* Its data is Raw, as in Scapy (and what comes after it with it). */
static const struct pkt_layer *
obj_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p,
    size_t n)
{
	(void)dc;
	(void)li;
	(void)p;
	(void)n;
	return &pkt_layer_raw;
}

const struct pkt_layer pkt_layer_icmpext_obj = {
	.name = "ICMPExtensionObject", .title = "ICMP Extension Object",
	.f = obj_fields, .nf = NF(obj_fields), .dlt = -1,
	.finish = obj_finish, .next = obj_next,
};

/* Objects of a known class: len counts the object itself. */
static int
own_finish(struct pkt_bctx *bc, size_t idx)
{
	put_len(bc, idx, bc->off[idx] + bc->hlen[idx]);
	return 0;
}

/* ---- MPLS label stack (RFC 4950) ----------------------------------------- */

enum { M_LABEL, M_COS, M_S, M_TTL };

static const struct pkt_field mpls_fields[] = {
	[M_LABEL] = U("label", 20, 3),
	[M_COS] = U("cos", 3, 0),
	[M_S] = U("s", 1, 1),
	[M_TTL] = U("ttl", 8, 0),
};

/* A label stack entry: an item of ICMPExtensionMPLS's stack, or a layer
 * of its own (Scapy's contrib MPLS; not bound under Ether here). */
const struct pkt_layer pkt_layer_mpls = {
	.name = "MPLS", .title = "MPLS", .f = mpls_fields, .nf = NF(mpls_fields),
	.dlt = -1,
};

enum { S_STACK = 3 };

static const struct pkt_field mplsobj_fields[] = {
	[O_LEN] = OBJ_LEN,
	[O_CLASSNUM] = U("classnum", 8, 1),
	[O_CLASSTYPE] = U("classtype", 8, 1),
	[S_STACK] = { .name = "stack", .type = PKT_F_PKTS, .fl = PKT_FF_ISLIST,
	    .sub = &pkt_layer_mpls },
};

/* The header, then (len - 4) / 4 entries.  A len that is not 4 + 4n is
 * not an MPLS object (Raw); one past the capture is truncated. */
static int
mplsobj_dissect(struct pkt_dctx *dc, struct pkt_li *li)
{
	struct pkt_val *sv = &li->v[S_STACK];
	size_t len, k;

	if (!pkt_dissect_fields(dc, li, S_STACK))
		return 1;
	len = (size_t)pkt_li_u(li, O_LEN);
	if (len < 4 || (len - 4) % 4 != 0)
		return -1;
	sv->set = true;
	for (k = 0; k < (len - 4) / 4; k++)
		if (!pkt_dissect_item(dc, sv, &pkt_layer_mpls))
			return 1;
	return 0;
}

const struct pkt_layer pkt_layer_icmpext_mpls = {
	.name = "ICMPExtensionMPLS",
	.title = "ICMP Extension Object - MPLS (RFC4950)",
	.f = mplsobj_fields, .nf = NF(mplsobj_fields), .dlt = -1,
	.finish = own_finish, .dissect = mplsobj_dissect, .next = object_next,
};

/* ---- interface information (RFC 5837) ------------------------------------ */

enum { I_ROLE = 2, I_RESERVED, I_HAS_IFINDEX, I_HAS_IPADDR, I_HAS_IFNAME,
    I_HAS_MTU, I_IFINDEX, I_AFI, I_RESERVED2, I_IP4, I_IP6, I_IFNAME_LEN,
    I_IFNAME, I_MTU };

static bool c_ifindex(const struct pkt_li *li) { return pkt_li_u(li, I_HAS_IFINDEX) == 1; }
static bool c_ipaddr(const struct pkt_li *li) { return pkt_li_u(li, I_HAS_IPADDR) == 1; }
static bool c_ifname(const struct pkt_li *li) { return pkt_li_u(li, I_HAS_IFNAME) == 1; }
static bool c_mtu(const struct pkt_li *li) { return pkt_li_u(li, I_HAS_MTU) == 1; }

/* afi as given, else 1 for a given ip4, 2 for a given ip6, else 0. */
static uint64_t
afi(const struct pkt_li *li)
{
	if (li->v[I_AFI].set)
		return li->v[I_AFI].u;
	return li->v[I_IP4].set ? 1 : li->v[I_IP6].set ? 2 : 0;
}

static bool c_ip4(const struct pkt_li *li) { return afi(li) == 1; }
static bool c_ip6(const struct pkt_li *li) { return afi(li) == 2; }

/* The name: what the Length octet says after itself. */
static size_t
ifname_len(const struct pkt_li *li, size_t avail)
{
	size_t n = (size_t)pkt_li_u(li, I_IFNAME_LEN);

	(void)avail;
	return n > 0 ? n - 1 : 0;
}

static const struct pkt_field ifinfo_fields[] = {
	[O_LEN] = OBJ_LEN,
	[O_CLASSNUM] = U("classnum", 8, 2),
	[I_ROLE] = U("interface_role", 2, 0),
	[I_RESERVED] = U("reserved", 2, 0),
	[I_HAS_IFINDEX] = U("has_ifindex", 1, 0),
	[I_HAS_IPADDR] = U("has_ipaddr", 1, 0),
	[I_HAS_IFNAME] = U("has_ifname", 1, 0),
	[I_HAS_MTU] = U("has_mtu", 1, 0),
	[I_IFINDEX] = { .name = "ifindex", .type = PKT_F_UINT, .bits = 32,
	    .cond = c_ifindex },
	[I_AFI] = { .name = "afi", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_AUTO, .cond = c_ipaddr },
	[I_RESERVED2] = { .name = "reserved2", .type = PKT_F_UINT, .bits = 16,
	    .cond = c_ipaddr },
	[I_IP4] = { .name = "ip4", .type = PKT_F_IPV4, .defs = "0.0.0.0",
	    .cond = c_ip4 },
	[I_IP6] = { .name = "ip6", .type = PKT_F_IPV6, .defs = "::",
	    .cond = c_ip6 },
	[I_IFNAME_LEN] = { .name = "ifname_len", .type = PKT_F_UINT, .bits = 8,
	    .fl = PKT_FF_AUTO, .cond = c_ifname },
	[I_IFNAME] = { .name = "ifname", .type = PKT_F_BYTES, .fl = PKT_FF_STR,
	    .cond = c_ifname, .len = ifname_len },
	[I_MTU] = { .name = "mtu", .type = PKT_F_UINT, .bits = 32,
	    .cond = c_mtu },
};

/* afi from the address given, before the fields are laid out (their
 * presence depends on it). */
static int
ifinfo_prepare(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];

	if (c_ipaddr(li) && !li->v[I_AFI].set)
		pkt_li_setu(li, I_AFI, afi(li));
	return 0;
}

static int
ifinfo_finish(struct pkt_bctx *bc, size_t idx)
{
	const struct pkt_li *li = &bc->p->li[idx];

	if (c_ifname(li) && !li->v[I_IFNAME_LEN].set &&
	    pkt_bctx_fieldbit(bc, idx, I_IFNAME_LEN) / 8 < bc->hlen[idx])
		pkt_bctx_putu(bc, idx, I_IFNAME_LEN, (1 + (li->v[I_IFNAME].set ?
		    li->v[I_IFNAME].blen : 0)) & 0xff);
	return own_finish(bc, idx);
}

/* The fields within the object's len: sub-objects that do not fill it
 * exactly are not this object (Raw); one past the capture is truncated. */
static int
ifinfo_dissect(struct pkt_dctx *dc, struct pkt_li *li)
{
	const uint8_t *start = dc->p, *end = dc->end;
	size_t len;
	int rc = 0;

	if (end - start < 4)
		return 1;
	len = (size_t)(start[0] << 8 | start[1]);
	if (len < 4)
		return -1;
	if (len < (size_t)(end - start))
		dc->end = start + len;
	if (!pkt_dissect_fields(dc, li, li->l->nf))
		rc = len > (size_t)(end - start) ? 1 : -1;
	else if (dc->p != start + len)
		rc = len > (size_t)(end - start) ? 1 : -1;
	dc->end = end;
	return rc;
}

const struct pkt_layer pkt_layer_icmpext_ifinfo = {
	.name = "ICMPExtensionInterfaceInformation",
	.title = "ICMP Extension Object - Interface Information Object (RFC5837)",
	.f = ifinfo_fields, .nf = NF(ifinfo_fields), .dlt = -1,
	.prepare = ifinfo_prepare, .finish = ifinfo_finish,
	.dissect = ifinfo_dissect, .next = object_next,
};

/* ---- for the tracers (mpls.h) -------------------------------------------- */

size_t
pkt_mpls_stack(const struct pkt_pkt *p, struct pkt_mpls *out, size_t max)
{
	size_t i, k, n = 0;

	for (i = 0; i < p->n; i++) {
		const struct pkt_val *sv;

		if (p->li[i].l != &pkt_layer_icmpext_mpls)
			continue;
		sv = &p->li[i].v[S_STACK];
		for (k = 0; k < sv->nitems; k++, n++) {
			const struct pkt_li *e = &sv->items[k];

			if (n >= max)
				continue;
			out[n].label = (uint32_t)pkt_li_u(e, M_LABEL);
			out[n].tc = (uint8_t)pkt_li_u(e, M_COS);
			out[n].s = (uint8_t)pkt_li_u(e, M_S);
			out[n].ttl = (uint8_t)pkt_li_u(e, M_TTL);
		}
	}
	return n;
}

void
pkt_mpls_fmt(char *s, size_t size, const struct pkt_mpls *m, size_t n)
{
	size_t i, at = 0;

	if (size == 0)
		return;
	s[0] = '\0';
	for (i = 0; i < n && at < size; i++) {
		int w = snprintf(s + at, size - at, "%s[MPLS: %lu/%u/%u/%u]",
		    i ? " " : "", (unsigned long)m[i].label, m[i].tc, m[i].s,
		    m[i].ttl);

		if (w < 0)
			break;
		at += (size_t)w;
	}
}
