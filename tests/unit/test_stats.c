/* test_stats.c: common/stats.c against a direct two-pass computation over
 * random data (several sizes and shapes, one pass and merged in pieces),
 * and the edge cases: no samples, one, all equal, huge values, a large
 * offset with a tiny spread (where ping's sum-of-squares formula loses
 * every digit), values that are not numbers, loss. */
#include <float.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

#include "stats.h"
#include "unit.h"


/* xorshift64*: the same numbers on every run. */
static uint64_t rng = 0x9e3779b97f4a7c15u;

static double
uniform(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (double)((rng * 2685821657736338717u) >> 11) / 9007199254740992.0;
}

/* The reference: mean, then the sum of squared differences from it, in
 * long double. */
struct ref {
	long double mean, ss;
	double best, worst;
};

static struct ref
two_pass(const double *x, size_t n)
{
	struct ref r = { 0, 0, INFINITY, -INFINITY };
	long double sum = 0;
	size_t i;

	for (i = 0; i < n; i++) {
		sum += x[i];
		if (x[i] < r.best)
			r.best = x[i];
		if (x[i] > r.worst)
			r.worst = x[i];
	}
	r.mean = sum / n;
	for (i = 0; i < n; i++)
		r.ss += (x[i] - r.mean) * (x[i] - r.mean);
	return r;
}

/* |got - want| within rel of want, or within a few units in the last
 * place of the mean: a double holds the mean no closer than that, and the
 * spread of data far from zero (1e6 + 1e-4 noise) no closer either. */
static int
near(double got, long double want, long double mean, double rel)
{
	long double e = fabsl((long double)got - want);

	return e <= rel * fabsl(want) || e <= 4 * DBL_EPSILON * fabsl(mean);
}

static void
compare(const char *what, const struct pkt_stats *s, const double *x,
    size_t n, double rel)
{
	struct ref r = two_pass(x, n);
	long double sd = n > 1 ? sqrtl(r.ss / (n - 1)) : 0;
	long double md = sqrtl(r.ss / n);

	CHECK(s->received == n, "%s: received %llu, want %zu", what,
	    (unsigned long long)s->received, n);
	CHECK(near(pkt_stats_mean(s), r.mean, r.mean, rel),
	    "%s: mean %.17g, want %.17Lg", what, pkt_stats_mean(s), r.mean);
	CHECK(near(pkt_stats_stdev(s), sd, r.mean, rel),
	    "%s: stdev %.17g, want %.17Lg", what, pkt_stats_stdev(s), sd);
	CHECK(near(pkt_stats_mdev(s), md, r.mean, rel),
	    "%s: mdev %.17g, want %.17Lg", what, pkt_stats_mdev(s), md);
	CHECK(s->best == r.best && s->worst == r.worst,
	    "%s: best %g worst %g, want %g %g", what, s->best, s->worst,
	    r.best, r.worst);
	CHECK(s->last == x[n - 1], "%s: last %g, want %g", what, s->last,
	    x[n - 1]);
}

enum shape { UNIFORM, OFFSET, SKEWED, INTEGER_US };

static double
sample(enum shape sh)
{
	switch (sh) {
	case UNIFORM:
		return uniform() * 0.2;			/* 0..200 ms */
	case OFFSET:
		return 1e6 + uniform() * 1e-4;		/* tiny spread, far out */
	case SKEWED:
		return 0.001 / (uniform() + 1e-3);	/* a long tail */
	case INTEGER_US:
		return (double)(int)(uniform() * 50000);	/* whole us */
	}
	return 0;
}

static void
check_random(void)
{
	static const size_t sizes[] = { 1, 2, 3, 10, 1000, 100000 };
	static const char *const names[] = { "uniform", "offset", "skewed",
	    "integer" };
	size_t si, i, n, bad;
	int sh;

	for (sh = UNIFORM; sh <= INTEGER_US; sh++)
		for (si = 0; si < sizeof(sizes) / sizeof(sizes[0]); si++) {
			struct pkt_stats one, merged, part;
			double *x;
			char what[64];
			size_t cut;

			n = sizes[si];
			x = malloc(n * sizeof(*x));
			pkt_stats_init(&one);
			for (i = 0, bad = 0; i < n; i++) {
				x[i] = sample(sh);
				bad += pkt_stats_add(&one, x[i]) != 0;
			}
			CHECK(bad == 0, "%zu adds refused", bad);
			snprintf(what, sizeof(what), "%s n=%zu", names[sh], n);
			compare(what, &one, x, n, 1e-9);

			/* The same data in uneven pieces, merged in order. */
			pkt_stats_init(&merged);
			for (i = 0; i < n; i = cut) {
				size_t k;

				cut = i + 1 + (size_t)(uniform() * (double)(n / 3 + 1));
				if (cut > n)
					cut = n;
				pkt_stats_init(&part);
				pkt_stats_sent(&part, cut - i + 1);
				for (k = i; k < cut; k++)
					pkt_stats_add(&part, x[k]);
				pkt_stats_merge(&merged, &part);
			}
			snprintf(what, sizeof(what), "%s n=%zu merged", names[sh], n);
			compare(what, &merged, x, n, 1e-9);
			CHECK(merged.sent > n, "%s: sent added up", what);
			free(x);
		}
}

static void
check_edges(void)
{
	struct pkt_stats s, t;
	double naive, mean;
	int i;

	/* No samples. */
	pkt_stats_init(&s);
	CHECK(pkt_stats_mean(&s) == 0 && pkt_stats_stdev(&s) == 0 &&
	    pkt_stats_mdev(&s) == 0, "empty: zeros");
	CHECK(pkt_stats_loss(&s) == 0, "nothing sent: no loss");
	pkt_stats_sent(&s, 3);
	CHECK(pkt_stats_loss(&s) == 100, "3 sent, none back: 100%%");

	/* One sample. */
	CHECK(pkt_stats_add(&s, 0.0123) == 0, "add one");
	CHECK(s.best == 0.0123 && s.worst == 0.0123 && s.last == 0.0123 &&
	    pkt_stats_mean(&s) == 0.0123, "one: best = worst = last = mean");
	CHECK(pkt_stats_stdev(&s) == 0 && pkt_stats_mdev(&s) == 0, "one: no spread");
	CHECK(fabs(pkt_stats_loss(&s) - 200.0 / 3) < 1e-12, "1 of 3: %g%%",
	    pkt_stats_loss(&s));

	/* Values that are no time change nothing. */
	CHECK(pkt_stats_add(&s, NAN) == -1 && pkt_stats_add(&s, INFINITY) == -1 &&
	    pkt_stats_add(&s, -INFINITY) == -1, "NaN, inf refused");
	CHECK(s.received == 1 && s.last == 0.0123, "and not counted");

	/* Duplicates: more answers than probes is no loss (not negative). */
	pkt_stats_add(&s, 0.01);
	pkt_stats_add(&s, 0.01);
	pkt_stats_add(&s, 0.01);
	CHECK(s.received == 4 && pkt_stats_loss(&s) == 0, "4 answers to 3: 0%%");

	/* All equal: exactly no spread, exactly that mean. */
	pkt_stats_init(&s);
	for (i = 0; i < 10000; i++)
		pkt_stats_add(&s, 0.1);
	CHECK(pkt_stats_mean(&s) == 0.1 && pkt_stats_stdev(&s) == 0 &&
	    pkt_stats_mdev(&s) == 0, "all 0.1: mean %.17g stdev %g",
	    pkt_stats_mean(&s), pkt_stats_stdev(&s));
	t = s;
	pkt_stats_merge(&t, &s);
	CHECK(pkt_stats_mean(&t) == 0.1 && pkt_stats_stdev(&t) == 0 &&
	    t.received == 20000, "all 0.1 merged with itself");

	/* Huge values: no overflow on the way. */
	pkt_stats_init(&s);
	for (i = 0; i < 1000; i++)
		pkt_stats_add(&s, 1e300);
	CHECK(pkt_stats_mean(&s) == 1e300 && pkt_stats_stdev(&s) == 0,
	    "all 1e300: mean %g stdev %g", pkt_stats_mean(&s),
	    pkt_stats_stdev(&s));
	t = s;
	pkt_stats_merge(&t, &s);
	CHECK(pkt_stats_mean(&t) == 1e300 && isfinite(pkt_stats_stdev(&t)),
	    "1e300 merged: mean %g", pkt_stats_mean(&t));
	pkt_stats_init(&s);
	pkt_stats_add(&s, 1e150);
	pkt_stats_add(&s, 3e150);
	CHECK(fabs(pkt_stats_mean(&s) / 2e150 - 1) < 1e-15 &&
	    fabs(pkt_stats_stdev(&s) / (sqrt(2) * 1e150) - 1) < 1e-15 &&
	    fabs(pkt_stats_mdev(&s) / 1e150 - 1) < 1e-15,
	    "1e150, 3e150: mean %g stdev %g mdev %g", pkt_stats_mean(&s),
	    pkt_stats_stdev(&s), pkt_stats_mdev(&s));

	/* Far from zero with a small spread: ping's formula, in doubles,
	 * cancels to noise; Welford keeps the digits.  (1e9 + 0.001 and so
	 * on are held to about 1e-7, hence the 1e-6.) */
	pkt_stats_init(&s);
	pkt_stats_add(&s, 1e9 + 0.001);
	pkt_stats_add(&s, 1e9 + 0.002);
	pkt_stats_add(&s, 1e9 + 0.003);
	mean = (3e9 + 0.006) / 3;
	naive = (((1e9 + 0.001) * (1e9 + 0.001) + (1e9 + 0.002) * (1e9 + 0.002) +
	    (1e9 + 0.003) * (1e9 + 0.003)) / 3) - mean * mean;
	CHECK(fabs(pkt_stats_stdev(&s) - 0.001) < 1e-6,
	    "offset 1e9: stdev %.12g, want 0.001", pkt_stats_stdev(&s));
	CHECK(fabs(pkt_stats_mdev(&s) - 0.001 * sqrt(2.0 / 3)) < 1e-6,
	    "offset 1e9: mdev %.12g", pkt_stats_mdev(&s));
	CHECK(fabs(sqrt(fabs(naive)) - 0.001 * sqrt(2.0 / 3)) > 0.1,
	    "(the naive formula is far off here: %.6g)", sqrt(fabs(naive)));

	/* Merging: empty into full, full into empty, sent counted always,
	 * last from the later one. */
	pkt_stats_init(&s);
	pkt_stats_sent(&s, 2);
	pkt_stats_add(&s, 1);
	pkt_stats_add(&s, 3);
	pkt_stats_init(&t);
	pkt_stats_sent(&t, 5);
	pkt_stats_merge(&s, &t);
	CHECK(s.sent == 7 && s.received == 2 && s.last == 3 &&
	    pkt_stats_mean(&s) == 2, "empty merged in: sent 7, the rest kept");
	pkt_stats_merge(&t, &s);
	CHECK(t.sent == 12 && t.received == 2 && pkt_stats_mean(&t) == 2 &&
	    t.best == 1 && t.worst == 3 && t.last == 3 &&
	    fabs(pkt_stats_stdev(&t) - sqrt(2)) < 1e-15,
	    "merged into empty: sent %llu stdev %g",
	    (unsigned long long)t.sent, pkt_stats_stdev(&t));
	pkt_stats_init(&t);
	pkt_stats_add(&t, 0.5);
	pkt_stats_merge(&s, &t);
	CHECK(s.last == 0.5 && s.best == 0.5 && s.worst == 3 &&
	    fabs(pkt_stats_mean(&s) - 4.5 / 3) < 1e-15, "last and best from src");
}

/* ping's and mtr's numbers on the same integer microseconds, computed as
 * they compute them (in long long, as iputils does; mtr's Welford with its
 * mean truncated to an int), against ours: equal to within their
 * rounding. */
static void
check_tools(void)
{
	struct pkt_stats s;
	long long tsum = 0, tsum2 = 0, us;
	long long mavg = 0, ssd = 0, oldavg;
	int i, n = 200;
	double ping_mdev, mtr_stdev;

	pkt_stats_init(&s);
	for (i = 0; i < n; i++) {
		us = 1000 + (long long)(uniform() * 3000);
		tsum += us;
		tsum2 += us * us;
		oldavg = mavg;
		mavg += (long long)((us - oldavg + .0) / (i + 1));
		ssd += (long long)((us - oldavg + .0) * (us - mavg));
		pkt_stats_add(&s, (double)us);
	}
	ping_mdev = sqrt((double)((tsum2 - tsum * tsum / n) / n));
	mtr_stdev = sqrt((double)ssd / (n - 1.0));
	CHECK(fabs(pkt_stats_mdev(&s) - ping_mdev) < 1.0,
	    "ping mdev %g us, ours %g", ping_mdev, pkt_stats_mdev(&s));
	CHECK(fabs(pkt_stats_stdev(&s) - mtr_stdev) / mtr_stdev < 0.01,
	    "mtr StDev %g us, ours %g", mtr_stdev, pkt_stats_stdev(&s));
	CHECK(pkt_stats_stdev(&s) > pkt_stats_mdev(&s),
	    "sample (n-1) above population (n)");
}

int
main(void)
{
	check_random();
	check_edges();
	check_tools();
	printf("test_stats: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}
