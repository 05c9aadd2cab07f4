//===- Broadcast.h - Right-aligned shape broadcasting -----------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// NumPy/PyTorch broadcasting of shapes, shared by the dialect's type inference
// (where sizes may be unknown) and the runtime (where they are concrete).
// Plain C++, no MLIR.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_SUPPORT_BROADCAST_H
#define FUSERDIALECT_SUPPORT_BROADCAST_H

#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <vector>

namespace fuser {

/// A size not known until run time. Equal to mlir::ShapedType::kDynamic.
inline constexpr int64_t kDynamicSize = std::numeric_limits<int64_t>::min();

/// Where two shapes failed to broadcast.
struct BroadcastMismatch {
  /// Index into the accumulated (result) shape.
  size_t dim;
  /// Dimension counted from the right, as a negative index (-1 is innermost).
  int64_t dimFromEnd;
  int64_t accSize;
  int64_t shapeSize;
};

/// Broadcasts `shape` (of `rank` sizes) into `acc` in place, right-aligned:
/// equal sizes stay, a size of 1 takes the other size, an unknown size takes a
/// known size other than 1. Two different known sizes, neither 1, do not
/// broadcast: `acc` is left unchanged and the mismatch is returned.
std::optional<BroadcastMismatch>
broadcastInto(std::vector<int64_t> &acc, const int64_t *shape, size_t rank);

inline std::optional<BroadcastMismatch>
broadcastInto(std::vector<int64_t> &acc, const std::vector<int64_t> &shape) {
  return broadcastInto(acc, shape.data(), shape.size());
}

/// True if a tensor of shape `from` can be expanded (stride-0 views only) to
/// `to`: ranks may grow, and each size of `from` is 1 or equal to the size of
/// `to` it aligns with. Sizes must be known.
bool isExpandableTo(const std::vector<int64_t> &from,
                    const std::vector<int64_t> &to);

} // namespace fuser

#endif // FUSERDIALECT_SUPPORT_BROADCAST_H
