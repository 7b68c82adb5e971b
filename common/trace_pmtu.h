/* trace_pmtu.h: path MTU discovery over the trace module (pkttrace
 * --pmtu), as tracepath does it: probes with Don't Fragment (IPv6 never
 * fragments on the way) of the outgoing interface's MTU, every TTL at
 * once; an ICMP Fragmentation Needed (RFC 1191) or ICMPv6 Packet Too Big
 * (RFC 8201) says the next-hop MTU, and the probes go again at that size
 * from the TTL that was refused, until one size goes all the way.  A
 * size that vanishes past a hop, nothing refusing it (a black hole),
 * starts a search of smaller sizes past that hop, as tracepath does not.
 * The probes are the trace's own (trace_probe.c), padded to the size. */
#ifndef PKT_TRACE_PMTU_H
#define PKT_TRACE_PMTU_H

#include <stdbool.h>

struct pkt_trace;
struct pkt_opts;
struct pkt_sr;

/* RFC 1191's plateau table (section 7): the largest plateau below size,
 * or 68 (the least IPv4 MTU) when none is. */
unsigned pkt_pmtu_plateau(unsigned size);

/* The size to probe after a probe of size bytes was refused with a
 * next-hop MTU of reported (0: the router gave none, as routers before
 * RFC 1191 do).  IPv4 (family 4): reported when it is below size and at
 * least 68, else the plateau below size.  IPv6: reported when below size,
 * never less than 1280 (RFC 8200's least MTU), the plateau when reported
 * is not below size.  0 when no smaller size is left (IPv4: size 68 or
 * less; IPv6: 1280 or less). */
unsigned pkt_pmtu_next_size(int family, unsigned size, unsigned reported);

/* The run of pkttrace --pmtu over t (targets added, alloc'ed): probes
 * sent through pkt_sr_run with sr's settings (rate), the hops and the
 * path MTU of each target printed (o->json: trace pairs and a summary
 * record per target), the probes and answers written to o->wfile.  The
 * exit status, as pkt_trace_exit's. */
int	pkt_trace_pmtu_run(struct pkt_trace *t, struct pkt_opts *o,
	    struct pkt_sr *sr, volatile int *interrupted);

#endif
