//===- Fuser.cpp - The stable C API of fuser ------------------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Implements include/fuser-c/Fuser.h over the C++ API: every entry point
// converts its C arguments, calls the C++ API inside a guard that turns
// exceptions into a status and the calling thread's last error, and converts
// the results back. Nothing here keeps state besides the last error.
//
//===----------------------------------------------------------------------===//

#include "fuser-c/Fuser.h"

#include "FuserDialect/API/Fuser.h"
#include "FuserDialect/Runtime/CPUBackend.h"
#include "FuserDialect/Runtime/CUDABackend.h"

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <limits>
#include <new>
#include <optional>
#include <sstream>
#include <string>
#include <vector>

using namespace fuser;

#ifndef FUSER_C_VERSION_STRING
#define FUSER_C_VERSION_STRING "unknown"
#endif

// The C enumerators mirror the runtime's enums value for value.
static_assert(FUSER_DTYPE_BOOL == static_cast<int>(DType::Bool));
static_assert(FUSER_DTYPE_UINT8 == static_cast<int>(DType::UInt8));
static_assert(FUSER_DTYPE_INT8 == static_cast<int>(DType::Int8));
static_assert(FUSER_DTYPE_INT16 == static_cast<int>(DType::Int16));
static_assert(FUSER_DTYPE_INT32 == static_cast<int>(DType::Int32));
static_assert(FUSER_DTYPE_INT64 == static_cast<int>(DType::Int64));
static_assert(FUSER_DTYPE_FLOAT16 == static_cast<int>(DType::Float16));
static_assert(FUSER_DTYPE_BFLOAT16 == static_cast<int>(DType::BFloat16));
static_assert(FUSER_DTYPE_FLOAT32 == static_cast<int>(DType::Float32));
static_assert(FUSER_DTYPE_FLOAT64 == static_cast<int>(DType::Float64));
static_assert(FUSER_NUM_DTYPES == kNumDTypes);
static_assert(FUSER_DEVICE_CPU == static_cast<int>(DeviceType::CPU));
static_assert(FUSER_DEVICE_CUDA == static_cast<int>(DeviceType::CUDA));
static_assert(FUSER_DEVICE_XPU == static_cast<int>(DeviceType::XPU));
static_assert(FUSER_FALLBACK_NONE ==
              static_cast<int>(FallbackReason::None));
static_assert(FUSER_FALLBACK_FUSION_DISABLED ==
              static_cast<int>(FallbackReason::FusionDisabled));
static_assert(FUSER_FALLBACK_UNDEFINED_INPUT ==
              static_cast<int>(FallbackReason::UndefinedInput));
static_assert(FUSER_FALLBACK_DEVICE_MISMATCH ==
              static_cast<int>(FallbackReason::DeviceMismatch));
static_assert(FUSER_FALLBACK_SPARSE_INPUT ==
              static_cast<int>(FallbackReason::SparseInput));
static_assert(FUSER_FALLBACK_DEVICE_DISABLED ==
              static_cast<int>(FallbackReason::DeviceDisabled));
static_assert(FUSER_FALLBACK_UNSUPPORTED_DEVICE ==
              static_cast<int>(FallbackReason::UnsupportedDevice));
static_assert(FUSER_FALLBACK_BROADCAST_FAILURE ==
              static_cast<int>(FallbackReason::BroadcastFailure));
static_assert(FUSER_FALLBACK_CHUNK_NOT_DIVISIBLE ==
              static_cast<int>(FallbackReason::ChunkNotDivisible));
static_assert(FUSER_FALLBACK_MAP_SIZE_MISMATCH ==
              static_cast<int>(FallbackReason::MapSizeMismatch));
static_assert(FUSER_FALLBACK_COMPILE_FAILED ==
              static_cast<int>(FallbackReason::CompileFailed));
static_assert(FUSER_FALLBACK_RANDOM_BROADCAST ==
              static_cast<int>(FallbackReason::RandomBroadcast));

struct FuserTensorImpl {
  Tensor tensor;
};

struct FuserKernelImpl {
  std::shared_ptr<FusedKernel> kernel;
};

namespace {

//===----------------------------------------------------------------------===//
// Errors
//===----------------------------------------------------------------------===//

struct LastError {
  FuserStatus status = FUSER_STATUS_OK;
  std::string message;
};

LastError &lastError() {
  static thread_local LastError error;
  return error;
}

FuserStatus fail(FuserStatus status, std::string message) {
  LastError &error = lastError();
  error.status = status;
  error.message = std::move(message);
  return status;
}

/// An error of this layer with its own status (fuser::Error from below gets
/// the status the guard is given).
struct CAPIError {
  FuserStatus status;
  std::string message;
};

[[noreturn]] void invalid(std::string message) {
  throw CAPIError{FUSER_STATUS_INVALID_ARGUMENT, std::move(message)};
}

/// Runs `fn`, turning exceptions into a status: fuser::Error becomes
/// `runtimeStatus`.
template <typename Fn>
FuserStatus guard(FuserStatus runtimeStatus, Fn &&fn) {
  try {
    fn();
    return FUSER_STATUS_OK;
  } catch (const CAPIError &e) {
    return fail(e.status, e.message);
  } catch (const Error &e) {
    return fail(runtimeStatus, e.what());
  } catch (const std::bad_alloc &) {
    return fail(FUSER_STATUS_OUT_OF_MEMORY, "out of memory");
  } catch (const std::exception &e) {
    return fail(FUSER_STATUS_INTERNAL_ERROR,
                std::string("internal error: ") + e.what());
  } catch (...) {
    return fail(FUSER_STATUS_INTERNAL_ERROR,
                "internal error: unknown exception");
  }
}

#define FUSER_REQUIRE(ptr)                                                     \
  do {                                                                         \
    if (!(ptr))                                                                \
      invalid(std::string(__func__) + ": " #ptr " is NULL");                   \
  } while (false)

//===----------------------------------------------------------------------===//
// Conversions
//===----------------------------------------------------------------------===//

/// Constructs the API's registry, which registers the built-in backends.
void ensureInitialized() {
  static const bool initialized = (debugNumCachedKernelSpecs(), true);
  (void)initialized;
}

DType toDType(int32_t dtype, const char *what) {
  if (dtype < 0 || dtype >= static_cast<int32_t>(kNumDTypes))
    invalid(std::string(what) + " has an invalid dtype (" +
            std::to_string(dtype) + ")");
  return static_cast<DType>(dtype);
}

Device toDevice(FuserDevice device, const char *what) {
  switch (device.type) {
  case FUSER_DEVICE_CPU:
    return Device::cpu();
  case FUSER_DEVICE_CUDA:
  case FUSER_DEVICE_XPU:
    if (device.index < 0 || device.index > std::numeric_limits<int16_t>::max())
      invalid(std::string(what) + " has an invalid device index (" +
              std::to_string(device.index) + ")");
    return Device{static_cast<DeviceType>(device.type),
                  static_cast<int16_t>(device.index)};
  default:
    invalid(std::string(what) + " has an invalid device type (" +
            std::to_string(device.type) + ")");
  }
}

FuserDevice fromDevice(Device device) {
  return FuserDevice{static_cast<int32_t>(device.type),
                     device.type == DeviceType::CPU ? 0 : device.index};
}

/// Fills `view` from `ref`, keeping the capacity of its sizes and strides;
/// `index` names the input in errors (whose text is built only to be thrown).
void fillView(const FuserTensorRef &ref, size_t index, TensorView &view) {
  auto what = [&] { return "input #" + std::to_string(index); };
  if (ref.ndim < 0)
    invalid(what() + " has a negative rank (" + std::to_string(ref.ndim) + ")");
  if (ref.ndim > 0 && !ref.sizes)
    invalid(what() + " has no sizes array");
  view.data = ref.data;
  if (ref.dtype >= 0 && ref.dtype < static_cast<int32_t>(kNumDTypes))
    view.dtype = static_cast<DType>(ref.dtype);
  else
    view.dtype = toDType(ref.dtype, what().c_str());
  const FuserDevice &device = ref.device;
  if (device.type == FUSER_DEVICE_CPU)
    view.device = Device::cpu();
  else if (device.type == FUSER_DEVICE_CUDA && device.index >= 0 &&
           device.index <= std::numeric_limits<int16_t>::max())
    view.device = Device::cuda(static_cast<int16_t>(device.index));
  else
    view.device = toDevice(device, what().c_str()); // other types, or throws
  size_t ndim = static_cast<size_t>(ref.ndim);
  view.sizes.assign(ref.sizes, ref.sizes + ndim);
  if (ref.strides)
    view.strides.assign(ref.strides, ref.strides + ndim);
  else
    view.strides = TensorView::contiguousStrides(view.sizes);
  view.sparse = false;
  view.defined = true;
}

/// The arguments of a call as the runtime takes them. They are converted
/// into a buffer of this thread that its later calls reuse, so that a call
/// allocates no views: the conversion of every call would otherwise allocate
/// and free each tensor's sizes and strides. A call made while the buffer is
/// in use (from within a run) converts into a buffer of its own.
class Arguments {
public:
  Arguments(const FuserArgument *args, size_t numArgs) {
    thread_local Scratch scratch;
    if (!scratch.busy) {
      scratch.busy = true;
      shared = &scratch;
      inputs = &scratch.inputs;
    } else {
      inputs = &own;
    }
    fill(args, numArgs);
  }
  ~Arguments() {
    if (shared)
      shared->busy = false;
  }
  Arguments(const Arguments &) = delete;
  Arguments &operator=(const Arguments &) = delete;

  const std::vector<Argument> &get() const { return *inputs; }

private:
  struct Scratch {
    std::vector<Argument> inputs;
    bool busy = false;
  };

  void fill(const FuserArgument *args, size_t numArgs) {
    if (numArgs && !args)
      invalid("args is NULL but numArgs is " + std::to_string(numArgs));
    inputs->resize(numArgs);
    for (size_t i = 0; i < numArgs; ++i) {
      const FuserArgument &arg = args[i];
      Argument &slot = (*inputs)[i];
      if (arg.kind == FUSER_ARGUMENT_SCALAR) {
        slot = arg.scalar;
      } else if (arg.kind == FUSER_ARGUMENT_TENSOR) {
        TensorView *view = std::get_if<TensorView>(&slot);
        fillView(arg.tensor, i, view ? *view : slot.emplace<TensorView>());
      } else {
        invalid("input #" + std::to_string(i) + " has an invalid kind (" +
                std::to_string(arg.kind) + ")");
      }
    }
  }

  Scratch *shared = nullptr;
  std::vector<Argument> own;
  std::vector<Argument> *inputs;
};

/// The spec of `key`, or a NOT_FOUND error.
const KernelSpec &specOf(int64_t key) {
  int64_t count = static_cast<int64_t>(debugNumCachedKernelSpecs());
  if (key < 0 || key >= count)
    throw CAPIError{FUSER_STATUS_NOT_FOUND,
                    "no fusion group is registered under key " +
                        std::to_string(key)};
  return getKernelSpec(key);
}

/// Checks the output array before running.
void checkOutputs(const KernelSpec &spec, FuserTensor *outputs,
                  size_t capacity, size_t *numOutputs) {
  FUSER_REQUIRE(numOutputs);
  *numOutputs = spec.nOutputs;
  if (spec.nOutputs && !outputs)
    invalid("outputs is NULL");
  if (capacity < spec.nOutputs)
    invalid("the group has " + std::to_string(spec.nOutputs) +
            " outputs, but the output array holds " +
            std::to_string(capacity));
}

void storeOutputs(std::vector<Tensor> &&results, FuserTensor *outputs,
                  size_t *numOutputs) {
  std::vector<FuserTensor> handles;
  handles.reserve(results.size());
  try {
    for (Tensor &t : results)
      handles.push_back(new FuserTensorImpl{std::move(t)});
  } catch (...) {
    for (FuserTensor h : handles)
      delete h;
    throw;
  }
  for (size_t i = 0; i < handles.size(); ++i)
    outputs[i] = handles[i];
  *numOutputs = handles.size();
}

char *copyString(const std::string &s, size_t *length) {
  char *out = static_cast<char *>(std::malloc(s.size() + 1));
  if (!out)
    throw std::bad_alloc();
  std::memcpy(out, s.data(), s.size());
  out[s.size()] = '\0';
  if (length)
    *length = s.size();
  return out;
}

FuserDLDataType toDLDataType(DType dtype) {
  FuserDLDataType t;
  t.lanes = 1;
  t.bits = static_cast<uint8_t>(elementSize(dtype) * 8);
  switch (dtype) {
  case DType::Bool:
    t.code = FUSER_DL_BOOL;
    break;
  case DType::UInt8:
    t.code = FUSER_DL_UINT;
    break;
  case DType::Int8:
  case DType::Int16:
  case DType::Int32:
  case DType::Int64:
    t.code = FUSER_DL_INT;
    break;
  case DType::BFloat16:
    t.code = FUSER_DL_BFLOAT;
    break;
  case DType::Float16:
  case DType::Float32:
  case DType::Float64:
    t.code = FUSER_DL_FLOAT;
    break;
  }
  return t;
}

std::optional<DType> fromDLDataType(FuserDLDataType t) {
  if (t.lanes != 1)
    return std::nullopt;
  switch (t.code) {
  case FUSER_DL_BOOL:
    if (t.bits == 8)
      return DType::Bool;
    break;
  case FUSER_DL_UINT:
    if (t.bits == 8)
      return DType::UInt8;
    break;
  case FUSER_DL_INT:
    switch (t.bits) {
    case 8:
      return DType::Int8;
    case 16:
      return DType::Int16;
    case 32:
      return DType::Int32;
    case 64:
      return DType::Int64;
    }
    break;
  case FUSER_DL_FLOAT:
    switch (t.bits) {
    case 16:
      return DType::Float16;
    case 32:
      return DType::Float32;
    case 64:
      return DType::Float64;
    }
    break;
  case FUSER_DL_BFLOAT:
    if (t.bits == 16)
      return DType::BFloat16;
    break;
  }
  return std::nullopt;
}

/// What a DLPack tensor exported from a FuserTensor owns.
template <typename Managed>
struct DLPackContext {
  std::shared_ptr<void> storage;
  std::vector<int64_t> shape;
  std::vector<int64_t> strides;
  Managed managed;
};

template <typename Managed>
void deleteDLPack(Managed *managed) {
  if (managed)
    delete static_cast<DLPackContext<Managed> *>(managed->manager_ctx);
}

/// A DLPack tensor of `t`, which is copied, or moved from when an rvalue.
template <typename Managed, typename T>
DLPackContext<Managed> *newDLPack(T &&t) {
  auto *ctx = new DLPackContext<Managed>();
  ctx->storage = std::forward<T>(t).storage;
  ctx->shape = std::forward<T>(t).view.sizes;
  ctx->strides = std::forward<T>(t).view.strides;
  std::memset(&ctx->managed, 0, sizeof(Managed));
  FuserDLTensor &dl = ctx->managed.dl_tensor;
  dl.data = t.view.data;
  dl.device.device_type =
      t.view.device.type == DeviceType::CUDA ? FUSER_DL_CUDA : FUSER_DL_CPU;
  dl.device.device_id =
      t.view.device.type == DeviceType::CPU ? 0 : t.view.device.index;
  dl.ndim = static_cast<int32_t>(ctx->shape.size());
  dl.dtype = toDLDataType(t.view.dtype);
  dl.shape = ctx->shape.empty() ? nullptr : ctx->shape.data();
  dl.strides = ctx->strides.empty() ? nullptr : ctx->strides.data();
  dl.byte_offset = 0;
  ctx->managed.manager_ctx = ctx;
  ctx->managed.deleter = &deleteDLPack<Managed>;
  return ctx;
}

} // namespace

//===----------------------------------------------------------------------===//
// Versions and errors
//===----------------------------------------------------------------------===//

uint32_t fuserGetAPIVersion(void) { return FUSER_C_API_VERSION; }

const char *fuserGetVersionString(void) { return FUSER_C_VERSION_STRING; }

const char *fuserGetLastError(void) { return lastError().message.c_str(); }

FuserStatus fuserGetLastStatus(void) { return lastError().status; }

void fuserClearLastError(void) {
  LastError &error = lastError();
  error.status = FUSER_STATUS_OK;
  error.message.clear();
}

const char *fuserStatusName(FuserStatus status) {
  switch (status) {
  case FUSER_STATUS_OK:
    return "ok";
  case FUSER_STATUS_INVALID_ARGUMENT:
    return "invalid argument";
  case FUSER_STATUS_NOT_FOUND:
    return "not found";
  case FUSER_STATUS_PARSE_ERROR:
    return "parse error";
  case FUSER_STATUS_ERROR:
    return "error";
  case FUSER_STATUS_UNAVAILABLE:
    return "unavailable";
  case FUSER_STATUS_OUT_OF_MEMORY:
    return "out of memory";
  case FUSER_STATUS_IO_ERROR:
    return "I/O error";
  case FUSER_STATUS_INTERNAL_ERROR:
    return "internal error";
  }
  return "unknown status";
}

void fuserFreeString(char *string) { std::free(string); }

//===----------------------------------------------------------------------===//
// Element types and tensors
//===----------------------------------------------------------------------===//

const char *fuserDTypeName(int32_t dtype) {
  if (dtype < 0 || dtype >= static_cast<int32_t>(kNumDTypes))
    return nullptr;
  // torchName views a string literal, so it is NUL-terminated.
  return torchName(static_cast<DType>(dtype)).data();
}

FuserStatus fuserDTypeFromName(const char *name, int32_t *dtype) {
  return guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(name);
    FUSER_REQUIRE(dtype);
    std::optional<DType> parsed = parseDType(name);
    if (!parsed)
      invalid(std::string("unknown dtype '") + name + "'");
    *dtype = static_cast<int32_t>(*parsed);
  });
}

size_t fuserDTypeSize(int32_t dtype) {
  if (dtype < 0 || dtype >= static_cast<int32_t>(kNumDTypes))
    return 0;
  return elementSize(static_cast<DType>(dtype));
}

FuserStatus fuserTensorRefFromDLTensor(const FuserDLTensor *tensor,
                                       FuserTensorRef *ref) {
  return guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(tensor);
    FUSER_REQUIRE(ref);
    std::optional<DType> dtype = fromDLDataType(tensor->dtype);
    if (!dtype)
      invalid("unsupported DLPack dtype (code " +
              std::to_string(tensor->dtype.code) + ", " +
              std::to_string(tensor->dtype.bits) + " bits, " +
              std::to_string(tensor->dtype.lanes) + " lanes)");
    FuserDevice device;
    switch (tensor->device.device_type) {
    case FUSER_DL_CPU:
    case FUSER_DL_CUDA_HOST:
      device = FuserDevice{FUSER_DEVICE_CPU, 0};
      break;
    case FUSER_DL_CUDA:
    case FUSER_DL_CUDA_MANAGED:
      device = FuserDevice{FUSER_DEVICE_CUDA, tensor->device.device_id};
      break;
    case FUSER_DL_ONEAPI:
      device = FuserDevice{FUSER_DEVICE_XPU, tensor->device.device_id};
      break;
    default:
      throw CAPIError{FUSER_STATUS_UNAVAILABLE,
                      "unsupported DLPack device type " +
                          std::to_string(tensor->device.device_type)};
    }
    if (tensor->ndim < 0)
      invalid("the DLPack tensor has a negative rank");
    ref->data = static_cast<char *>(tensor->data) + tensor->byte_offset;
    ref->sizes = tensor->shape;
    ref->strides = tensor->strides;
    ref->ndim = tensor->ndim;
    ref->dtype = static_cast<int32_t>(*dtype);
    ref->device = device;
  });
}

FuserStatus fuserTensorGetRef(FuserTensor tensor, FuserTensorRef *ref) {
  return guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(tensor);
    FUSER_REQUIRE(ref);
    const TensorView &v = tensor->tensor.view;
    ref->data = v.data;
    ref->sizes = v.sizes.empty() ? nullptr : v.sizes.data();
    ref->strides = v.strides.empty() ? nullptr : v.strides.data();
    ref->ndim = static_cast<int32_t>(v.sizes.size());
    ref->dtype = static_cast<int32_t>(v.dtype);
    ref->device = fromDevice(v.device);
  });
}

FuserDLManagedTensor *fuserTensorToDLPack(FuserTensor tensor) {
  FuserDLManagedTensor *result = nullptr;
  guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(tensor);
    result = &newDLPack<FuserDLManagedTensor>(tensor->tensor)->managed;
  });
  return result;
}

FuserDLManagedTensorVersioned *fuserTensorToDLPackVersioned(FuserTensor tensor) {
  FuserDLManagedTensorVersioned *result = nullptr;
  guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(tensor);
    auto *ctx = newDLPack<FuserDLManagedTensorVersioned>(tensor->tensor);
    ctx->managed.version.major = FUSER_DLPACK_MAJOR_VERSION;
    ctx->managed.version.minor = FUSER_DLPACK_MINOR_VERSION;
    ctx->managed.flags = 0;
    result = &ctx->managed;
  });
  return result;
}

FuserDLManagedTensor *fuserTensorIntoDLPack(FuserTensor tensor) {
  std::unique_ptr<FuserTensorImpl> owned(tensor);
  FuserDLManagedTensor *result = nullptr;
  guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(tensor);
    result =
        &newDLPack<FuserDLManagedTensor>(std::move(owned->tensor))->managed;
  });
  return result;
}

void fuserTensorRelease(FuserTensor tensor) { delete tensor; }

//===----------------------------------------------------------------------===//
// Groups
//===----------------------------------------------------------------------===//

FuserStatus fuserRegisterGroup(const char *source, size_t length,
                               const char *name, int64_t *key) {
  return guard(FUSER_STATUS_PARSE_ERROR, [&] {
    FUSER_REQUIRE(key);
    if (length && !source)
      invalid("fuserRegisterGroup: source is NULL");
    *key = registerFusion(std::string_view(source ? source : "", length),
                          name ? std::string_view(name) : std::string_view());
  });
}

FuserStatus fuserRegisterGroupFile(const char *path, const char *name,
                                   int64_t *key) {
  return guard(FUSER_STATUS_PARSE_ERROR, [&] {
    FUSER_REQUIRE(path);
    FUSER_REQUIRE(key);
    std::ifstream in(path, std::ios::binary);
    if (!in) {
      int err = errno;
      throw CAPIError{FUSER_STATUS_IO_ERROR,
                      std::string("cannot read '") + path +
                          "': " + std::strerror(err)};
    }
    std::ostringstream text;
    text << in.rdbuf();
    if (in.bad())
      throw CAPIError{FUSER_STATUS_IO_ERROR,
                      std::string("cannot read '") + path + "'"};
    std::string source = text.str();
    *key = registerFusion(source,
                          name ? std::string_view(name) : std::string_view());
  });
}

FuserStatus fuserGetGroupInfo(int64_t key, FuserGroupInfo *info) {
  return guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(info);
    const KernelSpec &spec = specOf(key);
    info->numInputs = static_cast<int64_t>(spec.nInputs);
    info->numTensorInputs = static_cast<int64_t>(spec.nTensorInputs);
    info->numOutputs = static_cast<int64_t>(spec.nOutputs);
    info->numRandom = static_cast<int64_t>(spec.numRandom);
    info->numCachedKernels = static_cast<int64_t>(spec.numCachedKernels());
  });
}

FuserStatus fuserGetGroupInput(int64_t key, int64_t index, int64_t *rank,
                               FuserPartition *chunk) {
  return guard(FUSER_STATUS_ERROR, [&] {
    const KernelSpec &spec = specOf(key);
    if (index < 0 || index >= static_cast<int64_t>(spec.nTensorInputs))
      invalid("the group has " + std::to_string(spec.nTensorInputs) +
              " tensor inputs, no #" + std::to_string(index));
    size_t i = static_cast<size_t>(index);
    if (rank)
      *rank = static_cast<int64_t>(spec.inputRanks[i]);
    if (chunk) {
      chunk->parts = static_cast<int64_t>(spec.inputChunks[i].nSubTensors);
      chunk->dim = static_cast<int64_t>(spec.inputChunks[i].dim);
    }
  });
}

FuserStatus fuserGetGroupOutput(int64_t key, int64_t index,
                                FuserPartition *concat) {
  return guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(concat);
    const KernelSpec &spec = specOf(key);
    if (index < 0 || index >= static_cast<int64_t>(spec.nOutputs))
      invalid("the group has " + std::to_string(spec.nOutputs) +
              " outputs, no #" + std::to_string(index));
    size_t j = static_cast<size_t>(index);
    concat->parts = static_cast<int64_t>(spec.outputConcats[j].nSubTensors);
    concat->dim = static_cast<int64_t>(spec.outputConcats[j].dim);
  });
}

FuserStatus fuserGetGroupSource(int64_t key, char **source, size_t *length) {
  return guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(source);
    specOf(key);
    *source = copyString(getGroupSource(key), length);
  });
}

FuserStatus fuserGetSpecializedGroupSource(int64_t key, const int32_t *dtypes,
                                           size_t numDTypes, char **source,
                                           size_t *length) {
  return guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(source);
    if (numDTypes && !dtypes)
      invalid("dtypes is NULL");
    specOf(key);
    std::vector<DType> list;
    for (size_t i = 0; i < numDTypes; ++i)
      list.push_back(toDType(dtypes[i], ("dtype #" + std::to_string(i)).c_str()));
    *source = copyString(getSpecializedGroupSource(key, list), length);
  });
}

//===----------------------------------------------------------------------===//
// Running
//===----------------------------------------------------------------------===//

FuserStatus fuserRun(int64_t key, const FuserArgument *args, size_t numArgs,
                     void *stream, FuserTensor *outputs, size_t capacity,
                     size_t *numOutputs) {
  return guard(FUSER_STATUS_ERROR, [&] {
    const KernelSpec &spec = specOf(key);
    checkOutputs(spec, outputs, capacity, numOutputs);
    Arguments arguments(args, numArgs);
    const std::vector<Argument> &inputs = arguments.get();
    storeOutputs(runFusion(key, inputs, stream), outputs, numOutputs);
  });
}

const char *fuserFallbackReasonName(int32_t reason) {
  if (reason < FUSER_FALLBACK_NONE || reason > FUSER_FALLBACK_RANDOM_BROADCAST)
    return "unknown";
  // fallbackReasonName views string literals.
  return fallbackReasonName(static_cast<FallbackReason>(reason)).data();
}

FuserStatus fuserRunKernel(int64_t key, const FuserArgument *args,
                           size_t numArgs, void *stream, FuserTensor *outputs,
                           size_t capacity, size_t *numOutputs,
                           int32_t *reason, char **code, size_t *codeLength) {
  return guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(reason);
    const KernelSpec &spec = specOf(key);
    checkOutputs(spec, outputs, capacity, numOutputs);
    Arguments arguments(args, numArgs);
    const std::vector<Argument> &inputs = arguments.get();
    std::string text;
    ExecutionResult result =
        runFusionKernel(key, inputs, code ? &text : nullptr, stream);
    char *codeCopy = nullptr;
    size_t codeSize = 0;
    if (code && !text.empty())
      codeCopy = copyString(text, &codeSize);
    if (result.ran()) {
      try {
        storeOutputs(std::move(result.outputs), outputs, numOutputs);
      } catch (...) {
        std::free(codeCopy);
        throw;
      }
    } else {
      *numOutputs = 0;
    }
    *reason = static_cast<int32_t>(result.reason);
    if (code)
      *code = codeCopy;
    if (codeLength)
      *codeLength = codeSize;
  });
}

FuserStatus fuserRunFallback(int64_t key, const FuserArgument *args,
                             size_t numArgs, FuserTensor *outputs,
                             size_t capacity, size_t *numOutputs) {
  return guard(FUSER_STATUS_ERROR, [&] {
    const KernelSpec &spec = specOf(key);
    checkOutputs(spec, outputs, capacity, numOutputs);
    Arguments arguments(args, numArgs);
    const std::vector<Argument> &inputs = arguments.get();
    storeOutputs(runFusionFallback(key, inputs), outputs, numOutputs);
  });
}

//===----------------------------------------------------------------------===//
// Compiling
//===----------------------------------------------------------------------===//

FuserStatus fuserCompileKernel(int64_t key, const FuserTensorDesc *inputs,
                               size_t numInputs,
                               const FuserTensorDesc *outputs,
                               size_t numOutputs, FuserDevice device,
                               FuserKernel *kernel) {
  return guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(kernel);
    const KernelSpec &spec = specOf(key);
    if (numInputs != spec.nTensorInputs)
      invalid("the group has " + std::to_string(spec.nTensorInputs) +
              " tensor inputs, got " + std::to_string(numInputs) +
              " descriptors");
    if (numInputs && !inputs)
      invalid("inputs is NULL");
    auto bitsOf = [](const FuserTensorDesc &d, const std::string &what) {
      if (d.ndim < 0)
        invalid(what + " has a negative rank");
      std::vector<bool> bits(static_cast<size_t>(d.ndim), true);
      if (d.contiguity)
        for (int32_t k = 0; k < d.ndim; ++k)
          bits[static_cast<size_t>(k)] = d.contiguity[k] != 0;
      return bits;
    };
    std::vector<TensorDesc> descs;
    size_t rank = 0;
    for (size_t i = 0; i < numInputs; ++i) {
      std::string what = "input descriptor #" + std::to_string(i);
      descs.emplace_back(toDType(inputs[i].dtype, what.c_str()),
                         bitsOf(inputs[i], what));
      if (descs.back().contiguity.size() < spec.inputRanks[i])
        invalid(what + " has rank " +
                std::to_string(descs.back().contiguity.size()) +
                ", but the group declares rank " +
                std::to_string(spec.inputRanks[i]));
      rank = std::max(rank, descs.back().contiguity.size());
    }
    std::vector<std::vector<bool>> outBits;
    if (outputs) {
      if (numOutputs != spec.nOutputs)
        invalid("the group has " + std::to_string(spec.nOutputs) +
                " outputs, got " + std::to_string(numOutputs) +
                " output descriptors");
      for (size_t j = 0; j < numOutputs; ++j)
        outBits.push_back(
            bitsOf(outputs[j], "output descriptor #" + std::to_string(j)));
    } else {
      outBits.assign(spec.nOutputs, std::vector<bool>(rank, true));
    }
    Device dev = toDevice(device, "the device");
    ensureInitialized();
    if (!hasFusionBackend(dev.type))
      throw CAPIError{FUSER_STATUS_UNAVAILABLE,
                      "no fusion backend is registered for " + dev.str()};
    ArgSpec argSpec(std::move(descs), dev, std::move(outBits));
    std::shared_ptr<FusedKernel> compiled =
        compileKernel(spec, argSpec, {}, dev);
    if (!compiled)
      throw Error("the backend of " + dev.str() + " made no kernel");
    *kernel = new FuserKernelImpl{std::move(compiled)};
  });
}

const char *fuserKernelGetName(FuserKernel kernel) {
  return kernel ? kernel->kernel->name().c_str() : nullptr;
}

const char *fuserKernelGetCode(FuserKernel kernel, size_t *length) {
  if (!kernel) {
    if (length)
      *length = 0;
    return nullptr;
  }
  const std::string &code = kernel->kernel->code();
  if (length)
    *length = code.size();
  return code.c_str();
}

int32_t fuserKernelGetDeviceType(FuserKernel kernel) {
  return kernel ? static_cast<int32_t>(kernel->kernel->backend()) : -1;
}

int64_t fuserKernelGetNumOutputs(FuserKernel kernel) {
  return kernel ? static_cast<int64_t>(kernel->kernel->outputDesc().size())
                : 0;
}

int32_t fuserKernelGetOutputDType(FuserKernel kernel, int64_t index) {
  if (!kernel || index < 0 ||
      index >= static_cast<int64_t>(kernel->kernel->outputDesc().size()))
    return -1;
  return static_cast<int32_t>(
      kernel->kernel->outputDesc()[static_cast<size_t>(index)].dtype);
}

void fuserKernelRelease(FuserKernel kernel) { delete kernel; }

//===----------------------------------------------------------------------===//
// Backends, caches and switches
//===----------------------------------------------------------------------===//

static bool validDeviceType(int32_t type) {
  return type == FUSER_DEVICE_CPU || type == FUSER_DEVICE_CUDA ||
         type == FUSER_DEVICE_XPU;
}

int fuserHasBackend(int32_t deviceType) {
  if (!validDeviceType(deviceType))
    return 0;
  int result = 0;
  guard(FUSER_STATUS_ERROR, [&] {
    ensureInitialized();
    result = hasFusionBackend(static_cast<DeviceType>(deviceType)) ? 1 : 0;
  });
  return result;
}

FuserStatus fuserDeregisterBackend(int32_t deviceType) {
  return guard(FUSER_STATUS_ERROR, [&] {
    if (!validDeviceType(deviceType))
      invalid("invalid device type " + std::to_string(deviceType));
    ensureInitialized();
    deregisterFusionBackend(static_cast<DeviceType>(deviceType));
  });
}

FuserStatus fuserRegisterBuiltinBackend(int32_t deviceType) {
  return guard(FUSER_STATUS_ERROR, [&] {
    ensureInitialized();
    switch (deviceType) {
    case FUSER_DEVICE_CPU:
      registerCPUFusionBackend();
      return;
    case FUSER_DEVICE_CUDA:
      if (!registerCUDAFusionBackend())
        throw CAPIError{FUSER_STATUS_UNAVAILABLE,
                        "CUDA is not available: " + cudaUnavailableReason()};
      return;
    case FUSER_DEVICE_XPU:
      throw CAPIError{FUSER_STATUS_UNAVAILABLE,
                      "fuser has no built-in backend for xpu"};
    default:
      invalid("invalid device type " + std::to_string(deviceType));
    }
  });
}

int fuserCudaAvailable(void) {
  int result = 0;
  guard(FUSER_STATUS_ERROR, [&] { result = cudaAvailable() ? 1 : 0; });
  return result;
}

FuserStatus fuserGetCudaUnavailableReason(char **reason, size_t *length) {
  return guard(FUSER_STATUS_ERROR, [&] {
    FUSER_REQUIRE(reason);
    *reason = copyString(cudaUnavailableReason(), length);
  });
}

FuserStatus fuserCudaSynchronize(void) {
  return guard(FUSER_STATUS_ERROR, [&] {
    if (!cudaAvailable())
      throw CAPIError{FUSER_STATUS_UNAVAILABLE,
                      "CUDA is not available: " + cudaUnavailableReason()};
    cudaSynchronize();
  });
}

int fuserCanFuseOnCPU(void) {
  int result = 0;
  guard(FUSER_STATUS_ERROR, [&] {
    ensureInitialized();
    result = canFuseOnCPU() ? 1 : 0;
  });
  return result;
}

int fuserCanFuseOnGPU(void) {
  int result = 0;
  guard(FUSER_STATUS_ERROR, [&] {
    ensureInitialized();
    result = canFuseOnGPU() ? 1 : 0;
  });
  return result;
}

void fuserOverrideCanFuseOnCPU(int value) { overrideCanFuseOnCPU(value != 0); }

void fuserOverrideCanFuseOnGPU(int value) { overrideCanFuseOnGPU(value != 0); }

int fuserMustUseLLVMOnCPU(void) { return mustUseLLVMOnCPU() ? 1 : 0; }

void fuserOverrideMustUseLLVMOnCPU(int value) {
  overrideMustUseLLVMOnCPU(value != 0);
}

int64_t fuserNumCompiledKernels(void) {
  return static_cast<int64_t>(nCompiledKernels());
}

int64_t fuserNumRegisteredGroups(void) {
  int64_t result = 0;
  guard(FUSER_STATUS_ERROR, [&] {
    result = static_cast<int64_t>(debugNumCachedKernelSpecs());
  });
  return result;
}

int fuserDebugLevel(void) { return debugFuser(); }

FuserStatus fuserManualSeed(FuserDevice device, uint64_t seed) {
  return guard(FUSER_STATUS_ERROR, [&] {
    manualSeed(toDevice(device, "the device"), seed);
  });
}
