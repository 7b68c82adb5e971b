/* packet.h: packets as trees of field values (packet.c): a layer
 * instance (struct pkt_li), a packet (struct pkt_pkt), and their
 * allocation, copying and field access.  What tools include, with
 * build.h and dissect.h for the two passes. */
#ifndef PKT_PACKET_H
#define PKT_PACKET_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "layer.h"

/* An instance of a layer in a packet: one value per field. */
struct pkt_li {
	const struct pkt_layer	*l;
	struct pkt_val		*v;	/* l->nf values */
	bool			 trunc;	/* cut short by the capture */
	bool			 quoted;/* inside an ICMP error: IPerror... */
};

/* A packet: its layers, and where it came from. */
struct pkt_pkt {
	struct pkt_li	*li;
	size_t		 n, cap;
	int		 dlt;		/* link type of `raw`, -1 unknown */
	double		 time;		/* capture time, 0 if none */
	uint32_t	 wirelen;	/* length on the wire */
	uint8_t		*raw;		/* bytes as seen/built (may be NULL) */
	size_t		 rawlen;
	bool		 dissected;	/* li is the dissection of raw (not a
					 * tree that was built into it) */
	char		*iface;
};

/* ---- values and packets (packet.c) ---------------------------------- */

struct pkt_pkt *pkt_new(void);
void	pkt_free(struct pkt_pkt *);
struct pkt_li *pkt_push(struct pkt_pkt *, const struct pkt_layer *);
void	pkt_li_init(struct pkt_li *, const struct pkt_layer *);
void	pkt_li_clear(struct pkt_li *);
/* Append a new item of layer l to the list value v (a PKT_F_PKTS
 * field), initialised with no field given, and return it. */
struct pkt_li *pkt_val_additem(struct pkt_val *, const struct pkt_layer *);
int	pkt_li_copy(struct pkt_li *, const struct pkt_li *);
struct pkt_pkt *pkt_copy(const struct pkt_pkt *);
void	pkt_val_clear(struct pkt_val *);
int	pkt_val_copy(struct pkt_val *, const struct pkt_val *);
/* The value is these n bytes (a copy, NUL-terminated: a NAME's text
 * too), set; what it held before is cleared. */
void	pkt_val_setb(struct pkt_val *, const void *, size_t n);
/* Value of an integer field: given, else its default. */
uint64_t pkt_li_u(const struct pkt_li *, size_t fidx);
/* Value of an integer field as read (or given); 0 when it is not there
 * (a header cut short by the capture): what matching compares. */
uint64_t pkt_li_wire(const struct pkt_li *, size_t fidx);
bool	pkt_li_isset(const struct pkt_li *, size_t fidx);
/* Is field fidx present in this instance (its cond, if any)? */
bool	pkt_li_present(const struct pkt_li *, size_t fidx);
void	pkt_li_setu(struct pkt_li *, size_t fidx, uint64_t);
/* Max value of an integer field. */
uint64_t pkt_field_max(const struct pkt_field *);
/* Width in bits of a field of fixed size; 0 when its size varies. */
size_t	pkt_field_width(const struct pkt_field *);
/* Index of the layer in p that comes before idx and is `l`, or -1. */
int	pkt_find_below(const struct pkt_pkt *, size_t idx, const struct pkt_layer *);

#define PKT_MAX_LAYERS	64	/* nesting bound: deeper is left as Raw */

#endif
