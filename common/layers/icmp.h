/* layers/icmp.h: ICMP's public field indices (the order of its table
 * in icmp.c, checked there at compile time and by tests/unit/test_fields). */
#ifndef PKT_LAYERS_ICMP_H
#define PKT_LAYERS_ICMP_H

struct pkt_layer;
extern const struct pkt_layer pkt_layer_icmp;

enum {
	ICMP_F_TYPE,
	ICMP_F_CODE,
	ICMP_F_CHKSUM,
	ICMP_F_ID,
	ICMP_F_SEQ,
	ICMP_F_TS_ORI,
	ICMP_F_TS_RX,
	ICMP_F_TS_TX,
	ICMP_F_GW,
	ICMP_F_PTR,
	ICMP_F_RESERVED,
	ICMP_F_LENGTH,
	ICMP_F_ADDR_MASK,
	ICMP_F_NEXTHOPMTU,
	ICMP_F_UNUSED16,
	ICMP_F_UNUSED32,
	ICMP_NF
};

#endif
