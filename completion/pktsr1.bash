# bash completion for pktsr1(1)                           -*- shell-script -*-
#
# pktsr1 takes the same specs as pktsend, and most of its options, so
# this file reuses pktsend's completion (completion/pktsend.bash,
# installed as .../bash-completion/completions/pktsend): _pktsend does
# the work with pktsr1's option list in place of pktsend's, and asks
# pktsr1 itself for layer and field names (pktsr1 --list-layers,
# pktsr1 --list-fields LAYER).

_pktsr1_opts='-i --iface --l3raw --l2 --nofilter -t --timeout --multi
--retry --inter --rate --seed --show --hexdump --block-rst --hold
--no-checkipaddr --no-checkipsrc -r --read -w --write -j --json -v --verbose
-q --quiet --config -h --help --version --list-layers --list-fields'

# pktsend's completion, from beside this file (a source tree or an
# install), else from bash-completion's own loader.
_pktsr1_load() {
	declare -F _pktsend >/dev/null 2>&1 && return 0
	local dir f
	dir=$(dirname "${BASH_SOURCE[0]}")
	for f in "$dir/pktsend.bash" "$dir/pktsend"; do
		# The path is known at run time only (beside this file, or the
		# installed name); the file is checked on its own.
		# shellcheck disable=SC1090,SC1091
		[ -f "$f" ] && . "$f" && break
	done
	declare -F _pktsend >/dev/null 2>&1 && return 0
	if declare -F _comp_load >/dev/null 2>&1; then
		_comp_load pktsend
	elif declare -F __load_completion >/dev/null 2>&1; then
		__load_completion pktsend
	fi
	declare -F _pktsend >/dev/null 2>&1
}

_pktsr1() {
	local prev=${COMP_WORDS[COMP_CWORD - 1]:-}
	case $prev in
	--retry | --seed)
		COMPREPLY=()
		return ;;
	esac
	_pktsr1_load || return 0
	# _pktsend reads the option list when it runs: give it pktsr1's.
	# shellcheck disable=SC2034 # read by _pktsend
	local _pktsend_opts=$_pktsr1_opts
	_pktsend "$@"
}
complete -F _pktsr1 pktsr1
