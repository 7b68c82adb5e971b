/* udp.c: UDP (RFC 768).
 *
 *    0      7 8     15 16    23 24    31
 *   +--------+--------+--------+--------+
 *   |     Source      |   Destination   |
 *   |      Port       |      Port       |
 *   |     Length      |    Checksum     |
 */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "udp.h"

#include <stdio.h>

#include "names.h"
#include "../match.h"


static const struct pkt_field udp_fields[] = {
	[UDP_F_SPORT] = { .name = "sport", .type = PKT_F_UINT, .bits = 16, .def = 53,
	    .names = pkt_names_udp_services },
	[UDP_F_DPORT] = { .name = "dport", .type = PKT_F_UINT, .bits = 16, .def = 53,
	    .names = pkt_names_udp_services },
	[UDP_F_LEN] = { .name = "len", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_AUTO },
	[UDP_F_CHKSUM] = { .name = "chksum", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX | PKT_FF_AUTO },
};
_Static_assert(sizeof(udp_fields) / sizeof(udp_fields[0]) == UDP_NF,
    "udp.h's enum and the table of udp.c differ");

static int
udp_finish(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];
	size_t off = bc->off[idx], end = pkt_bctx_payend(bc, idx);
	uint16_t ck;

	if (!li->v[UDP_F_LEN].set)
		pkt_bctx_putu(bc, idx, UDP_F_LEN, (end - off) & 0xffff);
	if (!li->v[UDP_F_CHKSUM].set &&
	    pkt_csum_upper(bc, idx, UDP_F_CHKSUM, 17, &ck))
		pkt_bctx_putu(bc, idx, UDP_F_CHKSUM, ck ? ck : 0xffff);
	return 0;
}

static size_t
udp_paylen(const struct pkt_li *li, size_t hdr, size_t avail)
{
	uint64_t len = pkt_li_u(li, UDP_F_LEN);

	if (li->quoted || len < hdr)
		return avail;
	return len - hdr < avail ? (size_t)(len - hdr) : avail;
}

/* ---- matching: Scapy's UDP.answers, UDPerror.answers -------------------- */

/* A reply to the probe's port (when checkIPsrc), then what follows (DNS
 * ids).  Quoted (UDPerror): both ports as sent (when checkIPsrc), and
 * the checksum, which tells probes of one flow apart (pkttrace's identity
 * without an IP id), when the quote has it (a NAT that rewrites the
 * source rewrites the checksum too). */
static bool
udp_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	const struct pkt_li *r = &m->reply->li[ri], *p;
	bool ports = m->conf->checkipsrc;

	if (pi >= m->probe->n || (p = &m->probe->li[pi])->l != r->l)
		return false;
	if (r->quoted)
		return !ports || (pkt_li_wire(p, UDP_F_SPORT) == pkt_li_wire(r, UDP_F_SPORT) &&
		    pkt_li_wire(p, UDP_F_DPORT) == pkt_li_wire(r, UDP_F_DPORT) &&
		    (!r->v[UDP_F_CHKSUM].set ||
		    r->v[UDP_F_CHKSUM].u == pkt_li_wire(p, UDP_F_CHKSUM)));
	if (ports && pkt_li_wire(p, UDP_F_SPORT) != pkt_li_wire(r, UDP_F_DPORT))
		return false;
	return pkt_answers_payload(m, ri + 1, pi + 1);
}

/* Scapy hashes no UDP port (a reply may come from another); the probe's
 * own port is the reply's destination, unless checkIPsrc is off. */
static uint32_t
udp_hashret(const struct pkt_match_conf *c, const struct pkt_pkt *p, size_t idx,
    bool reply)
{
	if (!c->checkipsrc)
		return UINT32_C(17) << 16;
	return UINT32_C(17) << 16 |
	    (uint32_t)pkt_li_wire(&p->li[idx], reply ? UDP_F_DPORT : UDP_F_SPORT);
}

static bool
udp_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	char a[64], b[64], sp[32], dp[32];

	if (li->quoted)
		return false;
	pkt_fmt_port(sp, sizeof(sp), pkt_names_udp_services, pkt_li_u(li, UDP_F_SPORT));
	pkt_fmt_port(dp, sizeof(dp), pkt_names_udp_services, pkt_li_u(li, UDP_F_DPORT));
	if (pkt_l4_addrs(p, idx, a, b, sizeof(a)))
		snprintf(s, n, "UDP %s:%s > %s:%s", a, sp, b, dp);
	else
		snprintf(s, n, "UDP %s > %s", sp, dp);
	return true;
}

const struct pkt_layer pkt_layer_udp = {
	.name = "UDP", .title = "UDP", .qname = "UDPerror", .qtitle = "UDP in ICMP",
	.f = udp_fields, .nf = sizeof(udp_fields) / sizeof(udp_fields[0]),
	.dlt = -1, .finish = udp_finish, .paylen = udp_paylen,
	.role = PKT_ROLE_TRANSPORT, .answers = udp_answers, .hashret = udp_hashret,
	.summary = udp_summary,
};
