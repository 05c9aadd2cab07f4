"""The fuser package on NumPy arrays (CPU backend and interpreter).

Results are checked against float64 NumPy references on random inputs.
"""

from __future__ import annotations

import array
import threading

import pytest

np = pytest.importorskip("numpy")
import fuser  # noqa: E402

SCALE_ADD = """
fuser.group @scale_add(%x: tensor<?x?xf32>, %b: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.mul %x, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %1 = fuser.add %0, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %1 : tensor<?x?xf32>
}
"""

BINARY2D = """
fuser.group @binary(%x: tensor<?x?xf32>, %y: tensor<?x?xf32>)
    -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = fuser.mul %x, %y : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = fuser.sigmoid %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %2 = fuser.add %0, %1 : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %3 = fuser.tanh %y : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %4 = fuser.sub %3, %x : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %2, %4 : tensor<?x?xf32>, tensor<?x?xf32>
}
"""

COMPARE_WHERE = """
fuser.group @compare_where(%a: tensor<?xf32>, %b: tensor<?xf32>)
    -> (tensor<?xi1>, tensor<?xf32>) {
  %lt = fuser.lt %a, %b : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xi1>
  %zero = fuser.constant 0.000000e+00 : f64
  %pos = fuser.gt %a, %zero : (tensor<?xf32>, f64) -> tensor<?xi1>
  %sel = fuser.where %pos, %a, %b : (tensor<?xi1>, tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %lt, %sel : tensor<?xi1>, tensor<?xf32>
}
"""

ZERO_DIM = """
fuser.group @zero_dim(%x: tensor<?x?xf32>, %s: tensor<f32>) -> tensor<?x?xf32> {
  %0 = fuser.mul %x, %s : (tensor<?x?xf32>, tensor<f32>) -> tensor<?x?xf32>
  fuser.yield %0 : tensor<?x?xf32>
}
"""

RAND = """
fuser.group @rand(%x: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %0 = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  %1 = fuser.rand_like %x : (tensor<?x?xf32>) -> tensor<?x?xf32>
  fuser.yield %0, %1 : tensor<?x?xf32>, tensor<?x?xf32>
}
"""

TO_BF16 = """
fuser.group @to_bf16(%x: tensor<?xf32>) -> tensor<?xbf16> {
  %0 = fuser.cast %x : tensor<?xf32> to tensor<?xbf16>
  fuser.yield %0 : tensor<?xbf16>
}
"""

INT_DIV = """
fuser.group @int_div(%a: tensor<?xi32>, %b: tensor<?xi32>)
    -> (tensor<?xi32>, tensor<?xf32>) {
  %floor = fuser.div %a, %b rounding_mode floor : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xi32>
  %true = fuser.div %a, %b : (tensor<?xi32>, tensor<?xi32>) -> tensor<?xf32>
  fuser.yield %floor, %true : tensor<?xi32>, tensor<?xf32>
}
"""


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def assert_close(got, want, rtol=1e-6, atol=1e-6):
    assert isinstance(got, np.ndarray), type(got)
    assert got.shape == want.shape, (got.shape, want.shape)
    np.testing.assert_allclose(got.astype(np.float64), want, rtol=rtol,
                               atol=atol)


@pytest.fixture(scope="module")
def scale_add():
    return fuser.register(SCALE_ADD)


@pytest.fixture(scope="module")
def binary():
    return fuser.register(BINARY2D)


# -- results ------------------------------------------------------------------


def test_scale_add_matches_float64(scale_add, rng):
    x = rng.standard_normal((37, 53)).astype(np.float32)
    b = rng.standard_normal(53).astype(np.float32)
    out = scale_add(x, b, 0.75)
    assert isinstance(out, np.ndarray)
    assert out.dtype == np.float32 and out.shape == (37, 53)
    assert_close(out, x.astype(np.float64) * 0.75 + b)
    # Outputs own their memory through DLPack: writable, not views of x.
    assert out.flags.writeable
    assert not np.shares_memory(out, x)


def test_multiple_outputs_are_a_tuple(binary, rng):
    x = rng.standard_normal((8, 33)).astype(np.float32)
    y = rng.standard_normal((8, 33)).astype(np.float32)
    out = binary(x, y)
    assert isinstance(out, tuple) and len(out) == 2
    xd, yd = x.astype(np.float64), y.astype(np.float64)
    assert_close(out[0], xd * yd + sigmoid(xd))
    assert_close(out[1], np.tanh(yd) - xd)


def test_the_kernel_runs_and_is_cached(binary, rng):
    x = rng.standard_normal((16, 16)).astype(np.float32)
    run = binary.run_kernel(x, x)
    assert run.ran and run.reason is None
    assert isinstance(run.outputs, tuple) and len(run.outputs) == 2
    assert run.code and "define" in run.code  # LLVM IR
    before = fuser.num_compiled_kernels()
    binary(x, x)
    binary(x + 1, x)
    assert fuser.num_compiled_kernels() == before
    assert binary.num_cached_kernels >= 1


def test_interpreter_matches_kernel(binary, rng):
    x = rng.standard_normal((9, 7)).astype(np.float32)
    y = rng.standard_normal((9, 7)).astype(np.float32)
    kernel = binary(x, y)
    interp = binary.run_fallback(x, y)
    assert isinstance(interp, tuple)
    for k, i in zip(kernel, interp):
        np.testing.assert_array_equal(k, i)


def test_dtypes_retype_the_group(scale_add, rng):
    # Re-typed per call: f16 x with f32 b promotes to f32 (PyTorch rules).
    x = rng.standard_normal((5, 6)).astype(np.float16)
    b = rng.standard_normal(6).astype(np.float32)
    out = scale_add(x, b, 2.0)
    assert out.dtype == np.float32
    assert_close(out, x.astype(np.float64) * 2.0 + b, rtol=1e-3, atol=1e-3)
    # f64 everywhere stays f64.
    out = scale_add(x.astype(np.float64), b.astype(np.float64), 2.0)
    assert out.dtype == np.float64
    # An i32 tensor times a Python float is f32.
    out = scale_add(np.arange(12, dtype=np.int32).reshape(2, 6),
                    np.zeros(6, np.int32), 0.5)
    assert out.dtype == np.float32
    assert_close(out, np.arange(12).reshape(2, 6) * 0.5)


def test_float16_inputs(binary, rng):
    x = rng.standard_normal((4, 5)).astype(np.float16)
    y = rng.standard_normal((4, 5)).astype(np.float16)
    a, b = binary(x, y)
    assert a.dtype == np.float16
    xd, yd = x.astype(np.float64), y.astype(np.float64)
    assert_close(a, xd * yd + sigmoid(xd), rtol=2e-3, atol=2e-3)
    assert_close(b, np.tanh(yd) - xd, rtol=2e-3, atol=2e-3)


def test_bool_outputs_and_where(rng):
    g = fuser.register(COMPARE_WHERE)
    a = rng.standard_normal(101).astype(np.float32)
    b = rng.standard_normal(101).astype(np.float32)
    lt, sel = g(a, b)
    assert lt.dtype == np.bool_
    np.testing.assert_array_equal(lt, a < b)
    np.testing.assert_array_equal(sel, np.where(a > 0, a, b))


def test_integer_division():
    g = fuser.register(INT_DIV)
    a = np.array([7, -7, 9, -9, 0, 5], np.int32)
    b = np.array([2, 2, -4, -4, 3, 5], np.int32)
    floor, true = g(a, b)
    assert floor.dtype == np.int32 and true.dtype == np.float32
    np.testing.assert_array_equal(floor, np.floor_divide(a, b))
    assert_close(true, a / b.astype(np.float64))


def test_zero_dim_tensors(rng):
    g = fuser.register(ZERO_DIM)
    x = rng.standard_normal((3, 4)).astype(np.float32)
    s = np.array(2.5, np.float32)
    assert_close(g(x, s), x.astype(np.float64) * 2.5)
    # A NumPy scalar is a 0-dim tensor too.
    assert_close(g(x, np.float32(-1.5)), x.astype(np.float64) * -1.5)


def test_scalar_arguments_accept_ints_and_numpy_scalars(scale_add, rng):
    x = rng.standard_normal((2, 3)).astype(np.float32)
    b = np.zeros(3, np.float32)
    assert_close(scale_add(x, b, 3), x.astype(np.float64) * 3)
    assert_close(scale_add(x, b, np.float64(0.25)), x.astype(np.float64) / 4)
    assert_close(scale_add(x, b, np.array(2.0)), x.astype(np.float64) * 2)


# -- layouts ------------------------------------------------------------------


def test_non_contiguous_views(scale_add, rng):
    base = rng.standard_normal((20, 30)).astype(np.float32)
    b = rng.standard_normal(64).astype(np.float32)
    views = [base[::2, 1::3], base.T[3:13, :], base[:, ::-1][:, ::-1][5:, 7:]]
    for x in views:
        bb = b[: x.shape[1] * 2 : 2]  # strided bias
        out = scale_add(x, bb, -1.25)
        assert_close(out, x.astype(np.float64) * -1.25 + bb)


def test_fortran_order_output_follows_input(binary, rng):
    x = np.asfortranarray(rng.standard_normal((6, 9)).astype(np.float32))
    y = np.asfortranarray(rng.standard_normal((6, 9)).astype(np.float32))
    a, _ = binary(x, y)
    assert_close(a, x.astype(np.float64) * y + sigmoid(x.astype(np.float64)))
    # Outputs keep the memory format of dense inputs, as eager does.
    assert a.flags.f_contiguous


def test_broadcasting(binary, scale_add, rng):
    x = rng.standard_normal((5, 1)).astype(np.float32)
    y = rng.standard_normal((1, 7)).astype(np.float32)
    a, b = binary(x, y)
    xd, yd = x.astype(np.float64), y.astype(np.float64)
    assert a.shape == (5, 7)
    assert_close(a, xd * yd + sigmoid(xd))
    assert_close(b, np.tanh(yd) - xd)
    # Zero-stride views (np.broadcast_to) read in place.
    xb = np.broadcast_to(rng.standard_normal((1, 7)).astype(np.float32),
                         (4, 7))
    out = scale_add(xb, np.ones(7, np.float32), 2.0)
    assert_close(out, xb.astype(np.float64) * 2 + 1)


def test_empty_arrays(scale_add, binary):
    out = scale_add(np.zeros((0, 8), np.float32), np.zeros(8, np.float32), 1.0)
    assert out.shape == (0, 8) and out.dtype == np.float32
    a, b = binary(np.zeros((3, 0), np.float32), np.zeros((3, 0), np.float32))
    assert a.shape == (3, 0) and b.shape == (3, 0)


def test_other_buffer_exporters(rng):
    g = fuser.register(COMPARE_WHERE)
    a = array.array("f", [1.0, -2.0, 3.0])
    b = memoryview(array.array("f", [0.5, 0.5, 0.5]))
    lt, sel = g(a, b)
    assert isinstance(sel, np.ndarray)
    np.testing.assert_array_equal(sel, np.array([1.0, 0.5, 3.0], np.float32))


class DLPackOnly:
    """A producer that shares memory through __dlpack__ only."""

    def __init__(self, array):
        self._array = array

    def __dlpack__(self, **kwargs):
        return self._array.__dlpack__(**kwargs)

    def __dlpack_device__(self):
        return self._array.__dlpack_device__()


def test_generic_dlpack_producer(scale_add, rng):
    x = rng.standard_normal((4, 5)).astype(np.float32)
    b = rng.standard_normal(5).astype(np.float32)
    out = scale_add(DLPackOnly(x), DLPackOnly(b), 3.0)
    # No from_dlpack in the producer's module: a fuser.Tensor comes back,
    # which any DLPack consumer takes without a copy.
    assert isinstance(out, fuser.Tensor)
    assert out.shape == (4, 5) and out.dtype == "float32"
    assert out.device == "cpu" and out.__dlpack_device__() == (1, 0)
    assert_close(np.from_dlpack(out), x.astype(np.float64) * 3 + b)
    assert_close(np.asarray(out), x.astype(np.float64) * 3 + b)


def test_bfloat16_outputs_come_back_as_fuser_tensors(rng):
    g = fuser.register(TO_BF16)
    x = rng.standard_normal(10).astype(np.float32)
    out = g(x)
    assert isinstance(out, fuser.Tensor)
    assert out.dtype == "bfloat16" and out.shape == (10,)
    assert out.strides == (1,) and out.ndim == 1 and out.data_ptr != 0
    assert "bfloat16" in repr(out)
    with pytest.raises(AttributeError):
        out.__array_interface__
    # The bits are bfloat16: the upper half of float32 (rounded).
    bits = np.frombuffer(
        (np.ctypeslib.as_array(
            (np.ctypeslib.ctypes.c_uint16 * 10).from_address(out.data_ptr))
         ).tobytes(), np.uint16)
    back = (bits.astype(np.uint32) << 16).view(np.float32)
    np.testing.assert_allclose(back, x, rtol=1e-2)


# -- chunk, concat, random ------------------------------------------------------


def test_lstm_cell_chunks(bench_group, rng):
    g = fuser.register_file(bench_group("lstm_cell.mlir"))
    assert g.chunks == ((4, 1), (4, 1), (4, 0), (4, 0), None)
    assert g.input_ranks == (2, 2, 1, 1, 2)
    batch, hidden = 3, 5
    xw = rng.standard_normal((batch, 4 * hidden)).astype(np.float32)
    hw = rng.standard_normal((batch, 4 * hidden)).astype(np.float32)
    bih = rng.standard_normal(4 * hidden).astype(np.float32)
    bhh = rng.standard_normal(4 * hidden).astype(np.float32)
    cx = rng.standard_normal((batch, hidden)).astype(np.float32)
    hy, cy = g(xw, hw, bih, bhh, cx)
    gates = (xw.astype(np.float64) + hw + bih + bhh)
    i, f, c, o = np.split(gates, 4, axis=1)
    cy_ref = sigmoid(f) * cx + sigmoid(i) * np.tanh(c)
    hy_ref = sigmoid(o) * np.tanh(cy_ref)
    assert_close(cy, cy_ref, rtol=1e-5, atol=1e-5)
    assert_close(hy, hy_ref, rtol=1e-5, atol=1e-5)


def test_chunk_not_divisible_is_an_error(bench_group, rng):
    g = fuser.register_file(bench_group("lstm_cell.mlir"))
    x = np.zeros((2, 10), np.float32)
    with pytest.raises(fuser.FuserError):
        g(x, x, np.zeros(10, np.float32), np.zeros(10, np.float32),
          np.zeros((2, 2), np.float32))


def test_concat_outputs(bench_group, rng):
    g = fuser.register_file(bench_group("concat3.mlir"), "concat3")
    assert g.concats == ((3, 1),)
    x = rng.standard_normal((4, 6)).astype(np.float32)
    y = rng.standard_normal((4, 6)).astype(np.float32)
    out = g(x, y)
    xd, yd = x.astype(np.float64), y.astype(np.float64)
    want = np.concatenate([xd * yd, xd + yd, np.maximum(xd - yd, 0)], axis=1)
    assert out.shape == (4, 18)
    assert_close(out, want)


def test_rand_like_is_reproducible():
    g = fuser.register(RAND)
    x = np.zeros((64, 100), np.float32)
    fuser.manual_seed(7)
    a0, a1 = g(x)
    fuser.manual_seed(7)
    b0, b1 = g(x)
    fuser.manual_seed(8)
    c0, _ = g(x)
    np.testing.assert_array_equal(a0, b0)
    np.testing.assert_array_equal(a1, b1)
    assert not np.array_equal(a0, a1)  # two streams
    assert not np.array_equal(a0, c0)  # another seed
    assert a0.min() >= 0.0 and a0.max() < 1.0
    assert abs(a0.mean() - 0.5) < 0.02 and abs(a0.var() - 1 / 12) < 0.01
    # Without a new seed the next call draws new numbers.
    d0, _ = g(x)
    assert not np.array_equal(b0, d0)
    # The interpreter draws the same numbers as the kernel.
    fuser.manual_seed(7)
    e0, e1 = g.run_fallback(x)
    np.testing.assert_array_equal(a0, e0)
    np.testing.assert_array_equal(a1, e1)


def test_dropout_group(bench_group, rng):
    g = fuser.register_file(bench_group("bias_dropout_residual_f32.mlir"))
    assert g.num_random == 1
    x = rng.standard_normal((32, 64)).astype(np.float32)
    bias = rng.standard_normal(64).astype(np.float32)
    res = rng.standard_normal((32, 64)).astype(np.float32)
    out = g(x, bias, res)
    y = x.astype(np.float64) + bias
    dropped = np.isclose(out, res, atol=1e-6)
    kept_ref = res + y * 1.1111111111111112
    assert_close(np.where(dropped, kept_ref, out), kept_ref, rtol=1e-5,
                 atol=1e-5)
    assert 0.03 < dropped.mean() < 0.2  # p = 0.1


# -- errors -------------------------------------------------------------------


def test_wrong_arity(scale_add):
    x = np.zeros((2, 3), np.float32)
    with pytest.raises(fuser.ArgumentError,
                       match=r"the group takes 3 inputs \(2 tensors, then 1 "
                             r"float scalars\), got 2"):
        scale_add(x, x[0])
    with pytest.raises(TypeError):  # ArgumentError is a TypeError too
        scale_add(x, x[0], 1.0, 2.0)


def test_tensor_and_scalar_positions(scale_add):
    x = np.zeros((2, 3), np.float32)
    with pytest.raises(fuser.ArgumentError, match="input #2 must be a float "
                                                 "scalar, got a tensor"):
        scale_add(x, x[0], x)
    with pytest.raises(fuser.ArgumentError, match="input #1 must be a tensor, "
                                                 "got a float scalar"):
        scale_add(x, 1.0, 1.0)
    with pytest.raises(fuser.ArgumentError, match="input #0 must be a tensor"):
        scale_add([[1.0]], x[0], 1.0)
    with pytest.raises(TypeError, match="keyword"):
        scale_add(x, x[0], 1.0, bogus=1)


def test_unsupported_dtype(scale_add):
    x = np.zeros((2, 3), np.uint16)
    with pytest.raises(fuser.ArgumentError, match="input #0 has element "
                                                 "format"):
        scale_add(x, np.zeros(3, np.float32), 1.0)
    with pytest.raises(fuser.ArgumentError):
        scale_add(np.zeros((2, 3), np.complex64), np.zeros(3, np.float32), 1.0)
    big_endian = np.zeros((2, 3), ">f4")
    with pytest.raises(fuser.ArgumentError):
        scale_add(big_endian, np.zeros(3, np.float32), 1.0)


def test_shape_and_rank_mismatch(scale_add, binary):
    with pytest.raises(fuser.FuserError, match="does not broadcast"):
        binary(np.zeros((4, 8), np.float32), np.zeros((4, 9), np.float32))
    with pytest.raises(fuser.FuserError,
                       match="input #0 has rank 3, but the group declares "
                             "rank 2"):
        scale_add(np.zeros((2, 3, 4), np.float32), np.zeros(4, np.float32),
                  1.0)


def test_negative_strides_are_rejected(scale_add):
    x = np.zeros((3, 4), np.float32)[:, ::-1]
    with pytest.raises(fuser.FuserError, match="negative stride"):
        scale_add(x, np.zeros(4, np.float32), 1.0)


def test_masked_arrays_are_rejected(scale_add):
    x = np.ma.masked_array(np.zeros((2, 3), np.float32))
    with pytest.raises(fuser.ArgumentError, match="MaskedArray"):
        scale_add(x, np.zeros(3, np.float32), 1.0)


def test_group_that_does_not_type_check():
    g = fuser.register("""
fuser.group @bits(%x: tensor<?xi32>) -> tensor<?xi32> {
  %0 = fuser.bitwise_not %x : (tensor<?xi32>) -> tensor<?xi32>
  fuser.yield %0 : tensor<?xi32>
}""")
    np.testing.assert_array_equal(g(np.array([0, 5], np.int32)),
                                  np.array([-1, -6], np.int32))
    with pytest.raises(fuser.FuserError, match="does not type-check"):
        g(np.zeros(3, np.float32))


def test_parse_errors():
    with pytest.raises(fuser.ParseError,
                       match="custom op 'fuser.bogus' is unknown"):
        fuser.register("fuser.group @g(%x: tensor<?xf32>) -> tensor<?xf32> {\n"
                       "  %0 = fuser.bogus %x : tensor<?xf32>\n"
                       "  fuser.yield %0 : tensor<?xf32>\n}")
    with pytest.raises(ValueError, match="holds no fuser.group"):
        fuser.register("")
    two = SCALE_ADD + COMPARE_WHERE
    with pytest.raises(fuser.ParseError, match="holds 2 groups"):
        fuser.register(two)
    with pytest.raises(fuser.ParseError, match="no fuser.group named @nope"):
        fuser.register(two, "nope")
    assert fuser.register(two, "compare_where").num_outputs == 2


def test_register_file_errors(tmp_path):
    with pytest.raises(fuser.FuserFileError, match="cannot read"):
        fuser.register_file(tmp_path / "missing.mlir")
    with pytest.raises(OSError):
        fuser.register_file(tmp_path / "missing.mlir")
    path = tmp_path / "g.mlir"
    path.write_text(SCALE_ADD)
    assert fuser.register_file(path) == fuser.register(SCALE_ADD)


def test_unknown_key():
    with pytest.raises(fuser.GroupNotFoundError, match="no fusion group is "
                                                       "registered under key"):
        fuser.Group(10**9)


def test_errors_carry_status():
    with pytest.raises(fuser.FuserError) as info:
        fuser.register("not mlir at all")
    assert info.value.status == 3 and info.value.status_name == "parse error"


# -- introspection, compile, switches -----------------------------------------


def test_group_description(scale_add):
    assert scale_add.num_inputs == 3
    assert scale_add.num_tensor_inputs == 2
    assert scale_add.num_scalar_inputs == 1
    assert scale_add.num_outputs == 1
    assert scale_add.input_ranks == (2, 1)
    assert scale_add.chunks == (None, None)
    assert scale_add.concats == (None,)
    assert scale_add.num_random == 0
    assert "fuser.group @fusion" in scale_add.source
    assert "@scale_add" in repr(scale_add) or "key=" in repr(scale_add)
    # Equal groups share a key; names and SSA names do not matter.
    again = fuser.register(SCALE_ADD.replace("@scale_add", "@other")
                           .replace("%b", "%bias"))
    assert again == scale_add and again.key == scale_add.key
    assert hash(again) == hash(scale_add)
    assert fuser.num_registered_groups() >= 1


def test_specialized_source(scale_add):
    text = scale_add.specialized_source(["float16", np.float32])
    assert "tensor<?x?xf16>" in text and "tensor<?xf32>" in text
    with pytest.raises(fuser.FuserError, match="expected 2 dtypes"):
        scale_add.specialized_source(["float16"])
    with pytest.raises(fuser.ArgumentError, match="unknown dtype"):
        scale_add.specialized_source(["float17", "float32"])


def test_compile_for_the_cpu(scale_add):
    before = scale_add.num_cached_kernels
    kernel = scale_add.compile(["float32", "float32"], device="cpu")
    assert isinstance(kernel, fuser.Kernel)
    assert kernel.device == "cpu" and kernel.output_dtypes == ("float32",)
    assert "define" in kernel.code and kernel.name
    half = scale_add.compile([np.float16, "f16"], contiguity=[None,
                                                               [True, False]])
    assert half.output_dtypes == ("float16",)
    assert scale_add.num_cached_kernels == before  # not cached
    with pytest.raises(fuser.ArgumentError, match="unknown device"):
        scale_add.compile(device="tpu")


def test_compile_for_cuda_without_a_gpu(scale_add):
    if fuser.cuda_available():
        pytest.skip("a GPU is present")
    with pytest.raises(fuser.FuserError):
        scale_add.compile(device="cuda")


def test_kernel_code(binary, rng):
    x = rng.standard_normal((3, 3)).astype(np.float32)
    assert "define" in binary.kernel_code(x, x)


def test_backend_table(restore_switches, binary, rng):
    table = fuser.backends()
    assert table["cpu"] is True and table["xpu"] is False
    assert table["cuda"] == fuser.cuda_available()
    if not fuser.cuda_available():
        assert fuser.cuda_unavailable_reason()
        with pytest.raises(fuser.UnavailableError):
            fuser.register_builtin_backend("cuda")
    x = rng.standard_normal((4, 4)).astype(np.float32)
    want = binary(x, x)
    fuser.deregister_backend("cpu")
    assert not fuser.has_backend("cpu") and not fuser.can_fuse_on_cpu()
    run = binary.run_kernel(x, x)
    assert not run.ran and run.outputs is None
    got = binary(x, x)  # the interpreter
    for w, g in zip(want, got):
        np.testing.assert_array_equal(w, g)
    fuser.register_builtin_backend("cpu")
    assert fuser.has_backend("cpu") and binary.run_kernel(x, x).ran


def test_can_fuse_switches(restore_switches, binary, rng):
    x = rng.standard_normal((4, 4)).astype(np.float32)
    assert fuser.can_fuse_on_cpu()
    with fuser.fusion_settings(cpu=False, gpu=False):
        assert not fuser.can_fuse_on_cpu() and not fuser.can_fuse_on_gpu()
        run = binary.run_kernel(x, x)
        assert not run.ran and run.reason == "fusion disabled"
        got = binary(x, x)  # still runs, unfused
    assert fuser.can_fuse_on_cpu()
    np.testing.assert_array_equal(got[0], binary(x, x)[0])
    with fuser.fusion_settings(cpu=False):
        # With a GPU backend, GPU fusion is still on: only the CPU is off.
        assert binary.run_kernel(x, x).reason == (
            "fusion disabled for the device" if fuser.can_fuse_on_gpu()
            else "fusion disabled")
    fuser.override_must_use_llvm_on_cpu(False)
    assert not fuser.must_use_llvm_on_cpu()
    fuser.override_must_use_llvm_on_cpu(True)
    assert fuser.must_use_llvm_on_cpu()


def test_versions_and_constants():
    assert fuser.__version__.count(".") == 2
    assert fuser.C_API_VERSION[0] == 1
    assert fuser.DTYPES[8] == "float32" and len(fuser.DTYPES) == 10
    assert fuser.debug_level() in (0, 1, 2)
    assert not hasattr(fuser, "torch")  # reserved for the TorchScript importer


# -- threads ------------------------------------------------------------------


def test_concurrent_calls_from_threads(binary):
    rng = np.random.default_rng(5)
    inputs = [(rng.standard_normal((50, 40)).astype(np.float32),
               rng.standard_normal((50, 40)).astype(np.float32))
              for _ in range(8)]
    want = [binary.run_fallback(x, y) for x, y in inputs]
    errors = []

    def work(k):
        try:
            for _ in range(50):
                got = binary(*inputs[k])
                for w, g in zip(want[k], got):
                    np.testing.assert_allclose(g, w, rtol=1e-6, atol=1e-6)
        except Exception as e:  # pragma: no cover (reported below)
            errors.append(e)

    threads = [threading.Thread(target=work, args=(k,)) for k in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors, errors[0]
