/* matchidx.c: which probes a reply may answer, by the matching key and
 * the far end (pkt_match_bucket), for sr.c's window and for the readers of
 * a saved trace (pkt_match_index). */
#include "match.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NB	(sizeof(((struct pkt_match_index *)0)->b) / \
		 sizeof(((struct pkt_match_index *)0)->b[0]))

uint64_t
pkt_match_bucket(const struct pkt_pkt *d, uint32_t key, bool reply, bool *fine)
{
	uint8_t a[16 + 8];
	uint32_t port;

	*fine = false;
	if (key == 0 || !pkt_match_peer(d, reply, a, &port))
		return key;
	memcpy(a + 16, &key, 4);
	memcpy(a + 20, &port, 4);
	*fine = true;
	return pkt_fnv64(a, sizeof(a), PKT_FNV64_INIT) | UINT64_C(1) << 63;
}

void
pkt_match_index_init(struct pkt_match_index *x)
{
	memset(x, 0, sizeof(*x));
}

void
pkt_match_index_free(struct pkt_match_index *x)
{
	size_t i;

	for (i = 0; i < NB; i++) {
		free(x->b[i].idx);
		free(x->b[i].id);
	}
	free(x->all);
	memset(x, 0, sizeof(*x));
}

static void
add(struct pkt_match_index *x, uint64_t id, size_t i)
{
	struct pkt_match_bucket *b = &x->b[(id * UINT64_C(0x9e3779b97f4a7c15)) >>
	    52 & (NB - 1)];
	size_t cap = b->cap;	/* the same room in both */

	b->idx = pkt_xgrow(b->idx, &cap, b->n + 1, sizeof(*b->idx));
	b->id = pkt_xgrow(b->id, &b->cap, b->n + 1, sizeof(*b->id));
	b->idx[b->n] = i;
	b->id[b->n++] = id;
}

void
pkt_match_index_add(struct pkt_match_index *x, const struct pkt_pkt *probe,
    size_t i)
{
	uint32_t key = pkt_match_key(probe, false);
	bool fine;
	uint64_t id = pkt_match_bucket(probe, key, false, &fine);

	add(x, id, i);
	x->all = pkt_xgrow(x->all, &x->cap, x->n + 1, sizeof(*x->all));
	x->all[x->n++] = i;
}

size_t
pkt_match_index_find(const struct pkt_match_index *x,
    const struct pkt_pkt *reply, size_t scan,
    bool (*accept)(void *, size_t probe), void *arg)
{
	uint32_t key = pkt_match_key(reply, true);
	bool fine;
	uint64_t id = pkt_match_bucket(reply, key, true, &fine);
	uint64_t want[2] = { id, key };
	int pass, npass = fine ? 2 : 1;
	size_t best = SIZE_MAX;

	if (key == 0) {		/* may answer any probe: the latest ones */
		size_t k;

		for (k = x->n > scan ? x->n - scan : 0; k < x->n; k++)
			if (accept(arg, x->all[k]))
				return x->all[k];
		return SIZE_MAX;
	}
	/* Those of its far end first, then those of its key that could not
	 * say theirs (as sr.c tries them); the latest scan of each. */
	for (pass = 0; pass < npass; pass++) {
		const struct pkt_match_bucket *b = &x->b[(want[pass] *
		    UINT64_C(0x9e3779b97f4a7c15)) >> 52 & (NB - 1)];
		size_t k, seen = 0, from;

		for (k = b->n; k-- > 0 && seen < scan;)
			if (b->id[k] == want[pass])
				seen++;
		from = k + 1;
		for (k = from; k < b->n && b->idx[k] < best; k++)
			if (b->id[k] == want[pass] && accept(arg, b->idx[k])) {
				best = b->idx[k];
				break;
			}
	}
	return best;
}
