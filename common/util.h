/* util.h: allocation that cannot fail, bounded number parsing, clocks, hex,
 * and "did you mean" suggestions. */
#ifndef PKT_UTIL_H
#define PKT_UTIL_H

#include <stddef.h>
#include <stdint.h>

/*
 * Allocation.  On out-of-memory these print "<tool>: out of memory (N bytes)"
 * and exit with PKT_EXIT_ERROR (2): the one place common/ exits.  exit(), not
 * abort(), so that atexit() cleanups (firewall rules) still run.  A size of 0
 * allocates 1 byte, so the result is never NULL.  pkt_xreallocarray checks
 * nmemb * size for overflow.
 */
void	*pkt_xmalloc(size_t);
void	*pkt_xcalloc(size_t, size_t);
/* A large zeroed table whose pages the kernel provides as they are first
 * touched (mmap), where calloc would clear them all at once: a cache of
 * a thousand entries costs one run a page fault per entry used, not 30.
 * Free with pkt_zunmap(p, the same size). */
void	*pkt_xzmap(size_t);
void	 pkt_zunmap(void *, size_t);
void	*pkt_xrealloc(void *, size_t);
void	*pkt_xreallocarray(void *, size_t, size_t);
/* Room for n elements of size bytes in p, an array of *cap of them: the
 * capacity doubled when short (at least n), so appending one element at
 * a time costs linear time whatever the allocator (ASan's realloc copies
 * every time).  Returns p, moved or not. */
void	*pkt_xgrow(void *p, size_t *cap, size_t n, size_t size);
char	*pkt_xstrdup(const char *);

/*
 * Bounded number parsing, after OpenBSD strtonum(3).  "what" names the value
 * in the message.  Accepted: decimal, or 0x/0X hex ("0x1F"); pkt_parse_int
 * also takes one leading '-' or '+'.  Rejected: empty, whitespace, a sign
 * (uint), trailing junk, overflow.  Return 0 and set *out, or -1 with errbuf
 * (PKT_ERRBUF bytes) holding e.g.
 *	port "70000" out of range 1..65535
 *	timeout "abc" is not a number
 * *out is left untouched on error.  A leading 0 is not octal: "010" is 10.
 */
int	pkt_parse_uint(const char *s, uint64_t min, uint64_t max,
	    const char *what, uint64_t *out, char *errbuf);
int	pkt_parse_int(const char *s, int64_t min, int64_t max,
	    const char *what, int64_t *out, char *errbuf);

/*
 * Seconds: "2", "0.5", ".5", "1e-3", "1.5E2".  Always '.' as the decimal
 * point, whatever the locale.  Rejected: empty, whitespace, any sign
 * ("-1" is "must not be negative"), nan, inf, hex floats, trailing junk,
 * values outside min..max.
 */
int	pkt_parse_seconds(const char *s, double min, double max,
	    const char *what, double *out, char *errbuf);

/* Seconds from CLOCK_MONOTONIC (for timeouts, RTTs) and CLOCK_REALTIME
 * (for packet timestamps). */
double	pkt_now(void);
double	pkt_walltime(void);

/* FNV-1a over n bytes, from h (PKT_FNV32_INIT, PKT_FNV64_INIT, or a
 * previous result to go on): the one hash of the suite (caches, tables,
 * pkttrace's per-target identities). */
#define PKT_FNV32_INIT	UINT32_C(2166136261)
#define PKT_FNV64_INIT	UINT64_C(0xcbf29ce484222325)
uint32_t pkt_fnv32(const void *, size_t n, uint32_t h);
uint64_t pkt_fnv64(const void *, size_t n, uint64_t h);

/* Big-endian integers at p (bounds checked by the caller): 16 and 32
 * bits, and n bytes (at most 8). */
static inline uint32_t
pkt_be16(const uint8_t *p)
{
	return (uint32_t)p[0] << 8 | p[1];
}
static inline uint32_t
pkt_be32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}
static inline uint64_t
pkt_be(const uint8_t *p, size_t n)
{
	uint64_t v = 0;

	while (n-- > 0)
		v = v << 8 | *p++;
	return v;
}

/* Value of a hex digit, -1 if c is not one. */
int	pkt_hexval(int c);
/* Lowercase hex of n bytes into out, which holds 2n+1 chars; NUL-terminated.
 * Returns 2n, the length written without the NUL. */
size_t	pkt_hex_encode(const uint8_t *, size_t n, char *out);
/* Decode a string of hex digit pairs (either case, no spaces or 0x prefix).
 * On success *out is a new buffer (free() it; never NULL, also for "") and
 * *len its length.  On error returns -1, errbuf set, *out untouched. */
int	pkt_hex_decode(const char *, uint8_t **out, size_t *len, char *errbuf);

/*
 * User text made safe to show inside "..." in a message: '"', '\\' and
 * control characters are escaped (\n, \t, \r, \xNN), bytes >= 0x80 are
 * kept (UTF-8), and text that does not fit in size (>= 8) bytes is cut at a
 * character boundary and ends in "...".  Returns buf.  PKT_QUOTEBUF is a
 * good size for a message.
 */
#define PKT_QUOTEBUF	96
char	*pkt_quote(const char *s, char *buf, size_t size);

/*
 * The candidate nearest to word (case-insensitive edit distance, adjacent
 * transpositions count 1), or NULL when none is close: accepted when the
 * distance is <= 2 or <= strlen(word)/3, and below the longer of the two
 * lengths (a total rewrite is no typo: "x" never suggests "id").  Ties go
 * to the earlier candidate; NULL entries are skipped.  For messages like
 * unknown key "tiemout" (did you mean "timeout"?).
 */
const char *pkt_suggest(const char *word, const char *const *candidates,
	    size_t n);

#endif
