/* trace.h: the traceroute module under pkttrace, pkttrace -r and pktgraph,
 * split by concern as scamper's trace is:
 *
 *  - trace.c, the model: targets x TTLs, the answer of each probe of the
 *    current round (a cell), per-hop statistics over rounds (every address
 *    that answered at a TTL, with its loss and round-trip times), reached
 *    and last TTLs;
 *  - trace_probe.c, probing: targets and their stable flow, probes made
 *    and their identity (which round, which TTL), the shape of a probe
 *    read back, the pcap of a run;
 *  - trace_text.c: Scapy's table and the report (mtr --report's columns);
 *  - trace_json.c: trace pairs and hop summaries written, and a saved run
 *    (pcap, pairs, summaries) read back into the model.
 *  - trace_opts.c: which of pkttrace's options go together, and their
 *    defaults.
 *
 * One model, whoever fills it: pkttrace from pkt_sr_run's answers,
 * pkttrace -r and pktgraph from a file.
 */
#ifndef PKT_TRACE_H
#define PKT_TRACE_H

#include <netinet/in.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "mpls.h"
#include "stats.h"

struct pkt_pkt;
struct pkt_env;
struct pkt_rdns;
struct pkt_probe;
struct pkt_rec;
struct pkt_trace_saved;

enum pkt_trace_l4 { PKT_TRACE_TCP, PKT_TRACE_UDP, PKT_TRACE_ICMP };

enum pkt_trace_kind {
	PKT_TRACE_TIMEOUT, PKT_TRACE_TIMEX, PKT_TRACE_UNREACH, PKT_TRACE_REPLY
};
/* "timeout", "time-exceeded", "unreachable", "reply" (JSON "kind"). */
extern const char *const pkt_trace_kind_names[];

#define PKT_TRACE_ADDRLEN	INET6_ADDRSTRLEN

struct pkt_trace_target {
	int		 family;	/* 4 or 6 */
	uint8_t		 a[16];
	char		 addr[PKT_TRACE_ADDRLEN];
	char		 src[PKT_TRACE_ADDRLEN];	/* read back: the probes' source */
	char		 col[64];	/* Scapy's column: "10.0.9.2:tcp80" */
	uint16_t	 sport;		/* or the ICMP id */
	uint16_t	 idbase;	/* IP id = idbase + ttl (+ round) */
	uint32_t	 seqbase;	/* TCP seq = ttl << 24 | seqbase (+ round) */
	uint16_t	 csbase;	/* UDP checksum = csbase + ttl (+ round) */
	enum pkt_trace_l4 l4;
	unsigned	 dport;		/* TCP and UDP */
	bool		 anyport;	/* -r: probes to several ports */
	bool		 reached;	/* its own answer came, in some round */
	bool		 bare;		/* known from hop summaries only: its
					 * column is its address */
	uint64_t	 probes;	/* read back: its probes */
	size_t		 widest;	/* read back: the most addresses a hop
					 * summary of it gave */
	/* Path MTU discovery (trace_pmtu.c): the probes' size at the
	 * network layer, padded up to it (0: as small as they are), and
	 * the first TTL a round probes (0: minttl). */
	unsigned	 size;
	unsigned	 from;
	/* Multipath (trace_mda.c): flow f (0..) of target group (the index
	 * of its first flow); icmpcs: the ICMP checksum every probe of the
	 * flow has (0: no flow payload, a plain trace). */
	unsigned	 flow;
	size_t		 group;
	uint16_t	 icmpcs;
};

/* What came back for one probe of the current round. */
struct pkt_trace_cell {
	enum pkt_trace_kind kind;
	char		 addr[PKT_TRACE_ADDRLEN];
	char		 what[16];	/* "11", "3", "SA", "RA", "0" */
	double		 rtt;		/* -1 without answer */
	struct pkt_pkt	*reply;		/* kept when the trace keeps them */
	bool		 unsent;	/* no route, a silent next hop: not
					 * waited for */
	struct pkt_mpls	 mpls[PKT_MPLS_MAX];	/* labels an ICMP extension
					 * of the answer gave */
	size_t		 nmpls;
	unsigned	 nat;		/* what the answer's quote shows
					 * rewritten of the probe (PKT_NAT_*,
					 * nat.h): a NAT before this hop */
};

/* One address that answered at a TTL, over the rounds. */
struct pkt_trace_addr {
	char		 addr[PKT_TRACE_ADDRLEN];
	struct pkt_stats st;		/* received and RTTs (sent: unused) */
	double		 stdev;		/* read from a summary, else -1 */
	char		 name[256];	/* read from a summary, else "" */
	enum pkt_trace_kind kind;	/* what it answered last */
	struct pkt_mpls	 mpls[PKT_MPLS_MAX];	/* the labels it reported last */
	size_t		 nmpls;
	bool		 nat;		/* it quoted a probe rewritten */
};

struct pkt_strmap;

/* One target and TTL over the rounds: probes sent, every address heard. */
struct pkt_trace_hop {
	uint64_t	 sent;
	struct pkt_trace_addr *a;	/* first heard first */
	size_t		 na;
	size_t		 cap;		/* room in a (pkt_xgrow) */
	struct pkt_strmap *ix;		/* address -> index in a, once a hop
					 * has more than a few (or NULL) */
};

struct pkt_trace {
	struct pkt_trace_target *tg;
	size_t		 ntg;
	struct pkt_strmap *tgset;	/* targets given: address -> index */
	unsigned	 minttl, maxttl, nttl;
	struct pkt_trace_cell *cell;	/* ntg * nttl: this round */
	struct pkt_trace_hop *hop;	/* ntg * nttl: over the rounds */
	unsigned	 rounds;	/* rounds ended (or read) */
	unsigned	 nsport;	/* --sport LO-HI: LO + round % nsport */
	/* Live probing: probes made as pkt_sr_run asks for them. */
	const struct pkt_env *env;
	unsigned	 round;		/* of the probes made (0-based) */
	size_t		 gen;		/* probes made so far in it */
	bool		 paths;		/* next_path is walking */
	size_t		*made;		/* grid index of each probe made this
					 * round, in the order made */
	size_t		 nmade;
	uint64_t	 base;		/* pkt_sr seq of the round's first */
	unsigned	*upto;		/* per target: the TTL the last round's
					 * path ended at, what the next round
					 * probes up to (0: every TTL) */
	unsigned	*end;		/* per target: the lowest TTL whose
					 * answer ended its path in this round
					 * so far (0: none yet); its TTLs above
					 * are not sent */
	bool		 all_ttls;	/* --all-ttls: every TTL of every
					 * target in every round, whatever
					 * answers (Scapy's traceroute()) */
	bool		 keep;		/* keep each cell's reply (-w) */
	bool		 df;		/* IPv4 probes with Don't Fragment */
	/* Multipath (trace_mda.c): targets are flows, nflows per target
	 * given (0: a plain trace); mda: the MDA's state, or NULL. */
	unsigned	 nflows;
	struct pkt_mda	*mda;
};

/* ---- the model (trace.c) ---------------------------------------------- */

/* Cells and hops for the targets and TTL range set in t (tg, ntg, minttl,
 * maxttl); nttl is set. */
void	pkt_trace_alloc(struct pkt_trace *);
void	pkt_trace_free(struct pkt_trace *);
/* The index of target tg's probe at ttl: (ttl - minttl) * ntg + tg. */
size_t	pkt_trace_index(const struct pkt_trace *, size_t tg, unsigned ttl);
/* What reply is: the answering address, its kind, and Scapy's "what"
 * ("SA", "11"); false when it has no network layer. */
bool	pkt_trace_classify(const struct pkt_pkt *reply,
	    char addr[PKT_TRACE_ADDRLEN], enum pkt_trace_kind *, char what[16]);
/* Classify the answer to probe i of this round (the cell) and add it to
 * the hop's statistics. */
void	pkt_trace_answer(struct pkt_trace *, size_t i,
	    const struct pkt_pkt *reply, double rtt);
/* What the quote in the answer to probe i (reply) shows rewritten of the
 * probe as sent (dissected): the cell and the hop's address marked. */
void	pkt_trace_nat(struct pkt_trace *, size_t i, const struct pkt_pkt *probe,
	    const struct pkt_pkt *reply);
/* The same from what a saved record says: the address and kind, the rtt
 * (< 0: none), what ("SA", "11"; may be NULL). */
void	pkt_trace_answer_addr(struct pkt_trace *, size_t i, const char *addr,
	    enum pkt_trace_kind, const char *what, double rtt);
/* Probe i went out in this round. */
void	pkt_trace_sent(struct pkt_trace *, size_t i);
/* The lowest TTL of target tg whose answer ends the path in this round
 * (the target's own answer, or an unreachable), or 0. */
unsigned pkt_trace_last_ttl(const struct pkt_trace *, size_t tg);
/* The same over every round (the hops), or 0. */
unsigned pkt_trace_hop_last_ttl(const struct pkt_trace *, size_t tg);
bool	pkt_trace_reached(const struct pkt_trace *, size_t tg);
/* Targets reached. */
size_t	pkt_trace_nreached(const struct pkt_trace *);
/* The exit status of a run that ended with rc: stdout flushed (werr: it
 * failed before), 1 when a target was not reached, 130 when interrupted;
 * -v says how many were reached. */
int	pkt_trace_exit(const struct pkt_trace *, int rc, bool werr,
	    bool interrupted);
/* Every target has answered at every TTL up to the end of its path in
 * this round. */
bool	pkt_trace_enough(const struct pkt_trace *);
/* The round is over: targets reached are marked, rounds counted, the
 * TTL each path ended at kept (the next round probes no further, as mtr
 * stops at the target; a path that did not end, got longer or changed,
 * gets every TTL again), the names of the addresses heard asked of rd
 * (when not NULL), the cells emptied for the next one. */
void	pkt_trace_round_end(struct pkt_trace *, struct pkt_rdns *rd);
/* The hop's address entry for addr, added when new. */
struct pkt_trace_addr *pkt_trace_hop_addr(struct pkt_trace_hop *,
	    const char *addr);
/* Its addresses let go (a, ix), the hop emptied. */
void	pkt_trace_hop_free(struct pkt_trace_hop *);
/* mtr's StDev of an address's RTTs (as read from a summary, if it was). */
double	pkt_trace_addr_stdev(const struct pkt_trace_addr *);
/* Loss at a hop in percent: probes that no address answered. */
double	pkt_trace_hop_loss(const struct pkt_trace_hop *);

/* ---- probing (trace_probe.c) ------------------------------------------ */

/* Add a target (an address, a host name, or a prefix of either:
 * 10.0.4.0/30, 2001:db8::/126, host.example/30, every address of the
 * network, as Scapy's Net() gives traceroute()) with its stable flow; a
 * target given twice is kept once.  where: "<stdin>:N", or NULL.  Exits
 * 2 on a name that does not resolve.  sport < 0: derived per target. */
void	pkt_trace_add_target(struct pkt_trace *, const char *name,
	    const char *where, enum pkt_trace_l4, unsigned dport, long sport);
/* Targets one per line; blank lines and # comments skipped; stops once
 * there are more than max (a large run streams the rest). */
void	pkt_trace_read_targets(struct pkt_trace *, FILE *,
	    enum pkt_trace_l4, unsigned dport, long sport, size_t max);
/* The targets of a command line: the arguments, or stdin when there are
 * none or only "-".  Exits 2 on a bad one.  The set of targets given is
 * freed after. */
void	pkt_trace_targets(struct pkt_trace *, int argc, char **argv,
	    enum pkt_trace_l4, unsigned dport, long sport);
/* --l4 tcp|udp|icmp.  0, or -1 with errbuf. */
int	pkt_trace_parse_l4(const char *, enum pkt_trace_l4 *, char *errbuf);
/* --sport PORT, or LO-HI (one port per round: *n of them).  0, or -1
 * with errbuf. */
int	pkt_trace_parse_sport(const char *, long *port, unsigned *n,
	    char *errbuf);
/* What pkttrace's command line asks for: the modes, and the options
 * that shape probing as given (-1, 0 or false: not given). */
struct pkt_trace_ask {
	enum pkt_trace_l4 l4;
	bool		 l4set;		/* --l4 */
	int64_t		 dport;		/* -p */
	long		 sport;		/* --sport (its first port) */
	unsigned	 nsport;	/* --sport LO-HI: its ports (else 1) */
	long		 count;		/* -c */
	long		 flows;		/* --flows */
	unsigned	 minttl, maxttl;
	bool		 mda, pmtu, report, json, all_ttls;
	bool		 rate, dns;	/* --rate, --dns-server */
	bool		 large;		/* an option of large runs */
	bool		 net;		/* -i, --l3raw, --l2, --nofilter, -t */
	bool		 read;		/* -r */
	bool		 wstdout;	/* -w - */
	int		 ntargets;	/* target arguments */
	/* Settled: rounds (-c other than 1, or --report), and --flows or
	 * --mda. */
	bool		 rounds, multipath;
};
/* Check that the options asked for go together, and settle what they
 * leave open: l4 (UDP for --pmtu, as tracepath), dport (33434 for UDP,
 * else 80), count (10 for --report, as mtr), rounds, report (rounds
 * without -j), multipath.  With -r only the options that still have a
 * say are checked.  0, or -1 with what to give instead in errbuf. */
int	pkt_trace_ask_settle(struct pkt_trace_ask *, char *errbuf);
/* Scapy's column name of a target, from its fields. */
void	pkt_trace_target_col(struct pkt_trace_target *);
/* The probe of target tg at ttl in round (0-based), built and ready
 * (its identity varies with the round, its flow does not: unless sport
 * was given as a range, then round r uses the r-th port of it), padded
 * with zeroes to the target's size, DF set when t->df.  Exits 2 when it
 * cannot be built. */
struct pkt_pkt *pkt_trace_probe(const struct pkt_trace *, size_t tg,
	    unsigned ttl, unsigned round, const struct pkt_env *);
/* pkt_sr's next and next_path for t (env set): the probes of the round
 * TTL by TTL, or one per target for the paths.  1 with *out, 0 at the
 * end. */
int	pkt_trace_next(struct pkt_trace *, bool paths, struct pkt_pkt **out);
/* A new round of probes (0-based): the first made will be pkt_sr's probe
 * number base. */
void	pkt_trace_round_start(struct pkt_trace *, unsigned round, uint64_t base);
/* The grid index of pkt_sr's probe number seq of this round. */
size_t	pkt_trace_seq_index(const struct pkt_trace *, uint64_t seq);
/* The same as pkt_sr's next, next_path and enough, for an arg that is a
 * struct pkt_trace (or starts with one). */
int	pkt_trace_sr_next(void *, struct pkt_pkt **out, char *errbuf);
int	pkt_trace_sr_next_path(void *, struct pkt_pkt **out, char *errbuf);
bool	pkt_trace_sr_enough(void *);
/* Probe p (pkt_sr's) answered or left the run: pr[its index] keeps its
 * send time, and its bytes when keep (-j, -w); a probe never sent marks
 * its cell unsent. */
void	pkt_trace_keep(struct pkt_trace *, struct pkt_probe *pr,
	    const struct pkt_probe *p, bool keep);
/* After a round: pr emptied for the next one. */
void	pkt_trace_probes_clear(const struct pkt_trace *, struct pkt_probe *pr);
/* Is dis (dissected) a traceroute probe: IPv4 or IPv6 carrying a TCP SYN,
 * a UDP datagram or an ICMP/ICMPv6 echo request?  Then t's family,
 * address, protocol and port, and *ttl are set. */
bool	pkt_trace_probe_shape(const struct pkt_pkt *dis,
	    struct pkt_trace_target *t, unsigned *ttl);
/* This round's probes (pr[i], those with a send time) and the replies its
 * cells kept, in time order, written to w; as raw IP when raw is set or
 * their link types differ (a pcap holds one). */
struct pkt_pcapw;
int	pkt_trace_write_pcap(const struct pkt_trace *, const struct pkt_probe *pr,
	    bool raw, struct pkt_pcapw *, char *errbuf);

/* The same into a new pcap file ("-": stdout).  0, or -1 with errbuf. */
int	pkt_trace_pcap_file(const struct pkt_trace *, const struct pkt_probe *pr,
	    const char *path, char *errbuf);

/* ---- large runs (trace_large.c, over stateless.c) ----------------------- */

/* At most this many probes (targets x TTLs) in a model: a run that
 * needs more is a large one (-j --stateless), and a saved run that would
 * need more is refused (pkt_trace_saved_model). */
#define PKT_TRACE_MAXPROBES	(1u << 20)

/* Above this many targets a run is stateless (or with a prefix that big,
 * --stateless, --shard, --per24, --file). */
#define PKT_TRACE_LARGE	4096

/* Their options, ids from PKT_TRACE_OPT_STATELESS on (below a tool's own). */
enum {
	PKT_TRACE_OPT_STATELESS = 400, PKT_TRACE_OPT_SHARD, PKT_TRACE_OPT_PER24,
	PKT_TRACE_OPT_SEED, PKT_TRACE_OPT_FILE,
};
#define PKT_TRACE_LARGE_LONGOPTS \
	{ "stateless", no_argument, NULL, PKT_TRACE_OPT_STATELESS }, \
	{ "shard", required_argument, NULL, PKT_TRACE_OPT_SHARD }, \
	{ "per24", no_argument, NULL, PKT_TRACE_OPT_PER24 }, \
	{ "seed", required_argument, NULL, PKT_TRACE_OPT_SEED }, \
	{ "file", required_argument, NULL, PKT_TRACE_OPT_FILE }

struct pkt_trace_large {
	bool		 forced, per24, seeded;
	unsigned	 shard_k, shard_n;
	uint64_t	 seed;
	const char	**files;
	size_t		 nfile;
};
struct pkt_opts;
/* One of their options: true when ch was one (exits 2 on a bad value). */
bool	pkt_trace_large_opt(struct pkt_trace_large *, int ch, const char *arg);
/* Any of them given. */
bool	pkt_trace_large_any(const struct pkt_trace_large *);
/* Is the run over these arguments large? */
bool	pkt_trace_large_wanted(const struct pkt_trace_large *, int argc,
	    char **argv);
/* The stateless run over the arguments (or what stdin holds after the
 * targets already read into t, when stdin turned out large), and its
 * tally; the exit status. */
int	pkt_trace_large_run(const struct pkt_trace_large *,
	    const struct pkt_opts *, const struct pkt_trace *, enum pkt_trace_l4,
	    unsigned dport, long sport, double rate, int argc, char **argv,
	    volatile int *interrupted);

/* pkttrace -r over a large run's lines (tracelines.h): when the first
 * record of path is one, the lines are read per target in flat memory
 * and written to out (stdout) as each target's path is whole: -j (json)
 * the lines again,
 * a target's together in TTL order; --report (report) a report per
 * target; else the table, of at most PKT_TRACE_LARGE targets (it needs
 * every path at once: more is an error that says what to do).  Returns
 * the exit status.  When the first record is no such line, every record
 * goes to sv (pkt_trace_saved_rec) and -1 is returned, or -2 with
 * errbuf. */
int	pkt_trace_large_read(struct pkt_trace_saved *sv, const char *path,
	    const struct pkt_trace *c, FILE *out, bool json, bool report,
	    char *errbuf);

/* ---- text (trace_text.c) ---------------------------------------------- */

/* Scapy's TracerouteResult.show() of this round. */
void	pkt_trace_print_table(FILE *, const struct pkt_trace *);
/* mtr --report over the rounds: per target and TTL every address that
 * answered, Loss% Snt Last Avg Best Wrst StDev (milliseconds), names from
 * rdns when it is not NULL.  start: wall-clock time of the first round.
 * redraw: over the last one (a terminal cleared first).  Flushed. */
void	pkt_trace_print_report(FILE *, const struct pkt_trace *,
	    const struct pkt_rdns *, double start, bool redraw);
/* Ask rdns for the name of every address heard (never blocks). */
void	pkt_trace_submit_names(const struct pkt_trace *, struct pkt_rdns *);
/* The same, then wait for the answers at most timeout seconds (rd NULL:
 * nothing). */
void	pkt_trace_names_wait(const struct pkt_trace *, struct pkt_rdns *rd,
	    double timeout);

/* ---- JSON (trace_json.c) ---------------------------------------------- */

/* The trace keys of a pair: "target", "ttl", "hop", "kind" (from the
 * cell), and "round" (1-based) when round > 0.  A new reference. */
struct json_t;
struct json_t *pkt_trace_pair_extra(const char *target, unsigned ttl,
	    const struct pkt_trace_cell *, unsigned round);
/* The pair of probe i of this round (sent: pr[i]) on f.  0 or -1. */
int	pkt_trace_write_pair(FILE *, const struct pkt_trace *,
	    const struct pkt_probe *pr, size_t i, const struct pkt_pkt *reply,
	    double rtt, unsigned round);
/* The pairs of this round's probes without answer, up to the end of each
 * path.  0 or -1. */
int	pkt_trace_write_unanswered(FILE *, const struct pkt_trace *,
	    const struct pkt_probe *pr, unsigned round);
/* This round is over: its probes (pr, those with a send time) counted
 * as sent, its silent ones written to f (when not NULL) with round, and
 * its probes and kept replies to w (when not NULL).  0, or -1 with
 * errbuf. */
int	pkt_trace_round_done(struct pkt_trace *, const struct pkt_probe *pr,
	    FILE *f, unsigned round, struct pkt_pcapw *w, bool raw, char *errbuf);
/* The pairs of every cell: answered ones (reply: the cell's), then the
 * silent ones up to the end of each path.  0 or -1. */
int	pkt_trace_write_cells(FILE *, const struct pkt_trace *,
	    const struct pkt_probe *pr);
/* The hop summaries (SPEC section 4), one per target and TTL up to the
 * end of the path; names from rdns when not NULL.  0 or -1 (errno). */
int	pkt_trace_write_summaries(FILE *, const struct pkt_trace *,
	    const struct pkt_rdns *);

/* A saved run read back (pkttrace -r, pktgraph): probes and answers of
 * a pcap (paired with the matcher), trace pairs (with their rounds), and
 * hop summaries; the targets are the probes' destinations. */
struct pkt_trace_saved;
struct pkt_trace_saved *pkt_trace_saved_new(void);
/* TTLs of a probe taken: plain packets lo..hi, pairs plo..phi. */
void	pkt_trace_saved_ttls(struct pkt_trace_saved *, unsigned lo,
	    unsigned hi, unsigned plo, unsigned phi);
/* One record read (pkt_reader_next); 0, or -1 with errbuf. */
int	pkt_trace_saved_rec(struct pkt_trace_saved *, struct pkt_rec *,
	    char *errbuf);
/* Read a file; 0, or -1 with errbuf at the first bad record (what came
 * before it is kept). */
int	pkt_trace_saved_read(struct pkt_trace_saved *, const char *path,
	    char *errbuf);
/* One record (pkt_reader_next's, not built yet) whose trace keys say it is
 * a trace pair ("target" and "ttl") or a hop summary: 1 taken (rec's
 * packets are the reader's now), 0 not such a record (rec untouched),
 * -1 with errbuf (FILE:LINE: ...). */
int	pkt_trace_saved_add_record(struct pkt_trace_saved *, struct pkt_rec *,
	    char *errbuf);

/* What a saved probe saw, for pktgraph: its target (src, addr, l4, dport),
 * TTL and round, and its answer (hop NULL: none; kind, the answer). */
struct pkt_trace_seen {
	const struct pkt_trace_target *t;
	unsigned	 ttl, round;
	const char	*hop;
	enum pkt_trace_kind kind;
	const struct pkt_pkt *ans;
	const struct pkt_mpls *mpls;	/* from a hop summary (ans NULL) */
	size_t		 nmpls;
	unsigned	 flow;		/* the pair's "flow" + 1, 0 none */
	unsigned	 nat;		/* PKT_NAT_* the answer's quote shows */
};
size_t	pkt_trace_saved_nprobes(const struct pkt_trace_saved *);
void	pkt_trace_saved_probe(const struct pkt_trace_saved *, size_t i,
	    struct pkt_trace_seen *);
/* The hop summaries read: target, TTL, and every address of the hop;
 * one per target and TTL (a later summary of the same replaces it, as it
 * would in the model). */
size_t	pkt_trace_saved_nsummaries(const struct pkt_trace_saved *);
const struct pkt_trace_hop *pkt_trace_saved_summary(
	    const struct pkt_trace_saved *, size_t i,
	    const struct pkt_trace_target **, unsigned *ttl);
/* Fill t (empty) from what was read: targets, the TTL range (minttl and
 * maxttl of t are kept when *set), hops over all rounds (hop summaries
 * replace what probes say of their target and TTL), and the cells (each
 * cell: its first answered probe, else its first probe; (*probes)[i]
 * borrows that probe, send time included; replies kept when t->keep).
 * 0; -1 when no probe or summary was read; -2 with errbuf when the
 * targets x TTLs are more than PKT_TRACE_MAXPROBES (t left empty). */
int	pkt_trace_saved_model(struct pkt_trace_saved *, struct pkt_trace *t,
	    bool minset, bool maxset, struct pkt_probe **probes, char *errbuf);
/* Every probe read within t's TTL range as a pair with its round (1..)
 * and flow, in file order, then t's hop summaries (a model by flow: the
 * multipath summaries, with the links): a saved run of several rounds or
 * flows written again.  0 or -1. */
int	pkt_trace_saved_write_rounds(FILE *, const struct pkt_trace_saved *,
	    const struct pkt_trace *, const struct pkt_rdns *);
/* Records read. */
uint64_t pkt_trace_saved_records(const struct pkt_trace_saved *);
/* The earliest probe's send time (the report's Start), 0 when none. */
double	pkt_trace_saved_first(const struct pkt_trace_saved *);
/* Rounds seen (1 for a single run; 0 when nothing was read). */
unsigned pkt_trace_saved_rounds(const struct pkt_trace_saved *);
/* on: pairs of pkttrace --flows or --mda make a model target per target
 * and flow (the flows of a target its group, c->nflows set), so the model
 * has every flow's path, as the run had them; off (the default): a
 * target's flows are one column. */
void	pkt_trace_saved_byflow(struct pkt_trace_saved *, bool on);
/* "Read N records: P probes, A answered, O other packets" */
void	pkt_trace_saved_tally(const struct pkt_trace_saved *, FILE *);
void	pkt_trace_saved_free(struct pkt_trace_saved *);

/* ---- multipath (trace_mda.c) ------------------------------------------ */

/* At most this many flows per target (--flows, and the MDA's budget). */
#define PKT_MDA_MAXFLOWS	512

/* --flows N (after pkt_trace_targets, before pkt_trace_alloc): each
 * target becomes N flows, each a target of the model (flow 0..N-1 of
 * its group): TCP and UDP flows differ in their source port, ICMP echo
 * flows in their id and checksum (a 2-byte payload keeps the checksum
 * one value per flow while the seq names the probe).  Each flow has its
 * own identity bases. */
void	pkt_trace_flows(struct pkt_trace *, unsigned n);
/* The MDA's stopping point: how many flows must have reached a hop's
 * next hops, k of them seen, before there is no (k+1)th at 95%
 * confidence (Veitch et al., INFOCOM 2009, Table I).  k >= 1. */
unsigned pkt_mda_nk(unsigned k);
/* The MDA over t (flows made by pkt_trace_flows with the budget, cells
 * allocated): state in t->mda. */
void	pkt_mda_start(struct pkt_trace *);
void	pkt_mda_free(struct pkt_trace *);
/* Plan the next round: the probes it sends (as pkt_sr's next gives
 * them).  false when the MDA is over. */
bool	pkt_mda_plan(struct pkt_trace *);
/* pkt_sr's next for an MDA round (arg starts with a struct pkt_trace). */
int	pkt_mda_sr_next(void *, struct pkt_pkt **out, char *errbuf);
/* The answers of this round, kept (call before pkt_trace_round_end). */
void	pkt_mda_round_end(struct pkt_trace *);
/* A target is reached when one of its flows was: each flow says so. */
void	pkt_mda_reached(struct pkt_trace *);
/* Probes sent so far by the MDA. */
uint64_t pkt_mda_probes(const struct pkt_trace *);
/* Every target group's hops per TTL, each with the addresses it leads
 * to at the next TTL (the links the same flow saw): as text, one line
 * per TTL with every address, and under it, where two TTLs in a row have
 * several, a line per link "a -> b c"; as hop summaries with "next" and
 * "flows" (SPEC section 4).  0 or -1. */
void	pkt_mda_print(FILE *, const struct pkt_trace *);
int	pkt_mda_write_summaries(FILE *, const struct pkt_trace *);

#endif
