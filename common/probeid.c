/* probeid.c: stateless probes, built and decoded.  See probeid.h. */
#include "probeid.h"

#include <math.h>
#include <string.h>

#include "pkt.h"
#include "util.h"

#define IPPROTO_ICMP_	1
#define IPPROTO_TCP_	6
#define IPPROTO_UDP_	17

/* pkttrace's per-target hash (target, protocol, port): the same flows. */
static uint32_t
flow_hash(const struct pkt_pid_cfg *c, const uint8_t dst[4])
{
	uint8_t more[3] = { (uint8_t)c->l4, (uint8_t)(c->dport >> 8),
	    (uint8_t)c->dport };

	return pkt_fnv32(more, sizeof(more), pkt_fnv32(dst, 4, PKT_FNV32_INIT));
}

/* The 8-bit check of a target and TTL under the run's key. */
static uint8_t
check8(const struct pkt_pid_cfg *c, const uint8_t dst[4], unsigned ttl)
{
	uint32_t h = (uint32_t)dst[0] << 24 | (uint32_t)dst[1] << 16 |
	    (uint32_t)dst[2] << 8 | dst[3];

	h ^= c->key * 0x9e3779b1u;
	h ^= (uint32_t)ttl * 0x85ebca6bu;
	h ^= h >> 16;
	h *= 0x7feb352du;
	h ^= h >> 15;
	h *= 0x846ca68bu;
	h ^= h >> 16;
	return (uint8_t)h;
}

uint16_t
pkt_pid_sport(const struct pkt_pid_cfg *c, const uint8_t dst[4])
{
	if (c->sport >= 0)
		return (uint16_t)c->sport;
	return (uint16_t)(33000 + flow_hash(c, dst) % 28000);
}

void
pkt_pid_flow(const struct pkt_pid_cfg *c, const uint8_t src[4],
    const uint8_t dst[4], struct pkt_pid_flow *f)
{
	memcpy(f->src, src, 4);
	memcpy(f->dst, dst, 4);
	f->sport = pkt_pid_sport(c, dst);
	f->icmp_csum = (uint16_t)(1 + pkt_fnv32((const uint8_t *)"csum", 4,
	    flow_hash(c, dst)) % 0xfffe);
}

static void
put16(uint8_t *p, unsigned v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static uint16_t
get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t
get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

/* The pseudo-header's sum: addresses, protocol, length. */
static uint32_t
pseudo(const struct pkt_pid_flow *f, uint8_t proto, size_t len)
{
	uint32_t s = pkt_csum_add(0, f->src, 4);

	s = pkt_csum_add(s, f->dst, 4);
	return s + proto + (uint32_t)len;
}

size_t
pkt_pid_build(const struct pkt_pid_cfg *c, const struct pkt_pid_flow *f,
    unsigned ttl, uint16_t time, uint8_t *b)
{
	uint8_t chk = check8(c, f->dst, ttl), *t = b + 20, proto;
	size_t tlen;

	memset(b, 0, PKT_PID_MAXLEN);
	switch (c->l4) {
	case PKT_PID_TCP:
		proto = IPPROTO_TCP_;
		tlen = 20;
		put16(t, f->sport);
		put16(t + 2, c->dport);
		put16(t + 4, ttl << 8 | time >> 8);
		put16(t + 6, (unsigned)(time & 0xff) << 8 | chk);
		t[12] = 5 << 4;
		t[13] = 0x02;			/* SYN */
		put16(t + 14, 8192);		/* Scapy's window */
		put16(t + 16, pkt_csum_fold(pkt_csum_add(pseudo(f, proto, tlen),
		    t, tlen)));
		break;
	case PKT_PID_UDP:
		proto = IPPROTO_UDP_;
		tlen = 10;
		put16(t, f->sport);
		put16(t + 2, c->dport);
		put16(t + 4, tlen);
		put16(t + 6, time);		/* the checksum: never 0 */
		/* The payload word that makes it the checksum. */
		put16(t + 8, pkt_csum_fold(pkt_csum_add(pseudo(f, proto, tlen),
		    t, 8)));
		break;
	case PKT_PID_ICMP:
	default:
		proto = IPPROTO_ICMP_;
		tlen = 14;
		t[0] = 8;			/* echo request */
		put16(t + 2, f->icmp_csum);
		put16(t + 4, f->sport);
		put16(t + 6, time);
		t[8] = (uint8_t)ttl;
		t[9] = chk;
		put16(t + 10, time);
		put16(t + 12, pkt_csum_fold(pkt_csum_add(0, t, 12)));
		break;
	}
	b[0] = 0x45;
	put16(b + 2, 20 + tlen);
	put16(b + 4, ttl << 8 | chk);
	b[8] = (uint8_t)ttl;
	b[9] = proto;
	memcpy(b + 12, f->src, 4);
	memcpy(b + 16, f->dst, 4);
	put16(b + 10, pkt_csum_fold(pkt_csum_add(0, b, 20)));
	return 20 + tlen;
}

/* ---- decoding -------------------------------------------------------- */

static uint8_t
proto_of(enum pkt_pid_l4 l4)
{
	return l4 == PKT_PID_TCP ? IPPROTO_TCP_ : l4 == PKT_PID_UDP ?
	    IPPROTO_UDP_ : IPPROTO_ICMP_;
}

/* A quoted probe (IPv4 header and what is left of its transport, n
 * bytes): the target, TTL and, when the quote holds it, the time. */
static int
decode_quote(const struct pkt_pid_cfg *c, const uint8_t *q, size_t n,
    struct pkt_pid_ans *a)
{
	size_t hl;
	const uint8_t *t;
	unsigned ttl;
	uint8_t chk;

	if (n < 20 || (q[0] >> 4) != 4 || (hl = (size_t)(q[0] & 0xf) * 4) < 20 ||
	    hl > n || q[9] != proto_of(c->l4))
		return 0;
	memcpy(a->target, q + 16, 4);
	ttl = q[4];
	chk = q[5];
	if (ttl == 0 || chk != check8(c, a->target, ttl))
		return 0;
	a->ttl = ttl;
	a->time = 0;
	t = q + hl;
	n -= hl;
	switch (c->l4) {
	case PKT_PID_TCP:
	case PKT_PID_UDP:
		/* The ports, when quoted, are the flow's. */
		if (n >= 4 && (get16(t) != pkt_pid_sport(c, a->target) ||
		    get16(t + 2) != c->dport))
			return 0;
		if (c->l4 == PKT_PID_TCP && n >= 8) {
			uint32_t seq = get32(t + 4);

			if (seq >> 24 != ttl || (seq & 0xff) != chk)
				return 0;
			a->time = (uint16_t)(seq >> 8);
		} else if (c->l4 == PKT_PID_UDP && n >= 8)
			a->time = get16(t + 6);
		break;
	case PKT_PID_ICMP:
		if (n >= 1 && t[0] != 8)
			return 0;
		if (n >= 6 && get16(t + 4) != pkt_pid_sport(c, a->target))
			return 0;
		if (n >= 8)
			a->time = get16(t + 6);
		break;
	}
	return 1;
}

int
pkt_pid_decode(const struct pkt_pid_cfg *c, const uint8_t *ip, size_t len,
    struct pkt_pid_ans *a)
{
	size_t hl, n;
	const uint8_t *t;

	memset(a, 0, sizeof(*a));
	if (len < 20 || (ip[0] >> 4) != 4 || (hl = (size_t)(ip[0] & 0xf) * 4) < 20 ||
	    hl > len)
		return 0;
	n = len - hl;
	if (get16(ip + 2) >= hl && get16(ip + 2) < len)
		n = get16(ip + 2) - hl;		/* Ethernet padding: not ours */
	t = ip + hl;
	memcpy(a->hop, ip + 12, 4);
	if (ip[9] == IPPROTO_ICMP_) {
		if (n < 8)
			return 0;
		a->type = t[0];
		a->code = t[1];
		if (t[0] == 11 || t[0] == 3) {
			a->kind = t[0] == 11 ? PKT_PID_TIMEX : PKT_PID_UNREACH;
			return decode_quote(c, t + 8, n - 8, a);
		}
		if (t[0] != 0 || c->l4 != PKT_PID_ICMP || n < 12)
			return 0;
		/* An echo reply: from the target, id its flow's, the payload
		 * ours. */
		memcpy(a->target, ip + 12, 4);
		if (get16(t + 4) != pkt_pid_sport(c, a->target) || t[8] == 0 ||
		    t[9] != check8(c, a->target, t[8]))
			return 0;
		a->kind = PKT_PID_REPLY;
		a->ttl = t[8];
		a->time = get16(t + 6);
		return 1;
	}
	if (ip[9] == IPPROTO_TCP_ && c->l4 == PKT_PID_TCP) {
		uint32_t seq;

		if (n < 14)
			return 0;
		/* SYN-ACK or RST-ACK to our SYN: it acknowledges seq + 1. */
		memcpy(a->target, ip + 12, 4);
		if (get16(t) != c->dport || get16(t + 2) !=
		    pkt_pid_sport(c, a->target) || !(t[13] & 0x10))
			return 0;
		seq = get32(t + 8) - 1;
		if (seq >> 24 == 0 || (seq & 0xff) !=
		    check8(c, a->target, seq >> 24))
			return 0;
		a->kind = PKT_PID_REPLY;
		a->ttl = seq >> 24;
		a->time = (uint16_t)(seq >> 8);
		a->tcpflags = t[13];
		return 1;
	}
	return 0;
}

uint16_t
pkt_pid_time(double t, double tick)
{
	double k = floor(t / tick);

	if (!(k >= 0))
		k = 0;
	return (uint16_t)(1 + (uint64_t)k % 65535);
}

double
pkt_pid_elapsed(uint16_t sent, uint16_t now, double tick)
{
	unsigned d;

	if (sent == 0 || now == 0)
		return -1;
	d = now >= sent ? (unsigned)(now - sent) : (unsigned)(now + 65535 - sent);
	return d * tick;
}
