/* test_rdns.c: common/rdns.c against a DNS responder on 127.0.0.1 run by
 * this program (a thread answering real queries on a UDP socket, no root):
 * names found for IPv4 and IPv6, the cache (a second submission sends no
 * query, for names, NXDOMAIN and timeouts alike), names refused, the hard
 * deadline against a server that never answers, growth to many addresses,
 * both ways of driving the loop.  Plus a small CLI that
 * tests/live/t0800-rdns.sh drives in network namespaces:
 *   test_rdns                          run the unit checks
 *   test_rdns lookup [-s CSV] [-t SEC] [-d] [-w SEC] ADDR...
 *       drop capabilities (-d), then look every ADDR up while a 10 ms
 *       "probing" loop ticks for -w SEC (default: until none is pending),
 *       print "ADDR NAME" or "ADDR -none" / "-failed" / "-pending", then
 *       "maxgap MS" (the longest tick gap) and exit without waiting. */
#include <arpa/inet.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <pthread.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "err.h"
#include "priv.h"
#include "rdns.h"
#include "util.h"
#include "unit.h"


/*
 * The responder.  Its rules, on the address asked about:
 *	10.1.x.y, fd00:1::x:y	PTR "h-x-y.Lab." (trailing dot, capitals kept)
 *	10.2.x.y		NXDOMAIN
 *	10.3.x.y		never answered
 *	10.4.x.y		PTR "bad name" (a space)
 *	10.5.x.y		SERVFAIL
 * It counts the queries it reads, per rule.
 */
struct responder {
	int		fd;
	uint16_t	port;
	pthread_t	th;
	atomic_int	stop;
	atomic_int	queries[6];
};

/* The address of an in-addr.arpa or ip6.arpa name (wire format at q,
 * within end); family or 0. */
static int
reverse_addr(const uint8_t *q, const uint8_t *end, uint8_t a[16])
{
	char labels[40][64];
	int n = 0, i;

	while (q < end && *q != 0) {
		size_t len = *q++;

		if (len > 63 || (size_t)(end - q) < len || n == 40)
			return 0;
		memcpy(labels[n], q, len);
		labels[n++][len] = '\0';
		q += len;
	}
	memset(a, 0, 16);
	if (n == 6 && strcmp(labels[4], "in-addr") == 0 &&
	    strcmp(labels[5], "arpa") == 0) {
		for (i = 0; i < 4; i++)
			a[3 - i] = (uint8_t)atoi(labels[i]);
		return 4;
	}
	if (n == 34 && strcmp(labels[32], "ip6") == 0 &&
	    strcmp(labels[33], "arpa") == 0) {
		for (i = 0; i < 32; i++) {
			int v = pkt_hexval(labels[i][0]);

			if (v < 0)
				return 0;
			a[15 - i / 2] |= (uint8_t)(i % 2 ? v << 4 : v);
		}
		return 6;
	}
	return 0;
}

static size_t
put_name(uint8_t *p, const char *name)
{
	size_t o = 0;

	while (*name != '\0') {
		size_t len = strcspn(name, ".");

		p[o++] = (uint8_t)len;
		memcpy(p + o, name, len);
		o += len;
		name += len;
		if (*name == '.')
			name++;
	}
	p[o++] = 0;
	return o;
}

static void
respond(struct responder *rs, const uint8_t *q, size_t n,
    const struct sockaddr_in *from)
{
	uint8_t out[600], a[16];
	const uint8_t *p = q + 12, *end = q + n;
	char name[64];
	int fam, rule, rcode = 0;
	size_t qlen, o;

	if (n < 12 + 5)
		return;
	while (p < end && *p != 0)
		p += *p + 1;
	if (p + 5 > end)
		return;
	qlen = (size_t)(p + 5 - (q + 12));
	fam = reverse_addr(q + 12, p + 1, a);
	if (fam == 6)
		rule = a[0] == 0xfd && a[1] == 0 && a[2] == 0 && a[3] == 1 ? 1 : 0;
	else if (fam == 4 && a[0] == 10 && a[1] >= 1 && a[1] <= 5)
		rule = a[1];
	else
		rule = 0;
	atomic_fetch_add(&rs->queries[rule], 1);
	if (rule == 3)
		return;
	memcpy(out, q, 12);
	out[2] = 0x84 | (q[2] & 1);	/* QR, AA, RD as asked */
	if (rule == 2 || rule == 0)
		rcode = 3;
	else if (rule == 5)
		rcode = 2;
	out[3] = (uint8_t)(0x80 | rcode);
	out[4] = 0, out[5] = 1;
	out[6] = 0, out[7] = rcode == 0 ? 1 : 0;
	memset(out + 8, 0, 4);
	memcpy(out + 12, q + 12, qlen);
	o = 12 + qlen;
	if (rcode == 0) {
		if (rule == 4)
			snprintf(name, sizeof(name), "bad name.lab.");
		else if (fam == 6)
			snprintf(name, sizeof(name), "h-%u-%u.Lab.",
			    a[13], a[15]);
		else
			snprintf(name, sizeof(name), "h-%u-%u.Lab.",
			    a[2], a[3]);
		memcpy(out + o, "\xc0\x0c\x00\x0c\x00\x01\x00\x00\x00\x3c", 10);
		o += 10;
		/* A label with a space: the wire allows it; put_name would
		 * split at '.', so "bad name" stays one label. */
		{
			size_t rl = put_name(out + o + 2, name);

			out[o] = (uint8_t)(rl >> 8);
			out[o + 1] = (uint8_t)rl;
			o += 2 + rl;
		}
	}
	sendto(rs->fd, out, o, 0, (const struct sockaddr *)from, sizeof(*from));
}

static void *
responder_main(void *arg)
{
	struct responder *rs = arg;
	uint8_t buf[600];

	while (!atomic_load(&rs->stop)) {
		struct pollfd pfd = { .fd = rs->fd, .events = POLLIN };
		struct sockaddr_in from;
		socklen_t fl = sizeof(from);
		ssize_t n;

		if (poll(&pfd, 1, 20) <= 0)
			continue;
		n = recvfrom(rs->fd, buf, sizeof(buf), 0,
		    (struct sockaddr *)&from, &fl);
		if (n > 0)
			respond(rs, buf, (size_t)n, &from);
	}
	return NULL;
}

static void
responder_start(struct responder *rs)
{
	struct sockaddr_in sin = { .sin_family = AF_INET };
	socklen_t len = sizeof(sin);
	int i;

	atomic_init(&rs->stop, 0);
	for (i = 0; i < 6; i++)
		atomic_init(&rs->queries[i], 0);
	sin.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if ((rs->fd = socket(AF_INET, SOCK_DGRAM, 0)) < 0 ||
	    bind(rs->fd, (struct sockaddr *)&sin, sizeof(sin)) < 0 ||
	    getsockname(rs->fd, (struct sockaddr *)&sin, &len) < 0)
		pkt_err(2, "responder socket");
	rs->port = ntohs(sin.sin_port);
	if (pthread_create(&rs->th, NULL, responder_main, rs) != 0)
		pkt_errx(2, "pthread_create");
}

static void
responder_stop(struct responder *rs)
{
	atomic_store(&rs->stop, 1);
	pthread_join(rs->th, NULL);
	close(rs->fd);
}

static struct pkt_rdns *
resolver(const struct responder *rs, double timeout)
{
	char csv[64], errbuf[PKT_ERRBUF];
	struct pkt_rdns *r;

	snprintf(csv, sizeof(csv), "127.0.0.1:%u", rs->port);
	if ((r = pkt_rdns_new(timeout, csv, errbuf)) == NULL)
		pkt_errx(2, "pkt_rdns_new: %s", errbuf);
	return r;
}

static const char *
state_name(int st)
{
	static const char *const names[] = { "unknown", "pending", "found",
	    "none", "failed" };

	return st >= 0 && st <= 4 ? names[st] : "invalid";
}

static void
check_found(struct responder *rs)
{
	struct pkt_rdns *r = resolver(rs, 5);
	struct pkt_rdns_counts c;
	const char *name = "x";
	uint8_t a6[16];
	int st;

	st = pkt_rdns_submit_str(r, "10.1.7.9");
	CHECK(st == PKT_RDNS_PENDING, "first submit: %s", state_name(st));
	st = pkt_rdns_get_str(r, "10.1.7.9", &name);
	CHECK(st == PKT_RDNS_PENDING && name == NULL, "get while pending: %s",
	    state_name(st));
	inet_pton(AF_INET6, "fd00:1::3:4", a6);
	CHECK(pkt_rdns_submit(r, AF_INET6, a6) == PKT_RDNS_PENDING, "v6 pending");
	CHECK(pkt_rdns_pending(r) == 2, "2 pending, got %zu", pkt_rdns_pending(r));
	CHECK(pkt_rdns_wait(r, pkt_now() + 10) == 0, "wait");
	CHECK(pkt_rdns_pending(r) == 0, "none pending after wait");
	st = pkt_rdns_get_str(r, "10.1.7.9", &name);
	CHECK(st == PKT_RDNS_FOUND && name != NULL && strcmp(name, "h-7-9.Lab") == 0,
	    "10.1.7.9: %s %s", state_name(st), name ? name : "(null)");
	st = pkt_rdns_get(r, AF_INET6, a6, &name);
	CHECK(st == PKT_RDNS_FOUND && name != NULL && strcmp(name, "h-3-4.Lab") == 0,
	    "fd00:1::3:4: %s %s", state_name(st), name ? name : "(null)");
	/* The same address again: from the cache, no query. */
	CHECK(pkt_rdns_submit_str(r, "10.1.7.9") == PKT_RDNS_FOUND, "cached");
	pkt_rdns_counts(r, &c);
	CHECK(c.queries == 2 && c.found == 2 && c.cached == 1,
	    "counts: queries %zu found %zu cached %zu", c.queries, c.found, c.cached);
	CHECK(atomic_load(&rs->queries[1]) == 2, "responder saw %d queries",
	    atomic_load(&rs->queries[1]));
	/* The same 4 bytes as IPv4 and as the start of an IPv6 address are
	 * different keys. */
	CHECK(pkt_rdns_get_str(r, "a01:709::", NULL) == PKT_RDNS_UNKNOWN,
	    "v6 with the v4 bytes is another key");
	pkt_rdns_free(r);
}

static void
check_negative(struct responder *rs)
{
	struct pkt_rdns *r = resolver(rs, 5);
	struct pkt_rdns_counts c;
	const char *name = "x";
	int st, before2, before4, before5;

	before2 = atomic_load(&rs->queries[2]);
	before4 = atomic_load(&rs->queries[4]);
	before5 = atomic_load(&rs->queries[5]);
	pkt_rdns_submit_str(r, "10.2.0.1");
	pkt_rdns_submit_str(r, "10.4.0.1");
	pkt_rdns_submit_str(r, "10.5.0.1");
	pkt_rdns_wait(r, pkt_now() + 10);
	st = pkt_rdns_get_str(r, "10.2.0.1", &name);
	CHECK(st == PKT_RDNS_NONE && name == NULL, "NXDOMAIN: %s", state_name(st));
	/* c-ares itself may refuse the name (EBADRESP: failed) or pass it to
	 * us (none): either way, no name. */
	st = pkt_rdns_get_str(r, "10.4.0.1", &name);
	CHECK((st == PKT_RDNS_NONE || st == PKT_RDNS_FAILED) && name == NULL,
	    "bad name: %s %s", state_name(st), name ? name : "");
	st = pkt_rdns_get_str(r, "10.5.0.1", &name);
	CHECK(st == PKT_RDNS_FAILED && name == NULL, "SERVFAIL: %s", state_name(st));
	/* Negative answers are cached too. */
	CHECK(pkt_rdns_submit_str(r, "10.2.0.1") == PKT_RDNS_NONE, "NXDOMAIN cached");
	CHECK(pkt_rdns_submit_str(r, "10.5.0.1") == PKT_RDNS_FAILED, "SERVFAIL cached");
	pkt_rdns_wait(r, pkt_now() + 0.2);
	CHECK(atomic_load(&rs->queries[2]) == before2 + 1, "one NXDOMAIN query, saw %d",
	    atomic_load(&rs->queries[2]) - before2);
	CHECK(atomic_load(&rs->queries[4]) == before4 + 1, "one bad-name query");
	/* c-ares asks again after SERVFAIL (next try): at most its tries. */
	CHECK(atomic_load(&rs->queries[5]) - before5 >= 1 &&
	    atomic_load(&rs->queries[5]) - before5 <= 2, "SERVFAIL queries: %d",
	    atomic_load(&rs->queries[5]) - before5);
	pkt_rdns_counts(r, &c);
	CHECK(c.queries == 3 && c.cached == 2, "counts: queries %zu cached %zu",
	    c.queries, c.cached);
	CHECK(pkt_rdns_get_str(r, "10.9.9.9", &name) == PKT_RDNS_UNKNOWN && name == NULL,
	    "never asked: unknown");
	CHECK(pkt_rdns_submit_str(r, "not-an-address") == -1, "text not an address");
	CHECK(pkt_rdns_get_str(r, "not-an-address", NULL) == PKT_RDNS_UNKNOWN,
	    "get of text not an address");
	CHECK(pkt_rdns_submit(r, AF_UNIX, "abcd") == -1, "family");
	pkt_rdns_free(r);
}

/* A server that never answers: every lookup is given up at its deadline,
 * not after c-ares's own retries, and the result is cached. */
static void
check_deadline(struct responder *rs)
{
	struct pkt_rdns *r = resolver(rs, 0.4);
	struct pkt_rdns_counts c;
	double t0 = pkt_now(), t;
	int st, seen;

	pkt_rdns_submit_str(r, "10.3.0.1");
	pkt_rdns_submit_str(r, "10.1.0.1");	/* answered meanwhile */
	pkt_rdns_wait(r, t0 + 30);
	t = pkt_now() - t0;
	CHECK(t >= 0.39 && t < 0.6, "gave up after %.3f s with a 0.4 s timeout", t);
	st = pkt_rdns_get_str(r, "10.3.0.1", NULL);
	CHECK(st == PKT_RDNS_FAILED, "silent server: %s", state_name(st));
	st = pkt_rdns_get_str(r, "10.1.0.1", NULL);
	CHECK(st == PKT_RDNS_FOUND, "answered one: %s", state_name(st));
	seen = atomic_load(&rs->queries[3]);
	t0 = pkt_now();
	CHECK(pkt_rdns_submit_str(r, "10.3.0.1") == PKT_RDNS_FAILED, "failure cached");
	CHECK(pkt_rdns_pending(r) == 0, "nothing pending");
	pkt_rdns_wait(r, t0 + 30);
	CHECK(pkt_now() - t0 < 0.05, "wait with nothing pending returns at once");
	usleep(300 * 1000);
	CHECK(atomic_load(&rs->queries[3]) == seen,
	    "no query after the deadline (c-ares stopped retrying): %d more",
	    atomic_load(&rs->queries[3]) - seen);
	pkt_rdns_counts(r, &c);
	CHECK(c.failed == 1 && c.found == 1, "counts: failed %zu found %zu",
	    c.failed, c.found);

	/* Later submissions get their own full timeout. */
	t0 = pkt_now();
	pkt_rdns_submit_str(r, "10.3.0.2");
	usleep(200 * 1000);
	pkt_rdns_submit_str(r, "10.3.0.3");
	pkt_rdns_poll(r, 0);
	pkt_rdns_wait(r, t0 + 0.45);
	CHECK(pkt_rdns_get_str(r, "10.3.0.2", NULL) == PKT_RDNS_FAILED, "first expired");
	CHECK(pkt_rdns_get_str(r, "10.3.0.3", NULL) == PKT_RDNS_PENDING,
	    "second still within its time");
	pkt_rdns_wait(r, t0 + 30);
	t = pkt_now() - t0;
	CHECK(t >= 0.59 && t < 0.8, "second gave up at %.3f s", t);
	pkt_rdns_free(r);

	/* A burst: at most 32 on the wire at once (each tried twice at
	 * most), all given up by the deadline, sent or still waiting. */
	r = resolver(rs, 0.4);
	seen = atomic_load(&rs->queries[3]);
	t0 = pkt_now();
	for (st = 0; st < 100; st++) {
		char addr[32];

		snprintf(addr, sizeof(addr), "10.3.2.%d", st);
		pkt_rdns_submit_str(r, addr);
	}
	pkt_rdns_wait(r, t0 + 30);
	t = pkt_now() - t0;
	CHECK(t >= 0.39 && t < 0.6, "burst gave up after %.3f s", t);
	pkt_rdns_counts(r, &c);
	/* 32 at first; as they end (c-ares's own timeout, or our deadline),
	 * the next in line may go out: how many more depends on how loaded
	 * the machine is (86 seen under a load of 7), but never an address
	 * twice. */
	CHECK(c.failed == 100 && c.queries >= 32 && c.queries <= 100,
	    "burst: failed %zu, sent %zu", c.failed, c.queries);
	usleep(50 * 1000);
	seen = atomic_load(&rs->queries[3]) - seen;
	CHECK(seen >= 32 && (size_t)seen <= 2 * c.queries,
	    "burst: the server saw %d queries", seen);
	pkt_rdns_free(r);

	/* Freed with lookups pending: no wait, no leak (ASan). */
	r = resolver(rs, 5);
	pkt_rdns_submit_str(r, "10.3.1.1");
	pkt_rdns_submit_str(r, "10.1.1.1");
	pkt_rdns_poll(r, 0);
	t0 = pkt_now();
	pkt_rdns_free(r);
	CHECK(pkt_now() - t0 < 0.05, "free does not wait");
}

/* Many addresses at once (the table grows several times), driven from a
 * loop of our own as a prober would: pollfds, timeout, process. */
static void
check_many(struct responder *rs)
{
	struct pkt_rdns *r = resolver(rs, 10);
	struct pkt_rdns_counts c;
	char addr[32], want[32];
	double until = pkt_now() + 20;
	int i, bad = 0, badms = 0;

	for (i = 0; i < 600; i++) {
		snprintf(addr, sizeof(addr), "10.1.%d.%d", i / 250, i % 250);
		CHECK(pkt_rdns_submit_str(r, addr) == PKT_RDNS_PENDING, "%s", addr);
	}
	while (pkt_rdns_pending(r) > 0 && pkt_now() < until) {
		struct pollfd pfd[20];
		size_t n;
		int ms;

		pfd[0].fd = -1;		/* the prober's own fd */
		pfd[0].events = POLLIN;
		n = pkt_rdns_pollfds(r, pfd + 1, 19);
		ms = pkt_rdns_timeout(r, 50);
		if (ms < 0 || ms > 50)
			badms++;
		poll(pfd, n + 1, ms);
		pkt_rdns_process(r, pfd + 1, n);
	}
	CHECK(badms == 0, "%d poll timeouts outside 0..50 ms", badms);
	for (i = 0; i < 600; i++) {
		const char *name;

		snprintf(addr, sizeof(addr), "10.1.%d.%d", i / 250, i % 250);
		snprintf(want, sizeof(want), "h-%d-%d.Lab", i / 250, i % 250);
		if (pkt_rdns_get_str(r, addr, &name) != PKT_RDNS_FOUND ||
		    strcmp(name, want) != 0)
			bad++;
	}
	CHECK(bad == 0, "%d of 600 names wrong or missing", bad);
	for (i = 0; i < 600; i++) {
		snprintf(addr, sizeof(addr), "10.1.%d.%d", i / 250, i % 250);
		pkt_rdns_submit_str(r, addr);
	}
	pkt_rdns_counts(r, &c);
	CHECK(c.queries == 600 && c.cached == 600 && c.found == 600,
	    "counts: queries %zu cached %zu found %zu", c.queries, c.cached,
	    c.found);
	CHECK(pkt_rdns_pollfds(r, NULL, 0) == 0, "idle: no fds");
	CHECK(pkt_rdns_timeout(r, -1) == -1 && pkt_rdns_timeout(r, 7) == 7,
	    "idle: the caller's timeout");
	pkt_rdns_free(r);
}

static void
check_errors(void)
{
	char errbuf[PKT_ERRBUF];

	CHECK(pkt_rdns_new(0, NULL, errbuf) == NULL &&
	    strstr(errbuf, "timeout") != NULL, "timeout 0: %s", errbuf);
	CHECK(pkt_rdns_new(NAN, NULL, errbuf) == NULL, "timeout NaN");
	CHECK(pkt_rdns_new(1, "not a server", errbuf) == NULL &&
	    strstr(errbuf, "DNS server list \"not a server\"") != NULL,
	    "bad CSV: %s", errbuf);
}

static int
unit_checks(void)
{
	struct responder rs;

	responder_start(&rs);
	check_found(&rs);
	check_negative(&rs);
	check_deadline(&rs);
	check_many(&rs);
	check_errors();
	responder_stop(&rs);
	printf("test_rdns: %d checks, %d failed\n", checks, failures);
	return failures != 0;
}

static int
lookup(int argc, char **argv)
{
	char errbuf[PKT_ERRBUF];
	const char *servers = NULL;
	double timeout = 2, ticktime = -1, t0, last, maxgap = 0, now;
	struct pkt_rdns *r;
	int i, opt;

	while ((opt = getopt(argc, argv, "ds:t:w:")) != -1) {
		switch (opt) {
		case 'd':
			if (pkt_priv_drop(errbuf) < 0)
				pkt_errx(2, "%s", errbuf);
			break;
		case 's':
			servers = optarg;
			break;
		case 't':
			timeout = atof(optarg);
			break;
		case 'w':
			ticktime = atof(optarg);
			break;
		default:
			pkt_errx(2, "usage: test_rdns lookup [-d] [-s CSV] [-t SEC] [-w SEC] ADDR...");
		}
	}
	if ((r = pkt_rdns_new(timeout, servers, errbuf)) == NULL)
		pkt_errx(2, "%s", errbuf);
	t0 = last = pkt_now();
	for (i = optind; i < argc; i++)
		if (pkt_rdns_submit_str(r, argv[i]) < 0)
			pkt_errx(2, "%s: not an address", argv[i]);
	/* The "prober": a tick every 10 ms, whatever the resolver does. */
	while (ticktime >= 0 ? pkt_now() - t0 < ticktime : pkt_rdns_pending(r) > 0) {
		struct pollfd pfd[16];
		size_t n = pkt_rdns_pollfds(r, pfd, 16);

		poll(pfd, n, pkt_rdns_timeout(r, 10));
		pkt_rdns_process(r, pfd, n);
		now = pkt_now();
		if (now - last > maxgap)
			maxgap = now - last;
		last = now;
	}
	for (i = optind; i < argc; i++) {
		const char *name;
		int st = pkt_rdns_get_str(r, argv[i], &name);

		printf("%s %s%s\n", argv[i], st == PKT_RDNS_FOUND ? "" : "-",
		    st == PKT_RDNS_FOUND ? name : state_name(st));
	}
	printf("maxgap %.0f\n", maxgap * 1000);
	fflush(stdout);
	pkt_rdns_free(r);
	return 0;
}

int
main(int argc, char **argv)
{
	pkt_setprogname("test_rdns");
	if (argc == 1)
		return unit_checks();
	if (strcmp(argv[1], "lookup") == 0)
		return lookup(argc - 1, argv + 1);
	pkt_errx(2, "usage: test_rdns [lookup ...]");
}
