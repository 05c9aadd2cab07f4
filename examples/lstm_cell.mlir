// LSTM cell, the legacy fuser's flagship workload.
//
// The matrix products gates = x * W_ih^T + h * W_hh^T ([batch, 4 * hidden])
// are computed outside the group. The group adds the two bias vectors
// ([4 * hidden] each, broadcast over the batch), splits everything into the
// input, forget, cell and output gates (chunk 4 along the gate dimension),
// and applies the cell update:
//
//   i, f, g, o = sigmoid(gi), sigmoid(gf), tanh(gg), sigmoid(go)
//   cy = f * cx + i * g
//   hy = o * tanh(cy)
//
// This is the form the legacy fuser reaches after moving the chunk above the
// bias additions: each group argument is chunked on its own, so every kernel
// reads the gates in place.
fuser.group @lstm_cell(%gates: tensor<?x?xf32>, %b_ih: tensor<?xf32>,
                       %b_hh: tensor<?xf32>, %cx: tensor<?x?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %gi, %gf, %gg, %go = fuser.chunk %gates into 4 along 1 : tensor<?x?xf32>
  %bi, %bf, %bg, %bo = fuser.chunk %b_ih into 4 along -1 : tensor<?xf32>
  %hi, %hf, %hg, %ho = fuser.chunk %b_hh into 4 along 0 : tensor<?xf32>
  %ai0 = fuser.add %gi, %bi : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ai = fuser.add %ai0, %hi : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %af0 = fuser.add %gf, %bf : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %af = fuser.add %af0, %hf : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ag0 = fuser.add %gg, %bg : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ag = fuser.add %ag0, %hg : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ao0 = fuser.add %go, %bo : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ao = fuser.add %ao0, %ho : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %i = fuser.sigmoid %ai : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %f = fuser.sigmoid %af : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %g = fuser.tanh %ag : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %o = fuser.sigmoid %ao : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %fc = fuser.mul %f, %cx : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %ig = fuser.mul %i, %g : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %cy = fuser.add %fc, %ig : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %tc = fuser.tanh %cy : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %hy = fuser.mul %o, %tc : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %hy, %cy : tensor<?x?xf32>, tensor<?x?xf32>
}
