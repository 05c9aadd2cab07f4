"""fuser: register and run pointwise fusion groups from Python.

A fusion group is a ``fuser.group`` written in MLIR (see the project's
README): a DAG of pointwise tensor ops with PyTorch semantics. Register it
once, then call it like a function on arrays of any library that shares
memory (NumPy, torch on the CPU or CUDA, CuPy, any DLPack producer); inputs
are read in place and outputs come back in the library of the first tensor
argument, on the same device, without copies::

    import numpy as np
    import fuser

    scale_add = fuser.register('''
    fuser.group @scale_add(%x: tensor<?x?xf32>, %b: tensor<?xf32>, %s: f64)
        -> tensor<?x?xf32> {
      %0 = fuser.mul %x, %s : (tensor<?x?xf32>, f64) -> tensor<?x?xf32>
      %1 = fuser.add %0, %b : (tensor<?x?xf32>, tensor<?xf32>) -> tensor<?x?xf32>
      fuser.yield %1 : tensor<?x?xf32>
    }''')
    y = scale_add(np.ones((4, 8), np.float32), np.arange(8, dtype=np.float32), 0.5)

Tensor arguments come first, then the group's ``f64`` scalars (Python
numbers). The group is re-typed for the arguments' dtypes, and a kernel is
compiled per dtype and memory layout on first use and cached; whatever a
kernel cannot run falls back to the reference interpreter. For torch CUDA
tensors the kernel is enqueued on torch's current stream (or the ``stream=``
argument).

Errors raise :class:`FuserError` (or a subclass) with the runtime's
diagnostics. The package mirrors the C++ API (``FuserDialect/API/Fuser.h``)
through the stable C API (``include/fuser-c/Fuser.h``, ``libFuserC``).
"""

from __future__ import annotations

import contextlib
import ctypes
import os
from typing import (Any, Dict, Iterator, NamedTuple, Optional, Sequence,
                    Tuple, Union)

from ._errors import (ArgumentError, FuserError, FuserFileError,
                      FuserMemoryError, GroupNotFoundError, InternalError,
                      ParseError, UnavailableError, ERROR_CLASSES)


def _load_native() -> Any:
    # FUSER_LIBRARY names a libFuserC.so to use instead of the package's
    # own copy: loaded first and globally, it satisfies the extension's
    # dependency on libFuserC.so.1.
    library = os.environ.get("FUSER_LIBRARY")
    if library:
        ctypes.CDLL(library, mode=ctypes.RTLD_GLOBAL)
    try:
        from . import _fuser
    except ImportError as e:
        raise ImportError(
            f"fuser's native extension could not be loaded from "
            f"{os.path.dirname(__file__)} ({e}). Use the package as built "
            f"(<build>/python_packages, after `ninja fuser-python`) or "
            f"installed (`pip install python_bindings/`), not the source "
            f"directory.") from e
    return _fuser


_fuser = _load_native()

from . import _adapters  # noqa: E402

_fuser._set_hooks(_adapters.classify, ERROR_CLASSES)

__all__ = [
    "__version__",
    "C_API_VERSION",
    "DTYPES",
    "Group",
    "Kernel",
    "KernelRun",
    "Tensor",
    "register",
    "register_file",
    "backends",
    "has_backend",
    "deregister_backend",
    "register_builtin_backend",
    "cuda_available",
    "cuda_unavailable_reason",
    "cuda_synchronize",
    "can_fuse_on_cpu",
    "can_fuse_on_gpu",
    "override_can_fuse_on_cpu",
    "override_can_fuse_on_gpu",
    "must_use_llvm_on_cpu",
    "override_must_use_llvm_on_cpu",
    "fusion_settings",
    "num_compiled_kernels",
    "num_registered_groups",
    "debug_level",
    "manual_seed",
    "FuserError",
    "ArgumentError",
    "GroupNotFoundError",
    "ParseError",
    "UnavailableError",
    "FuserMemoryError",
    "FuserFileError",
    "InternalError",
]

__version__: str
_library_api: Tuple[int, int]
__version__, _library_api, C_API_VERSION = _fuser.versions()
C_API_VERSION: Tuple[int, int]
"""The C API version (major, minor) the extension was built against."""

#: The element types of group tensors, by PyTorch's names, in the order of
#: fuser's dtype codes.
DTYPES: Tuple[str, ...] = tuple(_fuser.dtype_name(i) for i in range(10))

#: An output that owns its storage; see :class:`fuser._fuser.Tensor`.
Tensor = _fuser.Tensor

_DEVICE_TYPES = {"cpu": 0, "cuda": 1, "xpu": 2}
_DEVICE_NAMES = {v: k for k, v in _DEVICE_TYPES.items()}

DeviceLike = Union[str, Any]
DTypeLike = Union[str, int, Any]


def _device(device: DeviceLike) -> Tuple[int, int]:
    """(device type, index) of 'cpu', 'cuda', 'cuda:1' or a torch.device."""
    text = str(device)
    kind, _, index = text.partition(":")
    if kind not in _DEVICE_TYPES:
        raise ArgumentError(
            f"unknown device {text!r}: expected 'cpu', 'cuda' or 'cuda:N'")
    try:
        number = int(index) if index else (0 if kind != "cpu" else -1)
    except ValueError:
        raise ArgumentError(f"bad device index in {text!r}") from None
    return _DEVICE_TYPES[kind], number


def _device_type(device: DeviceLike) -> int:
    return _device(device)[0]


def _dtype_code(dtype: DTypeLike) -> int:
    """fuser's code of a dtype given by name ('float32', 'f32', 'half'), as
    a NumPy dtype or scalar type, or as a torch dtype."""
    if isinstance(dtype, int) and not isinstance(dtype, bool):
        if not 0 <= dtype < len(DTYPES):
            raise ArgumentError(f"invalid dtype code {dtype}")
        return dtype
    if isinstance(dtype, str):
        name = dtype
    else:
        name = getattr(dtype, "name", None)  # numpy.dtype
        if not isinstance(name, str):
            np_dtype = None
            try:
                import numpy as np

                if isinstance(dtype, type) and issubclass(dtype, np.generic):
                    np_dtype = np.dtype(dtype).name
            except ImportError:
                pass
            name = np_dtype or str(dtype)
    if name.startswith("torch."):
        name = name[len("torch."):]
    return _fuser.dtype_from_name(name)


class KernelRun(NamedTuple):
    """What :meth:`Group.run_kernel` did."""

    #: True if the compiled kernel ran.
    ran: bool
    #: Why it did not run (the runtime's fallback reason), else None.
    reason: Optional[str]
    #: The outputs (a tuple, in the caller's library) if it ran, else None.
    outputs: Optional[Tuple[Any, ...]]
    #: The kernel's generated code (LLVM IR on the CPU, PTX on CUDA) if a
    #: kernel was found or compiled, else None.
    code: Optional[str]


class Kernel(NamedTuple):
    """A kernel compiled by :meth:`Group.compile` (not cached: for
    inspection)."""

    #: The kernel's symbol name.
    name: str
    #: Its generated code: LLVM IR on the CPU, PTX on CUDA.
    code: str
    #: The device type of its backend: 'cpu' or 'cuda'.
    device: str
    #: The dtype of each output, by PyTorch's names.
    output_dtypes: Tuple[str, ...]


class Group(_fuser.GroupBase):
    """A registered fusion group; call it to run it.

    ``group(*args, stream=None)`` runs the group on its tensor arguments,
    then its float scalars: the compiled kernel when one can run (compiled
    on first use per dtypes and layouts, then cached), else the reference
    interpreter. Tensors may be any array that shares memory: NumPy arrays
    (any strides, including broadcast views with zero strides), torch
    tensors on the CPU or CUDA, CuPy arrays or DLPack producers. The result
    is one array if the group has one output, else a tuple, in the library
    of the first tensor argument and on its device. ``stream`` (an int
    ``CUstream`` or a torch/CuPy stream object) overrides the stream of CUDA
    runs, which is otherwise the library's current stream.

    Groups are made by :func:`register` and :func:`register_file`; groups
    that are equal once normalised share a key, and so their kernels.
    """

    __slots__ = ("_name",)

    def __init__(self, key: int, name: Optional[str] = None) -> None:
        super().__init__(key)
        self._name = name

    # -- description ------------------------------------------------------

    @property
    def name(self) -> Optional[str]:
        """The name the group was registered by (None: the only group)."""
        return self._name

    def _info(self) -> Tuple[int, int, int, int, int]:
        return _fuser.group_info(self.key)

    @property
    def num_inputs(self) -> int:
        """Number of inputs: tensors, then float scalars."""
        return self._info()[0]

    @property
    def num_tensor_inputs(self) -> int:
        """Number of tensor inputs (they come first)."""
        return self._info()[1]

    @property
    def num_scalar_inputs(self) -> int:
        """Number of f64 (Python float) inputs (they come last)."""
        info = self._info()
        return info[0] - info[1]

    @property
    def num_outputs(self) -> int:
        """Number of outputs."""
        return self._info()[2]

    @property
    def num_random(self) -> int:
        """Number of ``rand_like`` ops."""
        return self._info()[3]

    @property
    def num_cached_kernels(self) -> int:
        """Kernels compiled for this group so far (one per dtypes, layouts
        and device)."""
        return self._info()[4]

    @property
    def input_ranks(self) -> Tuple[int, ...]:
        """Declared rank of each tensor input."""
        return tuple(_fuser.group_input(self.key, i)[0]
                     for i in range(self.num_tensor_inputs))

    @property
    def chunks(self) -> Tuple[Optional[Tuple[int, int]], ...]:
        """Per tensor input, (chunks, dim) if it is chunked, else None."""
        result = []
        for i in range(self.num_tensor_inputs):
            _, parts, dim = _fuser.group_input(self.key, i)
            result.append((parts, dim) if parts > 1 else None)
        return tuple(result)

    @property
    def concats(self) -> Tuple[Optional[Tuple[int, int]], ...]:
        """Per output, (operands, dim) if it is concatenated, else None."""
        result = []
        for j in range(self.num_outputs):
            parts, dim = _fuser.group_output(self.key, j)
            result.append((parts, dim) if parts > 1 else None)
        return tuple(result)

    @property
    def source(self) -> str:
        """The normalised group (MLIR), as registered."""
        return _fuser.group_source(self.key)

    def specialized_source(self, dtypes: Sequence[DTypeLike]) -> str:
        """The group re-typed for tensor inputs of these dtypes (one per
        tensor input), as MLIR. Raises FuserError if it does not type-check
        for them."""
        return _fuser.specialized_source(
            self.key, [_dtype_code(d) for d in dtypes])

    def __repr__(self) -> str:
        name = f" @{self._name}" if self._name else ""
        return (f"<fuser.Group{name} key={self.key}: "
                f"{self.num_tensor_inputs} tensor + "
                f"{self.num_scalar_inputs} scalar inputs, "
                f"{self.num_outputs} outputs>")

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Group) and other.key == self.key

    def __hash__(self) -> int:
        return hash(("fuser.Group", self.key))

    def __reduce__(self) -> Any:
        raise TypeError("fuser.Group cannot be pickled: register the group "
                        "source again instead")

    # -- running ----------------------------------------------------------

    def run_kernel(self, *args: Any, stream: Any = None) -> KernelRun:
        """Runs only the compiled-kernel path, without fallback.

        Returns a :class:`KernelRun`: whether the kernel ran and why not
        (the runtime's fallback reason), the outputs (always a tuple) and
        the kernel's code."""
        outputs, reason, code = self._run(args, 1, stream)
        return KernelRun(reason == 0,
                         None if reason == 0
                         else _fuser.fallback_reason_name(reason),
                         outputs, code)

    def run_fallback(self, *args: Any) -> Tuple[Any, ...]:
        """Runs the group on the reference interpreter (host memory only);
        returns a tuple of outputs."""
        return self._run(args, 2, None)

    def kernel_code(self, *args: Any, stream: Any = None) -> str:
        """Runs the kernel on these arguments and returns its generated code
        (LLVM IR on the CPU, PTX on CUDA). Raises FuserError if no kernel
        can run them."""
        run = self.run_kernel(*args, stream=stream)
        if not run.ran or run.code is None:
            raise FuserError("no kernel can run these arguments: "
                             f"{run.reason or 'the kernel has no code'}")
        return run.code

    def compile(self,
                dtypes: Optional[Sequence[DTypeLike]] = None,
                device: DeviceLike = "cpu",
                rank: Optional[int] = None,
                contiguity: Optional[Sequence[Optional[Sequence[bool]]]]
                = None) -> Kernel:
        """Compiles the group for ``device`` ahead of time and returns the
        kernel, for inspecting its code (it is not added to the cache).

        ``dtypes`` gives one dtype per tensor input (default: float32 for
        all). Inputs are taken as broadcast to ``rank`` dimensions (default:
        the largest declared rank) and contiguous, unless ``contiguity``
        gives their contiguity bits (one list of ``rank`` bools per input,
        or None for contiguous; bit i: dimension i merges with i + 1, the
        last bit: the innermost stride is 1). Outputs are contiguous."""
        n = self.num_tensor_inputs
        codes = [_dtype_code(d) for d in dtypes] if dtypes is not None \
            else [_dtype_code("float32")] * n
        ranks = self.input_ranks
        if rank is None:
            rank = max(ranks, default=0)
        descs = []
        for i, code in enumerate(codes):
            bits = contiguity[i] if contiguity is not None else None
            descs.append((code, rank,
                          None if bits is None else bytes(int(bool(b))
                                                          for b in bits)))
        device_type, index = _device(device)
        name, code, backend, out_dtypes = _fuser.compile_kernel(
            self.key, descs, None, device_type, max(index, 0))
        return Kernel(name, code, _DEVICE_NAMES.get(backend, str(backend)),
                      tuple(_fuser.dtype_name(d) for d in out_dtypes))


def register(source: str, name: Optional[str] = None) -> Group:
    """Registers the ``fuser.group`` named ``name`` (without '@'), or the
    only group, of MLIR text ``source`` and returns it.

    Groups equal once normalised (names, locations, canonicalisable
    differences) share a key and their compiled kernels. Raises
    :class:`ParseError` with the parser's and verifier's diagnostics if the
    text does not parse or verify, holds no such group, or holds several and
    ``name`` is None."""
    if not isinstance(source, str):
        raise ArgumentError(f"source must be a str, not {type(source).__name__}")
    return Group(_fuser.register(source, name), name)


def register_file(path: Union[str, "os.PathLike[str]"],
                  name: Optional[str] = None) -> Group:
    """Registers a group of the MLIR file at ``path`` (see :func:`register`).
    Raises :class:`FuserFileError` (an OSError) if it cannot be read."""
    return Group(_fuser.register_file(os.fspath(path), name), name)


# -- backends -----------------------------------------------------------------


def backends() -> Dict[str, bool]:
    """The backend table: for each device type, whether a backend is
    registered."""
    return {name: _fuser.has_backend(code)
            for name, code in _DEVICE_TYPES.items()}


def has_backend(device: DeviceLike) -> bool:
    """Whether a backend is registered for the device's type."""
    return _fuser.has_backend(_device_type(device))


def deregister_backend(device: DeviceLike) -> None:
    """Removes the backend of the device's type: groups then run on the
    interpreter there (host memory only)."""
    _fuser.deregister_backend(_device_type(device))


def register_builtin_backend(device: DeviceLike) -> None:
    """Registers the built-in CPU or CUDA backend again. Raises
    :class:`UnavailableError` for CUDA without a driver and GPU."""
    _fuser.register_builtin_backend(_device_type(device))


def cuda_available() -> bool:
    """Whether the CUDA driver loads and reports a GPU."""
    return _fuser.cuda_available()


def cuda_unavailable_reason() -> str:
    """Why CUDA is unavailable ('' when it is available)."""
    return _fuser.cuda_unavailable_reason()


def cuda_synchronize() -> None:
    """Waits for all of fuser's work on the current CUDA context."""
    _fuser.cuda_synchronize()


# -- switches -----------------------------------------------------------------

_CPU, _GPU, _LLVM = 0, 1, 2

# The enabled flags as last set through this module (both on by default in
# the runtime). The runtime reports can-fuse as flag *and* backend, so the
# flags themselves are kept here for fusion_settings() to restore.
_enabled = {_CPU: True, _GPU: True}


def can_fuse_on_cpu() -> bool:
    """True if a CPU backend is registered and CPU fusion is enabled."""
    return _fuser.get_switch(_CPU)


def can_fuse_on_gpu() -> bool:
    """True if a CUDA backend is registered and GPU fusion is enabled."""
    return _fuser.get_switch(_GPU)


def override_can_fuse_on_cpu(value: bool) -> None:
    """Enables or disables CPU fusion (disabled: CPU groups run on the
    interpreter)."""
    _enabled[_CPU] = bool(value)
    _fuser.set_switch(_CPU, bool(value))


def override_can_fuse_on_gpu(value: bool) -> None:
    """Enables or disables GPU fusion (disabled, groups on CUDA tensors
    cannot run: the interpreter reads host memory only)."""
    _enabled[_GPU] = bool(value)
    _fuser.set_switch(_GPU, bool(value))


def must_use_llvm_on_cpu() -> bool:
    """When True (the default), a CPU group the compiler cannot handle is an
    error; when False it runs on the interpreter."""
    return _fuser.get_switch(_LLVM)


def override_must_use_llvm_on_cpu(value: bool) -> None:
    """Sets :func:`must_use_llvm_on_cpu`."""
    _fuser.set_switch(_LLVM, bool(value))


@contextlib.contextmanager
def fusion_settings(cpu: Optional[bool] = None, gpu: Optional[bool] = None,
                    must_use_llvm_on_cpu: Optional[bool] = None
                    ) -> Iterator[None]:
    """Context manager that sets the switches given (None: leave it as it
    is) and restores them on exit: ``cpu`` and ``gpu`` enable or disable
    fusion on the device (:func:`override_can_fuse_on_cpu`), and
    ``must_use_llvm_on_cpu`` is :func:`override_must_use_llvm_on_cpu`. The
    switches are process-wide, not per thread."""
    saved = (_enabled[_CPU], _enabled[_GPU], _fuser.get_switch(_LLVM))
    try:
        if cpu is not None:
            override_can_fuse_on_cpu(cpu)
        if gpu is not None:
            override_can_fuse_on_gpu(gpu)
        if must_use_llvm_on_cpu is not None:
            override_must_use_llvm_on_cpu(must_use_llvm_on_cpu)
        yield
    finally:
        override_can_fuse_on_cpu(saved[0])
        override_can_fuse_on_gpu(saved[1])
        override_must_use_llvm_on_cpu(saved[2])


# -- caches, debugging, random numbers ---------------------------------------


def num_compiled_kernels() -> int:
    """Kernels compiled so far in this process (all groups)."""
    return _fuser.counters()[0]


def num_registered_groups() -> int:
    """Distinct groups registered so far."""
    return _fuser.counters()[1]


def debug_level() -> int:
    """FUSER_DEBUG from the environment: 0 (off), 1 (print compiled kernels
    and fallbacks), 2 (also each launch)."""
    return _fuser.counters()[2]


def manual_seed(seed: int, device: DeviceLike = "cpu") -> None:
    """Seeds the Philox generator of ``rand_like`` on ``device`` and resets
    its offset: the same seed gives the same random numbers again."""
    device_type, index = _device(device)
    _fuser.manual_seed(device_type, max(index, 0), int(seed))
