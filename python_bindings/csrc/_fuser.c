/*===- _fuser.c - The fuser Python extension over the C API ---------------===*\
|*                                                                            *|
|* Part of the fuser project.                                                 *|
|*                                                                            *|
|*===----------------------------------------------------------------------===*|
|*                                                                            *|
|* The native half of the `fuser` package, written against the limited API   *|
|* of CPython 3.11 (Py_LIMITED_API=0x030B0000): one abi3 binary loads on      *|
|* 3.11, 3.12 and later. It links libFuserC.so (include/fuser-c) and does the *|
|* per-call work of running a group: it turns the arguments into             *|
|* FuserArguments without copies (buffer protocol for NumPy, data_ptr/shape/ *|
|* stride for torch, __cuda_array_interface__, or any __dlpack__ producer),   *|
|* runs the group with the GIL released, and hands the outputs back through   *|
|* DLPack to the caller's array library. Which library an argument belongs    *|
|* to, how to make its outputs and which stream it runs on are decided once  *|
|* per Python type by a classifier in fuser/_adapters.py, and cached here.   *|
|*                                                                            *|
|* Everything that is not per call (registering, inspecting, switches) is a  *|
|* thin wrapper of the C API; fuser/__init__.py builds the public API.       *|
|*                                                                            *|
\*===----------------------------------------------------------------------===*/

#define PY_SSIZE_T_CLEAN
#define _POSIX_C_SOURCE 200809L
#include <Python.h>

#include "fuser-c/Fuser.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

_Static_assert(sizeof(Py_ssize_t) == sizeof(int64_t),
               "fuser needs a 64-bit Py_ssize_t");

/*===----------------------------------------------------------------------===*
 * Module state
 *===----------------------------------------------------------------------===*/

/* Per-type adapters, the classifier that makes them, and the exception
 * classes; set by fuser/_adapters.py through _set_hooks(). */
static PyObject *g_adapters;   /* dict: type -> adapter tuple */
static PyObject *g_classifier; /* callable(type) -> adapter tuple or None */
static PyObject *g_errors;     /* tuple: FuserStatus -> class, then extras */
static PyTypeObject *g_TensorType;

/* Index of the ArgumentError class in g_errors (after the statuses). */
#define ERROR_ARGUMENT 9
#define NUM_ERROR_CLASSES 10

/* Interned attribute names. */
static PyObject *s_data_ptr, *s_shape, *s_stride, *s_dtype, *s_is_cuda,
    *s_is_cpu, *s_get_device, *s_dlpack, *s_cai, *s_typestr, *s_data,
    *s_strides, *s_device, *s_id, *s_mask, *s_cuda_stream, *s_ptr,
    *s_resolve_neg, *s_layout;

enum AdapterKind {
  KIND_BUFFER = 0, /* buffer protocol (NumPy, memoryview, array.array) */
  KIND_TORCH = 1,  /* torch.Tensor: data_ptr(), shape, stride(), dtype */
  KIND_CAI = 2,    /* __cuda_array_interface__ (CuPy, Numba, ...) */
  KIND_DLPACK = 3, /* __dlpack__ */
};

enum OutputMode {
  OUT_TENSOR = 0,       /* return the fuser.Tensor itself */
  OUT_CALL_TENSOR = 1,  /* factory(fuser.Tensor), e.g. numpy.from_dlpack */
  OUT_CALL_CAPSULE = 2, /* factory(legacy DLPack capsule) */
};

typedef struct Adapter {
  int kind;
  PyObject *factory;       /* borrowed; None if mode is OUT_TENSOR */
  int mode;
  PyObject *streamGetter;  /* borrowed; callable(device index) or None */
  PyObject *dtypeMap;      /* borrowed; dict dtype object -> FuserDType */
  int bf16;                /* the factory accepts bfloat16 */
  PyObject *exporter;      /* borrowed; callable(tensor) -> DLPack capsule
                              with all of its metadata, or None */
  PyObject *isNeg;         /* borrowed; callable(tensor) -> whether it is a
                              negated view (torch.Tensor.is_neg), or None */
} Adapter;

/*===----------------------------------------------------------------------===*
 * Errors
 *===----------------------------------------------------------------------===*/

static PyObject *errorClass(int index) {
  if (g_errors && index >= 0 && index < PyTuple_Size(g_errors))
    return PyTuple_GetItem(g_errors, index);
  return PyExc_RuntimeError;
}

/* Raises the exception of `status` with the C API's last error. */
static PyObject *raiseStatus(FuserStatus status) {
  const char *message = fuserGetLastError();
  PyErr_SetString(errorClass((int)status),
                  message && *message ? message : fuserStatusName(status));
  return NULL;
}

static PyObject *argumentError(const char *format, ...) {
  va_list va;
  va_start(va, format);
  PyObject *message = PyUnicode_FromFormatV(format, va);
  va_end(va);
  if (message) {
    PyErr_SetObject(errorClass(ERROR_ARGUMENT), message);
    Py_DECREF(message);
  }
  return NULL;
}

/* The name of obj's type (a new reference; "?" if it has none). */
static PyObject *typeName(PyObject *obj) {
  PyObject *name = PyType_GetName(Py_TYPE(obj));
  if (!name) {
    PyErr_Clear();
    name = PyUnicode_FromString("?");
  }
  return name;
}

/*===----------------------------------------------------------------------===*
 * DLPack capsules
 *===----------------------------------------------------------------------===*/

static void capsuleDestructor(PyObject *capsule) {
  /* A consumer renames the capsule ("used_dltensor") when it takes it;
   * only an unconsumed one still owns its tensor. */
  if (PyCapsule_IsValid(capsule, "dltensor")) {
    FuserDLManagedTensor *m =
        (FuserDLManagedTensor *)PyCapsule_GetPointer(capsule, "dltensor");
    if (m && m->deleter)
      m->deleter(m);
  } else if (PyCapsule_IsValid(capsule, "dltensor_versioned")) {
    FuserDLManagedTensorVersioned *m =
        (FuserDLManagedTensorVersioned *)PyCapsule_GetPointer(
            capsule, "dltensor_versioned");
    if (m && m->deleter)
      m->deleter(m);
  }
}

static PyObject *newCapsule(FuserTensor tensor, int versioned) {
  if (versioned) {
    FuserDLManagedTensorVersioned *m = fuserTensorToDLPackVersioned(tensor);
    if (!m)
      return raiseStatus(fuserGetLastStatus());
    PyObject *capsule =
        PyCapsule_New(m, "dltensor_versioned", capsuleDestructor);
    if (!capsule)
      m->deleter(m);
    return capsule;
  }
  FuserDLManagedTensor *m = fuserTensorToDLPack(tensor);
  if (!m)
    return raiseStatus(fuserGetLastStatus());
  PyObject *capsule = PyCapsule_New(m, "dltensor", capsuleDestructor);
  if (!capsule)
    m->deleter(m);
  return capsule;
}

/*===----------------------------------------------------------------------===*
 * fuser.Tensor: an output of a run that owns its storage
 *===----------------------------------------------------------------------===*/

typedef struct {
  PyObject_HEAD
  FuserTensor tensor;
  FuserTensorRef ref;
} TensorObject;

/* Takes ownership of `tensor` (released on failure too). */
static PyObject *tensorWrap(FuserTensor tensor) {
  TensorObject *self = PyObject_New(TensorObject, g_TensorType);
  if (!self) {
    fuserTensorRelease(tensor);
    return NULL;
  }
  self->tensor = tensor;
  if (fuserTensorGetRef(tensor, &self->ref) != FUSER_STATUS_OK) {
    Py_DECREF(self);
    return raiseStatus(fuserGetLastStatus());
  }
  return (PyObject *)self;
}

static void tensorDealloc(PyObject *obj) {
  TensorObject *self = (TensorObject *)obj;
  PyTypeObject *type = Py_TYPE(obj);
  fuserTensorRelease(self->tensor);
  self->tensor = NULL;
  freefunc tpFree = (freefunc)PyType_GetSlot(type, Py_tp_free);
  tpFree(obj);
  Py_DECREF(type);
}

static PyObject *intTuple(const int64_t *values, int32_t n) {
  PyObject *t = PyTuple_New(n);
  if (!t)
    return NULL;
  for (int32_t i = 0; i < n; ++i) {
    PyObject *v = PyLong_FromLongLong(values[i]);
    if (!v) {
      Py_DECREF(t);
      return NULL;
    }
    PyTuple_SetItem(t, i, v);
  }
  return t;
}

static PyObject *tensorShape(PyObject *obj, void *unused) {
  (void)unused;
  TensorObject *self = (TensorObject *)obj;
  return intTuple(self->ref.sizes, self->ref.ndim);
}

static PyObject *tensorStrides(PyObject *obj, void *unused) {
  (void)unused;
  TensorObject *self = (TensorObject *)obj;
  return intTuple(self->ref.strides, self->ref.ndim);
}

static PyObject *tensorNDim(PyObject *obj, void *unused) {
  (void)unused;
  return PyLong_FromLong(((TensorObject *)obj)->ref.ndim);
}

static PyObject *tensorDType(PyObject *obj, void *unused) {
  (void)unused;
  return PyUnicode_FromString(fuserDTypeName(((TensorObject *)obj)->ref.dtype));
}

static PyObject *deviceString(FuserDevice device) {
  if (device.type == FUSER_DEVICE_CUDA)
    return PyUnicode_FromFormat("cuda:%d", (int)device.index);
  if (device.type == FUSER_DEVICE_XPU)
    return PyUnicode_FromFormat("xpu:%d", (int)device.index);
  return PyUnicode_FromString("cpu");
}

static PyObject *tensorDevice(PyObject *obj, void *unused) {
  (void)unused;
  return deviceString(((TensorObject *)obj)->ref.device);
}

static PyObject *tensorDataPtr(PyObject *obj, void *unused) {
  (void)unused;
  return PyLong_FromVoidPtr(((TensorObject *)obj)->ref.data);
}

/* NumPy's typestr of a dtype ("<f4", "|b1", ...); NULL for bfloat16. */
static const char *typestrOf(int32_t dtype) {
  switch (dtype) {
  case FUSER_DTYPE_BOOL:
    return "|b1";
  case FUSER_DTYPE_UINT8:
    return "|u1";
  case FUSER_DTYPE_INT8:
    return "|i1";
  case FUSER_DTYPE_INT16:
    return "<i2";
  case FUSER_DTYPE_INT32:
    return "<i4";
  case FUSER_DTYPE_INT64:
    return "<i8";
  case FUSER_DTYPE_FLOAT16:
    return "<f2";
  case FUSER_DTYPE_FLOAT32:
    return "<f4";
  case FUSER_DTYPE_FLOAT64:
    return "<f8";
  default:
    return NULL;
  }
}

/* The __array_interface__ / __cuda_array_interface__ dict (version 3). */
static PyObject *arrayInterface(TensorObject *self, int cuda) {
  const char *typestr = typestrOf(self->ref.dtype);
  if (!typestr) {
    PyErr_Format(PyExc_AttributeError,
                 "fuser.Tensor of dtype %s has no array interface (use "
                 "DLPack: torch.from_dlpack)",
                 fuserDTypeName(self->ref.dtype));
    return NULL;
  }
  size_t itemsize = fuserDTypeSize(self->ref.dtype);
  PyObject *strides = PyTuple_New(self->ref.ndim);
  if (!strides)
    return NULL;
  for (int32_t i = 0; i < self->ref.ndim; ++i)
    PyTuple_SetItem(strides, i,
                    PyLong_FromLongLong(self->ref.strides[i] *
                                        (int64_t)itemsize));
  PyObject *shape = intTuple(self->ref.sizes, self->ref.ndim);
  PyObject *result =
      shape ? Py_BuildValue("{s:i,s:N,s:s,s:(NO),s:N}", "version", 3, "shape",
                            shape, "typestr", typestr, "data",
                            PyLong_FromVoidPtr(self->ref.data), Py_False,
                            "strides", strides)
            : NULL;
  if (!shape)
    Py_DECREF(strides);
  /* No "stream" key for CUDA: the data was written in order on the
   * stream of the run. */
  (void)cuda;
  return result;
}

static PyObject *tensorArrayInterface(PyObject *obj, void *unused) {
  (void)unused;
  TensorObject *self = (TensorObject *)obj;
  if (self->ref.device.type != FUSER_DEVICE_CPU) {
    PyErr_SetString(PyExc_AttributeError,
                    "__array_interface__ is only defined for CPU tensors");
    return NULL;
  }
  return arrayInterface(self, 0);
}

static PyObject *tensorCudaArrayInterface(PyObject *obj, void *unused) {
  (void)unused;
  TensorObject *self = (TensorObject *)obj;
  if (self->ref.device.type != FUSER_DEVICE_CUDA) {
    PyErr_SetString(PyExc_AttributeError,
                    "__cuda_array_interface__ is only defined for CUDA "
                    "tensors");
    return NULL;
  }
  return arrayInterface(self, 1);
}

static int dlpackDeviceType(FuserDevice device) {
  switch (device.type) {
  case FUSER_DEVICE_CUDA:
    return FUSER_DL_CUDA;
  case FUSER_DEVICE_XPU:
    return FUSER_DL_ONEAPI;
  default:
    return FUSER_DL_CPU;
  }
}

static PyObject *tensorDLPackDevice(PyObject *obj, PyObject *unused) {
  (void)unused;
  TensorObject *self = (TensorObject *)obj;
  return Py_BuildValue(
      "(ii)", dlpackDeviceType(self->ref.device),
      self->ref.device.type == FUSER_DEVICE_CPU ? 0 : (int)self->ref.device.index);
}

/* __dlpack__(*, stream=None, max_version=None, dl_device=None, copy=None) */
static PyObject *tensorDLPack(PyObject *obj, PyObject *const *args,
                              Py_ssize_t nargs, PyObject *kwnames) {
  TensorObject *self = (TensorObject *)obj;
  if (nargs > 1) {
    PyErr_SetString(PyExc_TypeError,
                    "__dlpack__ takes at most one positional argument");
    return NULL;
  }
  int versioned = 0;
  Py_ssize_t nkw = kwnames ? PyTuple_Size(kwnames) : 0;
  for (Py_ssize_t i = 0; i < nkw; ++i) {
    PyObject *name = PyTuple_GetItem(kwnames, i);
    PyObject *value = args[nargs + i];
    const char *key = PyUnicode_AsUTF8AndSize(name, NULL);
    if (!key)
      return NULL;
    if (!strcmp(key, "max_version")) {
      if (value != Py_None) {
        PyObject *major = PySequence_GetItem(value, 0);
        if (!major)
          return NULL;
        long m = PyLong_AsLong(major);
        Py_DECREF(major);
        if (m == -1 && PyErr_Occurred())
          return NULL;
        versioned = m >= 1;
      }
    } else if (!strcmp(key, "copy")) {
      if (value == Py_True) {
        PyErr_SetString(PyExc_BufferError,
                        "fuser.Tensor cannot export a copy through DLPack");
        return NULL;
      }
    } else if (!strcmp(key, "dl_device")) {
      if (value != Py_None) {
        int type = 0, id = 0;
        if (!PyArg_ParseTuple(value, "ii", &type, &id))
          return NULL;
        int ownId = self->ref.device.type == FUSER_DEVICE_CPU
                        ? 0
                        : (int)self->ref.device.index;
        if (type != dlpackDeviceType(self->ref.device) || id != ownId) {
          PyErr_SetString(PyExc_BufferError,
                          "fuser.Tensor cannot export to another device");
          return NULL;
        }
      }
    } else if (strcmp(key, "stream")) {
      PyErr_Format(PyExc_TypeError,
                   "__dlpack__() got an unexpected keyword argument '%s'",
                   key);
      return NULL;
    }
    /* stream: the data was written in order on the stream of the run;
     * consumers on other streams synchronise with it themselves. */
  }
  return newCapsule(self->tensor, versioned);
}

static PyObject *tensorRepr(PyObject *obj) {
  TensorObject *self = (TensorObject *)obj;
  PyObject *shape = intTuple(self->ref.sizes, self->ref.ndim);
  if (!shape)
    return NULL;
  PyObject *device = deviceString(self->ref.device);
  if (!device) {
    Py_DECREF(shape);
    return NULL;
  }
  PyObject *r = PyUnicode_FromFormat("fuser.Tensor(shape=%R, dtype=%s, "
                                     "device='%U')",
                                     shape, fuserDTypeName(self->ref.dtype),
                                     device);
  Py_DECREF(shape);
  Py_DECREF(device);
  return r;
}

static PyGetSetDef tensorGetSet[] = {
    {"shape", tensorShape, NULL, "Sizes, a tuple of ints.", NULL},
    {"strides", tensorStrides, NULL, "Strides in elements, a tuple of ints.",
     NULL},
    {"ndim", tensorNDim, NULL, "Number of dimensions.", NULL},
    {"dtype", tensorDType, NULL, "Element type, PyTorch's name ('float32').",
     NULL},
    {"device", tensorDevice, NULL, "'cpu' or 'cuda:N'.", NULL},
    {"data_ptr", tensorDataPtr, NULL, "Address of the first element.", NULL},
    {"__array_interface__", tensorArrayInterface, NULL,
     "NumPy's array interface (CPU tensors).", NULL},
    {"__cuda_array_interface__", tensorCudaArrayInterface, NULL,
     "The CUDA array interface (CUDA tensors).", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef tensorMethods[] = {
    {"__dlpack__", (PyCFunction)(void (*)(void))tensorDLPack,
     METH_FASTCALL | METH_KEYWORDS,
     "__dlpack__(*, stream=None, max_version=None, dl_device=None, "
     "copy=None)\n--\n\nExports the tensor as a DLPack capsule without a "
     "copy."},
    {"__dlpack_device__", tensorDLPackDevice, METH_NOARGS,
     "The DLPack (device type, device id)."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot tensorSlots[] = {
    {Py_tp_dealloc, tensorDealloc},
    {Py_tp_repr, tensorRepr},
    {Py_tp_getset, tensorGetSet},
    {Py_tp_methods, tensorMethods},
    {Py_tp_doc,
     "An output of a fusion group that owns its storage (returned when the "
     "caller's array library cannot take it, e.g. bfloat16 outputs for "
     "NumPy). It exports itself without copies through DLPack "
     "(torch.from_dlpack, numpy.from_dlpack, cupy.from_dlpack) and the "
     "array interfaces."},
    {0, NULL},
};

static PyType_Spec tensorSpec = {
    "fuser.Tensor", sizeof(TensorObject), 0, Py_TPFLAGS_DEFAULT, tensorSlots,
};

/*===----------------------------------------------------------------------===*
 * Adapters
 *===----------------------------------------------------------------------===*/

/* Finds (or asks the classifier for) the adapter of `obj`'s type. */
static int getAdapter(PyObject *obj, Adapter *out) {
  PyObject *type = (PyObject *)Py_TYPE(obj);
  PyObject *t = g_adapters ? PyDict_GetItemWithError(g_adapters, type) : NULL;
  if (!t) {
    if (PyErr_Occurred())
      return -1;
    if (!g_classifier) {
      PyErr_SetString(PyExc_RuntimeError, "fuser._fuser is not initialised");
      return -1;
    }
    PyObject *made = PyObject_CallFunctionObjArgs(g_classifier, type, NULL);
    if (!made)
      return -1;
    if (made == Py_None) {
      Py_DECREF(made);
      return 0;
    }
    if (PyDict_SetItem(g_adapters, type, made) < 0) {
      Py_DECREF(made);
      return -1;
    }
    Py_DECREF(made);
    t = PyDict_GetItemWithError(g_adapters, type);
    if (!t)
      return -1;
  }
  if (!PyTuple_Check(t) || PyTuple_Size(t) != 8) {
    PyErr_SetString(PyExc_RuntimeError, "malformed fuser adapter");
    return -1;
  }
  out->kind = (int)PyLong_AsLong(PyTuple_GetItem(t, 0));
  out->factory = PyTuple_GetItem(t, 1);
  out->mode = (int)PyLong_AsLong(PyTuple_GetItem(t, 2));
  out->streamGetter = PyTuple_GetItem(t, 3);
  out->dtypeMap = PyTuple_GetItem(t, 4);
  out->bf16 = PyObject_IsTrue(PyTuple_GetItem(t, 5));
  out->exporter = PyTuple_GetItem(t, 6);
  out->isNeg = PyTuple_GetItem(t, 7);
  if (PyErr_Occurred())
    return -1;
  return 1;
}

/*===----------------------------------------------------------------------===*
 * Arguments
 *===----------------------------------------------------------------------===*/

#define INLINE_DIMS 16
#define INLINE_ARGS 8

/* What one argument holds while the group runs. */
typedef struct ArgSlot {
  Py_buffer buffer;
  int hasBuffer;
  void *managed; /* a consumed DLPack tensor, deleted after the run */
  int managedVersioned;
  PyObject *owned; /* a resolved copy of the argument, kept for the run */
  int64_t *dims; /* sizes, then strides */
  int64_t inlineDims[INLINE_DIMS];
} ArgSlot;

/* Deletes a consumed DLPack tensor of the slot. */
static void releaseManaged(ArgSlot *slot) {
  if (!slot->managed)
    return;
  if (slot->managedVersioned) {
    FuserDLManagedTensorVersioned *m =
        (FuserDLManagedTensorVersioned *)slot->managed;
    if (m->deleter)
      m->deleter(m);
  } else {
    FuserDLManagedTensor *m = (FuserDLManagedTensor *)slot->managed;
    if (m->deleter)
      m->deleter(m);
  }
  slot->managed = NULL;
}

static void slotRelease(ArgSlot *slot) {
  Py_CLEAR(slot->owned);
  if (slot->hasBuffer) {
    PyBuffer_Release(&slot->buffer);
    slot->hasBuffer = 0;
  }
  releaseManaged(slot);
  if (slot->dims && slot->dims != slot->inlineDims)
    PyMem_Free(slot->dims);
  slot->dims = NULL;
}

static int64_t *slotDims(ArgSlot *slot, Py_ssize_t ndim) {
  if (2 * ndim <= INLINE_DIMS) {
    slot->dims = slot->inlineDims;
  } else {
    slot->dims = (int64_t *)PyMem_Malloc(sizeof(int64_t) * 2 * (size_t)ndim);
    if (!slot->dims)
      PyErr_NoMemory();
  }
  return slot->dims;
}

/* FuserDType of a buffer format ("f", "<e", "=?", ...) and item size; -1 if
 * unsupported. */
static int dtypeOfFormat(const char *format, Py_ssize_t itemsize) {
  if (!format)
    return itemsize == 1 ? FUSER_DTYPE_UINT8 : -1;
  if (*format == '@' || *format == '=' || *format == '<')
    ++format;
  else if (*format == '>' || *format == '!')
    return -1; /* big-endian */
  if (!format[0] || format[1])
    return -1;
  switch (format[0]) {
  case '?':
    return itemsize == 1 ? FUSER_DTYPE_BOOL : -1;
  case 'B':
    return itemsize == 1 ? FUSER_DTYPE_UINT8 : -1;
  case 'b':
  case 'h':
  case 'i':
  case 'l':
  case 'q':
  case 'n':
    switch (itemsize) {
    case 1:
      return FUSER_DTYPE_INT8;
    case 2:
      return FUSER_DTYPE_INT16;
    case 4:
      return FUSER_DTYPE_INT32;
    case 8:
      return FUSER_DTYPE_INT64;
    }
    return -1;
  case 'e':
    return itemsize == 2 ? FUSER_DTYPE_FLOAT16 : -1;
  case 'f':
    return itemsize == 4 ? FUSER_DTYPE_FLOAT32 : -1;
  case 'd':
    return itemsize == 8 ? FUSER_DTYPE_FLOAT64 : -1;
  default:
    return -1;
  }
}

/* FuserDType of an array-interface typestr ("<f4", "|b1", ...); -1 if
 * unsupported. */
static int dtypeOfTypestr(const char *s) {
  if (!s || strlen(s) < 3)
    return -1;
  if (s[0] == '>')
    return -1;
  int bytes = atoi(s + 2);
  switch (s[1]) {
  case 'b':
    return bytes == 1 ? FUSER_DTYPE_BOOL : -1;
  case 'u':
    return bytes == 1 ? FUSER_DTYPE_UINT8 : -1;
  case 'i':
    return bytes == 1   ? FUSER_DTYPE_INT8
           : bytes == 2 ? FUSER_DTYPE_INT16
           : bytes == 4 ? FUSER_DTYPE_INT32
           : bytes == 8 ? FUSER_DTYPE_INT64
                        : -1;
  case 'f':
    return bytes == 2   ? FUSER_DTYPE_FLOAT16
           : bytes == 4 ? FUSER_DTYPE_FLOAT32
           : bytes == 8 ? FUSER_DTYPE_FLOAT64
                        : -1;
  default:
    return -1;
  }
}

/* Copies a sequence of ints into `out` (n entries). */
static int readInts(PyObject *seq, int64_t *out, Py_ssize_t n,
                    const char *what, Py_ssize_t index) {
  for (Py_ssize_t i = 0; i < n; ++i) {
    PyObject *item = PySequence_GetItem(seq, i);
    if (!item)
      return -1;
    out[i] = PyLong_AsLongLong(item);
    Py_DECREF(item);
    if (out[i] == -1 && PyErr_Occurred()) {
      PyErr_Format(PyExc_TypeError, "input #%zd: %s must be integers", index,
                   what);
      return -1;
    }
  }
  return 0;
}

static int fromBuffer(PyObject *obj, Py_ssize_t index, ArgSlot *slot,
                      FuserTensorRef *ref) {
  if (PyObject_GetBuffer(obj, &slot->buffer, PyBUF_RECORDS_RO) < 0)
    return -1;
  slot->hasBuffer = 1;
  Py_buffer *b = &slot->buffer;
  int dtype = dtypeOfFormat(b->format, b->itemsize);
  if (dtype < 0) {
    argumentError("input #%zd has element format '%s' (%zd bytes), which "
                  "fuser does not support",
                  index, b->format ? b->format : "B", b->itemsize);
    return -1;
  }
  int64_t *dims = slotDims(slot, b->ndim);
  if (!dims)
    return -1;
  for (int d = 0; d < b->ndim; ++d) {
    dims[d] = b->shape[d];
    Py_ssize_t stride =
        b->strides ? b->strides[d] : 0; /* RECORDS always gives strides */
    if (stride % b->itemsize) {
      argumentError("input #%zd has a stride of %zd bytes in dimension %d, "
                    "not a multiple of its %zd-byte elements",
                    index, stride, d, b->itemsize);
      return -1;
    }
    dims[b->ndim + d] = stride / b->itemsize;
  }
  ref->data = b->buf;
  ref->sizes = dims;
  ref->strides = dims + b->ndim;
  ref->ndim = b->ndim;
  ref->dtype = dtype;
  ref->device.type = FUSER_DEVICE_CPU;
  ref->device.index = 0;
  return 0;
}

/* Takes the tensor of a DLPack capsule (a new reference, released here)
 * into `slot`, which deletes it after the run. Returns its DLTensor, or NULL
 * with an exception set. */
static FuserDLTensor *takeCapsule(PyObject *capsule, Py_ssize_t index,
                                  ArgSlot *slot) {
  FuserDLTensor *dl = NULL;
  if (PyCapsule_IsValid(capsule, "dltensor_versioned")) {
    FuserDLManagedTensorVersioned *m =
        (FuserDLManagedTensorVersioned *)PyCapsule_GetPointer(
            capsule, "dltensor_versioned");
    if (m && PyCapsule_SetName(capsule, "used_dltensor_versioned") == 0) {
      slot->managed = m;
      slot->managedVersioned = 1;
      dl = &m->dl_tensor;
    }
  } else if (PyCapsule_IsValid(capsule, "dltensor")) {
    FuserDLManagedTensor *m =
        (FuserDLManagedTensor *)PyCapsule_GetPointer(capsule, "dltensor");
    if (m && PyCapsule_SetName(capsule, "used_dltensor") == 0) {
      slot->managed = m;
      slot->managedVersioned = 0;
      dl = &m->dl_tensor;
    }
  } else {
    PyErr_Format(PyExc_TypeError,
                 "input #%zd: __dlpack__ did not return a DLPack capsule",
                 index);
  }
  Py_DECREF(capsule);
  return dl;
}

/* torch's exporter (torch._C._to_dlpack) hands over the data pointer,
 * device, dtype, sizes and strides in one call, which costs less than the
 * six attribute reads and calls of readTorchAttributes. Returns 1 if it took
 * the tensor, 0 if the attribute path should (and say what is wrong). */
static int exportTorch(PyObject *obj, Py_ssize_t index, const Adapter *a,
                       ArgSlot *slot, FuserTensorRef *ref) {
  PyObject *capsule = PyObject_CallFunctionObjArgs(a->exporter, obj, NULL);
  if (!capsule) {
    PyErr_Clear(); /* e.g. sparse or meta tensors */
    return 0;
  }
  FuserDLTensor *dl = takeCapsule(capsule, index, slot);
  /* Devices other than the CPU and CUDA are refused on the attribute path
   * with their torch name. */
  if (dl &&
      (dl->device.device_type == FUSER_DL_CPU ||
       dl->device.device_type == FUSER_DL_CUDA) &&
      fuserTensorRefFromDLTensor(dl, ref) == FUSER_STATUS_OK)
    return 1;
  PyErr_Clear();
  releaseManaged(slot);
  return 0;
}

/* Replaces the error of a torch tensor without strides or a data pointer
 * (sparse and other non-strided layouts) by one that says so. */
static void layoutError(PyObject *obj, Py_ssize_t index) {
  PyErr_Clear();
  PyObject *layout = PyObject_GetAttr(obj, s_layout);
  PyErr_Clear();
  argumentError("input #%zd has layout %S; fuser takes strided (dense) "
                "tensors",
                index, layout ? layout : Py_None);
  Py_XDECREF(layout);
}

static int readTorchAttributes(PyObject *obj, Py_ssize_t index,
                               const Adapter *a, ArgSlot *slot,
                               FuserTensorRef *ref) {
  int ok = -1;
  PyObject *shape = NULL, *stride = NULL, *dtype = NULL, *ptr = NULL,
           *flag = NULL;
  dtype = PyObject_GetAttr(obj, s_dtype);
  if (!dtype)
    goto done;
  PyObject *code =
      a->dtypeMap ? PyDict_GetItemWithError(a->dtypeMap, dtype) : NULL;
  if (!code) {
    if (!PyErr_Occurred())
      argumentError("input #%zd has dtype %S, which fuser does not support",
                    index, dtype);
    goto done;
  }
  ref->dtype = (int32_t)PyLong_AsLong(code);
  flag = PyObject_GetAttr(obj, s_is_cuda);
  if (!flag)
    goto done;
  if (flag == Py_True) {
    PyObject *dev = PyObject_CallMethodObjArgs(obj, s_get_device, NULL);
    if (!dev)
      goto done;
    ref->device.type = FUSER_DEVICE_CUDA;
    ref->device.index = (int32_t)PyLong_AsLong(dev);
    Py_DECREF(dev);
  } else {
    Py_DECREF(flag);
    flag = PyObject_GetAttr(obj, s_is_cpu);
    if (!flag)
      goto done;
    if (flag != Py_True) {
      PyObject *dev = PyObject_GetAttr(obj, s_device);
      argumentError("input #%zd is on device %S; fuser runs tensors on the "
                    "CPU and CUDA devices",
                    index, dev ? dev : Py_None);
      Py_XDECREF(dev);
      goto done;
    }
    ref->device.type = FUSER_DEVICE_CPU;
    ref->device.index = 0;
  }
  shape = PyObject_GetAttr(obj, s_shape);
  if (!shape)
    goto done;
  stride = PyObject_CallMethodObjArgs(obj, s_stride, NULL);
  if (!stride) {
    layoutError(obj, index);
    goto done;
  }
  Py_ssize_t ndim = PySequence_Size(shape);
  if (ndim < 0)
    goto done;
  int64_t *dims = slotDims(slot, ndim);
  if (!dims || readInts(shape, dims, ndim, "sizes", index) < 0 ||
      readInts(stride, dims + ndim, ndim, "strides", index) < 0)
    goto done;
  ptr = PyObject_CallMethodObjArgs(obj, s_data_ptr, NULL);
  if (!ptr) {
    layoutError(obj, index);
    goto done;
  }
  ref->data = PyLong_AsVoidPtr(ptr);
  if (PyErr_Occurred())
    goto done;
  ref->sizes = dims;
  ref->strides = dims + ndim;
  ref->ndim = (int32_t)ndim;
  ok = 0;
done:
  Py_XDECREF(shape);
  Py_XDECREF(stride);
  Py_XDECREF(dtype);
  Py_XDECREF(ptr);
  Py_XDECREF(flag);
  return ok;
}

static int fromTorch(PyObject *obj, Py_ssize_t index, const Adapter *a,
                     ArgSlot *slot, FuserTensorRef *ref) {
  /* A negated view (torch._neg_view, the imaginary part of a conjugate)
   * holds the negation of its values: read a resolved copy instead. */
  int isNeg = 0;
  if (a->isNeg != Py_None) {
    /* The unbound method: no bound method object per call. */
    PyObject *neg = PyObject_CallFunctionObjArgs(a->isNeg, obj, NULL);
    if (!neg)
      return -1;
    isNeg = neg == Py_True;
    Py_DECREF(neg);
  }
  if (isNeg) {
    slot->owned = PyObject_CallMethodObjArgs(obj, s_resolve_neg, NULL);
    if (!slot->owned)
      return -1;
    obj = slot->owned;
  }
  if (a->exporter != Py_None && exportTorch(obj, index, a, slot, ref))
    return 0;
  return readTorchAttributes(obj, index, a, slot, ref);
}

static int fromCudaArrayInterface(PyObject *obj, Py_ssize_t index,
                                  ArgSlot *slot, FuserTensorRef *ref) {
  int ok = -1;
  PyObject *iface = PyObject_GetAttr(obj, s_cai);
  PyObject *device = NULL;
  if (!iface)
    return -1;
  if (!PyDict_Check(iface)) {
    PyErr_Format(PyExc_TypeError,
                 "input #%zd: __cuda_array_interface__ is not a dict", index);
    goto done;
  }
  PyObject *shape = PyDict_GetItemWithError(iface, s_shape);
  PyObject *typestr = PyDict_GetItemWithError(iface, s_typestr);
  PyObject *data = PyDict_GetItemWithError(iface, s_data);
  PyObject *strides = PyDict_GetItemWithError(iface, s_strides);
  PyObject *mask = PyDict_GetItemWithError(iface, s_mask);
  if (PyErr_Occurred())
    goto done;
  if (!shape || !typestr || !data) {
    PyErr_Format(PyExc_TypeError,
                 "input #%zd: __cuda_array_interface__ lacks shape, typestr "
                 "or data",
                 index);
    goto done;
  }
  if (mask && mask != Py_None) {
    argumentError("input #%zd is a masked array, which fuser does not "
                  "support",
                  index);
    goto done;
  }
  const char *ts = PyUnicode_AsUTF8AndSize(typestr, NULL);
  if (!ts)
    goto done;
  int dtype = dtypeOfTypestr(ts);
  if (dtype < 0) {
    argumentError("input #%zd has typestr '%s', which fuser does not support",
                  index, ts);
    goto done;
  }
  Py_ssize_t ndim = PySequence_Size(shape);
  if (ndim < 0)
    goto done;
  int64_t *dims = slotDims(slot, ndim);
  if (!dims || readInts(shape, dims, ndim, "sizes", index) < 0)
    goto done;
  size_t itemsize = fuserDTypeSize(dtype);
  if (strides && strides != Py_None) {
    if (readInts(strides, dims + ndim, ndim, "strides", index) < 0)
      goto done;
    for (Py_ssize_t d = 0; d < ndim; ++d) {
      if (dims[ndim + d] % (int64_t)itemsize) {
        argumentError("input #%zd has a stride not a multiple of its "
                      "elements",
                      index);
        goto done;
      }
      dims[ndim + d] /= (int64_t)itemsize;
    }
    ref->strides = dims + ndim;
  } else {
    ref->strides = NULL; /* C-contiguous */
  }
  PyObject *address = PySequence_GetItem(data, 0);
  if (!address)
    goto done;
  ref->data = PyLong_AsVoidPtr(address);
  Py_DECREF(address);
  if (PyErr_Occurred())
    goto done;
  ref->sizes = dims;
  ref->ndim = (int32_t)ndim;
  ref->dtype = dtype;
  ref->device.type = FUSER_DEVICE_CUDA;
  ref->device.index = 0;
  /* CuPy and Numba arrays name their device (device.id). */
  device = PyObject_GetAttr(obj, s_device);
  if (device) {
    PyObject *id = PyObject_GetAttr(device, s_id);
    if (id) {
      ref->device.index = (int32_t)PyLong_AsLong(id);
      Py_DECREF(id);
    }
  }
  PyErr_Clear();
  ok = 0;
done:
  Py_DECREF(iface);
  Py_XDECREF(device);
  return ok;
}

static int fromDLPack(PyObject *obj, Py_ssize_t index, ArgSlot *slot,
                      FuserTensorRef *ref) {
  PyObject *capsule = PyObject_CallMethodObjArgs(obj, s_dlpack, NULL);
  if (!capsule)
    return -1;
  FuserDLTensor *dl = takeCapsule(capsule, index, slot);
  if (!dl)
    return -1;
  if (fuserTensorRefFromDLTensor(dl, ref) != FUSER_STATUS_OK) {
    argumentError("input #%zd: %s", index, fuserGetLastError());
    return -1;
  }
  return 0;
}

/* Python float-like scalar argument. */
static int scalarOf(PyObject *obj, Py_ssize_t index, double *out) {
  if (PyFloat_Check(obj) || PyLong_Check(obj)) {
    *out = PyFloat_AsDouble(obj);
    return (*out == -1.0 && PyErr_Occurred()) ? -1 : 0;
  }
  PyObject *shape = PyObject_GetAttr(obj, s_shape);
  if (shape) {
    Py_ssize_t n = PySequence_Size(shape);
    Py_DECREF(shape);
    if (n != 0) {
      PyErr_Clear();
      PyObject *tn = typeName(obj);
      argumentError("input #%zd must be a float scalar, got a tensor (%U)",
                    index, tn);
      Py_XDECREF(tn);
      return -1;
    }
  }
  PyErr_Clear();
  *out = PyFloat_AsDouble(obj);
  if (*out == -1.0 && PyErr_Occurred()) {
    PyErr_Clear();
    PyObject *tn = typeName(obj);
    argumentError("input #%zd must be a float scalar, got %U", index, tn);
    Py_XDECREF(tn);
    return -1;
  }
  return 0;
}

/* A stream argument: an int, or an object with .cuda_stream (torch) or
 * .ptr (CuPy). */
static int streamOf(PyObject *obj, void **out) {
  if (obj == Py_None) {
    *out = NULL;
    return 0;
  }
  PyObject *value = NULL;
  if (PyLong_Check(obj)) {
    value = obj;
    Py_INCREF(value);
  } else {
    value = PyObject_GetAttr(obj, s_cuda_stream);
    if (!value) {
      PyErr_Clear();
      value = PyObject_GetAttr(obj, s_ptr);
    }
    if (!value) {
      PyErr_Clear();
      PyObject *tn = typeName(obj);
      PyErr_Format(PyExc_TypeError,
                   "stream must be an int (a CUstream) or a stream object "
                   "with .cuda_stream or .ptr, not %U",
                   tn);
      Py_XDECREF(tn);
      return -1;
    }
  }
  *out = PyLong_AsVoidPtr(value);
  Py_DECREF(value);
  return PyErr_Occurred() ? -1 : 0;
}

/*===----------------------------------------------------------------------===*
 * Running
 *===----------------------------------------------------------------------===*/

enum RunMode {
  RUN_DEFAULT = 0,
  RUN_KERNEL = 1,
  RUN_FALLBACK = 2,
  RUN_TIME_NATIVE = 3, /* benchmarks: time fuserRun alone on these args */
};

static int compareDoubles(const void *a, const void *b) {
  double x = *(const double *)a, y = *(const double *)b;
  return x < y ? -1 : x > y;
}

typedef struct {
  PyObject_HEAD
  int64_t key;
  Py_ssize_t numInputs;
  Py_ssize_t numTensorInputs;
  Py_ssize_t numOutputs;
} GroupObject;

/* Converts outputs[0..n) to the caller's library; takes ownership of all of
 * them. Returns a new list-like tuple. */
static PyObject *convertOutputs(FuserTensor *outputs, size_t n,
                                const Adapter *a) {
  PyObject *result = PyTuple_New((Py_ssize_t)n);
  size_t i = 0;
  if (!result)
    goto fail;
  for (; i < n; ++i) {
    FuserTensor t = outputs[i];
    outputs[i] = NULL;
    int mode = a ? a->mode : OUT_TENSOR;
    if (mode != OUT_TENSOR && !a->bf16) {
      FuserTensorRef ref;
      if (fuserTensorGetRef(t, &ref) == FUSER_STATUS_OK &&
          ref.dtype == FUSER_DTYPE_BFLOAT16)
        mode = OUT_TENSOR;
    }
    PyObject *value;
    if (mode == OUT_CALL_CAPSULE) {
      /* The output goes into the capsule, with no copy of its metadata. */
      FuserDLManagedTensor *m = fuserTensorIntoDLPack(t);
      if (!m) {
        raiseStatus(fuserGetLastStatus());
        goto fail;
      }
      PyObject *capsule = PyCapsule_New(m, "dltensor", capsuleDestructor);
      if (!capsule) {
        m->deleter(m);
        goto fail;
      }
      value = PyObject_CallFunctionObjArgs(a->factory, capsule, NULL);
      Py_DECREF(capsule);
    } else {
      PyObject *holder = tensorWrap(t);
      if (!holder)
        goto fail;
      if (mode == OUT_TENSOR) {
        value = holder;
      } else {
        value = PyObject_CallFunctionObjArgs(a->factory, holder, NULL);
        Py_DECREF(holder);
      }
    }
    if (!value)
      goto fail;
    PyTuple_SetItem(result, (Py_ssize_t)i, value);
  }
  return result;
fail:
  for (; i < n; ++i)
    if (outputs[i]) {
      fuserTensorRelease(outputs[i]);
      outputs[i] = NULL;
    }
  Py_XDECREF(result);
  return NULL;
}

/* Runs `group` on the items of `args` (a tuple). RUN_KERNEL returns
 * (outputs or None, reason, code or None). */
static PyObject *runGroup(GroupObject *group, PyObject *args, int mode,
                          PyObject *streamArg, long iterations) {
  Py_ssize_t n = PyTuple_Size(args);
  if (n < 0)
    return NULL;
  if (n != group->numInputs)
    return argumentError(
        "the group takes %zd inputs (%zd tensors, then %zd float scalars), "
        "got %zd",
        group->numInputs, group->numTensorInputs,
        group->numInputs - group->numTensorInputs, n);

  FuserArgument inlineArgs[INLINE_ARGS];
  ArgSlot inlineSlots[INLINE_ARGS];
  FuserTensor inlineOutputs[INLINE_ARGS];
  FuserArgument *fargs = inlineArgs;
  ArgSlot *slots = inlineSlots;
  FuserTensor *outputs = inlineOutputs;
  PyObject *result = NULL;
  Py_ssize_t prepared = 0;
  if (n > INLINE_ARGS) {
    fargs = (FuserArgument *)PyMem_Calloc((size_t)n, sizeof(FuserArgument));
    slots = (ArgSlot *)PyMem_Calloc((size_t)n, sizeof(ArgSlot));
    if (!fargs || !slots) {
      PyErr_NoMemory();
      goto done;
    }
  }
  if (group->numOutputs > INLINE_ARGS) {
    outputs = (FuserTensor *)PyMem_Calloc((size_t)group->numOutputs,
                                          sizeof(FuserTensor));
    if (!outputs) {
      PyErr_NoMemory();
      goto done;
    }
  }

  /* The caller's library is that of the first tensor input. */
  Adapter first;
  memset(&first, 0, sizeof(first));
  int haveFirst = 0;
  PyTypeObject *firstType = NULL;
  for (; prepared < n; ++prepared) {
    Py_ssize_t i = prepared;
    PyObject *obj = PyTuple_GetItem(args, i);
    FuserArgument *fa = &fargs[i];
    ArgSlot *slot = &slots[i];
    slot->hasBuffer = 0;
    slot->managed = NULL;
    slot->owned = NULL;
    slot->dims = NULL;
    if (i >= group->numTensorInputs) {
      fa->kind = FUSER_ARGUMENT_SCALAR;
      if (scalarOf(obj, i, &fa->scalar) < 0)
        goto done;
      continue;
    }
    fa->kind = FUSER_ARGUMENT_TENSOR;
    Adapter a;
    /* Arguments mostly share the first one's type (and adapter). */
    int found = haveFirst && Py_TYPE(obj) == firstType ? (a = first, 1)
                                                       : getAdapter(obj, &a);
    if (found < 0)
      goto done;
    if (found == 0) {
      PyObject *tn = typeName(obj);
      if (PyFloat_Check(obj) || PyLong_Check(obj))
        argumentError("input #%zd must be a tensor, got a %U scalar (the "
                      "group's tensor inputs come first, then its f64 "
                      "scalars)",
                      i, tn);
      else
        argumentError("input #%zd must be a tensor (a NumPy array, torch "
                      "tensor or DLPack/array-interface object), got %U",
                      i, tn);
      Py_XDECREF(tn);
      goto done;
    }
    int status;
    switch (a.kind) {
    case KIND_BUFFER:
      status = fromBuffer(obj, i, slot, &fa->tensor);
      break;
    case KIND_TORCH:
      status = fromTorch(obj, i, &a, slot, &fa->tensor);
      break;
    case KIND_CAI:
      status = fromCudaArrayInterface(obj, i, slot, &fa->tensor);
      break;
    default:
      status = fromDLPack(obj, i, slot, &fa->tensor);
      break;
    }
    if (status < 0) {
      ++prepared; /* its slot holds resources */
      goto done;
    }
    if (!haveFirst) {
      first = a;
      firstType = Py_TYPE(obj);
      haveFirst = 1;
    }
  }

  /* The stream: given, or the current stream of the first CUDA input's
   * library. */
  void *stream = NULL;
  if (streamArg && streamArg != Py_None) {
    if (streamOf(streamArg, &stream) < 0)
      goto done;
  } else if (haveFirst && first.streamGetter != Py_None) {
    for (Py_ssize_t i = 0; i < group->numTensorInputs; ++i) {
      if (fargs[i].tensor.device.type != FUSER_DEVICE_CUDA)
        continue;
      PyObject *index = PyLong_FromLong(fargs[i].tensor.device.index);
      if (!index)
        goto done;
      PyObject *s =
          PyObject_CallFunctionObjArgs(first.streamGetter, index, NULL);
      Py_DECREF(index);
      if (!s)
        goto done;
      stream = PyLong_AsVoidPtr(s);
      Py_DECREF(s);
      if (PyErr_Occurred())
        goto done;
      break;
    }
  }

  FuserStatus status;
  size_t numOutputs = 0;
  int32_t reason = 0;
  char *code = NULL;
  size_t codeLength = 0;
  size_t capacity = (size_t)group->numOutputs;
  if (mode == RUN_TIME_NATIVE) {
    /* The cost of fuserRun (runtime and kernel) and of releasing its
     * outputs, without any of this binding's work: (median, mean) wall
     * ns per call, and the thread's CPU ns per call (which preemption on a
     * loaded machine does not inflate). */
    long count = iterations > 0 ? iterations : 1;
    double *times = (double *)PyMem_Malloc(sizeof(double) * (size_t)count);
    if (!times) {
      PyErr_NoMemory();
      goto done;
    }
    double total = 0, cpu = 0;
    status = FUSER_STATUS_OK;
    Py_BEGIN_ALLOW_THREADS
    struct timespec c0, c1;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c0);
    for (long it = 0; it < count && status == FUSER_STATUS_OK; ++it) {
      struct timespec t0, t1;
      clock_gettime(CLOCK_MONOTONIC, &t0);
      status = fuserRun(group->key, fargs, (size_t)n, stream, outputs,
                        capacity, &numOutputs);
      if (status == FUSER_STATUS_OK)
        for (size_t j = 0; j < numOutputs; ++j)
          fuserTensorRelease(outputs[j]);
      clock_gettime(CLOCK_MONOTONIC, &t1);
      times[it] = (double)(t1.tv_sec - t0.tv_sec) * 1e9 +
                  (double)(t1.tv_nsec - t0.tv_nsec);
      total += times[it];
    }
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c1);
    cpu = (double)(c1.tv_sec - c0.tv_sec) * 1e9 +
          (double)(c1.tv_nsec - c0.tv_nsec);
    if (status == FUSER_STATUS_OK)
      qsort(times, (size_t)count, sizeof(double), compareDoubles);
    Py_END_ALLOW_THREADS
    if (status != FUSER_STATUS_OK)
      raiseStatus(status);
    else
      result = Py_BuildValue("(ddd)", times[count / 2], total / (double)count,
                             cpu / (double)count);
    PyMem_Free(times);
    goto done;
  }
  Py_BEGIN_ALLOW_THREADS
  if (mode == RUN_KERNEL)
    status = fuserRunKernel(group->key, fargs, (size_t)n, stream, outputs,
                            capacity, &numOutputs, &reason, &code,
                            &codeLength);
  else if (mode == RUN_FALLBACK)
    status = fuserRunFallback(group->key, fargs, (size_t)n, outputs,
                              capacity, &numOutputs);
  else
    status = fuserRun(group->key, fargs, (size_t)n, stream, outputs, capacity,
                      &numOutputs);
  Py_END_ALLOW_THREADS
  if (status != FUSER_STATUS_OK) {
    raiseStatus(status);
    goto done;
  }
  /* The inputs are no longer needed; release them before making outputs. */
  for (Py_ssize_t i = 0; i < prepared; ++i)
    slotRelease(&slots[i]);
  prepared = 0;

  if (mode == RUN_KERNEL) {
    PyObject *outs = Py_None;
    Py_INCREF(outs);
    if (reason == FUSER_FALLBACK_NONE) {
      Py_DECREF(outs);
      outs = convertOutputs(outputs, numOutputs, haveFirst ? &first : NULL);
    }
    PyObject *codeObj =
        code ? PyUnicode_DecodeUTF8(code, (Py_ssize_t)codeLength, "replace")
             : (Py_INCREF(Py_None), Py_None);
    fuserFreeString(code);
    if (outs && codeObj)
      result = Py_BuildValue("(NiN)", outs, (int)reason, codeObj);
    else {
      Py_XDECREF(outs);
      Py_XDECREF(codeObj);
    }
    goto done;
  }
  PyObject *outs =
      convertOutputs(outputs, numOutputs, haveFirst ? &first : NULL);
  if (!outs)
    goto done;
  if (group->numOutputs == 1 && mode == RUN_DEFAULT) {
    result = PyTuple_GetItem(outs, 0);
    Py_INCREF(result);
    Py_DECREF(outs);
  } else {
    result = outs;
  }

done:
  for (Py_ssize_t i = 0; i < prepared; ++i)
    slotRelease(&slots[i]);
  if (fargs != inlineArgs)
    PyMem_Free(fargs);
  if (slots != inlineSlots)
    PyMem_Free(slots);
  if (outputs != inlineOutputs)
    PyMem_Free(outputs);
  return result;
}

/*===----------------------------------------------------------------------===*
 * GroupBase: the per-call entry point, subclassed by fuser.Group
 *===----------------------------------------------------------------------===*/

static int groupInit(PyObject *obj, PyObject *args, PyObject *kwargs) {
  GroupObject *self = (GroupObject *)obj;
  long long key;
  static char *kwlist[] = {"key", NULL};
  if (!PyArg_ParseTupleAndKeywords(args, kwargs, "L", kwlist, &key))
    return -1;
  FuserGroupInfo info;
  if (fuserGetGroupInfo(key, &info) != FUSER_STATUS_OK) {
    raiseStatus(fuserGetLastStatus());
    return -1;
  }
  self->key = key;
  self->numInputs = (Py_ssize_t)info.numInputs;
  self->numTensorInputs = (Py_ssize_t)info.numTensorInputs;
  self->numOutputs = (Py_ssize_t)info.numOutputs;
  return 0;
}

static void groupDealloc(PyObject *obj) {
  PyTypeObject *type = Py_TYPE(obj);
  freefunc tpFree = (freefunc)PyType_GetSlot(type, Py_tp_free);
  tpFree(obj);
  Py_DECREF(type);
}

static PyObject *groupCall(PyObject *obj, PyObject *args, PyObject *kwargs) {
  PyObject *stream = NULL;
  if (kwargs) {
    Py_ssize_t pos = 0;
    PyObject *k, *v;
    while (PyDict_Next(kwargs, &pos, &k, &v)) {
      if (PyUnicode_Check(k) &&
          PyUnicode_CompareWithASCIIString(k, "stream") == 0) {
        stream = v;
      } else {
        PyErr_Format(PyExc_TypeError,
                     "a fusion group takes no keyword argument %R besides "
                     "stream",
                     k);
        return NULL;
      }
    }
  }
  return runGroup((GroupObject *)obj, args, RUN_DEFAULT, stream, 0);
}

/* _run(args, mode, stream) */
static PyObject *groupRun(PyObject *obj, PyObject *args) {
  PyObject *items, *stream;
  int mode;
  if (!PyArg_ParseTuple(args, "O!iO", &PyTuple_Type, &items, &mode, &stream))
    return NULL;
  if (mode < RUN_DEFAULT || mode > RUN_FALLBACK) {
    PyErr_SetString(PyExc_ValueError, "invalid run mode");
    return NULL;
  }
  return runGroup((GroupObject *)obj, items, mode, stream, 0);
}

/* _time_native(args, iterations) -> (median, mean, cpu) ns per fuserRun
 * call */
static PyObject *groupTimeNative(PyObject *obj, PyObject *args) {
  PyObject *items;
  long iterations;
  if (!PyArg_ParseTuple(args, "O!l", &PyTuple_Type, &items, &iterations))
    return NULL;
  return runGroup((GroupObject *)obj, items, RUN_TIME_NATIVE, Py_None,
                  iterations);
}

static PyObject *groupKey(PyObject *obj, void *unused) {
  (void)unused;
  return PyLong_FromLongLong(((GroupObject *)obj)->key);
}

static PyGetSetDef groupGetSet[] = {
    {"key", groupKey, NULL,
     "The key the group is registered under (equal groups share it).", NULL},
    {NULL, NULL, NULL, NULL, NULL},
};

static PyMethodDef groupMethods[] = {
    {"_run", groupRun, METH_VARARGS,
     "_run(args: tuple, mode: int, stream) -- 0: run, 1: kernel only "
     "(returns (outputs or None, reason, code)), 2: interpreter only."},
    {"_time_native", groupTimeNative, METH_VARARGS,
     "_time_native(args: tuple, iterations: int) -> (median, mean, cpu): "
     "wall nanoseconds per fuserRun call on these arguments (median and "
     "mean; outputs released) and thread CPU nanoseconds per call, timed in C "
     "(for benchmarks: what the runtime and kernel cost without the "
     "binding)."},
    {NULL, NULL, 0, NULL},
};

static PyType_Slot groupSlots[] = {
    {Py_tp_init, groupInit},
    {Py_tp_new, PyType_GenericNew},
    {Py_tp_dealloc, groupDealloc},
    {Py_tp_call, groupCall},
    {Py_tp_getset, groupGetSet},
    {Py_tp_methods, groupMethods},
    {Py_tp_doc, "The native part of fuser.Group: GroupBase(key)."},
    {0, NULL},
};

static PyType_Spec groupSpec = {
    "fuser._fuser.GroupBase", sizeof(GroupObject), 0,
    Py_TPFLAGS_DEFAULT | Py_TPFLAGS_BASETYPE, groupSlots,
};

/*===----------------------------------------------------------------------===*
 * Module functions (thin wrappers of the C API)
 *===----------------------------------------------------------------------===*/

#define CHECK(call)                                                            \
  do {                                                                         \
    FuserStatus status_ = (call);                                              \
    if (status_ != FUSER_STATUS_OK)                                            \
      return raiseStatus(status_);                                             \
  } while (0)

static PyObject *takeString(char *s, size_t length) {
  PyObject *r = PyUnicode_DecodeUTF8(s ? s : "", (Py_ssize_t)length,
                                     "replace");
  fuserFreeString(s);
  return r;
}

static PyObject *modSetHooks(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *classifier, *errors;
  if (!PyArg_ParseTuple(args, "OO!", &classifier, &PyTuple_Type, &errors))
    return NULL;
  if (PyTuple_Size(errors) != NUM_ERROR_CLASSES) {
    PyErr_SetString(PyExc_ValueError, "wrong number of error classes");
    return NULL;
  }
  PyObject *old = g_classifier;
  Py_INCREF(classifier);
  g_classifier = classifier;
  Py_XDECREF(old);
  old = g_errors;
  Py_INCREF(errors);
  g_errors = errors;
  Py_XDECREF(old);
  PyDict_Clear(g_adapters);
  Py_RETURN_NONE;
}

static PyObject *modClearAdapters(PyObject *self, PyObject *unused) {
  (void)self;
  (void)unused;
  PyDict_Clear(g_adapters);
  Py_RETURN_NONE;
}

static PyObject *modRegister(PyObject *self, PyObject *args) {
  (void)self;
  const char *source, *name = NULL;
  Py_ssize_t length;
  if (!PyArg_ParseTuple(args, "s#z", &source, &length, &name))
    return NULL;
  int64_t key;
  FuserStatus status;
  Py_BEGIN_ALLOW_THREADS
  status = fuserRegisterGroup(source, (size_t)length, name, &key);
  Py_END_ALLOW_THREADS
  if (status != FUSER_STATUS_OK)
    return raiseStatus(status);
  return PyLong_FromLongLong(key);
}

static PyObject *modRegisterFile(PyObject *self, PyObject *args) {
  (void)self;
  PyObject *path;
  const char *name = NULL;
  if (!PyArg_ParseTuple(args, "O&z", PyUnicode_FSConverter, &path, &name))
    return NULL;
  char *bytes = NULL;
  Py_ssize_t size;
  if (PyBytes_AsStringAndSize(path, &bytes, &size) < 0) {
    Py_DECREF(path);
    return NULL;
  }
  int64_t key;
  FuserStatus status;
  Py_BEGIN_ALLOW_THREADS
  status = fuserRegisterGroupFile(bytes, name, &key);
  Py_END_ALLOW_THREADS
  Py_DECREF(path);
  if (status != FUSER_STATUS_OK)
    return raiseStatus(status);
  return PyLong_FromLongLong(key);
}

static PyObject *modGroupInfo(PyObject *self, PyObject *args) {
  (void)self;
  long long key;
  if (!PyArg_ParseTuple(args, "L", &key))
    return NULL;
  FuserGroupInfo info;
  CHECK(fuserGetGroupInfo(key, &info));
  return Py_BuildValue("(LLLLL)", (long long)info.numInputs,
                       (long long)info.numTensorInputs,
                       (long long)info.numOutputs, (long long)info.numRandom,
                       (long long)info.numCachedKernels);
}

static PyObject *modGroupInput(PyObject *self, PyObject *args) {
  (void)self;
  long long key, index;
  if (!PyArg_ParseTuple(args, "LL", &key, &index))
    return NULL;
  int64_t rank;
  FuserPartition chunk;
  CHECK(fuserGetGroupInput(key, index, &rank, &chunk));
  return Py_BuildValue("(LLL)", (long long)rank, (long long)chunk.parts,
                       (long long)chunk.dim);
}

static PyObject *modGroupOutput(PyObject *self, PyObject *args) {
  (void)self;
  long long key, index;
  if (!PyArg_ParseTuple(args, "LL", &key, &index))
    return NULL;
  FuserPartition concat;
  CHECK(fuserGetGroupOutput(key, index, &concat));
  return Py_BuildValue("(LL)", (long long)concat.parts, (long long)concat.dim);
}

static PyObject *modGroupSource(PyObject *self, PyObject *args) {
  (void)self;
  long long key;
  if (!PyArg_ParseTuple(args, "L", &key))
    return NULL;
  char *s = NULL;
  size_t length = 0;
  CHECK(fuserGetGroupSource(key, &s, &length));
  return takeString(s, length);
}

/* Reads a sequence of dtype codes. */
static int32_t *readDTypes(PyObject *seq, Py_ssize_t *n) {
  *n = PySequence_Size(seq);
  if (*n < 0)
    return NULL;
  int32_t *codes = (int32_t *)PyMem_Malloc(sizeof(int32_t) * (size_t)(*n + 1));
  if (!codes) {
    PyErr_NoMemory();
    return NULL;
  }
  for (Py_ssize_t i = 0; i < *n; ++i) {
    PyObject *item = PySequence_GetItem(seq, i);
    if (!item) {
      PyMem_Free(codes);
      return NULL;
    }
    codes[i] = (int32_t)PyLong_AsLong(item);
    Py_DECREF(item);
    if (PyErr_Occurred()) {
      PyMem_Free(codes);
      return NULL;
    }
  }
  return codes;
}

static PyObject *modSpecializedSource(PyObject *self, PyObject *args) {
  (void)self;
  long long key;
  PyObject *seq;
  if (!PyArg_ParseTuple(args, "LO", &key, &seq))
    return NULL;
  Py_ssize_t n;
  int32_t *codes = readDTypes(seq, &n);
  if (!codes)
    return NULL;
  char *s = NULL;
  size_t length = 0;
  FuserStatus status;
  Py_BEGIN_ALLOW_THREADS
  status = fuserGetSpecializedGroupSource(key, codes, (size_t)n, &s, &length);
  Py_END_ALLOW_THREADS
  PyMem_Free(codes);
  if (status != FUSER_STATUS_OK)
    return raiseStatus(status);
  return takeString(s, length);
}

/* Reads (dtype, ndim, contiguity bytes or None) descriptors. */
static FuserTensorDesc *readDescs(PyObject *seq, Py_ssize_t *n,
                                  PyObject **keep) {
  *n = PySequence_Size(seq);
  if (*n < 0)
    return NULL;
  FuserTensorDesc *descs =
      (FuserTensorDesc *)PyMem_Calloc((size_t)*n + 1, sizeof(FuserTensorDesc));
  *keep = PyList_New(0);
  if (!descs || !*keep) {
    PyMem_Free(descs);
    Py_CLEAR(*keep);
    PyErr_NoMemory();
    return NULL;
  }
  for (Py_ssize_t i = 0; i < *n; ++i) {
    PyObject *item = PySequence_GetItem(seq, i);
    int dtype, ndim;
    PyObject *bits;
    if (!item || !PyArg_ParseTuple(item, "iiO", &dtype, &ndim, &bits)) {
      Py_XDECREF(item);
      PyMem_Free(descs);
      Py_CLEAR(*keep);
      return NULL;
    }
    descs[i].dtype = dtype;
    descs[i].ndim = ndim;
    descs[i].contiguity = NULL;
    if (bits != Py_None) {
      char *data;
      Py_ssize_t size;
      if (PyBytes_AsStringAndSize(bits, &data, &size) < 0 || size != ndim) {
        if (!PyErr_Occurred())
          PyErr_SetString(PyExc_ValueError,
                          "contiguity must have one byte per dimension");
        Py_DECREF(item);
        PyMem_Free(descs);
        Py_CLEAR(*keep);
        return NULL;
      }
      PyList_Append(*keep, bits);
      descs[i].contiguity = (const uint8_t *)data;
    }
    Py_DECREF(item);
  }
  return descs;
}

/* compile_kernel(key, inputs, outputs or None, device_type, device_index)
 * -> (name, code, device_type, output dtypes) */
static PyObject *modCompileKernel(PyObject *self, PyObject *args) {
  (void)self;
  long long key;
  PyObject *inSeq, *outSeq;
  int deviceType, deviceIndex;
  if (!PyArg_ParseTuple(args, "LOOii", &key, &inSeq, &outSeq, &deviceType,
                        &deviceIndex))
    return NULL;
  Py_ssize_t nIn = 0, nOut = 0;
  PyObject *keepIn = NULL, *keepOut = NULL;
  FuserTensorDesc *in = readDescs(inSeq, &nIn, &keepIn);
  if (!in)
    return NULL;
  FuserTensorDesc *out = NULL;
  if (outSeq != Py_None) {
    out = readDescs(outSeq, &nOut, &keepOut);
    if (!out) {
      PyMem_Free(in);
      Py_DECREF(keepIn);
      return NULL;
    }
  }
  FuserDevice device = {deviceType, deviceIndex};
  FuserKernel kernel = NULL;
  FuserStatus status;
  Py_BEGIN_ALLOW_THREADS
  status = fuserCompileKernel(key, in, (size_t)nIn, out, (size_t)nOut, device,
                              &kernel);
  Py_END_ALLOW_THREADS
  PyMem_Free(in);
  PyMem_Free(out);
  Py_DECREF(keepIn);
  Py_XDECREF(keepOut);
  if (status != FUSER_STATUS_OK)
    return raiseStatus(status);
  size_t length = 0;
  const char *code = fuserKernelGetCode(kernel, &length);
  int64_t numOutputs = fuserKernelGetNumOutputs(kernel);
  PyObject *dtypes = PyTuple_New((Py_ssize_t)numOutputs);
  if (dtypes)
    for (int64_t j = 0; j < numOutputs; ++j)
      PyTuple_SetItem(dtypes, (Py_ssize_t)j,
                      PyLong_FromLong(fuserKernelGetOutputDType(kernel, j)));
  PyObject *result =
      dtypes ? Py_BuildValue("(sNiN)", fuserKernelGetName(kernel),
                             PyUnicode_DecodeUTF8(code, (Py_ssize_t)length,
                                                  "replace"),
                             (int)fuserKernelGetDeviceType(kernel), dtypes)
             : NULL;
  fuserKernelRelease(kernel);
  return result;
}

static PyObject *modHasBackend(PyObject *self, PyObject *args) {
  (void)self;
  int type;
  if (!PyArg_ParseTuple(args, "i", &type))
    return NULL;
  return PyBool_FromLong(fuserHasBackend(type));
}

static PyObject *modDeregisterBackend(PyObject *self, PyObject *args) {
  (void)self;
  int type;
  if (!PyArg_ParseTuple(args, "i", &type))
    return NULL;
  CHECK(fuserDeregisterBackend(type));
  Py_RETURN_NONE;
}

static PyObject *modRegisterBuiltinBackend(PyObject *self, PyObject *args) {
  (void)self;
  int type;
  if (!PyArg_ParseTuple(args, "i", &type))
    return NULL;
  CHECK(fuserRegisterBuiltinBackend(type));
  Py_RETURN_NONE;
}

static PyObject *modCudaAvailable(PyObject *self, PyObject *unused) {
  (void)self;
  (void)unused;
  return PyBool_FromLong(fuserCudaAvailable());
}

static PyObject *modCudaUnavailableReason(PyObject *self, PyObject *unused) {
  (void)self;
  (void)unused;
  char *s = NULL;
  size_t length = 0;
  CHECK(fuserGetCudaUnavailableReason(&s, &length));
  return takeString(s, length);
}

static PyObject *modCudaSynchronize(PyObject *self, PyObject *unused) {
  (void)self;
  (void)unused;
  FuserStatus status;
  Py_BEGIN_ALLOW_THREADS
  status = fuserCudaSynchronize();
  Py_END_ALLOW_THREADS
  if (status != FUSER_STATUS_OK)
    return raiseStatus(status);
  Py_RETURN_NONE;
}

/* get_switch(which) / set_switch(which, value): 0 CPU, 1 GPU, 2 LLVM. */
static PyObject *modGetSwitch(PyObject *self, PyObject *args) {
  (void)self;
  int which;
  if (!PyArg_ParseTuple(args, "i", &which))
    return NULL;
  switch (which) {
  case 0:
    return PyBool_FromLong(fuserCanFuseOnCPU());
  case 1:
    return PyBool_FromLong(fuserCanFuseOnGPU());
  case 2:
    return PyBool_FromLong(fuserMustUseLLVMOnCPU());
  }
  PyErr_SetString(PyExc_ValueError, "unknown switch");
  return NULL;
}

static PyObject *modSetSwitch(PyObject *self, PyObject *args) {
  (void)self;
  int which, value;
  if (!PyArg_ParseTuple(args, "ip", &which, &value))
    return NULL;
  switch (which) {
  case 0:
    fuserOverrideCanFuseOnCPU(value);
    Py_RETURN_NONE;
  case 1:
    fuserOverrideCanFuseOnGPU(value);
    Py_RETURN_NONE;
  case 2:
    fuserOverrideMustUseLLVMOnCPU(value);
    Py_RETURN_NONE;
  }
  PyErr_SetString(PyExc_ValueError, "unknown switch");
  return NULL;
}

static PyObject *modCounters(PyObject *self, PyObject *unused) {
  (void)self;
  (void)unused;
  return Py_BuildValue("(LLi)", (long long)fuserNumCompiledKernels(),
                       (long long)fuserNumRegisteredGroups(),
                       fuserDebugLevel());
}

static PyObject *modManualSeed(PyObject *self, PyObject *args) {
  (void)self;
  int type, index;
  unsigned long long seed;
  if (!PyArg_ParseTuple(args, "iiK", &type, &index, &seed))
    return NULL;
  FuserDevice device = {type, index};
  CHECK(fuserManualSeed(device, seed));
  Py_RETURN_NONE;
}

static PyObject *modVersions(PyObject *self, PyObject *unused) {
  (void)self;
  (void)unused;
  uint32_t api = fuserGetAPIVersion();
  return Py_BuildValue("(s(ii)(ii))", fuserGetVersionString(),
                       (int)(api >> 16), (int)(api & 0xffff),
                       FUSER_C_API_VERSION_MAJOR, FUSER_C_API_VERSION_MINOR);
}

static PyObject *modDTypeName(PyObject *self, PyObject *args) {
  (void)self;
  int code;
  if (!PyArg_ParseTuple(args, "i", &code))
    return NULL;
  const char *name = fuserDTypeName(code);
  if (!name) {
    PyErr_Format(PyExc_ValueError, "invalid dtype code %d", code);
    return NULL;
  }
  return PyUnicode_FromString(name);
}

static PyObject *modDTypeFromName(PyObject *self, PyObject *args) {
  (void)self;
  const char *name;
  if (!PyArg_ParseTuple(args, "s", &name))
    return NULL;
  int32_t code;
  if (fuserDTypeFromName(name, &code) != FUSER_STATUS_OK)
    return argumentError("%s", fuserGetLastError());
  return PyLong_FromLong(code);
}

static PyObject *modFallbackReasonName(PyObject *self, PyObject *args) {
  (void)self;
  int code;
  if (!PyArg_ParseTuple(args, "i", &code))
    return NULL;
  return PyUnicode_FromString(fuserFallbackReasonName(code));
}

static PyMethodDef moduleMethods[] = {
    {"_set_hooks", modSetHooks, METH_VARARGS,
     "_set_hooks(classifier, error_classes)"},
    {"_clear_adapters", modClearAdapters, METH_NOARGS,
     "Forgets the adapters cached per type."},
    {"register", modRegister, METH_VARARGS, "register(source, name) -> key"},
    {"register_file", modRegisterFile, METH_VARARGS,
     "register_file(path, name) -> key"},
    {"group_info", modGroupInfo, METH_VARARGS,
     "group_info(key) -> (inputs, tensor inputs, outputs, random, cached "
     "kernels)"},
    {"group_input", modGroupInput, METH_VARARGS,
     "group_input(key, i) -> (rank, chunks, chunk dim)"},
    {"group_output", modGroupOutput, METH_VARARGS,
     "group_output(key, j) -> (parts, concat dim)"},
    {"group_source", modGroupSource, METH_VARARGS, "group_source(key) -> str"},
    {"specialized_source", modSpecializedSource, METH_VARARGS,
     "specialized_source(key, dtype codes) -> str"},
    {"compile_kernel", modCompileKernel, METH_VARARGS,
     "compile_kernel(key, inputs, outputs, device_type, device_index) -> "
     "(name, code, device_type, output dtype codes)"},
    {"has_backend", modHasBackend, METH_VARARGS, "has_backend(device_type)"},
    {"deregister_backend", modDeregisterBackend, METH_VARARGS,
     "deregister_backend(device_type)"},
    {"register_builtin_backend", modRegisterBuiltinBackend, METH_VARARGS,
     "register_builtin_backend(device_type)"},
    {"cuda_available", modCudaAvailable, METH_NOARGS, "cuda_available()"},
    {"cuda_unavailable_reason", modCudaUnavailableReason, METH_NOARGS,
     "cuda_unavailable_reason()"},
    {"cuda_synchronize", modCudaSynchronize, METH_NOARGS,
     "cuda_synchronize()"},
    {"get_switch", modGetSwitch, METH_VARARGS, "get_switch(which)"},
    {"set_switch", modSetSwitch, METH_VARARGS, "set_switch(which, value)"},
    {"counters", modCounters, METH_NOARGS,
     "counters() -> (compiled kernels, registered groups, debug level)"},
    {"manual_seed", modManualSeed, METH_VARARGS,
     "manual_seed(device_type, device_index, seed)"},
    {"versions", modVersions, METH_NOARGS,
     "versions() -> (library version, library C API version, header C API "
     "version)"},
    {"dtype_name", modDTypeName, METH_VARARGS, "dtype_name(code) -> str"},
    {"dtype_from_name", modDTypeFromName, METH_VARARGS,
     "dtype_from_name(name) -> code"},
    {"fallback_reason_name", modFallbackReasonName, METH_VARARGS,
     "fallback_reason_name(code) -> str"},
    {NULL, NULL, 0, NULL},
};

static struct PyModuleDef moduleDef = {
    PyModuleDef_HEAD_INIT,
    "fuser._fuser",
    "Native part of the fuser package (over libFuserC, the C API).",
    -1,
    moduleMethods,
    NULL,
    NULL,
    NULL,
    NULL,
};

static int intern(PyObject **slot, const char *name) {
  *slot = PyUnicode_InternFromString(name);
  return *slot ? 0 : -1;
}

PyMODINIT_FUNC PyInit__fuser(void) {
  uint32_t api = fuserGetAPIVersion();
  if ((api >> 16) != FUSER_C_API_VERSION_MAJOR ||
      (api & 0xffff) < FUSER_C_API_VERSION_MINOR) {
    PyErr_Format(PyExc_ImportError,
                 "libFuserC has C API version %u.%u; this extension needs "
                 "%d.%d or a later minor version",
                 api >> 16, api & 0xffff, FUSER_C_API_VERSION_MAJOR,
                 FUSER_C_API_VERSION_MINOR);
    return NULL;
  }
  if (intern(&s_data_ptr, "data_ptr") || intern(&s_shape, "shape") ||
      intern(&s_stride, "stride") || intern(&s_dtype, "dtype") ||
      intern(&s_is_cuda, "is_cuda") || intern(&s_is_cpu, "is_cpu") ||
      intern(&s_get_device, "get_device") || intern(&s_dlpack, "__dlpack__") ||
      intern(&s_cai, "__cuda_array_interface__") ||
      intern(&s_typestr, "typestr") || intern(&s_data, "data") ||
      intern(&s_strides, "strides") || intern(&s_device, "device") ||
      intern(&s_id, "id") || intern(&s_mask, "mask") ||
      intern(&s_cuda_stream, "cuda_stream") || intern(&s_ptr, "ptr") ||
      intern(&s_resolve_neg, "resolve_neg") || intern(&s_layout, "layout"))
    return NULL;
  g_adapters = PyDict_New();
  if (!g_adapters)
    return NULL;
  PyObject *module = PyModule_Create(&moduleDef);
  if (!module)
    return NULL;
  g_TensorType = (PyTypeObject *)PyType_FromSpec(&tensorSpec);
  PyObject *groupType = PyType_FromSpec(&groupSpec);
  if (!g_TensorType || !groupType ||
      PyModule_AddObjectRef(module, "Tensor", (PyObject *)g_TensorType) < 0 ||
      PyModule_AddObjectRef(module, "GroupBase", groupType) < 0) {
    Py_XDECREF(groupType);
    Py_DECREF(module);
    return NULL;
  }
  Py_DECREF(groupType);
  return module;
}
