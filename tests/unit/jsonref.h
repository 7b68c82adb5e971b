/* jsonref.h: the reference JSON writer (jansson objects) that the
 * stream writer (common/jsonw.c) is checked against. */
#ifndef PKT_TESTS_JSONREF_H
#define PKT_TESTS_JSONREF_H

#include <jansson.h>

struct pkt_pkt;
struct pkt_li;

/* The packet object of SPEC section 4: "time", "iface" (when known),
 * "linktype", "len", "caplen", "layers", "hex".  A new reference; keys in
 * the order jsonw.c writes them. */
json_t	*ref_json_pkt(const struct pkt_pkt *);
/* One layer object {"layer": ..., fields...}. */
json_t	*ref_json_layer(const struct pkt_li *);

#endif
