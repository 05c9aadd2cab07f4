//===- Half.h - float16 and bfloat16 conversions ----------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Bit-exact conversions between float and the 16-bit float formats, rounding
// to nearest even like the hardware instructions (cvt.rn.f16.f32) and
// PyTorch's c10::Half / c10::BFloat16.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_SUPPORT_HALF_H
#define FUSERDIALECT_SUPPORT_HALF_H

#include <cstdint>
#include <cstring>

namespace fuser {

inline uint32_t floatBits(float f) {
  uint32_t u;
  std::memcpy(&u, &f, 4);
  return u;
}

inline float bitsToFloat(uint32_t u) {
  float f;
  std::memcpy(&f, &u, 4);
  return f;
}

/// IEEE binary16 bits to float (exact).
inline float halfToFloat(uint16_t h) {
  uint32_t sign = static_cast<uint32_t>(h & 0x8000) << 16;
  uint32_t exp = (h >> 10) & 0x1F;
  uint32_t mant = h & 0x3FF;
  if (exp == 0x1F) // inf or NaN (keeps the payload)
    return bitsToFloat(sign | 0x7F800000u | (mant << 13));
  if (exp == 0) {
    if (mant == 0)
      return bitsToFloat(sign);
    // Subnormal: value = mant * 2^-24.
    float v = static_cast<float>(mant) * 5.9604644775390625e-8f;
    return sign ? -v : v;
  }
  return bitsToFloat(sign | ((exp + 112) << 23) | (mant << 13));
}

/// Float to IEEE binary16 bits, round to nearest even; NaN stays NaN (quiet),
/// overflow gives infinity.
inline uint16_t floatToHalf(float f) {
  uint32_t u = floatBits(f);
  uint16_t sign = static_cast<uint16_t>((u >> 16) & 0x8000);
  uint32_t abs = u & 0x7FFFFFFFu;
  if (abs > 0x7F800000u) // NaN
    return static_cast<uint16_t>(sign | 0x7E00 | ((abs >> 13) & 0x3FF));
  if (abs >= 0x477FF000u) // >= 65520 rounds to infinity
    return static_cast<uint16_t>(sign | 0x7C00);
  if (abs < 0x38800000u) { // below the smallest normal half (2^-14)
    // Subnormal or zero: scale to units of 2^-24 and round to nearest even.
    float v = bitsToFloat(abs) * 16777216.0f; // exact: scaling by 2^24
    uint32_t q = static_cast<uint32_t>(v);
    float rem = v - static_cast<float>(q);
    if (rem > 0.5f || (rem == 0.5f && (q & 1)))
      ++q;
    return static_cast<uint16_t>(sign | q);
  }
  // Normal: rebias the exponent and round the 13 dropped mantissa bits.
  uint32_t rounded = abs + 0xFFFu + ((abs >> 13) & 1);
  return static_cast<uint16_t>(sign | ((rounded - 0x38000000u) >> 13));
}

/// bfloat16 bits to float (exact).
inline float bfloat16ToFloat(uint16_t b) {
  return bitsToFloat(static_cast<uint32_t>(b) << 16);
}

/// Float to bfloat16 bits, round to nearest even; NaN becomes 0x7FC0 (as
/// c10::BFloat16 does).
inline uint16_t floatToBFloat16(float f) {
  uint32_t u = floatBits(f);
  if ((u & 0x7FFFFFFFu) > 0x7F800000u)
    return 0x7FC0;
  uint32_t rounded = u + 0x7FFFu + ((u >> 16) & 1);
  return static_cast<uint16_t>(rounded >> 16);
}

/// Rounds a float to the nearest value representable in half / bfloat16.
inline float roundToHalf(float f) { return halfToFloat(floatToHalf(f)); }
inline float roundToBFloat16(float f) {
  return bfloat16ToFloat(floatToBFloat16(f));
}

} // namespace fuser

#endif // FUSERDIALECT_SUPPORT_HALF_H
