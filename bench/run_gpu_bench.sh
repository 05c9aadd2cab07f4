#!/usr/bin/env bash
# Runs the design-brief workloads (bench/groups) with fuser-run on the GPU and
# the PyTorch peers (torch_peers.py) in the same session, writing JSON-ish
# lines to $OUT (or ./bench-out). Expects the LLVM/MLIR runtime libraries
# unpacked by bench/gpu_env.sh and fuser-run at $FUSER_RUN.
set -uo pipefail
OUT=${OUT:-bench-out}
mkdir -p "$OUT"
RUN=${FUSER_RUN:-build/bin/fuser-run}
G=bench/groups
M=4096; H4=16384; N=$((64 * 1024 * 1024)); C=4096; R=$((N / C))
run() { # name, group, args...
  local name=$1 group=$2; shift 2
  echo "== $name" | tee -a "$OUT/fuser.txt"
  "$RUN" "$G/$group" --random --device=cuda --bench --bench-iters=40 "$@" \
    2>&1 | tee -a "$OUT/fuser.txt"
}
CHECK=${CHECK:---check}
run lstm_cell lstm_cell.mlir $CHECK --shape=${M}x$H4 --shape=${M}x$H4 --shape=$H4 --shape=$H4 --shape=${M}x$M
run milstm_cell milstm_cell.mlir $CHECK --shape=${M}x$H4 --shape=${M}x$H4 --shape=$H4 --shape=$H4 --shape=$H4 --shape=$H4 --shape=${M}x$M
run gelu_erf gelu_erf_f32.mlir $CHECK --shape=$N
run gelu_erf_f16 gelu_erf_f16.mlir $CHECK --shape=$N
run bias_dropout_residual bias_dropout_residual_f32.mlir $CHECK --shape=${R}x$C --shape=$C --shape=${R}x$C
run bias_dropout_residual_f16 bias_dropout_residual_f16.mlir $CHECK --shape=${R}x$C --shape=$C --shape=${R}x$C
run concat3 concat3.mlir $CHECK --shape=8192x2048 --shape=8192x2048
run chain16 chain16.mlir $CHECK --shape=$N
run broadcast_bias_relu broadcast_bias_relu.mlir $CHECK --shape=${R}x$C --shape=$C
