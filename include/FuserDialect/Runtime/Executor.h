//===- Executor.h - Running a registered group's kernel ---------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The executor flow of the seed (spec section 3): device checks, map size per
// broadcast group, chunk divisibility, broadcasting of inputs, kernel lookup or
// compilation, output allocation (concatenated outputs as slices of one
// buffer) and launch. Whenever a kernel cannot run it reports why instead of
// raising, and the caller runs the group unfused.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_RUNTIME_EXECUTOR_H
#define FUSERDIALECT_RUNTIME_EXECUTOR_H

#include "FuserDialect/Runtime/KernelSpec.h"

#include <optional>

namespace fuser {

/// Why a kernel did not run.
enum class FallbackReason {
  None,
  FusionDisabled,     ///< neither CPU nor GPU fusion is enabled
  UndefinedInput,     ///< tensor input 0 is undefined
  DeviceMismatch,     ///< inputs on different devices
  SparseInput,        ///< a sparse tensor input
  DeviceDisabled,     ///< fusion disabled for this device type
  UnsupportedDevice,  ///< no backend for this device type (e.g. XPU)
  BroadcastFailure,   ///< the inputs of a broadcast group do not broadcast
  ChunkNotDivisible,  ///< a chunked size is not divisible by the chunk count
  MapSizeMismatch,    ///< broadcast groups disagree on the map size
  CompileFailed,      ///< the backend could not compile the group
  RandomBroadcast,    ///< a rand_like result is broadcast to the map size
};
std::string_view fallbackReasonName(FallbackReason reason);

/// Compiles `spec` for `argSpec` (the API's compileKernel).
using CompileFunction = std::function<std::shared_ptr<FusedKernel>(
    const KernelSpec &spec, const ArgSpec &argSpec,
    const std::vector<int64_t> &mapSize, Device device)>;

struct ExecutionResult {
  FallbackReason reason = FallbackReason::None;
  std::vector<Tensor> outputs;
  std::shared_ptr<FusedKernel> kernel;
  bool ran() const { return reason == FallbackReason::None; }
};

/// Runs the kernel of `spec` on `inputs` (already checked for arity and
/// types), compiling it on first use. Errors from the backend propagate as
/// fuser::Error; conditions where the seed falls back return a reason.
ExecutionResult runKernel(KernelSpec &spec, const std::vector<Argument> &inputs,
                          const CompileFunction &compile, void *stream = nullptr);

/// The map size of `spec` for these inputs, or the reason there is none.
/// Exposed for tests and for the interpreter's decisions.
struct MapSizeResult {
  std::vector<int64_t> mapSize;
  FallbackReason reason = FallbackReason::None;
};
MapSizeResult computeMapSize(const KernelSpec &spec,
                             const std::vector<TensorView> &tensors);

/// Strides for a new tensor of `sizes` following the layout of `like` when it
/// is dense (channels-last stays channels-last, as eager does), else
/// contiguous.
std::vector<int64_t> outputStridesLike(const TensorView *like,
                                       const std::vector<int64_t> &sizes);

/// Process-wide Philox state per device: reserves `count` counter offsets for
/// one launch and returns (seed, first offset).
std::pair<uint64_t, uint64_t> reserveRandom(Device device, uint64_t count);
/// Sets the seed of a device's generator and resets its offset.
void manualSeed(Device device, uint64_t seed);

} // namespace fuser

#endif // FUSERDIALECT_RUNTIME_EXECUTOR_H
