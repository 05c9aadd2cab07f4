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
    } else if (auto cast = dyn_cast<CastOp>(op)) {
      // A cast keeps its target element type and takes the input's shape.
      cast.getResult().setType(cast.getInput().getType().clone(
          cast.getType().getElementType()));
    }
  }
  group.setFunctionType(FunctionType::get(group.getContext(),
                                          body.getArgumentTypes(),
                                          group.getYield().getOperandTypes()));
  return success();
}

namespace {
struct FuserRefineTypesPass
    : mlir::fuser::impl::FuserRefineTypesPassBase<FuserRefineTypesPass> {
  using Base::Base;

  void runOnOperation() override {
    GroupOp group = getOperation();
    if (!elementTypes.empty() && failed(retypeArguments(group)))
      return signalPassFailure();
    if (failed(refineGroupTypes(group)))
      return signalPassFailure();
  }

  LogicalResult retypeArguments(GroupOp group) {
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
      std::optional<::fuser::DType> dtype =
          ::fuser::parseDType(elementTypes[i]);
      if (!dtype)
        return group.emitError("'element-types' entry #")
               << i << " '" << elementTypes[i]
               << "' is not a fuser element type";
      BlockArgument arg = body.getArgument(i);
      auto type = cast<RankedTensorType>(arg.getType());
      arg.setType(type.clone(getElementType(group.getContext(), *dtype)));
    }
    return success();
  }
};
} // namespace
