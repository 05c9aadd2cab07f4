//===- Specialize.cpp - Specialise a group for an argument spec -----------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::fuser {
#define GEN_PASS_DEF_FUSERSPECIALIZEPASS
#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h.inc"
} // namespace mlir::fuser

using namespace mlir;
using namespace mlir::fuser;

/// Parses a bit string such as "101" for a tensor of `rank` dimensions.
static FailureOr<SmallVector<bool>> parseBits(GroupOp group, StringRef what,
                                              unsigned index, StringRef text,
                                              int64_t rank) {
  if (static_cast<int64_t>(text.size()) != rank ||
      text.find_first_not_of("01") != StringRef::npos) {
    group.emitError() << what << " entry #" << index << " '" << text
                      << "' must be " << rank
                      << " contiguity bits (0 or 1), one per dimension of the "
                         "iteration shape";
    return failure();
  }
  SmallVector<bool> bits;
  for (char c : text)
    bits.push_back(c == '1');
  return bits;
}

namespace {
struct FuserSpecializePass
    : mlir::fuser::impl::FuserSpecializePassBase<FuserSpecializePass> {
  using Base::Base;

  void runOnOperation() override {
    GroupOp group = getOperation();
    if (!elementTypes.empty() &&
        failed(retypeTensorArguments(group, elementTypes)))
      return signalPassFailure();
    if (failed(refineGroupTypes(group)))
      return signalPassFailure();
    if (failed(recordLayouts(group)))
      return signalPassFailure();
    if (indexBitwidth != 32 && indexBitwidth != 64) {
      group.emitError() << "'index-bitwidth' must be 32 or 64, not "
                        << static_cast<unsigned>(indexBitwidth);
      return signalPassFailure();
    }
    if (device != "cpu" && device != "cuda") {
      group.emitError() << "'device' must be cpu or cuda, not '" << device
                        << "'";
      return signalPassFailure();
    }
    Builder b(group.getContext());
    group->setAttr("fuser.index_bitwidth", b.getI64IntegerAttr(indexBitwidth));
    group->setAttr("fuser.device", b.getStringAttr(device));
  }

  /// Layouts describe tensors as the kernel sees them: broadcast to the map
  /// (iteration) shape, whose rank is the results' rank.
  LogicalResult recordLayouts(GroupOp group) {
    Builder b(group.getContext());
    unsigned numTensors = group.getNumTensorArguments();
    int64_t rank = 0;
    for (auto [j, type] : llvm::enumerate(group.getResultTypes())) {
      int64_t r = cast<RankedTensorType>(type).getRank();
      if (j > 0 && r != rank)
        return group.emitError("results #0 and #")
               << j << " have ranks " << rank << " and " << r
               << ": one kernel iterates over one shape";
      rank = r;
    }
    if (!inputLayouts.empty() && inputLayouts.size() != numTensors)
      return group.emitError("'input-layouts' has ")
             << inputLayouts.size() << " entries, but the group has "
             << numTensors << " tensor arguments";
    unsigned numResults = group.getResultTypes().size();
    if (!outputLayouts.empty() && outputLayouts.size() != numResults)
      return group.emitError("'output-layouts' has ")
             << outputLayouts.size() << " entries, but the group has "
             << numResults << " results";
    for (unsigned i = 0; i < numTensors; ++i) {
      int64_t argRank =
          cast<RankedTensorType>(group.getArgumentTypes()[i]).getRank();
      if (argRank > rank)
        return group.emitError("tensor argument #")
               << i << " has rank " << argRank
               << ", more than the results' rank " << rank;
      SmallVector<bool> bits(rank, true);
      if (!inputLayouts.empty()) {
        auto parsed =
            parseBits(group, "'input-layouts'", i, inputLayouts[i], rank);
        if (failed(parsed))
          return failure();
        bits = *parsed;
      }
      group.setArgAttr(i, "fuser.contiguity", b.getDenseBoolArrayAttr(bits));
    }
    for (unsigned j = 0; j < numResults; ++j) {
      SmallVector<bool> bits(rank, true);
      if (!outputLayouts.empty()) {
        auto parsed =
            parseBits(group, "'output-layouts'", j, outputLayouts[j], rank);
        if (failed(parsed))
          return failure();
        bits = *parsed;
      }
      group.setResultAttr(j, "fuser.contiguity",
                          b.getDenseBoolArrayAttr(bits));
    }
    return success();
  }
};
} // namespace
