"""Host overhead of a cached call of a fusion group from Python.

Runs ``out = x * y + x`` on tiny inputs (4 elements by default), cached, and
reports per call, in microseconds:

- ``python``: ``group(x, y)`` from Python: the median over single timed
  calls (a timer's own cost subtracted), the mean wall time per call over
  batches, and the thread's CPU time per call over batches (which a loaded
  machine's preemptions do not inflate; each the median over batches);
- ``native``: ``fuserRun`` alone on the same arguments, each call timed in C
  inside the extension (the runtime's work and the kernel, with the outputs
  released), the same three measures: what any binding must pay;
- ``binding``: ``python - native``, the overhead of the package itself
  (argument conversion, output conversion to the caller's library, the call
  from Python).

With ``--ctypes`` it also times the pure-Python ctypes prototype
(ctypes_prototype.py) on the same group, for the design decision recorded in
docs/Rationale.md. ``--torch`` uses torch tensors (``--device cuda`` for
CUDA; CUDA calls are synchronised only at the end of each batch).

    PYTHONPATH=build/python_packages python python_bindings/benchmarks/overhead.py
"""

from __future__ import annotations

import argparse
import gc
import os
import statistics
import sys
import time

GROUP = """
fuser.group @axpx(%x: tensor<?xf32>, %y: tensor<?xf32>) -> tensor<?xf32> {
  %0 = fuser.mul %x, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  %1 = fuser.add %0, %x : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %1 : tensor<?xf32>
}
"""


def timer_cost_ns(samples: int) -> float:
    clock = time.perf_counter_ns
    costs = []
    for _ in range(samples):
        t0 = clock()
        t1 = clock()
        costs.append(t1 - t0)
    return statistics.median(costs)


def time_calls(fn, args, samples: int, batches: int, batch: int,
               sync=None):
    """(median wall ns of single calls, median over batches of the mean
    wall ns per call, median over batches of the thread CPU ns per call)."""
    clock = time.perf_counter_ns
    cpu_clock = time.thread_time_ns
    for _ in range(2000):  # warm up: compile, caches, allocator
        fn(*args)
    if sync:
        sync()
    gc_was = gc.isenabled()
    gc.disable()
    try:
        singles = []
        for _ in range(samples):
            t0 = clock()
            fn(*args)
            t1 = clock()
            singles.append(t1 - t0)
        means, cpus = [], []
        for _ in range(batches):
            c0 = cpu_clock()
            t0 = clock()
            for _ in range(batch):
                fn(*args)
            if sync:
                sync()
            means.append((clock() - t0) / batch)
            cpus.append((cpu_clock() - c0) / batch)
    finally:
        if gc_was:
            gc.enable()
    return (statistics.median(singles), statistics.median(means),
            statistics.median(cpus))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=4)
    parser.add_argument("--samples", type=int, default=100000)
    parser.add_argument("--batches", type=int, default=30)
    parser.add_argument("--batch", type=int, default=5000)
    parser.add_argument("--ctypes", action="store_true",
                        help="also time the ctypes prototype")
    parser.add_argument("--torch", action="store_true",
                        help="torch tensors instead of NumPy arrays")
    parser.add_argument("--device", default="cpu")
    opts = parser.parse_args()

    import numpy as np
    import fuser

    group = fuser.register(GROUP)
    rng = np.random.default_rng(0)
    xs = rng.standard_normal(opts.size).astype(np.float32)
    ys = rng.standard_normal(opts.size).astype(np.float32)
    sync = None
    if opts.torch:
        import torch

        x = torch.from_numpy(xs).to(opts.device)
        y = torch.from_numpy(ys).to(opts.device)
        if opts.device.startswith("cuda"):
            sync = torch.cuda.synchronize
        library = f"torch {torch.__version__} ({opts.device})"
    else:
        x, y = xs, ys
        library = f"numpy {np.__version__}"
    out = group(x, y)
    expected = xs.astype(np.float64) * ys + xs
    got = np.asarray(out.cpu() if opts.torch else out, dtype=np.float64)
    assert np.allclose(got, expected, rtol=1e-6), (got, expected)
    assert type(out) is type(x), (type(out), type(x))

    timer = timer_cost_ns(20000)
    single, mean, cpu = time_calls(group, (x, y), opts.samples,
                                   opts.batches, opts.batch, sync)
    single -= timer
    natives = [group._time_native((x, y), opts.batch)
               for _ in range(opts.batches)]
    n_single = statistics.median(n[0] for n in natives)
    n_mean = statistics.median(n[1] for n in natives)
    n_cpu = statistics.median(n[2] for n in natives)
    if sync:
        sync()

    print(f"python {sys.version.split()[0]}, {library}, fuser "
          f"{fuser.__version__}, {opts.size} elements, "
          f"{os.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    rows = [("python: group(x, y)", single, mean, cpu),
            ("native: fuserRun (C, in process)", n_single, n_mean, n_cpu),
            ("binding (python - native)", single - n_single, mean - n_mean,
             cpu - n_cpu)]
    if opts.ctypes and not opts.torch:
        sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
        import ctypes_prototype

        proto = ctypes_prototype.Prototype(GROUP)
        got = proto(x, y)
        assert np.allclose(got, expected, rtol=1e-6)
        c_single, c_mean, c_cpu = time_calls(proto, (x, y), opts.samples,
                                             opts.batches, opts.batch)
        c_single -= timer
        rows += [("ctypes prototype: proto(x, y)", c_single, c_mean, c_cpu),
                 ("ctypes binding (ctypes - native)", c_single - n_single,
                  c_mean - n_mean, c_cpu - n_cpu)]
    print(f"{'us per call':<36} {'wall median':>11} {'wall mean':>10} "
          f"{'CPU mean':>9}")
    for name, a, b, c in rows:
        print(f"{name:<36} {a / 1e3:>11.2f} {b / 1e3:>10.2f} {c / 1e3:>9.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
