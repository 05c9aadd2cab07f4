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

struct FuserToNVVMPipelineOptions
    : public PassPipelineOptions<FuserToNVVMPipelineOptions> {
  PassOptions::Option<std::string> chip{
      *this, "chip", llvm::cl::desc("GPU architecture (sm_90 on the H100)"),
      llvm::cl::init("sm_90")};
  PassOptions::Option<std::string> features{
      *this, "features", llvm::cl::desc("PTX features"),
      llvm::cl::init("+ptx80")};
  PassOptions::Option<std::string> format{
      *this, "format",
      llvm::cl::desc("isa (PTX), bin (cubin through ptxas) or fatbin"),
      llvm::cl::init("isa")};
  PassOptions::Option<std::string> toolkit{
      *this, "toolkit",
      llvm::cl::desc("CUDA toolkit path (libdevice, ptxas)"),
      llvm::cl::init("/usr/local/cuda")};
  PassOptions::Option<unsigned> maxVectorBytes{
      *this, "max-vector-bytes",
      llvm::cl::desc("Bytes per tensor and thread of the vector kernel"),
      llvm::cl::init(16)};
  PassOptions::Option<unsigned> optLevel{
      *this, "opt-level",
      llvm::cl::desc("LLVM optimisation level of the NVPTX back end (0-3)"),
      llvm::cl::init(3)};
};

/// Partitions, lowers random numbers, converts groups to GPU kernels and
/// lowers them through NVVM to a `gpu.binary` (PTX or cubin).
void buildFuserToNVVMPipeline(OpPassManager &pm,
                              const FuserToNVVMPipelineOptions &options);

/// Registers `fuser-to-cpu` and `fuser-to-nvvm` with the pass registry.
void registerFuserPipelines();

} // namespace fuser
} // namespace mlir

#endif // FUSERDIALECT_PIPELINES_PIPELINES_H
