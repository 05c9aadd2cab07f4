//===- CPUTarget.h - LLVM-dialect kernels to host shared objects -*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Turns an LLVM-dialect module into a shared object for the host CPU, in
// process: translation to LLVM IR, O3 with the host's real CPU and features
// (so AVX2/AVX-512 are used where present), object emission, and linking with
// lld as a library. No external compiler is ever run.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_TARGET_CPUTARGET_H
#define FUSERDIALECT_TARGET_CPUTARGET_H

#include "mlir/IR/BuiltinOps.h"

#include <string>

namespace fuser {

struct CPUBinary {
  /// The optimised LLVM IR (what debugGetFusedKernelCode shows).
  std::string llvmIR;
  /// The shared object, ready for dlopen.
  std::string sharedObject;
};

/// Compiles `module` (LLVM dialect only). Throws fuser::Error on failure.
CPUBinary compileForHost(mlir::ModuleOp module);

/// The host CPU name and feature string used for code generation.
std::string hostCPUDescription();

} // namespace fuser

#endif // FUSERDIALECT_TARGET_CPUTARGET_H
