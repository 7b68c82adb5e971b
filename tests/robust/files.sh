# shellcheck shell=bash disable=SC2034 # files is the caller's
# tests/robust/files.sh: sourced by corpus.sh and tools.sh.  Sets the
# array `files` to the arguments, else to every capture of $CORPUS (sorted,
# without its LICENSE and README); without a corpus, says so and exits 77.
# $1 is the caller's name for the message; the rest are the files.
robust_files() {
	local me=$1
	shift
	if [ $# -gt 0 ]; then
		files=("$@")
		return
	fi
	if [ ! -d "$CORPUS" ]; then
		echo "$me: no corpus at $CORPUS: skipped"
		exit 77
	fi
	mapfile -t files < <(find "$CORPUS" -maxdepth 1 -type f \
		! -name LICENSE ! -name 'README*' | LC_ALL=C sort)
}
