//===- KernelSpec.h - A registered group and its kernel cache ---*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_RUNTIME_KERNELSPEC_H
#define FUSERDIALECT_RUNTIME_KERNELSPEC_H

#include "FuserDialect/Runtime/Backend.h"

#include <mutex>
#include <unordered_map>

namespace fuser {

/// How one tensor input is chunked or one output concatenated.
struct PartitionInfo {
  size_t nSubTensors = 1;
  size_t dim = 0; ///< normalised (never negative)
  bool isNoop() const { return nSubTensors == 1; }
};

/// The device-independent facts of a registered group, computed once by
/// registerFusion, and the kernels compiled for it so far.
class KernelSpec {
public:
  int64_t key = -1;
  /// The normalised group (printed IR); equal text means one spec.
  std::string graphText;
  size_t nInputs = 0;
  size_t nTensorInputs = 0;
  size_t nOutputs = 0;
  /// Declared rank of each tensor input.
  std::vector<size_t> inputRanks;
  /// For each output (for each operand of a concatenated output), the sorted
  /// tensor inputs it depends on. All of them must broadcast to one map size.
  std::vector<std::vector<size_t>> inputBroadcastGroups;
  /// One entry per tensor input.
  std::vector<PartitionInfo> inputChunks;
  /// One entry per output.
  std::vector<PartitionInfo> outputConcats;
  /// Number of rand_like ops; each draws its own Philox stream.
  unsigned numRandom = 0;
  /// For each rand_like, the tensor inputs its shape comes from. Kernels
  /// index random numbers by the map position, which is the rand_like's own
  /// element index only when its shape is the map size.
  std::vector<std::vector<size_t>> randomShapeGroups;
  bool hasRandom() const { return numRandom != 0; }

  /// Declares the facts above final and gives the spec a process-wide unique
  /// id, which lets the executor keep per-thread launch plans for it (see
  /// runKernel); registerFusion seals the specs it builds. An unsealed spec
  /// (id 0, e.g. one built by hand and still being edited) always takes the
  /// executor's general path.
  void seal();
  uint64_t sealedId() const { return sealedId_; }

  std::shared_ptr<FusedKernel> findKernel(const ArgSpec &spec) const;
  /// Inserts unless present; returns the kernel now cached.
  std::shared_ptr<FusedKernel> cacheKernel(const ArgSpec &spec,
                                           std::shared_ptr<FusedKernel> k);
  size_t numCachedKernels() const;

private:
  uint64_t sealedId_ = 0;
  mutable std::mutex mutex_;
  std::unordered_map<ArgSpec, std::shared_ptr<FusedKernel>, ArgSpecHash>
      kernels_;
};

} // namespace fuser

#endif // FUSERDIALECT_RUNTIME_KERNELSPEC_H
