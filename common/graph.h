/* graph.h: what pktgraph needs besides the packet engine: command
 * strings split into argv (no shell), an offline prefix-to-AS table, a
 * small string-keyed hash table, DOT quoting, and running Graphviz. */
#ifndef PKT_GRAPH_H
#define PKT_GRAPH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* ---- argv from a string ------------------------------------------------ */

/*
 * Split s into words at blanks, as a shell would without expanding
 * anything: '...' keeps everything literally, "..." keeps blanks and takes
 * \" and \\ as escapes, a backslash outside quotes escapes the next
 * character.  The words are appended to *argv (*argc of them so far; the
 * array stays NULL-terminated; free with pkt_graph_argv_free).  -1 with
 * errbuf on an unterminated quote.
 */
int	pkt_graph_split(const char *s, char ***argv, size_t *argc, char *errbuf);
void	pkt_graph_argv_free(char **argv);

/* ---- prefix -> AS table (--asn-file) ----------------------------------- */

struct pkt_asn_entry {
	int	 family;	/* AF_INET, AF_INET6 */
	uint8_t	 addr[16];
	unsigned plen;
	char	*asn;		/* "AS64500" */
	char	*name;		/* NULL when the line has none */
};

struct pkt_asn_table {
	struct pkt_asn_entry *e;	/* longest prefix first */
	size_t	 n;
};

/* Lines PREFIX<TAB>ASN[<TAB>NAME]; blank lines and '#' comments are
 * skipped.  PREFIX is an IPv4 or IPv6 address with an optional /LEN;
 * ASN is a number, with or without "AS".  -1 with errbuf "FILE:LINE: ...". */
int	pkt_asn_load(struct pkt_asn_table *, const char *path, char *errbuf);
/* Longest-prefix match of an address in text form; NULL when none. */
const struct pkt_asn_entry *pkt_asn_lookup(const struct pkt_asn_table *,
	    const char *addr);
void	pkt_asn_free(struct pkt_asn_table *);

/* ---- string -> index hash table ---------------------------------------- */

struct pkt_strmap {
	char	**keys;
	size_t	 *vals;
	size_t	  cap, n;
};

/* Index stored for key, or -1. */
long	pkt_strmap_get(const struct pkt_strmap *, const char *key);
/* Store key (copied) -> val; replaces an existing value. */
void	pkt_strmap_put(struct pkt_strmap *, const char *key, size_t val);
void	pkt_strmap_free(struct pkt_strmap *);

/* ---- DOT text -------------------------------------------------------- */

/* s as a DOT double-quoted string: '"' and '\\' escaped, a newline as
 * the label escape \n. */
void	pkt_dot_quote(FILE *, const char *s);
/* An attribute value: bare when it is a DOT ID or numeral, else quoted. */
void	pkt_dot_value(FILE *, const char *s);

/* Text form of an address, normalised (inet_pton then inet_ntop), into
 * buf (>= 46 bytes); false when s is no IPv4 or IPv6 address (buf then
 * holds s, cut to fit). */
bool	pkt_addr_norm(const char *s, char *buf, size_t size);

/* ---- running Graphviz ---------------------------------------------------- */

/*
 * Run argv[0] (execvp, no shell) with dot text on its standard input and
 * its standard output on outfd; its standard error is ours.  0 when it
 * exited 0.  -1 with errbuf otherwise; *notfound is set when the program
 * could not be found (ENOENT from execvp), so the caller can say what to
 * install.  SIGPIPE is ignored while writing (a dot that dies early is
 * reported by its exit status).
 */
int	pkt_graph_run(char *const argv[], const char *dot, size_t len, int outfd,
	    bool *notfound, char *errbuf);

#endif
