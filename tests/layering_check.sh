#!/bin/sh
# Dependencies point one way: base <- model <- parse <- plan <- targets <- cli.
# cloud (HTTP, SigV4, endpoints, AWS clients) uses only base; only targets and cli
# may use cloud.
# emulator is a separate program on base and cloud.
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
check base model parse plan targets audit cli emit cloud
check model parse plan targets audit cli emit cloud
check emit parse plan targets audit cli cloud
check parse plan targets audit cli cloud
check plan targets audit cli cloud
check targets audit cli
check audit targets cli cloud
check cloud model parse plan targets audit cli emit
# emulator (agentcore-local, its own program) builds on base and cloud only, and
# nothing in agentlift itself uses it.
check emulator model parse plan targets audit cli emit
for dir in base model parse plan targets audit cli emit cloud; do
  check "$dir" emulator
done
exit $fail
