// RUN: fuser-opt %s -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-refine-types{element-types=i32,-}))'
// RUN: not fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-refine-types{element-types=f17,-}))' 2>&1 | FileCheck %s --check-prefix=NAME0
// RUN: not fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-refine-types{element-types=-,complex64}))' 2>&1 | FileCheck %s --check-prefix=NAME1

// Retyping the first tensor argument to i32 makes each group below invalid.
// The other RUN lines check the names of unknown types.

// NAME0: error: 'element-types' entry #0 'f17' is not a fuser element type
// NAME1: error: 'element-types' entry #1 'complex64' is not a fuser element type

// expected-error@+1 {{'element-types' has 2 entries, but group @one_tensor_argument has 1 tensor arguments}}
fuser.group @one_tensor_argument(%x: tensor<?xf32>, %s: f64) -> tensor<?xf32> {
  %0 = fuser.mul %x, %s : (tensor<?xf32>, f64) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// expected-error@+1 {{'element-types' has 2 entries, but group @three_tensor_arguments has 3 tensor arguments}}
fuser.group @three_tensor_arguments(%x: tensor<?xf32>, %y: tensor<?xf32>,
                                    %z: tensor<?xf32>) -> tensor<?xf32> {
  fuser.yield %x : tensor<?xf32>
}

// -----

// A float alpha is not allowed once the result is an integer: the verifier
// run after the pass reports it.
fuser.group @float_alpha(%x: tensor<?xf32>, %y: tensor<?xi8>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.add' op 'alpha' must not be a floating-point number when the result element type is 'i32'}}
  %0 = fuser.add %x, %y {alpha = 2.5 : f64} : (tensor<?xf32>, tensor<?xi8>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @float_value(%x: tensor<?xf32>, %y: tensor<?xi16>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.addcmul' op 'value' must not be a floating-point number when the result element type is 'i32'}}
  %0 = fuser.addcmul %x, %y, %y {value = 0.5 : f64}
      : (tensor<?xf32>, tensor<?xi16>, tensor<?xi16>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @activation(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.silu' op operand #0 has type 'tensor<?xi32>', but a floating-point element type is required}}
  %0 = fuser.silu %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @rand_like(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.rand_like' op operand #0 has type 'tensor<?xi32>', which is not floating point: give a floating-point 'dtype' for the result}}
  %0 = fuser.rand_like %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// lerp needs floating-point tensors.
fuser.group @lerp(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.lerp' op operand #0 has type 'tensor<?xi32>', but a floating-point element type is required}}
  %0 = fuser.lerp %x, %y, %y : (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @lerp_end(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.lerp' op operand #1 has type 'tensor<?xi32>', but a floating-point element type is required}}
  %0 = fuser.lerp %y, %x, %y : (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}
