//===- Backend.h - Fused kernels and the backend table ----------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The seed's backend contract: a compiled kernel (FusedKernel) is made by the
// constructor registered for its device type, and launched with flattened,
// compressed tensor arguments.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_RUNTIME_BACKEND_H
#define FUSERDIALECT_RUNTIME_BACKEND_H

#include "FuserDialect/Runtime/Descriptors.h"

#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace fuser {

/// One flattened tensor argument of a launch: the data pointer (already offset
/// to the chunk or concat slice) and sizes/strides compressed as the kernel's
/// descriptor says.
struct KernelTensorArg {
  void *data = nullptr;
  std::vector<int64_t> sizes;
  std::vector<int64_t> strides;
  /// Uncompressed strides of the (sliced, broadcast) view, one per dimension
  /// of the map size; backends that merge dimensions jointly use these.
  std::vector<int64_t> viewStrides;
};

/// Everything one launch needs.
struct KernelLaunch {
  /// Number of elements of the map (the iteration space).
  uint64_t numel = 0;
  std::vector<int64_t> mapSize;
  /// Tensor inputs in order; a chunked input contributes one entry per chunk.
  std::vector<KernelTensorArg> inputs;
  /// Runtime f64 scalars, in order.
  std::vector<double> scalars;
  /// Outputs in order; a concatenated output contributes one entry per
  /// operand.
  std::vector<KernelTensorArg> outputs;
  /// Philox key and first counter offset reserved for this launch (groups with
  /// rand_like only).
  uint64_t seed = 0;
  uint64_t offset = 0;
  /// The caller's stream on devices that have streams.
  void *stream = nullptr;
};

/// A compiled kernel for one (group, ArgSpec).
class FusedKernel {
public:
  FusedKernel(std::string name, std::string code,
              std::vector<TensorDesc> inputDesc,
              std::vector<TensorDesc> outputDesc,
              std::vector<PartitionDesc> chunkDesc,
              std::vector<PartitionDesc> concatDesc, bool hasRandom);
  FusedKernel(const FusedKernel &) = delete;
  FusedKernel &operator=(const FusedKernel &) = delete;
  virtual ~FusedKernel();

  /// Runs the kernel. Throws fuser::Error on failure.
  virtual void launch(const KernelLaunch &args) = 0;
  virtual DeviceType backend() const = 0;

  const std::string &name() const { return name_; }
  /// The generated code (IR, PTX or LLVM IR, depending on the backend).
  const std::string &code() const { return code_; }
  const std::vector<TensorDesc> &inputDesc() const { return inputDesc_; }
  const std::vector<TensorDesc> &outputDesc() const { return outputDesc_; }
  const std::vector<PartitionDesc> &chunkDesc() const { return chunkDesc_; }
  const std::vector<PartitionDesc> &concatDesc() const { return concatDesc_; }
  bool hasRandom() const { return hasRandom_; }
  /// The code to give this backend's constructor to rebuild the kernel in
  /// another process (the on-disk cache stores it), or empty when the kernel
  /// cannot be persisted. It may be more than the code the kernel was built
  /// from (the CUDA backend adds the cubin the driver made from the PTX).
  const std::string &persistentCode() const { return persistentCode_; }

protected:
  std::string name_;
  std::string code_;
  std::vector<TensorDesc> inputDesc_;
  std::vector<TensorDesc> outputDesc_;
  std::vector<PartitionDesc> chunkDesc_;
  std::vector<PartitionDesc> concatDesc_;
  bool hasRandom_;
  std::string persistentCode_;
};

/// Makes a kernel: (device index, kernel name, code or binary, input
/// descriptors, output descriptors, chunk descriptors, concat descriptors,
/// has-random), as the seed's FusedKernelConstructor.
using FusedKernelConstructor = std::function<std::shared_ptr<FusedKernel>(
    int16_t device, std::string name, std::string code,
    std::vector<TensorDesc> inputDesc, std::vector<TensorDesc> outputDesc,
    std::vector<PartitionDesc> chunkDesc,
    std::vector<PartitionDesc> concatDesc, bool hasRandom)>;

/// Inserts or replaces the backend of a device type. `persistentCode` says
/// that the constructor also accepts the persistentCode() of its kernels, so
/// that the on-disk cache may store and reload them.
void registerFusionBackend(DeviceType type, FusedKernelConstructor ctor,
                           bool persistentCode = false);
/// True if the backend of `type` was registered with persistentCode.
bool fusionBackendPersists(DeviceType type);
bool hasFusionBackend(DeviceType type);
/// Removes a backend (tests use it to restore the table).
void deregisterFusionBackend(DeviceType type);
/// The registered constructor, or an empty function.
FusedKernelConstructor getFusionBackend(DeviceType type);

/// Static registration: `static RegisterFusionBackend reg(DeviceType::CPU,
/// makeKernel);`
struct RegisterFusionBackend {
  RegisterFusionBackend(DeviceType type, FusedKernelConstructor ctor) {
    registerFusionBackend(type, std::move(ctor));
  }
};

/// True iff a CPU backend is registered and CPU fusion is allowed
/// (overrideCanFuseOnCPU; default on, since the CPU backend compiles in
/// process and has none of the seed's host-compiler flakiness).
bool canFuseOnCPU();
/// True iff a CUDA backend is registered and GPU fusion is allowed (default
/// on).
bool canFuseOnGPU();
void overrideCanFuseOnCPU(bool value);
void overrideCanFuseOnGPU(bool value);
/// When true (the default), a CPU group the compiler cannot handle is an
/// error; when false it runs on the interpreter instead.
void overrideMustUseLLVMOnCPU(bool value);
bool mustUseLLVMOnCPU();

} // namespace fuser

#endif // FUSERDIALECT_RUNTIME_BACKEND_H
