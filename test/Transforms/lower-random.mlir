// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-lower-random))' | FileCheck %s

// One rand_like: 32 Philox bits of stream 0, shaped like the input, then a
// uniform of the rand_like's type; its uses take the uniform.

// CHECK-LABEL: fuser.group @one(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf32>)
// CHECK-NEXT:    %[[BITS:.+]] = fuser.random_bits %[[X]] {stream = 0 : i64} : (tensor<?x?xf32>) -> tensor<?x?xi32>
// CHECK-NEXT:    %[[U:.+]] = fuser.bits_to_uniform %[[BITS]] : (tensor<?x?xi32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[D:.+]] = fuser.mul %[[U]], %[[X]] : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    fuser.yield %[[D]] : tensor<?x?xf32>
fuser.group @one(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %r = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %0 = fuser.mul %r, %x : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

// -----

// Several rand_like ops (interleaved with other ops, on arguments and on
// computed values) are numbered 0, 1, 2, 3 in program order; each keeps its
// own result type: the input's (bf16), `dtype` (f16 from a bool input, f64),
// and its shape follows the input (static sizes included).

// CHECK-LABEL: fuser.group @several(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4xbf16>, %[[M:[a-z0-9_]+]]: tensor<?xi1>)
// CHECK-NEXT:    %[[B0:.+]] = fuser.random_bits %[[X]] {stream = 0 : i64} : (tensor<?x4xbf16>) -> tensor<?x4xi32>
// CHECK-NEXT:    %[[U0:.+]] = fuser.bits_to_uniform %[[B0]] : (tensor<?x4xi32>) -> tensor<?x4xbf16>
// CHECK-NEXT:    %[[N:.+]] = fuser.neg %[[U0]]
// CHECK-NEXT:    %[[B1:.+]] = fuser.random_bits %[[M]] {stream = 1 : i64} : (tensor<?xi1>) -> tensor<?xi32>
// CHECK-NEXT:    %[[U1:.+]] = fuser.bits_to_uniform %[[B1]] : (tensor<?xi32>) -> tensor<?xf16>
// CHECK-NEXT:    %[[B2:.+]] = fuser.random_bits %[[N]] {stream = 2 : i64} : (tensor<?x4xbf16>) -> tensor<?x4xi32>
// CHECK-NEXT:    %[[U2:.+]] = fuser.bits_to_uniform %[[B2]] : (tensor<?x4xi32>) -> tensor<?x4xf64>
// CHECK-NEXT:    %[[B3:.+]] = fuser.random_bits %[[X]] {stream = 3 : i64} : (tensor<?x4xbf16>) -> tensor<?x4xi32>
// CHECK-NEXT:    %[[U3:.+]] = fuser.bits_to_uniform %[[B3]] : (tensor<?x4xi32>) -> tensor<?x4xbf16>
// CHECK-NEXT:    %[[S:.+]] = fuser.add %[[U0]], %[[U3]]
// CHECK-NEXT:    fuser.yield %[[N]], %[[U1]], %[[U2]], %[[S]] : tensor<?x4xbf16>, tensor<?xf16>, tensor<?x4xf64>, tensor<?x4xbf16>
fuser.group @several(%x: tensor<?x4xbf16>, %m: tensor<?xi1>)
    -> (tensor<?x4xbf16>, tensor<?xf16>, tensor<?x4xf64>, tensor<?x4xbf16>) {
  %a = fuser.rand_like %x : (tensor<?x4xbf16>) -> tensor<?x4xbf16>
  %n = fuser.neg %a : (tensor<?x4xbf16>) -> tensor<?x4xbf16>
  %b = fuser.rand_like %m {dtype = f16} : (tensor<?xi1>) -> tensor<?xf16>
  %c = fuser.rand_like %n {dtype = f64} : (tensor<?x4xbf16>) -> tensor<?x4xf64>
  %d = fuser.rand_like %x : (tensor<?x4xbf16>) -> tensor<?x4xbf16>
  %s = fuser.add %a, %d : (tensor<?x4xbf16>, tensor<?x4xbf16>) -> tensor<?x4xbf16>
  fuser.yield %n, %b, %c, %s
      : tensor<?x4xbf16>, tensor<?xf16>, tensor<?x4xf64>, tensor<?x4xbf16>
}

// -----

// Streams are numbered per group: each group of a module starts at 0.
// A 0-dim input gives 0-dim bits.

// CHECK-LABEL: fuser.group @first(
// CHECK-NEXT:    fuser.random_bits %{{.+}} {stream = 0 : i64} : (tensor<?xf32>) -> tensor<?xi32>
// CHECK-NEXT:    fuser.bits_to_uniform
// CHECK-NEXT:    fuser.random_bits %{{.+}} {stream = 1 : i64} : (tensor<?xf32>) -> tensor<?xi32>
// CHECK-LABEL: fuser.group @second(
// CHECK-NEXT:    %[[B:.+]] = fuser.random_bits %{{.+}} {stream = 0 : i64} : (tensor<f16>) -> tensor<i32>
// CHECK-NEXT:    %[[U:.+]] = fuser.bits_to_uniform %[[B]] : (tensor<i32>) -> tensor<f16>
// CHECK-NEXT:    fuser.yield %[[U]] : tensor<f16>
fuser.group @first(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %a = fuser.rand_like %x : (tensor<?xf32>) -> tensor<?xf32>
  %b = fuser.rand_like %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %a, %b : tensor<?xf32>, tensor<?xf32>
}
fuser.group @second(%z: tensor<f16>) -> tensor<f16> {
  %a = fuser.rand_like %z : (tensor<f16>) -> tensor<f16>
  fuser.yield %a : tensor<f16>
}

// -----

// Without rand_like the group is unchanged.

// CHECK-LABEL: fuser.group @no_random(
// CHECK-NEXT:    fuser.exp
// CHECK-NEXT:    fuser.yield
fuser.group @no_random(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = fuser.exp %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}
