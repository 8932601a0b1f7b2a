#!/usr/bin/env bash
# Builds the libFuzzer targets (ASan + UBSan, library instrumented too) in
# build-fuzz/ and fuzzes each for a bounded time on a scratch copy of its seeds.
#
#   FUZZ_SECONDS=60 fuzz/run.sh              # both targets, 60 s each (default)
#   FUZZ_SECONDS=300 fuzz/run.sh mcp_config  # one target
#   FUZZ_EXTRA_ARGS="-len_control=0" fuzz/run.sh   # extra libFuzzer flags
#
# Crash / leak / timeout / OOM inputs land in fuzz/artifacts/<target>/. After a
# finding the fuzzer is restarted with the time that is left, so one run can
# collect several. Prints "fuzz <target>: <N> executions, <K> crashes" per target
# and exits 1 if any artifact was produced by this run (2 on a build failure).
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"

FUZZ_SECONDS="${FUZZ_SECONDS:-60}"
BUILD_DIR="${BUILD_DIR:-$ROOT/build-fuzz}"
JOBS="${JOBS:-$(nproc 2>/dev/null || echo 2)}"
MAX_RESTARTS="${MAX_RESTARTS:-25}"
TARGETS=("$@")
if [ ${#TARGETS[@]} -eq 0 ]; then TARGETS=(frontmatter mcp_config); fi

case "$FUZZ_SECONDS" in
  ''|*[!0-9]*) echo "FUZZ_SECONDS must be a whole number of seconds" >&2; exit 2 ;;
esac

generator=()
if command -v ninja >/dev/null 2>&1; then generator=(-G Ninja); fi
# An existing build dir keeps its generator.
if [ -f "$BUILD_DIR/CMakeCache.txt" ]; then generator=(); fi

echo "== configuring $BUILD_DIR" >&2
if ! CC=clang CXX=clang++ cmake -S "$ROOT" -B "$BUILD_DIR" "${generator[@]}" \
    -DAGENTLIFT_FUZZ=ON -DAGENTLIFT_TESTS=OFF -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DCMAKE_CXX_FLAGS="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined" \
    >"$BUILD_DIR.configure.log" 2>&1; then
  cat "$BUILD_DIR.configure.log" >&2
  echo "fuzz: configure failed" >&2
  exit 2
fi
rm -f "$BUILD_DIR.configure.log"

build_targets=()
for t in "${TARGETS[@]}"; do build_targets+=(--target "fuzz_$t"); done
echo "== building ${TARGETS[*]}" >&2
if ! cmake --build "$BUILD_DIR" "${build_targets[@]}" -j "$JOBS" >"$BUILD_DIR/fuzz-build.log" 2>&1; then
  tail -n 60 "$BUILD_DIR/fuzz-build.log" >&2
  echo "fuzz: build failed (full log: $BUILD_DIR/fuzz-build.log)" >&2
  exit 2
fi

symbolizer="$(command -v llvm-symbolizer-14 || command -v llvm-symbolizer || true)"
if [ -n "$symbolizer" ]; then export ASAN_SYMBOLIZER_PATH="$symbolizer"; fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:detect_stack_use_after_return=1:symbolize=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1:symbolize=1}"

LOG_DIR="$BUILD_DIR/fuzz-logs"
# libFuzzer's line for a failing input (slow-unit-* files are informational only).
WRITTEN='Test unit written to .*/(crash|leak|timeout|oom)-[0-9a-f]+$'

signature() {  # "<kind> at <first frame in src/>" for one crash log
  local kind frame
  kind="$(grep -Eo 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer): [a-z-]+( signal)?( on| in)?|runtime error: [a-z ]+' "$1" \
    | head -n 1 | sed -E 's/^ERROR: //; s/ (on|in)$//')"
  frame="$(grep -E '^ *#[0-9]+ .* in .*/src/[^ ]+:[0-9]+' "$1" | head -n 1 \
    | sed -E 's/^ *#[0-9]+ 0x[0-9a-f]+ in //; s/\(.*\) //; s|.*/src/|src/|; s/:[0-9]+$//' )"
  [ -n "$frame" ] || frame="$(grep -E '^ *#[0-9]+ .* in ' "$1" | grep -v -E 'fuzzer::|__sanitizer|libc\.so|libstdc' \
    | head -n 1 | sed -E 's/^ *#[0-9]+ 0x[0-9a-f]+ in //')"
  echo "${kind:-unknown} at ${frame:-?}"
}
mkdir -p "$LOG_DIR"
summary=()
status=0

for t in "${TARGETS[@]}"; do
  bin="$BUILD_DIR/fuzz_$t"
  seeds="$ROOT/fuzz/seeds/$t"
  corpus="$ROOT/fuzz/corpus-run/$t"
  artifacts="$ROOT/fuzz/artifacts/$t"
  rm -rf "$corpus"
  mkdir -p "$corpus" "$artifacts"
  if [ -d "$seeds" ]; then cp -R "$seeds"/. "$corpus"/; fi
  rm -f "$LOG_DIR/$t".*.log "$LOG_DIR/$t.signatures"

  executions=0
  start=$(date +%s)
  run=0
  while :; do
    now=$(date +%s)
    left=$((FUZZ_SECONDS - (now - start)))
    if [ "$left" -le 0 ] || [ "$run" -ge "$MAX_RESTARTS" ]; then break; fi
    run=$((run + 1))
    log="$LOG_DIR/$t.$run.log"
    echo "== fuzz_$t run $run: ${left}s" >&2
    "$bin" -max_total_time="$left" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
      -print_final_stats=1 -artifact_prefix="$artifacts/" ${FUZZ_EXTRA_ARGS:-} "$corpus" >"$log" 2>&1
    rc=$?
    n="$(grep -Eo 'stat::number_of_executed_units: *[0-9]+' "$log" | tail -n 1 | grep -Eo '[0-9]+$')"
    if [ -z "$n" ]; then
      # No final stats (e.g. killed by the kernel): fall back to the last status line.
      n="$(grep -Eo '^#[0-9]+' "$log" | tail -n 1 | tr -d '#')"
    fi
    executions=$((executions + ${n:-0}))
    if [ "$rc" -eq 0 ]; then break; fi
    echo "== fuzz_$t run $run ended with status $rc; log: $log" >&2
    grep -E 'ERROR: (AddressSanitizer|LeakSanitizer|libFuzzer)|runtime error:|SUMMARY:|Test unit written to' \
      "$log" | head -n 8 >&2
    signature "$log" >>"$LOG_DIR/$t.signatures"
    # A finding that produced no artifact (e.g. a startup failure) would loop forever.
    artifact="$(grep -Eo "$WRITTEN" "$log" | tail -n 1 | sed 's/^Test unit written to //')"
    if [ -z "$artifact" ] || [ ! -f "$artifact" ]; then
      echo "== fuzz_$t: no artifact written, not restarting" >&2
      status=1
      break
    fi
    # A seed that fails would fail every restart at once: take it out of the scratch corpus.
    sum="$(sha1sum <"$artifact" | cut -d' ' -f1)"
    find "$corpus" -maxdepth 1 -type f -print0 | while IFS= read -r -d '' f; do
      if [ "$(sha1sum <"$f" | cut -d' ' -f1)" = "$sum" ]; then
        echo "== fuzz_$t: seed $(basename "$f") reproduces it; left out of the rest of this run" >&2
        rm -f "$f"
      fi
    done
  done

  # One artifact per failed run; an input found again keeps its old file name, so
  # count the runs, and list the files they wrote.
  crashes="$(cat "$LOG_DIR/$t".*.log 2>/dev/null | grep -Ec "$WRITTEN")"
  if [ "$crashes" -gt 0 ]; then
    status=1
    cat "$LOG_DIR/$t".*.log | grep -Eo "$WRITTEN" | sed "s|^Test unit written to $ROOT/|   artifact: |" \
      | sort | uniq -c | sed 's/^ *\([0-9]*\) \(.*\)/\2 (x\1)/' >&2
    if [ -s "$LOG_DIR/$t.signatures" ]; then
      echo "   distinct crashes (count, kind at first frame in src/):" >&2
      sort "$LOG_DIR/$t.signatures" | uniq -c | sort -rn | sed 's/^/     /' >&2
    fi
  fi
  summary+=("fuzz $t: $executions executions, $crashes crashes")
done

printf '%s\n' "${summary[@]}"
exit "$status"
