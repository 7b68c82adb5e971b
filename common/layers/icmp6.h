/* icmp6.h: what the ICMPv6 message layers share (icmp6.c), for the files
 * of the message families (mld.c, mpd.c). */
#ifndef PKT_LAYERS_ICMP6_H
#define PKT_LAYERS_ICMP6_H

#include "../pkt.h"

/* Scapy's _ICMPv6.post_build: the checksum over the IPv6 pseudo-header
 * (next header 58), when cksum (field 2) was left unset.  A finish hook. */
int	pkt_icmp6_finish(struct pkt_bctx *, size_t idx);
/* Scapy's overload_fields for IPv6 right below the message: an unset dst
 * takes `group` (NULL: left alone), an unset hlim takes hlim. */
int	pkt_icmp6_overload(struct pkt_bctx *, size_t idx, const char *group,
	    unsigned hlim);
/* Scapy's _ICMPv6NDGuessPayload: the neighbour discovery option that
 * follows, by its type byte.  A next hook. */
const struct pkt_layer *pkt_icmp6_nd_next(struct pkt_dctx *,
	    const struct pkt_li *, const uint8_t *, size_t);

#endif
