/* pktsr1: send probes and print the first answer to each (--multi: every
 * answer), as Scapy's sr1()/sr()/srp() do. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "exitcode.h"
#include "io.h"
#include "match.h"
#include "opts.h"
#include "ping.h"
#include "pkt.h"
#include "rstguard.h"
#include "send.h"
#include "spec.h"
#include "sr.h"
#include "text.h"
#include "util.h"

enum {
	OPT_MULTI = PKT_OPT_TOOL, OPT_RETRY, OPT_INTER, OPT_RATE, OPT_SEED,
	OPT_SHOW, OPT_INTERVAL, OPT_HEXDUMP,
};

static const struct option longopts[] = {
	PKT_COMMON_LONGOPTS,
	PKT_MATCH_LONGOPTS,
	PKT_BLOCK_RST_LONGOPTS,
	{ "multi", no_argument, NULL, OPT_MULTI },
	{ "retry", required_argument, NULL, OPT_RETRY },
	{ "inter", required_argument, NULL, OPT_INTER },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "show", no_argument, NULL, OPT_SHOW },
	{ "hexdump", no_argument, NULL, OPT_HEXDUMP },
	{ "count", required_argument, NULL, 'c' },
	{ "interval", required_argument, NULL, OPT_INTERVAL },
	{ NULL, 0, NULL, 0 }
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
	    "usage: pktsr1 [-jqv] [-i iface] [--l3raw | --l2] [--nofilter] [-t sec]\n"
	    "              [--multi] [--retry n] [--inter sec | --rate pps] [--seed n]\n"
	    "              [--show] [--hexdump] [--block-rst [--hold sec]]\n"
	    "              [-c n [--interval sec]] [--no-checkipaddr] [--no-checkipsrc]\n"
	    "              [-r file] [-w file] [spec ...]\n"
	    "       pktsr1 --list-layers | --list-fields layer\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\n"
	    "Send probes and print the first answer to each, as Scapy's sr1()/sr().\n"
	    "\n"
	    "  -i, --iface IF     send and capture on IF (default: the route's)\n"
	    "      --l3raw        send every IP probe through a raw IP socket (the default\n"
	    "                     where the kernel sends it as built; -v says which)\n"
	    "      --l2           send through PF_PACKET and capture on the link: answers\n"
	    "                     keep their Ether layer\n"
	    "      --nofilter     attach no kernel filter; match in user space only\n"
	    "  -t, --timeout SEC  wait SEC after the last probe (default 2)\n"
	    "      --multi        keep every answer until the timeout\n"
	    "      --retry N      resend the unanswered N more times (-N: until N\n"
	    "                     rounds bring nothing new)\n"
	    "      --inter SEC    wait SEC between probes;  --rate PPS: pace\n"
	    "      --show         print each answer layer by layer\n"
	    "      --hexdump      print each answer's bytes, as Scapy's hexdump()\n"
	    "  -c, --count N      send the probes N times (0: until interrupted), as ping\n"
	    "      --interval SEC the rounds SEC apart (default 1)\n"
	    "      --block-rst    keep the kernel from resetting hand-made TCP connections\n"
	    "      --hold SEC     keep the --block-rst rule SEC seconds after the end,\n"
	    "                     for a handshake that pktsend goes on with\n"
	    "      --no-checkipaddr  take answers from other addresses than the probe's\n"
	    "                     destination (a broadcast or multicast ping, with --multi)\n"
	    "      --no-checkipsrc   take ICMP errors whose quoted probe has another source\n"
	    "                     address or ports (a NAT rewrote them)\n"
	    "  -r, --read FILE    probes from pcap, pcapng or JSON Lines (- = stdin)\n"
	    "  -w, --write FILE   write the answers as pcap\n"
	    "  -j, --json         one {\"sent\",\"recv\",\"rtt\"} record per probe\n"
	    "      --list-layers  every layer, with its description (Scapy's ls())\n"
	    "      --list-fields LAYER  the layer's fields, types and defaults (ls(LAYER))\n"
	    "\n"
	    "Examples:\n"
	    "  pktsr1 'IP(dst=\"127.0.0.1\")/ICMP()'\n"
	    "  pktsr1 'IP(dst=\"10.0.0.2\")/TCP(dport=[22,80,443],flags=\"S\")'\n"
	    "  pktsend -n -j 'IP(dst=\"10.0.0.0/29\")/ICMP()' | pktsr1 -r - -j\n"
	    "\n"
	    "Exit status: 0 every probe answered, 1 some were not, 2 error.\n");
}

struct ctx {
	/* the probes: the specs, then the records of -r */
	struct pkt_spec		**specs;
	size_t			 nspecs, cur;
	struct pkt_pkt		**recs;
	size_t			 nrecs, rcur;
	const struct pkt_env	*env;
	bool			 paths;		/* next_path is walking */
	const struct pkt_sr	*sr;
	bool			 json, show, hexdump;
	bool			 counting;	/* -c: ping's lines and summaries */
	struct pkt_ping		 ping;
	unsigned		 round;		/* 0-based */
	uint64_t		 base;		/* seq of the round's first probe */
	struct pkt_pcapw	*pw;
	bool			 werr;
	char			 eb[PKT_ERRBUF];
};

/* The next probe, built: from the specs, then the records. */
static int
next_probe(void *arg, struct pkt_pkt **out, char *eb)
{
	struct ctx *c = arg;
	char e[PKT_ERRBUF];
	int r;

	for (; c->cur < c->nspecs; c->cur++) {
		if ((r = pkt_spec_next(c->specs[c->cur], out, eb)) < 0)
			return -1;
		if (r == 0)
			continue;
		if (pkt_build(*out, c->env, e) < 0) {
			pkt_free(*out);
			return pkt_fail(eb, "spec %zu: %s", c->cur + 1, e);
		}
		return 1;
	}
	if (c->rcur < c->nrecs) {
		*out = pkt_copy(c->recs[c->rcur++]);
		return 1;
	}
	return 0;
}

/* From the start again, walking every probe or (paths) one per path. */
static void
rewind_probes(struct ctx *c, bool paths)
{
	size_t i;

	for (i = 0; i < c->nspecs; i++)
		if (paths)
			pkt_spec_paths(c->specs[i], true);
		else {
			pkt_spec_paths(c->specs[i], false);
			pkt_spec_rewind(c->specs[i]);
		}
	c->cur = c->rcur = 0;
	c->paths = paths;
}

/* A probe for every path: the fan-out of the layers up to the network
 * layer's, and every record; then the walk is rewound for next_probe. */
static int
next_path(void *arg, struct pkt_pkt **out, char *eb)
{
	struct ctx *c = arg;
	int r;

	if (!c->paths)
		rewind_probes(c, true);
	if ((r = next_probe(c, out, eb)) <= 0)
		rewind_probes(c, false);
	return r;
}

static void
on_done(void *arg, const struct pkt_probe *p)
{
	struct ctx *c = arg;

	if (c->counting && p->sent != 0)
		pkt_ping_sent(&c->ping, (size_t)(p->seq - c->base), p->pkt, p->sent);
	/* Unanswered probes: a record each in JSON, with recv null. */
	if (c->json && p->answers == 0 && p->sent != 0)
		c->werr |= pkt_ping_write_pair(stdout, p, NULL, -1,
		    c->counting ? c->round + 1 : 0) < 0;
}

/* -c: the next round sends the same probes again. */
static int
on_cycle_start(void *arg, unsigned cycle, char *eb)
{
	struct ctx *c = arg;

	(void)eb;
	rewind_probes(c, false);
	c->round = cycle;
	c->base = c->sr->probes;
	return 0;
}

static void
on_answer(void *arg, const struct pkt_probe *p, const struct pkt_pkt *reply,
    double rtt)
{
	struct ctx *c = arg;

	if (c->pw != NULL && !c->werr) {
		const struct pkt_pkt *w = reply;
		struct pkt_pkt rawip;
		size_t off;

		/* One pcap, one link type: answers read on raw IP sockets
		 * and on an Ethernet capture go in as raw IP, all of them. */
		if (c->sr->mixed_links && pkt_match_l3_offset(reply, &off)) {
			rawip = *reply;
			rawip.raw = reply->raw + off;
			rawip.rawlen = reply->rawlen - off;
			rawip.wirelen = reply->wirelen > off ?
			    (uint32_t)(reply->wirelen - off) : (uint32_t)rawip.rawlen;
			rawip.dlt = 12;	/* DLT_RAW */
			w = &rawip;
		}
		if (pkt_pcapw_write(c->pw, w, c->eb) < 0) {
			pkt_warnx("%s", c->eb);
			c->werr = true;
		}
	}
	if (c->counting)
		pkt_ping_answer(&c->ping, (size_t)(p->seq - c->base), p->pkt, reply,
		    rtt, c->round + 1, c->json || c->show || c->pw != NULL ? NULL :
		    stdout);
	if (c->json)
		c->werr |= pkt_ping_write_pair(stdout, p, reply, rtt,
		    c->counting ? c->round + 1 : 0) < 0;
	else if (c->show) {
		pkt_text_show(stdout, reply);
		if (c->hexdump)
			pkt_text_hexdump(stdout, reply->raw, reply->rawlen);
		printf("rtt = %.3f ms\n\n", rtt * 1e3);
	} else if ((c->pw == NULL || c->hexdump) && !c->counting) {
		char s[1024];

		pkt_text_summary(reply, s, sizeof(s));
		printf("%s  time=%.3f ms\n", s, rtt * 1e3);
		if (c->hexdump)
			pkt_text_hexdump(stdout, reply->raw, reply->rawlen);
	} else if (c->hexdump)	/* after ping's line */
		pkt_text_hexdump(stdout, reply->raw, reply->rawlen);
	fflush(stdout);
}

/* The rule of each TCP probe: a walk of every probe before the run,
 * drawing the same random values as the run will. */
static size_t
rst_rules(struct ctx *c, struct pkt_rstrule **out)
{
	struct pkt_rstrule *r = NULL;
	struct pkt_pkt *p;
	size_t k = 0;
	uint64_t mark = pkt_spec_rng_mark();
	char eb[PKT_ERRBUF];
	int rc;

	rewind_probes(c, false);
	while ((rc = next_probe(c, &p, eb)) > 0) {
		struct pkt_pkt *d = pkt_dissect_copy(p);

		pkt_free(p);
		r = pkt_xreallocarray(r, k + 1, sizeof(*r));
		memset(&r[k], 0, sizeof(*r));
		k += (size_t)pkt_rstguard_rule(d, &r[k]);
		pkt_free(d);
	}
	if (rc < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	rewind_probes(c, false);
	pkt_spec_rng_back(mark);
	*out = r != NULL ? r : pkt_xcalloc(1, sizeof(*r));
	return k;
}

int
main(int argc, char **argv)
{
	struct pkt_opts o;
	struct pkt_sr sr;
	struct ctx c;
	struct pkt_sender *snd;
	struct pkt_rstguard *guard = NULL;
	size_t i;
	bool inter_set = false;
	char eb[PKT_ERRBUF];
	int ch, rc;
	int64_t retry = 0;
	bool interval = false;

	pkt_setprogname(argv[0]);
	if (strrchr(argv[0], '/') != NULL)	/* getopt's messages: the name too */
		argv[0] = strrchr(argv[0], '/') + 1;
	pkt_opts_init(&o);
	memset(&sr, 0, sizeof(sr));
	memset(&c, 0, sizeof(c));
	sr.interval = 1;	/* ping's */
	while ((ch = getopt_long(argc, argv, PKT_COMMON_SHORTOPTS "c:", longopts,
	    NULL)) != -1) {
		uint64_t u;

		if (pkt_opts_common(&o, ch, optarg))
			continue;
		switch (ch) {
		case OPT_MULTI:
			sr.multi = true;
			break;
		case OPT_RETRY:
			if (pkt_parse_int(optarg, -1000, 1000, "retry", &retry, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--retry: %s", eb);
			break;
		case OPT_INTER:
			if (pkt_parse_seconds(optarg, 0, 86400, "inter", &sr.inter, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--inter: %s", eb);
			inter_set = true;
			break;
		case OPT_RATE:
			if (pkt_parse_seconds(optarg, 0.001, 1e9, "rate", &sr.rate, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--rate: %s", eb);
			break;
		case OPT_SEED:
			if (pkt_parse_uint(optarg, 0, UINT64_MAX, "seed", &u, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--seed: %s", eb);
			pkt_spec_seed(u);
			break;
		case OPT_SHOW:
			c.show = true;
			break;
		case OPT_HEXDUMP:
			c.hexdump = true;
			break;
		case 'c':
			if (pkt_parse_uint(optarg, 0, 1000000000, "count", &u, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "-c: %s", eb);
			c.counting = true;
			sr.count = (unsigned)u;
			sr.forever = u == 0;
			break;
		case OPT_INTERVAL:
			if (pkt_parse_seconds(optarg, 0, 86400, "interval", &sr.interval,
			    eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--interval: %s", eb);
			interval = true;
			break;
		default:
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
	pkt_opts_exclusive(inter_set, "--inter", sr.rate > 0, "--rate",
	    "--inter SEC waits between probes, --rate PPS paces them");
	pkt_opts_exclusive(o.json, "-j", c.show, "--show",
	    "both write each answer to stdout, as JSON Lines or layer by layer");
	pkt_opts_finish(&o);
	c.json = o.json;
	if (o.wfile != NULL && strcmp(o.wfile, "-") == 0 && (c.json || c.show ||
	    c.hexdump))
		pkt_errx(PKT_EXIT_ERROR, "-w - writes pcap to stdout: it cannot go "
		    "with -j, --show or --hexdump (give -w a file name)");
	if (c.json && c.hexdump)
		pkt_errx(PKT_EXIT_ERROR, "--hexdump cannot go with -j (the JSON has "
		    "the bytes: \"hex\")");
	if (interval && !c.counting)
		pkt_errx(PKT_EXIT_ERROR, "--interval: the time between rounds of -c "
		    "N; give -c too");
	if (argc == 0 && o.rfile == NULL) {
		pkt_warnx("no probe: give a spec such as 'IP(dst=\"127.0.0.1\")/ICMP()' or -r FILE");
		usage(stderr);
		exit(PKT_EXIT_ERROR);
	}
	/* Every spec parsed before anything is opened or sent; the probes
	 * are built as they are sent. */
	c.specs = pkt_xcalloc((size_t)argc + 1, sizeof(*c.specs));
	for (i = 0; i < (size_t)argc; i++) {
		if ((c.specs[i] = pkt_spec_parse(argv[i], (int)i + 1, eb)) == NULL ||
		    pkt_spec_check_stack(c.specs[i], eb) < 0)	/* IP()/DNS() */
			pkt_errx(PKT_EXIT_ERROR, "%s", eb);
		c.nspecs++;
		if (pkt_spec_first(c.specs[i]) != NULL &&
		    pkt_sender_first_layer(pkt_spec_first(c.specs[i]), eb) < 0)
			pkt_errx(PKT_EXIT_ERROR, "spec %zu: %s", i + 1, eb);
	}
	if ((snd = pkt_sender_open_lazy(&o, eb)) == NULL)
		pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	c.env = pkt_sender_env(snd);
	/* A file is read whole first: its records are walked twice. */
	if (o.rfile != NULL) {
		struct pkt_reader *rd = pkt_reader_open(o.rfile, eb);
		struct pkt_rec rec;
		int r;

		if (rd == NULL)
			pkt_errx(PKT_EXIT_ERROR, "%s", eb);
		while ((r = pkt_reader_next(rd, &rec, eb)) > 0) {
			pkt_free(rec.recv);	/* a pair: its "sent" is the probe */
			rec.recv = NULL;
			if (rec.summary || rec.line)	/* no packet in it */
				continue;
			if (pkt_rec_build(&rec, pkt_sender_env(snd), eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "%s", eb);
			if (rec.pkt->dlt < 0 && rec.pkt->n > 0 &&
			    pkt_sender_first_layer(rec.pkt->li[0].l, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "%s: %s", o.rfile, eb);
			c.recs = pkt_xreallocarray(c.recs, c.nrecs + 1,
			    sizeof(*c.recs));
			c.recs[c.nrecs++] = rec.pkt;
		}
		if (r < 0)
			pkt_errx(PKT_EXIT_ERROR, "%s", eb);
		pkt_reader_close(rd);
	}
	for (i = 0; i < c.nspecs && pkt_spec_count(c.specs[i]) == 0; i++)
		;
	if (i == c.nspecs && c.nrecs == 0) {
		pkt_info(0, "no probe to send");
		pkt_sender_close(snd);
		exit(PKT_EXIT_OK);
	}
	if (o.block_rst) {
		struct pkt_rstrule *rules;
		size_t nr = rst_rules(&c, &rules);

		if (nr == 0)
			pkt_warnx("--block-rst: no TCP probe: nothing to guard");
		else if ((guard = pkt_rstguard_start(rules, nr, o.hold, eb)) == NULL)
			pkt_errx(PKT_EXIT_ERROR, "%s", eb);	/* says --block-rst */
		free(rules);
	}
	if (o.wfile != NULL && (c.pw = pkt_pcapw_open(o.wfile, eb)) == NULL) {
		pkt_rstguard_stop(guard);
		pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	c.sr = &sr;
	sr.o = &o;
	sr.timeout = o.timeout;
	sr.retry = (int)retry;
	sr.next = next_probe;
	sr.next_path = next_path;
	sr.on_answer = on_answer;
	sr.on_done = on_done;
	sr.on_cycle_start = on_cycle_start;
	sr.arg = &c;
	sr.interrupted = &interrupted;
	if (pkt_verbose() >= 1)
		fprintf(stderr, "Begin emission:\n");
	rc = pkt_sr_run(&sr, snd, eb) < 0 ? PKT_EXIT_ERROR : PKT_EXIT_OK;
	if (rc != PKT_EXIT_OK)
		pkt_warnx("%s", eb);
	pkt_rstguard_stop(guard);
	if (pkt_verbose() >= 0)
		pkt_sr_tally(&sr, stderr);
	if (c.counting && c.json && pkt_ping_json(&c.ping, stdout) < 0)
		c.werr = true;
	else if (c.counting && !c.json && (c.pw == NULL || strcmp(o.wfile, "-") != 0))
		pkt_ping_summary(&c.ping, stdout);
	if (c.pw != NULL && pkt_pcapw_close(c.pw, eb) < 0) {
		pkt_warnx("%s", eb);
		rc = PKT_EXIT_ERROR;
	}
	if (fflush(stdout) != 0)
		rc = PKT_EXIT_ERROR;
	if (rc == PKT_EXIT_OK && c.werr)
		rc = PKT_EXIT_ERROR;
	else if (rc == PKT_EXIT_OK && (c.counting ? pkt_ping_unanswered(&c.ping) > 0 :
	    sr.answered < sr.probes))
		rc = PKT_EXIT_UNANSWERED;
	pkt_ping_free(&c.ping);
	if (interrupted)
		rc = PKT_EXIT_INTERRUPTED;
	for (i = 0; i < c.nspecs; i++)
		pkt_spec_free(c.specs[i]);
	free(c.specs);
	for (i = 0; i < c.nrecs; i++)
		pkt_free(c.recs[i]);
	free(c.recs);
	pkt_sender_close(snd);
	pkt_opts_free(&o);
	return rc;
}
