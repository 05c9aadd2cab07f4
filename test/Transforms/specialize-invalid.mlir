// (index-bitwidth=48 is in specialize-invalid-index-bitwidth.mlir.)
// Each part below is specialised with its own (wrong) argument spec; every
// group has two tensor arguments and one result of rank 2.
// RUN: split-file %s %t
// RUN: fuser-opt %t/element-types.mlir -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-specialize{element-types=f16,f16,f16}))'
// RUN: fuser-opt %t/input-count.mlir -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-specialize{input-layouts=11}))'
// RUN: fuser-opt %t/output-count.mlir -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-specialize{output-layouts=11,11}))'
// RUN: fuser-opt %t/input-length.mlir -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-specialize{input-layouts=11,1}))'
// RUN: fuser-opt %t/input-chars.mlir -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-specialize{input-layouts=1x,11}))'
// RUN: fuser-opt %t/output-length.mlir -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-specialize{output-layouts=111}))'
// RUN: fuser-opt %t/output-chars.mlir -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-specialize{output-layouts=12}))'
// RUN: fuser-opt %t/device.mlir -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-specialize{device=tpu}))'
// RUN: fuser-opt %t/shapes.mlir -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-specialize))'

//--- element-types.mlir
// expected-error@+1 {{'element-types' has 3 entries, but group @two_tensors has 2 tensor arguments}}
fuser.group @two_tensors(%x: tensor<?x?xf32>, %y: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

//--- input-count.mlir
// expected-error@+1 {{'input-layouts' has 1 entries, but the group has 2 tensor arguments}}
fuser.group @two_tensors(%x: tensor<?x?xf32>, %y: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

//--- output-count.mlir
// expected-error@+1 {{'output-layouts' has 2 entries, but the group has 1 results}}
fuser.group @two_tensors(%x: tensor<?x?xf32>, %y: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

//--- input-length.mlir
// The rank-1 argument still needs two bits: layouts are of the iteration
// shape.
// expected-error@+1 {{'input-layouts' entry #1 '1' must be 2 contiguity bits (0 or 1), one per dimension of the iteration shape}}
fuser.group @two_tensors(%x: tensor<?x?xf32>, %y: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

//--- input-chars.mlir
// expected-error@+1 {{'input-layouts' entry #0 '1x' must be 2 contiguity bits (0 or 1), one per dimension of the iteration shape}}
fuser.group @two_tensors(%x: tensor<?x?xf32>, %y: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

//--- output-length.mlir
// expected-error@+1 {{'output-layouts' entry #0 '111' must be 2 contiguity bits (0 or 1), one per dimension of the iteration shape}}
fuser.group @two_tensors(%x: tensor<?x?xf32>, %y: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

//--- output-chars.mlir
// expected-error@+1 {{'output-layouts' entry #0 '12' must be 2 contiguity bits (0 or 1), one per dimension of the iteration shape}}
fuser.group @two_tensors(%x: tensor<?x?xf32>, %y: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

//--- device.mlir
// expected-error@+1 {{'device' must be cpu or cuda, not 'tpu'}}
fuser.group @two_tensors(%x: tensor<?x?xf32>, %y: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

//--- shapes.mlir
// One kernel iterates over one shape: results of ranks 2 and 1.
// expected-error@+1 {{results #0 and #1 have ranks 2 and 1: one kernel iterates over one shape}}
fuser.group @different_ranks(%x: tensor<?x?xf32>, %y: tensor<?xf32>)
    -> (tensor<?x?xf32>, tensor<?xf32>) {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %1 = fuser.neg %y : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0, %1 : tensor<?x?xf32>, tensor<?xf32>
}

// -----

// The third result differs from the first two.
// expected-error@+1 {{results #0 and #2 have ranks 1 and 2: one kernel iterates over one shape}}
fuser.group @third_result(%x: tensor<?x?xf32>, %y: tensor<?xf32>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?x?xf32>) {
  %0 = fuser.neg %y : (tensor<?xf32>) -> tensor<?xf32>
  %1 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0, %0, %1 : tensor<?xf32>, tensor<?xf32>, tensor<?x?xf32>
}

// -----

// An argument of rank 2 cannot be described at the results' rank 1.
// expected-error@+1 {{tensor argument #1 has rank 2, more than the results' rank 1}}
fuser.group @argument_above_results(%x: tensor<?xf32>, %y: tensor<?x?xf32>)
    -> tensor<?xf32> {
  %0 = fuser.neg %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}
