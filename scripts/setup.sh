#!/usr/bin/env bash
# Prepares a Debian 12 (bookworm) machine for fuser and builds it.
#
#  1. Installs the packages below that are missing (apt-get, as root or
#     through sudo). LLVM/MLIR 22 come from bookworm-security (22.1.8).
#  2. Creates a Python virtual environment for the tests (numpy, used by the
#     lit tests that check fuser-run's outputs) if it is missing or lacks
#     numpy.
#  3. Configures the build directory with clang++-22 and Ninja, pointing the
#     lit suite's %python at the virtual environment (FUSER_PYTHON).
#  4. Builds everything (tools, libraries, unit tests).
#
# Idempotent: packages already installed are left alone, and a second run only
# rebuilds what changed.
#
# Environment:
#   FUSER_BUILD_DIR   build directory (default: <repo>/build)
#   FUSER_BUILD_JOBS  parallel build jobs (default: Ninja's choice)
#   FUSER_VENV        Python virtual environment (default: <repo>/.venv)
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${FUSER_BUILD_DIR:-$ROOT/build}"
VENV="$(realpath -m "${FUSER_VENV:-$ROOT/.venv}")"
# numpy for the lit tests; 2.2.x supports Python 3.10-3.13 (Debian 12 has 3.11).
NUMPY_REQUIREMENT="numpy==2.2.6"

PACKAGES=(
  cmake ninja-build clang-22 llvm-22-dev libmlir-22-dev mlir-22-tools
  llvm-22-tools liblld-22-dev zlib1g-dev libzstd-dev libgtest-dev libgmock-dev
  python3 python3-venv python3-dev
)

log() { echo "==> $*"; }

is_installed() {
  dpkg -s "$1" 2>/dev/null | grep -q '^Status: install ok installed$'
}

#===------------------------------------------------------------------------===#
# Packages
#===------------------------------------------------------------------------===#
if ! command -v dpkg >/dev/null 2>&1; then
  echo "setup.sh: dpkg not found; this script supports Debian 12 only" >&2
  exit 1
fi

missing=()
for pkg in "${PACKAGES[@]}"; do
  is_installed "$pkg" || missing+=("$pkg")
done

if ((${#missing[@]} == 0)); then
  log "packages: all ${#PACKAGES[@]} present (${PACKAGES[*]})"
else
  if [[ "$(id -u)" == 0 ]]; then
    SUDO=()
  elif command -v sudo >/dev/null 2>&1; then
    SUDO=(sudo)
  else
    echo "setup.sh: missing packages (${missing[*]}) and neither root nor" \
      "sudo available" >&2
    exit 1
  fi
  log "packages: installing ${missing[*]}"
  log "apt-get update"
  "${SUDO[@]}" apt-get update
  log "apt-get install -y --no-install-recommends ${missing[*]}"
  "${SUDO[@]}" env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y --no-install-recommends "${missing[@]}"
  for pkg in "${missing[@]}"; do
    if ! is_installed "$pkg"; then
      echo "setup.sh: $pkg is still not installed" >&2
      exit 1
    fi
  done
fi

#===------------------------------------------------------------------------===#
# Python virtual environment for the tests
#===------------------------------------------------------------------------===#
# Debian's python3 (python3-venv above provides its ensurepip); any python3 on
# PATH otherwise.
BASE_PYTHON=/usr/bin/python3
[[ -x "$BASE_PYTHON" ]] || BASE_PYTHON="$(command -v python3)"
PYTHON="$VENV/bin/python"
if [[ -x "$PYTHON" ]] && "$PYTHON" -c 'import sys' >/dev/null 2>&1; then
  log "venv: $VENV already exists"
else
  log "venv: $BASE_PYTHON -m venv $VENV"
  "$BASE_PYTHON" -m venv "$VENV"
fi
if "$PYTHON" -c 'import numpy, pytest' >/dev/null 2>&1; then
  log "venv: numpy $("$PYTHON" -c 'import numpy; print(numpy.__version__)')" \
    "and pytest present"
else
  log "venv: pip install $NUMPY_REQUIREMENT pytest"
  "$PYTHON" -m pip install --disable-pip-version-check --quiet \
    "$NUMPY_REQUIREMENT" pytest==9.2.0
  "$PYTHON" -c 'import numpy, pytest' || {
    echo "setup.sh: numpy or pytest is still not importable from $PYTHON" >&2
    exit 1
  }
fi

#===------------------------------------------------------------------------===#
# Configure and build
#===------------------------------------------------------------------------===#
# Configure on the first run, and again when the venv's python is not the one
# the build directory was configured with (FUSER_VENV changed).
configured_python=""
if [[ -f "$BUILD_DIR/CMakeCache.txt" ]]; then
  configured_python="$(sed -n 's/^FUSER_PYTHON:[A-Z]*=//p' \
    "$BUILD_DIR/CMakeCache.txt")"
fi
if [[ -f "$BUILD_DIR/CMakeCache.txt" && -f "$BUILD_DIR/build.ninja" &&
      "$configured_python" == "$PYTHON" ]]; then
  log "configure: $BUILD_DIR already configured (Ninja re-runs CMake if needed)"
else
  log "configure: cmake -G Ninja -S $ROOT -B $BUILD_DIR" \
    "-DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22" \
    "-DFUSER_PYTHON=$PYTHON"
  cmake -G Ninja -S "$ROOT" -B "$BUILD_DIR" \
    -DCMAKE_C_COMPILER=clang-22 -DCMAKE_CXX_COMPILER=clang++-22 \
    -DFUSER_PYTHON="$PYTHON"
fi

build_args=(--build "$BUILD_DIR")
if [[ -n "${FUSER_BUILD_JOBS:-}" ]]; then
  build_args+=(--parallel "$FUSER_BUILD_JOBS")
fi
log "build: cmake ${build_args[*]}"
cmake "${build_args[@]}"
log "setup done: tools in $BUILD_DIR/bin, test python $PYTHON"
