/* fuzz_dissect.c: the dissector from every link type, and what reads the
 * tree it makes (summary, show, JSON).  Input: one byte choosing the link
 * type (fuzz.h: 1, 113, 276, 12, 101, 228, 229, 0, 108, 9, 50, unknown),
 * then the captured bytes. */
#include <stdio.h>
#include <stdlib.h>

#include <jansson.h>

#include "err.h"
#include "fuzz.h"
#include "io.h"
#include "match.h"
#include "pkt.h"
#include "text.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct pkt_pkt *p;
	char eb[PKT_ERRBUF], sum[512];
	json_t *j;
	char *s;

	if (size < 1)
		return 0;
	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	p = pkt_new();
	if (pkt_dissect(p, fuzz_dlt(data[0]), data + 1, size - 1,
	    (uint32_t)(size - 1), eb) == 0) {
		unsigned t, c;

		pkt_text_summary(p, sum, sizeof(sum));
		pkt_text_show(devnull, p);
		if ((j = fuzz_json_pkt(p)) == NULL)
			abort();	/* the writer wrote what JSON cannot read */
		if ((s = json_dumps(j, JSON_COMPACT)) != NULL)
			free(s);
		json_decref(j);
		(void)pkt_match_key(p, false);
		(void)pkt_match_key(p, true);
		(void)pkt_match_is_error(p, &t, &c);
	}
	pkt_free(p);
	return 0;
}
