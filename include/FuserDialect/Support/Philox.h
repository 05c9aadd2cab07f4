//===- Philox.h - Philox-4x32-10 and the rand_like contract -----*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The random contract every backend reproduces bit for bit:
//
//  * key     = the launch seed (low word, high word);
//  * counter = (b low, b high, s low, s high) where b = i / 4 for element i
//              (its linear index in the result of its rand_like) and
//              s = launch offset + index of the rand_like among the group's
//              rand_like ops (in program order);
//  * the element takes word i % 4 of Philox-4x32-10(counter, key);
//  * the word u becomes a uniform number in [0, 1) with exactly as many bits
//    as the result type holds, so that rounding on store never yields 1.0.
//
// Values therefore depend on neither the backend nor the launch geometry.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_SUPPORT_PHILOX_H
#define FUSERDIALECT_SUPPORT_PHILOX_H

#include "FuserDialect/Support/DType.h"

#include <array>
#include <cstdint>

namespace fuser {

inline constexpr uint32_t kPhiloxM0 = 0xD2511F53u;
inline constexpr uint32_t kPhiloxM1 = 0xCD9E8D57u;
inline constexpr uint32_t kPhiloxW0 = 0x9E3779B9u;
inline constexpr uint32_t kPhiloxW1 = 0xBB67AE85u;

/// Philox-4x32 with 10 rounds.
inline std::array<uint32_t, 4> philox4x32_10(std::array<uint32_t, 4> ctr,
                                             std::array<uint32_t, 2> key) {
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      key[0] += kPhiloxW0;
      key[1] += kPhiloxW1;
    }
    uint64_t p0 = static_cast<uint64_t>(kPhiloxM0) * ctr[0];
    uint64_t p1 = static_cast<uint64_t>(kPhiloxM1) * ctr[2];
    uint32_t hi0 = static_cast<uint32_t>(p0 >> 32), lo0 = uint32_t(p0);
    uint32_t hi1 = static_cast<uint32_t>(p1 >> 32), lo1 = uint32_t(p1);
    ctr = {hi1 ^ ctr[1] ^ key[0], lo1, hi0 ^ ctr[3] ^ key[1], lo0};
  }
  return ctr;
}

/// The 32 random bits of element `index` of stream `stream` (= launch offset +
/// rand_like number) under `seed`.
inline uint32_t randomBits(uint64_t seed, uint64_t stream, uint64_t index) {
  uint64_t block = index / 4;
  std::array<uint32_t, 4> out = philox4x32_10(
      {static_cast<uint32_t>(block), static_cast<uint32_t>(block >> 32),
       static_cast<uint32_t>(stream), static_cast<uint32_t>(stream >> 32)},
      {static_cast<uint32_t>(seed), static_cast<uint32_t>(seed >> 32)});
  return out[index % 4];
}

/// Number of random bits a uniform of `type` keeps: the significand width,
/// so the value is exact in that type (f64 keeps all 32).
inline unsigned uniformBits(DType type) {
  switch (type) {
  case DType::Float16:
    return 11;
  case DType::BFloat16:
    return 8;
  case DType::Float32:
    return 24;
  default:
    return 32;
  }
}

/// The uniform number in [0, 1) that `bits` gives for `type`:
/// (bits >> (32 - k)) * 2^-k with k = uniformBits(type).
inline double uniformFromBits(uint32_t bits, DType type) {
  unsigned k = uniformBits(type);
  return static_cast<double>(bits >> (32 - k)) /
         static_cast<double>(uint64_t(1) << k);
}

} // namespace fuser

#endif // FUSERDIALECT_SUPPORT_PHILOX_H
