// fuser-run's errors on .npy inputs: a rank other than the group's, an
// unsupported element type (complex64 '<c8', big-endian '>f4'), truncated
// data, a file that is not .npy, a missing file.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen bad_npy %t
// The good files run.
// RUN: fuser-run %s --input %t/good.npy --input %t/rank1.npy \
// RUN:   | FileCheck --check-prefix=GOOD %s
// GOOD: output 0: f32 [2x4] = [
//
// RUN: not fuser-run %s --input %t/rank1.npy --input %t/rank1.npy 2>&1 \
// RUN:   | FileCheck --check-prefix=RANK %s
// RANK: fuser-run: error: input #0 has rank 1, but the group declares rank 2
// RUN: not fuser-run %s --input %t/good.npy --input %t/good.npy 2>&1 \
// RUN:   | FileCheck --check-prefix=RANK2 %s
// RANK2: fuser-run: error: input #1 has rank 2, but the group declares rank 1
// RUN: not fuser-run %s --input %t/complex.npy --input %t/rank1.npy 2>&1 \
// RUN:   | FileCheck --check-prefix=COMPLEX %s
// COMPLEX: fuser-run: error: '{{.*}}complex.npy': unsupported element type '<c8'
// RUN: not fuser-run %s --input %t/good.npy --input %t/bigendian.npy 2>&1 \
// RUN:   | FileCheck --check-prefix=BIGENDIAN %s
// BIGENDIAN: fuser-run: error: '{{.*}}bigendian.npy': unsupported element type '>f4'
// RUN: not fuser-run %s --input %t/truncated.npy --input %t/rank1.npy 2>&1 \
// RUN:   | FileCheck --check-prefix=TRUNCATED %s
// TRUNCATED: fuser-run: error: '{{.*}}truncated.npy': truncated data (expected 1024 bytes)
// RUN: not fuser-run %s --input %t/notnpy.npy --input %t/rank1.npy 2>&1 \
// RUN:   | FileCheck --check-prefix=NOTNPY %s
// NOTNPY: fuser-run: error: '{{.*}}notnpy.npy' is not a .npy file (bad magic)
// RUN: not fuser-run %s --input %t/good.npy --input %t/missing.npy 2>&1 \
// RUN:   | FileCheck --check-prefix=NOFILE %s
// NOFILE: fuser-run: error: cannot open '{{.*}}missing.npy'

fuser.group @add_row(%x: tensor<?x?xf32>, %b: tensor<?xf32>)
    -> tensor<?x?xf32> {
  %0 = fuser.add %x, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}
