/* priv.h: capabilities: check before opening raw sockets, drop them all
 * right after (libcap-ng). */
#ifndef PKT_PRIV_H
#define PKT_PRIV_H

/*
 * Whether this process may open raw sockets and capture: CAP_NET_RAW in the
 * effective set (root normally has it; root in a container that took it away
 * does not).  If CAP_NET_RAW is permitted but not effective (setcap =p), it
 * is raised.  "what" says what needs it, e.g. "sending".  Returns 0, or -1
 * with errbuf (PKT_ERRBUF bytes) like
 *	sending needs CAP_NET_RAW: run as root, or grant it once with:
 *	sudo setcap cap_net_raw,cap_net_admin=ep /usr/local/bin/pktsend
 * (the path of the running binary, from /proc/self/exe).  The caller adds
 * its name and exits PKT_EXIT_ERROR.
 */
int	pkt_priv_check(const char *what, char *errbuf);

/*
 * Drop every capability for good, once sockets and capture handles are
 * open and before the first received byte is parsed: effective, permitted,
 * inheritable and ambient sets.  Also sets PR_SET_NO_NEW_PRIVS, so no
 * later execve (dot, a shell) can gain privileges back, not even as uid 0
 * or through a setuid or file-capability program: that is why the
 * bounding set, which only limits what an execve could gain, is left as
 * it is (dropping it costs a credential commit per capability, ~3% of a
 * one-probe run).  The uid is not changed:
 * uid 0 stays uid 0, without capabilities.  Then checks with capget(2):
 * returns 0 only if CapEff and CapPrm are both 0, else -1 with errbuf.
 * Sockets opened before keep working; new raw sockets fail with EPERM.
 * Harmless (returns 0) without any capabilities to begin with.
 */
int	pkt_priv_drop(char *errbuf);

#endif
