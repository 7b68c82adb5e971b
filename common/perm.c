/* perm.c: a permutation computed, not stored, and shares of targets.
 * See perm.h. */
#include "perm.h"

#include <stdio.h>
#include <string.h>

#include "err.h"
#include "util.h"

/* splitmix64's finalizer: a good 64-bit mix. */
static uint64_t
mix64(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9u;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebu;
	x ^= x >> 31;
	return x;
}

void
pkt_perm_init(struct pkt_perm *p, uint64_t n, uint64_t seed)
{
	unsigned bits = 2, i;

	memset(p, 0, sizeof(*p));
	p->n = n;
	while (bits < 64 && (n - 1) >> bits != 0 && n > 1)
		bits += 2;
	p->half = bits / 2;
	for (i = 0; i < 4; i++)
		p->key[i] = (uint32_t)mix64(seed + 0x9e3779b97f4a7c15u * (i + 1));
}

static uint64_t
feistel(const struct pkt_perm *p, uint64_t x)
{
	uint64_t mask = p->half >= 32 ? 0xffffffffu : (1ull << p->half) - 1;
	uint64_t l = x >> p->half, r = x & mask, t;
	unsigned i;

	for (i = 0; i < 4; i++) {
		t = r;
		r = l ^ (mix64(r ^ (uint64_t)p->key[i] << 32 ^ i) & mask);
		l = t;
	}
	return l << p->half | r;
}

uint64_t
pkt_perm_at(const struct pkt_perm *p, uint64_t i)
{
	uint64_t x = i;

	if (p->n <= 1)
		return 0;
	/* A permutation of the power-of-two domain restricted to 0..n-1:
	 * the walk from i inside the domain ends back inside 0..n-1, and
	 * distinct i end at distinct values (each cycle is walked in turn). */
	do
		x = feistel(p, x);
	while (x >= p->n);
	return x;
}

int
pkt_shard_mine(const uint8_t *addr, size_t alen, unsigned k, unsigned n)
{
	uint64_t h = 0x70b5c7d9a1e3f201u;
	size_t i;

	if (n <= 1)
		return 1;
	for (i = 0; i < alen; i++)
		h = mix64(h ^ addr[i]);
	return h % n == (uint64_t)(k - 1);
}

int
pkt_shard_parse(const char *s, unsigned *k, unsigned *n, char *errbuf)
{
	char q[PKT_QUOTEBUF], kb[32];
	const char *slash = strchr(s, '/');
	uint64_t kk, nn;

	if (slash == NULL || (size_t)(slash - s) >= sizeof(kb))
		return pkt_fail(errbuf, "\"%s\": give K/N, share K of N (1/4 "
		    "to 4/4)", pkt_quote(s, q, sizeof(q)));
	memcpy(kb, s, (size_t)(slash - s));
	kb[slash - s] = '\0';
	if (pkt_parse_uint(slash + 1, 1, 1u << 20, "shard count", &nn, errbuf) < 0 ||
	    pkt_parse_uint(kb, 1, nn, "shard", &kk, errbuf) < 0)
		return -1;
	*k = (unsigned)kk;
	*n = (unsigned)nn;
	return 0;
}
