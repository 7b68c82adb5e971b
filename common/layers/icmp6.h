/* layers/icmp6.h: ICMPv6's public field indices (icmp6.c's tables,
 * checked there at compile time and by tests/unit/test_fields).  Every
 * message starts type, code, cksum; echo messages go on with id, seq,
 * data; neighbour solicitations and advertisements have their target. */
#ifndef PKT_LAYERS_ICMP6_H
#define PKT_LAYERS_ICMP6_H

struct pkt_layer;
extern const struct pkt_layer pkt_layer_icmp6_echo_req, pkt_layer_icmp6_echo_rep,
    pkt_layer_icmp6_nd_rs, pkt_layer_icmp6_nd_ra, pkt_layer_icmp6_nd_ns,
    pkt_layer_icmp6_nd_na, pkt_layer_icmp6_unreach, pkt_layer_icmp6_toobig,
    pkt_layer_icmp6_timeexceed, pkt_layer_icmp6_paramproblem;

enum { ICMP6_F_TYPE, ICMP6_F_CODE, ICMP6_F_CKSUM };
enum { ICMP6_ECHO_F_ID = 3, ICMP6_ECHO_F_SEQ, ICMP6_ECHO_F_DATA,
    ICMP6_ECHO_NF };
enum { ICMP6_NS_F_TGT = 4, ICMP6_NS_NF };
enum { ICMP6_NA_F_TGT = 7, ICMP6_NA_NF };

#endif
