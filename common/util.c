/* util.c: allocation that cannot fail, bounded number parsing (after OpenBSD
 * strtonum), clocks, hex, quoting of user text, "did you mean" suggestions. */
#include "util.h"

#include <ctype.h>
#include <errno.h>
#include <inttypes.h>
#include <locale.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>

#include "err.h"
#include "exitcode.h"

/* Allocation */

static void PKT_NORETURN
oom(size_t n)
{
	pkt_errx(PKT_EXIT_ERROR, "out of memory (%zu bytes)", n);
}

void *
pkt_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
pkt_xcalloc(size_t nmemb, size_t size)
{
	void *p;

	if (nmemb == 0 || size == 0)
		nmemb = size = 1;
	if ((p = calloc(nmemb, size)) == NULL)
		oom(size && nmemb > SIZE_MAX / size ? SIZE_MAX : nmemb * size);
	return p;
}

void *
pkt_xzmap(size_t n)
{
	void *p = mmap(NULL, n ? n : 1, PROT_READ | PROT_WRITE,
	    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED)
		oom(n);
	return p;
}

void
pkt_zunmap(void *p, size_t n)
{
	if (p != NULL)
		(void)munmap(p, n ? n : 1);
}

void *
pkt_xrealloc(void *old, size_t n)
{
	void *p = realloc(old, n ? n : 1);

	if (p == NULL)
		oom(n);
	return p;
}

void *
pkt_xreallocarray(void *old, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom(SIZE_MAX);
	return pkt_xrealloc(old, nmemb * size);
}

void *
pkt_xgrow(void *p, size_t *cap, size_t n, size_t size)
{
	size_t c = *cap;

	if (n <= c && p != NULL)
		return p;
	c = c == 0 ? 1 : c > SIZE_MAX / 2 ? SIZE_MAX : 2 * c;
	if (c < n)
		c = n;
	p = pkt_xreallocarray(p, c, size);
	*cap = c;
	return p;
}

char *
pkt_xstrdup(const char *s)
{
	size_t n;
	char *p;

	if (s == NULL)
		return NULL;
	n = strlen(s) + 1;
	p = pkt_xmalloc(n);
	memcpy(p, s, n);
	return p;
}

/* Quoting user text for messages */

/* The escaped form of one byte of user text into tmp (8 bytes); its length. */
static size_t
escape_byte(unsigned char c, char *tmp)
{
	if (c == '"' || c == '\\')
		return (size_t)snprintf(tmp, 8, "\\%c", c);
	if (c == '\n')
		return (size_t)snprintf(tmp, 8, "\\n");
	if (c == '\t')
		return (size_t)snprintf(tmp, 8, "\\t");
	if (c == '\r')
		return (size_t)snprintf(tmp, 8, "\\r");
	if (c < 0x20 || c == 0x7f)
		return (size_t)snprintf(tmp, 8, "\\x%02x", c);
	tmp[0] = (char)c;
	return 1;
}

char *
pkt_quote(const char *s, char *buf, size_t size)
{
	char tmp[8];
	size_t o = 0, total = 0, room;
	const char *p;

	if (size == 0)
		return buf;
	for (p = s; *p != '\0'; p++)
		total += escape_byte((unsigned char)*p, tmp);
	/* All of it, or as much as leaves room for "..." and the NUL. */
	room = total < size ? size - 1 : (size >= 4 ? size - 4 : 0);
	for (p = s; *p != '\0'; p++) {
		size_t n = escape_byte((unsigned char)*p, tmp);

		if (o + n > room)
			break;
		memcpy(buf + o, tmp, n);
		o += n;
	}
	if (*p != '\0') {
		/* Cut short: drop a UTF-8 sequence that lost its tail. */
		size_t k = 0, lead;

		while (k < o && ((unsigned char)buf[o - 1 - k] & 0xc0) == 0x80)
			k++;
		if (k < o && (lead = (unsigned char)buf[o - 1 - k]) >= 0xc0 &&
		    k + 1 < (lead >= 0xf0 ? 4u : lead >= 0xe0 ? 3u : 2u))
			o -= k + 1;
		if (size >= 4) {
			memcpy(buf + o, "...", 3);
			o += 3;
		}
	}
	buf[o] = '\0';
	return buf;
}

/* Number parsing */

uint32_t
pkt_fnv32(const void *v, size_t n, uint32_t h)
{
	const uint8_t *p = v;

	while (n--)
		h = (h ^ *p++) * UINT32_C(16777619);
	return h;
}

uint64_t
pkt_fnv64(const void *v, size_t n, uint64_t h)
{
	const uint8_t *p = v;

	while (n--)
		h = (h ^ *p++) * UINT64_C(0x100000001b3);
	return h;
}

int
pkt_hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/*
 * Unsigned magnitude of decimal or 0x hex digits making up all of s.
 * Returns 0 and *v, 1 on overflow (the syntax was right), -1 when s is not
 * a number at all.
 */
static int
parse_magnitude(const char *s, uint64_t *v)
{
	unsigned base = 10;
	uint64_t acc = 0;
	int over = 0;
	const char *p = s;

	if (p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) {
		base = 16;
		p += 2;
	}
	if (*p == '\0')
		return -1;
	for (; *p != '\0'; p++) {
		int d = base == 16 ? pkt_hexval((unsigned char)*p) :
		    (*p >= '0' && *p <= '9' ? *p - '0' : -1);

		if (d < 0)
			return -1;
		if (acc > (UINT64_MAX - (uint64_t)d) / base)
			over = 1;
		else
			acc = acc * base + (uint64_t)d;
	}
	*v = acc;
	return over;
}

int
pkt_parse_uint(const char *s, uint64_t min, uint64_t max, const char *what,
    uint64_t *out, char *errbuf)
{
	char q[PKT_QUOTEBUF];
	uint64_t v = 0;
	int rc = parse_magnitude(s, &v);

	if (rc < 0)
		return pkt_fail(errbuf, "%s \"%s\" is not a number", what,
		    pkt_quote(s, q, sizeof q));
	if (rc > 0 || v < min || v > max)
		return pkt_fail(errbuf, "%s \"%s\" out of range %" PRIu64
		    "..%" PRIu64, what, pkt_quote(s, q, sizeof q), min, max);
	*out = v;
	return 0;
}

int
pkt_parse_int(const char *s, int64_t min, int64_t max, const char *what,
    int64_t *out, char *errbuf)
{
	char q[PKT_QUOTEBUF];
	const char *p = s;
	uint64_t mag = 0;
	int64_t v = 0;
	int neg = 0, rc;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	rc = parse_magnitude(p, &mag);
	if (rc < 0)
		return pkt_fail(errbuf, "%s \"%s\" is not a number", what,
		    pkt_quote(s, q, sizeof q));
	if (rc == 0) {
		if (!neg && mag > (uint64_t)INT64_MAX)
			rc = 1;
		else if (neg && mag > (uint64_t)INT64_MAX + 1)
			rc = 1;
		else if (neg)
			v = mag == (uint64_t)INT64_MAX + 1 ? INT64_MIN :
			    -(int64_t)mag;
		else
			v = (int64_t)mag;
	}
	if (rc > 0 || v < min || v > max)
		return pkt_fail(errbuf, "%s \"%s\" out of range %" PRId64
		    "..%" PRId64, what, pkt_quote(s, q, sizeof q), min, max);
	*out = v;
	return 0;
}

/* Plain decimal with optional fraction and exponent, nothing else. */
static int
is_decimal(const char *p)
{
	int digits = 0;

	while (*p >= '0' && *p <= '9')
		p++, digits++;
	if (*p == '.')
		for (p++; *p >= '0' && *p <= '9'; p++)
			digits++;
	if (digits == 0)
		return 0;
	if (*p == 'e' || *p == 'E') {
		p++;
		if (*p == '+' || *p == '-')
			p++;
		if (!(*p >= '0' && *p <= '9'))
			return 0;
		while (*p >= '0' && *p <= '9')
			p++;
	}
	return *p == '\0';
}

/* strtod() in the C locale: '.' is the decimal point even after
 * setlocale(LC_ALL, ""). */
static double
strtod_c(const char *s)
{
	static locale_t c_locale;

	if (c_locale == (locale_t)0)
		c_locale = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	if (c_locale == (locale_t)0)
		return strtod(s, NULL);
	return strtod_l(s, NULL, c_locale);
}

int
pkt_parse_seconds(const char *s, double min, double max, const char *what,
    double *out, char *errbuf)
{
	char q[PKT_QUOTEBUF];
	double v;

	if (s[0] == '-' && is_decimal(s + 1))
		return pkt_fail(errbuf, "%s \"%s\" must not be negative", what,
		    pkt_quote(s, q, sizeof q));
	if (!is_decimal(s))
		return pkt_fail(errbuf, "%s \"%s\" is not a number", what,
		    pkt_quote(s, q, sizeof q));
	v = strtod_c(s);	/* underflow gives 0 or a denormal: fine */
	if (!isfinite(v) || v < min || v > max)
		return pkt_fail(errbuf, "%s \"%s\" out of range %g..%g", what,
		    pkt_quote(s, q, sizeof q), min, max);
	*out = v;
	return 0;
}

/* Clocks */

static double
clock_seconds(clockid_t id)
{
	struct timespec ts;

	if (clock_gettime(id, &ts) != 0)
		return 0;
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

double
pkt_now(void)
{
	return clock_seconds(CLOCK_MONOTONIC);
}

double
pkt_walltime(void)
{
	return clock_seconds(CLOCK_REALTIME);
}

/* Hex */

size_t
pkt_hex_encode(const uint8_t *p, size_t n, char *out)
{
	static const char digits[] = "0123456789abcdef";
	size_t i;

	for (i = 0; i < n; i++) {
		out[2 * i] = digits[p[i] >> 4];
		out[2 * i + 1] = digits[p[i] & 0x0f];
	}
	out[2 * n] = '\0';
	return 2 * n;
}

int
pkt_hex_decode(const char *s, uint8_t **out, size_t *len, char *errbuf)
{
	size_t n = strlen(s), i;
	uint8_t *buf;

	for (i = 0; i < n; i++) {
		if (pkt_hexval((unsigned char)s[i]) < 0) {
			char c[2] = { s[i], '\0' };
			char q[8];

			return pkt_fail(errbuf, "invalid hex digit \"%s\" at "
			    "offset %zu", pkt_quote(c, q, sizeof q), i);
		}
	}
	if (n % 2 != 0)
		return pkt_fail(errbuf, "odd number of hex digits (%zu)", n);
	buf = pkt_xmalloc(n / 2);
	for (i = 0; i < n / 2; i++)
		buf[i] = (uint8_t)(pkt_hexval((unsigned char)s[2 * i]) << 4 |
		    pkt_hexval((unsigned char)s[2 * i + 1]));
	*out = buf;
	*len = n / 2;
	return 0;
}

/* Suggestions */

/* Optimal string alignment distance, case-insensitive, in three rows. */
static size_t
edit_distance(const char *a, size_t la, const char *b, size_t lb, size_t *rows)
{
	size_t *prev2 = rows, *prev = rows + lb + 1, *cur = rows + 2 * (lb + 1);
	size_t i, j;

	for (j = 0; j <= lb; j++)
		prev[j] = j;
	for (i = 1; i <= la; i++) {
		int ca = tolower((unsigned char)a[i - 1]);
		size_t *t;

		cur[0] = i;
		for (j = 1; j <= lb; j++) {
			int cb = tolower((unsigned char)b[j - 1]);
			size_t best = prev[j - 1] + (ca != cb);

			if (prev[j] + 1 < best)
				best = prev[j] + 1;
			if (cur[j - 1] + 1 < best)
				best = cur[j - 1] + 1;
			if (i > 1 && j > 1 &&
			    ca == tolower((unsigned char)b[j - 2]) &&
			    tolower((unsigned char)a[i - 2]) == cb &&
			    prev2[j - 2] + 1 < best)
				best = prev2[j - 2] + 1;
			cur[j] = best;
		}
		t = prev2;
		prev2 = prev;
		prev = cur;
		cur = t;
	}
	return prev[lb];
}

const char *
pkt_suggest(const char *word, const char *const *candidates, size_t n)
{
	const char *best = NULL;
	size_t la = strlen(word), bestd = SIZE_MAX, i;
	size_t limit = la / 3 > 2 ? la / 3 : 2;

	for (i = 0; i < n; i++) {
		const char *c = candidates[i];
		size_t lb, d, *rows;

		if (c == NULL)
			continue;
		lb = strlen(c);
		/* The distance is at least the difference of the lengths. */
		if ((la > lb ? la - lb : lb - la) > limit)
			continue;
		rows = pkt_xreallocarray(NULL, 3 * (lb + 1), sizeof *rows);
		d = edit_distance(word, la, c, lb, rows);
		free(rows);
		if (d <= limit && d < (la > lb ? la : lb) && d < bestd) {
			best = c;
			bestd = d;
		}
	}
	return best;
}
