/* trace_opts.c: which of pkttrace's options go together, and what the
 * ones left out default to (trace.h, struct pkt_trace_ask). */
#include <stdio.h>

#include "err.h"
#include "trace.h"

static int
fail(char *eb, const char *msg)
{
	snprintf(eb, PKT_ERRBUF, "%s", msg);
	return -1;
}

/* -r: nothing is sent, so what shapes probes has no say (the TTL range
 * still chooses the rows). */
static int
check_read(const struct pkt_trace_ask *a, char *eb)
{
	const char *why = a->ntargets > 0 ? "give either -r FILE or targets, "
	    "not both" : a->large ? "--stateless, --shard, --per24, --seed and "
	    "--file choose targets and probes" : a->net ? "-i, --l3raw, --l2, "
	    "--nofilter and -t choose how probes go out and answers come in" :
	    a->l4set || a->dport >= 0 || a->sport >= 0 || a->rate ||
	    a->count >= 0 || a->dns || a->pmtu || a->flows > 0 || a->mda ||
	    a->all_ttls ? "--l4, -p, --sport, --rate, -c, --dns-server, --pmtu, "
	    "--flows, --mda and --all-ttls shape probing" : NULL;

	if (why == NULL)
		return 0;
	snprintf(eb, PKT_ERRBUF, "-r reads a saved trace and sends nothing: "
	    "%s%s", why, a->ntargets > 0 ? "" : "; leave them out");
	return -1;
}

int
pkt_trace_ask_settle(struct pkt_trace_ask *a, char *eb)
{
	if (a->minttl > a->maxttl) {
		snprintf(eb, PKT_ERRBUF, "--minttl %u is above --maxttl %u: give "
		    "a TTL range such as --minttl 1 --maxttl 30", a->minttl,
		    a->maxttl);
		return -1;
	}
	if (a->json && a->wstdout)
		return fail(eb, "-j and -w -: both write to stdout; give -w a "
		    "file name");
	if (a->json && a->report)
		return fail(eb, "-j and --report: the report is text; -j with -c "
		    "gives hop summaries instead");
	if (a->read)
		return check_read(a, eb);
	if (a->pmtu && (a->report || a->count >= 0 || a->large))
		return fail(eb, "--pmtu probes size after size until the path "
		    "MTU is found: not with -c, --report or the options of large "
		    "runs");
	if (a->pmtu && (a->flows > 0 || a->mda))
		return fail(eb, "--pmtu follows one flow per target: not with "
		    "--flows or --mda");
	if (a->pmtu && !a->l4set)
		a->l4 = PKT_TRACE_UDP;	/* as tracepath */
	if (a->l4 == PKT_TRACE_ICMP && a->dport >= 0)
		return fail(eb, "-p: ICMP probes have no port (use --l4 tcp or "
		    "--l4 udp)");
	if (a->dport < 0)
		a->dport = a->l4 == PKT_TRACE_UDP ? 33434 : 80;
	if (a->mda && a->count >= 0)
		return fail(eb, "--mda sends as many rounds as it needs: leave "
		    "out -c");
	/* Rounds: -c (other than 1), or --report (10 by default, as mtr). */
	if (a->count < 0 && a->report)
		a->count = 10;
	a->rounds = a->report || (a->count >= 0 && a->count != 1);
	if (a->rounds && !a->json)
		a->report = true;
	a->multipath = a->flows > 0 || a->mda;
	if (a->multipath && a->report)
		return fail(eb, "--flows and --mda list every next hop per TTL; "
		    "--report is per flow: give one or the other");
	if (a->multipath && a->nsport > 1)
		return fail(eb, "--flows and --mda choose the source ports: "
		    "--sport takes one port (the first flow's)");
	if (a->multipath && a->large)
		return fail(eb, "--flows and --mda trace few targets: not in a "
		    "large run");
	if (a->rounds && a->large)
		return fail(eb, "-c and --report trace every path round after "
		    "round: not in a large run");
	return 0;
}
