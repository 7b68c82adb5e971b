/* trace_large.c: pkttrace's large runs (stateless.c) called from the
 * trace module's targets and options: when a run is large, its options,
 * and the run itself with its tally.  See trace.h. */
#include "trace.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "exitcode.h"
#include "opts.h"
#include "perm.h"
#include "stateless.h"
#include "targets.h"
#include "util.h"

bool
pkt_trace_large_opt(struct pkt_trace_large *lg, int ch, const char *arg)
{
	char eb[PKT_ERRBUF];

	switch (ch) {
	case PKT_TRACE_OPT_STATELESS:
		lg->forced = true;
		break;
	case PKT_TRACE_OPT_SHARD:
		if (pkt_shard_parse(arg, &lg->shard_k, &lg->shard_n, eb) < 0)
			pkt_errx(PKT_EXIT_ERROR, "--shard: %s", eb);
		break;
	case PKT_TRACE_OPT_PER24:
		lg->per24 = true;
		break;
	case PKT_TRACE_OPT_SEED:
		if (pkt_parse_uint(arg, 0, UINT64_MAX, "seed", &lg->seed, eb) < 0)
			pkt_errx(PKT_EXIT_ERROR, "--seed: %s", eb);
		lg->seeded = true;
		break;
	case PKT_TRACE_OPT_FILE:
		lg->files = pkt_xreallocarray(lg->files, lg->nfile + 1,
		    sizeof(*lg->files));
		lg->files[lg->nfile++] = arg;
		break;
	default:
		return false;
	}
	return true;
}

bool
pkt_trace_large_any(const struct pkt_trace_large *lg)
{
	return lg->forced || lg->shard_n > 0 || lg->per24 || lg->seeded ||
	    lg->nfile > 0;
}

bool
pkt_trace_large_wanted(const struct pkt_trace_large *lg, int argc, char **argv)
{
	uint64_t n = 0;
	int i;

	if (lg->forced || lg->shard_n > 0 || lg->per24 || lg->nfile > 0)
		return true;
	for (i = 0; i < argc; i++) {
		uint64_t k = pkt_tsrc_size(argv[i], false);

		n += k == 0 ? 1 : k;
	}
	return n > PKT_TRACE_LARGE;
}

int
pkt_trace_large_run(const struct pkt_trace_large *lg, const struct pkt_opts *o,
    const struct pkt_trace *c, enum pkt_trace_l4 l4, unsigned dport,
    long sport, double rate, int argc, char **argv, volatile int *interrupted)
{
	struct pkt_stateless st;
	char eb[PKT_ERRBUF];
	size_t i;
	int rc;

	if (!o->json)
		pkt_errx(PKT_EXIT_ERROR, "a large run (more than %d targets, a "
		    "prefix that big, --stateless, --shard, --per24 or --file) "
		    "has no table, which needs every path at once: give -j, one "
		    "JSON line per answer as it comes (pkttrace -r draws the "
		    "table of a saved run)", PKT_TRACE_LARGE);
	if (o->wfile != NULL)
		pkt_errx(PKT_EXIT_ERROR, "-w: a large run keeps no packets; "
		    "capture with tcpdump, or trace at most %d targets",
		    PKT_TRACE_LARGE);
	if (o->l3raw == PKT_L3RAW_NO)
		pkt_errx(PKT_EXIT_ERROR, "--l2: a large run sends through a raw "
		    "IP socket; leave --l2 out");
	memset(&st, 0, sizeof(st));
	st.src = pkt_tsrc_new();
	for (i = 0; i < c->ntg; i++)
		pkt_tsrc_arg(st.src, c->tg[i].addr);
	if (c->ntg > 0)
		pkt_tsrc_file(st.src, "-");	/* the rest of stdin */
	else if (argc == 0 && lg->nfile == 0) {
		if (isatty(STDIN_FILENO))
			pkt_errx(PKT_EXIT_ERROR, "no target: give addresses or "
			    "prefixes such as 10.0.0.0/16, or one per line on stdin");
		pkt_tsrc_file(st.src, "-");
	}
	for (i = 0; i < (size_t)argc; i++)
		pkt_tsrc_arg(st.src, argv[i]);
	for (i = 0; i < lg->nfile; i++)
		pkt_tsrc_file(st.src, lg->files[i]);
	pkt_tsrc_per24(st.src, lg->per24, lg->seed);
	if (lg->shard_n > 0)
		pkt_tsrc_shard(st.src, lg->shard_k, lg->shard_n);
	st.pid.l4 = l4 == PKT_TRACE_TCP ? PKT_PID_TCP : l4 == PKT_TRACE_UDP ?
	    PKT_PID_UDP : PKT_PID_ICMP;
	st.pid.dport = (uint16_t)dport;
	st.pid.sport = (int32_t)sport;
	st.minttl = c->minttl;
	st.maxttl = c->maxttl;
	st.rate = rate;
	st.timeout = o->timeout;
	st.seed = lg->seed;
	st.seeded = lg->seeded;
	st.per24 = lg->per24;
	st.all_ttls = c->all_ttls;
	st.iface = o->iface;
	st.out = stdout;
	st.interrupted = interrupted;
	rc = pkt_stateless_run(&st, eb) < 0 ? PKT_EXIT_ERROR : PKT_EXIT_OK;
	if (rc != PKT_EXIT_OK)
		pkt_warnx("%s", eb);
	if (pkt_verbose() >= 0)
		fprintf(stderr, "Sent %llu probes to %llu targets in %.2f s (%.0f "
		    "probes/s); %llu past their target not sent, %llu not sent; "
		    "%llu answers; %llu targets reached\n",
		    (unsigned long long)st.sent, (unsigned long long)st.targets,
		    st.elapsed, st.elapsed > 0 ? (double)st.sent / st.elapsed : 0,
		    (unsigned long long)st.skipped, (unsigned long long)st.unsent,
		    (unsigned long long)st.answers, (unsigned long long)st.reached);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		pkt_warn("stdout");
		rc = PKT_EXIT_ERROR;
	}
	if (rc == PKT_EXIT_OK && st.reached < st.targets)
		rc = PKT_EXIT_UNANSWERED;
	if (*interrupted)
		rc = PKT_EXIT_INTERRUPTED;
	pkt_tsrc_free(st.src);
	return rc;
}
