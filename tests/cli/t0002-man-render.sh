#!/bin/bash
# The five man pages as a reader sees them: each is rendered with mandoc
# (-T utf8, as man(1) shows it, and -T markdown, where bold and italic
# spans show) and searched for what mdoc slips let through, which
# `mandoc -T lint` does not flag:
# - a stray "\e" (a doubled escape: pkt(7) once showed "\en", "\exNN");
# - an escaped hyphen "\-" left as text;
# - doubled or nested quotes (".Pq Qq a and Qq b" gave "a and "b"", and
#   ".Pq Ql a , Ql b" gives (‘a, ‘b’’));
# - words taken into a flag or command macro (".Fl j , or of" gave
#   "-j, -or -of"; ".Cm x , not ..." set a whole clause in bold);
# - stale text ("these three are being written", TODO, FIXME, XXX).
# shellcheck disable=SC1091,SC1112,SC2016 # lib.sh by path; curly quotes on purpose; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

need_cmd mandoc col
# The quote patterns are UTF-8 characters: match them as characters.
export LC_ALL=C.UTF-8
top=${PKT_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
pages=("$top"/man/pktsend.1 "$top"/man/pktsr1.1 "$top"/man/pkttrace.1
	"$top"/man/pktgraph.1 "$top"/man/pkt.7)
plan $((2 * ${#pages[@]} + 1))

# English words that never follow a flag as its own argument.
words='or|of|and|the|to|with|for|is|as|at|by|from|then|which|when|but|not|its|in|on|if|so|are|be'

# artefacts FILE: print each suspicious line of a page rendered as text.
artefacts() {
	grep -nE '\\e|\\-' "$1" | sed 's/^/stray escape: /'
	# (\"" is shell in an example: an escaped quote, then the closing one)
	grep -nE '[^ :[(,\\]""|""[[:alpha:]]|“[^”]*“|‘[^’]*‘' "$1" | sed 's/^/doubled or nested quotes: /'
	grep -nE "(^|[ (])-{1,2}[[:alnum:]-]+,? -($words)([^[:alnum:]-]|\$)" "$1" |
		sed 's/^/words taken as flags: /'
	grep -niE 'being written|not yet (written|implemented)|coming soon|\bTODO\b|\bFIXME\b|\bXXX\b' "$1" |
		sed 's/^/stale text: /'
}
# runons FILE: bold or italic spans (markdown) that swallowed prose.
runons() {
	grep -noE '\*\*[^*]+\*\*' "$1" | grep -E " ($words) " | sed 's/^/prose in bold: /'
}

for page in "${pages[@]}"; do
	name=$(basename "$page")
	MANWIDTH=80 mandoc -T utf8 "$page" | col -b >"$name.txt"
	MANWIDTH=200 mandoc -T markdown "$page" >"$name.md"
	ok 'test -s "'"$name"'.txt" && artefacts "'"$name"'.txt" >found; cat found; ! test -s found' \
		"$name renders with no stray escape, nested quote, run-on flag or stale text"
	ok 'test -s "'"$name"'.md" && runons "'"$name"'.md" >found; cat found; ! test -s found' \
		"$name: no prose set as a flag or command"
done
ok 'sed -n "/^SEE ALSO/,/^[A-Z]/p" pkt.7.txt >see &&
	(for t in pktgraph pktsend pktsr1 pkttrace; do
		grep -q "$t(1)" see || { echo "pkt(7) does not point to $t(1)"; exit 1; }
	done)' "pkt(7) SEE ALSO names the four tools"
