/* mpls.h: the MPLS label stacks that ICMP extensions report (RFC 4950;
 * the layers are common/layers/icmpext.c), for the tracers' output. */
#ifndef PKT_MPLS_H
#define PKT_MPLS_H

#include <stddef.h>
#include <stdint.h>

struct pkt_pkt;

struct pkt_mpls {
	uint32_t	 label;	/* 20 bits */
	uint8_t		 tc;	/* traffic class (the old EXP), 3 bits */
	uint8_t		 s;	/* bottom of stack */
	uint8_t		 ttl;
};

/* The label stack entries of p's ICMPExtensionMPLS objects, in order: at
 * most max are stored, the number there is returned. */
size_t	pkt_mpls_stack(const struct pkt_pkt *, struct pkt_mpls *, size_t max);
/* "[MPLS: 24001/0/1/1]" (label/TC/S/TTL, mtr -e's four values) for each
 * entry, space-separated; "" for none.  Truncated to fit. */
void	pkt_mpls_fmt(char *, size_t, const struct pkt_mpls *, size_t n);

#define PKT_MPLS_MAX	16	/* entries a tracer keeps per hop */

#endif
