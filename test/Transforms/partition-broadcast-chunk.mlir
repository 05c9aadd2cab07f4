// RUN: fuser-opt %s -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-partition))' | FileCheck %s

// A chunked argument of lower rank than the iteration shape. Its
// fuser.contiguity has one bit per dimension of the iteration shape
// (fuser-specialize), while the chunk dim counts in the argument's own rank;
// broadcasting right-aligns the argument, so chunk dim d of a rank-r
// argument is dimension d + (R - r) of the rank-R iteration shape, and the
// slice must clear bit d + (R - r) - 1 there. The runtime does exactly this
// (API/Fuser.cpp compileKernel shifts the dim before building the slice's
// PartitionDesc, and the CPU backend packs the kernel parameters from those
// bits), so a kernel built from other bits reads its parameter slots with
// another loop structure than the one the runtime fills.

// Rank-2 argument chunked along 1 in a rank-3 group: map dimension 2, so
// bit 1 is cleared; bit 0 (already false for a broadcast) stays as it is.

// CHECK-LABEL: fuser.group @rank2_in_rank3(
// CHECK-SAME:      tensor<?x?x?xf32> {fuser.contiguity = array<i1: true, true, true>},
// CHECK-SAME:      tensor<?x?xf32> {fuser.contiguity = array<i1: false, false, true>, fuser.partition = array<i64: 1, 0, 2, {{[0-9]+}}>},
// CHECK-SAME:      tensor<?x?xf32> {fuser.contiguity = array<i1: false, false, true>, fuser.partition = array<i64: 1, 1, 2, {{[0-9]+}}>})
fuser.group @rank2_in_rank3(%x: tensor<?x?x?xf32> {fuser.contiguity = array<i1: true, true, true>},
                            %y: tensor<?x?xf32> {fuser.contiguity = array<i1: false, true, true>})
    -> (tensor<?x?x?xf32> {fuser.contiguity = array<i1: true, true, true>}) {
  %a, %b = fuser.chunk %y into 2 along 1 : tensor<?x?xf32>
  %0 = fuser.add %x, %a : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>
  %1 = fuser.mul %0, %b : (tensor<?x?x?xf32>, tensor<?x?xf32>) -> tensor<?x?x?xf32>
  fuser.yield %1 : tensor<?x?x?xf32>
}

// -----

// The LSTM bias: rank 1 chunked along 0 is map dimension 1 of the rank-2
// gates, so bit 0 is cleared. (The dim recorded in fuser.partition is left
// open here: the declared or the map dim.)

// CHECK-LABEL: fuser.group @bias_rank1(
// CHECK-SAME:      tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>},
// CHECK-SAME:      tensor<?xf32> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 1, 0, 2, {{[0-9]+}}>},
// CHECK-SAME:      tensor<?xf32> {fuser.contiguity = array<i1: false, true>, fuser.partition = array<i64: 1, 1, 2, {{[0-9]+}}>})
fuser.group @bias_rank1(%x: tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>},
                        %b: tensor<?xf32> {fuser.contiguity = array<i1: true, true>})
    -> (tensor<?x?xf32> {fuser.contiguity = array<i1: true, true>}) {
  %b0, %b1 = fuser.chunk %b into 2 along 0 : tensor<?xf32>
  %0 = fuser.add %x, %b0 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %1 = fuser.mul %0, %b1 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %1 : tensor<?x?xf32>
}
