/* fmt.c: small renderers and parsers of field values, shared by the
 * summaries, show(), JSON and the spec parser. */
#include "pkt.h"
#include "util.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>


void
pkt_fmt_port(char *s, size_t n, const struct pkt_name *names, uint64_t port)
{
	const char *name = pkt_name_get(names, port);

	if (name != NULL)
		snprintf(s, n, "%s", name);
	else
		snprintf(s, n, "%u", (unsigned)port);
}

void
pkt_fmt_flags(char *s, size_t n, const struct pkt_field *f, uint64_t v)
{
	const struct pkt_name *nm;
	size_t k = 0;
	unsigned bit;
	char tmp[16];

	if (n == 0)
		return;
	s[0] = '\0';
	for (bit = 0; bit < f->bits && bit < 64; bit++) {
		const char *name = NULL;
		size_t len;

		if (!(v >> bit & 1))
			continue;
		for (nm = f->names; nm != NULL && nm->name != NULL; nm++)
			if (nm->val == bit)
				name = nm->name;
		if (name == NULL) {
			snprintf(tmp, sizeof(tmp), "bit%u", bit);
			name = tmp;
		}
		len = strlen(name);
		if (k > 0 && (f->fl & PKT_FF_FLAGPLUS)) {
			if (k + 1 >= n)
				return;
			s[k++] = '+';
		}
		if (k + len >= n)
			return;
		memcpy(s + k, name, len);
		k += len;
		s[k] = '\0';
	}
}

static int
flag_bit(const struct pkt_field *f, const char *name, size_t len)
{
	const struct pkt_name *nm;

	for (nm = f->names; nm != NULL && nm->name != NULL; nm++)
		if (strlen(nm->name) == len && strncmp(nm->name, name, len) == 0)
			return (int)nm->val;
	return -1;
}

int
pkt_parse_flags(const struct pkt_field *f, const char *s, uint64_t *out)
{
	uint64_t v = 0;
	int bit;

	*out = 0;
	if (f->fl & PKT_FF_FLAGPLUS) {	/* names: "MF+DF", "DF" */
		while (*s != '\0') {
			size_t len = strcspn(s, "+,| ");

			if (len > 0) {
				if ((bit = flag_bit(f, s, len)) < 0)
					return -1;
				v |= UINT64_C(1) << bit;
			}
			s += len;
			if (*s != '\0')
				s++;
		}
	} else {			/* letters: "SA" */
		for (; *s != '\0'; s++) {
			if (*s == '+' || *s == ',' || *s == ' ')
				continue;
			if ((bit = flag_bit(f, s, 1)) < 0)
				return -1;
			v |= UINT64_C(1) << bit;
		}
	}
	*out = v;
	return 0;
}

bool
pkt_li_addrs(const struct pkt_li *li, char *src, char *dst, size_t n)
{
	size_t s, d;

	if (li->l->addrs == NULL || !li->l->addrs(li, &s, &d))
		return false;
	pkt_fmt_addr(&li->l->f[s], li->v[s].a, src, n);
	pkt_fmt_addr(&li->l->f[d], li->v[d].a, dst, n);
	return true;
}

bool
pkt_l4_addrs(const struct pkt_pkt *p, size_t idx, char *a, char *b, size_t n)
{
	while (idx-- > 0) {
		const struct pkt_li *li = &p->li[idx];

		if (li->l->addrs != NULL)
			return pkt_li_addrs(li, a, b, n);
	}
	return false;
}

const char *
pkt_fmt_addr(const struct pkt_field *f, const uint8_t *a, char *s, size_t n)
{
	switch (f->type) {
	case PKT_F_MAC:
		if (n >= 18) {	/* by hand: on the hot path of -j */
			static const char hx[] = "0123456789abcdef";
			int i;

			for (i = 0; i < 6; i++) {
				s[3 * i] = hx[a[i] >> 4];
				s[3 * i + 1] = hx[a[i] & 15];
				s[3 * i + 2] = i < 5 ? ':' : '\0';
			}
		} else if (n > 0)
			s[0] = '\0';	/* callers give 48 bytes (pkt.h) */
		break;
	case PKT_F_IPV4:
		if (n >= 16) {	/* by hand: this is on the hot path of -j */
			char *o = s;
			int i;

			for (i = 0; i < 4; i++) {
				unsigned v = a[i];

				if (v >= 100)
					*o++ = (char)('0' + v / 100);
				if (v >= 10)
					*o++ = (char)('0' + v / 10 % 10);
				*o++ = (char)('0' + v % 10);
				*o++ = i < 3 ? '.' : '\0';
			}
		} else
			inet_ntop(AF_INET, a, s, (socklen_t)n);
		break;
	case PKT_F_IPV6:
		inet_ntop(AF_INET6, a, s, (socklen_t)n);
		break;
	default:
		snprintf(s, n, "?");
	}
	return s;
}

const char *
pkt_fmt_addr_show(const struct pkt_field *f, const uint8_t *a, char *s, size_t n)
{
	char t[2][INET_ADDRSTRLEN];
	uint8_t m[4];
	size_t k;
	int i;

	pkt_fmt_addr(f, a, s, n);
	if (f->type != PKT_F_IPV6 || (k = strlen(s)) + 1 >= n)
		return s;
	if (a[0] == 0x20 && a[1] == 0x01 && a[2] == 0 && a[3] == 0) {
		/* Teredo: server, then the client's mapped address and port */
		for (i = 0; i < 4; i++)
			m[i] = (uint8_t)(a[12 + i] ^ 0xff);
		inet_ntop(AF_INET, a + 4, t[0], sizeof(t[0]));
		inet_ntop(AF_INET, m, t[1], sizeof(t[1]));
		snprintf(s + k, n - k, " [Teredo srv: %s cli: %s:%u]", t[0], t[1],
		    (unsigned)(pkt_be16(a + 10) ^ 0xffff));
	} else if (a[0] == 0x20 && a[1] == 0x02) {
		inet_ntop(AF_INET, a + 2, t[0], sizeof(t[0]));
		snprintf(s + k, n - k, " [6to4 GW: %s]", t[0]);
	}
	return s;
}

/* Six hex octets separated by ':' or '-', each one or two digits. */
static int
parse_mac(const char *s, uint8_t *mac)
{
	int i;

	for (i = 0; i < 6; i++) {
		int hi = pkt_hexval(*s), lo;

		if (hi < 0)
			return -1;
		s++;
		if ((lo = pkt_hexval(*s)) >= 0) {
			mac[i] = (uint8_t)(hi << 4 | lo);
			s++;
		} else
			mac[i] = (uint8_t)hi;
		if (i < 5) {
			if (*s != ':' && *s != '-')
				return -1;
			s++;
		}
	}
	return *s == '\0' ? 0 : -1;
}

int
pkt_parse_addr(const struct pkt_field *f, const char *s, uint8_t *a)
{
	memset(a, 0, 16);
	switch (f->type) {
	case PKT_F_MAC:
		return parse_mac(s, a);
	case PKT_F_IPV4:
		return inet_pton(AF_INET, s, a) == 1 ? 0 : -1;
	case PKT_F_IPV6:
		return inet_pton(AF_INET6, s, a) == 1 ? 0 : -1;
	default:
		return -1;
	}
}

/* A domain name in JSON: printable ASCII as it is, a backslash doubled,
 * every other byte as \xNN, so that any name read from the wire comes
 * back to the same bytes (JSON strings are UTF-8 text, names are bytes). */
size_t
pkt_fmt_name(const uint8_t *b, size_t n, char *out)
{
	static const char hx[] = "0123456789abcdef";
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (b[i] == '\\') {
			out[k++] = '\\';
			out[k++] = '\\';
		} else if (b[i] >= 0x20 && b[i] < 0x7f)
			out[k++] = (char)b[i];
		else {
			out[k++] = '\\';
			out[k++] = 'x';
			out[k++] = hx[b[i] >> 4];
			out[k++] = hx[b[i] & 15];
		}
	}
	out[k] = '\0';
	return k;
}

int
pkt_parse_name(const char *s, size_t n, uint8_t *out, size_t *outlen)
{
	size_t i, k = 0;

	for (i = 0; i < n; i++) {
		if (s[i] != '\\') {
			out[k++] = (uint8_t)s[i];
			continue;
		}
		if (i + 1 < n && s[i + 1] == '\\') {
			out[k++] = '\\';
			i++;
		} else if (i + 3 < n && s[i + 1] == 'x' && pkt_hexval(s[i + 2]) >= 0 &&
		    pkt_hexval(s[i + 3]) >= 0) {
			out[k++] = (uint8_t)(pkt_hexval(s[i + 2]) << 4 |
			    pkt_hexval(s[i + 3]));
			i += 3;
		} else
			return -1;
	}
	*outlen = k;
	return 0;
}
