/* test_hooks.c: what a layer tells the tools in place of its name: its
 * addresses (addrs, pkt_li_addrs), echo replies (echo), the protocol its
 * class is a message of (pkt_layer_protocol), neighbour discovery
 * (PKT_LF_ND); and show()'s rendering of address values
 * (pkt_fmt_addr_show: Scapy's IP6Field.i2repr, bytes from Scapy 2.5). */
#include <arpa/inet.h>
#include <string.h>

#include "layers/ip.h"
#include "layers/ipv6.h"
#include "unit.h"

/* The first layer of p with this role, or NULL. */
static const struct pkt_li *
first(const struct pkt_pkt *p, enum pkt_role role)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->li[i].l->role == role && !p->li[i].quoted)
			return &p->li[i];
	return NULL;
}

static void
check_addrs(const char *spec, bool want, const char *src, const char *dst)
{
	struct pkt_pkt *p = unit_pkt(spec);
	const struct pkt_li *li = first(p, PKT_ROLE_NETWORK);
	char s[64] = "", d[64] = "";
	bool got = li != NULL && pkt_li_addrs(li, s, d, sizeof(s));

	CHECK(got == want, "%s: addrs %d, want %d", spec, got, want);
	if (want && got)
		CHECK(strcmp(s, src) == 0 && strcmp(d, dst) == 0,
		    "%s: %s > %s, want %s > %s", spec, s, d, src, dst);
	pkt_free(p);
}

static void
check_echo(const char *spec, bool want, uint64_t seq)
{
	struct pkt_pkt *p = unit_pkt(spec);
	const struct pkt_li *li = first(p, PKT_ROLE_TRANSPORT);
	uint64_t got = 0;
	bool echo = li != NULL && li->l->echo != NULL && li->l->echo(li, &got);

	CHECK(echo == want, "%s: echo %d, want %d", spec, echo, want);
	if (want && echo)
		CHECK(got == seq, "%s: seq %llu, want %llu", spec,
		    (unsigned long long)got, (unsigned long long)seq);
	pkt_free(p);
}

static void
check_show(const struct pkt_field *f, const char *addr, const char *want)
{
	uint8_t a[16];
	char s[128], small[8];

	CHECK(pkt_parse_addr(f, addr, a) == 0, "parse %s", addr);
	pkt_fmt_addr_show(f, a, s, sizeof(s));
	CHECK(strcmp(s, want) == 0, "show %s: \"%s\", want \"%s\"", addr, s, want);
	/* A buffer too small is cut, never overrun. */
	pkt_fmt_addr_show(f, a, small, sizeof(small));
	CHECK(strlen(small) < sizeof(small), "show %s in 8 bytes", addr);
}

int
main(void)
{
	const struct pkt_field *v4 = &pkt_layer_ip.f[IP_F_SRC];
	const struct pkt_field *v6 = &pkt_layer_ipv6.f[IPV6_F_SRC];
	char a[64], b[64];
	size_t i;

	check_addrs("IP(src=\"10.0.0.1\",dst=\"10.0.9.2\")/TCP()", true,
	    "10.0.0.1", "10.0.9.2");
	check_addrs("IPv6(src=\"2001:db8::1\",dst=\"ff02::1\")/UDP()", true,
	    "2001:db8::1", "ff02::1");
	check_addrs("Ether()/ARP(psrc=\"10.0.0.1\",pdst=\"10.0.0.7\")", true,
	    "10.0.0.1", "10.0.0.7");
	check_addrs("Ether()/ARP(ptype=0x86dd,psrc=\"fe80::1\",pdst=\"fe80::2\")",
	    true, "fe80::1", "fe80::2");
	/* protocol addresses of no type the engine knows: none */
	check_addrs("Ether()/ARP(ptype=0x1234,plen=2,psrc=b\"ab\",pdst=b\"cd\")",
	    false, NULL, NULL);
	/* A transport's addresses are its network layer's. */
	{
		struct pkt_pkt *p = unit_pkt("IP(src=\"10.0.0.1\",dst=\"10.0.9.2\")/"
		    "UDP()");

		CHECK(pkt_l4_addrs(p, 1, a, b, sizeof(a)) &&
		    strcmp(a, "10.0.0.1") == 0 && strcmp(b, "10.0.9.2") == 0,
		    "pkt_l4_addrs: %s > %s", a, b);
		pkt_free(p);
	}

	check_echo("IP()/ICMP(type=0,seq=5)", true, 5);
	check_echo("IP()/ICMP(type=8,seq=5)", false, 0);
	check_echo("IP()/ICMP(type=11)/IP()/ICMP(type=0,seq=5)", false, 0);
	check_echo("IPv6()/ICMPv6EchoReply(seq=7)", true, 7);
	check_echo("IPv6()/ICMPv6EchoRequest(seq=7)", false, 0);
	check_echo("IP()/UDP()", false, 0);

	/* Every ICMPv6 message class is of protocol ICMPv6; the other
	 * classes are their own protocol; neighbour discovery is flagged. */
	for (i = 0; pkt_layers[i] != NULL; i++) {
		const struct pkt_layer *l = pkt_layers[i];
		bool icmp6 = strncmp(l->name, "ICMPv6", 6) == 0 &&
		    l->role == PKT_ROLE_TRANSPORT;

		CHECK(strcmp(pkt_layer_protocol(l), icmp6 ? "ICMPv6" : l->name) == 0,
		    "%s: protocol %s", l->name, pkt_layer_protocol(l));
		CHECK(!(l->lfl & PKT_LF_ND) == !(strncmp(l->name, "ICMPv6ND_", 9) == 0),
		    "%s: PKT_LF_ND %s", l->name, l->lfl & PKT_LF_ND ? "set" : "unset");
	}

	/* Scapy 2.5, IPv6(src=..., dst=...).show2() */
	check_show(v6, "2001:0:4136:e378:8000:63bf:3fff:fdd2",
	    "2001:0:4136:e378:8000:63bf:3fff:fdd2 [Teredo srv: 65.54.227.120 "
	    "cli: 192.0.2.45:40000]");
	check_show(v6, "2002:c000:0204::1", "2002:c000:204::1 [6to4 GW: 192.0.2.4]");
	check_show(v6, "2001:db8::1", "2001:db8::1");
	check_show(v4, "192.0.2.1", "192.0.2.1");
	return unit_done();
}
