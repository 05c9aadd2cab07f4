//===- LowerRandom.cpp - rand_like to counter-based Philox bits -----------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::fuser {
#define GEN_PASS_DEF_FUSERLOWERRANDOMPASS
#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h.inc"
} // namespace mlir::fuser

using namespace mlir;
using namespace mlir::fuser;

void mlir::fuser::lowerRandom(GroupOp group) {
  SmallVector<RandLikeOp> ops;
  group.walk([&](RandLikeOp op) { ops.push_back(op); });
  for (auto [stream, op] : llvm::enumerate(ops)) {
    OpBuilder b(op);
    auto type = op.getType();
    Value bits = RandomBitsOp::create(
        b, op.getLoc(), type.clone(b.getI32Type()), op.getInput(),
        static_cast<uint64_t>(stream));
    Value uniform = BitsToUniformOp::create(b, op.getLoc(), type, bits);
    op.replaceAllUsesWith(uniform);
    op.erase();
  }
}

namespace {
struct FuserLowerRandomPass
    : mlir::fuser::impl::FuserLowerRandomPassBase<FuserLowerRandomPass> {
  void runOnOperation() override { lowerRandom(getOperation()); }
};
} // namespace
