"""The design brief's workloads through ``fuser.torch.jit`` on CUDA tensors.

Same workloads, shapes, dtypes and byte counts as the peer measurements
(shared/bench/torch_peers.py, design.md section 5), timed the same way:
CUDA events around back-to-back calls, median of 40, after 3 warm-up calls.
Prints one JSON line per workload:

- ``ms``, ``GBps``: median time of a call and effective bandwidth (each
  input read once, each output written once);
- ``first_call_s``: the first call (it runs the regions with torch and
  records their types, writes and registers the groups) plus the second
  (which compiles the kernels): the time until the fused path is ready;
  ``profile_call_s`` and ``compile_call_s`` are the two parts;
- ``tiny_us_per_call``: host time per call on a tiny problem (Python loop,
  synchronised at the end), and ``tiny_us_group_only`` for the bare fuser
  group of a one-region workload (the frontend's own overhead is the
  difference);
- ``regions``/``fused``: regions found and regions running fused; 
  ``max_rel_err`` against eager (norm of the difference over the norm of
  eager, in float64) or ``drop_frac`` for the dropout workloads.

Usage (build the package first: ninja -C <build> fuser-python)::

    PYTHONPATH=<build>/python_packages python torch_frontend_bench.py
    ... --workloads lstm_cell,gelu_erf --iters 100
    ... --device cpu --small      # a smoke run without a GPU

Without CUDA (torch's or fuser's) it prints one JSON line saying so and
exits 0; without torch it does the same.
"""

from __future__ import annotations

import argparse
import json
import sys
import time


def _fail(message: str) -> int:
    print(json.dumps({"mode": "fuser.torch", "error": message}), flush=True)
    return 0


def workloads(torch):
    """name -> (function, args maker(small, dtype, device), elements)."""

    def lstm_cell(xw, hw, b_ih, b_hh, cx):
        gates = xw + hw + b_ih + b_hh
        i, f, g, o = gates.chunk(4, 1)
        i = torch.sigmoid(i)
        f = torch.sigmoid(f)
        g = torch.tanh(g)
        o = torch.sigmoid(o)
        cy = f * cx + i * g
        hy = o * torch.tanh(cy)
        return hy, cy

    def milstm_cell(wx, uz, alpha, beta_i, beta_h, bias, cx):
        gates = alpha * wx * uz + beta_i * wx + beta_h * uz + bias
        i, f, g, o = gates.chunk(4, 1)
        i = torch.sigmoid(i)
        f = torch.sigmoid(f)
        g = torch.tanh(g)
        o = torch.sigmoid(o)
        cy = f * cx + i * g
        hy = o * torch.tanh(cy)
        return hy, cy

    def gelu_erf(x):
        return x * 0.5 * (1.0 + torch.erf(x * 0.7071067811865476))

    def bias_dropout_residual(x, bias, residual):
        y = x + bias
        keep = (torch.rand_like(y) > 0.1).type_as(y)
        return residual + y * keep * 1.1111111111111112

    def concat3(x, y):
        return torch.cat([x * y, x + y, torch.relu(x - y)], dim=1)

    def chain16(x):
        y = torch.sin(x) * 1.5 + torch.cos(x)
        y = torch.tanh(y) * y - torch.sigmoid(y)
        y = torch.exp(-y * y) + torch.abs(y)
        y = torch.sqrt(y + 1.0) * torch.log1p(torch.abs(x))
        y = torch.clamp(y, -2.0, 2.0) * x
        return y

    def broadcast_bias_relu(x, b):
        return torch.relu(x + b) * 2.0 - b

    def make(name, small, dtype, device):
        B, H = (4, 64) if small else (4096, 4096)
        N = 4096 if small else 64 * 1024 * 1024

        def r(*shape):
            return torch.randn(*shape, device=device, dtype=dtype)

        if name == "lstm_cell":
            return lstm_cell, (r(B, 4 * H), r(B, 4 * H), r(4 * H), r(4 * H),
                               r(B, H)), 11 * B * H
        if name == "milstm_cell":
            return milstm_cell, (r(B, 4 * H), r(B, 4 * H), r(4 * H),
                                 r(4 * H), r(4 * H), r(4 * H), r(B, H)), \
                11 * B * H + 16 * H
        if name.startswith("gelu_erf"):
            return gelu_erf, (r(N),), 2 * N
        if name.startswith("bias_dropout_residual"):
            C = 64 if small else 4096
            R = N // C
            return bias_dropout_residual, (r(R, C), r(C), r(R, C)), \
                3 * R * C + C
        if name == "concat3":
            R, C = (64, 64) if small else (8192, 2048)
            return concat3, (r(R, C), r(R, C)), 2 * R * C + 3 * R * C
        if name == "chain16":
            return chain16, (r(N),), 2 * N
        if name == "broadcast_bias_relu":
            C = 64 if small else 4096
            R = N // C
            return broadcast_bias_relu, (r(R, C), r(C)), 2 * R * C + C
        raise KeyError(name)

    return make


WORKLOADS = [
    ("lstm_cell", "float32"),
    ("milstm_cell", "float32"),
    ("gelu_erf", "float32"),
    ("gelu_erf_f16", "float16"),
    ("bias_dropout_residual", "float32"),
    ("bias_dropout_residual_f16", "float16"),
    ("concat3", "float32"),
    ("chain16", "float32"),
    ("broadcast_bias_relu", "float32"),
]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--device", default="cuda", choices=("cuda", "cpu"))
    parser.add_argument("--small", action="store_true",
                        help="the tiny shapes only (a smoke run)")
    parser.add_argument("--iters", type=int, default=40)
    parser.add_argument("--tiny-calls", type=int, default=2000)
    parser.add_argument("--workloads", default="",
                        help="comma-separated names (default: all)")
    opts = parser.parse_args()
    try:
        import torch
    except ImportError:
        return _fail("torch is not installed")
    try:
        import fuser
        import fuser.torch as ft
    except ImportError as e:
        return _fail("fuser cannot be imported: %s" % e)
    device = opts.device
    if device == "cuda":
        if not torch.cuda.is_available():
            return _fail("CUDA is not available to torch")
        if not fuser.cuda_available():
            return _fail("CUDA is not available to fuser: %s" %
                         fuser.cuda_unavailable_reason())

    def sync():
        if device == "cuda":
            torch.cuda.synchronize()

    def median_ms(f):
        for _ in range(3):
            f()
        sync()
        if device == "cuda":
            events = [(torch.cuda.Event(enable_timing=True),
                       torch.cuda.Event(enable_timing=True))
                      for _ in range(opts.iters)]
            for s, e in events:
                s.record()
                f()
                e.record()
            torch.cuda.synchronize()
            times = sorted(s.elapsed_time(e) for s, e in events)
        else:
            times = []
            for _ in range(opts.iters):
                t0 = time.perf_counter()
                f()
                times.append((time.perf_counter() - t0) * 1e3)
            times.sort()
        return times[len(times) // 2]

    def host_us(f, n):
        for _ in range(5):
            f()
        sync()
        t0 = time.perf_counter()
        for _ in range(n):
            f()
        sync()
        return (time.perf_counter() - t0) / n * 1e6

    make = workloads(torch)
    wanted = [w for w in opts.workloads.split(",") if w]
    for name, dtype_name in WORKLOADS:
        if wanted and name not in wanted:
            continue
        dtype = getattr(torch, dtype_name)
        rec = {"mode": "fuser.torch", "workload": name,
               "dtype": str(dtype), "device": device}
        try:
            fn, args, elems = make(name, opts.small, dtype, device)
            nbytes = elems * args[0].element_size()
            with torch.no_grad():
                ref = fn(*args)
                jitted = ft.jit(fn)
                sync()
                t0 = time.perf_counter()
                jitted(*args)            # records types, registers groups
                sync()
                t1 = time.perf_counter()
                out = jitted(*args)      # compiles the kernels
                sync()
                t2 = time.perf_counter()
                rec["profile_call_s"] = round(t1 - t0, 4)
                rec["compile_call_s"] = round(t2 - t1, 4)
                rec["first_call_s"] = round(t2 - t0, 4)
                infos = jitted.plan_info(*args)
                rec["regions"] = len(infos)
                rec["fused"] = sum(i["mode"] == "fused" for i in infos)
                not_fused = [i["reason"] for i in infos
                             if i["mode"] != "fused"]
                if not_fused:
                    rec["not_fused"] = [str(r)[:120] for r in not_fused]
                failures = sum(i["failures"] for i in infos)
                if failures:
                    rec["fallbacks"] = failures
                    rec["last_error"] = str(
                        [i["last_error"] for i in infos
                         if i["last_error"]][-1])[:200]
                if "dropout" not in name:
                    outs = out if isinstance(out, tuple) else (out,)
                    refs = ref if isinstance(ref, tuple) else (ref,)
                    rec["max_rel_err"] = max(
                        float(((o.double() - r.double()).norm() /
                               r.double().norm()).item())
                        for o, r in zip(outs, refs))
                else:
                    y = out.float()
                    rec["drop_frac"] = round(float(
                        (y == args[2].float()).float().mean().item()), 4)
                ms = median_ms(lambda: jitted(*args))
                rec["ms"] = round(ms, 4)
                rec["GBps"] = round(nbytes / ms / 1e6, 1)
                _, small_args, _ = make(name, True, dtype, device)
                rec["tiny_us_per_call"] = round(
                    host_us(lambda: jitted(*small_args), opts.tiny_calls), 2)
                plan = jitted._plans.get(jitted._sig(*small_args))
                states = list(plan.states.values()) if plan else []
                if len(states) == 1 and states[0].mode == "fused":
                    st = states[0]
                    index = {v.unique(): i for i, v in
                             enumerate(jitted.graph.inputs())}
                    if all(v.unique() in index for v in st.emitted.args):
                        gargs = [small_args[index[v.unique()]]
                                 for v in st.emitted.args]
                        group = st.group
                        rec["tiny_us_group_only"] = round(
                            host_us(lambda: group(*gargs), opts.tiny_calls),
                            2)
        except Exception as ex:  # noqa: BLE001 (report and go on)
            rec["error"] = "%s: %s" % (type(ex).__name__, str(ex)[:300])
        print(json.dumps(rec), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
