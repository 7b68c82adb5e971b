/* ping.c: ping's lines and summaries over the engine's statistics (see
 * ping.h).  The numbers are those of iputils ping: loss in whole percent
 * of transmitted, min/avg/max/mdev in milliseconds with three decimals,
 * mdev the population standard deviation (pkt_stats_mdev). */
#include "ping.h"

#include <jansson.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "match.h"
#include "pkt.h"
#include "text.h"
#include "sr.h"
#include "util.h"
#include "layers/ip.h"
#include "layers/ipv6.h"

void
pkt_ping_free(struct pkt_ping *pg)
{
	size_t i;

	for (i = 0; i < pg->n; i++)
		pkt_trace_hop_free(&pg->p[i].hop);
	free(pg->p);
	memset(pg, 0, sizeof(*pg));
}

static struct pkt_ping_probe *
entry(struct pkt_ping *pg, size_t i, const struct pkt_pkt *probe)
{
	struct pkt_ping_probe *p;

	if (i >= pg->n) {
		pg->p = pkt_xreallocarray(pg->p, i + 1, sizeof(*pg->p));
		memset(pg->p + pg->n, 0, (i + 1 - pg->n) * sizeof(*pg->p));
		pg->n = i + 1;
	}
	p = &pg->p[i];
	if (p->dst[0] == '\0') {
		struct pkt_pkt *d = pkt_dissect_copy(probe);
		int l3 = pkt_match_l3(d);
		char src[PKT_TRACE_ADDRLEN];

		if (l3 < 0 || !pkt_li_addrs(&d->li[l3], src, p->dst, sizeof(p->dst)))
			snprintf(p->dst, sizeof(p->dst), "?");
		pkt_text_summary(d, p->what, sizeof(p->what));
		pkt_free(d);
	}
	return p;
}

void
pkt_ping_sent(struct pkt_ping *pg, size_t i, const struct pkt_pkt *probe,
    double t)
{
	entry(pg, i, probe)->hop.sent++;
	if (pg->start == 0 || t < pg->start)
		pg->start = t;
	if (t > pg->end)
		pg->end = t;
}

void
pkt_ping_answer(struct pkt_ping *pg, size_t i, const struct pkt_pkt *probe,
    const struct pkt_pkt *reply, double rtt, unsigned round, FILE *f)
{
	struct pkt_ping_probe *p = entry(pg, i, probe);
	char src[PKT_TRACE_ADDRLEN] = "?", what[16] = "";
	int l3 = pkt_match_l3(reply);
	unsigned long long bytes = reply->wirelen, ttl = 0;
	uint64_t seq = 0;
	bool echo = false;
	size_t k;

	if (l3 >= 0) {
		const struct pkt_li *li = &reply->li[l3];
		char dst[PKT_TRACE_ADDRLEN];
		int64_t span;

		if (!pkt_li_addrs(li, src, dst, sizeof(src)))
			snprintf(src, sizeof(src), "?");
		if (li->l == &pkt_layer_ip)
			ttl = pkt_li_u(li, IP_F_TTL);
		else if (li->l == &pkt_layer_ipv6)
			ttl = pkt_li_u(li, IPV6_F_HLIM);
		/* ping counts the bytes above the IP header (ICMP's). */
		if (li->l->span != NULL && (span = li->l->span(li)) >= 0)
			bytes = (unsigned long long)span;
		for (k = (size_t)l3 + 1; k < reply->n; k++) {
			const struct pkt_li *u = &reply->li[k];

			if (u->l->echo != NULL && u->l->echo(u, &seq)) {
				echo = true;
				break;
			}
		}
		if (!echo) {	/* what it answered: "SA", "RA", an ICMP type */
			char a[PKT_TRACE_ADDRLEN];
			enum pkt_trace_kind kind;

			(void)pkt_trace_classify(reply, a, &kind, what);
		}
	}
	(void)pkt_stats_add(&p->all, rtt);
	(void)pkt_stats_add(&pkt_trace_hop_addr(&p->hop, src)->st, rtt);
	if (f == NULL)
		return;
	if (echo)
		fprintf(f, "%llu bytes from %s: icmp_seq=%llu ttl=%llu time=%.3f ms\n",
		    bytes, src, (unsigned long long)seq, ttl, rtt * 1e3);
	else
		fprintf(f, "%llu bytes from %s: %s round=%u ttl=%llu time=%.3f ms\n",
		    bytes, src, what, round, ttl, rtt * 1e3);
	fflush(f);
}

void
pkt_ping_summary(const struct pkt_ping *pg, FILE *f)
{
	size_t i;

	for (i = 0; i < pg->n; i++) {
		const struct pkt_ping_probe *p = &pg->p[i];
		const struct pkt_stats *s = &p->all;
		uint64_t recv = s->received < p->hop.sent ? s->received : p->hop.sent;

		fprintf(f, "\n--- %s ping statistics ---\n", p->dst);
		if (pg->n > 1)
			fprintf(f, "(%s)\n", p->what);
		fprintf(f, "%llu packets transmitted, %llu received, %g%% packet "
		    "loss, time %.0fms\n", (unsigned long long)p->hop.sent,
		    (unsigned long long)recv, p->hop.sent == 0 ? 0 :
		    floor(100.0 * (double)(p->hop.sent - recv) / (double)p->hop.sent),
		    (pg->end - pg->start) * 1e3);
		if (s->received > 0)
			fprintf(f, "rtt min/avg/max/mdev = %.3f/%.3f/%.3f/%.3f ms\n",
			    s->best * 1e3, pkt_stats_mean(s) * 1e3, s->worst * 1e3,
			    pkt_stats_mdev(s) * 1e3);
	}
}

int
pkt_ping_json(const struct pkt_ping *pg, FILE *f)
{
	size_t i, k;
	int rc = 0;

	for (i = 0; i < pg->n; i++) {
		const struct pkt_ping_probe *p = &pg->p[i];
		json_t *o = json_object(), *hops = json_array();

		for (k = 0; k < p->hop.na; k++) {
			const struct pkt_trace_addr *a = &p->hop.a[k];
			json_t *j = json_object();

			json_object_set_new(j, "addr", json_string(a->addr));
			json_object_set_new(j, "sent", json_integer((json_int_t)p->hop.sent));
			json_object_set_new(j, "recv", json_integer((json_int_t)a->st.received));
			json_object_set_new(j, "loss", json_real(pkt_trace_hop_loss(&p->hop)));
			json_object_set_new(j, "last", json_real(a->st.last));
			json_object_set_new(j, "avg", json_real(pkt_stats_mean(&a->st)));
			json_object_set_new(j, "best", json_real(a->st.best));
			json_object_set_new(j, "worst", json_real(a->st.worst));
			json_object_set_new(j, "stdev", json_real(pkt_stats_stdev(&a->st)));
			json_object_set_new(j, "mdev", json_real(pkt_stats_mdev(&a->st)));
			json_array_append_new(hops, j);
		}
		json_object_set_new(o, "target", json_string(p->dst));
		json_object_set_new(o, "probe", json_integer((json_int_t)i + 1));
		json_object_set_new(o, "sent", json_integer((json_int_t)p->hop.sent));
		json_object_set_new(o, "hops", hops);
		if (pkt_json_write(f, o) < 0)
			rc = -1;
		json_decref(o);
	}
	return rc;
}

size_t
pkt_ping_unanswered(const struct pkt_ping *pg)
{
	size_t i, n = 0;

	for (i = 0; i < pg->n; i++)
		if (pg->p[i].all.received == 0)
			n++;
	return n;
}

int
pkt_ping_write_pair(FILE *f, const struct pkt_probe *p,
    const struct pkt_pkt *reply, double rtt, unsigned round)
{
	struct pkt_pkt *sent = pkt_dissect_copy(p->pkt);
	json_t *x = NULL;
	int rc;

	sent->time = p->sent;	/* when it left, not 0 */
	if (round > 0) {
		x = json_object();
		json_object_set_new(x, "round", json_integer(round));
	}
	rc = pkt_json_write_pair(f, sent, reply, rtt, x);
	json_decref(x);
	pkt_free(sent);
	return rc;
}
