/* targets.c: IPv4 targets streamed in flat memory.  See targets.h. */
#include "targets.h"

#include <arpa/inet.h>
#include <errno.h>
#include <netdb.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "err.h"
#include "perm.h"
#include "util.h"

struct item {
	char		*s;		/* an argument, or a file's path */
	bool		 file;
};

struct pkt_tsrc {
	struct item	*it;
	size_t		 nit, cur;
	/* the file being read */
	FILE		*f;
	char		*where;		/* "<stdin>", its path */
	size_t		 lineno;
	char		*line;
	size_t		 cap;
	/* the prefix being walked */
	uint32_t	 base;
	uint64_t	 count, idx;	/* addresses (or /24s) and where we are */
	bool		 by24;		/* count is of /24s */
	bool		 walking;
	bool		 per24;
	uint64_t	 seed;
	unsigned	 sk, sn;
};

struct pkt_tsrc *
pkt_tsrc_new(void)
{
	return pkt_xcalloc(1, sizeof(struct pkt_tsrc));
}

static void
add(struct pkt_tsrc *s, const char *v, bool file)
{
	s->it = pkt_xreallocarray(s->it, s->nit + 1, sizeof(*s->it));
	s->it[s->nit].s = pkt_xstrdup(v);
	s->it[s->nit++].file = file;
}

void
pkt_tsrc_arg(struct pkt_tsrc *s, const char *v)
{
	add(s, v, strcmp(v, "-") == 0);
}

void
pkt_tsrc_file(struct pkt_tsrc *s, const char *path)
{
	add(s, path, true);
}

void
pkt_tsrc_per24(struct pkt_tsrc *s, bool on, uint64_t seed)
{
	s->per24 = on;
	s->seed = seed;
}

void
pkt_tsrc_shard(struct pkt_tsrc *s, unsigned k, unsigned n)
{
	s->sk = k;
	s->sn = n;
}

uint32_t
pkt_ip4_u32(const uint8_t a[4])
{
	return (uint32_t)a[0] << 24 | (uint32_t)a[1] << 16 | (uint32_t)a[2] << 8 |
	    a[3];
}

void
pkt_ip4_put(uint8_t a[4], uint32_t v)
{
	a[0] = (uint8_t)(v >> 24);
	a[1] = (uint8_t)(v >> 16);
	a[2] = (uint8_t)(v >> 8);
	a[3] = (uint8_t)v;
}

/* "A.B.C.D/L": the prefix's first address and L; 1, 0 when t is not a
 * prefix, -1 on a bad one. */
static int
parse_prefix(const char *t, uint32_t *base, unsigned *len, char *errbuf)
{
	const char *slash = strchr(t, '/');
	char a[INET6_ADDRSTRLEN + 1], q[PKT_QUOTEBUF];
	struct in_addr in;
	uint64_t l;

	if (slash == NULL)
		return 0;
	if ((size_t)(slash - t) >= sizeof(a))
		return pkt_fail(errbuf, "\"%s\": not an address/length",
		    pkt_quote(t, q, sizeof(q)));
	memcpy(a, t, (size_t)(slash - t));
	a[slash - t] = '\0';
	if (strchr(a, ':') != NULL)
		return pkt_fail(errbuf, "\"%s\": IPv6 prefixes are not walked "
		    "(large runs are IPv4 only): give IPv6 addresses one by one",
		    pkt_quote(t, q, sizeof(q)));
	if (inet_pton(AF_INET, a, &in) != 1)
		return pkt_fail(errbuf, "\"%s\": \"%s\" is not an IPv4 address",
		    pkt_quote(t, q, sizeof(q)), a);
	if (pkt_parse_uint(slash + 1, 0, 32, "prefix length", &l, errbuf) < 0)
		return -1;
	*len = (unsigned)l;
	*base = ntohl(in.s_addr) & (l == 0 ? 0 : 0xffffffffu << (32 - l));
	return 1;
}

uint64_t
pkt_tsrc_size(const char *t, bool per24)
{
	char eb[PKT_ERRBUF];
	struct in_addr in;
	uint32_t base;
	unsigned len;

	if (parse_prefix(t, &base, &len, eb) == 1)
		return per24 && len < 24 ? 1ull << (24 - len) :
		    per24 ? 1 : 1ull << (32 - len);
	return inet_pton(AF_INET, t, &in) == 1 ? 1 : 0;
}

/* One target of text t (an address, a name, a prefix): a prefix starts
 * a walk (0: nothing yet), else the address (1); -1 on error. */
static int
one(struct pkt_tsrc *s, const char *t, uint8_t a[4], char *errbuf)
{
	struct addrinfo hints, *res = NULL;
	char q[PKT_QUOTEBUF];
	struct in6_addr in6;
	uint32_t base;
	unsigned len;
	int rc;

	if ((rc = parse_prefix(t, &base, &len, errbuf)) < 0)
		return -1;
	if (rc == 1) {
		s->walking = true;
		s->base = base;
		s->idx = 0;
		s->by24 = s->per24 && len <= 24;
		s->count = s->by24 ? 1ull << (24 - len) :
		    s->per24 ? 1 : 1ull << (32 - len);
		if (s->per24 && len > 24) {	/* one address of it */
			uint64_t n = 1ull << (32 - len), h = s->seed ^ base;

			h = (h ^ (h >> 29)) * 0xbf58476d1ce4e5b9u;
			s->base = base + (uint32_t)((h >> 32) % n);
		}
		return 0;
	}
	if (inet_pton(AF_INET, t, a) == 1)
		return 1;
	if (inet_pton(AF_INET6, t, &in6) == 1)
		return pkt_fail(errbuf, "%s: an IPv6 target: large runs are IPv4 "
		    "only; trace IPv6 targets in a run of their own (at most "
		    "4096 targets)", t);
	memset(&hints, 0, sizeof(hints));
	hints.ai_family = AF_INET;
	hints.ai_socktype = SOCK_RAW;
	if ((rc = getaddrinfo(t, NULL, &hints, &res)) != 0)
		return pkt_fail(errbuf, "\"%s\": %s", pkt_quote(t, q, sizeof(q)),
		    gai_strerror(rc));
	memcpy(a, &((struct sockaddr_in *)(void *)res->ai_addr)->sin_addr, 4);
	freeaddrinfo(res);
	return 1;
}

/* The next line of the file being read, trimmed: 1, 0 at its end. */
static int
next_line(struct pkt_tsrc *s, char **out, char *errbuf)
{
	char *p, *e;

	while (getline(&s->line, &s->cap, s->f) >= 0) {
		s->lineno++;
		for (p = s->line; *p == ' ' || *p == '\t'; p++)
			;
		if ((e = strchr(p, '#')) != NULL)
			*e = '\0';
		e = p + strlen(p);
		while (e > p && (e[-1] == '\n' || e[-1] == '\r' || e[-1] == ' ' ||
		    e[-1] == '\t'))
			*--e = '\0';
		if (*p != '\0') {
			*out = p;
			return 1;
		}
	}
	if (ferror(s->f))
		return pkt_fail(errbuf, "%s: %s", s->where, strerror(errno));
	if (s->f != stdin)
		fclose(s->f);
	s->f = NULL;
	return 0;
}

/* The next address before the shard's say. */
static int
next_any(struct pkt_tsrc *s, uint8_t a[4], char *errbuf)
{
	char *t = NULL;
	int rc;

	for (;;) {
		if (s->walking) {
			if (s->idx < s->count) {
				uint64_t i = s->idx++;

				if (s->by24) {
					uint32_t net = s->base + (uint32_t)(i << 8);
					uint64_t h = (s->seed ^ net) * 0x9e3779b97f4a7c15u;

					pkt_ip4_put(a, net + 1 + (uint32_t)((h >> 40) % 254));
				} else
					pkt_ip4_put(a, s->base + (uint32_t)i);
				return 1;
			}
			s->walking = false;
		}
		if (s->f != NULL) {
			if ((rc = next_line(s, &t, errbuf)) < 0)
				return -1;
			if (rc == 0)
				continue;
			if ((rc = one(s, t, a, errbuf)) < 0) {
				char eb[PKT_ERRBUF];

				snprintf(eb, sizeof(eb), "%s", errbuf);
				return pkt_fail(errbuf, "%s:%zu: %s", s->where,
				    s->lineno, eb);
			}
			if (rc == 1)
				return 1;
			continue;
		}
		if (s->cur == s->nit)
			return 0;
		if (s->it[s->cur].file) {
			const char *path = s->it[s->cur++].s;

			free(s->where);
			s->lineno = 0;
			if (strcmp(path, "-") == 0) {
				s->f = stdin;
				s->where = pkt_xstrdup("<stdin>");
			} else {
				s->where = pkt_xstrdup(path);
				if ((s->f = fopen(path, "r")) == NULL)
					return pkt_fail(errbuf, "%s: %s", path,
					    strerror(errno));
			}
			continue;
		}
		if ((rc = one(s, s->it[s->cur++].s, a, errbuf)) != 0)
			return rc;
	}
}

int
pkt_tsrc_next(struct pkt_tsrc *s, uint8_t a[4], char *errbuf)
{
	int rc;

	while ((rc = next_any(s, a, errbuf)) == 1)
		if (s->sn <= 1 || pkt_shard_mine(a, 4, s->sk, s->sn))
			return 1;
	return rc;
}

void
pkt_tsrc_free(struct pkt_tsrc *s)
{
	size_t i;

	if (s == NULL)
		return;
	for (i = 0; i < s->nit; i++)
		free(s->it[i].s);
	free(s->it);
	if (s->f != NULL && s->f != stdin)
		fclose(s->f);
	free(s->where);
	free(s->line);
	free(s);
}
