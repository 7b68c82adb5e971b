/* test_l2.c: the link-layer and L2 layers (Dot1Q, Dot1AD, ARP, CookedLinux,
 * CookedLinuxV2, Loopback, PPP, HDLC): Scapy's bytes for the specs of
 * tests/golden/build.tsv, dissection of the golden captures of each link
 * type, and bytes -> tree -> bytes identity. */
#include <arpa/inet.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkt.h"
#include "util.h"
#include "unit.h"



extern const struct pkt_layer pkt_layer_dot1q, pkt_layer_dot1ad,
    pkt_layer_arp, pkt_layer_sll, pkt_layer_sll2, pkt_layer_loopback,
    pkt_layer_ppp, pkt_layer_hdlc;

/* ---- a tiny layer language for the tables (not SPEC.md's) ------------- *
 * "Ether dst=ff:ff:ff:ff:ff:ff/Dot1Q vlan=100/IP/UDP": layers by name,
 * fields name=value; a value is an address for address fields, bytes as
 * written for byte fields, else a number or an enum word. */

/* The field of that name that is present given what is set so far (ARP's
 * addresses have one entry per type under one name). */
static int
field_of(const struct pkt_li *li, const char *name)
{
	size_t i;
	int first = -1;

	for (i = 0; i < li->l->nf; i++) {
		if (strcmp(li->l->f[i].name, name) != 0)
			continue;
		if (first < 0)
			first = (int)i;
		if (pkt_li_present(li, i))
			return (int)i;
	}
	return first;
}

static int
set_field(struct pkt_li *li, const char *name, const char *val)
{
	int fi = field_of(li, name);
	const struct pkt_field *f;
	struct pkt_val *v;
	char *end;

	if (fi < 0)
		return -1;
	f = &li->l->f[fi];
	v = &li->v[fi];
	switch (f->type) {
	case PKT_F_MAC:
	case PKT_F_IPV4:
	case PKT_F_IPV6:
		if (pkt_parse_addr(f, val, v->a) < 0)
			return -1;
		v->set = true;
		return 0;
	case PKT_F_BYTES:
		pkt_val_clear(v);
		v->blen = strlen(val);
		v->b = pkt_xmalloc(v->blen + 1);
		memcpy(v->b, val, v->blen + 1);
		v->set = true;
		return 0;
	case PKT_F_UINT:
	case PKT_F_FLAGS:
		v->u = strtoull(val, &end, 0);
		if (*end != '\0' && pkt_name_val(f->names, val, &v->u) < 0)
			return -1;
		v->set = true;
		return 0;
	default:
		return -1;
	}
}

static struct pkt_pkt *
mk(const char *desc)
{
	struct pkt_pkt *p = pkt_new();
	char buf[1024], *save = NULL, *lay;

	snprintf(buf, sizeof(buf), "%s", desc);
	for (lay = strtok_r(buf, "/", &save); lay != NULL;
	    lay = strtok_r(NULL, "/", &save)) {
		char *s2 = NULL, *tok = strtok_r(lay, " ", &s2);
		const struct pkt_layer *l = pkt_layer_find(tok, NULL);
		struct pkt_li *li;

		if (l == NULL) {
			printf("test table: no layer %s\n", tok);
			pkt_free(p);
			return NULL;
		}
		li = pkt_push(p, l);
		while ((tok = strtok_r(NULL, " ", &s2)) != NULL) {
			char *eq = strchr(tok, '=');

			if (eq == NULL)
				continue;
			*eq = '\0';
			if (set_field(li, tok, eq + 1) < 0) {
				printf("test table: bad %s=%s in %s\n", tok, eq + 1,
				    l->name);
				pkt_free(p);
				return NULL;
			}
		}
	}
	return p;
}

static char *
hex(const uint8_t *b, size_t n)
{
	char *s = pkt_xmalloc(2 * n + 1);

	pkt_hex_encode(b, n, s);
	return s;
}

/* ---- build vectors (tests/golden/build.tsv, Scapy 2.5's raw()) ------- */

#define EB "Ether dst=ff:ff:ff:ff:ff:ff src=02:00:00:00:00:01"
#define EU "Ether dst=02:00:00:00:00:02 src=02:00:00:00:00:01"
static const struct {
	const char *desc, *hex;
	int dlt;
} builds[] = {
	{ EB "/Dot1Q vlan=100/IP/UDP",
	  "ffffffffffff0200000000018100006408004500001c0001000040117cce7f0000017f0000010035003500080172", 1 },
	{ EB "/Dot1Q prio=7 id=1 vlan=4095",
	  "ffffffffffff0200000000018100ffff0000", 1 },
	{ EB "/Dot1Q prio=5 id=0 vlan=10/Raw load=x",
	  "ffffffffffff0200000000018100a00a000078", 1 },
	{ EB "/Dot1Q vlan=1/ARP hwsrc=02:00:00:00:00:01 psrc=192.0.2.1 pdst=192.0.2.2",
	  "ffffffffffff0200000000018100000108060001080006040001020000000001c0000201000000000000c0000202", 1 },
	{ EB " type=0x88a8/Dot1Q vlan=100/Dot1Q vlan=200/IP/ICMP",
	  "ffffffffffff02000000000188a80064810000c808004500001c0001000040017cde7f0000017f0000010800f7ff00000000", 1 },
	{ EB "/Dot1Q vlan=1", "ffffffffffff020000000001810000010000", 1 },
	{ EB "/Dot1Q vlan=2", "ffffffffffff020000000001810000020000", 1 },
	{ EB "/Dot1Q vlan=3", "ffffffffffff020000000001810000030000", 1 },
	{ EB "/Dot1Q prio=0 vlan=10/Raw load=x",
	  "ffffffffffff0200000000018100000a000078", 1 },
	{ EB "/Dot1Q vlan=42 type=0x0800/Raw load=abcd",
	  "ffffffffffff0200000000018100002a080061626364", 1 },
	{ EB "/Dot1Q prio=3 vlan=7/IPv6 src=2001:db8::1 dst=2001:db8::2/TCP",
	  "ffffffffffff0200000000018100600786dd600000000014064020010db800000000000000000000000120010db800000000000000000000000200140050000000000000000050022000340a0000", 1 },
	{ EB "/Dot1Q vlan=2/IP ttl=2",
	  "ffffffffffff02000000000181000002080045000014000100000200bae77f0000017f000001", 1 },
	{ EB "/ARP hwsrc=02:00:00:00:00:01 psrc=192.0.2.1 pdst=192.0.2.2",
	  "ffffffffffff02000000000108060001080006040001020000000001c0000201000000000000c0000202", 1 },
	{ EB "/ARP op=who-has hwsrc=02:00:00:00:00:01 psrc=192.0.2.1 hwdst=00:00:00:00:00:00 pdst=192.0.2.254",
	  "ffffffffffff02000000000108060001080006040001020000000001c0000201000000000000c00002fe", 1 },
	{ EU "/ARP op=is-at hwsrc=02:00:00:00:00:01 psrc=192.0.2.1 hwdst=02:00:00:00:00:02 pdst=192.0.2.2",
	  "02000000000202000000000108060001080006040002020000000001c0000201020000000002c0000202", 1 },
	{ EU "/ARP op=2 hwsrc=02:00:00:00:00:01 psrc=192.0.2.1 hwdst=02:00:00:00:00:02 pdst=192.0.2.2",
	  "02000000000202000000000108060001080006040002020000000001c0000201020000000002c0000202", 1 },
	{ "ARP hwtype=1 ptype=0x0800 hwlen=6 plen=4 op=1 hwsrc=02:00:00:00:00:01 psrc=10.1.2.3 hwdst=ff:ff:ff:ff:ff:ff pdst=10.1.2.4",
	  "00010800060400010200000000010a010203ffffffffffff0a010204", -1 },
	{ "ARP hwsrc=02:00:00:00:00:01 psrc=192.0.2.1 pdst=192.0.2.1",
	  "0001080006040001020000000001c0000201000000000000c0000201", -1 },
	{ "ARP op=2 hwsrc=02:00:00:00:00:01 psrc=192.0.2.1 pdst=192.0.2.2",
	  "0001080006040002020000000001c0000201000000000000c0000202", -1 },
	{ EB "/ARP hwsrc=02:00:00:00:00:01 psrc=192.0.2.1 pdst=192.0.2.3",
	  "ffffffffffff02000000000108060001080006040001020000000001c0000201000000000000c0000203", 1 },
	{ "ARP op=3 hwsrc=02:00:00:00:00:01 psrc=192.0.2.1 hwdst=02:00:00:00:00:02 pdst=192.0.2.2",
	  "0001080006040003020000000001c0000201020000000002c0000202", -1 },
	{ "ARP hwtype=6 op=is-at hwsrc=aa:bb:cc:dd:ee:ff psrc=172.16.0.1 hwdst=11:22:33:44:55:66 pdst=172.16.0.2",
	  "000608001104000261613a62623a63633a64643a65653a6666ac10000131313a32323a33333a34343a35353a3636ac100002", -1 },
	/* Not in build.tsv: Scapy's defaults for the link headers. */
	{ "CookedLinux/IP/UDP",
	  "000002000000000000000000000008004500001c0001000040117cce7f0000017f0000010035003500080172", 113 },
	{ "CookedLinuxV2/IPv6 src=::1 dst=::1",
	  "86dd000000000000020000000000000000000000"
	  "6000000000003b4000000000000000000000000000000001"
	  "00000000000000000000000000000001", 276 },
	{ "Loopback/IP/ICMP",
	  "020000004500001c0001000040017cde7f0000017f0000010800f7ff00000000", 0 },
	{ "Loopback/IPv6 src=::1 dst=::1",
	  "0a0000006000000000003b4000000000000000000000000000000001"
	  "00000000000000000000000000000001", 0 },
	{ "PPP/IP/ICMP",
	  "00214500001c0001000040017cde7f0000017f0000010800f7ff00000000", 9 },
	{ "HDLC/PPP/IPv6 src=::1 dst=::1",
	  "ff0300576000000000003b4000000000000000000000000000000001"
	  "00000000000000000000000000000001", 50 },
};

static void
test_builds(void)
{
	size_t i;
	char eb[256];

	for (i = 0; i < sizeof(builds) / sizeof(builds[0]); i++) {
		struct pkt_pkt *p = mk(builds[i].desc);
		char *got;

		CHECK(p != NULL, "%s: not made", builds[i].desc);
		if (p == NULL)
			continue;
		eb[0] = '\0';
		if (pkt_build(p, &pkt_env_default, eb) < 0) {
			CHECK(0, "%s: build error %s", builds[i].desc, eb);
			pkt_free(p);
			continue;
		}
		got = hex(p->raw, p->rawlen);
		CHECK(strcmp(got, builds[i].hex) == 0, "%s\n  want %s\n  got  %s",
		    builds[i].desc, builds[i].hex, got);
		CHECK(p->dlt == builds[i].dlt, "%s: dlt %d, want %d",
		    builds[i].desc, p->dlt, builds[i].dlt);
		free(got);
		pkt_free(p);
	}
}

/* ---- dissection ------------------------------------------------------ */

/* Summary of the innermost layer that has one, as Scapy's summary(). */
static void
summary(const struct pkt_pkt *p, char *s, size_t n)
{
	size_t i = p->n;

	s[0] = '\0';
	while (i-- > 0)
		if (p->li[i].l->summary != NULL &&
		    p->li[i].l->summary(p, i, s, n))
			return;
}

static void
names(const struct pkt_pkt *p, char *s, size_t n)
{
	size_t i, k = 0;

	s[0] = '\0';
	for (i = 0; i < p->n && k < n; i++)
		k += (size_t)snprintf(s + k, n - k, "%s%s", i ? " / " : "",
		    pkt_layer_name(&p->li[i]));
}

static const struct pkt_li *
layer(const struct pkt_pkt *p, size_t i)
{
	return i < p->n ? &p->li[i] : NULL;
}

static uint64_t
fu(const struct pkt_li *li, const char *name)
{
	int fi = li != NULL ? field_of(li, name) : -1;

	return fi >= 0 ? pkt_li_u(li, (size_t)fi) : (uint64_t)-1;
}

static const char *
fa(const struct pkt_li *li, const char *name, char *buf, size_t n)
{
	int fi = li != NULL ? field_of(li, name) : -1;

	if (fi < 0 || !li->v[fi].set)
		return "(unset)";
	return pkt_fmt_addr(&li->l->f[fi], li->v[fi].a, buf, n);
}

/* Rebuild a dissected tree (every field set) and compare with the bytes. */
static void
rebuild(struct pkt_pkt *p, const uint8_t *data, size_t len, const char *what)
{
	char eb[256] = "";
	int dlt = p->dlt;

	if (pkt_build(p, &pkt_env_default, eb) < 0) {
		CHECK(0, "%s: rebuild error %s", what, eb);
		return;
	}
	if (p->rawlen != len || memcmp(p->raw, data, len) != 0) {
		char *w = hex(data, len), *g = hex(p->raw, p->rawlen);

		CHECK(0, "%s: rebuild differs\n  want %s\n  got  %s", what, w, g);
		free(w);
		free(g);
	} else
		checks++;
	CHECK(p->dlt == dlt, "%s: dlt changed to %d", what, p->dlt);
}

static struct pkt_pkt *
dissect(int dlt, const uint8_t *data, size_t len)
{
	struct pkt_pkt *p = pkt_new();
	char eb[256] = "";

	pkt_dissect(p, dlt, data, len, (uint32_t)len, eb);
	return p;
}

typedef void (*pktcheck)(const struct pkt_pkt *, int idx, const char *what);

static void
chk_dot1q(const struct pkt_pkt *p, int i, const char *what)
{
	const struct pkt_li *q = layer(p, 1);
	char b[64];

	switch (i) {
	case 0:
		CHECK(fu(q, "vlan") == 100 && fu(q, "type") == 0x0800,
		    "%s: vlan %d", what, (int)fu(q, "vlan"));
		break;
	case 1:
		CHECK(fu(q, "prio") == 5 && fu(q, "id") == 1 &&
		    fu(q, "vlan") == 4095 && fu(q, "type") == 0x86dd, "%s", what);
		break;
	case 2:
		CHECK(fu(q, "vlan") == 100 && fu(q, "type") == 0x8100, "%s", what);
		CHECK(fu(layer(p, 2), "vlan") == 200, "%s: inner vlan", what);
		break;
	case 3:
		CHECK(fu(q, "vlan") == 10 && fu(layer(p, 2), "vlan") == 20,
		    "%s: vlans", what);
		break;
	case 4:
		CHECK(strcmp(fa(layer(p, 2), "pdst", b, sizeof(b)),
		    "192.0.2.2") == 0, "%s: pdst %s", what, b);
		break;
	}
}

static void
chk_arp(const struct pkt_pkt *p, int i, const char *what)
{
	const struct pkt_li *a = layer(p, 1);
	char b[64];

	CHECK(fu(a, "hwlen") == 6 && fu(a, "plen") == 4 && fu(a, "hwtype") == 1 &&
	    fu(a, "ptype") == 0x0800, "%s: lengths", what);
	CHECK(fu(a, "op") == (i == 1 ? 2u : 1u), "%s: op", what);
	CHECK(strcmp(fa(a, "hwsrc", b, sizeof(b)), i == 1 ? "02:00:00:00:00:02" :
	    "02:00:00:00:00:01") == 0, "%s: hwsrc %s", what, b);
}

static void
chk_sll(const struct pkt_pkt *p, int i, const char *what)
{
	const struct pkt_li *s = layer(p, 0);

	if (i == 6) {
		CHECK(fu(s, "pkttype") == 1 && fu(s, "lladdrtype") == 0x304 &&
		    fu(s, "lladdrlen") == 0, "%s: header", what);
		return;
	}
	CHECK(fu(s, "pkttype") == (i == 5 ? 4u : 0u) && fu(s, "lladdrtype") == 1 &&
	    fu(s, "lladdrlen") == 6, "%s: header", what);
	CHECK(s != NULL && s->v[3].blen == 8 &&
	    memcmp(s->v[3].b, "\x02\0\0\0\0\x01\0\0", 8) == 0, "%s: src", what);
	CHECK(fu(s, "proto") == (i == 4 ? 0x86ddu : i == 5 ? 0x0806u : 0x0800u),
	    "%s: proto", what);
}

static void
chk_sll2(const struct pkt_pkt *p, int i, const char *what)
{
	const struct pkt_li *s = layer(p, 0);

	CHECK(fu(s, "ifindex") == (i == 5 ? 3u : 2u) && fu(s, "pkttype") ==
	    (i == 5 ? 4u : 0u) && fu(s, "lladdrlen") == 6 &&
	    fu(s, "lladdrtype") == 1 && fu(s, "reserved") == 0, "%s: header", what);
	CHECK(fu(s, "proto") == (i == 4 ? 0x86ddu : i == 5 ? 0x0806u : 0x0800u),
	    "%s: proto", what);
}

static void
chk_lo(const struct pkt_pkt *p, int i, const char *what)
{
	static const unsigned af[] = { 2, 24, 28, 30, 2 };

	CHECK(fu(layer(p, 0), "type") == af[i], "%s: type %u", what,
	    (unsigned)fu(layer(p, 0), "type"));
}

static void
chk_ppp(const struct pkt_pkt *p, int i, const char *what)
{
	CHECK(fu(layer(p, 0), "proto") == (i == 1 ? 0x57u : 0x21u),
	    "%s: proto", what);
}

static void
chk_hdlc(const struct pkt_pkt *p, int i, const char *what)
{
	CHECK(fu(layer(p, 0), "address") == 0xff &&
	    fu(layer(p, 0), "control") == 3, "%s: hdlc", what);
	CHECK(fu(layer(p, 1), "proto") == (i == 1 ? 0x57u : 0x21u),
	    "%s: proto", what);
}

/* Layer names each packet starts with (what follows IP/IPv6 is other
 * files' business), and the summary where an L2 layer gives it. */
static const struct {
	const char *file;
	int dlt;
	const char *names[8], *summary[8];
	pktcheck check;
} caps[] = {
	{ "en10mb-dot1q", 1, {
	    "Ether / Dot1Q / IP / UDP", "Ether / Dot1Q / IPv6",
	    "Ether / Dot1AD / Dot1Q / IP / ICMP", "Ether / Dot1Q / Dot1Q / IP / TCP",
	    "Ether / Dot1Q / ARP" },
	  { NULL, NULL, NULL, NULL, "ARP who has 192.0.2.2 says 192.0.2.1" },
	  chk_dot1q },
	{ "en10mb-arp", 1, {
	    "Ether / ARP", "Ether / ARP", "Ether / ARP", "Ether / ARP / Padding" },
	  { "ARP who has 192.0.2.2 says 192.0.2.1",
	    "ARP is at 02:00:00:00:00:02 says 192.0.2.2",
	    "ARP who has 192.0.2.1 says 192.0.2.1",
	    "ARP who has 192.0.2.2 says 192.0.2.1" }, chk_arp },
	{ "linux-sll", 113, {
	    "CookedLinux / IP / ICMP", "CookedLinux / IP / ICMP",
	    "CookedLinux / IP / UDP", "CookedLinux / IP / TCP",
	    "CookedLinux / IPv6", "CookedLinux / ARP", "CookedLinux / IP / UDP" },
	  { NULL, NULL, NULL, NULL, NULL, "ARP who has 192.0.2.2 says 192.0.2.1" },
	  chk_sll },
	{ "linux-sll2", 276, {
	    "CookedLinuxV2 / IP / ICMP", "CookedLinuxV2 / IP / ICMP",
	    "CookedLinuxV2 / IP / UDP", "CookedLinuxV2 / IP / TCP",
	    "CookedLinuxV2 / IPv6", "CookedLinuxV2 / ARP" },
	  { NULL, NULL, NULL, NULL, NULL, "ARP who has 192.0.2.2 says 192.0.2.1" },
	  chk_sll2 },
	{ "null", 0, {
	    "Loopback / IP / ICMP", "Loopback / IPv6", "Loopback / IPv6",
	    "Loopback / IPv6", "Loopback / IP / UDP" }, { NULL }, chk_lo },
	{ "loop", 108, {
	    "Loopback / IP / ICMP", "Loopback / IPv6", "Loopback / IPv6",
	    "Loopback / IPv6", "Loopback / IP / TCP" }, { NULL }, chk_lo },
	{ "ppp", 9, {
	    "PPP / IP / ICMP", "PPP / IPv6", "PPP / IP / UDP" }, { NULL }, chk_ppp },
	{ "ppp-hdlc", 50, {
	    "HDLC / PPP / IP / ICMP", "HDLC / PPP / IPv6", "HDLC / PPP / IP / TCP" },
	  { NULL }, chk_hdlc },
};

static void
test_pcap(const char *top, size_t ci)
{
	char path[4096], errbuf[PCAP_ERRBUF_SIZE], what[256], got[512];
	struct pcap_pkthdr *h;
	const u_char *data;
	pcap_t *pc;
	int i = 0, rc;

	snprintf(path, sizeof(path), "%s/tests/golden/pcap/%s.pcap", top,
	    caps[ci].file);
	if ((pc = pcap_open_offline(path, errbuf)) == NULL) {
		CHECK(0, "%s: %s", path, errbuf);
		return;
	}
	CHECK(pcap_datalink(pc) == caps[ci].dlt, "%s: link type %d", path,
	    pcap_datalink(pc));
	while ((rc = pcap_next_ex(pc, &h, &data)) == 1) {
		struct pkt_pkt *p = pkt_new();
		char eb[256] = "";
		const char *want = i < 8 ? caps[ci].names[i] : NULL;

		snprintf(what, sizeof(what), "%s #%d", caps[ci].file, i + 1);
		pkt_dissect(p, pcap_datalink(pc), data, h->caplen, h->len, eb);
		names(p, got, sizeof(got));
		CHECK(want != NULL && strncmp(got, want, strlen(want)) == 0,
		    "%s: layers %s, want %s", what, got, want ? want : "(none)");
		if (i < 8 && caps[ci].summary[i] != NULL) {
			summary(p, got, sizeof(got));
			CHECK(strcmp(got, caps[ci].summary[i]) == 0,
			    "%s: summary \"%s\", want \"%s\"", what, got,
			    caps[ci].summary[i]);
		}
		if (i < 8)
			caps[ci].check(p, i, what);
		rebuild(p, data, h->caplen, what);
		pkt_free(p);
		i++;
	}
	CHECK(rc == PCAP_ERROR_BREAK, "%s: read error %s", path, pcap_geterr(pc));
	CHECK(i > 0 && i < 8 && caps[ci].names[i] == NULL && caps[ci].names[i - 1] != NULL,
	    "%s: %d packets", path, i);
	pcap_close(pc);
}

/* ---- hand-made bytes: other byte orders, cuts, odd ARP -------------- */

static int
unhex(const char *s, uint8_t *b, size_t cap)
{
	size_t n = 0;

	for (; s[0] && s[1] && n < cap; s += 2)
		if (sscanf(s, "%2hhx", &b[n++]) != 1)
			return -1;
	return (int)n;
}

#define IP4ICMP "4500001c0001000040017cde7f0000017f0000010800f7ff00000000"
static const struct {
	int dlt;
	const char *hex, *names;
} odd[] = {
	/* NULL from a big-endian writer; LOOP is always big-endian */
	{ 0, "00000002" IP4ICMP, "Loopback / IP / ICMP" },
	{ 0, "0000001e6000000000003b4000000000000000000000000000000001"
	     "00000000000000000000000000000001", "Loopback / IPv6" },
	{ 0, "0a0000006000000000003b4000000000000000000000000000000001"
	     "00000000000000000000000000000001", "Loopback / IPv6" },
	{ 0, "07000000abcd", "Loopback / Raw" },
	{ 0, "020000", "Loopback / Raw" },
	{ 108, "00000002" IP4ICMP, "Loopback / IP / ICMP" },
	/* PPP: compressed protocol field; HDLC framing inside LINKTYPE_PPP */
	{ 9, "21" IP4ICMP, "PPP / IP / ICMP" },
	{ 9, "ff030021" IP4ICMP, "HDLC / PPP / IP / ICMP" },
	{ 50, "ff0321" IP4ICMP, "HDLC / PPP / IP / ICMP" },
	{ 9, "c0210102000401020304", "PPP / Raw" },
	{ 9, "00", "PPP / Raw" },
	/* 802.3 length in the tag: that many bytes, then Padding */
	{ 1, "ffffffffffff020000000001810000010004616263646566676869",
	  "Ether / Dot1Q / Raw / Padding" },
	{ 1, "ffffffffffff02000000000181000001", "Ether / Dot1Q" },
	{ 1, "ffffffffffff02000000000188a8000188a8000281000003080645",
	  "Ether / Dot1AD / Dot1AD / Dot1Q / ARP / Raw" },
	/* ARP: other address types, cut short */
	{ 1, "ffffffffffff0200000000010806"
	     "000608001104000261613a62623a63633a64643a65653a6666ac10000131313a32323a33333a34343a35353a3636ac100002",
	  "Ether / ARP" },
	{ 1, "ffffffffffff0200000000010806"
	     "000186dd06100001020000000001200100000000000000000000000000010000000000002001000000000000000000000000000200",
	  "Ether / ARP / Padding" },
	{ 1, "ffffffffffff02000000000108060001080006040001020000000001c000",
	  "Ether / ARP / Raw" },
	{ 1, "ffffffffffff0200000000010806000108", "Ether / ARP / Raw" },
	/* cooked headers cut short */
	{ 113, "00000001000602000000", "CookedLinux / Raw" },
	{ 276, "0800000000000002000100", "CookedLinuxV2" },
	{ 276, "080000000000000200010004060200", "CookedLinuxV2 / Raw" },
	{ 113, "0000000100060200000000010000" "0806" "0001080006",
	  "CookedLinux / ARP" },
};

static void
test_odd(void)
{
	size_t i;

	for (i = 0; i < sizeof(odd) / sizeof(odd[0]); i++) {
		uint8_t b[512];
		int n = unhex(odd[i].hex, b, sizeof(b));
		char what[64], got[512];
		struct pkt_pkt *p;

		snprintf(what, sizeof(what), "odd[%zu]", i);
		if (n < 0) {
			CHECK(0, "%s: bad hex", what);
			continue;
		}
		p = dissect(odd[i].dlt, b, (size_t)n);
		names(p, got, sizeof(got));
		CHECK(strcmp(got, odd[i].names) == 0, "%s: layers %s, want %s",
		    what, got, odd[i].names);
		rebuild(p, b, (size_t)n, what);
		pkt_free(p);
	}
}

/* ---- defaults from the host, and summaries of built packets --------- */

static int
env_src(void *arg, int family, const uint8_t *dst, uint8_t *src)
{
	(void)arg;
	(void)dst;
	if (family != 4)
		return -1;
	memcpy(src, "\xc0\x00\x02\x09", 4);
	return 0;
}

static int
env_macs(void *arg, int family, const uint8_t *dst, uint8_t *smac, uint8_t *dmac)
{
	(void)arg;
	(void)dst;
	if (family != 4)
		return -1;
	memcpy(smac, "\x02\x00\x00\x00\x00\x09", 6);
	if (dmac != NULL)	/* NULL: only our own MAC is asked for */
		memset(dmac, 0xff, 6);
	return 0;
}

static void
test_defaults(void)
{
	static const struct pkt_env env = { env_src, env_macs, NULL };
	static const struct pkt_env none = { NULL, NULL, NULL };
	struct pkt_pkt *p;
	char eb[256] = "", s[256], *h;

	p = mk("ARP");
	CHECK(pkt_build(p, &env, eb) == 0, "ARP(): %s", eb);
	h = hex(p->raw, p->rawlen);
	CHECK(strcmp(h, "0001080006040001020000000009c0000209000000000000"
	    "00000000") == 0, "ARP() with env: %s", h);
	summary(p, s, sizeof(s));
	CHECK(strcmp(s, "ARP who has 0.0.0.0 says 192.0.2.9") == 0, "%s", s);
	free(h);
	pkt_free(p);

	p = mk("ARP pdst=192.0.2.7");
	CHECK(pkt_build(p, &none, eb) == 0, "ARP(): %s", eb);
	h = hex(p->raw, p->rawlen);
	CHECK(strcmp(h, "000108000604000100000000000000000000000000000000"
	    "c0000207") == 0, "ARP() without env: %s", h);
	free(h);
	pkt_free(p);

	p = mk("ARP ptype=0x86dd psrc=2001:db8::1 pdst=2001:db8::2 hwsrc=02:00:00:00:00:01");
	CHECK(pkt_build(p, &none, eb) == 0, "ARP v6: %s", eb);
	h = hex(p->raw, p->rawlen);
	CHECK(strcmp(h, "000186dd06100001020000000001"
	    "20010db8000000000000000000000001" "000000000000"
	    "20010db8000000000000000000000002") == 0,
	    "ARP v6: %s", h);
	summary(p, s, sizeof(s));
	CHECK(strcmp(s, "ARP who has 2001:db8::2 says 2001:db8::1") == 0, "%s", s);
	free(h);
	pkt_free(p);

	/* raw addresses padded or cut to an explicit length */
	p = mk("ARP hwtype=6 ptype=0x1234 hwlen=2 plen=4 op=8 hwsrc=abc hwdst=d psrc=wxyz pdst=pq");
	CHECK(pkt_build(p, &none, eb) == 0, "ARP raw: %s", eb);
	h = hex(p->raw, p->rawlen);
	CHECK(strcmp(h, "000612340204000861627778797a640070710000") == 0,
	    "ARP raw: %s", h);
	summary(p, s, sizeof(s));
	CHECK(strcmp(s, "ARP InARP-req b'wxyz' > b'pq'") == 0, "%s", s);
	free(h);
	pkt_free(p);

	p = mk(EB "/Dot1Q prio=5 vlan=10/Raw load=x");
	CHECK(pkt_build(p, &none, eb) == 0, "Dot1Q: %s", eb);
	summary(p, s, sizeof(s));
	CHECK(strcmp(s, "802.1q 02:00:00:00:00:01 > ff:ff:ff:ff:ff:ff (0x0) vlan 10")
	    == 0, "%s", s);
	pkt_free(p);

	p = mk("Dot1AD vlan=5/Dot1Q vlan=6/Raw load=x");
	CHECK(pkt_build(p, &none, eb) == 0, "Dot1AD: %s", eb);
	h = hex(p->raw, p->rawlen);
	CHECK(strcmp(h, "000581000006000078") == 0, "Dot1AD: %s", h);
	summary(p, s, sizeof(s));
	CHECK(strcmp(s, "802.1q (0x0) vlan 6") == 0, "%s", s);
	free(h);
	pkt_free(p);

	p = mk("Dot1AD vlan=5/Raw load=x");
	CHECK(pkt_build(p, &none, eb) == 0, "Dot1AD: %s", eb);
	summary(p, s, sizeof(s));
	CHECK(strcmp(s, "802.1q (?\?) vlan ?\?") == 0, "%s", s);
	pkt_free(p);

	/* A Loopback written as LOOP (a JSON record says so) is big-endian. */
	p = mk("Loopback/IP/ICMP");
	p->dlt = 108;
	CHECK(pkt_build(p, &pkt_env_default, eb) == 0, "LOOP: %s", eb);
	h = hex(p->raw, p->rawlen);
	CHECK(strcmp(h, "00000002" IP4ICMP) == 0, "LOOP: %s", h);
	free(h);
	pkt_free(p);

	CHECK(pkt_layer_find("Loopback", NULL) == &pkt_layer_loopback &&
	    pkt_layer_find("PPP", NULL) == &pkt_layer_ppp &&
	    pkt_layer_find("Dot1AD", NULL) == &pkt_layer_dot1ad &&
	    pkt_layer_find("CookedLinuxV2", NULL) == &pkt_layer_sll2,
	    "layers by name");
	CHECK(pkt_layer_dlt(&pkt_layer_sll) == 113 && pkt_layer_dlt(&pkt_layer_sll2) == 276 &&
	    pkt_layer_dlt(&pkt_layer_hdlc) == 50 && pkt_layer_dlt(&pkt_layer_ppp) == 9 &&
	    pkt_layer_dlt(&pkt_layer_loopback) == 0 && pkt_layer_dlt(&pkt_layer_arp) == -1,
	    "link types");
}

int
main(int argc, char **argv)
{
	const char *top = argc > 1 ? argv[1] : getenv("PKT_TOP");
	size_t i;

	if (top == NULL)
		top = ".";
	test_builds();
	for (i = 0; i < sizeof(caps) / sizeof(caps[0]); i++)
		test_pcap(top, i);
	test_odd();
	test_defaults();
	if (failures) {
		printf("%d of %d checks failed\n", failures, checks);
		return 1;
	}
	printf("ok %d checks\n", checks);
	return 0;
}
