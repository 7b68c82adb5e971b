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

	probe_bytes(p, o, &n);

	memcpy(q, o, n);
	arrived(q);
	CHECK((m = cmp(p, q, n, &same)) == 0 && same,
	    "quoted as it arrived: 0x%x, same %d", m, same);
	CHECK(cmp(p, o, n, &same) == 0, "quoted as sent (TTL 3)");

	/* A TTL taken off without its checksum: no rewrite. */
	memcpy(q, o, n);
	arrived(q);
	q[8] = 0;
	CHECK((m = cmp(p, q, n, &same)) == 0, "TTL 0, checksum of TTL 1: 0x%x", m);
	memcpy(q, o, n);
	q[8] = 1;
	CHECK((m = cmp(p, q, n, &same)) == PKT_NAT_CHKSUM,
	    "TTL 1, checksum of TTL 3: 0x%x", m);

	/* Another TOS (DSCP remarked, ECN) is no rewrite either. */
	memcpy(q, o, n);
	arrived(q);
	q[1] = 0x2a;
	fix_sums(q, n);
	CHECK((m = cmp(p, q, n, &same)) == 0, "TOS: 0x%x", m);

	/* DF set on the way (a checksum fixed), a total length quoted
	 * otherwise, with its checksum or without (routers' quirks): no
	 * rewrite of what a NAT rewrites. */
	memcpy(q, o, n);
	arrived(q);
	q[6] = 0x40;
	fix_sums(q, n);
	CHECK((m = cmp(p, q, n, &same)) == 0, "DF set on the way: 0x%x", m);
	memcpy(q, o, n);
	arrived(q);
	put16(q + 2, (unsigned)n + 20);
	CHECK((m = cmp(p, q, n, &same)) == 0 && same,
	    "a longer length quoted, its checksum not updated: 0x%x", m);
	fix_sums(q, n);
	CHECK((m = cmp(p, q, n, &same)) == 0 && same,
	    "a longer length quoted, its checksum updated: 0x%x", m);

	/* A stateless source NAT, checksums fixed: the source alone. */
	memcpy(q, o, n);
	arrived(q);
	q[14] = 2, q[15] = 1;
	fix_sums(q, n);
	m = cmp(p, q, n, &same);
	pkt_nat_fmt(s, sizeof(s), m);
	CHECK(m == PKT_NAT_SRC && same, "source NAT: %s, same %d", s, same);

	/* ... that put the source back but not the checksums. */
	memcpy(q, o, n);
	arrived(q);
	q[13] = 7;
	fix_sums(q, n);
	q[13] = 0;
	m = cmp(p, q, n, &same);
	pkt_nat_fmt(s, sizeof(s), m);
	CHECK(m == (PKT_NAT_CHKSUM | PKT_NAT_L4SUM) && same,
	    "source put back, checksums not: %s", s);

	/* Source and port, as a NAPT. */
	memcpy(q, o, n);
	arrived(q);
	q[14] = 2, q[15] = 1;
	put16(q + 20, 2005);
	fix_sums(q, n);
	m = cmp(p, q, n, &same);
	pkt_nat_fmt(s, sizeof(s), m);
	CHECK(m == (PKT_NAT_SRC | PKT_NAT_SPORT) && same, "NAPT: %s", s);
	CHECK(strcmp(s, "src,sport") == 0, "names: %s", s);

	/* Destination NAT (port too): the source says which probe. */
	memcpy(q, o, n);
	arrived(q);
	q[17] = 7;
	put16(q + 22, 53);
	fix_sums(q, n);
	m = cmp(p, q, n, &same);
	CHECK(m == (PKT_NAT_DST | PKT_NAT_DPORT) && same, "DNAT: 0x%x", m);

	/* Both addresses: not known for this probe's. */
	q[14] = 2;
	fix_sums(q, n);
	m = cmp(p, q, n, &same);
	CHECK(m == (PKT_NAT_SRC | PKT_NAT_DST | PKT_NAT_DPORT) && !same,
	    "both addresses: 0x%x, same %d", m, same);

	/* The IP id rewritten: that was the identity. */
	memcpy(q, o, n);
	arrived(q);
	put16(q + 4, 9);
	fix_sums(q, n);
	m = cmp(p, q, n, &same);
	CHECK(m == PKT_NAT_ID && !same, "IP id: 0x%x, same %d", m, same);

	/* The RFC 792 minimum, 8 bytes of UDP: ports and checksum are
	 * there; 4 bytes: ports only. */
	memcpy(q, o, n);
	arrived(q);
	q[14] = 2;
	fix_sums(q, n);
	m = cmp(p, q, 28, &same);
	CHECK(m == PKT_NAT_SRC && same, "8 bytes of UDP: 0x%x", m);
	put16(q + 26, 1);
	m = cmp(p, q, 28, &same);
	CHECK(m == (PKT_NAT_SRC | PKT_NAT_L4SUM), "8 bytes, checksum: 0x%x", m);
	m = cmp(p, q, 20, &same);
	CHECK(m == PKT_NAT_SRC && same, "IP header alone: 0x%x", m);

	/* A probe captured before its checksum was filled (offload: a veth
	 * never fills it, and routers quote it as it came). */
	{
		struct pkt_pkt *b = unit_pkt("IP(src=\"10.0.1.1\",dst=\"10.0.9.2\","
		    "ttl=1,id=38412)/UDP(sport=57862,dport=33434,chksum=0x1e3c)/"
		    "Raw(load=\"@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\\\]^_\")");
		uint8_t bq[80];
		size_t bn;

		probe_bytes(b, bq, &bn);
		CHECK((m = cmp(b, bq, bn, &same)) == 0 && same,
		    "a checksum left to offload: 0x%x", m);
		bq[15] = 9;
		fix_sums(bq, bn);
		CHECK((m = cmp(b, bq, bn, &same)) == PKT_NAT_SRC,
		    "a checksum left to offload, source rewritten: 0x%x", m);
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
	unsigned m;

	probe_bytes(p, o, &n);
	memcpy(q, o, n);
	arrived(q);
	CHECK((m = cmp(p, q, n, &same)) == 0 && same, "TCP as it arrived: 0x%x", m);
	q[14] = 2;
	put16(q + 20, 2001);
	fix_sums(q, n);
	CHECK((m = cmp(p, q, n, &same)) == (PKT_NAT_SRC | PKT_NAT_SPORT) && same,
	    "TCP NAPT: 0x%x", m);
	/* 8 bytes of TCP: no checksum to compare. */
	put16(q + 36, 0);
	CHECK((m = cmp(p, q, 28, &same)) == (PKT_NAT_SRC | PKT_NAT_SPORT) && same,
	    "TCP cut at 8 bytes: 0x%x", m);
	CHECK((m = cmp(p, q, n, &same)) == (PKT_NAT_SRC | PKT_NAT_SPORT |
	    PKT_NAT_L4SUM), "TCP checksum: 0x%x", m);
	/* MSS clamping added an option (and fixed the checksums): no
	 * rewrite of what a NAT rewrites. */
	{
		struct pkt_pkt *c = unit_pkt("IP(src=\"10.0.1.1\",dst=\"10.0.9.2\","
		    "ttl=1,id=77)/TCP(sport=40000,dport=80,seq=0x02000005,flags=\"S\","
		    "options=[(\"MSS\",1400)])");
		uint8_t cq[64];
		size_t cn;

		probe_bytes(c, cq, &cn);
		CHECK((m = cmp(p, cq, cn, &same)) == 0 && same,
		    "an MSS option added on the way: 0x%x", m);
		pkt_free(c);
	}
	/* Another sequence number: another probe. */
	memcpy(q, o, n);
	arrived(q);
	q[14] = 2;
	q[27] = 6;
	fix_sums(q, n);
	(void)cmp(p, q, n, &same);
	CHECK(!same, "TCP of another seq");

	probe_bytes(e, o, &n);
	memcpy(q, o, n);
	arrived(q);
	CHECK((m = cmp(e, q, n, &same)) == 0 && same, "echo as it arrived: 0x%x", m);
	put16(q + 24, 1000);	/* Linux's NAT rewrites the echo id */
	q[14] = 2;
	fix_sums(q, n);
	CHECK((m = cmp(e, q, n, &same)) == (PKT_NAT_SRC | PKT_NAT_ECHOID) && same,
	    "echo NAT: 0x%x", m);
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
	bool same;
	unsigned m;

	probe_bytes(u, o, &n);
	memcpy(q, o, n);
	arrived(q);
	/* No IP id, and a UDP probe's identity, its checksum, is what a
	 * rewrite changes: nothing to know the probe by but Scapy's rules. */
	CHECK((m = cmp(u, q, n, &same)) == 0 && !same, "IPv6 UDP: 0x%x", m);
	q[11] = 2;
	fix_sums(q, n);
	CHECK((m = cmp(u, q, n, &same)) == PKT_NAT_SRC && !same,
	    "IPv6 UDP source NAT: 0x%x, same %d", m, same);

	probe_bytes(t, o, &n);
	memcpy(q, o, n);
	arrived(q);
	q[11] = 2;
	put16(q + 40, 2002);
	fix_sums(q, n);
	CHECK((m = cmp(t, q, n, &same)) == (PKT_NAT_SRC | PKT_NAT_SPORT) && same,
	    "IPv6 TCP NAPT: 0x%x, same %d", m, same);
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
