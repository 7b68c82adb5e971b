/* spec.h: the packet language (SPEC.md section 3): parse a spec such as
 * IP(dst="10.0.0.0/30",ttl=(1,3))/TCP(dport=[22,80],flags="S") and walk
 * the packets it generates, in Scapy's order. */
#ifndef PKT_SPEC_H
#define PKT_SPEC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

struct pkt_layer;
struct pkt_pkt;
struct pkt_spec;

/* Parse spec argument number argn (1-based, for messages "spec:N:COL").
 * NULL on error, with errbuf holding "spec:N:COL: what". */
struct pkt_spec *pkt_spec_parse(const char *text, int argn, char *errbuf);
void	pkt_spec_free(struct pkt_spec *);

/* A layer that sits where nothing binds it, on a layer whose protocol
 * or type field then stays 0 (IP()/DNS(): IP.proto 0, where UDP() was
 * forgotten): -1 with errbuf saying what to put under it, unless the
 * user set that field.  0 when the stack is one the layers bind. */
int	pkt_spec_check_stack(const struct pkt_spec *, char *errbuf);
/* The layer its packets start with (NULL: none). */
const struct pkt_layer *pkt_spec_first(const struct pkt_spec *);

/* Does the spec draw random values (RandShort()...) for each packet? */
bool	pkt_spec_volatile(const struct pkt_spec *);

/* How many packets the spec generates (saturates at UINT64_MAX). */
uint64_t pkt_spec_count(const struct pkt_spec *);

/* Walk the generated packets: start, then next until it returns 0.
 * Each packet is new (pkt_free it); unset fields stay unset, for
 * pkt_build to default and compute. -1 on error. */
void	pkt_spec_rewind(struct pkt_spec *);
/* Seed the random values (RandShort()...) so a run can be repeated. */
void	pkt_spec_seed(uint64_t);
/* A number from the same generator (fragment6's random id). */
uint64_t pkt_spec_random(void);
int	pkt_spec_next(struct pkt_spec *, struct pkt_pkt **, char *errbuf);
/* Where the random values stand, and back there: a walk made twice
 * (pktsr1's --block-rst rules, then its probes) draws the same values. */
uint64_t pkt_spec_rng_mark(void);
void	pkt_spec_rng_back(uint64_t);
/* On: walk only the packets that differ up to the first network layer
 * (IP, IPv6, ARP), later layers' fields held at their first value: one
 * packet per path a sender may take (pktsr1 opens its captures from them
 * before it drops its privileges).  Off: the whole walk again, and the
 * random values drawn meanwhile are drawn again.  Both rewind. */
void	pkt_spec_paths(struct pkt_spec *, bool on);

#endif
