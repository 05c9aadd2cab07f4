//===- UnaryOpsTest.cpp - One-operand ops against double/int64 references -===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Every unary op of FuserOps.td, for every dtype it accepts, run through
// registerFusion + runFusion (no backend: the interpreter runs) and compared
// with references written in this file from PyTorch's eager semantics
// (docs/research/eager-semantics-notes.md). Exact ops compare bit for bit;
// transcendental ops within a few ulps of a double computation that follows
// PyTorch's formula step by step in the op's computation type (float32 for
// f16/bf16/f32, double for f64), and f16/bf16 results within one ulp of their
// type.
//
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <functional>

using namespace fuser;
using namespace fuser::test;

namespace {

class UnaryOpsTest : public InterpreterOnly {};
class CastTest : public InterpreterOnly {};

/// Inputs for a float dtype: specials plus random values in two ranges.
Doubles floatInputs(std::mt19937 &gen, double lo = -10, double hi = 10) {
  Doubles v = floatSpecials();
  Doubles r = randomDoubles(gen, 200, lo, hi);
  v.insert(v.end(), r.begin(), r.end());
  Doubles big = randomDoubles(gen, 50, -200, 200);
  v.insert(v.end(), big.begin(), big.end());
  return v;
}

Ints intInputs(std::mt19937 &gen, DType d) {
  Ints v = intSpecials(d);
  Ints r = randomInts(gen, d, 100);
  v.insert(v.end(), r.begin(), r.end());
  return v;
}

/// Runs `%r = fuser.<op> %x <attrs> : (in) -> out` on a 1-D tensor.
Tensor runUnary(const std::string &op, const std::string &attrs, DType in,
                DType out, const Tensor &x) {
  std::string body = "%r = fuser." + op + " %x" +
                     (attrs.empty() ? "" : " " + attrs) + " : (" + ty(in, 1) +
                     ") -> " + ty(out, 1);
  std::vector<Tensor> r =
      runSource(groupSource({{"x", ty(in, 1)}}, body, ty(out, 1)), {x.view});
  EXPECT_EQ(r.size(), 1u);
  EXPECT_EQ(r[0].view.dtype, out);
  EXPECT_EQ(r[0].view.sizes, x.view.sizes);
  return r[0];
}

/// Round half to even, written from the definition.
double roundHalfEven(double x) {
  if (!std::isfinite(x))
    return x;
  double f = std::floor(x);
  double diff = x - f;
  double r;
  if (diff > 0.5)
    r = f + 1;
  else if (diff < 0.5)
    r = f;
  else
    r = std::fmod(f, 2.0) == 0 ? f : f + 1;
  return r == 0 ? std::copysign(0.0, x) : r;
}

//===----------------------------------------------------------------------===//
// Exact unary ops of the same type
//===----------------------------------------------------------------------===//

struct ExactUnary {
  const char *op;
  bool acceptsBool;
  std::function<double(double)> onFloat;
  std::function<int64_t(int64_t, DType)> onInt;
};

const ExactUnary kExactUnary[] = {
    {"abs", false, [](double x) { return std::fabs(x); },
     [](int64_t x, DType d) {
       return wrapTo(d, static_cast<int64_t>(
                            x < 0 ? 0 - static_cast<uint64_t>(x)
                                  : static_cast<uint64_t>(x)));
     }},
    {"neg", false, [](double x) { return -x; },
     [](int64_t x, DType d) {
       return wrapTo(d, static_cast<int64_t>(0 - static_cast<uint64_t>(x)));
     }},
    // relu is clamp_min(x, 0) with std::max semantics: NaN and -0.0 pass.
    {"relu", false,
     [](double x) { return std::isnan(x) || !(x < 0) ? x : 0.0; },
     [](int64_t x, DType) { return x < 0 ? int64_t(0) : x; }},
    // sign: NaN and -0.0 give +0.0.
    {"sign", true,
     [](double x) { return x > 0 ? 1.0 : (x < 0 ? -1.0 : 0.0); },
     [](int64_t x, DType) { return int64_t((x > 0) - (x < 0)); }},
    {"ceil", false, [](double x) { return std::ceil(x); },
     [](int64_t x, DType) { return x; }},
    {"floor", false, [](double x) { return std::floor(x); },
     [](int64_t x, DType) { return x; }},
    {"trunc", false, [](double x) { return std::trunc(x); },
     [](int64_t x, DType) { return x; }},
    {"round", false, roundHalfEven, [](int64_t x, DType) { return x; }},
};

TEST_F(UnaryOpsTest, ExactOpsOnFloats) {
  std::mt19937 gen(1);
  for (const ExactUnary &u : kExactUnary)
    for (DType d : kFloatTypes) {
      SCOPED_TRACE(std::string(u.op) + " " + name(d));
      Tensor x = vecD(d, floatInputs(gen));
      Tensor r = runUnary(u.op, "", d, d, x);
      Doubles in = doublesOf(x), out = doublesOf(r);
      for (size_t i = 0; i < in.size(); ++i)
        EXPECT_TRUE(sameFloat(out[i], u.onFloat(in[i]))) << "x = " << in[i];
    }
}

TEST_F(UnaryOpsTest, ExactOpsOnIntegers) {
  std::mt19937 gen(2);
  for (const ExactUnary &u : kExactUnary)
    for (DType d : kIntTypes) {
      SCOPED_TRACE(std::string(u.op) + " " + name(d));
      Tensor x = vecI(d, intInputs(gen, d));
      Tensor r = runUnary(u.op, "", d, d, x);
      Ints in = intsOf(x), out = intsOf(r);
      for (size_t i = 0; i < in.size(); ++i)
        EXPECT_EQ(out[i], u.onInt(in[i], d)) << "x = " << in[i];
    }
}

TEST_F(UnaryOpsTest, SpotValues) {
  // Eager observations quoted in the research notes.
  Tensor x = vecD(DType::Float32, {0.5, 1.5, 2.5, -0.5, -1.5, -0.4});
  Doubles r = doublesOf(runUnary("round", "", DType::Float32, DType::Float32, x));
  EXPECT_TRUE(sameFloat(r[0], 0.0));
  EXPECT_TRUE(sameFloat(r[1], 2.0));
  EXPECT_TRUE(sameFloat(r[2], 2.0));
  EXPECT_TRUE(sameFloat(r[3], -0.0));
  EXPECT_TRUE(sameFloat(r[4], -2.0));
  r = doublesOf(runUnary("trunc", "", DType::Float32, DType::Float32, x));
  EXPECT_TRUE(sameFloat(r[5], -0.0));
  Tensor s = vecD(DType::Float32, {kNaN, -0.0, 0.0, -2.0});
  r = doublesOf(runUnary("sign", "", DType::Float32, DType::Float32, s));
  EXPECT_TRUE(sameFloat(r[0], 0.0));
  EXPECT_TRUE(sameFloat(r[1], 0.0));
  EXPECT_TRUE(sameFloat(r[2], 0.0));
  EXPECT_TRUE(sameFloat(r[3], -1.0));
  // abs / neg of INT_MIN wrap.
  Tensor m = vecI(DType::Int32, {INT32_MIN, INT32_MAX});
  Ints a = intsOf(runUnary("abs", "", DType::Int32, DType::Int32, m));
  EXPECT_EQ(a[0], INT32_MIN);
  a = intsOf(runUnary("neg", "", DType::Int32, DType::Int32, m));
  EXPECT_EQ(a[0], INT32_MIN);
  EXPECT_EQ(a[1], -INT32_MAX);
}

TEST_F(UnaryOpsTest, SignOfBoolIsIdentity) {
  Tensor x = vecI(DType::Bool, {0, 1, 1, 0});
  Tensor r = runUnary("sign", "", DType::Bool, DType::Bool, x);
  EXPECT_EQ(intsOf(r), (Ints{0, 1, 1, 0}));
}

TEST_F(UnaryOpsTest, FracOnFloats) {
  std::mt19937 gen(3);
  for (DType d : kFloatTypes) {
    SCOPED_TRACE(name(d));
    Tensor x = vecD(d, floatInputs(gen));
    Doubles in = doublesOf(x), out = doublesOf(runUnary("frac", "", d, d, x));
    for (size_t i = 0; i < in.size(); ++i) {
      // x - trunc(x): exact; frac(+-inf) is NaN, frac(-0.0) is +0.0.
      double want = in[i] - std::trunc(in[i]);
      EXPECT_TRUE(sameFloat(out[i], want)) << "x = " << in[i];
    }
  }
  Doubles r = doublesOf(runUnary("frac", "", DType::Float32, DType::Float32,
                                 vecD(DType::Float32, {-2.5, -0.0, kInf})));
  EXPECT_TRUE(sameFloat(r[0], -0.5));
  EXPECT_TRUE(sameFloat(r[1], 0.0));
  EXPECT_TRUE(std::isnan(r[2]));
}

TEST_F(UnaryOpsTest, BitwiseAndLogicalNot) {
  std::mt19937 gen(4);
  for (DType d : kIntTypes) {
    SCOPED_TRACE(name(d));
    Tensor x = vecI(d, intInputs(gen, d));
    Ints in = intsOf(x), out = intsOf(runUnary("bitwise_not", "", d, d, x));
    for (size_t i = 0; i < in.size(); ++i)
      EXPECT_EQ(out[i], wrapTo(d, ~in[i]));
  }
  // On bool, bitwise_not is logical not.
  Tensor b = vecI(DType::Bool, {0, 1});
  EXPECT_EQ(intsOf(runUnary("bitwise_not", "", DType::Bool, DType::Bool, b)),
            (Ints{1, 0}));
  // logical_not: x == 0, for every dtype (NaN is true, -0.0 false).
  for (DType d : kAllTypes) {
    SCOPED_TRACE("logical_not " + name(d));
    Tensor x = isFloating(d) ? vecD(d, floatSpecials())
                             : vecI(d, intSpecials(d));
    Doubles in = doublesOf(x);
    Ints out = intsOf(runUnary("logical_not", "", d, DType::Bool, x));
    for (size_t i = 0; i < in.size(); ++i)
      EXPECT_EQ(out[i], in[i] == 0 ? 1 : 0) << in[i];
  }
}

TEST_F(UnaryOpsTest, InvalidDTypesAreRejected) {
  // NoBool ops on bool, float-only ops on integers, bitwise on floats.
  for (const char *op : {"abs", "neg", "relu", "ceil", "round"})
    EXPECT_THROW(registerFusion(groupSource(
                     {{"x", ty(DType::Bool, 1)}},
                     std::string("%r = fuser.") + op + " %x : (" +
                         ty(DType::Bool, 1) + ") -> " + ty(DType::Bool, 1),
                     ty(DType::Bool, 1))),
                 Error)
        << op;
  EXPECT_THROW(registerFusion(groupSource(
                   {{"x", ty(DType::Int32, 1)}},
                   "%r = fuser.frac %x : (" + ty(DType::Int32, 1) + ") -> " +
                       ty(DType::Int32, 1),
                   ty(DType::Int32, 1))),
               Error);
  EXPECT_THROW(registerFusion(groupSource(
                   {{"x", ty(DType::Float32, 1)}},
                   "%r = fuser.bitwise_not %x : (" + ty(DType::Float32, 1) +
                       ") -> " + ty(DType::Float32, 1),
                   ty(DType::Float32, 1))),
               Error);
}

//===----------------------------------------------------------------------===//
// Float math: integer and bool inputs compute in float32
//===----------------------------------------------------------------------===//

/// Rounds to the computation type `t` (Float32 or Float64).
struct Rounder {
  DType t;
  double operator()(double v) const { return roundTo(t, v); }
};

struct MathOp {
  const char *op;
  double ulps; // tolerance for f32/f64 results
  /// The reference in computation type R (each step rounded by R).
  std::function<double(double, const Rounder &)> ref;
  double lo = -10, hi = 10; // random input range
};

const MathOp kMathOps[] = {
    {"sigmoid", 4,
     [](double x, const Rounder &r) {
       return r(1.0 / r(1.0 + r(std::exp(-x))));
     }},
    {"log", 2, [](double x, const Rounder &r) { return r(std::log(x)); }},
    {"log10", 2, [](double x, const Rounder &r) { return r(std::log10(x)); }},
    {"log1p", 2, [](double x, const Rounder &r) { return r(std::log1p(x)); }},
    {"log2", 2, [](double x, const Rounder &r) { return r(std::log2(x)); }},
    // lgamma is tested away from its roots (ill-conditioned there).
    {"lgamma", 4, [](double x, const Rounder &r) { return r(std::lgamma(x)); },
     2.5, 30},
    {"exp", 2, [](double x, const Rounder &r) { return r(std::exp(x)); }},
    {"expm1", 2, [](double x, const Rounder &r) { return r(std::expm1(x)); }},
    {"erf", 2, [](double x, const Rounder &r) { return r(std::erf(x)); }},
    {"erfc", 4, [](double x, const Rounder &r) { return r(std::erfc(x)); }},
    {"cos", 2, [](double x, const Rounder &r) { return r(std::cos(x)); }},
    {"acos", 2, [](double x, const Rounder &r) { return r(std::acos(x)); },
     -1, 1},
    {"cosh", 2, [](double x, const Rounder &r) { return r(std::cosh(x)); }},
    {"sin", 2, [](double x, const Rounder &r) { return r(std::sin(x)); }},
    {"asin", 2, [](double x, const Rounder &r) { return r(std::asin(x)); },
     -1, 1},
    {"sinh", 2, [](double x, const Rounder &r) { return r(std::sinh(x)); }},
    {"tan", 2, [](double x, const Rounder &r) { return r(std::tan(x)); }},
    {"atan", 2, [](double x, const Rounder &r) { return r(std::atan(x)); }},
    {"tanh", 2, [](double x, const Rounder &r) { return r(std::tanh(x)); }},
    {"sqrt", 1, [](double x, const Rounder &r) { return r(std::sqrt(x)); },
     0, 100},
    // 1 / sqrt(x): rsqrt(-0.0) is -inf.
    {"rsqrt", 2,
     [](double x, const Rounder &r) { return r(1.0 / r(std::sqrt(x))); }, 0,
     100},
    {"reciprocal", 1, [](double x, const Rounder &r) { return r(1.0 / x); }},
    // log(x / (1 - x)), each step in the computation type.
    {"logit", 2,
     [](double x, const Rounder &r) { return r(std::log(r(x / r(1.0 - x)))); },
     0, 1},
};

/// The value an input element has in the computation type of a float math
/// op: integers and bools convert to float32 (rounding large int64s).
double toComputation(double stored, int64_t storedInt, DType in) {
  if (isFloating(in))
    return stored;
  return static_cast<double>(static_cast<float>(storedInt));
}

TEST_F(UnaryOpsTest, FloatMathOnEveryDType) {
  std::mt19937 gen(5);
  for (const MathOp &m : kMathOps)
    for (DType d : kAllTypes) {
      SCOPED_TRACE(std::string(m.op) + " " + name(d));
      DType out = isFloating(d) ? d : DType::Float32;
      Rounder r{opmath(out)};
      Tensor x;
      if (isFloating(d)) {
        Doubles v = floatSpecials();
        Doubles rnd = randomDoubles(gen, 300, m.lo, m.hi);
        v.insert(v.end(), rnd.begin(), rnd.end());
        x = vecD(d, v);
      } else {
        Ints v = intSpecials(d);
        Ints rnd = randomInts(gen, d, 50);
        v.insert(v.end(), rnd.begin(), rnd.end());
        x = vecI(d, v);
      }
      Tensor res = runUnary(m.op, "", d, out, x);
      Doubles in = doublesOf(x), got = doublesOf(res);
      Ints inI = intsOf(x);
      for (size_t i = 0; i < in.size(); ++i) {
        double want = m.ref(toComputation(in[i], inI[i], d), r);
        if (out == DType::Float16 || out == DType::BFloat16)
          // Computed in float32, rounded once: within one ulp of the type.
          EXPECT_TRUE(closeFloat(got[i], want, out, 1.0,
                                 4 * ulpOf(DType::Float32, want)))
              << "x = " << in[i];
        else
          EXPECT_TRUE(closeFloat(got[i], want, out, m.ulps))
              << "x = " << in[i];
      }
    }
}

TEST_F(UnaryOpsTest, FloatMathSpecialValues) {
  auto run = [](const char *op, Doubles v) {
    return doublesOf(runUnary(op, "", DType::Float32, DType::Float32,
                              vecD(DType::Float32, v)));
  };
  Doubles r = run("rsqrt", {0.0, -0.0, -1.0, kInf});
  EXPECT_TRUE(sameFloat(r[0], kInf));
  EXPECT_TRUE(sameFloat(r[1], -kInf));
  EXPECT_TRUE(std::isnan(r[2]));
  EXPECT_TRUE(sameFloat(r[3], 0.0));
  r = run("reciprocal", {0.0, -0.0});
  EXPECT_TRUE(sameFloat(r[0], kInf));
  EXPECT_TRUE(sameFloat(r[1], -kInf));
  r = run("log", {-1.0, 0.0, -0.0});
  EXPECT_TRUE(std::isnan(r[0]));
  EXPECT_TRUE(sameFloat(r[1], -kInf));
  EXPECT_TRUE(sameFloat(r[2], -kInf));
  r = run("lgamma", {0.0, -0.0, -2.0, -2.5, 1.0});
  EXPECT_TRUE(sameFloat(r[0], kInf));
  EXPECT_TRUE(sameFloat(r[1], kInf));
  EXPECT_TRUE(sameFloat(r[2], kInf));
  EXPECT_NEAR(r[3], -0.0562437164, 1e-6);
  EXPECT_TRUE(sameFloat(r[4], 0.0));
  r = run("erfc", {-kInf, 10.0});
  EXPECT_EQ(r[0], 2.0);
  EXPECT_GT(r[1], 0.0);
  EXPECT_LT(r[1], 1e-38); // a float denormal
  r = run("sigmoid", {-kInf, kInf, kNaN, -200.0});
  EXPECT_TRUE(sameFloat(r[0], 0.0));
  EXPECT_EQ(r[1], 1.0);
  EXPECT_TRUE(std::isnan(r[2]));
  EXPECT_EQ(r[3], 0.0);
  r = run("logit", {0.0, 1.0, 0.5, 2.0});
  EXPECT_TRUE(sameFloat(r[0], -kInf));
  EXPECT_TRUE(sameFloat(r[1], kInf));
  EXPECT_TRUE(sameFloat(r[2], 0.0));
  EXPECT_TRUE(std::isnan(r[3]));
}

TEST_F(UnaryOpsTest, LogitWithEps) {
  for (DType d : kFloatTypes) {
    SCOPED_TRACE(name(d));
    DType t = opmath(d);
    Rounder r{t};
    double eps = 1e-3;
    Tensor x = vecD(d, {-1.0, 0.0, 1e-5, 0.2, 0.5, 0.9999, 1.0, 2.0, kNaN,
                        kInf, -kInf});
    Doubles in = doublesOf(x);
    Doubles got = doublesOf(runUnary("logit", "{eps = 1.0e-3 : f64}", d, d, x));
    double lo = r(eps), hi = r(1.0 - lo);
    for (size_t i = 0; i < in.size(); ++i) {
      double z = in[i] < lo ? lo : (in[i] > hi ? hi : in[i]);
      double want = r(std::log(r(z / r(1.0 - z))));
      if (d == DType::Float16 || d == DType::BFloat16)
        EXPECT_TRUE(closeFloat(got[i], want, d, 1.0, 4 * ulpOf(t, want)))
            << in[i];
      else
        EXPECT_TRUE(closeFloat(got[i], want, d, 2.0)) << in[i];
    }
  }
}

//===----------------------------------------------------------------------===//
// Activations (floating-point only)
//===----------------------------------------------------------------------===//

struct Activation {
  const char *op;
  const char *attrs;
  double ulps;
  double absPerX; // extra absolute tolerance, in eps * |x| (cancellation)
  std::function<double(double, const Rounder &)> ref;
};

const double kAlpha = 0.7071067811865476; // 1 / sqrt(2)
const double kBeta = 0.7978845608028654;  // sqrt(2 / pi)
const double kKappa = 0.044715;

const Activation kActivations[] = {
    {"gelu", "", 4, 2,
     [](double x, const Rounder &r) {
       double e = r(std::erf(r(x * r(kAlpha))));
       return r(r(x * 0.5) * r(1.0 + e));
     }},
    {"gelu", "approximate tanh", 8, 4,
     [](double x, const Rounder &r) {
       double cube = r(r(x * x) * x);
       double inner = r(r(kBeta) * r(x + r(r(kKappa) * cube)));
       return r(r(0.5 * x) * r(1.0 + r(std::tanh(inner))));
     }},
    {"silu", "", 4, 0,
     [](double x, const Rounder &r) {
       return r(x / r(1.0 + r(std::exp(-x))));
     }},
    {"mish", "", 4, 0,
     [](double x, const Rounder &r) {
       return r(x * r(std::tanh(r(std::log1p(r(std::exp(x)))))));
     }},
    {"hardsigmoid", "", 0, 0,
     [](double x, const Rounder &r) {
       if (std::isnan(x))
         return x;
       return r(std::min(std::max(r(x + 3.0), 0.0), 6.0) / 6.0);
     }},
    {"hardswish", "", 0, 0,
     [](double x, const Rounder &r) {
       if (std::isnan(x))
         return x;
       double c = std::min(std::max(r(x + 3.0), 0.0), 6.0);
       return r(r(x * c) / 6.0);
     }},
    {"softplus", "", 2, 0,
     [](double x, const Rounder &r) {
       // beta 1, threshold 20: x where x * beta > threshold.
       return x > 20.0 ? x : r(std::log1p(r(std::exp(x))));
     }},
    {"softplus", "{beta = 2.0 : f64, threshold = 5.0 : f64}", 2, 0,
     [](double x, const Rounder &r) {
       double xb = r(x * 2.0);
       return xb > 5.0 ? x : r(r(std::log1p(r(std::exp(xb)))) / 2.0);
     }},
    {"elu", "", 2, 0,
     [](double x, const Rounder &r) {
       return x < 0 ? r(std::expm1(x)) : x;
     }},
    {"elu", "{alpha = 2.0 : f64, scale = 1.5 : f64, input_scale = 0.5 : f64}",
     2, 0,
     [](double x, const Rounder &r) {
       // scale * alpha * expm1(input_scale * x) for x < 0, else scale * x.
       return x < 0 ? r(r(std::expm1(r(x * 0.5))) * 3.0) : r(x * 1.5);
     }},
    {"leaky_relu", "", 0, 0,
     [](double x, const Rounder &r) { return x > 0 ? x : r(x * r(0.01)); }},
    {"leaky_relu", "{negative_slope = 0.2 : f64}", 0, 0,
     [](double x, const Rounder &r) { return x > 0 ? x : r(x * r(0.2)); }},
};

TEST_F(UnaryOpsTest, Activations) {
  std::mt19937 gen(6);
  for (const Activation &a : kActivations)
    for (DType d : kFloatTypes) {
      SCOPED_TRACE(std::string(a.op) + " " + a.attrs + " " + name(d));
      DType t = opmath(d);
      Rounder r{t};
      Tensor x = vecD(d, floatInputs(gen, -8, 8));
      Doubles in = doublesOf(x), got = doublesOf(runUnary(a.op, a.attrs, d, d, x));
      for (size_t i = 0; i < in.size(); ++i) {
        double want = a.ref(in[i], r);
        double absTol = a.absPerX * ulpOf(t, 1.0) *
                        (std::isfinite(in[i]) ? std::fabs(in[i]) : 0.0);
        if (d == DType::Float16 || d == DType::BFloat16)
          EXPECT_TRUE(closeFloat(got[i], want, d, 1.0,
                                 4 * ulpOf(t, want) + absTol))
              << "x = " << in[i];
        else
          EXPECT_TRUE(closeFloat(got[i], want, d, a.ulps, absTol))
              << "x = " << in[i];
      }
    }
}

TEST_F(UnaryOpsTest, ActivationsRejectIntegers) {
  for (const char *op : {"gelu", "silu", "mish", "hardsigmoid", "hardswish",
                         "softplus", "elu", "leaky_relu"})
    EXPECT_THROW(registerFusion(groupSource(
                     {{"x", ty(DType::Int32, 1)}},
                     std::string("%r = fuser.") + op + " %x : (" +
                         ty(DType::Int32, 1) + ") -> " + ty(DType::Int32, 1),
                     ty(DType::Int32, 1))),
                 Error)
        << op;
}

TEST_F(UnaryOpsTest, Threshold) {
  std::mt19937 gen(7);
  // Floats: x <= threshold gives value (threshold/value rounded to the
  // computation type); NaN propagates.
  for (DType d : kFloatTypes) {
    SCOPED_TRACE(name(d));
    Rounder r{opmath(d)};
    Tensor x = vecD(d, floatInputs(gen, -1, 1));
    Doubles in = doublesOf(x);
    Doubles got = doublesOf(runUnary(
        "threshold", "{threshold = 0.1 : f64, value = 20.0 : f64}", d, d, x));
    for (size_t i = 0; i < in.size(); ++i) {
      double want = in[i] <= r(0.1) ? 20.0 : in[i];
      EXPECT_TRUE(sameFloat(got[i], roundTo(d, want))) << in[i];
    }
  }
  // Integers: threshold 2.5 truncates to 2 and value -1.5 to -1.
  for (DType d : kIntTypes) {
    SCOPED_TRACE(name(d));
    Tensor x = vecI(d, intInputs(gen, d));
    Ints in = intsOf(x);
    Ints got = intsOf(runUnary(
        "threshold", "{threshold = 2.5 : f64, value = -1.5 : f64}", d, d, x));
    for (size_t i = 0; i < in.size(); ++i)
      EXPECT_EQ(got[i], in[i] <= 2 ? wrapTo(d, -1) : in[i]) << in[i];
  }
}

//===----------------------------------------------------------------------===//
// Casts
//===----------------------------------------------------------------------===//

/// Tensor.to(dtype) of a stored value, written from the documented choices:
/// float -> integer truncates and saturates with NaN -> 0, except that
/// float -> uint8 goes through int64 and wraps; anything -> bool is
/// "non-zero"; integer -> integer wraps; f16/bf16 results round through
/// float32 (as c10::Half(float(x))).
struct CastRef {
  bool isInt;
  int64_t i;
  double f;
};

int64_t saturatingTrunc(double v, int64_t lo, int64_t hi) {
  if (std::isnan(v))
    return 0;
  double t = std::trunc(v);
  if (t <= static_cast<double>(lo))
    return lo;
  if (t >= static_cast<double>(hi))
    return hi;
  return static_cast<int64_t>(t);
}

CastRef castRef(DType from, double f, int64_t i, DType to) {
  bool fromFloat = isFloating(from);
  if (to == DType::Bool)
    return {true, fromFloat ? (f != 0) : (i != 0), 0};
  if (isFloating(to)) {
    double v = fromFloat ? f : static_cast<double>(i);
    if (!fromFloat && to != DType::Float64)
      v = static_cast<float>(i); // int -> float first
    if (to == DType::Float16 || to == DType::BFloat16)
      return {false, 0, roundTo(to, static_cast<float>(v))};
    return {false, 0, roundTo(to, v)};
  }
  if (!fromFloat)
    return {true, wrapTo(to, i), 0};
  if (to == DType::UInt8)
    return {true, wrapTo(to, saturatingTrunc(f, INT64_MIN, INT64_MAX)), 0};
  return {true, saturatingTrunc(f, minOf(to), maxOf(to)), 0};
}

TEST_F(CastTest, EveryPairOfDTypes) {
  std::mt19937 gen(8);
  for (DType from : kAllTypes)
    for (DType to : kAllTypes) {
      SCOPED_TRACE(name(from) + " -> " + name(to));
      Tensor x;
      if (isFloating(from)) {
        Doubles v = floatSpecials();
        for (double e : {300.7, -1.7, 3e9, -3e9, 1e19, -1e19, 255.5, 256.0,
                         -0.9, 65536.0 + 1, 16777217.0, 2147483647.0})
          v.push_back(e);
        Doubles rnd = randomDoubles(gen, 50, -1000, 1000);
        v.insert(v.end(), rnd.begin(), rnd.end());
        x = vecD(from, v);
      } else {
        Ints v = intSpecials(from);
        for (int64_t e : {16777217LL, 16842753LL, 2049LL, 65520LL, 300LL,
                          (1LL << 53) + 1})
          v.push_back(wrapTo(from, e));
        Ints rnd = randomInts(gen, from, 50);
        v.insert(v.end(), rnd.begin(), rnd.end());
        x = vecI(from, v);
      }
      std::string body = "%r = fuser.cast %x : " + ty(from, 1) + " to " +
                         ty(to, 1);
      std::vector<Tensor> r = runSource(
          groupSource({{"x", ty(from, 1)}}, body, ty(to, 1)), {x.view});
      ASSERT_EQ(r[0].view.dtype, to);
      Doubles inF = doublesOf(x), outF = doublesOf(r[0]);
      Ints inI = intsOf(x), outI = intsOf(r[0]);
      for (size_t i = 0; i < inF.size(); ++i) {
        CastRef want = castRef(from, inF[i], inI[i], to);
        if (want.isInt)
          EXPECT_EQ(outI[i], want.i) << "x = " << inF[i] << " / " << inI[i];
        else
          EXPECT_TRUE(sameFloat(outF[i], want.f))
              << "x = " << inF[i] << " / " << inI[i];
      }
    }
}

TEST_F(CastTest, DocumentedConversions) {
  Tensor x = vecD(DType::Float32, {kNaN, kInf, -kInf, 3e9, 300.7, -1.7, -0.0});
  auto to = [&](DType d) {
    return intsOf(runSource(
        groupSource({{"x", ty(DType::Float32, 1)}},
                    "%r = fuser.cast %x : " + ty(DType::Float32, 1) + " to " +
                        ty(d, 1),
                    ty(d, 1)),
        {x.view})[0]);
  };
  EXPECT_EQ(to(DType::Int32),
            (Ints{0, INT32_MAX, INT32_MIN, INT32_MAX, 300, -1, 0}));
  EXPECT_EQ(to(DType::Int64), (Ints{0, INT64_MAX, INT64_MIN, 3000000000LL, 300,
                                    -1, 0}));
  // uint8 goes through int64 and wraps: 300.7 -> 44, -1.7 -> 255.
  EXPECT_EQ(to(DType::UInt8), (Ints{0, 255, 0, 3000000000LL % 256, 44, 255, 0}));
  // bool: NaN and infinities are true, -0.0 false.
  EXPECT_EQ(to(DType::Bool), (Ints{1, 1, 1, 1, 1, 1, 0}));
  // An explicit cast to f16 rounds; type_as too.
  Tensor h = vecD(DType::Float32, {0.1, 70000.0});
  std::string src = groupSource(
      {{"x", ty(DType::Float32, 1)}, {"y", ty(DType::Float16, 1)}},
      "%r = fuser.type_as %x, %y : (" + ty(DType::Float32, 1) + ", " +
          ty(DType::Float16, 1) + ") -> " + ty(DType::Float16, 1),
      ty(DType::Float16, 1));
  Tensor y = vecD(DType::Float16, {0.0, 0.0});
  Doubles r = doublesOf(runSource(src, {h.view, y.view})[0]);
  EXPECT_EQ(r[0], 0.0999755859375);
  EXPECT_EQ(r[1], kInf);
}

TEST_F(CastTest, ExplicitCastRoundsInsideTheGroup) {
  // cast f32 -> f16 -> f32 inside a group rounds at the cast, although f16
  // values otherwise compute in float.
  std::string src = groupSource(
      {{"x", ty(DType::Float32, 1)}},
      "%h = fuser.cast %x : " + ty(DType::Float32, 1) + " to " +
          ty(DType::Float16, 1) + "\n  %r = fuser.cast %h : " +
          ty(DType::Float16, 1) + " to " + ty(DType::Float32, 1),
      ty(DType::Float32, 1));
  Tensor x = vecD(DType::Float32, {0.1, 1.0 + 1.0 / 4096, 65519.0, 65520.0});
  Doubles r = doublesOf(runSource(src, {x.view})[0]);
  EXPECT_EQ(r[0], 0.0999755859375);
  EXPECT_EQ(r[1], 1.0);
  EXPECT_EQ(r[2], 65504.0);
  EXPECT_EQ(r[3], kInf);
}

} // namespace
