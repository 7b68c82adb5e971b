/* jsonref.c: the reference JSON writer: packets as jansson objects,
 * written the plain way, field by field (SPEC section 4).  The tools
 * write with jsonw.c, straight into a buffer; test_jsonw checks that it
 * writes exactly json_dumps() of these objects, and test_io reads them
 * back. */
#include "jsonref.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "io.h"
#include "pkt.h"
#include "util.h"

/* A JSON string of n bytes; bytes that are not UTF-8 become U+FFFD. */
static json_t *
jstr(const char *s, size_t n)
{
	json_t *j;
	char *t;
	size_t i, k = 0;

	if (s == NULL)
		return json_string("");
	if ((j = json_stringn(s, n)) != NULL)
		return j;
	t = pkt_xmalloc(n * 3 + 1);
	for (i = 0; i < n;) {
		size_t m;

		for (m = 4; m > 0; m--)	/* the longest valid sequence here */
			if (i + m <= n && (j = json_stringn(s + i, m)) != NULL) {
				json_decref(j);
				break;
			}
		if (m == 0) {
			memcpy(t + k, "\xef\xbf\xbd", 3);
			k += 3;
			i++;
		} else {
			memcpy(t + k, s + i, m);
			k += m;
			i += m;
		}
	}
	j = json_stringn(t, k);
	free(t);
	return j != NULL ? j : json_string("");
}

static json_t *
jhex(const uint8_t *b, size_t n)
{
	char *t = pkt_xmalloc(2 * n + 1);
	json_t *j;

	pkt_hex_encode(b, n, t);
	j = json_stringn_nocheck(t, 2 * n);
	free(t);
	return j;
}

static json_t *
juint(uint64_t u)
{
	char t[24];

	if (u <= (uint64_t)INT64_MAX)
		return json_integer((json_int_t)u);
	snprintf(t, sizeof(t), "%llu", (unsigned long long)u);	/* beyond JSON ints */
	return json_string(t);
}

static json_t *
jopt(const struct pkt_field *f, const struct pkt_opt *o)
{
	const struct pkt_optkind *k = NULL;
	json_t *pair = json_array(), *val = NULL;
	size_t i;

	if (o->kind < 0)
		json_array_append_new(pair, json_string("raw"));
	else {
		k = pkt_optkind(f->opts, o->kind);
		if (k != NULL)
			json_array_append_new(pair, json_string(k->name));
		else
			json_array_append_new(pair, json_integer(o->kind));
	}
	if (o->kind >= 0 && k != NULL) {
		switch (k->fmt) {
		case PKT_O_NONE:
		case PKT_O_EMPTY:
			if (o->len == 0)
				val = json_null();
			break;
		case PKT_O_U8:
		case PKT_O_U16:
		case PKT_O_U32:
			if (o->len == (k->fmt == PKT_O_U8 ? 1u : k->fmt == PKT_O_U16 ?
			    2u : 4u))
				val = juint(pkt_be(o->data, o->len));
			break;
		case PKT_O_U32X2:
		case PKT_O_U32LIST:
			if ((k->fmt == PKT_O_U32X2 ? o->len == 8 :
			    o->len % 4 == 0 && o->len <= 36)) {
				val = json_array();
				for (i = 0; i + 4 <= o->len; i += 4)
					json_array_append_new(val,
					    juint(pkt_be(o->data + i, 4)));
			}
			break;
		case PKT_O_HEX:
			break;
		}
	}
	if (val == NULL)	/* any other shape: the bytes, as hex */
		val = jhex(o->data, o->len);
	json_array_append_new(pair, val);
	return pair;
}

static json_t *
jfield(const struct pkt_li *li, size_t fi)
{
	const struct pkt_field *f = &li->l->f[fi];
	const struct pkt_val *v = &li->v[fi];
	char buf[512];
	uint64_t back;
	json_t *a;
	size_t i;

	switch (f->type) {
	case PKT_F_UINT:
		return juint(v->u);
	case PKT_F_FLAGS:
		pkt_fmt_flags(buf, sizeof(buf), f, v->u);
		if (pkt_parse_flags(f, buf, &back) < 0 || back != v->u)
			return juint(v->u);
		return json_string(buf);
	case PKT_F_MAC:
	case PKT_F_IPV4:
	case PKT_F_IPV6:
		return json_string(pkt_fmt_addr(f, v->a, buf, sizeof(buf)));
	case PKT_F_BYTES:
		return jhex(v->b, v->blen);
	case PKT_F_NAME: {
		char *t = pkt_xmalloc(4 * v->blen + 1);
		json_t *s = jstr(t, pkt_fmt_name(v->b, v->blen, t));

		free(t);
		return s;
	}
	case PKT_F_OPTS:
		a = json_array();
		for (i = 0; i < v->nopts; i++)
			json_array_append_new(a, jopt(f, &v->opts[i]));
		return a;
	case PKT_F_PKTS:
		a = json_array();
		for (i = 0; i < v->nitems; i++)
			json_array_append_new(a, ref_json_layer(&v->items[i]));
		return a;
	}
	return json_null();
}

json_t *
ref_json_layer(const struct pkt_li *li)
{
	json_t *o = json_object();
	size_t fi;

	json_object_set_new(o, "layer", json_string(pkt_layer_name(li)));
	for (fi = 0; fi < li->l->nf; fi++) {
		const struct pkt_val *v = &li->v[fi];
		const char *name = li->l->f[fi].name;

		if (!v->set && v->nitems == 0)
			continue;
		if (!pkt_li_present(li, fi))
			continue;
		if (json_object_get(o, name) != NULL)	/* same name twice */
			continue;
		json_object_set_new(o, name, jfield(li, fi));
		if (li->l->f[fi].type == PKT_F_NAME && (v->u >> 32 & 1)) {
			/* compressed on the wire: "<name>_ptr": [labels, offset] */
			char key[128];

			snprintf(key, sizeof(key), "%s_ptr", name);
			json_object_set_new(o, key, json_pack("[I,I]",
			    (json_int_t)PKT_NAMEPTR_LABELS(v->u),
			    (json_int_t)PKT_NAMEPTR_OFF(v->u)));
		}
	}
	if (li->trunc)
		json_object_set_new(o, "truncated", json_true());
	return o;
}

json_t *
ref_json_pkt(const struct pkt_pkt *p)
{
	json_t *o = json_object(), *layers = json_array();
	const char *lt;
	size_t i;

	json_object_set_new(o, "time", json_real(p->time));
	if (p->iface != NULL)
		json_object_set_new(o, "iface", jstr(p->iface, strlen(p->iface)));
	if (p->dlt >= 0) {
		if ((lt = pkt_linktype_name(p->dlt)) != NULL)
			json_object_set_new(o, "linktype", json_string(lt));
		else
			json_object_set_new(o, "linktype", json_integer(p->dlt));
	}
	json_object_set_new(o, "len", json_integer(p->wirelen));
	json_object_set_new(o, "caplen", json_integer((json_int_t)p->rawlen));
	for (i = 0; i < p->n; i++)
		json_array_append_new(layers, ref_json_layer(&p->li[i]));
	json_object_set_new(o, "layers", layers);
	json_object_set_new(o, "hex", jhex(p->raw, p->raw ? p->rawlen : 0));
	return o;
}
