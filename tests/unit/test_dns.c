/* test_dns.c: DNS, DNSQR, DNSRR (common/layers/dns.c): packets built
 * through the API give Scapy's bytes (tests/golden/build.tsv); the golden
 * capture and hand-made messages (compression, pointer loops, pointers past
 * the end, huge counts, truncation, garbage) dissect to the expected fields
 * and rebuild to the very same bytes. */
#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pkt.h"
#include "util.h"
#include "unit.h"

extern const struct pkt_layer pkt_layer_ether, pkt_layer_ip, pkt_layer_ipv6,
    pkt_layer_tcp, pkt_layer_udp, pkt_layer_dns, pkt_layer_dnsqr,
    pkt_layer_dnsrr;



/* ---- building values ---------------------------------------------------- */

static int
fidx(const struct pkt_li *li, const char *name)
{
	size_t i;

	/* The present field of that name (rdata is one per type). */
	for (i = 0; i < li->l->nf; i++)
		if (strcmp(li->l->f[i].name, name) == 0 && pkt_li_present(li, i))
			return (int)i;
	for (i = 0; i < li->l->nf; i++)	/* DNS.length: present once set */
		if (strcmp(li->l->f[i].name, name) == 0)
			return (int)i;
	printf("no field %s in %s\n", name, li->l->name);
	exit(1);
}

static void
seti(struct pkt_li *li, const char *name, uint64_t u)
{
	pkt_li_setu(li, (size_t)fidx(li, name), u);
}

static void
setstr(struct pkt_val *v, const char *s, size_t n)
{
	pkt_val_clear(v);
	v->b = pkt_xmalloc(n + 1);
	memcpy(v->b, s, n);
	v->b[n] = '\0';
	v->blen = n;
	v->set = true;
}

static void
setname(struct pkt_li *li, const char *f, const char *name)
{
	setstr(&li->v[fidx(li, f)], name, strlen(name));
}

static struct pkt_li *
additem(struct pkt_li *dns, const char *list, const struct pkt_layer *l)
{
	struct pkt_val *v = &dns->v[fidx(dns, list)];

	v->items = pkt_xrealloc(v->items, (v->nitems + 1) * sizeof(*v->items));
	pkt_li_init(&v->items[v->nitems], l);
	v->set = true;
	return &v->items[v->nitems++];
}

static struct pkt_li *
qr(struct pkt_li *dns, const char *name, int qtype, int qclass)
{
	struct pkt_li *q = additem(dns, "qd", &pkt_layer_dnsqr);

	setname(q, "qname", name);
	if (qtype >= 0)
		seti(q, "qtype", (uint64_t)qtype);
	if (qclass >= 0)
		seti(q, "qclass", (uint64_t)qclass);
	return q;
}

/* rdata as text: an address, a name, TXT strings separated by '|', or
 * bytes, by the record's type. */
static void
rrfill(struct pkt_li *r, const char *name, int type, long ttl, const char *rdata)
{
	struct pkt_val *v;

	setname(r, "rrname", name);
	if (type >= 0)
		seti(r, "type", (uint64_t)type);
	if (ttl >= 0)
		seti(r, "ttl", (uint64_t)ttl);
	if (rdata == NULL)
		return;
	v = &r->v[fidx(r, "rdata")];
	switch (r->l->f[fidx(r, "rdata")].type) {
	case PKT_F_IPV4:
		inet_pton(AF_INET, rdata, v->a);
		v->set = true;
		break;
	case PKT_F_IPV6:
		inet_pton(AF_INET6, rdata, v->a);
		v->set = true;
		break;
	case PKT_F_OPTS:
		v->set = true;
		while (rdata != NULL) {
			const char *bar = strchr(rdata, '|');
			size_t n = bar ? (size_t)(bar - rdata) : strlen(rdata);

			v->opts = pkt_xrealloc(v->opts, (v->nopts + 1) * sizeof(*v->opts));
			v->opts[v->nopts].kind = 0;
			v->opts[v->nopts].len = n;
			v->opts[v->nopts].data = pkt_xmalloc(n ? n : 1);
			memcpy(v->opts[v->nopts].data, rdata, n);
			v->nopts++;
			rdata = bar ? bar + 1 : NULL;
		}
		break;
	default:
		setstr(v, rdata, strlen(rdata));
		break;
	}
}

static struct pkt_li *
rr(struct pkt_li *dns, const char *list, const char *name, int type, long ttl,
    const char *rdata)
{
	struct pkt_li *r = additem(dns, list, &pkt_layer_dnsrr);

	rrfill(r, name, type, ttl, rdata);
	return r;
}

/* IP()/UDP(sport, dport) or IP()/TCP(sport, dport, flags=PA); -1: unset. */
static struct pkt_li *
l4(struct pkt_pkt *p, bool tcp, long sport, long dport)
{
	struct pkt_li *li;

	pkt_push(p, &pkt_layer_ip);
	li = pkt_push(p, tcp ? &pkt_layer_tcp : &pkt_layer_udp);
	if (sport >= 0)
		seti(li, "sport", (uint64_t)sport);
	if (dport >= 0)
		seti(li, "dport", (uint64_t)dport);
	if (tcp)
		seti(li, "flags", 0x18);
	return pkt_push(p, &pkt_layer_dns);
}

static void
hex(const uint8_t *b, size_t n, char *out)
{
	pkt_hex_encode(b, n, out);
}

static void
check_built(struct pkt_pkt *p, const char *what, const char *want)
{
	char eb[PKT_ERRBUF], got[4096];

	if (pkt_build(p, &pkt_env_default, eb) < 0) {
		CHECK(0, "%s: build error: %s", what, eb);
		pkt_free(p);
		return;
	}
	if (p->rawlen * 2 + 1 > sizeof(got)) {
		CHECK(0, "%s: too long", what);
		pkt_free(p);
		return;
	}
	hex(p->raw, p->rawlen, got);
	CHECK(strcmp(got, want) == 0, "%s\n  want %s\n  got  %s", what, want, got);
	pkt_free(p);
}

/* Specs and bytes from tests/golden/build.tsv (Scapy 2.5's raw()). */
static void
test_build(void)
{
	struct pkt_pkt *p;
	struct pkt_li *d, *r;

	p = pkt_new();
	l4(p, false, -1, -1);
	check_built(p, "IP()/UDP()/DNS()",
	    "4500003d0001000040117cad7f0000017f000001003500350029b6d30000010000010000000000000377777707"
	    "6578616d706c6503636f6d0000010001");

	p = pkt_new();
	d = l4(p, false, 12345, 53);
	seti(d, "rd", 1);
	qr(d, "example.com", -1, -1);
	check_built(p, "IP()/UDP(sport=12345,dport=53)/DNS(rd=1,qd=DNSQR(qname=\"example.com\"))",
	    "450000390001000040117cb17f0000017f00000130390035002501c6000001000001000000000000076578616d"
	    "706c6503636f6d0000010001");

	p = pkt_new();
	d = l4(p, false, 12345, 53);
	seti(d, "id", 0x1234);
	qr(d, "example.com", 28, -1);
	check_built(p, "DNS(id=0x1234,qd=DNSQR(qname=\"example.com\",qtype=\"AAAA\"))",
	    "450000390001000040117cb17f0000017f000001303900350025d491123401000001000000000000076578616d"
	    "706c6503636f6d00001c0001");

	p = pkt_new();
	d = l4(p, false, 12345, 53);
	qr(d, "version.bind", 16, 3);
	check_built(p, "DNSQR(qname=\"version.bind\",qtype=\"TXT\",qclass=\"CH\")",
	    "4500003a0001000040117cb07f0000017f000001303900350026ae8c0000010000010000000000000776657273"
	    "696f6e0462696e640000100003");

	p = pkt_new();
	d = l4(p, false, 12345, 53);
	qr(d, ".", -1, -1);
	check_built(p, "DNSQR(qname=\".\")",
	    "4500002d0001000040117cbd7f0000017f000001303900350019ce4a0000010000010000000000000000010001");

	p = pkt_new();
	d = l4(p, false, 53, 12345);
	seti(d, "id", 1);
	seti(d, "qr", 1);
	seti(d, "aa", 1);
	seti(d, "rd", 1);
	seti(d, "ra", 1);
	qr(d, "example.com", -1, -1);
	rr(d, "an", "example.com", 1, 300, "93.184.216.34");
	check_built(p, "DNS(id=1,qr=1,aa=1,rd=1,ra=1,...,an=DNSRR(A 93.184.216.34))",
	    "450000540001000040117c967f0000017f000001003530390040d933000185800001000100000000076578616d"
	    "706c6503636f6d0000010001076578616d706c6503636f6d00000100010000012c00045db8d822");

	p = pkt_new();
	d = l4(p, false, 53, 12345);
	seti(d, "id", 2);
	seti(d, "qr", 1);
	seti(d, "ra", 1);
	qr(d, "example.com", 28, -1);
	rr(d, "an", "example.com", 28, 3600, "2001:db8::1");
	check_built(p, "an=DNSRR(AAAA 2001:db8::1)",
	    "450000600001000040117c8a7f0000017f00000100353039004cbd30000281800001000100000000076578616d"
	    "706c6503636f6d00001c0001076578616d706c6503636f6d00001c000100000e10001020010db8000000000000"
	    "000000000001");

	p = pkt_new();
	d = l4(p, false, 53, 12345);
	seti(d, "qr", 1);
	qr(d, "example.com", 16, -1);
	rr(d, "an", "example.com", 16, 300, "v=spf1 -all");
	check_built(p, "an=DNSRR(TXT \"v=spf1 -all\")",
	    "4500005c0001000040117c8e7f0000017f000001003530390048802b000081000001000100000000076578616d"
	    "706c6503636f6d0000100001076578616d706c6503636f6d00001000010000012c000c0b763d73706631202d61"
	    "6c6c");

	p = pkt_new();
	d = l4(p, false, 53, 12345);
	seti(d, "qr", 1);
	qr(d, "4.3.2.1.in-addr.arpa", 12, -1);
	rr(d, "an", "4.3.2.1.in-addr.arpa", 12, 300, "host.example.com");
	check_built(p, "an=DNSRR(PTR host.example.com)",
	    "450000740001000040117c767f0000017f000001003530390060c9a8000081000001000100000000013401330132"
	    "013107696e2d61646472046172706100000c0001013401330132013107696e2d61646472046172706100000c00"
	    "010000012c001204686f7374076578616d706c6503636f6d00");

	p = pkt_new();
	d = l4(p, false, 53, 12345);
	seti(d, "qr", 1);
	qr(d, "www.example.com", -1, -1);
	rr(d, "an", "www.example.com", 5, -1, "example.com");
	rr(d, "an", "example.com", -1, -1, "192.0.2.10");
	check_built(p, "an=DNSRR(CNAME)/DNSRR(A)",
	    "450000800001000040117c6a7f0000017f00000100353039006cafa200008100000100020000000003777777076578"
	    "616d706c6503636f6d000001000103777777076578616d706c6503636f6d000005000100000000000d076578616d"
	    "706c6503636f6d00076578616d706c6503636f6d0000010001000000000004c000020a");

	p = pkt_new();
	d = l4(p, false, 53, 12345);
	seti(d, "qr", 1);
	qr(d, "example.com", -1, -1);
	rr(d, "ns", "example.com", 2, -1, "ns1.example.com");
	rr(d, "ar", "ns1.example.com", -1, -1, "192.0.2.53");
	check_built(p, "ns=DNSRR(NS),ar=DNSRR(A)",
	    "450000800001000040117c6a7f0000017f00000100353039006c02ca000081000001000000010001076578616d70"
	    "6c6503636f6d0000010001076578616d706c6503636f6d0000020001000000000011036e7331076578616d706c65"
	    "03636f6d00036e7331076578616d706c6503636f6d0000010001000000000004c0000235");

	p = pkt_new();
	d = l4(p, false, -1, -1);
	seti(d, "opcode", 2);
	seti(d, "tc", 1);
	seti(d, "z", 1);
	seti(d, "ad", 1);
	seti(d, "cd", 1);
	qr(d, "example.com", -1, -1);
	check_built(p, "DNS(opcode=2,tc=1,z=1,ad=1,cd=1)",
	    "450000390001000040117cb17f0000017f0000010035003500251f5a000013700001000000000000076578616d70"
	    "6c6503636f6d0000010001");

	p = pkt_new();
	d = l4(p, false, -1, -1);
	seti(d, "qdcount", 5);
	qr(d, "example.com", -1, -1);
	check_built(p, "DNS(qdcount=5)",
	    "450000390001000040117cb17f0000017f00000100350035002531c6000001000005000000000000076578616d70"
	    "6c6503636f6d0000010001");

	p = pkt_new();
	d = l4(p, false, -1, -1);
	seti(d, "ancount", 1);
	check_built(p, "DNS(ancount=1)",
	    "4500003d0001000040117cad7f0000017f000001003500350029b6d200000100000100010000000003777777076578"
	    "616d706c6503636f6d0000010001");

	p = pkt_new();
	d = l4(p, false, -1, -1);
	d->v[fidx(d, "qd")].set = true;	/* qd=None: no question */
	check_built(p, "DNS(qd=None)",
	    "450000280001000040117cc27f0000017f000001003500350014005a000001000000000000000000");

	p = pkt_new();
	d = pkt_push(p, &pkt_layer_dns);
	qr(d, "example.com", -1, -1);
	check_built(p, "DNS(qd=DNSQR(qname=\"example.com\"))",
	    "000001000001000000000000076578616d706c6503636f6d0000010001");

	p = pkt_new();
	r = pkt_push(p, &pkt_layer_dnsqr);
	setname(r, "qname", "example.com");
	seti(r, "qtype", 28);
	check_built(p, "DNSQR(qname=\"example.com\",qtype=\"AAAA\")",
	    "076578616d706c6503636f6d00001c0001");

	p = pkt_new();
	r = pkt_push(p, &pkt_layer_dnsrr);
	rrfill(r, "example.com", -1, -1, "10.0.0.1");
	check_built(p, "DNSRR(rrname=\"example.com\",rdata=\"10.0.0.1\")",
	    "076578616d706c6503636f6d00000100010000000000040a000001");

	p = pkt_new();
	r = pkt_push(p, &pkt_layer_dnsrr);
	rrfill(r, "example.com", 16, -1, "hello world");
	check_built(p, "DNSRR(type=\"TXT\",rdata=\"hello world\")",
	    "076578616d706c6503636f6d000010000100000000000c0b68656c6c6f20776f726c64");

	p = pkt_new();
	r = pkt_push(p, &pkt_layer_dnsrr);
	rrfill(r, "example.com", 28, 0, "::1");
	check_built(p, "DNSRR(type=\"AAAA\",ttl=0,rdata=\"::1\")",
	    "076578616d706c6503636f6d00001c000100000000001000000000000000000000000000000001");

	p = pkt_new();
	r = pkt_push(p, &pkt_layer_dnsrr);
	rrfill(r, "example.com", 1, 1, "1.2.3.4");
	seti(r, "rclass", 3);
	check_built(p, "DNSRR(type=\"A\",rclass=\"CH\",ttl=1,rdata=\"1.2.3.4\")",
	    "076578616d706c6503636f6d000001000300000001000401020304");

	p = pkt_new();
	r = pkt_push(p, &pkt_layer_dnsrr);
	rrfill(r, "example.com", 1, -1, "1.2.3.4");
	seti(r, "rdlen", 8);
	check_built(p, "DNSRR(type=\"A\",rdlen=8,rdata=\"1.2.3.4\")",
	    "076578616d706c6503636f6d000001000100000000000801020304");

	p = pkt_new();
	d = l4(p, true, 12345, 53);
	qr(d, "example.com", -1, -1);
	check_built(p, "IP()/TCP(sport=12345,dport=53,flags=\"PA\")/DNS(...)",
	    "450000470001000040067cae7f0000017f0000013039003500000000000000005018200091b20000001d00000100"
	    "0001000000000000076578616d706c6503636f6d0000010001");

	p = pkt_new();
	d = l4(p, true, 53, 12345);
	seti(d, "qr", 1);
	qr(d, "example.com", -1, -1);
	rr(d, "an", "example.com", -1, -1, "192.0.2.1");
	check_built(p, "IP()/TCP(sport=53,...)/DNS(qr=1,...,an=DNSRR(A))",
	    "450000620001000040067c937f0000017f00000100353039000000000000000050182000e2a600000038000081"
	    "000001000100000000076578616d706c6503636f6d0000010001076578616d706c6503636f6d000001000100"
	    "0000000004c0000201");

	p = pkt_new();
	d = l4(p, true, 12345, 53);
	seti(d, "length", 100);
	qr(d, "example.com", -1, -1);
	check_built(p, "TCP/DNS(length=100)",
	    "450000470001000040067cae7f0000017f00000130390035000000000000000050182000916b000000640000"
	    "01000001000000000000076578616d706c6503636f6d0000010001");

	p = pkt_new();
	{
		struct pkt_li *ip6 = pkt_push(p, &pkt_layer_ipv6), *u;

		inet_pton(AF_INET6, "2001:db8::1", ip6->v[fidx(ip6, "src")].a);
		ip6->v[fidx(ip6, "src")].set = true;
		inet_pton(AF_INET6, "2001:db8::53", ip6->v[fidx(ip6, "dst")].a);
		ip6->v[fidx(ip6, "dst")].set = true;
		u = pkt_push(p, &pkt_layer_udp);
		seti(u, "sport", 12345);
		seti(u, "dport", 53);
		d = pkt_push(p, &pkt_layer_dns);
		qr(d, "example.com", 28, -1);
	}
	check_built(p, "IPv6(...)/UDP(sport=12345,dport=53)/DNS(AAAA)",
	    "600000000025114020010db800000000000000000000000120010db80000000000000000000000533039003500"
	    "258902000001000001000000000000076578616d706c6503636f6d00001c0001");

	/* TCP()/DNS(): Scapy's overload makes sport 53 (dport stays 80). */
	p = pkt_new();
	pkt_push(p, &pkt_layer_tcp);
	pkt_push(p, &pkt_layer_dns);
	{
		char eb[PKT_ERRBUF];

		CHECK(pkt_build(p, NULL, eb) == 0, "TCP()/DNS(): %s", eb);
		CHECK(p->rawlen > 4 && p->raw[0] == 0 && p->raw[1] == 53 &&
		    p->raw[2] == 0 && p->raw[3] == 80, "TCP()/DNS(): ports");
		CHECK(p->rawlen == 20 + 2 + 33 && p->raw[20] == 0 && p->raw[21] == 33,
		    "TCP()/DNS(): length %zu", p->rawlen);
	}
	pkt_free(p);

	/* Names with a pointer are written with it; errors are reported. */
	p = pkt_new();
	d = pkt_push(p, &pkt_layer_dns);
	qr(d, "www.example.com", -1, -1);
	r = rr(d, "an", "www.example.com", 5, 60, "mail.example.com");
	r->v[0].u = PKT_NAMEPTR(0, 12);
	r->v[fidx(r, "rdata")].u = PKT_NAMEPTR(1, 16);
	check_built(p, "compressed names",
	    "000001000001000100000000037777770765"
	    "78616d706c6503636f6d0000010001c00c000500010000003c0007046d61696cc010");
	{
		char eb[PKT_ERRBUF];

		p = pkt_new();
		d = pkt_push(p, &pkt_layer_dns);
		r = qr(d, "a.b", -1, -1);
		r->v[0].u = PKT_NAMEPTR(3, 12);
		CHECK(pkt_build(p, NULL, eb) < 0 && strstr(eb, "labels") != NULL,
		    "too few labels: %s", eb);
		pkt_free(p);
		p = pkt_new();
		d = pkt_push(p, &pkt_layer_dns);
		qr(d, "a..b", -1, -1);
		CHECK(pkt_build(p, NULL, eb) < 0 && strstr(eb, "empty label") != NULL,
		    "empty label: %s", eb);
		pkt_free(p);
		p = pkt_new();
		d = pkt_push(p, &pkt_layer_dns);
		qr(d, "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa.com", -1, -1);
		CHECK(pkt_build(p, NULL, eb) < 0 && strstr(eb, "63") != NULL,
		    "long label: %s", eb);
		pkt_free(p);
	}

	/* TXT: several strings, an empty one, one of 300 bytes (split). */
	{
		char big[301], want[2048], *w;
		uint8_t bb[400];
		size_t k;

		memset(big, 'x', 300);
		big[300] = '\0';
		p = pkt_new();
		r = pkt_push(p, &pkt_layer_dnsrr);
		rrfill(r, ".", 16, -1, "ab||c");
		check_built(p, "TXT [ab, '', c]", "00001000010000000000060261620001"
		    "63");
		p = pkt_new();
		r = pkt_push(p, &pkt_layer_dnsrr);
		rrfill(r, ".", 16, -1, big);
		w = want;
		w += sprintf(w, "000010000100000000012e");
		bb[0] = 255;
		memset(bb + 1, 'x', 255);
		bb[256] = 45;
		memset(bb + 257, 'x', 45);
		for (k = 0; k < 302; k++)
			w += sprintf(w, "%02x", bb[k]);
		check_built(p, "TXT 300 bytes", want);
	}
}

/* ---- dissection ----------------------------------------------------------- */

static struct pkt_pkt *
dissect(int dlt, const uint8_t *b, size_t n)
{
	struct pkt_pkt *p = pkt_new();
	char eb[PKT_ERRBUF];

	pkt_dissect(p, dlt, b, n, (uint32_t)n, eb);
	return p;
}

/* Rebuilding the dissected tree gives the same bytes. */
static void
check_rebuild(struct pkt_pkt *p, const uint8_t *b, size_t n, const char *what)
{
	struct pkt_pkt *c = pkt_copy(p);
	char eb[PKT_ERRBUF];

	if (pkt_build(c, NULL, eb) < 0)
		CHECK(0, "%s: rebuild: %s", what, eb);
	else
		CHECK(c->rawlen == n && memcmp(c->raw, b, n) == 0,
		    "%s: rebuilt %zu bytes differ from the %zu read", what,
		    c->rawlen, n);
	pkt_free(c);
}

static int
find(const struct pkt_pkt *p, const struct pkt_layer *l)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->li[i].l == l)
			return (int)i;
	return -1;
}

static uint64_t
u(const struct pkt_li *li, const char *f)
{
	return pkt_li_u(li, (size_t)fidx(li, f));
}

static const char *
name(const struct pkt_li *li, const char *f)
{
	const struct pkt_val *v = &li->v[fidx(li, f)];

	return v->set && v->b ? (const char *)v->b : "(unset)";
}

static const struct pkt_val *
list(const struct pkt_li *li, const char *f)
{
	return &li->v[fidx(li, f)];
}

static void
summary(const struct pkt_pkt *p, int i, char *s, size_t n)
{
	s[0] = '\0';
	if (i >= 0)
		p->li[i].l->summary(p, (size_t)i, s, n);
}

static void
test_pcap(const char *top)
{
	char path[4096], s[256], a[64];
	uint8_t *buf = NULL;
	size_t len = 0, off = 24;
	FILE *f;
	int k = 0;

	snprintf(path, sizeof(path), "%s/tests/golden/pcap/en10mb-dns.pcap", top);
	if ((f = fopen(path, "rb")) == NULL) {
		CHECK(0, "%s: cannot open", path);
		return;
	}
	buf = pkt_xmalloc(65536);
	len = fread(buf, 1, 65536, f);
	fclose(f);
	CHECK(len > 24 && buf[0] == 0xd4 && buf[20] == 1, "pcap header");
	while (off + 16 <= len) {
		size_t cap = (size_t)buf[off + 8] | (size_t)buf[off + 9] << 8 |
		    (size_t)buf[off + 10] << 16 | (size_t)buf[off + 11] << 24;
		const uint8_t *b = buf + off + 16;
		struct pkt_pkt *p;
		const struct pkt_li *d, *q, *r;
		int di;

		if (cap > len - off - 16)
			break;
		p = dissect(1, b, cap);
		k++;
		di = find(p, &pkt_layer_dns);
		CHECK(di >= 0 && (size_t)di == p->n - 1, "packet %d: DNS last layer", k);
		if (di < 0) {
			pkt_free(p);
			off += 16 + cap;
			continue;
		}
		d = &p->li[di];
		q = list(d, "qd")->nitems ? &list(d, "qd")->items[0] : NULL;
		CHECK(q != NULL && list(d, "qd")->nitems == 1, "packet %d: one question", k);
		summary(p, di, s, sizeof(s));
		switch (k) {
		case 1:
			CHECK(u(d, "id") == 4660 && u(d, "qr") == 0 && u(d, "rd") == 1,
			    "packet 1 header");
			CHECK(q && strcmp(name(q, "qname"), "example.com.") == 0 &&
			    u(q, "qtype") == 1 && u(q, "qclass") == 1, "packet 1 question");
			CHECK(strcmp(s, "DNS Qry \"example.com.\" ") == 0, "summary 1: %s", s);
			CHECK(!pkt_li_present(d, 0), "no length over UDP");
			break;
		case 2:
			r = list(d, "an")->nitems == 1 ? &list(d, "an")->items[0] : NULL;
			CHECK(r != NULL && u(r, "ttl") == 300 && u(r, "rdlen") == 4 &&
			    strcmp(pkt_fmt_addr(&r->l->f[fidx(r, "rdata")],
			    r->v[fidx(r, "rdata")].a, a, sizeof(a)), "93.184.216.34") == 0,
			    "packet 2 answer");
			CHECK(u(d, "ra") == 1 && u(d, "ancount") == 1, "packet 2 header");
			CHECK(strcmp(s, "DNS Ans \"93.184.216.34\" ") == 0, "summary 2: %s", s);
			break;
		case 3:
			CHECK(q && u(q, "qtype") == 28 && u(d, "id") == 2, "packet 3");
			break;
		case 4:
			CHECK(list(d, "an")->nitems == 2, "packet 4: two answers");
			if (list(d, "an")->nitems == 2) {
				r = &list(d, "an")->items[0];
				CHECK(strcmp(name(r, "rrname"), "www.example.com.") == 0 &&
				    u(r, "type") == 5 && u(r, "rdlen") == 13 &&
				    strcmp(name(r, "rdata"), "example.com.") == 0,
				    "packet 4 CNAME");
				r = &list(d, "an")->items[1];
				CHECK(u(r, "type") == 28 && strcmp(pkt_fmt_addr(
				    &r->l->f[fidx(r, "rdata")], r->v[fidx(r, "rdata")].a,
				    a, sizeof(a)), "2001:db8::80") == 0, "packet 4 AAAA");
			}
			CHECK(strcmp(s, "DNS Ans \"example.com.\" ") == 0, "summary 4: %s", s);
			break;
		case 5:
			CHECK(u(d, "rcode") == 3 && q && u(q, "qtype") == 16 &&
			    strcmp(name(q, "qname"), "nx.example.") == 0, "packet 5");
			CHECK(strcmp(s, "DNS Ans ") == 0, "summary 5: %s", s);
			break;
		case 6:
			CHECK(p->li[di - 1].l == &pkt_layer_tcp && pkt_li_present(d, 0) &&
			    u(d, "length") == 29 && u(d, "id") == 4 && q &&
			    u(q, "qtype") == 15, "packet 6 (TCP)");
			break;
		}
		check_rebuild(p, b, cap, "golden pcap");
		pkt_free(p);
		off += 16 + cap;
	}
	CHECK(k == 6, "%d packets read", k);
	free(buf);
}

/* A DLT_RAW IPv4/UDP (or TCP) packet around a DNS payload. */
static size_t
wrap(uint8_t *out, const uint8_t *dns, size_t n, bool tcp)
{
	size_t h = tcp ? 20 : 8, tot = 20 + h + n;

	memset(out, 0, 20 + h);
	out[0] = 0x45;
	out[2] = (uint8_t)(tot >> 8);
	out[3] = (uint8_t)tot;
	out[8] = 64;
	out[9] = tcp ? 6 : 17;
	out[12] = 10, out[15] = 1;
	out[16] = 10, out[19] = 2;
	out[20] = 0x9c, out[21] = 0x40;
	out[22] = 0, out[23] = 53;
	if (tcp)
		out[32] = 0x50, out[33] = 0x18;
	else {
		out[24] = (uint8_t)((8 + n) >> 8);
		out[25] = (uint8_t)(8 + n);
	}
	memcpy(out + 20 + h, dns, n);
	return tot;
}

struct rt {
	const char *what;
	const char *hex;
	bool tcp;
	int items;	/* qd+an+ns+ar items read, -1: DNS truncated */
	bool raw;	/* a Raw layer follows DNS */
};

/* Hex with spaces between the parts, for reading. */
static const struct rt rt_cases[] = {
	/* www.example.com A; an: c00c CNAME -> "mail" + c010; c02d A */
	{ "compressed answer", "abcd 8180 0001 0002 0000 0000 "
	  "03777777 076578616d706c65 03636f6d 00 0001 0001 "
	  "c00c 0005 0001 0000003c 0007 046d61696c c010 "
	  "c02d 0001 0001 00000078 0004 c0000201", false, 3, false },
	{ "over TCP, offsets after the length", "0044 abcd 8180 0001 0002 0000 0000 "
	  "03777777 076578616d706c65 03636f6d 00 0001 0001 "
	  "c00c 0005 0001 0000003c 0007 046d61696c c010 "
	  "c02d 0001 0001 00000078 0004 c0000201", true, 3, false },
	{ "pointer loop", "0000 0100 0001 0000 0000 0000 c00c 0001 0001", false, 0, true },
	{ "pointer cycle of two", "0000 0100 0002 0000 0000 0000 c012 0001 0001 "
	  "c00c 0001 0001", false, 0, true },
	{ "pointer past the end", "0000 0100 0001 0000 0000 0000 c0ff 0001 0001", false, 0,
	  true },
	{ "pointer cut short", "0000 0100 0001 0000 0000 0000 c0", false, 0, true },
	{ "huge counts", "0000 0100 ffff ffff ffff ffff 0161 00 0001 0001", false, 1,
	  false },
	{ "truncated record", "0000 8180 0001 0001 0000 0000 0161 00 0001 0001 "
	  "0161 00 0001 00", false, 1, true },
	{ "rdata past the end", "0000 8180 0000 0001 0000 0000 00 0001 0001 00000000 "
	  "0010 0102", false, 0, true },
	{ "trailing garbage", "0000 0100 0001 0000 0000 0000 0161 00 0001 0001 deadbeef",
	  false, 1, true },
	{ "label with a dot", "0000 0100 0001 0000 0000 0000 03612e62 00 0001 0001", false,
	  0, true },
	{ "label with a NUL", "0000 0100 0001 0000 0000 0000 03610062 00 0001 0001", false,
	  0, true },
	{ "extended label type", "0000 0100 0001 0000 0000 0000 41 00 0001 0001", false, 0,
	  true },
	{ "A with rdlen 5", "0000 8180 0000 0001 0000 0000 00 0001 0001 00000000 0005 "
	  "c0000201 00", false, 0, true },
	{ "CNAME rdata longer than its name", "0000 8180 0000 0001 0000 0000 00 0005 0001 "
	  "00000000 0003 00 0000", false, 0, true },
	{ "CNAME rdata name running past rdlen", "0000 8180 0000 0001 0000 0000 00 0005 0001 "
	  "00000000 0002 0361 6263 00", false, 0, true },
	{ "TXT strings, one empty", "0000 8180 0000 0001 0000 0000 00 0010 0001 00000000 "
	  "0007 03616263 00 0178", false, 1, false },
	{ "TXT string past rdlen", "0000 8180 0000 0001 0000 0000 00 0010 0001 00000000 "
	  "0003 056162", false, 0, true },
	{ "EDNS OPT in ar", "0000 0100 0001 0000 0000 0001 0161 00 0001 0001 "
	  "00 0029 1000 00000000 0000", false, 2, false },
	{ "OPT with options", "0000 0100 0000 0000 0000 0001 00 0029 1000 00008000 0008 "
	  "000a 0004 01020304", false, 1, false },
	{ "MX rdata with a pointer", "0000 8180 0001 0001 0000 0000 0161 00 0001 0001 "
	  "c00c 000f 0001 00000e10 0004 000a c00c", false, 2, false },
	{ "header of 5 bytes", "1234 0100 00", false, -1, true },
	{ "header of 11 bytes", "1234 0100 0001 0000 0000 00", false, -1, true },
	{ "header only", "1234 0100 0000 0000 0000 0000", false, 0, false },
	{ "TCP length only", "0012", true, -1, false },
	{ "TCP odd byte", "00", true, -1, true },
	{ "TCP header of 3 bytes", "0012 1234 01", true, -1, true },
	{ "root name, empty rdata", "0000 8180 0000 0001 0000 0000 00 0006 0001 00000000 "
	  "0000", false, 1, false },
	{ "name then a pointer to itself", "0000 0100 0001 0000 0000 0000 0161 c00c "
	  "0001 0001", false, 0, true },
	{ "pointer into the header", "0000 0100 0001 0000 0000 0000 c002 0001 0001", false, 0,
	  true },
	{ "counts larger than the records", "0000 8180 0001 0005 0005 0005 0161 00 0001 0001 "
	  "c00c 0001 0001 00000000 0004 01020304", false, 2, false },
};

static size_t
unhex(const char *s, uint8_t *out, size_t cap)
{
	size_t n = 0;

	while (s[0] && n < cap) {
		unsigned v;

		if (s[0] == ' ') {
			s++;
			continue;
		}
		if (s[1] == '\0' || sscanf(s, "%2x", &v) != 1)
			break;
		out[n++] = (uint8_t)v;
		s += 2;
	}
	return n;
}

static void
test_roundtrip(void)
{
	uint8_t dns[512], pkt[600];
	size_t i;

	for (i = 0; i < sizeof(rt_cases) / sizeof(rt_cases[0]); i++) {
		const struct rt *c = &rt_cases[i];
		size_t n = unhex(c->hex, dns, sizeof(dns)), tot;
		struct pkt_pkt *p;
		int di;

		tot = wrap(pkt, dns, n, c->tcp);
		p = dissect(12, pkt, tot);
		di = find(p, &pkt_layer_dns);
		CHECK(di >= 0, "%s: no DNS layer", c->what);
		if (di >= 0) {
			const struct pkt_li *d = &p->li[di];
			size_t items = list(d, "qd")->nitems + list(d, "an")->nitems +
			    list(d, "ns")->nitems + list(d, "ar")->nitems;

			if (c->items < 0)
				CHECK(d->trunc, "%s: DNS not marked truncated", c->what);
			else
				CHECK(!d->trunc && items == (size_t)c->items,
				    "%s: %zu items, want %d", c->what, items, c->items);
			CHECK((find(p, &pkt_layer_raw) > di) == c->raw,
			    "%s: Raw layer %s", c->what, c->raw ? "missing" : "unexpected");
		}
		check_rebuild(p, pkt, tot, c->what);
		pkt_free(p);
	}

	/* Where the compression was: labels before the pointer, offset. */
	{
		size_t n = unhex(rt_cases[0].hex, dns, sizeof(dns));
		size_t tot = wrap(pkt, dns, n, false);
		struct pkt_pkt *p = dissect(12, pkt, tot);
		int di = find(p, &pkt_layer_dns);
		const struct pkt_li *d = di >= 0 ? &p->li[di] : NULL;

		if (d != NULL && list(d, "an")->nitems == 2) {
			const struct pkt_li *r = &list(d, "an")->items[0];
			const struct pkt_li *q = &list(d, "qd")->items[0];

			CHECK(q->v[0].u == 0, "qname uncompressed");
			CHECK(r->v[0].u == PKT_NAMEPTR(0, 12) &&
			    strcmp(name(r, "rrname"), "www.example.com.") == 0,
			    "rrname pointer %llx", (unsigned long long)r->v[0].u);
			CHECK(r->v[fidx(r, "rdata")].u == PKT_NAMEPTR(1, 16) &&
			    strcmp(name(r, "rdata"), "mail.example.com.") == 0,
			    "rdata pointer %llx %s",
			    (unsigned long long)r->v[fidx(r, "rdata")].u, name(r, "rdata"));
			CHECK(PKT_NAMEPTR_LABELS(r->v[fidx(r, "rdata")].u) == 1 &&
			    PKT_NAMEPTR_OFF(r->v[fidx(r, "rdata")].u) == 16, "macros");
			r = &list(d, "an")->items[1];
			CHECK(strcmp(name(r, "rrname"), "mail.example.com.") == 0 &&
			    r->v[0].u == PKT_NAMEPTR(0, 45), "pointer to a pointer");
		} else
			CHECK(0, "compressed answer not read");
		pkt_free(p);
	}
}

/* Mutations of a compressed answer: nothing crashes, all rebuilds. */
static void
test_mutations(void)
{
	uint8_t base[512], dns[512], pkt[600];
	size_t n = unhex(rt_cases[0].hex, base, sizeof(base)), i, bad = 0;
	uint32_t seed = 12345;

	for (i = 0; i < 20000; i++) {
		size_t m, k, len = n, tot;
		struct pkt_pkt *p, *c;
		char eb[PKT_ERRBUF];

		memcpy(dns, base, n);
		seed = seed * 1103515245 + 12345;
		m = 1 + (seed >> 16) % 4;
		for (k = 0; k < m; k++) {
			seed = seed * 1103515245 + 12345;
			dns[(seed >> 8) % n] = (uint8_t)(seed >> 24);
		}
		seed = seed * 1103515245 + 12345;
		if ((seed >> 16) % 3 == 0)
			len = (seed >> 4) % (n + 1);
		tot = wrap(pkt, dns, len, (i & 1) != 0);
		p = dissect(12, pkt, tot);
		c = pkt_copy(p);
		if (pkt_build(c, NULL, eb) < 0 || c->rawlen != tot ||
		    memcmp(c->raw, pkt, tot) != 0)
			bad++;
		pkt_free(c);
		pkt_free(p);
	}
	CHECK(bad == 0, "%zu of %d mutated messages did not rebuild the same", bad,
	    20000);
}

int
main(int argc, char **argv)
{
	const char *top = getenv("PKT_TOP");

	pkt_setprogname("test_dns");
	test_build();
	test_pcap(argc > 1 ? argv[1] : top ? top : ".");
	test_roundtrip();
	test_mutations();
	printf("%s %d checks, %d failed\n", failures ? "FAIL" : "ok", checks,
	    failures);
	return failures ? 1 : 0;
}
