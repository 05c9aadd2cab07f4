"""TorchScript IR -> fuser dialect (MLIR text).

:class:`GroupEmitter` turns a list of pointwise TorchScript nodes (a region
found by the partitioner, a whole graph, or the subgraph of a legacy
``prim::FusionGroup``) into one ``fuser.group``, printed as text by a small
printer of its own (no MLIR Python bindings are needed):

- aten ops map to fuser ops through the table of :mod:`._ops`;
- ``aten::chunk`` (with its ``prim::ListUnpack``/``aten::__getitem__``
  users) and ``prim::ConstantChunk`` become ``fuser.chunk`` of a group
  argument. A chunk of a value computed inside the region is moved above the
  computation (the seed's chunk motion, spec 5.5): each chunk is computed
  from chunks of the operands, an operand that broadcasts along the chunk
  dimension being used whole;
- ``aten::cat`` of a ``prim::ListConstruct`` and ``prim::FusedConcat``
  become ``fuser.concat``;
- constants become ``fuser.constant`` (numbers, and 0-dim tensors as dense
  constants); runtime Python floats become trailing ``f64`` arguments;
- ``aten::type_as``, ``aten::to(dtype)`` and ``aten::_cast_*`` become
  ``fuser.type_as``/``fuser.cast``, ``aten::rand_like`` ``fuser.rand_like``.

Types (dtype and rank of every tensor value) come from the caller: values
recorded by running the nodes once with torch, or complete tensor types in
the graph. Unused operations and arguments are dropped from the group.
"""

from __future__ import annotations

from typing import (Any, Callable, Dict, List, NamedTuple, Optional,
                    Sequence, Tuple)

import torch

from . import _codegen, _graph, _ops
from ._graph import UnsupportedNodeError


class EmitError(RuntimeError):
    """The region cannot be written as a fuser group with these types."""


class VType(NamedTuple):
    """A tensor value's type as the importer needs it."""

    dtype: Any
    rank: int
    #: Sizes seen when the type was recorded (None: unknown).
    shape: Optional[Tuple[int, ...]] = None
    device: Optional[Any] = None
    requires_grad: bool = False

    @staticmethod
    def of(t: Any) -> "VType":
        return VType(t.dtype, t.dim(), tuple(t.shape), t.device,
                     bool(t.requires_grad))


TypeOf = Callable[[Any], Optional[VType]]


class Operand:
    """A node argument as seen by an op emitter."""

    __slots__ = ("kind", "ssa", "mtype", "const", "vtype")

    def __init__(self, kind: str, ssa: Optional[str] = None,
                 mtype: Optional[str] = None, const: Any = None,
                 vtype: Optional[VType] = None) -> None:
        self.kind = kind  # 'tensor', 'scalar' (runtime f64) or 'const'
        self.ssa = ssa
        self.mtype = mtype
        self.const = const
        self.vtype = vtype

    def is_none(self) -> bool:
        return self.kind == "const" and self.const is None


class EmittedGroup(NamedTuple):
    """A printed group and how to call it."""

    #: The ``fuser.group`` as MLIR text.
    mlir: str
    #: The graph value passed as each group argument (tensors, then f64
    #: scalars); a value may appear more than once (whole and chunked).
    args: Tuple[Any, ...]
    #: The graph value of each group result.
    outputs: Tuple[Any, ...]
    #: The group's name (without '@').
    name: str


class _Line:
    __slots__ = ("results", "operands", "text")

    def __init__(self, results: List[str], operands: List[str],
                 text: str) -> None:
        self.results = results
        self.operands = operands
        self.text = text


class GroupEmitter:
    """Writes one fuser.group for `nodes` (in order), whose external
    values are `inputs` and whose results are `outputs`."""

    def __init__(self, nodes: Sequence[Any], outputs: Sequence[Any],
                 type_of: TypeOf, name: str = "fused") -> None:
        self.nodes = list(nodes)
        self.outputs = list(outputs)
        self.type_of = type_of
        self.name = name
        self.lines: List[_Line] = []
        self.values: Dict[int, Operand] = {}   # computed in the group
        self.inside: Dict[int, Any] = {}       # uid -> producing node
        for node in self.nodes:
            for v in node.outputs():
                self.inside[v.unique()] = node
        # arguments: key -> (ssa, mtype, graph value)
        self.tensor_args: Dict[Tuple[Any, ...], Tuple[str, str, Any]] = {}
        self.scalar_args: Dict[int, Tuple[str, Any]] = {}
        self.chunks: Dict[Tuple[int, int, int], List[Operand]] = {}
        self.lists: Dict[int, List[Any]] = {}      # ListConstruct elements
        self.chunk_lists: Dict[int, List[Operand]] = {}
        self.consts: Dict[Tuple[str, str], str] = {}
        self.counter = 0

    # -- helpers used by the op table ----------------------------------------

    def fresh(self, stem: str = "v") -> str:
        self.counter += 1
        return "%%%s%d" % (stem, self.counter)

    def vtype(self, value: Any) -> VType:
        t = self.type_of(value)
        if t is None:
            raise EmitError("no type known for %%%s" % value.debugName())
        if t.dtype not in _ops.MLIR_DTYPE:
            raise EmitError("%%%s has dtype %s, which fuser does not "
                            "support" % (value.debugName(), t.dtype))
        return t

    def mtype(self, value: Any) -> str:
        t = self.vtype(value)
        return _ops.tensor_type(t.dtype, t.rank)

    def tensor(self, op: Operand) -> Tuple[str, str]:
        """(ssa, type) of a tensor operand (0-dim constants inlined)."""
        if op.kind == "tensor":
            return op.ssa, op.mtype
        if op.kind == "const" and isinstance(op.const, torch.Tensor):
            return self._dense(op.const)
        raise EmitError("expected a tensor operand")

    def scalar(self, op: Operand) -> Tuple[str, str]:
        """(ssa, type) of a tensor-or-number operand."""
        if op.kind in ("tensor", "scalar"):
            return op.ssa, op.mtype
        if isinstance(op.const, torch.Tensor):
            return self._dense(op.const)
        if isinstance(op.const, (bool, int, float)):
            return self.constant(op.const)
        raise EmitError("operand %r is not a number" % (op.const,))

    def constant(self, value: Any) -> Tuple[str, str]:
        """A scalar fuser.constant (f64, i64 or i1) for a Python number."""
        if isinstance(value, bool):
            text, mtype = ("true" if value else "false"), "i1"
        elif isinstance(value, int):
            text, mtype = "%d : i64" % value, "i64"
        else:
            text, mtype = _ops.f64_attr(value), "f64"
        key = (text, mtype)
        ssa = self.consts.get(key)
        if ssa is None:
            ssa = self.fresh("c")
            self.consts[key] = ssa
            self.lines.append(_Line([ssa], [], "%s = fuser.constant %s" %
                                    (ssa, text)))
        return ssa, mtype

    def _dense(self, t: Any) -> Tuple[str, str]:
        if t.dim() != 0 or t.dtype not in _ops.MLIR_DTYPE:
            raise EmitError("only 0-dim tensor constants can be inlined")
        mtype = _ops.tensor_type(t.dtype, 0)
        text = "dense<%s> : %s" % (_ops.dense_literal(t.item(), t.dtype),
                                   mtype)
        key = (text, mtype)
        ssa = self.consts.get(key)
        if ssa is None:
            ssa = self.fresh("c")
            self.consts[key] = ssa
            self.lines.append(_Line([ssa], [], "%s = fuser.constant %s" %
                                    (ssa, text)))
        return ssa, mtype

    def op(self, name: str, operands: Sequence[Tuple[str, str]], rt: str,
           attrs: Optional[Dict[str, str]] = None, suffix: str = "") -> str:
        ssa = self.fresh()
        text = "%s = fuser.%s %s%s" % (ssa, name,
                                       ", ".join(o[0] for o in operands),
                                       suffix)
        if attrs:
            text += " {%s}" % ", ".join("%s = %s" % kv
                                        for kv in sorted(attrs.items()))
        text += " : (%s) -> %s" % (", ".join(o[1] for o in operands), rt)
        self.lines.append(_Line([ssa], [o[0] for o in operands], text))
        return ssa

    def op_text(self, name: str, operands: Sequence[Tuple[str, str]],
                rt: str, text: str) -> str:
        """An op whose operands after the first are spelled by `text`."""
        ssa = self.fresh()
        line = "%s = fuser.%s %s%s : (%s) -> %s" % (
            ssa, name, operands[0][0], text,
            ", ".join(o[1] for o in operands), rt)
        self.lines.append(_Line([ssa], [o[0] for o in operands], line))
        return ssa

    def cast(self, x: Tuple[str, str], rt: str) -> str:
        ssa = self.fresh()
        self.lines.append(_Line([ssa], [x[0]], "%s = fuser.cast %s : %s to %s"
                                % (ssa, x[0], x[1], rt)))
        return ssa

    # -- operands -----------------------------------------------------------

    def operand(self, value: Any) -> Operand:
        uid = value.unique()
        known = self.values.get(uid)
        if known is not None:
            return known
        if uid in self.inside:
            raise EmitError("%%%s is used before it is computed" %
                            value.debugName())
        if _graph.is_constant(value):
            c = _graph.constant_value(value)
            if not isinstance(c, torch.Tensor) or c.dim() == 0:
                return Operand("const", const=c)
        kind = _graph.type_kind(value)
        if kind == "TensorType":
            key = ("plain", uid)
            arg = self.tensor_args.get(key)
            if arg is None:
                arg = (self.fresh("a"), self.mtype(value), value)
                self.tensor_args[key] = arg
            return Operand("tensor", arg[0], arg[1], vtype=self.vtype(value))
        if kind == "FloatType":
            arg2 = self.scalar_args.get(uid)
            if arg2 is None:
                arg2 = (self.fresh("s"), value)
                self.scalar_args[uid] = arg2
            return Operand("scalar", arg2[0], "f64")
        if kind == "NoneType":
            return Operand("const", const=None)
        raise EmitError("%%%s of type %s cannot be a group operand" %
                        (value.debugName(), value.type()))

    def _args_of(self, node: Any) -> Dict[str, Operand]:
        args = _graph.node_args(node)
        if args is None:
            raise EmitError("no schema for " + _graph.node_text(node))
        return {name: self.operand(v) for name, v in args.items()}

    # -- chunks ---------------------------------------------------------------

    def chunk_of(self, value: Any, chunks: int, dim: int) -> List[Operand]:
        """The `chunks` chunks of `value` along `dim`."""
        t = self.vtype(value)
        d = dim + t.rank if dim < 0 else dim
        if not 0 <= d < max(t.rank, 1) or t.rank == 0:
            raise EmitError("chunk dim %d out of range for rank %d" %
                            (dim, t.rank))
        key = (value.unique(), chunks, d)
        got = self.chunks.get(key)
        if got is not None:
            return got
        mtype = _ops.tensor_type(t.dtype, t.rank)
        if value.unique() not in self.inside:
            if _graph.is_constant(value) and t.rank == 0:
                raise EmitError("chunk of a 0-dim constant")
            argkey = ("chunk", value.unique(), chunks, d)
            arg = self.tensor_args.get(argkey)
            if arg is None:
                arg = (self.fresh("a"), mtype, value)
                self.tensor_args[argkey] = arg
            names = [self.fresh("k") for _ in range(chunks)]
            self.lines.append(_Line(names, [arg[0]], "%s = fuser.chunk %s "
                                    "into %d along %d : %s" %
                                    (", ".join(names), arg[0], chunks, d,
                                     mtype)))
            got = [Operand("tensor", n, mtype, vtype=t) for n in names]
        else:
            got = self._move_chunk(value, chunks, d, t)
        self.chunks[key] = got
        return got

    def _move_chunk(self, value: Any, chunks: int, d: int,
                    t: VType) -> List[Operand]:
        """Chunk motion: the chunks of a computed value, computed from the
        chunks of its operands."""
        node = self.inside[value.unique()]
        spec = _ops.SPECS.get(node.kind())
        if spec is None:
            raise EmitError("cannot move a chunk above %s" % node.kind())
        args = _graph.node_args(node)
        if args is None:
            raise EmitError("no schema for " + _graph.node_text(node))
        operands = {name: self.operand(v) for name, v in args.items()}
        split: Dict[str, List[Operand]] = {}
        for name, v in args.items():
            if spec.roles.get(name) not in ("T", "T?", "S", "S?") or \
                    name in spec.no_chunk or operands[name].kind != "tensor":
                continue
            u = self.vtype(v)
            du = d - (t.rank - u.rank)
            if du < 0:
                continue  # broadcast along the chunk dim: used whole
            if u.shape is not None and t.shape is not None and \
                    u.shape[du] == 1 and t.shape[d] != 1:
                continue  # a size-1 dimension broadcast: used whole
            split[name] = self.chunk_of(v, chunks, du)
        rt = _ops.tensor_type(t.dtype, t.rank)
        result = []
        for j in range(chunks):
            ops_j = dict(operands)
            for name, parts in split.items():
                ops_j[name] = parts[j]
            result.append(Operand("tensor", spec.emit(self, ops_j, rt), rt,
                                  vtype=t))
        return result

    # -- the walk -------------------------------------------------------------

    def emit(self) -> EmittedGroup:
        for node in self.nodes:
            self._node(node)
        results = []
        for v in self.outputs:
            op = self.values.get(v.unique())
            if op is None or op.kind != "tensor":
                raise EmitError("result %%%s is not a tensor computed in "
                                "the group" % v.debugName())
            results.append(op)
        return self._print(results)

    def _set(self, value: Any, op: Operand) -> None:
        self.values[value.unique()] = op

    def _node(self, node: Any) -> None:
        kind = node.kind()
        if kind == "prim::Constant":
            return
        if kind in _ops.CHUNK_KINDS:
            info = _graph.chunk_info(node)
            if info is None:
                raise EmitError("chunk with non-constant arguments")
            parts = self.chunk_of(node.inputsAt(0), info[0], info[1])
            if kind == "prim::ConstantChunk":
                for v, op in zip(node.outputs(), parts):
                    self._set(v, op)
            else:
                self.chunk_lists[node.output().unique()] = parts
            return
        if kind == "prim::ListUnpack":
            parts = self.chunk_lists.get(node.inputsAt(0).unique())
            if parts is None or len(parts) != node.outputsSize():
                raise EmitError("ListUnpack of something other than a chunk")
            for v, op in zip(node.outputs(), parts):
                self._set(v, op)
            return
        if kind == "aten::__getitem__":
            parts = self.chunk_lists.get(node.inputsAt(0).unique())
            if parts is None:
                raise EmitError("__getitem__ of something other than a chunk")
            idx = _graph.constant_value(node.inputsAt(1))
            self._set(node.output(), parts[idx % len(parts)])
            return
        if kind == "prim::ListConstruct":
            self.lists[node.output().unique()] = list(node.inputs())
            return
        if kind in _ops.CAT_KINDS:
            info = _graph.cat_info(node)
            if info is None:
                raise EmitError("cat that is not of a local list with a "
                                "constant dim")
            operands = [self.tensor(self.operand(v))
                        for v in _graph.cat_operands(node)]
            rt = self.mtype(node.output())
            ssa = self.fresh()
            self.lines.append(_Line([ssa], [o[0] for o in operands],
                                    "%s = fuser.concat %s along %d : %s -> %s"
                                    % (ssa, ", ".join(o[0] for o in operands),
                                       info[1],
                                       ", ".join(o[1] for o in operands),
                                       rt)))
            self._set(node.output(), Operand("tensor", ssa, rt,
                                             vtype=self.vtype(node.output())))
            return
        spec = _ops.SPECS.get(kind)
        if spec is None:
            raise EmitError("unsupported node " + _graph.node_text(node))
        out = node.output()
        rt = self.mtype(out)
        ssa = spec.emit(self, self._args_of(node), rt)
        self._set(out, Operand("tensor", ssa, rt, vtype=self.vtype(out)))

    # -- printing -------------------------------------------------------------

    def _print(self, results: List[Operand]) -> EmittedGroup:
        live = {op.ssa for op in results}
        kept: List[_Line] = []
        for line in reversed(self.lines):
            if any(r in live for r in line.results):
                kept.append(line)
                live.update(line.operands)
        kept.reverse()
        tensors = [(ssa, mtype, v) for ssa, mtype, v in
                   self.tensor_args.values() if ssa in live]
        scalars = [(ssa, v) for ssa, v in self.scalar_args.values()
                   if ssa in live]
        params = ["%s: %s" % (ssa, mtype) for ssa, mtype, _ in tensors]
        params += ["%s: f64" % ssa for ssa, _ in scalars]
        rtypes = [op.mtype for op in results]
        if not tensors:
            raise EmitError("a group needs at least one tensor argument")
        sig = rtypes[0] if len(rtypes) == 1 else "(%s)" % ", ".join(rtypes)
        text = ["fuser.group @%s(%s) -> %s {" % (self.name, ", ".join(params),
                                                 sig)]
        text.extend("  " + line.text for line in kept)
        text.append("  fuser.yield %s : %s" % (
            ", ".join(op.ssa for op in results), ", ".join(rtypes)))
        text.append("}")
        return EmittedGroup("\n".join(text) + "\n",
                            tuple(v for _, _, v in tensors) +
                            tuple(v for _, v in scalars),
                            tuple(self.outputs), self.name)


# ---------------------------------------------------------------------------
# Whole graphs and legacy fusion groups


class ImportedGraph:
    """A graph imported as one fuser group.

    ``mlir`` is the group; ``arg_indices`` gives, per group argument, the
    index of the graph input it is passed (chunked inputs appear once per
    chunking); ``register()`` registers it with fuser and calling the object
    with the graph's inputs runs the group (outputs as a tuple)."""

    def __init__(self, emitted: EmittedGroup, graph: Any,
                 arg_indices: Tuple[int, ...],
                 output_indices: Tuple[int, ...]) -> None:
        self.mlir = emitted.mlir
        self.name = emitted.name
        self.graph = graph
        self.arg_indices = arg_indices
        self.output_indices = output_indices
        #: The inputs the types were recorded from (import_fusion_groups).
        self.example_inputs: Optional[List[Any]] = None
        self._group: Any = None

    def register(self) -> Any:
        import fuser

        if self._group is None:
            self._group = fuser.register(self.mlir)
        return self._group

    def __call__(self, *inputs: Any) -> Tuple[Any, ...]:
        group = self.register()
        args = [inputs[i] for i in self.arg_indices]
        out = group(*args)
        return out if isinstance(out, tuple) else (out,)

    def __str__(self) -> str:
        return self.mlir

    def __repr__(self) -> str:
        return "<fuser.torch.ImportedGraph @%s: %d args>" % (
            self.name, len(self.arg_indices))


def _resolve_graph(obj: Any) -> Tuple[Any, bool]:
    """(graph, is_fusion_subgraph) for a graph, a FusionGroup node, a
    scripted or traced function, or a Python function (scripted here)."""
    if isinstance(obj, torch._C.Graph):
        return obj, False
    if isinstance(obj, torch._C.Node):
        if obj.kind() != "prim::FusionGroup":
            raise TypeError("expected a prim::FusionGroup node, got %s" %
                            obj.kind())
        return obj.g("Subgraph"), True
    graph = getattr(obj, "graph", None)
    if isinstance(graph, torch._C.Graph):
        return graph, False
    if callable(obj):
        return _graph.script(obj).graph, False
    raise TypeError("cannot import %r: expected a torch._C.Graph, a "
                    "prim::FusionGroup node or a function" % (obj,))


def _graph_nodes(graph: Any) -> Tuple[List[Any], List[Any]]:
    """The nodes to import and the output values of a graph: a returned
    prim::TupleConstruct is unpacked, constants are left out."""
    block_outputs = list(graph.outputs())
    outputs = block_outputs
    tuple_node = None
    if len(block_outputs) == 1:
        producer = block_outputs[0].node()
        if producer.kind() == "prim::TupleConstruct" and \
                len(block_outputs[0].uses()) == 1:
            tuple_node = producer
            outputs = list(producer.inputs())
    nodes = []
    unsupported: List[Tuple[str, str]] = []
    cat_lists = set()
    chunk_users = set()
    for node in graph.nodes():
        if node.kind() in _ops.CAT_KINDS and _graph.cat_info(node) is not None:
            lst = _graph.cat_info(node)[0]
            if lst is not None:
                cat_lists.add(lst.output().unique())
        if node.kind() == "aten::chunk":
            users = _graph.chunk_list_users(node)
            for user, _ in users or ():
                chunk_users.add(id(user))
    for node in graph.nodes():
        kind = node.kind()
        if kind == "prim::Constant" or node is tuple_node:
            continue
        nodes.append(node)
        if kind == "prim::ListConstruct" and \
                node.output().unique() in cat_lists:
            continue
        if id(node) in chunk_users:
            continue
        if kind in _ops.CHUNK_KINDS:
            if _graph.chunk_info(node) is None or (
                    kind == "aten::chunk" and
                    _graph.chunk_list_users(node) is None):
                unsupported.append((_graph.node_text(node),
                                    "chunk whose chunks/dim are not constant "
                                    "or whose list is used other than by "
                                    "ListUnpack/__getitem__"))
            continue
        if kind in _ops.CAT_KINDS:
            if _graph.cat_info(node) is None:
                unsupported.append((_graph.node_text(node),
                                    "cat that is not of a list built for it "
                                    "with a constant dim"))
            continue
        why = _graph.fusible_reason(node)
        if why is not None:
            unsupported.append((_graph.node_text(node), why))
    if unsupported:
        raise UnsupportedNodeError(unsupported)
    return nodes, outputs


def record_values(graph: Any, inputs: Sequence[Any]) -> Dict[int, Any]:
    """Runs `graph` with torch (under no_grad) on `inputs` and returns every
    tensor value it computes or reads, keyed by Value.unique()."""
    ns: Dict[str, Any] = {}
    cg = _codegen.Codegen(ns)
    body: List[str] = ["    _rec = {}"]
    params = [_codegen.var(v) for v in graph.inputs()]
    for v in graph.inputs():
        if _graph.is_tensor_value(v):
            body.append("    _rec[%d] = %s" % (v.unique(), _codegen.var(v)))
    for node in graph.nodes():
        cg.node(node, body, "    ", record=True)
    body.append("    return _rec")
    fn = _codegen.compile_function("_record", params, body, ns)
    with torch.no_grad():
        return fn(*inputs)


def record_types(graph: Any, inputs: Sequence[Any]) -> Dict[int, VType]:
    """Runs `graph` with torch on `inputs` and records the type of every
    tensor value (keyed by Value.unique())."""
    return {uid: VType.of(t) for uid, t in record_values(graph, inputs).items()
            if isinstance(t, torch.Tensor)}


def import_graph(obj: Any, example_inputs: Optional[Sequence[Any]] = None,
                 name: str = "fused") -> ImportedGraph:
    """Imports a whole TorchScript graph as one fuser group.

    ``obj`` is a ``torch._C.Graph``, a ``prim::FusionGroup`` node (its
    subgraph is imported: ``prim::ConstantChunk`` and ``prim::FusedConcat``
    included), a scripted or traced function, or a Python function (it is
    scripted). Every node must be supported; otherwise
    :class:`UnsupportedNodeError` lists those that are not.

    Types: with ``example_inputs`` (one per graph input) the graph is run
    once with torch and the dtype and rank of every value recorded;
    otherwise the graph's own tensor types must be complete (dtype and
    rank), as after shape propagation or in the legacy fuser's groups."""
    graph, is_subgraph = _resolve_graph(obj)
    if not is_subgraph:
        graph = _graph.prepare_graph(graph)
    nodes, outputs = _graph_nodes(graph)
    recorded: Dict[int, VType] = {}
    if example_inputs is not None:
        recorded = record_types(graph, list(example_inputs))

    def type_of(value: Any) -> Optional[VType]:
        t = recorded.get(value.unique())
        if t is not None:
            return t
        if _graph.is_constant(value):
            c = _graph.constant_value(value)
            if isinstance(c, torch.Tensor):
                return VType.of(c)
        gt = _graph.graph_tensor_type(value)
        if gt is not None:
            return VType(gt[0], gt[1])
        return None

    emitted = GroupEmitter(nodes, outputs, type_of, name).emit()
    index = {v.unique(): i for i, v in enumerate(graph.inputs())}
    arg_indices = []
    for v in emitted.args:
        if v.unique() not in index:
            raise EmitError("group argument %%%s is not a graph input "
                            "(non-0-dim tensor constants must be inputs)" %
                            v.debugName())
        arg_indices.append(index[v.unique()])
    out_index = tuple(range(len(outputs)))
    return ImportedGraph(emitted, graph, tuple(arg_indices), out_index)


def to_mlir(obj: Any, example_inputs: Optional[Sequence[Any]] = None,
            name: str = "fused") -> str:
    """The MLIR text of :func:`import_graph`."""
    return import_graph(obj, example_inputs, name).mlir


def import_fusion_groups(graph: Any,
                         example_inputs: Optional[Sequence[Any]] = None
                         ) -> List[ImportedGraph]:
    """Every ``prim::FusionGroup`` of a graph (for instance the legacy
    executor's ``torch.jit.last_executed_optimized_graph()`` or a graph after
    ``torch._C._jit_pass_fuse``), imported as fuser groups.

    Without ``example_inputs`` the types come from the subgraphs, which must
    be complete; with them (the graph's inputs), the graph is run once and
    each group's inputs are recorded: they are then also the imported
    group's ``example_inputs``."""
    found = graph.findAllNodes("prim::FusionGroup", True)
    values: Dict[int, Any] = {}
    if example_inputs is not None:
        values = record_values(graph, list(example_inputs))
    result = []
    for i, node in enumerate(found):
        inputs = None
        if example_inputs is not None:
            inputs = [values[v.unique()] for v in node.inputs()]
        imported = import_graph(node, inputs, name="fusion_group_%d" % i)
        imported.example_inputs = inputs
        result.append(imported)
    return result


__all__ = ["EmitError", "EmittedGroup", "GroupEmitter", "ImportedGraph",
           "UnsupportedNodeError", "VType", "import_graph",
           "import_fusion_groups", "record_types", "record_values",
           "to_mlir"]
