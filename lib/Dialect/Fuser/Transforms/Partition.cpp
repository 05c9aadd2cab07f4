//===- Partition.cpp - Flatten chunked arguments and concatenated results -===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// After this pass the group's signature is the kernel's list of flat tensors,
// as the seed's compileKernel flattened its formals: a chunked argument is
// read as `chunks` slices of one tensor and a concatenated result is written
// as one slice per operand of one buffer; the runtime passes each slice as its
// own tensor.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h"

#include "mlir/IR/Builders.h"

namespace mlir::fuser {
#define GEN_PASS_DEF_FUSERPARTITIONPASS
#include "FuserDialect/Dialect/Fuser/Transforms/Passes.h.inc"
} // namespace mlir::fuser

using namespace mlir;
using namespace mlir::fuser;

/// Attributes of one slice along `dim` of a `rank`-dimensional source: where
/// it comes from and its contiguity (the source's bits with the bit before
/// the sliced dimension cleared: a slice cannot merge it with the next one).
/// The bits have one entry per dimension of the iteration shape, to which the
/// source is broadcast right-aligned, so `dim` moves right by the difference
/// of the ranks there (as the runtime's chunk descriptors do).
static DictionaryAttr sliceAttrs(Builder &b, DictionaryAttr source,
                                 int64_t sourceIndex, int64_t index,
                                 int64_t count, int64_t dim, int64_t rank) {
  SmallVector<NamedAttribute> attrs;
  attrs.push_back(b.getNamedAttr(
      "fuser.partition",
      b.getDenseI64ArrayAttr({sourceIndex, index, count, dim})));
  if (source)
    if (auto bits = dyn_cast_or_null<DenseBoolArrayAttr>(
            source.get("fuser.contiguity"))) {
      SmallVector<bool> sub(bits.asArrayRef());
      int64_t mapDim = dim + static_cast<int64_t>(sub.size()) - rank;
      if (mapDim > 0 && mapDim <= static_cast<int64_t>(sub.size()))
        sub[mapDim - 1] = false;
      attrs.push_back(
          b.getNamedAttr("fuser.contiguity", b.getDenseBoolArrayAttr(sub)));
    }
  return b.getDictionaryAttr(attrs);
}

LogicalResult mlir::fuser::partitionGroup(GroupOp group) {
  Builder b(group.getContext());
  Block &body = group.getBody().front();

  // Chunked arguments, last first so that earlier indices stay valid.
  for (int64_t i = static_cast<int64_t>(group.getNumTensorArguments()) - 1;
       i >= 0; --i) {
    BlockArgument arg = body.getArgument(i);
    if (!arg.hasOneUse())
      continue;
    auto chunk = dyn_cast<ChunkOp>(*arg.getUsers().begin());
    if (!chunk)
      continue;
    int64_t rank = chunk.getInput().getType().getRank();
    int64_t dim = static_cast<int64_t>(chunk.getDim());
    if (dim < 0)
      dim += rank;
    int64_t count = static_cast<int64_t>(chunk.getChunks());
    DictionaryAttr source = group.getArgAttrDict(i);
    SmallVector<unsigned> indices(count, static_cast<unsigned>(i + 1));
    SmallVector<Type> types(chunk.getResultTypes());
    SmallVector<DictionaryAttr> attrs;
    SmallVector<Location> locs(count, arg.getLoc());
    for (int64_t k = 0; k < count; ++k)
      attrs.push_back(sliceAttrs(b, source, i, k, count, dim, rank));
    if (failed(group.insertArguments(indices, types, attrs, locs)))
      return group.emitError("could not insert the chunk arguments");
    for (int64_t k = 0; k < count; ++k)
      chunk.getResult(k).replaceAllUsesWith(body.getArgument(i + 1 + k));
    chunk.erase();
    if (failed(group.eraseArgument(i)))
      return group.emitError("could not erase a chunked argument");
  }

  // Concatenated results.
  YieldOp yield = group.getYield();
  SmallVector<Value> results;
  SmallVector<Type> resultTypes;
  SmallVector<DictionaryAttr> resultAttrs;
  OpBuilder builder(yield);
  for (auto [j, value] : llvm::enumerate(yield.getOperands())) {
    DictionaryAttr source = group.getResultAttrDict(j);
    auto concat = value.getDefiningOp<ConcatOp>();
    if (!concat) {
      results.push_back(value);
      resultTypes.push_back(value.getType());
      resultAttrs.push_back(source ? source : b.getDictionaryAttr({}));
      continue;
    }
    int64_t rank = concat.getType().getRank();
    int64_t dim = static_cast<int64_t>(concat.getDim());
    if (dim < 0)
      dim += rank;
    int64_t count = static_cast<int64_t>(concat.getInputs().size());
    Type element = concat.getType().getElementType();
    for (auto [k, input] : llvm::enumerate(concat.getInputs())) {
      Value slice = input;
      auto type = cast<RankedTensorType>(input.getType());
      if (type.getElementType() != element)
        slice = CastOp::create(builder, concat.getLoc(), type.clone(element),
                               input);
      results.push_back(slice);
      resultTypes.push_back(slice.getType());
      resultAttrs.push_back(sliceAttrs(b, source, static_cast<int64_t>(j),
                                       static_cast<int64_t>(k), count, dim,
                                       rank));
    }
  }
  SmallVector<Operation *> concats;
  for (Value v : yield.getOperands())
    if (auto concat = v.getDefiningOp<ConcatOp>())
      concats.push_back(concat);
  YieldOp::create(builder, yield.getLoc(), results);
  yield.erase();
  for (Operation *op : concats)
    if (op->use_empty())
      op->erase();
  group.setFunctionType(FunctionType::get(
      group.getContext(), group.getArgumentTypes(), resultTypes));
  group.setAllResultAttrs(resultAttrs);
  return success();
}

namespace {
struct FuserPartitionPass
    : mlir::fuser::impl::FuserPartitionPassBase<FuserPartitionPass> {
  void runOnOperation() override {
    if (failed(partitionGroup(getOperation())))
      signalPassFailure();
  }
};
} // namespace
