/* ip.c: IPv4 (RFC 791), with options.
 *
 *    0                   1                   2                   3
 *    0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |Version|  IHL  |Type of Service|          Total Length         |
 *   |         Identification        |Flags|      Fragment Offset    |
 *   |  Time to Live |    Protocol   |         Header Checksum       |
 *   |                       Source Address                          |
 *   |                    Destination Address                        |
 *   |                    Options                    |    Padding    |
 */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "../dissect.h"
#include "ip.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "names.h"
#include "../match.h"


static const struct pkt_name ip_flags[] = {
	{ 0, "MF" }, { 1, "DF" }, { 2, "evil" }, { 0, NULL },
};

static const struct pkt_optkind ip_optkinds[] = {
	{ 0, "EOL", PKT_O_NONE },
	{ 1, "NOP", PKT_O_NONE },
	{ 7, "RR", PKT_O_HEX },
	{ 11, "MTUProbe", PKT_O_U16 },
	{ 12, "MTUReply", PKT_O_U16 },
	{ 68, "Timestamp", PKT_O_HEX },
	{ 82, "Traceroute", PKT_O_HEX },
	{ 130, "Security", PKT_O_HEX },
	{ 131, "LSRR", PKT_O_HEX },
	{ 133, "ExtendedSecurity", PKT_O_HEX },
	{ 136, "StreamId", PKT_O_U16 },
	{ 137, "SSRR", PKT_O_HEX },
	{ 145, "SDBM", PKT_O_HEX },
	{ 148, "RouterAlert", PKT_O_U16 },
	{ -1, NULL, PKT_O_HEX },
};
static const struct pkt_optdesc ip_opts = {
	.kinds = ip_optkinds, .pad4 = true, .show = pkt_ip_opts_show,
};

static size_t
ip_optlen(const struct pkt_li *li, size_t avail)
{
	uint64_t ihl = pkt_li_u(li, IP_F_IHL);

	(void)avail;
	return ihl > 5 ? (size_t)(ihl - 5) * 4 : 0;
}

static const struct pkt_field ip_fields[] = {
	[IP_F_VERSION] = { .name = "version", .type = PKT_F_UINT, .bits = 4, .def = 4 },
	[IP_F_IHL] = { .name = "ihl", .type = PKT_F_UINT, .bits = 4, .fl = PKT_FF_AUTO },
	[IP_F_TOS] = { .name = "tos", .type = PKT_F_UINT, .bits = 8, .fl = PKT_FF_HEX },
	[IP_F_LEN] = { .name = "len", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_AUTO },
	[IP_F_ID] = { .name = "id", .type = PKT_F_UINT, .bits = 16, .def = 1 },
	[IP_F_FLAGS] = { .name = "flags", .type = PKT_F_FLAGS, .bits = 3,
	    .fl = PKT_FF_FLAGPLUS, .names = ip_flags },
	[IP_F_FRAG] = { .name = "frag", .type = PKT_F_UINT, .bits = 13 },
	[IP_F_TTL] = { .name = "ttl", .type = PKT_F_UINT, .bits = 8, .def = 64 },
	[IP_F_PROTO] = { .name = "proto", .type = PKT_F_UINT, .bits = 8,
	    .names = pkt_names_ip_protos },
	[IP_F_CHKSUM] = { .name = "chksum", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX | PKT_FF_AUTO },
	[IP_F_SRC] = { .name = "src", .type = PKT_F_IPV4 },
	[IP_F_DST] = { .name = "dst", .type = PKT_F_IPV4, .defs = "127.0.0.1" },
	[IP_F_OPTIONS] = { .name = "options", .type = PKT_F_OPTS, .opts = &ip_opts,
	    .len = ip_optlen },
};
_Static_assert(sizeof(ip_fields) / sizeof(ip_fields[0]) == IP_NF,
    "ip.h's enum and the table of ip.c differ");

static int
ip_prepare(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];

	if (!li->v[IP_F_DST].set) {
		inet_pton(AF_INET, "127.0.0.1", li->v[IP_F_DST].a);
		li->v[IP_F_DST].set = true;
	}
	if (!li->v[IP_F_SRC].set) {
		memset(li->v[IP_F_SRC].a, 0, 4);
		if (bc->env != NULL && bc->env->srcaddr != NULL)
			bc->env->srcaddr(bc->env->arg, 4, li->v[IP_F_DST].a,
			    li->v[IP_F_SRC].a);
		li->v[IP_F_SRC].set = true;
	}
	return 0;
}

static int
ip_finish(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];
	size_t hl = bc->hlen[idx], end = pkt_bctx_payend(bc, idx);
	uint8_t *h = bc->buf + bc->off[idx];

	if (!li->v[IP_F_IHL].set)
		pkt_bctx_putu(bc, idx, IP_F_IHL, (hl / 4) & 0xf);
	if (!li->v[IP_F_LEN].set)
		pkt_bctx_putu(bc, idx, IP_F_LEN, (end - bc->off[idx]) & 0xffff);
	if (!li->v[IP_F_CHKSUM].set) {
		h[10] = h[11] = 0;
		pkt_bctx_putu(bc, idx, IP_F_CHKSUM,
		    pkt_csum_fold(pkt_csum_add(0, h, hl)));
	}
	return 0;
}

/* Bytes past the total length are Padding (Ethernet minimum frames). */
static size_t
ip_paylen(const struct pkt_li *li, size_t hdr, size_t avail)
{
	uint64_t len = pkt_li_u(li, IP_F_LEN);

	if (len < hdr)
		return avail;
	return len - hdr < avail ? (size_t)(len - hdr) : avail;
}

/* Later fragments are Raw: no reassembly. */
static const struct pkt_layer *
ip_next(struct pkt_dctx *dc, const struct pkt_li *li, const uint8_t *p, size_t n)
{
	(void)dc;
	(void)p;
	(void)n;
	if (pkt_li_u(li, IP_F_FRAG) != 0)
		return &pkt_layer_raw;
	return NULL;
}

static bool
ip_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	char a[INET_ADDRSTRLEN], b[INET_ADDRSTRLEN], pb[8];
	const char *proto = pkt_name_get(pkt_names_ip_protos, pkt_li_u(li, IP_F_PROTO));
	int k;

	if (li->quoted)
		return false;
	if (proto == NULL) {
		snprintf(pb, sizeof(pb), "%u", (unsigned)pkt_li_u(li, IP_F_PROTO));
		proto = pb;
	}
	inet_ntop(AF_INET, li->v[IP_F_SRC].a, a, sizeof(a));
	inet_ntop(AF_INET, li->v[IP_F_DST].a, b, sizeof(b));
	k = snprintf(s, n, "%s > %s %s", a, b, proto);
	if (pkt_li_u(li, IP_F_FRAG) && k > 0 && (size_t)k < n)
		snprintf(s + k, n - (size_t)k, " frag:%u",
		    (unsigned)pkt_li_u(li, IP_F_FRAG));
	return true;
}

/* ---- matching: Scapy's IP.answers, IPerror.answers, IP.hashret --------- */

static const struct pkt_netrule ip_rule = {
	.src = IP_F_SRC, .dst = IP_F_DST, .proto = IP_F_PROTO, .alen = 4,
	.id = IP_F_ID, .proto_direct = true,
};

static bool
ip_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	return pkt_answers_network(m, ri, pi, &ip_rule);
}

static int64_t
ip_span(const struct pkt_li *li)
{
	return (int64_t)pkt_li_wire(li, IP_F_LEN) - 4 * (int64_t)pkt_li_wire(li, IP_F_IHL);
}

static uint32_t
ip_peer(const struct pkt_li *li, bool dst, uint8_t *out)
{
	memcpy(out, li->v[dst ? IP_F_DST : IP_F_SRC].a, 4);
	return 4;
}

static bool
ip_addrs(const struct pkt_li *li, size_t *src, size_t *dst)
{
	(void)li;
	*src = IP_F_SRC;
	*dst = IP_F_DST;
	return true;
}

/* Scapy's in4_pseudoheader: an IP len that was given sets the upper
 * layer's length, len - 4 * ihl (ihl as given, else as built), not less
 * than 0; else it is the length of what was built. */
static uint32_t
ip_pseudo(const struct pkt_bctx *bc, size_t idx, size_t upper, uint8_t proto,
    size_t len)
{
	const struct pkt_li *li = &bc->p->li[idx];
	const uint8_t *h = bc->buf + bc->off[idx];
	uint8_t hdr[4];
	uint32_t sum;

	(void)upper;
	if (li->v[IP_F_LEN].set) {
		uint64_t tot = li->v[IP_F_LEN].u, ihl = li->v[IP_F_IHL].set ?
		    li->v[IP_F_IHL].u : bc->hlen[idx] / 4;

		len = tot > 4 * ihl ? (size_t)(tot - 4 * ihl) : 0;
	}
	sum = pkt_csum_add(0, h + 12, 8);
	hdr[0] = 0;
	hdr[1] = proto;
	hdr[2] = (uint8_t)(len >> 8);
	hdr[3] = (uint8_t)len;
	return pkt_csum_add(sum, hdr, 4);
}

const struct pkt_layer pkt_layer_ip = {
	.name = "IP", .title = "IP", .qname = "IPerror", .qtitle = "IP in ICMP", .f = ip_fields,
	.nf = sizeof(ip_fields) / sizeof(ip_fields[0]), .dlt = -1,
	.prepare = ip_prepare, .finish = ip_finish, .paylen = ip_paylen,
	.next = ip_next, .summary = ip_summary, .role = PKT_ROLE_NETWORK,
	.answers = ip_answers, .hashret = pkt_hashret_network, .span = ip_span,
	.addrs = ip_addrs, .peer = ip_peer, .pseudo = ip_pseudo,
};
