#!/usr/bin/env bash
# run-group.sh GROUP.mlir small|full [fuser-run args...]: runs one workload of
# bench/groups on the GPU with the shapes of design.md section 5 (full) or
# small ones (compile-time runs).
set -uo pipefail
g=$1 size=$2
shift 2
name=$(basename "$g" .mlir)
if [ "$size" = full ]; then
  M=4096 H4=16384 N=$((64 * 1024 * 1024)) C=4096 CR=8192 CC=2048
else
  M=256 H4=1024 N=65536 C=256 CR=256 CC=256
fi
R=$((N / C))
case $name in
lstm_cell) S="--shape=${M}x$H4 --shape=${M}x$H4 --shape=$H4 --shape=$H4 --shape=${M}x$M" ;;
milstm_cell) S="--shape=${M}x$H4 --shape=${M}x$H4 --shape=$H4 --shape=$H4 --shape=$H4 --shape=$H4 --shape=${M}x$M" ;;
gelu_erf_f32 | gelu_erf_f16 | chain16) S="--shape=$N" ;;
bias_dropout_residual_f32 | bias_dropout_residual_f16) S="--shape=${R}x$C --shape=$C --shape=${R}x$C" ;;
concat3) S="--shape=${CR}x$CC --shape=${CR}x$CC" ;;
broadcast_bias_relu) S="--shape=${R}x$C --shape=$C" ;;
*)
  echo "run-group.sh: unknown workload $name" >&2
  exit 2
  ;;
esac
# shellcheck disable=SC2086
exec "${FUSER_RUN:-build/bin/fuser-run}" "$g" --random --device=cuda $S "$@"
