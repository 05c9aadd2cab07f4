//===- TensorTest.cpp - TensorView, Tensor and allocators -----------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/Tensor.h"

#include "gtest/gtest.h"

#include <atomic>
#include <cstdint>

using namespace fuser;

namespace {

using Ints = std::vector<int64_t>;

TensorView view(Ints sizes, Ints strides, DType dtype = DType::Float32) {
  TensorView v;
  v.dtype = dtype;
  v.sizes = std::move(sizes);
  v.strides = std::move(strides);
  return v;
}

TEST(TensorViewTest, NumelAndContiguousStrides) {
  EXPECT_EQ(view({}, {}).numel(), 1);
  EXPECT_EQ(view({2, 3, 4}, {12, 4, 1}).numel(), 24);
  EXPECT_EQ(view({2, 0, 4}, {4, 4, 1}).numel(), 0);
  EXPECT_EQ(TensorView::contiguousStrides({2, 3, 4}), (Ints{12, 4, 1}));
  EXPECT_EQ(TensorView::contiguousStrides({}), Ints{});
  // Size-0 dims count as 1 in the strides (as PyTorch's).
  EXPECT_EQ(TensorView::contiguousStrides({2, 0, 4}), (Ints{4, 4, 1}));
}

TEST(TensorViewTest, IsContiguous) {
  EXPECT_TRUE(view({2, 3, 4}, {12, 4, 1}).isContiguous());
  EXPECT_TRUE(view({}, {}).isContiguous());
  EXPECT_FALSE(view({3, 4}, {1, 3}).isContiguous());
  EXPECT_FALSE(view({4, 3}, {6, 1}).isContiguous()); // a slice
  EXPECT_FALSE(view({4, 4}, {0, 1}).isContiguous()); // expanded
  // Strides of size-1 dims do not matter.
  EXPECT_TRUE(view({3, 1, 4}, {4, 99, 1}).isContiguous());
  EXPECT_TRUE(view({1, 5}, {1, 1}).isContiguous());
}

TEST(TensorViewTest, IsNonOverlappingAndDense) {
  // Channels-last NCHW [2, 3, 4, 5]: strides [60, 1, 15, 3].
  TensorView cl = view({2, 3, 4, 5}, {60, 1, 15, 3});
  EXPECT_FALSE(cl.isContiguous());
  EXPECT_TRUE(cl.isNonOverlappingAndDense());
  EXPECT_TRUE(view({3, 4}, {1, 3}).isNonOverlappingAndDense());
  EXPECT_TRUE(view({2, 3, 4}, {12, 4, 1}).isNonOverlappingAndDense());
  // A permutation with size-1 dims anywhere.
  EXPECT_TRUE(view({4, 1, 3}, {1, 7, 4}).isNonOverlappingAndDense());
  // Gaps, overlaps, expansion.
  EXPECT_FALSE(view({4, 3}, {6, 1}).isNonOverlappingAndDense());
  EXPECT_FALSE(view({2, 3}, {1, 1}).isNonOverlappingAndDense());
  EXPECT_FALSE(view({4, 4}, {0, 1}).isNonOverlappingAndDense());
  EXPECT_FALSE(view({4}, {2}).isNonOverlappingAndDense());
}

TEST(TensorViewTest, Narrow) {
  alignas(8) float data[24];
  TensorView v = view({2, 3, 4}, {12, 4, 1});
  v.data = data;
  TensorView n = v.narrow(1, 1, 2);
  EXPECT_EQ(n.data, static_cast<void *>(data + 4));
  EXPECT_EQ(n.sizes, (Ints{2, 2, 4}));
  EXPECT_EQ(n.strides, v.strides);
  TensorView d = view({5}, {1}, DType::Float64);
  alignas(8) double dd[5];
  d.data = dd;
  EXPECT_EQ(d.narrow(0, 3, 2).data, static_cast<void *>(dd + 3));
}

TEST(DeviceTest, Names) {
  EXPECT_EQ(Device::cpu().str(), "cpu");
  EXPECT_EQ(Device::cuda(1).str(), "cuda:1");
  EXPECT_EQ((Device{DeviceType::XPU, 0}).str(), "xpu:0");
  EXPECT_EQ(Device::cpu().index, kCPUDevice);
  EXPECT_NE(Device::cuda(0), Device::cuda(1));
  EXPECT_EQ(Device::cuda(2), Device::cuda(2));
  EXPECT_EQ(deviceTypeName(DeviceType::CUDA), "cuda");
}

TEST(TensorTest, EmptyAllocatesAlignedHostMemory) {
  Tensor t = Tensor::empty(DType::Float64, {3, 5}, Device::cpu());
  ASSERT_NE(t.view.data, nullptr);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(t.view.data) % 64, 0u);
  EXPECT_EQ(t.view.dtype, DType::Float64);
  EXPECT_EQ(t.view.sizes, (Ints{3, 5}));
  EXPECT_EQ(t.view.strides, (Ints{5, 1}));
  EXPECT_EQ(t.view.device, Device::cpu());
  EXPECT_TRUE(t.view.defined);
  // The memory is writable over its whole extent.
  auto *p = static_cast<double *>(t.view.data);
  for (int i = 0; i < 15; ++i)
    p[i] = i;
  EXPECT_EQ(p[14], 14);
  // Explicit strides are kept (channels-last).
  Tensor cl = Tensor::empty(DType::Float32, {2, 3, 4, 5}, Device::cpu(),
                            {60, 1, 15, 3});
  EXPECT_EQ(cl.view.strides, (Ints{60, 1, 15, 3}));
  // Empty and 0-dim tensors.
  Tensor e = Tensor::empty(DType::Int8, {0, 3}, Device::cpu());
  EXPECT_EQ(e.view.numel(), 0);
  Tensor s = Tensor::empty(DType::Int32, {}, Device::cpu());
  EXPECT_NE(s.view.data, nullptr);
}

TEST(TensorTest, HostBlocksOfAMiBOrMoreAreReused) {
  // Large outputs come back from the allocator's cache instead of fresh
  // (page-faulting) memory; small ones are plain aligned allocations.
  void *first;
  {
    Tensor a = Tensor::empty(DType::Float32, {1 << 20}, Device::cpu());
    first = a.view.data;
    EXPECT_EQ(reinterpret_cast<uintptr_t>(first) % 64, 0u);
    static_cast<float *>(first)[(1 << 20) - 1] = 1.0f;
  }
  Tensor b = Tensor::empty(DType::Float32, {1 << 20}, Device::cpu());
  EXPECT_EQ(b.view.data, first);
  // Another size class gets another block; the reused one is still in use.
  Tensor c = Tensor::empty(DType::Float32, {3 << 20}, Device::cpu());
  EXPECT_NE(c.view.data, first);
  Tensor small = Tensor::empty(DType::Int8, {7}, Device::cpu());
  EXPECT_EQ(reinterpret_cast<uintptr_t>(small.view.data) % 64, 0u);
}

class CountingAllocator : public Allocator {
public:
  std::atomic<int> allocs{0}, frees{0};
  std::atomic<size_t> lastBytes{0};
  void *allocate(size_t bytes, Device, void *) override {
    ++allocs;
    lastBytes = bytes;
    return ::operator new(bytes + 1);
  }
  void deallocate(void *p, size_t bytes, Device, void *) override {
    ++frees;
    EXPECT_EQ(bytes, lastBytes.load());
    ::operator delete(p);
  }
};

TEST(TensorTest, DeviceAllocators) {
  // No allocator for XPU: an error, not a crash.
  EXPECT_THROW(Tensor::empty(DType::Float32, {4}, Device{DeviceType::XPU, 0}),
               Error);
  auto alloc = std::make_shared<CountingAllocator>();
  registerAllocator(DeviceType::XPU, alloc);
  EXPECT_EQ(getAllocator(DeviceType::XPU), alloc);
  {
    Tensor t = Tensor::empty(DType::Float16, {3, 4}, Device{DeviceType::XPU, 1});
    EXPECT_EQ(alloc->allocs, 1);
    EXPECT_EQ(alloc->lastBytes, 24u);
    EXPECT_EQ(t.view.device, (Device{DeviceType::XPU, 1}));
    Tensor copy = t; // shares the storage
    EXPECT_EQ(alloc->frees, 0);
  }
  EXPECT_EQ(alloc->frees, 1);
  registerAllocator(DeviceType::XPU, nullptr);
  EXPECT_EQ(getAllocator(DeviceType::XPU), nullptr);
  EXPECT_THROW(Tensor::empty(DType::Float32, {4}, Device{DeviceType::XPU, 0}),
               Error);
  EXPECT_NE(getAllocator(DeviceType::CPU), nullptr);
}

} // namespace
