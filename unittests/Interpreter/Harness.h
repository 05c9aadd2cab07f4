//===- Harness.h - Helpers for the interpreter / API tests ------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Host tensors built from and read back into double / int64 values (in
// logical row-major order, for any strides), group source text for single
// ops, value lists with special values per dtype, and comparison helpers.
// Reference results are computed by the tests themselves in double / int64;
// nothing here calls interpreter code.
//
//===----------------------------------------------------------------------===//

#ifndef FUSER_UNITTESTS_INTERPRETER_HARNESS_H
#define FUSER_UNITTESTS_INTERPRETER_HARNESS_H

#include "FuserDialect/API/Fuser.h"
#include "FuserDialect/Support/Half.h"
#include "TestUtil/RefFloat.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstring>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

namespace fuser::test {

using Ints = std::vector<int64_t>;
using Doubles = std::vector<double>;

inline const std::vector<DType> kIntTypes = {DType::UInt8, DType::Int8,
                                             DType::Int16, DType::Int32,
                                             DType::Int64};
inline const std::vector<DType> kFloatTypes = {
    DType::Float16, DType::BFloat16, DType::Float32, DType::Float64};
inline const std::vector<DType> kAllTypes = {
    DType::Bool,    DType::UInt8,    DType::Int8,    DType::Int16,
    DType::Int32,   DType::Int64,    DType::Float16, DType::BFloat16,
    DType::Float32, DType::Float64};
inline std::vector<DType> numberTypes() { // all but bool
  return {DType::UInt8,   DType::Int8,     DType::Int16,
          DType::Int32,   DType::Int64,    DType::Float16,
          DType::BFloat16, DType::Float32, DType::Float64};
}

inline std::string name(DType d) { return std::string(torchName(d)); }

/// "tensor<?x?xf32>" for rank 2.
inline std::string ty(DType d, size_t rank) {
  std::string s = "tensor<";
  for (size_t i = 0; i < rank; ++i)
    s += "?x";
  return s + std::string(mlirName(d)) + ">";
}

//===----------------------------------------------------------------------===//
// Integer wrapping
//===----------------------------------------------------------------------===//

/// `v` wrapped to the width of `d` (two's complement), as a value of `d`.
inline int64_t wrapTo(DType d, int64_t v) {
  switch (d) {
  case DType::Bool:
    return v != 0;
  case DType::UInt8:
    return static_cast<uint8_t>(static_cast<uint64_t>(v));
  case DType::Int8:
    return static_cast<int8_t>(static_cast<uint64_t>(v));
  case DType::Int16:
    return static_cast<int16_t>(static_cast<uint64_t>(v));
  case DType::Int32:
    return static_cast<int32_t>(static_cast<uint64_t>(v));
  default:
    return v;
  }
}

inline int64_t minOf(DType d) {
  switch (d) {
  case DType::Bool:
  case DType::UInt8:
    return 0;
  case DType::Int8:
    return INT8_MIN;
  case DType::Int16:
    return INT16_MIN;
  case DType::Int32:
    return INT32_MIN;
  default:
    return INT64_MIN;
  }
}
inline int64_t maxOf(DType d) {
  switch (d) {
  case DType::Bool:
    return 1;
  case DType::UInt8:
    return 255;
  case DType::Int8:
    return INT8_MAX;
  case DType::Int16:
    return INT16_MAX;
  case DType::Int32:
    return INT32_MAX;
  default:
    return INT64_MAX;
  }
}

//===----------------------------------------------------------------------===//
// Storage
//===----------------------------------------------------------------------===//

inline void storeInt(DType d, void *p, int64_t v) {
  int64_t w = wrapTo(d, v);
  switch (d) {
  case DType::Bool:
  case DType::UInt8:
  case DType::Int8: {
    uint8_t b = static_cast<uint8_t>(w);
    std::memcpy(p, &b, 1);
    return;
  }
  case DType::Int16: {
    int16_t x = static_cast<int16_t>(w);
    std::memcpy(p, &x, 2);
    return;
  }
  case DType::Int32: {
    int32_t x = static_cast<int32_t>(w);
    std::memcpy(p, &x, 4);
    return;
  }
  case DType::Int64:
    std::memcpy(p, &w, 8);
    return;
  default:
    break;
  }
}

/// Stores `v` into an element of `d`. Floats are rounded (f16/bf16 through
/// float); integers must be integral and in range (they wrap).
inline void storeDouble(DType d, void *p, double v) {
  switch (d) {
  case DType::Float16: {
    uint16_t h = floatToHalf(static_cast<float>(v));
    std::memcpy(p, &h, 2);
    return;
  }
  case DType::BFloat16: {
    uint16_t h = floatToBFloat16(static_cast<float>(v));
    std::memcpy(p, &h, 2);
    return;
  }
  case DType::Float32: {
    float f = static_cast<float>(v);
    std::memcpy(p, &f, 4);
    return;
  }
  case DType::Float64:
    std::memcpy(p, &v, 8);
    return;
  case DType::Bool:
    storeInt(d, p, v != 0);
    return;
  default:
    storeInt(d, p, static_cast<int64_t>(v));
  }
}

inline int64_t loadInt(DType d, const void *p) {
  switch (d) {
  case DType::Bool:
  case DType::UInt8: {
    uint8_t b;
    std::memcpy(&b, p, 1);
    return d == DType::Bool ? (b != 0) : b;
  }
  case DType::Int8: {
    int8_t x;
    std::memcpy(&x, p, 1);
    return x;
  }
  case DType::Int16: {
    int16_t x;
    std::memcpy(&x, p, 2);
    return x;
  }
  case DType::Int32: {
    int32_t x;
    std::memcpy(&x, p, 4);
    return x;
  }
  case DType::Int64: {
    int64_t x;
    std::memcpy(&x, p, 8);
    return x;
  }
  default:
    return 0;
  }
}

inline double loadDouble(DType d, const void *p) {
  switch (d) {
  case DType::Float16: {
    uint16_t h;
    std::memcpy(&h, p, 2);
    return refHalfValue(h);
  }
  case DType::BFloat16: {
    uint16_t h;
    std::memcpy(&h, p, 2);
    return refBFloat16Value(h);
  }
  case DType::Float32: {
    float f;
    std::memcpy(&f, p, 4);
    return f;
  }
  case DType::Float64: {
    double x;
    std::memcpy(&x, p, 8);
    return x;
  }
  default:
    return static_cast<double>(loadInt(d, p));
  }
}

/// Offset (in elements) of logical element `linear` of sizes/strides.
inline int64_t elementOffset(const Ints &sizes, const Ints &strides,
                             int64_t linear) {
  int64_t off = 0;
  for (size_t d = sizes.size(); d-- > 0;) {
    off += (linear % sizes[d]) * strides[d];
    linear /= sizes[d];
  }
  return off;
}

inline int64_t numelOf(const Ints &sizes) {
  int64_t n = 1;
  for (int64_t s : sizes)
    n *= s;
  return n;
}

/// An uninitialised host tensor with arbitrary non-negative strides (the
/// storage spans the whole strided extent; filled with 0xA5 bytes).
inline Tensor allocStrided(DType d, const Ints &sizes, Ints strides = {}) {
  if (strides.empty())
    strides = TensorView::contiguousStrides(sizes);
  int64_t extent = 1;
  for (size_t i = 0; i < sizes.size(); ++i)
    if (sizes[i] > 0)
      extent += (sizes[i] - 1) * strides[i];
  Tensor t = Tensor::empty(d, {extent}, Device::cpu());
  std::memset(t.view.data, 0xA5,
              static_cast<size_t>(extent) * elementSize(d));
  t.view.sizes = sizes;
  t.view.strides = strides;
  return t;
}

/// A tensor holding `values` (logical row-major order).
inline Tensor fromDoubles(DType d, const Ints &sizes, const Doubles &values,
                          const Ints &strides = {}) {
  Tensor t = allocStrided(d, sizes, strides);
  int64_t n = numelOf(sizes);
  EXPECT_EQ(static_cast<int64_t>(values.size()), n);
  for (int64_t i = 0; i < n && i < static_cast<int64_t>(values.size()); ++i)
    storeDouble(d,
                static_cast<char *>(t.view.data) +
                    elementOffset(sizes, t.view.strides, i) * elementSize(d),
                values[i]);
  return t;
}

inline Tensor fromInts(DType d, const Ints &sizes, const Ints &values,
                       const Ints &strides = {}) {
  Tensor t = allocStrided(d, sizes, strides);
  int64_t n = numelOf(sizes);
  EXPECT_EQ(static_cast<int64_t>(values.size()), n);
  for (int64_t i = 0; i < n && i < static_cast<int64_t>(values.size()); ++i)
    storeInt(d,
             static_cast<char *>(t.view.data) +
                 elementOffset(sizes, t.view.strides, i) * elementSize(d),
             values[i]);
  return t;
}

/// 1-D tensors.
inline Tensor vecD(DType d, const Doubles &values) {
  return fromDoubles(d, {static_cast<int64_t>(values.size())}, values);
}
inline Tensor vecI(DType d, const Ints &values) {
  return fromInts(d, {static_cast<int64_t>(values.size())}, values);
}

/// The elements of a tensor (view) in logical order.
inline Doubles doublesOf(const TensorView &v) {
  Doubles out;
  for (int64_t i = 0, n = numelOf(v.sizes); i < n; ++i)
    out.push_back(loadDouble(
        v.dtype, static_cast<const char *>(v.data) +
                     elementOffset(v.sizes, v.strides, i) * elementSize(v.dtype)));
  return out;
}
inline Ints intsOf(const TensorView &v) {
  Ints out;
  for (int64_t i = 0, n = numelOf(v.sizes); i < n; ++i)
    out.push_back(loadInt(
        v.dtype, static_cast<const char *>(v.data) +
                     elementOffset(v.sizes, v.strides, i) * elementSize(v.dtype)));
  return out;
}
inline Doubles doublesOf(const Tensor &t) { return doublesOf(t.view); }
inline Ints intsOf(const Tensor &t) { return intsOf(t.view); }

//===----------------------------------------------------------------------===//
// Running groups
//===----------------------------------------------------------------------===//

/// Fixture for tests of the interpreter's semantics: fusion is switched off
/// (the API registers the real CPU backend), so runFusion always takes the
/// interpreter (the fallback path). The switches are restored afterwards.
class InterpreterOnly : public ::testing::Test {
protected:
  void SetUp() override {
    (void)debugNumCachedKernelSpecs(); // create the registry (and backends)
    overrideCanFuseOnCPU(false);
    overrideCanFuseOnGPU(false);
  }
  void TearDown() override {
    overrideCanFuseOnCPU(true);
    overrideCanFuseOnGPU(true);
  }
};

inline std::vector<Tensor> runSource(const std::string &source,
                                     const std::vector<Argument> &inputs) {
  return runFusion(registerFusion(source), inputs);
}

/// A group with one op: `args` are (name, type) pairs; `body` is the op line
/// producing %r of `resultType`.
inline std::string groupSource(
    const std::vector<std::pair<std::string, std::string>> &args,
    const std::string &body, const std::string &resultType) {
  std::string s = "fuser.group @g(";
  for (size_t i = 0; i < args.size(); ++i)
    s += (i ? ", %" : "%") + args[i].first + ": " + args[i].second;
  s += ") -> " + resultType + " {\n  " + body + "\n  fuser.yield %r : " +
       resultType + "\n}\n";
  return s;
}

//===----------------------------------------------------------------------===//
// Values
//===----------------------------------------------------------------------===//

inline const double kInf = std::numeric_limits<double>::infinity();
inline const double kNaN = std::numeric_limits<double>::quiet_NaN();

/// Special and ordinary float values (stored rounded to the dtype).
inline Doubles floatSpecials() {
  return {0.0,   -0.0,   1.0,   -1.0,  0.5,    -0.5,    1.5,   2.5,
          -2.5,  3.0,    -3.0,  7.25,  -7.75,  0.1,     -0.3,  1e-3,
          100.0, -100.0, 1e4,   6e4,   1e30,   -1e30,   1e-40, -1e-42,
          kInf,  -kInf,  kNaN,  0.75,  1e300,  -1e-310, 4.5,   -5.5};
}

inline Ints intSpecials(DType d) {
  Ints v = {0, 1, -1, 2, -2, 3, -3, 7, -7, 100, -100, 127, -128, 255};
  v.push_back(maxOf(d));
  v.push_back(minOf(d));
  v.push_back(maxOf(d) - 1);
  v.push_back(minOf(d) + 1);
  for (int64_t &x : v)
    x = wrapTo(d, x);
  return v;
}

inline Doubles randomDoubles(std::mt19937 &gen, size_t n, double lo,
                             double hi) {
  std::uniform_real_distribution<double> dist(lo, hi);
  Doubles v(n);
  for (double &x : v)
    x = dist(gen);
  return v;
}

inline Ints randomInts(std::mt19937 &gen, DType d, size_t n) {
  Ints v(n);
  std::uniform_int_distribution<int64_t> small(-300, 300);
  for (size_t i = 0; i < n; ++i) {
    uint64_t bits = (static_cast<uint64_t>(gen()) << 32) | gen();
    v[i] = wrapTo(d, i % 2 ? static_cast<int64_t>(bits) : small(gen));
  }
  return v;
}

//===----------------------------------------------------------------------===//
// Comparison
//===----------------------------------------------------------------------===//

/// Spacing of `d`'s values at magnitude |v| (one unit in the last place).
inline double ulpOf(DType d, double v) {
  int digits, emin;
  switch (d) {
  case DType::Float16:
    digits = 11, emin = -14;
    break;
  case DType::BFloat16:
    digits = 8, emin = -126;
    break;
  case DType::Float32:
    digits = 24, emin = -126;
    break;
  default:
    digits = 53, emin = -1022;
  }
  int e = 0;
  if (v != 0 && std::isfinite(v))
    std::frexp(v, &e);
  int lead = v == 0 || e - 1 < emin ? emin : e - 1;
  return std::ldexp(1.0, lead - (digits - 1));
}

inline double maxFinite(DType d) {
  switch (d) {
  case DType::Float16:
    return 65504.0;
  case DType::BFloat16:
    return std::ldexp(255.0, 120);
  case DType::Float32:
    return std::numeric_limits<float>::max();
  default:
    return std::numeric_limits<double>::max();
  }
}

/// Rounds a double to the values of `d` (round to nearest even).
inline double roundTo(DType d, double v) {
  switch (d) {
  case DType::Float16:
    return refRoundHalf(v);
  case DType::BFloat16:
    return refRoundBFloat16(v);
  case DType::Float32:
    return refRoundFloat(v);
  default:
    return v;
  }
}

/// The computation type: f16/bf16 compute in f32.
inline DType opmath(DType d) {
  return d == DType::Float16 || d == DType::BFloat16 ? DType::Float32 : d;
}

/// Bitwise equality for floats: NaN matches NaN, the sign of zero counts.
inline ::testing::AssertionResult sameFloat(double got, double want) {
  if (std::isnan(want) && std::isnan(got))
    return ::testing::AssertionSuccess();
  if (got == want && std::signbit(got) == std::signbit(want))
    return ::testing::AssertionSuccess();
  std::ostringstream os;
  os.precision(17);
  os << "got " << got << ", want " << want;
  return ::testing::AssertionFailure() << os.str();
}

/// `got` (a value of `d`) is within `ulps` units of `d` of the exact `want`
/// (plus `absTol`); infinities and NaN must match, except that a result of
/// infinity is accepted where `want` exceeds the largest finite value.
inline ::testing::AssertionResult closeFloat(double got, double want, DType d,
                                             double ulps, double absTol = 0) {
  std::ostringstream os;
  os.precision(17);
  os << "got " << got << ", want " << want << " (" << name(d) << ", " << ulps
     << " ulp";
  if (absTol)
    os << " + " << absTol;
  os << ")";
  if (std::isnan(want) || std::isnan(got)) {
    if (std::isnan(want) && std::isnan(got))
      return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << os.str();
  }
  if (std::isinf(want) || std::isinf(got)) {
    if (got == want)
      return ::testing::AssertionSuccess();
    if (std::isinf(got) && std::signbit(got) == std::signbit(want) &&
        std::fabs(want) >= maxFinite(d) - ulps * ulpOf(d, maxFinite(d)))
      return ::testing::AssertionSuccess();
    if (std::isinf(want) && std::fabs(got) >= maxFinite(d) &&
        std::signbit(got) == std::signbit(want))
      return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << os.str();
  }
  double tol = ulps * ulpOf(d, want) + absTol;
  if (std::fabs(got - want) <= tol)
    return ::testing::AssertionSuccess();
  return ::testing::AssertionFailure() << os.str();
}

} // namespace fuser::test

#endif // FUSER_UNITTESTS_INTERPRETER_HARNESS_H
