/* ls.h: Scapy's ls() from the shell: --list-layers and --list-fields. */
#ifndef PKT_LS_H
#define PKT_LS_H

#include <stdio.h>

/* Every layer, sorted by name, as Scapy's ls(): "%-10s : %s", the name
 * and its description (Scapy's Packet.name).  Quoted names (IPerror)
 * too.  0, or -1 on a write error. */
int	pkt_ls_layers(FILE *);
/* The fields of a layer as Scapy's ls(LAYER): "%-10s : %-35s = %s", each
 * field's name, its type in Scapy's field-class words (BitField (4 bits),
 * XShortField, ...; "(Cond)" when only some packets have it) and the
 * default pkt builds (None: computed, or from the route).  An unknown
 * layer: -1, with a "did you mean" in errbuf. */
int	pkt_ls_fields(FILE *, const char *layer, char *errbuf);

#endif
