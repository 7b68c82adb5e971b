#!/bin/bash
# tests/robust/run.sh: the robustness runs over the shared corpus
# (tcpdump's 830 test captures, ordinary and hostile) as TAP for
# tests/run.sh: corpus.sh (every capture read, dissected, written as JSON
# and rebuilt byte for byte) and tools.sh (pkttrace -r and pktgraph on
# every capture).  Skipped without the corpus; the build is $PKT_BUILD.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

if [ -z "${PKT_SHARED:-}" ] || [ ! -d "$PKT_SHARED/corpus/tcpdump" ]; then
	skip_all "no corpus (../shared/corpus/tcpdump)"
fi
build=${PKT_BUILD##*/}
[ -x "$PKT_TOP/$build/tests/test_io" ] || skip_all "$build/tests/test_io not built (make units)"
plan 2

ok 'PKT_BUILD=$build "$PKT_TOP/tests/robust/corpus.sh" >corpus.out 2>&1 ||
	{ tail -n 20 corpus.out; false; }' \
	"corpus.sh: every capture round-trips, no crash, no hang ($(basename "$build"))"
ok 'PKT_BUILD=$build "$PKT_TOP/tests/robust/tools.sh" >tools.out 2>&1 ||
	{ tail -n 20 tools.out; false; }' \
	"tools.sh: pkttrace -r and pktgraph on every capture, no crash, no hang ($(basename "$build"))"
