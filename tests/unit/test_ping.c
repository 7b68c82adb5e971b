/* test_ping.c: ping's lines (pktsr1 -c) for the answers of every kind of
 * network layer and of echo replies: ICMP, ICMPv6, a TCP answer, ARP.
 * The address, ttl, byte count and sequence come from the layers' hooks
 * (addrs, span, echo), never from their names. */
#include <string.h>

#include "ping.h"
#include "unit.h"

/* The line pkt_ping_answer writes for reply to probe, into out. */
static void
line(const char *probe, const char *reply, char *out, size_t n)
{
	struct pkt_pkt *p = unit_pkt(probe), *r = unit_pkt(reply);
	struct pkt_ping pg = { NULL, 0, 0, 0 };
	FILE *f = fmemopen(out, n, "w");

	if (f == NULL) {
		perror("fmemopen");
		exit(1);
	}
	pkt_ping_sent(&pg, 0, p, 1.0);
	pkt_ping_answer(&pg, 0, p, r, 0.0015, 2, f);
	fclose(f);
	pkt_ping_free(&pg);
	pkt_free(p);
	pkt_free(r);
}

/* The summary's first line: where the probe went. */
static void
target(const char *probe, char *out, size_t n)
{
	struct pkt_pkt *p = unit_pkt(probe);
	struct pkt_ping pg = { NULL, 0, 0, 0 };

	pkt_ping_sent(&pg, 0, p, 1.0);
	snprintf(out, n, "%s", pg.n == 1 ? pg.p[0].dst : "");
	pkt_ping_free(&pg);
	pkt_free(p);
}

static const struct {
	const char *probe, *reply, *want;
} cases[] = {
	{ "IP(dst=\"10.0.9.2\")/ICMP(seq=3)",
	  "IP(src=\"10.0.9.2\",dst=\"10.0.0.1\",ttl=61)/ICMP(type=0,seq=3)/\"abcdefgh\"",
	  "16 bytes from 10.0.9.2: icmp_seq=3 ttl=61 time=1.500 ms\n" },
	{ "IPv6(dst=\"2001:db8::2\")/ICMPv6EchoRequest(seq=9)",
	  "IPv6(src=\"2001:db8::2\",dst=\"2001:db8::1\",hlim=60)/ICMPv6EchoReply(seq=9)",
	  "8 bytes from 2001:db8::2: icmp_seq=9 ttl=60 time=1.500 ms\n" },
	{ "IP(dst=\"10.0.9.2\")/TCP(dport=80)",
	  "IP(src=\"10.0.9.2\",dst=\"10.0.0.1\",ttl=64)/TCP(sport=80,flags=\"SA\")",
	  "20 bytes from 10.0.9.2: SA round=2 ttl=64 time=1.500 ms\n" },
	{ "IP(dst=\"10.0.9.2\")/UDP(dport=33434)",
	  "IP(src=\"10.0.5.1\",dst=\"10.0.0.1\",ttl=250)/ICMP(type=11)/"
	  "IP(src=\"10.0.0.1\",dst=\"10.0.9.2\",ttl=1)/UDP(dport=33434)",
	  "36 bytes from 10.0.5.1: 11 round=2 ttl=250 time=1.500 ms\n" },
	/* ARP: its protocol addresses, no ttl, the bytes of the frame */
	{ "Ether()/ARP(pdst=\"10.0.0.7\")",
	  "Ether()/ARP(op=2,psrc=\"10.0.0.7\",pdst=\"10.0.0.1\")",
	  "42 bytes from 10.0.0.7:  round=2 ttl=0 time=1.500 ms\n" },
};

int
main(void)
{
	char got[256];
	size_t i;

	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		line(cases[i].probe, cases[i].reply, got, sizeof(got));
		CHECK(strcmp(got, cases[i].want) == 0, "%s -> %s:\n got  %s want %s",
		    cases[i].probe, cases[i].reply, got, cases[i].want);
	}
	target("IP(dst=\"10.0.9.2\")/ICMP()", got, sizeof(got));
	CHECK(strcmp(got, "10.0.9.2") == 0, "IP target %s", got);
	target("IPv6(dst=\"ff02::1\")/ICMPv6EchoRequest()", got, sizeof(got));
	CHECK(strcmp(got, "ff02::1") == 0, "IPv6 multicast target %s", got);
	target("Ether()/ARP(pdst=\"10.0.0.7\")", got, sizeof(got));
	CHECK(strcmp(got, "10.0.0.7") == 0, "ARP target %s", got);
	return unit_done();
}
