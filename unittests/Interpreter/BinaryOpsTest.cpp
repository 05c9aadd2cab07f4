//===- BinaryOpsTest.cpp - Two-operand ops against double/int64 references ===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Arithmetic, comparison, logical and bitwise ops for every dtype they
// accept, on all pairs of special values plus random pairs, against
// references written from PyTorch's eager semantics: floats compute in their
// computation type (float32 for f16/bf16) and round once on store, integers
// wrap, integer division by zero gives 0 (the documented choice of a kernel
// that cannot raise). Then type promotion at run time.
//
//===----------------------------------------------------------------------===//

#include "Harness.h"

#include <functional>
#include <optional>

using namespace fuser;
using namespace fuser::test;

namespace {

class BinaryOpsTest : public InterpreterOnly {};
std::string f32_1() { return ty(DType::Float32, 1); }
class CompareOpsTest : public InterpreterOnly {};
class LogicalOpsTest : public InterpreterOnly {};
class BitwiseOpsTest : public InterpreterOnly {};
class PromotionTest : public InterpreterOnly {};

/// All pairs of `specials`, then `extra` random pairs.
template <typename T>
void pairsOf(const std::vector<T> &specials, const std::vector<T> &randA,
             const std::vector<T> &randB, std::vector<T> &a,
             std::vector<T> &b) {
  for (const T &x : specials)
    for (const T &y : specials) {
      a.push_back(x);
      b.push_back(y);
    }
  a.insert(a.end(), randA.begin(), randA.end());
  b.insert(b.end(), randB.begin(), randB.end());
}

std::pair<Tensor, Tensor> floatPairs(DType d, std::mt19937 &gen) {
  Doubles a, b;
  pairsOf(floatSpecials(), randomDoubles(gen, 400, -50, 50),
          randomDoubles(gen, 400, -50, 50), a, b);
  return {vecD(d, a), vecD(d, b)};
}

std::pair<Tensor, Tensor> intPairs(DType d, std::mt19937 &gen) {
  Ints a, b;
  pairsOf(intSpecials(d), randomInts(gen, d, 400), randomInts(gen, d, 400), a,
          b);
  return {vecI(d, a), vecI(d, b)};
}

Tensor runBinary(const std::string &op, const std::string &attrs, DType da,
                 DType db, DType out, const Tensor &a, const Tensor &b) {
  std::string body = "%r = fuser." + op + " %a, %b" +
                     (attrs.empty() ? "" : " " + attrs) + " : (" +
                     ty(da, 1) + ", " + ty(db, 1) + ") -> " + ty(out, 1);
  std::vector<Tensor> r = runSource(
      groupSource({{"a", ty(da, 1)}, {"b", ty(db, 1)}}, body, ty(out, 1)),
      {a.view, b.view});
  EXPECT_EQ(r[0].view.dtype, out);
  return r[0];
}

//===----------------------------------------------------------------------===//
// Integer references (computed in int64 / uint64, then wrapped)
//===----------------------------------------------------------------------===//

int64_t iAdd(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) + uint64_t(b));
}
int64_t iSub(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) - uint64_t(b));
}
int64_t iMul(int64_t a, int64_t b) {
  return static_cast<int64_t>(static_cast<uint64_t>(a) * uint64_t(b));
}

/// Truncating division; by zero gives 0; MIN / -1 wraps.
int64_t iDivTrunc(int64_t a, int64_t b, DType d) {
  if (b == 0)
    return 0;
  if (b == -1)
    return wrapTo(d, iSub(0, a));
  return wrapTo(d, a / b);
}

/// Python floor division.
int64_t iDivFloor(int64_t a, int64_t b, DType d) {
  if (b == 0)
    return 0;
  if (b == -1)
    return wrapTo(d, iSub(0, a));
  int64_t q = a / b;
  if ((a % b != 0) && ((a < 0) != (b < 0)))
    --q;
  return wrapTo(d, q);
}

/// C remainder (sign of the dividend); by zero gives 0.
int64_t iFmod(int64_t a, int64_t b) {
  if (b == 0 || b == -1)
    return 0;
  return a % b;
}

/// Python modulo (sign of the divisor); by zero gives 0.
int64_t iRemainder(int64_t a, int64_t b, DType d) {
  if (b == 0 || b == -1)
    return 0;
  int64_t m = a % b;
  if (m != 0 && ((m < 0) != (b < 0)))
    m += b;
  return wrapTo(d, m);
}

/// Integer power, left-to-right binary method modulo 2^64; negative
/// exponents give 0 except for bases 1 and -1.
int64_t iPow(int64_t a, int64_t b, DType d) {
  if (b < 0) {
    if (a == 1)
      return 1;
    if (a == -1)
      return (b % 2) ? -1 : 1;
    return 0;
  }
  uint64_t e = static_cast<uint64_t>(b), result = 1, base = uint64_t(a);
  for (int bit = 63; bit >= 0; --bit) {
    result *= result;
    if ((e >> bit) & 1)
      result *= base;
  }
  return wrapTo(d, static_cast<int64_t>(result));
}

//===----------------------------------------------------------------------===//
// Float references (in the computation type t, result rounded to d)
//===----------------------------------------------------------------------===//

struct R {
  DType t;
  double operator()(double v) const { return roundTo(t, v); }
};

double fDivFloor(double a, double b, const R &r) {
  if (b == 0)
    return r(a / b);
  double mod = std::fmod(a, b); // exact
  double div = r(r(a - mod) / b);
  if (mod != 0 && ((b < 0) != (mod < 0)))
    div = r(div - 1);
  if (div != 0) {
    double fl = std::floor(div);
    if (r(div - fl) > 0.5)
      fl = r(fl + 1);
    return fl;
  }
  return std::copysign(0.0, r(a / b));
}

double fRemainder(double a, double b, const R &r) {
  double m = std::fmod(a, b);
  if (m != 0 && ((b < 0) != (m < 0)))
    m = r(m + b);
  return m;
}

struct BinaryCase {
  const char *op;
  const char *attrs;
  bool acceptsBool;
  bool toFloat; // true division style: integer inputs give float32
  /// Float reference in computation type; nullopt ulps = exact.
  std::function<double(double, double, const R &)> onFloat;
  std::optional<double> ulps;
  std::function<int64_t(int64_t, int64_t, DType)> onInt;
  std::function<int64_t(int64_t, int64_t)> onBool;
  bool zeroSignMatters = true;
};

const BinaryCase kBinary[] = {
    {"add", "", true, false,
     [](double a, double b, const R &r) { return r(a + b); }, std::nullopt,
     [](int64_t a, int64_t b, DType d) { return wrapTo(d, iAdd(a, b)); },
     [](int64_t a, int64_t b) -> int64_t { return a || b; }},
    {"add", "{alpha = 2 : i64}", false, false,
     [](double a, double b, const R &r) { return r(a + r(2 * b)); },
     std::nullopt,
     [](int64_t a, int64_t b, DType d) {
       return wrapTo(d, iAdd(a, iMul(2, b)));
     },
     nullptr},
    {"sub", "", false, false,
     [](double a, double b, const R &r) { return r(a - b); }, std::nullopt,
     [](int64_t a, int64_t b, DType d) { return wrapTo(d, iSub(a, b)); },
     nullptr},
    {"sub", "{alpha = -3 : i64}", false, false,
     [](double a, double b, const R &r) { return r(a - r(-3 * b)); },
     std::nullopt,
     [](int64_t a, int64_t b, DType d) {
       return wrapTo(d, iSub(a, iMul(-3, b)));
     },
     nullptr},
    {"mul", "", true, false,
     [](double a, double b, const R &r) { return r(a * b); }, std::nullopt,
     [](int64_t a, int64_t b, DType d) { return wrapTo(d, iMul(a, b)); },
     [](int64_t a, int64_t b) -> int64_t { return a && b; }},
    {"div", "", true, true,
     [](double a, double b, const R &r) { return r(a / b); }, std::nullopt,
     nullptr, nullptr},
    {"div", "rounding_mode trunc", false, false,
     [](double a, double b, const R &r) { return std::trunc(r(a / b)); },
     std::nullopt, iDivTrunc, nullptr},
    {"div", "rounding_mode floor", false, false, fDivFloor, std::nullopt,
     iDivFloor, nullptr},
    {"fmod", "", false, false,
     [](double a, double b, const R &) { return std::fmod(a, b); },
     std::nullopt,
     [](int64_t a, int64_t b, DType d) { return wrapTo(d, iFmod(a, b)); },
     nullptr},
    {"remainder", "", false, false, fRemainder, std::nullopt, iRemainder,
     nullptr},
    {"pow", "", false, false,
     [](double a, double b, const R &r) { return r(std::pow(a, b)); }, 2.0,
     iPow, nullptr},
    {"atan2", "", true, true,
     [](double a, double b, const R &r) { return r(std::atan2(a, b)); }, 2.0,
     nullptr, nullptr},
    // maximum / minimum: NaN propagates. The sign of equal zeros is not
    // checked (eager's scalar and SIMD paths disagree on it).
    {"max", "", true, false,
     [](double a, double b, const R &) {
       return std::isnan(a) || std::isnan(b) ? kNaN : std::max(a, b);
     },
     std::nullopt,
     [](int64_t a, int64_t b, DType) { return std::max(a, b); },
     [](int64_t a, int64_t b) -> int64_t { return a || b; }, false},
    {"min", "", true, false,
     [](double a, double b, const R &) {
       return std::isnan(a) || std::isnan(b) ? kNaN : std::min(a, b);
     },
     std::nullopt,
     [](int64_t a, int64_t b, DType) { return std::min(a, b); },
     [](int64_t a, int64_t b) -> int64_t { return a && b; }, false},
};

TEST_F(BinaryOpsTest, ArithmeticOnFloats) {
  std::mt19937 gen(10);
  for (const BinaryCase &c : kBinary)
    for (DType d : kFloatTypes) {
      SCOPED_TRACE(std::string(c.op) + " " + c.attrs + " " + name(d));
      R r{opmath(d)};
      auto [a, b] = floatPairs(d, gen);
      Doubles va = doublesOf(a), vb = doublesOf(b);
      Doubles got = doublesOf(runBinary(c.op, c.attrs, d, d, d, a, b));
      for (size_t i = 0; i < va.size(); ++i) {
        double want = c.onFloat(va[i], vb[i], r);
        if (c.ulps) {
          if (d == DType::Float16 || d == DType::BFloat16)
            EXPECT_TRUE(closeFloat(got[i], want, d, 1.0,
                                   4 * ulpOf(DType::Float32, want)))
                << va[i] << ", " << vb[i];
          else
            EXPECT_TRUE(closeFloat(got[i], want, d, *c.ulps))
                << va[i] << ", " << vb[i];
          continue;
        }
        want = roundTo(d, want); // rounded once on store
        if (!c.zeroSignMatters && want == 0 && got[i] == 0)
          continue;
        EXPECT_TRUE(sameFloat(got[i], want)) << va[i] << ", " << vb[i];
      }
    }
}

TEST_F(BinaryOpsTest, ArithmeticOnIntegers) {
  std::mt19937 gen(11);
  for (const BinaryCase &c : kBinary)
    for (DType d : kIntTypes) {
      SCOPED_TRACE(std::string(c.op) + " " + c.attrs + " " + name(d));
      auto [a, b] = intPairs(d, gen);
      Ints va = intsOf(a), vb = intsOf(b);
      if (c.toFloat) {
        // Integer operands convert to float32 and divide there.
        Doubles got = doublesOf(
            runBinary(c.op, c.attrs, d, d, DType::Float32, a, b));
        R r{DType::Float32};
        for (size_t i = 0; i < va.size(); ++i) {
          double fa = static_cast<float>(va[i]), fb = static_cast<float>(vb[i]);
          double want = c.onFloat(fa, fb, r);
          if (c.ulps)
            EXPECT_TRUE(closeFloat(got[i], want, DType::Float32, *c.ulps))
                << va[i] << ", " << vb[i];
          else
            EXPECT_TRUE(sameFloat(got[i], want)) << va[i] << ", " << vb[i];
        }
        continue;
      }
      Ints got = intsOf(runBinary(c.op, c.attrs, d, d, d, a, b));
      for (size_t i = 0; i < va.size(); ++i)
        EXPECT_EQ(got[i], c.onInt(va[i], vb[i], d)) << va[i] << ", " << vb[i];
    }
}

TEST_F(BinaryOpsTest, ArithmeticOnBool) {
  Tensor a = vecI(DType::Bool, {0, 0, 1, 1}), b = vecI(DType::Bool, {0, 1, 0, 1});
  for (const BinaryCase &c : kBinary) {
    if (!c.acceptsBool && std::string(c.attrs).rfind("{alpha", 0) == 0)
      continue;
    if (!c.acceptsBool) {
      // Rejected when the group is registered.
      std::string body = std::string("%r = fuser.") + c.op + " %a, %b " +
                         c.attrs + " : (" + ty(DType::Bool, 1) + ", " +
                         ty(DType::Bool, 1) + ") -> " + ty(DType::Bool, 1);
      EXPECT_THROW(registerFusion(groupSource({{"a", ty(DType::Bool, 1)},
                                               {"b", ty(DType::Bool, 1)}},
                                              body, ty(DType::Bool, 1))),
                   Error)
          << c.op << " " << c.attrs;
      continue;
    }
    SCOPED_TRACE(c.op);
    if (c.toFloat) {
      Doubles got = doublesOf(runBinary(c.op, c.attrs, DType::Bool, DType::Bool,
                                        DType::Float32, a, b));
      R r{DType::Float32};
      Ints va = intsOf(a), vb = intsOf(b);
      for (size_t i = 0; i < 4; ++i) {
        double want = c.onFloat(double(va[i]), double(vb[i]), r);
        if (c.ulps)
          EXPECT_TRUE(closeFloat(got[i], want, DType::Float32, *c.ulps));
        else
          EXPECT_TRUE(sameFloat(got[i], want)) << i;
      }
      continue;
    }
    Ints got = intsOf(
        runBinary(c.op, c.attrs, DType::Bool, DType::Bool, DType::Bool, a, b));
    Ints va = intsOf(a), vb = intsOf(b);
    for (size_t i = 0; i < 4; ++i)
      EXPECT_EQ(got[i], c.onBool(va[i], vb[i])) << i;
  }
}

TEST_F(BinaryOpsTest, SpotValues) {
  // Research notes, section 9: remainder keeps the dividend's zero sign,
  // floor division of zeros keeps the quotient's sign.
  Tensor a = vecD(DType::Float32, {-4.0, -0.0, 1.0, -1.0, 1.0, -1.0, 0.0, 5.0});
  Tensor b = vecD(DType::Float32, {2.0, 3.0, -3.0, 3.0, 0.0, 0.0, 0.0, -3.0});
  Doubles rem = doublesOf(runBinary("remainder", "", DType::Float32,
                                    DType::Float32, DType::Float32, a, b));
  EXPECT_TRUE(sameFloat(rem[0], -0.0));
  EXPECT_TRUE(std::isnan(rem[4]));
  EXPECT_TRUE(sameFloat(rem[7], -1.0));
  Doubles fl = doublesOf(runBinary("div", "rounding_mode floor", DType::Float32,
                                   DType::Float32, DType::Float32, a, b));
  EXPECT_TRUE(sameFloat(fl[1], -0.0));
  EXPECT_TRUE(sameFloat(fl[2], -1.0));
  EXPECT_TRUE(sameFloat(fl[3], -1.0));
  EXPECT_TRUE(sameFloat(fl[4], kInf));
  EXPECT_TRUE(sameFloat(fl[5], -kInf));
  EXPECT_TRUE(std::isnan(fl[6]));
  // Integer corner cases.
  Tensor ia = vecI(DType::Int32, {INT32_MIN, 7, -7, 7, 5, 3, 2});
  Tensor ib = vecI(DType::Int32, {-1, -2, 2, 0, 0, -1, 31});
  Ints q = intsOf(runBinary("div", "rounding_mode floor", DType::Int32,
                            DType::Int32, DType::Int32, ia, ib));
  EXPECT_EQ(q, (Ints{INT32_MIN, -4, -4, 0, 0, -3, 0}));
  Ints p = intsOf(runBinary("pow", "", DType::Int32, DType::Int32, DType::Int32,
                            vecI(DType::Int32, {2, 2, 65536, -1, 1, 3, 0}),
                            vecI(DType::Int32, {31, 32, 2, -3, -5, -1, 0})));
  EXPECT_EQ(p, (Ints{INT32_MIN, 0, 0, -1, 1, 0, 1}));
  Ints m = intsOf(runBinary("remainder", "", DType::Int32, DType::Int32,
                            DType::Int32, vecI(DType::Int32, {-7, 7, -7, 5}),
                            vecI(DType::Int32, {3, -3, -3, 0})));
  EXPECT_EQ(m, (Ints{2, -2, -1, 0}));
}

//===----------------------------------------------------------------------===//
// Comparisons, logical and bitwise ops
//===----------------------------------------------------------------------===//

struct CompareCase {
  const char *op;
  std::function<bool(double, double)> f;
};
const CompareCase kCompare[] = {
    {"eq", [](double a, double b) { return a == b; }},
    {"ne", [](double a, double b) { return a != b; }},
    {"lt", [](double a, double b) { return a < b; }},
    {"le", [](double a, double b) { return a <= b; }},
    {"gt", [](double a, double b) { return a > b; }},
    {"ge", [](double a, double b) { return a >= b; }},
};

TEST_F(CompareOpsTest, EveryDType) {
  std::mt19937 gen(12);
  for (const CompareCase &c : kCompare)
    for (DType d : kAllTypes) {
      SCOPED_TRACE(std::string(c.op) + " " + name(d));
      Tensor a, b;
      if (isFloating(d)) {
        std::tie(a, b) = floatPairs(d, gen);
      } else if (d == DType::Bool) {
        a = vecI(d, {0, 0, 1, 1});
        b = vecI(d, {0, 1, 0, 1});
      } else {
        std::tie(a, b) = intPairs(d, gen);
      }
      Ints got = intsOf(runBinary(c.op, "", d, d, DType::Bool, a, b));
      if (isFloating(d)) {
        Doubles va = doublesOf(a), vb = doublesOf(b);
        for (size_t i = 0; i < va.size(); ++i)
          EXPECT_EQ(got[i], c.f(va[i], vb[i])) << va[i] << ", " << vb[i];
      } else {
        Ints va = intsOf(a), vb = intsOf(b);
        for (size_t i = 0; i < va.size(); ++i) {
          bool want = std::string(c.op) == "eq"   ? va[i] == vb[i]
                      : std::string(c.op) == "ne" ? va[i] != vb[i]
                      : std::string(c.op) == "lt" ? va[i] < vb[i]
                      : std::string(c.op) == "le" ? va[i] <= vb[i]
                      : std::string(c.op) == "gt" ? va[i] > vb[i]
                                                  : va[i] >= vb[i];
          EXPECT_EQ(got[i], want) << va[i] << ", " << vb[i];
        }
      }
    }
}

TEST_F(LogicalOpsTest, NonZeroSemantics) {
  std::mt19937 gen(13);
  const std::pair<const char *, std::function<bool(bool, bool)>> ops[] = {
      {"logical_and", [](bool a, bool b) { return a && b; }},
      {"logical_or", [](bool a, bool b) { return a || b; }},
      {"logical_xor", [](bool a, bool b) { return a != b; }},
  };
  for (const auto &[op, f] : ops)
    for (DType d : kAllTypes) {
      SCOPED_TRACE(std::string(op) + " " + name(d));
      Tensor a, b;
      if (isFloating(d))
        std::tie(a, b) = floatPairs(d, gen);
      else
        std::tie(a, b) = intPairs(d, gen);
      Doubles va = doublesOf(a), vb = doublesOf(b);
      Ints got = intsOf(runBinary(op, "", d, d, DType::Bool, a, b));
      for (size_t i = 0; i < va.size(); ++i) // NaN != 0 is true
        EXPECT_EQ(got[i], f(va[i] != 0, vb[i] != 0)) << va[i] << ", " << vb[i];
    }
  // Mixed dtypes: f32 NaN with an i32 1 is true; -0.0 with 5 is false.
  Ints r = intsOf(runBinary("logical_and", "", DType::Float32, DType::Int32,
                            DType::Bool, vecD(DType::Float32, {kNaN, -0.0}),
                            vecI(DType::Int32, {1, 5})));
  EXPECT_EQ(r, (Ints{1, 0}));
}

TEST_F(BitwiseOpsTest, IntegersAndBool) {
  std::mt19937 gen(14);
  const std::pair<const char *, std::function<int64_t(int64_t, int64_t)>>
      ops[] = {{"bitwise_and", [](int64_t a, int64_t b) { return a & b; }},
               {"bitwise_or", [](int64_t a, int64_t b) { return a | b; }},
               {"bitwise_xor", [](int64_t a, int64_t b) { return a ^ b; }}};
  for (const auto &[op, f] : ops) {
    for (DType d : kIntTypes) {
      SCOPED_TRACE(std::string(op) + " " + name(d));
      auto [a, b] = intPairs(d, gen);
      Ints va = intsOf(a), vb = intsOf(b);
      Ints got = intsOf(runBinary(op, "", d, d, d, a, b));
      for (size_t i = 0; i < va.size(); ++i)
        EXPECT_EQ(got[i], wrapTo(d, f(va[i], vb[i])));
    }
    Tensor a = vecI(DType::Bool, {0, 0, 1, 1}), b = vecI(DType::Bool, {0, 1, 0, 1});
    Ints got = intsOf(
        runBinary(op, "", DType::Bool, DType::Bool, DType::Bool, a, b));
    for (int i = 0; i < 4; ++i)
      EXPECT_EQ(got[i], f(i >> 1, i & 1)) << op << " " << i;
    // Mixed integer widths promote: u8 & i8 -> i16.
    Ints mixed = intsOf(runBinary(op, "", DType::UInt8, DType::Int8,
                                  DType::Int16, vecI(DType::UInt8, {200, 255}),
                                  vecI(DType::Int8, {-1, -128})));
    EXPECT_EQ(mixed, (Ints{f(200, -1), f(255, -128)})) << op;
  }
  // Floats are rejected.
  EXPECT_THROW(registerFusion(groupSource(
                   {{"a", ty(DType::Float32, 1)}, {"b", ty(DType::Float32, 1)}},
                   "%r = fuser.bitwise_and %a, %b : (" + ty(DType::Float32, 1) +
                       ", " + ty(DType::Float32, 1) + ") -> " +
                       ty(DType::Float32, 1),
                   ty(DType::Float32, 1))),
               Error);
}

//===----------------------------------------------------------------------===//
// Type promotion at run time
//===----------------------------------------------------------------------===//

/// Runs a group `(%a: A, %s: f64) -> R` with body `op %a, %s`.
Tensor runWithScalar(const std::string &op, DType a, DType out,
                     const Tensor &x, double s) {
  std::string body = "%r = fuser." + op + " %a, %s : (" + ty(a, 1) +
                     ", f64) -> " + ty(out, 1);
  return runSource(groupSource({{"a", ty(a, 1)}, {"s", "f64"}}, body,
                               ty(out, 1)),
                   {x.view, s})[0];
}

TEST_F(PromotionTest, IntTensorPlusFloatScalarIsFloat32) {
  // i32 + Python float gives float32 (the default dtype), not float64.
  Tensor x = vecI(DType::Int32, {16777217, 3, -2147483647});
  Tensor r = runWithScalar("add", DType::Int32, DType::Float32, x, 0.1);
  ASSERT_EQ(r.view.dtype, DType::Float32);
  Doubles got = doublesOf(r);
  Ints in = intsOf(x);
  for (size_t i = 0; i < in.size(); ++i)
    EXPECT_TRUE(sameFloat(got[i], static_cast<float>(
                                      static_cast<float>(in[i]) + 0.1f)));
  // The scalar is converted at the use: 0.1 as float32, not 0.1 as double.
  EXPECT_EQ(got[1], static_cast<double>(3.0f + 0.1f));
}

TEST_F(PromotionTest, ScalarsKeepFullPrecisionInDoubleGroups) {
  // f64 tensor * 0.1 uses the double 0.1 (the seed rounded it to float).
  Tensor x = vecD(DType::Float64, {3.0, 1.0});
  Doubles got = doublesOf(runWithScalar("mul", DType::Float64, DType::Float64,
                                        x, 0.1));
  EXPECT_EQ(got[0], 3.0 * 0.1);
  EXPECT_EQ(got[1], 0.1);
}

TEST_F(PromotionTest, ComparisonsUseThePromotedType) {
  // int32 vs a float scalar compares in float32: 16777217 == 16777216.0.
  Tensor x = vecI(DType::Int32, {16777217, 16777216, 5});
  Ints eq = intsOf(runWithScalar("eq", DType::Int32, DType::Bool, x, 16777216.0));
  EXPECT_EQ(eq, (Ints{1, 1, 0}));
  Ints gt = intsOf(runWithScalar("gt", DType::Int32, DType::Bool, x, 16777216.0));
  EXPECT_EQ(gt, (Ints{0, 0, 0}));
  // float32 tensor == 0.1 is true for 0.1f (eager casts the scalar to the
  // tensor's dtype first; the seed compared in double and said false).
  Tensor f = vecD(DType::Float32, {0.1, 0.2});
  EXPECT_EQ(intsOf(runWithScalar("eq", DType::Float32, DType::Bool, f, 0.1)),
            (Ints{1, 0}));
  // Likewise for f16 and bf16: the scalar becomes a value of the tensor's
  // dtype before the comparison.
  Tensor h = vecD(DType::Float16, {0.1, 0.0999755859375 + 0x1p-14});
  EXPECT_EQ(intsOf(runWithScalar("eq", DType::Float16, DType::Bool, h, 0.1)),
            (Ints{1, 0}));
  EXPECT_EQ(intsOf(runWithScalar("ge", DType::Float16, DType::Bool, h, 0.1)),
            (Ints{1, 1}));
  Tensor bf = vecD(DType::BFloat16, {0.1});
  EXPECT_EQ(intsOf(runWithScalar("eq", DType::BFloat16, DType::Bool, bf, 0.1)),
            (Ints{1}));
  EXPECT_EQ(intsOf(runWithScalar("lt", DType::BFloat16, DType::Bool, bf, 0.1)),
            (Ints{0}));
  // Overflow of the scalar in the tensor's dtype: f16 == 1e6 compares with
  // inf.
  Tensor hi = vecD(DType::Float16, {kInf, 65504.0});
  EXPECT_EQ(intsOf(runWithScalar("eq", DType::Float16, DType::Bool, hi, 1e6)),
            (Ints{1, 0}));
}

TEST_F(PromotionTest, HalfComputesInFloatAndRoundsOnce) {
  // (x + 0.0004) - 0.0004 on f16 x = 1: computed in float32 and rounded on
  // store it is 1.0; rounding after each op (eager) gives 0.99951171875.
  std::string src = groupSource(
      {{"x", ty(DType::Float16, 1)}, {"s", "f64"}},
      "%t = fuser.add %x, %s : (" + ty(DType::Float16, 1) + ", f64) -> " +
          ty(DType::Float16, 1) + "\n  %r = fuser.sub %t, %s : (" +
          ty(DType::Float16, 1) + ", f64) -> " + ty(DType::Float16, 1),
      ty(DType::Float16, 1));
  Tensor x = vecD(DType::Float16, {1.0, 2.0});
  Doubles got = doublesOf(runSource(src, {x.view, 0.0004})[0]);
  double fused = roundTo(DType::Float16,
                         roundTo(DType::Float32,
                                 roundTo(DType::Float32, 1.0 + double(0.0004f)) -
                                     double(0.0004f)));
  double perOp = roundTo(DType::Float16,
                         roundTo(DType::Float16, 1.0 + 0.0004) - 0.0004);
  ASSERT_NE(fused, perOp); // the case really distinguishes the two
  EXPECT_EQ(got[0], fused);
  EXPECT_EQ(got[0], 1.0);
  // bf16 likewise, with 0.003 (below half an ulp of 1).
  std::string src2 = groupSource(
      {{"x", ty(DType::BFloat16, 1)}, {"s", "f64"}},
      "%t = fuser.add %x, %s : (" + ty(DType::BFloat16, 1) + ", f64) -> " +
          ty(DType::BFloat16, 1) + "\n  %r = fuser.sub %t, %s : (" +
          ty(DType::BFloat16, 1) + ", f64) -> " + ty(DType::BFloat16, 1),
      ty(DType::BFloat16, 1));
  Tensor y = vecD(DType::BFloat16, {1.0});
  double perOpB = roundTo(DType::BFloat16,
                          roundTo(DType::BFloat16, 1.0 + 0.003) - 0.003);
  Doubles gotB = doublesOf(runSource(src2, {y.view, 0.003})[0]);
  ASSERT_NE(perOpB, 1.0);
  EXPECT_EQ(gotB[0], 1.0);
}

TEST_F(PromotionTest, MixedTensorAndZeroDimOperands) {
  auto run2 = [](const std::string &op, DType a, size_t ra, DType b, size_t rb,
                 DType out, size_t rout, const Tensor &x, const Tensor &y) {
    std::string body = "%r = fuser." + op + " %a, %b : (" + ty(a, ra) + ", " +
                       ty(b, rb) + ") -> " + ty(out, rout);
    return runSource(groupSource({{"a", ty(a, ra)}, {"b", ty(b, rb)}}, body,
                                 ty(out, rout)),
                     {x.view, y.view})[0];
  };
  // u8 + i8 -> i16.
  Tensor u = vecI(DType::UInt8, {200, 255}), s = vecI(DType::Int8, {100, -128});
  Tensor r = run2("add", DType::UInt8, 1, DType::Int8, 1, DType::Int16, 1, u, s);
  EXPECT_EQ(r.view.dtype, DType::Int16);
  EXPECT_EQ(intsOf(r), (Ints{300, 127}));
  // f32 [N] + f64 0-dim -> f32 (a 0-dim tensor does not raise the dtype of
  // a dimensioned tensor of the same category).
  Tensor f = vecD(DType::Float32, {1.0, 2.0});
  Tensor z = fromDoubles(DType::Float64, {}, {0.1});
  r = run2("add", DType::Float32, 1, DType::Float64, 0, DType::Float32, 1, f, z);
  EXPECT_EQ(r.view.dtype, DType::Float32);
  EXPECT_EQ(doublesOf(r)[0], static_cast<double>(1.0f + 0.1f));
  // i64 [N] * f16 0-dim -> f16: the 0-dim float wins the category.
  Tensor i = vecI(DType::Int64, {3, 1000});
  Tensor h = fromDoubles(DType::Float16, {}, {0.1});
  r = run2("mul", DType::Int64, 1, DType::Float16, 0, DType::Float16, 1, i, h);
  EXPECT_EQ(r.view.dtype, DType::Float16);
  double hv = doublesOf(h)[0];
  EXPECT_EQ(doublesOf(r)[0], roundTo(DType::Float16, roundTo(DType::Float32, 3 * hv)));
  EXPECT_EQ(doublesOf(r)[1],
            roundTo(DType::Float16, roundTo(DType::Float32, 1000 * hv)));
  // bool + i64 0-dim -> i64; bool tensors with a bool give bool.
  Tensor b = vecI(DType::Bool, {1, 0});
  Tensor k = fromInts(DType::Int64, {}, {41});
  r = run2("add", DType::Bool, 1, DType::Int64, 0, DType::Int64, 1, b, k);
  EXPECT_EQ(intsOf(r), (Ints{42, 41}));
}

TEST_F(PromotionTest, ConstantsPromoteLikePythonNumbers) {
  // i16 tensor + int constant stays i16 (wraps); + float constant is f32.
  std::string src = groupSource(
      {{"x", ty(DType::Int16, 1)}},
      "%c = fuser.constant 1 : i64\n  %f = fuser.constant 0.5 : f64\n"
      "  %t = fuser.add %x, %c : (" + ty(DType::Int16, 1) + ", i64) -> " +
          ty(DType::Int16, 1) + "\n  %r = fuser.mul %t, %f : (" +
          ty(DType::Int16, 1) + ", f64) -> " + ty(DType::Float32, 1),
      ty(DType::Float32, 1));
  Tensor x = vecI(DType::Int16, {32767, 4, -3});
  Doubles got = doublesOf(runSource(src, {x.view})[0]);
  EXPECT_EQ(got, (Doubles{-16384.0, 2.5, -1.0}));
}

TEST_F(PromotionTest, ZeroDimTensorConstantsPromoteLikeZeroDimTensors) {
  // i32 [N] * dense<0.1> : tensor<f16> is f16 (a 0-dim float beats an
  // integer tensor); normalisation must not turn the constant into a Python
  // float, which would give f32.
  std::string i32 = ty(DType::Int32, 1), f16 = ty(DType::Float16, 1);
  std::string src = groupSource(
      {{"x", i32}},
      "%c = fuser.constant dense<0.1> : tensor<f16>\n"
      "  %r = fuser.mul %x, %c : (" + i32 + ", tensor<f16>) -> " + f16,
      f16);
  Tensor x = vecI(DType::Int32, {3, 1000, -7});
  Tensor r = runSource(src, {x.view})[0];
  ASSERT_EQ(r.view.dtype, DType::Float16);
  double c = 0.0999755859375; // the f16 constant
  Doubles got = doublesOf(r);
  EXPECT_EQ(got[0], roundTo(DType::Float16, roundTo(DType::Float32, 3 * c)));
  EXPECT_EQ(got[1], roundTo(DType::Float16, roundTo(DType::Float32, 1000 * c)));
  // f32 [N] + dense<...> : tensor<f64> stays f32.
  std::string src2 = groupSource(
      {{"x", f32_1()}},
      "%c = fuser.constant dense<0.1> : tensor<f64>\n"
      "  %r = fuser.add %x, %c : (" + f32_1() + ", tensor<f64>) -> " + f32_1(),
      f32_1());
  Tensor y = vecD(DType::Float32, {1.0});
  Tensor r2 = runSource(src2, {y.view})[0];
  ASSERT_EQ(r2.view.dtype, DType::Float32);
  EXPECT_EQ(doublesOf(r2)[0], static_cast<double>(1.0f + 0.1f));
}

} // namespace
