/* priv.c: capabilities: check before opening raw sockets, drop them all
 * right after (libcap-ng).  Modelled on tcpdump's capng_* calls: open
 * first, then drop before parsing a byte. */
#include "priv.h"

#include <cap-ng.h>
#include <errno.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <unistd.h>

#include "err.h"

static void
copy(char *buf, size_t size, const char *s)
{
	size_t n = strlen(s);

	if (n >= size)
		n = size - 1;
	memcpy(buf, s, n);
	buf[n] = '\0';
}

/* The running binary, for the setcap hint; single-quoted for the shell
 * when it has characters a shell would take apart. */
static void
self_path(char *buf, size_t size)
{
	char exe[4096];
	ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
	const char *p;
	size_t o = 0;
	int plain = 1;

	if (n <= 0) {
		copy(buf, size, pkt_getprogname());
		return;
	}
	exe[n] = '\0';
	for (p = exe; *p != '\0'; p++)
		if (strchr("/._+-,=@%:", *p) == NULL &&
		    !(*p >= 'a' && *p <= 'z') && !(*p >= 'A' && *p <= 'Z') &&
		    !(*p >= '0' && *p <= '9'))
			plain = 0;
	if (plain) {
		copy(buf, size, exe);
		return;
	}
	buf[o++] = '\'';
	for (p = exe; *p != '\0' && o + 5 < size; p++) {
		if (*p == '\'') {
			memcpy(buf + o, "'\\''", 4);
			o += 4;
		} else
			buf[o++] = *p;
	}
	buf[o++] = '\'';
	buf[o] = '\0';
}

int
pkt_priv_check(const char *what, char *errbuf)
{
	char exe[256];

	if (capng_get_caps_process() == 0) {
		if (capng_have_capability(CAPNG_EFFECTIVE, CAP_NET_RAW))
			return 0;
		/* Permitted but not effective (setcap cap_net_raw=p, or a
		 * wrapper that lowered it): raise what we need. */
		if (capng_have_capability(CAPNG_PERMITTED, CAP_NET_RAW)) {
			capng_update(CAPNG_ADD, CAPNG_EFFECTIVE, CAP_NET_RAW);
			if (capng_have_capability(CAPNG_PERMITTED, CAP_NET_ADMIN))
				capng_update(CAPNG_ADD, CAPNG_EFFECTIVE,
				    CAP_NET_ADMIN);
			if (capng_apply(CAPNG_SELECT_CAPS) == 0)
				return 0;
		}
	} else if (geteuid() == 0) {
		return 0;	/* cannot tell: let the socket call decide */
	}
	if (geteuid() == 0)
		return pkt_fail(errbuf, "%s needs CAP_NET_RAW, which this process "
		    "lacks although it runs as root: run it where CAP_NET_RAW is "
		    "allowed (a container needs --cap-add=NET_RAW)", what);
	self_path(exe, sizeof exe);
	return pkt_fail(errbuf, "%s needs CAP_NET_RAW: run as root, or grant it "
	    "once with: sudo setcap cap_net_raw,cap_net_admin=ep %s", what, exe);
}

/* CapEff and CapPrm from /proc/self/status. */
static int
read_caps(uint64_t *eff, uint64_t *prm, char *errbuf)
{
	char line[256];
	FILE *fp;
	int found = 0;

	if ((fp = fopen("/proc/self/status", "re")) == NULL)
		return pkt_fail(errbuf, "/proc/self/status: %s", strerror(errno));
	while (fgets(line, sizeof line, fp) != NULL) {
		if (sscanf(line, "CapEff: %" SCNx64, eff) == 1)
			found |= 1;
		else if (sscanf(line, "CapPrm: %" SCNx64, prm) == 1)
			found |= 2;
	}
	fclose(fp);
	if (found != 3)
		return pkt_fail(errbuf, "/proc/self/status: no CapEff/CapPrm "
		    "lines");
	return 0;
}

int
pkt_priv_drop(char *errbuf)
{
	uint64_t eff = 0, prm = 0;

	/* No execve from here on (dot, a shell) may gain privileges, even
	 * as uid 0 and with the bounding set left full. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return pkt_fail(errbuf, "prctl(PR_SET_NO_NEW_PRIVS): %s",
		    strerror(errno));
	capng_clear(CAPNG_SELECT_ALL);
	/* The bounding set first, while CAP_SETPCAP may still be effective;
	 * without it this fails, and that is fine (see priv.h). */
	(void)capng_apply(CAPNG_SELECT_BOUNDS);
	if (capng_apply(CAPNG_SELECT_CAPS) != 0)
		return pkt_fail(errbuf, "cannot drop capabilities: capng_apply "
		    "failed");
	/* Clearing permitted already empties the ambient set. */
	(void)capng_apply(CAPNG_SELECT_AMBIENT);
	if (read_caps(&eff, &prm, errbuf) < 0)
		return -1;
	if (eff != 0 || prm != 0)
		return pkt_fail(errbuf, "capabilities still held after dropping "
		    "them (CapEff %016" PRIx64 ", CapPrm %016" PRIx64 ")",
		    eff, prm);
	return 0;
}
