/* test_route.c: unit checks of common/route.c that need no privilege
 * (loopback routes, interface facts, group address mapping), plus a small
 * CLI that tests/live/route.sh drives inside network namespaces:
 *   test_route                      run the unit checks
 *   test_route route DST [OIF]      print the route to DST
 *   test_route iface IF [4|6]       print the interface IF
 *   test_route neigh DST            print the neighbour table's MAC for the
 *                                   next hop to DST, or "none" (exit 1)
 *   test_route resolve DST [MS]     print the next hop's MAC (own socket)
 *   test_route resolve-fd DST [MS]  the same through a caller's socket */
#include "err.h"
#include "route.h"

#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/rtnetlink.h>
#include <net/if.h>
#include <net/if_arp.h>
#include <netpacket/packet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

static int failures;

#define CHECK(cond) do { \
	if (!(cond)) { \
		fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
		failures++; \
	} \
} while (0)

static int
parse_addr(const char *s, uint8_t *addr)
{
	if (inet_pton(AF_INET, s, addr) == 1)
		return AF_INET;
	if (inet_pton(AF_INET6, s, addr) == 1)
		return AF_INET6;
	pkt_errx(2, "%s: not an IPv4 or IPv6 address", s);
}

static const char *
mac_str(const uint8_t *m, char *buf)
{
	snprintf(buf, 18, "%02x:%02x:%02x:%02x:%02x:%02x",
	    m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

static void
print_route(const struct pkt_route *rt)
{
	char src[INET6_ADDRSTRLEN], gw[INET6_ADDRSTRLEN], mac[18];

	inet_ntop(rt->family, rt->src, src, sizeof(src));
	inet_ntop(rt->family, rt->gw, gw, sizeof(gw));
	printf("ifname=%s ifindex=%d arphrd=%u mac=%s mtu=%d type=%d src=%s gw=%s "
	    "has_gw=%d local=%d\n", rt->ifname, rt->ifindex, rt->arphrd,
	    mac_str(rt->ifmac, mac), rt->mtu, rt->type, src, gw, rt->has_gw, rt->local);
}

static bool
addr_is(const struct pkt_route *rt, const uint8_t *a, const char *s)
{
	uint8_t want[16];

	return inet_pton(rt->family, s, want) == 1 &&
	    memcmp(a, want, rt->family == AF_INET ? 4 : 16) == 0;
}

static void
check_loopback(const char *dst, const char *src)
{
	char errbuf[PKT_ERRBUF];
	uint8_t a[16], mac[6] = { 1 };
	struct pkt_route rt;
	int family = parse_addr(dst, a);

	if (pkt_route_get(family, a, NULL, &rt, errbuf) < 0) {
		fprintf(stderr, "route_get %s: %s\n", dst, errbuf);
		failures++;
		return;
	}
	CHECK(strcmp(rt.ifname, "lo") == 0);
	CHECK(rt.ifindex > 0);
	CHECK(rt.local);
	CHECK(rt.type == RTN_LOCAL);
	CHECK(rt.arphrd == ARPHRD_LOOPBACK);
	CHECK(!rt.has_gw);
	CHECK(rt.mtu > 0);
	CHECK(addr_is(&rt, rt.src, src));
	CHECK(addr_is(&rt, rt.gw, dst));
	CHECK(pkt_route_resolve(&rt, rt.gw, -1, mac, 100, errbuf) == 0);
	CHECK(memcmp(mac, "\0\0\0\0\0\0", 6) == 0);
}

static void
check_iface(void)
{
	char errbuf[PKT_ERRBUF];
	struct pkt_route rt;
	uint8_t a[4] = { 127, 0, 0, 1 };

	CHECK(pkt_route_iface("lo", AF_INET, &rt, errbuf) == 0);
	CHECK(strcmp(rt.ifname, "lo") == 0 && rt.local && rt.arphrd == ARPHRD_LOOPBACK);
	CHECK(rt.ifindex == (int)if_nametoindex("lo") && (rt.ifflags & IFF_UP));
	CHECK(addr_is(&rt, rt.src, "127.0.0.1"));
	CHECK(pkt_route_iface("pktnosuch0", AF_INET, &rt, errbuf) == -1);
	CHECK(strcmp(errbuf, "pktnosuch0: no such interface (ip link lists them)") == 0);
	CHECK(pkt_route_iface("lo", AF_UNIX, &rt, errbuf) == -1);
	CHECK(pkt_route_get(AF_INET, a, "pktnosuch0", &rt, errbuf) == -1);
	CHECK(strstr(errbuf, "pktnosuch0: no such interface") != NULL);
	CHECK(pkt_route_get(AF_INET, a, "lo", &rt, errbuf) == 0 && rt.local);
}

static void
check_group(const char *addr, const char *want, bool bcast_type)
{
	char errbuf[PKT_ERRBUF], got[18];
	struct pkt_route rt;
	uint8_t a[16], mac[6];

	memset(&rt, 0, sizeof(rt));
	rt.family = parse_addr(addr, a);
	rt.arphrd = ARPHRD_ETHER;
	rt.ifindex = 1;
	rt.type = bcast_type ? RTN_BROADCAST : RTN_UNICAST;
	memcpy(rt.dst, a, 16);
	if (pkt_route_resolve(&rt, a, -1, mac, 100, errbuf) < 0) {
		fprintf(stderr, "resolve %s: %s\n", addr, errbuf);
		failures++;
		return;
	}
	if (strcmp(mac_str(mac, got), want) != 0) {
		fprintf(stderr, "resolve %s: got %s, want %s\n", addr, got, want);
		failures++;
	}
}

static void
check_noarp(void)
{
	char errbuf[PKT_ERRBUF];
	struct pkt_route rt;
	uint8_t a[4] = { 192, 0, 2, 99 }, mac[6];

	memset(&rt, 0, sizeof(rt));
	rt.family = AF_INET;
	rt.arphrd = ARPHRD_ETHER;
	rt.ifflags = IFF_NOARP;
	memcpy(rt.ifmac, "\x02\x01\x02\x03\x04\x05", 6);
	CHECK(pkt_route_resolve(&rt, a, -1, mac, 100, errbuf) == 0);
	CHECK(memcmp(mac, rt.ifmac, 6) == 0);
	rt.arphrd = ARPHRD_NONE;
	CHECK(pkt_route_resolve(&rt, a, -1, mac, 100, errbuf) == 0);
	CHECK(memcmp(mac, "\0\0\0\0\0\0", 6) == 0);
	rt.family = 99;
	CHECK(pkt_route_resolve(&rt, a, -1, mac, 100, errbuf) == -1);
	CHECK(pkt_route_get(99, a, NULL, &rt, errbuf) == -1);
}

static int
unit_checks(void)
{
	check_loopback("127.0.0.1", "127.0.0.1");
	check_loopback("127.0.0.5", "127.0.0.1");
	if (access("/proc/net/if_inet6", F_OK) == 0)
		check_loopback("::1", "::1");
	else
		fprintf(stderr, "test_route: no IPv6 here, ::1 skipped\n");
	check_iface();
	check_group("224.1.2.3", "01:00:5e:01:02:03", false);
	check_group("239.129.2.3", "01:00:5e:01:02:03", false);
	check_group("255.255.255.255", "ff:ff:ff:ff:ff:ff", false);
	check_group("10.1.2.255", "ff:ff:ff:ff:ff:ff", true);
	check_group("ff02::1:ff00:1", "33:33:ff:00:00:01", false);
	check_group("ff02::1", "33:33:00:00:00:01", false);
	check_noarp();
	if (failures) {
		fprintf(stderr, "test_route: %d failure(s)\n", failures);
		return 1;
	}
	printf("test_route: ok\n");
	return 0;
}

static void
get_route(const char *dst, const char *oif, uint8_t *a, struct pkt_route *rt)
{
	char errbuf[PKT_ERRBUF];

	if (pkt_route_get(parse_addr(dst, a), a, oif, rt, errbuf) < 0)
		pkt_errx(1, "%s", errbuf);
}

/* A PF_PACKET socket such as a tool opens before dropping privileges. */
static int
caller_socket(const struct pkt_route *rt)
{
	struct sockaddr_ll sll;
	int fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, htons(ETH_P_ALL));

	if (fd < 0)
		pkt_err(2, "PF_PACKET socket");
	memset(&sll, 0, sizeof(sll));
	sll.sll_family = AF_PACKET;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_ifindex = rt->ifindex;
	if (bind(fd, (struct sockaddr *)&sll, sizeof(sll)) < 0)
		pkt_err(2, "bind to %s", rt->ifname);
	return fd;
}

static int
cli(int argc, char **argv)
{
	char errbuf[PKT_ERRBUF], m[18];
	struct pkt_route rt;
	uint8_t a[16], mac[6];
	int r, fd = -1;

	if (strcmp(argv[1], "iface") == 0) {
		r = argc > 3 && strcmp(argv[3], "6") == 0 ? AF_INET6 : AF_INET;
		if (pkt_route_iface(argv[2], r, &rt, errbuf) < 0)
			pkt_errx(1, "%s", errbuf);
		print_route(&rt);
		return 0;
	}
	get_route(argv[2], strcmp(argv[1], "route") == 0 && argc > 3 ? argv[3] : NULL, a, &rt);
	if (strcmp(argv[1], "route") == 0) {
		print_route(&rt);
		return 0;
	}
	if (strcmp(argv[1], "neigh") == 0) {
		if ((r = pkt_route_neigh(&rt, rt.gw, mac, errbuf)) < 0)
			pkt_errx(1, "%s", errbuf);
		printf("%s\n", r ? mac_str(mac, m) : "none");
		return r ? 0 : 1;
	}
	if (strcmp(argv[1], "resolve-fd") == 0)
		fd = caller_socket(&rt);
	else if (strcmp(argv[1], "resolve") != 0)
		pkt_errx(2, "%s: unknown mode", argv[1]);
	r = pkt_route_resolve(&rt, rt.gw, fd, mac, argc > 3 ? atoi(argv[3]) : 1000, errbuf);
	if (fd >= 0)
		close(fd);
	if (r < 0)
		pkt_errx(1, "%s", errbuf);
	printf("%s\n", mac_str(mac, m));
	return 0;
}

int
main(int argc, char **argv)
{
	pkt_setprogname(argv[0]);
	if (argc == 1)
		return unit_checks();
	if (argc < 3)
		pkt_errx(2, "usage: test_route [route|iface|neigh|resolve|resolve-fd ARG [ARG]]");
	return cli(argc, argv);
}
