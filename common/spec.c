/* spec.c: the packet language.
 *
 *   spec   := layer ( "/" layer )*
 *   layer  := NAME [ "(" [ field ( "," field )* ] ")" ] | STRING
 *   field  := NAME "=" value | value            (positional: Raw("abc"))
 *   value  := NUMBER | STRING | WORD | None | layer ( "/" layer )*
 *           | "(" value "," value ... ")" | "[" [ value ( "," value )* ] "]"
 *
 * Parsing checks every value against its field, so errors point at the
 * spot.  Fan-out (ranges, lists, prefixes) is kept as alternatives per
 * field and walked like an odometer: the last layer's first field turns
 * fastest, the first layer's last field slowest, which is Scapy's order. */
#include "spec.h"

#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "pkt.h"
#include "util.h"
#include "value.h"

#define MAX_DEPTH	32

struct parser {
	const char	*s;
	size_t		 pos;
	int		 argn;
	int		 depth;
	char		*errbuf;
};

/* A field with more than one value: a digit of the odometer. */
struct digit {
	size_t		 layer, field;
	const struct pkt_gv *gv;	/* LIST, TUPLE range, or prefix WORD/STR */
	uint64_t	 count;
	uint64_t	 cur;
};

struct slayer {
	const struct pkt_layer	*l;
	bool			 quoted;
	struct pkt_gv		 gv;	/* LAYER: fields by name */
	int			*fidx;	/* field index of each gv value */
};

struct pkt_spec {
	struct slayer	*ly;
	size_t		 n;
	struct digit	*dg;
	size_t		 ndg;
	bool		 started, done;
	int		 argn;
	size_t		 upto;		/* pkt_spec_paths: the layers that vary */
	uint64_t	 rng_saved;
};

static int
perr(struct parser *ps, size_t pos, const char *fmt, ...) PKT_PRINTF(3, 4);

static int
perr(struct parser *ps, size_t pos, const char *fmt, ...)
{
	char msg[PKT_ERRBUF];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	return pkt_fail(ps->errbuf, "spec:%d:%zu: %s", ps->argn, pos + 1, msg);
}

static void
skipws(struct parser *ps)
{
	while (ps->s[ps->pos] == ' ' || ps->s[ps->pos] == '\t' ||
	    ps->s[ps->pos] == '\n' || ps->s[ps->pos] == '\r')
		ps->pos++;
}

static bool
isname(int c)
{
	return isalnum(c) || c == '_';
}

/* A word: name, number, address, prefix, flag letters, enum word. */
static size_t
wordlen(const char *s)
{
	size_t i = 0;

	for (;;) {
		int c = (unsigned char)s[i];

		if (isname(c) || c == '-' || c == '.' || c == ':' || c == '+' ||
		    c == '*')
			i++;
		else if (c == '/' && isdigit((unsigned char)s[i + 1]) && i > 0)
			i++;	/* 10.0.0.0/30 */
		else
			return i;
	}
}

static int
parse_string(struct parser *ps, struct pkt_gv *gv)
{
	char q = ps->s[ps->pos];
	size_t start = ps->pos, cap = 16, n = 0;
	char *b = pkt_xmalloc(cap);

	ps->pos++;
	for (;;) {
		int c = (unsigned char)ps->s[ps->pos];

		if (c == '\0') {
			free(b);
			return perr(ps, start, "unterminated string");
		}
		ps->pos++;
		if (c == q)
			break;
		if (c == '\\') {
			int e = (unsigned char)ps->s[ps->pos++];

			switch (e) {
			case 'n': c = '\n'; break;
			case 't': c = '\t'; break;
			case 'r': c = '\r'; break;
			case '0': c = '\0'; break;
			case 'a': c = '\a'; break;
			case 'b': c = '\b'; break;
			case 'f': c = '\f'; break;
			case 'v': c = '\v'; break;
			case '\\': case '\'': case '"': c = e; break;
			case 'x':
				if (!isxdigit((unsigned char)ps->s[ps->pos]) ||
				    !isxdigit((unsigned char)ps->s[ps->pos + 1])) {
					free(b);
					return perr(ps, ps->pos - 2,
					    "\\x wants two hex digits");
				}
				{
					char hx[3] = { ps->s[ps->pos], ps->s[ps->pos + 1], 0 };

					c = (int)strtol(hx, NULL, 16);
				}
				ps->pos += 2;
				break;
			case '\0':
				free(b);
				return perr(ps, start, "unterminated string");
			default:
				free(b);
				return perr(ps, ps->pos - 2, "unknown escape \\%c", e);
			}
		}
		if (n + 2 > cap)
			b = pkt_xrealloc(b, cap *= 2);
		b[n++] = (char)c;
	}
	b[n] = '\0';
	gv->t = PKT_GV_STR;
	gv->s = b;
	gv->len = n;
	return 0;
}

/* A repetition count at s: a decimal or 0x number; its length, or 0. */
static size_t
count_len(const char *s)
{
	size_t n = 0;

	if (!isdigit((unsigned char)s[0]))
		return 0;
	while (isname((unsigned char)s[n]) || s[n] == '.')
		n++;
	return n;
}

/* Read the repetition count at ps->pos (after "*"). */
static int
parse_count(struct parser *ps, uint64_t *times)
{
	size_t at, n;
	char tok[32], *end;

	skipws(ps);
	at = ps->pos;
	n = count_len(ps->s + at);
	if (n == 0 || n >= sizeof(tok))
		return perr(ps, at, n ? "repetition count too large" :
		    "a repetition count (a whole number) is expected after \"*\"");
	memcpy(tok, ps->s + at, n);
	tok[n] = '\0';
	errno = 0;
	if (tok[0] == '0' && (tok[1] == 'x' || tok[1] == 'X') && n > 2)
		*times = strtoull(tok + 2, &end, 16);
	else
		*times = strtoull(tok, &end, 10);
	if (*end != '\0' || end == tok || (tok[1] == 'x' && n == 2))
		return perr(ps, at, "repetition count \"%s\" is not a whole number", tok);
	if (errno != 0)
		return perr(ps, at, "repetition count too large");
	ps->pos = at + n;
	return 0;
}

/* Does a string expression start at s: a quote, b"/u", or a count and
 * "*" before one (100*"A")? */
static bool
at_strexpr(const char *s)
{
	size_t n = count_len(s);

	if (n > 0) {
		s += n;
		while (*s == ' ' || *s == '\t')
			s++;
		if (*s++ != '*')
			return false;
		while (*s == ' ' || *s == '\t')
			s++;
	}
	if ((s[0] == 'b' || s[0] == 'u') && (s[1] == '"' || s[1] == '\''))
		s++;
	return s[0] == '"' || s[0] == '\'';
}

/* A string with Python's repetition: "A"*100, b"A"*100, 100*"A",
 * "ab"*2*3.  The count is a whole number; the result holds at most
 * PKT_MAX_BUILD bytes. */
static int
parse_strexpr(struct parser *ps, struct pkt_gv *gv)
{
	uint64_t times = 1, t;
	size_t at = ps->pos, tcol = ps->pos;
	char *b;

	if (isdigit((unsigned char)ps->s[ps->pos])) {
		if (parse_count(ps, &times) < 0)
			return -1;
		skipws(ps);
		ps->pos++;	/* the "*" at_strexpr saw */
		skipws(ps);
	}
	if (ps->s[ps->pos] == 'b' || ps->s[ps->pos] == 'u')
		ps->pos++;	/* b"..." as in Python */
	if (parse_string(ps, gv) < 0)
		return -1;
	gv->col = (int)at + 1;
	for (;;) {
		size_t save = ps->pos;

		skipws(ps);
		if (ps->s[ps->pos] != '*') {
			ps->pos = save;
			break;
		}
		ps->pos++;
		skipws(ps);
		tcol = ps->pos;
		if (parse_count(ps, &t) < 0)
			return -1;
		times = t != 0 && times > UINT64_MAX / t ? UINT64_MAX : times * t;
	}
	if (times == 1 || gv->len == 0)
		return 0;	/* ""*N is "", however large N is */
	if (times > PKT_MAX_BUILD / gv->len)
		return perr(ps, tcol, "the repeated string makes %ju bytes, more "
		    "than the %u a packet can hold", (uintmax_t)(times >
		    UINT64_MAX / gv->len ? UINT64_MAX : times * gv->len),
		    PKT_MAX_BUILD);
	b = pkt_xmalloc(gv->len * (size_t)times + 1);
	for (t = 0; t < times; t++)
		memcpy(b + gv->len * t, gv->s, gv->len);
	gv->len *= (size_t)times;
	b[gv->len] = '\0';
	free(gv->s);
	gv->s = b;
	return 0;
}

static int parse_value(struct parser *, struct pkt_gv *);
static int parse_chain(struct parser *, struct pkt_gv *);

/* NAME [ "(" args ")" ], the name already read into gv->s. */
static int
parse_args(struct parser *ps, struct pkt_gv *gv)
{
	skipws(ps);
	if (ps->s[ps->pos] != '(')
		return 0;
	ps->pos++;
	skipws(ps);
	if (ps->s[ps->pos] == ')') {
		ps->pos++;
		return 0;
	}
	for (;;) {
		struct pkt_gv *it = pkt_gv_add(gv);
		size_t at, wl;

		skipws(ps);
		at = ps->pos;
		wl = wordlen(ps->s + at);
		it->col = (int)at + 1;
		if (wl > 0 && isalpha((unsigned char)ps->s[at])) {
			size_t after = at + wl;

			while (ps->s[after] == ' ' || ps->s[after] == '\t')
				after++;
			if (ps->s[after] == '=' && ps->s[after + 1] != '=') {
				size_t k;

				for (k = 0; k < wl; k++)
					if (!isname((unsigned char)ps->s[at + k]))
						return perr(ps, at, "bad field name");
				gv->keys[gv->n - 1] = pkt_xmalloc(wl + 1);
				memcpy(gv->keys[gv->n - 1], ps->s + at, wl);
				gv->keys[gv->n - 1][wl] = '\0';
				it->kcol = (int)at + 1;
				ps->pos = after + 1;
				skipws(ps);
				it->col = (int)ps->pos + 1;
			}
		}
		if (parse_value(ps, it) < 0)
			return -1;
		it->col = it->col ? it->col : (int)at + 1;
		skipws(ps);
		if (ps->s[ps->pos] == ',') {
			ps->pos++;
			continue;
		}
		if (ps->s[ps->pos] == ')') {
			ps->pos++;
			return 0;
		}
		if (ps->s[ps->pos] == '\0')
			return perr(ps, ps->pos, "unbalanced \"(\": \")\" expected");
		return perr(ps, ps->pos, "\",\" or \")\" expected");
	}
}

/* One layer of a chain: NAME(args) or a bare STRING (Raw). */
static int
parse_layer(struct parser *ps, struct pkt_gv *gv)
{
	size_t at, wl;

	skipws(ps);
	at = ps->pos;
	gv->col = (int)at + 1;
	if (at_strexpr(ps->s + at) || (ps->s[at] == '(' &&
	    at_strexpr(ps->s + at + 1 + strspn(ps->s + at + 1, " \t")))) {
		struct pkt_gv *it;
		bool paren = ps->s[at] == '(';

		gv->t = PKT_GV_LAYER;
		gv->s = pkt_xstrdup("Raw");
		it = pkt_gv_add(gv);
		if (paren) {	/* ("A"*100), as Python needs it after "/" */
			ps->pos++;
			skipws(ps);
		}
		it->col = (int)ps->pos + 1;
		if (parse_strexpr(ps, it) < 0)
			return -1;
		if (paren) {
			skipws(ps);
			if (ps->s[ps->pos] != ')')
				return perr(ps, ps->pos, "\")\" expected");
			ps->pos++;
		}
		return 0;
	}
	wl = wordlen(ps->s + at);
	if (wl == 0 || !isalpha((unsigned char)ps->s[at])) {
		if (ps->s[at] == '\0')
			return perr(ps, at, "a layer is expected here");
		return perr(ps, at, "a layer name is expected, not \"%c\"", ps->s[at]);
	}
	gv->t = PKT_GV_LAYER;
	gv->s = pkt_xmalloc(wl + 1);
	memcpy(gv->s, ps->s + at, wl);
	gv->s[wl] = '\0';
	ps->pos += wl;
	return parse_args(ps, gv);
}

/* layer ( "/" layer )* into gv and gv->next... */
static int
parse_chain(struct parser *ps, struct pkt_gv *gv)
{
	if (++ps->depth > MAX_DEPTH)
		return perr(ps, ps->pos, "nested too deep");
	if (parse_layer(ps, gv) < 0)
		return -1;
	skipws(ps);
	while (ps->s[ps->pos] == '/') {
		ps->pos++;
		gv->next = pkt_xcalloc(1, sizeof(*gv->next));
		gv = gv->next;
		if (parse_layer(ps, gv) < 0)
			return -1;
		skipws(ps);
	}
	ps->depth--;
	return 0;
}

static int
parse_seq(struct parser *ps, struct pkt_gv *gv, char close)
{
	size_t open = ps->pos;

	ps->pos++;
	if (++ps->depth > MAX_DEPTH)
		return perr(ps, open, "nested too deep");
	skipws(ps);
	if (ps->s[ps->pos] == close) {
		ps->pos++;
		ps->depth--;
		return 0;
	}
	for (;;) {
		struct pkt_gv *it = pkt_gv_add(gv);

		it->col = (int)ps->pos + 1;
		if (parse_value(ps, it) < 0)
			return -1;
		skipws(ps);
		if (ps->s[ps->pos] == ',') {
			ps->pos++;
			skipws(ps);
			if (ps->s[ps->pos] == close)	/* trailing comma */
				break;
			continue;
		}
		if (ps->s[ps->pos] == close)
			break;
		if (ps->s[ps->pos] == '\0')
			return perr(ps, open, "unbalanced \"%c\": \"%c\" expected",
			    close == ')' ? '(' : '[', close);
		return perr(ps, ps->pos, "\",\" or \"%c\" expected", close);
	}
	ps->pos++;
	ps->depth--;
	return 0;
}

static int
parse_value(struct parser *ps, struct pkt_gv *gv)
{
	size_t at, wl;
	char c;

	skipws(ps);
	at = ps->pos;
	gv->col = (int)at + 1;
	c = ps->s[at];
	if (at_strexpr(ps->s + at))
		return parse_strexpr(ps, gv);
	if (c == '(') {
		gv->t = PKT_GV_TUPLE;
		if (parse_seq(ps, gv, ')') < 0)
			return -1;
		if (gv->n == 1) {	/* (x) is x, as in Python */
			struct pkt_gv one = gv->v[0];

			free(gv->v);
			*gv = one;
		}
		return 0;
	}
	if (c == '[') {
		gv->t = PKT_GV_LIST;
		return parse_seq(ps, gv, ']');
	}
	wl = wordlen(ps->s + at);
	if (wl == 0) {
		if (c == '\0')
			return perr(ps, at, "a value is expected here");
		return perr(ps, at, "unexpected \"%c\"", c);
	}
	if (isalpha((unsigned char)c)) {
		size_t after = at + wl, k;
		bool plain = true;

		for (k = 0; k < wl; k++)
			if (!isname((unsigned char)ps->s[at + k]))
				plain = false;
		while (ps->s[after] == ' ')
			after++;
		if (plain && ps->s[after] == '(' && strncmp(ps->s + at, "Rand", 4) == 0) {
			static const struct { const char *name; int bits; } rnd[] = {
				{ "RandByte", 8 }, { "RandShort", 16 }, { "RandInt", 32 },
				{ "RandLong", 64 }, { "RandSInt", 32 },
			};
			size_t r;

			for (r = 0; r < sizeof(rnd) / sizeof(rnd[0]); r++)
				if (strlen(rnd[r].name) == wl &&
				    strncmp(ps->s + at, rnd[r].name, wl) == 0)
					break;
			if (r == sizeof(rnd) / sizeof(rnd[0]))
				return perr(ps, at, "unknown random value (RandByte, "
				    "RandShort, RandInt, RandLong)");
			ps->pos = after + 1;
			skipws(ps);
			if (ps->s[ps->pos] != ')')
				return perr(ps, ps->pos, "\")\" expected: %.*s() takes "
				    "no argument", (int)wl, ps->s + at);
			ps->pos++;
			gv->t = PKT_GV_NUM;
			gv->rand = rnd[r].bits;
			return 0;
		}
		if (plain && ps->s[after] == '(')
			return parse_chain(ps, gv);
		if (plain && wl == 4 && strncmp(ps->s + at, "None", 4) == 0) {
			ps->pos += 4;
			gv->t = PKT_GV_NONE;
			return 0;
		}
	}
	gv->t = PKT_GV_WORD;
	gv->s = pkt_xmalloc(wl + 1);
	memcpy(gv->s, ps->s + at, wl);
	gv->s[wl] = '\0';
	gv->len = wl;
	ps->pos += wl;
	if (isdigit((unsigned char)c) && strspn(gv->s, "0123456789") == wl) {
		errno = 0;
		gv->num = strtoull(gv->s, NULL, 10);
		if (errno != 0)
			return perr(ps, at, "number too large");
		gv->t = PKT_GV_NUM;
	} else if (c == '0' && (gv->s[1] == 'x' || gv->s[1] == 'X') && wl > 2 &&
	    strspn(gv->s + 2, "0123456789abcdefABCDEF") == wl - 2) {
		if (wl - 2 > 16)
			return perr(ps, at, "number too large");
		gv->num = strtoull(gv->s + 2, NULL, 16);
		gv->t = PKT_GV_NUM;
	} else if (strcmp(gv->s, "True") == 0) {
		gv->t = PKT_GV_NUM;
		gv->num = 1;
	} else if (strcmp(gv->s, "False") == 0) {
		gv->t = PKT_GV_NUM;
		gv->num = 0;
	}
	if (gv->t == PKT_GV_NUM) {
		free(gv->s);
		gv->s = NULL;
		gv->len = 0;
	}
	return 0;
}

/* ---- fan-out ------------------------------------------------------------ */

static bool
is_addr(const struct pkt_field *f)
{
	return f->type == PKT_F_IPV4 || f->type == PKT_F_IPV6;
}

/* "10.0.0.0/30": the network (masked) and the number of addresses. */
static int
prefix(const struct pkt_field *f, const char *s, uint8_t *net, uint64_t *count)
{
	char buf[128];
	const char *slash = strchr(s, '/');
	size_t alen = f->type == PKT_F_IPV4 ? 4 : 16, i;
	uint64_t plen;
	char *end;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(buf))
		return -1;
	memcpy(buf, s, (size_t)(slash - s));
	buf[slash - s] = '\0';
	if (inet_pton(alen == 4 ? AF_INET : AF_INET6, buf, net) != 1)
		return -1;
	errno = 0;
	plen = strtoull(slash + 1, &end, 10);
	if (errno || *end != '\0' || plen > alen * 8 || !isdigit((unsigned char)slash[1]))
		return -1;
	for (i = 0; i < alen; i++) {
		uint64_t bits = plen > i * 8 ? plen - i * 8 : 0;

		if (bits < 8)
			net[i] &= (uint8_t)(0xff00u >> bits);
	}
	*count = alen * 8 - plen >= 64 ? UINT64_MAX : UINT64_C(1) << (alen * 8 - plen);
	return 0;
}

static uint64_t
sat_add(uint64_t a, uint64_t b)
{
	return a + b < a ? UINT64_MAX : a + b;
}

static uint64_t
sat_mul(uint64_t a, uint64_t b)
{
	if (a != 0 && b > UINT64_MAX / a)
		return UINT64_MAX;
	return a * b;
}

/* Does a list on this field fan out (not: flags, options, address lists,
 * Scapy's PacketListFields)? */
static bool
takes_list(const struct pkt_field *f)
{
	return f->type != PKT_F_FLAGS && f->type != PKT_F_OPTS &&
	    !(f->fl & (PKT_FF_ADDRLIST | PKT_FF_ISLIST));
}

static uint64_t alternatives(const struct pkt_field *, const struct pkt_gv *);

/* Field fi when it is one of several of one name (DNS rdata by type):
 * the one that the layer's other numbers and words make present, as
 * Scapy's MultipleTypeField resolves it before iterating, so that a list
 * fans out or not as that field says (a TXT record's strings are one
 * value, A addresses fan out). */
static int
variant(const struct pkt_layer *l, int fi, const struct pkt_gv *lg)
{
	struct pkt_li tmp;
	char eb[PKT_ERRBUF];
	size_t i, k;
	int got = fi;

	if (fi < 0 || lg == NULL)
		return fi;
	for (k = (size_t)fi + 1; k < l->nf; k++)
		if (strcmp(l->f[k].name, l->f[fi].name) == 0)
			break;
	if (k == l->nf)
		return fi;	/* one field of that name */
	pkt_li_init(&tmp, l);
	for (i = 0; i < lg->n; i++) {
		const struct pkt_gv *v = &lg->v[i];
		int fj = lg->keys && lg->keys[i] ? pkt_layer_field(l, lg->keys[i]) :
		    (i < l->nf ? (int)i : -1);

		if (fj >= 0 && fj != fi && (l->f[fj].type == PKT_F_UINT ||
		    l->f[fj].type == PKT_F_FLAGS) && (v->t == PKT_GV_NUM ||
		    v->t == PKT_GV_WORD || v->t == PKT_GV_STR))
			(void)pkt_val_set(&tmp, (size_t)fj, v, eb);
	}
	for (k = (size_t)fi; k < l->nf; k++)
		if (strcmp(l->f[k].name, l->f[fi].name) == 0 &&
		    pkt_li_present(&tmp, k)) {
			got = (int)k;
			break;
		}
	pkt_li_clear(&tmp);
	return got;
}

/* A nested packet (DNS qd=DNSQR(qtype=["A","AAAA"])) fans out too: the
 * product of its fields' alternatives, over every layer of its chain. */
static uint64_t
layer_alts(const struct pkt_gv *gv)
{
	uint64_t n = 1;
	size_t i;

	for (; gv != NULL && gv->t == PKT_GV_LAYER; gv = gv->next) {
		const struct pkt_layer *l = pkt_layer_find(gv->s, NULL);

		for (i = 0; l != NULL && i < gv->n; i++) {
			int fi = variant(l, gv->keys && gv->keys[i] ?
			    pkt_layer_field(l, gv->keys[i]) :
			    (i < l->nf ? (int)i : -1), gv);

			if (fi >= 0)
				n = sat_mul(n, alternatives(&l->f[fi], &gv->v[i]));
		}
	}
	return n;
}

static void
gv_copy(struct pkt_gv *d, const struct pkt_gv *s)
{
	size_t i;

	*d = *s;
	d->s = NULL;
	d->v = NULL;
	d->keys = NULL;
	d->next = NULL;
	if (s->s != NULL) {
		d->s = pkt_xmalloc(s->len + 1 > strlen(s->s) + 1 ? s->len + 1 :
		    strlen(s->s) + 1);
		memcpy(d->s, s->s, (s->len > strlen(s->s) ? s->len : strlen(s->s)) + 1);
	}
	if (s->n) {
		d->v = pkt_xcalloc(s->n, sizeof(*d->v));
		for (i = 0; i < s->n; i++)
			gv_copy(&d->v[i], &s->v[i]);
	}
	if (s->keys != NULL) {
		d->keys = pkt_xcalloc(s->n ? s->n : 1, sizeof(*d->keys));
		for (i = 0; i < s->n; i++)
			d->keys[i] = s->keys[i] ? pkt_xstrdup(s->keys[i]) : NULL;
	}
	if (s->next != NULL) {
		d->next = pkt_xcalloc(1, sizeof(*d->next));
		gv_copy(d->next, s->next);
	}
}

static const struct pkt_gv *pick(const struct pkt_field *, const struct pkt_gv *,
    uint64_t, struct pkt_gv *, char *);

/* The k-th expansion of a nested packet chain, as a new gv: in each
 * layer the first field turns fastest, and the last layer before the
 * first, as at the top level. */
static void
layer_pick(struct pkt_gv *out, const struct pkt_gv *gv, uint64_t k)
{
	struct pkt_gv *d;
	const struct pkt_gv *s;
	size_t depth = 0, i;

	gv_copy(out, gv);
	for (s = gv; s != NULL; s = s->next)
		depth++;
	while (depth-- > 0) {	/* last layer first: it turns fastest */
		size_t at = 0;

		for (s = gv, d = out; at < depth; s = s->next, d = d->next)
			at++;
		{
			const struct pkt_layer *l = pkt_layer_find(s->s, NULL);
			size_t want;

			/* In table order, whatever order they were written in. */
			for (want = 0; l != NULL && want < l->nf; want++)
			for (i = 0; i < s->n; i++) {
				int fi = variant(l, s->keys && s->keys[i] ?
				    pkt_layer_field(l, s->keys[i]) :
				    (i < l->nf ? (int)i : -1), s);
				uint64_t c;
				struct pkt_gv tmp;
				char abuf[64];
				const struct pkt_gv *one;

				if (fi < 0 || (size_t)fi != want)
					continue;
				c = alternatives(&l->f[fi], &s->v[i]);
				if (c <= 1)
					continue;
				one = pick(&l->f[fi], &s->v[i], k % c, &tmp, abuf);
				k /= c;
				pkt_gv_free(&d->v[i]);
				gv_copy(&d->v[i], one);
			}
		}
	}
}

/* How many values a gv gives for this field (1: a plain value). */
static uint64_t
alternatives(const struct pkt_field *f, const struct pkt_gv *gv)
{
	uint64_t n = 0, c;
	uint8_t net[16];
	size_t i;

	if (f->fl & PKT_FF_ISLIST)
		return 1;	/* as Scapy: the packets in it are not iterated */
	if (f->type == PKT_F_PKTS && gv->t == PKT_GV_LAYER)
		return layer_alts(gv);
	if (gv->t == PKT_GV_TUPLE && gv->n == 2 && gv->v[0].t == PKT_GV_NUM &&
	    gv->v[1].t == PKT_GV_NUM && (f->type == PKT_F_UINT ||
	    f->type == PKT_F_FLAGS)) {
		if (gv->v[1].num < gv->v[0].num)
			return 0;	/* (3,1): nothing, as Scapy */
		return sat_add(gv->v[1].num - gv->v[0].num, 1);
	}
	if ((gv->t == PKT_GV_STR || gv->t == PKT_GV_WORD) && is_addr(f) &&
	    strchr(gv->s, '/') != NULL && prefix(f, gv->s, net, &c) == 0)
		return c;
	if (gv->t == PKT_GV_LIST && takes_list(f)) {
		for (i = 0; i < gv->n; i++)
			n = sat_add(n, alternatives(f, &gv->v[i]));
		return n;
	}
	return 1;
}

/* The k-th value of gv into out (a NUM, WORD or the element itself). */
static const struct pkt_gv *
pick(const struct pkt_field *f, const struct pkt_gv *gv, uint64_t k,
    struct pkt_gv *tmp, char *abuf)
{
	uint64_t c;
	uint8_t net[16];
	size_t i;

	if (gv->t == PKT_GV_TUPLE && gv->n == 2 && gv->v[0].t == PKT_GV_NUM &&
	    gv->v[1].t == PKT_GV_NUM && (f->type == PKT_F_UINT ||
	    f->type == PKT_F_FLAGS)) {
		memset(tmp, 0, sizeof(*tmp));
		tmp->t = PKT_GV_NUM;
		tmp->num = gv->v[0].num + k;
		return tmp;
	}
	if ((gv->t == PKT_GV_STR || gv->t == PKT_GV_WORD) && is_addr(f) &&
	    strchr(gv->s, '/') != NULL && prefix(f, gv->s, net, &c) == 0) {
		size_t alen = f->type == PKT_F_IPV4 ? 4 : 16;

		for (i = alen; i-- > 0 && k;) {	/* net + k */
			uint64_t s = net[i] + (k & 0xff);

			net[i] = (uint8_t)s;
			k = (k >> 8) + (s >> 8);
		}
		inet_ntop(alen == 4 ? AF_INET : AF_INET6, net, abuf, 64);
		memset(tmp, 0, sizeof(*tmp));
		tmp->t = PKT_GV_WORD;
		tmp->s = abuf;
		tmp->len = strlen(abuf);
		return tmp;
	}
	if (gv->t == PKT_GV_LIST && takes_list(f)) {
		for (i = 0; i < gv->n; i++) {
			c = alternatives(f, &gv->v[i]);
			if (k < c)
				return pick(f, &gv->v[i], k, tmp, abuf);
			k -= c;
		}
	}
	return gv;
}

/* Random values (RandShort()...): xorshift64*, seeded by --seed for a
 * repeatable run, else by the clock. */
static uint64_t rng_state;

void
pkt_spec_seed(uint64_t seed)
{
	rng_state = seed * UINT64_C(0x9e3779b97f4a7c15) + 1;
}

static uint64_t
rng_next(void)
{
	if (rng_state == 0)
		pkt_spec_seed((uint64_t)(pkt_walltime() * 1e9) ^ (uint64_t)getpid());
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return rng_state * UINT64_C(0x2545f4914f6cdd1d);
}

uint64_t
pkt_spec_random(void)
{
	return rng_next();
}

/* Set field fi from its k-th alternative. */
static int
set_alt(struct pkt_li *li, size_t fi, const struct pkt_gv *gv, uint64_t k,
    char *errbuf)
{
	struct pkt_gv tmp, rnd;
	char abuf[64];
	const struct pkt_gv *one;

	if (gv->rand) {
		uint64_t max = pkt_field_max(&li->l->f[fi]);

		rnd = *gv;
		rnd.rand = 0;
		rnd.num = rng_next();
		if (gv->rand < 64)
			rnd.num &= (UINT64_C(1) << gv->rand) - 1;
		if (rnd.num > max)
			rnd.num &= max;
		gv = &rnd;
	}
	one = pick(&li->l->f[fi], gv, k, &tmp, abuf);
	if (li->l->f[fi].type == PKT_F_PKTS && !(li->l->f[fi].fl & PKT_FF_ISLIST) &&
	    one->t == PKT_GV_LAYER) {
		/* pick() found the element; expand what is inside it. */
		uint64_t c = layer_alts(one), inner = k;
		struct pkt_gv ex;
		int rc;
		size_t e;

		if (gv->t == PKT_GV_LIST)	/* k within the chosen element */
			for (e = 0; e < gv->n && &gv->v[e] != one; e++)
				inner -= alternatives(&li->l->f[fi], &gv->v[e]);
		if (c > 1) {
			layer_pick(&ex, one, inner % c);
			rc = pkt_val_set_named(li, fi, &ex, errbuf);
			pkt_gv_free(&ex);
			return rc;
		}
	}
	return pkt_val_set_named(li, fi, one, errbuf);
}

/* ---- the spec ----------------------------------------------------------- */

void
pkt_spec_free(struct pkt_spec *sp)
{
	size_t i;

	if (sp == NULL)
		return;
	for (i = 0; i < sp->n; i++) {
		pkt_gv_free(&sp->ly[i].gv);
		free(sp->ly[i].fidx);
	}
	free(sp->ly);
	free(sp->dg);
	free(sp);
}

static int
spec_err(const struct pkt_spec *sp, int col, char *errbuf, const char *msg)
{
	return pkt_fail(errbuf, "spec:%d:%d: %s", sp->argn, col, msg);
}

/* Check one layer's values and record its digits. */
static int
check_layer(struct pkt_spec *sp, size_t li_idx, char *errbuf)
{
	struct slayer *sl = &sp->ly[li_idx];
	struct pkt_li scratch;
	char eb[PKT_ERRBUF];
	size_t i;

	pkt_li_init(&scratch, sl->l);
	sl->fidx = pkt_xcalloc(sl->gv.n ? sl->gv.n : 1, sizeof(int));
	for (i = 0; i < sl->gv.n; i++) {
		const struct pkt_gv *v = &sl->gv.v[i];
		uint64_t n, k;
		int fi;

		if (sl->gv.keys[i] == NULL) {
			if (i >= sl->l->nf) {
				snprintf(eb, sizeof(eb), "%s takes at most %zu values",
				    sl->l->name, sl->l->nf);
				goto fail;
			}
			fi = (int)i;
		} else if ((fi = pkt_val_field(sl->l, sl->gv.keys[i], eb)) < 0) {
			pkt_li_clear(&scratch);
			return spec_err(sp, v->kcol ? v->kcol : v->col, errbuf, eb);
		}
		fi = variant(sl->l, fi, &sl->gv);
		sl->fidx[i] = fi;
		{
			size_t j;

			for (j = 0; j < i; j++)
				if (sl->fidx[j] == fi) {
					snprintf(eb, sizeof(eb), "%s.%s is given twice",
					    sl->l->name, sl->l->f[fi].name);
					pkt_li_clear(&scratch);
					return spec_err(sp, v->kcol ? v->kcol : v->col,
					    errbuf, eb);
				}
		}
		n = alternatives(&sl->l->f[fi], v);
		/* Check the first and last alternative against the field. */
		for (k = 0; k < 2 && n > 0; k++) {
			uint64_t at = k ? n - 1 : 0;

			if (set_alt(&scratch, (size_t)fi, v, at, eb) < 0)
				goto fail;
		}
		if (n != 1) {
			struct digit *d;

			sp->dg = pkt_xreallocarray(sp->dg, sp->ndg + 1, sizeof(*sp->dg));
			d = &sp->dg[sp->ndg++];
			d->layer = li_idx;
			d->field = (size_t)fi;
			d->gv = v;
			d->count = n;
			d->cur = 0;
			if (n == 0)
				sp->done = true;
		}
		continue;
fail:
		pkt_li_clear(&scratch);
		return spec_err(sp, v->col ? v->col : sl->gv.col, errbuf, eb);
	}
	pkt_li_clear(&scratch);
	return 0;
}

static int
digit_cmp(const void *a, const void *b)
{
	const struct digit *x = a, *y = b;

	/* Fastest first: later layers, then earlier fields. */
	if (x->layer != y->layer)
		return x->layer > y->layer ? -1 : 1;
	if (x->field != y->field)
		return x->field < y->field ? -1 : 1;
	return 0;
}

struct pkt_spec *
pkt_spec_parse(const char *text, int argn, char *errbuf)
{
	struct parser ps = { text, 0, argn, 0, errbuf };
	struct pkt_spec *sp = pkt_xcalloc(1, sizeof(*sp));
	struct pkt_gv chain, *g, *nx;
	size_t i;

	sp->argn = argn;
	sp->upto = SIZE_MAX;
	memset(&chain, 0, sizeof(chain));
	skipws(&ps);
	if (text[ps.pos] == '\0') {
		perr(&ps, ps.pos, "empty spec: a packet such as 'IP(dst=\"127.0.0.1\")/ICMP()' is expected");
		goto fail;
	}
	if (parse_chain(&ps, &chain) < 0)
		goto fail;
	skipws(&ps);
	if (text[ps.pos] != '\0') {
		if (text[ps.pos] == ')')
			perr(&ps, ps.pos, "unbalanced \")\"");
		else
			perr(&ps, ps.pos, "\"/\" or the end of the spec expected, not \"%c\"",
			    text[ps.pos]);
		goto fail;
	}
	for (g = &chain; g != NULL; g = g->next) {
		struct slayer *sl;
		char eb[PKT_ERRBUF];
		const struct pkt_layer *l;
		bool quoted;

		if ((l = pkt_val_findlayer(g->s, &quoted, eb)) == NULL) {
			spec_err(sp, g->col, errbuf, eb);
			goto fail;
		}
		if (sp->n >= PKT_MAX_LAYERS) {
			spec_err(sp, g->col, errbuf, "too many layers");
			goto fail;
		}
		sp->ly = pkt_xreallocarray(sp->ly, sp->n + 1, sizeof(*sp->ly));
		sl = &sp->ly[sp->n++];
		memset(sl, 0, sizeof(*sl));
		sl->l = l;
		sl->quoted = quoted;
		sl->gv = *g;
		sl->gv.next = NULL;
		nx = g->next;
		memset(g, 0, sizeof(*g));	/* moved: the chain keeps only links */
		g->next = nx;
	}
	/* Free the chain's list cells (contents now owned by sp->ly). */
	for (g = chain.next; g != NULL; g = nx) {
		nx = g->next;
		free(g);
	}
	memset(&chain, 0, sizeof(chain));
	for (i = 0; i < sp->n; i++) {
		if (sp->ly[i].gv.keys == NULL)
			sp->ly[i].gv.keys = pkt_xcalloc(1, sizeof(char *));
		if (check_layer(sp, i, errbuf) < 0)
			goto fail;
	}
	if (sp->ndg > 1)
		qsort(sp->dg, sp->ndg, sizeof(*sp->dg), digit_cmp);
	return sp;
fail:
	pkt_gv_free(&chain);
	pkt_spec_free(sp);
	return NULL;
}

/* Is there a binding that builds "up" right after "lo" (IP.proto=17 for
 * UDP)? */
static const struct pkt_bind *
build_bind(const struct pkt_layer *lo, const struct pkt_layer *up)
{
	const struct pkt_bind *b;

	for (b = pkt_binds; b->lower != NULL; b++)
		if (b->lower == lo && (up == NULL || b->upper == up) &&
		    (b->how & PKT_BIND_BUILD))
			return b;
	return NULL;
}

/* Is "NAME()" in the list "A() or B()"? */
static bool
listed(const char *list, const char *name)
{
	size_t n = strlen(name);
	const char *p;

	for (p = list; (p = strstr(p, name)) != NULL; p += n)
		if ((p == list || p[-1] == ' ') && p[n] == '(')
			return true;
	return false;
}

/* Are a and b alternatives at one level, as IP and IPv6 are: both bound
 * by a link layer's type field (Ether.type)? */
static bool
siblings(const struct pkt_layer *a, const struct pkt_layer *b)
{
	const struct pkt_bind *x, *y;

	for (x = pkt_binds; x->lower != NULL; x++)
		for (y = pkt_binds; x->upper == a && y->lower != NULL; y++)
			if (y->upper == b && y->lower == x->lower &&
			    strcmp(x->field, "type") == 0 &&
			    strcmp(y->field, "type") == 0)
				return true;
	return false;
}

int
pkt_spec_check_stack(const struct pkt_spec *sp, char *errbuf)
{
	size_t i, j, k, n;

	for (i = 0; i + 1 < sp->n; i++) {
		const struct slayer *lo = &sp->ly[i], *up = &sp->ly[i + 1];
		const struct pkt_bind *sel = build_bind(lo->l, NULL), *b;
		char via[128] = "", ex[160], msg[PKT_ERRBUF];
		int f;

		/* Only a protocol or type field, which a layer that is not
		 * bound under it leaves at 0 (IP()/DNS(): IP.proto 0). */
		if (lo->quoted || up->quoted || sel == NULL ||
		    up->l == &pkt_layer_raw || up->l == &pkt_layer_padding ||
		    build_bind(lo->l, up->l) != NULL ||
		    (strcmp(sel->field, "proto") != 0 && strcmp(sel->field, "nh") != 0 &&
		    strcmp(sel->field, "type") != 0))
			continue;
		f = pkt_layer_field(lo->l, sel->field);
		for (j = 0; j < lo->gv.n; j++)
			if (lo->fidx[j] == f && lo->gv.v[j].t != PKT_GV_NONE)
				break;
		if (j < lo->gv.n)
			continue;	/* the user chose the protocol number */
		/* The layers that carry it and can follow lo, else any that
		 * carry it. */
		for (k = 0, n = 0; k < 2 && n == 0; k++)
			for (b = pkt_binds; b->lower != NULL; b++) {
				size_t len = strlen(via);

				if (b->upper != up->l || !(b->how & PKT_BIND_BUILD) ||
				    (k == 0 && build_bind(lo->l, b->lower) == NULL) ||
				    listed(via, b->lower->name))
					continue;
				snprintf(via + len, sizeof(via) - len, "%s%s()",
				    n++ ? " or " : "", b->lower->name);
			}
		if (n == 0)
			continue;	/* bound under nothing: a payload anywhere */
		/* ex: the first carrier's name, without "()" */
		snprintf(ex, sizeof(ex), "%.*s", (int)strcspn(via, "("), via);
		if (k == 1 && strcmp(sel->field, "type") != 0 &&
		    pkt_layer_find(ex, NULL) != NULL &&
		    siblings(lo->l, pkt_layer_find(ex, NULL))) {
			/* IP()/ICMPv6EchoRequest(): the other network layer */
			snprintf(msg, sizeof(msg), "%s sits directly on %s, where "
			    "nothing sets %s.%s for it: it goes over %s, as %s()/%s() "
			    "(write %s() in place of %s())", up->l->name,
			    lo->l->name, lo->l->name, sel->field, via, ex,
			    up->l->name, ex, lo->l->name);
		} else if (k == 1) {	/* found among the layers lo carries */
			snprintf(ex, sizeof(ex), "%s()/%.*s/%s()", lo->l->name,
			    (int)strcspn(via, " "), via, up->l->name);
			snprintf(msg, sizeof(msg), "%s sits directly on %s, where "
			    "nothing sets %s.%s for it: put %s under it, as %s",
			    up->l->name, lo->l->name, lo->l->name, sel->field,
			    via, ex);
		} else
			snprintf(msg, sizeof(msg), "%s sits directly on %s, where "
			    "nothing sets %s.%s for it: it is carried by %s",
			    up->l->name, lo->l->name, lo->l->name, sel->field, via);
		return spec_err(sp, up->gv.col, errbuf, msg);
	}
	return 0;
}

static bool
gv_volatile(const struct pkt_gv *gv)
{
	size_t i;

	if (gv->rand)
		return true;
	for (i = 0; i < gv->n; i++)
		if (gv_volatile(&gv->v[i]))
			return true;
	return gv->next != NULL && gv_volatile(gv->next);
}

const struct pkt_layer *
pkt_spec_first(const struct pkt_spec *sp)
{
	return sp->n > 0 ? sp->ly[0].l : NULL;
}

bool
pkt_spec_volatile(const struct pkt_spec *sp)
{
	size_t i;

	for (i = 0; i < sp->n; i++)
		if (gv_volatile(&sp->ly[i].gv))
			return true;
	return false;
}

uint64_t
pkt_spec_count(const struct pkt_spec *sp)
{
	uint64_t n = 1;
	size_t i;

	for (i = 0; i < sp->ndg; i++)
		n = sat_mul(n, sp->dg[i].count);
	return n;
}

void
pkt_spec_rewind(struct pkt_spec *sp)
{
	size_t i;

	sp->started = false;
	sp->done = false;
	for (i = 0; i < sp->ndg; i++) {
		sp->dg[i].cur = 0;
		if (sp->dg[i].count == 0)
			sp->done = true;
	}
}

int
pkt_spec_next(struct pkt_spec *sp, struct pkt_pkt **out, char *errbuf)
{
	struct pkt_pkt *p;
	size_t i, j;

	*out = NULL;
	if (sp->done)
		return 0;
	if (sp->started) {	/* turn the odometer */
		for (i = 0; i < sp->ndg; i++) {
			if (sp->dg[i].layer > sp->upto)
				continue;	/* pkt_spec_paths: held */
			if (++sp->dg[i].cur < sp->dg[i].count)
				break;
			sp->dg[i].cur = 0;
		}
		if (i == sp->ndg) {
			sp->done = true;
			return 0;
		}
	}
	sp->started = true;
	p = pkt_new();
	for (i = 0; i < sp->n; i++) {
		const struct slayer *sl = &sp->ly[i];
		struct pkt_li *li = pkt_push(p, sl->l);

		li->quoted = sl->quoted;
		for (j = 0; j < sl->gv.n; j++) {
			uint64_t k = 0;
			size_t d;

			for (d = 0; d < sp->ndg; d++)
				if (sp->dg[d].layer == i &&
				    sp->dg[d].field == (size_t)sl->fidx[j])
					k = sp->dg[d].cur;
			if (set_alt(li, (size_t)sl->fidx[j], &sl->gv.v[j], k,
			    errbuf) < 0) {
				pkt_free(p);
				return -1;
			}
		}
	}
	for (i = 0; i < sp->ndg && sp->dg[i].layer > sp->upto; i++)
		;
	if (i == sp->ndg)	/* nothing turns: one packet */
		sp->done = true;
	*out = p;
	return 1;
}

uint64_t
pkt_spec_rng_mark(void)
{
	if (rng_state == 0)
		(void)rng_next();	/* seeded now, not after */
	return rng_state;
}

void
pkt_spec_rng_back(uint64_t mark)
{
	rng_state = mark;
}

void
pkt_spec_paths(struct pkt_spec *sp, bool on)
{
	size_t i;

	if (on == (sp->upto != SIZE_MAX))
		return;
	if (on) {
		sp->rng_saved = pkt_spec_rng_mark();
		for (i = 0; i < sp->n; i++)	/* the first network layer */
			if (sp->ly[i].l->role == PKT_ROLE_NETWORK)
				break;
		sp->upto = i < sp->n ? i : sp->n;
	} else {
		rng_state = sp->rng_saved;
		sp->upto = SIZE_MAX;
	}
	pkt_spec_rewind(sp);
}
