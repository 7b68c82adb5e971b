/* icmp6.h: what the ICMPv6 message layers share (icmp6.c), for the files
 * of the message families (mld.c, mpd.c), and ICMPv6's public field
 * indices (icmp6.c's tables, checked there at compile time and by
 * tests/unit/test_fields).  Every message starts type, code, cksum; echo
 * messages go on with id, seq, data; neighbour solicitations and
 * advertisements have their target. */
#ifndef PKT_LAYERS_ICMP6_H
#define PKT_LAYERS_ICMP6_H

#include "../layer.h"

extern const struct pkt_layer pkt_layer_icmp6_echo_req, pkt_layer_icmp6_echo_rep,
    pkt_layer_icmp6_nd_rs, pkt_layer_icmp6_nd_ra, pkt_layer_icmp6_nd_ns,
    pkt_layer_icmp6_nd_na, pkt_layer_icmp6_unreach, pkt_layer_icmp6_toobig,
    pkt_layer_icmp6_timeexceed, pkt_layer_icmp6_paramproblem;

enum { ICMP6_F_TYPE, ICMP6_F_CODE, ICMP6_F_CKSUM };
enum { ICMP6_ECHO_F_ID = 3, ICMP6_ECHO_F_SEQ, ICMP6_ECHO_F_DATA,
    ICMP6_ECHO_NF };
enum { ICMP6_NS_F_TGT = 4, ICMP6_NS_NF };
enum { ICMP6_TOOBIG_F_MTU = 3 };
enum { ICMP6_NA_F_TGT = 7, ICMP6_NA_NF };

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
/* Scapy's _ICMPv6.answers, the answers hook of a message with no rule of
 * its own: never a direct answer; quoted in an error, the probe's class. */
bool	pkt_icmp6_answers(const struct pkt_mctx *, size_t ri, size_t pi);

#endif
