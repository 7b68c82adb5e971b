/* test_ipv6.c: IPv6 extension headers and ICMPv6 (common/layers/ipv6.c,
 * ipv6ext.c, icmp6.c): every IPv6/ICMPv6 line of tests/golden/build.tsv
 * that needs no fan-out, built through the API and compared with the bytes
 * Scapy 2.5 built; more vectors made with Scapy for options, routing and
 * ND; the IPv6 golden pcaps dissected (layer names, fields, summaries) and
 * rebuilt byte for byte, also cut at every length; random bytes after an
 * IPv6 header dissected and rebuilt (bounds, under ASan). */
#include <arpa/inet.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pkt.h"
#include "util.h"
#include "unit.h"



/* ---- a tiny spec: "Layer k=v k=v / Layer ...", "+Layer" is an item of
 * the previous layer's options; values by field type: numbers, addresses,
 * MACs, "x:HEX" bytes, comma-separated IPv6 address lists. -------------- */

static int
set_field(struct pkt_li *li, const char *k, const char *v)
{
	int fi = pkt_layer_field(li->l, k);
	const struct pkt_field *f;
	struct pkt_val *val;
	char eb[PKT_ERRBUF];

	if (fi < 0) {
		printf("no field %s in %s\n", k, li->l->name);
		return -1;
	}
	f = &li->l->f[fi];
	val = &li->v[fi];
	pkt_val_clear(val);
	switch (f->type) {
	case PKT_F_UINT:
	case PKT_F_FLAGS:
		val->u = strtoull(v, NULL, 0);
		break;
	case PKT_F_IPV6:
		if (inet_pton(AF_INET6, v, val->a) != 1)
			return -1;
		break;
	case PKT_F_IPV4:
		if (inet_pton(AF_INET, v, val->a) != 1)
			return -1;
		break;
	case PKT_F_MAC:
		if (sscanf(v, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &val->a[0],
		    &val->a[1], &val->a[2], &val->a[3], &val->a[4], &val->a[5]) != 6)
			return -1;
		break;
	case PKT_F_BYTES:
		if (f->fl & PKT_FF_ADDRLIST) {
			char buf[1024], *s, *save = NULL;

			snprintf(buf, sizeof(buf), "%s", v);
			val->b = pkt_xmalloc(strlen(v) + 1);
			val->blen = 0;
			for (s = strtok_r(buf, ",", &save); s != NULL;
			    s = strtok_r(NULL, ",", &save)) {
				val->b = pkt_xrealloc(val->b, val->blen + 17);
				if (inet_pton(AF_INET6, s, val->b + val->blen) != 1)
					return -1;
				val->blen += 16;
			}
			break;
		}
		if (strncmp(v, "x:", 2) != 0 ||
		    pkt_hex_decode(v + 2, &val->b, &val->blen, eb) < 0)
			return -1;
		break;
	default:
		return -1;
	}
	val->set = true;
	return 0;
}

static struct pkt_pkt *
mini(const char *spec)
{
	struct pkt_pkt *p = pkt_new();
	char buf[2048], *lay, *save = NULL;

	snprintf(buf, sizeof(buf), "%s", spec);
	for (lay = strtok_r(buf, "/", &save); lay != NULL;
	    lay = strtok_r(NULL, "/", &save)) {
		char *tok, *s2 = NULL;
		const struct pkt_layer *l;
		struct pkt_li *li = NULL;
		bool item = false;

		tok = strtok_r(lay, " ", &s2);
		if (tok == NULL)
			goto bad;
		if (tok[0] == '+') {
			item = true;
			tok++;
		}
		if ((l = pkt_layer_find(tok, NULL)) == NULL) {
			printf("no layer %s\n", tok);
			goto bad;
		}
		if (item) {
			struct pkt_li *up = p->n ? &p->li[p->n - 1] : NULL;
			int fi = up ? pkt_layer_field(up->l, "options") : -1;
			struct pkt_val *v;

			if (fi < 0)
				goto bad;
			v = &up->v[fi];
			v->items = pkt_xreallocarray(v->items, v->nitems + 1,
			    sizeof(*v->items));
			pkt_li_init(&v->items[v->nitems], l);
			li = &v->items[v->nitems++];
			v->set = true;
		} else
			li = pkt_push(p, l);
		while ((tok = strtok_r(NULL, " ", &s2)) != NULL) {
			char *eq = strchr(tok, '=');

			if (eq == NULL)
				goto bad;
			*eq = '\0';
			if (set_field(li, tok, eq + 1) < 0) {
				printf("bad value %s=%s\n", tok, eq + 1);
				goto bad;
			}
		}
	}
	return p;
bad:
	pkt_free(p);
	return NULL;
}

static char *
hexof(const uint8_t *b, size_t n)
{
	char *s = pkt_xmalloc(2 * n + 1);

	pkt_hex_encode(b, n, s);
	return s;
}

struct vec {
	const char *spec, *hex;
};

/* tests/golden/build.tsv, the IPv6 lines with one packet each (generated
 * from the file: Scapy's keyword arguments as k=v, TCP flags as numbers). */
static const struct vec golden[] = {
	{ "Ether dst=33:33:00:00:00:01 src=02:00:00:00:00:01 / IPv6 src=fe80::1 dst=ff02::1 / UDP",
	  "33330000000102000000000186dd6000000000081140fe800000000000000000000000000001ff02000000000000000000000000000100350035000801ef" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2",
	  "6000000000003b4020010db800000000000000000000000120010db8000000000000000000000002" },
	{ "IPv6 src=::1 dst=::1",
	  "6000000000003b400000000000000000000000000000000100000000000000000000000000000001" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 tc=184 fl=74565 hlim=255",
	  "6b81234500003bff20010db800000000000000000000000120010db8000000000000000000000002" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 fl=1048575 tc=255",
	  "6fffffff00003b4020010db800000000000000000000000120010db8000000000000000000000002" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 nh=6",
	  "600000000000064020010db800000000000000000000000120010db8000000000000000000000002" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 nh=17 / Raw load=x:616263",
	  "600000000003114020010db800000000000000000000000120010db8000000000000000000000002616263" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / Raw load=x:616263",
	  "6000000000033b4020010db800000000000000000000000120010db8000000000000000000000002616263" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 plen=100 / UDP",
	  "600000000064114020010db800000000000000000000000120010db8000000000000000000000002003500350008a3ff" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 plen=0 / Raw load=x:78797a",
	  "6000000000003b4020010db800000000000000000000000120010db800000000000000000000000278797a" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 hlim=0",
	  "6000000000003b0020010db800000000000000000000000120010db8000000000000000000000002" },
	{ "IPv6 version=4 src=2001:db8::1 dst=2001:db8::2",
	  "4000000000003b4020010db800000000000000000000000120010db8000000000000000000000002" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / TCP",
	  "600000000014064020010db800000000000000000000000120010db800000000000000000000000200140050000000000000000050022000340a0000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / UDP / Raw load=x:78",
	  "600000000009114020010db800000000000000000000000120010db80000000000000000000000020035003500092bfd78" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 nh=17 / TCP",
	  "600000000014114020010db800000000000000000000000120010db800000000000000000000000200140050000000000000000050022000340a0000" },
	{ "IPv6 src=fe80::1 dst=ff02::1:ff00:2",
	  "6000000000003b40fe800000000000000000000000000001ff0200000000000000000001ff000002" },
	{ "IPv6 src=2001:db8:0:0:1:0:0:1 dst=2001:0db8:0000:0000:0000:0000:0000:0002",
	  "6000000000003b4020010db800000000000100000000000120010db8000000000000000000000002" },
	{ "IPv6 src=::ffff:192.0.2.1 dst=::ffff:192.0.2.2",
	  "6000000000003b4000000000000000000000ffffc000020100000000000000000000ffffc0000202" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrHopByHop / UDP",
	  "600000000010004020010db800000000000000000000000120010db80000000000000000000000021100010400000000003500350008a3ff" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrHopByHop",
	  "600000000008004020010db800000000000000000000000120010db80000000000000000000000023b00010400000000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrHopByHop / ICMPv6EchoRequest",
	  "600000000010004020010db800000000000000000000000120010db80000000000000000000000023a000104000000008000244800000000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrHopByHop nh=58 / Raw load=x:8000000000000000",
	  "600000000010004020010db800000000000000000000000120010db80000000000000000000000023a000104000000008000000000000000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrDestOpt / ICMPv6EchoRequest",
	  "6000000000103c4020010db800000000000000000000000120010db80000000000000000000000023a000104000000008000244800000000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrDestOpt / TCP",
	  "60000000001c3c4020010db800000000000000000000000120010db8000000000000000000000002060001040000000000140050000000000000000050022000340a0000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrRouting / UDP",
	  "6000000000102b4020010db800000000000000000000000120010db80000000000000000000000021100000000000000003500350008a3ff" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrRouting addresses=2001:db8::10,2001:db8::11 / TCP",
	  "60000000003c2b4020010db800000000000000000000000120010db8000000000000000000000002060400020000000020010db800000000000000000000001020010db80000000000000000000000110014005000000000000000005002200033fb0000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrRouting addresses=2001:db8::10 segleft=0 / UDP",
	  "6000000000202b4020010db800000000000000000000000120010db8000000000000000000000002110200000000000020010db8000000000000000000000010003500350008a3ff" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrRouting type=2 addresses=2001:db8::10 / ICMPv6EchoRequest",
	  "6000000000202b4020010db800000000000000000000000120010db80000000000000000000000023a0202010000000020010db80000000000000000000000108000243a00000000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrFragment / UDP",
	  "6000000000102c4020010db800000000000000000000000120010db80000000000000000000000021100000000000000003500350008a3ff" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrFragment id=305419896 offset=0 m=1 / UDP sport=1000 dport=2000 / Raw load=x:66697273742d667261676d656e74",
	  "60000000001e2c4020010db800000000000000000000000120010db8000000000000000000000002110000011234567803e807d00016a7d766697273742d667261676d656e74" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrFragment id=305419896 offset=100 m=0 nh=17 / Raw load=x:7461696c",
	  "60000000000c2c4020010db800000000000000000000000120010db800000000000000000000000211000320123456787461696c" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrFragment id=1 m=1 / ICMPv6EchoRequest data=x:4142434445464748",
	  "6000000000182c4020010db800000000000000000000000120010db80000000000000000000000023a000001000000018000132b000000004142434445464748" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrHopByHop / IPv6ExtHdrDestOpt / IPv6ExtHdrRouting addresses=2001:db8::3 / IPv6ExtHdrFragment id=7 / TCP flags=18",
	  "600000000044004020010db800000000000000000000000120010db80000000000000000000000023c000104000000002b000104000000002c0200010000000020010db800000000000000000000000306000000000000070014005000000000000000005012200033f90000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrHopByHop / IPv6ExtHdrDestOpt / UDP / Raw load=x:6869",
	  "60000000001a004020010db800000000000000000000000120010db80000000000000000000000023c00010400000000110001040000000000350035000a3b926869" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / ICMPv6EchoRequest",
	  "6000000000083a4020010db800000000000000000000000120010db80000000000000000000000028000244800000000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / ICMPv6EchoRequest id=1 seq=2 data=x:61626364",
	  "60000000000c3a4020010db800000000000000000000000120010db800000000000000000000000280005f7a0001000261626364" },
	{ "IPv6 src=2001:db8::2 dst=2001:db8::1 / ICMPv6EchoReply id=4660 seq=1 data=x:000102",
	  "60000000000b3a4020010db800000000000000000000000220010db800000000000000000000000181000f0f12340001000102" },
	{ "IPv6 src=2001:db8::2 dst=2001:db8::1 / ICMPv6EchoReply",
	  "6000000000083a4020010db800000000000000000000000220010db80000000000000000000000018100234800000000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / ICMPv6EchoRequest cksum=48879",
	  "6000000000083a4020010db800000000000000000000000120010db80000000000000000000000028000beef00000000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / ICMPv6EchoRequest code=1 id=65535 seq=65535",
	  "6000000000083a4020010db800000000000000000000000120010db800000000000000000000000280012447ffffffff" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / ICMPv6EchoRequest / Raw load=x:7261772d6166746572",
	  "6000000000113a4020010db800000000000000000000000120010db80000000000000000000000028000f2e3000000007261772d6166746572" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 hlim=1 / ICMPv6EchoRequest data=x:70696e67",
	  "60000000000c3a0120010db800000000000000000000000120010db8000000000000000000000002800045730000000070696e67" },
	{ "ICMPv6EchoRequest data=x:6e6f2d6970",
	  "80000000000000006e6f2d6970" },
	{ "IPv6 src=2001:db8::ff dst=2001:db8::1 / ICMPv6DestUnreach code=4 / IPv6 src=2001:db8::1 dst=2001:db8::2 / UDP sport=40000 dport=33434",
	  "6000000000383a4020010db80000000000000000000000ff20010db8000000000000000000000001010430e800000000600000000008114020010db800000000000000000000000120010db80000000000000000000000029c40829a0008858e" },
	{ "IPv6 src=2001:db8::ff dst=2001:db8::1 / ICMPv6DestUnreach / IPv6 src=2001:db8::1 dst=2001:db8::2 / TCP",
	  "6000000000443a4020010db80000000000000000000000ff20010db800000000000000000000000101003bd500000000600000000014064020010db800000000000000000000000120010db800000000000000000000000200140050000000000000000050022000340a0000" },
	{ "IPv6 src=2001:db8::ff dst=2001:db8::1 / ICMPv6DestUnreach code=1",
	  "6000000000083a4020010db80000000000000000000000ff20010db80000000000000000000000010101a24a00000000" },
	{ "IPv6 src=2001:db8::ff dst=2001:db8::1 / ICMPv6PacketTooBig mtu=1280 / IPv6 src=2001:db8::1 dst=2001:db8::2 / UDP / Raw load=x:78",
	  "6000000000393a4020010db80000000000000000000000ff20010db800000000000000000000000102002aeb00000500600000000009114020010db800000000000000000000000120010db80000000000000000000000020035003500092bfd78" },
	{ "IPv6 src=2001:db8::ff dst=2001:db8::1 / ICMPv6PacketTooBig",
	  "6000000000083a4020010db80000000000000000000000ff20010db800000000000000000000000102009c4b00000500" },
	{ "IPv6 src=2001:db8::ff dst=2001:db8::1 / ICMPv6TimeExceeded code=0 / IPv6 src=2001:db8::1 dst=2001:db8::2 hlim=1 / UDP",
	  "6000000000383a4020010db80000000000000000000000ff20010db800000000000000000000000103002f2b00000000600000000008110120010db800000000000000000000000120010db8000000000000000000000002003500350008a3ff" },
	{ "IPv6 src=2001:db8::ff dst=2001:db8::1 / ICMPv6TimeExceeded code=1 / IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrFragment m=1 / Raw load=x:78",
	  "6000000000393a4020010db80000000000000000000000ff20010db800000000000000000000000103010559000000006000000000092c4020010db800000000000000000000000120010db80000000000000000000000023b0000010000000078" },
	{ "IPv6 src=2001:db8::ff dst=2001:db8::1 / ICMPv6ParamProblem code=1 ptr=40 / IPv6 src=2001:db8::1 dst=2001:db8::2 nh=200",
	  "6000000000303a4020010db80000000000000000000000ff20010db800000000000000000000000104011b4400000028600000000000c84020010db800000000000000000000000120010db8000000000000000000000002" },
	{ "IPv6 src=2001:db8::ff dst=2001:db8::1 / ICMPv6ParamProblem",
	  "6000000000083a4020010db80000000000000000000000ff20010db800000000000000000000000104009f4500000006" },
	{ "IPv6 src=2001:db8::1 dst=ff02::1:ff00:2 hlim=255 / ICMPv6ND_NS tgt=2001:db8::2 / ICMPv6NDOptSrcLLAddr lladdr=02:00:00:00:00:01",
	  "6000000000203aff20010db8000000000000000000000001ff0200000000000000000001ff00000287001c270000000020010db80000000000000000000000020101020000000001" },
	{ "IPv6 src=2001:db8::1 dst=ff02::1:ff00:2 hlim=255 / ICMPv6ND_NS tgt=2001:db8::2",
	  "6000000000183aff20010db8000000000000000000000001ff0200000000000000000001ff00000287001f310000000020010db8000000000000000000000002" },
	{ "IPv6 src=:: dst=ff02::1:ff00:2 hlim=255 / ICMPv6ND_NS tgt=2001:db8::2",
	  "6000000000183aff00000000000000000000000000000000ff0200000000000000000001ff00000287004ceb0000000020010db8000000000000000000000002" },
	{ "Ether dst=33:33:ff:00:00:02 src=02:00:00:00:00:01 / IPv6 src=fe80::1 dst=ff02::1:ff00:2 hlim=255 / ICMPv6ND_NS tgt=fe80::2 / ICMPv6NDOptSrcLLAddr lladdr=02:00:00:00:00:01",
	  "3333ff00000202000000000186dd6000000000203afffe800000000000000000000000000001ff0200000000000000000001ff00000287007a9700000000fe8000000000000000000000000000020101020000000001" },
	{ "IPv6 src=2001:db8::2 dst=2001:db8::1 hlim=255 / ICMPv6ND_NA R=1 S=1 O=1 tgt=2001:db8::2 / ICMPv6NDOptDstLLAddr lladdr=02:00:00:00:00:02",
	  "6000000000203aff20010db800000000000000000000000220010db800000000000000000000000188000a71e000000020010db80000000000000000000000020201020000000002" },
	{ "IPv6 src=2001:db8::2 dst=2001:db8::1 hlim=255 / ICMPv6ND_NA R=0 S=1 O=0 tgt=2001:db8::2",
	  "6000000000183aff20010db800000000000000000000000220010db80000000000000000000000018800ae7c4000000020010db8000000000000000000000002" },
	{ "IPv6 src=2001:db8::2 dst=ff02::1 hlim=255 / ICMPv6ND_NA R=0 S=0 O=1 tgt=2001:db8::2 / ICMPv6NDOptDstLLAddr lladdr=02:00:00:00:00:02",
	  "6000000000203aff20010db8000000000000000000000002ff0200000000000000000000000000018800f9272000000020010db80000000000000000000000020201020000000002" },
	{ "IPv6 src=2001:db8::2 dst=2001:db8::1 hlim=255 / ICMPv6ND_NA tgt=2001:db8::2",
	  "6000000000183aff20010db800000000000000000000000220010db800000000000000000000000188004e7ca000000020010db8000000000000000000000002" },
	{ "IPv6 src=fe80::1 dst=ff02::2 hlim=255 / ICMPv6ND_RS",
	  "6000000000083afffe800000000000000000000000000001ff02000000000000000000000000000285007d3600000000" },
	{ "IPv6 src=fe80::1 dst=ff02::2 hlim=255 / ICMPv6ND_RS / ICMPv6NDOptSrcLLAddr lladdr=02:00:00:00:00:01",
	  "6000000000103afffe800000000000000000000000000001ff02000000000000000000000000000285007a2c000000000101020000000001" },
	{ "IPv6 src=fe80::1 dst=ff02::1 hlim=255 / ICMPv6ND_RA",
	  "6000000000103afffe800000000000000000000000000001ff0200000000000000000000000000018600751f000807080000000000000000" },
	{ "IPv6 src=fe80::1 dst=ff02::1 hlim=255 / ICMPv6ND_RA chlim=64 M=1 O=1 routerlifetime=1800 reachabletime=30000 retranstimer=1000 / ICMPv6NDOptSrcLLAddr lladdr=02:00:00:00:00:01 / ICMPv6NDOptMTU mtu=1500 / ICMPv6NDOptPrefixInfo prefix=2001:db8:: prefixlen=64",
	  "6000000000403afffe800000000000000000000000000001ff02000000000000000000000000000186003bba40c8070800007530000003e8010102000000000105010000000005dc030440c0ffffffffffffffff0000000020010db8000000000000000000000000" },
	{ "IPv6 src=fe80::1 dst=ff02::1 hlim=255 / ICMPv6ND_RA prf=1 H=1 / ICMPv6NDOptPrefixInfo prefix=2001:db8:1:: prefixlen=48 L=1 A=0 validlifetime=3600 preferredlifetime=1800",
	  "6000000000303afffe800000000000000000000000000001ff0200000000000000000000000000018600fe880028070800000000000000000304308000000e10000007080000000020010db8000100000000000000000000" },
	{ "IPv6 src=fe80::1 dst=ff02::1 hlim=255 / ICMPv6ND_RA / ICMPv6NDOptMTU mtu=9000",
	  "6000000000183afffe800000000000000000000000000001ff02000000000000000000000000000186004cee0008070800000000000000000501000000002328" },
	{ "IPv6 src=fe80::1 dst=ff02::1 hlim=255 / ICMPv6ND_RA / ICMPv6NDOptPrefixInfo",
	  "6000000000303afffe800000000000000000000000000001ff0200000000000000000000000000018600313b000807080000000000000000030440c0ffffffffffffffff0000000000000000000000000000000000000000" },
	{ "IPv6 src=fe80::1 dst=ff02::1 hlim=255 / ICMPv6ND_RA routerlifetime=0 / ICMPv6NDOptSrcLLAddr lladdr=02:00:00:00:00:01",
	  "6000000000183afffe800000000000000000000000000001ff0200000000000000000000000000018600791d0008000000000000000000000101020000000001" },
	{ "ICMPv6NDOptSrcLLAddr lladdr=02:00:00:00:00:01",
	  "0101020000000001" },
	{ "ICMPv6NDOptDstLLAddr lladdr=02:00:00:00:00:02",
	  "0201020000000002" },
	{ "ICMPv6NDOptMTU",
	  "0501000000000500" },
	{ "ICMPv6NDOptPrefixInfo prefix=2001:db8:: prefixlen=64",
	  "030440c0ffffffffffffffff0000000020010db8000000000000000000000000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / TCP sport=40000 dport=443 flags=2",
	  "600000000014064020010db800000000000000000000000120010db80000000000000000000000029c4001bb00000000000000005002200096720000" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / UDP",
	  "600000000008114020010db800000000000000000000000120010db8000000000000000000000002003500350008a3ff" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / UDP sport=546 dport=547 / Raw load=x:6468637036",
	  "60000000000d114020010db800000000000000000000000120010db800000000000000000000000202220223000da2416468637036" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / UDP chksum=0",
	  "600000000008114020010db800000000000000000000000120010db80000000000000000000000020035003500080000" },
	/* build.tsv fan-outs, one packet of each */
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrFragment offset=1 m=1 id=9 / Raw load=x:78",
	  "6000000000092c4020010db800000000000000000000000120010db80000000000000000000000023b0000090000000978" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / ICMPv6EchoRequest seq=3",
	  "6000000000083a4020010db800000000000000000000000120010db80000000000000000000000028000244500000003" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / UDP dport=2",
	  "600000000008114020010db800000000000000000000000120010db8000000000000000000000002003500020008a432" },
};

/* More vectors, made with Scapy 2.5 (raw() of the same packets). */
static const struct vec extra[] = {
	/* IPv6ExtHdrHopByHop(options=[RouterAlert(value=0)]): PadN(0) after */
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrHopByHop / +RouterAlert value=0 / ICMPv6EchoRequest",
	  "600000000010004020010db800000000000000000000000120010db80000000000000000000000023a000502000001008000244800000000" },
	/* Jumbo 4n+2 and HAO 8n+6 alignment */
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrDestOpt / +Jumbo jumboplen=70000 / +HAO hoa=2001:db8::99 / UDP",
	  "6000000000283c4020010db800000000000000000000000120010db80000000000000000000000021103c20400011170010400000000c91020010db8000000000000000000000099003500350008a3ff" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrHopByHop autopad=0 / +PadN optdata=x:00000000 / UDP",
	  "600000000010004020010db800000000000000000000000120010db80000000000000000000000021100010400000000003500350008a3ff" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrDestOpt / +HBHOptUnknown otype=0x3e optdata=x:616263 / +Pad1 / TCP",
	  "60000000001c3c4020010db800000000000000000000000120010db800000000000000000000000206003e036162630000140050000000000000000050022000340a0000" },
	/* segleft given: pseudo-header to the last address */
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / IPv6ExtHdrRouting segleft=1 addresses=2001:db8::a,2001:db8::b / UDP",
	  "6000000000302b4020010db800000000000000000000000120010db8000000000000000000000002110400010000000020010db800000000000000000000000a20010db800000000000000000000000b003500350008a3f6" },
	/* ND: hlim 255 from the message, dst given */
	{ "IPv6 src=fe80::1 dst=fe80::2 / ICMPv6ND_Redirect tgt=fe80::3 dst=2001:db8::5 / ICMPv6NDOptDstLLAddr lladdr=02:00:00:00:00:03",
	  "6000000000303afffe800000000000000000000000000001fe8000000000000000000000000000028900494a00000000fe80000000000000000000000000000320010db80000000000000000000000050201020000000003" },
	/* ICMPv6NDOptUnknown: len unset is data + 2, in bytes, as Scapy */
	{ "IPv6 src=fe80::1 dst=ff02::1 hlim=255 / ICMPv6ND_RA / ICMPv6NDOptUnknown type=25 data=x:00000000000000000000000000000000000000000000",
	  "6000000000283afffe800000000000000000000000000001ff02000000000000000000000000000186005bef000807080000000000000000191800000000000000000000000000000000000000000000" },
	/* dst and hlim from the ND message (overload_fields) */
	{ "IPv6 src=fe80::1 / ICMPv6ND_NS tgt=fe80::2",
	  "6000000000183afffe800000000000000000000000000001ff02000000000000000000000000000187007ca400000000fe800000000000000000000000000002" },
	{ "IPv6 src=fe80::1 / ICMPv6ND_RS",
	  "6000000000083afffe800000000000000000000000000001ff02000000000000000000000000000285007d3600000000" },
	{ "IPv6 src=2001:db8::ff dst=2001:db8::1 / ICMPv6TimeExceeded / IPv6 src=2001:db8::1 dst=2001:db8::2 hlim=1 / ICMPv6EchoRequest id=5 seq=6",
	  "6000000000383a4020010db80000000000000000000000ff20010db800000000000000000000000103000654000000006000000000083a0120010db800000000000000000000000120010db80000000000000000000000028000243d00050006" },
	{ "IPv6 src=2001:db8::1 dst=2001:db8::2 / ICMPv6Unknown type=200 code=3 msgbody=x:68656c6c6f",
	  "6000000000093a4020010db800000000000000000000000120010db8000000000000000000000002c803987168656c6c6f" },
};

static void
build_vecs(const struct vec *v, size_t n, const char *what)
{
	size_t i;

	for (i = 0; i < n; i++) {
		char eb[PKT_ERRBUF];
		struct pkt_pkt *p = mini(v[i].spec);
		char *got;

		CHECK(p != NULL, "%s: cannot express %s", what, v[i].spec);
		if (p == NULL)
			continue;
		if (pkt_build(p, &pkt_env_default, eb) < 0) {
			CHECK(0, "%s: %s: build: %s", what, v[i].spec, eb);
			pkt_free(p);
			continue;
		}
		got = hexof(p->raw, p->rawlen);
		CHECK(strcmp(got, v[i].hex) == 0, "%s: %s\n  want %s\n  got  %s",
		    what, v[i].spec, v[i].hex, got);
		free(got);
		pkt_free(p);
	}
}

/* ---- pcaps ----------------------------------------------------------- */

struct rec {
	uint8_t	*b;
	size_t	 len;
	uint32_t wirelen;
};

static uint32_t
rd32(const uint8_t *p, bool swap)
{
	uint32_t v = (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;

	return swap ? __builtin_bswap32(v) : v;
}

/* Records of a classic pcap file; returns the count, *dlt its link type. */
static size_t
read_pcap(const char *path, struct rec **out, int *dlt)
{
	FILE *f = fopen(path, "rb");
	uint8_t gh[24], rh[16];
	struct rec *r = NULL;
	size_t n = 0;
	bool swap;
	uint32_t magic;

	*out = NULL;
	if (f == NULL) {
		perror(path);
		return 0;
	}
	if (fread(gh, 1, 24, f) != 24) {
		fclose(f);
		return 0;
	}
	magic = rd32(gh, false);
	swap = magic == 0xd4c3b2a1 || magic == 0x4d3cb2a1;
	*dlt = (int)(rd32(gh + 20, swap) & 0x0fffffff);
	while (fread(rh, 1, 16, f) == 16) {
		uint32_t cl = rd32(rh + 8, swap);

		if (cl > 262144)
			break;
		r = pkt_xreallocarray(r, n + 1, sizeof(*r));
		r[n].b = pkt_xmalloc(cl ? cl : 1);
		r[n].len = cl;
		r[n].wirelen = rd32(rh + 12, swap);
		if (fread(r[n].b, 1, cl, f) != cl) {
			free(r[n].b);
			break;
		}
		n++;
	}
	fclose(f);
	*out = r;
	return n;
}

static void
free_recs(struct rec *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(r[i].b);
	free(r);
}

/* "Ether IPv6 ICMPv6ND_NS ICMPv6NDOptSrcLLAddr" */
static void
names_of(const struct pkt_pkt *p, char *s, size_t n)
{
	size_t i, k = 0;

	s[0] = '\0';
	for (i = 0; i < p->n && k < n; i++)
		k += (size_t)snprintf(s + k, n - k, "%s%s%s", i ? " " : "",
		    pkt_layer_name(&p->li[i]), p->li[i].trunc ? "!" : "");
}

/* Dissect, then rebuild from the tree (every field set): same bytes. */
static struct pkt_pkt *
roundtrip(int dlt, const uint8_t *b, size_t len, uint32_t wirelen,
    const char *what)
{
	char eb[PKT_ERRBUF], names[512];
	struct pkt_pkt *p = pkt_new(), *q;

	pkt_dissect(p, dlt, b, len, wirelen, eb);
	q = pkt_copy(p);
	if (pkt_build(q, &pkt_env_default, eb) < 0) {
		names_of(p, names, sizeof(names));
		CHECK(0, "%s: rebuild of [%s]: %s", what, names, eb);
	} else {
		bool same = q->rawlen == len && memcmp(q->raw, b, len) == 0;

		names_of(p, names, sizeof(names));
		if (!same) {
			char *w = hexof(b, len), *g = hexof(q->raw, q->rawlen);

			CHECK(0, "%s: rebuild of [%s] differs\n  want %s\n  got  %s",
			    what, names, w, g);
			free(w);
			free(g);
		} else
			checks++;
	}
	pkt_free(q);
	return p;
}

static const char *
summary_of(const struct pkt_pkt *p, size_t idx, char *s, size_t n)
{
	s[0] = '\0';
	if (p->li[idx].l->summary == NULL || !p->li[idx].l->summary(p, idx, s, n))
		return "";
	return s;
}

static int
fidx(const struct pkt_li *li, const char *name)
{
	return pkt_layer_field(li->l, name);
}

static uint64_t
fu(const struct pkt_pkt *p, size_t idx, const char *name)
{
	int fi = idx < p->n ? fidx(&p->li[idx], name) : -1;

	return fi < 0 ? UINT64_MAX : pkt_li_u(&p->li[idx], (size_t)fi);
}

static const char *
fa6(const struct pkt_pkt *p, size_t idx, const char *name, char *buf)
{
	int fi = idx < p->n ? fidx(&p->li[idx], name) : -1;

	if (fi < 0)
		return "?";
	return inet_ntop(AF_INET6, p->li[idx].v[fi].a, buf, INET6_ADDRSTRLEN);
}

struct pexp {
	const char *names;	/* layer names, as pkt_layer_name() */
	const char *sumlayer;	/* summary of the last layer with one */
};

static void
check_pcap(const char *top, const char *file, const struct pexp *e, size_t ne,
    void (*more)(struct pkt_pkt **, size_t))
{
	char path[4096], names[512], s[512], what[600];
	struct rec *r;
	struct pkt_pkt *ps[64];
	int dlt = -1;
	size_t n, i, k, cut;

	snprintf(path, sizeof(path), "%s/tests/golden/pcap/%s", top, file);
	n = read_pcap(path, &r, &dlt);
	CHECK(n == ne, "%s: %zu packets, want %zu", file, n, ne);
	for (i = 0; i < n && i < ne && i < 64; i++) {
		snprintf(what, sizeof(what), "%s #%zu", file, i + 1);
		ps[i] = roundtrip(dlt, r[i].b, r[i].len, r[i].wirelen, what);
		names_of(ps[i], names, sizeof(names));
		CHECK(strcmp(names, e[i].names) == 0, "%s: layers [%s], want [%s]",
		    what, names, e[i].names);
		if (e[i].sumlayer != NULL) {
			const char *got = "";

			for (k = ps[i]->n; k-- > 0;)
				if (*(got = summary_of(ps[i], k, s, sizeof(s))) != '\0')
					break;
			CHECK(strcmp(got, e[i].sumlayer) == 0,
			    "%s: summary \"%s\", want \"%s\"", what, got, e[i].sumlayer);
		}
		/* every truncation of it rebuilds to the same bytes (the IPv6
		 * packets: the IPv4 ones are test_build's and test_text's) */
		for (k = 0; k < ps[i]->n; k++)
			if (strcmp(ps[i]->li[k].l->name, "IPv6") == 0)
				break;
		for (cut = 1; k < ps[i]->n && cut < r[i].len; cut++) {
			snprintf(what, sizeof(what), "%s #%zu cut at %zu", file, i + 1, cut);
			pkt_free(roundtrip(dlt, r[i].b, cut, r[i].wirelen, what));
		}
	}
	if (more != NULL && n >= ne)
		more(ps, ne);
	for (i = 0; i < n && i < ne && i < 64; i++)
		pkt_free(ps[i]);
	free_recs(r, n);
}

static void
nd_fields(struct pkt_pkt **ps, size_t n)
{
	char a[INET6_ADDRSTRLEN];

	(void)n;
	CHECK(fu(ps[0], 1, "hlim") == 255 && fu(ps[0], 1, "plen") == 32, "NS: IPv6");
	CHECK(fu(ps[0], 2, "cksum") == 0x7a97, "NS cksum %#llx",
	    (unsigned long long)fu(ps[0], 2, "cksum"));
	CHECK(strcmp(fa6(ps[0], 2, "tgt", a), "fe80::2") == 0, "NS tgt %s", a);
	CHECK(fu(ps[1], 2, "R") == 0 && fu(ps[1], 2, "S") == 1 &&
	    fu(ps[1], 2, "O") == 1 && fu(ps[1], 2, "cksum") == 0x181a, "NA flags");
	CHECK(fu(ps[3], 2, "chlim") == 64 && fu(ps[3], 2, "prf") == 1 &&
	    fu(ps[3], 2, "O") == 1 && fu(ps[3], 2, "M") == 0 &&
	    fu(ps[3], 2, "routerlifetime") == 1800 && fu(ps[3], 2, "cksum") == 0x2b8f,
	    "RA fields");
	CHECK(fu(ps[3], 4, "mtu") == 1500, "MTU option");
	CHECK(fu(ps[3], 5, "validlifetime") == 0x15180 &&
	    fu(ps[3], 5, "preferredlifetime") == 0x3840 &&
	    fu(ps[3], 5, "prefixlen") == 64 && fu(ps[3], 5, "L") == 1 &&
	    fu(ps[3], 5, "A") == 1 && fu(ps[3], 5, "R") == 0, "prefix option");
	CHECK(fu(ps[4], 2, "id") == 1 && fu(ps[4], 2, "seq") == 1 &&
	    fu(ps[4], 2, "cksum") == 0x5f7b, "echo request");
	{
		const struct pkt_li *li = &ps[4]->li[2];
		int fi = fidx(li, "data");

		CHECK(fi >= 0 && li->v[fi].blen == 4 &&
		    memcmp(li->v[fi].b, "abcd", 4) == 0, "echo data");
	}
	/* packet 7: HBH with RouterAlert and PadN(0), autopad On */
	{
		const struct pkt_li *li = &ps[6]->li[2];
		int fo = fidx(li, "options");

		CHECK(fu(ps[6], 2, "nh") == 58 && fu(ps[6], 2, "len") == 0 &&
		    fu(ps[6], 2, "autopad") == 1, "HBH fields");
		CHECK(fo >= 0 && li->v[fo].nitems == 2 &&
		    strcmp(li->v[fo].items[0].l->name, "RouterAlert") == 0 &&
		    pkt_li_u(&li->v[fo].items[0], 2) == 0 &&
		    strcmp(li->v[fo].items[1].l->name, "PadN") == 0 &&
		    pkt_li_u(&li->v[fo].items[1], 1) == 0, "HBH options");
		CHECK(fu(ps[6], 3, "cksum") == 0x52ea, "echo after HBH");
	}
}

static void
err_fields(struct pkt_pkt **ps, size_t n)
{
	char a[INET6_ADDRSTRLEN], s[256];

	if (n < 6)
		return;
	CHECK(ps[4]->li[3].quoted && ps[4]->li[4].quoted, "IPerror6 quoted");
	CHECK(strcmp(fa6(ps[4], 3, "dst", a), "2001:db8::2") == 0 ||
	    strcmp(a, "2001:db8::1") == 0, "IPerror6 dst %s", a);
	CHECK(strcmp(summary_of(ps[4], 1, s, sizeof(s)),
	    "2001:db8::2 > 2001:db8::1 (58)") == 0, "IPv6 summary \"%s\"", s);
	CHECK(fu(ps[5], 2, "mtu") != UINT64_MAX, "PacketTooBig mtu");
}

/* ---- random bytes after an IPv6 header -------------------------------- */

static uint32_t rng = 12345;

static uint32_t
rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 17;
	rng ^= rng << 5;
	return rng;
}

static void
fuzz(void)
{
	static const uint8_t nhs[] = { 0, 43, 44, 60, 58, 58, 58, 59, 6, 17, 41, 4 };
	static const uint8_t types[] = { 1, 2, 3, 4, 128, 129, 133, 134, 135, 136,
	    137, 130, 200 };
	uint8_t b[256];
	int it, fails = failures;

	for (it = 0; it < 20000 && failures - fails < 5; it++) {
		size_t len = 40 + rnd() % 120, i;
		char what[64];

		for (i = 0; i < len; i++)
			b[i] = (uint8_t)rnd();
		b[0] = 0x60;
		b[6] = nhs[rnd() % sizeof(nhs)];
		if (rnd() % 2) {	/* a believable plen */
			b[4] = 0;
			b[5] = (uint8_t)(len - 40 + rnd() % 3 - 1);
		}
		for (i = 40; i + 8 < len && rnd() % 3; ) {	/* ext chain */
			b[i] = nhs[rnd() % sizeof(nhs)];
			b[i + 1] = (uint8_t)(rnd() % 3);
			if (b[i - (i == 40 ? 34 : 0)] == 58)
				break;
			i += 8 * ((size_t)b[i + 1] + 1);
		}
		if (len > 40 && rnd() % 2)
			b[40] = types[rnd() % sizeof(types)];
		snprintf(what, sizeof(what), "fuzz #%d", it);
		pkt_free(roundtrip(229, b, len, (uint32_t)len, what));
	}
}

int
main(int argc, char **argv)
{
	const char *top = argc > 1 ? argv[1] : getenv("PKT_TOP") ? getenv("PKT_TOP") : ".";
	static const struct pexp nd[] = {
		{ "Ether IPv6 ICMPv6ND_NS ICMPv6NDOptSrcLLAddr",
		  "ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 02:00:00:00:00:01" },
		{ "Ether IPv6 ICMPv6ND_NA ICMPv6NDOptDstLLAddr",
		  "ICMPv6 Neighbor Discovery Option - Destination Link-Layer Address 02:00:00:00:00:02" },
		{ "Ether IPv6 ICMPv6ND_RS ICMPv6NDOptSrcLLAddr",
		  "ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 02:00:00:00:00:01" },
		{ "Ether IPv6 ICMPv6ND_RA ICMPv6NDOptSrcLLAddr ICMPv6NDOptMTU ICMPv6NDOptPrefixInfo",
		  "ICMPv6 Neighbor Discovery Option - Prefix Information 2001:db8::/64 On-link 1 Autonomous Address 1 Router Address 0" },
		{ "Ether IPv6 ICMPv6EchoRequest", "ICMPv6 Echo Request (id: 0x1 seq: 0x1)" },
		{ "Ether IPv6 ICMPv6EchoReply", "ICMPv6 Echo Reply (id: 0x1 seq: 0x1)" },
		{ "Ether IPv6 IPv6ExtHdrHopByHop ICMPv6EchoRequest",
		  "ICMPv6 Echo Request (id: 0x0 seq: 0x0)" },
		/* an option type Scapy has no class for: Raw to the end */
		{ "Ether IPv6 ICMPv6ND_RA ICMPv6NDOptSrcLLAddr Raw",
		  "ICMPv6 Neighbor Discovery Option - Source Link-Layer Address 02:00:00:00:00:02" },
	};
	static const struct pexp v6[] = {
		{ "IPv6 ICMPv6EchoRequest", "ICMPv6 Echo Request (id: 0x7 seq: 0x1)" },
		{ "IPv6 UDP Raw", NULL },
		{ "IPv6 TCP", NULL },
	};
	static const struct pexp err[] = {
		{ "Ether IP ICMP IPerror TCPerror", NULL },
		{ "Ether IP ICMP IPerror TCPerror!", NULL },	/* 8 bytes quoted */
		{ "Ether IP ICMP IPerror UDPerror Raw", NULL },
		{ "Ether IP ICMP IPerror ICMPerror", NULL },
		{ "Ether IPv6 ICMPv6DestUnreach IPerror6 UDPerror", NULL },
		{ "Ether IPv6 ICMPv6PacketTooBig IPerror6 TCPerror", NULL },
	};

	pkt_setprogname("test_ipv6");
	build_vecs(golden, sizeof(golden) / sizeof(golden[0]), "build.tsv");
	build_vecs(extra, sizeof(extra) / sizeof(extra[0]), "extra");
	check_pcap(top, "en10mb-ipv6-nd.pcap", nd, sizeof(nd) / sizeof(nd[0]),
	    nd_fields);
	check_pcap(top, "ipv6.pcap", v6, sizeof(v6) / sizeof(v6[0]), NULL);
	check_pcap(top, "en10mb-icmp-error.pcap", err, sizeof(err) / sizeof(err[0]),
	    err_fields);
	fuzz();
	if (failures) {
		printf("FAILED %d of %d checks\n", failures, checks);
		return 1;
	}
	printf("ok %d checks\n", checks);
	return 0;
}
