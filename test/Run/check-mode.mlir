// fuser-run --random --check: random inputs, outputs compared with the
// interpreter (bit for bit on the CPU backend) and with a float64 copy of the
// group; exits 0 and prints one "ok" row per output. No NumPy needed.
//
// RUN: fuser-run %examples/lstm_cell.mlir --random --shape 8x64 --shape 64 \
// RUN:   --shape 64 --shape 8x16 --device cpu --check \
// RUN:   | FileCheck --check-prefix=LSTM %s
// RUN: fuser-run %s --group mixed --random --shape 5x33 --shape 33 \
// RUN:   --shape 5x1 --seed 7 --device cpu --check \
// RUN:   | FileCheck --check-prefix=MIXED %s
// RUN: fuser-run %s --group mixed --random --shape 5x33 --shape 33 \
// RUN:   --shape 5x1 --dtype f16 --dtype f16 --dtype f16 --device cpu --check \
// RUN:   | FileCheck --check-prefix=F16 %s
// RUN: fuser-run %s --group mixed --random --shape 5x33 --shape 33 \
// RUN:   --shape 5x1 --dtype bf16 --dtype bf16 --dtype bf16 --device cpu \
// RUN:   --check | FileCheck --check-prefix=BF16 %s
// RUN: fuser-run %s --group mixed --random --shape 0x33 --shape 33 \
// RUN:   --shape 0x1 --device cpu --check | FileCheck --check-prefix=EMPTY %s

// LSTM: group: {{.*}}lstm_cell.mlir
// LSTM-NEXT: output shape dtype
// LSTM-NEXT: 0 [8x16] f32 0.000e+00 {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// LSTM-NEXT: 1 [8x16] f32 0.000e+00 {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// LSTM-NOT: MISMATCH

// MIXED: group: {{.*}}check-mode.mlir
// MIXED-NEXT: output shape dtype
// MIXED-NEXT: 0 [5x33] f32 0.000e+00 {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// MIXED-NEXT: 1 [5x33] i1 0.000e+00 - ok
// MIXED-NOT: MISMATCH

// F16: 0 [5x33] f16 0.000e+00 {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// F16-NEXT: 1 [5x33] i1 0.000e+00 - ok
// F16-NOT: MISMATCH

// BF16: 0 [5x33] bf16 0.000e+00 {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// BF16-NEXT: 1 [5x33] i1 0.000e+00 - ok
// BF16-NOT: MISMATCH

// EMPTY: 0 [0x33] f32 0.000e+00 0.000e+00 ok
// EMPTY-NEXT: 1 [0x33] i1 0.000e+00 - ok

fuser.group @mixed(%x: tensor<?x?xf32>, %b: tensor<?xf32>,
                   %c: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xi1>) {
  %0 = fuser.add %x, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %1 = fuser.tanh %0 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = fuser.mul %1, %c : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %3 = fuser.gt %x, %c : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xi1>
  fuser.yield %2, %3 : tensor<?x?xf32>, tensor<?x?xi1>
}
