//===- RefFloat.h - Independent float reference helpers for tests -*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Reference rounding to binary16, bfloat16 and binary32 computed in double
// arithmetic (frexp / nearbyint), written independently of Half.h so that the
// tests can check the library's bit-level conversions against it. Also ulp
// distances for tolerance checks.
//
//===----------------------------------------------------------------------===//

#ifndef FUSER_UNITTESTS_TESTUTIL_REFFLOAT_H
#define FUSER_UNITTESTS_TESTUTIL_REFFLOAT_H

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>

namespace fuser::test {

/// Rounds `v` to the nearest value (ties to even) of a binary format with
/// `digits` significand bits (including the implicit one), smallest normal
/// exponent `emin` (subnormals below it) and largest finite value
/// `maxFinite`; values that round beyond it become infinities. NaN, infinities
/// and zeros are returned unchanged.
inline double roundBinary(double v, int digits, int emin, double maxFinite) {
  if (std::isnan(v) || std::isinf(v) || v == 0)
    return v;
  int e;
  std::frexp(v, &e); // |v| = m * 2^e with m in [0.5, 1): leading bit 2^(e-1)
  int lead = e - 1 < emin ? emin : e - 1;
  double ulp = std::ldexp(1.0, lead - (digits - 1));
  double r = std::nearbyint(v / ulp) * ulp; // exact scaling by powers of two
  if (std::fabs(r) > maxFinite)
    return std::copysign(std::numeric_limits<double>::infinity(), v);
  return r;
}

inline double refRoundHalf(double v) { return roundBinary(v, 11, -14, 65504.0); }
inline double refRoundBFloat16(double v) {
  return roundBinary(v, 8, -126, std::ldexp(255.0, 120));
}
inline double refRoundFloat(double v) {
  return roundBinary(v, 24, -126, static_cast<double>(FLT_MAX));
}

/// The value of IEEE binary16 bits, decoded from the definition.
inline double refHalfValue(uint16_t h) {
  int sign = h >> 15, exp = (h >> 10) & 0x1F, mant = h & 0x3FF;
  double v;
  if (exp == 0x1F)
    v = mant ? std::numeric_limits<double>::quiet_NaN()
             : std::numeric_limits<double>::infinity();
  else if (exp == 0)
    v = std::ldexp(static_cast<double>(mant), -24);
  else
    v = std::ldexp(1.0 + mant / 1024.0, exp - 15);
  return sign ? -v : v;
}

/// The value of bfloat16 bits, decoded from the definition.
inline double refBFloat16Value(uint16_t b) {
  int sign = b >> 15, exp = (b >> 7) & 0xFF, mant = b & 0x7F;
  double v;
  if (exp == 0xFF)
    v = mant ? std::numeric_limits<double>::quiet_NaN()
             : std::numeric_limits<double>::infinity();
  else if (exp == 0)
    v = std::ldexp(static_cast<double>(mant), -133);
  else
    v = std::ldexp(1.0 + mant / 128.0, exp - 127);
  return sign ? -v : v;
}

/// Monotone integer key of a float (so that key differences count ulps).
inline int64_t orderedKey(float f) {
  int32_t i;
  std::memcpy(&i, &f, 4);
  return i < 0 ? -static_cast<int64_t>(i & 0x7FFFFFFF) : i;
}
inline int64_t orderedKey(double d) {
  int64_t i;
  std::memcpy(&i, &d, 8);
  return i < 0 ? -(i & 0x7FFFFFFFFFFFFFFFLL) : i;
}

/// Distance in units in the last place of float between `a` and `b`; both
/// NaN gives 0, one NaN gives a huge value; equal infinities give 0.
template <typename T>
inline int64_t ulpDistance(T a, T b) {
  if (std::isnan(a) || std::isnan(b))
    return std::isnan(a) && std::isnan(b) ? 0
                                          : std::numeric_limits<int64_t>::max();
  if (a == b)
    return 0;
  int64_t d = orderedKey(a) - orderedKey(b);
  return d < 0 ? -d : d;
}

} // namespace fuser::test

#endif // FUSER_UNITTESTS_TESTUTIL_REFFLOAT_H
