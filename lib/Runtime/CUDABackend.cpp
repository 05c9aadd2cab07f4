//===- CUDABackend.cpp - The CUDA fusion backend --------------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/CUDABackend.h"
#include "FuserDialect/Runtime/KernelABI.h"

#include <cstring>
#include <dlfcn.h>
#include <map>
#include <mutex>

using namespace fuser;

namespace {
// The few driver API types and entry points used, declared here so that
// building needs no CUDA headers.
using CUresult = int;
using CUdevice = int;
using CUcontext = void *;
using CUmodule = void *;
using CUfunction = void *;
using CUstream = void *;
using CUdeviceptr = unsigned long long;
constexpr int kAttrSMCount = 16;
constexpr int kAttrMajor = 75;
constexpr int kAttrMinor = 76;

struct Driver {
  CUresult (*cuInit)(unsigned) = nullptr;
  CUresult (*cuDeviceGetCount)(int *) = nullptr;
  CUresult (*cuDeviceGet)(CUdevice *, int) = nullptr;
  CUresult (*cuDeviceGetAttribute)(int *, int, CUdevice) = nullptr;
  CUresult (*cuDevicePrimaryCtxRetain)(CUcontext *, CUdevice) = nullptr;
  CUresult (*cuCtxSetCurrent)(CUcontext) = nullptr;
  CUresult (*cuCtxSynchronize)() = nullptr;
  CUresult (*cuModuleLoadData)(CUmodule *, const void *) = nullptr;
  CUresult (*cuModuleUnload)(CUmodule) = nullptr;
  CUresult (*cuModuleGetFunction)(CUfunction *, CUmodule, const char *) =
      nullptr;
  CUresult (*cuLaunchKernel)(CUfunction, unsigned, unsigned, unsigned,
                             unsigned, unsigned, unsigned, unsigned, CUstream,
                             void **, void **) = nullptr;
  CUresult (*cuMemAlloc)(CUdeviceptr *, size_t) = nullptr;
  CUresult (*cuMemFree)(CUdeviceptr) = nullptr;
  CUresult (*cuMemcpyHtoD)(CUdeviceptr, const void *, size_t) = nullptr;
  CUresult (*cuMemcpyDtoH)(void *, CUdeviceptr, size_t) = nullptr;
  CUresult (*cuGetErrorString)(CUresult, const char **) = nullptr;
  CUresult (*cuEventCreate)(void **, unsigned) = nullptr;
  CUresult (*cuEventRecord)(void *, CUstream) = nullptr;
  CUresult (*cuEventSynchronize)(void *) = nullptr;
  CUresult (*cuEventElapsedTime)(float *, void *, void *) = nullptr;
  CUresult (*cuEventDestroy)(void *) = nullptr;

  std::string failure;
  int deviceCount = 0;
  std::vector<CUcontext> contexts;

  Driver() {
    void *lib = dlopen("libcuda.so.1", RTLD_NOW | RTLD_GLOBAL);
    if (!lib) {
      failure = "the CUDA driver (libcuda.so.1) is not installed";
      return;
    }
    bool ok = true;
    auto get = [&](auto &fn, const char *name) {
      fn = reinterpret_cast<std::remove_reference_t<decltype(fn)>>(
          dlsym(lib, name));
      ok &= fn != nullptr;
    };
    get(cuInit, "cuInit");
    get(cuDeviceGetCount, "cuDeviceGetCount");
    get(cuDeviceGet, "cuDeviceGet");
    get(cuDeviceGetAttribute, "cuDeviceGetAttribute");
    get(cuDevicePrimaryCtxRetain, "cuDevicePrimaryCtxRetain");
    get(cuCtxSetCurrent, "cuCtxSetCurrent");
    get(cuCtxSynchronize, "cuCtxSynchronize");
    get(cuModuleLoadData, "cuModuleLoadData");
    get(cuModuleUnload, "cuModuleUnload");
    get(cuModuleGetFunction, "cuModuleGetFunction");
    get(cuLaunchKernel, "cuLaunchKernel");
    get(cuMemAlloc, "cuMemAlloc_v2");
    get(cuMemFree, "cuMemFree_v2");
    get(cuMemcpyHtoD, "cuMemcpyHtoD_v2");
    get(cuMemcpyDtoH, "cuMemcpyDtoH_v2");
    get(cuGetErrorString, "cuGetErrorString");
    get(cuEventCreate, "cuEventCreate");
    get(cuEventRecord, "cuEventRecord");
    get(cuEventSynchronize, "cuEventSynchronize");
    get(cuEventElapsedTime, "cuEventElapsedTime");
    get(cuEventDestroy, "cuEventDestroy_v2");
    if (!ok) {
      failure = "the CUDA driver lacks an entry point fuser needs";
      return;
    }
    if (CUresult r = cuInit(0)) {
      failure = "cuInit failed: " + errorString(r);
      return;
    }
    if (cuDeviceGetCount(&deviceCount) || deviceCount == 0) {
      failure = "the CUDA driver reports no GPU";
      deviceCount = 0;
      return;
    }
    contexts.assign(deviceCount, nullptr);
  }

  std::string errorString(CUresult r) const {
    const char *s = nullptr;
    if (cuGetErrorString && !cuGetErrorString(r, &s) && s)
      return std::string(s) + " (" + std::to_string(r) + ")";
    return "CUDA error " + std::to_string(r);
  }

  void check(CUresult r, const char *what) const {
    if (r)
      throw Error(std::string(what) + " failed: " + errorString(r));
  }

  /// Makes the primary context of `device` current on this thread.
  void use(int16_t device) {
    if (device < 0 || device >= deviceCount)
      throw Error("no CUDA device " + std::to_string(device) + " (found " +
                  std::to_string(deviceCount) + ")");
    static std::mutex m;
    std::lock_guard<std::mutex> lock(m);
    if (!contexts[device]) {
      CUdevice d;
      check(cuDeviceGet(&d, device), "cuDeviceGet");
      check(cuDevicePrimaryCtxRetain(&contexts[device], d),
            "cuDevicePrimaryCtxRetain");
    }
    check(cuCtxSetCurrent(contexts[device]), "cuCtxSetCurrent");
  }

  int attribute(int16_t device, int attr) {
    CUdevice d;
    check(cuDeviceGet(&d, device), "cuDeviceGet");
    int v = 0;
    check(cuDeviceGetAttribute(&v, attr, d), "cuDeviceGetAttribute");
    return v;
  }
};

Driver &driver() {
  static Driver d;
  return d;
}

/// Device memory with a cache of freed blocks by size: cuMemAlloc and the
/// synchronising cuMemFree would otherwise dominate launches of outputs.
class CUDAAllocator : public Allocator {
public:
  void *allocate(size_t bytes) override {
    size_t rounded = (std::max<size_t>(bytes, 1) + 511) / 512 * 512;
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto it = cache.find(rounded);
      if (it != cache.end() && !it->second.empty()) {
        void *p = it->second.back();
        it->second.pop_back();
        sizes[p] = rounded;
        return p;
      }
    }
    Driver &d = driver();
    d.use(0);
    CUdeviceptr p = 0;
    d.check(d.cuMemAlloc(&p, rounded), "cuMemAlloc");
    std::lock_guard<std::mutex> lock(mutex);
    sizes[reinterpret_cast<void *>(p)] = rounded;
    return reinterpret_cast<void *>(p);
  }
  void deallocate(void *ptr) override {
    std::lock_guard<std::mutex> lock(mutex);
    auto it = sizes.find(ptr);
    if (it == sizes.end())
      return;
    cache[it->second].push_back(ptr);
    sizes.erase(it);
  }

private:
  std::mutex mutex;
  std::map<size_t, std::vector<void *>> cache;
  std::map<void *, size_t> sizes;
};

constexpr char kMagic[8] = {'F', 'U', 'S', 'E', 'R', 'G', 'P', 'U'};
constexpr unsigned kThreads = 256;

class CUDAKernel : public FusedKernel {
public:
  CUDAKernel(int16_t device, std::string name, std::string blob,
             std::vector<TensorDesc> inputDesc,
             std::vector<TensorDesc> outputDesc,
             std::vector<PartitionDesc> chunkDesc,
             std::vector<PartitionDesc> concatDesc, bool hasRandom)
      : FusedKernel(std::move(name), "", std::move(inputDesc),
                    std::move(outputDesc), std::move(chunkDesc),
                    std::move(concatDesc), hasRandom),
        device(device) {
    if (blob.size() < 16 || std::memcmp(blob.data(), kMagic, 8) != 0)
      throw Error("the CUDA backend got code that is not a compiled kernel");
    uint64_t lanesField;
    std::memcpy(&lanesField, blob.data() + 8, 8);
    lanes = static_cast<unsigned>(lanesField);
    code_ = blob.substr(16);
    Driver &d = driver();
    d.use(device);
    std::string image = code_;
    image.push_back('\0'); // PTX is read as a C string
    d.check(d.cuModuleLoadData(&module, image.data()), "cuModuleLoadData");
    d.check(d.cuModuleGetFunction(&vectorFn, module, name_.c_str()),
            "cuModuleGetFunction");
    d.check(d.cuModuleGetFunction(&scalarFn, module,
                                  (name_ + "_scalar").c_str()),
            "cuModuleGetFunction");

    std::vector<std::vector<bool>> bits;
    for (size_t i = 0; i < inputDesc_.size(); ++i)
      for (size_t k = 0; k < chunkDesc_[i].nSubTensors; ++k)
        bits.push_back(chunkDesc_[i].isNoop()
                           ? inputDesc_[i].contiguity
                           : chunkDesc_[i].subTensorDesc->contiguity);
    for (size_t j = 0; j < outputDesc_.size(); ++j) {
      for (size_t k = 0; k < concatDesc_[j].nSubTensors; ++k)
        bits.push_back(concatDesc_[j].isNoop()
                           ? outputDesc_[j].contiguity
                           : concatDesc_[j].subTensorDesc->contiguity);
    }
    size_t rank = outputDesc_.empty() ? 0 : outputDesc_[0].contiguity.size();
    layout = kernelLayout(bits, rank);
    allUnitInner = true;
    for (bool unit : layout.unitInner)
      allUnitInner &= unit;
  }

  ~CUDAKernel() override {
    if (module)
      driver().cuModuleUnload(module);
  }

  DeviceType backend() const override { return DeviceType::CUDA; }

  void launch(const KernelLaunch &args) override {
    std::vector<int64_t> params = packKernelParams(layout, args);
    // The vector kernel needs every vector to be aligned: 16-byte aligned
    // pointers, and rows (and strides between them) of whole vectors.
    bool aligned = allUnitInner && lanes > 1;
    unsigned loopRank = static_cast<unsigned>(layout.loopDims.size());
    int64_t inner = params[kLoopSizesSlot + loopRank - 1];
    if (aligned && loopRank > 1 && inner % lanes)
      aligned = false;
    for (size_t t = 0; aligned && t < layout.unitInner.size(); ++t) {
      // Slot tensorSlot(...) holds the data pointer.
      if (params[tensorSlot(loopRank, static_cast<unsigned>(t))] % 16)
        aligned = false;
      for (unsigned l = 0; l + 1 < loopRank; ++l)
        if (params[tensorSlot(loopRank, static_cast<unsigned>(t)) + 1 + l] %
            lanes)
          aligned = false;
    }
    unsigned perThread = aligned ? lanes : 1;
    uint64_t threads = (args.numel + perThread - 1) / perThread;
    uint64_t blocks = (threads + kThreads - 1) / kThreads;
    if (blocks > 0x7fffffffu)
      throw Error("launch of " + name_ + " needs too many blocks");
    std::vector<void *> pointers(params.size());
    for (size_t i = 0; i < params.size(); ++i)
      pointers[i] = &params[i];
    Driver &d = driver();
    d.use(device);
    d.check(d.cuLaunchKernel(aligned ? vectorFn : scalarFn,
                             static_cast<unsigned>(blocks), 1, 1, kThreads, 1,
                             1, 0, static_cast<CUstream>(args.stream),
                             pointers.data(), nullptr),
            "cuLaunchKernel");
  }

private:
  int16_t device;
  unsigned lanes = 1;
  CUmodule module = nullptr;
  CUfunction vectorFn = nullptr, scalarFn = nullptr;
  KernelLayout layout;
  bool allUnitInner = false;
};
} // namespace

bool fuser::cudaAvailable() { return driver().failure.empty(); }

std::string fuser::cudaUnavailableReason() { return driver().failure; }

std::string fuser::cudaDeviceArch(int16_t device) {
  Driver &d = driver();
  if (!cudaAvailable())
    throw Error("CUDA is not available: " + d.failure);
  return "sm_" + std::to_string(d.attribute(device, kAttrMajor)) +
         std::to_string(d.attribute(device, kAttrMinor));
}

std::string fuser::packCUDAKernelCode(const std::string &image,
                                      unsigned lanes) {
  uint64_t field = lanes;
  return std::string(kMagic, 8) +
         std::string(reinterpret_cast<const char *>(&field), 8) + image;
}

bool fuser::registerCUDAFusionBackend() {
  if (!cudaAvailable())
    return false;
  registerAllocator(DeviceType::CUDA, std::make_shared<CUDAAllocator>());
  registerFusionBackend(
      DeviceType::CUDA,
      [](int16_t device, std::string name, std::string code,
         std::vector<TensorDesc> inputDesc, std::vector<TensorDesc> outputDesc,
         std::vector<PartitionDesc> chunkDesc,
         std::vector<PartitionDesc> concatDesc,
         bool hasRandom) -> std::shared_ptr<FusedKernel> {
        return std::make_shared<CUDAKernel>(
            device, std::move(name), std::move(code), std::move(inputDesc),
            std::move(outputDesc), std::move(chunkDesc), std::move(concatDesc),
            hasRandom);
      });
  return true;
}

Tensor fuser::copyToDevice(const TensorView &host, int16_t device) {
  if (!host.isContiguous())
    throw Error("copyToDevice needs a contiguous host tensor");
  Driver &d = driver();
  d.use(device);
  Tensor t = Tensor::empty(host.dtype, host.sizes, Device::cuda(device));
  size_t bytes = static_cast<size_t>(host.numel()) * elementSize(host.dtype);
  if (bytes)
    d.check(d.cuMemcpyHtoD(reinterpret_cast<CUdeviceptr>(t.view.data),
                           host.data, bytes),
            "cuMemcpyHtoD");
  return t;
}

Tensor fuser::copyToHost(const TensorView &dev) {
  Driver &d = driver();
  d.use(dev.device.index);
  d.check(d.cuCtxSynchronize(), "cuCtxSynchronize");
  // Copy the whole extent of the view, then keep its strides.
  int64_t extent = 1;
  for (size_t i = 0; i < dev.sizes.size(); ++i)
    if (dev.sizes[i] == 0)
      extent = 0;
    else
      extent += (dev.sizes[i] - 1) * dev.strides[i];
  Tensor t = Tensor::empty(dev.dtype, {extent}, Device::cpu());
  size_t bytes = static_cast<size_t>(extent) * elementSize(dev.dtype);
  if (bytes)
    d.check(d.cuMemcpyDtoH(t.view.data,
                           reinterpret_cast<CUdeviceptr>(dev.data), bytes),
            "cuMemcpyDtoH");
  t.view.sizes = dev.sizes;
  t.view.strides = dev.strides;
  return t;
}

void fuser::cudaSynchronize() {
  Driver &d = driver();
  if (!cudaAvailable())
    return;
  d.use(0);
  d.check(d.cuCtxSynchronize(), "cuCtxSynchronize");
}

std::vector<double> fuser::cudaTimeEachMs(const std::function<void()> &fn,
                                          unsigned iterations) {
  Driver &d = driver();
  d.use(0);
  std::vector<void *> events(2 * iterations);
  for (void *&e : events)
    d.check(d.cuEventCreate(&e, 0), "cuEventCreate");
  // Enqueued back to back, as torch_peers.py times its peers: once the queue
  // fills, each pair of events brackets the kernel alone.
  for (unsigned i = 0; i < iterations; ++i) {
    d.check(d.cuEventRecord(events[2 * i], nullptr), "cuEventRecord");
    fn();
    d.check(d.cuEventRecord(events[2 * i + 1], nullptr), "cuEventRecord");
  }
  d.check(d.cuEventSynchronize(events.back()), "cuEventSynchronize");
  std::vector<double> times;
  for (unsigned i = 0; i < iterations; ++i) {
    float ms = 0;
    d.check(d.cuEventElapsedTime(&ms, events[2 * i], events[2 * i + 1]),
            "cuEventElapsedTime");
    times.push_back(ms);
  }
  for (void *e : events)
    d.cuEventDestroy(e);
  return times;
}
