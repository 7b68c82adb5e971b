/* capture.h: reading answers with libpcap on the sending interface, with
 * a kernel filter compiled for that handle's own link type. */
#ifndef PKT_CAPTURE_H
#define PKT_CAPTURE_H

#include <stdbool.h>
#include <stddef.h>

struct pkt_pkt;
struct pkt_cap;

/* Open (and activate) a capture on ifname: immediate mode, a large
 * buffer, incoming packets only.  Needs CAP_NET_RAW: call it before the
 * capabilities are dropped. */
struct pkt_cap *pkt_cap_open(const char *ifname, size_t nprobes, char *errbuf);
/* Answers to probes sent with --l3raw: a raw IP socket of family 4 or 6
 * and protocol proto (ICMP, TCP, UDP...), as ping reads its replies;
 * label names it in messages and as the answers' "iface".  An IPv6
 * answer's header is rebuilt from the socket's ancillary data (its
 * extension headers are not seen).  Needs CAP_NET_RAW. */
struct pkt_cap *pkt_cap_open_ip(int family, int proto, const char *label,
	    char *errbuf);
/* Compile `expr` with libpcap for the handle's link type and attach it
 * in the kernel (no privilege needed).  With nofilter, nothing is
 * attached (and matching in user space does all the work). */
int	pkt_cap_filter(struct pkt_cap *, const char *expr, char *errbuf);
int	pkt_cap_fd(const struct pkt_cap *);
int	pkt_cap_dlt(const struct pkt_cap *);
const char *pkt_cap_ifname(const struct pkt_cap *);
/* Next captured packet, dissected, without blocking: 1 one was read
 * (*out, pkt_free it), 0 none is waiting, -1 error. */
int	pkt_cap_next(struct pkt_cap *, struct pkt_pkt **out, char *errbuf);
/* Packets the kernel dropped before we read them (pcap_stats). */
unsigned pkt_cap_drops(struct pkt_cap *);
void	pkt_cap_close(struct pkt_cap *);

#endif
