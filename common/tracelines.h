/* tracelines.h: the JSON Lines of a large run (pkttrace --stateless,
 * stateless.c) read back in flat memory, for pkttrace -r and pktgraph.
 *
 * A large run writes one line per answer or timeout,
 * {"target","ttl","hop","kind","what","rtt"}, the targets interleaved in
 * the order of its permutation.  The lines are grouped per target and a
 * target's path is handed over once none of its lines can come any more.
 * A large run writes a target's lines while the target's block of
 * PKT_STATELESS_BLOCK targets is live, and at most two blocks are: once
 * 2 x PKT_STATELESS_BLOCK targets have appeared since a target's first
 * line, its path is whole.  So at most that many targets are open,
 * whatever the length of the input, and per target only its answers
 * (about 28 bytes each) and a bit per TTL timed out are kept.  The
 * outputs of shards concatenated keep this; the same target in two runs
 * concatenated, further apart than that, is two paths. */
#ifndef PKT_TRACELINES_H
#define PKT_TRACELINES_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "trace.h"

struct pkt_rec;

/* One TTL of a path. */
struct pkt_tl_hop {
	unsigned	 ttl;
	enum pkt_trace_kind kind;
	char		 hop[PKT_TRACE_ADDRLEN];	/* "" for a timeout */
	char		 what[8];		/* "11", "RA"; "" for a timeout */
	double		 rtt;			/* -1: null */
};

/* One target's path: its TTLs in order, one line each (the first line
 * read for a TTL). */
struct pkt_tl_path {
	char		 target[PKT_TRACE_ADDRLEN];
	const struct pkt_tl_hop *h;
	size_t		 n;
	unsigned	 end;		/* the lowest TTL that answered other
					 * than time exceeded, 0: none */
	bool		 reached;	/* the target itself answered */
	/* What the answers tell of the probes: PKT_TRACE_TCP (flags), _ICMP
	 * (an echo reply), _UDP (the target's port unreachable), or -1. */
	int		 l4;
};

/* Called with each whole path; a value < 0 stops the reading (returned
 * by pkt_tl_add or pkt_tl_end). */
typedef int	(*pkt_tl_fn)(const struct pkt_tl_path *, void *arg);

struct pkt_tl;

/* maxopen: targets open at most (0: 2 x PKT_STATELESS_BLOCK). */
struct pkt_tl *pkt_tl_new(pkt_tl_fn, void *arg, size_t maxopen);
/* Add a large run's line (rec->line, io.h): 0; -1 with eb ("FILE:LINE: ...") when it is
 * not one (a "ttl" out of 1..255, a "hop" that is no address, an unknown
 * "kind"); the callback's value when < 0. */
int	pkt_tl_add(struct pkt_tl *, const struct pkt_rec *, char *eb);
/* The end of the input: every open path handed over, first seen first.
 * 0, or the callback's value when < 0. */
int	pkt_tl_end(struct pkt_tl *);
/* Paths handed over; lines read; targets open at most at once. */
uint64_t pkt_tl_paths(const struct pkt_tl *);
uint64_t pkt_tl_lines(const struct pkt_tl *);
size_t	pkt_tl_peak(const struct pkt_tl *);
void	pkt_tl_free(struct pkt_tl *);

#endif
