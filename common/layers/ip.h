/* layers/ip.h: IPv4's public field indices (the order of its table
 * in ip.c, checked there at compile time and by tests/unit/test_fields). */
#ifndef PKT_LAYERS_IP_H
#define PKT_LAYERS_IP_H

struct pkt_layer;
extern const struct pkt_layer pkt_layer_ip;

enum {
	IP_F_VERSION,
	IP_F_IHL,
	IP_F_TOS,
	IP_F_LEN,
	IP_F_ID,
	IP_F_FLAGS,
	IP_F_FRAG,
	IP_F_TTL,
	IP_F_PROTO,
	IP_F_CHKSUM,
	IP_F_SRC,
	IP_F_DST,
	IP_F_OPTIONS,
	IP_NF
};

#endif
