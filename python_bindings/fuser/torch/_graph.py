"""Helpers over TorchScript IR (torch._C.Graph, Node, Value).

Values are identified by ``Value.unique()``; nodes by their position in the
walk that the partitioner and the code generator make (pybind11 hands back
the same wrapper object for a node while one is alive, so wrappers kept in
lists are stable keys too).
"""

from __future__ import annotations

import functools
from typing import Any, Dict, List, Optional, Tuple

import torch

from . import _ops


class UnsupportedNodeError(RuntimeError):
    """A node the importer cannot map to the fuser dialect. ``nodes``
    holds (node text, reason) pairs."""

    def __init__(self, nodes: List[Tuple[str, str]]) -> None:
        self.nodes = nodes
        lines = ["  %s  -- %s" % (text, why) for text, why in nodes]
        super().__init__("unsupported node(s) for the fuser dialect:\n" +
                         "\n".join(lines))


def node_text(node: Any) -> str:
    """One line naming a node: its outputs, kind and inputs."""
    outs = ", ".join("%" + v.debugName() for v in node.outputs())
    ins = ", ".join("%" + v.debugName() for v in node.inputs())
    text = "%s = %s(%s)" % (outs, node.kind(), ins) if outs else \
        "%s(%s)" % (node.kind(), ins)
    try:
        rng = node.sourceRange()
        first = rng.strip().splitlines()[0] if rng else ""
        if first:
            text += "  # " + first.strip()
    except Exception:  # noqa: BLE001 (sourceRange is best effort)
        pass
    return text


@functools.lru_cache(maxsize=None)
def parse_schema(text: str) -> Any:
    return torch._C.parse_schema(text)


def node_schema(node: Any) -> Optional[Any]:
    """The parsed schema of a node, or None (prim nodes without one)."""
    try:
        text = node.schema()
    except Exception:  # noqa: BLE001
        return None
    if not text or text == "(no schema)":
        return None
    try:
        return parse_schema(text)
    except Exception:  # noqa: BLE001
        return None


def is_constant(value: Any) -> bool:
    return value.node().kind() == "prim::Constant"


def constant_value(value: Any) -> Any:
    """The Python value of a prim::Constant output."""
    return value.toIValue()


def type_kind(value: Any) -> str:
    return value.type().kind()


def is_tensor_value(value: Any) -> bool:
    return type_kind(value) == "TensorType"


def is_none_constant(value: Any) -> bool:
    return type_kind(value) == "NoneType" or (
        is_constant(value) and constant_value(value) is None)


_NUMBER_KINDS = frozenset({"FloatType", "IntType", "BoolType", "NumberType"})


def graph_tensor_type(value: Any) -> Optional[Tuple[Any, int]]:
    """(dtype, rank) from a value's TensorType, when both are known."""
    t = value.type()
    if t.kind() != "TensorType":
        return None
    try:
        name = t.scalarType()
        rank = t.dim()
    except Exception:  # noqa: BLE001
        return None
    if name is None or rank is None:
        return None
    dtype = _ops.TYPE_NAME.get(name)
    if dtype is None:
        return None
    return dtype, rank


def node_args(node: Any) -> Optional[Dict[str, Any]]:
    """Schema argument name -> input Value, or None without a schema."""
    schema = node_schema(node)
    if schema is None:
        return None
    inputs = list(node.inputs())
    if len(inputs) != len(schema.arguments):
        return None
    return {arg.name: v for arg, v in zip(schema.arguments, inputs)}


def fusible_reason(node: Any) -> Optional[str]:
    """None if `node` is a pointwise node the importer can map (on any
    dtype), else why not. Chunk and cat are not covered (structural)."""
    kind = node.kind()
    spec = _ops.SPECS.get(kind)
    if spec is None:
        if kind.startswith("aten::") and kind.endswith("_") and \
                kind[:-1] in _ops.SPECS:
            return "in-place op"
        return "op not supported by the fuser dialect"
    schema = node_schema(node)
    if schema is None:
        return "no schema"
    if spec.overloads is not None and \
            schema.overload_name not in spec.overloads:
        return "overload %r not supported" % schema.overload_name
    outputs = list(node.outputs())
    if len(outputs) != 1 or not is_tensor_value(outputs[0]):
        return "not a single tensor output"
    if schema.is_mutable:
        return "mutates an input"
    consts: Dict[str, Any] = {}
    for arg, value in zip(schema.arguments, node.inputs()):
        role = spec.roles.get(arg.name)
        if role is None:
            return "argument %r not supported" % arg.name
        kind_v = type_kind(value)
        const = is_constant(value)
        if role in ("C", "X", "N"):
            if not const:
                return "argument %r must be a constant" % arg.name
            c = constant_value(value)
            if role == "N" and c is not None:
                return "argument %r must be None" % arg.name
            consts[arg.name] = c
            continue
        if role in ("T?", "S?") and is_none_constant(value):
            continue
        if kind_v == "TensorType":
            continue
        if role in ("T", "T?"):
            return "argument %r must be a tensor" % arg.name
        # S, S?: a number
        if kind_v not in _NUMBER_KINDS:
            return "argument %r of type %s" % (arg.name, value.type())
        if not const and kind_v != "FloatType":
            return ("argument %r is a runtime %s (only runtime floats are "
                    "group scalars)" % (arg.name, value.type()))
        if const:
            c = constant_value(value)
            if not isinstance(c, (bool, int, float)):
                return "argument %r is not a number" % arg.name
    if spec.check is not None:
        why = spec.check(consts)
        if why:
            return why
    if kind in ("aten::clamp", "aten::clip"):
        args = node_args(node) or {}
        if all(is_none_constant(args[n]) for n in ("min", "max")
               if n in args):
            return "clamp without bounds"
    return None


def chunk_info(node: Any) -> Optional[Tuple[int, int]]:
    """(chunks, dim) of aten::chunk with constant arguments or of
    prim::ConstantChunk; None otherwise."""
    kind = node.kind()
    if kind == "prim::ConstantChunk":
        return node.i("chunks"), node.i("dim")
    if kind != "aten::chunk":
        return None
    inputs = list(node.inputs())
    if len(inputs) != 3 or not all(is_constant(v) for v in inputs[1:]):
        return None
    if not is_tensor_value(inputs[0]):
        return None
    chunks, dim = constant_value(inputs[1]), constant_value(inputs[2])
    if not isinstance(chunks, int) or not isinstance(dim, int) or chunks < 1:
        return None
    return chunks, dim


def chunk_list_users(node: Any) -> Optional[List[Tuple[Any, Optional[int]]]]:
    """For aten::chunk: the nodes using its list, each with its chunk index
    (None for a ListUnpack), if every use is a prim::ListUnpack with
    `chunks` outputs or an aten::__getitem__ with a constant index, in the
    chunk's block; else None."""
    info = chunk_info(node)
    if info is None:
        return None
    chunks = info[0]
    block = node.owningBlock()
    users: List[Tuple[Any, Optional[int]]] = []
    for use in node.output().uses():
        user = use.user
        if user.owningBlock() != block:
            return None
        if user.kind() == "prim::ListUnpack":
            if user.outputsSize() != chunks:
                return None
            users.append((user, None))
        elif user.kind() == "aten::__getitem__":
            idx = list(user.inputs())[1]
            if not is_constant(idx):
                return None
            i = constant_value(idx)
            if not isinstance(i, int) or not -chunks <= i < chunks:
                return None
            users.append((user, i % chunks))
        else:
            return None
    return users


def cat_info(node: Any) -> Optional[Tuple[Any, int]]:
    """(list node or None, dim) of a fusible concat: aten::cat of a
    prim::ListConstruct used only by it, with a constant dim, or a
    prim::FusedConcat."""
    kind = node.kind()
    if kind == "prim::FusedConcat":
        return None, node.i("dim")
    if kind not in _ops.CAT_KINDS:
        return None
    inputs = list(node.inputs())
    if len(inputs) != 2 or not is_constant(inputs[1]):
        return None
    dim = constant_value(inputs[1])
    lst = inputs[0].node()
    if lst.kind() != "prim::ListConstruct" or \
            lst.owningBlock() != node.owningBlock():
        return None
    if len(inputs[0].uses()) != 1 or lst.inputsSize() == 0:
        return None
    if not isinstance(dim, int):
        return None
    return lst, dim


def cat_operands(node: Any) -> List[Any]:
    if node.kind() == "prim::FusedConcat":
        return list(node.inputs())
    return list(list(node.inputs())[0].node().inputs())


def has_side_effects(node: Any) -> bool:
    """Whether a node must keep its place relative to other nodes: it
    mutates, raises, prints, or holds such a node in a sub-block."""
    kind = node.kind()
    if kind in ("prim::RaiseException", "prim::Print", "aten::warn",
                "prim::SetAttr", "prim::PythonOp", "prim::CallFunction",
                "prim::CallMethod", "aten::manual_seed", "aten::append",
                "aten::_set_item", "aten::insert", "aten::pop",
                "aten::clear", "aten::extend", "aten::remove"):
        return True
    schema = node_schema(node)
    if schema is not None and schema.is_mutable:
        return True
    for block in node.blocks():
        for inner in block.nodes():
            if has_side_effects(inner):
                return True
    return False


def top_level_user(node: Any, block: Any) -> Optional[Any]:
    """The ancestor of `node` (or itself) directly in `block`."""
    while node is not None:
        owner = node.owningBlock()
        if owner == block:
            return node
        node = owner.owningNode()
        if node is None:
            return None
    return None


def script(fn: Any) -> Any:
    """torch.jit.script, without its deprecation warning (TorchScript is
    deprecated in recent torch releases; it is still what this frontend
    imports)."""
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore", DeprecationWarning)
        return torch.jit.script(fn)


def prepare_graph(graph: Any) -> Any:
    """A copy of `graph` prepared for partitioning: calls inlined, constants
    propagated, in-place ops made functional where alias analysis allows,
    dead code removed."""
    g = graph.copy()
    torch._C._jit_pass_inline(g)
    for name in ("_jit_pass_constant_propagation", "_jit_pass_remove_mutation",
                 "_jit_pass_constant_propagation", "_jit_pass_dce",
                 "_jit_pass_cse"):
        fn = getattr(torch._C, name, None)
        if fn is None:
            continue
        try:
            fn(g)
        except Exception:  # noqa: BLE001 (an optional clean-up)
            pass
    return g
