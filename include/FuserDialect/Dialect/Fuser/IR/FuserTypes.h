//===- FuserTypes.h - Element types and promotion on MLIR types -*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Bridges MLIR types and the plain-C++ DType / promotion helpers: which MLIR
// types are fuser element types and scalars, and how an operand takes part in
// type promotion.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_DIALECT_FUSER_IR_FUSERTYPES_H
#define FUSERDIALECT_DIALECT_FUSER_IR_FUSERTYPES_H

#include "FuserDialect/Support/DType.h"

#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/TypeUtilities.h"

#include <optional>

namespace mlir::fuser {

/// The DType of a fuser element type (i1, ui8, i8 ... f64), if it is one.
std::optional<::fuser::DType> getDType(Type elementType);
/// The MLIR element type of a DType.
Type getElementType(MLIRContext *context, ::fuser::DType dtype);

/// True for the scalar operand types: f64 (Python float), i64 (Python int) and
/// i1 (Python bool).
bool isScalarType(Type type);

/// The DType and promotion class of a tensor or scalar operand type. Returns
/// nullopt for types the dialect does not accept.
std::optional<std::pair<::fuser::DType, ::fuser::OperandKind>>
classifyOperand(Type type);

} // namespace mlir::fuser

#endif // FUSERDIALECT_DIALECT_FUSER_IR_FUSERTYPES_H
