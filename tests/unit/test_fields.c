/* test_fields.c: the public field indices of the layers' headers
 * (common/layers/NAME.h) name the fields their tables have there, and a
 * layer whose header names all its fields names each exactly once (the
 * tables also check their length against the enums at compile time). */
#include <string.h>

#include "layers/arp.h"
#include "layers/dns.h"
#include "layers/icmp.h"
#include "layers/icmp6.h"
#include "layers/ip.h"
#include "layers/ipv6.h"
#include "layers/tcp.h"
#include "layers/udp.h"
#include "unit.h"

static const struct {
	const struct pkt_layer	*l;
	int			 fi;
	const char		*name;
} fields[] = {
	{ &pkt_layer_ip, IP_F_VERSION, "version" },
	{ &pkt_layer_ip, IP_F_IHL, "ihl" },
	{ &pkt_layer_ip, IP_F_TOS, "tos" },
	{ &pkt_layer_ip, IP_F_LEN, "len" },
	{ &pkt_layer_ip, IP_F_ID, "id" },
	{ &pkt_layer_ip, IP_F_FLAGS, "flags" },
	{ &pkt_layer_ip, IP_F_FRAG, "frag" },
	{ &pkt_layer_ip, IP_F_TTL, "ttl" },
	{ &pkt_layer_ip, IP_F_PROTO, "proto" },
	{ &pkt_layer_ip, IP_F_CHKSUM, "chksum" },
	{ &pkt_layer_ip, IP_F_SRC, "src" },
	{ &pkt_layer_ip, IP_F_DST, "dst" },
	{ &pkt_layer_ip, IP_F_OPTIONS, "options" },
	{ &pkt_layer_ipv6, IPV6_F_VERSION, "version" },
	{ &pkt_layer_ipv6, IPV6_F_TC, "tc" },
	{ &pkt_layer_ipv6, IPV6_F_FL, "fl" },
	{ &pkt_layer_ipv6, IPV6_F_PLEN, "plen" },
	{ &pkt_layer_ipv6, IPV6_F_NH, "nh" },
	{ &pkt_layer_ipv6, IPV6_F_HLIM, "hlim" },
	{ &pkt_layer_ipv6, IPV6_F_SRC, "src" },
	{ &pkt_layer_ipv6, IPV6_F_DST, "dst" },
	{ &pkt_layer_tcp, TCP_F_SPORT, "sport" },
	{ &pkt_layer_tcp, TCP_F_DPORT, "dport" },
	{ &pkt_layer_tcp, TCP_F_SEQ, "seq" },
	{ &pkt_layer_tcp, TCP_F_ACK, "ack" },
	{ &pkt_layer_tcp, TCP_F_DATAOFS, "dataofs" },
	{ &pkt_layer_tcp, TCP_F_RESERVED, "reserved" },
	{ &pkt_layer_tcp, TCP_F_FLAGS, "flags" },
	{ &pkt_layer_tcp, TCP_F_WINDOW, "window" },
	{ &pkt_layer_tcp, TCP_F_CHKSUM, "chksum" },
	{ &pkt_layer_tcp, TCP_F_URGPTR, "urgptr" },
	{ &pkt_layer_tcp, TCP_F_OPTIONS, "options" },
	{ &pkt_layer_udp, UDP_F_SPORT, "sport" },
	{ &pkt_layer_udp, UDP_F_DPORT, "dport" },
	{ &pkt_layer_udp, UDP_F_LEN, "len" },
	{ &pkt_layer_udp, UDP_F_CHKSUM, "chksum" },
	{ &pkt_layer_icmp, ICMP_F_TYPE, "type" },
	{ &pkt_layer_icmp, ICMP_F_CODE, "code" },
	{ &pkt_layer_icmp, ICMP_F_CHKSUM, "chksum" },
	{ &pkt_layer_icmp, ICMP_F_ID, "id" },
	{ &pkt_layer_icmp, ICMP_F_SEQ, "seq" },
	{ &pkt_layer_icmp, ICMP_F_TS_ORI, "ts_ori" },
	{ &pkt_layer_icmp, ICMP_F_TS_RX, "ts_rx" },
	{ &pkt_layer_icmp, ICMP_F_TS_TX, "ts_tx" },
	{ &pkt_layer_icmp, ICMP_F_GW, "gw" },
	{ &pkt_layer_icmp, ICMP_F_PTR, "ptr" },
	{ &pkt_layer_icmp, ICMP_F_RESERVED, "reserved" },
	{ &pkt_layer_icmp, ICMP_F_LENGTH, "length" },
	{ &pkt_layer_icmp, ICMP_F_ADDR_MASK, "addr_mask" },
	{ &pkt_layer_icmp, ICMP_F_NEXTHOPMTU, "nexthopmtu" },
	{ &pkt_layer_icmp, ICMP_F_UNUSED16, "unused" },
	{ &pkt_layer_icmp, ICMP_F_UNUSED32, "unused" },
	{ &pkt_layer_arp, ARP_F_HWTYPE, "hwtype" },
	{ &pkt_layer_arp, ARP_F_PTYPE, "ptype" },
	{ &pkt_layer_arp, ARP_F_HWLEN, "hwlen" },
	{ &pkt_layer_arp, ARP_F_PLEN, "plen" },
	{ &pkt_layer_arp, ARP_F_OP, "op" },
	{ &pkt_layer_arp, ARP_F_HWSRC_MAC, "hwsrc" },
	{ &pkt_layer_arp, ARP_F_HWSRC_RAW, "hwsrc" },
	{ &pkt_layer_arp, ARP_F_PSRC_V4, "psrc" },
	{ &pkt_layer_arp, ARP_F_PSRC_V6, "psrc" },
	{ &pkt_layer_arp, ARP_F_PSRC_RAW, "psrc" },
	{ &pkt_layer_arp, ARP_F_HWDST_MAC, "hwdst" },
	{ &pkt_layer_arp, ARP_F_HWDST_RAW, "hwdst" },
	{ &pkt_layer_arp, ARP_F_PDST_V4, "pdst" },
	{ &pkt_layer_arp, ARP_F_PDST_V6, "pdst" },
	{ &pkt_layer_arp, ARP_F_PDST_RAW, "pdst" },
	{ &pkt_layer_dns, DNS_F_LENGTH, "length" },
	{ &pkt_layer_dns, DNS_F_ID, "id" },
	{ &pkt_layer_dns, DNS_F_QR, "qr" },
	{ &pkt_layer_dns, DNS_F_OPCODE, "opcode" },
	{ &pkt_layer_dns, DNS_F_AA, "aa" },
	{ &pkt_layer_dns, DNS_F_TC, "tc" },
	{ &pkt_layer_dns, DNS_F_RD, "rd" },
	{ &pkt_layer_dns, DNS_F_RA, "ra" },
	{ &pkt_layer_dns, DNS_F_Z, "z" },
	{ &pkt_layer_dns, DNS_F_AD, "ad" },
	{ &pkt_layer_dns, DNS_F_CD, "cd" },
	{ &pkt_layer_dns, DNS_F_RCODE, "rcode" },
	{ &pkt_layer_dns, DNS_F_QDCOUNT, "qdcount" },
	{ &pkt_layer_dns, DNS_F_ANCOUNT, "ancount" },
	{ &pkt_layer_dns, DNS_F_NSCOUNT, "nscount" },
	{ &pkt_layer_dns, DNS_F_ARCOUNT, "arcount" },
	{ &pkt_layer_dns, DNS_F_QD, "qd" },
	{ &pkt_layer_dns, DNS_F_AN, "an" },
	{ &pkt_layer_dns, DNS_F_NS, "ns" },
	{ &pkt_layer_dns, DNS_F_AR, "ar" },
	{ &pkt_layer_dnsqr, DNSQR_F_QNAME, "qname" },
	{ &pkt_layer_dnsqr, DNSQR_F_QTYPE, "qtype" },
	{ &pkt_layer_dnsqr, DNSQR_F_QCLASS, "qclass" },
	{ &pkt_layer_dnsrr, DNSRR_F_RRNAME, "rrname" },
	{ &pkt_layer_dnsrr, DNSRR_F_TYPE, "type" },
	{ &pkt_layer_dnsrr, DNSRR_F_RCLASS, "rclass" },
	{ &pkt_layer_dnsrr, DNSRR_F_TTL, "ttl" },
	{ &pkt_layer_dnsrr, DNSRR_F_RDLEN, "rdlen" },
	{ &pkt_layer_dnsrr, DNSRR_F_RDATA_A, "rdata" },
	{ &pkt_layer_dnsrr, DNSRR_F_RDATA_AAAA, "rdata" },
	{ &pkt_layer_dnsrr, DNSRR_F_RDATA_NAME, "rdata" },
	{ &pkt_layer_dnsrr, DNSRR_F_RDATA_TXT, "rdata" },
	{ &pkt_layer_dnsrr, DNSRR_F_RDATA_RAW, "rdata" },
	{ &pkt_layer_icmp6_echo_req, ICMP6_F_TYPE, "type" },
	{ &pkt_layer_icmp6_echo_req, ICMP6_F_CODE, "code" },
	{ &pkt_layer_icmp6_echo_req, ICMP6_F_CKSUM, "cksum" },
	{ &pkt_layer_icmp6_echo_req, ICMP6_ECHO_F_ID, "id" },
	{ &pkt_layer_icmp6_echo_req, ICMP6_ECHO_F_SEQ, "seq" },
	{ &pkt_layer_icmp6_echo_req, ICMP6_ECHO_F_DATA, "data" },
	{ &pkt_layer_icmp6_echo_rep, ICMP6_F_TYPE, "type" },
	{ &pkt_layer_icmp6_echo_rep, ICMP6_F_CODE, "code" },
	{ &pkt_layer_icmp6_echo_rep, ICMP6_F_CKSUM, "cksum" },
	{ &pkt_layer_icmp6_echo_rep, ICMP6_ECHO_F_ID, "id" },
	{ &pkt_layer_icmp6_echo_rep, ICMP6_ECHO_F_SEQ, "seq" },
	{ &pkt_layer_icmp6_echo_rep, ICMP6_ECHO_F_DATA, "data" },
	{ &pkt_layer_icmp6_nd_ns, ICMP6_NS_F_TGT, "tgt" },
	{ &pkt_layer_icmp6_nd_na, ICMP6_NA_F_TGT, "tgt" },
};

/* Layers whose header has an index for every field of the table. */
static const struct {
	const struct pkt_layer	*l;
	size_t			 nf;
} whole[] = {
	{ &pkt_layer_ip, IP_NF }, { &pkt_layer_ipv6, IPV6_NF },
	{ &pkt_layer_tcp, TCP_NF }, { &pkt_layer_udp, UDP_NF },
	{ &pkt_layer_icmp, ICMP_NF }, { &pkt_layer_arp, ARP_NF },
	{ &pkt_layer_dns, DNS_NF }, { &pkt_layer_dnsqr, DNSQR_NF },
	{ &pkt_layer_dnsrr, DNSRR_NF },
	{ &pkt_layer_icmp6_echo_req, ICMP6_ECHO_NF },
	{ &pkt_layer_icmp6_echo_rep, ICMP6_ECHO_NF },
};

int
main(void)
{
	size_t i, k, n;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		const struct pkt_layer *l = fields[i].l;

		CHECK((size_t)fields[i].fi < l->nf && strcmp(l->f[fields[i].fi].name,
		    fields[i].name) == 0, "%s field %d: \"%s\" in the table, the "
		    "header says \"%s\"", l->name, fields[i].fi,
		    (size_t)fields[i].fi < l->nf ? l->f[fields[i].fi].name : "(none)",
		    fields[i].name);
	}
	for (k = 0; k < sizeof(whole) / sizeof(whole[0]); k++) {
		CHECK(whole[k].l->nf == whole[k].nf, "%s: %zu fields, the header "
		    "counts %zu", whole[k].l->name, whole[k].l->nf, whole[k].nf);
		for (i = n = 0; i < sizeof(fields) / sizeof(fields[0]); i++)
			n += fields[i].l == whole[k].l;
		CHECK(n == whole[k].nf, "%s: %zu of its %zu fields named here",
		    whole[k].l->name, n, whole[k].nf);
	}
	return unit_done();
}
