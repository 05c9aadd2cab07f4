//===- GroupsTest.cpp - Multi-op groups: shapes, layouts, chunk, random ---===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Whole groups through registerFusion + runFusion with no backend registered
// (the interpreter runs): broadcasting, strided inputs, 0-dim and empty
// tensors, chunk and concat with eager semantics, rand_like against the
// Philox contract, re-typing of a group per call, and the errors callers get.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Support/Philox.h"
#include "Harness.h"

#include <fstream>
#include <sstream>

using namespace fuser;
using namespace fuser::test;

namespace {

class RegisterFusionTest : public InterpreterOnly {};

const std::string f32_1 = ty(DType::Float32, 1);
const std::string f32_2 = ty(DType::Float32, 2);
const std::string f32_3 = ty(DType::Float32, 3);

/// Fusion off: every group runs on the interpreter.
class GroupsTest : public InterpreterOnly {};

//===----------------------------------------------------------------------===//
// Shapes and layouts
//===----------------------------------------------------------------------===//

TEST_F(GroupsTest, BroadcastsDifferentRanks) {
  // r = (x + y) * z with x [2, 3, 4], y [3, 1], z 0-dim.
  std::string src = groupSource(
      {{"x", f32_3}, {"y", f32_2}, {"z", ty(DType::Float32, 0)}},
      "%t = fuser.add %x, %y : (" + f32_3 + ", " + f32_2 + ") -> " + f32_3 +
          "\n  %r = fuser.mul %t, %z : (" + f32_3 + ", " +
          ty(DType::Float32, 0) + ") -> " + f32_3,
      f32_3);
  std::mt19937 gen(30);
  Tensor x = fromDoubles(DType::Float32, {2, 3, 4}, randomDoubles(gen, 24, -5, 5));
  Tensor y = fromDoubles(DType::Float32, {3, 1}, {1, 2, 3});
  Tensor z = fromDoubles(DType::Float32, {}, {0.5});
  Tensor r = runSource(src, {x.view, y.view, z.view})[0];
  ASSERT_EQ(r.view.sizes, (Ints{2, 3, 4}));
  EXPECT_EQ(r.view.strides, (Ints{12, 4, 1})); // outputs are contiguous
  Doubles X = doublesOf(x), got = doublesOf(r);
  for (int i = 0; i < 2; ++i)
    for (int j = 0; j < 3; ++j)
      for (int k = 0; k < 4; ++k) {
        int lin = 12 * i + 4 * j + k;
        EXPECT_EQ(got[lin], roundTo(DType::Float32,
                                    roundTo(DType::Float32, X[lin] + (j + 1)) *
                                        0.5));
      }
}

TEST_F(GroupsTest, IncompatibleShapesAreAnError) {
  std::string src = groupSource(
      {{"x", f32_1}, {"y", f32_1}},
      "%r = fuser.add %x, %y : (" + f32_1 + ", " + f32_1 + ") -> " + f32_1,
      f32_1);
  Tensor x = vecD(DType::Float32, {1, 2, 3}), y = vecD(DType::Float32, {1, 2});
  EXPECT_THROW(runSource(src, {x.view, y.view}), Error);
}

TEST_F(GroupsTest, StridedInputs) {
  // r = x * 2 + y over [3, 4] with x and y in several layouts.
  std::string src = groupSource(
      {{"x", f32_2}, {"y", f32_2}, {"s", "f64"}},
      "%t = fuser.mul %x, %s : (" + f32_2 + ", f64) -> " + f32_2 +
          "\n  %r = fuser.add %t, %y : (" + f32_2 + ", " + f32_2 + ") -> " +
          f32_2,
      f32_2);
  std::mt19937 gen(31);
  Doubles vx = randomDoubles(gen, 12, -10, 10), vy = randomDoubles(gen, 12, -10, 10);
  const Ints layouts[] = {
      {4, 1},  // contiguous
      {1, 3},  // transposed
      {8, 2},  // every other element of a [3, 8] buffer
      {10, 1}, // rows padded to 10
  };
  for (const Ints &lx : layouts)
    for (const Ints &ly : layouts) {
      SCOPED_TRACE("x strides " + std::to_string(lx[0]) + "," +
                   std::to_string(lx[1]) + " y strides " +
                   std::to_string(ly[0]) + "," + std::to_string(ly[1]));
      Tensor x = fromDoubles(DType::Float32, {3, 4}, vx, lx);
      Tensor y = fromDoubles(DType::Float32, {3, 4}, vy, ly);
      Tensor r = runSource(src, {x.view, y.view, 2.0})[0];
      EXPECT_TRUE(r.view.isContiguous());
      Doubles X = doublesOf(x), Y = doublesOf(y), got = doublesOf(r);
      for (size_t i = 0; i < 12; ++i)
        EXPECT_EQ(got[i], roundTo(DType::Float32, 2 * X[i] + Y[i]));
    }
  // An expanded (stride-0) input and a channels-last input.
  Tensor row = fromDoubles(DType::Float32, {3, 4}, {1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4},
                           {0, 1});
  Tensor y = fromDoubles(DType::Float32, {3, 4}, vy);
  Doubles got = doublesOf(runSource(src, {row.view, y.view, 2.0})[0]);
  Doubles Y = doublesOf(y);
  for (size_t i = 0; i < 12; ++i)
    EXPECT_EQ(got[i], roundTo(DType::Float32, 2.0 * (i % 4 + 1) + Y[i]));
  std::string src4 = groupSource(
      {{"x", ty(DType::Float32, 4)}},
      "%r = fuser.neg %x : (" + ty(DType::Float32, 4) + ") -> " +
          ty(DType::Float32, 4),
      ty(DType::Float32, 4));
  Doubles v = randomDoubles(gen, 120, -1, 1);
  Tensor cl = fromDoubles(DType::Float32, {2, 3, 4, 5}, v, {60, 1, 15, 3});
  Doubles in = doublesOf(cl), out = doublesOf(runSource(src4, {cl.view})[0]);
  for (size_t i = 0; i < 120; ++i)
    EXPECT_EQ(out[i], -in[i]);
}

TEST_F(GroupsTest, ZeroDimTensors) {
  std::string t0 = ty(DType::Float64, 0);
  std::string src = groupSource(
      {{"x", t0}, {"y", t0}},
      "%r = fuser.atan2 %x, %y : (" + t0 + ", " + t0 + ") -> " + t0, t0);
  Tensor x = fromDoubles(DType::Float64, {}, {1.0});
  Tensor y = fromDoubles(DType::Float64, {}, {-1.0});
  Tensor r = runSource(src, {x.view, y.view})[0];
  EXPECT_TRUE(r.view.sizes.empty());
  EXPECT_EQ(doublesOf(r)[0], std::atan2(1.0, -1.0));
}

TEST_F(GroupsTest, EmptyTensors) {
  std::string src = groupSource(
      {{"x", f32_2}, {"y", f32_1}},
      "%r = fuser.add %x, %y : (" + f32_2 + ", " + f32_1 + ") -> " + f32_2,
      f32_2);
  Tensor x = fromDoubles(DType::Float32, {0, 3}, {});
  Tensor y = vecD(DType::Float32, {1, 2, 3});
  Tensor r = runSource(src, {x.view, y.view})[0];
  EXPECT_EQ(r.view.sizes, (Ints{0, 3}));
  Tensor x2 = fromDoubles(DType::Float32, {2, 0}, {});
  Tensor y2 = fromDoubles(DType::Float32, {0}, {});
  r = runSource(src, {x2.view, y2.view})[0];
  EXPECT_EQ(r.view.sizes, (Ints{2, 0}));
  // A null data pointer is fine for an empty tensor.
  TensorView empty = x.view;
  empty.data = nullptr;
  r = runSource(src, {empty, y.view})[0];
  EXPECT_EQ(r.view.sizes, (Ints{0, 3}));
}

//===----------------------------------------------------------------------===//
// chunk and concat
//===----------------------------------------------------------------------===//

TEST_F(GroupsTest, ChunkEvenAndNegativeDim) {
  std::string src =
      "fuser.group @g(%x: " + f32_2 + ") -> (" + f32_2 + ", " + f32_2 + ", " +
      f32_2 + ") {\n"
      "  %a, %b, %c = fuser.chunk %x into 3 along -1 : " + f32_2 + "\n"
      "  %nb = fuser.neg %b : (" + f32_2 + ") -> " + f32_2 + "\n"
      "  fuser.yield %a, %nb, %c : " + f32_2 + ", " + f32_2 + ", " + f32_2 +
      "\n}\n";
  Doubles v(12);
  for (int i = 0; i < 12; ++i)
    v[i] = i;
  Tensor x = fromDoubles(DType::Float32, {2, 6}, v);
  std::vector<Tensor> r = runSource(src, {x.view});
  ASSERT_EQ(r.size(), 3u);
  EXPECT_EQ(r[0].view.sizes, (Ints{2, 2}));
  EXPECT_EQ(doublesOf(r[0]), (Doubles{0, 1, 6, 7}));
  EXPECT_EQ(doublesOf(r[1]), (Doubles{-2, -3, -8, -9}));
  EXPECT_EQ(doublesOf(r[2]), (Doubles{4, 5, 10, 11}));
}

TEST_F(GroupsTest, ChunkUnevenFollowsEager) {
  // torch.chunk(x, 3, 1) of a [2, 7] tensor: pieces of 3, 3, 1.
  std::string src =
      "fuser.group @g(%x: " + f32_2 + ") -> (" + f32_2 + ", " + f32_2 + ", " +
      f32_2 + ") {\n"
      "  %a, %b, %c = fuser.chunk %x into 3 along 1 : " + f32_2 + "\n"
      "  fuser.yield %a, %b, %c : " + f32_2 + ", " + f32_2 + ", " + f32_2 +
      "\n}\n";
  Doubles v(14);
  for (int i = 0; i < 14; ++i)
    v[i] = i;
  Tensor x = fromDoubles(DType::Float32, {2, 7}, v);
  std::vector<Tensor> r = runSource(src, {x.view});
  EXPECT_EQ(r[0].view.sizes, (Ints{2, 3}));
  EXPECT_EQ(r[2].view.sizes, (Ints{2, 1}));
  EXPECT_EQ(doublesOf(r[1]), (Doubles{3, 4, 5, 10, 11, 12}));
  EXPECT_EQ(doublesOf(r[2]), (Doubles{6, 13}));
  // Size 4 into 3: pieces of 2 and 2; a third piece does not exist. Unused,
  // that is fine; used, it is an error.
  std::string unused =
      "fuser.group @g(%x: " + f32_2 + ") -> (" + f32_2 + ", " + f32_2 + ") {\n"
      "  %a, %b, %c = fuser.chunk %x into 3 along 1 : " + f32_2 + "\n"
      "  fuser.yield %a, %b : " + f32_2 + ", " + f32_2 + "\n}\n";
  Tensor x4 = fromDoubles(DType::Float32, {1, 4}, {0, 1, 2, 3});
  r = runSource(unused, {x4.view});
  EXPECT_EQ(doublesOf(r[0]), (Doubles{0, 1}));
  EXPECT_EQ(doublesOf(r[1]), (Doubles{2, 3}));
  EXPECT_THROW(runSource(src, {x4.view}), Error);
}

/// The LSTM cell of examples/lstm_cell.mlir against a double reference.
std::string lstmSource() {
  std::ifstream in(std::string(FUSER_SOURCE_DIR) + "/examples/lstm_cell.mlir");
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

TEST_F(GroupsTest, LstmCellExample) {
  std::string src = lstmSource();
  ASSERT_FALSE(src.empty());
  const int64_t B = 3, H = 5;
  std::mt19937 gen(32);
  Tensor gates = fromDoubles(DType::Float32, {B, 4 * H},
                             randomDoubles(gen, B * 4 * H, -3, 3));
  Tensor bih = vecD(DType::Float32, randomDoubles(gen, 4 * H, -1, 1));
  Tensor bhh = vecD(DType::Float32, randomDoubles(gen, 4 * H, -1, 1));
  Tensor cx = fromDoubles(DType::Float32, {B, H}, randomDoubles(gen, B * H, -2, 2));
  std::vector<Tensor> r =
      runSource(src, {gates.view, bih.view, bhh.view, cx.view});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].view.sizes, (Ints{B, H}));
  Doubles G = doublesOf(gates), BI = doublesOf(bih), BH = doublesOf(bhh),
          C = doublesOf(cx), hy = doublesOf(r[0]), cy = doublesOf(r[1]);
  auto sig = [](double v) { return 1 / (1 + std::exp(-v)); };
  for (int64_t b = 0; b < B; ++b)
    for (int64_t h = 0; h < H; ++h) {
      auto gate = [&](int k) {
        return G[b * 4 * H + k * H + h] + BI[k * H + h] + BH[k * H + h];
      };
      double i = sig(gate(0)), f = sig(gate(1)), g = std::tanh(gate(2)),
             o = sig(gate(3));
      double c = f * C[b * H + h] + i * g;
      EXPECT_NEAR(cy[b * H + h], c, 1e-5);
      EXPECT_NEAR(hy[b * H + h], o * std::tanh(c), 1e-5);
    }
}

TEST_F(GroupsTest, ConcatTakesThePromotedDType) {
  // concat(i32, f32) along 0 is f32 (torch.cat), not input 0's i32.
  std::string i32 = ty(DType::Int32, 2);
  std::string src =
      "fuser.group @g(%a: " + i32 + ", %b: " + f32_2 + ") -> " + f32_2 + " {\n"
      "  %r = fuser.concat %a, %b along 0 : " + i32 + ", " + f32_2 + " -> " +
      f32_2 + "\n  fuser.yield %r : " + f32_2 + "\n}\n";
  Tensor a = fromInts(DType::Int32, {1, 3}, {16777217, 2, 3});
  Tensor b = fromDoubles(DType::Float32, {2, 3}, {0.5, 1.5, 2.5, 3.5, 4.5, 5.5});
  Tensor r = runSource(src, {a.view, b.view})[0];
  EXPECT_EQ(r.view.dtype, DType::Float32);
  EXPECT_EQ(r.view.sizes, (Ints{3, 3}));
  EXPECT_EQ(doublesOf(r),
            (Doubles{16777216, 2, 3, 0.5, 1.5, 2.5, 3.5, 4.5, 5.5}));
  // Along -1 (dim 1), of computed operands, bool with f64 -> f64.
  std::string b1 = ty(DType::Bool, 2), f64 = ty(DType::Float64, 2);
  std::string src2 =
      "fuser.group @g(%x: " + f64 + ") -> " + f64 + " {\n"
      "  %z = fuser.constant 0.0 : f64\n"
      "  %m = fuser.gt %x, %z : (" + f64 + ", f64) -> " + b1 + "\n"
      "  %n = fuser.neg %x : (" + f64 + ") -> " + f64 + "\n"
      "  %r = fuser.concat %m, %n along -1 : " + b1 + ", " + f64 + " -> " + f64 +
      "\n  fuser.yield %r : " + f64 + "\n}\n";
  Tensor x = fromDoubles(DType::Float64, {2, 2}, {1.0, -2.0, 0.0, 0.1});
  r = runSource(src2, {x.view})[0];
  EXPECT_EQ(r.view.dtype, DType::Float64);
  EXPECT_EQ(r.view.sizes, (Ints{2, 4}));
  EXPECT_EQ(doublesOf(r), (Doubles{1, 0, -1, 2, 0, 1, -0.0, -0.1}));
}

//===----------------------------------------------------------------------===//
// rand_like
//===----------------------------------------------------------------------===//

TEST_F(GroupsTest, RandLikeFollowsThePhiloxContract) {
  std::string src = groupSource(
      {{"x", f32_2}},
      "%r = fuser.rand_like %x : (" + f32_2 + ") -> " + f32_2, f32_2);
  Tensor x = fromDoubles(DType::Float32, {3, 7}, Doubles(21, 0.0));
  const uint64_t seed = 0xC0FFEE1234ULL;
  manualSeed(Device::cpu(), seed);
  Doubles first = doublesOf(runSource(src, {x.view})[0]);
  for (size_t i = 0; i < first.size(); ++i) {
    double want = uniformFromBits(randomBits(seed, 0, i), DType::Float32);
    EXPECT_EQ(first[i], want) << i;
    EXPECT_GE(first[i], 0.0);
    EXPECT_LT(first[i], 1.0);
  }
  // The next run uses the next offset: different values, still the contract.
  Doubles second = doublesOf(runSource(src, {x.view})[0]);
  EXPECT_NE(first, second);
  for (size_t i = 0; i < second.size(); ++i)
    EXPECT_EQ(second[i],
              uniformFromBits(randomBits(seed, 1, i), DType::Float32));
  // Reseeding reproduces the first run.
  manualSeed(Device::cpu(), seed);
  EXPECT_EQ(doublesOf(runSource(src, {x.view})[0]), first);
}

TEST_F(GroupsTest, TwoRandLikeDrawDifferentStreams) {
  std::string src =
      "fuser.group @g(%x: " + f32_1 + ") -> (" + f32_1 + ", " + f32_1 + ") {\n"
      "  %a = fuser.rand_like %x : (" + f32_1 + ") -> " + f32_1 + "\n"
      "  %b = fuser.rand_like %x : (" + f32_1 + ") -> " + f32_1 + "\n"
      "  fuser.yield %a, %b : " + f32_1 + ", " + f32_1 + "\n}\n";
  Tensor x = vecD(DType::Float32, Doubles(16, 0.0));
  manualSeed(Device::cpu(), 5);
  std::vector<Tensor> r = runSource(src, {x.view});
  Doubles a = doublesOf(r[0]), b = doublesOf(r[1]);
  EXPECT_NE(a, b);
  for (size_t i = 0; i < 16; ++i) {
    EXPECT_EQ(a[i], uniformFromBits(randomBits(5, 0, i), DType::Float32));
    EXPECT_EQ(b[i], uniformFromBits(randomBits(5, 1, i), DType::Float32));
  }
  // Two streams per launch: the next launch starts at offset 2.
  r = runSource(src, {x.view});
  EXPECT_EQ(doublesOf(r[0])[3],
            uniformFromBits(randomBits(5, 2, 3), DType::Float32));
  EXPECT_EQ(doublesOf(r[1])[3],
            uniformFromBits(randomBits(5, 3, 3), DType::Float32));
}

TEST_F(GroupsTest, RandLikeOtherDTypes) {
  for (DType d : kFloatTypes) {
    SCOPED_TRACE(name(d));
    std::string t = ty(d, 1);
    std::string src = groupSource(
        {{"x", t}}, "%r = fuser.rand_like %x : (" + t + ") -> " + t, t);
    Tensor x = vecD(d, Doubles(64, 0.0));
    manualSeed(Device::cpu(), 99);
    Tensor r = runSource(src, {x.view})[0];
    ASSERT_EQ(r.view.dtype, d);
    Doubles got = doublesOf(r);
    for (size_t i = 0; i < got.size(); ++i) {
      double want = uniformFromBits(randomBits(99, 0, i), d);
      EXPECT_EQ(got[i], want) << i; // exact in the type, never rounded to 1
      EXPECT_LT(got[i], 1.0);
    }
  }
  // rand_like of a bool tensor with an explicit dtype.
  std::string b = ty(DType::Bool, 1), h = ty(DType::Float16, 1);
  std::string src = groupSource(
      {{"x", b}}, "%r = fuser.rand_like %x {dtype = f16} : (" + b + ") -> " + h,
      h);
  Tensor x = vecI(DType::Bool, Ints(10, 1));
  manualSeed(Device::cpu(), 3);
  Tensor r = runSource(src, {x.view})[0];
  ASSERT_EQ(r.view.dtype, DType::Float16);
  EXPECT_EQ(doublesOf(r)[9], uniformFromBits(randomBits(3, 0, 9), DType::Float16));
}

TEST_F(GroupsTest, BroadcastRandLikeRepeatsAlongTheBroadcastDim) {
  // r = x + rand_like(b) with x [4, 6] and b [6]: every row gets the same
  // six numbers, as in eager mode (the seed drew per output element).
  std::string src = groupSource(
      {{"x", f32_2}, {"b", f32_1}},
      "%u = fuser.rand_like %b : (" + f32_1 + ") -> " + f32_1 +
          "\n  %r = fuser.add %x, %u : (" + f32_2 + ", " + f32_1 + ") -> " +
          f32_2,
      f32_2);
  Tensor x = fromDoubles(DType::Float32, {4, 6}, Doubles(24, 0.0));
  Tensor b = vecD(DType::Float32, Doubles(6, 0.0));
  manualSeed(Device::cpu(), 11);
  Doubles got = doublesOf(runSource(src, {x.view, b.view})[0]);
  for (int i = 0; i < 4; ++i)
    for (int j = 0; j < 6; ++j)
      EXPECT_EQ(got[6 * i + j],
                uniformFromBits(randomBits(11, 0, j), DType::Float32));
}

//===----------------------------------------------------------------------===//
// Re-typing per call
//===----------------------------------------------------------------------===//

TEST_F(GroupsTest, GroupDeclaredF32RunsWithOtherDTypes) {
  std::string src =
      "fuser.group @g(%x: " + f32_1 + ", %y: " + f32_1 + ") -> (" + f32_1 +
      ", " + f32_1 + ") {\n"
      "  %s = fuser.add %x, %y : (" + f32_1 + ", " + f32_1 + ") -> " + f32_1 +
      "\n  %e = fuser.sigmoid %s : (" + f32_1 + ") -> " + f32_1 +
      "\n  fuser.yield %s, %e : " + f32_1 + ", " + f32_1 + "\n}\n";
  int64_t key = registerFusion(src);
  // f16: add is f16, sigmoid f16.
  Tensor h1 = vecD(DType::Float16, {1.0, 2.5}), h2 = vecD(DType::Float16, {0.25, -1.0});
  std::vector<Tensor> r = runFusion(key, {h1.view, h2.view});
  EXPECT_EQ(r[0].view.dtype, DType::Float16);
  EXPECT_EQ(r[1].view.dtype, DType::Float16);
  EXPECT_EQ(doublesOf(r[0]), (Doubles{1.25, 1.5}));
  EXPECT_TRUE(closeFloat(doublesOf(r[1])[0], 1 / (1 + std::exp(-1.25)),
                         DType::Float16, 1.0));
  // f64: double precision throughout.
  Tensor d1 = vecD(DType::Float64, {0.1}), d2 = vecD(DType::Float64, {0.2});
  r = runFusion(key, {d1.view, d2.view});
  EXPECT_EQ(r[0].view.dtype, DType::Float64);
  EXPECT_EQ(doublesOf(r[0])[0], 0.1 + 0.2);
  // i32: add stays i32 (wraps), sigmoid is f32.
  Tensor i1 = vecI(DType::Int32, {INT32_MAX, 2}), i2 = vecI(DType::Int32, {1, 3});
  r = runFusion(key, {i1.view, i2.view});
  EXPECT_EQ(r[0].view.dtype, DType::Int32);
  EXPECT_EQ(r[1].view.dtype, DType::Float32);
  EXPECT_EQ(intsOf(r[0]), (Ints{INT32_MIN, 5}));
  EXPECT_TRUE(closeFloat(doublesOf(r[1])[1], 1 / (1 + std::exp(-5.0)),
                         DType::Float32, 4));
  // Mixed: f16 + i64 -> f16.
  Tensor l = vecI(DType::Int64, {3, 4});
  r = runFusion(key, {h1.view, l.view});
  EXPECT_EQ(r[0].view.dtype, DType::Float16);
  EXPECT_EQ(doublesOf(r[0]), (Doubles{4.0, 6.5}));
  // The specialised source spells the new types.
  std::string spec = getSpecializedGroupSource(key, {DType::Int32, DType::Int32});
  EXPECT_NE(spec.find("xi32"), std::string::npos) << spec;
  EXPECT_NE(getGroupSource(key).find("xf32"), std::string::npos);
  EXPECT_THROW(getSpecializedGroupSource(key, {DType::Int32}), Error);
}

TEST_F(GroupsTest, RetypingToAnInvalidDTypeIsAnError) {
  // lerp declared on f32 cannot run on integers.
  std::string src = groupSource(
      {{"a", f32_1}, {"b", f32_1}, {"w", "f64"}},
      "%r = fuser.lerp %a, %b, %w : (" + f32_1 + ", " + f32_1 + ", f64) -> " +
          f32_1,
      f32_1);
  int64_t key = registerFusion(src);
  Tensor a = vecI(DType::Int32, {1, 2}), b = vecI(DType::Int32, {3, 4});
  EXPECT_THROW(runFusion(key, {a.view, b.view, 0.5}), Error);
  EXPECT_THROW(runFusionFallback(key, {a.view, b.view, 0.5}), Error);
  // bitwise ops declared on i32 cannot run on floats.
  std::string i32 = ty(DType::Int32, 1);
  int64_t k2 = registerFusion(groupSource(
      {{"a", i32}, {"b", i32}},
      "%r = fuser.bitwise_xor %a, %b : (" + i32 + ", " + i32 + ") -> " + i32,
      i32));
  Tensor f = vecD(DType::Float32, {1, 2});
  EXPECT_THROW(runFusion(k2, {f.view, f.view}), Error);
  // The valid dtypes still run afterwards.
  Tensor x = vecD(DType::Float32, {0, 10}), y = vecD(DType::Float32, {1, 20});
  EXPECT_EQ(doublesOf(runFusion(key, {x.view, y.view, 0.5})[0]),
            (Doubles{0.5, 15}));
}

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

class GroupErrorsTest : public GroupsTest {
protected:
  void SetUp() override {
    InterpreterOnly::SetUp();
    key = registerFusion(groupSource(
        {{"x", f32_2}, {"y", ty(DType::Float32, 1)}, {"s", "f64"}},
        "%t = fuser.add %x, %y : (" + f32_2 + ", " + f32_1 + ") -> " + f32_2 +
            "\n  %r = fuser.mul %t, %s : (" + f32_2 + ", f64) -> " + f32_2,
        f32_2));
    x = fromDoubles(DType::Float32, {2, 3}, {1, 2, 3, 4, 5, 6});
    y = vecD(DType::Float32, {1, 1, 1});
  }
  /// Expects an Error whose message contains `what`.
  void expectError(const std::vector<Argument> &args, const std::string &what) {
    try {
      runFusion(key, args);
      ADD_FAILURE() << "no error; expected one mentioning '" << what << "'";
    } catch (const Error &e) {
      EXPECT_NE(std::string(e.what()).find(what), std::string::npos)
          << e.what();
    }
  }
  int64_t key;
  Tensor x, y;
};

TEST_F(GroupErrorsTest, ValidCallRuns) {
  EXPECT_EQ(doublesOf(runFusion(key, {x.view, y.view, 2.0})[0]),
            (Doubles{4, 6, 8, 10, 12, 14}));
}

TEST_F(GroupErrorsTest, WrongArity) {
  expectError({x.view, y.view}, "takes 3 inputs");
  expectError({x.view, y.view, 2.0, 3.0}, "takes 3 inputs");
}

TEST_F(GroupErrorsTest, ScalarAndTensorSwapped) {
  expectError({x.view, 2.0, y.view}, "must be a tensor");
  expectError({x.view, y.view, y.view}, "must be a float scalar");
}

TEST_F(GroupErrorsTest, WrongRank) {
  expectError({y.view, y.view, 2.0}, "rank");
  Tensor z = fromDoubles(DType::Float32, {}, {1});
  expectError({x.view, z.view, 2.0}, "rank");
}

TEST_F(GroupErrorsTest, BadPointersAndStrides) {
  TensorView mis = x.view;
  mis.data = static_cast<char *>(mis.data) + 1;
  expectError({mis, y.view, 2.0}, "aligned");
  TensorView null = x.view;
  null.data = nullptr;
  expectError({null, y.view, 2.0}, "null");
  TensorView neg = x.view;
  neg.strides = {-3, 1};
  expectError({neg, y.view, 2.0}, "negative stride");
  TensorView negSize = y.view;
  negSize.sizes = {-1};
  expectError({x.view, negSize, 2.0}, "negative size");
  TensorView fewStrides = x.view;
  fewStrides.strides = {3};
  expectError({fewStrides, y.view, 2.0}, "strides");
  TensorView undef = y.view;
  undef.defined = false;
  expectError({x.view, undef, 2.0}, "undefined");
}

TEST_F(GroupErrorsTest, UnknownKey) {
  EXPECT_THROW(runFusion(-1, {x.view}), Error);
  EXPECT_THROW(runFusion(1 << 30, {x.view}), Error);
  EXPECT_THROW(getKernelSpec(1 << 30), Error);
  EXPECT_THROW(getGroupSource(-5), Error);
}

TEST_F(GroupErrorsTest, StaticSizesAreChecked) {
  std::string t = "tensor<4xf32>";
  int64_t k = registerFusion(groupSource(
      {{"x", t}}, "%r = fuser.neg %x : (" + t + ") -> " + t, t));
  Tensor ok = vecD(DType::Float32, {1, 2, 3, 4});
  EXPECT_EQ(doublesOf(runFusion(k, {ok.view})[0]), (Doubles{-1, -2, -3, -4}));
  Tensor bad = vecD(DType::Float32, {1, 2, 3});
  EXPECT_THROW(runFusion(k, {bad.view}), Error);
}

TEST_F(RegisterFusionTest, SourceErrorsAndSelection) {
  EXPECT_THROW(registerFusion("this is not MLIR"), Error);
  EXPECT_THROW(registerFusion("module {}"), Error);
  // A type error inside the group is reported with the diagnostic.
  try {
    registerFusion(groupSource(
        {{"x", f32_1}},
        "%r = fuser.neg %x : (" + f32_1 + ") -> " + ty(DType::Float64, 1),
        ty(DType::Float64, 1)));
    ADD_FAILURE() << "no error";
  } catch (const Error &e) {
    EXPECT_NE(std::string(e.what()).find("fuser.neg"), std::string::npos)
        << e.what();
  }
  std::string two =
      "fuser.group @first(%x: " + f32_1 + ") -> " + f32_1 + " {\n"
      "  %r = fuser.neg %x : (" + f32_1 + ") -> " + f32_1 + "\n"
      "  fuser.yield %r : " + f32_1 + "\n}\n"
      "fuser.group @second(%x: " + f32_1 + ") -> " + f32_1 + " {\n"
      "  %r = fuser.abs %x : (" + f32_1 + ") -> " + f32_1 + "\n"
      "  fuser.yield %r : " + f32_1 + "\n}\n";
  EXPECT_THROW(registerFusion(two), Error); // ambiguous
  EXPECT_THROW(registerFusion(two, "third"), Error);
  Tensor x = vecD(DType::Float32, {-2});
  EXPECT_EQ(doublesOf(runFusion(registerFusion(two, "first"), {x.view})[0]),
            (Doubles{2}));
  Tensor y = vecD(DType::Float32, {3});
  EXPECT_EQ(doublesOf(runFusion(registerFusion(two, "first"), {y.view})[0]),
            (Doubles{-3}));
  EXPECT_EQ(doublesOf(runFusion(registerFusion(two, "second"), {y.view})[0]),
            (Doubles{3}));
  EXPECT_NE(registerFusion(two, "first"), registerFusion(two, "second"));
}

} // namespace
