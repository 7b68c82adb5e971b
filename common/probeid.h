/* probeid.h: stateless traceroute probes (yarrp's idea): each probe
 * carries what decodes its answer, so nothing is kept per probe.
 *
 * A probe's identity is its TTL, its send time (a 16-bit tick count) and
 * an 8-bit check; the target is the probe's destination, which every
 * answer carries back (a quote's destination, a reply's source).  They
 * go where a router's quote keeps them (RFC 792: the IP header and 8
 * bytes of transport) and no flow hash looks, so the 5-tuple of a target
 * is the same for every TTL and time (Paris traceroute):
 *
 *   IPv4 id   = ttl << 8 | check          (never 0: the kernel fills a 0)
 *   TCP       seq = ttl << 24 | time << 8 | check  (a SYN-ACK or RST
 *             acknowledges seq + 1: the target's answer carries it all)
 *   ICMP echo seq = time; the payload starts ttl, check, time; two more
 *             bytes keep the ICMP checksum one value per target (routers
 *             that hash the first 4 bytes see one flow); the echo reply
 *             brings the payload back
 *   UDP       checksum = time, set by a 2-byte payload chosen per probe
 *             (Paris traceroute's trick)
 *
 * A quote cut short of the transport still gives the TTL (the IP id) and
 * the target: the answer is decoded without its time.  The check is a
 * hash of the target, the TTL and a key chosen per run, so the answers to
 * another run (another key) or a stray packet are told apart.  The time
 * is 1 + (ticks since the run began) % 65535, never 0 (a UDP checksum of 0
 * means "none").  IPv4 only. */
#ifndef PKT_PROBEID_H
#define PKT_PROBEID_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

enum pkt_pid_l4 { PKT_PID_TCP, PKT_PID_UDP, PKT_PID_ICMP };

/* What a run's probes share. */
struct pkt_pid_cfg {
	enum pkt_pid_l4	 l4;
	uint16_t	 dport;		/* TCP, UDP */
	int32_t		 sport;		/* < 0: derived per target (ICMP: id) */
	uint32_t	 key;		/* the run's: in the check */
};

/* One target's flow. */
struct pkt_pid_flow {
	uint8_t		 src[4], dst[4];
	uint16_t	 sport;		/* ICMP: the echo id */
	uint16_t	 icmp_csum;	/* ICMP: the checksum every probe has */
};

/* The longest probe built (IPv4 + TCP, or + ICMP + 6, or + UDP + 2). */
#define PKT_PID_MAXLEN	40

/* The flow of a target seen from src: the same in every run for the same
 * target, protocol and ports. */
void	pkt_pid_flow(const struct pkt_pid_cfg *, const uint8_t src[4],
	    const uint8_t dst[4], struct pkt_pid_flow *);
/* The source port (ICMP: id) of dst's flow. */
uint16_t pkt_pid_sport(const struct pkt_pid_cfg *, const uint8_t dst[4]);
/* The probe of flow f at ttl (1..255) sent at time (1..65535): its bytes
 * (IPv4 header with its checksum, transport with its checksum) into buf
 * of PKT_PID_MAXLEN; returns the length. */
size_t	pkt_pid_build(const struct pkt_pid_cfg *, const struct pkt_pid_flow *,
	    unsigned ttl, uint16_t time, uint8_t *buf);

enum pkt_pid_kind {
	PKT_PID_TIMEX,		/* time exceeded: a hop on the way */
	PKT_PID_UNREACH,	/* destination unreachable (the target's own
				 * port unreachable included) */
	PKT_PID_REPLY,		/* the target's own answer: SYN-ACK, RST,
				 * echo reply */
};

/* An answer, decoded. */
struct pkt_pid_ans {
	uint8_t		 target[4];
	uint8_t		 hop[4];	/* who answered */
	unsigned	 ttl;
	uint16_t	 time;		/* 0: unknown (quote cut short) */
	enum pkt_pid_kind kind;
	uint8_t		 type, code;	/* ICMP; TCP: 0 */
	uint8_t		 tcpflags;	/* TCP reply */
};

/* Decode an IPv4 packet (its bytes from the IP header on, len of them)
 * that may answer a probe of cfg: 1 and *a set, or 0 when it answers none
 * (another protocol, another flow, a check that fails, too short).
 * Never reads past len. */
int	pkt_pid_decode(const struct pkt_pid_cfg *, const uint8_t *ip, size_t len,
	    struct pkt_pid_ans *);

/* The time field of t seconds since the run began, in ticks of tick
 * seconds. */
uint16_t pkt_pid_time(double t, double tick);
/* Seconds from time field sent to time field now (mod 65535 ticks). */
double	pkt_pid_elapsed(uint16_t sent, uint16_t now, double tick);

#endif
