#!/usr/bin/env bash
# Sets up and builds fuser (scripts/setup.sh), then runs the example: the LSTM
# cell fusion group of examples/lstm_cell.mlir through fuser-opt's
# canonicalizer.
#
# Environment: FUSER_BUILD_DIR, FUSER_BUILD_JOBS (see scripts/setup.sh).
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
BUILD_DIR="${FUSER_BUILD_DIR:-$ROOT/build}"

"$ROOT/scripts/setup.sh"

EXAMPLE="$ROOT/examples/lstm_cell.mlir"
echo "==> fuser-opt examples/lstm_cell.mlir -canonicalize"
echo
echo "// LSTM cell fusion group (examples/lstm_cell.mlir), parsed, verified"
echo "// and canonicalized by fuser-opt:"
"$BUILD_DIR/bin/fuser-opt" "$EXAMPLE" -canonicalize
