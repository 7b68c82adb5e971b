/* rstguard.c: --block-rst: an nftables table that drops the kernel's TCP
 * resets for the tool's probes, removed on every exit path by a guardian
 * process that keeps CAP_NET_ADMIN after the tool has dropped everything.
 *
 * The guardian is forked by pkt_rstguard_start, before the tool drops its
 * capabilities.  It keeps CAP_NET_ADMIN alone (and PR_SET_NO_NEW_PRIVS),
 * runs nft(8) from /usr/sbin or /sbin with a clean environment, reports on
 * the "report" pipe, then blocks reading the "hold" pipe, whose write end
 * only the tool holds (close-on-exec).  That read returns EOF when the tool
 * calls pkt_rstguard_stop or exits in any way at all, SIGKILL included;
 * then the guardian deletes the table, reports, and exits.
 *
 * Report records, one write each: "K\n" installed, "E<message>\n" failed
 * (the guardian then exits), and after the hold pipe's EOF "D\n" removed or
 * "W<message>\n" not removed. */
#include "rstguard.h"

#include <arpa/inet.h>
#include <cap-ng.h>
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "send.h"

#define OPT		"--block-rst"
#define STOP_WAIT_MS	10000

struct pkt_rstguard {
	int	used;		/* returned by start, not yet stopped */
	int	active;		/* a guardian runs (0: nothing to guard) */
	pid_t	owner;		/* the tool */
	pid_t	child;		/* the guardian */
	int	holdfd;		/* write end: its EOF ends the guardian */
	int	reportfd;	/* read end of the guardian's reports */
};

/* One guard per process: static, so that stop can be called twice. */
static struct pkt_rstguard guard = { 0, 0, 0, 0, -1, -1 };
static int atexit_done;

static const char *const nft_paths[] = { "/usr/sbin/nft", "/sbin/nft" };

static const char *
find_nft(void)
{
	size_t i;

	for (i = 0; i < sizeof nft_paths / sizeof nft_paths[0]; i++)
		if (access(nft_paths[i], X_OK) == 0)
			return nft_paths[i];
	return NULL;
}

/* The running binary, for the setcap hint. */
static void
self_exe(char *buf, size_t size)
{
	ssize_t n = readlink("/proc/self/exe", buf, size - 1);

	if (n <= 0) {
		snprintf(buf, size, "%s", pkt_getprogname());
		return;
	}
	buf[n] = '\0';
}

/* Whether CAP_NET_ADMIN is effective or at least permitted (the guardian
 * raises it). */
static int
check_netadmin(char *errbuf)
{
	char exe[256];

	if (capng_get_caps_process() == 0) {
		if (capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_ADMIN) ||
		    capng_have_capability(CAPNG_PERMITTED, CAP_NET_ADMIN))
			return 0;
	} else if (geteuid() == 0) {
		return 0;	/* cannot tell: let nft decide */
	}
	if (geteuid() == 0)
		return pkt_fail(errbuf, OPT " needs CAP_NET_ADMIN (to add an "
		    "nftables rule), which this process lacks although it runs "
		    "as root: run it where CAP_NET_ADMIN is allowed (a container "
		    "needs --cap-add=NET_ADMIN), or leave out " OPT);
	self_exe(exe, sizeof exe);
	return pkt_fail(errbuf, OPT " needs CAP_NET_ADMIN (to add an nftables "
	    "rule): run as root, or grant it once with: sudo setcap "
	    "cap_net_raw,cap_net_admin=ep %s", exe);
}

/* Rules normalized for sorting and deduplication. */
static int
rule_cmp(const void *a, const void *b)
{
	const struct pkt_rstrule *x = a, *y = b;
	int c;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if ((c = memcmp(x->src, y->src, 16)) != 0 ||
	    (c = memcmp(x->dst, y->dst, 16)) != 0)
		return c;
	if (x->sport != y->sport)
		return x->sport < y->sport ? -1 : 1;
	if (x->dport != y->dport)
		return x->dport < y->dport ? -1 : 1;
	return 0;
}

static void
table_name(char *buf, size_t size, long pid)
{
	snprintf(buf, size, "pkt_rst_%ld", pid);
}

/* Write the elements of one family's set; returns how many. */
static size_t
put_elements(FILE *fp, const struct pkt_rstrule *r, size_t n, int family)
{
	char s[INET6_ADDRSTRLEN], d[INET6_ADDRSTRLEN];
	int af = family == 4 ? AF_INET : AF_INET6;
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (r[i].family != family)
			continue;
		if (i > 0 && rule_cmp(&r[i - 1], &r[i]) == 0)
			continue;
		inet_ntop(af, r[i].src, s, sizeof s);
		inet_ntop(af, r[i].dst, d, sizeof d);
		fprintf(fp, "%s\t\t\t%s . %s . %u . %u", k > 0 ? ",\n" : "",
		    s, d, (unsigned)r[i].sport, (unsigned)r[i].dport);
		k++;
	}
	return k;
}

/*
 * The nft script: the table is added and deleted first (one transaction),
 * so a leftover with our pid (pid reuse) is replaced, not extended.
 * r is sorted.  Returns a malloc'd string, or NULL.
 */
static char *
build_script(const char *table, const struct pkt_rstrule *r, size_t n)
{
	static const struct {
		int	 family;
		const char *type, *l3;
	} fam[] = {
		{ 4, "ipv4_addr", "ip" },
		{ 6, "ipv6_addr", "ip6" },
	};
	char *buf = NULL;
	size_t len = 0, i, j;
	int have[2] = { 0, 0 };
	FILE *fp;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		return NULL;
	for (i = 0; i < n; i++)
		have[r[i].family == 6] = 1;
	fprintf(fp, "add table inet %s\ndelete table inet %s\n"
	    "table inet %s {\n", table, table, table);
	for (j = 0; j < 2; j++) {
		if (!have[j])
			continue;
		fprintf(fp, "\tset v%d {\n\t\ttype %s . %s . inet_service . "
		    "inet_service\n\t\telements = {\n", fam[j].family,
		    fam[j].type, fam[j].type);
		put_elements(fp, r, n, fam[j].family);
		fprintf(fp, "\n\t\t}\n\t}\n");
	}
	fprintf(fp, "\tchain out {\n\t\ttype filter hook output priority -300; "
	    "policy accept;\n");
	for (j = 0; j < 2; j++)
		if (have[j])
			fprintf(fp, "\t\tmeta mark != 0x%x tcp flags & rst != 0 "
			    "%s saddr . %s daddr . tcp sport . tcp dport @v%d "
			    "counter drop\n", (unsigned)PKT_SOCKET_MARK,
			    fam[j].l3, fam[j].l3, fam[j].family);
	fprintf(fp, "\t}\n}\n");
	if (ferror(fp)) {
		fclose(fp);
		free(buf);
		return NULL;
	}
	fclose(fp);
	return buf;
}

/* ---- the guardian ---- */

static void
put_all(int fd, const char *s, size_t n)
{
	ssize_t w;

	while (n > 0) {
		w = write(fd, s, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0)
			return;
		s += w;
		n -= (size_t)w;
	}
}

/* Send a record; returns whether the tool got it. */
static int
report(int fd, char tag, const char *msg)
{
	char rec[2 * PKT_ERRBUF];
	int n = snprintf(rec, sizeof rec, "%c%s\n", tag, msg != NULL ? msg : "");
	ssize_t w;

	if (n < 0 || (size_t)n >= sizeof rec)
		n = (int)sizeof rec - 1, rec[n - 1] = '\n';
	do
		w = write(fd, rec, (size_t)n);
	while (w < 0 && errno == EINTR);
	return w == n;
}

static void
close_span(int from, int to)
{
	long max;
	int fd;

	if (from > to)
		return;
	if (close_range((unsigned)from, (unsigned)to, 0) == 0)
		return;
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = from; fd <= to && fd < max; fd++)
		(void)close(fd);
}

/* Keep 0, 1, 2, a and b (both > 2, distinct); close the rest. */
static void
close_others(int a, int b)
{
	int lo = a < b ? a : b, hi = a < b ? b : a;

	close_span(3, lo - 1);
	close_span(lo + 1, hi - 1);
	close_span(hi + 1, INT_MAX);
}

/* CAP_NET_ADMIN only, passed on to nft through the ambient set (a non-root
 * guardian) or by root's rules, bounded by NO_NEW_PRIVS. */
static int
keep_netadmin(char *errbuf)
{
	capng_clear(CAPNG_SELECT_ALL);
	capng_update(CAPNG_ADD, CAPNG_EFFECTIVE | CAPNG_PERMITTED |
	    CAPNG_INHERITABLE | CAPNG_BOUNDING_SET, CAP_NET_ADMIN);
	capng_update(CAPNG_ADD, CAPNG_AMBIENT, CAP_NET_ADMIN);
	/* Bounds first, while CAP_SETPCAP may still be there; without it
	 * the bounding set stays, and NO_NEW_PRIVS does the job. */
	(void)capng_apply(CAPNG_SELECT_BOUNDS);
	if (capng_apply(CAPNG_SELECT_CAPS) != 0)
		return pkt_fail(errbuf, OPT " needs CAP_NET_ADMIN (to add an "
		    "nftables rule): cannot keep it");
	(void)capng_apply(CAPNG_SELECT_AMBIENT);
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return pkt_fail(errbuf, OPT ": prctl(PR_SET_NO_NEW_PRIVS): %s",
		    strerror(errno));
	return 0;
}

static int
mem_fd(const char *a, const char *b)
{
	int fd = memfd_create("pkt-rstguard", MFD_CLOEXEC);

	if (fd < 0)
		return -1;
	if (a != NULL)
		put_all(fd, a, strlen(a));
	if (b != NULL)
		put_all(fd, b, strlen(b));
	if (lseek(fd, 0, SEEK_SET) != 0) {
		close(fd);
		return -1;
	}
	return fd;
}

static size_t
slurp(int fd, char *buf, size_t size)
{
	size_t len = 0;
	ssize_t r;

	if (lseek(fd, 0, SEEK_SET) != 0)
		size = 1;
	while (len + 1 < size) {
		r = read(fd, buf + len, size - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		len += (size_t)r;
	}
	buf[len] = '\0';
	return len;
}

/* nft's complaint, made into errbuf. */
static void
nft_message(const char *err, int status, char *errbuf)
{
	char line[PKT_ERRBUF - 64];
	const char *p = strstr(err, "Error:"), *e;
	size_t n;

	if (p == NULL)
		for (p = err; *p == '\n' || *p == ' '; p++)
			continue;
	e = strchr(p, '\n');
	n = e != NULL ? (size_t)(e - p) : strlen(p);
	if (n >= sizeof line)
		n = sizeof line - 1;
	memcpy(line, p, n);
	line[n] = '\0';
	if (strstr(line, "Operation not permitted") != NULL)
		pkt_fail(errbuf, OPT " needs CAP_NET_ADMIN (to add an nftables "
		    "rule): nft: %s", line);
	else if (WIFEXITED(status) && WEXITSTATUS(status) == 127)
		pkt_fail(errbuf, OPT ": cannot run nft: %s", line);
	else if (n > 0)
		pkt_fail(errbuf, OPT ": nft: %s", line);
	else if (WIFSIGNALED(status))
		pkt_fail(errbuf, OPT ": nft killed by signal %d",
		    WTERMSIG(status));
	else
		pkt_fail(errbuf, OPT ": nft failed (exit %d)",
		    WEXITSTATUS(status));
}

/*
 * Run nft ARG... with input a then b on stdin (when a is not NULL); its
 * stdout into out (when not NULL).  Returns 0, or -1 with errbuf.
 */
static int
run_nft(const char *nft, const char *arg1, const char *arg2,
    const char *a, const char *b, char *out, size_t outsize, char *errbuf)
{
	static char errtext[4096];
	char *const argv[] = { (char *)(uintptr_t)"nft", (char *)(uintptr_t)arg1,
	    (char *)(uintptr_t)arg2, NULL };
	char *const envp[] = {
		(char *)(uintptr_t)"PATH=/usr/sbin:/usr/bin:/sbin:/bin",
		(char *)(uintptr_t)"LC_ALL=C", NULL };
	int in = -1, ofd, efd, status = 0;
	pid_t pid;

	if (a != NULL && (in = mem_fd(a, b)) < 0)
		return pkt_fail(errbuf, OPT ": memfd_create: %s",
		    strerror(errno));
	ofd = mem_fd(NULL, NULL);
	efd = mem_fd(NULL, NULL);
	if (ofd < 0 || efd < 0) {
		pkt_fail(errbuf, OPT ": memfd_create: %s", strerror(errno));
		goto fail;
	}
	if ((pid = fork()) < 0) {
		pkt_fail(errbuf, OPT ": fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0) {
		if (in >= 0)
			(void)dup2(in, 0);
		(void)dup2(ofd, 1);
		(void)dup2(efd, 2);
		execve(nft, argv, envp);
		dprintf(2, "%s: %s\n", nft, strerror(errno));
		_exit(127);
	}
	while (waitpid(pid, &status, 0) < 0)
		if (errno != EINTR) {
			pkt_fail(errbuf, OPT ": waitpid: %s", strerror(errno));
			goto fail;
		}
	if (out != NULL)
		slurp(ofd, out, outsize);
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		slurp(efd, errtext, sizeof errtext);
		nft_message(errtext, status, errbuf);
		goto fail;
	}
	if (in >= 0)
		close(in);
	close(ofd);
	close(efd);
	return 0;
fail:
	if (in >= 0)
		close(in);
	if (ofd >= 0)
		close(ofd);
	if (efd >= 0)
		close(efd);
	return -1;
}

/*
 * "add table inet pkt_rst_N / delete table ..." for each table pkt_rst_N
 * in family inet whose process N is gone (killed together with its
 * guardian).  Into buf; empty when there are none or nft cannot list.
 */
static void
stale_tables(const char *nft, pid_t tool, char *buf, size_t size)
{
	static char list[65536];
	char err[PKT_ERRBUF], fam[16], name[64], *line, *save = NULL;
	size_t len = 0;
	long pid;
	char *end;
	int w;

	buf[0] = '\0';
	if (run_nft(nft, "list", "tables", NULL, NULL, list, sizeof list,
	    err) < 0)
		return;
	for (line = strtok_r(list, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		if (sscanf(line, "table %15s %63s", fam, name) != 2 ||
		    strcmp(fam, "inet") != 0 ||
		    strncmp(name, "pkt_rst_", 8) != 0)
			continue;
		errno = 0;
		pid = strtol(name + 8, &end, 10);
		if (*end != '\0' || errno != 0 || pid <= 0 || pid > INT_MAX ||
		    pid == (long)tool)
			continue;
		if (kill((pid_t)pid, 0) == 0 || errno != ESRCH)
			continue;	/* still running (or not ours to see) */
		w = snprintf(buf + len, size - len,
		    "add table inet %s\ndelete table inet %s\n", name, name);
		if (w < 0 || (size_t)w >= size - len)
			break;		/* the rest next time */
		len += (size_t)w;
	}
}

static void
guardian_signals(void)
{
	static const int ignore[] = { SIGINT, SIGTERM, SIGHUP, SIGQUIT,
	    SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2 };
	struct sigaction sa, old;
	sigset_t none;
	size_t i;
	int s;

	/* The tool's handlers mean nothing here. */
	memset(&sa, 0, sizeof sa);
	sigemptyset(&sa.sa_mask);
	for (s = 1; s < NSIG; s++) {
		if (sigaction(s, NULL, &old) != 0)
			continue;
		if ((old.sa_flags & SA_SIGINFO) ||
		    (old.sa_handler != SIG_DFL && old.sa_handler != SIG_IGN)) {
			sa.sa_handler = SIG_DFL;
			(void)sigaction(s, &sa, NULL);
		}
	}
	sa.sa_handler = SIG_IGN;
	for (i = 0; i < sizeof ignore / sizeof ignore[0]; i++)
		(void)sigaction(ignore[i], &sa, NULL);
	sigemptyset(&none);
	(void)sigprocmask(SIG_SETMASK, &none, NULL);
}

static void PKT_NORETURN
guardian(const char *nft, const char *table, const char *script, int holdfd,
    int reportfd, pid_t tool)
{
	static char stale[16384];
	char errbuf[PKT_ERRBUF], cleanup[160], c;
	ssize_t r;
	int fd;

	guardian_signals();
	(void)prctl(PR_SET_NAME, "pkt-rstguard", 0, 0, 0);
	/* Nobody waits for our stdin or stdout; stderr stays, for a message
	 * when the tool is gone. */
	if ((fd = open("/dev/null", O_RDWR | O_CLOEXEC)) >= 0) {
		(void)dup2(fd, 0);
		(void)dup2(fd, 1);
		if (fd > 2)
			close(fd);
	}
	close_others(holdfd, reportfd);
	if (keep_netadmin(errbuf) < 0) {
		report(reportfd, 'E', errbuf);
		_exit(1);
	}

	stale_tables(nft, tool, stale, sizeof stale);
	if (run_nft(nft, "-f", "-", stale, script, NULL, 0, errbuf) < 0) {
		report(reportfd, 'E', errbuf);
		_exit(1);
	}
	report(reportfd, 'K', NULL);

	/* Only the tool holds the write end: EOF when it stops the guard or
	 * exits, however it ends. */
	for (;;) {
		r = read(holdfd, &c, 1);
		if (r == 0 || (r < 0 && errno != EINTR))
			break;
	}
	close(holdfd);

	snprintf(cleanup, sizeof cleanup,
	    "add table inet %s\ndelete table inet %s\n", table, table);
	if (run_nft(nft, "-f", "-", cleanup, NULL, NULL, 0, errbuf) < 0) {
		char msg[PKT_ERRBUF + 160];

		snprintf(msg, sizeof msg, "cannot remove nftables table inet "
		    "%s (remove it with: nft delete table inet %s): %s",
		    table, table, errbuf);
		if (!report(reportfd, 'W', msg))
			dprintf(2, "%s: %s\n", pkt_getprogname(), msg);
		_exit(1);
	}
	report(reportfd, 'D', NULL);
	_exit(0);
}

/* ---- the tool's side ---- */

/* One record from the guardian into buf (without the '\n'), waiting up to
 * ms milliseconds (-1: forever).  Returns 1, 0 at EOF, -1 on timeout or
 * error. */
static int
read_record(int fd, char *buf, size_t size, int ms)
{
	struct pollfd pfd = { .fd = fd, .events = POLLIN, .revents = 0 };
	double deadline = 0;
	size_t len = 0;
	ssize_t r;
	int left = ms, pr;
	struct timespec ts;

	if (ms >= 0) {
		clock_gettime(CLOCK_MONOTONIC, &ts);
		deadline = (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6 + ms;
	}
	buf[0] = '\0';
	for (;;) {
		if (ms >= 0) {
			clock_gettime(CLOCK_MONOTONIC, &ts);
			left = (int)(deadline - ((double)ts.tv_sec * 1e3 +
			    (double)ts.tv_nsec / 1e6));
			if (left < 0)
				left = 0;
		}
		pr = poll(&pfd, 1, left);
		if (pr < 0 && errno == EINTR)
			continue;
		if (pr <= 0)
			return -1;
		r = read(fd, buf + len, size - 1 - len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			return len > 0 ? 1 : 0;
		len += (size_t)r;
		buf[len] = '\0';
		if (memchr(buf, '\n', len) != NULL || len + 1 >= size) {
			buf[strcspn(buf, "\n")] = '\0';
			return 1;
		}
	}
}

static void
reap(pid_t pid, int block)
{
	int status;

	while (waitpid(pid, &status, block ? 0 : WNOHANG) < 0 &&
	    errno == EINTR)
		continue;
}

static void
stop_at_exit(void)
{
	pkt_rstguard_stop(&guard);
}

struct pkt_rstguard *
pkt_rstguard_start(const struct pkt_rstrule *rules, size_t n, char *errbuf)
{
	char table[32], rec[PKT_ERRBUF + 8], *script;
	struct pkt_rstrule *r;
	int hold[2], rep[2];
	const char *nft;
	size_t i;
	pid_t pid;

	if (guard.used) {
		pkt_fail(errbuf, OPT ": the guard is already active");
		return NULL;
	}
	for (i = 0; i < n; i++)
		if (rules[i].family != 4 && rules[i].family != 6) {
			pkt_fail(errbuf, OPT ": probe %zu: address family %d "
			    "(must be 4 or 6)", i + 1, rules[i].family);
			return NULL;
		}
	if (n == 0) {
		guard.used = 1;
		guard.active = 0;
		return &guard;
	}
	if ((nft = find_nft()) == NULL) {
		pkt_fail(errbuf, OPT " needs nft(8), which is not installed "
		    "(looked in /usr/sbin and /sbin): install nftables "
		    "(apt install nftables), or leave out " OPT);
		return NULL;
	}
	if (check_netadmin(errbuf) < 0)
		return NULL;

	/* Normalized, sorted copies: unused address bytes are zero, so
	 * duplicates sit side by side and are written once. */
	r = calloc(n, sizeof *r);
	if (r == NULL) {
		pkt_fail(errbuf, OPT ": out of memory");
		return NULL;
	}
	for (i = 0; i < n; i++) {
		r[i].family = rules[i].family;
		memcpy(r[i].src, rules[i].src, rules[i].family == 4 ? 4 : 16);
		memcpy(r[i].dst, rules[i].dst, rules[i].family == 4 ? 4 : 16);
		r[i].sport = rules[i].sport;
		r[i].dport = rules[i].dport;
	}
	qsort(r, n, sizeof *r, rule_cmp);
	pid = getpid();
	table_name(table, sizeof table, (long)pid);
	script = build_script(table, r, n);
	free(r);
	if (script == NULL) {
		pkt_fail(errbuf, OPT ": out of memory");
		return NULL;
	}

	if (pipe2(hold, O_CLOEXEC) != 0) {
		pkt_fail(errbuf, OPT ": pipe: %s", strerror(errno));
		free(script);
		return NULL;
	}
	if (pipe2(rep, O_CLOEXEC) != 0) {
		pkt_fail(errbuf, OPT ": pipe: %s", strerror(errno));
		close(hold[0]);
		close(hold[1]);
		free(script);
		return NULL;
	}
	/* The guardian leaves only through _exit: nothing buffered is
	 * written twice, so no fflush here. */
	guard.child = fork();
	if (guard.child < 0) {
		pkt_fail(errbuf, OPT ": fork: %s", strerror(errno));
		close(hold[0]);
		close(hold[1]);
		close(rep[0]);
		close(rep[1]);
		free(script);
		return NULL;
	}
	if (guard.child == 0) {
		close(hold[1]);
		close(rep[0]);
		guardian(nft, table, script, hold[0], rep[1], pid);
	}
	free(script);
	close(hold[0]);
	close(rep[1]);

	switch (read_record(rep[0], rec, sizeof rec, -1)) {
	case 1:
		if (rec[0] == 'K')
			break;
		pkt_fail(errbuf, "%s", rec[0] == 'E' ? rec + 1 :
		    OPT ": the guardian process failed");
		goto fail;
	default:
		pkt_fail(errbuf, OPT ": the guardian process died before "
		    "installing the rule");
		goto fail;
	}
	guard.used = 1;
	guard.active = 1;
	guard.owner = pid;
	guard.holdfd = hold[1];
	guard.reportfd = rep[0];
	if (!atexit_done && atexit(stop_at_exit) == 0)
		atexit_done = 1;
	return &guard;
fail:
	close(hold[1]);
	close(rep[0]);
	reap(guard.child, 1);
	guard.child = 0;
	return NULL;
}

void
pkt_rstguard_stop(struct pkt_rstguard *g)
{
	char rec[PKT_ERRBUF + 80];
	int got;

	if (g == NULL || !g->used)
		return;
	g->used = 0;
	if (!g->active)
		return;
	g->active = 0;
	close(g->holdfd);
	g->holdfd = -1;
	if (getpid() != g->owner) {
		/* A forked child of the tool: its copy of the pipe only. */
		close(g->reportfd);
		g->reportfd = -1;
		return;
	}
	got = read_record(g->reportfd, rec, sizeof rec, STOP_WAIT_MS);
	close(g->reportfd);
	g->reportfd = -1;
	if (got == 1 && rec[0] == 'W')
		pkt_warnx("%s", rec + 1);
	else if (got < 0)
		pkt_warnx(OPT ": the guardian process (pid %ld) did not report "
		    "removing its nftables table in time; check with: "
		    "nft list tables", (long)g->child);
	/* Reaped unless it is still busy; then init reaps it after we exit. */
	reap(g->child, got >= 0);
	g->child = 0;
}
