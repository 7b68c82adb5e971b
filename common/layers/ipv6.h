/* layers/ipv6.h: IPv6's public field indices (the order of its table
 * in ipv6.c, checked there at compile time and by tests/unit/test_fields). */
#ifndef PKT_LAYERS_IPV6_H
#define PKT_LAYERS_IPV6_H

#include <stddef.h>
#include <stdint.h>

struct pkt_layer;
struct pkt_pkt;
extern const struct pkt_layer pkt_layer_ipv6;

/* The IPv6 pseudo-header's addresses for an upper layer at index upper
 * whose IPv6 header is at ip6, as Scapy's in6_chksum finds them in the
 * extension headers between (a routing header's last address, a Home
 * Address option); *src and *dst are left alone when none applies
 * (ipv6ext.c). */
void	pkt_ipv6_pseudo_addrs(const struct pkt_pkt *, size_t ip6, size_t upper,
	    const uint8_t **src, const uint8_t **dst);

enum {
	IPV6_F_VERSION,
	IPV6_F_TC,
	IPV6_F_FL,
	IPV6_F_PLEN,
	IPV6_F_NH,
	IPV6_F_HLIM,
	IPV6_F_SRC,
	IPV6_F_DST,
	IPV6_NF
};

#endif
