/* value.c: generic values (spec, JSON) into field values, checked against
 * the field: out-of-range numbers, unknown enum words and flag letters,
 * malformed addresses and unknown option names are errors, not masked. */
#include "value.h"

#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "err.h"
#include "pkt.h"
#include "util.h"

void
pkt_gv_free(struct pkt_gv *gv)
{
	size_t i;

	if (gv == NULL)
		return;
	for (i = 0; i < gv->n; i++) {
		pkt_gv_free(&gv->v[i]);
		if (gv->keys != NULL)
			free(gv->keys[i]);
	}
	free(gv->v);
	free(gv->keys);
	free(gv->s);
	if (gv->next != NULL) {
		pkt_gv_free(gv->next);
		free(gv->next);
	}
	memset(gv, 0, sizeof(*gv));
}

struct pkt_gv *
pkt_gv_add(struct pkt_gv *list)
{
	struct pkt_gv *it;

	list->v = pkt_xreallocarray(list->v, list->n + 1, sizeof(*list->v));
	if (list->t == PKT_GV_LAYER) {
		list->keys = pkt_xreallocarray(list->keys, list->n + 1,
		    sizeof(*list->keys));
		list->keys[list->n] = NULL;
	}
	it = &list->v[list->n++];
	memset(it, 0, sizeof(*it));
	return it;
}

static const char *
gvkind(const struct pkt_gv *gv)
{
	static const char *const k[] = { "None", "a number", "a string",
	    "a word", "a tuple", "a list", "a layer" };

	return k[gv->t];
}

static int
bad(char *errbuf, const struct pkt_li *li, size_t fi, const char *what)
{
	return pkt_fail(errbuf, "%s.%s: %s", li->l->name, li->l->f[fi].name, what);
}

/* A number written as text: decimal or 0x hex, whole string. */
static bool
textnum(const char *s, uint64_t *out)
{
	char *end;

	if (s[0] < '0' || s[0] > '9')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 0);
	return errno == 0 && *end == '\0';
}

/* The enum word nearest a misspelt one ("echo_request": "echo-request"),
 * or NULL. */
static const char *
suggest_name(const struct pkt_name *names, const char *word)
{
	const char **cands;
	const char *sug;
	size_t n = 0;

	if (names == NULL)
		return NULL;
	while (names[n].name != NULL)
		n++;
	cands = pkt_xcalloc(n ? n : 1, sizeof(*cands));
	for (n = 0; names[n].name != NULL; n++)
		cands[n] = names[n].name;
	sug = pkt_suggest(word, cands, n);
	free(cands);
	return sug;
}

static int
set_uint(struct pkt_li *li, size_t fi, const struct pkt_gv *gv, char *errbuf)
{
	const struct pkt_field *f = &li->l->f[fi];
	uint64_t u;
	char msg[PKT_ERRBUF];

	const struct pkt_name *names = f->names_of ? f->names_of(li) : f->names;

	if (gv->t == PKT_GV_NUM)
		u = gv->num;
	else if (gv->t == PKT_GV_STR || gv->t == PKT_GV_WORD) {
		if (pkt_name_val(names, gv->s, &u) < 0 && !textnum(gv->s, &u)) {
			const char *sug = suggest_name(names, gv->s);

			if (sug != NULL)
				snprintf(msg, sizeof(msg), "unknown value \"%s\" (did "
				    "you mean \"%s\"?)", gv->s, sug);
			else
				snprintf(msg, sizeof(msg), "unknown value \"%s\"%s", gv->s,
				    names ? "" : " (a number is wanted)");
			return bad(errbuf, li, fi, msg);
		}
	} else {
		snprintf(msg, sizeof(msg), "wants a number, not %s", gvkind(gv));
		return bad(errbuf, li, fi, msg);
	}
	if (u > pkt_field_max(f)) {
		snprintf(msg, sizeof(msg), "%llu out of range 0..%llu",
		    (unsigned long long)u,
		    (unsigned long long)pkt_field_max(f));
		return bad(errbuf, li, fi, msg);
	}
	pkt_li_setu(li, fi, u);
	return 0;
}

static int
set_flags(struct pkt_li *li, size_t fi, const struct pkt_gv *gv, char *errbuf)
{
	const struct pkt_field *f = &li->l->f[fi];
	uint64_t u = 0, one;
	size_t i;
	char msg[PKT_ERRBUF];

	switch (gv->t) {
	case PKT_GV_NUM:
		u = gv->num;
		break;
	case PKT_GV_STR:
	case PKT_GV_WORD:
		if (pkt_parse_flags(f, gv->s, &u) < 0 && !textnum(gv->s, &u)) {
			snprintf(msg, sizeof(msg), "unknown flags \"%s\"", gv->s);
			return bad(errbuf, li, fi, msg);
		}
		break;
	case PKT_GV_LIST:	/* a set of flags: ["S", "A"] */
		for (i = 0; i < gv->n; i++) {
			const struct pkt_gv *e = &gv->v[i];

			if (e->t == PKT_GV_NUM)
				one = e->num;
			else if ((e->t != PKT_GV_STR && e->t != PKT_GV_WORD) ||
			    pkt_parse_flags(f, e->s, &one) < 0) {
				snprintf(msg, sizeof(msg), "unknown flag %s%s%s",
				    e->s ? "\"" : "", e->s ? e->s : gvkind(e),
				    e->s ? "\"" : "");
				return bad(errbuf, li, fi, msg);
			}
			u |= one;
		}
		break;
	default:
		snprintf(msg, sizeof(msg), "wants flags, not %s", gvkind(gv));
		return bad(errbuf, li, fi, msg);
	}
	if (u > pkt_field_max(f)) {
		snprintf(msg, sizeof(msg), "flags 0x%llx out of range",
		    (unsigned long long)u);
		return bad(errbuf, li, fi, msg);
	}
	pkt_li_setu(li, fi, u);
	return 0;
}

/* Set while trying field variants that are not present: no name lookup
 * for them (a DNS name in rdata is not an address to resolve). */
static bool no_resolve, resolve_off;

void
pkt_val_resolve(bool on)
{
	resolve_off = !on;
}

/* An address, or a host name as Scapy accepts ("localhost"). */
static int
set_addr(struct pkt_li *li, size_t fi, const struct pkt_gv *gv, char *errbuf)
{
	const struct pkt_field *f = &li->l->f[fi];
	struct pkt_val *v = &li->v[fi];
	struct addrinfo hints, *res;
	char msg[PKT_ERRBUF];
	int gai = 0;

	if (gv->t != PKT_GV_STR && gv->t != PKT_GV_WORD) {
		snprintf(msg, sizeof(msg), "wants an address, not %s", gvkind(gv));
		return bad(errbuf, li, fi, msg);
	}
	if (strlen(gv->s) != gv->len)
		return bad(errbuf, li, fi, "address with a NUL byte");
	if (pkt_parse_addr(f, gv->s, v->a) == 0) {
		v->set = true;
		return 0;
	}
	if (f->type != PKT_F_MAC && !no_resolve && !resolve_off && strchr(gv->s, '/') == NULL &&
	    gv->s[0] != '\0' && strspn(gv->s, "0123456789.:") != gv->len) {
		memset(&hints, 0, sizeof(hints));
		hints.ai_family = f->type == PKT_F_IPV4 ? AF_INET : AF_INET6;
		if ((gai = getaddrinfo(gv->s, NULL, &hints, &res)) == 0) {
			if (f->type == PKT_F_IPV4)
				memcpy(v->a, &((struct sockaddr_in *)(void *)
				    res->ai_addr)->sin_addr, 4);
			else
				memcpy(v->a, &((struct sockaddr_in6 *)(void *)
				    res->ai_addr)->sin6_addr, 16);
			freeaddrinfo(res);
			v->set = true;
			return 0;
		}
	}
	if (gai != 0)	/* a host name, as Scapy takes: say it was looked up */
		snprintf(msg, sizeof(msg), "\"%s\" is not an %s address, and no %s "
		    "address could be found for it as a host name (%s)", gv->s,
		    f->type == PKT_F_IPV4 ? "IPv4" : "IPv6",
		    f->type == PKT_F_IPV4 ? "IPv4" : "IPv6", gai_strerror(gai));
	else
		snprintf(msg, sizeof(msg), "\"%s\" is not %s", gv->s,
		    f->type == PKT_F_MAC ? "a MAC address (six octets, aa:bb:cc:dd:ee:ff)" :
		    f->type == PKT_F_IPV4 ? "an IPv4 address" : "an IPv6 address");
	return bad(errbuf, li, fi, msg);
}

static int
gv_bytes(const struct pkt_gv *gv, uint8_t **b, size_t *n, char *errbuf)
{
	if (gv->json && gv->t == PKT_GV_STR)
		return pkt_hex_decode(gv->s, b, n, errbuf);
	*b = pkt_xmalloc(gv->len + 1);
	memcpy(*b, gv->s, gv->len);
	(*b)[gv->len] = '\0';
	*n = gv->len;
	return 0;
}

static int
set_bytes(struct pkt_li *li, size_t fi, const struct pkt_gv *gv, char *errbuf)
{
	const struct pkt_field *f = &li->l->f[fi];
	struct pkt_val *v = &li->v[fi];
	char msg[PKT_ERRBUF], eb[PKT_ERRBUF];
	uint8_t *b;
	size_t n;

	if ((f->fl & PKT_FF_ADDRLIST) && gv->t == PKT_GV_LIST) {
		size_t i;

		/* A list of IPv6 addresses (routing header addresses). */
		b = pkt_xcalloc(gv->n ? gv->n : 1, 16);
		for (i = 0; i < gv->n; i++) {
			const struct pkt_gv *e = &gv->v[i];
			struct pkt_field f6 = { .name = f->name, .type = PKT_F_IPV6 };

			if ((e->t != PKT_GV_STR && e->t != PKT_GV_WORD) ||
			    pkt_parse_addr(&f6, e->s, b + 16 * i) < 0) {
				free(b);
				snprintf(msg, sizeof(msg), "item %zu is not an IPv6 address",
				    i + 1);
				return bad(errbuf, li, fi, msg);
			}
		}
		n = 16 * gv->n;
	} else if (gv->t != PKT_GV_STR && gv->t != PKT_GV_WORD) {
		snprintf(msg, sizeof(msg), "wants bytes, not %s", gvkind(gv));
		return bad(errbuf, li, fi, msg);
	} else if (gv_bytes(gv, &b, &n, eb) < 0)
		return bad(errbuf, li, fi, eb);
	if (f->bits && n > f->bits / 8u) {
		free(b);
		snprintf(msg, sizeof(msg), "%zu bytes given, the field holds %u",
		    n, f->bits / 8u);
		return bad(errbuf, li, fi, msg);
	}
	b = pkt_xrealloc(b, n + 1);
	b[n] = '\0';
	free(v->b);
	v->b = b;
	v->blen = n;
	v->set = true;
	return 0;
}

static int
set_name(struct pkt_li *li, size_t fi, const struct pkt_gv *gv, char *errbuf)
{
	struct pkt_val *v = &li->v[fi];
	char msg[PKT_ERRBUF];
	uint8_t *b;
	size_t i, n;

	if (gv->t != PKT_GV_STR && gv->t != PKT_GV_WORD) {
		snprintf(msg, sizeof(msg), "wants a domain name, not %s", gvkind(gv));
		return bad(errbuf, li, fi, msg);
	}
	if (strlen(gv->s) != gv->len || gv->len > 4000)
		return bad(errbuf, li, fi, "not a domain name");
	b = pkt_xmalloc(gv->len + 1);
	if (gv->json) {		/* JSON's escapes: \\ and \xNN */
		if (pkt_parse_name(gv->s, gv->len, b, &n) < 0) {
			free(b);
			return bad(errbuf, li, fi, "a backslash in a name is \\\\ or \\xNN");
		}
	} else {
		memcpy(b, gv->s, gv->len);
		n = gv->len;
	}
	b[n] = '\0';
	if (strlen((char *)b) != n || n > 1000) {
		free(b);
		return bad(errbuf, li, fi, "not a domain name (a NUL byte, or too long)");
	}
	for (i = 0; i < n; i++)
		if (b[i] == '.' && b[i + 1] == '.') {
			free(b);
			return bad(errbuf, li, fi, "empty label in domain name");
		}
	free(v->b);
	v->b = b;
	v->blen = n;
	v->set = true;
	return 0;
}

/* ---- options ---------------------------------------------------------- */

static const struct pkt_optkind *
kind_byname(const struct pkt_optdesc *d, const char *name)
{
	const struct pkt_optkind *k;

	for (k = d->kinds; k->name != NULL; k++)
		if (strcmp(k->name, name) == 0)
			return k;
	return NULL;
}

static const struct pkt_optkind *
kind_bynum(const struct pkt_optdesc *d, uint64_t num)
{
	const struct pkt_optkind *k;

	for (k = d->kinds; k->name != NULL; k++)
		if ((uint64_t)k->kind == num)
			return k;
	return NULL;
}

static void
put32(uint8_t *p, uint64_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

/* One option value, by the kind's format; a string is always raw data.
 * A kind of one byte (EOL, NOP) takes any value and ignores it, as
 * Scapy's TCPOptionsField.i2m: ("NOP",0), ("EOL",""), ("NOP",None). */
static int
opt_data(const struct pkt_optkind *k, const struct pkt_gv *gv, uint8_t **data,
    size_t *len, char *errbuf)
{
	const char *kn = k ? k->name : "option";
	enum pkt_ofmt fmt = k ? k->fmt : PKT_O_HEX;
	size_t i;

	*data = NULL;
	*len = 0;
	if (fmt == PKT_O_NONE)
		return 0;
	if (gv->t == PKT_GV_STR)
		return gv_bytes(gv, data, len, errbuf);
	if (gv->t == PKT_GV_NONE) {
		if (fmt == PKT_O_EMPTY || fmt == PKT_O_HEX)
			return 0;
		return pkt_fail(errbuf, "option %s needs a value", kn);
	}
	switch (fmt) {
	case PKT_O_U8:
	case PKT_O_U16:
	case PKT_O_U32:
		*len = fmt == PKT_O_U8 ? 1 : fmt == PKT_O_U16 ? 2 : 4;
		if (gv->t != PKT_GV_NUM || gv->num >> (*len * 8))
			return pkt_fail(errbuf, "option %s wants a number of %zu bytes",
			    kn, *len);
		*data = pkt_xcalloc(1, 4);
		put32(*data, gv->num << (32 - 8 * *len));
		return 0;
	case PKT_O_U32X2:
	case PKT_O_U32LIST:
		if (gv->t != PKT_GV_TUPLE && gv->t != PKT_GV_LIST)
			return pkt_fail(errbuf, "option %s wants a tuple of numbers", kn);
		if (fmt == PKT_O_U32X2 && gv->n != 2)
			return pkt_fail(errbuf, "option %s wants two numbers", kn);
		if (gv->n > 9)
			return pkt_fail(errbuf, "option %s: too many values", kn);
		*data = pkt_xcalloc(gv->n ? gv->n : 1, 4);
		for (i = 0; i < gv->n; i++) {
			if (gv->v[i].t != PKT_GV_NUM || gv->v[i].num > UINT32_MAX) {
				free(*data);
				*data = NULL;
				return pkt_fail(errbuf, "option %s wants 32-bit numbers", kn);
			}
			put32(*data + 4 * i, gv->v[i].num);
		}
		*len = 4 * gv->n;
		return 0;
	default:
		return pkt_fail(errbuf, "option %s wants bytes, not %s", kn,
		    gvkind(gv));
	}
}

/* DNS TXT rdata given as strings: one string, or a list of strings.  A
 * list of [kind, value] pairs (JSON of a dissected TXT record) is an
 * ordinary option list. */
static bool
txt_strings(const struct pkt_gv *gv)
{
	size_t i;

	if (gv->t == PKT_GV_STR)
		return true;
	if (gv->t != PKT_GV_LIST)
		return false;
	for (i = 0; i < gv->n; i++)
		if (gv->v[i].t != PKT_GV_STR && gv->v[i].t != PKT_GV_WORD)
			return false;
	return true;
}

static int
set_opts(struct pkt_li *li, size_t fi, const struct pkt_gv *gv, char *errbuf)
{
	const struct pkt_field *f = &li->l->f[fi];
	struct pkt_val *v = &li->v[fi];
	char msg[PKT_ERRBUF], eb[PKT_ERRBUF];
	size_t i;

	pkt_val_clear(v);
	if (f->opts == &pkt_dns_txt && txt_strings(gv)) {
		/* DNS TXT: a string is one character-string, a list several. */
		const struct pkt_gv *one = gv;

		v->set = true;
		for (i = 0; i < (gv->t == PKT_GV_LIST ? gv->n : 1); i++) {
			struct pkt_opt *o;

			if (gv->t == PKT_GV_LIST)
				one = &gv->v[i];
			if (one->t != PKT_GV_STR && one->t != PKT_GV_WORD)
				return bad(errbuf, li, fi, "wants strings");
			uint8_t *b;
			size_t n, at = 0;

			if (gv_bytes(one, &b, &n, eb) < 0)
				return bad(errbuf, li, fi, eb);
			do {	/* over 255 bytes: several strings, as Scapy */
				size_t take = n - at > 255 ? 255 : n - at;

				v->opts = pkt_xreallocarray(v->opts, v->nopts + 1,
				    sizeof(*v->opts));
				o = &v->opts[v->nopts++];
				memset(o, 0, sizeof(*o));
				o->len = take;
				o->data = pkt_xmalloc(take ? take : 1);
				memcpy(o->data, b + at, take);
				at += take;
			} while (at < n);
			free(b);
		}
		return 0;
	}
	if (gv->t == PKT_GV_STR) {	/* raw bytes: read them as options */
		struct pkt_dctx dc;
		struct pkt_li tmp;
		uint8_t *b;
		size_t n;
		unsigned bp = 0;

		if (gv_bytes(gv, &b, &n, eb) < 0)
			return bad(errbuf, li, fi, eb);
		memset(&dc, 0, sizeof(dc));
		dc.base = dc.p = b;
		dc.end = b + n;
		pkt_li_init(&tmp, li->l);
		/* The field's len hook looks at ihl/dataofs: read it all. */
		{
			struct pkt_field one = *f;
			struct pkt_layer l1 = *li->l;

			one.len = NULL;
			l1.f = &one;
			l1.nf = 1;
			tmp.l = &l1;
			pkt_dissect_field(&dc, &tmp, 0, &bp);
			tmp.l = li->l;
		}
		*v = tmp.v[0];
		memset(&tmp.v[0], 0, sizeof(tmp.v[0]));
		pkt_li_clear(&tmp);
		free(b);
		v->set = true;
		return 0;
	}
	if (gv->t != PKT_GV_LIST) {
		snprintf(msg, sizeof(msg), "wants a list of (name, value) pairs, not %s",
		    gvkind(gv));
		return bad(errbuf, li, fi, msg);
	}
	v->set = true;
	for (i = 0; i < gv->n; i++) {
		const struct pkt_gv *e = &gv->v[i], *name, *val;
		const struct pkt_optkind *k = NULL;
		struct pkt_opt *o;
		int kind;

		if ((e->t != PKT_GV_TUPLE && e->t != PKT_GV_LIST) || e->n != 2) {
			snprintf(msg, sizeof(msg), "option %zu: wants a (name, value) pair",
			    i + 1);
			return bad(errbuf, li, fi, msg);
		}
		name = &e->v[0];
		val = &e->v[1];
		if (name->t == PKT_GV_NUM && name->num <= 255) {
			kind = (int)name->num;
			k = kind_bynum(f->opts, name->num);
		} else if ((name->t == PKT_GV_STR || name->t == PKT_GV_WORD) &&
		    (k = kind_byname(f->opts, name->s)) != NULL)
			kind = k->kind;
		else if ((name->t == PKT_GV_STR || name->t == PKT_GV_WORD) &&
		    strcmp(name->s, "raw") == 0)
			kind = -1;	/* bytes kept as read (malformed rest) */
		else {
			const char *cands[64];
			size_t nc = 0;
			const struct pkt_optkind *kk;
			const char *sug;

			for (kk = f->opts->kinds; kk->name && nc < 64; kk++)
				cands[nc++] = kk->name;
			sug = name->s ? pkt_suggest(name->s, cands, nc) : NULL;
			snprintf(msg, sizeof(msg), "unknown option %s%s%s%s%s%s",
			    name->s ? "\"" : "", name->s ? name->s : gvkind(name),
			    name->s ? "\"" : "", sug ? " (did you mean \"" : "",
			    sug ? sug : "", sug ? "\"?)" : "");
			return bad(errbuf, li, fi, msg);
		}
		v->opts = pkt_xreallocarray(v->opts, v->nopts + 1, sizeof(*v->opts));
		o = &v->opts[v->nopts];
		memset(o, 0, sizeof(*o));
		o->kind = kind;
		if (opt_data(k, val, &o->data, &o->len, eb) < 0)
			return bad(errbuf, li, fi, eb);
		v->nopts++;
		/* A TLV's length octet counts its kind and itself; a TXT
		 * string's counts the string only, and a longer one is cut
		 * into strings of 255 when built (Scapy's DNSTextField). */
		if (o->len > 253 && kind >= 0 && !f->opts->strings) {
			snprintf(msg, sizeof(msg), "option %zu: value longer than 253 bytes",
			    i + 1);
			return bad(errbuf, li, fi, msg);
		}
	}
	return 0;
}

/* ---- packets in a field (DNS qd) ---------------------------------------- */

static int
set_pkts(struct pkt_li *li, size_t fi, const struct pkt_gv *gv, char *errbuf)
{
	const struct pkt_field *f = &li->l->f[fi];
	struct pkt_val *v = &li->v[fi];
	const struct pkt_gv *e;
	char msg[PKT_ERRBUF];
	size_t i;

	pkt_val_clear(v);
	v->set = true;
	if (gv->t == PKT_GV_LIST) {
		for (i = 0; i < gv->n; i++) {
			if (gv->v[i].t != PKT_GV_LAYER) {
				snprintf(msg, sizeof(msg), "wants %s layers, not %s",
				    f->sub ? f->sub->name : "", gvkind(&gv->v[i]));
				return bad(errbuf, li, fi, msg);
			}
			for (e = &gv->v[i]; e != NULL; e = e->next) {
				v->items = pkt_xreallocarray(v->items, v->nitems + 1,
				    sizeof(*v->items));
				if (pkt_val_layer(&v->items[v->nitems], e, errbuf) < 0)
					return -1;
				v->nitems++;
			}
		}
		return 0;
	}
	if (gv->t != PKT_GV_LAYER) {
		snprintf(msg, sizeof(msg), "wants %s layers, not %s",
		    f->sub ? f->sub->name : "", gvkind(gv));
		return bad(errbuf, li, fi, msg);
	}
	for (e = gv; e != NULL; e = e->next) {
		v->items = pkt_xreallocarray(v->items, v->nitems + 1,
		    sizeof(*v->items));
		if (pkt_val_layer(&v->items[v->nitems], e, errbuf) < 0)
			return -1;
		v->nitems++;
	}
	return 0;
}

int
pkt_val_set(struct pkt_li *li, size_t fi, const struct pkt_gv *gv, char *errbuf)
{
	if (gv->t == PKT_GV_NONE) {
		pkt_val_clear(&li->v[fi]);
		/* qd=None: no packets at all, not the default one */
		if (li->l->f[fi].type == PKT_F_PKTS && !gv->json)
			li->v[fi].set = true;
		return 0;
	}
	switch (li->l->f[fi].type) {
	case PKT_F_UINT:
		return set_uint(li, fi, gv, errbuf);
	case PKT_F_FLAGS:
		return set_flags(li, fi, gv, errbuf);
	case PKT_F_MAC:
	case PKT_F_IPV4:
	case PKT_F_IPV6:
		return set_addr(li, fi, gv, errbuf);
	case PKT_F_BYTES:
		return set_bytes(li, fi, gv, errbuf);
	case PKT_F_NAME:
		return set_name(li, fi, gv, errbuf);
	case PKT_F_OPTS:
		return set_opts(li, fi, gv, errbuf);
	case PKT_F_PKTS:
		return set_pkts(li, fi, gv, errbuf);
	}
	return pkt_fail(errbuf, "field of unknown type");
}

int
pkt_val_field(const struct pkt_layer *l, const char *name, char *errbuf)
{
	const char *cands[128], *sug;
	size_t i, n = 0;
	int fi = pkt_layer_field(l, name);

	if (fi >= 0)
		return fi;
	for (i = 0; i < l->nf && n < 128; i++)
		cands[n++] = l->f[i].name;
	sug = pkt_suggest(name, cands, n);
	if (sug != NULL)
		return pkt_fail(errbuf, "unknown field \"%s\" in %s (did you mean \"%s\"?)",
		    name, l->name, sug);
	return pkt_fail(errbuf, "unknown field \"%s\" in %s", name, l->name);
}

const struct pkt_layer *
pkt_val_findlayer(const char *name, bool *quoted, char *errbuf)
{
	const struct pkt_layer *l = pkt_layer_find(name, quoted);
	const char *cands[256], *sug;
	size_t i, n = 0;

	if (l != NULL)
		return l;
	for (i = 0; pkt_layers[i] != NULL && n < 250; i++) {
		cands[n++] = pkt_layers[i]->name;
		if (pkt_layers[i]->qname != NULL)
			cands[n++] = pkt_layers[i]->qname;
	}
	sug = pkt_suggest(name, cands, n);
	if (sug != NULL)
		pkt_fail(errbuf, "unknown layer \"%s\" (did you mean \"%s\"?)", name, sug);
	else
		pkt_fail(errbuf, "unknown layer \"%s\"", name);
	return NULL;
}

/* Set field fi and every later field of the same name (one name, several
 * encodings chosen by another field: ICMP's 16/32-bit "unused", ARP's
 * address fields, DNS rdata by type).  Each variant that takes the value
 * keeps it; the build uses the one present.  When none takes it, the
 * message is the present variant's. */
int
pkt_val_set_named(struct pkt_li *li, size_t fi, const struct pkt_gv *gv,
    char *errbuf)
{
	char eb[PKT_ERRBUF], first[PKT_ERRBUF] = "";
	bool any = false, said = false;
	size_t k;

	for (k = fi; k < li->l->nf; k++) {
		if (strcmp(li->l->f[k].name, li->l->f[fi].name) != 0)
			continue;
		no_resolve = !pkt_li_present(li, k);
		if (pkt_val_set(li, k, gv, eb) == 0) {
			no_resolve = false;
			any = true;
			continue;
		}
		no_resolve = false;
		if (!said && (pkt_li_present(li, k) || first[0] == '\0')) {
			snprintf(first, sizeof(first), "%s", eb);
			said = pkt_li_present(li, k);
		}
	}
	if (any)
		return 0;
	return pkt_fail(errbuf, "%s", first);
}

int
pkt_val_layer(struct pkt_li *li, const struct pkt_gv *gv, char *errbuf)
{
	const struct pkt_layer *l;
	bool quoted;
	size_t i;
	int fi;

	memset(li, 0, sizeof(*li));
	if ((l = pkt_val_findlayer(gv->s, &quoted, errbuf)) == NULL)
		return -1;
	pkt_li_init(li, l);
	li->quoted = quoted;
	for (i = 0; i < gv->n; i++) {
		if (gv->keys == NULL || gv->keys[i] == NULL)
			fi = i < l->nf ? (int)i : -1;	/* positional */
		else
			fi = pkt_val_field(l, gv->keys[i], errbuf);
		if (fi < 0 && (gv->keys == NULL || gv->keys[i] == NULL))
			pkt_fail(errbuf, "%s takes at most %zu values", l->name, l->nf);
		if (fi < 0 || pkt_val_set_named(li, (size_t)fi, &gv->v[i], errbuf) < 0) {
			pkt_li_clear(li);
			return -1;
		}
	}
	li->trunc = gv->trunc;
	return 0;
}
