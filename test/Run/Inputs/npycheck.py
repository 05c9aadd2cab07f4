#!/usr/bin/env python3
"""Inputs and independent references for the fuser-run tests of test/Run.

    npycheck.py gen CASE DIR            write the inputs of CASE as DIR/<name>.npy
    npycheck.py check CASE DIR [PREFIX] compare DIR/<PREFIX><i>.npy (default
                                        PREFIX: out) with CASE's reference
    npycheck.py selftest CASE DIR [PREFIX]
                                        check that a perturbed reference is
                                        rejected (the comparison can fail)

Every reference is computed with NumPy in float64 (int64 for integer ops) from
the inputs as read back from DIR, never by running fuser. The PyTorch
semantics the references follow are in docs/research/eager-semantics-notes.md.
Inputs come from a fixed seed; they are non-zero, include negative values and,
where the case says so, special values (NaN, +-inf, halves, -0.0).

Exit status: 0 when every output matches, 1 with a message naming the case,
the output, the first mismatching elements and the tolerance otherwise.
"""

import math
import os
import sys

import numpy as np

CASES = {}


def case(name):
    def register(cls):
        CASES[name] = cls()
        return cls
    return register


class Expect:
    """One expected output.

    `value` is the float64 (or int64 / bool) reference, `dtype` the dtype the
    .npy must have. With `exact`, values must be equal (NaN matching NaN);
    otherwise |got - ref| <= atol + rtol * |ref|. `signed_zero` also compares
    the sign bit of zeros. `bf16` checks that every value is a bfloat16 (the
    low 16 bits of its float32 pattern are zero).
    """

    def __init__(self, value, dtype, rtol=0.0, atol=0.0, exact=False,
                 signed_zero=False, bf16=False):
        self.value = np.asarray(value)
        self.dtype = np.dtype(dtype)
        self.rtol, self.atol = rtol, atol
        self.exact = exact
        self.signed_zero = signed_zero
        self.bf16 = bf16


# Tolerances against a float64 reference, by output dtype: a few roundings of
# the storage type (f16/bf16 are computed in float32 and rounded once).
F32 = dict(rtol=1e-5, atol=1e-6)
F16 = dict(rtol=1e-3, atol=1e-5)
BF16_TOL = dict(rtol=4e-3, atol=1e-5)


def nonzero_uniform(rng, shape, lo, hi, dtype=np.float32, min_abs=1e-2):
    """Uniform values in [lo, hi] of `dtype`, none with |x| < min_abs."""
    x = rng.uniform(lo, hi, size=shape)
    small = np.abs(x) < min_abs
    x[small] = np.where(x[small] < 0, -min_abs, min_abs)
    return x.astype(dtype)


def sigmoid(x):
    return 1.0 / (1.0 + np.exp(-x))


def erf(x):
    return np.vectorize(math.erf, otypes=[np.float64])(x)


def f64(a):
    return np.asarray(a, dtype=np.float64)


def bf16_round(a):
    """float32 -> the nearest bfloat16 (ties to even), as float32."""
    a = np.ascontiguousarray(a, dtype=np.float32)
    bits = a.view(np.uint32).astype(np.uint64)
    rounded = (bits + 0x7FFF + ((bits >> 16) & 1)) & 0xFFFF0000
    out = rounded.astype(np.uint32).view(np.float32)
    return np.where(np.isnan(a), a, out)


#===----------------------------------------------------------------------===#
# Cases. gen(rng) returns {name: array} in argument order; ref(inputs) returns
# the list of Expect, one per group result.
#===----------------------------------------------------------------------===#

def lstm_reference(gates, b_ih, b_hh, cx):
    g = f64(gates) + f64(b_ih) + f64(b_hh)
    i, f, c, o = np.split(g, 4, axis=1)
    i, f, c, o = sigmoid(i), sigmoid(f), np.tanh(c), sigmoid(o)
    cy = f * f64(cx) + i * c
    hy = o * np.tanh(cy)
    return hy, cy


@case("lstm")
class Lstm:
    """examples/lstm_cell.mlir: batch 7, hidden 12."""

    def gen(self, rng):
        b, h = 7, 12
        return {
            "gates": nonzero_uniform(rng, (b, 4 * h), -4, 4),
            "b_ih": nonzero_uniform(rng, (4 * h,), -1, 1),
            "b_hh": nonzero_uniform(rng, (4 * h,), -1, 1),
            "cx": nonzero_uniform(rng, (b, h), -2, 2),
        }

    def ref(self, x):
        hy, cy = lstm_reference(x["gates"], x["b_ih"], x["b_hh"], x["cx"])
        return [Expect(hy, np.float32, **F32), Expect(cy, np.float32, **F32)]


@case("milstm")
class MiLstm:
    """Multiplicative-integration LSTM cell: batch 5, hidden 8."""

    def gen(self, rng):
        b, h = 5, 8
        return {
            "wx": nonzero_uniform(rng, (b, 4 * h), -2, 2),
            "uz": nonzero_uniform(rng, (b, 4 * h), -2, 2),
            "alpha": nonzero_uniform(rng, (4 * h,), -1.5, 1.5),
            "beta_i": nonzero_uniform(rng, (4 * h,), -1.5, 1.5),
            "beta_h": nonzero_uniform(rng, (4 * h,), -1.5, 1.5),
            "bias": nonzero_uniform(rng, (4 * h,), -1, 1),
            "cx": nonzero_uniform(rng, (b, h), -2, 2),
        }

    def ref(self, x):
        wx, uz = f64(x["wx"]), f64(x["uz"])
        gates = (f64(x["alpha"]) * wx * uz + f64(x["beta_i"]) * wx +
                 f64(x["beta_h"]) * uz + f64(x["bias"]))
        i, f, c, o = np.split(gates, 4, axis=1)
        i, f, c, o = sigmoid(i), sigmoid(f), np.tanh(c), sigmoid(o)
        cy = f * f64(x["cx"]) + i * c
        hy = o * np.tanh(cy)
        return [Expect(hy, np.float32, **F32), Expect(cy, np.float32, **F32)]


def gelu_inputs(rng, dtype):
    x = nonzero_uniform(rng, (6, 50), -5, 5, dtype=np.float64)
    x.flat[:8] = [np.nan, 10.0, -10.0, 0.5, -0.5, 3.0, -3.0, -0.75]
    return {"x": x.astype(dtype)}


def gelu_reference(x, tol, dtype):
    x = f64(x)
    erf_form = 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
    k = math.sqrt(2.0 / math.pi)
    tanh_form = 0.5 * x * (1.0 + np.tanh(k * (x + 0.044715 * x ** 3)))
    return [Expect(erf_form, dtype, **tol), Expect(tanh_form, dtype, **tol)]


@case("gelu_f32")
class GeluF32:
    def gen(self, rng):
        return gelu_inputs(rng, np.float32)

    def ref(self, x):
        return gelu_reference(x["x"], F32, np.float32)


@case("gelu_f16")
class GeluF16:
    """The f32 group run on f16 inputs: f16 outputs."""

    def gen(self, rng):
        return gelu_inputs(rng, np.float16)

    def ref(self, x):
        return gelu_reference(x["x"], F16, np.float16)


@case("bias_relu")
class BiasRelu:
    """relu(x + b) with b [N] broadcast over rows and a [R, 1] column."""

    def gen(self, rng):
        x = nonzero_uniform(rng, (9, 17), -3, 3)
        x[2, 3] = np.nan
        x[4, 5] = -np.inf
        x[5, 6] = np.inf
        return {"x": x, "b": nonzero_uniform(rng, (17,), -1, 1),
                "col": nonzero_uniform(rng, (9, 1), -1, 1)}

    def ref(self, x):
        def relu(v):
            return np.where(np.isnan(v), v, np.maximum(v, 0.0))
        return [Expect(relu(f64(x["x"]) + f64(x["b"])), np.float32, **F32),
                Expect(relu(f64(x["x"]) + f64(x["col"])), np.float32, **F32)]


@case("concat")
class Concat:
    def gen(self, rng):
        return {"a": nonzero_uniform(rng, (6, 5), -3, 3),
                "b": nonzero_uniform(rng, (6, 5), -3, 3),
                "c": rng.integers(-50, 50, size=(6, 5)).astype(np.int32)}

    def ref(self, x):
        a, b, c = f64(x["a"]), f64(x["b"]), x["c"].astype(np.int64)
        rows = np.concatenate([sigmoid(a), a * b, a - b], axis=0)
        # f32 and i32 pieces: torch.cat promotes to f32.
        cols = np.concatenate([a + b, f64(c * 2), f64(-c)], axis=1)
        return [Expect(rows, np.float32, **F32),
                Expect(cols, np.float32, **F32)]


# The --scalar values of test/Run/scalar-args.mlir.
SCALAR_S, SCALAR_T = 0.1, -2.5


@case("scalar_args")
class ScalarArgs:
    def gen(self, rng):
        return {"x": nonzero_uniform(rng, (4, 9), -3, 3),
                "y": nonzero_uniform(rng, (4, 9), -3, 3, dtype=np.float64)}

    def ref(self, x):
        # y * s in f64 is exact against NumPy only if s reaches the kernel
        # as the full double (the seed rounded it to float first).
        return [Expect(f64(x["x"]) * SCALAR_S + SCALAR_T, np.float32, **F32),
                Expect(f64(x["y"]) * SCALAR_S, np.float64, exact=True)]


@case("compare_where")
class CompareWhere:
    def gen(self, rng):
        n = 40
        a = nonzero_uniform(rng, (n,), -3, 3)
        b = nonzero_uniform(rng, (n,), -3, 3)
        b[:6] = a[:6]                         # equal pairs
        a[6], b[7], a[8], b[8] = np.nan, np.nan, np.nan, np.nan
        a[9], b[9] = np.inf, 1.0
        a[10], b[10] = -np.inf, -np.inf
        a[11] = 0.5                           # a >= 0.5 boundary
        c = rng.integers(-100, 100, size=(n,)).astype(np.int32)
        c[:4] = [16777217, 16777216, 16777215, -16777217]
        return {"a": a, "b": b, "c": c}

    def ref(self, x):
        a, b, c = f64(x["a"]), f64(x["b"]), x["c"]
        with np.errstate(invalid="ignore"):
            return [
                Expect(a < b, np.bool_, exact=True),
                Expect(a == b, np.bool_, exact=True),
                Expect(a != b, np.bool_, exact=True),
                Expect(a >= 0.5, np.bool_, exact=True),
                Expect(np.where(a > 0.0, a, b), np.float32, exact=True),
                # i32 tensor == Python float: compared in float32.
                Expect(c.astype(np.float32) == np.float32(16777216.0),
                       np.bool_, exact=True),
            ]


@case("int_ops")
class IntOps:
    def gen(self, rng):
        n = 64
        a = rng.integers(-1000, 1000, size=(n,))
        b = rng.integers(1, 30, size=(n,)) * rng.choice([-1, 1], size=(n,))
        a[:12] = [7, -7, 7, -7, 6, -6, 6, -6, 2**30, -2**30, 1, -1]
        b[:12] = [3, 3, -3, -3, 3, 3, -3, -3, -7, 7, -2, 2]
        a[a == 0] = 5
        return {"a": a.astype(np.int32), "b": b.astype(np.int32)}

    def ref(self, x):
        a, b = x["a"].astype(np.int64), x["b"].astype(np.int64)
        trunc = np.sign(a) * np.sign(b) * (np.abs(a) // np.abs(b))
        fmod = a - b * trunc
        return [
            Expect(np.floor_divide(a, b), np.int32, exact=True),
            Expect(np.remainder(a, b), np.int32, exact=True),
            Expect(trunc, np.int32, exact=True),
            Expect(fmod, np.int32, exact=True),
            Expect(f64(a) / f64(b), np.float32, **F32),
        ]


@case("clamp_nan")
class ClampNan:
    def gen(self, rng):
        n = 32
        x = nonzero_uniform(rng, (n,), -2, 2)
        x[:6] = [np.nan, np.inf, -np.inf, 0.5, -0.5, np.nan]
        lo = nonzero_uniform(rng, (n,), -1, 0)
        hi = nonzero_uniform(rng, (n,), 0, 1)
        lo[6], hi[7] = np.nan, np.nan          # NaN bounds propagate too
        return {"x": x, "lo": lo, "hi": hi}

    def ref(self, x):
        v, lo, hi = f64(x["x"]), f64(x["lo"]), f64(x["hi"])
        # np.maximum / np.minimum propagate NaN from either operand.
        return [
            Expect(np.minimum(np.maximum(v, -0.5), 0.5), np.float32,
                   exact=True),
            # min > max: the upper bound wins everywhere (NaN stays NaN).
            Expect(np.where(np.isnan(v), v, -1.0), np.float32, exact=True),
            Expect(np.maximum(v, 0.25), np.float32, exact=True),
            Expect(np.minimum(np.maximum(v, lo), hi), np.float32, exact=True),
        ]


@case("round")
class Round:
    SPECIAL = [0.5, 1.5, 2.5, -0.5, -1.5, -2.5, 3.5, -3.5, 0.49999997,
               -0.49999997, 4194304.5, 4194305.5, 8388607.5, -0.0, np.nan,
               np.inf, -np.inf, 1e30]

    def gen(self, rng):
        x = nonzero_uniform(rng, (40,), -10, 10, dtype=np.float64)
        x[:len(self.SPECIAL)] = self.SPECIAL
        y = x.copy()
        y[:4] = [2.5000000000000004, 1e15 + 0.5, -(1e15 + 0.5),
                 4503599627370495.5]
        c = rng.integers(-100, 100, size=(40,)).astype(np.int32)
        return {"x": x.astype(np.float32), "y": y, "c": c}

    def ref(self, x):
        # np.round rounds halves to even, like torch.round.
        return [
            Expect(np.round(f64(x["x"])), np.float32, exact=True,
                   signed_zero=True),
            Expect(np.round(x["y"]), np.float64, exact=True,
                   signed_zero=True),
            Expect(x["c"].astype(np.int64), np.int32, exact=True),
        ]


# The --scalar value of test/Run/promotion.mlir.
PROMOTION_S = 0.1


@case("promotion")
class Promotion:
    def gen(self, rng):
        i = rng.integers(-1000, 1000, size=(3, 11)).astype(np.int32)
        i[i == 0] = 3
        return {"i": i, "h": nonzero_uniform(rng, (11,), -4, 4,
                                             dtype=np.float16)}

    def ref(self, x):
        i, h = x["i"].astype(np.int64), f64(x["h"])
        return [
            Expect(f64(i) + PROMOTION_S, np.float32, **F32),  # i32 + f64 -> f32
            Expect(i * 3, np.int32, exact=True),               # i32 * i64 -> i32
            Expect(f64(i) / 2.0, np.float32, **F32),           # i32 / i64 -> f32
            Expect(h + PROMOTION_S, np.float16, **F16),        # f16 + f64 -> f16
            Expect(f64(i) > 2.5, np.bool_, exact=True),
        ]


@case("fortran3d")
class Fortran3d:
    """Fortran-order (column-major) .npy inputs, read by logical index."""

    def gen(self, rng):
        x = np.asfortranarray(nonzero_uniform(rng, (3, 4, 5), -3, 3))
        w = nonzero_uniform(rng, (4, 5), -3, 3)           # C order
        y = np.asfortranarray(nonzero_uniform(rng, (3, 4, 5), -3, 3))
        k = np.asfortranarray(
            rng.integers(-9, 9, size=(3, 4, 5)).astype(np.int32))
        for a in (x, y, k):
            assert a.flags.f_contiguous and not a.flags.c_contiguous
        return {"x": x, "w": w, "y": y, "k": k}

    def ref(self, x):
        return [
            Expect(f64(x["x"]) * 2.0 - f64(x["w"]), np.float32, **F32),
            Expect(f64(x["y"]) + f64(x["k"]) * 3.0, np.float32, **F32),
            Expect(x["k"].astype(np.int64) * 2, np.int32, exact=True),
        ]


@case("fortran2d")
class Fortran2d:
    def gen(self, rng):
        a = np.asfortranarray(nonzero_uniform(rng, (5, 7), -3, 3))
        assert a.flags.f_contiguous and not a.flags.c_contiguous
        return {"a": a, "b": nonzero_uniform(rng, (5, 7), -3, 3)}

    def ref(self, x):
        return [Expect(f64(x["a"]) * f64(x["b"]) + f64(x["a"]), np.float32,
                       **F32)]


@case("zero_dim")
class ZeroDim:
    """0-dim tensors broadcast to every element and promote as 0-dim."""

    def gen(self, rng):
        return {"x": nonzero_uniform(rng, (4, 6), -3, 3),
                "i": rng.integers(-50, 50, size=(4, 6)).astype(np.int32),
                "s": np.array(-2.5, dtype=np.float32),
                "d": np.array(0.1, dtype=np.float64)}

    def ref(self, x):
        v, i, s, d = f64(x["x"]), f64(x["i"]), f64(x["s"]), f64(x["d"])
        return [
            Expect(v * s + s, np.float32, **F32),
            # f32 tensor + 0-dim f64: the dimensioned tensor wins -> f32.
            Expect(v + d, np.float32, **F32),
            # i32 tensor + 0-dim f64: a higher category -> f64.
            Expect(i + d, np.float64, rtol=1e-15, atol=0.0),
            Expect(i * s, np.float32, **F32),
        ]


@case("empty")
class Empty:
    def gen(self, rng):
        return {"x": np.zeros((0, 4), dtype=np.float32),
                "b": nonzero_uniform(rng, (4,), -1, 1)}

    def ref(self, x):
        return [Expect(np.zeros((0, 4)), np.float32, exact=True),
                Expect(np.zeros((0, 4), dtype=bool), np.bool_, exact=True)]


@case("bf16")
class Bf16:
    """f32 .npy inputs run with --dtype bf16: bf16 outputs, saved as f32."""

    def gen(self, rng):
        x = nonzero_uniform(rng, (8, 33), -4, 4)
        x.flat[:3] = [np.nan, 1.00390625, -1.01171875]   # halfway bf16 ties
        return {"x": x, "y": nonzero_uniform(rng, (8, 33), -4, 4)}

    def ref(self, x):
        # --dtype bf16 rounds the f32 inputs to bf16 (nearest, ties to even).
        a, b = f64(bf16_round(x["x"])), f64(bf16_round(x["y"]))
        return [Expect(a * b + sigmoid(a), np.float32, bf16=True, **BF16_TOL),
                Expect(np.tanh(b) - a, np.float32, bf16=True, **BF16_TOL)]


#===----------------------------------------------------------------------===#
# rand_like: three runs, DIR/a*.npy and DIR/b*.npy with one seed and DIR/c*.npy
# with another. Its check is statistical, not against a reference.
#===----------------------------------------------------------------------===#

def check_rand(directory, perturb=False):
    def load(prefix, j):
        return np.load(os.path.join(directory, "%s%d.npy" % (prefix, j)))
    a = [load("a", 0), load("a", 1)]
    b = [load("b", 0), load("b", 1)]
    c = [load("c", 0), load("c", 1)]
    if perturb:
        b[0] = b[0].copy()
        b[0].flat[12345] = np.nextafter(b[0].flat[12345], np.float32(2))
    errors = []
    for name, arr in [("a0", a[0]), ("a1", a[1]), ("b0", b[0]), ("b1", b[1]),
                      ("c0", c[0]), ("c1", c[1])]:
        if arr.dtype != np.float32 or arr.shape != (100, 1000):
            errors.append("%s: dtype %s shape %s, expected float32 (100, 1000)"
                          % (name, arr.dtype, arr.shape))
            continue
        if not (np.all(arr >= 0.0) and np.all(arr < 1.0)):
            errors.append("%s: values outside [0, 1): min %r max %r"
                          % (name, float(arr.min()), float(arr.max())))
        mean, var = float(arr.mean(dtype=np.float64)), float(arr.var())
        # 100k samples: the mean's standard deviation is 0.0009.
        if abs(mean - 0.5) > 0.005:
            errors.append("%s: mean %.5f, expected 0.5 +- 0.005" % (name, mean))
        if abs(var - 1.0 / 12) > 0.003:
            errors.append("%s: variance %.5f, expected 1/12 +- 0.003"
                          % (name, var))
        hist = np.histogram(arr, bins=10, range=(0.0, 1.0))[0] / arr.size
        if np.max(np.abs(hist - 0.1)) > 0.005:
            errors.append("%s: bin frequencies %s, expected 0.1 each"
                          % (name, np.round(hist, 4).tolist()))
    if not errors:
        for j in range(2):
            if not np.array_equal(a[j], b[j]):
                errors.append("output %d: two runs with the same --seed "
                              "differ in %d elements"
                              % (j, int(np.sum(a[j] != b[j]))))
            same = float(np.mean(a[j] == c[j]))
            if same > 0.01:
                errors.append("output %d: runs with different seeds agree in "
                              "%.1f%% of the elements" % (j, 100 * same))
        same = float(np.mean(a[0] == a[1]))
        if same > 0.01:
            errors.append("the two rand_like of one group agree in %.1f%% of "
                          "the elements" % (100 * same))
    if errors:
        print("npycheck rand: FAIL\n  " + "\n  ".join(errors))
        return False
    print("npycheck rand: ok (6 outputs in [0, 1), mean %.4f)"
          % float(a[0].mean(dtype=np.float64)))
    return True


#===----------------------------------------------------------------------===#
# Malformed and unsupported .npy files for the error tests.
#===----------------------------------------------------------------------===#

def gen_bad_npy(directory):
    np.save(os.path.join(directory, "rank1.npy"),
            np.arange(1, 5, dtype=np.float32))
    np.save(os.path.join(directory, "good.npy"),
            np.ones((2, 4), dtype=np.float32))
    np.save(os.path.join(directory, "complex.npy"),
            np.ones((2, 4), dtype=np.complex64))
    np.save(os.path.join(directory, "bigendian.npy"),
            np.ones((2, 4), dtype=">f4"))
    np.save(os.path.join(directory, "full.npy"),
            np.ones((16, 16), dtype=np.float32))
    with open(os.path.join(directory, "full.npy"), "rb") as f:
        data = f.read()
    with open(os.path.join(directory, "truncated.npy"), "wb") as f:
        f.write(data[:len(data) - 100])
    with open(os.path.join(directory, "notnpy.npy"), "wb") as f:
        f.write(b"this is not a numpy file\n")
    assert np.load(os.path.join(directory, "complex.npy")).dtype.str == "<c8"


#===----------------------------------------------------------------------===#
# Comparison
#===----------------------------------------------------------------------===#

def describe(got, ref, idx):
    return "got %r, expected %r" % (got[idx].item(), ref[idx].item())


def compare(name, j, got, exp):
    """Returns a list of error lines for output j."""
    if got.dtype != exp.dtype:
        return ["output %d: dtype %s, expected %s" % (j, got.dtype, exp.dtype)]
    if got.shape != exp.value.shape:
        return ["output %d: shape %s, expected %s"
                % (j, got.shape, exp.value.shape)]
    if got.size == 0:
        return []
    errors = []
    if got.dtype.kind in "biu":
        bad = got.astype(np.int64) != exp.value.astype(np.int64)
        tol = "exact"
    else:
        g, r = got.astype(np.float64), exp.value.astype(np.float64)
        gnan, rnan = np.isnan(g), np.isnan(r)
        with np.errstate(invalid="ignore"):
            if exp.exact:
                bad = (g != r) & ~(gnan & rnan)
                tol = "exact"
            else:
                inf = np.isinf(g) | np.isinf(r)
                err = np.abs(g - r)
                bad = np.where(inf, g != r,
                               err > exp.atol + exp.rtol * np.abs(r))
                bad = (bad | (gnan != rnan)) & ~(gnan & rnan)
                tol = "rtol=%g atol=%g" % (exp.rtol, exp.atol)
            if exp.signed_zero:
                zero = (g == 0) & (r == 0)
                bad |= zero & (np.signbit(g) != np.signbit(r))
                tol += ", signed zeros"
    if np.any(bad):
        where = np.argwhere(bad)
        first = [tuple(int(v) for v in w) for w in where[:3]]
        errors.append("output %d: %d of %d elements differ (%s); %s"
                      % (j, int(bad.sum()), got.size, tol,
                         "; ".join("at %s: %s" % (idx, describe(got,
                                                               exp.value, idx))
                                   for idx in first)))
    if exp.bf16:
        finite = np.ascontiguousarray(got[~np.isnan(got)], dtype=np.float32)
        low = finite.view(np.uint32) & 0xFFFF
        if np.any(low != 0):
            errors.append("output %d: %d values are not bfloat16 values "
                          "(e.g. %r)" % (j, int(np.sum(low != 0)),
                                         finite[low != 0][0].item()))
    return errors


def load_inputs(case_obj, directory):
    names = list(case_obj.gen(np.random.default_rng(0)).keys())
    return {n: np.load(os.path.join(directory, n + ".npy")) for n in names}


def run_check(name, directory, prefix, perturb=False):
    if name == "rand":
        return check_rand(directory, perturb)
    case_obj = CASES[name]
    expected = case_obj.ref(load_inputs(case_obj, directory))
    errors = []
    n_found = 0
    for j, exp in enumerate(expected):
        path = os.path.join(directory, "%s%d.npy" % (prefix, j))
        if not os.path.exists(path):
            errors.append("output %d: %s was not written" % (j, path))
            continue
        n_found += 1
        got = np.load(path)
        if perturb and exp.value.size == 0:
            # An empty output: expect one row instead.
            exp.value = np.zeros((1,) + exp.value.shape[1:], exp.value.dtype)
        elif perturb:
            # A reference off by a little more than the tolerance allows.
            v = exp.value.astype(np.float64).copy()
            k = int(np.argmax(np.isfinite(v)))
            v.flat[k] += 2 * (exp.atol + exp.rtol * abs(v.flat[k])) + (
                1 if exp.exact or exp.dtype.kind in "biu" else 0)
            exp.value = v if exp.dtype.kind != "b" else ~exp.value
        errors += compare(name, j, got, exp)
    extra = os.path.join(directory, "%s%d.npy" % (prefix, len(expected)))
    if os.path.exists(extra):
        errors.append("%s exists: more outputs than the %d expected"
                      % (extra, len(expected)))
    if errors:
        print("npycheck %s: FAIL\n  %s" % (name, "\n  ".join(errors)))
        return False
    print("npycheck %s: ok (%d outputs)" % (name, n_found))
    return True


def main(argv):
    if len(argv) < 3 or argv[0] not in ("gen", "check", "selftest"):
        print(__doc__, file=sys.stderr)
        return 2
    command, name, directory = argv[0], argv[1], argv[2]
    prefix = argv[3] if len(argv) > 3 else "out"
    if command == "gen":
        os.makedirs(directory, exist_ok=True)
        if name == "bad_npy":
            gen_bad_npy(directory)
            return 0
        rng = np.random.default_rng(20240611)
        for n, arr in CASES[name].gen(rng).items():
            np.save(os.path.join(directory, n + ".npy"), arr)
        return 0
    if command == "check":
        return 0 if run_check(name, directory, prefix) else 1
    # selftest: the check must fail against a perturbed reference.
    if run_check(name, directory, prefix, perturb=True):
        print("npycheck %s: selftest FAILED: a perturbed reference was "
              "accepted" % name)
        return 1
    print("npycheck %s: selftest ok (perturbed reference rejected)" % name)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
