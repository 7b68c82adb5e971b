/* icmpext.h: ICMP multi-part extensions (icmpext.c), for the ICMP and
 * ICMPv6 error layers (icmp.c, icmp6.c). */
#ifndef PKT_LAYERS_ICMPEXT_H
#define PKT_LAYERS_ICMPEXT_H

#include <stddef.h>
#include <stdint.h>

struct pkt_dctx;
struct pkt_layer;

/* A next hook's answer for an error message whose quote starts at p (n
 * bytes to the end of the message), quotelen its RFC 4884 length in
 * bytes (0: not given).  With an extension structure after the quote,
 * the quote is dissected here from `first` and the extension header is
 * returned; else `first`, the quote being all the rest. */
const struct pkt_layer *pkt_icmpext_quote(struct pkt_dctx *, const uint8_t *p,
	    size_t n, size_t quotelen, const struct pkt_layer *first);

#endif
