//===- BackendTest.cpp - Backend table, switches, kernel cache, RNG state -===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Runtime/Executor.h"
#include "TestUtil/MockBackend.h"

#include "gtest/gtest.h"

#include <set>
#include <thread>

using namespace fuser;
using namespace fuser::test;

namespace {

using Bits = std::vector<bool>;
using Reserved = std::pair<uint64_t, uint64_t>;

std::shared_ptr<FusedKernel> makeMock(const std::string &name) {
  ConstructorCall c{-1, name, "code", {}, {}, {}, {}, false};
  return std::make_shared<MockKernel>(std::make_shared<MockRecord>(), c);
}

//===----------------------------------------------------------------------===//
// Backend table
//===----------------------------------------------------------------------===//

// Static registration through the helper, before main. XPU is used by no
// other test of this binary for backends.
std::shared_ptr<FusedKernel>
makeStaticKernel(int16_t, std::string, std::string, std::vector<TensorDesc>,
                 std::vector<TensorDesc>, std::vector<PartitionDesc>,
                 std::vector<PartitionDesc>, bool) {
  return makeMock("statically-registered");
}
RegisterFusionBackend staticXPU(DeviceType::XPU, makeStaticKernel);

TEST(BackendTableTest, StaticRegistration) {
  ASSERT_TRUE(hasFusionBackend(DeviceType::XPU));
  FusedKernelConstructor ctor = getFusionBackend(DeviceType::XPU);
  ASSERT_TRUE(ctor);
  EXPECT_EQ(ctor(0, "n", "c", {}, {}, {}, {}, false)->name(),
            "statically-registered");
}

TEST(BackendTableTest, RegisterReplaceDeregister) {
  SwitchGuard guard;
  deregisterFusionBackend(DeviceType::CUDA);
  EXPECT_FALSE(hasFusionBackend(DeviceType::CUDA));
  EXPECT_FALSE(getFusionBackend(DeviceType::CUDA));
  int firstCalls = 0, secondCalls = 0;
  registerFusionBackend(DeviceType::CUDA,
                        [&](int16_t, std::string, std::string,
                            std::vector<TensorDesc>, std::vector<TensorDesc>,
                            std::vector<PartitionDesc>,
                            std::vector<PartitionDesc>, bool) {
                          ++firstCalls;
                          return makeMock("first");
                        });
  EXPECT_TRUE(hasFusionBackend(DeviceType::CUDA));
  EXPECT_EQ(getFusionBackend(DeviceType::CUDA)(0, "", "", {}, {}, {}, {}, false)
                ->name(),
            "first");
  // Registering again replaces.
  registerFusionBackend(DeviceType::CUDA,
                        [&](int16_t, std::string, std::string,
                            std::vector<TensorDesc>, std::vector<TensorDesc>,
                            std::vector<PartitionDesc>,
                            std::vector<PartitionDesc>, bool) {
                          ++secondCalls;
                          return makeMock("second");
                        });
  EXPECT_EQ(getFusionBackend(DeviceType::CUDA)(0, "", "", {}, {}, {}, {}, false)
                ->name(),
            "second");
  EXPECT_EQ(firstCalls, 1);
  EXPECT_EQ(secondCalls, 1);
  // Other device types are unaffected.
  EXPECT_FALSE(hasFusionBackend(DeviceType::CPU));
  deregisterFusionBackend(DeviceType::CUDA);
  EXPECT_FALSE(hasFusionBackend(DeviceType::CUDA));
  EXPECT_FALSE(getFusionBackend(DeviceType::CUDA));
  // Deregistering twice is harmless.
  deregisterFusionBackend(DeviceType::CUDA);
}

TEST(BackendTableTest, CanFuseSwitches) {
  SwitchGuard guard;
  // No backend: no fusion, whatever the switches say.
  overrideCanFuseOnCPU(true);
  overrideCanFuseOnGPU(true);
  EXPECT_FALSE(canFuseOnCPU());
  EXPECT_FALSE(canFuseOnGPU());
  {
    MockBackend cpu(DeviceType::CPU);
    EXPECT_TRUE(canFuseOnCPU());
    EXPECT_FALSE(canFuseOnGPU());
    overrideCanFuseOnCPU(false);
    EXPECT_FALSE(canFuseOnCPU());
    overrideCanFuseOnCPU(true);
    EXPECT_TRUE(canFuseOnCPU());
    MockBackend gpu(DeviceType::CUDA);
    EXPECT_TRUE(canFuseOnGPU());
    overrideCanFuseOnGPU(false);
    EXPECT_FALSE(canFuseOnGPU());
    EXPECT_TRUE(canFuseOnCPU()); // independent switches
  }
  // The backends are gone again.
  overrideCanFuseOnGPU(true);
  EXPECT_FALSE(canFuseOnCPU());
  EXPECT_FALSE(canFuseOnGPU());
}

TEST(BackendTableTest, MustUseLLVM) {
  SwitchGuard guard;
  overrideMustUseLLVMOnCPU(true);
  EXPECT_TRUE(mustUseLLVMOnCPU());
  overrideMustUseLLVMOnCPU(false);
  EXPECT_FALSE(mustUseLLVMOnCPU());
}

TEST(FusedKernelTest, HoldsItsDescriptors) {
  TensorDesc in(DType::Float32, Bits{true, true});
  TensorDesc out(DType::Float16, Bits{true});
  ConstructorCall c{3,   "kernel_7", "the code", {in}, {out},
                    {PartitionDesc(in, 2, 1)}, {PartitionDesc()}, true};
  MockKernel k(std::make_shared<MockRecord>(), c);
  EXPECT_EQ(k.name(), "kernel_7");
  EXPECT_EQ(k.code(), "the code");
  EXPECT_EQ(k.inputDesc(), std::vector<TensorDesc>{in});
  EXPECT_EQ(k.outputDesc(), std::vector<TensorDesc>{out});
  ASSERT_EQ(k.chunkDesc().size(), 1u);
  EXPECT_EQ(k.chunkDesc()[0].nSubTensors, 2u);
  EXPECT_TRUE(k.concatDesc()[0].isNoop());
  EXPECT_TRUE(k.hasRandom());
  EXPECT_EQ(k.backend(), DeviceType::CPU);
}

//===----------------------------------------------------------------------===//
// KernelSpec cache
//===----------------------------------------------------------------------===//

ArgSpec argSpecNo(int i) {
  // Distinct specs: dtype and contiguity bits from i.
  DType dtype = static_cast<DType>(i % kNumDTypes);
  Bits bits;
  for (int b = 0; b < 3; ++b)
    bits.push_back((i / kNumDTypes) >> b & 1);
  return ArgSpec({TensorDesc(dtype, bits)}, Device::cpu(), {Bits{true}});
}

TEST(KernelSpecTest, FindAndCache) {
  KernelSpec spec;
  ArgSpec a = argSpecNo(0), b = argSpecNo(1);
  EXPECT_EQ(spec.findKernel(a), nullptr);
  EXPECT_EQ(spec.numCachedKernels(), 0u);
  auto k1 = makeMock("k1");
  EXPECT_EQ(spec.cacheKernel(a, k1), k1);
  EXPECT_EQ(spec.findKernel(a), k1);
  EXPECT_EQ(spec.findKernel(argSpecNo(0)), k1); // equal key, new object
  EXPECT_EQ(spec.findKernel(b), nullptr);
  // The first insert wins.
  auto k2 = makeMock("k2");
  EXPECT_EQ(spec.cacheKernel(a, k2), k1);
  EXPECT_EQ(spec.findKernel(a), k1);
  EXPECT_EQ(spec.numCachedKernels(), 1u);
  EXPECT_EQ(spec.cacheKernel(b, k2), k2);
  EXPECT_EQ(spec.numCachedKernels(), 2u);
  // A different device is a different key.
  ArgSpec onCuda({TensorDesc(DType::Bool, Bits{false, false, false})},
                 Device::cuda(0), {Bits{true}});
  EXPECT_EQ(spec.findKernel(onCuda), nullptr);
}

TEST(KernelSpecTest, ConcurrentInsertsAgree) {
  KernelSpec spec;
  constexpr int kThreads = 8, kKeys = 60, kRounds = 5;
  std::vector<std::vector<std::shared_ptr<FusedKernel>>> got(
      kThreads, std::vector<std::shared_ptr<FusedKernel>>(kKeys));
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int r = 0; r < kRounds; ++r)
        for (int k = 0; k < kKeys; ++k) {
          int key = (k + t * 7) % kKeys; // different orders per thread
          ArgSpec a = argSpecNo(key);
          std::shared_ptr<FusedKernel> found = spec.findKernel(a);
          if (!found)
            found = spec.cacheKernel(
                a, makeMock(std::to_string(t) + "/" + std::to_string(key)));
          if (!got[t][key])
            got[t][key] = found;
          // Once cached, a key never changes its kernel.
          EXPECT_EQ(got[t][key], found);
        }
    });
  for (std::thread &th : threads)
    th.join();
  EXPECT_EQ(spec.numCachedKernels(), static_cast<size_t>(kKeys));
  for (int k = 0; k < kKeys; ++k) {
    std::shared_ptr<FusedKernel> cached = spec.findKernel(argSpecNo(k));
    ASSERT_NE(cached, nullptr);
    for (int t = 0; t < kThreads; ++t)
      EXPECT_EQ(got[t][k], cached) << "thread " << t << " key " << k;
  }
}

//===----------------------------------------------------------------------===//
// Random state
//===----------------------------------------------------------------------===//

TEST(RandomStateTest, OffsetsAdvancePerLaunchAndDevice) {
  manualSeed(Device::cpu(), 1234);
  manualSeed(Device::cuda(0), 55);
  EXPECT_EQ(reserveRandom(Device::cpu(), 2), Reserved(1234u, 0u));
  EXPECT_EQ(reserveRandom(Device::cpu(), 3), Reserved(1234u, 2u));
  EXPECT_EQ(reserveRandom(Device::cpu(), 1), Reserved(1234u, 5u));
  // Another device has its own state.
  EXPECT_EQ(reserveRandom(Device::cuda(0), 1), Reserved(55u, 0u));
  EXPECT_EQ(reserveRandom(Device::cuda(0), 1), Reserved(55u, 1u));
  EXPECT_EQ(reserveRandom(Device::cpu(), 0), Reserved(1234u, 6u));
  EXPECT_EQ(reserveRandom(Device::cpu(), 1), Reserved(1234u, 6u));
  // manualSeed resets the offset.
  manualSeed(Device::cpu(), 7);
  EXPECT_EQ(reserveRandom(Device::cpu(), 4), Reserved(7u, 0u));
  EXPECT_EQ(reserveRandom(Device::cpu(), 4), Reserved(7u, 4u));
}

TEST(RandomStateTest, DefaultSeedIsPyTorchs) {
  // A device nobody seeded starts at PyTorch's default seed, offset 0.
  Device fresh = Device::cuda(113);
  EXPECT_EQ(reserveRandom(fresh, 1),
            Reserved(67280421310721u, 0u));
  EXPECT_EQ(reserveRandom(Device::cuda(114), 2).second, 0ull);
}

TEST(RandomStateTest, ConcurrentReservationsAreDisjoint) {
  Device dev = Device::cuda(77);
  manualSeed(dev, 1);
  constexpr int kThreads = 8, kEach = 500;
  std::vector<std::vector<uint64_t>> offsets(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i)
        offsets[t].push_back(reserveRandom(dev, 3).second);
    });
  for (std::thread &th : threads)
    th.join();
  std::set<uint64_t> all;
  for (auto &v : offsets)
    all.insert(v.begin(), v.end());
  ASSERT_EQ(all.size(), static_cast<size_t>(kThreads * kEach));
  EXPECT_EQ(*all.rbegin(), 3ull * (kThreads * kEach - 1));
  for (uint64_t o : all)
    EXPECT_EQ(o % 3, 0u);
}

} // namespace
