/* test_priv.c: common/priv.c: the message without CAP_NET_RAW, and, as
 * root, that pkt_priv_drop leaves no capability and no raw socket.  The
 * checks that change credentials run in forked children. */
#include <errno.h>
#include <inttypes.h>
#include <netinet/in.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cap-ng.h>

#include "err.h"
#include "priv.h"
#include "unit.h"



static int
status_caps(const char *name, uint64_t *v)
{
	char line[256];
	FILE *fp = fopen("/proc/self/status", "r");
	int found = 0;

	if (fp == NULL)
		return -1;
	while (!found && fgets(line, sizeof line, fp) != NULL)
		if (strncmp(line, name, strlen(name)) == 0 &&
		    line[strlen(name)] == ':')
			found = sscanf(line + strlen(name) + 1, "%" SCNx64, v) == 1;
	fclose(fp);
	return found ? 0 : -1;
}

/* Run fn in a child, which reports its check counts through a pipe. */
static void
in_child(void (*fn)(void))
{
	int fds[2], counts[2] = { 0, 0 }, status;
	pid_t pid;

	fflush(stdout);
	if (pipe(fds) != 0 || (pid = fork()) < 0) {
		perror("fork");
		exit(2);
	}
	if (pid == 0) {
		close(fds[0]);
		checks = failures = 0;
		fn();
		counts[0] = checks;
		counts[1] = failures;
		if (write(fds[1], counts, sizeof counts) != sizeof counts)
			_exit(3);
		fflush(stdout);
		_exit(0);	/* no LSan pass without capabilities */
	}
	close(fds[1]);
	if (read(fds[0], counts, sizeof counts) != sizeof counts)
		counts[0] = counts[1] = 0;
	close(fds[0]);
	checks += counts[0];
	failures += counts[1];
	CHECK(waitpid(pid, &status, 0) == pid && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0, "child died (status %#x)", status);
}

/* The message a user without CAP_NET_RAW gets. */
static void
check_message(const char *errbuf)
{
	static const char want[] = "sending needs CAP_NET_RAW: run as root, "
	    "or grant it once with: sudo setcap cap_net_raw,cap_net_admin=ep ";
	char exe[1024];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);

	CHECK(strncmp(errbuf, want, sizeof want - 1) == 0, "message: '%s'",
	    errbuf);
	if (n > 0) {
		exe[n] = '\0';
		CHECK(strstr(errbuf, exe) != NULL, "no path %s in '%s'", exe,
		    errbuf);
	}
}

/* As root (or with CAP_NET_RAW): check, open, drop, verify. */
static void
root_drop(void)
{
	char errbuf[PKT_ERRBUF] = "";
	uint64_t eff = 1, prm = 1;
	uid_t uid = getuid(), euid = geteuid();
	int before, after, pkt;

	CHECK(pkt_priv_check("sending", errbuf) == 0, "root check: '%s'",
	    errbuf);
	before = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	CHECK(before >= 0, "raw socket as root: %s", strerror(errno));

	CHECK(pkt_priv_drop(errbuf) == 0, "drop: '%s'", errbuf);
	CHECK(status_caps("CapEff", &eff) == 0 && eff == 0,
	    "CapEff %016" PRIx64, eff);
	CHECK(status_caps("CapPrm", &prm) == 0 && prm == 0,
	    "CapPrm %016" PRIx64, prm);
	CHECK(getuid() == uid && geteuid() == euid, "uid changed");
	CHECK(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1, "no_new_privs");

	errno = 0;
	after = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	CHECK(after < 0 && errno == EPERM, "raw socket after drop: fd %d, %s",
	    after, strerror(errno));
	errno = 0;
	pkt = socket(AF_PACKET, SOCK_RAW, 0);
	CHECK(pkt < 0 && errno == EPERM, "packet socket after drop: fd %d, %s",
	    pkt, strerror(errno));
	/* What was opened before still works. */
	if (before >= 0) {
		int ttl = 7;

		CHECK(setsockopt(before, IPPROTO_IP, IP_TTL, &ttl,
		    sizeof ttl) == 0, "old socket: %s", strerror(errno));
		close(before);
	}

	errbuf[0] = '\0';
	CHECK(pkt_priv_check("sending", errbuf) == -1 &&
	    strstr(errbuf, "sending needs CAP_NET_RAW") != NULL,
	    "check after drop: '%s'", errbuf);
	CHECK(pkt_priv_drop(errbuf) == 0, "drop twice: '%s'", errbuf);
}

/* CAP_NET_RAW permitted but not effective: pkt_priv_check raises it. */
static void
raise_permitted(void)
{
	char errbuf[PKT_ERRBUF] = "";
	uint64_t eff = 0;
	int fd;

	CHECK(capng_get_caps_process() == 0, "capng_get_caps_process");
	capng_update(CAPNG_DROP, CAPNG_EFFECTIVE, CAP_NET_RAW);
	CHECK(capng_apply(CAPNG_SELECT_CAPS) == 0, "lower CAP_NET_RAW");
	CHECK(status_caps("CapEff", &eff) == 0 && (eff & (1u << 13)) == 0,
	    "CapEff %016" PRIx64 " still has CAP_NET_RAW", eff);
	CHECK(pkt_priv_check("sending", errbuf) == 0, "raise: '%s'", errbuf);
	CHECK(status_caps("CapEff", &eff) == 0 && (eff & (1u << 13)) != 0,
	    "CapEff %016" PRIx64 " lacks CAP_NET_RAW", eff);
	fd = socket(AF_INET, SOCK_RAW, IPPROTO_ICMP);
	CHECK(fd >= 0, "raw socket after raise: %s", strerror(errno));
	if (fd >= 0)
		close(fd);
}

/* A user without capabilities: root turned nobody. */
static void
unprivileged(void)
{
	char errbuf[PKT_ERRBUF] = "";
	uint64_t eff = 1;

	if (geteuid() == 0 && setresuid(65534, 65534, 65534) != 0) {
		CHECK(0, "setresuid: %s", strerror(errno));
		return;
	}
	CHECK(pkt_priv_check("sending", errbuf) == -1, "check as uid %u",
	    (unsigned)geteuid());
	check_message(errbuf);
	CHECK(pkt_priv_drop(errbuf) == 0, "drop without caps: '%s'", errbuf);
	CHECK(status_caps("CapEff", &eff) == 0 && eff == 0,
	    "CapEff %016" PRIx64, eff);
}

int
main(void)
{
	uint64_t eff = 0;

	pkt_setprogname("test_priv");
	if (geteuid() == 0) {
		in_child(root_drop);
		in_child(raise_permitted);
		in_child(unprivileged);
	} else if (status_caps("CapEff", &eff) == 0 &&
	    (eff & (1u << 13)) == 0) {		/* no CAP_NET_RAW */
		in_child(unprivileged);
	} else {
		printf("# CAP_NET_RAW held without root: drop checked only\n");
		in_child(root_drop);
	}
	if (failures)
		printf("FAILED %d of %d checks\n", failures, checks);
	else
		printf("ok %d checks\n", checks);
	return failures != 0;
}
