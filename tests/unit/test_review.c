/* test_review.c: cases found in a review of the packet engine: answers
 * that Scapy's answers() accepts or refuses (SCAPY-NOTES 1.3) and the
 * fan-out order of SPEC.md section 3. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "match.h"
#include "pkt.h"
#include "spec.h"
#include "util.h"
#include "unit.h"



static bool
answers(const char *probe, const char *reply)
{
	struct pkt_pkt *p = unit_pkt(probe), *r = unit_pkt(reply);
	bool ok = pkt_match_answers(p, r);

	pkt_free(p);
	pkt_free(r);
	return ok;
}

#define A "src=\"192.0.2.1\",dst=\"192.0.2.2\""
#define B "src=\"192.0.2.2\",dst=\"192.0.2.1\""
#define A6 "src=\"2001:db8::1\",dst=\"2001:db8::2\""
#define B6 "src=\"2001:db8::2\",dst=\"2001:db8::1\""

static void
test_tcp(void)
{
	/* A data segment (100 bytes at seq 1000) is acknowledged with
	 * ack 1100: |1000 - 1100| <= 2 + 100, Scapy accepts it. */
	CHECK(answers("IP(" A ")/TCP(sport=1234,dport=80,flags=\"PA\",seq=1000,ack=5000)/"
	    "Raw(load=\"" "0123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890123456789" "\")",
	    "IP(" B ")/TCP(sport=80,dport=1234,flags=\"A\",seq=5000,ack=1100)"),
	    "an ACK of a data segment is its answer");
	/* ... but not an ack far beyond it. */
	CHECK(!answers("IP(" A ")/TCP(sport=1234,dport=80,flags=\"PA\",seq=1000,ack=5000)/"
	    "Raw(load=\"0123456789\")",
	    "IP(" B ")/TCP(sport=80,dport=1234,flags=\"A\",seq=5000,ack=1100)"),
	    "an ack 100 bytes past a 10-byte segment is not its answer");
	/* The bare SYN answered by SYN-ACK. */
	CHECK(answers("IP(" A ")/TCP(sport=1234,dport=80,flags=\"S\",seq=1000)",
	    "IP(" B ")/TCP(sport=80,dport=1234,flags=\"SA\",seq=777777,ack=1001)"),
	    "SYN / SYN-ACK");
	/* Scapy skips the ack check for any probe with S and without A:
	 * an ECN setup SYN (SEC) is answered by SYN-ACK. */
	CHECK(answers("IP(" A ")/TCP(sport=1234,dport=80,flags=\"SEC\",seq=1000)",
	    "IP(" B ")/TCP(sport=80,dport=1234,flags=\"SAE\",seq=777777,ack=1001)"),
	    "ECN SYN / SYN-ACK");
	/* The payload is all that follows the TCP header, whatever its
	 * layers: a 35-byte DNS query over TCP at seq 1000 is acknowledged
	 * up to 1037 (|seq - ack| <= 2 + 35), as Scapy 2.5 says. */
#define DNSQ "TCP(sport=1000,dport=53,flags=\"PA\",seq=1000,ack=7)/DNS()"
#define DNSACK(ack) "TCP(sport=53,dport=1000,flags=\"A\",seq=7,ack=" #ack ")"
	CHECK(answers("IP(" A ")/" DNSQ, "IP(" B ")/" DNSACK(1035)),
	    "DNS over TCP: the ack of the whole query answers");
	CHECK(answers("IP(" A ")/" DNSQ, "IP(" B ")/" DNSACK(1037)),
	    "DNS over TCP: 2 past the query still answers");
	CHECK(!answers("IP(" A ")/" DNSQ, "IP(" B ")/" DNSACK(1038)),
	    "DNS over TCP: 3 past the query does not");
	CHECK(answers("IPv6(" A6 ")/IPv6ExtHdrDestOpt()/" DNSQ, "IPv6(" B6 ")/" DNSACK(1037)),
	    "DNS over TCP over IPv6 with an extension header");
#undef DNSQ
#undef DNSACK
	/* An ACK probe still has its ack checked against the reply's seq. */
	CHECK(!answers("IP(" A ")/TCP(sport=1234,dport=80,flags=\"A\",seq=1000,ack=5000)",
	    "IP(" B ")/TCP(sport=80,dport=1234,flags=\"R\",seq=777777)"),
	    "RST with a far seq does not answer an ACK");
}


static void
test_icmp6_echo(void)
{
	CHECK(answers("IPv6(" A6 ")/ICMPv6EchoRequest(id=7,seq=1,data=\"abc\")",
	    "IPv6(" B6 ")/ICMPv6EchoReply(id=7,seq=1,data=\"abc\")"),
	    "echo reply with the request's data");
	/* ICMPv6EchoReply.answers: equal id, seq and data. */
	CHECK(!answers("IPv6(" A6 ")/ICMPv6EchoRequest(id=7,seq=1,data=\"abc\")",
	    "IPv6(" B6 ")/ICMPv6EchoReply(id=7,seq=1,data=\"xyz\")"),
	    "echo reply with other data is not the answer");
	CHECK(!answers("IPv6(" A6 ")/ICMPv6EchoRequest(id=7,seq=1,data=\"abc\")",
	    "IPv6(" B6 ")/ICMPv6EchoReply(id=7,seq=1)"),
	    "echo reply without the data is not the answer");
}

/* DNS(qd=DNSQR(qtype=[1,28],qname=[...])): DNSQR's fields_desc is qname,
 * qtype, qclass, so qtype (later in the header) varies slowest whatever
 * order the fields were written in. */
static void
test_nested_order(void)
{
	static const char *const specs[] = {
		"IP()/UDP()/DNS(qd=DNSQR(qname=[\"a.\",\"b.\"],qtype=[1,28]))",
		"IP()/UDP()/DNS(qd=DNSQR(qtype=[1,28],qname=[\"a.\",\"b.\"]))",
	};
	static const char *const want[] = { "a.:1", "b.:1", "a.:28", "b.:28" };
	size_t s;

	for (s = 0; s < 2; s++) {
		char eb[PKT_ERRBUF];
		struct pkt_spec *sp = pkt_spec_parse(specs[s], 1, eb);
		struct pkt_pkt *p;
		size_t k = 0;

		if (sp == NULL) {
			CHECK(0, "%s: %s", specs[s], eb);
			continue;
		}
		while (pkt_spec_next(sp, &p, eb) > 0) {
			const struct pkt_li *dns = &p->li[2];
			int qd = pkt_layer_field(dns->l, "qd");
			const struct pkt_li *q = &dns->v[qd].items[0];
			char got[64];

			snprintf(got, sizeof(got), "%s:%u", (const char *)q->v[0].b,
			    (unsigned)pkt_li_u(q, 1));
			CHECK(k < 4 && strcmp(got, want[k]) == 0,
			    "%s: packet %zu is %s, want %s", specs[s], k, got,
			    k < 4 ? want[k] : "none");
			k++;
			pkt_free(p);
		}
		CHECK(k == 4, "%s: %zu packets", specs[s], k);
		pkt_spec_free(sp);
	}
}

int
main(void)
{
	pkt_setprogname("test_review");
	test_tcp();
	test_icmp6_echo();
	test_nested_order();
	if (failures) {
		printf("%d of %d checks failed\n", failures, checks);
		return 1;
	}
	printf("ok %d checks\n", checks);
	return 0;
}
