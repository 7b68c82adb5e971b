/* test_rstguard.c: common/rstguard.c, and the driver of the live test
 * tests/live/t0400-block-rst.sh.
 *
 *	test_rstguard
 *		self-checks: arguments and pkt_rstguard_rule without
 *		privilege; then, as root and with nft(8), in a network
 *		namespace of its own (never the caller's): the table and its
 *		elements, rules added later (after pkt_priv_drop too, each
 *		once), stop, the atexit path, SIGKILL of the tool, a
 *		leftover removed, stop after pkt_priv_drop, the hold (after
 *		exit, after SIGKILL, ended by SIGTERM, cancelled by a SIGTERM
 *		while the tool runs), two guards of one flow, the message
 *		without CAP_NET_ADMIN, no zombie and no descriptor left.
 *		Exit 77 (skipped) when not root, no nft or no namespaces,
 *		after the checks that need none.
 *	test_rstguard hold SRC DST SPORT DPORT [SECONDS]
 *		start the guard for one probe (its rule kept SECONDS after
 *		the end), drop every capability, print "ready" and the
 *		guardian's pid, wait for EOF on stdin (exit 0) or SIGINT
 *		(130) or SIGTERM (143), then stop the guard.
 *	test_rstguard send SRC DST SPORT DPORT FLAGS [mark]
 *		send one TCP segment (FLAGS: letters of FSRPAU) through a raw
 *		IPPROTO_RAW socket, as --l3raw does, with SO_MARK set to
 *		PKT_SOCKET_MARK when "mark" is given.
 */
#include <arpa/inet.h>
#include <dirent.h>
#include <errno.h>
#include <netinet/in.h>
#include <poll.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "pkt.h"
#include "priv.h"
#include "rstguard.h"
#include "send.h"
#include "unit.h"
#include "spec.h"



static int
parse_addr(const char *s, int *family, uint8_t addr[16])
{
	memset(addr, 0, 16);
	if (inet_pton(AF_INET, s, addr) == 1) {
		*family = 4;
		return 0;
	}
	if (inet_pton(AF_INET6, s, addr) == 1) {
		*family = 6;
		return 0;
	}
	return -1;
}

static int
parse_rule(char **av, struct pkt_rstrule *r)
{
	int f1, f2;
	long sp, dp;
	char *e1, *e2;

	memset(r, 0, sizeof *r);
	if (parse_addr(av[0], &f1, r->src) < 0 ||
	    parse_addr(av[1], &f2, r->dst) < 0 || f1 != f2)
		return -1;
	sp = strtol(av[2], &e1, 10);
	dp = strtol(av[3], &e2, 10);
	if (*e1 != '\0' || *e2 != '\0' || sp < 1 || sp > 65535 || dp < 1 ||
	    dp > 65535)
		return -1;
	r->family = f1;
	r->sport = (uint16_t)sp;
	r->dport = (uint16_t)dp;
	return 0;
}

/* ---- hold ---- */

static volatile sig_atomic_t got_signal;

static void
on_signal(int sig)
{
	got_signal = sig;
}

static int
hold(char **av, double secs)
{
	struct pkt_rstrule r;
	struct pkt_rstguard *g;
	struct sigaction sa;
	struct pollfd pfd = { .fd = 0, .events = POLLIN, .revents = 0 };
	sigset_t block, waitmask;
	char errbuf[PKT_ERRBUF], buf[256];
	ssize_t n;

	if (parse_rule(av, &r) < 0) {
		fprintf(stderr, "test_rstguard: bad probe\n");
		return 2;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigprocmask(SIG_BLOCK, &block, &waitmask);
	sigdelset(&waitmask, SIGINT);
	sigdelset(&waitmask, SIGTERM);

	if ((g = pkt_rstguard_start(&r, 1, secs, errbuf)) == NULL) {
		fprintf(stderr, "test_rstguard: %s\n", errbuf);
		return 2;
	}
	if (pkt_priv_drop(errbuf) < 0) {
		fprintf(stderr, "test_rstguard: %s\n", errbuf);
		return 2;	/* exit() runs the atexit stop */
	}
	printf("ready\n%ld\n", pkt_rstguard_pid(g));
	fflush(stdout);
	while (!got_signal) {
		if (ppoll(&pfd, 1, NULL, &waitmask) < 0)
			continue;
		n = read(0, buf, sizeof buf);
		if (n == 0 || (n < 0 && errno != EINTR))
			break;
	}
	pkt_rstguard_stop(g);
	pkt_rstguard_stop(g);	/* idempotent */
	return got_signal == SIGINT ? 130 : got_signal == SIGTERM ? 143 : 0;
}

/* ---- send ---- */

static uint32_t
sum16(const uint8_t *p, size_t n, uint32_t s)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		s += (uint32_t)p[n - 1] << 8;
	return s;
}

static uint16_t
fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)~s;
}

static int
send_segment(char **av, int ac)
{
	struct pkt_rstrule r;
	uint8_t pkt[60], tcp[20], pseudo[40];
	const char *f;
	int fd, mark = ac > 5 && strcmp(av[5], "mark") == 0;
	uint8_t flags = 0;
	size_t hl;
	uint16_t ck;
	ssize_t w;

	if (parse_rule(av, &r) < 0) {
		fprintf(stderr, "test_rstguard: bad probe\n");
		return 2;
	}
	for (f = av[4]; *f != '\0'; f++) {
		const char *p = strchr("FSRPAU", *f);

		if (p == NULL) {
			fprintf(stderr, "test_rstguard: bad flag %c\n", *f);
			return 2;
		}
		flags |= (uint8_t)(1u << (p - "FSRPAU"));
	}
	memset(tcp, 0, sizeof tcp);
	tcp[0] = (uint8_t)(r.sport >> 8), tcp[1] = (uint8_t)r.sport;
	tcp[2] = (uint8_t)(r.dport >> 8), tcp[3] = (uint8_t)r.dport;
	/* seq; a RST carries the SYN's seq + 1, what the peer expects */
	tcp[4] = 0x12, tcp[5] = 0x34, tcp[6] = 0x56;
	tcp[7] = (flags & 0x06) == 0x04 ? 0x79 : 0x78;
	tcp[12] = 5 << 4;
	tcp[13] = flags;
	tcp[14] = 0xfa, tcp[15] = 0xf0;				/* window */

	memset(pseudo, 0, sizeof pseudo);
	if (r.family == 4) {
		memcpy(pseudo, r.src, 4);
		memcpy(pseudo + 4, r.dst, 4);
		pseudo[9] = IPPROTO_TCP;
		pseudo[11] = 20;
		ck = fold(sum16(tcp, 20, sum16(pseudo, 12, 0)));
	} else {
		memcpy(pseudo, r.src, 16);
		memcpy(pseudo + 16, r.dst, 16);
		pseudo[35] = 20;
		pseudo[39] = IPPROTO_TCP;
		ck = fold(sum16(tcp, 20, sum16(pseudo, 40, 0)));
	}
	tcp[16] = (uint8_t)(ck >> 8), tcp[17] = (uint8_t)ck;

	memset(pkt, 0, sizeof pkt);
	if (r.family == 4) {
		pkt[0] = 0x45;
		pkt[3] = 40;
		pkt[4] = 0x12, pkt[5] = 0x34;
		pkt[8] = 64;
		pkt[9] = IPPROTO_TCP;
		memcpy(pkt + 12, r.src, 4);
		memcpy(pkt + 16, r.dst, 4);
		ck = fold(sum16(pkt, 20, 0));
		pkt[10] = (uint8_t)(ck >> 8), pkt[11] = (uint8_t)ck;
		hl = 20;
	} else {
		pkt[0] = 0x60;
		pkt[5] = 20;
		pkt[6] = IPPROTO_TCP;
		pkt[7] = 64;
		memcpy(pkt + 8, r.src, 16);
		memcpy(pkt + 24, r.dst, 16);
		hl = 40;
	}
	memcpy(pkt + hl, tcp, 20);

	fd = socket(r.family == 4 ? AF_INET : AF_INET6, SOCK_RAW | SOCK_CLOEXEC,
	    IPPROTO_RAW);
	if (fd < 0) {
		perror("test_rstguard: socket");
		return 2;
	}
	if (mark) {
		int m = PKT_SOCKET_MARK;

		if (setsockopt(fd, SOL_SOCKET, SO_MARK, &m, sizeof m) != 0) {
			perror("test_rstguard: SO_MARK");
			close(fd);
			return 2;
		}
	}
	if (r.family == 4) {
		struct sockaddr_in sin;

		memset(&sin, 0, sizeof sin);
		sin.sin_family = AF_INET;
		memcpy(&sin.sin_addr, r.dst, 4);
		w = sendto(fd, pkt, hl + 20, 0, (struct sockaddr *)&sin,
		    sizeof sin);
	} else {
		struct sockaddr_in6 sin6;

		memset(&sin6, 0, sizeof sin6);
		sin6.sin6_family = AF_INET6;
		memcpy(&sin6.sin6_addr, r.dst, 16);
		w = sendto(fd, pkt, hl + 20, 0, (struct sockaddr *)&sin6,
		    sizeof sin6);
	}
	close(fd);
	/* EPERM: the rule dropped it (no mark), which is what the live
	 * test checks with tcpdump; not an error here. */
	if (w < 0 && errno != EPERM) {
		perror("test_rstguard: sendto");
		return 2;
	}
	return 0;
}

/* ---- self-checks ---- */

static int
count_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int n = 0;

	if (d == NULL)
		return -1;
	while ((e = readdir(d)) != NULL)
		if (e->d_name[0] != '.')
			n++;
	closedir(d);
	return n - 1;	/* the directory's own descriptor */
}

static int
no_children(void)
{
	return waitpid(-1, NULL, WNOHANG) < 0 && errno == ECHILD;
}

/* The output of a shell command (nft in our namespace), in buf. */
static int
run(const char *cmd, char *buf, size_t size)
{
	FILE *fp = popen(cmd, "r");
	size_t n;

	buf[0] = '\0';
	if (fp == NULL)
		return -1;
	n = fread(buf, 1, size - 1, fp);
	buf[n] = '\0';
	return pclose(fp);
}

static int
has_table(long pid)
{
	char buf[8192], want[64];

	snprintf(want, sizeof want, "table inet pkt_rst_%ld\n", pid);
	run("nft list tables 2>&1", buf, sizeof buf);
	return strstr(buf, want) != NULL;
}

/* Poll until the table is gone (the guardian works asynchronously after
 * the tool is killed). */
static int
table_gone_within(long pid, double secs)
{
	struct timespec ts = { 0, 50 * 1000 * 1000 };
	int i;

	for (i = 0; i < (int)(secs * 20); i++) {
		if (!has_table(pid))
			return 1;
		nanosleep(&ts, NULL);
	}
	return !has_table(pid);
}

static struct pkt_rstrule
rule(const char *s, const char *d, uint16_t sp, uint16_t dp)
{
	struct pkt_rstrule r;
	char *av[4];
	char sps[8], dps[8];

	snprintf(sps, sizeof sps, "%u", (unsigned)sp);
	snprintf(dps, sizeof dps, "%u", (unsigned)dp);
	av[0] = (char *)(uintptr_t)s;
	av[1] = (char *)(uintptr_t)d;
	av[2] = sps;
	av[3] = dps;
	if (parse_rule(av, &r) < 0)
		abort();
	return r;
}

static void
checks_unprivileged(void)
{
	struct pkt_rstrule bad = rule("10.0.0.1", "10.0.0.2", 1, 2);
	struct pkt_rstguard *g;
	char errbuf[PKT_ERRBUF];

	bad.family = 5;
	errbuf[0] = '\0';
	g = pkt_rstguard_start(&bad, 1, 0, errbuf);
	CHECK(g == NULL && strstr(errbuf, "family 5") != NULL,
	    "bad family: %s", errbuf);
	CHECK(pkt_rstguard_add(NULL, &bad, 1, errbuf) < 0 &&
	    strstr(errbuf, "no guard is active") != NULL,
	    "add without a guard: %s", errbuf);
	CHECK(pkt_rstguard_pid(NULL) == 0, "pid of no guard");
	pkt_rstguard_stop(NULL);
	CHECK(no_children(), "a failed start forks nothing");
	if (geteuid() != 0) {
		bad.family = 4;
		g = pkt_rstguard_start(&bad, 1, 0, errbuf);
		CHECK(g == NULL && (strstr(errbuf, "needs CAP_NET_ADMIN") != NULL ||
		    strstr(errbuf, "install nftables") != NULL),
		    "not root: %s", g != NULL ? "started" : errbuf);
		pkt_rstguard_stop(g);
	}
}

/* pkt_rstguard_rule: the flow of a packet, as built and as dissected. */
static void
checks_rule(void)
{
	static const struct {
		const char *spec;
		const char *src, *dst;	/* NULL: no rule */
		uint16_t sport, dport;
	} cases[] = {
		{ "IP(src=\"10.0.0.1\",dst=\"10.0.0.2\")/TCP(sport=40000,dport=80)",
		  "10.0.0.1", "10.0.0.2", 40000, 80 },
		{ "IP(src=\"10.0.0.1\",dst=\"10.0.0.2\")/TCP()/\"GET /\"",
		  "10.0.0.1", "10.0.0.2", 20, 80 },
		{ "Ether()/IPv6(src=\"fd00::1\",dst=\"fd00::2\")/"
		  "IPv6ExtHdrHopByHop()/TCP(sport=1,dport=2,flags=\"A\")",
		  "fd00::1", "fd00::2", 1, 2 },
		{ "IP(src=\"10.0.0.1\",dst=\"10.0.0.2\")/UDP(sport=1,dport=2)",
		  NULL, NULL, 0, 0 },
		/* an ICMP error quoting a TCP segment: nothing of ours */
		{ "IP(src=\"10.0.0.9\",dst=\"10.0.0.1\")/ICMP(type=3,code=3)/"
		  "IP(src=\"10.0.0.1\",dst=\"10.0.0.2\")/TCP(sport=5,dport=6)",
		  NULL, NULL, 0, 0 },
	};
	char errbuf[PKT_ERRBUF];
	size_t i;

	for (i = 0; i < sizeof cases / sizeof cases[0]; i++) {
		struct pkt_spec *sp = pkt_spec_parse(cases[i].spec, 1, errbuf);
		struct pkt_pkt *p = NULL, *d;
		struct pkt_rstrule r, want;

		CHECK(sp != NULL && pkt_spec_next(sp, &p, errbuf) > 0 &&
		    pkt_build(p, NULL, errbuf) == 0, "%s: %s", cases[i].spec,
		    errbuf);
		if (p == NULL) {
			pkt_spec_free(sp);
			continue;
		}
		d = pkt_dissect_copy(p);
		if (cases[i].src == NULL) {
			CHECK(pkt_rstguard_rule(d, &r) == 0,
			    "%s: a rule from the dissection", cases[i].spec);
		} else {
			want = rule(cases[i].src, cases[i].dst, cases[i].sport,
			    cases[i].dport);
			CHECK(pkt_rstguard_rule(d, &r) == 1 &&
			    r.family == want.family && r.sport == want.sport &&
			    r.dport == want.dport &&
			    memcmp(r.src, want.src, 16) == 0 &&
			    memcmp(r.dst, want.dst, 16) == 0,
			    "%s: wrong rule (family %d, ports %u %u)",
			    cases[i].spec, r.family, (unsigned)r.sport,
			    (unsigned)r.dport);
		}
		pkt_free(d);
		pkt_free(p);
		pkt_spec_free(sp);
	}
}

/* Without CAP_NET_ADMIN (all dropped): a message saying so. */
static void
check_no_capability(void)
{
	char errbuf[PKT_ERRBUF];
	struct pkt_rstrule r = rule("10.0.0.1", "10.0.0.2", 1, 2);
	struct pkt_rstguard *g;

	if (pkt_priv_drop(errbuf) < 0) {
		printf("pkt_priv_drop: %s\n", errbuf);
		_exit(1);
	}
	g = pkt_rstguard_start(&r, 1, 0, errbuf);
	if (g != NULL || strstr(errbuf, "needs CAP_NET_ADMIN") == NULL) {
		printf("no CAP_NET_ADMIN: %s\n", g != NULL ? "started" : errbuf);
		_exit(1);
	}
	_exit(0);
}

static int
child_status(pid_t pid)
{
	int st;

	while (waitpid(pid, &st, 0) < 0)
		if (errno != EINTR)
			return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/*
 * A tool in a child: start a guard for rs[0..n) kept hold seconds, drop
 * every capability, write the guardian's pid to us, then: 's' stop the
 * guard and exit 0 (3 if a child is left), 'e' exit() without stop (the
 * atexit handler), 'k' wait to be killed, 'a' add rs[n] too, then wait.
 * Returns the child's pid, and the guardian's in *gpid (0: it failed).
 */
static pid_t
tool(const struct pkt_rstrule *rs, size_t n, double hold, int then,
    long *gpid)
{
	char errbuf[PKT_ERRBUF];
	struct pkt_rstguard *g;
	int p[2];
	pid_t pid;
	long gp = 0;

	if (pipe(p) != 0)
		abort();
	fflush(stdout);
	if ((pid = fork()) == 0) {
		close(p[0]);
		if ((g = pkt_rstguard_start(rs, n, hold, errbuf)) == NULL ||
		    pkt_priv_drop(errbuf) < 0 ||
		    (then == 'a' && pkt_rstguard_add(g, rs + n, 1, errbuf) < 0)) {
			printf("tool: %s\n", errbuf);
			_exit(1);
		}
		gp = pkt_rstguard_pid(g);
		(void)!write(p[1], &gp, sizeof gp);
		if (then == 's') {
			pkt_rstguard_stop(g);
			_exit(hold > 0 || no_children() ? 0 : 3);
		}
		if (then == 'e')
			exit(0);
		for (;;)
			pause();
	}
	close(p[1]);
	if (read(p[0], &gp, sizeof gp) != (ssize_t)sizeof gp)
		gp = 0;
	close(p[0]);
	*gpid = gp;
	return pid;
}

static int
gone_within(long pid, double secs)
{
	struct timespec ts = { 0, 20 * 1000 * 1000 };
	int i;

	for (i = 0; i < (int)(secs * 50); i++) {
		if (kill((pid_t)pid, 0) != 0 && errno == ESRCH)
			return 1;
		nanosleep(&ts, NULL);
	}
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
checks_root(void)
{
	struct pkt_rstrule rs[5] = {
		rule("10.0.0.1", "10.0.0.2", 40000, 80),
		rule("fd00::1", "fd00::2", 40001, 443),
		rule("10.0.0.1", "10.0.0.2", 40000, 80),	/* duplicate */
		rule("10.0.0.1", "10.0.0.3", 40002, 22),
		rule("10.0.0.1", "10.0.0.4", 40003, 25),
	};
	char errbuf[PKT_ERRBUF], buf[16384], cmd[256];
	struct pkt_rstguard *g, *g2;
	int fds = count_fds(), st;
	long gp, gp2;
	pid_t pid, pid2, dead;
	double t0;

	/* The rule set, and its removal by stop. */
	g = pkt_rstguard_start(rs, 4, 0, errbuf);
	CHECK(g != NULL, "start: %s", errbuf);
	if (g == NULL)
		return;
	gp = pkt_rstguard_pid(g);
	CHECK(gp > 0 && gp != (long)getpid(), "guardian pid %ld", gp);
	run("nft list ruleset 2>&1", buf, sizeof buf);
	snprintf(cmd, sizeof cmd, "table inet pkt_rst_%ld {", gp);
	CHECK(strstr(buf, cmd) != NULL, "no table %s in:\n%s", cmd, buf);
	CHECK(strstr(buf, "10.0.0.1 . 10.0.0.2 . 40000 . 80") != NULL &&
	    strstr(buf, "10.0.0.1 . 10.0.0.3 . 40002 . 22") != NULL &&
	    strstr(buf, "fd00::1 . fd00::2 . 40001 . 443") != NULL,
	    "elements missing:\n%s", buf);
	CHECK(strstr(buf, "type filter hook output priority raw;") != NULL,
	    "hook:\n%s", buf);
	CHECK(strstr(buf, "meta mark != 0x00706b74 tcp flags rst ip saddr . "
	    "ip daddr . tcp sport . tcp dport @v4") != NULL &&
	    strstr(buf, "meta mark != 0x00706b74 tcp flags rst ip6 saddr . "
	    "ip6 daddr . tcp sport . tcp dport @v6") != NULL,
	    "rules:\n%s", buf);
	g2 = pkt_rstguard_start(rs, 1, 0, errbuf);
	CHECK(g2 == NULL && strstr(errbuf, "already active") != NULL,
	    "second guard: %s", g2 != NULL ? "started" : errbuf);

	/* Rules added later: in place when add returns; one already
	 * guarded is not sent again (removed by hand, it stays removed). */
	CHECK(pkt_rstguard_add(g, &rs[4], 1, errbuf) == 0, "add: %s", errbuf);
	run("nft list ruleset 2>&1", buf, sizeof buf);
	CHECK(strstr(buf, "10.0.0.1 . 10.0.0.4 . 40003 . 25") != NULL,
	    "added element missing:\n%s", buf);
	snprintf(cmd, sizeof cmd, "nft delete element inet pkt_rst_%ld v4 "
	    "'{ 10.0.0.1 . 10.0.0.4 . 40003 . 25 }' 2>&1", gp);
	CHECK(run(cmd, buf, sizeof buf) == 0, "%s: %s", cmd, buf);
	CHECK(pkt_rstguard_add(g, rs, 5, errbuf) == 0, "add again: %s", errbuf);
	run("nft list ruleset 2>&1", buf, sizeof buf);
	CHECK(strstr(buf, "10.0.0.4 . 40003") == NULL,
	    "a guarded rule was sent again:\n%s", buf);
	pkt_rstguard_stop(g);
	CHECK(!has_table(gp), "table left after stop");
	pkt_rstguard_stop(g);
	CHECK(pkt_rstguard_add(g, rs, 1, errbuf) < 0 &&
	    strstr(errbuf, "no guard is active") != NULL,
	    "add after stop: %s", errbuf);
	CHECK(no_children(), "a child is left after stop");
	CHECK(count_fds() == fds, "descriptors: %d before, %d after", fds,
	    count_fds());
	run("nft list ruleset 2>&1", buf, sizeof buf);
	CHECK(buf[0] == '\0', "ruleset not empty after stop:\n%s", buf);

	/* n == 0: empty sets, filled by add after pkt_priv_drop. */
	pid = tool(rs, 0, 0, 'a', &gp);
	CHECK(gp > 0, "start with no rule, add after drop");
	snprintf(cmd, sizeof cmd, "nft list table inet pkt_rst_%ld 2>&1", gp);
	run(cmd, buf, sizeof buf);
	CHECK(strstr(buf, "elements = { 10.0.0.1 . 10.0.0.2 . 40000 . 80 }") !=
	    NULL && strstr(buf, "set v6") != NULL, "add after drop:\n%s", buf);
	kill(pid, SIGKILL);
	child_status(pid);
	CHECK(table_gone_within(gp, 5), "table left after SIGKILL (added)");

	/* A leftover from a run killed with its guardian is removed, and
	 * so is a table named after a live process that is no guardian
	 * (pid 1); the table of a live guardian is not. */
	if ((dead = fork()) == 0)
		_exit(0);
	child_status(dead);
	pid2 = tool(rs, 1, 0, 'k', &gp2);
	CHECK(gp2 > 0 && has_table(gp2), "a live guardian's table");
	snprintf(cmd, sizeof cmd, "nft add table inet pkt_rst_%ld && "
	    "nft add table inet pkt_rst_1", (long)dead);
	CHECK(run(cmd, buf, sizeof buf) == 0, "%s: %s", cmd, buf);
	g = pkt_rstguard_start(rs, 1, 0, errbuf);
	CHECK(g != NULL, "start: %s", errbuf);
	CHECK(!has_table((long)dead), "leftover pkt_rst_%ld kept", (long)dead);
	CHECK(!has_table(1), "pkt_rst_1 (no guardian) kept");
	CHECK(has_table(gp2), "a live guardian's table removed");
	CHECK(has_table(pkt_rstguard_pid(g)), "no table of ours");
	pkt_rstguard_stop(g);
	kill(pid2, SIGKILL);
	child_status(pid2);
	CHECK(table_gone_within(gp2, 5), "table left after SIGKILL");

	/* stop after pkt_priv_drop: the guardian holds the privilege. */
	pid = tool(rs, 2, 0, 's', &gp);
	CHECK(child_status(pid) == 0, "start, drop, stop in a child");
	CHECK(gp > 0 && !has_table(gp), "table left after stop without caps");

	/* exit() without stop: the atexit handler removes it before the
	 * tool's exit status is seen. */
	pid = tool(rs, 2, 0, 'e', &gp);
	CHECK(child_status(pid) == 0, "start then exit in a child");
	CHECK(gp > 0 && !has_table(gp), "table left after exit()");

	/* The hold: the table outlives the tool, then goes. */
	t0 = now();
	pid = tool(rs, 1, 1.0, 's', &gp);
	CHECK(child_status(pid) == 0, "start, stop with a hold");
	CHECK(gp > 0 && has_table(gp), "held table gone at once");
	CHECK(table_gone_within(gp, 5) && now() - t0 >= 1.0,
	    "held table: gone after %.2f s (hold 1 s)", now() - t0);
	CHECK(gone_within(gp, 2), "the guardian is left after its hold");

	pid = tool(rs, 1, 1.0, 'k', &gp);
	kill(pid, SIGKILL);
	child_status(pid);
	t0 = now();
	CHECK(gp > 0 && has_table(gp), "SIGKILL with a hold: gone at once");
	CHECK(table_gone_within(gp, 5) && now() - t0 >= 0.9,
	    "SIGKILL with a hold: gone after %.2f s", now() - t0);

	/* SIGTERM to the guardian ends the hold; one that comes while the
	 * tool runs is kept and cancels it. */
	pid = tool(rs, 1, 100, 's', &gp);
	CHECK(child_status(pid) == 0 && has_table(gp), "a 100 s hold");
	t0 = now();
	kill((pid_t)gp, SIGTERM);
	CHECK(table_gone_within(gp, 3) && gone_within(gp, 2),
	    "SIGTERM ends the hold (%.2f s)", now() - t0);
	pid = tool(rs, 1, 100, 'k', &gp);
	kill((pid_t)gp, SIGTERM);
	usleep(200000);
	CHECK(has_table(gp) && kill((pid_t)gp, 0) == 0,
	    "SIGTERM while the tool runs removes the table");
	kill(pid, SIGKILL);
	child_status(pid);
	CHECK(table_gone_within(gp, 3), "SIGTERM while the tool ran: no hold");

	/* Two guards of one flow: the second, ending first, removes its
	 * own table and leaves the held one; in this process too. */
	g = pkt_rstguard_start(rs, 1, 100, errbuf);
	CHECK(g != NULL, "start: %s", errbuf);
	gp = pkt_rstguard_pid(g);
	pkt_rstguard_stop(g);
	CHECK(has_table(gp), "held in this process");
	pid = tool(rs, 1, 0, 's', &gp2);
	CHECK(child_status(pid) == 0 && gp2 > 0 && !has_table(gp2),
	    "the second guard of the flow removes its table");
	snprintf(cmd, sizeof cmd, "nft list table inet pkt_rst_%ld 2>&1", gp);
	run(cmd, buf, sizeof buf);
	CHECK(strstr(buf, "10.0.0.1 . 10.0.0.2 . 40000 . 80") != NULL,
	    "the held rule of the flow went with the second:\n%s", buf);
	kill((pid_t)gp, SIGTERM);
	CHECK(waitpid((pid_t)gp, &st, 0) == (pid_t)gp && WIFEXITED(st) &&
	    WEXITSTATUS(st) == 0, "the held guardian ends cleanly");
	CHECK(!has_table(gp), "held table left after SIGTERM");

	/* Without CAP_NET_ADMIN. */
	if ((pid = fork()) == 0)
		check_no_capability();
	CHECK(child_status(pid) == 0, "message without CAP_NET_ADMIN");

	run("nft list ruleset 2>&1", buf, sizeof buf);
	CHECK(buf[0] == '\0', "ruleset not empty at the end:\n%s", buf);
	CHECK(no_children(), "a child is left");
	CHECK(count_fds() == fds, "descriptors: %d before, %d after", fds,
	    count_fds());
}

static int
selfcheck(void)
{
	const char *why = NULL;

	checks_unprivileged();
	checks_rule();
	if (geteuid() != 0)
		why = "not root";
	else if (access("/usr/sbin/nft", X_OK) != 0 &&
	    access("/sbin/nft", X_OK) != 0)
		why = "no nft (install nftables)";
	else if (unshare(CLONE_NEWNET) != 0)
		why = "cannot make a network namespace";
	else
		checks_root();
	printf("%d checks, %d failed%s%s\n", checks, failures,
	    why != NULL ? "; skipped the rest: " : "", why != NULL ? why : "");
	if (failures > 0)
		return 1;
	return why != NULL ? 77 : 0;
}

int
main(int argc, char **argv)
{
	pkt_setprogname("test_rstguard");
	if (argc == 1)
		return selfcheck();
	if ((argc == 6 || argc == 7) && strcmp(argv[1], "hold") == 0)
		return hold(argv + 2, argc == 7 ? atof(argv[6]) : 0);
	if ((argc == 7 || argc == 8) && strcmp(argv[1], "send") == 0)
		return send_segment(argv + 2, argc - 2);
	fprintf(stderr, "usage: test_rstguard [hold SRC DST SPORT DPORT [SECONDS] | "
	    "send SRC DST SPORT DPORT FLAGS [mark]]\n");
	return 2;
}
