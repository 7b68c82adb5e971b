/* ls.c: Scapy's ls() from the shell (--list-layers, --list-fields
 * LAYER): layers with their descriptions, fields with their types and
 * defaults, read from the layer tables. */
#include "ls.h"

#include <stdlib.h>
#include <string.h>

#include "err.h"
#include "pkt.h"
#include "util.h"
#include "value.h"

struct entry {
	const char	*name, *title;
};

static int
entcmp(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

int
pkt_ls_layers(FILE *fp)
{
	struct entry *e;
	size_t i, n = 0;

	for (i = 0; pkt_layers[i] != NULL; i++)
		n += pkt_layers[i]->qname != NULL ? 2 : 1;
	e = pkt_xcalloc(n ? n : 1, sizeof(*e));
	for (i = n = 0; pkt_layers[i] != NULL; i++) {
		const struct pkt_layer *l = pkt_layers[i];

		e[n].name = l->name;
		e[n++].title = l->title;
		if (l->qname != NULL) {
			e[n].name = l->qname;
			e[n++].title = l->qtitle != NULL ? l->qtitle : l->title;
		}
	}
	qsort(e, n, sizeof(*e), entcmp);
	for (i = 0; i < n; i++)
		fprintf(fp, "%-10s : %s\n", e[i].name, e[i].title);
	free(e);
	return ferror(fp) ? -1 : 0;
}

/* The Scapy field class that holds such a field: "ShortEnumField". */
static void
type_name(const struct pkt_field *f, unsigned bitpos, char *s, size_t n)
{
	static const struct { unsigned bits; const char *name; } ints[] = {
		{ 8, "Byte" }, { 16, "Short" }, { 24, "ThreeBytes" }, { 32, "Int" },
		{ 64, "Long" },
	};
	static const char *const fixed[] = {
		[PKT_F_FLAGS] = "FlagsField", [PKT_F_MAC] = "MACField",
		[PKT_F_IPV4] = "IPField", [PKT_F_IPV6] = "IP6Field",
		[PKT_F_NAME] = "DNSStrField", [PKT_F_OPTS] = "OptionsField",
		[PKT_F_PKTS] = "PacketListField",
	};
	const char *x = f->fl & PKT_FF_HEX ? "X" : "";
	const char *en = f->names != NULL ? "Enum" : "";
	size_t i;

	switch (f->type) {
	case PKT_F_UINT:
		if (f->names_of != NULL) {
			snprintf(s, n, "MultiEnumField");
			return;
		}
		for (i = 0; bitpos == 0 && i < sizeof(ints) / sizeof(ints[0]); i++)
			if (ints[i].bits == f->bits) {
				snprintf(s, n, "%s%s%s%sField", f->fl & PKT_FF_LE ?
				    "LE" : "", x, ints[i].name, en);
				return;
			}
		if (f->names != NULL)
			snprintf(s, n, "%sBitEnumField", x);
		else
			snprintf(s, n, "%sBitField  (%u bit%s)", x, f->bits,
			    f->bits > 1 ? "s" : "");
		return;
	case PKT_F_BYTES:
		snprintf(s, n, "%s", f->fl & PKT_FF_ADDRLIST ? "IP6ListField" :
		    f->bits ? "StrFixedLenField" : f->len != NULL ? "StrLenField" :
		    "StrField");
		return;
	default:
		if ((size_t)f->type < sizeof(fixed) / sizeof(fixed[0]) &&
		    fixed[f->type] != NULL) {
			snprintf(s, n, "%s", fixed[f->type]);
			return;
		}
	}
	snprintf(s, n, "Field");
}

/* The default, in the packet language: a number, flag letters, an
 * address, a "string", None (computed, or from the route). */
static void
default_text(const struct pkt_field *f, char *s, size_t n)
{
	char q[PKT_QUOTEBUF];

	switch (f->type) {
	case PKT_F_UINT:
	case PKT_F_FLAGS:
		if (f->fl & PKT_FF_AUTO)
			snprintf(s, n, "None");
		else if (f->type == PKT_F_FLAGS && f->def != 0)
			pkt_fmt_flags(s, n, f, f->def);
		else
			snprintf(s, n, "%ju", (uintmax_t)f->def);
		return;
	case PKT_F_MAC:
	case PKT_F_IPV4:
	case PKT_F_IPV6:
		snprintf(s, n, "%s", f->defs != NULL ? f->defs : "None");
		return;
	case PKT_F_BYTES:
	case PKT_F_NAME:
		snprintf(s, n, "\"%s\"", pkt_quote(f->defs != NULL ? f->defs :
		    f->type == PKT_F_NAME ? "." : "", q, sizeof(q)));
		return;
	case PKT_F_OPTS:
		snprintf(s, n, "[]");
		return;
	case PKT_F_PKTS:
		if (f->def && f->sub != NULL)
			snprintf(s, n, "[%s()]", f->sub->name);
		else
			snprintf(s, n, "[]");
		return;
	}
	snprintf(s, n, "None");
}

int
pkt_ls_fields(FILE *fp, const char *name, char *errbuf)
{
	const struct pkt_layer *l = pkt_val_findlayer(name, NULL, errbuf);
	unsigned bitpos = 0;
	size_t i, k;

	if (l == NULL)
		return -1;
	for (i = 0; i < l->nf; i = k) {
		const struct pkt_field *f = &l->f[i];
		char list[160], type[200], t[64], def[PKT_QUOTEBUF + 8];
		size_t len, nvar, j;

		/* Same-named variants chosen by another field (ICMP's
		 * "unused", ARP's addresses): one line, as Scapy's
		 * MultipleTypeField. */
		for (k = i + 1; k < l->nf && strcmp(l->f[k].name, f->name) == 0; k++)
			;
		nvar = k - i;
		type_name(f, bitpos, list, sizeof(list));
		for (len = 1, j = i + 1; j < k; j++) {	/* distinct types */
			char *p;
			size_t tl;

			type_name(&l->f[j], bitpos, t, sizeof(t));
			tl = strlen(t);
			for (p = list; (p = strstr(p, t)) != NULL; p += tl)
				if ((p == list || p[-1] == ' ') &&
				    (p[tl] == ',' || p[tl] == '\0'))
					break;
			if (p == NULL && strlen(list) + tl + 2 < sizeof(list)) {
				strcat(list, ", ");
				strcat(list, t);
				len++;
			}
		}
		if (len > 1)	/* Scapy's MultipleTypeField */
			snprintf(type, sizeof(type), "MultipleTypeField (%s)", list);
		else
			snprintf(type, sizeof(type), "%s%s", list,
			    f->cond != NULL && nvar == 1 ? " (Cond)" : "");
		if (f->fl & PKT_FF_VIRTUAL)
			snprintf(type + strlen(type), sizeof(type) - strlen(type),
			    " (virtual)");
		default_text(f, def, sizeof(def));
		fprintf(fp, "%-10s : %-35s = %s\n", f->name, type, def);
		if ((f->type == PKT_F_UINT || f->type == PKT_F_FLAGS) &&
		    !(f->fl & PKT_FF_VIRTUAL))
			bitpos = (bitpos + f->bits) % 8;
		else if (!(f->fl & PKT_FF_VIRTUAL))
			bitpos = 0;
	}
	return ferror(fp) ? -1 : 0;
}
