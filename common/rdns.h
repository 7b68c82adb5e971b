/* rdns.h: asynchronous reverse DNS (PTR lookups) with c-ares, a cache per
 * address, and a hard timeout per lookup, driven by the caller's event loop.
 *
 *	struct pkt_rdns *r = pkt_rdns_new(2.0, NULL, errbuf);	// resolv.conf
 *	pkt_rdns_submit(r, AF_INET, &ip);	// never blocks; cached after
 *	...in the probing loop:
 *	n = pkt_rdns_pollfds(r, pfd + ncap, MAX - ncap);
 *	ms = pkt_rdns_timeout(r, ms);
 *	poll(pfd, ncap + n, ms);
 *	pkt_rdns_process(r, pfd + ncap, n);
 *	...when printing:
 *	if (pkt_rdns_get(r, AF_INET, &ip, &name) == PKT_RDNS_FOUND) ...
 *	...at exit (optional; waits at most until the last deadline):
 *	pkt_rdns_wait(r, pkt_now() + 2.0);
 *	pkt_rdns_free(r);
 *
 * A lookup that has no answer "timeout" seconds after it was submitted is
 * given up (PKT_RDNS_FAILED), whatever c-ares would still retry; so a slow
 * or absent resolver delays nothing by more than the timeout.  c-ares opens
 * its UDP (and, for truncated answers, TCP) sockets when the first query
 * goes out; that needs no capability, so it works after pkt_priv_drop().
 */
#ifndef PKT_RDNS_H
#define PKT_RDNS_H

#include <stddef.h>

struct pkt_rdns;
struct pollfd;

enum pkt_rdns_state {
	PKT_RDNS_UNKNOWN,	/* never submitted */
	PKT_RDNS_PENDING,	/* asked, no answer yet */
	PKT_RDNS_FOUND,		/* a name (cached for the run) */
	PKT_RDNS_NONE,		/* the resolver says there is no name (NXDOMAIN,
				 * no PTR record), or the name is not a valid
				 * host name; cached for the run */
	PKT_RDNS_FAILED		/* no answer in time, or a resolver error
				 * (SERVFAIL, refused); cached for the run */
};

/*
 * A resolver.  timeout: seconds (> 0) that one lookup may take at most.
 * servers: NULL for the system's configuration: /etc/hosts, read once
 * here, its first name for an address cached as found (as getnameinfo
 * answers from it), then DNS as /etc/resolv.conf says; or c-ares's CSV
 * list "10.0.0.53,[fd00::53]:5353" (port optional), which then is asked
 * alone (no hosts file).  Returns NULL with errbuf
 * (PKT_ERRBUF bytes) when c-ares cannot start or servers is malformed.
 */
struct pkt_rdns *pkt_rdns_new(double timeout, const char *servers,
	    char *errbuf);
/* Ends every pending lookup at once (no waiting) and frees everything. */
void	pkt_rdns_free(struct pkt_rdns *);

/*
 * Ask for the name of addr (family AF_INET: 4 bytes, AF_INET6: 16 bytes),
 * unless the cache already has it or a lookup is on its way.  Never blocks
 * (the query is sent, or queued by c-ares).  Returns the state after the
 * call: PKT_RDNS_PENDING for a new lookup, else the cached state; -1 for a
 * family other than AF_INET and AF_INET6.
 */
int	pkt_rdns_submit(struct pkt_rdns *, int family, const void *addr);
/* The same for an address in text ("10.0.0.1", "fd00::1"); -1 if it is not
 * one. */
int	pkt_rdns_submit_str(struct pkt_rdns *, const char *addr);

/*
 * What the cache knows of addr; never sends anything.  *name (when name is
 * not NULL) is set to the host name, without a trailing dot, if the state
 * is PKT_RDNS_FOUND, else to NULL.  The string lives as long as the
 * resolver.  Names hold only letters, digits, '-', '_' and '.'.
 */
enum pkt_rdns_state pkt_rdns_get(const struct pkt_rdns *, int family,
	    const void *addr, const char **name);
/* The same for an address in text; PKT_RDNS_UNKNOWN if it is not one. */
enum pkt_rdns_state pkt_rdns_get_str(const struct pkt_rdns *,
	    const char *addr, const char **name);

/* Lookups still pending. */
size_t	pkt_rdns_pending(const struct pkt_rdns *);

/*
 * Event loop, three ways:
 *
 * 1. In the caller's poll(): pkt_rdns_pollfds() fills at most n entries of
 *    pfd with c-ares's sockets and returns how many (0 when idle);
 *    pkt_rdns_timeout() returns the poll timeout in ms to use, the smaller
 *    of ms (the caller's own, -1 for none) and the time until c-ares must
 *    retransmit or a lookup's deadline falls; after poll(),
 *    pkt_rdns_process() reads what is ready among those entries (revents),
 *    handles retransmissions and gives up lookups past their deadline.
 *    pkt_rdns_process(r, NULL, 0) does the last two only.
 * 2. pkt_rdns_poll(r, ms): poll c-ares's sockets alone for up to ms
 *    milliseconds (0: only what is ready now) and process; for a loop that
 *    cannot add fds.  Returns 0, or -1 with errno if poll() fails (EINTR
 *    is not a failure).
 * 3. pkt_rdns_wait(r, until): pkt_rdns_poll() until nothing is pending or
 *    pkt_now() >= until (CLOCK_MONOTONIC seconds).  Since every lookup has
 *    its deadline, it returns by then anyway.  Returns 0 or -1 as above.
 */
size_t	pkt_rdns_pollfds(struct pkt_rdns *, struct pollfd *pfd, size_t n);
int	pkt_rdns_timeout(struct pkt_rdns *, int ms);
void	pkt_rdns_process(struct pkt_rdns *, const struct pollfd *pfd,
	    size_t n);
int	pkt_rdns_poll(struct pkt_rdns *, int ms);
int	pkt_rdns_wait(struct pkt_rdns *, double until);

/* Counters for tests and -v: lookups sent to c-ares, and submissions
 * answered from the cache (or joined to a lookup already pending). */
struct pkt_rdns_counts {
	size_t	queries, cached, found, none, failed;
};
void	pkt_rdns_counts(const struct pkt_rdns *, struct pkt_rdns_counts *);

#endif
