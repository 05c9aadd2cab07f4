"""fuser.torch: the PyTorch frontend of fuser.

Imports TorchScript IR into the fuser dialect and runs scripted functions
with their pointwise regions fused::

    import torch
    import fuser.torch

    @fuser.torch.jit
    def lstm_cell(xw, hw, b_ih, b_hh, cx):
        gates = xw + hw + b_ih + b_hh
        i, f, g, o = gates.chunk(4, 1)
        cy = torch.sigmoid(f) * cx + torch.sigmoid(i) * torch.tanh(g)
        return torch.sigmoid(o) * torch.tanh(cy), cy

    hy, cy = lstm_cell(xw, hw, b_ih, b_hh, cx)   # one fuser group

- :func:`jit`: the decorator (:mod:`fuser.torch.jit`);
- :func:`import_graph`, :func:`to_mlir`, :func:`import_fusion_groups`: the
  importer (:mod:`fuser.torch.importer`), for whole graphs and the legacy
  fuser's ``prim::FusionGroup`` subgraphs;
- :func:`partition_graph`: the partitioner (:mod:`fuser.torch.partition`);
- :func:`manual_seed`: seeds torch and fuser's ``rand_like``.

This subpackage needs torch; ``import fuser`` alone does not.
"""

from __future__ import annotations

try:
    import torch
except ImportError as _e:  # pragma: no cover (exercised without torch)
    raise ImportError("fuser.torch needs PyTorch (`pip install torch`); "
                      "the rest of the fuser package works without it") \
        from _e

del torch  # imported only to check that it is there

from ._graph import UnsupportedNodeError, prepare_graph
from ._ops import supported_op_names
from .importer import (EmitError, EmittedGroup, GroupEmitter, ImportedGraph,
                       VType, import_fusion_groups, import_graph,
                       record_types, record_values, to_mlir)
from .jit import FusedFunction, jit, manual_seed
from .partition import ARG_LIMIT, Partition, Region, partition_graph

__all__ = [
    "ARG_LIMIT",
    "EmitError",
    "EmittedGroup",
    "FusedFunction",
    "GroupEmitter",
    "ImportedGraph",
    "Partition",
    "Region",
    "UnsupportedNodeError",
    "VType",
    "import_fusion_groups",
    "import_graph",
    "jit",
    "manual_seed",
    "partition_graph",
    "prepare_graph",
    "record_types",
    "record_values",
    "supported_op_names",
    "to_mlir",
]
