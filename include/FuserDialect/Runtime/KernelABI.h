//===- KernelABI.h - Parameters of compiled kernels -------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// How compiled kernels receive their arguments, shared by the code generator
// (which reads the slots) and the runtime backends (which fill them):
//
//   slot 0                numel
//   slot 1, 2             Philox seed and offset
//   slot 3 ...            sizes of the L loop dimensions
//   then per flat tensor  data pointer, L strides (in elements)
//   then per scalar       the f64 value
//
// Loop dimensions are runs of adjacent dimensions of the iteration shape that
// every flat tensor can merge (all their contiguity bits say so), so a fully
// contiguous group of any rank iterates over one dimension.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_RUNTIME_KERNELABI_H
#define FUSERDIALECT_RUNTIME_KERNELABI_H

#include <cstddef>
#include <cstdint>
#include <vector>

namespace fuser {

struct KernelLaunch;

inline constexpr unsigned kNumelSlot = 0;
inline constexpr unsigned kSeedSlot = 1;
inline constexpr unsigned kOffsetSlot = 2;
inline constexpr unsigned kLoopSizesSlot = 3;

inline unsigned tensorSlot(unsigned loopRank, unsigned tensor) {
  return kLoopSizesSlot + loopRank + tensor * (1 + loopRank);
}
inline unsigned scalarSlot(unsigned loopRank, unsigned numTensors,
                           unsigned scalar) {
  return tensorSlot(loopRank, numTensors) + scalar;
}

/// The loop structure of a kernel.
struct KernelLayout {
  /// The dimensions of the iteration shape each loop dimension covers (at
  /// least one loop dimension; a 0-dim shape gives one covering none).
  std::vector<std::vector<size_t>> loopDims;
  /// Per flat tensor: the innermost stride is 1.
  std::vector<bool> unitInner;
};

/// The layout for flat tensors with these contiguity bits (each of `rank`
/// bits).
KernelLayout kernelLayout(const std::vector<std::vector<bool>> &contiguity,
                          size_t rank);

/// Fills the parameter slots for a launch: `mapSize` is the iteration shape,
/// `strides[t]` the strides of flat tensor t viewed with that shape.
std::vector<int64_t>
packKernelParams(const KernelLayout &layout,
                 const std::vector<int64_t> &mapSize,
                 const std::vector<void *> &data,
                 const std::vector<std::vector<int64_t>> &strides,
                 const std::vector<double> &scalars, uint64_t seed,
                 uint64_t offset);

/// The parameter slots of a launch prepared by the executor (flat inputs,
/// then flat outputs, with their view strides).
std::vector<int64_t> packKernelParams(const KernelLayout &layout,
                                      const KernelLaunch &launch);

/// The same slots written into `slots` (resized; every slot is written), so
/// that a launch can reuse one buffer instead of allocating per call.
void packKernelParams(const KernelLayout &layout, const KernelLaunch &launch,
                      std::vector<int64_t> &slots);

} // namespace fuser

#endif // FUSERDIALECT_RUNTIME_KERNELABI_H
