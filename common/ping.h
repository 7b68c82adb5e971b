/* ping.h: ping's view of repeated probes (pktsr1 -c): a line per answer,
 * and per probe its closing summary (transmitted, received, % loss, rtt
 * min/avg/max/mdev), as iputils ping prints them; or the same as hop
 * summary records (SPEC section 4). */
#ifndef PKT_PING_H
#define PKT_PING_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

#include "trace.h"

struct pkt_pkt;

struct pkt_ping_probe {
	char		 dst[PKT_TRACE_ADDRLEN];	/* where it went */
	char		 what[256];	/* its summary line, for several */
	struct pkt_trace_hop hop;	/* sent, and each address that answered */
	struct pkt_stats all;		/* every answer's RTT */
};

struct pkt_ping {
	struct pkt_ping_probe *p;
	size_t		 n;
	double		 start, end;	/* wall clock of the first and last send */
};

void	pkt_ping_free(struct pkt_ping *);
/* Probe number i of a round (dissected or raw) was sent at time t. */
void	pkt_ping_sent(struct pkt_ping *, size_t i, const struct pkt_pkt *probe,
	    double t);
/* reply answered probe i of round (1-based) after rtt seconds; its line
 * goes to f unless f is NULL: "64 bytes from 10.0.9.2: icmp_seq=1 ttl=63
 * time=0.080 ms" (echo replies), "40 bytes from 10.0.9.2: SA round=1
 * ttl=64 time=0.080 ms" (anything else). */
void	pkt_ping_answer(struct pkt_ping *, size_t i, const struct pkt_pkt *probe,
	    const struct pkt_pkt *reply, double rtt, unsigned round, FILE *f);
/* ping's closing summary of every probe. */
void	pkt_ping_summary(const struct pkt_ping *, FILE *);
/* A hop summary record per probe: {"target", "probe", "hops": [...]},
 * with ping's "mdev" beside mtr's "stdev".  0 or -1. */
int	pkt_ping_json(const struct pkt_ping *, FILE *);
/* The pair of pkt_sr's probe p (reply NULL: none), with "round" when
 * round > 0.  0 or -1. */
struct pkt_probe;
int	pkt_ping_write_pair(FILE *, const struct pkt_probe *,
	    const struct pkt_pkt *reply, double rtt, unsigned round);
/* Probes that no round answered. */
size_t	pkt_ping_unanswered(const struct pkt_ping *);

#endif
