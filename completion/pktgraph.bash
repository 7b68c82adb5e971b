# bash completion for pktgraph(1)                         -*- shell-script -*-

_pktgraph_opts='-T --format -o --output -O --options --dot --asn-file
-C --conversations -P --protocols -j --json -r --read -v --verbose -q --quiet
--config -h --help --version'

_pktgraph() {
	local cur prev words cword
	if declare -F _init_completion >/dev/null 2>&1; then
		_init_completion || return
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${words[cword]}
		prev=${words[cword - 1]:-}
	fi
	COMPREPLY=()

	case $prev in
	-T | --format)
		mapfile -t COMPREPLY < <(compgen -W 'svg png pdf ps dot' -- "$cur")
		return ;;
	-o | --output | -r | --read | --asn-file | --config)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
		return ;;
	--dot)
		mapfile -t COMPREPLY < <(compgen -c -- "$cur")
		return ;;
	-O | --options)
		mapfile -t COMPREPLY < <(compgen -W '-Gdpi= -Grankdir=LR -Gsize=
-Gsplines=line -Nfontsize= -Nfontname= -Efontsize=' -- "$cur")
		compopt -o nospace 2>/dev/null
		return ;;
	esac
	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_pktgraph_opts" -- "$cur")
	fi
	return 0
}
complete -F _pktgraph pktgraph
