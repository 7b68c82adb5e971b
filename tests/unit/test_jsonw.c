/* test_jsonw.c: the stream writer (jsonw.c, straight into a buffer) writes
 * exactly the text of the reference writer's jansson objects (jsonref.c),
 * for every record of
 * the golden captures, for pairs, and for strings that are not UTF-8. */
#include <dirent.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "io.h"
#include "jsonref.h"
#include "pkt.h"
#include "util.h"
#include "unit.h"



static char *
via_writer(const struct pkt_pkt *p, const struct pkt_pkt *recv, bool pair)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	json_t *extra = json_pack("{s:s,s:i,s:n}", "target", "10.0.0.2", "ttl", 3,
	    "hop");

	if (pair)
		pkt_json_write_pair(f, p, recv, 0.000123, extra);
	else
		pkt_json_write_pkt(f, p);
	fclose(f);
	json_decref(extra);
	return buf;
}

static char *
via_jansson(const struct pkt_pkt *p, const struct pkt_pkt *recv, bool pair)
{
	json_t *o;
	char *s, *line;
	int flags = JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(16);

	if (pair) {
		o = json_object();
		json_object_set_new(o, "sent", ref_json_pkt(p));
		json_object_set_new(o, "recv", recv ? ref_json_pkt(recv) : json_null());
		json_object_set_new(o, "rtt", json_real(0.000123));
		json_object_set_new(o, "target", json_string("10.0.0.2"));
		json_object_set_new(o, "ttl", json_integer(3));
		json_object_set_new(o, "hop", json_null());
	} else
		o = ref_json_pkt(p);
	s = json_dumps(o, flags);
	json_decref(o);
	line = pkt_xmalloc(strlen(s) + 2);
	sprintf(line, "%s\n", s);
	free(s);
	return line;
}

static void
compare(const struct pkt_pkt *p, const struct pkt_pkt *q, const char *what)
{
	int pair;

	for (pair = 0; pair < 2; pair++) {
		char *a = via_writer(p, q, pair), *b = via_jansson(p, q, pair);

		CHECK(strcmp(a, b) == 0, "%s%s:\n  writer  %s  jansson %s", what,
		    pair ? " (pair)" : "", a, b);
		free(a);
		free(b);
	}
}

int
main(void)
{
	const char *top = getenv("PKT_TOP");
	char dir[4096], path[4400], eb[PKT_ERRBUF];
	struct dirent *de;
	struct pkt_pkt *prev = NULL, *p;
	DIR *d;
	static const uint8_t odd[] = { 'a', 0xff, 'b', 0x01, '"', '\\', 0xc3, 0xa9 };

	pkt_setprogname("test_jsonw");
	snprintf(dir, sizeof(dir), "%s/tests/golden/pcap", top ? top : ".");
	if ((d = opendir(dir)) == NULL) {
		perror(dir);
		return 1;
	}
	while ((de = readdir(d)) != NULL) {
		struct pkt_reader *r;
		struct pkt_rec rec;
		size_t l = strlen(de->d_name);

		if (l < 6 || strcmp(de->d_name + l - 5, ".pcap") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		if ((r = pkt_reader_open(path, eb)) == NULL)
			continue;
		while (pkt_reader_next(r, &rec, eb) > 0) {
			compare(rec.pkt, prev, de->d_name);
			pkt_free(prev);
			prev = rec.pkt;
			pkt_free(rec.recv);
		}
		pkt_reader_close(r);
	}
	closedir(d);
	/* A DNS name that is not UTF-8, with quotes and control bytes, an
	 * interface name: strings the way jansson writes them. */
	p = pkt_new();
	pkt_dissect(p, 12, (const uint8_t *)"\x45", 1, 1, eb);
	p->iface = pkt_xstrdup("eth\"0\t");
	{
		struct pkt_li *li = pkt_push(p, pkt_layer_find("DNSQR", NULL));
		int fi = pkt_layer_field(li->l, "qname");

		li->v[fi].b = pkt_xmalloc(sizeof(odd) + 1);
		memcpy(li->v[fi].b, odd, sizeof(odd));
		li->v[fi].b[sizeof(odd)] = '\0';
		li->v[fi].blen = sizeof(odd);
		li->v[fi].set = true;
	}
	compare(p, NULL, "odd strings");
	/* Capture times: the writer's own formatting of seconds and
	 * microseconds against jansson's %.16g, over the range and its edges. */
	{
		static const double edge[] = { 0, 0.5, 1e9, 1e9 - 1e-6, 9999999999.999999,
		    1e10, 1764290000.123456, 1764290000.1, 1764290000.0000001,
		    1764290000.9999996, 123.25 };
		unsigned seed = 1;
		int i, bad = 0;

		for (i = 0; i < 20000 && bad < 5; i++) {
			char *a, *b;

			if (i < (int)(sizeof(edge) / sizeof(edge[0])))
				p->time = edge[i];
			else {
				seed = seed * 1103515245u + 12345u;
				p->time = 1e9 + (double)(seed % 9000000u) * 1000.0 +
				    (double)((seed >> 8) % 1000000u) * 1e-6;
			}
			a = via_writer(p, NULL, false);
			b = via_jansson(p, NULL, false);
			if (strcmp(a, b) != 0)
				bad++;
			CHECK(strcmp(a, b) == 0, "time %.17g:\n  writer  %s  jansson %s",
			    p->time, a, b);
			free(a);
			free(b);
		}
	}
	pkt_free(p);
	pkt_free(prev);
	printf("%s %d checks, %d failed\n", failures ? "FAIL" : "ok", checks, failures);
	return failures ? 1 : 0;
}
