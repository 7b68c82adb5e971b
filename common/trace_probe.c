/* trace_probe.c: probing for the trace module: targets and their stable
 * flow, probes and their identity, the shape of a probe read back, the
 * pcap of a run.  See trace.h.
 *
 * The identity is carried where a router's quote of the probe keeps it
 * and no flow hash looks: the IPv4 id; the TCP sequence number; the ICMP
 * or ICMPv6 echo seq; the UDP checksum, which a 2-byte payload chosen per
 * probe sets to a TTL-derived value (Paris traceroute's trick).  IPv6 has
 * no IP id: there the transport's identity alone tells the probes apart,
 * and match.c compares it in the quote.  With rounds, the identity moves
 * on by round (256 per round for the IP id, the ICMP seq and the UDP
 * checksum, 1 for the TCP seq), so a late answer of one round never
 * counts for the next; the flow (addresses, ports, ICMP id) stays. */
#include "trace.h"

#include <arpa/inet.h>
#include <netdb.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "err.h"
#include "exitcode.h"
#include "graph.h"
#include "io.h"
#include "layers/icmp.h"
#include "layers/icmp6.h"
#include "layers/ip.h"
#include "layers/ipv6.h"
#include "layers/tcp.h"
#include "layers/udp.h"
#include "match.h"
#include "pkt.h"
#include "sr.h"
#include "util.h"

/* ---- targets ---------------------------------------------------------- */

/* An address, or a name: its IPv4 address if it has one (as before
 * IPv6 was supported), else its IPv6 address.  4 or 6, or -1. */
static int
resolve(const char *name, uint8_t a[16], char *errbuf)
{
	struct addrinfo hints, *res = NULL, *ai;
	char q[PKT_QUOTEBUF];
	int rc, fam;

	if (inet_pton(AF_INET, name, a) == 1)
		return 4;
	if (inet_pton(AF_INET6, name, a) == 1)
		return 6;
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_RAW;
	if ((rc = getaddrinfo(name, NULL, &hints, &res)) != 0)
		return pkt_fail(errbuf, "\"%s\" is not an IPv4 or IPv6 address, and "
		    "could not be resolved as a host name (%s)",
		    pkt_quote(name, q, sizeof(q)), gai_strerror(rc));
	for (fam = AF_INET; ; fam = AF_INET6) {
		for (ai = res; ai != NULL; ai = ai->ai_next) {
			if (ai->ai_family != fam)
				continue;
			if (fam == AF_INET)
				memcpy(a, &((struct sockaddr_in *)(void *)ai->ai_addr)->sin_addr, 4);
			else
				memcpy(a, &((struct sockaddr_in6 *)(void *)ai->ai_addr)->sin6_addr, 16);
			freeaddrinfo(res);
			return fam == AF_INET ? 4 : 6;
		}
		if (fam == AF_INET6)
			break;
	}
	freeaddrinfo(res);
	return pkt_fail(errbuf, "\"%s\": no IPv4 or IPv6 address",
	    pkt_quote(name, q, sizeof(q)));
}

/* Scapy's column name: "10.0.9.2:tcp80", "10.0.9.2:udp33434",
 * "10.0.9.2:ICMP"; without the port when the probes of a saved trace
 * went to several (traceroute(8)'s). */
void
pkt_trace_target_col(struct pkt_trace_target *t)
{
	if (t->bare)
		snprintf(t->col, sizeof(t->col), "%s", t->addr);
	else if (t->l4 == PKT_TRACE_ICMP)
		snprintf(t->col, sizeof(t->col), "%s:ICMP", t->addr);
	else if (t->anyport)
		snprintf(t->col, sizeof(t->col), "%s:%s", t->addr,
		    t->l4 == PKT_TRACE_TCP ? "tcp" : "udp");
	else
		snprintf(t->col, sizeof(t->col), "%s:%s%u", t->addr,
		    t->l4 == PKT_TRACE_TCP ? "tcp" : "udp", t->dport);
}

/* A target by its address; the same one twice is traced once. */
static void
add_addr(struct pkt_trace *c, int fam, const uint8_t a[16], enum pkt_trace_l4 l4,
    unsigned dport, long sport)
{
	struct pkt_trace_target *t;
	char addr[INET6_ADDRSTRLEN];
	uint32_t h;
	size_t alen = fam == 4 ? 4 : 16;

	inet_ntop(fam == 4 ? AF_INET : AF_INET6, a, addr, sizeof(addr));
	if (c->tgset == NULL)
		c->tgset = pkt_xcalloc(1, sizeof(*c->tgset));
	if (pkt_strmap_get(c->tgset, addr) >= 0)
		return;
	pkt_strmap_put(c->tgset, addr, c->ntg);
	c->tg = pkt_xreallocarray(c->tg, c->ntg + 1, sizeof(*c->tg));
	t = &c->tg[c->ntg++];
	memset(t, 0, sizeof(*t));
	t->family = fam;
	memcpy(t->a, a, alen);
	memcpy(t->addr, addr, sizeof(addr));
	/* Stable per target (and protocol, port): the same in every run. */
	h = pkt_fnv32(a, alen, PKT_FNV32_INIT);
	{
		uint8_t more[3] = { (uint8_t)l4, (uint8_t)(dport >> 8), (uint8_t)dport };

		h = pkt_fnv32(more, sizeof(more), h);
	}
	t->sport = sport >= 0 ? (uint16_t)sport : (uint16_t)(33000 + h % 28000);
	/* 1 + idbase + ttl is never 0, which a raw socket would replace. */
	t->idbase = (uint16_t)(1 + pkt_fnv32("id", 2, h) % (65535 - 256));
	t->seqbase = pkt_fnv32("seq", 3, h) & 0xffffff;
	/* csbase + ttl stays within 1..0xfffe: neither 0 (no checksum) nor
	 * 0xffff (how a computed 0 is sent) is ever asked for. */
	t->csbase = (uint16_t)(1 + pkt_fnv32("csum", 4, h) % (0xfffe - 256));
	t->l4 = l4;
	t->dport = dport;
	pkt_trace_target_col(t);
}

/* A prefix expanded here (the table's run) holds at most 2^this many
 * addresses: IPv4 prefixes of the arguments larger than PKT_TRACE_LARGE
 * go to the stateless run before, which walks any; one on stdin is
 * expanded up to a /16 (the rest of a large stdin is streamed).  The
 * stateless run is IPv4 only, so an IPv6 prefix holds at most
 * PKT_TRACE_LARGE. */
#define PREFIX_MAXBITS4	16
#define PREFIX_MAXBITS6	12	/* 2^12 == PKT_TRACE_LARGE */

void
pkt_trace_add_target(struct pkt_trace *c, const char *name, const char *where,
    enum pkt_trace_l4 l4, unsigned dport, long sport)
{
	char eb[PKT_ERRBUF], host[256], q[PKT_QUOTEBUF];
	const char *slash = strchr(name, '/');
	const char *pre = where != NULL ? where : "", *sep = where != NULL ? ": " : "";
	uint8_t a[16];
	uint64_t len, i, n;
	unsigned bits, hostbits, k;
	int fam;

	if (slash != NULL && (size_t)(slash - name) >= sizeof(host))
		pkt_errx(PKT_EXIT_ERROR, "%s%s\"%s\": host name too long", pre, sep,
		    pkt_quote(name, q, sizeof(q)));
	snprintf(host, sizeof(host), "%.*s", slash != NULL ?
	    (int)(slash - name) : 0, name);
	if ((fam = resolve(slash != NULL ? host : name, a, eb)) < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s%s%s", pre, sep, eb);
	if (slash == NULL) {
		add_addr(c, fam, a, l4, dport, sport);
		return;
	}
	bits = fam == 4 ? 32 : 128;
	if (pkt_parse_uint(slash + 1, 0, bits, "prefix length", &len, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s%s\"%s\": %s", pre, sep,
		    pkt_quote(name, q, sizeof(q)), eb);
	hostbits = bits - (unsigned)len;
	if (fam == 6 && hostbits > PREFIX_MAXBITS6)
		pkt_errx(PKT_EXIT_ERROR, "%s%s\"%s\": a /%u holds 2^%u addresses; "
		    "pkttrace traces at most %u IPv6 targets in one run (a /%u): "
		    "give a longer prefix", pre, sep, pkt_quote(name, q, sizeof(q)),
		    (unsigned)len, hostbits, 1u << PREFIX_MAXBITS6,
		    128 - PREFIX_MAXBITS6);
	if (fam == 4 && hostbits > PREFIX_MAXBITS4)
		pkt_errx(PKT_EXIT_ERROR, "%s%s\"%s\": a /%u holds 2^%u addresses; "
		    "a prefix read from stdin is expanded up to a /%u: give it as "
		    "an argument, with -j (a large run walks any prefix)", pre, sep,
		    pkt_quote(name, q, sizeof(q)), (unsigned)len, hostbits,
		    32 - PREFIX_MAXBITS4);
	/* The network: host bits cleared (10.0.4.1/30 is 10.0.4.0/30). */
	for (k = (unsigned)len; k < bits; k++)
		a[k / 8] &= (uint8_t)~(0x80u >> (k % 8));
	n = (uint64_t)1 << hostbits;
	for (i = 0; i < n; i++) {
		uint8_t b[16];
		uint64_t carry = i;

		memcpy(b, a, sizeof(b));
		for (k = bits / 8; k-- > 0 && carry != 0; carry >>= 8)
			b[k] |= (uint8_t)carry;	/* host bits are 0: or adds */
		add_addr(c, fam, b, l4, dport, sport);
	}
}

void
pkt_trace_read_targets(struct pkt_trace *c, FILE *f, enum pkt_trace_l4 l4,
    unsigned dport, long sport, size_t max)
{
	char *line = NULL, *s, *e, where[32];
	size_t cap = 0, lineno = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, f)) >= 0) {
		(void)len;
		lineno++;
		for (s = line; *s == ' ' || *s == '\t'; s++)
			;
		if ((e = strchr(s, '#')) != NULL)
			*e = '\0';
		e = s + strlen(s);
		while (e > s && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' ||
		    e[-1] == '\t'))
			*--e = '\0';
		snprintf(where, sizeof(where), "<stdin>:%zu", lineno);
		if (*s != '\0')
			pkt_trace_add_target(c, s, where, l4, dport, sport);
		if (c->ntg > max)
			break;		/* a large run: the rest is streamed */
	}
	free(line);
	if (ferror(f))
		pkt_err(PKT_EXIT_ERROR, "<stdin>");
}

void
pkt_trace_targets(struct pkt_trace *c, int argc, char **argv,
    enum pkt_trace_l4 l4, unsigned dport, long sport)
{
	int i;

	if (argc == 0 || (argc == 1 && strcmp(argv[0], "-") == 0)) {
		pkt_trace_read_targets(c, stdin, l4, dport, sport,
		    PKT_TRACE_LARGE);
	} else
		for (i = 0; i < argc; i++) {
			if (strcmp(argv[i], "-") == 0)
				pkt_errx(PKT_EXIT_ERROR, "\"-\" (targets from stdin) "
				    "must be the only argument");
			pkt_trace_add_target(c, argv[i], NULL, l4, dport, sport);
		}
	if (c->tgset != NULL) {		/* every target is in */
		pkt_strmap_free(c->tgset);
		free(c->tgset);
		c->tgset = NULL;
	}
}

int
pkt_trace_parse_l4(const char *s, enum pkt_trace_l4 *l4, char *eb)
{
	char q[PKT_QUOTEBUF];

	if (strcmp(s, "tcp") == 0)
		*l4 = PKT_TRACE_TCP;
	else if (strcmp(s, "udp") == 0)
		*l4 = PKT_TRACE_UDP;
	else if (strcmp(s, "icmp") == 0)
		*l4 = PKT_TRACE_ICMP;
	else
		return pkt_fail(eb, "\"%s\": give tcp, udp or icmp",
		    pkt_quote(s, q, sizeof(q)));
	return 0;
}

int
pkt_trace_parse_sport(const char *arg, long *port, unsigned *n, char *eb)
{
	char lo[16];
	const char *dash = strchr(arg, '-');
	uint64_t a, b;

	*n = 1;
	if (dash == NULL || dash == arg || (size_t)(dash - arg) >= sizeof(lo)) {
		if (pkt_parse_uint(arg, 0, 65535, "port", &a, eb) < 0)
			return -1;
		*port = (long)a;
		return 0;
	}
	memcpy(lo, arg, (size_t)(dash - arg));
	lo[dash - arg] = '\0';
	if (pkt_parse_uint(lo, 0, 65535, "port", &a, eb) < 0 ||
	    pkt_parse_uint(dash + 1, 0, 65535, "port", &b, eb) < 0)
		return -1;
	if (b < a)
		return pkt_fail(eb, "%s: the range goes down; give LO-HI such as "
		    "33000-33007", arg);
	*n = (unsigned)(b - a + 1);
	*port = (long)a;
	return 0;
}

/* ---- probes --------------------------------------------------------------- */

/* The probe of t at ttl in round r, unbuilt (see the top of the file). */
static struct pkt_pkt *
make_probe(const struct pkt_trace_target *t, unsigned ttl, unsigned r,
    uint16_t sport, bool df)
{
	struct pkt_pkt *p = pkt_new();
	struct pkt_li *li;
	enum pkt_trace_l4 l4 = t->l4;
	unsigned dport = t->dport;
	/* 1..65535: never 0, which a raw socket would replace; round 0 as
	 * a single run has always sent them. */
	uint16_t id = (uint16_t)(1 + ((unsigned)t->idbase - 1 + ttl +
	    256u * (r % 255)) % 65535);
	uint16_t seq = (uint16_t)((r % 256) << 8 | ttl);

	if (t->family == 6) {
		li = pkt_push(p, &pkt_layer_ipv6);
		memcpy(li->v[IPV6_F_DST].a, t->a, 16);
		li->v[IPV6_F_DST].set = true;
		pkt_li_setu(li, IPV6_F_HLIM, ttl);
	} else {
		li = pkt_push(p, &pkt_layer_ip);
		memcpy(li->v[IP_F_DST].a, t->a, 4);
		li->v[IP_F_DST].set = true;
		pkt_li_setu(li, IP_F_TTL, ttl);
		pkt_li_setu(li, IP_F_ID, id);
		if (df)
			pkt_li_setu(li, IP_F_FLAGS, 2);
	}
	switch (l4) {
	case PKT_TRACE_TCP:
		li = pkt_push(p, &pkt_layer_tcp);
		pkt_li_setu(li, TCP_F_SPORT, sport);
		pkt_li_setu(li, TCP_F_DPORT, dport);
		pkt_li_setu(li, TCP_F_SEQ,
		    (uint32_t)ttl << 24 | ((t->seqbase + r) & 0xffffff));
		pkt_li_setu(li, TCP_F_FLAGS, 0x02);
		break;
	case PKT_TRACE_UDP:
		li = pkt_push(p, &pkt_layer_udp);
		pkt_li_setu(li, UDP_F_SPORT, sport);
		pkt_li_setu(li, UDP_F_DPORT, dport);
		/* Two bytes that set the checksum (csum_identity). */
		li = pkt_push(p, &pkt_layer_raw);
		li->v[0].b = pkt_xcalloc(1, 2);
		li->v[0].blen = 2;
		li->v[0].set = true;
		break;
	case PKT_TRACE_ICMP:
		if (t->family == 6) {
			li = pkt_push(p, &pkt_layer_icmp6_echo_req);
			pkt_li_setu(li, ICMP6_ECHO_F_ID, sport);
			pkt_li_setu(li, ICMP6_ECHO_F_SEQ, seq);
		} else {
			li = pkt_push(p, &pkt_layer_icmp);
			pkt_li_setu(li, ICMP_F_TYPE, 8);
			pkt_li_setu(li, ICMP_F_ID, sport);
			pkt_li_setu(li, ICMP_F_SEQ, seq);
		}
		if (t->icmpcs == 0)
			break;
		/* A flow: two bytes that keep its checksum (csum_identity). */
		li = pkt_push(p, &pkt_layer_raw);
		li->v[0].b = pkt_xcalloc(1, 2);
		li->v[0].blen = 2;
		li->v[0].set = true;
		break;
	}
	return p;
}

/* The checksum of built probe p's transport (UDP, ICMP or ICMPv6). */
static uint16_t
l4_csum(const struct pkt_pkt *p)
{
	struct pkt_pkt *d = pkt_new();
	char eb[PKT_ERRBUF];
	uint64_t v = 0;
	size_t i;

	if (pkt_dissect(d, p->dlt, p->raw, p->rawlen, (uint32_t)p->rawlen, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "internal: probe: %s", eb);
	for (i = 0; i < d->n; i++)
		if (d->li[i].l == &pkt_layer_udp)
			v = pkt_li_u(&d->li[i], UDP_F_CHKSUM);
		else if (d->li[i].l == &pkt_layer_icmp)
			v = pkt_li_u(&d->li[i], ICMP_F_CHKSUM);
		else if (d->li[i].l == &pkt_layer_icmp6_echo_req)
			v = pkt_li_u(&d->li[i], 2);	/* cksum */
	pkt_free(d);
	return (uint16_t)v;
}

/* Paris traceroute's trick: the probe was built with a payload of two
 * zero bytes and its checksum is C0; choose the payload word P so that
 * the checksum becomes want (1..0xfffe).  With s the folded sum of
 * everything else (C0 = ~s), the checksum is ~fold(s + P): P = ~want - s
 * in one's complement.  Ports and addresses, the flow, stay the same.
 * UDP: want is the probe's identity; ICMP: the flow's checksum, the seq
 * being the identity. */
static void
csum_identity(struct pkt_pkt *p, uint16_t want, const struct pkt_env *env)
{
	uint16_t c0 = l4_csum(p), s, w = (uint16_t)~want, pw;
	struct pkt_li *raw = &p->li[p->n - 1];
	char eb[PKT_ERRBUF];

	s = c0 == 0xffff ? 0xffff : (uint16_t)~c0;	/* a computed 0 is sent as 0xffff */
	pw = w >= s ? (uint16_t)(w - s) : (uint16_t)(w + 0xffffu - s);
	raw->v[0].b[0] = (uint8_t)(pw >> 8);
	raw->v[0].b[1] = (uint8_t)pw;
	if (pkt_build(p, env, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	if (l4_csum(p) != want)
		pkt_errx(PKT_EXIT_ERROR, "internal: checksum 0x%04x, wanted "
		    "0x%04x", l4_csum(p), want);
}

struct pkt_pkt *
pkt_trace_probe(const struct pkt_trace *c, size_t tg, unsigned ttl,
    unsigned round, const struct pkt_env *env)
{
	const struct pkt_trace_target *t = &c->tg[tg];
	uint16_t sport = c->nsport > 1 ? (uint16_t)(t->sport + round %
	    c->nsport) : t->sport;
	struct pkt_pkt *p = make_probe(t, ttl, round, sport, c->df);
	char eb[PKT_ERRBUF];

	if (pkt_build(p, env, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s: %s", t->addr, eb);
	if (t->size > p->rawlen) {
		/* Zeroes after what identifies the probe (UDP: after the two
		 * bytes of its checksum identity, which udp_identity sets
		 * over the whole payload). */
		size_t pad = t->size - p->rawlen;
		struct pkt_li *li = &p->li[p->n - 1];

		if (li->l != &pkt_layer_raw) {
			li = pkt_push(p, &pkt_layer_raw);
			li->v[0].set = true;
		}
		li->v[0].b = pkt_xreallocarray(li->v[0].b, li->v[0].blen + pad, 1);
		memset(li->v[0].b + li->v[0].blen, 0, pad);
		li->v[0].blen += pad;
		if (pkt_build(p, env, eb) < 0)
			pkt_errx(PKT_EXIT_ERROR, "%s: %s", t->addr, eb);
	}
	if (t->l4 == PKT_TRACE_UDP)	/* 1..0xfffe, as csbase's comment says */
		csum_identity(p, (uint16_t)(1 + ((unsigned)t->csbase - 1 + ttl +
		    256u * round) % 0xfffe), env);
	else if (t->l4 == PKT_TRACE_ICMP && t->icmpcs != 0)
		csum_identity(p, t->icmpcs, env);
	return p;
}

/* Is probe i of the grid past the end of its target's path: above the
 * TTL whose answer (the target's own, or an unreachable) ended it in
 * this round so far, or, in a later round, above where the last round's
 * ended?  Not with --all-ttls. */
static bool
past_end(const struct pkt_trace *c, size_t i)
{
	size_t tg = i % c->ntg;
	unsigned ttl = c->minttl + (unsigned)(i / c->ntg);

	if (c->all_ttls)
		return false;
	return (c->end != NULL && c->end[tg] != 0 && ttl > c->end[tg]) ||
	    (c->upto != NULL && c->upto[tg] != 0 && ttl > c->upto[tg]);
}

/* The probes of a round go TTL by TTL (TTL 1 of every target, then TTL
 * 2, ...): what answered meanwhile (pkt_sr reads the answers waiting
 * between small batches) stops the TTLs of a target above the one that
 * ended its path.  Over a link with a longer round trip nothing has come
 * back yet, and the whole burst goes out at once. */
int
pkt_trace_next(struct pkt_trace *c, bool paths, struct pkt_pkt **out)
{
	size_t i;

	if (paths != c->paths) {	/* a walk starts over */
		c->paths = paths;
		c->gen = 0;
	}
	/* With --pmtu, a later size starts where the last one stopped. */
	while (!paths && c->gen < c->ntg * c->nttl && (past_end(c, c->gen) ||
	    c->minttl + c->gen / c->ntg < c->tg[c->gen % c->ntg].from))
		c->gen++;
	if (c->gen == (paths ? c->ntg : c->ntg * c->nttl)) {
		c->paths = false;
		c->gen = 0;
		return 0;
	}
	i = c->gen++;
	if (!paths) {
		if (c->made == NULL)
			c->made = pkt_xcalloc(c->ntg * c->nttl, sizeof(*c->made));
		c->made[c->nmade++] = i;
	}
	*out = pkt_trace_probe(c, i % c->ntg, c->minttl + (unsigned)(i / c->ntg),
	    c->round, c->env);
	return 1;
}

void
pkt_trace_round_start(struct pkt_trace *c, unsigned round, uint64_t base)
{
	c->round = round;
	c->gen = 0;
	c->nmade = 0;
	c->base = base;
}

size_t
pkt_trace_seq_index(const struct pkt_trace *c, uint64_t seq)
{
	if (seq >= c->base && seq - c->base < c->nmade)
		return c->made[seq - c->base];
	return (size_t)(seq % (c->ntg * c->nttl));	/* not made here */
}

int
pkt_trace_sr_next(void *arg, struct pkt_pkt **out, char *eb)
{
	(void)eb;
	return pkt_trace_next(arg, false, out);
}

int
pkt_trace_sr_next_path(void *arg, struct pkt_pkt **out, char *eb)
{
	(void)eb;
	return pkt_trace_next(arg, true, out);
}

bool
pkt_trace_sr_enough(void *arg)
{
	return pkt_trace_enough(arg);
}

void
pkt_trace_keep(struct pkt_trace *c, struct pkt_probe *pr,
    const struct pkt_probe *p, bool keep)
{
	size_t i = pkt_trace_seq_index(c, p->seq);
	struct pkt_probe *k = &pr[i];

	k->sent = p->sent;
	k->answers = p->answers;
	if (keep && k->pkt == NULL && p->sent != 0)
		k->pkt = pkt_copy(p->pkt);
	if (p->sent == 0)
		c->cell[i].unsent = true;
}

void
pkt_trace_probes_clear(const struct pkt_trace *c, struct pkt_probe *pr)
{
	size_t i, n = c->ntg * c->nttl;

	for (i = 0; i < n; i++) {
		pkt_free(pr[i].pkt);
		pkt_free(pr[i].dis);
		memset(&pr[i], 0, sizeof(pr[i]));
	}
}

/* ---- the pcap of a run ------------------------------------------------ */

static int
timecmp(const void *a, const void *b)
{
	const struct pkt_pkt *const *x = a, *const *y = b;

	return (*x)->time < (*y)->time ? -1 : (*x)->time > (*y)->time;
}

int
pkt_trace_write_pcap(const struct pkt_trace *c, const struct pkt_probe *pr,
    bool raw, struct pkt_pcapw *w, char *eb)
{
	size_t n = c->ntg * c->nttl, np = 0, i;
	struct pkt_pkt **v = pkt_xcalloc(2 * n + 1, sizeof(*v));
	bool mixed = raw;
	int rc = 0, dlt = -2;

	for (i = 0; i < n; i++) {
		struct pkt_pkt *s;

		if (pr[i].pkt == NULL || pr[i].sent == 0)
			continue;	/* never sent (interrupted) */
		s = pkt_dissect_copy(pr[i].pkt);
		s->dlt = pr[i].pkt->dlt;
		s->time = pr[i].sent;
		v[np++] = s;
		if (c->cell[i].reply != NULL)
			v[np++] = pkt_copy(c->cell[i].reply);
	}
	for (i = 0; i < np; i++) {
		int d = pkt_dlt_raw_ip(v[i]->dlt) ? 12 : v[i]->dlt;

		if (dlt == -2)
			dlt = d;
		else if (d != dlt)
			mixed = true;
	}
	qsort(v, np, sizeof(*v), timecmp);
	for (i = 0; i < np; i++) {
		struct pkt_pkt *p = v[i];
		size_t off;

		if (rc == 0 && mixed && pkt_match_l3_offset(p, &off)) {
			memmove(p->raw, p->raw + off, p->rawlen - off);
			p->rawlen -= off;
			if (p->wirelen >= off)
				p->wirelen -= (uint32_t)off;
			p->dlt = 12;
		}
		if (rc == 0 && pkt_dlt_raw_ip(p->dlt))
			p->dlt = 12;
		if (rc == 0 && pkt_pcapw_write(w, p, eb) < 0)
			rc = -1;
		pkt_free(p);
	}
	free(v);
	return rc;
}

int
pkt_trace_pcap_file(const struct pkt_trace *c, const struct pkt_probe *pr,
    const char *path, char *eb)
{
	struct pkt_pcapw *w;
	char eb2[PKT_ERRBUF];
	int rc = 0;

	if ((w = pkt_pcapw_open(path, eb)) == NULL)
		return -1;
	if (pkt_trace_write_pcap(c, pr, false, w, eb) < 0)
		rc = -1;
	if (pkt_pcapw_close(w, eb2) < 0 && rc == 0) {
		snprintf(eb, PKT_ERRBUF, "%s", eb2);
		rc = -1;
	}
	return rc;
}

/* ---- a probe read back ------------------------------------------------ */

bool
pkt_trace_probe_shape(const struct pkt_pkt *dis, struct pkt_trace_target *t,
    unsigned *ttl)
{
	enum pkt_trace_l4 l4;
	unsigned dport = 0;
	const struct pkt_li *li, *up = NULL;
	unsigned type, code;
	int l3 = pkt_match_l3(dis);
	int k;

	if (l3 < 0 || pkt_match_is_error(dis, &type, &code))
		return false;
	li = &dis->li[l3];
	if (li->l != &pkt_layer_ip && li->l != &pkt_layer_ipv6)
		return false;
	if ((k = pkt_match_upper(dis, (size_t)l3)) >= 0)
		up = &dis->li[k];
	if (up == NULL)
		return false;
	if (up->l == &pkt_layer_tcp) {
		uint64_t fl = pkt_li_u(up, TCP_F_FLAGS);

		if ((fl & 0x12) != 0x02)	/* SYN without ACK */
			return false;
		l4 = PKT_TRACE_TCP;
		dport = (unsigned)pkt_li_u(up, TCP_F_DPORT);
	} else if (up->l == &pkt_layer_udp) {
		l4 = PKT_TRACE_UDP;
		dport = (unsigned)pkt_li_u(up, UDP_F_DPORT);
	} else if ((up->l == &pkt_layer_icmp &&
	    pkt_li_u(up, ICMP_F_TYPE) == 8) ||
	    up->l == &pkt_layer_icmp6_echo_req)
		l4 = PKT_TRACE_ICMP;
	else
		return false;
	memset(t, 0, sizeof(*t));
	if (li->l == &pkt_layer_ip) {
		t->family = 4;
		memcpy(t->a, li->v[IP_F_DST].a, 4);
		*ttl = (unsigned)pkt_li_u(li, IP_F_TTL);
	} else {
		t->family = 6;
		memcpy(t->a, li->v[IPV6_F_DST].a, 16);
		*ttl = (unsigned)pkt_li_u(li, IPV6_F_HLIM);
	}
	inet_ntop(t->family == 4 ? AF_INET : AF_INET6, t->a, t->addr,
	    sizeof(t->addr));
	inet_ntop(t->family == 4 ? AF_INET : AF_INET6, li->v[t->family == 4 ?
	    IP_F_SRC : IPV6_F_SRC].a, t->src, sizeof(t->src));
	t->l4 = l4;
	t->dport = dport;
	return true;
}
