/* send.h: the sending half of the engine: route, next hop, link header,
 * PF_PACKET or raw IP sockets, batches, pace, privileges. */
#ifndef PKT_SEND_H
#define PKT_SEND_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pkt_layer;
struct pkt_opts;
struct pkt_pkt;
struct pkt_env;
struct pkt_sender;

/* Open every socket sending may need.  The caller opens its capture
 * handles next, then drops every capability with pkt_priv_drop() before
 * it sends or reads anything.  Without CAP_NET_RAW: NULL with a message
 * that says how to grant it. */
struct pkt_sender *pkt_sender_open(const struct pkt_opts *, char *errbuf);
/* The same, opening each socket only when a path needs it: the caller
 * calls pkt_sender_need() for every packet's path before it drops its
 * capabilities (pktsr1, pkttrace). */
struct pkt_sender *pkt_sender_open_lazy(const struct pkt_opts *, char *errbuf);
/* The builder's view of the host through this sender (route source
 * addresses, next-hop MACs).  A NULL sender gives pkt_env_default. */
const struct pkt_env *pkt_sender_env(struct pkt_sender *);

/* How a packet leaves, decided from its first layer, its destination and
 * the options: through PF_PACKET on an interface, or a raw IP socket. */
struct pkt_path {
	bool		 l3raw;
	int		 family;	/* of the raw socket: 4 or 6 */
	int		 ifindex;
	char		 ifname[16];
	unsigned short	 arphrd;
	bool		 local;		/* destination on this host */
	char		 why[128];	/* why this path, for -v */
};
int	pkt_sender_path(struct pkt_sender *, struct pkt_pkt *, struct pkt_path *,
	    char *errbuf);
/* Can a packet that starts with layer l be sent?  0, or -1 with a
 * message saying what to put in front (ICMP()/..., ARP() without
 * Ether()): such a packet is never sent. */
int	pkt_sender_first_layer(const struct pkt_layer *l, char *errbuf);
/* Resolve the next hops of all these packets at once (one wait for a
 * sweep, not one per silent address); the results are remembered for
 * pkt_sender_send.  After the capabilities are dropped is fine. */
int	pkt_sender_prefetch(struct pkt_sender *, struct pkt_pkt *const *, size_t n,
	    char *errbuf);
/* Open the sockets that sending on this path takes. */
int	pkt_sender_need(struct pkt_sender *, const struct pkt_path *, char *errbuf);

/* Send a built packet (queued in a batch; pkt_sender_flush sends the
 * rest).  The packet may get a link header prepended (p->raw, p->dlt are
 * updated) so that what is written out is what was sent. */
int	pkt_sender_send(struct pkt_sender *, struct pkt_pkt *, char *errbuf);
/* Probes (pktsr1, pkttrace): a packet that starts at IP or IPv6 goes
 * through a raw IP socket whenever the kernel would leave its bytes as
 * built (checksum right, id not 0, source set and ours, length right,
 * within the MTU, unicast); else, and for --l2, through PF_PACKET.
 * Without it (pktsend), only destinations on this host take the raw
 * socket. */
void	pkt_sender_set_probes(struct pkt_sender *, bool);
/* Lenient (pktsr1, pkttrace): a packet whose next hop does not answer
 * ARP/NDP is skipped with a warning (pkt_sender_send returns 1) instead
 * of ending the run. */
void	pkt_sender_set_lenient(struct pkt_sender *, bool);
int	pkt_sender_flush(struct pkt_sender *, char *errbuf);
/* The packets and bytes the kernel took so far (a packet it refused, or
 * one still queued, does not count). */
void	pkt_sender_counts(const struct pkt_sender *, uint64_t *pkts,
	    uint64_t *bytes);
/* Wait as --inter / --rate ask before packet number n (0-based). */
int	pkt_sender_pace(struct pkt_sender *, double inter, double rate,
	    double t0, uint64_t n);
/* Progress on a terminal, and the tally at the end (final). */
void	pkt_sender_progress(struct pkt_sender *, uint64_t pkts, uint64_t bytes,
	    double t0, bool final);
void	pkt_sender_close(struct pkt_sender *);

/* The sockets, for tools that also capture (pktsr1): the mark our own
 * raw-socket packets carry, so a --block-rst rule can exempt them. */
#define PKT_SOCKET_MARK	0x706b74	/* "pkt" */

#endif
