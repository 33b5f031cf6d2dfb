#!/bin/bash -eu
# ClusterFuzzLite runs this as $SRC/build.sh; the build is OSS-Fuzz's, one
# script for both (docs/scale-out.md).
exec bash -eu "$SRC/gomap/ci/oss-fuzz/build.sh"
