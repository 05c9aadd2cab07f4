//===- FuserOps.h - fuser dialect operations --------------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_DIALECT_FUSER_IR_FUSEROPS_H
#define FUSERDIALECT_DIALECT_FUSER_IR_FUSEROPS_H

#include "FuserDialect/Dialect/Fuser/IR/FuserDialect.h"
#include "FuserDialect/Dialect/Fuser/IR/FuserTypes.h"

#include "mlir/Bytecode/BytecodeOpInterface.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/OpDefinition.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/CallInterfaces.h"
#include "mlir/Interfaces/ControlFlowInterfaces.h"
#include "mlir/Interfaces/FunctionInterfaces.h"
#include "mlir/Interfaces/InferTypeOpInterface.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"

#include "FuserDialect/Dialect/Fuser/IR/FuserEnums.h.inc"

namespace mlir::fuser {

/// Marks ops that compute each result element from the operand elements at the
/// same broadcast position.
template <typename ConcreteType>
class Pointwise : public OpTrait::TraitBase<ConcreteType, Pointwise> {};

/// The random-number generator state that fuser.rand_like reads and advances.
struct RandomResource : public SideEffects::Resource::Base<RandomResource> {
  StringRef getName() override { return "fuser.random"; }
};

/// Which operand element types a pointwise op accepts.
enum class OperandRule {
  Any,            ///< every element type
  NoBool,         ///< numbers but not bool (torch raises for bool)
  FloatOnly,      ///< floating-point tensors only
  IntegralOrBool, ///< integer or bool (bitwise ops)
};

/// How a pointwise op's result element type follows from its operands.
enum class ResultRule {
  Promote,    ///< torch.result_type of the operands
  ToFloat,    ///< promote, then integer/bool results become float32
  SameAsFirst, ///< the element type of operand 0
  Boolean,    ///< i1
};

/// The type-inference rule of a pointwise op family.
struct PointwiseRule {
  ResultRule result;
  OperandRule operands;
  /// Operands before this index broadcast but do not take part in promotion
  /// (the condition of fuser.where).
  unsigned promoteBegin;

  static constexpr PointwiseRule promote(OperandRule r = OperandRule::Any,
                                         unsigned promoteBegin = 0) {
    return {ResultRule::Promote, r, promoteBegin};
  }
  static constexpr PointwiseRule toFloat() {
    return {ResultRule::ToFloat, OperandRule::Any, 0};
  }
  static constexpr PointwiseRule sameAsFirst(OperandRule r = OperandRule::Any) {
    return {ResultRule::SameAsFirst, r, 0};
  }
  static constexpr PointwiseRule boolean() {
    return {ResultRule::Boolean, OperandRule::Any, 0};
  }
};

/// Infers the result type of a pointwise op: the broadcast shape of its tensor
/// operands and the element type given by `rule`. Emits a diagnostic naming the
/// offending operand at `location` (if any) on failure.
LogicalResult inferPointwiseResultType(MLIRContext *context,
                                       std::optional<Location> location,
                                       StringRef opName, TypeRange operands,
                                       PointwiseRule rule,
                                       SmallVectorImpl<Type> &inferred);

/// Result types are compatible if element types are equal and shapes are
/// compatible (a dynamic size matches any size).
bool areCompatibleResultTypes(TypeRange lhs, TypeRange rhs);

/// The most chunks a fuser.chunk may produce (one result each). Must match the
/// IntMaxValue constraint of ChunkOp's `chunks` in FuserOps.td.
inline constexpr int64_t kMaxChunks = 65536;

} // namespace mlir::fuser

#define GET_OP_CLASSES
#include "FuserDialect/Dialect/Fuser/IR/FuserOps.h.inc"

#endif // FUSERDIALECT_DIALECT_FUSER_IR_FUSEROPS_H
