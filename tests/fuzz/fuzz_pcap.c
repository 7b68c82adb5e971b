/* fuzz_pcap.c: the capture reader path (pcap, nanosecond pcap, pcapng
 * through libpcap, told apart from JSON Lines by the first bytes), each
 * record dissected, rendered and written out again as pcap.  Input: the
 * file. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* fmemopen, memfd_create */
#endif
#include <stdio.h>
#include <stdlib.h>

#include "err.h"
#include "fuzz.h"
#include "io.h"
#include "pkt.h"
#include "text.h"

#define FUZZ_MAXREC	256

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static FILE *devnull;
	struct pkt_reader *r;
	struct pkt_pcapw *w;
	struct pkt_rec rec;
	char eb[PKT_ERRBUF];
	FILE *fp;
	int i;

	if (size == 0)
		return 0;
	if (devnull == NULL && (devnull = fopen("/dev/null", "w")) == NULL)
		abort();
	if ((fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		return 0;
	if ((r = pkt_reader_fopen(fp, "fuzz", eb)) == NULL) {
		fclose(fp);
		return 0;
	}
	(void)pkt_reader_format(r);
	(void)pkt_reader_dlt(r);
	w = pkt_pcapw_open("/dev/null", eb);
	for (i = 0; i < FUZZ_MAXREC && pkt_reader_next(r, &rec, eb) == 1; i++) {
		if (pkt_rec_build(&rec, &fuzz_env, eb) == 0) {
			pkt_text_write_summary(devnull, rec.pkt);
			pkt_text_show(devnull, rec.pkt);
			if (w != NULL)
				(void)pkt_pcapw_write(w, rec.pkt, eb);
		}
		pkt_rec_clear(&rec);
	}
	pkt_pcapw_close(w, eb);
	pkt_reader_close(r);
	fclose(fp);
	return 0;
}
