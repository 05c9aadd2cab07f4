// RUN: fuser-opt %s -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-specialize),convert-fuser-to-cpu{vector-width=4})'

// convert-fuser-to-cpu expects groups after fuser-partition and
// fuser-lower-random (the fuser-to-cpu pipeline runs them): a chunk, a
// concat or a rand_like left in the group is an error at that op.

fuser.group @chunk_left(%g: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // expected-error@+1 {{must be removed before convert-fuser-to-cpu (run fuser-partition and fuser-lower-random)}}
  %a, %b = fuser.chunk %g into 2 along 1 : tensor<?x?xf32>
  %0 = fuser.add %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

// -----

fuser.group @concat_left(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>) -> tensor<?x?xf32> {
  // expected-error@+1 {{must be removed before convert-fuser-to-cpu (run fuser-partition and fuser-lower-random)}}
  %0 = fuser.concat %x, %y along 0 : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

// -----

fuser.group @rand_like_left(%x: tensor<?xf32>) -> tensor<?xf32> {
  // expected-error@+1 {{must be removed before convert-fuser-to-cpu (run fuser-partition and fuser-lower-random)}}
  %0 = fuser.rand_like %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}
