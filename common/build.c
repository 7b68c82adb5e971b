/* build.c: field trees to bytes: defaults, bindings, lengths, checksums.
 *
 * Scapy's rule holds field by field: a value that was given is written as
 * given (a wrong checksum stays wrong); a field left unset is defaulted,
 * overloaded by the layer above it (IP.proto for TCP), or computed. */
#include "pkt.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "util.h"

uint8_t *
pkt_bctx_grow(struct pkt_bctx *bc, size_t n)
{
	uint8_t *p;

	if (bc->len + n > bc->cap) {
		size_t cap = bc->cap ? bc->cap : 256;

		while (cap < bc->len + n)
			cap *= 2;
		bc->buf = pkt_xrealloc(bc->buf, cap);
		bc->cap = cap;
	}
	p = bc->buf + bc->len;
	memset(p, 0, n);
	bc->len += n;
	return p;
}

/* Append the low `bits` bits of v, big-endian, at *bitpos (0..7) of the
 * last byte. */
static void
put_bits(struct pkt_bctx *bc, uint64_t v, unsigned bits, unsigned *bitpos)
{
	if (*bitpos == 0 && bits % 8 == 0) {
		uint8_t *p = pkt_bctx_grow(bc, bits / 8);
		unsigned i;

		for (i = 0; i < bits / 8; i++)
			p[i] = (uint8_t)(v >> (bits - 8 * (i + 1)));
		return;
	}
	while (bits > 0) {
		unsigned room, take;

		if (*bitpos == 0)
			pkt_bctx_grow(bc, 1);
		room = 8 - *bitpos;
		take = bits < room ? bits : room;
		bc->buf[bc->len - 1] |= (uint8_t)(((v >> (bits - take)) &
		    ((1u << take) - 1)) << (room - take));
		bits -= take;
		*bitpos = (*bitpos + take) % 8;
	}
}

static void
put_bytes(struct pkt_bctx *bc, const void *b, size_t n)
{
	if (n)
		memcpy(pkt_bctx_grow(bc, n), b, n);
}

/* Default of an address field, from its text. */
static void
addr_default(const struct pkt_field *f, uint8_t *a)
{
	memset(a, 0, 16);
	if (f->defs == NULL)
		return;
	switch (f->type) {
	case PKT_F_IPV4:
		inet_pton(AF_INET, f->defs, a);
		break;
	case PKT_F_IPV6:
		inet_pton(AF_INET6, f->defs, a);
		break;
	case PKT_F_MAC:
		sscanf(f->defs, "%hhx:%hhx:%hhx:%hhx:%hhx:%hhx", &a[0], &a[1],
		    &a[2], &a[3], &a[4], &a[5]);
		break;
	default:
		break;
	}
}

/* DNS name, dotted text, to labels.  "." and "" are the root. */
static int
put_name(struct pkt_bctx *bc, const char *name, char *errbuf)
{
	const char *s = name, *dot;

	while (*s != '\0') {
		size_t n;

		dot = strchr(s, '.');
		n = dot ? (size_t)(dot - s) : strlen(s);
		if (n == 0) {
			if (dot == NULL || dot[1] != '\0')
				return pkt_fail(errbuf, "empty label in name \"%s\"", name);
			break;
		}
		if (n > 63)
			return pkt_fail(errbuf, "label longer than 63 bytes in name \"%s\"", name);
		*pkt_bctx_grow(bc, 1) = (uint8_t)n;
		put_bytes(bc, s, n);
		if (dot == NULL)
			break;
		s = dot + 1;
	}
	*pkt_bctx_grow(bc, 1) = 0;
	return 0;
}

static void
put_opts(struct pkt_bctx *bc, const struct pkt_field *f, const struct pkt_val *v)
{
	size_t start = bc->len, i;

	for (i = 0; i < v->nopts; i++) {
		const struct pkt_opt *o = &v->opts[i];
		const struct pkt_optkind *k;

		if (o->kind < 0) {	/* kept as read */
			put_bytes(bc, o->data, o->len);
			continue;
		}
		k = pkt_optkind(f->opts, o->kind);
		*pkt_bctx_grow(bc, 1) = (uint8_t)o->kind;
		if (k != NULL && k->fmt == PKT_O_NONE)
			continue;
		*pkt_bctx_grow(bc, 1) = (uint8_t)(o->len + 2);
		put_bytes(bc, o->data, o->len);
	}
	if (f->opts->pad4 && (bc->len - start) % 4)
		pkt_bctx_grow(bc, 4 - (bc->len - start) % 4);
}

static int build_li(struct pkt_bctx *, const struct pkt_li *, size_t idx);

int
pkt_build_field(struct pkt_bctx *bc, const struct pkt_li *li, size_t fi,
    unsigned *bitpos)
{
	const struct pkt_field *f = &li->l->f[fi];
	const struct pkt_val *v = &li->v[fi];
	uint8_t a[16];
	size_t i;

	if (f->type != PKT_F_UINT && f->type != PKT_F_FLAGS && *bitpos != 0)
		return pkt_fail(bc->errbuf, "%s.%s: not byte aligned",
		    li->l->name, f->name);
	switch (f->type) {
	case PKT_F_UINT:
	case PKT_F_FLAGS:
		if (f->fl & PKT_FF_LE) {
			uint64_t u = pkt_li_u(li, fi);
			uint8_t *p = pkt_bctx_grow(bc, f->bits / 8);

			for (i = 0; i < f->bits / 8u; i++)
				p[i] = (uint8_t)(u >> (8 * i));
		} else
			put_bits(bc, pkt_li_u(li, fi), f->bits, bitpos);
		break;
	case PKT_F_MAC:
	case PKT_F_IPV4:
	case PKT_F_IPV6:
		if (v->set)
			memcpy(a, v->a, sizeof(a));
		else
			addr_default(f, a);
		put_bytes(bc, a, f->type == PKT_F_MAC ? 6 :
		    f->type == PKT_F_IPV4 ? 4 : 16);
		break;
	case PKT_F_BYTES:
		if (f->bits) {	/* fixed size: pad or cut to it */
			uint8_t *p = pkt_bctx_grow(bc, f->bits / 8);

			if (v->set)
				memcpy(p, v->b, v->blen < f->bits / 8u ?
				    v->blen : f->bits / 8u);
		} else if (v->set)
			put_bytes(bc, v->b, v->blen);
		else if (f->defs != NULL)
			put_bytes(bc, f->defs, strlen(f->defs));
		break;
	case PKT_F_NAME:
		if (put_name(bc, v->set ? (const char *)v->b :
		    (f->defs ? f->defs : "."), bc->errbuf) < 0)
			return -1;
		break;
	case PKT_F_OPTS:
		put_opts(bc, f, v);
		break;
	case PKT_F_PKTS:
		if (v->set) {
			for (i = 0; i < v->nitems; i++)
				if (build_li(bc, &v->items[i], SIZE_MAX) < 0)
					return -1;
		} else if (f->def) {	/* one default item (DNS qd=DNSQR()) */
			struct pkt_li item;
			int rc;

			pkt_li_init(&item, f->sub);
			rc = build_li(bc, &item, SIZE_MAX);
			pkt_li_clear(&item);
			if (rc < 0)
				return -1;
		}
		break;
	}
	return 0;
}

/* The generic walk: every present field in table order.  A truncated
 * layer stops at its first unset field, as it was captured. */
static int
build_li(struct pkt_bctx *bc, const struct pkt_li *li, size_t idx)
{
	unsigned bitpos = 0;
	size_t start = bc->len, fi;

	for (fi = 0; fi < li->l->nf; fi++) {
		if (!pkt_li_present(li, fi) || (li->l->f[fi].fl & PKT_FF_VIRTUAL))
			continue;
		if (li->trunc && !li->v[fi].set)
			break;
		if (idx != SIZE_MAX && bc->fbit != NULL)
			bc->fbit[bc->fbase[idx] + fi] =
			    (bc->len - start) * 8 - (bitpos ? 8 - bitpos : 0);
		if (pkt_build_field(bc, li, fi, &bitpos) < 0)
			return -1;
	}
	if (bitpos != 0 && !li->trunc)
		return pkt_fail(bc->errbuf, "%s: header is not a whole number of bytes",
		    li->l->name);
	return 0;
}

size_t
pkt_bctx_fieldbit(const struct pkt_bctx *bc, size_t idx, size_t fi)
{
	return bc->fbit[bc->fbase[idx] + fi];
}

void
pkt_bctx_putu(struct pkt_bctx *bc, size_t idx, size_t fi, uint64_t v)
{
	const struct pkt_field *f = &bc->p->li[idx].l->f[fi];
	size_t bit = bc->off[idx] * 8 + bc->fbit[bc->fbase[idx] + fi];
	unsigned n = f->bits, i;

	if (f->fl & PKT_FF_LE) {
		for (i = 0; i < n / 8; i++)
			bc->buf[bit / 8 + i] = (uint8_t)(v >> (8 * i));
		return;
	}
	for (i = 0; i < n; i++) {
		size_t b = bit + i;
		unsigned shift = 7 - (unsigned)(b % 8);
		uint8_t m = (uint8_t)(1u << shift);

		if ((v >> (n - 1 - i)) & 1)
			bc->buf[b / 8] |= m;
		else
			bc->buf[b / 8] &= (uint8_t)~m;
	}
}

/* Padding layers are laid out after all the others (Scapy's
 * build_padding()), so every payload ends where the first one begins. */
size_t
pkt_bctx_payend(const struct pkt_bctx *bc, size_t idx)
{
	size_t i, end = bc->len;

	(void)idx;
	for (i = 0; i < bc->p->n; i++)
		if (bc->p->li[i].l == &pkt_layer_padding && bc->off[i] < end)
			end = bc->off[i];
	return end;
}

uint32_t
pkt_csum_add(uint32_t sum, const uint8_t *p, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		sum += (uint32_t)(p[i] << 8 | p[i + 1]);
	if (n & 1)
		sum += (uint32_t)(p[n - 1] << 8);
	return sum;
}

uint16_t
pkt_csum_fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

/* Apply the build-time bindings: an unset lower field takes the value the
 * upper layer asks for (IP.proto=6 under TCP). */
static void
apply_binds(struct pkt_pkt *p)
{
	size_t i;
	const struct pkt_bind *b;

	for (i = 0; i + 1 < p->n; i++)
		for (b = pkt_binds; b->lower != NULL; b++) {
			int fi;

			if (!(b->how & PKT_BIND_BUILD) || b->lower != p->li[i].l ||
			    b->upper != p->li[i + 1].l)
				continue;
			fi = pkt_bind_field(b);
			/* every variant of the field (PPP proto, 2 or 1 byte) */
			for (; fi >= 0; fi = pkt_bind_field_next(b, fi))
				if (!p->li[i].v[fi].set)
					pkt_li_setu(&p->li[i], (size_t)fi, b->val);
		}
}

int
pkt_build(struct pkt_pkt *p, const struct pkt_env *env, char *errbuf)
{
	struct pkt_bctx bc;
	size_t i, nfields = 0;
	int rc = -1, pass;

	memset(&bc, 0, sizeof(bc));
	bc.p = p;
	bc.env = env;
	bc.errbuf = errbuf;
	if (p->n == 0)
		return pkt_fail(errbuf, "empty packet");
	apply_binds(p);
	for (i = p->n; i-- > 0;)
		if (p->li[i].l->prepare != NULL && !p->li[i].trunc &&
		    p->li[i].l->prepare(&bc, i) < 0)
			return -1;
	bc.off = pkt_xcalloc(p->n, sizeof(size_t));
	bc.hlen = pkt_xcalloc(p->n, sizeof(size_t));
	bc.fbase = pkt_xcalloc(p->n, sizeof(size_t));
	for (i = 0; i < p->n; i++) {
		bc.fbase[i] = nfields;
		nfields += p->li[i].l->nf;
	}
	bc.fbit = pkt_xcalloc(nfields ? nfields : 1, sizeof(size_t));
	/* Pass 1: every layer but Padding; pass 2: the Padding layers, in
	 * order, at the end: Raw("ABC")/Padding("abc")/Raw("DEF") is
	 * "ABCDEFabc", as Scapy assembles it. */
	for (pass = 0; pass < 2; pass++)
	for (i = 0; i < p->n; i++) {
		const struct pkt_li *li = &p->li[i];

		if ((li->l == &pkt_layer_padding) != (pass == 1))
			continue;
		bc.off[i] = bc.len;
		if ((li->l->build != NULL && !li->trunc ? li->l->build(&bc, i) :
		    build_li(&bc, li, i)) < 0)
			goto out;
		bc.hlen[i] = bc.len - bc.off[i];
		if (bc.len > PKT_MAX_BUILD) {
			pkt_fail(errbuf, "packet longer than %u bytes", PKT_MAX_BUILD);
			goto out;
		}
	}
	for (i = p->n; i-- > 0;)
		if (p->li[i].l->finish != NULL && !p->li[i].trunc &&
		    p->li[i].l->finish(&bc, i) < 0)
			goto out;
	free(p->raw);
	p->raw = bc.buf;
	p->rawlen = bc.len;
	p->dissected = false;
	p->wirelen = (uint32_t)bc.len;
	bc.buf = NULL;
	if (p->dlt < 0)
		p->dlt = pkt_layer_dlt(p->li[0].l);
	rc = 0;
out:
	free(bc.buf);
	free(bc.off);
	free(bc.hlen);
	free(bc.fbit);
	free(bc.fbase);
	return rc;
}

bool
pkt_csum_pseudo(const struct pkt_bctx *bc, size_t idx, uint8_t proto,
    size_t len, uint32_t *sum)
{
	size_t i = idx;

	while (i-- > 0) {
		const struct pkt_li *li = &bc->p->li[i];

		if (li->trunc)
			return false;
		if (li->l->pseudo != NULL) {
			*sum = li->l->pseudo(bc, i, idx, proto, len);
			return true;
		}
	}
	return false;
}

bool
pkt_csum_upper(struct pkt_bctx *bc, size_t idx, size_t fi, uint8_t proto,
    uint16_t *ck)
{
	size_t off = bc->off[idx], end = pkt_bctx_payend(bc, idx);
	uint32_t sum;

	pkt_bctx_putu(bc, idx, fi, 0);
	if (!pkt_csum_pseudo(bc, idx, proto, end - off, &sum))
		return false;
	*ck = pkt_csum_fold(pkt_csum_add(sum, bc->buf + off, end - off));
	return true;
}

/* The default environment: the kernel's choice of source address, learnt
 * by connecting a UDP socket (no packet is sent, no privilege needed). */
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

static int
default_srcaddr(void *arg, int family, const uint8_t *dst, uint8_t *src)
{
	struct sockaddr_storage ss;
	socklen_t sl;
	int fd, rc = -1;

	(void)arg;
	memset(&ss, 0, sizeof(ss));
	if (family == 4) {
		struct sockaddr_in *s4 = (struct sockaddr_in *)&ss;

		s4->sin_family = AF_INET;
		s4->sin_port = htons(9);
		memcpy(&s4->sin_addr, dst, 4);
		sl = sizeof(*s4);
	} else {
		struct sockaddr_in6 *s6 = (struct sockaddr_in6 *)&ss;

		s6->sin6_family = AF_INET6;
		s6->sin6_port = htons(9);
		memcpy(&s6->sin6_addr, dst, 16);
		sl = sizeof(*s6);
	}
	if ((fd = socket(ss.ss_family, SOCK_DGRAM | SOCK_CLOEXEC, 0)) < 0)
		return -1;
	if (connect(fd, (struct sockaddr *)&ss, sl) == 0 &&
	    getsockname(fd, (struct sockaddr *)&ss, &sl) == 0) {
		if (family == 4)
			memcpy(src, &((struct sockaddr_in *)&ss)->sin_addr, 4);
		else
			memcpy(src, &((struct sockaddr_in6 *)&ss)->sin6_addr, 16);
		rc = 0;
	}
	close(fd);
	return rc;
}

const struct pkt_env pkt_env_default = { default_srcaddr, NULL, NULL };
