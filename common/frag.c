/* frag.c: IP fragmentation as Scapy 2.5's fragment() (layers/inet.py) and
 * fragment6() (layers/inet6.py) do it, on the packet tree: each fragment
 * is the packet's headers up to the IP layer (the Fragment header for
 * IPv6) with a Raw slice of the rest, built again, so lengths and
 * checksums are computed as Scapy computes them. */
#include "frag.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pkt.h"
#include "spec.h"
#include "util.h"

extern const struct pkt_layer pkt_layer_ip, pkt_layer_ipv6, pkt_layer_ipv6_frag;

/* A copy of layers [0, n) of p. */
static struct pkt_pkt *
prefix(const struct pkt_pkt *p, size_t n)
{
	struct pkt_pkt *q = pkt_new();
	size_t i;

	for (i = 0; i < n; i++) {
		struct pkt_li *li = pkt_push(q, p->li[i].l);

		pkt_li_clear(li);
		pkt_li_copy(li, &p->li[i]);
	}
	return q;
}

/* Where layer n starts in p's bytes: the length of layers [0, n) built. */
static int
offset_of(const struct pkt_pkt *p, size_t n, const struct pkt_env *env,
    size_t *off, char *errbuf)
{
	struct pkt_pkt *q = prefix(p, n);
	int rc = pkt_build(q, env, errbuf);

	*off = q->rawlen;
	pkt_free(q);
	if (rc == 0 && *off > p->rawlen)
		return pkt_fail(errbuf, "--fragment: headers longer than the packet");
	return rc;
}

static size_t
field(const struct pkt_li *li, const char *name)
{
	int fi = pkt_layer_field(li->l, name);

	return fi < 0 ? 0 : (size_t)fi;	/* every name here exists */
}

/* Scapy's `del pkt.field`: back to the default, or computed. */
static void
unset(struct pkt_li *li, const char *name)
{
	li->v[field(li, name)].set = false;
}

static void
push_raw(struct pkt_pkt *q, const uint8_t *b, size_t n)
{
	pkt_val_setb(&pkt_push(q, &pkt_layer_raw)->v[0], b, n);
}

static int
add(struct pkt_pkt *q, const struct pkt_env *env, struct pkt_pkt ***out,
    size_t *n, char *errbuf)
{
	if (pkt_build(q, env, errbuf) < 0) {
		pkt_free(q);
		return -1;
	}
	*out = pkt_xreallocarray(*out, *n + 1, sizeof(**out));
	(*out)[(*n)++] = q;
	return 0;
}

/* fragment(pkt, fragsize): fragments of fs bytes of data (a multiple of
 * 8), the last one up to `size`; MF on all but the last, offsets added to
 * the packet's own, length and checksum recomputed (Scapy deletes them). */
static int
frag4(const struct pkt_pkt *p, size_t ip, size_t size, const struct pkt_env *env,
    struct pkt_pkt ***out, size_t *n, char *errbuf)
{
	size_t hl, plen, fs = size - size % 8, nb, i;

	if (size < 8)
		return pkt_fail(errbuf, "--fragment %zu: IPv4 fragments carry "
		    "at least 8 bytes of data", size);
	if (offset_of(p, ip + 1, env, &hl, errbuf) < 0)
		return -1;
	plen = p->rawlen - hl;
	/* Scapy: nb = (len(s) - lastfragsz + fragsize - 1) // fragsize + 1,
	 * which is 0 for a payload shorter than size % 8 + 1 bytes (the
	 * packet vanishes); pkt sends it as one fragment instead. */
	nb = plen + fs >= size + 1 ? (plen + fs - 1 - size) / fs + 1 : 1;
	for (i = 0; i < nb; i++) {
		struct pkt_pkt *q = prefix(p, ip + 1);
		struct pkt_li *li = &q->li[ip];
		size_t start = i * fs, end, ff = field(li, "frag");

		unset(li, "chksum");
		unset(li, "len");
		if (i != nb - 1) {
			size_t fl = field(li, "flags");

			pkt_li_setu(li, fl, pkt_li_u(li, fl) | 1);	/* MF */
			end = (i + 1) * fs;
		} else
			end = i * fs + size;
		pkt_li_setu(li, ff, (pkt_li_u(li, ff) + i * fs / 8) & 0x1fff);
		start = start < plen ? start : plen;
		end = end < plen ? end : plen;
		push_raw(q, p->raw + hl + start, end - start);
		if (add(q, env, out, n, errbuf) < 0)
			return -1;
	}
	return 0;
}

/* fragment6(pkt, fragSize): fragments of at most `size` bytes in all. */
static int
frag6(const struct pkt_pkt *p, size_t ip6, size_t size, const struct pkt_env *env,
    struct pkt_pkt ***out, size_t *n, char *errbuf)
{
	struct pkt_pkt *w = pkt_copy(p);
	struct pkt_li fh;
	size_t fr, unfrag, fragpart, inner, off = 0, left;
	const uint8_t *rest;
	long long lastsz;
	uint64_t id;
	int rc = -1;

	for (fr = 0; fr < w->n; fr++)
		if (w->li[fr].l == &pkt_layer_ipv6_frag && !w->li[fr].quoted)
			break;
	if (fr == w->n) {	/* a Fragment header right after IPv6 */
		struct pkt_li *l3 = &w->li[ip6], *f;
		uint64_t nh = pkt_li_u(l3, field(l3, "nh"));

		pkt_push(w, &pkt_layer_ipv6_frag);
		f = &w->li[w->n - 1];
		fh = *f;
		memmove(&w->li[ip6 + 2], &w->li[ip6 + 1],
		    (w->n - ip6 - 2) * sizeof(*w->li));
		w->li[ip6 + 1] = fh;
		fr = ip6 + 1;
		pkt_li_setu(&w->li[fr], field(&w->li[fr], "nh"), nh);
		unset(&w->li[ip6], "nh");
		unset(&w->li[ip6], "plen");
	}
	if (pkt_build(w, env, errbuf) < 0)
		goto out;
	if (w->rawlen <= size) {	/* small enough: as it is, header and all */
		*out = pkt_xreallocarray(*out, *n + 1, sizeof(**out));
		(*out)[(*n)++] = w;
		return 0;
	}
	if (offset_of(w, fr, env, &unfrag, errbuf) < 0)
		goto out;
	if (w->rawlen < unfrag + 8) {
		pkt_fail(errbuf, "--fragment: headers longer than the packet");
		goto out;
	}
	fragpart = w->rawlen - unfrag - 8;
	lastsz = (long long)size - (long long)unfrag - 8;
	inner = lastsz > 0 ? (size_t)lastsz - (size_t)lastsz % 8 : 0;
	if (inner == 0) {
		pkt_fail(errbuf, "--fragment %zu is too small for this IPv6 packet: "
		    "its fragments need at least %zu bytes (%zu of headers, 8 of data)",
		    size, unfrag + 16, unfrag + 8);
		goto out;
	}
	{
		const struct pkt_li *f = &w->li[fr];
		size_t fid = field(f, "id");

		id = f->v[fid].set ? f->v[fid].u : pkt_spec_random() & 0xffffffff;
	}
	rest = w->raw + unfrag + 8;
	left = fragpart;
	for (;;) {
		struct pkt_pkt *q = prefix(w, fr + 1);
		struct pkt_li *f = &q->li[fr];
		bool last = left <= (size_t)lastsz;
		size_t take = last ? left : inner;

		unset(&q->li[ip6], "plen");
		pkt_li_setu(f, field(f, "offset"), off & 0x1fff);
		pkt_li_setu(f, field(f, "m"), last ? 0 : 1);
		pkt_li_setu(f, field(f, "id"), id);
		push_raw(q, rest, take);
		if (add(q, env, out, n, errbuf) < 0)
			goto out;
		if (last)
			break;
		rest += take;
		left -= take;
		off += take / 8;
	}
	rc = 0;
out:
	pkt_free(w);
	return rc;
}

int
pkt_frag_split(const struct pkt_pkt *p, size_t size, const struct pkt_env *env,
    struct pkt_pkt ***out, size_t *n, char *errbuf)
{
	size_t i;
	int rc = 0;

	*out = NULL;
	*n = 0;
	for (i = 0; i < p->n; i++) {
		if (p->li[i].quoted)
			continue;
		if (p->li[i].l == &pkt_layer_ip) {
			rc = frag4(p, i, size, env, out, n, errbuf);
			break;
		}
		if (p->li[i].l == &pkt_layer_ipv6) {
			rc = frag6(p, i, size, env, out, n, errbuf);
			break;
		}
	}
	if (rc < 0) {
		for (i = 0; i < *n; i++)
			pkt_free((*out)[i]);
		free(*out);
		*out = NULL;
		*n = 0;
	}
	return rc;
}
