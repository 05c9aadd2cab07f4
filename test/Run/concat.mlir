// Concatenated outputs: three pointwise results along dim 0, and three along
// dim -1 of which two are i32 (the output is their promotion, f32, as
// torch.cat).
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen concat %t
// RUN: fuser-run %s --input %t/a.npy --input %t/b.npy --input %t/c.npy \
// RUN:   --output %t/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check concat %t
// RUN: %python %S/Inputs/npycheck.py selftest concat %t

// CHECK: wrote {{.*}}out0.npy
// CHECK-NEXT: wrote {{.*}}out1.npy

fuser.group @concat3(%a: tensor<?x?xf32>, %b: tensor<?x?xf32>,
                     %c: tensor<?x?xi32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %s = fuser.sigmoid %a : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %m = fuser.mul %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %d = fuser.sub %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %rows = fuser.concat %s, %m, %d along 0 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %two = fuser.constant 2 : i64
  %p = fuser.add %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c2 = fuser.mul %c, %two : (tensor<?x?xi32>, i64) -> tensor<?x?xi32>
  %nc = fuser.neg %c : (tensor<?x?xi32>) -> tensor<?x?xi32>
  %cols = fuser.concat %p, %c2, %nc along -1 : tensor<?x?xf32>, tensor<?x?xi32>, tensor<?x?xi32> -> tensor<?x?xf32>
  fuser.yield %rows, %cols : tensor<?x?xf32>, tensor<?x?xf32>
}
