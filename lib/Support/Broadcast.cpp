//===- Broadcast.cpp - Right-aligned shape broadcasting -------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Support/Broadcast.h"

#include <algorithm>

using namespace fuser;

std::optional<BroadcastMismatch>
fuser::broadcastInto(std::vector<int64_t> &acc, const int64_t *shape,
                     size_t rank) {
  std::vector<int64_t> result(std::max(acc.size(), rank));
  size_t outRank = result.size();
  for (size_t i = 0; i < outRank; ++i) {
    // Index from the right: both shapes are aligned on their last dimension.
    size_t fromEnd = outRank - 1 - i;
    int64_t a = fromEnd < acc.size() ? acc[acc.size() - 1 - fromEnd] : 1;
    int64_t b = fromEnd < rank ? shape[rank - 1 - fromEnd] : 1;
    int64_t r;
    if (a == b || b == 1)
      r = a;
    else if (a == 1)
      r = b;
    else if (a == kDynamicSize)
      r = b; // b is known and not 1: the unknown size must equal it or be 1.
    else if (b == kDynamicSize)
      r = a;
    else
      return BroadcastMismatch{i, -static_cast<int64_t>(fromEnd) - 1, a, b};
    result[i] = r;
  }
  acc = std::move(result);
  return std::nullopt;
}

bool fuser::isExpandableTo(const std::vector<int64_t> &from,
                           const std::vector<int64_t> &to) {
  if (from.size() > to.size())
    return false;
  size_t offset = to.size() - from.size();
  for (size_t i = 0; i < from.size(); ++i)
    if (from[i] != 1 && from[i] != to[offset + i])
      return false;
  return true;
}
