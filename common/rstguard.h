/* rstguard.h: --block-rst: keep the kernel from resetting TCP connections
 * the tool opened by hand, with a narrow nftables rule set that lives as
 * long as the tool, however it ends, or a given time longer (--hold). */
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
struct pkt_pkt;

/*
 * Install a narrow nftables rule set, table "inet pkt_rst_<guardian pid>",
 * that drops outgoing TCP segments with RST set from src:sport to
 * dst:dport of the given probes (only those addresses and ports;
 * duplicates are fine), except packets carrying PKT_SOCKET_MARK (send.h):
 * what the tool sends itself through --l3raw still leaves.  Hooked at
 * output, priority -300 (before conntrack); PF_PACKET frames never pass
 * there.  n may be 0: the sets start empty and pkt_rstguard_add fills
 * them.  A table left over by a run killed together with its guardian
 * (pkt_rst_<pid> where pid is no guardian process any more) is removed
 * first; the table of a guardian still running (another tool's, or one
 * holding its rule after its tool ended) is left alone, so two commands
 * that guard the same flow each add and remove their own table.
 *
 * Call it while the process still has CAP_NET_ADMIN, before pkt_priv_drop:
 * it forks a guardian that keeps CAP_NET_ADMIN alone, runs nft(8) and
 * removes the table on every exit path of the tool: pkt_rstguard_stop,
 * exit() (an atexit handler), a signal, even SIGKILL (the guardian sees
 * its socket from the tool close).  With hold > 0 (seconds) the table
 * stays that long after the tool ends, however it ends, so that a later
 * command can go on with the connection; SIGTERM to the guardian (its pid
 * is in the table's name) ends the hold at once, and a SIGTERM that comes
 * while the tool still runs cancels the hold.  The guardian ignores
 * SIGINT, SIGHUP and SIGQUIT, and SIGTERM does not stop it before the
 * tool is gone, so a signal to the process group cannot make it leave a
 * table behind; it closes every other inherited descriptor, and during a
 * hold its standard error too (a pipe reading the tool's stderr ends when
 * the tool does).
 *
 * One guard per process.  A removal that fails after a hold (nothing
 * hears the guardian then) leaves a table whose guardian is gone: the
 * next run removes it.
 * Returns NULL with errbuf (PKT_ERRBUF bytes) on failure, e.g.
 *	--block-rst needs nft(8): install nftables (apt install nftables)
 *	--block-rst needs CAP_NET_ADMIN: run as root, or grant it once with: ...
 *	--block-rst: nft: Error: ...
 * The caller adds its name and exits PKT_EXIT_ERROR.
 */
struct pkt_rstguard *pkt_rstguard_start(const struct pkt_rstrule *, size_t n,
	    double hold, char *errbuf);

/*
 * Add probes to a running guard (after pkt_priv_drop too: the guardian
 * holds the privilege).  Those already guarded are skipped without asking
 * the guardian; when it returns 0 every rule is in place, so a packet sent
 * afterwards is covered.  -1 with errbuf when nft failed or the guardian
 * is gone.
 */
int	pkt_rstguard_add(struct pkt_rstguard *, const struct pkt_rstrule *,
	    size_t n, char *errbuf);

/*
 * The probe of a packet (a dissection, or a tree that was built): the
 * addresses of the IP or IPv6 layer nearest below its first TCP layer
 * that is not quoted in an ICMP error, and the ports.  Returns 1 and
 * fills *r, or 0 when the packet has no such TCP layer.
 */
int	pkt_rstguard_rule(const struct pkt_pkt *, struct pkt_rstrule *r);

/*
 * End the guard: without a hold, remove the rules and wait (up to 10 s)
 * for the guardian, so that when this returns the table is gone and no
 * zombie is left; with a hold, say on stderr (unless -q) how long the
 * table stays and how to remove it sooner, and return at once.  Works
 * after pkt_priv_drop.  Idempotent: calling it again with the same
 * pointer, or with NULL, does nothing (the guard is static storage).  A
 * failure to remove is reported as a warning on stderr.  In a forked
 * child of the tool it only closes the child's copy of the socket.
 */
void	pkt_rstguard_stop(struct pkt_rstguard *);

/* The guardian's pid (the <pid> of its table's name), or 0. */
long	pkt_rstguard_pid(const struct pkt_rstguard *);

#endif
