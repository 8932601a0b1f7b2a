#!/bin/sh
# The main job on the bundled examples: install, build, then plan and audit a
# single agent (-> AgentCore Harness) and a team (-> AgentCore Runtime).
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DAGENTLIFT_TESTS=OFF
bin=build/agentlift
run() {
  echo
  echo "\$ agentlift $*"
  status=0
  "$bin" "$@" || status=$?
  [ "$status" -le 1 ] || exit "$status"
}
run validate examples/single-agent
run plan examples/single-agent
run plan examples/single-agent --json
run audit examples/single-agent
run plan examples/team
run plan examples/team --mode runtime --bedrock-region us-east-1 --json
run audit examples/team
run deploy examples/team --mode runtime --build-only
echo
echo "Generated package:"
find examples/team/.agentlift-build/bedrock -type f | sort
