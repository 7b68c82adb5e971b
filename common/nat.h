/* nat.h: what happened to a probe on its way, read from the quote an
 * ICMP error carries back (dublin-traceroute's idea): the quoted header
 * compared with the probe as sent.  A NAT that rewrites the probe and
 * does not put the quote back as it was (a stateless rewrite, a CGNAT or
 * CPE that leaves quotes alone, one that restores addresses but not their
 * checksum) shows there; one that translates the quote back entirely, as
 * Linux conntrack does (nf_nat_icmp_reply_translation), shows nowhere.
 *
 * What changes for other reasons is not a rewrite: the TTL, the TOS
 * (DSCP remarking, ECN), the IPv4 flags, the lengths (MSS clamping adds
 * a TCP option; routers' quirks).  Checksums are compared with what the quoted
 * header and the probe's own bytes give: a checksum that does not fit
 * says that something it covers was rewritten and then put back without
 * it, or rewritten where the quote does not show. */
#ifndef PKT_NAT_H
#define PKT_NAT_H

#include <stdbool.h>
#include <stddef.h>

struct pkt_pkt;

/* The fields a quote shows rewritten (a mask). */
enum {
	PKT_NAT_SRC	= 1 << 0,	/* source address */
	PKT_NAT_DST	= 1 << 1,	/* destination address */
	PKT_NAT_ID	= 1 << 2,	/* IPv4 id */
	PKT_NAT_CHKSUM	= 1 << 3,	/* IPv4 header checksum: does not fit */
	PKT_NAT_SPORT	= 1 << 4,	/* TCP or UDP source port */
	PKT_NAT_DPORT	= 1 << 5,	/* TCP or UDP destination port */
	PKT_NAT_ECHOID	= 1 << 6,	/* ICMP or ICMPv6 echo id */
	PKT_NAT_L4SUM	= 1 << 7,	/* transport checksum: does not fit */
};
#define PKT_NAT_NBITS	8

/* Their names, bit by bit: "src", "dst", "id", "chksum", "sport",
 * "dport", "echo-id", "l4-chksum" (JSON "rewritten"). */
extern const char *const pkt_nat_names[PKT_NAT_NBITS];

/* What the quote in reply (dissected) shows rewritten of probe
 * (dissected, as sent): a mask, 0 when nothing was, or when reply is no
 * ICMP error quoting a packet of the probe's protocols.  Fields the quote
 * was cut short of are not compared. */
unsigned pkt_nat_compare(const struct pkt_pkt *probe,
	    const struct pkt_pkt *reply);

/* Does reply, an ICMP error, quote probe rewritten: the same protocols,
 * its identity (IPv4 id, TCP sequence number, ICMP echo seq) as sent,
 * and one of its addresses as sent?  What matches an answer that
 * Scapy's rules refuse because a NAT rewrote the quote (pkttrace).
 * IPv6 has no id: the transport's identity and the destination are
 * needed there (a UDP probe's checksum, its identity, changes with the
 * rewrite: it is not enough). */
bool	pkt_nat_same_probe(const struct pkt_pkt *probe,
	    const struct pkt_pkt *reply);

/* The mark of a hop whose answer quoted its probe rewritten (the text
 * table, the report, pktgraph's nodes). */
#define PKT_NAT_MARK	"[NAT]"

/* The names of mask's bits, comma-separated ("src,sport"); "" for 0. */
void	pkt_nat_fmt(char *, size_t, unsigned mask);

#endif
