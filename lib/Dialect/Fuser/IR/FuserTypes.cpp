//===- FuserTypes.cpp - Element types and promotion on MLIR types ---------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Dialect/Fuser/IR/FuserTypes.h"

#include "mlir/IR/Builders.h"

using namespace mlir;
using namespace mlir::fuser;
using ::fuser::DType;
using ::fuser::OperandKind;

std::optional<DType> mlir::fuser::getDType(Type t) {
  if (t.isF16())
    return DType::Float16;
  if (t.isBF16())
    return DType::BFloat16;
  if (t.isF32())
    return DType::Float32;
  if (t.isF64())
    return DType::Float64;
  if (auto it = dyn_cast<IntegerType>(t)) {
    if (it.isUnsigned())
      return it.getWidth() == 8 ? std::optional(DType::UInt8) : std::nullopt;
    if (it.isSigned())
      return std::nullopt;
    switch (it.getWidth()) {
    case 1:
      return DType::Bool;
    case 8:
      return DType::Int8;
    case 16:
      return DType::Int16;
    case 32:
      return DType::Int32;
    case 64:
      return DType::Int64;
    default:
      return std::nullopt;
    }
  }
  return std::nullopt;
}

Type mlir::fuser::getElementType(MLIRContext *ctx, DType dtype) {
  Builder b(ctx);
  switch (dtype) {
  case DType::Bool:
    return b.getI1Type();
  case DType::UInt8:
    return IntegerType::get(ctx, 8, IntegerType::Unsigned);
  case DType::Int8:
    return b.getI8Type();
  case DType::Int16:
    return b.getI16Type();
  case DType::Int32:
    return b.getI32Type();
  case DType::Int64:
    return b.getI64Type();
  case DType::Float16:
    return b.getF16Type();
  case DType::BFloat16:
    return b.getBF16Type();
  case DType::Float32:
    return b.getF32Type();
  case DType::Float64:
    return b.getF64Type();
  }
  llvm_unreachable("unknown dtype");
}

bool mlir::fuser::isScalarType(Type t) {
  return t.isF64() || t.isSignlessInteger(64) || t.isSignlessInteger(1);
}

std::optional<std::pair<DType, OperandKind>>
mlir::fuser::classifyOperand(Type type) {
  if (auto tensor = dyn_cast<RankedTensorType>(type)) {
    std::optional<DType> dt = getDType(tensor.getElementType());
    if (!dt)
      return std::nullopt;
    return std::pair(*dt, tensor.getRank() == 0 ? OperandKind::ZeroDimTensor
                                                : OperandKind::Tensor);
  }
  if (!isScalarType(type))
    return std::nullopt;
  return std::pair(*getDType(type), OperandKind::Scalar);
}
