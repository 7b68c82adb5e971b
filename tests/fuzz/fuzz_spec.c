/* fuzz_spec.c: the spec parser (SPEC.md section 3), and building the
 * first packets a spec generates.  Input: the spec text (a NUL ends it). */
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fuzz.h"
#include "pkt.h"
#include "spec.h"

#define FUZZ_SPEC_MAXPKT	16	/* packets built per spec */

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt_spec *sp;
	struct pkt_pkt *p;
	char eb[PKT_ERRBUF], *text;
	int i, rc;

	if ((text = malloc(size + 1)) == NULL)
		return 0;
	memcpy(text, data, size);
	text[size] = '\0';
	sp = pkt_spec_parse(text, 1, eb);
	free(text);
	if (sp == NULL)
		return 0;
	(void)pkt_spec_count(sp);
	pkt_spec_seed(1);
	pkt_spec_rewind(sp);
	for (i = 0; i < FUZZ_SPEC_MAXPKT; i++) {
		p = NULL;
		rc = pkt_spec_next(sp, &p, eb);
		if (rc <= 0) {
			pkt_free(p);
			break;
		}
		(void)pkt_build(p, &fuzz_env, eb);
		pkt_free(p);
	}
	pkt_spec_free(sp);
	return 0;
}
