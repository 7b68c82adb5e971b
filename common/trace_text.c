/* trace_text.c: the text of a trace: Scapy's table of a round, and the
 * report over the rounds (mtr --report's columns).  See trace.h. */
#include "trace.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "nat.h"
#include "rdns.h"
#include "util.h"

/* Columns in address order: IPv4 before IPv6, then by the address's
 * bytes (10.0.0.9 before 10.0.0.10), then protocol and port. */
static int
colcmp(const void *a, const void *b)
{
	const struct pkt_trace_target *x = *(const struct pkt_trace_target *const *)a;
	const struct pkt_trace_target *y = *(const struct pkt_trace_target *const *)b;
	int r;

	if (x->family != y->family)
		return x->family < y->family ? -1 : 1;
	if ((r = memcmp(x->a, y->a, x->family == 4 ? 4 : 16)) != 0)
		return r;
	if (x->l4 != y->l4)
		return x->l4 < y->l4 ? -1 : 1;
	if (x->dport != y->dport)
		return x->dport < y->dport ? -1 : 1;
	return strcmp(x->col, y->col);
}

/* A cell: Scapy's "%-15s %s" (address, flags or ICMP type), then
 * "[NAT]" when the answer quotes the probe rewritten, then the MPLS
 * labels the hop reported, "[MPLS: 24001/0/1/1]" per entry. */
static void
hop_cell(char *cell, size_t size, const struct pkt_trace_cell *h)
{
	char m[PKT_MPLS_MAX * 32];

	pkt_mpls_fmt(m, sizeof(m), h->mpls, h->nmpls);
	snprintf(cell, size, "%-15s %s%s%s%s", h->addr, h->what,
	    h->nat ? " " PKT_NAT_MARK : "", *m ? " " : "", m);
}

/* The names of a PKT_NAT_* mask, for the legend. */
static const char *
nat_names(char *buf, size_t size, unsigned mask)
{
	pkt_nat_fmt(buf, size, mask);
	return buf;
}

/* Scapy's TracerouteResult.show(): make_table, rows by TTL, rows without
 * any answer left out; but columns sorted as addresses, where Scapy sorts
 * them as strings (10.0.0.10 before 10.0.0.9, ::1 before 127.0.0.1). */
void
pkt_trace_print_table(FILE *f, const struct pkt_trace *c)
{
	const struct pkt_trace_target **cols = pkt_xcalloc(c->ntg, sizeof(*cols));
	size_t *width = pkt_xcalloc(c->ntg, sizeof(*width));
	unsigned *last = pkt_xcalloc(c->ntg, sizeof(*last));
	char cell[96 + PKT_MPLS_MAX * 32];
	size_t k, tg, ylen = 0, ncol = 0;
	unsigned ttl, nat = 0;

	for (tg = 0; tg < c->ntg; tg++) {
		last[tg] = pkt_trace_last_ttl(c, tg);
		if (last[tg] == 0)
			last[tg] = c->maxttl;
	}
	/* Widths, and the TTL column's, from the cells shown; as in Scapy,
	 * a target without any answer has no column. */
	for (tg = 0; tg < c->ntg; tg++) {
		bool any = false;

		width[tg] = strlen(c->tg[tg].col);
		for (ttl = c->minttl; ttl <= last[tg]; ttl++) {
			const struct pkt_trace_cell *h = &c->cell[pkt_trace_index(c, tg, ttl)];

			if (h->kind == PKT_TRACE_TIMEOUT)
				continue;
			if (!any)
				cols[ncol++] = &c->tg[tg];
			any = true;
			hop_cell(cell, sizeof(cell), h);
			if (strlen(cell) > width[tg])
				width[tg] = strlen(cell);
			snprintf(cell, sizeof(cell), "%u", ttl);
			if (strlen(cell) > ylen)
				ylen = strlen(cell);
		}
	}
	if (ncol > 0) {
		struct pkt_trace_target *base = c->tg;
		size_t *order = pkt_xcalloc(ncol, sizeof(*order));

		qsort(cols, ncol, sizeof(*cols), colcmp);
		for (k = 0; k < ncol; k++)
			order[k] = (size_t)(cols[k] - base);
		fprintf(f, "%-*s ", (int)ylen, "");
		for (k = 0; k < ncol; k++)
			fprintf(f, "%-*s ", (int)width[order[k]], cols[k]->col);
		fprintf(f, "\n");
		for (ttl = c->minttl; ttl <= c->maxttl; ttl++) {
			bool row = false;

			for (tg = 0; tg < c->ntg; tg++)
				if (ttl <= last[tg] &&
				    c->cell[pkt_trace_index(c, tg, ttl)].kind != PKT_TRACE_TIMEOUT)
					row = true;
			if (!row)
				continue;
			fprintf(f, "%-*u ", (int)ylen, ttl);
			for (k = 0; k < ncol; k++) {
				const struct pkt_trace_cell *h;

				tg = order[k];
				h = &c->cell[pkt_trace_index(c, tg, ttl)];
				if (ttl > last[tg] || h->kind == PKT_TRACE_TIMEOUT)
					snprintf(cell, sizeof(cell), "-");
				else {
					hop_cell(cell, sizeof(cell), h);
					nat |= h->nat;
				}
				fprintf(f, "%-*s ", (int)width[tg], cell);
			}
			fprintf(f, "\n");
		}
		free(order);
	}
	if (nat != 0)
		fprintf(f, PKT_NAT_MARK " the hop quoted the probe rewritten (%s): "
		    "a NAT before it\n", nat_names(cell, sizeof(cell), nat));
	free(cols);
	free(width);
	free(last);
}


/* ---- the report ------------------------------------------------------- */

/* The TTL where target tg's report ends: its path's end, else the last
 * TTL anything answered at (minttl when nothing did). */
static unsigned
report_end(const struct pkt_trace *c, size_t tg)
{
	unsigned ttl, end = pkt_trace_hop_last_ttl(c, tg);

	if (end != 0)
		return end;
	end = c->minttl;
	for (ttl = c->minttl; ttl <= c->maxttl; ttl++)
		if (c->hop[pkt_trace_index(c, tg, ttl)].na > 0)
			end = ttl;
	return end;
}

/* "name (addr)" when the hop has a name (read, or known to rdns), else
 * "addr". */
static void
hop_label(char *buf, size_t size, const struct pkt_trace_addr *a,
    const struct pkt_rdns *rd)
{
	const char *name = a->name[0] != '\0' ? a->name : NULL;

	if (name == NULL && rd != NULL && pkt_rdns_get_str(rd, a->addr, &name) !=
	    PKT_RDNS_FOUND)
		name = NULL;
	if (name != NULL)
		snprintf(buf, size, "%s (%s)%s", name, a->addr,
		    a->nat ? " " PKT_NAT_MARK : "");
	else
		snprintf(buf, size, "%s%s", a->addr, a->nat ? " " PKT_NAT_MARK : "");
}

void
pkt_trace_names_wait(const struct pkt_trace *c, struct pkt_rdns *rd,
    double timeout)
{
	if (rd == NULL)
		return;
	pkt_trace_submit_names(c, rd);
	(void)pkt_rdns_wait(rd, pkt_now() + timeout);
}

void
pkt_trace_submit_names(const struct pkt_trace *c, struct pkt_rdns *rd)
{
	size_t i, k, n = c->ntg * c->nttl;

	for (i = 0; i < n; i++)
		for (k = 0; k < c->hop[i].na; k++)
			(void)pkt_rdns_submit_str(rd, c->hop[i].a[k].addr);
}

/* Loss% Snt (blank for a second address at a TTL), then the times in ms. */
static void
report_line(FILE *f, const char *lead, int w, const char *label,
    const struct pkt_trace_hop *h, const struct pkt_trace_addr *a)
{
	fprintf(f, "%s %-*s", lead, w, label);
	if (h != NULL)
		fprintf(f, " %5.1f%% %5llu", pkt_trace_hop_loss(h),
		    (unsigned long long)h->sent);
	else
		fprintf(f, " %6s %5s", "", "");
	if (a == NULL)
		fprintf(f, " %6.1f %5.1f %5.1f %5.1f %5.1f\n", 0.0, 0.0, 0.0, 0.0,
		    0.0);
	else
		fprintf(f, " %6.1f %5.1f %5.1f %5.1f %5.1f\n", a->st.last * 1e3,
		    pkt_stats_mean(&a->st) * 1e3, a->st.best * 1e3,
		    a->st.worst * 1e3, pkt_trace_addr_stdev(a) * 1e3);
}

void
pkt_trace_print_report(FILE *f, const struct pkt_trace *c,
    const struct pkt_rdns *rd, double start, bool redraw)
{
	char host[256], label[320], lead[16], head[512], when[64];
	time_t ts = (time_t)start;
	struct tm tm;
	size_t tg, k;
	unsigned ttl;
	int w;

	if (redraw)
		fputs("\033[H\033[2J", f);
	if (gethostname(host, sizeof(host)) != 0)
		snprintf(host, sizeof(host), "localhost");
	host[sizeof(host) - 1] = '\0';
	if (start > 0 && localtime_r(&ts, &tm) != NULL &&
	    strftime(when, sizeof(when), "%Y-%m-%dT%H:%M:%S%z", &tm) > 0)
		fprintf(f, "Start: %s\n", when);
	for (tg = 0; tg < c->ntg; tg++) {
		const struct pkt_trace_target *t = &c->tg[tg];
		unsigned end = report_end(c, tg);

		snprintf(head, sizeof(head), "HOST: %s -> %s", host, t->col);
		/* The label column: as wide as its widest entry. */
		w = 25;
		for (ttl = c->minttl; ttl <= end; ttl++) {
			const struct pkt_trace_hop *h =
			    &c->hop[pkt_trace_index(c, tg, ttl)];

			for (k = 0; k < h->na; k++) {
				hop_label(label, sizeof(label), &h->a[k], rd);
				if ((int)strlen(label) > w)
					w = (int)strlen(label);
			}
		}
		if ((int)strlen(head) > w + 9)
			w = (int)strlen(head) - 9;
		fprintf(f, "%-*s  Loss%%   Snt   Last   Avg  Best  Wrst StDev\n",
		    w + 8, head);
		for (ttl = c->minttl; ttl <= end; ttl++) {
			const struct pkt_trace_hop *h =
			    &c->hop[pkt_trace_index(c, tg, ttl)];

			snprintf(lead, sizeof(lead), "%3u.|--", ttl);
			if (h->na == 0) {
				report_line(f, lead, w, "???", h, NULL);
				continue;
			}
			for (k = 0; k < h->na; k++) {
				size_t e;

				hop_label(label, sizeof(label), &h->a[k], rd);
				report_line(f, k == 0 ? lead : "    |  ", w, label,
				    k == 0 ? h : NULL, &h->a[k]);
				/* mtr -e: a line per label stack entry. */
				for (e = 0; e < h->a[k].nmpls; e++)
					fprintf(f, "    |   [MPLS: Lbl %lu TC %u S %u "
					    "TTL %u]\n", (unsigned long)h->a[k].mpls[e].label,
					    h->a[k].mpls[e].tc, h->a[k].mpls[e].s,
					    h->a[k].mpls[e].ttl);
			}
		}
	}
	fflush(f);
}
