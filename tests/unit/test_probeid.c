/* test_probeid.c: common/probeid.c, stateless probe identity: every TTL
 * of many targets for TCP, UDP and ICMP, built and then answered the ways
 * routers and targets answer (time exceeded quoting the whole probe, the
 * RFC 792 minimum, less; unreachable; SYN-ACK and RST; echo reply), the
 * checksums of what is built, the flow kept per target, answers of
 * another run refused, the time field wrapping around, and every cut
 * length of every answer read without reading past it. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkt.h"
#include "probeid.h"
#include "unit.h"


static uint64_t rng = 0x9e3779b97f4a7c15u;

static uint32_t
rnd(void)
{
	rng ^= rng >> 12;
	rng ^= rng << 25;
	rng ^= rng >> 27;
	return (uint32_t)((rng * 2685821657736338717u) >> 32);
}

static const uint8_t SRC[4] = { 10, 0, 0, 1 }, HOP[4] = { 10, 0, 1, 254 };

/* Does the one's complement sum over n bytes (plus a pseudo sum) check? */
static int
sums_ok(uint32_t pseudo, const uint8_t *p, size_t n)
{
	return pkt_csum_fold(pkt_csum_add(pseudo, p, n)) == 0;
}

static uint32_t
pseudo(const uint8_t *ip, uint8_t proto, size_t len)
{
	return pkt_csum_add(pkt_csum_add(0, ip + 12, 4), ip + 16, 4) + proto +
	    (uint32_t)len;
}

/* An ICMP error from `from` quoting qlen bytes of the probe. */
static size_t
icmp_error(uint8_t *out, const uint8_t *from, uint8_t type, uint8_t code,
    const uint8_t *probe, size_t qlen)
{
	memset(out, 0, 28);
	out[0] = 0x45;
	out[2] = (uint8_t)((28 + qlen) >> 8);
	out[3] = (uint8_t)(28 + qlen);
	out[8] = 64;
	out[9] = 1;
	memcpy(out + 12, from, 4);
	memcpy(out + 16, SRC, 4);
	out[20] = type;
	out[21] = code;
	memcpy(out + 28, probe, qlen);
	return 28 + qlen;
}

/* The target's own answer to probe p (TCP: SYN-ACK or RST-ACK; ICMP:
 * echo reply). */
static size_t
target_reply(uint8_t *out, const uint8_t *p, size_t plen, uint8_t tcpflags)
{
	uint32_t seq;

	memcpy(out, p, plen);
	memcpy(out + 12, p + 16, 4);
	memcpy(out + 16, p + 12, 4);
	out[4] = 0x12;	/* the target's own IP id */
	out[5] = 0x34;
	out[8] = 57;
	if (p[9] == 6) {
		uint8_t *t = out + 20;

		t[0] = p[22];
		t[1] = p[23];
		t[2] = p[20];
		t[3] = p[21];
		seq = (uint32_t)p[24] << 24 | (uint32_t)p[25] << 16 |
		    (uint32_t)p[26] << 8 | p[27];
		seq++;
		memset(t + 4, 0x77, 4);	/* its own seq */
		t[8] = (uint8_t)(seq >> 24);
		t[9] = (uint8_t)(seq >> 16);
		t[10] = (uint8_t)(seq >> 8);
		t[11] = (uint8_t)seq;
		t[13] = tcpflags;
	} else
		out[20] = 0;	/* echo reply */
	return plen;
}

static void
check_ans(const struct pkt_pid_ans *a, const uint8_t dst[4], unsigned ttl,
    uint16_t time, int want_time, enum pkt_pid_kind kind, const char *what)
{
	CHECK(memcmp(a->target, dst, 4) == 0, "%s ttl %u: target %u.%u.%u.%u",
	    what, ttl, a->target[0], a->target[1], a->target[2], a->target[3]);
	CHECK(a->ttl == ttl, "%s: ttl %u decoded as %u", what, ttl, a->ttl);
	CHECK(a->time == (want_time ? time : 0), "%s ttl %u: time %u decoded "
	    "as %u", what, ttl, want_time ? time : 0, a->time);
	CHECK(a->kind == kind, "%s ttl %u: kind %d", what, ttl, (int)a->kind);
}

static void
round_trips(enum pkt_pid_l4 l4, const char *name)
{
	struct pkt_pid_cfg c = { l4, l4 == PKT_PID_UDP ? 33434 : 80, -1,
	    0xc0ffee };
	struct pkt_pid_cfg other = c;
	uint8_t p[PKT_PID_MAXLEN], ans[128], dst[4];
	struct pkt_pid_ans a;
	int k, refused = 0, tried = 0;
	unsigned ttl;

	other.key = 0xbadcafe;
	for (k = 0; k < 400; k++) {
		struct pkt_pid_flow f;
		uint16_t sport0 = 0, csum0 = 0;
		uint32_t r = k == 0 ? 0 : k == 1 ? 0xffffffffu : rnd();

		dst[0] = (uint8_t)(r >> 24);
		dst[1] = (uint8_t)(r >> 16);
		dst[2] = (uint8_t)(r >> 8);
		dst[3] = (uint8_t)r;
		pkt_pid_flow(&c, SRC, dst, &f);
		for (ttl = 1; ttl <= 255; ttl++) {
			uint16_t time = (uint16_t)(k < 2 ? (ttl & 1 ? 65535 : 1) :
			    1 + rnd() % 65535);
			size_t n = pkt_pid_build(&c, &f, ttl, time, p), q, len;

			/* What is built: IPv4 with our TTL and a nonzero id,
			 * checksums right, the flow the same for every TTL. */
			CHECK(n <= PKT_PID_MAXLEN && p[8] == ttl && (p[4] | p[5]) != 0,
			    "%s ttl %u: header", name, ttl);
			CHECK(sums_ok(0, p, 20), "%s ttl %u: IP checksum", name, ttl);
			if (l4 == PKT_PID_ICMP)
				CHECK(sums_ok(0, p + 20, n - 20), "%s: ICMP checksum", name);
			else
				CHECK(sums_ok(pseudo(p, p[9], n - 20), p + 20, n - 20),
				    "%s ttl %u time %u: checksum", name, ttl, time);
			if (ttl == 1) {
				sport0 = (uint16_t)(p[20] << 8 | p[21]);
				csum0 = (uint16_t)(p[22] << 8 | p[23]);
			}
			if (l4 == PKT_PID_ICMP)	/* id and checksum */
				CHECK(((p[24] << 8 | p[25]) == f.sport) &&
				    ((p[22] << 8 | p[23]) == csum0),
				    "%s ttl %u: flow moved", name, ttl);
			else
				CHECK((p[20] << 8 | p[21]) == sport0 &&
				    (p[22] << 8 | p[23]) == c.dport,
				    "%s ttl %u: ports moved", name, ttl);
			if (l4 == PKT_PID_UDP)
				CHECK((p[26] << 8 | p[27]) == time,
				    "%s: UDP checksum is not the time", name);

			/* Time exceeded quoting all of it, RFC 792's 8
			 * bytes, 4 bytes, only the IP header. */
			for (q = n; ; ) {
				len = icmp_error(ans, HOP, 11, 0, p, q);
				CHECK(pkt_pid_decode(&c, ans, len, &a) == 1,
				    "%s ttl %u quote of %zu: not decoded", name, ttl, q);
				check_ans(&a, dst, ttl, time, q >= 28,
				    PKT_PID_TIMEX, name);
				CHECK(memcmp(a.hop, HOP, 4) == 0, "%s: hop", name);
				tried++;
				if (pkt_pid_decode(&other, ans, len, &a) == 0)
					refused++;
				if (q == 20)
					break;
				q = q > 28 ? 28 : q == 28 ? 24 : 20;
			}
			/* The target's answer. */
			switch (l4) {
			case PKT_PID_TCP:
				len = target_reply(ans, p, n, ttl & 1 ? 0x12 : 0x14);
				CHECK(pkt_pid_decode(&c, ans, len, &a) == 1,
				    "%s ttl %u: reply not decoded", name, ttl);
				check_ans(&a, dst, ttl, time, 1, PKT_PID_REPLY, name);
				CHECK(a.tcpflags == (ttl & 1 ? 0x12 : 0x14), "flags");
				break;
			case PKT_PID_ICMP:
				len = target_reply(ans, p, n, 0);
				CHECK(pkt_pid_decode(&c, ans, len, &a) == 1,
				    "%s ttl %u: echo reply not decoded", name, ttl);
				check_ans(&a, dst, ttl, time, 1, PKT_PID_REPLY, name);
				break;
			case PKT_PID_UDP:
				len = icmp_error(ans, dst, 3, 3, p, 28);
				CHECK(pkt_pid_decode(&c, ans, len, &a) == 1,
				    "%s ttl %u: port unreachable not decoded", name, ttl);
				check_ans(&a, dst, ttl, time, 1, PKT_PID_UNREACH, name);
				CHECK(memcmp(a.hop, dst, 4) == 0, "%s: hop", name);
				break;
			}
			tried++;
			if (pkt_pid_decode(&other, ans, len, &a) == 0)
				refused++;
			/* Cut anywhere: decoded or not, never read past. */
			if (k < 8)
				for (q = 0; q < len; q++) {
					uint8_t *cut = malloc(q ? q : 1);

					memcpy(cut, ans, q);
					(void)pkt_pid_decode(&c, cut, q, &a);
					free(cut);
				}
		}
	}
	/* Another run's key: the 8-bit check refuses nearly all. */
	CHECK(refused >= tried * 98 / 100, "%s: another key: %d of %d refused",
	    name, refused, tried);
}

static void
flows(void)
{
	struct pkt_pid_cfg c = { PKT_PID_TCP, 80, -1, 1 }, d = c, s = c;
	uint8_t dst[4] = { 192, 0, 2, 7 }, p[PKT_PID_MAXLEN];
	struct pkt_pid_flow f;

	d.key = 2;
	/* The flow does not depend on the run's key: the same paths. */
	CHECK(pkt_pid_sport(&c, dst) == pkt_pid_sport(&d, dst), "sport keyed");
	CHECK(pkt_pid_sport(&c, dst) >= 33000 && pkt_pid_sport(&c, dst) < 61000,
	    "sport range");
	s.sport = 4242;
	pkt_pid_flow(&s, SRC, dst, &f);
	(void)pkt_pid_build(&s, &f, 3, 77, p);
	CHECK(p[20] == 4242 >> 8 && p[21] == (4242 & 0xff), "--sport");
}

static void
times(void)
{
	double tick = 1e-4;

	CHECK(pkt_pid_time(0, tick) == 1, "time 0");
	CHECK(pkt_pid_time(65534 * tick + tick / 2, tick) == 65535, "last tick");
	CHECK(pkt_pid_time(65535 * tick + tick / 2, tick) == 1, "wraps to 1");
	/* Sent just before the wrap, answered after it. */
	{
		uint16_t a = pkt_pid_time(6.5530, tick), b = pkt_pid_time(6.5560, tick);
		double e = pkt_pid_elapsed(a, b, tick);

		CHECK(b < a && e > 0.00285 && e < 0.00315, "across the wrap: %u -> "
		    "%u = %g", a, b, e);
	}
	CHECK(pkt_pid_elapsed(0, 5, tick) < 0, "unknown time");
	CHECK(pkt_pid_elapsed(5, 5, tick) == 0, "same tick");
}

int
main(void)
{
	round_trips(PKT_PID_TCP, "tcp");
	round_trips(PKT_PID_UDP, "udp");
	round_trips(PKT_PID_ICMP, "icmp");
	flows();
	times();
	printf("%d checks, %d failures\n", checks, failures);
	return failures != 0;
}
