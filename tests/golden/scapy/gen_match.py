#!/usr/bin/python3
"""Scapy oracle for matching: writes tests/golden/match.tsv.

Run with Debian's Scapy 2.5 (python3-scapy) and the system interpreter:

    /usr/bin/python3 tests/golden/scapy/gen_match.py > tests/golden/match.tsv

Each case is a probe spec and a reply spec in pkt's packet language (parsed
as gen_build.py does), the Scapy settings it runs under (conf.checkIPaddr,
conf.checkIPsrc) and, where pkt differs from Scapy on purpose, why.  Both
packets are built with raw() and dissected again (as captured), then
Scapy's verdict is reply.answers(probe).  Output, one line per case:

    NAME<TAB>CONF<TAB>PROBE<TAB>REPLY<TAB>SCAPY<TAB>PKT

CONF is "-" (Scapy's defaults), "noaddr" (checkIPaddr False), "nosrc"
(checkIPsrc False); SCAPY is Scapy's verdict (1 or 0); PKT is what pkt
answers: Scapy's verdict, or the other one with the reason after it
("0 ipid: ..."), for the differences SPEC.md section 5 and match.h state.
tests/unit/test_match.c reads the file; make check does not need Scapy.
"""
import logging
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
import scapy.all as S  # noqa: E402
from scapy.compat import raw  # noqa: E402
from gen_build import conv_expr  # noqa: E402
import ast  # noqa: E402

S.conf.verb = 0

A, B, C = "10.0.0.1", "10.0.0.2", "10.0.0.3"
IP_AB = 'IP(src="%s",dst="%s")' % (A, B)
IP_BA = 'IP(src="%s",dst="%s")' % (B, A)
V6_AB = 'IPv6(src="fd00::1",dst="fd00::2")'
V6_BA = 'IPv6(src="fd00::2",dst="fd00::1")'

IPID = "ipid: a quote's IP id must be the probe's (Scapy's checkIPID is off)"
V6SRC = "v6src: a direct IPv6 answer comes from the probe's destination"

# (name, conf, probe, reply, pkt's differing verdict reason or None)
CASES = [
    # ICMP echo and its kin (ICMP.answers)
    ("echo", "-", IP_AB + "/ICMP(id=1,seq=2)", IP_BA + "/ICMP(type=0,id=1,seq=2)", None),
    ("echo other seq", "-", IP_AB + "/ICMP(id=1,seq=2)", IP_BA + "/ICMP(type=0,id=1,seq=3)", None),
    ("echo other id", "-", IP_AB + "/ICMP(id=1,seq=2)", IP_BA + "/ICMP(type=0,id=9,seq=2)", None),
    ("echo request to a request", "-", IP_AB + "/ICMP(id=1,seq=2)", IP_BA + "/ICMP(type=8,id=1,seq=2)", None),
    ("timestamp", "-", IP_AB + "/ICMP(type=13,id=1,seq=2)", IP_BA + "/ICMP(type=14,id=1,seq=2)", None),
    ("address mask", "-", IP_AB + "/ICMP(type=17,id=1,seq=2)", IP_BA + "/ICMP(type=18,id=1,seq=2)", None),
    # IP.answers: addresses (checkIPaddr)
    ("echo from another host", "-", IP_AB + "/ICMP()", 'IP(src="%s",dst="%s")/ICMP(type=0)' % (C, A), None),
    ("echo from another host", "noaddr", IP_AB + "/ICMP()", 'IP(src="%s",dst="%s")/ICMP(type=0)' % (C, A), None),
    ("broadcast ping", "-", 'IP(src="%s",dst="10.0.0.255")/ICMP()' % A, IP_BA + "/ICMP(type=0)", None),
    ("broadcast ping", "noaddr", 'IP(src="%s",dst="10.0.0.255")/ICMP()' % A, IP_BA + "/ICMP(type=0)", None),
    ("broadcast ping", "nosrc", 'IP(src="%s",dst="10.0.0.255")/ICMP()' % A, IP_BA + "/ICMP(type=0)", None),
    ("echo to another host", "-", IP_AB + "/ICMP()", 'IP(src="%s",dst="%s")/ICMP(type=0)' % (B, C), None),
    ("echo to another host", "noaddr", IP_AB + "/ICMP()", 'IP(src="%s",dst="%s")/ICMP(type=0)' % (B, C), None),
    ("other protocol", "-", IP_AB + "/ICMP()", IP_BA + "/UDP()", None),
    ("IPv6 to an IPv4 probe", "-", IP_AB + "/ICMP()", V6_BA + "/ICMPv6EchoReply()", None),
    # TCP.answers
    ("SYN, SA", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="S",seq=100)', IP_BA + '/TCP(sport=80,dport=1234,flags="SA",seq=7,ack=101)', None),
    ("SYN, RA", "-", IP_AB + '/TCP(sport=1234,dport=81,flags="S",seq=100)', IP_BA + '/TCP(sport=81,dport=1234,flags="RA",ack=101)', None),
    ("SYN, SA far ack", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="S",seq=100)', IP_BA + '/TCP(sport=80,dport=1234,flags="SA",ack=200)', None),
    ("SYN, SA ack within 2", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="S",seq=100)', IP_BA + '/TCP(sport=80,dport=1234,flags="SA",ack=102)', None),
    ("SYN, SA other ports", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="S",seq=100)', IP_BA + '/TCP(sport=80,dport=1235,flags="SA",ack=101)', None),
    ("SYN, SA other ports", "nosrc", IP_AB + '/TCP(sport=1234,dport=80,flags="S",seq=100)', IP_BA + '/TCP(sport=80,dport=1235,flags="SA",ack=101)', None),
    ("SYN, bare SYN", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="S",seq=100)', IP_BA + '/TCP(sport=80,dport=1234,flags="S",ack=101)', None),
    ("ACK, SA", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="A",seq=100,ack=5)', IP_BA + '/TCP(sport=80,dport=1234,flags="SA",seq=5,ack=100)', None),
    ("RST probe", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="R",seq=100)', IP_BA + '/TCP(sport=80,dport=1234,flags="RA",ack=101)', None),
    ("ACK, bare RST", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="A",seq=100,ack=500)', IP_BA + '/TCP(sport=80,dport=1234,flags="R",seq=500)', None),
    ("ACK, bare RST far seq", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="A",seq=100,ack=500)', IP_BA + '/TCP(sport=80,dport=1234,flags="R",seq=900)', None),
    ("data, its ACK", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="PA",seq=100,ack=5)/"hello"', IP_BA + '/TCP(sport=80,dport=1234,flags="A",seq=5,ack=105)', None),
    ("data, ACK past it", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="PA",seq=100,ack=5)/"hello"', IP_BA + '/TCP(sport=80,dport=1234,flags="A",seq=5,ack=120)', None),
    # UDP.answers
    ("UDP", "-", IP_AB + "/UDP(sport=4000,dport=7)", IP_BA + "/UDP(sport=7,dport=4000)", None),
    ("UDP from another port", "-", IP_AB + "/UDP(sport=4000,dport=69)", IP_BA + "/UDP(sport=3333,dport=4000)", None),
    ("UDP to another port", "-", IP_AB + "/UDP(sport=4000,dport=7)", IP_BA + "/UDP(sport=7,dport=4001)", None),
    ("UDP to another port", "nosrc", IP_AB + "/UDP(sport=4000,dport=7)", IP_BA + "/UDP(sport=7,dport=4001)", None),
    # DNS.answers over UDP
    ("DNS", "-", IP_AB + '/UDP(sport=5000)/DNS(id=7,qd=DNSQR(qname="a.example"))', IP_BA + '/UDP(dport=5000)/DNS(id=7,qr=1)', None),
    ("DNS other id", "-", IP_AB + '/UDP(sport=5000)/DNS(id=7,qd=DNSQR(qname="a.example"))', IP_BA + '/UDP(dport=5000)/DNS(id=8,qr=1)', None),
    ("DNS query to a query", "-", IP_AB + '/UDP(sport=5000)/DNS(id=7,qd=DNSQR(qname="a.example"))', IP_BA + '/UDP(dport=5000)/DNS(id=7,qr=0)', None),
    # ICMP errors (IP.answers, IPerror/UDPerror/TCPerror/ICMPerror.answers)
    ("port unreachable", "-", IP_AB + "/UDP(sport=4000,dport=33434)", IP_BA + "/ICMP(type=3,code=3)/" + IP_AB + "/UDP(sport=4000,dport=33434)", None),
    ("time exceeded from a router", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="S")', 'IP(src="10.9.9.9",dst="%s")/ICMP(type=11)/' % A + IP_AB + '/TCP(sport=1234,dport=80,flags="S")', None),
    ("error to another host", "-", IP_AB + "/UDP(sport=4000,dport=33434)", 'IP(src="%s",dst="%s")/ICMP(type=3,code=3)/' % (B, C) + IP_AB + "/UDP(sport=4000,dport=33434)", None),
    ("error quoting another destination", "-", IP_AB + "/UDP(sport=4000,dport=33434)", IP_BA + '/ICMP(type=3,code=3)/IP(src="%s",dst="%s")/UDP(sport=4000,dport=33434)' % (A, C), None),
    ("error quoting another source (NAT)", "-", IP_AB + "/UDP(sport=4000,dport=33434)", IP_BA + '/ICMP(type=3,code=3)/IP(src="%s",dst="%s")/UDP(sport=4000,dport=33434)' % (C, B), None),
    ("error quoting another source (NAT)", "nosrc", IP_AB + "/UDP(sport=4000,dport=33434)", IP_BA + '/ICMP(type=3,code=3)/IP(src="%s",dst="%s")/UDP(sport=4000,dport=33434)' % (C, B), None),
    ("error quoting another source (NAT)", "noaddr", IP_AB + "/UDP(sport=4000,dport=33434)", IP_BA + '/ICMP(type=3,code=3)/IP(src="%s",dst="%s")/UDP(sport=4000,dport=33434)' % (C, B), None),
    ("error quoting other ports (NAT)", "-", IP_AB + "/UDP(sport=4000,dport=33434)", IP_BA + "/ICMP(type=3,code=3)/" + IP_AB + "/UDP(sport=5000,dport=33434)", None),
    ("error quoting other ports (NAT)", "nosrc", IP_AB + "/UDP(sport=4000,dport=33434)", IP_BA + "/ICMP(type=3,code=3)/" + IP_AB + "/UDP(sport=5000,dport=33434)", None),
    ("error quoting TCP other ports", "-", IP_AB + '/TCP(sport=1234,dport=80,flags="S")', IP_BA + "/ICMP(type=3,code=3)/" + IP_AB + '/TCP(sport=1234,dport=81,flags="S")', None),
    ("error quoting another protocol", "-", IP_AB + "/UDP(sport=4000,dport=33434)", IP_BA + "/ICMP(type=3,code=3)/" + IP_AB + "/TCP(sport=4000,dport=33434)", None),
    ("error quoting another IP id", "-", 'IP(src="%s",dst="%s",id=5)/UDP(sport=4000,dport=33434)' % (A, B), IP_BA + '/ICMP(type=3,code=3)/IP(src="%s",dst="%s",id=6)/UDP(sport=4000,dport=33434)' % (A, B), IPID),
    ("error quoting an echo", "-", IP_AB + "/ICMP(id=1,seq=2)", 'IP(src="10.9.9.9",dst="%s")/ICMP(type=11)/' % A + IP_AB + "/ICMP(id=1,seq=2)", None),
    ("error quoting an echo of another seq", "-", IP_AB + "/ICMP(id=1,seq=2)", 'IP(src="10.9.9.9",dst="%s")/ICMP(type=11)/' % A + IP_AB + "/ICMP(id=1,seq=3)", None),
    ("error quoting a header only", "-", IP_AB + "/UDP(sport=4000,dport=33434)", IP_BA + "/ICMP(type=3,code=3)/" + IP_AB, None),
    # ARP.answers
    ("ARP", "-", 'Ether()/ARP(psrc="%s",pdst="%s")' % (A, B), 'Ether()/ARP(op=2,psrc="%s",pdst="%s")' % (B, A), None),
    ("ARP from another address", "-", 'Ether()/ARP(psrc="%s",pdst="%s")' % (A, B), 'Ether()/ARP(op=2,psrc="%s",pdst="%s")' % (C, A), None),
    ("ARP request to a request", "-", 'Ether()/ARP(psrc="%s",pdst="%s")' % (A, B), 'Ether()/ARP(op=1,psrc="%s",pdst="%s")' % (B, A), None),
    # IPv6
    ("ICMPv6 echo", "-", V6_AB + '/ICMPv6EchoRequest(id=1,seq=2,data="x")', V6_BA + '/ICMPv6EchoReply(id=1,seq=2,data="x")', None),
    ("ICMPv6 echo other data", "-", V6_AB + '/ICMPv6EchoRequest(id=1,seq=2,data="x")', V6_BA + '/ICMPv6EchoReply(id=1,seq=2,data="y")', None),
    ("ICMPv6 echo other seq", "-", V6_AB + "/ICMPv6EchoRequest(id=1,seq=2)", V6_BA + "/ICMPv6EchoReply(id=1,seq=3)", None),
    ("ICMPv6 echo from another host", "-", V6_AB + "/ICMPv6EchoRequest()", 'IPv6(src="fd00::3",dst="fd00::1")/ICMPv6EchoReply()', V6SRC),
    ("ICMPv6 echo from another host", "noaddr", V6_AB + "/ICMPv6EchoRequest()", 'IPv6(src="fd00::3",dst="fd00::1")/ICMPv6EchoReply()', None),
    ("ICMPv6 echo to all nodes", "-", 'IPv6(src="fe80::1",dst="ff02::1")/ICMPv6EchoRequest()', 'IPv6(src="fe80::2",dst="fe80::1")/ICMPv6EchoReply()', None),
    ("ICMPv6 echo to another host", "-", V6_AB + "/ICMPv6EchoRequest()", 'IPv6(src="fd00::2",dst="fd00::3")/ICMPv6EchoReply()', None),
    ("ICMPv6 port unreachable", "-", V6_AB + "/UDP(sport=4000,dport=33434)", V6_BA + "/ICMPv6DestUnreach(code=4)/" + V6_AB + "/UDP(sport=4000,dport=33434)", None),
    ("ICMPv6 time exceeded quoting TCP", "-", V6_AB + '/TCP(sport=1234,flags="S")', 'IPv6(src="fd00::9",dst="fd00::1")/ICMPv6TimeExceeded()/' + V6_AB + '/TCP(sport=1234,flags="S")', None),
    ("ICMPv6 error quoting another source", "-", V6_AB + "/UDP(sport=4000,dport=33434)", V6_BA + '/ICMPv6DestUnreach(code=4)/IPv6(src="fd00::7",dst="fd00::2")/UDP(sport=4000,dport=33434)', None),
    ("ICMPv6 error quoting another source", "nosrc", V6_AB + "/UDP(sport=4000,dport=33434)", V6_BA + '/ICMPv6DestUnreach(code=4)/IPv6(src="fd00::7",dst="fd00::2")/UDP(sport=4000,dport=33434)', None),
    ("neighbour solicitation", "-", 'IPv6(src="fe80::1",dst="ff02::1:ff00:2")/ICMPv6ND_NS(tgt="fe80::2")', 'IPv6(src="fe80::2",dst="fe80::1")/ICMPv6ND_NA(tgt="fe80::2")', None),
    ("neighbour solicitation, other target", "-", 'IPv6(src="fe80::1",dst="ff02::1:ff00:2")/ICMPv6ND_NS(tgt="fe80::2")', 'IPv6(src="fe80::2",dst="fe80::1")/ICMPv6ND_NA(tgt="fe80::3")', None),
    ("MLD report to a query", "-", 'IPv6(src="fe80::1",dst="ff02::1")/ICMPv6MLQuery()', 'IPv6(src="fe80::2",dst="fe80::1")/ICMPv6MLReport()', None),
    ("MLD report to a report", "-", 'IPv6(src="fe80::1",dst="ff02::1")/ICMPv6MLReport()', 'IPv6(src="fe80::2",dst="fe80::1")/ICMPv6MLReport()', None),
    ("MLDv2 report to an MLDv2 query", "-", 'IPv6(src="fe80::1",dst="ff02::1")/ICMPv6MLQuery2()', 'IPv6(src="fe80::2",dst="fe80::1")/ICMPv6MLReport2()', None),
    ("MLDv2 report to an MLDv1 query", "-", 'IPv6(src="fe80::1",dst="ff02::1")/ICMPv6MLQuery()', 'IPv6(src="fe80::2",dst="fe80::1")/ICMPv6MLReport2()', None),
    ("mobile prefix advertisement", "-", V6_AB + "/ICMPv6MPSol(id=5)", V6_BA + "/ICMPv6MPAdv(id=5)", None),
    ("UDP over IPv6", "-", V6_AB + "/UDP(sport=4000,dport=7)", V6_BA + "/UDP(sport=7,dport=4000)", None),
]


def pkt(spec):
    p = conv_expr(ast.parse(spec, mode="eval").body)
    p = next(iter(p))
    return p.__class__(raw(p))


def main():
    out = sys.stdout
    out.write("# Scapy %s's reply.answers(probe), generated by "
              "tests/golden/scapy/gen_match.py; do not edit.\n" % S.conf.version)
    for name, conf, probe, reply, differs in CASES:
        S.conf.checkIPaddr = conf != "noaddr"
        S.conf.checkIPsrc = conf != "nosrc"
        v = 1 if pkt(reply).answers(pkt(probe)) else 0
        ours = str(v) if differs is None else "%d %s" % (1 - v, differs)
        out.write("\t".join((name, conf, probe, reply, str(v), ours)) + "\n")
    sys.stderr.write("%d cases\n" % len(CASES))


if __name__ == "__main__":
    main()
