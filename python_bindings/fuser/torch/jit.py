"""``fuser.torch.jit``: script a function, fuse its pointwise regions with
fuser, run the rest with torch.

How a call runs:

1. Once per function: ``torch.jit.script``, graph clean-up (inlining,
   constant propagation, functionalisation of in-place ops where alias
   analysis allows, DCE, CSE), then the partition into regions
   (:mod:`.partition`).
2. Once per *input signature* (per tensor argument: dtype, rank, CUDA or
   not, requires_grad; and whether grad mode is on): an execution plan,
   Python source compiled to one function. Unfused nodes are direct calls of
   their aten ops; each region is a call site whose state is:

   - ``profile`` (its first run): the region's nodes run with torch and the
     dtype, rank, shape and device of every value are recorded; the group is
     then written (:mod:`.importer`), checked (one device that fuser can
     fuse on, no input needing grad, outputs of one shape, no broadcast
     rand_like) and registered, and the plan is rewritten with the group's
     call inlined;
   - ``fused``: ``group(*tensors, *floats)`` on the tensors as they are (no
     copies; CUDA work goes to torch's current stream); if fuser raises, the
     region's nodes run with torch instead (results equal to eager), and
     after ``max_failures`` failures the region stays eager for this
     signature;
   - ``eager``: the region's nodes, inline.

With autograd (an input that requires grad while grad mode is on) the plan
is all eager: fuser groups have no backward.
"""

from __future__ import annotations

import functools
import sys
import threading
import warnings
from typing import Any, Callable, Dict, List, Optional, Sequence, Tuple

import torch

import fuser as _fuser

from . import _codegen, _graph, _ops, importer, partition as _partition
from .importer import VType

_REGISTERED: Dict[str, Any] = {}
_REGISTER_LOCK = threading.Lock()


def _register(mlir: str) -> Any:
    group = _REGISTERED.get(mlir)
    if group is None:
        with _REGISTER_LOCK:
            group = _REGISTERED.get(mlir)
            if group is None:
                group = _fuser.register(mlir)
                _REGISTERED[mlir] = group
    return group


class RegionState:
    """How one region runs under one input signature."""

    __slots__ = ("region", "mode", "reason", "mlir", "group", "emitted",
                 "failures", "last_error")

    def __init__(self, region: _partition.Region, mode: str) -> None:
        self.region = region
        self.mode = mode          # 'profile', 'fused' or 'eager'
        self.reason: Optional[str] = None
        self.mlir: Optional[str] = None
        self.group: Any = None
        self.emitted: Optional[importer.EmittedGroup] = None
        self.failures = 0
        self.last_error: Optional[str] = None

    def info(self) -> Dict[str, Any]:
        return {"id": self.region.id, "mode": self.mode,
                "reason": self.reason, "ops": self.region.num_ops,
                "kinds": self.region.kinds(), "mlir": self.mlir,
                "failures": self.failures, "last_error": self.last_error}


class _Plan:
    """The execution plan of one input signature."""

    def __init__(self, owner: "FusedFunction", fuse: bool) -> None:
        self.owner = owner
        self.states: Dict[int, RegionState] = {
            r.id: RegionState(r, "profile" if fuse else "eager")
            for r in owner.partition.regions}
        if not fuse:
            for st in self.states.values():
                st.reason = "autograd" if owner._fusion_enabled \
                    else "fusion disabled"
        self.lock = threading.Lock()
        self.fn: Callable[..., Any] = self._build()

    # -- code -----------------------------------------------------------

    def _build(self) -> Callable[..., Any]:
        owner = self.owner
        ns: Dict[str, Any] = {"_FE": _fuser.FuserError}
        cg = _codegen.Codegen(ns)
        body: List[str] = []
        for name in owner._float_params:
            body.append("    %s = float(%s)" % (name, name))
        entries = owner.partition.schedule
        self._emit(cg, ns, entries, body, "    ")
        outs = [cg.ref(v) for v in owner.graph.outputs()]
        if len(outs) == 1:
            body.append("    return " + outs[0])
        else:
            body.append("    return (%s,)" % ", ".join(outs))
        return _codegen.compile_function("_plan", owner._param_vars, body,
                                         ns)

    def _emit(self, cg: _codegen.Codegen, ns: Dict[str, Any],
              entries: Sequence[_partition.Entry], out: List[str],
              ind: str) -> None:
        blocks: Dict[int, List[List[_partition.Entry]]] = {}

        def items(es: Sequence[_partition.Entry]) -> List[Any]:
            result: List[Any] = []
            for e in es:
                if e.region is not None:
                    result.append(functools.partial(self._site, cg, ns,
                                                    e.region))
                else:
                    if e.blocks:
                        blocks[id(e.node)] = e.blocks
                    result.append(e.node)
            return result

        def sub(node: Any, i: int) -> List[Any]:
            return items(blocks[id(node)][i])

        for item in items(entries):
            if callable(item):
                item(out, ind)
            else:
                cg.node(item, out, ind, sub)

    def _site(self, cg: _codegen.Codegen, ns: Dict[str, Any],
              region: _partition.Region, out: List[str], ind: str) -> None:
        st = self.states[region.id]
        targets = ", ".join(_codegen.var(v) for v in region.outputs) + ","
        inputs = ", ".join(cg.ref(v) for v in region.inputs)
        rid = region.id
        if st.mode == "eager":
            for node in region.nodes:
                cg.node(node, out, ind)
        elif st.mode == "profile":
            ns["_P%d" % rid] = functools.partial(self._profile, rid)
            out.append(ind + "%s = _P%d(%s)" % (targets, rid, inputs))
        else:
            assert st.emitted is not None
            ns["_G%d" % rid] = st.group
            ns["_F%d" % rid] = functools.partial(self._failed, rid)
            args = ", ".join(cg.ref(v) for v in st.emitted.args)
            if len(st.emitted.outputs) == 1:
                fused_target = _codegen.var(st.emitted.outputs[0])
            else:
                fused_target = ", ".join(_codegen.var(v)
                                         for v in st.emitted.outputs)
            out.append(ind + "try:")
            out.append(ind + "    %s = _G%d(%s)" % (fused_target, rid, args))
            out.append(ind + "except _FE:")
            out.append(ind + "    %s = _F%d(%s)" % (targets, rid, inputs))

    def _rebuild(self) -> None:
        self.fn = self._build()

    # -- region state changes ---------------------------------------------

    def _profile(self, rid: int, *inputs: Any) -> Tuple[Any, ...]:
        owner = self.owner
        outs, rec = owner._recorder(rid)(*inputs)
        with self.lock:
            st = self.states[rid]
            if st.mode == "profile":
                try:
                    self._fuse(st, rec)
                except Exception as e:  # noqa: BLE001 (stay eager)
                    st.mode, st.reason = "eager", "%s: %s" % (
                        type(e).__name__, e)
                if st.mode == "eager" and owner.debug:
                    warnings.warn("fuser.torch: region %d runs eagerly: %s"
                                  % (rid, st.reason), stacklevel=3)
                self._rebuild()
        return outs

    def _fuse(self, st: RegionState, rec: Dict[int, Any]) -> None:
        owner = self.owner
        region = st.region
        types = {uid: VType.of(t) for uid, t in rec.items()
                 if isinstance(t, torch.Tensor)}

        def type_of(value: Any) -> Optional[VType]:
            t = types.get(value.unique())
            if t is None and _graph.is_constant(value):
                c = _graph.constant_value(value)
                if isinstance(c, torch.Tensor):
                    t = VType.of(c)
            return t

        emitted = importer.GroupEmitter(region.nodes, region.outputs,
                                        type_of,
                                        "fused_%d" % region.id).emit()
        why = owner._check(region, emitted, type_of)
        if why is not None:
            st.mode, st.reason = "eager", why
            return
        st.group = _register(emitted.mlir)
        st.mlir = emitted.mlir
        st.emitted = emitted
        st.mode = "fused"

    def _failed(self, rid: int, *inputs: Any) -> Tuple[Any, ...]:
        st = self.states[rid]
        err = sys.exc_info()[1]  # the FuserError being handled
        st.failures += 1
        st.last_error = str(err) if err is not None else None
        if st.failures >= self.owner.max_failures and st.mode == "fused":
            with self.lock:
                st.mode = "eager"
                st.reason = "fuser failed %d times: %s" % (st.failures,
                                                           st.last_error)
                self._rebuild()
        return self.owner._eager_region(rid)(*inputs)


class FusedFunction:
    """A function whose pointwise regions run as fuser groups; see
    :func:`jit`."""

    def __init__(self, fn: Any, *, fuse_on_cpu: bool = True,
                 fuse_on_gpu: bool = True, min_ops: int = 2,
                 max_failures: int = 3, debug: bool = False) -> None:
        self.original = fn
        self.fuse_on_cpu = fuse_on_cpu
        self.fuse_on_gpu = fuse_on_gpu
        self.max_failures = max_failures
        self.debug = debug
        self._fusion_enabled = True
        self._plans: Dict[Any, _Plan] = {}
        self._lock = threading.Lock()
        self._region_fns: Dict[Tuple[str, int], Callable[..., Any]] = {}
        #: Why the function runs unfused (None: it is partitioned).
        self.unfused_reason: Optional[str] = None
        self._direct: Optional[Callable[..., Any]] = None
        self._self_arg: Any = None
        self.__name__ = getattr(fn, "__name__", type(fn).__name__)
        functools.update_wrapper(self, fn, updated=())
        try:
            self._setup(fn, min_ops)
        except Exception as e:  # noqa: BLE001 (runs unfused)
            self.unfused_reason = "%s: %s" % (type(e).__name__, e)
            self._direct = self._unfused_callable(fn)
            warnings.warn("fuser.torch.jit: %s runs without fusion (%s)" %
                          (getattr(fn, "__name__", fn), self.unfused_reason),
                          stacklevel=3)

    # -- setup ------------------------------------------------------------

    def _unfused_callable(self, fn: Any) -> Callable[..., Any]:
        return fn

    def _setup(self, fn: Any, min_ops: int) -> None:
        if isinstance(fn, (torch.jit.ScriptModule, torch.jit.ScriptFunction)):
            script = fn
        else:
            script = _graph.script(fn)
        self.script = script
        if isinstance(script, torch.jit.ScriptModule):
            graph = script.inlined_graph
            schema = script.forward.schema
            self._self_arg = script
        else:
            graph = script.graph
            schema = script.schema
        self.graph = _graph.prepare_graph(graph)
        self.partition = _partition.partition_graph(self.graph,
                                                    min_ops=min_ops)
        params = list(self.graph.inputs())
        args = list(schema.arguments)
        if len(params) != len(args):
            raise RuntimeError("graph and schema disagree on the arguments")
        self._param_vars = [_codegen.var(v) for v in params]
        self._schema_args = args
        self._float_params = [_codegen.var(v) for v, a in zip(params, args)
                              if str(a.type) == "float"]
        self._nparams = len(args) - (1 if self._self_arg is not None else 0)
        self._sig = self._signature_fn(params, args)
        # every node must be runnable from Python: build the unfused plan
        self._unfused_plan = _Plan(self, fuse=False)

    def _signature_fn(self, params: List[Any], args: List[Any]
                      ) -> Callable[..., Any]:
        parts = []
        for v, a in zip(params, args):
            name = _codegen.var(v)
            t = str(a.type)
            if t == "Tensor":
                parts.append("%s.dtype, %s.dim(), %s.is_cuda, "
                             "%s.requires_grad" % ((name,) * 4))
            elif t == "Optional[Tensor]":
                parts.append("None if %s is None else (%s.dtype, %s.dim(), "
                             "%s.is_cuda, %s.requires_grad)" % ((name,) * 5))
            elif t == "List[Tensor]":
                parts.append("tuple((t.dtype, t.dim(), t.is_cuda, "
                             "t.requires_grad) for t in %s)" % name)
        parts.append("_ge()")
        body = ["    return (%s)" % ", ".join(parts)]
        return _codegen.compile_function(
            "_signature", [_codegen.var(v) for v in params], body,
            {"_ge": torch.is_grad_enabled})

    # -- per region helpers --------------------------------------------------

    def _region_code(self, rid: int, record: bool) -> Callable[..., Any]:
        key = ("rec" if record else "eager", rid)
        fn = self._region_fns.get(key)
        if fn is not None:
            return fn
        region = self.partition.regions[rid]
        ns: Dict[str, Any] = {}
        cg = _codegen.Codegen(ns)
        body: List[str] = []
        params = []
        for v in region.inputs:
            if _graph.is_constant(v):
                continue
            params.append(_codegen.var(v))
        if record:
            body.append("    _rec = {}")
            for v in region.inputs:
                if not _graph.is_constant(v):
                    body.append("    _rec[%d] = %s" % (v.unique(),
                                                       _codegen.var(v)))
        for node in region.nodes:
            cg.node(node, body, "    ", record=record)
        outs = "(%s,)" % ", ".join(_codegen.var(v) for v in region.outputs)
        body.append("    return %s" % (outs + ", _rec" if record else outs))
        fn = _codegen.compile_function("_region%d" % rid, params, body, ns)
        if any(_graph.is_constant(v) for v in region.inputs):
            # call sites pass every input, constants included
            inner = fn
            mask = [not _graph.is_constant(v) for v in region.inputs]

            def fn(*values: Any, _inner: Any = inner,
                   _mask: Any = mask) -> Any:
                return _inner(*[x for x, m in zip(values, _mask) if m])
        self._region_fns[key] = fn
        return fn

    def _recorder(self, rid: int) -> Callable[..., Any]:
        return self._region_code(rid, True)

    def _eager_region(self, rid: int) -> Callable[..., Any]:
        return self._region_code(rid, False)

    def _check(self, region: _partition.Region,
               emitted: importer.EmittedGroup,
               type_of: Callable[[Any], Optional[VType]]) -> Optional[str]:
        """Why the group should not run for these types, or None."""
        devices = set()
        grad = torch.is_grad_enabled()
        for v in emitted.args:
            if not _graph.is_tensor_value(v):
                continue
            t = type_of(v)
            if t is None:
                return "no type for an argument"
            devices.add((t.device.type, t.device.index))
            if grad and t.requires_grad:
                return "an input requires grad"
        if len(devices) != 1:
            return "inputs on several devices: %s" % sorted(devices,
                                                            key=str)
        dev = next(iter(devices))[0]
        if dev == "cpu":
            if not self.fuse_on_cpu:
                return "CPU fusion disabled"
            if not _fuser.can_fuse_on_cpu():
                return "fuser cannot fuse on the CPU"
        elif dev == "cuda":
            if not self.fuse_on_gpu:
                return "GPU fusion disabled"
            if not _fuser.can_fuse_on_gpu():
                return "fuser cannot fuse on CUDA: %s" % (
                    _fuser.cuda_unavailable_reason() or "disabled")
        else:
            return "device %s not supported by fuser" % dev
        shapes = set()
        for v in emitted.outputs:
            node = v.node()
            if node.kind() in _ops.CAT_KINDS:
                for u in _graph.cat_operands(node):
                    t = type_of(u)
                    if t is not None:
                        shapes.add(t.shape)
            else:
                t = type_of(v)
                if t is not None:
                    shapes.add(t.shape)
        if len(shapes) > 1:
            return "outputs of different shapes %s" % sorted(shapes)
        if shapes:
            shape = next(iter(shapes))
            for node in region.nodes:
                if node.kind() == "aten::rand_like":
                    t = type_of(node.output())
                    if t is not None and t.shape != shape:
                        return "rand_like result broadcast"
        return None

    # -- calls ----------------------------------------------------------------

    def _bind(self, args: Tuple[Any, ...], kwargs: Dict[str, Any]
              ) -> Tuple[Any, ...]:
        schema_args = self._schema_args[1:] if self._self_arg is not None \
            else self._schema_args
        if len(args) > len(schema_args):
            raise TypeError("%s() takes %d arguments but %d were given" %
                            (self.__name__, len(schema_args), len(args)))
        values = list(args)
        for a in schema_args[len(args):]:
            if a.name in kwargs:
                values.append(kwargs.pop(a.name))
            elif a.has_default_value():
                values.append(a.default_value)
            else:
                raise TypeError("%s() missing argument %r" %
                                (self.__name__, a.name))
        if kwargs:
            raise TypeError("%s() got unexpected keyword arguments %s" %
                            (self.__name__, sorted(kwargs)))
        return tuple(values)

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._direct is not None:
            return self._direct(*args, **kwargs)
        if kwargs or len(args) != self._nparams:
            args = self._bind(args, kwargs)
        if self._self_arg is not None:
            args = (self._self_arg,) + args
        try:
            key = self._sig(*args)
        except (AttributeError, TypeError):
            # not the argument types the script declares: let TorchScript
            # report it (or run it)
            return self.script(*args[1:] if self._self_arg is not None
                               else args)
        plan = self._plans.get(key)
        if plan is None:
            plan = self._new_plan(key, args)
        return plan.fn(*args)

    def _new_plan(self, key: Any, args: Tuple[Any, ...]) -> _Plan:
        with self._lock:
            plan = self._plans.get(key)
            if plan is not None:
                return plan
            grad = torch.is_grad_enabled() and any(
                isinstance(a, torch.Tensor) and a.requires_grad
                for a in args)
            fuse = self._fusion_enabled and not grad
            plan = _Plan(self, fuse) if fuse else self._unfused_plan
            self._plans[key] = plan
            return plan

    # -- inspection -----------------------------------------------------------

    @property
    def regions(self) -> List[_partition.Region]:
        """The partition's regions (empty when unfused)."""
        return [] if self._direct is not None else \
            list(self.partition.regions)

    def plan_info(self, *args: Any, **kwargs: Any) -> List[Dict[str, Any]]:
        """For the input signature of these arguments (planned by a call
        before): per region, its mode ('profile', 'fused', 'eager'), why it
        is not fused, its MLIR and failure count."""
        if self._direct is not None:
            return []
        if kwargs or len(args) != self._nparams:
            args = self._bind(args, kwargs)
        if self._self_arg is not None:
            args = (self._self_arg,) + args
        plan = self._plans.get(self._sig(*args))
        if plan is None:
            return []
        return [st.info() for st in plan.states.values()]

    def plan_source(self, *args: Any) -> str:
        """The Python source of the plan for these arguments' signature."""
        if self._direct is not None:
            return ""
        if len(args) != self._nparams:
            args = self._bind(args, {})
        if self._self_arg is not None:
            args = (self._self_arg,) + args
        plan = self._plans.get(self._sig(*args))
        return "" if plan is None else getattr(plan.fn, "__source__", "")

    def num_plans(self) -> int:
        return len(self._plans)

    def reset(self) -> None:
        """Forgets every plan (the next calls profile again)."""
        with self._lock:
            self._plans.clear()

    def __repr__(self) -> str:
        name = getattr(self.original, "__name__", repr(self.original))
        if self._direct is not None:
            return "<fuser.torch.jit %s (unfused: %s)>" % (
                name, self.unfused_reason)
        return "<fuser.torch.jit %s: %d regions, %d plans>" % (
            name, len(self.partition.regions), len(self._plans))


def jit(fn: Any = None, *, fuse_on_cpu: bool = True, fuse_on_gpu: bool = True,
        min_ops: int = 2, max_failures: int = 3, debug: bool = False) -> Any:
    """Decorator: script ``fn`` and run its pointwise regions as fuser
    groups.

    ``fn`` is a Python function (scripted here), a ``torch.jit.script``
    function, or a ``torch.nn.Module`` (scripted; ``forward`` is run).
    ``@fuser.torch.jit`` and ``@fuser.torch.jit(fuse_on_cpu=False)`` both
    work. Options: ``fuse_on_cpu``/``fuse_on_gpu`` (fuse regions on that
    device, else run them with torch), ``min_ops`` (the smallest region
    fused, 2 as the seed), ``max_failures`` (fuser errors after which a
    region stays eager for a signature), ``debug`` (warn when a region is
    not fused, with the reason).

    Results equal eager PyTorch up to the dtype's rounding (fuser computes
    half and bfloat16 in float32 and rounds once) and except ``rand_like``,
    which draws from fuser's generator (:func:`fuser.torch.manual_seed`).
    If the function cannot be scripted or run from the executor, it runs
    unfused (eagerly), with a warning.
    """
    def wrap(f: Any) -> FusedFunction:
        return FusedFunction(f, fuse_on_cpu=fuse_on_cpu,
                             fuse_on_gpu=fuse_on_gpu, min_ops=min_ops,
                             max_failures=max_failures, debug=debug)

    if fn is None:
        return wrap
    return wrap(fn)


def manual_seed(seed: int) -> None:
    """Seeds torch (``torch.manual_seed``) and fuser's ``rand_like``
    generators on the CPU and every CUDA device fuser can use, so fused and
    unfused random numbers are both reproducible."""
    torch.manual_seed(seed)
    _fuser.manual_seed(seed, "cpu")
    if torch.cuda.is_available() and _fuser.cuda_available():
        for i in range(torch.cuda.device_count()):
            _fuser.manual_seed(seed, "cuda:%d" % i)


__all__ = ["FusedFunction", "RegionState", "jit", "manual_seed"]
