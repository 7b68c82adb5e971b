#!/usr/bin/python3
"""Scapy oracle for --hexdump: writes tests/golden/scapy/hexdump.txt.

    /usr/bin/python3 tests/golden/scapy/gen_hexdump.py > tests/golden/scapy/hexdump.txt

For each spec below (pkt's language, evaluated as gen_build.py does), one
line "== SPEC" and then what Scapy 2.5's hexdump() prints for the packet.
Each spec makes one packet.  tests/cli/t0171-hexdump.sh compares
`pktsend -n --hexdump SPEC` with it.
"""
import ast
import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import gen_build  # noqa: E402
import scapy.all as S  # noqa: E402

SPECS = r'''
IP()
IP()/ICMP()
IP()/("A"*12)
IP()/UDP()/("\x00\x1f\x20\x7e\x7f\x80\xff"*9)
Ether(dst="ff:ff:ff:ff:ff:ff",src="02:00:00:00:00:01")/IP(src="192.0.2.1",dst="192.0.2.2")/TCP(flags="SA",options=[("MSS",1460)])/"GET / HTTP/1.0\r\n\r\n"
IPv6(src="2001:db8::1",dst="2001:db8::2")/ICMPv6EchoRequest(data="abcdefghijklmnopqrstuvwxyz")
IP()/UDP()/("0123456789"*40)
'''


def main():
    for ln in SPECS.strip().split("\n"):
        pkts = list(gen_build.conv_expr(ast.parse(ln, mode="eval").body))
        assert len(pkts) == 1, ln
        sys.stdout.write("== %s\n%s\n" % (ln, S.hexdump(pkts[0], dump=True)))


if __name__ == "__main__":
    main()
