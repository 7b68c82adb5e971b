/* build.h: the build pass (build.c): packets into bytes, the context
 * that prepare/finish/build hooks see, and the Internet checksum. */
#ifndef PKT_BUILD_H
#define PKT_BUILD_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "packet.h"

/* ---- building (build.c) ---------------------------------------------- */

/* The host, as seen by the builder: where unset addresses come from.
 * NULL callbacks: addresses stay zero / broadcast. */
struct pkt_env {
	/* Source address the kernel would pick to reach dst. */
	int	(*srcaddr)(void *, int family, const uint8_t *dst, uint8_t *src);
	/* MAC addresses for a frame to dst (IPv4/IPv6) at the link layer;
	 * dstmac NULL: only the source MAC is wanted (no resolution). */
	int	(*macs)(void *, int family, const uint8_t *dst, uint8_t *srcmac,
		    uint8_t *dstmac);
	void	*arg;
};
/* The default environment: connect(2) a UDP socket to learn the source
 * address (needs no privilege); no MAC lookup. */
extern const struct pkt_env pkt_env_default;

struct pkt_bctx {
	struct pkt_pkt		*p;
	const struct pkt_env	*env;
	uint8_t			*buf;
	size_t			 len, cap;
	size_t			*off;	/* header offset of each layer */
	size_t			*hlen;	/* header length of each layer */
	size_t			*fbit;	/* bit offset of each field, as built */
	size_t			*fbase;	/* index of each layer's first in fbit */
	char			*errbuf;
};

/* Build p into bytes (p->raw, p->rawlen).  Unset fields of p are filled
 * (defaults, bindings, env) in place. */
int	pkt_build(struct pkt_pkt *, const struct pkt_env *, char *errbuf);
/* For finish hooks: end of layer idx's payload (start of Padding). */
size_t	pkt_bctx_payend(const struct pkt_bctx *, size_t idx);
/* Append n bytes to the build buffer; returns where they start. */
uint8_t *pkt_bctx_grow(struct pkt_bctx *, size_t);
/* Serialize field fidx of layer idx (generic encoders, used by custom builders). */
int	pkt_build_field(struct pkt_bctx *, const struct pkt_li *, size_t fidx,
	    unsigned *bitpos);
/* Write an integer field back into the built header (finish hooks). */
void	pkt_bctx_putu(struct pkt_bctx *, size_t idx, size_t fidx, uint64_t);
/* Bit offset of field fidx within its layer's header, as built. */
size_t	pkt_bctx_fieldbit(const struct pkt_bctx *, size_t idx, size_t fidx);

/* Internet checksum (RFC 1071) helpers. */
uint32_t pkt_csum_add(uint32_t, const uint8_t *, size_t);
uint16_t pkt_csum_fold(uint32_t);
/* Pseudo-header sum for an upper-layer checksum at layer idx (the
 * pseudo hook of the nearest layer below that has one: IP, IPv6), proto
 * and length; false when there is none or a layer between is cut short. */
bool	pkt_csum_pseudo(const struct pkt_bctx *, size_t idx, uint8_t proto,
	    size_t len, uint32_t *sum);
/* The checksum of upper layer idx (TCP, UDP, ICMPv6: a finish hook's):
 * its checksum field fi set to 0, then the pseudo-header sum (proto)
 * and its bytes to the end of its payload, into *ck; false (the field
 * left 0, as Scapy) when no layer below has a pseudo-header. */
bool	pkt_csum_upper(struct pkt_bctx *, size_t idx, size_t fi, uint8_t proto,
	    uint16_t *ck);

#define PKT_MAX_BUILD	(1u << 20)	/* largest packet we build */

#endif
