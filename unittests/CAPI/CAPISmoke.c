/*===- CAPISmoke.c - The C API from a C99 program -------------------------===*\
|*                                                                            *|
|* Part of the fuser project.                                                 *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* Compiled as strict C99 (-pedantic -Werror): the headers of include/fuser-c *|
|* are C. Registers a group, runs it on a strided input, exports the output   *|
|* through DLPack and checks the values. Exits non-zero on failure.           *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#include "fuser-c/Fuser.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

static const char *kGroup =
    "fuser.group @axpy(%x: tensor<?xf32>, %y: tensor<?xf32>, %a: f64)\n"
    "    -> tensor<?xf32> {\n"
    "  %0 = fuser.mul %x, %a : (tensor<?xf32>, f64) -> tensor<?xf32>\n"
    "  %1 = fuser.add %0, %y : (tensor<?xf32>, tensor<?xf32>) -> "
    "tensor<?xf32>\n"
    "  fuser.yield %1 : tensor<?xf32>\n"
    "}\n";

static int check(FuserStatus status, const char *what) {
  if (status == FUSER_STATUS_OK)
    return 1;
  fprintf(stderr, "%s failed (%s): %s\n", what, fuserStatusName(status),
          fuserGetLastError());
  return 0;
}

int main(void) {
  int64_t key = -1;
  float x[16], y[8];
  int64_t xSizes[1] = {8}, xStrides[1] = {2}, ySizes[1] = {8};
  FuserArgument args[3];
  FuserTensor out = NULL;
  size_t n = 0;
  FuserDLManagedTensorVersioned *dl;
  const float *result;
  int i, failures = 0;

  if ((fuserGetAPIVersion() >> 16) != FUSER_C_API_VERSION_MAJOR) {
    fprintf(stderr, "C API major version mismatch\n");
    return 1;
  }
  if (!check(fuserRegisterGroup(kGroup, strlen(kGroup), NULL, &key),
             "fuserRegisterGroup"))
    return 1;
  for (i = 0; i < 16; ++i)
    x[i] = (float)i * 0.5f;
  for (i = 0; i < 8; ++i)
    y[i] = (float)(8 - i);
  memset(args, 0, sizeof(args));
  args[0].kind = FUSER_ARGUMENT_TENSOR;
  args[0].tensor.data = x;
  args[0].tensor.sizes = xSizes;
  args[0].tensor.strides = xStrides; /* every other element */
  args[0].tensor.ndim = 1;
  args[0].tensor.dtype = FUSER_DTYPE_FLOAT32;
  args[0].tensor.device.type = FUSER_DEVICE_CPU;
  args[1] = args[0];
  args[1].tensor.data = y;
  args[1].tensor.sizes = ySizes;
  args[1].tensor.strides = NULL; /* contiguous */
  args[2].kind = FUSER_ARGUMENT_SCALAR;
  args[2].scalar = 3.0;
  if (!check(fuserRun(key, args, 3, NULL, &out, 1, &n), "fuserRun"))
    return 1;
  dl = fuserTensorToDLPackVersioned(out);
  fuserTensorRelease(out);
  if (!dl) {
    fprintf(stderr, "DLPack export failed: %s\n", fuserGetLastError());
    return 1;
  }
  if (dl->dl_tensor.ndim != 1 || dl->dl_tensor.shape[0] != 8 ||
      dl->dl_tensor.dtype.code != FUSER_DL_FLOAT ||
      dl->dl_tensor.dtype.bits != 32) {
    fprintf(stderr, "unexpected DLPack tensor\n");
    failures++;
  }
  result = (const float *)dl->dl_tensor.data;
  for (i = 0; i < 8; ++i) {
    float want = x[2 * i] * 3.0f + y[i];
    if (fabsf(result[i * dl->dl_tensor.strides[0]] - want) > 1e-6f) {
      fprintf(stderr, "element %d: %g, expected %g\n", i,
              (double)result[i], (double)want);
      failures++;
    }
  }
  dl->deleter(dl);
  /* An error: two inputs for three. */
  if (fuserRun(key, args, 2, NULL, &out, 1, &n) != FUSER_STATUS_ERROR ||
      !strstr(fuserGetLastError(), "the group takes 3 inputs")) {
    fprintf(stderr, "expected an arity error, got '%s'\n",
            fuserGetLastError());
    failures++;
  }
  if (failures)
    return 1;
  printf("fuser C API %s (API %u.%u): ok\n", fuserGetVersionString(),
         (unsigned)(fuserGetAPIVersion() >> 16),
         (unsigned)(fuserGetAPIVersion() & 0xffff));
  return 0;
}
