/* tcp.c: TCP (RFC 9293), with options.
 *
 *    0                   1                   2                   3
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |          Source Port          |       Destination Port        |
 *   |                        Sequence Number                        |
 *   |                    Acknowledgment Number                      |
 *   |  Data |     |N|C|E|U|A|P|R|S|F|                               |
 *   | Offset| Res |S|W|C|R|C|S|S|Y|I|            Window             |
 *   |           Checksum            |         Urgent Pointer        |
 *   |                    Options                    |    Padding    |
 */
#include "../pkt.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "names.h"

enum { F_SPORT, F_DPORT, F_SEQ, F_ACK, F_DATAOFS, F_RESERVED, F_FLAGS,
    F_WINDOW, F_CHKSUM, F_URGPTR, F_OPTIONS };

extern const struct pkt_layer pkt_layer_ip, pkt_layer_ipv6;

static const struct pkt_name tcp_flags[] = {
	{ 0, "F" }, { 1, "S" }, { 2, "R" }, { 3, "P" }, { 4, "A" }, { 5, "U" },
	{ 6, "E" }, { 7, "C" }, { 8, "N" }, { 0, NULL },
};

const struct pkt_optkind pkt_tcp_optkinds[] = {
	{ 0, "EOL", PKT_O_NONE },
	{ 1, "NOP", PKT_O_NONE },
	{ 2, "MSS", PKT_O_U16 },
	{ 3, "WScale", PKT_O_U8 },
	{ 4, "SAckOK", PKT_O_EMPTY },
	{ 5, "SAck", PKT_O_U32LIST },
	{ 8, "Timestamp", PKT_O_U32X2 },
	{ 14, "AltChkSum", PKT_O_HEX },
	{ 15, "AltChkSumOpt", PKT_O_HEX },
	{ 19, "MD5", PKT_O_HEX },
	{ 25, "Mood", PKT_O_HEX },
	{ 28, "UTO", PKT_O_U16 },
	{ 29, "AO", PKT_O_HEX },
	{ 34, "TFO", PKT_O_HEX },
	{ -1, NULL, PKT_O_HEX },
};
static const struct pkt_optdesc tcp_opts = { pkt_tcp_optkinds, true };

static size_t
tcp_optlen(const struct pkt_li *li, size_t avail)
{
	uint64_t off = pkt_li_u(li, F_DATAOFS);

	(void)avail;
	return off > 5 ? (size_t)(off - 5) * 4 : 0;
}

static const struct pkt_field tcp_fields[] = {
	[F_SPORT] = { .name = "sport", .type = PKT_F_UINT, .bits = 16, .def = 20,
	    .names = pkt_names_tcp_services },
	[F_DPORT] = { .name = "dport", .type = PKT_F_UINT, .bits = 16, .def = 80,
	    .names = pkt_names_tcp_services },
	[F_SEQ] = { .name = "seq", .type = PKT_F_UINT, .bits = 32 },
	[F_ACK] = { .name = "ack", .type = PKT_F_UINT, .bits = 32 },
	[F_DATAOFS] = { .name = "dataofs", .type = PKT_F_UINT, .bits = 4,
	    .fl = PKT_FF_AUTO },
	[F_RESERVED] = { .name = "reserved", .type = PKT_F_UINT, .bits = 3 },
	[F_FLAGS] = { .name = "flags", .type = PKT_F_FLAGS, .bits = 9, .def = 2,
	    .names = tcp_flags },
	[F_WINDOW] = { .name = "window", .type = PKT_F_UINT, .bits = 16, .def = 8192 },
	[F_CHKSUM] = { .name = "chksum", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX | PKT_FF_AUTO },
	[F_URGPTR] = { .name = "urgptr", .type = PKT_F_UINT, .bits = 16 },
	[F_OPTIONS] = { .name = "options", .type = PKT_F_OPTS, .opts = &tcp_opts,
	    .len = tcp_optlen },
};

static int
tcp_finish(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];
	size_t off = bc->off[idx], end = pkt_bctx_payend(bc, idx);
	uint32_t sum;

	if (!li->v[F_DATAOFS].set)
		pkt_bctx_putu(bc, idx, F_DATAOFS, (bc->hlen[idx] / 4) & 0xf);
	if (!li->v[F_CHKSUM].set) {
		bc->buf[off + 16] = bc->buf[off + 17] = 0;
		if (!pkt_csum_pseudo(bc, idx, 6, end - off, &sum))
			return 0;	/* no IP below: left at 0, as Scapy */
		pkt_bctx_putu(bc, idx, F_CHKSUM,
		    pkt_csum_fold(pkt_csum_add(sum, bc->buf + off, end - off)));
	}
	return 0;
}




static bool
tcp_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	char a[64], b[64], sp[32], dp[32], fl[32];

	if (li->quoted)
		return false;
	pkt_fmt_port(sp, sizeof(sp), pkt_names_tcp_services, pkt_li_u(li, F_SPORT));
	pkt_fmt_port(dp, sizeof(dp), pkt_names_tcp_services, pkt_li_u(li, F_DPORT));
	pkt_fmt_flags(fl, sizeof(fl), &tcp_fields[F_FLAGS], pkt_li_u(li, F_FLAGS));
	if (pkt_l4_addrs(p, idx, a, b, sizeof(a)))
		snprintf(s, n, "TCP %s:%s > %s:%s %s", a, sp, b, dp, fl);
	else
		snprintf(s, n, "TCP %s > %s %s", sp, dp, fl);
	return true;
}

const struct pkt_layer pkt_layer_tcp = {
	.name = "TCP", .title = "TCP", .qname = "TCPerror", .qtitle = "TCP in ICMP",
	.f = tcp_fields, .nf = sizeof(tcp_fields) / sizeof(tcp_fields[0]),
	.dlt = -1, .finish = tcp_finish, .summary = tcp_summary,
};
