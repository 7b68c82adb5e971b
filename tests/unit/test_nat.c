/* test_nat.c: common/nat.c, a probe's quote compared with the probe as
 * sent.  Probes of every kind pkttrace sends (UDP, TCP, ICMP echo; IPv4
 * and IPv6) are quoted back the ways routers and NATs quote them: as
 * they arrived (TTL and header checksum moved on, as Linux does, or the
 * TTL taken off without its checksum); rewritten by a NAT that fixed the
 * checksums (source, destination, ports, IP id, echo id); rewritten and
 * then put back without the checksums (dublin-traceroute's case); cut
 * short; with another TOS.  Each says what changed, no more, and whether
 * the answer still carries the probe's identity (pkt_nat_same_probe). */
#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "build.h"
#include "nat.h"
#include "pkt.h"
#include "unit.h"

/* The probe's network-layer bytes (no link header in these). */
static void
probe_bytes(const struct pkt_pkt *p, uint8_t *b, size_t *n)
{
	memcpy(b, p->raw, p->rawlen);
	*n = p->rawlen;
}

static void
put16(uint8_t *b, unsigned v)
{
	b[0] = (uint8_t)(v >> 8);
	b[1] = (uint8_t)v;
}

/* Every checksum of an IPv4 or IPv6 packet q of n bytes made right
 * (IPv4 header; TCP, UDP, ICMP, ICMPv6), as a NAT that fixes them. */
static void
fix_sums(uint8_t *q, size_t n)
{
	uint32_t s = 0;
	size_t hl, l4len, co;
	unsigned proto;
	uint16_t c;

	if ((q[0] >> 4) == 4) {
		hl = (size_t)(q[0] & 15) * 4;
		memset(q + 10, 0, 2);
		put16(q + 10, pkt_csum_fold(pkt_csum_add(0, q, hl)));
		proto = q[9];
		l4len = n - hl;
		if (proto != 1) {
			s = pkt_csum_add(0, q + 12, 8);
			s += proto + (uint32_t)l4len;
		}
	} else {
		hl = 40;
		proto = q[6];
		l4len = n - hl;
		s = pkt_csum_add(0, q + 8, 32);
		s += proto + (uint32_t)l4len;
	}
	co = proto == 6 ? 16 : proto == 17 ? 6 : 2;
	memset(q + hl + co, 0, 2);
	c = pkt_csum_fold(pkt_csum_add(s, q + hl, l4len));
	if (c == 0 && proto == 17)
		c = 0xffff;
	put16(q + hl + co, c);
}

/* The answer of `from` quoting the first qlen bytes of q: an ICMP (or
 * ICMPv6) time exceeded, dissected. */
static struct pkt_pkt *
answer(const uint8_t *q, size_t qlen, int dlt)
{
	uint8_t b[1600];
	struct pkt_pkt *d = pkt_new();
	char eb[PKT_ERRBUF];
	size_t n;

	memset(b, 0, 48);
	if ((q[0] >> 4) == 4) {
		b[0] = 0x45;
		put16(b + 2, (unsigned)(28 + qlen));
		b[8] = 64;
		b[9] = 1;
		memcpy(b + 12, (const uint8_t[]){ 10, 0, 3, 2 }, 4);
		memcpy(b + 16, q + 12, 4);
		b[20] = 11;
		memcpy(b + 28, q, qlen);
		n = 28 + qlen;
		put16(b + 10, pkt_csum_fold(pkt_csum_add(0, b, 20)));
		put16(b + 22, pkt_csum_fold(pkt_csum_add(0, b + 20, n - 20)));
	} else {
		b[0] = 0x60;
		put16(b + 4, (unsigned)(8 + qlen));
		b[6] = 58;
		b[7] = 64;
		b[8] = 0xfd;
		b[23] = 0x99;
		memcpy(b + 24, q + 8, 16);
		b[40] = 3;
		memcpy(b + 48, q, qlen);
		n = 48 + qlen;
	}
	if (pkt_dissect(d, dlt, b, n, (uint32_t)n, eb) < 0) {
		printf("answer: %s\n", eb);
		exit(1);
	}
	return d;
}

/* What the quote q (qlen bytes) shows rewritten of probe p; *same: does
 * it still carry p's identity. */
static unsigned
cmp(const struct pkt_pkt *p, const uint8_t *q, size_t qlen, bool *same)
{
	struct pkt_pkt *a = answer(q, qlen, p->dlt);
	unsigned m = pkt_nat_compare(p, a);

	*same = pkt_nat_same_probe(p, a);
	pkt_free(a);
	return m;
}

/* As a router quotes it: the TTL at 1, the header checksum moved on. */
static void
arrived(uint8_t *q)
{
	if ((q[0] >> 4) == 4) {
		q[8] = 1;
		memset(q + 10, 0, 2);
		put16(q + 10, pkt_csum_fold(pkt_csum_add(0, q, 20)));
	} else
		q[7] = 1;
}

/* q: the probe o (n bytes, as sent) as a router quotes it (arrived). */
static void
requote(uint8_t *q, const uint8_t *o, size_t n)
{
	memcpy(q, o, n);
	arrived(q);
}

/* o: the bytes of probe p as sent (*n of them); q: as a router quotes
 * them. */
static void
quote(const struct pkt_pkt *p, uint8_t *o, uint8_t *q, size_t *n)
{
	probe_bytes(p, o, n);
	requote(q, o, *n);
}

/* A check: the quote q (len bytes) of probe p shows `want` rewritten
 * (PKT_NAT_*), and carries p's identity (identity 1), or does not (0),
 * or either (-1). */
static void
check_nat(const struct pkt_pkt *p, const uint8_t *q, size_t len,
    unsigned want, int identity, const char *what)
{
	bool same;
	unsigned m = cmp(p, q, len, &same);
	char s[128];

	pkt_nat_fmt(s, sizeof(s), m);
	CHECK(m == want && (identity < 0 || same == (identity > 0)),
	    "%s: \"%s\" (0x%x), same %d", what, s, m, same);
}

/* quote(), and a check: the quote as it arrived shows nothing
 * rewritten, and carries p's identity or not (identity). */
static void
check_arrived(const struct pkt_pkt *p, uint8_t *o, uint8_t *q, size_t *n,
    int identity, const char *what)
{
	char w[64];

	quote(p, o, q, n);
	snprintf(w, sizeof(w), "%s as it arrived", what);
	check_nat(p, q, *n, 0, identity, w);
}

/* A source NAT on the quote q (n bytes), checksums fixed: the source
 * moved to r1's other link (10.0.2.x, fd00:2::x); with a PORT (not 0)
 * the source port too, as a NAPT. */
static void
snat(uint8_t *q, size_t n, unsigned port)
{
	size_t hl = 40;

	if ((q[0] >> 4) == 4) {
		q[14] = 2;
		hl = (size_t)(q[0] & 15) * 4;
	} else
		q[11] = 2;
	if (port)
		put16(q + hl, port);
	fix_sums(q, n);
}

static void
ipv4_udp(void)
{
	struct pkt_pkt *p = unit_pkt("IP(src=\"10.0.1.1\",dst=\"10.0.9.2\",ttl=3,"
	    "id=3400)/UDP(sport=42139,dport=33434)/Raw(load=\"WH\")");
	uint8_t q[64], o[64];
	size_t n;
	bool same;
	unsigned m;
	char s[128];

	check_arrived(p, o, q, &n, 1, "UDP");
	CHECK(cmp(p, o, n, &same) == 0, "quoted as sent (TTL 3)");

	/* A TTL taken off without its checksum: no rewrite. */
	requote(q, o, n);
	q[8] = 0;
	check_nat(p, q, n, 0, -1, "TTL 0, checksum of TTL 1");
	memcpy(q, o, n);
	q[8] = 1;
	check_nat(p, q, n, PKT_NAT_CHKSUM, -1, "TTL 1, checksum of TTL 3");

	/* Another TOS (DSCP remarked, ECN) is no rewrite either. */
	requote(q, o, n);
	q[1] = 0x2a;
	fix_sums(q, n);
	check_nat(p, q, n, 0, -1, "TOS");

	/* DF set on the way (a checksum fixed), a total length quoted
	 * otherwise, with its checksum or without (routers' quirks): no
	 * rewrite of what a NAT rewrites. */
	requote(q, o, n);
	q[6] = 0x40;
	fix_sums(q, n);
	check_nat(p, q, n, 0, -1, "DF set on the way");
	requote(q, o, n);
	put16(q + 2, (unsigned)n + 20);
	check_nat(p, q, n, 0, 1,
	    "a longer length quoted, its checksum not updated");
	fix_sums(q, n);
	check_nat(p, q, n, 0, 1,
	    "a longer length quoted, its checksum updated");

	/* A stateless source NAT, checksums fixed: the source alone. */
	requote(q, o, n);
	q[15] = 1;
	snat(q, n, 0);
	check_nat(p, q, n, PKT_NAT_SRC, 1, "source NAT");

	/* ... that put the source back but not the checksums. */
	requote(q, o, n);
	q[13] = 7;
	fix_sums(q, n);
	q[13] = 0;
	check_nat(p, q, n, PKT_NAT_CHKSUM | PKT_NAT_L4SUM, 1,
	    "source put back, checksums not");

	/* Source and port, as a NAPT. */
	requote(q, o, n);
	q[15] = 1;
	snat(q, n, 2005);
	m = cmp(p, q, n, &same);
	pkt_nat_fmt(s, sizeof(s), m);
	CHECK(m == (PKT_NAT_SRC | PKT_NAT_SPORT) && same, "NAPT: %s", s);
	CHECK(strcmp(s, "src,sport") == 0, "names: %s", s);

	/* Destination NAT (port too): the source says which probe. */
	requote(q, o, n);
	q[17] = 7;
	put16(q + 22, 53);
	fix_sums(q, n);
	check_nat(p, q, n, PKT_NAT_DST | PKT_NAT_DPORT, 1, "DNAT");

	/* Both addresses: not known for this probe's. */
	snat(q, n, 0);
	check_nat(p, q, n, PKT_NAT_SRC | PKT_NAT_DST | PKT_NAT_DPORT, 0,
	    "both addresses");

	/* The IP id rewritten: that was the identity. */
	requote(q, o, n);
	put16(q + 4, 9);
	fix_sums(q, n);
	check_nat(p, q, n, PKT_NAT_ID, 0, "IP id");

	/* The RFC 792 minimum, 8 bytes of UDP: ports and checksum are
	 * there; 4 bytes: ports only. */
	requote(q, o, n);
	snat(q, n, 0);
	check_nat(p, q, 28, PKT_NAT_SRC, 1, "8 bytes of UDP");
	put16(q + 26, 1);
	check_nat(p, q, 28, PKT_NAT_SRC | PKT_NAT_L4SUM, -1,
	    "8 bytes, checksum");
	check_nat(p, q, 20, PKT_NAT_SRC, 1, "IP header alone");

	/* A probe captured before its checksum was filled (offload: a veth
	 * never fills it, and routers quote it as it came). */
	{
		struct pkt_pkt *b = unit_pkt("IP(src=\"10.0.1.1\",dst=\"10.0.9.2\","
		    "ttl=1,id=38412)/UDP(sport=57862,dport=33434,chksum=0x1e3c)/"
		    "Raw(load=\"@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_\")");
		uint8_t bq[80];
		size_t bn;

		probe_bytes(b, bq, &bn);
		check_nat(b, bq, bn, 0, 1, "a checksum left to offload");
		bq[15] = 9;
		fix_sums(bq, bn);
		check_nat(b, bq, bn, PKT_NAT_SRC, -1,
		    "a checksum left to offload, source rewritten");
		pkt_free(b);
	}

	/* The probe's own answer from its target is no quote. */
	{
		struct pkt_pkt *r = unit_pkt("IP(src=\"10.0.9.2\",dst=\"10.0.1.1\")/"
		    "UDP(sport=33434,dport=42139)");

		CHECK(pkt_nat_compare(p, r) == 0 && !pkt_nat_same_probe(p, r),
		    "a direct answer");
		pkt_free(r);
	}
	pkt_free(p);
}

static void
ipv4_tcp_icmp(void)
{
	struct pkt_pkt *p = unit_pkt("IP(src=\"10.0.1.1\",dst=\"10.0.9.2\",ttl=2,"
	    "id=77)/TCP(sport=40000,dport=80,seq=0x02000005,flags=\"S\")");
	struct pkt_pkt *e = unit_pkt("IP(src=\"10.0.1.1\",dst=\"10.0.9.2\",ttl=2,"
	    "id=78)/ICMP(type=8,id=4242,seq=2)");
	uint8_t q[64], o[64];
	size_t n;
	bool same;

	check_arrived(p, o, q, &n, 1, "TCP");
	snat(q, n, 2001);
	check_nat(p, q, n, PKT_NAT_SRC | PKT_NAT_SPORT, 1, "TCP NAPT");
	/* 8 bytes of TCP: no checksum to compare. */
	put16(q + 36, 0);
	check_nat(p, q, 28, PKT_NAT_SRC | PKT_NAT_SPORT, 1,
	    "TCP cut at 8 bytes");
	check_nat(p, q, n, PKT_NAT_SRC | PKT_NAT_SPORT | PKT_NAT_L4SUM, -1,
	    "TCP checksum");
	/* MSS clamping added an option (and fixed the checksums): no
	 * rewrite of what a NAT rewrites. */
	{
		struct pkt_pkt *c = unit_pkt("IP(src=\"10.0.1.1\",dst=\"10.0.9.2\","
		    "ttl=1,id=77)/TCP(sport=40000,dport=80,seq=0x02000005,flags=\"S\","
		    "options=[(\"MSS\",1400)])");
		uint8_t cq[64];
		size_t cn;

		probe_bytes(c, cq, &cn);
		check_nat(p, cq, cn, 0, 1, "an MSS option added on the way");
		pkt_free(c);
	}
	/* Another sequence number: another probe. */
	requote(q, o, n);
	q[27] = 6;
	snat(q, n, 0);
	(void)cmp(p, q, n, &same);
	CHECK(!same, "TCP of another seq");

	check_arrived(e, o, q, &n, 1, "echo");
	put16(q + 24, 1000);	/* Linux's NAT rewrites the echo id */
	snat(q, n, 0);
	check_nat(e, q, n, PKT_NAT_SRC | PKT_NAT_ECHOID, 1, "echo NAT");
	/* A TCP probe's answer is no answer to the echo. */
	CHECK(cmp(p, q, n, &same) == 0 && !same, "another protocol");
	pkt_free(p);
	pkt_free(e);
}

static void
ipv6(void)
{
	struct pkt_pkt *u = unit_pkt("IPv6(src=\"fd00:1::1\",dst=\"fd00:9::2\","
	    "hlim=3)/UDP(sport=42139,dport=33434)/Raw(load=\"WH\")");
	struct pkt_pkt *t = unit_pkt("IPv6(src=\"fd00:1::1\",dst=\"fd00:9::2\","
	    "hlim=3)/TCP(sport=40000,dport=80,seq=0x03000005,flags=\"S\")");
	uint8_t q[96], o[96];
	size_t n;

	/* No IP id: a UDP probe's identity is its checksum, which a rewrite
	 * changes; the probe's bytes with the quote's addresses and ports
	 * sum to the quote's, another probe's do not. */
	check_arrived(u, o, q, &n, 1, "IPv6 UDP");
	snat(q, n, 0);
	check_nat(u, q, n, PKT_NAT_SRC, 1, "IPv6 UDP source NAT");
	requote(q, o, n);
	snat(q, n, 2002);
	check_nat(u, q, n, PKT_NAT_SRC | PKT_NAT_SPORT, 1, "IPv6 UDP NAPT");
	requote(q, o, n);
	q[n - 1] ^= 1;		/* another probe: another payload */
	snat(q, n, 0);
	check_nat(u, q, n, PKT_NAT_SRC | PKT_NAT_L4SUM, 0,
	    "IPv6 UDP source NAT, another probe");
	requote(q, o, n);
	q[11] = 2;		/* the source rewritten, its checksum not */
	check_nat(u, q, n, PKT_NAT_SRC | PKT_NAT_L4SUM, 1,
	    "IPv6 UDP source NAT that left the checksum");

	quote(t, o, q, &n);
	snat(q, n, 2002);
	check_nat(t, q, n, PKT_NAT_SRC | PKT_NAT_SPORT, 1, "IPv6 TCP NAPT");
	pkt_free(u);
	pkt_free(t);
}

int
main(void)
{
	char s[128];

	ipv4_udp();
	ipv4_tcp_icmp();
	ipv6();
	pkt_nat_fmt(s, sizeof(s), 0);
	CHECK(s[0] == '\0', "no names for 0");
	pkt_nat_fmt(s, sizeof(s), 0xff);
	CHECK(strcmp(s, "src,dst,id,chksum,sport,dport,echo-id,l4-chksum") == 0,
	    "every name: %s", s);
	pkt_nat_fmt(s, 8, 0xff);
	CHECK(strlen(s) < 8, "cut to fit: %s", s);
	return unit_done();
}
