/* matchidx.c: probes by matching key (match.h), shared by sr.c and the
 * readers of a saved trace. */
#include "match.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define NB	(sizeof(((struct pkt_match_index *)0)->b) / \
		 sizeof(((struct pkt_match_index *)0)->b[0]))

void
pkt_match_index_init(struct pkt_match_index *x)
{
	memset(x, 0, sizeof(*x));
}

void
pkt_match_index_free(struct pkt_match_index *x)
{
	size_t i;

	for (i = 0; i < NB; i++)
		free(x->b[i].idx);
	memset(x, 0, sizeof(*x));
}

void
pkt_match_index_add(struct pkt_match_index *x, uint32_t key, size_t i)
{
	struct pkt_match_bucket *b = &x->b[key % NB];

	b->idx = pkt_xreallocarray(b->idx, b->n + 1, sizeof(*b->idx));
	b->idx[b->n++] = i;
	if (i + 1 > x->n)
		x->n = i + 1;
}

const size_t *
pkt_match_index_get(const struct pkt_match_index *x, uint32_t key, size_t *n)
{
	if (key == 0) {
		*n = x->n;
		return NULL;
	}
	*n = x->b[key % NB].n;
	return x->b[key % NB].idx;
}
