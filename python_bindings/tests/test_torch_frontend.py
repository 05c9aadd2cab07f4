"""fuser.torch: the TorchScript importer, the partitioner and the
``fuser.torch.jit`` decorator, checked against eager PyTorch.

Every test but the first needs torch and is skipped, with the reason, when
torch cannot be imported; CUDA variants are skipped without a GPU that both
torch and fuser can use. Results are compared with eager mode (and with a
float64 reference where rounding matters), within the dtype's tolerance.
"""

from __future__ import annotations

import math
import subprocess
import sys
import textwrap
import warnings

import pytest

import fuser

try:  # the workloads below are scripted: they need torch as a global
    import torch
except ImportError:
    torch = None


# -- without torch ----------------------------------------------------------


def test_without_torch_fuser_imports_and_fuser_torch_says_why():
    """`import fuser` never needs torch; `import fuser.torch` fails with a
    clear ImportError when torch is missing (torch is hidden here)."""
    code = textwrap.dedent("""
        import sys
        sys.modules["torch"] = None      # as if torch were not installed
        import fuser
        assert "torch" not in [m for m in sys.modules if sys.modules[m]]
        try:
            import fuser.torch
        except ImportError as e:
            assert "needs PyTorch" in str(e), e
            print("OK")
        else:
            raise SystemExit("fuser.torch imported without torch")
    """)
    result = subprocess.run([sys.executable, "-c", code], capture_output=True,
                            text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    assert "OK" in result.stdout


# -- everything else needs torch ---------------------------------------------


@pytest.fixture(autouse=True)
def _needs_torch(request):
    if request.node.name.startswith("test_without_torch"):
        return
    pytest.importorskip("torch", reason="torch is not installed: the "
                        "fuser.torch tests need it (pip install torch)")


def _torch():
    import torch

    return torch


def _ft():
    import fuser.torch as ft

    return ft


def cuda_ok() -> bool:
    try:
        import torch
    except ImportError:
        return False
    return torch.cuda.is_available() and fuser.cuda_available()


DEVICES = ["cpu", pytest.param("cuda", marks=pytest.mark.skipif(
    not cuda_ok(), reason="needs a GPU that both torch and fuser can use"))]

TOL = {  # (rtol, atol) against eager results of the same dtype
    "float64": (1e-12, 1e-12),
    "float32": (2e-6, 2e-6),
    "float16": (2e-3, 2e-3),
    "bfloat16": (1.6e-2, 1.6e-2),
}


def assert_close(got, want, dtype=None, rtol=None, atol=None):
    torch = _torch()
    if isinstance(want, (tuple, list)):
        assert isinstance(got, type(want)), (type(got), type(want))
        assert len(got) == len(want)
        for g, w in zip(got, want):
            assert_close(g, w, dtype, rtol, atol)
        return
    if not isinstance(want, torch.Tensor):
        assert got == want
        return
    assert isinstance(got, torch.Tensor)
    assert got.dtype == want.dtype, (got.dtype, want.dtype)
    assert got.shape == want.shape, (got.shape, want.shape)
    assert got.device == want.device
    name = str(dtype or want.dtype).replace("torch.", "")
    r, a = TOL.get(name, (0, 0))
    r = r if rtol is None else rtol
    a = a if atol is None else atol
    torch.testing.assert_close(got.cpu(), want.cpu(), rtol=r, atol=a,
                               equal_nan=True)


def run_fused(fn, *args, calls=3, **options):
    """jit(fn), called `calls` times (the first call profiles); returns
    (fused function, last result)."""
    ft = _ft()
    f = ft.jit(fn, **options)
    out = None
    for _ in range(calls):
        out = f(*args)
    return f, out


def make_fn(src, name="f", **globals_):
    """A function from source that torch.jit.script can read back."""
    import linecache

    torch = _torch()
    filename = "<fuser-test-%d>" % (len(linecache.cache) + id(src))
    linecache.cache[filename] = (len(src), None, src.splitlines(True),
                                 filename)
    ns = {"torch": torch, "F": torch.nn.functional,
          "__name__": "fuser_test_generated"}
    ns.update(globals_)
    exec(compile(src, filename, "exec"), ns)  # noqa: S102
    return ns[name]


def modes(f, *args):
    return [info["mode"] for info in f.plan_info(*args)]


def check(fn, *args, fused=None, dtype=None, rtol=None, atol=None,
          **options):
    """Runs fn fused and eagerly; checks the results, and that `fused`
    regions (default: every region, at least one) ran fused without
    failures."""
    f, out = run_fused(fn, *args, **options)
    assert_close(out, fn(*args), dtype, rtol, atol)
    infos = f.plan_info(*args)
    done = [i for i in infos if i["mode"] == "fused"]
    if fused is None:
        assert done and len(done) == len(infos), infos
    else:
        assert len(done) == fused, infos
    assert all(i["failures"] == 0 for i in done), infos
    return f, out


# -- workloads of the design brief (same code as the peer benchmark) ----------


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


def _randn(*shape, device="cpu", dtype=None, seed=0):
    torch = _torch()
    g = torch.Generator().manual_seed(seed + 17 * len(shape) + sum(shape))
    t = torch.randn(*shape, generator=g, dtype=torch.float64)
    return t.to(device=device, dtype=dtype or torch.float32)


def _f64(args):
    torch = _torch()
    return [a.double() if isinstance(a, torch.Tensor) and
            a.is_floating_point() else a for a in args]


def _lstm_args(B, H, device="cpu", dtype=None):
    return [_randn(B, 4 * H, device=device, dtype=dtype, seed=1),
            _randn(B, 4 * H, device=device, dtype=dtype, seed=2),
            _randn(4 * H, device=device, dtype=dtype, seed=3),
            _randn(4 * H, device=device, dtype=dtype, seed=4),
            _randn(B, H, device=device, dtype=dtype, seed=5)]


def _milstm_args(B, H, device="cpu", dtype=None):
    return [_randn(B, 4 * H, device=device, dtype=dtype, seed=1),
            _randn(B, 4 * H, device=device, dtype=dtype, seed=2)] + \
        [_randn(4 * H, device=device, dtype=dtype, seed=s)
         for s in (3, 4, 5, 6)] + \
        [_randn(B, H, device=device, dtype=dtype, seed=7)]


@pytest.mark.parametrize("device", DEVICES)
def test_lstm_cell_is_one_group(device):
    args = _lstm_args(3, 20, device)
    f, out = check(lstm_cell, *args)
    (info,) = f.plan_info(*args)
    # every elementwise op, the chunk and the bias additions in one group
    assert info["ops"] == 12 and "aten::chunk" in info["kinds"]
    assert info["mlir"].count("fuser.chunk") == 4  # chunk motion
    ref = lstm_cell(*_f64(args))
    for o, r in zip(out, ref):
        _torch().testing.assert_close(o.double(), r, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("device", DEVICES)
def test_milstm_cell_is_one_group(device):
    args = _milstm_args(4, 16, device)
    f, out = check(milstm_cell, *args)
    (info,) = f.plan_info(*args)
    assert info["mode"] == "fused" and info["ops"] == 16
    ref = milstm_cell(*_f64(args))
    for o, r in zip(out, ref):
        _torch().testing.assert_close(o.double(), r, rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("device", DEVICES)
def test_design_workloads(device):
    torch = _torch()
    check(gelu_erf, _randn(1000, device=device))
    check(concat3, _randn(8, 5, device=device), _randn(8, 5, device=device))
    check(chain16, _randn(777, device=device))
    check(broadcast_bias_relu, _randn(9, 7, device=device),
          _randn(7, device=device))
    x, b, r = (_randn(64, 128, device=device), _randn(128, device=device),
               _randn(64, 128, device=device))
    f, out = run_fused(bias_dropout_residual, x, b, r)
    assert modes(f, x, b, r) == ["fused"]
    y = x + b
    kept = torch.isclose(out, r + y * 1.1111111111111112, rtol=1e-5,
                         atol=1e-5)
    dropped = torch.isclose(out, r, rtol=0, atol=0)
    assert bool((kept | dropped).all())
    assert 0.05 < dropped.double().mean().item() < 0.15


def test_lstm_cell_f64_matches_eager_exactly_enough():
    args = _lstm_args(5, 8, dtype=_torch().float64)
    check(lstm_cell, *args)


# -- the importer ---------------------------------------------------------------


def test_importer_lstm_text_and_run():
    ft = _ft()
    args = _lstm_args(2, 3)
    imported = ft.import_graph(lstm_cell, args, name="lstm")
    text = imported.mlir
    assert text.startswith("fuser.group @lstm(")
    for op in ("fuser.chunk", "fuser.sigmoid", "fuser.tanh", "fuser.add",
               "fuser.mul", "fuser.yield"):
        assert op in text
    out = imported(*args)
    assert_close(out, lstm_cell(*args))
    group = imported.register()
    assert group.num_outputs == 2
    assert group.chunks.count(None) == 1  # cx is the one unchunked input


@pytest.mark.filterwarnings("ignore:`torch.jit.trace` is deprecated")
def test_importer_traced_function():
    """torch.jit.trace graphs (constants baked in, aten::mul.Scalar and
    friends) import like scripted ones."""
    torch = _torch()
    ft = _ft()

    def f(x, y):
        a, b = x.chunk(2, dim=1)
        return torch.cat([torch.sigmoid(a) * y, torch.tanh(b) + 0.5], dim=1)

    x, y = torch.randn(3, 8), torch.randn(3, 4)
    traced = torch.jit.trace(f, (x, y))
    imported = ft.import_graph(traced, (x, y), name="traced")
    for op in ("fuser.chunk", "fuser.sigmoid", "fuser.tanh",
               "fuser.concat"):
        assert op in imported.mlir
    fresh = torch.randn(5, 8), torch.randn(5, 4)
    (out,) = imported(*fresh)
    assert_close(out, f(*fresh))


def test_importer_from_graph_types_without_inputs():
    """Types from the graph: complete tensor types after shape propagation
    (as the legacy executor's graphs carry)."""
    torch = _torch()
    ft = _ft()

    def f(x, y, s: float):
        return torch.sigmoid(x * s) + y.to(torch.float32)

    from fuser.torch._graph import script as script_fn

    graph = script_fn(f).graph.copy()
    x, y = torch.randn(4, 5), torch.randint(0, 3, (5,), dtype=torch.int32)
    x_type = torch._C.TensorType.create_from_tensor(x)
    y_type = torch._C.TensorType.create_from_tensor(y)
    inputs = list(graph.inputs())
    inputs[0].setType(x_type)
    inputs[1].setType(y_type)
    torch._C._jit_pass_propagate_shapes_on_graph(graph) if hasattr(
        torch._C, "_jit_pass_propagate_shapes_on_graph") else None
    # fill in whatever propagation left open from an eager run
    rec = ft.record_types(graph, [x, y, 2.5])
    for node in graph.nodes():
        for v in node.outputs():
            t = rec.get(v.unique())
            if t is not None:
                v.setType(torch._C.TensorType.create_from_tensor(
                    torch.empty([1] * t.rank, dtype=t.dtype)))
    imported = ft.import_graph(graph)
    assert "f64" in imported.mlir and "tensor<?xi32>" in imported.mlir
    (out,) = imported(x, y, 2.5)
    assert_close(out, f(x, y, 2.5))


def test_importer_scalars_constants_and_dtypes():
    torch = _torch()
    ft = _ft()

    def f(x, n: float):
        return (x * 2 + n) / 3.5 > torch.tensor(1.25)

    x = torch.arange(12, dtype=torch.int32).reshape(3, 4)
    imported = ft.import_graph(f, (x, 0.5))
    text = imported.mlir
    assert "fuser.constant 2 : i64" in text
    assert "tensor<?x?xi32>" in text and "%s" in text.replace("%s1", "%s")
    assert "dense<" in text  # the 0-dim tensor constant, inlined
    (out,) = imported(x, 0.5)
    assert_close(out, f(x, 0.5))


def test_importer_reports_unsupported_nodes():
    torch = _torch()
    ft = _ft()

    def f(x, w):
        return torch.relu(x @ w).sum()

    with pytest.raises(ft.UnsupportedNodeError) as info:
        ft.import_graph(f)
    text = str(info.value)
    assert "aten::matmul" in text and "aten::sum" in text
    assert len(info.value.nodes) == 2


def test_importer_chunk_getitem_negative_dim_and_concat():
    torch = _torch()
    ft = _ft()

    def f(x, y):
        parts = x.chunk(3, -1)
        z = parts[0] * parts[2] + torch.tanh(parts[1])
        return torch.cat([z, z + y, y.to(torch.int64)], -1)

    x, y = _randn(4, 9), _randn(4, 3)
    imported = ft.import_graph(f, (x, y))
    assert "fuser.chunk" in imported.mlir and "fuser.concat" in imported.mlir
    assert "along 1" in imported.mlir  # the chunk dim, normalised
    (out,) = imported(x, y)
    assert_close(out, f(x, y))


def _legacy_fusion_graph(fn, args):
    """The graph of `fn` after the legacy graph fuser (CPU), or skip."""
    torch = _torch()
    needed = ("_jit_pass_fuse", "_jit_override_can_fuse_on_cpu",
              "_jit_override_can_fuse_on_cpu_legacy",
              "_jit_pass_complete_shape_analysis")
    if not all(hasattr(torch._C, n) for n in needed):
        pytest.skip("this torch has no legacy graph fuser passes")
    from fuser.torch._graph import script

    graph = script(fn).graph.copy()
    torch._C._jit_pass_inline(graph)
    torch._C._jit_pass_canonicalize_graph_fuser_ops(graph)
    torch._C._jit_pass_complete_shape_analysis(graph, tuple(args), False)
    old = (torch._C._jit_can_fuse_on_cpu(),
           torch._C._jit_can_fuse_on_cpu_legacy())
    torch._C._jit_override_can_fuse_on_cpu(True)
    torch._C._jit_override_can_fuse_on_cpu_legacy(True)
    try:
        torch._C._jit_pass_fuse(graph, False)
    finally:
        torch._C._jit_override_can_fuse_on_cpu(old[0])
        torch._C._jit_override_can_fuse_on_cpu_legacy(old[1])
    groups = graph.findAllNodes("prim::FusionGroup", True)
    if not groups:
        pytest.skip("the legacy fuser formed no group on this build")
    return graph, groups


def test_importer_legacy_fusion_groups():
    """prim::FusionGroup subgraphs of the legacy fuser (with
    prim::ConstantChunk and prim::FusedConcat) import and run."""
    torch = _torch()
    ft = _ft()
    args = _lstm_args(3, 4)
    graph, groups = _legacy_fusion_graph(lstm_cell, args)
    imported = ft.import_fusion_groups(graph, args)
    assert len(imported) == len(groups) == 1
    text = imported[0].mlir
    assert text.count("fuser.chunk") == 4  # the seed's moved chunks
    inputs = imported[0].example_inputs
    got = imported[0](*inputs)
    from fuser.torch._codegen import subgraph_function

    want = subgraph_function("legacy_group", groups[0].g("Subgraph"))(*inputs)
    assert_close(got, tuple(want))
    # the group computes the whole cell: its outputs are (hy, cy)
    assert_close(got, lstm_cell(*args), rtol=1e-5, atol=1e-5)

    def cat_fn(x, y):
        return torch.cat([x * y, x + y, torch.relu(x - y)], dim=1)

    x, y = _randn(4, 6), _randn(4, 6)
    graph, groups = _legacy_fusion_graph(cat_fn, (x, y))
    (imported_cat,) = ft.import_fusion_groups(graph, (x, y))
    assert "fuser.concat" in imported_cat.mlir
    (got,) = imported_cat(*imported_cat.example_inputs)
    assert_close(got, cat_fn(x, y))


# -- the partitioner ------------------------------------------------------------


def test_partition_legacy_rules():
    torch = _torch()
    ft = _ft()

    def f(x, y, w, n: int):
        a = torch.sigmoid(x) * y          # fused
        b = a @ w                         # not pointwise: splits the graph
        c = torch.tanh(b) + 1.0           # fused, a second group
        d = c + n                         # runtime int: not fusible
        e = torch.relu(d)                 # alone: not a group
        return torch.cat([a, c], 0), e

    f_ = ft.jit(f)
    regions = f_.regions
    assert len(regions) == 2, regions
    kinds = [set(r.kinds()) for r in regions]
    assert {"aten::sigmoid", "aten::mul"} in kinds
    assert any("aten::tanh" in k and "aten::cat" in k for k in kinds)
    for r in regions:
        assert "aten::matmul" not in r.kinds()
        assert "aten::relu" not in r.kinds()
    x, y, w = _randn(4, 4), _randn(4, 4), _randn(4, 4)
    f_, out = run_fused(f, x, y, w, 3)
    assert_close(out, f(x, y, w, 3))


def test_partition_does_not_cross_mutation():
    torch = _torch()
    ft = _ft()

    def f(x, y):
        a = x * 2.0
        b = a + y
        x.add_(1.0)         # mutates x: a must be computed before
        c = torch.sigmoid(x) * b
        return c

    f_ = ft.jit(f)
    x, y = _randn(3, 3), _randn(3, 3)
    want = f(x.clone(), y)
    for _ in range(3):
        assert_close(f_(x.clone(), y), want)


def test_partition_argument_limit():
    ft = _ft()
    terms = " + ".join("x%d * 2.0" % i for i in range(140))
    params = ", ".join("x%d" % i for i in range(140))
    f = make_fn("def f(%s):\n    return %s\n" % (params, terms))
    f_ = ft.jit(f)
    assert len(f_.regions) >= 2
    for r in f_.regions:
        assert len(r.inputs) + len(r.outputs) <= ft.ARG_LIMIT
    args = [_randn(5, seed=i) for i in range(140)]
    f_, out = run_fused(f, *args)
    assert_close(out, f(*args), rtol=1e-5, atol=1e-5)


def test_chunk_motion_deduplicates_inputs():
    def f(s, x, y):
        z = s + x + y
        a, b = z.chunk(2, 1)
        return a * b

    s, x, y = _randn(4, 6), _randn(4, 6), _randn(4, 6)
    f_, out = check(f, s, x, y)
    (info,) = f_.plan_info(s, x, y)
    assert info["mlir"].count("fuser.chunk") == 3


# -- chunk and concat -----------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
def test_chunk_cases(device):
    torch = _torch()

    def chunk_input(x, y):
        a, b, c = x.chunk(3, 0)
        return a * b + c * y

    def chunk_broadcast(x, b):
        z = x * b                       # b: [2C] broadcast over rows
        p, q = z.chunk(2, -1)
        return torch.sigmoid(p) * q

    def chunk_size1_broadcast(x, b):
        z = x + b                       # b: [R, 1], chunk along dim 1
        p, q = z.chunk(2, 1)
        return p - q

    def chunk_getitem(x):
        parts = torch.chunk(x * 2.0, 4, 1)
        return parts[0] + parts[3] - parts[1] * parts[2]

    check(chunk_input, _randn(6, 5, device=device),
          _randn(2, 5, device=device))
    check(chunk_broadcast, _randn(3, 8, device=device),
          _randn(8, device=device))
    check(chunk_size1_broadcast, _randn(3, 8, device=device),
          _randn(3, 1, device=device))
    check(chunk_getitem, _randn(2, 12, device=device))


def test_chunk_not_divisible_falls_back():
    """Uneven chunks (eager: sizes 3, 3, 1) cannot run fused: the region
    falls back to torch and gives eager's result (or eager's error), and
    after max_failures stays eager."""
    ft = _ft()

    def f(x):
        a, b, c = (x + 1.0).chunk(3, 0)
        return a.sum() + b.sum() + c.sum() + (x * 2.0).sum()

    def g(x):
        a, b = x.chunk(2, 0)
        return a * 2.0 + b * 3.0

    x = _randn(6, 2)
    f_, out = check(g, x)
    odd = _randn(5, 2)
    with pytest.raises(RuntimeError):
        g(odd)  # eager fails too (3 rows against 2)
    for _ in range(4):  # fuser rejects, the torch fallback raises eager's
        with pytest.raises(RuntimeError, match="size"):
            f_(odd)
    assert modes(f_, odd) == ["eager"]
    f2 = ft.jit(f)
    y = _randn(7, 2)
    for _ in range(3):
        assert_close(f2(y), f(y), rtol=1e-5, atol=1e-5)


@pytest.mark.parametrize("device", DEVICES)
def test_concat_cases(device):
    torch = _torch()

    def cat_rows(x, y):
        return torch.cat([x * y, torch.sigmoid(x), y - 1.0], 0)

    def cat_mixed_dtypes(x, i):
        return torch.cat([x + 1.0, i * 2, (i > 0).to(torch.int32)], -1)

    def cat_then_consumer(x, y):
        z = torch.cat([x + y, x * y], 1)
        return z * 3.0 + 1.0  # the consumer is its own group

    x, y = _randn(3, 4, device=device), _randn(3, 4, device=device)
    i = torch.randint(-3, 3, (3, 4), dtype=torch.int32, device=device)
    check(cat_rows, x, y)
    f, out = check(cat_mixed_dtypes, x, i)
    assert out.dtype == torch.float32
    f, _ = check(cat_then_consumer, x, y, fused=2)
    texts = [info["mlir"] for info in f.plan_info(x, y)]
    assert sum("fuser.concat" in t for t in texts) == 1


def test_concat_of_different_shapes_runs_eagerly():
    torch = _torch()

    def f(x, y):
        return torch.cat([x * 2.0, y + 1.0], 0)

    x, y = _randn(3, 4), _randn(5, 4)
    f_, out = run_fused(f, x, y)
    assert_close(out, f(x, y))
    (info,) = f_.plan_info(x, y)
    assert info["mode"] == "eager" and "shapes" in info["reason"]


# -- broadcasting, scalars, comparisons ------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
def test_broadcasting(device):
    torch = _torch()

    def f(a, b, c, d):
        return torch.tanh(a + b) * c - d

    check(f, _randn(4, 1, device=device), _randn(1, 5, device=device),
          _randn(5, device=device), torch.tensor(0.25, device=device))
    check(f, _randn(2, 3, 4, device=device), _randn(4, device=device),
          _randn(3, 1, device=device), _randn(1, 1, 1, device=device))

    def zero_dim(a, b):
        return a * b + b  # 0-dim f64 with a float32 tensor: float32

    _, out = check(zero_dim, _randn(3, 3, device=device),
                   torch.tensor(1.5, dtype=torch.float64, device=device))
    assert out.dtype == torch.float32

    def promote(i, d):
        return (i + d) * 2  # int tensor + 0-dim double: double

    _, out = check(promote, torch.arange(6, dtype=torch.int32,
                                         device=device),
                   torch.tensor(0.5, dtype=torch.float64, device=device))
    assert out.dtype == torch.float64


@pytest.mark.parametrize("device", DEVICES)
def test_scalar_arguments(device):
    torch = _torch()

    def f(x, s: float, t: float):
        return torch.sigmoid(x * s) + t

    x = _randn(5, 7, device=device)
    f_, out = check(f, x, 0.1, -2.5)
    (info,) = f_.plan_info(x, 0.1, -2.5)
    assert info["mlir"].count(": f64") >= 2  # two runtime f64 arguments
    for s in (0.3, 7.0, -1e-3):  # the same plan, new values
        assert_close(f_(x, s, 1.0), f(x, s, 1.0))
    assert f_.num_plans() == 1
    # a Python int for a float parameter is converted, as TorchScript does
    assert_close(f_(x, 2, 1), f(x, 2.0, 1.0))

    def int_tensor(i, s: float):
        return (i * s + 1.0) * 2.0  # i32 * Python float: float32

    i = torch.arange(-4, 8, dtype=torch.int32, device=device)
    _, out = check(int_tensor, i, 0.1)
    assert out.dtype == torch.float32

    def runtime_int(x, n: int):
        return torch.relu(x * 2.0 + n) - 1.0  # + n is not fusible

    f_, _ = check(runtime_int, x, 3)
    assert all("aten::add" not in r.kinds() or
               "aten::relu" in r.kinds() for r in f_.regions)


@pytest.mark.parametrize("device", DEVICES)
def test_comparisons_and_where(device):
    torch = _torch()

    def f(x, y):
        m = (x > y) & (x >= 0.0) | (x == 0.1)
        z = torch.where(m, x, y) + torch.where(x < y, 1.0, -1.0)
        return z, m, x != y, torch.where(x <= 0.5, x, 0.0)

    x = _randn(6, 5, device=device)
    x[0, 0] = 0.1
    y = _randn(6, 5, device=device)
    f_, out = check(f, x, y)
    assert out[1].dtype == torch.bool and out[2].dtype == torch.bool

    def eq_scalar(x):
        return (x * 1.0) == 0.1  # compared in float32, as eager

    _, out = check(eq_scalar, torch.full((4,), 0.1, device=device))
    assert bool(out.all())


@pytest.mark.parametrize("device", DEVICES)
def test_clamp_with_nan(device):
    torch = _torch()

    def f(x, y):
        return torch.clamp(x + y, -0.5, 0.5), torch.clamp(x * y, min=0.0), \
            torch.clamp(x - y, max=0.25)

    x = _randn(4, 4, device=device)
    x[1, 1] = float("nan")
    x[2, 3] = float("inf")
    y = _randn(4, 4, device=device)
    y[0, 2] = float("nan")
    f_, out = check(f, x, y)
    assert bool(torch.isnan(out[0][1, 1])) and bool(torch.isnan(out[0][0, 2]))
    assert bool(torch.isnan(out[1][1, 1])) and bool(torch.isnan(out[2][0, 2]))

    def tensor_bounds(x, lo, hi):
        return torch.clamp(x * 2.0, lo, hi)

    check(tensor_bounds, x, _randn(4, 1, device=device) - 1.0,
          _randn(4, device=device) + 1.0)


@pytest.mark.parametrize("device", DEVICES)
@pytest.mark.parametrize("dtype", ["float16", "bfloat16"])
def test_half_and_bfloat16(device, dtype):
    torch = _torch()
    dt = getattr(torch, dtype)
    args = _lstm_args(4, 8, device=device, dtype=dt)
    f, out = run_fused(lstm_cell, *args)
    assert modes(f, *args) == ["fused"]
    eager = lstm_cell(*args)
    ref = lstm_cell(*_f64(args))
    for o, e, r in zip(out, eager, ref):
        assert o.dtype == dt
        # fuser computes in float32 and rounds once: at least about as close
        # to the float64 reference as eager, within the dtype's tolerance
        err = (o.double() - r).abs().max().item()
        err_eager = (e.double() - r).abs().max().item()
        tol = 1e-2 if dtype == "float16" else 4e-2
        assert err <= tol and err <= err_eager + tol / 4, (err, err_eager)

    def mixed(x, y):
        return (x.to(torch.float32) * y).type_as(x) + x

    x = _randn(5, 6, device=device, dtype=dt)
    y = _randn(5, 6, device=device)
    check(mixed, x, y, dtype=dtype)
    check(gelu_erf, _randn(300, device=device, dtype=dt), dtype=dtype)


# -- random numbers ----------------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
def test_rand_like_statistics_and_reproducibility(device):
    torch = _torch()
    ft = _ft()

    def f(x):
        return torch.rand_like(x) * 1.0, torch.rand_like(x) + 0.0

    x = torch.empty(200, 500, device=device)
    f_, _ = run_fused(f, x)
    assert modes(f_, x) == ["fused", "fused"]
    ft.manual_seed(1234)
    a, b = f_(x)
    for u in (a, b):
        assert u.dtype == torch.float32 and u.shape == x.shape
        assert 0.0 <= u.min().item() and u.max().item() < 1.0
        assert abs(u.mean().item() - 0.5) < 0.01
        assert abs(u.var().item() - 1.0 / 12) < 0.005
        hist = torch.histc(u.float().cpu(), bins=10, min=0.0, max=1.0)
        assert bool((hist - u.numel() / 10).abs().max() < u.numel() / 50)
    assert not torch.equal(a, b)  # two rand_like: two streams
    ft.manual_seed(1234)
    a2, b2 = f_(x)
    assert torch.equal(a, a2) and torch.equal(b, b2)
    a3, _ = f_(x)
    assert not torch.equal(a, a3)  # the generator advanced
    ft.manual_seed(99)
    a4, _ = f_(x)
    assert not torch.equal(a, a4)

    def half(x):
        return torch.rand_like(x, dtype=torch.float16) * 2.0

    _, h = run_fused(half, x)
    assert h.dtype == torch.float16 and h.max().item() < 2.0


def test_rand_like_broadcast_runs_eagerly():
    torch = _torch()

    def f(x, row):
        return x + torch.rand_like(row) * 1.0  # rand_like [C] broadcast

    x, row = _randn(50, 40), _randn(40)
    f_, out = run_fused(f, x, row)
    (info,) = f_.plan_info(x, row)
    assert info["mode"] == "eager" and "rand_like" in info["reason"]
    noise = out - x
    assert torch.allclose(noise, noise[0].expand_as(noise), atol=1e-5)


# -- shapes and layouts ----------------------------------------------------------


@pytest.mark.parametrize("device", DEVICES)
def test_zero_element_tensors(device):
    torch = _torch()
    args = _lstm_args(0, 8, device=device)
    check(lstm_cell, *args)
    check(concat3, _randn(0, 3, device=device), _randn(0, 3, device=device))

    def f(x, y):
        return torch.sigmoid(x) * y + 1.0

    check(f, torch.empty(3, 0, 5, device=device), _randn(5, device=device))


@pytest.mark.parametrize("device", DEVICES)
def test_non_contiguous_inputs(device):
    torch = _torch()
    big = _randn(4, 16, 12, device=device)
    xw = big[:, ::2, :].reshape(4, 8 * 12)[:, :32]       # strided rows
    hw = _randn(32, 4, device=device).t()                 # transposed
    b_ih = _randn(64, device=device)[::2]                 # step 2
    b_hh = _randn(1, device=device).expand(32)            # stride 0
    cx = _randn(8, 4, device=device).t()
    assert not xw.is_contiguous() and not hw.is_contiguous()
    check(lstm_cell, xw, hw, b_ih, b_hh, cx)
    x = _randn(2, 3, 4, 5, device=device).to(
        memory_format=torch.channels_last)
    check(gelu_erf, x)


# -- control flow, autograd, signatures, fallbacks ------------------------------


def test_control_flow_and_regions_in_blocks():
    torch = _torch()
    ft = _ft()

    def f(x, y, n: int):
        z = torch.sigmoid(x) * y
        if n > 2:
            z = torch.tanh(z) + y * 2.0
        else:
            z = z - 1.0
        for _ in range(n):
            z = z * 0.5 + torch.relu(y)
        return z

    x, y = _randn(3, 4), _randn(3, 4)
    f_ = ft.jit(f)
    for n in (0, 1, 3, 5):
        for _ in range(2):
            assert_close(f_(x, y, n), f(x, y, n))
    infos = f_.plan_info(x, y, 3)
    assert sum(i["mode"] == "fused" for i in infos) >= 2


def test_autograd_runs_eagerly():
    torch = _torch()
    args = [a.requires_grad_() for a in _lstm_args(2, 3)]
    f, out = run_fused(lstm_cell, *args)
    assert all(m == "eager" for m in modes(f, *args))
    (out[0].sum() + out[1].sum()).backward()
    grads = [a.grad.clone() for a in args]
    for a in args:
        a.grad = None
    ref = lstm_cell(*args)
    (ref[0].sum() + ref[1].sum()).backward()
    for g, a in zip(grads, args):
        assert_close(g, a.grad)
    with torch.no_grad():
        f(*args)
        assert modes(f, *args) == ["fused"]


def test_signature_cache_kwargs_and_defaults():
    torch = _torch()
    ft = _ft()

    def f(x, y, scale: float = 2.0):
        return torch.sigmoid(x * scale) + y

    f_ = ft.jit(f)
    x, y = _randn(3, 3), _randn(3, 3)
    assert_close(f_(x, y), f(x, y))
    assert_close(f_(x, y=y, scale=0.5), f(x, y, 0.5))
    assert f_.num_plans() == 1
    xd, yd = x.double(), y.double()
    assert_close(f_(xd, yd), f(xd, yd))
    assert_close(f_(x[0], y), f(x[0], y))  # another rank
    assert f_.num_plans() == 3
    with pytest.raises(TypeError):
        f_(x)


def test_decorator_forms_and_unscriptable_function():
    torch = _torch()
    ft = _ft()

    @ft.jit
    def a(x):
        return torch.relu(x) * 2.0

    @ft.jit(fuse_on_cpu=False)
    def b(x):
        return torch.relu(x) * 2.0

    x = _randn(8)
    for _ in range(2):
        assert_close(a(x), torch.relu(x) * 2.0)
        assert_close(b(x), torch.relu(x) * 2.0)
    assert modes(a, x) == ["fused"] and modes(b, x) == ["eager"]
    assert "CPU fusion disabled" in b.plan_info(x)[0]["reason"]

    def odd(x):
        return {frozenset([1]): x}[frozenset([1])] * 2  # not scriptable

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        f = ft.jit(odd)
    assert any("without fusion" in str(w.message) for w in caught)
    assert_close(f(x), x * 2)
    assert f.regions == []


def test_fuser_error_falls_back_then_demotes():
    """A group that raises runs its nodes with torch instead; after
    max_failures the region stays eager for the signature."""
    torch = _torch()

    def f(x, y):
        return torch.sigmoid(x) * y + 1.0

    x, y = _randn(4, 4), _randn(4, 4)
    f_, _ = run_fused(f, x, y, max_failures=2)
    plan = next(iter(f_._plans.values()))
    state = plan.states[0]
    assert state.mode == "fused"

    def broken(*args):
        raise fuser.FuserError("injected failure")

    state.group = broken
    plan._rebuild()
    for _ in range(3):
        assert_close(f_(x, y), f(x, y))
    (info,) = f_.plan_info(x, y)
    assert info["mode"] == "eager" and "injected failure" in info["reason"]


def test_module_forward():
    torch = _torch()
    ft = _ft()

    class Cell(torch.nn.Module):
        def __init__(self):
            super().__init__()
            self.scale = torch.nn.Parameter(torch.randn(6))
            self.lin = torch.nn.Linear(6, 6)

        def forward(self, x):
            h = self.lin(x)
            return torch.tanh(h) * self.scale + torch.sigmoid(h)

    cell = Cell()
    f = ft.jit(cell)
    x = _randn(3, 6)
    with torch.no_grad():
        for _ in range(3):
            out = f(x)
        assert_close(out, cell(x))
        assert modes(f, x) == ["fused"]


def test_many_ops_fused_one_by_one():
    """Each supported op alone (min_ops=1) imports, fuses and matches eager."""
    torch = _torch()
    F = torch.nn.functional
    x = _randn(5, 6)
    y = _randn(5, 6).abs() + 0.5
    i = torch.randint(-5, 6, (5, 6), dtype=torch.int32)
    b = x > 0
    cases = {
        "abs": lambda: torch.abs(x), "neg": lambda: -x,
        "relu": lambda: torch.relu(x), "sign": lambda: torch.sign(x),
        "ceil": lambda: torch.ceil(x), "floor": lambda: torch.floor(x),
        "trunc": lambda: torch.trunc(x), "round": lambda: torch.round(x * 2),
        "frac": lambda: torch.frac(x), "sigmoid": lambda: torch.sigmoid(x),
        "log": lambda: torch.log(y), "log10": lambda: torch.log10(y),
        "log1p": lambda: torch.log1p(y), "log2": lambda: torch.log2(y),
        "lgamma": lambda: torch.lgamma(y), "exp": lambda: torch.exp(x),
        "expm1": lambda: torch.expm1(x), "erf": lambda: torch.erf(x),
        "erfc": lambda: torch.erfc(x), "cos": lambda: torch.cos(x),
        "acos": lambda: torch.acos(x / 3), "cosh": lambda: torch.cosh(x),
        "sin": lambda: torch.sin(x), "asin": lambda: torch.asin(x / 3),
        "sinh": lambda: torch.sinh(x), "tan": lambda: torch.tan(x),
        "atan": lambda: torch.atan(x), "tanh": lambda: torch.tanh(x),
        "sqrt": lambda: torch.sqrt(y), "rsqrt": lambda: torch.rsqrt(y),
        "reciprocal": lambda: torch.reciprocal(y),
        "logit": lambda: torch.logit(y / 3, 1e-3),
        "gelu": lambda: F.gelu(x), "gelu_tanh": lambda: F.gelu(
            x, approximate="tanh"),
        "silu": lambda: F.silu(x), "mish": lambda: F.mish(x),
        "hardsigmoid": lambda: F.hardsigmoid(x),
        "hardswish": lambda: F.hardswish(x),
        "softplus": lambda: F.softplus(x, 2.0, 1.0),
        "elu": lambda: F.elu(x, 0.5), "selu": lambda: F.selu(x),
        "celu": lambda: F.celu(x, 0.5),
        "leaky_relu": lambda: F.leaky_relu(x, 0.1),
        "threshold": lambda: F.threshold(x, 0.1, -3.0),
        "hardtanh": lambda: F.hardtanh(x, -0.3, 0.4),
        "relu6": lambda: F.relu6(x * 5),
        "add": lambda: torch.add(x, y, alpha=3),
        "sub": lambda: torch.sub(x, y, alpha=0.5),
        "rsub": lambda: 2.0 - x, "mul": lambda: x * y, "div": lambda: x / y,
        "div_floor": lambda: torch.div(x, y, rounding_mode="floor"),
        "div_trunc": lambda: torch.div(i, 3, rounding_mode="trunc"),
        "floor_divide": lambda: i // 2,
        "fmod": lambda: torch.fmod(x, y), "remainder": lambda: x % y,
        "pow": lambda: torch.pow(y, x), "pow_scalar": lambda: y ** 2.5,
        "rpow": lambda: 2.0 ** x, "atan2": lambda: torch.atan2(x, y),
        "maximum": lambda: torch.maximum(x, y),
        "minimum": lambda: torch.minimum(x, y),
        "max_other": lambda: torch.max(x, y),
        "eq": lambda: x == y, "ne": lambda: x != 0.5, "lt": lambda: x < y,
        "le": lambda: x <= 0.0, "gt": lambda: x > y, "ge": lambda: i >= 1,
        "logical_and": lambda: torch.logical_and(b, i),
        "logical_or": lambda: torch.logical_or(b, x),
        "logical_xor": lambda: torch.logical_xor(b, y > 1),
        "logical_not": lambda: torch.logical_not(i),
        "bitwise_and": lambda: i & 6, "bitwise_or": lambda: i | b,
        "bitwise_xor": lambda: i ^ i, "bitwise_not": lambda: ~i,
        "where": lambda: torch.where(b, x, y),
        "where_scalar": lambda: torch.where(b, x, 0.5),
        "clamp": lambda: torch.clamp(x, -0.2, 0.3),
        "clamp_tensor": lambda: torch.clamp(x, min=-y),
        "clamp_min": lambda: torch.clamp_min(x, 0.1),
        "lerp": lambda: torch.lerp(x, y, 0.25),
        "lerp_tensor": lambda: torch.lerp(x, y, y / 4),
        "addcmul": lambda: torch.addcmul(x, y, x, value=-2),
        "type_as": lambda: b.type_as(x), "to": lambda: x.to(torch.int16),
        "half": lambda: x.to(torch.float16),
        "bool": lambda: x.to(torch.bool), "square": lambda: torch.square(i),
    }
    failures = []
    for name, case in cases.items():
        src = _case_source(case)
        fn = make_fn("def f(x, y, i, b):\n    return %s\n" % src)
        try:
            f, out = run_fused(fn, x, y, i, b, calls=2, min_ops=1)
            assert_close(out, fn(x, y, i, b), rtol=1e-5, atol=1e-5)
            infos = f.plan_info(x, y, i, b)
            assert [m["mode"] for m in infos] == ["fused"], infos
        except Exception as e:  # noqa: BLE001 (collect them all)
            failures.append("%s: %s" % (name, e))
    assert not failures, "\n".join(failures)


def _case_source(case):
    import inspect

    src = inspect.getsource(case).strip()
    start = src.index("lambda:") + len("lambda:")
    text = src[start:]
    # up to the end of this lambda: balance brackets, stop at a top-level ,
    depth = 0
    for k, ch in enumerate(text):
        if ch in "([{":
            depth += 1
        elif ch in ")]}":
            if depth == 0:
                return text[:k].strip()
            depth -= 1
        elif ch == "," and depth == 0:
            return text[:k].strip()
    return text.strip().rstrip(",")


# -- CUDA specifics -----------------------------------------------------------


@pytest.mark.skipif(not cuda_ok(), reason="needs a GPU that both torch and "
                    "fuser can use")
def test_cuda_current_stream_and_device():
    torch = _torch()
    args = _lstm_args(64, 128, device="cuda")
    f, _ = run_fused(lstm_cell, *args)
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())  # the inputs are ready
    with torch.cuda.stream(stream):
        out = f(*args)  # enqueued on `stream`, ordered after its work
        ref = lstm_cell(*args)
    stream.synchronize()
    assert_close(out, ref)
    assert out[0].device == args[0].device


@pytest.mark.skipif(not cuda_ok(), reason="needs a GPU that both torch and "
                    "fuser can use")
def test_cuda_mixed_devices_run_eagerly():
    torch = _torch()

    def f(x, y):
        return torch.sigmoid(x) * y + 1.0

    x = _randn(4, 4, device="cuda")
    y = _randn(4, 4)  # CPU
    with pytest.raises(RuntimeError):
        f(x, y)
    y0 = torch.tensor(2.0)  # a CPU 0-dim tensor is fine in eager
    f_, out = run_fused(f, x, y0)
    assert_close(out, f(x, y0))
    (info,) = f_.plan_info(x, y0)
    assert info["mode"] == "eager" and "devices" in info["reason"]


def test_supported_op_names_cover_the_seed_list():
    ft = _ft()
    names = set(ft.supported_op_names())
    seed = ["abs", "acos", "asin", "atan", "ceil", "cos", "cosh", "exp",
            "expm1", "erf", "erfc", "floor", "frac", "lgamma", "log",
            "log10", "log1p", "log2", "neg", "reciprocal", "relu", "round",
            "rsqrt", "sigmoid", "sin", "sinh", "sqrt", "tan", "tanh",
            "trunc", "logit", "add", "sub", "mul", "div", "atan2", "fmod",
            "remainder", "max", "min", "pow", "clamp", "lerp", "threshold",
            "eq", "ne", "ge", "gt", "le", "lt", "addcmul", "where",
            "type_as", "rand_like", "_cast_Float", "chunk", "cat"]
    missing = [n for n in seed if "aten::" + n not in names]
    assert not missing, missing
    assert "prim::ConstantChunk" in names and "prim::FusedConcat" in names


def test_float_literals_round_trip():
    from fuser.torch import _ops

    torch = _torch()
    for v in (0.1, -2.5e-300, 1e300, math.pi, float("inf"), float("-inf"),
              float("nan")):
        text = _ops.f64_literal(v)
        assert "." in text or text.startswith("0x")
    text = ("fuser.group @k(%x: tensor<?xf64>) -> tensor<?xf64> {\n"
            "  %c = fuser.constant " + _ops.f64_attr(0.1) + "\n"
            "  %0 = fuser.add %x, %c : (tensor<?xf64>, f64) -> tensor<?xf64>\n"
            "  fuser.yield %0 : tensor<?xf64>\n}\n")
    g = fuser.register(text)
    out = g(torch.zeros(2, dtype=torch.float64))
    assert out[0].item() == 0.1
