//===- Pipelines.cpp - Named lowering pipelines ---------------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Pipelines/Pipelines.h"
#include "FuserDialect/Conversion/Passes.h"
#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h"

#include "mlir/Conversion/Passes.h"
#include "mlir/Dialect/Arith/Transforms/Passes.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/GPU/Transforms/Passes.h"
#include "mlir/Pass/PassManager.h"
#include "mlir/Pass/PassRegistry.h"
#include "mlir/Transforms/Passes.h"

using namespace mlir;
using namespace mlir::fuser;

void mlir::fuser::buildFuserToCPUPipeline(
    OpPassManager &pm, const FuserToCPUPipelineOptions &options) {
  pm.addNestedPass<GroupOp>(createFuserPartitionPass());
  pm.addNestedPass<GroupOp>(createFuserLowerRandomPass());
  ConvertFuserToCPUPassOptions convert;
  convert.vectorWidth = options.vectorWidth;
  pm.addPass(createConvertFuserToCPUPass(convert));
  pm.addPass(createCanonicalizerPass());
  pm.addPass(createCSEPass());
  // bf16 conversions become integer bit manipulation (no compiler-rt calls).
  arith::ArithExpandOpsPassOptions expand;
  expand.includeBf16 = true;
  pm.addPass(arith::createArithExpandOpsPass(expand));
  pm.addPass(createConvertMathToLLVMPass());
  pm.addPass(createSCFToControlFlowPass());
  pm.addPass(createConvertVectorToLLVMPass());
  pm.addPass(createArithToLLVMConversionPass());
  pm.addPass(createConvertControlFlowToLLVMPass());
  pm.addPass(createConvertFuncToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
}

void mlir::fuser::buildFuserToNVVMPipeline(
    OpPassManager &pm, const FuserToNVVMPipelineOptions &options) {
  pm.addNestedPass<GroupOp>(createFuserPartitionPass());
  pm.addNestedPass<GroupOp>(createFuserLowerRandomPass());
  ConvertFuserToGPUPassOptions convert;
  convert.maxVectorBytes = options.maxVectorBytes;
  pm.addPass(createConvertFuserToGPUPass(convert));
  OpPassManager &kernels = pm.nest<gpu::GPUModuleOp>();
  kernels.addPass(createCanonicalizerPass());
  kernels.addPass(createCSEPass());
  arith::ArithExpandOpsPassOptions expand;
  expand.includeBf16 = true;
  kernels.addPass(arith::createArithExpandOpsPass(expand));
  kernels.addPass(createSCFToControlFlowPass());
  GpuNVVMAttachTargetOptions target;
  target.chip = options.chip;
  target.features = options.features;
  target.optLevel = options.optLevel;
  pm.addPass(createGpuNVVMAttachTarget(target));
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertGpuOpsToNVVMOps());
  // Math ops without a libdevice lowering there (math.trunc, ...) become LLVM
  // intrinsics, which the NVPTX back end implements.
  pm.addNestedPass<gpu::GPUModuleOp>(createConvertMathToLLVMPass());
  pm.addPass(createReconcileUnrealizedCastsPass());
  GpuModuleToBinaryPassOptions binary;
  binary.compilationTarget = options.format;
  binary.toolkitPath = options.toolkit;
  pm.addPass(createGpuModuleToBinaryPass(binary));
}

void mlir::fuser::registerFuserPipelines() {
  PassPipelineRegistration<FuserToNVVMPipelineOptions>(
      "fuser-to-nvvm",
      "Lower specialised fusion groups to PTX or cubin through NVVM",
      buildFuserToNVVMPipeline);
  PassPipelineRegistration<FuserToCPUPipelineOptions>(
      "fuser-to-cpu",
      "Lower specialised fusion groups to LLVM-dialect CPU kernels",
      buildFuserToCPUPipeline);
}
