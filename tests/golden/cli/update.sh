#!/bin/bash
# tests/golden/cli/update.sh: regenerate the expected output of
# tests/cli/t0100-pktsend-n.sh: for every tests/golden/pcap/NAME.pcap
# (but truncated-record.pcap and snaplen.pcap, which the bad-input test
# reads), what `pktsend -n -r NAME.pcap` prints:
#
#	NAME.summary	pktsend -n -r NAME.pcap		(Scapy's summary())
#	NAME.show	pktsend -n --show -r NAME.pcap	(Scapy's show2())
#	NAME.jsonl	pktsend -n -j -r NAME.pcap	(JSON Lines; "time" is the pcap's)
#
# Run it after a change to the dissector or the text or JSON output
# (make first; PKT_BIN picks another build), then review the diff:
# git diff tests/golden/cli, and compare NAME.summary with
# tests/golden/pcap/NAME.scapy-summary.txt (the differences that remain
# are listed in tests/golden/text/DIFFERENCES).
set -eu -o pipefail

here=$(cd "$(dirname "$0")" && pwd)
top=$(cd "$here/../../.." && pwd)
bin=${PKT_BIN:-$top/bin}
export TZ=UTC LC_ALL=C
unset PKT_CONFIG

[ -x "$bin/pktsend" ] || { echo "update.sh: no $bin/pktsend (run make)" >&2; exit 2; }

# The pcaps of this golden set, one name a line.
golden_names() {
	local f n
	for f in "$top"/tests/golden/pcap/*.pcap; do
		n=$(basename "$f" .pcap)
		case $n in truncated-record | snaplen) continue ;; esac
		echo "$n"
	done
}

if [ "${1:-}" = --list ]; then
	golden_names
	exit 0
fi

rm -f "$here"/*.summary "$here"/*.show "$here"/*.jsonl
golden_names | while read -r n; do
	f=$top/tests/golden/pcap/$n.pcap
	"$bin/pktsend" -n -r "$f" >"$here/$n.summary"
	"$bin/pktsend" -n --show -r "$f" >"$here/$n.show"
	"$bin/pktsend" -n -j -r "$f" >"$here/$n.jsonl"
	echo "$n: $(wc -l <"$here/$n.summary") packets"
done
