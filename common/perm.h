/* perm.h: probe order and shares for large runs.
 *
 * A pseudo-random permutation of 0..n-1 that is computed, not stored
 * (yarrp walks a cyclic group; this is a Feistel network over the
 * smallest even power of two that holds n, with cycle walking: values
 * past n are permuted again until they fall inside, on average fewer
 * than 4 times).  The same seed gives the same order.
 *
 * A shard: a deterministic share of the targets by a hash of each
 * address, not its position, so that N machines given the same list in
 * any order cover it exactly once. */
#ifndef PKT_PERM_H
#define PKT_PERM_H

#include <stddef.h>
#include <stdint.h>

struct pkt_perm {
	uint64_t	 n;
	unsigned	 half;		/* bits of each half */
	uint32_t	 key[4];	/* one per round */
};

void	 pkt_perm_init(struct pkt_perm *, uint64_t n, uint64_t seed);
/* The i-th value (i < n). */
uint64_t pkt_perm_at(const struct pkt_perm *, uint64_t i);

/* Is this address (4 or 16 bytes) in share k of n (1 <= k <= n)? */
int	 pkt_shard_mine(const uint8_t *addr, size_t alen, unsigned k, unsigned n);
/* "K/N" into k and n: 0, or -1 with errbuf. */
int	 pkt_shard_parse(const char *, unsigned *k, unsigned *n, char *errbuf);

#endif
