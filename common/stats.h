/* stats.h: running statistics of one hop or one probe over rounds: probes
 * sent and answered, loss, last / best / worst / mean round-trip time and
 * its spread, in one pass (Welford), and mergeable (Chan et al.).
 *
 * The two spreads the tools people compare with print:
 *  - mtr's StDev (ui/net.c, net_stdev()) is the sample standard deviation,
 *    sqrt(sum((x - mean)^2) / (n - 1)), 0 with fewer than 2 answers; mtr
 *    keeps it with Welford's update too, but over whole microseconds and
 *    a mean truncated to an int.  pkt_stats_stdev() is that, unrounded.
 *  - ping's mdev (iputils ping/ping_output.c) is the population standard
 *    deviation, sqrt(sum(x^2) / n - (sum(x) / n)^2), from running sums of
 *    x and x^2 in microseconds (n counts duplicates too).
 *    pkt_stats_mdev() is the same quantity, sqrt(m2 / n), computed
 *    without the cancellation that formula suffers when the spread is
 *    small next to the mean.
 *
 * Times are in whatever unit the caller adds (the tools use seconds).
 */
#ifndef PKT_STATS_H
#define PKT_STATS_H

#include <stdint.h>

struct pkt_stats {
	uint64_t	sent;		/* probes sent */
	uint64_t	received;	/* answers (RTTs added) */
	double		last;		/* the latest RTT added */
	double		best, worst;	/* min and max */
	double		mean;		/* running mean */
	double		m2;		/* sum of squared differences from it */
};

/* All zero: nothing sent, nothing received. */
void	pkt_stats_init(struct pkt_stats *);
/* n more probes sent. */
void	pkt_stats_sent(struct pkt_stats *, uint64_t n);
/* One answer with this round-trip time.  Returns -1 (and changes nothing)
 * for a NaN or infinite value, else 0. */
int	pkt_stats_add(struct pkt_stats *, double rtt);
/*
 * dst becomes the statistics of both sets of samples (sent and received
 * added; best, worst, mean and spread those of the union).  src is taken
 * as the later one: its last RTT becomes dst's when it has any.
 */
void	pkt_stats_merge(struct pkt_stats *dst, const struct pkt_stats *src);

/* Lost probes in percent of those sent, 0..100; 0 when none was sent.
 * More answers than probes (duplicates) count as no loss. */
double	pkt_stats_loss(const struct pkt_stats *);
/* The mean RTT; 0 without answers (mtr prints 0.0 then). */
double	pkt_stats_mean(const struct pkt_stats *);
/* mtr's StDev: sample standard deviation, 0 with fewer than 2 answers. */
double	pkt_stats_stdev(const struct pkt_stats *);
/* ping's mdev: population standard deviation, 0 without answers. */
double	pkt_stats_mdev(const struct pkt_stats *);

#endif
