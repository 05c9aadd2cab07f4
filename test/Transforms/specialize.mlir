// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize))' | FileCheck %s --check-prefix=DEF
// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize{element-types=f16,bf16 input-layouts=10,01 output-layouts=01,10 index-bitwidth=32 device=cuda}))' | FileCheck %s --check-prefix=SPEC
// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize{element-types=-,- input-layouts=00,11}))' | FileCheck %s --check-prefix=KEEP

// Every group here has two tensor arguments and two results of rank 2, so
// that the three argument specs above apply to each of them:
//  - no options (prefix DEF): declared types, every tensor contiguous,
//    64-bit indices, CPU;
//  - retyped to (f16, bf16), explicit layouts, 32-bit indices, CUDA (prefix
//    SPEC);
//  - `-` keeps both types; input layouts only, so the results are taken as
//    contiguous (prefix KEEP).
// Layouts have one bit per dimension of the iteration shape (the results'
// rank, 2), also for arguments of lower rank.

// A broadcast row (rank 1) beside a 2-D tensor and a runtime scalar.

// DEF-LABEL: fuser.group @scale_add_row(
// DEF-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>},
// DEF-SAME:      %[[R:[a-z0-9_]+]]: tensor<?xf32> {fuser.contiguity = array<i1: true, true>},
// DEF-SAME:      %[[S:[a-z0-9_]+]]: f64)
// DEF-SAME:      -> (tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>}, tensor<?x?xi1> {fuser.contiguity = array<i1: true, true>})
// DEF-SAME:      attributes {fuser.device = "cpu", fuser.index_bitwidth = 64 : i64}
// DEF-NEXT:    %[[A:.+]] = fuser.mul %[[X]], %[[S]] : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
// DEF-NEXT:    %[[B:.+]] = fuser.add %[[A]], %[[R]] : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
// DEF-NEXT:    %[[C:.+]] = fuser.gt %[[B]], %[[S]] : (tensor<?x?xf32>, f64) -> tensor<?x?xi1>
// DEF-NEXT:    fuser.yield %[[B]], %[[C]] : tensor<?x?xf32>, tensor<?x?xi1>

// f16 * Python float stays f16; f16 + bf16 promotes to f32; the comparison
// is i1 whatever the operands. The rank-1 row gets the map-rank layout `01`.

// SPEC-LABEL: fuser.group @scale_add_row(
// SPEC-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf16> {fuser.contiguity = array<i1: true, false>},
// SPEC-SAME:      %[[R:[a-z0-9_]+]]: tensor<?xbf16> {fuser.contiguity = array<i1: false, true>},
// SPEC-SAME:      %[[S:[a-z0-9_]+]]: f64)
// SPEC-SAME:      -> (tensor<?x?xf32> {fuser.contiguity = array<i1: false, true>}, tensor<?x?xi1> {fuser.contiguity = array<i1: true, false>})
// SPEC-SAME:      attributes {fuser.device = "cuda", fuser.index_bitwidth = 32 : i64}
// SPEC-NEXT:    %[[A:.+]] = fuser.mul %[[X]], %[[S]] : (tensor<?x?xf16>, f64) -> tensor<?x?xf16>
// SPEC-NEXT:    %[[B:.+]] = fuser.add %[[A]], %[[R]] : (tensor<?x?xf16>, tensor<?xbf16>) -> tensor<?x?xf32>
// SPEC-NEXT:    %[[C:.+]] = fuser.gt %[[B]], %[[S]] : (tensor<?x?xf32>, f64) -> tensor<?x?xi1>
// SPEC-NEXT:    fuser.yield %[[B]], %[[C]] : tensor<?x?xf32>, tensor<?x?xi1>

// KEEP-LABEL: fuser.group @scale_add_row(
// KEEP-SAME:      %{{[a-z0-9_]+}}: tensor<?x?xf32> {fuser.contiguity = array<i1: false, false>},
// KEEP-SAME:      %{{[a-z0-9_]+}}: tensor<?xf32> {fuser.contiguity = array<i1: true, true>},
// KEEP-SAME:      %{{[a-z0-9_]+}}: f64)
// KEEP-SAME:      -> (tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>}, tensor<?x?xi1> {fuser.contiguity = array<i1: true, true>})
// KEEP-SAME:      attributes {fuser.device = "cpu", fuser.index_bitwidth = 64 : i64}
// KEEP-NEXT:    fuser.mul %{{.+}} : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
// KEEP-NEXT:    fuser.add %{{.+}} : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
// KEEP-NEXT:    fuser.gt %{{.+}} : (tensor<?x?xf32>, f64) -> tensor<?x?xi1>
fuser.group @scale_add_row(%x: tensor<?x?xf32>, %row: tensor<?xf32>, %s: f64)
    -> (tensor<?x?xf32>, tensor<?x?xi1>) {
  %0 = fuser.mul %x, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %1 = fuser.add %0, %row : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %2 = fuser.gt %1, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xi1>
  fuser.yield %1, %2 : tensor<?x?xf32>, tensor<?x?xi1>
}

// -----

// Integer arguments become floating point: every type downstream follows,
// a static broadcast dimension is kept, and an explicit cast keeps its
// target element type.

// DEF-LABEL: fuser.group @integers(
// DEF-SAME:      tensor<?x?xi32> {fuser.contiguity = array<i1: true, true>},
// DEF-SAME:      tensor<1x?xi8> {fuser.contiguity = array<i1: true, true>})
// DEF-SAME:      -> (tensor<?x?xi32> {fuser.contiguity = array<i1: true, true>}, tensor<1x?xi64> {fuser.contiguity = array<i1: true, true>})
// DEF-SAME:      attributes {fuser.device = "cpu", fuser.index_bitwidth = 64 : i64}
// DEF-NEXT:    fuser.add %{{.+}} : (tensor<?x?xi32>, tensor<1x?xi8>) -> tensor<?x?xi32>
// DEF-NEXT:    fuser.neg %{{.+}} : (tensor<1x?xi8>) -> tensor<1x?xi8>
// DEF-NEXT:    fuser.cast %{{.+}} : tensor<1x?xi8> to tensor<1x?xi64>

// SPEC-LABEL: fuser.group @integers(
// SPEC-SAME:      %[[A:[a-z0-9_]+]]: tensor<?x?xf16> {fuser.contiguity = array<i1: true, false>},
// SPEC-SAME:      %[[B:[a-z0-9_]+]]: tensor<1x?xbf16> {fuser.contiguity = array<i1: false, true>})
// SPEC-SAME:      -> (tensor<?x?xf32> {fuser.contiguity = array<i1: false, true>}, tensor<1x?xi64> {fuser.contiguity = array<i1: true, false>})
// SPEC-SAME:      attributes {fuser.device = "cuda", fuser.index_bitwidth = 32 : i64}
// SPEC-NEXT:    %[[S:.+]] = fuser.add %[[A]], %[[B]] : (tensor<?x?xf16>, tensor<1x?xbf16>) -> tensor<?x?xf32>
// SPEC-NEXT:    %[[N:.+]] = fuser.neg %[[B]] : (tensor<1x?xbf16>) -> tensor<1x?xbf16>
// SPEC-NEXT:    %[[C:.+]] = fuser.cast %[[N]] : tensor<1x?xbf16> to tensor<1x?xi64>
// SPEC-NEXT:    fuser.yield %[[S]], %[[C]] : tensor<?x?xf32>, tensor<1x?xi64>

// KEEP-LABEL: fuser.group @integers(
// KEEP-SAME:      tensor<?x?xi32> {fuser.contiguity = array<i1: false, false>},
// KEEP-SAME:      tensor<1x?xi8> {fuser.contiguity = array<i1: true, true>})
// KEEP-SAME:      -> (tensor<?x?xi32> {fuser.contiguity = array<i1: true, true>}, tensor<1x?xi64> {fuser.contiguity = array<i1: true, true>})
fuser.group @integers(%a: tensor<?x?xi32>, %b: tensor<1x?xi8>)
    -> (tensor<?x?xi32>, tensor<1x?xi64>) {
  %0 = fuser.add %a, %b : (tensor<?x?xi32>, tensor<1x?xi8>) -> tensor<?x?xi32>
  %1 = fuser.neg %b : (tensor<1x?xi8>) -> tensor<1x?xi8>
  %2 = fuser.cast %1 : tensor<1x?xi8> to tensor<1x?xi64>
  fuser.yield %0, %2 : tensor<?x?xi32>, tensor<1x?xi64>
}

// -----

// A 0-dim tensor argument is described at the iteration rank too (two bits).
// 0-dim tensors promote below dimensioned ones: f16 beside a 0-dim bf16
// stays f16.

// DEF-LABEL: fuser.group @zero_dim(
// DEF-SAME:      tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>},
// DEF-SAME:      tensor<f32> {fuser.contiguity = array<i1: true, true>})

// SPEC-LABEL: fuser.group @zero_dim(
// SPEC-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf16> {fuser.contiguity = array<i1: true, false>},
// SPEC-SAME:      %[[Z:[a-z0-9_]+]]: tensor<bf16> {fuser.contiguity = array<i1: false, true>})
// SPEC-SAME:      -> (tensor<?x?xf16> {fuser.contiguity = array<i1: false, true>}, tensor<?x?xf32> {fuser.contiguity = array<i1: true, false>})
// SPEC-NEXT:    %[[M:.+]] = fuser.mul %[[X]], %[[Z]] : (tensor<?x?xf16>, tensor<bf16>) -> tensor<?x?xf16>
// SPEC-NEXT:    %[[R:.+]] = fuser.rand_like %[[M]] {dtype = f32} : (tensor<?x?xf16>) -> tensor<?x?xf32>
// SPEC-NEXT:    fuser.yield %[[M]], %[[R]] : tensor<?x?xf16>, tensor<?x?xf32>

// KEEP-LABEL: fuser.group @zero_dim(
// KEEP-SAME:      tensor<?x?xf32> {fuser.contiguity = array<i1: false, false>},
// KEEP-SAME:      tensor<f32> {fuser.contiguity = array<i1: true, true>})
fuser.group @zero_dim(%x: tensor<?x?xf32>, %z: tensor<f32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = fuser.mul %x, %z : (tensor<?x?xf32>, tensor<f32>) -> tensor<?x?xf32>
  %1 = fuser.rand_like %0 {dtype = f32} : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0, %1 : tensor<?x?xf32>, tensor<?x?xf32>
}
