#!/bin/bash
# .ci/deps.sh: install the Debian packages pkt needs to build and test
# (the list is .ci/packages, one a line).  As root it installs the missing
# ones; otherwise it prints the command to run and exits 1.
#
#	sudo .ci/deps.sh		# or, by hand:
#	sudo apt-get install --no-install-recommends $(cat .ci/packages)
#
# PKT_APT_UPDATED=1: the caller has run apt-get update already.
set -u -o pipefail

list="$(dirname "$0")/packages"
mapfile -t pkgs < <(grep -v '^[[:space:]]*$' "$list")
missing=()
for p in "${pkgs[@]}"; do
	status=$(dpkg-query -W -f='${db:Status-Abbrev}' "$p" 2>/dev/null)
	[ "${status:0:2}" = ii ] || missing+=("$p")
done

if [ ${#missing[@]} -eq 0 ]; then
	echo "deps: all ${#pkgs[@]} packages of .ci/packages are installed"
	exit 0
fi

if [ "$(id -u)" -ne 0 ]; then
	echo "deps: missing: ${missing[*]}" >&2
	echo "deps: as root, run:" >&2
	echo "sudo apt-get install -y --no-install-recommends ${missing[*]}"
	exit 1
fi

echo "deps: installing ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
log=$(mktemp) || exit 1
trap 'rm -f "$log"' EXIT
if [ "${PKT_APT_UPDATED:-}" != 1 ] && ! apt-get update -qq >"$log" 2>&1; then
	cat "$log" >&2
	echo "deps: apt-get update failed" >&2
	exit 1
fi
if ! apt-get install -y -qq --no-install-recommends "${missing[@]}" >"$log" 2>&1; then
	cat "$log" >&2
	echo "deps: apt-get install failed" >&2
	exit 1
fi
echo "deps: installed ${#missing[@]} packages"
