// torch: x * 0.5 * (1.0 + torch.erf(x * 0.7071067811865476))
fuser.group @gelu_erf(%x: tensor<?xf32>) -> tensor<?xf32> {
  %a = fuser.constant 5.000000e-01 : f64
  %b = fuser.constant 0.7071067811865476 : f64
  %one = fuser.constant 1.000000e+00 : f64
  %0 = fuser.mul %x, %a : (tensor<?xf32>, f64) -> tensor<?xf32>
  %1 = fuser.mul %x, %b : (tensor<?xf32>, f64) -> tensor<?xf32>
  %2 = fuser.erf %1 : (tensor<?xf32>) -> tensor<?xf32>
  %3 = fuser.add %2, %one : (tensor<?xf32>, f64) -> tensor<?xf32>
  %4 = fuser.mul %0, %3 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %4 : tensor<?xf32>
}
