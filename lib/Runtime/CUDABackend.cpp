//===- CUDABackend.cpp - The CUDA fusion backend --------------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/CUDABackend.h"
#include "FuserDialect/Runtime/KernelABI.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dlfcn.h>
#include <map>
#include <mutex>
#include <tuple>

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
  CUresult (*cuFuncGetAttribute)(int *, int, CUfunction) = nullptr;
  CUresult (*cuLinkCreate)(unsigned, int *, void **, void **) = nullptr;
  CUresult (*cuLinkAddData)(void *, int, void *, size_t, const char *,
                            unsigned, int *, void **) = nullptr;
  CUresult (*cuLinkComplete)(void *, void **, size_t *) = nullptr;
  CUresult (*cuLinkDestroy)(void *) = nullptr;
  CUresult (*cuStreamCreate)(CUstream *, unsigned) = nullptr;
  CUresult (*cuStreamDestroy)(CUstream) = nullptr;
  CUresult (*cuStreamSynchronize)(CUstream) = nullptr;

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
    get(cuFuncGetAttribute, "cuFuncGetAttribute");
    get(cuLinkCreate, "cuLinkCreate_v2");
    get(cuLinkAddData, "cuLinkAddData_v2");
    get(cuLinkComplete, "cuLinkComplete");
    get(cuLinkDestroy, "cuLinkDestroy");
    get(cuStreamCreate, "cuStreamCreate");
    get(cuStreamDestroy, "cuStreamDestroy_v2");
    get(cuStreamSynchronize, "cuStreamSynchronize");
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

  /// PTX to a cubin for the current context's device, through the driver's
  /// JIT linker (no CUDA toolkit needed).
  std::string compilePTX(const std::string &ptx, const std::string &name) {
    constexpr int kErrorLogBuffer = 5, kErrorLogBufferSize = 6;
    constexpr int kInputPTX = 1;
    char log[4096] = {0};
    int options[] = {kErrorLogBuffer, kErrorLogBufferSize};
    void *values[] = {log, reinterpret_cast<void *>(sizeof(log) - 1)};
    void *state = nullptr;
    check(cuLinkCreate(2, options, values, &state), "cuLinkCreate");
    std::string text = ptx;
    text.push_back('\0'); // PTX is read as a C string
    CUresult r = cuLinkAddData(state, kInputPTX, text.data(), text.size(),
                               name.c_str(), 0, nullptr, nullptr);
    void *image = nullptr;
    size_t size = 0;
    if (!r)
      r = cuLinkComplete(state, &image, &size);
    std::string cubin;
    if (!r)
      cubin.assign(static_cast<const char *>(image), size);
    cuLinkDestroy(state);
    if (r)
      throw Error("the CUDA driver could not compile the PTX of " + name +
                  ": " + errorString(r) + (log[0] ? std::string("\n") + log
                                                   : std::string()));
    return cubin;
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

/// Device memory with a cache of freed blocks: cuMemAlloc and the
/// synchronising cuMemFree would otherwise dominate launches of outputs. A
/// freed block is handed out again only for the same device and stream, so
/// stream order keeps its last user ahead of its next one (as in PyTorch's
/// caching allocator: a tensor used on another stream than its allocation
/// stream must be kept alive until that use completes).
class CUDAAllocator : public Allocator {
public:
  void *allocate(size_t bytes, Device device, void *stream) override {
    size_t rounded = roundSize(bytes);
    Pool key{device.index, stream, rounded};
    {
      std::lock_guard<std::mutex> lock(mutex);
      auto it = cache.find(key);
      if (it != cache.end() && !it->second.empty()) {
        void *p = it->second.back();
        it->second.pop_back();
        return p;
      }
    }
    Driver &d = driver();
    d.use(device.index);
    CUdeviceptr p = 0;
    CUresult r = d.cuMemAlloc(&p, rounded);
    if (r) {
      // Out of memory, perhaps because of cached blocks: give them back to
      // the driver and try once more.
      releaseCached();
      d.use(device.index);
      r = d.cuMemAlloc(&p, rounded);
    }
    if (r)
      throw Error("cuMemAlloc of " + std::to_string(bytes) + " bytes on " +
                  device.str() + " failed: " + d.errorString(r));
    return reinterpret_cast<void *>(p);
  }
  void deallocate(void *ptr, size_t bytes, Device device,
                  void *stream) override {
    Pool key{device.index, stream, roundSize(bytes)};
    std::lock_guard<std::mutex> lock(mutex);
    cache[key].push_back(ptr);
  }

private:
  struct Pool {
    int16_t device;
    void *stream;
    size_t bytes;
    bool operator<(const Pool &o) const {
      return std::tie(device, stream, bytes) <
             std::tie(o.device, o.stream, o.bytes);
    }
  };

  void releaseCached() {
    std::map<Pool, std::vector<void *>> blocks;
    {
      std::lock_guard<std::mutex> lock(mutex);
      blocks.swap(cache);
    }
    Driver &d = driver();
    for (auto &[pool, pointers] : blocks) {
      d.use(pool.device);
      d.cuCtxSynchronize(); // their last users may still run
      for (void *p : pointers)
        d.cuMemFree(reinterpret_cast<CUdeviceptr>(p));
    }
  }

  std::mutex mutex;
  static size_t roundSize(size_t bytes) {
    return (std::max<size_t>(bytes, 1) + 511) / 512 * 512;
  }

  std::map<Pool, std::vector<void *>> cache;
};

constexpr char kMagic[8] = {'F', 'U', 'S', 'E', 'R', 'G', 'P', 'U'};
constexpr unsigned kThreads = 256;

/// Launch settings read once from the environment: FUSER_CUDA_BLOCK (threads
/// per block; default: chosen per kernel), FUSER_CUDA_PARAMS (`pointers`,
/// the default: one pointer per slot; `buffer`: the slots as one buffer, not
/// yet timed or run on a GPU, so opt-in) and FUSER_DEBUG >= 2 (print each
/// launch).
struct LaunchConfig {
  unsigned blockSize = 0;
  bool paramBuffer = false;
  bool debug = false;
};

// cuLaunchKernel's `extra` keys (CU_LAUNCH_PARAM_*).
void *const kParamEnd = nullptr;
void *const kParamBufferPointer = reinterpret_cast<void *>(1);
void *const kParamBufferSize = reinterpret_cast<void *>(2);

/// Enqueues `fn` with its parameter slots (every slot is 8 bytes, as the
/// kernels declare them): as one buffer, which the driver copies whole, or
/// as one pointer per slot (`pointers`, resized here).
CUresult launchWithSlots(Driver &d, CUfunction fn, unsigned blocks,
                         unsigned blockSize, CUstream stream,
                         std::vector<int64_t> &slots,
                         std::vector<void *> &pointers, bool buffer) {
  if (buffer) {
    size_t bytes = slots.size() * sizeof(int64_t);
    void *extra[] = {kParamBufferPointer, slots.data(), kParamBufferSize,
                     &bytes, kParamEnd};
    return d.cuLaunchKernel(fn, blocks, 1, 1, blockSize, 1, 1, 0, stream,
                            nullptr, extra);
  }
  pointers.resize(slots.size());
  for (size_t i = 0; i < slots.size(); ++i)
    pointers[i] = &slots[i];
  return d.cuLaunchKernel(fn, blocks, 1, 1, blockSize, 1, 1, 0, stream,
                          pointers.data(), nullptr);
}
const LaunchConfig &launchConfig() {
  static const LaunchConfig config = [] {
    LaunchConfig c;
    if (const char *v = std::getenv("FUSER_CUDA_BLOCK")) {
      unsigned n = static_cast<unsigned>(std::strtoul(v, nullptr, 10));
      if (n >= 32 && n <= 1024 && n % 32 == 0)
        c.blockSize = n;
    }
    if (const char *v = std::getenv("FUSER_CUDA_PARAMS"))
      c.paramBuffer = std::strcmp(v, "buffer") == 0;
    if (const char *v = std::getenv("FUSER_DEBUG"))
      c.debug = std::atoi(v) >= 2;
    return c;
  }();
  return config;
}

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
    if (blob.size() < 24 || std::memcmp(blob.data(), kMagic, 8) != 0)
      throw Error("the CUDA backend got code that is not a compiled kernel");
    uint64_t lanesField, ptxSize;
    std::memcpy(&lanesField, blob.data() + 8, 8);
    std::memcpy(&ptxSize, blob.data() + 16, 8);
    if (ptxSize > blob.size() - 24)
      throw Error("truncated CUDA kernel code");
    lanes = static_cast<unsigned>(lanesField);
    code_ = blob.substr(24, ptxSize);
    std::string cubin = blob.substr(24 + ptxSize);
    Driver &d = driver();
    d.use(device);
    // The driver compiles the PTX to a cubin for this device; keeping the
    // cubin lets a later process load the kernel without that compile.
    if (cubin.empty())
      cubin = d.compilePTX(code_, name_);
    d.check(d.cuModuleLoadData(&module, cubin.data()), "cuModuleLoadData");
    persistentCode_ = packCUDAKernelCode(code_, lanes, cubin);
    d.check(d.cuModuleGetFunction(&vectorFn, module, name_.c_str()),
            "cuModuleGetFunction");
    d.check(d.cuModuleGetFunction(&scalarFn, module,
                                  (name_ + "_scalar").c_str()),
            "cuModuleGetFunction");
    vectorBlock = blockSizeFor(vectorFn);
    scalarBlock = blockSizeFor(scalarFn);

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
    // Slots and their addresses live in buffers of this thread, reused by
    // its later launches: cuLaunchKernel copies the parameters before it
    // returns.
    thread_local std::vector<int64_t> params;
    thread_local std::vector<void *> pointers;
    packKernelParams(layout, args, params);
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
    unsigned blockSize = aligned ? vectorBlock : scalarBlock;
    uint64_t blocks = (threads + blockSize - 1) / blockSize;
    if (launchConfig().debug)
      std::fprintf(stderr, "fuser: launch %s (%s kernel) %llu x %u threads\n",
                   name_.c_str(), aligned ? "vector" : "scalar",
                   static_cast<unsigned long long>(blocks), blockSize);
    if (blocks > 0x7fffffffu)
      throw Error("launch of " + name_ + " needs too many blocks");
    Driver &d = driver();
    // The constructor made the device's primary context (Driver::use), and
    // it never changes afterwards: making it current needs neither use()'s
    // lock nor its checks.
    d.check(d.cuCtxSetCurrent(d.contexts[device]), "cuCtxSetCurrent");
    d.check(launchWithSlots(d, aligned ? vectorFn : scalarFn,
                            static_cast<unsigned>(blocks), blockSize,
                            static_cast<CUstream>(args.stream), params,
                            pointers, launchConfig().paramBuffer),
            "cuLaunchKernel");
  }

  /// Enqueues the kernel `iterations` times with parameters packed once:
  /// cuLaunchKernel alone, given the slots as one buffer or as pointers.
  /// Returns microseconds per enqueue.
  double bareLaunchMicros(const KernelLaunch &args, unsigned iterations,
                          bool buffer) {
    std::vector<int64_t> params = packKernelParams(layout, args);
    std::vector<void *> pointers;
    Driver &d = driver();
    d.use(device);
    auto start = std::chrono::steady_clock::now();
    for (unsigned i = 0; i < iterations; ++i)
      d.check(launchWithSlots(d, scalarFn, 1, kThreads,
                              static_cast<CUstream>(args.stream), params,
                              pointers, buffer),
              "cuLaunchKernel");
    auto end = std::chrono::steady_clock::now();
    return std::chrono::duration<double, std::micro>(end - start).count() /
           iterations;
  }

private:
  /// Threads per block for `fn`. Kernels that need many registers (the
  /// in-flight data of many tensors) run in blocks of 128: at the same
  /// occupancy, smaller blocks keep more SMs busy to the end of the grid
  /// (LSTM cell on the H100: 0.244 ms at 128 vs 0.257 ms at 256 threads).
  unsigned blockSizeFor(CUfunction fn) {
    Driver &d = driver();
    constexpr int kAttrMaxThreads = 0, kAttrNumRegs = 4;
    int maxThreads = 1024, regs = 0;
    d.cuFuncGetAttribute(&maxThreads, kAttrMaxThreads, fn);
    d.cuFuncGetAttribute(&regs, kAttrNumRegs, fn);
    unsigned size = launchConfig().blockSize;
    if (!size)
      size = regs > 64 ? 128 : kThreads;
    while (size > 32 && size > static_cast<unsigned>(maxThreads))
      size /= 2;
    return size;
  }

  int16_t device;
  unsigned vectorBlock = kThreads, scalarBlock = kThreads;
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

std::string fuser::packCUDAKernelCode(const std::string &ptx, unsigned lanes,
                                      const std::string &cubin) {
  uint64_t fields[2] = {lanes, ptx.size()};
  return std::string(kMagic, 8) +
         std::string(reinterpret_cast<const char *>(fields), 16) + ptx +
         cubin;
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
      },
      /*persistentCode=*/true);
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

double fuser::cudaBareLaunchMicros(FusedKernel &kernel,
                                   const KernelLaunch &launch,
                                   unsigned iterations, bool paramBuffer) {
  if (kernel.backend() != DeviceType::CUDA)
    throw Error("cudaBareLaunchMicros needs a CUDA kernel");
  return static_cast<CUDAKernel &>(kernel).bareLaunchMicros(launch, iterations,
                                                            paramBuffer);
}

int fuser::cudaDeviceCount() {
  return cudaAvailable() ? driver().deviceCount : 0;
}

void *fuser::cudaCreateStream(int16_t device) {
  Driver &d = driver();
  if (!cudaAvailable())
    throw Error("CUDA is not available: " + d.failure);
  d.use(device);
  CUstream stream = nullptr;
  // 1: CU_STREAM_NON_BLOCKING, so that it does not wait on the legacy stream.
  d.check(d.cuStreamCreate(&stream, 1), "cuStreamCreate");
  return stream;
}

void fuser::cudaDestroyStream(void *stream) {
  if (stream && cudaAvailable())
    driver().cuStreamDestroy(static_cast<CUstream>(stream));
}

void fuser::cudaStreamSynchronize(void *stream) {
  Driver &d = driver();
  d.check(d.cuStreamSynchronize(static_cast<CUstream>(stream)),
          "cuStreamSynchronize");
}

void fuser::cudaSynchronize(int16_t device) {
  Driver &d = driver();
  if (!cudaAvailable())
    return;
  d.use(device);
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
