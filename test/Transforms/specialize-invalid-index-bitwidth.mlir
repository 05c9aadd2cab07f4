// RUN: fuser-opt %s -split-input-file -verify-diagnostics -pass-pipeline='builtin.module(fuser.group(fuser-specialize{index-bitwidth=48}))'
// RUN: not fuser-opt %s -pass-pipeline='builtin.module(fuser.group(fuser-specialize{index-bitwidth=48}))' 2>&1 | FileCheck %s
// RUN: not fuser-opt %s -pass-pipeline='builtin.module(fuser.group(fuser-specialize{index-bitwidth=33}))' 2>&1 | FileCheck --check-prefix=W33 %s

// The message names the rejected width as a number. (Streaming the
// `Pass::Option<unsigned>` itself into the diagnostic picks
// `operator<<(char)`: 48 printed as "0" (ASCII 48) and 33 as "!".)

// CHECK: error: 'index-bitwidth' must be 32 or 64, not 48{{$}}
// W33: error: 'index-bitwidth' must be 32 or 64, not 33{{$}}

// expected-error@+1 {{'index-bitwidth' must be 32 or 64, not 48}}
fuser.group @two_tensors(%x: tensor<?x?xf32>, %y: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.add %x, %y : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}
