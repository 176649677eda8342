#!/bin/sh
# check_install.sh - make install DESTDIR=... puts each file in place, and
# make uninstall removes each one again.
set -eu
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
dest="$tmp/root"
cd "$top_builddir"
# a make of its own, not a job of the make running the tests
unset MAKEFLAGS MFLAGS MAKELEVEL
# the directories configure chose, as make sees them
vars=$($MAKE -s --no-print-directory -f Makefile -f - print-dirs <<'EOM'
print-dirs:
	@echo "bindir=$(bindir) mandir=$(mandir) docdir=$(docdir) bashcompdir=$(bashcompdir) zshcompdir=$(zshcompdir) fishcompdir=$(fishcompdir) pkglibexecdir=$(pkglibexecdir) previews=$(HAVE_PREVIEWS_TRUE)x"
EOM
)
vars=$(echo "$vars" | grep '^bindir=')
eval "$vars"

fails=0 n=0
check() { # check DESCRIPTION COMMAND...
	what=$1
	shift
	n=$((n + 1))
	if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; fails=$((fails + 1)); fi
}

$MAKE -s install DESTDIR="$dest" >"$tmp/install.log" 2>&1 ||
	{ cat "$tmp/install.log"; exit 1; }
files="$bindir/profed $mandir/man1/profed.1 $bashcompdir/profed
$zshcompdir/_profed $fishcompdir/profed.fish $docdir/config.example"
# the picture helper, in builds with previews (automake's conditional
# prefix is empty when the condition holds)
[ "$previews" = x ] && files="$files $pkglibexecdir/profed-decode"
for f in $files; do
	check "installed $f" test -f "$dest$f"
done
check "profed is executable" test -x "$dest$bindir/profed"
check "the installed profed runs" sh -c "'$dest$bindir/profed' --version | grep -q '^profed '"
check "the page carries the version" grep -q '"profed ' "$dest$mandir/man1/profed.1"
check "the bash completion is the generated one" cmp -s "$dest$bashcompdir/profed" completions/bash/profed
check "the example config has every key commented" sh -c "! grep -qv '^#\|^\$' '$dest$docdir/config.example'"
# nothing else was installed
extra=$(cd "$dest" && find . -type f | sed 's|^\.||' | sort)
want=$(for f in $files; do echo "$f"; done | sort)
check "only those files" test "$extra" = "$want"

$MAKE -s uninstall DESTDIR="$dest" >"$tmp/uninstall.log" 2>&1 ||
	{ cat "$tmp/uninstall.log"; exit 1; }
for f in $files; do
	check "uninstalled $f" test ! -e "$dest$f"
done
left=$(cd "$dest" && find . -type f)
check "no file left" test -z "$left"

echo "$(( (n - fails) * 100 / n ))%: Checks: $n, Failures: $fails, Errors: 0"
[ "$fails" -eq 0 ]
