/* pkt.h: the whole packet engine, for code that uses all of it: layers
 * (layer.h), packets (packet.h), and the build (build.h) and dissect
 * (dissect.h) passes over them. */
#ifndef PKT_PKT_H
#define PKT_PKT_H

#include "layer.h"
#include "packet.h"
#include "build.h"
#include "dissect.h"

#endif
