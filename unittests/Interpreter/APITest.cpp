//===- APITest.cpp - The seed's API surface with a mock CPU backend -------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// nCompiledKernels, debugNumCachedKernelSpecs, debugLaunchGraph,
// debugGetFusedKernelCode, runFusionKernel's reasons, compileKernel's
// descriptors and the kernel path of runFusion, with a recording backend
// (TestUtil/MockBackend.h: output arg j = input arg (j mod #inputs) + j for
// float32) registered for the CPU.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Dialect/Fuser/IR/FuserDialect.h"
#include "FuserDialect/Dialect/Fuser/IR/FuserOps.h"
#include "FuserDialect/Support/Philox.h"
#include "Harness.h"
#include "TestUtil/MockBackend.h"

#include "mlir/IR/BuiltinOps.h"
#include "mlir/IR/MLIRContext.h"
#include "mlir/Parser/Parser.h"

#include <fstream>
#include <sstream>

using namespace fuser;
using namespace fuser::test;

namespace {

const std::string f32_1 = ty(DType::Float32, 1);
const std::string f32_2 = ty(DType::Float32, 2);

/// `op` x, y on f32 [?, ?]. Tests that run kernels use different ops, so
/// that they never share a KernelSpec (and its kernel cache) with another.
std::string addGroup(const std::string &name = "g", const std::string &x = "x",
                     const std::string &y = "y",
                     const std::string &op = "add") {
  return "fuser.group @" + name + "(%" + x + ": " + f32_2 + ", %" + y + ": " +
         f32_2 + ") -> " + f32_2 + " {\n  %sum = fuser." + op + " %" + x +
         ", %" + y +
         " : (" + f32_2 + ", " + f32_2 + ") -> " + f32_2 +
         "\n  fuser.yield %sum : " + f32_2 + "\n}\n";
}

std::string readExample(const std::string &file) {
  std::ifstream in(std::string(FUSER_SOURCE_DIR) + "/examples/" + file);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

/// Starts with no backend (the API registers its real ones when its
/// registry is created; they are removed here), installs the mock on demand,
/// and restores backends and switches.
class APITest : public ::testing::Test {
protected:
  void SetUp() override {
    (void)debugNumCachedKernelSpecs(); // create the registry first
    deregisterFusionBackend(DeviceType::CPU);
    deregisterFusionBackend(DeviceType::CUDA);
    overrideCanFuseOnCPU(true);
    overrideCanFuseOnGPU(true);
  }
  void TearDown() override {
    backend.reset();
    deregisterFusionBackend(DeviceType::CPU);
    deregisterFusionBackend(DeviceType::CUDA);
  }
  void installBackend() { backend = std::make_unique<MockBackend>(); }
  SwitchGuard guard;
  std::unique_ptr<MockBackend> backend;
};

TEST_F(APITest, NoBackendMeansFusionDisabled) {
  int64_t key = registerFusion(addGroup());
  Tensor x = fromDoubles(DType::Float32, {2, 2}, {1, 2, 3, 4});
  ExecutionResult r = runFusionKernel(key, {x.view, x.view});
  EXPECT_EQ(r.reason, FallbackReason::FusionDisabled);
  EXPECT_EQ(r.kernel, nullptr);
  // runFusion falls back to the interpreter.
  EXPECT_EQ(doublesOf(runFusion(key, {x.view, x.view})[0]),
            (Doubles{2, 4, 6, 8}));
  EXPECT_EQ(doublesOf(runFusionFallback(key, {x.view, x.view})[0]),
            (Doubles{2, 4, 6, 8}));
}

TEST_F(APITest, KernelPathCompilesOncePerArgSpec) {
  installBackend();
  int64_t key = registerFusion(addGroup());
  Tensor x = fromDoubles(DType::Float32, {2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor y = fromDoubles(DType::Float32, {2, 3}, {10, 20, 30, 40, 50, 60});
  size_t n0 = nCompiledKernels();
  std::vector<Tensor> r = runFusion(key, {x.view, y.view});
  EXPECT_EQ(nCompiledKernels(), n0 + 1);
  ASSERT_EQ(backend->numLaunches(), 1u);
  // The mock kernel ran (it copies input 0), not the interpreter (x + y).
  EXPECT_EQ(doublesOf(r[0]), doublesOf(x));
  ConstructorCall c = backend->lastConstructed();
  // Named after the kernel's cache key.
  EXPECT_EQ(c.name.rfind("fused_", 0), 0u) << c.name;
  EXPECT_EQ(c.name.size(), 6u + 16u) << c.name;
  EXPECT_EQ(c.device, kCPUDevice);
  EXPECT_FALSE(c.code.empty()); // the CPU code generator's output
  EXPECT_EQ(c.outputDesc.size(), 1u);
  EXPECT_EQ(c.outputDesc[0].dtype, DType::Float32);
  // Same argument spec: cached.
  runFusion(key, {x.view, y.view});
  Tensor big = fromDoubles(DType::Float32, {5, 7}, Doubles(35, 1.0));
  runFusion(key, {big.view, big.view});
  EXPECT_EQ(nCompiledKernels(), n0 + 1);
  EXPECT_EQ(getKernelSpec(key).numCachedKernels(), 1u);
  EXPECT_EQ(backend->numLaunches(), 3u);
  // Another dtype: the group is re-typed and compiled again.
  Tensor xd = fromDoubles(DType::Float64, {2, 3}, Doubles(6, 1.0));
  r = runFusion(key, {xd.view, xd.view});
  EXPECT_EQ(nCompiledKernels(), n0 + 2);
  EXPECT_EQ(r[0].view.dtype, DType::Float64);
  c = backend->lastConstructed();
  EXPECT_EQ(c.inputDesc[0].dtype, DType::Float64);
  EXPECT_EQ(c.outputDesc[0].dtype, DType::Float64);
  // Another layout: compiled again.
  Tensor xt = fromDoubles(DType::Float32, {2, 3}, Doubles(6, 1.0), {1, 2});
  runFusion(key, {xt.view, y.view});
  EXPECT_EQ(nCompiledKernels(), n0 + 3);
  EXPECT_EQ(getKernelSpec(key).numCachedKernels(), 3u);
}

TEST_F(APITest, StructurallyEqualGroupsShareOneSpec) {
  size_t n0 = debugNumCachedKernelSpecs();
  int64_t a = registerFusion(addGroup("first", "x", "y"));
  size_t n1 = debugNumCachedKernelSpecs();
  EXPECT_LE(n1, n0 + 1);
  // Different symbol name, SSA names, layout of the text.
  int64_t b = registerFusion(addGroup("second", "lhs", "rhs"));
  std::string spaced = addGroup("third", "p", "q");
  spaced.insert(0, "// a comment\n\n");
  int64_t c = registerFusion(spaced);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, c);
  EXPECT_EQ(debugNumCachedKernelSpecs(), n1);
  // A different group is a different spec.
  int64_t d = registerFusion(groupSource(
      {{"x", f32_2}, {"y", f32_2}},
      "%r = fuser.sub %x, %y : (" + f32_2 + ", " + f32_2 + ") -> " + f32_2,
      f32_2));
  EXPECT_NE(d, a);
  EXPECT_EQ(debugNumCachedKernelSpecs(), n1 + 1);
  // Normalisation canonicalises: x * 1 is x.
  int64_t e = registerFusion(groupSource(
      {{"x", f32_1}},
      "%one = fuser.constant 1.0 : f64\n  %t = fuser.mul %x, %one : (" +
          f32_1 + ", f64) -> " + f32_1 + "\n  %r = fuser.neg %t : (" + f32_1 +
          ") -> " + f32_1,
      f32_1));
  int64_t f = registerFusion(groupSource(
      {{"y", f32_1}}, "%r = fuser.neg %y : (" + f32_1 + ") -> " + f32_1,
      f32_1));
  EXPECT_EQ(e, f);
}

TEST_F(APITest, RunFusionKernelReasons) {
  installBackend();
  // Outputs of different shapes: [4] and [3, 4].
  std::string diff =
      "fuser.group @g(%x: " + f32_1 + ", %y: " + f32_2 + ") -> (" + f32_1 +
      ", " + f32_2 + ") {\n"
      "  %n = fuser.neg %x : (" + f32_1 + ") -> " + f32_1 + "\n"
      "  %s = fuser.add %n, %y : (" + f32_1 + ", " + f32_2 + ") -> " + f32_2 +
      "\n  fuser.yield %n, %s : " + f32_1 + ", " + f32_2 + "\n}\n";
  int64_t key = registerFusion(diff);
  Tensor x = vecD(DType::Float32, {1, 2, 3, 4});
  Tensor y = fromDoubles(DType::Float32, {3, 4}, Doubles(12, 10.0));
  EXPECT_EQ(runFusionKernel(key, {x.view, y.view}).reason,
            FallbackReason::MapSizeMismatch);
  // runFusion still runs it (unfused), correctly.
  std::vector<Tensor> r = runFusion(key, {x.view, y.view});
  EXPECT_EQ(backend->numLaunches(), 0u);
  EXPECT_EQ(doublesOf(r[0]), (Doubles{-1, -2, -3, -4}));
  EXPECT_EQ(r[1].view.sizes, (Ints{3, 4}));
  EXPECT_EQ(doublesOf(r[1])[5], 8.0);

  // A broadcast rand_like: the kernel would draw per map element; eager
  // repeats the row, so the group runs unfused (and right).
  std::string rnd = groupSource(
      {{"x", f32_2}, {"b", f32_1}},
      "%u = fuser.rand_like %b : (" + f32_1 + ") -> " + f32_1 +
          "\n  %r = fuser.add %x, %u : (" + f32_2 + ", " + f32_1 + ") -> " +
          f32_2,
      f32_2);
  int64_t rk = registerFusion(rnd);
  Tensor zeros = fromDoubles(DType::Float32, {3, 4}, Doubles(12, 0.0));
  Tensor brow = vecD(DType::Float32, Doubles(4, 0.0));
  EXPECT_EQ(runFusionKernel(rk, {zeros.view, brow.view}).reason,
            FallbackReason::RandomBroadcast);
  manualSeed(Device::cpu(), 8);
  r = runFusion(rk, {zeros.view, brow.view});
  EXPECT_EQ(backend->numLaunches(), 0u);
  Doubles u = doublesOf(r[0]);
  for (int j = 0; j < 4; ++j) {
    EXPECT_EQ(u[j], uniformFromBits(randomBits(8, 0, j), DType::Float32));
    EXPECT_EQ(u[8 + j], u[j]);
  }

  // Chunk not divisible.
  std::string chunk =
      "fuser.group @g(%x: " + f32_2 + ") -> (" + f32_2 + ", " + f32_2 + ") {\n"
      "  %a, %b = fuser.chunk %x into 2 along 1 : " + f32_2 + "\n"
      "  fuser.yield %a, %b : " + f32_2 + ", " + f32_2 + "\n}\n";
  int64_t ck = registerFusion(chunk);
  Tensor odd = fromDoubles(DType::Float32, {1, 5}, {0, 1, 2, 3, 4});
  EXPECT_EQ(runFusionKernel(ck, {odd.view}).reason,
            FallbackReason::ChunkNotDivisible);
  r = runFusion(ck, {odd.view}); // eager chunk: 3 and 2
  EXPECT_EQ(doublesOf(r[0]), (Doubles{0, 1, 2}));
  EXPECT_EQ(doublesOf(r[1]), (Doubles{3, 4}));

  // Broadcast failure: no kernel; the interpreter reports the error.
  int64_t add = registerFusion(addGroup("g", "x", "y", "max"));
  Tensor a = fromDoubles(DType::Float32, {2, 3}, Doubles(6, 1.0));
  Tensor b = fromDoubles(DType::Float32, {2, 4}, Doubles(8, 1.0));
  EXPECT_EQ(runFusionKernel(add, {a.view, b.view}).reason,
            FallbackReason::BroadcastFailure);
  EXPECT_THROW(runFusion(add, {a.view, b.view}), Error);

  // CPU fusion switched off.
  overrideCanFuseOnCPU(false);
  EXPECT_EQ(runFusionKernel(add, {a.view, a.view}).reason,
            FallbackReason::FusionDisabled);
  overrideCanFuseOnCPU(true);
  ExecutionResult ok = runFusionKernel(add, {a.view, a.view});
  EXPECT_TRUE(ok.ran());
  EXPECT_NE(ok.kernel, nullptr);
  // Validation errors are errors on this path too.
  EXPECT_THROW(runFusionKernel(add, {a.view}), Error);
}

TEST_F(APITest, CompileFailures) {
  SwitchGuard restore;
  int ctorCalls = 0;
  registerFusionBackend(
      DeviceType::CPU,
      [&](int16_t, std::string, std::string, std::vector<TensorDesc>,
          std::vector<TensorDesc>, std::vector<PartitionDesc>,
          std::vector<PartitionDesc>, bool) -> std::shared_ptr<FusedKernel> {
        ++ctorCalls;
        throw Error("cannot compile");
      });
  std::string src = groupSource(
      {{"x", f32_1}}, "%r = fuser.exp %x : (" + f32_1 + ") -> " + f32_1, f32_1);
  int64_t key = registerFusion(src);
  Tensor x = vecD(DType::Float32, {0.0});
  // By default a compile failure on the CPU is an error.
  overrideMustUseLLVMOnCPU(true);
  EXPECT_THROW(runFusion(key, {x.view}), Error);
  // Otherwise the group runs unfused.
  overrideMustUseLLVMOnCPU(false);
  EXPECT_EQ(runFusionKernel(key, {x.view}).reason,
            FallbackReason::CompileFailed);
  EXPECT_EQ(doublesOf(runFusion(key, {x.view})[0]), (Doubles{1.0}));
  EXPECT_GE(ctorCalls, 3);
  EXPECT_EQ(getKernelSpec(key).numCachedKernels(), 0u);
  deregisterFusionBackend(DeviceType::CPU);
}

/// Parses a group in a context of the test's own.
class LocalGroup {
public:
  explicit LocalGroup(const std::string &source) {
    context.loadDialect<mlir::fuser::FuserDialect>();
    module = mlir::parseSourceString<mlir::ModuleOp>(source, &context);
    EXPECT_TRUE(module);
    for (auto g : module->getOps<mlir::fuser::GroupOp>())
      group = g;
  }
  mlir::MLIRContext context;
  mlir::OwningOpRef<mlir::ModuleOp> module;
  mlir::fuser::GroupOp group;
};

TEST_F(APITest, DebugLaunchGraph) {
  LocalGroup g(addGroup("debug_mul", "x", "y", "mul"));
  ASSERT_TRUE(g.group);
  Tensor x = fromDoubles(DType::Float32, {2, 2}, {1, 2, 3, 4});
  Tensor y = fromDoubles(DType::Float32, {2, 2}, {5, 6, 7, 8});
  // No backend: the inputs come back unchanged.
  std::vector<Tensor> r = debugLaunchGraph(g.group, {x.view, y.view});
  ASSERT_EQ(r.size(), 2u);
  EXPECT_EQ(r[0].view.data, x.view.data);
  EXPECT_EQ(r[1].view.data, y.view.data);
  EXPECT_EQ(r[1].view.sizes, y.view.sizes);
  // debugGetFusedKernelCode cannot run either.
  EXPECT_THROW(debugGetFusedKernelCode(g.group, {x.view, y.view}), Error);
  // With a backend, the kernel's outputs (the mock copies input 0).
  installBackend();
  r = debugLaunchGraph(g.group, {x.view, y.view});
  ASSERT_EQ(r.size(), 1u);
  EXPECT_NE(r[0].view.data, x.view.data);
  EXPECT_EQ(doublesOf(r[0]), (Doubles{1, 2, 3, 4}));
  std::string code = debugGetFusedKernelCode(g.group, {x.view, y.view});
  EXPECT_FALSE(code.empty());
  EXPECT_EQ(code, backend->lastConstructed().code);
  // The GroupOp overload registers the same spec as the text overload.
  EXPECT_EQ(registerFusion(g.group),
            registerFusion(addGroup("other", "a", "b", "mul")));
  EXPECT_NE(registerFusion(g.group), registerFusion(addGroup()));
  // A group whose kernel cannot run (outputs of different shapes).
  LocalGroup bad(
      "fuser.group @g(%x: " + f32_1 + ", %y: " + f32_2 + ") -> (" + f32_1 +
      ", " + f32_2 + ") {\n"
      "  %s = fuser.add %x, %y : (" + f32_1 + ", " + f32_2 + ") -> " + f32_2 +
      "\n  fuser.yield %x, %s : " + f32_1 + ", " + f32_2 + "\n}\n");
  Tensor v = vecD(DType::Float32, {1, 2});
  EXPECT_THROW(debugGetFusedKernelCode(bad.group, {v.view, x.view}), Error);
  r = debugLaunchGraph(bad.group, {v.view, x.view});
  EXPECT_EQ(r[0].view.data, v.view.data);
}

TEST_F(APITest, CompileKernelDescriptors) {
  // A device without a code generator (XPU) gets the specialised group as
  // its code, which makes the descriptors easy to check.
  MockBackend xpu(DeviceType::XPU);
  const Device dev{DeviceType::XPU, 0};
  int64_t key = registerFusion(readExample("lstm_cell.mlir"));
  const KernelSpec &spec = getKernelSpec(key);
  EXPECT_EQ(spec.nInputs, 4u);
  EXPECT_EQ(spec.nTensorInputs, 4u);
  EXPECT_EQ(spec.nOutputs, 2u);
  EXPECT_EQ(spec.inputRanks, (std::vector<size_t>{2, 1, 1, 2}));
  ASSERT_EQ(spec.inputChunks.size(), 4u);
  EXPECT_EQ(spec.inputChunks[0].nSubTensors, 4u);
  EXPECT_EQ(spec.inputChunks[0].dim, 1u);
  EXPECT_EQ(spec.inputChunks[1].nSubTensors, 4u);
  EXPECT_EQ(spec.inputChunks[1].dim, 0u); // -1 normalised
  EXPECT_EQ(spec.inputChunks[2].dim, 0u);
  EXPECT_TRUE(spec.inputChunks[3].isNoop());
  EXPECT_EQ(spec.inputBroadcastGroups,
            (std::vector<std::vector<size_t>>{{0, 1, 2, 3}}));
  EXPECT_FALSE(spec.hasRandom());

  using Bits = std::vector<bool>;
  std::vector<TensorDesc> descs = {
      TensorDesc(DType::Float16, Bits{true, true}),
      TensorDesc(DType::Float16, Bits{false, true}), // [4H] broadcast over B
      TensorDesc(DType::Float16, Bits{false, true}),
      TensorDesc(DType::Float16, Bits{true, true})};
  ArgSpec argSpec(descs, dev, {Bits{true, true}, Bits{true, true}});
  size_t n0 = nCompiledKernels();
  std::shared_ptr<FusedKernel> k = compileKernel(spec, argSpec, {3, 5}, dev);
  ASSERT_NE(k, nullptr);
  EXPECT_EQ(nCompiledKernels(), n0 + 1);
  EXPECT_EQ(spec.numCachedKernels(), 0u); // not inserted in the cache
  EXPECT_EQ(k->name().rfind("fused_", 0), 0u) << k->name();
  // Another argument spec is another kernel, with another name.
  std::vector<TensorDesc> otherDescs = descs;
  otherDescs[0] = TensorDesc(DType::Float16, Bits{false, true});
  std::shared_ptr<FusedKernel> other = compileKernel(
      spec, ArgSpec(otherDescs, dev, {Bits{true, true}, Bits{true, true}}),
      {3, 5}, dev);
  EXPECT_NE(other->name(), k->name());
  EXPECT_EQ(k->code(), getSpecializedGroupSource(key, {DType::Float16,
                                                       DType::Float16,
                                                       DType::Float16,
                                                       DType::Float16}));
  EXPECT_NE(k->code().find("xf16"), std::string::npos);
  EXPECT_EQ(k->inputDesc(), descs);
  ASSERT_EQ(k->outputDesc().size(), 2u);
  EXPECT_EQ(k->outputDesc()[0], TensorDesc(DType::Float16, Bits{true, true}));
  ASSERT_EQ(k->chunkDesc().size(), 4u);
  EXPECT_EQ(k->chunkDesc()[0].nSubTensors, 4u);
  EXPECT_EQ(k->chunkDesc()[0].dim, 1u);
  EXPECT_EQ(k->chunkDesc()[0].subTensorDesc->contiguity, (Bits{false, true}));
  // The bias is chunked along its dim 0, which is dim 1 of the broadcast
  // descriptor.
  EXPECT_EQ(k->chunkDesc()[1].dim, 1u);
  EXPECT_EQ(k->chunkDesc()[1].subTensorDesc->dtype, DType::Float16);
  EXPECT_TRUE(k->chunkDesc()[3].isNoop());
  ASSERT_EQ(k->concatDesc().size(), 2u);
  EXPECT_TRUE(k->concatDesc()[0].isNoop());
  EXPECT_FALSE(k->hasRandom());
  // The device index reaches the constructor.
  const Device dev3{DeviceType::XPU, 3};
  compileKernel(spec, ArgSpec(descs, dev3, argSpec.outputContiguity()), {3, 5},
                dev3);
  EXPECT_EQ(xpu.lastConstructed().device, 3);
  // No backend for the device: an error.
  deregisterFusionBackend(DeviceType::XPU);
  EXPECT_THROW(compileKernel(spec, argSpec, {3, 5}, dev), Error);
}

TEST_F(APITest, CompileKernelOutputKinds) {
  MockBackend xpu(DeviceType::XPU);
  const Device dev{DeviceType::XPU, 0};
  // A comparison output is bool; a concat output has a concat descriptor
  // with the promoted dtype; rand_like sets has-random.
  std::string i32 = ty(DType::Int32, 2), b1 = ty(DType::Bool, 2);
  std::string src =
      "fuser.group @g(%x: " + f32_2 + ", %i: " + i32 + ") -> (" + b1 + ", " +
      f32_2 + ", " + f32_2 + ") {\n"
      "  %z = fuser.constant 0.0 : f64\n"
      "  %c = fuser.gt %x, %z : (" + f32_2 + ", f64) -> " + b1 + "\n"
      "  %cat = fuser.concat %x, %i along 0 : " + f32_2 + ", " + i32 + " -> " +
      f32_2 + "\n"
      "  %u = fuser.rand_like %x : (" + f32_2 + ") -> " + f32_2 + "\n"
      "  fuser.yield %c, %cat, %u : " + b1 + ", " + f32_2 + ", " + f32_2 +
      "\n}\n";
  int64_t key = registerFusion(src);
  const KernelSpec &spec = getKernelSpec(key);
  EXPECT_EQ(spec.numRandom, 1u);
  EXPECT_EQ(spec.outputConcats[1].nSubTensors, 2u);
  EXPECT_EQ(spec.outputConcats[1].dim, 0u);
  using Bits = std::vector<bool>;
  std::vector<TensorDesc> descs = {TensorDesc(DType::Float32, Bits{true, true}),
                                   TensorDesc(DType::Int32, Bits{true, true})};
  ArgSpec argSpec(descs, dev,
                  {Bits{true, true}, Bits{true, true}, Bits{true, true}});
  std::shared_ptr<FusedKernel> k = compileKernel(spec, argSpec, {2, 3}, dev);
  EXPECT_EQ(k->code(), getSpecializedGroupSource(key, {DType::Float32,
                                                       DType::Int32}));
  EXPECT_EQ(k->outputDesc()[0].dtype, DType::Bool);
  EXPECT_EQ(k->outputDesc()[1].dtype, DType::Float32);
  EXPECT_EQ(k->concatDesc()[1].nSubTensors, 2u);
  EXPECT_EQ(k->concatDesc()[1].dim, 0u);
  EXPECT_EQ(k->concatDesc()[1].subTensorDesc->contiguity, (Bits{true, true}));
  EXPECT_TRUE(k->concatDesc()[0].isNoop());
  EXPECT_TRUE(k->hasRandom());

  // And the executor launches it on the CPU: seed and offset from the
  // generator, the concat output as two slices of one f32 buffer.
  installBackend();
  Tensor x = fromDoubles(DType::Float32, {2, 3}, {1, 2, 3, 4, 5, 6});
  Tensor i = fromInts(DType::Int32, {2, 3}, {1, 2, 3, 4, 5, 6});
  manualSeed(Device::cpu(), 77);
  std::vector<Tensor> r = runFusion(key, {x.view, i.view});
  ASSERT_EQ(backend->numLaunches(), 1u);
  KernelLaunch l = backend->lastLaunch();
  EXPECT_EQ(l.seed, 77u);
  EXPECT_EQ(l.offset, 0u);
  EXPECT_EQ(l.outputs.size(), 4u);
  EXPECT_EQ(r[1].view.sizes, (Ints{4, 3}));
  EXPECT_EQ(r[1].view.dtype, DType::Float32);
  EXPECT_EQ(l.outputs[2].data, static_cast<char *>(r[1].view.data) + 6 * 4);
  runFusion(key, {x.view, i.view});
  EXPECT_EQ(backend->lastLaunch().offset, 1u);
}

TEST_F(APITest, LstmKernelPathChunksLowerRankInputs) {
  // The LSTM example: gates [B, 4H] chunked along 1, biases [4H] chunked
  // along 0 and broadcast over the batch.
  installBackend();
  backend->record->compute = false;
  int64_t key = registerFusion(readExample("lstm_cell.mlir"));
  const int64_t B = 3, H = 5;
  Tensor gates = fromDoubles(DType::Float32, {B, 4 * H}, Doubles(B * 4 * H, 0));
  Tensor bih = vecD(DType::Float32, Doubles(4 * H, 0));
  Tensor bhh = vecD(DType::Float32, Doubles(4 * H, 0));
  Tensor cx = fromDoubles(DType::Float32, {B, H}, Doubles(B * H, 0));
  ExecutionResult r =
      runFusionKernel(key, {gates.view, bih.view, bhh.view, cx.view});
  ASSERT_TRUE(r.ran()) << fallbackReasonName(r.reason);
  KernelLaunch l = backend->lastLaunch();
  EXPECT_EQ(l.mapSize, (Ints{B, H}));
  ASSERT_EQ(l.inputs.size(), 13u);
  for (int k = 0; k < 4; ++k) {
    EXPECT_EQ(l.inputs[k].data, static_cast<char *>(gates.view.data) + k * H * 4);
    EXPECT_EQ(l.inputs[k].sizes, (Ints{B, H}));
    EXPECT_EQ(l.inputs[k].strides, (Ints{4 * H, 1}));
    EXPECT_EQ(l.inputs[4 + k].data, static_cast<char *>(bih.view.data) + k * H * 4);
    EXPECT_EQ(l.inputs[4 + k].strides, (Ints{0, 1}));
    EXPECT_EQ(l.inputs[8 + k].data, static_cast<char *>(bhh.view.data) + k * H * 4);
  }
  EXPECT_EQ(l.inputs[12].data, cx.view.data);
  EXPECT_EQ(l.inputs[12].sizes, (Ints{B * H}));
  EXPECT_EQ(l.outputs.size(), 2u);
}

} // namespace
