//===- CUDABackend.h - The CUDA fusion backend ------------------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Launches compiled GPU kernels through the CUDA driver API, which is loaded
// at run time (libcuda.so.1): no CUDA toolkit is needed to run, and without a
// driver or GPU the backend reports itself unavailable.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_RUNTIME_CUDABACKEND_H
#define FUSERDIALECT_RUNTIME_CUDABACKEND_H

#include "FuserDialect/Runtime/Backend.h"

#include <functional>
#include <string>
#include <vector>

namespace fuser {

/// True if the driver loads and reports at least one GPU.
bool cudaAvailable();
/// Why cudaAvailable() is false (empty when it is true).
std::string cudaUnavailableReason();
/// "sm_90" for a compute capability 9.0 device.
std::string cudaDeviceArch(int16_t device);

/// Registers the CUDA backend and the device allocator if a GPU is present.
/// Returns cudaAvailable().
bool registerCUDAFusionBackend();

/// The `code` a CUDA kernel constructor receives: the PTX, the lanes per
/// thread of its vector kernel, and optionally a cubin of that PTX for the
/// device (without one, the driver compiles the PTX when the kernel loads).
/// With a cubin only (empty PTX), the kernel shows no code.
std::string packCUDAKernelCode(const std::string &ptx, unsigned lanes,
                               const std::string &cubin = {});

/// Copies between host and device tensors (contiguous copies).
Tensor copyToDevice(const TensorView &host, int16_t device);
Tensor copyToHost(const TensorView &deviceTensor);
/// Waits for all work on the current context.
void cudaSynchronize(int16_t device = 0);
/// Enqueues `kernel` (of this backend) `iterations` times through
/// cuLaunchKernel alone, with the parameters of `launch` packed once (as one
/// buffer, or as a pointer per slot), and returns the microseconds per
/// enqueue: the floor against which the runtime's per-launch host work is
/// measured.
double cudaBareLaunchMicros(FusedKernel &kernel, const KernelLaunch &launch,
                            unsigned iterations, bool paramBuffer = false);
/// Number of CUDA devices (0 without a driver or GPU).
int cudaDeviceCount();
/// A new non-blocking stream on `device`; destroy it with cudaDestroyStream.
void *cudaCreateStream(int16_t device);
void cudaDestroyStream(void *stream);
/// Waits for the work queued on `stream` (nullptr: the legacy stream).
void cudaStreamSynchronize(void *stream);
/// Device time in milliseconds of each of `iterations` calls of `fn`, which
/// enqueues work on the default stream of device 0 (CUDA events, recorded
/// back to back).
std::vector<double> cudaTimeEachMs(const std::function<void()> &fn,
                                   unsigned iterations);

} // namespace fuser

#endif // FUSERDIALECT_RUNTIME_CUDABACKEND_H
