"""The fuser package on torch tensors (CPU, and CUDA when a GPU is there)
and CuPy arrays.

Skipped, visibly, when torch (or CuPy) cannot be imported; the CUDA tests
also when torch or fuser sees no GPU. Results are checked against float64
references.
"""

from __future__ import annotations

import pytest

np = pytest.importorskip("numpy")
torch = pytest.importorskip("torch")
import fuser  # noqa: E402

SCALE_ADD = """
fuser.group @scale_add(%x: tensor<?x?xf32>, %b: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.mul %x, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %1 = fuser.add %0, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %1 : tensor<?x?xf32>
}
"""

GATE = """
fuser.group @gate(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xi1>) {
  %0 = fuser.sigmoid %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = fuser.mul %0, %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = fuser.lt %x, %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xi1>
  fuser.yield %1, %2 : tensor<?x?xf32>, tensor<?x?xi1>
}
"""

RAND = """
fuser.group @rand(%x: tensor<?x?xf32>) -> tensor<?x?xf32> {
  %0 = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}
"""


def cuda_ok() -> bool:
    return torch.cuda.is_available() and fuser.cuda_available()


needs_cuda = pytest.mark.skipif(
    not cuda_ok(), reason="needs a GPU that both torch and fuser can use")


@pytest.fixture(scope="module")
def scale_add():
    return fuser.register(SCALE_ADD)


@pytest.fixture(scope="module")
def gate():
    return fuser.register(GATE)


@pytest.fixture
def gen():
    return torch.Generator().manual_seed(99)


def check(got, want, rtol=1e-6, atol=1e-6):
    assert isinstance(got, torch.Tensor)
    torch.testing.assert_close(got.double().cpu(), want.double().cpu(),
                               rtol=rtol, atol=atol)


# -- CPU --------------------------------------------------------------------


def test_torch_cpu_in_torch_out(scale_add, gen):
    x = torch.randn(33, 47, generator=gen)
    b = torch.randn(47, generator=gen)
    out = scale_add(x, b, 0.5)
    assert type(out) is torch.Tensor and out.device.type == "cpu"
    assert out.dtype == torch.float32 and out.shape == (33, 47)
    check(out, x.double() * 0.5 + b.double())


def test_torch_views_and_broadcast(scale_add, gen):
    base = torch.randn(20, 30, generator=gen)
    b = torch.randn(60, generator=gen)
    for x in (base[::2, 1::3], base.t()[5:15], base.expand(2, 20, 30)[1]):
        bb = b[: 2 * x.shape[1] : 2]
        check(scale_add(x, bb, -2.0), x.double() * -2.0 + bb.double())
    x = torch.randn(1, 8, generator=gen).expand(5, 8)  # zero strides
    check(scale_add(x, b[:8], 3.0), x.double() * 3 + b[:8].double())


def test_torch_dtypes(gate, gen):
    x = torch.randn(6, 9, generator=gen)
    y = torch.randn(6, 9, generator=gen)
    for dtype, tol in ((torch.float32, 1e-6), (torch.float64, 1e-12),
                       (torch.float16, 2e-3), (torch.bfloat16, 1e-2)):
        a, m = gate(x.to(dtype), y.to(dtype))
        assert a.dtype == dtype and m.dtype == torch.bool
        xd, yd = x.to(dtype).double(), y.to(dtype).double()
        check(a, torch.sigmoid(xd) * yd, rtol=tol, atol=tol)
        assert torch.equal(m, x.to(dtype) < y.to(dtype))


def test_torch_empty_and_zero_dim(scale_add):
    out = scale_add(torch.empty(0, 4), torch.empty(4), 1.0)
    assert out.shape == (0, 4)
    out = scale_add(torch.ones(2, 3), torch.ones(3), torch.tensor(2.0))
    check(out, torch.full((2, 3), 3.0))


def test_torch_requires_grad_inputs(scale_add):
    x = torch.ones(2, 3, requires_grad=True)
    out = scale_add(x, torch.zeros(3), 2.0)
    assert not out.requires_grad
    check(out, torch.full((2, 3), 2.0))


def test_mixed_libraries_follow_the_first_argument(scale_add):
    out = scale_add(np.ones((2, 3), np.float32), torch.ones(3), 1.0)
    assert isinstance(out, np.ndarray)
    out = scale_add(torch.ones(2, 3), np.ones(3, np.float32), 1.0)
    assert isinstance(out, torch.Tensor)


def test_fuser_tensor_to_torch():
    g = fuser.register("""
fuser.group @to_bf16(%x: tensor<?xf32>) -> tensor<?xbf16> {
  %0 = fuser.cast %x : tensor<?xf32> to tensor<?xbf16>
  fuser.yield %0 : tensor<?xbf16>
}""")
    x = np.linspace(-1, 1, 9, dtype=np.float32)
    out = g(x)  # NumPy has no bfloat16: a fuser.Tensor
    t = torch.from_dlpack(out)
    assert t.dtype == torch.bfloat16
    check(t, torch.from_numpy(x).double(), rtol=1e-2, atol=1e-2)
    assert g(torch.from_numpy(x)).dtype == torch.bfloat16


def negated_views(gen, device="cpu"):
    """Lazily negated views, whose memory holds the negation of their
    values, each with its values."""
    x = torch.randn(4, 5, generator=gen).to(device)
    z = torch.complex(torch.randn(4, 5, generator=gen),
                      torch.randn(4, 5, generator=gen)).to(device)
    yield torch._neg_view(x), -x
    yield z.conj().imag, -z.imag  # the imaginary part of a conjugate


def test_torch_negated_views(scale_add, gen):
    b = torch.randn(5, generator=gen)
    for view, values in negated_views(gen):
        assert view.is_neg()
        check(scale_add(view, b, 2.0), values.double() * 2 + b.double())
        # As the second tensor (broadcast), too.
        check(scale_add(b.expand(4, 5), view[0], 1.0),
              (b.double() + values[0].double()).expand(4, 5))


def test_torch_errors(scale_add):
    with pytest.raises(fuser.ArgumentError, match="dtype torch.complex64"):
        scale_add(torch.zeros(2, 3, dtype=torch.complex64), torch.zeros(3),
                  1.0)
    with pytest.raises(fuser.ArgumentError, match="device"):
        scale_add(torch.zeros(2, 3, device="meta"), torch.zeros(3), 1.0)
    with pytest.raises(fuser.ArgumentError, match="layout torch.sparse_coo"):
        scale_add(torch.ones(2, 3).to_sparse(), torch.zeros(3), 1.0)
    with pytest.raises(fuser.ArgumentError, match="got 2"):
        scale_add(torch.zeros(2, 3), torch.zeros(3))
    with pytest.raises(fuser.FuserError, match="does not broadcast"):
        scale_add(torch.zeros(2, 3), torch.zeros(4), 1.0)


# -- CUDA -------------------------------------------------------------------


@needs_cuda
def test_cuda_in_cuda_out(scale_add, gate):
    x = torch.randn(129, 257, device="cuda")
    b = torch.randn(257, device="cuda")
    out = scale_add(x, b, 1.5)
    assert out.is_cuda and out.device == x.device
    check(out, x.double() * 1.5 + b.double(), rtol=1e-5, atol=1e-5)
    a, m = gate(x.half(), x.half().t().contiguous().t())
    assert a.is_cuda and a.dtype == torch.float16 and m.dtype == torch.bool
    run = scale_add.run_kernel(x, b, 1.5)
    assert run.ran and ".entry" in run.code  # PTX


@needs_cuda
def test_cuda_negated_views(scale_add, gen):
    b = torch.randn(5, device="cuda")
    for view, values in negated_views(gen, "cuda"):
        out = scale_add(view, b, -1.5)
        assert out.is_cuda
        check(out, values.double() * -1.5 + b.double())


@needs_cuda
def test_cuda_streams(scale_add):
    x = torch.randn(1024, 1024, device="cuda")
    b = torch.randn(1024, device="cuda")
    want = x.double() * 2 + b.double()
    stream = torch.cuda.Stream()
    stream.wait_stream(torch.cuda.current_stream())
    with torch.cuda.stream(stream):
        out = scale_add(x, b, 2.0)  # on torch's current stream: `stream`
    stream.synchronize()
    check(out, want, rtol=1e-5, atol=1e-5)
    out = scale_add(x, b, 2.0, stream=stream)
    out2 = scale_add(x, b, 2.0, stream=stream.cuda_stream)
    stream.synchronize()
    check(out, want, rtol=1e-5, atol=1e-5)
    check(out2, want, rtol=1e-5, atol=1e-5)


@needs_cuda
def test_cuda_device_mismatch(scale_add):
    with pytest.raises(fuser.FuserError, match="different devices"):
        scale_add(torch.zeros(2, 3, device="cuda"), torch.zeros(3), 1.0)


@needs_cuda
def test_cuda_rand_like_reproducible():
    g = fuser.register(RAND)
    x = torch.zeros(256, 256, device="cuda")
    fuser.manual_seed(3, "cuda:0")
    a = g(x)
    fuser.manual_seed(3, "cuda:0")
    b = g(x)
    assert torch.equal(a, b)
    assert 0 <= a.min().item() and a.max().item() < 1


@needs_cuda
def test_cuda_compile(scale_add):
    kernel = scale_add.compile(device="cuda")
    assert kernel.device == "cuda" and ".entry" in kernel.code


@needs_cuda
def test_cupy_arrays(scale_add):
    cupy = pytest.importorskip("cupy")
    x = cupy.random.standard_normal((16, 32), dtype=cupy.float32)
    b = cupy.random.standard_normal(32, dtype=cupy.float32)
    out = scale_add(x, b, 0.5)
    assert isinstance(out, cupy.ndarray)
    np.testing.assert_allclose(cupy.asnumpy(out),
                               cupy.asnumpy(x).astype(np.float64) * 0.5
                               + cupy.asnumpy(b), rtol=1e-5, atol=1e-5)
