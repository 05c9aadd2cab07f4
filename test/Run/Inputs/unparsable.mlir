// Not valid MLIR: an unknown op in an unterminated group (test/Run/errors.mlir).
fuser.group @g(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = fuser.bogus %x
