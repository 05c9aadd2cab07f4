"""How fuser takes arrays of each library in, and gives results back.

The extension asks :func:`classify` once per Python type of a tensor
argument and caches the answer, an *adapter*: a tuple

    (kind, factory, mode, stream_getter, dtype_map, accepts_bfloat16,
     exporter, is_negated)

- ``kind``: how the extension reads an argument without copying it:
  ``KIND_BUFFER`` (the buffer protocol: NumPy arrays and scalars, memoryview,
  array.array), ``KIND_TORCH`` (``data_ptr()``, ``shape``, ``stride()``,
  ``dtype``, ``is_cuda``/``get_device()``: cheaper than ``__dlpack__`` for
  torch), ``KIND_CAI`` (``__cuda_array_interface__``: CuPy, Numba) or
  ``KIND_DLPACK`` (any other ``__dlpack__`` producer).
- ``factory`` and ``mode``: how outputs are made in the library of the first
  tensor argument: ``OUT_TENSOR`` returns :class:`fuser.Tensor` itself,
  ``OUT_CALL_TENSOR`` returns ``factory(fuser.Tensor)`` (e.g.
  ``numpy.from_dlpack``), ``OUT_CALL_CAPSULE`` returns ``factory(capsule)``
  for a DLPack capsule (``torch._C._from_dlpack``). Either way the output
  memory is shared, never copied.
- ``stream_getter(device_index) -> int``: the library's current CUDA stream,
  on which fuser enqueues its kernels (None for host-only libraries).
- ``dtype_map``: the library's dtype objects to fuser's dtype codes
  (``KIND_TORCH`` only).
- ``accepts_bfloat16``: whether ``factory`` can take bfloat16 outputs (NumPy
  cannot: those come back as :class:`fuser.Tensor`).
- ``exporter(tensor) -> capsule``: a DLPack exporter that gives all of an
  argument's metadata in one call (``torch._C._to_dlpack``: cheaper than the
  attribute reads of ``KIND_TORCH``, which remain for what it refuses), or
  None.
- ``is_negated(tensor) -> bool``: whether an argument is a lazily negated
  view (``torch.Tensor.is_neg``: its memory holds the negated values, so
  the extension reads ``tensor.resolve_neg()`` instead), or None.

Nothing here imports an array library: a library is looked at only once an
argument of it arrives (it is then already in ``sys.modules``). Support for
another library is one more branch in :func:`classify`.
"""

from __future__ import annotations

import array
import sys
from typing import Any, Callable, Optional, Tuple

KIND_BUFFER = 0
KIND_TORCH = 1
KIND_CAI = 2
KIND_DLPACK = 3

OUT_TENSOR = 0
OUT_CALL_TENSOR = 1
OUT_CALL_CAPSULE = 2

# fuser's dtype codes (FuserDType).
BOOL, UINT8, INT8, INT16, INT32, INT64, FLOAT16, BFLOAT16, FLOAT32, FLOAT64 = (
    range(10)
)

Adapter = Tuple[int, Any, int, Optional[Callable[[int], int]], Any, bool,
                Optional[Callable[[Any], Any]], Optional[Callable[[Any], bool]]]


def _numpy_factory() -> Tuple[Any, int]:
    np = sys.modules.get("numpy")
    if np is None:
        try:
            import numpy as np  # noqa: F811 (only when outputs need it)
        except ImportError:
            return None, OUT_TENSOR
    from_dlpack = getattr(np, "from_dlpack", None)
    if from_dlpack is None:  # NumPy < 1.22
        return np.asarray, OUT_CALL_TENSOR
    return from_dlpack, OUT_CALL_TENSOR


def _numpy_adapter() -> Adapter:
    factory, mode = _numpy_factory()
    return (KIND_BUFFER, factory, mode, None, None, False, None, None)


def _torch_adapter(torch: Any) -> Adapter:
    dtype_map = {
        torch.bool: BOOL,
        torch.uint8: UINT8,
        torch.int8: INT8,
        torch.int16: INT16,
        torch.int32: INT32,
        torch.int64: INT64,
        torch.float16: FLOAT16,
        torch.bfloat16: BFLOAT16,
        torch.float32: FLOAT32,
        torch.float64: FLOAT64,
    }
    # torch._C._from_dlpack takes a capsule directly, without the Python
    # checks of torch.from_dlpack (a few microseconds per output).
    factory = getattr(getattr(torch, "_C", None), "_from_dlpack", None)
    mode = OUT_CALL_CAPSULE
    if factory is None:
        factory, mode = torch.from_dlpack, OUT_CALL_TENSOR
    raw_stream = getattr(torch._C, "_cuda_getCurrentRawStream", None)
    if raw_stream is not None:
        stream_getter = raw_stream
    else:

        def stream_getter(index: int) -> int:
            return torch.cuda.current_stream(index).cuda_stream

    exporter = getattr(torch._C, "_to_dlpack", None)
    is_negated = getattr(torch.Tensor, "is_neg", None)
    return (KIND_TORCH, factory, mode, stream_getter, dtype_map, True,
            exporter, is_negated)


def _cupy_adapter(cupy: Any) -> Adapter:
    def stream_getter(index: int) -> int:
        with cupy.cuda.Device(index):
            return cupy.cuda.get_current_stream().ptr

    return (KIND_CAI, cupy.from_dlpack, OUT_CALL_TENSOR, stream_getter, None,
            False, None, None)


def _module_from_dlpack(tp: type) -> Tuple[Any, int]:
    root = sys.modules.get((tp.__module__ or "").split(".")[0])
    factory = getattr(root, "from_dlpack", None)
    if callable(factory):
        return factory, OUT_CALL_TENSOR
    return None, OUT_TENSOR


def classify(tp: type) -> Optional[Adapter]:
    """The adapter of tensor arguments of type ``tp``, or None if fuser
    cannot take them."""
    np = sys.modules.get("numpy")
    if np is not None:
        if issubclass(tp, np.ma.MaskedArray):
            return None  # the buffer would ignore the mask
        if issubclass(tp, (np.ndarray, np.generic)):
            return _numpy_adapter()
    torch = sys.modules.get("torch")
    if torch is not None and issubclass(tp, torch.Tensor):
        return _torch_adapter(torch)
    cupy = sys.modules.get("cupy")
    if cupy is not None and issubclass(tp, cupy.ndarray):
        return _cupy_adapter(cupy)
    if issubclass(tp, (memoryview, bytearray, bytes, array.array)):
        return _numpy_adapter()
    if hasattr(tp, "__cuda_array_interface__"):
        factory, mode = _module_from_dlpack(tp)
        return (KIND_CAI, factory, mode, None, None, False, None, None)
    if hasattr(tp, "__dlpack__"):
        factory, mode = _module_from_dlpack(tp)
        return (KIND_DLPACK, factory, mode, None, None, False, None, None)
    return None
