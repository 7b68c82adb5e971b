/* test_text.c: common/text.c: summary() and show() against Scapy 2.5.
 *
 * The unit expectations are Scapy's own output for the same bytes
 * (IP(raw(...)).summary() / .show(dump=True)), except where
 * tests/golden/DIFFERENCES says why not.  The renderings of every
 * reference pcap are tests/golden/TESTLIST's (tests/golden/run.sh). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "pkt.h"
#include "text.h"
#include "unit.h"

#define NELEM(a)	(sizeof(a) / sizeof((a)[0]))

static size_t
unhex(const char *h, unsigned char *out, size_t max)
{
	size_t n = 0;

	while (h[0] != '\0' && h[1] != '\0' && n < max) {
		unsigned v;

		if (sscanf(h, "%2x", &v) != 1)
			break;
		out[n++] = (unsigned char)v;
		h += 2;
	}
	return n;
}

static char *
show_str(const struct pkt_pkt *p)
{
	char *s = NULL;
	size_t n = 0;
	FILE *fp = open_memstream(&s, &n);

	if (fp == NULL)
		return NULL;
	if (pkt_text_show(fp, p) != 0) {
		fclose(fp);
		free(s);
		return NULL;
	}
	fclose(fp);
	return s;
}

/* First line where two texts differ, for the failure message. */
static void
first_diff(const char *a, const char *b)
{
	int line = 1;

	while (*a != '\0' && *a == *b) {
		if (*a == '\n')
			line++;
		a++;
		b++;
	}
	while (*a != '\0' && *a != '\n' && a[-1] != '\n')
		a--;
	while (*b != '\0' && *b != '\n' && b[-1] != '\n')
		b--;
	printf("  line %d:\n  got:  %.*s\n  want: %.*s\n", line,
	    (int)strcspn(a, "\n"), a, (int)strcspn(b, "\n"), b);
}

/* ---- unit cases: bytes (DLT_RAW) -> summary, show ---------------------- */

static const struct {
	const char *hex, *summary, *show;
} cases[] = {
	/* IP()/TCP() */
	{ "450000280001000040067ccd7f0000017f00000100140050000000000000000050022000917c0000",
	  "IP / TCP 127.0.0.1:ftp_data > 127.0.0.1:http S",
	  "###[ IP ]### \n"
	  "  version   = 4\n"
	  "  ihl       = 5\n"
	  "  tos       = 0x0\n"
	  "  len       = 40\n"
	  "  id        = 1\n"
	  "  flags     = \n"
	  "  frag      = 0\n"
	  "  ttl       = 64\n"
	  "  proto     = tcp\n"
	  "  chksum    = 0x7ccd\n"
	  "  src       = 127.0.0.1\n"
	  "  dst       = 127.0.0.1\n"
	  "  \\options   \\\n"
	  "###[ TCP ]### \n"
	  "     sport     = ftp_data\n"
	  "     dport     = http\n"
	  "     seq       = 0\n"
	  "     ack       = 0\n"
	  "     dataofs   = 5\n"
	  "     reserved  = 0\n"
	  "     flags     = S\n"
	  "     window    = 8192\n"
	  "     chksum    = 0x917c\n"
	  "     urgptr    = 0\n"
	  "     options   = ''\n" },
	/* TCP options of every shape, EOL at the end, and a payload. */
	{ "4500004900010000400666ac0a0000010a000002001400500000000000000000d0022000f7120000020405b401050a00000001000000020506000000071e0461620303030000000078",
	  "IP / TCP 10.0.0.1:ftp_data > 10.0.0.2:http S / Raw",
	  "###[ IP ]### \n"
	  "  version   = 4\n"
	  "  ihl       = 5\n"
	  "  tos       = 0x0\n"
	  "  len       = 73\n"
	  "  id        = 1\n"
	  "  flags     = \n"
	  "  frag      = 0\n"
	  "  ttl       = 64\n"
	  "  proto     = tcp\n"
	  "  chksum    = 0x66ac\n"
	  "  src       = 10.0.0.1\n"
	  "  dst       = 10.0.0.2\n"
	  "  \\options   \\\n"
	  "###[ TCP ]### \n"
	  "     sport     = ftp_data\n"
	  "     dport     = http\n"
	  "     seq       = 0\n"
	  "     ack       = 0\n"
	  "     dataofs   = 13\n"
	  "     reserved  = 0\n"
	  "     flags     = S\n"
	  "     window    = 8192\n"
	  "     chksum    = 0xf712\n"
	  "     urgptr    = 0\n"
	  "     options   = [('MSS', 1460), ('NOP', None), ('SAck', (1, 2)), ('SAck', 7), (30, b'ab'), ('WScale', 3), ('EOL', None)]\n"
	  "###[ Raw ]### \n"
	  "        load      = 'x'\n" },
	/* IP options (RR, Router Alert, unknown, NOP, EOL padding) and a
	 * payload with quotes, backslash, invalid and valid UTF-8,
	 * controls, and U+00A0 (not printable for Python). */
	{ "4a000042000100004011fb997f0000017f00000107070401020304940400000d046162010000000004d2162e001a459661276222635c80c3a9e282ac00090a7fc2a0",
	  "IP / UDP 127.0.0.1:1234 > 127.0.0.1:5678 / Raw",
	  "###[ IP ]### \n"
	  "  version   = 4\n"
	  "  ihl       = 10\n"
	  "  tos       = 0x0\n"
	  "  len       = 66\n"
	  "  id        = 1\n"
	  "  flags     = \n"
	  "  frag      = 0\n"
	  "  ttl       = 64\n"
	  "  proto     = udp\n"
	  "  chksum    = 0xfb99\n"
	  "  src       = 127.0.0.1\n"
	  "  dst       = 127.0.0.1\n"
	  "  \\options   \\\n"
	  "   |###[ IP Option Record Route ]### \n"
	  "   |  copy_flag = 0\n"
	  "   |  optclass  = control\n"
	  "   |  option    = record_route\n"
	  "   |  length    = 7\n"
	  "   |  pointer   = 4\n"
	  "   |  routers   = [1.2.3.4]\n"
	  "   |###[ IP Option Router Alert ]### \n"
	  "   |  copy_flag = 1\n"
	  "   |  optclass  = control\n"
	  "   |  option    = router_alert\n"
	  "   |  length    = 4\n"
	  "   |  alert     = router_shall_examine_packet\n"
	  "   |###[ IP Option ]### \n"
	  "   |  copy_flag = 0\n"
	  "   |  optclass  = control\n"
	  "   |  option    = flow_control\n"
	  "   |  length    = 4\n"
	  "   |  value     = 'ab'\n"
	  "   |###[ IP Option No Operation ]### \n"
	  "   |  copy_flag = 0\n"
	  "   |  optclass  = control\n"
	  "   |  option    = nop\n"
	  "   |###[ IP Option End of Options List ]### \n"
	  "   |  copy_flag = 0\n"
	  "   |  optclass  = control\n"
	  "   |  option    = end_of_list\n"
	  "   |###[ IP Option End of Options List ]### \n"
	  "   |  copy_flag = 0\n"
	  "   |  optclass  = control\n"
	  "   |  option    = end_of_list\n"
	  "   |###[ IP Option End of Options List ]### \n"
	  "   |  copy_flag = 0\n"
	  "   |  optclass  = control\n"
	  "   |  option    = end_of_list\n"
	  "   |###[ IP Option End of Options List ]### \n"
	  "   |  copy_flag = 0\n"
	  "   |  optclass  = control\n"
	  "   |  option    = end_of_list\n"
	  "###[ UDP ]### \n"
	  "     sport     = 1234\n"
	  "     dport     = 5678\n"
	  "     len       = 26\n"
	  "     chksum    = 0x4596\n"
	  "###[ Raw ]### \n"
	  "        load      = 'a\\'b\"c\\\\\\\\x80\xc3\xa9\xe2\x82\xac\\x00\\t\\n\\x7f\\xa0'\n" },
	/* Python's quote choice. */
	{ "450000200001000040117cca7f0000017f00000104d2162e000c55ec69742773",
	  "IP / UDP 127.0.0.1:1234 > 127.0.0.1:5678 / Raw",
	  NULL },
	/* ICMP error quoting 8 bytes of TCP: Scapy shows the missing fields
	 * with their defaults; we stop and mark the cut. */
	{ "45000038000100004001aec10a000001c00002020b0057040000000045000028000100000106cd92c0000202c63364079c4001bb00000000",
	  "IP / ICMP 10.0.0.1 > 192.0.2.2 time-exceeded ttl-zero-during-transit / IPerror / TCPerror",
	  "###[ IP ]### \n"
	  "  version   = 4\n"
	  "  ihl       = 5\n"
	  "  tos       = 0x0\n"
	  "  len       = 56\n"
	  "  id        = 1\n"
	  "  flags     = \n"
	  "  frag      = 0\n"
	  "  ttl       = 64\n"
	  "  proto     = icmp\n"
	  "  chksum    = 0xaec1\n"
	  "  src       = 10.0.0.1\n"
	  "  dst       = 192.0.2.2\n"
	  "  \\options   \\\n"
	  "###[ ICMP ]### \n"
	  "     type      = time-exceeded\n"
	  "     code      = ttl-zero-during-transit\n"
	  "     chksum    = 0x5704\n"
	  "     reserved  = 0\n"
	  "     length    = 0\n"
	  "     unused    = 0\n"
	  "###[ IP in ICMP ]### \n"
	  "        version   = 4\n"
	  "        ihl       = 5\n"
	  "        tos       = 0x0\n"
	  "        len       = 40\n"
	  "        id        = 1\n"
	  "        flags     = \n"
	  "        frag      = 0\n"
	  "        ttl       = 1\n"
	  "        proto     = tcp\n"
	  "        chksum    = 0xcd92\n"
	  "        src       = 192.0.2.2\n"
	  "        dst       = 198.51.100.7\n"
	  "        \\options   \\\n"
	  "###[ TCP in ICMP ]### \n"
	  "           sport     = 40000\n"
	  "           dport     = https\n"
	  "           seq       = 0\n"
	  "           [|tcp]\n" },
	/* IPv6()/IPv6ExtHdrRouting(addresses=[...]): Scapy's IP6ListField
	 * repr, "[ a, b ]" */
	{ "6000000000282b4000000000000000000000000000000001000000000000000000000000000000023b040002000000000000000000000000000000000000000520010db8000000000000000000000001",
	  "::1 > ::2 (43) / IPv6ExtHdrRouting",
	  "###[ IPv6 ]### \n"
	  "  version   = 6\n"
	  "  tc        = 0\n"
	  "  fl        = 0\n"
	  "  plen      = 40\n"
	  "  nh        = Routing Header\n"
	  "  hlim      = 64\n"
	  "  src       = ::1\n"
	  "  dst       = ::2\n"
	  "###[ IPv6 Option Header Routing ]### \n"
	  "     nh        = No Next Header\n"
	  "     len       = 4\n"
	  "     type      = 0\n"
	  "     segleft   = 2\n"
	  "     reserved  = 0\n"
	  "     addresses = [ ::5, 2001:db8::1 ]\n" },
};

static void
test_cases(void)
{
	size_t i;

	for (i = 0; i < NELEM(cases); i++) {
		unsigned char buf[2048];
		size_t n = unhex(cases[i].hex, buf, sizeof(buf));
		struct pkt_pkt *p = pkt_new();
		char err[256] = "", sum[1024];
		char *show;

		CHECK(pkt_dissect(p, 12, buf, n, (uint32_t)n, err) == 0,
		    "case %zu: dissect: %s", i, err);
		pkt_text_summary(p, sum, sizeof(sum));
		CHECK(strcmp(sum, cases[i].summary) == 0,
		    "case %zu: summary\n  got:  %s\n  want: %s", i, sum,
		    cases[i].summary);
		show = show_str(p);
		CHECK(show != NULL, "case %zu: show failed", i);
		if (show != NULL && cases[i].show != NULL) {
			bool same = strcmp(show, cases[i].show) == 0;

			CHECK(same, "case %zu: show differs", i);
			if (!same)
				first_diff(show, cases[i].show);
		}
		if (show != NULL && i == 3)
			CHECK(strstr(show, "load      = \"it's\"\n") != NULL,
			    "case 3: quote choice:\n%s", show);
		free(show);
		pkt_free(p);
	}
}

/* A summary cut to the buffer; a zero-size buffer untouched. */
static void
test_small_buffer(void)
{
	unsigned char buf[64];
	size_t n = unhex(cases[0].hex, buf, sizeof(buf));
	struct pkt_pkt *p = pkt_new();
	char s[8] = "xxxxxxx", z[1] = { 'z' };

	pkt_dissect(p, 12, buf, n, (uint32_t)n, NULL);
	pkt_text_summary(p, s, sizeof(s));
	CHECK(strcmp(s, "IP / TC") == 0, "cut summary: %s", s);
	pkt_text_summary(p, z, 0);
	CHECK(z[0] == 'z', "n == 0 wrote");
	pkt_free(p);
}

/* Scapy's "needed" rule, with made-up layers: the inner layer's summary
 * wins, unless it names an outer class whose summary is wanted too. */
static bool
sum_a(const struct pkt_pkt *p, size_t i, char *s, size_t n)
{
	(void)p;
	(void)i;
	snprintf(s, n, "A-sum");
	return true;
}

static bool
sum_b(const struct pkt_pkt *p, size_t i, char *s, size_t n)
{
	(void)p;
	(void)i;
	snprintf(s, n, "B-sum");
	return true;
}

static bool
sum_none(const struct pkt_pkt *p, size_t i, char *s, size_t n)
{
	(void)p;
	(void)i;
	(void)s;
	(void)n;
	return false;
}

static const struct pkt_field fake_f[] = {
	{ .name = "x", .type = PKT_F_UINT, .bits = 8 },
};
static const struct pkt_layer fake_a = { .name = "A", .title = "A",
    .f = fake_f, .nf = 1, .dlt = -1, .summary = sum_a };
static const struct pkt_layer *const need_a[] = { &fake_a, NULL };
static const struct pkt_layer fake_b = { .name = "B", .title = "B",
    .f = fake_f, .nf = 1, .dlt = -1, .summary = sum_b };
static const struct pkt_layer fake_bn = { .name = "B", .title = "B",
    .f = fake_f, .nf = 1, .dlt = -1, .summary = sum_b, .sum_needed = need_a };
static const struct pkt_layer fake_c = { .name = "C", .title = "C",
    .f = fake_f, .nf = 1, .dlt = -1, .summary = sum_none };
static const struct pkt_layer fake_d = { .name = "D", .title = "The D",
    .f = fake_f, .nf = 1, .dlt = -1 };

static void
test_needed(void)
{
	static const struct {
		const struct pkt_layer *l[4];
		const char *want;
	} t[] = {
		{ { &fake_a, &fake_b, &fake_c, NULL }, "A / B-sum / C" },
		{ { &fake_a, &fake_bn, &fake_c, NULL }, "A-sum / B-sum / C" },
		{ { &fake_bn, &fake_a, NULL, NULL }, "B / A-sum" },
		{ { &fake_a, &fake_c, &fake_d, NULL }, "A-sum / C / D" },
		{ { &fake_d, NULL, NULL, NULL }, "D" },
		{ { NULL, NULL, NULL, NULL }, "" },
	};
	size_t i, j;

	for (i = 0; i < NELEM(t); i++) {
		struct pkt_pkt *p = pkt_new();
		char s[256];

		for (j = 0; j < 4 && t[i].l[j] != NULL; j++)
			pkt_push(p, t[i].l[j]);
		pkt_text_summary(p, s, sizeof(s));
		CHECK(strcmp(s, t[i].want) == 0, "needed %zu: got \"%s\" want \"%s\"",
		    i, s, t[i].want);
		pkt_free(p);
	}
}

/* A field left unset shows None; the title comes from the layer. */
static void
test_unset(void)
{
	struct pkt_pkt *p = pkt_new();
	char *s;

	pkt_push(p, &fake_d);
	s = show_str(p);
	CHECK(s != NULL && strcmp(s, "###[ The D ]### \n  x         = None\n") == 0,
	    "unset: %s", s != NULL ? s : "(null)");
	free(s);
	pkt_free(p);
}

int
main(void)
{
	test_cases();
	test_small_buffer();
	test_needed();
	test_unset();
	if (failures > 0) {
		printf("%d of %d checks failed\n", failures, checks);
		return 1;
	}
	printf("ok %d checks\n", checks);
	return 0;
}
