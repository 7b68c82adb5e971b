/* trace.c: the model of a traceroute: targets x TTLs, this round's cells,
 * and the hops over the rounds (every address heard at a TTL, with its
 * statistics).  See trace.h. */
#include "trace.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "exitcode.h"
#include "graph.h"
#include "layers/ipv6.h"
#include "layers/tcp.h"
#include "match.h"
#include "nat.h"
#include "pkt.h"
#include "util.h"

const char *const pkt_trace_kind_names[] = {
	"timeout", "time-exceeded", "unreachable", "reply",
};

void
pkt_trace_alloc(struct pkt_trace *t)
{
	size_t n;

	t->nttl = t->maxttl - t->minttl + 1;
	n = t->ntg * t->nttl;
	t->cell = pkt_xcalloc(n ? n : 1, sizeof(*t->cell));
	t->hop = pkt_xcalloc(n ? n : 1, sizeof(*t->hop));
	t->end = pkt_xcalloc(t->ntg ? t->ntg : 1, sizeof(*t->end));
	while (n-- > 0)
		t->cell[n].rtt = -1;
}

void
pkt_trace_free(struct pkt_trace *t)
{
	size_t i, n = t->ntg * t->nttl;

	for (i = 0; t->cell != NULL && i < n; i++)
		pkt_free(t->cell[i].reply);
	for (i = 0; t->hop != NULL && i < n; i++)
		pkt_trace_hop_free(&t->hop[i]);
	free(t->cell);
	free(t->hop);
	free(t->tg);
	free(t->upto);
	free(t->end);
	if (t->tgset != NULL) {
		pkt_strmap_free(t->tgset);
		free(t->tgset);
	}
	free(t->made);
	memset(t, 0, sizeof(*t));
}

size_t
pkt_trace_index(const struct pkt_trace *t, size_t tg, unsigned ttl)
{
	return (size_t)(ttl - t->minttl) * t->ntg + tg;
}

/* A hop's addresses are looked for by a scan up to this many, then by
 * hash: a saved run may give one hop thousands (one summary of 60,000
 * addresses, or as many pairs each with its own "hop"), and a scan each
 * would take time as the square of them. */
#define HOP_SCAN	16

struct pkt_trace_addr *
pkt_trace_hop_addr(struct pkt_trace_hop *h, const char *addr)
{
	struct pkt_trace_addr *a;
	size_t k;
	long i;

	if (h->ix == NULL && h->na > HOP_SCAN) {
		h->ix = pkt_xcalloc(1, sizeof(*h->ix));
		for (k = 0; k < h->na; k++)
			if (pkt_strmap_get(h->ix, h->a[k].addr) < 0)
				pkt_strmap_put(h->ix, h->a[k].addr, k);
	}
	if (h->ix != NULL) {
		if ((i = pkt_strmap_get(h->ix, addr)) >= 0)
			return &h->a[i];
	} else
		for (k = 0; k < h->na; k++)
			if (strcmp(h->a[k].addr, addr) == 0)
				return &h->a[k];
	h->a = pkt_xgrow(h->a, &h->cap, h->na + 1, sizeof(*h->a));
	a = &h->a[h->na];
	memset(a, 0, sizeof(*a));
	snprintf(a->addr, sizeof(a->addr), "%s", addr);
	pkt_stats_init(&a->st);
	a->stdev = -1;
	if (h->ix != NULL)
		pkt_strmap_put(h->ix, a->addr, h->na);
	h->na++;
	return a;
}

void
pkt_trace_hop_free(struct pkt_trace_hop *h)
{
	free(h->a);
	if (h->ix != NULL) {
		pkt_strmap_free(h->ix);
		free(h->ix);
	}
	memset(h, 0, sizeof(*h));
}

double
pkt_trace_addr_stdev(const struct pkt_trace_addr *a)
{
	return a->stdev >= 0 ? a->stdev : pkt_stats_stdev(&a->st);
}

double
pkt_trace_hop_loss(const struct pkt_trace_hop *h)
{
	uint64_t recv = 0;
	size_t k;

	for (k = 0; k < h->na; k++)
		recv += h->a[k].st.received;
	if (h->sent == 0 || recv >= h->sent)
		return 0;
	return 100.0 * (double)(h->sent - recv) / (double)h->sent;
}

static bool
is_terminal(enum pkt_trace_kind k)
{
	return k == PKT_TRACE_REPLY || k == PKT_TRACE_UNREACH;
}

void
pkt_trace_answer_addr(struct pkt_trace *t, size_t i, const char *addr,
    enum pkt_trace_kind kind, const char *what, double rtt)
{
	struct pkt_trace_cell *c = &t->cell[i];
	struct pkt_trace_addr *a;

	c->kind = kind;
	c->rtt = rtt;
	c->nmpls = 0;
	c->nat = 0;
	snprintf(c->addr, sizeof(c->addr), "%s", addr);
	snprintf(c->what, sizeof(c->what), "%s", what != NULL ? what : "");
	if (kind == PKT_TRACE_TIMEOUT)
		return;
	if (is_terminal(kind) && t->end != NULL) {
		size_t tg = i % t->ntg;
		unsigned ttl = t->minttl + (unsigned)(i / t->ntg);

		if (t->end[tg] == 0 || ttl < t->end[tg])
			t->end[tg] = ttl;
	}
	a = pkt_trace_hop_addr(&t->hop[i], addr);
	a->kind = kind;
	/* An answer without a time (a saved pair without "rtt") is no
	 * sample: statistics are of RTTs. */
	if (rtt >= 0)
		(void)pkt_stats_add(&a->st, rtt);
}

bool
pkt_trace_classify(const struct pkt_pkt *reply, char addr[PKT_TRACE_ADDRLEN],
    enum pkt_trace_kind *kindp, char what[16])
{
	enum pkt_trace_kind kind;
	int l3 = pkt_match_l3(reply), k4;
	unsigned type, code;
	const struct pkt_li *li, *l4;
	char dst[PKT_TRACE_ADDRLEN];

	if (l3 < 0)
		return false;
	li = &reply->li[l3];
	if (!pkt_li_addrs(li, addr, dst, PKT_TRACE_ADDRLEN))
		return false;
	k4 = pkt_match_upper(reply, (size_t)l3);
	l4 = k4 < 0 ? NULL : &reply->li[k4];
	if (pkt_match_is_error(reply, &type, &code))
		kind = (li->l == &pkt_layer_ipv6 ? type == 3 : type == 11) ?
		    PKT_TRACE_TIMEX : PKT_TRACE_UNREACH;
	else
		kind = PKT_TRACE_REPLY;
	what[0] = '\0';
	if (l4 != NULL && l4->l == &pkt_layer_tcp)
		pkt_fmt_flags(what, 16, &pkt_layer_tcp.f[TCP_F_FLAGS],
		    pkt_li_u(l4, TCP_F_FLAGS));
	else if (l4 != NULL && l4->l->role == PKT_ROLE_TRANSPORT &&
	    l4->l->nf > 0 && strcmp(l4->l->f[0].name, "type") == 0)
		/* The ICMP or ICMPv6 type, as Scapy's tables print it (IPv6:
		 * 3 time exceeded, 1 unreachable, 129 echo reply). */
		snprintf(what, 16, "%llu", (unsigned long long)
		    pkt_li_u(l4, 0));
	*kindp = kind;
	return true;
}

void
pkt_trace_answer(struct pkt_trace *t, size_t i, const struct pkt_pkt *reply,
    double rtt)
{
	char addr[PKT_TRACE_ADDRLEN], what[16];
	enum pkt_trace_kind kind;

	if (!pkt_trace_classify(reply, addr, &kind, what))
		return;
	pkt_trace_answer_addr(t, i, addr, kind, what, rtt);
	t->cell[i].nmpls = pkt_mpls_stack(reply, t->cell[i].mpls, PKT_MPLS_MAX);
	if (t->cell[i].nmpls > PKT_MPLS_MAX)
		t->cell[i].nmpls = PKT_MPLS_MAX;
	if (t->cell[i].nmpls > 0) {	/* the report's and summaries' labels */
		struct pkt_trace_addr *a = pkt_trace_hop_addr(&t->hop[i], addr);

		memcpy(a->mpls, t->cell[i].mpls, sizeof(a->mpls));
		a->nmpls = t->cell[i].nmpls;
	}
	if (t->keep) {
		pkt_free(t->cell[i].reply);
		t->cell[i].reply = pkt_copy(reply);
	}
}

void
pkt_trace_nat(struct pkt_trace *t, size_t i, const struct pkt_pkt *probe,
    const struct pkt_pkt *reply)
{
	struct pkt_trace_cell *c = &t->cell[i];

	if (c->kind == PKT_TRACE_TIMEOUT ||
	    (c->nat = pkt_nat_compare(probe, reply)) == 0)
		return;
	pkt_trace_hop_addr(&t->hop[i], c->addr)->nat = true;
}

void
pkt_trace_sent(struct pkt_trace *t, size_t i)
{
	t->hop[i].sent++;
}

unsigned
pkt_trace_last_ttl(const struct pkt_trace *t, size_t tg)
{
	unsigned ttl;

	for (ttl = t->minttl; ttl <= t->maxttl; ttl++)
		if (is_terminal(t->cell[pkt_trace_index(t, tg, ttl)].kind))
			return ttl;
	return 0;
}

unsigned
pkt_trace_hop_last_ttl(const struct pkt_trace *t, size_t tg)
{
	unsigned ttl;
	size_t k;

	for (ttl = t->minttl; ttl <= t->maxttl; ttl++) {
		const struct pkt_trace_hop *h = &t->hop[pkt_trace_index(t, tg, ttl)];

		for (k = 0; k < h->na; k++)
			if (is_terminal(h->a[k].kind))
				return ttl;
	}
	return 0;
}

bool
pkt_trace_reached(const struct pkt_trace *t, size_t tg)
{
	unsigned ttl = pkt_trace_last_ttl(t, tg);

	return t->tg[tg].reached || (ttl != 0 && strcmp(t->cell[
	    pkt_trace_index(t, tg, ttl)].addr, t->tg[tg].addr) == 0);
}

size_t
pkt_trace_nreached(const struct pkt_trace *t)
{
	size_t tg, n = 0;

	for (tg = 0; tg < t->ntg; tg++)
		if (pkt_trace_reached(t, tg))
			n++;
	return n;
}

int
pkt_trace_exit(const struct pkt_trace *t, int rc, bool werr, bool interrupted)
{
	size_t nreached = 0, ntg = 0, i;

	/* Flows: a target is its group, reached when one of them got there. */
	for (i = 0; i < t->ntg; i++) {
		bool head = t->nflows == 0 || t->tg[i].group == i;
		size_t k;

		if (!head)
			continue;
		ntg++;
		for (k = i; k < t->ntg && (k == i || (t->nflows > 0 &&
		    t->tg[k].group == i)); k++)
			if (pkt_trace_reached(t, k)) {
				nreached++;
				break;
			}
	}
	if (pkt_verbose() >= 1)
		fprintf(stderr, "%zu of %zu targets reached\n", nreached, ntg);
	if (fflush(stdout) != 0 || werr) {
		pkt_warn("stdout");
		rc = PKT_EXIT_ERROR;
	}
	if (rc == PKT_EXIT_OK && nreached < ntg)
		rc = PKT_EXIT_UNANSWERED;
	if (interrupted)
		rc = PKT_EXIT_INTERRUPTED;
	return rc;
}

bool
pkt_trace_enough(const struct pkt_trace *t)
{
	size_t tg;
	unsigned ttl;

	for (tg = 0; tg < t->ntg; tg++)
		for (ttl = t->minttl; ttl <= t->maxttl; ttl++) {
			enum pkt_trace_kind k =
			    t->cell[pkt_trace_index(t, tg, ttl)].kind;

			if (k == PKT_TRACE_TIMEOUT &&
			    !t->cell[pkt_trace_index(t, tg, ttl)].unsent)
				return false;
			if (is_terminal(k))
				break;
		}
	return true;
}

void
pkt_trace_round_end(struct pkt_trace *t, struct pkt_rdns *rd)
{
	size_t tg, i, n = t->ntg * t->nttl;

	if (t->upto == NULL)
		t->upto = pkt_xcalloc(t->ntg ? t->ntg : 1, sizeof(*t->upto));
	for (tg = 0; tg < t->ntg; tg++) {
		if (pkt_trace_reached(t, tg))
			t->tg[tg].reached = true;
		t->upto[tg] = pkt_trace_last_ttl(t, tg);
		if (t->end != NULL)
			t->end[tg] = 0;
	}
	if (rd != NULL)
		pkt_trace_submit_names(t, rd);
	for (i = 0; i < n; i++) {
		pkt_free(t->cell[i].reply);
		memset(&t->cell[i], 0, sizeof(t->cell[i]));
		t->cell[i].rtt = -1;
	}
	t->rounds++;
}
