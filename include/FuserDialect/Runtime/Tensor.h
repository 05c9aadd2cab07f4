//===- Tensor.h - Tensor views, devices and allocators ----------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The runtime's view of tensors: a data pointer with an element type, sizes
// and strides (in elements), and the device holding the data. Plain C++: the
// runtime links no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_RUNTIME_TENSOR_H
#define FUSERDIALECT_RUNTIME_TENSOR_H

#include "FuserDialect/Support/DType.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace fuser {

/// Device kinds the backend table is keyed by.
enum class DeviceType : int8_t { CPU = 0, CUDA = 1, XPU = 2 };

std::string_view deviceTypeName(DeviceType type);

/// The seed's device index of the CPU.
inline constexpr int16_t kCPUDevice = -1;

struct Device {
  DeviceType type = DeviceType::CPU;
  int16_t index = kCPUDevice;

  static Device cpu() { return {DeviceType::CPU, kCPUDevice}; }
  static Device cuda(int16_t index) { return {DeviceType::CUDA, index}; }
  bool operator==(const Device &o) const {
    return type == o.type && index == o.index;
  }
  bool operator!=(const Device &o) const { return !(*this == o); }
  std::string str() const;
};

/// Errors the runtime and the API report to callers (wrong arity, dtypes,
/// shapes; compile failures). Conditions under which a kernel merely cannot
/// run are not errors: the group then runs unfused.
class Error : public std::runtime_error {
public:
  using std::runtime_error::runtime_error;
};

/// A non-owning strided view of tensor data.
struct TensorView {
  void *data = nullptr;
  DType dtype = DType::Float32;
  std::vector<int64_t> sizes;
  std::vector<int64_t> strides; ///< in elements
  Device device;
  bool sparse = false;  ///< the seed falls back for sparse inputs
  bool defined = true;  ///< false for an undefined (absent) tensor

  int64_t dim() const { return static_cast<int64_t>(sizes.size()); }
  int64_t numel() const;
  /// Row-major contiguous strides for `sizes`.
  static std::vector<int64_t> contiguousStrides(const std::vector<int64_t> &s);
  bool isContiguous() const;
  /// True if the elements cover a dense block with no overlap, in any order
  /// of dimensions (contiguous, channels-last, transposed, ...).
  bool isNonOverlappingAndDense() const;
  /// A view of elements [start, start + length) along `dim`.
  TensorView narrow(int64_t dim, int64_t start, int64_t length) const;
};

/// Allocates device memory. The runtime allocates outputs through the
/// allocator registered for their device type.
class Allocator {
public:
  virtual ~Allocator() = default;
  /// `bytes` on `device`, for use on `stream` (devices with streams: a
  /// caching allocator may hand the block out again, once freed, to later
  /// work on the same stream only, as PyTorch's does).
  virtual void *allocate(size_t bytes, Device device, void *stream) = 0;
  /// Frees `ptr`, a block allocate() returned for the same bytes, device and
  /// stream (handed back so that no allocator needs a table of its blocks).
  virtual void deallocate(void *ptr, size_t bytes, Device device,
                          void *stream) = 0;
};

/// The stream Tensor::empty allocates for on this thread (nullptr: the
/// device's default stream). The API sets it for the duration of a launch.
void *currentAllocationStream();
class AllocationStreamScope {
public:
  explicit AllocationStreamScope(void *stream);
  ~AllocationStreamScope();
  AllocationStreamScope(const AllocationStreamScope &) = delete;
  AllocationStreamScope &operator=(const AllocationStreamScope &) = delete;

private:
  void *previous;
};

/// Registers the allocator for a device type (the CPU one is built in).
void registerAllocator(DeviceType type, std::shared_ptr<Allocator> allocator);
std::shared_ptr<Allocator> getAllocator(DeviceType type);

/// A tensor that owns (a share of) its storage.
struct Tensor {
  TensorView view;
  std::shared_ptr<void> storage;

  /// Allocates an uninitialised tensor with the given strides (contiguous if
  /// empty) on `device`.
  static Tensor empty(DType dtype, const std::vector<int64_t> &sizes,
                      Device device,
                      const std::vector<int64_t> &strides = {});
};

/// One group input: a tensor or a Python float.
using Argument = std::variant<TensorView, double>;

} // namespace fuser

#endif // FUSERDIALECT_RUNTIME_TENSOR_H
