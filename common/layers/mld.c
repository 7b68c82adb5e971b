/* mld.c: Multicast Listener Discovery, MLDv1 (RFC 2710) and MLDv2
 * (RFC 3810), as Scapy 2.5's ICMPv6ML* classes.
 *
 * MLDv1 query (130), report (131), done (132), and the MLDv2 query (130,
 * 28 bytes or more):
 *    0                   1                   2                   3
 *   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *   |     Type      |     Code      |          Checksum             |
 *   |    Maximum Response Delay     |          Reserved             |
 *   |                 Multicast Address (16 bytes)                  |
 *   | Resv  |S| QRV |     QQIC      |     Number of Sources (N)     |  v2
 *   |                 Source Address [1..N] (16 bytes each)         |  v2
 *
 * MLDv2 report (143), then its records:
 *   |  Type = 143   |    Reserved   |          Checksum             |
 *   |           Reserved            |  Nr of Mcast Address Records  |
 *   | Record Type   |  Aux Data Len |     Number of Sources (N)     |
 *   |                 Multicast Address (16 bytes)                  |
 *   |                 Source Address [1..N] (16 bytes each)         |
 *   |                 Auxiliary Data (Aux Data Len bytes)           |
 *
 * Counts and lengths left unset are computed, the checksum is ICMPv6's.
 * Scapy's ICMPv6MLDMultAddrRec takes what follows a record as another
 * record nested in it; here the report's records are a flat list of
 * records_number records, and bytes past them are Raw. */
#include "../layer.h"
#include "../packet.h"
#include "../build.h"
#include "../dissect.h"

#include <string.h>

#include "../util.h"
#include "icmp6.h"
#include "names.h"

extern const struct pkt_layer pkt_layer_icmp6_mlrec, pkt_layer_icmp6_mlquery,
    pkt_layer_icmp6_mlquery2;

#define NF(a) (sizeof(a) / sizeof((a)[0]))

enum { F_TYPE, F_CODE, F_CKSUM, F_MRD, F_RESERVED, F_MLADDR, F_RESV, F_S,
    F_QRV, F_QQIC, F_NSRC, F_SOURCES };

static size_t
sources_len(const struct pkt_li *li, size_t avail)
{
	(void)avail;
	return 16 * (size_t)pkt_li_u(li, F_NSRC);
}

#define U(nm, b, d) { .name = nm, .type = PKT_F_UINT, .bits = (b), .def = (d) }
#define HEAD(t, mrd) \
	[F_TYPE] = { .name = "type", .type = PKT_F_UINT, .bits = 8, .def = (t), \
	    .names = pkt_names_icmp6_types }, \
	[F_CODE] = U("code", 8, 0), \
	[F_CKSUM] = { .name = "cksum", .type = PKT_F_UINT, .bits = 16, \
	    .fl = PKT_FF_HEX | PKT_FF_AUTO }, \
	[F_MRD] = U("mrd", 16, mrd), \
	[F_RESERVED] = U("reserved", 16, 0), \
	[F_MLADDR] = { .name = "mladdr", .type = PKT_F_IPV6, .defs = "::" }

static const struct pkt_field query_fields[] = { HEAD(130, 10000) };
static const struct pkt_field report_fields[] = { HEAD(131, 0) };
static const struct pkt_field done_fields[] = { HEAD(132, 0) };
static const struct pkt_field query2_fields[] = {
	HEAD(130, 10000),
	[F_RESV] = U("Resv", 4, 0),
	[F_S] = U("S", 1, 0),
	[F_QRV] = U("QRV", 3, 0),
	[F_QQIC] = U("QQIC", 8, 0),
	[F_NSRC] = { .name = "sources_number", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_AUTO },
	[F_SOURCES] = { .name = "sources", .type = PKT_F_BYTES,
	    .fl = PKT_FF_ADDRLIST, .len = sources_len },
};

/* Scapy's overload_fields: queries go to all nodes, done to all routers,
 * MLDv2 reports to all MLDv2 routers; all with hop limit 1. */
static int
query_prepare(struct pkt_bctx *bc, size_t idx)
{
	return pkt_icmp6_overload(bc, idx, "ff02::1", 1);
}

static int
report_prepare(struct pkt_bctx *bc, size_t idx)
{
	return pkt_icmp6_overload(bc, idx, NULL, 1);
}

static int
done_prepare(struct pkt_bctx *bc, size_t idx)
{
	return pkt_icmp6_overload(bc, idx, "ff02::2", 1);
}

static int
report2_prepare(struct pkt_bctx *bc, size_t idx)
{
	return pkt_icmp6_overload(bc, idx, "ff02::16", 1);
}

/* Scapy's post_build: the number of sources, then the checksum. */
static int
query2_finish(struct pkt_bctx *bc, size_t idx)
{
	const struct pkt_li *li = &bc->p->li[idx];

	if (!li->v[F_NSRC].set)
		pkt_bctx_putu(bc, idx, F_NSRC, li->v[F_SOURCES].set ?
		    (li->v[F_SOURCES].blen / 16) & 0xffff : 0);
	return pkt_icmp6_finish(bc, idx);
}

/* ICMPv6MLReport.answers: a report answers a query (Scapy 2.5 asks for
 * the query anywhere in the probe; it is the layer under the report
 * here); quoted in an error, the probe's class (_ICMPv6.answers). */
static bool
report_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	if (m->reply->li[ri].quoted)
		return pkt_icmp6_answers(m, ri, pi);
	return pi < m->probe->n && m->probe->li[pi].l == &pkt_layer_icmp6_mlquery;
}

const struct pkt_layer pkt_layer_icmp6_mlquery = {
	.name = "ICMPv6MLQuery", .title = "MLD - Multicast Listener Query",
	.f = query_fields, .nf = NF(query_fields), .dlt = -1,
	.prepare = query_prepare, .finish = pkt_icmp6_finish,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers,
	.protocol = "ICMPv6",
};
const struct pkt_layer pkt_layer_icmp6_mlreport = {
	.name = "ICMPv6MLReport", .title = "MLD - Multicast Listener Report",
	.f = report_fields, .nf = NF(report_fields), .dlt = -1,
	.prepare = report_prepare, .finish = pkt_icmp6_finish,
	.role = PKT_ROLE_TRANSPORT, .answers = report_answers,
	.protocol = "ICMPv6",
};
const struct pkt_layer pkt_layer_icmp6_mldone = {
	.name = "ICMPv6MLDone", .title = "MLD - Multicast Listener Done",
	.f = done_fields, .nf = NF(done_fields), .dlt = -1,
	.prepare = done_prepare, .finish = pkt_icmp6_finish,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers,
	.protocol = "ICMPv6",
};
const struct pkt_layer pkt_layer_icmp6_mlquery2 = {
	.name = "ICMPv6MLQuery2", .title = "MLDv2 - Multicast Listener Query",
	.f = query2_fields, .nf = NF(query2_fields), .dlt = -1,
	.prepare = query_prepare, .finish = query2_finish,
	.role = PKT_ROLE_TRANSPORT, .answers = pkt_icmp6_answers,
	.protocol = "ICMPv6",
};

/* ---- MLDv2 report and its records -------------------------------------- */

enum { R_RTYPE, R_AUXLEN, R_NSRC, R_DST, R_SOURCES, R_AUXDATA };

static size_t
rec_sources_len(const struct pkt_li *li, size_t avail)
{
	(void)avail;
	return 16 * (size_t)pkt_li_u(li, R_NSRC);
}

static size_t
rec_aux_len(const struct pkt_li *li, size_t avail)
{
	(void)avail;
	return (size_t)pkt_li_u(li, R_AUXLEN);
}

static const struct pkt_field rec_fields[] = {
	[R_RTYPE] = U("rtype", 8, 4),
	[R_AUXLEN] = { .name = "auxdata_len", .type = PKT_F_UINT, .bits = 8,
	    .fl = PKT_FF_AUTO },
	[R_NSRC] = { .name = "sources_number", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_AUTO },
	[R_DST] = { .name = "dst", .type = PKT_F_IPV6, .defs = "::" },
	[R_SOURCES] = { .name = "sources", .type = PKT_F_BYTES,
	    .fl = PKT_FF_ADDRLIST, .len = rec_sources_len },
	[R_AUXDATA] = { .name = "auxdata", .type = PKT_F_BYTES, .fl = PKT_FF_STR,
	    .len = rec_aux_len },
};

/* A record's counts left unset, written into its bytes at h; returns
 * the record's length as built. */
static size_t
rec_fix(const struct pkt_li *li, uint8_t *h)
{
	size_t ns = li->v[R_SOURCES].set ? li->v[R_SOURCES].blen : 0;
	size_t na = li->v[R_AUXDATA].set ? li->v[R_AUXDATA].blen : 0;

	if (!li->v[R_AUXLEN].set)
		h[1] = (uint8_t)na;
	if (!li->v[R_NSRC].set) {
		h[2] = (uint8_t)(ns / 16 >> 8);
		h[3] = (uint8_t)(ns / 16);
	}
	return 20 + ns + na;
}

static int
rec_finish(struct pkt_bctx *bc, size_t idx)
{
	if (bc->hlen[idx] >= 4)
		rec_fix(&bc->p->li[idx], bc->buf + bc->off[idx]);
	return 0;
}

const struct pkt_layer pkt_layer_icmp6_mlrec = {
	.name = "ICMPv6MLDMultAddrRec",
	.title = "ICMPv6 MLDv2 - Multicast Address Record",
	.f = rec_fields, .nf = NF(rec_fields), .dlt = -1,
	.finish = rec_finish,
};

enum { P_TYPE, P_RES, P_CKSUM, P_RESERVED, P_NREC, P_RECORDS };

static const struct pkt_field report2_fields[] = {
	[P_TYPE] = { .name = "type", .type = PKT_F_UINT, .bits = 8, .def = 143,
	    .names = pkt_names_icmp6_types },
	[P_RES] = U("res", 8, 0),
	[P_CKSUM] = { .name = "cksum", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_HEX | PKT_FF_AUTO },
	[P_RESERVED] = U("reserved", 16, 0),
	[P_NREC] = { .name = "records_number", .type = PKT_F_UINT, .bits = 16,
	    .fl = PKT_FF_AUTO },
	[P_RECORDS] = { .name = "records", .type = PKT_F_PKTS,
	    .fl = PKT_FF_ISLIST, .sub = &pkt_layer_icmp6_mlrec },
};

/* Scapy's post_build: the number of records and each record's counts,
 * then the checksum. */
static int
report2_finish(struct pkt_bctx *bc, size_t idx)
{
	const struct pkt_li *li = &bc->p->li[idx];
	const struct pkt_val *rv = &li->v[P_RECORDS];
	size_t at = bc->off[idx] + 8, end = bc->off[idx] + bc->hlen[idx], i;

	if (bc->hlen[idx] < 8)
		return 0;
	if (!li->v[P_NREC].set)
		pkt_bctx_putu(bc, idx, P_NREC, rv->set ? rv->nitems & 0xffff : 0);
	for (i = 0; rv->set && i < rv->nitems; i++) {
		if (rv->items[i].trunc || end - at < 20)
			break;
		at += rec_fix(&rv->items[i], bc->buf + at);
	}
	return pkt_icmp6_finish(bc, idx);
}

/* The header, then records_number records; a record that does not fit
 * whole is left to the payload (Raw). */
static int
report2_dissect(struct pkt_dctx *dc, struct pkt_li *li)
{
	struct pkt_val *rv = &li->v[P_RECORDS];
	size_t k, n;

	if (!pkt_dissect_fields(dc, li, P_RECORDS))
		return 1;	/* byte-aligned fields: none was half read */
	rv->set = true;
	n = (size_t)pkt_li_u(li, P_NREC);
	for (k = 0; k < n && dc->p < dc->end; k++)
		if (!pkt_dissect_item(dc, rv, &pkt_layer_icmp6_mlrec))
			break;
	return 0;
}

/* ICMPv6MLReport2.answers: a report answers an MLDv2 query. */
static bool
report2_answers(const struct pkt_mctx *m, size_t ri, size_t pi)
{
	if (m->reply->li[ri].quoted)
		return pkt_icmp6_answers(m, ri, pi);
	return pi < m->probe->n && m->probe->li[pi].l == &pkt_layer_icmp6_mlquery2;
}

const struct pkt_layer pkt_layer_icmp6_mlreport2 = {
	.name = "ICMPv6MLReport2", .title = "MLDv2 - Multicast Listener Report",
	.f = report2_fields, .nf = NF(report2_fields), .dlt = -1,
	.prepare = report2_prepare, .finish = report2_finish,
	.dissect = report2_dissect,
	.role = PKT_ROLE_TRANSPORT, .answers = report2_answers,
	.protocol = "ICMPv6",
};
