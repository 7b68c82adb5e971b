/* ipv6ext.c: IPv6 extension headers (RFC 8200 section 4) and the options
 * of the Hop-by-Hop and Destination Options headers.
 *
 * Hop-by-Hop (nh 0) and Destination Options (nh 60):
 *    0                   1                   2                   3
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |  Next Header  |  Hdr Ext Len  |                               |
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               +
 *   |            Options (TLV: type, length, data), 8n+6 bytes      |
 *
 * Routing (nh 43), type 0/2 layout as Scapy's IPv6ExtHdrRouting:
 *   |  Next Header  |  Hdr Ext Len  |  Routing Type | Segments Left |
 *   |                           Reserved                            |
 *   |                 Address[1..n] (16 bytes each)                 |
 *
 * Fragment (nh 44):
 *   |  Next Header  |   Reserved    |      Fragment Offset    |Res|M|
 *   |                         Identification                        |
 *
 * The options are a list of option layers, as Scapy's PacketListField:
 * Pad1, PadN, RouterAlert, Jumbo, HAO and HBHOptUnknown.  With autopad on
 * (the default) the builder aligns each option (RouterAlert 2n, Jumbo
 * 4n+2, HAO 8n+6) and pads the header to a multiple of 8 bytes with
 * Pad1/PadN, exactly as Scapy's _OptionsField.i2m. */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "../dissect.h"

#include <stdlib.h>
#include <string.h>

#include "../err.h"
#include "../util.h"
#include "ipv6.h"
#include "names.h"

extern const struct pkt_layer pkt_layer_ipv6_hbh, pkt_layer_ipv6_destopt,
    pkt_layer_ipv6_routing, pkt_layer_ipv6_frag, pkt_layer_opt6_pad1,
    pkt_layer_opt6_padn, pkt_layer_opt6_ra, pkt_layer_opt6_jumbo,
    pkt_layer_opt6_hao, pkt_layer_opt6_unknown;

const struct pkt_layer *pkt_ipv6_next(struct pkt_dctx *, const struct pkt_li *,
    uint64_t nh, const uint8_t *, size_t);

/* ---- the options ------------------------------------------------------ */

enum { O_TYPE, O_LEN, O_DATA };

/* PadN and the unknown option: data of optlen bytes. */
static size_t
optdata_len(const struct pkt_li *li, size_t avail)
{
	uint64_t n = pkt_li_u(li, O_LEN);

	return n < avail ? (size_t)n : avail;
}

static const struct pkt_field pad1_fields[] = {
	{ .name = "otype", .type = PKT_F_UINT, .bits = 8, .def = 0,
	    .names = pkt_names_ipv6_hbhopts },
};
static const struct pkt_field padn_fields[] = {
	{ .name = "otype", .type = PKT_F_UINT, .bits = 8, .def = 1,
	    .names = pkt_names_ipv6_hbhopts },
	{ .name = "optlen", .type = PKT_F_UINT, .bits = 8, .fl = PKT_FF_AUTO },
	{ .name = "optdata", .type = PKT_F_BYTES, .fl = PKT_FF_STR,
	    .len = optdata_len },
};
static const struct pkt_field ra_fields[] = {
	{ .name = "otype", .type = PKT_F_UINT, .bits = 8, .def = 5,
	    .names = pkt_names_ipv6_hbhopts },
	{ .name = "optlen", .type = PKT_F_UINT, .bits = 8, .def = 2 },
	{ .name = "value", .type = PKT_F_UINT, .bits = 16,
	    .names = pkt_names_ipv6_router_alert },
};
static const struct pkt_field jumbo_fields[] = {
	{ .name = "otype", .type = PKT_F_UINT, .bits = 8, .def = 0xc2,
	    .names = pkt_names_ipv6_hbhopts },
	{ .name = "optlen", .type = PKT_F_UINT, .bits = 8, .def = 4 },
	{ .name = "jumboplen", .type = PKT_F_UINT, .bits = 32 },
};
enum { HAO_OTYPE, HAO_OPTLEN, HAO_HOA };
static const struct pkt_field hao_fields[] = {
	{ .name = "otype", .type = PKT_F_UINT, .bits = 8, .def = 0xc9,
	    .names = pkt_names_ipv6_hbhopts },
	{ .name = "optlen", .type = PKT_F_UINT, .bits = 8, .def = 16 },
	{ .name = "hoa", .type = PKT_F_IPV6, .defs = "::" },
};

#define NF(a) (sizeof(a) / sizeof((a)[0]))

/* PadN or an unknown option built on its own (not in an options list):
 * optlen left unset is the data length (Scapy's FieldLenField). */
static int
optdata_finish(struct pkt_bctx *bc, size_t idx)
{
	if (!bc->p->li[idx].v[O_LEN].set && bc->hlen[idx] >= 2)
		pkt_bctx_putu(bc, idx, O_LEN, (bc->hlen[idx] - 2) & 0xff);
	return 0;
}

const struct pkt_layer pkt_layer_opt6_pad1 = {
	.name = "Pad1", .title = "Pad1", .f = pad1_fields,
	.nf = NF(pad1_fields), .dlt = -1,
};
const struct pkt_layer pkt_layer_opt6_padn = {
	.name = "PadN", .title = "PadN", .f = padn_fields,
	.nf = NF(padn_fields), .dlt = -1, .finish = optdata_finish,
};
const struct pkt_layer pkt_layer_opt6_ra = {
	.name = "RouterAlert", .title = "Router Alert", .f = ra_fields,
	.nf = NF(ra_fields), .dlt = -1,
};
const struct pkt_layer pkt_layer_opt6_jumbo = {
	.name = "Jumbo", .title = "Jumbo Payload", .f = jumbo_fields,
	.nf = NF(jumbo_fields), .dlt = -1,
};
const struct pkt_layer pkt_layer_opt6_hao = {
	.name = "HAO", .title = "Home Address Option", .f = hao_fields,
	.nf = NF(hao_fields), .dlt = -1,
};
const struct pkt_layer pkt_layer_opt6_unknown = {
	.name = "HBHOptUnknown", .title = "Scapy6 Unknown Option",
	.f = padn_fields, .nf = NF(padn_fields), .dlt = -1,
	.finish = optdata_finish,
};

/* Scapy's alignment_delta(): padding before an option at curpos. */
static size_t
align_delta(const struct pkt_layer *l, size_t curpos)
{
	size_t x, y;

	if (l == &pkt_layer_opt6_ra) {
		x = 2;
		y = 0;
	} else if (l == &pkt_layer_opt6_jumbo) {
		x = 4;
		y = 2;
	} else if (l == &pkt_layer_opt6_hao) {
		x = 8;
		y = 6;
	} else
		return 0;
	return x * ((curpos + x - 1 - y) / x) + y - curpos;	/* curpos >= 2 */
}

/* Pad1 for one byte, PadN for more. */
static void
put_pad(struct pkt_bctx *tb, size_t d)
{
	uint8_t *p;

	if (d == 0)
		return;
	p = pkt_bctx_grow(tb, d);	/* zeroed */
	if (d >= 2) {
		p[0] = 1;
		p[1] = (uint8_t)(d - 2);
	}
}

enum { H_NH, H_LEN, H_AUTOPAD, H_OPTIONS };

/* The options of a HBH/DestOpt header into tb->buf (tb->len bytes), as
 * Scapy's _OptionsField.i2m; the caller frees tb->buf. */
static int
opts_encode(const struct pkt_li *li, struct pkt_bctx *tb, char *errbuf)
{
	const struct pkt_val *v = &li->v[H_OPTIONS];
	bool autopad = pkt_li_u(li, H_AUTOPAD) != 0;
	size_t curpos = 2, i, fi;

	memset(tb, 0, sizeof(*tb));
	tb->errbuf = errbuf;
	for (i = 0; v->set && i < v->nitems; i++) {
		const struct pkt_li *o = &v->items[i];
		unsigned bitpos = 0;
		size_t s;

		if (autopad) {
			size_t d = align_delta(o->l, curpos);

			put_pad(tb, d);
			curpos += d;
		}
		s = tb->len;
		for (fi = 0; fi < o->l->nf; fi++) {
			if (o->trunc && !o->v[fi].set)
				break;
			if (!pkt_li_present(o, fi))
				continue;
			if (pkt_build_field(tb, o, fi, &bitpos) < 0)
				return -1;
		}
		if (bitpos != 0)
			return pkt_fail(errbuf, "%s: option is not a whole number of bytes",
			    o->l->name);
		/* PadN / unknown: optlen left unset is the data length */
		if (o->l->nf == 3 && o->l->f == padn_fields && !o->v[O_LEN].set &&
		    !o->trunc && tb->len - s >= 2)
			tb->buf[s + 1] = (uint8_t)(tb->len - s - 2);
		curpos += tb->len - s;
	}
	if (autopad && curpos % 8)
		put_pad(tb, 8 - curpos % 8);
	return 0;
}

static int
opts_build(struct pkt_bctx *bc, size_t idx)
{
	const struct pkt_li *li = &bc->p->li[idx];
	struct pkt_bctx tb;
	uint8_t *h;

	if (opts_encode(li, &tb, bc->errbuf) < 0) {
		free(tb.buf);
		return -1;
	}
	h = pkt_bctx_grow(bc, 2 + tb.len);
	h[0] = (uint8_t)pkt_li_u(li, H_NH);
	h[1] = li->v[H_LEN].set ? (uint8_t)li->v[H_LEN].u :
	    (uint8_t)((tb.len + 2 + 7) / 8 - 1);
	if (tb.len)
		memcpy(h + 2, tb.buf, tb.len);
	free(tb.buf);
	if (bc->fbit != NULL) {
		bc->fbit[bc->fbase[idx] + H_NH] = 0;
		bc->fbit[bc->fbase[idx] + H_LEN] = 8;
		bc->fbit[bc->fbase[idx] + H_AUTOPAD] = 16;
		bc->fbit[bc->fbase[idx] + H_OPTIONS] = 16;
	}
	return 0;
}

/* Options from r[0..n): one item each; a TLV cut short keeps what is
 * there (its optlen as read), so that the bytes are rebuilt as they were. */
static void
opts_parse(struct pkt_val *v, const uint8_t *r, size_t n)
{
	size_t i = 0;

	v->set = true;
	while (i < n) {
		const struct pkt_layer *l;
		struct pkt_li *o;
		size_t ol, have;
		uint8_t t = r[i];

		if (t == 0) {
			o = pkt_val_additem(v, &pkt_layer_opt6_pad1);
			pkt_li_setu(o, O_TYPE, 0);
			i++;
			continue;
		}
		if (n - i < 2) {	/* a type and no length */
			o = pkt_val_additem(v, &pkt_layer_opt6_unknown);
			pkt_li_setu(o, O_TYPE, t);
			o->trunc = true;
			break;
		}
		ol = r[i + 1];
		have = n - i - 2 < ol ? n - i - 2 : ol;
		if (t == 1)
			l = &pkt_layer_opt6_padn;
		else if (t == 5 && ol == 2 && have == 2)
			l = &pkt_layer_opt6_ra;
		else if (t == 0xc2 && ol == 4 && have == 4)
			l = &pkt_layer_opt6_jumbo;
		else if (t == 0xc9 && ol == 16 && have == 16)
			l = &pkt_layer_opt6_hao;
		else
			l = &pkt_layer_opt6_unknown;
		o = pkt_val_additem(v, l);
		pkt_li_setu(o, O_TYPE, t);
		pkt_li_setu(o, O_LEN, ol);
		if (l == &pkt_layer_opt6_ra)
			pkt_li_setu(o, O_DATA, (uint64_t)r[i + 2] << 8 | r[i + 3]);
		else if (l == &pkt_layer_opt6_jumbo)
			pkt_li_setu(o, O_DATA, (uint64_t)r[i + 2] << 24 |
			    (uint64_t)r[i + 3] << 16 | (uint64_t)r[i + 4] << 8 | r[i + 5]);
		else if (l == &pkt_layer_opt6_hao) {
			memcpy(o->v[O_DATA].a, r + i + 2, 16);
			o->v[O_DATA].set = true;
		} else
			pkt_val_setb(&o->v[O_DATA], r + i + 2, have);
		i += 2 + have;
	}
}

static int
opts_dissect(struct pkt_dctx *dc, struct pkt_li *li)
{
	size_t avail = (size_t)(dc->end - dc->p), olen;
	const uint8_t *p = dc->p;
	struct pkt_bctx tb;
	char eb[PKT_ERRBUF];

	if (avail < 1)
		return 1;
	pkt_li_setu(li, H_NH, p[0]);
	dc->p++;
	if (avail < 2)
		return 1;
	pkt_li_setu(li, H_LEN, p[1]);
	dc->p++;
	olen = 8 * ((size_t)p[1] + 1) - 2;
	if (avail - 2 < olen)
		return 1;	/* the options go to Raw whole */
	opts_parse(&li->v[H_OPTIONS], p + 2, olen);
	dc->p += olen;
	/* Scapy reads autopad as 1; keep it so unless padding on rebuild
	 * would change the bytes (misaligned options as captured). */
	pkt_li_setu(li, H_AUTOPAD, 1);
	if (opts_encode(li, &tb, eb) < 0 || tb.len != olen ||
	    memcmp(tb.buf, p + 2, olen) != 0)
		pkt_li_setu(li, H_AUTOPAD, 0);
	free(tb.buf);
	return 0;
}

static const struct pkt_name onoff[] = {
	{ 0, "Off" }, { 1, "On" }, { 0, NULL },
};

static const struct pkt_field opts_fields[] = {
	[H_NH] = { .name = "nh", .type = PKT_F_UINT, .bits = 8, .def = 59,
	    .names = pkt_names_ipv6_nh },
	[H_LEN] = { .name = "len", .type = PKT_F_UINT, .bits = 8, .fl = PKT_FF_AUTO },
	/* Scapy's _PhantomAutoPadField: shown, never on the wire. */
	[H_AUTOPAD] = { .name = "autopad", .type = PKT_F_UINT, .bits = 8, .def = 1,
	    .names = onoff },
	[H_OPTIONS] = { .name = "options", .type = PKT_F_PKTS, .fl = PKT_FF_ISLIST,
	    .sub = &pkt_layer_opt6_unknown },
};

static const struct pkt_layer *
opts_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p, size_t n)
{
	return pkt_ipv6_next(dc, li, pkt_li_u(li, H_NH), p, n);
}

/* Extension headers' own length: 8 (len + 1) bytes; a fragment header 8. */
static int64_t
ext_span(const struct pkt_li *li)
{
	return 8 * ((int64_t)pkt_li_wire(li, H_LEN) + 1);
}

const struct pkt_layer pkt_layer_ipv6_hbh = {
	.name = "IPv6ExtHdrHopByHop",
	.title = "IPv6 Extension Header - Hop-by-Hop Options Header",
	.f = opts_fields, .nf = NF(opts_fields), .dlt = -1,
	.build = opts_build, .dissect = opts_dissect, .next = opts_next,
	.role = PKT_ROLE_EXTENSION, .span = ext_span,
};

const struct pkt_layer pkt_layer_ipv6_destopt = {
	.name = "IPv6ExtHdrDestOpt",
	.title = "IPv6 Extension Header - Destination Options Header",
	.f = opts_fields, .nf = NF(opts_fields), .dlt = -1,
	.build = opts_build, .dissect = opts_dissect, .next = opts_next,
	.role = PKT_ROLE_EXTENSION, .span = ext_span,
};

/* ---- routing ------------------------------------------------------------ */

enum { R_NH, R_LEN, R_TYPE, R_SEGLEFT, R_RESERVED, R_ADDRESSES };
_Static_assert((int)R_LEN == (int)H_LEN, "ext_span reads both headers' len");

static size_t
rt_addrlen(const struct pkt_li *li, size_t avail)
{
	(void)avail;
	return 8 * (size_t)pkt_li_u(li, R_LEN);
}

static const struct pkt_field rt_fields[] = {
	[R_NH] = { .name = "nh", .type = PKT_F_UINT, .bits = 8, .def = 59,
	    .names = pkt_names_ipv6_nh },
	[R_LEN] = { .name = "len", .type = PKT_F_UINT, .bits = 8, .fl = PKT_FF_AUTO },
	[R_TYPE] = { .name = "type", .type = PKT_F_UINT, .bits = 8 },
	[R_SEGLEFT] = { .name = "segleft", .type = PKT_F_UINT, .bits = 8,
	    .fl = PKT_FF_AUTO },
	[R_RESERVED] = { .name = "reserved", .type = PKT_F_UINT, .bits = 32 },
	[R_ADDRESSES] = { .name = "addresses", .type = PKT_F_BYTES,
	    .fl = PKT_FF_ADDRLIST, .len = rt_addrlen },
};

static size_t
rt_naddr(const struct pkt_li *li)
{
	return li->v[R_ADDRESSES].set ? li->v[R_ADDRESSES].blen / 16 : 0;
}

/* Scapy's in6_chksum walks from the upper layer down to its IPv6 header:
 * the first routing header it meets with segments left (or segleft
 * unset) and addresses gives the destination, its last address; a
 * destination options header whose only option is a Home Address gives
 * the source, the one met last (nearest the IPv6 header) winning. */
void
pkt_ipv6_pseudo_addrs(const struct pkt_pkt *p, size_t ip6, size_t upper,
    const uint8_t **src, const uint8_t **dst)
{
	bool rt = false;
	size_t k;

	for (k = upper; k-- > ip6 + 1; ) {
		const struct pkt_li *li = &p->li[k];

		if (li->l == &pkt_layer_ipv6_routing && !rt) {
			size_t n = rt_naddr(li);

			if (n > 0 && (!li->v[R_SEGLEFT].set || li->v[R_SEGLEFT].u != 0)) {
				*dst = li->v[R_ADDRESSES].b + 16 * (n - 1);
				rt = true;
			}
		} else if (li->l == &pkt_layer_ipv6_destopt &&
		    li->v[H_OPTIONS].nitems == 1 &&
		    li->v[H_OPTIONS].items[0].l == &pkt_layer_opt6_hao)
			*src = li->v[H_OPTIONS].items[0].v[HAO_HOA].a;
	}
}

static int
rt_finish(struct pkt_bctx *bc, size_t idx)
{
	const struct pkt_li *li = &bc->p->li[idx];
	size_t n = rt_naddr(li);

	if (!li->v[R_LEN].set)
		pkt_bctx_putu(bc, idx, R_LEN, (2 * n) & 0xff);
	if (!li->v[R_SEGLEFT].set)
		pkt_bctx_putu(bc, idx, R_SEGLEFT, n & 0xff);
	return 0;
}

static const struct pkt_layer *
rt_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p, size_t n)
{
	return pkt_ipv6_next(dc, li, pkt_li_u(li, R_NH), p, n);
}

const struct pkt_layer pkt_layer_ipv6_routing = {
	.name = "IPv6ExtHdrRouting", .title = "IPv6 Option Header Routing",
	.f = rt_fields, .nf = NF(rt_fields), .dlt = -1,
	.finish = rt_finish, .next = rt_next,
	.role = PKT_ROLE_EXTENSION, .span = ext_span,
};

/* ---- fragment ----------------------------------------------------------- */

enum { FR_NH, FR_RES1, FR_OFFSET, FR_RES2, FR_M, FR_ID };

static const struct pkt_field frag_fields[] = {
	[FR_NH] = { .name = "nh", .type = PKT_F_UINT, .bits = 8, .def = 59,
	    .names = pkt_names_ipv6_nh },
	[FR_RES1] = { .name = "res1", .type = PKT_F_UINT, .bits = 8 },
	[FR_OFFSET] = { .name = "offset", .type = PKT_F_UINT, .bits = 13 },
	[FR_RES2] = { .name = "res2", .type = PKT_F_UINT, .bits = 2 },
	[FR_M] = { .name = "m", .type = PKT_F_UINT, .bits = 1 },
	/* Scapy's default is None, which it writes as 0 */
	[FR_ID] = { .name = "id", .type = PKT_F_UINT, .bits = 32 },
};

/* Later fragments are Raw: no reassembly. */
static const struct pkt_layer *
frag_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p, size_t n)
{
	if (pkt_li_u(li, FR_OFFSET) != 0)
		return &pkt_layer_raw;
	return pkt_ipv6_next(dc, li, pkt_li_u(li, FR_NH), p, n);
}

static int64_t
frag_span(const struct pkt_li *li)
{
	(void)li;
	return 8;
}

const struct pkt_layer pkt_layer_ipv6_frag = {
	.name = "IPv6ExtHdrFragment",
	.title = "IPv6 Extension Header - Fragmentation header",
	.f = frag_fields, .nf = NF(frag_fields), .dlt = -1, .next = frag_next,
	.role = PKT_ROLE_EXTENSION, .span = frag_span,
};
