/* hops.c: a path of routers inside an MPLS tunnel, for the live tests.
 *
 *	hops TUNDEV HOPS LABEL
 *
 * Attaches to the TUN device TUNDEV (IFF_TUN, no packet info; made with
 * `ip tuntap add`) and answers what the host routes into it, as a path
 * of HOPS - 1 routers and a target would: a probe whose TTL (hop limit)
 * is below HOPS gets a time-exceeded message from router TTL, whose
 * address is 10.99.TTL.1 (fd00:99:TTL::1 for IPv6); router 1 sends a
 * plain one, the others RFC 4884 messages (the quote padded to 128 bytes,
 * its length set) carrying an MPLS object (RFC 4950: one entry, label
 * LABEL + TTL, TC 0, S 1, TTL 1) and an interface object (RFC 5837: the
 * incoming interface, ifIndex TTL, the router's address, name
 * "ge-0/0/TTL", MTU 1500).  A probe that reaches the target (TTL HOPS or
 * more) gets its answer from the address it was sent to: SYN-ACK to a
 * TCP SYN, echo reply to an echo request, port unreachable to UDP.
 * Every answer is written as a spec of the packet language and built by
 * the engine (common/), as pktsend would build it.  Runs until killed;
 * prints "ready" once attached. */
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "pkt.h"
#include "spec.h"
#include "util.h"

static const struct pkt_env no_env;

static int
layer_at(const struct pkt_pkt *p, const char *name)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		if (strcmp(p->li[i].l->name, name) == 0 && !p->li[i].quoted)
			return (int)i;
	return -1;
}

static uint64_t
u(const struct pkt_li *li, const char *f)
{
	int fi = pkt_layer_field(li->l, f);

	return fi < 0 ? 0 : pkt_li_u(li, (size_t)fi);
}

static const char *
addr(const struct pkt_li *li, const char *f, char *buf, size_t n)
{
	int fi = pkt_layer_field(li->l, f);

	return pkt_fmt_addr(&li->l->f[fi], li->v[fi].a, buf, n);
}

/* n bytes as a spec string of \xNN escapes. */
static char *
escaped(const uint8_t *b, size_t n)
{
	char *s = pkt_xmalloc(4 * n + 1);
	size_t i;

	for (i = 0; i < n; i++)
		snprintf(s + 4 * i, 5, "\\x%02x", b[i]);
	s[4 * n] = '\0';
	return s;
}

static int
send_spec(int fd, const char *spec)
{
	char eb[512];
	struct pkt_spec *sp = pkt_spec_parse(spec, 1, eb);
	struct pkt_pkt *p = NULL;
	int rc = -1;

	if (sp == NULL || pkt_spec_next(sp, &p, eb) <= 0 ||
	    pkt_build(p, &no_env, eb) < 0)
		fprintf(stderr, "hops: %s\n  in %s\n", eb, spec);
	else if (write(fd, p->raw, p->rawlen) != (ssize_t)p->rawlen)
		perror("hops: write");
	else
		rc = 0;
	pkt_free(p);
	pkt_spec_free(sp);
	return rc;
}

static void
answer(int fd, const uint8_t *pk, size_t n, unsigned hops, unsigned label)
{
	struct pkt_pkt *p = pkt_new();
	char eb[256], src[64], dst[64], hop[64], spec[4096], ext[512];
	const struct pkt_li *ip;
	size_t qn = n < 128 ? n : 128;
	uint8_t quote[128];
	char *q;
	bool v6;
	unsigned ttl;
	int l3, l4;

	pkt_dissect(p, 12, pk, n, (uint32_t)n, eb);	/* DLT_RAW */
	if ((l3 = layer_at(p, "IP")) < 0 && (l3 = layer_at(p, "IPv6")) < 0)
		goto out;
	ip = &p->li[l3];
	v6 = strcmp(ip->l->name, "IPv6") == 0;
	ttl = (unsigned)u(ip, v6 ? "hlim" : "ttl");
	addr(ip, "src", src, sizeof(src));
	addr(ip, "dst", dst, sizeof(dst));
	memset(quote, 0, sizeof(quote));
	memcpy(quote, pk, qn);
	if (ttl < hops && ttl > 0) {
		if (v6)
			snprintf(hop, sizeof(hop), "fd00:99:%x::1", ttl);
		else
			snprintf(hop, sizeof(hop), "10.99.%u.1", ttl);
		ext[0] = '\0';
		if (ttl > 1)
			snprintf(ext, sizeof(ext), "/ICMPExtensionHeader()"
			    "/ICMPExtensionMPLS(stack=[MPLS(label=%u,ttl=1)])"
			    "/ICMPExtensionInterfaceInformation(has_ifindex=1,"
			    "ifindex=%u,has_ipaddr=1,%s=\"%s\",has_ifname=1,"
			    "ifname=\"ge-0/0/%u%s\",has_mtu=1,mtu=1500)",
			    label + ttl, ttl, v6 ? "ip6" : "ip4", hop, ttl,
			    ttl < 10 ? "\\x00\\x00\\x00" : "\\x00\\x00");
		q = escaped(quote, *ext ? 128 : qn);
		snprintf(spec, sizeof(spec), v6 ?
		    "IPv6(src=\"%s\",dst=\"%s\")/ICMPv6TimeExceeded(length=%u)"
		    "/Raw(load=\"%s\")%s" :
		    "IP(src=\"%s\",dst=\"%s\")/ICMP(type=11,length=%u)"
		    "/Raw(load=\"%s\")%s", hop, src, *ext ? (v6 ? 16 : 32) : 0,
		    q, ext);
		free(q);
		send_spec(fd, spec);
		goto out;
	}
	if (ttl == 0)
		goto out;
	l4 = l3 + 1 < (int)p->n ? l3 + 1 : -1;
	if (l4 < 0)
		goto out;
	if (strcmp(p->li[l4].l->name, "TCP") == 0) {
		const struct pkt_li *t = &p->li[l4];

		if (u(t, "flags") != 0x02)
			goto out;	/* only a bare SYN: not our RSTs */
		snprintf(spec, sizeof(spec), "%s(src=\"%s\",dst=\"%s\")/TCP(sport=%u,"
		    "dport=%u,flags=\"SA\",seq=1000,ack=%llu)", v6 ? "IPv6" : "IP",
		    dst, src, (unsigned)u(t, "dport"), (unsigned)u(t, "sport"),
		    (unsigned long long)((u(t, "seq") + 1) & 0xffffffff));
	} else if (strcmp(p->li[l4].l->name, "UDP") == 0) {
		q = escaped(quote, qn);
		snprintf(spec, sizeof(spec), v6 ?
		    "IPv6(src=\"%s\",dst=\"%s\")/ICMPv6DestUnreach(code=4)/Raw(load=\"%s\")" :
		    "IP(src=\"%s\",dst=\"%s\")/ICMP(type=3,code=3)/Raw(load=\"%s\")",
		    dst, src, q);
		free(q);
	} else if (strcmp(p->li[l4].l->name, "ICMP") == 0 &&
	    u(&p->li[l4], "type") == 8) {
		snprintf(spec, sizeof(spec), "IP(src=\"%s\",dst=\"%s\")/ICMP(type=0,"
		    "id=%u,seq=%u)", dst, src, (unsigned)u(&p->li[l4], "id"),
		    (unsigned)u(&p->li[l4], "seq"));
	} else if (strcmp(p->li[l4].l->name, "ICMPv6EchoRequest") == 0) {
		snprintf(spec, sizeof(spec), "IPv6(src=\"%s\",dst=\"%s\")/"
		    "ICMPv6EchoReply(id=%u,seq=%u)", dst, src,
		    (unsigned)u(&p->li[l4], "id"), (unsigned)u(&p->li[l4], "seq"));
	} else
		goto out;
	send_spec(fd, spec);
out:
	pkt_free(p);
}

int
main(int argc, char **argv)
{
	struct ifreq ifr;
	uint8_t buf[65536];
	unsigned hops, label;
	int fd;

	if (argc != 4 || (hops = (unsigned)atoi(argv[2])) < 1 ||
	    (label = (unsigned)atoi(argv[3])) > 0xfff00) {
		fprintf(stderr, "usage: hops TUNDEV HOPS LABEL\n");
		return 2;
	}
	if ((fd = open("/dev/net/tun", O_RDWR)) < 0) {
		perror("hops: /dev/net/tun");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", argv[1]);
	if (ioctl(fd, TUNSETIFF, &ifr) < 0) {
		perror("hops: TUNSETIFF");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	for (;;) {
		ssize_t n = read(fd, buf, sizeof(buf));

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		answer(fd, buf, (size_t)n, hops, label);
	}
	return 0;
}
