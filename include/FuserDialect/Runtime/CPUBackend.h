//===- CPUBackend.h - The CPU fusion backend --------------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Loads kernels compiled to shared objects (see Target/CPUTarget.h) with the
// dynamic loader and runs them over the runtime's thread pool. Links no MLIR
// and no LLVM.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_RUNTIME_CPUBACKEND_H
#define FUSERDIALECT_RUNTIME_CPUBACKEND_H

#include "FuserDialect/Runtime/Backend.h"

#include <functional>
#include <string>

namespace fuser {

/// The `code` a CPU kernel constructor receives: the LLVM IR to show and the
/// shared object to load, in one string.
std::string packCPUKernelCode(const std::string &llvmIR,
                              const std::string &sharedObject);

/// Registers the CPU backend in the backend table.
void registerCPUFusionBackend();

/// Runs fn(begin, end) over [0, n) on the runtime's thread pool, in chunks
/// of at least `grain` elements (on the calling thread when n <= grain).
void parallelFor(int64_t n, int64_t grain,
                 const std::function<void(int64_t, int64_t)> &fn);

/// Number of threads parallelFor uses (FUSER_NUM_THREADS, else the number of
/// hardware threads).
unsigned numThreads();

} // namespace fuser

#endif // FUSERDIALECT_RUNTIME_CPUBACKEND_H
