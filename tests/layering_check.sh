#!/bin/sh
# Dependencies point one way: base <- model <- parse <- plan <- targets <- cli.
# emit (printer, literals) serves targets; audit sits beside targets (it reads the
# model, never a target's plan).
set -eu
src=${1:-src}
fail=0
check() {  # check <dir> <forbidden include prefixes...>
  dir=$1; shift
  for bad in "$@"; do
    if grep -rn "#include \"$bad/" "$src/$dir" 2>/dev/null; then
      echo "layering: $dir must not include $bad/" >&2
      fail=1
    fi
  done
}
check base model parse plan targets audit cli emit
check model parse plan targets audit cli emit
check emit parse plan targets audit cli
check parse plan targets audit cli
check plan targets audit cli
check targets audit cli
check audit targets cli
exit $fail
