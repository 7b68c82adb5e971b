/* opts.h: the options every tool shares (SPEC.md section 2), declared
 * once, and the configuration file merged under them. */
#ifndef PKT_OPTS_H
#define PKT_OPTS_H

#include <getopt.h>
#include <stdbool.h>

#include "config.h"

#define PKT_VERSION	"0.1.0"

/* Long-only option ids start at 256 (tcpdump's OPTION_*). */
enum {
	PKT_OPT_L3RAW = 256,
	PKT_OPT_L2,
	PKT_OPT_NOFILTER,
	PKT_OPT_CONFIG,
	PKT_OPT_VERSION,
	PKT_OPT_LIST_LAYERS,
	PKT_OPT_LIST_FIELDS,
	PKT_OPT_NOCHECKIPADDR,
	PKT_OPT_NOCHECKIPSRC,
	PKT_OPT_BLOCK_RST,
	PKT_OPT_HOLD,
	PKT_OPT_TOOL = 300	/* first id free for a tool's own options */
};

#define PKT_COMMON_SHORTOPTS	"i:r:w:jt:vqh"
#define PKT_COMMON_LONGOPTS \
	{ "iface", required_argument, NULL, 'i' }, \
	{ "l3raw", no_argument, NULL, PKT_OPT_L3RAW }, \
	{ "l2", no_argument, NULL, PKT_OPT_L2 }, \
	{ "nofilter", no_argument, NULL, PKT_OPT_NOFILTER }, \
	{ "read", required_argument, NULL, 'r' }, \
	{ "write", required_argument, NULL, 'w' }, \
	{ "json", no_argument, NULL, 'j' }, \
	{ "timeout", required_argument, NULL, 't' }, \
	{ "verbose", no_argument, NULL, 'v' }, \
	{ "quiet", no_argument, NULL, 'q' }, \
	{ "config", required_argument, NULL, PKT_OPT_CONFIG }, \
	{ "help", no_argument, NULL, 'h' }, \
	{ "version", no_argument, NULL, PKT_OPT_VERSION }, \
	{ "list-layers", no_argument, NULL, PKT_OPT_LIST_LAYERS }, \
	{ "list-fields", required_argument, NULL, PKT_OPT_LIST_FIELDS }
/* The tools that match answers (pktsr1) add these: Scapy's
 * conf.checkIPaddr = False and conf.checkIPsrc = False. */
#define PKT_MATCH_LONGOPTS \
	{ "no-checkipaddr", no_argument, NULL, PKT_OPT_NOCHECKIPADDR }, \
	{ "no-checkipsrc", no_argument, NULL, PKT_OPT_NOCHECKIPSRC }

/* --block-rst and --hold, for the tools that send TCP by hand (pktsr1,
 * pktsend): their longopts add these, pkt_opts_common handles them. */
#define PKT_BLOCK_RST_LONGOPTS \
	{ "block-rst", no_argument, NULL, PKT_OPT_BLOCK_RST }, \
	{ "hold", required_argument, NULL, PKT_OPT_HOLD }
/* Longest --hold, in seconds (one day). */
#define PKT_HOLD_MAX	86400.0

struct pkt_opts {
	const char	*iface;		/* -i, else the config's */
	int		 l3raw;		/* PKT_L3RAW_AUTO/YES/NO */
	bool		 nofilter;
	const char	*rfile;		/* -r */
	const char	*wfile;		/* -w */
	bool		 json;		/* -j */
	double		 timeout;	/* -t, else config, else 2 s */
	int		 verbose;	/* -v (+1 each), -q (-1) */
	bool		 help;
	bool		 qdisc_bypass;	/* pktsend --qdisc-bypass */
	bool		 block_rst;	/* --block-rst */
	double		 hold;		/* --hold SEC; < 0 not given */
	const char	*config;	/* --config */
	struct pkt_config cfg;
	/* set from the command line, so they beat the file */
	bool		 set_l3raw, set_nofilter, set_timeout;
	/* --no-checkipaddr, --no-checkipsrc, else the config's (yes) */
	bool		 checkipaddr, checkipsrc, set_checkipaddr, set_checkipsrc;
};

void	pkt_opts_init(struct pkt_opts *);
/* Handle a shared option; 1 if it was one, 0 if not (the tool's own).
 * Exits 2 with a message on a bad value; exits 0 after --version and
 * the completion helpers --list-layers / --list-fields. */
int	pkt_opts_common(struct pkt_opts *, int ch, const char *arg);
/* Options A and B both given (a and b true): exit 2, saying that they
 * exclude each other and why (SPEC.md section 7: a usage error). */
void	pkt_opts_exclusive(bool a, const char *aname, bool b, const char *bname,
	    const char *why);
/* After getopt: read the config file and apply it under the options
 * (the matching rules too: pkt_match_configure). */
void	pkt_opts_finish(struct pkt_opts *);
void	pkt_opts_free(struct pkt_opts *);

#endif
