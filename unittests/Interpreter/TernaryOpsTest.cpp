//===- TernaryOpsTest.cpp - where, lerp, addcmul and clamp ----------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "Harness.h"

using namespace fuser;
using namespace fuser::test;

namespace {

class WhereTest : public InterpreterOnly {};
class LerpTest : public InterpreterOnly {};
class AddcmulTest : public InterpreterOnly {};
class ClampTest : public InterpreterOnly {};

Doubles mixedFloats(std::mt19937 &gen, size_t n) {
  Doubles v = floatSpecials();
  Doubles r = randomDoubles(gen, n, -20, 20);
  v.insert(v.end(), r.begin(), r.end());
  return v;
}

/// `n` values cycling through `base` (to line up with another operand).
template <typename T>
std::vector<T> cycle(const std::vector<T> &base, size_t n, size_t shift = 0) {
  std::vector<T> out(n);
  for (size_t i = 0; i < n; ++i)
    out[i] = base[(i * 7 + shift) % base.size()];
  return out;
}

//===----------------------------------------------------------------------===//
// where
//===----------------------------------------------------------------------===//

TEST_F(WhereTest, TensorBranchesOfEveryDType) {
  std::mt19937 gen(20);
  for (DType d : kAllTypes) {
    SCOPED_TRACE(name(d));
    Tensor a, b;
    size_t n;
    if (isFloating(d)) {
      Doubles va = mixedFloats(gen, 50);
      n = va.size();
      a = vecD(d, va);
      b = vecD(d, cycle(va, n, 3));
    } else {
      Ints va = intSpecials(d);
      Ints r = randomInts(gen, d, 40);
      va.insert(va.end(), r.begin(), r.end());
      n = va.size();
      a = vecI(d, va);
      b = vecI(d, cycle(va, n, 5));
    }
    Ints cv(n);
    for (size_t i = 0; i < n; ++i)
      cv[i] = gen() & 1;
    Tensor c = vecI(DType::Bool, cv);
    std::string body = "%r = fuser.where %c, %a, %b : (" +
                       ty(DType::Bool, 1) + ", " + ty(d, 1) + ", " + ty(d, 1) +
                       ") -> " + ty(d, 1);
    std::vector<Tensor> r = runSource(
        groupSource({{"c", ty(DType::Bool, 1)}, {"a", ty(d, 1)}, {"b", ty(d, 1)}},
                    body, ty(d, 1)),
        {c.view, a.view, b.view});
    ASSERT_EQ(r[0].view.dtype, d);
    if (isFloating(d)) {
      Doubles va = doublesOf(a), vb = doublesOf(b), got = doublesOf(r[0]);
      for (size_t i = 0; i < n; ++i)
        EXPECT_TRUE(sameFloat(got[i], cv[i] ? va[i] : vb[i])) << i;
    } else {
      Ints va = intsOf(a), vb = intsOf(b), got = intsOf(r[0]);
      for (size_t i = 0; i < n; ++i)
        EXPECT_EQ(got[i], cv[i] ? va[i] : vb[i]) << i;
    }
  }
}

TEST_F(WhereTest, ScalarBranchesPromote) {
  Tensor c = vecI(DType::Bool, {1, 0, 1});
  auto run = [&](const std::string &aTy, const std::string &bTy, DType out,
                 std::vector<Argument> args, const std::string &consts = "") {
    std::vector<std::pair<std::string, std::string>> params = {
        {"c", ty(DType::Bool, 1)}};
    if (aTy.rfind("tensor", 0) == 0 || aTy == "f64")
      params.push_back({"a", aTy});
    if (bTy.rfind("tensor", 0) == 0 || bTy == "f64")
      params.push_back({"b", bTy});
    std::string body = consts + "%r = fuser.where %c, %a, %b : (" +
                       ty(DType::Bool, 1) + ", " + aTy + ", " + bTy + ") -> " +
                       ty(out, 1);
    args.insert(args.begin(), c.view);
    return runSource(groupSource(params, body, ty(out, 1)), args)[0];
  };
  // where(c, f16 T, 2.5) -> f16.
  Tensor h = vecD(DType::Float16, {1.0, 2.0, 3.0});
  Tensor r = run(ty(DType::Float16, 1), "f64", DType::Float16, {h.view, 0.1});
  EXPECT_EQ(r.view.dtype, DType::Float16);
  EXPECT_EQ(doublesOf(r), (Doubles{1.0, 0.0999755859375, 3.0}));
  // where(c, i32 T, float) -> f32.
  Tensor i = vecI(DType::Int32, {7, 8, 9});
  r = run(ty(DType::Int32, 1), "f64", DType::Float32, {i.view, 2.5});
  EXPECT_EQ(doublesOf(r), (Doubles{7.0, 2.5, 9.0}));
  // where(c, float, float) -> f32 (the default dtype).
  r = run("f64", "f64", DType::Float32, {0.1, -1.0});
  EXPECT_EQ(doublesOf(r), (Doubles{double(0.1f), -1.0, double(0.1f)}));
  // where(c, int, int) -> i64 and where(c, int, float) -> f32, constants.
  r = run("i64", "i64", DType::Int64, {},
          "%a = fuser.constant 1 : i64\n  %b = fuser.constant 5000000000 : "
          "i64\n  ");
  EXPECT_EQ(intsOf(r), (Ints{1, 5000000000LL, 1}));
  r = run("i64", "f64", DType::Float32, {2.5}, "%a = fuser.constant 3 : i64\n  ");
  EXPECT_EQ(doublesOf(r), (Doubles{3.0, 2.5, 3.0}));
  // where(c, True, False) -> bool.
  r = run("i1", "i1", DType::Bool, {},
          "%a = fuser.constant true\n  %b = fuser.constant false\n  ");
  EXPECT_EQ(intsOf(r), (Ints{1, 0, 1}));
}

TEST_F(WhereTest, Broadcasts) {
  // cond [2, 1], a [3], b 0-dim -> [2, 3].
  Tensor c = fromInts(DType::Bool, {2, 1}, {1, 0});
  Tensor a = vecD(DType::Float32, {1, 2, 3});
  Tensor b = fromDoubles(DType::Float32, {}, {-1});
  std::string body = "%r = fuser.where %c, %a, %b : (" + ty(DType::Bool, 2) +
                     ", " + ty(DType::Float32, 1) + ", " +
                     ty(DType::Float32, 0) + ") -> " + ty(DType::Float32, 2);
  Tensor r = runSource(groupSource({{"c", ty(DType::Bool, 2)},
                                    {"a", ty(DType::Float32, 1)},
                                    {"b", ty(DType::Float32, 0)}},
                                   body, ty(DType::Float32, 2)),
                       {c.view, a.view, b.view})[0];
  EXPECT_EQ(r.view.sizes, (Ints{2, 3}));
  EXPECT_EQ(doublesOf(r), (Doubles{1, 2, 3, -1, -1, -1}));
}

//===----------------------------------------------------------------------===//
// lerp
//===----------------------------------------------------------------------===//

/// torch.lerp as eager's CPU kernel computes it: one fused multiply-add in
/// the computation type, in the w or w - 1 form.
double lerpRef(double a, double b, double w, DType t) {
  if (t == DType::Float32) {
    float fa = float(a), fb = float(b), fw = float(w);
    float diff = fb - fa;
    return std::fabs(fw) < 0.5f ? std::fmaf(fw, diff, fa)
                                : std::fmaf(fw - 1.0f, diff, fb);
  }
  double diff = b - a;
  return std::fabs(w) < 0.5 ? std::fma(w, diff, a) : std::fma(w - 1.0, diff, b);
}

TEST_F(LerpTest, TensorAndScalarWeights) {
  std::mt19937 gen(21);
  for (DType d : kFloatTypes) {
    SCOPED_TRACE(name(d));
    DType t = opmath(d);
    Doubles va = mixedFloats(gen, 200);
    size_t n = va.size();
    Tensor a = vecD(d, va);
    Tensor b = vecD(d, cycle(va, n, 11));
    Doubles wv = randomDoubles(gen, n, -1.5, 1.5);
    wv[0] = 0.5, wv[1] = -0.5, wv[2] = 1.0, wv[3] = 0.0, wv[4] = kNaN;
    Tensor w = vecD(d, wv);
    std::string tt = ty(d, 1);
    std::string body = "%r = fuser.lerp %a, %b, %w : (" + tt + ", " + tt +
                       ", " + tt + ") -> " + tt;
    Tensor r = runSource(groupSource({{"a", tt}, {"b", tt}, {"w", tt}}, body, tt),
                         {a.view, b.view, w.view})[0];
    Doubles A = doublesOf(a), B = doublesOf(b), W = doublesOf(w),
            got = doublesOf(r);
    for (size_t i = 0; i < n; ++i)
      EXPECT_TRUE(sameFloat(got[i], roundTo(d, lerpRef(A[i], B[i], W[i], t))))
          << A[i] << " " << B[i] << " " << W[i];
    // A scalar weight (converted to the computation type, not to d).
    std::string sbody = "%r = fuser.lerp %a, %b, %w : (" + tt + ", " + tt +
                        ", f64) -> " + tt;
    for (double sw : {0.3, 0.75, 1.0, -0.2}) {
      Tensor rs = runSource(
          groupSource({{"a", tt}, {"b", tt}, {"w", "f64"}}, sbody, tt),
          {a.view, b.view, sw})[0];
      Doubles gs = doublesOf(rs);
      double wt = roundTo(t, sw);
      for (size_t i = 0; i < n; ++i)
        EXPECT_TRUE(sameFloat(gs[i], roundTo(d, lerpRef(A[i], B[i], wt, t))))
            << A[i] << " " << B[i] << " w=" << sw;
    }
  }
  // lerp(a, b, 1) == b exactly, the point of the two-branch form.
  Tensor a = vecD(DType::Float32, {0.1, -3.0, 1e30});
  Tensor b = vecD(DType::Float32, {0.7, 5.0, -1e-30});
  std::string tt = ty(DType::Float32, 1);
  Tensor r = runSource(
      groupSource({{"a", tt}, {"b", tt}, {"w", "f64"}},
                  "%r = fuser.lerp %a, %b, %w : (" + tt + ", " + tt +
                      ", f64) -> " + tt,
                  tt),
      {a.view, b.view, 1.0})[0];
  EXPECT_EQ(doublesOf(r), doublesOf(b));
}

TEST_F(LerpTest, RejectsIntegers) {
  std::string tt = ty(DType::Int32, 1);
  EXPECT_THROW(registerFusion(groupSource(
                   {{"a", tt}, {"b", tt}, {"w", "f64"}},
                   "%r = fuser.lerp %a, %b, %w : (" + tt + ", " + tt +
                       ", f64) -> " + tt,
                   tt)),
               Error);
}

//===----------------------------------------------------------------------===//
// addcmul
//===----------------------------------------------------------------------===//

TEST_F(AddcmulTest, FloatsAndIntegers) {
  std::mt19937 gen(22);
  for (DType d : numberTypes()) {
    for (const char *attrs : {"", "{value = 0.5 : f64}", "{value = -3 : i64}"}) {
      if (!isFloating(d) && std::string(attrs).find("0.5") != std::string::npos)
        continue; // a float value needs a float result
      SCOPED_TRACE(name(d) + " " + attrs);
      std::string tt = ty(d, 1);
      std::string body = std::string("%r = fuser.addcmul %x, %y, %z ") + attrs +
                         " : (" + tt + ", " + tt + ", " + tt + ") -> " + tt;
      std::string src = groupSource({{"x", tt}, {"y", tt}, {"z", tt}}, body, tt);
      double value = std::string(attrs).empty()                      ? 1.0
                     : std::string(attrs).find("0.5") != std::string::npos ? 0.5
                                                                    : -3.0;
      if (isFloating(d)) {
        Doubles vx = mixedFloats(gen, 150);
        size_t n = vx.size();
        Tensor x = vecD(d, vx), y = vecD(d, cycle(vx, n, 3)),
               z = vecD(d, cycle(vx, n, 8));
        Doubles X = doublesOf(x), Y = doublesOf(y), Z = doublesOf(z);
        Doubles got = doublesOf(runSource(src, {x.view, y.view, z.view})[0]);
        for (size_t i = 0; i < n; ++i) {
          // fma(value * t1, t2, self) in the computation type.
          double want;
          if (opmath(d) == DType::Float32) {
            float v = std::string(attrs).empty() ? float(Y[i])
                                                 : float(value) * float(Y[i]);
            want = std::fmaf(v, float(Z[i]), float(X[i]));
          } else {
            double v = std::string(attrs).empty() ? Y[i] : value * Y[i];
            want = std::fma(v, Z[i], X[i]);
          }
          EXPECT_TRUE(sameFloat(got[i], roundTo(d, want)))
              << X[i] << " " << Y[i] << " " << Z[i];
        }
      } else {
        Ints vx = intSpecials(d);
        Ints rnd = randomInts(gen, d, 60);
        vx.insert(vx.end(), rnd.begin(), rnd.end());
        size_t n = vx.size();
        Tensor x = vecI(d, vx), y = vecI(d, cycle(vx, n, 2)),
               z = vecI(d, cycle(vx, n, 9));
        Ints X = intsOf(x), Y = intsOf(y), Z = intsOf(z);
        Ints got = intsOf(runSource(src, {x.view, y.view, z.view})[0]);
        int64_t v = static_cast<int64_t>(value);
        for (size_t i = 0; i < n; ++i) {
          uint64_t prod = uint64_t(v) * uint64_t(Y[i]) * uint64_t(Z[i]);
          EXPECT_EQ(got[i], wrapTo(d, int64_t(uint64_t(X[i]) + prod)))
              << X[i] << " " << Y[i] << " " << Z[i];
        }
      }
    }
  }
}

//===----------------------------------------------------------------------===//
// clamp
//===----------------------------------------------------------------------===//

double clampRef(double x, std::optional<double> lo, std::optional<double> hi) {
  if (std::isnan(x))
    return x;
  if ((lo && std::isnan(*lo)) || (hi && std::isnan(*hi)))
    return kNaN;
  if (lo)
    x = std::max(x, *lo);
  if (hi)
    x = std::min(x, *hi);
  return x;
}

Tensor runClamp(DType d, const Tensor &x, std::optional<double> lo,
                std::optional<double> hi, std::optional<DType> out = {}) {
  std::string tt = ty(d, 1), rt = ty(out ? *out : d, 1);
  std::vector<std::pair<std::string, std::string>> params = {{"x", tt}};
  std::vector<Argument> args = {x.view};
  std::string ops = "%r = fuser.clamp %x";
  std::string types = tt;
  if (lo) {
    params.push_back({"lo", "f64"});
    args.push_back(*lo);
    ops += " min %lo";
    types += ", f64";
  }
  if (hi) {
    params.push_back({"hi", "f64"});
    args.push_back(*hi);
    ops += " max %hi";
    types += ", f64";
  }
  return runSource(groupSource(params, ops + " : (" + types + ") -> " + rt, rt),
                   args)[0];
}

TEST_F(ClampTest, ScalarBoundsOnFloats) {
  std::mt19937 gen(23);
  const std::pair<std::optional<double>, std::optional<double>> bounds[] = {
      {-1.5, 2.25}, {0.0, std::nullopt}, {std::nullopt, -0.5},
      {3.0, -3.0}, // min > max: everything becomes max
      {kNaN, 1.0}, {-1.0, kNaN}, {kNaN, std::nullopt}, {std::nullopt, kNaN},
      {-kInf, kInf}, {0.1, 0.2}};
  for (DType d : kFloatTypes)
    for (const auto &[lo, hi] : bounds) {
      SCOPED_TRACE(name(d) + " min " + (lo ? std::to_string(*lo) : "-") +
                   " max " + (hi ? std::to_string(*hi) : "-"));
      DType t = opmath(d);
      Tensor x = vecD(d, mixedFloats(gen, 100));
      Doubles in = doublesOf(x), got = doublesOf(runClamp(d, x, lo, hi));
      std::optional<double> lt, ht;
      if (lo)
        lt = roundTo(t, *lo);
      if (hi)
        ht = roundTo(t, *hi);
      for (size_t i = 0; i < in.size(); ++i) {
        double want = roundTo(d, clampRef(in[i], lt, ht));
        if (want == 0 && got[i] == 0)
          continue; // the sign of a zero bound vs a zero input is not pinned
        EXPECT_TRUE(sameFloat(got[i], want)) << in[i];
      }
    }
}

TEST_F(ClampTest, IntegersWithIntegerAndFloatBounds) {
  std::mt19937 gen(24);
  for (DType d : kIntTypes) {
    SCOPED_TRACE(name(d));
    Ints v = intSpecials(d);
    Ints rnd = randomInts(gen, d, 60);
    v.insert(v.end(), rnd.begin(), rnd.end());
    Tensor x = vecI(d, v);
    std::string tt = ty(d, 1);
    // Integer constants keep the integer dtype.
    int64_t lo = d == DType::UInt8 ? 5 : -5;
    std::string src = groupSource(
        {{"x", tt}},
        "%lo = fuser.constant " + std::to_string(lo) +
            " : i64\n  %hi = fuser.constant 100 : i64\n"
            "  %r = fuser.clamp %x min %lo max %hi : (" + tt +
            ", i64, i64) -> " + tt,
        tt);
    Ints in = intsOf(x), got = intsOf(runSource(src, {x.view})[0]);
    for (size_t i = 0; i < in.size(); ++i)
      EXPECT_EQ(got[i], std::min<int64_t>(std::max<int64_t>(in[i], lo), 100))
          << in[i];
    // A float bound promotes to float32.
    Tensor r = runClamp(d, x, std::nullopt, 2.5, DType::Float32);
    ASSERT_EQ(r.view.dtype, DType::Float32);
    Doubles gf = doublesOf(r);
    for (size_t i = 0; i < in.size(); ++i)
      EXPECT_EQ(gf[i], std::min<double>(static_cast<float>(in[i]), 2.5));
  }
}

TEST_F(ClampTest, TensorBounds) {
  std::string tt = ty(DType::Float32, 1);
  Tensor x = vecD(DType::Float32, {0.0, 5.0, -5.0, kNaN, 1.0, 2.0});
  Tensor lo = vecD(DType::Float32, {1.0, 1.0, kNaN, 0.0, 3.0, -1.0});
  Tensor hi = vecD(DType::Float32, {2.0, 2.0, 2.0, 1.0, 0.0, kNaN});
  Tensor r = runSource(
      groupSource({{"x", tt}, {"lo", tt}, {"hi", tt}},
                  "%r = fuser.clamp %x min %lo max %hi : (" + tt + ", " + tt +
                      ", " + tt + ") -> " + tt,
                  tt),
      {x.view, lo.view, hi.view})[0];
  Doubles got = doublesOf(r);
  EXPECT_EQ(got[0], 1.0);
  EXPECT_EQ(got[1], 2.0);
  EXPECT_TRUE(std::isnan(got[2])); // NaN bound
  EXPECT_TRUE(std::isnan(got[3])); // NaN input
  EXPECT_EQ(got[4], 0.0);          // min > max
  EXPECT_TRUE(std::isnan(got[5]));
  // A 0-dim f64 bound on an f32 tensor keeps f32 (and broadcasts).
  Tensor z = fromDoubles(DType::Float64, {}, {0.5});
  Tensor r2 = runSource(
      groupSource({{"x", tt}, {"lo", ty(DType::Float64, 0)}},
                  "%r = fuser.clamp %x min %lo : (" + tt + ", " +
                      ty(DType::Float64, 0) + ") -> " + tt,
                  tt),
      {x.view, z.view})[0];
  EXPECT_EQ(r2.view.dtype, DType::Float32);
  Doubles g2 = doublesOf(r2);
  EXPECT_EQ(g2[0], 0.5);
  EXPECT_EQ(g2[1], 5.0);
  EXPECT_TRUE(std::isnan(g2[3]));
}

} // namespace
