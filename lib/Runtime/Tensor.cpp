//===- Tensor.cpp - Tensor views, devices and allocators ------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/Tensor.h"

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <map>
#include <mutex>
#include <numeric>
#include <sys/mman.h>

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
/// Host memory, 64-byte aligned (vector loads of the CPU backend rely on
/// it). Blocks of 1 MiB and more are kept when freed and handed out again for
/// the same rounded size: a fresh block that large comes from mmap, and
/// touching it page by page cost more than the whole kernel for outputs of a
/// few hundred MiB (bench/results: 49k page faults per call for concat3).
/// Large blocks are 2 MiB aligned and asked to use huge pages. At most
/// FUSER_CPU_CACHE_MB (default 1024) MiB stay cached.
class CPUAllocator : public Allocator {
public:
  CPUAllocator() {
    if (const char *v = std::getenv("FUSER_CPU_CACHE_MB"))
      limit = static_cast<size_t>(std::strtoull(v, nullptr, 10)) << 20;
  }
  ~CPUAllocator() override {
    for (auto &[size, blocks] : cache)
      for (void *p : blocks)
        std::free(p);
  }

  void *allocate(size_t bytes, Device, void *) override {
    if (bytes < kLarge) {
      size_t rounded = (std::max<size_t>(bytes, 1) + 63) / 64 * 64;
      return check(std::aligned_alloc(64, rounded), bytes);
    }
    size_t rounded = roundLarge(bytes);
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto it = cache.find(rounded);
      if (it != cache.end() && !it->second.empty()) {
        void *p = it->second.back();
        it->second.pop_back();
        cached -= rounded;
        return p;
      }
    }
    void *p = check(std::aligned_alloc(kHuge, rounded), bytes);
#ifdef MADV_HUGEPAGE
    ::madvise(p, rounded, MADV_HUGEPAGE);
#endif
    return p;
  }

  void deallocate(void *ptr, size_t bytes, Device, void *) override {
    if (bytes >= kLarge) {
      size_t rounded = roundLarge(bytes);
      std::lock_guard<std::mutex> lock(mutex);
      if (cached + rounded <= limit) {
        cache[rounded].push_back(ptr);
        cached += rounded;
        return;
      }
    }
    std::free(ptr);
  }

private:
  static constexpr size_t kLarge = size_t(1) << 20, kHuge = size_t(2) << 20;

  static size_t roundLarge(size_t bytes) {
    return (bytes + kHuge - 1) / kHuge * kHuge;
  }

  static void *check(void *p, size_t bytes) {
    if (!p)
      throw Error("out of host memory allocating " + std::to_string(bytes) +
                  " bytes");
    return p;
  }

  std::mutex mutex;
  std::map<size_t, std::vector<void *>> cache;
  size_t cached = 0;
  size_t limit = size_t(1024) << 20;
};

/// The allocators by device type. Tensor::empty reads `current` without a
/// lock; every allocator ever registered stays alive in `kept`, so that a
/// storage can refer to its allocator by a plain pointer, also after a
/// replacement (registrations are rare: one per device type and process).
struct AllocatorTable {
  static constexpr int kNumTypes = 3; // DeviceType::CPU, CUDA, XPU
  std::mutex mutex;
  std::shared_ptr<Allocator> table[kNumTypes];
  std::vector<std::shared_ptr<Allocator>> kept;
  std::atomic<Allocator *> current[kNumTypes] = {};
  AllocatorTable() { set(DeviceType::CPU, std::make_shared<CPUAllocator>()); }
  /// Under `mutex` (or in the constructor).
  void set(DeviceType type, std::shared_ptr<Allocator> allocator) {
    int i = static_cast<int>(type);
    if (allocator)
      kept.push_back(allocator);
    current[i].store(allocator.get(), std::memory_order_release);
    table[i] = std::move(allocator);
  }
};

AllocatorTable &allocators() {
  // Never destroyed: storages released during exit (outputs a Python
  // interpreter frees late) still reach their allocators.
  static AllocatorTable *t = new AllocatorTable;
  return *t;
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
  t.set(type, std::move(allocator));
}

std::shared_ptr<Allocator> fuser::getAllocator(DeviceType type) {
  AllocatorTable &t = allocators();
  std::lock_guard<std::mutex> lock(t.mutex);
  return t.table[static_cast<int>(type)];
}

Tensor Tensor::empty(DType dtype, const std::vector<int64_t> &sizes,
                     Device device, const std::vector<int64_t> &strides) {
  Allocator *alloc = allocators().current[static_cast<int>(device.type)].load(
      std::memory_order_acquire);
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
  void *stream = currentAllocationStream();
  void *data = alloc->allocate(bytes, device, stream);
  t.view.data = data;
  t.storage = std::shared_ptr<void>(
      data, [=](void *p) { alloc->deallocate(p, bytes, device, stream); });
  return t;
}
