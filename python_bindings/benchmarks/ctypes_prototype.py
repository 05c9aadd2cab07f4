"""A pure-Python (ctypes) binding of the fuser C API, for comparison only.

This is the alternative to the package's abi3 extension that the design
considered (docs/Rationale.md, "Python bindings"): the same C API called
through ctypes, with everything that can be prepared once prepared once
(argument structs, size/stride arrays, function signatures) so that it shows
the best case of the approach. It supports NumPy arrays only. It is not used
by the package.
"""

from __future__ import annotations

import ctypes as C
import os
from typing import Any

import numpy as np


class FuserDevice(C.Structure):
    _fields_ = [("type", C.c_int32), ("index", C.c_int32)]


class FuserTensorRef(C.Structure):
    _fields_ = [("data", C.c_void_p), ("sizes", C.POINTER(C.c_int64)),
                ("strides", C.POINTER(C.c_int64)), ("ndim", C.c_int32),
                ("dtype", C.c_int32), ("device", FuserDevice)]


class FuserArgument(C.Structure):
    _fields_ = [("kind", C.c_int32), ("scalar", C.c_double),
                ("tensor", FuserTensorRef)]


# numpy dtype char -> FuserDType
_DTYPES = {"?": 0, "B": 1, "b": 2, "h": 3, "i": 4, "l": 5, "q": 5, "e": 6,
           "f": 8, "d": 9}
_MAX_DIMS = 16
# Offset of FuserDLManagedTensor::deleter: DLTensor (48 bytes), manager_ctx.
_DELETER_OFFSET = 56

_Deleter = C.CFUNCTYPE(None, C.c_void_p)
_capsule_new = C.pythonapi.PyCapsule_New
_capsule_new.restype = C.py_object
_capsule_new.argtypes = [C.c_void_p, C.c_char_p, C.c_void_p]
_capsule_valid = C.pythonapi.PyCapsule_IsValid
_capsule_valid.restype = C.c_int
_capsule_valid.argtypes = [C.c_void_p, C.c_char_p]
_capsule_pointer = C.pythonapi.PyCapsule_GetPointer
_capsule_pointer.restype = C.c_void_p
_capsule_pointer.argtypes = [C.c_void_p, C.c_char_p]


@C.CFUNCTYPE(None, C.c_void_p)
def _capsule_destructor(capsule: int) -> None:
    # Only a capsule no consumer took still owns its tensor. (The capsule is
    # being destroyed: take it as an address, never as an object.)
    if _capsule_valid(capsule, b"dltensor"):
        managed = _capsule_pointer(capsule, b"dltensor")
        deleter = C.c_void_p.from_address(managed + _DELETER_OFFSET).value
        if deleter:
            _Deleter(deleter)(managed)


_DESTRUCTOR = C.cast(_capsule_destructor, C.c_void_p)


class _Holder:
    """What numpy.from_dlpack consumes: an object with __dlpack__."""

    __slots__ = ("capsule",)

    def __init__(self, capsule: Any) -> None:
        self.capsule = capsule

    def __dlpack__(self, **kwargs: Any) -> Any:
        return self.capsule

    def __dlpack_device__(self) -> tuple:
        return (1, 0)


def _library() -> C.CDLL:
    path = os.environ.get("FUSER_LIBRARY")
    if not path:
        import fuser

        path = os.path.join(os.path.dirname(fuser.__file__), "libFuserC.so.1")
    lib = C.CDLL(path)
    lib.fuserRegisterGroup.argtypes = [C.c_char_p, C.c_size_t, C.c_char_p,
                                       C.POINTER(C.c_int64)]
    lib.fuserRun.argtypes = [C.c_int64, C.POINTER(FuserArgument), C.c_size_t,
                             C.c_void_p, C.POINTER(C.c_void_p), C.c_size_t,
                             C.POINTER(C.c_size_t)]
    lib.fuserRun.restype = C.c_int
    lib.fuserTensorToDLPack.argtypes = [C.c_void_p]
    lib.fuserTensorToDLPack.restype = C.c_void_p
    lib.fuserTensorRelease.argtypes = [C.c_void_p]
    lib.fuserTensorRelease.restype = None
    lib.fuserGetLastError.restype = C.c_char_p
    return lib


class Prototype:
    """``Prototype(source)(*arrays)`` runs a group of tensor inputs only on
    NumPy arrays and returns NumPy arrays, through ctypes."""

    def __init__(self, source: str) -> None:
        self.lib = lib = _library()
        key = C.c_int64()
        text = source.encode()
        if lib.fuserRegisterGroup(text, len(text), None, C.byref(key)):
            raise RuntimeError(lib.fuserGetLastError().decode())
        self.key = key.value

        class Info(C.Structure):
            _fields_ = [(name, C.c_int64) for name in
                        ("inputs", "tensors", "outputs", "random", "cached")]

        info = Info()
        lib.fuserGetGroupInfo(C.c_int64(self.key), C.byref(info))
        self.n = info.inputs
        self.num_outputs = info.outputs
        self.args = (FuserArgument * self.n)()
        self.dims = [(C.c_int64 * (2 * _MAX_DIMS))() for _ in range(self.n)]
        for i in range(self.n):
            t = self.args[i].tensor
            base = C.addressof(self.dims[i])
            t.sizes = C.cast(base, C.POINTER(C.c_int64))
            t.strides = C.cast(base + 8 * _MAX_DIMS, C.POINTER(C.c_int64))
        self.outputs = (C.c_void_p * self.num_outputs)()
        self.count = C.c_size_t()

    def __call__(self, *arrays: np.ndarray) -> Any:
        args, lib = self.args, self.lib
        for i, a in enumerate(arrays):
            t = args[i].tensor
            t.data = a.__array_interface__["data"][0]
            d = self.dims[i]
            itemsize = a.itemsize
            shape, strides = a.shape, a.strides
            for k in range(len(shape)):
                d[k] = shape[k]
                d[_MAX_DIMS + k] = strides[k] // itemsize
            t.ndim = len(shape)
            t.dtype = _DTYPES[a.dtype.char]
        if lib.fuserRun(self.key, args, self.n, None, self.outputs,
                        self.num_outputs, self.count):
            raise RuntimeError(lib.fuserGetLastError().decode())
        results = []
        for j in range(self.count.value):
            handle = self.outputs[j]
            managed = lib.fuserTensorToDLPack(handle)
            lib.fuserTensorRelease(handle)
            capsule = _capsule_new(managed, b"dltensor", _DESTRUCTOR)
            results.append(np.from_dlpack(_Holder(capsule)))
        return results[0] if len(results) == 1 else tuple(results)
