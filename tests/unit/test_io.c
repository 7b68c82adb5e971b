/* test_io.c: the streams (common/io.h): every golden pcap read, written as
 * JSON Lines, read back and rebuilt to the same bytes, and written again as
 * a pcap with the same records; JSON null fields recomputed; every kind of
 * malformed input an error naming file and record/line after the good
 * records.
 *
 *	test_io			the unit checks (PKT_TOP: the source tree)
 *	test_io --roundtrip FILE...
 *				robustness mode (tests/robust/corpus.sh): for
 *				each file "begin FILE", then "ok FILE ..." or
 *				"notok FILE: why"; 10 s alarm per file. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <pcap/pcap.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "err.h"
#include "io.h"
#include "jsonref.h"
#include "pkt.h"
#include "util.h"
#include "unit.h"



static const struct pkt_env noenv = { NULL, NULL, NULL };
static char tmpdir[256];

/* ---- the round trip of one capture ---------------------------------------- */

struct orig {
	struct pcap_pkthdr h;
	uint8_t	*b;
};

static void
origs_free(struct orig *o, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(o[i].b);
	free(o);
}

/* The records as libpcap delivers them; *bad: libpcap failed after them. */
static struct orig *
read_origs(const char *path, size_t *n, bool *bad, char *why, size_t wn)
{
	char pe[PCAP_ERRBUF_SIZE];
	pcap_t *pc = pcap_open_offline(path, pe);
	struct pcap_pkthdr *h;
	const u_char *d;
	struct orig *o = NULL;
	int rc;

	*n = 0;
	*bad = false;
	if (pc == NULL) {
		snprintf(why, wn, "libpcap: %s", pe);
		*bad = true;
		return NULL;
	}
	while ((rc = pcap_next_ex(pc, &h, &d)) == 1) {
		o = pkt_xreallocarray(o, *n + 1, sizeof(*o));
		o[*n].h = *h;
		o[*n].b = pkt_xmalloc(h->caplen + 1);
		memcpy(o[*n].b, d, h->caplen);
		(*n)++;
	}
	*bad = rc != PCAP_ERROR_BREAK;
	pcap_close(pc);
	return o;
}

/* Microseconds since the epoch as a pcap holds them: seconds are unsigned
 * 32 bits (libpcap hands them over signed); -1: beyond pcap (pcapng). */
static int64_t
pcap_us(const struct pcap_pkthdr *h)
{
	if ((int64_t)h->ts.tv_sec > (int64_t)UINT32_MAX)
		return -1;
	return (int64_t)(uint32_t)h->ts.tv_sec * 1000000 +
	    (int64_t)(uint32_t)h->ts.tv_usec;
}

/* 0: round trip; -1: why says what differs. */
static int
roundtrip(const char *path, char *why, size_t wn, size_t *nrec)
{
	struct orig *o;
	size_t n, i, k = 0;
	bool bad;
	struct pkt_reader *r;
	struct pkt_rec rec;
	struct pkt_pkt **pk = NULL;
	char eb[PKT_ERRBUF], tmp[300];
	char *js = NULL;
	size_t jslen = 0;
	FILE *mf;
	int rc = -1, nx;

	*nrec = 0;
	why[0] = '\0';
	o = read_origs(path, &n, &bad, why, wn);
	if ((r = pkt_reader_open(path, eb)) == NULL) {
		if (bad && n == 0 && strncmp(eb, path, strlen(path)) == 0)
			rc = 0;	/* libpcap refuses it too; we say which file */
		else
			snprintf(why, wn, "open: %s", eb);
		origs_free(o, n);
		return rc;
	}
	pk = pkt_xcalloc(n + 1, sizeof(*pk));
	while ((nx = pkt_reader_next(r, &rec, eb)) == 1) {
		if (k >= n) {
			snprintf(why, wn, "more records than libpcap gives");
			pkt_rec_clear(&rec);
			goto out;
		}
		if (rec.pkt->rawlen != o[k].h.caplen ||
		    memcmp(rec.pkt->raw, o[k].b, o[k].h.caplen) != 0 ||
		    rec.pkt->wirelen != o[k].h.len || !rec.built ||
		    rec.recno != k + 1) {
			snprintf(why, wn, "record %zu: read differs", k + 1);
			pkt_rec_clear(&rec);
			goto out;
		}
		pk[k++] = rec.pkt;
	}
	if (nx < 0 && (!bad || k != n || strstr(eb, path) == NULL)) {
		snprintf(why, wn, "read: %s (libpcap %s after %zu)", eb,
		    bad ? "fails" : "ok", n);
		goto out;
	}
	if (nx == 0 && (bad || k != n)) {
		snprintf(why, wn, "read: end after %zu records, libpcap %s after %zu",
		    k, bad ? "fails" : "ok", n);
		goto out;
	}
	pkt_reader_close(r);
	r = NULL;

	/* JSON Lines out, and back. */
	mf = open_memstream(&js, &jslen);
	for (i = 0; i < k; i++)
		if (pkt_json_write_pkt(mf, pk[i]) < 0) {
			snprintf(why, wn, "record %zu: JSON write failed", i + 1);
			fclose(mf);
			goto out;
		}
	fclose(mf);
	mf = fmemopen(js, jslen ? jslen : 1, "r");
	if (jslen == 0) {
		fclose(mf);
		mf = fopen("/dev/null", "r");
	}
	if ((r = pkt_reader_fopen(mf, "json", eb)) == NULL) {
		snprintf(why, wn, "JSON open: %s", eb);
		fclose(mf);
		goto out;
	}
	for (i = 0; i < k; i++) {
		json_t *obj;
		struct pkt_rec hr;

		if ((nx = pkt_reader_next(r, &rec, eb)) != 1) {
			snprintf(why, wn, "record %zu: JSON read: %s", i + 1,
			    nx < 0 ? eb : "ended");
			fclose(mf);
			goto out;
		}
		if (pkt_rec_build(&rec, &noenv, eb) < 0) {
			snprintf(why, wn, "record %zu: rebuild: %s", i + 1, eb);
			pkt_rec_clear(&rec);
			fclose(mf);
			goto out;
		}
		if (rec.pkt->rawlen != pk[i]->rawlen ||
		    memcmp(rec.pkt->raw, pk[i]->raw, pk[i]->rawlen) != 0) {
			size_t d = 0;

			while (d < rec.pkt->rawlen && d < pk[i]->rawlen &&
			    rec.pkt->raw[d] == pk[i]->raw[d])
				d++;
			snprintf(why, wn, "record %zu: rebuilt from layers: %zu bytes "
			    "(was %zu), first difference at byte %zu", i + 1,
			    rec.pkt->rawlen, pk[i]->rawlen, d);
			pkt_rec_clear(&rec);
			fclose(mf);
			goto out;
		}
		if (rec.pkt->wirelen != pk[i]->wirelen ||
		    rec.pkt->dlt != pk[i]->dlt ||
		    fabs(rec.pkt->time - pk[i]->time) > 2e-6) {
			snprintf(why, wn, "record %zu: len/linktype/time differ", i + 1);
			pkt_rec_clear(&rec);
			fclose(mf);
			goto out;
		}
		/* The same object with only "hex". */
		obj = json_deep_copy(rec.json);
		json_object_del(obj, "layers");
		memset(&hr, 0, sizeof(hr));
		if (pkt_json_to_rec(obj, &hr, eb) < 0 || !hr.built ||
		    hr.pkt->rawlen != pk[i]->rawlen || hr.pkt->dlt != pk[i]->dlt ||
		    hr.pkt->wirelen != pk[i]->wirelen ||
		    memcmp(hr.pkt->raw, pk[i]->raw, pk[i]->rawlen) != 0)
			snprintf(why, wn, "record %zu: hex-only record differs", i + 1);
		pkt_rec_clear(&hr);
		json_decref(obj);
		pkt_free(pk[i]);
		pk[i] = rec.pkt;	/* the rebuilt one, for the pcap */
		rec.pkt = NULL;
		if (why[0] != '\0') {
			fclose(mf);
			goto out;
		}
	}
	if ((nx = pkt_reader_next(r, &rec, eb)) != 0) {
		snprintf(why, wn, "JSON: more records");
		pkt_rec_clear(&rec);
		fclose(mf);
		goto out;
	}
	pkt_reader_close(r);
	r = NULL;
	fclose(mf);

	/* pcap out: the same records. */
	if (k > 0) {
		struct pkt_pcapw *w;
		struct orig *o2;
		size_t n2;
		bool bad2;

		snprintf(tmp, sizeof(tmp), "%s/rt.pcap", tmpdir);
		if ((w = pkt_pcapw_open(tmp, eb)) == NULL) {
			snprintf(why, wn, "pcap open: %s", eb);
			goto out;
		}
		for (i = 0; i < k; i++)
			if (pkt_pcapw_write(w, pk[i], eb) < 0)
				break;
		if (i < k) {
			snprintf(why, wn, "pcap write: %s", eb);
			pkt_pcapw_close(w, eb);
			goto out;
		}
		if (pkt_pcapw_close(w, eb) < 0) {
			snprintf(why, wn, "pcap close: %s", eb);
			goto out;
		}
		o2 = read_origs(tmp, &n2, &bad2, why, wn);
		if (bad2 || n2 != k) {
			snprintf(why, wn, "pcap written: %zu records read back", n2);
			origs_free(o2, n2);
			goto out;
		}
		for (i = 0; i < k; i++)
			if (o2[i].h.caplen != o[i].h.caplen ||
			    o2[i].h.len != o[i].h.len ||
			    (pcap_us(&o[i].h) > 0 &&
			    pcap_us(&o2[i].h) != pcap_us(&o[i].h)) ||
			    memcmp(o2[i].b, o[i].b, o[i].h.caplen) != 0) {
				snprintf(why, wn, "record %zu: pcap record written "
				    "differs", i + 1);
				break;
			}
		origs_free(o2, n2);
		if (i < k)
			goto out;
	}
	rc = 0;
	*nrec = k;
out:
	if (r != NULL)
		pkt_reader_close(r);
	for (i = 0; i < n + 1 && pk != NULL; i++)
		pkt_free(pk[i]);
	free(pk);
	free(js);
	origs_free(o, n);
	return rc;
}

/* ---- helpers ------------------------------------------------------------ */

static void
writefile(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (f == NULL || fwrite(data, 1, n, f) != n || fclose(f) != 0) {
		perror(path);
		exit(2);
	}
}

static uint8_t *
readfile(const char *path, size_t *n)
{
	FILE *f = fopen(path, "rb");
	uint8_t *b = NULL;
	size_t cap = 0, k;

	*n = 0;
	if (f == NULL)
		return NULL;
	for (;;) {
		b = pkt_xrealloc(b, cap += 65536);
		k = fread(b + *n, 1, cap - *n, f);
		*n += k;
		if (k == 0)
			break;
	}
	fclose(f);
	return b;
}

/* Read all of path: the number of records before the end or the error;
 * *rc the last return of next(), msg the error. */
static int
count(const char *path, int *rc, char *msg)
{
	struct pkt_reader *r = pkt_reader_open(path, msg);
	struct pkt_rec rec;
	int n = 0;

	if (r == NULL) {
		*rc = -2;
		return 0;
	}
	while ((*rc = pkt_reader_next(r, &rec, msg)) == 1) {
		if (pkt_rec_build(&rec, &noenv, msg) < 0) {
			*rc = -3;
			pkt_rec_clear(&rec);
			break;
		}
		n++;
		pkt_rec_clear(&rec);
	}
	pkt_reader_close(r);
	return n;
}

static const char good_line[] =
    "{\"time\": 1764290000.123456, \"iface\": \"eth0\", \"linktype\": \"EN10MB\", "
    "\"len\": 42, \"caplen\": 42, \"layers\": [{\"layer\": \"Ether\", \"dst\": "
    "\"02:00:00:00:00:02\", \"src\": \"02:00:00:00:00:01\", \"type\": 2048}, "
    "{\"layer\": \"IP\", \"version\": 4, \"ihl\": 5, \"tos\": 0, \"len\": 28, "
    "\"id\": 1, \"flags\": \"\", \"frag\": 0, \"ttl\": 64, \"proto\": 1, "
    "\"chksum\": 26334, \"src\": \"10.0.0.1\", \"dst\": \"10.0.0.2\", "
    "\"options\": []}, {\"layer\": \"ICMP\", \"type\": 8, \"code\": 0, "
    "\"chksum\": 63487, \"id\": 0, \"seq\": 0}], \"hex\": "
    "\"02000000000202000000000108004500001c00010000400166de0a0000010a00000208"
    "00f7ff00000000\"}\n";
static const char good_hex[] =
    "02000000000202000000000108004500001c00010000400166de0a0000010a0000020800"
    "f7ff00000000";

/* The SPEC example with `edit` applied to its IP layer. */
static struct pkt_pkt *
spec_edit(const char *edit, char *eb)
{
	json_t *o = json_loads(good_line, 0, NULL), *ip, *e;
	struct pkt_rec rec;
	const char *k;
	json_t *v;

	memset(&rec, 0, sizeof(rec));
	ip = json_array_get(json_object_get(o, "layers"), 1);
	e = json_loads(edit, 0, NULL);
	json_object_foreach(e, k, v)
		json_object_set(ip, k, v);
	json_decref(e);
	if (pkt_json_to_rec(o, &rec, eb) < 0 || pkt_rec_build(&rec, &noenv, eb) < 0) {
		json_decref(o);
		pkt_rec_clear(&rec);
		return NULL;
	}
	json_decref(o);
	return rec.pkt;
}

static bool
ip_csum_ok(const struct pkt_pkt *p)
{
	return p != NULL && p->rawlen >= 34 &&
	    pkt_csum_fold(pkt_csum_add(0, p->raw + 14, 20)) == 0;
}

/* ---- the unit checks ------------------------------------------------------ */

static void
test_golden(const char *top)
{
	char dir[512], path[1024], why[1024];
	struct dirent *de;
	DIR *d;
	size_t nrec, files = 0, total = 0;

	snprintf(dir, sizeof(dir), "%s/tests/golden/pcap", top);
	if ((d = opendir(dir)) == NULL) {
		CHECK(0, "%s: %s", dir, strerror(errno));
		return;
	}
	while ((de = readdir(d)) != NULL) {
		size_t l = strlen(de->d_name);

		if (l < 6 || strcmp(de->d_name + l - 5, ".pcap") != 0)
			continue;
		snprintf(path, sizeof(path), "%s/%s", dir, de->d_name);
		CHECK(roundtrip(path, why, sizeof(why), &nrec) == 0, "%s: %s",
		    de->d_name, why);
		files++;
		total += nrec;
	}
	closedir(d);
	CHECK(files >= 10, "only %zu golden pcaps", files);
	printf("golden round trip: %zu files, %zu records\n", files, total);
}

static void
test_nulls(void)
{
	char eb[PKT_ERRBUF], hx[256];
	struct pkt_pkt *p;

	/* As given: the bytes of "hex". */
	p = spec_edit("{}", eb);
	CHECK(p != NULL, "spec example: %s", eb);
	if (p != NULL) {
		pkt_hex_encode(p->raw, p->rawlen, hx);
		CHECK(strcmp(hx, good_hex) == 0, "spec example rebuilt: %s", hx);
		CHECK(p->wirelen == 42 && p->dlt == DLT_EN10MB && p->iface != NULL &&
		    strcmp(p->iface, "eth0") == 0 && fabs(p->time - 1764290000.123456) < 1e-6,
		    "spec example: metadata");
	}
	pkt_free(p);
	/* null: default and computed. */
	p = spec_edit("{\"ttl\": null, \"chksum\": null, \"len\": null}", eb);
	CHECK(p != NULL, "nulls: %s", eb);
	if (p != NULL) {
		pkt_hex_encode(p->raw, p->rawlen, hx);
		CHECK(strcmp(hx, good_hex) == 0, "nulls rebuilt: %s", hx);
	}
	pkt_free(p);
	/* jq '.layers[1].ttl = 10 | .layers[1].chksum = null' */
	p = spec_edit("{\"ttl\": 10, \"chksum\": null}", eb);
	CHECK(p != NULL && p->raw[22] == 10 && ip_csum_ok(p), "ttl 10, chksum null");
	pkt_free(p);
	/* Missing fields are like null. */
	p = spec_edit("{}", eb);
	pkt_free(p);
	/* A given checksum is written as given, even wrong. */
	p = spec_edit("{\"ttl\": 10}", eb);
	CHECK(p != NULL && p->raw[22] == 10 && !ip_csum_ok(p) &&
	    p->raw[24] == 0x66 && p->raw[25] == 0xde, "given chksum kept");
	pkt_free(p);
	/* Numbers as reals from other tools; strings as enum words. */
	p = spec_edit("{\"ttl\": 3e1, \"proto\": \"icmp\"}", eb);
	CHECK(p != NULL && p->raw[22] == 30 && p->raw[23] == 1, "3e1, \"icmp\": %s",
	    p ? "" : eb);
	pkt_free(p);
}

struct badcase {
	const char *name;
	const char *line;	/* the bad third line */
	const char *want;	/* in the message, after "FILE:3: " */
};

static const struct badcase bad_json[] = {
	{ "syntax", "{\"layers\": [", "expected near end of file" },
	{ "syntax2", "{\"layers\": [}", "column" },
	{ "trailing", "{\"hex\": \"00\"} x", "end of file expected" },
	{ "dupkey", "{\"hex\": \"00\", \"hex\": \"01\"}", "duplicate" },
	{ "layers-type", "{\"layers\": 5}", "\"layers\" wants an array" },
	{ "layer-type", "{\"layers\": [5]}", "layer 1: wants a layer object" },
	{ "no-layer-name", "{\"layers\": [{\"ttl\": 5}]}", "needs a \"layer\" name" },
	{ "field-type", "{\"layers\": [{\"layer\": \"IP\", \"ttl\": \"abc\"}]}",
	    "IP.ttl: unknown value \"abc\"" },
	{ "field-bool", "{\"layers\": [{\"layer\": \"IP\", \"ttl\": true}]}",
	    "IP.ttl: true is not a value" },
	{ "field-obj", "{\"layers\": [{\"layer\": \"IP\", \"src\": [1]}]}",
	    "IP.src: wants an address" },
	{ "unknown-layer", "{\"layers\": [{\"layer\": \"IPP\"}]}",
	    "unknown layer \"IPP\" (did you mean \"IP\"?)" },
	{ "unknown-field", "{\"layers\": [{\"layer\": \"IP\", \"tll\": 5}]}",
	    "unknown field \"tll\" in IP (did you mean \"ttl\"?)" },
	{ "range", "{\"layers\": [{\"layer\": \"IP\", \"ttl\": 300}]}",
	    "IP.ttl: 300 out of range 0..255" },
	{ "negative", "{\"layers\": [{\"layer\": \"IP\", \"ttl\": -1}]}",
	    "IP.ttl: negative number -1" },
	{ "fraction", "{\"layers\": [{\"layer\": \"IP\", \"ttl\": 1.5}]}",
	    "IP.ttl: 1.5 is not a whole number" },
	{ "huge", "{\"layers\": [{\"layer\": \"IP\", \"ttl\": 1e30}]}",
	    "IP.ttl: 1e+30 is too big" },
	{ "array", "[1, 2]", "an array, not a packet or pair object" },
	{ "number", "42", "a number, not a packet or pair object" },
	{ "string", "\"x\"", "a string, not a packet or pair object" },
	{ "empty-object", "{}", "a packet needs \"layers\" or \"hex\"" },
	{ "hex-odd", "{\"hex\": \"abc\"}", "\"hex\": " },
	{ "hex-bad", "{\"hex\": \"zz\"}", "\"hex\": " },
	{ "hex-type", "{\"hex\": 12}", "\"hex\" wants a string" },
	{ "linktype", "{\"hex\": \"00\", \"linktype\": \"NOPE\"}",
	    "unknown linktype \"NOPE\"" },
	{ "len", "{\"hex\": \"00\", \"len\": -3}", "\"len\" wants a whole number" },
	{ "time", "{\"hex\": \"00\", \"time\": \"now\"}", "\"time\" wants seconds" },
	{ "sent", "{\"sent\": 1}", "\"sent\" wants a packet object" },
	{ "sent-bad", "{\"sent\": {\"layers\": [{\"layer\": \"X\"}]}}",
	    "sent: unknown layer \"X\"" },
	{ "recv-bad", "{\"sent\": {\"hex\": \"00\"}, \"recv\": {\"hex\": 1}}",
	    "recv: \"hex\" wants a string" },
	{ "rtt", "{\"sent\": {\"hex\": \"00\"}, \"rtt\": -1}", "\"rtt\" wants" },
	{ "opt-name", "{\"layers\": [{\"layer\": \"TCP\", \"options\": "
	    "[[\"MSSS\", 1460]]}]}", "unknown option \"MSSS\"" },
	{ "opt-shape", "{\"layers\": [{\"layer\": \"TCP\", \"options\": [5]}]}",
	    "wants a (name, value) pair" },
	{ "ptr", "{\"layers\": [{\"layer\": \"DNSQR\", \"qname\": \"a.\", "
	    "\"qname_ptr\": [1]}]}", "DNSQR.qname_ptr: wants [labels, offset]" },
	{ "utf8", "{\"hex\": \"\xff\"}", "column" },
};

static void
test_bad(void)
{
	char path[512], msg[PKT_ERRBUF], want[600];
	size_t i;
	int rc, n;

	snprintf(path, sizeof(path), "%s/bad.jsonl", tmpdir);
	for (i = 0; i < sizeof(bad_json) / sizeof(bad_json[0]); i++) {
		char *text;
		size_t gl = strlen(good_line), bl = strlen(bad_json[i].line);

		text = pkt_xmalloc(2 * gl + bl + 64);
		memcpy(text, good_line, gl);
		memcpy(text + gl, "\n   \n", 5);	/* a blank line: line 3 */
		memcpy(text + gl + 5, bad_json[i].line, bl);
		memcpy(text + gl + 5 + bl, "\n", 1);
		memcpy(text + gl + 6 + bl, good_line, gl);
		writefile(path, text, 2 * gl + bl + 6);
		free(text);
		msg[0] = '\0';
		n = count(path, &rc, msg);
		snprintf(want, sizeof(want), "%s:4: ", path);
		CHECK(n == 1 && rc == -1 && strncmp(msg, want, strlen(want)) == 0 &&
		    strstr(msg, bad_json[i].want) != NULL,
		    "%s: %d records, rc %d, \"%s\" (want \"%s\")", bad_json[i].name,
		    n, rc, msg, bad_json[i].want);
	}
}

static void
test_bigline(void)
{
	char path[512], msg[PKT_ERRBUF];
	size_t n = 17u << 20, gl = strlen(good_line);
	char *text = pkt_xmalloc(gl + n + 2);
	int rc, k;

	memcpy(text, good_line, gl);
	memcpy(text + gl, "{\"hex\": \"", 9);
	memset(text + gl + 9, '0', n - 9);
	text[gl + n] = '\n';
	snprintf(path, sizeof(path), "%s/big.jsonl", tmpdir);
	writefile(path, text, gl + n + 1);
	free(text);
	k = count(path, &rc, msg);
	CHECK(k == 1 && rc == -1 && strstr(msg, "big.jsonl:2: line longer than 16 MiB"),
	    "17 MB line: %d, %d, %s", k, rc, msg);
}

static void
test_pcap_bad(const char *top)
{
	char src[512], path[512], msg[PKT_ERRBUF], want[600];
	uint8_t *b;
	size_t n;
	int rc, k, full;
	static const uint8_t ng[] = { 0x0a, 0x0d, 0x0d, 0x0a, 0xff, 0xff, 0xff,
	    0x7f, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16 };

	snprintf(src, sizeof(src), "%s/tests/golden/pcap/en10mb-basic.pcap", top);
	b = readfile(src, &n);
	CHECK(b != NULL && n > 100, "%s unreadable", src);
	if (b == NULL)
		return;
	snprintf(path, sizeof(path), "%s/cut.pcap", tmpdir);
	writefile(path, b, n);
	full = count(path, &rc, msg);
	CHECK(full >= 2 && rc == 0, "whole pcap: %d, %d", full, rc);
	writefile(path, b, n - 3);	/* the last record cut short */
	k = count(path, &rc, msg);
	snprintf(want, sizeof(want), "%s: record %d: truncated (file ends inside "
	    "the record)", path, full);
	CHECK(k == full - 1 && rc == -1 && strcmp(msg, want) == 0,
	    "cut pcap: %d of %d, %d, \"%s\"", k, full, rc, msg);
	writefile(path, b, 24);		/* header only */
	k = count(path, &rc, msg);
	CHECK(k == 0 && rc == 0, "header-only pcap: %d, %d, %s", k, rc, msg);
	writefile(path, b, 30);		/* header and part of a record header */
	k = count(path, &rc, msg);
	CHECK(k == 0 && rc == -1 && strstr(msg, "record 1: truncated"), "cut "
	    "record header: %d, %d, %s", k, rc, msg);
	writefile(path, b, 10);		/* part of the file header */
	k = count(path, &rc, msg);
	CHECK(k == 0 && rc == -2 && strncmp(msg, path, strlen(path)) == 0,
	    "cut file header: %d, %d, %s", k, rc, msg);
	writefile(path, "", 0);		/* empty */
	k = count(path, &rc, msg);
	CHECK(k == 0 && rc == 0, "empty file: %d, %d, %s", k, rc, msg);
	writefile(path, "\n \n\n", 4);	/* blank lines only */
	k = count(path, &rc, msg);
	CHECK(k == 0 && rc == 0, "blank lines: %d, %d, %s", k, rc, msg);
	free(b);

	snprintf(path, sizeof(path), "%s/garbage.pcapng", tmpdir);
	writefile(path, ng, sizeof(ng));
	k = count(path, &rc, msg);
	CHECK(k == 0 && rc < 0 && strncmp(msg, path, strlen(path)) == 0,
	    "pcapng garbage: %d, %d, %s", k, rc, msg);
	k = count("/nonexistent/x.pcap", &rc, msg);
	CHECK(rc == -2 && strcmp(msg, "/nonexistent/x.pcap: No such file or "
	    "directory") == 0, "missing file: %s", msg);
	k = count(tmpdir, &rc, msg);
	CHECK(rc < 0 && strncmp(msg, tmpdir, strlen(tmpdir)) == 0, "directory: %s",
	    msg);
}

/* "-": stdin from a pipe, fed by a child. */
static void
test_stdin(const char *top)
{
	char src[512], msg[PKT_ERRBUF];
	uint8_t *b;
	size_t n;
	int fds[2], saved, rc, k, want;
	pid_t pid;

	snprintf(src, sizeof(src), "%s/tests/golden/pcap/en10mb-basic.pcap", top);
	want = count(src, &rc, msg);
	b = readfile(src, &n);
	if (b == NULL)
		return;
	for (int round = 0; round < 2; round++) {
		if (pipe(fds) < 0)
			return;
		fflush(stdout);
		if ((pid = fork()) == 0) {
			close(fds[0]);
			if (round == 0) {
				(void)!write(fds[1], b, n);
			} else {
				(void)!write(fds[1], good_line, strlen(good_line));
				(void)!write(fds[1], good_line, strlen(good_line));
			}
			_exit(0);
		}
		close(fds[1]);
		saved = dup(0);
		dup2(fds[0], 0);
		close(fds[0]);
		k = count("-", &rc, msg);
		dup2(saved, 0);
		close(saved);
		waitpid(pid, NULL, 0);
		CHECK(k == (round == 0 ? want : 2) && rc == 0, "stdin %s: %d, %d, %s",
		    round == 0 ? "pcap" : "json", k, rc, msg);
	}
	free(b);
	/* The name in messages. */
	if (pipe(fds) < 0)
		return;
	(void)!write(fds[1], "{\n", 2);
	close(fds[1]);
	saved = dup(0);
	dup2(fds[0], 0);
	close(fds[0]);
	k = count("-", &rc, msg);
	dup2(saved, 0);
	close(saved);
	CHECK(k == 0 && rc == -1 && strncmp(msg, "<stdin>:1: ", 11) == 0,
	    "stdin message: %s", msg);
}

static void
test_pairs(void)
{
	char *js = NULL, eb[PKT_ERRBUF];
	size_t jl = 0;
	FILE *mf = open_memstream(&js, &jl);
	struct pkt_pkt *s = spec_edit("{}", eb), *r = spec_edit("{\"ttl\": 9}", eb);
	json_t *extra = json_pack("{s:s,s:i,s:n,s:s}", "target", "192.0.2.1",
	    "ttl", 3, "hop", "kind", "timeout");
	struct pkt_reader *rd;
	struct pkt_rec rec;

	CHECK(pkt_json_write_pair(mf, s, r, 0.000123, extra) == 0, "pair write");
	CHECK(pkt_json_write_pair(mf, s, NULL, -1, NULL) == 0, "pair write 2");
	CHECK(pkt_json_write_pkt(mf, s) == 0, "pkt write");
	json_decref(extra);
	fclose(mf);
	CHECK(strstr(js, "\"rtt\":0.000123,\"target\":\"192.0.2.1\",\"ttl\":3,"
	    "\"hop\":null,\"kind\":\"timeout\"}\n") != NULL, "pair text: %s", js);
	CHECK(strstr(js, "\"recv\":null,\"rtt\":null}\n") != NULL, "pair 2 text");
	CHECK(strncmp(js, "{\"sent\":{\"time\":1764290000.123456,\"iface\":\"eth0\","
	    "\"linktype\":\"EN10MB\",\"len\":42,\"caplen\":42,\"layers\":[{\"layer\":"
	    "\"Ether\",", 111) == 0, "packet text: %.200s", js);
	mf = fmemopen(js, jl, "r");
	rd = pkt_reader_fopen(mf, "pairs", eb);
	CHECK(rd != NULL && strcmp(pkt_reader_format(rd), "json") == 0, "pairs open");
	if (rd != NULL) {
		CHECK(pkt_reader_next(rd, &rec, eb) == 1 && rec.pair && !rec.built &&
		    rec.recv != NULL && fabs(rec.rtt - 0.000123) < 1e-12 &&
		    json_is_string(json_object_get(rec.json, "target")) &&
		    pkt_rec_build(&rec, &noenv, eb) == 0 && rec.recv->raw[22] == 9 &&
		    rec.pkt->rawlen == 42 && rec.recno == 1, "pair 1: %s", eb);
		pkt_rec_clear(&rec);
		CHECK(pkt_reader_next(rd, &rec, eb) == 1 && rec.pair &&
		    rec.recv == NULL && rec.rtt < 0, "pair 2");
		pkt_rec_clear(&rec);
		CHECK(pkt_reader_next(rd, &rec, eb) == 1 && !rec.pair, "pkt");
		pkt_rec_clear(&rec);
		CHECK(pkt_reader_next(rd, &rec, eb) == 0, "end");
		CHECK(pkt_reader_next(rd, &rec, eb) == 0, "end again");
		pkt_reader_close(rd);
	}
	fclose(mf);
	free(js);
	pkt_free(s);
	pkt_free(r);
}

static void
test_hexonly(void)
{
	static const char *lines[] = {
		"{\"hex\": \"4500001c00010000400166de0a0000010a0000020800f7ff00000000\"}",
		("{\"hex\": \"02000000000202000000000108004500001c00010000400166de0a0000"
		    "010a0000020800f7ff00000000\"}"),
		"{\"hex\": \"0800f7ff\", \"linktype\": 1, \"len\": 99}",
		"{\"hex\": \"\", \"linktype\": \"raw\"}",
	};
	static const int dlts[] = { DLT_RAW, DLT_EN10MB, DLT_EN10MB, DLT_RAW };
	static const char *first[] = { "IP", "Ether", "Ether", NULL };
	char eb[PKT_ERRBUF];
	size_t i;

	for (i = 0; i < 4; i++) {
		json_t *o = json_loads(lines[i], 0, NULL);
		struct pkt_rec rec;

		memset(&rec, 0, sizeof(rec));
		CHECK(pkt_json_to_rec(o, &rec, eb) == 0 && rec.built &&
		    rec.pkt->dlt == dlts[i] && (first[i] == NULL ? rec.pkt->n == 0 :
		    rec.pkt->n > 0 && strcmp(rec.pkt->li[0].l->name, first[i]) == 0),
		    "hex-only %zu: %s", i, eb);
		if (i == 2)
			CHECK(rec.pkt->wirelen == 99 && rec.pkt->rawlen == 4, "len 99");
		pkt_rec_clear(&rec);
		json_decref(o);
	}
	/* "layers" wins over "hex". */
	{
		json_t *o = json_loads("{\"layers\": [{\"layer\": \"Raw\", \"load\": "
		    "\"abcd\"}], \"hex\": \"00\"}", 0, NULL);
		struct pkt_rec rec;

		memset(&rec, 0, sizeof(rec));
		CHECK(pkt_json_to_rec(o, &rec, eb) == 0 && !rec.built &&
		    pkt_rec_build(&rec, &noenv, eb) == 0 && rec.pkt->rawlen == 2 &&
		    rec.pkt->raw[0] == 0xab, "layers win: %s", eb);
		pkt_rec_clear(&rec);
		json_decref(o);
	}
}

static void
test_writer(void)
{
	char path[512], eb[PKT_ERRBUF];
	struct pkt_pcapw *w;
	struct pkt_pkt *p = spec_edit("{}", eb), *q;
	int rc, k;

	snprintf(path, sizeof(path), "%s/w.pcap", tmpdir);
	w = pkt_pcapw_open(path, eb);
	CHECK(w != NULL, "pcapw open: %s", eb);
	if (w == NULL || p == NULL)
		return;
	CHECK(pkt_pcapw_write(w, p, eb) == 0, "pcapw write: %s", eb);
	q = pkt_copy(p);
	q->dlt = DLT_RAW;
	CHECK(pkt_pcapw_write(w, q, eb) < 0 && strstr(eb, "packet 2 has link type "
	    "RAW, the file's is EN10MB") && strstr(eb, "-j"), "link type: %s", eb);
	pkt_free(q);
	CHECK(pkt_pcapw_close(w, eb) == 0, "pcapw close: %s", eb);
	k = count(path, &rc, eb);
	CHECK(k == 1 && rc == 0, "written: %d %d", k, rc);
	/* No packets: a header-only pcap. */
	w = pkt_pcapw_open(path, eb);
	CHECK(w != NULL && pkt_pcapw_close(w, eb) == 0, "empty pcapw");
	k = count(path, &rc, eb);
	CHECK(k == 0 && rc == 0, "empty written: %d %d %s", k, rc, eb);
	/* A full disk. */
	if ((w = pkt_pcapw_open("/dev/full", eb)) != NULL) {
		char eb2[PKT_ERRBUF];

		rc = pkt_pcapw_write(w, p, eb);
		if (rc == 0)
			rc = pkt_pcapw_close(w, eb);
		else
			pkt_pcapw_close(w, eb2);
		CHECK(rc < 0 && strstr(eb, "/dev/full: No space left on device"),
		    "ENOSPC: %s", eb);
	}
	CHECK(pkt_pcapw_open("/nonexistent/x.pcap", eb) == NULL &&
	    strstr(eb, "/nonexistent/x.pcap: No such file"), "pcapw ENOENT: %s", eb);
	{
		FILE *f = fopen("/dev/full", "w");

		CHECK(f != NULL && pkt_json_write_pkt(f, p) < 0, "JSON ENOSPC");
		if (f != NULL)
			fclose(f);
	}
	pkt_free(p);
}

/* Options of every shape survive JSON: known, unknown kinds, raw rest. */
static void
test_opts(void)
{
	static const char *hexes[] = {
		/* IP with options: NOP, unknown kind 0x99 len 4, EOL */
		"4600002000010000400100000a0000010a00000201990400000000000800f7ff00000000",
		/* TCP: MSS, SAckOK, Timestamp, NOP, WScale, SAck, unknown 0xfe, bad length */
		("450000540001000040060000 0a0000010a000002 00140050000000000000000090020000 0000 0000"
		    "020405b4 0402 080a0000000100000002 01 030307 050a00000001000000020000 fe0411112233"),
		/* DNS answer whose rrname is a pointer to the question (c00c) */
		("45000043000100004011 0000 0a000001 0a000002 0035d431002f0000"
		    "00018180000100010000000003777777016100 00010001"
		    "c00c00010001 0000003c 0004 01020304"),
		/* an IP header cut short: IP truncated, then Raw */
		"4500003c0001",
	};
	char eb[PKT_ERRBUF], clean[512];
	size_t i, j, k;

	for (i = 0; i < sizeof(hexes) / sizeof(hexes[0]); i++) {
		uint8_t *b;
		size_t n;
		struct pkt_pkt *p = pkt_new(), *q;
		json_t *o;
		struct pkt_rec rec;

		for (j = k = 0; hexes[i][j]; j++)
			if (hexes[i][j] != ' ')
				clean[k++] = hexes[i][j];
		clean[k] = '\0';
		if (pkt_hex_decode(clean, &b, &n, eb) < 0) {
			CHECK(0, "hex %zu: %s", i, eb);
			pkt_free(p);
			continue;
		}
		pkt_dissect(p, DLT_RAW, b, n, (uint32_t)n, eb);
		o = ref_json_pkt(p);
		if (i == 2) {
			char *t = json_dumps(o, JSON_COMPACT);

			CHECK(strstr(t, "\"rrname_ptr\":[0,12]") != NULL, "no rrname_ptr: %s", t);
			free(t);
		}
		if (i == 3) {
			char *t = json_dumps(o, JSON_COMPACT);

			CHECK(strstr(t, "\"truncated\":true") != NULL, "no truncated: %s", t);
			free(t);
		}
		json_object_del(o, "hex");
		memset(&rec, 0, sizeof(rec));
		CHECK(pkt_json_to_rec(o, &rec, eb) == 0 &&
		    pkt_rec_build(&rec, &noenv, eb) == 0, "opts %zu: %s", i, eb);
		q = rec.pkt;
		CHECK(q != NULL && q->rawlen == n && memcmp(q->raw, b, n) == 0,
		    "opts %zu: rebuilt differs", i);
		if (q == NULL || q->rawlen != n || memcmp(q->raw, b, n) != 0) {
			char *s = json_dumps(o, JSON_COMPACT | JSON_PRESERVE_ORDER);

			printf("  %s\n", s);
			free(s);
		}
		pkt_rec_clear(&rec);
		json_decref(o);
		pkt_free(p);
		free(b);
	}
}

static void
rmtree(void)
{
	const char *names[] = { "bad.jsonl", "big.jsonl", "cut.pcap",
	    "garbage.pcapng", "w.pcap", "rt.pcap" };
	char path[512];
	size_t i;

	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(path, sizeof(path), "%s/%s", tmpdir, names[i]);
		unlink(path);
	}
	rmdir(tmpdir);
}

static void
mktmp(void)
{
	const char *t = getenv("TMPDIR");

	snprintf(tmpdir, sizeof(tmpdir), "%s/test_io.XXXXXX", t && *t ? t : "/tmp");
	if (mkdtemp(tmpdir) == NULL) {
		perror("mkdtemp");
		exit(2);
	}
}

static int
robust(int argc, char **argv)
{
	char why[2048];
	size_t nrec;
	int i, bad = 0;
	unsigned secs = 10;
	const char *t = getenv("PKT_FILE_TIMEOUT");

	if (t != NULL && atoi(t) > 0)
		secs = (unsigned)atoi(t);
	signal(SIGALRM, SIG_DFL);
	for (i = 0; i < argc; i++) {
		printf("begin %s\n", argv[i]);
		fflush(stdout);
		alarm(secs);
		if (roundtrip(argv[i], why, sizeof(why), &nrec) == 0)
			printf("ok %s %zu\n", argv[i], nrec);
		else {
			printf("notok %s: %s\n", argv[i], why);
			bad++;
		}
		alarm(0);
		fflush(stdout);
	}
	return bad ? 1 : 0;
}

/* --nulls FILE...: for the first records of each capture, every field of
 * every layer in turn set to null (as `jq '.layers[i].f = null'` does),
 * then rebuilt: must not crash (errors are fine). */
static int
nulls(int argc, char **argv, bool mutate)
{
	char eb[PKT_ERRBUF];
	int i;
	size_t builds = 0, errs = 0;

	for (i = 0; i < argc; i++) {
		struct pkt_reader *r = pkt_reader_open(argv[i], eb);
		struct pkt_rec rec;
		int nrec = 0;

		printf("begin %s\n", argv[i]);
		fflush(stdout);
		alarm(30);
		while (r != NULL && nrec++ < (mutate ? 5 : 20) && pkt_reader_next(r, &rec, eb) == 1) {
			json_t *o = ref_json_pkt(rec.pkt), *ls = json_object_get(o, "layers");
			size_t li;

			for (li = 0; li < json_array_size(ls); li++) {
				json_t *lo = json_array_get(ls, li);
				const char *k;
				json_t *v;

				json_object_foreach(lo, k, v) {
				    for (int alt = 0; alt < (mutate ? 9 : 1); alt++) {
					static const char *alts[] = { "null", "0", "1",
					    "255", "65535", "4294967295", "\"\"",
					    "\"ff\"", "[]" };
					json_t *c = json_deep_copy(o), *cl;
					struct pkt_rec r2;

					if (strcmp(k, "layer") == 0) {
						json_decref(c);
						continue;
					}
					cl = json_array_get(json_object_get(c, "layers"), li);
					json_object_set_new(cl, k, json_loads(alts[alt],
					    JSON_DECODE_ANY, NULL));
					json_object_del(c, "hex");
					memset(&r2, 0, sizeof(r2));
					if (pkt_json_to_rec(c, &r2, eb) < 0 ||
					    pkt_rec_build(&r2, &noenv, eb) < 0)
						errs++;
					builds++;
					pkt_rec_clear(&r2);
					json_decref(c);
				    }
				}
			}
			json_decref(o);
			pkt_rec_clear(&rec);
		}
		alarm(0);
		if (r != NULL)
			pkt_reader_close(r);
		printf("ok %s 0\n", argv[i]);
		fflush(stdout);
	}
	printf("%zu builds with a %s field, %zu refused\n", builds,
	    mutate ? "changed" : "null", errs);
	return 0;
}

int
main(int argc, char **argv)
{
	const char *top = getenv("PKT_TOP");
	int rc;

	pkt_setprogname("test_io");
	mktmp();
	if (argc > 1 && strcmp(argv[1], "--roundtrip") == 0) {
		rc = robust(argc - 2, argv + 2);
		rmtree();
		return rc;
	}
	if (argc > 1 && (strcmp(argv[1], "--nulls") == 0 ||
	    strcmp(argv[1], "--mutate") == 0)) {
		rc = nulls(argc - 2, argv + 2, argv[1][2] == 'm');
		rmtree();
		return rc;
	}
	if (top == NULL)
		top = ".";
	test_golden(top);
	test_nulls();
	test_bad();
	test_bigline();
	test_pcap_bad(top);
	test_stdin(top);
	test_pairs();
	test_hexonly();
	test_writer();
	test_opts();
	rmtree();
	if (failures) {
		printf("%d of %d checks failed\n", failures, checks);
		return 1;
	}
	printf("ok %d checks\n", checks);
	return 0;
}
