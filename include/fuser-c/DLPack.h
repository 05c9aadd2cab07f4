/*===- fuser-c/DLPack.h - DLPack-compatible tensor structs ---------*- C -*-===*\
|*                                                                            *|
|* Part of the fuser project.                                                 *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* The structs of the DLPack exchange format (ABI version 1.x), under fuser's *|
|* own names so that this header can be included next to any dlpack.h. Each  *|
|* struct has the layout of the DLPack struct of the same name without the    *|
|* Fuser prefix (FuserDLTensor is DLTensor, FuserDLManagedTensorVersioned is  *|
|* DLManagedTensorVersioned, ...), so pointers may be cast between them, and  *|
|* a capsule holding one is a DLPack capsule: "dltensor" for                  *|
|* FuserDLManagedTensor, "dltensor_versioned" for                             *|
|* FuserDLManagedTensorVersioned.                                             *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#ifndef FUSER_C_DLPACK_H
#define FUSER_C_DLPACK_H

#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* The DLPack ABI version the versioned structs follow. */
#define FUSER_DLPACK_MAJOR_VERSION 1
#define FUSER_DLPACK_MINOR_VERSION 0

/* DLDeviceType values (the subset fuser meets). */
enum {
  FUSER_DL_CPU = 1,
  FUSER_DL_CUDA = 2,
  FUSER_DL_CUDA_HOST = 3, /* page-locked host memory: read as CPU memory */
  FUSER_DL_CUDA_MANAGED = 13,
  FUSER_DL_ONEAPI = 14,
};

/* DLDataTypeCode values. */
enum {
  FUSER_DL_INT = 0,
  FUSER_DL_UINT = 1,
  FUSER_DL_FLOAT = 2,
  FUSER_DL_OPAQUE_HANDLE = 3,
  FUSER_DL_BFLOAT = 4,
  FUSER_DL_COMPLEX = 5,
  FUSER_DL_BOOL = 6,
};

/* DLManagedTensorVersioned flags. */
#define FUSER_DL_FLAG_READ_ONLY ((uint64_t)1 << 0)
#define FUSER_DL_FLAG_IS_COPIED ((uint64_t)1 << 1)

typedef struct FuserDLPackVersion {
  uint32_t major;
  uint32_t minor;
} FuserDLPackVersion;

typedef struct FuserDLDevice {
  int32_t device_type; /* DLDeviceType (a C enum, 32 bits) */
  int32_t device_id;
} FuserDLDevice;

typedef struct FuserDLDataType {
  uint8_t code;
  uint8_t bits;
  uint16_t lanes;
} FuserDLDataType;

typedef struct FuserDLTensor {
  void *data;
  FuserDLDevice device;
  int32_t ndim;
  FuserDLDataType dtype;
  int64_t *shape;
  int64_t *strides; /* in elements; NULL means row-major contiguous */
  uint64_t byte_offset;
} FuserDLTensor;

typedef struct FuserDLManagedTensor {
  FuserDLTensor dl_tensor;
  void *manager_ctx;
  void (*deleter)(struct FuserDLManagedTensor *self);
} FuserDLManagedTensor;

typedef struct FuserDLManagedTensorVersioned {
  FuserDLPackVersion version;
  void *manager_ctx;
  void (*deleter)(struct FuserDLManagedTensorVersioned *self);
  uint64_t flags;
  FuserDLTensor dl_tensor;
} FuserDLManagedTensorVersioned;

#ifdef __cplusplus
}
#endif

#endif /* FUSER_C_DLPACK_H */
