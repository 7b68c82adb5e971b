#!/bin/bash
# Scapy's ls() from the shell: --list-layers prints every layer with its
# description ("%-10s : %s", sorted), --list-fields LAYER each field with
# its type and default ("%-10s : %-35s = %s"), in pktsend and pktsr1;
# both are in --help, and a misspelt layer gets a "did you mean".
# Compared with Scapy 2.5's own ls() text (tests/golden/scapy/ls.txt, by
# gen_ls.py): the ls() lines of the layers pkt has are pkt's lines, and
# for 12 layers the field names and order are Scapy's, and so are the
# types and defaults but for the differences listed below, each for a
# reason (a difference that appears or vanishes fails the test).
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pktsend" ] || skip_all "no $PKT_BIN/pktsend (run make)"
need_cmd python3

GOLD=$PKT_TOP/tests/golden/scapy/ls.txt
layers=$(grep '^== ' "$GOLD" | grep -v '^== ls()' | cut -c4-)
plan $(($(printf '%s\n' "$layers" | wc -l) + 12))

# Scapy's lines of one block of the golden file.
block() {
	awk -v b="== $1" '/^== / { on = ($0 == b); next } on' "$GOLD"
}

ok 'block "ls()" >want && pktsend --list-layers >all &&
    grep -F -x -f want all >got && test_cmp want got' \
	"--list-layers: Scapy's ls() line for each of $(block "ls()" | wc -l) layers"
ok 'pktsend --list-layers >a && sort -c a && test "$(wc -l <a)" -ge 40 &&
    ! grep -v -E "^[A-Za-z0-9_]+ +: [^ ].*$" a' \
	'--list-layers: every layer, sorted, "NAME : description"'
ok 'pktsend --list-layers >a && pktsr1 --list-layers >b && test_cmp a b &&
    pktsend --list-fields TCP >a && pktsr1 --list-fields TCP >b && test_cmp a b' \
	'pktsr1 lists the same'

# compare LAYER: pkt's --list-fields against Scapy's ls(LAYER), field by
# field, with the known differences (LAYER.FIELD kind: Scapy's -> pkt's).
cat >known <<'KNOWN'
IP.src type: SourceIPField -> IPField
IP.dst type: DestIPField -> IPField
IP.dst default: None -> 127.0.0.1
IP.options type: PacketListField -> OptionsField
TCP.options type: TCPOptionsField -> OptionsField
TCP.options default: "" -> []
ICMP.code type: MultiEnumField (Depends on 8) -> MultiEnumField
ICMP.ts_ori type: ICMPTimeStampField (Cond) -> IntField (Cond)
ICMP.ts_rx type: ICMPTimeStampField (Cond) -> IntField (Cond)
ICMP.ts_tx type: ICMPTimeStampField (Cond) -> IntField (Cond)
ICMP.ts_ori default: <ms since midnight> -> None
ICMP.ts_rx default: <ms since midnight> -> None
ICMP.ts_tx default: <ms since midnight> -> None
ICMP.unused type: MultipleTypeField (ShortField, IntField, StrFixedLenField) -> MultipleTypeField (ShortField, IntField)
ICMP.unused default: "" -> 0
Ether.dst type: DestMACField -> MACField
Ether.src type: SourceMACField -> MACField
ARP.hwlen type: FieldLenField -> ByteField
ARP.plen type: FieldLenField -> ByteField
ARP.hwsrc type: MultipleTypeField (SourceMACField, StrFixedLenField) -> MultipleTypeField (MACField, StrLenField)
ARP.psrc type: MultipleTypeField (SourceIPField, SourceIP6Field, StrFixedLenField) -> MultipleTypeField (IPField, IP6Field, StrLenField)
ARP.hwdst type: MultipleTypeField (MACField, StrFixedLenField) -> MultipleTypeField (MACField, StrLenField)
ARP.pdst type: MultipleTypeField (IPField, IP6Field, StrFixedLenField) -> MultipleTypeField (IPField, IP6Field, StrLenField)
ARP.hwdst default: None -> 00:00:00:00:00:00
ARP.pdst default: None -> 0.0.0.0
IPv6.src type: SourceIP6Field -> IP6Field
IPv6.dst type: DestIP6Field -> IP6Field
IPv6.dst default: None -> ::1
IPv6ExtHdrFragment.res1 type: BitField  (8 bits) -> ByteField
IPv6ExtHdrFragment.id default: None -> 0
KNOWN
# Why: Scapy's Source*/Dest* classes fill the address from the route at
# build time, as pkt does with a plain address field; pkt's defaults are
# what gets built (IP() goes to 127.0.0.1 in Scapy too, ARP's unset
# hwdst/pdst are built as zeros, a Fragment header's None id as 0);
# option lists are written as lists in pkt's language; the timestamps
# are the time of day at build (None).

cat >cmp.py <<'PY'
import ast, sys
layer, scapy_file, pkt_file, known_file = sys.argv[1:]
def parse(path, scapy):
    rows = []
    for ln in open(path):
        ln = ln.rstrip("\n")
        name, rest = ln.split(" : ", 1)
        typ, dflt = rest.rsplit(" = ", 1)
        if scapy:
            d = ast.literal_eval(dflt.strip()[1:-1])
            if d.startswith("<Flag "):
                d = d[d.index("(") + 1:-2] or "0"
            elif d.startswith("b'") or d.startswith("'"):
                v = ast.literal_eval(d)
                d = '"%s"' % v.decode() if isinstance(v, bytes) else v
            dflt = d
        rows.append((name.strip(), typ.strip(), dflt.strip()))
    return rows
s, p = parse(scapy_file, True), parse(pkt_file, False)
known = set(l.rstrip("\n") for l in open(known_file))
bad = []
if [r[0] for r in s] != [r[0] for r in p]:
    bad.append("fields: Scapy %s, pkt %s" % ([r[0] for r in s], [r[0] for r in p]))
else:
    for (n, st, sd), (_, pt, pd) in zip(s, p):
        for kind, a, b in (("type", st, pt), ("default", sd, pd)):
            line = "%s.%s %s: %s -> %s" % (layer, n, kind, a, b)
            if (a != b) != (line in known):
                bad.append(("unexpected " if a != b else "gone: ") + line)
    for k in known:
        if k.startswith(layer + ".") and not any(
                k.startswith("%s.%s " % (layer, r[0])) for r in s):
            bad.append("no such field: " + k)
print("\n".join(bad))
sys.exit(1 if bad else 0)
PY

for l in $layers; do
	block "$l" >"scapy.$l"
	ok "pktsend --list-fields $l >pkt.$l && python3 cmp.py $l scapy.$l pkt.$l known" \
		"--list-fields $l: Scapy's fields, types and defaults (but the known differences)"
done

expect_stdout - '--list-fields UDP' -- pktsend --list-fields UDP <<-'EOF'
	sport      : ShortEnumField                      = 53
	dport      : ShortEnumField                      = 53
	len        : ShortField                          = None
	chksum     : XShortField                         = None
	EOF
expect_stderr_match '^pktsend: --list-fields: unknown layer "TPC" \(did you mean "TCP"\?\)' \
	'a misspelt layer: did you mean' --code 2 -- pktsend --list-fields TPC
expect_stderr_match '^pktsr1: --list-fields: unknown layer "Ethr" \(did you mean "Ether"\?\)' \
	'pktsr1: did you mean' --code 2 -- pktsr1 --list-fields Ethr
expect_stderr_match '^pktsend: --list-fields: unknown layer "Nothing"' \
	'an unknown layer: exit 2' --code 2 -- pktsend --list-fields Nothing
ok 'pktsend --list-fields IPerror >q && pktsend --list-fields IP >i && test_cmp i q' \
	'a quoted name (IPerror) lists its layer'
ok 'pktsend --help | grep -q -- "--list-layers" && pktsend --help | grep -q -- "--list-fields LAYER" &&
    pktsr1 --help | grep -q -- "--list-layers" && pktsr1 --help | grep -q -- "--list-fields LAYER"' \
	'both are in --help'
ok 'pktsend --list-fields DNS | grep -qx "qd         : PacketListField                     = \[DNSQR()\]" &&
    pktsend --list-fields ICMP | grep -qx "id         : XShortField (Cond)                  = 0"' \
	'a default packet, a conditional field'
ok 'pktsend --list-fields Loopback | grep -qx "type       : MultipleTypeField (LEIntEnumField, IntEnumField) = 2" &&
    pktsend --list-fields DNSRR | grep -q "^rdata      : MultipleTypeField (IPField, IP6Field, DNSStrField, OptionsField, StrField) = 0.0.0.0$"' \
	'MultipleTypeField: each distinct type of the variants once'
ok 'pktsend --list-fields Dot1Q >/dev/full; test $? = 2' \
	'a write error is an error'
