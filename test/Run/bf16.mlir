// bfloat16 through --dtype bf16: f32 .npy inputs are rounded to bf16 (nearest,
// ties to even), the group is re-typed to bf16, and the bf16 outputs are
// written as float32 .npy (NumPy has no bfloat16). The values must be bf16
// values and match a float64 reference computed from the rounded inputs.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen bf16 %t
// RUN: fuser-run %s --input %t/x.npy --input %t/y.npy --dtype bf16 \
// RUN:   --dtype bf16 --output %t/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check bf16 %t
// RUN: %python %S/Inputs/npycheck.py selftest bf16 %t

// CHECK: wrote {{.*}}out0.npy
// CHECK-NEXT: wrote {{.*}}out1.npy

fuser.group @bf16(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = fuser.mul %x, %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = fuser.sigmoid %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = fuser.add %0, %1 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %3 = fuser.tanh %y : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %4 = fuser.sub %3, %x : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %2, %4 : tensor<?x?xf32>, tensor<?x?xf32>
}
