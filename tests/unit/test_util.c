/* test_util.c: unit tables for common/util.c: allocation, bounded number
 * parsing, seconds, clocks, hex, quoting, suggestions. */
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "util.h"
#include "unit.h"

/* malloc(SIZE_MAX) must return NULL under ASan too, for the OOM test. */
#if defined(__SANITIZE_ADDRESS__)
#define TEST_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define TEST_ASAN 1
#endif
#endif
#ifdef TEST_ASAN
const char *__asan_default_options(void);
const char *
__asan_default_options(void)
{
	return "allocator_may_return_null=1";
}
#endif



#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

/* err: NULL for success, else the exact message. */
static const struct {
	const char *s;
	uint64_t min, max;
	const char *what;
	uint64_t want;
	const char *err;
} uint_cases[] = {
	{ "0", 0, 10, "n", 0, NULL },
	{ "10", 0, 10, "n", 10, NULL },
	{ "1", 1, 65535, "port", 1, NULL },
	{ "65535", 1, 65535, "port", 65535, NULL },
	{ "010", 0, 100, "n", 10, NULL },		/* not octal */
	{ "0x1F", 0, 100, "n", 31, NULL },
	{ "0X1f", 0, 100, "n", 31, NULL },
	{ "0x0", 0, 100, "n", 0, NULL },
	{ "18446744073709551615", 0, UINT64_MAX, "n", UINT64_MAX, NULL },
	{ "0xffffffffffffffff", 0, UINT64_MAX, "n", UINT64_MAX, NULL },
	{ "70000", 1, 65535, "port", 0,
	    "port \"70000\" out of range 1..65535" },
	{ "0", 1, 65535, "port", 0, "port \"0\" out of range 1..65535" },
	{ "abc", 0, 10, "timeout", 0, "timeout \"abc\" is not a number" },
	{ "", 0, 10, "count", 0, "count \"\" is not a number" },
	{ " 1", 0, 10, "n", 0, "n \" 1\" is not a number" },
	{ "1 ", 0, 10, "n", 0, "n \"1 \" is not a number" },
	{ "12abc", 0, 100, "n", 0, "n \"12abc\" is not a number" },
	{ "+1", 0, 10, "n", 0, "n \"+1\" is not a number" },
	{ "-1", 0, 10, "n", 0, "n \"-1\" is not a number" },
	{ "-0", 0, 10, "n", 0, "n \"-0\" is not a number" },
	{ "0x", 0, 10, "n", 0, "n \"0x\" is not a number" },
	{ "0xg", 0, 10, "n", 0, "n \"0xg\" is not a number" },
	{ "1.5", 0, 10, "n", 0, "n \"1.5\" is not a number" },
	{ "18446744073709551616", 0, UINT64_MAX, "n", 0,
	    "n \"18446744073709551616\" out of range 0..18446744073709551615" },
	{ "99999999999999999999999999", 0, 5, "n", 0,
	    "n \"99999999999999999999999999\" out of range 0..5" },
	{ "0x10000000000000000", 0, 5, "n", 0,
	    "n \"0x10000000000000000\" out of range 0..5" },
	{ "1\n", 0, 5, "n", 0, "n \"1\\n\" is not a number" },
};

static const struct {
	const char *s;
	int64_t min, max;
	int64_t want;
	const char *err;
} int_cases[] = {
	{ "-3", -10, 10, -3, NULL },
	{ "+5", -10, 10, 5, NULL },
	{ "0", -10, 10, 0, NULL },
	{ "-0", -10, 10, 0, NULL },
	{ "-0x10", -100, 100, -16, NULL },
	{ "-9223372036854775808", INT64_MIN, INT64_MAX, INT64_MIN, NULL },
	{ "9223372036854775807", INT64_MIN, INT64_MAX, INT64_MAX, NULL },
	{ "-11", -10, 10, 0, "retry \"-11\" out of range -10..10" },
	{ "11", -10, 10, 0, "retry \"11\" out of range -10..10" },
	{ "-9223372036854775809", INT64_MIN, INT64_MAX, 0,
	    "retry \"-9223372036854775809\" out of range "
	    "-9223372036854775808..9223372036854775807" },
	{ "9223372036854775808", INT64_MIN, INT64_MAX, 0,
	    "retry \"9223372036854775808\" out of range "
	    "-9223372036854775808..9223372036854775807" },
	{ "--3", -10, 10, 0, "retry \"--3\" is not a number" },
	{ "-", -10, 10, 0, "retry \"-\" is not a number" },
	{ "+", -10, 10, 0, "retry \"+\" is not a number" },
	{ "", -10, 10, 0, "retry \"\" is not a number" },
	{ "- 3", -10, 10, 0, "retry \"- 3\" is not a number" },
	{ "3x", -10, 10, 0, "retry \"3x\" is not a number" },
};

static const struct {
	const char *s;
	double min, max, want;
	const char *err;
} sec_cases[] = {
	{ "2", 0, 3600, 2, NULL },
	{ "0", 0, 3600, 0, NULL },
	{ "0.5", 0, 3600, 0.5, NULL },
	{ ".5", 0, 3600, 0.5, NULL },
	{ "5.", 0, 3600, 5, NULL },
	{ "1e-3", 0, 3600, 1e-3, NULL },
	{ "1.5E2", 0, 3600, 150, NULL },
	{ "1e+2", 0, 3600, 100, NULL },
	{ "3600", 0, 3600, 3600, NULL },
	{ "3601", 0, 3600, 0, "timeout \"3601\" out of range 0..3600" },
	{ "0.001", 0.01, 10, 0, "timeout \"0.001\" out of range 0.01..10" },
	{ "1e999", 0, 3600, 0, "timeout \"1e999\" out of range 0..3600" },
	{ "abc", 0, 3600, 0, "timeout \"abc\" is not a number" },
	{ "", 0, 3600, 0, "timeout \"\" is not a number" },
	{ " 2", 0, 3600, 0, "timeout \" 2\" is not a number" },
	{ "2 ", 0, 3600, 0, "timeout \"2 \" is not a number" },
	{ "2s", 0, 3600, 0, "timeout \"2s\" is not a number" },
	{ "nan", 0, 3600, 0, "timeout \"nan\" is not a number" },
	{ "NaN", 0, 3600, 0, "timeout \"NaN\" is not a number" },
	{ "inf", 0, 3600, 0, "timeout \"inf\" is not a number" },
	{ "infinity", 0, 3600, 0, "timeout \"infinity\" is not a number" },
	{ "-1", 0, 3600, 0, "timeout \"-1\" must not be negative" },
	{ "-0", 0, 3600, 0, "timeout \"-0\" must not be negative" },
	{ "-0.5", 0, 3600, 0, "timeout \"-0.5\" must not be negative" },
	{ "-inf", 0, 3600, 0, "timeout \"-inf\" is not a number" },
	{ "+2", 0, 3600, 0, "timeout \"+2\" is not a number" },
	{ "0x10", 0, 3600, 0, "timeout \"0x10\" is not a number" },
	{ "0x1p3", 0, 3600, 0, "timeout \"0x1p3\" is not a number" },
	{ "1e", 0, 3600, 0, "timeout \"1e\" is not a number" },
	{ "e3", 0, 3600, 0, "timeout \"e3\" is not a number" },
	{ ".", 0, 3600, 0, "timeout \".\" is not a number" },
	{ "1..2", 0, 3600, 0, "timeout \"1..2\" is not a number" },
	{ "1,5", 0, 3600, 0, "timeout \"1,5\" is not a number" },
};

static void
test_parse(void)
{
	char errbuf[PKT_ERRBUF];
	size_t i;

	for (i = 0; i < NELEM(uint_cases); i++) {
		uint64_t v = 12345;
		int rc;

		errbuf[0] = '\0';
		rc = pkt_parse_uint(uint_cases[i].s, uint_cases[i].min,
		    uint_cases[i].max, uint_cases[i].what, &v, errbuf);
		if (uint_cases[i].err == NULL) {
			CHECK(rc == 0 && v == uint_cases[i].want,
			    "uint \"%s\": rc %d v %" PRIu64 " (%s)",
			    uint_cases[i].s, rc, v, errbuf);
		} else {
			CHECK(rc == -1 && v == 12345 &&
			    strcmp(errbuf, uint_cases[i].err) == 0,
			    "uint \"%s\": rc %d, got '%s' want '%s'",
			    uint_cases[i].s, rc, errbuf, uint_cases[i].err);
		}
	}
	for (i = 0; i < NELEM(int_cases); i++) {
		int64_t v = 12345;
		int rc;

		errbuf[0] = '\0';
		rc = pkt_parse_int(int_cases[i].s, int_cases[i].min,
		    int_cases[i].max, "retry", &v, errbuf);
		if (int_cases[i].err == NULL) {
			CHECK(rc == 0 && v == int_cases[i].want,
			    "int \"%s\": rc %d v %" PRId64 " (%s)",
			    int_cases[i].s, rc, v, errbuf);
		} else {
			CHECK(rc == -1 && v == 12345 &&
			    strcmp(errbuf, int_cases[i].err) == 0,
			    "int \"%s\": rc %d, got '%s' want '%s'",
			    int_cases[i].s, rc, errbuf, int_cases[i].err);
		}
	}
	for (i = 0; i < NELEM(sec_cases); i++) {
		double v = 12345;
		int rc;

		errbuf[0] = '\0';
		rc = pkt_parse_seconds(sec_cases[i].s, sec_cases[i].min,
		    sec_cases[i].max, "timeout", &v, errbuf);
		if (sec_cases[i].err == NULL) {
			CHECK(rc == 0 && v == sec_cases[i].want,
			    "seconds \"%s\": rc %d v %g (%s)",
			    sec_cases[i].s, rc, v, errbuf);
		} else {
			CHECK(rc == -1 && v == 12345 &&
			    strcmp(errbuf, sec_cases[i].err) == 0,
			    "seconds \"%s\": rc %d, got '%s' want '%s'",
			    sec_cases[i].s, rc, errbuf, sec_cases[i].err);
		}
	}
	/* A NULL errbuf is allowed. */
	{
		uint64_t v;

		CHECK(pkt_parse_uint("x", 0, 1, "n", &v, NULL) == -1,
		    "NULL errbuf");
	}
}

/* '.' stays the decimal point under a locale whose point is ','. */
static void
test_locale(void)
{
	static const char *const locales[] = {
		"de_DE.UTF-8", "de_DE.utf8", "fr_FR.UTF-8", "fr_FR.utf8"
	};
	char errbuf[PKT_ERRBUF];
	double v = 0;
	size_t i;

	for (i = 0; i < NELEM(locales); i++)
		if (setlocale(LC_NUMERIC, locales[i]) != NULL)
			break;
	CHECK(pkt_parse_seconds("0.5", 0, 10, "t", &v, errbuf) == 0 &&
	    v == 0.5, "0.5 under LC_NUMERIC=%s: %g",
	    i < NELEM(locales) ? locales[i] : "C", v);
	setlocale(LC_NUMERIC, "C");
}

static void
test_hex(void)
{
	static const uint8_t bytes[] = { 0x00, 0xff, 0x1a, 0xb0 };
	char out[2 * sizeof bytes + 1], errbuf[PKT_ERRBUF];
	static const struct {
		const char *s;
		const char *err;
	} bad[] = {
		{ "abc", "odd number of hex digits (3)" },
		{ "0", "odd number of hex digits (1)" },
		{ "zz", "invalid hex digit \"z\" at offset 0" },
		{ "0x00", "invalid hex digit \"x\" at offset 1" },
		{ "00 11", "invalid hex digit \" \" at offset 2" },
		{ "00\n", "invalid hex digit \"\\n\" at offset 2" },
		{ "0g1", "invalid hex digit \"g\" at offset 1" },
	};
	uint8_t *dec;
	size_t len, i;

	CHECK(pkt_hex_encode(bytes, sizeof bytes, out) == 8 &&
	    strcmp(out, "00ff1ab0") == 0, "encode: %s", out);
	CHECK(pkt_hex_encode(bytes, 0, out) == 0 && out[0] == '\0',
	    "encode empty");

	dec = NULL;
	CHECK(pkt_hex_decode("00FF1aB0", &dec, &len, errbuf) == 0 &&
	    len == 4 && memcmp(dec, bytes, 4) == 0, "decode mixed case");
	free(dec);
	dec = NULL;
	CHECK(pkt_hex_decode("", &dec, &len, errbuf) == 0 && len == 0 &&
	    dec != NULL, "decode empty");
	free(dec);
	for (i = 0; i < NELEM(bad); i++) {
		dec = NULL;
		len = 99;
		CHECK(pkt_hex_decode(bad[i].s, &dec, &len, errbuf) == -1 &&
		    dec == NULL && len == 99 && strcmp(errbuf, bad[i].err) == 0,
		    "decode \"%s\": got '%s' want '%s'", bad[i].s, errbuf,
		    bad[i].err);
	}

	/* Round trip of every byte value. */
	{
		uint8_t all[256];
		char hex[513];

		for (i = 0; i < 256; i++)
			all[i] = (uint8_t)i;
		pkt_hex_encode(all, sizeof all, hex);
		dec = NULL;
		CHECK(pkt_hex_decode(hex, &dec, &len, errbuf) == 0 &&
		    len == 256 && memcmp(dec, all, 256) == 0, "round trip");
		free(dec);
	}
}

static void
test_clock(void)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	double a, b, w;

	a = pkt_now();
	nanosleep(&ts, NULL);
	b = pkt_now();
	w = pkt_walltime();
	CHECK(a > 0 && b - a >= 0.019 && b - a < 5, "monotonic: %f %f", a, b);
	CHECK(w > 1.6e9 && w < 4.1e9, "walltime %f", w);
	CHECK(w - (double)time(NULL) < 2 && (double)time(NULL) - w < 2,
	    "walltime vs time(): %f", w);
}

static void
test_suggest(void)
{
	static const char *const keys[] = {
		"iface", "l3raw", "nofilter", "timeout", "dot", "color"
	};
	static const char *const ipfields[] = {
		"version", "ihl", "tos", "len", "id", "flags", "frag", "ttl",
		"proto", "chksum", "src", "dst", "options"
	};
	static const char *const withnull[] = { NULL, "sport", NULL, "dport" };
	static const char *const longw[] = {
		"transportprotocol", "abcdwxyzijkl", "abcdwxyzijk"
	};
	static const struct {
		const char *word;
		const char *const *cand;
		size_t n;
		const char *want;
	} cases[] = {
		{ "tiemout", keys, NELEM(keys), "timeout" },
		{ "timeot", keys, NELEM(keys), "timeout" },
		{ "colour", keys, NELEM(keys), "color" },
		{ "nofiltre", keys, NELEM(keys), "nofilter" },
		{ "Timeout", keys, NELEM(keys), "timeout" },
		{ "if", keys, NELEM(keys), NULL },
		{ "l3", keys, NELEM(keys), NULL },
		{ "tll", ipfields, NELEM(ipfields), "ttl" },
		{ "TTL", ipfields, NELEM(ipfields), "ttl" },
		{ "chksm", ipfields, NELEM(ipfields), "chksum" },
		{ "optoins", ipfields, NELEM(ipfields), "options" },
		{ "x", ipfields, NELEM(ipfields), NULL },
		{ "xy", ipfields, NELEM(ipfields), NULL },
		{ "banana", ipfields, NELEM(ipfields), NULL },
		{ "", ipfields, NELEM(ipfields), NULL },
		{ "dprot", withnull, NELEM(withnull), "dport" },
		{ "sprt", withnull, NELEM(withnull), "sport" },
		{ "dport", withnull, 0, NULL },
		{ "transportprotocolx", longw, 1, "transportprotocol" },
		{ "abcdefghijkl", longw + 1, 1, "abcdwxyzijkl" }, /* 4 <= 12/3 */
		{ "abcdefghijk", longw + 2, 1, NULL },		/* 4 > 11/3 */
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		const char *got = pkt_suggest(cases[i].word, cases[i].cand,
		    cases[i].n);

		CHECK((got == NULL && cases[i].want == NULL) ||
		    (got != NULL && cases[i].want != NULL &&
		    strcmp(got, cases[i].want) == 0),
		    "suggest \"%s\": got %s want %s", cases[i].word,
		    got ? got : "NULL", cases[i].want ? cases[i].want : "NULL");
	}
}

static void
test_quote(void)
{
	char buf[PKT_QUOTEBUF], small[12];
	static const struct {
		const char *s;
		size_t size;
		const char *want;
	} cases[] = {
		{ "plain", 12, "plain" },
		{ "a\"b\\c", 12, "a\\\"b\\\\c" },
		{ "t\tn\nr\r", 12, "t\\tn\\nr\\r" },
		{ "\x01\x7f", 12, "\\x01\\x7f" },
		{ "12345678901", 12, "12345678901" },	/* fits exactly */
		{ "123456789012", 12, "12345678..." },
		{ "caf\xc3\xa9", 12, "caf\xc3\xa9" },
		/* a 2-byte sequence cut after its lead byte is dropped */
		{ "1234567\xc3\xa9xyz", 12, "1234567..." },
		/* a whole one is kept */
		{ "123456\xc3\xa9xyzw", 12, "123456\xc3\xa9..." },
		{ "\"\"\"\"\"\"", 12, "\\\"\\\"\\\"\\\"..." },
		{ "", 12, "" },
	};
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		pkt_quote(cases[i].s, small, cases[i].size);
		CHECK(strcmp(small, cases[i].want) == 0,
		    "quote %zu: got '%s' want '%s'", i, small, cases[i].want);
	}
	{
		char big[300];

		memset(big, 'a', sizeof big - 1);
		big[sizeof big - 1] = '\0';
		pkt_quote(big, buf, sizeof buf);
		CHECK(strlen(buf) == sizeof buf - 1 &&
		    strcmp(buf + sizeof buf - 4, "...") == 0,
		    "quote long: %zu", strlen(buf));
	}
}

/* Run fn in a child; return its exit status (or -1) and what it wrote to
 * stderr. */
static int
child_exit(void (*fn)(void), char *err, size_t errsize)
{
	int fds[2], status;
	ssize_t n;
	size_t got = 0;
	pid_t pid;

	if (pipe(fds) != 0)
		return -1;
	if ((pid = fork()) < 0)
		return -1;
	if (pid == 0) {
		dup2(fds[1], 2);
		close(fds[0]);
		fn();
		_exit(0);
	}
	close(fds[1]);
	while (got + 1 < errsize &&
	    (n = read(fds[0], err + got, errsize - 1 - got)) > 0)
		got += (size_t)n;
	err[got] = '\0';
	close(fds[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status))
		return -1;
	return WEXITSTATUS(status);
}

static void
oom_malloc(void)
{
	volatile size_t n = SIZE_MAX - 4096;

	(void)pkt_xmalloc(n);
}

static void
oom_reallocarray(void)
{
	(void)pkt_xreallocarray(NULL, SIZE_MAX / 2, 4);
}

static void
test_alloc(void)
{
	char err[512];
	char *p, *s;
	size_t i;
	int rc;

	p = pkt_xmalloc(0);
	CHECK(p != NULL, "xmalloc(0)");
	free(p);
	p = pkt_xcalloc(16, 4);
	for (i = 0; i < 64 && p[i] == 0; i++)
		;
	CHECK(i == 64, "xcalloc zeroes");
	p = pkt_xrealloc(p, 4096);
	p[4095] = 1;
	p = pkt_xreallocarray(p, 100, 100);
	CHECK(p[4095] == 1, "xreallocarray keeps content");
	free(p);
	p = pkt_xcalloc(0, 0);
	CHECK(p != NULL, "xcalloc(0, 0)");
	free(p);
	s = pkt_xstrdup("abc");
	CHECK(strcmp(s, "abc") == 0, "xstrdup");
	free(s);
	CHECK(pkt_xstrdup(NULL) == NULL, "xstrdup(NULL)");

	pkt_setprogname("test_util");
	rc = child_exit(oom_malloc, err, sizeof err);
	CHECK(rc == 2 && strstr(err, "test_util: out of memory") != NULL,
	    "xmalloc OOM: exit %d, '%s'", rc, err);
	rc = child_exit(oom_reallocarray, err, sizeof err);
	CHECK(rc == 2 && strstr(err, "test_util: out of memory") != NULL,
	    "xreallocarray overflow: exit %d, '%s'", rc, err);
}

int
main(void)
{
	test_parse();
	test_locale();
	test_hex();
	test_clock();
	test_suggest();
	test_quote();
	test_alloc();
	if (failures)
		printf("FAILED %d of %d checks\n", failures, checks);
	else
		printf("ok %d checks\n", checks);
	return failures != 0;
}
