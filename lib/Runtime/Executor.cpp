//===- Executor.cpp - Running a registered group's kernel -----------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/Executor.h"
#include "FuserDialect/Support/Broadcast.h"

#include <algorithm>
#include <atomic>
#include <map>
#include <mutex>
#include <numeric>

using namespace fuser;

std::string_view fuser::fallbackReasonName(FallbackReason reason) {
  switch (reason) {
  case FallbackReason::None:
    return "none";
  case FallbackReason::FusionDisabled:
    return "fusion disabled";
  case FallbackReason::UndefinedInput:
    return "tensor input 0 is undefined";
  case FallbackReason::DeviceMismatch:
    return "inputs on different devices";
  case FallbackReason::SparseInput:
    return "sparse input";
  case FallbackReason::DeviceDisabled:
    return "fusion disabled for the device";
  case FallbackReason::UnsupportedDevice:
    return "no fusion backend for the device";
  case FallbackReason::BroadcastFailure:
    return "inputs do not broadcast";
  case FallbackReason::ChunkNotDivisible:
    return "chunked size not divisible by the chunk count";
  case FallbackReason::MapSizeMismatch:
    return "outputs have different map sizes";
  case FallbackReason::CompileFailed:
    return "the backend could not compile the group";
  case FallbackReason::RandomBroadcast:
    return "a rand_like result is broadcast";
  }
  return "unknown";
}

//===----------------------------------------------------------------------===//
// Random state
//===----------------------------------------------------------------------===//

namespace {
struct Generators {
  std::mutex mutex;
  // (device type, index) -> (seed, next offset)
  std::map<std::pair<int, int>, std::pair<uint64_t, uint64_t>> state;
};
Generators &generators() {
  static Generators g;
  return g;
}
constexpr uint64_t kDefaultSeed = 67280421310721ULL;
} // namespace

std::pair<uint64_t, uint64_t> fuser::reserveRandom(Device device,
                                                   uint64_t count) {
  Generators &g = generators();
  std::lock_guard<std::mutex> lock(g.mutex);
  auto key = std::make_pair(static_cast<int>(device.type), device.index);
  auto it = g.state.try_emplace(key, kDefaultSeed, 0).first;
  std::pair<uint64_t, uint64_t> result = it->second;
  it->second.second += count;
  return result;
}

void fuser::manualSeed(Device device, uint64_t seed) {
  Generators &g = generators();
  std::lock_guard<std::mutex> lock(g.mutex);
  g.state[{static_cast<int>(device.type), device.index}] = {seed, 0};
}

//===----------------------------------------------------------------------===//
// Map size and layouts
//===----------------------------------------------------------------------===//

MapSizeResult fuser::computeMapSize(const KernelSpec &spec,
                                    const std::vector<TensorView> &tensors) {
  MapSizeResult result;
  std::optional<std::vector<int64_t>> map;
  for (const std::vector<size_t> &group : spec.inputBroadcastGroups) {
    std::vector<int64_t> acc;
    for (size_t i : group) {
      std::vector<int64_t> shape = tensors[i].sizes;
      const PartitionInfo &chunk = spec.inputChunks[i];
      if (!chunk.isNoop()) {
        if (chunk.dim >= shape.size()) {
          result.reason = FallbackReason::BroadcastFailure;
          return result;
        }
        if (shape[chunk.dim] % static_cast<int64_t>(chunk.nSubTensors)) {
          result.reason = FallbackReason::ChunkNotDivisible;
          return result;
        }
        shape[chunk.dim] /= static_cast<int64_t>(chunk.nSubTensors);
      }
      if (broadcastInto(acc, shape)) {
        result.reason = FallbackReason::BroadcastFailure;
        return result;
      }
    }
    if (map && *map != acc) {
      result.reason = FallbackReason::MapSizeMismatch;
      return result;
    }
    map = std::move(acc);
  }
  for (const std::vector<size_t> &group : spec.randomShapeGroups) {
    std::vector<int64_t> acc;
    for (size_t i : group) {
      std::vector<int64_t> shape = tensors[i].sizes;
      const PartitionInfo &chunk = spec.inputChunks[i];
      if (!chunk.isNoop() && chunk.dim < shape.size())
        shape[chunk.dim] /= static_cast<int64_t>(chunk.nSubTensors);
      if (broadcastInto(acc, shape)) {
        result.reason = FallbackReason::BroadcastFailure;
        return result;
      }
    }
    if (map && acc != *map) {
      result.reason = FallbackReason::RandomBroadcast;
      return result;
    }
  }
  if (!map) {
    // No output depends on a tensor input: iterate over all of them.
    std::vector<int64_t> acc;
    for (const TensorView &t : tensors)
      if (broadcastInto(acc, t.sizes)) {
        result.reason = FallbackReason::BroadcastFailure;
        return result;
      }
    map = std::move(acc);
  }
  result.mapSize = std::move(*map);
  return result;
}

std::vector<int64_t> fuser::outputStridesLike(const TensorView *like,
                                              const std::vector<int64_t> &s) {
  if (!like || like->sizes != s || like->isContiguous() ||
      !like->isNonOverlappingAndDense())
    return TensorView::contiguousStrides(s);
  // Same order of dimensions as `like`, innermost = smallest stride.
  std::vector<size_t> perm(s.size());
  std::iota(perm.begin(), perm.end(), 0);
  std::stable_sort(perm.begin(), perm.end(), [&](size_t a, size_t b) {
    return like->strides[a] > like->strides[b];
  });
  std::vector<int64_t> strides(s.size());
  int64_t stride = 1;
  for (size_t k = perm.size(); k-- > 0;) {
    strides[perm[k]] = stride;
    stride *= std::max<int64_t>(s[perm[k]], 1);
  }
  return strides;
}

/// A stride-0 view of `t` with shape `target`.
static TensorView expandTo(const TensorView &t,
                           const std::vector<int64_t> &target, size_t index) {
  if (t.sizes == target)
    return t;
  if (!isExpandableTo(t.sizes, target)) {
    std::string msg = "tensor input #" + std::to_string(index) + " of shape [";
    for (size_t i = 0; i < t.sizes.size(); ++i)
      msg += (i ? ", " : "") + std::to_string(t.sizes[i]);
    msg += "] cannot be broadcast to the kernel's shape [";
    for (size_t i = 0; i < target.size(); ++i)
      msg += (i ? ", " : "") + std::to_string(target[i]);
    throw Error(msg + "]");
  }
  TensorView v = t;
  v.sizes = target;
  v.strides.assign(target.size(), 0);
  size_t offset = target.size() - t.sizes.size();
  for (size_t i = 0; i < t.sizes.size(); ++i)
    v.strides[offset + i] = t.sizes[i] == 1 ? 0 : t.strides[i];
  // A size-1 dimension that stays size 1 keeps stride 0: it is never stepped.
  return v;
}

/// Whether the kernel reads tensor input i: some output or rand_like shape
/// depends on it. Without broadcast groups (no output depends on a tensor
/// input) every input counts as read.
static std::vector<bool> inputsRead(const KernelSpec &spec) {
  std::vector<bool> read(spec.nTensorInputs, spec.inputBroadcastGroups.empty());
  for (const auto *groups :
       {&spec.inputBroadcastGroups, &spec.randomShapeGroups})
    for (const std::vector<size_t> &group : *groups)
      for (size_t i : group)
        if (i < read.size())
          read[i] = true;
  return read;
}

/// One past the largest element offset of a view (0 when it is empty).
static uint64_t extentOf(const std::vector<int64_t> &sizes,
                         const std::vector<int64_t> &strides) {
  uint64_t last = 0;
  for (size_t d = 0; d < sizes.size(); ++d) {
    if (sizes[d] == 0)
      return 0;
    last += static_cast<uint64_t>(sizes[d] - 1) *
            static_cast<uint64_t>(strides[d] < 0 ? -strides[d] : strides[d]);
  }
  return last + 1;
}

static KernelTensorArg compress(const TensorView &v, const TensorDesc &desc) {
  std::optional<CompressedShape> c =
      compressContiguous(v.sizes, v.strides, desc.contiguity);
  if (!c)
    throw Error("internal error: tensor strides do not match the kernel's "
                "descriptor " +
                desc.str());
  return KernelTensorArg{v.data, std::move(c->sizes), std::move(c->strides),
                         v.strides};
}

//===----------------------------------------------------------------------===//
// Launch plans
//===----------------------------------------------------------------------===//

void KernelSpec::seal() {
  static std::atomic<uint64_t> lastId{0};
  if (sealedId_ == 0)
    sealedId_ = ++lastId;
}
//
// All that runKernel derives from a call besides data pointers and scalars
// (the map size, broadcast and chunk views, descriptors, the argument spec
// and its kernel, output shapes and layouts, compressed shapes) is a function
// of the spec and of the device, dtypes, sizes and strides of the tensor
// inputs. For a sealed spec, each thread keeps the outcome of recent calls as
// plans keyed by that geometry: a repeated call compares the geometry, puts
// the data pointers into the plan's KernelLaunch and launches. It allocates
// only its outputs and takes no lock of the executor's. Only calls that
// launch (or would launch, for an empty map) become plans; every other
// outcome (fallback reasons, errors) takes the general path each time.
//
// Plans are per thread, so they need no synchronisation. A plan holds its
// kernel weakly: the spec's kernel cache owns it, and a kernel gone (never,
// for the API's specs) sends the call down the general path again.

namespace {
struct LaunchPlan {
  uint64_t specId = 0;
  uint64_t hash = 0;
  /// Device type and index, then per tensor input its dtype, rank, number of
  /// strides, sizes and strides.
  std::vector<int64_t> geometry;
  std::weak_ptr<FusedKernel> kernel;
  /// The launch of the last call with this geometry; a call rewrites its data
  /// pointers, scalars, stream and random state.
  KernelLaunch launch;
  /// Per flat input: the tensor input its view is of, and the byte offset of
  /// the view's data from that input's.
  std::vector<uint32_t> inputSource;
  std::vector<uintptr_t> inputOffset;
  /// Per output: what to allocate.
  std::vector<DType> outDTypes;
  std::vector<std::vector<int64_t>> outSizes, outStrides;
  /// Per flat output: its output, and the byte offset from that output's
  /// data.
  std::vector<uint32_t> outputOwner;
  std::vector<uintptr_t> outputOffset;
};

/// A small set-associative cache: a set's plans are scanned, and a full set
/// replaces its plans in turn.
constexpr size_t kPlanSets = 64, kPlanWays = 4;

struct PlanCache {
  std::unique_ptr<LaunchPlan> plans[kPlanSets][kPlanWays];
  uint8_t victim[kPlanSets] = {};
  /// Set while a plan's launch runs: a call nested in it (from a backend)
  /// takes the general path and leaves the plans alone.
  bool busy = false;

  static size_t setOf(uint64_t hash) { return (hash >> 20) % kPlanSets; }
};

PlanCache &planCache() {
  thread_local PlanCache cache;
  return cache;
}

struct BusyScope {
  explicit BusyScope(PlanCache &cache) : cache(cache) { cache.busy = true; }
  ~BusyScope() { cache.busy = false; }
  PlanCache &cache;
};

inline uint64_t mixHash(uint64_t h, uint64_t v) {
  h = (h ^ v) * 0x9e3779b97f4a7c15ULL;
  return h ^ (h >> 32);
}

inline const TensorView &tensorAt(const std::vector<Argument> &inputs,
                                  size_t i) {
  return *std::get_if<TensorView>(&inputs[i]);
}

uint64_t geometryHash(uint64_t specId, Device device,
                      const std::vector<Argument> &inputs, size_t nTensors) {
  uint64_t h = mixHash(specId, (static_cast<uint64_t>(device.type) << 16) |
                                   static_cast<uint16_t>(device.index));
  for (size_t i = 0; i < nTensors; ++i) {
    const TensorView &t = tensorAt(inputs, i);
    h = mixHash(h, (static_cast<uint64_t>(t.dtype) << 56) ^
                       (static_cast<uint64_t>(t.sizes.size()) << 28) ^
                       t.strides.size());
    for (int64_t s : t.sizes)
      h = mixHash(h, static_cast<uint64_t>(s));
    for (int64_t s : t.strides)
      h = mixHash(h, static_cast<uint64_t>(s));
  }
  return h;
}

void writeGeometry(std::vector<int64_t> &g, Device device,
                   const std::vector<Argument> &inputs, size_t nTensors) {
  g.clear();
  g.push_back(static_cast<int64_t>(device.type));
  g.push_back(device.index);
  for (size_t i = 0; i < nTensors; ++i) {
    const TensorView &t = tensorAt(inputs, i);
    g.push_back(static_cast<int64_t>(t.dtype));
    g.push_back(static_cast<int64_t>(t.sizes.size()));
    g.push_back(static_cast<int64_t>(t.strides.size()));
    g.insert(g.end(), t.sizes.begin(), t.sizes.end());
    g.insert(g.end(), t.strides.begin(), t.strides.end());
  }
}

bool sameGeometry(const std::vector<int64_t> &g, Device device,
                  const std::vector<Argument> &inputs, size_t nTensors) {
  const int64_t *p = g.data(), *end = p + g.size();
  if (end - p < 2 || p[0] != static_cast<int64_t>(device.type) ||
      p[1] != device.index)
    return false;
  p += 2;
  for (size_t i = 0; i < nTensors; ++i) {
    const TensorView &t = tensorAt(inputs, i);
    size_t rank = t.sizes.size(), nStrides = t.strides.size();
    if (static_cast<size_t>(end - p) < 3 + rank + nStrides ||
        p[0] != static_cast<int64_t>(t.dtype) ||
        p[1] != static_cast<int64_t>(rank) ||
        p[2] != static_cast<int64_t>(nStrides))
      return false;
    p += 3;
    if (!std::equal(t.sizes.begin(), t.sizes.end(), p))
      return false;
    p += rank;
    if (!std::equal(t.strides.begin(), t.strides.end(), p))
      return false;
    p += nStrides;
  }
  return p == end;
}

LaunchPlan *findPlan(PlanCache &cache, uint64_t specId, uint64_t hash,
                     Device device, const std::vector<Argument> &inputs,
                     size_t nTensors) {
  for (std::unique_ptr<LaunchPlan> &plan :
       cache.plans[PlanCache::setOf(hash)])
    if (plan && plan->hash == hash && plan->specId == specId &&
        sameGeometry(plan->geometry, device, inputs, nTensors))
      return plan.get();
  return nullptr;
}

/// The plan to (re)fill for this geometry: its old plan if there is one, else
/// a free or the next victim slot of its set.
LaunchPlan &planSlot(PlanCache &cache, uint64_t specId, uint64_t hash,
                     Device device, const std::vector<Argument> &inputs,
                     size_t nTensors) {
  if (LaunchPlan *plan =
          findPlan(cache, specId, hash, device, inputs, nTensors))
    return *plan;
  size_t set = PlanCache::setOf(hash);
  std::unique_ptr<LaunchPlan> *slot = nullptr;
  for (std::unique_ptr<LaunchPlan> &plan : cache.plans[set])
    if (!plan) {
      slot = &plan;
      break;
    }
  if (!slot) {
    slot = &cache.plans[set][cache.victim[set]];
    cache.victim[set] = static_cast<uint8_t>((cache.victim[set] + 1) %
                                             kPlanWays);
  }
  if (!*slot)
    *slot = std::make_unique<LaunchPlan>();
  LaunchPlan &plan = **slot;
  plan.specId = specId;
  plan.hash = hash;
  writeGeometry(plan.geometry, device, inputs, nTensors);
  return plan;
}

inline void *offsetPointer(const void *base, uintptr_t offset) {
  return reinterpret_cast<void *>(reinterpret_cast<uintptr_t>(base) + offset);
}

inline uintptr_t byteOffset(const void *from, const void *to) {
  return reinterpret_cast<uintptr_t>(to) - reinterpret_cast<uintptr_t>(from);
}

/// Runs a call through its plan: what the general path does, minus what the
/// plan already knows.
ExecutionResult runPlan(PlanCache &cache, LaunchPlan &plan,
                        std::shared_ptr<FusedKernel> kernel,
                        const KernelSpec &spec,
                        const std::vector<Argument> &inputs, Device device,
                        void *stream) {
  ExecutionResult result;
  result.kernel = std::move(kernel);
  KernelLaunch &launch = plan.launch;
  launch.stream = stream;
  for (size_t k = 0; k < plan.inputSource.size(); ++k)
    launch.inputs[k].data = offsetPointer(
        tensorAt(inputs, plan.inputSource[k]).data, plan.inputOffset[k]);
  launch.scalars.clear();
  for (size_t i = spec.nTensorInputs; i < inputs.size(); ++i)
    launch.scalars.push_back(std::get<double>(inputs[i]));
  result.outputs.reserve(plan.outDTypes.size());
  for (size_t j = 0; j < plan.outDTypes.size(); ++j)
    result.outputs.push_back(Tensor::empty(plan.outDTypes[j], plan.outSizes[j],
                                           device, plan.outStrides[j]));
  for (size_t k = 0; k < plan.outputOwner.size(); ++k)
    launch.outputs[k].data = offsetPointer(
        result.outputs[plan.outputOwner[k]].view.data, plan.outputOffset[k]);
  if (spec.hasRandom())
    std::tie(launch.seed, launch.offset) =
        reserveRandom(device, spec.numRandom);
  if (launch.numel > 0) {
    BusyScope busy(cache);
    result.kernel->launch(launch);
  }
  return result;
}
} // namespace

//===----------------------------------------------------------------------===//
// runKernel
//===----------------------------------------------------------------------===//

ExecutionResult fuser::runKernel(KernelSpec &spec,
                                 const std::vector<Argument> &inputs,
                                 const CompileFunction &compile,
                                 void *stream) {
  ExecutionResult result;
  auto decline = [&](FallbackReason reason) {
    result.reason = reason;
    return result;
  };
  // The switch of input 0's device is read first: when it is on, fusion is
  // not off altogether, and that one read answers both checks (each reads a
  // lock-protected table).
  const size_t nTensors = spec.nTensorInputs;
  const TensorView *first =
      nTensors && !inputs.empty() ? std::get_if<TensorView>(&inputs[0])
                                  : nullptr;
  bool onCUDA =
      first && first->defined && first->device.type == DeviceType::CUDA;
  bool deviceEnabled = onCUDA ? canFuseOnGPU() : canFuseOnCPU();
  if (!deviceEnabled && !(onCUDA ? canFuseOnCPU() : canFuseOnGPU()))
    return decline(FallbackReason::FusionDisabled);

  for (size_t i = 0; i < nTensors; ++i)
    (void)std::get<TensorView>(inputs[i]); // throws for a scalar
  if (nTensors == 0 || !first->defined)
    return decline(FallbackReason::UndefinedInput);
  Device device = first->device;
  for (size_t i = 1; i < nTensors; ++i) {
    const TensorView &t = tensorAt(inputs, i);
    if (t.device != device)
      return decline(FallbackReason::DeviceMismatch);
    if (t.sparse)
      return decline(FallbackReason::SparseInput);
  }
  switch (device.type) {
  case DeviceType::CUDA:
  case DeviceType::CPU:
    // onCUDA is exactly device.type == CUDA here.
    if (!deviceEnabled)
      return decline(FallbackReason::DeviceDisabled);
    break;
  case DeviceType::XPU:
    return decline(FallbackReason::UnsupportedDevice);
  }

  // A call seen before on this thread runs through its plan.
  PlanCache *cache = nullptr;
  uint64_t hash = 0;
  if (spec.sealedId() != 0) {
    cache = &planCache();
    if (cache->busy)
      cache = nullptr;
  }
  if (cache) {
    hash = geometryHash(spec.sealedId(), device, inputs, nTensors);
    if (LaunchPlan *plan = findPlan(*cache, spec.sealedId(), hash, device,
                                    inputs, nTensors))
      if (std::shared_ptr<FusedKernel> kernel = plan->kernel.lock())
        return runPlan(*cache, *plan, std::move(kernel), spec, inputs, device,
                       stream);
  }

  std::vector<TensorView> tensors;
  tensors.reserve(nTensors);
  for (size_t i = 0; i < nTensors; ++i)
    tensors.push_back(tensorAt(inputs, i));

  MapSizeResult map = computeMapSize(spec, tensors);
  if (map.reason != FallbackReason::None)
    return decline(map.reason);
  const std::vector<int64_t> &mapSize = map.mapSize;

  // Broadcast every input to the map size (chunked ones to the unsplit size).
  // A chunk dim counts in its input's own rank; broadcasting right-aligns a
  // lower-rank input with the map (a [4H] bias chunked along 0 beside [B, 4H]
  // gates chunked along 1), so in the map it is `dim` below. Each chunk is
  // passed as its own view of the map's shape (`chunkViews[i]`).
  std::vector<TensorView> expanded;
  std::vector<TensorDesc> descs;
  expanded.reserve(tensors.size());
  descs.reserve(tensors.size());
  std::vector<std::vector<TensorView>> chunkViews(tensors.size());
  std::vector<bool> read = inputsRead(spec);
  for (size_t i = 0; i < tensors.size(); ++i) {
    const PartitionInfo &chunk = spec.inputChunks[i];
    if (chunk.isNoop()) {
      expanded.push_back(expandTo(tensors[i], mapSize, i));
      descs.emplace_back(expanded.back());
      continue;
    }
    if (!read[i]) {
      // No chunk is used (registerFusion keeps such a chunk): the kernel never
      // reads them, and eager chunks any shape, so views of the map with
      // contiguous strides stand for them. They are never dereferenced, and
      // unlike stride-0 views they do not keep a GPU kernel from its vector
      // form. (An unused input that is not chunked is still expanded to the
      // map, as the seed does: spec 3.4.)
      TensorView v = tensors[i];
      v.sizes = mapSize;
      v.strides = TensorView::contiguousStrides(mapSize);
      expanded.push_back(v);
      descs.emplace_back(v);
      chunkViews[i].assign(chunk.nSubTensors, v);
      continue;
    }
    size_t rank = tensors[i].sizes.size();
    if (rank > mapSize.size() || chunk.dim >= rank)
      throw Error("chunked tensor input #" + std::to_string(i) + " of rank " +
                  std::to_string(rank) + " does not fit the kernel's rank " +
                  std::to_string(mapSize.size()));
    size_t dim = chunk.dim + (mapSize.size() - rank);
    auto n = static_cast<int64_t>(chunk.nSubTensors);
    int64_t len = mapSize[dim];
    int64_t size = tensors[i].sizes[chunk.dim];
    if (size % n)
      return decline(FallbackReason::ChunkNotDivisible);
    if (size / n == len) {
      std::vector<int64_t> target = mapSize;
      target[dim] *= n;
      expanded.push_back(expandTo(tensors[i], target, i));
      descs.emplace_back(expanded.back());
      for (int64_t k = 0; k < n; ++k)
        chunkViews[i].push_back(expanded.back().narrow(dim, k * len, len));
      continue;
    }
    // Chunks of size 1 along the chunk dim, broadcast along it to the map
    // (computeMapSize admits no other mismatch): no strided view of the
    // whole input reads them, but each chunk is a broadcast view of the map.
    // All have the same strides; the descriptor is theirs, with the bit
    // before the chunk dim cleared as every chunk descriptor has it.
    int64_t piece = size / n;
    for (int64_t k = 0; k < n; ++k)
      chunkViews[i].push_back(expandTo(
          tensors[i].narrow(static_cast<int64_t>(chunk.dim), k * piece, piece),
          mapSize, i));
    expanded.push_back(chunkViews[i].front());
    descs.emplace_back(chunkViews[i].front());
    if (dim > 0)
      descs.back().contiguity[dim - 1] = false;
  }

  // Output shapes and layouts: plain outputs follow the first dense input of
  // the map's shape; concatenated outputs are contiguous.
  const TensorView *layout = nullptr;
  for (size_t i = 0; i < expanded.size(); ++i)
    if (spec.inputChunks[i].isNoop() && expanded[i].sizes == mapSize &&
        expanded[i].isNonOverlappingAndDense()) {
      layout = &expanded[i];
      break;
    }
  std::vector<std::vector<int64_t>> outSizes, outStrides;
  std::vector<std::vector<bool>> outBits;
  outSizes.reserve(spec.nOutputs);
  outStrides.reserve(spec.nOutputs);
  outBits.reserve(spec.nOutputs);
  for (size_t j = 0; j < spec.nOutputs; ++j) {
    std::vector<int64_t> sizes = mapSize;
    const PartitionInfo &concat = spec.outputConcats[j];
    if (!concat.isNoop())
      sizes[concat.dim] *= static_cast<int64_t>(concat.nSubTensors);
    std::vector<int64_t> strides = outputStridesLike(
        concat.isNoop() ? layout : nullptr, sizes);
    outBits.push_back(TensorDesc::contiguityOf(sizes, strides));
    outSizes.push_back(std::move(sizes));
    outStrides.push_back(std::move(strides));
  }

  // GPU kernels index in 32 bits when every offset of the launch fits (with
  // headroom for a thread's last vector): 64-bit multiplies and divisions
  // cost several instructions each there.
  unsigned indexBits = 64;
  if (device.type == DeviceType::CUDA) {
    constexpr uint64_t kLimit = (uint64_t(1) << 31) - 4096;
    uint64_t numel = 1;
    for (int64_t s : mapSize)
      numel *= static_cast<uint64_t>(s);
    bool fits = numel < kLimit;
    for (const TensorView &v : expanded)
      fits &= extentOf(v.sizes, v.strides) < kLimit;
    for (size_t j = 0; j < outSizes.size(); ++j)
      fits &= extentOf(outSizes[j], outStrides[j]) < kLimit;
    if (fits)
      indexBits = 32;
  }
  ArgSpec argSpec(std::move(descs), device, std::move(outBits), indexBits);
  std::shared_ptr<FusedKernel> kernel = spec.findKernel(argSpec);
  if (!kernel) {
    kernel = compile(spec, argSpec, mapSize, device);
    if (!kernel)
      return decline(FallbackReason::CompileFailed);
    kernel = spec.cacheKernel(argSpec, std::move(kernel));
  }
  result.kernel = kernel;

  KernelLaunch launch;
  launch.mapSize = mapSize;
  launch.numel = 1;
  for (int64_t s : mapSize)
    launch.numel *= static_cast<uint64_t>(s);
  launch.stream = stream;
  // The tensor input of each flat input, and the output of each flat output
  // (for the plan).
  std::vector<uint32_t> inputSource, outputOwner;
  for (size_t i = 0; i < expanded.size(); ++i) {
    const PartitionInfo &chunk = spec.inputChunks[i];
    if (chunk.isNoop()) {
      launch.inputs.push_back(compress(expanded[i], kernel->inputDesc()[i]));
      inputSource.push_back(static_cast<uint32_t>(i));
      continue;
    }
    const TensorDesc &sub = *kernel->chunkDesc()[i].subTensorDesc;
    for (const TensorView &view : chunkViews[i]) {
      launch.inputs.push_back(compress(view, sub));
      inputSource.push_back(static_cast<uint32_t>(i));
    }
  }
  // Python floats are passed at full precision (the seed rounded them to
  // float32 first).
  for (size_t i = spec.nTensorInputs; i < inputs.size(); ++i)
    launch.scalars.push_back(std::get<double>(inputs[i]));

  result.outputs.reserve(spec.nOutputs);
  for (size_t j = 0; j < spec.nOutputs; ++j) {
    const TensorDesc &desc = kernel->outputDesc()[j];
    Tensor out = Tensor::empty(desc.dtype, outSizes[j], device, outStrides[j]);
    const PartitionInfo &concat = spec.outputConcats[j];
    if (concat.isNoop()) {
      launch.outputs.push_back(compress(out.view, desc));
      outputOwner.push_back(static_cast<uint32_t>(j));
    } else {
      const TensorDesc &sub = *kernel->concatDesc()[j].subTensorDesc;
      int64_t len = mapSize[concat.dim];
      for (size_t k = 0; k < concat.nSubTensors; ++k) {
        launch.outputs.push_back(compress(
            out.view.narrow(concat.dim, static_cast<int64_t>(k) * len, len),
            sub));
        outputOwner.push_back(static_cast<uint32_t>(j));
      }
    }
    result.outputs.push_back(std::move(out));
  }

  if (spec.hasRandom())
    std::tie(launch.seed, launch.offset) =
        reserveRandom(device, spec.numRandom);
  if (launch.numel > 0)
    kernel->launch(launch);

  if (cache) {
    // Launched: the next call with this geometry needs only its pointers.
    LaunchPlan &plan =
        planSlot(*cache, spec.sealedId(), hash, device, inputs, nTensors);
    plan.kernel = kernel;
    plan.inputOffset.clear();
    for (size_t k = 0; k < inputSource.size(); ++k)
      plan.inputOffset.push_back(byteOffset(
          tensors[inputSource[k]].data, launch.inputs[k].data));
    plan.outputOffset.clear();
    for (size_t k = 0; k < outputOwner.size(); ++k)
      plan.outputOffset.push_back(byteOffset(
          result.outputs[outputOwner[k]].view.data, launch.outputs[k].data));
    plan.inputSource = std::move(inputSource);
    plan.outputOwner = std::move(outputOwner);
    plan.outDTypes.clear();
    for (size_t j = 0; j < spec.nOutputs; ++j)
      plan.outDTypes.push_back(kernel->outputDesc()[j].dtype);
    plan.outSizes = std::move(outSizes);
    plan.outStrides = std::move(outStrides);
    plan.launch = std::move(launch);
  }
  return result;
}
