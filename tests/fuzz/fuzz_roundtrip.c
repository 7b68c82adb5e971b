/* fuzz_roundtrip.c: the round trip properties.
 *
 * First byte below 0x80: it chooses the link type (fuzz.h) of the bytes
 * that follow, which are dissected; the tree goes out as JSON, is read
 * back without "hex" and rebuilt: the bytes must be the same (SPEC.md
 * section 4: the records rebuild to the same bytes).
 *
 * First byte 0x80 or more: the rest is a spec; each of its first packets
 * is built, dissected and rebuilt the same way: the bytes must not
 * change (spec -> build -> dissect -> build is stable).
 *
 * A difference aborts, with both hex strings on stderr. */
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "err.h"
#include "fuzz.h"
#include "io.h"
#include "pkt.h"
#include "spec.h"

#define FUZZ_SPEC_MAXPKT	8

static void
hexdump(const char *what, const uint8_t *b, size_t n)
{
	size_t i;

	fprintf(stderr, "%s (%zu bytes): ", what, n);
	for (i = 0; i < n; i++)
		fprintf(stderr, "%02x", b[i]);
	fputc('\n', stderr);
}

static void
fail(const char *why, const char *eb, const uint8_t *want, size_t wlen,
    const uint8_t *got, size_t glen)
{
	fprintf(stderr, "fuzz_roundtrip: %s%s%s\n", why, eb ? ": " : "",
	    eb ? eb : "");
	hexdump("dissected", want, wlen);
	if (got != NULL)
		hexdump("rebuilt  ", got, glen);
	abort();
}

/* The same link type: the same number, or the same name in JSON; 101
 * (LINKTYPE_RAW) is read back as DLT_RAW (12), as pkt_linktype_val says. */
static bool
same_dlt(int a, int b)
{
	const char *na, *nb;

	a = a == 101 ? 12 : a;
	b = b == 101 ? 12 : b;
	na = pkt_linktype_name(a);
	nb = pkt_linktype_name(b);
	return a == b || (na != NULL && nb != NULL && strcmp(na, nb) == 0);
}

/* Known limit, not checked: a DNS name is dotted text, so a NUL byte in
 * a label cannot be held (the DNS dissector leaves such a message Raw).
 * Other bytes travel in JSON as \xNN escapes and come back as they were. */
static bool
odd_name(const struct pkt_li *li, size_t nli)
{
	size_t i, f, k;

	for (i = 0; i < nli; i++)
		for (f = 0; f < li[i].l->nf; f++) {
			const struct pkt_val *v = &li[i].v[f];

			if (li[i].l->f[f].type == PKT_F_NAME && v->b != NULL)
				for (k = 0; k < v->blen; k++)
					if (v->b[k] == 0)
						return true;
			if (li[i].l->f[f].type == PKT_F_PKTS &&
			    odd_name(v->items, v->nitems))
				return true;
		}
	return false;
}


/* Dissect bytes of link type dlt, JSON out, back without "hex", build:
 * the same bytes, else abort. */
static void
roundtrip(int dlt, const uint8_t *b, size_t n)
{
	struct pkt_pkt *p = pkt_new();
	struct pkt_rec rec;
	char eb[PKT_ERRBUF];
	json_t *j;
	bool odd;

	pkt_dissect(p, dlt, b, n, (uint32_t)n, eb);
	odd = odd_name(p->li, p->n);
	if ((j = fuzz_json_pkt(p)) == NULL)
		fail("JSON of a dissected packet does not parse", NULL, b, n,
		    NULL, 0);
	json_object_del(j, "hex");
	memset(&rec, 0, sizeof(rec));
	if (pkt_json_to_rec(j, &rec, eb) < 0) {
		if (!odd)
			fail("JSON of a dissected packet not read back", eb, b, n,
			    NULL, 0);
	} else if (pkt_rec_build(&rec, &fuzz_env, eb) < 0) {
		if (!odd)
			fail("JSON of a dissected packet does not build", eb, b, n,
			    NULL, 0);
	} else if (!odd && (rec.pkt->rawlen != n ||
	    (n > 0 && memcmp(rec.pkt->raw, b, n) != 0)))
		fail("rebuilt bytes differ", NULL, b, n, rec.pkt->raw,
		    rec.pkt->rawlen);
	else if (!odd && !same_dlt(rec.pkt->dlt, dlt))
		fail("link type differs", NULL, b, n, NULL, 0);
	pkt_rec_clear(&rec);
	json_decref(j);
	pkt_free(p);
}

static void
spec_roundtrip(const uint8_t *data, size_t size)
{
	struct pkt_spec *sp;
	struct pkt_pkt *p;
	char eb[PKT_ERRBUF], *text;
	int i;

	if ((text = malloc(size + 1)) == NULL)
		return;
	memcpy(text, data, size);
	text[size] = '\0';
	sp = pkt_spec_parse(text, 1, eb);
	free(text);
	if (sp == NULL)
		return;
	pkt_spec_seed(1);
	pkt_spec_rewind(sp);
	for (i = 0; i < FUZZ_SPEC_MAXPKT; i++) {
		p = NULL;
		if (pkt_spec_next(sp, &p, eb) <= 0) {
			pkt_free(p);
			break;
		}
		if (pkt_build(p, &fuzz_env, eb) == 0 && p->rawlen > 0)
			roundtrip(p->dlt, p->raw, p->rawlen);
		pkt_free(p);
	}
	pkt_spec_free(sp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 2)	/* an empty packet has no JSON form */
		return 0;
	if (data[0] & 0x80)
		spec_roundtrip(data + 1, size - 1);
	else
		roundtrip(fuzz_dlt(data[0]), data + 1, size - 1);
	return 0;
}
