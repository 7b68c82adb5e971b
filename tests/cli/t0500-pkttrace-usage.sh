#!/bin/bash
# pkttrace without privilege or network: usage errors (unknown option,
# bad --l4, ports, TTL range, "-" among other targets (after an IPv6 one),
# -j with -w -) exit 2 with a message naming the option, before any
# socket is opened; --help, --version; an empty target list on stdin is
# no error; the bash completion offers options pkttrace knows.
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

[ -x "$PKT_BIN/pkttrace" ] || skip_all "no $PKT_BIN/pkttrace (run make)"
plan 20

expect_stdout - "--version" -- pkttrace --version <<-'EOF'
	pkttrace (pkt) 0.1.0
	EOF
ok 'pkttrace --help >out && grep -q "^usage: pkttrace" out && grep -q -- "--l4" out &&
    grep -q -- "--maxttl" out && grep -q -- "--nofilter" out' "--help prints the usage and the options"
expect_stderr_match '^usage: pkttrace' "an unknown option: usage, exit 2" --code 2 -- \
	pkttrace --bogus 192.0.2.1
expect_stderr_match '^pkttrace: --l4: "sctp": give tcp, udp or icmp$' "--l4 sctp is refused" --code 2 -- \
	pkttrace --l4 sctp 192.0.2.1
expect_stderr_match '^pkttrace: --l4: "TCP"' "--l4 is case-sensitive, as the man page says" --code 2 -- \
	pkttrace --l4 TCP 192.0.2.1
expect_stderr_match '^pkttrace: --minttl: TTL "0" out of range 1\.\.255$' "--minttl 0" --code 2 -- \
	pkttrace --minttl 0 192.0.2.1
expect_stderr_match '^pkttrace: --maxttl: TTL "256" out of range 1\.\.255$' "--maxttl 256" --code 2 -- \
	pkttrace --maxttl 256 192.0.2.1
expect_stderr_match '^pkttrace: --maxttl: TTL "x" is not a number' "--maxttl x" --code 2 -- \
	pkttrace --maxttl x 192.0.2.1
expect_stderr_match '^pkttrace: --minttl 10 is above --maxttl 5' "an empty TTL range" --code 2 -- \
	pkttrace --minttl 10 --maxttl 5 192.0.2.1
expect_stderr_match '^pkttrace: --minttl 31 is above --maxttl 30' "--minttl above the default --maxttl" --code 2 -- \
	pkttrace --minttl 31 192.0.2.1
expect_stderr_match '^pkttrace: -p: port "70000" out of range 1\.\.65535$' "-p 70000" --code 2 -- \
	pkttrace -p 70000 192.0.2.1
expect_stderr_match '^pkttrace: --sport: port "-1"' "--sport -1" --code 2 -- \
	pkttrace --sport -1 192.0.2.1
expect_stderr_match '^pkttrace: -p: ICMP probes have no port' "-p with --l4 icmp" --code 2 -- \
	pkttrace --l4 icmp -p 80 192.0.2.1
expect_stderr_match '^pkttrace: --rate: ' "--rate 0" --code 2 -- \
	pkttrace --rate 0 192.0.2.1
expect_stderr_match '^pkttrace: "-" \(targets from stdin\) must be the only argument' \
	"'-' among other targets" --code 2 -- pkttrace 192.0.2.1 -
expect_stderr_match '^pkttrace: "-" \(targets from stdin\) must be the only argument' \
	"an IPv6 target is taken (the '-' after it is what is refused)" --code 2 -- \
	pkttrace 2001:db8::1 -
expect_stderr_match '^pkttrace: -j and -w -' "-j with -w -: both on stdout" --code 2 -- \
	pkttrace -j -w - 192.0.2.1
printf '# nothing but comments\n\n   \n' >empty
expect_stdout /dev/null "no target on stdin: nothing to do, exit 0" --stdin empty -- \
	pkttrace -q -

# The bash completion offers options pkttrace knows, and --l4's protocols.
comp="$PKT_TOP/completion/pkttrace.bash"
complete_words() {
	bash -c '. "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _pkttrace
		printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort' bash "$comp" "$@"
}
ok 'complete_words pkttrace -- >out && grep -qx -- --maxttl out &&
    while read -r o; do
	case $o in --help|--version) continue ;; esac
	pkttrace "$o" 2>&1 | grep -q "unrecognized option" && { echo "unknown $o"; exit 1; }
    done <out; :' "bash completion: every offered option exists"
ok 'complete_words pkttrace --l4 "" >out && printf "icmp\ntcp\nudp\n" | test_cmp - out' \
	"bash completion: the protocols of --l4"
