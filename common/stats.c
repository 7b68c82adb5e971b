/* stats.c: per-hop running statistics: Welford's one-pass mean and sum of
 * squared differences, merged with Chan, Golub and LeVeque's formula. */
#include "stats.h"

#include <math.h>
#include <string.h>

void
pkt_stats_init(struct pkt_stats *s)
{
	memset(s, 0, sizeof(*s));
}

void
pkt_stats_sent(struct pkt_stats *s, uint64_t n)
{
	s->sent += n;
}

int
pkt_stats_add(struct pkt_stats *s, double x)
{
	double d;

	if (!isfinite(x))
		return -1;
	s->received++;
	s->last = x;
	if (s->received == 1) {
		s->best = s->worst = s->mean = x;
		s->m2 = 0;
		return 0;
	}
	if (x < s->best)
		s->best = x;
	if (x > s->worst)
		s->worst = x;
	/* Welford: d uses the old mean, (x - mean) the new one. */
	d = x - s->mean;
	s->mean += d / (double)s->received;
	s->m2 += d * (x - s->mean);
	return 0;
}

void
pkt_stats_merge(struct pkt_stats *dst, const struct pkt_stats *src)
{
	double na, nb, n, d;

	dst->sent += src->sent;
	if (src->received == 0)
		return;
	if (dst->received == 0) {
		uint64_t sent = dst->sent;

		*dst = *src;
		dst->sent = sent;
		return;
	}
	na = (double)dst->received;
	nb = (double)src->received;
	n = na + nb;
	d = src->mean - dst->mean;
	/* Weighted so that equal means stay exact and huge ones do not
	 * overflow as na * mean would. */
	dst->mean += d * (nb / n);
	dst->m2 += src->m2 + d * d * (na / n) * nb;
	dst->received += src->received;
	dst->last = src->last;
	if (src->best < dst->best)
		dst->best = src->best;
	if (src->worst > dst->worst)
		dst->worst = src->worst;
}

double
pkt_stats_loss(const struct pkt_stats *s)
{
	if (s->sent == 0 || s->received >= s->sent)
		return 0;
	return 100.0 * (double)(s->sent - s->received) / (double)s->sent;
}

double
pkt_stats_mean(const struct pkt_stats *s)
{
	return s->received > 0 ? s->mean : 0;
}

double
pkt_stats_stdev(const struct pkt_stats *s)
{
	if (s->received < 2)
		return 0;
	return sqrt(s->m2 / (double)(s->received - 1));
}

double
pkt_stats_mdev(const struct pkt_stats *s)
{
	if (s->received == 0)
		return 0;
	return sqrt(s->m2 / (double)s->received);
}
