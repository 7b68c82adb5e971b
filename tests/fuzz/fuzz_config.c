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
	static int fd = -1;
	static char path[64];
	struct pkt_config cfg;
	char eb[PKT_ERRBUF];
	size_t off = 0;
	ssize_t n;

	if (fd < 0) {
		if ((fd = memfd_create("pkt-fuzz-config", MFD_CLOEXEC)) < 0)
			abort();
		snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	}
	if (ftruncate(fd, 0) < 0)
		abort();
	while (off < size) {
		if ((n = pwrite(fd, data + off, size - off, (off_t)off)) <= 0)
			abort();
		off += (size_t)n;
	}
	if (pkt_config_load(&cfg, path, eb) == 0) {
		(void)pkt_config_use_color(&cfg, -1);
		pkt_config_free(&cfg);
	} else
		pkt_config_free(&cfg);
	return 0;
}
