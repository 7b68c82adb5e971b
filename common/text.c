/* text.c: summary() and show() of a dissected packet, as Scapy 2.5 prints
 * them (packet.py: _do_summary, _show_or_dump; fields.py: i2repr).
 *
 * Everything is written into a growing string first, so no field value is
 * ever cut by a fixed buffer, then copied or written out. */
#include "text.h"

#include <arpa/inet.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "layer.h"
#include "packet.h"
#include "util.h"

/* ---- growing string ------------------------------------------------------ */

struct pkt_sb {
	char	*s;
	size_t	 len, cap;
};

static void
sb_reserve(struct pkt_sb *b, size_t more)
{
	size_t need = b->len + more + 1;

	if (need <= b->cap)
		return;
	if (b->cap == 0)
		b->cap = 256;
	while (b->cap < need)
		b->cap *= 2;
	b->s = pkt_xrealloc(b->s, b->cap);
}

void
pkt_sb_putn(struct pkt_sb *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

void
pkt_sb_puts(struct pkt_sb *b, const char *s)
{
	pkt_sb_putn(b, s, strlen(s));
}

void
pkt_sb_putc(struct pkt_sb *b, char c)
{
	pkt_sb_putn(b, &c, 1);
}

__attribute__((format(printf, 2, 3)))
void
pkt_sb_printf(struct pkt_sb *b, const char *fmt, ...)
{
	char tmp[256];
	va_list ap;
	int w;

	va_start(ap, fmt);
	w = vsnprintf(tmp, sizeof(tmp), fmt, ap);
	va_end(ap);
	if (w <= 0)
		return;
	if ((size_t)w < sizeof(tmp)) {
		pkt_sb_putn(b, tmp, (size_t)w);
		return;
	}
	sb_reserve(b, (size_t)w);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)w + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)w;
}

void
pkt_sb_spaces(struct pkt_sb *b, size_t n)
{
	while (n-- > 0)
		pkt_sb_putc(b, ' ');
}

/* ---- Python reprs ---------------------------------------------------------- */

/* Length of the valid UTF-8 sequence at p (strict, as Python decodes:
 * no overlongs, no surrogates, at most U+10FFFF), 0 if invalid. */
static size_t
utf8_seq(const uint8_t *p, size_t n, uint32_t *cp)
{
	uint8_t c = p[0], lo = 0x80, hi = 0xbf;
	size_t len, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		*cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		*cp = c & 0x0f;
		if (c == 0xe0)
			lo = 0xa0;
		else if (c == 0xed)
			hi = 0x9f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		*cp = c & 0x07;
		if (c == 0xf0)
			lo = 0x90;
		else if (c == 0xf4)
			hi = 0x8f;
	} else
		return 0;
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		uint8_t d = p[i];

		if (d < (i == 1 ? lo : 0x80) || d > (i == 1 ? hi : 0xbf))
			return 0;
		*cp = *cp << 6 | (d & 0x3f);
	}
	return len;
}

/* Python's str.isprintable() for a code point past ASCII, approximated:
 * the controls, format characters, separators, private use, surrogates
 * and the big unassigned planes are not printable; other unassigned code
 * points are taken as printable (Python would escape them). */
static bool
py_printable(uint32_t c)
{
	static const uint32_t np[][2] = {
		{ 0x80, 0xa0 }, { 0xad, 0xad }, { 0x600, 0x605 },
		{ 0x61c, 0x61c }, { 0x6dd, 0x6dd }, { 0x70f, 0x70f },
		{ 0x890, 0x891 }, { 0x8e2, 0x8e2 }, { 0x180e, 0x180e },
		{ 0x1680, 0x1680 }, { 0x2000, 0x200f }, { 0x2028, 0x202f },
		{ 0x205f, 0x2064 }, { 0x2066, 0x206f }, { 0x3000, 0x3000 },
		{ 0xd800, 0xf8ff }, { 0xfeff, 0xfeff }, { 0xfff0, 0xfffb },
		{ 0x110bd, 0x110bd }, { 0x110cd, 0x110cd },
		{ 0x13430, 0x1343f }, { 0x1bca0, 0x1bca3 },
		{ 0x1d173, 0x1d17a }, { 0x323b0, 0xe00ff },
		{ 0xe01f0, 0x10ffff },
	};
	size_t i;

	if ((c & 0xfffe) == 0xfffe)
		return false;
	for (i = 0; i < sizeof(np) / sizeof(np[0]); i++)
		if (c >= np[i][0] && c <= np[i][1])
			return false;
	return true;
}

/* Quote Python picks: ' unless the text has ' and no ". */
static char
py_quote(const uint8_t *p, size_t n)
{
	bool sq = memchr(p, '\'', n) != NULL, dq = memchr(p, '"', n) != NULL;

	return sq && !dq ? '"' : '\'';
}

static void
py_ascii(struct pkt_sb *b, uint32_t c, char q)
{
	if (c == '\\' || c == (uint32_t)q)
		pkt_sb_printf(b, "\\%c", (char)c);
	else if (c == '\t')
		pkt_sb_puts(b, "\\t");
	else if (c == '\n')
		pkt_sb_puts(b, "\\n");
	else if (c == '\r')
		pkt_sb_puts(b, "\\r");
	else if (c < 0x20 || c >= 0x7f)
		pkt_sb_printf(b, "\\x%02x", (unsigned)c);
	else
		pkt_sb_putc(b, (char)c);
}

/* repr(bytes.decode(errors="backslashreplace")): Scapy's StrField i2repr
 * (plain_str).  A byte that is not valid UTF-8 becomes the four
 * characters \xNN, whose backslash repr() doubles. */
void
pkt_sb_repr_str(struct pkt_sb *b, const uint8_t *p, size_t n)
{
	char q;
	size_t i = 0;

	if (p == NULL)
		n = 0;
	q = n ? py_quote(p, n) : '\'';
	pkt_sb_putc(b, q);
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_seq(p + i, n - i, &cp);

		if (k == 0) {
			pkt_sb_printf(b, "\\\\x%02x", p[i]);
			i++;
			continue;
		}
		if (cp < 0x80)
			py_ascii(b, cp, q);
		else if (py_printable(cp))
			pkt_sb_putn(b, (const char *)p + i, k);
		else if (cp <= 0xff)
			pkt_sb_printf(b, "\\x%02x", (unsigned)cp);
		else if (cp <= 0xffff)
			pkt_sb_printf(b, "\\u%04x", (unsigned)cp);
		else
			pkt_sb_printf(b, "\\U%08x", (unsigned)cp);
		i += k;
	}
	pkt_sb_putc(b, q);
}

/* repr(bytes): b'...' */
void
pkt_sb_repr_bytes(struct pkt_sb *b, const uint8_t *p, size_t n)
{
	char q;
	size_t i;

	if (p == NULL)
		n = 0;
	q = n ? py_quote(p, n) : '\'';
	pkt_sb_putc(b, 'b');
	pkt_sb_putc(b, q);
	for (i = 0; i < n; i++)
		py_ascii(b, p[i], q);
	pkt_sb_putc(b, q);
}

/* ---- summary() ------------------------------------------------------------- */

#define SUM_SCRATCH 2048

static bool
needed_has(const struct pkt_layer *const *const *nd, size_t nn,
    const struct pkt_layer *l)
{
	size_t i, j;

	for (i = 0; i < nn; i++)
		for (j = 0; nd[i][j] != NULL; j++)
			if (nd[i][j] == l)
				return true;
	return false;
}

/* Packet._do_summary(), walked from the innermost layer out. */
static void
summary_sb(struct pkt_sb *out, const struct pkt_pkt *p)
{
	char **text;
	const struct pkt_layer *const **nd;
	size_t i, nn = 0;
	bool found = false;

	if (p->n == 0) {
		pkt_sb_puts(out, "");
		return;
	}
	text = pkt_xmalloc(p->n * sizeof(*text));
	nd = pkt_xmalloc(p->n * sizeof(*nd));
	for (i = p->n; i-- > 0;) {
		const struct pkt_li *li = &p->li[i];

		text[i] = NULL;
		if (li->l->summary != NULL && (!found ||
		    (!li->quoted && needed_has(nd, nn, li->l)))) {
			char *t = pkt_xmalloc(SUM_SCRATCH);

			t[0] = '\0';
			if (li->l->summary(p, i, t, SUM_SCRATCH) && t[0] != '\0') {
				text[i] = t;
				if (li->l->sum_needed != NULL &&
				    li->l->sum_needed[0] != NULL)
					nd[nn++] = li->l->sum_needed;
			} else
				free(t);
		}
		if (text[i] != NULL || nn > 0)
			found = true;
	}
	for (i = 0; i < p->n; i++) {
		if (i > 0)
			pkt_sb_puts(out, " / ");
		pkt_sb_puts(out, text[i] != NULL ? text[i] : pkt_layer_name(&p->li[i]));
		free(text[i]);
	}
	free(text);
	free(nd);
}

void
pkt_text_summary(const struct pkt_pkt *p, char *buf, size_t n)
{
	struct pkt_sb b = { NULL, 0, 0 };

	if (n == 0)
		return;
	summary_sb(&b, p);
	snprintf(buf, n, "%s", b.s != NULL ? b.s : "");
	free(b.s);
}

int
pkt_text_write_summary(FILE *fp, const struct pkt_pkt *p)
{
	struct pkt_sb b = { NULL, 0, 0 };
	int rc = 0;

	summary_sb(&b, p);
	pkt_sb_putc(&b, '\n');
	if (fwrite(b.s, 1, b.len, fp) != b.len)
		rc = -1;
	free(b.s);
	return rc;
}

/* ---- show() ------------------------------------------------------------------ */

/* Colours of show() on a terminal (the config's color key, NO_COLOR):
 * layer titles and field names, as Scapy's interactive theme does. */
static bool color;

void
pkt_text_set_color(bool on)
{
	color = on;
}

/* "  name      = " with the label and level before it. */
void
pkt_sb_field_head(struct pkt_sb *b, const char *label, size_t lvl, const char *name)
{
	size_t l = strlen(name);

	pkt_sb_puts(b, label);
	pkt_sb_spaces(b, lvl + 2);
	if (color)
		pkt_sb_puts(b, "\033[36m");
	pkt_sb_puts(b, name);
	if (color)
		pkt_sb_puts(b, "\033[0m");
	pkt_sb_spaces(b, l < 10 ? 10 - l : 0);
	pkt_sb_puts(b, "= ");
}

/* "  \name      \" : a packet-list field. */
void
pkt_sb_list_head(struct pkt_sb *b, const char *label, size_t lvl, const char *name)
{
	size_t l = strlen(name);

	pkt_sb_puts(b, label);
	pkt_sb_spaces(b, lvl + 2);
	pkt_sb_printf(b, "\\%s", name);
	pkt_sb_spaces(b, l < 10 ? 10 - l : 0);
	pkt_sb_puts(b, "\\\n");
}

void
pkt_sb_block_head(struct pkt_sb *b, const char *label, const char *title)
{
	if (color)
		pkt_sb_printf(b, "%s###[ \033[1;34m%s\033[0m ]### \n", label, title);
	else
		pkt_sb_printf(b, "%s###[ %s ]### \n", label, title);
}

/* The label of sub-packets of a list field: label + lvl + "   |". */
char *
pkt_sb_sub_label(const char *label, size_t lvl)
{
	size_t l = strlen(label);
	char *s = pkt_xmalloc(l + lvl + 5);

	memcpy(s, label, l);
	memset(s + l, ' ', lvl + 3);
	s[l + lvl + 3] = '|';
	s[l + lvl + 4] = '\0';
	return s;
}

/* Option bytes as they were on the wire, rebuilt from the parsed list. */
uint8_t *
pkt_opts_bytes(const struct pkt_field *f, const struct pkt_val *v, size_t *len)
{
	size_t i, n = 0, k = 0;
	uint8_t *x;

	for (i = 0; i < v->nopts; i++)
		n += v->opts[i].len + 2;
	x = pkt_xmalloc(n + 1);
	for (i = 0; i < v->nopts; i++) {
		const struct pkt_opt *o = &v->opts[i];
		const struct pkt_optkind *ok;

		if (o->kind < 0) {
			if (o->len)
				memcpy(x + k, o->data, o->len);
			k += o->len;
			continue;
		}
		ok = pkt_optkind(f->opts, o->kind);
		x[k++] = (uint8_t)o->kind;
		if (ok != NULL && ok->fmt == PKT_O_NONE && o->len == 0)
			continue;
		x[k++] = (uint8_t)(o->len + 2);
		if (o->len)
			memcpy(x + k, o->data, o->len);
		k += o->len;
	}
	*len = k;
	return x;
}

/* Other option lists: (name, value) tuples by the engine's formats. */
static void
gen_opts_repr(struct pkt_sb *b, const struct pkt_field *f, const struct pkt_val *v)
{
	size_t i, j;

	pkt_sb_putc(b, '[');
	for (i = 0; i < v->nopts; i++) {
		const struct pkt_opt *o = &v->opts[i];
		const struct pkt_optkind *ok;

		if (i > 0)
			pkt_sb_puts(b, ", ");
		ok = pkt_optkind(f->opts, o->kind);
		if (ok != NULL)
			pkt_sb_printf(b, "('%s', ", ok->name);
		else
			pkt_sb_printf(b, "(%d, ", o->kind);
		switch (ok != NULL ? ok->fmt : PKT_O_HEX) {
		case PKT_O_NONE:
			pkt_sb_puts(b, "None");
			break;
		case PKT_O_U8:
			if (o->len == 1) {
				pkt_sb_printf(b, "%u", o->data[0]);
				break;
			}
			/* FALLTHROUGH */
		case PKT_O_U16:
			if (o->len == 2) {
				pkt_sb_printf(b, "%u", (unsigned)pkt_be16(o->data));
				break;
			}
			/* FALLTHROUGH */
		case PKT_O_U32:
			if (o->len == 4) {
				pkt_sb_printf(b, "%u", (unsigned)pkt_be32(o->data));
				break;
			}
			/* FALLTHROUGH */
		case PKT_O_U32X2:
		case PKT_O_U32LIST:
			if (o->len % 4 == 0 && o->len > 0) {
				pkt_sb_putc(b, '(');
				for (j = 0; j < o->len / 4; j++)
					pkt_sb_printf(b, "%s%u", j ? ", " : "",
					    (unsigned)pkt_be32(o->data + 4 * j));
				pkt_sb_puts(b, o->len == 4 ? ",)" : ")");
				break;
			}
			/* FALLTHROUGH */
		default:
			pkt_sb_repr_bytes(b, o->data, o->len);
		}
		pkt_sb_putc(b, ')');
	}
	pkt_sb_putc(b, ']');
}

/* ---- fields ---- */

static void show_fields(struct pkt_sb *, const struct pkt_li *, const char *,
    size_t, bool);

static const char *
uint_word(const struct pkt_li *li, const struct pkt_field *f, uint64_t v)
{
	/* Words that depend on other fields (Scapy's MultiEnumField: ICMP
	 * code by type), else the field's own. */
	const struct pkt_name *names = f->names_of != NULL ? f->names_of(li) : f->names;

	return names != NULL ? pkt_name_get(names, v) : NULL;
}

static void
show_field(struct pkt_sb *b, const struct pkt_li *li, size_t fi, const char *label,
    size_t lvl, bool tail_empty)
{
	const struct pkt_field *f = &li->l->f[fi];
	const struct pkt_val *v = &li->v[fi];
	char s[256];
	const char *w;
	size_t i, n;

	if (f->type == PKT_F_PKTS) {
		char *sl;

		if (v->nitems == 0) {
			if (li->trunc)
				return;
			pkt_sb_field_head(b, label, lvl, f->name);
			pkt_sb_puts(b, "None\n");
			return;
		}
		pkt_sb_list_head(b, label, lvl, f->name);
		sl = pkt_sb_sub_label(label, lvl);
		for (i = 0; i < v->nitems; i++) {
			pkt_sb_block_head(b, sl, pkt_layer_title(&v->items[i]));
			show_fields(b, &v->items[i], sl, 0, false);
		}
		free(sl);
		return;
	}
	if (!v->set) {
		if (li->trunc)
			return;	/* not in the capture: the [|name] line says so */
		pkt_sb_field_head(b, label, lvl, f->name);
		pkt_sb_puts(b, "None\n");
		return;
	}
	if (f->type == PKT_F_OPTS && f->opts != NULL && f->opts->show != NULL) {
		f->opts->show(b, label, lvl, f, v);
		return;
	}
	pkt_sb_field_head(b, label, lvl, f->name);
	switch (f->type) {
	case PKT_F_UINT:
		if ((w = uint_word(li, f, v->u)) != NULL)
			pkt_sb_puts(b, w);
		else if (f->fl & PKT_FF_HEX)
			pkt_sb_printf(b, "0x%llx", (unsigned long long)v->u);
		else
			pkt_sb_printf(b, "%llu", (unsigned long long)v->u);
		break;
	case PKT_F_FLAGS:
		pkt_fmt_flags(s, sizeof(s), f, v->u);
		pkt_sb_puts(b, s);
		break;
	case PKT_F_MAC:
	case PKT_F_IPV4:
	case PKT_F_IPV6:
		pkt_sb_puts(b, pkt_fmt_addr_show(f, v->a, s, sizeof(s)));
		break;
	case PKT_F_BYTES:
		n = v->b != NULL ? v->blen : 0;
		if (f->fl & PKT_FF_HEX) {	/* XStrField */
			for (i = 0; i < n; i++)
				pkt_sb_printf(b, "%02x", v->b[i]);
			break;
		}
		if (f->fl & PKT_FF_ADDRLIST) {	/* IP6ListField.i2repr: "[ a, b ]" */
			char a[INET6_ADDRSTRLEN];

			pkt_sb_puts(b, "[ ");
			for (i = 0; i + 16 <= n; i += 16) {
				inet_ntop(AF_INET6, v->b + i, a, sizeof(a));
				pkt_sb_printf(b, "%s%s", i ? ", " : "", a);
			}
			pkt_sb_puts(b, " ]");
			break;
		}
		if (f->bits > 0)		/* StrFixedLenField strips NULs */
			while (n > 0 && v->b[n - 1] == 0)
				n--;
		pkt_sb_repr_str(b, v->b, n);
		break;
	case PKT_F_NAME:
		pkt_sb_repr_str(b, v->b, v->b != NULL ? v->blen : 0);
		break;
	case PKT_F_OPTS:
		if (v->nopts == 0 && tail_empty) {
			/* Scapy stops dissecting when no bytes are left:
			 * the field keeps its default, b"" */
			pkt_sb_puts(b, "''");
		} else if (f->opts != NULL && f->opts->repr != NULL) {
			f->opts->repr(b, f, v);
		} else if (f->opts != NULL)
			gen_opts_repr(b, f, v);
		else
			pkt_sb_puts(b, "[]");
		break;
	case PKT_F_PKTS:
		break;
	}
	pkt_sb_putc(b, '\n');
}

/* Is field fi, and every field after it, empty (no bytes on the wire)? */
static bool
rest_empty(const struct pkt_li *li, size_t fi)
{
	for (; fi < li->l->nf; fi++) {
		const struct pkt_field *f = &li->l->f[fi];
		const struct pkt_val *v = &li->v[fi];

		if (!pkt_li_present(li, fi))
			continue;
		switch (f->type) {
		case PKT_F_OPTS:
			if (v->nopts > 0)
				return false;
			break;
		case PKT_F_BYTES:
			if (f->bits > 0 || v->blen > 0)
				return false;
			break;
		case PKT_F_PKTS:
			if (v->nitems > 0)
				return false;
			break;
		default:
			return false;
		}
	}
	return true;
}

static void
show_fields(struct pkt_sb *b, const struct pkt_li *li, const char *label,
    size_t lvl, bool last)
{
	size_t fi;

	for (fi = 0; fi < li->l->nf; fi++) {
		if (li->l->f[fi].fl & PKT_FF_NOSHOW)
			continue;
		if (!pkt_li_present(li, fi))
			continue;
		show_field(b, li, fi, label, lvl,
		    last && !li->trunc && rest_empty(li, fi));
	}
	if (li->trunc) {
		const char *nm = li->l->name;

		pkt_sb_puts(b, label);
		pkt_sb_spaces(b, lvl + 2);
		pkt_sb_puts(b, "[|");
		for (; *nm != '\0'; nm++)
			pkt_sb_putc(b, (char)(*nm >= 'A' && *nm <= 'Z' ?
			    *nm - 'A' + 'a' : *nm));
		pkt_sb_puts(b, "]\n");
	}
}

int
pkt_text_show(FILE *fp, const struct pkt_pkt *p)
{
	struct pkt_sb b = { NULL, 0, 0 };
	size_t i;
	int rc = 0;

	pkt_sb_puts(&b, "");
	for (i = 0; i < p->n; i++) {
		const struct pkt_li *li = &p->li[i];
		/* Nothing after this layer's header in the bytes Scapy hands
		 * it: Padding belongs to a layer below. */
		bool last = i + 1 == p->n || p->li[i + 1].l == &pkt_layer_padding;

		pkt_sb_block_head(&b, "", pkt_layer_title(li));
		show_fields(&b, li, "", 3 * i, last);
	}
	if (b.len > 0 && fwrite(b.s, 1, b.len, fp) != b.len)
		rc = -1;
	free(b.s);
	return rc;
}

int
pkt_text_hexdump(FILE *fp, const uint8_t *p, size_t n)
{
	static const char hx[] = "0123456789ABCDEF";
	char line[80];
	size_t i, j;

	for (i = 0; i < n; i += 16) {
		size_t k = (size_t)snprintf(line, sizeof(line), "%04zx  ", i);

		for (j = 0; j < 16; j++) {
			if (i + j < n) {
				line[k++] = hx[p[i + j] >> 4];
				line[k++] = hx[p[i + j] & 0xf];
			} else {
				line[k++] = ' ';
				line[k++] = ' ';
			}
			line[k++] = ' ';
		}
		line[k++] = ' ';
		for (j = 0; j < 16 && i + j < n; j++)
			line[k++] = p[i + j] < 32 || p[i + j] >= 127 ? '.' :
			    (char)p[i + j];
		line[k++] = '\n';
		if (fwrite(line, 1, k, fp) != k)
			return -1;
	}
	return 0;
}
