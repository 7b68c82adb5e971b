/* layers/udp.h: UDP's public field indices (the order of its table
 * in udp.c, checked there at compile time and by tests/unit/test_fields). */
#ifndef PKT_LAYERS_UDP_H
#define PKT_LAYERS_UDP_H

struct pkt_layer;
extern const struct pkt_layer pkt_layer_udp;

enum {
	UDP_F_SPORT,
	UDP_F_DPORT,
	UDP_F_LEN,
	UDP_F_CHKSUM,
	UDP_NF
};

#endif
