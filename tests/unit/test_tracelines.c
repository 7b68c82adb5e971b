/* test_tracelines.c: common/tracelines.c, a large run's JSON Lines read
 * back per target: lines out of TTL order and interleaved between
 * targets make one path each, in TTL order, the first line of a TTL
 * kept; the end, reached and the protocol the answers tell; at most
 * maxopen targets open, the oldest handed over first, whatever the
 * length of the input (thousands of targets through a table of 64, each
 * path whole: the hash table's deletions keep every entry findable);
 * lines that are not a large run's refused with file and line. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "pkt.h"
#include "tracelines.h"
#include "unit.h"

struct got {
	char	 target[64][PKT_TRACE_ADDRLEN];
	size_t	 n[64];
	unsigned end[64], ttl0[64];
	bool	 reached[64];
	int	 l4[64];
	char	 hop1[64][PKT_TRACE_ADDRLEN];
	size_t	 npaths;
	/* the big run's: lines per path, TTLs in order */
	uint64_t lines, bad;
};

static int
keep(const struct pkt_tl_path *p, void *arg)
{
	struct got *g = arg;
	size_t i;

	g->lines += p->n;
	for (i = 1; i < p->n; i++)
		if (p->h[i].ttl <= p->h[i - 1].ttl)
			g->bad++;
	if (g->npaths < 64) {
		snprintf(g->target[g->npaths], PKT_TRACE_ADDRLEN, "%s", p->target);
		g->n[g->npaths] = p->n;
		g->end[g->npaths] = p->end;
		g->reached[g->npaths] = p->reached;
		g->l4[g->npaths] = p->l4;
		g->ttl0[g->npaths] = p->n > 0 ? p->h[0].ttl : 0;
		snprintf(g->hop1[g->npaths], PKT_TRACE_ADDRLEN, "%s",
		    p->n > 1 ? p->h[1].hop : "");
	}
	g->npaths++;
	return 0;
}

/* Feed text through the reader into tl: 0, or -1 with eb. */
static int
feed(struct pkt_tl *tl, const char *text, char *eb)
{
	FILE *fp = fmemopen((void *)(uintptr_t)text, strlen(text), "r");
	struct pkt_reader *rd = pkt_reader_fopen(fp, "t.jsonl", eb);
	struct pkt_rec rec;
	int r;

	while ((r = pkt_reader_next(rd, &rec, eb)) == 1) {
		if (!rec.line) {
			snprintf(eb, PKT_ERRBUF, "not a line");
			r = -1;
			break;
		}
		if ((r = pkt_tl_add(tl, &rec, eb)) < 0)
			break;
	}
	pkt_reader_close(rd);
	fclose(fp);
	return r < 0 ? -1 : 0;
}

static void
paths(void)
{
	static const char text[] =
	    "{\"target\":\"10.0.0.1\",\"ttl\":3,\"hop\":\"10.0.0.1\",\"kind\":\"reply\",\"what\":\"RA\",\"rtt\":0.001}\n"
	    "{\"target\":\"10.0.0.2\",\"ttl\":2,\"hop\":\"10.9.0.2\",\"kind\":\"time-exceeded\",\"what\":\"11\",\"rtt\":0.002}\n"
	    "{\"target\":\"10.0.0.1\",\"ttl\":1,\"hop\":\"10.9.0.1\",\"kind\":\"time-exceeded\",\"what\":\"11\",\"rtt\":0.001}\n"
	    "{\"target\":\"10.0.0.1\",\"ttl\":5,\"hop\":\"10.0.0.1\",\"kind\":\"reply\",\"what\":\"RA\",\"rtt\":null}\n"
	    "{\"target\":\"2001:db8::7\",\"ttl\":1,\"hop\":\"2001:db8::1\",\"kind\":\"time-exceeded\",\"what\":\"3\",\"rtt\":0.001}\n"
	    "{\"target\":\"10.0.0.1\",\"ttl\":2,\"hop\":\"10.9.0.2\",\"kind\":\"time-exceeded\",\"what\":\"11\",\"rtt\":0.001}\n"
	    "{\"target\":\"10.0.0.1\",\"ttl\":2,\"hop\":\"10.9.9.9\",\"kind\":\"time-exceeded\",\"what\":\"11\",\"rtt\":0.001}\n"
	    "{\"target\":\"10.0.0.2\",\"ttl\":1,\"hop\":null,\"kind\":\"timeout\"}\n"
	    "{\"target\":\"10.0.0.2\",\"ttl\":3,\"hop\":\"10.0.0.2\",\"kind\":\"reply\",\"what\":\"0\",\"rtt\":0.003}\n"
	    "{\"target\":\"10.0.0.3\",\"ttl\":2,\"hop\":\"10.9.0.2\",\"kind\":\"unreachable\",\"what\":\"3\",\"rtt\":0.003}\n"
	    "{\"target\":\"2001:db8::7\",\"ttl\":2,\"hop\":\"2001:db8::7\",\"kind\":\"unreachable\",\"what\":\"1\",\"rtt\":0.001}\n";
	struct got g;
	struct pkt_tl *tl;
	char eb[PKT_ERRBUF];

	memset(&g, 0, sizeof(g));
	tl = pkt_tl_new(keep, &g, 0);
	CHECK(feed(tl, text, eb) == 0, "feed: %s", eb);
	CHECK(g.npaths == 0, "nothing handed over before the end: %zu", g.npaths);
	CHECK(pkt_tl_end(tl) == 0, "end");
	CHECK(g.npaths == 4, "4 targets: %zu", g.npaths);
	CHECK(strcmp(g.target[0], "10.0.0.1") == 0 && g.n[0] == 4 &&
	    g.ttl0[0] == 1 && g.end[0] == 3 && g.reached[0] &&
	    g.l4[0] == PKT_TRACE_TCP && strcmp(g.hop1[0], "10.9.0.2") == 0,
	    "10.0.0.1 first seen first: TTLs 1, 2 (the first line), 3, 5; "
	    "ends at 3, TCP: %s n %zu end %u hop %s", g.target[0], g.n[0],
	    g.end[0], g.hop1[0]);
	CHECK(strcmp(g.target[1], "10.0.0.2") == 0 && g.n[1] == 3 &&
	    g.end[1] == 3 && g.reached[1] && g.l4[1] == PKT_TRACE_ICMP,
	    "10.0.0.2: its timeout kept, an echo reply: ICMP");
	CHECK(strcmp(g.target[2], "2001:db8::7") == 0 && g.reached[2] &&
	    g.end[2] == 2 && g.l4[2] == -1, "IPv6, unreachable 1 from itself");
	CHECK(strcmp(g.target[3], "10.0.0.3") == 0 && !g.reached[3] &&
	    g.end[3] == 2, "an unreachable from a router ends, not reached");
	CHECK(pkt_tl_lines(tl) == 11 && pkt_tl_paths(tl) == 4 &&
	    pkt_tl_peak(tl) == 4, "tally");
	pkt_tl_free(tl);
}

/* Thousands of targets, each with its lines spread over a window of
 * fewer than maxopen targets: every path whole, at most maxopen open. */
static void
window(void)
{
	enum { N = 5000, MAX = 64, TTLS = 6 };
	size_t cap = (size_t)N * TTLS * 120, len = 0, i;
	char *text = malloc(cap), eb[PKT_ERRBUF];
	struct got g;
	struct pkt_tl *tl;
	unsigned k;

	/* Line k of target i comes at step i + k * 7 (targets interleave
	 * over 7 * TTLS < MAX of them). */
	for (size_t step = 0; step < N + 7 * TTLS; step++)
		for (k = 0; k < TTLS; k++) {
			if (step < (size_t)k * 7 || step - k * 7 >= N)
				continue;
			i = step - k * 7;
			len += (size_t)snprintf(text + len, cap - len,
			    "{\"target\":\"10.%zu.%zu.%zu\",\"ttl\":%u,\"hop\":"
			    "\"10.255.0.%u\",\"kind\":\"time-exceeded\",\"what\":"
			    "\"11\",\"rtt\":0.001}\n", i >> 16, (i >> 8) & 255,
			    i & 255, TTLS - k, TTLS - k);
		}
	memset(&g, 0, sizeof(g));
	tl = pkt_tl_new(keep, &g, MAX);
	CHECK(feed(tl, text, eb) == 0, "feed: %s", eb);
	CHECK(g.npaths == N - MAX, "paths handed over while reading: %zu", g.npaths);
	CHECK(pkt_tl_end(tl) == 0, "end");
	CHECK(g.npaths == N && g.lines == (uint64_t)N * TTLS && g.bad == 0,
	    "%d paths of %d TTLs each, in order: %zu paths, %llu lines, %llu "
	    "out of order", N, TTLS, g.npaths, (unsigned long long)g.lines,
	    (unsigned long long)g.bad);
	CHECK(pkt_tl_peak(tl) <= MAX, "at most %d open: %zu", MAX, pkt_tl_peak(tl));
	CHECK(strcmp(g.target[0], "10.0.0.0") == 0 && g.n[0] == TTLS,
	    "the oldest first");
	pkt_tl_free(tl);
	free(text);
}

static void
refused(void)
{
	static const struct {
		const char *line, *msg;
	} t[] = {
		{ "{\"target\":\"x\",\"ttl\":1,\"kind\":\"timeout\"}", "\"target\"" },
		{ "{\"target\":\"10.0.0.1\",\"ttl\":0,\"kind\":\"timeout\"}", "\"ttl\"" },
		{ "{\"target\":\"10.0.0.1\",\"ttl\":256,\"kind\":\"timeout\"}", "\"ttl\"" },
		{ "{\"target\":\"10.0.0.1\",\"ttl\":\"2\",\"kind\":\"timeout\"}", "\"ttl\"" },
		{ "{\"target\":\"10.0.0.1\",\"ttl\":2,\"kind\":\"answer\"}", "\"kind\"" },
		{ "{\"target\":\"10.0.0.1\",\"ttl\":2,\"kind\":\"reply\"}", "\"hop\"" },
		{ "{\"target\":\"10.0.0.1\",\"ttl\":2,\"hop\":\"r1\",\"kind\":\"reply\"}", "\"hop\"" },
		{ "{\"target\":\"10.0.0.1\",\"ttl\":2,\"hop\":\"10.0.0.1\",\"kind\":\"reply\",\"what\":\"\\u001b[2J\"}", "\"what\"" },
		{ "{\"target\":\"10.0.0.1\",\"ttl\":2,\"hop\":\"10.0.0.1\",\"kind\":\"reply\",\"what\":\"SSSSSS\"}", "\"what\"" },
	};
	size_t i;

	for (i = 0; i < sizeof(t) / sizeof(t[0]); i++) {
		struct got g;
		struct pkt_tl *tl;
		char eb[PKT_ERRBUF], text[256];

		memset(&g, 0, sizeof(g));
		tl = pkt_tl_new(keep, &g, 0);
		snprintf(text, sizeof(text), "{\"target\":\"10.0.0.9\",\"ttl\":1,"
		    "\"kind\":\"timeout\"}\n%s\n", t[i].line);
		eb[0] = '\0';
		CHECK(feed(tl, text, eb) < 0 && strstr(eb, "t.jsonl:2: ") != NULL &&
		    strstr(eb, t[i].msg) != NULL, "%s: refused, naming line 2 and %s: %s",
		    t[i].line, t[i].msg, eb);
		pkt_tl_free(tl);
	}
}

int
main(void)
{
	paths();
	window();
	refused();
	return unit_done();
}
