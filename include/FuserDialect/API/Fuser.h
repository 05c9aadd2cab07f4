//===- Fuser.h - The public fusion API --------------------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The seed's public contract (interface.h / compiler.h): register a fusion
// group once, run it many times; kernels are compiled per argument spec
// through the backend table, and anything a kernel cannot run falls back to
// the reference interpreter. Real errors (wrong arity, dtypes, ranks, bad
// pointers) throw fuser::Error.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_API_FUSER_H
#define FUSERDIALECT_API_FUSER_H

#include "FuserDialect/Runtime/Executor.h"

#include <string>
#include <string_view>
#include <vector>

namespace mlir::fuser {
class GroupOp;
} // namespace mlir::fuser

namespace fuser {

/// Registers `group` (normalised: symbol name, locations and canonicalisable
/// differences do not matter) and returns its key. Structurally equal groups
/// share one key and therefore their compiled kernels.
int64_t registerFusion(mlir::fuser::GroupOp group);

/// Parses MLIR text and registers the group named `name`, or the only group
/// when `name` is empty. Throws fuser::Error with the diagnostics on failure.
int64_t registerFusion(std::string_view source, std::string_view name = {});

/// Runs the group registered under `key`: the compiled kernel when one can
/// run, else the interpreter. Inputs are the group's tensors, then its f64
/// scalars. Tensor element types may differ from the declared ones (the group
/// is re-typed per argument spec, like the seed's); ranks may not.
std::vector<Tensor> runFusion(int64_t key, const std::vector<Argument> &inputs,
                              void *stream = nullptr);

/// Runs only the kernel path, without fallback: the result says why it did
/// not run. `codeOut`, if given, receives the kernel's code.
ExecutionResult runFusionKernel(int64_t key,
                                const std::vector<Argument> &inputs,
                                std::string *codeOut = nullptr,
                                void *stream = nullptr);

/// Runs the group on the interpreter only (the fallback path).
std::vector<Tensor> runFusionFallback(int64_t key,
                                      const std::vector<Argument> &inputs);

/// Compiles the group of `spec` for `argSpec` through the backend of
/// `device`. Does not insert the kernel in the cache.
std::shared_ptr<FusedKernel> compileKernel(const KernelSpec &spec,
                                           const ArgSpec &argSpec,
                                           const std::vector<int64_t> &mapSize,
                                           Device device);

/// Registers `group` and runs its kernel directly, without fallback. If the
/// kernel cannot run, returns the inputs unchanged (as the seed does).
std::vector<Tensor> debugLaunchGraph(mlir::fuser::GroupOp group,
                                     const std::vector<TensorView> &inputs);

/// Registers `group`, runs its kernel and returns the generated code. Throws
/// if the kernel cannot run.
std::string debugGetFusedKernelCode(mlir::fuser::GroupOp group,
                                    const std::vector<TensorView> &inputs);

/// Timings of the last compileKernel call on this thread.
struct CompileStats {
  /// Lowering and code generation (MLIR, LLVM, and ptxas or lld), ms; 0 when
  /// the kernel came from the disk cache.
  double lowerMs = 0;
  /// Loading the code into the backend (dlopen, or the driver's PTX compile
  /// and module load), ms; for a disk-cache hit, the whole lookup and load.
  double loadMs = 0;
  /// The kernel came from the on-disk cache.
  bool diskHit = false;
  /// The kernel was written to the on-disk cache.
  bool stored = false;
  /// Its entry in the on-disk cache (empty when the cache is disabled).
  std::string cachePath;
};
CompileStats lastCompileStats();

/// Number of compileKernel calls so far.
size_t nCompiledKernels();
/// Number of registered (distinct) groups.
size_t debugNumCachedKernelSpecs();
/// FUSER_DEBUG from the environment: 0 (off), 1 (print compiled kernels and
/// fallbacks), 2 (also print each launch).
int debugFuser();

/// The registered spec of `key`; throws if there is none.
const KernelSpec &getKernelSpec(int64_t key);
/// The normalised group of `key`, printed.
std::string getGroupSource(int64_t key);
/// The group of `key` re-typed for these tensor element types, printed.
std::string getSpecializedGroupSource(int64_t key,
                                      const std::vector<DType> &dtypes);

} // namespace fuser

#endif // FUSERDIALECT_API_FUSER_H
