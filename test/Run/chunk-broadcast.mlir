// Chunked arguments that do not fill the map along the chunk dimension, run
// compiled on the CPU and checked against the interpreter and a float64 copy
// of the group (eager: chunk, then broadcast).
//
// Chunks of size 1 along the chunk dim broadcast there ([4, 2] chunked into
// 2 along 1 gives two [4, 1] chunks against a [4, 6] map); likewise a rank-1
// argument of 2 elements chunked along 0 in a rank-2 map. The executor passes
// each chunk as its own broadcast view.
//
// RUN: fuser-run %s --group broadcast_chunk --random --shape 4x6 \
// RUN:   --shape 4x2 --device cpu --check | FileCheck --check-prefix=BCAST %s
// RUN: fuser-run %s --group broadcast_chunk --random --shape 4x3 \
// RUN:   --shape 1x6 --device cpu --check | FileCheck --check-prefix=ROW %s
// RUN: fuser-run %s --group bias_chunk --random --shape 3x5 --shape 2 \
// RUN:   --device cpu --check | FileCheck --check-prefix=BIAS %s
//
// A chunked argument none of whose chunks is used (at the start, or once the
// dead ops that use them are gone): registerFusion keeps the chunk and the
// kernel never reads it, so its size need not fit the map (eager chunks 7
// elements into 4 and 3, and 5 rows into 2, 2 and 1).
//
// RUN: fuser-run %s --group dead_chunk --random --shape 5 --shape 7 \
// RUN:   --device cpu --check | FileCheck --check-prefix=DEAD %s
// RUN: fuser-run %s --group dead_chunk --random --shape 4 --shape 8 \
// RUN:   --device cpu --check | FileCheck --check-prefix=DEAD %s
// RUN: fuser-run %s --group dead_after_dce --random --shape 3x4 \
// RUN:   --shape 5x4 --device cpu --check | FileCheck --check-prefix=DCE %s

// BCAST: ran on kernel (cpu)
// BCAST: 0 [4x6] f32 0.000e+00 {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// BCAST-NOT: MISMATCH

// ROW: ran on kernel (cpu)
// ROW: 0 [4x3] f32 0.000e+00 {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// ROW-NOT: MISMATCH

// BIAS: ran on kernel (cpu)
// BIAS: 0 [3x5] f32 0.000e+00 {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// BIAS-NOT: MISMATCH

// DEAD: ran on kernel (cpu)
// DEAD: 0 [{{[45]}}] f32 0.000e+00 0.000e+00 ok
// DEAD-NOT: MISMATCH

// DCE: ran on kernel (cpu)
// DCE: 0 [3x4] f32 0.000e+00 {{[0-9]\.[0-9]+e[-+][0-9]+}} ok
// DCE-NOT: MISMATCH

fuser.group @broadcast_chunk(%x: tensor<?x?xf32>, %b: tensor<?x?xf32>)
    -> tensor<?x?xf32> {
  %b0, %b1 = fuser.chunk %b into 2 along 1 : tensor<?x?xf32>
  %s = fuser.add %x, %b0 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r = fuser.mul %s, %b1 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %r : tensor<?x?xf32>
}

fuser.group @bias_chunk(%x: tensor<?x?xf32>, %b: tensor<?xf32>)
    -> tensor<?x?xf32> {
  %b0, %b1 = fuser.chunk %b into 2 along 0 : tensor<?xf32>
  %s = fuser.sub %x, %b0 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %r = fuser.mul %s, %b1 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %r : tensor<?x?xf32>
}

fuser.group @dead_chunk(%x: tensor<?xf32>, %y: tensor<?xf32>)
    -> tensor<?xf32> {
  %y0, %y1 = fuser.chunk %y into 2 along 0 : tensor<?xf32>
  %r = fuser.neg %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %r : tensor<?xf32>
}

fuser.group @dead_after_dce(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>)
    -> tensor<?x?xf32> {
  %y0, %y1, %y2 = fuser.chunk %y into 3 along -2 : tensor<?x?xf32>
  %unused = fuser.add %y0, %y2 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %r = fuser.abs %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %r : tensor<?x?xf32>
}
