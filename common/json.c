/* json.c: packets as JSON objects (SPEC section 4) and back.
 *
 * Writing walks the field tables: integers as numbers, flags as Scapy's
 * letters (a number when the text would not parse back), addresses as
 * text, bytes as hex, DNS names as text, options as [name, value] pairs,
 * packet lists as arrays of layer objects.  Reading turns the objects into
 * generic values (value.h) and lets the engine check them, so that what
 * the writer writes is exactly what the reader takes, and a packet rebuilt
 * from "layers" has the bytes of "hex". */
#include "io.h"

#include <errno.h>
#include <math.h>
#include <pcap/pcap.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "err.h"
#include "pkt.h"
#include "util.h"
#include "value.h"

#define JFLAGS	(JSON_COMPACT | JSON_PRESERVE_ORDER | JSON_REAL_PRECISION(16))
#define JDEPTH	32	/* nesting of layers in fields (DNS qd), bounded */

/* ---- link type names ----------------------------------------------------- */

const char *
pkt_linktype_name(int dlt)
{
	if (dlt < 0)
		return NULL;
	return pcap_datalink_val_to_name(dlt);
}

/* A link type number as pcap files write it: LINKTYPE_RAW (101) is
 * DLT_RAW, the others are their DLT. */
static int
linktype_dlt(uint64_t u)
{
	return u == 101 ? DLT_RAW : (int)u;
}

int
pkt_linktype_val(const char *s)
{
	uint64_t u;
	char eb[PKT_ERRBUF];
	int v;

	if (s[0] >= '0' && s[0] <= '9')
		return pkt_parse_uint(s, 0, 0x7fffffff, "linktype", &u, eb) == 0 ?
		    linktype_dlt(u) : -1;
	if ((v = pcap_datalink_name_to_val(s)) >= 0)
		return v;
	if (strncasecmp(s, "DLT_", 4) == 0)
		return pcap_datalink_name_to_val(s + 4);
	return -1;
}

/* ---- writing ------------------------------------------------------------- */

int
pkt_json_write(FILE *fp, json_t *o)
{
	int rc = 0;

	if (o == NULL || json_dumpf(o, fp, JFLAGS) < 0)
		rc = -1;
	if (putc('\n', fp) == EOF || fflush(fp) == EOF || ferror(fp))
		rc = -1;
	if (rc < 0 && errno == 0)
		errno = EIO;
	return rc;
}

/* pkt_json_write_pkt() and pkt_json_write_pair(), the stream writers,
 * are in jsonw.c: the same text, written without a tree per packet. */

/* ---- reading ------------------------------------------------------------- */

static const char *
jkind(const json_t *j)
{
	if (j == NULL)
		return "nothing";
	switch (json_typeof(j)) {
	case JSON_OBJECT:	return "an object";
	case JSON_ARRAY:	return "an array";
	case JSON_STRING:	return "a string";
	case JSON_INTEGER:	return "a number";
	case JSON_REAL:		return "a number";
	case JSON_TRUE:		return "true";
	case JSON_FALSE:	return "false";
	case JSON_NULL:		return "null";
	}
	return "?";
}

static int jlayer_gv(json_t *, struct pkt_gv *, int depth, bool *trunc,
    const char *ctx, char *errbuf);

/* "qname_ptr": the compression pointer of NAME field "qname" (pkt.h,
 * PKT_NAMEPTR): index of the first NAME field so named, else -1. */
static int
name_ptr(const struct pkt_layer *l, const char *key)
{
	size_t n = strlen(key), fi;

	if (n < 5 || strcmp(key + n - 4, "_ptr") != 0)
		return -1;
	for (fi = 0; fi < l->nf; fi++)
		if (l->f[fi].type == PKT_F_NAME &&
		    strncmp(l->f[fi].name, key, n - 4) == 0 &&
		    l->f[fi].name[n - 4] == '\0')
			return (int)fi;
	return -1;
}

/* After pkt_val_layer: the "<name>_ptr" keys of o into li's NAME values,
 * and likewise down the packets fields (DNS qd, an...). */
static int
apply_ptrs(struct pkt_li *li, json_t *o, char *errbuf)
{
	const char *k;
	json_t *v;
	size_t fi, i;

	json_object_foreach(o, k, v) {
		int f = name_ptr(li->l, k);
		json_int_t lab, off;

		if (f < 0 || json_is_null(v))
			continue;
		if (!json_is_array(v) || json_array_size(v) != 2 ||
		    !json_is_integer(json_array_get(v, 0)) ||
		    !json_is_integer(json_array_get(v, 1)) ||
		    (lab = json_integer_value(json_array_get(v, 0))) < 0 ||
		    lab > 0xffff ||
		    (off = json_integer_value(json_array_get(v, 1))) < 0 ||
		    off > 0x3fff)
			return pkt_fail(errbuf, "%s.%s: wants [labels, offset] "
			    "(0..65535, 0..16383) or null", li->l->name, k);
		for (fi = (size_t)f; fi < li->l->nf; fi++)
			if (li->l->f[fi].type == PKT_F_NAME && li->v[fi].set &&
			    strcmp(li->l->f[fi].name, li->l->f[f].name) == 0)
				li->v[fi].u = PKT_NAMEPTR(lab, off);
	}
	for (fi = 0; fi < li->l->nf; fi++) {
		json_t *a = json_object_get(o, li->l->f[fi].name);

		if (li->l->f[fi].type != PKT_F_PKTS || !json_is_array(a))
			continue;
		for (i = 0; i < li->v[fi].nitems && i < json_array_size(a); i++)
			if (json_is_object(json_array_get(a, i)) &&
			    apply_ptrs(&li->v[fi].items[i], json_array_get(a, i),
			    errbuf) < 0)
				return -1;
	}
	return 0;
}

/* A JSON value of field `ctx` ("IP.ttl") to a generic value: an array is a
 * LIST as the field's value, a TUPLE inside an array (option pairs). */
static int
jval_gv(json_t *j, struct pkt_gv *gv, int depth, bool item, const char *ctx,
    char *errbuf)
{
	size_t i;
	double d;

	memset(gv, 0, sizeof(*gv));
	gv->json = true;
	if (depth > JDEPTH)
		return pkt_fail(errbuf, "%s: nested too deep", ctx);
	switch (json_typeof(j)) {
	case JSON_NULL:
		gv->t = PKT_GV_NONE;
		return 0;
	case JSON_TRUE:
	case JSON_FALSE:
		return pkt_fail(errbuf, "%s: %s is not a value (a number or a "
		    "string is wanted)", ctx, jkind(j));
	case JSON_INTEGER:
		if (json_integer_value(j) < 0)
			return pkt_fail(errbuf, "%s: negative number %lld", ctx,
			    (long long)json_integer_value(j));
		gv->t = PKT_GV_NUM;
		gv->num = (uint64_t)json_integer_value(j);
		return 0;
	case JSON_REAL:
		d = json_real_value(j);
		if (d < 0)
			return pkt_fail(errbuf, "%s: negative number %g", ctx, d);
		if (d != floor(d))
			return pkt_fail(errbuf, "%s: %g is not a whole number", ctx, d);
		if (d >= 18446744073709551616.0)
			return pkt_fail(errbuf, "%s: %g is too big", ctx, d);
		gv->t = PKT_GV_NUM;
		gv->num = (uint64_t)d;
		return 0;
	case JSON_STRING:
		gv->t = PKT_GV_STR;
		gv->len = json_string_length(j);
		gv->s = pkt_xmalloc(gv->len + 1);
		memcpy(gv->s, json_string_value(j), gv->len);
		gv->s[gv->len] = '\0';
		return 0;
	case JSON_ARRAY:
		gv->t = item ? PKT_GV_TUPLE : PKT_GV_LIST;
		for (i = 0; i < json_array_size(j); i++) {
			json_t *e = json_array_get(j, i);
			struct pkt_gv *it = pkt_gv_add(gv);
			int rc;

			if (json_is_object(e)) {
				bool tr = false;

				rc = jlayer_gv(e, it, depth + 1, &tr, ctx, errbuf);
				it->trunc = tr;	/* a nested layer cut short */
			} else
				rc = jval_gv(e, it, depth + 1, true, ctx, errbuf);
			if (rc < 0)
				return -1;
		}
		return 0;
	case JSON_OBJECT:
		return pkt_fail(errbuf, "%s: wants a value, not an object", ctx);
	}
	return pkt_fail(errbuf, "%s: unknown JSON type", ctx);
}

/* {"layer": "IP", "ttl": 64, ...} to a LAYER generic value. */
static int
jlayer_gv(json_t *o, struct pkt_gv *gv, int depth, bool *trunc,
    const char *ctx, char *errbuf)
{
	json_t *name = json_object_get(o, "layer"), *v;
	const struct pkt_layer *l;
	const char *k;
	char sub[PKT_ERRBUF];

	memset(gv, 0, sizeof(*gv));
	gv->json = true;
	*trunc = false;
	if (depth > JDEPTH)
		return pkt_fail(errbuf, "%s: nested too deep", ctx);
	if (!json_is_string(name))
		return pkt_fail(errbuf, "%s: a layer object needs a \"layer\" name%s",
		    ctx, name != NULL ? " string" : "");
	if (strlen(json_string_value(name)) != json_string_length(name))
		return pkt_fail(errbuf, "%s: layer name with a NUL byte", ctx);
	gv->t = PKT_GV_LAYER;
	gv->s = pkt_xstrdup(json_string_value(name));
	gv->len = strlen(gv->s);
	l = pkt_layer_find(gv->s, NULL);
	json_object_foreach(o, k, v) {
		struct pkt_gv *it;

		if (strcmp(k, "layer") == 0 || (l != NULL && name_ptr(l, k) >= 0))
			continue;
		if (strcmp(k, "truncated") == 0) {
			if (!json_is_boolean(v) && !json_is_null(v))
				return pkt_fail(errbuf, "%s: \"truncated\" wants true or "
				    "false, not %s", ctx, jkind(v));
			*trunc = json_is_true(v);
			continue;
		}
		snprintf(sub, sizeof(sub), "%s.%s", gv->s, k);
		it = pkt_gv_add(gv);
		gv->keys[gv->n - 1] = pkt_xstrdup(k);
		if (json_is_object(v)) {	/* one layer in a packets field */
			bool tr;

			if (jlayer_gv(v, it, depth + 1, &tr, sub, errbuf) < 0)
				return -1;
		} else if (jval_gv(v, it, depth + 1, false, sub, errbuf) < 0)
			return -1;
	}
	return 0;
}

static int
jlayers(json_t *layers, struct pkt_pkt *p, char *errbuf)
{
	size_t i;
	char ctx[64];

	for (i = 0; i < json_array_size(layers); i++) {
		json_t *o = json_array_get(layers, i);
		struct pkt_gv gv;
		struct pkt_li li, *dst;
		bool trunc;
		int rc;

		snprintf(ctx, sizeof(ctx), "layer %zu", i + 1);
		if (!json_is_object(o))
			return pkt_fail(errbuf, "%s: wants a layer object, not %s",
			    ctx, jkind(o));
		if (p->n >= PKT_MAX_LAYERS)
			return pkt_fail(errbuf, "more than %d layers", PKT_MAX_LAYERS);
		rc = jlayer_gv(o, &gv, 0, &trunc, ctx, errbuf);
		if (rc == 0 && (rc = pkt_val_layer(&li, &gv, errbuf)) == 0 &&
		    (rc = apply_ptrs(&li, o, errbuf)) < 0)
			pkt_li_clear(&li);
		pkt_gv_free(&gv);
		if (rc < 0)
			return -1;
		li.trunc = trunc;
		dst = pkt_push(p, li.l);
		pkt_li_clear(dst);
		*dst = li;
	}
	return 0;
}

static int
jint(json_t *o, const char *key, int64_t max, int64_t *out, char *errbuf)
{
	json_t *j = json_object_get(o, key);
	double d;

	*out = -1;
	if (j == NULL || json_is_null(j))
		return 0;
	if (json_is_integer(j) && json_integer_value(j) >= 0 &&
	    json_integer_value(j) <= max) {
		*out = json_integer_value(j);
		return 0;
	}
	if (json_is_real(j) && (d = json_real_value(j)) >= 0 && d == floor(d) &&
	    d <= (double)max) {
		*out = (int64_t)d;
		return 0;
	}
	return pkt_fail(errbuf, "\"%s\" wants a whole number 0..%lld, not %s", key,
	    (long long)max, json_is_number(j) ? "that" : jkind(j));
}

/* A packet object into a new pkt. */
static int
jpacket(json_t *o, struct pkt_pkt **out, bool *built, struct pkt_rec_lens *lens,
    char *errbuf)
{
	json_t *layers = json_object_get(o, "layers"), *hex = json_object_get(o, "hex");
	json_t *lt = json_object_get(o, "linktype"), *t = json_object_get(o, "time");
	json_t *ifc = json_object_get(o, "iface");
	struct pkt_pkt *p;
	int dlt = -1;
	uint8_t *b;
	size_t n;
	char eb[PKT_ERRBUF];

	*out = NULL;
	*built = false;
	if (layers != NULL && !json_is_null(layers) && !json_is_array(layers))
		return pkt_fail(errbuf, "\"layers\" wants an array, not %s",
		    jkind(layers));
	if (hex != NULL && !json_is_null(hex) && !json_is_string(hex))
		return pkt_fail(errbuf, "\"hex\" wants a string, not %s", jkind(hex));
	if (lt != NULL && json_is_string(lt)) {
		if (strlen(json_string_value(lt)) != json_string_length(lt) ||
		    (dlt = pkt_linktype_val(json_string_value(lt))) < 0) {
			char q[PKT_QUOTEBUF];

			return pkt_fail(errbuf, "unknown linktype \"%s\"",
			    pkt_quote(json_string_value(lt), q, sizeof(q)));
		}
	} else if (lt != NULL && json_is_integer(lt) &&
	    json_integer_value(lt) >= 0 && json_integer_value(lt) <= 0x7fffffff)
		dlt = linktype_dlt((uint64_t)json_integer_value(lt));
	else if (lt != NULL && !json_is_null(lt))
		return pkt_fail(errbuf, "\"linktype\" wants a name or a number, not %s",
		    json_is_integer(lt) ? "that number" : jkind(lt));
	if (t != NULL && !json_is_null(t) && (!json_is_number(t) ||
	    !(json_number_value(t) >= 0) || !isfinite(json_number_value(t))))
		return pkt_fail(errbuf, "\"time\" wants seconds (a number >= 0)");
	if (ifc != NULL && !json_is_null(ifc) && (!json_is_string(ifc) ||
	    strlen(json_string_value(ifc)) != json_string_length(ifc)))
		return pkt_fail(errbuf, "\"iface\" wants an interface name");
	if (jint(o, "len", UINT32_MAX, &lens->len, errbuf) < 0 ||
	    jint(o, "caplen", UINT32_MAX, &lens->caplen, errbuf) < 0)
		return -1;
	if (json_array_size(layers) == 0 && !json_is_string(hex))
		return pkt_fail(errbuf, "a packet needs \"layers\" or \"hex\"");

	p = pkt_new();
	if (json_is_number(t))
		p->time = json_number_value(t);
	if (json_is_string(ifc))
		p->iface = pkt_xstrdup(json_string_value(ifc));
	if (json_array_size(layers) > 0) {	/* "layers" wins */
		if (jlayers(layers, p, errbuf) < 0) {
			pkt_free(p);
			return -1;
		}
		p->dlt = dlt;
		*out = p;
		return 0;
	}
	if (pkt_hex_decode(json_string_value(hex), &b, &n, eb) < 0) {
		pkt_free(p);
		return pkt_fail(errbuf, "\"hex\": %s", eb);
	}
	if (n > PKT_MAX_BUILD) {
		free(b);
		pkt_free(p);
		return pkt_fail(errbuf, "\"hex\": packet longer than %u bytes",
		    PKT_MAX_BUILD);
	}
	if (dlt < 0)	/* no linktype: raw IP by the version nibble, else Ethernet */
		dlt = n > 0 && (b[0] >> 4 == 4 || b[0] >> 4 == 6) ? DLT_RAW :
		    DLT_EN10MB;
	pkt_dissect(p, dlt, b, n, lens->len >= 0 ? (uint32_t)lens->len :
	    (uint32_t)n, eb);
	free(b);
	*built = true;
	*out = p;
	return 0;
}

static int
prefixed(char *errbuf, const char *pre)
{
	char t[PKT_ERRBUF];

	snprintf(t, sizeof(t), "%s", errbuf);
	return pkt_fail(errbuf, "%s%s", pre, t);
}

/* A record object (packet or pair) into rec (pkt, recv, rtt...). */
int
pkt_json_to_rec(json_t *o, struct pkt_rec *rec, char *errbuf)
{
	json_t *sent, *recv, *rtt;

	rec->rtt = -1;
	rec->lens.len = rec->lens.caplen = -1;
	rec->recv_lens.len = rec->recv_lens.caplen = -1;
	if (!json_is_object(o))
		return pkt_fail(errbuf, "%s, not a packet or pair object",
		    json_is_array(o) ? "an array" : jkind(o));
	/* A hop summary (pkttrace -c, pktsr1 -c): no packet in it. */
	if (json_is_array(json_object_get(o, "hops")) &&
	    !json_is_object(json_object_get(o, "sent")) &&
	    json_object_get(o, "layers") == NULL &&
	    json_object_get(o, "hex") == NULL) {
		rec->summary = true;
		return 0;
	}
	/* A large run's line (pkttrace --stateless): no packet either. */
	if (json_is_string(json_object_get(o, "target")) &&
	    json_object_get(o, "ttl") != NULL &&
	    json_is_string(json_object_get(o, "kind")) &&
	    json_object_get(o, "sent") == NULL &&
	    json_object_get(o, "layers") == NULL &&
	    json_object_get(o, "hex") == NULL &&
	    json_object_get(o, "hops") == NULL) {
		rec->line = true;
		return 0;
	}
	if ((sent = json_object_get(o, "sent")) == NULL)
		return jpacket(o, &rec->pkt, &rec->built, &rec->lens, errbuf);
	rec->pair = true;
	if (!json_is_object(sent))
		return pkt_fail(errbuf, "\"sent\" wants a packet object, not %s",
		    jkind(sent));
	recv = json_object_get(o, "recv");
	rtt = json_object_get(o, "rtt");
	if (recv != NULL && !json_is_null(recv) && !json_is_object(recv))
		return pkt_fail(errbuf, "\"recv\" wants a packet object or null, "
		    "not %s", jkind(recv));
	if (rtt != NULL && !json_is_null(rtt) && (!json_is_number(rtt) ||
	    !(json_number_value(rtt) >= 0) || !isfinite(json_number_value(rtt))))
		return pkt_fail(errbuf, "\"rtt\" wants seconds (a number >= 0) or null");
	if (jpacket(sent, &rec->pkt, &rec->built, &rec->lens, errbuf) < 0)
		return prefixed(errbuf, "sent: ");
	if (json_is_object(recv) && jpacket(recv, &rec->recv, &rec->recv_built,
	    &rec->recv_lens, errbuf) < 0) {
		pkt_free(rec->pkt);
		rec->pkt = NULL;
		return prefixed(errbuf, "recv: ");
	}
	if (json_is_number(rtt))
		rec->rtt = json_number_value(rtt);
	return 0;
}
