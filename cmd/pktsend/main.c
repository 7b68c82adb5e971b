/* pktsend: build packets from specs, pcap or JSON Lines, and send them
 * (L3 or L2); with -n, build and emit them without sending. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "exitcode.h"
#include "frag.h"
#include "io.h"
#include "opts.h"
#include "pkt.h"
#include "priv.h"
#include "rstguard.h"
#include "send.h"
#include "spec.h"
#include "text.h"
#include "util.h"

enum {
	OPT_SHOW = PKT_OPT_TOOL, OPT_LOOP, OPT_INTER, OPT_RATE, OPT_QDISC_BYPASS,
	OPT_SEED, OPT_HEXDUMP, OPT_FRAGMENT,
};

static const struct option longopts[] = {
	PKT_COMMON_LONGOPTS,
	PKT_BLOCK_RST_LONGOPTS,
	{ "dry-run", no_argument, NULL, 'n' },
	{ "count", required_argument, NULL, 'c' },
	{ "loop", no_argument, NULL, OPT_LOOP },
	{ "inter", required_argument, NULL, OPT_INTER },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "show", no_argument, NULL, OPT_SHOW },
	{ "hexdump", no_argument, NULL, OPT_HEXDUMP },
	{ "fragment", required_argument, NULL, OPT_FRAGMENT },
	{ "qdisc-bypass", no_argument, NULL, OPT_QDISC_BYPASS },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ NULL, 0, NULL, 0 }
};

static volatile sig_atomic_t interrupted;

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
	    "usage: pktsend [-njqv] [-i iface] [--l3raw | --l2] [-c count | --loop]\n"
	    "               [--inter sec | --rate pps] [--qdisc-bypass] [--seed n]\n"
	    "               [--block-rst [--hold sec]] [--fragment bytes] [-r file]\n"
	    "               [-w file] [--show] [--hexdump] [--config file] [spec ...]\n"
	    "       pktsend --list-layers | --list-fields layer\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\n"
	    "Build packets from specs (Scapy's syntax), a pcap or JSON Lines, and send them.\n"
	    "\n"
	    "  -n, --dry-run      build and emit, send nothing (no privilege needed)\n"
	    "  -i, --iface IF     send on IF (default: from the route to the destination)\n"
	    "      --l3raw        send through a raw IP socket (the kernel routes it)\n"
	    "      --l2           send through PF_PACKET even to local destinations\n"
	    "  -c, --count N      send the whole set N times\n"
	    "      --loop         send the set until interrupted\n"
	    "      --inter SEC    wait SEC seconds between packets\n"
	    "      --rate PPS     pace to PPS packets per second\n"
	    "      --qdisc-bypass send around the kernel's queueing discipline\n"
	    "      --seed N       seed RandShort() and friends, to repeat a run\n"
	    "      --block-rst    keep the kernel from resetting the TCP connections sent on\n"
	    "      --hold SEC     keep the --block-rst rule SEC seconds after the end\n"
	    "  -r, --read FILE    packets from a pcap, pcapng or JSON Lines file (- = stdin)\n"
	    "  -w, --write FILE   write the packets as pcap (- = stdout)\n"
	    "  -j, --json         write the packets as JSON Lines\n"
	    "      --show         print each packet layer by layer, as Scapy's show()\n"
	    "      --hexdump      print each packet's bytes, as Scapy's hexdump()\n"
	    "      --fragment N   split IP packets as Scapy's fragment(p, N) (IPv4: N\n"
	    "                     data bytes a fragment) or fragment6(p, N) (IPv6: N\n"
	    "                     bytes a fragment, link header included)\n"

	    "  -v, -q             more / less on stderr\n"
	    "      --config FILE  configuration file\n"
	    "      --list-layers  every layer, with its description (Scapy's ls())\n"
	    "      --list-fields LAYER  the layer's fields, types and defaults (ls(LAYER))\n"
	    "\n"
	    "Examples:\n"
	    "  pktsend -n 'IP(dst=\"10.0.0.1\")/ICMP()' -w - | tcpdump -nn -r -\n"
	    "  pktsend -n -r capture.pcap -j | jq -c '.layers[1]'\n"
	    "  pktsend 'IP(dst=\"127.0.0.1\")/UDP(dport=9)/\"hello\"'\n"
	    "\n"
	    "See pktsend(1) and pkt(7) for the packet language and the streams.\n");
}

struct out {
	bool		 dry;
	struct pkt_rstguard *guard;	/* --block-rst */
	bool		 guarded;	/* a TCP packet was */
	bool		 json, show, hexdump;
	struct pkt_pcapw *pw;
	struct pkt_sender *snd;
	uint64_t	 npkts, nbytes;
	size_t		 fragsize;	/* --fragment, 0: none */
};

/* --block-rst: the packet's flow is guarded before it leaves. */
static int
guard(struct out *o, const struct pkt_pkt *p, char *eb)
{
	struct pkt_pkt *d = p->dissected ? NULL : pkt_dissect_copy(p);
	struct pkt_rstrule r;
	int found = pkt_rstguard_rule(d != NULL ? d : p, &r);

	pkt_free(d);
	if (!found)
		return 0;
	o->guarded = true;
	return pkt_rstguard_add(o->guard, &r, 1, eb);
}

/* Emit one built packet: send it, and/or write it out as asked. */
static int
emit_one(struct out *o, struct pkt_pkt *p, char *eb)
{
	struct pkt_pkt *d;

	if (o->guard != NULL && guard(o, p, eb) < 0)
		return -1;
	if (o->snd != NULL && pkt_sender_send(o->snd, p, eb) < 0)
		return -1;
	if (p->time == 0)
		p->time = pkt_walltime();
	o->npkts++;
	o->nbytes += p->rawlen;
	if (o->pw != NULL && pkt_pcapw_write(o->pw, p, eb) < 0)
		return -1;
	if (!o->json && !o->show && !o->hexdump && (!o->dry || o->pw != NULL))
		return 0;
	/* What is shown is what the bytes say: their dissection (a record
	 * read from a capture already is one; a built packet is dissected
	 * afresh). */
	if (p->dissected)
		d = p;
	else
		d = pkt_dissect_copy(p);
	if (o->json)
		pkt_json_write_pkt(stdout, d);
	else if (o->show)
		pkt_text_show(stdout, d);
	else if (o->hexdump || o->pw == NULL)	/* Scapy's summary() */
		pkt_text_write_summary(stdout, d);
	if (o->hexdump && !o->json)	/* what the bytes are: as sent */
		pkt_text_hexdump(stdout, p->raw, p->rawlen);
	if (d != p)
		pkt_free(d);
	if (ferror(stdout))
		return pkt_fail(eb, "stdout: %s", strerror(errno));
	return 0;
}

/* Emit a packet, or its fragments with --fragment. */
static int
emit(struct out *o, struct pkt_pkt *p, char *eb)
{
	struct pkt_pkt **fr;
	size_t n, i;
	int rc = 0;

	if (o->fragsize == 0)
		return emit_one(o, p, eb);
	if (pkt_frag_split(p, o->fragsize, pkt_sender_env(o->snd), &fr, &n, eb) < 0)
		return -1;
	if (n == 0)	/* neither IP nor IPv6: as it is */
		return emit_one(o, p, eb);
	for (i = 0; i < n; i++) {
		if (rc == 0 && emit_one(o, fr[i], eb) < 0)
			rc = -1;
		pkt_free(fr[i]);
	}
	free(fr);
	return rc;
}

int
main(int argc, char **argv)
{
	struct pkt_opts o;
	struct out out;
	struct pkt_spec **specs = NULL;
	struct pkt_pkt **stored = NULL;
	size_t nspecs = 0, nstored = 0, i;
	uint64_t count = 1, round;
	bool loop = false, stdout_pcap, count_set = false, inter_set = false;
	double inter = 0, rate = 0, t0;
	char eb[PKT_ERRBUF];
	int ch, rc = PKT_EXIT_OK;

	pkt_setprogname(argv[0]);
	if (strrchr(argv[0], '/') != NULL)	/* getopt's messages: the name too */
		argv[0] = strrchr(argv[0], '/') + 1;
	t0 = pkt_now();
	pkt_opts_init(&o);
	memset(&out, 0, sizeof(out));
	while ((ch = getopt_long(argc, argv, PKT_COMMON_SHORTOPTS "nc:", longopts,
	    NULL)) != -1) {
		uint64_t u;

		if (pkt_opts_common(&o, ch, optarg))
			continue;
		switch (ch) {
		case 'n':
			out.dry = true;
			break;
		case 'c':
			if (pkt_parse_uint(optarg, 1, UINT64_MAX, "count", &u, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "-c: %s", eb);
			count = u;
			count_set = true;
			break;
		case OPT_LOOP:
			loop = true;
			break;
		case OPT_INTER:
			if (pkt_parse_seconds(optarg, 0, 86400, "inter", &inter, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--inter: %s", eb);
			inter_set = true;
			break;
		case OPT_RATE:
			if (pkt_parse_seconds(optarg, 0.001, 1e9, "rate", &rate, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--rate: %s", eb);
			break;
		case OPT_SHOW:
			out.show = true;
			break;
		case OPT_HEXDUMP:
			out.hexdump = true;
			break;
		case OPT_FRAGMENT:
			if (pkt_parse_uint(optarg, 8, 65535, "fragment size", &u, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--fragment: %s", eb);
			out.fragsize = (size_t)u;
			break;
		case OPT_QDISC_BYPASS:
			o.qdisc_bypass = true;
			break;
		case OPT_SEED:
			if (pkt_parse_uint(optarg, 0, UINT64_MAX, "seed", &u, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--seed: %s", eb);
			pkt_spec_seed(u);
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
	pkt_opts_exclusive(inter_set, "--inter", rate > 0, "--rate",
	    "--inter SEC waits between packets, --rate PPS paces them");
	pkt_opts_exclusive(count_set, "-c", loop, "--loop",
	    "-c N sends the set N times, --loop until interrupted");
	pkt_opts_exclusive(o.json, "-j", out.show, "--show",
	    "both write each packet to stdout, as JSON Lines or layer by layer");
	if (o.block_rst && out.dry)
		pkt_errx(PKT_EXIT_ERROR, "--block-rst guards what is sent: it "
		    "cannot go with -n, which sends nothing");
	pkt_opts_finish(&o);
	out.json = o.json;
	if (argc == 0 && o.rfile == NULL) {
		pkt_warnx("nothing to send: give a spec such as 'IP(dst=\"127.0.0.1\")/ICMP()' or -r FILE");
		usage(stderr);
		exit(PKT_EXIT_ERROR);
	}
	stdout_pcap = o.wfile != NULL && strcmp(o.wfile, "-") == 0;
	if (stdout_pcap && (out.json || out.show || out.hexdump))
		pkt_errx(PKT_EXIT_ERROR, "-w - writes pcap to stdout: it cannot go with -j, --show or --hexdump");
	if (out.json && out.hexdump)
		pkt_errx(PKT_EXIT_ERROR, "--hexdump cannot go with -j (the JSON has the bytes: \"hex\")");
	if (stdout_pcap && isatty(STDOUT_FILENO))
		pkt_errx(PKT_EXIT_ERROR, "-w -: stdout is a terminal; pipe it (| tcpdump -r -) or give a file name");

	/* Parse every spec before anything is sent: errors come first, a
	 * packet that cannot be sent (ICMP()/... with no IP()) among them. */
	specs = pkt_xcalloc((size_t)argc + 1, sizeof(*specs));
	for (i = 0; i < (size_t)argc; i++) {
		if ((specs[i] = pkt_spec_parse(argv[i], (int)i + 1, eb)) == NULL)
			pkt_errx(PKT_EXIT_ERROR, "%s", eb);
		/* Built as written, as Scapy does, but most likely a layer
		 * forgotten (IP()/DNS()): say so. */
		if (pkt_spec_check_stack(specs[i], eb) < 0)
			pkt_warnx("%s", eb);
		nspecs++;
		if (!out.dry && pkt_spec_first(specs[i]) != NULL &&
		    pkt_sender_first_layer(pkt_spec_first(specs[i]), eb) < 0)
			pkt_errx(PKT_EXIT_ERROR, "spec %zu: %s", i + 1, eb);
	}
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);

	if (!out.dry) {
		if ((out.snd = pkt_sender_open(&o, eb)) == NULL)
			pkt_errx(PKT_EXIT_ERROR, "%s", eb);
		/* The guardian keeps CAP_NET_ADMIN; flows come as sent. */
		if (o.block_rst &&
		    (out.guard = pkt_rstguard_start(NULL, 0, o.hold, eb)) == NULL)
			pkt_errx(PKT_EXIT_ERROR, "%s", eb);
		if (pkt_priv_drop(eb) < 0)
			pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	}
	if (o.wfile != NULL && (out.pw = pkt_pcapw_open(o.wfile, eb)) == NULL)
		pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	/* Nothing is sent and nothing arrives live (specs, a regular file):
	 * records need not be flushed one by one.  From a pipe or while
	 * sending, each record goes out as soon as it is ready. */
	if (out.dry && out.json) {
		struct stat st;

		if (o.rfile == NULL || (strcmp(o.rfile, "-") != 0 ?
		    stat(o.rfile, &st) == 0 && S_ISREG(st.st_mode) :
		    fstat(STDIN_FILENO, &st) == 0 && S_ISREG(st.st_mode))) {
			static char obuf[1 << 16];

			setvbuf(stdout, obuf, _IOFBF, sizeof(obuf));
			pkt_json_hold(true);
		}
	}

	/* A file read once, sent many times: keep its packets. */
	if (o.rfile != NULL) {
		struct pkt_reader *rd = pkt_reader_open(o.rfile, eb);
		struct pkt_rec rec;
		int r = 0;

		if (rd == NULL)
			pkt_errx(PKT_EXIT_ERROR, "%s", eb);
		while (!interrupted && (r = pkt_reader_next(rd, &rec, eb)) > 0) {
			pkt_free(rec.recv);	/* a pair: its "sent" is sent */
			rec.recv = NULL;
			if (rec.summary || rec.line)	/* no packet in it */
				continue;
			if (pkt_rec_build(&rec, pkt_sender_env(out.snd), eb) < 0) {
				pkt_warnx("%s", eb);
				pkt_free(rec.pkt);
				rc = PKT_EXIT_ERROR;
				break;
			}
			if (count > 1 || loop) {
				stored = pkt_xreallocarray(stored, nstored + 1,
				    sizeof(*stored));
				stored[nstored++] = rec.pkt;
				continue;
			}
			if (emit(&out, rec.pkt, eb) < 0) {
				pkt_warnx("%s", eb);
				pkt_free(rec.pkt);
				rc = PKT_EXIT_ERROR;
				break;
			}
			pkt_free(rec.pkt);
		}
		if (r < 0) {
			pkt_warnx("%s", eb);
			rc = PKT_EXIT_ERROR;
		}
		pkt_reader_close(rd);
		if (rc != PKT_EXIT_OK)
			goto done;
	}

	/* Repeated sets are built once, unless they draw random values. */
	if (count > 1 || loop) {
		for (i = 0; i < nspecs && !interrupted; i++) {
			struct pkt_pkt *p;
			int r = 0;

			if (pkt_spec_volatile(specs[i]) ||
			    pkt_spec_count(specs[i]) > 100000)
				continue;
			while ((r = pkt_spec_next(specs[i], &p, eb)) > 0) {
				if (pkt_build(p, pkt_sender_env(out.snd), eb) < 0) {
					pkt_warnx("spec %zu: %s", i + 1, eb);
					pkt_free(p);
					rc = PKT_EXIT_ERROR;
					goto done;
				}
				stored = pkt_xreallocarray(stored, nstored + 1,
				    sizeof(*stored));
				stored[nstored++] = p;
			}
			if (r < 0) {
				pkt_warnx("%s", eb);
				rc = PKT_EXIT_ERROR;
				goto done;
			}
			pkt_spec_free(specs[i]);
			specs[i] = NULL;
		}
	}
	t0 = pkt_now();
	for (round = 0; (loop || round < count) && !interrupted; round++) {
		for (i = 0; i < nstored && !interrupted; i++) {
			if (pkt_sender_pace(out.snd, inter, rate, t0, out.npkts) < 0 ||
			    emit(&out, stored[i], eb) < 0) {
				pkt_warnx("%s", eb);
				rc = PKT_EXIT_ERROR;
				goto done;
			}
		}
		for (i = 0; i < nspecs && !interrupted; i++) {
			struct pkt_pkt *p;
			int r = 0;

			if (specs[i] == NULL)	/* stored above */
				continue;
			pkt_spec_rewind(specs[i]);
			while (!interrupted && (r = pkt_spec_next(specs[i], &p, eb)) > 0) {
				if (pkt_build(p, pkt_sender_env(out.snd), eb) < 0 ||
				    pkt_sender_pace(out.snd, inter, rate, t0, out.npkts) < 0 ||
				    emit(&out, p, eb) < 0) {
					pkt_warnx("spec %zu: %s", i + 1, eb);
					pkt_free(p);
					rc = PKT_EXIT_ERROR;
					goto done;
				}
				pkt_free(p);
			}
			if (r < 0) {
				pkt_warnx("%s", eb);
				rc = PKT_EXIT_ERROR;
				goto done;
			}
		}
		if (out.snd != NULL) {
			uint64_t np, nb;

			pkt_sender_counts(out.snd, &np, &nb);
			pkt_sender_progress(out.snd, np, nb, t0, false);
		}
	}
done:
	if (out.snd != NULL) {
		uint64_t np, nb;

		if (pkt_sender_flush(out.snd, eb) < 0) {
			pkt_warnx("%s", eb);
			rc = PKT_EXIT_ERROR;
		}
		/* What the kernel took, not what was handed to it. */
		pkt_sender_counts(out.snd, &np, &nb);
		pkt_sender_progress(out.snd, np, nb, t0, true);
		pkt_sender_close(out.snd);
	}
	if (out.guard != NULL && !out.guarded)
		pkt_warnx("--block-rst: no TCP packet: nothing to guard");
	pkt_rstguard_stop(out.guard);
	if (out.pw != NULL && pkt_pcapw_close(out.pw, eb) < 0) {
		pkt_warnx("%s", eb);
		rc = PKT_EXIT_ERROR;
	}
	if (fflush(stdout) != 0 && rc == PKT_EXIT_OK) {
		pkt_warn("stdout");
		rc = PKT_EXIT_ERROR;
	}
	for (i = 0; i < nspecs; i++)
		pkt_spec_free(specs[i]);
	free(specs);
	for (i = 0; i < nstored; i++)
		pkt_free(stored[i]);
	free(stored);
	pkt_opts_free(&o);
	if (interrupted && rc == PKT_EXIT_OK)
		rc = PKT_EXIT_INTERRUPTED;
	return rc;
}
