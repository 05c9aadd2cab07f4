"""The exceptions of the fuser package.

Every error fuser reports is a :class:`FuserError`; its message is the text
of the runtime's diagnostics (the MLIR parser's and verifier's for groups
that do not parse, the runtime's for arguments that do not fit a group).
Subclasses also derive from the matching built-in exception, so callers may
catch either.
"""

from __future__ import annotations

__all__ = [
    "FuserError",
    "ArgumentError",
    "GroupNotFoundError",
    "ParseError",
    "UnavailableError",
    "FuserMemoryError",
    "FuserFileError",
    "InternalError",
]


class FuserError(RuntimeError):
    """An error reported by fuser.

    Raised as such for errors of the runtime: arguments that do not fit the
    group (ranks, shapes that do not broadcast, inputs on different devices),
    a group that does not type-check for the inputs' dtypes, a kernel that
    does not compile, a device error.
    """

    #: The C API status (``FuserStatus``) this class stands for.
    status: int = 4
    status_name: str = "error"


class ArgumentError(FuserError, TypeError):
    """Arguments fuser cannot take: the wrong number of them, a tensor where
    a float scalar is expected (or the reverse), an array type, dtype or
    device fuser does not support, or a misuse of the C API."""

    status = 1
    status_name = "invalid argument"


class GroupNotFoundError(FuserError, LookupError):
    """No group is registered under the key."""

    status = 2
    status_name = "not found"


class ParseError(FuserError, ValueError):
    """The MLIR text does not parse or verify, holds no ``fuser.group`` (or
    none of the given name), or holds several and none was named."""

    status = 3
    status_name = "parse error"


class UnavailableError(FuserError):
    """The device or backend asked for is not available (no CUDA driver or
    GPU, no backend registered for the device type)."""

    status = 5
    status_name = "unavailable"


class FuserMemoryError(FuserError, MemoryError):
    """Out of host or device memory."""

    status = 6
    status_name = "out of memory"


class FuserFileError(FuserError, OSError):
    """A file could not be read."""

    status = 7
    status_name = "I/O error"


class InternalError(FuserError):
    """An unexpected internal failure (a bug: please report it)."""

    status = 8
    status_name = "internal error"


# Indexed by FuserStatus, then the binding's own ArgumentError (index 9);
# handed to the extension.
ERROR_CLASSES = (
    FuserError,  # FUSER_STATUS_OK (never raised)
    ArgumentError,
    GroupNotFoundError,
    ParseError,
    FuserError,
    UnavailableError,
    FuserMemoryError,
    FuserFileError,
    InternalError,
    ArgumentError,
)
