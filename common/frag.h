/* frag.h: IP fragmentation as Scapy 2.5's fragment() and fragment6() do
 * it (pktsend --fragment). */
#ifndef PKT_FRAG_H
#define PKT_FRAG_H

#include <stddef.h>

struct pkt_pkt;
struct pkt_env;

/* Split the built packet p at its first IP or IPv6 layer into built
 * fragments, *out (an array of *n packets; pkt_free each, then free the
 * array).  IPv4 as fragment(p, size): size is the data of a fragment,
 * rounded down to a multiple of 8 except in the last one; every fragment
 * gets its length and checksum computed.  IPv6 as fragment6(p, size): size
 * is the whole fragment, link header included; a Fragment header is put
 * right after IPv6 unless the packet has one, and its id is the one given
 * there, else random (pkt_spec_random(), so --seed repeats it).  A packet
 * with neither IP nor IPv6 gives *n == 0: send it as it is.  -1 with a
 * message when size is too small for the packet's headers. */
int	pkt_frag_split(const struct pkt_pkt *p, size_t size,
	    const struct pkt_env *env, struct pkt_pkt ***out, size_t *n,
	    char *errbuf);

#endif
