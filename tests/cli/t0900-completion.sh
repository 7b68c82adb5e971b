#!/bin/bash
# t0900-completion.sh: the bash completion of pktsend, driven as bash
# would (COMP_WORDS, COMP_CWORD), without an interactive shell: options
# after "-", layer names after "/", field names after "(".  Names come
# from the real pktsend (--list-layers, --list-fields).
# shellcheck disable=SC1091,SC2016 # lib.sh by path; ok runs strings
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

comp="$PKT_TOP/completion/pktsend.bash"
[ -x "$PKT_BIN/pktsend" ] || skip_all "no $PKT_BIN/pktsend (run make)"
[ -f "$comp" ] || skip_all "no $comp"
plan 7

# complete WORD...: run _pktsend on the words (the last one is completed)
# and print COMPREPLY, one a line, sorted.
complete_words() {
	bash -c '
		. "$1"
		shift
		COMP_WORDS=("$@")
		COMP_CWORD=$(($# - 1))
		_pktsend
		printf "%s\n" "${COMPREPLY[@]}" | LC_ALL=C sort' \
		bash "$comp" "$@"
}

ok 'bash -n "$comp"' "completion/pktsend.bash parses"

ok 'complete_words pktsend --l >out &&
	grep -qx -- --l3raw out && grep -qx -- --l2 out && grep -qx -- --loop out &&
	! grep -qv "^--l" out' "options after -"

ok 'complete_words pktsend - >out &&
	for o in -n -i -c -r -w -j -v -q --show --rate --inter --config --help; do
		grep -qx -- "$o" out || { echo "missing $o"; exit 1; }
	done' "every option is offered after -"

# Every long option offered is one pktsend accepts.
ok 'complete_words pktsend -- >out &&
	while read -r o; do
		case $o in --help|--version) continue ;; esac
		pktsend "$o" 2>&1 | grep -q "unrecognized option\|unknown option" &&
			{ echo "pktsend does not know $o"; exit 1; }
	done <out; :' "offered options exist"

ok 'complete_words pktsend "IP(dst=1.2.3.4)/TC" >out &&
	grep -qx "IP(dst=1.2.3.4)/TCP" out &&
	! grep -v "^IP(dst=1.2.3.4)/TC" out' "layer names for IP(dst=1.2.3.4)/TC"

ok 'complete_words pktsend "IP(tt" >out &&
	printf "%s\n" "IP(ttl=" | test_cmp - out' "fields for IP(tt"

ok 'complete_words pktsend "IP(ttl=3)/TCP(sport=1,dp" >out &&
	printf "%s\n" "IP(ttl=3)/TCP(sport=1,dport=" | test_cmp - out' \
	"fields of the innermost open layer after ,"
