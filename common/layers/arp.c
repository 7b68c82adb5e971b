/* arp.c: ARP (RFC 826).
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |        Hardware type          |        Protocol type          |
 *   |  HW addr len  | Proto addr len|          Operation            |
 *   |          Sender hardware address (hwlen bytes) ...            |
 *   |          Sender protocol address (plen bytes) ...             |
 *   |          Target hardware address (hwlen bytes) ...            |
 *   |          Target protocol address (plen bytes) ...             |
 *
 * The addresses are Scapy's MultipleTypeFields, here one table entry per
 * type under the same name, chosen by cond: MAC when hwtype is 1 and hwlen
 * 6, IPv4 when ptype is 0x0800 and plen 4, IPv6 when ptype is 0x86dd and
 * plen 16, else raw bytes of hwlen/plen.  When building with hwlen/plen
 * unset, the typed field is used when the type says so, and the lengths
 * follow from what was laid out.  Raw addresses are padded or cut to the
 * length, as Scapy's StrFixedLenField, so bytes -> tree -> bytes holds. */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "arp.h"

#include <stdio.h>
#include <string.h>

#include "names.h"
#include "../match.h"


/* hwlen/plen are read before the addresses; unset means "building, to be
 * computed", and then the type alone decides. */
static bool
hw_mac(const struct pkt_li *li)
{
	return pkt_li_u(li, ARP_F_HWTYPE) == 1 &&
	    (!li->v[ARP_F_HWLEN].set || li->v[ARP_F_HWLEN].u == 6);
}

static bool
p_v4(const struct pkt_li *li)
{
	return pkt_li_u(li, ARP_F_PTYPE) == 0x0800 &&
	    (!li->v[ARP_F_PLEN].set || li->v[ARP_F_PLEN].u == 4);
}

static bool
p_v6(const struct pkt_li *li)
{
	return pkt_li_u(li, ARP_F_PTYPE) == 0x86dd &&
	    (!li->v[ARP_F_PLEN].set || li->v[ARP_F_PLEN].u == 16);
}

static bool c_hw_raw(const struct pkt_li *li) { return !hw_mac(li); }
static bool c_p_raw(const struct pkt_li *li) { return !p_v4(li) && !p_v6(li); }

/* Length of a raw hardware address: hwlen, or, building with hwlen unset,
 * the length of hwsrc (Scapy's FieldLenField length_of="hwsrc"). */
static size_t
hw_rawlen(const struct pkt_li *li)
{
	if (li->v[ARP_F_HWLEN].set)
		return (size_t)li->v[ARP_F_HWLEN].u;
	return li->v[ARP_F_HWSRC_RAW].set ? li->v[ARP_F_HWSRC_RAW].blen : 0;
}

static size_t
p_rawlen(const struct pkt_li *li)
{
	if (li->v[ARP_F_PLEN].set)
		return (size_t)li->v[ARP_F_PLEN].u;
	return li->v[ARP_F_PSRC_RAW].set ? li->v[ARP_F_PSRC_RAW].blen : 0;
}

static size_t
hw_len(const struct pkt_li *li, size_t avail)
{
	(void)avail;
	return hw_rawlen(li);
}

static size_t
p_len(const struct pkt_li *li, size_t avail)
{
	(void)avail;
	return p_rawlen(li);
}

static const struct pkt_field arp_fields[] = {
	[ARP_F_HWTYPE] = { .name = "hwtype", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX, .def = 1, .names = pkt_names_arp_hwtypes },
	[ARP_F_PTYPE] = { .name = "ptype", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX, .def = 0x0800, .names = pkt_names_ether_types },
	[ARP_F_HWLEN] = { .name = "hwlen", .type = PKT_F_UINT, .bits = 8,
	    .fl = PKT_FF_AUTO },
	[ARP_F_PLEN] = { .name = "plen", .type = PKT_F_UINT, .bits = 8,
	    .fl = PKT_FF_AUTO },
	[ARP_F_OP] = { .name = "op", .type = PKT_F_UINT, .bits = 16, .def = 1,
	    .names = pkt_names_arp_ops },
	[ARP_F_HWSRC_MAC] = { .name = "hwsrc", .type = PKT_F_MAC, .cond = hw_mac },
	[ARP_F_HWSRC_RAW] = { .name = "hwsrc", .type = PKT_F_BYTES,
	    .cond = c_hw_raw, .len = hw_len },
	[ARP_F_PSRC_V4] = { .name = "psrc", .type = PKT_F_IPV4, .cond = p_v4 },
	[ARP_F_PSRC_V6] = { .name = "psrc", .type = PKT_F_IPV6, .cond = p_v6 },
	[ARP_F_PSRC_RAW] = { .name = "psrc", .type = PKT_F_BYTES, .cond = c_p_raw,
	    .len = p_len },
	[ARP_F_HWDST_MAC] = { .name = "hwdst", .type = PKT_F_MAC,
	    .defs = "00:00:00:00:00:00", .cond = hw_mac },
	[ARP_F_HWDST_RAW] = { .name = "hwdst", .type = PKT_F_BYTES,
	    .cond = c_hw_raw, .len = hw_len },
	[ARP_F_PDST_V4] = { .name = "pdst", .type = PKT_F_IPV4, .defs = "0.0.0.0",
	    .cond = p_v4 },
	[ARP_F_PDST_V6] = { .name = "pdst", .type = PKT_F_IPV6, .defs = "::",
	    .cond = p_v6 },
	[ARP_F_PDST_RAW] = { .name = "pdst", .type = PKT_F_BYTES, .cond = c_p_raw,
	    .len = p_len },
};
_Static_assert(sizeof(arp_fields) / sizeof(arp_fields[0]) == ARP_NF,
    "arp.h's enum and the table of arp.c differ");


static bool
is_raw(size_t fi)
{
	return fi == ARP_F_HWSRC_RAW || fi == ARP_F_HWDST_RAW || fi == ARP_F_PSRC_RAW ||
	    fi == ARP_F_PDST_RAW;
}

/* Unset addresses: pdst 0.0.0.0 (::), hwdst zero, psrc the route's source
 * for pdst, hwsrc the MAC of the interface towards pdst (zero if the env
 * cannot tell). */
static int
arp_prepare(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];
	size_t pdst, psrc;
	int fam;

	if (p_v4(li)) {
		pdst = ARP_F_PDST_V4;
		psrc = ARP_F_PSRC_V4;
		fam = 4;
	} else if (p_v6(li)) {
		pdst = ARP_F_PDST_V6;
		psrc = ARP_F_PSRC_V6;
		fam = 6;
	} else
		return 0;
	if (!li->v[pdst].set) {
		memset(li->v[pdst].a, 0, sizeof(li->v[pdst].a));
		li->v[pdst].set = true;
	}
	if (!li->v[psrc].set) {
		memset(li->v[psrc].a, 0, sizeof(li->v[psrc].a));
		if (bc->env != NULL && bc->env->srcaddr != NULL &&
		    bc->env->srcaddr(bc->env->arg, fam, li->v[pdst].a,
		    li->v[psrc].a) < 0)
			memset(li->v[psrc].a, 0, sizeof(li->v[psrc].a));
		li->v[psrc].set = true;
	}
	if (hw_mac(li) && !li->v[ARP_F_HWSRC_MAC].set) {
		uint8_t smac[6] = { 0 };

		/* Only our own MAC: no resolution of the address we ask for. */
		if (bc->env != NULL && bc->env->macs != NULL &&
		    bc->env->macs(bc->env->arg, fam, li->v[pdst].a, smac,
		    NULL) < 0)
			memset(smac, 0, sizeof(smac));
		memcpy(li->v[ARP_F_HWSRC_MAC].a, smac, 6);
		li->v[ARP_F_HWSRC_MAC].set = true;
	}
	return 0;
}

/* The generic walk, except that raw addresses take exactly the length
 * hwlen/plen say (padded with zeros or cut). */
static int
arp_build(struct pkt_bctx *bc, size_t idx)
{
	const struct pkt_li *li = &bc->p->li[idx];
	size_t start = bc->len, fi;
	unsigned bitpos = 0;

	for (fi = 0; fi < ARP_NF; fi++) {
		const struct pkt_val *v = &li->v[fi];

		if (!pkt_li_present(li, fi))
			continue;
		bc->fbit[bc->fbase[idx] + fi] = (bc->len - start) * 8;
		if (is_raw(fi)) {
			size_t n = fi == ARP_F_HWSRC_RAW || fi == ARP_F_HWDST_RAW ?
			    hw_rawlen(li) : p_rawlen(li);
			uint8_t *p = pkt_bctx_grow(bc, n);

			if (v->set && v->b != NULL)
				memcpy(p, v->b, v->blen < n ? v->blen : n);
			continue;
		}
		if (pkt_build_field(bc, li, fi, &bitpos) < 0)
			return -1;
	}
	return 0;
}

static int
arp_finish(struct pkt_bctx *bc, size_t idx)
{
	const struct pkt_li *li = &bc->p->li[idx];

	if (!li->v[ARP_F_HWLEN].set)
		pkt_bctx_putu(bc, idx, ARP_F_HWLEN,
		    hw_mac(li) ? 6 : hw_rawlen(li) & 0xff);
	if (!li->v[ARP_F_PLEN].set)
		pkt_bctx_putu(bc, idx, ARP_F_PLEN, p_v4(li) ? 4 : p_v6(li) ? 16 :
		    p_rawlen(li) & 0xff);
	return 0;
}

/* Everything after the message is Padding (Scapy's extract_padding). */
static size_t
arp_paylen(const struct pkt_li *li, size_t hdr, size_t avail)
{
	(void)li;
	(void)hdr;
	(void)avail;
	return 0;
}

/* Python's repr() of bytes, as Scapy's sprintf shows a raw address. */
static void
bytes_repr(char *s, size_t n, const uint8_t *b, size_t len)
{
	size_t i, k = 0;
	char q = '\'';

	if (b != NULL && memchr(b, '\'', len) != NULL && memchr(b, '"', len) == NULL)
		q = '"';
	k += (size_t)snprintf(s, n, "b%c", q);
	for (i = 0; i < len && k + 5 < n; i++) {
		uint8_t c = b[i];

		if (c == '\\' || c == (uint8_t)q)
			k += (size_t)snprintf(s + k, n - k, "\\%c", c);
		else if (c == '\t')
			k += (size_t)snprintf(s + k, n - k, "\\t");
		else if (c == '\n')
			k += (size_t)snprintf(s + k, n - k, "\\n");
		else if (c == '\r')
			k += (size_t)snprintf(s + k, n - k, "\\r");
		else if (c < 0x20 || c >= 0x7f)
			k += (size_t)snprintf(s + k, n - k, "\\x%02x", c);
		else
			k += (size_t)snprintf(s + k, n - k, "%c", c);
	}
	if (k + 1 < n)
		snprintf(s + k, n - k, "%c", q);
}

/* Address field `name` as Scapy's sprintf shows it: the present variant. */
static void
addr_text(const struct pkt_li *li, size_t first, size_t last, char *s, size_t n)
{
	size_t fi;

	snprintf(s, n, "None");
	for (fi = first; fi <= last; fi++) {
		if (!pkt_li_present(li, fi))
			continue;
		if (is_raw(fi)) {
			if (li->v[fi].set)
				bytes_repr(s, n, li->v[fi].b, li->v[fi].blen);
		} else if (li->v[fi].set || arp_fields[fi].defs != NULL) {
			uint8_t a[16] = { 0 };

			if (li->v[fi].set)
				memcpy(a, li->v[fi].a, sizeof(a));
			pkt_fmt_addr(&arp_fields[fi], a, s, n);
		}
		return;
	}
}

/* "ARP who has 192.0.2.2 says 192.0.2.1", "ARP is at 02:.. says ..",
 * else "ARP <op> <psrc> > <pdst>". */
static bool
arp_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	char src[160], dst[160], hw[160], ob[24];
	uint64_t op = pkt_li_u(li, ARP_F_OP);
	const char *o;

	addr_text(li, ARP_F_PSRC_V4, ARP_F_PSRC_RAW, src, sizeof(src));
	addr_text(li, ARP_F_PDST_V4, ARP_F_PDST_RAW, dst, sizeof(dst));
	if (op == 1)
		snprintf(s, n, "ARP who has %s says %s", dst, src);
	else if (op == 2) {
		addr_text(li, ARP_F_HWSRC_MAC, ARP_F_HWSRC_RAW, hw, sizeof(hw));
		snprintf(s, n, "ARP is at %s says %s", hw, src);
	} else {
		if ((o = pkt_name_get(pkt_names_arp_ops, op)) == NULL) {
			snprintf(ob, sizeof(ob), "%u", (unsigned)op);
			o = ob;
		}
		snprintf(s, n, "ARP %s %s > %s", o, src, dst);
	}
	return true;
}

/* ARP.answers: the reply's op follows the request's, and it comes from
 * the address asked for. */
static bool
arp_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	const struct pkt_li *r = &m->reply->li[ri], *p;

	if (pi >= m->probe->n || (p = &m->probe->li[pi])->l != r->l)
		return false;
	return pkt_li_wire(r, ARP_F_OP) == pkt_li_wire(p, ARP_F_OP) + 1 &&
	    memcmp(p->v[ARP_F_PDST_V4].a, r->v[ARP_F_PSRC_V4].a, 4) == 0;
}

static uint32_t
arp_peer(const struct pkt_li *li, bool dst, uint8_t *out)
{
	memcpy(out, li->v[dst ? ARP_F_PDST_V4 : ARP_F_PSRC_V4].a, 4);
	return 4;
}

/* Its protocol addresses, when they are IPv4 or IPv6 ones. */
static bool
arp_addrs(const struct pkt_li *li, size_t *src, size_t *dst)
{
	if (p_v4(li)) {
		*src = ARP_F_PSRC_V4;
		*dst = ARP_F_PDST_V4;
	} else if (p_v6(li)) {
		*src = ARP_F_PSRC_V6;
		*dst = ARP_F_PDST_V6;
	} else
		return false;
	return true;
}

static uint32_t
arp_hashret(const struct pkt_match_conf *c, const struct pkt_pkt *p, size_t idx,
    bool reply)
{
	(void)c;
	(void)p;
	(void)idx;
	(void)reply;
	return UINT32_C(0x806) << 16;
}

const struct pkt_layer pkt_layer_arp = {
	.name = "ARP", .title = "ARP", .f = arp_fields, .nf = ARP_NF,
	.dlt = -1, .prepare = arp_prepare, .build = arp_build,
	.finish = arp_finish, .paylen = arp_paylen, .summary = arp_summary,
	.role = PKT_ROLE_NETWORK, .answers = arp_answers, .hashret = arp_hashret,
	.peer = arp_peer, .addrs = arp_addrs,
};
