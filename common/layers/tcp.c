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
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "tcp.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
#include "../match.h"
#include "../text.h"
#include "util.h"


extern const struct pkt_layer pkt_layer_ip, pkt_layer_ipv6;

static const struct pkt_name tcp_flags[] = {
	{ 0, "F" }, { 1, "S" }, { 2, "R" }, { 3, "P" }, { 4, "A" }, { 5, "U" },
	{ 6, "E" }, { 7, "C" }, { 8, "N" }, { 0, NULL },
};

static const struct pkt_optkind tcp_optkinds[] = {
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
/* TCPOptionsField.m2i() then repr() of the list, from the option bytes. */
static void
tcp_opts_repr_bytes(struct pkt_sb *b, const uint8_t *x, size_t n)
{
	static const struct { int kind; const char *name, *fmt; } k[] = {
		{ 2, "MSS", "H" }, { 3, "WScale", "B" }, { 4, "SAckOK", NULL },
		{ 5, "SAck", "*" }, { 8, "Timestamp", "II" },
		{ 14, "AltChkSum", "BH" }, { 15, "AltChkSumOpt", NULL },
		{ 19, "MD5", "s16" }, { 25, "Mood", "p" }, { 28, "UTO", "H" },
		{ 29, "AO", NULL }, { 34, "TFO", "II" },
	};
	size_t i = 0, first = 1;

	pkt_sb_putc(b, '[');
	while (i < n) {
		uint8_t on = x[i];
		size_t olen, vlen, j;
		const uint8_t *ov;
		const char *name = NULL, *fmt = NULL;

		if (!first)
			pkt_sb_puts(b, ", ");
		first = 0;
		if (on == 0) {
			pkt_sb_puts(b, "('EOL', None)");
			break;
		}
		if (on == 1) {
			pkt_sb_puts(b, "('NOP', None)");
			i++;
			continue;
		}
		olen = n - i > 1 ? x[i + 1] : 0;
		if (olen < 2)
			olen = 2;
		ov = x + i + (n - i > 2 ? 2 : n - i);
		vlen = olen - 2;
		if (vlen > n - (size_t)(ov - x))
			vlen = n - (size_t)(ov - x);
		for (j = 0; j < sizeof(k) / sizeof(k[0]); j++)
			if (k[j].kind == on) {
				name = k[j].name;
				fmt = k[j].fmt;
			}
		if (name == NULL) {
			pkt_sb_printf(b, "(%u, ", on);
			pkt_sb_repr_bytes(b, ov, vlen);
		} else {
			pkt_sb_printf(b, "('%s', ", name);
			if (fmt == NULL)
				pkt_sb_repr_bytes(b, ov, vlen);
			else if (strcmp(fmt, "*") == 0 && vlen % 4 == 0) {
				if (vlen / 4 != 1)
					pkt_sb_putc(b, '(');
				for (j = 0; j < vlen / 4; j++)
					pkt_sb_printf(b, "%s%u", j ? ", " : "",
					    (unsigned)pkt_be32(ov + 4 * j));
				if (vlen / 4 != 1)
					pkt_sb_putc(b, ')');
			} else if (strcmp(fmt, "H") == 0 && vlen == 2)
				pkt_sb_printf(b, "%u", (unsigned)pkt_be16(ov));
			else if (strcmp(fmt, "B") == 0 && vlen == 1)
				pkt_sb_printf(b, "%u", ov[0]);
			else if (strcmp(fmt, "II") == 0 && vlen == 8)
				pkt_sb_printf(b, "(%u, %u)", (unsigned)pkt_be32(ov),
				    (unsigned)pkt_be32(ov + 4));
			else if (strcmp(fmt, "BH") == 0 && vlen == 3)
				pkt_sb_printf(b, "(%u, %u)", ov[0],
				    (unsigned)pkt_be16(ov + 1));
			else if (strcmp(fmt, "p") == 0 && vlen == 1)
				pkt_sb_puts(b, "b''");
			else	/* "s16" and any length that does not fit */
				pkt_sb_repr_bytes(b, ov, vlen);
		}
		pkt_sb_putc(b, ')');
		i += olen;
	}
	pkt_sb_putc(b, ']');
}

static void
tcp_opts_repr(struct pkt_sb *b, const struct pkt_field *f,
    const struct pkt_val *v)
{
	size_t n;
	uint8_t *x = pkt_opts_bytes(f, v, &n);

	tcp_opts_repr_bytes(b, x, n);
	free(x);
}

static const struct pkt_optdesc tcp_opts = {
	.kinds = tcp_optkinds, .pad4 = true, .repr = tcp_opts_repr,
};

static size_t
tcp_optlen(const struct pkt_li *li, size_t avail)
{
	uint64_t off = pkt_li_u(li, TCP_F_DATAOFS);

	(void)avail;
	return off > 5 ? (size_t)(off - 5) * 4 : 0;
}

static const struct pkt_field tcp_fields[] = {
	[TCP_F_SPORT] = { .name = "sport", .type = PKT_F_UINT, .bits = 16, .def = 20,
	    .names = pkt_names_tcp_services },
	[TCP_F_DPORT] = { .name = "dport", .type = PKT_F_UINT, .bits = 16, .def = 80,
	    .names = pkt_names_tcp_services },
	[TCP_F_SEQ] = { .name = "seq", .type = PKT_F_UINT, .bits = 32 },
	[TCP_F_ACK] = { .name = "ack", .type = PKT_F_UINT, .bits = 32 },
	[TCP_F_DATAOFS] = { .name = "dataofs", .type = PKT_F_UINT, .bits = 4,
	    .fl = PKT_FF_AUTO },
	[TCP_F_RESERVED] = { .name = "reserved", .type = PKT_F_UINT, .bits = 3 },
	[TCP_F_FLAGS] = { .name = "flags", .type = PKT_F_FLAGS, .bits = 9, .def = 2,
	    .names = tcp_flags },
	[TCP_F_WINDOW] = { .name = "window", .type = PKT_F_UINT, .bits = 16, .def = 8192 },
	[TCP_F_CHKSUM] = { .name = "chksum", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX | PKT_FF_AUTO },
	[TCP_F_URGPTR] = { .name = "urgptr", .type = PKT_F_UINT, .bits = 16 },
	[TCP_F_OPTIONS] = { .name = "options", .type = PKT_F_OPTS, .opts = &tcp_opts,
	    .len = tcp_optlen },
};
_Static_assert(sizeof(tcp_fields) / sizeof(tcp_fields[0]) == TCP_NF,
    "tcp.h's enum and the table of tcp.c differ");

static int
tcp_finish(struct pkt_bctx *bc, size_t idx)
{
	struct pkt_li *li = &bc->p->li[idx];
	uint16_t ck;

	if (!li->v[TCP_F_DATAOFS].set)
		pkt_bctx_putu(bc, idx, TCP_F_DATAOFS, (bc->hlen[idx] / 4) & 0xf);
	if (!li->v[TCP_F_CHKSUM].set &&
	    pkt_csum_upper(bc, idx, TCP_F_CHKSUM, 6, &ck))
		pkt_bctx_putu(bc, idx, TCP_F_CHKSUM, ck);
	return 0;
}




static bool
tcp_summary(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	const struct pkt_li *li = &p->li[idx];
	char a[64], b[64], sp[32], dp[32], fl[32];

	if (li->quoted)
		return false;
	pkt_fmt_port(sp, sizeof(sp), pkt_names_tcp_services, pkt_li_u(li, TCP_F_SPORT));
	pkt_fmt_port(dp, sizeof(dp), pkt_names_tcp_services, pkt_li_u(li, TCP_F_DPORT));
	pkt_fmt_flags(fl, sizeof(fl), &tcp_fields[TCP_F_FLAGS], pkt_li_u(li, TCP_F_FLAGS));
	if (pkt_l4_addrs(p, idx, a, b, sizeof(a)))
		snprintf(s, n, "TCP %s:%s > %s:%s %s", a, sp, b, dp, fl);
	else
		snprintf(s, n, "TCP %s > %s %s", sp, dp, fl);
	return true;
}

/* ---- matching: Scapy's TCP.answers, TCPerror.answers, TCP.hashret ------ */

/* The length of what follows the TCP header at pi (Scapy's
 * len(other.payload), whatever layers it was dissected into: DNS over
 * TCP too): from the lengths of the headers below; the Raw bytes when
 * those lengths do not add up. */
static size_t
tcp_paylen(const struct pkt_pkt *pp, size_t pi)
{
	int64_t n = pkt_match_paylen(pp, pi);
	size_t k, raw = 0;

	n -= 4 * (int64_t)pkt_li_wire(&pp->li[pi], TCP_F_DATAOFS);
	if (n >= 0 && n <= 65535)
		return (size_t)n;
	for (k = pi + 1; k < pp->n; k++)
		if (pp->li[k].l == &pkt_layer_raw && pp->li[k].v[0].set)
			raw += pp->li[k].v[0].blen;
	return raw;
}

/* TCPerror.answers: the ports as sent (when checkIPsrc: a NAT rewrites
 * them).  A quote may stop after 8 bytes: the ports are there, and the
 * sequence number, which tells probes of one flow apart (pkttrace's
 * identity without an IP id: IPv6); a field the quote lacks is not
 * compared. */
static bool
tcperror_answers(const struct pkt_li *q, const struct pkt_li *a,
    const struct pkt_match_conf *c)
{
	if (c->checkipsrc && (pkt_li_wire(a, TCP_F_SPORT) != pkt_li_wire(q, TCP_F_SPORT) ||
	    pkt_li_wire(a, TCP_F_DPORT) != pkt_li_wire(q, TCP_F_DPORT)))
		return false;
	return !q->v[TCP_F_SEQ].set || q->v[TCP_F_SEQ].u == pkt_li_wire(a, TCP_F_SEQ);
}

static bool
tcp_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	const struct pkt_li *r = &m->reply->li[ri], *p;
	uint64_t pf, rf, pseq, pack, rseq, rack;
	size_t paylen;
	int64_t d;

	if (pi >= m->probe->n || (p = &m->probe->li[pi])->l != r->l)
		return false;
	if (r->quoted)
		return tcperror_answers(r, p, m->conf);
	pf = pkt_li_wire(p, TCP_F_FLAGS);
	rf = pkt_li_wire(r, TCP_F_FLAGS);
	pseq = pkt_li_wire(p, TCP_F_SEQ);
	pack = pkt_li_wire(p, TCP_F_ACK);
	rseq = pkt_li_wire(r, TCP_F_SEQ);
	rack = pkt_li_wire(r, TCP_F_ACK);
	if (pf & 0x04)		/* a probe with RST is never answered */
		return false;
	if ((rf & 0x02) && (!(rf & 0x10) || !(pf & 0x02)))
		return false;	/* SYN must come back as SYN-ACK, to a SYN */
	if (m->conf->checkipsrc && (pkt_li_wire(p, TCP_F_SPORT) != pkt_li_wire(r, TCP_F_DPORT) ||
	    pkt_li_wire(p, TCP_F_DPORT) != pkt_li_wire(r, TCP_F_SPORT)))
		return false;
	if (!(pf & 0x02) || (pf & 0x10)) {	/* not SYN without ACK: ack numbers */
		d = (int64_t)pack - (int64_t)rseq;
		if (d > 2 || d < -2)
			return false;
	}
	if ((rf & 0x14) != 0x04) {	/* not a bare RST: the ack */
		paylen = tcp_paylen(m->probe, pi);
		/* |probe.seq - reply.ack| <= 2 + len(payload), modulo
		 * 2^32: the reply's ack is usually past the probe's seq by
		 * the payload. */
		d = (int64_t)((pseq - rack) & 0xffffffffu);
		if (d > (int64_t)(2 + paylen) &&
		    (uint64_t)d < UINT64_C(0x100000000) - (2 + paylen))
			return false;
	}
	return pkt_answers_payload(m, ri + 1, pi + 1);
}

/* The probe's own port (a reply's destination port): Scapy hashes
 * sport ^ dport, unless checkIPsrc is off (ports may be rewritten). */
static uint32_t
tcp_hashret(const struct pkt_match_conf *c, const struct pkt_pkt *p, size_t idx,
    bool reply)
{
	const struct pkt_li *li = &p->li[idx];

	if (!c->checkipsrc)
		return UINT32_C(6) << 16;
	return UINT32_C(6) << 16 |
	    (uint32_t)pkt_li_wire(li, reply ? TCP_F_DPORT : TCP_F_SPORT);
}

/* The far end's port (a UDP answer may come from any: UDP has none). */
static uint32_t
tcp_peer(const struct pkt_li *li, bool dst, uint8_t *out)
{
	(void)out;
	return (uint32_t)pkt_li_wire(li, dst ? TCP_F_DPORT : TCP_F_SPORT);
}

const struct pkt_layer pkt_layer_tcp = {
	.name = "TCP", .title = "TCP", .qname = "TCPerror", .qtitle = "TCP in ICMP",
	.f = tcp_fields, .nf = sizeof(tcp_fields) / sizeof(tcp_fields[0]),
	.dlt = -1, .finish = tcp_finish, .summary = tcp_summary,
	.role = PKT_ROLE_TRANSPORT, .answers = tcp_answers, .hashret = tcp_hashret,
	.peer = tcp_peer,
};
