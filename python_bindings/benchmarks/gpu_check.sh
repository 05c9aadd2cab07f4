#!/usr/bin/env bash
# Checks the staged package of a build made here on a GPU machine (another
# Python, torch, CUDA): runs the pytest suite and the overhead benchmark
# (NumPy, torch CPU, torch CUDA), writing logs to $OUT.
#
#   gpu_check.sh <staged package root> <llvm/mlir 22 runtime .deb>...
#
# The .debs (libllvm22, libmlir-22, libz3-4 of Debian 12) are unpacked into
# /tmp/llvm and put on LD_LIBRARY_PATH: libFuserC links libMLIR/libLLVM 22.
# FUSER_WHEELS names a folder of wheels to install first (pytest, ...).
set -uo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(realpath "$1")"
shift
OUT=${OUT:-/tmp/fuser-gpu-check}
mkdir -p "$OUT" /tmp/llvm
for deb in "$@"; do dpkg -x "$deb" /tmp/llvm; done
export LD_LIBRARY_PATH=/tmp/llvm/usr/lib/llvm-22/lib:/tmp/llvm/usr/lib/x86_64-linux-gnu${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}
if [[ -n "${FUSER_WHEELS:-}" ]]; then
  python3 -m pip install -q --no-index --no-deps --no-compile --no-cache-dir \
    --target /tmp/site "$FUSER_WHEELS"/*.whl && export PYTHONPATH=/tmp/site
fi
export PYTHONPATH="$ROOT${PYTHONPATH:+:$PYTHONPATH}"
export PYTHONUNBUFFERED=1
cd /tmp
python3 -c "import sys, numpy, torch; print('python', sys.version.split()[0], 'numpy', numpy.__version__, 'torch', torch.__version__, torch.cuda.get_device_name() if torch.cuda.is_available() else 'no GPU')"
python3 -c "import fuser; print('fuser', fuser.__version__, fuser.backends(), repr(fuser.cuda_unavailable_reason()))"
python3 "$HERE/../tests/run_tests.py" -v 2>&1 | tee "$OUT/pytest.txt" | grep -E "PASS|FAIL|SKIP|ERROR|passed|failed|Error" | tail -80
for args in "" "--torch" "--torch --device cuda"; do
  echo "== overhead.py $args"
  python3 "$HERE/overhead.py" $args 2>&1 | tee -a "$OUT/overhead.txt"
done
