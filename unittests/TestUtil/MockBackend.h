//===- MockBackend.h - A recording fused-kernel backend for tests -*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// MockKernel records every KernelLaunch it receives and, for float32
// arguments, computes output arg j = input arg (j mod #inputs) + j through the
// compressed sizes and strides, so tests can check pointer arithmetic end to
// end. MockBackend registers itself for a device type and restores the table
// and the fusion switches when destroyed.
//
//===----------------------------------------------------------------------===//

#ifndef FUSER_UNITTESTS_TESTUTIL_MOCKBACKEND_H
#define FUSER_UNITTESTS_TESTUTIL_MOCKBACKEND_H

#include "FuserDialect/Runtime/Backend.h"

#include <memory>
#include <mutex>
#include <vector>

namespace fuser::test {

/// What a backend constructor was called with.
struct ConstructorCall {
  int16_t device;
  std::string name, code;
  std::vector<TensorDesc> inputDesc, outputDesc;
  std::vector<PartitionDesc> chunkDesc, concatDesc;
  bool hasRandom;
};

struct MockRecord {
  std::mutex mutex;
  std::vector<ConstructorCall> constructed;
  std::vector<KernelLaunch> launches;
  bool compute = true;
};

inline int64_t offsetOf(const KernelTensorArg &a, int64_t linear) {
  int64_t off = 0;
  for (size_t d = a.sizes.size(); d-- > 0;) {
    off += (linear % a.sizes[d]) * a.strides[d];
    linear /= a.sizes[d];
  }
  return off;
}

class MockKernel : public FusedKernel {
public:
  MockKernel(std::shared_ptr<MockRecord> record, const ConstructorCall &c)
      : FusedKernel(c.name, c.code, c.inputDesc, c.outputDesc, c.chunkDesc,
                    c.concatDesc, c.hasRandom),
        record(std::move(record)) {}

  void launch(const KernelLaunch &args) override {
    std::lock_guard<std::mutex> lock(record->mutex);
    record->launches.push_back(args);
    if (!record->compute || args.inputs.empty())
      return;
    for (const TensorDesc &d : inputDesc())
      if (d.dtype != DType::Float32)
        return;
    for (const TensorDesc &d : outputDesc())
      if (d.dtype != DType::Float32)
        return;
    for (size_t j = 0; j < args.outputs.size(); ++j) {
      const KernelTensorArg &out = args.outputs[j];
      const KernelTensorArg &in = args.inputs[j % args.inputs.size()];
      for (uint64_t i = 0; i < args.numel; ++i) {
        const float *src = static_cast<const float *>(in.data);
        float *dst = static_cast<float *>(out.data);
        dst[offsetOf(out, static_cast<int64_t>(i))] =
            src[offsetOf(in, static_cast<int64_t>(i))] + static_cast<float>(j);
      }
    }
  }
  DeviceType backend() const override { return DeviceType::CPU; }

private:
  std::shared_ptr<MockRecord> record;
};

/// Registers a MockKernel constructor for `type` while it lives.
class MockBackend {
public:
  explicit MockBackend(DeviceType type = DeviceType::CPU)
      : type(type), record(std::make_shared<MockRecord>()) {
    auto rec = record;
    registerFusionBackend(
        type, [rec](int16_t device, std::string name, std::string code,
                    std::vector<TensorDesc> in, std::vector<TensorDesc> out,
                    std::vector<PartitionDesc> chunk,
                    std::vector<PartitionDesc> concat, bool hasRandom) {
          ConstructorCall call{device,        std::move(name),
                               std::move(code), std::move(in),
                               std::move(out), std::move(chunk),
                               std::move(concat), hasRandom};
          {
            std::lock_guard<std::mutex> lock(rec->mutex);
            rec->constructed.push_back(call);
          }
          return std::make_shared<MockKernel>(rec, call);
        });
  }
  ~MockBackend() { deregisterFusionBackend(type); }
  MockBackend(const MockBackend &) = delete;
  MockBackend &operator=(const MockBackend &) = delete;

  size_t numConstructed() {
    std::lock_guard<std::mutex> lock(record->mutex);
    return record->constructed.size();
  }
  size_t numLaunches() {
    std::lock_guard<std::mutex> lock(record->mutex);
    return record->launches.size();
  }
  KernelLaunch lastLaunch() {
    std::lock_guard<std::mutex> lock(record->mutex);
    return record->launches.back();
  }
  ConstructorCall lastConstructed() {
    std::lock_guard<std::mutex> lock(record->mutex);
    return record->constructed.back();
  }

  DeviceType type;
  std::shared_ptr<MockRecord> record;
};

/// Restores the fusion switches on destruction.
struct SwitchGuard {
  bool mustUseLLVM = mustUseLLVMOnCPU();
  ~SwitchGuard() {
    overrideCanFuseOnCPU(true);
    overrideCanFuseOnGPU(true);
    overrideMustUseLLVMOnCPU(mustUseLLVM);
  }
};

} // namespace fuser::test

#endif // FUSER_UNITTESTS_TESTUTIL_MOCKBACKEND_H
