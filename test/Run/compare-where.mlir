// Comparisons and where, with i1 outputs saved as bool .npy and compared
// exactly. Inputs hold NaN on either side, +-inf and equal pairs. The last
// output compares an i32 tensor with the Python float 16777216.0 in float32
// (the promoted type), so 16777217 compares equal, as in eager PyTorch.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen compare_where %t
// RUN: fuser-run %s --input %t/a.npy --input %t/b.npy --input %t/c.npy \
// RUN:   --output %t/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check compare_where %t
// RUN: %python %S/Inputs/npycheck.py selftest compare_where %t

// CHECK-COUNT-6: wrote {{.*}}out{{[0-5]}}.npy
// CHECK-NOT: wrote

fuser.group @compare_where(%a: tensor<?xf32>, %b: tensor<?xf32>,
                           %c: tensor<?xi32>)
    -> (tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xf32>,
        tensor<?xi1>) {
  %lt = fuser.lt %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
  %eq = fuser.eq %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
  %ne = fuser.ne %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
  %half = fuser.constant 5.000000e-01 : f64
  %ge = fuser.ge %a, %half : (tensor<?xf32>, f64) -> tensor<?xi1>
  %zero = fuser.constant 0.000000e+00 : f64
  %pos = fuser.gt %a, %zero : (tensor<?xf32>, f64) -> tensor<?xi1>
  %sel = fuser.where %pos, %a, %b : (tensor<?xi1>, tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %big = fuser.constant 1.677721600e+07 : f64
  %ceq = fuser.eq %c, %big : (tensor<?xi32>, f64) -> tensor<?xi1>
  fuser.yield %lt, %eq, %ne, %ge, %sel, %ceq : tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xi1>, tensor<?xf32>, tensor<?xi1>
}
