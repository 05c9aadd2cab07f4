"""Costs of the pieces of a torch call of a fusion group (microseconds):
what the binding's per-call work is made of, for tuning it."""

import sys
import timeit

import torch

import fuser

device = sys.argv[1] if len(sys.argv) > 1 else "cuda"
x = torch.randn(4, device=device)
g = fuser.register("""
fuser.group @axpx(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %0 = fuser.mul %x, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %1 = fuser.add %0, %x : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %1 : tensor<?xf32>
}""")


class Opaque:
    def __init__(self, t):
        self.t = t

    def __dlpack__(self, **kw):
        return self.t.__dlpack__()

    def __dlpack_device__(self):
        return self.t.__dlpack_device__()


holder = g(Opaque(x), Opaque(x))  # a fuser.Tensor
print(type(holder), holder)
raw = torch._C._cuda_getCurrentRawStream if device == "cuda" else None
ctx = dict(globals())
stmts = {
    "x.data_ptr()": "x.data_ptr()",
    "x.shape": "x.shape",
    "x.stride()": "x.stride()",
    "x.dtype": "x.dtype",
    "x.is_cuda": "x.is_cuda",
    "x.get_device()": "x.get_device()",
    "x.device.index": "x.device.index",
    "raw stream": "raw(0)" if raw else "None",
    "torch._C._to_dlpack(x) (freed)": "torch._C._to_dlpack(x)",
    "torch.Tensor.is_neg(x)": "torch.Tensor.is_neg(x)",
    "holder.__dlpack__() (freed)": "holder.__dlpack__()",
    "_from_dlpack(holder.__dlpack__())":
        "torch._C._from_dlpack(holder.__dlpack__())",
    "torch.empty(4)": f"torch.empty(4, device='{device}')",
    "torch.empty_like(x)": "torch.empty_like(x)",
    "x + x (eager)": "x + x",
    "g(x, x)": "g(x, x)",
}
for name, stmt in stmts.items():
    n = 100000
    best = min(timeit.repeat(stmt, number=n, repeat=5, globals=ctx)) / n
    print(f"{name:<40} {best * 1e6:8.3f}")
    if device == "cuda":
        torch.cuda.synchronize()
print("native", g._time_native((x, x), 20000))
