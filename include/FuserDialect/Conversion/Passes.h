//===- Passes.h - fuser conversions -----------------------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_CONVERSION_PASSES_H
#define FUSERDIALECT_CONVERSION_PASSES_H

#include "FuserDialect/Dialect/Fuser/IR/FuserOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/Pass/Pass.h"

namespace mlir::fuser {

#define GEN_PASS_DECL
#include "FuserDialect/Conversion/Passes.h.inc"

/// Replaces `group` (partitioned, random numbers lowered) by its CPU kernel
/// function of the same name (see ConvertFuserToCPUPass).
LogicalResult convertGroupToCPUKernel(GroupOp group, unsigned vectorWidth);

/// Lanes per thread of the vector GPU kernel: `maxVectorBytes` (a power of
/// two, 16 for 128-bit accesses) of the widest element type of `group`.
unsigned gpuVectorLanes(GroupOp group, unsigned maxVectorBytes = 16);

/// Replaces `group` by its vector and scalar GPU kernels in `module` (see
/// ConvertFuserToGPUPass).
LogicalResult convertGroupToGPUKernels(GroupOp group, gpu::GPUModuleOp module,
                                       unsigned maxVectorBytes = 16);

#define GEN_PASS_REGISTRATION
#include "FuserDialect/Conversion/Passes.h.inc"

} // namespace mlir::fuser

#endif // FUSERDIALECT_CONVERSION_PASSES_H
