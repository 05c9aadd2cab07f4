//===- host_overhead.cpp - Host time per cached launch --------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Host time of one cached runFusion call on a tiny problem (4 elements), next
// to the floor: the same kernel enqueued through cuLaunchKernel alone with
// its parameters packed once. Calls are timed in batches small enough that
// the launch queue never fills (a full queue would time the GPU instead), with
// a synchronisation between batches outside the timed region. Prints one line
// per measurement: name, median microseconds per call over the batches.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/API/Fuser.h"
#include "FuserDialect/Runtime/CUDABackend.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <string>
#include <vector>

using namespace fuser;

namespace {
constexpr const char *kGroup = R"(
fuser.group @axpb(%x: tensor<?xf32>, %y: tensor<?xf32>, %a: f64) -> tensor<?xf32> {
  %s = fuser.mul %x, %a : (tensor<?xf32>, f64) -> tensor<?xf32>
  %r = fuser.add %s, %y : (tensor<?xf32>, tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %r : tensor<?xf32>
}
)";

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

/// Median over `batches` of the mean microseconds per call of `batch`
/// calls; `sync` runs between batches, untimed.
double timePerCall(const std::function<void()> &call,
                   const std::function<void()> &sync, unsigned batches,
                   unsigned batch) {
  std::vector<double> perCall;
  for (unsigned b = 0; b < batches; ++b) {
    sync();
    auto start = std::chrono::steady_clock::now();
    for (unsigned i = 0; i < batch; ++i)
      call();
    auto end = std::chrono::steady_clock::now();
    perCall.push_back(
        std::chrono::duration<double, std::micro>(end - start).count() /
        batch);
  }
  sync();
  return median(perCall);
}

Tensor hostIota(int64_t n, float scale) {
  Tensor t = Tensor::empty(DType::Float32, {n}, Device::cpu());
  for (int64_t i = 0; i < n; ++i)
    static_cast<float *>(t.view.data)[i] = scale * static_cast<float>(i + 1);
  return t;
}
} // namespace

int main(int argc, char **argv) {
  unsigned batches = 50, batch = 200;
  bool cpu = true, cuda = true;
  for (int i = 1; i < argc; ++i) {
    if (!std::strcmp(argv[i], "--cpu-only"))
      cuda = false;
    else if (!std::strcmp(argv[i], "--cuda-only"))
      cpu = false;
  }
  try {
    int64_t key = registerFusion(kGroup);
    Tensor x = hostIota(4, 1.0f), y = hostIota(4, 0.5f);
    if (cpu) {
      std::vector<Argument> args = {x.view, y.view, 2.0};
      std::vector<Tensor> out = runFusion(key, args);
      float got = static_cast<float *>(out[0].view.data)[3];
      if (got != 4.0f * 2.0f + 2.0f) {
        std::fprintf(stderr, "wrong CPU result %g\n", got);
        return 1;
      }
      double us = timePerCall([&] { runFusion(key, args); }, [] {}, batches,
                              batch);
      std::printf("host_overhead cpu runFusion_us %.2f\n", us);
    }
    if (cuda) {
      if (!cudaAvailable()) {
        std::printf("host_overhead cuda skipped: %s\n",
                    cudaUnavailableReason().c_str());
        return 0;
      }
      Tensor dx = copyToDevice(x.view, 0), dy = copyToDevice(y.view, 0);
      std::vector<Argument> args = {dx.view, dy.view, 2.0};
      std::vector<Tensor> out = runFusion(key, args);
      Tensor back = copyToHost(out[0].view);
      float got = static_cast<float *>(back.view.data)[3];
      if (got != 4.0f * 2.0f + 2.0f) {
        std::fprintf(stderr, "wrong CUDA result %g\n", got);
        return 1;
      }
      auto sync = [] { cudaSynchronize(); };
      double full =
          timePerCall([&] { runFusion(key, args); }, sync, batches, batch);
      ExecutionResult r = runFusionKernel(key, args);
      KernelLaunch launch;
      launch.numel = 4;
      launch.mapSize = {4};
      launch.inputs = {{dx.view.data, {4}, {1}, {1}},
                       {dy.view.data, {4}, {1}, {1}}};
      launch.scalars = {2.0};
      launch.outputs = {{r.outputs[0].view.data, {4}, {1}, {1}}};
      double backend = timePerCall([&] { r.kernel->launch(launch); }, sync,
                                   batches, batch);
      // The floor, with the parameters as a pointer per slot (as the backend
      // passes them by default) and as one buffer.
      std::vector<double> bare, bareBuffer;
      for (unsigned b = 0; b < batches; ++b) {
        sync();
        bare.push_back(cudaBareLaunchMicros(*r.kernel, launch, batch, false));
        sync();
        bareBuffer.push_back(
            cudaBareLaunchMicros(*r.kernel, launch, batch, true));
      }
      sync();
      double floor = median(bare);
      std::printf("host_overhead cuda runFusion_us %.2f\n", full);
      std::printf("host_overhead cuda kernel_launch_us %.2f\n", backend);
      std::printf("host_overhead cuda bare_cuLaunchKernel_us %.2f\n", floor);
      std::printf("host_overhead cuda bare_cuLaunchKernel_buffer_us %.2f\n",
                  median(bareBuffer));
      std::printf("host_overhead cuda runFusion_minus_bare_us %.2f\n",
                  full - floor);
    }
  } catch (const Error &e) {
    std::fprintf(stderr, "error: %s\n", e.what());
    return 1;
  }
  return 0;
}
