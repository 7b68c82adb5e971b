/* test_build.c: every spec of tests/golden/build.tsv gives exactly the
 * bytes Scapy's raw() gave (the file was made by Scapy 2.5, see
 * tests/golden/scapy/), in Scapy's fan-out order. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pkt.h"
#include "spec.h"
#include "util.h"

static int checks, failures;

static void
check_line(const char *spec, const char *want, int lineno)
{
	char eb[PKT_ERRBUF], got[8192], hex[2 * PKT_MAX_BUILD / 64];
	struct pkt_spec *sp = pkt_spec_parse(spec, 1, eb);
	struct pkt_pkt *p;
	size_t glen = 0;
	int rc;

	checks++;
	got[0] = '\0';
	if (sp == NULL) {
		printf("build.tsv:%d: %s\n  parse error: %s\n", lineno, spec, eb);
		failures++;
		return;
	}
	while ((rc = pkt_spec_next(sp, &p, eb)) > 0) {
		if (pkt_build(p, &pkt_env_default, eb) < 0) {
			printf("build.tsv:%d: %s\n  build error: %s\n", lineno, spec, eb);
			failures++;
			pkt_free(p);
			pkt_spec_free(sp);
			return;
		}
		if (p->rawlen * 2 + 2 < sizeof(hex) && glen + p->rawlen * 2 + 2 < sizeof(got)) {
			pkt_hex_encode(p->raw, p->rawlen, hex);
			glen += (size_t)snprintf(got + glen, sizeof(got) - glen, "%s%s",
			    glen ? " " : "", hex);
		}
		pkt_free(p);
	}
	if (rc < 0) {
		printf("build.tsv:%d: %s\n  error: %s\n", lineno, spec, eb);
		failures++;
	} else if (strcmp(got, want) != 0) {
		printf("build.tsv:%d: %s\n  want %s\n  got  %s\n", lineno, spec, want, got);
		failures++;
	}
	pkt_spec_free(sp);
}

int
main(int argc, char **argv)
{
	const char *top = getenv("PKT_TOP");
	char path[4096], *line = NULL;
	size_t cap = 0;
	ssize_t n;
	int lineno = 0;
	FILE *f;

	pkt_setprogname("test_build");
	snprintf(path, sizeof(path), "%s/tests/golden/build.tsv",
	    argc > 1 ? argv[1] : top ? top : ".");
	if ((f = fopen(path, "r")) == NULL) {
		perror(path);
		return 1;
	}
	while ((n = getline(&line, &cap, f)) > 0) {
		char *tab;

		lineno++;
		if (line[0] == '#' || line[0] == '\n')
			continue;
		if (line[n - 1] == '\n')
			line[--n] = '\0';
		if ((tab = strchr(line, '\t')) == NULL)
			continue;
		*tab = '\0';
		check_line(line, tab + 1, lineno);
	}
	free(line);
	fclose(f);
	printf("%s %d checks, %d failed\n", failures ? "FAIL" : "ok", checks, failures);
	return failures ? 1 : 0;
}
