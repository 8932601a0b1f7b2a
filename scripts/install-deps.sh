#!/bin/sh
# Installs the Debian packages agentlift builds and tests with (Debian 12).
# python3 and pyflakes check the generated Strands package in the tests; libzip
# writes the Runtime's reproducible code zip. buildah, podman, docker-registry
# and busybox-static are the real peers of the container artifact's test
# (tests/container_registry_test.cpp); it skips without them.
# Skips apt entirely when everything is already there, so repeat runs are fast.
set -eu
packages="build-essential cmake ninja-build pkg-config libssl-dev libcurl4-openssl-dev libcpp-httplib-dev libyaml-cpp-dev \
nlohmann-json3-dev libcli11-dev libzip-dev libgtest-dev python3 python3-pyflakes ccache \
buildah podman docker-registry busybox-static"
if [ "${1:-}" = "--with-fuzz" ]; then
  packages="$packages clang libclang-rt-14-dev"
fi
missing=""
for p in $packages; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing="$missing $p"
done
if [ -n "$missing" ]; then
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  echo "installing:$missing" >&2
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends $missing
fi
