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

void mlir::fuser::registerFuserPipelines() {
  PassPipelineRegistration<FuserToCPUPipelineOptions>(
      "fuser-to-cpu",
      "Lower specialised fusion groups to LLVM-dialect CPU kernels",
      buildFuserToCPUPipeline);
}
