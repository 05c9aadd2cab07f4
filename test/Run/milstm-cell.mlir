// A multiplicative-integration LSTM cell (MiLSTM), in the form the legacy
// fuser reaches after moving the chunks to the group arguments:
//
//   gates = alpha * Wx * Uz + beta_i * Wx + beta_h * Uz + bias
//   i, f, c, o = gates.chunk(4, 1)
//   cy = sigmoid(f) * cx + sigmoid(i) * tanh(c);  hy = sigmoid(o) * tanh(cy)
//
// checked against a float64 NumPy MiLSTM cell.
//
// REQUIRES: numpy
// RUN: rm -rf %t && mkdir -p %t
// RUN: %python %S/Inputs/npycheck.py gen milstm %t
// RUN: fuser-run %s --input %t/wx.npy --input %t/uz.npy --input %t/alpha.npy \
// RUN:   --input %t/beta_i.npy --input %t/beta_h.npy --input %t/bias.npy \
// RUN:   --input %t/cx.npy --output %t/out | FileCheck %s
// RUN: %python %S/Inputs/npycheck.py check milstm %t
// RUN: %python %S/Inputs/npycheck.py selftest milstm %t

// CHECK: wrote {{.*}}out0.npy
// CHECK-NEXT: wrote {{.*}}out1.npy
// CHECK-NOT: wrote

fuser.group @milstm_cell(%wx: tensor<?x?xf32>, %uz: tensor<?x?xf32>, %alpha: tensor<?xf32>,
                         %beta_i: tensor<?xf32>, %beta_h: tensor<?xf32>, %bias: tensor<?xf32>,
                         %cx: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %wx_i, %wx_f, %wx_c, %wx_o = fuser.chunk %wx into 4 along 1 : tensor<?x?xf32>
  %uz_i, %uz_f, %uz_c, %uz_o = fuser.chunk %uz into 4 along 1 : tensor<?x?xf32>
  %alpha_i, %alpha_f, %alpha_c, %alpha_o = fuser.chunk %alpha into 4 along 0 : tensor<?xf32>
  %beta_i_i, %beta_i_f, %beta_i_c, %beta_i_o = fuser.chunk %beta_i into 4 along 0 : tensor<?xf32>
  %beta_h_i, %beta_h_f, %beta_h_c, %beta_h_o = fuser.chunk %beta_h into 4 along 0 : tensor<?xf32>
  %bias_i, %bias_f, %bias_c, %bias_o = fuser.chunk %bias into 4 along 0 : tensor<?xf32>
  // gate i: alpha * Wx * Uz + beta_i * Wx + beta_h * Uz + bias
  %i0 = fuser.mul %alpha_i, %wx_i : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %i1 = fuser.mul %i0, %uz_i : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %i2 = fuser.mul %beta_i_i, %wx_i : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %i3 = fuser.add %i1, %i2 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %i4 = fuser.mul %beta_h_i, %uz_i : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %i5 = fuser.add %i3, %i4 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %i6 = fuser.add %i5, %bias_i : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  // gate f: alpha * Wx * Uz + beta_i * Wx + beta_h * Uz + bias
  %f0 = fuser.mul %alpha_f, %wx_f : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %f1 = fuser.mul %f0, %uz_f : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %f2 = fuser.mul %beta_i_f, %wx_f : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %f3 = fuser.add %f1, %f2 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %f4 = fuser.mul %beta_h_f, %uz_f : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %f5 = fuser.add %f3, %f4 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %f6 = fuser.add %f5, %bias_f : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  // gate c: alpha * Wx * Uz + beta_i * Wx + beta_h * Uz + bias
  %c0 = fuser.mul %alpha_c, %wx_c : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c1 = fuser.mul %c0, %uz_c : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c2 = fuser.mul %beta_i_c, %wx_c : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c3 = fuser.add %c1, %c2 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c4 = fuser.mul %beta_h_c, %uz_c : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c5 = fuser.add %c3, %c4 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c6 = fuser.add %c5, %bias_c : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  // gate o: alpha * Wx * Uz + beta_i * Wx + beta_h * Uz + bias
  %o0 = fuser.mul %alpha_o, %wx_o : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %o1 = fuser.mul %o0, %uz_o : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %o2 = fuser.mul %beta_i_o, %wx_o : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %o3 = fuser.add %o1, %o2 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %o4 = fuser.mul %beta_h_o, %uz_o : (tensor<?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %o5 = fuser.add %o3, %o4 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %o6 = fuser.add %o5, %bias_o : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  %ig = fuser.sigmoid %i6 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %fg = fuser.sigmoid %f6 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %cg = fuser.tanh %c6 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %og = fuser.sigmoid %o6 : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %fc = fuser.mul %fg, %cx : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %ic = fuser.mul %ig, %cg : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %cy = fuser.add %fc, %ic : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %tc = fuser.tanh %cy : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %hy = fuser.mul %og, %tc : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %hy, %cy : tensor<?x?xf32>, tensor<?x?xf32>
}
