/* stateless.h: pkttrace's run for large target lists (--stateless),
 * after yarrp: probes in a pseudo-random order over (target, TTL), each
 * carrying what decodes its answer (probeid.h), so no probe is kept;
 * per target only its address, a bit per TTL sent and answered, and the
 * TTL where its path ended: a few bytes.
 *
 * Targets stream in (targets.h) and are traced in blocks of at most
 * PKT_STATELESS_BLOCK: each block sorted (duplicates once), its
 * (target, TTL) pairs sent in the order of a permutation (perm.h), paced
 * by a token bucket (--rate).  A TTL past the one where the target (or
 * an unreachable) already answered is not sent, nor one past its
 * neighbours' end put off (unless all_ttls).  A block ends once every
 * probe sent up to the end of each path is answered, or --timeout
 * after its last probe; the next block is sent meanwhile.  Answers are
 * written as JSON Lines as they come, the probes left unanswered when
 * their block ends.
 *
 * Probes leave through a raw IPv4 socket (the kernel routes them and
 * resolves next hops); answers are read from raw ICMP and TCP sockets. */
#ifndef PKT_STATELESS_H
#define PKT_STATELESS_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "probeid.h"

struct pkt_tsrc;

/* Targets per block. */
#define PKT_STATELESS_BLOCK	65536

struct pkt_stateless {
	/* in */
	struct pkt_tsrc	*src;
	struct pkt_pid_cfg pid;		/* protocol, ports; key set by the run */
	unsigned	 minttl, maxttl;
	double		 rate;		/* probes per second; 0: as fast as sent */
	double		 timeout;	/* after a block's last probe */
	uint64_t	 seed;		/* the order (and the run's key) */
	bool		 seeded;	/* seed given: the same run every time */
	bool		 per24;		/* one target per /24 in a block */
	bool		 all_ttls;	/* every TTL sent, past the end of a
					 * path too (--all-ttls) */
	const char	*iface;		/* -i: SO_BINDTODEVICE */
	FILE		*out;		/* JSON Lines */
	volatile int	*interrupted;
	/* out: the tally */
	uint64_t	 targets, sent, unsent, skipped, answers, dups;
	uint64_t	 received, reached, blocks;
	double		 elapsed;	/* first probe to the end */
};

/* One line of a large run's output: an answer, or (hop NULL) a timeout;
 * rtt < 0: null.  fprintf's value. */
int	pkt_stateless_line(FILE *, const char *target, unsigned ttl,
	    const char *hop, const char *kind, const char *what, double rtt);

/* Open the sockets (CAP_NET_RAW), drop every capability, run.  0, or -1
 * with errbuf. */
int	pkt_stateless_run(struct pkt_stateless *, char *errbuf);

#endif
