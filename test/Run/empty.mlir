// Empty tensors: a [0, 4] input with a broadcast [4] bias gives [0, 4]
// outputs of the right dtypes.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen empty %t
// RUN: fuser-run %s --input %t/x.npy --input %t/b.npy --output %t/out \
// RUN:   | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check empty %t
// RUN: %python %S/Inputs/npycheck.py selftest empty %t
// RUN: fuser-run %s --random --shape 0x4 --shape 4 --check \
// RUN:   | FileCheck --check-prefix=CHECKMODE %s

// CHECK: wrote {{.*}}out0.npy
// CHECK-NEXT: wrote {{.*}}out1.npy

// CHECKMODE: 0 [0x4] f32 {{.*}} ok
// CHECKMODE-NEXT: 1 [0x4] i1 {{.*}} ok

fuser.group @empty(%x: tensor<?x?xf32>, %b: tensor<?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xi1>) {
  %0 = fuser.add %x, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %1 = fuser.relu %0 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = fuser.gt %x, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xi1>
  fuser.yield %1, %2 : tensor<?x?xf32>, tensor<?x?xi1>
}
