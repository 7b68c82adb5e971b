/* ipopt.c: show() of IPv4 options as Scapy 2.5 renders them: IP's
 * options field is a PacketListField of IPOption classes (inet.py), each
 * option a block of its own with its class's fields.  The hook of IP's
 * option table (ip.c). */
#include "../layer.h"
#include "ip.h"

#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "../text.h"
#include "util.h"

static void
put_ipv4(struct pkt_sb *b, const uint8_t *a)
{
	char s[INET_ADDRSTRLEN];

	inet_ntop(AF_INET, a, s, sizeof(s));
	pkt_sb_puts(b, s);
}

/* ---- IP options: Scapy's PacketListField of IPOption classes ---- */

static const struct pkt_name ipopt_names[] = {
	{ 0, "end_of_list" }, { 1, "nop" }, { 2, "security" },
	{ 3, "loose_source_route" }, { 4, "timestamp" },
	{ 5, "extended_security" }, { 6, "commercial_security" },
	{ 7, "record_route" }, { 8, "stream_id" }, { 9, "strict_source_route" },
	{ 10, "experimental_measurement" }, { 11, "mtu_probe" },
	{ 12, "mtu_reply" }, { 13, "flow_control" }, { 14, "access_control" },
	{ 15, "encode" }, { 16, "imi_traffic_descriptor" },
	{ 17, "extended_IP" }, { 18, "traceroute" },
	{ 19, "address_extension" }, { 20, "router_alert" },
	{ 21, "selective_directed_broadcast_mode" },
	{ 23, "dynamic_packet_state" }, { 24, "upstream_multicast_packet" },
	{ 25, "quick_start" }, { 30, "rfc4727_experiment" }, { 0, NULL },
};

/* Field kinds after the 1-byte header:
 *   L length byte (recorded)   B byte   H short   A short, alert enum
 *   I int   4 IPv4   V value (length - 2 bytes)   R IPv4 list (length - 3)
 *   S IPv4 list (length - 2)   3 3-byte string   N oflw/flg nibbles
 *   C IPv4 when flg != 0 */
struct ipopt_cls {
	int		 opt;
	const char	*title;
	const char	*kinds;
	const char	*names[8];
	const char	*defs[8];
};

static const struct ipopt_cls ipopt_cls[] = {
	{ 0, "IP Option End of Options List", "", { NULL }, { NULL } },
	{ 1, "IP Option No Operation", "", { NULL }, { NULL } },
	{ 2, "IP Option Security", "LHHH3",
	    { "length", "security", "compartment", "handling_restrictions",
	      "transmission_control_code" },
	    { "11", "0", "0", "0", "'xxx'" } },
	{ 3, "IP Option Loose Source and Record Route", "LBR",
	    { "length", "pointer", "routers" }, { "None", "4", "[]" } },
	{ 4, "IP Option Timestamp", "LBNCI",
	    { "length", "pointer", "oflw", "internet_address", "timestamp" },
	    { "None", "9", "0", "0.0.0.0", "0" } },
	{ 7, "IP Option Record Route", "LBR",
	    { "length", "pointer", "routers" }, { "None", "4", "[]" } },
	{ 8, "IP Option Stream ID", "LH", { "length", "security" },
	    { "4", "0" } },
	{ 9, "IP Option Strict Source and Record Route", "LBR",
	    { "length", "pointer", "routers" }, { "None", "4", "[]" } },
	{ 11, "IP Option MTU Probe", "LH", { "length", "mtu" }, { "4", "0" } },
	{ 12, "IP Option MTU Reply", "LH", { "length", "mtu" }, { "4", "0" } },
	{ 18, "IP Option Traceroute", "LHHH4",
	    { "length", "id", "outbound_hops", "return_hops", "originator_ip" },
	    { "12", "0", "0", "0", "0.0.0.0" } },
	{ 19, "IP Option Address Extension", "L44",
	    { "length", "src_ext", "dst_ext" }, { "10", "0.0.0.0", "0.0.0.0" } },
	{ 20, "IP Option Router Alert", "LA", { "length", "alert" },
	    { "4", "router_shall_examine_packet" } },
	{ 21, "IP Option Selective Directed Broadcast Mode", "LS",
	    { "length", "addresses" }, { "None", "[]" } },
};
static const struct ipopt_cls ipopt_generic = {
	-1, "IP Option", "LV", { "length", "value" }, { "None", "''" },
};

/* Python's s[:k] for a length that may be negative. */
static size_t
py_slice(size_t avail, long k)
{
	if (k >= 0)
		return (size_t)k < avail ? (size_t)k : avail;
	if ((size_t)-k >= avail)
		return 0;
	return avail - (size_t)-k;
}

/* Does the option at x (n bytes left) dissect without an exception in
 * Scapy?  Returns the bytes it takes, or 0 when Scapy would give up and
 * keep the rest as Raw. */
static size_t
ipopt_take(const struct ipopt_cls *c, const uint8_t *x, size_t n)
{
	size_t i = 1, kn = strlen(c->kinds), k;
	long length = -1;

	for (k = 0; k < kn && i < n; k++) {
		size_t need = 0, m;

		switch (c->kinds[k]) {
		case 'L': case 'B': case 'N': need = 1; break;
		case 'H': case 'A': need = 2; break;
		case 'I': case '4': need = 4; break;
		case '3': need = 3; break;
		case 'C': need = (x[i - 1] & 0x0f) != 0 ? 4 : 0; break;
		case 'V': case 'R': case 'S':
			m = py_slice(n - i, length - (c->kinds[k] == 'R' ? 3 : 2));
			if (c->kinds[k] != 'V' && m % 4 != 0)
				return 0;
			i += m;
			continue;
		}
		if (n - i < need)
			return 0;
		if (c->kinds[k] == 'L')
			length = x[i];
		i += need;
	}
	return i;
}

static void
ipopt_show(struct pkt_sb *b, const char *label, const uint8_t *x, size_t n,
    size_t *took)
{
	const struct ipopt_cls *c = &ipopt_generic;
	size_t i, k, kn, take;
	long length = -1;
	int flg = 1;
	const char *w;

	for (i = 0; i < sizeof(ipopt_cls) / sizeof(ipopt_cls[0]); i++)
		if (ipopt_cls[i].opt == (x[0] & 0x1f))
			c = &ipopt_cls[i];
	if ((take = ipopt_take(c, x, n)) == 0) {
		pkt_sb_block_head(b, label, "Raw");
		pkt_sb_field_head(b, label, 0, "load");
		pkt_sb_repr_str(b, x, n);
		pkt_sb_putc(b, '\n');
		*took = n;
		return;
	}
	pkt_sb_block_head(b, label, c->title);
	pkt_sb_field_head(b, label, 0, "copy_flag");
	pkt_sb_printf(b, "%u\n", x[0] >> 7);
	pkt_sb_field_head(b, label, 0, "optclass");
	k = (size_t)(x[0] >> 5 & 3);
	if (k == 0 || k == 2)
		pkt_sb_puts(b, k == 0 ? "control\n" : "debug\n");
	else
		pkt_sb_printf(b, "%u\n", (unsigned)k);
	pkt_sb_field_head(b, label, 0, "option");
	w = pkt_name_get(ipopt_names, x[0] & 0x1f);
	if (w != NULL)
		pkt_sb_printf(b, "%s\n", w);
	else
		pkt_sb_printf(b, "%u\n", x[0] & 0x1f);
	kn = strlen(c->kinds);
	i = 1;
	for (k = 0; k < kn; k++) {
		size_t m, j;
		const char *name = c->names[k];
		char kind = c->kinds[k];

		if (kind == 'N') {
			/* two 4-bit fields: oflw, flg */
			pkt_sb_field_head(b, label, 0, "oflw");
			if (i < take)
				pkt_sb_printf(b, "%u\n", x[i] >> 4);
			else
				pkt_sb_puts(b, "0\n");
			flg = i < take ? x[i] & 0x0f : 1;
			pkt_sb_field_head(b, label, 0, "flg");
			if (flg == 0)
				pkt_sb_puts(b, "timestamp_only\n");
			else if (flg == 1)
				pkt_sb_puts(b, "timestamp_and_ip_addr\n");
			else if (flg == 3)
				pkt_sb_puts(b, "prespecified_ip_addr\n");
			else
				pkt_sb_printf(b, "%d\n", flg);
			if (i < take)
				i++;
			continue;
		}
		if (kind == 'C' && flg == 0)
			continue;
		pkt_sb_field_head(b, label, 0, name);
		if (i >= take) {	/* Scapy: no bytes left, the default */
			pkt_sb_printf(b, "%s\n", c->defs[k]);
			continue;
		}
		switch (kind) {
		case 'L':
			length = x[i];
			/* FALLTHROUGH */
		case 'B':
			pkt_sb_printf(b, "%u\n", x[i]);
			i++;
			break;
		case 'H':
			pkt_sb_printf(b, "%u\n", (unsigned)pkt_be16(x + i));
			i += 2;
			break;
		case 'A':
			if (pkt_be16(x + i) == 0)
				pkt_sb_puts(b, "router_shall_examine_packet\n");
			else
				pkt_sb_printf(b, "%u\n", (unsigned)pkt_be16(x + i));
			i += 2;
			break;
		case 'I':
			pkt_sb_printf(b, "%u\n", (unsigned)pkt_be32(x + i));
			i += 4;
			break;
		case '4':
		case 'C':
			put_ipv4(b, x + i);
			pkt_sb_putc(b, '\n');
			i += 4;
			break;
		case '3': {
			size_t l = 3;

			while (l > 0 && x[i + l - 1] == 0)
				l--;
			pkt_sb_repr_str(b, x + i, l);
			pkt_sb_putc(b, '\n');
			i += 3;
			break;
		}
		case 'V':
			m = py_slice(take - i, length - 2);
			pkt_sb_repr_str(b, x + i, m);
			pkt_sb_putc(b, '\n');
			i += m;
			break;
		case 'R':
		case 'S':
			m = py_slice(take - i, length - (kind == 'R' ? 3 : 2));
			pkt_sb_putc(b, '[');
			for (j = 0; j < m; j += 4) {
				if (j)
					pkt_sb_puts(b, ", ");
				put_ipv4(b, x + i + j);
			}
			pkt_sb_puts(b, "]\n");
			i += m;
			break;
		}
	}
	*took = take;
}

void
pkt_ip_opts_show(struct pkt_sb *b, const char *label, size_t lvl,
    const struct pkt_field *f, const struct pkt_val *v)
{
	size_t n, i = 0;
	uint8_t *x = pkt_opts_bytes(f, v, &n);
	char *sl = pkt_sb_sub_label(label, lvl);

	pkt_sb_list_head(b, label, lvl, f->name);
	while (i < n) {
		size_t took = 0;

		ipopt_show(b, sl, x + i, n - i, &took);
		i += took > 0 ? took : n - i;
	}
	free(sl);
	free(x);
}
