// RUN: fuser-opt %s -split-input-file -verify-diagnostics

// Declared result types that PyTorch promotion or broadcasting rejects. Each
// is the wrong twin of a case in type-inference.mlir.

// f16 + f32 is f32.
fuser.group @f16_f32_declared_f16(%x: tensor<?xf16>, %y: tensor<?xf32>) -> tensor<?xf16> {
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xf16>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %y : (tensor<?xf16>, tensor<?xf32>) -> tensor<?xf16>
  fuser.yield %0 : tensor<?xf16>
}

// -----

// bf16 and f16 have no common 16-bit type.
fuser.group @bf16_f16_declared_bf16(%x: tensor<?xbf16>, %y: tensor<?xf16>) -> tensor<?xbf16> {
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xbf16>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %y : (tensor<?xbf16>, tensor<?xf16>) -> tensor<?xbf16>
  fuser.yield %0 : tensor<?xbf16>
}

// -----

// A Python float is the default dtype, not double.
fuser.group @i32_float_declared_f64(%x: tensor<?xi32>, %s: f64) -> tensor<?xf64> {
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xf64>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %s : (tensor<?xi32>, f64) -> tensor<?xf64>
  fuser.yield %0 : tensor<?xf64>
}

// -----

// A Python float does not widen a float tensor.
fuser.group @f16_float_declared_f32(%x: tensor<?xf16>, %s: f64) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.mul' op inferred type(s) 'tensor<?xf16>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error@+1 {{'fuser.mul' op failed to infer returned types}}
  %0 = fuser.mul %x, %s : (tensor<?xf16>, f64) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// A Python int lifts bool to int64.
fuser.group @bool_int_declared_bool(%x: tensor<?xi1>) -> tensor<?xi1> {
  %n = fuser.constant 1 : i64
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?xi64>' are incompatible with return type(s) of operation 'tensor<?xi1>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %n : (tensor<?xi1>, i64) -> tensor<?xi1>
  fuser.yield %0 : tensor<?xi1>
}

// -----

// uint8 and int8 meet in int16.
fuser.group @ui8_i8_declared_ui8(%x: tensor<?xui8>, %y: tensor<?xi8>) -> tensor<?xui8> {
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?xi16>' are incompatible with return type(s) of operation 'tensor<?xui8>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %y : (tensor<?xui8>, tensor<?xi8>) -> tensor<?xui8>
  fuser.yield %0 : tensor<?xui8>
}

// -----

// A Python int does not widen an integer tensor.
fuser.group @ui8_int_declared_i64(%x: tensor<?xui8>) -> tensor<?xi64> {
  %n = fuser.constant 300 : i64
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?xui8>' are incompatible with return type(s) of operation 'tensor<?xi64>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %n : (tensor<?xui8>, i64) -> tensor<?xi64>
  fuser.yield %0 : tensor<?xi64>
}

// -----

// A 0-dim tensor of the same category does not widen.
fuser.group @i8_zero_dim_i64_declared_i64(%x: tensor<?xi8>) -> tensor<?xi64> {
  %z = fuser.constant dense<1> : tensor<i64>
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?xi8>' are incompatible with return type(s) of operation 'tensor<?xi64>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %z : (tensor<?xi8>, tensor<i64>) -> tensor<?xi64>
  fuser.yield %0 : tensor<?xi64>
}

// -----

fuser.group @f32_zero_dim_f64_declared_f64(%x: tensor<?xf32>) -> tensor<?xf64> {
  %z = fuser.constant dense<1.0> : tensor<f64>
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xf64>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %z : (tensor<?xf32>, tensor<f64>) -> tensor<?xf64>
  fuser.yield %0 : tensor<?xf64>
}

// -----

// A 0-dim float of a higher category keeps its own dtype.
fuser.group @i32_zero_dim_f64_declared_f32(%x: tensor<?xi32>) -> tensor<?xf32> {
  %z = fuser.constant dense<1.0> : tensor<f64>
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?xf64>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %z : (tensor<?xi32>, tensor<f64>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @zero_dim_f64_f32_declared_f32(%x: tensor<f32>) -> tensor<f32> {
  %z = fuser.constant dense<1.0> : tensor<f64>
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<f64>' are incompatible with return type(s) of operation 'tensor<f32>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %z, %x : (tensor<f64>, tensor<f32>) -> tensor<f32>
  fuser.yield %0 : tensor<f32>
}

// -----

fuser.group @bool_zero_dim_i32_declared_i64(%x: tensor<?xi1>) -> tensor<?xi64> {
  %z = fuser.constant dense<1> : tensor<i32>
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?xi32>' are incompatible with return type(s) of operation 'tensor<?xi64>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %z : (tensor<?xi1>, tensor<i32>) -> tensor<?xi64>
  fuser.yield %0 : tensor<?xi64>
}

// -----

// True division gives the default float type.
fuser.group @div_int_declared_int(%x: tensor<?xi32>) -> tensor<?xi32> {
  // expected-error@+2 {{'fuser.div' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xi32>'}}
  // expected-error@+1 {{'fuser.div' op failed to infer returned types}}
  %0 = fuser.div %x, %x : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xi32>
}

// -----

fuser.group @div_floor_int_declared_float(%x: tensor<?xi32>) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.div' op inferred type(s) 'tensor<?xi32>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error@+1 {{'fuser.div' op failed to infer returned types}}
  %0 = fuser.div %x, %x rounding_mode floor : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @atan2_int_declared_f64(%x: tensor<?xi64>) -> tensor<?xf64> {
  // expected-error@+2 {{'fuser.atan2' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xf64>'}}
  // expected-error@+1 {{'fuser.atan2' op failed to infer returned types}}
  %0 = fuser.atan2 %x, %x : (tensor<?xi64>, tensor<?xi64>) -> tensor<?xf64>
  fuser.yield %0 : tensor<?xf64>
}

// -----

fuser.group @compare_declared_input_type(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.eq' op inferred type(s) 'tensor<?xi1>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error@+1 {{'fuser.eq' op failed to infer returned types}}
  %0 = fuser.eq %x, %x : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @bitwise_ui8_i8_declared_ui8(%x: tensor<?xui8>, %y: tensor<?xi8>) -> tensor<?xui8> {
  // expected-error@+2 {{'fuser.bitwise_and' op inferred type(s) 'tensor<?xi16>' are incompatible with return type(s) of operation 'tensor<?xui8>'}}
  // expected-error@+1 {{'fuser.bitwise_and' op failed to infer returned types}}
  %0 = fuser.bitwise_and %x, %y : (tensor<?xui8>, tensor<?xi8>) -> tensor<?xui8>
  fuser.yield %0 : tensor<?xui8>
}

// -----

fuser.group @where_floats_declared_f64(%c: tensor<?xi1>) -> tensor<?xf64> {
  %f = fuser.constant 1.0 : f64
  // expected-error@+2 {{'fuser.where' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xf64>'}}
  // expected-error@+1 {{'fuser.where' op failed to infer returned types}}
  %0 = fuser.where %c, %f, %f : (tensor<?xi1>, f64, f64) -> tensor<?xf64>
  fuser.yield %0 : tensor<?xf64>
}

// -----

fuser.group @where_int_scalar_declared_i64(%c: tensor<?xi1>, %x: tensor<?xi32>) -> tensor<?xi64> {
  %n = fuser.constant 2 : i64
  // expected-error@+2 {{'fuser.where' op inferred type(s) 'tensor<?xi32>' are incompatible with return type(s) of operation 'tensor<?xi64>'}}
  // expected-error@+1 {{'fuser.where' op failed to infer returned types}}
  %0 = fuser.where %c, %x, %n : (tensor<?xi1>, tensor<?xi32>, i64) -> tensor<?xi64>
  fuser.yield %0 : tensor<?xi64>
}

// -----

// The condition does not take part in promotion.
fuser.group @where_condition_not_promoted(%c: tensor<?xi1>, %x: tensor<?xi8>) -> tensor<?xi1> {
  // expected-error@+2 {{'fuser.where' op inferred type(s) 'tensor<?xi8>' are incompatible with return type(s) of operation 'tensor<?xi1>'}}
  // expected-error@+1 {{'fuser.where' op failed to infer returned types}}
  %0 = fuser.where %c, %x, %x : (tensor<?xi1>, tensor<?xi8>, tensor<?xi8>) -> tensor<?xi1>
  fuser.yield %0 : tensor<?xi1>
}

// -----

// A float bound makes an integer clamp float.
fuser.group @clamp_float_bound_declared_int(%x: tensor<?xi32>, %s: f64) -> tensor<?xi32> {
  // expected-error@+2 {{'fuser.clamp' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xi32>'}}
  // expected-error@+1 {{'fuser.clamp' op failed to infer returned types}}
  %0 = fuser.clamp %x min %s : (tensor<?xi32>, f64) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xi32>
}

// -----

fuser.group @sigmoid_int_declared_int(%x: tensor<?xi32>) -> tensor<?xi32> {
  // expected-error@+2 {{'fuser.sigmoid' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xi32>'}}
  // expected-error@+1 {{'fuser.sigmoid' op failed to infer returned types}}
  %0 = fuser.sigmoid %x : (tensor<?xi32>) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xi32>
}

// -----

fuser.group @abs_int_declared_float(%x: tensor<?xi32>) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.abs' op inferred type(s) 'tensor<?xi32>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error@+1 {{'fuser.abs' op failed to infer returned types}}
  %0 = fuser.abs %x : (tensor<?xi32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @logical_not_declared_input_type(%x: tensor<?xi8>) -> tensor<?xi8> {
  // expected-error@+2 {{'fuser.logical_not' op inferred type(s) 'tensor<?xi1>' are incompatible with return type(s) of operation 'tensor<?xi8>'}}
  // expected-error@+1 {{'fuser.logical_not' op failed to infer returned types}}
  %0 = fuser.logical_not %x : (tensor<?xi8>) -> tensor<?xi8>
  fuser.yield %0 : tensor<?xi8>
}

// -----

fuser.group @lerp_declared_weight_type(%x: tensor<?xf16>, %s: f64) -> tensor<?xf32> {
  // expected-error@+2 {{'fuser.lerp' op inferred type(s) 'tensor<?xf16>' are incompatible with return type(s) of operation 'tensor<?xf32>'}}
  // expected-error@+1 {{'fuser.lerp' op failed to infer returned types}}
  %0 = fuser.lerp %x, %x, %s : (tensor<?xf16>, tensor<?xf16>, f64) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

fuser.group @broadcast_declared_wrong_size(%x: tensor<?x4xf32>, %y: tensor<4xf32>) -> tensor<?x5xf32> {
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<?x4xf32>' are incompatible with return type(s) of operation 'tensor<?x5xf32>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %y : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x5xf32>
  fuser.yield %0 : tensor<?x5xf32>
}

// -----

// A size of 1 broadcasts to the other size.
fuser.group @broadcast_declared_size_one(%x: tensor<1x?xf32>, %y: tensor<3x1xf32>) -> tensor<1x?xf32> {
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<3x?xf32>' are incompatible with return type(s) of operation 'tensor<1x?xf32>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %y : (tensor<1x?xf32>, tensor<3x1xf32>) -> tensor<1x?xf32>
  fuser.yield %0 : tensor<1x?xf32>
}

// -----

fuser.group @broadcast_static_one_five(%x: tensor<1xf32>, %y: tensor<5xf32>) -> tensor<1xf32> {
  // expected-error@+2 {{'fuser.mul' op inferred type(s) 'tensor<5xf32>' are incompatible with return type(s) of operation 'tensor<1xf32>'}}
  // expected-error@+1 {{'fuser.mul' op failed to infer returned types}}
  %0 = fuser.mul %x, %y : (tensor<1xf32>, tensor<5xf32>) -> tensor<1xf32>
  fuser.yield %0 : tensor<1xf32>
}

// -----

// The result has the largest rank.
fuser.group @broadcast_declared_low_rank(%x: tensor<2x1x3xf32>, %y: tensor<5x1xf32>) -> tensor<5x3xf32> {
  // expected-error@+2 {{'fuser.add' op inferred type(s) 'tensor<2x5x3xf32>' are incompatible with return type(s) of operation 'tensor<5x3xf32>'}}
  // expected-error@+1 {{'fuser.add' op failed to infer returned types}}
  %0 = fuser.add %x, %y : (tensor<2x1x3xf32>, tensor<5x1xf32>) -> tensor<5x3xf32>
  fuser.yield %0 : tensor<5x3xf32>
}

// -----

// type_as keeps the shape of its input.
fuser.group @type_as_declared_other_shape(%x: tensor<?xi1>, %y: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // expected-error@+2 {{'fuser.type_as' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?x?xf32>'}}
  // expected-error@+1 {{'fuser.type_as' op failed to infer returned types}}
  %0 = fuser.type_as %x, %y : (tensor<?xi1>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

// -----

fuser.group @rand_like_declared_input_type(%x: tensor<?xi1>) -> tensor<?xi1> {
  // expected-error@+2 {{'fuser.rand_like' op inferred type(s) 'tensor<?xf16>' are incompatible with return type(s) of operation 'tensor<?xi1>'}}
  // expected-error@+1 {{'fuser.rand_like' op failed to infer returned types}}
  %0 = fuser.rand_like %x {dtype = f16} : (tensor<?xi1>) -> tensor<?xi1>
  fuser.yield %0 : tensor<?xi1>
}

// -----

// concat promotes like torch.cat.
fuser.group @concat_declared_first_type(%x: tensor<?xf16>, %y: tensor<?xbf16>) -> tensor<?xf16> {
  // expected-error@+2 {{'fuser.concat' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xf16>'}}
  // expected-error@+1 {{'fuser.concat' op failed to infer returned types}}
  %0 = fuser.concat %x, %y along 0 : tensor<?xf16>, tensor<?xbf16> -> tensor<?xf16>
  fuser.yield %0 : tensor<?xf16>
}
