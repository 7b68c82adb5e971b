/* value.h: generic values, as the spec parser and the JSON reader produce
 * them, and their conversion into field values by the field's type. */
#ifndef PKT_VALUE_H
#define PKT_VALUE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pkt_li;
struct pkt_layer;

enum pkt_gv_type {
	PKT_GV_NONE,	/* None / null: leave the field unset */
	PKT_GV_NUM,	/* 42, 0x2a */
	PKT_GV_STR,	/* "..." bytes (from JSON: hex text, see `hex`) */
	PKT_GV_WORD,	/* unquoted word: echo-request, SA, 10.0.0.1 */
	PKT_GV_TUPLE,	/* (a, b) */
	PKT_GV_LIST,	/* [a, b, c] */
	PKT_GV_LAYER,	/* Name(field=value, ...) [/ Next(...)] */
};

struct pkt_gv {
	enum pkt_gv_type t;
	uint64_t	 num;
	char		*s;	/* STR bytes / WORD text / LAYER name */
	size_t		 len;
	bool		 json;	/* from JSON: a STR in a bytes field is hex */
	bool		 trunc;	/* LAYER from JSON: "truncated": true */
	struct pkt_gv	*v;	/* TUPLE, LIST items; LAYER field values */
	char		**keys;	/* LAYER: field name of each value (NULL: positional) */
	size_t		 n;
	struct pkt_gv	*next;	/* LAYER: the next layer of a chain */
	int		 col;	/* 1-based column in the spec, for messages */
	int		 kcol;	/* column of its field name (name=value) */
	int		 rand;	/* RandShort() etc.: bits of a random number
				 * drawn anew for each generated packet */
};

void	pkt_gv_free(struct pkt_gv *);	/* frees the contents, not gv itself */
struct pkt_gv *pkt_gv_add(struct pkt_gv *list);	/* append an item to v[] */

/* Convert gv into field fi of li, checking it against the field (range,
 * enum word, flag letters, address syntax, option names).  PKT_GV_NONE
 * leaves the field unset.  Lists and ranges must have been expanded by the
 * caller, except where the field takes a list (flags, options, packets). */
int	pkt_val_set(struct pkt_li *, size_t fi, const struct pkt_gv *, char *errbuf);

/* Host names in address fields are looked up with getaddrinfo(3), as
 * Scapy does (the default); off, they are refused without a lookup (the
 * fuzzers: no DNS query may leave the machine). */
void	pkt_val_resolve(bool on);

/* The same for field fi and its same-named variants (ARP addresses, DNS
 * rdata, ICMP unused): the spec and JSON readers set fields by name. */
int	pkt_val_set_named(struct pkt_li *, size_t fi, const struct pkt_gv *,
	    char *errbuf);

/* Build a layer instance from a LAYER gv (its fields by name); quoted
 * names (IPerror) give a quoted instance.  Used for nested packets and by
 * the JSON reader. */
int	pkt_val_layer(struct pkt_li *, const struct pkt_gv *, char *errbuf);

/* Field index by name, with a suggestion for near misses in errbuf. */
int	pkt_val_field(const struct pkt_layer *, const char *, char *errbuf);
/* Layer by name (Scapy class names, and quoted names such as IPerror). */
const struct pkt_layer *pkt_val_findlayer(const char *, bool *quoted, char *errbuf);

#endif
