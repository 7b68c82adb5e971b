/* rstguard.c: --block-rst: an nftables table that drops the kernel's TCP
 * resets for the tool's probes, removed on every exit path by a guardian
 * process that keeps CAP_NET_ADMIN after the tool has dropped everything.
 *
 * The guardian is forked by pkt_rstguard_start, before the tool drops its
 * capabilities.  It keeps CAP_NET_ADMIN alone (and PR_SET_NO_NEW_PRIVS),
 * runs nft(8) from /usr/sbin or /sbin with a clean environment, names its
 * table after its own pid (so that a table is live exactly as long as a
 * process named pkt-rstguard has that pid), reports on the "report" pipe,
 * then reads the "hold" socket (SOCK_SEQPACKET), whose other end only the
 * tool holds (close-on-exec).  Each message on it is an array of struct
 * pkt_rstrule to add to the sets (pkt_rstguard_add); a read of 0 is EOF,
 * when the tool calls pkt_rstguard_stop or exits in any way at all,
 * SIGKILL included.  Then the guardian waits out the hold, if any, unless
 * a SIGTERM came (it keeps SIGTERM blocked, so one that comes while the
 * tool runs stays pending), deletes the table, reports, and exits.
 *
 * Report records, one write each: "K\n" installed or added, "E<message>\n"
 * failed (at start the guardian then exits), and after the hold socket's
 * EOF "H\n" holding (the pipe is closed after it), "D\n" removed or
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
#include <sys/socket.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "layers/ip.h"
#include "layers/ipv6.h"
#include "layers/tcp.h"
#include "pkt.h"
#include "send.h"
#include "util.h"

#define OPT		"--block-rst"
#define STOP_WAIT_MS	10000
#define ADD_MAX		128	/* rules per message on the hold socket */
#define GUARD_NAME	"pkt-rstguard"

struct pkt_rstguard {
	int	used;		/* returned by start, not yet stopped */
	int	active;		/* a guardian runs (0: nothing to guard) */
	pid_t	owner;		/* the tool */
	pid_t	child;		/* the guardian */
	int	holdfd;		/* the tool's end: rules in; EOF ends it */
	int	reportfd;	/* read end of the guardian's reports */
	double	hold;		/* seconds the table stays after the tool */
	struct pkt_rstrule *have;	/* guarded, normalized and sorted */
	size_t	nhave, caphave;
};

/* One guard per process: static, so that stop can be called twice. */
static struct pkt_rstguard guard = { 0, 0, 0, 0, -1, -1, 0, NULL, 0, 0 };
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

/* r as rule_cmp compares it: the unused address bytes zero (r may be
 * from). */
static void
rule_norm(struct pkt_rstrule *r, const struct pkt_rstrule *from)
{
	struct pkt_rstrule t;
	size_t alen = from->family == 4 ? 4 : 16;

	memset(&t, 0, sizeof t);
	t.family = from->family;
	memcpy(t.src, from->src, alen);
	memcpy(t.dst, from->dst, alen);
	t.sport = from->sport;
	t.dport = from->dport;
	*r = t;
}

static int
check_families(const struct pkt_rstrule *r, size_t n, char *errbuf)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (r[i].family != 4 && r[i].family != 6)
			return pkt_fail(errbuf, OPT ": probe %zu: address family "
			    "%d (must be 4 or 6)", i + 1, r[i].family);
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

/* Close an open_memstream: its text, or NULL (freed) if a write failed. */
static char *
memstream_end(FILE *fp, char **bufp)
{
	int bad = ferror(fp);

	fclose(fp);		/* sets *bufp */
	if (!bad)
		return *bufp;
	free(*bufp);
	return NULL;
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
	/* Both sets and both rules always: pkt_rstguard_add may bring
	 * either family later. */
	fprintf(fp, "add table inet %s\ndelete table inet %s\n"
	    "table inet %s {\n", table, table, table);
	for (j = 0; j < 2; j++) {
		fprintf(fp, "\tset v%d {\n\t\ttype %s . %s . inet_service . "
		    "inet_service\n", fam[j].family, fam[j].type, fam[j].type);
		if (have[j]) {
			fprintf(fp, "\t\telements = {\n");
			put_elements(fp, r, n, fam[j].family);
			fprintf(fp, "\n\t\t}\n");
		}
		fprintf(fp, "\t}\n");
	}
	fprintf(fp, "\tchain out {\n\t\ttype filter hook output priority -300; "
	    "policy accept;\n");
	for (j = 0; j < 2; j++)
		fprintf(fp, "\t\tmeta mark != 0x%x tcp flags & rst != 0 "
		    "%s saddr . %s daddr . tcp sport . tcp dport @v%d "
		    "counter drop\n", (unsigned)PKT_SOCKET_MARK,
		    fam[j].l3, fam[j].l3, fam[j].family);
	fprintf(fp, "\t}\n}\n");
	return memstream_end(fp, &buf);
}

/* "add element" commands for sorted, distinct rules r; malloc'd, or
 * NULL. */
static char *
add_script(const char *table, const struct pkt_rstrule *r, size_t n)
{
	char *buf = NULL;
	size_t len = 0, i;
	int family;
	FILE *fp;

	if ((fp = open_memstream(&buf, &len)) == NULL)
		return NULL;
	for (family = 4; family <= 6; family += 2) {
		for (i = 0; i < n && r[i].family != family; i++)
			continue;
		if (i == n)
			continue;
		fprintf(fp, "add element inet %s v%d {\n", table, family);
		put_elements(fp, r, n, family);
		fprintf(fp, "\n}\n");
	}
	return memstream_end(fp, &buf);
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
		sigset_t none;

		/* The guardian keeps SIGTERM blocked; nft need not. */
		sigemptyset(&none);
		(void)sigprocmask(SIG_SETMASK, &none, NULL);
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

/* Whether pid is a live guardian (of any tool): /proc/PID/stat names it
 * pkt-rstguard and it is no zombie (a guardian killed with its tool may
 * wait a while to be reaped).  One that exists but cannot be read counts
 * as live: its table is left alone. */
static int
is_guardian(long pid)
{
	char path[64], st[256], *p;
	int fd;
	ssize_t r;

	snprintf(path, sizeof path, "/proc/%ld/stat", pid);
	if ((fd = open(path, O_RDONLY | O_CLOEXEC)) < 0)
		return errno != ENOENT && errno != ESRCH;
	r = read(fd, st, sizeof st - 1);
	close(fd);
	if (r < 0)
		return errno != ESRCH;
	st[r] = '\0';
	/* "PID (COMM) STATE ...": COMM may hold anything, so the last ')' */
	if ((p = strrchr(st, ')')) == NULL || p[1] != ' ')
		return 1;
	if (p[2] == 'Z' || p[2] == 'X' || p[2] == 'x')
		return 0;
	*p = '\0';
	return (p = strchr(st, '(')) != NULL && strcmp(p + 1, GUARD_NAME) == 0;
}

/*
 * "add table inet pkt_rst_N / delete table ..." for each table pkt_rst_N
 * in family inet whose guardian N is gone (killed, or its removal
 * failed), but not ours (self).  Into buf; empty when there are none or
 * nft cannot list.
 */
static void
stale_tables(const char *nft, pid_t self, char *buf, size_t size)
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
		    pid == (long)self || is_guardian(pid))
			continue;
		w = snprintf(buf + len, size - len,
		    "add table inet %s\ndelete table inet %s\n", name, name);
		if (w < 0 || (size_t)w >= size - len)
			break;		/* the rest next time */
		len += (size_t)w;
	}
}

/* SIGTERM stays blocked (at the default action): the guardian reads
 * it as pending (term_pending, sigtimedwait) and never dies of it. */
static void
guardian_signals(void)
{
	static const int ignore[] = { SIGINT, SIGHUP, SIGQUIT,
	    SIGPIPE, SIGTSTP, SIGTTIN, SIGTTOU, SIGUSR1, SIGUSR2 };
	struct sigaction sa, old;
	sigset_t term;
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
	sa.sa_handler = SIG_DFL;	/* SIG_IGN would discard it */
	(void)sigaction(SIGTERM, &sa, NULL);
	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	(void)sigprocmask(SIG_SETMASK, &term, NULL);
}

static int
term_pending(void)
{
	sigset_t set;

	return sigpending(&set) == 0 && sigismember(&set, SIGTERM);
}

/* Wait secs, or until a SIGTERM (pending already, or to come). */
static void
hold_for(double secs)
{
	struct timespec now, ts;
	sigset_t term;
	double end, left;

	sigemptyset(&term);
	sigaddset(&term, SIGTERM);
	clock_gettime(CLOCK_MONOTONIC, &now);
	end = (double)now.tv_sec + (double)now.tv_nsec / 1e9 + secs;
	for (;;) {
		clock_gettime(CLOCK_MONOTONIC, &now);
		left = end - ((double)now.tv_sec + (double)now.tv_nsec / 1e9);
		if (left <= 0)
			return;
		ts.tv_sec = (time_t)left;
		ts.tv_nsec = (long)((left - (double)ts.tv_sec) * 1e9);
		if (sigtimedwait(&term, NULL, &ts) == SIGTERM)
			return;
		if (errno == EAGAIN)
			return;		/* the time is up */
	}
}

/* Rules from the tool (pkt_rstguard_add): nft adds them to the sets. */
static void
guardian_add(const char *nft, const char *table, struct pkt_rstrule *r,
    size_t n, int reportfd)
{
	char errbuf[PKT_ERRBUF], *script;
	size_t i;

	for (i = 0; i < n; i++)
		rule_norm(&r[i], &r[i]);
	if (check_families(r, n, errbuf) < 0) {
		report(reportfd, 'E', errbuf);
		return;
	}
	qsort(r, n, sizeof *r, rule_cmp);
	if ((script = add_script(table, r, n)) == NULL) {
		report(reportfd, 'E', OPT ": out of memory");
		return;
	}
	if (run_nft(nft, "-f", "-", script, NULL, NULL, 0, errbuf) < 0)
		report(reportfd, 'E', errbuf);
	else
		report(reportfd, 'K', NULL);
	free(script);
}

static void PKT_NORETURN
guardian(const char *nft, const struct pkt_rstrule *rules, size_t n,
    double hold, int holdfd, int reportfd)
{
	static char stale[16384];
	static struct pkt_rstrule msg[ADD_MAX];
	char errbuf[PKT_ERRBUF], table[32], cleanup[160], *script;
	ssize_t r;
	int fd;

	guardian_signals();
	(void)prctl(PR_SET_NAME, GUARD_NAME, 0, 0, 0);
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

	/* Named after us: the table lives as long as this process. */
	table_name(table, sizeof table, (long)getpid());
	if ((script = build_script(table, rules, n)) == NULL) {
		report(reportfd, 'E', OPT ": out of memory");
		_exit(1);
	}
	stale_tables(nft, getpid(), stale, sizeof stale);
	if (run_nft(nft, "-f", "-", stale, script, NULL, 0, errbuf) < 0) {
		report(reportfd, 'E', errbuf);
		_exit(1);
	}
	free(script);
	report(reportfd, 'K', NULL);

	/* Only the tool holds the other end: EOF when it stops the guard or
	 * exits, however it ends.  Until then, rules to add. */
	for (;;) {
		r = recv(holdfd, msg, sizeof msg, 0);
		if (r == 0 || (r < 0 && errno != EINTR))
			break;
		if (r < 0)
			continue;
		if ((size_t)r % sizeof msg[0] != 0)
			report(reportfd, 'E', OPT ": a bad message from the tool");
		else
			guardian_add(nft, table, msg, (size_t)r / sizeof msg[0],
			    reportfd);
	}
	close(holdfd);

	if (hold > 0 && !term_pending()) {
		/* The tool goes on (or is gone): leave its pipes, its
		 * directory and its session. */
		report(reportfd, 'H', NULL);
		close(reportfd);
		reportfd = -1;
		if ((fd = open("/dev/null", O_WRONLY | O_CLOEXEC)) >= 0) {
			(void)dup2(fd, 2);
			if (fd > 2)
				close(fd);
		}
		(void)!chdir("/");
		(void)setsid();
		hold_for(hold);
	}

	snprintf(cleanup, sizeof cleanup,
	    "add table inet %s\ndelete table inet %s\n", table, table);
	if (run_nft(nft, "-f", "-", cleanup, NULL, NULL, 0, errbuf) < 0) {
		char m[PKT_ERRBUF + 160];

		snprintf(m, sizeof m, "cannot remove nftables table inet "
		    "%s (remove it with: nft delete table inet %s): %s",
		    table, table, errbuf);
		if (reportfd < 0 || !report(reportfd, 'W', m))
			dprintf(2, "%s: %s\n", pkt_getprogname(), m);
		_exit(1);
	}
	if (reportfd >= 0)
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

/* The guardian's "K" (0), else -1 with errbuf: its message, or why
 * none came within ms milliseconds (-1: forever). */
static int
await_ok(int fd, int ms, pid_t child, char *errbuf)
{
	char rec[PKT_ERRBUF + 8];

	switch (read_record(fd, rec, sizeof rec, ms)) {
	case 1:
		if (rec[0] == 'K')
			return 0;
		return pkt_fail(errbuf, "%s", rec[0] == 'E' ? rec + 1 :
		    OPT ": the guardian process failed");
	case 0:
		return pkt_fail(errbuf, OPT ": the guardian process (pid %ld) "
		    "ended before adding the rule", (long)child);
	default:
		return pkt_fail(errbuf, OPT ": the guardian process (pid %ld) "
		    "did not answer in time", (long)child);
	}
}

/* Whether a normalized rule is guarded already. */
static int
have_find(const struct pkt_rstguard *g, const struct pkt_rstrule *r)
{
	return g->nhave > 0 && bsearch(r, g->have, g->nhave, sizeof *g->have,
	    rule_cmp) != NULL;
}

/* Remember rules as guarded (sorted, distinct, none guarded yet): one
 * (pktsend's case, a packet at a time) goes in its place, more are
 * sorted in. */
static void
have_merge(struct pkt_rstguard *g, const struct pkt_rstrule *r, size_t n)
{
	size_t lo = 0, hi = g->nhave, mid;

	if (n == 0)
		return;
	if (g->nhave + n > g->caphave) {
		size_t cap = g->caphave ? g->caphave : 16;

		while (cap < g->nhave + n)
			cap *= 2;
		g->have = pkt_xreallocarray(g->have, cap, sizeof *g->have);
		g->caphave = cap;
	}
	if (n > 1) {
		memcpy(g->have + g->nhave, r, n * sizeof *r);
		g->nhave += n;
		qsort(g->have, g->nhave, sizeof *g->have, rule_cmp);
		return;
	}
	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (rule_cmp(&g->have[mid], r) < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	memmove(g->have + lo + 1, g->have + lo,
	    (g->nhave - lo) * sizeof *g->have);
	g->have[lo] = *r;
	g->nhave++;
}

static void
have_free(struct pkt_rstguard *g)
{
	free(g->have);
	g->have = NULL;
	g->nhave = g->caphave = 0;
}

struct pkt_rstguard *
pkt_rstguard_start(const struct pkt_rstrule *rules, size_t n, double hold,
    char *errbuf)
{
	struct pkt_rstrule *r;
	int hs[2], rep[2];
	const char *nft;
	size_t i, k;
	pid_t pid;

	if (guard.used) {
		pkt_fail(errbuf, OPT ": the guard is already active");
		return NULL;
	}
	if (check_families(rules, n, errbuf) < 0)
		return NULL;
	if ((nft = find_nft()) == NULL) {
		pkt_fail(errbuf, OPT " needs nft(8), which is not installed "
		    "(looked in /usr/sbin and /sbin): install nftables "
		    "(apt install nftables), or leave out " OPT);
		return NULL;
	}
	if (check_netadmin(errbuf) < 0)
		return NULL;

	/* Normalized, sorted, distinct copies: unused address bytes are
	 * zero, so duplicates sit side by side. */
	r = pkt_xcalloc(n ? n : 1, sizeof *r);
	for (i = 0; i < n; i++)
		rule_norm(&r[i], &rules[i]);
	qsort(r, n, sizeof *r, rule_cmp);
	for (i = k = 0; i < n; i++)
		if (k == 0 || rule_cmp(&r[k - 1], &r[i]) != 0)
			r[k++] = r[i];

	if (socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, hs) != 0) {
		pkt_fail(errbuf, OPT ": socketpair: %s", strerror(errno));
		free(r);
		return NULL;
	}
	if (pipe2(rep, O_CLOEXEC) != 0) {
		pkt_fail(errbuf, OPT ": pipe: %s", strerror(errno));
		close(hs[0]);
		close(hs[1]);
		free(r);
		return NULL;
	}
	pid = getpid();
	/* The guardian leaves only through _exit: nothing buffered is
	 * written twice, so no fflush here. */
	guard.child = fork();
	if (guard.child < 0) {
		pkt_fail(errbuf, OPT ": fork: %s", strerror(errno));
		close(hs[0]);
		close(hs[1]);
		close(rep[0]);
		close(rep[1]);
		free(r);
		return NULL;
	}
	if (guard.child == 0) {
		close(hs[1]);
		close(rep[0]);
		guardian(nft, r, k, hold, hs[0], rep[1]);
	}
	close(hs[0]);
	close(rep[1]);

	if (await_ok(rep[0], -1, guard.child, errbuf) < 0)
		goto fail;
	guard.used = 1;
	guard.active = 1;
	guard.owner = pid;
	guard.holdfd = hs[1];
	guard.hold = hold;
	guard.reportfd = rep[0];
	have_free(&guard);
	have_merge(&guard, r, k);
	free(r);
	if (!atexit_done && atexit(stop_at_exit) == 0)
		atexit_done = 1;
	return &guard;
fail:
	free(r);
	close(hs[1]);
	close(rep[0]);
	reap(guard.child, 1);
	guard.child = 0;
	return NULL;
}

int
pkt_rstguard_add(struct pkt_rstguard *g, const struct pkt_rstrule *rules,
    size_t n, char *errbuf)
{
	struct pkt_rstrule *r;
	size_t i, k, off, m;
	ssize_t w;

	if (g == NULL || !g->used || !g->active || getpid() != g->owner)
		return pkt_fail(errbuf, OPT ": no guard is active");
	if (check_families(rules, n, errbuf) < 0)
		return -1;
	/* Only what is not guarded yet, once each. */
	r = pkt_xcalloc(n ? n : 1, sizeof *r);
	for (i = k = 0; i < n; i++) {
		rule_norm(&r[k], &rules[i]);
		if (!have_find(g, &r[k]))
			k++;
	}
	qsort(r, k, sizeof *r, rule_cmp);
	for (i = m = 0; i < k; i++)
		if (m == 0 || rule_cmp(&r[m - 1], &r[i]) != 0)
			r[m++] = r[i];
	for (off = 0; off < m; off += ADD_MAX) {
		size_t cnt = m - off < ADD_MAX ? m - off : ADD_MAX;

		do
			w = send(g->holdfd, r + off, cnt * sizeof *r,
			    MSG_NOSIGNAL);
		while (w < 0 && errno == EINTR);
		if (w < 0 || (size_t)w != cnt * sizeof *r) {
			pkt_fail(errbuf, OPT ": the guardian process (pid %ld) "
			    "is gone: %s", (long)g->child,
			    w < 0 ? strerror(errno) : "short write");
			goto fail;
		}
		if (await_ok(g->reportfd, STOP_WAIT_MS, g->child, errbuf) < 0)
			goto fail;
		have_merge(g, r + off, cnt);
	}
	free(r);
	return 0;
fail:
	free(r);
	return -1;
}

int
pkt_rstguard_rule(const struct pkt_pkt *p, struct pkt_rstrule *r)
{
	const struct pkt_li *l3;
	size_t j;
	int a, b;

	for (j = 0; j < p->n; j++)
		if (p->li[j].l == &pkt_layer_tcp && !p->li[j].quoted)
			break;
	if (j == p->n)
		return 0;
	a = pkt_find_below(p, j, &pkt_layer_ip);
	b = pkt_find_below(p, j, &pkt_layer_ipv6);
	if (a < 0 && b < 0)
		return 0;
	l3 = &p->li[a > b ? a : b];
	if (l3->quoted)
		return 0;
	memset(r, 0, sizeof *r);
	if (a > b) {
		r->family = 4;
		memcpy(r->src, l3->v[IP_F_SRC].a, 4);
		memcpy(r->dst, l3->v[IP_F_DST].a, 4);
	} else {
		r->family = 6;
		memcpy(r->src, l3->v[IPV6_F_SRC].a, 16);
		memcpy(r->dst, l3->v[IPV6_F_DST].a, 16);
	}
	r->sport = (uint16_t)pkt_li_u(&p->li[j], TCP_F_SPORT);
	r->dport = (uint16_t)pkt_li_u(&p->li[j], TCP_F_DPORT);
	return 1;
}

long
pkt_rstguard_pid(const struct pkt_rstguard *g)
{
	return g != NULL ? (long)g->child : 0;
}

void
pkt_rstguard_stop(struct pkt_rstguard *g)
{
	char rec[PKT_ERRBUF + 80];
	int got;

	if (g == NULL || !g->used)
		return;
	g->used = 0;
	have_free(g);
	if (!g->active)
		return;
	g->active = 0;
	close(g->holdfd);
	g->holdfd = -1;
	if (getpid() != g->owner) {
		/* A forked child of the tool: its copy of the socket only. */
		close(g->reportfd);
		g->reportfd = -1;
		return;
	}
	got = read_record(g->reportfd, rec, sizeof rec, STOP_WAIT_MS);
	close(g->reportfd);
	g->reportfd = -1;
	if (got == 1 && rec[0] == 'H') {
		/* It goes on alone: reaped by init once we have exited, or
		 * by a later stop. */
		pkt_info(0, OPT ": the rule stays in place for %g s more "
		    "(table inet pkt_rst_%ld); to remove it sooner: kill %ld",
		    g->hold, (long)g->child, (long)g->child);
		reap(g->child, 0);
		return;
	}
	if (got == 1 && rec[0] == 'W')
		pkt_warnx("%s", rec + 1);
	else if (got < 0)
		pkt_warnx(OPT ": the guardian process (pid %ld) did not report "
		    "removing its nftables table in time; check with: "
		    "nft list tables", (long)g->child);
	/* Reaped unless it is still busy; then init reaps it after we exit. */
	reap(g->child, got >= 0);
}
