#!/bin/bash
# t0600-pktgraph.sh: pktgraph's DOT against golden files (trace pairs: one
# target, many, silent hops, unreached targets, AS clusters, IPv6; the
# conversations of a pcap; pkttrace --mda's flows as one diamond), -j (the
# same data as JSON Lines), SVG and PNG
# through the real Graphviz, -Gdpi,
# the config's dot with arguments (a fake dot that records its argv), and
# the errors: missing Graphviz, malformed input, empty input.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok runs strings
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pktgraph" ] || skip_all "no $PKT_BIN/pktgraph (run make)"
G="$PKT_TOP/tests/golden/graph"
plan 51

# ---- golden DOT ------------------------------------------------------------
expect_stdout "$G/one.dot" "one target, a silent hop" --stdin "$G/one.jsonl" \
	-- pktgraph -T dot
expect_stdout "$G/many.dot" "four targets sharing hops" --stdin "$G/many.jsonl" \
	-- pktgraph -T dot
expect_stdout "$G/silent.dot" "silent hops as their own nodes" \
	--stdin "$G/silent.jsonl" -- pktgraph -T dot
expect_stdout "$G/unreached.dot" "unreached targets, router unreachable, port unreachable, RST" \
	--stdin "$G/unreached.jsonl" -- pktgraph -T dot
expect_stdout "$G/asn.dot" "AS clusters, longest prefix wins" \
	--stdin "$G/many.jsonl" -- pktgraph -T dot --asn-file "$G/prefixes.tsv"
expect_stdout "$G/ipv6-asn.dot" "IPv6 trace with IPv6 prefixes, -r" \
	-- pktgraph -T dot --asn-file "$G/prefixes.tsv" -r "$G/ipv6.jsonl"
expect_stdout "$G/options.dot" "-G/-N/-E options replace the defaults in the DOT" \
	--stdin "$G/one.jsonl" -- pktgraph -T dot -O '-Grankdir=LR -Gdpi=70' \
	-O '-Nfontsize=12 -Ecolor=gray'
expect_stdout "$G/conv.dot" "conversations of a pcap" \
	-- pktgraph -T dot -r "$G/conv.pcap"
# mda.jsonl: pairs of `pkttrace --mda --l4 udp -j` in t0535's diamond of
# four (packets cut to their hex: jq '.sent |= {time,hex,linktype}', the
# same for .recv), flows 0 and 1 (TTL 1-4), 9 and 13 (TTL 2-3: --mda sent
# them no further), 20 (TTL 2 only) and 49 (TTL 2, its answer taken out).
# Each flow is drawn whole: TTL 1, where one address was seen, and the
# end, which every flow that got there had; the silent one is no
# "not reached", and adds no arrow: it is left out.
expect_stdout "$G/mda.dot" "--mda's flows: one diamond, each branch to the target" \
	--stdin "$G/mda.jsonl" -- pktgraph -T dot
ok 'pktgraph -j <"$G/mda.jsonl" | jq -c "[.reached, [.path[].hop]]" | sort >got &&
	test "$(cat got)" = "$(printf "%s\n" \
	    "[true,[\"10.0.1.2\",\"10.0.5.10\",\"10.0.6.2\",\"10.0.7.2\"]]" \
	    "[true,[\"10.0.1.2\",\"10.0.5.14\",\"10.0.6.2\",\"10.0.7.2\"]]" \
	    "[true,[\"10.0.1.2\",\"10.0.5.2\",\"10.0.6.2\",\"10.0.7.2\"]]" \
	    "[true,[\"10.0.1.2\",\"10.0.5.6\",\"10.0.6.2\",\"10.0.7.2\"]]")"' \
	"--mda's flows, -j: four whole paths to the target, nothing else"
expect_stdout "$G/conv-protocols.dot" "conversations with -P: packets per protocol" \
	-- pktgraph -T dot -P -r "$G/conv.pcap"
ok 'pktgraph -o out.dot <"$G/many.jsonl" && test_cmp "$G/many.dot" out.dot' \
	"-o x.dot writes DOT"
ok 'pktgraph -T dot -C <"$G/one.jsonl" >out &&
	grep -q "^digraph \"conv\"" out && grep -q "\"10.0.0.1\" -> \"10.0.9.2\" \[label=\"4\"\]" out' \
	"-C: conversations from trace pairs"
ok '{ cat "$G/one.jsonl"; pktsend -n -j "IP(src=\"1.2.3.4\",dst=\"5.6.7.8\")/ICMP()"; } >mixed &&
	pktgraph -T dot <mixed >out 2>err && test_cmp "$G/one.dot" out &&
	grep -q "1 records that are not trace pairs left out" err' \
	"mixed input: trace pairs drawn, the rest left out with a note"

# ---- -j: the graph's data as JSON Lines, no drawing -----------------------
expect_stdout - "-j: one line per trace, the path TTL by TTL, silent hops null" \
	--stdin "$G/one.jsonl" -- pktgraph -j <<-'EOF'
	{"src":"10.0.0.1","target":"10.0.9.2","proto":"tcp","port":80,"reached":true,"path":[{"ttl":1,"hop":"10.0.1.1"},{"ttl":2,"hop":null},{"ttl":3,"hop":"10.0.3.1"},{"ttl":4,"hop":"10.0.9.2"}]}
	EOF
ok 'pktgraph -j <"$G/unreached.jsonl" | jq -c "[.target, .proto, .port, .reached, [.path[].hop]]" >got &&
	cat >want <<-EOF &&
	["198.51.100.7","udp",33434,true,["10.0.1.1","10.0.2.1","198.51.100.7"]]
	["198.51.100.8","tcp",22,true,["10.0.1.1","198.51.100.8"]]
	["203.0.113.5","tcp",443,false,["10.0.1.1","10.0.2.1"]]
	["203.0.113.9","tcp",80,false,["10.0.1.1","10.0.2.1","10.9.3.1"]]
	["203.0.113.77","icmp",null,false,[]]
	EOF
	test_cmp want got' \
	"-j: unreached targets end at the last hop heard, the graph's order"
ok 'pktgraph -j --asn-file "$G/prefixes.tsv" <"$G/many.jsonl" |
	jq -e -s "map(.path[]) | (map(select(.hop == \"10.2.4.1\")) | .[0] | .asn == \"AS64503\" and .as_name == \"MORE-SPECIFIC\") and
	    (map(select(.hop == \"10.3.4.1\")) | .[0] | has(\"asn\") == false)"' \
	"-j --asn-file: a hop's AS and name by the longest prefix, none without a prefix"
ok 'pktgraph -j -r "$G/conv.pcap" | jq -r "\"\\t\\\"\" + .src + \"\\\" -> \\\"\" + .dst + \"\\\" [label=\\\"\" + (.packets | tostring) + \"\\\"];\"" >got &&
	grep -- " -> " "$G/conv.dot" | test_cmp - got' \
	"-j: conversations, the same pairs and counts as the drawn graph"
expect_stdout - "-j needs no Graphviz" --stdin "$G/conv.pcap" \
	-- env PATH=/nonexistent "$PKT_BIN/pktgraph" -j -P <<-'EOF'
	{"src":"10.0.0.1","dst":"10.0.0.2","packets":3,"protocols":{"TCP":3}}
	{"src":"10.0.0.2","dst":"10.0.0.1","packets":2,"protocols":{"TCP":2}}
	{"src":"10.0.0.1","dst":"10.0.0.3","packets":3,"protocols":{"UDP":1,"ICMP":2}}
	{"src":"10.0.0.3","dst":"10.0.0.1","packets":1,"protocols":{"ICMP":1}}
	{"src":"10.0.0.1","dst":"10.0.0.254","packets":1,"protocols":{"ARP":1}}
	{"src":"2001:db8::1","dst":"2001:db8::2","packets":1,"protocols":{"ICMPv6":1}}
	{"src":"10.0.0.4","dst":"10.0.0.1","packets":1,"protocols":{"GRE":1}}
	EOF
expect_stderr_match '^pktgraph: -j writes the graph.s data as JSON Lines to stdout: leave out -o$' \
	"-j with -o: refused" --code 2 --stdin "$G/one.jsonl" -- pktgraph -j -o x.svg
expect_stderr_match '^pktgraph: -w: ' "-w: refused, pktgraph writes no packets" --code 2 \
	--stdin "$G/one.jsonl" -- pktgraph -w x.pcap

# ---- empty and malformed input ---------------------------------------------
expect_stdout - "empty input: no graph, exit 0" -- pktgraph -T dot </dev/null
ok 'pktgraph -o empty.svg </dev/null && ! test -e empty.svg' \
	"empty input: -o file not created"
ok '{ head -2 "$G/one.jsonl"; echo "{\"sent\": "; } >bad.jsonl &&
	{ pktgraph -r bad.jsonl -o bad.svg 2>err; test $? = 2; } &&
	grep -q "^pktgraph: bad.jsonl:3: " err && ! test -e bad.svg' \
	"malformed input: exit 2 naming file and line, nothing written"
ok 'sed "1s/\"ttl\":1,/\"ttl\":300,/" "$G/one.jsonl" >ttl.jsonl &&
	{ pktgraph -T dot <ttl.jsonl >out 2>err; test $? = 2; } &&
	grep -q "<stdin>:1: \"ttl\": 300 out of range" err && ! test -s out' \
	"a TTL out of range is an error"
ok 'sed "1s/\"hop\":\"10.0.1.1\"/\"hop\":\"x\\\\\"y\"/" "$G/one.jsonl" >hop.jsonl &&
	{ pktgraph -T dot <hop.jsonl >out 2>err; test $? = 2; } &&
	grep -q "<stdin>:1: \"hop\": \"x\\\\\"y\" is not an IP address" err' "a hop that is no address is an error"
ok 'printf "10.0.0.0/8\t64500\n10.0.0/8\t1\n" >bad.tsv &&
	{ pktgraph -T dot --asn-file bad.tsv <"$G/one.jsonl" 2>err; test $? = 2; } &&
	grep -q "bad.tsv:2: bad prefix" err' "--asn-file: a bad line names file and line"
expect_code 2 "-T jpg is a usage error" -- pktgraph -T jpg

# ---- Graphviz missing --------------------------------------------------------
expect_stderr_match '^pktgraph: dot not found: install Graphviz \(apt-get install graphviz\), or use -T dot$' \
	"no dot on PATH: exit 2 with what to install" --code 2 --stdin "$G/one.jsonl" \
	-- env PATH=/nonexistent "$PKT_BIN/pktgraph" -o x.svg
expect_stdout "$G/one.dot" "-T dot needs no Graphviz" --stdin "$G/one.jsonl" \
	-- env PATH=/nonexistent "$PKT_BIN/pktgraph" -T dot
expect_stderr_match 'pktgraph: /no/such/dot not found' "--dot PROG missing" \
	--code 2 --stdin "$G/one.jsonl" -- pktgraph --dot /no/such/dot -o x.svg

# ---- the dot command: --dot and the config's dot with arguments --------------
cat >fakedot <<'EOF'
#!/bin/sh
# records its arguments, one a line, and its input
printf '%s\n' "$@" >"${FAKEDOT_LOG:-fakedot.argv}"
cat >fakedot.in
echo fake-output
EOF
chmod +x fakedot
printf 'dot = %s -Gdpi=70 "-Glabel=two words"\n' "$TEST_DIR/fakedot" >pkt.conf
ok 'PKT_CONFIG=./pkt.conf pktgraph -o x.png <"$G/one.jsonl" &&
	printf "%s\n" -Gdpi=70 "-Glabel=two words" -Tpng | test_cmp - fakedot.argv &&
	grep -q "^fake-output$" x.png' "config dot = PROG ARGS: split into words, -T from -o"
ok 'grep -q "dpi=70" fakedot.in && grep -q "label=\"two words\"" fakedot.in' \
	"config dot arguments -G... also set the DOT defaults"
ok 'PKT_CONFIG=./pkt.conf pktgraph --dot "$TEST_DIR/fakedot -Nshape=box" -O -Gsize=5 -T pdf -o x.out <"$G/one.jsonl" &&
	printf "%s\n" -Nshape=box -Gsize=5 -Tpdf | test_cmp - fakedot.argv' \
	"--dot beats the config; -O follows; -T wins over the extension"
printf '#!/bin/sh\ncat >/dev/null; echo partial; exit 3\n' >faildot
chmod +x faildot
ok 'echo old >keep.svg && { pktgraph --dot ./faildot -o keep.svg <"$G/one.jsonl" 2>err; test $? = 2; } &&
	grep -q "^old$" keep.svg && grep -q "faildot failed (exit status 3)" err &&
	! ls .pktgraph.* 2>/dev/null' "dot failing: exit 2, the old file kept, no temporary left"

# ---- completion ----------------------------------------------------------------
comp="$PKT_TOP/completion/pktgraph.bash"
complete_words() {
	bash -c '
		. "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_pktgraph
		printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort' \
		bash "$comp" "$@"
}
ok 'bash -n "$comp"' "completion/pktgraph.bash parses"
ok 'complete_words pktgraph -T "" >out && printf "%s\n" dot pdf png ps svg | test_cmp - out' \
	"completion: formats after -T"
ok 'complete_words pktgraph -- >out && test -s out &&
	while read -r o; do
		case $o in --help|--version) continue ;; esac
		pktgraph "$o" </dev/null 2>&1 | grep -q "unrecognized option" &&
			{ echo "pktgraph does not know $o"; exit 1; }
	done <out; :' "completion: every long option offered exists"

# ---- real Graphviz: SVG, PNG, -Gdpi ------------------------------------------
if ! command -v dot >/dev/null 2>&1; then
	skip 13 "Graphviz (dot) is not installed"
	exit 0
fi

# PNG width and height from the IHDR chunk (bytes 16..23, big-endian).
png_size() {
	od -An -tu1 -j16 -N8 "$1" | awk '{ printf "%d %d\n",
		$1 * 16777216 + $2 * 65536 + $3 * 256 + $4,
		$5 * 16777216 + $6 * 65536 + $7 * 256 + $8 }'
}
# Hop and target addresses of a trace file, one a line.
hops_of() {
	grep -o '"hop":"[^"]*"' "$1" | cut -d'"' -f4 | sort -u
}
"$G/gentrace.sh" 16 50 23 7 >big.jsonl

ok 'pktgraph -o paths.svg <"$G/many.jsonl" && xmllint --noout paths.svg' \
	"SVG parses as XML"
ok 'xmllint --xpath "//*[local-name()=\"title\"]/text()" paths.svg >titles 2>/dev/null &&
	for h in $(hops_of "$G/many.jsonl"); do
		grep -qF "$h" titles || { echo "no $h in the SVG"; exit 1; }
	done' "SVG names every hop"
ok 'pktgraph -o big.svg <big.jsonl && xmllint --noout big.svg &&
	xmllint --xpath "//*[local-name()=\"title\"]/text()" big.svg >titles 2>/dev/null &&
	cnt=0 && for h in $(hops_of big.jsonl); do
		grep -qF "$h" titles || { echo "no $h in the SVG"; exit 1; }; cnt=$((cnt + 1))
	done && test "$cnt" -gt 400' "50 hops, 16 targets: SVG names every one of the hops"
ok 'pktgraph -o paths.png <"$G/many.jsonl" && file paths.png | grep -q "PNG image data"' \
	"PNG output is a PNG"
ok 'read -r w h < <(png_size paths.png) && test "$w" -ge 100 -a "$w" -le 4000 -a "$h" -ge 100 -a "$h" -le 4000' \
	"PNG has sane dimensions"
ok 'pktgraph -o big.png <big.jsonl && read -r w h < <(png_size big.png) &&
	test "$w" -le 4000 -a "$h" -le 4000 -a "$w" -ge 1000 -a "$h" -ge 1000' \
	"50 hops, 16 targets: PNG between 1000 and 4000 pixels a side"
ok 'pktgraph -T png -O "-Gdpi=70" -o p70.png <"$G/many.jsonl" &&
	read -r w96 h96 < <(png_size paths.png) && read -r w70 h70 < <(png_size p70.png) &&
	awk -v a="$w96" -v b="$w70" -v c="$h96" -v d="$h70" "BEGIN {
		ew = a * 70 / 96; eh = c * 70 / 96
		exit !(b > ew - 4 && b < ew + 4 && d > eh - 4 && d < eh + 4) }"' \
	"-O -Gdpi=70 scales the PNG by 70/96"
ok 'printf "dot = dot -Gdpi=70\n" >real.conf &&
	PKT_CONFIG=./real.conf pktgraph -o c70.png <"$G/many.jsonl" &&
	test "$(png_size c70.png)" = "$(png_size p70.png)"' \
	"config dot = dot -Gdpi=70 is honoured (Scapy's conf.prog.dot of it fails)"
ok 'pktgraph -T png <"$G/many.jsonl" >stdout.png && cmp -s stdout.png paths.png' \
	"PNG to a pipe or file on stdout"
ok 'pktgraph -r "$G/conv.pcap" -o talkers.svg && xmllint --noout talkers.svg &&
	grep -q ">10.0.0.254<" talkers.svg' "conversations to SVG"
ok 'pktgraph -o x.pdf <"$G/one.jsonl" && head -c 5 x.pdf | grep -q "%PDF-"' \
	"-o x.pdf gives PDF"

# Where Graphviz puts each label, from its xdot output: one line per label,
# "FONT SIZE X Y WIDTH TEXT", in points (Graphviz's own text metrics).
xdot_labels() {
	dot -Txdot "$1" | tr -d '\n\\' | grep -o '_ldraw_="[^"]*"' | awk '{
		if (match($0, /F [0-9.]+ [0-9]+ -[^ ]+/)) {
			split(substr($0, RSTART, RLENGTH), f, " ")
			font = substr(f[4], 2); size = f[2]
		}
		if (match($0, /T [0-9.]+ [0-9.]+ -?[0-9] [0-9.]+ [0-9]+ -/)) {
			split(substr($0, RSTART, RLENGTH), t, " ")
			print font, size, t[2], t[3], t[5], substr($0, RSTART + RLENGTH, t[6])
		}
	}'
}
# Pings between 10.0.0.1 and two hosts: four edges, two pairs of opposite
# edges labelled alike ("1 ICMP"), whose labels dot sets side by side.
for p in "1 2 8" "2 1 0" "1 3 8" "3 1 0"; do
	# shellcheck disable=SC2086 # split on purpose
	set -- $p
	pktsend -n -j "IP(src=\"10.0.0.$1\",dst=\"10.0.0.$2\")/ICMP(type=$3)"
done >pings.jsonl
ok 'pktgraph -T dot -P <pings.jsonl >pings.dot && xdot_labels pings.dot >labels &&
	grep -q " 1 ICMP" labels && node=$(grep " 10.0.0.1\$" labels | cut -d" " -f1,2) &&
	awk -v node="$node" "/ ICMP\$/ { if (\$1 \" \" \$2 != node) { print \"edge label in\", \$1, \$2, \"not\", node; bad = 1 } }
		END { exit bad }" labels' \
	"conversation edge labels in the nodes' font and size"
ok 'awk "/ ICMP\$/ { n++; x[n] = \$3; y[n] = \$4; w[n] = \$5 }
	END { for (i = 1; i <= n; i++) for (j = i + 1; j <= n; j++) {
		if (y[i] != y[j]) continue
		d = x[i] - x[j]; if (d < 0) d = -d
		gap = d - (w[i] + w[j]) / 2
		if (gap < 6) { printf \"labels %d and %d %.1f pt apart\\n\", i, j, gap; bad = 1 } }
		exit bad || n != 4 }" labels' \
	"labels of opposite edges side by side stay at least 6 pt apart"
