/* fuzz.h: what the fuzz targets share: the link-type selector and an
 * environment that asks the host nothing (no sockets, no routes).
 * Every target defines LLVMFuzzerTestOneInput; replay.c runs it over
 * files without libFuzzer (make check), run.sh links it with libFuzzer. */
#ifndef PKT_FUZZ_H
#define PKT_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#include <jansson.h>

#include "io.h"
#include "pkt.h"
#include "value.h"

int	LLVMFuzzerTestOneInput(const uint8_t *, size_t);

/* No host name in a spec is looked up: a fuzzer's names would be DNS
 * queries to the system's resolver (and 10 s each without one). */
__attribute__((constructor)) static void
fuzz_noresolve(void)
{
	pkt_val_resolve(false);
}

/* The link types the engine knows, and one it does not (DLT_USER0). */
static const int fuzz_dlts[] = {
	1, 113, 276, 12, 101, 228, 229, 0, 108, 9, 50, 147,
};
#define FUZZ_NDLT	(sizeof(fuzz_dlts) / sizeof(fuzz_dlts[0]))

static inline int
fuzz_dlt(uint8_t sel)
{
	return fuzz_dlts[sel % FUZZ_NDLT];
}

/* The packet's JSON object as the tools write it (jsonw.c), parsed back
 * with jansson: a new reference, NULL when it does not parse. */
static inline struct json_t *
fuzz_json_pkt(const struct pkt_pkt *p)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&buf, &len);
	struct json_t *j = NULL;

	if (f == NULL)
		abort();
	if (pkt_json_write_pkt(f, p) == 0 && fclose(f) == 0)
		j = json_loadb(buf, len, 0, NULL);
	else
		fclose(f);
	free(buf);
	return j;
}

/* The path of a file that holds data (a memfd of this process, the same
 * one each call, seen through /proc/self/fd): for the readers that open
 * a path.  name: the memfd's, for /proc/self/fd's listing. */
static inline const char *
fuzz_file(const char *name, const uint8_t *data, size_t size)
{
	static int fd = -1;
	static char path[64];
	size_t off = 0;
	ssize_t n;

	if (fd < 0) {
		if ((fd = memfd_create(name, MFD_CLOEXEC)) < 0)
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
	return path;
}

/* No source address lookup, no MAC resolution: addresses stay zero. */
static const struct pkt_env fuzz_env = { NULL, NULL, NULL };

#endif
