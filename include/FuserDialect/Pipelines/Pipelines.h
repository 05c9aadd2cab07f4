//===- Pipelines.h - Named lowering pipelines -------------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_PIPELINES_PIPELINES_H
#define FUSERDIALECT_PIPELINES_PIPELINES_H

#include "mlir/Pass/PassOptions.h"

namespace mlir {
class OpPassManager;
namespace fuser {

struct FuserToCPUPipelineOptions
    : public PassPipelineOptions<FuserToCPUPipelineOptions> {
  PassOptions::Option<unsigned> vectorWidth{
      *this, "vector-width",
      llvm::cl::desc("Lanes of the inner vector loop (0: scalar code only)"),
      llvm::cl::init(8)};
};

/// Partitions, lowers random numbers and converts specialised groups to CPU
/// kernel functions, then lowers everything to the LLVM dialect. Groups are
/// expected to carry the attributes of `fuser-specialize` (without them every
/// tensor is addressed with generic strides).
void buildFuserToCPUPipeline(OpPassManager &pm,
                             const FuserToCPUPipelineOptions &options);

/// Registers `fuser-to-cpu` (and later pipelines) with the pass registry.
void registerFuserPipelines();

} // namespace fuser
} // namespace mlir

#endif // FUSERDIALECT_PIPELINES_PIPELINES_H
