#!/usr/bin/env bash
# Packs stripped build outputs into .device/bin.tar.xz for gpu-session.sh.
# Usage: bench/device/pack.sh [BUILD_DIR] (default build).
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
BUILD="${1:-$ROOT/build}"
STAGE=$(mktemp -d)
trap 'rm -rf "$STAGE"' EXIT
mkdir -p "$STAGE/lib"
for f in bin/fuser-run bin/fuser-opt bin/fuser-bench-host unittests/FuserGPUTests; do
  [ -f "$BUILD/$f" ] && cp "$BUILD/$f" "$STAGE/"
done
for f in "$BUILD"/lib/libFuserC.so*; do
  [ -f "$f" ] && cp -P "$f" "$STAGE/lib/"
done
# The staged Python package (abi3 extension + libFuserC).
if [ -d "$BUILD/python_packages/fuser" ]; then
  cp -rL "$BUILD/python_packages" "$STAGE/python_packages"
  find "$STAGE/python_packages" -name __pycache__ -prune -exec rm -rf {} +
  strip --strip-unneeded "$STAGE"/python_packages/fuser/*.so* 2>/dev/null || true
fi
# lit, FileCheck and friends, and the build's lit site config, so that the
# lit suite runs there too (gpu-session.sh rewrites the paths).
mkdir -p "$STAGE/llvm-bin"
cp /usr/lib/llvm-22/bin/{FileCheck,not,count,split-file} "$STAGE/llvm-bin/"
cp -r /usr/lib/llvm-22/utils/lit "$STAGE/lit"
find "$STAGE/lit" -name __pycache__ -prune -exec rm -rf {} +
cp "$BUILD/test/lit.site.cfg.py" "$STAGE/lit.site.cfg.py"
strip --strip-unneeded "$STAGE"/fuser-* "$STAGE"/*Tests "$STAGE"/lib/*.so* 2>/dev/null || true
mkdir -p "$ROOT/.device"
tar -C "$STAGE" -cJf "$ROOT/.device/bin.tar.xz" .
cp /work/shared/bench/torch_peers.py "$ROOT/.device/" 2>/dev/null || true
ls -la "$ROOT/.device"
du -sh "$ROOT/.device"
