#!/usr/bin/env bash
# Builds a static Linux binary of kinderstem: cgo against musl (Debian's
# musl-tools), linked with -static, so it runs from an empty root folder
# or a distroless image with no C library. SQLite comes with the driver;
# sqlite_omit_load_extension removes its dlopen path (a static binary
# cannot load extensions anyway), netgo and osusergo keep name lookups in
# Go. nomsgpack leaves out a codec Kinderstem never uses. The container
# file and CI both build through this script.
#
#   deploy/build-static.sh [OUTPUT]     # default dist/kinderstem
set -euo pipefail
cd "$(dirname "$0")/.."

out=${1:-dist/kinderstem}
cc=${CC:-musl-gcc}
if ! command -v "$cc" >/dev/null 2>&1; then
  echo "build-static: $cc not found; install Debian's musl-tools (apt-get install musl-tools)" >&2
  exit 1
fi
version=${KINDERSTEM_VERSION:-$(git describe --tags --always --dirty 2>/dev/null || echo dev)}
revision=$(git rev-parse HEAD 2>/dev/null || echo unknown)
mkdir -p "$(dirname "$out")"
CGO_ENABLED=1 CC="$cc" go build -trimpath \
  -tags 'nomsgpack sqlite_omit_load_extension netgo osusergo' \
  -ldflags "-s -w -linkmode external -extldflags '-static' \
    -X github.com/kinderstem/kinderstem/internal/metrics.Version=$version \
    -X github.com/kinderstem/kinderstem/internal/metrics.Revision=$revision" \
  -o "$out" ./cmd/kinderstem

# A static binary has no program interpreter and needs no shared library.
if readelf -l "$out" | grep -q 'Requesting program interpreter' || readelf -d "$out" | grep -q NEEDED; then
  echo "build-static: $out is not static:" >&2
  readelf -d "$out" >&2
  exit 1
fi
echo "build-static: $out ($(du -h "$out" | cut -f1), version $version) is static"
