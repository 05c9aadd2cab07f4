// fuser-run's command-line errors: each exits non-zero (`not`) with one
// "fuser-run: error:" line saying what is wrong. No NumPy needed.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: not fuser-run %t/missing.mlir --random 2>&1 \
// RUN:   | FileCheck --check-prefix=MISSING %s
// MISSING: fuser-run: error: cannot read '{{.*}}missing.mlir': No such file or directory
//
// Unparsable MLIR: the parser's diagnostic is shown.
// RUN: not fuser-run %S/Inputs/unparsable.mlir --random --shape 4 2>&1 \
// RUN:   | FileCheck --check-prefix=PARSE %s
// PARSE: fuser-run: error: could not parse the fusion group:
// PARSE-NEXT: custom op 'fuser.bogus' is unknown
//
// A group that does not verify: the verifier's diagnostic is shown.
// RUN: not fuser-run %S/Inputs/bad-type.mlir --random --shape 4 2>&1 \
// RUN:   | FileCheck --check-prefix=VERIFY %s
// VERIFY: fuser-run: error: could not parse the fusion group:
// VERIFY-NEXT: 'fuser.add' op inferred type(s) 'tensor<?xf32>' are incompatible with return type(s) of operation 'tensor<?xi32>'
//
// RUN: not fuser-run %s --random --shape 4x8 --shape 8 2>&1 \
// RUN:   | FileCheck --check-prefix=NAMELESS %s
// NAMELESS: fuser-run: error: the input holds 2 groups; name the one to register
// RUN: not fuser-run %s --group nope --random --shape 4x8 --shape 8 2>&1 \
// RUN:   | FileCheck --check-prefix=NOGROUP %s
// NOGROUP: fuser-run: error: no fuser.group named @nope
//
// Counts of --input, --shape, --scalar and --dtype.
// RUN: not fuser-run %s --group axpb --input %t/a.npy 2>&1 \
// RUN:   | FileCheck --check-prefix=NINPUT %s
// NINPUT: fuser-run: error: the group has 2 tensor inputs, got 1 --input files
// RUN: not fuser-run %s --group axpb --random --shape 4x8 2>&1 \
// RUN:   | FileCheck --check-prefix=NSHAPE %s
// NSHAPE: fuser-run: error: the group has 2 tensor inputs, got 1 --shape options
// RUN: not fuser-run %s --group axpb --random --shape 4x8 --shape 8 \
// RUN:   --shape 8 2>&1 | FileCheck --check-prefix=NSHAPE3 %s
// NSHAPE3: fuser-run: error: the group has 2 tensor inputs, got 3 --shape options
// RUN: not fuser-run %s --group axpb --random --shape 4x8 --shape 8 2>&1 \
// RUN:   | FileCheck --check-prefix=NSCALAR0 %s
// NSCALAR0: fuser-run: error: the group has 1 f64 scalar inputs, got 0 --scalar values
// RUN: not fuser-run %s --group axpb --random --shape 4x8 --shape 8 \
// RUN:   --scalar 1 --scalar 2 2>&1 | FileCheck --check-prefix=NSCALAR2 %s
// NSCALAR2: fuser-run: error: the group has 1 f64 scalar inputs, got 2 --scalar values
// RUN: not fuser-run %s --group axpb --random --shape 4x8 --shape 8 \
// RUN:   --scalar 1 --dtype f16 2>&1 | FileCheck --check-prefix=NDTYPE %s
// NDTYPE: fuser-run: error: give one --dtype per tensor input (2), got 1
// RUN: not fuser-run %s --group axpb --scalar 1 2>&1 \
// RUN:   | FileCheck --check-prefix=NOINPUTS %s
// NOINPUTS: fuser-run: error: the group has 2 tensor inputs: give --input=<file.npy> for each, or --random with --shape
// RUN: not fuser-run %s --group axpb --random --input %t/a.npy \
// RUN:   --input %t/b.npy --scalar 1 2>&1 | FileCheck --check-prefix=BOTH %s
// BOTH: fuser-run: error: give either --input files or --random, not both
//
// Bad shapes.
// RUN: not fuser-run %s --group axpb --random --shape 4xx8 --shape 8 \
// RUN:   --scalar 1 2>&1 | FileCheck --check-prefix=SHAPE1 %s
// SHAPE1: fuser-run: error: bad shape '4xx8': expected sizes like 64x1024
// RUN: not fuser-run %s --group axpb --random --shape 4x-8 --shape 8 \
// RUN:   --scalar 1 2>&1 | FileCheck --check-prefix=SHAPE2 %s
// SHAPE2: fuser-run: error: bad shape '4x-8': expected sizes like 64x1024
// RUN: not fuser-run %s --group axpb --random --shape 4x8 --shape abc \
// RUN:   --scalar 1 2>&1 | FileCheck --check-prefix=SHAPE3 %s
// SHAPE3: fuser-run: error: bad shape 'abc': expected sizes like 64x1024
// RUN: not fuser-run %s --group axpb --random --shape 4x8x \
// RUN:   --shape 8 --scalar 1 2>&1 | FileCheck --check-prefix=SHAPE4 %s
// SHAPE4: fuser-run: error: bad shape '4x8x': expected sizes like 64x1024
// RUN: not fuser-run %s --group axpb --random \
// RUN:   --shape 99999999999999999999x2 --shape 2 --scalar 1 2>&1 \
// RUN:   | FileCheck --check-prefix=SHAPE5 %s
// SHAPE5: fuser-run: error: bad shape '99999999999999999999x2': expected sizes like 64x1024
//
// Shapes of the right count that do not fit the group.
// RUN: not fuser-run %s --group axpb --random --shape 4x8x2 --shape 8 \
// RUN:   --scalar 1 2>&1 | FileCheck --check-prefix=RANK %s
// RANK: fuser-run: error: input #0 has rank 3, but the group declares rank 2
// RUN: not fuser-run %s --group axpb --random --shape 4x8 --shape 9 \
// RUN:   --scalar 1 2>&1 | FileCheck --check-prefix=BCAST %s
// BCAST: fuser-run: error: {{.*}}operand #1 of shape [9] does not broadcast with the operands before it (shape [4, 8])
//
// RUN: not fuser-run %s --group axpb --random --shape 4x8 --shape 8 \
// RUN:   --scalar 1 --dtype f17 --dtype f32 2>&1 \
// RUN:   | FileCheck --check-prefix=DTYPE %s
// DTYPE: fuser-run: error: unknown --dtype 'f17'
// RUN: not fuser-run %s --group axpb --random --shape 4x8 --shape 8 \
// RUN:   --scalar 1 --dtype c64 --dtype f32 2>&1 \
// RUN:   | FileCheck --check-prefix=DTYPE2 %s
// DTYPE2: fuser-run: error: unknown --dtype 'c64'
// RUN: not fuser-run %s --group axpb --random --shape 4x8 --shape 8 \
// RUN:   --scalar 1 --device=tpu 2>&1 | FileCheck --check-prefix=DEVICE %s
// DEVICE: fuser-run: error: --device must be cpu, cuda or auto, not 'tpu'
//
// An output prefix in a directory that does not exist.
// RUN: not fuser-run %s --group axpb --random --shape 4x8 --shape 8 \
// RUN:   --scalar 1 --output %t/no/such/dir/out 2>&1 \
// RUN:   | FileCheck --check-prefix=OUTPUT %s
// OUTPUT: fuser-run: error: cannot write '{{.*}}no/such/dir/out0.npy'

fuser.group @axpb(%x: tensor<?x?xf32>, %b: tensor<?xf32>, %a: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.mul %x, %a : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %1 = fuser.add %0, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %1 : tensor<?x?xf32>
}

fuser.group @other(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = fuser.neg %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}
