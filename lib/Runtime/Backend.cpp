//===- Backend.cpp - Fused kernels and the backend table ------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/Backend.h"
#include "FuserDialect/Runtime/KernelSpec.h"

#include <atomic>
#include <mutex>
#include <unordered_map>

using namespace fuser;

FusedKernel::FusedKernel(std::string name, std::string code,
                         std::vector<TensorDesc> inputDesc,
                         std::vector<TensorDesc> outputDesc,
                         std::vector<PartitionDesc> chunkDesc,
                         std::vector<PartitionDesc> concatDesc, bool hasRandom)
    : name_(std::move(name)), code_(std::move(code)),
      inputDesc_(std::move(inputDesc)), outputDesc_(std::move(outputDesc)),
      chunkDesc_(std::move(chunkDesc)), concatDesc_(std::move(concatDesc)),
      hasRandom_(hasRandom) {}

FusedKernel::~FusedKernel() = default;

namespace {
struct BackendTable {
  std::mutex mutex;
  std::unordered_map<int, FusedKernelConstructor> ctors;
  /// Device types whose constructor accepts persistentCode() of its kernels.
  std::unordered_map<int, bool> persists;
  /// Whether a constructor is registered, per device type (CPU, CUDA, XPU),
  /// for the checks of every launch, which take no lock.
  std::atomic<bool> registered[3] = {};
};
BackendTable &backends() {
  static BackendTable t;
  return t;
}
std::atomic<bool> cpuFusionEnabled{true};
std::atomic<bool> gpuFusionEnabled{true};
std::atomic<bool> mustUseLLVM{true};
} // namespace

void fuser::registerFusionBackend(DeviceType type,
                                  FusedKernelConstructor ctor,
                                  bool persistentCode) {
  BackendTable &t = backends();
  std::lock_guard<std::mutex> lock(t.mutex);
  t.ctors[static_cast<int>(type)] = std::move(ctor);
  t.persists[static_cast<int>(type)] = persistentCode;
  t.registered[static_cast<int>(type)] = true;
}

bool fuser::fusionBackendPersists(DeviceType type) {
  BackendTable &t = backends();
  std::lock_guard<std::mutex> lock(t.mutex);
  auto it = t.persists.find(static_cast<int>(type));
  return it != t.persists.end() && it->second && t.ctors.count(it->first);
}

bool fuser::hasFusionBackend(DeviceType type) {
  return backends().registered[static_cast<int>(type)].load();
}

void fuser::deregisterFusionBackend(DeviceType type) {
  BackendTable &t = backends();
  std::lock_guard<std::mutex> lock(t.mutex);
  t.ctors.erase(static_cast<int>(type));
  t.registered[static_cast<int>(type)] = false;
}

FusedKernelConstructor fuser::getFusionBackend(DeviceType type) {
  BackendTable &t = backends();
  std::lock_guard<std::mutex> lock(t.mutex);
  auto it = t.ctors.find(static_cast<int>(type));
  return it == t.ctors.end() ? FusedKernelConstructor() : it->second;
}

bool fuser::canFuseOnCPU() {
  return hasFusionBackend(DeviceType::CPU) && cpuFusionEnabled.load();
}
bool fuser::canFuseOnGPU() {
  return hasFusionBackend(DeviceType::CUDA) && gpuFusionEnabled.load();
}
void fuser::overrideCanFuseOnCPU(bool value) { cpuFusionEnabled = value; }
void fuser::overrideCanFuseOnGPU(bool value) { gpuFusionEnabled = value; }
void fuser::overrideMustUseLLVMOnCPU(bool value) { mustUseLLVM = value; }
bool fuser::mustUseLLVMOnCPU() { return mustUseLLVM.load(); }

std::shared_ptr<FusedKernel>
KernelSpec::findKernel(const ArgSpec &spec) const {
  std::lock_guard<std::mutex> lock(mutex_);
  auto it = kernels_.find(spec);
  return it == kernels_.end() ? nullptr : it->second;
}

std::shared_ptr<FusedKernel>
KernelSpec::cacheKernel(const ArgSpec &spec, std::shared_ptr<FusedKernel> k) {
  std::lock_guard<std::mutex> lock(mutex_);
  return kernels_.emplace(spec, std::move(k)).first->second;
}

size_t KernelSpec::numCachedKernels() const {
  std::lock_guard<std::mutex> lock(mutex_);
  return kernels_.size();
}
