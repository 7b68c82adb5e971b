/* capture.c: libpcap on the sending interface.
 *
 * The filter is compiled by libpcap for the link type of the handle that
 * will run it (Ethernet, cooked, raw IP on TUN and PPP, loopback): that
 * is what makes filters right on links without an Ethernet header, the
 * old Scapy PPP FAQ.  Matching is always redone in user space, so the
 * filter only narrows what is read. */
#include "capture.h"

#include <errno.h>
#include <linux/filter.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pcap/pcap.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "closer.h"
#include "err.h"
#include "pkt.h"
#include "util.h"

struct pkt_cap {
	pcap_t	*p;		/* libpcap, or NULL: a raw IP socket */
	int	 rawfd;
	int	 family;	/* raw socket: 4, or 6 (no IPv6 header read) */
	int	 proto;		/* raw socket: its protocol */
	uint8_t	*buf;		/* raw socket: one datagram */
	unsigned rawdrops;	/* raw socket: SO_RXQ_OVFL */
	int	 lastif;	/* raw socket: the interface an answer came in */
	char	 lastname[IF_NAMESIZE];	/* by, and its name */
	char	 ifname[64];
	int	 dlt;
	int	 fd;
	double	 tsunit;	/* seconds per tv_usec unit: 1e-6 or 1e-9 */
};

#define RAWBUF	65536

/* linux/in6.h's, which glibc's <netinet/in.h> leaves out: ask a raw IPv6
 * socket for each packet's traffic class and flow label. */
#ifndef IPV6_FLOWINFO
#define IPV6_FLOWINFO	11
#endif

/* Answers to IPv4 probes sent through a raw socket (--l3raw: loopback
 * and this host's addresses) reach raw IP sockets of their protocol, as
 * ping reads its replies: no packet socket to set up and tear down. */
struct pkt_cap *
pkt_cap_open_ip(int family, int proto, const char *label, char *errbuf)
{
	struct pkt_cap *c = pkt_xcalloc(1, sizeof(*c));
	int one = 1, rcvbuf = 4 << 20;

	snprintf(c->ifname, sizeof(c->ifname), "%s", label);
	c->family = family;
	c->proto = proto;
	c->rawfd = socket(family == 6 ? AF_INET6 : AF_INET,
	    SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, proto);
	if (c->rawfd < 0) {
		pkt_fail(errbuf, "raw IP%s socket for protocol %d: %s",
		    family == 6 ? "v6" : "", proto, strerror(errno));
		free(c);
		return NULL;
	}
	/* A raw IPv6 socket reads no IPv6 header: what it held comes as
	 * ancillary data (addresses, hop limit, class and flow label), and
	 * raw_next() writes it back in front of the payload. */
	if (family == 6 &&
	    (setsockopt(c->rawfd, IPPROTO_IPV6, IPV6_RECVPKTINFO, &one, sizeof(one)) < 0 ||
	    setsockopt(c->rawfd, IPPROTO_IPV6, IPV6_RECVHOPLIMIT, &one, sizeof(one)) < 0 ||
	    setsockopt(c->rawfd, IPPROTO_IPV6, IPV6_FLOWINFO, &one, sizeof(one)) < 0)) {
		pkt_fail(errbuf, "raw IPv6 socket for protocol %d: %s", proto,
		    strerror(errno));
		close(c->rawfd);
		free(c);
		return NULL;
	}
	/* The interface each answer came in by, for its "iface". */
	if (family == 4)
		(void)setsockopt(c->rawfd, IPPROTO_IP, IP_PKTINFO, &one, sizeof(one));
	(void)setsockopt(c->rawfd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf));
	(void)setsockopt(c->rawfd, SOL_SOCKET, SO_TIMESTAMPNS, &one, sizeof(one));
	(void)setsockopt(c->rawfd, SOL_SOCKET, SO_RXQ_OVFL, &one, sizeof(one));
	c->buf = pkt_xmalloc(RAWBUF);
	c->dlt = DLT_RAW;
	c->fd = c->rawfd;
	c->tsunit = 1e-9;
	return c;
}

struct pkt_cap *
pkt_cap_open(const char *ifname, size_t nprobes, char *errbuf)
{
	char pe[PCAP_ERRBUF_SIZE] = "";
	struct pkt_cap *c = pkt_xcalloc(1, sizeof(*c));
	/* libpcap's ring (TPACKET_V2 in immediate mode) has fixed slots of
	 * the snap length: 8 KiB slots hold any answer to a probe (an ICMP
	 * error quotes at most 576 bytes; DNS with EDNS, 4096), two per probe
	 * and some sixty more for what comes in before the filter is on.
	 * The kernel allocates and clears the ring as the capture starts:
	 * a ring the size of the probes costs a single probe no 2 MiB. */
	size_t buf = (512u << 10) + nprobes * 16384;
	int rc;

	snprintf(c->ifname, sizeof(c->ifname), "%s", ifname);
	if ((c->p = pcap_create(ifname, pe)) == NULL) {
		pkt_fail(errbuf, "%s: capture: %s", ifname, pe);
		free(c);
		return NULL;
	}
	(void)pcap_set_snaplen(c->p, 8192);
	(void)pcap_set_promisc(c->p, 0);
	(void)pcap_set_immediate_mode(c->p, 1);
	/* Room for a burst of answers, not more: the ring is set up and
	 * torn down on every run. */
	(void)pcap_set_buffer_size(c->p, (int)(buf > (32u << 20) ? 32u << 20 : buf));
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

/* A raw socket's filter: compiled by libpcap for raw IP, attached with
 * SO_ATTACH_FILTER.  The raw sockets of one family (one per protocol of
 * the probes, and ICMP) take one filter: it is compiled once. */
static int
raw_filter(struct pkt_cap *c, const char *expr, char *errbuf)
{
	static struct {
		char			*expr;
		struct bpf_program	 prog;
	} last[2];
	struct bpf_program *prog = &last[c->family == 6].prog;
	struct sock_fprog fp;
	unsigned i;

	if (last[c->family == 6].expr == NULL ||
	    strcmp(last[c->family == 6].expr, expr) != 0) {
		pcap_t *dead = pcap_open_dead(DLT_RAW, 65535);

		if (dead == NULL)
			return pkt_fail(errbuf, "%s: filter: out of memory", c->ifname);
		if (last[c->family == 6].expr != NULL) {
			pcap_freecode(prog);
			free(last[c->family == 6].expr);
			last[c->family == 6].expr = NULL;
		}
		if (pcap_compile(dead, prog, expr, 1, PCAP_NETMASK_UNKNOWN) < 0) {
			pkt_fail(errbuf, "%s: filter \"%s\": %s", c->ifname, expr,
			    pcap_geterr(dead));
			pcap_close(dead);
			return -1;
		}
		pcap_close(dead);
		/* A raw IPv6 socket's filter runs on data that starts at the
		 * transport header: every load of the program, compiled for
		 * packets that start at the IPv6 header, is moved to the
		 * network header's base (SKF_NET_OFF), where the kernel finds
		 * that header. */
		if (c->family == 6)
			for (i = 0; i < prog->bf_len; i++) {
				struct bpf_insn *in = &prog->bf_insns[i];
				unsigned cls = BPF_CLASS(in->code), mode = BPF_MODE(in->code);

				if ((cls == BPF_LD && (mode == BPF_ABS || mode == BPF_IND)) ||
				    (cls == BPF_LDX && mode == BPF_MSH))
					in->k = (bpf_u_int32)((int32_t)in->k + SKF_NET_OFF);
			}
		last[c->family == 6].expr = pkt_xstrdup(expr);
	}
	fp.len = (unsigned short)prog->bf_len;
	fp.filter = (struct sock_filter *)(void *)prog->bf_insns;
	if (setsockopt(c->rawfd, SOL_SOCKET, SO_ATTACH_FILTER, &fp, sizeof(fp)) < 0)
		return pkt_fail(errbuf, "%s: filter: %s", c->ifname, strerror(errno));
	pkt_info(2, "raw IP%s socket (protocol %d), kernel filter compiled for "
	    "raw IP: %s", c->family == 6 ? "v6" : "", c->proto, expr);
	return 0;
}

int
pkt_cap_filter(struct pkt_cap *c, const char *expr, char *errbuf)
{
	struct bpf_program prog;

	if (c->p == NULL)
		return raw_filter(c, expr, errbuf);

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

/* The IPv6 header in front of a raw IPv6 socket's datagram (n bytes at
 * c->buf + V6HDR), from its ancillary data: version, traffic class and
 * flow label, payload length, the socket's protocol as next header, hop
 * limit, source and destination.  Extension headers the packet carried
 * were consumed by the kernel and are not seen. */
#define V6HDR	40

static void
v6_header(const struct pkt_cap *c, size_t n, const struct sockaddr_in6 *from,
    uint32_t flowinfo, int hlim, const struct in6_addr *dst)
{
	uint8_t *h = c->buf;
	uint32_t vtf = 0x60000000u | (ntohl(flowinfo) & 0x0fffffffu);

	h[0] = (uint8_t)(vtf >> 24);
	h[1] = (uint8_t)(vtf >> 16);
	h[2] = (uint8_t)(vtf >> 8);
	h[3] = (uint8_t)vtf;
	h[4] = (uint8_t)(n >> 8);
	h[5] = (uint8_t)n;
	h[6] = (uint8_t)c->proto;
	h[7] = (uint8_t)hlim;
	memcpy(h + 8, &from->sin6_addr, 16);
	memcpy(h + 24, dst, 16);
}

static int
raw_next(struct pkt_cap *c, struct pkt_pkt **out, char *errbuf)
{
	char ctl[512];
	size_t skip = c->family == 6 ? V6HDR : 0;
	struct iovec iov = { c->buf + skip, RAWBUF - skip };
	struct sockaddr_in6 from;
	struct in6_addr dst;
	struct msghdr mh;
	struct cmsghdr *cm;
	struct pkt_pkt *p;
	uint32_t flowinfo = 0;
	int hlim = 0, ifindex = 0;
	double t = 0;
	ssize_t n;

	memset(&mh, 0, sizeof(mh));
	memset(&from, 0, sizeof(from));
	memset(&dst, 0, sizeof(dst));
	mh.msg_iov = &iov;
	mh.msg_iovlen = 1;
	mh.msg_control = ctl;
	mh.msg_controllen = sizeof(ctl);
	if (c->family == 6) {
		mh.msg_name = &from;
		mh.msg_namelen = sizeof(from);
	}
	if ((n = recvmsg(c->rawfd, &mh, MSG_DONTWAIT)) < 0) {
		if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)
			return 0;
		return pkt_fail(errbuf, "%s: recvmsg: %s", c->ifname, strerror(errno));
	}
	for (cm = CMSG_FIRSTHDR(&mh); cm != NULL; cm = CMSG_NXTHDR(&mh, cm)) {
		if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_PKTINFO) {
			struct in6_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			dst = pi.ipi6_addr;
			ifindex = (int)pi.ipi6_ifindex;
		} else if (cm->cmsg_level == IPPROTO_IP && cm->cmsg_type == IP_PKTINFO) {
			struct in_pktinfo pi;

			memcpy(&pi, CMSG_DATA(cm), sizeof(pi));
			ifindex = pi.ipi_ifindex;
		} else if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_HOPLIMIT)
			memcpy(&hlim, CMSG_DATA(cm), sizeof(hlim));
		else if (cm->cmsg_level == IPPROTO_IPV6 && cm->cmsg_type == IPV6_FLOWINFO)
			memcpy(&flowinfo, CMSG_DATA(cm), sizeof(flowinfo));
		if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SO_TIMESTAMPNS) {
			struct timespec ts;

			memcpy(&ts, CMSG_DATA(cm), sizeof(ts));
			t = (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
		} else if (cm->cmsg_level == SOL_SOCKET && cm->cmsg_type == SO_RXQ_OVFL) {
			uint32_t d;

			memcpy(&d, CMSG_DATA(cm), sizeof(d));
			c->rawdrops = d;
		}
	}
	if (c->family == 6) {
		v6_header(c, (size_t)n, &from, flowinfo, hlim, &dst);
		n += V6HDR;
	}
	p = pkt_new();
	pkt_dissect(p, DLT_RAW, c->buf, (size_t)n, (uint32_t)n, errbuf);
	p->time = t != 0 ? t : pkt_walltime();
	if (ifindex > 0 && ifindex != c->lastif) {
		if (if_indextoname((unsigned)ifindex, c->lastname) == NULL)
			snprintf(c->lastname, sizeof(c->lastname), "%.*s",
			    IF_NAMESIZE - 1, c->ifname);
		c->lastif = ifindex;
	}
	p->iface = pkt_xstrdup(ifindex > 0 ? c->lastname : c->ifname);
	*out = p;
	return 1;
}

int
pkt_cap_next(struct pkt_cap *c, struct pkt_pkt **out, char *errbuf)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	struct pkt_pkt *p;
	int rc;

	*out = NULL;
	if (c->p == NULL)
		return raw_next(c, out, errbuf);
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

	if (c->p == NULL)
		return c->rawdrops;
	if (pcap_stats(c->p, &st) < 0)
		return 0;
	return st.ps_drop + st.ps_ifdrop;
}

static void
close_pcap(void *p)
{
	pcap_close(p);
}

void
pkt_cap_close(struct pkt_cap *c)
{
	if (c == NULL)
		return;
	if (c->p != NULL)	/* released after exit (closer.h) */
		pkt_defer(pcap_get_selectable_fd(c->p), close_pcap, c->p);
	else
		close(c->rawfd);
	free(c->buf);
	free(c);
}
