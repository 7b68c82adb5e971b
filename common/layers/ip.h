/* layers/ip.h: IPv4's public field indices (the order of its table
 * in ip.c, checked there at compile time and by tests/unit/test_fields). */
#ifndef PKT_LAYERS_IP_H
#define PKT_LAYERS_IP_H

#include <stddef.h>

struct pkt_layer;
struct pkt_sb;
struct pkt_field;
struct pkt_val;
extern const struct pkt_layer pkt_layer_ip;

/* show() of IP's options field, Scapy's list of IPOption packets
 * (ipopt.c): the hook of ip.c's option table. */
void	pkt_ip_opts_show(struct pkt_sb *, const char *label, size_t lvl,
	    const struct pkt_field *, const struct pkt_val *);

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
