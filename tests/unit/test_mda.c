/* test_mda: the MDA's stopping points (Veitch et al.'s table, and the
 * failure bound each entry keeps), and the MDA itself run offline over
 * simulated load balancers: how many flows it sends to each TTL, that
 * it stops, and how often it finds every branch.  Flows: their ports,
 * ICMP checksums and identities. */
#include <math.h>
#include <string.h>

#include "layers/icmp.h"
#include "layers/ip.h"
#include "layers/udp.h"
#include "trace.h"
#include "unit.h"

/* The probability that n probes spread evenly over K next hops miss at
 * least one (inclusion-exclusion). */
static double
pmiss(unsigned K, unsigned n)
{
	double p = 0, c = 1;
	unsigned i;

	for (i = 1; i < K; i++) {
		c = c * (K - i + 1) / i;	/* C(K, i) */
		p += (i % 2 ? 1 : -1) * c * pow(1 - (double)i / K, n);
	}
	return p;
}

static void
test_table(void)
{
	static const unsigned want[] = {
		9, 17, 25, 33, 42, 51, 60, 69, 79, 88, 98, 108, 118, 128, 138, 148,
	};
	unsigned k;

	CHECK(pkt_mda_nk(0) == 9, "n_0 is n_1 (no next hop seen yet), got %u",
	    pkt_mda_nk(0));
	for (k = 1; k <= 16; k++) {
		unsigned n = pkt_mda_nk(k);

		CHECK(n == want[k - 1], "n_%u = %u, Veitch et al. say %u", k, n,
		    want[k - 1]);
		/* Each stopping point keeps the chance of missing a (k+1)th
		 * next hop under 0.4% (5% over a dozen such decisions); one
		 * probe fewer would not always. */
		CHECK(pmiss(k + 1, n) <= 0.004, "n_%u = %u: P(miss) %g", k, n,
		    pmiss(k + 1, n));
	}
	for (k = 1; k < 64; k++)
		CHECK(pkt_mda_nk(k + 1) > pkt_mda_nk(k), "n_k grows: n_%u %u, n_%u %u",
		    k, pkt_mda_nk(k), k + 1, pkt_mda_nk(k + 1));
	for (k = 17; k < 64; k++)
		CHECK(pmiss(k + 1, pkt_mda_nk(k)) <= 0.004, "past the table, n_%u "
		    "= %u: P(miss) %g", k, pkt_mda_nk(k), pmiss(k + 1, pkt_mda_nk(k)));
}

/* A simulated path: TTL 1 "10.0.1.2"; TTL 2 one of nb branches,
 * "10.0.5.<b>", chosen by a hash of the flow and seed (a per-flow
 * balancer); TTL 3 "10.0.6.2" (with sim.perjoin, "10.0.6.<b>": the join
 * answers from the link each branch comes in on, as IPv6 routers do);
 * TTL 4 the target, which replies.  sim.text: pkt_mda_print's. */
static unsigned
branch(unsigned flow, unsigned seed, unsigned nb)
{
	uint32_t h = (flow + 1) * 0x9e3779b1u ^ seed * 0x85ebca6bu;

	h ^= h >> 15;
	h *= 0x2c1b3c6du;
	h ^= h >> 12;
	return h % nb;
}

struct sim {
	uint64_t	 probes;
	unsigned	 perttl[5];
	unsigned	 found;		/* distinct branches seen at TTL 2 */
	unsigned	 join;		/* flows that went on from each branch, least */
	bool		 perjoin;
	char		 text[1024];
};

static void
simulate(unsigned nb, unsigned seed, unsigned budget, struct sim *s)
{
	struct pkt_trace t;
	unsigned seen[64] = { 0 }, fromb[64] = { 0 }, b, rounds = 0;
	struct pkt_pkt *p;
	char eb[PKT_ERRBUF];
	bool perjoin = s->perjoin;
	FILE *out;

	memset(&t, 0, sizeof(t));
	memset(s, 0, sizeof(*s));
	s->perjoin = perjoin;
	t.env = &pkt_env_default;
	t.minttl = 1;
	t.maxttl = 8;
	pkt_trace_add_target(&t, "10.0.7.2", NULL, PKT_TRACE_UDP, 33434, -1);
	pkt_trace_flows(&t, budget);
	pkt_trace_alloc(&t);
	pkt_mda_start(&t);
	while (pkt_mda_plan(&t) && rounds++ < 1000) {
		size_t k;

		pkt_trace_round_start(&t, rounds - 1, s->probes);
		while (pkt_mda_sr_next(&t, &p, eb) == 1) {
			pkt_free(p);
			s->probes++;
		}
		for (k = 0; k < t.nmade; k++) {
			size_t i = t.made[k];
			unsigned f = t.tg[i % t.ntg].flow;
			unsigned ttl = t.minttl + (unsigned)(i / t.ntg);
			char a[32];

			s->perttl[ttl < 5 ? ttl : 4]++;
			b = branch(f, seed, nb);
			if (ttl == 1)
				snprintf(a, sizeof(a), "10.0.1.2");
			else if (ttl == 2) {
				snprintf(a, sizeof(a), "10.0.5.%u", b);
				seen[b] = 1;
			} else if (ttl == 3) {
				snprintf(a, sizeof(a), "10.0.6.%u", perjoin ? b : 2);
				fromb[b]++;
			} else
				snprintf(a, sizeof(a), "10.0.7.2");
			pkt_trace_answer_addr(&t, i, a, ttl >= 4 ? PKT_TRACE_REPLY :
			    PKT_TRACE_TIMEX, ttl >= 4 ? "3" : "11", 0.001);
			pkt_trace_sent(&t, i);
		}
		pkt_mda_round_end(&t);
		pkt_trace_round_end(&t, NULL);
	}
	CHECK(rounds < 1000, "the MDA stops (%u rounds)", rounds);
	if ((out = fmemopen(s->text, sizeof(s->text) - 1, "w")) != NULL) {
		pkt_mda_print(out, &t);
		fclose(out);
	}
	s->join = ~0u;
	for (b = 0; b < nb; b++) {
		s->found += seen[b];
		if (seen[b] && fromb[b] < s->join)
			s->join = fromb[b];
	}
	pkt_mda_free(&t);
	pkt_trace_free(&t);
}

static void
test_mda(void)
{
	struct sim s;
	unsigned seed, all = 0, runs = 200;

	memset(&s, 0, sizeof(s));

	/* One path: n_1 flows at each TTL and no more; the target ends it. */
	simulate(1, 7, 256, &s);
	CHECK(s.perttl[1] == 9 && s.perttl[2] == 9 && s.perttl[3] == 9 &&
	    s.perttl[4] == 9, "one path: 9 probes a TTL, got %u %u %u %u",
	    s.perttl[1], s.perttl[2], s.perttl[3], s.perttl[4]);
	CHECK(s.probes == 36, "one path: 36 probes, got %llu",
	    (unsigned long long)s.probes);
	/* Four branches: n_4 = 33 flows through TTL 1 to TTL 2; each branch
	 * sends n_1 = 9 of its flows on to TTL 3 (node control). */
	simulate(4, 1, 256, &s);
	CHECK(s.found == 4, "four branches: found %u", s.found);
	CHECK(s.perttl[2] >= 33, "four branches: %u flows at TTL 2, n_4 is 33",
	    s.perttl[2]);
	CHECK(s.join >= 9, "four branches: each sent %u or more flows on, "
	    "n_1 is 9", s.join);
	/* Many diamonds: every branch found in 95% of them or more. */
	for (seed = 0; seed < runs; seed++) {
		simulate(4, seed + 100, 256, &s);
		all += s.found == 4;
	}
	CHECK(all >= runs * 95 / 100, "four branches found in %u of %u runs",
	    all, runs);
	printf("# 4 branches: all found in %u of %u simulated runs\n", all, runs);
	for (seed = all = 0; seed < runs / 4; seed++) {
		simulate(8, seed + 5000, 256, &s);
		all += s.found == 8;
	}
	CHECK(all >= runs / 4 * 95 / 100, "eight branches found in %u of %u runs",
	    all, runs / 4);
	printf("# 8 branches: all found in %u of %u simulated runs\n", all,
	    runs / 4);
	/* The text: a line per TTL; links only where two TTLs in a row have
	 * several addresses each (a join per branch), one per address. */
	simulate(2, 11, 256, &s);
	CHECK(strstr(s.text, "  2  10.0.5.0  10.0.5.1\n  3  10.0.6.2\n  4  "
	    "10.0.7.2\n") != NULL && strstr(s.text, "->") == NULL,
	    "one join: no links in the text, got\n%s", s.text);
	s.perjoin = true;
	simulate(2, 11, 256, &s);
	CHECK(strstr(s.text, "  2  10.0.5.0  10.0.5.1\n  3  10.0.6.0  10.0.6.1\n"
	    "     10.0.5.0 -> 10.0.6.0\n     10.0.5.1 -> 10.0.6.1\n  4  "
	    "10.0.7.2\n") != NULL, "a join per branch: its links under TTL 3, "
	    "got\n%s", s.text);
	CHECK(s.found == 2 && s.join >= 9, "a join per branch: both found (%u), "
	    "%u flows on from each", s.found, s.join);
	s.perjoin = false;
	/* A budget too small stops the MDA without its confidence. */
	simulate(4, 3, 10, &s);
	CHECK(s.perttl[1] + s.perttl[2] <= 20, "a budget of 10 flows: %u probes "
	    "at TTLs 1-2", s.perttl[1] + s.perttl[2]);
}

/* Flows: ports move by one, each flow its own identity; ICMP flows keep
 * one checksum each while the seq changes. */
static void
test_flows(void)
{
	struct pkt_trace t;
	unsigned f, r;
	uint64_t cs[4];

	memset(&t, 0, sizeof(t));
	t.minttl = 1;
	t.maxttl = 4;
	pkt_trace_add_target(&t, "10.0.7.2", NULL, PKT_TRACE_UDP, 33434, 40000);
	pkt_trace_flows(&t, 4);
	CHECK(t.ntg == 4 && t.nflows == 4, "4 flows: %zu targets", t.ntg);
	for (f = 0; f < 4; f++) {
		CHECK(t.tg[f].sport == 40000 + f, "flow %u: port %u", f, t.tg[f].sport);
		CHECK(t.tg[f].group == 0 && t.tg[f].flow == f, "flow %u: group %zu",
		    f, t.tg[f].group);
	}
	CHECK(t.tg[1].idbase != t.tg[2].idbase, "flows have their own IP ids");
	pkt_trace_free(&t);

	memset(&t, 0, sizeof(t));
	t.minttl = 1;
	t.maxttl = 4;
	pkt_trace_add_target(&t, "10.0.7.2", NULL, PKT_TRACE_ICMP, 0, 7);
	pkt_trace_flows(&t, 4);
	pkt_trace_alloc(&t);
	for (f = 0; f < 4; f++) {
		for (r = 0; r < 3; r++) {
			struct pkt_pkt *p = pkt_trace_probe(&t, f, 1 + r, r,
			    &pkt_env_default);
			struct pkt_pkt *d = pkt_new();
			char eb[PKT_ERRBUF];
			const struct pkt_li *ic;

			if (pkt_dissect(d, p->dlt, p->raw, p->rawlen,
			    (uint32_t)p->rawlen, eb) < 0) {
				printf("dissect: %s\n", eb);
				exit(1);
			}
			ic = &d->li[1];
			CHECK(ic->l == &pkt_layer_icmp, "flow %u: ICMP", f);
			if (r == 0)
				cs[f] = pkt_li_u(ic, ICMP_F_CHKSUM);
			CHECK(pkt_li_u(ic, ICMP_F_CHKSUM) == cs[f], "flow %u round "
			    "%u: checksum 0x%llx, the flow's is 0x%llx", f, r,
			    (unsigned long long)pkt_li_u(ic, ICMP_F_CHKSUM),
			    (unsigned long long)cs[f]);
			CHECK(pkt_li_u(ic, ICMP_F_ID) == 7 + f, "flow %u: id %llu", f,
			    (unsigned long long)pkt_li_u(ic, ICMP_F_ID));
			CHECK(pkt_li_u(ic, ICMP_F_SEQ) == ((r << 8) | (1 + r)),
			    "flow %u: seq names the probe", f);
			pkt_free(d);
			pkt_free(p);
		}
		if (f > 0)
			CHECK(cs[f] != cs[f - 1], "flows %u and %u: checksums differ",
			    f - 1, f);
	}
	pkt_trace_free(&t);
}

int
main(void)
{
	test_table();
	test_flows();
	test_mda();
	return unit_done();
}
