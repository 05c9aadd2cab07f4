// torch: gates = xw + hw + b_ih + b_hh; i, f, g, o = gates.chunk(4, 1); ...
// (the form after the legacy fuser's chunk motion: every input chunked).
fuser.group @lstm_cell(%xw: tensor<?x?xf32>, %hw: tensor<?x?xf32>,
                       %bih: tensor<?xf32>, %bhh: tensor<?xf32>,
                       %cx: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %x0, %x1, %x2, %x3 = fuser.chunk %xw into 4 along 1 : tensor<?x?xf32>
  %h0, %h1, %h2, %h3 = fuser.chunk %hw into 4 along 1 : tensor<?x?xf32>
  %b0, %b1, %b2, %b3 = fuser.chunk %bih into 4 along 0 : tensor<?xf32>
  %c0, %c1, %c2, %c3 = fuser.chunk %bhh into 4 along 0 : tensor<?xf32>
  %s0 = fuser.add %x0, %h0 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %t0 = fuser.add %s0, %b0 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %u0 = fuser.add %t0, %c0 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %s1 = fuser.add %x1, %h1 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %t1 = fuser.add %s1, %b1 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %u1 = fuser.add %t1, %c1 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %s2 = fuser.add %x2, %h2 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %t2 = fuser.add %s2, %b2 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %u2 = fuser.add %t2, %c2 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %s3 = fuser.add %x3, %h3 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %t3 = fuser.add %s3, %b3 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %u3 = fuser.add %t3, %c3 : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %i = fuser.sigmoid %u0 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %f = fuser.sigmoid %u1 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %g = fuser.tanh %u2 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %o = fuser.sigmoid %u3 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %fc = fuser.mul %f, %cx : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %ig = fuser.mul %i, %g : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %cy = fuser.add %fc, %ig : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %tc = fuser.tanh %cy : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %hy = fuser.mul %o, %tc : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %hy, %cy : tensor<?x?xf32>, tensor<?x?xf32>
}
