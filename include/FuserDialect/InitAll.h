//===- InitAll.h - Register every fuser dialect and pass --------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The one place that lists what fuser provides and the upstream dialects its
// pipelines use. Tools, the C API and the Python bindings all call these.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_INITALL_H
#define FUSERDIALECT_INITALL_H

#include "FuserDialect/Dialect/Fuser/IR/FuserDialect.h"
#include "FuserDialect/Conversion/Passes.h"
#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h"
#include "FuserDialect/Pipelines/Pipelines.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/LLVMIR/NVVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/MemRef/IR/MemRef.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Target/LLVMIR/Dialect/Builtin/BuiltinToLLVMIRTranslation.h"
#include "mlir/Target/LLVMIR/Dialect/LLVMIR/LLVMToLLVMIRTranslation.h"
#include "mlir/IR/DialectRegistry.h"
#include "mlir/Transforms/Passes.h"

namespace mlir::fuser {

/// Registers the fuser dialect and the upstream dialects that fuser's
/// lowering pipelines produce.
inline void registerAllFuserDialects(DialectRegistry &registry) {
  registry.insert<FuserDialect, arith::ArithDialect, func::FuncDialect,
                  gpu::GPUDialect, LLVM::LLVMDialect, math::MathDialect,
                  memref::MemRefDialect, NVVM::NVVMDialect, scf::SCFDialect,
                  tensor::TensorDialect, vector::VectorDialect>();
  registerBuiltinDialectTranslation(registry);
  registerLLVMDialectTranslation(registry);
}

/// Registers every fuser pass and the upstream passes used in pipelines.
inline void registerAllFuserPasses() {
  registerFuserPasses();
  registerFuserConversionPasses();
  registerFuserPipelines();
  registerTransformsPasses(); // canonicalize, cse, ...
}

} // namespace mlir::fuser

#endif // FUSERDIALECT_INITALL_H
