#!/bin/bash
# pktsend --fragment SIZE splits IP packets as Scapy 2.5's fragment(p,
# SIZE) and IPv6 packets as fragment6(p, SIZE): the same bytes, fragment
# for fragment, as tests/golden/scapy/fragment.tsv (made by Scapy with
# gen_fragment.py).  fragment6 draws a random id when the spec gives no
# Fragment header with one: there (RANDID lines) pkt's id, the same in
# every fragment and repeated by --seed, is put where Scapy's stood.
# Then what is pkt's own: the output paths (-w pcap, -j, text), packets
# with no IP, a size too small, bad sizes.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pktsend" ] || skip_all "no $PKT_BIN/pktsend (run make)"
need_cmd jq

GOLD=$PKT_TOP/tests/golden/scapy/fragment.tsv
nvec=$(grep -vc '^#' "$GOLD")
plan $((nvec + 13))

# frag SIZE SPEC [OPTS...]: the hex of every fragment, space-separated.
frag() {
	local size=$1 spec=$2
	shift 2
	pktsend -n -j --fragment "$size" "$@" "$spec" | jq -r .hex | paste -sd ' '
}

while IFS=$'\t' read -r a b c d; do
	case $a in '#'*) continue ;; esac
	if [ "$a" = RANDID ]; then
		# shellcheck disable=SC2154 # test_count: lib.sh's
		printf '%s\n' "$d" >"want$test_count"
		# pkt's random id (the same in every fragment) where Scapy's was
		ok "frag $b '$c' --seed 7 >got$test_count &&
		    id=\$(pktsend -n -j --seed 7 --fragment $b '$c' | jq -r '.layers[] | select(.layer == \"IPv6ExtHdrFragment\") | .id' | sort -u) &&
		    test \"\$(printf '%s\n' \"\$id\" | wc -l)\" = 1 &&
		    sed \"s/\$(printf %08x \"\$id\")/12345678/g\" got$test_count >got2$test_count &&
		    test_cmp want$test_count got2$test_count" \
			"fragment6 of $c, size $b (random id): Scapy's bytes"
	else
		printf '%s\n' "$d" >"want$test_count"
		ok "frag $a '$c' >got$test_count && test_cmp want$test_count got$test_count" \
			"fragment of $c, size $a: Scapy's bytes"
	fi
done <"$GOLD"

ok 'test "$(frag 100 "IPv6(dst=\"::1\")/UDP()/(\"x\"*300)" --seed 3)" = "$(frag 100 "IPv6(dst=\"::1\")/UDP()/(\"x\"*300)" --seed 3)" &&
    test "$(frag 100 "IPv6(dst=\"::1\")/UDP()/(\"x\"*300)" --seed 3)" != "$(frag 100 "IPv6(dst=\"::1\")/UDP()/(\"x\"*300)" --seed 4)"' \
	'--seed repeats the random IPv6 fragment id; another seed, another id'
ok 'pktsend -n --fragment 30 -w f.pcap "IP()/(\"A\"*100)" && pktsend -n -r f.pcap -j | jq -r .hex | paste -sd " " >got &&
    frag 30 "IP()/(\"A\"*100)" >want && test_cmp want got' \
	'-w writes the fragments to the pcap'
expect_stdout - '-n prints one summary line per fragment' -- pktsend -n --fragment 30 'IP()/("A"*50)' <<-'EOF'
	127.0.0.1 > 127.0.0.1 hopopt / Raw
	127.0.0.1 > 127.0.0.1 hopopt frag:3 / Raw
	EOF
ok 'pktsend -n --fragment 30 --hexdump "IP()/(\"A\"*50)" >hd && test "$(grep -c "^0000 " hd)" = 2' \
	'--hexdump dumps each fragment'
ok 'test "$(pktsend -n -c 2 --fragment 30 "IP()/(\"A\"*50)" | wc -l)" = 4' \
	'-c 2 sends the fragments twice'
ok 'pktsend -n -j "Ether(dst=\"ff:ff:ff:ff:ff:ff\",src=\"02:00:00:00:00:01\")/ARP()" | jq -r .hex >a &&
    pktsend -n -j --fragment 8 "Ether(dst=\"ff:ff:ff:ff:ff:ff\",src=\"02:00:00:00:00:01\")/ARP()" | jq -r .hex >b && test_cmp a b' \
	'a packet with no IP is emitted as it is'
ok 'test "$(pktsend -n --fragment 13 "IP()/\"AAA\"" | wc -l)" = 1 && test "$(pktsend -n --fragment 8 "IP()" | wc -l)" = 1' \
	'a payload Scapy would lose (shorter than SIZE % 8 + 1 bytes) is one fragment'
ok 'pktsend -n -j "IP()/(\"A\"*100)" | pktsend -n -r - -j --fragment 30 | jq -r .hex | paste -sd " " >got &&
    frag 30 "IP()/(\"A\"*100)" >want && test_cmp want got' \
	'records read with -r are fragmented too'
expect_stderr_match '^pktsend: spec 1: --fragment 50 is too small for this IPv6 packet: its fragments need at least 56 bytes \(48 of headers, 8 of data\)$' \
	'fragment6: a size below the headers is an error' --code 2 -- \
	pktsend -n --fragment 50 'IPv6(dst="::1")/UDP()/("x"*100)'
expect_stderr_match '^pktsend: --fragment: fragment size "7" out of range 8\.\.65535$' 'a size below 8 is refused' \
	--code 2 -- pktsend -n --fragment 7 'IP()'
expect_stderr_match '^pktsend: --fragment: ' 'a size that is no number is refused' \
	--code 2 -- pktsend -n --fragment x 'IP()'
expect_stderr_match '^pktsend: --fragment: ' 'a size above 65535 is refused' \
	--code 2 -- pktsend -n --fragment 65536 'IP()'
if [ "$(id -u)" != 0 ]; then
	skip 1 "sending on loopback needs root"
else
	ok 'pktsend -q --fragment 200 "IP(dst=\"127.0.0.1\")/ICMP()/(\"A\"*1000)" -w sent.pcap &&
	    test "$(pktsend -n -r sent.pcap | wc -l)" = 6' \
		'sending: the fragments leave (loopback), as written to -w'
fi
