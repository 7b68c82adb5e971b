/* jsonw.c: the JSON Lines writer of the streams, direct to a buffer.
 *
 * It writes exactly what the reference writer of the tests
 * (tests/unit/jsonref.c, jansson objects) gives after
 * json_dumps(JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(16)),
 * the same keys in the same order, but without building a tree of
 * objects per packet: dissecting a capture to JSON is bound by this. */
#include "io.h"

#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "pkt.h"
#include "util.h"

struct jb {
	char	*s;
	size_t	 n, cap;
};

static void
jb_need(struct jb *b, size_t more)
{
	if (b->n + more + 1 > b->cap) {
		size_t cap = b->cap ? b->cap : 4096;

		while (cap < b->n + more + 1)
			cap *= 2;
		b->s = pkt_xrealloc(b->s, cap);
		b->cap = cap;
	}
}

static inline void
jb_raw(struct jb *b, const char *s, size_t n)
{
	if (b->n + n + 1 > b->cap)
		jb_need(b, n);
	memcpy(b->s + b->n, s, n);
	b->n += n;
}

#define jb_lit(b, s)	jb_raw((b), (s), sizeof(s) - 1)

static void
jb_u64(struct jb *b, uint64_t u)
{
	char t[24];
	size_t i = sizeof(t);

	do
		t[--i] = (char)('0' + u % 10);
	while ((u /= 10) != 0);
	jb_raw(b, t + i, sizeof(t) - i);
}

/* An unsigned field: a number, or a string beyond JSON's integers. */
static void
jb_uint(struct jb *b, uint64_t u)
{
	if (u <= (uint64_t)INT64_MAX)
		jb_u64(b, u);
	else {
		jb_lit(b, "\"");
		jb_u64(b, u);
		jb_lit(b, "\"");
	}
}

/* A real as jansson writes it: %.16g, with ".0" when it looks integral. */
static void
jb_real(struct jb *b, double d)
{
	char t[40];
	int k;

	/* Capture times (1e9..1e10 s): %.16g has exactly six decimals
	 * there.  They are rounded here as printf does, from the exact
	 * binary value (half to even), without its float machinery. */
	if (d >= 1e9 && d < 1e10) {
		int ex, sh, n = 6;
		double s = floor(d);
		uint64_t m, num, q, r, half;

		(void)frexp(d, &ex);
		sh = 53 - ex;			/* the last bit is 2^-sh */
		m = (uint64_t)ldexp(d - s, sh);	/* exact: the fraction's bits */
		num = m * 1000000u;
		q = num >> sh;
		r = num & ((UINT64_C(1) << sh) - 1);
		half = UINT64_C(1) << (sh - 1);
		if (r > half || (r == half && (q & 1)))
			q++;
		if (q == 1000000) {
			s += 1;
			q = 0;
		}
		if (s < 1e10) {
			jb_u64(b, (uint64_t)s);
			if (q == 0) {
				jb_raw(b, ".0", 2);
				return;
			}
			while (q % 10 == 0) {
				q /= 10;
				n--;
			}
			t[0] = '.';
			for (k = n; k > 0; k--, q /= 10)
				t[k] = (char)('0' + q % 10);
			jb_raw(b, t, (size_t)n + 1);
			return;
		}
	}
	k = snprintf(t, sizeof(t), "%.16g", d);

	if (k < 0 || (size_t)k >= sizeof(t))
		k = snprintf(t, sizeof(t), "0.0");
	else if (strpbrk(t, ".eEn") == NULL) {	/* n: nan/inf never come here */
		t[k++] = '.';
		t[k++] = '0';
		t[k] = '\0';
	}
	jb_raw(b, t, (size_t)k);
}

/* Length of the valid UTF-8 sequence at s (of n bytes), 0 if invalid. */
static size_t
utf8_len(const unsigned char *s, size_t n)
{
	size_t len, i;
	uint32_t c;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		len = 2, c = s[0] & 0x1f;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		len = 3, c = s[0] & 0x0f;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		len = 4, c = s[0] & 0x07;
	else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		c = c << 6 | (s[i] & 0x3f);
	}
	if ((len == 3 && (c < 0x800 || (c >= 0xd800 && c <= 0xdfff))) ||
	    (len == 4 && (c < 0x10000 || c > 0x10ffff)))
		return 0;
	return len;
}

/* A JSON string; bytes that are not UTF-8 become U+FFFD, as json.c's. */
static void
jb_str(struct jb *b, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;
	size_t i = 0, run;

	jb_lit(b, "\"");
	while (i < n) {
		for (run = i; run < n && s[run] >= 0x20 && s[run] < 0x80 &&
		    s[run] != '"' && s[run] != '\\'; run++)
			;
		if (run > i) {
			jb_raw(b, (const char *)s + i, run - i);
			i = run;
			continue;
		}
		if (s[i] >= 0x80) {
			size_t m = utf8_len(s + i, n - i);

			if (m == 0) {
				jb_lit(b, "\xef\xbf\xbd");
				i++;
			} else {
				jb_raw(b, (const char *)s + i, m);
				i += m;
			}
			continue;
		}
		switch (s[i]) {
		case '"': jb_lit(b, "\\\""); break;
		case '\\': jb_lit(b, "\\\\"); break;
		case '\b': jb_lit(b, "\\b"); break;
		case '\f': jb_lit(b, "\\f"); break;
		case '\n': jb_lit(b, "\\n"); break;
		case '\r': jb_lit(b, "\\r"); break;
		case '\t': jb_lit(b, "\\t"); break;
		default: {
			char t[8];

			snprintf(t, sizeof(t), "\\u%04X", s[i]);
			jb_raw(b, t, 6);
		}
		}
		i++;
	}
	jb_lit(b, "\"");
}

static void
jb_cstr(struct jb *b, const char *s)
{
	jb_str(b, s, strlen(s));
}

/* A string known to need no escaping (field and layer names from the
 * tables, formatted addresses and flags): copied as it is. */
static void
jb_plain(struct jb *b, const char *s)
{
	size_t n = strlen(s);

	jb_need(b, n + 2);
	b->s[b->n++] = '"';
	memcpy(b->s + b->n, s, n);
	b->n += n;
	b->s[b->n++] = '"';
}

static void
jb_hex(struct jb *b, const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789abcdef";
	size_t i;
	char *o;

	jb_need(b, 2 * n + 2);
	o = b->s + b->n;
	*o++ = '"';
	for (i = 0; i < n; i++) {
		*o++ = hx[p[i] >> 4];
		*o++ = hx[p[i] & 15];
	}
	*o++ = '"';
	b->n += 2 * n + 2;
}

static void
jb_opt(struct jb *b, const struct pkt_field *f, const struct pkt_opt *o)
{
	const struct pkt_optkind *k = NULL;
	size_t i;
	bool done = false;

	jb_lit(b, "[");
	if (o->kind < 0)
		jb_lit(b, "\"raw\"");
	else {
		k = pkt_optkind(f->opts, o->kind);
		if (k != NULL)
			jb_cstr(b, k->name);
		else
			jb_u64(b, (uint64_t)o->kind);
	}
	jb_lit(b, ",");
	if (o->kind >= 0 && k != NULL) {
		switch (k->fmt) {
		case PKT_O_NONE:
		case PKT_O_EMPTY:
			if (o->len == 0) {
				jb_lit(b, "null");
				done = true;
			}
			break;
		case PKT_O_U8:
		case PKT_O_U16:
		case PKT_O_U32:
			if (o->len == (k->fmt == PKT_O_U8 ? 1u : k->fmt == PKT_O_U16 ?
			    2u : 4u)) {
				jb_uint(b, pkt_be(o->data, o->len));
				done = true;
			}
			break;
		case PKT_O_U32X2:
		case PKT_O_U32LIST:
			if (k->fmt == PKT_O_U32X2 ? o->len == 8 :
			    o->len % 4 == 0 && o->len <= 36) {
				jb_lit(b, "[");
				for (i = 0; i + 4 <= o->len; i += 4) {
					if (i)
						jb_lit(b, ",");
					jb_uint(b, pkt_be(o->data + i, 4));
				}
				jb_lit(b, "]");
				done = true;
			}
			break;
		case PKT_O_HEX:
			break;
		}
	}
	if (!done)
		jb_hex(b, o->data, o->len);
	jb_lit(b, "]");
}

static void jb_layer(struct jb *, const struct pkt_li *);

static void
jb_field(struct jb *b, const struct pkt_li *li, size_t fi)
{
	const struct pkt_field *f = &li->l->f[fi];
	const struct pkt_val *v = &li->v[fi];
	char buf[512];
	uint64_t back;
	size_t i;

	switch (f->type) {
	case PKT_F_UINT:
		jb_uint(b, v->u);
		return;
	case PKT_F_FLAGS:
		pkt_fmt_flags(buf, sizeof(buf), f, v->u);
		if (pkt_parse_flags(f, buf, &back) < 0 || back != v->u)
			jb_uint(b, v->u);
		else
			jb_plain(b, buf);
		return;
	case PKT_F_MAC:
	case PKT_F_IPV4:
	case PKT_F_IPV6:
		jb_plain(b, pkt_fmt_addr(f, v->a, buf, sizeof(buf)));
		return;
	case PKT_F_BYTES:
		jb_hex(b, v->b, v->blen);
		return;
	case PKT_F_NAME:
		if (v->b == NULL)
			jb_lit(b, "\"\"");
		else {
			char *t = pkt_xmalloc(4 * v->blen + 1);

			jb_str(b, t, pkt_fmt_name(v->b, v->blen, t));
			free(t);
		}
		return;
	case PKT_F_OPTS:
		jb_lit(b, "[");
		for (i = 0; i < v->nopts; i++) {
			if (i)
				jb_lit(b, ",");
			jb_opt(b, f, &v->opts[i]);
		}
		jb_lit(b, "]");
		return;
	case PKT_F_PKTS:
		jb_lit(b, "[");
		for (i = 0; i < v->nitems; i++) {
			if (i)
				jb_lit(b, ",");
			jb_layer(b, &v->items[i]);
		}
		jb_lit(b, "]");
		return;
	}
	jb_lit(b, "null");
}

static void
jb_layer(struct jb *b, const struct pkt_li *li)
{
	size_t fi, k;

	jb_lit(b, "{\"layer\":");
	jb_plain(b, pkt_layer_name(li));
	for (fi = 0; fi < li->l->nf; fi++) {
		const struct pkt_val *v = &li->v[fi];
		const char *name = li->l->f[fi].name;
		bool dup = false;

		if ((!v->set && v->nitems == 0) || !pkt_li_present(li, fi))
			continue;
		/* Same name twice (variants sit next to each other in the
		 * table): the first one present wins. */
		for (k = fi; k > 0 && !dup && li->l->f[k - 1].name[0] == name[0] &&
		    strcmp(li->l->f[k - 1].name, name) == 0; k--)
			dup = (li->v[k - 1].set || li->v[k - 1].nitems) &&
			    pkt_li_present(li, k - 1);
		if (dup)
			continue;
		jb_lit(b, ",");
		jb_plain(b, name);
		jb_lit(b, ":");
		jb_field(b, li, fi);
		if (li->l->f[fi].type == PKT_F_NAME && (v->u >> 32 & 1)) {
			char key[128];

			snprintf(key, sizeof(key), "%s_ptr", name);
			jb_lit(b, ",");
			jb_cstr(b, key);
			jb_lit(b, ":[");
			jb_u64(b, PKT_NAMEPTR_LABELS(v->u));
			jb_lit(b, ",");
			jb_u64(b, PKT_NAMEPTR_OFF(v->u));
			jb_lit(b, "]");
		}
	}
	if (li->trunc)
		jb_lit(b, ",\"truncated\":true");
	jb_lit(b, "}");
}

static void
jb_pkt(struct jb *b, const struct pkt_pkt *p)
{
	const char *lt;
	size_t i;

	jb_lit(b, "{\"time\":");
	jb_real(b, p->time);
	if (p->iface != NULL) {
		jb_lit(b, ",\"iface\":");
		jb_cstr(b, p->iface);
	}
	if (p->dlt >= 0) {
		jb_lit(b, ",\"linktype\":");
		if ((lt = pkt_linktype_name(p->dlt)) != NULL)
			jb_plain(b, lt);
		else
			jb_u64(b, (uint64_t)p->dlt);
	}
	jb_lit(b, ",\"len\":");
	jb_u64(b, p->wirelen);
	jb_lit(b, ",\"caplen\":");
	jb_u64(b, p->rawlen);
	jb_lit(b, ",\"layers\":[");
	for (i = 0; i < p->n; i++) {
		if (i)
			jb_lit(b, ",");
		jb_layer(b, &p->li[i]);
	}
	jb_lit(b, "],\"hex\":");
	jb_hex(b, p->raw, p->raw ? p->rawlen : 0);
	jb_lit(b, "}");
}

static bool held;	/* pkt_json_hold(): stdio buffers, the caller flushes */

void
pkt_json_hold(bool on)
{
	held = on;
}

/* One record out: a single write, flushed so the stream is live (unless
 * the caller holds the output: a capture file read at disk speed). */
static int
jb_flush(struct jb *b, FILE *fp)
{
	int rc = 0;

	jb_lit(b, "\n");
	if (fwrite(b->s, 1, b->n, fp) != b->n || (!held && fflush(fp) == EOF) ||
	    ferror(fp))
		rc = -1;
	if (rc < 0 && errno == 0)
		errno = EIO;
	b->n = 0;
	return rc;
}

static struct jb out;	/* reused: one record at a time */

int
pkt_json_write_pkt(FILE *fp, const struct pkt_pkt *p)
{
	jb_pkt(&out, p);
	return jb_flush(&out, fp);
}

int
pkt_json_write_pair(FILE *fp, const struct pkt_pkt *sent,
    const struct pkt_pkt *recv, double rtt, json_t *extra)
{
	const char *k;
	json_t *v;

	jb_lit(&out, "{\"sent\":");
	jb_pkt(&out, sent);
	jb_lit(&out, ",\"recv\":");
	if (recv != NULL)
		jb_pkt(&out, recv);
	else
		jb_lit(&out, "null");
	jb_lit(&out, ",\"rtt\":");
	if (rtt >= 0)
		jb_real(&out, rtt);
	else
		jb_lit(&out, "null");
	if (extra != NULL && json_is_object(extra))
		json_object_foreach(extra, k, v) {
			char *s = json_dumps(v, JSON_COMPACT | JSON_PRESERVE_ORDER |
			    JSON_REAL_PRECISION(16) | JSON_ENCODE_ANY);

			if (strcmp(k, "sent") == 0 || strcmp(k, "recv") == 0 ||
			    strcmp(k, "rtt") == 0 || s == NULL) {
				free(s);
				continue;
			}
			jb_lit(&out, ",");
			jb_cstr(&out, k);
			jb_lit(&out, ":");
			jb_raw(&out, s, strlen(s));
			free(s);
		}
	jb_lit(&out, "}");
	return jb_flush(&out, fp);
}
