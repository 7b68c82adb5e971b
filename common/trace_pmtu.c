/* trace_pmtu.c: path MTU discovery over the trace module: pkttrace
 * --pmtu.  See trace_pmtu.h.
 *
 * A size is a pkt_sr cycle: every TTL of every target not yet done, in
 * one burst, from the TTL the last size was refused at (the hops before
 * it passed a larger size already).  Routers forward what fits and
 * answer time-exceeded as for any trace; the router before a narrower
 * link answers the probes that go through it with Fragmentation Needed
 * (IPv4, type 3 code 4, the next-hop MTU in its second word) or Packet
 * Too Big (IPv6, type 2, its MTU field).  The lowest TTL refused is
 * where the MTU drops; the next cycle probes from there at the size the
 * answer gave.  A cycle without refusal ends the target: its last size
 * is the path MTU; unless the size went silent past the last hop heard
 * and the path did not end: then (once) a search for a black hole, a
 * cycle per size past that hop (hole_start, hole_step).  Probes are padded with zeroes to the size, their
 * identity (trace_probe.c) kept; the raw sockets probe the link's MTU
 * (IP_PMTUDISC_PROBE, send.c), so what leaves is the size asked for or
 * nothing, and the size recorded is what was sent. */
#include "trace_pmtu.h"

#include <errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "exitcode.h"
#include "io.h"
#include "layers/icmp.h"
#include "layers/icmp6.h"
#include "match.h"
#include "opts.h"
#include "pkt.h"
#include "route.h"
#include "send.h"
#include "sr.h"
#include "trace.h"
#include "util.h"

/* RFC 1191, section 7, below 65535. */
static const unsigned plateaus[] = {
	32000, 17914, 8166, 4352, 2002, 1492, 1006, 508, 296, 68,
};

unsigned
pkt_pmtu_plateau(unsigned size)
{
	size_t k;

	for (k = 0; k < sizeof(plateaus) / sizeof(plateaus[0]); k++)
		if (plateaus[k] < size)
			return plateaus[k];
	return 68;
}

unsigned
pkt_pmtu_next_size(int family, unsigned size, unsigned reported)
{
	unsigned min = family == 6 ? 1280 : 68, n;

	if (size <= min)
		return 0;
	if (reported >= min && reported < size)
		n = reported;
	else if (family == 6 && reported > 0 && reported < min)
		n = min;	/* a link below IPv6's least MTU: 1280 */
	else
		n = pkt_pmtu_plateau(size);	/* none given, or not smaller */
	return n < min ? min : n;
}

/* ---- the run ------------------------------------------------------------ */

#define MAXDROPS	16

/* What a TTL answered at the last size it was probed with. */
struct hop {
	char		 addr[PKT_TRACE_ADDRLEN];
	enum pkt_trace_kind kind;
	double		 rtt;
	unsigned	 size;		/* the probe's, at the network layer */
};

/* A size refused. */
struct drop {
	unsigned	 ttl;		/* the lowest TTL whose probe was refused */
	char		 from[PKT_TRACE_ADDRLEN];	/* the router that said so */
	double		 rtt;
	unsigned	 size;		/* refused */
	unsigned	 reported;	/* the MTU its answer carried (0: none) */
	unsigned	 mtu;		/* the size probed next (0: none left) */
	bool		 hole;		/* no refusal came: sizes from size up
					 * vanished past hop ttl - 1 (from),
					 * mtu passed (a black hole search) */
};

/* This cycle's answer at a TTL: the size of the probe it answered (as
 * sent), and whether it was a refusal (with the MTU it carried). */
struct seen {
	bool		 refused;
	unsigned	 reported, size;
};

struct ptg {
	unsigned	 first;		/* the interface's MTU */
	char		 ifname[PKT_IFNAMSIZ];
	bool		 done, routed;
	/* A black hole search (once per target): probes of size big and up
	 * vanish past TTL after, nothing refusing them; small passed (0:
	 * not yet); was and wasfrom: the size and first TTL before it. */
	bool		 searching, searched;
	unsigned	 after, big, small, was, wasfrom;
	struct drop	 drop[MAXDROPS];
	size_t		 ndrop;
	struct hop	*hop;		/* per TTL */
	struct seen	*ref;		/* per TTL, this cycle */
};

struct prun {
	struct pkt_trace *t;
	struct pkt_sr	*sr;
	struct pkt_probe *pr;
	struct pkt_pcapw *pcap;
	struct ptg	*pt;
	bool		 json, werr;
	char		 eb[PKT_ERRBUF];
};

/* The MTU an ICMP Fragmentation Needed or ICMPv6 Packet Too Big reply
 * carries: true with *mtu, false when reply is neither. */
static bool
refused_mtu(const struct pkt_pkt *reply, unsigned *mtu)
{
	size_t i;

	for (i = 0; i < reply->n; i++) {
		const struct pkt_li *li = &reply->li[i];

		if (li->quoted)
			break;
		if (li->l == &pkt_layer_icmp && pkt_li_u(li, ICMP_F_TYPE) == 3 &&
		    pkt_li_u(li, ICMP_F_CODE) == 4) {
			*mtu = (unsigned)pkt_li_u(li, ICMP_F_NEXTHOPMTU);
			return true;
		}
		if (li->l == &pkt_layer_icmp6_toobig) {
			uint64_t v = pkt_li_u(li, ICMP6_TOOBIG_F_MTU);

			*mtu = v > 0xffffffu ? 0xffffffu : (unsigned)v;
			return true;
		}
	}
	return false;
}

/* The size of a probe as sent: its bytes from the network layer on. */
static unsigned
sent_size(const struct pkt_pkt *p)
{
	size_t off = 0;

	if (!pkt_match_l3_offset(p, &off) || off > p->rawlen)
		off = 0;
	return (unsigned)(p->rawlen - off);
}

static void
on_done(void *arg, const struct pkt_probe *p)
{
	struct prun *r = arg;

	pkt_trace_keep(r->t, r->pr, p, r->json || r->t->keep);
}

static void
on_answer(void *arg, const struct pkt_probe *p, const struct pkt_pkt *reply,
    double rtt)
{
	struct prun *r = arg;
	struct pkt_trace *t = r->t;
	size_t i = pkt_trace_seq_index(t, p->seq);
	struct seen *sn = &r->pt[i % t->ntg].ref[i / t->ntg];
	unsigned mtu;

	on_done(arg, p);
	pkt_trace_answer(t, i, reply, rtt);
	if (!sn->refused) {
		sn->size = sent_size(p->pkt);
		if (refused_mtu(reply, &mtu)) {
			sn->refused = true;
			sn->reported = mtu;
		}
	}
	if (r->json && pkt_trace_write_pair(stdout, t, r->pr, i, reply, rtt,
	    t->rounds + 1) < 0)
		r->werr = true;
}

/* The least size of a family: the least MTU of IPv4 (RFC 791) or of
 * IPv6 (RFC 8200). */
static unsigned
least_size(int family)
{
	return family == 6 ? 1280 : 68;
}

/* Whether this cycle heard anything at TTL from on, and the last TTL it
 * heard (0: none); *ended: the path ended there (the target, or an
 * unreachable). */
static unsigned
heard_from(const struct prun *r, size_t tg, bool *ended)
{
	const struct pkt_trace *t = r->t;
	unsigned ttl, from = t->tg[tg].from, last = 0;

	*ended = false;
	for (ttl = from > t->minttl ? from : t->minttl; ttl <= t->maxttl; ttl++) {
		enum pkt_trace_kind k = t->cell[pkt_trace_index(t, tg, ttl)].kind;

		if (k == PKT_TRACE_TIMEOUT)
			continue;
		last = ttl;
		if (k == PKT_TRACE_REPLY || k == PKT_TRACE_UNREACH) {
			*ended = true;
			break;
		}
	}
	return last;
}

/* A size went silent past TTL after with nothing refusing it, and the
 * path did not end: a black hole (a router that drops what does not fit
 * and says nothing, or whose Fragmentation Needed is filtered), or a
 * path that is silent whatever the size.  The least size tells which;
 * then a binary search between what passed and what vanished, past
 * after only. */
static void
hole_start(struct prun *r, size_t tg, unsigned after)
{
	struct pkt_trace_target *g = &r->t->tg[tg];
	struct ptg *pt = &r->pt[tg];

	pt->searching = pt->searched = true;
	pt->after = after;
	pt->was = pt->big = g->size;
	pt->wasfrom = g->from;
	pt->small = 0;
	g->size = least_size(g->family);
	g->from = after + 1;
}

static void
hole_step(struct prun *r, size_t tg)
{
	struct pkt_trace *t = r->t;
	struct pkt_trace_target *g = &t->tg[tg];
	struct ptg *pt = &r->pt[tg];
	unsigned ttl;
	bool ended;
	struct drop *d;

	if (heard_from(r, tg, &ended) > 0)
		pt->small = g->size;
	else
		pt->big = g->size;
	if (pt->small == 0) {
		/* The least size vanished too: the silence is not the size's.
		 * What the size before found stands. */
		pt->searching = false;
		pt->done = true;
		g->size = pt->was;
		g->from = pt->wasfrom;
		return;
	}
	if (pt->big - pt->small > 1) {
		g->size = pt->small + (pt->big - pt->small) / 2;
		return;
	}
	pt->searching = false;
	if (pt->ndrop == MAXDROPS) {
		pt->done = true;
		g->size = pt->was;
		g->from = pt->wasfrom;
		return;
	}
	d = &pt->drop[pt->ndrop++];
	memset(d, 0, sizeof(*d));
	d->hole = true;
	d->ttl = pt->after + 1;
	snprintf(d->from, sizeof(d->from), "%s", pt->hop[pt->after - t->minttl].addr);
	d->rtt = -1;
	d->size = pt->big;
	d->mtu = pt->small;
	/* Past the hole, probed again at the size that passes. */
	for (ttl = pt->after + 1; ttl <= t->maxttl; ttl++) {
		memset(&pt->hop[ttl - t->minttl], 0, sizeof(pt->hop[0]));
		pt->hop[ttl - t->minttl].rtt = -1;
	}
	g->size = pt->small;
	g->from = pt->after + 1;
}

/* Where target tg stands after this cycle: hops heard kept with the size
 * that reached them; a refusal starts the next size; a size that went
 * silent past the last hop heard, the path not ended, a black hole search
 * (once); else it is done. */
static void
settle(struct prun *r, size_t tg)
{
	struct pkt_trace *t = r->t;
	struct pkt_trace_target *g = &t->tg[tg];
	struct ptg *pt = &r->pt[tg];
	unsigned ttl, low = 0, last;
	struct drop *d;
	bool ended;

	if (pt->searching) {
		hole_step(r, tg);
		return;
	}
	for (ttl = t->minttl; ttl <= t->maxttl && low == 0; ttl++)
		if (pt->ref[ttl - t->minttl].refused)
			low = ttl;
	for (ttl = g->from > t->minttl ? g->from : t->minttl; ttl <= t->maxttl &&
	    (low == 0 || ttl < low); ttl++) {
		const struct pkt_trace_cell *c = &t->cell[pkt_trace_index(t, tg, ttl)];
		struct hop *h = &pt->hop[ttl - t->minttl];

		memset(h, 0, sizeof(*h));
		h->rtt = -1;
		if (c->kind == PKT_TRACE_TIMEOUT)
			continue;
		snprintf(h->addr, sizeof(h->addr), "%s", c->addr);
		h->kind = c->kind;
		h->rtt = c->rtt;
		h->size = pt->ref[ttl - t->minttl].size;
	}
	if (low == 0 && !pt->searched && pt->ndrop < MAXDROPS &&
	    g->size > least_size(g->family)) {
		last = heard_from(r, tg, &ended);
		if (last == 0 && g->from > t->minttl)
			last = g->from - 1;	/* the hop refused before */
		if (!ended && last >= t->minttl && last < t->maxttl &&
		    pt->hop[last - t->minttl].size != 0) {
			hole_start(r, tg, last);
			return;
		}
	}
	if (low == 0 || pt->ndrop == MAXDROPS) {
		pt->done = true;
		return;
	}
	d = &pt->drop[pt->ndrop++];
	memset(d, 0, sizeof(*d));
	d->ttl = low;
	snprintf(d->from, sizeof(d->from), "%s",
	    t->cell[pkt_trace_index(t, tg, low)].addr);
	d->rtt = t->cell[pkt_trace_index(t, tg, low)].rtt;
	d->size = pt->ref[low - t->minttl].size;
	d->reported = pt->ref[low - t->minttl].reported;
	d->mtu = pkt_pmtu_next_size(g->family, d->size, d->reported);
	/* What lies beyond is probed again at the new size. */
	for (ttl = low; ttl <= t->maxttl; ttl++) {
		memset(&pt->hop[ttl - t->minttl], 0, sizeof(pt->hop[0]));
		pt->hop[ttl - t->minttl].rtt = -1;
	}
	if (d->mtu == 0) {
		pt->done = true;
		return;
	}
	g->size = d->mtu;
	g->from = low;
}

/* A size is over: its probes counted and written, each target settled;
 * when every one is done the run ends with this cycle. */
static void
on_cycle_end(void *arg, unsigned cycle)
{
	struct prun *r = arg;
	struct pkt_trace *t = r->t;
	bool all = true;
	size_t tg;

	if (pkt_trace_round_done(t, r->pr, r->json ? stdout : NULL,
	    t->rounds + 1, r->pcap, r->sr->mixed_links, r->eb) < 0) {
		pkt_warnx("%s", r->eb);
		r->werr = true;
	}
	for (tg = 0; tg < t->ntg; tg++) {
		if (!r->pt[tg].done)
			settle(r, tg);
		all = all && r->pt[tg].done;
	}
	pkt_trace_probes_clear(t, r->pr);
	pkt_trace_round_end(t, NULL);
	memset(t->upto, 0, t->ntg * sizeof(*t->upto));	/* every TTL */
	if (all) {
		r->sr->forever = false;
		r->sr->count = cycle + 1;
	}
}

/* The next size: the TTLs not probed (before the refusal, or every one
 * of a target done) are not waited for. */
static int
on_cycle_start(void *arg, unsigned cycle, char *errbuf)
{
	struct prun *r = arg;
	struct pkt_trace *t = r->t;
	unsigned ttl;
	size_t tg;

	(void)errbuf;
	pkt_trace_round_start(t, cycle, r->sr->probes);
	for (tg = 0; tg < t->ntg; tg++) {
		struct ptg *pt = &r->pt[tg];

		if (pt->done)
			t->tg[tg].from = t->maxttl + 1;
		memset(pt->ref, 0, t->nttl * sizeof(*pt->ref));
		for (ttl = t->minttl; ttl <= t->maxttl && ttl < t->tg[tg].from;
		    ttl++)
			t->cell[pkt_trace_index(t, tg, ttl)].unsent = true;
	}
	return 0;
}

static int
sr_next(void *arg, struct pkt_pkt **out, char *eb)
{
	struct prun *r = arg;

	(void)eb;
	return pkt_trace_next(r->t, false, out);
}

static int
sr_next_path(void *arg, struct pkt_pkt **out, char *eb)
{
	struct prun *r = arg;

	(void)eb;
	return pkt_trace_next(r->t, true, out);
}

static bool
sr_enough(void *arg)
{
	struct prun *r = arg;

	return pkt_trace_enough(r->t);
}

/* ---- what was found ------------------------------------------------------ */

/* The TTL where addr answered time-exceeded for target tg, or 0. */
static unsigned
hop_of(const struct prun *r, size_t tg, const char *addr)
{
	const struct pkt_trace *t = r->t;
	unsigned ttl;

	for (ttl = t->minttl; ttl <= t->maxttl; ttl++) {
		const struct hop *h = &r->pt[tg].hop[ttl - t->minttl];

		if (h->size != 0 && h->kind == PKT_TRACE_TIMEX &&
		    strcmp(h->addr, addr) == 0)
			return ttl;
	}
	return 0;
}

/* The last TTL to show: where the path ended (the target, an
 * unreachable), else the last one heard or refused. */
static unsigned
end_ttl(const struct prun *r, size_t tg)
{
	const struct pkt_trace *t = r->t;
	const struct ptg *pt = &r->pt[tg];
	unsigned ttl, end = 0;
	size_t k;

	for (ttl = t->minttl; ttl <= t->maxttl; ttl++) {
		const struct hop *h = &pt->hop[ttl - t->minttl];

		if (h->size == 0)
			continue;
		end = ttl;
		if (h->kind == PKT_TRACE_REPLY || h->kind == PKT_TRACE_UNREACH)
			return ttl;
	}
	for (k = 0; k < pt->ndrop; k++)
		if (pt->drop[k].ttl > end)
			end = pt->drop[k].ttl;
	return end;
}

/* The path MTU found: the last size probed (0: none could be sent). */
static unsigned
path_mtu(const struct prun *r, size_t tg)
{
	const struct ptg *pt = &r->pt[tg];

	if (!pt->routed)
		return 0;
	if (pt->ndrop > 0 && pt->drop[pt->ndrop - 1].mtu == 0)
		return pt->drop[pt->ndrop - 1].reported;
	return r->t->tg[tg].size;
}

static const char *
refusal_name(int family)
{
	return family == 6 ? "packet-too-big" : "frag-needed";
}

static void
print_ms(FILE *f, double rtt)
{
	if (rtt >= 0)
		fprintf(f, "%9.3f ms", rtt * 1000);
	else
		fprintf(f, "%12s", "");
}

static void
print_text(FILE *f, const struct prun *r)
{
	const struct pkt_trace *t = r->t;
	size_t tg, k;
	unsigned ttl;

	for (tg = 0; tg < t->ntg; tg++) {
		const struct pkt_trace_target *g = &t->tg[tg];
		const struct ptg *pt = &r->pt[tg];
		unsigned end = end_ttl(r, tg), mtu = path_mtu(r, tg);
		bool reached = pkt_trace_reached(t, tg);

		if (tg > 0)
			fputc('\n', f);
		if (!pt->routed) {
			fprintf(f, "%s: no route: nothing sent\n", g->col);
			continue;
		}
		fprintf(f, "%s: %u bytes first (%s %s)\n", g->col, pt->first,
		    g->family == 4 && pt->first == 65535 ? "the most an IPv4 "
		    "packet holds, at most the MTU of" : "the MTU of", pt->ifname);
		for (ttl = t->minttl; ttl <= end; ttl++) {
			const struct hop *h = &pt->hop[ttl - t->minttl];

			for (k = 0; k < pt->ndrop; k++) {
				const struct drop *d = &pt->drop[k];

				if (d->ttl != ttl)
					continue;
				fprintf(f, "%3u  %-*s", ttl, 24, d->from);
				print_ms(f, d->rtt);
				if (d->hole) {
					fprintf(f, "  black hole: %u vanished past "
					    "it, %u passed (no %s)\n", d->size,
					    d->mtu, refusal_name(g->family));
					continue;
				}
				fprintf(f, "  %s %u", refusal_name(g->family),
				    d->size);
				if (d->reported == 0)
					fprintf(f, ", no MTU given: %u (RFC 1191 "
					    "plateau)", d->mtu);
				else if (d->mtu != d->reported)
					fprintf(f, ", mtu %u: %u next", d->reported,
					    d->mtu);
				else
					fprintf(f, ", mtu %u", d->reported);
				if (d->mtu == 0)
					fprintf(f, ": nothing smaller to try");
				fputc('\n', f);
			}
			if (h->size == 0) {
				/* Not probed again when no smaller size was
				 * left. */
				if (pt->ndrop == 0 || pt->drop[pt->ndrop - 1].mtu != 0 ||
				    ttl < pt->drop[pt->ndrop - 1].ttl)
					fprintf(f, "%3u  *\n", ttl);
				continue;
			}
			fprintf(f, "%3u  %-*s", ttl, 24, h->addr);
			print_ms(f, h->rtt);
			fprintf(f, "  pmtu %u%s\n", h->size,
			    strcmp(h->addr, g->addr) == 0 ? " reached" : "");
		}
		if (mtu == 0)
			fprintf(f, "path MTU unknown");
		else
			fprintf(f, "path MTU %u", mtu);
		if (pt->ndrop > 0) {
			const struct drop *d = &pt->drop[pt->ndrop - 1];

			fprintf(f, " at hop %u (%s%s)", d->ttl, d->from,
			    d->hole ? ", a black hole" : "");
		}
		if (!reached && end > 0)
			fprintf(f, ", up to hop %u (%s not reached)", end, g->addr);
		else if (!reached)
			fprintf(f, ": no answer (%s not reached)", g->addr);
		fputc('\n', f);
	}
}

static json_t *
summary_json(const struct prun *r, size_t tg)
{
	const struct pkt_trace *t = r->t;
	const struct pkt_trace_target *g = &t->tg[tg];
	const struct ptg *pt = &r->pt[tg];
	json_t *o = json_object(), *drops = json_array(), *hops = json_array();
	unsigned ttl, end = end_ttl(r, tg), mtu = path_mtu(r, tg);
	size_t k;

	json_object_set_new(o, "target", json_string(g->addr));
	json_object_set_new(o, "pmtu", mtu ? json_integer(mtu) : json_null());
	json_object_set_new(o, "first", pt->routed ? json_integer(pt->first) :
	    json_null());
	json_object_set_new(o, "iface", pt->routed ? json_string(pt->ifname) :
	    json_null());
	json_object_set_new(o, "reached", json_boolean(pkt_trace_reached(t, tg)));
	if (pt->ndrop > 0) {
		const struct drop *d = &pt->drop[pt->ndrop - 1];
		unsigned at = hop_of(r, tg, d->from);

		json_object_set_new(o, "hop", json_integer(d->ttl));
		json_object_set_new(o, "from", json_string(d->from));
		json_object_set_new(o, "from_ttl", at ? json_integer(at) :
		    json_null());
	} else {
		json_object_set_new(o, "hop", json_null());
		json_object_set_new(o, "from", json_null());
		json_object_set_new(o, "from_ttl", json_null());
	}
	for (k = 0; k < pt->ndrop; k++) {
		const struct drop *d = &pt->drop[k];
		json_t *j = json_object();

		json_object_set_new(j, "ttl", json_integer(d->ttl));
		json_object_set_new(j, "from", json_string(d->from));
		json_object_set_new(j, "size", json_integer(d->size));
		json_object_set_new(j, "reported", json_integer(d->reported));
		json_object_set_new(j, "mtu", d->mtu ? json_integer(d->mtu) :
		    json_null());
		json_object_set_new(j, "rtt", d->rtt >= 0 ? json_real(d->rtt) :
		    json_null());
		json_object_set_new(j, "blackhole", json_boolean(d->hole));
		json_array_append_new(drops, j);
	}
	json_object_set_new(o, "drops", drops);
	for (ttl = t->minttl; ttl <= end; ttl++) {
		const struct hop *h = &pt->hop[ttl - t->minttl];
		json_t *j = json_object();

		json_object_set_new(j, "ttl", json_integer(ttl));
		json_object_set_new(j, "addr", h->size ? json_string(h->addr) :
		    json_null());
		json_object_set_new(j, "kind", json_string(pkt_trace_kind_names[
		    h->size ? h->kind : PKT_TRACE_TIMEOUT]));
		json_object_set_new(j, "rtt", h->size && h->rtt >= 0 ?
		    json_real(h->rtt) : json_null());
		json_object_set_new(j, "pmtu", h->size ? json_integer(h->size) :
		    json_null());
		json_array_append_new(hops, j);
	}
	json_object_set_new(o, "hops", hops);
	return o;
}

/* The interface each target's probes leave by, and its MTU: the first
 * size.  A target without a route is left out (said). */
static void
first_sizes(struct prun *r, const struct pkt_opts *o)
{
	struct pkt_trace *t = r->t;
	size_t tg;

	for (tg = 0; tg < t->ntg; tg++) {
		struct pkt_trace_target *g = &t->tg[tg];
		struct ptg *pt = &r->pt[tg];
		struct pkt_route rt;
		char eb[PKT_ERRBUF];
		int rc = o->iface != NULL ? pkt_route_iface(o->iface, g->family ==
		    4 ? AF_INET : AF_INET6, &rt, eb) : pkt_route_get(g->family ==
		    4 ? AF_INET : AF_INET6, g->a, NULL, &rt, eb);

		if (rc < 0 || rt.ifmtu <= 0) {
			if (rc < 0)
				pkt_warnx("%s", eb);
			else
				pkt_warnx("%s: %s has no MTU", g->addr, rt.ifname);
			pt->done = true;
			g->from = t->maxttl + 1;
			continue;
		}
		pt->routed = true;
		pt->first = (unsigned)rt.ifmtu;
		/* An IPv4 packet holds at most 65535 bytes (its total length);
		 * lo's MTU is 65536.  IPv6's payload length leaves room for
		 * 65535 + 40. */
		if (g->family == 4 && pt->first > 65535)
			pt->first = 65535;
		snprintf(pt->ifname, sizeof(pt->ifname), "%s", rt.ifname);
		g->size = pt->first;
	}
}

int
pkt_trace_pmtu_run(struct pkt_trace *t, struct pkt_opts *o, struct pkt_sr *sr,
    volatile int *interrupted)
{
	struct prun r;
	struct pkt_sender *snd;
	size_t tg, npr = t->ntg * t->nttl;
	int rc;

	memset(&r, 0, sizeof(r));
	r.t = t;
	r.sr = sr;
	r.json = o->json;
	r.pt = pkt_xcalloc(t->ntg, sizeof(*r.pt));
	for (tg = 0; tg < t->ntg; tg++) {
		r.pt[tg].hop = pkt_xcalloc(t->nttl, sizeof(*r.pt[tg].hop));
		r.pt[tg].ref = pkt_xcalloc(t->nttl, sizeof(*r.pt[tg].ref));
	}
	t->df = true;
	first_sizes(&r, o);
	if ((snd = pkt_sender_open_lazy(o, r.eb)) == NULL)
		pkt_errx(PKT_EXIT_ERROR, "%s", r.eb);
	r.pr = pkt_xcalloc(npr, sizeof(*r.pr));
	t->keep = o->wfile != NULL;
	t->env = pkt_sender_env(snd);
	t->upto = pkt_xcalloc(t->ntg, sizeof(*t->upto));
	if (o->wfile != NULL && (r.pcap = pkt_pcapw_open(o->wfile, r.eb)) == NULL)
		pkt_errx(PKT_EXIT_ERROR, "%s", r.eb);
	sr->o = o;
	sr->timeout = o->timeout;
	sr->next = sr_next;
	sr->next_path = sr_next_path;
	sr->on_answer = on_answer;
	sr->on_done = on_done;
	sr->enough = sr_enough;
	/* A TTL row at a time, as a trace: no TTL past a path's end. */
	sr->batch = t->all_ttls ? 0 : t->ntg < 32 ? (unsigned)t->ntg : 32;
	sr->arg = &r;
	sr->interrupted = interrupted;
	sr->on_cycle_start = on_cycle_start;
	sr->on_cycle_end = on_cycle_end;
	sr->forever = true;	/* until every target is done */
	sr->interval = 0;
	for (tg = 0; tg < t->ntg && r.pt[tg].done; tg++)
		;
	if (tg == t->ntg)
		rc = PKT_EXIT_ERROR;	/* nothing to send */
	else
		rc = pkt_sr_run(sr, snd, r.eb) < 0 ? PKT_EXIT_ERROR : PKT_EXIT_OK;
	if (rc != PKT_EXIT_OK && tg != t->ntg)
		pkt_warnx("%s", r.eb);
	if (pkt_verbose() >= 0 && tg != t->ntg)
		pkt_sr_tally(sr, stderr);
	if (r.pcap != NULL && pkt_pcapw_close(r.pcap, r.eb) < 0) {
		pkt_warnx("%s", r.eb);
		rc = PKT_EXIT_ERROR;
	}
	if (r.json) {
		for (tg = 0; tg < t->ntg; tg++) {
			json_t *j = summary_json(&r, tg);

			if (pkt_json_write(stdout, j) < 0)
				r.werr = true;
			json_decref(j);
		}
	} else if (o->wfile == NULL || strcmp(o->wfile, "-") != 0)
		print_text(stdout, &r);
	rc = pkt_trace_exit(t, rc, r.werr, *interrupted);
	pkt_trace_probes_clear(t, r.pr);
	free(r.pr);
	for (tg = 0; tg < t->ntg; tg++) {
		free(r.pt[tg].hop);
		free(r.pt[tg].ref);
	}
	free(r.pt);
	pkt_sender_close(snd);
	return rc;
}
