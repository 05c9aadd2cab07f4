// relu(x + b) with a bias broadcast over the rows (declared rank 1) and with
// a [rows, 1] column broadcast at run time (a size-1 dimension). x holds NaN
// and +-inf.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen bias_relu %t
// RUN: fuser-run %s --input %t/x.npy --input %t/b.npy --input %t/col.npy \
// RUN:   --output %t/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check bias_relu %t
// RUN: %python %S/Inputs/npycheck.py selftest bias_relu %t

// CHECK: wrote {{.*}}out0.npy
// CHECK-NEXT: wrote {{.*}}out1.npy

fuser.group @bias_relu(%x: tensor<?x?xf32>, %b: tensor<?xf32>,
                       %col: tensor<?x?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = fuser.add %x, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %1 = fuser.relu %0 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = fuser.add %x, %col : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %3 = fuser.relu %2 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %1, %3 : tensor<?x?xf32>, tensor<?x?xf32>
}
