// The on-disk kernel cache: a second process loads the kernel the first one
// compiled (same results), and a truncated or corrupt entry is a miss that is
// compiled again and replaced, never a crash or a wrong kernel.
//
// RUN: rm -rf %t && mkdir -p %t
// RUN: env FUSER_CACHE_DIR=%t/cache FUSER_DEBUG=1 fuser-run %s --random \
// RUN:   --shape 7x33 --shape 1x33 --device cpu --check --output %t/first.npy \
// RUN:   2>&1 | FileCheck --check-prefix=COLD %s
// RUN: env FUSER_CACHE_DIR=%t/cache FUSER_DEBUG=1 fuser-run %s --random \
// RUN:   --shape 7x33 --shape 1x33 --device cpu --check --output %t/warm.npy \
// RUN:   2>&1 | FileCheck --check-prefix=WARM %s
// RUN: cmp %t/first.npy0.npy %t/warm.npy0.npy
//
// Truncate the entry: the next run compiles again and rewrites it.
// RUN: for f in %t/cache/*.kc; do head -c 100 $f > $f.cut && mv $f.cut $f; done
// RUN: env FUSER_CACHE_DIR=%t/cache FUSER_DEBUG=1 fuser-run %s --random \
// RUN:   --shape 7x33 --shape 1x33 --device cpu --check 2>&1 \
// RUN:   | FileCheck --check-prefix=COLD %s
// RUN: env FUSER_CACHE_DIR=%t/cache FUSER_DEBUG=1 fuser-run %s --random \
// RUN:   --shape 7x33 --shape 1x33 --device cpu --check 2>&1 \
// RUN:   | FileCheck --check-prefix=WARM %s
//
// Overwrite the middle of the entry (its checksum no longer matches).
// RUN: for f in %t/cache/*.kc; do printf 'XXXXXXXX' | dd of=$f bs=1 seek=400 conv=notrunc status=none; done
// RUN: env FUSER_CACHE_DIR=%t/cache FUSER_DEBUG=1 fuser-run %s --random \
// RUN:   --shape 7x33 --shape 1x33 --device cpu --check 2>&1 \
// RUN:   | FileCheck --check-prefix=COLD %s
//
// Another layout is another entry.
// RUN: env FUSER_CACHE_DIR=%t/cache FUSER_DEBUG=1 fuser-run %s --random \
// RUN:   --shape 7x33 --shape 7x1 --device cpu --check 2>&1 \
// RUN:   | FileCheck --check-prefix=COLD %s
// RUN: ls %t/cache | FileCheck --check-prefix=FILES %s
//
// Disabled: nothing is loaded or written.
// RUN: rm -rf %t/off && env FUSER_CACHE_DIR=%t/off FUSER_DISABLE_DISK_CACHE=1 \
// RUN:   FUSER_DEBUG=1 fuser-run %s --random --shape 7x33 --shape 1x33 \
// RUN:   --device cpu --check 2>&1 | FileCheck --check-prefix=COLD %s
// RUN: not ls %t/off

// COLD: fuser: compiling fused_{{[0-9a-f]+}} for cpu
// COLD-NOT: loaded
// COLD: ok
// WARM-NOT: compiling
// WARM: fuser: loaded fused_{{[0-9a-f]+}} for cpu{{.*}} from {{.*}}.kc
// WARM: ok
// FILES-COUNT-2: {{^[0-9a-f]{16}\.kc$}}
// FILES-NOT: tmp

fuser.group @scaled_tanh(%x: tensor<?x?xf32>, %b: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %s = fuser.add %x, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %t = fuser.tanh %s : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %t : tensor<?x?xf32>
}
