/* tracelines.c: a large run's JSON Lines grouped per target in flat
 * memory.  See tracelines.h. */
#include "tracelines.h"

#include <arpa/inet.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "err.h"
#include "io.h"
#include "pkt.h"
#include "stateless.h"
#include "util.h"

/* One line, as kept until its target's path is whole. */
struct tlrec {
	uint8_t		 ttl, kind, fam;	/* fam: 4, 6, 0 (no hop) */
	char		 what[5];
	float		 rtt;		/* < 0: null */
	uint8_t		 a[16];
};

struct open {
	uint8_t		 fam, a[16];
	uint32_t	 n, cap;
	struct tlrec	*r;
};

struct pkt_tl {
	pkt_tl_fn	 fn;
	void		*arg;
	size_t		 max, nopen, peak;
	uint64_t	 head, tail;	/* the oldest open, the next */
	struct open	*ring;		/* max of them, by sequence % max */
	uint32_t	*slot;		/* ring index + 1, 0: empty */
	size_t		 nslot;		/* a power of 2, >= 2 * max */
	uint64_t	 paths, lines;
	struct pkt_tl_hop hop[256];
};

struct pkt_tl *
pkt_tl_new(pkt_tl_fn fn, void *arg, size_t maxopen)
{
	struct pkt_tl *tl = pkt_xcalloc(1, sizeof(*tl));

	tl->fn = fn;
	tl->arg = arg;
	tl->max = maxopen > 0 ? maxopen : 2 * (size_t)PKT_STATELESS_BLOCK;
	tl->ring = pkt_xcalloc(tl->max, sizeof(*tl->ring));
	for (tl->nslot = 16; tl->nslot < 2 * tl->max; tl->nslot *= 2)
		;
	tl->slot = pkt_xcalloc(tl->nslot, sizeof(*tl->slot));
	return tl;
}

static size_t
hash(uint8_t fam, const uint8_t *a)
{
	uint64_t h = 1469598103934665603ULL ^ fam;
	size_t i;

	for (i = 0; i < (fam == 6 ? 16u : 4u); i++)
		h = (h ^ a[i]) * 1099511628211ULL;
	h ^= h >> 33;		/* murmur3's finalizer: every bit in the low ones */
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	return (size_t)h;
}

static bool
same(const struct open *e, uint8_t fam, const uint8_t *a)
{
	return e->fam == fam && memcmp(e->a, a, fam == 6 ? 16 : 4) == 0;
}

/* The slot of (fam, a): where it is, or the empty one where it goes. */
static size_t
slot_of(const struct pkt_tl *tl, uint8_t fam, const uint8_t *a)
{
	size_t m = tl->nslot - 1, i = hash(fam, a) & m;

	while (tl->slot[i] != 0 && !same(&tl->ring[tl->slot[i] - 1], fam, a))
		i = (i + 1) & m;
	return i;
}

/* Linear probing's deletion: the entries after the hole that hash at or
 * before it move back into it. */
static void
slot_del(struct pkt_tl *tl, size_t i)
{
	size_t m = tl->nslot - 1, j = i, k;

	tl->slot[i] = 0;
	for (;;) {
		const struct open *e;

		j = (j + 1) & m;
		if (tl->slot[j] == 0)
			return;
		e = &tl->ring[tl->slot[j] - 1];
		k = hash(e->fam, e->a) & m;
		if ((j > i && (k <= i || k > j)) || (j < i && (k <= i && k > j))) {
			tl->slot[i] = tl->slot[j];
			tl->slot[j] = 0;
			i = j;
		}
	}
}

static void
addr_text(uint8_t fam, const uint8_t *a, char *buf)
{
	inet_ntop(fam == 6 ? AF_INET6 : AF_INET, a, buf, PKT_TRACE_ADDRLEN);
}

/* The oldest open target's path, handed over and let go. */
static int
emit_head(struct pkt_tl *tl)
{
	struct open *e = &tl->ring[tl->head % tl->max];
	struct pkt_tl_path p;
	uint32_t i, j;
	int rc;

	memset(&p, 0, sizeof(p));
	addr_text(e->fam, e->a, p.target);
	p.l4 = -1;
	/* By TTL, the first line of each (insertion sort: stable, and a
	 * path has few lines). */
	for (i = 1; i < e->n; i++) {
		struct tlrec x = e->r[i];

		for (j = i; j > 0 && e->r[j - 1].ttl > x.ttl; j--)
			e->r[j] = e->r[j - 1];
		e->r[j] = x;
	}
	for (i = 0; i < e->n; i++) {
		const struct tlrec *x = &e->r[i];
		struct pkt_tl_hop *h = &tl->hop[p.n];

		if (p.n > 0 && tl->hop[p.n - 1].ttl == x->ttl)
			continue;
		h->ttl = x->ttl;
		h->kind = (enum pkt_trace_kind)x->kind;
		h->hop[0] = '\0';
		if (x->fam != 0)
			addr_text(x->fam, x->a, h->hop);
		snprintf(h->what, sizeof(h->what), "%s", x->what);
		h->rtt = x->rtt < 0 ? -1 : (double)x->rtt;
		p.n++;
		if (h->kind == PKT_TRACE_TIMEOUT || h->kind == PKT_TRACE_TIMEX)
			continue;
		if (p.end == 0)
			p.end = h->ttl;
		if (p.end == h->ttl && x->fam == e->fam &&
		    memcmp(x->a, e->a, e->fam == 6 ? 16 : 4) == 0) {
			p.reached = true;
			if (h->kind == PKT_TRACE_REPLY)
				p.l4 = h->what[0] >= 'A' && h->what[0] <= 'Z' ?
				    PKT_TRACE_TCP : PKT_TRACE_ICMP;
			else if (h->kind == PKT_TRACE_UNREACH && strcmp(h->what, "3") == 0)
				p.l4 = PKT_TRACE_UDP;
		}
	}
	p.h = tl->hop;
	rc = tl->fn(&p, tl->arg);
	slot_del(tl, slot_of(tl, e->fam, e->a));
	free(e->r);
	memset(e, 0, sizeof(*e));
	tl->head++;
	tl->nopen--;
	tl->paths++;
	return rc < 0 ? rc : 0;
}

static int
bad(char *eb, const struct pkt_rec *rec, const char *what)
{
	return pkt_fail(eb, "%s:%llu: a large run's line: %s", rec->file,
	    (unsigned long long)rec->recno, what);
}

int
pkt_tl_add(struct pkt_tl *tl, const struct pkt_rec *rec, char *eb)
{
	json_t *o = rec->json, *jt = json_object_get(o, "ttl");
	json_t *jh = json_object_get(o, "hop"), *jw = json_object_get(o, "what");
	json_t *jr = json_object_get(o, "rtt");
	const char *kind = json_string_value(json_object_get(o, "kind"));
	const char *tg = json_string_value(json_object_get(o, "target"));
	struct tlrec x;
	uint8_t fam, a[16];
	struct open *e;
	size_t s, k;
	int rc;

	memset(&x, 0, sizeof(x));
	if (inet_pton(AF_INET, tg, a) == 1)
		fam = 4;
	else if (inet_pton(AF_INET6, tg, a) == 1)
		fam = 6;
	else
		return bad(eb, rec, "\"target\" wants an IP address");
	if (!json_is_integer(jt) || json_integer_value(jt) < 1 ||
	    json_integer_value(jt) > 255)
		return bad(eb, rec, "\"ttl\" wants a whole number 1..255");
	x.ttl = (uint8_t)json_integer_value(jt);
	for (k = 0; k <= PKT_TRACE_REPLY; k++)
		if (strcmp(kind, pkt_trace_kind_names[k]) == 0)
			break;
	if (k > PKT_TRACE_REPLY)
		return bad(eb, rec, "\"kind\" wants timeout, time-exceeded, "
		    "unreachable or reply");
	x.kind = (uint8_t)k;
	if (json_is_string(jh) && k != PKT_TRACE_TIMEOUT) {
		if (inet_pton(AF_INET, json_string_value(jh), x.a) == 1)
			x.fam = 4;
		else if (inet_pton(AF_INET6, json_string_value(jh), x.a) == 1)
			x.fam = 6;
		else
			return bad(eb, rec, "\"hop\" wants an IP address or null");
	} else if (k != PKT_TRACE_TIMEOUT)
		return bad(eb, rec, "an answer wants its \"hop\"");
	if (jw != NULL && !json_is_null(jw) && k != PKT_TRACE_TIMEOUT) {
		const char *w = json_string_value(jw);

		if (w == NULL || strlen(w) >= sizeof(x.what) ||
		    strspn(w, "0123456789FSRPAUEC") != strlen(w))
			return bad(eb, rec, "\"what\" wants an ICMP type or TCP "
			    "flags");
		memcpy(x.what, w, strlen(w) + 1);
	}
	x.rtt = -1;
	if (json_is_number(jr) && isfinite(json_number_value(jr)) &&
	    json_number_value(jr) >= 0)
		x.rtt = (float)json_number_value(jr);
	tl->lines++;

	s = slot_of(tl, fam, a);
	if (tl->slot[s] == 0) {
		if (tl->nopen == tl->max) {
			if ((rc = emit_head(tl)) < 0)
				return rc;
			s = slot_of(tl, fam, a);
		}
		e = &tl->ring[tl->tail % tl->max];
		e->fam = fam;
		memcpy(e->a, a, 16);
		tl->slot[s] = (uint32_t)(tl->tail % tl->max) + 1;
		tl->tail++;
		if (++tl->nopen > tl->peak)
			tl->peak = tl->nopen;
	}
	e = &tl->ring[tl->slot[s] - 1];
	for (k = 0; k < e->n; k++)
		if (e->r[k].ttl == x.ttl)
			return 0;	/* the first line of a TTL is kept */
	if (e->n == e->cap) {
		e->cap = e->cap == 0 ? 4 : 2 * e->cap;
		e->r = pkt_xreallocarray(e->r, e->cap, sizeof(*e->r));
	}
	e->r[e->n++] = x;
	return 0;
}

int
pkt_tl_end(struct pkt_tl *tl)
{
	int rc;

	while (tl->nopen > 0)
		if ((rc = emit_head(tl)) < 0)
			return rc;
	return 0;
}

uint64_t
pkt_tl_paths(const struct pkt_tl *tl)
{
	return tl->paths;
}

uint64_t
pkt_tl_lines(const struct pkt_tl *tl)
{
	return tl->lines;
}

size_t
pkt_tl_peak(const struct pkt_tl *tl)
{
	return tl->peak;
}

void
pkt_tl_free(struct pkt_tl *tl)
{
	if (tl == NULL)
		return;
	while (tl->nopen > 0) {
		struct open *e = &tl->ring[tl->head++ % tl->max];

		free(e->r);
		tl->nopen--;
	}
	free(tl->ring);
	free(tl->slot);
	free(tl);
}
