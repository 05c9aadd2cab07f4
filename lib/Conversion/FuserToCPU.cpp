//===- FuserToCPU.cpp - Fusion groups to CPU kernel functions -------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The CPU kernel iterates over a range of the (jointly compressed) iteration
// space row by row: the outer loop dimensions are decomposed once per row,
// the innermost one runs as a vector loop over tensors that are all
// contiguous innermost, then as a scalar tail. The runtime splits the range
// across threads.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Conversion/ElementwiseEmitter.h"
#include "FuserDialect/Conversion/Passes.h"
#include "FuserDialect/Runtime/KernelABI.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/IRMapping.h"

namespace mlir::fuser {
#define GEN_PASS_DEF_CONVERTFUSERTOCPUPASS
#include "FuserDialect/Conversion/Passes.h.inc"
} // namespace mlir::fuser

using namespace mlir;
using namespace mlir::fuser;
using ::fuser::DType;

/// Lanes of the first vector loop of a group with random numbers: 16 Philox
/// blocks side by side, so that every multiplication of a round fills a
/// 512-bit register twice over (x86 multiplies 32 x 32 -> 64 bits in 64-bit
/// lanes). Measured on bias_dropout_residual (one thread, AVX-512 host), 8
/// blocks were about 10% slower and 4 about 50% slower.
static constexpr unsigned kRandomVectorWidth = 64;
namespace {
/// Builds the kernel function of one group.
class KernelBuilder {
public:
  KernelBuilder(GroupOp group, unsigned vectorWidth)
      : group(group), vectorWidth(vectorWidth) {}

  LogicalResult build();

private:
  Value slot(OpBuilder &b, Location loc, unsigned index, Type type);
  /// Emits the elements at offset `j` of the row starting at linear index
  /// `rowStart` (`width` of them when non-zero). `firstAlignment`: a power of
  /// two that rowStart + j is known to be a multiple of.
  LogicalResult emitBody(OpBuilder &b, Location loc, unsigned width, Value j,
                         Value rowStart, unsigned firstAlignment = 1);

  GroupOp group;
  unsigned vectorWidth;
  /// Whether the group draws random numbers.
  bool hasRandom = false;
  ::fuser::KernelLayout layout;
  Value params;
  Value seed, offset;
  SmallVector<Value> tensorPtrs;
  SmallVector<Value> rowBases; // per flat tensor, offset of the row start
  SmallVector<Value> innerStrides;
  SmallVector<Value> scalars;
};
} // namespace

Value KernelBuilder::slot(OpBuilder &b, Location loc, unsigned index,
                          Type type) {
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
  Value addr = LLVM::GEPOp::create(
      b, loc, ptrType, b.getI64Type(), params,
      ArrayRef<LLVM::GEPArg>{static_cast<int32_t>(index)});
  return LLVM::LoadOp::create(b, loc, type, addr, /*alignment=*/8);
}

LogicalResult KernelBuilder::emitBody(OpBuilder &b, Location loc,
                                      unsigned width, Value j, Value rowStart,
                                      unsigned firstAlignment) {
  // Transcendental functions call the C library the interpreter calls, and
  // bf16 never becomes an LLVM `bfloat` (see ElementwiseEmitter.h).
  ElementwiseEmitter emit(b, loc, width, /*useLibm=*/true);
  emit.setBFloat16AsBits(true);
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
  Block &body = group.getBody().front();
  unsigned numTensors = group.getNumTensorArguments();
  IRMapping values;
  auto elementPtr = [&](unsigned t, Type storage) -> Value {
    Value off = layout.unitInner[t]
                    ? arith::AddIOp::create(b, loc, rowBases[t], j).getResult()
                    : arith::AddIOp::create(
                          b, loc, rowBases[t],
                          arith::MulIOp::create(b, loc, j, innerStrides[t]))
                          .getResult();
    return LLVM::GEPOp::create(b, loc, ptrType,
                               getElementTypeOrSelf(storage), tensorPtrs[t],
                               ArrayRef<LLVM::GEPArg>{off});
  };
  for (unsigned t = 0; t < numTensors; ++t) {
    DType dtype = kernelDType(body.getArgument(t).getType());
    Type storage = emit.storageType(dtype);
    unsigned align = getElementTypeOrSelf(storage).getIntOrFloatBitWidth() / 8;
    Value loaded = LLVM::LoadOp::create(b, loc, storage, elementPtr(t, storage),
                                        std::max(align, 1u));
    values.map(body.getArgument(t), emit.fromStorage(loaded, dtype));
  }
  for (auto [k, scalar] : llvm::enumerate(scalars)) {
    Value v = scalar;
    if (width)
      v = vector::BroadcastOp::create(
          b, loc, VectorType::get({width}, scalar.getType()), scalar);
    values.map(body.getArgument(numTensors + k), v);
  }
  RandomInputs random{seed, offset, Value()};
  Value linear = arith::AddIOp::create(b, loc, rowStart, j);
  if (width) {
    // The lanes are consecutive elements: random bits are computed once per
    // Philox block and shuffled into the lanes.
    random.firstIndex = linear;
    random.firstAlignment = firstAlignment;
    auto vecType = VectorType::get({width}, b.getI64Type());
    SmallVector<int64_t> lanes;
    for (unsigned i = 0; i < width; ++i)
      lanes.push_back(i);
    Value iota = arith::ConstantOp::create(
        b, loc, DenseElementsAttr::get(vecType, ArrayRef<int64_t>(lanes)));
    linear = arith::AddIOp::create(
        b, loc, vector::BroadcastOp::create(b, loc, vecType, linear), iota);
  }
  random.linearIndex = linear;

  for (Operation &op : body.without_terminator()) {
    SmallVector<Value> operands;
    for (Value v : op.getOperands())
      operands.push_back(values.lookup(v));
    FailureOr<Value> result = emit.emit(&op, operands, random);
    if (failed(result))
      return failure();
    values.map(op.getResult(0), *result);
  }
  for (auto [r, value] : llvm::enumerate(group.getYield().getOperands())) {
    unsigned t = numTensors + static_cast<unsigned>(r);
    DType dtype = kernelDType(value.getType());
    Type storage = emit.storageType(dtype);
    unsigned align = getElementTypeOrSelf(storage).getIntOrFloatBitWidth() / 8;
    Value stored = emit.toStorage(values.lookup(value), dtype);
    LLVM::StoreOp::create(b, loc, stored, elementPtr(t, storage),
                          std::max(align, 1u));
  }
  return success();
}

LogicalResult KernelBuilder::build() {
  Location loc = group.getLoc();
  MLIRContext *ctx = group.getContext();
  Block &body = group.getBody().front();
  unsigned numTensors = group.getNumTensorArguments();
  unsigned numScalars = body.getNumArguments() - numTensors;
  unsigned numResults = group.getResultTypes().size();
  if (numResults == 0)
    return group.emitError("has no results to compute");
  for (Operation &op : body.without_terminator())
    if (isa<ChunkOp, ConcatOp, RandLikeOp>(op))
      return op.emitError("must be removed before convert-fuser-to-cpu (run "
                          "fuser-partition and fuser-lower-random)");

  int64_t rank = cast<RankedTensorType>(group.getResultTypes()[0]).getRank();
  std::vector<std::vector<bool>> bits;
  for (unsigned t = 0; t < numTensors; ++t)
    bits.push_back(kernelContiguity(group.getArgAttrDict(t), rank));
  for (unsigned r = 0; r < numResults; ++r) {
    if (cast<RankedTensorType>(group.getResultTypes()[r]).getRank() != rank)
      return group.emitError("results of different ranks cannot share a "
                             "kernel");
    bits.push_back(kernelContiguity(group.getResultAttrDict(r), rank));
  }
  layout = ::fuser::kernelLayout(bits, static_cast<size_t>(rank));
  unsigned loopRank = static_cast<unsigned>(layout.loopDims.size());
  unsigned numFlat = numTensors + numResults;
  bool vectorize = vectorWidth > 0;
  for (unsigned t = 0; t < numFlat; ++t)
    vectorize &= layout.unitInner[t];
  hasRandom = false;
  for (Operation &op : body.without_terminator())
    hasRandom |= isa<RandomBitsOp>(op);

  OpBuilder b(group);
  auto ptrType = LLVM::LLVMPointerType::get(ctx);
  Type i64 = b.getI64Type();
  auto func = func::FuncOp::create(
      b, loc, group.getSymName(),
      b.getFunctionType({ptrType, i64, i64}, {}));
  Block *entry = func.addEntryBlock();
  b.setInsertionPointToStart(entry);
  params = entry->getArgument(0);
  Value begin = entry->getArgument(1), end = entry->getArgument(2);

  seed = slot(b, loc, ::fuser::kSeedSlot, i64);
  offset = slot(b, loc, ::fuser::kOffsetSlot, i64);
  SmallVector<Value> sizes;
  for (unsigned d = 0; d < loopRank; ++d)
    sizes.push_back(slot(b, loc, ::fuser::kLoopSizesSlot + d, i64));
  SmallVector<SmallVector<Value>> strides(numFlat);
  for (unsigned t = 0; t < numFlat; ++t) {
    unsigned base = ::fuser::tensorSlot(loopRank, t);
    tensorPtrs.push_back(slot(b, loc, base, ptrType));
    for (unsigned d = 0; d < loopRank; ++d)
      strides[t].push_back(slot(b, loc, base + 1 + d, i64));
    innerStrides.push_back(strides[t].back());
  }
  for (unsigned k = 0; k < numScalars; ++k)
    scalars.push_back(slot(b, loc, ::fuser::scalarSlot(loopRank, numFlat, k),
                           b.getF64Type()));

  auto c = [&](int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(v));
  };
  Value inner = sizes.back();
  Value one = c(1), zero = c(0);
  // An empty inner dimension means nothing to do (and no division by zero).
  Value safeInner = arith::MaxSIOp::create(b, loc, inner, one);
  Value rowBegin = arith::DivSIOp::create(b, loc, begin, safeInner);
  Value rowEnd = arith::CeilDivSIOp::create(b, loc, end, safeInner);
  Value empty = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, inner,
                                      zero);
  rowEnd = arith::SelectOp::create(b, loc, empty, rowBegin, rowEnd);
  auto rows = scf::ForOp::create(b, loc, rowBegin, rowEnd, one);
  b.setInsertionPointToStart(rows.getBody());
  Value row = rows.getInductionVar();
  Value rowStart = arith::MulIOp::create(b, loc, row, inner);
  Value lo = arith::MaxSIOp::create(
      b, loc, arith::SubIOp::create(b, loc, begin, rowStart), zero);
  Value hi = arith::MinSIOp::create(
      b, loc, arith::SubIOp::create(b, loc, end, rowStart), inner);
  // Offsets of the row start: decompose the row index over outer dims.
  rowBases.assign(numFlat, zero);
  Value rem = row;
  for (int d = static_cast<int>(loopRank) - 2; d >= 0; --d) {
    Value idx = arith::RemSIOp::create(b, loc, rem, sizes[d]);
    rem = arith::DivSIOp::create(b, loc, rem, sizes[d]);
    for (unsigned t = 0; t < numFlat; ++t)
      rowBases[t] = arith::AddIOp::create(
          b, loc, rowBases[t], arith::MulIOp::create(b, loc, idx, strides[t][d]));
  }
  Value tailStart = lo;
  // With random numbers, the vector loops start at a linear index that is a
  // multiple of `align` (4 when the width allows), so that their vectors
  // cover whole Philox blocks, computed once each and shuffled into the
  // lanes; the scalar loop takes the elements before (the head) and after
  // them (the tail). A first vector loop of kRandomVectorWidth lanes then
  // computes enough blocks side by side to fill the SIMD registers (one
  // block per 4 elements), a second one of the requested width takes most
  // of the rest. The wide loop is dropped when its body calls the C library:
  // such a body is bound by the calls, around which all those lanes would be
  // spilled, and would be as many times larger.
  Value headEnd;
  if (vectorize) {
    Value vecStart = lo;
    unsigned align = std::min(4u, vectorWidth & -vectorWidth);
    SmallVector<unsigned, 2> widths;
    if (hasRandom && align > 1) {
      Value mask = c(align - 1);
      Value mis = arith::AndIOp::create(
          b, loc, arith::AddIOp::create(b, loc, rowStart, lo), mask);
      Value head = arith::AndIOp::create(
          b, loc, arith::SubIOp::create(b, loc, c(align), mis), mask);
      vecStart = arith::MinSIOp::create(
          b, loc, arith::AddIOp::create(b, loc, lo, head), hi);
      headEnd = vecStart;
      if (align == 4 && kRandomVectorWidth > vectorWidth)
        widths.push_back(llvm::alignTo(kRandomVectorWidth, vectorWidth));
    } else {
      align = 1;
    }
    widths.push_back(vectorWidth);
    Value start = vecStart;
    for (unsigned width : widths) {
      Value w = c(width);
      Value count = arith::SubIOp::create(b, loc, hi, start);
      Value stop = arith::AddIOp::create(
          b, loc, start,
          arith::MulIOp::create(b, loc,
                                arith::DivSIOp::create(b, loc, count, w), w));
      auto vloop = scf::ForOp::create(b, loc, start, stop, w);
      {
        OpBuilder::InsertionGuard guard(b);
        b.setInsertionPointToStart(vloop.getBody());
        if (failed(emitBody(b, loc, width, vloop.getInductionVar(), rowStart,
                            align)))
          return failure();
      }
      if (width != vectorWidth &&
          vloop.getBody()
              ->walk([](func::CallOp) { return WalkResult::interrupt(); })
              .wasInterrupted()) {
        vloop.erase();
        continue;
      }
      start = stop;
    }
    tailStart = start;
  }
  if (headEnd) {
    // One scalar loop over the head [lo, headEnd) and the tail [tailStart,
    // hi): iteration k < headEnd - lo takes lo + k, the others skip the
    // vector part.
    Value headCount = arith::SubIOp::create(b, loc, headEnd, lo);
    Value skip = arith::SubIOp::create(b, loc, tailStart, headEnd);
    Value total = arith::AddIOp::create(
        b, loc, headCount, arith::SubIOp::create(b, loc, hi, tailStart));
    auto sloop = scf::ForOp::create(b, loc, zero, total, one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(sloop.getBody());
    Value k = sloop.getInductionVar();
    Value inTail =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, k, headCount);
    Value headJ = arith::AddIOp::create(b, loc, lo, k);
    Value j = arith::AddIOp::create(
        b, loc, headJ, arith::SelectOp::create(b, loc, inTail, skip, zero));
    if (failed(emitBody(b, loc, 0, j, rowStart)))
      return failure();
  } else {
    auto sloop = scf::ForOp::create(b, loc, tailStart, hi, one);
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(sloop.getBody());
    if (failed(emitBody(b, loc, 0, sloop.getInductionVar(), rowStart)))
      return failure();
  }
  b.setInsertionPointAfter(rows);
  func::ReturnOp::create(b, loc);
  group.erase();
  return success();
}

LogicalResult mlir::fuser::convertGroupToCPUKernel(GroupOp group,
                                                   unsigned vectorWidth) {
  return KernelBuilder(group, vectorWidth).build();
}

namespace {
struct ConvertFuserToCPUPass
    : mlir::fuser::impl::ConvertFuserToCPUPassBase<ConvertFuserToCPUPass> {
  using Base::Base;
  void runOnOperation() override {
    SmallVector<GroupOp> groups(getOperation().getOps<GroupOp>());
    for (GroupOp group : groups)
      if (failed(convertGroupToCPUKernel(group, vectorWidth)))
        return signalPassFailure();
  }
};
} // namespace
