// RUN: fuser-opt %s -split-input-file -verify-diagnostics -allow-unregistered-dialect

// Every diagnostic of the verifiers and of type inference, and the ODS
// constraint errors for what the dialect does not accept.

//===----------------------------------------------------------------------===//
// fuser.group
//===----------------------------------------------------------------------===//

// expected-error@+1 {{'fuser.group' op region #0 ('body') failed to verify constraint: region with 1 blocks}}
fuser.group @external(%x: tensor<?xf32>) -> tensor<?xf32>

// -----

// expected-error@+1 {{'fuser.group' op tensor argument #2 follows scalar argument #1; tensor arguments must come first}}
fuser.group @tensor_after_scalar(%x: tensor<?xf32>, %s: f64,
                                 %y: tensor<?xf32>) -> tensor<?xf32> {
  fuser.yield %x : tensor<?xf32>
}

// -----

// Scalar arguments are runtime Python floats: f64 only.
// expected-error@+1 {{'fuser.group' op argument #1 has type 'f32'; expected a ranked tensor of a fuser element type (i1, ui8, i8, i16, i32, i64, f16, bf16, f32, f64) or an f64 scalar}}
fuser.group @f32_scalar_argument(%x: tensor<?xf32>, %s: f32) -> tensor<?xf32> {
  fuser.yield %x : tensor<?xf32>
}

// -----

// expected-error@+1 {{'fuser.group' op argument #1 has type 'i64'; expected a ranked tensor}}
fuser.group @i64_scalar_argument(%x: tensor<?xf32>, %s: i64) -> tensor<?xf32> {
  fuser.yield %x : tensor<?xf32>
}

// -----

// expected-error@+1 {{'fuser.group' op argument #0 has type 'tensor<*xf32>'; expected a ranked tensor}}
fuser.group @unranked_argument(%x: tensor<*xf32>) -> tensor<?xf32> {
  %0 = fuser.neg %x : (tensor<*xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// expected-error@+1 {{'fuser.group' op argument #0 has type 'tensor<?xf8E4M3FN>'; expected a ranked tensor}}
fuser.group @f8_argument(%x: tensor<?xf8E4M3FN>) -> tensor<?xf32> {
  %0 = fuser.cast %x : tensor<?xf8E4M3FN> to tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// expected-error@+1 {{'fuser.group' op argument #1 has type 'tensor<4xi4>'; expected a ranked tensor}}
fuser.group @i4_argument(%x: tensor<?xf32>, %y: tensor<4xi4>) -> tensor<?xf32> {
  fuser.yield %x : tensor<?xf32>
}

// -----

// expected-error@+1 {{'fuser.group' op argument #0 has type 'tensor<?xui16>'; expected a ranked tensor}}
fuser.group @ui16_argument(%x: tensor<?xui16>) -> tensor<?xui16> {
  fuser.yield %x : tensor<?xui16>
}

// -----

// Signed integers: PyTorch's int8 is the signless i8.
// expected-error@+1 {{'fuser.group' op argument #0 has type 'tensor<?xsi8>'; expected a ranked tensor}}
fuser.group @si8_argument(%x: tensor<?xsi8>) -> tensor<?xsi8> {
  fuser.yield %x : tensor<?xsi8>
}

// -----

// expected-error@+1 {{'fuser.group' op argument #0 has type 'tensor<?xcomplex<f32>>'; expected a ranked tensor}}
fuser.group @complex_argument(%x: tensor<?xcomplex<f32>>)
    -> tensor<?xcomplex<f32>> {
  fuser.yield %x : tensor<?xcomplex<f32>>
}

// -----

// expected-error@+1 {{'fuser.group' op argument #0 has type 'tensor<?xf32, "layout">'; expected a ranked tensor}}
fuser.group @encoded_argument(%x: tensor<?xf32, "layout">) {
  fuser.yield
}

// -----

// expected-error@+1 {{'fuser.group' op result #0 has type 'f64'; expected a ranked tensor of a fuser element type}}
fuser.group @scalar_result(%x: tensor<?xf32>, %s: f64) -> f64 {
  fuser.yield %s : f64
}

// -----

// expected-error@+1 {{'fuser.group' op result #1 has type 'tensor<?xbf16, "layout">'; expected a ranked tensor of a fuser element type}}
fuser.group @encoded_result(%x: tensor<?xbf16>)
    -> (tensor<?xbf16>, tensor<?xbf16, "layout">) {
  fuser.yield %x, %x : tensor<?xbf16>, tensor<?xbf16>
}

// -----

fuser.group @non_fuser_op(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'arith.constant' op cannot appear inside 'fuser.group': a group holds only fuser ops}}
  %c = arith.constant 1.0 : f64
  fuser.yield %x : tensor<?xf32>
}

// -----

// Unregistered ops have no dialect (this used to crash the verifier).
fuser.group @unregistered_op(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'test.op' op cannot appear inside 'fuser.group': a group holds only fuser ops}}
  "test.op"() : () -> ()
  fuser.yield %x : tensor<?xf32>
}

// -----

// Groups are symbols of a module, not nested.
fuser.group @outer(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.group' op symbol's parent must have the SymbolTable trait}}
  fuser.group @inner(%y: tensor<?xf32>) -> tensor<?xf32> {
    fuser.yield %y : tensor<?xf32>
  }
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @no_terminator(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{block with no terminator}}
  %0 = fuser.neg %x : (tensor<?xf32>) -> tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// fuser.yield
//===----------------------------------------------------------------------===//

fuser.group @yield_count(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  // expected-error@+1 {{'fuser.yield' op returns 1 values, but the enclosing group @yield_count declares 2 results}}
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @yield_type(%x: tensor<?xf32>) -> tensor<?xf16> {
  // expected-error@+1 {{'fuser.yield' op operand #0 has type 'tensor<?xf32>', but result #0 of group @yield_type has type 'tensor<?xf16>'}}
  fuser.yield %x : tensor<?xf32>
}

// -----

// Result types must match exactly, like func.return.
fuser.group @yield_shape(%x: tensor<4xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.yield' op operand #0 has type 'tensor<4xf32>', but result #0 of group @yield_shape has type 'tensor<?xf32>'}}
  fuser.yield %x : tensor<4xf32>
}

// -----

fuser.group @yield_scalar(%x: tensor<?xf32>, %s: f64) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.yield' op operand #0 must be variadic of ranked tensor of}}
  fuser.yield %s : f64
}

// -----

//===----------------------------------------------------------------------===//
// Ops outside a group
//===----------------------------------------------------------------------===//

func.func @outside_group(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.neg' op expects parent op 'fuser.group'}}
  %0 = fuser.neg %x : (tensor<?xf32>) -> tensor<?xf32>
  return %0 : tensor<?xf32>
}

// -----

// expected-error@+1 {{'fuser.constant' op expects parent op 'fuser.group'}}
%c = fuser.constant 1.0 : f64

// -----

func.func @yield_outside_group(%x: tensor<?xf32>) {
  // expected-error@+1 {{'fuser.yield' op expects parent op 'fuser.group'}}
  fuser.yield %x : tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// ODS constraints: element types, ranks and scalars
//===----------------------------------------------------------------------===//

fuser.group @f8_operand(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = "test.source"() : () -> tensor<?xf8E4M3FN>
  // expected-error@+1 {{'fuser.neg' op operand #0 must be ranked tensor of 1-bit signless integer or 8-bit unsigned integer or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<?xf8E4M3FN>'}}
  %0 = fuser.neg %y : (tensor<?xf8E4M3FN>) -> tensor<?xf8E4M3FN>
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @unranked_operand(%x: tensor<?xf32>) -> tensor<?xf32> {
  %y = "test.source"() : () -> tensor<*xf32>
  // expected-error@+1 {{'fuser.add' op operand #1 must be tensor or scalar, but got 'tensor<*xf32>'}}
  %0 = fuser.add %x, %y : (tensor<?xf32>, tensor<*xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// Scalars are f64, i64 or i1 (Python float, int, bool) only.
fuser.group @f32_scalar_operand(%x: tensor<?xf32>) -> tensor<?xf32> {
  %s = "test.source"() : () -> f32
  // expected-error@+1 {{'fuser.mul' op operand #1 must be tensor or scalar, but got 'f32'}}
  %0 = fuser.mul %x, %s : (tensor<?xf32>, f32) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @i4_result(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.cast' op result #0 must be ranked tensor of 1-bit signless integer or 8-bit unsigned integer or 8-bit signless integer or 16-bit signless integer or 32-bit signless integer or 64-bit signless integer or 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<?xi4>'}}
  %0 = fuser.cast %x : tensor<?xf32> to tensor<?xi4>
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @ui16_result(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.cast' op result #0 must be ranked tensor of}}
  %0 = fuser.cast %x : tensor<?xf32> to tensor<?xui16>
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @complex_result(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.cast' op result #0 must be ranked tensor of}}
  %0 = fuser.cast %x : tensor<?xf32> to tensor<?xcomplex<f32>>
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @scalar_result_op(%x: tensor<?xf32>, %s: f64) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.add' op result #0 must be ranked tensor of}}
  %0 = fuser.add %x, %s : (tensor<?xf32>, f64) -> f64
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @non_bool_condition(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.where' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'tensor<?xf32>'}}
  %0 = fuser.where %x, %x, %x
      : (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @scalar_unary_operand(%x: tensor<?xf32>, %s: f64) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.exp' op operand #0 must be ranked tensor of}}
  %0 = fuser.exp %s : (f64) -> tensor<f32>
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @bad_rounding_mode(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{expected string or keyword containing one of the following enum values for attribute 'rounding_mode' [true_div, trunc, floor]}}
  %0 = fuser.div %x, %x rounding_mode round
      : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @bad_gelu_approximation(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{expected string or keyword containing one of the following enum values for attribute 'approximate' [none, tanh]}}
  %0 = fuser.gelu %x approximate exact : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @alpha_string(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.add' op attribute 'alpha' failed to satisfy constraint}}
  %0 = fuser.add %x, %x {alpha = "two"}
      : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Pointwise type inference
//===----------------------------------------------------------------------===//

fuser.group @only_scalars(%x: tensor<?xf32>, %s: f64) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.add' op needs at least one tensor operand}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %s, %s : (f64, f64) -> tensor<f32>
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @where_only_scalar_branches(%s: f64) -> tensor<f32> {
  %c = "test.source"() : () -> i1
  // expected-error@+1 {{'fuser.where' op operand #0 must be ranked tensor of 1-bit signless integer values, but got 'i1'}}
  %0 = fuser.where %c, %s, %s : (i1, f64, f64) -> tensor<f32>
  fuser.yield %0 : tensor<f32>
}

// -----

// f16 + f32 promotes to f32.
fuser.group @wrong_promotion(%x: tensor<?xf16>, %y: tensor<?xf32>) -> tensor<?xf16> {
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xf16>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %y : (tensor<?xf16>, tensor<?xf32>) -> tensor<?xf16>
  fuser.yield %0 : tensor<?xf16>
}

// -----

// A Python float does not make an f16 tensor f32.
fuser.group @wrong_scalar_promotion(%x: tensor<?xf16>, %s: f64) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.mul' op inferred type(s) 'tensor<?xf16>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error@+1 {{'fuser.mul' op failed to infer returned types}}
  %0 = fuser.mul %x, %s : (tensor<?xf16>, f64) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// True division of integers gives f32.
fuser.group @wrong_div_type(%x: tensor<?xi32>) -> tensor<?xi32> {
  // expected-error@+2 {{'fuser.div' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xi32>'}}
  // expected-error@+1 {{'fuser.div' op failed to infer returned types}}
  %0 = fuser.div %x, %x : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xi32>
}

// -----

fuser.group @wrong_compare_type(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.lt' op inferred type(s) 'tensor<?xi1>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error@+1 {{'fuser.lt' op failed to infer returned types}}
  %0 = fuser.lt %x, %x : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @wrong_static_size(%x: tensor<4xf32>) -> tensor<3xf32> {
  // expected-error@+2 {{'fuser.exp' op inferred type(s) 'tensor<4xf32>' are incompatible with return type(s) of operation 'tensor<3xf32>'}}
  // expected-error@+1 {{'fuser.exp' op failed to infer returned types}}
  %0 = fuser.exp %x : (tensor<4xf32>) -> tensor<3xf32>
  fuser.yield %0 : tensor<3xf32>
}

// -----

fuser.group @wrong_rank(%x: tensor<?xf32>, %y: tensor<?x?xf32>) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?x?xf32>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %y : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @broadcast_mismatch(%x: tensor<3xf32>, %y: tensor<4xf32>) -> tensor<4xf32> {
  // expected-error@+2 {{'fuser.add' op operand #1 of type 'tensor<4xf32>' does not broadcast with the operands before it: dimension -1 (from the end) has size 4 but 3 before}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %y : (tensor<3xf32>, tensor<4xf32>) -> tensor<4xf32>
  fuser.yield %0 : tensor<4xf32>
}

// -----

fuser.group @broadcast_mismatch_outer(%x: tensor<?x2x3xf32>, %y: tensor<4x3xf32>)
    -> tensor<?x4x3xf32> {
  // expected-error@+2 {{'fuser.mul' op operand #1 of type 'tensor<4x3xf32>' does not broadcast with the operands before it: dimension -2 (from the end) has size 4 but 2 before}}
  // expected-error@+1 {{'fuser.mul' op failed to infer returned types}}
  %0 = fuser.mul %x, %y : (tensor<?x2x3xf32>, tensor<4x3xf32>) -> tensor<?x4x3xf32>
  fuser.yield %0 : tensor<?x4x3xf32>
}

// -----

// The condition of where broadcasts too.
fuser.group @broadcast_mismatch_where(%c: tensor<5xi1>, %x: tensor<?xf32>,
                                      %y: tensor<6xf32>) -> tensor<6xf32> {
  // expected-error@+2 {{'fuser.where' op operand #2 of type 'tensor<6xf32>' does not broadcast with the operands before it: dimension -1 (from the end) has size 6 but 5 before}}
  // expected-error@+1 {{'fuser.where' op failed to infer returned types}}
  %0 = fuser.where %c, %x, %y : (tensor<5xi1>, tensor<?xf32>, tensor<6xf32>) -> tensor<6xf32>
  fuser.yield %0 : tensor<6xf32>
}

// -----

fuser.group @sub_bool(%x: tensor<?xi1>) -> tensor<?xi1> {
  // expected-error@+2 {{'fuser.sub' op operand #0 has type 'tensor<?xi1>', but bool is not supported}}
  // expected-error@+1 {{'fuser.sub' op failed to infer returned types}}
  %0 = fuser.sub %x, %x : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  fuser.yield %0 : tensor<?xi1>
}

// -----

// A Python bool counts too (torch rejects x - True).
fuser.group @sub_bool_scalar(%x: tensor<?xf32>) -> tensor<?xf32> {
  %t = fuser.constant true
  // expected-error@+2 {{'fuser.sub' op operand #1 has type 'i1', but bool is not supported}}
  // expected-error@+1 {{'fuser.sub' op failed to infer returned types}}
  %0 = fuser.sub %x, %t : (tensor<?xf32>, i1) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @neg_bool(%x: tensor<?xi1>) -> tensor<?xi1> {
  // expected-error@+2 {{'fuser.neg' op operand #0 has type 'tensor<?xi1>', but bool is not supported}}
  // expected-error@+1 {{'fuser.neg' op failed to infer returned types}}
  %0 = fuser.neg %x : (tensor<?xi1>) -> tensor<?xi1>
  fuser.yield %0 : tensor<?xi1>
}

// -----

fuser.group @clamp_bool(%x: tensor<?xi1>, %s: f64) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.clamp' op operand #0 has type 'tensor<?xi1>', but bool is not supported}}
  // expected-error@+1 {{'fuser.clamp' op failed to infer returned types}}
  %0 = fuser.clamp %x min %s : (tensor<?xi1>, f64) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @div_floor_bool(%x: tensor<?xi1>) -> tensor<?xi1> {
  // expected-error@+2 {{'fuser.div' op operand #0 has type 'tensor<?xi1>', but bool is not supported}}
  // expected-error@+1 {{'fuser.div' op failed to infer returned types}}
  %0 = fuser.div %x, %x rounding_mode floor
      : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  fuser.yield %0 : tensor<?xi1>
}

// -----

fuser.group @gelu_int(%x: tensor<?xi32>) -> tensor<?xi32> {
  // expected-error@+2 {{'fuser.gelu' op operand #0 has type 'tensor<?xi32>', but a floating-point element type is required}}
  // expected-error@+1 {{'fuser.gelu' op failed to infer returned types}}
  %0 = fuser.gelu %x : (tensor<?xi32>) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xi32>
}

// -----

fuser.group @frac_bool(%x: tensor<?xi1>) -> tensor<?xi1> {
  // expected-error@+2 {{'fuser.frac' op operand #0 has type 'tensor<?xi1>', but a floating-point element type is required}}
  // expected-error@+1 {{'fuser.frac' op failed to infer returned types}}
  %0 = fuser.frac %x : (tensor<?xi1>) -> tensor<?xi1>
  fuser.yield %0 : tensor<?xi1>
}

// -----

fuser.group @lerp_int(%x: tensor<?xi64>, %s: f64) -> tensor<?xi64> {
  // expected-error@+2 {{'fuser.lerp' op operand #0 has type 'tensor<?xi64>', but a floating-point element type is required}}
  // expected-error@+1 {{'fuser.lerp' op failed to infer returned types}}
  %0 = fuser.lerp %x, %x, %s : (tensor<?xi64>, tensor<?xi64>, f64) -> tensor<?xi64>
  fuser.yield %0 : tensor<?xi64>
}

// -----

fuser.group @bitwise_float(%x: tensor<?xi32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.bitwise_and' op operand #1 has type 'tensor<?xf32>', but an integer or bool type is required}}
  // expected-error@+1 {{'fuser.bitwise_and' op failed to infer returned types}}
  %0 = fuser.bitwise_and %x, %y : (tensor<?xi32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @bitwise_float_scalar(%x: tensor<?xi32>, %s: f64) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.bitwise_or' op operand #1 has type 'f64', but an integer or bool type is required}}
  // expected-error@+1 {{'fuser.bitwise_or' op failed to infer returned types}}
  %0 = fuser.bitwise_or %x, %s : (tensor<?xi32>, f64) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @bitwise_not_float(%x: tensor<?xf16>) -> tensor<?xf16> {
  // expected-error@+2 {{'fuser.bitwise_not' op operand #0 has type 'tensor<?xf16>', but an integer or bool type is required}}
  // expected-error@+1 {{'fuser.bitwise_not' op failed to infer returned types}}
  %0 = fuser.bitwise_not %x : (tensor<?xf16>) -> tensor<?xf16>
  fuser.yield %0 : tensor<?xf16>
}

// -----

//===----------------------------------------------------------------------===//
// alpha and value
//===----------------------------------------------------------------------===//

fuser.group @float_alpha_int_result(%x: tensor<?xi32>) -> tensor<?xi32> {
  // expected-error@+1 {{'fuser.add' op 'alpha' must not be a floating-point number when the result element type is 'i32'}}
  %0 = fuser.add %x, %x {alpha = 2.0 : f64} : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xi32>
}

// -----

fuser.group @float_alpha_bool_result(%x: tensor<?xi1>) -> tensor<?xi1> {
  // expected-error@+1 {{'fuser.add' op 'alpha' must not be a floating-point number when the result element type is 'i1'}}
  %0 = fuser.add %x, %x {alpha = 1.0 : f64} : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  fuser.yield %0 : tensor<?xi1>
}

// -----

fuser.group @float_alpha_sub(%x: tensor<?xui8>) -> tensor<?xui8> {
  // expected-error@+1 {{'fuser.sub' op 'alpha' must not be a floating-point number when the result element type is 'ui8'}}
  %0 = fuser.sub %x, %x {alpha = 0.5 : f64} : (tensor<?xui8>, tensor<?xui8>) -> tensor<?xui8>
  fuser.yield %0 : tensor<?xui8>
}

// -----

fuser.group @bool_alpha_float_result(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.add' op 'alpha' is a bool, which is only allowed for bool results (the result element type is 'f32')}}
  %0 = fuser.add %x, %x {alpha = true} : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @bool_alpha_sub(%x: tensor<?xi64>) -> tensor<?xi64> {
  // expected-error@+1 {{'fuser.sub' op 'alpha' is a bool, which is only allowed for bool results (the result element type is 'i64')}}
  %0 = fuser.sub %x, %x {alpha = false} : (tensor<?xi64>, tensor<?xi64>) -> tensor<?xi64>
  fuser.yield %0 : tensor<?xi64>
}

// -----

fuser.group @float_value_int_result(%x: tensor<?xi16>) -> tensor<?xi16> {
  // expected-error@+1 {{'fuser.addcmul' op 'value' must not be a floating-point number when the result element type is 'i16'}}
  %0 = fuser.addcmul %x, %x, %x {value = 0.5 : f64}
      : (tensor<?xi16>, tensor<?xi16>, tensor<?xi16>) -> tensor<?xi16>
  fuser.yield %0 : tensor<?xi16>
}

// -----

fuser.group @bool_value(%x: tensor<?xf64>) -> tensor<?xf64> {
  // expected-error@+1 {{'fuser.addcmul' op 'value' is a bool, which is only allowed for bool results (the result element type is 'f64')}}
  %0 = fuser.addcmul %x, %x, %x {value = true}
      : (tensor<?xf64>, tensor<?xf64>, tensor<?xf64>) -> tensor<?xf64>
  fuser.yield %0 : tensor<?xf64>
}

// -----

//===----------------------------------------------------------------------===//
// lerp, clamp, cast, type_as and random numbers
//===----------------------------------------------------------------------===//

fuser.group @lerp_end_type(%x: tensor<?xf32>, %y: tensor<?xf16>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.lerp' op operand #1 has element type 'f16', but lerp needs the element type of operand #0 ('f32')}}
  %0 = fuser.lerp %x, %y, %x : (tensor<?xf32>, tensor<?xf16>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @lerp_weight_type(%x: tensor<?xbf16>, %w: tensor<?xf64>) -> tensor<?xbf16> {
  // expected-error@+1 {{'fuser.lerp' op operand #2 has element type 'f64', but lerp needs the element type of operand #0 ('bf16')}}
  %0 = fuser.lerp %x, %x, %w : (tensor<?xbf16>, tensor<?xbf16>, tensor<?xf64>) -> tensor<?xbf16>
  fuser.yield %0 : tensor<?xbf16>
}

// -----

fuser.group @clamp_no_bounds(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.clamp' op needs at least one of 'min' and 'max'}}
  %0 = fuser.clamp %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @cast_shape(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error@+1 {{'fuser.cast' op result type 'tensor<?x5xf16>' has a different shape from the input type 'tensor<?x4xf32>'; a cast only converts element types}}
  %0 = fuser.cast %x : tensor<?x4xf32> to tensor<?x5xf16>
  fuser.yield %x : tensor<?x4xf32>
}

// -----

fuser.group @cast_rank(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.cast' op result type 'tensor<1x?xf32>' has a different shape from the input type 'tensor<?xf32>'; a cast only converts element types}}
  %0 = fuser.cast %x : tensor<?xf32> to tensor<1x?xf32>
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @type_as_wrong_result(%x: tensor<?xf32>, %y: tensor<?x?xi8>) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.type_as' op inferred type(s) 'tensor<?xi8>' are incompatible with return type(s) of operation 'tensor<?x?xi8>'}}
  // expected-error@+1 {{'fuser.type_as' op failed to infer returned types}}
  %0 = fuser.type_as %x, %y : (tensor<?xf32>, tensor<?x?xi8>) -> tensor<?x?xi8>
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @rand_like_int(%x: tensor<?xi32>) -> tensor<?xi32> {
  // expected-error@+2 {{'fuser.rand_like' op operand #0 has type 'tensor<?xi32>', which is not floating point: give a floating-point 'dtype' for the result}}
  // expected-error@+1 {{'fuser.rand_like' op failed to infer returned types}}
  %0 = fuser.rand_like %x : (tensor<?xi32>) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xi32>
}

// -----

fuser.group @rand_like_int_dtype(%x: tensor<?xf32>) -> tensor<?xi32> {
  // expected-error@+2 {{'fuser.rand_like' op 'dtype' 'i32' must be a floating-point fuser element type (f16, bf16, f32 or f64)}}
  // expected-error@+1 {{'fuser.rand_like' op failed to infer returned types}}
  %0 = fuser.rand_like %x {dtype = i32} : (tensor<?xf32>) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xi32>
}

// -----

fuser.group @rand_like_f8_dtype(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.rand_like' op 'dtype' 'f8E5M2' must be a floating-point fuser element type (f16, bf16, f32 or f64)}}
  // expected-error@+1 {{'fuser.rand_like' op failed to infer returned types}}
  %0 = fuser.rand_like %x {dtype = f8E5M2} : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @rand_like_wrong_result(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.rand_like' op inferred type(s) 'tensor<?xf16>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error@+1 {{'fuser.rand_like' op failed to infer returned types}}
  %0 = fuser.rand_like %x {dtype = f16} : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @random_bits_shape(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error@+1 {{'fuser.random_bits' op result type 'tensor<?x5xi32>' must have the shape of the input type 'tensor<?x4xf32>'}}
  %b = fuser.random_bits %x {stream = 0 : i64} : (tensor<?x4xf32>) -> tensor<?x5xi32>
  fuser.yield %x : tensor<?x4xf32>
}

// -----

fuser.group @random_bits_type(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  // expected-error@+1 {{'fuser.random_bits' op result #0 must be ranked tensor of 32-bit signless integer values, but got 'tensor<?x4xi64>'}}
  %b = fuser.random_bits %x {stream = 0 : i64} : (tensor<?x4xf32>) -> tensor<?x4xi64>
  fuser.yield %x : tensor<?x4xf32>
}

// -----

fuser.group @bits_to_uniform_shape(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %b = fuser.random_bits %x {stream = 0 : i64} : (tensor<?x4xf32>) -> tensor<?x4xi32>
  // expected-error@+1 {{'fuser.bits_to_uniform' op result type 'tensor<4xf32>' must have the shape of the input type 'tensor<?x4xi32>'}}
  %u = fuser.bits_to_uniform %b : (tensor<?x4xi32>) -> tensor<4xf32>
  fuser.yield %x : tensor<?x4xf32>
}

// -----

fuser.group @bits_to_uniform_int(%x: tensor<?x4xf32>) -> tensor<?x4xf32> {
  %b = fuser.random_bits %x {stream = 0 : i64} : (tensor<?x4xf32>) -> tensor<?x4xi32>
  // expected-error@+1 {{'fuser.bits_to_uniform' op result #0 must be ranked tensor of 16-bit float or bfloat16 type or 32-bit float or 64-bit float values, but got 'tensor<?x4xi32>'}}
  %u = fuser.bits_to_uniform %b : (tensor<?x4xi32>) -> tensor<?x4xi32>
  fuser.yield %x : tensor<?x4xf32>
}

// -----

//===----------------------------------------------------------------------===//
// fuser.constant
//===----------------------------------------------------------------------===//

fuser.group @i32_scalar_constant(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.constant' op result #0 must be tensor or scalar, but got 'i32'}}
  %c = fuser.constant 1 : i32
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @f32_scalar_constant(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.constant' op result #0 must be tensor or scalar, but got 'f32'}}
  %c = fuser.constant 1.0 : f32
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @constant_type_mismatch(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.constant' op has result type 'i64' and value 1.000000e+00 : f64: value type differs from the result type}}
  %c = "fuser.constant"() <{value = 1.0 : f64}> : () -> i64
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @constant_not_a_number(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.constant' op has result type 'i64' and value "two" : i64: scalar constants must be a number attribute}}
  %c = fuser.constant "two" : i64
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @constant_not_0d(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.constant' op has result type 'tensor<2xf32>' and value dense<1.000000e+00> : tensor<2xf32>: constants must be f64, i64 or i1 scalars or 0-dim tensors of a fuser element type}}
  %c = fuser.constant dense<1.0> : tensor<2xf32>
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @constant_not_dense(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.constant' op has result type 'tensor<f32>' and value dense_resource<blob> : tensor<f32>: 0-dim tensor constants must be dense elements}}
  %c = fuser.constant dense_resource<blob> : tensor<f32>
  fuser.yield %x : tensor<?xf32>
}

{-#
  dialect_resources: {
    builtin: {
      blob: "0x040000000000803f"
    }
  }
#-}

// -----

//===----------------------------------------------------------------------===//
// fuser.chunk
//===----------------------------------------------------------------------===//

fuser.group @chunk_two_uses(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.chunk' op chunked argument #0 must have no other use, but it has 2 uses}}
  %a, %b = fuser.chunk %x into 2 along 0 : tensor<?xf32>
  %0 = fuser.neg %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @chunk_twice(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.chunk' op chunked argument #0 must have no other use, but it has 2 uses}}
  %a, %b = fuser.chunk %x into 2 along 0 : tensor<?xf32>
  %c, %d = fuser.chunk %x into 2 along 0 : tensor<?xf32>
  fuser.yield %a : tensor<?xf32>
}

// -----

fuser.group @chunk_of_non_argument(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = fuser.neg %x : (tensor<?xf32>) -> tensor<?xf32>
  // expected-error@+1 {{'fuser.chunk' op operand must be an argument of the enclosing 'fuser.group' (kernels read chunks in place)}}
  %a, %b = fuser.chunk %0 into 2 along 0 : tensor<?xf32>
  fuser.yield %a : tensor<?xf32>
}

// -----

fuser.group @chunk_not_divisible(%x: tensor<?x6xf32>) -> tensor<?x1xf32> {
  // expected-error@+1 {{'fuser.chunk' op size 6 of dimension 1 does not split into 4 equal chunks}}
  %a, %b, %c, %d = fuser.chunk %x into 4 along -1 : tensor<?x6xf32>
  fuser.yield %a : tensor<?x1xf32>
}

// -----

fuser.group @chunk_dim_too_large(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // expected-error@+1 {{'fuser.chunk' op dim 2 is out of range for rank 2 (expected a value in [-2, 1])}}
  %a, %b = fuser.chunk %x into 2 along 2 : tensor<?x?xf32>
  fuser.yield %a : tensor<?x?xf32>
}

// -----

fuser.group @chunk_dim_too_small(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // expected-error@+1 {{'fuser.chunk' op dim -3 is out of range for rank 2 (expected a value in [-2, 1])}}
  %a, %b = fuser.chunk %x into 2 along -3 : tensor<?x?xf32>
  fuser.yield %a : tensor<?x?xf32>
}

// -----

fuser.group @chunk_0d(%x: tensor<f32>) -> tensor<f32> {
  // expected-error@+1 {{'fuser.chunk' op needs an operand of rank >= 1, but it is 0-dim}}
  %a = fuser.chunk %x into 1 along 0 : tensor<f32>
  fuser.yield %a : tensor<f32>
}

// -----

fuser.group @chunk_zero_chunks(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.chunk' op needs at least one chunk, got 0}}
  fuser.chunk %x into 0 along 0 : tensor<?xf32>
  fuser.yield %x : tensor<?xf32>
}

// -----

// The result count is bounded (one result per chunk).
fuser.group @chunk_too_many(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.chunk' op needs at most 65536 chunks, got 10000000000}}
  fuser.chunk %x into 10000000000 along 0 : tensor<?xf32>
  fuser.yield %x : tensor<?xf32>
}

// -----

// An empty static dimension divides into any number of chunks.
fuser.group @chunk_too_many_empty(%x: tensor<0xf32>) -> tensor<0xf32> {
  // expected-error@+1 {{'fuser.chunk' op needs at most 65536 chunks, got 65537}}
  fuser.chunk %x into 65537 along 0 : tensor<0xf32>
  fuser.yield %x : tensor<0xf32>
}

// -----

fuser.group @chunk_too_many_generic(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.chunk' op attribute 'chunks' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1 whose maximum value is 65536}}
  "fuser.chunk"(%x) <{chunks = 100000 : i64, dim = 0 : i64}> : (tensor<?xf32>) -> ()
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @chunk_zero_chunks_generic(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.chunk' op attribute 'chunks' failed to satisfy constraint: 64-bit signless integer attribute whose minimum value is 1 whose maximum value is 65536}}
  "fuser.chunk"(%x) <{chunks = 0 : i64, dim = 0 : i64}> : (tensor<?xf32>) -> ()
  fuser.yield %x : tensor<?xf32>
}

// -----

fuser.group @chunk_result_count(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.chunk' op has 2 results for 3 chunks}}
  %r:2 = "fuser.chunk"(%x) <{chunks = 3 : i64, dim = 0 : i64}>
      : (tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>)
  fuser.yield %r#0 : tensor<?xf32>
}

// -----

fuser.group @chunk_result_type(%x: tensor<?x8xf32>) -> tensor<?x8xf32> {
  // expected-error@+2 {{'fuser.chunk' op inferred type(s) 'tensor<?x4xf32>', 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<?x8xf32>', 'tensor<?x8xf32>'}}
  // expected-error@+1 {{'fuser.chunk' op failed to infer returned types}}
  %r:2 = "fuser.chunk"(%x) <{chunks = 2 : i64, dim = 1 : i64}>
      : (tensor<?x8xf32>) -> (tensor<?x8xf32>, tensor<?x8xf32>)
  fuser.yield %r#0 : tensor<?x8xf32>
}

// -----

//===----------------------------------------------------------------------===//
// fuser.concat
//===----------------------------------------------------------------------===//

fuser.group @concat_used_by_op(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{'fuser.concat' op result may only be returned by 'fuser.yield', but it is used by 'fuser.neg'}}
  %0 = fuser.concat %x, %x along 0 : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
  %1 = fuser.neg %0 : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %1 : tensor<?xf32>
}

// -----

fuser.group @concat_rank_mismatch(%x: tensor<?x?xf32>, %y: tensor<?xf32>) -> tensor<?x?xf32> {
  // expected-error@+2 {{'fuser.concat' op operand #1 of type 'tensor<?xf32>' has rank 1, but operand #0 has rank 2}}
  // expected-error@+1 {{'fuser.concat' op failed to infer returned types}}
  %0 = fuser.concat %x, %y along 0 : tensor<?x?xf32>, tensor<?xf32> -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

// -----

fuser.group @concat_size_mismatch(%x: tensor<?x3xf32>, %y: tensor<?x?xf32>,
                                  %z: tensor<2x4xf32>) -> tensor<?x3xf32> {
  // expected-error@+2 {{'fuser.concat' op operand #2 of type 'tensor<2x4xf32>' has size 4 in dimension 1, but the operands before it have 3 (only dimension 0 may differ)}}
  // expected-error@+1 {{'fuser.concat' op failed to infer returned types}}
  %0 = fuser.concat %x, %y, %z along -2
      : tensor<?x3xf32>, tensor<?x?xf32>, tensor<2x4xf32> -> tensor<?x3xf32>
  fuser.yield %0 : tensor<?x3xf32>
}

// -----

fuser.group @concat_dim_out_of_range(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.concat' op dim 1 is out of range for rank 1 (expected a value in [-1, 0])}}
  // expected-error@+1 {{'fuser.concat' op failed to infer returned types}}
  %0 = fuser.concat %x, %x along 1 : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @concat_0d(%x: tensor<f32>) -> tensor<f32> {
  // expected-error@+2 {{'fuser.concat' op needs an operand of rank >= 1, but it is 0-dim}}
  // expected-error@+1 {{'fuser.concat' op failed to infer returned types}}
  %0 = fuser.concat %x, %x along 0 : tensor<f32>, tensor<f32> -> tensor<f32>
  fuser.yield %0 : tensor<f32>
}

// -----

fuser.group @concat_no_operands(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.concat' op needs at least one operand}}
  // expected-error@+1 {{'fuser.concat' op failed to infer returned types}}
  %0 = "fuser.concat"() <{dim = 0 : i64}> : () -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @concat_wrong_result(%x: tensor<4xf16>, %y: tensor<?xf32>) -> tensor<?xf16> {
  // expected-error@+2 {{'fuser.concat' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xf16>'}}
  // expected-error@+1 {{'fuser.concat' op failed to infer returned types}}
  %0 = fuser.concat %x, %y along 0 : tensor<4xf16>, tensor<?xf32> -> tensor<?xf16>
  fuser.yield %0 : tensor<?xf16>
}

// -----

fuser.group @concat_wrong_static_size(%x: tensor<4xf32>, %y: tensor<3xf32>) -> tensor<8xf32> {
  // expected-error@+2 {{'fuser.concat' op inferred type(s) 'tensor<7xf32>' are incompatible with return type(s) of operation 'tensor<8xf32>'}}
  // expected-error@+1 {{'fuser.concat' op failed to infer returned types}}
  %0 = fuser.concat %x, %y along 0 : tensor<4xf32>, tensor<3xf32> -> tensor<8xf32>
  fuser.yield %0 : tensor<8xf32>
}
