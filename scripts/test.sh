#!/bin/sh
# Every test: install, build with warnings as errors, run the CTest suite.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
BUILD_DIR=build-test scripts/build.sh -DAGENTLIFT_WERROR=ON -DAGENTLIFT_TESTS=ON
ctest --test-dir build-test --output-on-failure -j2
