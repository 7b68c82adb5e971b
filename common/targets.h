/* targets.h: IPv4 targets streamed for large runs, in flat memory:
 * addresses and host names given as arguments, prefixes ("10.0.0.0/16",
 * walked, never stored), files and stdin with one of those per line
 * (blank lines and # comments skipped).  --per24 takes one address per
 * /24 of a prefix (chosen by a hash of the /24 and the seed, not always
 * .1, the router's); --shard K/N keeps the addresses of share K of N
 * (perm.h).  Addresses come in the order given. */
#ifndef PKT_TARGETS_H
#define PKT_TARGETS_H

#include <stdbool.h>
#include <stdint.h>

struct pkt_tsrc;

struct pkt_tsrc *pkt_tsrc_new(void);
/* An argument: an address, a host name, a prefix, or "-" (stdin). */
void	pkt_tsrc_arg(struct pkt_tsrc *, const char *);
/* A file of targets, one per line ("-": stdin). */
void	pkt_tsrc_file(struct pkt_tsrc *, const char *path);
void	pkt_tsrc_per24(struct pkt_tsrc *, bool, uint64_t seed);
void	pkt_tsrc_shard(struct pkt_tsrc *, unsigned k, unsigned n);
/* The next address: 1, 0 at the end, -1 with errbuf ("<stdin>:3:
 * \"x\": ...", "2001:db8::1: IPv6 ...") on a target that is not one. */
int	pkt_tsrc_next(struct pkt_tsrc *, uint8_t a[4], char *errbuf);
/* How many addresses a prefix or address argument stands for (after
 * --per24, before --shard); 0 for a name or a file. */
uint64_t pkt_tsrc_size(const char *arg, bool per24);
void	pkt_tsrc_free(struct pkt_tsrc *);
/* An IPv4 address as a number (host order), and back. */
uint32_t pkt_ip4_u32(const uint8_t a[4]);
void	pkt_ip4_put(uint8_t a[4], uint32_t);

#endif
