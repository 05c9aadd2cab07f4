// Non-contiguous inputs: Fortran-order (column-major) .npy files, 3-D f32 and
// i32 next to a broadcast C-order one, and 2-D; values are read by logical
// index. The file holds two groups, chosen with --group.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t/3d %t/2d
// RUN: %python %S/Inputs/npycheck.py gen fortran3d %t/3d
// RUN: fuser-run %s --group strided3d --input %t/3d/x.npy \
// RUN:   --input %t/3d/w.npy --input %t/3d/y.npy --input %t/3d/k.npy \
// RUN:   --output %t/3d/out | FileCheck --check-prefix=THREE %s
// RUN: %python %S/Inputs/npycheck.py check fortran3d %t/3d
// RUN: %python %S/Inputs/npycheck.py selftest fortran3d %t/3d
// RUN: %python %S/Inputs/npycheck.py gen fortran2d %t/2d
// RUN: fuser-run %s --group strided2d --input %t/2d/a.npy \
// RUN:   --input %t/2d/b.npy --output %t/2d/out | FileCheck --check-prefix=TWO %s
// RUN: %python %S/Inputs/npycheck.py check fortran2d %t/2d
// RUN: %python %S/Inputs/npycheck.py selftest fortran2d %t/2d

// THREE-COUNT-3: wrote {{.*}}out{{[0-2]}}.npy
// TWO: wrote {{.*}}out0.npy
// TWO-NOT: wrote

fuser.group @strided3d(%x: tensor<?x?x?xf32>, %w: tensor<?x?xf32>,
                       %y: tensor<?x?x?xf32>, %k: tensor<?x?x?xi32>)
    -> (tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xi32>) {
  %two = fuser.constant 2.000000e+00 : f64
  %three = fuser.constant 3.000000e+00 : f64
  %itwo = fuser.constant 2 : i64
  %0 = fuser.mul %x, %two : (tensor<?x?x?xf32>, f64) -> tensor<?x?x?xf32>
  %1 = fuser.sub %0, %w : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %2 = fuser.mul %k, %three : (tensor<?x?x?xi32>, f64) -> tensor<?x?x?xf32>
  %3 = fuser.add %y, %2 : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  %4 = fuser.mul %k, %itwo : (tensor<?x?x?xi32>, i64) -> tensor<?x?x?xi32>
  fuser.yield %1, %3, %4 : tensor<?x?x?xf32>, tensor<?x?x?xf32>, tensor<?x?x?xi32>
}

fuser.group @strided2d(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>)
    -> tensor<?x?xf32> {
  %0 = fuser.mul %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = fuser.add %0, %a : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %1 : tensor<?x?xf32>
}
