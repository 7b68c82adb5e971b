/* pkttrace: Scapy's traceroute() (and traceroute6()) as a command,
 * without their flaws (every TTL of every target in one burst, IPv4 and
 * IPv6 targets in one run, flow-stable probes with a per-probe identity,
 * an early stop), and mtr's rounds and report.  The trace itself is the
 * module in common/trace*.c; this is options and calls. */
#include <jansson.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "exitcode.h"
#include "io.h"
#include "opts.h"
#include "pkt.h"
#include "rdns.h"
#include "send.h"
#include "sr.h"
#include "trace.h"
#include "trace_pmtu.h"
#include "util.h"

enum {
	OPT_L4 = PKT_OPT_TOOL, OPT_SPORT, OPT_MINTTL, OPT_MAXTTL, OPT_RATE,
	OPT_INTERVAL, OPT_REPORT, OPT_DNS, OPT_PMTU, OPT_FLOWS, OPT_MDA,
	OPT_ALL_TTLS,
};

static const struct option longopts[] = {
	PKT_COMMON_LONGOPTS,
	{ "l4", required_argument, NULL, OPT_L4 },
	{ "dport", required_argument, NULL, 'p' },
	{ "sport", required_argument, NULL, OPT_SPORT },
	{ "minttl", required_argument, NULL, OPT_MINTTL },
	{ "maxttl", required_argument, NULL, OPT_MAXTTL },
	{ "all-ttls", no_argument, NULL, OPT_ALL_TTLS },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "count", required_argument, NULL, 'c' },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ "report", no_argument, NULL, OPT_REPORT },
	{ "numeric", no_argument, NULL, 'n' },
	{ "dns-server", required_argument, NULL, OPT_DNS },
	{ "pmtu", no_argument, NULL, OPT_PMTU },
	{ "flows", required_argument, NULL, OPT_FLOWS },
	{ "mda", no_argument, NULL, OPT_MDA },
	PKT_TRACE_LARGE_LONGOPTS,
	{ NULL, 0, NULL, 0 }
};

/* How long a name may take: a silent resolver delays the end by no more. */
#define NAME_TIMEOUT	1.0
/* The MDA's flows per target unless --flows says. */
#define MDA_FLOWS	256

struct run {
	struct pkt_trace t;		/* first: pkt_sr's arg is a trace too */
	struct pkt_probe *pr;
	struct pkt_sender *snd;
	struct pkt_rdns	*rdns;		/* names, unless -n */
	struct pkt_pcapw *pcap;		/* -w */
	const struct pkt_sr *sr;
	struct pkt_sr	*srw;		/* --mda: its cycles end when it does */
	bool		 json, rounds, report, redraw, werr;
	bool		 flows, mda;	/* --flows, --mda */
	double		 start;
	char		 eb[PKT_ERRBUF];
};

static volatile int interrupted;

static void
on_signal(int sig)
{
	(void)sig;
	interrupted = 1;
}

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: pkttrace [-jnqv] [-i iface] [--l3raw | --l2] [--nofilter] [-t sec]\n"
	    "                [--l4 tcp|udp|icmp] [-p port] [--sport port[-port]]\n"
	    "                [--minttl n] [--maxttl n] [--all-ttls] [--rate pps] [-c n]\n"
	    "                [--interval sec] [--report] [--dns-server list] [--pmtu]\n"
	    "                [--flows n] [--mda]\n"
	    "                [-w file] [--stateless] [--shard k/n] [--per24] [--seed n]\n"
	    "                [--file file] [target | prefix ... | -]\n"
	    "       pkttrace [-jqv] [--minttl n] [--maxttl n] [--report] [-w file] -r file\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\n"
	    "Trace the path to each target, as Scapy's traceroute(): the TTLs (IPv6:\n"
	    "hop limit) of every target sent at once, TTL by TTL, none above the one\n"
	    "where a target's path ended once its answer is in; IPv4 and IPv6 targets\n"
	    "alike, answers matched per probe, Scapy's table; or rounds, as mtr.\n"
	    "      --l4 PROTO     tcp (SYN, the default), udp or icmp (echo request)\n"
	    "  -p, --dport PORT   destination port (tcp 80, udp 33434)\n"
	    "      --sport PORT   source port (ICMP: id); default stable per target;\n"
	    "                     LO-HI: one port per round, in turn\n"
	    "      --minttl N     first TTL (default 1)\n"
	    "      --maxttl N     last TTL (default 30)\n"
	    "      --all-ttls     every TTL of every target, whatever answers (Scapy's)\n"
	    "      --rate PPS     spread the probes at PPS packets per second\n"
	    "  -c, --count N      rounds (0: until interrupted; --report: 10)\n"
	    "      --interval SEC a round every SEC seconds (default 1)\n"
	    "      --report       per hop Loss%% Snt Last Avg Best Wrst StDev, as mtr\n"
	    "  -n, --numeric      no reverse DNS names in the report\n"
	    "      --dns-server L ask these servers for names (\"10.0.0.53,[fd00::53]:53\")\n"
	    "      --pmtu         path MTU: DF probes of the interface's MTU, smaller as\n"
	    "                     Frag-Needed / Packet Too Big say (UDP unless --l4)\n"
	    "      --flows N      N flows per target (source port; ICMP id and checksum):\n"
	    "                     per TTL every next hop of a load balancer\n"
	    "      --mda          as many flows as the MDA needs to see every next hop\n"
	    "                     with 95%% confidence (--flows: the most it may use)\n"
	    "  -t, --timeout SEC  wait at most SEC after the last probe (default 2)\n"
	    "  -i, --iface IF     send and capture on IF (default: the route's)\n"
	    "      --l3raw, --l2  a raw IP socket (default), or PF_PACKET (answers keep Ether)\n"
	    "      --nofilter     attach no kernel filter (PPP, tunnels): match in user space\n"
	    "  -j, --json         trace pairs (target, ttl, hop, kind; round), hop summaries\n"
	    "  -w, --write FILE   write probes and answers as pcap\n"
	    "  -r, --read FILE    send nothing: the table or report of a saved trace\n"
	    "Large runs (more than 4096 targets, a prefix, or these options; with -j):\n"
	    "      --stateless    probes in random order that carry their own identity:\n"
	    "                     flat memory, one JSON line per answer as it comes\n"
	    "      --shard K/N    only share K of N of the targets (by address)\n"
	    "      --per24        one address per /24 of each prefix\n"
	    "      --seed N       the same probe order (and per24 choice) every run\n"
	    "      --file FILE    targets from FILE, one per line (\"-\": stdin)\n"
	    "Targets: addresses, host names, prefixes (10.0.4.0/30), or lines on stdin.\n"
	    "Example: pkttrace --report -c 10 192.0.2.1\n\n"
	    "Exit status: 0 every target reached, 1 some were not, 2 error,\n"
	    "130 interrupted.  See pkttrace(1).\n");
}

static void
on_done(void *arg, const struct pkt_probe *p)
{
	struct run *r = arg;

	pkt_trace_keep(&r->t, r->pr, p, r->json || r->t.keep);
}

static void
on_answer(void *arg, const struct pkt_probe *p, const struct pkt_pkt *reply,
    double rtt)
{
	struct run *r = arg;
	size_t i = pkt_trace_seq_index(&r->t, p->seq);

	on_done(arg, p);
	pkt_trace_answer(&r->t, i, reply, rtt);
	if (p->dis != NULL)	/* matching dissected it */
		pkt_trace_nat(&r->t, i, p->dis, reply);
	if (r->json && pkt_trace_write_pair(stdout, &r->t, r->pr, i, reply, rtt,
	    r->rounds || r->mda ? r->t.rounds + 1 : 0) < 0)
		r->werr = true;
}

/* A round is over: its probes counted, its silent ones written, its
 * pcap written; with rounds, the report redrawn and the cells emptied. */
static void
on_cycle_end(void *arg, unsigned cycle)
{
	struct run *r = arg;

	if (r->mda)
		pkt_mda_round_end(&r->t);
	if (pkt_trace_round_done(&r->t, r->pr, r->json ? stdout : NULL,
	    r->rounds || r->mda ? r->t.rounds + 1 : 0, r->pcap, r->sr->mixed_links,
	    r->eb) < 0) {
		pkt_warnx("%s", r->eb);
		r->werr = true;
	}
	if (!r->rounds && !r->mda)
		return;
	pkt_trace_probes_clear(&r->t, r->pr);
	pkt_trace_round_end(&r->t, r->rdns);
	if (r->mda) {
		/* The next round of the MDA, or the end of the run. */
		if (!pkt_mda_plan(&r->t) || interrupted)
			r->srw->count = cycle + 1;
		return;
	}
	if (r->redraw && !interrupted)
		pkt_trace_print_report(stdout, &r->t, r->rdns, r->start, r->redraw);
}

/* Probes of round `cycle`: the same flow, a new identity. */
static int
on_cycle_start(void *arg, unsigned cycle, char *errbuf)
{
	struct run *r = arg;

	(void)errbuf;
	pkt_trace_round_start(&r->t, cycle, r->sr->probes);
	return 0;
}

/* pkttrace -r FILE: the table, report, pairs or pcap of a saved trace,
 * nothing sent.  Targets are the probes' destinations, one column per
 * destination and protocol. */
static int
run_saved(struct run *r, const struct pkt_opts *o, bool minset, bool maxset)
{
	struct pkt_trace_saved *sv = pkt_trace_saved_new();
	struct pkt_trace *t = &r->t;
	unsigned lo = t->minttl, hi = maxset ? t->maxttl : 30;
	int rc = PKT_EXIT_OK, rc2;

	/* Probes in a capture: TTLs 1 to 30 unless told, as this tool sends
	 * them; pairs were probes already, and keep theirs. */
	pkt_trace_saved_ttls(sv, t->minttl, hi, t->minttl, maxset ? t->maxttl : 255);
	/* A large run's lines are read apart, in flat memory. */
	if ((rc = pkt_trace_large_read(sv, o->rfile, t, stdout, r->json,
	    r->report, r->eb)) >= 0) {
		pkt_trace_saved_free(sv);
		return rc;
	}
	if (rc == -2)
		pkt_warnx("%s", r->eb);
	rc = rc == -2 ? PKT_EXIT_ERROR : PKT_EXIT_OK;
	t->keep = true;		/* the answers of -j and -w */
	if (rc == PKT_EXIT_OK && pkt_trace_saved_records(sv) == 0) {
		/* An empty input is no error (pkt(7), EXIT STATUS). */
		pkt_info(0, "%s: no record: nothing to show", o->rfile);
		pkt_trace_saved_free(sv);
		return PKT_EXIT_OK;
	}
	/* --flows and --mda pairs: every flow's path, as the run showed
	 * them; the report has a column per target. */
	pkt_trace_saved_byflow(sv, !r->report);
	if ((rc2 = pkt_trace_saved_model(sv, t, minset, maxset, &r->pr,
	    r->eb)) < 0) {
		if (rc2 == -2)
			pkt_warnx("%s: %s", o->rfile, r->eb);
		else if (rc == PKT_EXIT_OK)
			pkt_warnx("%s: no traceroute probes (TCP SYN, UDP or ICMP "
			    "echo request with a TTL of %u to %u%s) in %llu records",
			    o->rfile, lo, hi, maxset ? "" : "; --maxttl 255 takes "
			    "any", 0ULL + pkt_trace_saved_records(sv));
		pkt_trace_saved_free(sv);
		return PKT_EXIT_ERROR;
	}
	if (t->nflows > 0)
		pkt_mda_reached(t);
	if (r->json && (pkt_trace_saved_rounds(sv) > 1 || t->nflows > 0 ?
	    pkt_trace_saved_write_rounds(stdout, sv, t, NULL) :
	    pkt_trace_write_cells(stdout, t, r->pr)) < 0)
		r->werr = true;
	if (pkt_verbose() >= 0)
		pkt_trace_saved_tally(sv, stderr);
	if (!r->json && (o->wfile == NULL || strcmp(o->wfile, "-") != 0)) {
		if (t->nflows > 0)
			pkt_mda_print(stdout, t);
		else if (r->report)
			pkt_trace_print_report(stdout, t, NULL,
			    pkt_trace_saved_first(sv), false);
		else
			pkt_trace_print_table(stdout, t);
	}
	if (o->wfile != NULL && pkt_trace_pcap_file(t, r->pr, o->wfile, r->eb) < 0) {
		pkt_warnx("%s", r->eb);
		rc = PKT_EXIT_ERROR;
	}
	rc = pkt_trace_exit(&r->t, rc, r->werr, interrupted);
	free(r->pr);
	pkt_trace_saved_free(sv);
	return rc;
}

/* Probe, round after round, then print what was gathered. */
static int
run_live(struct run *r, struct pkt_opts *o, struct pkt_sr *sr)
{
	struct pkt_trace *t = &r->t;
	size_t npr = t->ntg * t->nttl;
	int rc;

	/* Sockets (privileged), then the probes built through them. */
	if ((r->snd = pkt_sender_open_lazy(o, r->eb)) == NULL)
		pkt_errx(PKT_EXIT_ERROR, "%s", r->eb);
	r->pr = pkt_xcalloc(npr, sizeof(*r->pr));
	t->keep = o->wfile != NULL;
	t->env = pkt_sender_env(r->snd);
	if (o->wfile != NULL && (r->pcap = pkt_pcapw_open(o->wfile, r->eb)) == NULL)
		pkt_errx(PKT_EXIT_ERROR, "%s", r->eb);
	sr->o = o;
	sr->timeout = o->timeout;
	sr->next = r->mda ? pkt_mda_sr_next : pkt_trace_sr_next;
	sr->next_path = pkt_trace_sr_next_path;
	sr->on_answer = on_answer;
	sr->on_done = on_done;
	sr->enough = r->mda ? NULL : pkt_trace_sr_enough;
	/* A TTL row at a time (at most a send call's worth), the answers
	 * already in read after each: a target that answered gets no TTL
	 * above its own.  --all-ttls: every probe, in send calls of 32;
	 * --mda: its own probes. */
	sr->batch = t->all_ttls || r->mda ? 0 : t->ntg < 32 ? (unsigned)t->ntg : 32;
	sr->rewritten = true;	/* answers whose quote a NAT rewrote */
	sr->arg = r;
	sr->interrupted = &interrupted;
	sr->rdns = r->rdns;
	sr->on_cycle_start = on_cycle_start;
	sr->on_cycle_end = on_cycle_end;
	r->sr = sr;
	r->srw = sr;
	if (r->mda) {
		/* A cycle per round of the MDA, back to back, until it ends. */
		pkt_mda_start(t);
		(void)pkt_mda_plan(t);
		sr->count = 1000000;
		sr->forever = false;
		sr->interval = 0;
	}
	r->start = pkt_walltime();
	if (pkt_verbose() >= 1)
		fprintf(stderr, "Begin emission:\n");
	rc = pkt_sr_run(sr, r->snd, r->eb) < 0 ? PKT_EXIT_ERROR : PKT_EXIT_OK;
	if (rc != PKT_EXIT_OK)
		pkt_warnx("%s", r->eb);
	if (pkt_verbose() >= 0)
		pkt_sr_tally(sr, stderr);
	if (r->pcap != NULL && pkt_pcapw_close(r->pcap, r->eb) < 0) {
		pkt_warnx("%s", r->eb);
		rc = PKT_EXIT_ERROR;
	}
	/* Names still on their way: no longer than their deadline. */
	pkt_trace_names_wait(t, r->rdns, NAME_TIMEOUT);
	if (r->flows) {
		pkt_mda_reached(t);
		if (pkt_verbose() >= 1 && r->mda)
			fprintf(stderr, "MDA: %llu probes\n",
			    (unsigned long long)pkt_mda_probes(t));
	}
	if (r->json && r->flows && pkt_mda_write_summaries(stdout, t) < 0)
		r->werr = true;
	else if (r->json && r->rounds && pkt_trace_write_summaries(stdout, t,
	    r->rdns) < 0)
		r->werr = true;
	if (!r->json && (o->wfile == NULL || strcmp(o->wfile, "-") != 0)) {
		if (r->flows)
			pkt_mda_print(stdout, t);
		else if (r->report)
			pkt_trace_print_report(stdout, &r->t, r->rdns, r->start, r->redraw);
		else
			pkt_trace_print_table(stdout, t);
	}
	rc = pkt_trace_exit(&r->t, rc, r->werr, interrupted);
	pkt_trace_probes_clear(t, r->pr);
	pkt_mda_free(t);
	free(r->pr);
	pkt_sender_close(r->snd);
	return rc;
}

/* A large run (stateless.c), then out. */
static int
large(const struct pkt_trace_large *lg, struct pkt_opts *o, struct run *r,
    enum pkt_trace_l4 l4, unsigned dport, long sport, double rate, int argc,
    char **argv)
{
	int rc = pkt_trace_large_run(lg, o, &r->t, l4, dport, sport, rate, argc,
	    argv, &interrupted);

	free(lg->files);	/* the strings are argv's */
	pkt_trace_free(&r->t);
	pkt_opts_free(o);
	return rc;
}

static unsigned
parse_ttl(const char *opt, const char *arg)
{
	char eb[PKT_ERRBUF];
	uint64_t u;

	if (pkt_parse_uint(arg, 1, 255, "TTL", &u, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s: %s", opt, eb);
	return (unsigned)u;
}

int
main(int argc, char **argv)
{
	struct pkt_opts o;
	struct pkt_sr sr;
	struct run r;
	struct pkt_trace_ask a = { .l4 = PKT_TRACE_TCP, .dport = -1, .sport = -1,
	    .count = -1 };
	bool minset = false, maxset = false, numeric = false;
	const char *dns = NULL;
	double interval = 1;
	char eb[PKT_ERRBUF];
	int ch, rc;
	struct pkt_trace_large lg;

	pkt_setprogname(argv[0]);
	if (strrchr(argv[0], '/') != NULL)	/* getopt's messages: the name too */
		argv[0] = strrchr(argv[0], '/') + 1;
	pkt_opts_init(&o);
	memset(&sr, 0, sizeof(sr));
	memset(&r, 0, sizeof(r));
	memset(&lg, 0, sizeof(lg));
	r.t.minttl = 1;
	r.t.maxttl = 30;
	r.t.nsport = 1;
	while ((ch = getopt_long(argc, argv, PKT_COMMON_SHORTOPTS "p:c:n", longopts,
	    NULL)) != -1) {
		uint64_t u;

		if (pkt_opts_common(&o, ch, optarg))
			continue;
		switch (ch) {
		case OPT_L4:
			a.l4set = true;
			if (pkt_trace_parse_l4(optarg, &a.l4, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--l4: %s", eb);
			break;
		case 'p':
			if (pkt_parse_uint(optarg, 1, 65535, "port", &u, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "-p: %s", eb);
			a.dport = (int64_t)u;
			break;
		case OPT_SPORT:
			if (pkt_trace_parse_sport(optarg, &a.sport, &r.t.nsport, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--sport: %s", eb);
			break;
		case OPT_MINTTL:
			r.t.minttl = parse_ttl("--minttl", optarg);
			minset = true;
			break;
		case OPT_MAXTTL:
			r.t.maxttl = parse_ttl("--maxttl", optarg);
			maxset = true;
			break;
		case OPT_RATE:
			if (pkt_parse_seconds(optarg, 0.001, 1e9, "rate", &sr.rate, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--rate: %s", eb);
			break;
		case 'c':
			if (pkt_parse_uint(optarg, 0, 1000000000, "count", &u, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "-c: %s", eb);
			a.count = (long)u;
			break;
		case OPT_INTERVAL:
			if (pkt_parse_seconds(optarg, 0, 86400, "interval", &interval,
			    eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--interval: %s", eb);
			break;
		case OPT_REPORT:
			a.report = true;
			break;
		case OPT_ALL_TTLS:
			r.t.all_ttls = true;
			break;
		case 'n':
			numeric = true;
			break;
		case OPT_PMTU:
			a.pmtu = true;
			break;
		case OPT_DNS:
			dns = optarg;
			break;
		case OPT_FLOWS:
			if (pkt_parse_uint(optarg, 1, PKT_MDA_MAXFLOWS, "flows", &u,
			    eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--flows: %s", eb);
			a.flows = (long)u;
			break;
		case OPT_MDA:
			a.mda = true;
			break;
		default:
			if (pkt_trace_large_opt(&lg, ch, optarg))
				break;
			usage(stderr);
			exit(PKT_EXIT_ERROR);
		}
	}
	if (o.help) {
		help();
		exit(PKT_EXIT_OK);
	}
	argc -= optind;
	argv += optind;
	/* Given on the command line (the configuration may set them too). */
	a.net = o.iface != NULL || o.set_l3raw || o.set_nofilter || o.set_timeout;
	pkt_opts_finish(&o);
	a.nsport = r.t.nsport;
	a.minttl = r.t.minttl;
	a.maxttl = r.t.maxttl;
	a.json = o.json;
	a.all_ttls = r.t.all_ttls;
	a.rate = sr.rate > 0;
	a.dns = dns != NULL;
	a.large = pkt_trace_large_any(&lg);
	a.read = o.rfile != NULL;
	a.wstdout = o.wfile != NULL && strcmp(o.wfile, "-") == 0;
	a.ntargets = argc;
	if (pkt_trace_ask_settle(&a, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	r.json = o.json;
	r.report = a.report;
	if (a.read) {
		rc = run_saved(&r, &o, minset, maxset);
		pkt_trace_free(&r.t);
		pkt_opts_free(&o);
		return rc;
	}
	r.rounds = a.rounds;
	r.mda = a.mda;
	r.flows = a.multipath;
	sr.count = a.count > 0 ? (unsigned)a.count : 1;
	sr.forever = a.count == 0;
	sr.interval = interval;
	r.redraw = r.report && isatty(STDOUT_FILENO);
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	if (!a.pmtu && pkt_trace_large_wanted(&lg, argc, argv) && !r.rounds &&
	    !r.flows)
		return large(&lg, &o, &r, a.l4, (unsigned)a.dport, a.sport, sr.rate,
		    argc == 1 && strcmp(argv[0], "-") == 0 ? 0 : argc, argv);

	/* Targets: arguments, else stdin ("-", or none and not a terminal). */
	if (argc == 0 && isatty(STDIN_FILENO)) {
		pkt_warnx("no target: give an address such as 192.0.2.1, or one "
		    "per line on stdin");
		usage(stderr);
		exit(PKT_EXIT_ERROR);
	}
	pkt_trace_targets(&r.t, argc, argv, a.l4, (unsigned)a.dport, a.sport);
	if (r.t.ntg > PKT_TRACE_LARGE && a.pmtu)
		pkt_errx(PKT_EXIT_ERROR, "--pmtu: more than %d targets", PKT_TRACE_LARGE);
	if (r.t.ntg > PKT_TRACE_LARGE && !r.rounds && !r.flows)	/* stdin holds more */
		return large(&lg, &o, &r, a.l4, (unsigned)a.dport, a.sport, sr.rate,
		    0, NULL);
	if (r.t.ntg == 0) {
		pkt_info(0, "no target");
		pkt_opts_free(&o);
		exit(PKT_EXIT_OK);
	}
	if (r.flows)
		pkt_trace_flows(&r.t, a.flows > 0 ? (unsigned)a.flows : MDA_FLOWS);
	if (r.t.ntg > PKT_TRACE_MAXPROBES / (r.t.maxttl - r.t.minttl + 1))
		pkt_errx(PKT_EXIT_ERROR, "%zu targets of %u TTLs: too many probes "
		    "for %s; give -j --stateless (JSON Lines, any number of "
		    "probes)", r.t.ntg, r.t.maxttl - r.t.minttl + 1, r.rounds ?
		    "rounds" : "the table");
	pkt_trace_alloc(&r.t);
	if (a.pmtu) {
		rc = pkt_trace_pmtu_run(&r.t, &o, &sr, &interrupted);
		pkt_trace_free(&r.t);
		pkt_opts_free(&o);
		return rc;
	}
	if (r.rounds && !numeric &&
	    (r.rdns = pkt_rdns_new(NAME_TIMEOUT, dns, eb)) == NULL)
		pkt_errx(PKT_EXIT_ERROR, "names: %s (-n: numbers only)", eb);
	rc = run_live(&r, &o, &sr);
	pkt_rdns_free(r.rdns);
	pkt_trace_free(&r.t);
	pkt_opts_free(&o);
	return rc;
}
