#!/bin/sh
# check_bashcomp.sh - the generated bash completion, run in bash: what Tab
# offers for a few command lines. Needs only bash (no bash-completion).
set -eu
comp="$top_builddir/completions/bash/profed"
[ -f "$comp" ] || { echo "not built: $comp"; exit 1; }
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/dir"
: >"$tmp/dir/bio.txt"
: >"$tmp/dir/me.png"

# complete WORD... : the words of the line, the last one being completed;
# prints COMPREPLY one per line, sorted
cat >"$tmp/run.bash" <<'EOS'
. "$1"
shift
COMP_WORDS=("$@")
COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
_profed
printf '%s\n' "${COMPREPLY[@]}" | sort
EOS

fails=0 n=0
expect() { # expect "WANTED" WORD...
	want=$1
	shift
	n=$((n + 1))
	got=$(cd "$tmp/dir" && bash "$tmp/run.bash" "$comp" "$@" | tr '\n' ' ' | sed 's/ $//')
	if [ "$got" != "$want" ]; then
		echo "FAIL: profed ${*#profed}: wanted '$want', got '$got'"
		fails=$((fails + 1))
	else
		echo "ok: $* -> $got"
	fi
}

expect "--retries" profed --retr
expect "--images" profed set --ima
expect "--images" profed show --ima
expect "sixel" profed --images si
expect "kitty" profed --images = ki
expect "none" profed --images=no
expect "doctor" profed do
expect "set show" profed s
expect "--json" profed show --js
expect "--json" profed doctor --js
expect "" profed --js
expect "find" profed fi
expect "--json --jsonl" profed find --js
expect "--show-phone" profed find --sh
expect "--since" profed log --si
expect "" profed show --lim
expect "--dry-run" profed set --dry
expect "" profed show --dry
expect "--name --no-audit --no-clipboard --no-color --no-images" profed set --n
expect "me.png" profed set --picture m
expect "@bio.txt" profed set --bio @b
expect "" profed set --bio b
expect "bio.txt" profed --trace bi
expect "bio.txt" profed --token-file bi
# a flag's value is not taken for the subcommand
expect "--dry-run" profed --timeout 5 set --dry
expect "" profed --account-id show --js
# hostile: nothing known, an empty word, odd characters
expect "" profed --zzz
expect "access doctor find history log set show" profed ""
expect "" profed '$(touch pwned)'
[ ! -e "$tmp/dir/pwned" ] || { echo "FAIL: a word was executed"; fails=$((fails + 1)); }

echo "$(( (n - fails) * 100 / n ))%: Checks: $n, Failures: $fails, Errors: 0"
[ "$fails" -eq 0 ]
