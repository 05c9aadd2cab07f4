// rand_like on the GPU: the same --seed gives the same bits on the GPU as on
// the CPU (npycheck's "same seed" check compares a GPU run with a CPU run),
// values are uniform in [0, 1), another seed gives other values and the two
// rand_like of a group draw different streams. With --check, every random
// output (f32, f16, bf16, f64, and dropout built on one) equals the
// interpreter's bit for bit: max|d| interp is 0.
//
// REQUIRES: cuda, numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: fuser-run %s --group rand --random --shape 100x1000 --seed 1 \
// RUN:   --device cuda --output %t/a | FileCheck %s
// RUN: fuser-run %s --group rand --random --shape 100x1000 --seed 1 \
// RUN:   --device cpu --output %t/b
// RUN: fuser-run %s --group rand --random --shape 100x1000 --seed 2 \
// RUN:   --device cuda --output %t/c
// RUN: %python %S/Inputs/npycheck.py check rand %t
// RUN: fuser-run %s --group dtypes --random --shape 67x129 --scalar 0.3 \
// RUN:   --seed 5 --device cuda --check | FileCheck --check-prefix=DTYPES %s

// CHECK: group: {{.*}}, ran on kernel (cuda)
// CHECK: wrote {{.*}}a0.npy
// CHECK-NEXT: wrote {{.*}}a1.npy

// DTYPES: group: {{.*}}cuda-rand-like.mlir (key {{[0-9]+}}), ran on kernel (cuda)
// DTYPES-NEXT: output shape dtype
// DTYPES-NEXT: 0 [67x129] f32 0.000e+00 - ok
// DTYPES-NEXT: 1 [67x129] f16 0.000e+00 - ok
// DTYPES-NEXT: 2 [67x129] bf16 0.000e+00 - ok
// DTYPES-NEXT: 3 [67x129] f64 0.000e+00 - ok
// DTYPES-NEXT: 4 [67x129] f32 0.000e+00 - ok

fuser.group @rand(%x: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0, %1 : tensor<?x?xf32>, tensor<?x?xf32>
}

fuser.group @dtypes(%x: tensor<?x?xf32>, %p: f64)
    -> (tensor<?x?xf32>, tensor<?x?xf16>, tensor<?x?xbf16>, tensor<?x?xf64>,
        tensor<?x?xf32>) {
  %u = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %h = fuser.rand_like %x {dtype = f16} : (tensor<?x?xf32>) -> tensor<?x?xf16>
  %b = fuser.rand_like %x {dtype = bf16} : (tensor<?x?xf32>) -> tensor<?x?xbf16>
  %d = fuser.rand_like %x {dtype = f64} : (tensor<?x?xf32>) -> tensor<?x?xf64>
  %keep = fuser.lt %u, %p : (tensor<?x?xf32>, f64) -> tensor<?x?xi1>
  %zero = fuser.constant 0.000000e+00 : f64
  %drop = fuser.where %keep, %x, %zero : (tensor<?x?xi1>, tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  fuser.yield %u, %h, %b, %d, %drop : tensor<?x?xf32>, tensor<?x?xf16>, tensor<?x?xbf16>, tensor<?x?xf64>, tensor<?x?xf32>
}
