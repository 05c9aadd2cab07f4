// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-refine-types{element-types=f16,-}))' | FileCheck %s
// PyTorch and numpy spellings name the same types.
// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-refine-types{element-types=float16,-}))' | FileCheck %s
// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-refine-types{element-types=half,-}))' | FileCheck %s

// Every group here has two tensor arguments: the first becomes f16, the
// second keeps its type, and every type after them is re-derived.

// An f32 group specialised for f16: every value computed from the retyped
// argument becomes f16 and the signature follows; explicit casts keep their
// target type.

// CHECK-LABEL: fuser.group @retype_f32_to_f16(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf16>, %[[M:[a-z0-9_]+]]: tensor<?x?xi1>, %[[S:[a-z0-9_]+]]: f64)
// CHECK-SAME:      -> (tensor<?x?xf16>, tensor<?x?xf32>, tensor<?x?xi1>, tensor<?x?xf16>)
// CHECK-NEXT:    %[[ZERO:.+]] = fuser.constant 0.000000e+00 : f64
// CHECK-NEXT:    %[[A:.+]] = fuser.mul %[[X]], %[[S]] : (tensor<?x?xf16>, f64) -> tensor<?x?xf16>
// CHECK-NEXT:    %[[B:.+]] = fuser.add %[[A]], %[[M]] {alpha = 5.000000e-01 : f64} : (tensor<?x?xf16>, tensor<?x?xi1>) -> tensor<?x?xf16>
// CHECK-NEXT:    %[[C:.+]] = fuser.sigmoid %[[B]] : (tensor<?x?xf16>) -> tensor<?x?xf16>
// CHECK-NEXT:    %[[D:.+]] = fuser.where %[[M]], %[[C]], %[[ZERO]] : (tensor<?x?xi1>, tensor<?x?xf16>, f64) -> tensor<?x?xf16>
// CHECK-NEXT:    %[[E:.+]] = fuser.gelu %[[D]] approximate tanh : (tensor<?x?xf16>) -> tensor<?x?xf16>
// CHECK-NEXT:    %[[F:.+]] = fuser.div %[[E]], %[[S]] : (tensor<?x?xf16>, f64) -> tensor<?x?xf16>
// CHECK-NEXT:    %[[G:.+]] = fuser.clamp %[[F]] min %[[ZERO]] max %[[S]] : (tensor<?x?xf16>, f64, f64) -> tensor<?x?xf16>
// CHECK-NEXT:    %[[H:.+]] = fuser.cast %[[G]] : tensor<?x?xf16> to tensor<?x?xf32>
// CHECK-NEXT:    %[[I:.+]] = fuser.gt %[[G]], %[[ZERO]] : (tensor<?x?xf16>, f64) -> tensor<?x?xi1>
// CHECK-NEXT:    %[[J:.+]] = fuser.rand_like %[[X]] : (tensor<?x?xf16>) -> tensor<?x?xf16>
// CHECK-NEXT:    %[[K:.+]] = fuser.type_as %[[M]], %[[J]] : (tensor<?x?xi1>, tensor<?x?xf16>) -> tensor<?x?xf16>
// CHECK-NEXT:    %[[L:.+]] = fuser.lerp %[[G]], %[[K]], %[[S]] : (tensor<?x?xf16>, tensor<?x?xf16>, f64) -> tensor<?x?xf16>
// CHECK-NEXT:    fuser.yield %[[G]], %[[H]], %[[I]], %[[L]] : tensor<?x?xf16>, tensor<?x?xf32>, tensor<?x?xi1>, tensor<?x?xf16>
fuser.group @retype_f32_to_f16(%x: tensor<?x?xf32>, %m: tensor<?x?xi1>, %s: f64)
    -> (tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi1>, tensor<?x?xf32>) {
  %zero = fuser.constant 0.0 : f64
  %a = fuser.mul %x, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %b = fuser.add %a, %m {alpha = 0.5 : f64}
      : (tensor<?x?xf32>, tensor<?x?xi1>) -> tensor<?x?xf32>
  %c = fuser.sigmoid %b : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %d = fuser.where %m, %c, %zero
      : (tensor<?x?xi1>, tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %e = fuser.gelu %d approximate tanh : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %f = fuser.div %e, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %g = fuser.clamp %f min %zero max %s
      : (tensor<?x?xf32>, f64, f64) -> tensor<?x?xf32>
  %h = fuser.cast %g : tensor<?x?xf32> to tensor<?x?xf32>
  %i = fuser.gt %g, %zero : (tensor<?x?xf32>, f64) -> tensor<?x?xi1>
  %j = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %k = fuser.type_as %m, %j : (tensor<?x?xi1>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %l = fuser.lerp %g, %k, %s
      : (tensor<?x?xf32>, tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  fuser.yield %g, %h, %i, %l
      : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi1>, tensor<?x?xf32>
}

// -----

// Promotion is re-derived, not copied: f16 with the f32 argument is f32,
// f16 with a Python float stays f16, and concat promotes.

// CHECK-LABEL: fuser.group @mixed_promotion(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf16>, %[[Y:[a-z0-9_]+]]: tensor<?xf32>)
// CHECK-SAME:      -> (tensor<?xf32>, tensor<?xf16>, tensor<?xf32>, tensor<?xf16>)
// CHECK:         %[[A:.+]] = fuser.add %[[X]], %[[Y]] : (tensor<?xf16>, tensor<?xf32>) -> tensor<?xf32>
// CHECK-NEXT:    %[[B:.+]] = fuser.mul %[[X]], %{{.+}} : (tensor<?xf16>, f64) -> tensor<?xf16>
// CHECK-NEXT:    %[[C:.+]] = fuser.concat %[[B]], %[[A]] along 0 : tensor<?xf16>, tensor<?xf32> -> tensor<?xf32>
// CHECK-NEXT:    %[[D:.+]] = fuser.add %[[B]], %{{.+}} : (tensor<?xf16>, tensor<f64>) -> tensor<?xf16>
// CHECK-NEXT:    fuser.yield %[[A]], %[[B]], %[[C]], %[[D]] : tensor<?xf32>, tensor<?xf16>, tensor<?xf32>, tensor<?xf16>
fuser.group @mixed_promotion(%x: tensor<?xf32>, %y: tensor<?xf32>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %two = fuser.constant 2.0 : f64
  %z = fuser.constant dense<2.0> : tensor<f64>
  %a = fuser.add %x, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %b = fuser.mul %x, %two : (tensor<?xf32>, f64) -> tensor<?xf32>
  %c = fuser.concat %b, %a along 0 : tensor<?xf32>, tensor<?xf32> -> tensor<?xf32>
  %d = fuser.add %b, %z : (tensor<?xf32>, tensor<f64>) -> tensor<?xf32>
  fuser.yield %a, %b, %c, %d
      : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// Types propagate through chunk, concat, where and comparisons.

// CHECK-LABEL: fuser.group @chunk_concat_where_compare(
// CHECK-SAME:      %[[G:[a-z0-9_]+]]: tensor<?x8xf16>, %[[T:[a-z0-9_]+]]: tensor<?x2xf32>)
// CHECK-SAME:      -> (tensor<?x4xf16>, tensor<?x2xi1>, tensor<?x4xf32>)
// CHECK-NEXT:    %[[C:.+]]:4 = fuser.chunk %[[G]] into 4 along 1 : tensor<?x8xf16>
// CHECK-NEXT:    %[[I:.+]] = fuser.sigmoid %[[C]]#0 : (tensor<?x2xf16>) -> tensor<?x2xf16>
// CHECK-NEXT:    %[[F:.+]] = fuser.tanh %[[C]]#1 : (tensor<?x2xf16>) -> tensor<?x2xf16>
// CHECK-NEXT:    %[[P:.+]] = fuser.gt %[[I]], %[[T]] : (tensor<?x2xf16>, tensor<?x2xf32>) -> tensor<?x2xi1>
// CHECK-NEXT:    %[[W:.+]] = fuser.where %[[P]], %[[I]], %[[F]] : (tensor<?x2xi1>, tensor<?x2xf16>, tensor<?x2xf16>) -> tensor<?x2xf16>
// CHECK-NEXT:    %[[V:.+]] = fuser.where %[[P]], %[[C]]#2, %[[T]] : (tensor<?x2xi1>, tensor<?x2xf16>, tensor<?x2xf32>) -> tensor<?x2xf32>
// CHECK-NEXT:    %[[CAT0:.+]] = fuser.concat %[[W]], %[[C]]#3 along 1 : tensor<?x2xf16>, tensor<?x2xf16> -> tensor<?x4xf16>
// CHECK-NEXT:    %[[CAT1:.+]] = fuser.concat %[[V]], %[[W]] along 1 : tensor<?x2xf32>, tensor<?x2xf16> -> tensor<?x4xf32>
// CHECK-NEXT:    fuser.yield %[[CAT0]], %[[P]], %[[CAT1]] : tensor<?x4xf16>, tensor<?x2xi1>, tensor<?x4xf32>
fuser.group @chunk_concat_where_compare(%g: tensor<?x8xf32>, %t: tensor<?x2xf32>)
    -> (tensor<?x4xf32>, tensor<?x2xi1>, tensor<?x4xf32>) {
  %c0, %c1, %c2, %c3 = fuser.chunk %g into 4 along 1 : tensor<?x8xf32>
  %i = fuser.sigmoid %c0 : (tensor<?x2xf32>) -> tensor<?x2xf32>
  %f = fuser.tanh %c1 : (tensor<?x2xf32>) -> tensor<?x2xf32>
  %p = fuser.gt %i, %t : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xi1>
  %w = fuser.where %p, %i, %f
      : (tensor<?x2xi1>, tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  %v = fuser.where %p, %c2, %t
      : (tensor<?x2xi1>, tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  %cat0 = fuser.concat %w, %c3 along 1
      : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x4xf32>
  %cat1 = fuser.concat %v, %w along 1
      : tensor<?x2xf32>, tensor<?x2xf32> -> tensor<?x4xf32>
  fuser.yield %cat0, %p, %cat1 : tensor<?x4xf32>, tensor<?x2xi1>, tensor<?x4xf32>
}

// -----

// An integer group specialised for f16: true division stops producing the
// default float type, comparisons stay bool, casts keep their target.

// CHECK-LABEL: fuser.group @int_to_f16(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<4x?xf16>, %[[Y:[a-z0-9_]+]]: tensor<?xi64>)
// CHECK-SAME:      -> (tensor<4x?xf16>, tensor<4x?xf16>, tensor<4x?xi1>, tensor<4x?xi8>)
// CHECK-NEXT:    %[[A:.+]] = fuser.add %[[X]], %[[Y]] : (tensor<4x?xf16>, tensor<?xi64>) -> tensor<4x?xf16>
// CHECK-NEXT:    %[[B:.+]] = fuser.div %[[A]], %[[Y]] : (tensor<4x?xf16>, tensor<?xi64>) -> tensor<4x?xf16>
// CHECK-NEXT:    %[[C:.+]] = fuser.div %[[A]], %[[Y]] rounding_mode floor : (tensor<4x?xf16>, tensor<?xi64>) -> tensor<4x?xf16>
// CHECK-NEXT:    %[[D:.+]] = fuser.eq %[[C]], %[[Y]] : (tensor<4x?xf16>, tensor<?xi64>) -> tensor<4x?xi1>
// CHECK-NEXT:    %[[E:.+]] = fuser.cast %[[X]] : tensor<4x?xf16> to tensor<4x?xi8>
// CHECK-NEXT:    fuser.yield %[[B]], %[[C]], %[[D]], %[[E]] : tensor<4x?xf16>, tensor<4x?xf16>, tensor<4x?xi1>, tensor<4x?xi8>
fuser.group @int_to_f16(%x: tensor<4x?xi32>, %y: tensor<?xi64>)
    -> (tensor<4x?xf32>, tensor<4x?xi64>, tensor<4x?xi1>, tensor<4x?xi8>) {
  %a = fuser.add %x, %y : (tensor<4x?xi32>, tensor<?xi64>) -> tensor<4x?xi64>
  %b = fuser.div %a, %y : (tensor<4x?xi64>, tensor<?xi64>) -> tensor<4x?xf32>
  %c = fuser.div %a, %y rounding_mode floor
      : (tensor<4x?xi64>, tensor<?xi64>) -> tensor<4x?xi64>
  %d = fuser.eq %c, %y : (tensor<4x?xi64>, tensor<?xi64>) -> tensor<4x?xi1>
  %e = fuser.cast %x : tensor<4x?xi32> to tensor<4x?xi8>
  fuser.yield %b, %c, %d, %e
      : tensor<4x?xf32>, tensor<4x?xi64>, tensor<4x?xi1>, tensor<4x?xi8>
}

// -----

// Re-inference also makes shapes as static as the arguments allow.

// CHECK-LABEL: fuser.group @refine_shapes(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<3x1xf16>, %[[Y:[a-z0-9_]+]]: tensor<5xf32>)
// CHECK-SAME:      -> tensor<3x5xf32>
// CHECK-NEXT:    %[[A:.+]] = fuser.add %[[X]], %[[Y]] : (tensor<3x1xf16>, tensor<5xf32>) -> tensor<3x5xf32>
// CHECK-NEXT:    fuser.yield %[[A]] : tensor<3x5xf32>
fuser.group @refine_shapes(%x: tensor<3x1xf32>, %y: tensor<5xf32>) -> tensor<?x?xf32> {
  %a = fuser.add %x, %y : (tensor<3x1xf32>, tensor<5xf32>) -> tensor<?x?xf32>
  fuser.yield %a : tensor<?x?xf32>
}

// -----

// Retyping to the type an argument already has changes nothing.

// CHECK-LABEL: fuser.group @already_f16(
// CHECK-SAME:      %{{.+}}: tensor<?xf16>, %{{.+}}: tensor<?xbf16>)
// CHECK-SAME:      -> tensor<?xf32>
// CHECK-NEXT:    fuser.mul %{{.+}}, %{{.+}} : (tensor<?xf16>, tensor<?xbf16>) -> tensor<?xf32>
fuser.group @already_f16(%x: tensor<?xf16>, %y: tensor<?xbf16>) -> tensor<?xf32> {
  %0 = fuser.mul %x, %y : (tensor<?xf16>, tensor<?xbf16>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}
