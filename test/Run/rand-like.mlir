// rand_like on 100k elements: values in [0, 1), mean ~0.5, variance ~1/12,
// flat histogram; the same --seed gives the same values, another seed other
// values, and the two rand_like of the group draw different streams.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: fuser-run %s --random --shape 100x1000 --seed 1 --output %t/a \
// RUN:   | FileCheck %s
// RUN: fuser-run %s --random --shape 100x1000 --seed 1 --output %t/b
// RUN: fuser-run %s --random --shape 100x1000 --seed 2 --output %t/c
// RUN: %python %S/Inputs/npycheck.py check rand %t
// RUN: %python %S/Inputs/npycheck.py selftest rand %t

// CHECK: wrote {{.*}}a0.npy
// CHECK-NEXT: wrote {{.*}}a1.npy

fuser.group @rand(%x: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0, %1 : tensor<?x?xf32>, tensor<?x?xf32>
}
