/* layers/arp.h: ARP's public field indices (the order of its table
 * in arp.c, checked there at compile time and by tests/unit/test_fields). */
#ifndef PKT_LAYERS_ARP_H
#define PKT_LAYERS_ARP_H

struct pkt_layer;
extern const struct pkt_layer pkt_layer_arp;

enum {
	ARP_F_HWTYPE,
	ARP_F_PTYPE,
	ARP_F_HWLEN,
	ARP_F_PLEN,
	ARP_F_OP,
	ARP_F_HWSRC_MAC,
	ARP_F_HWSRC_RAW,
	ARP_F_PSRC_V4,
	ARP_F_PSRC_V6,
	ARP_F_PSRC_RAW,
	ARP_F_HWDST_MAC,
	ARP_F_HWDST_RAW,
	ARP_F_PDST_V4,
	ARP_F_PDST_V6,
	ARP_F_PDST_RAW,
	ARP_NF
};

#endif
