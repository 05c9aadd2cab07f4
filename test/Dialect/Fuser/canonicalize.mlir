// RUN: fuser-opt %s -canonicalize -split-input-file | FileCheck %s
// RUN: fuser-opt %s -canonicalize -cse -split-input-file | FileCheck %s --check-prefix=CSE

// Identities fold only where they hold bit for bit under PyTorch semantics
// (NaN, infinities, -0.0) and keep the result type.

//===----------------------------------------------------------------------===//
// mul by one
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @mul_one_float(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32>
// CHECK-NOT:     fuser.mul
// CHECK:         fuser.yield %[[X]], %[[X]] : tensor<?xf32>, tensor<?xf32>
fuser.group @mul_one_float(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %one = fuser.constant 1.0 : f64
  %0 = fuser.mul %x, %one : (tensor<?xf32>, f64) -> tensor<?xf32>
  // mul is commutative: 1.0 * x folds too.
  %1 = fuser.mul %one, %x : (f64, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0, %1 : tensor<?xf32>, tensor<?xf32>
}

// -----

// CHECK-LABEL: fuser.group @mul_one_int(
// CHECK-SAME:      %[[I:[a-z0-9_]+]]: tensor<?xi32>, %[[H:[a-z0-9_]+]]: tensor<?xf16>, %[[B:[a-z0-9_]+]]: tensor<?xi1>
// CHECK-NOT:     fuser.mul
// CHECK:         fuser.yield %[[I]], %[[I]], %[[H]], %[[B]], %[[I]]
fuser.group @mul_one_int(%i: tensor<?xi32>, %h: tensor<?xf16>, %b: tensor<?xi1>)
    -> (tensor<?xi32>, tensor<?xi32>, tensor<?xf16>, tensor<?xi1>,
        tensor<?xi32>) {
  %one = fuser.constant 1 : i64
  %true = fuser.constant true
  %one_i8 = fuser.constant dense<1> : tensor<i8>
  %0 = fuser.mul %i, %one : (tensor<?xi32>, i64) -> tensor<?xi32>
  %1 = fuser.mul %one, %i : (i64, tensor<?xi32>) -> tensor<?xi32>
  %2 = fuser.mul %h, %one : (tensor<?xf16>, i64) -> tensor<?xf16>
  // On bool, mul is logical and: x and True is x.
  %3 = fuser.mul %b, %true : (tensor<?xi1>, i1) -> tensor<?xi1>
  // A 0-dim tensor one.
  %4 = fuser.mul %one_i8, %i : (tensor<i8>, tensor<?xi32>) -> tensor<?xi32>
  fuser.yield %0, %1, %2, %3, %4
      : tensor<?xi32>, tensor<?xi32>, tensor<?xf16>, tensor<?xi1>, tensor<?xi32>
}

// -----

// x * 1.0 is not x when the product has another type: i32 * 1.0 is f32,
// bool * 1 is i64.

// CHECK-LABEL: fuser.group @mul_one_changes_type(
// CHECK-SAME:      %[[I:[a-z0-9_]+]]: tensor<?xi32>, %[[B:[a-z0-9_]+]]: tensor<?xi1>, %[[S:[a-z0-9_]+]]: tensor<4xf32>
// CHECK-DAG:     %[[ONE:.+]] = fuser.constant 1.000000e+00 : f64
// CHECK-DAG:     %[[IONE:.+]] = fuser.constant 1 : i64
// CHECK:         %[[R0:.+]] = fuser.mul %[[I]], %[[ONE]] : (tensor<?xi32>, f64) -> tensor<?xf32>
// CHECK:         %[[R1:.+]] = fuser.mul %[[B]], %[[IONE]] : (tensor<?xi1>, i64) -> tensor<?xi64>
// CHECK:         %[[R2:.+]] = fuser.mul %[[S]], %[[ONE]] : (tensor<4xf32>, f64) -> tensor<?xf32>
// CHECK:         fuser.yield %[[R0]], %[[R1]], %[[R2]]
fuser.group @mul_one_changes_type(%i: tensor<?xi32>, %b: tensor<?xi1>,
                                  %s: tensor<4xf32>)
    -> (tensor<?xf32>, tensor<?xi64>, tensor<?xf32>) {
  %one = fuser.constant 1.0 : f64
  %ione = fuser.constant 1 : i64
  %0 = fuser.mul %i, %one : (tensor<?xi32>, f64) -> tensor<?xf32>
  %1 = fuser.mul %b, %ione : (tensor<?xi1>, i64) -> tensor<?xi64>
  // The declared result is less static than x: not the same type.
  %2 = fuser.mul %s, %one : (tensor<4xf32>, f64) -> tensor<?xf32>
  fuser.yield %0, %1, %2 : tensor<?xf32>, tensor<?xi64>, tensor<?xf32>
}

// -----

// CHECK-LABEL: fuser.group @mul_not_one(
// CHECK:         fuser.mul
// CHECK:         fuser.mul
// CHECK:         fuser.yield
fuser.group @mul_not_one(%x: tensor<?xf32>, %s: f64) -> (tensor<?xf32>, tensor<?xf32>) {
  %two = fuser.constant 2.0 : f64
  %0 = fuser.mul %x, %two : (tensor<?xf32>, f64) -> tensor<?xf32>
  // Not a constant.
  %1 = fuser.mul %x, %s : (tensor<?xf32>, f64) -> tensor<?xf32>
  fuser.yield %0, %1 : tensor<?xf32>, tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// add and sub of zero
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @add_zero_int(
// CHECK-SAME:      %[[I:[a-z0-9_]+]]: tensor<?xi32>, %[[B:[a-z0-9_]+]]: tensor<?xi1>
// CHECK-NOT:     fuser.add
// CHECK-NOT:     fuser.sub
// CHECK:         fuser.yield %[[I]], %[[I]], %[[I]], %[[B]], %[[I]]
fuser.group @add_zero_int(%i: tensor<?xi32>, %b: tensor<?xi1>)
    -> (tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi1>,
        tensor<?xi32>) {
  %zero = fuser.constant 0 : i64
  %false = fuser.constant false
  %zero_0d = fuser.constant dense<0> : tensor<i16>
  %0 = fuser.add %i, %zero : (tensor<?xi32>, i64) -> tensor<?xi32>
  %1 = fuser.add %i, %zero {alpha = 7 : i64} : (tensor<?xi32>, i64) -> tensor<?xi32>
  %2 = fuser.sub %i, %zero : (tensor<?xi32>, i64) -> tensor<?xi32>
  // Bool add is logical or.
  %3 = fuser.add %b, %false : (tensor<?xi1>, i1) -> tensor<?xi1>
  %4 = fuser.add %i, %zero_0d : (tensor<?xi32>, tensor<i16>) -> tensor<?xi32>
  fuser.yield %0, %1, %2, %3, %4
      : tensor<?xi32>, tensor<?xi32>, tensor<?xi32>, tensor<?xi1>, tensor<?xi32>
}

// -----

// x + 0.0 is not x for floats: -0.0 + 0.0 == +0.0. An integer zero is 0.0
// in a float result, so it does not fold either.

// CHECK-LABEL: fuser.group @add_positive_zero_float(
// CHECK-COUNT-3: fuser.add
// CHECK:         fuser.yield
fuser.group @add_positive_zero_float(%x: tensor<?xf32>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %zero = fuser.constant 0.0 : f64
  %izero = fuser.constant 0 : i64
  %0 = fuser.add %x, %zero : (tensor<?xf32>, f64) -> tensor<?xf32>
  %1 = fuser.add %x, %izero : (tensor<?xf32>, i64) -> tensor<?xf32>
  // alpha * (-0.0) with alpha = -1 is +0.0.
  %neg_zero = fuser.constant -0.0 : f64
  %2 = fuser.add %x, %neg_zero {alpha = -1 : i64} : (tensor<?xf32>, f64) -> tensor<?xf32>
  fuser.yield %0, %1, %2 : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// x + (-0.0) == x and x - 0.0 == x for every x.

// CHECK-LABEL: fuser.group @add_sub_negative_zero_float(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32>, %[[H:[a-z0-9_]+]]: tensor<?xf16>
// CHECK-NOT:     fuser.add
// CHECK-NOT:     fuser.sub
// CHECK:         fuser.yield %[[X]], %[[X]], %[[X]], %[[H]], %[[X]], %[[X]]
fuser.group @add_sub_negative_zero_float(%x: tensor<?xf32>, %h: tensor<?xf16>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf16>,
        tensor<?xf32>, tensor<?xf32>) {
  %neg_zero = fuser.constant -0.0 : f64
  %zero = fuser.constant 0.0 : f64
  %izero = fuser.constant 0 : i64
  %neg_zero_0d = fuser.constant dense<-0.0> : tensor<f16>
  %0 = fuser.add %x, %neg_zero : (tensor<?xf32>, f64) -> tensor<?xf32>
  %1 = fuser.sub %x, %zero : (tensor<?xf32>, f64) -> tensor<?xf32>
  // alpha * 0.0 with alpha = -2 is -0.0.
  %2 = fuser.add %x, %zero {alpha = -2.0 : f64} : (tensor<?xf32>, f64) -> tensor<?xf32>
  %3 = fuser.add %h, %neg_zero_0d : (tensor<?xf16>, tensor<f16>) -> tensor<?xf16>
  %4 = fuser.sub %x, %izero : (tensor<?xf32>, i64) -> tensor<?xf32>
  %5 = fuser.add %x, %neg_zero {alpha = 3 : i64} : (tensor<?xf32>, f64) -> tensor<?xf32>
  fuser.yield %0, %1, %2, %3, %4, %5
      : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf16>,
        tensor<?xf32>, tensor<?xf32>
}

// -----

// CHECK-LABEL: fuser.group @sub_zero_no_fold(
// CHECK-COUNT-4: fuser.sub
// CHECK:         fuser.yield
fuser.group @sub_zero_no_fold(%x: tensor<?xf32>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %zero = fuser.constant 0.0 : f64
  %neg_zero = fuser.constant -0.0 : f64
  // x - (-1 * 0.0) is x + 0.0.
  %0 = fuser.sub %x, %zero {alpha = -1 : i64} : (tensor<?xf32>, f64) -> tensor<?xf32>
  // x - (-0.0) is x + 0.0.
  %1 = fuser.sub %x, %neg_zero : (tensor<?xf32>, f64) -> tensor<?xf32>
  // inf * 0.0 is NaN.
  %2 = fuser.sub %x, %zero {alpha = 0x7FF0000000000000 : f64}
      : (tensor<?xf32>, f64) -> tensor<?xf32>
  // 0.0 - x is not x.
  %3 = fuser.sub %zero, %x : (f64, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0, %1, %2, %3 : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

// CHECK-LABEL: fuser.group @add_zero_no_fold(
// CHECK-COUNT-4: fuser.add
// CHECK:         fuser.yield
fuser.group @add_zero_no_fold(%x: tensor<?xf32>, %i: tensor<?xi32>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>) {
  %neg_zero = fuser.constant -0.0 : f64
  %izero = fuser.constant 0 : i64
  %one = fuser.constant 1.0 : f64
  // alpha = inf: inf * -0.0 is NaN.
  %0 = fuser.add %x, %neg_zero {alpha = 0x7FF0000000000000 : f64}
      : (tensor<?xf32>, f64) -> tensor<?xf32>
  // i32 + (-0.0) is f32: not the type of x.
  %1 = fuser.add %i, %neg_zero : (tensor<?xi32>, f64) -> tensor<?xf32>
  // 0 + x: add is not commutative (alpha scales the rhs).
  %2 = fuser.add %izero, %x : (i64, tensor<?xf32>) -> tensor<?xf32>
  %3 = fuser.add %x, %one : (tensor<?xf32>, f64) -> tensor<?xf32>
  fuser.yield %0, %1, %2, %3 : tensor<?xf32>, tensor<?xf32>, tensor<?xf32>, tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Involutions
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @involutions(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32>, %[[I:[a-z0-9_]+]]: tensor<?xi64>, %[[B:[a-z0-9_]+]]: tensor<?xi1>
// CHECK-NOT:     fuser.neg
// CHECK-NOT:     fuser.bitwise_not
// CHECK-NOT:     fuser.logical_not
// CHECK:         fuser.yield %[[X]], %[[I]], %[[I]], %[[B]], %[[B]]
fuser.group @involutions(%x: tensor<?xf32>, %i: tensor<?xi64>, %b: tensor<?xi1>)
    -> (tensor<?xf32>, tensor<?xi64>, tensor<?xi64>, tensor<?xi1>,
        tensor<?xi1>) {
  %0 = fuser.neg %x : (tensor<?xf32>) -> tensor<?xf32>
  %1 = fuser.neg %0 : (tensor<?xf32>) -> tensor<?xf32>
  %2 = fuser.neg %i : (tensor<?xi64>) -> tensor<?xi64>
  %3 = fuser.neg %2 : (tensor<?xi64>) -> tensor<?xi64>
  %4 = fuser.bitwise_not %i : (tensor<?xi64>) -> tensor<?xi64>
  %5 = fuser.bitwise_not %4 : (tensor<?xi64>) -> tensor<?xi64>
  %6 = fuser.bitwise_not %b : (tensor<?xi1>) -> tensor<?xi1>
  %7 = fuser.bitwise_not %6 : (tensor<?xi1>) -> tensor<?xi1>
  %8 = fuser.logical_not %b : (tensor<?xi1>) -> tensor<?xi1>
  %9 = fuser.logical_not %8 : (tensor<?xi1>) -> tensor<?xi1>
  fuser.yield %1, %3, %5, %7, %9
      : tensor<?xf32>, tensor<?xi64>, tensor<?xi64>, tensor<?xi1>, tensor<?xi1>
}

// -----

// logical_not(logical_not(x)) is x != 0, not x, unless x is bool.

// CHECK-LABEL: fuser.group @logical_not_twice_non_bool(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32>
// CHECK:         %[[N0:.+]] = fuser.logical_not %[[X]] : (tensor<?xf32>) -> tensor<?xi1>
// CHECK:         %[[N1:.+]] = fuser.logical_not %[[N0]] : (tensor<?xi1>) -> tensor<?xi1>
// CHECK:         fuser.yield %[[N1]]
fuser.group @logical_not_twice_non_bool(%x: tensor<?xf32>) -> tensor<?xi1> {
  %0 = fuser.logical_not %x : (tensor<?xf32>) -> tensor<?xi1>
  %1 = fuser.logical_not %0 : (tensor<?xi1>) -> tensor<?xi1>
  fuser.yield %1 : tensor<?xi1>
}

// -----

// A single neg is kept, and neg(neg(x)) with a less static result is not x.

// CHECK-LABEL: fuser.group @neg_no_fold(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<4xf32>
// CHECK:         %[[N0:.+]] = fuser.neg %[[X]] : (tensor<4xf32>) -> tensor<4xf32>
// CHECK:         %[[N1:.+]] = fuser.neg %[[N0]] : (tensor<4xf32>) -> tensor<?xf32>
// CHECK:         fuser.yield %[[N0]], %[[N1]]
fuser.group @neg_no_fold(%x: tensor<4xf32>) -> (tensor<4xf32>, tensor<?xf32>) {
  %0 = fuser.neg %x : (tensor<4xf32>) -> tensor<4xf32>
  %1 = fuser.neg %0 : (tensor<4xf32>) -> tensor<?xf32>
  fuser.yield %0, %1 : tensor<4xf32>, tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// cast and type_as
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @cast_same_type(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32>
// CHECK-NOT:     fuser.cast
// CHECK:         fuser.yield %[[X]] : tensor<?xf32>
fuser.group @cast_same_type(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = fuser.cast %x : tensor<?xf32> to tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// CHECK-LABEL: fuser.group @cast_other_type(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<4xf32>
// CHECK:         %[[C0:.+]] = fuser.cast %[[X]] : tensor<4xf32> to tensor<4xf16>
// CHECK:         %[[C1:.+]] = fuser.cast %[[X]] : tensor<4xf32> to tensor<?xf32>
// CHECK:         fuser.yield %[[C0]], %[[C1]]
fuser.group @cast_other_type(%x: tensor<4xf32>) -> (tensor<4xf16>, tensor<?xf32>) {
  %0 = fuser.cast %x : tensor<4xf32> to tensor<4xf16>
  %1 = fuser.cast %x : tensor<4xf32> to tensor<?xf32>
  fuser.yield %0, %1 : tensor<4xf16>, tensor<?xf32>
}

// -----

// CHECK-LABEL: fuser.group @type_as_to_cast(
// CHECK-SAME:      %[[M:[a-z0-9_]+]]: tensor<?x?xi1>, %[[X:[a-z0-9_]+]]: tensor<?xf32>, %[[Y:[a-z0-9_]+]]: tensor<?x?xi1>
// CHECK-NOT:     fuser.type_as
// CHECK:         %[[C:.+]] = fuser.cast %[[M]] : tensor<?x?xi1> to tensor<?x?xf32>
// CHECK-NOT:     fuser.cast
// CHECK:         fuser.yield %[[C]], %[[M]]
fuser.group @type_as_to_cast(%m: tensor<?x?xi1>, %x: tensor<?xf32>, %y: tensor<?x?xi1>)
    -> (tensor<?x?xf32>, tensor<?x?xi1>) {
  %0 = fuser.type_as %m, %x : (tensor<?x?xi1>, tensor<?xf32>) -> tensor<?x?xf32>
  // Same element type: a cast to the same type, which folds away.
  %1 = fuser.type_as %m, %y : (tensor<?x?xi1>, tensor<?x?xi1>) -> tensor<?x?xi1>
  fuser.yield %0, %1 : tensor<?x?xf32>, tensor<?x?xi1>
}

// -----

//===----------------------------------------------------------------------===//
// chunk and concat
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @normalize_dims(
// CHECK:         fuser.chunk %{{.+}} into 2 along 1 : tensor<?x?xf32>
// CHECK:         fuser.chunk %{{.+}} into 4 along 0 : tensor<?xf16>
// CHECK:         fuser.concat %{{.+}}, %{{.+}} along 1 : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
// CHECK:         fuser.concat %{{.+}}, %{{.+}} along 0 : tensor<?xf16>, tensor<?xf16> -> tensor<?xf16>
fuser.group @normalize_dims(%x: tensor<?x?xf32>, %y: tensor<?xf16>)
    -> (tensor<?x?xf32>, tensor<?xf16>) {
  %a, %b = fuser.chunk %x into 2 along -1 : tensor<?x?xf32>
  %c, %d, %e, %f = fuser.chunk %y into 4 along -1 : tensor<?xf16>
  %0 = fuser.concat %b, %a along -1 : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %1 = fuser.concat %f, %c along -1 : tensor<?xf16>, tensor<?xf16> -> tensor<?xf16>
  fuser.yield %0, %1 : tensor<?x?xf32>, tensor<?xf16>
}

// -----

// CHECK-LABEL: fuser.group @single_input_concat(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x3xf32>
// CHECK:         %[[N:.+]] = fuser.neg %[[X]]
// CHECK-NOT:     fuser.concat
// CHECK:         fuser.yield %[[N]], %[[N]]
fuser.group @single_input_concat(%x: tensor<?x3xf32>)
    -> (tensor<?x3xf32>, tensor<?x3xf32>) {
  %n = fuser.neg %x : (tensor<?x3xf32>) -> tensor<?x3xf32>
  %0 = fuser.concat %n along 0 : tensor<?x3xf32> -> tensor<?x3xf32>
  %1 = fuser.concat %n along -1 : tensor<?x3xf32> -> tensor<?x3xf32>
  fuser.yield %0, %1 : tensor<?x3xf32>, tensor<?x3xf32>
}

// -----

// A single-input concat that changes the type stays (with its dim
// normalised).

// CHECK-LABEL: fuser.group @single_input_concat_changes_type(
// CHECK:         %[[C0:.+]] = fuser.concat %{{.+}} along 0 : tensor<4xf16> -> tensor<?xf16>
// CHECK:         fuser.yield %[[C0]]
fuser.group @single_input_concat_changes_type(%x: tensor<4xf16>) -> tensor<?xf16> {
  %0 = fuser.concat %x along -1 : tensor<4xf16> -> tensor<?xf16>
  fuser.yield %0 : tensor<?xf16>
}

// -----

// CHECK-LABEL: fuser.group @chunk_into_one(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf32>, %[[Y:[a-z0-9_]+]]: tensor<?xf32>
// CHECK-NOT:     fuser.chunk
// CHECK:         %[[S:.+]] = fuser.sigmoid %[[X]]
// CHECK:         fuser.yield %[[S]], %[[Y]]
fuser.group @chunk_into_one(%x: tensor<?x?xf32>, %y: tensor<?xf32>)
    -> (tensor<?x?xf32>, tensor<?xf32>) {
  %a = fuser.chunk %x into 1 along 1 : tensor<?x?xf32>
  %b = fuser.chunk %y into 1 along -1 : tensor<?xf32>
  %0 = fuser.sigmoid %a : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0, %b : tensor<?x?xf32>, tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// 0-dim tensor constants become scalar constants when that keeps the type
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @scalarize_zero_dim(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32>, %[[I:[a-z0-9_]+]]: tensor<?xi32>, %[[U:[a-z0-9_]+]]: tensor<?xui8>
// CHECK-NOT:     dense
// CHECK-DAG:     %[[F:.+]] = fuser.constant 2.500000e+00 : f64
// CHECK-DAG:     %[[N:.+]] = fuser.constant 3 : i64
// CHECK-DAG:     %[[U200:.+]] = fuser.constant 200 : i64
// CHECK-DAG:     %[[Q:.+]] = fuser.constant 2.500000e-01 : f64
// CHECK-NOT:     dense
// CHECK:         %[[R0:.+]] = fuser.add %[[X]], %[[F]] : (tensor<?xf32>, f64) -> tensor<?xf32>
// CHECK-NEXT:    %[[R1:.+]] = fuser.sub %[[F]], %[[X]] : (f64, tensor<?xf32>) -> tensor<?xf32>
// CHECK-NEXT:    %[[R2:.+]] = fuser.mul %[[I]], %[[N]] : (tensor<?xi32>, i64) -> tensor<?xi32>
// CHECK-NEXT:    %[[R3:.+]] = fuser.div %[[I]], %[[N]] : (tensor<?xi32>, i64) -> tensor<?xf32>
// CHECK-NEXT:    %[[R4:.+]] = fuser.div %[[I]], %[[N]] rounding_mode floor : (tensor<?xi32>, i64) -> tensor<?xi32>
// CHECK-NEXT:    %[[R5:.+]] = fuser.add %[[U]], %[[U200]] : (tensor<?xui8>, i64) -> tensor<?xui8>
// CHECK-NEXT:    %[[R6:.+]] = fuser.mul %[[I]], %[[Q]] : (tensor<?xi32>, f64) -> tensor<?xf32>
// CHECK-NEXT:    fuser.yield %[[R0]], %[[R1]], %[[R2]], %[[R3]], %[[R4]], %[[R5]], %[[R6]] :
fuser.group @scalarize_zero_dim(%x: tensor<?xf32>, %i: tensor<?xi32>, %u: tensor<?xui8>)
    -> (tensor<?xf32>, tensor<?xf32>, tensor<?xi32>, tensor<?xf32>,
        tensor<?xi32>, tensor<?xui8>, tensor<?xf32>) {
  %f = fuser.constant dense<2.5> : tensor<f64>
  %n = fuser.constant dense<3> : tensor<i64>
  %u200 = fuser.constant dense<200> : tensor<ui8>
  %q = fuser.constant dense<0.25> : tensor<f32>
  // f32 tensor + 0-dim f64 is f32, like f32 tensor + Python float.
  %0 = fuser.add %x, %f : (tensor<?xf32>, tensor<f64>) -> tensor<?xf32>
  %1 = fuser.sub %f, %x : (tensor<f64>, tensor<?xf32>) -> tensor<?xf32>
  %2 = fuser.mul %i, %n : (tensor<?xi32>, tensor<i64>) -> tensor<?xi32>
  %3 = fuser.div %i, %n : (tensor<?xi32>, tensor<i64>) -> tensor<?xf32>
  %4 = fuser.div %i, %n rounding_mode floor : (tensor<?xi32>, tensor<i64>) -> tensor<?xi32>
  // ui8 values are zero-extended.
  %5 = fuser.add %u, %u200 : (tensor<?xui8>, tensor<ui8>) -> tensor<?xui8>
  // i32 tensor * 0-dim f32 is f32, like i32 tensor * Python float.
  %6 = fuser.mul %i, %q : (tensor<?xi32>, tensor<f32>) -> tensor<?xf32>
  fuser.yield %0, %1, %2, %3, %4, %5, %6
      : tensor<?xf32>, tensor<?xf32>, tensor<?xi32>, tensor<?xf32>,
        tensor<?xi32>, tensor<?xui8>, tensor<?xf32>
}

// -----

// i32 tensor + 0-dim f64 is f64, but i32 tensor + Python float is f32: the
// 0-dim constant must stay. Likewise bool tensor + 0-dim i32 is i32, but
// bool tensor + Python int is i64, and i32 tensor + 0-dim f16 is f16.

// CHECK-LABEL: fuser.group @scalarize_zero_dim_changes_type(
// CHECK-SAME:      %[[I:[a-z0-9_]+]]: tensor<?xi32>, %[[B:[a-z0-9_]+]]: tensor<?xi1>
// CHECK-NOT:     fuser.constant {{.+}} : {{f64|i64|i1}}
// CHECK-DAG:     %[[D:.+]] = fuser.constant dense<1.500000e+00> : tensor<f64>
// CHECK-DAG:     %[[N:.+]] = fuser.constant dense<2> : tensor<i32>
// CHECK-DAG:     %[[H:.+]] = fuser.constant dense<5.000000e-01> : tensor<f16>
// CHECK-NOT:     fuser.constant
// CHECK:         fuser.add %[[I]], %[[D]] : (tensor<?xi32>, tensor<f64>) -> tensor<?xf64>
// CHECK-NEXT:    fuser.mul %[[B]], %[[N]] : (tensor<?xi1>, tensor<i32>) -> tensor<?xi32>
// CHECK-NEXT:    fuser.sub %[[I]], %[[H]] : (tensor<?xi32>, tensor<f16>) -> tensor<?xf16>
// CHECK-NEXT:    fuser.div %[[D]], %[[I]] rounding_mode trunc : (tensor<f64>, tensor<?xi32>) -> tensor<?xf64>
// CHECK-NEXT:    fuser.yield
fuser.group @scalarize_zero_dim_changes_type(%i: tensor<?xi32>, %b: tensor<?xi1>)
    -> (tensor<?xf64>, tensor<?xi32>, tensor<?xf16>, tensor<?xf64>) {
  %d = fuser.constant dense<1.5> : tensor<f64>
  %n = fuser.constant dense<2> : tensor<i32>
  %h = fuser.constant dense<0.5> : tensor<f16>
  %0 = fuser.add %i, %d : (tensor<?xi32>, tensor<f64>) -> tensor<?xf64>
  %1 = fuser.mul %b, %n : (tensor<?xi1>, tensor<i32>) -> tensor<?xi32>
  %2 = fuser.sub %i, %h : (tensor<?xi32>, tensor<f16>) -> tensor<?xf16>
  %3 = fuser.div %d, %i rounding_mode trunc : (tensor<f64>, tensor<?xi32>) -> tensor<?xf64>
  fuser.yield %0, %1, %2, %3 : tensor<?xf64>, tensor<?xi32>, tensor<?xf16>, tensor<?xf64>
}

// -----

// Only add, sub, mul and div take scalar constants this way, and only next
// to a tensor operand. max is not commutative (the sign of a zero result
// depends on the order), so its operands keep their order.

// CHECK-LABEL: fuser.group @scalarize_zero_dim_other_ops(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32>
// CHECK:         %[[C:.+]] = fuser.constant dense<2.000000e+00> : tensor<f32>
// CHECK:         fuser.pow %[[X]], %[[C]] : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
// CHECK:         fuser.max %[[C]], %[[X]] : (tensor<f32>, tensor<?xf32>) -> tensor<?xf32>
fuser.group @scalarize_zero_dim_other_ops(%x: tensor<?xf32>)
    -> (tensor<?xf32>, tensor<?xf32>) {
  %c = fuser.constant dense<2.0> : tensor<f32>
  %0 = fuser.pow %x, %c : (tensor<?xf32>, tensor<f32>) -> tensor<?xf32>
  %1 = fuser.max %c, %x : (tensor<f32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0, %1 : tensor<?xf32>, tensor<?xf32>
}

// -----

//===----------------------------------------------------------------------===//
// Constants and random numbers
//===----------------------------------------------------------------------===//

// CHECK-LABEL: fuser.group @duplicate_constants(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32>
// CHECK-NEXT:    %[[C:.+]] = fuser.constant 2.000000e+00 : f64
// CHECK-NEXT:    %[[A:.+]] = fuser.mul %[[X]], %[[C]]
// CHECK-NEXT:    %[[B:.+]] = fuser.add %[[A]], %[[C]]
// CHECK-NEXT:    fuser.yield %[[B]]
fuser.group @duplicate_constants(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c0 = fuser.constant 2.0 : f64
  %0 = fuser.mul %x, %c0 : (tensor<?xf32>, f64) -> tensor<?xf32>
  %c1 = fuser.constant 2.0 : f64
  %1 = fuser.add %0, %c1 : (tensor<?xf32>, f64) -> tensor<?xf32>
  // Unused constants are removed.
  %c2 = fuser.constant 3 : i64
  fuser.yield %1 : tensor<?xf32>
}

// -----

// Different types are different constants: 2.0 : f64 and 2 : i64 and the
// 0-dim f64 tensor 2.0.

// CHECK-LABEL: fuser.group @distinct_constants(
// CHECK-DAG:     fuser.constant 2.000000e+00 : f64
// CHECK-DAG:     fuser.constant 2 : i64
// CHECK-DAG:     fuser.constant dense<2.000000e+00> : tensor<f64>
// CHECK:         fuser.yield
fuser.group @distinct_constants(%i: tensor<?xi32>)
    -> (tensor<?xf32>, tensor<?xi32>, tensor<?xf64>) {
  %f = fuser.constant 2.0 : f64
  %n = fuser.constant 2 : i64
  %d = fuser.constant dense<2.0> : tensor<f64>
  %0 = fuser.mul %i, %f : (tensor<?xi32>, f64) -> tensor<?xf32>
  %1 = fuser.mul %i, %n : (tensor<?xi32>, i64) -> tensor<?xi32>
  %2 = fuser.mul %i, %d : (tensor<?xi32>, tensor<f64>) -> tensor<?xf64>
  fuser.yield %0, %1, %2 : tensor<?xf32>, tensor<?xi32>, tensor<?xf64>
}

// -----

// rand_like reads and advances the generator: never merged, never removed.

// CHECK-LABEL: fuser.group @rand_like_kept(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32>
// CHECK:         %[[R0:.+]] = fuser.rand_like %[[X]] : (tensor<?xf32>) -> tensor<?xf32>
// CHECK:         %[[R1:.+]] = fuser.rand_like %[[X]] : (tensor<?xf32>) -> tensor<?xf32>
// CHECK:         fuser.rand_like %[[X]] {dtype = f16} : (tensor<?xf32>) -> tensor<?xf16>
// CHECK:         fuser.yield %[[R0]], %[[R1]]
// CSE-LABEL:     fuser.group @rand_like_kept(
// CSE-SAME:          %[[X:[a-z0-9_]+]]: tensor<?xf32>
// CSE:           %[[R0:.+]] = fuser.rand_like %[[X]] : (tensor<?xf32>) -> tensor<?xf32>
// CSE:           %[[R1:.+]] = fuser.rand_like %[[X]] : (tensor<?xf32>) -> tensor<?xf32>
// CSE:           fuser.rand_like %[[X]] {dtype = f16} : (tensor<?xf32>) -> tensor<?xf16>
// CSE:           fuser.yield %[[R0]], %[[R1]]
fuser.group @rand_like_kept(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %0 = fuser.rand_like %x : (tensor<?xf32>) -> tensor<?xf32>
  %1 = fuser.rand_like %x : (tensor<?xf32>) -> tensor<?xf32>
  // Unused, but it still advances the generator.
  %2 = fuser.rand_like %x {dtype = f16} : (tensor<?xf32>) -> tensor<?xf16>
  fuser.yield %0, %1 : tensor<?xf32>, tensor<?xf32>
}

// -----

// Pure ops, by contrast, are merged by CSE and removed when unused.

// CHECK-LABEL: fuser.group @pure_ops_cse(
// CHECK-COUNT-2: fuser.exp
// CHECK-NOT:     fuser.exp
// CHECK-NOT:     fuser.sin
// CSE-LABEL:     fuser.group @pure_ops_cse(
// CSE-SAME:          %[[X:[a-z0-9_]+]]: tensor<?xf32>
// CSE:           %[[E:.+]] = fuser.exp %[[X]]
// CSE-NOT:       fuser.exp
// CSE-NOT:       fuser.sin
// CSE:           fuser.yield %[[E]], %[[E]]
fuser.group @pure_ops_cse(%x: tensor<?xf32>) -> (tensor<?xf32>, tensor<?xf32>) {
  %0 = fuser.exp %x : (tensor<?xf32>) -> tensor<?xf32>
  %1 = fuser.exp %x : (tensor<?xf32>) -> tensor<?xf32>
  %2 = fuser.sin %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0, %1 : tensor<?xf32>, tensor<?xf32>
}
