#!/bin/bash
# The config's color key: show() colours its layer titles and field names
# on a terminal (auto), always, or never; NO_COLOR beats the file.
# shellcheck disable=SC2016 # ok's bodies are eval'ed later
. "${PKT_TOP:-$(dirname "$0")/../..}/tests/lib.sh"
plan 4

esc=$(printf '\033')
printf 'color = always\n' >always.conf
printf 'color = never\n' >never.conf
ok 'PKT_CONFIG=always.conf pktsend -n --show "IP()/ICMP()" | grep -q "$esc\[1;34mIP$esc\[0m"' \
	"color = always: the layer title is coloured, even into a pipe"
ok '! PKT_CONFIG=never.conf pktsend -n --show "IP()/ICMP()" | grep -q "$esc"' \
	"color = never: no escape"
ok '! pktsend -n --show "IP()/ICMP()" | grep -q "$esc"' \
	"auto: not a terminal, no escape"
ok '! NO_COLOR=1 PKT_CONFIG=always.conf pktsend -n --show "IP()/ICMP()" | grep -q "$esc"' \
	"NO_COLOR beats the file"
