/* trace_json.c: a trace as JSON Lines (SPEC section 4): pairs with their
 * trace keys, hop summaries, and a saved run read back into the model
 * (pcap probes paired with the matching index, pairs, summaries).  See
 * trace.h. */
#include "trace.h"

#include <errno.h>
#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "graph.h"
#include "io.h"
#include "match.h"
#include "nat.h"
#include "pkt.h"
#include "rdns.h"
#include "sr.h"
#include "util.h"

/* ---- writing ---------------------------------------------------------- */

/* A label stack as JSON: [[label, tc, s, ttl], ...] (SPEC s.4 "mpls"). */
static json_t *
mpls_json(const struct pkt_mpls *m, size_t n)
{
	json_t *a = json_array();
	size_t k;

	for (k = 0; k < n; k++)
		json_array_append_new(a, json_pack("[IIII]", (json_int_t)m[k].label,
		    (json_int_t)m[k].tc, (json_int_t)m[k].s, (json_int_t)m[k].ttl));
	return a;
}

/* And back: an entry that is not four numbers ends it. */
static size_t
mpls_from_json(json_t *a, struct pkt_mpls *m, size_t max)
{
	json_t *e;
	size_t i, n = 0;

	if (!json_is_array(a))
		return 0;
	json_array_foreach(a, i, e) {
		if (n == max || !json_is_array(e) || json_array_size(e) != 4 ||
		    !json_is_integer(json_array_get(e, 0)))
			break;
		m[n].label = (uint32_t)(json_integer_value(json_array_get(e, 0)) & 0xfffff);
		m[n].tc = (uint8_t)(json_integer_value(json_array_get(e, 1)) & 7);
		m[n].s = (uint8_t)(json_integer_value(json_array_get(e, 2)) & 1);
		m[n].ttl = (uint8_t)(json_integer_value(json_array_get(e, 3)) & 0xff);
		n++;
	}
	return n;
}

json_t *
pkt_trace_pair_extra(const char *target, unsigned ttl,
    const struct pkt_trace_cell *h, unsigned round)
{
	json_t *x = json_object();

	json_object_set_new(x, "target", json_string(target));
	json_object_set_new(x, "ttl", json_integer((json_int_t)ttl));
	json_object_set_new(x, "hop", h->kind == PKT_TRACE_TIMEOUT ? json_null() :
	    json_string(h->addr));
	json_object_set_new(x, "kind", json_string(pkt_trace_kind_names[h->kind]));
	if (h->nmpls > 0)
		json_object_set_new(x, "mpls", mpls_json(h->mpls, h->nmpls));
	if (h->nat != 0 && h->kind != PKT_TRACE_TIMEOUT) {
		json_t *w = json_array();
		size_t k;

		for (k = 0; k < PKT_NAT_NBITS; k++)
			if (h->nat & (1u << k))
				json_array_append_new(w, json_string(pkt_nat_names[k]));
		json_object_set_new(x, "nat", json_true());
		json_object_set_new(x, "rewritten", w);
	}
	if (round > 0)
		json_object_set_new(x, "round", json_integer((json_int_t)round));
	return x;
}

int
pkt_trace_write_pair(FILE *f, const struct pkt_trace *c,
    const struct pkt_probe *pr, size_t i, const struct pkt_pkt *reply,
    double rtt, unsigned round)
{
	struct pkt_pkt *sent = pkt_dissect_copy(pr[i].pkt);
	json_t *x = pkt_trace_pair_extra(c->tg[i % c->ntg].addr,
	    c->minttl + (unsigned)(i / c->ntg), &c->cell[i], round);
	int rc;

	if (c->nflows > 0)	/* --flows, --mda: which flow of the target */
		json_object_set_new(x, "flow", json_integer(
		    (json_int_t)c->tg[i % c->ntg].flow));
	sent->time = pr[i].sent;
	rc = pkt_json_write_pair(f, sent, reply, rtt, x);
	json_decref(x);
	pkt_free(sent);
	return rc;
}

int
pkt_trace_write_unanswered(FILE *f, const struct pkt_trace *c,
    const struct pkt_probe *pr, unsigned round)
{
	size_t i, n = c->ntg * c->nttl;
	int rc = 0;

	for (i = 0; i < n; i++) {
		unsigned last = pkt_trace_last_ttl(c, i % c->ntg);
		unsigned ttl = c->minttl + (unsigned)(i / c->ntg);

		if (c->cell[i].kind == PKT_TRACE_TIMEOUT && pr[i].pkt != NULL &&
		    pr[i].sent != 0 && (last == 0 || ttl < last) &&
		    pkt_trace_write_pair(f, c, pr, i, NULL, -1, round) < 0)
			rc = -1;
	}
	return rc;
}

int
pkt_trace_write_cells(FILE *f, const struct pkt_trace *c,
    const struct pkt_probe *pr)
{
	size_t i, n = c->ntg * c->nttl;
	int rc = 0;

	for (i = 0; i < n; i++)
		if (pr[i].pkt != NULL && c->cell[i].kind != PKT_TRACE_TIMEOUT &&
		    pkt_trace_write_pair(f, c, pr, i, c->cell[i].reply,
		    c->cell[i].rtt, 0) < 0)
			rc = -1;
	if (pkt_trace_write_unanswered(f, c, pr, 0) < 0)
		rc = -1;
	return rc;
}

int
pkt_trace_round_done(struct pkt_trace *c, const struct pkt_probe *pr, FILE *f,
    unsigned round, struct pkt_pcapw *w, bool raw, char *eb)
{
	size_t i, n = c->ntg * c->nttl;
	int rc = 0;

	for (i = 0; i < n; i++)
		if (pr[i].sent != 0)
			pkt_trace_sent(c, i);
	if (f != NULL && pkt_trace_write_unanswered(f, c, pr, round) < 0)
		rc = pkt_fail(eb, "stdout: %s", strerror(errno));
	if (w != NULL && pkt_trace_write_pcap(c, pr, raw, w, eb) < 0)
		rc = -1;
	return rc;
}

/* The TTL where target tg's summaries end: as its report does. */
static unsigned
summary_end(const struct pkt_trace *c, size_t tg)
{
	unsigned ttl, end = pkt_trace_hop_last_ttl(c, tg);

	if (end != 0)
		return end;
	end = 0;
	for (ttl = c->minttl; ttl <= c->maxttl; ttl++)
		if (c->hop[pkt_trace_index(c, tg, ttl)].na > 0)
			end = ttl;
	return end;
}

int
pkt_trace_write_summaries(FILE *f, const struct pkt_trace *c,
    const struct pkt_rdns *rd)
{
	size_t tg, k;
	unsigned ttl;
	int rc = 0;

	for (tg = 0; tg < c->ntg; tg++) {
		unsigned end = summary_end(c, tg);

		for (ttl = c->minttl; ttl <= end; ttl++) {
			const struct pkt_trace_hop *h =
			    &c->hop[pkt_trace_index(c, tg, ttl)];
			json_t *o = json_object(), *hops = json_array();

			if (h->sent == 0 && h->na == 0) {
				json_decref(o);
				json_decref(hops);
				continue;
			}
			for (k = 0; k < h->na; k++) {
				const struct pkt_trace_addr *a = &h->a[k];
				json_t *j = json_object();
				const char *name = NULL;

				json_object_set_new(j, "addr", json_string(a->addr));
				if (a->name[0] != '\0')
					name = a->name;
				else if (rd == NULL || pkt_rdns_get_str(rd, a->addr,
				    &name) != PKT_RDNS_FOUND)
					name = NULL;
				if (name != NULL)
					json_object_set_new(j, "name", json_string(name));
				json_object_set_new(j, "sent", json_integer(
				    (json_int_t)h->sent));
				json_object_set_new(j, "recv", json_integer(
				    (json_int_t)a->st.received));
				json_object_set_new(j, "loss", json_real(
				    pkt_trace_hop_loss(h)));
				json_object_set_new(j, "last", json_real(a->st.last));
				json_object_set_new(j, "avg", json_real(
				    pkt_stats_mean(&a->st)));
				json_object_set_new(j, "best", json_real(a->st.best));
				json_object_set_new(j, "worst", json_real(a->st.worst));
				json_object_set_new(j, "stdev", json_real(pkt_trace_addr_stdev(a)));
				if (a->nmpls > 0)
					json_object_set_new(j, "mpls", mpls_json(a->mpls,
					    a->nmpls));
				if (a->nat)
					json_object_set_new(j, "nat", json_true());
				json_array_append_new(hops, j);
			}
			json_object_set_new(o, "target", json_string(c->tg[tg].addr));
			json_object_set_new(o, "ttl", json_integer((json_int_t)ttl));
			json_object_set_new(o, "sent", json_integer((json_int_t)h->sent));
			json_object_set_new(o, "hops", hops);
			if (pkt_json_write(f, o) < 0)
				rc = -1;
			json_decref(o);
		}
	}
	return rc;
}

/* ---- reading ---------------------------------------------------------- */

/* A probe read from the file, and what answered it. */
struct saved {
	struct pkt_pkt	*dis;		/* its bytes as read, dissected */
	struct pkt_pkt	*ans;		/* the first answer, dissected, or NULL */
	double		 rtt;
	size_t		 tg;		/* index in the targets */
	size_t		 ctg;		/* and in the model's (its flow's) */
	unsigned	 ttl;
	unsigned	 round;		/* 1.. */
	unsigned	 flow;		/* the pair's "flow" + 1, 0 none */
	char		 hop[PKT_TRACE_ADDRLEN];	/* who answered, "" none */
	enum pkt_trace_kind kind;
	char		 what[16];	/* "SA", "11" */
	unsigned	 nat;		/* PKT_NAT_* its answer's quote shows */
};

/* A hop summary read. */
struct summary {
	size_t		 tg;
	unsigned	 ttl;
	struct pkt_trace_hop hop;
};

/* How many of the latest probes that share a packet's key it is tried
 * against: a flow of traceroute(8) holds 90 probes at most (3 per TTL),
 * and the bound keeps a capture of one long flow linear in its size. */
#define NSCAN	256

struct pkt_trace_saved {
	struct pkt_trace_target *tg;
	size_t		 ntg, tgcap;
	struct pkt_strmap tgmap;	/* "family addr protocol" -> target */
	struct pkt_strmap addrmap;	/* address -> its first target (the
					 * target of a hop summary) */
	struct pkt_strmap summap;	/* "tg ttl" -> its hop summary */
	struct pkt_strmap cellmap;	/* "tg ttl" -> probes so far */
	struct saved	*s;
	size_t		 n, scap;
	struct pkt_match_index ix;
	struct summary	*sum;
	size_t		 nsum, sumcap;
	unsigned	 lo, hi;	/* plain packets: the TTLs of a probe */
	unsigned	 plo, phi;	/* pairs: the same */
	unsigned	 rounds;
	bool		 byflow;	/* a model target per flow */
	double		 first;		/* the earliest probe's time, 0 none */
	uint64_t	 records, answers, others;
};

struct pkt_trace_saved *
pkt_trace_saved_new(void)
{
	struct pkt_trace_saved *sr = pkt_xcalloc(1, sizeof(*sr));

	pkt_match_index_init(&sr->ix);
	sr->lo = sr->plo = 1;
	sr->hi = 30;
	sr->phi = 255;
	return sr;
}

void
pkt_trace_saved_ttls(struct pkt_trace_saved *sr, unsigned lo, unsigned hi,
    unsigned plo, unsigned phi)
{
	sr->lo = lo;
	sr->hi = hi;
	sr->plo = plo;
	sr->phi = phi;
}

void
pkt_trace_saved_free(struct pkt_trace_saved *sr)
{
	size_t i;

	if (sr == NULL)
		return;
	for (i = 0; i < sr->n; i++) {
		pkt_free(sr->s[i].dis);
		pkt_free(sr->s[i].ans);
	}
	for (i = 0; i < sr->nsum; i++)
		pkt_trace_hop_free(&sr->sum[i].hop);
	free(sr->sum);
	pkt_match_index_free(&sr->ix);
	pkt_strmap_free(&sr->tgmap);
	pkt_strmap_free(&sr->addrmap);
	pkt_strmap_free(&sr->summap);
	pkt_strmap_free(&sr->cellmap);
	free(sr->s);
	free(sr->tg);
	free(sr);
}

double
pkt_trace_saved_first(const struct pkt_trace_saved *sr)
{
	return sr->first;
}

uint64_t
pkt_trace_saved_records(const struct pkt_trace_saved *sr)
{
	return sr->records;
}

unsigned
pkt_trace_saved_rounds(const struct pkt_trace_saved *sr)
{
	return sr->rounds;
}

void
pkt_trace_saved_byflow(struct pkt_trace_saved *sr, bool on)
{
	sr->byflow = on;
}

void
pkt_trace_saved_tally(const struct pkt_trace_saved *sr, FILE *f)
{
	fprintf(f, "Read %llu records: %zu probes, %llu answered, %llu "
	    "other packets\n", (unsigned long long)sr->records, sr->n,
	    (unsigned long long)sr->answers, (unsigned long long)sr->others);
}

/* The first probe, sent no later than dis, that dis answers and nothing
 * has answered yet (as Scapy's sr() pairs them), among the NSCAN latest
 * that share its key (a key of 0, no port: the NSCAN latest probes); or
 * -1. */
struct match_arg {
	const struct pkt_trace_saved *sr;
	const struct pkt_pkt *dis;
};

static bool
match_accept(void *arg, size_t i)
{
	const struct match_arg *m = arg;
	const struct saved *s = &m->sr->s[i];

	return s->ans == NULL && s->dis->time <= m->dis->time &&
	    pkt_match_answers(s->dis, m->dis);
}

/* No probe answered by Scapy's rules: an ICMP error whose quote a NAT
 * rewrote answers the first unanswered probe sent before it, among the
 * NSCAN * 16 latest, whose identity it carries (as pkttrace matches). */
static ssize_t
saved_rewritten(const struct pkt_trace_saved *sr, const struct pkt_pkt *dis)
{
	size_t i, lo = sr->n > NSCAN * 16 ? sr->n - NSCAN * 16 : 0;
	unsigned type, code;
	ssize_t best = -1;

	if (!pkt_match_is_error(dis, &type, &code))
		return -1;
	for (i = sr->n; i-- > lo; ) {
		const struct saved *s = &sr->s[i];

		if (s->ans == NULL && s->dis->time <= dis->time &&
		    pkt_nat_same_probe(s->dis, dis))
			best = (ssize_t)i;
	}
	return best;
}

static ssize_t
saved_match(const struct pkt_trace_saved *sr, const struct pkt_pkt *dis)
{
	struct match_arg m = { sr, dis };
	size_t i = pkt_match_index_find(&sr->ix, dis, NSCAN, match_accept, &m);

	return i == SIZE_MAX ? saved_rewritten(sr, dis) : (ssize_t)i;
}

/* The target of t (family, address, protocol), added when new; a second
 * destination port makes it a column of any port. */
static size_t
saved_target(struct pkt_trace_saved *sr, const struct pkt_trace_target *t)
{
	char key[2 * PKT_TRACE_ADDRLEN + 16];
	long i;

	snprintf(key, sizeof(key), "%d %s %s %d", t->family, t->src, t->addr,
	    (int)t->l4);
	if ((i = pkt_strmap_get(&sr->tgmap, key)) >= 0) {
		struct pkt_trace_target *have = &sr->tg[i];

		if (have->l4 != PKT_TRACE_ICMP && !have->anyport &&
		    have->dport != t->dport) {
			have->anyport = true;
			pkt_trace_target_col(have);
		}
		return (size_t)i;
	}
	sr->tg = pkt_xgrow(sr->tg, &sr->tgcap, sr->ntg + 1, sizeof(*sr->tg));
	sr->tg[sr->ntg] = *t;
	pkt_trace_target_col(&sr->tg[sr->ntg]);
	pkt_strmap_put(&sr->tgmap, key, sr->ntg);
	if (pkt_strmap_get(&sr->addrmap, t->addr) < 0)
		pkt_strmap_put(&sr->addrmap, t->addr, sr->ntg);
	return sr->ntg++;
}

/* round: the pair's "round", else 0: the how-manieth probe of its target
 * and TTL this one is. */
static struct saved *
saved_add(struct pkt_trace_saved *sr, struct pkt_pkt *dis,
    const struct pkt_trace_target *t, unsigned ttl, unsigned round)
{
	struct saved *s;
	char key[64];
	long seen;

	sr->s = pkt_xgrow(sr->s, &sr->scap, sr->n + 1, sizeof(*sr->s));
	s = &sr->s[sr->n];
	memset(s, 0, sizeof(*s));
	s->dis = dis;
	s->rtt = -1;
	s->tg = saved_target(sr, t);
	sr->tg[s->tg].probes++;
	if (dis->time > 0 && (sr->first == 0 || dis->time < sr->first))
		sr->first = dis->time;
	s->ttl = ttl;
	snprintf(key, sizeof(key), "%zu %u", s->tg, ttl);
	seen = pkt_strmap_get(&sr->cellmap, key);
	seen = seen < 0 ? 1 : seen + 1;
	pkt_strmap_put(&sr->cellmap, key, (size_t)seen);
	s->round = round > 0 ? round : (unsigned)seen;
	if (s->round > sr->rounds)
		sr->rounds = s->round;
	pkt_match_index_add(&sr->ix, dis, sr->n);
	return &sr->s[sr->n++];
}

/* s was answered by ans (dissected; taken): who and what. */
static void
saved_answer(struct pkt_trace_saved *sr, struct saved *s, struct pkt_pkt *ans,
    double rtt)
{
	s->ans = ans;
	s->rtt = rtt >= 0 ? rtt : ans->time - s->dis->time;
	if (!pkt_trace_classify(ans, s->hop, &s->kind, s->what))
		s->hop[0] = '\0';
	s->nat = pkt_nat_compare(s->dis, ans);
	sr->answers++;
}

/* A record's packet as a dissection of its bytes: a pcap record (or a
 * JSON record with only "hex") is one already; one built from "layers"
 * is dissected from what was built.  Takes *pp. */
static struct pkt_pkt *
as_dissected(struct pkt_pkt **pp, bool was_built)
{
	struct pkt_pkt *p = *pp, *d;

	*pp = NULL;
	if (p == NULL || was_built)
		return p;
	d = pkt_dissect_copy(p);
	pkt_free(p);
	return d;
}

static bool
jnum(json_t *o, const char *key, double *v)
{
	json_t *j = json_object_get(o, key);

	if (!json_is_number(j) || !isfinite(json_number_value(j)))
		return false;
	*v = json_number_value(j);
	return true;
}

/* A name read from a file, kept only when it is a host name (letters,
 * digits, '-', '_' and '.', as rdns gives them): nothing else reaches a
 * terminal from it. */
static void
host_name(char *buf, size_t size, const char *s)
{
	size_t i, n = strlen(s);

	buf[0] = '\0';
	if (n == 0 || n >= size)
		return;
	for (i = 0; i < n; i++)
		if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') ||
		    (s[i] >= '0' && s[i] <= '9') || s[i] == '-' || s[i] == '_' ||
		    s[i] == '.'))
			return;
	memcpy(buf, s, n + 1);
}

/* A hop summary record: kept, its target found or added (by address);
 * one of a target and TTL already read is replaced, as the model would
 * replace it.  Each lookup is a hash's, so that a long input costs time
 * in proportion to its length. */
static int
saved_summary(struct pkt_trace_saved *sr, const struct pkt_rec *rec,
    char *eb)
{
	json_t *o = rec->json, *hops = json_object_get(o, "hops"), *h;
	json_t *jt = json_object_get(o, "target"), *jl = json_object_get(o, "ttl");
	char addr[PKT_TRACE_ADDRLEN], key[64];
	struct summary *su;
	size_t k, tg;
	json_int_t ttl;
	long i;
	int rc = 0;

	/* pkttrace --pmtu's summary of a target: its pairs say it all. */
	if (json_object_get(o, "pmtu") != NULL && jl == NULL) {
		sr->others++;
		return 0;
	}
	if (!json_is_string(jt) || !pkt_addr_norm(json_string_value(jt), addr,
	    sizeof(addr)))
		return pkt_fail(eb, "%s:%llu: a hop summary wants \"target\", an "
		    "address", rec->file, (unsigned long long)rec->recno);
	if (!json_is_integer(jl) || (ttl = json_integer_value(jl)) < 1 ||
	    ttl > 255)
		return pkt_fail(eb, "%s:%llu: a hop summary wants \"ttl\", 1..255",
		    rec->file, (unsigned long long)rec->recno);
	if ((i = pkt_strmap_get(&sr->addrmap, addr)) >= 0)
		tg = (size_t)i;
	else {
		struct pkt_trace_target t;

		memset(&t, 0, sizeof(t));
		t.family = strchr(addr, ':') != NULL ? 6 : 4;
		snprintf(t.addr, sizeof(t.addr), "%s", addr);
		t.bare = true;
		tg = saved_target(sr, &t);
	}
	snprintf(key, sizeof(key), "%zu %u", tg, (unsigned)ttl);
	if ((i = pkt_strmap_get(&sr->summap, key)) >= 0) {
		su = &sr->sum[i];
		pkt_trace_hop_free(&su->hop);
	} else {
		sr->sum = pkt_xgrow(sr->sum, &sr->sumcap, sr->nsum + 1,
		    sizeof(*sr->sum));
		pkt_strmap_put(&sr->summap, key, sr->nsum);
		su = &sr->sum[sr->nsum++];
	}
	memset(su, 0, sizeof(*su));
	su->tg = tg;
	su->ttl = (unsigned)ttl;
	json_array_foreach(hops, k, h) {
		json_t *ja = json_object_get(h, "addr");
		struct pkt_trace_addr *a;
		char ha[PKT_TRACE_ADDRLEN];
		double sent = 0, recv = 0, sd = 0;

		if (!json_is_string(ja) || !pkt_addr_norm(json_string_value(ja), ha,
		    sizeof(ha)) || !jnum(h, "sent", &sent) || !jnum(h, "recv", &recv) ||
		    sent < 0 || recv < 0 || sent > 1e15 || recv > 1e15) {
			rc = pkt_fail(eb, "%s:%llu: hops[%zu]: wants \"addr\", "
			    "\"sent\" and \"recv\"", rec->file,
			    (unsigned long long)rec->recno, k);
			break;
		}
		a = pkt_trace_hop_addr(&su->hop, ha);
		su->hop.sent = (uint64_t)sent;
		a->st.received = (uint64_t)recv;
		(void)jnum(h, "last", &a->st.last);
		(void)jnum(h, "avg", &a->st.mean);
		(void)jnum(h, "best", &a->st.best);
		(void)jnum(h, "worst", &a->st.worst);
		if (jnum(h, "stdev", &sd) && sd >= 0) {
			a->stdev = sd;
			if (a->st.received > 1)
				a->st.m2 = sd * sd * (double)(a->st.received - 1);
		}
		a->kind = strcmp(ha, addr) == 0 ? PKT_TRACE_REPLY : PKT_TRACE_TIMEX;
		a->nmpls = mpls_from_json(json_object_get(h, "mpls"), a->mpls,
		    PKT_MPLS_MAX);
		a->nat = json_is_true(json_object_get(h, "nat"));
		if (json_is_string(json_object_get(h, "name")))
			host_name(a->name, sizeof(a->name), json_string_value(
			    json_object_get(h, "name")));
	}
	if (su->hop.na > sr->tg[tg].widest)
		sr->tg[tg].widest = su->hop.na;
	if (rc < 0)
		return rc;
	{
		double sent;

		if (jnum(o, "sent", &sent) && sent >= 0 && sent <= 1e15)
			su->hop.sent = (uint64_t)sent;
	}
	return 0;
}

/* A pair's own "hop" and "kind", when it has them, say who answered and
 * how (a pair edited with jq says what it says).  -1 for a "hop" that is
 * no address. */
static int
pair_keys(const struct pkt_rec *rec, struct saved *s, char *eb)
{
	json_t *jh = json_object_get(rec->json, "hop");
	json_t *jk = json_object_get(rec->json, "kind");
	size_t k;

	if (json_is_string(jk))
		for (k = 0; k <= PKT_TRACE_REPLY; k++)
			if (strcmp(json_string_value(jk), pkt_trace_kind_names[k]) == 0)
				s->kind = (enum pkt_trace_kind)k;
	if (json_is_string(jh)) {
		char q[PKT_QUOTEBUF];

		if (!pkt_addr_norm(json_string_value(jh), s->hop, sizeof(s->hop)))
			return pkt_fail(eb, "%s:%llu: \"hop\": \"%s\" is not an IP "
			    "address", rec->file, (unsigned long long)rec->recno,
			    pkt_quote(json_string_value(jh), q, sizeof(q)));
	} else if (json_is_null(jh) || (json_is_string(jk) &&
	    s->kind == PKT_TRACE_TIMEOUT)) {
		s->hop[0] = '\0';
		s->kind = PKT_TRACE_TIMEOUT;
	}
	return 0;
}

/* rec (pair or packet), built: kept as a probe, an answer, or let go. */
static int
saved_packet(struct pkt_trace_saved *sr, struct pkt_rec *rec, char *eb)
{
	bool built = rec->built, rbuilt = rec->recv_built;
	struct pkt_pkt *dis = as_dissected(&rec->pkt, built);
	struct pkt_trace_target t;
	unsigned ttl = 0, round = 0;
	struct saved *s;
	ssize_t m;

	if (rec->pair) {
		json_t *jr = rec->json != NULL ?
		    json_object_get(rec->json, "round") : NULL;
		json_t *jt = rec->json != NULL ?
		    json_object_get(rec->json, "ttl") : NULL;
		struct pkt_pkt *ans;
		bool shape = pkt_trace_probe_shape(dis, &t, &ttl);

		/* A trace pair's own "ttl" says which TTL it was. */
		if (json_is_integer(jt)) {
			if (json_integer_value(jt) < 0 || json_integer_value(jt) > 255) {
				pkt_free(dis);
				pkt_rec_clear(rec);
				return pkt_fail(eb, "%s:%llu: \"ttl\": %lld out of range "
				    "0..255", rec->file, (unsigned long long)rec->recno,
				    (long long)json_integer_value(jt));
			}
			ttl = (unsigned)json_integer_value(jt);
		}
		if (!shape || ttl < sr->plo || ttl > sr->phi) {
			sr->others++;
			pkt_free(dis);
			pkt_rec_clear(rec);
			return 0;
		}
		if (json_is_integer(jr) && json_integer_value(jr) > 0 &&
		    json_integer_value(jr) < (1 << 30))
			round = (unsigned)json_integer_value(jr);
		s = saved_add(sr, dis, &t, ttl, round);
		{
			json_t *jf = rec->json != NULL ?
			    json_object_get(rec->json, "flow") : NULL;

			if (json_is_integer(jf) && json_integer_value(jf) >= 0 &&
			    json_integer_value(jf) < (1 << 20))
				s->flow = (unsigned)json_integer_value(jf) + 1;
		}
		if ((ans = as_dissected(&rec->recv, rbuilt)) != NULL)
			saved_answer(sr, s, ans, rec->rtt);
		pkt_rec_clear(rec);
		return rec->json != NULL ? pair_keys(rec, s, eb) : 0;
	}
	if ((m = saved_match(sr, dis)) >= 0)
		saved_answer(sr, &sr->s[m], dis, -1);
	else if (pkt_trace_probe_shape(dis, &t, &ttl) && ttl >= sr->lo &&
	    ttl <= sr->hi)
		saved_add(sr, dis, &t, ttl, 0);
	else {
		sr->others++;
		pkt_free(dis);
	}
	pkt_rec_clear(rec);
	return 0;
}

int
pkt_trace_saved_add_record(struct pkt_trace_saved *sr, struct pkt_rec *rec,
    char *eb)
{
	if (rec->summary) {
		sr->records++;
		return saved_summary(sr, rec, eb) < 0 ? -1 : 1;
	}
	if (!rec->pair || rec->json == NULL ||
	    !json_is_integer(json_object_get(rec->json, "ttl")) ||
	    !json_is_string(json_object_get(rec->json, "target")))
		return 0;
	sr->records++;
	if (pkt_rec_build(rec, &pkt_env_default, eb) < 0) {
		pkt_rec_clear(rec);
		return -1;
	}
	return saved_packet(sr, rec, eb) < 0 ? -1 : 1;
}

int
pkt_trace_saved_rec(struct pkt_trace_saved *sr, struct pkt_rec *rec, char *eb)
{
	sr->records++;
	if (rec->summary)
		return saved_summary(sr, rec, eb) < 0 ? -1 : 0;
	if (rec->line)
		return pkt_fail(eb, "%s:%llu: a large run's line (pkttrace "
		    "--stateless) among a small run's records: read them apart",
		    rec->file, (unsigned long long)rec->recno);
	if (pkt_rec_build(rec, &pkt_env_default, eb) < 0) {
		pkt_rec_clear(rec);
		return -1;
	}
	return saved_packet(sr, rec, eb) < 0 ? -1 : 0;
}

int
pkt_trace_saved_read(struct pkt_trace_saved *sr, const char *path, char *eb)
{
	struct pkt_reader *rd;
	struct pkt_rec rec;
	int r;

	if ((rd = pkt_reader_open(path, eb)) == NULL)
		return -1;
	while ((r = pkt_reader_next(rd, &rec, eb)) == 1)
		if (pkt_trace_saved_rec(sr, &rec, eb) < 0) {
			r = -1;
			break;
		}
	pkt_reader_close(rd);
	return r < 0 ? -1 : 0;
}

size_t
pkt_trace_saved_nprobes(const struct pkt_trace_saved *sr)
{
	return sr->n;
}

void
pkt_trace_saved_probe(const struct pkt_trace_saved *sr, size_t i,
    struct pkt_trace_seen *v)
{
	const struct saved *s = &sr->s[i];

	v->t = &sr->tg[s->tg];
	v->ttl = s->ttl;
	v->round = s->round;
	v->flow = s->flow;
	v->hop = s->hop[0] != '\0' ? s->hop : NULL;
	v->kind = s->kind;
	v->ans = s->ans;
	v->mpls = NULL;
	v->nmpls = 0;
	v->nat = s->hop[0] != '\0' ? s->nat : 0;
}

size_t
pkt_trace_saved_nsummaries(const struct pkt_trace_saved *sr)
{
	return sr->nsum;
}

const struct pkt_trace_hop *
pkt_trace_saved_summary(const struct pkt_trace_saved *sr, size_t i,
    const struct pkt_trace_target **t, unsigned *ttl)
{
	*t = &sr->tg[sr->sum[i].tg];
	*ttl = sr->sum[i].ttl;
	return &sr->sum[i].hop;
}

static int
flowkey_cmp(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/* The model's targets: the targets read, or (pkttrace --flows and --mda
 * pairs, with sr->byflow) one per target and flow, the flows of a target
 * side by side as its group, as the run had them; each probe's s->ctg.
 * A target known from hop summaries only is one of its own.  Its hop
 * summaries' targets in *sumtg (SIZE_MAX: left out, the flows' own probes
 * say it all).  The number of flows of the largest group, 0 for none. */
static unsigned
saved_targets(struct pkt_trace_saved *sr, struct pkt_trace *c, size_t **sumtg)
{
	uint64_t *k;
	size_t i, n = 0, nu, *first;
	unsigned most = 0;
	bool flows = false;

	*sumtg = pkt_xcalloc(sr->nsum + 1, sizeof(**sumtg));
	for (i = 0; sr->byflow && i < sr->n && !flows; i++)
		flows = sr->s[i].flow > 0;
	if (!flows) {
		c->tg = pkt_xcalloc(sr->ntg, sizeof(*c->tg));
		memcpy(c->tg, sr->tg, sr->ntg * sizeof(*c->tg));
		c->ntg = sr->ntg;
		for (i = 0; i < sr->n; i++)
			sr->s[i].ctg = sr->s[i].tg;
		for (i = 0; i < sr->nsum; i++)
			(*sumtg)[i] = sr->sum[i].tg;
		return 0;
	}
	/* (target, flow) keys, sorted: groups in the targets' order. */
	k = pkt_xcalloc(sr->n + sr->ntg + 1, sizeof(*k));
	for (i = 0; i < sr->n; i++)
		k[n++] = (uint64_t)sr->s[i].tg << 32 | sr->s[i].flow;
	for (i = 0; i < sr->ntg; i++)
		if (sr->tg[i].probes == 0)
			k[n++] = (uint64_t)i << 32;
	qsort(k, n, sizeof(*k), flowkey_cmp);
	for (i = nu = 0; i < n; i++)
		if (nu == 0 || k[nu - 1] != k[i])
			k[nu++] = k[i];
	c->tg = pkt_xcalloc(nu, sizeof(*c->tg));
	c->ntg = nu;
	first = pkt_xcalloc(sr->ntg + 1, sizeof(*first));
	for (i = 0; i < nu; i++) {
		size_t t = (size_t)(k[i] >> 32);
		unsigned f = (unsigned)(k[i] & 0xffffffffu);

		if (i == 0 || (size_t)(k[i - 1] >> 32) != t)
			first[t] = i;
		c->tg[i] = sr->tg[t];
		c->tg[i].flow = f > 0 ? f - 1 : 0;
		c->tg[i].group = first[t];
		c->tg[i].probes = 0;
		if (i - first[t] + 1 > most)
			most = (unsigned)(i - first[t] + 1);
	}
	for (i = 0; i < sr->n; i++) {
		uint64_t key = (uint64_t)sr->s[i].tg << 32 | sr->s[i].flow;
		const uint64_t *at = bsearch(&key, k, nu, sizeof(*k), flowkey_cmp);

		sr->s[i].ctg = (size_t)(at - k);
		c->tg[sr->s[i].ctg].probes++;
	}
	for (i = 0; i < sr->nsum; i++)
		(*sumtg)[i] = sr->tg[sr->sum[i].tg].probes == 0 ?
		    first[sr->sum[i].tg] : SIZE_MAX;
	free(first);
	free(k);
	return most;
}

int
pkt_trace_saved_model(struct pkt_trace_saved *sr, struct pkt_trace *c,
    bool minset, bool maxset, struct pkt_probe **probes, char *eb)
{
	size_t i, npr, *pick, *sumtg;
	unsigned lo = 255, hi = 0;
	struct pkt_probe *pr;

	for (i = 0; i < sr->n; i++) {
		if (sr->s[i].ttl < lo)
			lo = sr->s[i].ttl;
		if (sr->s[i].ttl > hi)
			hi = sr->s[i].ttl;
	}
	for (i = 0; i < sr->nsum; i++) {
		if (sr->sum[i].ttl < lo)
			lo = sr->sum[i].ttl;
		if (sr->sum[i].ttl > hi)
			hi = sr->sum[i].ttl;
	}
	if (!minset)
		c->minttl = lo;
	if (!maxset)
		c->maxttl = hi;
	if (sr->ntg == 0 || c->minttl > c->maxttl)
		return -1;
	c->nflows = saved_targets(sr, c, &sumtg);
	/* The input says how many targets and TTLs: no more than a run of
	 * pkttrace itself would hold (a cell, a hop and a probe each, some
	 * 340 bytes), whatever a file claims; the targets by flow when the
	 * pairs have flows. */
	if (c->ntg > PKT_TRACE_MAXPROBES / (c->maxttl - c->minttl + 1)) {
		pkt_fail(eb, "%zu targets of %u TTLs (%u to %u): more than %u "
		    "probes to hold at once; --minttl and --maxttl narrow the TTLs "
		    "read, or read fewer targets at a time", c->ntg,
		    c->maxttl - c->minttl + 1, c->minttl, c->maxttl,
		    PKT_TRACE_MAXPROBES);
		free(c->tg);
		c->tg = NULL;
		c->ntg = 0;
		c->nflows = 0;
		free(sumtg);
		return -2;
	}
	pkt_trace_alloc(c);
	npr = c->ntg * c->nttl;
	pr = pkt_xcalloc(npr, sizeof(*pr));
	pick = pkt_xcalloc(npr, sizeof(*pick));
	/* Every probe counts for its hop; each cell shows its first answered
	 * probe, else its first probe. */
	for (i = 0; i < sr->n; i++) {
		struct saved *s = &sr->s[i];
		size_t k;

		if (s->ttl < c->minttl || s->ttl > c->maxttl)
			continue;
		k = pkt_trace_index(c, s->ctg, s->ttl);
		pkt_trace_sent(c, k);
		if (s->hop[0] != '\0') {
			struct pkt_mpls st[PKT_MPLS_MAX];
			size_t ns = s->ans != NULL ? pkt_mpls_stack(s->ans, st,
			    PKT_MPLS_MAX) : 0;

			pkt_trace_answer_addr(c, k, s->hop, s->kind, s->what,
			    s->ans != NULL ? s->rtt : -1);
			if (s->nat != 0)
				pkt_trace_hop_addr(&c->hop[k], s->hop)->nat = true;
			if (ns > 0) {	/* the report's and summaries' labels */
				struct pkt_trace_addr *a = pkt_trace_hop_addr(
				    &c->hop[k], s->hop);

				a->nmpls = ns < PKT_MPLS_MAX ? ns : PKT_MPLS_MAX;
				memcpy(a->mpls, st, a->nmpls * sizeof(*st));
			}
		}
		if (pr[k].pkt == NULL ||
		    (sr->s[pick[k]].hop[0] == '\0' && s->hop[0] != '\0')) {
			pr[k].pkt = s->dis;
			pr[k].sent = s->dis->time;
			pick[k] = i;
		}
	}
	for (i = 0; i < npr; i++) {
		pkt_free(c->cell[i].reply);
		memset(&c->cell[i], 0, sizeof(c->cell[i]));
		c->cell[i].rtt = -1;
		if (pr[i].pkt != NULL && sr->s[pick[i]].hop[0] != '\0') {
			const struct saved *s = &sr->s[pick[i]];
			struct pkt_trace_cell *h = &c->cell[i];

			snprintf(h->addr, sizeof(h->addr), "%s", s->hop);
			snprintf(h->what, sizeof(h->what), "%s", s->what);
			h->kind = s->kind;
			h->nat = s->nat;
			h->rtt = s->ans != NULL ? s->rtt : -1;
			if (s->ans != NULL && (h->nmpls = pkt_mpls_stack(s->ans,
			    h->mpls, PKT_MPLS_MAX)) > PKT_MPLS_MAX)
				h->nmpls = PKT_MPLS_MAX;
			if (c->keep && s->ans != NULL)
				h->reply = pkt_copy(s->ans);
		}
	}
	/* Summaries say it all of their hop. */
	for (i = 0; i < sr->nsum; i++) {
		const struct summary *su = &sr->sum[i];
		struct pkt_trace_hop *h;

		if (su->ttl < c->minttl || su->ttl > c->maxttl ||
		    sumtg[i] == SIZE_MAX)
			continue;
		h = &c->hop[pkt_trace_index(c, sumtg[i], su->ttl)];
		pkt_trace_hop_free(h);
		h->sent = su->hop.sent;
		h->na = su->hop.na;
		h->cap = h->na ? h->na : 1;
		h->a = pkt_xcalloc(h->cap, sizeof(*h->a));
		if (h->na > 0)	/* a hop no address answered has none */
			memcpy(h->a, su->hop.a, h->na * sizeof(*h->a));
	}
	for (i = 0; i < c->ntg; i++) {
		unsigned end = pkt_trace_hop_last_ttl(c, i);
		const struct pkt_trace_hop *h;
		size_t k;

		if (end == 0)
			continue;
		h = &c->hop[pkt_trace_index(c, i, end)];
		for (k = 0; k < h->na; k++)
			if (strcmp(h->a[k].addr, c->tg[i].addr) == 0)
				c->tg[i].reached = true;
	}
	c->rounds = sr->rounds;
	free(sumtg);
	free(pick);
	*probes = pr;
	return 0;
}

int
pkt_trace_saved_write_rounds(FILE *f, const struct pkt_trace_saved *sr,
    const struct pkt_trace *c, const struct pkt_rdns *rd)
{
	size_t i;
	int rc = 0;

	for (i = 0; i < sr->n; i++) {
		const struct saved *s = &sr->s[i];
		struct pkt_trace_cell h;
		struct pkt_pkt *sent;
		json_t *x;

		if (s->ttl < c->minttl || s->ttl > c->maxttl)
			continue;
		memset(&h, 0, sizeof(h));
		snprintf(h.addr, sizeof(h.addr), "%s", s->hop);
		h.kind = s->hop[0] != '\0' ? s->kind : PKT_TRACE_TIMEOUT;
		h.nat = s->nat;
		x = pkt_trace_pair_extra(c->tg[s->ctg].addr, s->ttl, &h, s->round);
		if (s->flow > 0)
			json_object_set_new(x, "flow", json_integer(
			    (json_int_t)s->flow - 1));
		sent = pkt_dissect_copy(s->dis);
		sent->time = s->dis->time;
		if (pkt_json_write_pair(f, sent, s->ans, s->ans != NULL ? s->rtt : -1,
		    x) < 0)
			rc = -1;
		pkt_free(sent);
		json_decref(x);
	}
	if ((c->nflows > 0 ? pkt_mda_write_summaries(f, c) :
	    pkt_trace_write_summaries(f, c, rd)) < 0)
		rc = -1;
	return rc;
}
