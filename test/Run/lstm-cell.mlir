// The bundled LSTM cell (examples/lstm_cell.mlir) end to end through
// fuser-run, against a float64 NumPy LSTM cell: gates + b_ih + b_hh, chunk 4
// along dim 1, sigmoid/tanh, cy = f * cx + i * g, hy = o * tanh(cy).
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen lstm %t
// RUN: fuser-run %examples/lstm_cell.mlir --input %t/gates.npy \
// RUN:   --input %t/b_ih.npy --input %t/b_hh.npy --input %t/cx.npy \
// RUN:   --output %t/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check lstm %t
// RUN: %python %S/Inputs/npycheck.py selftest lstm %t

// CHECK: group: {{.*}}lstm_cell.mlir
// CHECK: wrote {{.*}}out0.npy
// CHECK-NEXT: wrote {{.*}}out1.npy
// CHECK-NOT: wrote
