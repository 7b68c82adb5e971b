/* test_trace.c: the trace module (common/trace*.c) without a network.
 *
 *  - The model over rounds: a path of four TTLs, one of them shared by two
 *    addresses (a load balancer), one silent every other round; sent,
 *    received, loss and the RTT statistics of every hop and address
 *    against a direct two-pass computation; the path's end and reach.
 *  - The JSON round trip through the module: the probes made by
 *    pkt_trace_probe(), answered by replies built here (a time-exceeded
 *    quoting the probe, the target's SYN-ACK), written as pkttrace -j
 *    writes them (pairs with their round, then hop summaries) and read back
 *    by the one reader pkttrace -r and pktgraph use: the model read from
 *    the pairs alone equals the one written; read with the summaries its
 *    summaries and report are the same text; pktgraph's paths are the two
 *    branches.
 *  - Probe identity: every round's probes differ (IP id, TCP seq) and keep
 *    the flow (addresses, ports); --sport LO-HI moves the port per round.
 *  - pkttrace's options (pkt_trace_ask_settle): what goes together, what
 *    is refused and why, and the defaults.
 */
#include <arpa/inet.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "io.h"
#include "match.h"
#include "pkt.h"
#include "sr.h"
#include "trace.h"
#include "tracegraph.h"
#include "unit.h"
#include "util.h"

extern const struct pkt_layer pkt_layer_ip, pkt_layer_tcp, pkt_layer_icmp;

#define ROUNDS	6
#define NTTL	4

static const char *const hopaddr[NTTL] = {
	"10.0.1.2", "10.0.2.2", "10.0.3.2", "127.0.0.2",
};

/* What came back at ttl (1..4) in round r (0-based): TTL 2 answers every
 * other round only, TTL 3 alternates between two routers. */
static const char *
who(unsigned ttl, unsigned r)
{
	if (ttl == 2 && r % 2 == 1)
		return NULL;
	if (ttl == 3 && r % 2 == 1)
		return "10.0.3.6";
	return hopaddr[ttl - 1];
}

static double
rtt_of(unsigned ttl, unsigned r)
{
	return 0.001 * ttl + 0.0001 * ((r * 7 + ttl * 3) % 5);
}

static void
field(struct pkt_li *li, const char *name, uint64_t v)
{
	int fi = pkt_layer_field(li->l, name);

	if (fi < 0)
		abort();
	pkt_li_setu(li, (size_t)fi, v);
}

static void
addr(struct pkt_li *li, const char *name, const char *a)
{
	int fi = pkt_layer_field(li->l, name);

	inet_pton(AF_INET, a, li->v[fi].a);
	li->v[fi].set = true;
}

/* The answer to probe (raw bytes) from `from`: a time-exceeded quoting it,
 * or the target's SYN-ACK. */
static struct pkt_pkt *
reply_to(const struct pkt_pkt *probe, const char *from, bool target, double t)
{
	struct pkt_pkt *d = pkt_dissect_copy(probe), *p = pkt_new(), *out;
	struct pkt_li *li;
	char eb[PKT_ERRBUF], src[64];
	int fs = pkt_layer_field(&pkt_layer_ip, "src");

	pkt_fmt_addr(&pkt_layer_ip.f[fs], d->li[0].v[fs].a, src, sizeof(src));
	li = pkt_push(p, &pkt_layer_ip);
	addr(li, "src", from);
	addr(li, "dst", src);
	if (target) {
		li = pkt_push(p, &pkt_layer_tcp);
		field(li, "sport", pkt_li_u(&d->li[1], (size_t)pkt_layer_field(
		    &pkt_layer_tcp, "dport")));
		field(li, "dport", pkt_li_u(&d->li[1], (size_t)pkt_layer_field(
		    &pkt_layer_tcp, "sport")));
		field(li, "flags", 0x12);
		field(li, "ack", pkt_li_u(&d->li[1], (size_t)pkt_layer_field(
		    &pkt_layer_tcp, "seq")) + 1);
	} else {
		li = pkt_push(p, &pkt_layer_icmp);
		field(li, "type", 11);
		li = pkt_push(p, &pkt_layer_raw);
		li->v[0].b = pkt_xmalloc(probe->rawlen);
		memcpy(li->v[0].b, probe->raw, probe->rawlen);
		li->v[0].blen = probe->rawlen;
		li->v[0].set = true;
	}
	if (pkt_build(p, &pkt_env_default, eb) < 0) {
		printf("build: %s\n", eb);
		exit(2);
	}
	out = pkt_dissect_copy(p);
	out->time = t;
	pkt_free(p);
	pkt_free(d);
	return out;
}

static struct pkt_trace
new_trace(void)
{
	struct pkt_trace t;

	memset(&t, 0, sizeof(t));
	t.minttl = 1;
	t.maxttl = NTTL;
	t.nsport = 1;
	pkt_trace_add_target(&t, "127.0.0.2", NULL, PKT_TRACE_TCP, 80, -1);
	pkt_trace_alloc(&t);
	return t;
}

/* Run ROUNDS rounds through the model, writing what pkttrace -j writes to
 * f (when not NULL). */
static void
run_rounds(struct pkt_trace *t, FILE *f)
{
	struct pkt_probe pr[NTTL];
	unsigned r, ttl;
	double now = 1.8e9;

	memset(pr, 0, sizeof(pr));
	for (r = 0; r < ROUNDS; r++) {
		for (ttl = 1; ttl <= NTTL; ttl++) {
			size_t i = pkt_trace_index(t, 0, ttl);
			const char *a = who(ttl, r);

			pr[i].pkt = pkt_trace_probe(t, 0, ttl, r, &pkt_env_default);
			pr[i].sent = now;
			if (a != NULL) {
				struct pkt_pkt *rx = reply_to(pr[i].pkt, a, ttl == NTTL,
				    now + rtt_of(ttl, r));

				pkt_trace_answer(t, i, rx, rtt_of(ttl, r));
				if (f != NULL)
					pkt_trace_write_pair(f, t, pr, i, rx, rtt_of(ttl, r),
					    r + 1);
				pkt_free(rx);
			}
			now += 0.01;
		}
		for (ttl = 1; ttl <= NTTL; ttl++)
			pkt_trace_sent(t, pkt_trace_index(t, 0, ttl));
		if (f != NULL)
			pkt_trace_write_unanswered(f, t, pr, r + 1);
		pkt_trace_round_end(t, NULL);
		pkt_trace_probes_clear(t, pr);
		now += 1;
	}
}

/* The model against a direct computation from who() and rtt_of(). */
static void
check_model(const struct pkt_trace *t, const char *what, double tol)
{
	unsigned ttl, r;
	size_t k;

	CHECK(t->rounds == ROUNDS, "%s: %u rounds", what, t->rounds);
	CHECK(pkt_trace_hop_last_ttl(t, 0) == NTTL, "%s: the path ends at %u",
	    what, pkt_trace_hop_last_ttl(t, 0));
	CHECK(pkt_trace_nreached(t) == 1, "%s: the target reached", what);
	for (ttl = 1; ttl <= NTTL; ttl++) {
		const struct pkt_trace_hop *h = &t->hop[pkt_trace_index(t, 0, ttl)];
		unsigned heard = 0;

		CHECK(h->sent == ROUNDS, "%s: ttl %u sent %llu", what, ttl,
		    (unsigned long long)h->sent);
		CHECK(h->na == (ttl == 3 ? 2u : 1u), "%s: ttl %u has %zu addresses",
		    what, ttl, h->na);
		for (k = 0; k < h->na; k++) {
			const struct pkt_trace_addr *a = &h->a[k];
			double sum = 0, ss = 0, best = 1, worst = 0, last = 0, mean;
			unsigned n = 0;

			for (r = 0; r < ROUNDS; r++) {
				const char *w = who(ttl, r);
				double x = rtt_of(ttl, r);

				if (w == NULL || strcmp(w, a->addr) != 0)
					continue;
				n++;
				sum += x;
				last = x;
				best = x < best ? x : best;
				worst = x > worst ? x : worst;
			}
			mean = n ? sum / n : 0;
			for (r = 0; r < ROUNDS; r++)
				if (who(ttl, r) != NULL && strcmp(who(ttl, r), a->addr) == 0)
					ss += (rtt_of(ttl, r) - mean) * (rtt_of(ttl, r) - mean);
			heard += n;
			CHECK(a->st.received == n, "%s: ttl %u %s: %llu answers, want %u",
			    what, ttl, a->addr, (unsigned long long)a->st.received, n);
			CHECK(fabs(pkt_stats_mean(&a->st) - mean) <= tol &&
			    fabs(a->st.best - best) <= tol && fabs(a->st.worst - worst) <= tol &&
			    fabs(a->st.last - last) <= tol, "%s: ttl %u %s: avg %.9f best "
			    "%.9f worst %.9f last %.9f, want %.9f %.9f %.9f %.9f", what, ttl,
			    a->addr, pkt_stats_mean(&a->st), a->st.best, a->st.worst,
			    a->st.last, mean, best, worst, last);
			CHECK(fabs(pkt_trace_addr_stdev(a) - (n > 1 ? sqrt(ss / (n - 1)) : 0))
			    <= tol, "%s: ttl %u %s: stdev %.9f, want %.9f", what, ttl,
			    a->addr, pkt_trace_addr_stdev(a), n > 1 ? sqrt(ss / (n - 1)) : 0);
		}
		CHECK(fabs(pkt_trace_hop_loss(h) - 100.0 * (ROUNDS - heard) / ROUNDS) <
		    1e-9, "%s: ttl %u loss %.2f%%", what, ttl, pkt_trace_hop_loss(h));
	}
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = pkt_xcalloc(1, 1 << 20);

	if (f != NULL) {
		(void)!fread(s, 1, (1 << 20) - 1, f);
		fclose(f);
	}
	return s;
}

/* The text of write (summaries or report) of t, in memory. */
static char *
text_of(const struct pkt_trace *t, bool report)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);

	if (report)
		pkt_trace_print_report(f, t, NULL, 0, false);
	else
		pkt_trace_write_summaries(f, t, NULL);
	fclose(f);
	return buf;
}

static void
check_roundtrip(void)
{
	char dir[] = "/tmp/test_trace.XXXXXX", pairs[64], all[64], eb[PKT_ERRBUF];
	struct pkt_trace t = new_trace(), back, back2;
	struct pkt_trace_saved *sv;
	struct pkt_graph_model gm;
	struct pkt_probe *pr = NULL;
	char *sum, *sum2, *rep, *rep2, *s;
	FILE *f;

	if (mkdtemp(dir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
	snprintf(pairs, sizeof(pairs), "%s/pairs.jsonl", dir);
	snprintf(all, sizeof(all), "%s/all.jsonl", dir);
	f = fopen(pairs, "w");
	run_rounds(&t, f);
	fclose(f);
	check_model(&t, "live", 1e-15);
	sum = text_of(&t, false);
	rep = text_of(&t, true);
	s = slurp(pairs);
	f = fopen(all, "w");
	fputs(s, f);
	fputs(sum, f);
	fclose(f);
	free(s);

	/* The pairs alone: the same model (RTTs as JSON carries them). */
	sv = pkt_trace_saved_new();
	CHECK(pkt_trace_saved_read(sv, pairs, eb) == 0, "read pairs: %s", eb);
	memset(&back, 0, sizeof(back));
	CHECK(pkt_trace_saved_model(sv, &back, false, false, &pr, eb) == 0,
	    "a model from the pairs");
	CHECK(pkt_trace_saved_rounds(sv) == ROUNDS, "%u rounds read",
	    pkt_trace_saved_rounds(sv));
	check_model(&back, "pairs read back", 1e-12);
	free(pr);
	pkt_trace_free(&back);
	pkt_trace_saved_free(sv);

	/* Pairs and summaries: the summaries say it all, to the digit. */
	sv = pkt_trace_saved_new();
	CHECK(pkt_trace_saved_read(sv, all, eb) == 0, "read all: %s", eb);
	memset(&back2, 0, sizeof(back2));
	CHECK(pkt_trace_saved_model(sv, &back2, false, false, &pr, eb) == 0,
	    "a model from pairs and summaries");
	sum2 = text_of(&back2, false);
	rep2 = text_of(&back2, true);
	CHECK(strcmp(sum, sum2) == 0, "summaries read back differ:\n%s---\n%s",
	    sum, sum2);
	CHECK(strcmp(rep, rep2) == 0, "the report read back differs:\n%s---\n%s",
	    rep, rep2);
	CHECK(strstr(rep, "  3.|-- 10.0.3.2") != NULL &&
	    strstr(rep, "    |   10.0.3.6") != NULL &&
	    strstr(rep, " 50.0%     6") != NULL, "the report: both routers of TTL "
	    "3, TTL 2 half lost:\n%s", rep);
	/* pktgraph's paths: the two branches of TTL 3, nothing else. */
	memset(&gm, 0, sizeof(gm));
	pkt_graph_add_traces(&gm, sv);
	CHECK(gm.ntraces == 2, "pktgraph: %zu paths, want the 2 branches",
	    gm.ntraces);
	pkt_graph_model_free(&gm);
	free(pr);
	pkt_trace_free(&back2);
	pkt_trace_saved_free(sv);
	free(sum);
	free(sum2);
	free(rep);
	free(rep2);
	pkt_trace_free(&t);
	unlink(pairs);
	unlink(all);
	rmdir(dir);
}

/* Each round's probe is another (IP id, TCP seq) of the same flow. */
static void
check_identity(void)
{
	struct pkt_trace t = new_trace();
	struct pkt_pkt *p[3], *d[3];
	unsigned r;
	long sport;
	unsigned n;
	char eb[PKT_ERRBUF];
	int fid = pkt_layer_field(&pkt_layer_ip, "id");
	int fseq = pkt_layer_field(&pkt_layer_tcp, "seq");
	int fsp = pkt_layer_field(&pkt_layer_tcp, "sport");

	for (r = 0; r < 3; r++) {
		p[r] = pkt_trace_probe(&t, 0, 2, r, &pkt_env_default);
		d[r] = pkt_dissect_copy(p[r]);
	}
	{
		/* A late answer to round 0 answers no later round's probe. */
		struct pkt_pkt *late = reply_to(p[0], "10.0.1.2", false, 0);

		CHECK(pkt_match_answers(d[0], late), "round 0 answered by its quote");
		for (r = 1; r < 3; r++)
			CHECK(!pkt_match_answers(d[r], late), "round %u is not answered "
			    "by round 0's quote", r);
		pkt_free(late);
	}
	for (r = 1; r < 3; r++) {
		CHECK(pkt_li_u(&d[r]->li[0], (size_t)fid) !=
		    pkt_li_u(&d[0]->li[0], (size_t)fid) &&
		    pkt_li_u(&d[r]->li[1], (size_t)fseq) !=
		    pkt_li_u(&d[0]->li[1], (size_t)fseq), "round %u: a new identity", r);
		CHECK(pkt_li_u(&d[r]->li[1], (size_t)fsp) ==
		    pkt_li_u(&d[0]->li[1], (size_t)fsp), "round %u: the same flow", r);
	}
	for (r = 0; r < 3; r++) {
		pkt_free(p[r]);
		pkt_free(d[r]);
	}
	CHECK(pkt_trace_parse_sport("33000-33002", &sport, &n, eb) == 0 &&
	    sport == 33000 && n == 3, "--sport 33000-33002");
	CHECK(pkt_trace_parse_sport("33002-33000", &sport, &n, eb) < 0,
	    "--sport going down is refused");
	t.nsport = 3;
	t.tg[0].sport = 33000;
	for (r = 0; r < 4; r++) {
		struct pkt_pkt *q = pkt_trace_probe(&t, 0, 1, r, &pkt_env_default);
		struct pkt_pkt *qd = pkt_dissect_copy(q);

		CHECK(pkt_li_u(&qd->li[1], (size_t)fsp) == 33000 + r % 3,
		    "--sport LO-HI: round %u from port %llu", r,
		    (unsigned long long)pkt_li_u(&qd->li[1], (size_t)fsp));
		pkt_free(q);
		pkt_free(qd);
	}
	pkt_trace_free(&t);
}

/* A later round probes up to where the last one's path ended, and its
 * probes' numbers map back to their TTLs. */
static void
check_upto(void)
{
	struct pkt_trace t;
	struct pkt_pkt *p;
	size_t n = 0;
	unsigned ttl;

	memset(&t, 0, sizeof(t));
	t.minttl = 1;
	t.maxttl = 9;
	t.nsport = 1;
	t.env = &pkt_env_default;
	pkt_trace_add_target(&t, "127.0.0.2", NULL, PKT_TRACE_TCP, 80, -1);
	pkt_trace_add_target(&t, "127.0.0.3", NULL, PKT_TRACE_TCP, 80, -1);
	pkt_trace_alloc(&t);
	while (pkt_trace_next(&t, false, &p) == 1) {
		pkt_free(p);
		n++;
	}
	CHECK(n == 18, "round 1: every TTL of both targets (%zu probes)", n);
	/* Target 0 answers at TTL 4, target 1 nowhere. */
	pkt_trace_answer_addr(&t, pkt_trace_index(&t, 0, 4), "127.0.0.2",
	    PKT_TRACE_REPLY, "SA", 0.001);
	pkt_trace_round_end(&t, NULL);
	pkt_trace_round_start(&t, 1, 100);
	n = 0;
	while (pkt_trace_next(&t, false, &p) == 1) {
		pkt_free(p);
		n++;
	}
	CHECK(n == 4 + 9, "round 2: TTLs 1-4 of the reached target, all of the "
	    "other (%zu probes)", n);
	for (ttl = 1; ttl <= 4; ttl++)
		CHECK(pkt_trace_seq_index(&t, 100 + 2 * (ttl - 1)) ==
		    pkt_trace_index(&t, 0, ttl), "probe %u of round 2 is TTL %u of "
		    "target 0", 2 * (ttl - 1), ttl);
	CHECK(pkt_trace_seq_index(&t, 100 + 8) == pkt_trace_index(&t, 1, 5) &&
	    pkt_trace_seq_index(&t, 100 + 12) == pkt_trace_index(&t, 1, 9),
	    "then target 1 alone from TTL 5 to 9");
	pkt_trace_free(&t);
}

/* Probes go TTL by TTL; once an answer ends a target's path (its own, or
 * an unreachable), none of its TTLs above are made, unless all_ttls. */
static void
check_end(void)
{
	struct pkt_trace t;
	struct pkt_pkt *p;
	size_t n, i;
	int all;

	for (all = 0; all < 2; all++) {
		memset(&t, 0, sizeof(t));
		t.minttl = 1;
		t.maxttl = 9;
		t.nsport = 1;
		t.env = &pkt_env_default;
		t.all_ttls = all;
		pkt_trace_add_target(&t, "127.0.0.2", NULL, PKT_TRACE_TCP, 80, -1);
		pkt_trace_add_target(&t, "127.0.0.3", NULL, PKT_TRACE_TCP, 80, -1);
		pkt_trace_alloc(&t);
		for (n = 0; n < 6 && pkt_trace_next(&t, false, &p) == 1; n++)
			pkt_free(p);
		for (i = 0; i < 6; i++)
			CHECK(pkt_trace_seq_index(&t, i) == pkt_trace_index(&t,
			    i % 2, 1 + (unsigned)(i / 2)), "probe %zu: TTL %zu of "
			    "target %zu (TTL by TTL)", i, 1 + i / 2, i % 2);
		/* TTLs 1-3 of both out; target 0 answers at 3, target 1 gets
		 * an unreachable at 2 from a router. */
		pkt_trace_answer_addr(&t, pkt_trace_index(&t, 0, 3), "127.0.0.2",
		    PKT_TRACE_REPLY, "SA", 0.001);
		pkt_trace_answer_addr(&t, pkt_trace_index(&t, 1, 2), "10.0.0.1",
		    PKT_TRACE_UNREACH, "3", 0.001);
		while (pkt_trace_next(&t, false, &p) == 1) {
			pkt_free(p);
			n++;
		}
		CHECK(n == (all ? 18u : 6u), "%s: %zu probes", all ?
		    "all_ttls: every TTL of both" : "none above an ended path", n);
		CHECK(pkt_trace_enough(&t) == false, "TTLs 1-2 still unanswered");
		pkt_trace_free(&t);
	}
}

/* Names read from a file reach the report only when they are host names. */
static void
check_names(void)
{
	char path[] = "/tmp/test_trace_names.XXXXXX", eb[PKT_ERRBUF];
	struct pkt_trace t;
	struct pkt_probe *pr = NULL;
	struct pkt_trace_saved *sv = pkt_trace_saved_new();
	int fd = mkstemp(path);
	FILE *f = fdopen(fd, "w");
	char *rep;

	fputs("{\"target\":\"10.0.9.2\",\"ttl\":1,\"sent\":2,\"hops\":[{\"addr\":"
	    "\"10.0.1.2\",\"name\":\"r1.lab\",\"sent\":2,\"recv\":2,\"avg\":0.001}]}\n"
	    "{\"target\":\"10.0.9.2\",\"ttl\":2,\"sent\":2,\"hops\":[{\"addr\":"
	    "\"10.0.2.2\",\"name\":\"evil\\u001b[2Jx\",\"sent\":2,\"recv\":1}]}\n", f);
	fclose(f);
	CHECK(pkt_trace_saved_read(sv, path, eb) == 0, "read: %s", eb);
	memset(&t, 0, sizeof(t));
	CHECK(pkt_trace_saved_model(sv, &t, false, false, &pr, eb) == 0, "a model");
	rep = text_of(&t, true);
	CHECK(strstr(rep, "r1.lab (10.0.1.2)") != NULL && strchr(rep, 0x1b) == NULL &&
	    strstr(rep, "  2.|-- 10.0.2.2 ") != NULL && strstr(rep, " 50.0%") != NULL,
	    "a host name kept, an escape sequence dropped:\n%s", rep);
	free(rep);
	free(pr);
	pkt_trace_free(&t);
	pkt_trace_saved_free(sv);
	unlink(path);
}

/* pkttrace's options: each pair that does not go together is refused
 * with a message that names both, what is left out settles as tracepath
 * and mtr have it, and -r checks only what still has a say. */
static struct pkt_trace_ask
ask(void)
{
	struct pkt_trace_ask a = { .l4 = PKT_TRACE_TCP, .dport = -1,
	    .sport = -1, .count = -1, .nsport = 1, .minttl = 1, .maxttl = 30 };

	return a;
}

static void
check_refused(struct pkt_trace_ask a, const char *want)
{
	char eb[PKT_ERRBUF] = "";

	CHECK(pkt_trace_ask_settle(&a, eb) == -1 && strstr(eb, want) != NULL,
	    "refused with \"%s\": got \"%s\"", want, eb);
}

static void
check_ask(void)
{
	struct pkt_trace_ask a;
	char eb[PKT_ERRBUF];

	a = ask();
	CHECK(pkt_trace_ask_settle(&a, eb) == 0 && a.l4 == PKT_TRACE_TCP &&
	    a.dport == 80 && !a.rounds && !a.report && !a.multipath,
	    "plain trace: TCP 80, one round");
	a = ask();
	a.l4 = PKT_TRACE_UDP;
	CHECK(pkt_trace_ask_settle(&a, eb) == 0 && a.dport == 33434,
	    "UDP probes go to 33434");
	a = ask();
	a.pmtu = true;
	CHECK(pkt_trace_ask_settle(&a, eb) == 0 && a.l4 == PKT_TRACE_UDP &&
	    a.dport == 33434, "--pmtu probes with UDP, as tracepath");
	a = ask();
	a.pmtu = true;
	a.l4set = true;
	CHECK(pkt_trace_ask_settle(&a, eb) == 0 && a.l4 == PKT_TRACE_TCP,
	    "--pmtu --l4 tcp keeps TCP");
	a = ask();
	a.report = true;
	CHECK(pkt_trace_ask_settle(&a, eb) == 0 && a.count == 10 && a.rounds &&
	    a.report, "--report: 10 rounds, as mtr");
	a = ask();
	a.count = 5;
	a.json = true;
	CHECK(pkt_trace_ask_settle(&a, eb) == 0 && a.rounds && !a.report,
	    "-c 5 -j: rounds, hop summaries and no report");
	a = ask();
	a.count = 1;
	CHECK(pkt_trace_ask_settle(&a, eb) == 0 && !a.rounds,
	    "-c 1 is the table");
	a = ask();
	a.count = 3;
	CHECK(pkt_trace_ask_settle(&a, eb) == 0 && a.rounds && a.report,
	    "-c 3 without -j reports");
	a = ask();
	a.mda = true;
	CHECK(pkt_trace_ask_settle(&a, eb) == 0 && a.multipath && !a.rounds,
	    "--mda is multipath");

	a = ask();
	a.minttl = 9;
	a.maxttl = 3;
	check_refused(a, "--minttl 9 is above --maxttl 3");
	a = ask();
	a.json = a.wstdout = true;
	check_refused(a, "-j and -w -");
	a = ask();
	a.json = a.report = true;
	check_refused(a, "-j and --report");
	a = ask();
	a.pmtu = true;
	a.count = 3;
	check_refused(a, "--pmtu probes size after size");
	a = ask();
	a.pmtu = a.large = true;
	check_refused(a, "--pmtu probes size after size");
	a = ask();
	a.pmtu = true;
	a.flows = 4;
	check_refused(a, "--pmtu follows one flow per target");
	a = ask();
	a.l4 = PKT_TRACE_ICMP;
	a.dport = 53;
	check_refused(a, "ICMP probes have no port");
	a = ask();
	a.mda = true;
	a.count = 2;
	check_refused(a, "--mda sends as many rounds as it needs");
	a = ask();
	a.flows = 8;
	a.report = true;
	check_refused(a, "--report is per flow");
	a = ask();
	a.mda = true;
	a.nsport = 4;
	check_refused(a, "--sport takes one port");
	a = ask();
	a.flows = 2;
	a.large = true;
	check_refused(a, "--flows and --mda trace few targets");
	a = ask();
	a.count = 4;
	a.large = true;
	check_refused(a, "-c and --report trace every path");

	a = ask();
	a.read = true;
	a.report = true;
	CHECK(pkt_trace_ask_settle(&a, eb) == 0, "-r --report: the report of "
	    "a saved trace");
	a = ask();
	a.read = true;
	a.ntargets = 1;
	check_refused(a, "give either -r FILE or targets");
	a = ask();
	a.read = a.large = true;
	check_refused(a, "--stateless, --shard");
	a = ask();
	a.read = a.net = true;
	check_refused(a, "-i, --l3raw");
	a = ask();
	a.read = a.mda = true;
	check_refused(a, "shape probing; leave them out");
	a = ask();
	a.read = true;
	a.dport = 443;
	check_refused(a, "shape probing");
}

int
main(void)
{
	struct pkt_trace t = new_trace();

	run_rounds(&t, NULL);
	check_model(&t, "model", 1e-15);
	pkt_trace_free(&t);
	check_roundtrip();
	check_identity();
	check_upto();
	check_end();
	check_names();
	check_ask();
	return unit_done();
}
