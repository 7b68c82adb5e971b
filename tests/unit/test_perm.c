/* test_perm.c: common/perm.c: the probe order is a permutation (every
 * value of 0..n-1 exactly once) for sizes around powers of two and
 * products of targets and TTLs, the same for the same seed and another
 * for another seed, not the identity; shares by address split a list
 * exactly once whatever its order, near evenly; K/N parsed. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "perm.h"
#include "unit.h"


static void
permutes(uint64_t n, uint64_t seed)
{
	struct pkt_perm p, q;
	uint8_t *seen = calloc(n ? n : 1, 1);
	uint64_t i, dup = 0, out = 0, fixed = 0, same = 0;

	pkt_perm_init(&p, n, seed);
	pkt_perm_init(&q, n, seed + 1);
	for (i = 0; i < n; i++) {
		uint64_t v = pkt_perm_at(&p, i);

		if (v >= n) {
			out++;
			continue;
		}
		if (seen[v]++)
			dup++;
		if (v == i)
			fixed++;
		if (pkt_perm_at(&q, i) == v)
			same++;
		if (i % 97 == 0)	/* the same seed: the same order */
			CHECK(pkt_perm_at(&p, i) == v, "n %llu: not deterministic",
			    (unsigned long long)n);
	}
	CHECK(out == 0 && dup == 0, "n %llu seed %llu: %llu out of range, %llu "
	    "twice", (unsigned long long)n, (unsigned long long)seed,
	    (unsigned long long)out, (unsigned long long)dup);
	if (n >= 64) {
		CHECK(fixed < n / 8, "n %llu: %llu in place", (unsigned long long)n,
		    (unsigned long long)fixed);
		CHECK(same < n / 8, "n %llu: another seed, %llu the same",
		    (unsigned long long)n, (unsigned long long)same);
	}
	free(seen);
}

static void
shards(void)
{
	enum { NA = 50000 };
	static unsigned owner[NA];
	unsigned n, k, a, cnt[7];
	uint8_t addr[4];
	char eb[PKT_ERRBUF];

	for (n = 1; n <= 7; n++) {
		memset(cnt, 0, sizeof(cnt));
		for (a = 0; a < NA; a++) {
			unsigned mine = 0;

			/* In a scrambled order: the share is the address's. */
			uint32_t x = (a * 2654435761u) ^ 0x0a000000u;

			addr[0] = (uint8_t)(x >> 24);
			addr[1] = (uint8_t)(x >> 16);
			addr[2] = (uint8_t)(x >> 8);
			addr[3] = (uint8_t)x;
			for (k = 1; k <= n; k++)
				if (pkt_shard_mine(addr, 4, k, n)) {
					mine++;
					owner[a] = k;
					cnt[k - 1]++;
				}
			CHECK(mine == 1, "%u shards: address %u in %u of them", n, a,
			    mine);
			if (n == 3 && a < 100) {	/* the same every time */
				unsigned again = 0;

				for (k = 1; k <= n; k++)
					if (pkt_shard_mine(addr, 4, k, n))
						again = k;
				CHECK(again == owner[a], "share moved");
			}
		}
		for (k = 0; k < n; k++)
			CHECK(cnt[k] > NA / n * 9 / 10 && cnt[k] < NA / n * 11 / 10,
			    "%u shards: share %u has %u of %u", n, k + 1, cnt[k], NA);
	}
	CHECK(pkt_shard_parse("3/8", &k, &n, eb) == 0 && k == 3 && n == 8, "3/8");
	CHECK(pkt_shard_parse("0/8", &k, &n, eb) < 0, "0/8 taken");
	CHECK(pkt_shard_parse("9/8", &k, &n, eb) < 0, "9/8 taken");
	CHECK(pkt_shard_parse("3", &k, &n, eb) < 0, "3 taken");
	CHECK(pkt_shard_parse("1/0", &k, &n, eb) < 0, "1/0 taken");
	CHECK(pkt_shard_parse("a/2", &k, &n, eb) < 0 && strstr(eb, "\"a\"") != NULL,
	    "a/2: %s", eb);
}

int
main(void)
{
	static const uint64_t sizes[] = {
		0, 1, 2, 3, 4, 5, 7, 8, 15, 16, 17, 255, 256, 257, 1000,
		4096 * 8, 4095 * 8, 4097 * 30, 65536, 65537, 100003, 64 * 255,
		(1u << 20) + 1,
	};
	size_t i;

	for (i = 0; i < sizeof(sizes) / sizeof(sizes[0]); i++) {
		permutes(sizes[i], 1);
		permutes(sizes[i], 0xdeadbeef);
	}
	shards();
	printf("%d checks, %d failures\n", checks, failures);
	return failures != 0;
}
