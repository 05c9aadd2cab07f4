"""The aten ops the TorchScript importer maps to fuser ops.

Each supported op kind has an :class:`OpSpec`: the overloads accepted, the
role of every schema argument (what the partitioner checks on the graph,
before any type is known) and an emitter that writes the fuser op once the
operand types are known. ``aten::chunk``/``prim::ConstantChunk``,
``aten::cat``/``prim::FusedConcat`` and the list nodes around them are
handled by the importer itself (they are structural, not pointwise).

Argument roles:

- ``T``: a tensor operand;
- ``T?``: a tensor operand or the constant None;
- ``S``: a tensor, or a Python number that is a constant or a runtime
  ``float`` (a group ``f64`` scalar argument, as the seed's float scalar
  formals); runtime ints and bools are not fusible (spec 5.2 (b));
- ``S?``: ``S`` or the constant None;
- ``C``: a constant, emitted as an attribute;
- ``X``: a constant that does not change the values (``non_blocking``,
  ``copy``, ``memory_format``);
- ``N``: the constant None (``layout``, ``device``, ``pin_memory``).
"""

from __future__ import annotations

import math
import struct
from typing import Any, Callable, Dict, Optional, Sequence, Tuple

import torch

# ---------------------------------------------------------------------------
# dtypes

#: torch dtype -> MLIR element type of the fuser dialect.
MLIR_DTYPE: Dict[Any, str] = {
    torch.bool: "i1",
    torch.uint8: "ui8",
    torch.int8: "i8",
    torch.int16: "i16",
    torch.int32: "i32",
    torch.int64: "i64",
    torch.float16: "f16",
    torch.bfloat16: "bf16",
    torch.float32: "f32",
    torch.float64: "f64",
}

#: c10::ScalarType numbers (how TorchScript constants spell dtypes).
SCALAR_TYPE: Dict[int, Any] = {
    0: torch.uint8,
    1: torch.int8,
    2: torch.int16,
    3: torch.int32,
    4: torch.int64,
    5: torch.float16,
    6: torch.float32,
    7: torch.float64,
    11: torch.bool,
    15: torch.bfloat16,
}
SCALAR_TYPE_OF: Dict[Any, int] = {v: k for k, v in SCALAR_TYPE.items()}
SCALAR_TYPE_OF.update({torch.complex64: 9, torch.complex128: 10,
                       torch.complex32: 8})

#: TensorType.scalarType() names.
TYPE_NAME: Dict[str, Any] = {
    "Bool": torch.bool,
    "Byte": torch.uint8,
    "Char": torch.int8,
    "Short": torch.int16,
    "Int": torch.int32,
    "Long": torch.int64,
    "Half": torch.float16,
    "BFloat16": torch.bfloat16,
    "Float": torch.float32,
    "Double": torch.float64,
}

_CAST_NAMES = {
    "aten::_cast_Byte": torch.uint8,
    "aten::_cast_Char": torch.int8,
    "aten::_cast_Short": torch.int16,
    "aten::_cast_Int": torch.int32,
    "aten::_cast_Long": torch.int64,
    "aten::_cast_Half": torch.float16,
    "aten::_cast_Float": torch.float32,
    "aten::_cast_Double": torch.float64,
}


def to_dtype(value: Any) -> Optional[Any]:
    """A torch dtype from a TorchScript ScalarType constant (an int or a
    torch.dtype); None if it is not one fuser supports."""
    if isinstance(value, torch.dtype):
        return value if value in MLIR_DTYPE else None
    if isinstance(value, int) and not isinstance(value, bool):
        return SCALAR_TYPE.get(value)
    return None


def tensor_type(dtype: Any, rank: int) -> str:
    """``tensor<?x?xf32>`` (dynamic sizes) for a dtype and rank."""
    return "tensor<" + "?x" * rank + MLIR_DTYPE[dtype] + ">"


# ---------------------------------------------------------------------------
# literals


def f64_literal(value: float) -> str:
    """An MLIR f64 literal that round-trips exactly (hex for inf and NaN)."""
    value = float(value)
    if math.isfinite(value):
        return "%.17e" % value
    bits = struct.unpack("<Q", struct.pack("<d", value))[0]
    return "0x%016X" % bits


def f64_attr(value: Any) -> str:
    return f64_literal(float(value)) + " : f64"


def scalar_attr(value: Any) -> str:
    """A Fuser_ScalarAttr (i64, f64 or bool) for a Python number."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return "%d : i64" % value
    return f64_attr(value)


def dense_literal(value: Any, dtype: Any) -> str:
    """The element of a ``dense<...>`` 0-dim constant of `dtype`."""
    if dtype == torch.bool:
        return "true" if bool(value) else "false"
    if not dtype.is_floating_point:
        return "%d" % int(value)
    value = float(value)
    if math.isfinite(value):
        return "%.17e" % value
    if dtype == torch.float64:
        return "0x%016X" % struct.unpack("<Q", struct.pack("<d", value))[0]
    if dtype == torch.float32:
        return "0x%08X" % struct.unpack("<I", struct.pack("<f", value))[0]
    if dtype == torch.float16:
        return "0x%04X" % struct.unpack("<H", struct.pack("<e", value))[0]
    bits = struct.unpack("<I", struct.pack("<f", value))[0] >> 16
    return "0x%04X" % bits  # bfloat16: inf and NaN are exact


# ---------------------------------------------------------------------------
# op specs


class OpSpec:
    """How one aten op kind maps to the dialect."""

    __slots__ = ("kind", "overloads", "roles", "emit", "check", "no_chunk")

    def __init__(self, kind: str, roles: Dict[str, str],
                 emit: Callable[..., str],
                 overloads: Optional[Sequence[str]] = None,
                 check: Optional[Callable[[Dict[str, Any]], Optional[str]]]
                 = None,
                 no_chunk: Sequence[str] = ()) -> None:
        self.kind = kind
        #: Overload names accepted (None: any whose arguments fit roles).
        self.overloads = None if overloads is None else frozenset(overloads)
        self.roles = roles
        #: emit(em, args, result_type) -> SSA name; args maps argument
        #: names to importer operands.
        self.emit = emit
        #: check(constants) -> None, or why the node is not fusible;
        #: constants maps argument names to constant values (roles C, X).
        self.check = check
        #: Tensor arguments that do not broadcast into the result (their
        #: shape is not the result's), so chunk motion leaves them alone.
        self.no_chunk = frozenset(no_chunk)


SPECS: Dict[str, OpSpec] = {}


def _add(kind: str, roles: Dict[str, str], emit: Callable[..., str],
         **kw: Any) -> None:
    SPECS[kind] = OpSpec(kind, roles, emit, **kw)


def _unary(name: str) -> Callable[..., str]:
    def emit(em: Any, a: Dict[str, Any], rt: str) -> str:
        return em.op(name, [em.tensor(a["self"])], rt)
    return emit


_UNARY = {
    "abs": "abs", "absolute": "abs", "neg": "neg", "negative": "neg",
    "relu": "relu", "sign": "sign", "ceil": "ceil", "floor": "floor",
    "trunc": "trunc", "fix": "trunc", "frac": "frac", "sigmoid": "sigmoid",
    "log": "log", "log10": "log10", "log1p": "log1p", "log2": "log2",
    "lgamma": "lgamma", "exp": "exp", "expm1": "expm1", "erf": "erf",
    "erfc": "erfc", "cos": "cos", "acos": "acos", "arccos": "acos",
    "cosh": "cosh", "sin": "sin", "asin": "asin", "arcsin": "asin",
    "sinh": "sinh", "tan": "tan", "atan": "atan", "arctan": "atan",
    "tanh": "tanh", "sqrt": "sqrt", "rsqrt": "rsqrt",
    "reciprocal": "reciprocal", "silu": "silu", "mish": "mish",
    "hardsigmoid": "hardsigmoid", "hardswish": "hardswish",
    "bitwise_not": "bitwise_not", "logical_not": "logical_not",
}
for _aten, _fuser in _UNARY.items():
    _add("aten::" + _aten, {"self": "T"}, _unary(_fuser),
         overloads=("", "default"))


def _round_check(c: Dict[str, Any]) -> Optional[str]:
    if c.get("decimals", 0) != 0:
        return "round with decimals != 0"
    return None


_add("aten::round", {"self": "T", "decimals": "C"}, _unary("round"),
     overloads=("", "default", "decimals"), check=_round_check)


def _binary(name: str, alpha: bool = False, swap: bool = False,
            lhs: str = "self", rhs: str = "other",
            suffix: str = "") -> Callable[..., str]:
    def emit(em: Any, a: Dict[str, Any], rt: str) -> str:
        x, y = em.scalar(a[lhs]), em.scalar(a[rhs])
        if swap:
            x, y = y, x
        attrs = None
        if alpha and "alpha" in a:
            value = a["alpha"].const
            if not (value == 1 and not isinstance(value, bool)):
                attrs = {"alpha": scalar_attr(value)}
        return em.op(name, [x, y], rt, attrs=attrs, suffix=suffix)
    return emit


def _alpha_check(c: Dict[str, Any]) -> Optional[str]:
    value = c.get("alpha", 1)
    if not isinstance(value, (bool, int, float)):
        return "non-numeric alpha"
    return None


_BIN_SS = {"self": "S", "other": "S"}
_ALPHA = {"self": "S", "other": "S", "alpha": "C"}
_add("aten::add", _ALPHA, _binary("add", alpha=True),
     overloads=("Tensor", "Scalar"), check=_alpha_check)
_add("aten::sub", _ALPHA, _binary("sub", alpha=True),
     overloads=("Tensor", "Scalar"), check=_alpha_check)
_add("aten::subtract", _ALPHA, _binary("sub", alpha=True),
     overloads=("Tensor", "Scalar"), check=_alpha_check)
_add("aten::rsub", _ALPHA, _binary("sub", alpha=True, swap=True),
     overloads=("Tensor", "Scalar"), check=_alpha_check)
_add("aten::mul", _BIN_SS, _binary("mul"), overloads=("Tensor", "Scalar"))
_add("aten::multiply", _BIN_SS, _binary("mul"),
     overloads=("Tensor", "Scalar"))


def _div_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    mode = a["rounding_mode"].const if "rounding_mode" in a else None
    suffix = "" if mode is None else " rounding_mode " + mode
    return em.op("div", [em.scalar(a["self"]), em.scalar(a["other"])], rt,
                 suffix=suffix)


def _div_check(c: Dict[str, Any]) -> Optional[str]:
    if c.get("rounding_mode") not in (None, "trunc", "floor"):
        return "unknown rounding_mode"
    return None


_DIV = {"self": "S", "other": "S", "rounding_mode": "C"}
for _name in ("aten::div", "aten::divide", "aten::true_divide"):
    _add(_name, _DIV, _div_emit,
         overloads=("Tensor", "Scalar", "Tensor_mode", "Scalar_mode"),
         check=_div_check)
_add("aten::floor_divide", _BIN_SS,
     _binary("div", suffix=" rounding_mode floor"),
     overloads=("", "default", "Scalar"))
_add("aten::fmod", _BIN_SS, _binary("fmod"), overloads=("Tensor", "Scalar"))
_add("aten::remainder", _BIN_SS, _binary("remainder"),
     overloads=("Tensor", "Scalar", "Scalar_Tensor"))
_add("aten::pow", {"self": "S", "exponent": "S"},
     _binary("pow", rhs="exponent"),
     overloads=("Tensor_Tensor", "Tensor_Scalar", "Scalar"))
_add("aten::atan2", {"self": "T", "other": "T"}, _binary("atan2"),
     overloads=("", "default"))
_add("aten::arctan2", {"self": "T", "other": "T"}, _binary("atan2"),
     overloads=("", "default"))
for _aten, _fuser in (("maximum", "max"), ("minimum", "min")):
    _add("aten::" + _aten, {"self": "T", "other": "T"}, _binary(_fuser),
         overloads=("", "default"))
for _aten, _fuser in (("max", "max"), ("min", "min")):
    _add("aten::" + _aten, {"self": "T", "other": "T"}, _binary(_fuser),
         overloads=("other",))

_COMPARE = {
    "eq": "eq", "ne": "ne", "lt": "lt", "le": "le", "gt": "gt", "ge": "ge",
    "not_equal": "ne", "less": "lt", "less_equal": "le", "greater": "gt",
    "greater_equal": "ge",
}
for _aten, _fuser in _COMPARE.items():
    _add("aten::" + _aten, _BIN_SS, _binary(_fuser),
         overloads=("Tensor", "Scalar"))
for _aten in ("logical_and", "logical_or", "logical_xor"):
    _add("aten::" + _aten, {"self": "T", "other": "T"}, _binary(_aten),
         overloads=("", "default"))
for _aten, _fuser in (("bitwise_and", "bitwise_and"),
                      ("bitwise_or", "bitwise_or"),
                      ("bitwise_xor", "bitwise_xor"),
                      ("__and__", "bitwise_and"), ("__or__", "bitwise_or"),
                      ("__xor__", "bitwise_xor")):
    _add("aten::" + _aten, _BIN_SS, _binary(_fuser),
         overloads=("Tensor", "Scalar"))


def _square_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    x = em.tensor(a["self"])
    return em.op("mul", [x, x], rt)


_add("aten::square", {"self": "T"}, _square_emit, overloads=("", "default"))


# -- ternary ops --------------------------------------------------------------


def _where_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    return em.op("where", [em.tensor(a["condition"]), em.scalar(a["self"]),
                           em.scalar(a["other"])], rt)


_add("aten::where", {"condition": "T", "self": "S", "other": "S"},
     _where_emit, overloads=("self", "ScalarSelf", "ScalarOther", "Scalar"))


def _clamp_emit(lo: Optional[str], hi: Optional[str]) -> Callable[..., str]:
    def emit(em: Any, a: Dict[str, Any], rt: str) -> str:
        operands = [em.tensor(a["self"])]
        text = ""
        for keyword, name in (("min", lo), ("max", hi)):
            if name is None or name not in a or a[name].is_none():
                continue
            operands.append(em.scalar(a[name]))
            text += " %s %s" % (keyword, operands[-1][0])
        return em.op_text("clamp", operands, rt, text)
    return emit


_add("aten::clamp", {"self": "T", "min": "S?", "max": "S?"},
     _clamp_emit("min", "max"), overloads=("", "default", "Tensor"))
_add("aten::clip", {"self": "T", "min": "S?", "max": "S?"},
     _clamp_emit("min", "max"), overloads=("", "default", "Tensor"))
_add("aten::clamp_min", {"self": "T", "min": "S"}, _clamp_emit("min", None),
     overloads=("", "default", "Tensor"))
_add("aten::clamp_max", {"self": "T", "max": "S"}, _clamp_emit(None, "max"),
     overloads=("", "default", "Tensor"))


def _hardtanh_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    x = em.tensor(a["self"])
    lo = em.scalar(a["min_val"]) if "min_val" in a else em.constant(-1.0)
    hi = em.scalar(a["max_val"]) if "max_val" in a else em.constant(1.0)
    return em.op_text("clamp", [x, lo, hi], rt,
                      " min %s max %s" % (lo[0], hi[0]))


_add("aten::hardtanh", {"self": "T", "min_val": "C", "max_val": "C"},
     _hardtanh_emit, overloads=("", "default"))


def _relu6_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    x = em.tensor(a["self"])
    lo, hi = em.constant(0), em.constant(6)
    return em.op_text("clamp", [x, lo, hi], rt,
                      " min %s max %s" % (lo[0], hi[0]))


_add("aten::relu6", {"self": "T"}, _relu6_emit, overloads=("", "default"))


def _lerp_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    return em.op("lerp", [em.tensor(a["self"]), em.tensor(a["end"]),
                          em.scalar(a["weight"])], rt)


_add("aten::lerp", {"self": "T", "end": "T", "weight": "S"}, _lerp_emit,
     overloads=("Scalar", "Tensor"))


def _addcmul_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    attrs = None
    value = a["value"].const if "value" in a else 1
    if not (value == 1 and not isinstance(value, bool)):
        attrs = {"value": scalar_attr(value)}
    return em.op("addcmul", [em.tensor(a["self"]), em.tensor(a["tensor1"]),
                             em.tensor(a["tensor2"])], rt, attrs=attrs)


_add("aten::addcmul", {"self": "T", "tensor1": "T", "tensor2": "T",
                       "value": "C"}, _addcmul_emit,
     overloads=("", "default"),
     check=lambda c: None if isinstance(c.get("value", 1),
                                        (bool, int, float))
     else "non-numeric value")


# -- activations with attributes ---------------------------------------------


def _gelu_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    approx = a["approximate"].const if "approximate" in a else "none"
    suffix = " approximate tanh" if approx == "tanh" else ""
    return em.op("gelu", [em.tensor(a["self"])], rt, suffix=suffix)


_add("aten::gelu", {"self": "T", "approximate": "C"}, _gelu_emit,
     overloads=("", "default"),
     check=lambda c: None if c.get("approximate", "none") in ("none", "tanh")
     else "unknown gelu approximation")


def _attr_unary(name: str, attrs: Dict[str, Tuple[str, Any]]
                ) -> Callable[..., str]:
    """attrs: fuser attribute name -> (aten argument name, default)."""
    def emit(em: Any, a: Dict[str, Any], rt: str) -> str:
        values = {}
        for attr, (arg, default) in attrs.items():
            value = a[arg].const if arg in a else default
            values[attr] = f64_attr(value)
        return em.op(name, [em.tensor(a["self"])], rt, attrs=values)
    return emit


def _numeric_consts(*names: str) -> Callable[[Dict[str, Any]],
                                             Optional[str]]:
    def check(c: Dict[str, Any]) -> Optional[str]:
        for name in names:
            if name in c and not isinstance(c[name], (int, float)):
                return "non-numeric " + name
        return None
    return check


_add("aten::softplus", {"self": "T", "beta": "C", "threshold": "C"},
     _attr_unary("softplus", {"beta": ("beta", 1.0),
                              "threshold": ("threshold", 20.0)}),
     overloads=("", "default"), check=_numeric_consts("beta", "threshold"))
_add("aten::elu", {"self": "T", "alpha": "C", "scale": "C",
                   "input_scale": "C"},
     _attr_unary("elu", {"alpha": ("alpha", 1.0), "scale": ("scale", 1.0),
                         "input_scale": ("input_scale", 1.0)}),
     overloads=("", "default"),
     check=_numeric_consts("alpha", "scale", "input_scale"))


def _celu_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    alpha = float(a["alpha"].const) if "alpha" in a else 1.0
    return em.op("elu", [em.tensor(a["self"])], rt,
                 attrs={"alpha": f64_attr(alpha), "scale": f64_attr(1.0),
                        "input_scale": f64_attr(1.0 / alpha)})


_add("aten::celu", {"self": "T", "alpha": "C"}, _celu_emit,
     overloads=("", "default"),
     check=lambda c: None if isinstance(c.get("alpha", 1.0), (int, float))
     and float(c.get("alpha", 1.0)) != 0.0 else "celu alpha")


def _selu_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    return em.op("elu", [em.tensor(a["self"])], rt,
                 attrs={"alpha": f64_attr(1.6732632423543772848170429916717),
                        "scale": f64_attr(1.0507009873554804934193349852946),
                        "input_scale": f64_attr(1.0)})


_add("aten::selu", {"self": "T"}, _selu_emit, overloads=("", "default"))
_add("aten::leaky_relu", {"self": "T", "negative_slope": "C"},
     _attr_unary("leaky_relu",
                 {"negative_slope": ("negative_slope", 0.01)}),
     overloads=("", "default"), check=_numeric_consts("negative_slope"))
_add("aten::threshold", {"self": "T", "threshold": "C", "value": "C"},
     _attr_unary("threshold", {"threshold": ("threshold", None),
                               "value": ("value", None)}),
     overloads=("", "default"), check=_numeric_consts("threshold", "value"))


def _logit_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    eps = a["eps"].const if "eps" in a else None
    attrs = None if eps is None else {"eps": f64_attr(eps)}
    return em.op("logit", [em.tensor(a["self"])], rt, attrs=attrs)


_add("aten::logit", {"self": "T", "eps": "C"}, _logit_emit,
     overloads=("", "default"))


# -- casts and random numbers -------------------------------------------------


def _cast_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    """A cast to the result type (the node's recorded dtype)."""
    return em.cast(em.tensor(a["self"]), rt)


def _dtype_check(c: Dict[str, Any]) -> Optional[str]:
    if to_dtype(c.get("dtype")) is None:
        return "dtype not supported by fuser: %r" % (c.get("dtype"),)
    return None


_TO_DTYPE = {"self": "T", "dtype": "C", "non_blocking": "X", "copy": "X",
             "memory_format": "X", "layout": "N", "device": "N",
             "pin_memory": "N"}
_add("aten::to", _TO_DTYPE, _cast_emit,
     overloads=("dtype", "dtype_layout"), check=_dtype_check)
for _name in _CAST_NAMES:
    _add(_name, {"self": "T", "non_blocking": "X"},
         _cast_emit, overloads=("", "default"))


def _type_as_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    return em.op("type_as", [em.tensor(a["self"]), em.tensor(a["other"])],
                 rt)


_add("aten::type_as", {"self": "T", "other": "T"}, _type_as_emit,
     overloads=("", "default"), no_chunk=("other",))


def _rand_like_emit(em: Any, a: Dict[str, Any], rt: str) -> str:
    x = em.tensor(a["self"])
    dtype = a["dtype"].const if "dtype" in a else None
    attrs = None
    if dtype is not None:
        attrs = {"dtype": MLIR_DTYPE[to_dtype(dtype)]}
    return em.op("rand_like", [x], rt, attrs=attrs)


def _rand_like_check(c: Dict[str, Any]) -> Optional[str]:
    dtype = c.get("dtype")
    if dtype is None:
        return None
    dt = to_dtype(dtype)
    if dt is None or not dt.is_floating_point:
        return "rand_like dtype not a supported float type"
    return None


_add("aten::rand_like", {"self": "T", "dtype": "C", "layout": "N",
                         "device": "N", "pin_memory": "N",
                         "memory_format": "X"},
     _rand_like_emit, overloads=("", "default"), check=_rand_like_check)

#: The structural kinds the importer handles itself.
CHUNK_KINDS = frozenset({"aten::chunk", "prim::ConstantChunk"})
CAT_KINDS = frozenset({"aten::cat", "aten::concat", "aten::concatenate",
                       "prim::FusedConcat"})


def supported_op_names() -> Tuple[str, ...]:
    """Every aten/prim kind the importer maps to the dialect."""
    return tuple(sorted(set(SPECS) | CHUNK_KINDS | CAT_KINDS))
