/* unit.h: what every unit test program shares: CHECK (count, and say
 * where a check failed), the last line and exit status (unit_done), and
 * a packet from a spec, built and dissected as captured (unit_pkt). */
#ifndef PKT_TESTS_UNIT_H
#define PKT_TESTS_UNIT_H

#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "pkt.h"
#include "spec.h"

static int checks, failures;

#define CHECK(cond, ...) do {						\
	checks++;							\
	if (!(cond)) {							\
		failures++;						\
		printf("%s:%d: ", __FILE__, __LINE__);			\
		printf(__VA_ARGS__);					\
		putchar('\n');						\
		fflush(stdout);						\
	}								\
} while (0)

/* "ok N checks" or "FAILED n of N checks"; the exit status. */
static inline int
unit_done(void)
{
	if (failures)
		printf("FAILED %d of %d checks\n", failures, checks);
	else
		printf("ok %d checks\n", checks);
	return failures != 0;
}

/* The first packet of a spec, built (no host lookups) and dissected
 * again, as a capture would show it; exits on a bad spec. */
static inline struct pkt_pkt *
unit_pkt(const char *spec)
{
	char eb[PKT_ERRBUF];
	struct pkt_spec *sp = pkt_spec_parse(spec, 1, eb);
	struct pkt_pkt *p = NULL, *d;

	if (sp == NULL || pkt_spec_next(sp, &p, eb) <= 0 ||
	    pkt_build(p, NULL, eb) < 0) {
		printf("%s: %s\n", spec, eb);
		exit(1);
	}
	pkt_spec_free(sp);
	d = pkt_new();
	if (pkt_dissect(d, p->dlt, p->raw, p->rawlen, (uint32_t)p->rawlen, eb) < 0) {
		printf("%s: %s\n", spec, eb);
		exit(1);
	}
	pkt_free(p);
	return d;
}

#endif
