// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-partition))' | FileCheck %s

// Contiguity attributes are written by hand here (fuser-specialize would
// write them); layouts have one bit per dimension of the iteration shape.

// A chunk along dimension 1 becomes three arguments in place of the chunked
// one, before the scalar. Each slice says where it comes from ([source
// argument, slice, count, dim]) and cannot merge dimension 0 with 1: bit 0
// is cleared, bit 1 (unit inner stride) kept.

// CHECK-LABEL: fuser.group @chunk_dim1(
// CHECK-SAME:      %[[A:[a-z0-9_]+]]: tensor<?x2xf32> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 0, 0, 3, 1>},
// CHECK-SAME:      %[[B:[a-z0-9_]+]]: tensor<?x2xf32> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 0, 1, 3, 1>},
// CHECK-SAME:      %[[C:[a-z0-9_]+]]: tensor<?x2xf32> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 0, 2, 3, 1>},
// CHECK-SAME:      %[[S:[a-z0-9_]+]]: f64)
// CHECK-SAME:      -> (tensor<?x2xf32> {fuser.contiguity = array<i1: true, true>})
// CHECK-NOT:     fuser.chunk
// CHECK:         %[[X:.+]] = fuser.add %[[A]], %[[B]] : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
// CHECK-NEXT:    %[[Y:.+]] = fuser.mul %[[X]], %[[C]] : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
// CHECK-NEXT:    %[[Z:.+]] = fuser.mul %[[Y]], %[[S]] : (tensor<?x2xf32>, f64) -> tensor<?x2xf32>
// CHECK-NEXT:    fuser.yield %[[Z]] : tensor<?x2xf32>
fuser.group @chunk_dim1(%g: tensor<?x6xf32> {fuser.contiguity = array<i1: true, true>},
                        %s: f64)
    -> (tensor<?x2xf32> {fuser.contiguity = array<i1: true, true>}) {
  %a, %b, %c = fuser.chunk %g into 3 along 1 : tensor<?x6xf32>
  %0 = fuser.add %a, %b : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  %1 = fuser.mul %0, %c : (tensor<?x2xf32>, tensor<?x2xf32>) -> tensor<?x2xf32>
  %2 = fuser.mul %1, %s : (tensor<?x2xf32>, f64) -> tensor<?x2xf32>
  fuser.yield %2 : tensor<?x2xf32>
}

// -----

// A chunk along dimension 0 keeps every bit: slices of the outermost
// dimension are laid out like the whole tensor.

// CHECK-LABEL: fuser.group @chunk_dim0(
// CHECK-SAME:      %[[A:[a-z0-9_]+]]: tensor<4x?x?xi32> {fuser.contiguity = array<i1: true, false, true>, fuser.partition = array<i64: 0, 0, 2, 0>},
// CHECK-SAME:      %[[B:[a-z0-9_]+]]: tensor<4x?x?xi32> {fuser.contiguity = array<i1: true, false, true>, fuser.partition = array<i64: 0, 1, 2, 0>})
// CHECK-SAME:      -> (tensor<4x?x?xi32> {fuser.contiguity = array<i1: true, true, true>})
// CHECK-NEXT:    %[[X:.+]] = fuser.sub %[[A]], %[[B]] : (tensor<4x?x?xi32>, tensor<4x?x?xi32>) -> tensor<4x?x?xi32>
// CHECK-NEXT:    fuser.yield %[[X]] : tensor<4x?x?xi32>
fuser.group @chunk_dim0(%g: tensor<8x?x?xi32> {fuser.contiguity = array<i1: true, false, true>})
    -> (tensor<4x?x?xi32> {fuser.contiguity = array<i1: true, true, true>}) {
  %a, %b = fuser.chunk %g into 2 along 0 : tensor<8x?x?xi32>
  %0 = fuser.sub %a, %b : (tensor<4x?x?xi32>, tensor<4x?x?xi32>) -> tensor<4x?x?xi32>
  fuser.yield %0 : tensor<4x?x?xi32>
}

// -----

// A negative chunk dim is resolved against the rank: -1 of a 3-D tensor is
// dimension 2, so bit 1 is cleared and the recorded dim is 2.

// CHECK-LABEL: fuser.group @negative_dim(
// CHECK-SAME:      %[[A:[a-z0-9_]+]]: tensor<?x?x3xf16> {fuser.contiguity = array<i1: true, false, true>, fuser.partition = array<i64: 0, 0, 2, 2>},
// CHECK-SAME:      %[[B:[a-z0-9_]+]]: tensor<?x?x3xf16> {fuser.contiguity = array<i1: true, false, true>, fuser.partition = array<i64: 0, 1, 2, 2>})
// CHECK-NOT:     fuser.chunk
// CHECK:         %[[X:.+]] = fuser.max %[[A]], %[[B]] : (tensor<?x?x3xf16>, tensor<?x?x3xf16>) -> tensor<?x?x3xf16>
// CHECK-NEXT:    fuser.yield %[[X]]
fuser.group @negative_dim(%g: tensor<?x?x6xf16> {fuser.contiguity = array<i1: true, true, true>})
    -> tensor<?x?x3xf16> {
  %a, %b = fuser.chunk %g into 2 along -1 : tensor<?x?x6xf16>
  %0 = fuser.max %a, %b : (tensor<?x?x3xf16>, tensor<?x?x3xf16>) -> tensor<?x?x3xf16>
  fuser.yield %0 : tensor<?x?x3xf16>
}

// -----

// Several chunked arguments around a plain one: the source index is the
// argument's index before partitioning (0 and 2), the plain argument keeps
// its attributes and gets no fuser.partition, and every use is rewired to
// its own slice. Without fuser.contiguity on the source, a slice only gets
// fuser.partition.

// CHECK-LABEL: fuser.group @several_chunks(
// CHECK-SAME:      %[[A0:[a-z0-9_]+]]: tensor<?x2xf32> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 0, 0, 2, 1>},
// CHECK-SAME:      %[[A1:[a-z0-9_]+]]: tensor<?x2xf32> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 0, 1, 2, 1>},
// CHECK-SAME:      %[[P:[a-z0-9_]+]]: tensor<?x?xf32> {fuser.contiguity = array<i1: false, false>},
// CHECK-SAME:      %[[C0:[a-z0-9_]+]]: tensor<1x?xf32> {fuser.partition = array<i64: 2, 0, 3, 0>},
// CHECK-SAME:      %[[C1:[a-z0-9_]+]]: tensor<1x?xf32> {fuser.partition = array<i64: 2, 1, 3, 0>},
// CHECK-SAME:      %[[C2:[a-z0-9_]+]]: tensor<1x?xf32> {fuser.partition = array<i64: 2, 2, 3, 0>},
// CHECK-SAME:      %[[S:[a-z0-9_]+]]: f64)
// CHECK-NOT:     fuser.chunk
// CHECK:         %[[X:.+]] = fuser.add %[[A1]], %[[C2]] : (tensor<?x2xf32>, tensor<1x?xf32>) -> tensor<?x2xf32>
// CHECK-NEXT:    %[[Y:.+]] = fuser.mul %[[A0]], %[[C0]] : (tensor<?x2xf32>, tensor<1x?xf32>) -> tensor<?x2xf32>
// CHECK-NEXT:    %[[M:.+]] = fuser.gt %[[Y]], %[[S]] : (tensor<?x2xf32>, f64) -> tensor<?x2xi1>
// CHECK-NEXT:    %[[Z:.+]] = fuser.where %[[M]], %[[C1]], %[[P]] : (tensor<?x2xi1>, tensor<1x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    fuser.yield %[[X]], %[[Y]], %[[Z]]
fuser.group @several_chunks(%a: tensor<?x4xf32> {fuser.contiguity = array<i1: true, true>},
                            %p: tensor<?x?xf32> {fuser.contiguity = array<i1: false, false>},
                            %c: tensor<3x?xf32>, %s: f64)
    -> (tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x?xf32>) {
  %a0, %a1 = fuser.chunk %a into 2 along 1 : tensor<?x4xf32>
  %c0, %c1, %c2 = fuser.chunk %c into 3 along -2 : tensor<3x?xf32>
  %0 = fuser.add %a1, %c2 : (tensor<?x2xf32>, tensor<1x?xf32>) -> tensor<?x2xf32>
  %1 = fuser.mul %a0, %c0 : (tensor<?x2xf32>, tensor<1x?xf32>) -> tensor<?x2xf32>
  %m = fuser.gt %1, %s : (tensor<?x2xf32>, f64) -> tensor<?x2xi1>
  %2 = fuser.where %m, %c1, %p
      : (tensor<?x2xi1>, tensor<1x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0, %1, %2 : tensor<?x2xf32>, tensor<?x2xf32>, tensor<?x?xf32>
}

// -----

// A concat result becomes one result per operand, each cast to the concat's
// element type where it differs (f16 and i1 operands of an f32 concat); an
// operand that is a group argument is returned directly. The slices carry
// [source result, slice, count, dim] with -1 resolved to 1, and the
// source's contiguity with bit 0 cleared.

// CHECK-LABEL: fuser.group @concat_casts(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?x?xf16>, %[[Y:[a-z0-9_]+]]: tensor<?x?xf32>, %[[M:[a-z0-9_]+]]: tensor<?x?xi1>)
// CHECK-SAME:      -> (tensor<?x?xf32> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 0, 0, 3, 1>},
// CHECK-SAME:          tensor<?x?xf32> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 0, 1, 3, 1>},
// CHECK-SAME:          tensor<?x?xf32> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 0, 2, 3, 1>})
// CHECK-NEXT:    %[[N:.+]] = fuser.neg %[[X]] : (tensor<?x?xf16>) -> tensor<?x?xf16>
// CHECK-NEXT:    %[[NC:.+]] = fuser.cast %[[N]] : tensor<?x?xf16> to tensor<?x?xf32>
// CHECK-NEXT:    %[[MC:.+]] = fuser.cast %[[M]] : tensor<?x?xi1> to tensor<?x?xf32>
// CHECK-NEXT:    fuser.yield %[[NC]], %[[Y]], %[[MC]] : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
// CHECK-NEXT:  }
fuser.group @concat_casts(%x: tensor<?x?xf16>, %y: tensor<?x?xf32>, %m: tensor<?x?xi1>)
    -> (tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>}) {
  %n = fuser.neg %x : (tensor<?x?xf16>) -> tensor<?x?xf16>
  %c = fuser.concat %n, %y, %m along -1
      : tensor<?x?xf16>, tensor<?x?xf32>, tensor<?x?xi1> -> tensor<?x?xf32>
  fuser.yield %c : tensor<?x?xf32>
}

// -----

// A concat yielded next to plain results: the plain ones keep their place
// and attributes (and get no fuser.partition), the concat's slices take its
// place with its result index (1). Operands of the concat's own type are not
// cast. Along dimension 0 the slices keep every bit.

// CHECK-LABEL: fuser.group @concat_beside_plain(
// CHECK-SAME:      -> (tensor<?x?xf32> {fuser.contiguity = array<i1: true, false>},
// CHECK-SAME:          tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>, fuser.partition = array<i64: 1, 0, 2, 0>},
// CHECK-SAME:          tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>, fuser.partition = array<i64: 1, 1, 2, 0>},
// CHECK-SAME:          tensor<?x?xi1>)
// CHECK-NEXT:    %[[A:.+]] = fuser.sigmoid
// CHECK-NEXT:    %[[B:.+]] = fuser.tanh
// CHECK-NEXT:    %[[C:.+]] = fuser.lt
// CHECK-NOT:     fuser.cast
// CHECK-NOT:     fuser.concat
// CHECK-NEXT:    fuser.yield %[[A]], %[[A]], %[[B]], %[[C]] : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi1>
fuser.group @concat_beside_plain(%x: tensor<?x?xf32>)
    -> (tensor<?x?xf32> {fuser.contiguity = array<i1: true, false>},
        tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>},
        tensor<?x?xi1>) {
  %a = fuser.sigmoid %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %b = fuser.tanh %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %c = fuser.lt %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xi1>
  %cat = fuser.concat %a, %b along 0
      : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  fuser.yield %a, %cat, %c : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xi1>
}

// -----

// Chunk and concat in one group (the LSTM-style gates): both are flattened
// and nothing of either survives.

// CHECK-LABEL: fuser.group @chunk_and_concat(
// CHECK-SAME:      %[[G0:[a-z0-9_]+]]: tensor<?x?xbf16> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 0, 0, 2, 1>},
// CHECK-SAME:      %[[G1:[a-z0-9_]+]]: tensor<?x?xbf16> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 0, 1, 2, 1>},
// CHECK-SAME:      %[[H:[a-z0-9_]+]]: tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>})
// CHECK-SAME:      -> (tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>, fuser.partition = array<i64: 0, 0, 3, 0>},
// CHECK-SAME:          tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>, fuser.partition = array<i64: 0, 1, 3, 0>},
// CHECK-SAME:          tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>, fuser.partition = array<i64: 0, 2, 3, 0>})
// CHECK-NOT:     fuser.chunk
// CHECK-NEXT:    %[[S:.+]] = fuser.sigmoid %[[G0]] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
// CHECK-NEXT:    %[[T:.+]] = fuser.tanh %[[G1]] : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
// CHECK-NEXT:    %[[P:.+]] = fuser.mul %[[S]], %[[H]] : (tensor<?x?xbf16>, tensor<?x?xf32>) -> tensor<?x?xf32>
// CHECK-NEXT:    %[[SC:.+]] = fuser.cast %[[S]] : tensor<?x?xbf16> to tensor<?x?xf32>
// CHECK-NEXT:    %[[TC:.+]] = fuser.cast %[[T]] : tensor<?x?xbf16> to tensor<?x?xf32>
// CHECK-NOT:     fuser.concat
// CHECK-NEXT:    fuser.yield %[[SC]], %[[P]], %[[TC]] : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32>
// CHECK-NEXT:  }
fuser.group @chunk_and_concat(%g: tensor<?x?xbf16> {fuser.contiguity = array<i1: true, true>},
                              %h: tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>})
    -> (tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>}) {
  %g0, %g1 = fuser.chunk %g into 2 along 1 : tensor<?x?xbf16>
  %s = fuser.sigmoid %g0 : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %t = fuser.tanh %g1 : (tensor<?x?xbf16>) -> tensor<?x?xbf16>
  %p = fuser.mul %s, %h : (tensor<?x?xbf16>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %cat = fuser.concat %s, %p, %t along 0
      : tensor<?x?xbf16>, tensor<?x?xf32>, tensor<?x?xbf16> -> tensor<?x?xf32>
  fuser.yield %cat : tensor<?x?xf32>
}

// -----

// Nothing to partition: the group is unchanged.

// CHECK-LABEL: fuser.group @nothing(
// CHECK-SAME:      %[[X:[a-z0-9_]+]]: tensor<?xf32> {fuser.contiguity = array<i1: true>})
// CHECK-SAME:      -> (tensor<?xf32> {fuser.contiguity = array<i1: false>})
// CHECK-NEXT:    %[[N:.+]] = fuser.neg %[[X]]
// CHECK-NEXT:    fuser.yield %[[N]] : tensor<?xf32>
fuser.group @nothing(%x: tensor<?xf32> {fuser.contiguity = array<i1: true>})
    -> (tensor<?xf32> {fuser.contiguity = array<i1: false>}) {
  %0 = fuser.neg %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}
