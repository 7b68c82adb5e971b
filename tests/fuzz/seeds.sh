#!/bin/bash
# tests/fuzz/seeds.sh: (re)make the seed corpora tests/fuzz/corpus/TARGET/
# from the project's own tests: the golden captures' records
# (tests/golden/pcap/), the golden specs (tests/golden/build.tsv), JSON
# Lines written by `bin/pktsend -n -j`, and configuration lines from
# tests/unit/test_config.c.  Needs bin/pktsend (make) and python3.  Seeds
# stay small (a few hundred KB in all); files are named by a hash of their
# contents, so rerunning adds nothing twice.
set -eu -o pipefail

TOP=$(cd "$(dirname "$0")/../.." && pwd)
cd "$TOP"
C=tests/fuzz/corpus
mkdir -p "$C"/{dissect,roundtrip,spec,jsonl,pcap,config,match}
PKTSEND=${PKTSEND:-bin/pktsend}

# JSON Lines from the golden captures and from some golden specs.
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
for f in tests/golden/pcap/*.pcap; do
	"$PKTSEND" -n -r "$f" -j >"$TMP/$(basename "$f" .pcap).jsonl" 2>/dev/null || :
done
awk -F'\t' '!/^#/ && NF >= 2 { print $1 }' tests/golden/build.tsv | awk 'NR % 8 == 1' |
	head -40 | while IFS= read -r spec; do
	"$PKTSEND" -n -j "$spec" 2>/dev/null | head -3 || :
done >"$TMP/specs.jsonl"

python3 - "$C" "$TMP" <<'PY'
import glob, hashlib, os, struct, sys

C, TMP = sys.argv[1], sys.argv[2]
DLTS = [1, 113, 276, 12, 101, 228, 229, 0, 108, 9, 50, 147]

def put(target, data):
    h = hashlib.sha1(data).hexdigest()[:16]
    with open(os.path.join(C, target, h), "wb") as f:
        f.write(data)

def records(path):
    b = open(path, "rb").read()
    if len(b) < 24:
        return None, []
    magic = b[:4]
    e = "<" if magic in (b"\xd4\xc3\xb2\xa1", b"\x4d\x3c\xb2\xa1") else ">"
    dlt = struct.unpack(e + "I", b[20:24])[0] & 0x0fffffff
    out, off = [], 24
    while off + 16 <= len(b):
        _, _, cap, _ = struct.unpack(e + "IIII", b[off:off + 16])
        out.append(b[off + 16:off + 16 + cap])
        off += 16 + cap
    return dlt, out

# Golden captures: each record with its link type's selector; the files
# themselves for the capture reader (they are small).
pairs = []
for path in sorted(glob.glob("tests/golden/pcap/*.pcap")):
    dlt, recs = records(path)
    put("pcap", open(path, "rb").read())
    if dlt not in DLTS:
        continue
    sel = bytes([DLTS.index(dlt)])
    for r in recs[:12]:
        put("dissect", sel + r)
        put("roundtrip", sel + r)
    for a, b in zip(recs, recs[1:]):
        if len(pairs) < 60:
            pairs.append((DLTS.index(dlt), a, b))
for s, a, b in pairs:
    put("match", bytes([s << 4 | s]) + struct.pack(">H", len(a)) + a + b)

# Golden specs and their bytes (Scapy's raw()).
for line in open("tests/golden/build.tsv", encoding="utf-8"):
    if line.startswith("#") or "\t" not in line:
        continue
    spec, hexes = line.rstrip("\n").split("\t", 1)
    put("spec", spec.encode())
    put("roundtrip", b"\x80" + spec.encode())
    first = spec.split("(")[0].split("/")[0].strip()
    sel = {"Ether": 0, "CookedLinux": 1, "IP": 3, "IPv6": 3}.get(first)
    if sel is not None:
        for hx in hexes.split()[:2]:
            try:
                raw = bytes.fromhex(hx)
            except ValueError:
                continue
            put("dissect", bytes([sel]) + raw)

# JSON Lines: whole small files and single lines.
for path in sorted(glob.glob(os.path.join(TMP, "*.jsonl"))):
    data = open(path, "rb").read()
    if not data:
        continue
    if len(data) < 16384:
        put("jsonl", data)
    for ln in data.splitlines(True)[:6]:
        put("jsonl", ln)
for path in sorted(glob.glob("tests/golden/graph/*.jsonl")):
    data = open(path, "rb").read()
    put("jsonl", data[:16384])
    for ln in data.splitlines(True)[:3]:
        put("jsonl", ln)

# Configuration files: the unit test's strings.
import ast, re
src = open("tests/unit/test_config.c", encoding="utf-8").read()
for m in re.finditer(r'\{\s*("(?:[^"\\]|\\.)*"(?:\s*"(?:[^"\\]|\\.)*")*)\s*,\s*\d+\s*,', src):
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
    text = "".join(parts)
    try:
        put("config", ast.literal_eval('"' + text + '"').encode("latin-1"))
    except Exception:
        pass
for m in re.finditer(r'tmpfile_s\(((?:\s*"(?:[^"\\]|\\.)*")+)\)', src):
    parts = re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))
    try:
        put("config", ast.literal_eval('"' + "".join(parts) + '"').encode("latin-1"))
    except Exception:
        pass
put("config", b"iface = eth0\nl3raw = auto\nnofilter = no\ntimeout = 0.5\n"
    b"dot = dot -Tsvg\ncolor = always\n")
put("config", b"# comment\n\n  timeout = \"2\"  # trailing\r\ndot = \"a \\\" # b\"\n")
PY
du -sh "$C"; for d in "$C"/*/; do echo "$(find "$d" -type f | wc -l) $d"; done
