/* sr.c: send probes, read what comes back, match.
 *
 * Order of a run: capture handles are opened on every interface the
 * probes leave by (before the first probe leaves, so no answer is
 * missed), capabilities are dropped, the kernel filter is attached, then
 * probes are sent in batches while the captures are drained, and the
 * wait for answers starts after the last probe of a round, as Scapy's
 * timeout does.  Received packets are matched with pkt_match_answers()
 * against the probes that share their key, in send order. */
#include "sr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "err.h"
#include "match.h"
#include "opts.h"
#include "pkt.h"
#include "priv.h"
#include "rdns.h"
#include "send.h"
#include "util.h"

#define MAX_CAPS	16
#define MAX_RDNS_FDS	16
#define FLUSH_EVERY	32

extern const struct pkt_layer pkt_layer_ip, pkt_layer_ipv6;

struct run {
	struct pkt_sr		*sr;
	struct pkt_probe	*pr;
	size_t			 n;
	struct pkt_match_index	 ix;
	struct pkt_cap		*cap[MAX_CAPS];
	char			 key[MAX_CAPS][24];
	size_t			 ncap;
	size_t			 unanswered;
	uint64_t		*own;		/* hashes of our probes' bytes */
	size_t			 nown;
	uint64_t		 round_new;	/* answers this round */
};

/* The bytes from the network header on, to know our own probe when the
 * capture shows it back to us (loopback). */
static const uint8_t *
l3bytes(const struct pkt_pkt *p, size_t *len)
{
	size_t off;

	if (!pkt_match_l3_offset(p, &off))
		return NULL;
	*len = p->rawlen - off;
	return p->raw + off;
}

static uint64_t
fnv(const uint8_t *p, size_t n)
{
	uint64_t h = UINT64_C(0xcbf29ce484222325);

	while (n--)
		h = (h ^ *p++) * UINT64_C(0x100000001b3);
	return h;
}

static int
cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* The hash of a packet's network-layer bytes, with what the kernel may
 * fill or rewrite under --l3raw left out (IPv4 total length, id,
 * checksum, source; an IPv6 source). */
static uint64_t
l3hash(const uint8_t *b, size_t n)
{
	uint8_t h[40];

	if (n >= 20 && (b[0] >> 4) == 4) {
		memcpy(h, b, 20);
		memset(h + 2, 0, 4);	/* length, id */
		memset(h + 10, 0, 6);	/* checksum, source */
		return fnv(b + 20, n - 20) ^ fnv(h, 20);
	}
	if (n >= 40 && (b[0] >> 4) == 6) {
		memcpy(h, b, 40);
		memset(h + 8, 0, 16);	/* source */
		return fnv(b + 40, n - 40) ^ fnv(h, 40);
	}
	return fnv(b, n);
}

/* Our own probe, seen on the way back in (loopback): its network-layer
 * bytes hash like one we sent. */
static bool
is_own(const struct run *r, const struct pkt_pkt *rx)
{
	size_t n;
	const uint8_t *y = l3bytes(rx, &n);
	uint64_t h;

	if (y == NULL || r->nown == 0)
		return false;
	h = l3hash(y, n);
	return bsearch(&h, r->own, r->nown, sizeof(h), cmp64) != NULL;
}

static void
handle(struct run *r, struct pkt_pkt *rx)
{
	uint32_t key = pkt_match_key(rx, true);
	size_t k, i, nc;
	const size_t *cand = pkt_match_index_get(&r->ix, key, &nc);
	bool any = false;

	if (is_own(r, rx))
		return;
	/* Candidates sharing the key, in send order; a key of 0 (no port:
	 * a quote cut short, raw IP) means any probe. */
	for (k = 0; k < nc; k++) {
		struct pkt_probe *p;

		i = cand != NULL ? cand[k] : k;
		p = &r->pr[i];
		if (p->sent == 0 || (p->answers > 0 && !r->sr->multi))
			continue;
		if (!pkt_match_answers(p->dis, rx))
			continue;
		if (p->answers++ == 0) {
			r->unanswered--;
			r->sr->answered++;
			r->round_new++;
		}
		r->sr->on_answer(r->sr->arg, i, rx, rx->time - p->sent);
		any = true;
		if (!r->sr->multi)
			break;
	}
	(void)any;
	r->sr->received++;
}

/* Read whatever is waiting on every capture (wait up to ms). */
static int
drain(struct run *r, int ms, char *errbuf)
{
	struct pollfd pfd[MAX_CAPS + MAX_RDNS_FDS];
	size_t i, nr = 0;
	int rc;

	for (i = 0; i < r->ncap; i++) {
		pfd[i].fd = pkt_cap_fd(r->cap[i]);
		pfd[i].events = POLLIN;
		pfd[i].revents = 0;
	}
	/* Names being looked up meanwhile: their sockets in the same poll,
	 * so neither waits for the other. */
	if (r->sr->rdns != NULL) {
		nr = pkt_rdns_pollfds(r->sr->rdns, pfd + r->ncap, MAX_RDNS_FDS);
		ms = pkt_rdns_timeout(r->sr->rdns, ms);
	}
	rc = poll(pfd, r->ncap + nr, ms);
	if (rc < 0 && errno != EINTR)
		return pkt_fail(errbuf, "poll: %s", strerror(errno));
	if (r->sr->rdns != NULL)
		pkt_rdns_process(r->sr->rdns, rc > 0 ? pfd + r->ncap : NULL,
		    rc > 0 ? nr : 0);
	for (i = 0; i < r->ncap; i++) {
		struct pkt_pkt *rx;
		int got, budget = 4096;

		while (budget-- > 0 && (got = pkt_cap_next(r->cap[i], &rx, errbuf)) > 0) {
			handle(r, rx);
			pkt_free(rx);
		}
		if (budget > 0 && got < 0)
			return -1;
	}
	return 0;
}

static bool
all_done(const struct run *r)
{
	if (r->sr->multi)
		return false;
	if (r->unanswered == 0)
		return true;
	return r->sr->enough != NULL && r->sr->enough(r->sr->arg);
}

/* Send the probes that still want an answer; drain as we go. */
/* Send the probes that still want an answer; drain as we go.  A probe's
 * time is taken as it is queued, before any flush can send it (a batch
 * also goes out when the next probe needs another socket), so an rtt is
 * never negative; the queue holds at most FLUSH_EVERY probes. */
static int
send_round(struct run *r, struct pkt_sender *snd, bool first, char *errbuf)
{
	size_t i, queued = 0;
	double t0 = pkt_now();
	uint64_t nsent = 0;
	int rc = 0;

	for (i = 0; i < r->n && !*r->sr->interrupted; i++) {
		struct pkt_probe *p = &r->pr[i];
		double prev = p->sent;

		if ((!first && p->answers > 0) || p->cap < 0)
			continue;
		if (pkt_sender_pace(snd, r->sr->inter, r->sr->rate, t0, nsent) < 0) {
			rc = pkt_fail(errbuf, "pace");
			break;
		}
		p->sent = pkt_walltime();
		if ((rc = pkt_sender_send(snd, p->pkt, errbuf)) < 0)
			break;
		if (rc > 0) {	/* skipped: its next hop is silent */
			p->sent = prev;
			rc = 0;
			continue;
		}
		nsent++;
		if (++queued == FLUSH_EVERY || r->sr->inter > 0 || r->sr->rate > 0 ||
		    i + 1 == r->n) {
			queued = 0;
			if ((rc = pkt_sender_flush(snd, errbuf)) < 0)
				break;
			if ((rc = drain(r, 0, errbuf)) < 0)
				break;
		}
	}
	if (rc == 0 && queued > 0)
		rc = pkt_sender_flush(snd, errbuf);
	return rc;
}

static int
wait_answers(struct run *r, char *errbuf)
{
	double until = pkt_now() + r->sr->timeout;

	while (!*r->sr->interrupted && !all_done(r)) {
		double left = until - pkt_now();

		if (left <= 0)
			break;
		if (drain(r, left > 0.05 ? 50 : (int)(left * 1000) + 1, errbuf) < 0)
			return -1;
	}
	return 0;
}

static void
addr_str(const struct pkt_li *li, const char *field, char *buf, size_t n)
{
	int fi = pkt_layer_field(li->l, field);

	if (fi < 0)
		snprintf(buf, n, "?");
	else
		pkt_fmt_addr(&li->l->f[fi], li->v[fi].a, buf, n);
}

void
pkt_sr_filter(const struct pkt_probe *pr, size_t n, char *buf, size_t len)
{
	char srcs4[8][64], srcs6[8][64], a[64];
	size_t ns4 = 0, ns6 = 0, i, k, off = 0, ndst = 0;
	bool arp = false, v4 = false, v6 = false;

#define ADD(...) do { int w_ = snprintf(buf + off, len - off, __VA_ARGS__); \
	if (w_ > 0) off = off + (size_t)w_ < len ? off + (size_t)w_ : len - 1; } while (0)
	buf[0] = '\0';
	for (i = 0; i < n; i++) {
		int l3 = pkt_match_l3(pr[i].dis);
		const struct pkt_li *li;

		if (l3 < 0)
			continue;
		li = &pr[i].dis->li[l3];
		if (strcmp(li->l->name, "ARP") == 0) {
			arp = true;
			continue;
		}
		addr_str(li, "src", a, sizeof(a));
		if (li->l == &pkt_layer_ip) {
			v4 = true;
			for (k = 0; k < ns4 && strcmp(srcs4[k], a); k++)
				;
			if (k == ns4 && ns4 < 8)
				snprintf(srcs4[ns4++], sizeof(srcs4[0]), "%s", a);
		} else {
			v6 = true;
			for (k = 0; k < ns6 && strcmp(srcs6[k], a); k++)
				;
			if (k == ns6 && ns6 < 8)
				snprintf(srcs6[ns6++], sizeof(srcs6[0]), "%s", a);
		}
		ndst++;
	}
	/* What answers comes back to our source address; more narrowing is
	 * left to user space. */
	if (v4) {
		ADD("(ip");
		if (ns4 > 0 && ns4 < 8) {
			ADD(" and (");
			for (k = 0; k < ns4; k++)
				ADD("%sdst host %s", k ? " or " : "", srcs4[k]);
			ADD(")");
		}
		ADD(")");
	}
	if (v6) {
		ADD("%s(ip6", off ? " or " : "");
		if (ns6 > 0 && ns6 < 8) {
			ADD(" and (");
			for (k = 0; k < ns6; k++)
				ADD("%sdst host %s", k ? " or " : "", srcs6[k]);
			ADD(")");
		}
		ADD(")");
	}
	if (arp)
		ADD("%sarp", off ? " or " : "");
	if (off == 0)
		ADD("ip or ip6 or arp");
	(void)ndst;
#undef ADD
}

/* The capture for key (an interface, or "ip/PROTO" for a raw IP socket),
 * opened once; its index, or -1. */
static int
add_cap(struct run *r, const char *key, int proto, const char *ifn,
    char *errbuf)
{
	size_t k;

	for (k = 0; k < r->ncap; k++)
		if (strcmp(r->key[k], key) == 0)
			return (int)k;
	if (r->ncap == MAX_CAPS)
		return pkt_fail(errbuf, "probes leave by more than %d interfaces: "
		    "split them", MAX_CAPS);
	r->cap[k] = proto < 0 ? pkt_cap_open(ifn, r->n, errbuf) :
	    pkt_cap_open_ip(strncmp(key, "ip6/", 4) == 0 ? 6 : 4, proto, ifn,
	    errbuf);
	if (r->cap[k] == NULL)
		return -1;
	snprintf(r->key[k], sizeof(r->key[k]), "%s", key);
	if (proto < 0)
		pkt_info(1, "capturing answers on %s", ifn);
	else
		pkt_info(1, "reading answers on a raw %s socket (protocol %d), "
		    "as the probes go out with --l3raw", strncmp(key, "ip6/", 4) == 0 ?
		    "IPv6" : "IP", proto);
	r->ncap++;
	return (int)k;
}

/* The upper-layer protocol of IPv6 probe d (dissected): the next header
 * of the IPv6 header or of its last extension header; -1 when it has
 * no IPv6 header. */
static int
v6_upper(const struct pkt_pkt *d)
{
	int l3 = pkt_match_l3(d), nh = -1;
	size_t k;

	for (k = l3 < 0 ? d->n : (size_t)l3; k < d->n; k++) {
		const struct pkt_li *li = &d->li[k];
		int fi;

		if (strcmp(li->l->name, "IPv6") != 0 &&
		    strncmp(li->l->name, "IPv6ExtHdr", 10) != 0)
			break;
		if ((fi = pkt_layer_field(li->l, "nh")) < 0)
			break;
		nh = (int)pkt_li_u(li, (size_t)fi);
	}
	return nh;
}

/* Open what every probe's path needs, sockets and captures, before the
 * capabilities go.  Probes sent with --l3raw are answered to raw IP or
 * IPv6 sockets of their protocol and of ICMP or ICMPv6 (no packet socket
 * at all for a loopback probe, as ping); everything else is captured
 * with libpcap on the interface it leaves by. */
static int
open_caps(struct run *r, struct pkt_sender *snd, char *errbuf)
{
	size_t i;
	char key[32], lastwhy[PKT_ERRBUF] = "";
	int k, up;

	for (i = 0; i < r->n; i++) {
		struct pkt_path path;
		const struct pkt_pkt *p = r->pr[i].pkt;

		if (pkt_sender_path(snd, r->pr[i].pkt, &path, errbuf) < 0) {
			/* No route to it: the others still go (a sweep, 64
			 * targets); said once for each message. */
			if (i == 0 || strcmp(errbuf, lastwhy) != 0)
				pkt_warnx("%s: not sent", errbuf);
			snprintf(lastwhy, sizeof(lastwhy), "%s", errbuf);
			errbuf[0] = '\0';
			r->pr[i].cap = -1;
			continue;
		}
		if (pkt_sender_need(snd, &path, errbuf) < 0)
			return -1;
		if (path.l3raw && path.family == 4 && p->rawlen >= 20) {
			snprintf(key, sizeof(key), "ip/%u", p->raw[9]);
			if ((k = add_cap(r, key, p->raw[9], path.ifname, errbuf)) < 0)
				return -1;
			if (p->raw[9] != 1 &&
			    add_cap(r, "ip/1", 1, path.ifname, errbuf) < 0)
				return -1;
		} else if (path.l3raw && path.family == 6 &&
		    (up = v6_upper(r->pr[i].dis)) >= 0) {
			snprintf(key, sizeof(key), "ip6/%d", up);
			if ((k = add_cap(r, key, up, path.ifname, errbuf)) < 0)
				return -1;
			if (up != 58 &&
			    add_cap(r, "ip6/58", 58, path.ifname, errbuf) < 0)
				return -1;
		} else if ((k = add_cap(r, path.ifname, -1, path.ifname, errbuf)) < 0)
			return -1;
		r->pr[i].cap = k;
	}
	return 0;
}

/* The probes by key, and the hashes of their bytes (is_own): at the start,
 * and again when a new cycle has rebuilt them.  Every probe wants an
 * answer again. */
static void
index_probes(struct run *r)
{
	size_t i;

	pkt_match_index_free(&r->ix);
	r->nown = 0;
	for (i = 0; i < r->n; i++) {
		const uint8_t *b;
		size_t len;

		r->pr[i].key = pkt_match_key(r->pr[i].dis, false);
		pkt_match_index_add(&r->ix, r->pr[i].key, i);
		if ((b = l3bytes(r->pr[i].dis, &len)) != NULL)
			r->own[r->nown++] = l3hash(b, len);
	}
	qsort(r->own, r->nown, sizeof(*r->own), cmp64);
	r->unanswered = r->n;
}

int
pkt_sr_run(struct pkt_sr *sr, struct pkt_sender *snd, struct pkt_probe *pr,
    size_t n, char *errbuf)
{
	struct run *r = pkt_xcalloc(1, sizeof(*r));
	char filter[4096];
	int rounds_without = 0, round, rc = -1;
	unsigned cycle;
	size_t i;

	r->sr = sr;
	r->pr = pr;
	r->n = n;
	r->own = pkt_xcalloc(n ? n : 1, sizeof(*r->own));
	index_probes(r);
	pkt_sender_set_lenient(snd, true);
	if (open_caps(r, snd, errbuf) < 0)
		goto out;
	for (i = 1; i < r->ncap; i++)
		if (pkt_cap_dlt(r->cap[i]) != pkt_cap_dlt(r->cap[0]))
			sr->mixed_links = true;
	if (pkt_priv_drop(errbuf) < 0)
		goto out;
	/* Each capture's filter is made from the probes it answers for: a
	 * capture on lo for IPv6 probes does not take the IPv4 answers that
	 * the raw IP sockets read as well. */
	if (!sr->o->nofilter) {
		struct pkt_probe *sub = pkt_xcalloc(n ? n : 1, sizeof(*sub));

		for (i = 0; i < r->ncap; i++) {
			size_t k, m = 0;
			bool raw = strncmp(r->key[i], "ip/", 3) == 0;

			for (k = 0; k < n; k++)
				if (pr[k].cap >= 0 && (raw ?
				    strncmp(r->key[pr[k].cap], "ip/", 3) == 0 :
				    (size_t)pr[k].cap == i))
					sub[m++] = pr[k];
			pkt_sr_filter(sub, m, filter, sizeof(filter));
			if (pkt_cap_filter(r->cap[i], filter, errbuf) < 0) {
				free(sub);
				goto out;
			}
		}
		free(sub);
	}
	/* Next hops of every probe at once: a sweep waits once for its
	 * silent addresses, not once each. */
	{
		struct pkt_pkt **pk = pkt_xcalloc(n ? n : 1, sizeof(*pk));

		size_t m = 0;

		for (i = 0; i < n; i++)
			if (pr[i].cap >= 0)
				pk[m++] = pr[i].pkt;
		i = (size_t)pkt_sender_prefetch(snd, pk, m, errbuf);
		free(pk);
		if ((int)i < 0)
			goto out;
	}
	/* Drop what was captured before the filter was attached. */
	for (i = 0; i < r->ncap; i++) {
		struct pkt_pkt *junk;

		while (pkt_cap_next(r->cap[i], &junk, errbuf) > 0)
			pkt_free(junk);
	}
	sr->received = 0;
	for (cycle = 0; !*sr->interrupted; cycle++) {
		double start = pkt_now();

		if (cycle > 0 && sr->on_cycle_start != NULL) {
			if (sr->on_cycle_start(sr->arg, cycle, errbuf) < 0)
				goto out;
			index_probes(r);
		}
		for (round = 0; !*sr->interrupted; round++) {
			r->round_new = 0;
			if (send_round(r, snd, round == 0, errbuf) < 0)
				goto out;
			if (wait_answers(r, errbuf) < 0)
				goto out;
			if (all_done(r) || sr->multi)
				break;
			if (sr->retry > 0 && round >= sr->retry)
				break;
			if (sr->retry < 0) {
				rounds_without = r->round_new ? 0 : rounds_without + 1;
				if (rounds_without >= -sr->retry)
					break;
			}
			if (sr->retry == 0)
				break;
		}
		if (sr->on_cycle_end != NULL)
			sr->on_cycle_end(sr->arg, cycle);
		if (!sr->forever && cycle + 1 >= (sr->count ? sr->count : 1))
			break;
		/* Nothing of this cycle answers any more: a late answer is
		 * read and let go.  The next starts an interval after this
		 * one did (at once when this one took longer), names being
		 * looked up meanwhile. */
		for (i = 0; i < n; i++) {
			pr[i].sent = 0;
			pr[i].answers = 0;
		}
		r->unanswered = n;
		while (!*sr->interrupted && pkt_now() < start + sr->interval) {
			double left = start + sr->interval - pkt_now();

			if (drain(r, left > 0.05 ? 50 : (int)(left * 1000) + 1,
			    errbuf) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	for (i = 0; i < r->ncap; i++) {
		sr->kernel_drops += pkt_cap_drops(r->cap[i]);
		pkt_cap_close(r->cap[i]);
	}
	pkt_match_index_free(&r->ix);
	free(r->own);
	free(r);
	return rc;
}

void
pkt_sr_tally(const struct pkt_sr *sr, uint64_t nprobes, FILE *f)
{
	fprintf(f, "Received %llu packets, got %llu answers, remaining %llu "
	    "packets", (unsigned long long)sr->received,
	    (unsigned long long)sr->answered,
	    (unsigned long long)(nprobes - sr->answered));
	if (sr->kernel_drops)
		fprintf(f, " (the kernel dropped %llu packets before we could "
		    "read them)", (unsigned long long)sr->kernel_drops);
	fputc('\n', f);
}
