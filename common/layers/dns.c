/* dns.c: DNS (RFC 1035)
 *
 *                                    1  1  1  1  1  1
 *      0  1  2  3  4  5  6  7  8  9  0  1  2  3  4  5
 *    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *    |        length (over TCP only, RFC 1035 4.2.2)  |
 *    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *    |                      ID                       |
 *    |QR|   Opcode  |AA|TC|RD|RA| Z|AD|CD|   RCODE   |
 *    |                    QDCOUNT                    |
 *    |                    ANCOUNT                    |
 *    |                    NSCOUNT                    |
 *    |                    ARCOUNT                    |
 *    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *    |  qd: DNSQR  QNAME / QTYPE / QCLASS            |
 *    |  an, ns, ar: DNSRR  NAME / TYPE / CLASS / TTL |
 *    |              / RDLENGTH / RDATA               |
 *    +--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+--+
 *
 * Layers DNS, DNSQR and DNSRR, with Scapy 2.5's fields and defaults.  How
 * values are represented (the JSON module and the spec parser rely on it):
 *
 * - DNS.length exists only over TCP (Scapy: the underlayer is TCP).  It is
 *   read and written only there; its cond is "has a value", which after
 *   dissection means "over TCP".
 * - qd, an, ns, ar are PKT_F_PKTS lists of DNSQR / DNSRR instances; after
 *   dissection all four are set (possibly empty).  An unset qd is one
 *   DNSQR(); the counts and DNSRR.rdlen are computed when unset.
 * - DNSRR.rdata is five fields named "rdata", one present per type, as
 *   Scapy's MultipleTypeField: IPV4 (type 1), IPV6 (28), NAME (2 3 4 5 12),
 *   TXT (16: PKT_F_OPTS described by pkt_dns_txt: each option is one
 *   character-string, its kind ignored; a string of 255 bytes or more is
 *   split as Scapy does), BYTES for every other type (SOA, MX, SRV, OPT...,
 *   as on the wire).
 * - Name compression.  Names are built uncompressed, as Scapy does, except
 *   a name that was compressed on the wire: its value (qname, rrname or
 *   the NAME rdata) keeps the dotted name in `b` and, in `u`,
 *   PKT_NAMEPTR(labels, offset): the first `labels` labels of the name are
 *   written, then a pointer to `offset` (0..16383, from the start of the
 *   DNS message: the ID, after the TCP length).  u == 0: uncompressed.
 *   In JSON this is an extra key beside the name on the record object:
 *   "<field>_ptr": [labels, offset], e.g. {"layer": "DNSRR",
 *   "rrname": "example.com.", "rrname_ptr": [0, 12], ...}; no key (or
 *   null) means uncompressed.
 * - Exact round trip.  A record is read only if it rebuilds to the same
 *   bytes: its names parse (pointers bounded, no label holding '.' or NUL),
 *   it fits in the message, and its rdata is exactly rdlen bytes in the
 *   form its type implies.  Reading stops at the first record that is not
 *   (truncated, bad pointer, counts larger than the records there): that
 *   record and everything after it become the DNS layer's payload (Raw),
 *   and the counts keep the values read.  Bytes past the last record are
 *   Raw too.  A header cut short marks the layer truncated (hook returns 1).
 */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "../dissect.h"
#include "dns.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "err.h"
#include "names.h"
#include "../match.h"
#include "../text.h"
#include "util.h"

extern const struct pkt_layer pkt_layer_tcp;
extern const struct pkt_layer pkt_layer_dns, pkt_layer_dnsqr, pkt_layer_dnsrr;


#define DNS_NAMEMAX	1024	/* dotted text of a name read */
#define DNS_HOPSMAX	64	/* compression pointers followed per name */

/* ---- field tables ------------------------------------------------------ */

static bool
c_length(const struct pkt_li *li)
{
	return li->v[DNS_F_LENGTH].set;
}

static bool
name_type(uint64_t t)
{
	return t == 2 || t == 3 || t == 4 || t == 5 || t == 12;
}

static bool c_a(const struct pkt_li *li) { return pkt_li_u(li, DNSRR_F_TYPE) == 1; }
static bool c_aaaa(const struct pkt_li *li) { return pkt_li_u(li, DNSRR_F_TYPE) == 28; }
static bool c_name(const struct pkt_li *li) { return name_type(pkt_li_u(li, DNSRR_F_TYPE)); }
static bool c_txt(const struct pkt_li *li) { return pkt_li_u(li, DNSRR_F_TYPE) == 16; }
static bool
c_raw(const struct pkt_li *li)
{
	uint64_t t = pkt_li_u(li, DNSRR_F_TYPE);

	return t != 1 && t != 28 && t != 16 && !name_type(t);
}

static const struct pkt_optkind dns_txt_kinds[] = {
	{ 0, "txt", PKT_O_HEX },
	{ -1, NULL, PKT_O_HEX },
};
/* DNSTextField's repr: a list of bytes. */
static void
dns_txt_repr(struct pkt_sb *b, const struct pkt_field *f,
    const struct pkt_val *v)
{
	size_t i;

	(void)f;
	pkt_sb_putc(b, '[');
	for (i = 0; i < v->nopts; i++) {
		if (i > 0)
			pkt_sb_puts(b, ", ");
		pkt_sb_repr_bytes(b, v->opts[i].data, v->opts[i].len);
	}
	pkt_sb_putc(b, ']');
}
const struct pkt_optdesc pkt_dns_txt = {
	.kinds = dns_txt_kinds, .strings = true, .repr = dns_txt_repr,
};

static const struct pkt_field dns_fields[] = {
	[DNS_F_LENGTH] = { .name = "length", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_AUTO, .cond = c_length },
	[DNS_F_ID] = { .name = "id", .type = PKT_F_UINT, .bits = 16 },
	[DNS_F_QR] = { .name = "qr", .type = PKT_F_UINT, .bits = 1 },
	[DNS_F_OPCODE] = { .name = "opcode", .type = PKT_F_UINT, .bits = 4,
	    .names = pkt_names_dns_opcodes },
	[DNS_F_AA] = { .name = "aa", .type = PKT_F_UINT, .bits = 1 },
	[DNS_F_TC] = { .name = "tc", .type = PKT_F_UINT, .bits = 1 },
	[DNS_F_RD] = { .name = "rd", .type = PKT_F_UINT, .bits = 1, .def = 1 },
	[DNS_F_RA] = { .name = "ra", .type = PKT_F_UINT, .bits = 1 },
	[DNS_F_Z] = { .name = "z", .type = PKT_F_UINT, .bits = 1 },
	[DNS_F_AD] = { .name = "ad", .type = PKT_F_UINT, .bits = 1 },
	[DNS_F_CD] = { .name = "cd", .type = PKT_F_UINT, .bits = 1 },
	[DNS_F_RCODE] = { .name = "rcode", .type = PKT_F_UINT, .bits = 4,
	    .names = pkt_names_dns_rcodes },
	[DNS_F_QDCOUNT] = { .name = "qdcount", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_AUTO },
	[DNS_F_ANCOUNT] = { .name = "ancount", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_AUTO },
	[DNS_F_NSCOUNT] = { .name = "nscount", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_AUTO },
	[DNS_F_ARCOUNT] = { .name = "arcount", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_AUTO },
	[DNS_F_QD] = { .name = "qd", .type = PKT_F_PKTS, .def = 1,
	    .sub = &pkt_layer_dnsqr },
	[DNS_F_AN] = { .name = "an", .type = PKT_F_PKTS, .sub = &pkt_layer_dnsrr },
	[DNS_F_NS] = { .name = "ns", .type = PKT_F_PKTS, .sub = &pkt_layer_dnsrr },
	[DNS_F_AR] = { .name = "ar", .type = PKT_F_PKTS, .sub = &pkt_layer_dnsrr },
};
_Static_assert(sizeof(dns_fields) / sizeof(dns_fields[0]) == DNS_NF,
    "dns.h's enum and the table of dns.c differ");

static const struct pkt_field dnsqr_fields[] = {
	[DNSQR_F_QNAME] = { .name = "qname", .type = PKT_F_NAME,
	    .defs = "www.example.com." },
	[DNSQR_F_QTYPE] = { .name = "qtype", .type = PKT_F_UINT, .bits = 16, .def = 1,
	    .names = pkt_names_dns_qtypes },
	[DNSQR_F_QCLASS] = { .name = "qclass", .type = PKT_F_UINT, .bits = 16,
	    .def = 1, .names = pkt_names_dns_classes },
};
_Static_assert(sizeof(dnsqr_fields) / sizeof(dnsqr_fields[0]) == DNSQR_NF,
    "dns.h's enum and the table of dns.c differ");

static const struct pkt_field dnsrr_fields[] = {
	[DNSRR_F_RRNAME] = { .name = "rrname", .type = PKT_F_NAME, .defs = "." },
	[DNSRR_F_TYPE] = { .name = "type", .type = PKT_F_UINT, .bits = 16, .def = 1,
	    .names = pkt_names_dns_types },
	[DNSRR_F_RCLASS] = { .name = "rclass", .type = PKT_F_UINT, .bits = 16,
	    .def = 1, .names = pkt_names_dns_classes },
	[DNSRR_F_TTL] = { .name = "ttl", .type = PKT_F_UINT, .bits = 32 },
	[DNSRR_F_RDLEN] = { .name = "rdlen", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_AUTO },
	[DNSRR_F_RDATA_A] = { .name = "rdata", .type = PKT_F_IPV4, .defs = "0.0.0.0",
	    .cond = c_a },
	[DNSRR_F_RDATA_AAAA] = { .name = "rdata", .type = PKT_F_IPV6, .defs = "::",
	    .cond = c_aaaa },
	[DNSRR_F_RDATA_NAME] = { .name = "rdata", .type = PKT_F_NAME, .defs = ".",
	    .cond = c_name },
	[DNSRR_F_RDATA_TXT] = { .name = "rdata", .type = PKT_F_OPTS,
	    .opts = &pkt_dns_txt, .cond = c_txt },
	[DNSRR_F_RDATA_RAW] = { .name = "rdata", .type = PKT_F_BYTES, .cond = c_raw },
};
_Static_assert(sizeof(dnsrr_fields) / sizeof(dnsrr_fields[0]) == DNSRR_NF,
    "dns.h's enum and the table of dns.c differ");

/* ---- reading ----------------------------------------------------------- */

static unsigned
get16(const uint8_t *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

/* The name at p, inside the message msg..end: its dotted text into v->b,
 * where it was compressed into v->u.  Returns the bytes it takes at p, or
 * 0 when it is malformed or cannot be rebuilt exactly from the text. */
static size_t
name_get(const uint8_t *msg, const uint8_t *end, const uint8_t *p,
    struct pkt_val *v)
{
	char name[DNS_NAMEMAX];
	size_t nlen = 0, hops = 0, labels = 0, used = 0;
	const uint8_t *q = p;
	uint64_t ptr = 0;

	for (;;) {
		size_t l;

		if (q >= end)
			return 0;
		l = *q;
		if (l == 0) {
			if (ptr == 0)
				used = (size_t)(q + 1 - p);
			break;
		}
		if ((l & 0xc0) == 0xc0) {
			size_t off;

			if (end - q < 2 || ++hops > DNS_HOPSMAX)
				return 0;
			off = (l & 0x3f) << 8 | q[1];
			if (ptr == 0) {
				used = (size_t)(q + 2 - p);
				ptr = PKT_NAMEPTR(labels, off);
			}
			if (off >= (size_t)(end - msg))
				return 0;
			q = msg + off;
			continue;
		}
		if ((l & 0xc0) != 0 || (size_t)(end - q) < l + 1 ||
		    nlen + l + 2 > sizeof(name) ||
		    memchr(q + 1, '.', l) != NULL || memchr(q + 1, '\0', l) != NULL)
			return 0;
		memcpy(name + nlen, q + 1, l);
		nlen += l;
		name[nlen++] = '.';
		if (ptr == 0)
			labels++;
		q += l + 1;
	}
	if (nlen == 0)
		name[nlen++] = '.';
	pkt_val_setb(v, name, nlen);
	v->u = ptr;
	return used;
}

/* One question at p; returns its length, 0 when it is not all there. */
static size_t
qr_get(const uint8_t *msg, const uint8_t *end, const uint8_t *p,
    struct pkt_li *it)
{
	size_t n = name_get(msg, end, p, &it->v[DNSQR_F_QNAME]);

	if (n == 0 || (size_t)(end - p) - n < 4)
		return 0;
	pkt_li_setu(it, DNSQR_F_QTYPE, get16(p + n));
	pkt_li_setu(it, DNSQR_F_QCLASS, get16(p + n + 2));
	return n + 4;
}

static bool
txt_get(struct pkt_val *v, const uint8_t *p, size_t n)
{
	size_t i = 0;

	v->set = true;
	while (i < n) {
		size_t l = p[i];
		struct pkt_opt *o;

		if (l > n - i - 1)
			return false;
		if ((v->nopts & (v->nopts - 1)) == 0)	/* 0, 1, 2, 4...: grow */
			v->opts = pkt_xrealloc(v->opts, (v->nopts ? 2 * v->nopts : 1) *
			    sizeof(*v->opts));
		o = &v->opts[v->nopts++];
		o->kind = 0;
		o->len = l;
		o->data = NULL;
		if (l) {
			o->data = pkt_xmalloc(l);
			memcpy(o->data, p + i + 1, l);
		}
		i += l + 1;
	}
	return true;
}

/* One resource record at p; returns its length, 0 when it is not all
 * there or would not rebuild to the same bytes. */
static size_t
rr_get(const uint8_t *msg, const uint8_t *end, const uint8_t *p,
    struct pkt_li *it)
{
	size_t n = name_get(msg, end, p, &it->v[DNSRR_F_RRNAME]), rdlen;
	const uint8_t *rd;
	unsigned type;

	if (n == 0 || (size_t)(end - p) - n < 10)
		return 0;
	rd = p + n;
	type = get16(rd);
	pkt_li_setu(it, DNSRR_F_TYPE, type);
	pkt_li_setu(it, DNSRR_F_RCLASS, get16(rd + 2));
	pkt_li_setu(it, DNSRR_F_TTL, (uint64_t)get16(rd + 4) << 16 | get16(rd + 6));
	rdlen = get16(rd + 8);
	pkt_li_setu(it, DNSRR_F_RDLEN, rdlen);
	rd += 10;
	if ((size_t)(end - rd) < rdlen)
		return 0;
	if (type == 1 || type == 28) {
		size_t fi = type == 1 ? DNSRR_F_RDATA_A : DNSRR_F_RDATA_AAAA;

		if (rdlen != (type == 1 ? 4u : 16u))
			return 0;
		memcpy(it->v[fi].a, rd, rdlen);
		it->v[fi].set = true;
	} else if (name_type(type)) {
		/* name_get's 0 is a failure: a name is never 0 bytes long */
		if (rdlen == 0 ||
		    name_get(msg, end, rd, &it->v[DNSRR_F_RDATA_NAME]) != rdlen)
			return 0;
	} else if (type == 16) {
		if (!txt_get(&it->v[DNSRR_F_RDATA_TXT], rd, rdlen))
			return 0;
	} else
		pkt_val_setb(&it->v[DNSRR_F_RDATA_RAW], rd, rdlen);
	return n + 10 + rdlen;
}

static void
add_item(struct pkt_val *v, struct pkt_li *it)
{
	if ((v->nitems & (v->nitems - 1)) == 0)	/* 0, 1, 2, 4...: grow */
		v->items = pkt_xrealloc(v->items, (v->nitems ? 2 * v->nitems : 1) *
		    sizeof(*v->items));
	v->items[v->nitems++] = *it;
}

static bool
on_tcp(const struct pkt_pkt *p, size_t idx)
{
	return idx > 0 && p->li[idx - 1].l == &pkt_layer_tcp;
}

static int
dns_dissect(struct pkt_dctx *dc, struct pkt_li *li)
{
	static const size_t lists[4] = { DNS_F_QD, DNS_F_AN, DNS_F_NS, DNS_F_AR };
	const uint8_t *msg;
	size_t fi, last, i;
	unsigned bp = 0;

	/* The header, in groups of two bytes: a group cut short ends it. */
	fi = on_tcp(dc->pkt, dc->pkt->n - 1) ? DNS_F_LENGTH : DNS_F_ID;
	while (fi <= DNS_F_ARCOUNT) {
		last = fi == DNS_F_QR ? DNS_F_RCODE : fi;
		if (dc->end - dc->p < 2)
			return 1;
		for (; fi <= last; fi++)
			pkt_dissect_field(dc, li, fi, &bp);
	}
	msg = dc->p - 12;
	for (i = 0; i < 4; i++)
		li->v[lists[i]].set = true;
	for (i = 0; i < 4; i++) {
		uint64_t k, cnt = li->v[DNS_F_QDCOUNT + i].u;

		for (k = 0; k < cnt; k++) {
			struct pkt_li it;
			size_t n;

			pkt_li_init(&it, i == 0 ? &pkt_layer_dnsqr : &pkt_layer_dnsrr);
			n = i == 0 ? qr_get(msg, dc->end, dc->p, &it) :
			    rr_get(msg, dc->end, dc->p, &it);
			if (n == 0) {	/* the rest is Raw */
				pkt_li_clear(&it);
				return 0;
			}
			it.quoted = li->quoted;
			add_item(&li->v[lists[i]], &it);
			dc->p += n;
		}
	}
	return 0;
}

/* DNSQR or DNSRR on its own (not reached from a link type, but a record
 * can be dissected alone): names point into the record itself. */
static int
qr_dissect(struct pkt_dctx *dc, struct pkt_li *li)
{
	size_t n = qr_get(dc->p, dc->end, dc->p, li);

	if (n == 0)
		return -1;
	dc->p += n;
	return 0;
}

static int
rr_dissect(struct pkt_dctx *dc, struct pkt_li *li)
{
	size_t n = rr_get(dc->p, dc->end, dc->p, li);

	if (n == 0)
		return -1;
	dc->p += n;
	return 0;
}

/* ---- building ---------------------------------------------------------- */

static void
put16(struct pkt_bctx *bc, size_t at, uint64_t v)
{
	bc->buf[at] = (uint8_t)(v >> 8);
	bc->buf[at + 1] = (uint8_t)v;
}

/* Dotted text to labels; with ptr (PKT_NAMEPTR), only the first labels,
 * then the pointer.  "." and "" are the root. */
static int
name_put(struct pkt_bctx *bc, const struct pkt_li *li, size_t fi)
{
	const struct pkt_field *f = &li->l->f[fi];
	const struct pkt_val *v = &li->v[fi];
	const char *name = v->set && v->b != NULL ? (const char *)v->b :
	    f->defs != NULL ? f->defs : ".";
	const char *s = name, *dot;
	uint64_t ptr = v->set ? v->u : 0;
	size_t want = PKT_NAMEPTR_LABELS(ptr), done = 0;
	uint8_t *w;

	while (*s != '\0' && (ptr == 0 || done < want)) {
		size_t n;

		dot = strchr(s, '.');
		n = dot != NULL ? (size_t)(dot - s) : strlen(s);
		if (n == 0) {
			if (dot == NULL || dot[1] != '\0' || s != name)
				return pkt_fail(bc->errbuf, "%s.%s: empty label in \"%s\"",
				    li->l->name, f->name, name);
			break;
		}
		if (n > 63)
			return pkt_fail(bc->errbuf,
			    "%s.%s: label longer than 63 bytes in \"%s\"",
			    li->l->name, f->name, name);
		w = pkt_bctx_grow(bc, n + 1);
		w[0] = (uint8_t)n;
		memcpy(w + 1, s, n);
		done++;
		if (dot == NULL)
			break;
		s = dot + 1;
	}
	if (ptr == 0) {
		*pkt_bctx_grow(bc, 1) = 0;
		return 0;
	}
	if (done < want)
		return pkt_fail(bc->errbuf,
		    "%s.%s: \"%s\" has fewer than the %zu labels before its pointer",
		    li->l->name, f->name, name, want);
	w = pkt_bctx_grow(bc, 2);
	w[0] = (uint8_t)(0xc0 | PKT_NAMEPTR_OFF(ptr) >> 8);
	w[1] = (uint8_t)PKT_NAMEPTR_OFF(ptr);
	return 0;
}

/* TXT: each string with its length byte; Scapy splits 255 and more. */
static void
txt_put(struct pkt_bctx *bc, const struct pkt_val *v)
{
	size_t i;

	for (i = 0; i < v->nopts; i++) {
		const uint8_t *d = v->opts[i].data;
		size_t n = v->opts[i].len;
		uint8_t *w;

		if (n == 0)
			*pkt_bctx_grow(bc, 1) = 0;
		while (n > 0) {
			size_t k = n >= 255 ? 255 : n;

			w = pkt_bctx_grow(bc, k + 1);
			w[0] = (uint8_t)k;
			memcpy(w + 1, d, k);
			d += k;
			n -= k;
		}
	}
}

static int
qr_put(struct pkt_bctx *bc, const struct pkt_li *li)
{
	unsigned bp = 0;

	if (name_put(bc, li, DNSQR_F_QNAME) < 0 ||
	    pkt_build_field(bc, li, DNSQR_F_QTYPE, &bp) < 0 ||
	    pkt_build_field(bc, li, DNSQR_F_QCLASS, &bp) < 0)
		return -1;
	return 0;
}

static int
rr_put(struct pkt_bctx *bc, const struct pkt_li *li)
{
	unsigned bp = 0;
	size_t fi, rdlen_at, rd;

	if (name_put(bc, li, DNSRR_F_RRNAME) < 0)
		return -1;
	for (fi = DNSRR_F_TYPE; fi <= DNSRR_F_RDLEN; fi++)
		if (pkt_build_field(bc, li, fi, &bp) < 0)
			return -1;
	rdlen_at = bc->len - 2;
	rd = bc->len;
	for (fi = DNSRR_F_RDATA_A; fi <= DNSRR_F_RDATA_RAW; fi++) {
		if (!pkt_li_present(li, fi))
			continue;
		if (fi == DNSRR_F_RDATA_NAME) {
			if (name_put(bc, li, fi) < 0)
				return -1;
		} else if (fi == DNSRR_F_RDATA_TXT)
			txt_put(bc, &li->v[fi]);
		else if (pkt_build_field(bc, li, fi, &bp) < 0)
			return -1;
	}
	if (!li->v[DNSRR_F_RDLEN].set)
		put16(bc, rdlen_at, (bc->len - rd) & 0xffff);
	return 0;
}

/* A list item: DNSQR, DNSRR, or any other layer by its field table. */
static int
item_put(struct pkt_bctx *bc, const struct pkt_li *it)
{
	unsigned bp = 0;
	size_t fi;

	if (it->l == &pkt_layer_dnsqr)
		return qr_put(bc, it);
	if (it->l == &pkt_layer_dnsrr)
		return rr_put(bc, it);
	for (fi = 0; fi < it->l->nf; fi++)
		if (pkt_li_present(it, fi) && pkt_build_field(bc, it, fi, &bp) < 0)
			return -1;
	return 0;
}

static size_t
nitems(const struct pkt_li *li, size_t fi)
{
	const struct pkt_val *v = &li->v[fi];

	return v->set ? v->nitems : li->l->f[fi].def ? 1 : 0;
}

static void
mark(struct pkt_bctx *bc, size_t idx, size_t fi, size_t start, unsigned bp)
{
	if (bc->fbit != NULL && bc->fbase != NULL)
		bc->fbit[bc->fbase[idx] + fi] = (bc->len - start) * 8 -
		    (bp ? 8 - bp : 0);
}

static int
dns_build(struct pkt_bctx *bc, size_t idx)
{
	static const size_t lists[4] = { DNS_F_QD, DNS_F_AN, DNS_F_NS, DNS_F_AR };
	const struct pkt_li *li = &bc->p->li[idx];
	bool tcp = on_tcp(bc->p, idx);
	size_t start = bc->len, msg, fi, i, k;
	unsigned bp = 0;

	if (tcp) {
		mark(bc, idx, DNS_F_LENGTH, start, bp);
		pkt_bctx_grow(bc, 2);
		put16(bc, start, pkt_li_u(li, DNS_F_LENGTH));
	}
	msg = bc->len;
	for (fi = DNS_F_ID; fi <= DNS_F_RCODE; fi++) {
		mark(bc, idx, fi, start, bp);
		if (pkt_build_field(bc, li, fi, &bp) < 0)
			return -1;
	}
	for (i = 0; i < 4; i++) {
		fi = DNS_F_QDCOUNT + i;
		mark(bc, idx, fi, start, bp);
		pkt_bctx_grow(bc, 2);
		put16(bc, bc->len - 2, li->v[fi].set ? li->v[fi].u :
		    nitems(li, lists[i]));
	}
	for (i = 0; i < 4; i++) {
		const struct pkt_val *v = &li->v[lists[i]];

		mark(bc, idx, lists[i], start, bp);
		if (v->set) {
			for (k = 0; k < v->nitems; k++)
				if (item_put(bc, &v->items[k]) < 0)
					return -1;
		} else if (nitems(li, lists[i]) > 0) {	/* qd=DNSQR() */
			struct pkt_li q;
			int rc;

			pkt_li_init(&q, &pkt_layer_dnsqr);
			rc = qr_put(bc, &q);
			pkt_li_clear(&q);
			if (rc < 0)
				return -1;
		}
	}
	if (tcp && !li->v[DNS_F_LENGTH].set)
		put16(bc, start, (bc->len - msg) & 0xffff);
	return 0;
}

static int
qr_build(struct pkt_bctx *bc, size_t idx)
{
	return qr_put(bc, &bc->p->li[idx]);
}

static int
rr_build(struct pkt_bctx *bc, size_t idx)
{
	return rr_put(bc, &bc->p->li[idx]);
}

/* ---- summary ----------------------------------------------------------- */

/* Bytes as text, non-printable ones as \xNN. */
static void
esc(char *s, size_t n, const uint8_t *b, size_t len)
{
	size_t i, k = 0;

	for (i = 0; i < len && k + 5 < n; i++) {
		if (b[i] >= 0x20 && b[i] < 0x7f && b[i] != '\\')
			s[k++] = (char)b[i];
		else
			k += (size_t)snprintf(s + k, n - k, "\\x%02x", b[i]);
	}
	s[k] = '\0';
}

static void
rdata_text(const struct pkt_li *rr, char *s, size_t n)
{
	char t[512];
	size_t i, k;

	s[0] = '\0';
	if (pkt_li_present(rr, DNSRR_F_RDATA_A))
		pkt_fmt_addr(&dnsrr_fields[DNSRR_F_RDATA_A], rr->v[DNSRR_F_RDATA_A].set ?
		    rr->v[DNSRR_F_RDATA_A].a : (const uint8_t *)"\0\0\0\0", s, n);
	else if (pkt_li_present(rr, DNSRR_F_RDATA_AAAA)) {
		static const uint8_t zero[16];

		pkt_fmt_addr(&dnsrr_fields[DNSRR_F_RDATA_AAAA], rr->v[DNSRR_F_RDATA_AAAA].set ?
		    rr->v[DNSRR_F_RDATA_AAAA].a : zero, s, n);
	} else if (pkt_li_present(rr, DNSRR_F_RDATA_NAME)) {
		const struct pkt_val *v = &rr->v[DNSRR_F_RDATA_NAME];

		if (v->set && v->b != NULL)
			esc(s, n, v->b, v->blen);
		else
			snprintf(s, n, ".");
	} else if (pkt_li_present(rr, DNSRR_F_RDATA_TXT)) {
		const struct pkt_val *v = &rr->v[DNSRR_F_RDATA_TXT];

		/* Scapy prints the list: [b'v=spf1 -all'] */
		k = (size_t)snprintf(s, n, "[");
		for (i = 0; i < v->nopts && k < n; i++) {
			esc(t, sizeof(t), v->opts[i].data, v->opts[i].len);
			k += (size_t)snprintf(s + k, n - k, "%sb'%s'", i ? ", " : "", t);
		}
		if (k < n)
			snprintf(s + k, n - k, "]");
	} else if (rr->v[DNSRR_F_RDATA_RAW].set)
		esc(s, n, rr->v[DNSRR_F_RDATA_RAW].b, rr->v[DNSRR_F_RDATA_RAW].blen);
}

/* Scapy 2.5's mysummary, without its bytes repr ("b'...'") leaking in. */
static bool
dns_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	char name[DNS_NAMEMAX * 4 + 8];
	size_t cnt;

	name[0] = '\0';
	if (pkt_li_u(li, DNS_F_QR)) {
		const struct pkt_val *v = &li->v[DNS_F_AN];

		cnt = li->v[DNS_F_ANCOUNT].set ? li->v[DNS_F_ANCOUNT].u : nitems(li, DNS_F_AN);
		if (cnt > 0 && v->set && v->nitems > 0 &&
		    v->items[0].l == &pkt_layer_dnsrr)
			rdata_text(&v->items[0], name, sizeof(name));
		if (cnt > 0 && v->set && v->nitems > 0 &&
		    v->items[0].l == &pkt_layer_dnsrr)
			snprintf(s, n, "DNS Ans \"%s\" ", name);
		else
			snprintf(s, n, "DNS Ans ");
		return true;
	}
	cnt = li->v[DNS_F_QDCOUNT].set ? li->v[DNS_F_QDCOUNT].u : nitems(li, DNS_F_QD);
	if (cnt > 0 && !li->v[DNS_F_QD].set)
		snprintf(s, n, "DNS Qry \"%s\" ", dnsqr_fields[DNSQR_F_QNAME].defs);
	else if (cnt > 0 && li->v[DNS_F_QD].nitems > 0 &&
	    li->v[DNS_F_QD].items[0].l == &pkt_layer_dnsqr) {
		const struct pkt_val *q = &li->v[DNS_F_QD].items[0].v[DNSQR_F_QNAME];

		if (q->set && q->b != NULL)
			esc(name, sizeof(name), q->b, q->blen);
		else
			snprintf(name, sizeof(name), "%s", dnsqr_fields[DNSQR_F_QNAME].defs);
		snprintf(s, n, "DNS Qry \"%s\" ", name);
	} else
		snprintf(s, n, "DNS Qry ");
	return true;
}

/* ---- layers ------------------------------------------------------------ */

/* DNS.answers: a response (qr 1) with the query's id, to a query (qr
 * 0).  Anything else above the transport answers (Raw). */
static bool
dns_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	const struct pkt_li *r = &m->reply->li[ri], *p;

	if (pi >= m->probe->n || (p = &m->probe->li[pi])->l != r->l)
		return true;
	return pkt_li_wire(p, DNS_F_ID) == pkt_li_wire(r, DNS_F_ID) &&
	    pkt_li_wire(r, DNS_F_QR) == 1 && pkt_li_wire(p, DNS_F_QR) == 0;
}

const struct pkt_layer pkt_layer_dns = {
	.name = "DNS", .title = "DNS", .f = dns_fields,
	.nf = sizeof(dns_fields) / sizeof(dns_fields[0]), .dlt = -1,
	.build = dns_build, .dissect = dns_dissect, .summary = dns_summary,
	.role = PKT_ROLE_APPLICATION, .answers = dns_answers,
};

const struct pkt_layer pkt_layer_dnsqr = {
	.name = "DNSQR", .title = "DNS Question Record", .f = dnsqr_fields,
	.nf = sizeof(dnsqr_fields) / sizeof(dnsqr_fields[0]), .dlt = -1,
	.build = qr_build, .dissect = qr_dissect,
};

const struct pkt_layer pkt_layer_dnsrr = {
	.name = "DNSRR", .title = "DNS Resource Record", .f = dnsrr_fields,
	.nf = sizeof(dnsrr_fields) / sizeof(dnsrr_fields[0]), .dlt = -1,
	.build = rr_build, .dissect = rr_dissect,
};
