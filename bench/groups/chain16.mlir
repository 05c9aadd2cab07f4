// torch: y = sin(x) * 1.5 + cos(x); y = tanh(y) * y - sigmoid(y);
//        y = exp(-y * y) + abs(y); y = sqrt(y + 1) * log1p(abs(x));
//        y = clamp(y, -2, 2) * x
fuser.group @chain16(%x: tensor<?xf32>) -> tensor<?xf32> {
  %c15 = fuser.constant 1.500000e+00 : f64
  %one = fuser.constant 1.000000e+00 : f64
  %lo = fuser.constant -2.000000e+00 : f64
  %hi = fuser.constant 2.000000e+00 : f64
  %0 = fuser.sin %x : (tensor<?xf32>) -> tensor<?xf32>
  %1 = fuser.mul %0, %c15 : (tensor<?xf32>, f64) -> tensor<?xf32>
  %2 = fuser.cos %x : (tensor<?xf32>) -> tensor<?xf32>
  %3 = fuser.add %1, %2 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %4 = fuser.tanh %3 : (tensor<?xf32>) -> tensor<?xf32>
  %5 = fuser.mul %4, %3 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %6 = fuser.sigmoid %3 : (tensor<?xf32>) -> tensor<?xf32>
  %7 = fuser.sub %5, %6 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %8 = fuser.neg %7 : (tensor<?xf32>) -> tensor<?xf32>
  %9 = fuser.mul %8, %7 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %10 = fuser.exp %9 : (tensor<?xf32>) -> tensor<?xf32>
  %11 = fuser.abs %7 : (tensor<?xf32>) -> tensor<?xf32>
  %12 = fuser.add %10, %11 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %13 = fuser.add %12, %one : (tensor<?xf32>, f64) -> tensor<?xf32>
  %14 = fuser.sqrt %13 : (tensor<?xf32>) -> tensor<?xf32>
  %15 = fuser.abs %x : (tensor<?xf32>) -> tensor<?xf32>
  %16 = fuser.log1p %15 : (tensor<?xf32>) -> tensor<?xf32>
  %17 = fuser.mul %14, %16 : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %18 = fuser.clamp %17 min %lo max %hi : (tensor<?xf32>, f64, f64) -> tensor<?xf32>
  %19 = fuser.mul %18, %x : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %19 : tensor<?xf32>
}
