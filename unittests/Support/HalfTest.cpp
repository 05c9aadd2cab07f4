//===- HalfTest.cpp - Tests of the float16 / bfloat16 conversions ---------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The bit-level conversions of Half.h against expectations computed
// independently: every 16-bit pattern decoded from the IEEE definition, and
// float -> 16-bit rounding against a double-based round-to-nearest-even
// reference (TestUtil/RefFloat.h) for hand-picked ties and many random floats.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Support/Half.h"
#include "TestUtil/RefFloat.h"

#include "gtest/gtest.h"

#include <cfloat>
#include <cmath>
#include <random>

using namespace fuser;
using namespace fuser::test;

namespace {

float f(double v) { return static_cast<float>(v); }

//===----------------------------------------------------------------------===//
// binary16
//===----------------------------------------------------------------------===//

TEST(HalfTest, AllPatternsDecodeExactly) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    float v = halfToFloat(static_cast<uint16_t>(h));
    double ref = refHalfValue(static_cast<uint16_t>(h));
    if (std::isnan(ref)) {
      ASSERT_TRUE(std::isnan(v)) << std::hex << h;
      ASSERT_EQ(std::signbit(v), (h & 0x8000) != 0) << std::hex << h;
      continue;
    }
    ASSERT_EQ(static_cast<double>(v), ref) << std::hex << h;
    ASSERT_EQ(std::signbit(v), (h & 0x8000) != 0) << std::hex << h;
  }
}

TEST(HalfTest, AllPatternsRoundTrip) {
  for (uint32_t h = 0; h < 0x10000; ++h) {
    uint16_t bits = static_cast<uint16_t>(h);
    uint16_t back = floatToHalf(halfToFloat(bits));
    bool isNaN = (h & 0x7C00) == 0x7C00 && (h & 0x3FF);
    if (isNaN) {
      // NaN stays a (quiet) NaN with its sign.
      ASSERT_EQ(back & 0x7C00, 0x7C00) << std::hex << h;
      ASSERT_NE(back & 0x3FF, 0) << std::hex << h;
      ASSERT_NE(back & 0x200, 0) << std::hex << h;
      ASSERT_EQ(back & 0x8000, h & 0x8000) << std::hex << h;
      continue;
    }
    ASSERT_EQ(back, bits) << std::hex << h;
  }
}

TEST(HalfTest, TiesRoundToEven) {
  // Halfway between 1 and 1 + 2^-10: down to the even 1.0.
  EXPECT_EQ(floatToHalf(f(1 + std::ldexp(1, -11))), 0x3C00);
  // Halfway between 1 + 2^-10 (odd) and 1 + 2^-9: up to the even one.
  EXPECT_EQ(floatToHalf(f(1 + 3 * std::ldexp(1, -11))), 0x3C02);
  // Just above / below a tie.
  EXPECT_EQ(floatToHalf(f(1 + std::ldexp(1, -11) + std::ldexp(1, -20))),
            0x3C01);
  EXPECT_EQ(floatToHalf(f(1 + 3 * std::ldexp(1, -11) - std::ldexp(1, -20))),
            0x3C01);
  // Negative ties mirror.
  EXPECT_EQ(floatToHalf(f(-(1 + std::ldexp(1, -11)))), 0xBC00);
  EXPECT_EQ(floatToHalf(f(-(1 + 3 * std::ldexp(1, -11)))), 0xBC02);
  // 2048 + 1 is a tie between 2048 and 2050 (spacing 2): even mantissa 2048.
  EXPECT_EQ(floatToHalf(2049.0f), 0x6800);
  EXPECT_EQ(floatToHalf(2051.0f), 0x6802);
}

TEST(HalfTest, Subnormals) {
  const double tiny = std::ldexp(1, -24); // smallest subnormal
  EXPECT_EQ(floatToHalf(f(tiny)), 0x0001);
  EXPECT_EQ(floatToHalf(f(-tiny)), 0x8001);
  // Half of the smallest subnormal ties to even zero; a bit more rounds up.
  EXPECT_EQ(floatToHalf(f(tiny / 2)), 0x0000);
  EXPECT_EQ(floatToHalf(f(-tiny / 2)), 0x8000);
  EXPECT_EQ(floatToHalf(f(tiny / 2 * 1.0001)), 0x0001);
  // 1.5 and 2.5 units: ties to 2 units.
  EXPECT_EQ(floatToHalf(f(1.5 * tiny)), 0x0002);
  EXPECT_EQ(floatToHalf(f(2.5 * tiny)), 0x0002);
  EXPECT_EQ(floatToHalf(f(3.5 * tiny)), 0x0004);
  // Largest subnormal, and the tie between it and the smallest normal.
  EXPECT_EQ(floatToHalf(f(1023 * tiny)), 0x03FF);
  EXPECT_EQ(floatToHalf(f(1023.5 * tiny)), 0x0400);
  EXPECT_EQ(floatToHalf(f(std::ldexp(1, -14))), 0x0400);
  // Far below: signed zero. Float subnormals too.
  EXPECT_EQ(floatToHalf(f(std::ldexp(1, -40))), 0x0000);
  EXPECT_EQ(floatToHalf(-std::numeric_limits<float>::denorm_min()), 0x8000);
  EXPECT_EQ(floatToHalf(0.0f), 0x0000);
  EXPECT_EQ(floatToHalf(-0.0f), 0x8000);
  EXPECT_EQ(halfToFloat(0x0001), f(tiny));
  EXPECT_EQ(halfToFloat(0x83FF), f(-1023 * tiny));
}

TEST(HalfTest, OverflowAndSpecials) {
  EXPECT_EQ(floatToHalf(65504.0f), 0x7BFF);
  EXPECT_EQ(floatToHalf(65519.0f), 0x7BFF);
  // 65520 is the tie between 65504 (odd mantissa) and 65536: infinity.
  EXPECT_EQ(floatToHalf(65520.0f), 0x7C00);
  EXPECT_EQ(floatToHalf(-65520.0f), 0xFC00);
  EXPECT_EQ(floatToHalf(1e10f), 0x7C00);
  EXPECT_EQ(floatToHalf(FLT_MAX), 0x7C00);
  EXPECT_EQ(floatToHalf(std::numeric_limits<float>::infinity()), 0x7C00);
  EXPECT_EQ(floatToHalf(-std::numeric_limits<float>::infinity()), 0xFC00);
  uint16_t nan = floatToHalf(std::numeric_limits<float>::quiet_NaN());
  EXPECT_EQ(nan & 0x7C00, 0x7C00);
  EXPECT_NE(nan & 0x3FF, 0);
  // A signalling NaN whose payload lives only in the low float bits must
  // not become infinity.
  uint16_t snan = floatToHalf(bitsToFloat(0x7F800001u));
  EXPECT_EQ(snan & 0x7C00, 0x7C00);
  EXPECT_NE(snan & 0x3FF, 0);
  EXPECT_TRUE(std::isnan(halfToFloat(snan)));
  EXPECT_TRUE(std::isinf(halfToFloat(0x7C00)));
  EXPECT_EQ(halfToFloat(0x3C00), 1.0f);
  EXPECT_EQ(halfToFloat(0xC000), -2.0f);
  EXPECT_EQ(halfToFloat(0x3555), f(0.25 + 0.25 * 0x155 / 1024.0));
}

// Random float bit patterns over the whole range, and random floats in and
// around the half range, against the double-based reference.
TEST(HalfTest, RandomFloatsMatchReference) {
  std::mt19937 gen(2024);
  auto check = [](float x) {
    uint16_t h = floatToHalf(x);
    double got = refHalfValue(h);
    double ref = refRoundHalf(static_cast<double>(x));
    if (std::isnan(ref)) {
      ASSERT_TRUE(std::isnan(got)) << x;
      return;
    }
    ASSERT_EQ(got, ref) << std::hexfloat << x;
    ASSERT_EQ(std::signbit(got), std::signbit(x)) << std::hexfloat << x;
  };
  for (int i = 0; i < 300000; ++i)
    check(bitsToFloat(gen()));
  // Exponents from 2^-26 to 2^17: subnormals, normals, overflow.
  std::uniform_int_distribution<int> exp(-26, 17);
  std::uniform_int_distribution<uint32_t> mant(0, (1u << 23) - 1);
  for (int i = 0; i < 300000; ++i) {
    float m = 1.0f + static_cast<float>(mant(gen)) / 8388608.0f;
    float x = std::ldexp(m, exp(gen));
    check(i & 1 ? -x : x);
  }
  // Exact ties (the 13 dropped bits are 1000...0) at every exponent.
  for (int e = -24; e <= 15; ++e)
    for (uint32_t k = 0; k < 64; ++k) {
      double ulp = std::ldexp(1.0, std::max(e, -14) - 10);
      double tie = std::ldexp(1.0, e) + (2 * k + 1) * ulp / 2;
      check(f(tie));
      check(f(-tie));
    }
}

TEST(HalfTest, RoundToHalfHelpers) {
  EXPECT_EQ(roundToHalf(0.1f), f(refRoundHalf(double(0.1f))));
  EXPECT_EQ(roundToHalf(0.1f), 0.0999755859375f);
  EXPECT_EQ(roundToHalf(70000.0f), std::numeric_limits<float>::infinity());
  EXPECT_EQ(roundToBFloat16(0.1f), 0.10009765625f);
}

//===----------------------------------------------------------------------===//
// bfloat16
//===----------------------------------------------------------------------===//

TEST(BFloat16Test, AllPatternsDecodeAndRoundTrip) {
  for (uint32_t b = 0; b < 0x10000; ++b) {
    uint16_t bits = static_cast<uint16_t>(b);
    float v = bfloat16ToFloat(bits);
    double ref = refBFloat16Value(bits);
    if (std::isnan(ref)) {
      ASSERT_TRUE(std::isnan(v)) << std::hex << b;
      // Every NaN becomes the canonical 0x7FC0.
      ASSERT_EQ(floatToBFloat16(v), 0x7FC0) << std::hex << b;
      continue;
    }
    ASSERT_EQ(static_cast<double>(v), ref) << std::hex << b;
    ASSERT_EQ(floatToBFloat16(v), bits) << std::hex << b;
  }
}

TEST(BFloat16Test, TiesAndSpecials) {
  // 1 + 2^-8 is the tie between 1.0 and 1 + 2^-7: even 1.0.
  EXPECT_EQ(floatToBFloat16(f(1 + std::ldexp(1, -8))), 0x3F80);
  EXPECT_EQ(floatToBFloat16(f(1 + 3 * std::ldexp(1, -8))), 0x3F82);
  EXPECT_EQ(floatToBFloat16(f(1 + std::ldexp(1, -8) + std::ldexp(1, -20))),
            0x3F81);
  EXPECT_EQ(floatToBFloat16(f(-(1 + 3 * std::ldexp(1, -8)))), 0xBF82);
  // Overflow: the tie above the largest finite bfloat16 and FLT_MAX go to inf.
  EXPECT_EQ(floatToBFloat16(f(std::ldexp(255.0, 120))), 0x7F7F);
  EXPECT_EQ(floatToBFloat16(f(std::ldexp(511.0, 119))), 0x7F80);
  EXPECT_EQ(floatToBFloat16(FLT_MAX), 0x7F80);
  EXPECT_EQ(floatToBFloat16(-FLT_MAX), 0xFF80);
  EXPECT_EQ(floatToBFloat16(std::numeric_limits<float>::infinity()), 0x7F80);
  EXPECT_EQ(floatToBFloat16(-std::numeric_limits<float>::infinity()), 0xFF80);
  // NaN of any sign and payload -> 0x7FC0.
  EXPECT_EQ(floatToBFloat16(std::numeric_limits<float>::quiet_NaN()), 0x7FC0);
  EXPECT_EQ(floatToBFloat16(-std::numeric_limits<float>::quiet_NaN()), 0x7FC0);
  EXPECT_EQ(floatToBFloat16(bitsToFloat(0x7F800001u)), 0x7FC0);
  EXPECT_EQ(floatToBFloat16(bitsToFloat(0xFFFFFFFFu)), 0x7FC0);
  // Subnormals: float subnormals round to bfloat16 subnormals.
  EXPECT_EQ(floatToBFloat16(f(std::ldexp(1, -133))), 0x0001);
  EXPECT_EQ(floatToBFloat16(f(std::ldexp(1, -134))), 0x0000); // tie -> even
  EXPECT_EQ(floatToBFloat16(f(3 * std::ldexp(1, -134))), 0x0002);
  EXPECT_EQ(floatToBFloat16(-0.0f), 0x8000);
  // Largest subnormal + half ulp ties up to the smallest normal.
  EXPECT_EQ(floatToBFloat16(f(127.5 * std::ldexp(1, -133))), 0x0080);
}

TEST(BFloat16Test, RandomFloatsMatchReference) {
  std::mt19937 gen(77);
  for (int i = 0; i < 500000; ++i) {
    float x = bitsToFloat(gen());
    uint16_t b = floatToBFloat16(x);
    double got = refBFloat16Value(b);
    double ref = refRoundBFloat16(static_cast<double>(x));
    if (std::isnan(ref)) {
      ASSERT_EQ(b, 0x7FC0);
      continue;
    }
    ASSERT_EQ(got, ref) << std::hexfloat << x;
    ASSERT_EQ(std::signbit(got), std::signbit(x)) << std::hexfloat << x;
  }
}

// The reference itself, checked on values whose rounding is known from the
// formats' definitions (so that a wrong reference cannot hide a bug).
TEST(RefFloatTest, ReferenceSanity) {
  EXPECT_EQ(refRoundHalf(1.0 + std::ldexp(1, -11)), 1.0);
  EXPECT_EQ(refRoundHalf(65520.0), std::numeric_limits<double>::infinity());
  EXPECT_EQ(refRoundHalf(65519.0), 65504.0);
  EXPECT_EQ(refRoundHalf(std::ldexp(1, -25)), 0.0);
  EXPECT_EQ(refRoundHalf(std::ldexp(3, -25)), std::ldexp(1, -23));
  EXPECT_EQ(refRoundBFloat16(1.0 + std::ldexp(1, -8)), 1.0);
  EXPECT_EQ(refRoundFloat(1.0 + std::ldexp(1, -24)), 1.0);
  EXPECT_EQ(refRoundFloat(1.0 + std::ldexp(3, -24)), 1.0 + std::ldexp(1, -22));
  EXPECT_EQ(refHalfValue(0x7BFF), 65504.0);
  EXPECT_EQ(refBFloat16Value(0x3F80), 1.0);
}

} // namespace
