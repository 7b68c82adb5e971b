/* rstguard.h: --block-rst: keep the kernel from resetting TCP connections
 * the tool opened by hand, with a narrow nftables rule set that lives as
 * long as the tool, however it ends. */
#ifndef PKT_RSTGUARD_H
#define PKT_RSTGUARD_H

#include <stddef.h>
#include <stdint.h>

/*
 * One probe: the kernel's RSTs from src:sport to dst:dport are dropped.
 * src is our own address, dst the target (the direction of the probe, and
 * of the RST the kernel would send in answer to the target's SYN-ACK).
 * family is 4 (src and dst in the first 4 bytes, network order) or 6;
 * ports in host order.
 */
struct pkt_rstrule {
	int	 family;		/* 4 or 6 */
	uint8_t	 src[16], dst[16];
	uint16_t sport, dport;
};

struct pkt_rstguard;

/*
 * Install a narrow nftables rule set, table "inet pkt_rst_<our pid>", that
 * drops outgoing TCP segments with RST set from src:sport to dst:dport of
 * the given probes (only those addresses and ports; duplicates are fine),
 * except packets carrying PKT_SOCKET_MARK (send.h): what the tool sends
 * itself through --l3raw still leaves.  Hooked at output, priority -300
 * (before conntrack); PF_PACKET frames never pass there.  A table left
 * over by a run that was killed together with its guardian (pkt_rst_<pid>
 * for a pid that no longer exists) is removed first.
 *
 * Call it while the process still has CAP_NET_ADMIN, before pkt_priv_drop:
 * it forks a guardian that keeps CAP_NET_ADMIN alone, runs nft(8) and
 * removes the table on every exit path of the tool: pkt_rstguard_stop,
 * exit() (an atexit handler), a signal, even SIGKILL (the guardian sees
 * its pipe from the tool close).  The guardian ignores SIGINT, SIGTERM,
 * SIGHUP and SIGQUIT, so a Ctrl-C to the process group cannot stop it
 * before it cleans up; it closes every other inherited descriptor.
 *
 * One guard per process.  n == 0 gives a guard that installs nothing.
 * Returns NULL with errbuf (PKT_ERRBUF bytes) on failure, e.g.
 *	--block-rst needs nft(8): install nftables (apt install nftables)
 *	--block-rst needs CAP_NET_ADMIN: run as root, or grant it once with: ...
 *	--block-rst: nft: Error: ...
 * The caller adds its name and exits PKT_EXIT_ERROR.
 */
struct pkt_rstguard *pkt_rstguard_start(const struct pkt_rstrule *, size_t n,
	    char *errbuf);

/*
 * Remove the rules and wait (up to 10 s) for the guardian: when this
 * returns, the table is gone and no zombie is left.  Works after
 * pkt_priv_drop (the guardian holds the privilege).  Idempotent: calling
 * it again with the same pointer, or with NULL, does nothing (the guard is
 * static storage, never freed).  A failure to remove is reported as a
 * warning on stderr.  In a forked child of the tool it only closes the
 * child's copy of the pipe.
 */
void	pkt_rstguard_stop(struct pkt_rstguard *);

#endif
