"""Groups the fusible pointwise regions of a TorchScript graph.

The rules are those of the seed's graph fuser (spec section 5), applied per
block (sub-blocks of ``prim::If``/``prim::Loop`` get their own partition and
fusion never crosses a block boundary):

- a node is fusible if the importer can map it (:mod:`._ops`: the seed's
  "simple mappable" list plus every other op of the dialect), every
  non-tensor argument is a constant or a runtime ``float``, and it has one
  tensor output (spec 5.2; no dtype or device checks here: those are made
  per input signature, when the types are known);
- the main loop walks the nodes in reverse and greedily merges producers
  into their consumers' groups (spec 5.3), latest producer first, to a fixed
  point; a merge is refused if it would create a cycle (a path from the
  producer's group to the consumer's group through a node outside both), if
  the group would exceed 128 inputs plus outputs (the seed's argument
  limit), or if it would cross a node with side effects (mutation,
  exceptions, prints: the conservative stand-in for the seed's alias
  analysis);
- chunks: ``aten::chunk`` (with constant chunks and dim, used only by
  ``prim::ListUnpack``/``__getitem__``) or ``prim::ConstantChunk`` joins a
  group once every use of every chunk is in that group (spec 5.3 step 5);
  the producer of the chunked value then joins too when the chunk is its
  only use, and the importer moves the chunk above it (spec 5.5, chunk
  motion with broadcasting);
- concat: ``aten::cat`` of a ``prim::ListConstruct`` used only by it, with a
  constant dim, absorbs its producers but its result is never consumed
  inside its group (spec 5.6: consumers of a concat stay outside);
- a group needs at least two fused ops (chunks do not count), so isolated
  ops run as they are (spec 5.8).

Not implemented: size-only output removal (spec 5.7; no autodiff graphs are
fused here), the ``aten::size`` exception to chunk motion, merging across
mutations that alias analysis would allow, and BroadcastingChunk as a graph
node (the importer does its job when it writes the group).
"""

from __future__ import annotations

import heapq
from typing import Any, Dict, List, Optional, Set, Tuple

from . import _graph, _ops

#: The seed's limit on group inputs plus outputs (spec 5.3).
ARG_LIMIT = 128


class Region:
    """A group of nodes to run as one fuser group."""

    def __init__(self, rid: int, block: Any, nodes: List[Any],
                 inputs: List[Any], outputs: List[Any], num_ops: int) -> None:
        #: Its number in the partition.
        self.id = rid
        self.block = block
        #: The TorchScript nodes, in graph order (with the list nodes of
        #: chunks and concats).
        self.nodes = nodes
        #: Values it reads from outside (tensors and runtime floats;
        #: constants other than tensors are inlined).
        self.inputs = inputs
        #: Values it computes that are used outside.
        self.outputs = outputs
        #: Number of fused ops (chunks and list nodes not counted).
        self.num_ops = num_ops

    def kinds(self) -> List[str]:
        return [n.kind() for n in self.nodes]

    def __repr__(self) -> str:
        return "<Region %d: %d ops, %d inputs, %d outputs: %s>" % (
            self.id, self.num_ops, len(self.inputs), len(self.outputs),
            " ".join(k.split("::")[-1] for k in self.kinds()))


class _Item:
    """A node of the block, or a chunk/concat with its list nodes."""

    __slots__ = ("index", "kind", "nodes", "segment", "barrier", "inputs",
                 "outputs", "users", "main", "value_users")

    def __init__(self, index: int, kind: str, nodes: List[Any]) -> None:
        self.index = index
        self.kind = kind          # 'op', 'chunk', 'cat', 'const', 'other'
        self.nodes = nodes
        self.main = nodes[0]
        self.segment = 0
        self.barrier = False
        self.inputs: List[Any] = []    # external values read (by uid order)
        self.outputs: List[Any] = []
        self.users: Set[int] = set()   # indices of items using outputs
        #: per output uid: indices of the items using it (-1: the block's
        #: return or a use outside the block)
        self.value_users: Dict[int, Set[int]] = {}

    @property
    def fusible(self) -> bool:
        return self.kind in ("op", "chunk", "cat")


def _free_values(node: Any) -> List[Any]:
    """Values a node reads, including those read inside its blocks that are
    defined outside it."""
    values = list(node.inputs())
    blocks = list(node.blocks())
    if not blocks:
        return values
    defined: Set[int] = set()
    used: List[Any] = []

    def walk(block: Any) -> None:
        for p in block.inputs():
            defined.add(p.unique())
        for inner in block.nodes():
            used.extend(inner.inputs())
            for b in inner.blocks():
                walk(b)
            for o in inner.outputs():
                defined.add(o.unique())
        used.extend(block.outputs())

    for b in blocks:
        walk(b)
    return values + [v for v in used if v.unique() not in defined]


class Entry:
    """A step of a block's schedule: a node (with the schedules of its
    blocks) or a region."""

    __slots__ = ("node", "region", "blocks")

    def __init__(self, node: Any = None, region: Optional[Region] = None,
                 blocks: Optional[List[List["Entry"]]] = None) -> None:
        self.node = node
        self.region = region
        self.blocks = blocks or []


class Partition:
    """The regions of a graph and the order to run everything in."""

    def __init__(self, graph: Any, min_ops: int = 2,
                 arg_limit: int = ARG_LIMIT) -> None:
        self.graph = graph
        self.min_ops = min_ops
        self.arg_limit = arg_limit
        self.regions: List[Region] = []
        #: Why nodes were left out, for debugging: (node text, reason).
        self.rejected: List[Tuple[str, str]] = []
        self._keep: List[Any] = []
        self.schedule = self._block(graph.block() if hasattr(graph, "block")
                                    else None, graph)

    # -- per block ---------------------------------------------------------

    def _block(self, block: Any, graph: Any = None) -> List[Entry]:
        if block is None:
            nodes = list(graph.nodes())
            block_outputs = list(graph.outputs())
            block = nodes[0].owningBlock() if nodes else None
        else:
            nodes = list(block.nodes())
            block_outputs = list(block.outputs())
        self._keep.extend(nodes)
        items = self._items(nodes)
        if not items:
            return []
        self._link(items, block, block_outputs)
        groups = self._fuse(items)
        return self._schedule(items, groups, block)

    def _items(self, nodes: List[Any]) -> List[_Item]:
        attached: Set[int] = set()
        cat_lists: Dict[int, Any] = {}
        for node in nodes:
            if node.kind() in _ops.CAT_KINDS:
                info = _graph.cat_info(node)
                if info is not None and info[0] is not None:
                    cat_lists[id(info[0])] = node
                    attached.add(id(info[0]))
        items: List[_Item] = []
        for node in nodes:
            if id(node) in attached:
                continue
            kind = node.kind()
            if kind == "prim::Constant":
                item = _Item(len(items), "const", [node])
            elif kind in _ops.CHUNK_KINDS and _graph.chunk_info(node):
                users = [] if kind == "prim::ConstantChunk" else \
                    _graph.chunk_list_users(node)
                if users is None or _graph.chunk_info(node)[0] < 1:
                    item = self._other(len(items), node, "chunk list used "
                                       "by other nodes")
                else:
                    for user, _ in users:
                        attached.add(id(user))
                    item = _Item(len(items), "chunk",
                                 [node] + [u for u, _ in users])
            elif kind in _ops.CAT_KINDS and _graph.cat_info(node):
                lst = _graph.cat_info(node)[0]
                item = _Item(len(items), "cat",
                             ([lst] if lst is not None else []) + [node])
                item.main = node
            else:
                why = _graph.fusible_reason(node)
                if why is None:
                    item = _Item(len(items), "op", [node])
                else:
                    item = self._other(len(items), node, why)
            items.append(item)
        return items

    def _other(self, index: int, node: Any, why: str) -> _Item:
        item = _Item(index, "other", [node])
        item.barrier = _graph.has_side_effects(node)
        if node.kind() not in ("prim::ListConstruct", "prim::TupleConstruct",
                               "prim::ListUnpack", "prim::TupleUnpack"):
            self.rejected.append((_graph.node_text(node), why))
        return item

    def _link(self, items: List[_Item], block: Any,
              block_outputs: List[Any]) -> None:
        producer: Dict[int, int] = {}
        item_of_node: Dict[int, int] = {}
        segment = 0
        for item in items:
            item.segment = segment
            if item.barrier:
                segment += 1
            for node in item.nodes:
                item_of_node[id(node)] = item.index
                for v in node.outputs():
                    producer[v.unique()] = item.index
        returned = {v.unique() for v in block_outputs}
        for item in items:
            own = {v.unique() for n in item.nodes for v in n.outputs()}
            seen: Set[int] = set()
            for node in item.nodes:
                for v in _free_values(node):
                    uid = v.unique()
                    if uid in own or uid in seen:
                        continue
                    seen.add(uid)
                    item.inputs.append(v)
            outs = []
            for node in item.nodes:
                for v in node.outputs():
                    users = set()
                    external = v.unique() in returned
                    for use in v.uses():
                        top = _graph.top_level_user(use.user, block)
                        idx = item_of_node.get(id(top)) if top is not None \
                            else None
                        if idx is None:
                            external = True
                        elif idx != item.index:
                            users.add(idx)
                    if users or external:
                        outs.append(v)
                    item.value_users[v.unique()] = users | (
                        {-1} if external else set())
                    item.users |= users
                    if external:
                        item.users.add(-1)  # used by the block's return
            item.outputs = outs
        self._producer = producer

    # -- the greedy loop -------------------------------------------------

    def _fuse(self, items: List[_Item]) -> Dict[int, Set[int]]:
        group: Dict[int, int] = {}          # item -> group id (its key)
        members: Dict[int, Set[int]] = {}
        for item in items:
            if item.fusible:
                group[item.index] = item.index
                members[item.index] = {item.index}
        producer = self._producer

        def producers_of(g: int) -> List[int]:
            found = set()
            for i in members[g]:
                for v in items[i].inputs:
                    p = producer.get(v.unique())
                    if p is not None and p not in members[g] and \
                            items[p].fusible:
                        found.add(p)
            return sorted(found, reverse=True)

        changed = True
        while changed:
            changed = False
            for item in reversed(items):
                if not item.fusible:
                    continue
                retry = True
                while retry:
                    retry = False
                    g = group[item.index]
                    for p in producers_of(g):
                        pg = group[p]
                        if self._can_merge(items, members, group, pg, g):
                            for i in members[pg]:
                                group[i] = g
                            members[g] |= members.pop(pg)
                            changed = retry = True
                            break
        result = {}
        for g, m in members.items():
            ops = sum(1 for i in m if items[i].kind in ("op", "cat"))
            if ops >= self.min_ops:
                result[g] = m
        return result

    def _can_merge(self, items: List[_Item], members: Dict[int, Set[int]],
                   group: Dict[int, int], pg: int, g: int) -> bool:
        p_set, g_set = members[pg], members[g]
        merged = p_set | g_set
        seg = items[g].segment
        if any(items[i].segment != seg for i in p_set):
            return False
        producer = self._producer
        for i in merged:
            it = items[i]
            if it.kind == "cat":
                # a concat's result only leaves the group
                if any(u in merged for u in it.users):
                    return False
            elif it.kind == "chunk":
                if -1 in it.users or not it.users <= merged:
                    return False
                src = it.main.inputsAt(0)
                q = producer.get(src.unique())
                if q is not None and q in merged:
                    if items[q].kind != "op":
                        return False
                    uses = [u for u in src.uses()]
                    if len(uses) != 1:
                        return False
        # argument limit
        n_in: Set[int] = set()
        n_out = 0
        for i in merged:
            for v in items[i].inputs:
                p = producer.get(v.unique())
                if (p is None or p not in merged) and \
                        not _graph.is_constant(v):
                    n_in.add(v.unique())
            for v in items[i].outputs:
                if any(u not in merged for u in
                       self._users_of_value(items, i, v)):
                    n_out += 1
        if len(n_in) + n_out > self.arg_limit:
            return False
        # no path from the producer group to the consumer group outside both
        start = set()
        for i in p_set:
            for u in items[i].users:
                if u >= 0 and u not in merged:
                    start.add(u)
        seen: Set[int] = set()
        stack = list(start)
        while stack:
            x = stack.pop()
            if x in seen:
                continue
            seen.add(x)
            xs = members.get(group[x], {x}) if x in group else {x}
            for y in xs:
                seen.add(y)
                for u in items[y].users:
                    if u < 0:
                        continue
                    if u in g_set:
                        return False
                    if u not in seen and u not in p_set:
                        stack.append(u)
        return True

    def _users_of_value(self, items: List[_Item], i: int, v: Any
                        ) -> Set[int]:
        return items[i].value_users.get(v.unique(), set())

    # -- regions and order ----------------------------------------------------

    def _schedule(self, items: List[_Item], groups: Dict[int, Set[int]],
                  block: Any) -> List[Entry]:
        owner: Dict[int, int] = {}
        for g, m in groups.items():
            for i in m:
                owner[i] = g
        # condensed nodes: ('g', gid) or ('i', index)
        def key_of(i: int) -> Tuple[str, int]:
            return ("g", owner[i]) if i in owner else ("i", i)

        nodes: Dict[Tuple[str, int], List[int]] = {}
        for item in items:
            nodes.setdefault(key_of(item.index), []).append(item.index)
        deps: Dict[Tuple[str, int], Set[Tuple[str, int]]] = {
            k: set() for k in nodes}
        rdeps: Dict[Tuple[str, int], Set[Tuple[str, int]]] = {
            k: set() for k in nodes}
        for item in items:
            k = key_of(item.index)
            for u in item.users:
                if u < 0:
                    continue
                ku = key_of(u)
                if ku != k:
                    deps[ku].add(k)
                    rdeps[k].add(ku)
        prio = {k: (min(items[i].segment for i in v), min(v))
                for k, v in nodes.items()}
        for k, v in nodes.items():
            if len(v) == 1 and items[v[0]].barrier:
                prio[k] = (items[v[0]].segment, v[0])
        count = {k: len(d) for k, d in deps.items()}
        heap = [(prio[k], k) for k, c in count.items() if c == 0]
        heapq.heapify(heap)
        order: List[Tuple[str, int]] = []
        while heap:
            _, k = heapq.heappop(heap)
            order.append(k)
            for r in rdeps[k]:
                count[r] -= 1
                if count[r] == 0:
                    heapq.heappush(heap, (prio[r], r))
        if len(order) != len(nodes):
            raise RuntimeError("fuser.torch partition: cycle between groups")
        entries: List[Entry] = []
        for k in order:
            if k[0] == "g":
                entries.append(Entry(region=self._region(items,
                                                         sorted(nodes[k]),
                                                         block)))
            else:
                for node in items[k[1]].nodes:  # in graph order
                    entries.append(Entry(node=node, blocks=[
                        self._block(b) for b in node.blocks()]))
        return entries

    def _region(self, items: List[_Item], idx: List[int],
                block: Any) -> Region:
        member_nodes: List[Any] = []
        for i in idx:
            it = items[i]
            if it.kind == "cat":
                member_nodes.extend(it.nodes)
            else:
                member_nodes.extend(it.nodes)
        # graph order of the member nodes
        position = {id(n): k for k, n in enumerate(block.nodes())} \
            if block is not None else {}
        member_nodes.sort(key=lambda n: position.get(id(n), 0))
        inside = {v.unique() for n in member_nodes for v in n.outputs()}
        inputs: List[Any] = []
        seen: Set[int] = set()
        for n in member_nodes:
            for v in n.inputs():
                uid = v.unique()
                if uid in inside or uid in seen:
                    continue
                if _graph.is_constant(v) and not _graph.is_tensor_value(v):
                    continue
                seen.add(uid)
                inputs.append(v)
        members = set(idx)
        outputs: List[Any] = []
        for i in idx:
            for v in items[i].outputs:
                if any(u < 0 or u not in members
                       for u in self._users_of_value(items, i, v)):
                    outputs.append(v)
        num_ops = sum(1 for i in idx if items[i].kind in ("op", "cat"))
        region = Region(len(self.regions), block, member_nodes, inputs,
                        outputs, num_ops)
        self.regions.append(region)
        return region


def partition_graph(graph: Any, min_ops: int = 2,
                    arg_limit: int = ARG_LIMIT) -> Partition:
    """Partitions a prepared graph (see ``_graph.prepare_graph``)."""
    return Partition(graph, min_ops=min_ops, arg_limit=arg_limit)


__all__ = ["ARG_LIMIT", "Entry", "Partition", "Region", "partition_graph"]
