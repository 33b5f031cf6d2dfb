#!/usr/bin/env bash
# Installs everything gomap needs from Debian packages. Idempotent: when all
# packages are present it only checks, which takes a moment.
set -euo pipefail

PACKAGES=(
  clang-14 libclang-rt-14-dev llvm-14
  libabsl-dev librapidcheck-dev libgtest-dev libbenchmark-dev
  golang-1.19-go golang-1.19-src
  cmake ninja-build python3 clang-format-14
)

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done

if ((${#missing[@]})); then
  echo "ci/setup.sh: installing ${missing[*]}"
  SUDO=""
  if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi

# The Go 1.19 toolchain of golang-1.19-go is not on PATH; scripts use this.
test -x /usr/lib/go-1.19/bin/go || { echo "ci/setup.sh: /usr/lib/go-1.19/bin/go missing" >&2; exit 1; }
