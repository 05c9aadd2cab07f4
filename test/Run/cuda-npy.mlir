// Groups run as CUDA kernels on .npy inputs, outputs checked by NumPy against
// float64 references (test/Run/Inputs/npycheck.py, the same cases as the CPU
// tests lstm-cell.mlir, gelu.mlir, concat.mlir and bf16.mlir): the LSTM cell
// (chunks), GELU in f32 and f16, concatenated outputs, and bf16.
//
// REQUIRES: cuda, numpy
// RUN: rm -rf %t && mkdir -p %t/lstm %t/gelu32 %t/gelu16 %t/concat %t/bf16
// RUN: %python %S/Inputs/npycheck.py gen lstm %t/lstm
// RUN: fuser-run %examples/lstm_cell.mlir --input %t/lstm/gates.npy \
// RUN:   --input %t/lstm/b_ih.npy --input %t/lstm/b_hh.npy \
// RUN:   --input %t/lstm/cx.npy --device cuda --output %t/lstm/out \
// RUN:   | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check lstm %t/lstm
// RUN: %python %S/Inputs/npycheck.py gen gelu_f32 %t/gelu32
// RUN: fuser-run %s --group gelu --input %t/gelu32/x.npy --device cuda \
// RUN:   --output %t/gelu32/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check gelu_f32 %t/gelu32
// RUN: %python %S/Inputs/npycheck.py gen gelu_f16 %t/gelu16
// RUN: fuser-run %s --group gelu --input %t/gelu16/x.npy --device cuda \
// RUN:   --output %t/gelu16/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check gelu_f16 %t/gelu16
// RUN: %python %S/Inputs/npycheck.py gen concat %t/concat
// RUN: fuser-run %s --group concat3 --input %t/concat/a.npy \
// RUN:   --input %t/concat/b.npy --input %t/concat/c.npy --device cuda \
// RUN:   --output %t/concat/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check concat %t/concat
// RUN: %python %S/Inputs/npycheck.py gen bf16 %t/bf16
// RUN: fuser-run %s --group bf16 --input %t/bf16/x.npy --input %t/bf16/y.npy \
// RUN:   --dtype bf16 --dtype bf16 --device cuda --output %t/bf16/out \
// RUN:   | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check bf16 %t/bf16

// CHECK: group: {{.*}}, ran on kernel (cuda)
// CHECK: wrote {{.*}}out0.npy
// CHECK-NEXT: wrote {{.*}}out1.npy
// CHECK-NOT: wrote

fuser.group @gelu(%x: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %erf = fuser.gelu %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %tanh = fuser.gelu %x approximate tanh : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %erf, %tanh : tensor<?x?xf32>, tensor<?x?xf32>
}

fuser.group @concat3(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>,
                     %c: tensor<?x?xi32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %s = fuser.sigmoid %a : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %m = fuser.mul %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %d = fuser.sub %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %rows = fuser.concat %s, %m, %d along 0 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %two = fuser.constant 2 : i64
  %p = fuser.add %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c2 = fuser.mul %c, %two : (tensor<?x?xi32>, i64) -> tensor<?x?xi32>
  %nc = fuser.neg %c : (tensor<?x?xi32>) -> tensor<?x?xi32>
  %cols = fuser.concat %p, %c2, %nc along -1 : tensor<?x?xf32>, tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xf32>
  fuser.yield %rows, %cols : tensor<?x?xf32>, tensor<?x?xf32>
}

fuser.group @bf16(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = fuser.mul %x, %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = fuser.sigmoid %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = fuser.add %0, %1 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %3 = fuser.tanh %y : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %4 = fuser.sub %3, %x : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %2, %4 : tensor<?x?xf32>, tensor<?x?xf32>
}
