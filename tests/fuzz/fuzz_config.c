/* fuzz_config.c: the configuration file parser (SPEC.md section 6).
 * Input: the file's contents, given to pkt_config_load as an explicit
 * path (a memfd seen through /proc/self/fd). */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* fmemopen, memfd_create */
#endif
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include "config.h"
#include "err.h"
#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const char *path = fuzz_file("pkt-fuzz-config", data, size);
	struct pkt_config cfg;
	char eb[PKT_ERRBUF];

	if (pkt_config_load(&cfg, path, eb) == 0) {
		(void)pkt_config_use_color(&cfg, -1);
		pkt_config_free(&cfg);
	} else
		pkt_config_free(&cfg);
	return 0;
}
