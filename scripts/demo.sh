#!/bin/sh
# The main job, offline: build, then the whole story for the bundled examples
# against agentcore-local (AgentCore) and moto (S3), all on 127.0.0.1 and
# started here:
#   validate / plan / audit (no AWS at all), then
#   single agent -> Harness in us-west-2:  deploy -> run -> status -> diff -> destroy
#   team         -> Runtime in eu-north-1: deploy (code zip) -> run -> status -> destroy
# Nothing reaches AWS: every endpoint points at the local servers and the keys
# are the emulator's test key. The examples are copied to a temporary folder,
# so no lockfile or build folder is left in the repository.
set -eu
cd "$(dirname "$0")/.."
scripts/install-deps.sh
scripts/build.sh -DAGENTLIFT_TESTS=OFF >/dev/null
repo=$(pwd)
bin="$repo/build/agentlift"

work=$(mktemp -d "${TMPDIR:-/tmp}/agentlift-demo.XXXXXX")
pids=""
cleanup() {
  for pid in $pids; do kill "$pid" 2>/dev/null || true; done
  rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

step() {
  shown=""
  for arg in "$@"; do
    case $arg in
      *' '*) shown="$shown '$arg'" ;;
      *) shown="$shown $arg" ;;
    esac
  done
  echo
  echo "\$ agentlift$shown" | sed "s|$work/||g"
  "$bin" "$@"
}

# Offline: the compiler's commands on the examples as they are in the repository.
step validate examples/single-agent
step plan examples/single-agent
step plan examples/team
step audit examples/team --targets bedrock,google

cp -R examples/single-agent examples/team "$work/"
single="$work/single-agent"
team="$work/team"

# One agentcore-local per region (each serves one), and moto for S3. Each
# prints where it listens on its first line.
start() {  # name, command...
  name=$1
  shift
  "$@" >"$work/$name.out" 2>"$work/$name.log" &
  pids="$pids $!"
}
first_line() {  # name: waits up to 10 s for the server's first line
  i=0
  while [ ! -s "$work/$1.out" ]; do
    i=$((i + 1))
    if [ "$i" -gt 100 ]; then
      echo "error: $1 did not start; its log:" >&2
      cat "$work/$1.log" >&2
      exit 1
    fi
    sleep 0.1
  done
  head -n 1 "$work/$1.out"
}
start agentcore-west "$repo/build/agentcore-local" --port 0 --region us-west-2 --ready-delay 1
start agentcore-north "$repo/build/agentcore-local" --port 0 --region eu-north-1 --ready-delay 1
start moto python3 -u -c '
from werkzeug.serving import make_server
from moto.moto_server.werkzeug_app import DomainDispatcherApplication, create_backend_app
server = make_server("127.0.0.1", 0, DomainDispatcherApplication(create_backend_app), threaded=True)
print(server.server_port, flush=True)
server.serve_forever()
'
west=$(first_line agentcore-west | sed 's/^listening on //')
north=$(first_line agentcore-north | sed 's/^listening on //')
s3="http://127.0.0.1:$(first_line moto)"
echo
echo "agentcore-local: $west (us-west-2), $north (eu-north-1); moto S3: $s3"

export AWS_ACCESS_KEY_ID=test AWS_SECRET_ACCESS_KEY=test AWS_EC2_METADATA_DISABLED=true
export NO_PROXY='*' no_proxy='*'
export AWS_ENDPOINT_URL_S3="$s3"
export AGENTLIFT_BEDROCK_EXECUTION_ROLE_ARN=arn:aws:iam::123456789012:role/agentlift-demo
export AGENTLIFT_BEDROCK_S3_BUCKET=agentlift-demo
export ORDERS_API_TOKEN=demo-orders-token   # the single agent's MCP header value
curl -fsS -X PUT "$s3/$AGENTLIFT_BEDROCK_S3_BUCKET" >/dev/null

# The single agent: a managed Harness.
step deploy "$single" --yes --endpoint-url "$west"
step run support-agent --project "$single" --task "Where is order 1042?" --endpoint-url "$west"
step status "$single" --endpoint-url "$west"
echo "Always answer in one paragraph." >>"$single/.managed-agents/support-agent/agent.md"
step diff "$single" --remote --endpoint-url "$west"
step deploy "$single" --yes --endpoint-url "$west"

# The team: a Runtime from a code zip. PyPI is out of reach here, so the zip
# holds the generated code without its dependencies (--code-deps none): the
# emulator runs no code, but AWS could not start such a zip.
step deploy "$team" --yes --code-deps none --endpoint-url "$north"
step run lead --project "$team" --task "Brief me on solid-state batteries." --endpoint-url "$north"
step status "$team" --endpoint-url "$north"

step destroy "$single" --yes --endpoint-url "$west"
step destroy "$team" --yes --endpoint-url "$north"
echo
echo "Done: a Harness and a Runtime were deployed, invoked, updated and destroyed on the local emulator."
