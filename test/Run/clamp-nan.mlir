// clamp with NaN and +-inf inputs: NaN propagates; min > max gives max
// everywhere; tensor bounds holding NaN propagate it too. Exact comparison.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen clamp_nan %t
// RUN: fuser-run %s --input %t/x.npy --input %t/lo.npy --input %t/hi.npy \
// RUN:   --output %t/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check clamp_nan %t
// RUN: %python %S/Inputs/npycheck.py selftest clamp_nan %t

// CHECK-COUNT-4: wrote {{.*}}out{{[0-3]}}.npy
// CHECK-NOT: wrote

fuser.group @clamp(%x: tensor<?xf32>, %lo: tensor<?xf32>, %hi: tensor<?xf32>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %mhalf = fuser.constant -5.000000e-01 : f64
  %half = fuser.constant 5.000000e-01 : f64
  %one = fuser.constant 1.000000e+00 : f64
  %mone = fuser.constant -1.000000e+00 : f64
  %quarter = fuser.constant 2.500000e-01 : f64
  %0 = fuser.clamp %x min %mhalf max %half : (tensor<?xf32>, f64, f64) -> tensor<?xf32>
  %1 = fuser.clamp %x min %one max %mone : (tensor<?xf32>, f64, f64) -> tensor<?xf32>
  %2 = fuser.clamp %x min %quarter : (tensor<?xf32>, f64) -> tensor<?xf32>
  %3 = fuser.clamp %x min %lo max %hi : (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0, %1, %2, %3 : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}
