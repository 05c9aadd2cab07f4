//===- Executor.cpp - Running a registered group's kernel -----------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/Executor.h"
#include "FuserDialect/Support/Broadcast.h"

#include <algorithm>
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
  if (!canFuseOnCPU() && !canFuseOnGPU())
    return decline(FallbackReason::FusionDisabled);

  std::vector<TensorView> tensors;
  for (size_t i = 0; i < spec.nTensorInputs; ++i)
    tensors.push_back(std::get<TensorView>(inputs[i]));
  if (tensors.empty() || !tensors[0].defined)
    return decline(FallbackReason::UndefinedInput);
  Device device = tensors[0].device;
  for (size_t i = 1; i < tensors.size(); ++i) {
    if (tensors[i].device != device)
      return decline(FallbackReason::DeviceMismatch);
    if (tensors[i].sparse)
      return decline(FallbackReason::SparseInput);
  }
  switch (device.type) {
  case DeviceType::CUDA:
    if (!canFuseOnGPU())
      return decline(FallbackReason::DeviceDisabled);
    break;
  case DeviceType::CPU:
    if (!canFuseOnCPU())
      return decline(FallbackReason::DeviceDisabled);
    break;
  case DeviceType::XPU:
    return decline(FallbackReason::UnsupportedDevice);
  }

  MapSizeResult map = computeMapSize(spec, tensors);
  if (map.reason != FallbackReason::None)
    return decline(map.reason);
  const std::vector<int64_t> &mapSize = map.mapSize;

  // Broadcast every input to the map size (chunked ones to the unsplit size).
  // A chunk dim counts in its input's own rank; broadcasting right-aligns a
  // lower-rank input with the map (a [4H] bias chunked along 0 beside [B, 4H]
  // gates chunked along 1), so in the map it is `chunkDims[i]`.
  std::vector<TensorView> expanded;
  std::vector<TensorDesc> descs;
  std::vector<size_t> chunkDims(tensors.size(), 0);
  for (size_t i = 0; i < tensors.size(); ++i) {
    std::vector<int64_t> target = mapSize;
    const PartitionInfo &chunk = spec.inputChunks[i];
    if (!chunk.isNoop()) {
      size_t rank = tensors[i].sizes.size();
      if (rank > target.size() || chunk.dim >= rank)
        throw Error("chunked tensor input #" + std::to_string(i) +
                    " of rank " + std::to_string(rank) +
                    " does not fit the kernel's rank " +
                    std::to_string(target.size()));
      chunkDims[i] = chunk.dim + (target.size() - rank);
      target[chunkDims[i]] *= static_cast<int64_t>(chunk.nSubTensors);
    }
    expanded.push_back(expandTo(tensors[i], target, i));
    descs.emplace_back(expanded.back());
  }

  // Output shapes and layouts: plain outputs follow the first dense input of
  // the map's shape; concatenated outputs are contiguous.
  const TensorView *layout = nullptr;
  for (const TensorView &t : expanded)
    if (t.sizes == mapSize && t.isNonOverlappingAndDense()) {
      layout = &t;
      break;
    }
  std::vector<std::vector<int64_t>> outSizes, outStrides;
  std::vector<std::vector<bool>> outBits;
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

  ArgSpec argSpec(descs, device, outBits);
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
  for (size_t i = 0; i < expanded.size(); ++i) {
    const PartitionInfo &chunk = spec.inputChunks[i];
    if (chunk.isNoop()) {
      launch.inputs.push_back(compress(expanded[i], kernel->inputDesc()[i]));
      continue;
    }
    const TensorDesc &sub = *kernel->chunkDesc()[i].subTensorDesc;
    int64_t len = mapSize[chunkDims[i]];
    for (size_t k = 0; k < chunk.nSubTensors; ++k)
      launch.inputs.push_back(compress(
          expanded[i].narrow(chunkDims[i], static_cast<int64_t>(k) * len, len),
          sub));
  }
  // Python floats are passed at full precision (the seed rounded them to
  // float32 first).
  for (size_t i = spec.nTensorInputs; i < inputs.size(); ++i)
    launch.scalars.push_back(std::get<double>(inputs[i]));

  for (size_t j = 0; j < spec.nOutputs; ++j) {
    const TensorDesc &desc = kernel->outputDesc()[j];
    Tensor out = Tensor::empty(desc.dtype, outSizes[j], device, outStrides[j]);
    const PartitionInfo &concat = spec.outputConcats[j];
    if (concat.isNoop()) {
      launch.outputs.push_back(compress(out.view, desc));
    } else {
      const TensorDesc &sub = *kernel->concatDesc()[j].subTensorDesc;
      int64_t len = mapSize[concat.dim];
      for (size_t k = 0; k < concat.nSubTensors; ++k)
        launch.outputs.push_back(compress(
            out.view.narrow(concat.dim, static_cast<int64_t>(k) * len, len),
            sub));
    }
    result.outputs.push_back(std::move(out));
  }

  if (spec.hasRandom())
    std::tie(launch.seed, launch.offset) =
        reserveRandom(device, spec.numRandom);
  if (launch.numel > 0)
    kernel->launch(launch);
  return result;
}
