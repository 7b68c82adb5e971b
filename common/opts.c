/* opts.c: the shared options and the configuration merged under them. */
#include "opts.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "exitcode.h"
#include "ls.h"
#include "match.h"
#include "pkt.h"
#include "text.h"
#include "util.h"

void
pkt_opts_init(struct pkt_opts *o)
{
	memset(o, 0, sizeof(*o));
	o->l3raw = PKT_L3RAW_AUTO;
	o->timeout = 2.0;
	o->checkipaddr = o->checkipsrc = true;
	o->hold = -1;
}

int
pkt_opts_common(struct pkt_opts *o, int ch, const char *arg)
{
	char eb[PKT_ERRBUF];

	switch (ch) {
	case 'i':
		o->iface = arg;
		return 1;
	case PKT_OPT_L3RAW:
	case PKT_OPT_L2:
		pkt_opts_exclusive(o->set_l3raw && o->l3raw != (ch == PKT_OPT_L3RAW ?
		    PKT_L3RAW_YES : PKT_L3RAW_NO), "--l3raw", true, "--l2",
		    "one sends through a raw IP socket, the other through PF_PACKET");
		o->l3raw = ch == PKT_OPT_L3RAW ? PKT_L3RAW_YES : PKT_L3RAW_NO;
		o->set_l3raw = true;
		return 1;
	case PKT_OPT_NOFILTER:
		o->nofilter = true;
		o->set_nofilter = true;
		return 1;
	case PKT_OPT_NOCHECKIPADDR:
		o->checkipaddr = false;
		o->set_checkipaddr = true;
		return 1;
	case PKT_OPT_NOCHECKIPSRC:
		o->checkipsrc = false;
		o->set_checkipsrc = true;
		return 1;
	case 'r':
		o->rfile = arg;
		return 1;
	case 'w':
		o->wfile = arg;
		return 1;
	case 'j':
		o->json = true;
		return 1;
	case 't':
		if (pkt_parse_seconds(arg, 0, PKT_CONFIG_TIMEOUT_MAX, "timeout",
		    &o->timeout, eb) < 0)
			pkt_errx(PKT_EXIT_ERROR, "-t: %s", eb);
		o->set_timeout = true;
		return 1;
	case 'v':
		o->verbose++;
		return 1;
	case 'q':
		o->verbose--;
		return 1;
	case 'h':
		o->help = true;
		return 1;
	case PKT_OPT_CONFIG:
		o->config = arg;
		return 1;
	case PKT_OPT_BLOCK_RST:
		o->block_rst = true;
		return 1;
	case PKT_OPT_HOLD:
		if (pkt_parse_seconds(arg, 0, PKT_HOLD_MAX, "hold", &o->hold,
		    eb) < 0)
			pkt_errx(PKT_EXIT_ERROR, "--hold: %s", eb);
		return 1;
	case PKT_OPT_VERSION:
		printf("%s (pkt) %s\n", pkt_getprogname(), PKT_VERSION);
		exit(PKT_EXIT_OK);
	case PKT_OPT_LIST_LAYERS:
		if (pkt_ls_layers(stdout) < 0 || fflush(stdout) != 0)
			pkt_err(PKT_EXIT_ERROR, "stdout");
		exit(PKT_EXIT_OK);
	case PKT_OPT_LIST_FIELDS:
		if (pkt_ls_fields(stdout, arg, eb) < 0)
			pkt_errx(PKT_EXIT_ERROR, "--list-fields: %s (see --list-layers)", eb);
		if (fflush(stdout) != 0)
			pkt_err(PKT_EXIT_ERROR, "stdout");
		exit(PKT_EXIT_OK);
	}
	return 0;
}

void
pkt_opts_exclusive(bool a, const char *aname, bool b, const char *bname,
    const char *why)
{
	if (a && b)
		pkt_errx(PKT_EXIT_ERROR, "%s and %s exclude each other (%s): "
		    "give one", aname, bname, why);
}

void
pkt_opts_finish(struct pkt_opts *o)
{
	char eb[PKT_ERRBUF];

	pkt_setverbose(o->verbose);
	if (o->hold >= 0 && !o->block_rst)
		pkt_errx(PKT_EXIT_ERROR, "--hold keeps the rule of --block-rst "
		    "after the end: give --block-rst too");
	if (pkt_config_load(&o->cfg, o->config, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	if (o->iface == NULL)
		o->iface = o->cfg.iface;
	if (!o->set_l3raw)
		o->l3raw = o->cfg.l3raw;
	if (!o->set_nofilter && o->cfg.nofilter >= 0)
		o->nofilter = o->cfg.nofilter;
	if (!o->set_timeout && o->cfg.timeout >= 0)
		o->timeout = o->cfg.timeout;
	if (!o->set_checkipaddr && o->cfg.checkipaddr >= 0)
		o->checkipaddr = o->cfg.checkipaddr;
	if (!o->set_checkipsrc && o->cfg.checkipsrc >= 0)
		o->checkipsrc = o->cfg.checkipsrc;
	pkt_match_configure(&(struct pkt_match_conf){ .checkipaddr = o->checkipaddr,
	    .checkipsrc = o->checkipsrc });
	pkt_text_set_color(pkt_config_use_color(&o->cfg, STDOUT_FILENO));
}

void
pkt_opts_free(struct pkt_opts *o)
{
	pkt_config_free(&o->cfg);
}
