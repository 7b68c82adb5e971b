#!/usr/bin/python3
"""Scapy oracle for the packet builder: writes tests/golden/build.tsv.

Run with Debian's Scapy 2.5 (python3-scapy) and the system interpreter:

    /usr/bin/python3 tests/golden/scapy/gen_build.py > tests/golden/build.tsv

Each spec in SPECS (below) is written in pkt's packet language (SPEC.md s.3).
It is parsed with Python's `ast`, turned into Scapy objects, expanded with
Scapy's own generator (list(pkt)) and every generated packet is built with
raw().  Output: one line per spec, `SPEC<TAB>HEX[ HEX ...]` (the hex of each
generated packet, in Scapy's generation order; an empty list when the spec
generates nothing).  Lines starting with '#' are comments.  Specs Scapy
rejects are written as `# SCAPY-REJECTS<TAB>SPEC<TAB>error` comment lines.
"""
import ast
import logging
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
logging.getLogger("scapy").setLevel(logging.ERROR)
import scapy  # noqa: E402
import scapy.all as S  # noqa: E402
from scapy.compat import raw  # noqa: E402
from scapy.packet import Packet  # noqa: E402

S.conf.verb = 0

# ICMP multi-part extensions (RFC 4884/4950/5837): Scapy's contrib module,
# with its bugs fixed the way pkt fixes them (common/layers/icmpext.c), so
# that the vectors are the bytes of the RFCs:
# - the header's checksum covers the header and the objects (Scapy sums the
#   4 header bytes only, and its own post_dissection then refuses them);
# - an MPLS or interface object's len counts that object, not the objects
#   after it;
# - the interface name's length octet counts itself (RFC 5837 4.3);
# - afi left unset is 1 or 2 when ip4 or ip6 is given (Scapy's self_build
#   means to, but reads the fields through their hidden conditions).
S.load_contrib("icmp_extensions")
from scapy.contrib import icmp_extensions as _ie  # noqa: E402
from scapy.utils import checksum as _checksum  # noqa: E402


def _ieh_post_build(self, p, pay):
    if self.chksum is None:
        ck = _checksum(p + pay)
        p = p[:2] + bytes([ck >> 8, ck & 0xff]) + p[4:]
    return p + pay


def _own_len_post_build(self, p, pay):
    if self.len is None:
        p = len(p).to_bytes(2, "big") + p[2:]
    return p + pay


def _ifinfo_self_build(self, **kwargs):
    if self.afi is None and self.has_ipaddr:
        if self.fields.get("ip4") is not None:
            self.afi = 1
        elif self.fields.get("ip6") is not None:
            self.afi = 2
    return _ie.ICMPExtensionObject.self_build(self, **kwargs)


_ie.ICMPExtensionHeader.post_build = _ieh_post_build
_ie.ICMPExtensionMPLS.post_build = _own_len_post_build
_ie.ICMPExtensionInterfaceInformation.post_build = _own_len_post_build
_ie.ICMPExtensionInterfaceInformation.self_build = _ifinfo_self_build
for _f in _ie.ICMPExtensionInterfaceInformation.fields_desc:
    if _f.name == "ifname_len":
        _f.fld.adjust = lambda pkt, x: x + 1
    elif _f.name == "ifname":
        _f.fld.length_from = lambda pkt: max(pkt.ifname_len - 1, 0)

# String literals that are payload bytes (latin-1: char == byte) rather than
# text.  Keyed by field name; the layer is checked where it matters.
BYTES_FIELDS = {"load", "data", "optdata"}


class SpecError(Exception):
    pass


def layer_class(name):
    cls = getattr(S, name, None) or getattr(_ie, name, None)
    if not (isinstance(cls, type) and issubclass(cls, Packet)):
        raise SpecError("unknown layer %r" % name)
    return cls


def to_bytes(s):
    return s.encode("latin-1")


def repeat(node):
    """Python's string repetition, "A"*100, 100*"A", b"A"*3*2: the value,
    or None when node is no such expression."""
    if isinstance(node, ast.Constant) and isinstance(node.value, (str, bytes)):
        return node.value
    if not (isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult)):
        return None
    for s, n in ((node.left, node.right), (node.right, node.left)):
        v = repeat(s)
        if v is not None and isinstance(n, ast.Constant) and \
                type(n.value) is int:
            return v * n.value
    return None


def conv_value(node, cls, fname, in_option=False):
    """Convert a field value node to what Scapy takes."""
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Mult):
        v = repeat(node)
        if v is None:
            raise SpecError("unsupported value %s" % ast.dump(node))
        node = ast.Constant(v)
    if isinstance(node, ast.Constant):
        v = node.value
        if isinstance(v, bytes):
            return v
        if isinstance(v, str):
            if fname in BYTES_FIELDS or in_option:
                return to_bytes(v)
            if fname == "options" and cls is S.IP:
                return to_bytes(v)          # raw IP option bytes
            return v
        if v is None or isinstance(v, int):
            return v
        raise SpecError("bad constant %r" % (v,))
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
        return -conv_value(node.operand, cls, fname)
    if isinstance(node, ast.Name):          # unquoted WORD
        return node.id
    if isinstance(node, ast.Tuple):
        # A (name, value) pair inside an option list: value strings are bytes.
        opt = fname == "options" and in_option
        return tuple(conv_value(e, cls, fname, in_option=opt and i > 0)
                     for i, e in enumerate(node.elts))
    if isinstance(node, ast.List):
        if fname == "options":
            out = []
            for e in node.elts:
                if isinstance(e, ast.Tuple):
                    out.append(tuple(conv_value(x, cls, fname, in_option=i > 0)
                                     for i, x in enumerate(e.elts)))
                else:
                    out.append(conv_value(e, cls, fname))
            return out
        return [conv_value(e, cls, fname) for e in node.elts]
    if isinstance(node, (ast.Call, ast.BinOp)):
        return conv_expr(node)
    raise SpecError("unsupported value %s" % ast.dump(node))


def conv_layer(node):
    v = repeat(node)
    if isinstance(v, str):
        return S.Raw(load=to_bytes(v))
    if isinstance(v, bytes):
        return S.Raw(load=v)
    if isinstance(node, ast.Name):
        return layer_class(node.id)()
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name):
        if node.args:
            raise SpecError("positional arguments are not in the language")
        cls = layer_class(node.func.id)
        kw = {k.arg: conv_value(k.value, cls, k.arg) for k in node.keywords}
        return cls(**kw)
    raise SpecError("unsupported layer %s" % ast.dump(node))


def conv_expr(node):
    if isinstance(node, ast.BinOp) and isinstance(node.op, ast.Div):
        return conv_expr(node.left) / conv_layer(node.right)
    return conv_layer(node)


def build(spec):
    tree = ast.parse(spec, mode="eval")
    pkt = conv_expr(tree.body)
    return [raw(p).hex() for p in pkt]


# ---------------------------------------------------------------------------
# The specs.  '#' lines are copied to the output as group headers.
SPECS = r'''
# == Ether ==
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")
Ether(dst="00:11:22:33:44:55",src="66:77:88:99:aa:bb",type=0x88b5)
Ether(dst="00:11:22:33:44:55",src="66:77:88:99:aa:bb")/"hello"
Ether(dst="00:11:22:33:44:55",src="66:77:88:99:aa:bb",type=0x0800)/"abc"
Ether(dst="AA:BB:CC:DD:EE:FF",src="02:00:00:00:00:01")
Ether(dst="01:00:5e:00:00:01",src="02:00:00:00:00:01")/IP()/ICMP()
Ether(dst="00:11:22:33:44:55",src="66:77:88:99:aa:bb")/IP(src="192.0.2.1",dst="192.0.2.2")/TCP()
Ether(dst="33:33:00:00:00:01",src="02:00:00:00:00:01")/IPv6(src="fe80::1",dst="ff02::1")/UDP()
Ether(dst="00:11:22:33:44:55",src="66:77:88:99:aa:bb",type=0x86dd)/IP()
Ether(dst="00:11:22:33:44:55",src="66:77:88:99:aa:bb",type=0)
Ether(dst=["00:00:00:00:00:01","00:00:00:00:00:02"],src="02:00:00:00:00:01")
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01",type=0x88cc)/"\x02\x07\x04\x00\x11\x22\x33\x44\x55"
# == Dot1Q / QinQ ==
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(vlan=100)/IP()/UDP()
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(prio=7,id=1,vlan=4095)
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(prio=5,id=0,vlan=10)/"x"
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(vlan=1)/ARP(hwsrc="02:00:00:00:00:01",psrc="192.0.2.1",pdst="192.0.2.2")
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01",type=0x88a8)/Dot1Q(vlan=100)/Dot1Q(vlan=200)/IP()/ICMP()
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(vlan=100)/Dot1Q(vlan=200)/IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6EchoRequest()
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(vlan=(1,3))
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(prio=[0,5],vlan=10)/"x"
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(vlan=42,type=0x0800)/"abcd"
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(prio=3,vlan=7)/IPv6(src="2001:db8::1",dst="2001:db8::2")/TCP()
# == ARP ==
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/ARP(hwsrc="02:00:00:00:00:01",psrc="192.0.2.1",pdst="192.0.2.2")
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/ARP(op="who-has",hwsrc="02:00:00:00:00:01",psrc="192.0.2.1",hwdst="00:00:00:00:00:00",pdst="192.0.2.254")
Ether(dst="02:00:00:00:00:02",src="02:00:00:00:00:01")/ARP(op="is-at",hwsrc="02:00:00:00:00:01",psrc="192.0.2.1",hwdst="02:00:00:00:00:02",pdst="192.0.2.2")
Ether(dst="02:00:00:00:00:02",src="02:00:00:00:00:01")/ARP(op=2,hwsrc="02:00:00:00:00:01",psrc="192.0.2.1",hwdst="02:00:00:00:00:02",pdst="192.0.2.2")
ARP(hwtype=1,ptype=0x0800,hwlen=6,plen=4,op=1,hwsrc="02:00:00:00:00:01",psrc="10.1.2.3",hwdst="ff:ff:ff:ff:ff:ff",pdst="10.1.2.4")
ARP(hwsrc="02:00:00:00:00:01",psrc="192.0.2.1",pdst="192.0.2.1")
ARP(op=[1,2],hwsrc="02:00:00:00:00:01",psrc="192.0.2.1",pdst="192.0.2.2")
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/ARP(hwsrc="02:00:00:00:00:01",psrc="192.0.2.1",pdst="192.0.2.0/30")
ARP(op=3,hwsrc="02:00:00:00:00:01",psrc="192.0.2.1",hwdst="02:00:00:00:00:02",pdst="192.0.2.2")
ARP(hwtype=6,op="is-at",hwsrc="aa:bb:cc:dd:ee:ff",psrc="172.16.0.1",hwdst="11:22:33:44:55:66",pdst="172.16.0.2")
# == IPv4 header fields ==
IP()
IP(src="192.0.2.1",dst="192.0.2.2")
IP(version=4,ihl=5,tos=0x10,len=20,id=0x1234,flags=0,frag=0,ttl=255,proto=0,chksum=0xabcd,src="10.0.0.1",dst="10.0.0.2")
IP(version=4,ihl=5,tos=0,len=20,id=1,flags=0,frag=0,ttl=64,proto=0,chksum=None,src="127.0.0.1",dst="127.0.0.1",options="")
IP(flags="DF",src="10.0.0.1",dst="10.0.0.2")
IP(flags="MF",src="10.0.0.1",dst="10.0.0.2")
IP(flags="MF+DF",src="10.0.0.1",dst="10.0.0.2")
IP(flags="evil",src="10.0.0.1",dst="10.0.0.2")
IP(flags=1,src="10.0.0.1",dst="10.0.0.2")
IP(flags=2,src="10.0.0.1",dst="10.0.0.2")
IP(flags=3,src="10.0.0.1",dst="10.0.0.2")
IP(flags=7,src="10.0.0.1",dst="10.0.0.2")
IP(flags="MF",frag=185,src="10.0.0.1",dst="10.0.0.2")/"0123456789"
IP(frag=8191,src="10.0.0.1",dst="10.0.0.2")
IP(tos=0xb8,src="10.0.0.1",dst="10.0.0.2")
IP(tos=255)
IP(ttl=1)
IP(ttl=0)
IP(id=0)
IP(id=0xffff,ttl=128)
IP(chksum=0xdead)
IP(chksum=0)/UDP()
IP(len=1000)
IP(len=10)/"abc"
IP(ihl=6)
IP(ihl=15)/"x"
IP(proto=6)
IP(proto=47)/"gre!"
IP(proto=17)/TCP()
IP(proto="tcp")
IP(proto="udp",src="10.0.0.1",dst="10.0.0.2")
IP(proto=255)
IP(version=6)
IP(version=15,ihl=0)
IP(src="10.0.0.1",dst="10.0.0.2")/"payload"
IP(src="0.0.0.0",dst="255.255.255.255")/UDP(sport=68,dport=67)
IP(src="224.0.0.1",dst="239.255.255.250")
# == IPv4 options ==
IP(options="\x94\x04\x00\x00")
IP(options="\x01")
IP(options="\x00")
IP(options="\x01\x01\x01\x01")
IP(options="\x01\x01\x01\x01\x01")
IP(options="\x07\x07\x04\x00\x00\x00\x00")
IP(options="\x07\x0b\x04\x00\x00\x00\x00\x00\x00\x00\x00")
IP(options="\x83\x07\x04\xc0\x00\x02\x01",src="192.0.2.2",dst="192.0.2.1")
IP(options="\x89\x07\x04\xc0\x00\x02\x01",src="192.0.2.2",dst="192.0.2.1")
IP(options="\x44\x0c\x05\x00\x00\x00\x00\x00\x00\x00\x00\x00")
IP(options="\x94\x04\x00\x00",src="10.0.0.1",dst="224.0.0.22")/"\x22\x00\xf9\x02"
IP(options="\x94\x04\x00\x00\x01",ihl=None,len=None)/TCP()
IP(ihl=7,options="\x01\x01\x01\x01")
IP(options="\x94\x04\x00\x00")/UDP()/"x"
# == IPv6 header fields ==
IPv6(src="2001:db8::1",dst="2001:db8::2")
IPv6(src="::1",dst="::1")
IPv6(src="2001:db8::1",dst="2001:db8::2",tc=0xb8,fl=0x12345,hlim=255)
IPv6(src="2001:db8::1",dst="2001:db8::2",fl=0xfffff,tc=255)
IPv6(src="2001:db8::1",dst="2001:db8::2",nh=6)
IPv6(src="2001:db8::1",dst="2001:db8::2",nh=17)/"abc"
IPv6(src="2001:db8::1",dst="2001:db8::2")/"abc"
IPv6(src="2001:db8::1",dst="2001:db8::2",plen=100)/UDP()
IPv6(src="2001:db8::1",dst="2001:db8::2",plen=0)/"xyz"
IPv6(src="2001:db8::1",dst="2001:db8::2",hlim=0)
IPv6(version=4,src="2001:db8::1",dst="2001:db8::2")
IPv6(src="2001:db8::1",dst="2001:db8::2")/TCP()
IPv6(src="2001:db8::1",dst="2001:db8::2")/UDP()/"x"
IPv6(src="2001:db8::1",dst="2001:db8::2",nh=17)/TCP()
IPv6(src="fe80::1",dst="ff02::1:ff00:2")
IPv6(src="2001:db8:0:0:1:0:0:1",dst="2001:0db8:0000:0000:0000:0000:0000:0002")
IPv6(src="::ffff:192.0.2.1",dst="::ffff:192.0.2.2")
# == IPv6 extension headers ==
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrHopByHop()/UDP()
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrHopByHop()
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrHopByHop()/ICMPv6EchoRequest()
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrHopByHop(nh=58)/"\x80\x00\x00\x00\x00\x00\x00\x00"
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrDestOpt()/ICMPv6EchoRequest()
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrDestOpt()/TCP()
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrRouting()/UDP()
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrRouting(addresses=["2001:db8::10","2001:db8::11"])/TCP()
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrRouting(addresses=["2001:db8::10"],segleft=0)/UDP()
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrRouting(type=2,addresses=["2001:db8::10"])/ICMPv6EchoRequest()
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrFragment()/UDP()
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrFragment(id=0x12345678,offset=0,m=1)/UDP(sport=1000,dport=2000)/"first-fragment"
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrFragment(id=0x12345678,offset=100,m=0,nh=17)/"tail"
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrFragment(id=1,m=1)/ICMPv6EchoRequest(data="ABCDEFGH")
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrHopByHop()/IPv6ExtHdrDestOpt()/IPv6ExtHdrRouting(addresses=["2001:db8::3"])/IPv6ExtHdrFragment(id=7)/TCP(flags="SA")
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrHopByHop()/IPv6ExtHdrDestOpt()/UDP()/"hi"
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrFragment(offset=(0,2),m=1,id=9)/"x"
# The pseudo-header (in6_chksum): the routing header nearest the upper
# layer gives the destination; a destination options header whose only
# option is HAO gives the source; an option list is one value (no fan-out).
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrRouting(addresses=["2001:db8::a","2001:db8::b"])/IPv6ExtHdrRouting(addresses=["2001:db8::c"])/UDP(sport=1,dport=2)
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrRouting(addresses=["2001:db8::a"])/IPv6ExtHdrRouting(addresses=["2001:db8::c"],segleft=0)/UDP(sport=1,dport=2)
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrDestOpt(options=[HAO(hoa="2001:db8::99")])/UDP(sport=1,dport=2)
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrDestOpt(options=[HAO(hoa="2001:db8::99")])/IPv6ExtHdrDestOpt(options=[HAO(hoa="2001:db8::98")])/UDP(sport=1,dport=2)
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrDestOpt(options=[PadN(optdata="\x00\x00"),HAO(hoa="2001:db8::99")])/UDP(sport=1,dport=2)
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrDestOpt(options=[HAO(hoa="2001:db8::99")])/IPv6ExtHdrRouting(addresses=["2001:db8::c"])/TCP(sport=1,dport=2)
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrHopByHop(options=[RouterAlert(),PadN(optdata="\x00\x00")])/UDP()
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrRouting(addresses=["2001:db8::a"])/IPv6(src="2001:db8::5",dst="2001:db8::6")/IPv6ExtHdrRouting(addresses=["2001:db8::c"])/TCP(sport=1,dport=2)
IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrRouting(addresses=["2001:db8::a"])/ICMPv6DestUnreach()/IPv6(src="2001:db8::2",dst="2001:db8::1")/IPv6ExtHdrRouting(addresses=["2001:db8::c"])/UDP()
# == ICMP ==
IP()/ICMP()
IP(src="192.0.2.1",dst="192.0.2.2")/ICMP(type="echo-request",id=1,seq=1)/"abcdefgh"
IP(src="192.0.2.2",dst="192.0.2.1")/ICMP(type="echo-reply",id=1,seq=1)/"abcdefgh"
IP()/ICMP(type=0,id=0x1234,seq=0xffff)
IP()/ICMP(type=8,code=1)
IP(src="192.0.2.254",dst="192.0.2.1")/ICMP(type=3,code=3)/IP(src="192.0.2.1",dst="192.0.2.2")/UDP(sport=1234,dport=53)
IP(src="192.0.2.254",dst="192.0.2.1")/ICMP(type="dest-unreach",code="port-unreachable")/IP(src="192.0.2.1",dst="192.0.2.2")/UDP(sport=40000,dport=33434)
IP(src="192.0.2.254",dst="192.0.2.1")/ICMP(type="dest-unreach",code="host-unreachable")/IP(src="192.0.2.1",dst="198.51.100.1")/TCP(sport=40000,dport=80)
IP(src="192.0.2.254",dst="192.0.2.1")/ICMP(type=3,code=4,nexthopmtu=1400)/IP(src="192.0.2.1",dst="198.51.100.1",flags="DF")/TCP(sport=40000,dport=80,flags="A")
IP(src="192.0.2.254",dst="192.0.2.1")/ICMP(type=3,code=13)
IP(src="10.0.0.1",dst="192.0.2.2")/ICMP(type="time-exceeded",code=0)/IP(src="192.0.2.2",dst="198.51.100.7",ttl=1)/TCP(sport=12345,dport=443,seq=1000)
IP(src="10.0.0.1",dst="192.0.2.2")/ICMP(type=11,code=1)/IP(src="192.0.2.2",dst="198.51.100.7",flags="MF")/UDP()
IP(src="10.0.0.1",dst="192.0.2.2")/ICMP(type="time-exceeded",code="ttl-zero-during-transit")/IP(src="192.0.2.2",dst="198.51.100.7",ttl=1)/ICMP(id=7,seq=3)
IP(src="192.0.2.1",dst="192.0.2.2")/ICMP(type="redirect",code=1,gw="192.0.2.254")/IP(src="192.0.2.2",dst="198.51.100.1")/ICMP()
IP(src="192.0.2.1",dst="192.0.2.2")/ICMP(type=5,gw="10.0.0.1")
IP(src="192.0.2.1",dst="192.0.2.2")/ICMP(type=5,code=0)
IP()/ICMP(type="timestamp-request",id=1,seq=2,ts_ori=12345678,ts_rx=0,ts_tx=0)
IP()/ICMP(type="timestamp-reply",id=1,seq=2,ts_ori=12345678,ts_rx=12345700,ts_tx=12345701)
IP()/ICMP(type=13,ts_ori=0,ts_rx=0,ts_tx=0)
IP()/ICMP(type="address-mask-request",id=1,seq=1)
IP()/ICMP(type=17,id=1,seq=1,addr_mask="0.0.0.0")
IP()/ICMP(type="address-mask-reply",id=1,seq=1,addr_mask="255.255.255.0")
IP()/ICMP(chksum=0x1234)
IP()/ICMP(chksum=0)
IP()/ICMP(type="parameter-problem",ptr=20)/IP(src="192.0.2.1",dst="192.0.2.2",ihl=6)
IP()/ICMP(type=12,code=1)
IP()/ICMP(type="source-quench")/IP(src="192.0.2.1",dst="192.0.2.2")/UDP()
IP()/ICMP(type="router-solicitation")
IP()/ICMP(type=9)
ICMP()
ICMP(type="echo-request",id=0xabcd,seq=1)/"payload"
IP()/ICMP(type=["echo-request","echo-reply"])
IP()/ICMP(seq=(1,3))
IP()/ICMP(type=3,code=(0,3))/IP(src="192.0.2.1",dst="192.0.2.2")/UDP()
IP()/ICMP(type=42,code=7)
# == ICMPv6 echo and errors ==
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6EchoRequest()
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6EchoRequest(id=1,seq=2,data="abcd")
IPv6(src="2001:db8::2",dst="2001:db8::1")/ICMPv6EchoReply(id=0x1234,seq=1,data="\x00\x01\x02")
IPv6(src="2001:db8::2",dst="2001:db8::1")/ICMPv6EchoReply()
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6EchoRequest(cksum=0xbeef)
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6EchoRequest(code=1,id=0xffff,seq=0xffff)
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6EchoRequest(seq=(1,3))
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6EchoRequest()/"raw-after"
IPv6(src="2001:db8::1",dst="2001:db8::2",hlim=1)/ICMPv6EchoRequest(data="ping")
ICMPv6EchoRequest(data="no-ip")
IPv6(src="2001:db8::ff",dst="2001:db8::1")/ICMPv6DestUnreach(code=4)/IPv6(src="2001:db8::1",dst="2001:db8::2")/UDP(sport=40000,dport=33434)
IPv6(src="2001:db8::ff",dst="2001:db8::1")/ICMPv6DestUnreach()/IPv6(src="2001:db8::1",dst="2001:db8::2")/TCP()
IPv6(src="2001:db8::ff",dst="2001:db8::1")/ICMPv6DestUnreach(code=1)
IPv6(src="2001:db8::ff",dst="2001:db8::1")/ICMPv6PacketTooBig(mtu=1280)/IPv6(src="2001:db8::1",dst="2001:db8::2")/UDP()/"x"
IPv6(src="2001:db8::ff",dst="2001:db8::1")/ICMPv6PacketTooBig()
IPv6(src="2001:db8::ff",dst="2001:db8::1")/ICMPv6TimeExceeded(code=0)/IPv6(src="2001:db8::1",dst="2001:db8::2",hlim=1)/UDP()
IPv6(src="2001:db8::ff",dst="2001:db8::1")/ICMPv6TimeExceeded(code=1)/IPv6(src="2001:db8::1",dst="2001:db8::2")/IPv6ExtHdrFragment(m=1)/"x"
IPv6(src="2001:db8::ff",dst="2001:db8::1")/ICMPv6ParamProblem(code=1,ptr=40)/IPv6(src="2001:db8::1",dst="2001:db8::2",nh=200)
IPv6(src="2001:db8::ff",dst="2001:db8::1")/ICMPv6ParamProblem()
# == ICMPv6 neighbour discovery ==
IPv6(src="2001:db8::1",dst="ff02::1:ff00:2",hlim=255)/ICMPv6ND_NS(tgt="2001:db8::2")/ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")
IPv6(src="2001:db8::1",dst="ff02::1:ff00:2",hlim=255)/ICMPv6ND_NS(tgt="2001:db8::2")
IPv6(src="::",dst="ff02::1:ff00:2",hlim=255)/ICMPv6ND_NS(tgt="2001:db8::2")
Ether(dst="33:33:ff:00:00:02",src="02:00:00:00:00:01")/IPv6(src="fe80::1",dst="ff02::1:ff00:2",hlim=255)/ICMPv6ND_NS(tgt="fe80::2")/ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")
IPv6(src="2001:db8::2",dst="2001:db8::1",hlim=255)/ICMPv6ND_NA(R=1,S=1,O=1,tgt="2001:db8::2")/ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:02")
IPv6(src="2001:db8::2",dst="2001:db8::1",hlim=255)/ICMPv6ND_NA(R=0,S=1,O=0,tgt="2001:db8::2")
IPv6(src="2001:db8::2",dst="ff02::1",hlim=255)/ICMPv6ND_NA(R=0,S=0,O=1,tgt="2001:db8::2")/ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:02")
IPv6(src="2001:db8::2",dst="2001:db8::1",hlim=255)/ICMPv6ND_NA(tgt="2001:db8::2")
IPv6(src="fe80::1",dst="ff02::2",hlim=255)/ICMPv6ND_RS()
IPv6(src="fe80::1",dst="ff02::2",hlim=255)/ICMPv6ND_RS()/ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")
IPv6(src="fe80::1",dst="ff02::1",hlim=255)/ICMPv6ND_RA()
IPv6(src="fe80::1",dst="ff02::1",hlim=255)/ICMPv6ND_RA(chlim=64,M=1,O=1,routerlifetime=1800,reachabletime=30000,retranstimer=1000)/ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")/ICMPv6NDOptMTU(mtu=1500)/ICMPv6NDOptPrefixInfo(prefix="2001:db8::",prefixlen=64)
IPv6(src="fe80::1",dst="ff02::1",hlim=255)/ICMPv6ND_RA(prf=1,H=1)/ICMPv6NDOptPrefixInfo(prefix="2001:db8:1::",prefixlen=48,L=1,A=0,validlifetime=3600,preferredlifetime=1800)
IPv6(src="fe80::1",dst="ff02::1",hlim=255)/ICMPv6ND_RA()/ICMPv6NDOptMTU(mtu=9000)
IPv6(src="fe80::1",dst="ff02::1",hlim=255)/ICMPv6ND_RA()/ICMPv6NDOptPrefixInfo()
IPv6(src="fe80::1",dst="ff02::1",hlim=255)/ICMPv6ND_RA(routerlifetime=0)/ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")
ICMPv6NDOptSrcLLAddr(lladdr="02:00:00:00:00:01")
ICMPv6NDOptDstLLAddr(lladdr="02:00:00:00:00:02")
ICMPv6NDOptMTU()
ICMPv6NDOptPrefixInfo(prefix="2001:db8::",prefixlen=64)
# == TCP ==
IP()/TCP()
TCP()
IP(src="192.0.2.1",dst="192.0.2.2")/TCP(sport=40000,dport=80,flags="S",seq=1000)
IP(src="192.0.2.2",dst="192.0.2.1")/TCP(sport=80,dport=40000,flags="SA",seq=5000,ack=1001)
IP(src="192.0.2.1",dst="192.0.2.2")/TCP(sport=40000,dport=80,flags="A",seq=1001,ack=5001)
IP(src="192.0.2.1",dst="192.0.2.2")/TCP(sport=40000,dport=80,flags="PA",seq=1001,ack=5001)/"GET / HTTP/1.0\r\n\r\n"
IP()/TCP(flags="F")
IP()/TCP(flags="R")
IP()/TCP(flags="P")
IP()/TCP(flags="A")
IP()/TCP(flags="U",urgptr=0x10)
IP()/TCP(flags="E")
IP()/TCP(flags="C")
IP()/TCP(flags="N")
IP()/TCP(flags="FA")
IP()/TCP(flags="RA")
IP()/TCP(flags="FPU")
IP()/TCP(flags="SEC")
IP()/TCP(flags="FSRPAUECN")
IP()/TCP(flags=0)
IP()/TCP(flags=0x12)
IP()/TCP(flags=0x1ff)
IP()/TCP(flags=["S","A"])
IP()/TCP(flags=["F","P","A"])
IP()/TCP(sport="http",dport="https")
IP()/TCP(sport="ssh",dport="telnet")
IP()/TCP(sport="ftp_data",dport="smtp")
IP()/TCP(dport="domain")
IP()/TCP(sport=0,dport=65535)
IP()/TCP(seq=0xdeadbeef,ack=0x12345678,flags="A")
IP()/TCP(seq=4294967295,ack=4294967295)
IP()/TCP(window=0)
IP()/TCP(window=65535)
IP()/TCP(urgptr=0xffff)
IP()/TCP(reserved=7)
IP()/TCP(dataofs=8)
IP()/TCP(dataofs=5,options=[("MSS",1460)])
IP()/TCP(dataofs=15)/"x"
IP()/TCP(chksum=0xbad)
IP()/TCP(chksum=0)
IP(src="192.0.2.1",dst="192.0.2.2")/TCP()/"payload"
IPv6(src="2001:db8::1",dst="2001:db8::2")/TCP(sport=40000,dport=443,flags="S")
# == TCP options ==
IP()/TCP(options=[("MSS",1460)])
IP()/TCP(options=[("MSS",536)])
IP()/TCP(options=[("NOP",None)])
IP()/TCP(options=[("EOL",None)])
IP()/TCP(options=[("WScale",7)])
IP()/TCP(options=[("WScale",0)])
IP()/TCP(options=[("SAckOK","")])
IP()/TCP(options=[("SAckOK","\x01\x02")])
IP()/TCP(options=[("Timestamp",(1,2))])
IP()/TCP(options=[("Timestamp",(4294967295,0))])
IP()/TCP(options=[("SAck",(1000,2000))])
IP()/TCP(options=[("SAck",(1000,2000,3000,4000))])
IP()/TCP(options=[("SAck",(1,2,3,4,5,6))])
IP()/TCP(options=[("NOP",None),("NOP",None),("SAck",(1000,2000))])
IP()/TCP(options=[("MSS",1460),("NOP",None),("WScale",7),("EOL",None)])
IP()/TCP(options=[("MSS",1460),("SAckOK",""),("Timestamp",(123456,0)),("NOP",None),("WScale",7)])
IP()/TCP(options=[("MSS",1460),("NOP",None),("NOP",None),("SAckOK","")])
IP()/TCP(options=[("NOP",None),("NOP",None),("Timestamp",(100,200))])
IP()/TCP(options=[("NOP",None),("WScale",14)])
IP()/TCP(options=[("EOL",None),("NOP",None)])
IP()/TCP(options=[("MSS",1460),("EOL",None)])
IP()/TCP(options=[("WScale",2),("WScale",3)])
IP()/TCP(options=[("NOP",None),("NOP",None),("NOP",None)])
IP()/TCP(options=[])
IP()/TCP(dataofs=6,options=[("NOP",None),("NOP",None),("NOP",None),("NOP",None)])
IP(src="192.0.2.1",dst="192.0.2.2")/TCP(sport=40000,dport=80,flags="S",seq=1000,window=64240,options=[("MSS",1460),("SAckOK",""),("Timestamp",(1,0)),("NOP",None),("WScale",7)])
IPv6(src="2001:db8::1",dst="2001:db8::2")/TCP(flags="S",options=[("MSS",1440),("NOP",None),("WScale",8)])
# == UDP ==
IP()/UDP()
UDP()
IP()/UDP(sport=1234,dport=5678)/"hello"
IP()/UDP(len=100)
IP()/UDP(len=4)/"abc"
IP()/UDP(chksum=0)
IP()/UDP(chksum=0x1234)/"x"
IP(src="1.1.1.1",dst="1.2.3.4")/UDP(sport=1,dport=2)/"\xf9\xcf"
IP(src="1.1.1.1",dst="1.2.3.4")/UDP(sport=1,dport=2)/"\x00\x00"
IP()/UDP(sport="domain",dport="domain")
IP()/UDP(sport=0,dport=0)
IP()/UDP(dport=123)/"\xe3\x00\x04\xfa"
IPv6(src="2001:db8::1",dst="2001:db8::2")/UDP()
IPv6(src="2001:db8::1",dst="2001:db8::2")/UDP(sport=546,dport=547)/"dhcp6"
IPv6(src="2001:db8::1",dst="2001:db8::2")/UDP(chksum=0)
IP()/UDP(sport=[1,2],dport=(3,4))
# == DNS ==
IP()/UDP()/DNS()
IP(dst="127.0.0.1")/UDP()/DNS()
IP()/UDP(sport=12345,dport=53)/DNS(rd=1,qd=DNSQR(qname="example.com"))
IP()/UDP(sport=12345,dport=53)/DNS(id=0x1234,qd=DNSQR(qname="example.com",qtype="AAAA"))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="example.com",qtype="MX"))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="example.com",qtype="TXT"))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="example.com",qtype="ANY"))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="4.3.2.1.in-addr.arpa",qtype="PTR"))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="example.com",qtype="NS"))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="example.com",qtype="CNAME"))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="example.com",qtype="SOA"))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="example.com",qtype=28))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="example.com.",qtype="A"))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="version.bind",qtype="TXT",qclass="CH"))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="example.com",qclass=255))
IP()/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="."))
IP()/UDP(sport=12345,dport=53)/DNS(rd=0,qd=DNSQR(qname="a.b.c.d.e.example.org"))
IP()/UDP(sport=53,dport=12345)/DNS(id=1,qr=1,aa=1,rd=1,ra=1,qd=DNSQR(qname="example.com"),an=DNSRR(rrname="example.com",type="A",ttl=300,rdata="93.184.216.34"))
IP()/UDP(sport=53,dport=12345)/DNS(id=2,qr=1,rd=1,ra=1,qd=DNSQR(qname="example.com",qtype="AAAA"),an=DNSRR(rrname="example.com",type="AAAA",ttl=3600,rdata="2001:db8::1"))
IP()/UDP(sport=53,dport=12345)/DNS(qr=1,qd=DNSQR(qname="www.example.com",qtype="CNAME"),an=DNSRR(rrname="www.example.com",type="CNAME",ttl=60,rdata="example.com"))
IP()/UDP(sport=53,dport=12345)/DNS(qr=1,qd=DNSQR(qname="example.com",qtype="NS"),an=DNSRR(rrname="example.com",type="NS",ttl=86400,rdata="ns1.example.com"))
IP()/UDP(sport=53,dport=12345)/DNS(qr=1,qd=DNSQR(qname="example.com",qtype="TXT"),an=DNSRR(rrname="example.com",type="TXT",ttl=300,rdata="v=spf1 -all"))
IP()/UDP(sport=53,dport=12345)/DNS(qr=1,qd=DNSQR(qname="4.3.2.1.in-addr.arpa",qtype="PTR"),an=DNSRR(rrname="4.3.2.1.in-addr.arpa",type="PTR",ttl=300,rdata="host.example.com"))
IP()/UDP(sport=53,dport=12345)/DNS(qr=1,qd=DNSQR(qname="www.example.com"),an=DNSRR(rrname="www.example.com",type="CNAME",rdata="example.com")/DNSRR(rrname="example.com",rdata="192.0.2.10"))
IP()/UDP(sport=53,dport=12345)/DNS(qr=1,qd=DNSQR(qname="example.com"),an=DNSRR(rrname="example.com",rdata="192.0.2.1")/DNSRR(rrname="example.com",rdata="192.0.2.2")/DNSRR(rrname="example.com",rdata="192.0.2.3"))
IP()/UDP(sport=53,dport=12345)/DNS(qr=1,qd=DNSQR(qname="example.com"),ns=DNSRR(rrname="example.com",type="NS",rdata="ns1.example.com"),ar=DNSRR(rrname="ns1.example.com",rdata="192.0.2.53"))
IP()/UDP(sport=53,dport=12345)/DNS(qr=1,rcode=3,qd=DNSQR(qname="nonexistent.example"))
IP()/UDP(sport=53,dport=12345)/DNS(qr=1,rcode="name-error",aa=1,qd=DNSQR(qname="nx.example"))
IP()/UDP()/DNS(qd=DNSQR(qname="a.example")/DNSQR(qname="b.example",qtype="AAAA"))
IP()/UDP()/DNS(qd=DNSQR(qname="a.example")/DNSQR(qname="b.example")/DNSQR(qname="c.example",qtype="MX"))
IP()/UDP()/DNS(opcode=2,tc=1,z=1,ad=1,cd=1,qd=DNSQR(qname="example.com"))
IP()/UDP()/DNS(opcode="IQUERY")
IP()/UDP()/DNS(qdcount=5,qd=DNSQR(qname="example.com"))
IP()/UDP()/DNS(ancount=1)
IP()/UDP()/DNS(qd=None)
DNS(qd=DNSQR(qname="example.com"))
DNSQR(qname="example.com",qtype="AAAA")
DNSRR(rrname="example.com",rdata="10.0.0.1")
DNSRR(rrname="example.com",type="TXT",rdata="hello world")
DNSRR(rrname="example.com",type="AAAA",ttl=0,rdata="::1")
DNSRR(rrname="example.com",type="A",rclass="CH",ttl=1,rdata="1.2.3.4")
DNSRR(rrname="example.com",type="A",rdlen=8,rdata="1.2.3.4")
IP()/TCP(sport=12345,dport=53,flags="PA")/DNS(qd=DNSQR(qname="example.com"))
IP()/TCP(sport=53,dport=12345,flags="PA")/DNS(qr=1,qd=DNSQR(qname="example.com"),an=DNSRR(rrname="example.com",rdata="192.0.2.1"))
IP()/TCP(sport=12345,dport=53,flags="PA")/DNS(length=100,qd=DNSQR(qname="example.com"))
IPv6(src="2001:db8::1",dst="2001:db8::53")/UDP(sport=12345,dport=53)/DNS(qd=DNSQR(qname="example.com",qtype="AAAA"))
IP()/UDP(sport=12345,dport=53)/DNS(id=(1,3),qd=DNSQR(qname="example.com"))
IP()/UDP()/DNS(qd=[DNSQR(qname="a.example"),DNSQR(qname="b.example")])
IP()/UDP()/DNS(qd=DNSQR(qname="example.com",qtype=["A","AAAA"]))
# == Raw and Padding ==
"abc"
"\x00\xff\x80"
""
Raw(load="hello")
Raw(load="\xde\xad\xbe\xef")
Raw()
IP()/"abc"
IP()/Raw(load="abc")
IP()/UDP()/Raw(load="\n\r\t\\")
IP()/TCP()/"a"/"b"
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/IP()/ICMP()/Padding(load="\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")
IP()/UDP()/"a"/Padding(load="\x01")
IP()/TCP()/Padding(load="\xff\xff")
# == String repetition (Python's "A"*100) ==
IP()/("A"*100)
IP()/UDP()/Raw(load="A"*100)
IP()/UDP()/Raw(load=b"A"*100)
IP()/UDP()/Raw(load=100*"A")
IP()/UDP()/Raw(load="ab"*3*2)
IP()/UDP()/Raw(load="\x00\xff"*4)
IP()/ICMP()/("x"*0)
IP()/TCP()/(b"GET / HTTP/1.0\r\n"*2)
IP()/ICMP()/Raw(load="A"*0x10)
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/IP()/UDP()/Padding(load="\x00"*12)
Padding(load="\x00\x00")
IP(src="10.0.0.1",dst="10.0.0.2")/UDP()/'single quoted'
IP(src="10.0.0.1",dst="10.0.0.2")/UDP()/"with \"quote\" and 'apos'"
# == Fan-out ==
IP(src="192.0.2.1",dst="10.0.0.0/30")/ICMP()
IP(src="192.0.2.1",dst="10.0.0.0/31")/ICMP()
IP(src="192.0.2.1",dst="10.0.0.7/32")/ICMP()
IP(src="192.0.2.1",dst="10.0.0.5/30")
IP(src="10.0.0.0/31",dst="192.0.2.1")
IP(src="192.0.2.1",dst=["10.0.0.1","10.0.0.4/31"])
IP(ttl=(1,3))/UDP(dport=[53,123])
IP(ttl=(3,1))
IP(ttl=(3,1))/TCP(dport=[1,2])
IP()/TCP(dport=[])
IP(ttl=(2,2))
IP(ttl=(0x1,0x3))
IP(src="192.0.2.1",dst="192.0.2.2",ttl=(1,2),id=[5,6])
IP(id=[5,6],ttl=(1,2),tos=[0,4])
IP()/TCP(dport=[22,80,443])
IP()/TCP(sport=(1024,1026))
IP()/TCP(sport=[1,2],dport=[3,4])
IP()/TCP(flags=["S","A"],dport=[1,2])
IP(src="192.0.2.1",dst="10.0.0.0/31",ttl=(1,2))/TCP(dport=[80,443])
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/IP(src="192.0.2.1",dst="10.0.0.0/31")/TCP(dport=[80,443],sport=(1,2))
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(vlan=[1,2])/IP(ttl=(1,2))
IP()/ICMP(type=3,code=[0,1])/IP(src="192.0.2.1",dst="192.0.2.2",ttl=(1,2))/UDP()
IPv6(src="2001:db8::1",dst="2001:db8::/126")/ICMPv6EchoRequest()
IPv6(src="2001:db8::1",dst="2001:db8::/127")
IPv6(src="2001:db8::1",dst="2001:db8::5/128")
IPv6(src="2001:db8::1",dst=["2001:db8::2","2001:db8::3"],hlim=(1,2))
IPv6(src="2001:db8::1",dst="2001:db8::2")/UDP(dport=(1,3))
# == GRE ==
IP(src="10.0.0.1",dst="10.0.0.2")/GRE()/IP(src="10.0.0.1",dst="10.9.0.1")/ICMP()
IP(src="10.0.0.1",dst="10.0.0.2")/GRE()
IP(src="10.0.0.1",dst="10.0.0.2")/GRE()/"abc"
IP(src="10.0.0.1",dst="10.0.0.2")/GRE(chksum_present=1)/IP(src="10.0.0.1",dst="10.9.0.1")/UDP()
IP(src="10.0.0.1",dst="10.0.0.2")/GRE(chksum_present=1,chksum=0x1234)/"x"
IP(src="10.0.0.1",dst="10.0.0.2")/GRE(chksum_present=1,key_present=1,key=0x1234,seqnum_present=1,sequence_number=7)/IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6EchoRequest()
IP(src="10.0.0.1",dst="10.0.0.2")/GRE(key_present=1)/IP(src="10.0.0.1",dst="10.9.0.1")
IP(src="10.0.0.1",dst="10.0.0.2")/GRE(seqnum_present=1,sequence_number=0xffffffff)
IP(src="10.0.0.1",dst="10.0.0.2")/GRE(routing_present=1,offset=4)/"abcd"
IP(src="10.0.0.1",dst="10.0.0.2")/GRE(strict_route_source=1,recursion_control=7,flags=31,version=7,proto=0x1234)
IP(src="10.0.0.1",dst="10.0.0.2")/GRE(chksum_present=1)/"abc"
IP(src="10.0.0.1",dst="10.0.0.2")/GRE()/Ether(dst="02:00:00:00:00:02",src="02:00:00:00:00:01")/IP(src="192.0.2.1",dst="192.0.2.2")/ICMP()
IP(src="10.0.0.1",dst="10.0.0.2")/GRE()/Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/ARP(hwsrc="02:00:00:00:00:01",psrc="192.0.2.1",pdst="192.0.2.2")
IP(src="10.0.0.1",dst="10.0.0.2")/GRE(proto=[0x0800,0x86dd])/"x"
IPv6(src="2001:db8::1",dst="2001:db8::2")/GRE()/IP(src="10.0.0.1",dst="10.9.0.1")/ICMP()
IPv6(src="2001:db8::1",dst="2001:db8::2")/GRE(chksum_present=1,key_present=1,key=1)/IPv6(src="2001:db8::3",dst="2001:db8::4")/UDP()
IP(src="10.0.0.1",dst="10.0.0.2")/GRE()/GRE()/"x"
# == MLD, MLDv2, mobile prefix discovery ==
IPv6(src="fe80::1",dst="ff02::1")/ICMPv6MLQuery()
IPv6(src="fe80::1")/ICMPv6MLQuery()
IPv6(src="fe80::1",dst="ff02::1:3")/ICMPv6MLQuery(mrd=1000,mladdr="ff02::1:3")
IPv6(src="fe80::1",dst="ff02::fb")/ICMPv6MLReport(mladdr="ff02::fb")
IPv6(src="fe80::1")/ICMPv6MLDone(mladdr="ff02::fb")
IPv6(src="fe80::1")/ICMPv6MLQuery2()
IPv6(src="fe80::1")/ICMPv6MLQuery2(mladdr="ff02::fb",S=1,QRV=2,QQIC=125,sources=["fe80::5","2001:db8::7"])
IPv6(src="fe80::1")/ICMPv6MLQuery2(sources_number=1)
IPv6(src="fe80::1")/ICMPv6MLReport2()
IPv6(src="fe80::1")/ICMPv6MLReport2(records=ICMPv6MLDMultAddrRec(dst="ff02::fb"))
IPv6(src="fe80::1")/ICMPv6MLReport2(records=[ICMPv6MLDMultAddrRec(dst="ff02::fb",sources=["fe80::1"]),ICMPv6MLDMultAddrRec(rtype=3,dst="ff02::1:3",auxdata="abcd")])
IPv6(src="fe80::1")/ICMPv6MLReport2(records_number=5,records=[ICMPv6MLDMultAddrRec(auxdata_len=1,sources_number=0)])
IPv6(src="fe80::1",dst="ff02::16")/IPv6ExtHdrHopByHop(options=RouterAlert())/ICMPv6MLReport2(records=ICMPv6MLDMultAddrRec(rtype=4,dst="ff02::1:ff00:1"))
IPv6(src="fe80::1",dst="ff02::16",hlim=255)/ICMPv6MLReport2(cksum=0x1234)
Ether(dst="33:33:00:00:00:16",src="02:00:00:00:00:01")/IPv6(src="fe80::1")/ICMPv6MLReport2(records=ICMPv6MLDMultAddrRec(rtype=3,dst="ff02::fb"))
ICMPv6MLDMultAddrRec(dst="ff02::fb",sources=["::1","::2"],auxdata="xyz")
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6MPSol()
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6MPSol(id=0x1234)
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6MPAdv(id=7,flags=1)/ICMPv6NDOptPrefixInfo(prefix="2001:db8::")
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6MPAdv(flags=3,res=0x3fff)
# == ICMP multi-part extensions (RFC 4884, 4950, 5837) ==
IP()/ICMP(type=11)/IPerror()/TCPerror()/ICMPExtensionHeader()/ICMPExtensionMPLS(stack=[MPLS(label=24001,ttl=1)])
IP(src="10.0.0.1",dst="10.0.0.2")/ICMP(type=11)/IPerror(src="10.0.0.2",dst="192.0.2.9",ttl=1)/UDPerror(sport=4000,dport=33434)/ICMPExtensionHeader()
IP(src="10.0.0.1",dst="10.0.0.2")/ICMP(type=11,length=32)/IPerror(src="10.0.0.2",dst="192.0.2.9",ttl=1,len=28)/UDPerror(sport=4000,dport=33434,len=8)/Raw(load="\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")/ICMPExtensionHeader()/ICMPExtensionMPLS(stack=[MPLS(label=24001,s=0,ttl=1),MPLS(label=16,cos=5,ttl=1)])/ICMPExtensionInterfaceInformation(interface_role=2,has_ifindex=1,ifindex=3,has_ipaddr=1,afi=1,ip4="10.0.1.1",has_mtu=1,mtu=1400)
IP(src="10.0.0.1",dst="10.0.0.2")/ICMP(type=3,code=3)/IPerror(src="10.0.0.2",dst="10.0.0.1")/UDPerror()/ICMPExtensionHeader(chksum=0x1234)/ICMPExtensionMPLS(stack=MPLS())
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6TimeExceeded(length=16)/IPerror6(src="2001:db8::2",dst="2001:db8::9",hlim=1,plen=8)/UDPerror(len=8)/Raw(load="\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00")/ICMPExtensionHeader()/ICMPExtensionMPLS(stack=MPLS(label=299776,ttl=254))/ICMPExtensionInterfaceInformation(has_ipaddr=1,afi=2,ip6="2001:db8::1",has_ifname=1,ifname="ge-0/0/1")
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6DestUnreach(code=4)/IPerror6(src="2001:db8::2",dst="2001:db8::1")/ICMPExtensionHeader()
ICMPExtensionHeader()
ICMPExtensionHeader(version=15,reserved=0xfff)/ICMPExtensionObject(classnum=3,classtype=7)/"data"
ICMPExtensionObject()
ICMPExtensionObject(len=99,classnum=255)
ICMPExtensionMPLS()
ICMPExtensionMPLS(stack=[MPLS(label=1048575,cos=7,s=1,ttl=255)])
ICMPExtensionMPLS(len=4,stack=[MPLS(label=17,s=0),MPLS(label=18)])
ICMPExtensionMPLS(classnum=9,classtype=9,stack=[MPLS()])
ICMPExtensionHeader()/ICMPExtensionMPLS(stack=[MPLS(label=100704,ttl=1)])
ICMPExtensionHeader()/ICMPExtensionInterfaceInformation()
ICMPExtensionInterfaceInformation(has_ifindex=1,ifindex=0xffffffff)
ICMPExtensionInterfaceInformation(has_ipaddr=1,afi=1,ip4="192.0.2.1")
ICMPExtensionInterfaceInformation(has_ipaddr=1,ip4="192.0.2.1")
ICMPExtensionInterfaceInformation(has_ipaddr=1,ip6="2001:db8::7")
ICMPExtensionInterfaceInformation(has_ipaddr=1,afi=2,reserved2=5,ip6="fe80::1")
ICMPExtensionInterfaceInformation(has_ifname=1,ifname="eth0\x00\x00\x00")
ICMPExtensionInterfaceInformation(has_ifname=1,ifname_len=8,ifname="eth0\x00\x00\x00")
ICMPExtensionInterfaceInformation(has_ifname=1)
ICMPExtensionInterfaceInformation(has_mtu=1,mtu=(1400,1401))
ICMPExtensionInterfaceInformation(interface_role=3,reserved=3,has_ifindex=1,ifindex=15,has_ipaddr=1,afi=1,ip4="10.10.10.10",has_ifname=1,ifname="This-is-the-name-of-the-Interface-that-we-are-looking-for-[:-)]",has_mtu=1,mtu=9000)
MPLS()
MPLS(label=24001,cos=1,s=0,ttl=64)
# == Scapy's leniencies (SPEC.md s.3) ==
IP()/TCP(options=[("MSS",1460),("NOP",0),("EOL","")])
IP()/TCP(options=[("NOP",None),("NOP",1),("NOP","abc"),("EOL",0)])
IP()/TCP(options=[(1,"xy"),(0,"")])
IP(len=60)/TCP()
IP(len=100)/UDP()/"abc"
IP(len=10)/TCP()
IP(len=40,ihl=6)/TCP()
IP(len=44,options="\x94\x04\x00\x00")/UDP()
IP(src="10.0.0.1",dst="10.0.0.2",len=1000)/ICMP()
IP()/UDP()/DNS(an=DNSRR(type="TXT",rdata=["hello","DNS","!"]))
IP()/UDP()/DNS(qr=1,an=DNSRR(rrname="example.com",type="TXT",rdata=["a","bc"]))
IP()/UDP()/DNS(an=DNSRR(type="TXT",rdata="one"))
DNSRR(rrname="example.com",type="TXT",rdata=["x","yz"])
DNSRR(rrname="example.com",type="A",rdata=["192.0.2.1","192.0.2.2"])
IP()/UDP()/DNS(an=DNSRR(rrname="example.com",rdata=["192.0.2.1","192.0.2.2"]))
Raw(load="ABC")/Padding(load="abc")/Raw(load="DEF")/Padding(load="def")
IP()/UDP()/Padding(load="xy")/"abc"
IP()/TCP()/Padding(load="pp")/"data"
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Padding(load="\x00\x00")/IP()/ICMP()
PadN(optdata="BB")
PadN()
PadN(optdata="\x00\x00\x00\x00")
PadN(optlen=5,optdata="BB")
HBHOptUnknown(otype=7,optdata="abc")
'''

# Scapy-accepts-but-pkt-rejects (SPEC.md s.3 "Values are checked"): for the
# C side's information only, printed as comments.
SCAPY_LAX = r'''
ICMPExtensionMPLS(stack=[MPLS(label=(1,3))])
IPv6(src="fe80::1")/ICMPv6MLReport2(records=ICMPv6MLDMultAddrRec(rtype=[3,4],dst="ff02::fb"))
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(vlan=5000)
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/Dot1Q(prio=9,vlan=1)
IP(frag=9000)
IP(ihl=16)
IPv6(src="2001:db8::1",dst="2001:db8::2",fl=0x1fffff)
IP()/TCP(options=[("Bogus",1)])
IP()/TCP(dataofs=16)
Ether(dst="ff:ff:ff:ff:ff",src="02:00:00:00:00:01")
'''

# Specs in pkt's language that Scapy rejects (kept out of build.tsv).
REJECTED = r'''
IP(options=[("RR",None)])
IP(options=[("Router_Alert",0)])
IP(options=[("NOP",None),("NOP",None),("NOP",None),("NOP",None)])
IP()/TCP(options=[("SAckOK",None)])
IP()/TCP(options=[("SAck",None)])
IP()/TCP(sport="ftp-data")
IP(ttl=300)
IP(src="10.0.0.1-5",dst="10.0.0.9")
IP(src="10.0.0.*",dst="10.0.0.9")
IP()/ICMP(type="no-such-type")
IP()/TCP(flags="X")
'''


def lines(block):
    for ln in block.strip("\n").split("\n"):
        yield ln.rstrip("\n")


def main():
    out = sys.stdout
    out.write("# Golden build vectors: pkt spec -> bytes of Scapy's raw(), one hex per\n")
    out.write("# generated packet in Scapy's generation order (space-separated).\n")
    out.write("# Generated by tests/golden/scapy/gen_build.py with Scapy %s;\n" % scapy.VERSION)
    out.write("# do not edit by hand.  Format: SPEC<TAB>HEX[ HEX ...]\n")
    n = 0
    nrej = 0
    for ln in lines(SPECS):
        if not ln.strip():
            continue
        if ln.startswith("#"):
            out.write(ln + "\n")
            continue
        if not all(32 <= ord(c) < 127 for c in ln):
            raise SystemExit("non-ASCII spec: %r" % ln)
        try:
            hexes = build(ln)
        except Exception as e:  # noqa: BLE001
            msg = ("%s: %s" % (type(e).__name__, e)).replace("\n", " ")
            out.write("# SCAPY-REJECTS\t%s\t%s\n" % (ln, msg))
            nrej += 1
            continue
        out.write("%s\t%s\n" % (ln, " ".join(hexes)))
        n += 1
    out.write("# == Specs Scapy accepts silently but pkt must reject (SPEC.md s.3); "
              "Scapy's bytes for reference ==\n")
    for ln in lines(SCAPY_LAX):
        try:
            hexes = " ".join(build(ln))
        except Exception as e:  # noqa: BLE001
            hexes = "REJECTED %s: %s" % (type(e).__name__, str(e).replace("\n", " "))
        out.write("# SCAPY-LAX\t%s\t%s\n" % (ln, hexes))
    out.write("# == Specs in pkt's language that Scapy 2.5 rejects (not vectors) ==\n")
    for ln in lines(REJECTED):
        try:
            hexes = build(ln)
            out.write("# SCAPY-ACCEPTS?\t%s\t%s\n" % (ln, " ".join(hexes)))
        except Exception as e:  # noqa: BLE001
            msg = ("%s: %s" % (type(e).__name__, e)).replace("\n", " ")
            out.write("# SCAPY-REJECTS\t%s\t%s\n" % (ln, msg))
            nrej += 1
    out.write("# %d vectors, %d rejected specs\n" % (n, nrej))
    sys.stderr.write("%d vectors, %d rejected specs\n" % (n, nrej))


if __name__ == "__main__":
    main()
