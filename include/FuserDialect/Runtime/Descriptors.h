//===- Descriptors.h - Kernel specialisation descriptors --------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// What a compiled kernel is specialised on, mirroring the seed: per tensor a
// dtype and contiguity pattern (TensorDesc), per call the list of them plus
// the device (ArgSpec, the kernel cache key), and how inputs are chunked or
// outputs concatenated (PartitionDesc). Sizes are never part of a key.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_RUNTIME_DESCRIPTORS_H
#define FUSERDIALECT_RUNTIME_DESCRIPTORS_H

#include "FuserDialect/Runtime/Tensor.h"

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace fuser {

/// Element type and contiguity bits. Bit i is true iff dimension i can be
/// merged with dimension i + 1 (stride[i] == size[i+1] * stride[i+1]); the
/// last bit says the innermost stride is 1.
struct TensorDesc {
  DType dtype = DType::Float32;
  std::vector<bool> contiguity;

  TensorDesc() = default;
  TensorDesc(DType dtype, std::vector<bool> contiguity)
      : dtype(dtype), contiguity(std::move(contiguity)) {}
  TensorDesc(DType dtype, const std::vector<int64_t> &sizes,
             const std::vector<int64_t> &strides);
  /// The contiguity bits of sizes/strides (see above).
  static std::vector<bool> contiguityOf(const std::vector<int64_t> &sizes,
                                        const std::vector<int64_t> &strides);
  explicit TensorDesc(const TensorView &view)
      : TensorDesc(view.dtype, view.sizes, view.strides) {}

  /// Rank after merging contiguous runs: 0 for a 0-dim tensor, else the
  /// number of false bits plus one if the last bit is true.
  size_t nDim() const;
  bool lastIsContiguous() const;
  bool isContiguous() const;

  bool operator==(const TensorDesc &o) const {
    return dtype == o.dtype && contiguity == o.contiguity;
  }
  bool operator!=(const TensorDesc &o) const { return !(*this == o); }
  size_t hash() const;
  std::string str() const;
};

/// Sizes and strides of a tensor with contiguous runs merged as `desc`
/// says: each merged dimension has the product of the run's sizes and the
/// stride of its last dimension.
struct CompressedShape {
  std::vector<int64_t> sizes;
  std::vector<int64_t> strides;
};
/// Fails (returns nullopt) if the strides do not match the descriptor.
std::optional<CompressedShape>
compressContiguous(const std::vector<int64_t> &sizes,
                   const std::vector<int64_t> &strides,
                   const std::vector<bool> &contiguity);

/// How a tensor is split (chunked input) or assembled (concatenated output):
/// `nSubTensors` equal slices along `dim`. One sub-tensor means no partition.
struct PartitionDesc {
  size_t nSubTensors = 1;
  size_t dim = 0;
  /// The descriptor of each slice: the whole tensor's, with bit dim-1 forced
  /// false since a slice cannot merge dim-1 with dim.
  std::optional<TensorDesc> subTensorDesc;

  PartitionDesc() = default;
  PartitionDesc(const TensorDesc &whole, size_t nSubTensors, size_t dim);
  bool isNoop() const { return nSubTensors == 1; }
};

/// The kernel cache key: the descriptor of every tensor input after
/// broadcasting to the map size, the contiguity of every output (outputs keep
/// the memory format of dense inputs, so their layout varies too), the
/// device, and the width of the kernel's index arithmetic (32 when every
/// element offset of the launch fits in int32, which GPU kernels exploit).
class ArgSpec {
public:
  ArgSpec(std::vector<TensorDesc> descs, Device device,
          std::vector<std::vector<bool>> outputContiguity = {},
          unsigned indexBitwidth = 64);

  const std::vector<TensorDesc> &descs() const { return descs_; }
  const std::vector<std::vector<bool>> &outputContiguity() const {
    return outputContiguity_;
  }
  Device device() const { return device_; }
  unsigned indexBitwidth() const { return indexBitwidth_; }
  size_t hash() const { return hash_; }
  bool operator==(const ArgSpec &o) const {
    return hash_ == o.hash_ && device_ == o.device_ && descs_ == o.descs_ &&
           outputContiguity_ == o.outputContiguity_ &&
           indexBitwidth_ == o.indexBitwidth_;
  }
  bool operator!=(const ArgSpec &o) const { return !(*this == o); }
  std::string str() const;

private:
  std::vector<TensorDesc> descs_;
  std::vector<std::vector<bool>> outputContiguity_;
  Device device_;
  unsigned indexBitwidth_;
  size_t hash_;
};

struct ArgSpecHash {
  size_t operator()(const ArgSpec &spec) const { return spec.hash(); }
};

} // namespace fuser

#endif // FUSERDIALECT_RUNTIME_DESCRIPTORS_H
