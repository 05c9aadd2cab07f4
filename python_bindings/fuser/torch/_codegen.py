"""Python source for running TorchScript nodes with torch, node by node.

The executor of :mod:`fuser.torch` does not interpret graphs: it writes one
Python function per plan (straight-line code with ``if``/``while`` for
``prim::If``/``prim::Loop``), compiles it once and calls it. An aten op is
one call of its ``OpOverload``'s C++ entry, with constant arguments inlined
as literals; list, tuple and scalar nodes are Python expressions. What this
module cannot express raises :class:`CodegenError`, and the caller then runs
the function as TorchScript instead.
"""

from __future__ import annotations

import math
import re
import warnings
from typing import Any, Callable, Dict, List, Optional, Sequence

import torch

from . import _graph, _ops


class CodegenError(RuntimeError):
    """A node the executor cannot run from Python."""


def var(value: Any) -> str:
    return "v%d" % value.unique()


_TYPE_VAR = re.compile(r"(^|[^A-Za-z0-9_])(t|t\d|k|v|Any)($|[^A-Za-z0-9_])")

# aten kinds computed with a Python operator when no input or output is a
# tensor (int/float/bool/str/list arithmetic of TorchScript code).
_PY_BINARY = {
    "aten::add": "+", "aten::sub": "-", "aten::mul": "*", "aten::div": "/",
    "aten::floordiv": "//", "aten::remainder": "%", "aten::eq": "==",
    "aten::ne": "!=", "aten::lt": "<", "aten::le": "<=", "aten::gt": ">",
    "aten::ge": ">=", "aten::__and__": "&", "aten::__or__": "|",
    "aten::__xor__": "^", "aten::__lshift__": "<<", "aten::__rshift__": ">>",
    "aten::__is__": "is", "aten::__isnot__": "is not",
}
_PY_CALL = {
    "aten::Int": "int", "aten::Float": "float", "aten::Bool": "bool",
    "aten::len": "len", "aten::str": "str", "aten::list": "list",
    "aten::abs": "abs", "prim::abs": "abs", "prim::min": "min",
    "prim::max": "max", "aten::min": "min", "aten::max": "max",
    "aten::floor": "_math.floor", "aten::ceil": "_math.ceil",
}

# list mutations of TorchScript code (the lists are Python lists here)
_PY_LIST_MUTATION = {
    "aten::append": "%s.append(%s)", "aten::_set_item": "%s[%s] = %s",
    "aten::insert": "%s.insert(%s, %s)", "aten::extend": "%s.extend(%s)",
    "aten::clear": "%s.clear()", "aten::pop": "%s.pop(%s)",
}


def _literal(value: Any) -> Optional[str]:
    """Python source of a simple constant, or None."""
    if value is None or isinstance(value, (bool, str)):
        return repr(value)
    if isinstance(value, int):
        return repr(value)
    if isinstance(value, float):
        if math.isfinite(value):
            return repr(value)
        if math.isnan(value):
            return "_nan"
        return "_inf" if value > 0 else "(-_inf)"
    return None


class Codegen:
    """Writes Python lines for nodes; globals go into `ns`."""

    def __init__(self, ns: Dict[str, Any]) -> None:
        self.ns = ns
        ns.setdefault("_inf", math.inf)
        ns.setdefault("_nan", math.nan)
        ns.setdefault("_math", math)
        ns.setdefault("_warnings", warnings)
        ns.setdefault("_torch", torch)
        ns.setdefault("_dtype_num", dict(_ops.SCALAR_TYPE_OF))
        ns.setdefault("_JitError", getattr(torch.jit, "Error", RuntimeError))
        self._globals: Dict[int, str] = {}
        self._ops: Dict[str, str] = {}
        self.counter = 0

    # -- names ------------------------------------------------------------

    def fresh(self, stem: str) -> str:
        self.counter += 1
        return "_%s%d" % (stem, self.counter)

    def global_value(self, value: Any) -> str:
        key = id(value)
        name = self._globals.get(key)
        if name is None:
            name = self.fresh("k")
            self.ns[name] = value
            self._globals[key] = name
            # keep `value` alive so that its id stays unique
            self.ns.setdefault("_keep", []).append(value)
        return name

    def ref(self, value: Any) -> str:
        """Python expression of a graph value."""
        if _graph.is_constant(value):
            try:
                c = _graph.constant_value(value)
            except Exception as e:  # noqa: BLE001
                raise CodegenError("constant %s cannot be read: %s" %
                                   (value.debugName(), e)) from None
            lit = _literal(c)
            return lit if lit is not None else self.global_value(c)
        return var(value)

    def op_callable(self, node: Any, schema: Any) -> str:
        """A global bound to the C++ entry of the node's OpOverload."""
        key = schema.name + "." + schema.overload_name
        name = self._ops.get(key)
        if name is not None:
            return name
        ns_name, _, op_name = schema.name.partition("::")
        try:
            packet = getattr(getattr(torch.ops, ns_name), op_name)
            overload = getattr(packet, schema.overload_name or "default")
        except Exception as e:  # noqa: BLE001
            raise CodegenError("no torch.ops entry for %s: %s" % (key, e)) \
                from None
        fn = getattr(overload, "_op", overload)
        name = self.fresh("op")
        self.ns[name] = fn
        self._ops[key] = name
        return name

    # -- nodes ------------------------------------------------------------

    def outputs_target(self, node: Any) -> str:
        outs = [var(v) for v in node.outputs()]
        if len(outs) == 1:
            return outs[0]
        return ", ".join(outs) + ("," if len(outs) == 1 else "")

    def node(self, node: Any, out: List[str], ind: str,
             sub: Optional[Callable[[Any, int], Sequence[Any]]] = None,
             record: bool = False) -> None:
        """Appends the lines that run `node` with torch. `sub(node, i)`
        gives the entries of block i of a node with blocks (default: its
        nodes). With `record`, every tensor output is stored in `_rec`."""
        kind = node.kind()
        if kind == "prim::Constant":
            return
        if kind == "prim::If":
            self._if(node, out, ind, sub, record)
        elif kind == "prim::Loop":
            self._loop(node, out, ind, sub, record)
        else:
            out.append(ind + self.expression(node))
        if record:
            for v in node.outputs():
                if _graph.is_tensor_value(v):
                    out.append(ind + "_rec[%d] = %s" % (v.unique(), var(v)))

    def expression(self, node: Any) -> str:
        """One statement computing a node without blocks."""
        kind = node.kind()
        ins = [self.ref(v) for v in node.inputs()]
        outs = list(node.outputs())
        target = self.outputs_target(node)
        if kind in ("prim::ListConstruct",):
            return "%s = [%s]" % (target, ", ".join(ins))
        if kind == "prim::TupleConstruct":
            return "%s = (%s)" % (target, "".join(i + ", " for i in ins))
        if kind in ("prim::ListUnpack", "prim::TupleUnpack"):
            if not outs:
                return "pass"
            return "%s, = %s" % (", ".join(var(v) for v in outs), ins[0])
        if kind == "prim::TupleIndex":
            return "%s = %s[%s]" % (target, ins[0], ins[1])
        if kind == "prim::DictConstruct":
            pairs = ", ".join("%s: %s" % (ins[i], ins[i + 1])
                              for i in range(0, len(ins), 2))
            return "%s = {%s}" % (target, pairs)
        if kind == "prim::RaiseException":
            return "raise _JitError(%s)" % ins[0]
        if kind == "prim::Uninitialized":
            return "%s = None" % target
        if kind == "prim::unchecked_cast":
            return "%s = %s" % (target, ins[0])
        if kind == "prim::GetAttr":
            return "%s = getattr(%s, %r)" % (target, ins[0], node.s("name"))
        if kind == "prim::dtype":
            return "%s = _dtype_num[%s.dtype]" % (target, ins[0])
        if kind == "prim::device":
            return "%s = %s.device" % (target, ins[0])
        if kind == "prim::is_cuda":
            return "%s = %s.is_cuda" % (target, ins[0])
        if kind == "prim::requires_grad":
            return "%s = %s.requires_grad" % (target, ins[0])
        if kind == "prim::shape":
            return "%s = list(%s.shape)" % (target, ins[0])
        if kind == "prim::ConstantChunk":
            return "%s, = _torch.chunk(%s, %d, %d)" % (
                ", ".join(var(v) for v in outs), ins[0], node.i("chunks"),
                node.i("dim"))
        if kind == "prim::FusedConcat":
            return "%s = _torch.cat([%s], %d)" % (target, ", ".join(ins),
                                                 node.i("dim"))
        if kind in ("prim::FusionGroup", "prim::DifferentiableGraph",
                    "prim::TensorExprGroup"):
            # a subgraph formed by TorchScript's own passes: run it as
            # TorchScript
            fn = subgraph_function(self.fresh("subgraph"),
                                   node.g("Subgraph"))
            name = self.global_value(fn)
            if len(outs) == 1:
                return "%s = %s(%s)" % (target, name, ", ".join(ins))
            return "%s, = %s(%s)" % (", ".join(var(v) for v in outs), name,
                                     ", ".join(ins))
        if kind == "prim::Print":
            return "print(%s)" % ", ".join(ins)
        if kind == "aten::warn":
            return "_warnings.warn(%s)" % ins[0] if ins else "pass"
        if kind in _PY_LIST_MUTATION and not any(
                _graph.is_tensor_value(v) for v in outs):
            stmt = _PY_LIST_MUTATION[kind] % tuple(ins)
            if outs:
                if kind == "aten::pop":
                    return "%s = %s" % (target, stmt)
                return "%s; %s = %s" % (stmt, target, ins[0])
            return stmt
        tensor_io = any(_graph.is_tensor_value(v)
                        for v in list(node.inputs()) + outs)
        if not tensor_io and len(outs) == 1:
            if kind in _PY_BINARY and len(ins) == 2:
                return "%s = (%s %s %s)" % (target, ins[0], _PY_BINARY[kind],
                                            ins[1])
            if kind in _PY_CALL:
                return "%s = %s(%s)" % (target, _PY_CALL[kind],
                                        ", ".join(ins))
            if kind in ("aten::neg",) and len(ins) == 1:
                return "%s = (-%s)" % (target, ins[0])
            if kind == "aten::__not__":
                return "%s = (not %s)" % (target, ins[0])
            if kind == "aten::__getitem__":
                return "%s = %s[%s]" % (target, ins[0], ins[1])
            if kind == "aten::__contains__":
                return "%s = (%s in %s)" % (target, ins[1], ins[0])
            if kind == "aten::format":
                return "%s = %s.format(%s)" % (target, ins[0],
                                               ", ".join(ins[1:]))
        if kind == "aten::__getitem__" and len(ins) == 2 and \
                node.inputsAt(0).type().kind() in ("ListType", "TupleType"):
            return "%s = %s[%s]" % (target, ins[0], ins[1])
        if kind == "aten::len" and len(ins) == 1 and \
                node.inputsAt(0).type().kind() == "ListType":
            return "%s = len(%s)" % (target, ins[0])
        if kind == "aten::size" and len(ins) == 1:
            return "%s = list(%s.size())" % (target, ins[0])
        if kind == "aten::size" and len(ins) == 2:
            return "%s = %s.size(%s)" % (target, ins[0], ins[1])
        if kind == "aten::dim" and len(ins) == 1:
            return "%s = %s.dim()" % (target, ins[0])
        if kind == "aten::numel" and len(ins) == 1:
            return "%s = %s.numel()" % (target, ins[0])
        if kind in ("aten::Int", "aten::Float", "aten::Bool") and \
                len(ins) == 1:
            return "%s = %s(%s)" % (target, _PY_CALL[kind], ins[0])
        if kind == "aten::ScalarImplicit" and len(ins) == 1:
            return "%s = %s.item()" % (target, ins[0])
        return self._aten_call(node, ins, target)

    def _aten_call(self, node: Any, ins: List[str], target: str) -> str:
        schema = _graph.node_schema(node)
        if schema is None:
            raise CodegenError("no schema for %s" % _graph.node_text(node))
        for arg in list(schema.arguments) + list(schema.returns):
            if _TYPE_VAR.search(str(arg.type)):
                raise CodegenError("generic op %s (type variables) cannot "
                                   "be called from Python" %
                                   _graph.node_text(node))
        fn = self.op_callable(node, schema)
        parts = []
        inputs = list(node.inputs())
        for arg, text, value in zip(schema.arguments, ins, inputs):
            if arg.kwarg_only:
                if _graph.is_constant(value) and arg.has_default_value():
                    try:
                        if _graph.constant_value(value) == arg.default_value \
                                and type(_graph.constant_value(value)) is \
                                type(arg.default_value):
                            continue
                    except Exception:  # noqa: BLE001
                        pass
                parts.append("%s=%s" % (arg.name, text))
            else:
                parts.append(text)
        call = "%s(%s)" % (fn, ", ".join(parts))
        outs = list(node.outputs())
        if not outs:
            return call
        if len(outs) == 1:
            return "%s = %s" % (target, call)
        return "%s = %s" % (target, call)

    # -- control flow -----------------------------------------------------

    def _block_entries(self, node: Any, i: int,
                       sub: Optional[Callable[[Any, int], Sequence[Any]]]
                       ) -> Sequence[Any]:
        if sub is not None:
            return sub(node, i)
        return list(list(node.blocks())[i].nodes())

    def _emit_entries(self, entries: Sequence[Any], out: List[str], ind: str,
                      sub: Optional[Callable[[Any, int], Sequence[Any]]],
                      record: bool) -> None:
        for entry in entries:
            if callable(entry):
                entry(out, ind)  # a region's call site
            else:
                self.node(entry, out, ind, sub, record)

    def _if(self, node: Any, out: List[str], ind: str,
            sub: Optional[Callable[[Any, int], Sequence[Any]]],
            record: bool) -> None:
        blocks = list(node.blocks())
        outs = [var(v) for v in node.outputs()]
        out.append(ind + "if %s:" % self.ref(node.inputsAt(0)))
        for i, block in enumerate(blocks):
            if i == 1:
                out.append(ind + "else:")
            start = len(out)
            self._emit_entries(self._block_entries(node, i, sub), out,
                               ind + "    ", sub, record)
            results = [self.ref(v) for v in block.outputs()]
            if outs:
                out.append(ind + "    %s, = (%s,)" % (", ".join(outs),
                                                     ", ".join(results)))
            if len(out) == start:
                out.append(ind + "    pass")

    def _loop(self, node: Any, out: List[str], ind: str,
              sub: Optional[Callable[[Any, int], Sequence[Any]]],
              record: bool) -> None:
        inputs = list(node.inputs())
        block = list(node.blocks())[0]
        params = list(block.inputs())
        results = list(block.outputs())
        outs = [var(v) for v in node.outputs()]
        trip, cond = self.fresh("trip"), self.fresh("cond")
        i = self.fresh("i")
        out.append(ind + "%s = %s" % (trip, self.ref(inputs[0])))
        out.append(ind + "%s = %s" % (cond, self.ref(inputs[1])))
        carried = [var(p) for p in params[1:]]
        if carried:
            out.append(ind + "%s, = (%s,)" % (
                ", ".join(carried), ", ".join(self.ref(v)
                                              for v in inputs[2:])))
        out.append(ind + "%s = 0" % i)
        out.append(ind + "while %s and %s < %s:" % (cond, i, trip))
        body = ind + "    "
        out.append(body + "%s = %s" % (var(params[0]), i))
        self._emit_entries(self._block_entries(node, 0, sub), out, body, sub,
                           record)
        out.append(body + "%s = %s" % (cond, self.ref(results[0])))
        if carried:
            out.append(body + "%s, = (%s,)" % (
                ", ".join(carried), ", ".join(self.ref(v)
                                              for v in results[1:])))
        out.append(body + "%s += 1" % i)
        if outs:
            out.append(ind + "%s, = (%s,)" % (", ".join(outs),
                                              ", ".join(carried)))


def subgraph_function(name: str, graph: Any) -> Callable[..., Any]:
    """A TorchScript function of a (sub)graph; several outputs come back as
    a tuple."""
    g = graph.copy()
    outs = list(g.outputs())
    if len(outs) != 1:
        tup = g.create("prim::TupleConstruct", outs)
        g.appendNode(tup)
        tup.output().setType(torch._C.TupleType([v.type() for v in outs]))
        for i in reversed(range(len(outs))):
            g.eraseOutput(i)
        g.registerOutput(tup.output())
    return torch._C._create_function_from_graph(name, g)


def compile_function(name: str, params: Sequence[str], body: List[str],
                     ns: Dict[str, Any]) -> Callable[..., Any]:
    """Compiles `def name(params): body` in namespace `ns`."""
    lines = ["def %s(%s):" % (name, ", ".join(params))]
    lines.extend(body if body else ["    pass"])
    source = "\n".join(lines) + "\n"
    code = compile(source, "<fuser.torch %s>" % name, "exec")
    local: Dict[str, Any] = {}
    exec(code, ns, local)  # noqa: S102 (our own generated code)
    fn = local[name]
    fn.__source__ = source
    return fn
