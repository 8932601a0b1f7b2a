#!/usr/bin/env bash
# Builds agentlift and the benchmark in Release (build-release/) and runs the
# benchmark on the corpora under bench/out/ (built on first use; the large one
# needs about 470 MB of disk). Extra arguments go to agentlift_bench, e.g.
#   bench/run.sh --runs 15
#   bench/run.sh --only large
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$root"

cmake -S . -B build-release -G Ninja -DCMAKE_BUILD_TYPE=Release -DAGENTLIFT_TESTS=OFF
ninja -C build-release agentlift agentlift_bench agentlift_bench_corpus

exec build-release/agentlift_bench \
  --agentlift build-release/agentlift \
  --corpus-tool build-release/agentlift_bench_corpus \
  --work bench/out \
  "$@"
