//===- RefineTypes.cpp - Re-infer the types of a fusion group -------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h"

#include "mlir/Interfaces/InferTypeOpInterface.h"

namespace mlir::fuser {
#define GEN_PASS_DEF_FUSERREFINETYPESPASS
#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h.inc"
} // namespace mlir::fuser

using namespace mlir;
using namespace mlir::fuser;

LogicalResult mlir::fuser::refineGroupTypes(GroupOp group) {
  Block &body = group.getBody().front();
  for (Operation &op : body) {
    if (auto infer = dyn_cast<InferTypeOpInterface>(op)) {
      SmallVector<Type> types;
      if (failed(infer.inferReturnTypes(
              op.getContext(), op.getLoc(), op.getOperands(),
              op.getAttrDictionary(), op.getPropertiesStorage(),
              op.getRegions(), types)))
        return failure();
      for (auto [result, type] : llvm::zip(op.getResults(), types))
        result.setType(type);
    } else if (isa<CastOp, RandomBitsOp, BitsToUniformOp>(op)) {
      // These keep their result element type and take the input's shape.
      auto input = cast<RankedTensorType>(op.getOperand(0).getType());
      auto result = cast<RankedTensorType>(op.getResult(0).getType());
      op.getResult(0).setType(input.clone(result.getElementType()));
    }
  }
  group.setFunctionType(FunctionType::get(group.getContext(),
                                          body.getArgumentTypes(),
                                          group.getYield().getOperandTypes()));
  return success();
}

LogicalResult
mlir::fuser::retypeTensorArguments(GroupOp group,
                                   ArrayRef<std::string> elementTypes) {
  unsigned numTensors = group.getNumTensorArguments();
  if (elementTypes.size() != numTensors)
    return group.emitError("'element-types' has ")
           << elementTypes.size() << " entries, but group @"
           << group.getSymName() << " has " << numTensors
           << " tensor arguments";
  Block &body = group.getBody().front();
  for (unsigned i = 0; i < numTensors; ++i) {
    if (elementTypes[i] == "-")
      continue;
    std::optional<::fuser::DType> dtype = ::fuser::parseDType(elementTypes[i]);
    if (!dtype)
      return group.emitError("'element-types' entry #")
             << i << " '" << elementTypes[i] << "' is not a fuser element type";
    BlockArgument arg = body.getArgument(i);
    auto type = cast<RankedTensorType>(arg.getType());
    arg.setType(type.clone(getElementType(group.getContext(), *dtype)));
  }
  return success();
}

namespace {
struct FuserRefineTypesPass
    : mlir::fuser::impl::FuserRefineTypesPassBase<FuserRefineTypesPass> {
  using Base::Base;

  void runOnOperation() override {
    GroupOp group = getOperation();
    if (!elementTypes.empty() &&
        failed(retypeTensorArguments(group, elementTypes)))
      return signalPassFailure();
    if (failed(refineGroupTypes(group)))
      return signalPassFailure();
  }

};
} // namespace
