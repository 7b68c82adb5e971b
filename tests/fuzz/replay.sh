#!/bin/bash
# tests/fuzz/replay.sh: replay the committed fuzz corpora and crash
# reproducers (tests/fuzz/corpus/TARGET/, tests/fuzz/crashes/TARGET/)
# through every target, without libFuzzer: replay.c + fuzz_TARGET.c linked
# against $PKT_BUILD/libpktcommon.a (with the sanitizers when PKT_BUILD is
# an ASan build).  Run by tests/run.sh; speaks TAP, one test per target.
set -u -o pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP" || exit 2
: "${PKT_BUILD:=$TOP/build}"
FZ=tests/fuzz
LIB=$PKT_BUILD/libpktcommon.a

targets=()
for f in "$FZ"/fuzz_*.c; do
	t=${f##*/fuzz_}
	targets+=("${t%.c}")
done
echo "1..${#targets[@]}"
if [ ! -f "$LIB" ]; then
	for t in "${targets[@]}"; do
		echo "ok - $t # skip $LIB not built"
	done
	exit 0
fi

CC=${CC:-cc}
SAN=()
case ${PKT_BUILD##*/} in
*asan*) SAN=(-O1 '-fsanitize=address,undefined' -fno-omit-frame-pointer
	-fno-sanitize-recover=undefined) ;;
*) SAN=(-O1) ;;
esac
OUT=$PKT_BUILD/tests/fuzz
mkdir -p "$OUT"
# shellcheck disable=SC2207
CFL=($(pkg-config --cflags jansson libpcap))
# shellcheck disable=SC2207
LIBS=($(pkg-config --libs libpcap libcap-ng jansson libmnl libcares) -lm)
export NO_COLOR=

for t in "${targets[@]}"; do
	bin=$OUT/replay_$t log=$OUT/replay_$t.log
	if ! "$CC" -std=c11 -D_GNU_SOURCE -Wall -Wextra -g "${SAN[@]}" -Icommon \
		"${CFL[@]}" -o "$bin" "$FZ/replay.c" "$FZ/fuzz_$t.c" "$LIB" \
		"${LIBS[@]}" >"$log" 2>&1; then
		echo "not ok - $t: does not build"
		sed 's/^/# /' "$log"
		continue
	fi
	dirs=()
	for d in "$FZ/corpus/$t" "$FZ/crashes/$t"; do
		[ -d "$d" ] && dirs+=("$d")
	done
	if [ ${#dirs[@]} -eq 0 ]; then
		echo "ok - $t # skip no corpus"
		continue
	fi
	if "$bin" "${dirs[@]}" >"$log" 2>&1 &&
		! grep -qE 'ERROR: [A-Za-z]+Sanitizer|runtime error:' "$log"; then
		echo "ok - $t ($(tail -1 "$log"))"
	else
		echo "not ok - $t"
		tail -40 "$log" | sed 's/^/# /'
	fi
done
