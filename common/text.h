/* text.h: the two text renderings of a dissected packet, as Scapy 2.5
 * prints them: summary() (one line) and show() of a dissected packet
 * (what show2() prints).  Differences from Scapy are listed in
 * tests/golden/DIFFERENCES. */
#ifndef PKT_TEXT_H
#define PKT_TEXT_H

#include <stddef.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "packet.h"

/* Scapy's summary(): layers joined by " / "; the innermost layer whose
 * summary hook writes a text shows it (and the layers it names in its
 * sum_needed list theirs), every other layer its class name ("IPerror"
 * for quoted ones).  Always NUL-terminates buf (n > 0); a summary longer
 * than n - 1 bytes is cut. */
void	pkt_text_summary(const struct pkt_pkt *, char *buf, size_t n);

/* The summary and a newline.  0, or -1 on a write error. */
int	pkt_text_write_summary(FILE *, const struct pkt_pkt *);

/* Scapy's show() of a dissected packet: "###[ Title ]### " headers, one
 * "  name      = value" line per field present, 3 more spaces of indent
 * per layer, packet lists as "\name      \" and "|"-prefixed sub-blocks.
 * A layer cut short by the capture shows the fields it has and then a
 * line "[|name]" (tcpdump's mark, the layer's class name in lower case).
 * No blank line at the end (Scapy's print() adds one).  0, or -1 on a
 * write error. */
int	pkt_text_show(FILE *, const struct pkt_pkt *);
/* Scapy's hexdump(): per 16 bytes, the offset ("%04x"), two spaces, each
 * byte as "%02X " (blanks past the end), a space and the bytes as text,
 * '.' for each outside 32..126; an offset past 0xffff takes more digits,
 * as Python's "%04x".  Nothing for no bytes.  0, or -1 on a write error. */
int	pkt_text_hexdump(FILE *, const uint8_t *, size_t);
/* Colour show()'s layer titles and field names (a terminal, by the
 * config's color key and NO_COLOR). */
void	pkt_text_set_color(bool);

/* ---- the kit of a layer's rendering hooks (struct pkt_optdesc) ---- */

/* show()'s growing text: appended to, never cut. */
void	pkt_sb_putn(struct pkt_sb *, const char *, size_t);
void	pkt_sb_puts(struct pkt_sb *, const char *);
void	pkt_sb_putc(struct pkt_sb *, char);
void	pkt_sb_printf(struct pkt_sb *, const char *, ...)
	    __attribute__((format(printf, 2, 3)));
void	pkt_sb_spaces(struct pkt_sb *, size_t);
/* Python's repr() of bytes decoded as Scapy's StrField shows them
 * ('...'), and of bytes (b'...'). */
void	pkt_sb_repr_str(struct pkt_sb *, const uint8_t *, size_t);
void	pkt_sb_repr_bytes(struct pkt_sb *, const uint8_t *, size_t);
/* show()'s lines: "  name      = " (the value follows), "  \name      \"
 * (a packet list), "###[ Title ]### " -- each after the label. */
void	pkt_sb_field_head(struct pkt_sb *, const char *label, size_t lvl,
	    const char *name);
void	pkt_sb_list_head(struct pkt_sb *, const char *label, size_t lvl,
	    const char *name);
void	pkt_sb_block_head(struct pkt_sb *, const char *label, const char *title);
/* The label of a packet list's items: label, lvl + 3 spaces, "|" (free()). */
char	*pkt_sb_sub_label(const char *label, size_t lvl);
/* An option list's bytes as they were on the wire, rebuilt from the
 * parsed list (free()); *len their number. */
uint8_t	*pkt_opts_bytes(const struct pkt_field *, const struct pkt_val *,
	    size_t *len);

#endif
