/* layers/tcp.h: TCP's public field indices (the order of its table
 * in tcp.c, checked there at compile time and by tests/unit/test_fields). */
#ifndef PKT_LAYERS_TCP_H
#define PKT_LAYERS_TCP_H

struct pkt_layer;
extern const struct pkt_layer pkt_layer_tcp;

enum {
	TCP_F_SPORT,
	TCP_F_DPORT,
	TCP_F_SEQ,
	TCP_F_ACK,
	TCP_F_DATAOFS,
	TCP_F_RESERVED,
	TCP_F_FLAGS,
	TCP_F_WINDOW,
	TCP_F_CHKSUM,
	TCP_F_URGPTR,
	TCP_F_OPTIONS,
	TCP_NF
};

#endif
