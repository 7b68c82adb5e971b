#!/bin/bash
# The man pages are clean mdoc, the completions clean shell, and every
# tool's --help and usage agree with its man page's SYNOPSIS options.
# shellcheck disable=SC2016 # ok's bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"

need_cmd mandoc
top=${PKT_TOP:-$(cd "$(dirname "$0")/../.." && pwd)}
pages=("$top"/man/*.[17])
options_documented() {
	local o missing=0
	for o in $("$1" --help | grep -oE -- "--[a-z][a-z0-9-]+" | sort -u); do
		if ! grep -qE -- 'Fl \\?-'"${o#--}"'([^a-z0-9-]|$)' "$2"; then
			echo "# $o is missing from $(basename "$2")" >&2
			missing=1
		fi
	done
	return "$missing"
}
done_plan=0
for page in "${pages[@]}"; do
	name=$(basename "$page")
	ok '[ -z "$(mandoc -T lint -W warning "'"$page"'" 2>&1)" ]' "mandoc -T lint: $name is clean"
	done_plan=$((done_plan + 1))
done
if command -v shellcheck >/dev/null; then
	for f in "$top"/completion/*.bash; do
		[ -e "$f" ] || continue
		ok 'shellcheck -s bash "'"$f"'"' "shellcheck: $(basename "$f")"
	done
fi
for tool in pktsend pktsr1 pkttrace pktgraph; do
	command -v "$tool" >/dev/null || continue
	[ -e "$top/man/$tool.1" ] || continue
	expect_code 0 "$tool --help exits 0" -- "$tool" --help
	# Every long option of --help is documented in the man page.
	ok 'options_documented '"$tool"' "'"$top/man/$tool.1"'"' \
		"every option in $tool --help is in $tool.1"
	expect_code 2 "$tool with an unknown option exits 2" -- "$tool" --no-such-option
	expect_stdout - "$tool --version" -- "$tool" --version <<-EOF
	$tool (pkt) 0.1.0
	EOF
done
done_testing
