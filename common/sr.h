/* sr.h: send probes and match their answers (Scapy's sr()/sr1()/srp()),
 * the engine under pktsr1 and pkttrace. */
#ifndef PKT_SR_H
#define PKT_SR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

struct pkt_pkt;
struct pkt_opts;
struct pkt_rdns;
struct pkt_sender;

/* Probes are generated as they are sent and kept only while they may
 * still be answered: at most PKT_SR_WINDOW at a time.  A run that fits
 * in the window behaves as Scapy's sr(); in a longer one a probe leaves
 * the window once it is answered, or when the window is full and it has
 * waited the timeout since it was sent. */
#define PKT_SR_WINDOW	8192

struct pkt_probe {
	struct pkt_pkt	*pkt;	/* its bytes as sent (link header included) */
	struct pkt_pkt	*dis;	/* their dissection, made when matching needs it */
	uint64_t	 seq;	/* its number in the run, from 0, in send order */
	uint32_t	 key;
	uint64_t	 own;	/* hash of its network-layer bytes */
	double		 sent;	/* wall clock of the last send; 0: never sent */
	unsigned	 answers;
	unsigned	 tries;	/* sends so far */
	int		 cap;	/* index of the capture that sees its answers */
};

struct pkt_sr {
	/* in */
	const struct pkt_opts *o;
	double		 timeout;	/* after the last probe of a round */
	int		 retry;		/* >0: rounds for the unanswered; <0: autostop */
	bool		 multi;		/* every answer, until the timeout */
	double		 inter, rate;
	/* The probes, built, one by one in send order: 1 (*p is new, the
	 * engine frees it), 0 at the end, -1 on error (errbuf). */
	int		(*next)(void *, struct pkt_pkt **p, char *errbuf);
	/* Before anything is sent, a probe for every path the probes may
	 * take (interface, raw socket of a protocol, source address): the
	 * captures are opened from them before privileges are dropped.
	 * Same contract as next. */
	int		(*next_path)(void *, struct pkt_pkt **p, char *errbuf);
	/* Called for each answer as it is matched (probe and reply borrowed). */
	void		(*on_answer)(void *, const struct pkt_probe *,
			    const struct pkt_pkt *reply, double rtt);
	/* Called once for each probe as it leaves the run: answered or not
	 * (answers), never sent (sent == 0: no route, a silent next hop, a
	 * refusal by the kernel, said on stderr) included.  Optional. */
	void		(*on_done)(void *, const struct pkt_probe *);
	/* pkttrace: an ICMP error that answers no probe by Scapy's rules
	 * answers the first unanswered probe whose identity its quote
	 * carries (pkt_nat_same_probe: a NAT rewrote the quote's addresses
	 * or ports, which the rules compare). */
	bool		 rewritten;
	/* Optional: stop waiting early when it returns true (pkttrace). */
	bool		(*enough)(void *);
	/* The probes of a first round are taken from next, sent and the
	 * answers already waiting read, this many at a time (0: 32, a send
	 * call's worth), so that next can see what answered before (pkttrace
	 * sends no TTL past a target that answered). */
	unsigned	 batch;
	void		*arg;
	volatile int	*interrupted;
	/* Cycles (pktsr1 -c, pkttrace -c): the whole set sent count times
	 * (0 or 1: once), or until interrupted when forever is set, a cycle
	 * starting interval seconds after the previous one did.  Each
	 * cycle, retries included, waits for its own answers; when it is
	 * over every probe still in the window leaves it (on_done), and
	 * what comes after matches nothing.  on_cycle_end (optional) is
	 * called then (cycle counts from 0); on_cycle_start (optional)
	 * before each cycle after the first: next starts over from there
	 * (new probes, or the same again), -1 with errbuf stops the run. */
	unsigned	 count;
	bool		 forever;
	double		 interval;
	int		(*on_cycle_start)(void *, unsigned cycle, char *errbuf);
	void		(*on_cycle_end)(void *, unsigned cycle);
	/* Optional: reverse DNS lookups driven in the same poll as the
	 * captures (between cycles too). */
	struct pkt_rdns	*rdns;
	/* out: the answers come from captures of different link types (a
	 * raw IP socket and an Ethernet capture): a pcap of them must be
	 * written as raw IP.  Set before the first answer. */
	bool		 mixed_links;
	/* out: the tally: probes, those not sent, packets read, probes
	 * answered, (probe, answer) pairs (more than the probes answered
	 * with --multi: Scapy's len(ans)) */
	uint64_t	 probes, unsent;
	uint64_t	 received, answered, pairs, kernel_drops;
};

/* Scapy's tally: "Received R packets, got A answers (pairs), remaining U
 * packets (probes unanswered)", and what the kernel dropped. */
void	pkt_sr_tally(const struct pkt_sr *, FILE *);

/* The whole run: walks next_path, opens the captures, drops
 * capabilities, then generates, sends and matches.  -1 on error. */
int	pkt_sr_run(struct pkt_sr *, struct pkt_sender *, char *errbuf);

#endif
