/* layers.c: the only table of layers, the bindings between them, and the
 * link-type table.  A new protocol is one file plus a line here. */
#include "../layer.h"
#include "../packet.h"

#include <stdlib.h>
#include <string.h>

extern const struct pkt_layer pkt_layer_ether, pkt_layer_ip, pkt_layer_ipv6,
    pkt_layer_tcp, pkt_layer_udp, pkt_layer_icmp;
extern const struct pkt_layer pkt_layer_dns, pkt_layer_dnsqr, pkt_layer_dnsrr;
/* IPv6 extension headers and their options (ipv6ext.c), ICMPv6 (icmp6.c). */
extern const struct pkt_layer pkt_layer_ipv6_hbh, pkt_layer_ipv6_destopt,
    pkt_layer_ipv6_routing, pkt_layer_ipv6_frag, pkt_layer_opt6_pad1,
    pkt_layer_opt6_padn, pkt_layer_opt6_ra, pkt_layer_opt6_jumbo,
    pkt_layer_opt6_hao, pkt_layer_opt6_unknown;
extern const struct pkt_layer pkt_layer_icmp6_unknown, pkt_layer_icmp6_unreach,
    pkt_layer_icmp6_toobig, pkt_layer_icmp6_timeexceed,
    pkt_layer_icmp6_paramproblem, pkt_layer_icmp6_echo_req,
    pkt_layer_icmp6_echo_rep, pkt_layer_icmp6_nd_rs, pkt_layer_icmp6_nd_ra,
    pkt_layer_icmp6_nd_ns, pkt_layer_icmp6_nd_na, pkt_layer_icmp6_nd_redirect,
    pkt_layer_icmp6_ndopt_srcll, pkt_layer_icmp6_ndopt_dstll,
    pkt_layer_icmp6_ndopt_prefix, pkt_layer_icmp6_ndopt_mtu,
    pkt_layer_icmp6_ndopt_unknown;
extern const struct pkt_layer pkt_layer_dot1q, pkt_layer_dot1ad, pkt_layer_arp,
    pkt_layer_sll, pkt_layer_sll2, pkt_layer_loopback, pkt_layer_ppp,
    pkt_layer_hdlc;
extern const struct pkt_layer pkt_layer_gre;
extern const struct pkt_layer pkt_layer_icmp6_mlquery, pkt_layer_icmp6_mlreport,
    pkt_layer_icmp6_mldone, pkt_layer_icmp6_mlquery2, pkt_layer_icmp6_mlreport2,
    pkt_layer_icmp6_mlrec;
extern const struct pkt_layer pkt_layer_icmp6_mpsol, pkt_layer_icmp6_mpadv;
extern const struct pkt_layer pkt_layer_icmpext_hdr, pkt_layer_icmpext_obj,
    pkt_layer_icmpext_mpls, pkt_layer_icmpext_ifinfo, pkt_layer_mpls;
/* PPP's first layer depends on the bytes (ppp.c). */
const struct pkt_layer *pkt_ppp_first(const uint8_t *, size_t);

const struct pkt_layer *const pkt_layers[] = {
	&pkt_layer_ether,
	&pkt_layer_ip,
	&pkt_layer_ipv6,
	&pkt_layer_icmp,
	&pkt_layer_tcp,
	&pkt_layer_udp,
	&pkt_layer_dot1q,
	&pkt_layer_dot1ad,
	&pkt_layer_arp,
	&pkt_layer_sll,
	&pkt_layer_sll2,
	&pkt_layer_loopback,
	&pkt_layer_ppp,
	&pkt_layer_hdlc,
	&pkt_layer_ipv6_hbh,
	&pkt_layer_ipv6_destopt,
	&pkt_layer_ipv6_routing,
	&pkt_layer_ipv6_frag,
	&pkt_layer_opt6_pad1,
	&pkt_layer_opt6_padn,
	&pkt_layer_opt6_ra,
	&pkt_layer_opt6_jumbo,
	&pkt_layer_opt6_hao,
	&pkt_layer_opt6_unknown,
	&pkt_layer_icmp6_echo_req,
	&pkt_layer_icmp6_echo_rep,
	&pkt_layer_icmp6_unreach,
	&pkt_layer_icmp6_toobig,
	&pkt_layer_icmp6_timeexceed,
	&pkt_layer_icmp6_paramproblem,
	&pkt_layer_icmp6_nd_rs,
	&pkt_layer_icmp6_nd_ra,
	&pkt_layer_icmp6_nd_ns,
	&pkt_layer_icmp6_nd_na,
	&pkt_layer_icmp6_nd_redirect,
	&pkt_layer_icmp6_ndopt_srcll,
	&pkt_layer_icmp6_ndopt_dstll,
	&pkt_layer_icmp6_ndopt_prefix,
	&pkt_layer_icmp6_ndopt_mtu,
	&pkt_layer_icmp6_ndopt_unknown,
	&pkt_layer_icmp6_mlquery,
	&pkt_layer_icmp6_mlreport,
	&pkt_layer_icmp6_mldone,
	&pkt_layer_icmp6_mlquery2,
	&pkt_layer_icmp6_mlreport2,
	&pkt_layer_icmp6_mlrec,
	&pkt_layer_icmp6_mpsol,
	&pkt_layer_icmp6_mpadv,
	&pkt_layer_icmp6_unknown,
	&pkt_layer_gre,
	&pkt_layer_icmpext_hdr,
	&pkt_layer_icmpext_obj,
	&pkt_layer_icmpext_mpls,
	&pkt_layer_icmpext_ifinfo,
	&pkt_layer_mpls,
	&pkt_layer_dns,
	&pkt_layer_dnsqr,
	&pkt_layer_dnsrr,
	&pkt_layer_raw,
	&pkt_layer_padding,
	NULL
};

const struct pkt_bind pkt_binds[] = {
	{ &pkt_layer_ether, &pkt_layer_ip, "type", 0x0800, PKT_BIND_BOTH },
	{ &pkt_layer_ether, &pkt_layer_ipv6, "type", 0x86dd, PKT_BIND_BOTH },
	{ &pkt_layer_ip, &pkt_layer_icmp, "proto", 1, PKT_BIND_BOTH },
	{ &pkt_layer_ip, &pkt_layer_ip, "proto", 4, PKT_BIND_BOTH },
	{ &pkt_layer_ip, &pkt_layer_tcp, "proto", 6, PKT_BIND_BOTH },
	{ &pkt_layer_ip, &pkt_layer_udp, "proto", 17, PKT_BIND_BOTH },
	{ &pkt_layer_ip, &pkt_layer_ipv6, "proto", 41, PKT_BIND_BOTH },
	{ &pkt_layer_ipv6, &pkt_layer_tcp, "nh", 6, PKT_BIND_BOTH },
	{ &pkt_layer_ipv6, &pkt_layer_udp, "nh", 17, PKT_BIND_BOTH },
	{ &pkt_layer_ipv6, &pkt_layer_ip, "nh", 4, PKT_BIND_BOTH },
	{ &pkt_layer_ipv6, &pkt_layer_ipv6, "nh", 41, PKT_BIND_BOTH },
	{ &pkt_layer_ether, &pkt_layer_arp, "type", 0x0806, PKT_BIND_BOTH },
	{ &pkt_layer_ether, &pkt_layer_dot1q, "type", 0x8100, PKT_BIND_BOTH },
	{ &pkt_layer_ether, &pkt_layer_dot1ad, "type", 0x88a8, PKT_BIND_BOTH },
	{ &pkt_layer_dot1q, &pkt_layer_ip, "type", 0x0800, PKT_BIND_BOTH },
	{ &pkt_layer_dot1q, &pkt_layer_ipv6, "type", 0x86dd, PKT_BIND_BOTH },
	{ &pkt_layer_dot1q, &pkt_layer_arp, "type", 0x0806, PKT_BIND_BOTH },
	{ &pkt_layer_dot1q, &pkt_layer_dot1q, "type", 0x8100, PKT_BIND_BOTH },
	{ &pkt_layer_dot1q, &pkt_layer_dot1ad, "type", 0x88a8, PKT_BIND_BOTH },
	{ &pkt_layer_dot1ad, &pkt_layer_ip, "type", 0x0800, PKT_BIND_BOTH },
	{ &pkt_layer_dot1ad, &pkt_layer_ipv6, "type", 0x86dd, PKT_BIND_BOTH },
	{ &pkt_layer_dot1ad, &pkt_layer_arp, "type", 0x0806, PKT_BIND_BOTH },
	{ &pkt_layer_dot1ad, &pkt_layer_dot1q, "type", 0x8100, PKT_BIND_BOTH },
	{ &pkt_layer_dot1ad, &pkt_layer_dot1ad, "type", 0x88a8, PKT_BIND_BOTH },
	{ &pkt_layer_sll, &pkt_layer_ip, "proto", 0x0800, PKT_BIND_BOTH },
	{ &pkt_layer_sll, &pkt_layer_ipv6, "proto", 0x86dd, PKT_BIND_BOTH },
	{ &pkt_layer_sll, &pkt_layer_arp, "proto", 0x0806, PKT_BIND_BOTH },
	{ &pkt_layer_sll, &pkt_layer_dot1q, "proto", 0x8100, PKT_BIND_BOTH },
	{ &pkt_layer_sll, &pkt_layer_dot1ad, "proto", 0x88a8, PKT_BIND_BOTH },
	{ &pkt_layer_sll2, &pkt_layer_ip, "proto", 0x0800, PKT_BIND_BOTH },
	{ &pkt_layer_sll2, &pkt_layer_ipv6, "proto", 0x86dd, PKT_BIND_BOTH },
	{ &pkt_layer_sll2, &pkt_layer_arp, "proto", 0x0806, PKT_BIND_BOTH },
	{ &pkt_layer_sll2, &pkt_layer_dot1q, "proto", 0x8100, PKT_BIND_BOTH },
	{ &pkt_layer_sll2, &pkt_layer_dot1ad, "proto", 0x88a8, PKT_BIND_BOTH },
	/* Dissection of Loopback (AF 2, 10, 24, 28, 30) is its next hook. */
	{ &pkt_layer_loopback, &pkt_layer_ip, "type", 2, PKT_BIND_BUILD },
	{ &pkt_layer_loopback, &pkt_layer_ipv6, "type", 10, PKT_BIND_BUILD },
	{ &pkt_layer_ppp, &pkt_layer_ip, "proto", 0x0021, PKT_BIND_BOTH },
	{ &pkt_layer_ppp, &pkt_layer_ipv6, "proto", 0x0057, PKT_BIND_BOTH },
	/* IPv6 extension headers: what follows them, by nh (IPv6 itself is
	 * above); ICMPv6 by its type byte is the next hook's (ipv6.c). */
#define V6EXT(up, v, how) \
	{ &pkt_layer_ipv6_hbh, up, "nh", v, how }, \
	{ &pkt_layer_ipv6_destopt, up, "nh", v, how }, \
	{ &pkt_layer_ipv6_routing, up, "nh", v, how }, \
	{ &pkt_layer_ipv6_frag, up, "nh", v, how }
#define V6ALL(up, v, how) \
	{ &pkt_layer_ipv6, up, "nh", v, how }, V6EXT(up, v, how)
	V6ALL(&pkt_layer_ipv6_hbh, 0, PKT_BIND_BOTH),
	V6ALL(&pkt_layer_ipv6_routing, 43, PKT_BIND_BOTH),
	V6ALL(&pkt_layer_ipv6_frag, 44, PKT_BIND_BOTH),
	V6ALL(&pkt_layer_ipv6_destopt, 60, PKT_BIND_BOTH),
	V6EXT(&pkt_layer_tcp, 6, PKT_BIND_BOTH),
	V6EXT(&pkt_layer_udp, 17, PKT_BIND_BOTH),
	V6EXT(&pkt_layer_ip, 4, PKT_BIND_BOTH),
	V6EXT(&pkt_layer_ipv6, 41, PKT_BIND_BOTH),
	V6ALL(&pkt_layer_icmp6_echo_req, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_echo_rep, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_unreach, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_toobig, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_timeexceed, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_paramproblem, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_nd_rs, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_nd_ra, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_nd_ns, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_nd_na, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_nd_redirect, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_unknown, 58, PKT_BIND_BUILD),
	/* MLD and MLDv2 (mld.c), mobile prefix discovery (mpd.c) */
	V6ALL(&pkt_layer_icmp6_mlquery, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_mlreport, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_mldone, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_mlquery2, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_mlreport2, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_mpsol, 58, PKT_BIND_BUILD),
	V6ALL(&pkt_layer_icmp6_mpadv, 58, PKT_BIND_BUILD),
	/* GRE (gre.c): over IP and IPv6; what it carries, by EtherType. */
	{ &pkt_layer_ip, &pkt_layer_gre, "proto", 47, PKT_BIND_BOTH },
	V6ALL(&pkt_layer_gre, 47, PKT_BIND_BOTH),
	{ &pkt_layer_gre, &pkt_layer_ip, "proto", 0x0800, PKT_BIND_BOTH },
	{ &pkt_layer_gre, &pkt_layer_ipv6, "proto", 0x86dd, PKT_BIND_BOTH },
	{ &pkt_layer_gre, &pkt_layer_ether, "proto", 0x6558, PKT_BIND_BOTH },
	{ &pkt_layer_gre, &pkt_layer_arp, "proto", 0x0806, PKT_BIND_BOTH },
	{ &pkt_layer_gre, &pkt_layer_dot1q, "proto", 0x8100, PKT_BIND_BOTH },
#undef V6ALL
#undef V6EXT
	/* DNS (dns.c): Scapy dissects UDP 5353 (mDNS) and 53, TCP 53; DNS
	 * on UDP or TCP sets an unset sport to 53 (Scapy's overload). */
	{ &pkt_layer_udp, &pkt_layer_dns, "dport", 5353, PKT_BIND_DISSECT },
	{ &pkt_layer_udp, &pkt_layer_dns, "sport", 5353, PKT_BIND_DISSECT },
	{ &pkt_layer_udp, &pkt_layer_dns, "dport", 53, PKT_BIND_DISSECT },
	{ &pkt_layer_udp, &pkt_layer_dns, "sport", 53, PKT_BIND_BOTH },
	{ &pkt_layer_tcp, &pkt_layer_dns, "dport", 53, PKT_BIND_DISSECT },
	{ &pkt_layer_tcp, &pkt_layer_dns, "sport", 53, PKT_BIND_BOTH },
	{ NULL, NULL, NULL, 0, 0 }
};

const struct pkt_layer *
pkt_layer_find(const char *name, bool *quoted)
{
	size_t i;

	if (quoted != NULL)
		*quoted = false;
	for (i = 0; pkt_layers[i] != NULL; i++) {
		if (strcmp(pkt_layers[i]->name, name) == 0)
			return pkt_layers[i];
		if (pkt_layers[i]->qname != NULL &&
		    strcmp(pkt_layers[i]->qname, name) == 0) {
			if (quoted != NULL)
				*quoted = true;
			return pkt_layers[i];
		}
	}
	return NULL;
}

int
pkt_layer_field(const struct pkt_layer *l, const char *name)
{
	size_t i;

	for (i = 0; i < l->nf; i++)
		if (strcmp(l->f[i].name, name) == 0)
			return (int)i;
	return -1;
}

const char *
pkt_layer_name(const struct pkt_li *li)
{
	return li->quoted && li->l->qname != NULL ? li->l->qname : li->l->name;
}

const char *
pkt_layer_title(const struct pkt_li *li)
{
	if (li->quoted && li->l->qtitle != NULL)
		return li->l->qtitle;
	return li->l->title;
}

const char *
pkt_layer_protocol(const struct pkt_layer *l)
{
	return l->protocol != NULL ? l->protocol : l->name;
}

/* DLT_RAW and its kin: IPv6 or IPv4 by the version nibble, else Raw. */
static const struct pkt_layer *
raw_ip_first(const uint8_t *p, size_t n)
{
	if (n > 0 && (p[0] >> 4) == 6)
		return &pkt_layer_ipv6;
	if (n > 0 && (p[0] >> 4) == 4)
		return &pkt_layer_ip;
	return &pkt_layer_raw;
}

/* The link types beyond each link layer's own (its `dlt`): what a packet
 * of that type starts with (`layer`, or `first` given its bytes), and
 * what a packet starting with `layer` is written as (the first row that
 * names it).  A link type with no link header says raw_ip. */
static const struct {
	int			 dlt;
	const struct pkt_layer	*layer;
	const struct pkt_layer	*(*first)(const uint8_t *, size_t);
	bool			 raw_ip;
} linktypes[] = {
	{ 12, &pkt_layer_ip, raw_ip_first, true },	/* DLT_RAW (Linux) */
	{ 12, &pkt_layer_ipv6, raw_ip_first, true },
	{ 14, NULL, raw_ip_first, true },		/* DLT_RAW (OpenBSD) */
	{ 101, NULL, raw_ip_first, true },		/* LINKTYPE_RAW */
	{ 228, &pkt_layer_ip, NULL, true },		/* DLT_IPV4 */
	{ 229, &pkt_layer_ipv6, NULL, true },		/* DLT_IPV6 */
	{ 108, &pkt_layer_loopback, NULL, false },	/* LOOP */
	{ 9, &pkt_layer_ppp, pkt_ppp_first, false },	/* PPP, maybe HDLC-framed */
};
#define NLINKTYPES (sizeof(linktypes) / sizeof(linktypes[0]))

bool
pkt_dlt_raw_ip(int dlt)
{
	size_t i;

	for (i = 0; i < NLINKTYPES; i++)
		if (linktypes[i].dlt == dlt)
			return linktypes[i].raw_ip;
	return false;
}

const struct pkt_layer *
pkt_layer_bydlt(int dlt, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i < NLINKTYPES; i++)
		if (linktypes[i].dlt == dlt)
			return linktypes[i].first != NULL ?
			    linktypes[i].first(p, n) : linktypes[i].layer;
	for (i = 0; pkt_layers[i] != NULL; i++)
		if (pkt_layers[i]->dlt == dlt && dlt >= 0)
			return pkt_layers[i];
	return NULL;
}

int
pkt_layer_dlt(const struct pkt_layer *l)
{
	size_t i;

	if (l->dlt >= 0)
		return l->dlt;
	for (i = 0; i < NLINKTYPES; i++)
		if (linktypes[i].layer == l)
			return linktypes[i].dlt;
	return -1;	/* ICMP(), ARP() alone: no link type holds it */
}

const char *
pkt_layer_front(const struct pkt_layer *l)
{
	if (l == &pkt_layer_arp || l == &pkt_layer_dot1q || l == &pkt_layer_dot1ad)
		return "Ether()/";
	if (strncmp(l->name, "ICMPv6", 6) == 0 || strncmp(l->name, "IPv6", 4) == 0)
		return "IPv6()/ (or Ether()/IPv6()/)";
	return "IP()/ (or Ether()/IP()/)";
}

/* The field index of each binding, found once (dissection asks for it
 * for every layer of every packet). */
int
pkt_bind_field(const struct pkt_bind *b)
{
	static int *cache;
	static size_t n;
	size_t i = (size_t)(b - pkt_binds);

	if (cache == NULL) {
		while (pkt_binds[n].lower != NULL)
			n++;
		cache = calloc(n + 1, sizeof(*cache));
		if (cache == NULL)
			return pkt_layer_field(b->lower, b->field);
		for (size_t k = 0; k < n; k++)
			cache[k] = pkt_layer_field(pkt_binds[k].lower, pkt_binds[k].field);
	}
	return i < n ? cache[i] : pkt_layer_field(b->lower, b->field);
}

const struct pkt_optkind *
pkt_optkind(const struct pkt_optdesc *d, int kind)
{
	const struct pkt_optkind *k;

	for (k = d->kinds; k->name != NULL; k++)
		if (k->kind == kind)
			return k;
	return NULL;
}

int
pkt_bind_field_next(const struct pkt_bind *b, int fi)
{
	if (fi < 0 || (size_t)fi + 1 >= b->lower->nf ||
	    b->lower->f[fi + 1].name[0] != b->field[0] ||
	    strcmp(b->lower->f[fi + 1].name, b->field) != 0)
		return -1;
	return fi + 1;
}
