#!/usr/bin/python3
"""Dump Scapy 2.5's layer definitions as a readable reference for pkt's C engine.

    /usr/bin/python3 tests/golden/scapy/gen_fields.py > tests/golden/scapy/fields.txt

For every layer class: the `name` attribute (the show() header), each field in
fields_desc order with its Scapy field class, its size in bits when fixed, its
default, its enum / flag names, and presence conditions (ConditionalField,
MultipleTypeField); then the layer's bindings (payload_guess: which upper
layer the dissector picks for which field values) and overload_fields (what
this layer sets in the layer below it when stacked).
"""
import inspect
import logging
import re
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
import scapy  # noqa: E402
import scapy.all as S  # noqa: E402
from scapy import fields as F  # noqa: E402

MAX_ENUM = 40

CLASSES = """
Ether Dot1Q ARP CookedLinux CookedLinuxV2 Loopback PPP HDLC
IP IPerror IPv6 IPerror6
IPv6ExtHdrHopByHop IPv6ExtHdrDestOpt IPv6ExtHdrRouting IPv6ExtHdrFragment
Pad1 PadN RouterAlert
ICMP ICMPerror
ICMPv6EchoRequest ICMPv6EchoReply ICMPv6DestUnreach ICMPv6PacketTooBig
ICMPv6TimeExceeded ICMPv6ParamProblem
ICMPv6ND_NS ICMPv6ND_NA ICMPv6ND_RS ICMPv6ND_RA ICMPv6ND_Redirect
ICMPv6NDOptSrcLLAddr ICMPv6NDOptDstLLAddr ICMPv6NDOptPrefixInfo ICMPv6NDOptMTU
ICMPv6NDOptRedirectedHdr ICMPv6NDOptRDNSS ICMPv6NDOptDNSSL ICMPv6NDOptRouteInfo
ICMPv6NDOptUnknown
TCP TCPerror UDP UDPerror
DNS DNSQR DNSRR
Raw Padding
""".split()


def lambda_text(fn):
    """Best-effort source text of a condition lambda."""
    try:
        src = inspect.getsource(fn)
    except (OSError, TypeError):
        return repr(fn)
    src = " ".join(ln.strip() for ln in src.splitlines())
    i = src.find("lambda")
    if i < 0:
        m = re.search(r"def\s+\w+\(.*", src)
        return (m.group(0) if m else src)[:200]
    depth = 0
    j = i
    while j < len(src):
        c = src[j]
        if c in "([{":
            depth += 1
        elif c in ")]}":
            if depth == 0:
                break
            depth -= 1
        elif c == "," and depth == 0:
            break
        j += 1
    return src[i:j].strip()


def size_bits(f):
    if isinstance(f, (F.BitField,)) or type(f).__name__.startswith("Bit"):
        if hasattr(f, "size"):
            return str(f.size)
    if isinstance(f, F.StrFixedLenField):
        try:
            return str(8 * f.length_from(None))
        except Exception:  # noqa: BLE001
            return "var"
    if isinstance(f, (F.StrField, F.PacketField, F.PacketListField,
                      F.FieldListField)):
        return "var"
    name = type(f).__name__
    if "Count" not in name and any(k in name for k in ("List", "Str", "Packet", "Option", "DNSRR",
                               "DNSQR", "DNSStr", "Name")):
        return "var"
    sz = getattr(f, "sz", None)
    if sz is None:
        return "var"
    return str(int(sz * 8))


def fmt_default(f):
    if type(f).__name__ == "ICMPTimeStampField":
        return "<ms since midnight UTC, taken when the object is made>"
    d = f.default
    if isinstance(d, S.Packet):
        return repr(d)
    return repr(d)


def enum_lines(f, ind):
    out = []
    i2s = getattr(f, "i2s", None)
    if isinstance(f, F.MultiEnumField):
        multi = getattr(f, "i2s_multi", {})
        out.append(ind + "enum depends on %s:" % lambda_text(f.depends_on))
        for k in sorted(multi):
            items = sorted(multi[k].items())
            out.append(ind + "  when %r: %s" % (k, fmt_items(items)))
        return out
    if i2s is not None and hasattr(i2s, "items"):
        items = sorted(i2s.items(), key=lambda kv: (str(type(kv[0])), kv[0]))
        if items:
            out.append(ind + "enum: " + fmt_items(items))
    names = getattr(f, "names", None)
    if isinstance(f, F.FlagsField) and names is not None:
        bits = [(1 << i, n) for i, n in enumerate(names)]
        out.append(ind + "flags (bit value: name, LSB first): " +
                   ", ".join("0x%x:%s" % b for b in bits))
    return out


def fmt_items(items):
    trunc = len(items) > MAX_ENUM
    s = ", ".join("%s:%s" % (k if not isinstance(k, int) else k, v)
                  for k, v in items[:MAX_ENUM])
    if trunc:
        s += ", ... (%d entries in all, truncated to %d)" % (len(items), MAX_ENUM)
    return "{" + s + "}"


def unwrap(f):
    """Return (inner field, note) for Emph / ConditionalField wrappers."""
    notes = []
    while True:
        if isinstance(f, F.ConditionalField):
            notes.append("present only if: " + lambda_text(f.cond))
            f = f.fld
        elif isinstance(f, F.Emph):
            f = f.fld
        else:
            return f, notes


def field_block(f, ind="  "):
    out = []
    inner, notes = unwrap(f)
    if isinstance(inner, F.MultipleTypeField):
        out.append("%s%-14s MultipleTypeField (type chosen per packet)" % (ind, inner.name))
        for n in notes:
            out.append(ind + "    " + n)
        for sub, cond in inner.flds:
            if isinstance(cond, tuple):
                cond = cond[0]
            out.append(ind + "    when %s:" % lambda_text(cond))
            out.extend(field_block(sub, ind + "      "))
        out.append(ind + "    otherwise:")
        out.extend(field_block(inner.dflt, ind + "      "))
        return out
    wrap = type(f).__name__
    cls = type(inner).__name__
    if wrap != cls:
        cls = "%s(%s)" % (wrap, cls)
    out.append("%s%-14s %-40s bits=%-4s default=%s" % (
        ind, inner.name, cls, size_bits(inner), fmt_default(inner)))
    for n in notes:
        out.append(ind + "    " + n)
    out.extend(enum_lines(inner, ind + "    "))
    return out


def class_block(name):
    cls = getattr(S, name, None)
    if cls is None:
        return ["== %s: (not in this Scapy)" % name, ""]
    lname = cls().name          # the class attribute is shadowed by a slot
    out = ["== %s  (module %s)" % (name, cls.__module__),
           "  name: %r   (show() header: '###[ %s ]### ')" % (lname, lname),
           "  fields:"]
    for f in cls.fields_desc:
        out.extend(field_block(f, "    "))
    if cls._overload_fields:
        out.append("  overload_fields (stacked on top of LOWER, this layer sets LOWER's fields):")
        for low, vals in cls._overload_fields.items():
            out.append("    under %s: %s" % (low.__name__, vals))
    if cls.payload_guess:
        out.append("  payload_guess (dissector picks the upper layer when all fields match):")
        for vals, up in cls.payload_guess[:MAX_ENUM]:
            out.append("    %s -> %s" % (vals, up.__name__))
        if len(cls.payload_guess) > MAX_ENUM:
            out.append("    ... (%d in all)" % len(cls.payload_guess))
    out.append("")
    return out


def main():
    w = sys.stdout.write
    w("Scapy %s layer reference, generated by tests/golden/scapy/gen_fields.py.\n" % scapy.VERSION)
    w("Per field: name, field class (Wrapper(Inner) for Emph/ConditionalField),\n")
    w("bits (fixed size; 'var' if variable), default (None = computed at build).\n")
    w("Enums list int:name (truncated to %d entries); port names come from\n" % MAX_ENUM)
    w("/etc/services on the machine that generated this file.\n")
    from scapy.layers.inet import icmp_id_seq_types
    w("icmp_id_seq_types (ICMP types that have id/seq) = %r\n\n" % (icmp_id_seq_types,))
    for n in CLASSES:
        w("\n".join(class_block(n)) + "\n")


if __name__ == "__main__":
    main()
