#!/bin/sh
# gentrace.sh: synthetic pkttrace -j output (SPEC section 4 trace pairs) for
# pktgraph's tests, picture and benchmark.  No network: the paths are made up.
#
#	gentrace.sh TARGETS MAXHOPS [SILENT [UNREACHED]]
#
# Target t (0-based) answers SA at TTL L = MAXHOPS - (7t mod MAXHOPS/2),
# so target 0 is MAXHOPS hops away.  TTLs 1-3 are shared by every path
# (10.0.TTL.1), TTLs 4-10 by a quarter of them (10.B.TTL.1), the rest are
# the path's own (100.X.Y.TTL).  A hop is silent when (31t + 17TTL) mod
# SILENT is 0 (default 23; 0: none).  Every UNREACHED-th target (default 0:
# none) never answers: its last hops time out.  Past the target, one more
# TTL is answered by it again (pkttrace keeps what came back).
set -eu
awk -v T="$1" -v H="$2" -v S="${3:-23}" -v U="${4:-0}" '
function ip(src, dst, ttl, proto) {
	return sprintf("{\"layer\":\"IP\",\"version\":4,\"ihl\":5,\"tos\":0,\"len\":40,\"id\":%d,\"flags\":\"\",\"frag\":0,\"ttl\":%d,\"proto\":%d,\"src\":\"%s\",\"dst\":\"%s\",\"options\":[]}", 4096 + ttl, ttl, proto, src, dst)
}
function tcp(sport, dport, flags) {
	return sprintf("{\"layer\":\"TCP\",\"sport\":%d,\"dport\":%d,\"seq\":%d,\"ack\":0,\"dataofs\":5,\"reserved\":0,\"flags\":\"%s\",\"window\":8192,\"urgptr\":0,\"options\":[]}", sport, dport, 1000, flags)
}
function emit(t, ttl, hop, kind,   tgt, sent, recv, sport) {
	tgt = target(t)
	sport = 40000 + t % 20000
	sent = "{\"layers\":[" ip("192.0.2.1", tgt, ttl, 6) "," tcp(sport, 80, "S") "]}"
	if (kind == "timeout")
		recv = "null"
	else if (kind == "reply")
		recv = "{\"layers\":[" ip(tgt, "192.0.2.1", 64, 6) "," tcp(80, sport, "SA") "]}"
	else
		recv = "{\"layers\":[" ip(hop, "192.0.2.1", 64, 1) ",{\"layer\":\"ICMP\",\"type\":11,\"code\":0},{\"layer\":\"IPerror\",\"version\":4,\"ihl\":5,\"ttl\":1,\"proto\":6,\"src\":\"192.0.2.1\",\"dst\":\"" tgt "\"}," "{\"layer\":\"TCPerror\",\"sport\":" sport ",\"dport\":80,\"seq\":1000,\"flags\":\"S\"}]}"
	printf("{\"sent\":%s,\"recv\":%s,\"rtt\":%s,\"target\":\"%s\",\"ttl\":%d,\"hop\":%s,\"kind\":\"%s\"}\n",
	    sent, recv, kind == "timeout" ? "null" : sprintf("%.6f", 0.001 * ttl),
	    tgt, ttl, kind == "timeout" ? "null" : "\"" hop "\"", kind)
}
function target(t) { return sprintf("198.51.%d.%d", int(t / 250), t % 250 + 1) }
function hop(t, i) {
	if (i <= 3)
		return sprintf("10.0.%d.1", i)
	if (i <= 10)
		return sprintf("10.%d.%d.1", t % 4 + 1, i)
	return sprintf("100.%d.%d.%d", 64 + int(t / 256), t % 256, i)
}
BEGIN {
	half = int(H / 2); if (half < 1) half = 1
	for (t = 0; t < T; t++) {
		L = H - (7 * t) % half
		lost = U > 0 && t % U == U - 1
		for (i = 1; i <= L + 1 && i <= H + 1; i++) {
			if (lost && i >= L - 2)
				emit(t, i, "", "timeout")
			else if (i >= L)
				emit(t, i, target(t), "reply")
			else if (S > 0 && i > 1 && (31 * t + 17 * i) % S == 0)
				emit(t, i, "", "timeout")
			else
				emit(t, i, hop(t, i), "time-exceeded")
		}
	}
}'
