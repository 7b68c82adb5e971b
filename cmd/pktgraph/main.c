/* pktgraph: draw graphs with Graphviz: the paths of a pkttrace run
 * (Scapy's TracerouteResult.graph()), or the conversations in a packet
 * stream (PacketList.conversations()). */
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <arpa/inet.h>
#include <strings.h>

#include <jansson.h>

#include "err.h"
#include "exitcode.h"
#include "graph.h"
#include "io.h"
#include "opts.h"
#include "pkt.h"
#include "tracegraph.h"
#include "util.h"

enum {
	OPT_DOT = PKT_OPT_TOOL, OPT_ASN_FILE, OPT_PROTOCOLS, OPT_CONV,
};

static const struct option longopts[] = {
	PKT_COMMON_LONGOPTS,
	{ "format", required_argument, NULL, 'T' },
	{ "output", required_argument, NULL, 'o' },
	{ "options", required_argument, NULL, 'O' },
	{ "dot", required_argument, NULL, OPT_DOT },
	{ "asn-file", required_argument, NULL, OPT_ASN_FILE },
	{ "conversations", no_argument, NULL, 'C' },
	{ "protocols", no_argument, NULL, 'P' },
	{ NULL, 0, NULL, 0 }
};

static void
usage(FILE *f)
{
	fprintf(f,
	    "usage: pktgraph [-CPqv] [-T svg|png|pdf|ps|dot] [-o file] [-O dot-options]\n"
	    "                [--dot prog] [--asn-file file] [-r file]\n"
	    "       pktgraph -j [-CPqv] [--asn-file file] [-r file]\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\n"
	    "Draw the paths of a pkttrace run (trace pairs), or who talks to whom in\n"
	    "a packet stream (pcap, pcapng or JSON Lines), with Graphviz.\n"
	    "\n"
	    "  -r, --read FILE     read FILE instead of stdin (- = stdin)\n"
	    "  -o, --output FILE   write the graph to FILE (default: stdout)\n"
	    "  -T, --format FMT    svg, png, pdf, ps or dot (default: from the -o\n"
	    "                      extension, else svg); dot needs no Graphviz\n"
	    "  -O, --options OPTS  options for dot, e.g. '-Gdpi=70' (repeatable)\n"
	    "      --dot PROG      the dot program, with arguments (config: dot = ...)\n"
	    "      --asn-file FILE cluster hops by AS: lines PREFIX<TAB>ASN[<TAB>NAME]\n"
	    "  -C, --conversations draw conversations even from trace pairs\n"
	    "  -P, --protocols     label conversations with packets per protocol\n"
	    "  -j, --json          no drawing: the graph's data as JSON Lines, one line\n"
	    "                      per trace (its path) or per conversation\n"
	    "  -v, -q              more / less on stderr (-v: timings)\n"
	    "      --config FILE   configuration file\n"
	    "\n"
	    "Examples:\n"
	    "  pkttrace -j 192.0.2.1 198.51.100.7 | pktgraph -o paths.svg\n"
	    "  pktgraph -T png -O '-Gdpi=70' -o paths.png < trace.jsonl\n"
	    "  pktgraph --asn-file prefixes.tsv -o paths.svg < trace.jsonl\n"
	    "  pktgraph -T dot < trace.jsonl\n"
	    "  pktgraph -r capture.pcap -o talkers.svg\n"
	    "  pktgraph -j < trace.jsonl | jq -c '[.target, [.path[].hop]]'\n"
	    "\n"
	    "See pktgraph(1).\n");
}

/* ---- main --------------------------------------------------------------- */

/* The temporary file of a dot run, removed if we are interrupted. */
static char *volatile tmpfile_path;

static void
on_signal(int sig)
{
	if (tmpfile_path != NULL)
		unlink(tmpfile_path);
	_exit(sig == SIGINT ? PKT_EXIT_INTERRUPTED : 128 + sig);
}

static const char *const formats[] = { "svg", "png", "pdf", "ps", "dot" };

static const char *
format_of(const char *s, bool strict)
{
	size_t i;

	if (strcasecmp(s, "gv") == 0)
		return "dot";
	if (strcasecmp(s, "eps") == 0 && !strict)
		return "ps";
	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (strcasecmp(s, formats[i]) == 0)
			return formats[i];
	return NULL;
}

/* Is prog (no '/') on PATH? */
static bool
on_path(const char *prog)
{
	const char *path = getenv("PATH"), *p, *e;
	char buf[PATH_MAX];

	if (strchr(prog, '/') != NULL)
		return access(prog, X_OK) == 0;
	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	for (p = path;; p = e + 1) {
		size_t n;

		e = strchr(p, ':');
		n = e != NULL ? (size_t)(e - p) : strlen(p);
		if (snprintf(buf, sizeof(buf), "%.*s/%s", (int)n, n ? p : ".",
		    prog) < (int)sizeof(buf) && access(buf, X_OK) == 0)
			return true;
		if (e == NULL)
			return false;
	}
}

static PKT_NORETURN void
dot_missing(const char *prog)
{
	pkt_errx(PKT_EXIT_ERROR, "%s not found: install Graphviz "
	    "(apt-get install graphviz), or use -T dot", prog);
}

int
main(int argc, char **argv)
{
	struct pkt_opts o;
	struct pkt_graph_model m;
	struct pkt_asn_table asn;
	struct attrs ov;
	struct pkt_reader *rd;
	const char *fmt = NULL, *ofile = NULL, *dotprog = NULL, *asnfile = NULL;
	char **dargv = NULL, **oargs = NULL, *buf = NULL;
	size_t dargc = 0, noargs = 0, len = 0;
	bool conv = false, protocols = false, tostdout, traces;
	char eb[PKT_ERRBUF], tfmt[16];
	double t0, t1, t2;
	FILE *mf;
	int ch, r, rc = PKT_EXIT_OK;

	pkt_setprogname(argv[0]);
	if (strrchr(argv[0], '/') != NULL)	/* getopt's messages: the name too */
		argv[0] = strrchr(argv[0], '/') + 1;
	pkt_opts_init(&o);
	memset(&m, 0, sizeof(m));
	memset(&asn, 0, sizeof(asn));
	memset(&ov, 0, sizeof(ov));
	while ((ch = getopt_long(argc, argv, PKT_COMMON_SHORTOPTS "T:o:O:CP",
	    longopts, NULL)) != -1) {
		if (ch == 'w')
			pkt_errx(PKT_EXIT_ERROR, "-w: pktgraph writes a graph, not packets: use -o FILE");
		if (ch == 'i' || ch == 't' || ch == PKT_OPT_L3RAW ||
		    ch == PKT_OPT_L2 || ch == PKT_OPT_NOFILTER)
			pkt_errx(PKT_EXIT_ERROR, "%s: pktgraph sends and captures "
			    "nothing; it reads -r FILE or stdin", ch == 'i' ? "-i" :
			    ch == 't' ? "-t" : ch == PKT_OPT_L3RAW ? "--l3raw" :
			    ch == PKT_OPT_L2 ? "--l2" : "--nofilter");
		if (pkt_opts_common(&o, ch, optarg))
			continue;
		switch (ch) {
		case 'T':
			if ((fmt = format_of(optarg, true)) == NULL)
				pkt_errx(PKT_EXIT_ERROR, "-T %s: unknown format (svg, png, pdf, ps or dot)",
				    optarg);
			break;
		case 'o':
			ofile = optarg;
			break;
		case 'O':
			if (pkt_graph_split(optarg, &oargs, &noargs, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "-O: %s", eb);
			break;
		case OPT_DOT:
			dotprog = optarg;
			break;
		case OPT_ASN_FILE:
			asnfile = optarg;
			break;
		case 'C':
			conv = true;
			break;
		case 'P':
			protocols = true;
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
	if (optind < argc) {
		pkt_warnx("unexpected argument \"%s\": the input is stdin or -r FILE",
		    argv[optind]);
		usage(stderr);
		exit(PKT_EXIT_ERROR);
	}
	pkt_opts_finish(&o);
	if (o.json && (fmt != NULL || ofile != NULL))
		pkt_errx(PKT_EXIT_ERROR, "-j writes the graph's data as JSON Lines to "
		    "stdout: leave out %s", fmt != NULL ? "-T" : "-o");
	if (o.json && (noargs > 0 || dotprog != NULL))
		pkt_errx(PKT_EXIT_ERROR, "-j writes the graph's data and runs no "
		    "dot: leave out %s", noargs > 0 ? "-O" : "--dot");
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	signal(SIGHUP, on_signal);
	if (o.rfile == NULL && isatty(STDIN_FILENO)) {
		pkt_warnx("no input: pipe pkttrace -j or a packet stream into it, or give -r FILE");
		usage(stderr);
		exit(PKT_EXIT_ERROR);
	}
	if (ofile != NULL && strcmp(ofile, "-") == 0)
		ofile = NULL;
	if (fmt == NULL && ofile != NULL) {
		const char *dot = strrchr(ofile, '.');

		if (dot != NULL && strchr(dot, '/') == NULL &&
		    (fmt = format_of(dot + 1, false)) == NULL && o.verbose >= 0)
			pkt_warnx("%s: no format for \"%s\": writing SVG (-T sets one)",
			    ofile, dot);
	}
	if (fmt == NULL)
		fmt = "svg";
	tostdout = ofile == NULL;
	if (tostdout && (strcmp(fmt, "png") == 0 || strcmp(fmt, "pdf") == 0) &&
	    isatty(STDOUT_FILENO))
		pkt_errx(PKT_EXIT_ERROR, "-T %s: stdout is a terminal; give -o FILE or pipe it", fmt);

	/* The dot command: --dot, else the config's dot, else "dot"; split
	 * as a shell would split words (no shell runs), then -O, then -T. */
	if (dotprog == NULL)
		dotprog = o.cfg.dot;
	if (dotprog == NULL)
		dotprog = "dot";
	if (pkt_graph_split(dotprog, &dargv, &dargc, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s: %s", dotprog == o.cfg.dot ?
		    o.cfg.path : "--dot", eb);
	if (dargc == 0)
		pkt_errx(PKT_EXIT_ERROR, "%s: the dot program is empty", dotprog == o.cfg.dot ?
		    o.cfg.path : "--dot");
	pkt_graph_attrs_from_argv(&ov, dargv + 1);
	pkt_graph_attrs_from_argv(&ov, oargs);
	for (size_t i = 0; oargs != NULL && oargs[i] != NULL; i++) {
		dargv = pkt_xreallocarray(dargv, dargc + 2, sizeof(*dargv));
		dargv[dargc++] = pkt_xstrdup(oargs[i]);
		dargv[dargc] = NULL;
	}
	snprintf(tfmt, sizeof(tfmt), "-T%s", fmt);
	dargv = pkt_xreallocarray(dargv, dargc + 2, sizeof(*dargv));
	dargv[dargc++] = pkt_xstrdup(tfmt);
	dargv[dargc] = NULL;
	if (!o.json && strcmp(fmt, "dot") != 0 && !on_path(dargv[0]))
		dot_missing(dargv[0]);
	if (asnfile != NULL && pkt_asn_load(&asn, asnfile, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "--asn-file: %s", eb);

	/* Read everything: a graph is drawn once the input has ended. */
	t0 = pkt_now();
	if ((rd = pkt_reader_open(o.rfile != NULL ? o.rfile : "-", eb)) == NULL)
		pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	r = pkt_graph_read(&m, rd, conv, o.json ? stdout : NULL, &asn, eb);
	pkt_reader_close(rd);
	if (r < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	traces = m.ntracerecs > 0;
	if (m.nrecs == 0) {
		pkt_info(1, "empty input: no graph");
		goto out;
	}
	if (traces && m.nrecs > m.ntracerecs && o.verbose >= 0)
		pkt_warnx("%llu records that are not trace pairs left out "
		    "(-C draws every packet as conversations)",
		    (unsigned long long)(m.nrecs - m.ntracerecs));
	if (!traces && m.nconvs == 0) {
		if (o.verbose >= 0)
			pkt_warnx("no IP, IPv6 or ARP packets in %llu records: no graph",
			    (unsigned long long)m.nrecs);
		goto out;
	}

	if (o.json) {
		if ((traces ? pkt_graph_trace_json(stdout, &m, &asn) :
		    pkt_graph_conv_json(stdout, &m)) < 0) {
			pkt_warn("stdout");
			rc = PKT_EXIT_ERROR;
		}
		goto out;
	}

	/* The DOT text, in memory: nothing is written before it is whole. */
	if ((mf = open_memstream(&buf, &len)) == NULL)
		pkt_err(PKT_EXIT_ERROR, "open_memstream");
	if (traces)
		pkt_graph_trace_dot(mf, &m, &asn, &ov);
	else
		pkt_graph_conv_dot(mf, &m, protocols, &ov);
	if (fclose(mf) != 0)
		pkt_err(PKT_EXIT_ERROR, "open_memstream");
	t1 = pkt_now();

	if (strcmp(fmt, "dot") == 0) {
		FILE *out = stdout;

		if (ofile != NULL && (out = fopen(ofile, "w")) == NULL)
			pkt_err(PKT_EXIT_ERROR, "%s", ofile);
		if (fwrite(buf, 1, len, out) != len || fflush(out) != 0) {
			pkt_warn("%s", ofile != NULL ? ofile : "stdout");
			rc = PKT_EXIT_ERROR;
		}
		if (out != stdout && fclose(out) != 0 && rc == PKT_EXIT_OK) {
			pkt_warn("%s", ofile);
			rc = PKT_EXIT_ERROR;
		}
		t2 = t1;
	} else {
		bool notfound;
		char *tmp = NULL;
		int fd = STDOUT_FILENO;

		if (!tostdout) {
			/* dot writes next to -o, renamed into place on success:
			 * a failed run leaves an old file as it was. */
			const char *slash = strrchr(ofile, '/');
			size_t dl = slash != NULL ? (size_t)(slash - ofile) + 1 : 0;
			mode_t um = umask(0);

			umask(um);
			tmp = pkt_xmalloc(dl + 32);
			/* mkstemp(3)'s template: the name, then six 'X' */
			snprintf(tmp, dl + 32, "%.*s.pktgraph.", (int)dl, ofile);
			memset(tmp + strlen(tmp), 'X', 6);
			tmp[dl + 10 + 6] = '\0';
			if ((fd = mkstemp(tmp)) < 0)
				pkt_err(PKT_EXIT_ERROR, "%s: cannot create a file next to it", ofile);
			(void)fchmod(fd, 0666 & ~um);
			tmpfile_path = tmp;
		}
		fflush(stdout);
		pkt_info(2, "running %s", dargv[0]);
		r = pkt_graph_run(dargv, buf, len, fd, &notfound, eb);
		t2 = pkt_now();
		if (!tostdout) {
			if (close(fd) != 0 && r == 0) {
				pkt_fail(eb, "%s: %s", ofile, strerror(errno));
				r = -1;
			}
			if (r == 0 && rename(tmp, ofile) != 0) {
				pkt_fail(eb, "%s: %s", ofile, strerror(errno));
				r = -1;
			}
			if (r != 0)
				unlink(tmp);
			tmpfile_path = NULL;
			free(tmp);
		}
		if (notfound)
			dot_missing(dargv[0]);
		if (r != 0) {
			pkt_warnx("%s", eb);
			rc = PKT_EXIT_ERROR;
		}
	}
	pkt_info(1, "%llu records, %zu %s, %zu nodes: reading and DOT %.3f s, "
	    "%s %.3f s", (unsigned long long)m.nrecs,
	    traces ? m.ntraces : m.nconvs, traces ? "traces" : "conversations",
	    m.nnodes, t1 - t0, strcmp(fmt, "dot") == 0 ? "no dot," : dargv[0],
	    t2 - t1);
out:
	free(buf);
	pkt_graph_model_free(&m);
	pkt_asn_free(&asn);
	pkt_graph_attrs_free(&ov);
	pkt_graph_argv_free(dargv);
	pkt_graph_argv_free(oargs);
	pkt_opts_free(&o);
	return rc;
}
