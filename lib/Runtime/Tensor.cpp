//===- Tensor.cpp - Tensor views, devices and allocators ------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/Tensor.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <numeric>
#include <unordered_map>

using namespace fuser;

std::string_view fuser::deviceTypeName(DeviceType type) {
  switch (type) {
  case DeviceType::CPU:
    return "cpu";
  case DeviceType::CUDA:
    return "cuda";
  case DeviceType::XPU:
    return "xpu";
  }
  return "unknown";
}

std::string Device::str() const {
  std::string s(deviceTypeName(type));
  if (type != DeviceType::CPU)
    s += ":" + std::to_string(index);
  return s;
}

int64_t TensorView::numel() const {
  int64_t n = 1;
  for (int64_t s : sizes)
    n *= s;
  return n;
}

std::vector<int64_t>
TensorView::contiguousStrides(const std::vector<int64_t> &sizes) {
  std::vector<int64_t> strides(sizes.size());
  int64_t stride = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    strides[i] = stride;
    stride *= std::max<int64_t>(sizes[i], 1);
  }
  return strides;
}

bool TensorView::isContiguous() const {
  int64_t expected = 1;
  for (size_t i = sizes.size(); i-- > 0;) {
    if (sizes[i] == 1)
      continue;
    if (strides[i] != expected)
      return false;
    expected *= sizes[i];
  }
  return true;
}

bool TensorView::isNonOverlappingAndDense() const {
  if (isContiguous())
    return true;
  std::vector<size_t> perm(sizes.size());
  std::iota(perm.begin(), perm.end(), 0);
  // Innermost first: sort by stride, size-1 dims anywhere.
  std::sort(perm.begin(), perm.end(), [&](size_t a, size_t b) {
    if (sizes[a] < 2 || sizes[b] < 2)
      return sizes[a] > sizes[b]; // size-1 dims last
    return strides[a] < strides[b];
  });
  int64_t expected = 1;
  for (size_t d : perm) {
    if (sizes[d] == 1)
      continue;
    if (strides[d] != expected)
      return false;
    expected *= sizes[d];
  }
  return true;
}

TensorView TensorView::narrow(int64_t d, int64_t start, int64_t length) const {
  TensorView v = *this;
  v.data = static_cast<char *>(data) +
           start * strides[d] * static_cast<int64_t>(elementSize(dtype));
  v.sizes[d] = length;
  return v;
}

namespace {
class CPUAllocator : public Allocator {
public:
  void *allocate(size_t bytes, Device, void *) override {
    // 64-byte alignment: vector loads of the CPU backend rely on it.
    size_t rounded = (std::max<size_t>(bytes, 1) + 63) / 64 * 64;
    void *p = std::aligned_alloc(64, rounded);
    if (!p)
      throw Error("out of host memory allocating " + std::to_string(bytes) +
                  " bytes");
    return p;
  }
  void deallocate(void *ptr) override { std::free(ptr); }
};

struct AllocatorTable {
  std::mutex mutex;
  std::unordered_map<int, std::shared_ptr<Allocator>> table;
  AllocatorTable() {
    table[static_cast<int>(DeviceType::CPU)] = std::make_shared<CPUAllocator>();
  }
};

AllocatorTable &allocators() {
  static AllocatorTable t;
  return t;
}
} // namespace

namespace {
thread_local void *allocationStream = nullptr;
} // namespace

void *fuser::currentAllocationStream() { return allocationStream; }

AllocationStreamScope::AllocationStreamScope(void *stream)
    : previous(allocationStream) {
  allocationStream = stream;
}

AllocationStreamScope::~AllocationStreamScope() {
  allocationStream = previous;
}

void fuser::registerAllocator(DeviceType type,
                              std::shared_ptr<Allocator> allocator) {
  AllocatorTable &t = allocators();
  std::lock_guard<std::mutex> lock(t.mutex);
  t.table[static_cast<int>(type)] = std::move(allocator);
}

std::shared_ptr<Allocator> fuser::getAllocator(DeviceType type) {
  AllocatorTable &t = allocators();
  std::lock_guard<std::mutex> lock(t.mutex);
  auto it = t.table.find(static_cast<int>(type));
  return it == t.table.end() ? nullptr : it->second;
}

Tensor Tensor::empty(DType dtype, const std::vector<int64_t> &sizes,
                     Device device, const std::vector<int64_t> &strides) {
  std::shared_ptr<Allocator> alloc = getAllocator(device.type);
  if (!alloc)
    throw Error("no allocator registered for device " + device.str());
  Tensor t;
  t.view.dtype = dtype;
  t.view.sizes = sizes;
  t.view.strides =
      strides.empty() ? TensorView::contiguousStrides(sizes) : strides;
  t.view.device = device;
  int64_t numel = t.view.numel();
  size_t bytes = static_cast<size_t>(numel) * elementSize(dtype);
  void *data = alloc->allocate(bytes, device, currentAllocationStream());
  t.view.data = data;
  t.storage = std::shared_ptr<void>(data, [alloc](void *p) {
    alloc->deallocate(p);
  });
  return t;
}
