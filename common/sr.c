/* sr.c: send probes, read what comes back, match.
 *
 * Order of a run: the probes' paths are walked first (sr->next_path: a
 * probe per path, not every probe), and a capture is opened on every
 * interface they leave by, before the first probe leaves, so no answer
 * is missed; capabilities are dropped and the kernel filter attached.
 * Then the probes are generated as they are sent, in batches, while the
 * captures are drained, and kept in a window of at most PKT_SR_WINDOW:
 * memory stays flat however many a spec makes.  A probe leaves the
 * window as soon as it is answered (with --multi, when its wait is
 * over), when it could not be sent (at once: nothing waits for it), or,
 * the window being full, when it has waited the timeout since it was
 * sent.  The wait for the last ones starts after the last probe of a
 * round, as Scapy's timeout does.  Received packets are matched with
 * pkt_match_answers() against the probes that share their key and far
 * end (pkt_match_peer), the first sent first. */
#include "sr.h"

#include <arpa/inet.h>
#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "capture.h"
#include "err.h"
#include "layers/arp.h"
#include "layers/ip.h"
#include "layers/ipv6.h"
#include "match.h"
#include "nat.h"
#include "opts.h"
#include "pkt.h"
#include "priv.h"
#include "rdns.h"
#include "send.h"
#include "util.h"

#define MAX_CAPS	16
#define MAX_RDNS_FDS	16
#define FLUSH_EVERY	32
#define NIL		(-1)
#define CAP_PROBES	64	/* at most, what a capture's ring is sized for */


/* A probe in the window, linked three ways: by last send (oldest
 * first), by bucket (its far end, else its key; in send order), by the
 * hash of its own bytes. */
struct slot {
	struct pkt_probe p;
	double		 prev;		/* the send before (a refused resend keeps it) */
	uint64_t	 bid;
	int32_t		 lprev, lnext;
	int32_t		 bprev, bnext;
	int32_t		 oprev, onext;
};

/* What a capture's kernel filter lets through: IP or IPv6 to the
 * probes' source addresses, and ARP. */
struct accum {
	char		 s4[8][64], s6[8][64];
	size_t		 n4, n6;
	bool		 arp, v4, v6;
};

/* -v: which path each probe takes and why, consecutive probes that take
 * the same one on one line. */
struct pathsay {
	uint64_t	first, last;
	bool		l3raw, any;
	char		ifname[16], why[128];
};

struct run {
	struct pkt_sr		*sr;
	struct pkt_sender	*snd;
	struct slot		*s;
	size_t			 w;
	int32_t			*freel;
	size_t			 nfree;
	size_t			 nused;		/* slots handed out at least once */
	int32_t			*bhead, *btail, *ohead;
	size_t			 nb;		/* buckets: a power of two */
	int32_t			 lhead, ltail;
	size_t			 unanswered;	/* in the window */
	struct pkt_cap		*cap[MAX_CAPS];
	char			 key[MAX_CAPS][24];
	char			 ifn[MAX_CAPS][16];
	int			 proto[MAX_CAPS];	/* raw IP socket's; -1: libpcap */
	struct accum		 acc[MAX_CAPS];
	size_t			 ncap;
	int32_t			 q[FLUSH_EVERY];	/* queued since the last flush */
	size_t			 nq;
	struct pkt_path		 qpath;
	bool			 gen_done;
	uint64_t		 round_new;	/* answers this round */
	char			 lastwhy[PKT_ERRBUF];
	struct pathsay		 ps;
};

/* The head of a list in a table of heads, kept one up so that a zeroed
 * table is a table of empty lists. */
static int32_t
head(const int32_t *t, size_t b)
{
	return t[b] - 1;
}

static void
set_head(int32_t *t, size_t b, int32_t i)
{
	t[b] = i + 1;
}

/* Free slots: those never handed out, and those given back. */
static size_t
room(const struct run *r)
{
	return r->nfree + (r->w - r->nused);
}

/* ---- hashes ----------------------------------------------------------------- */

static uint64_t
fnv(const void *p, size_t n)
{
	return pkt_fnv64(p, n, PKT_FNV64_INIT);
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

/* The hash of dissected packet d's bytes from its network header on, to
 * know our own probe when a capture shows it back to us (loopback); 0
 * when it has no network layer. */
static uint64_t
ownhash(const struct pkt_pkt *d)
{
	size_t off;

	if (!pkt_match_l3_offset(d, &off))
		return 0;
	return l3hash(d->raw + off, d->rawlen - off) | 1;
}

static size_t
bslot(const struct run *r, uint64_t h)
{
	return (size_t)((h * UINT64_C(0x9e3779b97f4a7c15)) >> 32) & (r->nb - 1);
}

/* ---- the window ------------------------------------------------------------- */

static void
link_last(struct run *r, int32_t i)
{
	struct slot *s = &r->s[i];

	s->lnext = NIL;
	s->lprev = r->ltail;
	if (r->ltail != NIL)
		r->s[r->ltail].lnext = i;
	else
		r->lhead = i;
	r->ltail = i;
}

static void
unlink_last(struct run *r, int32_t i)
{
	struct slot *s = &r->s[i];

	if (s->lprev != NIL)
		r->s[s->lprev].lnext = s->lnext;
	else
		r->lhead = s->lnext;
	if (s->lnext != NIL)
		r->s[s->lnext].lprev = s->lprev;
	else
		r->ltail = s->lprev;
}

static void
window_add(struct run *r, int32_t i)
{
	struct slot *s = &r->s[i];
	size_t b = bslot(r, s->bid), o = bslot(r, s->p.own);

	link_last(r, i);
	s->bnext = NIL;
	s->bprev = head(r->btail, b);
	if (s->bprev != NIL)
		r->s[s->bprev].bnext = i;
	else
		set_head(r->bhead, b, i);
	set_head(r->btail, b, i);
	s->oprev = NIL;
	s->onext = head(r->ohead, o);
	if (s->onext != NIL)
		r->s[s->onext].oprev = i;
	set_head(r->ohead, o, i);
}

/* Free slot i: out of every list, its packets freed. */
static void
release(struct run *r, int32_t i)
{
	struct slot *s = &r->s[i];
	size_t b = bslot(r, s->bid), o = bslot(r, s->p.own);

	unlink_last(r, i);
	if (s->bprev != NIL)
		r->s[s->bprev].bnext = s->bnext;
	else
		set_head(r->bhead, b, s->bnext);
	if (s->bnext != NIL)
		r->s[s->bnext].bprev = s->bprev;
	else
		set_head(r->btail, b, s->bprev);
	if (s->oprev != NIL)
		r->s[s->oprev].onext = s->onext;
	else
		set_head(r->ohead, o, s->onext);
	if (s->onext != NIL)
		r->s[s->onext].oprev = s->oprev;
	pkt_free(s->p.pkt);
	pkt_free(s->p.dis);
	memset(&s->p, 0, sizeof(s->p));
	r->freel[r->nfree++] = i;
}

/* Probe i leaves the run: said to the tool, then forgotten. */
static void
retire(struct run *r, int32_t i)
{
	struct slot *s = &r->s[i];

	if (s->p.sent != 0 && s->p.answers == 0)
		r->unanswered--;
	if (r->sr->on_done != NULL)
		r->sr->on_done(r->sr->arg, &s->p);
	release(r, i);
}

/* Probe p could not be sent: said (once for each reason), accounted for
 * at once. */
static void
not_sent(struct run *r, struct pkt_probe *p, const char *why)
{
	if (why != NULL && why[0] != '\0' && strcmp(why, r->lastwhy) != 0) {
		pkt_warnx("%s: not sent", why);
		snprintf(r->lastwhy, sizeof(r->lastwhy), "%s", why);
	}
	p->sent = 0;
	r->sr->unsent++;
	if (r->sr->on_done != NULL)
		r->sr->on_done(r->sr->arg, p);
}

/* The bytes as sent, without the tree they were built from. */
static struct pkt_pkt *
bytes_only(struct pkt_pkt *p)
{
	struct pkt_pkt *c = pkt_new();

	c->raw = p->raw;
	c->rawlen = p->rawlen;
	c->dlt = p->dlt;
	c->wirelen = p->wirelen;
	c->time = p->time;
	c->iface = p->iface;
	p->raw = NULL;
	p->iface = NULL;
	pkt_free(p);
	return c;
}

/* ---- answers ---------------------------------------------------------------- */

/* Our own probe, seen on the way back in (loopback). */
static bool
is_own(const struct run *r, const struct pkt_pkt *rx)
{
	uint64_t h = ownhash(rx);
	int32_t i;

	if (h == 0)
		return false;
	for (i = head(r->ohead, bslot(r, h)); i != NIL; i = r->s[i].onext)
		if (r->s[i].p.own == h)
			return true;
	return false;
}

static void
answer(struct run *r, int32_t i, const struct pkt_pkt *rx)
{
	struct slot *s = &r->s[i];

	if (s->p.answers++ == 0) {
		r->unanswered--;
		r->sr->answered++;
		r->round_new++;
	}
	r->sr->pairs++;
	r->sr->on_answer(r->sr->arg, &s->p, rx, rx->time - s->p.sent);
}

/* Does rx answer the probe in slot i?  Its dissection is made when
 * first needed. */
static bool
try_probe(struct run *r, int32_t i, const struct pkt_pkt *rx)
{
	struct slot *s = &r->s[i];

	if ((s->p.answers > 0 && !r->sr->multi) || s->p.sent == 0)
		return false;
	if (s->p.dis == NULL)
		s->p.dis = pkt_dissect_copy(s->p.pkt);
	return pkt_match_answers(s->p.dis, rx);
}

/* An ICMP error that answers no probe by Scapy's rules, whose quote
 * carries the identity of one sent (sr->rewritten): the first sent of
 * those, or NIL.  Every probe in the window is looked at: only such
 * errors come here. */
static int32_t
rewritten(struct run *r, const struct pkt_pkt *rx)
{
	unsigned type, code;
	int32_t i, best = NIL;

	if (!pkt_match_is_error(rx, &type, &code))
		return NIL;
	for (i = r->lhead; i != NIL; i = r->s[i].lnext) {
		struct slot *s = &r->s[i];

		if (s->p.answers > 0 || s->p.sent == 0 ||
		    (best != NIL && s->p.seq > r->s[best].p.seq))
			continue;
		if (s->p.dis == NULL)
			s->p.dis = pkt_dissect_copy(s->p.pkt);
		if (pkt_nat_same_probe(s->p.dis, rx))
			best = i;
	}
	return best;
}

static void
handle(struct run *r, struct pkt_pkt *rx)
{
	uint32_t key = pkt_match_key(rx, true);
	bool fine, any = false;
	uint64_t bid = pkt_match_bucket(rx, key, true, &fine);
	int32_t i, best = NIL;
	int pass;

	if (is_own(r, rx))
		return;
	r->sr->received++;
	/* The candidates: those of its far end, and those that could not
	 * say theirs, of its key; a reply that cannot say is tried against
	 * every probe of its key (any key for 0). */
	for (pass = 0; pass < 2; pass++) {
		if (fine)
			i = head(r->bhead, bslot(r, pass == 0 ? bid : key));
		else if (pass == 0)
			i = r->lhead;
		else
			break;
		for (; i != NIL; i = fine ? r->s[i].bnext : r->s[i].lnext) {
			if (fine ? r->s[i].bid != (pass == 0 ? bid : key) :
			    key != 0 && r->s[i].p.key != key)
				continue;
			if (!try_probe(r, i, rx))
				continue;
			any = true;
			if (r->sr->multi)
				answer(r, i, rx);
			else if (best == NIL || r->s[i].p.seq < r->s[best].p.seq)
				best = i;
			if (!fine && !r->sr->multi)
				break;	/* the list is in send order */
		}
	}
	if (!any && r->sr->rewritten)
		best = rewritten(r, rx);
	if (best != NIL) {
		answer(r, best, rx);
		retire(r, best);	/* one answer is all it gets */
	}
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

/* ---- captures and their filters ------------------------------------------- */

static void
addr_str(const struct pkt_li *li, const char *field, char *buf, size_t n)
{
	int fi = pkt_layer_field(li->l, field);

	if (fi < 0)
		snprintf(buf, n, "?");
	else
		pkt_fmt_addr(&li->l->f[fi], li->v[fi].a, buf, n);
}

/* Source s into set v of n (at most 8: more says nothing). */
static void
add_src(char (*v)[64], size_t *n, const char *s)
{
	size_t k;

	for (k = 0; k < *n && strcmp(v[k], s); k++)
		;
	if (k == *n && *n < 8)
		snprintf(v[(*n)++], sizeof(v[0]), "%s", s);
}

static void
accum_add(struct accum *a, const struct pkt_pkt *d)
{
	int l3 = pkt_match_l3(d);
	const struct pkt_li *li;
	char s[64];

	if (l3 < 0)
		return;
	li = &d->li[l3];
	if (li->l == &pkt_layer_arp) {
		a->arp = true;
		return;
	}
	addr_str(li, "src", s, sizeof(s));
	if (li->l == &pkt_layer_ip) {
		a->v4 = true;
		add_src(a->s4, &a->n4, s);
	} else {
		a->v6 = true;
		add_src(a->s6, &a->n6, s);
	}
}

static void
accum_merge(struct accum *a, const struct accum *b)
{
	size_t k;

	a->arp |= b->arp;
	a->v4 |= b->v4;
	a->v6 |= b->v6;
	for (k = 0; k < b->n4; k++)
		add_src(a->s4, &a->n4, b->s4[k]);
	for (k = 0; k < b->n6; k++)
		add_src(a->s6, &a->n6, b->s6[k]);
}

/* The kernel filter for these probes: what can answer them (BPF text).
 * What answers comes back to our source address; more narrowing is left
 * to user space. */
static void
accum_filter(const struct accum *a, char *buf, size_t len)
{
	size_t off = 0, k;

#define ADD(...) do { int w_ = snprintf(buf + off, len - off, __VA_ARGS__); \
	if (w_ > 0) off = off + (size_t)w_ < len ? off + (size_t)w_ : len - 1; } while (0)
	buf[0] = '\0';
	if (a->v4) {
		ADD("(ip");
		if (a->n4 > 0 && a->n4 < 8) {
			ADD(" and (");
			for (k = 0; k < a->n4; k++)
				ADD("%sdst host %s", k ? " or " : "", a->s4[k]);
			ADD(")");
		}
		ADD(")");
	}
	if (a->v6) {
		ADD("%s(ip6", off ? " or " : "");
		if (a->n6 > 0 && a->n6 < 8) {
			ADD(" and (");
			for (k = 0; k < a->n6; k++)
				ADD("%sdst host %s", k ? " or " : "", a->s6[k]);
			ADD(")");
		}
		ADD(")");
	}
	if (a->arp)
		ADD("%sarp", off ? " or " : "");
	if (off == 0)
		ADD("ip or ip6 or arp");
#undef ADD
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

		if (li->l != &pkt_layer_ipv6 && li->l->role != PKT_ROLE_EXTENSION)
			break;
		if ((fi = pkt_layer_field(li->l, "nh")) < 0)
			break;
		nh = (int)pkt_li_u(li, (size_t)fi);
	}
	return nh;
}

/* Which capture sees the answers to probe p (built, d its dissection)
 * going by path: an interface, or "ip/PROTO" ("ip6/PROTO") for a raw IP
 * socket of its protocol, which ICMP's ("ip/1", "ip6/58") backs up. */
static int
cap_key(const struct pkt_pkt *p, const struct pkt_pkt *d,
    const struct pkt_path *path, char *key, size_t len, char *alt, int *proto)
{
	int up;

	/* Protocols 0 and 255 have no raw socket of their own (the kernel
	 * refuses 0, and 255 only sends): ICMP's alone. */
	alt[0] = '\0';
	if (path->l3raw && path->family == 4 && p->rawlen >= 20) {
		up = p->raw[9] == 0 || p->raw[9] == 255 ? 1 : p->raw[9];
		snprintf(key, len, "ip/%d", up);
		if (up != 1)
			snprintf(alt, len, "ip/1");
		return *proto = up;
	}
	if (path->l3raw && path->family == 6 && (up = v6_upper(d)) >= 0) {
		if (up == 0 || up == 255)
			up = 58;
		snprintf(key, len, "ip6/%d", up);
		if (up != 58)
			snprintf(alt, len, "ip6/58");
		return *proto = up;
	}
	snprintf(key, len, "%s", path->ifname);
	return *proto = -1;
}

static int
find_cap(const struct run *r, const char *key)
{
	size_t k;

	for (k = 0; k < r->ncap; k++)
		if (strcmp(r->key[k], key) == 0)
			return (int)k;
	return -1;
}

/* The capture for key, counted once (opened by open_caps); its index,
 * or -1. */
static int
add_cap(struct run *r, const char *key, int proto, const char *ifn,
    char *errbuf)
{
	int k = find_cap(r, key);

	if (k >= 0)
		return k;
	if (r->ncap == MAX_CAPS)
		return pkt_fail(errbuf, "probes leave by more than %d interfaces: "
		    "split them", MAX_CAPS);
	k = (int)r->ncap++;
	snprintf(r->key[k], sizeof(r->key[k]), "%s", key);
	snprintf(r->ifn[k], sizeof(r->ifn[k]), "%s", ifn);
	r->proto[k] = proto;
	return k;
}

/* Open what every path needs, sockets and captures, before the
 * capabilities go.  Probes sent with --l3raw are answered to raw IP or
 * IPv6 sockets of their protocol and of ICMP or ICMPv6 (no packet socket
 * at all for a loopback probe, as ping); everything else is captured
 * with libpcap on the interface it leaves by.  A path that has no route
 * is said when its probes are sent. */
static int
open_caps(struct run *r, char *errbuf)
{
	struct pkt_pkt *p;
	char key[24], alt[24], eb[PKT_ERRBUF];
	int rc = 0, k, proto;
	size_t npaths = 0, i;

	while (!*r->sr->interrupted &&
	    (rc = r->sr->next_path(r->sr->arg, &p, errbuf)) > 0) {
		struct pkt_path path;
		struct pkt_pkt *d = pkt_dissect_copy(p);

		rc = 0;
		npaths++;
		if (pkt_sender_path(r->snd, p, &path, eb) == 0) {
			cap_key(p, d, &path, key, sizeof(key), alt, &proto);
			if (pkt_sender_need(r->snd, &path, errbuf) < 0 ||
			    (k = add_cap(r, key, proto, path.ifname, errbuf)) < 0 ||
			    (alt[0] != '\0' && add_cap(r, alt, strncmp(alt, "ip6/",
			    4) == 0 ? 58 : 1, path.ifname, errbuf) < 0))
				rc = -1;
			else
				accum_add(&r->acc[k], d);
		}
		pkt_free(p);
		pkt_free(d);
		if (rc < 0)
			return -1;
	}
	if (rc < 0)
		return -1;
	/* The ring of a capture: room for a burst of answers, not more. */
	for (i = 0; i < r->ncap; i++) {
		const char *ifn = r->ifn[i];
		int pr = r->proto[i];

		r->cap[i] = pr < 0 ? pkt_cap_open(ifn, npaths < CAP_PROBES ?
		    npaths : CAP_PROBES, errbuf) : pkt_cap_open_ip(strncmp(r->key[i],
		    "ip6/", 4) == 0 ? 6 : 4, pr, ifn, errbuf);
		if (r->cap[i] == NULL) {
			r->ncap = i;
			return -1;
		}
		if (pr < 0)
			pkt_info(1, "capturing answers on %s (PF_PACKET, libpcap)", ifn);
		else
			pkt_info(1, "reading answers on a raw %s socket (protocol "
			    "%d), as the probes go out through raw IP sockets",
			    strncmp(r->key[i], "ip6/", 4) == 0 ? "IPv6" : "IP", pr);
	}
	return 0;
}

/* ---- sending ---------------------------------------------------------------- */

static void
path_said(struct pathsay *ps)
{
	char range[64];

	if (!ps->any)
		return;
	if (ps->first == ps->last)
		snprintf(range, sizeof(range), "probe %llu",
		    (unsigned long long)ps->first + 1);
	else
		snprintf(range, sizeof(range), "probes %llu-%llu",
		    (unsigned long long)ps->first + 1,
		    (unsigned long long)ps->last + 1);
	pkt_info(1, "%s: %s on %s: %s", range, ps->l3raw ? "raw IP socket" :
	    "PF_PACKET", ps->ifname, ps->why);
	ps->any = false;
}

static void
path_say(struct pathsay *ps, uint64_t seq, const struct pkt_path *path)
{
	if (pkt_verbose() < 1)
		return;
	if (ps->any && ps->last + 1 == seq && ps->l3raw == path->l3raw &&
	    strcmp(ps->ifname, path->ifname) == 0 &&
	    strcmp(ps->why, path->why) == 0) {
		ps->last = seq;
		return;
	}
	path_said(ps);
	ps->first = ps->last = seq;
	ps->l3raw = path->l3raw;
	snprintf(ps->ifname, sizeof(ps->ifname), "%s", path->ifname);
	snprintf(ps->why, sizeof(ps->why), "%s", path->why);
	ps->any = true;
}

static bool
same_way(const struct pkt_path *a, const struct pkt_path *b)
{
	return a->l3raw == b->l3raw && a->family == b->family &&
	    a->ifindex == b->ifindex;
}

/* Probe i was refused by the kernel: a first send is accounted for at
 * once, a resend leaves the probe as it was. */
static void
refused(struct run *r, int32_t i)
{
	struct slot *s = &r->s[i];

	if (s->p.tries > 1) {	/* the try counts: it ends */
		s->p.sent = s->prev;
		return;
	}
	r->unanswered--;
	r->sr->unsent++;
	s->p.sent = 0;
	if (r->sr->on_done != NULL)
		r->sr->on_done(r->sr->arg, &s->p);
	release(r, i);
}

/* Send what is queued; what the kernel did not take is accounted for.
 * Then read what came back meanwhile. */
static int
flush(struct run *r, char *errbuf)
{
	uint64_t before, after, bytes;
	char eb[PKT_ERRBUF];
	double now;
	size_t k;

	if (r->nq == 0)
		return drain(r, 0, errbuf);
	/* The queued probes leave now: their time is now, not when they were
	 * queued, which may be long before when the probes queued after them
	 * waited for a neighbour's answer (an ARP sweep: rtts of 10 s). */
	now = pkt_walltime();
	for (k = 0; k < r->nq; k++)
		r->s[r->q[k]].p.sent = now;
	pkt_sender_counts(r->snd, &before, &bytes);
	if (pkt_sender_flush(r->snd, eb) < 0) {
		pkt_sender_counts(r->snd, &after, &bytes);
		if (strcmp(eb, r->lastwhy) != 0)
			pkt_warnx("%s: not sent", eb);
		snprintf(r->lastwhy, sizeof(r->lastwhy), "%s", eb);
		for (k = (size_t)(after - before); k < r->nq; k++)
			refused(r, r->q[k]);
	}
	r->nq = 0;
	return drain(r, 0, errbuf);
}

static bool
paced(const struct run *r)
{
	return r->sr->inter > 0 || r->sr->rate > 0;
}

/* Queue slot i's probe (sent or resent) along path.  A probe's time is
 * taken as it is queued and again as the flush sends it (before, so an
 * rtt is never negative). */
static int
queue(struct run *r, int32_t i, const struct pkt_path *path, double t0,
    uint64_t *nsent, char *errbuf)
{
	struct slot *s = &r->s[i];
	char eb[PKT_ERRBUF];
	int rc;

	if (r->nq > 0 && !same_way(&r->qpath, path) && flush(r, errbuf) < 0)
		return -1;
	if (pkt_sender_pace(r->snd, r->sr->inter, r->sr->rate, t0, *nsent) < 0)
		return pkt_fail(errbuf, "pace");
	s->prev = s->p.sent;
	s->p.sent = pkt_walltime();
	s->p.tries++;
	if ((rc = pkt_sender_send(r->snd, s->p.pkt, eb)) != 0) {
		/* A silent next hop (the sender said so), or a refusal. */
		if (rc < 0 && strcmp(eb, r->lastwhy) != 0) {
			pkt_warnx("%s: not sent", eb);
			snprintf(r->lastwhy, sizeof(r->lastwhy), "%s", eb);
		}
		refused(r, i);
		return 0;
	}
	(*nsent)++;
	r->q[r->nq++] = i;
	r->qpath = *path;
	if (r->nq == FLUSH_EVERY || paced(r))
		return flush(r, errbuf);
	return 0;
}

/* A new probe: its path and capture known, into the window, queued. */
static int
send_new(struct run *r, struct pkt_pkt *p, double t0, uint64_t *nsent,
    char *errbuf)
{
	struct pkt_probe pr;
	struct pkt_path path;
	struct pkt_pkt *d = pkt_dissect_copy(p);
	char key[24], alt[24], eb[PKT_ERRBUF];
	int32_t i;
	int proto, k;
	bool fine;
	struct slot *s;

	memset(&pr, 0, sizeof(pr));
	pr.seq = r->sr->probes++;
	pr.pkt = p;
	if (pkt_sender_path(r->snd, p, &path, eb) < 0) {
		pkt_free(d);
		not_sent(r, &pr, eb);
		pkt_free(p);
		return 0;
	}
	path_say(&r->ps, pr.seq, &path);
	cap_key(p, d, &path, key, sizeof(key), alt, &proto);
	if ((k = find_cap(r, key)) < 0) {
		pkt_free(d);
		snprintf(eb, sizeof(eb), "a probe leaves by %s, where no capture "
		    "was opened before the run (its path changed?)", key);
		not_sent(r, &pr, eb);
		pkt_free(p);
		return 0;
	}
	i = r->nfree > 0 ? r->freel[--r->nfree] : (int32_t)r->nused++;
	s = &r->s[i];
	s->p = pr;
	s->p.cap = k;
	s->p.key = pkt_match_key(d, false);
	s->p.own = ownhash(d);
	s->bid = pkt_match_bucket(d, s->p.key, false, &fine);
	pkt_free(d);
	window_add(r, i);
	r->unanswered++;
	if (queue(r, i, &path, t0, nsent, errbuf) < 0)
		return -1;
	/* Sent (or being): only its bytes are kept. */
	if (s->p.pkt != NULL && s->p.seq == pr.seq)
		s->p.pkt = bytes_only(s->p.pkt);
	return 0;
}

/* Send probe i again: 0, 1 when it cannot go (its route is gone). */
static int
resend(struct run *r, int32_t i, double t0, uint64_t *nsent, char *errbuf)
{
	struct pkt_path path;
	char eb[PKT_ERRBUF];

	if (pkt_sender_path(r->snd, r->s[i].p.pkt, &path, eb) < 0)
		return 1;
	unlink_last(r, i);
	link_last(r, i);
	return queue(r, i, &path, t0, nsent, errbuf);
}

/* May probe i be sent once more, its wait being over? */
static bool
tries_left(const struct run *r, int32_t i)
{
	int n = r->sr->retry < 0 ? -r->sr->retry : r->sr->retry;

	return r->s[i].p.answers == 0 && r->s[i].p.tries <= (unsigned)n;
}

/* Make room in the window: the oldest probe goes (or, unanswered with
 * retries left, is sent again) once it has waited the timeout. */
static int
make_room(struct run *r, double t0, uint64_t *nsent, char *errbuf)
{
	int rc;

	while (room(r) == 0 && !*r->sr->interrupted) {
		int32_t i = r->lhead;
		double left = r->s[i].p.sent + r->sr->timeout - pkt_walltime();

		if (left <= 0) {
			if (!tries_left(r, i) ||
			    (rc = resend(r, i, t0, nsent, errbuf)) > 0)
				retire(r, i);
			else if (rc < 0)
				return -1;
			continue;
		}
		if (flush(r, errbuf) < 0 || drain(r, left > 0.05 ? 50 :
		    (int)(left * 1000) + 1, errbuf) < 0)
			return -1;
	}
	return 0;
}

/* The first round: every probe, generated as it goes. */
static int
send_all(struct run *r, char *errbuf)
{
	struct pkt_pkt *batch[FLUSH_EVERY];
	double t0 = pkt_now();
	uint64_t nsent = 0;
	size_t nb, k, max = r->sr->batch > 0 && r->sr->batch < FLUSH_EVERY ?
	    r->sr->batch : FLUSH_EVERY;
	int rc;

	while (!*r->sr->interrupted && !r->gen_done) {
		if (make_room(r, t0, &nsent, errbuf) < 0)
			return -1;
		for (nb = 0; nb < max && nb < room(r) && !r->gen_done &&
		    !*r->sr->interrupted; nb++) {
			if ((rc = r->sr->next(r->sr->arg, &batch[nb], errbuf)) < 0) {
				while (nb > 0)
					pkt_free(batch[--nb]);
				return -1;
			}
			if (rc == 0) {
				r->gen_done = true;
				break;
			}
		}
		/* Their next hops at once: one wait for the silent ones. */
		if (nb > 0 && pkt_sender_prefetch(r->snd, batch, nb, errbuf) < 0) {
			for (k = 0; k < nb; k++)
				pkt_free(batch[k]);
			return -1;
		}
		for (k = 0; k < nb; k++)
			if (send_new(r, batch[k], t0, &nsent, errbuf) < 0) {
				while (++k < nb)
					pkt_free(batch[k]);
				return -1;
			}
		/* Sent, and what came back meanwhile read, before the next
		 * batch is made. */
		if (r->sr->batch > 0 && flush(r, errbuf) < 0)
			return -1;
	}
	path_said(&r->ps);
	return flush(r, errbuf);
}

/* A later round: the probes still unanswered, again. */
static int
send_again(struct run *r, char *errbuf)
{
	double t0 = pkt_now();
	uint64_t nsent = 0;
	int32_t i, next, last = r->ltail;

	for (i = r->lhead; i != NIL && !*r->sr->interrupted; i = next) {
		next = i == last ? NIL : r->s[i].lnext;
		if (r->s[i].p.answers > 0 ||
		    (r->sr->retry > 0 && r->s[i].p.tries > (unsigned)r->sr->retry))
			continue;
		if (resend(r, i, t0, &nsent, errbuf) < 0)
			return -1;
	}
	return flush(r, errbuf);
}

static bool
all_done(const struct run *r)
{
	if (r->sr->multi || !r->gen_done)
		return false;
	if (r->unanswered == 0)
		return true;
	return r->sr->enough != NULL && r->sr->enough(r->sr->arg);
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
run_free(struct run *r)
{
	size_t i;

	while (r->lhead != NIL)
		retire(r, r->lhead);
	for (i = 0; i < r->ncap; i++) {
		r->sr->kernel_drops += pkt_cap_drops(r->cap[i]);
		pkt_cap_close(r->cap[i]);
	}
	pkt_zunmap(r->s, r->w * sizeof(*r->s));
	pkt_zunmap(r->freel, r->w * sizeof(*r->freel));
	pkt_zunmap(r->bhead, r->nb * sizeof(*r->bhead));
	pkt_zunmap(r->btail, r->nb * sizeof(*r->btail));
	pkt_zunmap(r->ohead, r->nb * sizeof(*r->ohead));
	free(r);
}

int
pkt_sr_run(struct pkt_sr *sr, struct pkt_sender *snd, char *errbuf)
{
	struct run *r = pkt_xcalloc(1, sizeof(*r));
	char filter[4096];
	int rounds_without = 0, round, rc = -1;
	unsigned cycle;
	size_t i;

	r->sr = sr;
	r->snd = snd;
	r->w = PKT_SR_WINDOW;
	/* The window's tables in pages the kernel zeroes as they are first
	 * touched, the heads of the lists kept one up (0: empty), and slots
	 * handed out in order before the free list is used: a one-probe
	 * run touches a page of each, not 1 MiB (page faults cost it more
	 * than its whole matching). */
	r->s = pkt_xzmap(r->w * sizeof(*r->s));
	r->freel = pkt_xzmap(r->w * sizeof(*r->freel));
	for (r->nb = 1; r->nb < 2 * r->w; r->nb *= 2)
		;
	r->bhead = pkt_xzmap(r->nb * sizeof(*r->bhead));
	r->btail = pkt_xzmap(r->nb * sizeof(*r->btail));
	r->ohead = pkt_xzmap(r->nb * sizeof(*r->ohead));
	r->lhead = r->ltail = NIL;
	pkt_sender_set_lenient(snd, true);
	pkt_sender_set_probes(snd, true);
	if (open_caps(r, errbuf) < 0)
		goto out;
	for (i = 1; i < r->ncap; i++)
		if (pkt_cap_dlt(r->cap[i]) != pkt_cap_dlt(r->cap[0]))
			sr->mixed_links = true;
	if (pkt_priv_drop(errbuf) < 0)
		goto out;
	/* Each capture's filter is made from the probes it answers for: a
	 * capture on lo for IPv6 probes does not take the IPv4 answers that
	 * the raw IP sockets read as well, which answer for every probe
	 * sent through one. */
	if (!sr->o->nofilter) {
		for (i = 0; i < r->ncap; i++) {
			struct accum a = r->acc[i];
			const char *fam = strncmp(r->key[i], "ip/", 3) == 0 ? "ip/" :
			    strncmp(r->key[i], "ip6/", 4) == 0 ? "ip6/" : NULL;
			size_t k;

			/* A raw socket of a family sees the answers of every
			 * probe of that family sent through raw sockets. */
			if (fam != NULL)
				for (k = 0; k < r->ncap; k++)
					if (strncmp(r->key[k], fam, strlen(fam)) == 0)
						accum_merge(&a, &r->acc[k]);
			accum_filter(&a, filter, sizeof(filter));
			if (pkt_cap_filter(r->cap[i], filter, errbuf) < 0)
				goto out;
		}
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

		if (cycle > 0 && sr->on_cycle_start != NULL &&
		    sr->on_cycle_start(sr->arg, cycle, errbuf) < 0)
			goto out;
		r->gen_done = false;
		rounds_without = 0;
		for (round = 0; !*sr->interrupted; round++) {
			if (round > 0)
				r->round_new = 0;
			if ((round == 0 ? send_all(r, errbuf) : send_again(r, errbuf)) < 0)
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
		/* The cycle is over: what it did not answer leaves the window,
		 * and a late answer matches nothing. */
		while (r->lhead != NIL)
			retire(r, r->lhead);
		if (sr->on_cycle_end != NULL)
			sr->on_cycle_end(sr->arg, cycle);
		if (!sr->forever && cycle + 1 >= (sr->count ? sr->count : 1))
			break;
		/* The next starts an interval after this one did (at once when
		 * this one took longer), names being looked up meanwhile. */
		while (!*sr->interrupted && pkt_now() < start + sr->interval) {
			double left = start + sr->interval - pkt_now();

			if (drain(r, left > 0.05 ? 50 : (int)(left * 1000) + 1,
			    errbuf) < 0)
				goto out;
		}
	}
	rc = 0;
out:
	run_free(r);
	return rc;
}

void
pkt_sr_tally(const struct pkt_sr *sr, FILE *f)
{
	fprintf(f, "Received %llu packets, got %llu answers, remaining %llu "
	    "packets", (unsigned long long)sr->received,
	    (unsigned long long)sr->pairs,
	    (unsigned long long)(sr->probes - sr->answered));
	if (sr->kernel_drops)
		fprintf(f, " (the kernel dropped %llu packets before we could "
		    "read them)", (unsigned long long)sr->kernel_drops);
	fputc('\n', f);
}
