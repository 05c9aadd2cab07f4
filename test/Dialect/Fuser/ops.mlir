// RUN: fuser-opt %s | fuser-opt | FileCheck %s
// RUN: fuser-opt -mlir-print-op-generic %s | fuser-opt | FileCheck %s

// Round trip of every fuser op and every operand form the verifiers accept.

// CHECK-LABEL: fuser.group @unary_same_type(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf32>, %[[I:[a-z0-9_]+]]: tensor<?xi8>, %[[B:[a-z0-9_]+]]: tensor<4xi1>)
// CHECK-SAME:      -> tensor<?x?xf32>
fuser.group @unary_same_type(%x: tensor<?x?xf32>, %i: tensor<?xi8>,
                             %b: tensor<4xi1>) -> tensor<?x?xf32> {
  // CHECK-NEXT: fuser.abs %[[X]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %0 = fuser.abs %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.abs %[[I]] : (tensor<?xi8>) -> tensor<?xi8>
  %1 = fuser.abs %i : (tensor<?xi8>) -> tensor<?xi8>
  // CHECK-NEXT: fuser.neg %[[X]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = fuser.neg %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.neg %[[I]] : (tensor<?xi8>) -> tensor<?xi8>
  %3 = fuser.neg %i : (tensor<?xi8>) -> tensor<?xi8>
  // CHECK-NEXT: fuser.relu %[[X]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %4 = fuser.relu %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.sign %[[X]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %5 = fuser.sign %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.sign %[[B]] : (tensor<4xi1>) -> tensor<4xi1>
  %6 = fuser.sign %b : (tensor<4xi1>) -> tensor<4xi1>
  // CHECK-NEXT: fuser.ceil %[[X]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %7 = fuser.ceil %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.floor %[[X]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %8 = fuser.floor %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.trunc %[[X]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %9 = fuser.trunc %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.round %[[X]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %10 = fuser.round %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.round %[[I]] : (tensor<?xi8>) -> tensor<?xi8>
  %11 = fuser.round %i : (tensor<?xi8>) -> tensor<?xi8>
  // CHECK-NEXT: fuser.frac %[[X]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %12 = fuser.frac %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.yield %{{.+}} : tensor<?x?xf32>
  fuser.yield %12 : tensor<?x?xf32>
}

// Floating-point math: integer and bool inputs give f32.

// CHECK-LABEL: fuser.group @float_math(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf16>, %[[I:[a-z0-9_]+]]: tensor<?xi32>, %[[B:[a-z0-9_]+]]: tensor<?xi1>)
fuser.group @float_math(%x: tensor<?xf16>, %i: tensor<?xi32>,
                        %b: tensor<?xi1>) -> tensor<?xf16> {
  // CHECK-NEXT: fuser.sigmoid %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %0 = fuser.sigmoid %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.log %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %1 = fuser.log %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.log10 %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %2 = fuser.log10 %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.log1p %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %3 = fuser.log1p %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.log2 %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %4 = fuser.log2 %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.lgamma %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %5 = fuser.lgamma %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.exp %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %6 = fuser.exp %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.expm1 %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %7 = fuser.expm1 %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.erf %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %8 = fuser.erf %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.erfc %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %9 = fuser.erfc %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.cos %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %10 = fuser.cos %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.acos %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %11 = fuser.acos %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.cosh %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %12 = fuser.cosh %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.sin %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %13 = fuser.sin %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.asin %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %14 = fuser.asin %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.sinh %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %15 = fuser.sinh %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.tan %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %16 = fuser.tan %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.atan %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %17 = fuser.atan %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.tanh %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %18 = fuser.tanh %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.sqrt %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %19 = fuser.sqrt %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.rsqrt %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %20 = fuser.rsqrt %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.reciprocal %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %21 = fuser.reciprocal %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.logit %[[X]] : (tensor<?xf16>) -> tensor<?xf16>
  %22 = fuser.logit %x : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.logit %[[X]] {eps = 1.000000e-03 : f64} : (tensor<?xf16>) -> tensor<?xf16>
  %23 = fuser.logit %x {eps = 1.0e-3 : f64} : (tensor<?xf16>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.sigmoid %[[I]] : (tensor<?xi32>) -> tensor<?xf32>
  %24 = fuser.sigmoid %i : (tensor<?xi32>) -> tensor<?xf32>
  // CHECK-NEXT: fuser.exp %[[B]] : (tensor<?xi1>) -> tensor<?xf32>
  %25 = fuser.exp %b : (tensor<?xi1>) -> tensor<?xf32>
  // CHECK-NEXT: fuser.logit %[[I]] : (tensor<?xi32>) -> tensor<?xf32>
  %26 = fuser.logit %i : (tensor<?xi32>) -> tensor<?xf32>
  // CHECK-NEXT: fuser.yield
  fuser.yield %23 : tensor<?xf16>
}

// Activations, with and without their optional parameters.

// CHECK-LABEL: fuser.group @activations(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xbf16>, %[[I:[a-z0-9_]+]]: tensor<?xi16>)
fuser.group @activations(%x: tensor<?x?xbf16>, %i: tensor<?xi16>)
    -> tensor<?x?xbf16> {
  // CHECK-NEXT: fuser.gelu %[[X]] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %0 = fuser.gelu %x : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.gelu %[[X]] approximate tanh : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %1 = fuser.gelu %x approximate tanh : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // The default is not printed.
  // CHECK-NEXT: fuser.gelu %[[X]] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %2 = fuser.gelu %x approximate none : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.silu %[[X]] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %3 = fuser.silu %x : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.mish %[[X]] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %4 = fuser.mish %x : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.hardsigmoid %[[X]] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %5 = fuser.hardsigmoid %x : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.hardswish %[[X]] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %6 = fuser.hardswish %x : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.softplus %[[X]] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %7 = fuser.softplus %x : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.softplus %[[X]] {beta = 2.000000e+00 : f64, threshold = 1.000000e+01 : f64} : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %8 = fuser.softplus %x {beta = 2.0 : f64, threshold = 10.0 : f64}
      : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.elu %[[X]] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %9 = fuser.elu %x : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.elu %[[X]] {alpha = 1.673200e+00 : f64, input_scale = 5.000000e-01 : f64, scale = 1.050700e+00 : f64} : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %10 = fuser.elu %x {alpha = 1.6732 : f64, scale = 1.0507 : f64,
                      input_scale = 0.5 : f64}
      : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.leaky_relu %[[X]] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %11 = fuser.leaky_relu %x : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.leaky_relu %[[X]] {negative_slope = 2.000000e-01 : f64} : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %12 = fuser.leaky_relu %x {negative_slope = 0.2 : f64}
      : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.threshold %[[X]] {threshold = 1.000000e-01 : f64, value = 2.000000e+01 : f64} : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %13 = fuser.threshold %x {threshold = 0.1 : f64, value = 20.0 : f64}
      : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  // CHECK-NEXT: fuser.threshold %[[I]] {threshold = 0.000000e+00 : f64, value = -1.000000e+00 : f64} : (tensor<?xi16>) -> tensor<?xi16>
  %14 = fuser.threshold %i {threshold = 0.0 : f64, value = -1.0 : f64}
      : (tensor<?xi16>) -> tensor<?xi16>
  // CHECK-NEXT: fuser.yield
  fuser.yield %13 : tensor<?x?xbf16>
}

// Binary arithmetic on two tensors, with promotion and optional attributes.

// CHECK-LABEL: fuser.group @binary_tensor_tensor(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf32>, %[[Y:[a-z0-9_]+]]: tensor<?x?xf64>, %[[H:[a-z0-9_]+]]: tensor<?x?xf16>, %[[I:[a-z0-9_]+]]: tensor<?x?xi32>, %[[L:[a-z0-9_]+]]: tensor<?x?xi64>)
fuser.group @binary_tensor_tensor(%x: tensor<?x?xf32>, %y: tensor<?x?xf64>,
                                  %h: tensor<?x?xf16>, %i: tensor<?x?xi32>,
                                  %l: tensor<?x?xi64>) -> tensor<?x?xf64> {
  // CHECK-NEXT: fuser.add %[[X]], %[[Y]] : (tensor<?x?xf32>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?x?xf64>) -> tensor<?x?xf64>
  // CHECK-NEXT: fuser.add %[[X]], %[[H]] {alpha = 2.500000e+00 : f64} : (tensor<?x?xf32>, tensor<?x?xf16>) -> tensor<?x?xf32>
  %1 = fuser.add %x, %h {alpha = 2.5 : f64}
      : (tensor<?x?xf32>, tensor<?x?xf16>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.add %[[I]], %[[L]] {alpha = 3 : i64} : (tensor<?x?xi32>, tensor<?x?xi64>) -> tensor<?x?xi64>
  %2 = fuser.add %i, %l {alpha = 3 : i64}
      : (tensor<?x?xi32>, tensor<?x?xi64>) -> tensor<?x?xi64>
  // CHECK-NEXT: fuser.sub %[[X]], %[[I]] : (tensor<?x?xf32>, tensor<?x?xi32>) -> tensor<?x?xf32>
  %3 = fuser.sub %x, %i : (tensor<?x?xf32>, tensor<?x?xi32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.sub %[[I]], %[[I]] {alpha = -2 : i64} : (tensor<?x?xi32>, tensor<?x?xi32>) -> tensor<?x?xi32>
  %4 = fuser.sub %i, %i {alpha = -2 : i64}
      : (tensor<?x?xi32>, tensor<?x?xi32>) -> tensor<?x?xi32>
  // CHECK-NEXT: fuser.mul %[[H]], %[[I]] : (tensor<?x?xf16>, tensor<?x?xi32>) -> tensor<?x?xf16>
  %5 = fuser.mul %h, %i : (tensor<?x?xf16>, tensor<?x?xi32>) -> tensor<?x?xf16>
  // CHECK-NEXT: fuser.div %[[X]], %[[H]] : (tensor<?x?xf32>, tensor<?x?xf16>) -> tensor<?x?xf32>
  %6 = fuser.div %x, %h : (tensor<?x?xf32>, tensor<?x?xf16>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.div %[[I]], %[[L]] : (tensor<?x?xi32>, tensor<?x?xi64>) -> tensor<?x?xf32>
  %7 = fuser.div %i, %l : (tensor<?x?xi32>, tensor<?x?xi64>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.div %[[I]], %[[L]] rounding_mode trunc : (tensor<?x?xi32>, tensor<?x?xi64>) -> tensor<?x?xi64>
  %8 = fuser.div %i, %l rounding_mode trunc
      : (tensor<?x?xi32>, tensor<?x?xi64>) -> tensor<?x?xi64>
  // CHECK-NEXT: fuser.div %[[X]], %[[Y]] rounding_mode floor : (tensor<?x?xf32>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %9 = fuser.div %x, %y rounding_mode floor
      : (tensor<?x?xf32>, tensor<?x?xf64>) -> tensor<?x?xf64>
  // The default rounding mode is not printed.
  // CHECK-NEXT: fuser.div %[[X]], %[[X]] : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %10 = fuser.div %x, %x rounding_mode true_div
      : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.fmod %[[I]], %[[I]] : (tensor<?x?xi32>, tensor<?x?xi32>) -> tensor<?x?xi32>
  %11 = fuser.fmod %i, %i : (tensor<?x?xi32>, tensor<?x?xi32>) -> tensor<?x?xi32>
  // CHECK-NEXT: fuser.remainder %[[X]], %[[H]] : (tensor<?x?xf32>, tensor<?x?xf16>) -> tensor<?x?xf32>
  %12 = fuser.remainder %x, %h
      : (tensor<?x?xf32>, tensor<?x?xf16>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.pow %[[X]], %[[I]] : (tensor<?x?xf32>, tensor<?x?xi32>) -> tensor<?x?xf32>
  %13 = fuser.pow %x, %i : (tensor<?x?xf32>, tensor<?x?xi32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.atan2 %[[I]], %[[L]] : (tensor<?x?xi32>, tensor<?x?xi64>) -> tensor<?x?xf32>
  %14 = fuser.atan2 %i, %l : (tensor<?x?xi32>, tensor<?x?xi64>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.max %[[X]], %[[Y]] : (tensor<?x?xf32>, tensor<?x?xf64>) -> tensor<?x?xf64>
  %15 = fuser.max %x, %y : (tensor<?x?xf32>, tensor<?x?xf64>) -> tensor<?x?xf64>
  // CHECK-NEXT: fuser.min %[[I]], %[[L]] : (tensor<?x?xi32>, tensor<?x?xi64>) -> tensor<?x?xi64>
  %16 = fuser.min %i, %l : (tensor<?x?xi32>, tensor<?x?xi64>) -> tensor<?x?xi64>
  // CHECK-NEXT: fuser.yield
  fuser.yield %15 : tensor<?x?xf64>
}

// Tensor-scalar and scalar-tensor forms: f64 (Python float), i64 (Python
// int) and i1 (Python bool) scalars, from constants and group arguments.

// CHECK-LABEL: fuser.group @binary_scalars(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32>, %[[I:[a-z0-9_]+]]: tensor<?xi32>, %[[B:[a-z0-9_]+]]: tensor<?xi1>, %[[S:[a-z0-9_]+]]: f64)
fuser.group @binary_scalars(%x: tensor<?xf32>, %i: tensor<?xi32>,
                            %b: tensor<?xi1>, %s: f64) -> tensor<?xf32> {
  // CHECK-NEXT: %[[F:[a-z0-9_]+]] = fuser.constant 2.500000e+00 : f64
  %f = fuser.constant 2.5 : f64
  // CHECK-NEXT: %[[N:[a-z0-9_]+]] = fuser.constant 3 : i64
  %n = fuser.constant 3 : i64
  // CHECK-NEXT: %[[T:[a-z0-9_]+]] = fuser.constant true
  %t = fuser.constant true
  // CHECK-NEXT: fuser.add %[[X]], %[[S]] : (tensor<?xf32>, f64) -> tensor<?xf32>
  %0 = fuser.add %x, %s : (tensor<?xf32>, f64) -> tensor<?xf32>
  // CHECK-NEXT: fuser.add %[[I]], %[[F]] : (tensor<?xi32>, f64) -> tensor<?xf32>
  %1 = fuser.add %i, %f : (tensor<?xi32>, f64) -> tensor<?xf32>
  // CHECK-NEXT: fuser.add %[[I]], %[[N]] {alpha = 2 : i64} : (tensor<?xi32>, i64) -> tensor<?xi32>
  %2 = fuser.add %i, %n {alpha = 2 : i64} : (tensor<?xi32>, i64) -> tensor<?xi32>
  // CHECK-NEXT: fuser.add %[[B]], %[[T]] {alpha = true} : (tensor<?xi1>, i1) -> tensor<?xi1>
  %3 = fuser.add %b, %t {alpha = true} : (tensor<?xi1>, i1) -> tensor<?xi1>
  // CHECK-NEXT: fuser.mul %[[B]], %[[N]] : (tensor<?xi1>, i64) -> tensor<?xi64>
  %4 = fuser.mul %b, %n : (tensor<?xi1>, i64) -> tensor<?xi64>
  // CHECK-NEXT: fuser.mul %[[T]], %[[X]] : (i1, tensor<?xf32>) -> tensor<?xf32>
  %5 = fuser.mul %t, %x : (i1, tensor<?xf32>) -> tensor<?xf32>
  // CHECK-NEXT: fuser.sub %[[S]], %[[X]] : (f64, tensor<?xf32>) -> tensor<?xf32>
  %6 = fuser.sub %s, %x : (f64, tensor<?xf32>) -> tensor<?xf32>
  // CHECK-NEXT: fuser.div %[[N]], %[[I]] : (i64, tensor<?xi32>) -> tensor<?xf32>
  %7 = fuser.div %n, %i : (i64, tensor<?xi32>) -> tensor<?xf32>
  // pow(Scalar, Tensor).
  // CHECK-NEXT: fuser.pow %[[F]], %[[X]] : (f64, tensor<?xf32>) -> tensor<?xf32>
  %8 = fuser.pow %f, %x : (f64, tensor<?xf32>) -> tensor<?xf32>
  // CHECK-NEXT: fuser.pow %[[N]], %[[I]] : (i64, tensor<?xi32>) -> tensor<?xi32>
  %9 = fuser.pow %n, %i : (i64, tensor<?xi32>) -> tensor<?xi32>
  // CHECK-NEXT: fuser.pow %[[X]], %[[N]] : (tensor<?xf32>, i64) -> tensor<?xf32>
  %10 = fuser.pow %x, %n : (tensor<?xf32>, i64) -> tensor<?xf32>
  // CHECK-NEXT: fuser.fmod %[[I]], %[[N]] : (tensor<?xi32>, i64) -> tensor<?xi32>
  %11 = fuser.fmod %i, %n : (tensor<?xi32>, i64) -> tensor<?xi32>
  // CHECK-NEXT: fuser.remainder %[[F]], %[[I]] : (f64, tensor<?xi32>) -> tensor<?xf32>
  %12 = fuser.remainder %f, %i : (f64, tensor<?xi32>) -> tensor<?xf32>
  // CHECK-NEXT: fuser.atan2 %[[X]], %[[S]] : (tensor<?xf32>, f64) -> tensor<?xf32>
  %13 = fuser.atan2 %x, %s : (tensor<?xf32>, f64) -> tensor<?xf32>
  // CHECK-NEXT: fuser.max %[[I]], %[[F]] : (tensor<?xi32>, f64) -> tensor<?xf32>
  %14 = fuser.max %i, %f : (tensor<?xi32>, f64) -> tensor<?xf32>
  // CHECK-NEXT: fuser.min %[[N]], %[[B]] : (i64, tensor<?xi1>) -> tensor<?xi64>
  %15 = fuser.min %n, %b : (i64, tensor<?xi1>) -> tensor<?xi64>
  // CHECK-NEXT: fuser.yield
  fuser.yield %0 : tensor<?xf32>
}

// 0-dim tensors promote below dimensioned tensors and above scalars.

// CHECK-LABEL: fuser.group @zero_dim(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf16>, %[[Z:[a-z0-9_]+]]: tensor<f32>, %[[ZI:[a-z0-9_]+]]: tensor<i64>, %[[I:[a-z0-9_]+]]: tensor<?xi8>)
fuser.group @zero_dim(%x: tensor<?xf16>, %z: tensor<f32>, %zi: tensor<i64>,
                      %i: tensor<?xi8>) -> tensor<f32> {
  // CHECK-NEXT: fuser.add %[[X]], %[[Z]] : (tensor<?xf16>, tensor<f32>) -> tensor<?xf16>
  %0 = fuser.add %x, %z : (tensor<?xf16>, tensor<f32>) -> tensor<?xf16>
  // CHECK-NEXT: fuser.mul %[[I]], %[[ZI]] : (tensor<?xi8>, tensor<i64>) -> tensor<?xi8>
  %1 = fuser.mul %i, %zi : (tensor<?xi8>, tensor<i64>) -> tensor<?xi8>
  // CHECK-NEXT: fuser.sub %[[I]], %[[Z]] : (tensor<?xi8>, tensor<f32>) -> tensor<?xf32>
  %2 = fuser.sub %i, %z : (tensor<?xi8>, tensor<f32>) -> tensor<?xf32>
  // CHECK-NEXT: fuser.add %[[Z]], %[[ZI]] : (tensor<f32>, tensor<i64>) -> tensor<f32>
  %3 = fuser.add %z, %zi : (tensor<f32>, tensor<i64>) -> tensor<f32>
  // CHECK-NEXT: fuser.exp %[[Z]] : (tensor<f32>) -> tensor<f32>
  %4 = fuser.exp %z : (tensor<f32>) -> tensor<f32>
  // CHECK-NEXT: fuser.yield %{{.+}} : tensor<f32>
  fuser.yield %4 : tensor<f32>
}

// Broadcasting of different ranks and of static and dynamic sizes.

// CHECK-LABEL: fuser.group @broadcast(
// CHECK-SAME:      %[[A:[a-z0-9_]+]]: tensor<2x1x3xi64>, %[[B:[a-z0-9_]+]]: tensor<5x1xi64>, %[[C:[a-z0-9_]+]]: tensor<?x4xf32>, %[[D:[a-z0-9_]+]]: tensor<4xf32>, %[[E:[a-z0-9_]+]]: tensor<1x?xf64>, %[[F:[a-z0-9_]+]]: tensor<3x1xf64>)
fuser.group @broadcast(%a: tensor<2x1x3xi64>, %b: tensor<5x1xi64>,
                       %c: tensor<?x4xf32>, %d: tensor<4xf32>,
                       %e: tensor<1x?xf64>, %f: tensor<3x1xf64>)
    -> (tensor<2x5x3xi64>, tensor<?x4xf32>, tensor<3x?xf64>) {
  // CHECK-NEXT: fuser.add %[[A]], %[[B]] : (tensor<2x1x3xi64>, tensor<5x1xi64>) -> tensor<2x5x3xi64>
  %0 = fuser.add %a, %b : (tensor<2x1x3xi64>, tensor<5x1xi64>) -> tensor<2x5x3xi64>
  // CHECK-NEXT: fuser.mul %[[C]], %[[D]] : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  %1 = fuser.mul %c, %d : (tensor<?x4xf32>, tensor<4xf32>) -> tensor<?x4xf32>
  // CHECK-NEXT: fuser.sub %[[E]], %[[F]] : (tensor<1x?xf64>, tensor<3x1xf64>) -> tensor<3x?xf64>
  %2 = fuser.sub %e, %f : (tensor<1x?xf64>, tensor<3x1xf64>) -> tensor<3x?xf64>
  // A declared result may be less static than the inferred one.
  // CHECK-NEXT: fuser.add %[[A]], %[[B]] : (tensor<2x1x3xi64>, tensor<5x1xi64>) -> tensor<?x?x?xi64>
  %3 = fuser.add %a, %b : (tensor<2x1x3xi64>, tensor<5x1xi64>) -> tensor<?x?x?xi64>
  // CHECK-NEXT: fuser.yield %{{.+}}, %{{.+}}, %{{.+}} : tensor<2x5x3xi64>, tensor<?x4xf32>, tensor<3x?xf64>
  fuser.yield %0, %1, %2 : tensor<2x5x3xi64>, tensor<?x4xf32>, tensor<3x?xf64>
}

// Comparisons, logical and bitwise ops.

// CHECK-LABEL: fuser.group @compare_logical_bitwise(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32>, %[[U:[a-z0-9_]+]]: tensor<?xui8>, %[[I:[a-z0-9_]+]]: tensor<?xi16>, %[[B:[a-z0-9_]+]]: tensor<?xi1>)
fuser.group @compare_logical_bitwise(%x: tensor<?xf32>, %u: tensor<?xui8>,
                                     %i: tensor<?xi16>, %b: tensor<?xi1>)
    -> tensor<?xi1> {
  // CHECK-NEXT: %[[F:[a-z0-9_]+]] = fuser.constant 5.000000e-01 : f64
  %f = fuser.constant 0.5 : f64
  // CHECK-NEXT: %[[N:[a-z0-9_]+]] = fuser.constant 7 : i64
  %n = fuser.constant 7 : i64
  // CHECK-NEXT: fuser.eq %[[X]], %[[U]] : (tensor<?xf32>, tensor<?xui8>) -> tensor<?xi1>
  %0 = fuser.eq %x, %u : (tensor<?xf32>, tensor<?xui8>) -> tensor<?xi1>
  // CHECK-NEXT: fuser.ne %[[X]], %[[F]] : (tensor<?xf32>, f64) -> tensor<?xi1>
  %1 = fuser.ne %x, %f : (tensor<?xf32>, f64) -> tensor<?xi1>
  // CHECK-NEXT: fuser.lt %[[U]], %[[I]] : (tensor<?xui8>, tensor<?xi16>) -> tensor<?xi1>
  %2 = fuser.lt %u, %i : (tensor<?xui8>, tensor<?xi16>) -> tensor<?xi1>
  // CHECK-NEXT: fuser.le %[[N]], %[[I]] : (i64, tensor<?xi16>) -> tensor<?xi1>
  %3 = fuser.le %n, %i : (i64, tensor<?xi16>) -> tensor<?xi1>
  // CHECK-NEXT: fuser.gt %[[B]], %[[B]] : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  %4 = fuser.gt %b, %b : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  // CHECK-NEXT: fuser.ge %[[X]], %[[X]] : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
  %5 = fuser.ge %x, %x : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
  // CHECK-NEXT: fuser.logical_and %[[X]], %[[B]] : (tensor<?xf32>, tensor<?xi1>) -> tensor<?xi1>
  %6 = fuser.logical_and %x, %b : (tensor<?xf32>, tensor<?xi1>) -> tensor<?xi1>
  // CHECK-NEXT: fuser.logical_or %[[U]], %[[N]] : (tensor<?xui8>, i64) -> tensor<?xi1>
  %7 = fuser.logical_or %u, %n : (tensor<?xui8>, i64) -> tensor<?xi1>
  // CHECK-NEXT: fuser.logical_xor %[[B]], %[[I]] : (tensor<?xi1>, tensor<?xi16>) -> tensor<?xi1>
  %8 = fuser.logical_xor %b, %i : (tensor<?xi1>, tensor<?xi16>) -> tensor<?xi1>
  // CHECK-NEXT: fuser.logical_not %[[X]] : (tensor<?xf32>) -> tensor<?xi1>
  %9 = fuser.logical_not %x : (tensor<?xf32>) -> tensor<?xi1>
  // CHECK-NEXT: fuser.bitwise_and %[[U]], %[[I]] : (tensor<?xui8>, tensor<?xi16>) -> tensor<?xi16>
  %10 = fuser.bitwise_and %u, %i : (tensor<?xui8>, tensor<?xi16>) -> tensor<?xi16>
  // CHECK-NEXT: fuser.bitwise_or %[[U]], %[[N]] : (tensor<?xui8>, i64) -> tensor<?xui8>
  %11 = fuser.bitwise_or %u, %n : (tensor<?xui8>, i64) -> tensor<?xui8>
  // CHECK-NEXT: fuser.bitwise_xor %[[B]], %[[B]] : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  %12 = fuser.bitwise_xor %b, %b : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  // CHECK-NEXT: fuser.bitwise_not %[[I]] : (tensor<?xi16>) -> tensor<?xi16>
  %13 = fuser.bitwise_not %i : (tensor<?xi16>) -> tensor<?xi16>
  // CHECK-NEXT: fuser.bitwise_not %[[B]] : (tensor<?xi1>) -> tensor<?xi1>
  %14 = fuser.bitwise_not %b : (tensor<?xi1>) -> tensor<?xi1>
  // CHECK-NEXT: fuser.yield
  fuser.yield %6 : tensor<?xi1>
}

// lerp, addcmul, where and clamp.

// CHECK-LABEL: fuser.group @ternary(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf32>, %[[Y:[a-z0-9_]+]]: tensor<?xf32>, %[[C:[a-z0-9_]+]]: tensor<?x1xi1>, %[[I:[a-z0-9_]+]]: tensor<?x?xi32>, %[[H:[a-z0-9_]+]]: tensor<?x?xf16>, %[[S:[a-z0-9_]+]]: f64)
fuser.group @ternary(%x: tensor<?x?xf32>, %y: tensor<?xf32>,
                     %c: tensor<?x1xi1>, %i: tensor<?x?xi32>,
                     %h: tensor<?x?xf16>, %s: f64) -> tensor<?x?xf32> {
  // CHECK-NEXT: %[[ONE:[a-z0-9_]+]] = fuser.constant 1.000000e+00 : f64
  %one = fuser.constant 1.0 : f64
  // CHECK-NEXT: %[[ZERO:[a-z0-9_]+]] = fuser.constant 0.000000e+00 : f64
  %zero = fuser.constant 0.0 : f64
  // CHECK-NEXT: %[[TWO:[a-z0-9_]+]] = fuser.constant 2 : i64
  %two = fuser.constant 2 : i64
  // CHECK-NEXT: fuser.lerp %[[X]], %[[Y]], %[[Y]] : (tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %0 = fuser.lerp %x, %y, %y
      : (tensor<?x?xf32>, tensor<?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.lerp %[[X]], %[[X]], %[[S]] : (tensor<?x?xf32>, tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %1 = fuser.lerp %x, %x, %s
      : (tensor<?x?xf32>, tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.addcmul %[[X]], %[[Y]], %[[H]] : (tensor<?x?xf32>, tensor<?xf32>, tensor<?x?xf16>) -> tensor<?x?xf32>
  %2 = fuser.addcmul %x, %y, %h
      : (tensor<?x?xf32>, tensor<?xf32>, tensor<?x?xf16>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.addcmul %[[X]], %[[X]], %[[X]] {value = 5.000000e-01 : f64} : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %3 = fuser.addcmul %x, %x, %x {value = 0.5 : f64}
      : (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.addcmul %[[I]], %[[I]], %[[I]] {value = 3 : i64} : (tensor<?x?xi32>, tensor<?x?xi32>, tensor<?x?xi32>) -> tensor<?x?xi32>
  %4 = fuser.addcmul %i, %i, %i {value = 3 : i64}
      : (tensor<?x?xi32>, tensor<?x?xi32>, tensor<?x?xi32>) -> tensor<?x?xi32>
  // CHECK-NEXT: fuser.where %[[C]], %[[X]], %[[H]] : (tensor<?x1xi1>, tensor<?x?xf32>, tensor<?x?xf16>) -> tensor<?x?xf32>
  %5 = fuser.where %c, %x, %h
      : (tensor<?x1xi1>, tensor<?x?xf32>, tensor<?x?xf16>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.where %[[C]], %[[ONE]], %[[ZERO]] : (tensor<?x1xi1>, f64, f64) -> tensor<?x1xf32>
  %6 = fuser.where %c, %one, %zero : (tensor<?x1xi1>, f64, f64) -> tensor<?x1xf32>
  // CHECK-NEXT: fuser.where %[[C]], %[[I]], %[[TWO]] : (tensor<?x1xi1>, tensor<?x?xi32>, i64) -> tensor<?x?xi32>
  %7 = fuser.where %c, %i, %two
      : (tensor<?x1xi1>, tensor<?x?xi32>, i64) -> tensor<?x?xi32>
  // CHECK-NEXT: fuser.where %[[C]], %[[S]], %[[H]] : (tensor<?x1xi1>, f64, tensor<?x?xf16>) -> tensor<?x?xf16>
  %8 = fuser.where %c, %s, %h
      : (tensor<?x1xi1>, f64, tensor<?x?xf16>) -> tensor<?x?xf16>
  // CHECK-NEXT: fuser.clamp %[[X]] min %[[ZERO]] : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %9 = fuser.clamp %x min %zero : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.clamp %[[X]] max %[[ONE]] : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %10 = fuser.clamp %x max %one : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.clamp %[[X]] min %[[ZERO]] max %[[S]] : (tensor<?x?xf32>, f64, f64) -> tensor<?x?xf32>
  %11 = fuser.clamp %x min %zero max %s
      : (tensor<?x?xf32>, f64, f64) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.clamp %[[H]] min %[[Y]] max %[[X]] : (tensor<?x?xf16>, tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %12 = fuser.clamp %h min %y max %x
      : (tensor<?x?xf16>, tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.clamp %[[I]] min %[[TWO]] : (tensor<?x?xi32>, i64) -> tensor<?x?xi32>
  %13 = fuser.clamp %i min %two : (tensor<?x?xi32>, i64) -> tensor<?x?xi32>
  // CHECK-NEXT: fuser.clamp %[[I]] max %[[ONE]] : (tensor<?x?xi32>, f64) -> tensor<?x?xf32>
  %14 = fuser.clamp %i max %one : (tensor<?x?xi32>, f64) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.yield
  fuser.yield %12 : tensor<?x?xf32>
}

// Casts and random numbers.

// CHECK-LABEL: fuser.group @cast_random(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf32>, %[[M:[a-z0-9_]+]]: tensor<?x?xi1>, %[[L:[a-z0-9_]+]]: tensor<?xi64>)
fuser.group @cast_random(%x: tensor<?x?xf32>, %m: tensor<?x?xi1>,
                         %l: tensor<?xi64>)
    -> (tensor<?x?xf16>, tensor<?x?xf32>, tensor<?x?xf32>) {
  // CHECK-NEXT: fuser.cast %[[X]] : tensor<?x?xf32> to tensor<?x?xf16>
  %0 = fuser.cast %x : tensor<?x?xf32> to tensor<?x?xf16>
  // CHECK-NEXT: fuser.cast %[[L]] : tensor<?xi64> to tensor<?xbf16>
  %1 = fuser.cast %l : tensor<?xi64> to tensor<?xbf16>
  // CHECK-NEXT: fuser.cast %[[X]] : tensor<?x?xf32> to tensor<?x?xf32>
  %2 = fuser.cast %x : tensor<?x?xf32> to tensor<?x?xf32>
  // CHECK-NEXT: fuser.type_as %[[M]], %[[X]] : (tensor<?x?xi1>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %3 = fuser.type_as %m, %x : (tensor<?x?xi1>, tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.type_as %[[L]], %[[M]] : (tensor<?xi64>, tensor<?x?xi1>) -> tensor<?xi1>
  %4 = fuser.type_as %l, %m : (tensor<?xi64>, tensor<?x?xi1>) -> tensor<?xi1>
  // CHECK-NEXT: fuser.rand_like %[[X]] : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %5 = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.rand_like %[[M]] {dtype = f16} : (tensor<?x?xi1>) -> tensor<?x?xf16>
  %6 = fuser.rand_like %m {dtype = f16} : (tensor<?x?xi1>) -> tensor<?x?xf16>
  // CHECK-NEXT: fuser.rand_like %[[X]] {dtype = f64} : (tensor<?x?xf32>) -> tensor<?x?xf64>
  %7 = fuser.rand_like %x {dtype = f64} : (tensor<?x?xf32>) -> tensor<?x?xf64>
  // CHECK-NEXT: fuser.yield %{{.+}}, %{{.+}}, %{{.+}} : tensor<?x?xf16>, tensor<?x?xf32>, tensor<?x?xf32>
  fuser.yield %0, %3, %5 : tensor<?x?xf16>, tensor<?x?xf32>, tensor<?x?xf32>
}

// The lowered form of rand_like (fuser-lower-random).

// CHECK-LABEL: fuser.group @random_bits(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x4xbf16>)
fuser.group @random_bits(%x: tensor<?x4xbf16>) -> (tensor<?x4xf64>, tensor<?x4xbf16>) {
  // CHECK-NEXT: %[[B0:.+]] = fuser.random_bits %[[X]] {stream = 0 : i64} : (tensor<?x4xbf16>) -> tensor<?x4xi32>
  %b0 = fuser.random_bits %x {stream = 0 : i64} : (tensor<?x4xbf16>) -> tensor<?x4xi32>
  // CHECK-NEXT: %[[B1:.+]] = fuser.random_bits %[[X]] {stream = 1 : i64} : (tensor<?x4xbf16>) -> tensor<?x4xi32>
  %b1 = fuser.random_bits %x {stream = 1 : i64} : (tensor<?x4xbf16>) -> tensor<?x4xi32>
  // CHECK-NEXT: %[[U0:.+]] = fuser.bits_to_uniform %[[B0]] : (tensor<?x4xi32>) -> tensor<?x4xf64>
  %u0 = fuser.bits_to_uniform %b0 : (tensor<?x4xi32>) -> tensor<?x4xf64>
  // CHECK-NEXT: %[[U1:.+]] = fuser.bits_to_uniform %[[B1]] : (tensor<?x4xi32>) -> tensor<?x4xbf16>
  %u1 = fuser.bits_to_uniform %b1 : (tensor<?x4xi32>) -> tensor<?x4xbf16>
  // CHECK-NEXT: fuser.yield %[[U0]], %[[U1]] : tensor<?x4xf64>, tensor<?x4xbf16>
  fuser.yield %u0, %u1 : tensor<?x4xf64>, tensor<?x4xbf16>
}

// Scalar constants and 0-dim tensor constants of every element type.

// CHECK-LABEL: fuser.group @constants(
fuser.group @constants(%x: tensor<?xf32>) -> tensor<?xf32> {
  // CHECK-NEXT: fuser.constant 1.500000e+00 : f64
  %0 = fuser.constant 1.5 : f64
  // CHECK-NEXT: fuser.constant -3 : i64
  %1 = fuser.constant -3 : i64
  // CHECK-NEXT: fuser.constant true
  %2 = fuser.constant true
  // CHECK-NEXT: fuser.constant false
  %3 = fuser.constant 0 : i1
  // CHECK-NEXT: fuser.constant 0x7FF0000000000000 : f64
  %4 = fuser.constant 0x7FF0000000000000 : f64
  // CHECK-NEXT: fuser.constant dense<true> : tensor<i1>
  %5 = fuser.constant dense<true> : tensor<i1>
  // CHECK-NEXT: fuser.constant dense<200> : tensor<ui8>
  %6 = fuser.constant dense<200> : tensor<ui8>
  // CHECK-NEXT: fuser.constant dense<-8> : tensor<i8>
  %7 = fuser.constant dense<-8> : tensor<i8>
  // CHECK-NEXT: fuser.constant dense<300> : tensor<i16>
  %8 = fuser.constant dense<300> : tensor<i16>
  // CHECK-NEXT: fuser.constant dense<7> : tensor<i32>
  %9 = fuser.constant dense<7> : tensor<i32>
  // CHECK-NEXT: fuser.constant dense<-9> : tensor<i64>
  %10 = fuser.constant dense<-9> : tensor<i64>
  // CHECK-NEXT: fuser.constant dense<5.000000e-01> : tensor<f16>
  %11 = fuser.constant dense<0.5> : tensor<f16>
  // CHECK-NEXT: fuser.constant dense<-2.500000e+00> : tensor<bf16>
  %12 = fuser.constant dense<-2.5> : tensor<bf16>
  // CHECK-NEXT: fuser.constant dense<3.000000e+00> : tensor<f32>
  %13 = fuser.constant dense<3.0> : tensor<f32>
  // CHECK-NEXT: fuser.constant dense<-0.000000e+00> : tensor<f64>
  %14 = fuser.constant dense<-0.0> : tensor<f64>
  // CHECK-NEXT: fuser.add %{{.+}}, %{{.+}} : (tensor<?xf32>, tensor<f64>) -> tensor<?xf32>
  %15 = fuser.add %x, %14 : (tensor<?xf32>, tensor<f64>) -> tensor<?xf32>
  // CHECK-NEXT: fuser.yield
  fuser.yield %15 : tensor<?xf32>
}

// chunk (non-negative and negative dims) and concat, multiple results.

// CHECK-LABEL: fuser.group @chunk_concat(
// CHECK-SAME:      %[[G:[a-z0-9_]+]]: tensor<?x8xf32>, %[[V:[a-z0-9_]+]]: tensor<?xf16>, %[[S:[a-z0-9_]+]]: tensor<6x?xi32>)
// CHECK-SAME:      -> (tensor<?x8xf32>, tensor<?x?xf32>, tensor<6x?xi32>)
fuser.group @chunk_concat(%g: tensor<?x8xf32>, %v: tensor<?xf16>,
                          %s: tensor<6x?xi32>)
    -> (tensor<?x8xf32>, tensor<?x?xf32>, tensor<6x?xi32>) {
  // CHECK-NEXT: %[[GC:[a-z0-9_]+]]:4 = fuser.chunk %[[G]] into 4 along 1 : tensor<?x8xf32>
  %g0, %g1, %g2, %g3 = fuser.chunk %g into 4 along 1 : tensor<?x8xf32>
  // CHECK-NEXT: %[[VC:[a-z0-9_]+]]:2 = fuser.chunk %[[V]] into 2 along -1 : tensor<?xf16>
  %v0, %v1 = fuser.chunk %v into 2 along -1 : tensor<?xf16>
  // CHECK-NEXT: %[[SC:[a-z0-9_]+]]:3 = fuser.chunk %[[S]] into 3 along 0 : tensor<6x?xi32>
  %s0, %s1, %s2 = fuser.chunk %s into 3 along 0 : tensor<6x?xi32>
  // CHECK-NEXT: %[[SUM:[a-z0-9_]+]] = fuser.add %[[GC]]#0, %[[GC]]#3 : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  %sum = fuser.add %g0, %g3 : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  // CHECK-NEXT: %[[P:[a-z0-9_]+]] = fuser.mul %[[GC]]#1, %[[VC]]#1 : (tensor<?x2xf32>, tensor<?xf16>) -> tensor<?x?xf32>
  %p = fuser.mul %g1, %v1 : (tensor<?x2xf32>, tensor<?xf16>) -> tensor<?x?xf32>
  // CHECK-NEXT: %[[CAT0:[a-z0-9_]+]] = fuser.concat %[[SUM]], %[[GC]]#2, %[[SUM]], %[[SUM]] along 1 : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x8xf32>
  %cat0 = fuser.concat %sum, %g2, %sum, %sum along 1
      : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x2xf32>
      -> tensor<?x8xf32>
  // CHECK-NEXT: %[[CAT1:[a-z0-9_]+]] = fuser.concat %[[SC]]#0, %[[SC]]#2, %[[SC]]#1 along -2 : tensor<2x?xi32>, tensor<2x?xi32>, tensor<2x?xi32> -> tensor<6x?xi32>
  %cat1 = fuser.concat %s0, %s2, %s1 along -2
      : tensor<2x?xi32>, tensor<2x?xi32>, tensor<2x?xi32> -> tensor<6x?xi32>
  // CHECK-NEXT: fuser.yield %[[CAT0]], %[[P]], %[[CAT1]] : tensor<?x8xf32>, tensor<?x?xf32>, tensor<6x?xi32>
  fuser.yield %cat0, %p, %cat1 : tensor<?x8xf32>, tensor<?x?xf32>, tensor<6x?xi32>
}

// concat promotes its inputs like torch.cat.

// CHECK-LABEL: fuser.group @concat_promotes(
fuser.group @concat_promotes(%a: tensor<?x3xf16>, %b: tensor<2x3xbf16>,
                             %c: tensor<1x?xi64>) -> tensor<?x3xf32> {
  // CHECK-NEXT: fuser.concat %{{.+}}, %{{.+}}, %{{.+}} along 0 : tensor<?x3xf16>, tensor<2x3xbf16>, tensor<1x?xi64> -> tensor<?x3xf32>
  %0 = fuser.concat %a, %b, %c along 0
      : tensor<?x3xf16>, tensor<2x3xbf16>, tensor<1x?xi64> -> tensor<?x3xf32>
  // CHECK-NEXT: fuser.yield
  fuser.yield %0 : tensor<?x3xf32>
}

// Groups with scalar f64 arguments, static shapes and several results.

// CHECK-LABEL: fuser.group @scale_add(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf32>, %[[B:[a-z0-9_]+]]: tensor<?xf32>, %[[S:[a-z0-9_]+]]: f64, %[[T:[a-z0-9_]+]]: f64)
// CHECK-SAME:      -> tensor<?x?xf32>
fuser.group @scale_add(%x: tensor<?x?xf32>, %b: tensor<?xf32>, %s: f64,
                       %t: f64) -> tensor<?x?xf32> {
  // CHECK-NEXT: %[[M:[a-z0-9_]+]] = fuser.mul %[[X]], %[[S]] : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %0 = fuser.mul %x, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  // CHECK-NEXT: %[[A:[a-z0-9_]+]] = fuser.add %[[M]], %[[B]] : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %1 = fuser.add %0, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  // CHECK-NEXT: %[[R:[a-z0-9_]+]] = fuser.sub %[[A]], %[[T]] {alpha = 2.000000e+00 : f64} : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %2 = fuser.sub %1, %t {alpha = 2.0 : f64} : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  // CHECK-NEXT: fuser.yield %[[R]] : tensor<?x?xf32>
  fuser.yield %2 : tensor<?x?xf32>
}

// CHECK-LABEL: fuser.group @static_multi_result(
// CHECK-SAME:      %{{.+}}: tensor<2x3xf64>, %{{.+}}: tensor<3xi8>)
// CHECK-SAME:      -> (tensor<2x3xf64>, tensor<2x3xi1>, tensor<3xi8>)
fuser.group @static_multi_result(%x: tensor<2x3xf64>, %y: tensor<3xi8>)
    -> (tensor<2x3xf64>, tensor<2x3xi1>, tensor<3xi8>) {
  // CHECK-NEXT: fuser.add %{{.+}}, %{{.+}} : (tensor<2x3xf64>, tensor<3xi8>) -> tensor<2x3xf64>
  %0 = fuser.add %x, %y : (tensor<2x3xf64>, tensor<3xi8>) -> tensor<2x3xf64>
  // CHECK-NEXT: fuser.gt %{{.+}}, %{{.+}} : (tensor<2x3xf64>, tensor<3xi8>) -> tensor<2x3xi1>
  %1 = fuser.gt %x, %y : (tensor<2x3xf64>, tensor<3xi8>) -> tensor<2x3xi1>
  // CHECK-NEXT: fuser.bitwise_not %{{.+}} : (tensor<3xi8>) -> tensor<3xi8>
  %2 = fuser.bitwise_not %y : (tensor<3xi8>) -> tensor<3xi8>
  // CHECK-NEXT: fuser.yield %{{.+}}, %{{.+}}, %{{.+}} : tensor<2x3xf64>, tensor<2x3xi1>, tensor<3xi8>
  fuser.yield %0, %1, %2 : tensor<2x3xf64>, tensor<2x3xi1>, tensor<3xi8>
}

// A group with no results and a private one.

// CHECK-LABEL: fuser.group @no_results(
// CHECK-NEXT:    fuser.yield{{$}}
fuser.group @no_results(%x: tensor<?xf32>) {
  fuser.yield
}

// CHECK-LABEL: fuser.group private @private_group(
fuser.group private @private_group(%x: tensor<?xf32>) -> tensor<?xf32> {
  fuser.yield %x : tensor<?xf32>
}
