// Parses, but does not verify: f32 + f32 is not i32 (test/Run/errors.mlir).
fuser.group @badtype(%x: tensor<?xf32>) -> tensor<?xi32> {
  %0 = fuser.add %x, %x : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xi32>
}
