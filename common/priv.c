/* priv.c: capabilities: check before opening raw sockets, drop them all
 * right after (libcap-ng).  Modelled on tcpdump's capng_* calls: open
 * first, then drop before parsing a byte. */
#include "priv.h"

#include <cap-ng.h>
#include <errno.h>
#include <inttypes.h>
#include <linux/capability.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
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

/* The effective and permitted sets, from capget(2): no /proc/PID/status
 * to read and parse (libcap-ng reads it twice per look, ~50 us each). */
static int
get_caps(uint64_t *eff, uint64_t *prm)
{
	struct __user_cap_header_struct h = { _LINUX_CAPABILITY_VERSION_3, 0 };
	struct __user_cap_data_struct d[2];

	memset(d, 0, sizeof(d));
	if (syscall(SYS_capget, &h, d) != 0)
		return -1;
	*eff = (uint64_t)d[1].effective << 32 | d[0].effective;
	*prm = (uint64_t)d[1].permitted << 32 | d[0].permitted;
	return 0;
}

int
pkt_priv_check(const char *what, char *errbuf)
{
	char exe[256];
	uint64_t eff, prm;

	if (get_caps(&eff, &prm) == 0) {
		if (eff & (UINT64_C(1) << CAP_NET_RAW))
			return 0;
		/* Permitted but not effective (setcap cap_net_raw=p, or a
		 * wrapper that lowered it): raise what we need. */
		if ((prm & (UINT64_C(1) << CAP_NET_RAW)) &&
		    capng_get_caps_process() == 0) {
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

int
pkt_priv_drop(char *errbuf)
{
	uint64_t eff = 0, prm = 0;

	/* No execve from here on (dot, a shell) may gain privileges, even
	 * as uid 0 and with the bounding set left full. */
	if (prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) != 0)
		return pkt_fail(errbuf, "prctl(PR_SET_NO_NEW_PRIVS): %s",
		    strerror(errno));
	/* The bounding set is left alone: with NO_NEW_PRIVS no execve can
	 * gain a capability from it, and dropping its 41 one by one costs a
	 * credential commit each (priv.h). */
	capng_clear(CAPNG_SELECT_CAPS);
	if (capng_apply(CAPNG_SELECT_CAPS) != 0)
		return pkt_fail(errbuf, "cannot drop capabilities: capng_apply "
		    "failed");
	/* Clearing permitted already empties the ambient set. */
	(void)prctl(PR_CAP_AMBIENT, PR_CAP_AMBIENT_CLEAR_ALL, 0, 0, 0);
	if (get_caps(&eff, &prm) != 0)
		return pkt_fail(errbuf, "capget: %s", strerror(errno));
	if (eff != 0 || prm != 0)
		return pkt_fail(errbuf, "capabilities still held after dropping "
		    "them (CapEff %016" PRIx64 ", CapPrm %016" PRIx64 ")",
		    eff, prm);
	return 0;
}
