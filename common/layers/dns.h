/* layers/dns.h: DNS's public field indices (the order of its tables in
 * dns.c, checked there at compile time and by tests/unit/test_fields). */
#ifndef PKT_LAYERS_DNS_H
#define PKT_LAYERS_DNS_H

struct pkt_layer;
extern const struct pkt_layer pkt_layer_dns, pkt_layer_dnsqr, pkt_layer_dnsrr;

enum {
	DNS_F_LENGTH,
	DNS_F_ID,
	DNS_F_QR,
	DNS_F_OPCODE,
	DNS_F_AA,
	DNS_F_TC,
	DNS_F_RD,
	DNS_F_RA,
	DNS_F_Z,
	DNS_F_AD,
	DNS_F_CD,
	DNS_F_RCODE,
	DNS_F_QDCOUNT,
	DNS_F_ANCOUNT,
	DNS_F_NSCOUNT,
	DNS_F_ARCOUNT,
	DNS_F_QD,
	DNS_F_AN,
	DNS_F_NS,
	DNS_F_AR,
	DNS_NF
};

enum {
	DNSQR_F_QNAME,
	DNSQR_F_QTYPE,
	DNSQR_F_QCLASS,
	DNSQR_NF
};

enum {
	DNSRR_F_RRNAME,
	DNSRR_F_TYPE,
	DNSRR_F_RCLASS,
	DNSRR_F_TTL,
	DNSRR_F_RDLEN,
	DNSRR_F_RDATA_A,
	DNSRR_F_RDATA_AAAA,
	DNSRR_F_RDATA_NAME,
	DNSRR_F_RDATA_TXT,
	DNSRR_F_RDATA_RAW,
	DNSRR_NF
};

#endif
