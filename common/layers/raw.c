/* raw.c: Raw (payload bytes) and Padding (bytes past a layer's length). */
#include "../layer.h"

#include <stdio.h>

static const struct pkt_field raw_fields[] = {
	{ .name = "load", .type = PKT_F_BYTES, .fl = PKT_FF_STR, .defs = "" },
};

const struct pkt_layer pkt_layer_raw = {
	.name = "Raw", .title = "Raw", .f = raw_fields, .nf = 1, .dlt = -1,
};

const struct pkt_layer pkt_layer_padding = {
	.name = "Padding", .title = "Padding", .f = raw_fields, .nf = 1,
	.dlt = -1,
};
