/* match.h: which received packet answers which probe: Scapy's hashret()
 * and answers(), as hooks of each layer (struct pkt_layer) and the
 * generic recursion over them (SCAPY-NOTES 1.3; unlike Scapy, the IP id
 * of a quoted probe is checked too). */
#ifndef PKT_MATCH_H
#define PKT_MATCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pkt_li;
struct pkt_pkt;
struct pkt_mctx;
struct pkt_match_conf;

/* The rules in force (Scapy's conf.checkIPaddr, conf.checkIPsrc): both
 * true until a tool says otherwise (--no-checkipaddr, --no-checkipsrc). */
void	pkt_match_configure(const struct pkt_match_conf *);
const struct pkt_match_conf *pkt_match_config(void);

/* Does `reply` answer `probe`?  Both are dissected trees; link headers
 * are skipped, so a probe sent without one matches a captured frame. */
bool	pkt_match_answers(const struct pkt_pkt *probe, const struct pkt_pkt *reply);

/* A key that a probe and every packet that can answer it share (the
 * probe's protocol and its own port or ICMP id), to find candidates
 * quickly; a reply's key is taken from the packet an ICMP error quotes.
 * A reply's key of 0 says nothing (an error whose quote stops before the
 * transport header, a packet with no transport): such a reply may answer
 * a probe of any key, and callers try it against every probe. */
uint32_t pkt_match_key(const struct pkt_pkt *, bool is_reply);

/* The far end of an exchange, to narrow a key's candidates: the address
 * a probe went to and its TCP destination port (0 for other protocols:
 * a UDP answer may come from another port), or where a reply came from (for an ICMP error: what its
 * quote says the probe went to).  A probe and a reply that answers it
 * give the same, when both return true.  False when it cannot say: no
 * network layer, a quote cut short, a probe to an IPv6 multicast group
 * (answered from the members' addresses). */
bool	pkt_match_peer(const struct pkt_pkt *, bool is_reply, uint8_t addr[16],
	    uint32_t *port);

/* Is this an ICMP/ICMPv6 error (time-exceeded, unreachable...)?  Then
 * *type is set; the quoted probe is what it answers. */
bool	pkt_match_is_error(const struct pkt_pkt *, unsigned *type, unsigned *code);

/* The index of the first network-layer header (IP, IPv6, ARP), or -1. */
int	pkt_match_l3(const struct pkt_pkt *);
/* Where that header starts in p->raw (the link headers' length). */
bool	pkt_match_l3_offset(const struct pkt_pkt *, size_t *off);

/* ---- for the layers' hooks ------------------------------------------- */

/* Reply layer ri answers probe layer pi: its answers hook, or the
 * generic rule (same layer, then the layers above).  ri past the end:
 * only an empty probe (or Padding) is answered, as NoPayload. */
bool	pkt_answers(const struct pkt_mctx *, size_t ri, size_t pi);
/* What follows a transport header, as pkt_answers but lenient: when
 * either side has nothing more, or the reply's layer has no rule of its
 * own (Raw), it answers. */
bool	pkt_answers_payload(const struct pkt_mctx *, size_t ri, size_t pi);
/* The key of layer idx: its hashret hook, or the layer above's. */
uint32_t pkt_hashret(const struct pkt_match_conf *, const struct pkt_pkt *,
	    size_t idx, bool reply);
/* The answers rule of IP and IPv6 (Scapy's IP.answers, IPv6.answers,
 * IPerror.answers), from where their fields are: addresses both ways
 * (checkIPaddr), an ICMP error's quote as the probe, then the layers
 * above. */
struct pkt_netrule {
	size_t	 src, dst, proto;	/* field indices: addresses, next protocol */
	size_t	 alen;			/* address length */
	int	 id;			/* a quote's id must be the probe's (-1: none) */
	bool	 proto_direct;		/* a direct answer has the probe's protocol */
	bool	 quote_src;		/* a quote has the probe's source even
					 * without checkIPsrc (IPerror6) */
	/* A probe answered from other addresses than its destination (an
	 * IPv6 multicast group).  Optional. */
	bool	(*any_src)(const struct pkt_li *probe);
};
bool	pkt_answers_network(const struct pkt_mctx *, size_t ri, size_t pi,
	    const struct pkt_netrule *);
/* The hashret hook of IP and IPv6: the key of the transport above
 * (extension headers skipped); an error's is its quote's, as a probe's
 * (Scapy's IP.hashret of an ICMP error: the IPerror hash). */
uint32_t pkt_hashret_network(const struct pkt_match_conf *, const struct pkt_pkt *,
	    size_t idx, bool reply);
/* The layer after idx that is not an extension header, or -1. */
int	pkt_match_upper(const struct pkt_pkt *, size_t idx);
/* The error layer just above network layer idx (its type and code), if
 * the packet is an error quoting a probe: the quote starts after it. */
bool	pkt_match_error_at(const struct pkt_pkt *, size_t idx, unsigned *type,
	    unsigned *code);
/* A network or extension layer's span hook summed: the length of what
 * follows layer idx (below it, the nearest network layer's payload less
 * the extension headers between), or -1. */
int64_t	pkt_match_paylen(const struct pkt_pkt *, size_t idx);

/* ---- the matching index (matchidx.c) -------------------------------------
 *
 * The bucket of a probe or a reply: key and far end when it can say
 * (*fine), else the key alone (0: cannot say; a reply of key 0 may answer
 * any probe).  A reply's candidates are the probes of its bucket, then,
 * when fine, the probes of its key that could not say their far end.
 * sr.c's window and pkt_match_index (the readers of a saved trace) both
 * find candidates so. */
uint64_t pkt_match_bucket(const struct pkt_pkt *, uint32_t key, bool reply,
	    bool *fine);

struct pkt_match_index {
	struct pkt_match_bucket {
		size_t	 *idx;
		uint64_t *id;
		size_t	  n, cap;	/* cap: room in each (pkt_xgrow) */
	} b[4096];
	size_t	*all;		/* every probe, in the order added */
	size_t	 n, cap;
};

void	pkt_match_index_init(struct pkt_match_index *);
void	pkt_match_index_free(struct pkt_match_index *);
/* Probe number i (dissected) joins the index. */
void	pkt_match_index_add(struct pkt_match_index *, const struct pkt_pkt *,
	    size_t i);
/* The first probe, in the order added, among the latest `scan` of each
 * candidate list of reply, that accept() takes (it checks
 * pkt_match_answers and whatever else); SIZE_MAX for none. */
size_t	pkt_match_index_find(const struct pkt_match_index *,
	    const struct pkt_pkt *reply, size_t scan,
	    bool (*accept)(void *, size_t probe), void *arg);

#endif
