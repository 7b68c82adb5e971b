/* layer.h: what a protocol is to the engine: field types and flags,
 * option tables, field values, roles, the match context, struct
 * pkt_layer and its hooks, bindings, and the registry of layers
 * (common/layers/layers.c) with the small renderers of fmt.c.
 *
 * A layer is data (struct pkt_layer: a table of struct pkt_field) plus a
 * few hooks.  Building, dissecting, the spec parser, JSON and the text
 * renderings all walk the same tables, so a new protocol is one file in
 * common/layers/ plus one line in common/layers/layers.c.  A protocol
 * file includes this, packet.h for the instances it reads, and build.h
 * or dissect.h when it has hooks of those passes. */
#ifndef PKT_LAYER_H
#define PKT_LAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pkt_li;		/* packet.h */
struct pkt_pkt;		/* packet.h */
struct pkt_bctx;	/* build.h */
struct pkt_dctx;	/* dissect.h */

/* ---- field descriptions ---------------------------------------------- */

enum pkt_ftype {
	PKT_F_UINT,	/* unsigned integer, `bits` wide, big-endian bit packing */
	PKT_F_FLAGS,	/* unsigned integer rendered as flag letters/names */
	PKT_F_MAC,	/* 6 bytes */
	PKT_F_IPV4,	/* 4 bytes */
	PKT_F_IPV6,	/* 16 bytes */
	PKT_F_BYTES,	/* bytes: `bits`/8 fixed, or length from ->len */
	PKT_F_NAME,	/* DNS domain name, dotted text ("www.example.com.") */
	PKT_F_OPTS,	/* option list: ->opts describes the kinds */
	PKT_F_PKTS,	/* list of sub-layers (DNS qd/an/ns/ar) */
};

/* Field flags. */
#define PKT_FF_HEX	0x01	/* show()/repr as 0x.. (Scapy XShortField...) */
#define PKT_FF_AUTO	0x02	/* None = computed when built (len, chksum) */
#define PKT_FF_LE	0x04	/* little-endian integer (byte aligned) */
#define PKT_FF_HOSTORDER 0x08	/* NULL link header: either order on input */
#define PKT_FF_STR	0x10	/* BYTES rendered as text in show() */
#define PKT_FF_FLAGPLUS	0x20	/* flag names joined with '+' (IP "MF+DF") */
#define PKT_FF_NOSHOW	0x40	/* not rendered in show() (internal) */
#define PKT_FF_ADDRLIST	0x80	/* BYTES: IPv6 addresses, 16 bytes each (IP6ListField) */
#define PKT_FF_VIRTUAL	0x100	/* a value in the tree and JSON, not in the bytes
				 * (how a field was encoded: PPP's compressed
				 * protocol); the layer's dissect hook sets it */
#define PKT_FF_ISLIST	0x200	/* PKTS: a list is one value, no fan-out
				 * (Scapy's PacketListField, islist=1) */

/* Enum words and flag letters: a sentinel-terminated table ({0, NULL}). */
struct pkt_name {
	uint64_t	 val;
	const char	*name;
};

/* Option kinds for PKT_F_OPTS. */
enum pkt_ofmt {
	PKT_O_NONE,	/* one byte, no length (EOL, NOP) */
	PKT_O_EMPTY,	/* kind, len=2, no data (SAckOK) */
	PKT_O_U8, PKT_O_U16, PKT_O_U32,
	PKT_O_U32X2,	/* two 32-bit values (Timestamp) */
	PKT_O_U32LIST,	/* list of 32-bit values (SAck) */
	PKT_O_HEX,	/* anything else: data as bytes */
};
struct pkt_optkind {
	int		 kind;
	const char	*name;
	enum pkt_ofmt	 fmt;
};
struct pkt_field;
struct pkt_val;
struct pkt_sb;		/* show()'s growing text: common/text.h */
struct pkt_optdesc {
	const struct pkt_optkind *kinds;	/* terminated by name == NULL */
	bool		 pad4;			/* zero-pad the list to a multiple of 4 */
	bool		 strings;		/* each option is one string
						 * (DNSTextField) */
	/* show()'s rendering of the list, where Scapy's differs from the
	 * generic [(name, value), ...] (text.h has the kit).  Optional.
	 * repr: the value after "name = " (TCPOptionsField's repr);
	 * show: the field's whole lines (IP's options: a list of packets). */
	void	(*repr)(struct pkt_sb *, const struct pkt_field *,
	    const struct pkt_val *);
	void	(*show)(struct pkt_sb *, const char *label, size_t lvl,
	    const struct pkt_field *, const struct pkt_val *);
};

/* DNS names (PKT_F_NAME) that were compressed on the wire keep, in their
 * value's `u`, PKT_NAMEPTR(labels, offset): the first `labels` labels of
 * the dotted name, then a pointer to `offset` in the DNS message; u == 0
 * is uncompressed.  JSON: "<field>_ptr": [labels, offset] (layers/dns.c). */
#define PKT_NAMEPTR(labels, off) (UINT64_C(1) << 32 | \
	(uint64_t)(labels) << 16 | (uint64_t)(off))
#define PKT_NAMEPTR_LABELS(u)	((size_t)((u) >> 16 & 0xffff))
#define PKT_NAMEPTR_OFF(u)	((unsigned)((u) & 0x3fff))
/* DNS TXT rdata (PKT_F_OPTS): each option is one character-string, its
 * data the string, its kind ignored; a spec string is one string, a list
 * of strings several (Scapy's DNSTextField). */
extern const struct pkt_optdesc pkt_dns_txt;

struct pkt_field {
	const char		*name;	/* Scapy's name: spec key and JSON key */
	enum pkt_ftype		 type;
	uint8_t			 bits;	/* width of UINT/FLAGS; 8*n for fixed BYTES */
	uint16_t		 fl;	/* PKT_FF_* */
	uint64_t		 def;	/* default of UINT/FLAGS */
	const char		*defs;	/* default of address/bytes/name, as text */
	const struct pkt_name	*names;	/* enum words or flag letters (bit i) */
	/* Enum words that depend on other fields (ICMP code by type). */
	const struct pkt_name	*(*names_of)(const struct pkt_li *);
	/* Present in this instance?  NULL: always.  Sees earlier fields. */
	bool	(*cond)(const struct pkt_li *);
	/* Dissect: length in bytes of a variable BYTES/OPTS/NAME field,
	 * given what is left of the layer's bytes. */
	size_t	(*len)(const struct pkt_li *, size_t avail);
	const struct pkt_optdesc *opts;	/* PKT_F_OPTS */
	const struct pkt_layer	*sub;	/* PKT_F_PKTS: layer of the items */
};

/* ---- values ------------------------------------------------------------ */

struct pkt_opt {
	int		 kind;	/* -1: raw bytes kept as they were (malformed) */
	uint8_t		*data;
	size_t		 len;
};

struct pkt_val {
	bool		 set;	/* given (spec, JSON) or read from the wire */
	uint64_t	 u;	/* UINT, FLAGS */
	uint8_t		 a[16];	/* MAC, IPV4, IPV6 */
	uint8_t		*b;	/* BYTES, NAME (NUL-terminated text) */
	size_t		 blen;
	struct pkt_opt	*opts;	/* OPTS */
	size_t		 nopts;
	struct pkt_li	*items;	/* PKTS */
	size_t		 nitems;
};

/* ---- layers -------------------------------------------------------------- */

/* What a layer is to the rest of the engine, in place of tests on its
 * name: matching starts at the first network layer and steps over
 * extension headers; renderers and tools ask the same. */
enum pkt_role {
	PKT_ROLE_NONE,		/* payload, list items, options */
	PKT_ROLE_LINK,		/* Ether, Dot1Q, CookedLinux, Loopback, PPP */
	PKT_ROLE_NETWORK,	/* IP, IPv6, ARP */
	PKT_ROLE_EXTENSION,	/* IPv6 extension headers */
	PKT_ROLE_TRANSPORT,	/* TCP, UDP, ICMP, ICMPv6 */
	PKT_ROLE_APPLICATION,	/* DNS */
};

/* Scapy's conf.checkIPaddr and conf.checkIPsrc (both true by default):
 * the matching rules that --no-checkipaddr and --no-checkipsrc relax. */
struct pkt_match_conf {
	bool	checkipaddr;	/* a reply comes from where the probe went,
				 * to where it came from */
	bool	checkipsrc;	/* a quoted probe has its source address and
				 * ports as sent (no NAT rewrote them) */
};

/* What an answers hook sees: reply layer ri against probe layer pi (pi
 * may be probe->n: nothing left, Scapy's NoPayload). */
struct pkt_mctx {
	const struct pkt_pkt		*probe, *reply;
	const struct pkt_match_conf	*conf;
};

struct pkt_layer {
	const char		*name;	/* Scapy's class name: "IP" */
	const char		*title;	/* Scapy's Packet.name, for show() */
	const char		*qname;	/* name when quoted in an ICMP error ("IPerror") */
	const char		*qtitle;/* its show() title ("IP in ICMP") */
	const struct pkt_field	*f;
	size_t			 nf;
	int			 dlt;	/* link-layer header: its DLT, else -1 */
	/* Before building: fill unset fields that depend on the rest of the
	 * packet or on the host (addresses from the route).  Optional. */
	int	(*prepare)(struct pkt_bctx *, size_t idx);
	/* After all headers are laid out, inner layers first: lengths and
	 * checksums of fields left unset.  Optional. */
	int	(*finish)(struct pkt_bctx *, size_t idx);
	/* Dissect: which layer follows (NULL: bindings, then Raw).  Optional. */
	const struct pkt_layer *(*next)(struct pkt_dctx *, const struct pkt_li *,
	    const uint8_t *, size_t);
	/* Dissect: how many of `avail` payload bytes belong to this layer's
	 * payload (the rest is Padding).  Optional. */
	size_t	(*paylen)(const struct pkt_li *, size_t hdrlen, size_t avail);
	/* Custom build / dissect of the header, replacing the generic walk
	 * of the field table.  Optional. */
	int	(*build)(struct pkt_bctx *, size_t idx);
	int	(*dissect)(struct pkt_dctx *, struct pkt_li *);
	/* Scapy's mysummary(); returns true when it wrote a summary. */
	bool	(*summary)(const struct pkt_pkt *, size_t idx, char *, size_t);
	/* Scapy's mysummary() "needed" list (text, [classes]): layers below
	 * this one whose own summary is shown too when this one's is
	 * (TFTP over UDP).  NULL-terminated; optional. */
	const struct pkt_layer *const *sum_needed;
	enum pkt_role		 role;
	/* Scapy's answers(), called on the reply's layer: does reply layer
	 * ri answer probe layer pi?  A quoted layer (li->quoted) answers as
	 * Scapy's IPerror/TCPerror... do.  NULL: same layer, then the
	 * layers above (Packet.answers).  Recurse with pkt_answers(). */
	bool	(*answers)(const struct pkt_mctx *, size_t ri, size_t pi);
	/* Scapy's hashret(), as a key: what a probe (reply false) and every
	 * packet that can answer it (reply true) share; 0 says nothing.
	 * NULL: the key of the layer above.  Recurse with pkt_hashret(). */
	uint32_t (*hashret)(const struct pkt_match_conf *, const struct pkt_pkt *,
	    size_t idx, bool reply);
	/* Is this instance an error that quotes the packet it answers (ICMP
	 * time-exceeded, ICMPv6 errors)?  Then its type and code.  NULL: no. */
	bool	(*error)(const struct pkt_li *, unsigned *type, unsigned *code);
	/* Lengths from the header's own fields: a network layer, how much
	 * follows its header (IP len - 4 ihl, IPv6 plen); an extension
	 * header, its own length.  -1: unknown.  Optional. */
	int64_t	(*span)(const struct pkt_li *);
	/* The far end of an exchange, to narrow the candidates of a reply:
	 * a network layer writes its destination (dst) or source address
	 * into out and returns its length, 0 when it cannot say (a
	 * multicast group answers from elsewhere); a transport layer
	 * returns its destination or source port (out NULL), 0 when an
	 * answer may come from any port.  Optional. */
	uint32_t (*peer)(const struct pkt_li *, bool dst, uint8_t *out);
	/* A network layer's source and destination: the indices of its
	 * address fields (the variants this instance has: ARP's by its
	 * ptype), false when it has none.  pkt_li_addrs() gives them as
	 * text (summaries, tools).  Optional. */
	bool	(*addrs)(const struct pkt_li *, size_t *src, size_t *dst);
	/* A network layer's pseudo-header sum (Scapy's in4_chksum,
	 * in6_chksum) for the checksum of layer upper above it: protocol
	 * proto, len bytes as built.  pkt_csum_pseudo() calls it on the
	 * nearest layer below that has it.  Optional. */
	uint32_t (*pseudo)(const struct pkt_bctx *, size_t idx, size_t upper,
	    uint8_t proto, size_t len);
	/* Is this instance an echo reply (ICMP echo-reply, ICMPv6 Echo
	 * Reply)?  Then its sequence number in *seq: ping's lines.
	 * Optional. */
	bool	(*echo)(const struct pkt_li *, uint64_t *seq);
	/* The protocol this class is one message of, when several classes
	 * make one protocol (every ICMPv6 message: "ICMPv6"); NULL: the
	 * class is the protocol.  pkt_layer_protocol() says which. */
	const char		*protocol;
	unsigned		 lfl;	/* PKT_LF_* */
};

/* Layer flags (struct pkt_layer's lfl). */
#define PKT_LF_ND	0x01	/* a neighbour discovery message (RFC 4861:
				 * on its link only, hop limit 255) */

/* Bindings: upper follows lower when lower.field == val (dissect), and
 * an unset lower.field takes val when upper follows it (build). */
#define PKT_BIND_DISSECT 1
#define PKT_BIND_BUILD	 2
#define PKT_BIND_BOTH	 3
struct pkt_bind {
	const struct pkt_layer	*lower, *upper;
	const char		*field;
	uint64_t		 val;
	int			 how;
};

/* ---- registry (common/layers/layers.c) ---------------------------------- */

extern const struct pkt_layer *const pkt_layers[];
extern const struct pkt_bind pkt_binds[];
extern const struct pkt_layer pkt_layer_raw, pkt_layer_padding;

const struct pkt_layer *pkt_layer_find(const char *name, bool *quoted);
int	pkt_layer_field(const struct pkt_layer *, const char *name);
/* The kind of an option table with this number, or NULL. */
const struct pkt_optkind *pkt_optkind(const struct pkt_optdesc *, int kind);
/* pkt_layer_field(b->lower, b->field) of a pkt_binds[] entry, cached. */
int	pkt_bind_field(const struct pkt_bind *);
/* The variant of that field after index fi (the same name again: PPP's
 * protocol, 2 or 1 byte), or -1. */
int	pkt_bind_field_next(const struct pkt_bind *, int fi);
/* First layer of a packet of this link type (DLT_*), given its first
 * bytes (DLT_RAW is IP or IPv6 by the version nibble), or NULL: the
 * link-type table of layers.c (a row's layer, or its first hook), else
 * the layer whose own dlt it is. */
const struct pkt_layer *pkt_layer_bydlt(int dlt, const uint8_t *, size_t);
/* A link type with no link header: an IPv4 or IPv6 packet (DLT_RAW 12,
 * 14 on OpenBSD, LINKTYPE_RAW 101, DLT_IPV4 228, DLT_IPV6 229). */
bool	pkt_dlt_raw_ip(int dlt);
/* Link type a built packet starting with this layer is written as: the
 * layer's own, DLT_RAW for IP and IPv6, else -1 (a packet that starts
 * with ICMP, TCP, ARP...: no link type holds it, it is never sent). */
int	pkt_layer_dlt(const struct pkt_layer *);
/* What to put in front of a packet starting with l (-1 above) to make it
 * one that can be sent: "IP()/ (or Ether()/IP()/)", "Ether()/"... */
const char *pkt_layer_front(const struct pkt_layer *);
/* "IPerror" for a quoted IP, else the layer's name; likewise the title. */
const char *pkt_layer_name(const struct pkt_li *);
const char *pkt_layer_title(const struct pkt_li *);
/* The protocol of a layer's class: its `protocol`, else its name
 * ("ICMPv6" for every ICMPv6 message, "TCP" for TCP). */
const char *pkt_layer_protocol(const struct pkt_layer *);

/* ---- small renderers shared by summaries, show() and JSON (fmt.c) ---- */

/* Port by name ("http") if it has one, else the number. */
void	pkt_fmt_port(char *, size_t, const struct pkt_name *, uint64_t);
/* Flags as Scapy prints them: "SA", "MF+DF", "" for none. */
void	pkt_fmt_flags(char *, size_t, const struct pkt_field *, uint64_t);
/* Parse flags: letters ("SA"), names joined by '+' ("MF+DF"), or names
 * separated by commas; -1 on an unknown letter. */
int	pkt_parse_flags(const struct pkt_field *, const char *, uint64_t *);
/* A network layer's source and destination as text (its addrs hook);
 * false when it has none.  Buffers of n >= INET6_ADDRSTRLEN (46). */
bool	pkt_li_addrs(const struct pkt_li *, char *src, char *dst, size_t n);
/* Source and destination of the nearest network layer below idx that
 * has addresses (IP, IPv6). */
bool	pkt_l4_addrs(const struct pkt_pkt *, size_t, char *, char *, size_t);
/* Address field value as text (MAC, IPv4, IPv6); buf >= 48 bytes. */
const char *pkt_fmt_addr(const struct pkt_field *, const uint8_t *, char *, size_t);
/* The same as show() prints it (Scapy's i2repr): an IPv6 address is
 * followed by what it says of IPv4 (IP6Field: " [Teredo srv: S cli:
 * C:port]", " [6to4 GW: G]"); buf >= 128 bytes. */
const char *pkt_fmt_addr_show(const struct pkt_field *, const uint8_t *, char *,
	    size_t);
/* Parse an address of the field's type. */
int	pkt_parse_addr(const struct pkt_field *, const char *, uint8_t *);
/* A domain name's bytes as JSON text (\\ and \xNN escapes; out holds
 * 4n+1), and back (out holds n); -1 on a bad escape. */
size_t	pkt_fmt_name(const uint8_t *, size_t, char *out);
int	pkt_parse_name(const char *, size_t, uint8_t *out, size_t *outlen);
bool	pkt_icmp_has_idseq(uint64_t type);
const char *pkt_icmp_code_name(uint64_t type, uint64_t code);

/* ---- names ----------------------------------------------------------- */

const char *pkt_name_get(const struct pkt_name *, uint64_t);
int	pkt_name_val(const struct pkt_name *, const char *, uint64_t *);

#endif
