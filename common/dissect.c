/* dissect.c: bytes to field trees, every read bounds-checked.
 *
 * The walk follows the layer's field table; a field that does not fit in
 * what was captured ends the layer, which is marked truncated, and the
 * bytes of that field go to a Raw layer, so that every byte is in the tree
 * and rebuilding gives the same bytes.  Lengths that lie are kept as they
 * are (they are data); only what is really there is read. */
#include "pkt.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "util.h"

static size_t
avail(const struct pkt_dctx *dc)
{
	return (size_t)(dc->end - dc->p);
}

static uint64_t
get_bits(struct pkt_dctx *dc, unsigned bits, unsigned *bitpos)
{
	uint64_t v = 0;

	while (bits > 0) {
		unsigned room = 8 - *bitpos, take = bits < room ? bits : room;
		uint8_t byte = dc->p[0];

		v = (v << take) | ((uint64_t)(byte >> (room - take)) &
		    ((1u << take) - 1));
		bits -= take;
		*bitpos += take;
		if (*bitpos == 8) {
			*bitpos = 0;
			dc->p++;
		}
	}
	return v;
}

static void
add_opt(struct pkt_val *v, int kind, const uint8_t *p, size_t n)
{
	struct pkt_opt *o;

	v->opts = pkt_xrealloc(v->opts, (v->nopts + 1) * sizeof(*v->opts));
	o = &v->opts[v->nopts++];
	o->kind = kind;
	o->len = n;
	o->data = NULL;
	if (n) {
		o->data = pkt_xmalloc(n);
		memcpy(o->data, p, n);
	}
}

/* Options: kind, length, data; a length that lies keeps the rest as raw. */
static void
get_opts(const struct pkt_field *f, struct pkt_val *v, const uint8_t *p, size_t n)
{
	size_t i = 0;

	v->set = true;
	while (i < n) {
		const struct pkt_optkind *k = pkt_optkind(f->opts, p[i]);
		size_t olen;

		if (k != NULL && k->fmt == PKT_O_NONE) {
			add_opt(v, p[i], NULL, 0);
			i++;
			continue;
		}
		if (n - i < 2 || (olen = p[i + 1]) < 2 || olen > n - i) {
			add_opt(v, -1, p + i, n - i);
			return;
		}
		add_opt(v, p[i], p + i + 2, olen - 2);
		i += olen;
	}
}

/* A DNS name at p (within the message base..end), pointers followed. */
static bool
get_name(struct pkt_dctx *dc, struct pkt_val *v, size_t *used)
{
	char name[1024];
	size_t nlen = 0, hops = 0;
	const uint8_t *p = dc->p, *msg = dc->msg != NULL ? dc->msg : dc->base;
	bool jumped = false;

	*used = 0;
	for (;;) {
		size_t l;

		if (p >= dc->end)
			return false;
		l = *p;
		if (l == 0) {
			if (!jumped)
				*used = (size_t)(p + 1 - dc->p);
			break;
		}
		if ((l & 0xc0) == 0xc0) {
			size_t off;

			if ((size_t)(dc->end - p) < 2 || ++hops > 64)
				return false;
			off = (size_t)(l & 0x3f) << 8 | p[1];
			if (!jumped)
				*used = (size_t)(p + 2 - dc->p);
			jumped = true;
			if (off >= (size_t)(dc->end - msg))
				return false;
			p = msg + off;
			continue;
		}
		if ((l & 0xc0) != 0 || (size_t)(dc->end - p) < l + 1 ||
		    nlen + l + 2 > sizeof(name))
			return false;
		memcpy(name + nlen, p + 1, l);
		nlen += l;
		name[nlen++] = '.';
		p += l + 1;
	}
	if (nlen == 0)
		name[nlen++] = '.';
	pkt_val_setb(v, (const uint8_t *)name, nlen);
	return true;
}

bool
pkt_dissect_field(struct pkt_dctx *dc, struct pkt_li *li, size_t fi,
    unsigned *bitpos)
{
	const struct pkt_field *f = &li->l->f[fi];
	struct pkt_val *v = &li->v[fi];
	size_t n, i;

	switch (f->type) {
	case PKT_F_UINT:
	case PKT_F_FLAGS:
		if ((size_t)*bitpos + f->bits > avail(dc) * 8)
			return false;
		if (f->fl & PKT_FF_LE) {
			v->u = 0;
			for (i = f->bits / 8u; i-- > 0;)
				v->u = v->u << 8 | dc->p[i];
			dc->p += f->bits / 8u;
		} else
			v->u = get_bits(dc, f->bits, bitpos);
		v->set = true;
		return true;
	case PKT_F_MAC:
	case PKT_F_IPV4:
	case PKT_F_IPV6:
		n = f->type == PKT_F_MAC ? 6 : f->type == PKT_F_IPV4 ? 4 : 16;
		if (avail(dc) < n)
			return false;
		memcpy(v->a, dc->p, n);
		dc->p += n;
		v->set = true;
		return true;
	case PKT_F_BYTES:
		n = f->bits ? f->bits / 8u : f->len ? f->len(li, avail(dc)) :
		    avail(dc);
		if (avail(dc) < n)
			return false;
		pkt_val_setb(v, dc->p, n);
		dc->p += n;
		return true;
	case PKT_F_NAME:
		if (!get_name(dc, v, &n))
			return false;
		dc->p += n;
		return true;
	case PKT_F_OPTS:
		n = f->len ? f->len(li, avail(dc)) : avail(dc);
		if (avail(dc) < n)
			return false;
		get_opts(f, v, dc->p, n);
		dc->p += n;
		return true;
	case PKT_F_PKTS:
		/* Items are read by the owning layer's dissect hook. */
		return true;
	}
	return false;
}

static struct pkt_li *
push_bytes(struct pkt_dctx *dc, const struct pkt_layer *l, const uint8_t *p,
    size_t n)
{
	struct pkt_li *li = pkt_push(dc->pkt, l);

	li->quoted = dc->quoted;
	pkt_val_setb(&li->v[0], p, n);
	return li;
}

bool
pkt_dissect_fields(struct pkt_dctx *dc, struct pkt_li *li, size_t nf)
{
	unsigned bitpos = 0;
	size_t fi, group = 0;
	const uint8_t *gp = dc->p;

	for (fi = 0; fi < nf; fi++) {
		if (!pkt_li_present(li, fi) || (li->l->f[fi].fl & PKT_FF_VIRTUAL))
			continue;
		if (bitpos == 0) {
			group = fi;
			gp = dc->p;
		}
		if (!pkt_dissect_field(dc, li, fi, &bitpos)) {
			/* Back to the start of the byte group: the bytes of a
			 * field cut short go to Raw whole. */
			size_t k;

			for (k = group; k < li->l->nf; k++)
				pkt_val_clear(&li->v[k]);
			dc->p = gp;
			return false;
		}
	}
	return true;
}

bool
pkt_dissect_item(struct pkt_dctx *dc, struct pkt_val *v,
    const struct pkt_layer *l)
{
	const uint8_t *start = dc->p;
	struct pkt_li *it = pkt_val_additem(v, l);

	if (pkt_dissect_fields(dc, it, l->nf))
		return true;
	pkt_li_clear(it);
	v->nitems--;
	dc->p = start;
	return false;
}

static const struct pkt_layer *
bound_next(const struct pkt_li *li)
{
	const struct pkt_bind *b;

	for (b = pkt_binds; b->lower != NULL; b++) {
		int fi;

		if (b->lower != li->l || !(b->how & PKT_BIND_DISSECT))
			continue;
		if ((fi = pkt_bind_field(b)) < 0)
			continue;
		if (li->v[fi].set && li->v[fi].u == b->val)
			return b->upper;
		/* variants of the field under the same name (PPP proto) */
		while ((fi = pkt_bind_field_next(b, fi)) >= 0)
			if (li->v[fi].set && li->v[fi].u == b->val)
				return b->upper;
	}
	return NULL;
}

void
pkt_dissect_from(struct pkt_dctx *dc, const struct pkt_layer *l)
{
	const uint8_t *start = dc->p, *end = dc->end, *padp;
	const struct pkt_layer *next;
	struct pkt_li *li;
	size_t hdr, pay, npad;
	bool ok;

	if (avail(dc) == 0)
		return;
	if (dc->pkt->n >= PKT_MAX_LAYERS - 2 || ++dc->depth > PKT_MAX_LAYERS)
		l = &pkt_layer_raw;
	li = pkt_push(dc->pkt, l);
	li->quoted = dc->quoted;
	if (l->dissect != NULL) {
		int rc = l->dissect(dc, li);

		if (rc < 0) {	/* not this protocol after all: Raw */
			pkt_li_clear(li);
			dc->pkt->n--;
			dc->p = start;
			push_bytes(dc, &pkt_layer_raw, dc->p, avail(dc));
			dc->p = dc->end;
			return;
		}
		ok = rc == 0;
	} else
		ok = pkt_dissect_fields(dc, li, li->l->nf);
	if (!ok) {
		li->trunc = true;
		dc->trunc = true;
		if (avail(dc) > 0)
			push_bytes(dc, &pkt_layer_raw, dc->p, avail(dc));
		dc->p = dc->end;
		return;
	}
	hdr = (size_t)(dc->p - start);
	pay = avail(dc);
	if (l->paylen != NULL) {
		size_t n = l->paylen(li, hdr, pay);

		if (n < pay)
			pay = n;
	}
	padp = dc->p + pay;
	npad = (size_t)(end - padp);
	if (pay > 0) {
		dc->end = padp;
		next = l->next != NULL ? l->next(dc, li, dc->p, pay) : NULL;
		if (next == NULL)
			next = bound_next(li);
		if (next == NULL)
			next = &pkt_layer_raw;
		pkt_dissect_from(dc, next);
		dc->end = end;
	}
	if (npad > 0)
		push_bytes(dc, &pkt_layer_padding, padp, npad);
	dc->p = end;
}

/* Dissect data into p from layer first (NULL: from what link type dlt
 * starts with). */
static void
dissect_from(struct pkt_pkt *p, int dlt, const struct pkt_layer *first,
    const uint8_t *data, size_t caplen, uint32_t wirelen)
{
	struct pkt_dctx dc;

	free(p->raw);
	p->raw = pkt_xmalloc(caplen ? caplen : 1);
	if (caplen)
		memcpy(p->raw, data, caplen);
	p->rawlen = caplen;
	p->dlt = dlt;
	p->wirelen = wirelen;
	memset(&dc, 0, sizeof(dc));
	dc.base = dc.p = p->raw;
	dc.end = p->raw + caplen;
	dc.pkt = p;
	if (first == NULL)
		first = pkt_layer_bydlt(dlt, p->raw, caplen);
	pkt_dissect_from(&dc, first != NULL ? first : &pkt_layer_raw);
	p->dissected = true;
}

int
pkt_dissect(struct pkt_pkt *p, int dlt, const uint8_t *data, size_t caplen,
    uint32_t wirelen, char *errbuf)
{
	(void)errbuf;
	dissect_from(p, dlt, NULL, data, caplen, wirelen);
	return 0;
}

struct pkt_pkt *
pkt_dissect_copy(const struct pkt_pkt *p)
{
	struct pkt_pkt *d = pkt_new();

	/* A built packet with no link type (ICMP()/..., ARP() alone) is
	 * read back from its own first layer, not guessed from its bytes. */
	dissect_from(d, p->dlt, p->dlt < 0 && p->n > 0 ? p->li[0].l : NULL,
	    p->raw, p->rawlen, p->wirelen ? p->wirelen : (uint32_t)p->rawlen);
	d->time = p->time;
	if (p->iface != NULL)
		d->iface = pkt_xstrdup(p->iface);
	return d;
}
