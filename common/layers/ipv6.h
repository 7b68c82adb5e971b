/* layers/ipv6.h: IPv6's public field indices (the order of its table
 * in ipv6.c, checked there at compile time and by tests/unit/test_fields). */
#ifndef PKT_LAYERS_IPV6_H
#define PKT_LAYERS_IPV6_H

struct pkt_layer;
extern const struct pkt_layer pkt_layer_ipv6;

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
