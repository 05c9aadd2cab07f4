//===- BroadcastTest.cpp - Tests of shape broadcasting --------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Support/Broadcast.h"

#include "gtest/gtest.h"

#include <vector>

using namespace fuser;

namespace {

using Shape = std::vector<int64_t>;
constexpr int64_t kDyn = kDynamicSize;

// Broadcasts `b` into a copy of `a`; fails the test on a mismatch.
Shape broadcast(Shape a, const Shape &b) {
  auto mismatch = broadcastInto(a, b);
  EXPECT_FALSE(mismatch.has_value())
      << "unexpected mismatch at dim " << mismatch->dim;
  return a;
}

// Checks `a` and `b` broadcast to `expected` in both orders.
void expectBroadcast(const Shape &a, const Shape &b, const Shape &expected) {
  EXPECT_EQ(broadcast(a, b), expected);
  EXPECT_EQ(broadcast(b, a), expected);
}

TEST(BroadcastTest, DynamicSizeIsMlirDynamic) {
  // Must equal mlir::ShapedType::kDynamic (INT64_MIN in MLIR 22).
  EXPECT_EQ(kDynamicSize, std::numeric_limits<int64_t>::min());
}

TEST(BroadcastTest, EqualShapes) {
  expectBroadcast({2, 3}, {2, 3}, {2, 3});
  expectBroadcast({7}, {7}, {7});
  expectBroadcast({1, 1}, {1, 1}, {1, 1});
  expectBroadcast({4, 5, 6, 7}, {4, 5, 6, 7}, {4, 5, 6, 7});
}

TEST(BroadcastTest, RankGrowth) {
  expectBroadcast({3}, {2, 3}, {2, 3});
  expectBroadcast({4}, {2, 3, 4}, {2, 3, 4});
  expectBroadcast({3, 4}, {2, 3, 4}, {2, 3, 4});
  // Missing leading dimensions count as 1.
  expectBroadcast({5, 1}, {2, 1, 1}, {2, 5, 1});
}

TEST(BroadcastTest, SizeOneExpands) {
  expectBroadcast({1}, {5}, {5});
  expectBroadcast({2, 1}, {1, 3}, {2, 3});
  expectBroadcast({5, 1, 4}, {3, 1}, {5, 3, 4});
  expectBroadcast({1, 4, 1}, {6, 1, 7}, {6, 4, 7});
}

TEST(BroadcastTest, AccumulatesOverManyShapes) {
  // torch.broadcast_shapes((5, 1, 4), (3, 1), (1,), ()) == (5, 3, 4).
  Shape acc;
  ASSERT_FALSE(broadcastInto(acc, Shape{5, 1, 4}));
  ASSERT_FALSE(broadcastInto(acc, Shape{3, 1}));
  ASSERT_FALSE(broadcastInto(acc, Shape{1}));
  ASSERT_FALSE(broadcastInto(acc, Shape{}));
  EXPECT_EQ(acc, (Shape{5, 3, 4}));
}

TEST(BroadcastTest, PointerOverload) {
  const int64_t sizes[] = {9, 2, 1, 3};
  Shape acc = {4, 1};
  // Only the last two sizes of `sizes`: {1, 3}.
  ASSERT_FALSE(broadcastInto(acc, sizes + 2, 2));
  EXPECT_EQ(acc, (Shape{4, 3}));
  ASSERT_FALSE(broadcastInto(acc, sizes, 0));
  EXPECT_EQ(acc, (Shape{4, 3}));
}

TEST(BroadcastTest, DynamicWithOne) {
  expectBroadcast({kDyn}, {1}, {kDyn});
  expectBroadcast({kDyn, 1}, {1, kDyn}, {kDyn, kDyn});
  expectBroadcast({kDyn}, {3, 1}, {3, kDyn});
}

TEST(BroadcastTest, DynamicWithKnownSize) {
  // An unknown size must be 1 or 5 at run time; either way the result is 5.
  expectBroadcast({kDyn}, {5}, {5});
  expectBroadcast({kDyn, 3}, {4, kDyn}, {4, 3});
  expectBroadcast({2, kDyn, 7}, {kDyn, 6, kDyn}, {2, 6, 7});
}

TEST(BroadcastTest, DynamicWithDynamic) {
  expectBroadcast({kDyn}, {kDyn}, {kDyn});
  expectBroadcast({kDyn, kDyn}, {kDyn}, {kDyn, kDyn});
  // Rank growth with unknown sizes keeps them unknown.
  expectBroadcast({kDyn, 3}, {}, {kDyn, 3});
  expectBroadcast({kDyn}, {2, 1}, {2, kDyn});
}

TEST(BroadcastTest, ZeroDim) {
  expectBroadcast({}, {}, {});
  expectBroadcast({}, {2, 3}, {2, 3});
  expectBroadcast({}, {kDyn}, {kDyn});
  expectBroadcast({}, {0}, {0});
}

TEST(BroadcastTest, EmptyDimensions) {
  // A size of 0 is a real size: 1 expands to it, anything else but 0 clashes.
  expectBroadcast({0}, {1}, {0});
  expectBroadcast({0}, {0}, {0});
  expectBroadcast({2, 0}, {0}, {2, 0});
  expectBroadcast({1, 3}, {0, 1}, {0, 3});
  expectBroadcast({0}, {kDyn}, {0});

  Shape acc = {0};
  auto mismatch = broadcastInto(acc, Shape{3});
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->dim, 0u);
  EXPECT_EQ(mismatch->dimFromEnd, -1);
  EXPECT_EQ(mismatch->accSize, 0);
  EXPECT_EQ(mismatch->shapeSize, 3);
  EXPECT_EQ(acc, (Shape{0}));

  acc = {3};
  mismatch = broadcastInto(acc, Shape{0});
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->accSize, 3);
  EXPECT_EQ(mismatch->shapeSize, 0);
  EXPECT_EQ(acc, (Shape{3}));
}

TEST(BroadcastTest, MismatchInnermost) {
  Shape acc = {2, 3};
  auto mismatch = broadcastInto(acc, Shape{4});
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->dim, 1u);
  EXPECT_EQ(mismatch->dimFromEnd, -1);
  EXPECT_EQ(mismatch->accSize, 3);
  EXPECT_EQ(mismatch->shapeSize, 4);
  EXPECT_EQ(acc, (Shape{2, 3}));
}

TEST(BroadcastTest, MismatchReportsResultDimAndDimFromEnd) {
  // The clash is in the middle dimension of the rank-3 result.
  Shape acc = {2, 3, 4};
  auto mismatch = broadcastInto(acc, Shape{5, 4});
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->dim, 1u);
  EXPECT_EQ(mismatch->dimFromEnd, -2);
  EXPECT_EQ(mismatch->accSize, 3);
  EXPECT_EQ(mismatch->shapeSize, 5);
  EXPECT_EQ(acc, (Shape{2, 3, 4}));
}

TEST(BroadcastTest, MismatchWhenShapeHasHigherRank) {
  // `dim` indexes the result, whose rank is that of `shape` here.
  Shape acc = {3, 1};
  auto mismatch = broadcastInto(acc, Shape{6, 2, 5});
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->dim, 1u);
  EXPECT_EQ(mismatch->dimFromEnd, -2);
  EXPECT_EQ(mismatch->accSize, 3);
  EXPECT_EQ(mismatch->shapeSize, 2);
  // Unchanged, although the innermost dimension (1 vs 5) would broadcast.
  EXPECT_EQ(acc, (Shape{3, 1}));
}

TEST(BroadcastTest, MismatchReportsOutermostFirstAndLeavesAccUnchanged) {
  // Both dimensions clash; the first (outermost) one is reported.
  Shape acc = {kDyn, 2, 3};
  auto mismatch = broadcastInto(acc, Shape{4, 5});
  ASSERT_TRUE(mismatch.has_value());
  EXPECT_EQ(mismatch->dim, 1u);
  EXPECT_EQ(mismatch->dimFromEnd, -2);
  EXPECT_EQ(mismatch->accSize, 2);
  EXPECT_EQ(mismatch->shapeSize, 4);
  EXPECT_EQ(acc, (Shape{kDyn, 2, 3}));
}

TEST(BroadcastTest, IsExpandableTo) {
  EXPECT_TRUE(isExpandableTo({2, 3}, {2, 3}));
  EXPECT_TRUE(isExpandableTo({3}, {2, 3}));
  EXPECT_TRUE(isExpandableTo({1, 3}, {4, 3}));
  EXPECT_TRUE(isExpandableTo({3, 1}, {3, 4}));
  EXPECT_TRUE(isExpandableTo({1}, {2, 3, 4}));
  EXPECT_TRUE(isExpandableTo({}, {}));
  EXPECT_TRUE(isExpandableTo({}, {4, 5}));
  EXPECT_TRUE(isExpandableTo({1}, {0}));
  EXPECT_TRUE(isExpandableTo({0}, {0}));
  EXPECT_TRUE(isExpandableTo({0, 1}, {2, 0, 6}));

  // Ranks never shrink, even when the extra sizes are 1.
  EXPECT_FALSE(isExpandableTo({2, 3}, {3}));
  EXPECT_FALSE(isExpandableTo({1, 3}, {3}));
  EXPECT_FALSE(isExpandableTo({4}, {}));
  // A size other than 1 must match exactly.
  EXPECT_FALSE(isExpandableTo({2}, {3}));
  EXPECT_FALSE(isExpandableTo({3, 1}, {4, 1}));
  EXPECT_FALSE(isExpandableTo({0}, {1}));
  EXPECT_FALSE(isExpandableTo({3}, {3, 1}));
  // Right-aligned: {2, 1} aligns with the last two sizes of {2, 3, 1}.
  EXPECT_FALSE(isExpandableTo({2, 1}, {2, 3, 1}));
  // Expansion only goes one way.
  EXPECT_FALSE(isExpandableTo({2, 3}, {1, 3}));
}

} // namespace
