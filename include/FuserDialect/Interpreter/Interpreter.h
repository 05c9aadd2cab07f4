//===- Interpreter.h - Reference evaluation of fusion groups ----*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Evaluates a fuser.group op by op on host tensors with PyTorch eager
// semantics: the runtime's fallback path and the oracle compiled backends are
// tested against. It shares no code with the lowering on purpose.
//
// Numerics: f16/bf16 values compute in f32 and are rounded on store (and by an
// explicit fuser.cast); other types compute in their own type, integers wrap.
// Indexing is 64-bit throughout.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_INTERPRETER_INTERPRETER_H
#define FUSERDIALECT_INTERPRETER_INTERPRETER_H

#include "FuserDialect/Dialect/Fuser/IR/FuserOps.h"
#include "FuserDialect/Runtime/Tensor.h"

#include <vector>

namespace fuser {

struct InterpreterOptions {
  /// Philox key and first stream offset for rand_like (see Philox.h).
  uint64_t seed = 0;
  uint64_t offset = 0;
};

/// Runs `group` on `inputs` (CPU tensors whose element types and ranks match
/// the group's arguments, then f64 scalars) and returns freshly allocated
/// contiguous outputs. Throws fuser::Error for inputs that do not fit the group
/// or shapes that do not broadcast.
std::vector<Tensor> interpretGroup(mlir::fuser::GroupOp group,
                                   const std::vector<Argument> &inputs,
                                   const InterpreterOptions &options = {});

} // namespace fuser

#endif // FUSERDIALECT_INTERPRETER_INTERPRETER_H
