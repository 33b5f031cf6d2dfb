#!/bin/sh
# Build the Go 1.19 map oracle.
#   usage: build.sh OUTPUT_PATH
# Offline, with Debian's golang-1.19-go toolchain. Usable as a CMake custom
# command on a fresh machine: GOCACHE defaults to a directory beside the
# output, so a read-only (or missing) HOME does not matter.
set -eu
if [ $# -ne 1 ]; then
	echo "usage: $0 OUTPUT_PATH" >&2
	exit 2
fi
GO=${GO:-/usr/lib/go-1.19/bin/go} # override only to point at another Go 1.19
src=$(cd "$(dirname "$0")" && pwd)
mkdir -p "$(dirname "$1")"
outdir=$(cd "$(dirname "$1")" && pwd)
out="$outdir/$(basename "$1")"
if [ -z "${GOCACHE:-}" ]; then
	GOCACHE="$outdir/gooracle-gocache"
fi
export GOCACHE
export GOPROXY=off GOFLAGS=-mod=mod GOTOOLCHAIN=local
cd "$src"
exec "$GO" build -o "$out" .
