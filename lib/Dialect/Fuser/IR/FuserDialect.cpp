//===- FuserDialect.cpp - fuser dialect -----------------------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Dialect/Fuser/IR/FuserDialect.h"
#include "FuserDialect/Dialect/Fuser/IR/FuserOps.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::fuser;

#include "FuserDialect/Dialect/Fuser/IR/FuserOpsDialect.cpp.inc"

void FuserDialect::initialize() {
  addOperations<
#define GET_OP_LIST
#include "FuserDialect/Dialect/Fuser/IR/FuserOps.cpp.inc"
      >();
}

Operation *FuserDialect::materializeConstant(OpBuilder &builder,
                                             Attribute value, Type type,
                                             Location loc) {
  auto typed = dyn_cast<TypedAttr>(value);
  if (!typed || typed.getType() != type)
    return nullptr;
  if (failed(ConstantOp::verifyValue(typed, type, /*emitError=*/nullptr)))
    return nullptr;
  return ConstantOp::create(builder, loc, typed);
}
