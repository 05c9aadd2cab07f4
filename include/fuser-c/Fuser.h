/*===- fuser-c/Fuser.h - The stable C API of fuser -----------------*- C -*-===*\
|*                                                                            *|
|* Part of the fuser project.                                                 *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* A C interface to the public fusion API (FuserDialect/API/Fuser.h) for      *|
|* embedders in any language and for the Python package: register a fusion   *|
|* group from MLIR text, run it on caller-owned tensors (host or device      *|
|* memory, any strides), get its outputs as owned tensors that export to     *|
|* DLPack without copies, compile it for a device and read the generated     *|
|* code, and read or set the backend table, caches and can-fuse switches.    *|
|*                                                                            *|
|* Conventions:                                                               *|
|*  - No C++ type crosses this interface. Objects are opaque handles          *|
|*    (FuserTensor, FuserKernel) released with their *Release function;      *|
|*    registered groups are named by an int64_t key that stays valid for the  *|
|*    life of the process.                                                    *|
|*  - Functions that can fail return a FuserStatus. On failure the calling    *|
|*    thread's last error (status and message, with the diagnostics'         *|
|*    text) is set and can be read with fuserGetLastError(); success leaves   *|
|*    it unchanged, as errno. Out-parameters are written only on success      *|
|*    unless a function says otherwise.                                       *|
|*  - Strings returned through `char **` are NUL-terminated, may contain      *|
|*    other NULs (the length is returned too) and are freed with              *|
|*    fuserFreeString().                                                      *|
|*  - Strides are in elements, as in DLPack and the C++ runtime.             *|
|*  - Every function is thread-safe.                                          *|
|*                                                                            *|
|* Compatibility: within one major version (FUSER_C_API_VERSION_MAJOR),       *|
|* functions and enumerators are only added, and struct layouts do not       *|
|* change. Check fuserGetAPIVersion() at run time against the header.        *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef FUSER_C_FUSER_H
#define FUSER_C_FUSER_H

#include "fuser-c/DLPack.h"

#include <stddef.h>
#include <stdint.h>

#if defined(_WIN32)
#if defined(FUSER_C_BUILDING)
#define FUSER_C_EXPORT __declspec(dllexport)
#else
#define FUSER_C_EXPORT __declspec(dllimport)
#endif
#else
#define FUSER_C_EXPORT __attribute__((visibility("default")))
#endif

#ifdef __cplusplus
extern "C" {
#endif

/*===----------------------------------------------------------------------===*
 * Versions
 *===----------------------------------------------------------------------===*/

#define FUSER_C_API_VERSION_MAJOR 1
#define FUSER_C_API_VERSION_MINOR 1
/* (major << 16) | minor, as fuserGetAPIVersion() returns it. */
#define FUSER_C_API_VERSION                                                    \
  ((FUSER_C_API_VERSION_MAJOR << 16) | FUSER_C_API_VERSION_MINOR)

/* The C API version of the loaded library: (major << 16) | minor. A caller
 * built against this header works with a library of the same major version
 * and an equal or greater minor version. */
FUSER_C_EXPORT uint32_t fuserGetAPIVersion(void);
/* The project version of the loaded library, e.g. "0.1.0". */
FUSER_C_EXPORT const char *fuserGetVersionString(void);

/*===----------------------------------------------------------------------===*
 * Errors
 *===----------------------------------------------------------------------===*/

typedef enum FuserStatus {
  FUSER_STATUS_OK = 0,
  /* A C API function was misused: a null pointer, an unknown enumerator, a
   * negative rank, an output array that is too small, ... */
  FUSER_STATUS_INVALID_ARGUMENT = 1,
  /* No group is registered under the key. */
  FUSER_STATUS_NOT_FOUND = 2,
  /* The MLIR text does not parse or verify, holds no group or no group of
   * the given name, or holds several and none was named. */
  FUSER_STATUS_PARSE_ERROR = 3,
  /* The fusion runtime reported an error (fuser::Error): arguments that do
   * not fit the group (arity, ranks, dtypes, shapes that do not broadcast,
   * devices), a group that does not type-check for the inputs' dtypes, a
   * kernel that does not compile, a device error. */
  FUSER_STATUS_ERROR = 4,
  /* The device or backend asked for is not available (no CUDA driver or
   * GPU, no backend registered for the device type). */
  FUSER_STATUS_UNAVAILABLE = 5,
  FUSER_STATUS_OUT_OF_MEMORY = 6,
  /* A file could not be read. */
  FUSER_STATUS_IO_ERROR = 7,
  /* An unexpected internal failure. */
  FUSER_STATUS_INTERNAL_ERROR = 8,
} FuserStatus;

/* The message of the last failed call on this thread ("" if none). Valid
 * until the next failing call on this thread. */
FUSER_C_EXPORT const char *fuserGetLastError(void);
/* The status of the last failed call on this thread (FUSER_STATUS_OK if
 * none). */
FUSER_C_EXPORT FuserStatus fuserGetLastStatus(void);
FUSER_C_EXPORT void fuserClearLastError(void);
/* "ok", "invalid argument", ...; "unknown status" for other values. */
FUSER_C_EXPORT const char *fuserStatusName(FuserStatus status);

/* Frees a string returned by this API (NULL is ignored). */
FUSER_C_EXPORT void fuserFreeString(char *string);

/*===----------------------------------------------------------------------===*
 * Element types and devices
 *===----------------------------------------------------------------------===*/

/* Element types of group tensors (PyTorch's names). */
typedef enum FuserDType {
  FUSER_DTYPE_BOOL = 0, /* stored as one byte, 0 or 1 */
  FUSER_DTYPE_UINT8 = 1,
  FUSER_DTYPE_INT8 = 2,
  FUSER_DTYPE_INT16 = 3,
  FUSER_DTYPE_INT32 = 4,
  FUSER_DTYPE_INT64 = 5,
  FUSER_DTYPE_FLOAT16 = 6,
  FUSER_DTYPE_BFLOAT16 = 7,
  FUSER_DTYPE_FLOAT32 = 8,
  FUSER_DTYPE_FLOAT64 = 9,
} FuserDType;
#define FUSER_NUM_DTYPES 10

/* PyTorch's name of the dtype ("float32", "bool", ...); NULL if invalid. */
FUSER_C_EXPORT const char *fuserDTypeName(int32_t dtype);
/* Parses PyTorch's, NumPy's or MLIR's spelling ("float32", "f32", "half",
 * "bfloat16", "i1", ...). */
FUSER_C_EXPORT FuserStatus fuserDTypeFromName(const char *name,
                                              int32_t *dtype);
/* Bytes per element; 0 if invalid. */
FUSER_C_EXPORT size_t fuserDTypeSize(int32_t dtype);

typedef enum FuserDeviceType {
  FUSER_DEVICE_CPU = 0,
  FUSER_DEVICE_CUDA = 1,
  FUSER_DEVICE_XPU = 2, /* known to the runtime, no backend */
} FuserDeviceType;

typedef struct FuserDevice {
  int32_t type;  /* FuserDeviceType */
  int32_t index; /* device ordinal; ignored for the CPU */
} FuserDevice;

/*===----------------------------------------------------------------------===*
 * Tensors
 *===----------------------------------------------------------------------===*/

/* A non-owning view of tensor data: what callers pass as inputs. */
typedef struct FuserTensorRef {
  void *data;             /* first element; may be NULL if it has none */
  const int64_t *sizes;   /* `ndim` sizes; may be NULL when ndim == 0 */
  const int64_t *strides; /* `ndim` strides in elements (>= 0); NULL means
                             row-major contiguous */
  int32_t ndim;
  int32_t dtype; /* FuserDType */
  FuserDevice device;
} FuserTensorRef;

/* Fills `ref` from a DLPack tensor (its sizes and strides arrays are
 * borrowed, the byte offset is added to the data pointer). Fails for dtypes
 * and devices fuser does not support. */
FUSER_C_EXPORT FuserStatus
fuserTensorRefFromDLTensor(const FuserDLTensor *tensor, FuserTensorRef *ref);

/* A tensor that owns a share of its storage: the outputs of a run. */
typedef struct FuserTensorImpl *FuserTensor;

/* The view of `tensor`; its sizes and strides arrays live as long as
 * `tensor`. */
FUSER_C_EXPORT FuserStatus fuserTensorGetRef(FuserTensor tensor,
                                             FuserTensorRef *ref);
/* A DLPack tensor holding its own share of the storage (the FuserTensor
 * stays valid and must still be released). Its deleter frees it. NULL on
 * failure. */
FUSER_C_EXPORT FuserDLManagedTensor *fuserTensorToDLPack(FuserTensor tensor);
FUSER_C_EXPORT FuserDLManagedTensorVersioned *
fuserTensorToDLPackVersioned(FuserTensor tensor);
/* The same DLPack tensor, made by moving `tensor` into it: the handle is
 * consumed (released on failure too), which saves copying its metadata
 * when the caller has no further use for it (since 1.1). */
FUSER_C_EXPORT FuserDLManagedTensor *fuserTensorIntoDLPack(FuserTensor tensor);
/* Releases the handle (NULL is ignored); the storage is freed once no
 * DLPack tensor shares it either. */
FUSER_C_EXPORT void fuserTensorRelease(FuserTensor tensor);

/*===----------------------------------------------------------------------===*
 * Groups
 *===----------------------------------------------------------------------===*/

/* Registers the fuser.group named `name` (without '@'), or the only group
 * when `name` is NULL or empty, from MLIR text of `length` bytes. Groups
 * that are equal once normalised (names, locations, canonicalisable
 * differences) share one key and their compiled kernels. */
FUSER_C_EXPORT FuserStatus fuserRegisterGroup(const char *source,
                                              size_t length, const char *name,
                                              int64_t *key);
/* The same, reading the MLIR text from the file at `path`. */
FUSER_C_EXPORT FuserStatus fuserRegisterGroupFile(const char *path,
                                                  const char *name,
                                                  int64_t *key);

typedef struct FuserGroupInfo {
  int64_t numInputs;       /* tensors, then f64 scalars */
  int64_t numTensorInputs;
  int64_t numOutputs;
  int64_t numRandom;       /* rand_like ops */
  int64_t numCachedKernels; /* kernels compiled for it so far */
} FuserGroupInfo;

/* How a tensor input is chunked or an output concatenated: `parts` equal
 * slices along `dim` (normalised); parts == 1 means neither. */
typedef struct FuserPartition {
  int64_t parts;
  int64_t dim;
} FuserPartition;

FUSER_C_EXPORT FuserStatus fuserGetGroupInfo(int64_t key,
                                             FuserGroupInfo *info);
/* Declared rank and chunking of tensor input `index`. */
FUSER_C_EXPORT FuserStatus fuserGetGroupInput(int64_t key, int64_t index,
                                              int64_t *rank,
                                              FuserPartition *chunk);
/* Concatenation of output `index`. */
FUSER_C_EXPORT FuserStatus fuserGetGroupOutput(int64_t key, int64_t index,
                                               FuserPartition *concat);
/* The normalised group, printed. */
FUSER_C_EXPORT FuserStatus fuserGetGroupSource(int64_t key, char **source,
                                               size_t *length);
/* The group re-typed for tensor inputs of these dtypes (one per tensor
 * input), printed. Fails if it does not type-check for them. */
FUSER_C_EXPORT FuserStatus fuserGetSpecializedGroupSource(
    int64_t key, const int32_t *dtypes, size_t numDTypes, char **source,
    size_t *length);

/*===----------------------------------------------------------------------===*
 * Running
 *===----------------------------------------------------------------------===*/

typedef enum FuserArgumentKind {
  FUSER_ARGUMENT_TENSOR = 0,
  FUSER_ARGUMENT_SCALAR = 1,
} FuserArgumentKind;

/* One group input: a tensor (kind TENSOR, `tensor`) or a Python-float-like
 * f64 scalar (kind SCALAR, `scalar`). Tensor inputs come first. */
typedef struct FuserArgument {
  int32_t kind; /* FuserArgumentKind */
  double scalar;
  FuserTensorRef tensor;
} FuserArgument;

/* Runs the group: its compiled kernel when one can run (compiling it on
 * first use for these dtypes and layouts), else the reference interpreter.
 * `stream` is the caller's stream on devices that have streams (a
 * CUstream for CUDA; NULL: the default stream); the kernel is enqueued on
 * it and outputs are ready in stream order. On success the group's outputs
 * are stored in outputs[0 .. *numOutputs); `capacity` is the length of
 * `outputs` and must be at least the group's number of outputs (if it is
 * not, the call fails and *numOutputs is still set to that number). */
FUSER_C_EXPORT FuserStatus fuserRun(int64_t key, const FuserArgument *args,
                                    size_t numArgs, void *stream,
                                    FuserTensor *outputs, size_t capacity,
                                    size_t *numOutputs);

/* Why a kernel did not run (the runtime's fallback reasons). */
typedef enum FuserFallbackReason {
  FUSER_FALLBACK_NONE = 0, /* the kernel ran */
  FUSER_FALLBACK_FUSION_DISABLED = 1,
  FUSER_FALLBACK_UNDEFINED_INPUT = 2,
  FUSER_FALLBACK_DEVICE_MISMATCH = 3,
  FUSER_FALLBACK_SPARSE_INPUT = 4,
  FUSER_FALLBACK_DEVICE_DISABLED = 5,
  FUSER_FALLBACK_UNSUPPORTED_DEVICE = 6,
  FUSER_FALLBACK_BROADCAST_FAILURE = 7,
  FUSER_FALLBACK_CHUNK_NOT_DIVISIBLE = 8,
  FUSER_FALLBACK_MAP_SIZE_MISMATCH = 9,
  FUSER_FALLBACK_COMPILE_FAILED = 10,
  FUSER_FALLBACK_RANDOM_BROADCAST = 11,
} FuserFallbackReason;

/* The runtime's text for a fallback reason; "unknown" for other values. */
FUSER_C_EXPORT const char *fuserFallbackReasonName(int32_t reason);

/* Runs only the compiled-kernel path. If the kernel cannot run, succeeds
 * with *numOutputs = 0 and *reason set to why; else *reason is
 * FUSER_FALLBACK_NONE. If `code` is not NULL and a kernel was found or
 * compiled, *code receives its generated code (LLVM IR on the CPU, PTX on
 * CUDA; free it with fuserFreeString) and *codeLength its length (`code`
 * and `codeLength` are set to NULL / 0 otherwise). */
FUSER_C_EXPORT FuserStatus fuserRunKernel(
    int64_t key, const FuserArgument *args, size_t numArgs, void *stream,
    FuserTensor *outputs, size_t capacity, size_t *numOutputs,
    int32_t *reason, char **code, size_t *codeLength);

/* Runs the group on the reference interpreter only (host memory). */
FUSER_C_EXPORT FuserStatus fuserRunFallback(int64_t key,
                                            const FuserArgument *args,
                                            size_t numArgs,
                                            FuserTensor *outputs,
                                            size_t capacity,
                                            size_t *numOutputs);

/*===----------------------------------------------------------------------===*
 * Compiling ahead of time and inspecting kernels
 *===----------------------------------------------------------------------===*/

/* What a kernel is specialised on for one tensor: its dtype and contiguity
 * bits (bit i: dimension i merges with i + 1; the last bit: the innermost
 * stride is 1), one per dimension. `contiguity` NULL means contiguous. */
typedef struct FuserTensorDesc {
  int32_t dtype; /* FuserDType */
  int32_t ndim;
  const uint8_t *contiguity; /* `ndim` bytes, 0 or 1 */
} FuserTensorDesc;

typedef struct FuserKernelImpl *FuserKernel;

/* Compiles the group for `device` and tensor inputs described by `inputs`
 * (one per tensor input, already broadcast to the kernel's rank: give them
 * all the rank of the largest input). `outputs` (one per output, or NULL
 * for contiguous outputs of that rank) gives output layouts; their dtypes
 * are ignored (the group decides them). The kernel is not inserted in the
 * group's cache: this is for inspecting generated code. */
FUSER_C_EXPORT FuserStatus fuserCompileKernel(int64_t key,
                                              const FuserTensorDesc *inputs,
                                              size_t numInputs,
                                              const FuserTensorDesc *outputs,
                                              size_t numOutputs,
                                              FuserDevice device,
                                              FuserKernel *kernel);
/* The kernel's name (e.g. "kernel_3"); lives as long as the kernel. */
FUSER_C_EXPORT const char *fuserKernelGetName(FuserKernel kernel);
/* The generated code (LLVM IR on the CPU, PTX on CUDA); lives as long as
 * the kernel. */
FUSER_C_EXPORT const char *fuserKernelGetCode(FuserKernel kernel,
                                              size_t *length);
/* The backend's device type (FuserDeviceType), -1 if `kernel` is NULL. */
FUSER_C_EXPORT int32_t fuserKernelGetDeviceType(FuserKernel kernel);
FUSER_C_EXPORT int64_t fuserKernelGetNumOutputs(FuserKernel kernel);
/* The dtype of output `index` (FuserDType), -1 if out of range. */
FUSER_C_EXPORT int32_t fuserKernelGetOutputDType(FuserKernel kernel,
                                                 int64_t index);
FUSER_C_EXPORT void fuserKernelRelease(FuserKernel kernel);

/*===----------------------------------------------------------------------===*
 * Backends, caches and switches
 *===----------------------------------------------------------------------===*/

/* 1 if a backend is registered for the device type, else 0. */
FUSER_C_EXPORT int fuserHasBackend(int32_t deviceType);
/* Removes the backend of a device type (groups then run on the
 * interpreter there). */
FUSER_C_EXPORT FuserStatus fuserDeregisterBackend(int32_t deviceType);
/* Registers the built-in backend of the CPU or CUDA again. Fails with
 * FUSER_STATUS_UNAVAILABLE for CUDA without a usable driver and GPU. */
FUSER_C_EXPORT FuserStatus fuserRegisterBuiltinBackend(int32_t deviceType);

/* 1 if the CUDA driver loads and reports a GPU, else 0. */
FUSER_C_EXPORT int fuserCudaAvailable(void);
/* Why CUDA is unavailable ("" when it is available). */
FUSER_C_EXPORT FuserStatus fuserGetCudaUnavailableReason(char **reason,
                                                         size_t *length);
/* Waits for all work on the current CUDA context. */
FUSER_C_EXPORT FuserStatus fuserCudaSynchronize(void);

FUSER_C_EXPORT int fuserCanFuseOnCPU(void);
FUSER_C_EXPORT int fuserCanFuseOnGPU(void);
FUSER_C_EXPORT void fuserOverrideCanFuseOnCPU(int value);
FUSER_C_EXPORT void fuserOverrideCanFuseOnGPU(int value);
/* When set (the default), a CPU group that the compiler cannot handle is
 * an error; when cleared it runs on the interpreter instead. */
FUSER_C_EXPORT int fuserMustUseLLVMOnCPU(void);
FUSER_C_EXPORT void fuserOverrideMustUseLLVMOnCPU(int value);

/* Kernels compiled so far (all groups). */
FUSER_C_EXPORT int64_t fuserNumCompiledKernels(void);
/* Distinct groups registered so far. */
FUSER_C_EXPORT int64_t fuserNumRegisteredGroups(void);
/* FUSER_DEBUG from the environment (0, 1 or 2). */
FUSER_C_EXPORT int fuserDebugLevel(void);

/* Seeds the Philox generator of rand_like on `device` and resets its
 * offset: the same seed gives the same random numbers again. */
FUSER_C_EXPORT FuserStatus fuserManualSeed(FuserDevice device, uint64_t seed);

#ifdef __cplusplus
}
#endif

#endif /* FUSER_C_FUSER_H */
