// 0-dim tensor arguments broadcast to every element and promote as 0-dim
// tensors: f32 tensor + 0-dim f64 -> f32 (the dimensioned tensor wins within
// a category), i32 tensor + 0-dim f64 -> f64 (a higher category), i32 tensor
// * 0-dim f32 -> f32.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen zero_dim %t
// RUN: fuser-run %s --input %t/x.npy --input %t/i.npy --input %t/s.npy \
// RUN:   --input %t/d.npy --output %t/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check zero_dim %t
// RUN: %python %S/Inputs/npycheck.py selftest zero_dim %t

// CHECK-COUNT-4: wrote {{.*}}out{{[0-3]}}.npy

fuser.group @zero_dim(%x: tensor<?x?xf32>, %i: tensor<?x?xi32>,
                      %s: tensor<f32>, %d: tensor<f64>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf64>, tensor<?x?xf32>) {
  %0 = fuser.mul %x, %s : (tensor<?x?xf32>, tensor<f32>) -> tensor<?x?xf32>
  %1 = fuser.add %0, %s : (tensor<?x?xf32>, tensor<f32>) -> tensor<?x?xf32>
  %2 = fuser.add %x, %d : (tensor<?x?xf32>, tensor<f64>) -> tensor<?x?xf32>
  %3 = fuser.add %i, %d : (tensor<?x?xi32>, tensor<f64>) -> tensor<?x?xf64>
  %4 = fuser.mul %i, %s : (tensor<?x?xi32>, tensor<f32>) -> tensor<?x?xf32>
  fuser.yield %1, %2, %3, %4 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf64>, tensor<?x?xf32>
}
