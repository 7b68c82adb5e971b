/* trace_mda.c: multipath tracing over the trace module: flows per
 * target (pkttrace --flows N), the Multipath Detection Algorithm
 * (pkttrace --mda), and what both found: per TTL every next hop, and
 * the links between consecutive hops.  See trace.h.
 *
 * A flow is a target of the model (struct pkt_trace_target, with its
 * flow number and group), so probes are made, matched and counted as in
 * any trace (trace_probe.c), each flow keeping its own identity bases.
 * What tells flows apart is what per-flow load balancers hash (Augustin
 * et al., "Avoiding traceroute anomalies with Paris traceroute", IMC
 * 2006): the 5-tuple, and for ICMP the first four bytes of the header,
 * type, code and checksum.  So TCP and UDP flows differ in their source
 * port; ICMP echo flows differ in their id and in their checksum, which
 * a 2-byte payload holds at one value per flow while the seq changes
 * from probe to probe (Paris traceroute's ICMP probes; scamper's
 * tracelb does the same).  A balancer that hashes the id as a port
 * (some do) sees a flow too.
 *
 * The MDA (Augustin, Friedman, Teixeira, "Measuring load-balanced paths
 * in the Internet", IMC 2007; the stopping points of Veitch, Augustin,
 * Friedman, Teixeira, "Failure control in multipath route tracing",
 * INFOCOM 2009) goes TTL by TTL.  At TTL h each hop v found at h-1 must
 * have sent n_k of the flows that reach it on to TTL h, k being the
 * number of next hops seen from it so far: then a (k+1)th is ruled out
 * at 95% confidence.  Only flows known to reach v are probed at h (node
 * control); when v has too few, new flows are probed at h-1 until
 * enough of them reach it.  Each round of probes is one pkt_sr cycle. */
#include "trace.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "err.h"
#include "exitcode.h"
#include "graph.h"
#include "io.h"
#include "pkt.h"
#include "util.h"

/* ---- flows ---------------------------------------------------------------- */

/* n flows of one target: the port (ICMP: id) moves by f, kept within
 * 1024..65535 (TCP, UDP) or 1..65535 (ICMP id). */
static uint16_t
flow_port(const struct pkt_trace_target *t, unsigned f)
{
	unsigned lo = t->l4 == PKT_TRACE_ICMP ? 1 : 1024;
	unsigned base = t->sport >= lo ? t->sport : lo;

	return (uint16_t)(lo + (base - lo + f) % (65536 - lo));
}

void
pkt_trace_flows(struct pkt_trace *c, unsigned n)
{
	struct pkt_trace_target *v;
	size_t g, ng = c->ntg;
	unsigned f;

	if (n == 0)
		n = 1;
	v = pkt_xcalloc(ng > 0 ? ng * n : 1, sizeof(*v));
	for (g = 0; g < ng; g++)
		for (f = 0; f < n; f++) {
			struct pkt_trace_target *t = &v[g * n + f];
			uint32_t h;

			*t = c->tg[g];
			t->flow = f;
			t->group = g * n;
			t->sport = flow_port(&c->tg[g], f);
			h = pkt_fnv32(t->a, t->family == 4 ? 4 : 16, PKT_FNV32_INIT);
			h = pkt_fnv32(&f, sizeof(f), h);
			if (f > 0) {	/* flow 0 keeps the target's own */
				t->idbase = (uint16_t)(1 + pkt_fnv32("id", 2, h) %
				    (65535 - 256));
				t->seqbase = pkt_fnv32("seq", 3, h) & 0xffffff;
				t->csbase = (uint16_t)(1 + pkt_fnv32("csum", 4, h) %
				    (0xfffe - 256));
			}
			if (t->l4 == PKT_TRACE_ICMP)
				t->icmpcs = (uint16_t)(1 + pkt_fnv32("icmp", 4, h) %
				    0xfffe);
		}
	free(c->tg);
	c->tg = v;
	c->ntg = ng * n;
	c->nflows = n;
}

/* ---- the stopping rule ------------------------------------------------- */

/* Veitch et al. 2009, Table I: n_k for a failure probability of 0.05,
 * k = 1..16 next hops seen. */
static const unsigned nk95[] = {
	9, 17, 25, 33, 42, 51, 60, 69, 79, 88, 98, 108, 118, 128, 138, 148,
};
#define NK95	(sizeof(nk95) / sizeof(nk95[0]))

unsigned
pkt_mda_nk(unsigned k)
{
	if (k == 0)
		k = 1;
	if (k <= NK95)
		return nk95[k - 1];
	/* Past the table: 10 more per next hop, as its last rows grow. */
	return nk95[NK95 - 1] + 10 * (k - (unsigned)NK95);
}

/* ---- the MDA --------------------------------------------------------------- */

#define UNPROBED	(-2)
#define SILENT		(-1)
#define SOURCE		(-3)	/* the vertex before the first TTL */
#define GAP		3	/* silent TTLs in a row that end a target */

struct mda_group {
	size_t		 first;		/* its flow 0 in the targets */
	unsigned	 nf;		/* flows used so far */
	unsigned	 ttl;		/* the TTL being explored */
	unsigned	 silent;	/* TTLs in a row nobody answered at */
	bool		 done;
	int		*single;	/* per TTL done with: its one address
					 * (every flow passes it), or UNPROBED */
};

struct pkt_mda {
	struct mda_group *g;
	size_t		 ng;
	int		*res;		/* per cell: UNPROBED, SILENT, address */
	bool		*term;		/* the answer ends the flow's path */
	unsigned	*endttl;	/* per flow: where its path ended, 0 */
	struct pkt_strmap addrs;	/* address -> id */
	size_t		*todo;		/* this round's cells */
	size_t		 ntodo, cap;
	uint64_t	 probes;
};

static int
addr_id(struct pkt_mda *m, const char *a)
{
	long i = pkt_strmap_get(&m->addrs, a);

	if (i >= 0)
		return (int)i;
	pkt_strmap_put(&m->addrs, a, m->addrs.n);
	return (int)(m->addrs.n - 1);
}

void
pkt_mda_start(struct pkt_trace *c)
{
	struct pkt_mda *m = pkt_xcalloc(1, sizeof(*m));
	size_t i, n = c->ntg * c->nttl;
	unsigned nf = c->nflows ? c->nflows : 1;

	m->ng = c->ntg / nf;
	m->g = pkt_xcalloc(m->ng ? m->ng : 1, sizeof(*m->g));
	for (i = 0; i < m->ng; i++) {
		unsigned k;

		m->g[i].first = i * nf;
		m->g[i].ttl = c->minttl;
		m->g[i].single = pkt_xcalloc(c->nttl, sizeof(int));
		for (k = 0; k < c->nttl; k++)
			m->g[i].single[k] = UNPROBED;
	}
	m->endttl = pkt_xcalloc(c->ntg ? c->ntg : 1, sizeof(*m->endttl));
	m->res = pkt_xcalloc(n ? n : 1, sizeof(*m->res));
	m->term = pkt_xcalloc(n ? n : 1, sizeof(*m->term));
	for (i = 0; i < n; i++)
		m->res[i] = UNPROBED;
	m->todo = pkt_xcalloc(n ? n : 1, sizeof(*m->todo));
	m->cap = n;
	c->mda = m;
}

void
pkt_mda_free(struct pkt_trace *c)
{
	struct pkt_mda *m = c->mda;
	size_t i;

	if (m == NULL)
		return;
	for (i = 0; i < m->ng; i++)
		free(m->g[i].single);
	free(m->g);
	free(m->endttl);
	free(m->res);
	free(m->term);
	free(m->todo);
	pkt_strmap_free(&m->addrs);
	free(m);
	c->mda = NULL;
}

/* The cell of flow f of group g at ttl. */
static size_t
cell(const struct pkt_trace *c, const struct mda_group *g, unsigned f,
    unsigned ttl)
{
	return pkt_trace_index(c, g->first + f, ttl);
}

static void
want(struct pkt_trace *c, size_t i)
{
	struct pkt_mda *m = c->mda;

	if (m->res[i] == UNPROBED && m->ntodo < m->cap) {
		m->res[i] = SILENT;	/* probed: until it answers */
		m->todo[m->ntodo++] = i;
	}
}

/* The vertex flow f reached at ttl: SOURCE before the first TTL; the
 * one address of a TTL that has only one (a flow not probed there passes
 * it too: the MDA ruled out others); or UNPROBED when it was not probed
 * there or its path ended. */
static int
vertex(const struct pkt_trace *c, const struct mda_group *g, unsigned f,
    unsigned ttl)
{
	const struct pkt_mda *m = c->mda;
	unsigned end = m->endttl[g->first + f];
	size_t i;

	if (ttl < c->minttl)
		return SOURCE;
	i = cell(c, g, f, ttl);
	if (m->term[i] || (end != 0 && end < ttl))
		return UNPROBED;
	if (m->res[i] == UNPROBED)
		return g->single[ttl - c->minttl];
	return m->res[i];
}

/* The probes group g needs at its TTL h; how many were asked for. */
static size_t
plan_group(struct pkt_trace *c, struct mda_group *g)
{
	struct pkt_mda *m = c->mda;
	unsigned h = g->ttl, f, f2, budget = c->nflows;
	size_t before = m->ntodo, atprev = 0;
	unsigned newflows = 0;

	for (f = 0; f < g->nf; f++)
		if (h == c->minttl || m->res[cell(c, g, f, h - 1)] != UNPROBED)
			atprev++;
	/* Every vertex at h-1, once: the first flow that reached it. */
	for (f = 0; f < g->nf || (h == c->minttl && f == 0); f++) {
		int v = f < g->nf ? vertex(c, g, f, h - 1) : SOURCE;
		unsigned probed = 0, nv = 0, k = 0, need, take;
		int seen[64];

		if (v == UNPROBED)
			continue;
		for (f2 = 0; f2 < f && f < g->nf; f2++)
			if (vertex(c, g, f2, h - 1) == v)
				break;
		if (f < g->nf && f2 < f)
			continue;	/* done with its first flow */
		for (f2 = 0; f2 < g->nf; f2++) {
			int r;

			if (vertex(c, g, f2, h - 1) != v)
				continue;
			nv++;
			if ((r = m->res[cell(c, g, f2, h)]) == UNPROBED)
				continue;
			probed++;
			if (r >= 0) {
				unsigned j;

				for (j = 0; j < k && seen[j] != r; j++)
					;
				if (j == k && k < 64)
					seen[k++] = r;
			}
		}
		need = pkt_mda_nk(k);
		if (probed >= need)
			continue;
		need -= probed;
		/* Flows known to reach v, not yet probed at h. */
		for (f2 = 0, take = 0; f2 < g->nf && take < need; f2++)
			if (vertex(c, g, f2, h - 1) == v &&
			    m->res[cell(c, g, f2, h)] == UNPROBED) {
				want(c, cell(c, g, f2, h));
				take++;
			}
		if (take < need && v != SILENT) {
			/* Node control: new flows, at h-1, enough of which
			 * should reach v (a share nv / atprev of them).  Not
			 * for the flows nothing answered for at h-1: silence
			 * is no node to reach. */
			unsigned more = v == SOURCE || nv == 0 ? need - take :
			    (unsigned)(((size_t)(need - take) * atprev + nv - 1) /
			    nv);

			if (more > newflows)
				newflows = more;
		}
	}
	if (newflows > budget - g->nf)
		newflows = budget - g->nf;
	/* New flows reach v at h-1 for sure when h-1 has only v: they are
	 * probed at h at once (MDA-Lite's shortcut). */
	for (f = 0; f < newflows; f++, g->nf++)
		want(c, cell(c, g, g->nf, h == c->minttl ||
		    g->single[h - 1 - c->minttl] != UNPROBED ? h : h - 1));
	return m->ntodo - before;
}

/* Group g is done with its TTL: the next, or the end. */
static void
advance(struct pkt_trace *c, struct mda_group *g)
{
	struct pkt_mda *m = c->mda;
	unsigned f, h = g->ttl;
	bool any = false, going = false, one = true;
	int addr = UNPROBED;

	for (f = 0; f < g->nf; f++) {
		size_t i = cell(c, g, f, h);

		if (m->res[i] >= 0)
			any = true;
		if (m->res[i] != UNPROBED && !m->term[i])
			going = true;
		if (m->res[i] == UNPROBED)
			continue;
		if (m->res[i] < 0 || m->term[i] || (addr != UNPROBED &&
		    m->res[i] != addr))
			one = false;
		addr = m->res[i];
	}
	if (one && addr >= 0)
		g->single[h - c->minttl] = addr;
	g->silent = any ? 0 : g->silent + 1;
	if (!going || g->silent >= GAP || h >= c->maxttl)
		g->done = true;
	else
		g->ttl++;
}

bool
pkt_mda_plan(struct pkt_trace *c)
{
	struct pkt_mda *m = c->mda;
	size_t k;

	m->ntodo = 0;
	for (k = 0; k < m->ng; k++) {
		struct mda_group *g = &m->g[k];

		while (!g->done && plan_group(c, g) == 0)
			advance(c, g);
	}
	c->gen = 0;
	return m->ntodo > 0;
}

int
pkt_mda_sr_next(void *arg, struct pkt_pkt **out, char *eb)
{
	struct pkt_trace *c = arg;
	struct pkt_mda *m = c->mda;
	size_t i;

	(void)eb;
	if (c->gen >= m->ntodo)
		return 0;
	i = m->todo[c->gen++];
	if (c->made == NULL)
		c->made = pkt_xcalloc(c->ntg * c->nttl, sizeof(*c->made));
	c->made[c->nmade++] = i;
	m->probes++;
	*out = pkt_trace_probe(c, i % c->ntg, c->minttl + (unsigned)(i / c->ntg),
	    c->round, c->env);
	return 1;
}

void
pkt_mda_round_end(struct pkt_trace *c)
{
	struct pkt_mda *m = c->mda;
	size_t k;

	for (k = 0; k < m->ntodo; k++) {
		size_t i = m->todo[k];
		const struct pkt_trace_cell *x = &c->cell[i];

		if (x->kind == PKT_TRACE_TIMEOUT)
			continue;
		m->res[i] = addr_id(m, x->addr);
		m->term[i] = x->kind == PKT_TRACE_REPLY ||
		    x->kind == PKT_TRACE_UNREACH;
		if (m->term[i])
			m->endttl[i % c->ntg] = c->minttl + (unsigned)(i / c->ntg);
	}
}

void
pkt_mda_reached(struct pkt_trace *c)
{
	size_t i, k;

	for (i = 0; i < c->ntg; i++)
		if (pkt_trace_reached(c, i))
			for (k = c->tg[i].group; k < c->ntg &&
			    c->tg[k].group == c->tg[i].group; k++)
				c->tg[k].reached = true;
}

uint64_t
pkt_mda_probes(const struct pkt_trace *c)
{
	return c->mda != NULL ? c->mda->probes : 0;
}

/* ---- what was found -------------------------------------------------------- */

/* An address list, sorted as addresses (IPv4 before IPv6). */
struct alist {
	char		(*a)[PKT_TRACE_ADDRLEN];
	size_t		 n;
};

static void
alist_add(struct alist *l, const char *a)
{
	size_t k;

	for (k = 0; k < l->n; k++)
		if (strcmp(l->a[k], a) == 0)
			return;
	l->a = pkt_xreallocarray(l->a, l->n + 1, sizeof(*l->a));
	snprintf(l->a[l->n++], PKT_TRACE_ADDRLEN, "%s", a);
}

static int
acmp(const void *x, const void *y)
{
	uint8_t a[17] = { 0 }, b[17] = { 0 };

	a[0] = inet_pton(AF_INET, x, a + 1) == 1 ? 4 :
	    (inet_pton(AF_INET6, x, a + 1) == 1 ? 6 : 9);
	b[0] = inet_pton(AF_INET, y, b + 1) == 1 ? 4 :
	    (inet_pton(AF_INET6, y, b + 1) == 1 ? 6 : 9);
	if (memcmp(a, b, sizeof(a)) != 0)
		return memcmp(a, b, sizeof(a));
	return strcmp(x, y);
}

/* The flows of group g (first flow gi): how many there are. */
static unsigned
group_flows(const struct pkt_trace *c, size_t gi)
{
	unsigned n = 0;

	while (gi + n < c->ntg && c->tg[gi + n].group == gi)
		n++;
	return n;
}

/* The last TTL to show for flow ti: where its path ended, else its last
 * answer. */
static unsigned
flow_end(const struct pkt_trace *c, size_t ti)
{
	unsigned ttl, end = pkt_trace_hop_last_ttl(c, ti);

	if (end != 0)
		return end;
	for (ttl = c->minttl; ttl <= c->maxttl; ttl++)
		if (c->hop[pkt_trace_index(c, ti, ttl)].na > 0)
			end = ttl;
	return end;
}

/* Every address of group gi at ttl, and (next not NULL) the addresses
 * at ttl+1 that flows through `from` went on to. */
static void
hops_at(const struct pkt_trace *c, size_t gi, unsigned ttl, const char *from,
    struct alist *l, unsigned *nflows)
{
	unsigned nf = group_flows(c, gi), f;
	struct alist all = { NULL, 0 };
	bool single = false;
	size_t k;

	if (nflows != NULL)
		*nflows = 0;
	if (from != NULL) {
		/* A TTL with one address: every flow passed it (--mda does
		 * not probe there the flows it made later). */
		hops_at(c, gi, ttl, NULL, &all, NULL);
		single = all.n == 1 && strcmp(all.a[0], from) == 0;
		free(all.a);
	}
	for (f = 0; f < nf; f++) {
		const struct pkt_trace_hop *h;
		unsigned end = flow_end(c, gi + f);

		if (end != 0 && ttl > end)
			continue;
		h = &c->hop[pkt_trace_index(c, gi + f, ttl)];
		if (nflows != NULL && h->sent > 0)
			(*nflows)++;
		if (from != NULL) {
			const struct pkt_trace_hop *p;

			if (ttl + 1 > c->maxttl || (end != 0 && ttl + 1 > end))
				continue;
			p = &c->hop[pkt_trace_index(c, gi + f, ttl + 1)];
			for (k = 0; k < h->na; k++)
				if (strcmp(h->a[k].addr, from) == 0)
					break;
			if (k == h->na && !(single && h->sent == 0))
				continue;
			for (k = 0; k < p->na; k++)
				alist_add(l, p->a[k].addr);
			continue;
		}
		for (k = 0; k < h->na; k++)
			alist_add(l, h->a[k].addr);
	}
	if (l->n > 1)
		qsort(l->a, l->n, sizeof(*l->a), acmp);
}

static unsigned
group_end(const struct pkt_trace *c, size_t gi)
{
	unsigned nf = group_flows(c, gi), f, end = 0;

	for (f = 0; f < nf; f++) {
		unsigned e = flow_end(c, gi + f);

		if (e > end)
			end = e;
	}
	return end;
}

/* Under TTL ttl's line (its addresses in l, the TTL before's in prev),
 * the links between the two, where the lines do not say them: both have
 * several addresses (one address on either side links to all of the
 * other).  "  a -> b c", "*" for a hop whose flows met no one after it. */
static void
print_links(FILE *o, const struct pkt_trace *c, size_t gi, unsigned ttl,
    const struct alist *prev, const struct alist *l)
{
	size_t i, k;

	if (prev->n < 2 || l->n < 2)
		return;
	for (i = 0; i < prev->n; i++) {
		struct alist nx = { NULL, 0 };

		hops_at(c, gi, ttl - 1, prev->a[i], &nx, NULL);
		fprintf(o, "     %s ->", prev->a[i]);
		if (nx.n == 0)
			fputs(" *", o);
		for (k = 0; k < nx.n; k++)
			fprintf(o, " %s", nx.a[k]);
		fputc('\n', o);
		free(nx.a);
	}
}

void
pkt_mda_print(FILE *o, const struct pkt_trace *c)
{
	size_t gi;
	unsigned ttl;

	for (gi = 0; gi < c->ntg; gi += group_flows(c, gi)) {
		unsigned end = group_end(c, gi), nf = group_flows(c, gi);
		uint64_t sent = 0;
		struct alist prev = { NULL, 0 };
		size_t i;

		for (ttl = c->minttl; ttl <= c->maxttl; ttl++)
			for (i = 0; i < nf; i++)
				sent += c->hop[pkt_trace_index(c, gi + i, ttl)].sent;
		if (c->mda != NULL)
			for (i = 0, nf = 0; i < c->mda->ng; i++)
				if (c->mda->g[i].first == gi)
					nf = c->mda->g[i].nf;
		fprintf(o, "%s%s  %u flows, %llu probes\n", gi > 0 ? "\n" : "",
		    c->tg[gi].col, nf, (unsigned long long)sent);
		for (ttl = c->minttl; ttl <= end; ttl++) {
			struct alist l = { NULL, 0 };
			unsigned n;

			hops_at(c, gi, ttl, NULL, &l, &n);
			fprintf(o, "%3u", ttl);
			if (l.n == 0)
				fputs("  *", o);
			for (i = 0; i < l.n; i++)
				fprintf(o, "  %s", l.a[i]);
			fputc('\n', o);
			print_links(o, c, gi, ttl, &prev, &l);
			free(prev.a);
			prev = l;
		}
		free(prev.a);
		prev.a = NULL;
		prev.n = 0;
	}
}

int
pkt_mda_write_summaries(FILE *o, const struct pkt_trace *c)
{
	size_t gi, i, k;
	unsigned ttl;
	int rc = 0;

	for (gi = 0; gi < c->ntg; gi += group_flows(c, gi)) {
		unsigned end = group_end(c, gi), nf = group_flows(c, gi);

		for (ttl = c->minttl; ttl <= end; ttl++) {
			struct alist l = { NULL, 0 };
			json_t *x = json_object(), *hops = json_array();
			uint64_t sent = 0;
			unsigned n;

			hops_at(c, gi, ttl, NULL, &l, &n);
			for (i = 0; i < nf; i++)
				sent += c->hop[pkt_trace_index(c, gi + i, ttl)].sent;
			for (k = 0; k < l.n; k++) {
				struct alist nx = { NULL, 0 };
				struct pkt_stats st;
				json_t *j = json_object(), *jn = json_array();

				pkt_stats_init(&st);
				for (i = 0; i < nf; i++) {
					const struct pkt_trace_hop *h = &c->hop[
					    pkt_trace_index(c, gi + i, ttl)];
					size_t a;

					for (a = 0; a < h->na; a++)
						if (strcmp(h->a[a].addr, l.a[k]) == 0)
							pkt_stats_merge(&st, &h->a[a].st);
				}
				if (ttl < end)
					hops_at(c, gi, ttl, l.a[k], &nx, NULL);
				for (i = 0; i < nx.n; i++)
					json_array_append_new(jn, json_string(nx.a[i]));
				free(nx.a);
				json_object_set_new(j, "addr", json_string(l.a[k]));
				json_object_set_new(j, "sent", json_integer((json_int_t)sent));
				json_object_set_new(j, "recv", json_integer(
				    (json_int_t)st.received));
				json_object_set_new(j, "last", json_real(st.last));
				json_object_set_new(j, "avg", json_real(pkt_stats_mean(&st)));
				json_object_set_new(j, "best", json_real(st.best));
				json_object_set_new(j, "worst", json_real(st.worst));
				json_object_set_new(j, "stdev", json_real(pkt_stats_stdev(&st)));
				json_object_set_new(j, "next", jn);
				json_array_append_new(hops, j);
			}
			json_object_set_new(x, "target", json_string(c->tg[gi].addr));
			json_object_set_new(x, "ttl", json_integer((json_int_t)ttl));
			json_object_set_new(x, "sent", json_integer((json_int_t)sent));
			json_object_set_new(x, "flows", json_integer((json_int_t)n));
			json_object_set_new(x, "hops", hops);
			if (pkt_json_write(o, x) < 0)
				rc = -1;
			json_decref(x);
			free(l.a);
		}
	}
	return rc;
}
