//===- FuserToGPU.cpp - Fusion groups to GPU kernels ----------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// One pass over the elements, each thread taking `lanes` consecutive ones:
// 16-byte vector loads and stores when the whole vector lies in one row of
// the innermost loop dimension (the runtime picks the vector kernel only when
// every pointer and stride keeps such vectors aligned), else one element at a
// time. Values compute per lane with the shared elementwise emitter.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Conversion/ElementwiseEmitter.h"
#include "FuserDialect/Conversion/Passes.h"
#include "FuserDialect/Runtime/KernelABI.h"

#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/IR/IRMapping.h"

#include <cstdlib>
#include <string_view>

namespace mlir::fuser {
#define GEN_PASS_DEF_CONVERTFUSERTOGPUPASS
#include "FuserDialect/Conversion/Passes.h.inc"
} // namespace mlir::fuser

using namespace mlir;
using namespace mlir::fuser;
using ::fuser::DType;

unsigned mlir::fuser::gpuVectorLanes(GroupOp group, unsigned maxVectorBytes) {
  unsigned widest = 1;
  for (Type t : group.getArgumentTypes())
    if (auto tensor = dyn_cast<RankedTensorType>(t))
      widest = std::max<unsigned>(
          widest, ::fuser::elementSize(kernelDType(tensor.getElementType())));
  for (Type t : group.getResultTypes())
    widest = std::max<unsigned>(
        widest, ::fuser::elementSize(kernelDType(cast<RankedTensorType>(t)
                                                 .getElementType())));
  return std::max(1u, maxVectorBytes / widest);
}

namespace {
class GPUKernelBuilder {
public:
  GPUKernelBuilder(GroupOp group, gpu::GPUModuleOp module, StringRef name,
                   unsigned lanes)
      : group(group), module(module), name(name), lanes(lanes) {}

  LogicalResult build();

private:
  /// Loads, computes and stores the elements at offset `j` of the row whose
  /// per-tensor start offsets are `bases` (a vector of `width` lanes when
  /// width > 0).
  LogicalResult emitElements(OpBuilder &b, Location loc, unsigned width,
                             ArrayRef<Value> bases, Value j, Value linear);
  /// Offsets of the row holding element `i`, and `i`'s position in it.
  std::pair<SmallVector<Value>, Value> locate(OpBuilder &b, Location loc,
                                              Value i);

  /// sin and cos of `x` (f32 or f64) with one libdevice call, which shares
  /// the argument reduction between them.
  std::pair<Value, Value> emitSinCos(OpBuilder &b, Location loc, Value x);

  /// An index constant.
  Value cIdx(OpBuilder &b, Location loc, int64_t v) {
    return arith::ConstantOp::create(b, loc, b.getIntegerAttr(indexType, v));
  }

  GroupOp group;
  gpu::GPUModuleOp module;
  StringRef name;
  unsigned lanes;
  /// Loads of inputs are marked invariant (FUSER_CUDA_NC_LOADS=0 turns it
  /// off, for measurements).
  bool invariantLoads = [] {
    const char *v = std::getenv("FUSER_CUDA_NC_LOADS");
    return !v || std::string_view(v) != "0";
  }();
  /// i32 when fuser-specialize found every offset to fit (the runtime's
  /// ArgSpec says so), else i64. Kernel parameters stay i64.
  Type indexType;
  ::fuser::KernelLayout layout;
  unsigned numTensors = 0, numFlat = 0;
  Value numel, seed, offset;
  SmallVector<Value> sizes, tensorPtrs, innerStrides, scalars;
  /// sin and cos ops of the same f32/f64 operand (computed together).
  DenseMap<Value, std::pair<Operation *, Operation *>> sinCosPairs;
  gpu::GPUFuncOp func;
  SmallVector<SmallVector<Value>> strides;
};
} // namespace

std::pair<Value, Value> GPUKernelBuilder::emitSinCos(OpBuilder &b,
                                                    Location loc, Value x) {
  Type t = x.getType();
  std::string name = t.isF32() ? "__nv_sincosf" : "__nv_sincos";
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext());
  auto fnType = LLVM::LLVMFunctionType::get(
      LLVM::LLVMVoidType::get(b.getContext()), {t, ptrType, ptrType});
  if (!SymbolTable::lookupSymbolIn(module, name)) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(module.getBody());
    LLVM::LLVMFuncOp::create(b, loc, name, fnType);
  }
  // Slots at the top of the kernel, so that they are promoted to registers
  // once libdevice is inlined.
  Value sinSlot, cosSlot;
  {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&func.getBody().front());
    Value one = arith::ConstantOp::create(b, loc, b.getI32IntegerAttr(1));
    unsigned align = t.getIntOrFloatBitWidth() / 8;
    sinSlot = LLVM::AllocaOp::create(b, loc, ptrType, t, one, align);
    cosSlot = LLVM::AllocaOp::create(b, loc, ptrType, t, one, align);
  }
  LLVM::CallOp::create(b, loc, fnType,
                       FlatSymbolRefAttr::get(b.getContext(), name),
                       ValueRange{x, sinSlot, cosSlot});
  return {LLVM::LoadOp::create(b, loc, t, sinSlot).getResult(),
          LLVM::LoadOp::create(b, loc, t, cosSlot).getResult()};
}

std::pair<SmallVector<Value>, Value>
GPUKernelBuilder::locate(OpBuilder &b, Location loc, Value i) {
  unsigned loopRank = static_cast<unsigned>(sizes.size());
  Value zero = cIdx(b, loc, 0);
  SmallVector<Value> bases(numFlat, zero);
  if (loopRank == 1)
    return {bases, i};
  Value inner = sizes.back();
  Value row = arith::DivUIOp::create(b, loc, i, inner);
  Value j = arith::SubIOp::create(b, loc, i,
                                  arith::MulIOp::create(b, loc, row, inner));
  Value rem = row;
  for (int d = static_cast<int>(loopRank) - 2; d >= 0; --d) {
    Value idx = d == 0 ? rem : Value(arith::RemUIOp::create(b, loc, rem, sizes[d]));
    if (d > 0)
      rem = arith::DivUIOp::create(b, loc, rem, sizes[d]);
    for (unsigned t = 0; t < numFlat; ++t)
      bases[t] = arith::AddIOp::create(
          b, loc, bases[t], arith::MulIOp::create(b, loc, idx, strides[t][d]));
  }
  return {bases, j};
}

LogicalResult GPUKernelBuilder::emitElements(OpBuilder &b, Location loc,
                                             unsigned width,
                                             ArrayRef<Value> bases, Value j,
                                             Value linear) {
  ElementwiseEmitter scalarEmit(b, loc, 0);
  scalarEmit.setLibmPrefix("__nv_");
  auto ptrType = LLVM::LLVMPointerType::get(b.getContext(), 1);
  Block &body = group.getBody().front();
  unsigned count = width ? width : 1;
  auto elementPtr = [&](unsigned t, Type element) -> Value {
    Value off = layout.unitInner[t]
                    ? arith::AddIOp::create(b, loc, bases[t], j).getResult()
                    : arith::AddIOp::create(
                          b, loc, bases[t],
                          arith::MulIOp::create(b, loc, j, innerStrides[t]))
                          .getResult();
    return LLVM::GEPOp::create(b, loc, ptrType, element, tensorPtrs[t],
                               ArrayRef<LLVM::GEPArg>{off});
  };
  // Per lane: the compute value of every tensor argument.
  SmallVector<IRMapping> lanesMap(count);
  for (unsigned t = 0; t < numTensors; ++t) {
    DType dtype = kernelDType(body.getArgument(t).getType());
    Type element = scalarEmit.storageType(dtype);
    unsigned bytes = element.getIntOrFloatBitWidth() / 8;
    if (width) {
      auto vecType = VectorType::get({width}, element);
      // Inputs are never written during the kernel (outputs are separate
      // allocations): invariant loads may use the read-only data path.
      Value v = LLVM::LoadOp::create(b, loc, vecType, elementPtr(t, element),
                                     bytes * width, /*isVolatile=*/false,
                                     /*isNonTemporal=*/false,
                                     /*isInvariant=*/invariantLoads);
      for (unsigned l = 0; l < width; ++l) {
        Value e = vector::ExtractOp::create(b, loc, v, static_cast<int64_t>(l));
        lanesMap[l].map(body.getArgument(t), scalarEmit.fromStorage(e, dtype));
      }
    } else {
      Value e = LLVM::LoadOp::create(b, loc, element, elementPtr(t, element),
                                     std::max(bytes, 1u), /*isVolatile=*/false,
                                     /*isNonTemporal=*/false,
                                     /*isInvariant=*/invariantLoads);
      lanesMap[0].map(body.getArgument(t), scalarEmit.fromStorage(e, dtype));
    }
  }
  // Philox counters count elements in 64 bits whatever the index width.
  auto toI64 = [&](Value index) -> Value {
    if (index.getType() == b.getI64Type())
      return index;
    return arith::ExtUIOp::create(b, loc, b.getI64Type(), index);
  };
  for (unsigned l = 0; l < count; ++l) {
    for (auto [k, scalar] : llvm::enumerate(scalars))
      lanesMap[l].map(body.getArgument(numTensors + k), scalar);
    Value index = linear;
    if (l)
      index = arith::AddIOp::create(b, loc, linear, cIdx(b, loc, l));
    RandomInputs random{seed, offset, toI64(index)};
    for (Operation &op : body.without_terminator()) {
      // The lanes are consecutive elements starting at `linear`, a multiple
      // of the width (the thread's first element): the bits of all of them
      // come from one run of Philox blocks, each computed once, on the first
      // lane that needs them.
      if (auto bits = dyn_cast<RandomBitsOp>(op); bits && width) {
        if (!lanesMap[l].contains(bits.getResult())) {
          SmallVector<Value> values = scalarEmit.randomBitsRun(
              bits.getStream(), random, toI64(linear), width, width & -width);
          for (unsigned m = 0; m < width; ++m)
            lanesMap[m].map(bits.getResult(), values[m]);
        }
        continue;
      }
      SmallVector<Value> operands;
      for (Value v : op.getOperands())
        operands.push_back(lanesMap[l].lookup(v));
      if (isa<SinOp, CosOp>(op) && sinCosPairs.count(op.getOperand(0))) {
        if (!lanesMap[l].contains(op.getResult(0))) {
          auto [sinOp, cosOp] = sinCosPairs.lookup(op.getOperand(0));
          auto [sinValue, cosValue] = emitSinCos(b, loc, operands[0]);
          lanesMap[l].map(sinOp->getResult(0), sinValue);
          lanesMap[l].map(cosOp->getResult(0), cosValue);
        }
        continue;
      }
      FailureOr<Value> result = scalarEmit.emit(&op, operands, random);
      if (failed(result))
        return failure();
      lanesMap[l].map(op.getResult(0), *result);
    }
  }
  for (auto [r, value] : llvm::enumerate(group.getYield().getOperands())) {
    unsigned t = numTensors + static_cast<unsigned>(r);
    DType dtype = kernelDType(value.getType());
    Type element = scalarEmit.storageType(dtype);
    unsigned bytes = element.getIntOrFloatBitWidth() / 8;
    if (width) {
      auto vecType = VectorType::get({width}, element);
      Value v = LLVM::UndefOp::create(b, loc, vecType);
      for (unsigned l = 0; l < width; ++l)
        v = vector::InsertOp::create(
            b, loc, scalarEmit.toStorage(lanesMap[l].lookup(value), dtype), v,
            static_cast<int64_t>(l));
      LLVM::StoreOp::create(b, loc, v, elementPtr(t, element), bytes * width);
    } else {
      LLVM::StoreOp::create(
          b, loc, scalarEmit.toStorage(lanesMap[0].lookup(value), dtype),
          elementPtr(t, element), std::max(bytes, 1u));
    }
  }
  return success();
}

LogicalResult GPUKernelBuilder::build() {
  Location loc = group.getLoc();
  MLIRContext *ctx = group.getContext();
  Block &body = group.getBody().front();
  numTensors = group.getNumTensorArguments();
  unsigned numScalars = body.getNumArguments() - numTensors;
  unsigned numResults = group.getResultTypes().size();
  if (numResults == 0)
    return group.emitError("has no results to compute");
  for (Operation &op : body.without_terminator())
    if (isa<ChunkOp, ConcatOp, RandLikeOp>(op))
      return op.emitError("must be removed before convert-fuser-to-gpu (run "
                          "fuser-partition and fuser-lower-random)");
  int64_t rank = cast<RankedTensorType>(group.getResultTypes()[0]).getRank();
  std::vector<std::vector<bool>> bits;
  for (unsigned t = 0; t < numTensors; ++t)
    bits.push_back(kernelContiguity(group.getArgAttrDict(t), rank));
  for (unsigned r = 0; r < numResults; ++r)
    bits.push_back(kernelContiguity(group.getResultAttrDict(r), rank));
  layout = ::fuser::kernelLayout(bits, static_cast<size_t>(rank));
  numFlat = numTensors + numResults;
  unsigned loopRank = static_cast<unsigned>(layout.loopDims.size());
  bool vectorize = lanes > 1;
  for (unsigned t = 0; t < numFlat; ++t)
    vectorize &= layout.unitInner[t];
  unsigned numSlots = ::fuser::scalarSlot(loopRank, numFlat, numScalars);

  OpBuilder b(module.getBody(), module.getBody()->end());
  indexType = b.getI64Type();
  if (auto bits = group->getAttrOfType<IntegerAttr>("fuser.index_bitwidth"))
    if (bits.getInt() == 32)
      indexType = b.getI32Type();
  SmallVector<Type> params(numSlots, b.getI64Type());
  func = gpu::GPUFuncOp::create(b, loc, name, b.getFunctionType(params, {}));
  {
    DenseMap<Value, std::pair<Operation *, Operation *>> trig;
    for (Operation &op : body.without_terminator()) {
      if (!isa<SinOp, CosOp>(op))
        continue;
      Type in = getElementTypeOrSelf(op.getOperand(0).getType());
      Type out = getElementTypeOrSelf(op.getResult(0).getType());
      if (in != out || !(in.isF32() || in.isF64()))
        continue;
      auto &entry = trig[op.getOperand(0)];
      (isa<SinOp>(op) ? entry.first : entry.second) = &op;
    }
    for (auto &[x, ops] : trig)
      if (ops.first && ops.second)
        sinCosPairs[x] = ops;
  }
  func->setAttr(gpu::GPUDialect::getKernelFuncAttrName(), b.getUnitAttr());
  Block &entry = func.getBody().front();
  b.setInsertionPointToStart(&entry);
  auto rawSlot = [&](unsigned i) -> Value { return entry.getArgument(i); };
  // A size or stride slot in the index type.
  auto slot = [&](unsigned i) -> Value {
    Value v = rawSlot(i);
    if (indexType == v.getType())
      return v;
    return arith::TruncIOp::create(b, loc, indexType, v);
  };
  auto c = [&](int64_t v) -> Value { return cIdx(b, loc, v); };
  auto ptrType = LLVM::LLVMPointerType::get(ctx, 1);
  numel = slot(::fuser::kNumelSlot);
  seed = rawSlot(::fuser::kSeedSlot);
  offset = rawSlot(::fuser::kOffsetSlot);
  for (unsigned d = 0; d < loopRank; ++d)
    sizes.push_back(slot(::fuser::kLoopSizesSlot + d));
  strides.resize(numFlat);
  for (unsigned t = 0; t < numFlat; ++t) {
    unsigned base = ::fuser::tensorSlot(loopRank, t);
    tensorPtrs.push_back(
        LLVM::IntToPtrOp::create(b, loc, ptrType, rawSlot(base)));
    for (unsigned d = 0; d < loopRank; ++d)
      strides[t].push_back(slot(base + 1 + d));
    innerStrides.push_back(strides[t].back());
  }
  for (unsigned k = 0; k < numScalars; ++k)
    scalars.push_back(arith::BitcastOp::create(
        b, loc, b.getF64Type(),
        rawSlot(::fuser::scalarSlot(loopRank, numFlat, k))));

  auto toIdx = [&](Value v) -> Value {
    return arith::IndexCastUIOp::create(b, loc, indexType, v);
  };
  Value tid = toIdx(gpu::ThreadIdOp::create(b, loc, gpu::Dimension::x));
  Value bid = toIdx(gpu::BlockIdOp::create(b, loc, gpu::Dimension::x));
  Value bdim = toIdx(gpu::BlockDimOp::create(b, loc, gpu::Dimension::x));
  Value thread = arith::AddIOp::create(
      b, loc, arith::MulIOp::create(b, loc, bid, bdim), tid);
  unsigned perThread = vectorize ? lanes : 1;
  Value first = arith::MulIOp::create(b, loc, thread, c(perThread));

  auto scalarElement = [&](OpBuilder &ib, Value i) -> LogicalResult {
    OpBuilder::InsertionGuard guard(b);
    auto [bases, j] = locate(b, loc, i);
    return emitElements(b, loc, 0, bases, j, i);
  };

  Value inRange =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ult, first, numel);
  auto guard = scf::IfOp::create(b, loc, inRange, /*withElse=*/false);
  b.setInsertionPointToStart(&guard.getThenRegion().front());
  if (!vectorize) {
    if (failed(scalarElement(b, first)))
      return failure();
  } else {
    auto [bases, j] = locate(b, loc, first);
    Value last = arith::AddIOp::create(b, loc, j, c(lanes));
    Value fitsRow = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ule,
                                          last, sizes.back());
    Value fitsAll = arith::CmpIOp::create(
        b, loc, arith::CmpIPredicate::ule,
        arith::AddIOp::create(b, loc, first, c(lanes)), numel);
    Value full = arith::AndIOp::create(b, loc, fitsRow, fitsAll);
    auto split = scf::IfOp::create(b, loc, full, /*withElse=*/true);
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(&split.getThenRegion().front());
      if (failed(emitElements(b, loc, lanes, bases, j, first)))
        return failure();
    }
    {
      OpBuilder::InsertionGuard g(b);
      b.setInsertionPointToStart(&split.getElseRegion().front());
      Value end = arith::MinUIOp::create(
          b, loc, arith::AddIOp::create(b, loc, first, c(lanes)), numel);
      auto loop = scf::ForOp::create(b, loc, first, end, c(1));
      b.setInsertionPointToStart(loop.getBody());
      if (failed(scalarElement(b, loop.getInductionVar())))
        return failure();
    }
  }
  b.setInsertionPointToEnd(&entry);
  gpu::ReturnOp::create(b, loc);
  return success();
}

LogicalResult mlir::fuser::convertGroupToGPUKernels(GroupOp group,
                                                    gpu::GPUModuleOp module,
                                                    unsigned maxVectorBytes) {
  std::string base = group.getSymName().str();
  unsigned lanes = gpuVectorLanes(group, maxVectorBytes);
  if (failed(GPUKernelBuilder(group, module, base, lanes).build()))
    return failure();
  std::string scalarName = base + "_scalar";
  if (failed(GPUKernelBuilder(group, module, scalarName, 1).build()))
    return failure();
  group.erase();
  return success();
}

namespace {
struct ConvertFuserToGPUPass
    : mlir::fuser::impl::ConvertFuserToGPUPassBase<ConvertFuserToGPUPass> {
  using Base::Base;
  void runOnOperation() override {
    ModuleOp module = getOperation();
    SmallVector<GroupOp> groups(module.getOps<GroupOp>());
    if (groups.empty())
      return;
    OpBuilder b(module.getBodyRegion());
    b.setInsertionPointToEnd(module.getBody());
    auto gpuModule = gpu::GPUModuleOp::create(b, module.getLoc(), moduleName);
    module->setAttr(gpu::GPUDialect::getContainerModuleAttrName(),
                    b.getUnitAttr());
    if (maxVectorBytes == 0 || maxVectorBytes > 16 ||
        (maxVectorBytes & (maxVectorBytes - 1))) {
      module.emitError() << "'max-vector-bytes' must be 1, 2, 4, 8 or 16, not "
                         << maxVectorBytes;
      return signalPassFailure();
    }
    for (GroupOp group : groups)
      if (failed(convertGroupToGPUKernels(group, gpuModule, maxVectorBytes)))
        return signalPassFailure();
  }
};
} // namespace
