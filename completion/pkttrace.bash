# bash completion for pkttrace(1)                         -*- shell-script -*-
#
# Options, the protocols of --l4, interfaces after -i, files after -w, -r
# and --config, and host names (from the hosts file) as targets.

_pkttrace_opts='--l4 -p --dport --sport --minttl --maxttl --all-ttls --rate -t --timeout
-c --count --interval --report -n --numeric --dns-server --pmtu -i --iface --l3raw
--l2 --nofilter -j --json -w --write -r --read -v --verbose -q --quiet --config
-h --help --version --stateless --shard --per24 --seed --file --flows --mda'

_pkttrace() {
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
	--l4)
		mapfile -t COMPREPLY < <(compgen -W 'tcp udp icmp' -- "$cur")
		return ;;
	-i | --iface)
		local ifs
		ifs=$(command ls /sys/class/net 2>/dev/null)
		mapfile -t COMPREPLY < <(compgen -W "$ifs" -- "$cur")
		return ;;
	-w | --write | -r | --read | --config | --file)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
		return ;;
	-p | --dport | --sport | --minttl | --maxttl | --rate | -t | --timeout | \
	-c | --count | --interval | --dns-server | --shard | --seed | --flows)
		return ;;
	esac

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_pkttrace_opts" -- "$cur")
		return
	fi
	mapfile -t COMPREPLY < <(compgen -A hostname -- "$cur")
	return 0
}
complete -F _pkttrace pkttrace
