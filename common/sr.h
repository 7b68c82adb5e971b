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

struct pkt_probe {
	struct pkt_pkt	*pkt;	/* built (raw), as sent */
	struct pkt_pkt	*dis;	/* its bytes dissected: what matching reads */
	uint32_t	 key;
	double		 sent;	/* wall clock of the last send */
	unsigned	 answers;
	int		 cap;	/* index of the capture that sees its answers */
};

struct pkt_sr {
	/* in */
	const struct pkt_opts *o;
	double		 timeout;	/* after the last probe of a round */
	int		 retry;		/* >0: rounds for the unanswered; <0: autostop */
	bool		 multi;		/* every answer, until the timeout */
	double		 inter, rate;
	/* Called for each answer as it is matched (reply is borrowed). */
	void		(*on_answer)(void *, size_t probe, const struct pkt_pkt *reply,
			    double rtt);
	/* Optional: stop waiting early when it returns true (pkttrace). */
	bool		(*enough)(void *);
	void		*arg;
	volatile int	*interrupted;
	/* Cycles (pktsr1 -c, pkttrace -c): the whole set sent count times
	 * (0 or 1: once), or until interrupted when forever is set, a cycle
	 * starting interval seconds after the previous one did.  Each
	 * cycle, retries included, waits for its own answers; what comes
	 * after its end matches nothing.  on_cycle_end (optional) is called
	 * when a cycle's wait is over (cycle counts from 0), before the
	 * probes' send times are cleared; on_cycle_start (optional) before
	 * each cycle after the first: it may replace the probes' pkt and
	 * dis (a new identity per cycle) and returns -1 with errbuf to stop
	 * the run. */
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
	/* out: the tally */
	uint64_t	 received, answered, kernel_drops;
};

/* The whole run: probes are built, their paths known; opens the
 * captures, drops capabilities, sends, matches.  -1 on error. */
int	pkt_sr_run(struct pkt_sr *, struct pkt_sender *, struct pkt_probe *,
	    size_t n, char *errbuf);

/* Scapy's tally: "Received R packets, got A answers, remaining U packets"
 * (of nprobes sent), and what the kernel dropped. */
void	pkt_sr_tally(const struct pkt_sr *, uint64_t nprobes, FILE *);

/* The kernel filter for these probes: what can answer them (BPF text). */
void	pkt_sr_filter(const struct pkt_probe *, size_t n, char *buf, size_t len);

#endif
