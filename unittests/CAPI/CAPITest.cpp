//===- CAPITest.cpp - Tests of the C API (include/fuser-c) ----------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Written against the C header only and linked with libFuserC.so: what an
// embedder in another language sees.
//
//===----------------------------------------------------------------------===//

#include "fuser-c/Fuser.h"

#include "gtest/gtest.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <thread>
#include <vector>

namespace {

const char *kScaleAdd = R"mlir(
fuser.group @scale_add(%x: tensor<?x?xf32>, %b: tensor<?xf32>, %s: f64)
    -> tensor<?x?xf32> {
  %0 = fuser.mul %x, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
  %1 = fuser.add %0, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
  fuser.yield %1 : tensor<?x?xf32>
}
)mlir";

const char *kChunkConcat = R"mlir(
fuser.group @cc(%x: tensor<?x?xf32>) -> (tensor<?x?xf32>, tensor<?x?xf32>) {
  %a, %b = fuser.chunk %x into 2 along 1 : tensor<?x?xf32>
  %s = fuser.add %a, %b : (tensor<?x?xf32>, tensor<?x?xf32>) -> tensor<?x?xf32>
  %c = fuser.concat %a, %s along 0 : tensor<?x?xf32>, tensor<?x?xf32> -> tensor<?x?xf32>
  fuser.yield %s, %c : tensor<?x?xf32>, tensor<?x?xf32>
}
)mlir";

const char *kRand = R"mlir(
fuser.group @rand(%x: tensor<?xf32>) -> tensor<?xf32> {
  %0 = fuser.rand_like %x : (tensor<?xf32>) -> tensor<?xf32>
  fuser.yield %0 : tensor<?xf32>
}
)mlir";

int64_t registerOrDie(const char *source, const char *name = nullptr) {
  int64_t key = -1;
  FuserStatus status =
      fuserRegisterGroup(source, std::strlen(source), name, &key);
  EXPECT_EQ(status, FUSER_STATUS_OK) << fuserGetLastError();
  return key;
}

FuserArgument tensorArg(void *data, const int64_t *sizes,
                        const int64_t *strides, int32_t ndim,
                        int32_t dtype = FUSER_DTYPE_FLOAT32) {
  FuserArgument a;
  std::memset(&a, 0, sizeof(a));
  a.kind = FUSER_ARGUMENT_TENSOR;
  a.tensor.data = data;
  a.tensor.sizes = sizes;
  a.tensor.strides = strides;
  a.tensor.ndim = ndim;
  a.tensor.dtype = dtype;
  a.tensor.device.type = FUSER_DEVICE_CPU;
  return a;
}

FuserArgument scalarArg(double value) {
  FuserArgument a;
  std::memset(&a, 0, sizeof(a));
  a.kind = FUSER_ARGUMENT_SCALAR;
  a.scalar = value;
  return a;
}

/// Inputs of scale_add: x is a [3, 4] view with row stride 8 (every other
/// column of a [3, 8] buffer), b a [4] vector.
struct ScaleAddInputs {
  std::vector<float> xBuffer = std::vector<float>(3 * 8);
  std::vector<float> b = {0.5f, -1.0f, 2.0f, 0.25f};
  int64_t xSizes[2] = {3, 4};
  int64_t xStrides[2] = {8, 2};
  int64_t bSizes[1] = {4};
  FuserArgument args[3];
  ScaleAddInputs() {
    for (size_t i = 0; i < xBuffer.size(); ++i)
      xBuffer[i] = static_cast<float>(i) * 0.1f - 1.0f;
    args[0] = tensorArg(xBuffer.data(), xSizes, xStrides, 2);
    args[1] = tensorArg(b.data(), bSizes, nullptr, 1);
    args[2] = scalarArg(1.5);
  }
  float expected(int64_t i, int64_t j) const {
    return static_cast<float>(static_cast<double>(xBuffer[i * 8 + j * 2]) *
                                  1.5 +
                              b[j]);
  }
};

void expectScaleAdd(const ScaleAddInputs &in, const FuserTensorRef &out) {
  ASSERT_EQ(out.ndim, 2);
  EXPECT_EQ(out.sizes[0], 3);
  EXPECT_EQ(out.sizes[1], 4);
  EXPECT_EQ(out.dtype, FUSER_DTYPE_FLOAT32);
  EXPECT_EQ(out.device.type, FUSER_DEVICE_CPU);
  const float *data = static_cast<const float *>(out.data);
  for (int64_t i = 0; i < 3; ++i)
    for (int64_t j = 0; j < 4; ++j)
      EXPECT_FLOAT_EQ(data[i * out.strides[0] + j * out.strides[1]],
                      in.expected(i, j))
          << i << ", " << j;
}

} // namespace

TEST(CAPI, Versions) {
  EXPECT_EQ(fuserGetAPIVersion(), static_cast<uint32_t>(FUSER_C_API_VERSION));
  EXPECT_EQ(fuserGetAPIVersion() >> 16,
            static_cast<uint32_t>(FUSER_C_API_VERSION_MAJOR));
  ASSERT_NE(fuserGetVersionString(), nullptr);
  EXPECT_GT(std::strlen(fuserGetVersionString()), 0u);
}

TEST(CAPI, DTypes) {
  EXPECT_STREQ(fuserDTypeName(FUSER_DTYPE_FLOAT32), "float32");
  EXPECT_STREQ(fuserDTypeName(FUSER_DTYPE_BOOL), "bool");
  EXPECT_EQ(fuserDTypeName(FUSER_NUM_DTYPES), nullptr);
  EXPECT_EQ(fuserDTypeName(-1), nullptr);
  int32_t code = -1;
  EXPECT_EQ(fuserDTypeFromName("f16", &code), FUSER_STATUS_OK);
  EXPECT_EQ(code, FUSER_DTYPE_FLOAT16);
  EXPECT_EQ(fuserDTypeFromName("bfloat16", &code), FUSER_STATUS_OK);
  EXPECT_EQ(code, FUSER_DTYPE_BFLOAT16);
  EXPECT_EQ(fuserDTypeFromName("complex64", &code),
            FUSER_STATUS_INVALID_ARGUMENT);
  EXPECT_NE(std::string(fuserGetLastError()).find("complex64"),
            std::string::npos);
  EXPECT_EQ(fuserDTypeSize(FUSER_DTYPE_INT64), 8u);
  EXPECT_EQ(fuserDTypeSize(FUSER_DTYPE_BOOL), 1u);
  EXPECT_EQ(fuserDTypeSize(42), 0u);
}

TEST(CAPI, ErrorsAreThreadLocalAndSticky) {
  fuserClearLastError();
  EXPECT_EQ(fuserGetLastStatus(), FUSER_STATUS_OK);
  EXPECT_STREQ(fuserGetLastError(), "");
  int64_t key;
  const char *bad = "fuser.group @g(%x: tensor<?xf32>) -> tensor<?xf32> {\n"
                    "  %0 = fuser.bogus %x : tensor<?xf32>\n"
                    "  fuser.yield %0 : tensor<?xf32>\n}\n";
  EXPECT_EQ(fuserRegisterGroup(bad, std::strlen(bad), nullptr, &key),
            FUSER_STATUS_PARSE_ERROR);
  std::string message = fuserGetLastError();
  EXPECT_NE(message.find("custom op 'fuser.bogus' is unknown"),
            std::string::npos)
      << message;
  EXPECT_EQ(fuserGetLastStatus(), FUSER_STATUS_PARSE_ERROR);
  // Another thread has its own last error.
  std::string other = "unset";
  std::thread([&] { other = fuserGetLastError(); }).join();
  EXPECT_EQ(other, "");
  // Success leaves the last error as it was.
  int32_t code = -1;
  EXPECT_EQ(fuserDTypeFromName("f32", &code), FUSER_STATUS_OK);
  EXPECT_EQ(fuserGetLastStatus(), FUSER_STATUS_PARSE_ERROR);
  fuserClearLastError();
  EXPECT_STREQ(fuserGetLastError(), "");
  EXPECT_STREQ(fuserStatusName(FUSER_STATUS_NOT_FOUND), "not found");
  EXPECT_STREQ(fuserStatusName(static_cast<FuserStatus>(99)),
               "unknown status");
}

TEST(CAPI, RegisterErrors) {
  int64_t key;
  EXPECT_EQ(fuserRegisterGroup(kScaleAdd, std::strlen(kScaleAdd), nullptr,
                               nullptr),
            FUSER_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(fuserRegisterGroup(nullptr, 3, nullptr, &key),
            FUSER_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(fuserRegisterGroup("", 0, nullptr, &key),
            FUSER_STATUS_PARSE_ERROR);
  EXPECT_NE(std::string(fuserGetLastError()).find("holds no fuser.group"),
            std::string::npos);
  std::string two = std::string(kScaleAdd) + kRand;
  EXPECT_EQ(fuserRegisterGroup(two.data(), two.size(), nullptr, &key),
            FUSER_STATUS_PARSE_ERROR);
  EXPECT_EQ(fuserRegisterGroup(two.data(), two.size(), "nope", &key),
            FUSER_STATUS_PARSE_ERROR);
  EXPECT_EQ(fuserRegisterGroup(two.data(), two.size(), "rand", &key),
            FUSER_STATUS_OK);
  EXPECT_EQ(fuserRegisterGroupFile("/nonexistent/g.mlir", nullptr, &key),
            FUSER_STATUS_IO_ERROR);
  EXPECT_NE(std::string(fuserGetLastError()).find("cannot read"),
            std::string::npos);
}

TEST(CAPI, RegisterFile) {
  char path[] = "/tmp/fuser-capi-XXXXXX";
  int fd = mkstemp(path);
  ASSERT_GE(fd, 0);
  FILE *f = fdopen(fd, "w");
  std::fputs(kScaleAdd, f);
  std::fclose(f);
  int64_t fromFile = -1;
  EXPECT_EQ(fuserRegisterGroupFile(path, "scale_add", &fromFile),
            FUSER_STATUS_OK)
      << fuserGetLastError();
  std::remove(path);
  EXPECT_EQ(fromFile, registerOrDie(kScaleAdd));
}

TEST(CAPI, GroupInfo) {
  int64_t key = registerOrDie(kChunkConcat);
  FuserGroupInfo info;
  ASSERT_EQ(fuserGetGroupInfo(key, &info), FUSER_STATUS_OK);
  EXPECT_EQ(info.numInputs, 1);
  EXPECT_EQ(info.numTensorInputs, 1);
  EXPECT_EQ(info.numOutputs, 2);
  EXPECT_EQ(info.numRandom, 0);
  int64_t rank = 0;
  FuserPartition part;
  ASSERT_EQ(fuserGetGroupInput(key, 0, &rank, &part), FUSER_STATUS_OK);
  EXPECT_EQ(rank, 2);
  EXPECT_EQ(part.parts, 2);
  EXPECT_EQ(part.dim, 1);
  EXPECT_EQ(fuserGetGroupInput(key, 1, &rank, &part),
            FUSER_STATUS_INVALID_ARGUMENT);
  ASSERT_EQ(fuserGetGroupOutput(key, 0, &part), FUSER_STATUS_OK);
  EXPECT_EQ(part.parts, 1);
  ASSERT_EQ(fuserGetGroupOutput(key, 1, &part), FUSER_STATUS_OK);
  EXPECT_EQ(part.parts, 2);
  EXPECT_EQ(part.dim, 0);
  char *source = nullptr;
  size_t length = 0;
  ASSERT_EQ(fuserGetGroupSource(key, &source, &length), FUSER_STATUS_OK);
  EXPECT_EQ(std::strlen(source), length);
  EXPECT_NE(std::string(source).find("fuser.chunk"), std::string::npos);
  fuserFreeString(source);
  int32_t dtypes[] = {FUSER_DTYPE_FLOAT16};
  ASSERT_EQ(fuserGetSpecializedGroupSource(key, dtypes, 1, &source, &length),
            FUSER_STATUS_OK);
  EXPECT_NE(std::string(source).find("f16"), std::string::npos);
  fuserFreeString(source);
  EXPECT_EQ(fuserGetSpecializedGroupSource(key, dtypes, 0, &source, &length),
            FUSER_STATUS_ERROR);
  EXPECT_EQ(fuserGetGroupInfo(1 << 30, &info), FUSER_STATUS_NOT_FOUND);
  EXPECT_EQ(fuserGetGroupInfo(-1, &info), FUSER_STATUS_NOT_FOUND);
  EXPECT_NE(std::string(fuserGetLastError()).find("no fusion group"),
            std::string::npos);
  EXPECT_GE(fuserNumRegisteredGroups(), 1);
}

TEST(CAPI, RunStridedAndBroadcast) {
  int64_t key = registerOrDie(kScaleAdd);
  ScaleAddInputs in;
  FuserTensor out = nullptr;
  size_t n = 0;
  ASSERT_EQ(fuserRun(key, in.args, 3, nullptr, &out, 1, &n), FUSER_STATUS_OK)
      << fuserGetLastError();
  ASSERT_EQ(n, 1u);
  FuserTensorRef ref;
  ASSERT_EQ(fuserTensorGetRef(out, &ref), FUSER_STATUS_OK);
  expectScaleAdd(in, ref);
  fuserTensorRelease(out);

  // The interpreter gives the same values.
  ASSERT_EQ(fuserRunFallback(key, in.args, 3, &out, 1, &n), FUSER_STATUS_OK);
  ASSERT_EQ(fuserTensorGetRef(out, &ref), FUSER_STATUS_OK);
  expectScaleAdd(in, ref);
  fuserTensorRelease(out);
}

TEST(CAPI, RunErrors) {
  int64_t key = registerOrDie(kScaleAdd);
  ScaleAddInputs in;
  FuserTensor out = nullptr;
  size_t n = 0;
  // Too small an output array: the count is still reported.
  EXPECT_EQ(fuserRun(key, in.args, 3, nullptr, &out, 0, &n),
            FUSER_STATUS_INVALID_ARGUMENT);
  EXPECT_EQ(n, 1u);
  EXPECT_EQ(fuserRun(key, in.args, 2, nullptr, &out, 1, &n),
            FUSER_STATUS_ERROR);
  EXPECT_NE(std::string(fuserGetLastError()).find("the group takes 3 inputs"),
            std::string::npos)
      << fuserGetLastError();
  EXPECT_EQ(fuserRun(1 << 30, in.args, 3, nullptr, &out, 1, &n),
            FUSER_STATUS_NOT_FOUND);
  FuserArgument bad[3] = {in.args[0], in.args[1], in.args[2]};
  bad[0].tensor.dtype = 77;
  EXPECT_EQ(fuserRun(key, bad, 3, nullptr, &out, 1, &n),
            FUSER_STATUS_INVALID_ARGUMENT);
  bad[0] = in.args[0];
  bad[0].tensor.ndim = -1;
  EXPECT_EQ(fuserRun(key, bad, 3, nullptr, &out, 1, &n),
            FUSER_STATUS_INVALID_ARGUMENT);
  bad[0] = in.args[0];
  bad[0].kind = 9;
  EXPECT_EQ(fuserRun(key, bad, 3, nullptr, &out, 1, &n),
            FUSER_STATUS_INVALID_ARGUMENT);
  // Shapes that do not broadcast: the runtime's diagnostic.
  int64_t wrong[1] = {5};
  bad[0] = in.args[0];
  bad[1].tensor.sizes = wrong;
  EXPECT_EQ(fuserRun(key, bad, 3, nullptr, &out, 1, &n), FUSER_STATUS_ERROR);
  EXPECT_NE(std::string(fuserGetLastError()).find("broadcast"),
            std::string::npos)
      << fuserGetLastError();
  // A scalar where a tensor is expected.
  bad[1] = scalarArg(1.0);
  EXPECT_EQ(fuserRun(key, bad, 3, nullptr, &out, 1, &n), FUSER_STATUS_ERROR);
  EXPECT_NE(std::string(fuserGetLastError()).find("must be a tensor"),
            std::string::npos);
}

TEST(CAPI, DLPackExport) {
  int64_t key = registerOrDie(kScaleAdd);
  ScaleAddInputs in;
  FuserTensor out = nullptr;
  size_t n = 0;
  ASSERT_EQ(fuserRun(key, in.args, 3, nullptr, &out, 1, &n), FUSER_STATUS_OK);
  FuserDLManagedTensor *legacy = fuserTensorToDLPack(out);
  FuserDLManagedTensorVersioned *versioned = fuserTensorToDLPackVersioned(out);
  ASSERT_NE(legacy, nullptr);
  ASSERT_NE(versioned, nullptr);
  // The DLPack tensors own shares of the storage: the handle can go first.
  fuserTensorRelease(out);
  EXPECT_EQ(versioned->version.major, 1u);
  EXPECT_EQ(versioned->flags, 0u);
  for (const FuserDLTensor *dl : {&legacy->dl_tensor, &versioned->dl_tensor}) {
    EXPECT_EQ(dl->device.device_type, FUSER_DL_CPU);
    EXPECT_EQ(dl->device.device_id, 0);
    EXPECT_EQ(dl->dtype.code, FUSER_DL_FLOAT);
    EXPECT_EQ(dl->dtype.bits, 32);
    EXPECT_EQ(dl->dtype.lanes, 1);
    EXPECT_EQ(dl->byte_offset, 0u);
    // Round trip into a tensor reference.
    FuserTensorRef ref;
    ASSERT_EQ(fuserTensorRefFromDLTensor(dl, &ref), FUSER_STATUS_OK);
    expectScaleAdd(in, ref);
  }
  EXPECT_EQ(legacy->dl_tensor.data, versioned->dl_tensor.data);
  legacy->deleter(legacy);
  versioned->deleter(versioned);

  // Moving a handle into a DLPack tensor consumes it (and NULL fails).
  ASSERT_EQ(fuserRun(key, in.args, 3, nullptr, &out, 1, &n), FUSER_STATUS_OK);
  FuserDLManagedTensor *moved = fuserTensorIntoDLPack(out);
  ASSERT_NE(moved, nullptr);
  EXPECT_EQ(moved->dl_tensor.ndim, 2);
  FuserTensorRef movedRef;
  ASSERT_EQ(fuserTensorRefFromDLTensor(&moved->dl_tensor, &movedRef),
            FUSER_STATUS_OK);
  expectScaleAdd(in, movedRef);
  moved->deleter(moved);
  EXPECT_EQ(fuserTensorIntoDLPack(nullptr), nullptr);
  EXPECT_EQ(fuserGetLastStatus(), FUSER_STATUS_INVALID_ARGUMENT);

  // Unsupported DLPack tensors.
  FuserDLTensor dl;
  std::memset(&dl, 0, sizeof(dl));
  dl.device.device_type = FUSER_DL_CPU;
  dl.dtype.code = FUSER_DL_COMPLEX;
  dl.dtype.bits = 64;
  dl.dtype.lanes = 1;
  FuserTensorRef ref;
  EXPECT_EQ(fuserTensorRefFromDLTensor(&dl, &ref),
            FUSER_STATUS_INVALID_ARGUMENT);
  dl.dtype.code = FUSER_DL_FLOAT;
  dl.dtype.bits = 32;
  dl.device.device_type = 4; // OpenCL
  EXPECT_EQ(fuserTensorRefFromDLTensor(&dl, &ref), FUSER_STATUS_UNAVAILABLE);
}

TEST(CAPI, ChunkAndConcat) {
  int64_t key = registerOrDie(kChunkConcat);
  // x: [2, 6] -> a = x[:, :3], b = x[:, 3:]; s = a + b; c = cat(a, s) [4, 3].
  std::vector<float> x(12);
  for (size_t i = 0; i < x.size(); ++i)
    x[i] = static_cast<float>(i);
  int64_t sizes[2] = {2, 6};
  FuserArgument arg = tensorArg(x.data(), sizes, nullptr, 2);
  FuserTensor outs[2];
  size_t n = 0;
  ASSERT_EQ(fuserRun(key, &arg, 1, nullptr, outs, 2, &n), FUSER_STATUS_OK)
      << fuserGetLastError();
  ASSERT_EQ(n, 2u);
  FuserTensorRef s, c;
  ASSERT_EQ(fuserTensorGetRef(outs[0], &s), FUSER_STATUS_OK);
  ASSERT_EQ(fuserTensorGetRef(outs[1], &c), FUSER_STATUS_OK);
  ASSERT_EQ(c.sizes[0], 4);
  ASSERT_EQ(c.sizes[1], 3);
  const float *sd = static_cast<const float *>(s.data);
  const float *cd = static_cast<const float *>(c.data);
  for (int64_t i = 0; i < 2; ++i)
    for (int64_t j = 0; j < 3; ++j) {
      float a = x[i * 6 + j], b = x[i * 6 + 3 + j];
      EXPECT_EQ(sd[i * s.strides[0] + j * s.strides[1]], a + b);
      EXPECT_EQ(cd[i * c.strides[0] + j * c.strides[1]], a);
      EXPECT_EQ(cd[(i + 2) * c.strides[0] + j * c.strides[1]], a + b);
    }
  fuserTensorRelease(outs[0]);
  fuserTensorRelease(outs[1]);
}

TEST(CAPI, KernelPathAndSwitches) {
  int64_t key = registerOrDie(kScaleAdd);
  ScaleAddInputs in;
  FuserTensor out = nullptr;
  size_t n = 0;
  int32_t reason = -1;
  char *code = nullptr;
  size_t codeLength = 0;
  ASSERT_EQ(fuserRunKernel(key, in.args, 3, nullptr, &out, 1, &n, &reason,
                           &code, &codeLength),
            FUSER_STATUS_OK)
      << fuserGetLastError();
  EXPECT_EQ(reason, FUSER_FALLBACK_NONE);
  ASSERT_EQ(n, 1u);
  ASSERT_NE(code, nullptr);
  EXPECT_NE(std::string(code, codeLength).find("define"), std::string::npos);
  fuserFreeString(code);
  fuserTensorRelease(out);
  FuserGroupInfo info;
  ASSERT_EQ(fuserGetGroupInfo(key, &info), FUSER_STATUS_OK);
  EXPECT_GE(info.numCachedKernels, 1);
  EXPECT_GE(fuserNumCompiledKernels(), 1);

  EXPECT_EQ(fuserCanFuseOnCPU(), 1);
  fuserOverrideCanFuseOnCPU(0);
  fuserOverrideCanFuseOnGPU(0);
  EXPECT_EQ(fuserCanFuseOnCPU(), 0);
  ASSERT_EQ(fuserRunKernel(key, in.args, 3, nullptr, &out, 1, &n, &reason,
                           nullptr, nullptr),
            FUSER_STATUS_OK);
  EXPECT_EQ(n, 0u);
  EXPECT_EQ(reason, FUSER_FALLBACK_FUSION_DISABLED);
  EXPECT_STREQ(fuserFallbackReasonName(reason), "fusion disabled");
  EXPECT_STREQ(fuserFallbackReasonName(1000), "unknown");
  // fuserRun still runs it, on the interpreter.
  ASSERT_EQ(fuserRun(key, in.args, 3, nullptr, &out, 1, &n), FUSER_STATUS_OK);
  FuserTensorRef ref;
  ASSERT_EQ(fuserTensorGetRef(out, &ref), FUSER_STATUS_OK);
  expectScaleAdd(in, ref);
  fuserTensorRelease(out);
  fuserOverrideCanFuseOnCPU(1);
  fuserOverrideCanFuseOnGPU(1);
  EXPECT_EQ(fuserCanFuseOnCPU(), 1);

  int previous = fuserMustUseLLVMOnCPU();
  fuserOverrideMustUseLLVMOnCPU(!previous);
  EXPECT_EQ(fuserMustUseLLVMOnCPU(), !previous);
  fuserOverrideMustUseLLVMOnCPU(previous);
  EXPECT_GE(fuserDebugLevel(), 0);
}

TEST(CAPI, BackendTable) {
  EXPECT_EQ(fuserHasBackend(FUSER_DEVICE_CPU), 1);
  EXPECT_EQ(fuserHasBackend(FUSER_DEVICE_XPU), 0);
  EXPECT_EQ(fuserHasBackend(17), 0);
  EXPECT_EQ(fuserHasBackend(FUSER_DEVICE_CUDA), fuserCudaAvailable());
  if (!fuserCudaAvailable()) {
    char *reason = nullptr;
    size_t length = 0;
    ASSERT_EQ(fuserGetCudaUnavailableReason(&reason, &length),
              FUSER_STATUS_OK);
    EXPECT_GT(length, 0u);
    fuserFreeString(reason);
    EXPECT_EQ(fuserRegisterBuiltinBackend(FUSER_DEVICE_CUDA),
              FUSER_STATUS_UNAVAILABLE);
    EXPECT_EQ(fuserCudaSynchronize(), FUSER_STATUS_UNAVAILABLE);
  }
  EXPECT_EQ(fuserRegisterBuiltinBackend(FUSER_DEVICE_XPU),
            FUSER_STATUS_UNAVAILABLE);
  EXPECT_EQ(fuserDeregisterBackend(99), FUSER_STATUS_INVALID_ARGUMENT);

  int64_t key = registerOrDie(kScaleAdd);
  ScaleAddInputs in;
  ASSERT_EQ(fuserDeregisterBackend(FUSER_DEVICE_CPU), FUSER_STATUS_OK);
  EXPECT_EQ(fuserHasBackend(FUSER_DEVICE_CPU), 0);
  FuserTensor out = nullptr;
  size_t n = 0;
  ASSERT_EQ(fuserRun(key, in.args, 3, nullptr, &out, 1, &n), FUSER_STATUS_OK);
  FuserTensorRef ref;
  ASSERT_EQ(fuserTensorGetRef(out, &ref), FUSER_STATUS_OK);
  expectScaleAdd(in, ref);
  fuserTensorRelease(out);
  ASSERT_EQ(fuserRegisterBuiltinBackend(FUSER_DEVICE_CPU), FUSER_STATUS_OK);
  EXPECT_EQ(fuserHasBackend(FUSER_DEVICE_CPU), 1);
}

TEST(CAPI, CompileKernel) {
  int64_t key = registerOrDie(kScaleAdd);
  FuserTensorDesc inputs[2] = {{FUSER_DTYPE_FLOAT16, 2, nullptr},
                               {FUSER_DTYPE_FLOAT32, 2, nullptr}};
  FuserDevice cpu = {FUSER_DEVICE_CPU, 0};
  FuserKernel kernel = nullptr;
  ASSERT_EQ(fuserCompileKernel(key, inputs, 2, nullptr, 0, cpu, &kernel),
            FUSER_STATUS_OK)
      << fuserGetLastError();
  EXPECT_NE(fuserKernelGetName(kernel), nullptr);
  size_t length = 0;
  const char *code = fuserKernelGetCode(kernel, &length);
  ASSERT_NE(code, nullptr);
  EXPECT_NE(std::string(code, length).find("define"), std::string::npos);
  EXPECT_EQ(fuserKernelGetDeviceType(kernel), FUSER_DEVICE_CPU);
  EXPECT_EQ(fuserKernelGetNumOutputs(kernel), 1);
  EXPECT_EQ(fuserKernelGetOutputDType(kernel, 0), FUSER_DTYPE_FLOAT32);
  EXPECT_EQ(fuserKernelGetOutputDType(kernel, 1), -1);
  fuserKernelRelease(kernel);
  EXPECT_EQ(fuserKernelGetDeviceType(nullptr), -1);

  // Non-contiguous layouts.
  uint8_t bits[2] = {0, 1};
  FuserTensorDesc strided[2] = {{FUSER_DTYPE_FLOAT32, 2, bits},
                                {FUSER_DTYPE_FLOAT32, 2, nullptr}};
  ASSERT_EQ(fuserCompileKernel(key, strided, 2, nullptr, 0, cpu, &kernel),
            FUSER_STATUS_OK)
      << fuserGetLastError();
  fuserKernelRelease(kernel);

  EXPECT_EQ(fuserCompileKernel(key, inputs, 1, nullptr, 0, cpu, &kernel),
            FUSER_STATUS_INVALID_ARGUMENT);
  FuserTensorDesc lowRank[2] = {{FUSER_DTYPE_FLOAT32, 1, nullptr},
                                {FUSER_DTYPE_FLOAT32, 1, nullptr}};
  EXPECT_EQ(fuserCompileKernel(key, lowRank, 2, nullptr, 0, cpu, &kernel),
            FUSER_STATUS_INVALID_ARGUMENT);
  FuserDevice xpu = {FUSER_DEVICE_XPU, 0};
  EXPECT_EQ(fuserCompileKernel(key, inputs, 2, nullptr, 0, xpu, &kernel),
            FUSER_STATUS_UNAVAILABLE);
}

TEST(CAPI, ManualSeedReproducesRandomNumbers) {
  int64_t key = registerOrDie(kRand);
  std::vector<float> x(1000, 0.0f);
  int64_t sizes[1] = {1000};
  FuserArgument arg = tensorArg(x.data(), sizes, nullptr, 1);
  FuserDevice cpu = {FUSER_DEVICE_CPU, 0};
  auto draw = [&] {
    FuserTensor out = nullptr;
    size_t n = 0;
    EXPECT_EQ(fuserRun(key, &arg, 1, nullptr, &out, 1, &n), FUSER_STATUS_OK);
    FuserTensorRef ref;
    EXPECT_EQ(fuserTensorGetRef(out, &ref), FUSER_STATUS_OK);
    const float *d = static_cast<const float *>(ref.data);
    std::vector<float> values(d, d + 1000);
    fuserTensorRelease(out);
    return values;
  };
  ASSERT_EQ(fuserManualSeed(cpu, 11), FUSER_STATUS_OK);
  std::vector<float> a = draw(), b = draw();
  ASSERT_EQ(fuserManualSeed(cpu, 11), FUSER_STATUS_OK);
  std::vector<float> c = draw();
  EXPECT_EQ(a, c);
  EXPECT_NE(a, b);
  for (float v : a) {
    EXPECT_GE(v, 0.0f);
    EXPECT_LT(v, 1.0f);
  }
  FuserDevice bad = {FUSER_DEVICE_CUDA, -3};
  EXPECT_EQ(fuserManualSeed(bad, 1), FUSER_STATUS_INVALID_ARGUMENT);
}

TEST(CAPI, ConcurrentRuns) {
  int64_t key = registerOrDie(kScaleAdd);
  std::vector<std::thread> threads;
  std::vector<int> failures(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      ScaleAddInputs in;
      for (int it = 0; it < 200; ++it) {
        FuserTensor out = nullptr;
        size_t n = 0;
        if (fuserRun(key, in.args, 3, nullptr, &out, 1, &n) !=
            FUSER_STATUS_OK) {
          ++failures[t];
          continue;
        }
        FuserTensorRef ref;
        fuserTensorGetRef(out, &ref);
        const float *d = static_cast<const float *>(ref.data);
        if (d[ref.strides[0] * 2 + ref.strides[1] * 3] != in.expected(2, 3))
          ++failures[t];
        fuserTensorRelease(out);
      }
    });
  for (std::thread &t : threads)
    t.join();
  for (int f : failures)
    EXPECT_EQ(f, 0);
}
