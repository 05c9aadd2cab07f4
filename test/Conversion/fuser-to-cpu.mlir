// Each part below is specialised for its own argument spec (layouts), then
// lowered to a CPU kernel function with 4-lane vectors.
// RUN: split-file %s %t
// RUN: fuser-opt %t/contiguous.mlir -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize),convert-fuser-to-cpu{vector-width=4})' | FileCheck %s
// With 0 lanes there is no vector code at all (nothing says "vector").
// RUN: fuser-opt %t/contiguous.mlir -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize),convert-fuser-to-cpu{vector-width=0})' | FileCheck %s --check-prefix=SCALAR --implicit-check-not=vector
// RUN: fuser-opt %t/row.mlir -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize{input-layouts=11,01 output-layouts=11}),convert-fuser-to-cpu{vector-width=4})' | FileCheck %s --check-prefix=BCAST
// RUN: fuser-opt %t/strided-input.mlir -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize{input-layouts=11,10 output-layouts=11}),convert-fuser-to-cpu{vector-width=4})' | FileCheck %s --check-prefix=STRIN
// RUN: fuser-opt %t/strided-output.mlir -split-input-file -pass-pipeline='builtin.module(fuser.group(fuser-specialize{input-layouts=11,11 output-layouts=10}),convert-fuser-to-cpu{vector-width=4})' | FileCheck %s --check-prefix=STROUT

// Parameter slots (include/FuserDialect/Runtime/KernelABI.h), with L loop
// dimensions and T flat tensors (arguments, then results): 0 numel, 1 seed,
// 2 offset, 3 .. 3+L-1 loop sizes, tensor t at 3 + L + t * (1 + L) (data
// pointer, then L strides), then the f64 scalars. The CPU kernel never reads
// numel (slot 0): it computes the elements [begin, end) of its arguments.

//--- contiguous.mlir

// Every tensor contiguous: the two dimensions merge into one loop dimension
// (L = 1). Slots: 3 size; x 4 (pointer), 5 (stride); y 6, 7; result 8, 9;
// the scalar 10. Each row of the (single) loop dimension runs a 4-lane
// vector loop over [lo, lo + (hi - lo) / 4 * 4), then a scalar tail up to
// hi. Unit-stride tensors are addressed as row base + j.

// CHECK-LABEL: func.func @add_scale(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// CHECK:         %[[A1:.+]] = llvm.getelementptr %arg0[1] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[SEED:.+]] = llvm.load %[[A1]] {alignment = 8 : i64} : !llvm.ptr -> i64
// CHECK-NEXT:    %[[A2:.+]] = llvm.getelementptr %arg0[2] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[OFFSET:.+]] = llvm.load %[[A2]] {alignment = 8 : i64} : !llvm.ptr -> i64
// CHECK-NEXT:    %[[A3:.+]] = llvm.getelementptr %arg0[3] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[N:.+]] = llvm.load %[[A3]] {alignment = 8 : i64} : !llvm.ptr -> i64
// CHECK-NEXT:    %[[A4:.+]] = llvm.getelementptr %arg0[4] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[X:.+]] = llvm.load %[[A4]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    %[[A5:.+]] = llvm.getelementptr %arg0[5] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    llvm.load %[[A5]] {alignment = 8 : i64} : !llvm.ptr -> i64
// CHECK-NEXT:    %[[A6:.+]] = llvm.getelementptr %arg0[6] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[Y:.+]] = llvm.load %[[A6]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    %[[A7:.+]] = llvm.getelementptr %arg0[7] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    llvm.load %[[A7]] {alignment = 8 : i64} : !llvm.ptr -> i64
// CHECK-NEXT:    %[[A8:.+]] = llvm.getelementptr %arg0[8] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[OUT:.+]] = llvm.load %[[A8]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    %[[A9:.+]] = llvm.getelementptr %arg0[9] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    llvm.load %[[A9]] {alignment = 8 : i64} : !llvm.ptr -> i64
// CHECK-NEXT:    %[[A10:.+]] = llvm.getelementptr %arg0[10] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[S:.+]] = llvm.load %[[A10]] {alignment = 8 : i64} : !llvm.ptr -> f64
// CHECK-NOT:     llvm.getelementptr %arg0[
// Rows [begin / n, ceil(end / n)) of the inner size n (an empty row: none).
// CHECK:         %[[SAFE:.+]] = arith.maxsi %[[N]], %{{.+}} : i64
// CHECK-NEXT:    %[[RB:.+]] = arith.divsi %arg1, %[[SAFE]] : i64
// CHECK-NEXT:    %[[RE:.+]] = arith.ceildivsi %arg2, %[[SAFE]] : i64
// CHECK-NEXT:    %[[EMPTY:.+]] = arith.cmpi eq, %[[N]], %{{.+}} : i64
// CHECK-NEXT:    %[[RE2:.+]] = arith.select %[[EMPTY]], %[[RB]], %[[RE]] : i64
// CHECK-NEXT:    scf.for %[[ROW:.+]] = %[[RB]] to %[[RE2]] step %{{.+}} : i64 {
// CHECK-NEXT:      %[[RS:.+]] = arith.muli %[[ROW]], %[[N]] : i64
// CHECK-NEXT:      %[[LO0:.+]] = arith.subi %arg1, %[[RS]] : i64
// CHECK-NEXT:      %[[LO:.+]] = arith.maxsi %[[LO0]], %{{.+}} : i64
// CHECK-NEXT:      %[[HI0:.+]] = arith.subi %arg2, %[[RS]] : i64
// CHECK-NEXT:      %[[HI:.+]] = arith.minsi %[[HI0]], %[[N]] : i64
// One loop dimension: no decomposition of the row index.
// CHECK-NOT:       arith.remsi
// CHECK-NEXT:      %[[C4:.+]] = arith.constant 4 : i64
// CHECK-NEXT:      %[[CNT:.+]] = arith.subi %[[HI]], %[[LO]] : i64
// CHECK-NEXT:      %[[Q:.+]] = arith.divsi %[[CNT]], %[[C4]] : i64
// CHECK-NEXT:      %[[Q4:.+]] = arith.muli %[[Q]], %[[C4]] : i64
// CHECK-NEXT:      %[[VEND:.+]] = arith.addi %[[LO]], %[[Q4]] : i64
// CHECK-NEXT:      scf.for %[[J:.+]] = %[[LO]] to %[[VEND]] step %[[C4]] : i64 {
// CHECK-NEXT:        %[[XO:.+]] = arith.addi %{{.+}}, %[[J]] : i64
// CHECK-NEXT:        %[[XA:.+]] = llvm.getelementptr %[[X]][%[[XO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:        %[[XV:.+]] = llvm.load %[[XA]] {alignment = 4 : i64} : !llvm.ptr -> vector<4xf32>
// CHECK-NEXT:        %[[YO:.+]] = arith.addi %{{.+}}, %[[J]] : i64
// CHECK-NEXT:        %[[YA:.+]] = llvm.getelementptr %[[Y]][%[[YO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:        %[[YV:.+]] = llvm.load %[[YA]] {alignment = 4 : i64} : !llvm.ptr -> vector<4xf32>
// CHECK-NEXT:        %[[SV:.+]] = vector.broadcast %[[S]] : f64 to vector<4xf64>
// CHECK:             %[[SUM:.+]] = arith.addf %[[XV]], %[[YV]] : vector<4xf32>
// CHECK-NEXT:        %[[SF:.+]] = arith.truncf %[[SV]] : vector<4xf64> to vector<4xf32>
// CHECK-NEXT:        %[[PROD:.+]] = arith.mulf %[[SUM]], %[[SF]] : vector<4xf32>
// CHECK-NEXT:        %[[OO:.+]] = arith.addi %{{.+}}, %[[J]] : i64
// CHECK-NEXT:        %[[OA:.+]] = llvm.getelementptr %[[OUT]][%[[OO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:        llvm.store %[[PROD]], %[[OA]] {alignment = 4 : i64} : vector<4xf32>, !llvm.ptr
// CHECK-NEXT:      }
// CHECK-NEXT:      scf.for %[[K:.+]] = %[[VEND]] to %[[HI]] step %{{.+}} : i64 {
// CHECK-NEXT:        %[[XO:.+]] = arith.addi %{{.+}}, %[[K]] : i64
// CHECK-NEXT:        %[[XA:.+]] = llvm.getelementptr %[[X]][%[[XO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:        %[[XS:.+]] = llvm.load %[[XA]] {alignment = 4 : i64} : !llvm.ptr -> f32
// CHECK-NEXT:        %[[YO:.+]] = arith.addi %{{.+}}, %[[K]] : i64
// CHECK-NEXT:        %[[YA:.+]] = llvm.getelementptr %[[Y]][%[[YO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:        %[[YS:.+]] = llvm.load %[[YA]] {alignment = 4 : i64} : !llvm.ptr -> f32
// CHECK:             %[[SUM:.+]] = arith.addf %[[XS]], %[[YS]] : f32
// CHECK-NEXT:        %[[SF:.+]] = arith.truncf %[[S]] : f64 to f32
// CHECK-NEXT:        %[[PROD:.+]] = arith.mulf %[[SUM]], %[[SF]] : f32
// CHECK-NEXT:        %[[OO:.+]] = arith.addi %{{.+}}, %[[K]] : i64
// CHECK-NEXT:        %[[OA:.+]] = llvm.getelementptr %[[OUT]][%[[OO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:        llvm.store %[[PROD]], %[[OA]] {alignment = 4 : i64} : f32, !llvm.ptr
// CHECK-NEXT:      }
// CHECK-NEXT:    }
// CHECK-NEXT:    return
// CHECK-NOT:   fuser.
// Without vectors: one scalar loop per row over [lo, hi).
// SCALAR-LABEL: func.func @add_scale(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// SCALAR:         scf.for %[[ROW:.+]] = %{{.+}} to %{{.+}} step %{{.+}} : i64 {
// SCALAR:           %[[LO:.+]] = arith.maxsi %{{.+}}, %{{.+}} : i64
// SCALAR-NEXT:      arith.subi
// SCALAR-NEXT:      %[[HI:.+]] = arith.minsi %{{.+}}, %{{.+}} : i64
// SCALAR-NEXT:      scf.for %[[J:.+]] = %[[LO]] to %[[HI]] step %{{.+}} : i64 {
// SCALAR:             llvm.load %{{.+}} {alignment = 4 : i64} : !llvm.ptr -> f32
// SCALAR:             llvm.store %{{.+}} {alignment = 4 : i64} : f32, !llvm.ptr
// SCALAR-NEXT:      }
// SCALAR-NEXT:    }
// SCALAR-NEXT:    return
fuser.group @add_scale(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = fuser.mul %0, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  fuser.yield %1 : tensor<?x?xf32>
}

// -----

// Contiguous 3-D tensors also merge into one loop dimension: slots 3 (size),
// x 4, 5; y 6, 7; result 8, 9, and nothing after.

// CHECK-LABEL: func.func @contiguous_3d(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// CHECK:         %[[A3:.+]] = llvm.getelementptr %arg0[3] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[N:.+]] = llvm.load %[[A3]] {alignment = 8 : i64} : !llvm.ptr -> i64
// CHECK-NEXT:    %[[A4:.+]] = llvm.getelementptr %arg0[4] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[X:.+]] = llvm.load %[[A4]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    llvm.getelementptr %arg0[5]
// CHECK-NEXT:    llvm.load %{{.+}} -> i64
// CHECK-NEXT:    %[[A6:.+]] = llvm.getelementptr %arg0[6] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[Y:.+]] = llvm.load %[[A6]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    llvm.getelementptr %arg0[7]
// CHECK-NEXT:    llvm.load %{{.+}} -> i64
// CHECK-NEXT:    %[[A8:.+]] = llvm.getelementptr %arg0[8] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[OUT:.+]] = llvm.load %[[A8]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// CHECK-NEXT:    llvm.getelementptr %arg0[9]
// CHECK-NEXT:    llvm.load %{{.+}} -> i64
// CHECK-NOT:     llvm.getelementptr %arg0[
// CHECK:         scf.for %[[ROW:.+]] = %{{.+}} to %{{.+}} step %{{.+}} : i64 {
// CHECK-NEXT:      arith.muli %[[ROW]], %[[N]] : i64
// CHECK-NOT:       arith.remsi
// CHECK:           scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} : i64 {
// CHECK:             llvm.getelementptr %[[X]][%{{.+}}] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:        llvm.load %{{.+}} {alignment = 4 : i64} : !llvm.ptr -> vector<4xf32>
// CHECK:             llvm.getelementptr %[[Y]][%{{.+}}] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:        llvm.load %{{.+}} {alignment = 4 : i64} : !llvm.ptr -> vector<4xf32>
// CHECK:             arith.subf %{{.+}} : vector<4xf32>
// CHECK:             llvm.getelementptr %[[OUT]][%{{.+}}] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// CHECK-NEXT:        llvm.store %{{.+}} {alignment = 4 : i64} : vector<4xf32>, !llvm.ptr
// CHECK:           scf.for
// CHECK:             llvm.store %{{.+}} {alignment = 4 : i64} : f32, !llvm.ptr
fuser.group @contiguous_3d(%x: tensor<?x?x?xf32>, %y: tensor<?x?x?xf32>)
    -> tensor<?x?x?xf32> {
  %0 = fuser.sub %x, %y : (tensor<?x?x?xf32>, tensor<?x?x?xf32>) -> tensor<?x?x?xf32>
  fuser.yield %0 : tensor<?x?x?xf32>
}

// -----

// f16 is loaded as f16 (alignment 2), computed in f32 and rounded to f16
// when stored; in the vector loop and in the tail.

// CHECK-LABEL: func.func @half(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             %[[V:.+]] = llvm.load %{{.+}} {alignment = 2 : i64} : !llvm.ptr -> vector<4xf16>
// CHECK-NEXT:        %[[E:.+]] = arith.extf %[[V]] : vector<4xf16> to vector<4xf32>
// CHECK:             %[[N:.+]] = arith.negf %[[E]] : vector<4xf32>
// CHECK-NEXT:        %[[T:.+]] = arith.truncf %[[N]] : vector<4xf32> to vector<4xf16>
// CHECK-NEXT:        arith.addi
// CHECK-NEXT:        %[[P:.+]] = llvm.getelementptr %{{.+}} : (!llvm.ptr, i64) -> !llvm.ptr, f16
// CHECK-NEXT:        llvm.store %[[T]], %[[P]] {alignment = 2 : i64} : vector<4xf16>, !llvm.ptr
// CHECK:           scf.for
// CHECK:             %[[V:.+]] = llvm.load %{{.+}} {alignment = 2 : i64} : !llvm.ptr -> f16
// CHECK-NEXT:        %[[E:.+]] = arith.extf %[[V]] : f16 to f32
// CHECK:             %[[N:.+]] = arith.negf %[[E]] : f32
// CHECK-NEXT:        %[[T:.+]] = arith.truncf %[[N]] : f32 to f16
// CHECK:             llvm.store %[[T]], %{{.+}} {alignment = 2 : i64} : f16, !llvm.ptr
fuser.group @half(%x: tensor<?xf16>) -> tensor<?xf16> {
  %0 = fuser.neg %x : (tensor<?xf16>) -> tensor<?xf16>
  fuser.yield %0 : tensor<?xf16>
}

// -----

// bool is stored as i8 (alignment 1): loaded as i8 and compared with 0,
// stored as the zero-extended i1.

// CHECK-LABEL: func.func @bools(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             %[[A:.+]] = llvm.load %{{.+}} {alignment = 1 : i64} : !llvm.ptr -> vector<4xi8>
// CHECK-NEXT:        %[[Z:.+]] = arith.constant dense<0> : vector<4xi8>
// CHECK-NEXT:        %[[AB:.+]] = arith.cmpi ne, %[[A]], %[[Z]] : vector<4xi8>
// CHECK:             %[[B:.+]] = llvm.load %{{.+}} {alignment = 1 : i64} : !llvm.ptr -> vector<4xi8>
// CHECK:             %[[BB:.+]] = arith.cmpi ne, %[[B]], %{{.+}} : vector<4xi8>
// CHECK:             %[[R:.+]] = arith.xori %[[AB]], %[[BB]] : vector<4xi1>
// CHECK-NEXT:        %[[W:.+]] = arith.extui %[[R]] : vector<4xi1> to vector<4xi8>
// CHECK-NEXT:        arith.addi
// CHECK-NEXT:        %[[P:.+]] = llvm.getelementptr %{{.+}} : (!llvm.ptr, i64) -> !llvm.ptr, i8
// CHECK-NEXT:        llvm.store %[[W]], %[[P]] {alignment = 1 : i64} : vector<4xi8>, !llvm.ptr
// CHECK:           scf.for
// CHECK:             llvm.load %{{.+}} {alignment = 1 : i64} : !llvm.ptr -> i8
// CHECK:             %[[W:.+]] = arith.extui %{{.+}} : i1 to i8
// CHECK:             llvm.store %[[W]], %{{.+}} {alignment = 1 : i64} : i8, !llvm.ptr
fuser.group @bools(%a: tensor<?xi1>, %b: tensor<?xi1>) -> tensor<?xi1> {
  %0 = fuser.logical_xor %a, %b : (tensor<?xi1>, tensor<?xi1>) -> tensor<?xi1>
  fuser.yield %0 : tensor<?xi1>
}

// -----

// tanh calls libm's tanhf (declared once), lane by lane in the vector loop.

// CHECK:       func.func private @tanhf(f32) -> f32
// CHECK-LABEL: func.func @tanh(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// CHECK:         scf.for
// CHECK:           scf.for
// CHECK:             %[[V:.+]] = llvm.load %{{.+}} : !llvm.ptr -> vector<4xf32>
// CHECK:             %[[E0:.+]] = vector.extract %[[V]][0] : f32 from vector<4xf32>
// CHECK-NEXT:        %[[T0:.+]] = func.call @tanhf(%[[E0]]) : (f32) -> f32
// CHECK-NEXT:        %[[I0:.+]] = vector.insert %[[T0]], %[[V]] [0] : f32 into vector<4xf32>
// CHECK-NEXT:        %[[E1:.+]] = vector.extract %[[V]][1] : f32 from vector<4xf32>
// CHECK-NEXT:        %[[T1:.+]] = func.call @tanhf(%[[E1]]) : (f32) -> f32
// CHECK-NEXT:        %[[I1:.+]] = vector.insert %[[T1]], %[[I0]] [1] : f32 into vector<4xf32>
// CHECK:             func.call @tanhf
// CHECK:             %[[I3:.+]] = vector.insert %{{.+}} [3] : f32 into vector<4xf32>
// CHECK:             llvm.store %[[I3]], %{{.+}} : vector<4xf32>, !llvm.ptr
// CHECK:           scf.for
// CHECK:             %[[S:.+]] = llvm.load %{{.+}} : !llvm.ptr -> f32
// CHECK:             %[[T:.+]] = func.call @tanhf(%[[S]]) : (f32) -> f32
// CHECK:             llvm.store %[[T]], %{{.+}} : f32, !llvm.ptr
fuser.group @tanh(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = fuser.tanh %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}

// -----

// random_bits: Philox-4x32-10 keyed by the seed (slot 1), counter (element
// index / 4, offset (slot 2) + stream); the element index is the row start
// plus the offset in the row. The vector loops start at a multiple of 4 (the
// scalar loop takes up to 3 elements before them), so that their lanes cover
// whole blocks, each computed once: the first loop (64 lanes) runs 16 blocks
// side by side, the second (the vector width, 4 lanes) one. Their 32-bit
// words live in the low halves of i64 lanes: ten rounds of two masked 64-bit
// multiplications by 0xD2511F53 and 0xCD9E8D57 (3528531795, 3449720151), the
// key bumped by 0x9E3779B9 and 0xBB67AE85 (2654435769, 3144134277); word w
// of block k goes to lane 4k + w. The scalar loop (head, then tail) computes
// a whole block per element, in i32 (as i32 the multipliers are -766435501
// and -845247145), and takes word index % 4. bits_to_uniform for f32 keeps
// 24 bits: (bits >> 8) * 2^-24, computed in f64.

// CHECK-LABEL: func.func @random(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// CHECK:         %[[A1:.+]] = llvm.getelementptr %arg0[1] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[SEED:.+]] = llvm.load %[[A1]] {alignment = 8 : i64} : !llvm.ptr -> i64
// CHECK-NEXT:    %[[A2:.+]] = llvm.getelementptr %arg0[2] : (!llvm.ptr) -> !llvm.ptr, i64
// CHECK-NEXT:    %[[OFFSET:.+]] = llvm.load %[[A2]] {alignment = 8 : i64} : !llvm.ptr -> i64
// CHECK:         scf.for
// CHECK-NEXT:      %[[RS:.+]] = arith.muli
// CHECK-NEXT:      arith.subi
// CHECK-NEXT:      %[[LO:.+]] = arith.maxsi
// CHECK-NEXT:      arith.subi
// CHECK-NEXT:      %[[HI:.+]] = arith.minsi
// The vector part starts at lo + (4 - (row start + lo) % 4) % 4.
// CHECK-NEXT:      %[[C3:.+]] = arith.constant 3 : i64
// CHECK-NEXT:      %[[FIRST:.+]] = arith.addi %[[RS]], %[[LO]] : i64
// CHECK-NEXT:      %[[MIS:.+]] = arith.andi %[[FIRST]], %[[C3]] : i64
// CHECK-NEXT:      %[[C4:.+]] = arith.constant 4 : i64
// CHECK-NEXT:      %[[SUB:.+]] = arith.subi %[[C4]], %[[MIS]] : i64
// CHECK-NEXT:      %[[HEAD:.+]] = arith.andi %[[SUB]], %[[C3]] : i64
// CHECK-NEXT:      %[[AL:.+]] = arith.addi %[[LO]], %[[HEAD]] : i64
// CHECK-NEXT:      %[[START:.+]] = arith.minsi %[[AL]], %[[HI]] : i64
// CHECK-NEXT:      %[[C64:.+]] = arith.constant 64 : i64
// CHECK:           %[[WIDE:.+]] = arith.addi %[[START]], %{{.+}} : i64
// CHECK-NEXT:      scf.for %[[J:.+]] = %[[START]] to %[[WIDE]] step %[[C64]] : i64 {
// CHECK:             %[[I:.+]] = arith.addi %[[RS]], %[[J]] : i64
// CHECK:             %[[CTR:.+]] = arith.addi %[[OFFSET]], %{{.+}} : i64
// CHECK:             %[[B0:.+]] = arith.shrui %[[I]], %{{.+}} : i64
// CHECK-NEXT:        %[[BB:.+]] = vector.broadcast %[[B0]] : i64 to vector<16xi64>
// CHECK-NEXT:        %[[IOTA:.+]] = arith.constant dense<[0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15]> : vector<16xi64>
// CHECK-NEXT:        %[[BLOCKS:.+]] = arith.addi %[[BB]], %[[IOTA]] : vector<16xi64>
// CHECK:             %[[MASK:.+]] = arith.constant dense<4294967295> : vector<16xi64>
// CHECK-NEXT:        %[[M0:.+]] = arith.constant dense<3528531795> : vector<16xi64>
// CHECK-NEXT:        %[[M1:.+]] = arith.constant dense<3449720151> : vector<16xi64>
// CHECK-NEXT:        arith.constant dense<2654435769> : vector<16xi64>
// CHECK-NEXT:        arith.constant dense<3144134277> : vector<16xi64>
// CHECK-NEXT:        arith.constant dense<32> : vector<16xi64>
// CHECK-NEXT:        %[[W0:.+]] = arith.andi %[[BLOCKS]], %[[MASK]] : vector<16xi64>
// CHECK-NEXT:        arith.muli %[[W0]], %[[M0]] : vector<16xi64>
// CHECK-NEXT:        %[[W2:.+]] = arith.andi %{{.+}}, %[[MASK]] : vector<16xi64>
// CHECK-NEXT:        arith.muli %[[W2]], %[[M1]] : vector<16xi64>
// Nine more rounds.
// CHECK-COUNT-18:    arith.muli %{{.+}}, %{{.+}} : vector<16xi64>
// CHECK-NOT:         arith.muli
// CHECK:             %[[X0:.+]] = arith.trunci %{{.+}} : vector<16xi64> to vector<16xi32>
// CHECK-NEXT:        %[[X1:.+]] = arith.trunci %{{.+}} : vector<16xi64> to vector<16xi32>
// CHECK-NEXT:        %[[X2:.+]] = arith.trunci %{{.+}} : vector<16xi64> to vector<16xi32>
// CHECK-NEXT:        %[[X3:.+]] = arith.trunci %{{.+}} : vector<16xi64> to vector<16xi32>
// CHECK-NEXT:        %[[X01:.+]] = vector.shuffle %[[X0]], %[[X1]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]
// CHECK-NEXT:        %[[X23:.+]] = vector.shuffle %[[X2]], %[[X3]] [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 31]
// CHECK-NEXT:        %[[BITS:.+]] = vector.shuffle %[[X01]], %[[X23]] [0, 16, 32, 48, 1, 17, 33, 49, 2, 18, 34, 50, {{.*}}, 15, 31, 47, 63] : vector<32xi32>, vector<32xi32>
// CHECK-NEXT:        %[[C8:.+]] = arith.constant dense<8> : vector<64xi32>
// CHECK-NEXT:        %[[SH:.+]] = arith.shrui %[[BITS]], %[[C8]] : vector<64xi32>
// CHECK-NEXT:        %[[D:.+]] = arith.uitofp %[[SH]] : vector<64xi32> to vector<64xf64>
// CHECK-NEXT:        %[[SCALE:.+]] = arith.constant dense<5.9604644775390625E-8> : vector<64xf64>
// CHECK-NEXT:        %[[U:.+]] = arith.mulf %[[D]], %[[SCALE]] : vector<64xf64>
// CHECK-NEXT:        %[[F:.+]] = arith.truncf %[[U]] : vector<64xf64> to vector<64xf32>
// CHECK:             llvm.store %[[F]], %{{.+}} : vector<64xf32>, !llvm.ptr
// The 4-lane loop: one block per vector.
// CHECK:           scf.for %{{.+}} = %[[WIDE]] to %[[VEND:.+]] step %{{.+}} : i64 {
// CHECK-COUNT-20:    arith.muli %{{.+}}, %{{.+}} : vector<1xi64>
// CHECK-NOT:         arith.muli
// CHECK:             vector.shuffle %{{.+}}, %{{.+}} [0, 1, 2, 3] : vector<2xi32>, vector<2xi32>
// CHECK:             llvm.store %{{.+}} : vector<4xf32>, !llvm.ptr
// The scalar loop: k < head takes lo + k, the others skip the vector part.
// CHECK:           %[[HEADN:.+]] = arith.subi %[[START]], %[[LO]] : i64
// CHECK-NEXT:      %[[SKIP:.+]] = arith.subi %[[VEND]], %[[START]] : i64
// CHECK:           scf.for %[[K:.+]] = %{{.+}} to %{{.+}} step %{{.+}} : i64 {
// CHECK-NEXT:        %[[TAIL:.+]] = arith.cmpi sge, %[[K]], %[[HEADN]] : i64
// CHECK-NEXT:        %[[HJ:.+]] = arith.addi %[[LO]], %[[K]] : i64
// CHECK-NEXT:        %[[OFF:.+]] = arith.select %[[TAIL]], %[[SKIP]], %{{.+}} : i64
// CHECK-NEXT:        arith.addi %[[HJ]], %[[OFF]] : i64
// CHECK:             arith.constant -766435501 : i32
// CHECK-NEXT:        arith.constant -845247145 : i32
// CHECK-COUNT-20:    arith.mului_extended %{{.+}} : i32
// CHECK-NOT:         arith.mului_extended
// CHECK:             arith.uitofp %{{.+}} : i32 to f64
// CHECK:             llvm.store %{{.+}} : f32, !llvm.ptr
fuser.group @random(%x: tensor<?xf32>) -> tensor<?xf32> {
  %b = fuser.random_bits %x {stream = 2 : i64} : (tensor<?xf32>) -> tensor<?xi32>
  %u = fuser.bits_to_uniform %b : (tensor<?xi32>) -> tensor<?xf32>
  fuser.yield %u : tensor<?xf32>
}

// -----

// Float to integer conversions saturate (llvm.fptosi.sat: NaN is 0, out of
// range clamps); uint8 goes through int64 and wraps.

// CHECK-LABEL: func.func @to_int(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// CHECK:           scf.for
// CHECK:             %[[V:.+]] = llvm.load %{{.+}} : !llvm.ptr -> vector<4xf32>
// CHECK:             %[[I:.+]] = llvm.call_intrinsic "llvm.fptosi.sat"(%[[V]]) : (vector<4xf32>) -> vector<4xi32>
// CHECK-NEXT:        %[[L:.+]] = llvm.call_intrinsic "llvm.fptosi.sat"(%[[V]]) : (vector<4xf32>) -> vector<4xi64>
// CHECK-NEXT:        %[[B:.+]] = arith.trunci %[[L]] : vector<4xi64> to vector<4xi8>
// CHECK:             llvm.store %[[I]], %{{.+}} {alignment = 4 : i64} : vector<4xi32>, !llvm.ptr
// CHECK:             llvm.store %[[B]], %{{.+}} {alignment = 1 : i64} : vector<4xi8>, !llvm.ptr
// CHECK:           scf.for
// CHECK:             %[[S:.+]] = llvm.load %{{.+}} : !llvm.ptr -> f32
// CHECK:             llvm.call_intrinsic "llvm.fptosi.sat"(%[[S]]) : (f32) -> i32
// CHECK-NEXT:        llvm.call_intrinsic "llvm.fptosi.sat"(%[[S]]) : (f32) -> i64
// CHECK-NOT:     arith.fptosi
// CHECK-NOT:     arith.fptoui
fuser.group @to_int(%x: tensor<?xf32>) -> (tensor<?xi32>, tensor<?xui8>) {
  %0 = fuser.cast %x : tensor<?xf32> to tensor<?xi32>
  %1 = fuser.cast %x : tensor<?xf32> to tensor<?xui8>
  fuser.yield %0, %1 : tensor<?xi32>, tensor<?xui8>
}

// -----

// Integer division never divides by 0 or INT_MIN by -1: the divisor is
// replaced by 1 there, and the result selected (0 for x / 0, -x for x / -1).

// CHECK-LABEL: func.func @int_div(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// CHECK:           scf.for
// CHECK:             %[[A:.+]] = llvm.load %{{.+}} : !llvm.ptr -> vector<4xi32>
// CHECK:             %[[B:.+]] = llvm.load %{{.+}} : !llvm.ptr -> vector<4xi32>
// CHECK:             %[[ZERO:.+]] = arith.constant dense<0> : vector<4xi32>
// CHECK-NEXT:        %[[ONE:.+]] = arith.constant dense<1> : vector<4xi32>
// CHECK-NEXT:        %[[ISZERO:.+]] = arith.cmpi eq, %[[B]], %[[ZERO]] : vector<4xi32>
// CHECK-NEXT:        %[[MONE:.+]] = arith.constant dense<-1> : vector<4xi32>
// CHECK-NEXT:        %[[ISMONE:.+]] = arith.cmpi eq, %[[B]], %[[MONE]] : vector<4xi32>
// CHECK-NEXT:        %[[SPECIAL:.+]] = arith.ori %[[ISZERO]], %[[ISMONE]] : vector<4xi1>
// CHECK-NEXT:        %[[SAFE:.+]] = arith.select %[[SPECIAL]], %[[ONE]], %[[B]] : vector<4xi1>, vector<4xi32>
// CHECK-NEXT:        %[[Q:.+]] = arith.divsi %[[A]], %[[SAFE]] : vector<4xi32>
// CHECK-NEXT:        %[[NEG:.+]] = arith.subi %[[ZERO]], %[[A]] : vector<4xi32>
// CHECK-NEXT:        %[[R1:.+]] = arith.select %[[ISMONE]], %[[NEG]], %[[Q]] : vector<4xi1>, vector<4xi32>
// CHECK-NEXT:        %[[R:.+]] = arith.select %[[ISZERO]], %[[ZERO]], %[[R1]] : vector<4xi1>, vector<4xi32>
// CHECK:             llvm.store %[[R]], %{{.+}} : vector<4xi32>, !llvm.ptr
// CHECK:           scf.for
// CHECK:             llvm.load %{{.+}} : !llvm.ptr -> i32
// CHECK:             %[[B:.+]] = llvm.load %{{.+}} : !llvm.ptr -> i32
// CHECK:             %[[ISZERO:.+]] = arith.cmpi eq, %[[B]], %{{.+}} : i32
// CHECK:             %[[SAFE:.+]] = arith.select %{{.+}}, %{{.+}}, %[[B]] : i32
// CHECK-NEXT:        arith.divsi %{{.+}}, %[[SAFE]] : i32
fuser.group @int_div(%a: tensor<?xi32>, %b: tensor<?xi32>) -> tensor<?xi32> {
  %0 = fuser.div %a, %b rounding_mode trunc
      : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xi32>
}

//--- row.mlir

// A broadcast row (layout 01: it cannot merge dimension 0 with 1) keeps two
// loop dimensions (L = 2). Slots: 3, 4 sizes; x 5 (pointer), 6, 7
// (strides); row 8, 9, 10; result 11, 12, 13. Rows run over the inner
// size (slot 4) and each row's base offset is row % size0 (slot 3) times the
// tensor's outer stride (slots 6, 9, 12). Every tensor is still contiguous
// innermost, so the vector loop stays.

// BCAST-LABEL: func.func @row(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// BCAST-NEXT:    llvm.getelementptr %arg0[1] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    llvm.load %{{.+}} : !llvm.ptr -> i64
// BCAST-NEXT:    llvm.getelementptr %arg0[2] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    llvm.load %{{.+}} : !llvm.ptr -> i64
// BCAST-NEXT:    %[[A3:.+]] = llvm.getelementptr %arg0[3] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    %[[N0:.+]] = llvm.load %[[A3]] {alignment = 8 : i64} : !llvm.ptr -> i64
// BCAST-NEXT:    %[[A4:.+]] = llvm.getelementptr %arg0[4] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    %[[N1:.+]] = llvm.load %[[A4]] {alignment = 8 : i64} : !llvm.ptr -> i64
// BCAST-NEXT:    %[[A5:.+]] = llvm.getelementptr %arg0[5] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    %[[X:.+]] = llvm.load %[[A5]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// BCAST-NEXT:    %[[A6:.+]] = llvm.getelementptr %arg0[6] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    %[[XS0:.+]] = llvm.load %[[A6]] {alignment = 8 : i64} : !llvm.ptr -> i64
// BCAST-NEXT:    llvm.getelementptr %arg0[7] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    llvm.load %{{.+}} : !llvm.ptr -> i64
// BCAST-NEXT:    %[[A8:.+]] = llvm.getelementptr %arg0[8] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    %[[R:.+]] = llvm.load %[[A8]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// BCAST-NEXT:    %[[A9:.+]] = llvm.getelementptr %arg0[9] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    %[[RS0:.+]] = llvm.load %[[A9]] {alignment = 8 : i64} : !llvm.ptr -> i64
// BCAST-NEXT:    llvm.getelementptr %arg0[10] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    llvm.load %{{.+}} : !llvm.ptr -> i64
// BCAST-NEXT:    %[[A11:.+]] = llvm.getelementptr %arg0[11] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    %[[OUT:.+]] = llvm.load %[[A11]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// BCAST-NEXT:    %[[A12:.+]] = llvm.getelementptr %arg0[12] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    %[[OS0:.+]] = llvm.load %[[A12]] {alignment = 8 : i64} : !llvm.ptr -> i64
// BCAST-NEXT:    llvm.getelementptr %arg0[13] : (!llvm.ptr) -> !llvm.ptr, i64
// BCAST-NEXT:    llvm.load %{{.+}} : !llvm.ptr -> i64
// BCAST-NOT:     llvm.getelementptr %arg0[
// BCAST:         %[[SAFE:.+]] = arith.maxsi %[[N1]], %{{.+}} : i64
// BCAST:         scf.for %[[ROW:.+]] = %{{.+}} to %{{.+}} step %{{.+}} : i64 {
// BCAST-NEXT:      arith.muli %[[ROW]], %[[N1]] : i64
// BCAST:           %[[I0:.+]] = arith.remsi %[[ROW]], %[[N0]] : i64
// BCAST-NEXT:      arith.divsi %[[ROW]], %[[N0]] : i64
// BCAST-NEXT:      %[[XM:.+]] = arith.muli %[[I0]], %[[XS0]] : i64
// BCAST-NEXT:      %[[XB:.+]] = arith.addi %{{.+}}, %[[XM]] : i64
// BCAST-NEXT:      %[[RM:.+]] = arith.muli %[[I0]], %[[RS0]] : i64
// BCAST-NEXT:      %[[RB:.+]] = arith.addi %{{.+}}, %[[RM]] : i64
// BCAST-NEXT:      %[[OM:.+]] = arith.muli %[[I0]], %[[OS0]] : i64
// BCAST-NEXT:      %[[OB:.+]] = arith.addi %{{.+}}, %[[OM]] : i64
// BCAST:           scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} : i64 {
// BCAST-NEXT:        %[[XO:.+]] = arith.addi %[[XB]], %[[J]] : i64
// BCAST-NEXT:        llvm.getelementptr %[[X]][%[[XO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// BCAST-NEXT:        llvm.load %{{.+}} {alignment = 4 : i64} : !llvm.ptr -> vector<4xf32>
// BCAST-NEXT:        %[[RO:.+]] = arith.addi %[[RB]], %[[J]] : i64
// BCAST-NEXT:        llvm.getelementptr %[[R]][%[[RO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// BCAST-NEXT:        llvm.load %{{.+}} {alignment = 4 : i64} : !llvm.ptr -> vector<4xf32>
// BCAST:             arith.addf %{{.+}} : vector<4xf32>
// BCAST-NEXT:        %[[OO:.+]] = arith.addi %[[OB]], %[[J]] : i64
// BCAST-NEXT:        llvm.getelementptr %[[OUT]][%[[OO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// BCAST-NEXT:        llvm.store %{{.+}} {alignment = 4 : i64} : vector<4xf32>, !llvm.ptr
// BCAST:           scf.for %[[K:.+]] = %{{.+}} to %{{.+}} step %{{.+}} : i64 {
// BCAST-NEXT:        %[[XO:.+]] = arith.addi %[[XB]], %[[K]] : i64
// BCAST:             %[[RO:.+]] = arith.addi %[[RB]], %[[K]] : i64
// BCAST:             llvm.store %{{.+}} : f32, !llvm.ptr
fuser.group @row(%x: tensor<?x?xf32>, %r: tensor<?xf32>) -> tensor<?x?xf32> {
  %0 = fuser.add %x, %r : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

//--- strided-input.mlir

// The second input's innermost stride is not 1 (layout 10): the dimensions
// still merge (L = 1; slots 3; x 4, 5; y 6, 7; result 8, 9), but there is
// no vector loop, and y is addressed as row base + j * stride (slot 7).

// STRIN-LABEL: func.func @strided_input(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// STRIN:         %[[A4:.+]] = llvm.getelementptr %arg0[4] : (!llvm.ptr) -> !llvm.ptr, i64
// STRIN-NEXT:    %[[X:.+]] = llvm.load %[[A4]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// STRIN:         %[[A6:.+]] = llvm.getelementptr %arg0[6] : (!llvm.ptr) -> !llvm.ptr, i64
// STRIN-NEXT:    %[[Y:.+]] = llvm.load %[[A6]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// STRIN-NEXT:    %[[A7:.+]] = llvm.getelementptr %arg0[7] : (!llvm.ptr) -> !llvm.ptr, i64
// STRIN-NEXT:    %[[YS:.+]] = llvm.load %[[A7]] {alignment = 8 : i64} : !llvm.ptr -> i64
// STRIN-NEXT:    %[[A8:.+]] = llvm.getelementptr %arg0[8] : (!llvm.ptr) -> !llvm.ptr, i64
// STRIN-NEXT:    %[[OUT:.+]] = llvm.load %[[A8]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// STRIN-NEXT:    llvm.getelementptr %arg0[9]
// STRIN-NEXT:    llvm.load
// STRIN-NOT:     llvm.getelementptr %arg0[
// STRIN:         scf.for
// STRIN-NOT:       arith.remsi
// STRIN-NOT:       vector
// STRIN:           scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} : i64 {
// STRIN-NEXT:        %[[XO:.+]] = arith.addi %{{.+}}, %[[J]] : i64
// STRIN-NEXT:        llvm.getelementptr %[[X]][%[[XO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// STRIN-NEXT:        llvm.load %{{.+}} {alignment = 4 : i64} : !llvm.ptr -> f32
// STRIN-NEXT:        %[[YM:.+]] = arith.muli %[[J]], %[[YS]] : i64
// STRIN-NEXT:        %[[YO:.+]] = arith.addi %{{.+}}, %[[YM]] : i64
// STRIN-NEXT:        llvm.getelementptr %[[Y]][%[[YO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// STRIN-NEXT:        llvm.load %{{.+}} {alignment = 4 : i64} : !llvm.ptr -> f32
// STRIN:             llvm.getelementptr %[[OUT]]
// STRIN-NEXT:        llvm.store %{{.+}} : f32, !llvm.ptr
// STRIN-NEXT:      }
// STRIN-NEXT:    }
// STRIN-NEXT:    return
fuser.group @strided_input(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

//--- strided-output.mlir

// A result with a non-unit inner stride also rules out the vector loop; it
// is stored at row base + j * stride (slot 9).

// STROUT-LABEL: func.func @strided_output(%arg0: !llvm.ptr, %arg1: i64, %arg2: i64) {
// STROUT:         %[[A8:.+]] = llvm.getelementptr %arg0[8] : (!llvm.ptr) -> !llvm.ptr, i64
// STROUT-NEXT:    %[[OUT:.+]] = llvm.load %[[A8]] {alignment = 8 : i64} : !llvm.ptr -> !llvm.ptr
// STROUT-NEXT:    %[[A9:.+]] = llvm.getelementptr %arg0[9] : (!llvm.ptr) -> !llvm.ptr, i64
// STROUT-NEXT:    %[[OS:.+]] = llvm.load %[[A9]] {alignment = 8 : i64} : !llvm.ptr -> i64
// STROUT-NOT:     llvm.getelementptr %arg0[
// STROUT-NOT:     vector
// STROUT:         scf.for
// STROUT-NOT:     vector
// STROUT:           scf.for %[[J:.+]] = %{{.+}} to %{{.+}} step %{{.+}} : i64 {
// STROUT:             %[[V:.+]] = arith.mulf %{{.+}} : f32
// STROUT-NEXT:        %[[OM:.+]] = arith.muli %[[J]], %[[OS]] : i64
// STROUT-NEXT:        %[[OO:.+]] = arith.addi %{{.+}}, %[[OM]] : i64
// STROUT-NEXT:        %[[P:.+]] = llvm.getelementptr %[[OUT]][%[[OO]]] : (!llvm.ptr, i64) -> !llvm.ptr, f32
// STROUT-NEXT:        llvm.store %[[V]], %[[P]] {alignment = 4 : i64} : f32, !llvm.ptr
// STROUT-NOT:     vector
fuser.group @strided_output(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = fuser.mul %x, %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}
