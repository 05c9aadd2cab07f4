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

/// Writes every slot of a launch into `slots` (sized for `numTensors`
/// tensors and `numScalars` scalars): `dataOf(t)` and `stridesOf(t)` give the
/// data pointer and view strides of flat tensor t.
template <typename DataFn, typename StridesFn>
static void fillSlots(int64_t *slots, const KernelLayout &layout,
                      const std::vector<int64_t> &mapSize, unsigned numTensors,
                      DataFn dataOf, StridesFn stridesOf, const double *scalars,
                      size_t numScalars, uint64_t seed, uint64_t offset) {
  unsigned loopRank = static_cast<unsigned>(layout.loopDims.size());
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
    void *data = dataOf(t);
    std::memcpy(&slots[base], &data, sizeof(void *));
    const std::vector<int64_t> &strides = stridesOf(t);
    for (unsigned l = 0; l < loopRank; ++l) {
      const std::vector<size_t> &dims = layout.loopDims[l];
      // A merged run advances by the stride of its last dimension.
      slots[base + 1 + l] = dims.empty() ? 0 : strides[dims.back()];
    }
  }
  for (size_t k = 0; k < numScalars; ++k)
    std::memcpy(&slots[scalarSlot(loopRank, numTensors,
                                  static_cast<unsigned>(k))],
                &scalars[k], sizeof(double));
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
  fillSlots(
      slots.data(), layout, mapSize, numTensors,
      [&](unsigned t) { return data[t]; },
      [&](unsigned t) -> const std::vector<int64_t> & { return strides[t]; },
      scalars.data(), scalars.size(), seed, offset);
  return slots;
}

void fuser::packKernelParams(const KernelLayout &layout,
                             const KernelLaunch &launch,
                             std::vector<int64_t> &slots) {
  unsigned loopRank = static_cast<unsigned>(layout.loopDims.size());
  size_t numInputs = launch.inputs.size();
  auto numTensors = static_cast<unsigned>(numInputs + launch.outputs.size());
  slots.resize(scalarSlot(loopRank, numTensors,
                          static_cast<unsigned>(launch.scalars.size())));
  auto arg = [&](unsigned t) -> const KernelTensorArg & {
    return t < numInputs ? launch.inputs[t] : launch.outputs[t - numInputs];
  };
  fillSlots(
      slots.data(), layout, launch.mapSize, numTensors,
      [&](unsigned t) { return arg(t).data; },
      [&](unsigned t) -> const std::vector<int64_t> & {
        return arg(t).viewStrides;
      },
      launch.scalars.data(), launch.scalars.size(), launch.seed,
      launch.offset);
}

std::vector<int64_t> fuser::packKernelParams(const KernelLayout &layout,
                                             const KernelLaunch &launch) {
  std::vector<int64_t> slots;
  packKernelParams(layout, launch, slots);
  return slots;
}
