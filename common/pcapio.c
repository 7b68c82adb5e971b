/* pcapio.c: the input streams (pcap, pcapng, JSON Lines: one reader, the
 * format told by the first bytes) and the pcap writer.
 *
 * Inputs are never rewound: the first four bytes are read from the file
 * descriptor and handed back through a stdio cookie stream, which libpcap
 * (pcap_fopen_offline) or the line reader then reads from the start.  So
 * stdin, FIFOs and files of any size stream alike. */
#include "io.h"

#include <errno.h>
#include <fcntl.h>
#include <math.h>
#include <stdarg.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>
#include <sys/stat.h>
#include <unistd.h>

#include "err.h"
#include "pkt.h"
#include "util.h"

enum rfmt { R_EMPTY, R_PCAP, R_PCAPNG, R_JSON };

struct pkt_reader {
	char		*name;
	int		 fd;		/* -1 when reading src */
	bool		 ownfd;
	FILE		*src;		/* pkt_reader_fopen */
	uint8_t		 pre[4];	/* the bytes read to tell the format */
	size_t		 npre, opre;
	int		 rerrno;	/* errno of the last failed read */
	FILE		*fp;		/* the cookie stream over all of it */
	enum rfmt	 fmt;
	pcap_t		*pc;
	int		 dlt;
	uint64_t	 recno;		/* pcap records returned */
	uint64_t	 line;
	char		*buf;		/* the current line */
	size_t		 cap;
	char		*ibuf;		/* input buffer */
	size_t		 ipos, ilen;
	json_t		*cur;		/* the object last returned */
	bool		 failed, eof;
	char		 err[PKT_ERRBUF];
};

/* ---- the stream: first the peeked bytes, then the rest ------------------ */

static ssize_t
rawread(struct pkt_reader *r, char *buf, size_t n)
{
	ssize_t k;

	if (r->src != NULL) {
		size_t m = fread(buf, 1, n, r->src);

		if (m == 0 && ferror(r->src)) {
			r->rerrno = errno ? errno : EIO;
			errno = r->rerrno;
			return -1;
		}
		return (ssize_t)m;
	}
	do
		k = read(r->fd, buf, n);
	while (k < 0 && errno == EINTR);
	if (k < 0)
		r->rerrno = errno;
	return k;
}

static ssize_t
cookie_read(void *c, char *buf, size_t n)
{
	struct pkt_reader *r = c;

	if (r->opre < r->npre) {
		size_t m = r->npre - r->opre;

		if (m > n)
			m = n;
		memcpy(buf, r->pre + r->opre, m);
		r->opre += m;
		return (ssize_t)m;
	}
	return rawread(r, buf, n);
}

static int
cookie_close(void *c)
{
	(void)c;	/* the reader closes its descriptor itself */
	return 0;
}

static int rfail(struct pkt_reader *, char *, const char *, ...) PKT_PRINTF(3, 4);

/* Fail for good: the message is kept, next() repeats it. */
static int
rfail(struct pkt_reader *r, char *errbuf, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(r->err, sizeof(r->err), fmt, ap);
	va_end(ap);
	r->failed = true;
	return pkt_fail(errbuf, "%s", r->err);
}

static void
reader_free(struct pkt_reader *r)
{
	if (r == NULL)
		return;
	json_decref(r->cur);
	if (r->pc != NULL)
		pcap_close(r->pc);	/* fcloses r->fp */
	else if (r->fp != NULL)
		fclose(r->fp);
	if (r->ownfd && r->fd >= 0)
		close(r->fd);
	free(r->buf);
	free(r->ibuf);
	free(r->name);
	free(r);
}

static bool
is_pcap_magic(const uint8_t *m)
{
	static const uint8_t magics[][4] = {
		{ 0xa1, 0xb2, 0xc3, 0xd4 }, { 0xd4, 0xc3, 0xb2, 0xa1 },
		{ 0xa1, 0xb2, 0x3c, 0x4d }, { 0x4d, 0x3c, 0xb2, 0xa1 },
		{ 0xa1, 0xb2, 0xcd, 0x34 }, { 0x34, 0xcd, 0xb2, 0xa1 },
	};
	size_t i;

	for (i = 0; i < sizeof(magics) / sizeof(magics[0]); i++)
		if (memcmp(m, magics[i], 4) == 0)
			return true;
	return false;
}

static struct pkt_reader *
reader_start(struct pkt_reader *r, char *errbuf)
{
	cookie_io_functions_t io = { cookie_read, NULL, NULL, cookie_close };
	char pe[PCAP_ERRBUF_SIZE];
	ssize_t k;

	r->dlt = -1;
	while (r->npre < 4) {
		k = rawread(r, (char *)r->pre + r->npre, 4 - r->npre);
		if (k < 0) {
			pkt_fail(errbuf, "%s: %s", r->name, strerror(r->rerrno));
			reader_free(r);
			return NULL;
		}
		if (k == 0)
			break;
		r->npre += (size_t)k;
	}
	if ((r->fp = fopencookie(r, "r", io)) == NULL) {
		pkt_fail(errbuf, "%s: %s", r->name, strerror(errno));
		reader_free(r);
		return NULL;
	}
	if (r->npre == 0)
		r->fmt = R_EMPTY;
	else if (r->npre == 4 && (is_pcap_magic(r->pre) ||
	    memcmp(r->pre, "\x0a\x0d\x0d\x0a", 4) == 0)) {
		r->fmt = r->pre[0] == 0x0a ? R_PCAPNG : R_PCAP;
		pe[0] = '\0';
		if ((r->pc = pcap_fopen_offline(r->fp, pe)) == NULL) {
			pkt_fail(errbuf, "%s: %s", r->name, pe[0] ? pe :
			    "not a readable capture");
			reader_free(r);
			return NULL;
		}
		r->dlt = pcap_datalink(r->pc);
	} else
		r->fmt = R_JSON;
	return r;
}

struct pkt_reader *
pkt_reader_open(const char *path, char *errbuf)
{
	struct pkt_reader *r = pkt_xcalloc(1, sizeof(*r));

	if (strcmp(path, "-") == 0) {
		r->name = pkt_xstrdup("<stdin>");
		r->fd = 0;
	} else {
		r->name = pkt_xstrdup(path);
		if ((r->fd = open(path, O_RDONLY | O_CLOEXEC)) < 0) {
			pkt_fail(errbuf, "%s: %s", path, strerror(errno));
			reader_free(r);
			return NULL;
		}
		r->ownfd = true;
	}
	return reader_start(r, errbuf);
}

struct pkt_reader *
pkt_reader_fopen(FILE *fp, const char *name, char *errbuf)
{
	struct pkt_reader *r = pkt_xcalloc(1, sizeof(*r));

	r->name = pkt_xstrdup(name);
	r->fd = -1;
	r->src = fp;
	return reader_start(r, errbuf);
}

const char *
pkt_reader_format(const struct pkt_reader *r)
{
	return r->fmt == R_PCAP ? "pcap" : r->fmt == R_PCAPNG ? "pcapng" : "json";
}

int
pkt_reader_dlt(const struct pkt_reader *r)
{
	return r->dlt;
}

void
pkt_reader_close(struct pkt_reader *r)
{
	reader_free(r);
}

/* ---- pcap, pcapng ----------------------------------------------------------- */

static int
next_pcap(struct pkt_reader *r, struct pkt_rec *rec, char *errbuf)
{
	struct pcap_pkthdr *h;
	const u_char *data;
	char eb[PKT_ERRBUF];
	int rc = pcap_next_ex(r->pc, &h, &data);

	if (rc == PCAP_ERROR_BREAK) {
		r->eof = true;
		return 0;
	}
	if (rc != 1) {
		const char *pe = pcap_geterr(r->pc);

		if (strstr(pe, "truncated") != NULL)
			return rfail(r, errbuf, "%s: record %llu: truncated (file "
			    "ends inside the record)", r->name,
			    (unsigned long long)r->recno + 1);
		return rfail(r, errbuf, "%s: record %llu: %s", r->name,
		    (unsigned long long)r->recno + 1, pe);
	}
	r->recno++;
	rec->pkt = pkt_new();
	/* pcap's seconds and microseconds are unsigned 32 bits (libpcap gives
	 * them signed); an invalid microsecond count (>= 10^6) just adds up. */
	if (r->fmt == R_PCAP)
		rec->pkt->time = (double)(uint32_t)h->ts.tv_sec +
		    (double)(uint32_t)h->ts.tv_usec / 1e6;
	else
		rec->pkt->time = (double)(uint64_t)h->ts.tv_sec +
		    (double)(uint64_t)h->ts.tv_usec / 1e6;
	pkt_dissect(rec->pkt, r->dlt, data, h->caplen, h->len, eb);
	rec->built = true;
	rec->recno = r->recno;
	return 1;
}

/* ---- JSON Lines --------------------------------------------------------- */

/* The next line into r->buf (without its newline); 1, 0 at the end, -1. */
static int
getline_capped(struct pkt_reader *r, size_t *len, char *errbuf)
{
	size_t n = 0;
	bool any = false;

	for (;;) {
		const char *nl;
		size_t take;

		if (r->ipos == r->ilen) {
			if (r->ibuf == NULL)
				r->ibuf = pkt_xmalloc(65536);
			r->ipos = 0;
			r->ilen = fread(r->ibuf, 1, 65536, r->fp);
			if (r->ilen == 0) {
				if (ferror(r->fp)) {
					return rfail(r, errbuf, "%s:%llu: %s",
					    r->name, (unsigned long long)r->line + 1,
					    strerror(r->rerrno ? r->rerrno : EIO));
				}
				if (!any)
					return 0;
				break;
			}
		}
		any = true;
		nl = memchr(r->ibuf + r->ipos, '\n', r->ilen - r->ipos);
		take = nl != NULL ? (size_t)(nl - (r->ibuf + r->ipos)) :
		    r->ilen - r->ipos;
		if (n + take > PKT_JSON_MAXLINE) {
			return rfail(r, errbuf, "%s:%llu: line longer than %u MiB",
			    r->name, (unsigned long long)r->line + 1,
			    PKT_JSON_MAXLINE >> 20);
		}
		if (n + take + 1 > r->cap) {
			while (n + take + 1 > r->cap)
				r->cap = r->cap ? r->cap * 2 : 65536;
			r->buf = pkt_xrealloc(r->buf, r->cap);
		}
		memcpy(r->buf + n, r->ibuf + r->ipos, take);
		n += take;
		r->ipos += take;
		if (nl != NULL) {
			r->ipos++;
			break;
		}
	}
	r->line++;
	while (n > 0 && r->buf[n - 1] == '\r')
		n--;
	if (r->buf == NULL)
		r->buf = pkt_xmalloc(r->cap = 65536);
	r->buf[n] = '\0';
	*len = n;
	return 1;
}

/* Text that another pkt tool printed where JSON Lines were wanted (its
 * table or summary piped on without -j): what to run instead, or NULL. */
static const char *
text_hint(const char *s, size_t len)
{
	const char *p;

	if (memmem(s, len, "###[", 4) != NULL)
		return "it looks like the layer-by-layer text of --show: give "
		    "that tool -j instead";
	/* pkttrace's header: "10.0.9.2:tcp80 ...", "::1:udp33434", "x:ICMP". */
	for (p = s; (p = memchr(p, ':', len - (size_t)(p - s))) != NULL; p++) {
		size_t left = len - (size_t)(p - s);

		if ((left > 4 && (memcmp(p, ":tcp", 4) == 0 || memcmp(p, ":udp", 4) == 0)) ||
		    (left >= 5 && memcmp(p, ":ICMP", 5) == 0))
			return "it looks like pkttrace's table: run pkttrace -j "
			    "(pkttrace -j TARGET | pktgraph)";
	}
	if (memmem(s, len, " > ", 3) != NULL)
		return "it looks like the text summary of pktsend -n or pktsr1: "
		    "give that tool -j (or -w FILE for pcap)";
	return NULL;
}

static int
next_json(struct pkt_reader *r, struct pkt_rec *rec, char *errbuf)
{
	json_error_t je;
	json_t *o;
	size_t len = 0, i;
	char *s;
	char eb[PKT_ERRBUF];
	int rc;

	for (;;) {
		if ((rc = getline_capped(r, &len, errbuf)) <= 0) {
			if (rc == 0)
				r->eof = true;
			return rc;
		}
		s = r->buf;
		if (r->line == 1 && len >= 3 && memcmp(s, "\xef\xbb\xbf", 3) == 0) {
			s += 3;		/* a UTF-8 byte order mark */
			len -= 3;
		}
		for (i = 0; i < len && (s[i] == ' ' || s[i] == '\t' ||
		    s[i] == '\r'); i++)
			;
		if (i < len)
			break;		/* blank lines are skipped */
	}
	o = json_loadb(s, len, JSON_REJECT_DUPLICATES | JSON_DECODE_ANY |
	    JSON_ALLOW_NUL, &je);
	if (o == NULL) {
		const char *hint = s[i] == '{' ? NULL : text_hint(s, len);

		if (hint != NULL)
			return rfail(r, errbuf, "%s:%llu: not JSON Lines (%s, "
			    "column %d): %s", r->name, (unsigned long long)r->line,
			    je.text, je.column, hint);
		return rfail(r, errbuf, "%s:%llu: %s (column %d)", r->name,
		    (unsigned long long)r->line, je.text, je.column);
	}
	if (pkt_json_to_rec(o, rec, eb) < 0) {
		json_decref(o);
		pkt_rec_clear(rec);
		return rfail(r, errbuf, "%s:%llu: %s", r->name,
		    (unsigned long long)r->line, eb);
	}
	r->cur = o;
	rec->json = o;
	rec->is_json = true;
	rec->recno = r->line;
	return 1;
}

int
pkt_reader_next(struct pkt_reader *r, struct pkt_rec *rec, char *errbuf)
{
	memset(rec, 0, sizeof(*rec));
	rec->rtt = -1;
	rec->file = r->name;
	rec->lens.len = rec->lens.caplen = -1;
	rec->recv_lens = rec->lens;
	json_decref(r->cur);
	r->cur = NULL;
	if (r->failed)
		return pkt_fail(errbuf, "%s", r->err);
	if (r->eof)
		return 0;
	switch (r->fmt) {
	case R_EMPTY:
		r->eof = true;
		return 0;
	case R_PCAP:
	case R_PCAPNG:
		return next_pcap(r, rec, errbuf);
	case R_JSON:
		return next_json(r, rec, errbuf);
	}
	return 0;
}

/* ---- records ---------------------------------------------------------------- */

/* The wire length of a packet rebuilt from JSON: "len" as given when the
 * size did not change; a capture cut short stays short by as much. */
static void
fix_wirelen(struct pkt_pkt *p, const struct pkt_rec_lens *l)
{
	uint64_t raw = p->rawlen, w = raw;

	if (l->len < 0)
		w = raw;
	else if (l->caplen < 0)
		w = (uint64_t)l->len >= raw ? (uint64_t)l->len : raw;
	else if ((uint64_t)l->caplen == raw)
		w = (uint64_t)l->len;
	else if (l->len > l->caplen)
		w = raw + (uint64_t)(l->len - l->caplen);
	p->wirelen = w > UINT32_MAX ? UINT32_MAX : (uint32_t)w;
}

static int
build_one(const struct pkt_rec *rec, struct pkt_pkt *p, bool built,
    const struct pkt_rec_lens *l, const struct pkt_env *env, const char *who,
    char *errbuf)
{
	char eb[PKT_ERRBUF];

	if (p == NULL || built)
		return 0;
	if (pkt_build(p, env, eb) < 0) {
		if (rec->is_json)
			return pkt_fail(errbuf, "%s:%llu: %s%s", rec->file ? rec->file :
			    "?", (unsigned long long)rec->recno, who, eb);
		return pkt_fail(errbuf, "%s: record %llu: %s%s", rec->file ?
		    rec->file : "?", (unsigned long long)rec->recno, who, eb);
	}
	fix_wirelen(p, l);
	return 0;
}

int
pkt_rec_build(struct pkt_rec *rec, const struct pkt_env *env, char *errbuf)
{
	if (build_one(rec, rec->pkt, rec->built, &rec->lens, env,
	    rec->pair ? "sent: " : "", errbuf) < 0)
		return -1;
	rec->built = true;
	if (build_one(rec, rec->recv, rec->recv_built, &rec->recv_lens, env,
	    "recv: ", errbuf) < 0)
		return -1;
	rec->recv_built = true;
	return 0;
}

void
pkt_rec_clear(struct pkt_rec *rec)
{
	pkt_free(rec->pkt);
	pkt_free(rec->recv);
	rec->pkt = rec->recv = NULL;
}

/* ---- pcap output ---------------------------------------------------------- */

struct pkt_pcapw {
	char		*name;
	FILE		*fp;
	pcap_t		*pd;
	pcap_dumper_t	*d;
	int		 dlt;
	uint64_t	 n;
	bool		 stream;	/* not a regular file: flush per packet */
	bool		 failed;
};

struct pkt_pcapw *
pkt_pcapw_open(const char *path, char *errbuf)
{
	struct pkt_pcapw *w = pkt_xcalloc(1, sizeof(*w));
	struct stat st;
	int fd;

	w->dlt = -1;
	if (strcmp(path, "-") == 0) {
		w->name = pkt_xstrdup("<stdout>");
		if ((fd = fcntl(1, F_DUPFD_CLOEXEC, 3)) < 0 ||
		    (w->fp = fdopen(fd, "wb")) == NULL) {
			pkt_fail(errbuf, "<stdout>: %s", strerror(errno));
			if (fd >= 0)
				close(fd);
			free(w->name);
			free(w);
			return NULL;
		}
	} else {
		w->name = pkt_xstrdup(path);
		if ((w->fp = fopen(path, "wbe")) == NULL) {
			pkt_fail(errbuf, "%s: %s", path, strerror(errno));
			free(w->name);
			free(w);
			return NULL;
		}
	}
	w->stream = fstat(fileno(w->fp), &st) < 0 || !S_ISREG(st.st_mode);
	return w;
}

static int
wfail(struct pkt_pcapw *w, char *errbuf, const char *what)
{
	w->failed = true;
	return pkt_fail(errbuf, "%s: %s", w->name, what);
}

/* The file header, once the link type is known. */
static int
pcapw_start(struct pkt_pcapw *w, int dlt, char *errbuf)
{
	char msg[PKT_ERRBUF];

	w->pd = pcap_open_dead_with_tstamp_precision(dlt, PKT_PCAP_SNAPLEN,
	    PCAP_TSTAMP_PRECISION_MICRO);
	if (w->pd == NULL)
		return wfail(w, errbuf, "out of memory");
	if ((w->d = pcap_dump_fopen(w->pd, w->fp)) == NULL) {
		snprintf(msg, sizeof(msg), "%s", pcap_geterr(w->pd));
		return wfail(w, errbuf, msg);
	}
	w->dlt = dlt;
	return 0;
}

static int
pcapw_check(struct pkt_pcapw *w, char *errbuf)
{
	if ((w->stream && pcap_dump_flush(w->d) < 0) || ferror(w->fp))
		return wfail(w, errbuf, strerror(errno ? errno : EIO));
	return 0;
}

static const char *
ltname(int dlt, char *buf, size_t n)
{
	const char *s = pkt_linktype_name(dlt);

	if (s == NULL)
		snprintf(buf, n, "%d", dlt);
	else
		snprintf(buf, n, "%s", s);
	return buf;
}

int
pkt_pcapw_write(struct pkt_pcapw *w, const struct pkt_pkt *p, char *errbuf)
{
	struct pcap_pkthdr h;
	double t, sec;
	long usec;
	int dlt = p->dlt;
	char msg[PKT_ERRBUF], a[32], b[32];

	if (w->failed)
		return pkt_fail(errbuf, "%s: write failed before", w->name);
	if (dlt < 0)
		dlt = p->n > 0 ? pkt_layer_dlt(p->li[0].l) : DLT_RAW;
	if (dlt < 0) {	/* ICMP()/..., ARP() alone: never labelled RAW */
		snprintf(msg, sizeof(msg), "packet %llu starts with %s, which no "
		    "link type holds: put %s in front, or write it with -j",
		    (unsigned long long)w->n + 1, p->li[0].l->name,
		    pkt_layer_front(p->li[0].l));
		return pkt_fail(errbuf, "%s: %s", w->name, msg);
	}
	if (p->rawlen > PKT_PCAP_SNAPLEN) {
		snprintf(msg, sizeof(msg), "packet %llu: %zu bytes, longer than "
		    "pcap's %u", (unsigned long long)w->n + 1, p->rawlen,
		    PKT_PCAP_SNAPLEN);
		return pkt_fail(errbuf, "%s: %s", w->name, msg);
	}
	if (w->d == NULL && pcapw_start(w, dlt, errbuf) < 0)
		return -1;
	if (dlt != w->dlt) {
		snprintf(msg, sizeof(msg), "packet %llu has link type %s, the "
		    "file's is %s (a pcap holds one link type; -j writes JSON "
		    "Lines, which mix them)", (unsigned long long)w->n + 1,
		    ltname(dlt, a, sizeof(a)), ltname(w->dlt, b, sizeof(b)));
		return pkt_fail(errbuf, "%s: %s", w->name, msg);
	}
	t = p->time != 0 ? p->time : pkt_walltime();
	if (!(t >= 0) || !isfinite(t))
		t = 0;
	sec = floor(t);
	usec = (long)((t - sec) * 1e6 + 0.5);	/* t - sec >= 0: lround */
	if (usec >= 1000000) {
		sec += 1;
		usec -= 1000000;
	}
	memset(&h, 0, sizeof(h));
	h.ts.tv_sec = (time_t)(sec < 4294967295.0 ? sec : 4294967295.0);
	h.ts.tv_usec = (suseconds_t)usec;
	h.caplen = (bpf_u_int32)p->rawlen;
	h.len = p->wirelen;
	errno = 0;
	pcap_dump((u_char *)w->d, &h, p->raw != NULL ? p->raw : (const u_char *)"");
	w->n++;
	return pcapw_check(w, errbuf);
}

int
pkt_pcapw_close(struct pkt_pcapw *w, char *errbuf)
{
	int rc = 0;

	if (w == NULL)
		return 0;
	if (w->failed)
		rc = pkt_fail(errbuf, "%s: write failed", w->name);
	if (w->d == NULL && !w->failed && pcapw_start(w, DLT_RAW, errbuf) < 0)
		rc = -1;
	if (w->d != NULL) {
		errno = 0;
		if (rc == 0 && (pcap_dump_flush(w->d) < 0 || ferror(w->fp)))
			rc = wfail(w, errbuf, strerror(errno ? errno : EIO));
		pcap_dump_close(w->d);		/* fcloses w->fp */
	} else if (fclose(w->fp) == EOF && rc == 0)
		rc = wfail(w, errbuf, strerror(errno));
	if (w->pd != NULL)
		pcap_close(w->pd);
	free(w->name);
	free(w);
	return rc;
}
