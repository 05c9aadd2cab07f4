// --group with inputs whose dtypes differ from the declared ones: the group
// must be re-typed from the group that was selected, not from the first group
// of the file. (registerFusion keeps only the selected group in the module
// it registers; when it kept them all, specialize() re-typed @first for
// @second's inputs: "'input-layouts' has 1 entries, but the group has 2
// tensor arguments".)
//
// RUN: fuser-run %s --group second --random --shape 2x3 --dtype f64 \
// RUN:   --device cpu --check | FileCheck --check-prefix=F64 %s
// RUN: fuser-run %s --group second --random --shape 2x3 --device cpu \
// RUN:   --check 2>&1 | FileCheck --check-prefix=F32 %s

// F64: 0 [2x3] f64 0.000e+00 0.000e+00 ok

// The float64 reference of the f32 run is a re-typed group too.
// F32-NOT: no float64 reference
// F32: 0 [2x3] f32 0.000e+00 0.000e+00 ok
// F32-NOT: no float64 reference

fuser.group @first(%x: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %0 = fuser.add %x, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}

fuser.group @second(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = fuser.neg %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}
