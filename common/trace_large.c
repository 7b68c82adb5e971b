/* trace_large.c: pkttrace's large runs (stateless.c) called from the
 * trace module's targets and options: when a run is large, its options,
 * and the run itself with its tally.  See trace.h. */
#include "trace.h"

#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <errno.h>
#include <stdio.h>

#include "err.h"
#include "exitcode.h"
#include "io.h"
#include "opts.h"
#include "perm.h"
#include "stateless.h"
#include "targets.h"
#include "tracelines.h"
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

/* ---- pkttrace -r over a large run's lines ------------------------------ */

struct lread {
	const struct pkt_trace *c;
	FILE		*out;
	bool		 json, report, werr;
	uint64_t	 paths, reached;
	/* the table's: paths kept until the end */
	struct pkt_trace_target *tg;
	struct pkt_tl_hop *hops;
	size_t		*first, nhops;
};

static void
bare_target(struct pkt_trace_target *t, const char *addr)
{
	memset(t, 0, sizeof(*t));
	t->family = strchr(addr, ':') != NULL ? 6 : 4;
	snprintf(t->addr, sizeof(t->addr), "%s", addr);
	snprintf(t->col, sizeof(t->col), "%s", addr);
	t->bare = true;
}

/* The model of ntg targets whose hops are h[first[k]..first[k + 1]). */
static void
lines_model(struct pkt_trace *t, const struct pkt_trace *c,
    struct pkt_trace_target *tg, size_t ntg, const struct pkt_tl_hop *h,
    const size_t *first)
{
	size_t k, i;

	memset(t, 0, sizeof(*t));
	t->tg = tg;
	t->ntg = ntg;
	t->minttl = c->minttl;
	t->maxttl = c->minttl;
	for (i = 0; i < first[ntg]; i++)
		if (h[i].ttl > t->maxttl && h[i].ttl <= c->maxttl)
			t->maxttl = h[i].ttl;
	pkt_trace_alloc(t);
	for (k = 0; k < ntg; k++)
		for (i = first[k]; i < first[k + 1]; i++) {
			size_t x;

			if (h[i].ttl < t->minttl || h[i].ttl > t->maxttl)
				continue;
			x = pkt_trace_index(t, k, h[i].ttl);
			pkt_trace_sent(t, x);
			pkt_trace_answer_addr(t, x, h[i].hop, h[i].kind, h[i].what,
			    h[i].rtt);
		}
	pkt_trace_round_end(t, NULL);
	/* The cells again, emptied by the round's end: the table's. */
	for (k = 0; k < ntg; k++)
		for (i = first[k]; i < first[k + 1]; i++)
			if (h[i].ttl >= t->minttl && h[i].ttl <= t->maxttl)
				pkt_trace_answer_addr(t, pkt_trace_index(t, k,
				    h[i].ttl), h[i].hop, h[i].kind, h[i].what, -1);
}

static int
lines_path(const struct pkt_tl_path *p, void *arg)
{
	struct lread *lr = arg;
	size_t i;

	lr->paths++;
	if (p->reached)
		lr->reached++;
	if (lr->json) {
		for (i = 0; i < p->n; i++)
			if (pkt_stateless_line(lr->out, p->target, p->h[i].ttl,
			    p->h[i].kind == PKT_TRACE_TIMEOUT ? NULL : p->h[i].hop,
			    pkt_trace_kind_names[p->h[i].kind], p->h[i].what,
			    p->h[i].rtt) < 0)
				return -2;
		return 0;
	}
	if (lr->report) {
		struct pkt_trace t;
		size_t first[2] = { 0, p->n };

		lines_model(&t, lr->c, pkt_xcalloc(1, sizeof(*t.tg)), 1, p->h,
		    first);
		bare_target(&t.tg[0], p->target);
		t.tg[0].reached = p->reached;
		pkt_trace_print_report(lr->out, &t, NULL, 0, false);
		pkt_trace_free(&t);
		return ferror(lr->out) ? -2 : 0;
	}
	if (lr->paths > PKT_TRACE_LARGE)
		return -3;
	lr->tg = pkt_xreallocarray(lr->tg, lr->paths, sizeof(*lr->tg));
	bare_target(&lr->tg[lr->paths - 1], p->target);
	lr->first = pkt_xreallocarray(lr->first, lr->paths + 1,
	    sizeof(*lr->first));
	lr->first[lr->paths - 1] = lr->nhops;
	lr->hops = pkt_xreallocarray(lr->hops, lr->nhops + p->n,
	    sizeof(*lr->hops));
	memcpy(lr->hops + lr->nhops, p->h, p->n * sizeof(*p->h));
	lr->nhops += p->n;
	lr->first[lr->paths] = lr->nhops;
	return 0;
}

int
pkt_trace_large_read(struct pkt_trace_saved *sv, const char *path,
    const struct pkt_trace *c, FILE *out, bool json, bool report, char *eb)
{
	struct pkt_reader *rd;
	struct pkt_rec rec;
	struct pkt_tl *tl;
	struct lread lr;
	int r, rc = PKT_EXIT_OK;

	if ((rd = pkt_reader_open(path, eb)) == NULL)
		return -2;
	if ((r = pkt_reader_next(rd, &rec, eb)) != 1 || !rec.line) {
		while (r == 1 && (r = pkt_trace_saved_rec(sv, &rec, eb) < 0 ?
		    -1 : pkt_reader_next(rd, &rec, eb)) == 1)
			;
		pkt_reader_close(rd);
		return r < 0 ? -2 : -1;
	}
	memset(&lr, 0, sizeof(lr));
	lr.c = c;
	lr.out = out;
	lr.json = json;
	lr.report = report;
	tl = pkt_tl_new(lines_path, &lr, 0);
	do {
		if (!rec.line) {
			r = pkt_fail(eb, "%s:%llu: a small run's record among a "
			    "large run's lines: read them apart", rec.file,
			    (unsigned long long)rec.recno);
			pkt_rec_clear(&rec);
			break;
		}
		if ((r = pkt_tl_add(tl, &rec, eb)) < 0)
			break;
	} while ((r = pkt_reader_next(rd, &rec, eb)) == 1);
	pkt_reader_close(rd);
	if (r == 0)
		r = pkt_tl_end(tl);
	if (r == -3)
		pkt_fail(eb, "%s: a large run's lines of more than %d targets: the "
		    "table needs every path at once; give --report (a report per "
		    "target as its path is whole) or -j (its lines together)",
		    path, PKT_TRACE_LARGE);
	else if (r == -2)
		pkt_fail(eb, "stdout: %s", strerror(errno));
	if (r < 0) {
		pkt_warnx("%s", eb);
		rc = PKT_EXIT_ERROR;
	} else if (!json && !report) {
		struct pkt_trace t;

		if (lr.paths > 0) {
			lines_model(&t, c, lr.tg, lr.paths, lr.hops, lr.first);
			lr.tg = NULL;	/* the model's now */
			pkt_trace_print_table(out, &t);
			pkt_trace_free(&t);
		}
	}
	pkt_info(1, "%llu lines of a large run: %llu targets, %llu reached; at "
	    "most %zu open at once", (unsigned long long)pkt_tl_lines(tl),
	    (unsigned long long)lr.paths, (unsigned long long)lr.reached,
	    pkt_tl_peak(tl));
	if (fflush(out) != 0 || ferror(out)) {
		pkt_warn("stdout");
		rc = PKT_EXIT_ERROR;
	}
	if (rc == PKT_EXIT_OK && lr.reached < lr.paths)
		rc = PKT_EXIT_UNANSWERED;
	pkt_tl_free(tl);
	free(lr.tg);
	free(lr.hops);
	free(lr.first);
	return rc;
}
