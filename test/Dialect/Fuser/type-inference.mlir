// RUN: fuser-opt %s -split-input-file | FileCheck %s --check-prefixes=CHECK,DECL
// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-refine-types))' | FileCheck %s --check-prefixes=CHECK,REFINE

// PyTorch type promotion and broadcasting. The verifier accepts a declared
// result type only if it is the inferred one (the element type exactly, the
// shape up to dynamic sizes), so the first RUN checks that every declared
// type below is accepted; the second re-derives every type with
// fuser-refine-types and checks that nothing changes (and, for the REFINE
// lines, that dynamic sizes become the inferred static ones).
// type-inference-invalid.mlir has the declared types that must be rejected.

//===----------------------------------------------------------------------===//
// Tensor with tensor: torch.promote_types
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @tensor_tensor(
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xf16>, tensor<?xf32>) -> tensor<?xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xbf16>, tensor<?xf16>) -> tensor<?xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xbf16>, tensor<?xf64>) -> tensor<?xf64>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xui8>, tensor<?xi8>) -> tensor<?xi16>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xui8>, tensor<?xi1>) -> tensor<?xui8>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi16>, tensor<?xui8>) -> tensor<?xi16>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi32>, tensor<?xi64>) -> tensor<?xi64>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi64>, tensor<?xf16>) -> tensor<?xf16>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi1>, tensor<?xbf16>) -> tensor<?xbf16>
fuser.group @tensor_tensor(%f16: tensor<?xf16>, %bf16: tensor<?xbf16>,
                           %f32: tensor<?xf32>, %f64: tensor<?xf64>,
                           %b: tensor<?xi1>, %u8: tensor<?xui8>,
                           %i8: tensor<?xi8>, %i16: tensor<?xi16>,
                           %i32: tensor<?xi32>, %i64: tensor<?xi64>)
    -> tensor<?xf32> {
  %0 = fuser.add %f16, %f32 : (tensor<?xf16>, tensor<?xf32>) -> tensor<?xf32>
  %1 = fuser.add %bf16, %f16 : (tensor<?xbf16>, tensor<?xf16>) -> tensor<?xf32>
  %2 = fuser.add %bf16, %f64 : (tensor<?xbf16>, tensor<?xf64>) -> tensor<?xf64>
  %3 = fuser.add %b, %b : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  %4 = fuser.add %u8, %i8 : (tensor<?xui8>, tensor<?xi8>) -> tensor<?xi16>
  %5 = fuser.add %u8, %b : (tensor<?xui8>, tensor<?xi1>) -> tensor<?xui8>
  %6 = fuser.add %i16, %u8 : (tensor<?xi16>, tensor<?xui8>) -> tensor<?xi16>
  %7 = fuser.add %i32, %i64 : (tensor<?xi32>, tensor<?xi64>) -> tensor<?xi64>
  %8 = fuser.add %i64, %f16 : (tensor<?xi64>, tensor<?xf16>) -> tensor<?xf16>
  %9 = fuser.add %b, %bf16 : (tensor<?xi1>, tensor<?xbf16>) -> tensor<?xbf16>
  fuser.yield %0 : tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Tensor with Python number: the number only matters when its category
// (bool < integer < float) is higher; a Python float is the default dtype f32.
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @tensor_scalar(
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi32>, f64) -> tensor<?xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi64>, f64) -> tensor<?xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xf16>, f64) -> tensor<?xf16>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xbf16>, f64) -> tensor<?xbf16>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi1>, f64) -> tensor<?xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi1>, i64) -> tensor<?xi64>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi1>, i1) -> tensor<?xi1>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xui8>, i64) -> tensor<?xui8>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi8>, i64) -> tensor<?xi8>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi32>, i1) -> tensor<?xi32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xf64>, f64) -> tensor<?xf64>
// CHECK: fuser.mul %{{.+}}, %{{.+}} : (i64, tensor<?xi16>) -> tensor<?xi16>
// CHECK: fuser.mul %{{.+}}, %{{.+}} : (f64, tensor<?xi16>) -> tensor<?xf32>
fuser.group @tensor_scalar(%i32: tensor<?xi32>, %i64: tensor<?xi64>,
                           %f16: tensor<?xf16>, %bf16: tensor<?xbf16>,
                           %b: tensor<?xi1>, %u8: tensor<?xui8>,
                           %i8: tensor<?xi8>, %f64: tensor<?xf64>,
                           %i16: tensor<?xi16>, %s: f64) -> tensor<?xf32> {
  %n = fuser.constant 1000 : i64
  %t = fuser.constant true
  %0 = fuser.add %i32, %s : (tensor<?xi32>, f64) -> tensor<?xf32>
  %1 = fuser.add %i64, %s : (tensor<?xi64>, f64) -> tensor<?xf32>
  %2 = fuser.add %f16, %s : (tensor<?xf16>, f64) -> tensor<?xf16>
  %3 = fuser.add %bf16, %s : (tensor<?xbf16>, f64) -> tensor<?xbf16>
  %4 = fuser.add %b, %s : (tensor<?xi1>, f64) -> tensor<?xf32>
  %5 = fuser.add %b, %n : (tensor<?xi1>, i64) -> tensor<?xi64>
  %6 = fuser.add %b, %t : (tensor<?xi1>, i1) -> tensor<?xi1>
  %7 = fuser.add %u8, %n : (tensor<?xui8>, i64) -> tensor<?xui8>
  %8 = fuser.add %i8, %n : (tensor<?xi8>, i64) -> tensor<?xi8>
  %9 = fuser.add %i32, %t : (tensor<?xi32>, i1) -> tensor<?xi32>
  %10 = fuser.add %f64, %s : (tensor<?xf64>, f64) -> tensor<?xf64>
  %11 = fuser.mul %n, %i16 : (i64, tensor<?xi16>) -> tensor<?xi16>
  %12 = fuser.mul %s, %i16 : (f64, tensor<?xi16>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// 0-dim tensors: below dimensioned tensors, above Python numbers, and they
// keep their own dtype (f64 stays f64).
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @zero_dim(
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi8>, tensor<i64>) -> tensor<?xi8>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xf32>, tensor<f64>) -> tensor<?xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi32>, tensor<f32>) -> tensor<?xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi32>, tensor<f64>) -> tensor<?xf64>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<f64>, tensor<f32>) -> tensor<f64>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi1>, tensor<i32>) -> tensor<?xi32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xi64>, tensor<f16>) -> tensor<?xf16>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xui8>, tensor<i8>) -> tensor<?xui8>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xf16>, tensor<f64>) -> tensor<?xf16>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<bf16>, tensor<f16>) -> tensor<f32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<i32>, i64) -> tensor<i32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<i32>, f64) -> tensor<f32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<f16>, f64) -> tensor<f16>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<i1>, i64) -> tensor<i64>
fuser.group @zero_dim(%i8: tensor<?xi8>, %f32: tensor<?xf32>,
                      %i32: tensor<?xi32>, %b: tensor<?xi1>,
                      %i64: tensor<?xi64>, %u8: tensor<?xui8>,
                      %f16: tensor<?xf16>, %s: f64) -> tensor<?xf32> {
  %z_i64 = fuser.constant dense<5> : tensor<i64>
  %z_f64 = fuser.constant dense<0.5> : tensor<f64>
  %z_f32 = fuser.constant dense<0.5> : tensor<f32>
  %z_i32 = fuser.constant dense<5> : tensor<i32>
  %z_f16 = fuser.constant dense<0.5> : tensor<f16>
  %z_i8 = fuser.constant dense<-5> : tensor<i8>
  %z_bf16 = fuser.constant dense<0.5> : tensor<bf16>
  %z_i1 = fuser.constant dense<true> : tensor<i1>
  %n = fuser.constant 3 : i64
  %0 = fuser.add %i8, %z_i64 : (tensor<?xi8>, tensor<i64>) -> tensor<?xi8>
  %1 = fuser.add %f32, %z_f64 : (tensor<?xf32>, tensor<f64>) -> tensor<?xf32>
  %2 = fuser.add %i32, %z_f32 : (tensor<?xi32>, tensor<f32>) -> tensor<?xf32>
  %3 = fuser.add %i32, %z_f64 : (tensor<?xi32>, tensor<f64>) -> tensor<?xf64>
  %4 = fuser.add %z_f64, %z_f32 : (tensor<f64>, tensor<f32>) -> tensor<f64>
  %5 = fuser.add %b, %z_i32 : (tensor<?xi1>, tensor<i32>) -> tensor<?xi32>
  %6 = fuser.add %i64, %z_f16 : (tensor<?xi64>, tensor<f16>) -> tensor<?xf16>
  %7 = fuser.add %u8, %z_i8 : (tensor<?xui8>, tensor<i8>) -> tensor<?xui8>
  %8 = fuser.add %f16, %z_f64 : (tensor<?xf16>, tensor<f64>) -> tensor<?xf16>
  %9 = fuser.add %z_bf16, %z_f16 : (tensor<bf16>, tensor<f16>) -> tensor<f32>
  %10 = fuser.add %z_i32, %n : (tensor<i32>, i64) -> tensor<i32>
  %11 = fuser.add %z_i32, %s : (tensor<i32>, f64) -> tensor<f32>
  %12 = fuser.add %z_f16, %s : (tensor<f16>, f64) -> tensor<f16>
  %13 = fuser.add %z_i1, %n : (tensor<i1>, i64) -> tensor<i64>
  fuser.yield %1 : tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Ops with their own result rules
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @division(
// CHECK: fuser.div %{{.+}}, %{{.+}} : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xf32>
// CHECK: fuser.div %{{.+}}, %{{.+}} : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xf32>
// CHECK: fuser.div %{{.+}}, %{{.+}} : (tensor<?xi32>, i64) -> tensor<?xf32>
// CHECK: fuser.div %{{.+}}, %{{.+}} : (tensor<?xf16>, tensor<?xi32>) -> tensor<?xf16>
// CHECK: fuser.div %{{.+}}, %{{.+}} rounding_mode floor : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
// CHECK: fuser.div %{{.+}}, %{{.+}} rounding_mode trunc : (tensor<?xi8>, tensor<?xui8>) -> tensor<?xi16>
// CHECK: fuser.div %{{.+}}, %{{.+}} rounding_mode floor : (tensor<?xi32>, f64) -> tensor<?xf32>
// CHECK: fuser.div %{{.+}}, %{{.+}} rounding_mode trunc : (tensor<?xf16>, tensor<?xi32>) -> tensor<?xf16>
fuser.group @division(%i32: tensor<?xi32>, %b: tensor<?xi1>,
                      %f16: tensor<?xf16>, %i8: tensor<?xi8>,
                      %u8: tensor<?xui8>, %s: f64) -> tensor<?xf32> {
  %n = fuser.constant 2 : i64
  %0 = fuser.div %i32, %i32 : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xf32>
  %1 = fuser.div %b, %b : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xf32>
  %2 = fuser.div %i32, %n : (tensor<?xi32>, i64) -> tensor<?xf32>
  %3 = fuser.div %f16, %i32 : (tensor<?xf16>, tensor<?xi32>) -> tensor<?xf16>
  %4 = fuser.div %i32, %i32 rounding_mode floor
      : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %5 = fuser.div %i8, %u8 rounding_mode trunc
      : (tensor<?xi8>, tensor<?xui8>) -> tensor<?xi16>
  %6 = fuser.div %i32, %s rounding_mode floor
      : (tensor<?xi32>, f64) -> tensor<?xf32>
  %7 = fuser.div %f16, %i32 rounding_mode trunc
      : (tensor<?xf16>, tensor<?xi32>) -> tensor<?xf16>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: fuser.group @float_math(
// CHECK: fuser.sigmoid %{{.+}} : (tensor<?xi32>) -> tensor<?xf32>
// CHECK: fuser.tanh %{{.+}} : (tensor<?xi1>) -> tensor<?xf32>
// CHECK: fuser.sqrt %{{.+}} : (tensor<?xui8>) -> tensor<?xf32>
// CHECK: fuser.exp %{{.+}} : (tensor<?xf64>) -> tensor<?xf64>
// CHECK: fuser.log %{{.+}} : (tensor<?xbf16>) -> tensor<?xbf16>
// CHECK: fuser.atan2 %{{.+}}, %{{.+}} : (tensor<?xi32>, tensor<?xi64>) -> tensor<?xf32>
// CHECK: fuser.atan2 %{{.+}}, %{{.+}} : (tensor<?xbf16>, f64) -> tensor<?xbf16>
// CHECK: fuser.sign %{{.+}} : (tensor<?xi1>) -> tensor<?xi1>
// CHECK: fuser.abs %{{.+}} : (tensor<?xui8>) -> tensor<?xui8>
// CHECK: fuser.floor %{{.+}} : (tensor<?xi32>) -> tensor<?xi32>
fuser.group @float_math(%i32: tensor<?xi32>, %b: tensor<?xi1>,
                        %u8: tensor<?xui8>, %f64: tensor<?xf64>,
                        %bf16: tensor<?xbf16>, %i64: tensor<?xi64>, %s: f64)
    -> tensor<?xf32> {
  %0 = fuser.sigmoid %i32 : (tensor<?xi32>) -> tensor<?xf32>
  %1 = fuser.tanh %b : (tensor<?xi1>) -> tensor<?xf32>
  %2 = fuser.sqrt %u8 : (tensor<?xui8>) -> tensor<?xf32>
  %3 = fuser.exp %f64 : (tensor<?xf64>) -> tensor<?xf64>
  %4 = fuser.log %bf16 : (tensor<?xbf16>) -> tensor<?xbf16>
  %5 = fuser.atan2 %i32, %i64 : (tensor<?xi32>, tensor<?xi64>) -> tensor<?xf32>
  %6 = fuser.atan2 %bf16, %s : (tensor<?xbf16>, f64) -> tensor<?xbf16>
  %7 = fuser.sign %b : (tensor<?xi1>) -> tensor<?xi1>
  %8 = fuser.abs %u8 : (tensor<?xui8>) -> tensor<?xui8>
  %9 = fuser.floor %i32 : (tensor<?xi32>) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: fuser.group @compare_logical_bitwise(
// CHECK: fuser.eq %{{.+}}, %{{.+}} : (tensor<?xf16>, tensor<?xi64>) -> tensor<?xi1>
// CHECK: fuser.lt %{{.+}}, %{{.+}} : (tensor<?xi32>, f64) -> tensor<?xi1>
// CHECK: fuser.ge %{{.+}}, %{{.+}} : (tensor<f64>, tensor<?xui8>) -> tensor<?xi1>
// CHECK: fuser.logical_and %{{.+}}, %{{.+}} : (tensor<?xf16>, tensor<?xi32>) -> tensor<?xi1>
// CHECK: fuser.logical_not %{{.+}} : (tensor<?xi64>) -> tensor<?xi1>
// CHECK: fuser.bitwise_and %{{.+}}, %{{.+}} : (tensor<?xui8>, tensor<?xi8>) -> tensor<?xi16>
// CHECK: fuser.bitwise_or %{{.+}}, %{{.+}} : (tensor<?xi1>, i64) -> tensor<?xi64>
// CHECK: fuser.bitwise_xor %{{.+}}, %{{.+}} : (tensor<?xi1>, i1) -> tensor<?xi1>
fuser.group @compare_logical_bitwise(%f16: tensor<?xf16>, %i64: tensor<?xi64>,
                                     %i32: tensor<?xi32>, %u8: tensor<?xui8>,
                                     %i8: tensor<?xi8>, %b: tensor<?xi1>,
                                     %s: f64) -> tensor<?xi1> {
  %z = fuser.constant dense<1.0> : tensor<f64>
  %n = fuser.constant 3 : i64
  %t = fuser.constant true
  %0 = fuser.eq %f16, %i64 : (tensor<?xf16>, tensor<?xi64>) -> tensor<?xi1>
  %1 = fuser.lt %i32, %s : (tensor<?xi32>, f64) -> tensor<?xi1>
  %2 = fuser.ge %z, %u8 : (tensor<f64>, tensor<?xui8>) -> tensor<?xi1>
  %3 = fuser.logical_and %f16, %i32 : (tensor<?xf16>, tensor<?xi32>) -> tensor<?xi1>
  %4 = fuser.logical_not %i64 : (tensor<?xi64>) -> tensor<?xi1>
  %5 = fuser.bitwise_and %u8, %i8 : (tensor<?xui8>, tensor<?xi8>) -> tensor<?xi16>
  %6 = fuser.bitwise_or %b, %n : (tensor<?xi1>, i64) -> tensor<?xi64>
  %7 = fuser.bitwise_xor %b, %t : (tensor<?xi1>, i1) -> tensor<?xi1>
  fuser.yield %0 : tensor<?xi1>
}

// -----

// where promotes its two branches only (the condition is bool anyway);
// scalar branches promote like Python numbers.

// CHECK-LABEL: fuser.group @where(
// CHECK: fuser.where %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?xi1>, f64, f64) -> tensor<?xf32>
// CHECK: fuser.where %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?xi1>, tensor<?xi32>, i64) -> tensor<?xi32>
// CHECK: fuser.where %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?xi1>, i64, i64) -> tensor<?xi64>
// CHECK: fuser.where %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?xi1>, tensor<?xf16>, f64) -> tensor<?xf16>
// CHECK: fuser.where %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?xi1>, tensor<?xi1>, i64) -> tensor<?xi64>
// CHECK: fuser.where %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?xi1>, tensor<f64>, tensor<?xi32>) -> tensor<?xf64>
// CHECK: fuser.where %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?xi1>, i1, i1) -> tensor<?xi1>
// CHECK: fuser.where %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?xi1>, tensor<?xi32>, f64) -> tensor<?xf32>
fuser.group @where(%c: tensor<?xi1>, %i32: tensor<?xi32>, %f16: tensor<?xf16>)
    -> tensor<?xf32> {
  %one = fuser.constant 1.0 : f64
  %zero = fuser.constant 0.0 : f64
  %two = fuser.constant 2 : i64
  %t = fuser.constant true
  %z = fuser.constant dense<0.5> : tensor<f64>
  %0 = fuser.where %c, %one, %zero : (tensor<?xi1>, f64, f64) -> tensor<?xf32>
  %1 = fuser.where %c, %i32, %two : (tensor<?xi1>, tensor<?xi32>, i64) -> tensor<?xi32>
  %2 = fuser.where %c, %two, %two : (tensor<?xi1>, i64, i64) -> tensor<?xi64>
  %3 = fuser.where %c, %f16, %one : (tensor<?xi1>, tensor<?xf16>, f64) -> tensor<?xf16>
  %4 = fuser.where %c, %c, %two : (tensor<?xi1>, tensor<?xi1>, i64) -> tensor<?xi64>
  %5 = fuser.where %c, %z, %i32 : (tensor<?xi1>, tensor<f64>, tensor<?xi32>) -> tensor<?xf64>
  %6 = fuser.where %c, %t, %t : (tensor<?xi1>, i1, i1) -> tensor<?xi1>
  %7 = fuser.where %c, %i32, %one : (tensor<?xi1>, tensor<?xi32>, f64) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// clamp, addcmul and lerp promote over all their operands (lerp needs one
// float type).

// CHECK-LABEL: fuser.group @clamp_addcmul_lerp(
// CHECK: fuser.clamp %{{.+}} min %{{.+}} : (tensor<?xi32>, f64) -> tensor<?xf32>
// CHECK: fuser.clamp %{{.+}} max %{{.+}} : (tensor<?xi32>, i64) -> tensor<?xi32>
// CHECK: fuser.clamp %{{.+}} min %{{.+}} max %{{.+}} : (tensor<?xi8>, tensor<?xi16>, i64) -> tensor<?xi16>
// CHECK: fuser.clamp %{{.+}} min %{{.+}} : (tensor<?xf16>, tensor<f32>) -> tensor<?xf16>
// CHECK: fuser.addcmul %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?xi32>, tensor<?xf16>, tensor<?xi32>) -> tensor<?xf16>
// CHECK: fuser.addcmul %{{.+}}, %{{.+}}, %{{.+}} {value = 2 : i64} : (tensor<?xi8>, tensor<?xi32>, tensor<?xi8>) -> tensor<?xi32>
// CHECK: fuser.lerp %{{.+}}, %{{.+}}, %{{.+}} : (tensor<?xf16>, tensor<?xf16>, f64) -> tensor<?xf16>
fuser.group @clamp_addcmul_lerp(%i32: tensor<?xi32>, %i8: tensor<?xi8>,
                                %i16: tensor<?xi16>, %f16: tensor<?xf16>,
                                %s: f64) -> tensor<?xf32> {
  %n = fuser.constant 7 : i64
  %z = fuser.constant dense<0.5> : tensor<f32>
  %0 = fuser.clamp %i32 min %s : (tensor<?xi32>, f64) -> tensor<?xf32>
  %1 = fuser.clamp %i32 max %n : (tensor<?xi32>, i64) -> tensor<?xi32>
  %2 = fuser.clamp %i8 min %i16 max %n
      : (tensor<?xi8>, tensor<?xi16>, i64) -> tensor<?xi16>
  %3 = fuser.clamp %f16 min %z : (tensor<?xf16>, tensor<f32>) -> tensor<?xf16>
  %4 = fuser.addcmul %i32, %f16, %i32
      : (tensor<?xi32>, tensor<?xf16>, tensor<?xi32>) -> tensor<?xf16>
  %5 = fuser.addcmul %i8, %i32, %i8 {value = 2 : i64}
      : (tensor<?xi8>, tensor<?xi32>, tensor<?xi8>) -> tensor<?xi32>
  %6 = fuser.lerp %f16, %f16, %s : (tensor<?xf16>, tensor<?xf16>, f64) -> tensor<?xf16>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: fuser.group @pow(
// CHECK: fuser.pow %{{.+}}, %{{.+}} : (i64, tensor<?xi32>) -> tensor<?xi32>
// CHECK: fuser.pow %{{.+}}, %{{.+}} : (f64, tensor<?xi32>) -> tensor<?xf32>
// CHECK: fuser.pow %{{.+}}, %{{.+}} : (tensor<?xi32>, f64) -> tensor<?xf32>
// CHECK: fuser.pow %{{.+}}, %{{.+}} : (tensor<?xf16>, tensor<?xi64>) -> tensor<?xf16>
fuser.group @pow(%i32: tensor<?xi32>, %f16: tensor<?xf16>, %i64: tensor<?xi64>,
                 %s: f64) -> tensor<?xf32> {
  %two = fuser.constant 2 : i64
  %0 = fuser.pow %two, %i32 : (i64, tensor<?xi32>) -> tensor<?xi32>
  %1 = fuser.pow %s, %i32 : (f64, tensor<?xi32>) -> tensor<?xf32>
  %2 = fuser.pow %i32, %s : (tensor<?xi32>, f64) -> tensor<?xf32>
  %3 = fuser.pow %f16, %i64 : (tensor<?xf16>, tensor<?xi64>) -> tensor<?xf16>
  fuser.yield %1 : tensor<?xf32>
}

// -----

// CHECK-LABEL: fuser.group @casts_random_concat(
// CHECK: fuser.type_as %{{.+}}, %{{.+}} : (tensor<4x?xi1>, tensor<?xbf16>) -> tensor<4x?xbf16>
// CHECK: fuser.rand_like %{{.+}} {dtype = bf16} : (tensor<4x?xi1>) -> tensor<4x?xbf16>
// CHECK: fuser.rand_like %{{.+}} : (tensor<?xbf16>) -> tensor<?xbf16>
// CHECK: fuser.cast %{{.+}} : tensor<4x?xi1> to tensor<4x?xi64>
// CHECK: fuser.concat %{{.+}}, %{{.+}} along 0 : tensor<?xbf16>, tensor<?xf16> -> tensor<?xf32>
fuser.group @casts_random_concat(%b: tensor<4x?xi1>, %bf16: tensor<?xbf16>,
                                 %f16: tensor<?xf16>) -> tensor<?xf32> {
  %0 = fuser.type_as %b, %bf16 : (tensor<4x?xi1>, tensor<?xbf16>) -> tensor<4x?xbf16>
  %1 = fuser.rand_like %b {dtype = bf16} : (tensor<4x?xi1>) -> tensor<4x?xbf16>
  %2 = fuser.rand_like %bf16 : (tensor<?xbf16>) -> tensor<?xbf16>
  %3 = fuser.cast %b : tensor<4x?xi1> to tensor<4x?xi64>
  %4 = fuser.concat %bf16, %f16 along 0 : tensor<?xbf16>, tensor<?xf16> -> tensor<?xf32>
  fuser.yield %4 : tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Shapes
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @broadcast_shapes(
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<1x?xf32>, tensor<3x1xf32>) -> tensor<3x?xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<1xf32>, tensor<5xf32>) -> tensor<5xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xf32>, tensor<5xf32>) -> tensor<5xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<2x1x3xf32>, tensor<5x1xf32>) -> tensor<2x5x3xf32>
// CHECK: fuser.add %{{.+}}, %{{.+}} : (tensor<f32>, tensor<1x?xf32>) -> tensor<1x?xf32>
// CHECK: fuser.where %{{.+}}, %{{.+}}, %{{.+}} : (tensor<7x1x1xi1>, tensor<1xf32>, tensor<5x1xf32>) -> tensor<7x5x1xf32>
fuser.group @broadcast_shapes(%a: tensor<?x4xf32>, %b: tensor<4xf32>,
                              %c: tensor<1x?xf32>, %d: tensor<3x1xf32>,
                              %e: tensor<1xf32>, %f: tensor<5xf32>,
                              %g: tensor<?xf32>, %h: tensor<2x1x3xf32>,
                              %i: tensor<5x1xf32>, %z: tensor<f32>,
                              %cond: tensor<7x1x1xi1>) -> tensor<?x4xf32> {
  %0 = fuser.add %a, %b : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %1 = fuser.add %c, %d : (tensor<1x?xf32>, tensor<3x1xf32>) -> tensor<3x?xf32>
  %2 = fuser.add %e, %f : (tensor<1xf32>, tensor<5xf32>) -> tensor<5xf32>
  // An unknown size broadcasts with a known one other than 1 to the known one.
  %3 = fuser.add %g, %f : (tensor<?xf32>, tensor<5xf32>) -> tensor<5xf32>
  %4 = fuser.add %g, %e : (tensor<?xf32>, tensor<1xf32>) -> tensor<?xf32>
  %5 = fuser.add %h, %i : (tensor<2x1x3xf32>, tensor<5x1xf32>) -> tensor<2x5x3xf32>
  %6 = fuser.add %z, %c : (tensor<f32>, tensor<1x?xf32>) -> tensor<1x?xf32>
  %7 = fuser.where %cond, %e, %i
      : (tensor<7x1x1xi1>, tensor<1xf32>, tensor<5x1xf32>) -> tensor<7x5x1xf32>
  fuser.yield %0 : tensor<?x4xf32>
}

// -----

// Declared results may be less static than the inferred ones; refining
// makes them static.

// CHECK-LABEL: fuser.group @refine_static_sizes(
// DECL-SAME:     -> (tensor<?x?xf32>, tensor<?x?xf32>)
// REFINE-SAME:   -> (tensor<3x5xf32>, tensor<2x?xf32>)
// DECL:          fuser.add %{{.+}}, %{{.+}} : (tensor<3x1xf32>, tensor<5xf32>) -> tensor<?x?xf32>
// REFINE:        fuser.add %{{.+}}, %{{.+}} : (tensor<3x1xf32>, tensor<5xf32>) -> tensor<3x5xf32>
// DECL:          fuser.chunk %{{.+}} into 2 along 0 : tensor<4x?xf32>
// DECL-NEXT:     fuser.exp %{{.+}} : (tensor<2x?xf32>) -> tensor<?x?xf32>
// REFINE:        fuser.chunk %{{.+}} into 2 along 0 : tensor<4x?xf32>
// REFINE-NEXT:   fuser.exp %{{.+}} : (tensor<2x?xf32>) -> tensor<2x?xf32>
// DECL:          fuser.yield %{{.+}}, %{{.+}} : tensor<?x?xf32>, tensor<?x?xf32>
// REFINE:        fuser.yield %{{.+}}, %{{.+}} : tensor<3x5xf32>, tensor<2x?xf32>
fuser.group @refine_static_sizes(%x: tensor<3x1xf32>, %y: tensor<5xf32>,
                                 %z: tensor<4x?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = fuser.add %x, %y : (tensor<3x1xf32>, tensor<5xf32>) -> tensor<?x?xf32>
  %a, %b = fuser.chunk %z into 2 along 0 : tensor<4x?xf32>
  %1 = fuser.exp %a : (tensor<2x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0, %1 : tensor<?x?xf32>, tensor<?x?xf32>
}

// -----

// CHECK-LABEL: fuser.group @chunk_concat_shapes(
// CHECK: fuser.chunk %{{.+}} into 4 along 1 : tensor<?x8xf32>
// CHECK: fuser.chunk %{{.+}} into 3 along 0 : tensor<?xf16>
// CHECK: fuser.concat %{{.+}}, %{{.+}} along 1 : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x4xf32>
// CHECK: fuser.concat %{{.+}}, %{{.+}} along 0 : tensor<2x?xf32>, tensor<3x4xf32> -> tensor<5x4xf32>
// CHECK: fuser.concat %{{.+}}, %{{.+}} along 0 : tensor<?xf16>, tensor<7xf16> -> tensor<?xf16>
fuser.group @chunk_concat_shapes(%x: tensor<?x8xf32>, %v: tensor<?xf16>,
                                 %p: tensor<2x?xf32>, %q: tensor<3x4xf32>,
                                 %w: tensor<7xf16>)
    -> (tensor<?x4xf32>, tensor<5x4xf32>, tensor<?xf16>) {
  %x0, %x1, %x2, %x3 = fuser.chunk %x into 4 along 1 : tensor<?x8xf32>
  %v0, %v1, %v2 = fuser.chunk %v into 3 along 0 : tensor<?xf16>
  %0 = fuser.concat %x0, %x3 along 1 : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x4xf32>
  %1 = fuser.concat %p, %q along 0 : tensor<2x?xf32>, tensor<3x4xf32> -> tensor<5x4xf32>
  %2 = fuser.concat %v1, %w along 0 : tensor<?xf16>, tensor<7xf16> -> tensor<?xf16>
  fuser.yield %0, %1, %2 : tensor<?x4xf32>, tensor<5x4xf32>, tensor<?xf16>
}
