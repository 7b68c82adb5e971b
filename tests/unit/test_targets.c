/* test_targets.c: common/targets.c: addresses, prefixes walked in order
 * (every address, or one per /24 with --per24, inside its /24 and not
 * the same host number everywhere), files with comments and blank
 * lines, a bad line named by file and line, IPv6 refused with a reason,
 * shards whose union is the whole list exactly once, sizes. */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "err.h"
#include "targets.h"
#include "unit.h"


static uint32_t
u32(const uint8_t a[4])
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 |
	    a[3];
}

/* Every address of s into v (at most max); the count, or -1. */
static long
drain(struct pkt_tsrc *s, uint32_t *v, long max, char *eb)
{
	uint8_t a[4];
	long n = 0;
	int rc;

	while ((rc = pkt_tsrc_next(s, a, eb)) == 1)
		if (n < max)
			v[n++] = u32(a);
	return rc < 0 ? -1 : n;
}

int
main(void)
{
	static uint32_t v[70000], w[70000];
	char eb[PKT_ERRBUF], path[] = "/tmp/test_targets.XXXXXX";
	struct pkt_tsrc *s;
	long n, i, k;
	unsigned hosts[256] = { 0 }, distinct = 0;
	FILE *f;
	int fd;

	s = pkt_tsrc_new();
	pkt_tsrc_arg(s, "192.0.2.9");
	pkt_tsrc_arg(s, "10.1.2.3/30");
	pkt_tsrc_arg(s, "198.51.100.0/24");
	n = drain(s, v, 70000, eb);
	CHECK(n == 1 + 4 + 256, "count %ld (%s)", n, n < 0 ? eb : "");
	CHECK(v[0] == 0xc0000209u && v[1] == 0x0a010200u && v[4] == 0x0a010203u &&
	    v[5] == 0xc6336400u && v[260] == 0xc63364ffu, "order");
	pkt_tsrc_free(s);

	/* A /16 per /24: 256 addresses, one in each /24, never .0/.255. */
	s = pkt_tsrc_new();
	pkt_tsrc_per24(s, true, 7);
	pkt_tsrc_arg(s, "10.9.0.0/16");
	n = drain(s, v, 70000, eb);
	CHECK(n == 256, "per24 count %ld", n);
	for (i = 0; i < n; i++) {
		CHECK(v[i] >> 8 == (0x0a0900u | (uint32_t)i), "per24 %ld outside "
		    "its /24", i);
		CHECK((v[i] & 0xff) != 0 && (v[i] & 0xff) != 255, "per24 host %u",
		    v[i] & 0xff);
		if (hosts[v[i] & 0xff]++ == 0)
			distinct++;
	}
	CHECK(distinct > 50, "per24: %u host numbers", distinct);
	pkt_tsrc_free(s);
	CHECK(pkt_tsrc_size("10.0.0.0/8", false) == 1u << 24, "size /8");
	CHECK(pkt_tsrc_size("10.0.0.0/8", true) == 1u << 16, "size /8 per24");
	CHECK(pkt_tsrc_size("10.0.0.1", false) == 1, "size address");
	CHECK(pkt_tsrc_size("example", false) == 0, "size name");

	/* A file: comments, blanks, a prefix, then a bad line. */
	fd = mkstemp(path);
	f = fdopen(fd, "w");
	fprintf(f, "# targets\n\n  10.0.0.1  # one\n10.0.1.0/31\r\n\t\n"
	    "2001:db8::1\n");
	fclose(f);
	s = pkt_tsrc_new();
	pkt_tsrc_file(s, path);
	n = drain(s, v, 70000, eb);
	CHECK(n == -1 && strstr(eb, ":6: 2001:db8::1: an IPv6 target") != NULL,
	    "bad line: %s", eb);
	pkt_tsrc_free(s);
	s = pkt_tsrc_new();
	pkt_tsrc_arg(s, "10.0.0.0/33");
	CHECK(drain(s, v, 10, eb) == -1 && strstr(eb, "out of range") != NULL,
	    "/33: %s", eb);
	pkt_tsrc_free(s);
	s = pkt_tsrc_new();
	pkt_tsrc_arg(s, "2001:db8::/64");
	CHECK(drain(s, v, 10, eb) == -1 && strstr(eb, "IPv4 only") != NULL,
	    "v6 prefix: %s", eb);
	pkt_tsrc_free(s);
	s = pkt_tsrc_new();
	pkt_tsrc_file(s, "/nonexistent/targets");
	CHECK(drain(s, v, 10, eb) == -1 && strstr(eb, "No such file") != NULL,
	    "missing file: %s", eb);
	pkt_tsrc_free(s);

	/* Shards of a /16 and a file: the union is the list, once. */
	f = fopen(path, "w");
	fprintf(f, "10.0.0.1\n10.0.1.0/31\n");
	fclose(f);
	memset(w, 0, sizeof(w));
	for (k = 1; k <= 5; k++) {
		s = pkt_tsrc_new();
		pkt_tsrc_shard(s, (unsigned)k, 5);
		pkt_tsrc_arg(s, "10.7.0.0/16");
		pkt_tsrc_file(s, path);
		n = drain(s, v, 70000, eb);
		CHECK(n > 65539 / 5 * 9 / 10 && n < 65539 / 5 * 11 / 10,
		    "shard %ld: %ld", k, n);
		for (i = 0; i < n; i++) {
			if ((v[i] >> 16) == 0x0a07)
				w[v[i] & 0xffff]++;
			else
				w[65536 + (v[i] & 0xff) + (v[i] >> 8 & 1) * 8]++;
		}
		pkt_tsrc_free(s);
	}
	for (i = 0, n = 0; i < 65536; i++)
		n += w[i] == 1;
	CHECK(n == 65536, "shards: %ld of 65536 once", n);
	CHECK(w[65536 + 1] == 1 && w[65536 + 8] == 1 && w[65536 + 9] == 1,
	    "shards of the file");
	unlink(path);
	printf("%d checks, %d failures\n", checks, failures);
	return failures != 0;
}
