//===- UlpTest.cpp - Accuracy of the compiled CPU kernels' float math -----===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Measures, for every inexact float op of the dialect (transcendental
// functions, the activations built from them, pow, atan2, sqrt, rsqrt,
// reciprocal) and every float dtype, the largest error of the compiled CPU
// kernel in ulps, and checks it against the documented bound of the table
// below (docs/ulp.md lists the measured values).
//
// The error of one result is its distance, counted in representable values
// of the result dtype, to the exact result rounded to nearest-even in that
// dtype: 0 means correctly rounded. The exact result is computed in long
// double (64-bit significand) from the op's mathematical definition (for
// the activations, the formula of FuserOps.td with its constants taken
// exactly, evaluated in a form without cancellation). Where the long double
// value lies so close to a midpoint of the dtype that its own error could
// decide the rounding, either neighbour counts as correctly rounded.
//
// Inputs: f16 and bf16 all finite values and the infinities (pairs of a
// 1024 x 1024 subset for binary ops); f32 and f64 a sample spread over every
// bit pattern, a dense sweep of the op's interesting range and edge values.
// A NaN where the reference is not NaN (or the reverse) is always an error.
//
// Environment:
//   FUSER_ULP_SCALE    multiplies the number of f32/f64 samples (default 1)
//   FUSER_ULP_ONLY     measure only the op of this name
//   FUSER_ULP_MARKDOWN 1: also print the table as markdown (docs/ulp.md)
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/API/Fuser.h"
#include "FuserDialect/Runtime/Backend.h"
#include "FuserDialect/Support/DType.h"
#include "FuserDialect/Support/Half.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <cfloat>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <iterator>
#include <limits>
#include <math.h>
#include <string>
#include <thread>
#include <vector>

using namespace fuser;

namespace {

using LD = long double;

const LD kInfL = std::numeric_limits<LD>::infinity();
const LD kNaNL = std::numeric_limits<LD>::quiet_NaN();

//===----------------------------------------------------------------------===//
// Float formats
//===----------------------------------------------------------------------===//

struct Format {
  DType dtype;
  int digits; ///< significand bits, including the implicit one
  int emin;   ///< exponent of the smallest normal
  LD maxFinite;
  unsigned bits; ///< storage width
};

const Format &formatOf(DType d) {
  static const Format f16{DType::Float16, 11, -14, 65504.0L, 16};
  static const Format bf16{DType::BFloat16, 8, -126,
                           static_cast<LD>(bfloat16ToFloat(0x7F7F)), 16};
  static const Format f32{DType::Float32, 24, -126, FLT_MAX, 32};
  static const Format f64{DType::Float64, 53, -1022, DBL_MAX, 64};
  switch (d) {
  case DType::Float16:
    return f16;
  case DType::BFloat16:
    return bf16;
  case DType::Float32:
    return f32;
  default:
    return f64;
  }
}

/// The value of storage bits `u` of `d`.
LD fromBits(DType d, uint64_t u) {
  switch (d) {
  case DType::Float16:
    return halfToFloat(static_cast<uint16_t>(u));
  case DType::BFloat16:
    return bfloat16ToFloat(static_cast<uint16_t>(u));
  case DType::Float32:
    return bitsToFloat(static_cast<uint32_t>(u));
  default: {
    double v;
    std::memcpy(&v, &u, 8);
    return v;
  }
  }
}

/// The storage bits of `v`, a value of `d` (exactly representable).
uint64_t toBits(DType d, LD v) {
  switch (d) {
  case DType::Float16:
    return floatToHalf(static_cast<float>(v));
  case DType::BFloat16:
    return floatToBFloat16(static_cast<float>(v));
  case DType::Float32:
    return floatBits(static_cast<float>(v));
  default: {
    double x = static_cast<double>(v);
    uint64_t u;
    std::memcpy(&u, &x, 8);
    return u;
  }
  }
}

/// The position of a non-NaN value of `f` in the order of all values, with
/// -0.0 and +0.0 at the same position: the distance of two positions is
/// their distance in ulps.
int64_t orderIndex(const Format &f, uint64_t u) {
  uint64_t signBit = uint64_t(1) << (f.bits - 1);
  int64_t magnitude = static_cast<int64_t>(u & (signBit - 1));
  return (u & signBit) ? -magnitude : magnitude;
}

bool isNaNBits(const Format &f, uint64_t u) {
  return std::isnan(fromBits(f.dtype, u));
}

/// The values of `f` that count as the correctly rounded `exact`: its
/// nearest-even rounding, and the other neighbour as well when `exact` is
/// within the reference's own error (2^-60 relative) of a midpoint.
/// Overflow rounds to infinity.
std::pair<LD, LD> roundCandidates(const Format &f, LD exact) {
  if (std::isnan(exact) || std::isinf(exact) || exact == 0)
    return {exact, exact};
  int e;
  std::frexp(exact, &e);
  int lead = std::max(e - 1, f.emin);
  int quantum = lead - (f.digits - 1);
  LD scaled = std::ldexp(exact, -quantum); // exact
  LD nearest = std::nearbyint(scaled);     // ties to even
  LD lower = std::floor(scaled);
  LD tolerance = std::fabs(scaled) * std::ldexp(1.0L, -60);
  LD other = nearest;
  if (std::fabs(scaled - lower - 0.5L) <= tolerance)
    other = nearest == lower ? lower + 1 : lower;
  auto finish = [&](LD q) {
    LD v = std::ldexp(q, quantum);
    if (std::fabs(v) > f.maxFinite)
      return std::copysign(kInfL, exact);
    return v;
  };
  return {finish(nearest), finish(other)};
}

//===----------------------------------------------------------------------===//
// Reference functions (long double)
//===----------------------------------------------------------------------===//

LD rsqrtRef(LD x) { return 1 / ::sqrtl(x); }
LD reciprocalRef(LD x) { return 1 / x; }
LD sigmoidRef(LD x) { return 1 / (1 + std::exp(-x)); }

LD geluErfRef(LD x) {
  // 0.5 x (1 + erf(x / sqrt 2)) = 0.5 x erfc(-x / sqrt 2).
  if (std::isinf(x))
    return x * 0.5L * (1 + std::erf(x)); // the formula: -inf gives NaN
  return 0.5L * x * std::erfc(-x / std::sqrt(2.0L));
}

LD geluTanhRef(LD x) {
  // 0.5 x (1 + tanh(y)) = x / (1 + exp(-2y)).
  if (std::isinf(x))
    return 0.5L * x * (1 + std::tanh(x));
  LD y = std::sqrt(2 / 3.14159265358979323846264338327950288L) *
         (x + 0.044715L * x * x * x);
  return x / (1 + std::exp(-2 * y));
}

LD softplusRef(LD x) {
  // beta 1, threshold 20: x > 20 ? x : log1p(exp(x)).
  return x > 20 ? x : std::log1p(std::exp(x));
}

LD mishRef(LD x) {
  if (std::isinf(x))
    return x * std::tanh(std::log1p(std::exp(x)));
  LD sp = x > 40 ? x + std::log1p(std::exp(-x)) : std::log1p(std::exp(x));
  return x * std::tanh(sp);
}

LD logitRef(LD x) {
  if (std::isnan(x) || x < 0 || x > 1)
    return kNaNL;
  if (x < 0.25L)
    return std::log(x / (1 - x));
  // log(x / (1 - x)) = log1p((2x - 1) / (1 - x)): no cancellation near 1/2.
  return std::log1p((2 * x - 1) / (1 - x));
}

LD hardsigmoidRef(LD x) {
  if (std::isnan(x))
    return x;
  return std::min(std::max(x + 3, LD(0)), LD(6)) / 6;
}

LD siluRef(LD x) { return x * sigmoidRef(x); }

LD eluRef(LD x) {
  // alpha, scale and input scale 1: x < 0 ? expm1(x) : x.
  return x < 0 ? std::expm1(x) : x;
}

LD hardswishRef(LD x) {
  if (std::isnan(x))
    return x;
  return x * std::min(std::max(x + 3, LD(0)), LD(6)) / 6;
}

//===----------------------------------------------------------------------===//
// The ops
//===----------------------------------------------------------------------===//

/// No bound: where a formula breaks down (an intermediate overflows or
/// cancels), a result can be 0 or infinite instead of any finite value.
constexpr int64_t kUnbounded = std::numeric_limits<int64_t>::max();

/// Per-dtype ulp bounds, in the order f32, f64, f16, bf16.
struct Bounds {
  int64_t f32, f64, f16, bf16;
  int64_t of(DType d) const {
    switch (d) {
    case DType::Float16:
      return f16;
    case DType::BFloat16:
      return bf16;
    case DType::Float32:
      return f32;
    default:
      return f64;
    }
  }
};

/// The inputs where the op's formula is well conditioned in the computation
/// type (f32 for f16/bf16/f32, f64): no intermediate overflows, underflows
/// or cancels. Null: every input.
using Core = bool (*)(LD x);

struct UlpOp {
  const char *name; ///< row name
  /// The op as written after `fuser.`: mnemonic, then attributes.
  const char *spelling;
  int arity;
  LD (*unaryRef)(LD);
  LD (*binaryRef)(LD, LD);
  /// The dense sweep (f32, f64) of x, and of y for binary ops.
  LD lo, hi, ylo, yhi;
  /// Bounds on the core inputs and on all inputs.
  Bounds core, all;
  Core coreInputs;
  const char *coreText;

  LD ref(LD x, LD y) const {
    return arity == 1 ? unaryRef(x) : binaryRef(x, y);
  }
};

UlpOp unaryOp(const char *name, const char *spelling, LD (*ref)(LD), LD lo,
              LD hi, Bounds core, Bounds all, Core coreInputs = nullptr,
              const char *coreText = "all") {
  return UlpOp{name, spelling, 1,    ref, nullptr,    lo,      hi,
               0,    0,        core, all, coreInputs, coreText};
}

UlpOp binaryOp(const char *name, LD (*ref)(LD, LD), LD lo, LD hi, LD ylo,
               LD yhi, Bounds bounds) {
  return UlpOp{name, name, 2,      nullptr, ref,     lo,   hi,
               ylo,  yhi,  bounds, bounds,  nullptr, "all"};
}

/// A C library function (or sqrt, 1 / sqrt, 1 / x), with its long double
/// version as the reference. f16 and bf16 compute in
/// f32 and round once: 1 ulp, or 0 for the correctly rounded sqrt and
/// division (f32 has more than 2p + 2 significand bits).
UlpOp libmOp(const char *name, LD (*ref)(LD), LD lo, LD hi, int64_t ulp) {
  int64_t reduced = ulp ? 1 : 0;
  Bounds bounds{ulp, ulp, reduced, reduced};
  return unaryOp(name, name, ref, lo, hi, bounds, bounds);
}

bool xAtLeastMinus80(LD x) { return x >= -80; }
bool xAtLeastMinus1(LD x) { return x >= -1; }
bool xAwayFromHalf(LD x) { return x <= 0.25L || x >= 0.75L; }
bool xAtMost1e30(LD x) { return std::fabs(x) <= 1e30L; }

/// The documented bounds (docs/ulp.md), on the core inputs and on all
/// inputs, for f32, f64, f16, bf16. The C library's functions are within a
/// few ulps (glibc 2.36 as measured, with a little slack where more inputs
/// could find larger errors). The larger errors on all inputs come from the
/// formulas of the activations, which are eager PyTorch's (the kernels and
/// the interpreter follow them bit for bit): exp(-x) overflows for sigmoid
/// and silu, 1 + erf(x) and 1 + tanh(x) cancel for gelu, x / (1 - x) rounds
/// for logit near 1/2, x * clamp(...) overflows for hardswish.
const std::vector<UlpOp> &ulpOps() {
  const int64_t U = kUnbounded;
  static const std::vector<UlpOp> ops = {
      libmOp("exp", ::expl, -750, 750, 1),
      libmOp("expm1", ::expm1l, -50, 750, 1),
      libmOp("log", ::logl, 0, 4, 1),
      libmOp("log1p", ::log1pl, -1, 4, 1),
      libmOp("log2", ::log2l, 0, 4, 1),
      libmOp("log10", ::log10l, 0, 4, 2),
      libmOp("sin", ::sinl, -100, 100, 1),
      libmOp("cos", ::cosl, -100, 100, 1),
      libmOp("tan", ::tanl, -100, 100, 1),
      libmOp("asin", ::asinl, -1, 1, 1),
      libmOp("acos", ::acosl, -1, 1, 1),
      libmOp("atan", ::atanl, -50, 50, 1),
      libmOp("sinh", ::sinhl, -750, 750, 2),
      libmOp("cosh", ::coshl, -750, 750, 2),
      libmOp("tanh", ::tanhl, -20, 20, 2),
      libmOp("erf", ::erfl, -6, 6, 1),
      libmOp("erfc", ::erfcl, -6, 30, 4),
      libmOp("lgamma", ::lgammal, -20, 30, 6),
      libmOp("sqrt", ::sqrtl, 0, 100, 0),
      libmOp("rsqrt", rsqrtRef, 0, 100, 1),
      libmOp("reciprocal", reciprocalRef, -10, 10, 0),
      unaryOp("sigmoid", "sigmoid", sigmoidRef, -120, 120, {3, 3, 1, 1},
              {U, U, 1, 32}, xAtLeastMinus80, "x >= -80"),
      unaryOp("logit", "logit", logitRef, 0, 1, {2, 2, 1, 1}, {U, U, 1, 1},
              xAwayFromHalf, "x <= 0.25 or x >= 0.75"),
      unaryOp("gelu", "gelu", geluErfRef, -40, 10, {4, 4, 1, 1}, {U, U, 2, U},
              xAtLeastMinus1, "x >= -1"),
      unaryOp("gelu(tanh)", "gelu approximate tanh", geluTanhRef, -20, 10,
              {5, 5, 1, 1}, {U, U, 2, U}, xAtLeastMinus1, "x >= -1"),
      unaryOp("silu", "silu", siluRef, -120, 120, {3, 3, 1, 1}, {U, U, 1, U},
              xAtLeastMinus80, "x >= -80"),
      unaryOp("mish", "mish", mishRef, -120, 120, {5, 5, 1, 1},
              {128, 1024, 1, 1}, xAtLeastMinus80, "x >= -80"),
      unaryOp("softplus", "softplus", softplusRef, -120, 40, {1, 1, 1, 1},
              {1, 1, 1, 1}),
      unaryOp("elu", "elu", eluRef, -50, 10, {1, 1, 1, 1}, {1, 1, 1, 1}),
      unaryOp("hardsigmoid", "hardsigmoid", hardsigmoidRef, -5, 5, {2, 2, 1, 1},
              {2, 2, 1, 1}),
      unaryOp("hardswish", "hardswish", hardswishRef, -5, 5, {2, 2, 1, 1},
              {U, U, 1, U}, xAtMost1e30, "|x| <= 1e30"),
      binaryOp("pow", ::powl, 0, 10, -40, 40, {1, 1, 1, 1}),
      binaryOp("atan2", ::atan2l, -10, 10, -10, 10, {1, 1, 1, 1}),
  };
  return ops;
}

//===----------------------------------------------------------------------===//
// Inputs
//===----------------------------------------------------------------------===//

uint64_t splitmix(uint64_t &state) {
  uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

/// Storage bits of `n` values spread over every bit pattern of `f` (both
/// signs, every exponent, random significands), NaNs skipped.
std::vector<uint64_t> spreadBits(const Format &f, size_t n, uint64_t seed) {
  std::vector<uint64_t> out;
  uint64_t state = seed;
  uint64_t patterns = f.bits == 64 ? 0 : uint64_t(1) << f.bits;
  for (size_t i = 0; i < n; ++i) {
    uint64_t u;
    if (f.bits == 64) {
      // Stratified over the top bits, random below.
      uint64_t top = (static_cast<uint64_t>(i) * (~uint64_t(0) / n)) &
                     ~((uint64_t(1) << 40) - 1);
      u = top | (splitmix(state) & ((uint64_t(1) << 40) - 1));
    } else {
      uint64_t stride = std::max<uint64_t>(patterns / n, 1);
      u = (static_cast<uint64_t>(i) * stride + splitmix(state) % stride) %
          patterns;
    }
    if (!isNaNBits(f, u))
      out.push_back(u);
  }
  return out;
}

/// Values of `f` at the ends and inside of the ranges where functions change
/// behaviour (overflow thresholds, zeros, subnormals, ...), both signs.
std::vector<LD> edgeValues(const Format &f) {
  // Small and large values, overflow thresholds of exp in f32 and f64
  // (88.72, 709.78) and of subnormal results (103.97, 745.2), multiples of
  // pi, the zeros of lgamma between -4 and -2.
  static const LD kEdges[] = {0,
                              0.5L,
                              1,
                              2,
                              3,
                              6,
                              20,
                              40,
                              88.72L,
                              89.5L,
                              103.97L,
                              709.78L,
                              710.5L,
                              745.2L,
                              1e-30L,
                              1e-8L,
                              1e10L,
                              1e30L,
                              0.78539816339744830962L,
                              1.57079632679489661923L,
                              3.14159265358979323846L,
                              2.4570247382208006L,
                              2.7476826467274127L,
                              3.1435808883499797L,
                              3.9552942848585785L};
  std::vector<LD> base(std::begin(kEdges), std::end(kEdges));
  base.push_back(std::ldexp(1.0L, f.emin));                // smallest normal
  base.push_back(std::ldexp(1.0L, f.emin - f.digits + 1)); // smallest subnormal
  base.push_back(f.maxFinite);
  base.push_back(kInfL);
  std::vector<LD> out;
  for (LD v : base)
    for (LD s : {LD(1), LD(-1)}) {
      LD r = roundCandidates(f, s * v).first;
      // The value and its neighbours.
      uint64_t u = toBits(f.dtype, r);
      for (int64_t d = -2; d <= 2; ++d) {
        uint64_t w = u + static_cast<uint64_t>(d);
        if (f.bits < 64)
          w &= (uint64_t(1) << f.bits) - 1;
        if (!isNaNBits(f, w))
          out.push_back(fromBits(f.dtype, w));
      }
    }
  out.push_back(kNaNL);
  return out;
}

/// The unary inputs of `op` for `f`.
std::vector<LD> unaryInputs(const UlpOp &op, const Format &f, double scale) {
  std::vector<LD> out;
  if (f.bits == 16) {
    for (uint64_t u = 0; u < 65536; ++u)
      if (!isNaNBits(f, u))
        out.push_back(fromBits(f.dtype, u));
    out.push_back(kNaNL);
    return out;
  }
  size_t spread = static_cast<size_t>(scale * (1 << 19));
  size_t dense = static_cast<size_t>(scale * (1 << 18));
  for (uint64_t u : spreadBits(f, spread, 0x5EEDULL + f.bits))
    out.push_back(fromBits(f.dtype, u));
  for (size_t i = 0; i < dense; ++i) {
    LD v = op.lo + (op.hi - op.lo) * static_cast<LD>(i) / (dense - 1);
    out.push_back(roundCandidates(f, v).first);
  }
  for (LD v : edgeValues(f))
    out.push_back(v);
  return out;
}

/// The binary inputs of `op` for `f` (x, y pairs).
void binaryInputs(const UlpOp &op, const Format &f, double scale,
                  std::vector<LD> &xs, std::vector<LD> &ys) {
  auto add = [&](LD x, LD y) {
    xs.push_back(x);
    ys.push_back(y);
  };
  std::vector<LD> edges = edgeValues(f);
  if (f.bits == 16) {
    // A 1024 x 1024 grid of values spread over all bit patterns.
    std::vector<LD> grid;
    for (uint64_t u = 0; u < 65536; u += 64)
      if (!isNaNBits(f, u + 17))
        grid.push_back(fromBits(f.dtype, u + 17));
    for (LD x : grid)
      for (LD y : grid)
        add(x, y);
  } else {
    size_t spread = static_cast<size_t>(scale * (1 << 19));
    std::vector<uint64_t> a = spreadBits(f, spread, 0xA11CEULL + f.bits);
    std::vector<uint64_t> b = spreadBits(f, spread, 0xB0BULL + f.bits);
    // Pair every x with a y of a shuffled position.
    uint64_t state = 99;
    for (size_t i = a.size(); i > 1; --i)
      std::swap(a[i - 1], a[splitmix(state) % i]);
    for (size_t i = 0; i < std::min(a.size(), b.size()); ++i)
      add(fromBits(f.dtype, a[i]), fromBits(f.dtype, b[i]));
  }
  // A dense grid over the interesting range, and every pair of edge values.
  size_t side = f.bits == 16 ? 256 : static_cast<size_t>(scale * 512);
  for (size_t i = 0; i < side; ++i)
    for (size_t j = 0; j < side; ++j)
      add(roundCandidates(f, op.lo + (op.hi - op.lo) * i / (side - 1)).first,
          roundCandidates(f, op.ylo + (op.yhi - op.ylo) * j / (side - 1))
              .first);
  for (LD x : edges)
    for (LD y : edges)
      add(x, y);
  // pow: negative bases with integral exponents.
  for (int k = -40; k <= 40; ++k)
    for (LD x : {-0.5L, -1.5L, -2.0L, -3.0L, -10.0L, -1.0L})
      add(roundCandidates(f, x).first, k);
}

//===----------------------------------------------------------------------===//
// Measurement
//===----------------------------------------------------------------------===//

/// The largest error over a set of inputs and where it occurs.
struct Worst {
  int64_t ulp = 0;
  LD x = 0, y = 0, got = 0, want = 0;
  void update(int64_t d, LD xv, LD yv, LD g, LD w) {
    if (d > ulp)
      *this = Worst{d, xv, yv, g, w};
  }
  void merge(const Worst &o) {
    if (o.ulp > ulp)
      *this = o;
  }
};

struct Cell {
  Worst core, all;
  int64_t nanMismatches = 0;
  Worst nan; ///< the first NaN mismatch (ulp unused)
  size_t samples = 0;
  bool ran = false;
  std::string problem;
};

Tensor makeTensor(const Format &f, const std::vector<LD> &values) {
  Tensor t = Tensor::empty(f.dtype, {static_cast<int64_t>(values.size())},
                           Device::cpu());
  uint64_t nan = f.bits == 64                ? 0x7FF8000000000000ULL
                 : f.bits == 32              ? 0x7FC00000ULL
                 : f.dtype == DType::Float16 ? 0x7E00ULL
                                             : 0x7FC0ULL;
  for (size_t i = 0; i < values.size(); ++i) {
    uint64_t u = std::isnan(values[i]) ? nan : toBits(f.dtype, values[i]);
    std::memcpy(static_cast<char *>(t.view.data) + i * (f.bits / 8), &u,
                f.bits / 8);
  }
  return t;
}

/// The group of one op on tensors of `dtype`.
std::string groupSource(const UlpOp &op, DType dtype) {
  std::string ty = "tensor<?x" + std::string(mlirName(dtype)) + ">";
  std::string spelling = op.spelling;
  size_t space = spelling.find(' ');
  std::string mnemonic = spelling.substr(0, space);
  std::string attrs = space == std::string::npos ? "" : spelling.substr(space);
  bool binary = op.arity == 2;
  return "fuser.group @ulp(%x: " + ty + (binary ? ", %y: " + ty : "") +
         ") -> " + ty + " {\n  %r = fuser." + mnemonic + " %x" +
         (binary ? ", %y" : "") + attrs + " : (" + ty +
         (binary ? ", " + ty : "") + ") -> " + ty +
         "\n  fuser.yield %r : " + ty + "\n}\n";
}

Cell measure(const UlpOp &op, DType dtype, double scale) {
  Cell cell;
  const Format &f = formatOf(dtype);
  std::string source = groupSource(op, dtype);
  std::vector<LD> xs, ys;
  if (op.arity == 1)
    xs = unaryInputs(op, f, scale);
  else
    binaryInputs(op, f, scale, xs, ys);
  if (ys.empty())
    ys.assign(xs.size(), 0);
  cell.samples = xs.size();

  Tensor x = makeTensor(f, xs), y;
  std::vector<Argument> args = {x.view};
  if (op.arity == 2) {
    y = makeTensor(f, ys);
    args.push_back(y.view);
  }
  ExecutionResult result;
  try {
    result = runFusionKernel(registerFusion(source), args);
  } catch (const std::exception &e) {
    cell.problem =
        std::string("runFusionKernel threw: ") + e.what() + "\n" + source;
    return cell;
  }
  if (!result.ran()) {
    cell.problem = "the kernel did not run: " +
                   std::string(fallbackReasonName(result.reason));
    return cell;
  }
  cell.ran = true;
  const char *out = static_cast<const char *>(result.outputs[0].view.data);

  // The reference is the slow part: split the inputs over a few threads.
  unsigned nThreads =
      std::max(1u, std::min(8u, std::thread::hardware_concurrency()));
  std::vector<Cell> parts(nThreads);
  auto work = [&](unsigned t) {
    Cell &part = parts[t];
    size_t begin = xs.size() * t / nThreads;
    size_t end = xs.size() * (t + 1) / nThreads;
    for (size_t i = begin; i < end; ++i) {
      uint64_t gotBits = 0;
      std::memcpy(&gotBits, out + i * (f.bits / 8), f.bits / 8);
      LD got = fromBits(dtype, gotBits);
      LD want = op.ref(xs[i], ys[i]);
      bool gotNaN = std::isnan(got), wantNaN = std::isnan(want);
      if (gotNaN || wantNaN) {
        if (gotNaN != wantNaN && part.nanMismatches++ == 0)
          part.nan = Worst{0, xs[i], ys[i], got, want};
        continue;
      }
      auto [a, b] = roundCandidates(f, want);
      int64_t g = orderIndex(f, gotBits);
      int64_t d = std::min(std::llabs(g - orderIndex(f, toBits(dtype, a))),
                           std::llabs(g - orderIndex(f, toBits(dtype, b))));
      part.all.update(d, xs[i], ys[i], got, want);
      if (!op.coreInputs || op.coreInputs(xs[i]))
        part.core.update(d, xs[i], ys[i], got, want);
    }
  };
  std::vector<std::thread> threads;
  for (unsigned t = 1; t < nThreads; ++t)
    threads.emplace_back(work, t);
  work(0);
  for (std::thread &t : threads)
    t.join();
  for (const Cell &part : parts) {
    cell.all.merge(part.all);
    cell.core.merge(part.core);
    if (part.nanMismatches && !cell.nanMismatches)
      cell.nan = part.nan;
    cell.nanMismatches += part.nanMismatches;
  }
  return cell;
}

std::string fmt(LD v) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%.17Lg", v);
  return buf;
}

/// An ulp count, with 3 significant digits from a million on.
std::string ulpText(int64_t u) {
  if (u == kUnbounded)
    return "-";
  if (u < 1000000)
    return std::to_string(u);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.2e", static_cast<double>(u));
  return buf;
}

/// "core" or "core / all" when they differ.
std::string cellText(int64_t core, int64_t all) {
  return core == all ? ulpText(core) : ulpText(core) + " / " + ulpText(all);
}

std::string describe(const UlpOp &op, const Worst &w) {
  return "x = " + fmt(w.x) + (op.arity == 2 ? ", y = " + fmt(w.y) : "") +
         ": got " + fmt(w.got) + ", exact " + fmt(w.want);
}

} // namespace

TEST(Ulp, CompiledCPUKernelsWithinDocumentedBounds) {
  // An op the CPU backend cannot compile is a failure, not a fallback.
  overrideMustUseLLVMOnCPU(true);
  const char *scaleEnv = std::getenv("FUSER_ULP_SCALE");
  double scale = scaleEnv && *scaleEnv ? std::strtod(scaleEnv, nullptr) : 1.0;
  const char *onlyEnv = std::getenv("FUSER_ULP_ONLY");
  std::string only = onlyEnv ? onlyEnv : "";
  const char *mdEnv = std::getenv("FUSER_ULP_MARKDOWN");
  bool markdown = mdEnv && std::string(mdEnv) == "1";
  const DType dtypes[] = {DType::Float32, DType::Float64, DType::Float16,
                          DType::BFloat16};

  std::string table =
      "max ulp error of the compiled CPU kernel, on the core inputs / on all "
      "inputs\n(bounds in parentheses)\n";
  char line[256];
  std::snprintf(line, sizeof line, "%-12s %-26s %-26s %-14s %-16s %s\n", "op",
                "f32", "f64", "f16", "bf16", "core inputs");
  table += line;
  std::string md = "| op | f32 | f64 | f16 | bf16 | GPU | core inputs |\n"
                   "|---|---|---|---|---|---|---|\n";
  std::string worst;
  for (const UlpOp &op : ulpOps()) {
    if (!only.empty() && only != op.name)
      continue;
    std::snprintf(line, sizeof line, "%-12s", op.name);
    table += line;
    md += std::string("| ") + op.name + " |";
    for (DType d : dtypes) {
      std::string where =
          std::string(op.name) + " " + std::string(torchName(d));
      Cell c = measure(op, d, scale);
      if (!c.ran) {
        ADD_FAILURE() << where << ": " << c.problem;
        std::snprintf(line, sizeof line, " %-26s", "failed");
        table += line;
        md += " failed |";
        continue;
      }
      int64_t coreBound = op.core.of(d), allBound = op.all.of(d);
      std::string text = cellText(c.core.ulp, c.all.ulp) + " (" +
                         cellText(coreBound, allBound) + ")";
      std::snprintf(line, sizeof line,
                    d == DType::Float32 || d == DType::Float64 ? " %-26s"
                    : d == DType::Float16                      ? " %-14s"
                                                               : " %-16s",
                    text.c_str());
      table += line;
      md += " " + cellText(c.core.ulp, c.all.ulp) + " |";
      if (c.all.ulp > 0)
        worst += "  " + where + " (" + std::to_string(c.samples) +
                 " inputs): " + ulpText(c.all.ulp) + " ulp at " +
                 describe(op, c.all) + "\n";
      if (c.core.ulp != c.all.ulp && c.core.ulp > 0)
        worst += "  " + where + " core: " + ulpText(c.core.ulp) + " ulp at " +
                 describe(op, c.core) + "\n";
      EXPECT_LE(c.core.ulp, coreBound)
          << where << " (" << op.coreText << "): " << c.core.ulp << " ulp at "
          << describe(op, c.core);
      EXPECT_LE(c.all.ulp, allBound)
          << where << ": " << c.all.ulp << " ulp at " << describe(op, c.all);
      EXPECT_EQ(c.nanMismatches, 0)
          << where << ": " << c.nanMismatches
          << " results NaN where the exact one is not (or the reverse), "
             "first at "
          << describe(op, c.nan);
    }
    table += std::string(" ") + op.coreText + "\n";
    std::string core = op.coreText;
    for (size_t at = core.find('|'); at != std::string::npos;
         at = core.find('|', at + 2))
      core.replace(at, 1, "\\|");
    md += " not measured yet | " + core + " |\n";
  }
  std::printf("%s\nlargest errors:\n%s", table.c_str(), worst.c_str());
  if (markdown)
    std::printf("\n%s", md.c_str());
}
