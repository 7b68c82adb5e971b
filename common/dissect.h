/* dissect.h: the dissect pass (dissect.c): bytes into packets, and the
 * cursor that next/dissect hooks see. */
#ifndef PKT_DISSECT_H
#define PKT_DISSECT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "packet.h"

/* ---- dissecting (dissect.c) ------------------------------------------ */

struct pkt_dctx {
	const uint8_t	*base;	/* the whole packet */
	const uint8_t	*msg;	/* start of a DNS message: name pointers */
	const uint8_t	*p, *end;
	bool		 trunc;	/* capture shorter than a header */
	int		 depth;	/* quoting/tunnel depth, bounded */
	bool		 quoted;
	struct pkt_pkt	*pkt;
};

/* Dissect a captured packet of link type dlt into p (appends layers). */
int	pkt_dissect(struct pkt_pkt *, int dlt, const uint8_t *, size_t caplen,
	    uint32_t wirelen, char *errbuf);
/* A new packet: the dissection of p's bytes, with its time and
 * interface (what was really sent, whatever tree built it). */
struct pkt_pkt *pkt_dissect_copy(const struct pkt_pkt *);
/* Dissect bytes starting with layer l into p: the generic walk plus the
 * layer's next/paylen hooks (used for quoted packets too). */
void	pkt_dissect_from(struct pkt_dctx *, const struct pkt_layer *);
/* Read field fidx of li from the cursor (generic decoders). */
bool	pkt_dissect_field(struct pkt_dctx *, struct pkt_li *, size_t fidx,
	    unsigned *bitpos);
/* The generic walk: fields 0..nf-1 of li that are present, in order.
 * False when the header is cut short: the fields from the byte group
 * that did not fit on are cleared, and dc->p is where it begins. */
bool	pkt_dissect_fields(struct pkt_dctx *, struct pkt_li *, size_t nf);
/* Read one item of layer l (every field in order, by the generic
 * decoders) from the cursor onto the list value v; false, with the
 * cursor and v as they were, when it does not fit whole. */
bool	pkt_dissect_item(struct pkt_dctx *, struct pkt_val *,
	    const struct pkt_layer *);

#endif
