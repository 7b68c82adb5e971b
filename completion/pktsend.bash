# bash completion for pktsend(1)                          -*- shell-script -*-
#
# Options come from pktsend's option table; layer and field names from
# the binary itself (pktsend --list-layers, pktsend --list-fields LAYER),
# so completion follows the layers the engine has.  Inside a spec:
#   'IP(dst=1.2.3.4)/TC<TAB>   layer names after the start or a "/"
#   'IP(tt<TAB>                field names of the innermost open layer,
#   'IP(ttl=3,fl<TAB>          after "(" or ",", completed with "="

_pktsend_opts='-n --dry-run -i --iface --l3raw --l2 -c --count --loop
--inter --rate --qdisc-bypass --seed --block-rst --hold --fragment -r --read
-w --write -j --json --show --hexdump
-t --timeout --nofilter -v --verbose -q --quiet --config -h --help --version
--list-layers --list-fields'

# _pktsend_run PROG ARGS...: run pktsend for its name lists.
_pktsend_run() {
	local prog=$1
	shift
	command -v "$prog" >/dev/null 2>&1 || prog=pktsend
	"$prog" "$@" 2>/dev/null | cut -d " " -f 1	# "NAME   : what it is"
}

# _pktsend_spec PROG SPEC: print completions of a partial SPEC, one a line.
_pktsend_spec() {
	local prog=$1 spec=$2 i c q='' n=${#2} start=0 name=''
	local -a stack=()	# per open bracket: layer name, or "" for ( ) [ ]
	local lastsep=''	# last separator: "", "/", "(", ",", "="
	for ((i = 0; i < n; i++)); do
		c=${spec:i:1}
		if [ -n "$q" ]; then	# inside a string of the spec
			if [ "$c" = "\\" ]; then
				i=$((i + 1))
			elif [ "$c" = "$q" ]; then
				q=''
			fi
			continue
		fi
		case $c in
		\" | \') q=$c ;;
		'(')
			name=${spec:start:i-start}
			name=${name##*[!A-Za-z0-9_]}
			if [[ $name == [A-Za-z]* ]]; then
				stack+=("$name")
			else
				stack+=('')
			fi
			lastsep='(' start=$((i + 1)) ;;
		'[') stack+=('') lastsep='(' start=$((i + 1)) ;;
		')' | ']')
			[ ${#stack[@]} -gt 0 ] && unset 'stack[${#stack[@]}-1]'
			lastsep=')' start=$((i + 1)) ;;
		,) lastsep=, start=$((i + 1)) ;;
		/) lastsep=/ start=$((i + 1)) ;;
		=) lastsep='=' start=$((i + 1)) ;;
		esac
	done
	[ -z "$q" ] || return 0
	local word=${spec:start} head=${spec:0:start} top=''
	[ ${#stack[@]} -eq 0 ] || top=${stack[${#stack[@]}-1]}
	case $lastsep in
	'' | / | =)
		# a layer: at the start, after "/", or as a value (qd=DNSQR(...))
		if [ "$lastsep" != = ] || [[ $word == [A-Z]* ]]; then
			[ -n "${_pktsend_layers-}" ] ||
				_pktsend_layers=$(_pktsend_run "$prog" --list-layers)
			compgen -P "$head" -W "$_pktsend_layers" -- "$word"
		fi ;;
	'(' | ,)
		if [ -n "$top" ]; then
			compgen -P "$head" -S = \
				-W "$(_pktsend_run "$prog" --list-fields "$top")" -- "$word"
		fi ;;
	esac
}

_pktsend() {
	local cur prev words cword
	if declare -F _init_completion >/dev/null 2>&1; then
		_init_completion -n '=:(' || return
	else
		words=("${COMP_WORDS[@]}")
		cword=$COMP_CWORD
		cur=${words[cword]}
		prev=${words[cword - 1]:-}
	fi
	COMPREPLY=()

	case $prev in
	-i | --iface)
		local ifs
		ifs=$(command ls /sys/class/net 2>/dev/null)
		mapfile -t COMPREPLY < <(compgen -W "$ifs" -- "$cur")
		return ;;
	-r | --read | -w | --write | --config)
		mapfile -t COMPREPLY < <(compgen -f -- "$cur")
		compopt -o filenames 2>/dev/null
		return ;;
	-c | --count | --inter | --rate | -t | --timeout | --hold | --fragment)
		return ;;
	--list-fields)
		mapfile -t COMPREPLY < <(compgen -W "$(_pktsend_run "${words[0]}" \
			--list-layers)" -- "$cur")
		return ;;
	esac

	if [[ $cur == -* ]]; then
		mapfile -t COMPREPLY < <(compgen -W "$_pktsend_opts" -- "$cur")
		return
	fi

	# A spec.  The whole shell word typed so far: from the line when
	# bash gives it (COMP_WORDS is split at "(" and "="), else cur.
	local raw=$cur spec pre='' line i c q='' start=0
	if [ -n "${COMP_LINE-}" ]; then
		line=${COMP_LINE:0:${COMP_POINT:-${#COMP_LINE}}}
		for ((i = 0; i < ${#line}; i++)); do
			c=${line:i:1}
			if [ -n "$q" ]; then
				[ "$c" != "$q" ] || q=''
			elif [ "$c" = "'" ] || [ "$c" = '"' ]; then
				q=$c
			elif [ "$c" = ' ' ] || [ "$c" = $'\t' ]; then
				start=$((i + 1))
			fi
		done
		raw=${line:start}
	fi
	case $raw in
	\'* | \"*)
		# readline replaces what follows the opening quote
		spec=${raw:1} ;;
	*)
		# readline replaces what follows the last word-break character
		spec=$raw
		if [ -n "${COMP_LINE-}" ]; then
			local tail=${spec##*[=:(<>;|&]}
			pre=${spec:0:${#spec}-${#tail}}
		fi ;;
	esac
	mapfile -t COMPREPLY < <(_pktsend_spec "${words[0]}" "$spec")
	[ -z "$pre" ] || COMPREPLY=("${COMPREPLY[@]#"$pre"}")
	[ ${#COMPREPLY[@]} -eq 0 ] || compopt -o nospace 2>/dev/null
	return 0
}
complete -F _pktsend pktsend
