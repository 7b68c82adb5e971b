#!/usr/bin/python3
"""Scapy oracle for the dissector: writes small pcap files under
tests/golden/pcap/ and, for each, Scapy's summary() and show2() text.

    /usr/bin/python3 tests/golden/scapy/gen_dissect.py [OUTDIR]

OUTDIR defaults to tests/golden/pcap next to this script's parent.  For each
NAME.pcap it writes NAME.scapy-summary.txt (one summary() line per packet)
and NAME.scapy-show.txt (show2() of each packet, preceded by a
"# packet N" line).  All files are little-endian pcap (magic d4 c3 b2 a1,
version 2.4, microsecond timestamps) with fixed timestamps, so re-running
gives identical bytes.

Scapy's text is a reference only where Scapy is known to be wrong
(SCAPY-NOTES / SPEC.md s.3): it reads LOOP (108) headers little-endian and
leaves the BSD IPv6 family values (24, 28, 30) of NULL/LOOP as Raw; pkt follows
libpcap/tshark there.
"""
import logging
import os
import struct
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
import scapy.all as S  # noqa: E402
from scapy.all import (ARP, DNS, DNSQR, DNSRR, ICMP, IP, TCP, UDP,  # noqa: E402
                       CookedLinux, CookedLinuxV2, Dot1Q, Ether, ICMPv6DestUnreach,
                       ICMPv6EchoReply, ICMPv6EchoRequest, ICMPv6ND_NA,
                       ICMPv6ND_NS, ICMPv6ND_RA, ICMPv6ND_RS,
                       ICMPv6NDOptDstLLAddr, ICMPv6NDOptMTU,
                       ICMPv6NDOptPrefixInfo, ICMPv6NDOptSrcLLAddr,
                       ICMPv6PacketTooBig, IPv6, IPv6ExtHdrFragment,
                       IPv6ExtHdrHopByHop, fragment, raw)
from scapy.utils import RawPcapWriter, rdpcap  # noqa: E402

S.conf.verb = 0
T0 = 1700000000          # 2023-11-14T22:13:20Z, the first record's time

M1 = "02:00:00:00:00:01"
M2 = "02:00:00:00:00:02"
BC = "ff:ff:ff:ff:ff:ff"
A1, A2 = "192.0.2.1", "192.0.2.2"
V6A, V6B = "2001:db8::1", "2001:db8::2"


def eth(src=M1, dst=M2):
    return Ether(src=src, dst=dst)


def b(p):
    return raw(p)


# ---- packets reused across link types (layer 3 and up) -------------------
def l3_set():
    return [
        IP(src=A1, dst=A2) / ICMP(id=1, seq=1) / b"abcdefgh",
        IP(src=A2, dst=A1) / ICMP(type="echo-reply", id=1, seq=1) / b"abcdefgh",
        IP(src=A1, dst=A2) / UDP(sport=40000, dport=9999) / b"hello",
        IP(src=A1, dst=A2) / TCP(sport=40000, dport=80, flags="S", seq=1000,
                                 options=[("MSS", 1460)]),
        IPv6(src=V6A, dst=V6B) / ICMPv6EchoRequest(id=7, seq=1, data=b"ping"),
        IPv6(src=V6A, dst=V6B) / UDP(sport=40000, dport=9999) / b"v6",
    ]


def handshake():
    c, s = dict(src=A1, dst=A2), dict(src=A2, dst=A1)
    syn_opts = [("MSS", 1460), ("SAckOK", b""), ("Timestamp", (100, 0)),
                ("NOP", None), ("WScale", 7)]
    sa_opts = [("MSS", 1400), ("SAckOK", b""), ("Timestamp", (500, 100)),
               ("NOP", None), ("WScale", 8)]
    ts = [("NOP", None), ("NOP", None), ("Timestamp", (101, 500))]
    return [
        eth() / IP(**c) / TCP(sport=40000, dport=80, flags="S", seq=1000,
                              window=64240, options=syn_opts),
        eth(M2, M1) / IP(**s) / TCP(sport=80, dport=40000, flags="SA", seq=5000,
                                    ack=1001, window=65160, options=sa_opts),
        eth() / IP(**c) / TCP(sport=40000, dport=80, flags="A", seq=1001,
                              ack=5001, window=502, options=ts),
        eth() / IP(**c) / TCP(sport=40000, dport=80, flags="PA", seq=1001,
                              ack=5001, window=502, options=ts)
        / b"GET / HTTP/1.0\r\n\r\n",
        eth(M2, M1) / IP(**s) / TCP(sport=80, dport=40000, flags="FA", seq=5001,
                                    ack=1019, window=509),
        eth() / IP(**c) / TCP(sport=40000, dport=80, flags="R", seq=1019),
        eth() / IPv6(src=V6A, dst=V6B) / TCP(sport=40001, dport=443, flags="S",
                                              options=[("MSS", 1440), ("NOP", None),
                                                       ("WScale", 7)]),
    ]


def frag_pair():
    pkt = IP(src=A1, dst=A2, id=0x4242) / UDP(sport=5000, dport=6000) / (b"A" * 40)
    frags = fragment(pkt, fragsize=32)
    assert len(frags) == 2, frags
    out = [eth() / f for f in frags]
    v6 = IPv6(src=V6A, dst=V6B)
    out.append(eth() / v6 / IPv6ExtHdrFragment(id=0x77, offset=0, m=1)
               / UDP(sport=5000, dport=6000, len=56, chksum=0x1234) / (b"B" * 24))
    out.append(eth() / v6 / IPv6ExtHdrFragment(id=0x77, offset=4, m=0, nh=17)
               / (b"B" * 24))
    return out


def files():
    """(name, linktype, [record bytes])"""
    F = []
    F.append(("en10mb-basic", 1, [
        b(eth() / p) for p in l3_set()] + [
        b(Ether(src=M1, dst=BC)),                               # type 0x9000, no payload
        b(eth() / IP(src=A1, dst=A2) / UDP(sport=53, dport=40000) / b"\x00"),
        b(eth() / IP(src=A1, dst=A2, proto=200) / b"unknown-proto"),
        b(eth() / IP(src=A1, dst=A2) / ICMP() / S.Padding(load=b"\x00" * 18)),
    ]))
    F.append(("en10mb-dot1q", 1, [
        b(eth() / Dot1Q(vlan=100) / IP(src=A1, dst=A2) / UDP(sport=1234, dport=5678) / b"vlan"),
        b(eth() / Dot1Q(prio=5, id=1, vlan=4095) / IPv6(src=V6A, dst=V6B) / ICMPv6EchoRequest()),
        b(Ether(src=M1, dst=M2, type=0x88a8) / Dot1Q(vlan=100) / Dot1Q(vlan=200)
          / IP(src=A1, dst=A2) / ICMP()),
        b(eth() / Dot1Q(vlan=10) / Dot1Q(vlan=20) / IP(src=A1, dst=A2) / TCP()),
        b(Ether(src=M1, dst=BC) / Dot1Q(vlan=1) / ARP(hwsrc=M1, psrc=A1, pdst=A2)),
    ]))
    F.append(("en10mb-arp", 1, [
        b(Ether(src=M1, dst=BC) / ARP(hwsrc=M1, psrc=A1, pdst=A2)),
        b(Ether(src=M2, dst=M1) / ARP(op="is-at", hwsrc=M2, psrc=A2, hwdst=M1, pdst=A1)),
        b(Ether(src=M1, dst=BC) / ARP(op=1, hwsrc=M1, psrc=A1, hwdst="00:00:00:00:00:00", pdst=A1)),
        b(Ether(src=M1, dst=BC) / ARP(hwsrc=M1, psrc=A1, pdst=A2) / S.Padding(load=b"\x00" * 18)),
    ]))
    ll1, ll2 = "fe80::1", "fe80::2"
    F.append(("en10mb-ipv6-nd", 1, [
        b(Ether(src=M1, dst="33:33:ff:00:00:02") / IPv6(src=ll1, dst="ff02::1:ff00:2", hlim=255)
          / ICMPv6ND_NS(tgt=ll2) / ICMPv6NDOptSrcLLAddr(lladdr=M1)),
        b(Ether(src=M2, dst=M1) / IPv6(src=ll2, dst=ll1, hlim=255)
          / ICMPv6ND_NA(R=0, S=1, O=1, tgt=ll2) / ICMPv6NDOptDstLLAddr(lladdr=M2)),
        b(Ether(src=M1, dst="33:33:00:00:00:02") / IPv6(src=ll1, dst="ff02::2", hlim=255)
          / ICMPv6ND_RS() / ICMPv6NDOptSrcLLAddr(lladdr=M1)),
        b(Ether(src=M2, dst="33:33:00:00:00:01") / IPv6(src=ll2, dst="ff02::1", hlim=255)
          / ICMPv6ND_RA(chlim=64, M=0, O=1, routerlifetime=1800)
          / ICMPv6NDOptSrcLLAddr(lladdr=M2) / ICMPv6NDOptMTU(mtu=1500)
          / ICMPv6NDOptPrefixInfo(prefix="2001:db8::", prefixlen=64, L=1, A=1,
                                  validlifetime=86400, preferredlifetime=14400)),
        b(eth() / IPv6(src=V6A, dst=V6B) / ICMPv6EchoRequest(id=1, seq=1, data=b"abcd")),
        b(eth(M2, M1) / IPv6(src=V6B, dst=V6A) / ICMPv6EchoReply(id=1, seq=1, data=b"abcd")),
        b(eth() / IPv6(src=V6A, dst="ff02::16") / IPv6ExtHdrHopByHop(
            options=[S.RouterAlert(value=0), S.PadN(optdata=b"")]) / ICMPv6EchoRequest()),
        # An RA with an option of a type Scapy has no class for (200):
        # Raw from there on, the MTU option after it included.
        b(Ether(src=M2, dst="33:33:00:00:00:01") / IPv6(src=ll2, dst="ff02::1", hlim=255)
          / ICMPv6ND_RA() / ICMPv6NDOptSrcLLAddr(lladdr=M2)
          / b"\xc8\x01\x00\x00\x00\x00\x00\x00" / ICMPv6NDOptMTU(mtu=1500)),
    ]))
    q = DNS(id=0x1234, rd=1, qd=DNSQR(qname="example.com", qtype="A"))
    r = DNS(id=0x1234, qr=1, aa=0, rd=1, ra=1, qd=DNSQR(qname="example.com", qtype="A"),
            an=DNSRR(rrname="example.com", type="A", ttl=300, rdata="93.184.216.34"))
    F.append(("en10mb-dns", 1, [
        b(eth() / IP(src=A1, dst=A2) / UDP(sport=40000, dport=53) / q),
        b(eth(M2, M1) / IP(src=A2, dst=A1) / UDP(sport=53, dport=40000) / r),
        b(eth() / IP(src=A1, dst=A2) / UDP(sport=40001, dport=53)
          / DNS(id=2, qd=DNSQR(qname="example.com", qtype="AAAA"))),
        b(eth(M2, M1) / IP(src=A2, dst=A1) / UDP(sport=53, dport=40001)
          / DNS(id=2, qr=1, rd=1, ra=1, qd=DNSQR(qname="www.example.com", qtype="AAAA"),
                an=DNSRR(rrname="www.example.com", type="CNAME", ttl=60, rdata="example.com")
                / DNSRR(rrname="example.com", type="AAAA", ttl=60, rdata="2001:db8::80"))),
        b(eth(M2, M1) / IP(src=A2, dst=A1) / UDP(sport=53, dport=40002)
          / DNS(id=3, qr=1, rcode=3, qd=DNSQR(qname="nx.example", qtype="TXT"))),
        b(eth() / IP(src=A1, dst=A2) / TCP(sport=40003, dport=53, flags="PA", seq=1, ack=1)
          / DNS(id=4, qd=DNSQR(qname="example.com", qtype="MX"))),
    ]))
    F.append(("en10mb-tcp-handshake", 1, [b(p) for p in handshake()]))
    quoted_tcp = IP(src=A1, dst="198.51.100.7", ttl=1, id=77) / TCP(
        sport=40000, dport=443, flags="S", seq=1000, options=[("MSS", 1460)])
    F.append(("en10mb-icmp-error", 1, [
        b(eth(M2, M1) / IP(src="10.0.0.1", dst=A1) / ICMP(type="time-exceeded", code=0)
          / quoted_tcp),
        b(eth(M2, M1) / IP(src="10.0.0.1", dst=A1) / ICMP(type="time-exceeded", code=0)
          / raw(quoted_tcp)[:28]),                             # only 8 bytes of TCP quoted
        b(eth(M2, M1) / IP(src=A2, dst=A1) / ICMP(type="dest-unreach", code="port-unreachable")
          / IP(src=A1, dst=A2) / UDP(sport=40000, dport=33434) / b"probe"),
        b(eth(M2, M1) / IP(src=A2, dst=A1) / ICMP(type=3, code=4, nexthopmtu=1400)
          / IP(src=A1, dst=A2, flags="DF") / ICMP(id=5, seq=6)),
        b(eth(M2, M1) / IPv6(src=V6B, dst=V6A) / ICMPv6DestUnreach(code=4)
          / IPv6(src=V6A, dst=V6B) / UDP(sport=40000, dport=33434)),
        b(eth(M2, M1) / IPv6(src=V6B, dst=V6A) / ICMPv6PacketTooBig(mtu=1280)
          / IPv6(src=V6A, dst=V6B) / TCP(sport=40000, dport=80, flags="A")),
    ]))
    F.append(("en10mb-ipfrag", 1, [b(p) for p in frag_pair()]))

    sll_src = b"\x02\x00\x00\x00\x00\x01\x00\x00"
    F.append(("linux-sll", 113, [
        b(CookedLinux(pkttype=0, lladdrtype=1, lladdrlen=6, src=sll_src) / p) for p in l3_set()[:5]
    ] + [
        b(CookedLinux(pkttype=4, lladdrtype=1, lladdrlen=6, src=sll_src)
          / ARP(hwsrc=M1, psrc=A1, pdst=A2)),
        b(CookedLinux(pkttype=1, lladdrtype=772, lladdrlen=0, src=b"") / IP() / UDP()),
    ]))
    F.append(("linux-sll2", 276, [
        b(CookedLinuxV2(ifindex=2, lladdrtype=1, pkttype=0, lladdrlen=6, src=sll_src) / p)
        for p in l3_set()[:5]
    ] + [
        b(CookedLinuxV2(ifindex=3, lladdrtype=1, pkttype=4, lladdrlen=6, src=sll_src)
          / ARP(hwsrc=M1, psrc=A1, pdst=A2)),
    ]))
    F.append(("raw", 101, [b(p) for p in l3_set()]))
    F.append(("ipv4", 228, [b(p) for p in l3_set()[:4]]))
    F.append(("ipv6", 229, [b(p) for p in l3_set()[4:]] + [
        b(IPv6(src=V6A, dst=V6B) / TCP(sport=40000, dport=80))]))
    v4, v6 = l3_set()[0], l3_set()[4]
    # NULL: 4-byte AF in the capturing host's byte order (little-endian here).
    F.append(("null", 0, [
        struct.pack("<I", 2) + b(v4),
        struct.pack("<I", 24) + b(v6),
        struct.pack("<I", 28) + b(v6),
        struct.pack("<I", 30) + b(v6),
        struct.pack("<I", 2) + b(l3_set()[2]),
    ]))
    # LOOP: the same AF values, always big-endian (network order).
    F.append(("loop", 108, [
        struct.pack(">I", 2) + b(v4),
        struct.pack(">I", 24) + b(v6),
        struct.pack(">I", 28) + b(v6),
        struct.pack(">I", 30) + b(v6),
        struct.pack(">I", 2) + b(l3_set()[3]),
    ]))
    # PPP (9): protocol field directly (0x0021 IPv4, 0x0057 IPv6).
    F.append(("ppp", 9, [
        b"\x00\x21" + b(v4),
        b"\x00\x57" + b(v6),
        b"\x00\x21" + b(l3_set()[2]),
    ]))
    # PPP_HDLC / PPP_SERIAL (50): ff 03 then the protocol.
    F.append(("ppp-hdlc", 50, [
        b"\xff\x03\x00\x21" + b(v4),
        b"\xff\x03\x00\x57" + b(v6),
        b"\xff\x03\x00\x21" + b(l3_set()[3]),
    ]))
    # MLD, MLDv2 (records: Scapy nests the 2nd record in the 1st, see
    # tests/golden/DIFFERENCES), mobile prefix discovery.
    ra = IPv6ExtHdrHopByHop(options=S.RouterAlert())
    F.append(("en10mb-mld", 1, [
        b(Ether(src=M1, dst="33:33:00:00:00:01") / IPv6(src=ll1, dst="ff02::1", hlim=1)
          / ra / S.ICMPv6MLQuery()),
        b(Ether(src=M2, dst="33:33:00:00:00:fb") / IPv6(src=ll2, dst="ff02::fb", hlim=1)
          / ra / S.ICMPv6MLReport(mladdr="ff02::fb")),
        b(Ether(src=M2, dst="33:33:00:00:00:02") / IPv6(src=ll2, dst="ff02::2", hlim=1)
          / ra / S.ICMPv6MLDone(mladdr="ff02::fb")),
        b(Ether(src=M1, dst="33:33:00:00:00:01") / IPv6(src=ll1, dst="ff02::1", hlim=1)
          / ra / S.ICMPv6MLQuery2(mladdr="ff02::fb", S=1, QRV=2, QQIC=125,
                                  sources=["fe80::5", "2001:db8::7"])),
        b(Ether(src=M2, dst="33:33:00:00:00:16") / IPv6(src=ll2, dst="ff02::16", hlim=1)
          / ra / S.ICMPv6MLReport2(records=[S.ICMPv6MLDMultAddrRec(
              rtype=4, dst="ff02::1:ff00:2")])),
        b(Ether(src=M2, dst="33:33:00:00:00:16") / IPv6(src=ll2, dst="ff02::16", hlim=1)
          / ra / S.ICMPv6MLReport2(records=[
              S.ICMPv6MLDMultAddrRec(rtype=1, dst="ff02::fb", sources=["fe80::1"]),
              S.ICMPv6MLDMultAddrRec(rtype=2, dst="ff02::1:3", auxdata=b"abcd")])),
        b(Ether(src=M1, dst=M2) / IPv6(src=V6A, dst=V6B) / S.ICMPv6MPSol(id=0x1234)),
        b(Ether(src=M2, dst=M1) / IPv6(src=V6B, dst=V6A) / S.ICMPv6MPAdv(id=0x1234)
          / ICMPv6NDOptPrefixInfo(prefix="2001:db8:1::")),
    ]))
    # GRE: plain, with checksum, key and sequence number, carrying IP,
    # IPv6 and Ethernet (0x6558); GRE over IPv6.
    F.append(("en10mb-gre", 1, [
        b(eth() / IP(src=A1, dst=A2) / S.GRE() / IP(src="10.0.0.1", dst="10.9.0.1")
          / ICMP(id=1, seq=1)),
        b(eth() / IP(src=A1, dst=A2) / S.GRE(chksum_present=1, key_present=1, key=0x1234,
                                             seqnum_present=1, sequence_number=7)
          / IPv6(src=V6A, dst=V6B) / ICMPv6EchoRequest()),
        b(eth() / IP(src=A1, dst=A2) / S.GRE() / Ether(src=M1, dst=BC)
          / ARP(hwsrc=M1, psrc="10.0.0.1", pdst="10.0.0.2")),
        b(eth() / IPv6(src=V6A, dst=V6B) / S.GRE(key_present=1, key=5)
          / IP(src="10.0.0.1", dst="10.9.0.1") / UDP(sport=1, dport=2) / b"x"),
        b(eth() / IP(src=A1, dst=A2) / S.GRE(proto=0x1234) / b"opaque"),
    ]))
    return F


def write_pcap(path, linktype, records):
    w = RawPcapWriter(path, linktype=linktype, endianness="<", sync=True)
    w.write_header(None)
    for i, rec in enumerate(records):
        w.write_packet(rec, sec=T0 + i, usec=i * 1000)
    w.close()


def write_truncated(path):
    """Two whole EN10MB records, then a record whose data stops early."""
    recs = [b(eth() / p) for p in l3_set()[:3]]
    write_pcap(path, 1, recs)
    with open(path, "rb") as f:
        data = f.read()
    cut = len(data) - (len(recs[2]) - 20)    # keep the 16-byte header + 20 bytes
    with open(path, "wb") as f:
        f.write(data[:cut])
    return recs


def write_snaplen(path):
    """Hand-made pcap with snaplen 64: records whose caplen < len."""
    snap = 64
    recs = [b(eth() / IP(src=A1, dst=A2) / UDP(sport=1, dport=2) / (b"x" * 100)),
            b(eth() / IP(src=A1, dst=A2) / ICMP() / b"short"),
            b(eth() / IP(src=A1, dst=A2) / TCP(sport=40000, dport=80, flags="PA")
              / (b"y" * 200)),
            b(eth() / IPv6(src=V6A, dst=V6B) / UDP(sport=1000, dport=2000) / (b"z" * 64))]
    out = struct.pack("<IHHiIII", 0xa1b2c3d4, 2, 4, 0, 0, snap, 1)
    for i, r in enumerate(recs):
        cap = r[:snap]
        out += struct.pack("<IIII", T0 + i, i * 1000, len(cap), len(r)) + cap
    with open(path, "wb") as f:
        f.write(out)


def icmpext_records():
    """ICMP multi-part extensions (RFC 4884): time exceeded and unreachable
    with MPLS (RFC 4950) and interface (RFC 5837) objects, made by hand so
    that their checksums and lengths are the RFCs' (Scapy 2.5 builds them
    wrong: see gen_build.py).  Read with load_contrib("icmp_extensions")."""
    from scapy.utils import checksum

    def ext(objs, good=True):
        ck = checksum(b"\x20\x00\x00\x00" + objs)
        if not good:
            ck ^= 0x5555
        return b"\x20\x00" + struct.pack("!H", ck) + objs

    def mpls(*entries, length=None):
        body = b"".join(struct.pack("!I", lab << 12 | tc << 9 | s << 8 | ttl)
                        for lab, tc, s, ttl in entries)
        return struct.pack("!HBB", length or 4 + len(body), 1, 1) + body

    def ifinfo(ifindex, ip4, name, mtu, role=2):
        nm = name.encode() + b"\x00" * (-(len(name) + 1) % 4)
        body = (struct.pack("!I", ifindex) + struct.pack("!HH", 1, 0)
                + S.inet_aton(ip4) + bytes([len(nm) + 1]) + nm + struct.pack("!I", mtu))
        return struct.pack("!HBB", 4 + len(body), 2, role << 6 | 0x0f) + body

    def quote(p, n=128):
        q = b(p)[:n]
        return q + b"\x00" * (n - len(q))

    probe = IP(src=A1, dst="198.51.100.9", ttl=1, id=42316) / UDP(sport=42315, dport=33435) / (b"\x00" * 12)
    syn = IP(src=A1, dst="198.51.100.9", ttl=2, id=7) / TCP(sport=40000, dport=80, seq=1)
    probe6 = IPv6(src=V6A, dst="2001:db8:9::9", hlim=1) / UDP(sport=42315, dport=33435)
    r1 = "10.5.0.1"
    return [
        b(eth() / IP(src=r1, dst=A1, ttl=255, id=5014) / ICMP(type=11, code=0)
          / quote(probe) / ext(mpls((100704, 0, 1, 1)))),
        b(eth() / IP(src=r1, dst=A1) / ICMP(type=11, code=0, length=32) / quote(syn)
          / ext(mpls((24001, 0, 0, 1), (16, 5, 1, 1))
                + ifinfo(3, "10.0.1.1", "ge-0/0/0", 1400))),
        b(eth() / IPv6(src="2001:db8:5::1", dst=V6A) / S.ICMPv6TimeExceeded(length=16)
          / quote(probe6) / ext(mpls((299776, 0, 1, 254)))),
        b(eth() / IP(src=r1, dst=A1) / ICMP(type=3, code=3) / quote(probe)
          / ext(mpls((24001, 0, 1, 1)), good=False)),
        b(eth() / IP(src=r1, dst=A1) / ICMP(type=11, code=0, length=32) / quote(probe)
          / ext(mpls((24001, 0, 1, 1), length=200))),
        b(eth() / IP(src=r1, dst=A1) / ICMP(type=11, code=0, length=32) / quote(probe)
          / ext(struct.pack("!HBB", 8, 3, 7) + b"data")),
    ]


def dump_text(outdir, name):
    path = os.path.join(outdir, name + ".pcap")
    summ, show = [], []
    try:
        pkts = rdpcap(path)
    except Exception as e:  # noqa: BLE001
        summ.append("# Scapy rdpcap raised %s: %s" % (type(e).__name__, e))
        pkts = []
    for i, p in enumerate(pkts, 1):
        summ.append(p.summary())
        show.append("# packet %d" % i)
        show.append(p.show2(dump=True).rstrip("\n"))
    with open(os.path.join(outdir, name + ".scapy-summary.txt"), "w") as f:
        f.write("\n".join(summ) + "\n")
    with open(os.path.join(outdir, name + ".scapy-show.txt"), "w") as f:
        f.write("\n".join(show) + "\n")
    return len(pkts)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    outdir = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "pcap")
    os.makedirs(outdir, exist_ok=True)
    names = []
    for name, lt, recs in files():
        write_pcap(os.path.join(outdir, name + ".pcap"), lt, recs)
        names.append((name, lt, len(recs)))
    write_truncated(os.path.join(outdir, "truncated-record.pcap"))
    names.append(("truncated-record", 1, 3))
    write_snaplen(os.path.join(outdir, "snaplen.pcap"))
    names.append(("snaplen", 1, 4))
    for name, lt, n in names:
        got = dump_text(outdir, name)
        sys.stderr.write("%-22s linktype %3d  %d records written, Scapy read %d\n"
                         % (name, lt, n, got))
    # Last: the contrib module changes how Scapy dissects ICMP errors.
    S.load_contrib("icmp_extensions")
    recs = icmpext_records()
    write_pcap(os.path.join(outdir, "en10mb-icmpext.pcap"), 1, recs)
    got = dump_text(outdir, "en10mb-icmpext")
    sys.stderr.write("%-22s linktype %3d  %d records written, Scapy read %d\n"
                     % ("en10mb-icmpext", 1, len(recs), got))


if __name__ == "__main__":
    main()
