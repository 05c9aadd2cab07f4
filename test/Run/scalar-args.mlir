// Runtime f64 scalar arguments (--scalar). y * s on an f64 tensor must equal
// NumPy's exactly: the scalar reaches the computation as the full double
// 0.1 (the seed rounded float scalars to fp32 first). The values 0.1 and -2.5
// are also in Inputs/npycheck.py (SCALAR_S, SCALAR_T).
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen scalar_args %t
// RUN: fuser-run %s --input %t/x.npy --input %t/y.npy --scalar 0.1 \
// RUN:   --scalar -2.5 --output %t/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check scalar_args %t
// RUN: %python %S/Inputs/npycheck.py selftest scalar_args %t

// CHECK: wrote {{.*}}out0.npy
// CHECK-NEXT: wrote {{.*}}out1.npy

fuser.group @scale_shift(%x: tensor<?x?xf32>, %y: tensor<?x?xf64>, %s: f64,
                         %t: f64) -> (tensor<?x?xf32>, tensor<?x?xf64>) {
  %0 = fuser.mul %x, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %1 = fuser.add %0, %t : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %2 = fuser.mul %y, %s : (tensor<?x?xf64>, f64) -> tensor<?x?xf64>
  fuser.yield %1, %2 : tensor<?x?xf32>, tensor<?x?xf64>
}
