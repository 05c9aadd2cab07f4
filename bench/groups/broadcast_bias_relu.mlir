// torch: relu(x + b) * 2.0 - b
fuser.group @broadcast_bias_relu(%x: tensor<?x?xf32>, %b: tensor<?xf32>) -> tensor<?x?xf32> {
  %two = fuser.constant 2.000000e+00 : f64
  %0 = fuser.add %x, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %1 = fuser.relu %0 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = fuser.mul %1, %two : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %3 = fuser.sub %2, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %3 : tensor<?x?xf32>
}
