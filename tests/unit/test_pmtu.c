/* test_pmtu.c: common/trace_pmtu.c's choice of the next size (RFC 1191's
 * plateau table; a router that gives no MTU, one that gives a bogus one;
 * IPv6's least MTU of 1280), and the probes of a size (trace_probe.c):
 * exactly that many bytes at the network layer, DF set on IPv4, and the
 * same identity (IP id, TCP seq, ICMP seq, UDP checksum) as the probe
 * unpadded. */
#include <arpa/inet.h>
#include <string.h>

#include "layers/icmp.h"
#include "layers/ip.h"
#include "layers/tcp.h"
#include "layers/udp.h"
#include "trace.h"
#include "trace_pmtu.h"
#include "unit.h"

static void
plateaus(void)
{
	static const struct { unsigned size, want; } p[] = {
		{ 65535, 32000 }, { 32001, 32000 }, { 32000, 17914 },
		{ 9000, 8166 }, { 4353, 4352 }, { 4352, 2002 }, { 1500, 1492 },
		{ 1493, 1492 }, { 1492, 1006 }, { 1400, 1006 }, { 1006, 508 },
		{ 576, 508 }, { 508, 296 }, { 296, 68 }, { 69, 68 }, { 68, 68 },
		{ 10, 68 },
	};
	size_t k;

	for (k = 0; k < sizeof(p) / sizeof(p[0]); k++)
		CHECK(pkt_pmtu_plateau(p[k].size) == p[k].want,
		    "plateau below %u: %u, want %u", p[k].size,
		    pkt_pmtu_plateau(p[k].size), p[k].want);
}

static void
next_sizes(void)
{
	static const struct { int fam; unsigned size, rep, want; } n[] = {
		/* The MTU given, when it is smaller. */
		{ 4, 1500, 1400, 1400 }, { 4, 1500, 1499, 1499 },
		{ 4, 9000, 1500, 1500 }, { 4, 1400, 68, 68 },
		/* None given (before RFC 1191): the plateau below. */
		{ 4, 1500, 0, 1492 }, { 4, 1492, 0, 1006 }, { 4, 1006, 0, 508 },
		{ 4, 296, 0, 68 },
		/* Not smaller than what was refused, or below 68: bogus. */
		{ 4, 1500, 1500, 1492 }, { 4, 1500, 9000, 1492 },
		{ 4, 1500, 40, 1492 },
		/* Nothing below 68. */
		{ 4, 68, 0, 0 }, { 4, 60, 1400, 0 },
		/* IPv6: never below 1280. */
		{ 6, 1500, 1400, 1400 }, { 6, 1500, 1280, 1280 },
		{ 6, 1500, 576, 1280 }, { 6, 1500, 0, 1492 }, { 6, 1492, 0, 1280 },
		{ 6, 1500, 1500, 1492 }, { 6, 1280, 0, 0 }, { 6, 1280, 1000, 0 },
		{ 6, 9000, 0, 8166 },
	};
	size_t k;

	for (k = 0; k < sizeof(n) / sizeof(n[0]); k++) {
		unsigned got = pkt_pmtu_next_size(n[k].fam, n[k].size, n[k].rep);

		CHECK(got == n[k].want, "IPv%d, %u refused with MTU %u: next %u, "
		    "want %u", n[k].fam, n[k].size, n[k].rep, got, n[k].want);
	}
}

/* The identity of a probe: IP id, TCP seq, ICMP seq or UDP checksum. */
static uint64_t
identity(const struct pkt_pkt *p)
{
	struct pkt_pkt *d = pkt_dissect_copy(p);
	uint64_t v = 0;
	size_t i;

	for (i = 0; i < d->n; i++) {
		const struct pkt_li *li = &d->li[i];

		if (li->l == &pkt_layer_ip)
			v = pkt_li_u(li, IP_F_ID) << 32;
		else if (li->l == &pkt_layer_tcp)
			v |= pkt_li_u(li, TCP_F_SEQ);
		else if (li->l == &pkt_layer_udp)
			v |= pkt_li_u(li, UDP_F_CHKSUM);
		else if (li->l == &pkt_layer_icmp)
			v |= pkt_li_u(li, ICMP_F_SEQ);
	}
	pkt_free(d);
	return v;
}

static void
sized_probes(void)
{
	static const char *const targets[] = { "10.0.9.2", "fd00:9::2" };
	static const enum pkt_trace_l4 l4s[] = {
		PKT_TRACE_TCP, PKT_TRACE_UDP, PKT_TRACE_ICMP,
	};
	static const unsigned sizes[] = { 1500, 1400, 1280, 68 };
	size_t a, b, c;

	for (a = 0; a < 2; a++)
		for (b = 0; b < 3; b++) {
			struct pkt_trace t;
			struct pkt_pkt *plain;

			memset(&t, 0, sizeof(t));
			t.minttl = 1;
			t.maxttl = 30;
			t.nsport = 1;
			pkt_trace_add_target(&t, targets[a], NULL, l4s[b],
			    l4s[b] == PKT_TRACE_UDP ? 33434 : 80, -1);
			pkt_trace_alloc(&t);
			plain = pkt_trace_probe(&t, 0, 3, 1, &pkt_env_default);
			t.df = true;
			for (c = 0; c < sizeof(sizes) / sizeof(sizes[0]); c++) {
				struct pkt_pkt *p;
				unsigned want = sizes[c];

				if (a == 1 && want < 1280)
					continue;
				t.tg[0].size = want;
				p = pkt_trace_probe(&t, 0, 3, 1, &pkt_env_default);
				CHECK(p->rawlen == want, "%s l4 %zu: %zu bytes, want %u",
				    targets[a], b, p->rawlen, want);
				if (a == 0) {
					CHECK((p->raw[6] & 0x40) != 0, "%s l4 %zu: no DF",
					    targets[a], b);
					CHECK((p->raw[2] << 8 | p->raw[3]) == (int)want,
					    "%s: IP total length %d", targets[a],
					    p->raw[2] << 8 | p->raw[3]);
				} else
					CHECK((p->raw[4] << 8 | p->raw[5]) + 40 == (int)want,
					    "%s: IPv6 payload length %d", targets[a],
					    p->raw[4] << 8 | p->raw[5]);
				CHECK(identity(p) == identity(plain),
				    "%s l4 %zu size %u: identity %llx, unpadded %llx",
				    targets[a], b, want,
				    (unsigned long long)identity(p),
				    (unsigned long long)identity(plain));
				pkt_free(p);
			}
			/* Smaller than the probe: left as it is. */
			t.tg[0].size = 20;
			{
				struct pkt_pkt *p = pkt_trace_probe(&t, 0, 3, 1,
				    &pkt_env_default);

				CHECK(p->rawlen == plain->rawlen, "size 20: %zu bytes, "
				    "want %zu", p->rawlen, plain->rawlen);
				pkt_free(p);
			}
			pkt_free(plain);
			pkt_trace_free(&t);
		}
}

int
main(void)
{
	pkt_setprogname("test_pmtu");
	plateaus();
	next_sizes();
	sized_probes();
	return unit_done();
}
