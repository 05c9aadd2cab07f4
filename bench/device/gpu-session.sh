#!/usr/bin/env bash
# One GPU-machine session (run from the repository root through the device
# tool, with .device carried): unpacks the LLVM/MLIR runtime .debs and the
# fuser binaries of .device, then runs the steps named on the command line and
# appends everything to $OUT/log.txt.
#
# Steps: env, gtest, lit, probe, variants, host, compile, bench, peers,
# cpu-bench, pytest, overhead, frontend-bench.
# .device must hold the libllvm22/libmlir-22/libz3-4 .debs, bin.tar.xz (the
# stripped binaries: fuser-run, fuser-bench-host, FuserGPUTests, ...) and
# torch_peers.py. bench/device/pack.sh makes bin.tar.xz.
set -uo pipefail
ROOT=$(pwd)
OUT=${OUT:-$ROOT/device-out}
mkdir -p "$OUT"
LOG="$OUT/log.txt"
L=/tmp/fuser-libs
B=/tmp/fuser-bin
if [ ! -d "$L/usr/lib/llvm-22" ]; then
  mkdir -p "$L"
  for f in .device/*.deb; do dpkg-deb -x "$f" "$L"; done
fi
mkdir -p "$B"
tar -xJf .device/bin.tar.xz -C "$B"
export LD_LIBRARY_PATH="$L/usr/lib/x86_64-linux-gnu:$L/usr/lib/llvm-22/lib:$B/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export PATH="$B:$PATH"
export FUSER_RUN="$B/fuser-run"
export FUSER_CACHE_DIR=/tmp/fuser-kernel-cache

say() { echo "$@" | tee -a "$LOG"; }
step() { say; say "===== $* ($(date +%T))"; }

for s in "$@"; do
  case "$s" in
  env)
    step env
    nvidia-smi --query-gpu=name,driver_version,clocks.max.sm,clocks.max.mem \
      --format=csv 2>&1 | tee -a "$LOG"
    lscpu | grep -E "Model name|^CPU\(s\)|Flags" | cut -c1-200 | tee -a "$LOG"
    ;;
  gtest)
    step gtest
    for t in "$B"/*Tests; do
      [ -x "$t" ] || continue
      say "--- $(basename "$t")"
      "$t" --gtest_brief=1 >"$OUT/$(basename "$t").txt" 2>&1
      grep -E "^\[  (FAILED|PASSED|SKIPPED) |tests? ran|DISABLED" \
        "$OUT/$(basename "$t").txt" | tail -30 | tee -a "$LOG"
    done
    ;;
  lit)
    # The whole lit suite, with the `cuda` feature on: binaries go where the
    # build's site config expects them, relative to this checkout.
    step lit
    mkdir -p "$ROOT/build/bin" "$ROOT/build/test"
    cp "$B"/fuser-run "$B"/fuser-opt "$ROOT/build/bin/"
    sed -e "s|/work/main/.venv/bin/python|python3|" \
      -e "s|/usr/lib/llvm-22/bin|$B/llvm-bin|" \
      -e "s|/work/main|$ROOT|g" "$B/lit.site.cfg.py" \
      >"$ROOT/build/test/lit.site.cfg.py"
    python3 -c 'import sys; sys.path.insert(0, sys.argv.pop(1))
from lit.main import main
main()' "$B/lit" -v "$ROOT/build/test" >"$OUT/lit.txt" 2>&1
    grep -E "^(FAIL|XPASS|UNRESOLVED)|^  [A-Z][a-z ]+: " "$OUT/lit.txt" |
      tee -a "$LOG"
    ;;
  probe)
    # Which kernel form runs, block-size variants, and an ncu profile of the
    # rows that trail their best peer.
    step probe
    for g in lstm_cell milstm_cell; do
      FUSER_DEBUG=2 bench/device/run-group.sh bench/groups/$g.mlir full \
        2>&1 | grep -E "^fuser: launch" | sort | uniq -c | tee -a "$LOG"
      for bs in 128 256 512 1024; do
        say "--- $g block $bs"
        FUSER_CUDA_BLOCK=$bs bench/device/run-group.sh bench/groups/$g.mlir \
          full --bench --bench-iters=40 2>&1 | grep -E "^bench" | tee -a "$LOG"
      done
    done
    NCU=$(command -v ncu || ls /usr/local/cuda/bin/ncu /opt/nvidia/nsight-compute/*/ncu 2>/dev/null | head -1)
    say "ncu: ${NCU:-none}"
    if [ -n "$NCU" ]; then
      for g in lstm_cell milstm_cell chain16; do
        say "--- ncu $g"
        "$NCU" --kernel-name regex:fused_ --launch-skip 2 --launch-count 1 \
          --section SpeedOfLight --section MemoryWorkloadAnalysis \
          --section Occupancy --section LaunchStats \
          --section WarpStateStats \
          bench/device/run-group.sh bench/groups/$g.mlir full --bench \
          --bench-iters=3 2>&1 | grep -vE "^==PROF==|^  *$" | tail -90 |
          tee -a "$LOG"
      done
    fi
    ;;
  variants)
    # Vector width and block size per workload (bench/device/variants.txt).
    step variants
    while read -r g vb bs; do
      case "$g" in "#"* | "") continue ;; esac
      say "--- $g vector_bytes=$vb block=$bs"
      env FUSER_CUDA_VECTOR_BYTES=$vb ${bs:+FUSER_CUDA_BLOCK=$bs} \
        bench/device/run-group.sh bench/groups/$g.mlir full --bench \
        --bench-iters=40 2>&1 | grep -E "^bench|error" | tee -a "$LOG"
    done <bench/device/variants.txt
    ;;
  host)
    step host overhead
    "$B/fuser-bench-host" 2>&1 | tee -a "$LOG"
    ;;
  compile)
    # Cold compile (empty disk cache; PTX, the driver makes the cubin), cold
    # with ptxas (cubin), and a warm disk-cache load, per workload.
    step compile times
    for fmt in ptx cubin; do
      rm -rf /tmp/kc-$fmt
      for g in bench/groups/*.mlir; do
        for pass in cold warm; do
          say "--- $(basename "$g" .mlir) format=$fmt $pass"
          FUSER_CUDA_FORMAT=$fmt FUSER_CACHE_DIR=/tmp/kc-$fmt \
            bench/device/run-group.sh "$g" small --bench --bench-iters=3 \
            2>&1 | grep -E "compile_|error" | tee -a "$LOG"
        done
      done
    done
    ;;
  bench)
    step bench
    CHECK=--check bash bench/run_gpu_bench.sh 2>&1 | tee -a "$LOG"
    ;;
  peers)
    step peers
    for p in eager legacy nnc inductor copy; do
      python3 .device/torch_peers.py "$p" >"/tmp/peers-$p.txt" 2>&1
      grep -E '^\{' "/tmp/peers-$p.txt" | tee -a "$LOG"
    done
    ;;
  cpu-bench)
    step cpu bench
    ITERS=${ITERS:-5} WARMUP=${WARMUP:-2} RESULTS="$OUT/cpu-bench.md" \
      bash bench/cpu/run_cpu_bench.sh >"$OUT/cpu-bench.log" 2>&1
    tail -30 "$OUT/cpu-bench.md" | tee -a "$LOG"
    ;;
  pytest)
    # The Python package's suite (torch CUDA included) and its per-call
    # overhead, from the staged package built on the build machine.
    step pytest
    export PYTHONPATH="$B/python_packages${PYTHONPATH:+:$PYTHONPATH}"
    python3 -c "import sys, numpy, torch, fuser; print('python', sys.version.split()[0], 'numpy', numpy.__version__, 'torch', torch.__version__, 'fuser', fuser.__version__, fuser.backends())" 2>&1 | tee -a "$LOG"
    (cd /tmp && python3 -m pytest -q -rs "$ROOT/python_bindings/tests") \
      >"$OUT/pytest.txt" 2>&1
    tail -25 "$OUT/pytest.txt" | tee -a "$LOG"
    for args in "" "--torch" "--torch --device cuda"; do
      say "--- overhead.py $args"
      python3 python_bindings/benchmarks/overhead.py $args 2>&1 | tail -12 |
        tee -a "$LOG"
    done
    ;;
  overhead)
    # Per-call host overhead from Python, a few times each, for this build
    # (parameters as pointers, and as one buffer) and, when .device/oldpkg
    # holds the package of an earlier build, for that one in the same call.
    step overhead
    export PYTHONPATH="$B/python_packages${PYTHONPATH:+:$PYTHONPATH}"
    for rep in 1 2 3; do
      for args in "" "--torch" "--torch --device cuda"; do
        say "--- overhead.py $args (rep $rep)"
        python3 python_bindings/benchmarks/overhead.py $args 2>&1 | tail -3 |
          tee -a "$LOG"
      done
      say "--- overhead.py --torch --device cuda, FUSER_CUDA_PARAMS=buffer (rep $rep)"
      FUSER_CUDA_PARAMS=buffer python3 python_bindings/benchmarks/overhead.py \
        --torch --device cuda 2>&1 | tail -3 | tee -a "$LOG"
      if [ -d .device/oldpkg ]; then
        say "--- earlier build: overhead.py --torch --device cuda (rep $rep)"
        PYTHONPATH="$ROOT/.device/oldpkg" LD_LIBRARY_PATH="$ROOT/.device/oldpkg/fuser:$LD_LIBRARY_PATH" \
          python3 python_bindings/benchmarks/overhead.py --torch --device cuda \
          2>&1 | tail -3 | tee -a "$LOG"
      fi
    done
    say "--- torch_parts.py cuda"
    python3 python_bindings/benchmarks/torch_parts.py cuda 2>&1 | tail -20 |
      tee -a "$LOG"
    ;;
  frontend-bench)
    step torch frontend bench
    export PYTHONPATH="$B/python_packages${PYTHONPATH:+:$PYTHONPATH}"
    python3 python_bindings/benchmarks/torch_frontend_bench.py 2>&1 |
      tail -40 | tee -a "$LOG"
    ;;
  *)
    say "unknown step $s"
    ;;
  esac
done
