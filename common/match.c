/* match.c: answers, as Scapy's generic recursion over the layers' hooks.
 *
 * Each protocol's rules live in its own file (common/layers/): its
 * answers hook says whether the reply's layer answers the probe's (and
 * recurses into what follows), its hashret hook gives the key that
 * probe and answers share, its error hook says that the reply is an
 * ICMP error whose quote is the probe.  Here is only the walk: from the
 * first network layer of each packet, hook by hook, and the rules in
 * force (Scapy's conf.checkIPaddr, conf.checkIPsrc). */
#include "match.h"

#include <string.h>

#include "pkt.h"

static struct pkt_match_conf conf = { .checkipaddr = true, .checkipsrc = true };

void
pkt_match_configure(const struct pkt_match_conf *c)
{
	conf = *c;
}

const struct pkt_match_conf *
pkt_match_config(void)
{
	return &conf;
}

int
pkt_match_l3(const struct pkt_pkt *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->li[i].l->role == PKT_ROLE_NETWORK && !p->li[i].quoted)
			return (int)i;
	return -1;
}

int
pkt_match_upper(const struct pkt_pkt *p, size_t i)
{
	for (i++; i < p->n; i++)
		if (p->li[i].l->role != PKT_ROLE_EXTENSION)
			return (int)i;
	return -1;
}

bool
pkt_match_error_at(const struct pkt_pkt *p, size_t idx, unsigned *type,
    unsigned *code)
{
	int u = pkt_match_upper(p, idx);
	const struct pkt_li *li;

	if (u < 0)
		return false;
	li = &p->li[u];
	return li->l->error != NULL && li->l->error(li, type, code);
}

bool
pkt_match_is_error(const struct pkt_pkt *p, unsigned *type, unsigned *code)
{
	int l3 = pkt_match_l3(p);

	return l3 >= 0 && pkt_match_error_at(p, (size_t)l3, type, code);
}

int64_t
pkt_match_paylen(const struct pkt_pkt *p, size_t idx)
{
	int64_t ext = 0, s;
	size_t k;

	for (k = idx; k-- > 0; ) {
		const struct pkt_li *li = &p->li[k];

		if (li->l->span == NULL || (s = li->l->span(li)) < 0)
			return -1;
		if (li->l->role == PKT_ROLE_NETWORK)
			return s - ext;
		if (li->l->role != PKT_ROLE_EXTENSION)
			return -1;
		ext += s;
	}
	return -1;
}

bool
pkt_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	const struct pkt_li *r;

	if (ri >= m->reply->n)	/* NoPayload answers NoPayload, Padding */
		return pi >= m->probe->n || m->probe->li[pi].l == &pkt_layer_padding;
	r = &m->reply->li[ri];
	if (r->l->answers != NULL)
		return r->l->answers(m, ri, pi);
	if (pi >= m->probe->n || m->probe->li[pi].l != r->l)
		return false;
	return pkt_answers(m, ri + 1, pi + 1);
}

bool
pkt_answers_payload(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	const struct pkt_li *r;

	if (ri >= m->reply->n || pi >= m->probe->n)
		return true;
	r = &m->reply->li[ri];
	return r->l->answers == NULL || r->l->answers(m, ri, pi);
}

bool
pkt_match_answers(const struct pkt_pkt *probe, const struct pkt_pkt *reply)
{
	struct pkt_mctx m = { probe, reply, &conf };
	int pi = pkt_match_l3(probe), ri = pkt_match_l3(reply);

	if (pi < 0 || ri < 0)
		return false;
	return pkt_answers(&m, (size_t)ri, (size_t)pi);
}

uint32_t
pkt_hashret(const struct pkt_match_conf *c, const struct pkt_pkt *p, size_t idx,
    bool reply)
{
	for (; idx < p->n; idx++)
		if (p->li[idx].l->hashret != NULL)
			return p->li[idx].l->hashret(c, p, idx, reply);
	return 0;
}

/* IPerror.answers: the quote is the probe as it left (its source only
 * when checkIPsrc: a NAT rewrites it); the IP id too, unlike Scapy, so
 * probes that differ only in TTL never answer each other (an id of 0 is
 * the kernel's to fill under --l3raw: then the quote has the kernel's,
 * which we cannot know).  Then the quoted transport, if quoted. */
static bool
quote_answers(const struct pkt_mctx *m, size_t qi, size_t pi,
    const struct pkt_netrule *nr)
{
	const struct pkt_li *q = &m->reply->li[qi], *a = &m->probe->li[pi];
	int qu, pu;

	if (q->l != a->l || memcmp(q->v[nr->dst].a, a->v[nr->dst].a, nr->alen) != 0 ||
	    ((m->conf->checkipsrc || nr->quote_src) &&
	    memcmp(q->v[nr->src].a, a->v[nr->src].a, nr->alen) != 0) ||
	    pkt_li_wire(q, nr->proto) != pkt_li_wire(a, nr->proto))
		return false;
	if (nr->id >= 0 && pkt_li_wire(a, (size_t)nr->id) != 0 &&
	    pkt_li_wire(q, (size_t)nr->id) != pkt_li_wire(a, (size_t)nr->id))
		return false;
	qu = pkt_match_upper(m->reply, qi);
	pu = pkt_match_upper(m->probe, pi);
	if (pu < 0 || qu < 0)
		return true;	/* quote too short to say more */
	return pkt_answers(m, (size_t)qu, (size_t)pu);
}

bool
pkt_answers_network(const struct pkt_mctx *m, size_t ri, size_t pi,
    const struct pkt_netrule *nr)
{
	const struct pkt_li *b = &m->reply->li[ri], *a;
	unsigned t, c;
	int ru, pu;

	if (pi >= m->probe->n || (a = &m->probe->li[pi])->l != b->l)
		return false;
	if (b->quoted)
		return quote_answers(m, ri, pi, nr);
	if (m->conf->checkipaddr &&
	    memcmp(b->v[nr->dst].a, a->v[nr->src].a, nr->alen) != 0)
		return false;
	ru = pkt_match_upper(m->reply, ri);
	if (pkt_match_error_at(m->reply, ri, &t, &c))	/* the quote follows */
		return (size_t)ru + 1 < m->reply->n && pkt_answers(m, (size_t)ru + 1, pi);
	if (m->conf->checkipaddr && (nr->any_src == NULL || !nr->any_src(a)) &&
	    memcmp(b->v[nr->src].a, a->v[nr->dst].a, nr->alen) != 0)
		return false;
	if (nr->proto_direct && pkt_li_wire(a, nr->proto) != pkt_li_wire(b, nr->proto))
		return false;
	/* A probe with nothing above its network header is answered only by
	 * a packet with nothing above it either (Scapy's NoPayload.answers). */
	pu = pkt_match_upper(m->probe, pi);
	if (pu < 0 || ru < 0)
		return pu < 0 && ru < 0;
	return pkt_answers(m, (size_t)ru, (size_t)pu);
}

uint32_t
pkt_hashret_network(const struct pkt_match_conf *c, const struct pkt_pkt *p,
    size_t idx, bool reply)
{
	int u = pkt_match_upper(p, idx), q;
	unsigned t, code;

	if (u < 0)
		return 0;
	if (reply && pkt_match_error_at(p, idx, &t, &code)) {
		q = u + 1;
		if ((size_t)q >= p->n || (u = pkt_match_upper(p, (size_t)q)) < 0)
			return 0;
		return pkt_hashret(c, p, (size_t)u, false);
	}
	return pkt_hashret(c, p, (size_t)u, reply);
}

uint32_t
pkt_match_key(const struct pkt_pkt *p, bool is_reply)
{
	int l3 = pkt_match_l3(p);

	return l3 < 0 ? 0 : pkt_hashret(&conf, p, (size_t)l3, is_reply);
}

bool
pkt_match_l3_offset(const struct pkt_pkt *p, size_t *off)
{
	int l3 = pkt_match_l3(p);
	size_t i, k, bits = 0;

	if (l3 < 0 || p->raw == NULL)
		return false;
	/* The link headers before it: the bits of the fields they hold. */
	for (i = 0; i < (size_t)l3; i++) {
		const struct pkt_li *li = &p->li[i];

		for (k = 0; k < li->l->nf; k++) {
			const struct pkt_field *f = &li->l->f[k];

			if (!li->v[k].set || (f->fl & PKT_FF_VIRTUAL) ||
			    !pkt_li_present(li, k))
				continue;
			if (f->type == PKT_F_UINT || f->type == PKT_F_FLAGS)
				bits += f->bits;
			else if (f->type == PKT_F_MAC)
				bits += 48;
			else if (f->type == PKT_F_IPV4)
				bits += 32;
			else if (f->type == PKT_F_IPV6)
				bits += 128;
			else
				bits += li->v[k].blen * 8;
		}
	}
	*off = bits / 8;
	return *off <= p->rawlen;
}

bool
pkt_match_peer(const struct pkt_pkt *p, bool is_reply, uint8_t addr[16],
    uint32_t *port)
{
	int l3 = pkt_match_l3(p), u;
	const struct pkt_li *li, *tl;
	unsigned t, c;
	bool dir = !is_reply;	/* the probe's dst, the reply's src */

	memset(addr, 0, 16);
	*port = 0;
	/* Answers may come from anywhere: no far end to narrow by. */
	if (l3 < 0 || !conf.checkipaddr)
		return false;
	li = &p->li[l3];
	u = pkt_match_upper(p, (size_t)l3);
	if (is_reply && u >= 0 && pkt_match_error_at(p, (size_t)l3, &t, &c)) {
		/* The quote: the probe as it went, its dst and dport. */
		if ((size_t)u + 1 >= p->n ||
		    p->li[u + 1].l->role != PKT_ROLE_NETWORK)
			return false;
		li = &p->li[u + 1];
		u = pkt_match_upper(p, (size_t)u + 1);
		dir = true;
	}
	if (li->l->peer == NULL || li->l->peer(li, dir, addr) == 0)
		return false;
	tl = u < 0 ? NULL : &p->li[u];
	if (tl != NULL && tl->l->role == PKT_ROLE_TRANSPORT && tl->l->peer != NULL &&
	    conf.checkipsrc)
		*port = tl->l->peer(tl, dir, NULL);
	return true;
}
