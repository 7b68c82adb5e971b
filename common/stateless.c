/* stateless.c: the stateless run of pkttrace for large target lists.
 * See stateless.h. */
#include "stateless.h"

#include <arpa/inet.h>
#include <errno.h>
#include <linux/filter.h>
#include <linux/icmp.h>
#include <math.h>
#include <netinet/in.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "err.h"
#include "perm.h"
#include "pkt.h"
#include "priv.h"
#include "targets.h"
#include "util.h"

#define BATCH	64		/* probes per sendmmsg, answers per recvmmsg */
#define RXLEN	1600		/* an answer: its first bytes are all we read */
#define NSRC	4096		/* source addresses remembered, by /24 */
#define NEST	4096		/* path lengths remembered, by prefix */

/* One block of targets, sorted by address. */
struct block {
	uint32_t	*addr;
	uint8_t		*sentb, *ansb;	/* n * bpt: a bit per TTL */
	uint8_t		*defb;		/* n * bpt: put off to the second pass */
	uint8_t		*term;		/* TTL where the path ended, 0: not yet */
	uint8_t		*own;		/* the target itself answered */
	size_t		 n;
	struct pkt_perm	 perm;
	uint64_t	 next, total;	/* probes walked, n * nttl */
	uint64_t	 pending;	/* sent, unanswered, within the path */
	uint64_t	 ndef;		/* probes put off */
	double		 last_send;
	bool		 sending;
	bool		 second;	/* walking the order again: what was put off */
};

struct srcent {
	uint32_t	 net24;		/* + 1: 0 is empty */
	uint8_t		 src[4];
};

/* The shortest path seen to a prefix (/24; /16 with --per24, one target
 * per /24): a probe of a target not reached yet whose TTL is past it is
 * put off to a second walk of the order, by then most likely past the
 * target's own end and not sent at all.  The shortest, because a
 * target's end is first known from whichever of its TTLs past it
 * answers first; a prefix whose targets are further away only has their
 * last TTLs sent later. */
struct estent {
	uint32_t	 pfx;		/* + 1: 0 is empty */
	uint8_t		 len;
};

struct run {
	struct pkt_stateless *s;
	unsigned	 nttl, bpt;	/* TTLs, bytes of bits per target */
	int		 tx, rx[2];
	size_t		 nrx;
	struct block	*live[2];	/* the block sending, the one ending */
	bool		 src_done;
	double		 t0, tick;
	struct srcent	*srcs;
	struct estent	*ests;
	unsigned	 estshift;
	bool		 said_unsent;
	/* the batch */
	uint8_t		 pkt[BATCH][PKT_PID_MAXLEN];
	struct iovec	 iov[BATCH];
	struct sockaddr_in to[BATCH];
	struct mmsghdr	 msg[BATCH];
	uint32_t	 mtg[BATCH];	/* target index of each probe */
	uint8_t		 mttl[BATCH];
	uint8_t		 rxbuf[BATCH][RXLEN];
	struct iovec	 riov[BATCH];
	struct mmsghdr	 rmsg[BATCH];
};

static int
u32cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return x < y ? -1 : x > y;
}

/* ---- sockets ------------------------------------------------------------ */

/* What the receiving sockets take from the kernel: a raw socket gets a
 * copy of every packet of its protocol that comes to the host, so the
 * ICMP one keeps only echo replies, unreachables and time exceeded, and
 * the TCP one only segments from the probes' destination port (the
 * targets' SYN-ACKs and RSTs), dropped in the kernel before any copy. */
static int
rx_filters(struct run *r, char *errbuf)
{
	struct icmp_filter icf = {
		~(1u << ICMP_ECHOREPLY | 1u << ICMP_DEST_UNREACH |
		    1u << ICMP_TIME_EXCEEDED)
	};
	struct sock_filter tcp[] = {
		BPF_STMT(BPF_LDX | BPF_B | BPF_MSH, 0),	/* x = IP header length */
		BPF_STMT(BPF_LD | BPF_H | BPF_IND, 0),	/* a = TCP source port */
		BPF_JUMP(BPF_JMP | BPF_JEQ | BPF_K, r->s->pid.dport, 0, 1),
		BPF_STMT(BPF_RET | BPF_K, RXLEN),
		BPF_STMT(BPF_RET | BPF_K, 0),
	};
	struct sock_fprog fp = { sizeof(tcp) / sizeof(tcp[0]), tcp };

	if (setsockopt(r->rx[0], SOL_RAW, ICMP_FILTER, &icf, sizeof(icf)) < 0)
		return pkt_fail(errbuf, "ICMP filter: %s", strerror(errno));
	if (r->nrx > 1 && setsockopt(r->rx[1], SOL_SOCKET, SO_ATTACH_FILTER,
	    &fp, sizeof(fp)) < 0)
		return pkt_fail(errbuf, "TCP filter: %s", strerror(errno));
	return 0;
}

static int
open_sockets(struct run *r, char *errbuf)
{
	int one = 1, big = 8 << 20;

	if (pkt_priv_check("sending", errbuf) < 0)
		return -1;
	if ((r->tx = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC, IPPROTO_RAW)) < 0)
		return pkt_fail(errbuf, "raw IPv4 socket: %s", strerror(errno));
	(void)setsockopt(r->tx, IPPROTO_IP, IP_HDRINCL, &one, sizeof(one));
	if (setsockopt(r->tx, SOL_SOCKET, SO_SNDBUFFORCE, &big, sizeof(big)) < 0)
		(void)setsockopt(r->tx, SOL_SOCKET, SO_SNDBUF, &big, sizeof(big));
	if (r->s->iface != NULL && setsockopt(r->tx, SOL_SOCKET, SO_BINDTODEVICE,
	    r->s->iface, (socklen_t)strlen(r->s->iface) + 1) < 0)
		return pkt_fail(errbuf, "%s: %s", r->s->iface, strerror(errno));
	r->nrx = 0;
	r->rx[r->nrx++] = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK,
	    IPPROTO_ICMP);
	if (r->s->pid.l4 == PKT_PID_TCP)
		r->rx[r->nrx++] = socket(AF_INET, SOCK_RAW | SOCK_CLOEXEC |
		    SOCK_NONBLOCK, IPPROTO_TCP);
	for (size_t i = 0; i < r->nrx; i++) {
		if (r->rx[i] < 0)
			return pkt_fail(errbuf, "raw IPv4 socket: %s", strerror(errno));
		if (setsockopt(r->rx[i], SOL_SOCKET, SO_RCVBUFFORCE, &big,
		    sizeof(big)) < 0)
			(void)setsockopt(r->rx[i], SOL_SOCKET, SO_RCVBUF, &big,
			    sizeof(big));
	}
	if (rx_filters(r, errbuf) < 0)
		return -1;
	return pkt_priv_drop(errbuf);
}

/* The source address the kernel picks towards dst, asked once per /24. */
static int
source(struct run *r, uint32_t dst, uint8_t src[4], char *errbuf)
{
	struct srcent *e = &r->srcs[(dst >> 8) % NSRC];
	uint8_t d[4];

	if (e->net24 == (dst >> 8) + 1) {
		memcpy(src, e->src, 4);
		return 0;
	}
	pkt_ip4_put(d, dst);
	if (pkt_env_default.srcaddr(NULL, 4, d, src) < 0) {
		char a[INET_ADDRSTRLEN];

		inet_ntop(AF_INET, d, a, sizeof(a));
		return pkt_fail(errbuf, "%s: no route: %s", a, strerror(errno));
	}
	e->net24 = (dst >> 8) + 1;
	memcpy(e->src, src, 4);
	return 0;
}

/* ---- blocks ------------------------------------------------------------- */

static void
block_free(struct block *b)
{
	if (b == NULL)
		return;
	free(b->addr);
	free(b->sentb);
	free(b->ansb);
	free(b->defb);
	free(b->term);
	free(b->own);
	free(b);
}

/* The next block of targets, or NULL at the end (errbuf set on error). */
static struct block *
block_fill(struct run *r, char *errbuf)
{
	struct pkt_stateless *s = r->s;
	struct block *b;
	size_t cap = 1024, n = 0, i, k;
	uint8_t a[4];
	int rc = 1;

	errbuf[0] = '\0';
	if (r->src_done)
		return NULL;
	b = pkt_xcalloc(1, sizeof(*b));
	b->addr = pkt_xmalloc(cap * sizeof(*b->addr));
	while (n < PKT_STATELESS_BLOCK && (rc = pkt_tsrc_next(s->src, a,
	    errbuf)) == 1) {
		if (n == cap) {
			cap *= 2;
			b->addr = pkt_xreallocarray(b->addr, cap, sizeof(*b->addr));
		}
		b->addr[n++] = pkt_ip4_u32(a);
	}
	if (rc <= 0)
		r->src_done = true;
	if (rc < 0 || n == 0) {
		block_free(b);
		return NULL;
	}
	qsort(b->addr, n, sizeof(*b->addr), u32cmp);
	for (i = k = 0; i < n; i++)
		if (k == 0 || (s->per24 ? b->addr[i] >> 8 != b->addr[k - 1] >> 8 :
		    b->addr[i] != b->addr[k - 1]))
			b->addr[k++] = b->addr[i];
	b->n = k;
	b->sentb = pkt_xcalloc(k, r->bpt);
	b->ansb = pkt_xcalloc(k, r->bpt);
	b->defb = pkt_xcalloc(k, r->bpt);
	b->term = pkt_xcalloc(k, 1);
	b->own = pkt_xcalloc(k, 1);
	b->total = (uint64_t)k * r->nttl;
	pkt_perm_init(&b->perm, b->total, s->seed + s->blocks);
	b->sending = true;
	s->targets += k;
	s->blocks++;
	return b;
}

/* Probes of target tg sent, unanswered and within its path. */
static unsigned
pending_of(const struct run *r, const struct block *b, size_t tg)
{
	const uint8_t *sb = b->sentb + tg * r->bpt, *ab = b->ansb + tg * r->bpt;
	unsigned i, n = 0, lim = r->nttl;

	if (b->term[tg] != 0)
		lim = b->term[tg] - r->s->minttl + 1;
	for (i = 0; i < lim; i++)
		if ((sb[i / 8] & ~ab[i / 8]) >> (i % 8) & 1)
			n++;
	return n;
}

static const char *const kind_names[] = {
	"time-exceeded", "unreachable", "reply"
};

int
pkt_stateless_line(FILE *f, const char *target, unsigned ttl, const char *hop,
    const char *kind, const char *what, double rtt)
{
	if (hop == NULL)
		return fprintf(f, "{\"target\":\"%s\",\"ttl\":%u,\"hop\":null,"
		    "\"kind\":\"timeout\"}\n", target, ttl);
	if (rtt < 0)
		return fprintf(f, "{\"target\":\"%s\",\"ttl\":%u,\"hop\":\"%s\","
		    "\"kind\":\"%s\",\"what\":\"%s\",\"rtt\":null}\n", target,
		    ttl, hop, kind, what);
	return fprintf(f, "{\"target\":\"%s\",\"ttl\":%u,\"hop\":\"%s\","
	    "\"kind\":\"%s\",\"what\":\"%s\",\"rtt\":%.6f}\n", target, ttl,
	    hop, kind, what, rtt);
}

static void
write_timeouts(struct run *r, const struct block *b)
{
	struct pkt_stateless *s = r->s;
	char a[INET_ADDRSTRLEN];
	uint8_t d[4];
	size_t tg;
	unsigned i;

	for (tg = 0; tg < b->n; tg++) {
		const uint8_t *sb = b->sentb + tg * r->bpt, *ab = b->ansb + tg * r->bpt;
		unsigned lim = b->term[tg] ? b->term[tg] - s->minttl : r->nttl;
		bool said = false;

		for (i = 0; i < lim; i++) {
			if (!((sb[i / 8] & ~ab[i / 8]) >> (i % 8) & 1))
				continue;
			if (!said) {
				pkt_ip4_put(d, b->addr[tg]);
				inet_ntop(AF_INET, d, a, sizeof(a));
				said = true;
			}
			pkt_stateless_line(s->out, a, s->minttl + i, NULL, NULL,
			    NULL, -1);
		}
	}
}

/* Block b is over: its unanswered probes written, its targets counted. */
static void
block_end(struct run *r, struct block *b)
{
	size_t tg;

	if (!*r->s->interrupted)
		write_timeouts(r, b);
	for (tg = 0; tg < b->n; tg++)
		if (b->own[tg])
			r->s->reached++;
	block_free(b);
}

/* ---- sending ------------------------------------------------------------ */

/* Up to max probes of block b into the batch; how many. */
static size_t
batch_fill(struct run *r, struct block *b, size_t max, char *errbuf)
{
	struct pkt_stateless *s = r->s;
	uint16_t time = pkt_pid_time(pkt_now() - r->t0, r->tick);
	size_t k = 0;

	while (k < max && b->next < b->total) {
		uint64_t j = pkt_perm_at(&b->perm, b->next++);
		size_t tg = (size_t)(j / r->nttl);
		unsigned bit = (unsigned)(j % r->nttl), ttl = s->minttl + bit;
		uint8_t *db = &b->defb[tg * r->bpt + bit / 8], m = (uint8_t)(1u << (bit % 8));
		struct pkt_pid_flow f;
		uint8_t src[4], dst[4];

		if (b->second) {
			if (!(*db & m))
				continue;
			*db &= (uint8_t)~m;
		}
		if (!s->all_ttls && b->term[tg] != 0 && ttl > b->term[tg]) {
			s->skipped++;	/* past the end of its path */
			continue;
		}
		if (!s->all_ttls && !b->second && b->term[tg] == 0) {
			const struct estent *e = &r->ests[(b->addr[tg] >>
			    r->estshift) % NEST];

			if (e->pfx == (b->addr[tg] >> r->estshift) + 1 &&
			    ttl > e->len) {
				*db |= m;	/* past its neighbours' end */
				b->ndef++;
				continue;
			}
		}
		if (source(r, b->addr[tg], src, errbuf) < 0) {
			if (!r->said_unsent)
				pkt_warnx("%s: not sent", errbuf);
			r->said_unsent = true;
			s->unsent++;
			continue;
		}
		pkt_ip4_put(dst, b->addr[tg]);
		pkt_pid_flow(&s->pid, src, dst, &f);
		r->iov[k].iov_base = r->pkt[k];
		r->iov[k].iov_len = pkt_pid_build(&s->pid, &f, ttl, time, r->pkt[k]);
		memset(&r->to[k], 0, sizeof(r->to[k]));
		r->to[k].sin_family = AF_INET;
		memcpy(&r->to[k].sin_addr, dst, 4);
		memset(&r->msg[k], 0, sizeof(r->msg[k]));
		r->msg[k].msg_hdr.msg_iov = &r->iov[k];
		r->msg[k].msg_hdr.msg_iovlen = 1;
		r->msg[k].msg_hdr.msg_name = &r->to[k];
		r->msg[k].msg_hdr.msg_namelen = sizeof(r->to[k]);
		r->mtg[k] = (uint32_t)tg;
		r->mttl[k] = (uint8_t)bit;
		k++;
	}
	return k;
}

/* Send the k probes of the batch; those the kernel refuses are counted
 * (said once), and not waited for. */
static void
batch_send(struct run *r, struct block *b, size_t k)
{
	struct pkt_stateless *s = r->s;
	size_t i = 0;

	while (i < k) {
		int n = sendmmsg(r->tx, r->msg + i, (unsigned)(k - i), 0);

		if (n < 0 && (errno == EINTR || errno == ENOBUFS || errno == EAGAIN)) {
			struct timespec ts = { 0, 200000 };

			if (*s->interrupted)
				break;
			nanosleep(&ts, NULL);
			continue;
		}
		if (n < 0) {	/* this one: no route, refused by a firewall */
			if (!r->said_unsent)
				pkt_warn("sending");
			r->said_unsent = true;
			s->unsent++;
			i++;
			continue;
		}
		for (int j = 0; j < n; j++, i++) {
			size_t tg = r->mtg[i];
			unsigned bit = r->mttl[i];

			b->pending -= pending_of(r, b, tg);
			b->sentb[tg * r->bpt + bit / 8] |= (uint8_t)(1u << (bit % 8));
			b->pending += pending_of(r, b, tg);
			s->sent++;
		}
	}
	b->last_send = pkt_now();
}

/* ---- answers ------------------------------------------------------------ */

static struct block *
find(struct run *r, uint32_t a, size_t *tg)
{
	size_t i;

	for (i = 0; i < 2; i++) {
		struct block *b = r->live[i];
		size_t lo = 0, hi;

		if (b == NULL)
			continue;
		hi = b->n;
		while (lo < hi) {
			size_t mid = lo + (hi - lo) / 2;

			if (b->addr[mid] < a)
				lo = mid + 1;
			else
				hi = mid;
		}
		if (lo < b->n && b->addr[lo] == a) {
			*tg = lo;
			return b;
		}
	}
	return NULL;
}

static void
answer(struct run *r, const uint8_t *ip, size_t len, double now)
{
	struct pkt_stateless *s = r->s;
	struct pkt_pid_ans a;
	struct block *b;
	size_t tg;
	unsigned bit;
	char ta[INET_ADDRSTRLEN], ha[INET_ADDRSTRLEN], what[8];
	double rtt;

	s->received++;
	if (pkt_pid_decode(&s->pid, ip, len, &a) != 1 || a.ttl < s->minttl ||
	    a.ttl > s->maxttl || (b = find(r, pkt_ip4_u32(a.target), &tg)) == NULL)
		return;
	bit = a.ttl - s->minttl;
	if (!(b->sentb[tg * r->bpt + bit / 8] >> (bit % 8) & 1))
		return;		/* not sent by this run */
	if (b->ansb[tg * r->bpt + bit / 8] >> (bit % 8) & 1) {
		s->dups++;
		return;
	}
	b->pending -= pending_of(r, b, tg);
	b->ansb[tg * r->bpt + bit / 8] |= (uint8_t)(1u << (bit % 8));
	if (a.kind != PKT_PID_TIMEX && (b->term[tg] == 0 || a.ttl < b->term[tg])) {
		uint32_t p = b->addr[tg] >> r->estshift;
		struct estent *e = &r->ests[p % NEST];

		b->term[tg] = (uint8_t)a.ttl;
		if (e->pfx != p + 1 || a.ttl < e->len)
			*e = (struct estent){ p + 1, (uint8_t)a.ttl };
	}
	if (memcmp(a.hop, a.target, 4) == 0)
		b->own[tg] = 1;
	b->pending += pending_of(r, b, tg);
	s->answers++;

	inet_ntop(AF_INET, a.target, ta, sizeof(ta));
	inet_ntop(AF_INET, a.hop, ha, sizeof(ha));
	if (a.kind == PKT_PID_REPLY && s->pid.l4 == PKT_PID_TCP) {
		static const char letters[] = "FSRPAUEC";
		size_t k = 0;

		for (unsigned f = 0; f < 8; f++)
			if (a.tcpflags >> f & 1)
				what[k++] = letters[f];
		what[k] = '\0';
	} else
		snprintf(what, sizeof(what), "%u", a.type);
	rtt = pkt_pid_elapsed(a.time, pkt_pid_time(now - r->t0, r->tick), r->tick);
	pkt_stateless_line(s->out, ta, a.ttl, ha, kind_names[a.kind], what, rtt);
}

/* Read every answer waiting (at most a few batches: sending goes on). */
static int
drain(struct run *r, char *errbuf)
{
	size_t f;
	int rounds, n, i;

	for (f = 0; f < r->nrx; f++)
		for (rounds = 0; rounds < 16; rounds++) {
			double now;

			for (i = 0; i < BATCH; i++) {
				r->riov[i].iov_base = r->rxbuf[i];
				r->riov[i].iov_len = RXLEN;
				memset(&r->rmsg[i], 0, sizeof(r->rmsg[i]));
				r->rmsg[i].msg_hdr.msg_iov = &r->riov[i];
				r->rmsg[i].msg_hdr.msg_iovlen = 1;
			}
			n = recvmmsg(r->rx[f], r->rmsg, BATCH, MSG_DONTWAIT, NULL);
			if (n < 0) {
				if (errno == EAGAIN || errno == EWOULDBLOCK ||
				    errno == EINTR)
					break;
				return pkt_fail(errbuf, "receiving: %s", strerror(errno));
			}
			now = pkt_now();
			for (i = 0; i < n; i++)
				answer(r, r->rxbuf[i], r->rmsg[i].msg_len > RXLEN ?
				    RXLEN : r->rmsg[i].msg_len, now);
			if (n < BATCH)
				break;
		}
	return 0;
}

/* ---- the run ------------------------------------------------------------ */

static bool
block_over(const struct run *r, const struct block *b, double now)
{
	return !b->sending && (b->pending == 0 || now >= b->last_send +
	    r->s->timeout);
}

int
pkt_stateless_run(struct pkt_stateless *s, char *errbuf)
{
	struct run *r = pkt_xcalloc(1, sizeof(*r));
	double tokens = 0, last = 0, burst;
	int rc = 0;
	size_t i;

	r->s = s;
	r->tx = r->rx[0] = r->rx[1] = -1;
	r->nttl = s->maxttl - s->minttl + 1;
	r->bpt = (r->nttl + 7) / 8;
	r->srcs = pkt_xcalloc(NSRC, sizeof(*r->srcs));
	r->ests = pkt_xcalloc(NEST, sizeof(*r->ests));
	r->estshift = s->per24 ? 16 : 8;
	/* Ticks of the time field: 65535 of them outlast the wait. */
	r->tick = 1e-4;
	while (r->tick * 65535 < s->timeout + 1)
		r->tick *= 10;
	if (!s->seeded && getrandom(&s->seed, sizeof(s->seed), 0) !=
	    (ssize_t)sizeof(s->seed))
		s->seed = (uint64_t)time(NULL) ^ (uint64_t)getpid() << 32;
	s->pid.key = (uint32_t)(s->seed ^ s->seed >> 32);
	if (open_sockets(r, errbuf) < 0) {
		rc = -1;
		goto out;
	}
	burst = s->rate > 0 ? fmax(1, fmin(BATCH * 4, s->rate / 100)) : 0;
	r->t0 = last = pkt_now();
	for (;;) {
		struct block *cur = r->live[0];
		struct pollfd pfd[2];
		double now = pkt_now(), wait = -1;
		bool cansend;

		if (*s->interrupted)
			break;
		/* A new block once the last one is sent and the one before
		 * is over. */
		if ((cur == NULL || !cur->sending) && r->live[1] == NULL &&
		    !r->src_done) {
			struct block *b = block_fill(r, errbuf);

			if (b == NULL && errbuf[0] != '\0') {
				rc = -1;
				break;
			}
			if (b != NULL) {
				r->live[1] = cur;
				r->live[0] = cur = b;
			}
		}
		if (s->rate > 0) {
			tokens = fmin(burst, tokens + (now - last) * s->rate);
			last = now;
		}
		cansend = cur != NULL && cur->sending && (s->rate <= 0 || tokens >= 1);
		if (cansend) {
			size_t k = batch_fill(r, cur, s->rate > 0 ?
			    (size_t)fmin(BATCH, tokens) : BATCH, errbuf);

			batch_send(r, cur, k);
			tokens -= (double)k;
			if (cur->next == cur->total && !cur->second &&
			    cur->ndef > 0) {
				cur->second = true;	/* what was put off */
				cur->next = 0;
			} else if (cur->next == cur->total) {
				cur->sending = false;
				cur->last_send = pkt_now();
			}
		}
		/* Wait for answers: not at all while there is more to send
		 * now; else until a token, or the end of a block. */
		now = pkt_now();
		for (i = 0; i < 2; i++)
			if (r->live[i] != NULL && !r->live[i]->sending) {
				double w = r->live[i]->pending == 0 ? 0 :
				    r->live[i]->last_send + s->timeout - now;

				wait = wait < 0 || w < wait ? fmax(0, w) : wait;
			}
		if (cur != NULL && cur->sending)
			wait = s->rate > 0 && tokens < 1 ? (1 - tokens) / s->rate : 0;
		for (i = 0; i < r->nrx; i++) {
			pfd[i].fd = r->rx[i];
			pfd[i].events = POLLIN;
		}
		if (wait != 0) {
			struct timespec ts;

			if (wait < 0 || wait > 0.1)
				wait = 0.1;
			ts.tv_sec = 0;
			ts.tv_nsec = (long)(wait * 1e9);
			if (ppoll(pfd, r->nrx, &ts, NULL) == 0)
				fflush(s->out);	/* quiet: what came is out */
		}
		if (drain(r, errbuf) < 0) {
			rc = -1;
			break;
		}
		/* Blocks over. */
		now = pkt_now();
		for (i = 2; i-- > 0; )
			if (r->live[i] != NULL && block_over(r, r->live[i], now)) {
				block_end(r, r->live[i]);
				r->live[i] = NULL;
			}
		if (r->live[0] == NULL && r->live[1] != NULL) {
			r->live[0] = r->live[1];
			r->live[1] = NULL;
		}
		if (r->live[0] == NULL && r->src_done)
			break;
	}
	s->elapsed = pkt_now() - r->t0;
	for (i = 0; i < 2; i++)
		if (r->live[i] != NULL)
			block_end(r, r->live[i]);
out:
	if (r->tx >= 0)
		close(r->tx);
	for (i = 0; i < r->nrx; i++)
		if (r->rx[i] >= 0)
			close(r->rx[i]);
	free(r->srcs);
	free(r->ests);
	free(r);
	return rc;
}
