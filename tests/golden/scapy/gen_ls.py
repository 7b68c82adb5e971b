#!/usr/bin/python3
"""Scapy oracle for --list-layers / --list-fields: writes tests/golden/scapy/ls.txt.

    /usr/bin/python3 tests/golden/scapy/gen_ls.py > tests/golden/scapy/ls.txt

First "== ls()": the lines of Scapy 2.5's ls() for the layer classes pkt
has (Scapy lists every class it has, over a thousand); then for each layer
below, "== NAME" and what ls(NAME) prints (ICMP's timestamp defaults,
the time of day, are written <ms since midnight>).  tests/cli/t0172-ls.sh compares
pktsend --list-layers and --list-fields with them.
"""
import contextlib
import io
import logging
import re
import sys

logging.getLogger("scapy.runtime").setLevel(logging.ERROR)
import scapy.all as S  # noqa: E402

LAYERS = """
IP TCP UDP ICMP Ether Dot1Q ARP IPv6 ICMPv6EchoRequest IPv6ExtHdrFragment
DNSQR Raw
""".split()

# Layer names that pkt has (pktsend --list-layers | cut -d' ' -f1), for
# the ls() lines: a sample, not every one.
KNOWN = """
ARP DNS DNSQR DNSRR Dot1Q Ether ICMP ICMPerror ICMPv6EchoReply
ICMPv6EchoRequest IP IPerror IPv6 IPv6ExtHdrFragment Padding Raw TCP
TCPerror UDP UDPerror
""".split()


def ls(obj=None):
    buf = io.StringIO()
    with contextlib.redirect_stdout(buf):
        S.ls(obj)
    return buf.getvalue()


def main():
    out = sys.stdout
    out.write("== ls()\n")
    for ln in ls().splitlines():
        if ln.split(" ")[0] in KNOWN:
            out.write(ln + "\n")
    for name in LAYERS:
        text = ls(getattr(S, name))
        # ICMP's timestamps default to the time of day: not repeatable
        text = re.sub(r"(ICMPTimeStampField.*= )\('\d+'\)", r"\1('<ms since midnight>')", text)
        out.write("== %s\n%s" % (name, text))


if __name__ == "__main__":
    main()
