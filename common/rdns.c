/* rdns.c: asynchronous reverse DNS with c-ares: one PTR lookup per address
 * for the run, cached (names and their absence), each lookup bounded by a
 * hard deadline, driven from the caller's poll() loop.  c-ares does the DNS
 * (resolv.conf, retransmission, TCP fallback); this file adds the cache,
 * the deadlines, and the checks on what comes back. */
#include "rdns.h"

#include <arpa/inet.h>
#include <ares.h>
#include <errno.h>
#include <math.h>
#include <netdb.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "err.h"
#include "util.h"

#define NAME_MAX_LEN	253	/* RFC 1035: 255 octets on the wire */
/* Lookups on the wire at once; the others wait their turn (a burst of a
 * thousand would overflow a resolver's socket buffer and wait for
 * retransmissions).  Their deadline runs from submission all the same. */
#define MAX_SENT	32

struct entry {
	uint8_t		 fam;		/* 4 or 6 */
	uint8_t		 a[16];
	uint8_t		 state;		/* enum pkt_rdns_state */
	bool		 sent;		/* pending and handed to c-ares */
	char		*name;
	double		 deadline;	/* pkt_now() seconds, while pending */
	struct entry	*prev, *next;	/* the pending FIFO */
	struct pkt_rdns	*r;
};

struct pkt_rdns {
	ares_channel	 ch;
	double		 timeout;
	struct entry	**tab;		/* open addressing, linear probing */
	size_t		 cap, n;	/* slots (a power of two), entries */
	/* Pending lookups in submission order: the deadline is submission
	 * time + timeout, so the head has the nearest one.  They are sent
	 * in that order too: those from "unsent" on wait their turn. */
	struct entry	*head, *tail, *unsent;
	size_t		 npending, nsent;
	size_t		 inflight;	/* c-ares queries not called back yet */
	bool		 destroying;
	struct pkt_rdns_counts c;
};

static int lib_refs;

/* The suite's hash over the family and the address bytes. */
static size_t
key_hash(uint8_t fam, const uint8_t *a)
{
	return pkt_fnv32(a, fam == 4 ? 4 : 16,
	    pkt_fnv32(&fam, 1, PKT_FNV32_INIT));
}

/* The slot of (fam, a): its entry, or the empty slot where it would go. */
static size_t
slot(const struct pkt_rdns *r, uint8_t fam, const uint8_t *a)
{
	size_t i = key_hash(fam, a) & (r->cap - 1);
	size_t len = fam == 4 ? 4 : 16;

	while (r->tab[i] != NULL && (r->tab[i]->fam != fam ||
	    memcmp(r->tab[i]->a, a, len) != 0))
		i = (i + 1) & (r->cap - 1);
	return i;
}

static void
grow(struct pkt_rdns *r)
{
	struct entry **old = r->tab;
	size_t i, ocap = r->cap;

	r->cap = ocap == 0 ? 64 : ocap * 2;
	r->tab = pkt_xcalloc(r->cap, sizeof(*r->tab));
	for (i = 0; i < ocap; i++)
		if (old[i] != NULL)
			r->tab[slot(r, old[i]->fam, old[i]->a)] = old[i];
	free(old);
}

static struct entry *
find(const struct pkt_rdns *r, uint8_t fam, const uint8_t *a)
{
	return r->cap == 0 ? NULL : r->tab[slot(r, fam, a)];
}

/* A new entry for (fam, a), which is not in the table. */
static struct entry *
add_entry(struct pkt_rdns *r, uint8_t fam, const uint8_t a[16])
{
	struct entry *e;

	if ((r->n + 1) * 2 > r->cap)
		grow(r);
	e = pkt_xcalloc(1, sizeof(*e));
	e->fam = fam;
	memcpy(e->a, a, 16);
	e->r = r;
	r->tab[slot(r, fam, a)] = e;
	r->n++;
	return e;
}

static void
unlink_pending(struct pkt_rdns *r, struct entry *e)
{
	if (e->sent)
		r->nsent--;
	else if (r->unsent == e)
		r->unsent = e->next;
	if (e->prev != NULL)
		e->prev->next = e->next;
	else
		r->head = e->next;
	if (e->next != NULL)
		e->next->prev = e->prev;
	else
		r->tail = e->prev;
	e->prev = e->next = NULL;
	r->npending--;
}

static void
settle(struct pkt_rdns *r, struct entry *e, enum pkt_rdns_state st)
{
	e->state = (uint8_t)st;
	unlink_pending(r, e);
	if (st == PKT_RDNS_FOUND)
		r->c.found++;
	else if (st == PKT_RDNS_NONE)
		r->c.none++;
	else
		r->c.failed++;
}

/* A host name as it may be shown: letters, digits, '-', '_', '.', not
 * empty, no empty label; the trailing dot is dropped.  NULL if not. */
static char *
clean_name(const char *s)
{
	size_t len = s != NULL ? strlen(s) : 0, i;
	char *out;

	if (len > 0 && s[len - 1] == '.')
		len--;
	if (len == 0 || len > NAME_MAX_LEN || s[0] == '.')
		return NULL;
	for (i = 0; i < len; i++) {
		char ch = s[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '-' || ch == '_' ||
		    ch == '.'))
			return NULL;
		if (ch == '.' && s[i + 1] == '.')
			return NULL;
	}
	out = pkt_xmalloc(len + 1);
	memcpy(out, s, len);
	out[len] = '\0';
	return out;
}

/* The PTR name of an address: "4.3.2.1.in-addr.arpa", or the 32 nibbles
 * of an IPv6 address, least significant first, then "ip6.arpa". */
static void
ptr_name(const struct entry *e, char *buf, size_t size)
{
	static const char hex[] = "0123456789abcdef";
	size_t o = 0;
	int i;

	if (e->fam == 4) {
		snprintf(buf, size, "%u.%u.%u.%u.in-addr.arpa", e->a[3], e->a[2],
		    e->a[1], e->a[0]);
		return;
	}
	for (i = 15; i >= 0 && o + 4 < size; i--) {
		buf[o++] = hex[e->a[i] & 15];
		buf[o++] = '.';
		buf[o++] = hex[e->a[i] >> 4];
		buf[o++] = '.';
	}
	snprintf(buf + o, size - o, "ip6.arpa");
}

static void
dns_answered(void *arg, int status, int timeouts, unsigned char *abuf,
    int alen)
{
	struct entry *e = arg;
	struct pkt_rdns *r = e->r;
	struct hostent *h = NULL;

	(void)timeouts;
	r->inflight--;
	if (e->state != PKT_RDNS_PENDING)
		return;		/* given up at its deadline already */
	if (status == ARES_SUCCESS)
		status = ares_parse_ptr_reply(abuf, alen, e->a,
		    e->fam == 4 ? 4 : 16, e->fam == 4 ? AF_INET : AF_INET6, &h);
	if (status == ARES_SUCCESS) {
		e->name = clean_name(h->h_name);
		settle(r, e, e->name != NULL ? PKT_RDNS_FOUND : PKT_RDNS_NONE);
	} else if (status == ARES_ENOTFOUND || status == ARES_ENODATA) {
		settle(r, e, PKT_RDNS_NONE);	/* NXDOMAIN, no PTR record */
	} else {
		settle(r, e, PKT_RDNS_FAILED);	/* timeout, SERVFAIL, ... */
	}
	if (h != NULL)
		ares_free_hostent(h);
}

static void
ask_dns(struct pkt_rdns *r, struct entry *e)
{
	char q[80];

	ptr_name(e, q, sizeof(q));
	r->inflight++;
	ares_query(r->ch, q, 1 /* IN */, 12 /* PTR */, dns_answered, e);
}

/*
 * The hosts file, read once: the first name of each address goes into the
 * cache, as getnameinfo() would answer from it.  (c-ares would read the
 * whole file again for every address: 60 ms each for a 100,000-line
 * blocklist, during which probing would stand still.)  A missing or
 * unreadable file is no error.
 */
static void
load_hosts(struct pkt_rdns *r, const char *path)
{
	char line[1024];
	FILE *fp;

	if ((fp = fopen(path, "re")) == NULL)
		return;
	while (fgets(line, sizeof(line), fp) != NULL) {
		char *save, *addr, *name;
		struct entry *e;
		uint8_t a[16] = { 0 }, fam;
		int ch;

		if (strchr(line, '\n') == NULL)	/* too long: skip the rest */
			while ((ch = getc(fp)) != EOF && ch != '\n')
				;
		line[strcspn(line, "#\n")] = '\0';
		if ((addr = strtok_r(line, " \t\r", &save)) == NULL ||
		    (name = strtok_r(NULL, " \t\r", &save)) == NULL)
			continue;
		if (inet_pton(AF_INET, addr, a) == 1)
			fam = 4;
		else if (inet_pton(AF_INET6, addr, a) == 1)
			fam = 6;
		else
			continue;
		if (find(r, fam, a) != NULL || (name = clean_name(name)) == NULL)
			continue;
		e = add_entry(r, fam, a);
		e->name = name;
		e->state = PKT_RDNS_FOUND;
	}
	fclose(fp);
}

struct pkt_rdns *
pkt_rdns_new(double timeout, const char *servers, char *errbuf)
{
	struct ares_options o;
	struct pkt_rdns *r;
	int mask = ARES_OPT_TIMEOUTMS | ARES_OPT_TRIES, rc;

	if (!(timeout > 0) || timeout > 3600) {
		pkt_fail(errbuf, "reverse DNS timeout must be in (0, 3600] "
		    "seconds");
		return NULL;
	}
	if (lib_refs == 0 && (rc = ares_library_init(ARES_LIB_INIT_ALL)) !=
	    ARES_SUCCESS) {
		pkt_fail(errbuf, "c-ares: %s", ares_strerror(rc));
		return NULL;
	}
	lib_refs++;
	r = pkt_xcalloc(1, sizeof(*r));
	r->timeout = timeout;
	memset(&o, 0, sizeof(o));
	/* A retransmission half-way; c-ares would wait twice as long for the
	 * second try, but our deadline gives the lookup up first. */
	o.timeout = (int)fmax(50, timeout * 1000 / 2);
	o.tries = 2;
	if ((rc = ares_init_options(&r->ch, &o, mask)) != ARES_SUCCESS) {
		pkt_fail(errbuf, "c-ares: %s", ares_strerror(rc));
		goto fail;
	}
	if (servers != NULL &&
	    (rc = ares_set_servers_ports_csv(r->ch, servers)) != ARES_SUCCESS) {
		char q[PKT_QUOTEBUF];

		pkt_fail(errbuf, "DNS server list \"%s\": %s",
		    pkt_quote(servers, q, sizeof(q)), ares_strerror(rc));
		ares_destroy(r->ch);
		goto fail;
	}
	if (servers == NULL)
		load_hosts(r, "/etc/hosts");
	return r;
fail:
	free(r);
	if (--lib_refs == 0)
		ares_library_cleanup();
	return NULL;
}

void
pkt_rdns_free(struct pkt_rdns *r)
{
	size_t i;

	if (r == NULL)
		return;
	r->destroying = true;
	ares_destroy(r->ch);	/* calls back every query: entries live on */
	for (i = 0; i < r->cap; i++)
		if (r->tab[i] != NULL) {
			free(r->tab[i]->name);
			free(r->tab[i]);
		}
	free(r->tab);
	free(r);
	if (--lib_refs == 0)
		ares_library_cleanup();
}

static int
key_of(int family, const void *addr, uint8_t *fam, uint8_t a[16])
{
	memset(a, 0, 16);
	if (family == AF_INET) {
		*fam = 4;
		memcpy(a, addr, 4);
	} else if (family == AF_INET6) {
		*fam = 6;
		memcpy(a, addr, 16);
	} else {
		return -1;
	}
	return 0;
}

/* Hand waiting lookups to c-ares while fewer than MAX_SENT are out. */
static void
pump(struct pkt_rdns *r)
{
	while (r->unsent != NULL && r->nsent < MAX_SENT) {
		struct entry *e = r->unsent;

		r->unsent = e->next;
		e->sent = true;
		r->nsent++;
		r->c.queries++;
		ask_dns(r, e);
	}
}

int
pkt_rdns_submit(struct pkt_rdns *r, int family, const void *addr)
{
	struct entry *e;
	uint8_t fam, a[16];

	if (key_of(family, addr, &fam, a) < 0)
		return -1;
	if ((e = find(r, fam, a)) != NULL) {
		r->c.cached++;
		return e->state;
	}
	e = add_entry(r, fam, a);
	e->state = PKT_RDNS_PENDING;
	e->deadline = pkt_now() + r->timeout;
	e->prev = r->tail;
	if (r->tail != NULL)
		r->tail->next = e;
	else
		r->head = e;
	r->tail = e;
	if (r->unsent == NULL)
		r->unsent = e;
	r->npending++;
	pump(r);
	return e->state;
}

static int
parse(const char *s, int *family, uint8_t a[16])
{
	if (inet_pton(AF_INET, s, a) == 1)
		*family = AF_INET;
	else if (inet_pton(AF_INET6, s, a) == 1)
		*family = AF_INET6;
	else
		return -1;
	return 0;
}

int
pkt_rdns_submit_str(struct pkt_rdns *r, const char *addr)
{
	uint8_t a[16];
	int family;

	if (parse(addr, &family, a) < 0)
		return -1;
	return pkt_rdns_submit(r, family, a);
}

enum pkt_rdns_state
pkt_rdns_get(const struct pkt_rdns *r, int family, const void *addr,
    const char **name)
{
	const struct entry *e;
	uint8_t fam, a[16];

	if (name != NULL)
		*name = NULL;
	if (key_of(family, addr, &fam, a) < 0 || (e = find(r, fam, a)) == NULL)
		return PKT_RDNS_UNKNOWN;
	if (name != NULL)
		*name = e->name;
	return (enum pkt_rdns_state)e->state;
}

enum pkt_rdns_state
pkt_rdns_get_str(const struct pkt_rdns *r, const char *addr,
    const char **name)
{
	uint8_t a[16];
	int family;

	if (name != NULL)
		*name = NULL;
	if (parse(addr, &family, a) < 0)
		return PKT_RDNS_UNKNOWN;
	return pkt_rdns_get(r, family, a, name);
}

size_t
pkt_rdns_pending(const struct pkt_rdns *r)
{
	return r->npending;
}

void
pkt_rdns_counts(const struct pkt_rdns *r, struct pkt_rdns_counts *c)
{
	*c = r->c;
}

size_t
pkt_rdns_pollfds(struct pkt_rdns *r, struct pollfd *pfd, size_t n)
{
	ares_socket_t socks[ARES_GETSOCK_MAXNUM];
	unsigned bits;
	int i;
	size_t k = 0;

	if (r->inflight == 0)
		return 0;
	bits = (unsigned)ares_getsock(r->ch, socks, ARES_GETSOCK_MAXNUM);
	for (i = 0; i < ARES_GETSOCK_MAXNUM && k < n; i++) {
		short ev = 0;

		/* Not ARES_GETSOCK_WRITABLE(): it shifts an int 1 into the
		 * sign bit for the last socket. */
		if ((bits >> i) & 1u)
			ev |= POLLIN;
		if ((bits >> (i + ARES_GETSOCK_MAXNUM)) & 1u)
			ev |= POLLOUT;
		if (ev == 0)
			continue;
		pfd[k].fd = socks[i];
		pfd[k].events = ev;
		pfd[k].revents = 0;
		k++;
	}
	return k;
}

/* Milliseconds from now to t, rounded up so that poll() does not wake
 * just before it; 0 if t has passed. */
static int
ms_until(double t, double now)
{
	double ms = ceil((t - now) * 1000);

	if (ms <= 0)
		return 0;
	return ms > INT32_MAX ? INT32_MAX : (int)ms;
}

int
pkt_rdns_timeout(struct pkt_rdns *r, int ms)
{
	struct timeval tv, *tp;
	double now;
	int t;

	if (r->npending == 0)
		return ms;
	now = pkt_now();
	t = ms_until(r->head->deadline, now);
	if (ms >= 0 && ms < t)
		t = ms;
	if (r->inflight > 0 && (tp = ares_timeout(r->ch, NULL, &tv)) != NULL) {
		double at = (double)tp->tv_sec * 1000 +
		    ceil((double)tp->tv_usec / 1000);

		if (at < t)
			t = (int)at;
	}
	return t;
}

/* Give up every lookup past its deadline; when none is left pending, stop
 * c-ares retrying the ones it still has. */
static void
expire(struct pkt_rdns *r)
{
	double now = pkt_now();

	while (r->head != NULL && r->head->deadline <= now)
		settle(r, r->head, PKT_RDNS_FAILED);
	/* Only given-up lookups left in c-ares: stop its retries. */
	if (r->nsent == 0 && r->inflight > 0 && !r->destroying)
		ares_cancel(r->ch);	/* calls back with ARES_ECANCELLED */
	pump(r);
}

void
pkt_rdns_process(struct pkt_rdns *r, const struct pollfd *pfd, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		ares_socket_t rfd = ARES_SOCKET_BAD, wfd = ARES_SOCKET_BAD;

		if (pfd[i].revents & (POLLIN | POLLERR | POLLHUP))
			rfd = pfd[i].fd;
		if (pfd[i].revents & POLLOUT)
			wfd = pfd[i].fd;
		if (rfd != ARES_SOCKET_BAD || wfd != ARES_SOCKET_BAD)
			ares_process_fd(r->ch, rfd, wfd);
	}
	if (r->inflight > 0)	/* retransmissions, c-ares's own timeouts */
		ares_process_fd(r->ch, ARES_SOCKET_BAD, ARES_SOCKET_BAD);
	expire(r);
}

int
pkt_rdns_poll(struct pkt_rdns *r, int ms)
{
	struct pollfd pfd[ARES_GETSOCK_MAXNUM];
	size_t n;
	int t;

	if (r->npending == 0)
		return 0;
	n = pkt_rdns_pollfds(r, pfd, ARES_GETSOCK_MAXNUM);
	t = pkt_rdns_timeout(r, ms);
	if (poll(pfd, n, t) < 0 && errno != EINTR)
		return -1;
	pkt_rdns_process(r, pfd, n);
	return 0;
}

int
pkt_rdns_wait(struct pkt_rdns *r, double until)
{
	double now;

	while (r->npending > 0 && (now = pkt_now()) < until)
		if (pkt_rdns_poll(r, ms_until(until, now)) < 0)
			return -1;
	return 0;
}
