/* pkttrace: Scapy's traceroute() (and traceroute6()) as a command,
 * without their flaws: every TTL of every target in one burst, IPv4 and
 * IPv6 targets in one run, flow-stable probes (one 5-tuple per target), a
 * per-probe identity so an answer is never credited to the wrong TTL, and
 * an early stop as soon as every TTL up to each target has answered.
 *
 * The identity is carried where a router's quote of the probe keeps it
 * and no flow hash looks: the IPv4 id; the TCP sequence number; the ICMP
 * or ICMPv6 echo seq; the UDP checksum, which a 2-byte payload chosen per
 * probe sets to a TTL-derived value (Paris traceroute's trick).  IPv6 has
 * no IP id: there the transport's identity alone tells the probes apart,
 * and match.c compares it in the quote. */
#include <arpa/inet.h>
#include <jansson.h>
#include <netdb.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

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
#include "mpls.h"
#include "opts.h"
#include "perm.h"
#include "pkt.h"
#include "send.h"
#include "sr.h"
#include "stateless.h"
#include "targets.h"
#include "util.h"


enum {
	OPT_L4 = PKT_OPT_TOOL, OPT_SPORT, OPT_MINTTL, OPT_MAXTTL, OPT_RATE,
	OPT_STATELESS, OPT_SHARD, OPT_PER24, OPT_SEED, OPT_FILE,
};

static const struct option longopts[] = {
	PKT_COMMON_LONGOPTS,
	{ "l4", required_argument, NULL, OPT_L4 },
	{ "dport", required_argument, NULL, 'p' },
	{ "sport", required_argument, NULL, OPT_SPORT },
	{ "minttl", required_argument, NULL, OPT_MINTTL },
	{ "maxttl", required_argument, NULL, OPT_MAXTTL },
	{ "rate", required_argument, NULL, OPT_RATE },
	{ "stateless", no_argument, NULL, OPT_STATELESS },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "per24", no_argument, NULL, OPT_PER24 },
	{ "seed", required_argument, NULL, OPT_SEED },
	{ "file", required_argument, NULL, OPT_FILE },
	{ NULL, 0, NULL, 0 }
};

enum l4 { L4_TCP, L4_UDP, L4_ICMP };

enum kind { K_TIMEOUT, K_TIMEX, K_UNREACH, K_REPLY };
static const char *const kind_names[] = {
	"timeout", "time-exceeded", "unreachable", "reply",
};

struct target {
	int		 family;	/* 4 or 6 */
	uint8_t		 a[16];
	char		 addr[INET6_ADDRSTRLEN];
	char		 col[64];	/* Scapy's column: "10.0.9.2:tcp80" */
	uint16_t	 sport;		/* or the ICMP id */
	uint16_t	 idbase;	/* IP id = idbase + ttl */
	uint32_t	 seqbase;	/* TCP seq = ttl << 24 | seqbase */
	uint16_t	 csbase;	/* UDP checksum = csbase + ttl */
	enum l4		 l4;
	unsigned	 dport;		/* TCP and UDP */
	bool		 anyport;	/* -r: probes to several ports */
};

/* What came back for one probe. */
struct hop {
	enum kind	 kind;
	char		 addr[INET6_ADDRSTRLEN];
	char		 what[16];	/* "11", "3", "SA", "RA", "0" */
	struct pkt_pkt	*reply;		/* kept for -w */
	bool		 unsent;	/* no route, a silent next hop: not waited for */
	struct pkt_mpls	 mpls[PKT_MPLS_MAX];	/* labels an ICMP extension gave */
	size_t		 nmpls;
};

struct ctx {
	struct target	*tg;
	size_t		 ntg;
	unsigned	 minttl, maxttl, nttl;
	struct pkt_probe *pr;
	struct hop	*hop;		/* one per probe */
	bool		 json, keep;
	bool		 werr;
	bool		 offline;	/* -r: probes read, not sent */
	struct pkt_strmap tgset;	/* targets given: address -> index */
	/* the live run: probes made as they are sent */
	enum l4		 l4;
	unsigned	 dport;
	const struct pkt_env *env;
	size_t		 gen;		/* probes made so far */
	bool		 paths;		/* next_path is walking */
};

static volatile int interrupted;

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
	    "usage: pkttrace [-jqv] [-i iface] [--l3raw | --l2] [--nofilter] [-t sec]\n"
	    "                [--l4 tcp|udp|icmp] [-p port] [--sport port]\n"
	    "                [--minttl n] [--maxttl n] [--rate pps] [-w file]\n"
	    "                [--stateless] [--shard k/n] [--per24] [--seed n]\n"
	    "                [--file file] [target | prefix ... | -]\n"
	    "       pkttrace [-jqv] [--minttl n] [--maxttl n] [-w file] -r file\n");
}

static void
help(void)
{
	usage(stdout);
	printf("\n"
	    "Trace the path to each target, as Scapy's traceroute(): every TTL (IPv6:\n"
	    "hop limit) of every target sent at once, IPv4 and IPv6 targets alike,\n"
	    "answers matched per probe, Scapy's table.\n"
	    "\n"
	    "      --l4 PROTO     tcp (SYN, the default), udp or icmp (echo request)\n"
	    "  -p, --dport PORT   destination port (tcp 80, udp 33434)\n"
	    "      --sport PORT   source port (ICMP: id); default stable per target\n"
	    "      --minttl N     first TTL (default 1)\n"
	    "      --maxttl N     last TTL (default 30)\n"
	    "      --rate PPS     spread the probes at PPS packets per second\n"
	    "  -t, --timeout SEC  wait at most SEC after the last probe (default 2)\n"
	    "  -i, --iface IF     send and capture on IF (default: the route's)\n"
	    "      --l3raw        send through a raw IP socket (the default; -v says why)\n"
	    "      --l2           send through PF_PACKET and capture on the link: answers\n"
	    "                     keep their Ether layer\n"
	    "      --nofilter     attach no kernel filter (PPP, tunnels): match in user space\n"
	    "  -j, --json         one trace pair per probe (target, ttl, hop, kind)\n"
	    "  -w, --write FILE   write probes and answers as pcap\n"
	    "  -r, --read FILE    send nothing: the table of a saved trace (pcap, pcapng\n"
	    "                     or JSON Lines: a -w file, -j pairs, any capture of probes)\n"
	    "\n"
	    "Large runs (more than 4096 targets, a prefix, or these options; with -j):\n"
	    "      --stateless    probes in random order that carry their own identity:\n"
	    "                     flat memory, one JSON line per answer as it comes\n"
	    "      --shard K/N    only share K of N of the targets (by address)\n"
	    "      --per24        one address per /24 of each prefix\n"
	    "      --seed N       the same probe order (and per24 choice) every run\n"
	    "      --file FILE    targets from FILE, one per line (\"-\": stdin)\n"
	    "\n"
	    "Targets are addresses, host names or prefixes (10.0.4.0/30, 2001:db8::/126:\n"
	    "every address of the network; IPv6: at most 4096), from the arguments, or one\n"
	    "per line on stdin (\"-\", or no argument with stdin not a terminal).\n"
	    "\n"
	    "Examples:\n"
	    "  pkttrace 192.0.2.1\n"
	    "  pkttrace --l4 udp -p 33434 192.0.2.1 198.51.100.7\n"
	    "  pkttrace --l4 icmp 2001:db8::1 192.0.2.1\n"
	    "  pkttrace 192.0.2.0/30\n"
	    "  seq -f '10.0.%%g.2' 1 64 | pkttrace -j - > paths.jsonl\n"
	    "  pkttrace -r paths.jsonl\n"
	    "  pkttrace -j --maxttl 16 --rate 50000 10.0.0.0/16 > paths.jsonl\n"
	    "  pkttrace -j --shard 3/8 - < targets > part3.jsonl\n"
	    "\n"
	    "Exit status: 0 every target reached, 1 some were not, 2 error.\n");
}

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
static void
target_col(struct target *t)
{
	if (t->l4 == L4_ICMP)
		snprintf(t->col, sizeof(t->col), "%s:ICMP", t->addr);
	else if (t->anyport)
		snprintf(t->col, sizeof(t->col), "%s:%s", t->addr,
		    t->l4 == L4_TCP ? "tcp" : "udp");
	else
		snprintf(t->col, sizeof(t->col), "%s:%s%u", t->addr,
		    t->l4 == L4_TCP ? "tcp" : "udp", t->dport);
}

/* A target by its address; the same one twice is traced once. */
static void
add_addr(struct ctx *c, int fam, const uint8_t a[16], enum l4 l4,
    unsigned dport, long sport)
{
	struct target *t;
	char addr[INET6_ADDRSTRLEN];
	uint32_t h;
	size_t alen = fam == 4 ? 4 : 16;

	inet_ntop(fam == 4 ? AF_INET : AF_INET6, a, addr, sizeof(addr));
	if (pkt_strmap_get(&c->tgset, addr) >= 0)
		return;
	pkt_strmap_put(&c->tgset, addr, c->ntg);
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
	target_col(t);
}

/* Above this many targets a run is stateless (or with a prefix that
 * big, --stateless, --shard, --per24, --file). */
#define LARGE	4096

/* A prefix expanded here (the table's run) holds at most 2^this many
 * addresses: IPv4 prefixes of the arguments larger than LARGE go to the
 * stateless run before, which walks any; one on stdin is expanded up to
 * a /16 (the rest of a large stdin is streamed).  The stateless run is
 * IPv4 only, so an IPv6 prefix holds at most LARGE. */
#define PREFIX_MAXBITS4	16
#define PREFIX_MAXBITS6	12	/* 2^12 == LARGE */

/* An address, a host name, or a prefix of either (10.0.4.0/30,
 * 2001:db8::/126, host.example/30): every address of the network, as
 * Scapy's Net() gives traceroute().  where: "<stdin>:N" for a target
 * read from stdin, else NULL. */
static void
add_target(struct ctx *c, const char *name, const char *where, enum l4 l4,
    unsigned dport, long sport)
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

/* One target per line; blank lines and # comments skipped. */
static void
read_targets(struct ctx *c, FILE *f, enum l4 l4, unsigned dport, long sport,
    size_t max)
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
			add_target(c, s, where, l4, dport, sport);
		if (c->ntg > max)
			break;		/* a large run: the rest is streamed */
	}
	free(line);
	if (ferror(f))
		pkt_err(PKT_EXIT_ERROR, "<stdin>");
}

/* ---- probes --------------------------------------------------------------- */

static struct pkt_pkt *
make_probe(const struct target *t, unsigned ttl, enum l4 l4, unsigned dport)
{
	struct pkt_pkt *p = pkt_new();
	struct pkt_li *li;

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
		pkt_li_setu(li, IP_F_ID,
		    (uint16_t)(t->idbase + ttl));
	}
	switch (l4) {
	case L4_TCP:
		li = pkt_push(p, &pkt_layer_tcp);
		pkt_li_setu(li, TCP_F_SPORT, t->sport);
		pkt_li_setu(li, TCP_F_DPORT, dport);
		pkt_li_setu(li, TCP_F_SEQ,
		    (uint32_t)ttl << 24 | t->seqbase);
		pkt_li_setu(li, TCP_F_FLAGS, 0x02);
		break;
	case L4_UDP:
		li = pkt_push(p, &pkt_layer_udp);
		pkt_li_setu(li, UDP_F_SPORT, t->sport);
		pkt_li_setu(li, UDP_F_DPORT, dport);
		/* Two bytes that set the checksum (udp_identity). */
		li = pkt_push(p, &pkt_layer_raw);
		li->v[0].b = pkt_xcalloc(1, 2);
		li->v[0].blen = 2;
		li->v[0].set = true;
		break;
	case L4_ICMP:
		if (t->family == 6) {
			li = pkt_push(p, &pkt_layer_icmp6_echo_req);
			pkt_li_setu(li, ICMP6_ECHO_F_ID, t->sport);
			pkt_li_setu(li, ICMP6_ECHO_F_SEQ, ttl);
			break;
		}
		li = pkt_push(p, &pkt_layer_icmp);
		pkt_li_setu(li, ICMP_F_TYPE, 8);
		pkt_li_setu(li, ICMP_F_ID, t->sport);
		pkt_li_setu(li, ICMP_F_SEQ, ttl);
		break;
	}
	return p;
}

/* The UDP checksum of built probe p (a UDP probe). */
static uint16_t
udp_csum(const struct pkt_pkt *p)
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
	pkt_free(d);
	return (uint16_t)v;
}

/* Paris traceroute's UDP identity: the probe was built with a payload of
 * two zero bytes and its checksum is C0; choose the payload word P so
 * that the checksum becomes want (1..0xfffe).  With s the folded sum of
 * everything else (C0 = ~s), the checksum is ~fold(s + P): P = ~want - s
 * in one's complement.  Ports and addresses, the flow, stay the same. */
static void
udp_identity(struct pkt_pkt *p, uint16_t want, const struct pkt_env *env)
{
	uint16_t c0 = udp_csum(p), s, w = (uint16_t)~want, pw;
	struct pkt_li *raw = &p->li[p->n - 1];
	char eb[PKT_ERRBUF];

	s = c0 == 0xffff ? 0xffff : (uint16_t)~c0;	/* a computed 0 is sent as 0xffff */
	pw = w >= s ? (uint16_t)(w - s) : (uint16_t)(w + 0xffffu - s);
	raw->v[0].b[0] = (uint8_t)(pw >> 8);
	raw->v[0].b[1] = (uint8_t)pw;
	if (pkt_build(p, env, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	if (udp_csum(p) != want)
		pkt_errx(PKT_EXIT_ERROR, "internal: UDP checksum 0x%04x, wanted "
		    "0x%04x", udp_csum(p), want);
}

/* ---- answers ----------------------------------------------------------- */

static size_t
probe_index(const struct ctx *c, size_t tg, unsigned ttl)
{
	return (size_t)(ttl - c->minttl) * c->ntg + tg;
}

/* Probe i went out: sent by this run (not cut short by a signal), or
 * read from a saved trace.  A cell no saved probe filled has none. */
static bool
was_sent(const struct ctx *c, size_t i)
{
	return c->pr[i].pkt != NULL && (c->offline || c->pr[i].sent != 0);
}

static bool
is_terminal(enum kind k)
{
	return k == K_REPLY || k == K_UNREACH;
}

/* The lowest TTL of target tg whose answer ends the path (the target's
 * own answer, or an unreachable), or 0. */
static unsigned
last_ttl(const struct ctx *c, size_t tg)
{
	unsigned ttl;

	for (ttl = c->minttl; ttl <= c->maxttl; ttl++)
		if (is_terminal(c->hop[probe_index(c, tg, ttl)].kind))
			return ttl;
	return 0;
}

static bool
reached(const struct ctx *c, size_t tg)
{
	unsigned ttl = last_ttl(c, tg);

	return ttl != 0 && strcmp(c->hop[probe_index(c, tg, ttl)].addr,
	    c->tg[tg].addr) == 0;
}

static json_t *
extra(const struct ctx *c, size_t i)
{
	const struct hop *h = &c->hop[i];
	json_t *x = json_object();

	json_object_set_new(x, "target", json_string(c->tg[i % c->ntg].addr));
	json_object_set_new(x, "ttl", json_integer((json_int_t)(c->minttl +
	    i / c->ntg)));
	json_object_set_new(x, "hop", h->kind == K_TIMEOUT ? json_null() :
	    json_string(h->addr));
	json_object_set_new(x, "kind", json_string(kind_names[h->kind]));
	if (h->nmpls > 0) {
		json_t *a = json_array();
		size_t k;

		for (k = 0; k < h->nmpls; k++)
			json_array_append_new(a, json_pack("[IIII]",
			    (json_int_t)h->mpls[k].label, (json_int_t)h->mpls[k].tc,
			    (json_int_t)h->mpls[k].s, (json_int_t)h->mpls[k].ttl));
		json_object_set_new(x, "mpls", a);
	}
	return x;
}

static void
write_pair(struct ctx *c, size_t i, const struct pkt_pkt *reply, double rtt)
{
	struct pkt_pkt *sent = pkt_dissect_copy(c->pr[i].pkt);
	json_t *x = extra(c, i);

	sent->time = c->pr[i].sent;
	if (pkt_json_write_pair(stdout, sent, reply, rtt, x) < 0)
		c->werr = true;
	json_decref(x);
	pkt_free(sent);
}

/* Probe i: target i % ntg at TTL minttl + i / ntg (TTL by TTL). */
static struct pkt_pkt *
build_probe(const struct ctx *c, size_t i)
{
	const struct target *t = &c->tg[i % c->ntg];
	unsigned ttl = c->minttl + (unsigned)(i / c->ntg);
	struct pkt_pkt *p = make_probe(t, ttl, c->l4, c->dport);
	char eb[PKT_ERRBUF];

	if (pkt_build(p, c->env, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s: %s", t->addr, eb);
	if (c->l4 == L4_UDP)
		udp_identity(p, (uint16_t)(t->csbase + ttl), c->env);
	return p;
}

/* The probes, made as they are sent. */
static int
next_probe(void *arg, struct pkt_pkt **out, char *eb)
{
	struct ctx *c = arg;

	(void)eb;
	if (c->gen == c->ntg * c->nttl)
		return 0;
	*out = build_probe(c, c->gen++);
	return 1;
}

/* One probe per target: its path. */
static int
next_path(void *arg, struct pkt_pkt **out, char *eb)
{
	struct ctx *c = arg;

	(void)eb;
	if (!c->paths) {
		c->paths = true;
		c->gen = 0;
	}
	if (c->gen == c->ntg) {
		c->paths = false;
		c->gen = 0;
		return 0;
	}
	*out = build_probe(c, c->gen++);
	return 1;
}

/* What -j and -w need of probe p once the run is over: when it left, and
 * its bytes as sent. */
static void
keep_probe(struct ctx *c, const struct pkt_probe *p)
{
	struct pkt_probe *k = &c->pr[p->seq];

	k->sent = p->sent;
	k->answers = p->answers;
	if ((c->json || c->keep) && k->pkt == NULL && p->sent != 0)
		k->pkt = pkt_copy(p->pkt);
}

/* A probe leaves the run: one that could not be sent is not waited for. */
static void
on_done(void *arg, const struct pkt_probe *p)
{
	struct ctx *c = arg;

	keep_probe(c, p);
	if (p->sent == 0)
		c->hop[p->seq].unsent = true;
}

static void
on_answer(void *arg, const struct pkt_probe *p, const struct pkt_pkt *reply,
    double rtt)
{
	struct ctx *c = arg;
	size_t i = p->seq;
	struct hop *h = &c->hop[i];
	int l3 = pkt_match_l3(reply);
	unsigned type, code;
	const struct pkt_li *li, *l4;
	char dst[sizeof(h->addr)];
	int k4;

	if (l3 < 0)
		return;
	keep_probe(c, p);
	li = &reply->li[l3];
	if (li->l->addrs == NULL || !li->l->addrs(li, h->addr, dst, sizeof(dst)))
		return;
	k4 = pkt_match_upper(reply, (size_t)l3);
	l4 = k4 < 0 ? NULL : &reply->li[k4];
	if (pkt_match_is_error(reply, &type, &code))
		h->kind = (li->l == &pkt_layer_ipv6 ? type == 3 : type == 11) ?
		    K_TIMEX : K_UNREACH;
	else
		h->kind = K_REPLY;
	h->what[0] = '\0';
	if (l4 != NULL && l4->l == &pkt_layer_tcp) {
		int fi = TCP_F_FLAGS;

		pkt_fmt_flags(h->what, sizeof(h->what), &pkt_layer_tcp.f[fi],
		    pkt_li_u(l4, (size_t)fi));
	} else if (l4 != NULL && l4->l->role == PKT_ROLE_TRANSPORT &&
	    l4->l->nf > 0 && strcmp(l4->l->f[0].name, "type") == 0)
		/* The ICMP or ICMPv6 type, as Scapy's tables print it (IPv6:
		 * 3 time exceeded, 1 unreachable, 129 echo reply). */
		snprintf(h->what, sizeof(h->what), "%llu", (unsigned long long)
		    pkt_li_u(l4, 0));
	h->nmpls = pkt_mpls_stack(reply, h->mpls, PKT_MPLS_MAX);
	if (h->nmpls > PKT_MPLS_MAX)
		h->nmpls = PKT_MPLS_MAX;
	if (c->keep)
		h->reply = pkt_copy(reply);
	if (c->json)
		write_pair(c, i, reply, rtt);
}

/* Every target has answered at every TTL up to the end of its path. */
static bool
enough(void *arg)
{
	const struct ctx *c = arg;
	size_t tg;
	unsigned ttl;

	for (tg = 0; tg < c->ntg; tg++)
		for (ttl = c->minttl; ttl <= c->maxttl; ttl++) {
			enum kind k = c->hop[probe_index(c, tg, ttl)].kind;

			if (k == K_TIMEOUT && !c->hop[probe_index(c, tg, ttl)].unsent)
				return false;
			if (is_terminal(k))
				break;
		}
	return true;
}

/* ---- output ------------------------------------------------------------- */

/* -j: the unanswered probes up to the end of each path, a record each. */
static void
write_unanswered(struct ctx *c)
{
	size_t i, n = c->ntg * c->nttl;

	if (!c->json)
		return;
	for (i = 0; i < n; i++) {
		unsigned last = last_ttl(c, i % c->ntg);
		unsigned ttl = c->minttl + (unsigned)(i / c->ntg);

		if (c->hop[i].kind == K_TIMEOUT && was_sent(c, i) &&
		    (last == 0 || ttl < last))
			write_pair(c, i, NULL, -1);
	}
}

/* Columns in address order: IPv4 before IPv6, then by the address's
 * bytes (10.0.0.9 before 10.0.0.10), then protocol and port. */
static int
colcmp(const void *a, const void *b)
{
	const struct target *x = *(const struct target *const *)a;
	const struct target *y = *(const struct target *const *)b;
	int r;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if ((r = memcmp(x->a, y->a, x->family == 4 ? 4 : 16)) != 0)
		return r;
	if (x->l4 != y->l4)
		return x->l4 < y->l4 ? -1 : 1;
	if (x->dport != y->dport)
		return x->dport < y->dport ? -1 : 1;
	return strcmp(x->col, y->col);
}

/* A cell: Scapy's "%-15s %s" (address, flags or ICMP type), then the
 * MPLS labels the hop reported, "[MPLS: 24001/0/1/1]" per entry. */
static void
hop_cell(char *cell, size_t size, const struct hop *h)
{
	char m[PKT_MPLS_MAX * 32];

	pkt_mpls_fmt(m, sizeof(m), h->mpls, h->nmpls);
	snprintf(cell, size, "%-15s %s%s%s", h->addr, h->what, *m ? " " : "", m);
}

/* Scapy's TracerouteResult.show(): make_table, rows by TTL, rows without
 * any answer left out; but columns sorted as addresses, where Scapy sorts
 * them as strings (10.0.0.10 before 10.0.0.9, ::1 before 127.0.0.1). */
static void
print_table(const struct ctx *c)
{
	const struct target **cols = pkt_xcalloc(c->ntg, sizeof(*cols));
	size_t *width = pkt_xcalloc(c->ntg, sizeof(*width));
	unsigned *last = pkt_xcalloc(c->ntg, sizeof(*last));
	char cell[64 + PKT_MPLS_MAX * 32];
	size_t k, tg, ylen = 0, ncol = 0;
	unsigned ttl;

	for (tg = 0; tg < c->ntg; tg++) {
		last[tg] = last_ttl(c, tg);
		if (last[tg] == 0)
			last[tg] = c->maxttl;
	}
	/* Widths, and the TTL column's, from the cells shown; as in Scapy,
	 * a target without any answer has no column. */
	for (tg = 0; tg < c->ntg; tg++) {
		bool any = false;

		width[tg] = strlen(c->tg[tg].col);
		for (ttl = c->minttl; ttl <= last[tg]; ttl++) {
			const struct hop *h = &c->hop[probe_index(c, tg, ttl)];

			if (h->kind == K_TIMEOUT)
				continue;
			if (!any)
				cols[ncol++] = &c->tg[tg];
			any = true;
			hop_cell(cell, sizeof(cell), h);
			if (strlen(cell) > width[tg])
				width[tg] = strlen(cell);
			snprintf(cell, sizeof(cell), "%u", ttl);
			if (strlen(cell) > ylen)
				ylen = strlen(cell);
		}
	}
	if (ncol > 0) {
		struct target *base = c->tg;
		size_t *order = pkt_xcalloc(ncol, sizeof(*order));

		qsort(cols, ncol, sizeof(*cols), colcmp);
		for (k = 0; k < ncol; k++)
			order[k] = (size_t)(cols[k] - base);
		printf("%-*s ", (int)ylen, "");
		for (k = 0; k < ncol; k++)
			printf("%-*s ", (int)width[order[k]], cols[k]->col);
		printf("\n");
		for (ttl = c->minttl; ttl <= c->maxttl; ttl++) {
			bool row = false;

			for (tg = 0; tg < c->ntg; tg++)
				if (ttl <= last[tg] &&
				    c->hop[probe_index(c, tg, ttl)].kind != K_TIMEOUT)
					row = true;
			if (!row)
				continue;
			printf("%-*u ", (int)ylen, ttl);
			for (k = 0; k < ncol; k++) {
				const struct hop *h;

				tg = order[k];
				h = &c->hop[probe_index(c, tg, ttl)];
				if (ttl > last[tg] || h->kind == K_TIMEOUT)
					snprintf(cell, sizeof(cell), "-");
				else
					hop_cell(cell, sizeof(cell), h);
				printf("%-*s ", (int)width[tg], cell);
			}
			printf("\n");
		}
		free(order);
	}
	free(cols);
	free(width);
	free(last);
}

static int
timecmp(const void *a, const void *b)
{
	const struct pkt_pkt *const *x = a, *const *y = b;

	return (*x)->time < (*y)->time ? -1 : (*x)->time > (*y)->time;
}

/* Probes and answers in time order; as raw IP when their link types
 * differ (a pcap holds one). */
static int
write_pcap(const struct ctx *c, const char *path, char *eb)
{
	size_t n = c->ntg * c->nttl, np = 0, i;
	struct pkt_pkt **v = pkt_xcalloc(2 * n, sizeof(*v));
	struct pkt_pcapw *w;
	bool mixed = false;
	int rc = 0, dlt = -2;

	for (i = 0; i < n; i++) {
		struct pkt_pkt *s;

		if (!was_sent(c, i))
			continue;	/* never sent (interrupted) */
		s = pkt_dissect_copy(c->pr[i].pkt);
		s->dlt = c->pr[i].pkt->dlt;
		s->time = c->pr[i].sent;
		v[np++] = s;
		if (c->hop[i].reply != NULL)
			v[np++] = pkt_copy(c->hop[i].reply);
	}
	for (i = 0; i < np; i++) {
		int d = pkt_dlt_raw_ip(v[i]->dlt) ? 12 : v[i]->dlt;

		if (dlt == -2)
			dlt = d;
		else if (d != dlt)
			mixed = true;
	}
	qsort(v, np, sizeof(*v), timecmp);
	if ((w = pkt_pcapw_open(path, eb)) == NULL)
		rc = -1;
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
	if (w != NULL) {
		char eb2[PKT_ERRBUF];

		if (pkt_pcapw_close(w, eb2) < 0 && rc == 0) {
			snprintf(eb, PKT_ERRBUF, "%s", eb2);
			rc = -1;
		}
	}
	free(v);
	return rc;
}

/* ---- -r: a saved trace -------------------------------------------------- */

/* A probe read from the file, and what answered it. */
struct saved {
	struct pkt_pkt	*dis;		/* its bytes as read, dissected */
	struct pkt_pkt	*ans;		/* the first answer, dissected, or NULL */
	double		 rtt;
	size_t		 tg;		/* index in the ctx's targets */
	unsigned	 ttl;
};

#define NSBUCKET 4096
/* How many of the latest probes that share a packet's key it is tried
 * against: a flow of traceroute(8) holds 90 probes at most (3 per TTL),
 * and the bound keeps a capture of one long flow linear in its size. */
#define NSCAN	256

struct saved_run {
	struct ctx	*c;		/* targets go to c->tg */
	struct pkt_strmap tgmap;	/* "family addr protocol" -> target */
	struct saved	*s;
	size_t		 n;
	size_t		*bucket[NSBUCKET];
	size_t		 nb[NSBUCKET];
	unsigned	 lo, hi;	/* plain packets: the TTLs of a probe */
	unsigned	 plo, phi;	/* pairs: the same */
	uint64_t	 records, answers, others;
};

/* Is dis a traceroute probe: IPv4 or IPv6 carrying a TCP SYN (no ACK), a
 * UDP datagram or an ICMP/ICMPv6 echo request?  Then its target (family,
 * address, protocol, destination port) and TTL are set. */
static bool
probe_shape(const struct pkt_pkt *dis, struct target *t, unsigned *ttl)
{
	enum l4 l4;
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
		l4 = L4_TCP;
		dport = (unsigned)pkt_li_u(up, TCP_F_DPORT);
	} else if (up->l == &pkt_layer_udp) {
		l4 = L4_UDP;
		dport = (unsigned)pkt_li_u(up, UDP_F_DPORT);
	} else if ((up->l == &pkt_layer_icmp &&
	    pkt_li_u(up, ICMP_F_TYPE) == 8) ||
	    up->l == &pkt_layer_icmp6_echo_req)
		l4 = L4_ICMP;
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
	t->l4 = l4;
	t->dport = dport;
	return true;
}

/* The first probe, sent no later than dis, that dis answers and nothing
 * has answered yet (as Scapy's sr() pairs them), among the NSCAN latest
 * that share its key (a key of 0, no port: the NSCAN latest probes); or
 * -1. */
static ssize_t
saved_match(const struct saved_run *sr, const struct pkt_pkt *dis)
{
	uint32_t key = pkt_match_key(dis, true);
	size_t b = key % NSBUCKET, k, n = key ? sr->nb[b] : sr->n;

	for (k = n > NSCAN ? n - NSCAN : 0; k < n; k++) {
		size_t i = key ? sr->bucket[b][k] : k;
		const struct saved *s = &sr->s[i];

		if (s->ans != NULL || s->dis->time > dis->time)
			continue;
		if (pkt_match_answers(s->dis, dis))
			return (ssize_t)i;
	}
	return -1;
}

/* The target of t (family, address, protocol), added to c->tg when new;
 * a second destination port makes it a column of any port. */
static size_t
saved_target(struct saved_run *sr, const struct target *t)
{
	struct ctx *c = sr->c;
	char key[INET6_ADDRSTRLEN + 16];
	long i;

	snprintf(key, sizeof(key), "%d %s %d", t->family, t->addr, (int)t->l4);
	if ((i = pkt_strmap_get(&sr->tgmap, key)) >= 0) {
		struct target *have = &c->tg[i];

		if (have->l4 != L4_ICMP && !have->anyport && have->dport != t->dport) {
			have->anyport = true;
			target_col(have);
		}
		return (size_t)i;
	}
	c->tg = pkt_xreallocarray(c->tg, c->ntg + 1, sizeof(*c->tg));
	c->tg[c->ntg] = *t;
	target_col(&c->tg[c->ntg]);
	pkt_strmap_put(&sr->tgmap, key, c->ntg);
	return c->ntg++;
}

static struct saved *
saved_add(struct saved_run *sr, struct pkt_pkt *dis, const struct target *t,
    unsigned ttl)
{
	struct saved *s;
	size_t b;

	sr->s = pkt_xreallocarray(sr->s, sr->n + 1, sizeof(*sr->s));
	s = &sr->s[sr->n];
	memset(s, 0, sizeof(*s));
	s->dis = dis;
	s->rtt = -1;
	s->tg = saved_target(sr, t);
	s->ttl = ttl;
	b = pkt_match_key(dis, false) % NSBUCKET;
	sr->bucket[b] = pkt_xreallocarray(sr->bucket[b], sr->nb[b] + 1,
	    sizeof(size_t));
	sr->bucket[b][sr->nb[b]++] = sr->n;
	return &sr->s[sr->n++];
}

/* A record's packet as a dissection of its bytes: a pcap record (or a
 * JSON record with only "hex") is one already; one built from "layers"
 * is dissected from what was built.  Takes *pp. */
static struct pkt_pkt *
as_dissected(struct pkt_pkt **pp, bool was_built)
{
	struct pkt_pkt *p = *pp, *d;

	*pp = NULL;
	if (p == NULL || was_built)
		return p;
	d = pkt_dissect_copy(p);
	pkt_free(p);
	return d;
}

/* Read -r: pairs (pkttrace -j, pktsr1 -j) give probe and answer; plain
 * packets (pkttrace -w, a tcpdump capture of any traceroute) are paired
 * here with the matcher, in file order.  A probe's TTL must be within
 * lo..hi (pairs: plo..phi); other packets are counted and let go, so an
 * ordinary capture costs little memory.  0, or -1 with errbuf set at the
 * first bad record (what came before it is kept). */
static int
saved_read(struct saved_run *sr, const char *path, char *eb)
{
	struct pkt_reader *rd;
	struct pkt_rec rec;
	int r;

	if ((rd = pkt_reader_open(path, eb)) == NULL)
		return -1;
	while ((r = pkt_reader_next(rd, &rec, eb)) == 1) {
		bool built = rec.built, rbuilt = rec.recv_built;
		struct pkt_pkt *dis;
		struct saved *s;
		struct target t;
		unsigned ttl = 0;
		ssize_t m;

		sr->records++;
		if (pkt_rec_build(&rec, &pkt_env_default, eb) < 0) {
			pkt_rec_clear(&rec);
			r = -1;
			break;
		}
		dis = as_dissected(&rec.pkt, built);
		if (rec.pair) {
			if (!probe_shape(dis, &t, &ttl) || ttl < sr->plo ||
			    ttl > sr->phi) {
				sr->others++;
				pkt_free(dis);
				pkt_rec_clear(&rec);
				continue;
			}
			s = saved_add(sr, dis, &t, ttl);
			if ((s->ans = as_dissected(&rec.recv, rbuilt)) != NULL) {
				s->rtt = rec.rtt >= 0 ? rec.rtt : s->ans->time - dis->time;
				sr->answers++;
			}
			continue;
		}
		if ((m = saved_match(sr, dis)) >= 0) {
			s = &sr->s[m];
			s->ans = dis;
			s->rtt = dis->time - s->dis->time;
			sr->answers++;
		} else if (probe_shape(dis, &t, &ttl) && ttl >= sr->lo &&
		    ttl <= sr->hi)
			saved_add(sr, dis, &t, ttl);
		else {
			sr->others++;
			pkt_free(dis);
		}
		pkt_rec_clear(&rec);
	}
	pkt_reader_close(rd);
	return r < 0 ? -1 : 0;
}

/* pkttrace -r FILE: the table (or -j pairs, or -w) of a saved trace,
 * nothing sent.  Targets are the probes' destinations, one column per
 * destination and protocol; at each TTL the first probe answered (else
 * the first sent) fills the cell. */
static int
run_saved(struct ctx *c, const struct pkt_opts *o, bool minset, bool maxset)
{
	struct saved_run *sr = pkt_xcalloc(1, sizeof(*sr));
	char eb[PKT_ERRBUF];
	size_t i, tg, npr, nreached = 0, *pick = NULL;
	unsigned lo = 255, hi = 0;
	int rc = PKT_EXIT_OK;

	/* Probes in a capture: TTLs 1 to 30 unless told, as this tool sends
	 * them; pairs were probes already, and keep theirs. */
	sr->c = c;
	sr->lo = sr->plo = c->minttl;
	sr->hi = maxset ? c->maxttl : 30;
	sr->phi = maxset ? c->maxttl : 255;
	if (saved_read(sr, o->rfile, eb) < 0) {
		pkt_warnx("%s", eb);
		rc = PKT_EXIT_ERROR;
	}
	/* The TTL range. */
	for (i = 0; i < sr->n; i++) {
		if (sr->s[i].ttl < lo)
			lo = sr->s[i].ttl;
		if (sr->s[i].ttl > hi)
			hi = sr->s[i].ttl;
	}
	if (!minset)
		c->minttl = lo;
	if (!maxset)
		c->maxttl = hi;
	if (rc == PKT_EXIT_OK && sr->records == 0) {
		/* An empty input is no error (pkt(7), EXIT STATUS). */
		pkt_info(0, "%s: no record: nothing to show", o->rfile);
		goto out;
	}
	if (c->ntg == 0 || c->minttl > c->maxttl) {
		if (rc == PKT_EXIT_OK)
			pkt_warnx("%s: no traceroute probes (TCP SYN, UDP or ICMP "
			    "echo request with a TTL of %u to %u%s) in %llu records",
			    o->rfile, sr->lo, sr->hi, maxset ? "" :
			    "; --maxttl 255 takes any", (unsigned long long)sr->records);
		rc = PKT_EXIT_ERROR;
		goto out;
	}
	c->nttl = c->maxttl - c->minttl + 1;
	npr = c->ntg * c->nttl;
	c->pr = pkt_xcalloc(npr, sizeof(*c->pr));
	c->hop = pkt_xcalloc(npr, sizeof(*c->hop));
	pick = pkt_xcalloc(npr, sizeof(*pick));
	c->keep = o->wfile != NULL;
	c->offline = true;
	/* Each cell: its first answered probe, else its first probe. */
	for (i = 0; i < sr->n; i++) {
		struct saved *s = &sr->s[i];
		size_t k;

		if (s->ttl < c->minttl || s->ttl > c->maxttl)
			continue;
		k = probe_index(c, s->tg, s->ttl);
		if (c->pr[k].pkt == NULL ||
		    (sr->s[pick[k]].ans == NULL && s->ans != NULL)) {
			c->pr[k].pkt = s->dis;
			c->pr[k].sent = s->dis->time;
			pick[k] = i;
		}
	}
	for (i = 0; i < npr; i++) {
		c->pr[i].seq = i;
		if (c->pr[i].pkt != NULL && sr->s[pick[i]].ans != NULL)
			on_answer(c, &c->pr[i], sr->s[pick[i]].ans,
			    sr->s[pick[i]].rtt);
	}
	write_unanswered(c);
	for (tg = 0; tg < c->ntg; tg++)
		if (reached(c, tg))
			nreached++;
	if (pkt_verbose() >= 0)
		fprintf(stderr, "Read %llu records: %zu probes, %llu answered, %llu "
		    "other packets\n", (unsigned long long)sr->records, sr->n,
		    (unsigned long long)sr->answers, (unsigned long long)sr->others);
	if (!c->json && (o->wfile == NULL || strcmp(o->wfile, "-") != 0))
		print_table(c);
	if (pkt_verbose() >= 1)
		fprintf(stderr, "%zu of %zu targets reached\n", nreached, c->ntg);
	if (o->wfile != NULL && write_pcap(c, o->wfile, eb) < 0) {
		pkt_warnx("%s", eb);
		rc = PKT_EXIT_ERROR;
	}
	if (fflush(stdout) != 0 || c->werr) {
		pkt_warn("stdout");
		rc = PKT_EXIT_ERROR;
	}
	if (rc == PKT_EXIT_OK && nreached < c->ntg)
		rc = PKT_EXIT_UNANSWERED;
	for (i = 0; i < npr; i++)
		pkt_free(c->hop[i].reply);
	free(c->pr);
	free(c->hop);
	free(pick);
out:
	for (i = 0; i < sr->n; i++) {
		pkt_free(sr->s[i].dis);
		pkt_free(sr->s[i].ans);
	}
	for (i = 0; i < NSBUCKET; i++)
		free(sr->bucket[i]);
	pkt_strmap_free(&sr->tgmap);
	free(sr->s);
	free(sr);
	free(c->tg);
	return rc;
}

/* ---- large runs (stateless.c) -------------------------------------------- */


struct large {
	bool		 forced, per24, seeded;
	unsigned	 shard_k, shard_n;
	uint64_t	 seed;
	char		**files;
	size_t		 nfile;
};

static bool
large_wanted(const struct large *lg, int argc, char **argv)
{
	uint64_t n = 0;
	int i;

	if (lg->forced || lg->shard_n > 0 || lg->per24 || lg->nfile > 0)
		return true;
	for (i = 0; i < argc; i++) {
		uint64_t k = pkt_tsrc_size(argv[i], false);

		n += k == 0 ? 1 : k;
	}
	return n > LARGE;
}

/* The stateless run over the arguments (or what stdin holds after the
 * targets already read into c, when stdin turned out large). */
static int
run_large(const struct large *lg, const struct pkt_opts *o, struct ctx *c,
    enum l4 l4, unsigned dport, long sport, double rate, int argc, char **argv)
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
		    "table of a saved run)", LARGE);
	if (o->wfile != NULL)
		pkt_errx(PKT_EXIT_ERROR, "-w: a large run keeps no packets; "
		    "capture with tcpdump, or trace at most %d targets", LARGE);
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
	st.pid.l4 = l4 == L4_TCP ? PKT_PID_TCP : l4 == L4_UDP ? PKT_PID_UDP :
	    PKT_PID_ICMP;
	st.pid.dport = (uint16_t)dport;
	st.pid.sport = (int32_t)sport;
	st.minttl = c->minttl;
	st.maxttl = c->maxttl;
	st.rate = rate;
	st.timeout = o->timeout;
	st.seed = lg->seed;
	st.seeded = lg->seeded;
	st.per24 = lg->per24;
	st.iface = o->iface;
	st.out = stdout;
	st.interrupted = &interrupted;
	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
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
	if (interrupted)
		rc = PKT_EXIT_INTERRUPTED;
	pkt_tsrc_free(st.src);
	free(c->tg);
	return rc;
}

/* ---- main ------------------------------------------------------------------ */

static unsigned
parse_ttl(const char *opt, const char *arg)
{
	char eb[PKT_ERRBUF];
	uint64_t u;

	if (pkt_parse_uint(arg, 1, 255, "TTL", &u, eb) < 0)
		pkt_errx(PKT_EXIT_ERROR, "%s: %s", opt, eb);
	return (unsigned)u;
}

int
main(int argc, char **argv)
{
	struct pkt_opts o;
	struct pkt_sr sr;
	struct ctx c;
	struct pkt_sender *snd;
	enum l4 l4 = L4_TCP;
	long sport = -1;
	int64_t dport = -1;
	bool minset = false, maxset = false, l4set = false, netset;
	size_t npr, i, tg, nreached = 0;
	char eb[PKT_ERRBUF];
	int ch, rc;
	struct large lg;

	pkt_setprogname(argv[0]);
	if (strrchr(argv[0], '/') != NULL)	/* getopt's messages: the name too */
		argv[0] = strrchr(argv[0], '/') + 1;
	pkt_opts_init(&o);
	memset(&sr, 0, sizeof(sr));
	memset(&c, 0, sizeof(c));
	memset(&lg, 0, sizeof(lg));
	c.minttl = 1;
	c.maxttl = 30;
	while ((ch = getopt_long(argc, argv, PKT_COMMON_SHORTOPTS "p:", longopts,
	    NULL)) != -1) {
		uint64_t u;

		if (pkt_opts_common(&o, ch, optarg))
			continue;
		switch (ch) {
		case OPT_L4:
			l4set = true;
			if (strcmp(optarg, "tcp") == 0)
				l4 = L4_TCP;
			else if (strcmp(optarg, "udp") == 0)
				l4 = L4_UDP;
			else if (strcmp(optarg, "icmp") == 0)
				l4 = L4_ICMP;
			else {
				char q[PKT_QUOTEBUF];

				pkt_errx(PKT_EXIT_ERROR, "--l4: \"%s\": give tcp, udp "
				    "or icmp", pkt_quote(optarg, q, sizeof(q)));
			}
			break;
		case 'p':
			if (pkt_parse_uint(optarg, 1, 65535, "port", &u, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "-p: %s", eb);
			dport = (int64_t)u;
			break;
		case OPT_SPORT:
			if (pkt_parse_uint(optarg, 0, 65535, "port", &u, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--sport: %s", eb);
			sport = (long)u;
			break;
		case OPT_MINTTL:
			c.minttl = parse_ttl("--minttl", optarg);
			minset = true;
			break;
		case OPT_MAXTTL:
			c.maxttl = parse_ttl("--maxttl", optarg);
			maxset = true;
			break;
		case OPT_RATE:
			if (pkt_parse_seconds(optarg, 0.001, 1e9, "rate", &sr.rate, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--rate: %s", eb);
			break;
		case OPT_STATELESS:
			lg.forced = true;
			break;
		case OPT_SHARD:
			if (pkt_shard_parse(optarg, &lg.shard_k, &lg.shard_n, eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--shard: %s", eb);
			break;
		case OPT_PER24:
			lg.per24 = true;
			break;
		case OPT_SEED:
			if (pkt_parse_uint(optarg, 0, UINT64_MAX, "seed", &lg.seed,
			    eb) < 0)
				pkt_errx(PKT_EXIT_ERROR, "--seed: %s", eb);
			lg.seeded = true;
			break;
		case OPT_FILE:
			lg.files = pkt_xreallocarray(lg.files, lg.nfile + 1,
			    sizeof(*lg.files));
			lg.files[lg.nfile++] = optarg;
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
	/* Given on the command line (the configuration may set them too). */
	netset = o.iface != NULL || o.set_l3raw || o.set_nofilter || o.set_timeout;
	pkt_opts_finish(&o);
	c.json = o.json;
	if (c.minttl > c.maxttl)
		pkt_errx(PKT_EXIT_ERROR, "--minttl %u is above --maxttl %u: give "
		    "a TTL range such as --minttl 1 --maxttl 30", c.minttl, c.maxttl);
	if (o.json && o.wfile != NULL && strcmp(o.wfile, "-") == 0)
		pkt_errx(PKT_EXIT_ERROR, "-j and -w -: both write to stdout; give "
		    "-w a file name");
	if (o.rfile != NULL) {
		/* A saved trace: nothing is sent, so what shapes probes has no
		 * say (the TTL range still chooses the rows). */
		if (argc > 0)
			pkt_errx(PKT_EXIT_ERROR, "-r reads a saved trace and sends "
			    "nothing: give either -r FILE or targets, not both");
		if (l4set || dport >= 0 || sport >= 0 || sr.rate > 0)
			pkt_errx(PKT_EXIT_ERROR, "-r reads a saved trace and sends "
			    "nothing: --l4, -p, --sport and --rate shape probes; "
			    "leave them out");
		if (netset)
			pkt_errx(PKT_EXIT_ERROR, "-r reads a saved trace and sends "
			    "nothing: -i, --l3raw, --l2, --nofilter and -t choose "
			    "how probes go out and answers come in; leave them out");
		if (lg.forced || lg.shard_n > 0 || lg.per24 || lg.seeded ||
		    lg.nfile > 0)
			pkt_errx(PKT_EXIT_ERROR, "-r reads a saved trace and sends "
			    "nothing: --stateless, --shard, --per24, --seed and "
			    "--file choose targets and probes; leave them out");
		rc = run_saved(&c, &o, minset, maxset);
		pkt_opts_free(&o);
		return rc;
	}
	if (l4 == L4_ICMP && dport >= 0)
		pkt_errx(PKT_EXIT_ERROR, "-p: ICMP probes have no port (use "
		    "--l4 tcp or --l4 udp)");
	if (dport < 0)
		dport = l4 == L4_UDP ? 33434 : 80;
	c.nttl = c.maxttl - c.minttl + 1;
	if (large_wanted(&lg, argc, argv)) {
		if (argc == 1 && strcmp(argv[0], "-") == 0)
			argc = 0;	/* stdin, streamed */
		rc = run_large(&lg, &o, &c, l4, (unsigned)dport, sport, sr.rate,
		    argc, argv);
		free(lg.files);
		pkt_opts_free(&o);
		return rc;
	}

	/* Targets: arguments, else stdin ("-", or none and not a terminal). */
	if (argc == 1 && strcmp(argv[0], "-") == 0)
		read_targets(&c, stdin, l4, (unsigned)dport, sport, LARGE);
	else if (argc == 0 && !isatty(STDIN_FILENO))
		read_targets(&c, stdin, l4, (unsigned)dport, sport, LARGE);
	else if (argc == 0) {
		pkt_warnx("no target: give an address such as 192.0.2.1, or one "
		    "per line on stdin");
		usage(stderr);
		exit(PKT_EXIT_ERROR);
	} else
		for (i = 0; i < (size_t)argc; i++) {
			if (strcmp(argv[i], "-") == 0)
				pkt_errx(PKT_EXIT_ERROR, "\"-\" (targets from stdin) "
				    "must be the only argument");
			add_target(&c, argv[i], NULL, l4, (unsigned)dport, sport);
		}
	pkt_strmap_free(&c.tgset);	/* every target is in */
	if (c.ntg > LARGE) {	/* stdin holds more: stream the rest */
		rc = run_large(&lg, &o, &c, l4, (unsigned)dport, sport, sr.rate,
		    0, NULL);
		pkt_opts_free(&o);
		return rc;
	}
	if (c.ntg == 0) {
		pkt_info(0, "no target");
		pkt_opts_free(&o);
		exit(PKT_EXIT_OK);
	}
	if (c.ntg > (1u << 20) / c.nttl)
		pkt_errx(PKT_EXIT_ERROR, "%zu targets of %u TTLs: too many probes "
		    "for the table; give -j --stateless (JSON Lines, any number "
		    "of probes)", c.ntg, c.nttl);

	/* Sockets (privileged), then the probes built through them. */
	if ((snd = pkt_sender_open_lazy(&o, eb)) == NULL)
		pkt_errx(PKT_EXIT_ERROR, "%s", eb);
	/* The probes are made as they are sent; what -j and -w need of
	 * them is kept as they leave the run. */
	npr = c.ntg * c.nttl;
	c.pr = pkt_xcalloc(npr, sizeof(*c.pr));
	c.hop = pkt_xcalloc(npr, sizeof(*c.hop));
	c.keep = o.wfile != NULL;
	c.l4 = l4;
	c.dport = (unsigned)dport;
	c.env = pkt_sender_env(snd);

	signal(SIGINT, on_signal);
	signal(SIGTERM, on_signal);
	sr.o = &o;
	sr.timeout = o.timeout;
	sr.next = next_probe;
	sr.next_path = next_path;
	sr.on_answer = on_answer;
	sr.on_done = on_done;
	sr.enough = enough;
	sr.arg = &c;
	sr.interrupted = &interrupted;
	if (pkt_verbose() >= 1)
		fprintf(stderr, "Begin emission:\n");
	rc = pkt_sr_run(&sr, snd, eb) < 0 ? PKT_EXIT_ERROR : PKT_EXIT_OK;
	if (rc != PKT_EXIT_OK)
		pkt_warnx("%s", eb);

	write_unanswered(&c);
	for (tg = 0; tg < c.ntg; tg++)
		if (reached(&c, tg))
			nreached++;
	if (pkt_verbose() >= 0) {
		fprintf(stderr, "Received %llu packets, got %llu answers, remaining "
		    "%llu packets", (unsigned long long)sr.received,
		    (unsigned long long)sr.answered,
		    (unsigned long long)(npr - sr.answered));
		if (sr.kernel_drops)
			fprintf(stderr, " (the kernel dropped %llu packets before we "
			    "could read them)", (unsigned long long)sr.kernel_drops);
		fputc('\n', stderr);
	}
	if (!c.json && (o.wfile == NULL || strcmp(o.wfile, "-") != 0))
		print_table(&c);
	if (pkt_verbose() >= 1)
		fprintf(stderr, "%zu of %zu targets reached\n", nreached, c.ntg);
	if (o.wfile != NULL && write_pcap(&c, o.wfile, eb) < 0) {
		pkt_warnx("%s", eb);
		rc = PKT_EXIT_ERROR;
	}
	if (fflush(stdout) != 0 || c.werr) {
		pkt_warn("stdout");
		rc = PKT_EXIT_ERROR;
	}
	if (rc == PKT_EXIT_OK && nreached < c.ntg)
		rc = PKT_EXIT_UNANSWERED;
	if (interrupted)
		rc = PKT_EXIT_INTERRUPTED;
	for (i = 0; i < npr; i++) {
		pkt_free(c.pr[i].pkt);
		pkt_free(c.pr[i].dis);
		pkt_free(c.hop[i].reply);
	}
	free(c.pr);
	free(c.hop);
	free(c.tg);
	pkt_sender_close(snd);
	pkt_opts_free(&o);
	return rc;
}
