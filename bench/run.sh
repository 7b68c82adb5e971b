#!/bin/bash
# bench/run.sh: every benchmark, one after the other, on this machine
# (`make bench`).  Each prints its own figures and ratios; see
# bench/README.md for what they measure and the figures of the last run.
# The live ones (send.sh, sr1.sh, trace.sh, pmtu.sh) need root and build their own network
# namespaces; the others run offline.
set -u
cd "$(dirname "$0")/.." || exit 2
status=0
for b in dissect sr1 send trace pmtu graph; do
	echo "=== bench/$b.sh"
	bash "bench/$b.sh" || { echo "bench/$b.sh failed"; status=1; }
done
exit "$status"
