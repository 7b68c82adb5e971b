/* capture.c: libpcap on the sending interface.
 *
 * The filter is compiled by libpcap for the link type of the handle that
 * will run it (Ethernet, cooked, raw IP on TUN and PPP, loopback): that
 * is what makes filters right on links without an Ethernet header, the
 * old Scapy PPP FAQ.  Matching is always redone in user space, so the
 * filter only narrows what is read. */
#include "capture.h"

#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pkt.h"
#include "util.h"

struct pkt_cap {
	pcap_t	*p;
	char	 ifname[64];
	int	 dlt;
	int	 fd;
	double	 tsunit;	/* seconds per tv_usec unit: 1e-6 or 1e-9 */
};

struct pkt_cap *
pkt_cap_open(const char *ifname, char *errbuf)
{
	char pe[PCAP_ERRBUF_SIZE] = "";
	struct pkt_cap *c = pkt_xcalloc(1, sizeof(*c));
	int rc;

	snprintf(c->ifname, sizeof(c->ifname), "%s", ifname);
	if ((c->p = pcap_create(ifname, pe)) == NULL) {
		pkt_fail(errbuf, "%s: capture: %s", ifname, pe);
		free(c);
		return NULL;
	}
	(void)pcap_set_snaplen(c->p, 262144);
	(void)pcap_set_promisc(c->p, 0);
	(void)pcap_set_immediate_mode(c->p, 1);
	(void)pcap_set_buffer_size(c->p, 16 << 20);
	(void)pcap_set_tstamp_precision(c->p, PCAP_TSTAMP_PRECISION_NANO);
	if ((rc = pcap_activate(c->p)) < 0) {
		if (rc == PCAP_ERROR_PERM_DENIED)
			pkt_fail(errbuf, "%s: capture needs CAP_NET_RAW: run as root, "
			    "or grant it with setcap cap_net_raw,cap_net_admin=ep",
			    ifname);
		else if (rc == PCAP_ERROR_NO_SUCH_DEVICE)
			pkt_fail(errbuf, "%s: no such interface", ifname);
		else
			pkt_fail(errbuf, "%s: capture: %s", ifname, pcap_geterr(c->p));
		pcap_close(c->p);
		free(c);
		return NULL;
	}
	(void)pcap_setdirection(c->p, PCAP_D_IN);
	if (pcap_setnonblock(c->p, 1, pe) < 0) {
		pkt_fail(errbuf, "%s: capture: %s", ifname, pe);
		pkt_cap_close(c);
		return NULL;
	}
	c->dlt = pcap_datalink(c->p);
	c->tsunit = pcap_get_tstamp_precision(c->p) == PCAP_TSTAMP_PRECISION_NANO ?
	    1e-9 : 1e-6;
	c->fd = pcap_get_selectable_fd(c->p);
	return c;
}

int
pkt_cap_filter(struct pkt_cap *c, const char *expr, char *errbuf)
{
	struct bpf_program prog;

	if (pcap_compile(c->p, &prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0)
		return pkt_fail(errbuf, "%s: filter \"%s\": %s", c->ifname, expr,
		    pcap_geterr(c->p));
	if (pcap_setfilter(c->p, &prog) < 0) {
		pcap_freecode(&prog);
		return pkt_fail(errbuf, "%s: filter: %s", c->ifname, pcap_geterr(c->p));
	}
	pcap_freecode(&prog);
	pkt_info(2, "%s: link type %s, kernel filter: %s", c->ifname,
	    pcap_datalink_val_to_name(c->dlt) ? pcap_datalink_val_to_name(c->dlt) :
	    "?", expr);
	return 0;
}

int
pkt_cap_fd(const struct pkt_cap *c)
{
	return c->fd;
}

int
pkt_cap_dlt(const struct pkt_cap *c)
{
	return c->dlt;
}

const char *
pkt_cap_ifname(const struct pkt_cap *c)
{
	return c->ifname;
}

int
pkt_cap_next(struct pkt_cap *c, struct pkt_pkt **out, char *errbuf)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	struct pkt_pkt *p;
	int rc;

	*out = NULL;
	rc = pcap_next_ex(c->p, &h, &data);
	if (rc == 0)
		return 0;
	if (rc < 0)
		return pkt_fail(errbuf, "%s: capture: %s", c->ifname,
		    pcap_geterr(c->p));
	p = pkt_new();
	pkt_dissect(p, c->dlt, data, h->caplen, h->len, errbuf);
	p->time = (double)h->ts.tv_sec + (double)h->ts.tv_usec * c->tsunit;
	p->iface = pkt_xstrdup(c->ifname);
	*out = p;
	return 1;
}

unsigned
pkt_cap_drops(struct pkt_cap *c)
{
	struct pcap_stat st;

	if (pcap_stats(c->p, &st) < 0)
		return 0;
	return st.ps_drop + st.ps_ifdrop;
}

void
pkt_cap_close(struct pkt_cap *c)
{
	if (c == NULL)
		return;
	pcap_close(c->p);
	free(c);
}
