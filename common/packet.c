/* packet.c: packets as trees of field values; the name tables. */
#include "pkt.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

const char *
pkt_name_get(const struct pkt_name *t, uint64_t v)
{
	for (; t != NULL && t->name != NULL; t++)
		if (t->val == v)
			return t->name;
	return NULL;
}

int
pkt_name_val(const struct pkt_name *t, const char *name, uint64_t *v)
{
	for (; t != NULL && t->name != NULL; t++)
		if (strcmp(t->name, name) == 0) {
			*v = t->val;
			return 0;
		}
	return -1;
}

struct pkt_pkt *
pkt_new(void)
{
	struct pkt_pkt *p = pkt_xcalloc(1, sizeof(*p));

	p->dlt = -1;
	return p;
}

void
pkt_val_clear(struct pkt_val *v)
{
	size_t i;

	free(v->b);
	for (i = 0; i < v->nopts; i++)
		free(v->opts[i].data);
	free(v->opts);
	for (i = 0; i < v->nitems; i++)
		pkt_li_clear(&v->items[i]);
	free(v->items);
	memset(v, 0, sizeof(*v));
}

void
pkt_val_setb(struct pkt_val *v, const void *p, size_t n)
{
	pkt_val_clear(v);
	v->b = pkt_xmalloc(n + 1);
	if (n)
		memcpy(v->b, p, n);
	v->b[n] = '\0';
	v->blen = n;
	v->set = true;
}

int
pkt_val_copy(struct pkt_val *d, const struct pkt_val *s)
{
	size_t i;

	*d = *s;
	d->b = NULL;
	d->opts = NULL;
	d->items = NULL;
	if (s->b != NULL) {
		d->b = pkt_xmalloc(s->blen + 1);
		memcpy(d->b, s->b, s->blen);
		d->b[s->blen] = '\0';
	}
	if (s->nopts) {
		d->opts = pkt_xcalloc(s->nopts, sizeof(*d->opts));
		for (i = 0; i < s->nopts; i++) {
			d->opts[i] = s->opts[i];
			d->opts[i].data = NULL;
			if (s->opts[i].len) {
				d->opts[i].data = pkt_xmalloc(s->opts[i].len);
				memcpy(d->opts[i].data, s->opts[i].data,
				    s->opts[i].len);
			}
		}
	}
	if (s->nitems) {
		d->items = pkt_xcalloc(s->nitems, sizeof(*d->items));
		for (i = 0; i < s->nitems; i++)
			pkt_li_copy(&d->items[i], &s->items[i]);
	}
	return 0;
}

/* Value arrays of the sizes layers have, kept for reuse: dissecting a
 * capture makes and frees the same few sizes for every packet, and most
 * are above malloc's small-size caches.  Single-threaded, as the tools. */
#define VPOOL_SIZES	64
#define VPOOL_KEEP	64
struct vpool {
	void	*free[VPOOL_KEEP];
	size_t	 n;
};
static struct vpool vpool[VPOOL_SIZES + 1];

static struct pkt_val *
values_new(size_t nf)
{
	if (nf <= VPOOL_SIZES && vpool[nf].n > 0) {
		struct pkt_val *v = vpool[nf].free[--vpool[nf].n];

		memset(v, 0, nf * sizeof(*v));
		return v;
	}
	return pkt_xcalloc(nf, sizeof(struct pkt_val));
}

static void
values_free(struct pkt_val *v, size_t nf)
{
	if (v != NULL && nf <= VPOOL_SIZES && vpool[nf].n < VPOOL_KEEP)
		vpool[nf].free[vpool[nf].n++] = v;
	else
		free(v);
}

void
pkt_li_init(struct pkt_li *li, const struct pkt_layer *l)
{
	memset(li, 0, sizeof(*li));
	li->l = l;
	li->v = values_new(l->nf ? l->nf : 1);
}

struct pkt_li *
pkt_val_additem(struct pkt_val *v, const struct pkt_layer *l)
{
	v->items = pkt_xreallocarray(v->items, v->nitems + 1, sizeof(*v->items));
	pkt_li_init(&v->items[v->nitems], l);
	return &v->items[v->nitems++];
}

void
pkt_li_clear(struct pkt_li *li)
{
	size_t i, k;

	if (li->v != NULL)
		for (i = 0; i < li->l->nf; i++) {
			struct pkt_val *v = &li->v[i];

			/* Only what was allocated: the array goes as a whole. */
			if (v->b != NULL)
				free(v->b);
			if (v->opts != NULL) {
				for (k = 0; k < v->nopts; k++)
					free(v->opts[k].data);
				free(v->opts);
			}
			if (v->items != NULL) {
				for (k = 0; k < v->nitems; k++)
					pkt_li_clear(&v->items[k]);
				free(v->items);
			}
		}
	values_free(li->v, li->l->nf ? li->l->nf : 1);
	li->v = NULL;
}

int
pkt_li_copy(struct pkt_li *d, const struct pkt_li *s)
{
	size_t i;

	pkt_li_init(d, s->l);
	d->trunc = s->trunc;
	d->quoted = s->quoted;
	for (i = 0; i < s->l->nf; i++)
		pkt_val_copy(&d->v[i], &s->v[i]);
	return 0;
}

struct pkt_li *
pkt_push(struct pkt_pkt *p, const struct pkt_layer *l)
{
	if (p->n == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 4;
		p->li = pkt_xrealloc(p->li, p->cap * sizeof(*p->li));
	}
	pkt_li_init(&p->li[p->n], l);
	return &p->li[p->n++];
}

void
pkt_free(struct pkt_pkt *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i < p->n; i++)
		pkt_li_clear(&p->li[i]);
	free(p->li);
	free(p->raw);
	free(p->iface);
	free(p);
}

struct pkt_pkt *
pkt_copy(const struct pkt_pkt *s)
{
	struct pkt_pkt *d = pkt_new();
	size_t i;

	d->dlt = s->dlt;
	d->time = s->time;
	d->wirelen = s->wirelen;
	d->dissected = s->dissected;
	if (s->iface != NULL)
		d->iface = pkt_xstrdup(s->iface);
	if (s->raw != NULL) {
		d->raw = pkt_xmalloc(s->rawlen ? s->rawlen : 1);
		memcpy(d->raw, s->raw, s->rawlen);
		d->rawlen = s->rawlen;
	}
	for (i = 0; i < s->n; i++) {
		struct pkt_li *li = pkt_push(d, s->li[i].l);

		pkt_li_clear(li);
		pkt_li_copy(li, &s->li[i]);
	}
	return d;
}

uint64_t
pkt_li_u(const struct pkt_li *li, size_t f)
{
	return li->v[f].set ? li->v[f].u : li->l->f[f].def;
}

uint64_t
pkt_li_wire(const struct pkt_li *li, size_t f)
{
	return li->v[f].set ? li->v[f].u : 0;
}

bool
pkt_li_isset(const struct pkt_li *li, size_t f)
{
	return li->v[f].set;
}

bool
pkt_li_present(const struct pkt_li *li, size_t f)
{
	return li->l->f[f].cond == NULL || li->l->f[f].cond(li);
}

void
pkt_li_setu(struct pkt_li *li, size_t f, uint64_t u)
{
	li->v[f].u = u;
	li->v[f].set = true;
}

uint64_t
pkt_field_max(const struct pkt_field *f)
{
	if (f->bits >= 64)
		return UINT64_MAX;
	return (UINT64_C(1) << f->bits) - 1;
}

size_t
pkt_field_width(const struct pkt_field *f)
{
	switch (f->type) {
	case PKT_F_UINT:
	case PKT_F_FLAGS:
		return f->bits;
	case PKT_F_MAC:
		return 48;
	case PKT_F_IPV4:
		return 32;
	case PKT_F_IPV6:
		return 128;
	case PKT_F_BYTES:
		return f->len == NULL ? f->bits : 0;
	default:
		return 0;
	}
}

int
pkt_find_below(const struct pkt_pkt *p, size_t idx, const struct pkt_layer *l)
{
	while (idx-- > 0)
		if (p->li[idx].l == l)
			return (int)idx;
	return -1;
}
