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

#include "util.h"

extern const struct pkt_optkind pkt_ip_optkinds[], pkt_tcp_optkinds[];

/* ---- growing string ------------------------------------------------------ */

struct sb {
	char	*s;
	size_t	 len, cap;
};

static void
sb_reserve(struct sb *b, size_t more)
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

static void
sb_putn(struct sb *b, const char *s, size_t n)
{
	sb_reserve(b, n);
	memcpy(b->s + b->len, s, n);
	b->len += n;
	b->s[b->len] = '\0';
}

static void
sb_puts(struct sb *b, const char *s)
{
	sb_putn(b, s, strlen(s));
}

static void
sb_putc(struct sb *b, char c)
{
	sb_putn(b, &c, 1);
}

__attribute__((format(printf, 2, 3)))
static void
sb_printf(struct sb *b, const char *fmt, ...)
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
		sb_putn(b, tmp, (size_t)w);
		return;
	}
	sb_reserve(b, (size_t)w);
	va_start(ap, fmt);
	vsnprintf(b->s + b->len, (size_t)w + 1, fmt, ap);
	va_end(ap);
	b->len += (size_t)w;
}

static void
sb_spaces(struct sb *b, size_t n)
{
	while (n-- > 0)
		sb_putc(b, ' ');
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
py_ascii(struct sb *b, uint32_t c, char q)
{
	if (c == '\\' || c == (uint32_t)q)
		sb_printf(b, "\\%c", (char)c);
	else if (c == '\t')
		sb_puts(b, "\\t");
	else if (c == '\n')
		sb_puts(b, "\\n");
	else if (c == '\r')
		sb_puts(b, "\\r");
	else if (c < 0x20 || c >= 0x7f)
		sb_printf(b, "\\x%02x", (unsigned)c);
	else
		sb_putc(b, (char)c);
}

/* repr(bytes.decode(errors="backslashreplace")): Scapy's StrField i2repr
 * (plain_str).  A byte that is not valid UTF-8 becomes the four
 * characters \xNN, whose backslash repr() doubles. */
static void
py_repr_str(struct sb *b, const uint8_t *p, size_t n)
{
	char q;
	size_t i = 0;

	if (p == NULL)
		n = 0;
	q = n ? py_quote(p, n) : '\'';
	sb_putc(b, q);
	while (i < n) {
		uint32_t cp;
		size_t k = utf8_seq(p + i, n - i, &cp);

		if (k == 0) {
			sb_printf(b, "\\\\x%02x", p[i]);
			i++;
			continue;
		}
		if (cp < 0x80)
			py_ascii(b, cp, q);
		else if (py_printable(cp))
			sb_putn(b, (const char *)p + i, k);
		else if (cp <= 0xff)
			sb_printf(b, "\\x%02x", (unsigned)cp);
		else if (cp <= 0xffff)
			sb_printf(b, "\\u%04x", (unsigned)cp);
		else
			sb_printf(b, "\\U%08x", (unsigned)cp);
		i += k;
	}
	sb_putc(b, q);
}

/* repr(bytes): b'...' */
static void
py_repr_bytes(struct sb *b, const uint8_t *p, size_t n)
{
	char q;
	size_t i;

	if (p == NULL)
		n = 0;
	q = n ? py_quote(p, n) : '\'';
	sb_putc(b, 'b');
	sb_putc(b, q);
	for (i = 0; i < n; i++)
		py_ascii(b, p[i], q);
	sb_putc(b, q);
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
summary_sb(struct sb *out, const struct pkt_pkt *p)
{
	char **text;
	const struct pkt_layer *const **nd;
	size_t i, nn = 0;
	bool found = false;

	if (p->n == 0) {
		sb_puts(out, "");
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
			sb_puts(out, " / ");
		sb_puts(out, text[i] != NULL ? text[i] : pkt_layer_name(&p->li[i]));
		free(text[i]);
	}
	free(text);
	free(nd);
}

void
pkt_text_summary(const struct pkt_pkt *p, char *buf, size_t n)
{
	struct sb b = { NULL, 0, 0 };

	if (n == 0)
		return;
	summary_sb(&b, p);
	snprintf(buf, n, "%s", b.s != NULL ? b.s : "");
	free(b.s);
}

int
pkt_text_write_summary(FILE *fp, const struct pkt_pkt *p)
{
	struct sb b = { NULL, 0, 0 };
	int rc = 0;

	summary_sb(&b, p);
	sb_putc(&b, '\n');
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
static void
field_head(struct sb *b, const char *label, size_t lvl, const char *name)
{
	size_t l = strlen(name);

	sb_puts(b, label);
	sb_spaces(b, lvl + 2);
	if (color)
		sb_puts(b, "\033[36m");
	sb_puts(b, name);
	if (color)
		sb_puts(b, "\033[0m");
	sb_spaces(b, l < 10 ? 10 - l : 0);
	sb_puts(b, "= ");
}

/* "  \name      \" : a packet-list field. */
static void
list_head(struct sb *b, const char *label, size_t lvl, const char *name)
{
	size_t l = strlen(name);

	sb_puts(b, label);
	sb_spaces(b, lvl + 2);
	sb_printf(b, "\\%s", name);
	sb_spaces(b, l < 10 ? 10 - l : 0);
	sb_puts(b, "\\\n");
}

static void
block_head(struct sb *b, const char *label, const char *title)
{
	if (color)
		sb_printf(b, "%s###[ \033[1;34m%s\033[0m ]### \n", label, title);
	else
		sb_printf(b, "%s###[ %s ]### \n", label, title);
}

/* The label of sub-packets of a list field: label + lvl + "   |". */
static char *
sub_label(const char *label, size_t lvl)
{
	size_t l = strlen(label);
	char *s = pkt_xmalloc(l + lvl + 5);

	memcpy(s, label, l);
	memset(s + l, ' ', lvl + 3);
	s[l + lvl + 3] = '|';
	s[l + lvl + 4] = '\0';
	return s;
}

static uint32_t
be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}

static uint32_t
be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

static void
put_ipv4(struct sb *b, const uint8_t *a)
{
	char s[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, a, s, sizeof(s));
	sb_puts(b, s);
}

/* Option bytes as they were on the wire, rebuilt from the parsed list. */
static uint8_t *
opts_bytes(const struct pkt_field *f, const struct pkt_val *v, size_t *len)
{
	size_t i, n = 0, k = 0;
	uint8_t *x;

	for (i = 0; i < v->nopts; i++)
		n += v->opts[i].len + 2;
	x = pkt_xmalloc(n + 1);
	for (i = 0; i < v->nopts; i++) {
		const struct pkt_opt *o = &v->opts[i];
		const struct pkt_optkind *ok = NULL, *kk;

		if (o->kind < 0) {
			if (o->len)
				memcpy(x + k, o->data, o->len);
			k += o->len;
			continue;
		}
		for (kk = f->opts->kinds; kk->name != NULL; kk++)
			if (kk->kind == o->kind)
				ok = kk;
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

/* TCPOptionsField.m2i() then repr() of the list, from the option bytes. */
static void
tcp_opts_repr(struct sb *b, const uint8_t *x, size_t n)
{
	static const struct { int kind; const char *name, *fmt; } k[] = {
		{ 2, "MSS", "H" }, { 3, "WScale", "B" }, { 4, "SAckOK", NULL },
		{ 5, "SAck", "*" }, { 8, "Timestamp", "II" },
		{ 14, "AltChkSum", "BH" }, { 15, "AltChkSumOpt", NULL },
		{ 19, "MD5", "s16" }, { 25, "Mood", "p" }, { 28, "UTO", "H" },
		{ 29, "AO", NULL }, { 34, "TFO", "II" },
	};
	size_t i = 0, first = 1;

	sb_putc(b, '[');
	while (i < n) {
		uint8_t on = x[i];
		size_t olen, vlen, j;
		const uint8_t *ov;
		const char *name = NULL, *fmt = NULL;

		if (!first)
			sb_puts(b, ", ");
		first = 0;
		if (on == 0) {
			sb_puts(b, "('EOL', None)");
			break;
		}
		if (on == 1) {
			sb_puts(b, "('NOP', None)");
			i++;
			continue;
		}
		olen = n - i > 1 ? x[i + 1] : 0;
		if (olen < 2)
			olen = 2;
		ov = x + i + (n - i > 2 ? 2 : n - i);
		vlen = olen - 2;
		if (vlen > n - (size_t)(ov - x))
			vlen = n - (size_t)(ov - x);
		for (j = 0; j < sizeof(k) / sizeof(k[0]); j++)
			if (k[j].kind == on) {
				name = k[j].name;
				fmt = k[j].fmt;
			}
		if (name == NULL) {
			sb_printf(b, "(%u, ", on);
			py_repr_bytes(b, ov, vlen);
		} else {
			sb_printf(b, "('%s', ", name);
			if (fmt == NULL)
				py_repr_bytes(b, ov, vlen);
			else if (strcmp(fmt, "*") == 0 && vlen % 4 == 0) {
				if (vlen / 4 != 1)
					sb_putc(b, '(');
				for (j = 0; j < vlen / 4; j++)
					sb_printf(b, "%s%u", j ? ", " : "",
					    (unsigned)be32(ov + 4 * j));
				if (vlen / 4 != 1)
					sb_putc(b, ')');
			} else if (strcmp(fmt, "H") == 0 && vlen == 2)
				sb_printf(b, "%u", (unsigned)be16(ov));
			else if (strcmp(fmt, "B") == 0 && vlen == 1)
				sb_printf(b, "%u", ov[0]);
			else if (strcmp(fmt, "II") == 0 && vlen == 8)
				sb_printf(b, "(%u, %u)", (unsigned)be32(ov),
				    (unsigned)be32(ov + 4));
			else if (strcmp(fmt, "BH") == 0 && vlen == 3)
				sb_printf(b, "(%u, %u)", ov[0],
				    (unsigned)be16(ov + 1));
			else if (strcmp(fmt, "p") == 0 && vlen == 1)
				sb_puts(b, "b''");
			else	/* "s16" and any length that does not fit */
				py_repr_bytes(b, ov, vlen);
		}
		sb_putc(b, ')');
		i += olen;
	}
	sb_putc(b, ']');
}

/* Other option lists: (name, value) tuples by the engine's formats. */
static void
gen_opts_repr(struct sb *b, const struct pkt_field *f, const struct pkt_val *v)
{
	size_t i, j;

	sb_putc(b, '[');
	for (i = 0; i < v->nopts; i++) {
		const struct pkt_opt *o = &v->opts[i];
		const struct pkt_optkind *ok = NULL, *kk;

		if (i > 0)
			sb_puts(b, ", ");
		for (kk = f->opts->kinds; kk->name != NULL; kk++)
			if (kk->kind == o->kind)
				ok = kk;
		if (ok != NULL)
			sb_printf(b, "('%s', ", ok->name);
		else
			sb_printf(b, "(%d, ", o->kind);
		switch (ok != NULL ? ok->fmt : PKT_O_HEX) {
		case PKT_O_NONE:
			sb_puts(b, "None");
			break;
		case PKT_O_U8:
			if (o->len == 1) {
				sb_printf(b, "%u", o->data[0]);
				break;
			}
			/* FALLTHROUGH */
		case PKT_O_U16:
			if (o->len == 2) {
				sb_printf(b, "%u", (unsigned)be16(o->data));
				break;
			}
			/* FALLTHROUGH */
		case PKT_O_U32:
			if (o->len == 4) {
				sb_printf(b, "%u", (unsigned)be32(o->data));
				break;
			}
			/* FALLTHROUGH */
		case PKT_O_U32X2:
		case PKT_O_U32LIST:
			if (o->len % 4 == 0 && o->len > 0) {
				sb_putc(b, '(');
				for (j = 0; j < o->len / 4; j++)
					sb_printf(b, "%s%u", j ? ", " : "",
					    (unsigned)be32(o->data + 4 * j));
				sb_puts(b, o->len == 4 ? ",)" : ")");
				break;
			}
			/* FALLTHROUGH */
		default:
			py_repr_bytes(b, o->data, o->len);
		}
		sb_putc(b, ')');
	}
	sb_putc(b, ']');
}

/* ---- IP options: Scapy's PacketListField of IPOption classes ---- */

static const struct pkt_name ipopt_names[] = {
	{ 0, "end_of_list" }, { 1, "nop" }, { 2, "security" },
	{ 3, "loose_source_route" }, { 4, "timestamp" },
	{ 5, "extended_security" }, { 6, "commercial_security" },
	{ 7, "record_route" }, { 8, "stream_id" }, { 9, "strict_source_route" },
	{ 10, "experimental_measurement" }, { 11, "mtu_probe" },
	{ 12, "mtu_reply" }, { 13, "flow_control" }, { 14, "access_control" },
	{ 15, "encode" }, { 16, "imi_traffic_descriptor" },
	{ 17, "extended_IP" }, { 18, "traceroute" },
	{ 19, "address_extension" }, { 20, "router_alert" },
	{ 21, "selective_directed_broadcast_mode" },
	{ 23, "dynamic_packet_state" }, { 24, "upstream_multicast_packet" },
	{ 25, "quick_start" }, { 30, "rfc4727_experiment" }, { 0, NULL },
};

/* Field kinds after the 1-byte header:
 *   L length byte (recorded)   B byte   H short   A short, alert enum
 *   I int   4 IPv4   V value (length - 2 bytes)   R IPv4 list (length - 3)
 *   S IPv4 list (length - 2)   3 3-byte string   N oflw/flg nibbles
 *   C IPv4 when flg != 0 */
struct ipopt_cls {
	int		 opt;
	const char	*title;
	const char	*kinds;
	const char	*names[8];
	const char	*defs[8];
};

static const struct ipopt_cls ipopt_cls[] = {
	{ 0, "IP Option End of Options List", "", { NULL }, { NULL } },
	{ 1, "IP Option No Operation", "", { NULL }, { NULL } },
	{ 2, "IP Option Security", "LHHH3",
	    { "length", "security", "compartment", "handling_restrictions",
	      "transmission_control_code" },
	    { "11", "0", "0", "0", "'xxx'" } },
	{ 3, "IP Option Loose Source and Record Route", "LBR",
	    { "length", "pointer", "routers" }, { "None", "4", "[]" } },
	{ 4, "IP Option Timestamp", "LBNCI",
	    { "length", "pointer", "oflw", "internet_address", "timestamp" },
	    { "None", "9", "0", "0.0.0.0", "0" } },
	{ 7, "IP Option Record Route", "LBR",
	    { "length", "pointer", "routers" }, { "None", "4", "[]" } },
	{ 8, "IP Option Stream ID", "LH", { "length", "security" },
	    { "4", "0" } },
	{ 9, "IP Option Strict Source and Record Route", "LBR",
	    { "length", "pointer", "routers" }, { "None", "4", "[]" } },
	{ 11, "IP Option MTU Probe", "LH", { "length", "mtu" }, { "4", "0" } },
	{ 12, "IP Option MTU Reply", "LH", { "length", "mtu" }, { "4", "0" } },
	{ 18, "IP Option Traceroute", "LHHH4",
	    { "length", "id", "outbound_hops", "return_hops", "originator_ip" },
	    { "12", "0", "0", "0", "0.0.0.0" } },
	{ 19, "IP Option Address Extension", "L44",
	    { "length", "src_ext", "dst_ext" }, { "10", "0.0.0.0", "0.0.0.0" } },
	{ 20, "IP Option Router Alert", "LA", { "length", "alert" },
	    { "4", "router_shall_examine_packet" } },
	{ 21, "IP Option Selective Directed Broadcast Mode", "LS",
	    { "length", "addresses" }, { "None", "[]" } },
};
static const struct ipopt_cls ipopt_generic = {
	-1, "IP Option", "LV", { "length", "value" }, { "None", "''" },
};

/* Python's s[:k] for a length that may be negative. */
static size_t
py_slice(size_t avail, long k)
{
	if (k >= 0)
		return (size_t)k < avail ? (size_t)k : avail;
	if ((size_t)-k >= avail)
		return 0;
	return avail - (size_t)-k;
}

/* Does the option at x (n bytes left) dissect without an exception in
 * Scapy?  Returns the bytes it takes, or 0 when Scapy would give up and
 * keep the rest as Raw. */
static size_t
ipopt_take(const struct ipopt_cls *c, const uint8_t *x, size_t n)
{
	size_t i = 1, kn = strlen(c->kinds), k;
	long length = -1;

	for (k = 0; k < kn && i < n; k++) {
		size_t need = 0, m;

		switch (c->kinds[k]) {
		case 'L': case 'B': case 'N': need = 1; break;
		case 'H': case 'A': need = 2; break;
		case 'I': case '4': need = 4; break;
		case '3': need = 3; break;
		case 'C': need = (x[i - 1] & 0x0f) != 0 ? 4 : 0; break;
		case 'V': case 'R': case 'S':
			m = py_slice(n - i, length - (c->kinds[k] == 'R' ? 3 : 2));
			if (c->kinds[k] != 'V' && m % 4 != 0)
				return 0;
			i += m;
			continue;
		}
		if (n - i < need)
			return 0;
		if (c->kinds[k] == 'L')
			length = x[i];
		i += need;
	}
	return i;
}

static void
ipopt_show(struct sb *b, const char *label, const uint8_t *x, size_t n,
    size_t *took)
{
	const struct ipopt_cls *c = &ipopt_generic;
	size_t i, k, kn, take;
	long length = -1;
	int flg = 1;
	const char *w;

	for (i = 0; i < sizeof(ipopt_cls) / sizeof(ipopt_cls[0]); i++)
		if (ipopt_cls[i].opt == (x[0] & 0x1f))
			c = &ipopt_cls[i];
	if ((take = ipopt_take(c, x, n)) == 0) {
		block_head(b, label, "Raw");
		field_head(b, label, 0, "load");
		py_repr_str(b, x, n);
		sb_putc(b, '\n');
		*took = n;
		return;
	}
	block_head(b, label, c->title);
	field_head(b, label, 0, "copy_flag");
	sb_printf(b, "%u\n", x[0] >> 7);
	field_head(b, label, 0, "optclass");
	k = (size_t)(x[0] >> 5 & 3);
	if (k == 0 || k == 2)
		sb_puts(b, k == 0 ? "control\n" : "debug\n");
	else
		sb_printf(b, "%u\n", (unsigned)k);
	field_head(b, label, 0, "option");
	w = pkt_name_get(ipopt_names, x[0] & 0x1f);
	if (w != NULL)
		sb_printf(b, "%s\n", w);
	else
		sb_printf(b, "%u\n", x[0] & 0x1f);
	kn = strlen(c->kinds);
	i = 1;
	for (k = 0; k < kn; k++) {
		size_t m, j;
		const char *name = c->names[k];
		char kind = c->kinds[k];

		if (kind == 'N') {
			/* two 4-bit fields: oflw, flg */
			field_head(b, label, 0, "oflw");
			if (i < take)
				sb_printf(b, "%u\n", x[i] >> 4);
			else
				sb_puts(b, "0\n");
			flg = i < take ? x[i] & 0x0f : 1;
			field_head(b, label, 0, "flg");
			if (flg == 0)
				sb_puts(b, "timestamp_only\n");
			else if (flg == 1)
				sb_puts(b, "timestamp_and_ip_addr\n");
			else if (flg == 3)
				sb_puts(b, "prespecified_ip_addr\n");
			else
				sb_printf(b, "%d\n", flg);
			if (i < take)
				i++;
			continue;
		}
		if (kind == 'C' && flg == 0)
			continue;
		field_head(b, label, 0, name);
		if (i >= take) {	/* Scapy: no bytes left, the default */
			sb_printf(b, "%s\n", c->defs[k]);
			continue;
		}
		switch (kind) {
		case 'L':
			length = x[i];
			/* FALLTHROUGH */
		case 'B':
			sb_printf(b, "%u\n", x[i]);
			i++;
			break;
		case 'H':
			sb_printf(b, "%u\n", (unsigned)be16(x + i));
			i += 2;
			break;
		case 'A':
			if (be16(x + i) == 0)
				sb_puts(b, "router_shall_examine_packet\n");
			else
				sb_printf(b, "%u\n", (unsigned)be16(x + i));
			i += 2;
			break;
		case 'I':
			sb_printf(b, "%u\n", (unsigned)be32(x + i));
			i += 4;
			break;
		case '4':
		case 'C':
			put_ipv4(b, x + i);
			sb_putc(b, '\n');
			i += 4;
			break;
		case '3': {
			size_t l = 3;

			while (l > 0 && x[i + l - 1] == 0)
				l--;
			py_repr_str(b, x + i, l);
			sb_putc(b, '\n');
			i += 3;
			break;
		}
		case 'V':
			m = py_slice(take - i, length - 2);
			py_repr_str(b, x + i, m);
			sb_putc(b, '\n');
			i += m;
			break;
		case 'R':
		case 'S':
			m = py_slice(take - i, length - (kind == 'R' ? 3 : 2));
			sb_putc(b, '[');
			for (j = 0; j < m; j += 4) {
				if (j)
					sb_puts(b, ", ");
				put_ipv4(b, x + i + j);
			}
			sb_puts(b, "]\n");
			i += m;
			break;
		}
	}
	*took = take;
}

static void
ip_opts_show(struct sb *b, const char *label, size_t lvl,
    const struct pkt_field *f, const struct pkt_val *v)
{
	size_t n, i = 0;
	uint8_t *x = opts_bytes(f, v, &n);
	char *sl = sub_label(label, lvl);

	list_head(b, label, lvl, f->name);
	while (i < n) {
		size_t took = 0;

		ipopt_show(b, sl, x + i, n - i, &took);
		i += took > 0 ? took : n - i;
	}
	free(sl);
	free(x);
}

/* ---- fields ---- */

static void show_fields(struct sb *, const struct pkt_li *, const char *,
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
ipv6_repr(struct sb *b, const struct pkt_field *f, const uint8_t *a)
{
	char s[64], t[2][INET_ADDRSTRLEN];
	uint8_t m[4];
	int i;

	pkt_fmt_addr(f, a, s, sizeof(s));
	sb_puts(b, s);
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) {
		/* Teredo: server, then the client's mapped address and port */
		for (i = 0; i < 4; i++)
			m[i] = (uint8_t)(a[12 + i] ^ 0xff);
		inet_ntop(AF_INET, a + 4, t[0], sizeof(t[0]));
		inet_ntop(AF_INET, m, t[1], sizeof(t[1]));
		sb_printf(b, " [Teredo srv: %s cli: %s:%u]", t[0], t[1],
		    (unsigned)(be16(a + 10) ^ 0xffff));
	} else if (a[0] == 0x20 && a[1] == 0x02) {
		inet_ntop(AF_INET, a + 2, t[0], sizeof(t[0]));
		sb_printf(b, " [6to4 GW: %s]", t[0]);
	}
}

static void
show_field(struct sb *b, const struct pkt_li *li, size_t fi, const char *label,
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
			field_head(b, label, lvl, f->name);
			sb_puts(b, "None\n");
			return;
		}
		list_head(b, label, lvl, f->name);
		sl = sub_label(label, lvl);
		for (i = 0; i < v->nitems; i++) {
			block_head(b, sl, pkt_layer_title(&v->items[i]));
			show_fields(b, &v->items[i], sl, 0, false);
		}
		free(sl);
		return;
	}
	if (!v->set) {
		if (li->trunc)
			return;	/* not in the capture: the [|name] line says so */
		field_head(b, label, lvl, f->name);
		sb_puts(b, "None\n");
		return;
	}
	if (f->type == PKT_F_OPTS && f->opts != NULL &&
	    f->opts->kinds == pkt_ip_optkinds) {
		ip_opts_show(b, label, lvl, f, v);
		return;
	}
	field_head(b, label, lvl, f->name);
	switch (f->type) {
	case PKT_F_UINT:
		if ((w = uint_word(li, f, v->u)) != NULL)
			sb_puts(b, w);
		else if (f->fl & PKT_FF_HEX)
			sb_printf(b, "0x%llx", (unsigned long long)v->u);
		else
			sb_printf(b, "%llu", (unsigned long long)v->u);
		break;
	case PKT_F_FLAGS:
		pkt_fmt_flags(s, sizeof(s), f, v->u);
		sb_puts(b, s);
		break;
	case PKT_F_MAC:
	case PKT_F_IPV4:
		sb_puts(b, pkt_fmt_addr(f, v->a, s, sizeof(s)));
		break;
	case PKT_F_IPV6:
		ipv6_repr(b, f, v->a);
		break;
	case PKT_F_BYTES:
		n = v->b != NULL ? v->blen : 0;
		if (f->fl & PKT_FF_HEX) {	/* XStrField */
			for (i = 0; i < n; i++)
				sb_printf(b, "%02x", v->b[i]);
			break;
		}
		if (f->fl & PKT_FF_ADDRLIST) {	/* IP6ListField.i2repr: "[ a, b ]" */
			char a[INET6_ADDRSTRLEN];

			sb_puts(b, "[ ");
			for (i = 0; i + 16 <= n; i += 16) {
				inet_ntop(AF_INET6, v->b + i, a, sizeof(a));
				sb_printf(b, "%s%s", i ? ", " : "", a);
			}
			sb_puts(b, " ]");
			break;
		}
		if (f->bits > 0)		/* StrFixedLenField strips NULs */
			while (n > 0 && v->b[n - 1] == 0)
				n--;
		py_repr_str(b, v->b, n);
		break;
	case PKT_F_NAME:
		py_repr_str(b, v->b, v->b != NULL ? v->blen : 0);
		break;
	case PKT_F_OPTS:
		if (v->nopts == 0 && tail_empty) {
			/* Scapy stops dissecting when no bytes are left:
			 * the field keeps its default, b"" */
			sb_puts(b, "''");
		} else if (f->opts != NULL && f->opts->kinds == pkt_tcp_optkinds) {
			uint8_t *x = opts_bytes(f, v, &n);

			tcp_opts_repr(b, x, n);
			free(x);
		} else if (f->opts != NULL && f->opts->strings) {
			/* DNSTextField: a list of bytes */
			sb_putc(b, '[');
			for (i = 0; i < v->nopts; i++) {
				if (i > 0)
					sb_puts(b, ", ");
				py_repr_bytes(b, v->opts[i].data, v->opts[i].len);
			}
			sb_putc(b, ']');
		} else if (f->opts != NULL)
			gen_opts_repr(b, f, v);
		else
			sb_puts(b, "[]");
		break;
	case PKT_F_PKTS:
		break;
	}
	sb_putc(b, '\n');
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
show_fields(struct sb *b, const struct pkt_li *li, const char *label,
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

		sb_puts(b, label);
		sb_spaces(b, lvl + 2);
		sb_puts(b, "[|");
		for (; *nm != '\0'; nm++)
			sb_putc(b, (char)(*nm >= 'A' && *nm <= 'Z' ?
			    *nm - 'A' + 'a' : *nm));
		sb_puts(b, "]\n");
	}
}

int
pkt_text_show(FILE *fp, const struct pkt_pkt *p)
{
	struct sb b = { NULL, 0, 0 };
	size_t i;
	int rc = 0;

	sb_puts(&b, "");
	for (i = 0; i < p->n; i++) {
		const struct pkt_li *li = &p->li[i];
		/* Nothing after this layer's header in the bytes Scapy hands
		 * it: Padding belongs to a layer below. */
		bool last = i + 1 == p->n || p->li[i + 1].l == &pkt_layer_padding;

		block_head(&b, "", pkt_layer_title(li));
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
