// round: halves to even (0.5, 1.5, 2.5, -0.5 -> 0, 2, 2, -0), signed zeros
// kept, in f32 and f64 (halves near 2^22, 2^23 and 2^52, NaN, +-inf); the
// identity on i32. Exact, sign bits of zeros included.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen round %t
// RUN: fuser-run %s --input %t/x.npy --input %t/y.npy --input %t/c.npy \
// RUN:   --output %t/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check round %t
// RUN: %python %S/Inputs/npycheck.py selftest round %t

// CHECK-COUNT-3: wrote {{.*}}out{{[0-2]}}.npy
// CHECK-NOT: wrote

fuser.group @round(%x: tensor<?xf32>, %y: tensor<?xf64>, %c: tensor<?xi32>)
    -> (tensor<?xf32>, tensor<?xf64>, tensor<?xi32>) {
  %0 = fuser.round %x : (tensor<?xf32>) -> tensor<?xf32>
  %1 = fuser.round %y : (tensor<?xf64>) -> tensor<?xf64>
  %2 = fuser.round %c : (tensor<?xi32>) -> tensor<?xi32>
  fuser.yield %0, %1, %2 : tensor<?xf32>, tensor<?xf64>, tensor<?xi32>
}
