//===- CPUBackend.cpp - The CPU fusion backend ----------------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// A thread pool of the runtime, rather than OpenMP, runs kernels in parallel:
// the generated code stays a plain sequential loop over a range, the runtime
// needs no OpenMP library at run time (the GPU machine has none matching
// LLVM's), and the split and threshold are decided where the sizes are known.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/CPUBackend.h"
#include "FuserDialect/Runtime/KernelABI.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <cstring>
#include <dlfcn.h>
#include <mutex>
#include <sys/mman.h>
#include <thread>
#include <unistd.h>

using namespace fuser;

static constexpr char kMagic[8] = {'F', 'U', 'S', 'E', 'R', 'C', 'P', 'U'};

std::string fuser::packCPUKernelCode(const std::string &llvmIR,
                                     const std::string &sharedObject) {
  std::string blob(kMagic, sizeof(kMagic));
  uint64_t len = llvmIR.size();
  blob.append(reinterpret_cast<const char *>(&len), sizeof(len));
  blob += llvmIR;
  blob += sharedObject;
  return blob;
}

//===----------------------------------------------------------------------===//
// Thread pool
//===----------------------------------------------------------------------===//

namespace {
class ThreadPool {
public:
  explicit ThreadPool(unsigned n) {
    for (unsigned i = 1; i < n; ++i)
      workers.emplace_back([this] { work(); });
  }
  ~ThreadPool() {
    {
      std::lock_guard<std::mutex> lock(mutex);
      stop = true;
    }
    wake.notify_all();
    for (std::thread &t : workers)
      t.join();
  }
  unsigned size() const { return static_cast<unsigned>(workers.size()) + 1; }

  /// Runs chunks [0, count) of `job`; the caller takes part. One job at a
  /// time (concurrent callers queue on `runMutex`).
  void run(int64_t count, const std::function<void(int64_t)> &job) {
    std::lock_guard<std::mutex> runLock(runMutex);
    {
      std::lock_guard<std::mutex> lock(mutex);
      current = &job;
      next = 0;
      total = count;
      pending = count;
      ++generation;
    }
    wake.notify_all();
    drain();
    std::unique_lock<std::mutex> lock(mutex);
    done.wait(lock, [this] { return pending == 0; });
    current = nullptr;
  }

private:
  void drain() {
    while (true) {
      int64_t chunk = next.fetch_add(1);
      if (chunk >= total)
        return;
      (*current)(chunk);
      if (pending.fetch_sub(1) == 1) {
        std::lock_guard<std::mutex> lock(mutex);
        done.notify_all();
      }
    }
  }
  void work() {
    uint64_t seen = 0;
    while (true) {
      {
        std::unique_lock<std::mutex> lock(mutex);
        wake.wait(lock, [&] { return stop || generation != seen; });
        if (stop)
          return;
        seen = generation;
        if (!current)
          continue;
      }
      drain();
    }
  }

  std::vector<std::thread> workers;
  std::mutex mutex, runMutex;
  std::condition_variable wake, done;
  const std::function<void(int64_t)> *current = nullptr;
  std::atomic<int64_t> next{0}, pending{0};
  int64_t total = 0;
  uint64_t generation = 0;
  bool stop = false;
};

ThreadPool &pool() {
  static ThreadPool p(numThreads());
  return p;
}
} // namespace

unsigned fuser::numThreads() {
  static const unsigned n = [] {
    if (const char *env = std::getenv("FUSER_NUM_THREADS")) {
      int v = std::atoi(env);
      if (v > 0)
        return static_cast<unsigned>(v);
    }
    return std::max(1u, std::thread::hardware_concurrency());
  }();
  return n;
}

void fuser::parallelFor(int64_t n, int64_t grain,
                        const std::function<void(int64_t, int64_t)> &fn) {
  if (n <= 0)
    return;
  unsigned threads = numThreads();
  if (n <= grain || threads == 1) {
    fn(0, n);
    return;
  }
  // A few chunks per thread balance uneven cores; chunks stay multiples of
  // 64 elements so vector loops see full vectors.
  int64_t chunks = std::min<int64_t>(threads * 4, (n + grain - 1) / grain);
  int64_t size = ((n + chunks - 1) / chunks + 63) / 64 * 64;
  chunks = (n + size - 1) / size;
  pool().run(chunks, [&](int64_t c) {
    int64_t begin = c * size;
    fn(begin, std::min(n, begin + size));
  });
}

//===----------------------------------------------------------------------===//
// Kernels
//===----------------------------------------------------------------------===//

namespace {
using KernelEntry = void (*)(const int64_t *, int64_t, int64_t);

/// Elements below which a launch stays on the calling thread.
constexpr int64_t kParallelGrain = 32768;

class CPUKernel : public FusedKernel {
public:
  CPUKernel(std::string name, std::string blob,
            std::vector<TensorDesc> inputDesc,
            std::vector<TensorDesc> outputDesc,
            std::vector<PartitionDesc> chunkDesc,
            std::vector<PartitionDesc> concatDesc, bool hasRandom)
      : FusedKernel(std::move(name), "", std::move(inputDesc),
                    std::move(outputDesc), std::move(chunkDesc),
                    std::move(concatDesc), hasRandom) {
    if (blob.size() < 16 || std::memcmp(blob.data(), kMagic, 8) != 0)
      throw Error("the CPU backend got code that is not a compiled kernel");
    uint64_t irLen;
    std::memcpy(&irLen, blob.data() + 8, sizeof(irLen));
    if (16 + irLen > blob.size())
      throw Error("truncated CPU kernel");
    code_ = blob.substr(16, irLen);
    load(blob.data() + 16 + irLen, blob.size() - 16 - irLen);
    persistentCode_ = std::move(blob);

    // The flat tensors and their contiguity, as the compiler saw them.
    std::vector<std::vector<bool>> bits;
    for (size_t i = 0; i < inputDesc_.size(); ++i) {
      const PartitionDesc &p = chunkDesc_[i];
      for (size_t k = 0; k < p.nSubTensors; ++k)
        bits.push_back(p.isNoop() ? inputDesc_[i].contiguity
                                  : p.subTensorDesc->contiguity);
    }
    for (size_t j = 0; j < outputDesc_.size(); ++j) {
      const PartitionDesc &p = concatDesc_[j];
      for (size_t k = 0; k < p.nSubTensors; ++k)
        bits.push_back(p.isNoop() ? outputDesc_[j].contiguity
                                  : p.subTensorDesc->contiguity);
    }
    size_t rank = outputDesc_.empty() ? 0 : outputDesc_[0].contiguity.size();
    layout = kernelLayout(bits, rank);
  }

  ~CPUKernel() override {
    if (handle)
      dlclose(handle);
    if (memfd >= 0)
      ::close(memfd);
  }

  DeviceType backend() const override { return DeviceType::CPU; }

  void launch(const KernelLaunch &args) override {
    // The slots go into a buffer of this thread, reused by its later
    // launches: the kernel reads them only until the call returns (the
    // pool's workers included, which run() waits for), and nothing launches
    // again on this thread meanwhile.
    thread_local std::vector<int64_t> params;
    packKernelParams(layout, args, params);
    const int64_t *p = params.data();
    int64_t n = static_cast<int64_t>(args.numel);
    if (n <= 0)
      return;
    // What parallelFor does for a range of one chunk, without its detour.
    if (n <= kParallelGrain) {
      entry(p, 0, n);
      return;
    }
    parallelFor(n, kParallelGrain,
                [&](int64_t begin, int64_t end) { entry(p, begin, end); });
  }

private:
  void load(const char *data, size_t size) {
    int fd = memfd_create(name_.c_str(), MFD_CLOEXEC);
    if (fd < 0)
      throw Error("memfd_create failed while loading " + name_);
    size_t written = 0;
    while (written < size) {
      ssize_t w = ::write(fd, data + written, size - written);
      if (w <= 0) {
        ::close(fd);
        throw Error("could not write the kernel " + name_);
      }
      written += static_cast<size_t>(w);
    }
    // The loader recognises libraries by path, so the descriptor stays open
    // while the library is loaded: no other kernel gets the same path.
    std::string path = "/proc/self/fd/" + std::to_string(fd);
    handle = dlopen(path.c_str(), RTLD_NOW | RTLD_LOCAL);
    if (!handle)
      ::close(fd);
    else
      memfd = fd;
    if (!handle)
      throw Error("could not load the kernel " + name_ + ": " + dlerror());
    entry = reinterpret_cast<KernelEntry>(dlsym(handle, name_.c_str()));
    if (!entry)
      throw Error("the kernel library has no symbol " + name_);
  }

  void *handle = nullptr;
  int memfd = -1;
  KernelEntry entry = nullptr;
  KernelLayout layout;
};
} // namespace

void fuser::registerCPUFusionBackend() {
  registerFusionBackend(
      DeviceType::CPU,
      [](int16_t, std::string name, std::string code,
         std::vector<TensorDesc> inputDesc, std::vector<TensorDesc> outputDesc,
         std::vector<PartitionDesc> chunkDesc,
         std::vector<PartitionDesc> concatDesc,
         bool hasRandom) -> std::shared_ptr<FusedKernel> {
        return std::make_shared<CPUKernel>(
            std::move(name), std::move(code), std::move(inputDesc),
            std::move(outputDesc), std::move(chunkDesc), std::move(concatDesc),
            hasRandom);
      },
      /*persistentCode=*/true);
}
