/* fuzz_match.c: the answer matcher fed random probe/answer pairs.
 * Input: a byte choosing the two link types (high nibble: probe, low:
 * answer; fuzz.h), two bytes (big-endian) giving the probe's length, the
 * probe, then the answer.  Checks, besides not crashing, the promise of
 * match.h: an answer shares its probe's key (when both have one).  The
 * NAT comparison of nat.c (pkttrace's) runs on the same pair, both ways. */
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "fuzz.h"
#include "match.h"
#include "nat.h"
#include "pkt.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct pkt_pkt *probe, *reply;
	char eb[PKT_ERRBUF];
	size_t plen;
	unsigned t, c;

	if (size < 3)
		return 0;
	plen = (size_t)data[1] << 8 | data[2];
	if (plen > size - 3)
		plen = size - 3;
	probe = pkt_new();
	reply = pkt_new();
	pkt_dissect(probe, fuzz_dlt(data[0] >> 4), data + 3, plen,
	    (uint32_t)plen, eb);
	pkt_dissect(reply, fuzz_dlt(data[0] & 15), data + 3 + plen,
	    size - 3 - plen, (uint32_t)(size - 3 - plen), eb);
	(void)pkt_match_l3(probe);
	(void)pkt_match_l3(reply);
	(void)pkt_match_is_error(reply, &t, &c);
	(void)pkt_match_answers(reply, probe);
	(void)pkt_nat_compare(probe, reply);
	(void)pkt_nat_compare(reply, probe);
	(void)pkt_nat_same_probe(probe, reply);
	(void)pkt_nat_same_probe(reply, probe);
	/* A probe with no transport (key 0) is answered by any packet from
	 * its destination (match.c: ip_answers), whatever its key; a reply
	 * of key 0 (a quote cut before the transport) may answer a probe of
	 * any key, and callers try it against all (match.h): not checked. */
	if (pkt_match_answers(probe, reply) && pkt_match_key(probe, false) != 0 &&
	    pkt_match_key(reply, true) != 0 &&
	    pkt_match_key(probe, false) != pkt_match_key(reply, true)) {
		fprintf(stderr, "fuzz_match: answer with another key: "
		    "probe %08x, answer %08x\n", (unsigned)pkt_match_key(probe, false),
		    (unsigned)pkt_match_key(reply, true));
		abort();
	}
	pkt_free(probe);
	pkt_free(reply);
	return 0;
}
