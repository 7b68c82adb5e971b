/* udp.c: UDP (RFC 768).
 *
 *    0      7 8     15 16    23 24    31
 *   +--------+--------+--------+--------+
 *   |     Source      |   Destination   |
 *   |      Port       |      Port       |
 *   |     Length      |    Checksum     |
 */
#include "../pkt.h"

#include <stdio.h>

#include "names.h"

enum { F_SPORT, F_DPORT, F_LEN, F_CHKSUM };

static const struct pkt_field udp_fields[] = {
	[F_SPORT] = { .name = "sport", .type = PKT_F_UINT, .bits = 16, .def = 53,
	    .names = pkt_names_udp_services },
	[F_DPORT] = { .name = "dport", .type = PKT_F_UINT, .bits = 16, .def = 53,
	    .names = pkt_names_udp_services },
	[F_LEN] = { .name = "len", .type = PKT_F_UINT, .bits = 16, .fl = PKT_FF_AUTO },
	[F_CHKSUM] = { .name = "chksum", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX | PKT_FF_AUTO },
};

static int
udp_finish(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];
	size_t off = bc->off[idx], end = pkt_bctx_payend(bc, idx);
	uint32_t sum;
	uint16_t ck;

	if (!li->v[F_LEN].set)
		pkt_bctx_putu(bc, idx, F_LEN, (end - off) & 0xffff);
	if (!li->v[F_CHKSUM].set) {
		bc->buf[off + 6] = bc->buf[off + 7] = 0;
		if (!pkt_csum_pseudo(bc, idx, 17, end - off, &sum))
			return 0;
		ck = pkt_csum_fold(pkt_csum_add(sum, bc->buf + off, end - off));
		pkt_bctx_putu(bc, idx, F_CHKSUM, ck ? ck : 0xffff);
	}
	return 0;
}

static size_t
udp_paylen(const struct pkt_li *li, size_t hdr, size_t avail)
{
	uint64_t len = pkt_li_u(li, F_LEN);

	if (li->quoted || len < hdr)
		return avail;
	return len - hdr < avail ? (size_t)(len - hdr) : avail;
}


static bool
udp_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	char a[64], b[64], sp[32], dp[32];

	if (li->quoted)
		return false;
	pkt_fmt_port(sp, sizeof(sp), pkt_names_udp_services, pkt_li_u(li, F_SPORT));
	pkt_fmt_port(dp, sizeof(dp), pkt_names_udp_services, pkt_li_u(li, F_DPORT));
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
	.summary = udp_summary,
};
