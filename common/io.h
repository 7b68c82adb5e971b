/* io.h: the streams between the tools (SPEC section 4): pcap, pcapng and
 * JSON Lines in, pcap and JSON Lines out.
 *
 * Reading: one API for the three formats, told apart by the first bytes
 * (pcap magic a1b2c3d4/d4c3b2a1, the nanosecond a1b23c4d/4d3cb2a1 and
 * a1b2cd34, pcapng 0a0d0d0a; anything else is JSON Lines).  Inputs are
 * streamed (a path, a FIFO or "-" for stdin; nothing is rewound).
 *
 *	struct pkt_reader *r = pkt_reader_open(path, errbuf);
 *	struct pkt_rec rec;
 *	while ((rc = pkt_reader_next(r, &rec, errbuf)) == 1) {
 *		if (pkt_rec_build(&rec, env, errbuf) < 0) ...	(error)
 *		... use rec.pkt (and rec.recv for pairs) ...
 *		pkt_rec_clear(&rec);
 *	}
 *	pkt_reader_close(r);	rc == -1: errbuf names file and record/line
 *
 * Messages: "FILE: record N: ..." for pcap, "FILE:LINE: ..." for JSON,
 * "<stdin>" for "-".  An empty input, or a pcap with only its header, is
 * 0 records and no error.  Once next() has failed it keeps failing.
 */
#ifndef PKT_IO_H
#define PKT_IO_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

/* jansson's object type, opaque here: tools that look into a record's
 * JSON or pass extra keys include <jansson.h> themselves. */
struct json_t;
struct pkt_pkt;
struct pkt_li;
struct pkt_env;

#define PKT_JSON_MAXLINE	(16u << 20)	/* longest JSON line: 16 MiB */
#define PKT_PCAP_SNAPLEN	262144		/* snaplen written; longer is an error */

/* JSON "len"/"caplen" of a packet object as given (-1: absent): how
 * pkt_rec_build restores the wire length after building. */
struct pkt_rec_lens {
	int64_t	 len, caplen;
};

struct pkt_rec {
	/* The packet; a pair's "sent".  The caller frees it (pkt_free, or
	 * pkt_rec_clear). */
	struct pkt_pkt	*pkt;
	/* true: pkt->raw holds the bytes to use as is and pkt->li is their
	 * dissection (a pcap record, or a JSON record with only "hex").
	 * false: a JSON record with "layers": pkt->li holds what was given
	 * (missing and null fields unset) and pkt->raw is NULL; build it with
	 * pkt_rec_build() (or pkt_build()). */
	bool		 built;
	bool		 pair;		/* the record was {"sent","recv","rtt",...} */
	/* A hop summary {"target", "ttl", "hops": [...]} (SPEC section 4):
	 * pkt is NULL, json holds it.  Readers that want packets skip it. */
	bool		 summary;
	/* A large run's line {"target", "ttl", "hop", "kind", "what", "rtt"}
	 * (pkttrace --stateless; tracelines.h reads them): pkt is NULL, json
	 * holds it.  Readers that want packets skip it. */
	bool		 line;
	/* Pair only: its "recv" (NULL when null or absent), same rules as
	 * pkt; the caller frees it. */
	struct pkt_pkt	*recv;
	bool		 recv_built;
	double		 rtt;		/* pair only: "rtt", -1 when null/absent */
	/* JSON records: the whole object (extra keys of pairs: "target",
	 * "ttl", "hop", "kind").  Borrowed: valid until the next call of
	 * pkt_reader_next() or pkt_reader_close(); NULL for pcap. */
	struct json_t	*json;
	const char	*file;		/* input name as in messages ("<stdin>") */
	uint64_t	 recno;		/* pcap: record number; JSON: line (1-based) */
	bool		 is_json;
	struct pkt_rec_lens lens, recv_lens;	/* private to pkt_rec_build */
};

struct pkt_reader;

/* Open path ("-": stdin).  NULL with errbuf ("FILE: No such file or
 * directory", "FILE: <libpcap's reason>") on error. */
struct pkt_reader *pkt_reader_open(const char *path, char *errbuf);
/* The same over an open stream (tests, memory streams); name is used in
 * messages.  fp is read only through fread and is not closed. */
struct pkt_reader *pkt_reader_fopen(FILE *fp, const char *name, char *errbuf);
/* 1: a record in *rec (zeroed first); 0: end of input; -1: error in
 * errbuf naming the file and the record or line, e.g.
 *	capture.pcap: record 7: truncated (file ends inside the record)
 *	probes.jsonl:3: IP.ttl: 300 out of range 0..255 */
int	pkt_reader_next(struct pkt_reader *, struct pkt_rec *, char *errbuf);
void	pkt_reader_close(struct pkt_reader *);
/* "pcap", "pcapng", "json" (known after open). */
const char *pkt_reader_format(const struct pkt_reader *);
/* Link type of a pcap/pcapng input (DLT_*), -1 for JSON. */
int	pkt_reader_dlt(const struct pkt_reader *);

/* Build rec->pkt (and rec->recv) unless already built, then set the wire
 * length from the record's "len" (kept when the size did not change; a
 * capture cut short stays cut short by as much).  Errors are prefixed
 * with "FILE:LINE: ". */
int	pkt_rec_build(struct pkt_rec *, const struct pkt_env *, char *errbuf);
/* Free rec->pkt and rec->recv and zero them. */
void	pkt_rec_clear(struct pkt_rec *);

/* Link type name as in JSON: libpcap's name ("EN10MB", "PPP_SERIAL" for
 * 50), NULL when libpcap has none (then JSON has the number). */
const char *pkt_linktype_name(int dlt);
/* Link type from a name (any case) or a number in text (101, LINKTYPE_RAW,
 * is DLT_RAW); -1 if unknown. */
int	pkt_linktype_val(const char *);

/* ---- pcap output ------------------------------------------------------- */

/* pcap via libpcap, "-" for stdout (a dup of fd 1: stdout stays open).
 * The file is created at open; the link type is that of the first packet
 * written (pkt->dlt; a header-only pcap with LINKTYPE_RAW when none is
 * written).  A later packet of another link type is an error.  Output to
 * anything but a regular file is flushed per packet (streamed). */
struct pkt_pcapw;
struct pkt_pcapw *pkt_pcapw_open(const char *path, char *errbuf);
/* Writes pkt->raw (rawlen bytes), pkt->time (now when 0; microseconds;
 * pcap's seconds are 32 bits) and pkt->wirelen as it is (pkt_build and the
 * readers set it; set it yourself when you fill raw by hand). */
int	pkt_pcapw_write(struct pkt_pcapw *, const struct pkt_pkt *, char *errbuf);
/* Flushes and closes; write errors (ENOSPC, EPIPE...) are reported here
 * if not already by a write.  Frees w in every case; NULL is a no-op. */
int	pkt_pcapw_close(struct pkt_pcapw *, char *errbuf);

/* ---- JSON Lines output -------------------------------------------------- */

/* Records are flushed one by one (the stream is live) unless held: then
 * stdio buffers them and the caller flushes (pktsend -n reading a file,
 * whose records are all there at once). */
void	pkt_json_hold(bool);
/* One line: the packet object of SPEC section 4: "time", "iface" (when
 * known), "linktype", "len", "caplen", "layers" (from pkt->li), "hex"
 * (pkt->raw), keys in that order; then '\n', then fflush.  0 or -1
 * (errno). */
int	pkt_json_write_pkt(FILE *, const struct pkt_pkt *);
/* One line: {"sent": {...}, "recv": {...}|null, "rtt": x|null, extra...}.
 * recv may be NULL; rtt < 0 is null; the keys of extra (may be NULL;
 * borrowed, not stolen) follow in their order. */
int	pkt_json_write_pair(FILE *, const struct pkt_pkt *sent,
	    const struct pkt_pkt *recv, double rtt, struct json_t *extra);
/* One parsed JSON record (packet or pair) into rec: pkt, built, pair,
 * recv, rtt.  Messages without file and line.  Used by the reader. */
int	pkt_json_to_rec(struct json_t *, struct pkt_rec *, char *errbuf);
/* Any object as one line (compact, keys in order), '\n', fflush. */
int	pkt_json_write(FILE *, struct json_t *);

#endif
