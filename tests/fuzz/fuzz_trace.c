/* fuzz_trace.c: the readers of a saved trace (SPEC.md section 4: trace
 * pairs, hop summaries, a large run's lines), as `pkttrace -r FILE` and
 * pktgraph read them.  Input: the file.
 *
 * pkttrace -r: pkt_trace_large_read (a large run's lines per target, else
 * every record into the saved run), the model (pkt_trace_saved_model; by
 * flow, but for the report), and what the tool prints of it: the table
 * (a flows run's listing), the report, the pairs again (-j) and the pcap
 * (-w); the size of the input chooses the mode
 * (table, -j or --report), as the options would.  pktgraph: the same
 * bytes through pkt_graph_read, then the DOT text and the JSON Lines of
 * the paths (or of the conversations), clustered by a small AS table.
 * Everything is written to /dev/null. */
#ifndef _GNU_SOURCE
#define _GNU_SOURCE	/* fmemopen, memfd_create */
#endif
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "fuzz.h"
#include "graph.h"
#include "io.h"
#include "sr.h"
#include "trace.h"
#include "tracegraph.h"

static FILE *devnull;

/* pkttrace -r PATH [-j | --report] -w /dev/null, as run_saved does it. */
static void
trace_read(const char *path, bool json, bool report)
{
	struct pkt_trace_saved *sv = pkt_trace_saved_new();
	struct pkt_probe *pr = NULL;
	struct pkt_trace t;
	char eb[PKT_ERRBUF];

	memset(&t, 0, sizeof(t));
	t.minttl = 1;
	t.maxttl = 30;
	t.nsport = 1;
	pkt_trace_saved_ttls(sv, 1, 30, 1, 255);
	if (pkt_trace_large_read(sv, path, &t, devnull, json, report, eb) == -1 &&
	    pkt_trace_saved_records(sv) > 0) {
		t.keep = true;
		pkt_trace_saved_byflow(sv, !report);
		if (pkt_trace_saved_model(sv, &t, false, false, &pr, eb) == 0) {
			if (t.nflows > 0)
				pkt_mda_reached(&t);
			if (json && (pkt_trace_saved_rounds(sv) > 1 || t.nflows > 0))
				(void)pkt_trace_saved_write_rounds(devnull, sv, &t, NULL);
			else if (json)
				(void)pkt_trace_write_cells(devnull, &t, pr);
			pkt_trace_saved_tally(sv, devnull);
			if (t.nflows > 0)
				pkt_mda_print(devnull, &t);
			else if (report)
				pkt_trace_print_report(devnull, &t, NULL,
				    pkt_trace_saved_first(sv), false);
			else
				pkt_trace_print_table(devnull, &t);
			(void)pkt_trace_pcap_file(&t, pr, "/dev/null", eb);
		}
	}
	free(pr);
	pkt_trace_free(&t);
	pkt_trace_saved_free(sv);
}

/* pktgraph [-j] [--asn-file] < the bytes. */
static void
graph_read(const uint8_t *data, size_t size, bool json,
    const struct pkt_asn_table *asn)
{
	struct pkt_graph_model m;
	struct pkt_reader *rd;
	struct attrs ov;
	char eb[PKT_ERRBUF];
	FILE *fp;

	if ((fp = fmemopen((void *)(uintptr_t)data, size, "r")) == NULL)
		return;
	if ((rd = pkt_reader_fopen(fp, "fuzz", eb)) == NULL) {
		fclose(fp);
		return;
	}
	memset(&m, 0, sizeof(m));
	memset(&ov, 0, sizeof(ov));
	if (pkt_graph_read(&m, rd, false, json ? devnull : NULL, asn, eb) == 0) {
		if (m.ntracerecs > 0) {
			pkt_graph_trace_dot(devnull, &m, asn, &ov);
			(void)pkt_graph_trace_json(devnull, &m, asn);
		} else {
			pkt_graph_conv_dot(devnull, &m, true, &ov);
			(void)pkt_graph_conv_json(devnull, &m);
		}
	}
	pkt_graph_model_free(&m);
	pkt_reader_close(rd);
	fclose(fp);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct pkt_asn_table asn;
	static const char asntext[] = "10.0.0.0/8\t64500\tLAB\n"
	    "10.0.9.0/24\t64509\n192.0.2.0/24\tAS64496\tTEST-NET\n"
	    "fd00::/8\t64501\tULA\n";
	char eb[PKT_ERRBUF];
	unsigned mode = (unsigned)(size % 3);

	if (size == 0)
		return 0;
	if (devnull == NULL) {
		if ((devnull = fopen("/dev/null", "w")) == NULL)
			abort();
		pkt_setprogname("fuzz_trace");
		if (pkt_asn_load(&asn, fuzz_file("pkt-fuzz-trace",
		    (const uint8_t *)asntext, sizeof(asntext) - 1), eb) < 0)
			abort();
	}
	trace_read(fuzz_file("pkt-fuzz-trace", data, size), mode == 1, mode == 2);
	graph_read(data, size, mode == 1, &asn);
	return 0;
}
