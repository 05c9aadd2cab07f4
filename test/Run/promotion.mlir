// Type promotion, checked through the dtypes of the written .npy files:
// i32 tensor + f64 scalar -> f32 (a Python float promotes to the default
// dtype), i32 * i64 constant -> i32, i32 / i64 -> f32, f16 tensor + f64
// scalar -> f16, i32 > 2.5 -> bool. The --scalar value 0.1 is also in
// Inputs/npycheck.py (PROMOTION_S).
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen promotion %t
// RUN: fuser-run %s --input %t/i.npy --input %t/h.npy --scalar 0.1 \
// RUN:   --output %t/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check promotion %t
// RUN: %python %S/Inputs/npycheck.py selftest promotion %t

// CHECK-COUNT-5: wrote {{.*}}out{{[0-4]}}.npy

fuser.group @promotion(%i: tensor<?x?xi32>, %h: tensor<?xf16>, %s: f64)
    -> (tensor<?x?xf32>, tensor<?x?xi32>, tensor<?x?xf32>, tensor<?xf16>,
        tensor<?x?xi1>) {
  %three = fuser.constant 3 : i64
  %two = fuser.constant 2 : i64
  %lim = fuser.constant 2.500000e+00 : f64
  %0 = fuser.add %i, %s : (tensor<?x?xi32>, f64) -> tensor<?x?xf32>
  %1 = fuser.mul %i, %three : (tensor<?x?xi32>, i64) -> tensor<?x?xi32>
  %2 = fuser.div %i, %two : (tensor<?x?xi32>, i64) -> tensor<?x?xf32>
  %3 = fuser.add %h, %s : (tensor<?xf16>, f64) -> tensor<?xf16>
  %4 = fuser.gt %i, %lim : (tensor<?x?xi32>, f64) -> tensor<?x?xi1>
  fuser.yield %0, %1, %2, %3, %4 : tensor<?x?xf32>, tensor<?x?xi32>, tensor<?x?xf32>, tensor<?xf16>, tensor<?x?xi1>
}
