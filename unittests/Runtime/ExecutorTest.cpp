//===- ExecutorTest.cpp - The executor's decisions and launch arguments ---===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// runKernel with hand-built KernelSpecs and a recording CPU backend: every
// fallback condition of spec 3.7 in its own test, then the success path
// (launch arguments, kernel caching, empty tensors, broadcasting, layouts,
// chunk/concat pointer arithmetic, random offsets), plus computeMapSize and
// outputStridesLike.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/Executor.h"
#include "TestUtil/MockBackend.h"

#include "gtest/gtest.h"

#include <cstring>

using namespace fuser;
using namespace fuser::test;

namespace {

using Ints = std::vector<int64_t>;
using Bits = std::vector<bool>;

/// A host tensor of float32 (or another dtype) filled with 0, 1, 2, ... in
/// row-major order of its logical shape.
Tensor iota(const Ints &sizes, const Ints &strides = {},
            DType dtype = DType::Float32) {
  Tensor t = Tensor::empty(dtype, sizes, Device::cpu(), strides);
  int64_t n = t.view.numel();
  for (int64_t lin = 0; lin < n; ++lin) {
    int64_t rem = lin, off = 0;
    for (size_t d = sizes.size(); d-- > 0;) {
      off += (rem % sizes[d]) * t.view.strides[d];
      rem /= sizes[d];
    }
    char *p = static_cast<char *>(t.view.data) + off * elementSize(dtype);
    if (dtype == DType::Float32) {
      float v = static_cast<float>(lin);
      std::memcpy(p, &v, 4);
    } else if (dtype == DType::Float64) {
      double v = static_cast<double>(lin);
      std::memcpy(p, &v, 8);
    } else {
      std::memset(p, 0, elementSize(dtype));
    }
  }
  return t;
}

/// Element at a logical index of a float32 tensor.
float at(const Tensor &t, const Ints &idx) {
  int64_t off = 0;
  for (size_t d = 0; d < idx.size(); ++d)
    off += idx[d] * t.view.strides[d];
  return static_cast<const float *>(t.view.data)[off];
}

struct SpecOptions {
  size_t nTensors = 1;
  size_t nScalars = 0;
  size_t nOutputs = 1;
  std::vector<std::vector<size_t>> groups; // default: every output, all inputs
  std::vector<PartitionInfo> chunks;       // default: none
  std::vector<PartitionInfo> concats;      // default: none
  unsigned numRandom = 0;
  std::vector<size_t> ranks; // declared input ranks (default: map rank)
};

std::unique_ptr<KernelSpec> makeSpec(const SpecOptions &o) {
  auto spec = std::make_unique<KernelSpec>();
  spec->key = 0;
  spec->nInputs = o.nTensors + o.nScalars;
  spec->nTensorInputs = o.nTensors;
  spec->nOutputs = o.nOutputs;
  spec->inputBroadcastGroups = o.groups;
  if (o.groups.empty()) {
    std::vector<size_t> all(o.nTensors);
    for (size_t i = 0; i < o.nTensors; ++i)
      all[i] = i;
    spec->inputBroadcastGroups = {all};
  }
  spec->inputChunks = o.chunks;
  spec->inputChunks.resize(o.nTensors);
  spec->outputConcats = o.concats;
  spec->outputConcats.resize(o.nOutputs);
  spec->numRandom = o.numRandom;
  spec->inputRanks = o.ranks;
  return spec;
}

/// A compile function in the shape of the API's compileKernel: asks the
/// backend of the device for a kernel with the given output dtypes (default:
/// input 0's), counting calls.
struct Compiler {
  int calls = 0;
  bool returnNull = false;
  bool throwError = false;
  std::vector<DType> outputDTypes;
  std::vector<int64_t> lastMapSize;
  ArgSpec lastArgSpec{{}, Device::cpu()};

  CompileFunction fn() {
    return [this](const KernelSpec &spec, const ArgSpec &argSpec,
                  const std::vector<int64_t> &mapSize,
                  Device device) -> std::shared_ptr<FusedKernel> {
      ++calls;
      lastMapSize = mapSize;
      lastArgSpec = argSpec;
      if (throwError)
        throw Error("compiler exploded");
      if (returnNull)
        return nullptr;
      std::vector<TensorDesc> outs;
      std::vector<PartitionDesc> chunks, concats;
      for (size_t j = 0; j < spec.nOutputs; ++j) {
        DType dt = j < outputDTypes.size() ? outputDTypes[j]
                                           : argSpec.descs()[0].dtype;
        outs.emplace_back(dt, argSpec.outputContiguity()[j]);
        const PartitionInfo &c = spec.outputConcats[j];
        concats.push_back(c.isNoop() ? PartitionDesc()
                                     : PartitionDesc(outs.back(),
                                                     c.nSubTensors, c.dim));
      }
      for (size_t i = 0; i < spec.nTensorInputs; ++i) {
        const PartitionInfo &c = spec.inputChunks[i];
        // The chunk dim counts in the input's declared rank; the descriptor
        // has the map's rank.
        size_t rank = argSpec.descs()[i].contiguity.size();
        size_t offset = i < spec.inputRanks.size()
                            ? rank - spec.inputRanks[i]
                            : 0;
        chunks.push_back(c.isNoop() ? PartitionDesc()
                                    : PartitionDesc(argSpec.descs()[i],
                                                    c.nSubTensors,
                                                    c.dim + offset));
      }
      return getFusionBackend(device.type)(
          device.index, "kernel_" + std::to_string(calls), "mock code",
          argSpec.descs(), outs, chunks, concats, spec.hasRandom());
    };
  }
};

/// Registers the mock CPU backend, enables fusion, and restores everything.
class ExecutorTest : public ::testing::Test {
protected:
  void SetUp() override {
    overrideCanFuseOnCPU(true);
    overrideCanFuseOnGPU(true);
  }
  void TearDown() override {
    deregisterFusionBackend(DeviceType::CUDA);
    EXPECT_FALSE(hasFusionBackend(DeviceType::CUDA));
  }
  SwitchGuard guard;
  MockBackend backend{DeviceType::CPU};
  Compiler compiler;
};

//===----------------------------------------------------------------------===//
// Fallback conditions (spec 3.7), one test each
//===----------------------------------------------------------------------===//

TEST_F(ExecutorTest, FallbackWhenBothSwitchesOff) {
  auto spec = makeSpec({});
  Tensor x = iota({4});
  overrideCanFuseOnCPU(false);
  overrideCanFuseOnGPU(false);
  ExecutionResult r = runKernel(*spec, {x.view}, compiler.fn());
  EXPECT_EQ(r.reason, FallbackReason::FusionDisabled);
  EXPECT_FALSE(r.ran());
  EXPECT_TRUE(r.outputs.empty());
  EXPECT_EQ(compiler.calls, 0);
  EXPECT_EQ(backend.numLaunches(), 0u);
  // Switches on but no backend at all: the same.
  overrideCanFuseOnCPU(true);
  overrideCanFuseOnGPU(true);
  deregisterFusionBackend(DeviceType::CPU);
  EXPECT_EQ(runKernel(*spec, {x.view}, compiler.fn()).reason,
            FallbackReason::FusionDisabled);
}

TEST_F(ExecutorTest, FallbackWhenInput0Undefined) {
  auto spec = makeSpec({.nTensors = 2});
  Tensor x = iota({4}), y = iota({4});
  TensorView undef;
  undef.defined = false;
  EXPECT_EQ(runKernel(*spec, {undef, y.view}, compiler.fn()).reason,
            FallbackReason::UndefinedInput);
  EXPECT_EQ(compiler.calls, 0);
  // With input 0 defined the same spec runs.
  EXPECT_TRUE(runKernel(*spec, {x.view, y.view}, compiler.fn()).ran());
}

TEST_F(ExecutorTest, FallbackWhenInputsOnDifferentDevices) {
  auto spec = makeSpec({.nTensors = 2});
  Tensor x = iota({4}), y = iota({4});
  TensorView onGpu = y.view;
  onGpu.device = Device::cuda(0);
  EXPECT_EQ(runKernel(*spec, {x.view, onGpu}, compiler.fn()).reason,
            FallbackReason::DeviceMismatch);
  // Two GPUs disagree too.
  MockBackend gpu(DeviceType::CUDA);
  TensorView gpu0 = x.view, gpu1 = y.view;
  gpu0.device = Device::cuda(0);
  gpu1.device = Device::cuda(1);
  EXPECT_EQ(runKernel(*spec, {gpu0, gpu1}, compiler.fn()).reason,
            FallbackReason::DeviceMismatch);
  EXPECT_EQ(compiler.calls, 0);
}

TEST_F(ExecutorTest, FallbackWhenNonFirstInputSparse) {
  auto spec = makeSpec({.nTensors = 2});
  Tensor x = iota({4}), y = iota({4});
  TensorView sparse = y.view;
  sparse.sparse = true;
  EXPECT_EQ(runKernel(*spec, {x.view, sparse}, compiler.fn()).reason,
            FallbackReason::SparseInput);
  EXPECT_EQ(compiler.calls, 0);
  // Input 0 is not checked for sparsity (as the seed).
  TensorView sparse0 = x.view;
  sparse0.sparse = true;
  EXPECT_TRUE(runKernel(*spec, {sparse0, y.view}, compiler.fn()).ran());
}

TEST_F(ExecutorTest, FallbackWhenCPUFusionDisabled) {
  // GPU fusion stays possible, so the first check passes.
  MockBackend gpu(DeviceType::CUDA);
  auto spec = makeSpec({});
  Tensor x = iota({4});
  overrideCanFuseOnCPU(false);
  EXPECT_EQ(runKernel(*spec, {x.view}, compiler.fn()).reason,
            FallbackReason::DeviceDisabled);
  EXPECT_EQ(compiler.calls, 0);
  // And the converse for a CUDA group.
  overrideCanFuseOnCPU(true);
  overrideCanFuseOnGPU(false);
  TensorView onGpu = x.view;
  onGpu.device = Device::cuda(0);
  EXPECT_EQ(runKernel(*spec, {onGpu}, compiler.fn()).reason,
            FallbackReason::DeviceDisabled);
  EXPECT_EQ(compiler.calls, 0);
}

TEST_F(ExecutorTest, FallbackOnXPU) {
  auto spec = makeSpec({});
  Tensor x = iota({4});
  TensorView onXpu = x.view;
  onXpu.device = Device{DeviceType::XPU, 0};
  // Even with a backend registered for XPU.
  MockBackend xpu(DeviceType::XPU);
  EXPECT_EQ(runKernel(*spec, {onXpu}, compiler.fn()).reason,
            FallbackReason::UnsupportedDevice);
  EXPECT_EQ(compiler.calls, 0);
}

TEST_F(ExecutorTest, FallbackOnBroadcastFailure) {
  auto spec = makeSpec({.nTensors = 2});
  Tensor x = iota({4, 3}), y = iota({5});
  EXPECT_EQ(runKernel(*spec, {x.view, y.view}, compiler.fn()).reason,
            FallbackReason::BroadcastFailure);
  EXPECT_EQ(compiler.calls, 0);
}

TEST_F(ExecutorTest, FallbackWhenChunkNotDivisible) {
  auto spec = makeSpec({.chunks = {PartitionInfo{2, 1}}});
  Tensor x = iota({4, 5});
  EXPECT_EQ(runKernel(*spec, {x.view}, compiler.fn()).reason,
            FallbackReason::ChunkNotDivisible);
  EXPECT_EQ(compiler.calls, 0);
  Tensor ok = iota({4, 6});
  EXPECT_TRUE(runKernel(*spec, {ok.view}, compiler.fn()).ran());
}

TEST_F(ExecutorTest, FallbackWhenBroadcastGroupsDisagree) {
  // Output 0 depends on input 0 ([4]), output 1 on both ([3, 4]): the
  // outputs have different shapes.
  auto spec = makeSpec({.nTensors = 2, .nOutputs = 2, .groups = {{0}, {0, 1}}});
  Tensor x = iota({4}), y = iota({3, 4});
  EXPECT_EQ(runKernel(*spec, {x.view, y.view}, compiler.fn()).reason,
            FallbackReason::MapSizeMismatch);
  EXPECT_EQ(compiler.calls, 0);
  // Same shapes: runs.
  Tensor y2 = iota({4});
  EXPECT_TRUE(runKernel(*spec, {x.view, y2.view}, compiler.fn()).ran());
}

TEST_F(ExecutorTest, FallbackWhenRandomResultIsBroadcast) {
  // r = x + rand_like(b): kernels index random numbers by map position, so a
  // rand_like whose shape is not the map size cannot run fused.
  auto spec = makeSpec({.nTensors = 2, .numRandom = 1});
  spec->randomShapeGroups = {{1}};
  Tensor x = iota({4, 6}), b = iota({6});
  EXPECT_EQ(runKernel(*spec, {x.view, b.view}, compiler.fn()).reason,
            FallbackReason::RandomBroadcast);
  EXPECT_EQ(compiler.calls, 0);
  // Broadcasting another input is fine while the rand_like covers the map.
  spec->randomShapeGroups = {{0}};
  EXPECT_TRUE(runKernel(*spec, {x.view, b.view}, compiler.fn()).ran());
  Tensor full = iota({4, 6});
  spec->randomShapeGroups = {{1}};
  EXPECT_TRUE(runKernel(*spec, {x.view, full.view}, compiler.fn()).ran());
}

TEST_F(ExecutorTest, FallbackWhenCompileReturnsNull) {
  auto spec = makeSpec({});
  Tensor x = iota({4});
  compiler.returnNull = true;
  ExecutionResult r = runKernel(*spec, {x.view}, compiler.fn());
  EXPECT_EQ(r.reason, FallbackReason::CompileFailed);
  EXPECT_EQ(r.kernel, nullptr);
  EXPECT_EQ(compiler.calls, 1);
  EXPECT_EQ(spec->numCachedKernels(), 0u);
  EXPECT_EQ(backend.numLaunches(), 0u);
}

TEST_F(ExecutorTest, CompileErrorsPropagate) {
  // A compile failure is an error, not a fallback.
  auto spec = makeSpec({});
  Tensor x = iota({4});
  compiler.throwError = true;
  EXPECT_THROW(runKernel(*spec, {x.view}, compiler.fn()), Error);
  EXPECT_EQ(spec->numCachedKernels(), 0u);
}

TEST_F(ExecutorTest, UnusedInputThatCannotExpandIsAnError) {
  // Input 1 is in no broadcast group; it is still expanded (spec 3.4).
  auto spec = makeSpec({.nTensors = 2, .groups = {{0}}});
  Tensor x = iota({4}), y = iota({3});
  EXPECT_THROW(runKernel(*spec, {x.view, y.view}, compiler.fn()), Error);
}

TEST(FallbackReasonTest, Names) {
  EXPECT_EQ(fallbackReasonName(FallbackReason::None), "none");
  EXPECT_EQ(fallbackReasonName(FallbackReason::MapSizeMismatch),
            "outputs have different map sizes");
  EXPECT_EQ(fallbackReasonName(FallbackReason::CompileFailed),
            "the backend could not compile the group");
}

//===----------------------------------------------------------------------===//
// Success path
//===----------------------------------------------------------------------===//

TEST_F(ExecutorTest, LaunchArguments) {
  // x [2, 3] contiguous, y [3] broadcast, one f64 scalar.
  auto spec = makeSpec({.nTensors = 2, .nScalars = 1});
  Tensor x = iota({2, 3}), y = iota({3});
  int stream;
  ExecutionResult r =
      runKernel(*spec, {x.view, y.view, 0.1}, compiler.fn(), &stream);
  ASSERT_TRUE(r.ran()) << fallbackReasonName(r.reason);
  ASSERT_EQ(backend.numLaunches(), 1u);
  KernelLaunch l = backend.lastLaunch();
  EXPECT_EQ(l.numel, 6u);
  EXPECT_EQ(l.mapSize, (Ints{2, 3}));
  EXPECT_EQ(l.stream, &stream);
  ASSERT_EQ(l.inputs.size(), 2u);
  // x: contiguous, compressed to one dim.
  EXPECT_EQ(l.inputs[0].data, x.view.data);
  EXPECT_EQ(l.inputs[0].sizes, (Ints{6}));
  EXPECT_EQ(l.inputs[0].strides, (Ints{1}));
  // y: expanded with a stride-0 outer dim, bits [false, true].
  EXPECT_EQ(l.inputs[1].data, y.view.data);
  EXPECT_EQ(l.inputs[1].sizes, (Ints{2, 3}));
  EXPECT_EQ(l.inputs[1].strides, (Ints{0, 1}));
  // The f64 scalar at full precision (the seed rounded it to float).
  ASSERT_EQ(l.scalars.size(), 1u);
  EXPECT_EQ(l.scalars[0], 0.1);
  EXPECT_NE(l.scalars[0], static_cast<double>(0.1f));
  // One contiguous output of the map's shape, written by the kernel.
  ASSERT_EQ(r.outputs.size(), 1u);
  const Tensor &out = r.outputs[0];
  EXPECT_EQ(out.view.sizes, (Ints{2, 3}));
  EXPECT_EQ(out.view.strides, (Ints{3, 1}));
  EXPECT_EQ(out.view.dtype, DType::Float32);
  EXPECT_EQ(out.view.device, Device::cpu());
  ASSERT_EQ(l.outputs.size(), 1u);
  EXPECT_EQ(l.outputs[0].data, out.view.data);
  EXPECT_EQ(l.outputs[0].sizes, (Ints{6}));
  EXPECT_EQ(l.outputs[0].strides, (Ints{1}));
  EXPECT_EQ(at(out, {1, 2}), 5.0f); // mock: out = x + 0
  // No random numbers: seed and offset left at 0.
  EXPECT_EQ(l.seed, 0u);
  EXPECT_EQ(l.offset, 0u);
  // The kernel saw the broadcast descriptors.
  ConstructorCall c = backend.lastConstructed();
  ASSERT_EQ(c.inputDesc.size(), 2u);
  EXPECT_EQ(c.inputDesc[0].contiguity, (Bits{true, true}));
  EXPECT_EQ(c.inputDesc[1].contiguity, (Bits{false, true}));
  EXPECT_EQ(c.device, kCPUDevice);
  EXPECT_EQ(compiler.lastMapSize, (Ints{2, 3}));
  EXPECT_EQ(r.kernel->name(), "kernel_1");
}

TEST_F(ExecutorTest, OutputDTypeComesFromTheKernel) {
  auto spec = makeSpec({.nOutputs = 2});
  compiler.outputDTypes = {DType::Bool, DType::Float64};
  Tensor x = iota({5});
  ExecutionResult r = runKernel(*spec, {x.view}, compiler.fn());
  ASSERT_TRUE(r.ran());
  ASSERT_EQ(r.outputs.size(), 2u);
  EXPECT_EQ(r.outputs[0].view.dtype, DType::Bool);
  EXPECT_EQ(r.outputs[1].view.dtype, DType::Float64);
}

TEST_F(ExecutorTest, KernelCachedPerArgSpec) {
  auto spec = makeSpec({.nTensors = 2});
  Tensor x = iota({2, 3}), y = iota({2, 3});
  ASSERT_TRUE(runKernel(*spec, {x.view, y.view}, compiler.fn()).ran());
  EXPECT_EQ(compiler.calls, 1);
  // Same layout and dtypes: no recompile, even for other sizes.
  ExecutionResult again = runKernel(*spec, {x.view, y.view}, compiler.fn());
  ASSERT_TRUE(again.ran());
  Tensor big = iota({7, 9}), big2 = iota({7, 9});
  ASSERT_TRUE(runKernel(*spec, {big.view, big2.view}, compiler.fn()).ran());
  EXPECT_EQ(compiler.calls, 1);
  EXPECT_EQ(spec->numCachedKernels(), 1u);
  EXPECT_EQ(backend.numLaunches(), 3u);
  EXPECT_EQ(backend.lastLaunch().numel, 63u);
  // Another dtype recompiles.
  Tensor xd = iota({2, 3}, {}, DType::Float64);
  ASSERT_TRUE(runKernel(*spec, {xd.view, y.view}, compiler.fn()).ran());
  EXPECT_EQ(compiler.calls, 2);
  EXPECT_EQ(compiler.lastArgSpec.descs()[0].dtype, DType::Float64);
  // Another layout (transposed input 1) recompiles.
  Tensor yt = iota({2, 3}, {1, 2});
  ASSERT_TRUE(runKernel(*spec, {x.view, yt.view}, compiler.fn()).ran());
  EXPECT_EQ(compiler.calls, 3);
  EXPECT_EQ(compiler.lastArgSpec.descs()[1].contiguity, (Bits{false, false}));
  KernelLaunch l = backend.lastLaunch();
  EXPECT_EQ(l.inputs[1].sizes, (Ints{2, 3}));
  EXPECT_EQ(l.inputs[1].strides, (Ints{1, 2}));
  EXPECT_EQ(spec->numCachedKernels(), 3u);
  // Back to the first layout: cached.
  ASSERT_TRUE(runKernel(*spec, {x.view, y.view}, compiler.fn()).ran());
  EXPECT_EQ(compiler.calls, 3);
}

TEST_F(ExecutorTest, EmptyTensorsSkipTheLaunch) {
  auto spec = makeSpec({.nTensors = 2, .nOutputs = 2});
  compiler.outputDTypes = {DType::Float32, DType::Int64};
  Tensor x = iota({0, 3}), y = iota({3});
  ExecutionResult r = runKernel(*spec, {x.view, y.view}, compiler.fn());
  ASSERT_TRUE(r.ran());
  EXPECT_EQ(backend.numLaunches(), 0u);
  ASSERT_EQ(r.outputs.size(), 2u);
  EXPECT_EQ(r.outputs[0].view.sizes, (Ints{0, 3}));
  EXPECT_EQ(r.outputs[1].view.sizes, (Ints{0, 3}));
  EXPECT_EQ(r.outputs[1].view.dtype, DType::Int64);
}

TEST_F(ExecutorTest, BroadcastingGivesStrideZeroArgs) {
  auto spec = makeSpec({.nTensors = 3});
  Tensor x = iota({2, 3, 4}), col = iota({2, 1, 4}), s = iota({});
  ExecutionResult r =
      runKernel(*spec, {x.view, col.view, s.view}, compiler.fn());
  ASSERT_TRUE(r.ran());
  KernelLaunch l = backend.lastLaunch();
  EXPECT_EQ(l.mapSize, (Ints{2, 3, 4}));
  // col: [2, 1, 4] -> strides [4, 0, 1]: bits [false, false, true].
  EXPECT_EQ(l.inputs[1].data, col.view.data);
  EXPECT_EQ(l.inputs[1].sizes, (Ints{2, 3, 4}));
  EXPECT_EQ(l.inputs[1].strides, (Ints{4, 0, 1}));
  // A 0-dim input becomes all stride 0: [0,0,0] gives bits [true, true,
  // false], one compressed dim of stride 0.
  EXPECT_EQ(l.inputs[2].sizes, (Ints{24}));
  EXPECT_EQ(l.inputs[2].strides, (Ints{0}));
  EXPECT_EQ(r.outputs[0].view.sizes, (Ints{2, 3, 4}));
  // Broadcasting x itself ([4] against [2, 3, 4] in input 1's place).
  Tensor row = iota({4});
  ASSERT_TRUE(
      runKernel(*spec, {row.view, x.view, s.view}, compiler.fn()).ran());
  l = backend.lastLaunch();
  EXPECT_EQ(l.inputs[0].strides, (Ints{0, 1}));
  EXPECT_EQ(l.inputs[0].sizes, (Ints{6, 4}));
}

TEST_F(ExecutorTest, ChannelsLastInputGivesChannelsLastOutputs) {
  auto spec = makeSpec({.nTensors = 2, .nOutputs = 2});
  Ints sizes = {2, 3, 4, 5}, cl = {60, 1, 15, 3};
  Tensor x = iota(sizes, cl), y = iota(sizes, cl);
  ExecutionResult r = runKernel(*spec, {x.view, y.view}, compiler.fn());
  ASSERT_TRUE(r.ran());
  for (const Tensor &out : r.outputs) {
    EXPECT_EQ(out.view.sizes, sizes);
    EXPECT_EQ(out.view.strides, cl);
  }
  // The output layout is part of the kernel key and descriptors.
  ConstructorCall c = backend.lastConstructed();
  EXPECT_EQ(c.outputDesc[0].contiguity, TensorDesc::contiguityOf(sizes, cl));
  EXPECT_EQ(compiler.lastArgSpec.outputContiguity()[0],
            TensorDesc::contiguityOf(sizes, cl));
  // The mock copies x into output 0 through the compressed args: values
  // land at the same logical positions.
  EXPECT_EQ(at(r.outputs[0], {1, 2, 3, 4}), at(x, {1, 2, 3, 4}));
  EXPECT_EQ(at(r.outputs[1], {0, 1, 2, 3}), at(y, {0, 1, 2, 3}) + 1.0f);
  // A contiguous call with the same input descs would otherwise collide:
  // contiguous inputs give contiguous outputs and a separate kernel.
  Tensor xc = iota(sizes), yc = iota(sizes);
  ExecutionResult rc = runKernel(*spec, {xc.view, yc.view}, compiler.fn());
  ASSERT_TRUE(rc.ran());
  EXPECT_EQ(rc.outputs[0].view.strides, TensorView::contiguousStrides(sizes));
  EXPECT_EQ(compiler.calls, 2);
}

TEST_F(ExecutorTest, ChunkedInputPointers) {
  // One input [2, 6] chunked into 3 along dim 1: map [2, 2].
  auto spec = makeSpec(
      {.nOutputs = 3, .chunks = {PartitionInfo{3, 1}}});
  Tensor x = iota({2, 6});
  ExecutionResult r = runKernel(*spec, {x.view}, compiler.fn());
  ASSERT_TRUE(r.ran());
  KernelLaunch l = backend.lastLaunch();
  EXPECT_EQ(l.mapSize, (Ints{2, 2}));
  EXPECT_EQ(l.numel, 4u);
  ASSERT_EQ(l.inputs.size(), 3u);
  for (int k = 0; k < 3; ++k) {
    // base + k * chunk * stride * elemsize = base + k * 2 * 1 * 4 bytes.
    EXPECT_EQ(l.inputs[k].data, static_cast<char *>(x.view.data) + k * 2 * 4);
    // Sub-descriptor [false, true]: no merge across the sliced dim.
    EXPECT_EQ(l.inputs[k].sizes, (Ints{2, 2}));
    EXPECT_EQ(l.inputs[k].strides, (Ints{6, 1}));
  }
  ConstructorCall c = backend.lastConstructed();
  ASSERT_TRUE(c.chunkDesc[0].subTensorDesc);
  EXPECT_EQ(c.chunkDesc[0].subTensorDesc->contiguity, (Bits{false, true}));
  // The whole input's desc is the unsplit tensor's.
  EXPECT_EQ(c.inputDesc[0].contiguity, (Bits{true, true}));
  // Output j = chunk j + j (mock): chunk 2 of row 1 is x[1, 4:6].
  EXPECT_EQ(at(r.outputs[2], {1, 0}), at(x, {1, 4}) + 2.0f);
  EXPECT_EQ(at(r.outputs[1], {0, 1}), at(x, {0, 3}) + 1.0f);

  // Along dim 0: [6, 4] into 3 gives [2, 4] slices 8 elements apart, and
  // the sub-descriptor stays contiguous.
  auto spec0 = makeSpec({.nOutputs = 3, .chunks = {PartitionInfo{3, 0}}});
  Tensor y = iota({6, 4});
  ASSERT_TRUE(runKernel(*spec0, {y.view}, compiler.fn()).ran());
  l = backend.lastLaunch();
  for (int k = 0; k < 3; ++k) {
    EXPECT_EQ(l.inputs[k].data, static_cast<char *>(y.view.data) + k * 8 * 4);
    EXPECT_EQ(l.inputs[k].sizes, (Ints{8}));
    EXPECT_EQ(l.inputs[k].strides, (Ints{1}));
  }
}

TEST_F(ExecutorTest, ChunkedInputBroadcastAgainstOthers) {
  // The LSTM pattern: gates [B, 4H] chunked along 1, bias [4H] chunked along
  // 0, both feeding one output of shape [B, H].
  auto spec = makeSpec({.nTensors = 2,
                        .nOutputs = 4,
                        .chunks = {PartitionInfo{4, 1}, PartitionInfo{4, 0}},
                        .ranks = {2, 1}});
  Tensor gates = iota({3, 8}), bias = iota({8});
  ExecutionResult r =
      runKernel(*spec, {gates.view, bias.view}, compiler.fn());
  ASSERT_TRUE(r.ran()) << fallbackReasonName(r.reason);
  KernelLaunch l = backend.lastLaunch();
  EXPECT_EQ(l.mapSize, (Ints{3, 2}));
  ASSERT_EQ(l.inputs.size(), 8u);
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(l.inputs[k].data,
              static_cast<char *>(gates.view.data) + k * 2 * 4);
    EXPECT_EQ(l.inputs[4 + k].data,
              static_cast<char *>(bias.view.data) + k * 2 * 4);
    // The bias chunk is broadcast over the batch: stride 0 outer dim.
    EXPECT_EQ(l.inputs[4 + k].sizes, (Ints{3, 2}));
    EXPECT_EQ(l.inputs[4 + k].strides, (Ints{0, 1}));
  }
}

TEST_F(ExecutorTest, ChunkedLowerRankInputInAHigherRankMap) {
  // x [2, 8] chunked along its dim 1 into 4; y [5, 2, 2] sets the map to
  // [5, 2, 2]: the chunks of x live along map dim 2, and each slice of the
  // broadcast x must not merge map dims 1 and 2.
  auto spec = makeSpec({.nTensors = 2,
                        .nOutputs = 4,
                        .chunks = {PartitionInfo{4, 1}, PartitionInfo{}},
                        .ranks = {2, 3}});
  Tensor x = iota({2, 8}), y = iota({5, 2, 2});
  ExecutionResult r = runKernel(*spec, {x.view, y.view}, compiler.fn());
  ASSERT_TRUE(r.ran()) << fallbackReasonName(r.reason);
  KernelLaunch l = backend.lastLaunch();
  EXPECT_EQ(l.mapSize, (Ints{5, 2, 2}));
  ASSERT_EQ(l.inputs.size(), 5u);
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(l.inputs[k].data, static_cast<char *>(x.view.data) + k * 2 * 4);
    EXPECT_EQ(l.inputs[k].sizes, (Ints{5, 2, 2}));
    EXPECT_EQ(l.inputs[k].strides, (Ints{0, 8, 1}));
  }
  ConstructorCall c = backend.lastConstructed();
  EXPECT_EQ(c.chunkDesc[0].dim, 2u);
  // Output k = chunk k + k, broadcast over the leading 5.
  for (int k = 0; k < 4; ++k)
    EXPECT_EQ(at(r.outputs[k], {4, 1, 1}), at(x, {1, 2 * k + 1}) + k);
}

TEST_F(ExecutorTest, ConcatenatedOutputSlices) {
  // One input [2, 3]; output = concat of 2 operands along 0 -> [4, 3]; the
  // kernel says the concat's dtype is f64 (a promotion), not input 0's f32.
  auto spec = makeSpec({.concats = {PartitionInfo{2, 0}}});
  compiler.outputDTypes = {DType::Float64};
  Tensor x = iota({2, 3});
  ExecutionResult r = runKernel(*spec, {x.view}, compiler.fn());
  ASSERT_TRUE(r.ran());
  ASSERT_EQ(r.outputs.size(), 1u);
  const Tensor &out = r.outputs[0];
  EXPECT_EQ(out.view.sizes, (Ints{4, 3}));
  EXPECT_EQ(out.view.dtype, DType::Float64);
  EXPECT_TRUE(out.view.isContiguous());
  KernelLaunch l = backend.lastLaunch();
  EXPECT_EQ(l.mapSize, (Ints{2, 3}));
  ASSERT_EQ(l.outputs.size(), 2u);
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(l.outputs[k].data,
              static_cast<char *>(out.view.data) + k * 2 * 3 * 8);
    EXPECT_EQ(l.outputs[k].sizes, (Ints{6}));
    EXPECT_EQ(l.outputs[k].strides, (Ints{1}));
  }
  // Along dim 1: [2, 3] slices of a [2, 6] buffer, 3 elements apart, not
  // mergeable across rows.
  auto spec1 = makeSpec({.concats = {PartitionInfo{2, 1}}});
  compiler.outputDTypes.clear();
  ExecutionResult r1 = runKernel(*spec1, {x.view}, compiler.fn());
  ASSERT_TRUE(r1.ran());
  EXPECT_EQ(r1.outputs[0].view.sizes, (Ints{2, 6}));
  l = backend.lastLaunch();
  for (int k = 0; k < 2; ++k) {
    EXPECT_EQ(l.outputs[k].data,
              static_cast<char *>(r1.outputs[0].view.data) + k * 3 * 4);
    EXPECT_EQ(l.outputs[k].sizes, (Ints{2, 3}));
    EXPECT_EQ(l.outputs[k].strides, (Ints{6, 1}));
  }
  // Mock: slice k = x + k, so row 1 of the [2, 6] result is
  // [3, 4, 5, 4, 5, 6].
  EXPECT_EQ(at(r1.outputs[0], {1, 0}), 3.0f);
  EXPECT_EQ(at(r1.outputs[0], {1, 3}), 4.0f);
  EXPECT_EQ(at(r1.outputs[0], {1, 5}), 6.0f);
  ConstructorCall c = backend.lastConstructed();
  ASSERT_TRUE(c.concatDesc[0].subTensorDesc);
  EXPECT_EQ(c.concatDesc[0].subTensorDesc->contiguity, (Bits{false, true}));
}

TEST_F(ExecutorTest, ChunkThenConcatEndToEnd) {
  // [2, 6] chunked 3 along 1, concatenated along 0 into [6, 2].
  auto spec = makeSpec({.chunks = {PartitionInfo{3, 1}},
                        .concats = {PartitionInfo{3, 0}}});
  Tensor x = iota({2, 6});
  ExecutionResult r = runKernel(*spec, {x.view}, compiler.fn());
  ASSERT_TRUE(r.ran());
  const Tensor &out = r.outputs[0];
  ASSERT_EQ(out.view.sizes, (Ints{6, 2}));
  for (int k = 0; k < 3; ++k)
    for (int i = 0; i < 2; ++i)
      for (int j = 0; j < 2; ++j)
        EXPECT_EQ(at(out, {2 * k + i, j}), at(x, {i, 2 * k + j}) + k)
            << k << " " << i << " " << j;
}

TEST_F(ExecutorTest, RandomGroupsGetSeedAndAdvancingOffsets) {
  auto spec = makeSpec({.numRandom = 2});
  Tensor x = iota({8});
  manualSeed(Device::cpu(), 4242);
  ASSERT_TRUE(runKernel(*spec, {x.view}, compiler.fn()).ran());
  KernelLaunch first = backend.lastLaunch();
  EXPECT_EQ(first.seed, 4242u);
  EXPECT_EQ(first.offset, 0u);
  ASSERT_TRUE(runKernel(*spec, {x.view}, compiler.fn()).ran());
  KernelLaunch second = backend.lastLaunch();
  EXPECT_EQ(second.seed, 4242u);
  EXPECT_EQ(second.offset, 2u); // two rand_like streams per launch
  EXPECT_TRUE(backend.lastConstructed().hasRandom);
  // A group without rand_like does not consume offsets.
  auto plain = makeSpec({});
  ASSERT_TRUE(runKernel(*plain, {x.view}, compiler.fn()).ran());
  EXPECT_FALSE(backend.lastConstructed().hasRandom);
  EXPECT_EQ(reserveRandom(Device::cpu(), 1).second, 4u);
}

//===----------------------------------------------------------------------===//
// computeMapSize and outputStridesLike
//===----------------------------------------------------------------------===//

TensorView shaped(Ints sizes) {
  TensorView v;
  v.strides = TensorView::contiguousStrides(sizes);
  v.sizes = std::move(sizes);
  return v;
}

TEST(ComputeMapSizeTest, Groups) {
  auto spec = makeSpec({.nTensors = 2});
  MapSizeResult m = computeMapSize(*spec, {shaped({4, 1}), shaped({3})});
  EXPECT_EQ(m.reason, FallbackReason::None);
  EXPECT_EQ(m.mapSize, (Ints{4, 3}));
  EXPECT_EQ(computeMapSize(*spec, {shaped({4, 2}), shaped({3})}).reason,
            FallbackReason::BroadcastFailure);
  // Chunked: the chunk dim divided.
  auto chunked = makeSpec({.nTensors = 2, .chunks = {PartitionInfo{2, 1}}});
  m = computeMapSize(*chunked, {shaped({4, 6}), shaped({3})});
  EXPECT_EQ(m.mapSize, (Ints{4, 3}));
  EXPECT_EQ(computeMapSize(*chunked, {shaped({4, 5}), shaped({5})}).reason,
            FallbackReason::ChunkNotDivisible);
  // Groups must agree.
  auto two = makeSpec({.nTensors = 2, .nOutputs = 2, .groups = {{0}, {1}}});
  EXPECT_EQ(computeMapSize(*two, {shaped({4}), shaped({2, 4})}).reason,
            FallbackReason::MapSizeMismatch);
  EXPECT_EQ(computeMapSize(*two, {shaped({2, 4}), shaped({2, 4})}).mapSize,
            (Ints{2, 4}));
  // No group (outputs depend on no tensor input): all inputs broadcast.
  auto none = makeSpec({.nTensors = 2});
  none->inputBroadcastGroups.clear();
  EXPECT_EQ(computeMapSize(*none, {shaped({3, 1}), shaped({5})}).mapSize,
            (Ints{3, 5}));
  // 0-dim inputs only.
  auto scalar = makeSpec({});
  m = computeMapSize(*scalar, {shaped({})});
  EXPECT_EQ(m.reason, FallbackReason::None);
  EXPECT_TRUE(m.mapSize.empty());
}

TEST(OutputStridesLikeTest, FollowsDenseLayouts) {
  Ints sizes = {2, 3, 4, 5};
  EXPECT_EQ(outputStridesLike(nullptr, sizes), (Ints{60, 20, 5, 1}));
  TensorView cl = shaped(sizes);
  cl.strides = {60, 1, 15, 3};
  EXPECT_EQ(outputStridesLike(&cl, sizes), (Ints{60, 1, 15, 3}));
  // Different sizes: contiguous.
  EXPECT_EQ(outputStridesLike(&cl, {2, 3, 4, 6}), (Ints{72, 24, 6, 1}));
  // Not dense (expanded or sliced): contiguous.
  TensorView ex = shaped({4, 4});
  ex.strides = {0, 1};
  EXPECT_EQ(outputStridesLike(&ex, {4, 4}), (Ints{4, 1}));
  TensorView sl = shaped({4, 3});
  sl.strides = {6, 1};
  EXPECT_EQ(outputStridesLike(&sl, {4, 3}), (Ints{3, 1}));
  // Transposed 2-D: transposed.
  TensorView t = shaped({3, 4});
  t.strides = {1, 3};
  EXPECT_EQ(outputStridesLike(&t, {3, 4}), (Ints{1, 3}));
  // 0-dim.
  TensorView z = shaped({});
  EXPECT_EQ(outputStridesLike(&z, {}), Ints{});
}

} // namespace
