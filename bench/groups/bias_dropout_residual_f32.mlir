// torch: y = x + bias; keep = (rand_like(y) > 0.1).type_as(y);
//        residual + y * keep * 1.1111111111111112
fuser.group @bias_dropout_residual(%x: tensor<?x?xf32>, %bias: tensor<?xf32>, %res: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %p = fuser.constant 1.000000e-01 : f64
  %scale = fuser.constant 1.1111111111111112 : f64
  %y = fuser.add %x, %bias : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %r = fuser.rand_like %y : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %k = fuser.gt %r, %p : (tensor<?x?xf32>, f64) -> tensor<?x?xi1>
  %keep = fuser.type_as %k, %y : (tensor<?x?xi1>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %a = fuser.mul %y, %keep : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %b = fuser.mul %a, %scale : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %out = fuser.add %res, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %out : tensor<?x?xf32>
}
