/* trace_graph.c: the graphs pktgraph draws, as Graphviz DOT text or JSON
 * Lines: the paths of a saved trace (the trace module's reading of it:
 * one path per target and round, rounds that took the same path merged,
 * so a load balancer's branches show), and the conversations of a packet
 * stream.  See tracegraph.h. */
#include "tracegraph.h"

#include <arpa/inet.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "err.h"
#include "graph.h"
#include "io.h"
#include "layers/ip.h"
#include "layers/ipv6.h"
#include "layers/tcp.h"
#include "layers/udp.h"
#include "nat.h"
#include "pkt.h"
#include "trace.h"
#include "tracelines.h"
#include "util.h"

/* ---- model ---------------------------------------------------------------- */

static size_t
node_get(struct pkt_graph_model *m, const char *id, int kind)
{
	long i = pkt_strmap_get(&m->nodemap, id);

	if (i >= 0)
		return (size_t)i;
	m->nodes = pkt_xgrow(m->nodes, &m->cnodes, m->nnodes + 1, sizeof(*m->nodes));
	memset(&m->nodes[m->nnodes], 0, sizeof(m->nodes[0]));
	m->nodes[m->nnodes].id = pkt_xstrdup(id);
	m->nodes[m->nnodes].kind = kind;
	pkt_strmap_put(&m->nodemap, id, m->nnodes);
	return m->nnodes++;
}

/* Node nd's record field portid ("T80"), added with its text when new;
 * looked up by hash: one node may be the end of thousands of paths, each
 * answered from a port of its own. */
static void
node_port(struct pkt_graph_model *m, size_t nd, const char *portid,
    const char *text)
{
	struct node *n = &m->nodes[nd];
	size_t k = strlen(portid);
	char key[48];

	snprintf(key, sizeof(key), "%zu %s", nd, portid);
	if (pkt_strmap_get(&m->portmap, key) >= 0)
		return;
	pkt_strmap_put(&m->portmap, key, n->nports);
	n->ports = pkt_xgrow(n->ports, &n->cports, n->nports + 1, sizeof(*n->ports));
	n->ports[n->nports] = pkt_xmalloc(k + strlen(text) + 4);
	sprintf(n->ports[n->nports], "<%s> %s", portid, text);
	n->nports++;
}

/* ---- reading packets ------------------------------------------------------ */

static int
li_field(const struct pkt_li *li, const char *name)
{
	size_t i;

	for (i = 0; i < li->l->nf; i++)
		if (strcmp(li->l->f[i].name, name) == 0 && pkt_li_present(li, i))
			return (int)i;
	return -1;
}

/* An address field as text: its value, or its default when a record
 * left it unset (a "layers" record that was not built). */
static bool
li_addr(const struct pkt_li *li, size_t i, char *buf, size_t size)
{
	const struct pkt_field *f = &li->l->f[i];

	if (f->type != PKT_F_IPV4 && f->type != PKT_F_IPV6)
		return false;
	if (pkt_li_isset(li, i))
		pkt_fmt_addr(f, li->v[i].a, buf, size);
	else if (f->defs != NULL)
		snprintf(buf, size, "%s", f->defs);
	else
		return false;
	return true;
}

/* A network layer's source and destination (its addrs hook). */
static bool
net_addrs(const struct pkt_li *li, char *a, char *b, size_t size)
{
	size_t s, d;

	return li->l->addrs != NULL && li->l->addrs(li, &s, &d) &&
	    li_addr(li, s, a, size) && li_addr(li, d, b, size);
}

static uint64_t
li_u(const struct pkt_li *li, const char *name)
{
	int i = li_field(li, name);

	return i < 0 ? 0 : pkt_li_u(li, (size_t)i);
}

/* The protocol number of what follows an IP or IPv6 header, and the
 * words that name it ("IP proto 47", "IPv6 nh 0"). */
static unsigned
net_proto(const struct pkt_li *li, const char **word)
{
	if (li->l == &pkt_layer_ip) {
		*word = "proto";
		return (unsigned)pkt_li_u(li, IP_F_PROTO);
	}
	*word = "nh";
	return (unsigned)pkt_li_u(li, IPV6_F_NH);
}

/* Index of the first (unquoted) network layer with addresses, or -1:
 * with payload only (not ARP: its header says nothing of a payload, it
 * has no span) unless arp. */
static int
net_layer(const struct pkt_pkt *p, bool arp)
{
	size_t i;

	for (i = 0; p != NULL && i < p->n; i++)
		if (!p->li[i].quoted && p->li[i].l->role == PKT_ROLE_NETWORK &&
		    (arp || (p->li[i].l->addrs != NULL && p->li[i].l->span != NULL)))
			return (int)i;
	return -1;
}

/* The transport above layer idx: TCP, UDP, ICMP or ICMPv6*, or -1. */
static int
l4_layer(const struct pkt_pkt *p, int idx)
{
	size_t i;

	for (i = (size_t)idx + 1; i < p->n; i++) {
		const struct pkt_li *li = &p->li[i];

		if (li->quoted)
			break;
		if (li->l->role == PKT_ROLE_TRANSPORT)
			return (int)i;
	}
	return -1;
}

/* ---- conversations -------------------------------------------------------- */

void
pkt_graph_conv_add(struct pkt_graph_model *m, const struct pkt_pkt *p)
{
	char a[ADDRLEN], b[ADDRLEN], key[2 * ADDRLEN + 2], proto[32];
	const struct pkt_li *li;
	struct conv *c;
	size_t i;
	long ci;
	int n, l4;

	if ((n = net_layer(p, true)) < 0)
		return;
	li = &p->li[n];
	if (!net_addrs(li, a, b, sizeof(a)))
		return;
	if (li->l->span == NULL)	/* it carries nothing (ARP): itself */
		snprintf(proto, sizeof(proto), "%s", li->l->name);
	else if ((l4 = l4_layer(p, n)) >= 0)
		snprintf(proto, sizeof(proto), "%s",
		    pkt_layer_protocol(p->li[l4].l));
	else if ((size_t)n + 1 < p->n && !p->li[n + 1].quoted &&
	    p->li[n + 1].l != &pkt_layer_raw && p->li[n + 1].l != &pkt_layer_padding)
		snprintf(proto, sizeof(proto), "%s", p->li[n + 1].l->name);
	else {
		const char *w;
		unsigned pr = net_proto(li, &w);

		snprintf(proto, sizeof(proto), "%s %s %u", li->l->name, w, pr);
	}
	m->nconvpkts++;
	snprintf(key, sizeof(key), "%s|%s", a, b);
	if ((ci = pkt_strmap_get(&m->convmap, key)) < 0) {
		size_t na = node_get(m, a, N_HOP), nb = node_get(m, b, N_HOP);

		m->convs = pkt_xgrow(m->convs, &m->cconvs, m->nconvs + 1,
		    sizeof(*m->convs));
		c = &m->convs[m->nconvs];
		memset(c, 0, sizeof(*c));
		c->a = na;
		c->b = nb;
		pkt_strmap_put(&m->convmap, key, m->nconvs);
		m->nconvs++;
	} else
		c = &m->convs[ci];
	c->n++;
	for (i = 0; i < c->nproto; i++)
		if (strcmp(c->proto[i], proto) == 0)
			break;
	if (i == c->nproto) {
		c->proto = pkt_xreallocarray(c->proto, i + 1, sizeof(*c->proto));
		c->pcount = pkt_xreallocarray(c->pcount, i + 1, sizeof(*c->pcount));
		c->proto[i] = pkt_xstrdup(proto);
		c->pcount[i] = 0;
		c->nproto++;
	}
	c->pcount[i]++;
}

/* The record field of an endpoint's answer, as Scapy's make_graph. */
static void
answer_port(const struct pkt_pkt *r, const char *kind, char *id, size_t idsize,
    char *text, size_t textsize)
{
	int n = net_layer(r, false), l4 = n < 0 ? -1 : l4_layer(r, n);
	const struct pkt_li *li;
	char port[32], flags[32];

	if (l4 < 0) {
		if (n >= 0) {
			const char *w;
			unsigned proto = net_proto(&r->li[n], &w);

			snprintf(id, idsize, "P%u", proto);
			snprintf(text, textsize, "%s %u", r->li[n].l->name, proto);
		} else {
			snprintf(id, idsize, "K");
			snprintf(text, textsize, "%s", kind != NULL ? kind : "answer");
		}
		return;
	}
	li = &r->li[l4];
	if (li->l == &pkt_layer_tcp) {
		uint64_t sport = pkt_li_u(li, TCP_F_SPORT);

		pkt_fmt_port(port, sizeof(port), li->l->f[TCP_F_SPORT].names, sport);
		pkt_fmt_flags(flags, sizeof(flags), &li->l->f[TCP_F_FLAGS],
		    pkt_li_u(li, TCP_F_FLAGS));
		snprintf(id, idsize, "T%u", (unsigned)sport);
		snprintf(text, textsize, "%s %s", port, flags);
	} else if (li->l == &pkt_layer_udp) {
		uint64_t sport = pkt_li_u(li, UDP_F_SPORT);

		pkt_fmt_port(port, sizeof(port), li->l->f[UDP_F_SPORT].names, sport);
		snprintf(id, idsize, "U%u", (unsigned)sport);
		snprintf(text, textsize, "%s", port);
	} else {	/* ICMP, ICMPv6: their type */
		unsigned type = (unsigned)li_u(li, "type");

		snprintf(id, idsize, "I%u", type);
		snprintf(text, textsize, "%s %u", pkt_layer_protocol(li->l), type);
	}
}


/* ---- trace paths ------------------------------------------------------- */

/* The MPLS labels a hop reported in the ICMP extensions of its answer:
 * the first answer that has them. */
static void
node_mpls(struct node *n, const struct pkt_trace_seen *v)
{
	struct pkt_mpls st[PKT_MPLS_MAX];
	char text[PKT_MPLS_MAX * 32];
	size_t ns = 0;

	if (n->mpls != NULL)
		return;
	if (v->ans != NULL)
		ns = pkt_mpls_stack(v->ans, st, PKT_MPLS_MAX);
	else if (v->mpls != NULL && (ns = v->nmpls) > 0)	/* a hop summary's */
		memcpy(st, v->mpls, (ns < PKT_MPLS_MAX ? ns : PKT_MPLS_MAX) *
		    sizeof(*st));
	if (ns == 0)
		return;
	pkt_mpls_fmt(text, sizeof(text), st, ns > PKT_MPLS_MAX ? PKT_MPLS_MAX : ns);
	n->mpls = pkt_xstrdup(text);
}

/* The path of one probe's answer into trace t, as Scapy's graph keeps it:
 * time-exceeded hops before the end, the first answer that ends it. */
static void
trace_seen(struct pkt_graph_model *m, struct trace *t, const struct pkt_trace_seen *v)
{
	char hop[ADDRLEN];
	unsigned ttl = v->ttl;

	if (v->hop == NULL || v->kind == PKT_TRACE_TIMEOUT || ttl > 255)
		return;
	snprintf(hop, sizeof(hop), "%s", v->hop);
	if (v->kind == PKT_TRACE_TIMEX) {
		if (t->endttl == 0 || (int)ttl < t->endttl) {
			t->hop[ttl] = (int)node_get(m, hop, N_HOP);
			node_mpls(&m->nodes[t->hop[ttl]], v);
			m->nodes[t->hop[ttl]].nat |= v->nat != 0;
		}
		return;
	}
	if (t->endttl != 0 && t->endttl <= (int)ttl)
		return;	/* Scapy keeps the first answer of a trace */
	{
		char id[24], text[96];
		int i;

		answer_port(v->ans, pkt_trace_kind_names[v->kind], id, sizeof(id),
		    text, sizeof(text));
		t->endttl = (int)ttl;
		t->endnode = (int)node_get(m, hop, N_HOP);
		m->nodes[t->endnode].nat |= v->nat != 0;
		snprintf(t->endport, sizeof(t->endport), "%s", id);
		t->reached = strcmp(hop, t->dst) == 0;
		node_port(m, (size_t)t->endnode, id, text);
		if (t->reached)
			m->nodes[t->endnode].target = true;
		for (i = (int)ttl; i < 256; i++)	/* nothing past the end */
			t->hop[i] = -1;
	}
}

/* The trace of target tg in round (one per distinct path in the end). */
static struct trace *
trace_get(struct pkt_graph_model *m, const struct pkt_trace_target *tg, unsigned round)
{
	char key[3 * ADDRLEN + 32];
	unsigned proto, port;
	struct trace *t;
	long ti;

	if (tg->bare) {
		proto = 0;
		port = 0;
	} else if (tg->l4 == PKT_TRACE_ICMP) {
		proto = tg->family == 4 ? 1 : 58;
		port = tg->family == 4 ? 8 : 128;	/* the echo request's type */
	} else {
		proto = tg->l4 == PKT_TRACE_TCP ? 6 : 17;
		port = tg->dport;
	}
	snprintf(key, sizeof(key), "%s|%s|%u|%u|%u", tg->src[0] ? tg->src : "?",
	    tg->addr, proto, port, round);
	if ((ti = pkt_strmap_get(&m->tracemap, key)) >= 0)
		return &m->traces[ti];
	m->traces = pkt_xgrow(m->traces, &m->ctraces, m->ntraces + 1,
	    sizeof(*m->traces));
	t = &m->traces[m->ntraces];
	memset(t, 0, sizeof(*t));
	snprintf(t->src, sizeof(t->src), "%s", tg->src[0] ? tg->src : "?");
	snprintf(t->dst, sizeof(t->dst), "%s", tg->addr);
	t->proto = proto;
	t->port = port;
	memset(t->hop, -1, sizeof(t->hop));
	t->endnode = -1;
	t->order = m->ntraces;
	pkt_strmap_put(&m->tracemap, key, m->ntraces);
	m->ntraces++;
	return t;
}

static bool
flow_sent(const struct trace *t, int ttl)
{
	return (t->sent[ttl / 8] >> (ttl % 8) & 1) != 0;
}

/* The node trace t has at ttl (its end node at its end TTL), -1 none. */
static int
trace_node(const struct trace *t, int ttl)
{
	return ttl == t->endttl && t->endttl != 0 ? t->endnode : t->hop[ttl];
}

/* Calls f(m, arg, a, b) for each arrow trace t draws between two nodes
 * (b -1: its node a alone, when it has one only); false when t has a
 * silent hop between two answers (a "*" of its own). */
static bool
trace_arrows(const struct trace *t, bool (*f)(struct pkt_strmap *, int, int),
    struct pkt_strmap *set)
{
	int ttl, prev = -1, n = 0;
	bool all = true, gap = false;

	for (ttl = 1; ttl < 256; ttl++) {
		int nd = trace_node(t, ttl);

		if (nd < 0) {
			gap = prev >= 0;
			continue;
		}
		if (gap)
			return false;
		if (prev >= 0)
			all &= f(set, prev, nd);
		prev = nd;
		n++;
		if (ttl == t->endttl)
			break;
	}
	if (n == 1)
		all &= f(set, prev, -1);
	return all;
}

static bool
arrow_put(struct pkt_strmap *set, int a, int b)
{
	char key[32];

	snprintf(key, sizeof(key), "%d>%d", a, b);
	pkt_strmap_put(set, key, 0);
	if (b >= 0) {	/* its nodes alone too */
		snprintf(key, sizeof(key), "%d>-1", a);
		pkt_strmap_put(set, key, 0);
		snprintf(key, sizeof(key), "%d>-1", b);
		pkt_strmap_put(set, key, 0);
	}
	return true;
}

static bool
arrow_has(struct pkt_strmap *set, int a, int b)
{
	char key[32];

	snprintf(key, sizeof(key), "%d>%d", a, b);
	return pkt_strmap_get(set, key) >= 0;
}

/* An unfinished flow every arrow and node of which a flow that got to
 * the end draws already adds nothing to the picture but a second
 * colour: it is left out. */
static void
flows_covered(struct pkt_graph_model *m, const long *next, long first)
{
	struct pkt_strmap set;
	long i;

	memset(&set, 0, sizeof(set));
	for (i = first; i >= 0; i = next[i])
		if (!m->traces[i].unfinished)
			(void)trace_arrows(&m->traces[i], arrow_put, &set);
	for (i = first; i >= 0; i = next[i]) {
		struct trace *t = &m->traces[i];

		if (t->unfinished)
			t->covered = trace_arrows(t, arrow_has, &set);
	}
	pkt_strmap_free(&set);
}

/* The flows of one target, chained by next from first: where --mda did
 * not probe a flow at a TTL (MDA-Lite's shortcut: a TTL every flow so far
 * passed at one address; or past the TTL it stopped probing the flow at),
 * the flow passed the one address the target's flows met there, as
 * pkttrace's own links say; past its last answer, the one end they all
 * had.  A flow probed at a TTL keeps what it met there, silence included.
 * A flow without an end, of a target some flow got to the end of, is
 * unfinished (--mda sent it no further, or it went silent): no blackhole,
 * which says the target was not reached. */
static void
flows_complete_target(struct pkt_graph_model *m, const long *next, long first)
{
	int one[256], endttl = 0, endnode = -1, ttl;
	const char *endport = NULL;
	bool endmany = false, reached = false;
	long i;

	for (ttl = 0; ttl < 256; ttl++)
		one[ttl] = -1;
	for (i = first; i >= 0; i = next[i]) {
		const struct trace *t = &m->traces[i];

		for (ttl = 1; ttl < 256; ttl++) {
			int nd = t->hop[ttl];

			if (ttl == t->endttl && t->endttl != 0)
				break;
			if (nd >= 0)
				one[ttl] = one[ttl] == -1 || one[ttl] == nd ? nd : -2;
		}
		if (t->endttl == 0)
			continue;
		if (endttl == 0) {
			endttl = t->endttl;
			endnode = t->endnode;
			endport = t->endport;
			reached = t->reached;
		} else if (endttl != t->endttl || endnode != t->endnode ||
		    strcmp(endport, t->endport) != 0)
			endmany = true;
	}
	for (i = first; i >= 0; i = next[i]) {
		struct trace *t = &m->traces[i];
		int last = 0;

		for (ttl = 1; ttl < 256; ttl++)
			if (trace_node(t, ttl) >= 0 || flow_sent(t, ttl))
				last = ttl;
		if (t->endttl != 0)
			last = t->endttl;
		for (ttl = 1; ttl < last; ttl++)
			if (!flow_sent(t, ttl) && t->hop[ttl] < 0 && one[ttl] >= 0)
				t->hop[ttl] = one[ttl];
		if (t->endttl != 0 || last == 0)
			continue;
		for (ttl = last + 1; ttl < 256 && t->hop[last] >= 0; ttl++) {
			if (ttl == endttl && !endmany) {
				t->endttl = endttl;
				t->endnode = endnode;
				snprintf(t->endport, sizeof(t->endport), "%s", endport);
				t->reached = reached;
				break;
			}
			if (one[ttl] < 0)
				break;
			t->hop[ttl] = one[ttl];
		}
		t->unfinished = t->endttl == 0 && endttl != 0;
	}
	flows_covered(m, next, first);
}

static void
flows_complete(struct pkt_graph_model *m)
{
	struct pkt_strmap gm;
	long *next = pkt_xcalloc(m->ntraces + 1, sizeof(*next)), g;
	char key[2 * ADDRLEN + 32];
	size_t i;

	memset(&gm, 0, sizeof(gm));
	for (i = 0; i < m->ntraces; i++) {
		const struct trace *t = &m->traces[i];

		next[i] = -1;
		if (!t->flow)
			continue;
		snprintf(key, sizeof(key), "%s|%s|%u|%u", t->src, t->dst,
		    t->proto, t->port);
		next[i] = pkt_strmap_get(&gm, key);
		pkt_strmap_put(&gm, key, i);
	}
	/* Each target once: from the last of its flows, which the map holds. */
	for (i = 0; i < m->ntraces; i++) {
		const struct trace *t = &m->traces[i];

		if (!t->flow)
			continue;
		snprintf(key, sizeof(key), "%s|%s|%u|%u", t->src, t->dst,
		    t->proto, t->port);
		if ((g = pkt_strmap_get(&gm, key)) == (long)i)
			flows_complete_target(m, next, g);
	}
	pkt_strmap_free(&gm);
	free(next);
}

static bool
trace_same(const struct trace *a, const struct trace *b)
{
	return strcmp(a->src, b->src) == 0 && strcmp(a->dst, b->dst) == 0 &&
	    a->proto == b->proto && a->port == b->port &&
	    memcmp(a->hop, b->hop, sizeof(a->hop)) == 0 && a->endttl == b->endttl &&
	    a->endnode == b->endnode && strcmp(a->endport, b->endport) == 0;
}

void
pkt_graph_add_traces(struct pkt_graph_model *m, const struct pkt_trace_saved *sv)
{
	struct pkt_trace_seen v;
	size_t i, k, n;

	/* A path per target and round, or per flow (pkttrace --flows,
	 * --mda, whose flows each keep one path over the rounds): a load
	 * balancer's branches differ. */
	for (i = 0; i < pkt_trace_saved_nprobes(sv); i++) {
		struct trace *t;

		pkt_trace_saved_probe(sv, i, &v);
		t = trace_get(m, v.t, v.flow > 0 ? (1u << 29) + v.flow : v.round);
		if (v.flow > 0 && v.ttl < 256) {
			t->flow = true;
			t->sent[v.ttl / 8] |= (uint8_t)(1u << (v.ttl % 8));
		}
		trace_seen(m, t, &v);
	}
	flows_complete(m);
	/* Hop summaries (one per target and TTL), of targets no probe was
	 * read for: path k takes the k-th address of each TTL (its last,
	 * where it has fewer), up to the most any summary of the target
	 * gave (the reader kept count: no pass over the summaries per
	 * summary). */
	for (i = 0; i < pkt_trace_saved_nsummaries(sv); i++) {
		const struct pkt_trace_hop *h;

		h = pkt_trace_saved_summary(sv, i, &v.t, &v.ttl);
		if (v.t->probes > 0 || h->na == 0)
			continue;
		for (k = 0; k < v.t->widest; k++) {
			const struct pkt_trace_addr *a = &h->a[k < h->na ? k : h->na - 1];

			v.hop = a->addr;
			v.kind = a->kind;
			v.ans = NULL;
			v.mpls = a->mpls;
			v.nmpls = a->nmpls;
			v.nat = a->nat;
			trace_seen(m, trace_get(m, v.t, (1u << 30) + (unsigned)k), &v);
		}
	}
	/* Rounds that took the same path are one path: each compared with
	 * the paths kept of its source, target, protocol, port and a hash of
	 * its hops only (a large run's 100,000 targets, or the 30,000
	 * branches of one, are not 10^10 comparisons). */
	{
		struct pkt_strmap km;
		long *prev = pkt_xcalloc(m->ntraces + 1, sizeof(*prev)), j;
		char key[2 * ADDRLEN + 96];

		memset(&km, 0, sizeof(km));
		for (i = n = 0; i < m->ntraces; i++) {
			const struct trace *t = &m->traces[i];
			uint64_t h = pkt_fnv64(t->hop, sizeof(t->hop), PKT_FNV64_INIT);

			if (t->covered)
				continue;
			h = pkt_fnv64(&t->endttl, sizeof(t->endttl), h);
			h = pkt_fnv64(&t->endnode, sizeof(t->endnode), h);
			snprintf(key, sizeof(key), "%s|%s|%u|%u|%016llx|%s", t->src,
			    t->dst, t->proto, t->port, (unsigned long long)h,
			    t->endport);
			for (j = pkt_strmap_get(&km, key); j >= 0; j = prev[j])
				if (trace_same(&m->traces[j], t))
					break;
			if (j >= 0)
				continue;
			prev[n] = pkt_strmap_get(&km, key);
			pkt_strmap_put(&km, key, n);
			m->traces[n++] = m->traces[i];
		}
		m->ntraces = n;
		pkt_strmap_free(&km);
		free(prev);
	}
}

void
pkt_graph_add_path(struct pkt_graph_model *m, const struct pkt_tl_path *p)
{
	struct pkt_trace_target tg;
	struct pkt_trace_seen v;
	struct trace *t;
	size_t i;

	memset(&tg, 0, sizeof(tg));
	tg.family = strchr(p->target, ':') != NULL ? 6 : 4;
	snprintf(tg.addr, sizeof(tg.addr), "%s", p->target);
	if (p->l4 < 0)
		tg.bare = true;
	else
		tg.l4 = (enum pkt_trace_l4)p->l4;
	t = trace_get(m, &tg, 0);
	memset(&v, 0, sizeof(v));
	v.t = &tg;
	for (i = 0; i < p->n; i++) {
		v.ttl = p->h[i].ttl;
		v.kind = p->h[i].kind;
		v.hop = p->h[i].hop[0] != '\0' ? p->h[i].hop : NULL;
		trace_seen(m, t, &v);
	}
}

/* ---- reading a stream ----------------------------------------------------- */

/* A large run's paths: drawn with the rest, or (-j) each written as it
 * is whole, through a model of its own let go after: flat memory. */
struct lines {
	struct pkt_graph_model	*m;
	const struct pkt_asn_table *asn;
	FILE			*out;
};

static int
path_done(const struct pkt_tl_path *p, void *arg)
{
	struct lines *ln = arg;
	struct pkt_graph_model one;
	int rc;

	if (ln->out == NULL) {
		pkt_graph_add_path(ln->m, p);
		return 0;
	}
	memset(&one, 0, sizeof(one));
	pkt_graph_add_path(&one, p);
	rc = pkt_graph_trace_json(ln->out, &one, ln->asn);
	pkt_graph_model_free(&one);
	return rc < 0 ? -2 : 0;	/* -1 is a bad line's */
}

int
pkt_graph_read(struct pkt_graph_model *m, struct pkt_reader *rd, bool conv,
    FILE *out, const struct pkt_asn_table *asn, char *eb)
{
	struct pkt_trace_saved *sv = pkt_trace_saved_new();
	struct pkt_tl *tl = NULL;
	struct pkt_rec rec;
	struct lines ln = { m, asn, out };
	int r;

	pkt_trace_saved_ttls(sv, 0, 255, 0, 255);
	while ((r = pkt_reader_next(rd, &rec, eb)) == 1) {
		m->nrecs++;
		/* A large run's lines, grouped per target. */
		if (!conv && rec.line) {
			if (tl == NULL)
				tl = pkt_tl_new(path_done, &ln, 0);
			m->ntracerecs++;
			if ((r = pkt_tl_add(tl, &rec, eb)) < 0) {
				if (r == -2)
					pkt_fail(eb, "stdout: %s", strerror(errno));
				break;
			}
			continue;
		}
		/* Trace pairs and hop summaries to the trace module; the rest
		 * (and everything with -C) are conversations. */
		if (!conv && (r = pkt_trace_saved_add_record(sv, &rec, eb)) != 0) {
			m->ntracerecs++;
			if (r < 0)
				break;
			continue;
		}
		if (rec.pkt != NULL)
			pkt_graph_conv_add(m, rec.pkt);
		if (rec.recv != NULL)
			pkt_graph_conv_add(m, rec.recv);
		pkt_rec_clear(&rec);
	}
	if (r >= 0 && tl != NULL && pkt_tl_end(tl) < 0)
		r = pkt_fail(eb, "stdout: %s", strerror(errno));
	if (tl != NULL)
		pkt_info(1, "%llu lines of a large run, %llu paths, at most %zu "
		    "targets open at once", (unsigned long long)pkt_tl_lines(tl),
		    (unsigned long long)pkt_tl_paths(tl), pkt_tl_peak(tl));
	pkt_tl_free(tl);
	if (r >= 0)
		pkt_graph_add_traces(m, sv);
	pkt_trace_saved_free(sv);
	return r < 0 ? -1 : 0;
}

/* ---- DOT ------------------------------------------------------------------ */

static void
attr_set(struct attrs *as, char kind, const char *name, const char *value)
{
	size_t i;

	for (i = 0; i < as->n; i++)
		if (as->a[i].kind == kind && strcmp(as->a[i].name, name) == 0) {
			free(as->a[i].value);
			as->a[i].value = pkt_xstrdup(value);
			return;
		}
	as->a = pkt_xreallocarray(as->a, as->n + 1, sizeof(*as->a));
	as->a[as->n].kind = kind;
	as->a[as->n].name = pkt_xstrdup(name);
	as->a[as->n].value = pkt_xstrdup(value);
	as->n++;
}

void
pkt_graph_attrs_free(struct attrs *as)
{
	size_t i;

	for (i = 0; i < as->n; i++) {
		free(as->a[i].name);
		free(as->a[i].value);
	}
	free(as->a);
	memset(as, 0, sizeof(*as));
}

/* -Gname=value, -Nname=value, -Ename=value among dot's arguments: they
 * replace pktgraph's defaults of the same name in the DOT text (Graphviz
 * lets a graph file's attributes beat the command line's). */
void
pkt_graph_attrs_from_argv(struct attrs *as, char **argv)
{
	size_t i;

	for (i = 0; argv != NULL && argv[i] != NULL; i++) {
		const char *s = argv[i], *eq;
		char name[128];

		if (s[0] != '-' || (s[1] != 'G' && s[1] != 'N' && s[1] != 'E') ||
		    s[2] == '\0')
			continue;
		eq = strchr(s + 2, '=');
		snprintf(name, sizeof(name), "%.*s",
		    (int)(eq != NULL ? (size_t)(eq - s - 2) : strlen(s + 2)), s + 2);
		attr_set(as, s[1], name, eq != NULL ? eq + 1 : "true");
	}
}

/* Defaults that keep a 50-hop, 16-target graph legible (see pktgraph(1),
 * DESIGN): top to bottom, a small sans-serif font, compact nodes.  Edge
 * labels take the nodes' font, not Graphviz's 14-point Times. */
static const char *const def_graph[][2] = {
	{ "rankdir", "TB" }, { "fontname", "Helvetica" }, { "fontsize", "10" },
	{ "ranksep", "0.3" }, { "nodesep", "0.2" }, { "splines", "true" },
	{ "overlap", "false" },
};
/* Conversations: every edge is labelled, and dot places a label right of
 * its edge, so the labels of A -> B and B -> A sit side by side; a wider
 * nodesep keeps them apart ("1 ICMP  1 ICMP", not "1 ICMP1 ICMP"). */
static const char *const def_conv_graph[][2] = {
	{ "rankdir", "TB" }, { "fontname", "Helvetica" }, { "fontsize", "10" },
	{ "ranksep", "0.3" }, { "nodesep", "0.5" }, { "splines", "true" },
	{ "overlap", "false" },
};
static const char *const def_node[][2] = {
	{ "shape", "ellipse" }, { "color", "black" }, { "style", "solid" },
	{ "fontname", "Helvetica" }, { "fontsize", "10" }, { "height", "0.3" },
	{ "margin", "0.08,0.03" },
};
static const char *const def_edge[][2] = {
	{ "arrowsize", "0.6" }, { "penwidth", "1.2" },
	{ "fontname", "Helvetica" }, { "fontsize", "10" },
};

static void
write_defaults(FILE *f, const char *stmt, char kind, const char *const (*def)[2],
    size_t ndef, const struct attrs *ov)
{
	size_t i, j, k = 0;

	fprintf(f, "\t%s [", stmt);
	for (i = 0; i < ndef; i++) {
		const char *v = def[i][1];

		for (j = 0; j < ov->n; j++)
			if (ov->a[j].kind == kind && strcmp(ov->a[j].name, def[i][0]) == 0)
				v = ov->a[j].value;
		fprintf(f, "%s%s=", k++ ? "," : "", def[i][0]);
		pkt_dot_value(f, v);
	}
	for (j = 0; j < ov->n; j++) {
		bool known = false;

		if (ov->a[j].kind != kind)
			continue;
		for (i = 0; i < ndef; i++)
			if (strcmp(ov->a[j].name, def[i][0]) == 0)
				known = true;
		if (known)
			continue;
		fprintf(f, "%s%s=", k++ ? "," : "", ov->a[j].name);
		pkt_dot_value(f, ov->a[j].value);
	}
	fprintf(f, "];\n");
}

/* Edge labels follow the nodes' font, -N options included, so that
 * -Nfontsize=12 does not leave the labels at 10 points. */
static void
write_edge_defaults(FILE *f, const struct attrs *ov)
{
	const char *def[sizeof(def_edge) / sizeof(def_edge[0])][2];
	size_t i, j;

	for (i = 0; i < sizeof(def_edge) / sizeof(def_edge[0]); i++) {
		def[i][0] = def_edge[i][0];
		def[i][1] = def_edge[i][1];
		for (j = 0; j < ov->n; j++)
			if (ov->a[j].kind == 'N' && strncmp(def[i][0], "font", 4) == 0 &&
			    strcmp(ov->a[j].name, def[i][0]) == 0)
				def[i][1] = ov->a[j].value;
	}
	write_defaults(f, "edge", 'E', (const char *const (*)[2])def,
	    sizeof(def) / sizeof(def[0]), ov);
}

static void
write_header(FILE *f, const char *name, bool conv, const struct attrs *ov)
{
	fprintf(f, "digraph %s {\n", name);
	if (conv)
		write_defaults(f, "graph", 'G', def_conv_graph,
		    sizeof(def_conv_graph) / sizeof(def_conv_graph[0]), ov);
	else
		write_defaults(f, "graph", 'G', def_graph,
		    sizeof(def_graph) / sizeof(def_graph[0]), ov);
	write_defaults(f, "node", 'N', def_node,
	    sizeof(def_node) / sizeof(def_node[0]), ov);
	write_edge_defaults(f, ov);
}

/* Scapy's colgen(): every mix of the given components but the greys. */
struct colgen {
	const char *c[4];
	unsigned i, j, k;
};

static void
colgen_next(struct colgen *g, char *out)
{
	for (;;) {
		unsigned i = g->i, j = g->j, k = g->k;

		if (++g->k == 4) {
			g->k = 0;
			if (++g->j == 4) {
				g->j = 0;
				if (++g->i == 4)
					g->i = 0;
			}
		}
		if (i != j || j != k || k != i) {
			sprintf(out, "#%s%s%s", g->c[(i + j) % 4], g->c[(j + k) % 4],
			    g->c[(k + i) % 4]);
			return;
		}
	}
}

static int
addr_cmp(const char *a, const char *b)
{
	char na[ADDRLEN], nb[ADDRLEN];
	unsigned char ba[17] = { 0 }, bb[17] = { 0 };
	bool va, vb;

	va = pkt_addr_norm(a, na, sizeof(na));
	vb = pkt_addr_norm(b, nb, sizeof(nb));
	if (va && vb) {
		if (inet_pton(AF_INET, na, ba + 1) != 1) {
			ba[0] = 6;
			inet_pton(AF_INET6, na, ba + 1);
		}
		if (inet_pton(AF_INET, nb, bb + 1) != 1) {
			bb[0] = 6;
			inet_pton(AF_INET6, nb, bb + 1);
		}
		return memcmp(ba, bb, sizeof(ba));
	}
	if (va != vb)
		return va ? -1 : 1;
	return strcmp(a, b);
}

static int
trace_cmp(const void *x, const void *y)
{
	const struct trace *a = x, *b = y;
	int c;

	if ((c = addr_cmp(a->dst, b->dst)) != 0)
		return c;
	if (a->proto != b->proto)
		return a->proto < b->proto ? -1 : 1;
	if (a->port != b->port)
		return a->port < b->port ? -1 : 1;
	if ((c = addr_cmp(a->src, b->src)) != 0)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static const char *
proto_name(unsigned proto)
{
	switch (proto) {
	case 1: return "icmp";
	case 6: return "tcp";
	case 17: return "udp";
	case 58: return "icmp6";
	}
	return NULL;
}

/* One element of a chain: its DOT text into buf. */
struct elem {
	char	 text[ADDRLEN + 32];
};

static void
quoted_id(char *buf, size_t size, const char *id, const char *port)
{
	if (port != NULL)
		snprintf(buf, size, "\"%s\":%s", id, port);
	else
		snprintf(buf, size, "\"%s\"", id);
}

struct cluster {
	const struct pkt_asn_entry *e;
	size_t	*members;
	size_t	 n;
};

void
pkt_graph_trace_dot(FILE *f, struct pkt_graph_model *m, const struct pkt_asn_table *asn,
    const struct attrs *ov)
{
	struct colgen back = { { "60", "86", "ba", "ff" }, 0, 0, 0 };
	struct colgen fore = { { "a0", "70", "40", "20" }, 0, 0, 0 };
	size_t *bh = pkt_xcalloc(m->ntraces + 1, sizeof(*bh));
	size_t *order = pkt_xcalloc(m->nnodes + m->ntraces + 1, sizeof(*order));
	bool *seen;
	struct elem **chains, *tmp;
	size_t *nch;
	struct cluster *cl = NULL;
	size_t ncl = 0, nordered = 0, i, j, unk = 0;
	char col[8];

	if (m->ntraces > 1)	/* qsort wants an array, even of none */
		qsort(m->traces, m->ntraces, sizeof(*m->traces), trace_cmp);
	/* Blackholes: a trace that never heard from its target. */
	for (i = 0; i < m->ntraces; i++) {
		struct trace *t = &m->traces[i];
		char name[ADDRLEN + 32];
		const char *pn = proto_name(t->proto);

		bh[i] = SIZE_MAX;
		if (t->reached || t->unfinished)
			continue;
		if (pn != NULL)
			snprintf(name, sizeof(name), "%s %u/%s", t->dst, t->port, pn);
		else
			snprintf(name, sizeof(name), "%s %u/proto", t->dst, t->proto);
		bh[i] = node_get(m, name, N_BLACKHOLE);
	}
	/* Nodes in the order the sorted traces meet them. */
	seen = pkt_xcalloc(m->nnodes + 1, sizeof(*seen));
	for (i = 0; i < m->ntraces; i++) {
		struct trace *t = &m->traces[i];
		int ttl;

		for (ttl = 0; ttl < 256; ttl++) {
			int nd = t->hop[ttl];

			if (ttl == t->endttl && t->endttl != 0)
				nd = t->endnode;
			if (nd >= 0 && !seen[nd]) {
				seen[nd] = true;
				order[nordered++] = (size_t)nd;
			}
		}
		if (bh[i] != SIZE_MAX && !seen[bh[i]]) {
			seen[bh[i]] = true;
			order[nordered++] = bh[i];
		}
	}

	write_header(f, "trace", false, ov);
	/* AS clusters: by the address, a blackhole by its destination's. */
	for (i = 0; asn != NULL && asn->n > 0 && i < nordered; i++) {
		const struct node *n = &m->nodes[order[i]];
		const struct pkt_asn_entry *e;
		char a[ADDRLEN];

		snprintf(a, sizeof(a), "%s", n->id);
		if (n->kind == N_BLACKHOLE)
			a[strcspn(a, " ")] = '\0';
		if ((e = pkt_asn_lookup(asn, a)) == NULL)
			continue;
		for (j = 0; j < ncl; j++)
			if (strcmp(cl[j].e->asn, e->asn) == 0)
				break;
		if (j == ncl) {
			cl = pkt_xreallocarray(cl, ncl + 1, sizeof(*cl));
			memset(&cl[ncl], 0, sizeof(*cl));
			cl[ncl++].e = e;
		}
		cl[j].members = pkt_xreallocarray(cl[j].members, cl[j].n + 1,
		    sizeof(size_t));
		cl[j].members[cl[j].n++] = order[i];
	}
	fprintf(f, "\n#ASN clustering\n");
	for (i = 0; i < ncl; i++) {
		char label[256];

		colgen_next(&back, col);
		fprintf(f, "\tsubgraph cluster_%s {\n", cl[i].e->asn);
		fprintf(f, "\t\tcolor=\"%s\";\n", col);
		fprintf(f, "\t\tnode [fillcolor=\"%s\",style=filled];\n", col);
		fprintf(f, "\t\tfontsize=10;\n");
		if (cl[i].e->name != NULL)
			snprintf(label, sizeof(label), "%s\n[%s]", cl[i].e->asn,
			    cl[i].e->name);
		else
			snprintf(label, sizeof(label), "%s", cl[i].e->asn);
		fprintf(f, "\t\tlabel=");
		pkt_dot_quote(f, label);
		fprintf(f, ";\n");
		for (j = 0; j < cl[i].n; j++) {
			fprintf(f, "\t\t");
			pkt_dot_quote(f, m->nodes[cl[i].members[j]].id);
			fprintf(f, ";\n");
		}
		fprintf(f, "\t}\n");
		free(cl[i].members);
	}
	free(cl);

	fprintf(f, "\n#endpoints\n");
	for (i = 0; i < nordered; i++) {
		const struct node *n = &m->nodes[order[i]];

		if (n->kind != N_HOP || n->nports == 0)
			continue;
		fprintf(f, "\t\"%s\" [shape=record,color=black,fillcolor=%s,"
		    "style=filled,label=\"%s%s", n->id, n->target ? "green" : "orange",
		    n->id, n->nat ? "\\n" PKT_NAT_MARK : "");
		for (j = 0; j < n->nports; j++)
			fprintf(f, "|%s", n->ports[j]);
		fprintf(f, "\"];\n");
	}
	/* Hops that reported MPLS labels (ICMP extensions) show them; hops
	 * that quoted a probe rewritten (a NAT before them) say so, in a
	 * double outline. */
	for (i = 0, j = 0; i < nordered; i++) {
		const struct node *n = &m->nodes[order[i]];
		char label[ADDRLEN + PKT_MPLS_MAX * 32 + 16];

		if (n->kind != N_HOP || n->nports != 0 ||
		    (n->mpls == NULL && !n->nat))
			continue;
		if (j++ == 0)
			fprintf(f, "\n#MPLS, NAT\n");
		snprintf(label, sizeof(label), "%s%s%s%s", n->id,
		    n->nat ? "\n" PKT_NAT_MARK : "", n->mpls != NULL ? "\n" : "",
		    n->mpls != NULL ? n->mpls : "");
		fprintf(f, "\t\"%s\" [%slabel=", n->id,
		    n->nat ? "peripheries=2," : "");
		pkt_dot_quote(f, label);
		fprintf(f, "];\n");
	}
	fprintf(f, "\n#Blackholes\n");
	for (i = 0; i < nordered; i++) {
		const struct node *n = &m->nodes[order[i]];

		if (n->kind != N_BLACKHOLE)
			continue;
		fprintf(f, "\t\"%s\" [shape=octagon,color=black,fillcolor=red,"
		    "style=filled,fontcolor=white,label=\"%s\\nnot reached\"];\n", n->id, n->id);
	}
	/* The chains: silent hops (unk%i) between answered ones, the
	 * blackhole after the last answer of a trace that never got there. */
	chains = pkt_xcalloc(m->ntraces + 1, sizeof(*chains));
	nch = pkt_xcalloc(m->ntraces + 1, sizeof(*nch));
	tmp = pkt_xcalloc(258, sizeof(*tmp));
	for (i = 0; i < m->ntraces; i++) {
		struct trace *t = &m->traces[i];
		struct elem *ch = tmp;	/* kept as long as it is, not 258 */
		int ttl, lo = -1, hi = -1;

		for (ttl = 0; ttl < 256; ttl++)
			if (t->hop[ttl] >= 0 || (ttl == t->endttl && t->endttl != 0)) {
				if (lo < 0)
					lo = ttl;
				hi = ttl;
			}
		for (ttl = lo; lo >= 0 && ttl <= hi; ttl++) {
			if (ttl == t->endttl && t->endttl != 0)
				quoted_id(ch[nch[i]++].text, sizeof(ch[0].text),
				    m->nodes[t->endnode].id, t->endport);
			else if (t->hop[ttl] >= 0)
				quoted_id(ch[nch[i]++].text, sizeof(ch[0].text),
				    m->nodes[t->hop[ttl]].id, NULL);
			else
				snprintf(ch[nch[i]++].text, sizeof(ch[0].text),
				    "unk%zu", unk++);
		}
		if (bh[i] != SIZE_MAX)
			quoted_id(ch[nch[i]++].text, sizeof(ch[0].text),
			    m->nodes[bh[i]].id, NULL);
		chains[i] = pkt_xcalloc(nch[i] + 1, sizeof(*ch));
		memcpy(chains[i], ch, nch[i] * sizeof(*ch));
	}
	free(tmp);
	fprintf(f, "\n#Silent hops\n");
	for (i = 0; i < unk; i++)
		fprintf(f, "\tunk%zu [label=\"*\",style=dashed,color=gray50,"
		    "fontcolor=gray40];\n", i);
	fprintf(f, "\n\tnode [shape=ellipse,color=black,style=solid];\n\n");
	for (i = 0; i < m->ntraces; i++) {
		struct trace *t = &m->traces[i];
		struct elem *ch = chains[i];

		colgen_next(&fore, col);
		fprintf(f, "#---[('%s', '%s', %u, %u)\n", t->src, t->dst, t->proto,
		    t->port);
		fprintf(f, "\t\tedge [color=\"%s\"];\n", col);
		for (j = 0; j + 1 < nch[i]; j++)
			fprintf(f, "\t%s ->\n", ch[j].text);
		if (nch[i] > 0)
			fprintf(f, "\t%s;\n", ch[nch[i] - 1].text);
		free(ch);
	}
	free(chains);
	free(nch);
	fprintf(f, "}\n");
	free(seen);
	free(order);
	free(bh);
}

void
pkt_graph_conv_dot(FILE *f, const struct pkt_graph_model *m, bool protocols,
    const struct attrs *ov)
{
	size_t i, j;

	write_header(f, "\"conv\"", true, ov);
	for (i = 0; i < m->nconvs; i++) {
		const struct conv *c = &m->convs[i];
		char label[512];
		size_t k;

		k = (size_t)snprintf(label, sizeof(label), "%llu",
		    (unsigned long long)c->n);
		if (protocols) {
			k = 0;
			label[0] = '\0';
			for (j = 0; j < c->nproto && k < sizeof(label); j++)
				k += (size_t)snprintf(label + k, sizeof(label) - k,
				    "%s%llu %s", j ? "\n" : "",
				    (unsigned long long)c->pcount[j], c->proto[j]);
		}
		fputc('\t', f);
		pkt_dot_quote(f, m->nodes[c->a].id);
		fprintf(f, " -> ");
		pkt_dot_quote(f, m->nodes[c->b].id);
		fprintf(f, " [label=");
		pkt_dot_quote(f, label);
		fprintf(f, "];\n");
	}
	fprintf(f, "}\n");
}

/* ---- -j: the graph's data as JSON Lines ------------------------------- */

static json_t *
hop_json(unsigned ttl, const char *addr, const struct pkt_asn_table *asn)
{
	json_t *h = json_object();
	const struct pkt_asn_entry *e;

	json_object_set_new(h, "ttl", json_integer(ttl));
	json_object_set_new(h, "hop", addr != NULL ? json_string(addr) : json_null());
	if (addr != NULL && asn->n > 0 && (e = pkt_asn_lookup(asn, addr)) != NULL) {
		json_object_set_new(h, "asn", json_string(e->asn));
		if (e->name != NULL)
			json_object_set_new(h, "as_name", json_string(e->name));
	}
	return h;
}

/* One line per trace, in the graph's order: its source, target, protocol
 * (and port), whether the target answered, and the path, TTL by TTL up to
 * the end (the last hop heard when the target never answered), silent
 * hops as null. */
int
pkt_graph_trace_json(FILE *f, struct pkt_graph_model *m, const struct pkt_asn_table *asn)
{
	size_t i;
	int rc = 0;

	if (m->ntraces > 1)	/* none: a large run's paths, written as they came */
		qsort(m->traces, m->ntraces, sizeof(*m->traces), trace_cmp);
	for (i = 0; i < m->ntraces && rc == 0; i++) {
		const struct trace *t = &m->traces[i];
		const char *pn = proto_name(t->proto);
		json_t *o = json_object(), *path = json_array();
		int ttl, first = -1, last = t->endttl;

		for (ttl = 0; ttl < 256; ttl++)
			if (t->hop[ttl] >= 0 || (t->endttl != 0 && ttl == t->endttl)) {
				if (first < 0)
					first = ttl;
				if (t->endttl == 0)
					last = ttl;
			}
		for (ttl = first; first >= 0 && ttl <= last; ttl++) {
			int nd = ttl == t->endttl && t->endttl != 0 ? t->endnode : t->hop[ttl];

			json_t *hj = hop_json((unsigned)ttl, nd >= 0 ?
			    m->nodes[nd].id : NULL, asn);

			if (nd >= 0 && m->nodes[nd].nat)
				json_object_set_new(hj, "nat", json_true());
			json_array_append_new(path, hj);
		}
		json_object_set_new(o, "src", json_string(t->src));
		json_object_set_new(o, "target", json_string(t->dst));
		if (pn != NULL)
			json_object_set_new(o, "proto", json_string(pn));
		else
			json_object_set_new(o, "proto", json_integer(t->proto));
		if (t->proto == 6 || t->proto == 17)
			json_object_set_new(o, "port", json_integer(t->port));
		json_object_set_new(o, "reached", json_boolean(t->reached));
		json_object_set_new(o, "path", path);
		rc = pkt_json_write(f, o);
		json_decref(o);
	}
	return rc;
}

/* One line per conversation (a source and a destination), first seen
 * first: its packets, and how many of each protocol. */
int
pkt_graph_conv_json(FILE *f, const struct pkt_graph_model *m)
{
	size_t i, j;
	int rc = 0;

	for (i = 0; i < m->nconvs && rc == 0; i++) {
		const struct conv *c = &m->convs[i];
		json_t *o = json_object(), *pr = json_object();

		for (j = 0; j < c->nproto; j++)
			json_object_set_new(pr, c->proto[j], json_integer((json_int_t)
			    c->pcount[j]));
		json_object_set_new(o, "src", json_string(m->nodes[c->a].id));
		json_object_set_new(o, "dst", json_string(m->nodes[c->b].id));
		json_object_set_new(o, "packets", json_integer((json_int_t)c->n));
		json_object_set_new(o, "protocols", pr);
		rc = pkt_json_write(f, o);
		json_decref(o);
	}
	return rc;
}

void
pkt_graph_model_free(struct pkt_graph_model *m)
{
	size_t i, j;

	for (i = 0; i < m->nnodes; i++) {
		for (j = 0; j < m->nodes[i].nports; j++)
			free(m->nodes[i].ports[j]);
		free(m->nodes[i].ports);
		free(m->nodes[i].id);
		free(m->nodes[i].mpls);
	}
	free(m->nodes);
	free(m->traces);
	for (i = 0; i < m->nconvs; i++) {
		for (j = 0; j < m->convs[i].nproto; j++)
			free(m->convs[i].proto[j]);
		free(m->convs[i].proto);
		free(m->convs[i].pcount);
	}
	free(m->convs);
	pkt_strmap_free(&m->nodemap);
	pkt_strmap_free(&m->portmap);
	pkt_strmap_free(&m->tracemap);
	pkt_strmap_free(&m->convmap);
}

