// torch: y = x + bias; keep = (rand_like(y) > 0.1).type_as(y);
//        residual + y * keep * 1.1111111111111112
fuser.group @bias_dropout_residual(%x: tensor<?x?xf16>, %bias: tensor<?xf16>, %res: tensor<?x?xf16>) -> tensor<?x?xf16> {
  %p = fuser.constant 1.000000e-01 : f64
  %scale = fuser.constant 1.1111111111111112 : f64
  %y = fuser.add %x, %bias : (tensor<?x?xf16>, tensor<?xf16>) -> tensor<?x?xf16>
  %r = fuser.rand_like %y : (tensor<?x?xf16>) -> tensor<?x?xf16>
  %k = fuser.gt %r, %p : (tensor<?x?xf16>, f64) -> tensor<?x?xi1>
  %keep = fuser.type_as %k, %y : (tensor<?x?xi1>, tensor<?x?xf16>) -> tensor<?x?xf16>
  %a = fuser.mul %y, %keep : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  %b = fuser.mul %a, %scale : (tensor<?x?xf16>, f64) -> tensor<?x?xf16>
  %out = fuser.add %res, %b : (tensor<?x?xf16>, tensor<?x?xf16>) -> tensor<?x?xf16>
  fuser.yield %out : tensor<?x?xf16>
}
