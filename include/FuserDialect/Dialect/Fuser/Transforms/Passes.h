//===- Passes.h - fuser dialect transformations -----------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_DIALECT_FUSER_TRANSFORMS_PASSES_H
#define FUSERDIALECT_DIALECT_FUSER_TRANSFORMS_PASSES_H

#include "FuserDialect/Dialect/Fuser/IR/FuserOps.h"

#include "mlir/Pass/Pass.h"

namespace mlir::fuser {

#define GEN_PASS_DECL
#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h.inc"

/// Re-infers the result type of every op in `group` from its current argument
/// types, in order, and updates the group signature. Emits a diagnostic and
/// fails if an op no longer type-checks.
LogicalResult refineGroupTypes(GroupOp group);

/// Gives the tensor arguments of `group` new element types, named as in
/// ::fuser::parseDType ("-" keeps one). Does not re-infer the body; call
/// refineGroupTypes afterwards.
LogicalResult retypeTensorArguments(GroupOp group,
                                    ArrayRef<std::string> elementTypes);

/// Replaces chunked arguments and concatenated results by flat tensors (see
/// FuserPartitionPass).
LogicalResult partitionGroup(GroupOp group);

/// Replaces every rand_like by Philox bits and their uniform mapping (see
/// FuserLowerRandomPass).
void lowerRandom(GroupOp group);

#define GEN_PASS_REGISTRATION
#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h.inc"

} // namespace mlir::fuser

#endif // FUSERDIALECT_DIALECT_FUSER_TRANSFORMS_PASSES_H
