//===- PhiloxTest.cpp - Tests of Philox-4x32-10 and the uniform contract --===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// philox4x32_10 is checked against the published Random123 10-round
// known-answer vectors; randomBits / uniformFromBits against the contract
// stated in Philox.h (counter layout, word selection, [0, 1) range, values
// exact in the target type).
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Support/Philox.h"

#include "gtest/gtest.h"

#include <cmath>
#include <random>
#include <set>

using namespace fuser;

namespace {

using Ctr = std::array<uint32_t, 4>;
using Key = std::array<uint32_t, 2>;

// Random123 kat_vectors, philox4x32 with 10 rounds (research notes §14).
TEST(PhiloxTest, KnownAnswerZeros) {
  Ctr out = philox4x32_10({0, 0, 0, 0}, {0, 0});
  EXPECT_EQ(out[0], 0x6627e8d5u);
  EXPECT_EQ(out[1], 0xe169c58du);
  EXPECT_EQ(out[2], 0xbc57ac4cu);
  EXPECT_EQ(out[3], 0x9b00dbd8u);
}

TEST(PhiloxTest, KnownAnswerOnes) {
  Ctr out = philox4x32_10({0xffffffffu, 0xffffffffu, 0xffffffffu, 0xffffffffu},
                          {0xffffffffu, 0xffffffffu});
  EXPECT_EQ(out[0], 0x408f276du);
  EXPECT_EQ(out[1], 0x41c83b0eu);
  EXPECT_EQ(out[2], 0xa20bc7c6u);
  EXPECT_EQ(out[3], 0x6d5451fdu);
}

TEST(PhiloxTest, KnownAnswerPi) {
  Ctr out = philox4x32_10({0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u},
                          {0xa4093822u, 0x299f31d0u});
  EXPECT_EQ(out[0], 0xd16cfe09u);
  EXPECT_EQ(out[1], 0x94fdccebu);
  EXPECT_EQ(out[2], 0x5001e420u);
  EXPECT_EQ(out[3], 0x24126ea1u);
}

// A one-bit change in any counter or key word changes the output (the
// function really reads all six words).
TEST(PhiloxTest, EveryInputWordMatters) {
  Ctr base = {0x243f6a88u, 0x85a308d3u, 0x13198a2eu, 0x03707344u};
  Key key = {0xa4093822u, 0x299f31d0u};
  Ctr ref = philox4x32_10(base, key);
  for (int w = 0; w < 4; ++w) {
    Ctr c = base;
    c[w] ^= 1;
    EXPECT_NE(philox4x32_10(c, key), ref) << "counter word " << w;
  }
  for (int w = 0; w < 2; ++w) {
    Key k = key;
    k[w] ^= 0x80000000u;
    EXPECT_NE(philox4x32_10(base, k), ref) << "key word " << w;
  }
}

// Element i of stream s under seed k takes word i % 4 of the block with
// counter (i / 4 lo, i / 4 hi, s lo, s hi) and key (k lo, k hi).
TEST(PhiloxTest, RandomBitsCounterLayout) {
  const uint64_t seeds[] = {0, 67280421310721ULL, 0xFFFFFFFFFFFFFFFFULL,
                            0x123456789ABCDEF0ULL};
  const uint64_t streams[] = {0, 1, 7, 0x100000000ULL, 0xDEADBEEFCAFEULL};
  const uint64_t indices[] = {0,           1,           2,
                              3,           4,           5,
                              1023,        1ULL << 32,  (1ULL << 34) + 3,
                              (1ULL << 36) + 6};
  for (uint64_t seed : seeds)
    for (uint64_t stream : streams)
      for (uint64_t i : indices) {
        uint64_t block = i / 4;
        Ctr ctr = {uint32_t(block & 0xFFFFFFFFu), uint32_t(block >> 32),
                   uint32_t(stream & 0xFFFFFFFFu), uint32_t(stream >> 32)};
        Key key = {uint32_t(seed & 0xFFFFFFFFu), uint32_t(seed >> 32)};
        EXPECT_EQ(randomBits(seed, stream, i), philox4x32_10(ctr, key)[i % 4])
            << "seed " << seed << " stream " << stream << " index " << i;
      }
}

TEST(PhiloxTest, RandomBitsZeroSeedMatchesKat) {
  // Seed 0, stream 0, block 0 is the all-zeros KAT vector.
  EXPECT_EQ(randomBits(0, 0, 0), 0x6627e8d5u);
  EXPECT_EQ(randomBits(0, 0, 1), 0xe169c58du);
  EXPECT_EQ(randomBits(0, 0, 2), 0xbc57ac4cu);
  EXPECT_EQ(randomBits(0, 0, 3), 0x9b00dbd8u);
  // All-ones seed and stream: block 5, word 2.
  uint64_t ones = ~0ULL;
  EXPECT_EQ(randomBits(ones, ones, 4 * 5 + 2),
            philox4x32_10({5, 0, 0xffffffffu, 0xffffffffu},
                          {0xffffffffu, 0xffffffffu})[2]);
}

TEST(PhiloxTest, DistinctStreamsAndSeedsDiffer) {
  const int n = 256;
  int sameStream = 0, sameSeed = 0, sameIndex = 0;
  for (int i = 0; i < n; ++i) {
    sameStream += randomBits(42, 0, i) == randomBits(42, 1, i);
    sameSeed += randomBits(42, 0, i) == randomBits(43, 0, i);
    sameIndex += randomBits(42, 0, i) == randomBits(42, 0, i + n);
  }
  // Equal 32-bit words happen with probability 2^-32 each.
  EXPECT_EQ(sameStream, 0);
  EXPECT_EQ(sameSeed, 0);
  EXPECT_EQ(sameIndex, 0);
  // Deterministic.
  EXPECT_EQ(randomBits(42, 3, 17), randomBits(42, 3, 17));
}

TEST(PhiloxTest, UniformBitsPerType) {
  EXPECT_EQ(uniformBits(DType::Float16), 11u);
  EXPECT_EQ(uniformBits(DType::BFloat16), 8u);
  EXPECT_EQ(uniformBits(DType::Float32), 24u);
  EXPECT_EQ(uniformBits(DType::Float64), 32u);
}

/// Rounds `v` to a binary float with `digits` significant bits (no exponent
/// limits needed here: values lie in [2^-32, 1)). Independent of the code
/// under test.
double roundToDigits(double v, int digits) {
  if (v == 0)
    return 0;
  int e;
  std::frexp(v, &e); // v = m * 2^e, m in [0.5, 1)
  double ulp = std::ldexp(1.0, e - digits);
  return std::nearbyint(v / ulp) * ulp;
}

TEST(PhiloxTest, UniformFromBitsContract) {
  struct Case {
    DType type;
    int k;      // kept bits
    int digits; // significand width of the type
  } cases[] = {{DType::Float16, 11, 11},
               {DType::BFloat16, 8, 8},
               {DType::Float32, 24, 24},
               {DType::Float64, 32, 53}};
  std::mt19937 gen(1234);
  for (const Case &c : cases) {
    SCOPED_TRACE(torchName(c.type));
    // Extremes.
    EXPECT_EQ(uniformFromBits(0u, c.type), 0.0);
    double top = uniformFromBits(0xFFFFFFFFu, c.type);
    EXPECT_LT(top, 1.0);
    EXPECT_EQ(top, 1.0 - std::ldexp(1.0, -c.k));
    // Rounding to the type never reaches 1.0.
    EXPECT_LT(roundToDigits(top, c.digits), 1.0);
    // Only the top k bits matter.
    uint32_t low = c.k == 32 ? 0u : (1u << (32 - c.k)) - 1;
    EXPECT_EQ(uniformFromBits(0x80000000u, c.type), 0.5);
    EXPECT_EQ(uniformFromBits(0x80000000u | low, c.type), 0.5);
    for (int i = 0; i < 20000; ++i) {
      uint32_t bits = gen();
      double u = uniformFromBits(bits, c.type);
      ASSERT_GE(u, 0.0);
      ASSERT_LT(u, 1.0);
      // Exactly (bits >> (32 - k)) / 2^k.
      ASSERT_EQ(u, std::ldexp(double(bits >> (32 - c.k)), -c.k)) << bits;
      // Exactly representable in the type: rounding changes nothing.
      ASSERT_EQ(roundToDigits(u, c.digits), u) << bits;
      if (c.type == DType::Float32)
        ASSERT_EQ(double(float(u)), u);
    }
  }
}

TEST(PhiloxTest, UniformIsRoughlyUniform) {
  // A coarse sanity check of randomBits + uniformFromBits: mean near 0.5 and
  // every tenth of [0, 1) populated.
  const int n = 40000;
  double sum = 0;
  int bins[10] = {};
  for (int i = 0; i < n; ++i) {
    double u = uniformFromBits(randomBits(7, 0, i), DType::Float32);
    sum += u;
    ++bins[static_cast<int>(u * 10)];
  }
  EXPECT_NEAR(sum / n, 0.5, 0.01);
  for (int b = 0; b < 10; ++b)
    EXPECT_NEAR(bins[b], n / 10, n / 50) << "bin " << b;
}

} // namespace
