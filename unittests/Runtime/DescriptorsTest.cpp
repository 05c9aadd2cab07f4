//===- DescriptorsTest.cpp - TensorDesc, ArgSpec, PartitionDesc -----------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The kernel specialisation descriptors against the seed's definitions (spec
// 2.2-2.4 and 3.5.1), including a property test of compressContiguous over
// random layouts: the compressed shape must visit exactly the elements the
// original one does, in the same order.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/Descriptors.h"

#include "gtest/gtest.h"

#include <algorithm>
#include <numeric>
#include <random>
#include <unordered_map>

using namespace fuser;

namespace {

using Bits = std::vector<bool>;
using Ints = std::vector<int64_t>;

TEST(TensorDescTest, SpecExamples) {
  // A fully contiguous tensor of any rank >= 1 has nDim 1.
  for (const Ints &sizes : std::vector<Ints>{{5}, {2, 3}, {2, 3, 4}, {2, 1, 3, 4, 5}}) {
    TensorDesc d(DType::Float32, sizes, TensorView::contiguousStrides(sizes));
    EXPECT_EQ(d.contiguity, Bits(sizes.size(), true));
    EXPECT_EQ(d.nDim(), 1u);
    EXPECT_TRUE(d.isContiguous());
    EXPECT_TRUE(d.lastIsContiguous());
  }
  // Transposed 2-D: [false, false], nDim 2.
  TensorDesc t(DType::Float32, {3, 4}, {1, 3});
  EXPECT_EQ(t.contiguity, (Bits{false, false}));
  EXPECT_EQ(t.nDim(), 2u);
  EXPECT_FALSE(t.lastIsContiguous());
  EXPECT_FALSE(t.isContiguous());
  // [4, 4] expanded from a row: strides [0, 1] -> [false, true], nDim 2.
  TensorDesc e(DType::Float32, {4, 4}, {0, 1});
  EXPECT_EQ(e.contiguity, (Bits{false, true}));
  EXPECT_EQ(e.nDim(), 2u);
  EXPECT_TRUE(e.lastIsContiguous());
  // 0-dim: no bits, nDim 0, last "contiguous".
  TensorDesc z(DType::Float64, Ints{}, Ints{});
  EXPECT_TRUE(z.contiguity.empty());
  EXPECT_EQ(z.nDim(), 0u);
  EXPECT_TRUE(z.lastIsContiguous());
}

TEST(TensorDescTest, BitsFollowStrideArithmeticOnly) {
  // Two adjacent stride-0 dims: the outer bit is true (0 == size * 0).
  TensorDesc a(DType::Float32, {2, 3}, {0, 0});
  EXPECT_EQ(a.contiguity, (Bits{true, false}));
  EXPECT_EQ(a.nDim(), 1u);
  // Size-1 dims are not special-cased.
  EXPECT_EQ(TensorDesc(DType::Float32, {3, 1}, {1, 1}).contiguity,
            (Bits{true, true}));
  EXPECT_EQ(TensorDesc(DType::Float32, {3, 1}, {1, 7}).contiguity,
            (Bits{false, false}));
  // A sliced row-major tensor: [4, 3] out of [4, 6].
  TensorDesc s(DType::Float32, {4, 3}, {6, 1});
  EXPECT_EQ(s.contiguity, (Bits{false, true}));
  EXPECT_EQ(s.nDim(), 2u);
  // Stepped innermost: [2, 3, 4] strides [24, 8, 2] merge fully but the last
  // stride is not 1.
  TensorDesc st(DType::Float32, {2, 3, 4}, {24, 8, 2});
  EXPECT_EQ(st.contiguity, (Bits{true, true, false}));
  EXPECT_EQ(st.nDim(), 1u);
  // nDim = false bits + (last bit true).
  EXPECT_EQ(TensorDesc(DType::Int8, Bits{false, true, false, true}).nDim(), 3u);
  EXPECT_EQ(TensorDesc(DType::Int8, Bits{false, false, false}).nDim(), 3u);
  EXPECT_EQ(TensorDesc(DType::Int8, Bits{true, false}).nDim(), 1u);
  // Built from a view.
  TensorView v;
  v.dtype = DType::Int16;
  v.sizes = {3, 4};
  v.strides = {1, 3};
  TensorDesc fromView(v);
  EXPECT_EQ(fromView.dtype, DType::Int16);
  EXPECT_EQ(fromView.contiguity, (Bits{false, false}));
}

TEST(TensorDescTest, EqualityAndHash) {
  TensorDesc a(DType::Float32, Bits{true, false});
  TensorDesc b(DType::Float32, Bits{true, false});
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_NE(a, TensorDesc(DType::Float16, Bits{true, false}));
  EXPECT_NE(a, TensorDesc(DType::Float32, Bits{false, true}));
  EXPECT_NE(a, TensorDesc(DType::Float32, Bits{true, false, true}));
  // Different descs hash differently (not required in general, but these
  // cases would indicate a hash that ignores a field).
  EXPECT_NE(a.hash(), TensorDesc(DType::Float16, Bits{true, false}).hash());
  EXPECT_NE(a.hash(), TensorDesc(DType::Float32, Bits{false, true}).hash());
  EXPECT_EQ(a.str(), "f32[10]");
}

TEST(ArgSpecTest, EqualityAndHash) {
  std::vector<TensorDesc> descs = {TensorDesc(DType::Float32, Bits{true}),
                                   TensorDesc(DType::Float32, Bits{false, true})};
  ArgSpec a(descs, Device::cpu(), {Bits{true}});
  ArgSpec b(descs, Device::cpu(), {Bits{true}});
  EXPECT_EQ(a, b);
  EXPECT_EQ(a.hash(), b.hash());
  EXPECT_EQ(ArgSpecHash()(a), a.hash());
  // Differs by device type and by device index.
  ArgSpec cuda0(descs, Device::cuda(0), {Bits{true}});
  ArgSpec cuda1(descs, Device::cuda(1), {Bits{true}});
  EXPECT_NE(a, cuda0);
  EXPECT_NE(cuda0, cuda1);
  EXPECT_NE(a.hash(), cuda0.hash());
  EXPECT_NE(cuda0.hash(), cuda1.hash());
  // Differs by output contiguity (channels-last outputs vs contiguous).
  ArgSpec other(descs, Device::cpu(), {Bits{false}});
  EXPECT_NE(a, other);
  EXPECT_NE(a.hash(), other.hash());
  EXPECT_NE(a, ArgSpec(descs, Device::cpu()));
  // Differs by an input desc.
  std::vector<TensorDesc> descs2 = descs;
  descs2[1].dtype = DType::Float64;
  EXPECT_NE(a, ArgSpec(descs2, Device::cpu(), {Bits{true}}));
  // Works as an unordered_map key.
  std::unordered_map<ArgSpec, int, ArgSpecHash> map;
  map.emplace(a, 1);
  map.emplace(cuda0, 2);
  map.emplace(other, 3);
  EXPECT_EQ(map.size(), 3u);
  EXPECT_EQ(map.at(b), 1);
  EXPECT_EQ(map.at(ArgSpec(descs, Device::cuda(0), {Bits{true}})), 2);
}

TEST(CompressContiguousTest, MergesRuns) {
  auto c = compressContiguous({2, 3, 4}, {12, 4, 1}, {true, true, true});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->sizes, (Ints{24}));
  EXPECT_EQ(c->strides, (Ints{1}));

  c = compressContiguous({3, 4}, {1, 3}, {false, false});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->sizes, (Ints{3, 4}));
  EXPECT_EQ(c->strides, (Ints{1, 3}));

  c = compressContiguous({4, 4}, {0, 1}, {false, true});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->sizes, (Ints{4, 4}));
  EXPECT_EQ(c->strides, (Ints{0, 1}));

  // Outer dim not mergeable, inner two merged.
  c = compressContiguous({2, 3, 4}, {24, 4, 1}, {false, true, true});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->sizes, (Ints{2, 12}));
  EXPECT_EQ(c->strides, (Ints{24, 1}));

  // Everything merges, innermost stride 2: the run keeps the last stride.
  c = compressContiguous({2, 3, 4}, {24, 8, 2}, {true, true, false});
  ASSERT_TRUE(c);
  EXPECT_EQ(c->sizes, (Ints{24}));
  EXPECT_EQ(c->strides, (Ints{2}));

  // 0-dim.
  c = compressContiguous({}, {}, {});
  ASSERT_TRUE(c);
  EXPECT_TRUE(c->sizes.empty());
}

TEST(CompressContiguousTest, RejectsMismatchingStrides) {
  // Descriptor says contiguous, tensor is transposed.
  EXPECT_FALSE(compressContiguous({3, 4}, {1, 3}, {true, true}));
  // Merge relation holds but the innermost stride is not 1.
  EXPECT_FALSE(compressContiguous({3, 4}, {8, 2}, {true, true}));
  EXPECT_FALSE(compressContiguous({4}, {2}, {true}));
  // Merge relation broken in the middle.
  EXPECT_FALSE(compressContiguous({2, 3, 4}, {13, 4, 1}, {true, true, true}));
  // Length mismatches.
  EXPECT_FALSE(compressContiguous({2, 3}, {3}, {true, true}));
  EXPECT_FALSE(compressContiguous({2, 3}, {3, 1}, {true}));
}

/// Offsets visited, in row-major order, by sizes/strides.
Ints offsets(const Ints &sizes, const Ints &strides) {
  Ints out;
  int64_t n = 1;
  for (int64_t s : sizes)
    n *= s;
  for (int64_t lin = 0; lin < n; ++lin) {
    int64_t rem = lin, off = 0;
    for (size_t d = sizes.size(); d-- > 0;) {
      off += (rem % sizes[d]) * strides[d];
      rem /= sizes[d];
    }
    out.push_back(off);
  }
  return out;
}

TEST(CompressContiguousTest, RandomLayoutsPreserveElementOrder) {
  std::mt19937 gen(99);
  for (int iter = 0; iter < 3000; ++iter) {
    size_t rank = 1 + gen() % 5;
    Ints sizes(rank);
    for (auto &s : sizes)
      s = 1 + gen() % 4;
    // Start from a contiguous parent possibly larger (slicing), permute some
    // dims (transposes), and zero some strides (expansion).
    Ints parent = sizes;
    for (auto &p : parent)
      if (gen() % 3 == 0)
        p += 1 + gen() % 3;
    Ints strides = TensorView::contiguousStrides(parent);
    if (gen() % 3 == 0) {
      size_t a = gen() % rank, b = gen() % rank;
      std::swap(strides[a], strides[b]);
    }
    for (size_t d = 0; d < rank; ++d)
      if (gen() % 5 == 0)
        strides[d] = 0;
    if (gen() % 4 == 0)
      for (auto &s : strides)
        s *= 2;
    TensorDesc desc(DType::Float32, sizes, strides);
    auto c = compressContiguous(sizes, strides, desc.contiguity);
    ASSERT_TRUE(c);
    EXPECT_EQ(c->sizes.size(), desc.nDim());
    EXPECT_EQ(c->strides.size(), desc.nDim());
    if (desc.lastIsContiguous() && !c->strides.empty())
      EXPECT_EQ(c->strides.back(), 1);
    ASSERT_EQ(offsets(c->sizes, c->strides), offsets(sizes, strides));
  }
}

TEST(PartitionDescTest, SubTensorDescriptor) {
  PartitionDesc noop;
  EXPECT_TRUE(noop.isNoop());
  EXPECT_EQ(noop.nSubTensors, 1u);
  EXPECT_EQ(noop.dim, 0u);
  EXPECT_FALSE(noop.subTensorDesc);

  TensorDesc whole(DType::Float16, Bits{true, true, true});
  PartitionDesc p1(whole, 4, 1);
  EXPECT_FALSE(p1.isNoop());
  EXPECT_EQ(p1.nSubTensors, 4u);
  EXPECT_EQ(p1.dim, 1u);
  ASSERT_TRUE(p1.subTensorDesc);
  EXPECT_EQ(p1.subTensorDesc->contiguity, (Bits{false, true, true}));
  EXPECT_EQ(p1.subTensorDesc->dtype, DType::Float16);

  PartitionDesc p0(whole, 2, 0);
  ASSERT_TRUE(p0.subTensorDesc);
  EXPECT_EQ(p0.subTensorDesc->contiguity, (Bits{true, true, true}));

  PartitionDesc p2(whole, 3, 2);
  ASSERT_TRUE(p2.subTensorDesc);
  EXPECT_EQ(p2.subTensorDesc->contiguity, (Bits{true, false, true}));

  // A single sub-tensor is the no-op partition.
  PartitionDesc one(whole, 1, 2);
  EXPECT_TRUE(one.isNoop());
  EXPECT_FALSE(one.subTensorDesc);

  // The sub-descriptor describes a real slice: chunk 1 of 4 along dim 1 of a
  // contiguous [2, 8, 3] tensor compresses with it.
  Ints strides = TensorView::contiguousStrides({2, 8, 3});
  EXPECT_EQ(TensorDesc(DType::Float16, {2, 2, 3}, strides).contiguity,
            p1.subTensorDesc->contiguity);
  EXPECT_TRUE(compressContiguous({2, 2, 3}, strides,
                                 p1.subTensorDesc->contiguity));
  EXPECT_FALSE(compressContiguous({2, 2, 3}, strides, whole.contiguity));
}

} // namespace
