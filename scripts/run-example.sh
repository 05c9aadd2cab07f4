#!/usr/bin/env bash
# Sets up and builds fuser (scripts/setup.sh), then runs the example: the LSTM
# cell fusion group of examples/lstm_cell.mlir through fuser-run, on random
# inputs for batch 64 and hidden size 256 (gates [64, 1024], two bias vectors
# [1024], cell state [64, 256]). fuser-run registers the group through the
# public API, runs it (a compiled kernel when the group and inputs allow one,
# otherwise the reference interpreter), checks both outputs (hy, cy) against
# the interpreter and a float64 reference (--check), and times it (--bench).
# Exits non-zero if a check fails.
#
# Environment: FUSER_BUILD_DIR, FUSER_BUILD_JOBS, FUSER_VENV (see
# scripts/setup.sh); FUSER_DEVICE: cpu, cuda or auto (default: auto, the GPU
# when this build has a usable CUDA backend, else the CPU).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${FUSER_BUILD_DIR:-$ROOT/build}"
DEVICE="${FUSER_DEVICE:-auto}"

"$ROOT/scripts/setup.sh"

BATCH=64
HIDDEN=256
args=(
  "$ROOT/examples/lstm_cell.mlir" --random
  --shape "${BATCH}x$((4 * HIDDEN))" # gates = x W_ih^T + h W_hh^T
  --shape "$((4 * HIDDEN))"          # b_ih
  --shape "$((4 * HIDDEN))"          # b_hh
  --shape "${BATCH}x${HIDDEN}"       # cx
  --device "$DEVICE" --check --bench
)
echo "==> fuser-run examples/lstm_cell.mlir (LSTM cell, batch $BATCH," \
  "hidden $HIDDEN, random inputs)"
echo "    ${args[*]:1}"
echo
echo "// Outputs 0 and 1 are hy and cy. 'max|d| interp' is the largest difference"
echo "// from the reference interpreter, 'max|d| f64ref' from the same group run"
echo "// in float64; 'bench' is the median time of one run of the group."
"$BUILD_DIR/bin/fuser-run" "${args[@]}"
