//===- KernelABI.cpp - Parameters of compiled kernels ---------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/KernelABI.h"
#include "FuserDialect/Runtime/Backend.h"

#include <cstring>

using namespace fuser;

KernelLayout
fuser::kernelLayout(const std::vector<std::vector<bool>> &contiguity,
                    size_t rank) {
  KernelLayout layout;
  layout.loopDims.emplace_back();
  for (size_t d = 0; d < rank; ++d) {
    bool merge = d > 0;
    for (const std::vector<bool> &bits : contiguity)
      merge = merge && bits[d - 1];
    if (d > 0 && !merge)
      layout.loopDims.emplace_back();
    layout.loopDims.back().push_back(d);
  }
  for (const std::vector<bool> &bits : contiguity)
    layout.unitInner.push_back(rank == 0 || bits[rank - 1]);
  return layout;
}

std::vector<int64_t>
fuser::packKernelParams(const KernelLayout &layout,
                        const std::vector<int64_t> &mapSize,
                        const std::vector<void *> &data,
                        const std::vector<std::vector<int64_t>> &strides,
                        const std::vector<double> &scalars, uint64_t seed,
                        uint64_t offset) {
  unsigned loopRank = static_cast<unsigned>(layout.loopDims.size());
  unsigned numTensors = static_cast<unsigned>(data.size());
  std::vector<int64_t> slots(scalarSlot(loopRank, numTensors,
                                        static_cast<unsigned>(scalars.size())));
  int64_t numel = 1;
  for (int64_t s : mapSize)
    numel *= s;
  slots[kNumelSlot] = numel;
  slots[kSeedSlot] = static_cast<int64_t>(seed);
  slots[kOffsetSlot] = static_cast<int64_t>(offset);
  for (unsigned l = 0; l < loopRank; ++l) {
    int64_t size = 1;
    for (size_t d : layout.loopDims[l])
      size *= mapSize[d];
    slots[kLoopSizesSlot + l] = size;
  }
  for (unsigned t = 0; t < numTensors; ++t) {
    unsigned base = tensorSlot(loopRank, t);
    std::memcpy(&slots[base], &data[t], sizeof(void *));
    for (unsigned l = 0; l < loopRank; ++l) {
      const std::vector<size_t> &dims = layout.loopDims[l];
      // A merged run advances by the stride of its last dimension.
      slots[base + 1 + l] = dims.empty() ? 0 : strides[t][dims.back()];
    }
  }
  for (size_t k = 0; k < scalars.size(); ++k)
    std::memcpy(&slots[scalarSlot(loopRank, numTensors,
                                  static_cast<unsigned>(k))],
                &scalars[k], sizeof(double));
  return slots;
}

std::vector<int64_t> fuser::packKernelParams(const KernelLayout &layout,
                                             const KernelLaunch &launch) {
  std::vector<void *> data;
  std::vector<std::vector<int64_t>> strides;
  for (const auto *args : {&launch.inputs, &launch.outputs})
    for (const KernelTensorArg &t : *args) {
      data.push_back(t.data);
      strides.push_back(t.viewStrides);
    }
  return packKernelParams(layout, launch.mapSize, data, strides,
                          launch.scalars, launch.seed, launch.offset);
}
