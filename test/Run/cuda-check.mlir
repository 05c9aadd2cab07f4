// fuser-run --device cuda --check: groups run as CUDA kernels and are compared
// with the interpreter on the same inputs (within fuser-run's tolerances:
// transcendentals on the GPU come from libdevice) and with a float64 copy of
// the group. Every group must run as a CUDA kernel and every output row must
// say "ok" (fuser-run exits non-zero otherwise).
//
// REQUIRES: cuda, numpy
// RUN: fuser-run %examples/lstm_cell.mlir --random --shape 64x1024 \
// RUN:   --shape 1024 --shape 1024 --shape 64x256 --device cuda --check \
// RUN:   | FileCheck --check-prefix=LSTM %s
// RUN: fuser-run %s --group mixed --random --shape 37x129 --shape 129 \
// RUN:   --shape 37x1 --seed 7 --device cuda --check \
// RUN:   | FileCheck --check-prefix=MIXED %s
// RUN: fuser-run %s --group mixed --random --shape 37x129 --shape 129 \
// RUN:   --shape 37x1 --dtype f16 --dtype f16 --dtype f16 --device cuda \
// RUN:   --check | FileCheck --check-prefix=F16 %s
// RUN: fuser-run %s --group mixed --random --shape 37x129 --shape 129 \
// RUN:   --shape 37x1 --dtype bf16 --dtype bf16 --dtype bf16 --device cuda \
// RUN:   --check | FileCheck --check-prefix=BF16 %s
// RUN: fuser-run %s --group mixed --random --shape 0x33 --shape 33 \
// RUN:   --shape 0x1 --device cuda --check | FileCheck --check-prefix=EMPTY %s
// RUN: fuser-run %s --group ints --random --shape 1001 --shape 1001 \
// RUN:   --device cuda --check | FileCheck --check-prefix=INTS %s
// RUN: fuser-run %s --group rank0 --random --shape scalar --shape scalar \
// RUN:   --scalar 0.5 --device cuda --check | FileCheck --check-prefix=RANK0 %s
// RUN: fuser-run %s --group gates --random --shape 16x52 --shape 52 \
// RUN:   --shape 16x13 --device cuda --check | FileCheck --check-prefix=GATES %s
// RUN: fuser-run %s --group mixed --random --shape 4x8 --shape 8 \
// RUN:   --shape 4x1 --device cuda --print-code | FileCheck --check-prefix=PTX %s

// LSTM: group: {{.*}}lstm_cell.mlir (key {{[0-9]+}}), ran on kernel (cuda)
// LSTM-NEXT: output shape dtype
// LSTM-NEXT: 0 [64x256] f32 {{[0-9]\.[0-9]+e[-+][0-9]+}} {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// LSTM-NEXT: 1 [64x256] f32 {{[0-9]\.[0-9]+e[-+][0-9]+}} {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// LSTM-NOT: MISMATCH

// MIXED: group: {{.*}}cuda-check.mlir (key {{[0-9]+}}), ran on kernel (cuda)
// MIXED-NEXT: output shape dtype
// MIXED-NEXT: 0 [37x129] f32 {{[0-9]\.[0-9]+e[-+][0-9]+}} {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// MIXED-NEXT: 1 [37x129] i1 0.000e+00 - ok
// MIXED-NOT: MISMATCH

// F16: ran on kernel (cuda)
// F16: 0 [37x129] f16 {{[0-9]\.[0-9]+e[-+][0-9]+}} {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// F16-NEXT: 1 [37x129] i1 0.000e+00 - ok
// F16-NOT: MISMATCH

// BF16: ran on kernel (cuda)
// BF16: 0 [37x129] bf16 {{[0-9]\.[0-9]+e[-+][0-9]+}} {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// BF16-NEXT: 1 [37x129] i1 0.000e+00 - ok
// BF16-NOT: MISMATCH

// EMPTY: ran on kernel (cuda)
// EMPTY: 0 [0x33] f32 0.000e+00 0.000e+00 ok
// EMPTY-NEXT: 1 [0x33] i1 0.000e+00 - ok

// INTS: ran on kernel (cuda)
// INTS: 0 [1001] i32 0.000e+00 - ok
// INTS-NEXT: 1 [1001] i8 0.000e+00 - ok
// INTS-NEXT: 2 [1001] f16 0.000e+00 {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// INTS-NOT: MISMATCH

// RANK0: ran on kernel (cuda)
// RANK0: 0 [] f32 {{[0-9]\.[0-9]+e[-+][0-9]+}} {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// RANK0-NEXT: 1 [] i1 0.000e+00 - ok

// GATES: ran on kernel (cuda)
// GATES: 0 [16x39] f32 {{[0-9]\.[0-9]+e[-+][0-9]+}} {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// GATES-NEXT: 1 [16x13] f32 {{[0-9]\.[0-9]+e[-+][0-9]+}} {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// GATES-NOT: MISMATCH

// The code of a CUDA kernel is PTX, with a vector and a scalar entry point.
// PTX: .target sm_{{[0-9]+}}
// PTX: .visible .entry [[NAME:[A-Za-z0-9_]+]](
// PTX: .visible .entry [[NAME]]_scalar(
// PTX: group: {{.*}}ran on kernel (cuda)

fuser.group @mixed(%x: tensor<?x?xf32>, %b: tensor<?xf32>,
                   %c: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xi1>) {
  %0 = fuser.add %x, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %1 = fuser.tanh %0 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = fuser.mul %1, %c : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %3 = fuser.gt %x, %c : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xi1>
  fuser.yield %2, %3 : tensor<?x?xf32>, tensor<?x?xi1>
}

// Integer arithmetic (wrapping), Python modulo, bitwise ops and casts.
fuser.group @ints(%a: tensor<?xi32>, %b: tensor<?xi32>)
    -> (tensor<?xi32>, tensor<?xi8>, tensor<?xf16>) {
  %m = fuser.mul %a, %b : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %r = fuser.remainder %m, %b : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %x = fuser.bitwise_xor %a, %b : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %s = fuser.max %x, %r : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %i8 = fuser.cast %s : tensor<?xi32> to tensor<?xi8>
  %h = fuser.cast %m : tensor<?xi32> to tensor<?xf16>
  fuser.yield %r, %i8, %h : tensor<?xi32>, tensor<?xi8>, tensor<?xf16>
}

// 0-dim tensors and a Python float.
fuser.group @rank0(%x: tensor<f32>, %y: tensor<f32>, %s: f64)
    -> (tensor<f32>, tensor<i1>) {
  %0 = fuser.mul %x, %s : (tensor<f32>, f64) -> tensor<f32>
  %1 = fuser.sigmoid %y : (tensor<f32>) -> tensor<f32>
  %2 = fuser.add %0, %1 : (tensor<f32>, tensor<f32>) -> tensor<f32>
  %3 = fuser.lt %x, %y : (tensor<f32>, tensor<f32>) -> tensor<i1>
  fuser.yield %2, %3 : tensor<f32>, tensor<i1>
}

// Gates chunked in four along the columns (13 wide: the slices start off
// vector boundaries), a chunked bias, and a concatenated output.
fuser.group @gates(%g: tensor<?x?xf32>, %b: tensor<?xf32>, %c: tensor<?x?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %gi, %gf, %go, %gz = fuser.chunk %g into 4 along 1 : tensor<?x?xf32>
  %bi, %bf, %bo, %bz = fuser.chunk %b into 4 along 0 : tensor<?xf32>
  %ai = fuser.add %gi, %bi : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %af = fuser.add %gf, %bf : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ao = fuser.add %go, %bo : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %az = fuser.add %gz, %bz : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %i = fuser.sigmoid %ai : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %f = fuser.sigmoid %af : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %o = fuser.tanh %ao : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %fc = fuser.mul %f, %c : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %cat = fuser.concat %i, %fc, %o along 1 : tensor<?x?xf32>, tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  %h = fuser.mul %o, %az : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %cat, %h : tensor<?x?xf32>, tensor<?x?xf32>
}
