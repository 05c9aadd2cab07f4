// Integer division and remainder on i32 with every sign combination, exactly
// against NumPy: floor division (np.floor_divide), remainder (np.remainder,
// the sign of the divisor), trunc division, fmod (the sign of the dividend);
// and true division, which gives f32.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen int_ops %t
// RUN: fuser-run %s --input %t/a.npy --input %t/b.npy --output %t/out \
// RUN:   | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check int_ops %t
// RUN: %python %S/Inputs/npycheck.py selftest int_ops %t

// CHECK-COUNT-5: wrote {{.*}}out{{[0-4]}}.npy
// CHECK-NOT: wrote

fuser.group @int_ops(%a: tensor<?xi32>, %b: tensor<?xi32>)
    -> (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>,
        tensor<?xf32>) {
  %floor = fuser.div %a, %b rounding_mode floor : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %rem = fuser.remainder %a, %b : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %trunc = fuser.div %a, %b rounding_mode trunc : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %fmod = fuser.fmod %a, %b : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %true = fuser.div %a, %b : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xf32>
  fuser.yield %floor, %rem, %trunc, %fmod, %true : tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xf32>
}
