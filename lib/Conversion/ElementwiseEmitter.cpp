//===- ElementwiseEmitter.cpp - Element semantics as arith/math -----------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Each op family maps to a few lines here; the comments name the interpreter
// function (lib/Interpreter/ScalarOps.h) whose semantics are reproduced.
// Integer corner cases that are undefined in LLVM (division by zero or of
// INT_MIN by -1, out-of-range float to int) are guarded with selects so the
// results are the interpreter's. Float comparisons are made on integer keys
// (floatCompare) because LLVM's optimizer does not keep the sign of zero
// through selects on float compares, and on the CPU every transcendental
// function is a C library call that the CPU target keeps LLVM from folding.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Conversion/ElementwiseEmitter.h"

#include "FuserDialect/Support/Philox.h"
#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/GPU/IR/GPUDialect.h"
#include "mlir/Dialect/LLVMIR/LLVMDialect.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/Vector/IR/VectorOps.h"
#include "mlir/IR/BuiltinOps.h"
#include "llvm/ADT/TypeSwitch.h"
#include "llvm/Support/MathExtras.h"

#include <algorithm>

using namespace mlir;
using namespace mlir::fuser;
using ::fuser::DType;

DType mlir::fuser::kernelDType(Type type) {
  return *getDType(getElementTypeOrSelf(type));
}

std::vector<bool> mlir::fuser::kernelContiguity(DictionaryAttr attrs,
                                                int64_t rank) {
  if (attrs)
    if (auto bits =
            dyn_cast_or_null<DenseBoolArrayAttr>(attrs.get("fuser.contiguity")))
      if (static_cast<int64_t>(bits.size()) == rank)
        return std::vector<bool>(bits.asArrayRef().begin(),
                                 bits.asArrayRef().end());
  return std::vector<bool>(rank, false);
}

static bool isFloatDType(DType t) { return ::fuser::isFloating(t); }
static bool isSignedInt(DType t) {
  return ::fuser::isIntegral(t, /*includeBool=*/false) && t != DType::UInt8;
}

Type ElementwiseEmitter::computeType(DType dtype) {
  Type scalar;
  switch (dtype) {
  case DType::Bool:
    scalar = b.getI1Type();
    break;
  case DType::UInt8:
  case DType::Int8:
    scalar = b.getI8Type();
    break;
  case DType::Int16:
    scalar = b.getI16Type();
    break;
  case DType::Int32:
    scalar = b.getI32Type();
    break;
  case DType::Int64:
    scalar = b.getI64Type();
    break;
  case DType::Float16:
  case DType::BFloat16:
  case DType::Float32:
    scalar = b.getF32Type();
    break;
  case DType::Float64:
    scalar = b.getF64Type();
    break;
  }
  return width ? Type(VectorType::get({width}, scalar)) : scalar;
}

Type ElementwiseEmitter::storageType(DType dtype) {
  Type scalar;
  switch (dtype) {
  case DType::Bool:
    scalar = b.getI8Type();
    break;
  case DType::Float16:
    scalar = b.getF16Type();
    break;
  case DType::BFloat16:
    scalar = bf16AsBits ? Type(b.getI16Type()) : Type(b.getBF16Type());
    break;
  default:
    return computeType(dtype);
  }
  return width ? Type(VectorType::get({width}, scalar)) : scalar;
}

Value ElementwiseEmitter::constantFloat(Type type, double value) {
  Type element = getElementTypeOrSelf(type);
  auto attr = b.getFloatAttr(element, value);
  if (auto vec = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vec, attr));
  return arith::ConstantOp::create(b, loc, attr);
}

Value ElementwiseEmitter::constantInt(Type type, int64_t value) {
  Type element = getElementTypeOrSelf(type);
  auto attr = b.getIntegerAttr(element, value);
  if (auto vec = dyn_cast<VectorType>(type))
    return arith::ConstantOp::create(b, loc, DenseElementsAttr::get(vec, attr));
  return arith::ConstantOp::create(b, loc, attr);
}

Value ElementwiseEmitter::select(Value cond, Value a, Value c) {
  return arith::SelectOp::create(b, loc, cond, a, c);
}

Value ElementwiseEmitter::isNaN(Value v) {
  return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, v, v);
}

/// Truncating, saturating float to integer conversion; NaN gives 0. uint8
/// goes through int64 and wraps, as the interpreter's convertValue.
Value ElementwiseEmitter::floatToInt(Value v, DType to) {
  if (to == DType::UInt8) {
    Value wide = floatToInt(v, DType::Int64);
    return arith::TruncIOp::create(b, loc, computeType(to), wide);
  }
  return LLVM::CallIntrinsicOp::create(b, loc, computeType(to),
                                       b.getStringAttr("llvm.fptosi.sat"),
                                       ValueRange{v})
      .getResult(0);
}

Value ElementwiseEmitter::convert(Value v, DType from, DType to,
                                  bool roundReduced) {
  Type target = computeType(to);
  Value result = v;
  if (to == DType::Bool) {
    if (from == DType::Bool)
      return v;
    if (isFloatDType(from))
      return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, v,
                                   constantFloat(v.getType(), 0.0));
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, v,
                                 constantInt(v.getType(), 0));
  }
  if (isFloatDType(to)) {
    if (from == DType::Bool || from == DType::UInt8)
      result = arith::UIToFPOp::create(b, loc, target, v);
    else if (!isFloatDType(from))
      result = arith::SIToFPOp::create(b, loc, target, v);
    else if (v.getType() != target) {
      unsigned fromWidth = getElementTypeOrSelf(v.getType()).getIntOrFloatBitWidth();
      unsigned toWidth = getElementTypeOrSelf(target).getIntOrFloatBitWidth();
      result = fromWidth < toWidth
                   ? Value(arith::ExtFOp::create(b, loc, target, v))
                   : Value(arith::TruncFOp::create(b, loc, target, v));
    }
    if (roundReduced && (to == DType::Float16 || to == DType::BFloat16))
      result = fromStorage(toStorage(result, to), to);
    return result;
  }
  // Integer target.
  if (isFloatDType(from))
    return floatToInt(v, to);
  unsigned fromWidth = getElementTypeOrSelf(v.getType()).getIntOrFloatBitWidth();
  unsigned toWidth = getElementTypeOrSelf(target).getIntOrFloatBitWidth();
  if (fromWidth == toWidth)
    return v;
  if (fromWidth > toWidth)
    return arith::TruncIOp::create(b, loc, target, v);
  if (from == DType::Bool || from == DType::UInt8)
    return arith::ExtUIOp::create(b, loc, target, v);
  return arith::ExtSIOp::create(b, loc, target, v);
}

Value ElementwiseEmitter::fromStorage(Value v, DType dtype) {
  if (dtype == DType::Bool)
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, v,
                                 constantInt(v.getType(), 0));
  if (dtype == DType::BFloat16 && bf16AsBits)
    return bfloat16ToFloat(v);
  if (dtype == DType::Float16 || dtype == DType::BFloat16)
    return arith::ExtFOp::create(b, loc, computeType(dtype), v);
  return v;
}

Value ElementwiseEmitter::toStorage(Value v, DType dtype) {
  if (dtype == DType::Bool)
    return arith::ExtUIOp::create(b, loc, storageType(dtype), v);
  if (dtype == DType::BFloat16 && bf16AsBits)
    return floatToBFloat16(v);
  if (dtype == DType::Float16 || dtype == DType::BFloat16)
    return arith::TruncFOp::create(b, loc, storageType(dtype), v);
  return v;
}

/// An integer of the float's width (vectorised alike).
static Type sameShapeInt(Type floatType, unsigned bits) {
  Type i = IntegerType::get(floatType.getContext(), bits);
  if (auto vec = dyn_cast<VectorType>(floatType))
    return VectorType::get(vec.getShape(), i);
  return i;
}

/// bf16 bits (i16) to f32: the bits are the top half of the float.
Value ElementwiseEmitter::bfloat16ToFloat(Value bits) {
  Type i32 = sameShapeInt(bits.getType(), 32);
  Value wide = arith::ExtUIOp::create(b, loc, i32, bits);
  Value shifted = arith::ShLIOp::create(b, loc, wide, constantInt(i32, 16));
  return arith::BitcastOp::create(b, loc, computeType(DType::BFloat16),
                                  shifted);
}

/// f32 to bf16 bits (i16), as floatToBFloat16 (Support/Half.h): round to
/// nearest even by adding 0x7FFF plus the lowest kept bit, NaN as 0x7FC0.
Value ElementwiseEmitter::floatToBFloat16(Value v) {
  Type i32 = sameShapeInt(v.getType(), 32);
  Value u = arith::BitcastOp::create(b, loc, i32, v);
  Value sixteen = constantInt(i32, 16);
  Value lsb = arith::AndIOp::create(
      b, loc, arith::ShRUIOp::create(b, loc, u, sixteen), constantInt(i32, 1));
  Value rounded = arith::AddIOp::create(
      b, loc, u, arith::AddIOp::create(b, loc, lsb, constantInt(i32, 0x7FFF)));
  Value bits =
      arith::TruncIOp::create(b, loc, storageType(DType::BFloat16),
                              arith::ShRUIOp::create(b, loc, rounded, sixteen));
  return select(isNaN(v), constantInt(bits.getType(), 0x7FC0), bits);
}

/// An integer that orders like the float `v`: the magnitude bits, negated
/// for a negative sign, so that -0.0 and +0.0 get the same key (the key of a
/// NaN is meaningless).
Value ElementwiseEmitter::orderKey(Value v) {
  unsigned bits = getElementTypeOrSelf(v.getType()).getIntOrFloatBitWidth();
  Type it = sameShapeInt(v.getType(), bits);
  Value i = arith::BitcastOp::create(b, loc, it, v);
  Value sign = arith::ShRSIOp::create(b, loc, i, constantInt(it, bits - 1));
  Value magnitude = arith::AndIOp::create(
      b, loc, i,
      constantInt(it, static_cast<int64_t>(~uint64_t(0) >> (65 - bits))));
  // (magnitude ^ sign) - sign is magnitude, or -magnitude when sign is -1.
  return arith::SubIOp::create(
      b, loc, arith::XOrIOp::create(b, loc, magnitude, sign), sign);
}

/// A float comparison with exactly the semantics of `pred` (ordered
/// predicates are false and unordered ones true when an operand is NaN),
/// computed on integer keys. LLVM's InstCombine treats a select on an fcmp of
/// its own arms as if -0.0 and +0.0 were interchangeable (it rewrites
/// `select(0 < x, 0, x)` as `select(x >= 0, 0, x)`, or max(relu(x), 0) as
/// relu(x)), which changes the sign of zero results; it has no such folds
/// for integer compares.
Value ElementwiseEmitter::floatCompare(arith::CmpFPredicate pred, Value a,
                                       Value c) {
  using P = arith::CmpFPredicate;
  using I = arith::CmpIPredicate;
  bool ordered = false;
  I ipred;
  switch (pred) {
  case P::OEQ:
  case P::UEQ:
    ipred = I::eq;
    break;
  case P::ONE:
  case P::UNE:
    ipred = I::ne;
    break;
  case P::OLT:
  case P::ULT:
    ipred = I::slt;
    break;
  case P::OLE:
  case P::ULE:
    ipred = I::sle;
    break;
  case P::OGT:
  case P::UGT:
    ipred = I::sgt;
    break;
  case P::OGE:
  case P::UGE:
    ipred = I::sge;
    break;
  default:
    return arith::CmpFOp::create(b, loc, pred, a, c);
  }
  // The ordered predicates are the ones up to ORD (as in LLVM's FCmpInst).
  ordered = static_cast<uint64_t>(pred) <= static_cast<uint64_t>(P::ORD);
  Value keys = arith::CmpIOp::create(b, loc, ipred, orderKey(a), orderKey(c));
  Value unordered =
      arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNO, a, c);
  Type i1 = keys.getType();
  return ordered ? select(unordered, constantInt(i1, 0), keys)
                 : select(unordered, constantInt(i1, 1), keys);
}

Value ElementwiseEmitter::compare(arith::CmpFPredicate fp,
                                  arith::CmpIPredicate si,
                                  arith::CmpIPredicate ui, Value a, Value c,
                                  DType dtype) {
  if (isFloatDType(dtype))
    return floatCompare(fp, a, c);
  bool isUnsigned = dtype == DType::UInt8 || dtype == DType::Bool;
  return arith::CmpIOp::create(b, loc, isUnsigned ? ui : si, a, c);
}

/// divTruncInt / divFloorInt: x / 0 is 0 and INT_MIN / -1 wraps.
Value ElementwiseEmitter::intDiv(Value a, Value c, DType dtype, bool floor) {
  Type t = a.getType();
  Value zero = constantInt(t, 0), one = constantInt(t, 1);
  Value isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, c, zero);
  if (!isSignedInt(dtype)) {
    Value safe = select(isZero, one, c);
    Value q = arith::DivUIOp::create(b, loc, a, safe);
    return select(isZero, zero, q);
  }
  Value minusOne = constantInt(t, -1);
  Value isMinusOne =
      arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, c, minusOne);
  Value special = arith::OrIOp::create(b, loc, isZero, isMinusOne);
  Value safe = select(special, one, c);
  Value q = arith::DivSIOp::create(b, loc, a, safe);
  if (floor) {
    Value r = arith::RemSIOp::create(b, loc, a, safe);
    Value rNonZero =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, r, zero);
    Value rNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
    Value cNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, c, zero);
    Value differ = arith::XOrIOp::create(b, loc, rNeg, cNeg);
    Value adjust = arith::AndIOp::create(b, loc, rNonZero, differ);
    q = select(adjust, arith::SubIOp::create(b, loc, q, one), q);
  }
  Value negated = arith::SubIOp::create(b, loc, zero, a);
  return select(isZero, zero, select(isMinusOne, negated, q));
}

/// fmodOp / remainderOp on integers: x % 0 is 0, x % -1 is 0.
Value ElementwiseEmitter::intRem(Value a, Value c, DType dtype, bool python) {
  Type t = a.getType();
  Value zero = constantInt(t, 0), one = constantInt(t, 1);
  Value isZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, c, zero);
  if (!isSignedInt(dtype)) {
    Value safe = select(isZero, one, c);
    return select(isZero, zero, arith::RemUIOp::create(b, loc, a, safe));
  }
  Value isMinusOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, c,
                                           constantInt(t, -1));
  Value special = arith::OrIOp::create(b, loc, isZero, isMinusOne);
  Value safe = select(special, one, c);
  Value r = arith::RemSIOp::create(b, loc, a, safe);
  r = select(special, zero, r);
  if (!python)
    return r;
  Value rNonZero = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, r, zero);
  Value rNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, r, zero);
  Value cNeg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, c, zero);
  Value adjust = arith::AndIOp::create(
      b, loc, rNonZero, arith::XOrIOp::create(b, loc, rNeg, cNeg));
  return select(adjust, arith::AddIOp::create(b, loc, r, c), r);
}

/// powOp on integers: square and multiply over every exponent bit (wrapping);
/// a negative exponent gives 0 except for bases 1 and -1.
Value ElementwiseEmitter::intPow(Value a, Value e, DType dtype) {
  Type t = a.getType();
  unsigned bits = getElementTypeOrSelf(t).getIntOrFloatBitWidth();
  Value zero = constantInt(t, 0), one = constantInt(t, 1);
  Value result = one, base = a;
  for (unsigned i = 0; i < bits; ++i) {
    Value bit = arith::AndIOp::create(
        b, loc, arith::ShRUIOp::create(b, loc, e, constantInt(t, i)), one);
    Value set = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne, bit, zero);
    result = select(set, arith::MulIOp::create(b, loc, result, base), result);
    base = arith::MulIOp::create(b, loc, base, base);
  }
  if (!isSignedInt(dtype))
    return result;
  Value negative = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, e, zero);
  Value baseOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, a, one);
  Value baseMinusOne = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, a,
                                             constantInt(t, -1));
  Value odd = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::ne,
                                    arith::AndIOp::create(b, loc, e, one), zero);
  Value negResult = select(
      baseOne, one,
      select(baseMinusOne, select(odd, constantInt(t, -1), one), zero));
  return select(negative, negResult, result);
}

/// Philox-4x32-10 of counter (index / 4, offset + stream), key seed; returns
/// word index % 4 (see Support/Philox.h).
Value ElementwiseEmitter::philox(Value stream, Value index,
                                 const RandomInputs &random) {
  Type i64 = index.getType();
  Type i32 = width ? Type(VectorType::get({width}, b.getI32Type()))
                   : Type(b.getI32Type());
  auto lo = [&](Value v) { return arith::TruncIOp::create(b, loc, i32, v); };
  auto hi = [&](Value v) {
    return arith::TruncIOp::create(
        b, loc, i32, arith::ShRUIOp::create(b, loc, v, constantInt(i64, 32)));
  };
  auto splat = [&](Value scalar) -> Value {
    if (!width)
      return scalar;
    return vector::BroadcastOp::create(
        b, loc, VectorType::get({width}, scalar.getType()), scalar);
  };
  Value block = arith::ShRUIOp::create(b, loc, index, constantInt(i64, 2));
  Value streamCounter =
      splat(arith::AddIOp::create(b, loc, random.offset, stream));
  Value seed = splat(random.seed);
  std::array<Value, 4> ctr = {lo(block), hi(block), lo(streamCounter),
                              hi(streamCounter)};
  Value k0 = lo(seed), k1 = hi(seed);
  std::array<Value, 4> out = philoxRounds(ctr, k0, k1);
  Value word = lo(arith::AndIOp::create(b, loc, index, constantInt(i64, 3)));
  Value one = constantInt(i32, 1), two = constantInt(i32, 2);
  auto eq = [&](Value x, Value y) {
    return arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, x, y);
  };
  return select(
      eq(word, constantInt(i32, 0)), out[0],
      select(eq(word, one), out[1], select(eq(word, two), out[2], out[3])));
}

std::array<Value, 4> ElementwiseEmitter::philoxRounds(std::array<Value, 4> ctr,
                                                      Value k0, Value k1) {
  Type i32 = ctr[0].getType();
  Value m0 = constantInt(i32, static_cast<int32_t>(::fuser::kPhiloxM0));
  Value m1 = constantInt(i32, static_cast<int32_t>(::fuser::kPhiloxM1));
  Value w0 = constantInt(i32, static_cast<int32_t>(::fuser::kPhiloxW0));
  Value w1 = constantInt(i32, static_cast<int32_t>(::fuser::kPhiloxW1));
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 = arith::AddIOp::create(b, loc, k0, w0);
      k1 = arith::AddIOp::create(b, loc, k1, w1);
    }
    auto p0 = arith::MulUIExtendedOp::create(b, loc, m0, ctr[0]);
    auto p1 = arith::MulUIExtendedOp::create(b, loc, m1, ctr[2]);
    Value n0 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p1.getHigh(), ctr[1]), k0);
    Value n2 = arith::XOrIOp::create(
        b, loc, arith::XOrIOp::create(b, loc, p0.getHigh(), ctr[3]), k1);
    ctr = {n0, p1.getLow(), n2, p0.getLow()};
  }
  return ctr;
}

/// The 32-bit words live in the low halves of i64 lanes, the high halves
/// holding garbage: a multiplication masks its operand and yields the whole
/// 64-bit product (whose low half is the next round's word as is, so a
/// round needs no truncation or extension), xor and the key additions only
/// carry upwards. On x86 each multiplication is one vpmuludq over the
/// register's 64-bit lanes, and the high half one shift (the i32 form needs
/// extensions, two multiplications for the high halves and shuffles).
std::array<Value, 4>
ElementwiseEmitter::philoxRoundsInI64(std::array<Value, 4> ctr, Value k0,
                                      Value k1) {
  Type i64 = ctr[0].getType();
  Value mask = constantInt(i64, 0xFFFFFFFFll);
  Value m0 = constantInt(i64, ::fuser::kPhiloxM0);
  Value m1 = constantInt(i64, ::fuser::kPhiloxM1);
  Value w0 = constantInt(i64, ::fuser::kPhiloxW0);
  Value w1 = constantInt(i64, ::fuser::kPhiloxW1);
  Value c32 = constantInt(i64, 32);
  auto mul = [&](Value m, Value word) -> Value {
    return arith::MulIOp::create(b, loc,
                                 arith::AndIOp::create(b, loc, word, mask), m);
  };
  for (int round = 0; round < 10; ++round) {
    if (round > 0) {
      k0 = arith::AddIOp::create(b, loc, k0, w0);
      k1 = arith::AddIOp::create(b, loc, k1, w1);
    }
    Value p0 = mul(m0, ctr[0]);
    Value p1 = mul(m1, ctr[2]);
    Value n0 = arith::XOrIOp::create(
        b, loc,
        arith::XOrIOp::create(b, loc, arith::ShRUIOp::create(b, loc, p1, c32),
                              ctr[1]),
        k0);
    Value n2 = arith::XOrIOp::create(
        b, loc,
        arith::XOrIOp::create(b, loc, arith::ShRUIOp::create(b, loc, p0, c32),
                              ctr[3]),
        k1);
    ctr = {n0, p1, n2, p0};
  }
  return ctr;
}

std::array<Value, 4>
ElementwiseEmitter::philoxStreamAndKey(uint64_t stream,
                                       const RandomInputs &random) {
  Type i64 = b.getI64Type(), i32 = b.getI32Type();
  auto lo = [&](Value v) -> Value {
    return arith::TruncIOp::create(b, loc, i32, v);
  };
  auto hi = [&](Value v) -> Value {
    return arith::TruncIOp::create(
        b, loc, i32, arith::ShRUIOp::create(b, loc, v, constantInt(i64, 32)));
  };
  Value counter = arith::AddIOp::create(
      b, loc, random.offset, constantInt(i64, static_cast<int64_t>(stream)));
  return {lo(counter), hi(counter), lo(random.seed), hi(random.seed)};
}

/// Blocks a run of `count` elements starting at a multiple of `alignment`
/// touches at most, and the largest word its first element may take.
static std::pair<unsigned, unsigned> runShape(unsigned count,
                                              unsigned alignment) {
  unsigned align = std::clamp(alignment, 1u, 4u);
  assert(llvm::isPowerOf2_32(align) && "alignment must be a power of two");
  unsigned maxPhase = 4 - align;
  if (maxPhase == 0)
    return {(count + 3) / 4, 0};
  return {(count + maxPhase + 3) / 4, maxPhase};
}

SmallVector<Value> ElementwiseEmitter::randomBitsRun(uint64_t stream,
                                                     const RandomInputs &random,
                                                     Value first,
                                                     unsigned count,
                                                     unsigned alignment) {
  assert(count > 0 && first.getType().isInteger(64));
  auto [numBlocks, maxPhase] = runShape(count, alignment);
  unsigned step = std::clamp(alignment, 1u, 4u);
  Type i64 = b.getI64Type(), i32 = b.getI32Type();
  auto [c2, c3, k0, k1] = philoxStreamAndKey(stream, random);
  Value firstBlock = arith::ShRUIOp::create(b, loc, first, constantInt(i64, 2));
  // words[4 * k + w]: word w of block firstBlock + k.
  SmallVector<Value> words;
  for (unsigned k = 0; k < numBlocks; ++k) {
    Value block = k ? Value(arith::AddIOp::create(b, loc, firstBlock,
                                                  constantInt(i64, k)))
                    : firstBlock;
    Value c0 = arith::TruncIOp::create(b, loc, i32, block);
    Value c1 = arith::TruncIOp::create(
        b, loc, i32,
        arith::ShRUIOp::create(b, loc, block, constantInt(i64, 32)));
    llvm::append_range(words, philoxRounds({c0, c1, c2, c3}, k0, k1));
  }
  SmallVector<Value> bits;
  if (maxPhase == 0) {
    bits.append(words.begin(), words.begin() + count);
    return bits;
  }
  // The run starts at word first % 4, one of 0, step, ..., maxPhase.
  Value phase = arith::AndIOp::create(b, loc, first, constantInt(i64, 3));
  SmallVector<Value> isPhase(maxPhase / step);
  for (unsigned p = 0; p < maxPhase; p += step)
    isPhase[p / step] = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                              phase, constantInt(i64, p));
  for (unsigned l = 0; l < count; ++l) {
    Value v = words[maxPhase + l];
    for (int p = static_cast<int>(maxPhase) - static_cast<int>(step); p >= 0;
         p -= static_cast<int>(step))
      v = select(isPhase[p / step], words[p + l], v);
    bits.push_back(v);
  }
  return bits;
}

Value ElementwiseEmitter::randomBitsVector(uint64_t stream,
                                           const RandomInputs &random,
                                           Value first, unsigned alignment) {
  assert(width > 0 && first.getType().isInteger(64));
  auto [numBlocks, maxPhase] = runShape(width, alignment);
  unsigned step = std::clamp(alignment, 1u, 4u);
  int64_t n = numBlocks;
  auto blocksType = [&](Type element) { return VectorType::get({n}, element); };
  Type i64 = b.getI64Type(), i32 = b.getI32Type();
  auto [c2, c3, k0, k1] = philoxStreamAndKey(stream, random);
  // Block k of the run in lane k of every counter and key vector.
  Value firstBlock = arith::ShRUIOp::create(b, loc, first, constantInt(i64, 2));
  SmallVector<int64_t> iota;
  for (int64_t k = 0; k < n; ++k)
    iota.push_back(k);
  VectorType v64 = blocksType(i64);
  Value firstBlocks = vector::BroadcastOp::create(b, loc, v64, firstBlock);
  Value blocks = arith::AddIOp::create(
      b, loc, firstBlocks,
      arith::ConstantOp::create(
          b, loc, DenseElementsAttr::get(v64, ArrayRef<int64_t>(iota))));
  auto widen = [&](Value word) -> Value {
    return vector::BroadcastOp::create(
        b, loc, v64, arith::ExtUIOp::create(b, loc, i64, word));
  };
  std::array<Value, 4> ctr = {
      blocks, arith::ShRUIOp::create(b, loc, blocks, constantInt(v64, 32)),
      widen(c2), widen(c3)};
  Value key0 = widen(k0), key1 = widen(k1);
  std::array<Value, 4> out = philoxRoundsInI64(ctr, key0, key1);
  for (Value &word : out)
    word = arith::TruncIOp::create(b, loc, blocksType(i32), word);
  // [out0 out1] and [out2 out3]: word w of block k is element
  // (w % 4) * n + k of their concatenation.
  SmallVector<int64_t> concat;
  for (int64_t i = 0; i < 2 * n; ++i)
    concat.push_back(i);
  Value low = vector::ShuffleOp::create(b, loc, out[0], out[1], concat);
  Value high = vector::ShuffleOp::create(b, loc, out[2], out[3], concat);
  auto lanesFrom = [&](unsigned phase) -> Value {
    SmallVector<int64_t> mask;
    for (unsigned l = 0; l < width; ++l) {
      unsigned w = phase + l;
      mask.push_back(static_cast<int64_t>((w % 4) * n + w / 4));
    }
    return vector::ShuffleOp::create(b, loc, low, high, mask);
  };
  Value v = lanesFrom(maxPhase);
  if (maxPhase == 0)
    return v;
  // The run starts at word first % 4, one of 0, step, ..., maxPhase.
  Value phase = arith::AndIOp::create(b, loc, first, constantInt(i64, 3));
  for (int p = static_cast<int>(maxPhase) - static_cast<int>(step); p >= 0;
       p -= static_cast<int>(step)) {
    Value is = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, phase,
                                     constantInt(i64, p));
    v = select(is, lanesFrom(static_cast<unsigned>(p)), v);
  }
  return v;
}

/// Calls a libm function (f32 or f64 flavour by the operand type), once per
/// lane for vectors.
Value ElementwiseEmitter::libmCall(StringRef f32Name, StringRef f64Name,
                                   ValueRange args) {
  Type t = args[0].getType();
  Type scalarType = getElementTypeOrSelf(t);
  std::string name =
      libmPrefix + (scalarType.isF32() ? f32Name : f64Name).str();
  Operation *table = SymbolTable::getNearestSymbolTable(
      b.getInsertionBlock()->getParentOp());
  // In a GPU module the callee is an LLVM function of libdevice, declared
  // and called as such (a func.func declaration would get a C-interface
  // name that libdevice does not define).
  if (isa<gpu::GPUModuleOp>(table)) {
    SmallVector<Type> inputs(args.size(), scalarType);
    auto fnType = LLVM::LLVMFunctionType::get(scalarType, inputs);
    if (!SymbolTable::lookupSymbolIn(table, name)) {
      OpBuilder::InsertionGuard guard(b);
      b.setInsertionPointToStart(&table->getRegion(0).front());
      LLVM::LLVMFuncOp::create(b, loc, name, fnType);
    }
    auto call = [&](ValueRange operands) -> Value {
      return LLVM::CallOp::create(b, loc, fnType,
                                  FlatSymbolRefAttr::get(b.getContext(), name),
                                  operands)
          .getResult();
    };
    if (!width)
      return call(args);
    Value out = args[0];
    for (unsigned i = 0; i < width; ++i) {
      SmallVector<Value> lanes;
      for (Value a : args)
        lanes.push_back(
            vector::ExtractOp::create(b, loc, a, static_cast<int64_t>(i)));
      out = vector::InsertOp::create(b, loc, call(lanes), out,
                                     static_cast<int64_t>(i));
    }
    return out;
  }
  if (!SymbolTable::lookupSymbolIn(table, name)) {
    OpBuilder::InsertionGuard guard(b);
    b.setInsertionPointToStart(&table->getRegion(0).front());
    SmallVector<Type> inputs(args.size(), scalarType);
    auto fn = func::FuncOp::create(b, loc, name,
                                   b.getFunctionType(inputs, {scalarType}));
    fn.setPrivate();
  }
  if (!width)
    return func::CallOp::create(b, loc, name, TypeRange{scalarType}, args)
        .getResult(0);
  Value out = args[0];
  for (unsigned i = 0; i < width; ++i) {
    SmallVector<Value> lanes;
    for (Value a : args)
      lanes.push_back(
          vector::ExtractOp::create(b, loc, a, static_cast<int64_t>(i)));
    Value r = func::CallOp::create(b, loc, name, TypeRange{scalarType}, lanes)
                  .getResult(0);
    out = vector::InsertOp::create(b, loc, r, out, static_cast<int64_t>(i));
  }
  return out;
}

template <typename MathOp>
Value ElementwiseEmitter::math(StringRef f32Name, StringRef f64Name,
                               ValueRange args) {
  if (useLibm)
    return libmCall(f32Name, f64Name, args);
  return MathOp::create(b, loc, args);
}

Value ElementwiseEmitter::emitConstant(ConstantOp op) {
  Attribute value = op.getValue();
  DType dtype = kernelDType(op.getType());
  Type t = computeType(dtype);
  if (auto dense = dyn_cast<DenseElementsAttr>(value))
    value = dense.getSplatValue<Attribute>();
  if (auto f = dyn_cast<FloatAttr>(value)) {
    // Reduced-precision constants hold values of that precision.
    return constantFloat(t, f.getValueAsDouble());
  }
  auto i = cast<IntegerAttr>(value);
  if (dtype == DType::Bool)
    return constantInt(t, i.getValue().isZero() ? 0 : 1);
  return constantInt(t, i.getValue().getSExtValue());
}

FailureOr<Value> ElementwiseEmitter::emit(Operation *op,
                                          ArrayRef<Value> operands,
                                          const RandomInputs &random) {
  if (auto c = dyn_cast<ConstantOp>(op))
    return emitConstant(c);
  DType result = kernelDType(op->getResult(0).getType());
  Type rt = computeType(result);
  bool isFloat = isFloatDType(result);
  bool isBool = result == DType::Bool;

  // Operands converted to the result's computation type.
  auto in = [&](unsigned i) {
    return convert(operands[i], kernelDType(op->getOperand(i).getType()), result);
  };
  auto fcst = [&](double v) { return constantFloat(rt, v); };
  auto icst = [&](int64_t v) { return constantInt(rt, v); };
  // alpha / value as a value of the result type: converted like Tensor.to
  // (to bool it is `!= 0`: eager reads alpha = 2 as true), integers wrap.
  auto alphaValue = [&](Attribute attr, bool &present) -> Value {
    present = static_cast<bool>(attr);
    if (!attr)
      return isFloat ? fcst(1.0) : icst(1);
    if (auto f = dyn_cast<FloatAttr>(attr)) {
      if (isBool)
        return icst(f.getValueAsDouble() != 0.0);
      return isFloat ? fcst(f.getValueAsDouble())
                     : icst(static_cast<int64_t>(f.getValueAsDouble()));
    }
    auto i = cast<IntegerAttr>(attr);
    int64_t v = i.getType().isInteger(1) ? !i.getValue().isZero() : i.getInt();
    if (isBool)
      return icst(v != 0);
    return isFloat ? fcst(static_cast<double>(v)) : icst(v);
  };
  auto floatOnly = [&](auto fn) -> FailureOr<Value> {
    if (!isFloat)
      return op->emitError("expected a floating-point result"), failure();
    return Value(fn(in(0)));
  };
  // Correctly rounded square roots: libdevice's __nv_sqrtf is the
  // approximate sqrt.approx.f32 unless built for precise sqrt, so GPU kernels
  // call its round-to-nearest variants.
  auto sqrtOf = [&](Value x) -> Value {
    if (libmPrefix == "__nv_")
      return libmCall("fsqrt_rn", "dsqrt_rn", ValueRange{x});
    return math::SqrtOp::create(b, loc, x);
  };
  // Transcendental functions: C library calls on the CPU (see math()).
  auto expOf = [&](Value x) { return math<math::ExpOp>("expf", "exp", x); };
  auto logOf = [&](Value x) { return math<math::LogOp>("logf", "log", x); };
  auto sigmoid = [&](Value x) -> Value {
    Value e = expOf(arith::NegFOp::create(b, loc, x));
    return arith::DivFOp::create(b, loc, fcst(1.0),
                                 arith::AddFOp::create(b, loc, fcst(1.0), e));
  };
  auto maxMin = [&](bool isMax) -> Value {
    Value a = in(0), c = in(1);
    if (isBool)
      return isMax ? Value(arith::OrIOp::create(b, loc, a, c))
                   : Value(arith::AndIOp::create(b, loc, a, c));
    if (!isFloat) {
      if (result == DType::UInt8)
        return isMax ? Value(arith::MaxUIOp::create(b, loc, a, c))
                     : Value(arith::MinUIOp::create(b, loc, a, c));
      return isMax ? Value(arith::MaxSIOp::create(b, loc, a, c))
                   : Value(arith::MinSIOp::create(b, loc, a, c));
    }
    // a > b ? a : b (a < b ? a : b), so equal values give b: -0.0 and +0.0
    // give the second operand, as eager's SIMD body (maxps/minps) does.
    Value pick = floatCompare(
        isMax ? arith::CmpFPredicate::OGT : arith::CmpFPredicate::OLT, a, c);
    Value r = select(pick, a, c);
    return select(isNaN(a), a, select(isNaN(c), c, r));
  };
  auto comparison = [&](arith::CmpFPredicate fp, arith::CmpIPredicate si,
                        arith::CmpIPredicate ui) -> Value {
    // Compare in the promoted operand type.
    ::fuser::ResultTypeState state;
    for (Value v : op->getOperands()) {
      auto cls = classifyOperand(v.getType());
      state.add(cls->first, cls->second);
    }
    DType common = *state.result();
    // Every operand becomes a value of the comparison type first, as eager's
    // TensorIterator casts each input to the common dtype: an f16/bf16
    // comparison rounds Python numbers, 0-dim tensors of a wider type,
    // integer tensors and f16/bf16 intermediates (held in f32 here, rounded
    // after every op in eager) to that type.
    // (Loaded values, casts and constants of the common type already are.)
    auto operand = [&](unsigned i) {
      Value v = op->getOperand(i);
      Operation *def = v.getDefiningOp();
      bool exact = kernelDType(v.getType()) == common &&
                   (!def || isa<CastOp, TypeAsOp, ConstantOp>(def));
      return convert(operands[i], kernelDType(v.getType()), common,
                     /*roundReduced=*/!exact);
    };
    return compare(fp, si, ui, operand(0), operand(1), common);
  };
  auto asBool = [&](unsigned i) {
    return convert(operands[i], kernelDType(op->getOperand(i).getType()),
                   DType::Bool);
  };

  return llvm::TypeSwitch<Operation *, FailureOr<Value>>(op)
      // Casts round explicitly to f16/bf16.
      .Case<CastOp, TypeAsOp>([&](auto) -> FailureOr<Value> {
        return convert(operands[0], kernelDType(op->getOperand(0).getType()),
                       result, /*roundReduced=*/true);
      })
      .Case([&](AbsOp) -> FailureOr<Value> {
        Value x = in(0);
        if (isFloat)
          return Value(math::AbsFOp::create(b, loc, x));
        if (result == DType::UInt8)
          return x;
        Value neg = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, x,
                                          icst(0));
        return select(neg, arith::SubIOp::create(b, loc, icst(0), x), x);
      })
      .Case([&](NegOp) -> FailureOr<Value> {
        Value x = in(0);
        if (isFloat)
          return Value(arith::NegFOp::create(b, loc, x));
        return Value(arith::SubIOp::create(b, loc, icst(0), x));
      })
      .Case([&](ReluOp) -> FailureOr<Value> {
        Value x = in(0);
        Value zero = isFloat ? fcst(0.0) : icst(0);
        // x < 0 ? 0 : x keeps -0.0 (compare() is safe from LLVM's sign of
        // zero folds).
        Value neg =
            compare(arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt,
                    arith::CmpIPredicate::ult, x, zero, result);
        return select(neg, zero, x);
      })
      .Case([&](SignOp) -> FailureOr<Value> {
        Value x = in(0);
        if (isBool)
          return x;
        Value zero = isFloat ? fcst(0.0) : icst(0);
        Value pos = compare(arith::CmpFPredicate::OGT, arith::CmpIPredicate::sgt,
                            arith::CmpIPredicate::ugt, x, zero, result);
        Value neg = compare(arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt,
                            arith::CmpIPredicate::ult, x, zero, result);
        Value one = isFloat ? fcst(1.0) : icst(1);
        Value minusOne = isFloat ? fcst(-1.0) : icst(-1);
        // (0 < x) - (x < 0): 0 for NaN and +0.0 for -0.0.
        return select(pos, one, select(neg, minusOne, zero));
      })
      .Case([&](CeilOp) -> FailureOr<Value> {
        return isFloat ? Value(math::CeilOp::create(b, loc, in(0))) : in(0);
      })
      .Case([&](FloorOp) -> FailureOr<Value> {
        return isFloat ? Value(math::FloorOp::create(b, loc, in(0))) : in(0);
      })
      .Case([&](TruncOp) -> FailureOr<Value> {
        return isFloat ? Value(math::TruncOp::create(b, loc, in(0))) : in(0);
      })
      .Case([&](RoundOp) -> FailureOr<Value> {
        return isFloat ? Value(math::RoundEvenOp::create(b, loc, in(0)))
                       : in(0);
      })
      .Case([&](FracOp) {
        return floatOnly([&](Value x) -> Value {
          return arith::SubFOp::create(b, loc, x,
                                       math::TruncOp::create(b, loc, x));
        });
      })
      .Case([&](BitwiseNotOp) -> FailureOr<Value> {
        Value x = in(0);
        return Value(arith::XOrIOp::create(b, loc, x, icst(isBool ? 1 : -1)));
      })
      .Case([&](LogicalNotOp) -> FailureOr<Value> {
        return Value(arith::XOrIOp::create(b, loc, asBool(0),
                                           constantInt(rt, 1)));
      })
      .Case([&](SigmoidOp) { return floatOnly(sigmoid); })
      .Case([&](LogOp) {
        return floatOnly(
            [&](Value x) { return math<math::LogOp>("logf", "log", x); });
      })
      .Case([&](Log10Op) {
        return floatOnly(
            [&](Value x) { return math<math::Log10Op>("log10f", "log10", x); });
      })
      .Case([&](Log1pOp) {
        return floatOnly(
            [&](Value x) { return math<math::Log1pOp>("log1pf", "log1p", ValueRange{x}); });
      })
      .Case([&](Log2Op) {
        return floatOnly(
            [&](Value x) { return math<math::Log2Op>("log2f", "log2", x); });
      })
      .Case([&](LgammaOp) {
        return floatOnly(
            [&](Value x) { return libmCall("lgammaf", "lgamma", ValueRange{x}); });
      })
      .Case([&](ExpOp) {
        return floatOnly(
            [&](Value x) { return math<math::ExpOp>("expf", "exp", x); });
      })
      .Case([&](Expm1Op) {
        return floatOnly(
            [&](Value x) { return math<math::ExpM1Op>("expm1f", "expm1", ValueRange{x}); });
      })
      .Case([&](ErfOp) {
        return floatOnly([&](Value x) { return math<math::ErfOp>("erff", "erf", ValueRange{x}); });
      })
      .Case([&](ErfcOp) {
        return floatOnly([&](Value x) { return math<math::ErfcOp>("erfcf", "erfc", ValueRange{x}); });
      })
      .Case([&](CosOp) {
        return floatOnly(
            [&](Value x) { return math<math::CosOp>("cosf", "cos", x); });
      })
      .Case([&](AcosOp) {
        return floatOnly([&](Value x) { return math<math::AcosOp>("acosf", "acos", ValueRange{x}); });
      })
      .Case([&](CoshOp) {
        return floatOnly([&](Value x) { return math<math::CoshOp>("coshf", "cosh", ValueRange{x}); });
      })
      .Case([&](SinOp) {
        return floatOnly(
            [&](Value x) { return math<math::SinOp>("sinf", "sin", x); });
      })
      .Case([&](AsinOp) {
        return floatOnly([&](Value x) { return math<math::AsinOp>("asinf", "asin", ValueRange{x}); });
      })
      .Case([&](SinhOp) {
        return floatOnly([&](Value x) { return math<math::SinhOp>("sinhf", "sinh", ValueRange{x}); });
      })
      .Case([&](TanOp) {
        return floatOnly([&](Value x) { return math<math::TanOp>("tanf", "tan", ValueRange{x}); });
      })
      .Case([&](AtanOp) {
        return floatOnly([&](Value x) { return math<math::AtanOp>("atanf", "atan", ValueRange{x}); });
      })
      .Case([&](TanhOp) {
        return floatOnly([&](Value x) { return math<math::TanhOp>("tanhf", "tanh", ValueRange{x}); });
      })
      .Case([&](SqrtOp) { return floatOnly(sqrtOf); })
      .Case([&](RsqrtOp) {
        return floatOnly([&](Value x) -> Value {
          return arith::DivFOp::create(b, loc, fcst(1.0), sqrtOf(x));
        });
      })
      .Case([&](ReciprocalOp) {
        return floatOnly([&](Value x) -> Value {
          return arith::DivFOp::create(b, loc, fcst(1.0), x);
        });
      })
      .Case([&](LogitOp l) {
        return floatOnly([&](Value x) -> Value {
          if (auto eps = l.getEps()) {
            double e = eps->convertToDouble();
            Value lo = fcst(e), hi = fcst(1.0 - e);
            // Computed like the interpreter: hi = T(1) - T(eps).
            hi = arith::SubFOp::create(b, loc, fcst(1.0), lo);
            Value below =
                arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, lo);
            Value above =
                arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, hi);
            x = select(below, lo, select(above, hi, x));
          }
          Value ratio = arith::DivFOp::create(
              b, loc, x, arith::SubFOp::create(b, loc, fcst(1.0), x));
          return logOf(ratio);
        });
      })
      .Case([&](GeluOp g) {
        return floatOnly([&](Value x) -> Value {
          if (g.getApproximate() == GeluApproximation::tanh) {
            // geluOp: kappa * ((x * x) * x), eager's order.
            Value x3 = arith::MulFOp::create(
                b, loc, arith::MulFOp::create(b, loc, x, x), x);
            Value inner = arith::MulFOp::create(
                b, loc, fcst(0.7978845608028654),
                arith::AddFOp::create(
                    b, loc, x, arith::MulFOp::create(b, loc, fcst(0.044715), x3)));
            Value t = arith::AddFOp::create(b, loc, fcst(1.0),
                                            math<math::TanhOp>("tanhf", "tanh", ValueRange{inner}));
            return arith::MulFOp::create(
                b, loc, arith::MulFOp::create(b, loc, fcst(0.5), x), t);
          }
          Value e = math<math::ErfOp>(
              "erff", "erf",
              ValueRange{arith::MulFOp::create(b, loc, x, fcst(0.7071067811865476))});
          Value t = arith::AddFOp::create(b, loc, fcst(1.0), e);
          return arith::MulFOp::create(
              b, loc, arith::MulFOp::create(b, loc, x, fcst(0.5)), t);
        });
      })
      .Case([&](SiluOp) {
        return floatOnly([&](Value x) -> Value {
          Value e = expOf(arith::NegFOp::create(b, loc, x));
          return arith::DivFOp::create(
              b, loc, x, arith::AddFOp::create(b, loc, fcst(1.0), e));
        });
      })
      .Case([&](MishOp) {
        return floatOnly([&](Value x) -> Value {
          Value sp =
              math<math::Log1pOp>("log1pf", "log1p", ValueRange{expOf(x)});
          return arith::MulFOp::create(b, loc, x,
                                       math<math::TanhOp>("tanhf", "tanh", ValueRange{sp}));
        });
      })
      .Case<HardsigmoidOp, HardswishOp>([&](auto o) {
        bool swish = isa<HardswishOp>(o.getOperation());
        return floatOnly([&](Value x) -> Value {
          Value c = arith::MinNumFOp::create(
              b, loc,
              arith::MaxNumFOp::create(
                  b, loc, arith::AddFOp::create(b, loc, x, fcst(3.0)),
                  fcst(0.0)),
              fcst(6.0));
          Value r = swish ? Value(arith::MulFOp::create(b, loc, x, c)) : c;
          r = arith::DivFOp::create(b, loc, r, fcst(6.0));
          return select(isNaN(x), x, r);
        });
      })
      .Case([&](SoftplusOp s) {
        double beta = s.getBeta().convertToDouble();
        double threshold = s.getThreshold().convertToDouble();
        return floatOnly([&](Value x) -> Value {
          Value bx = arith::MulFOp::create(b, loc, x, fcst(beta));
          Value soft = arith::DivFOp::create(
              b, loc,
              math<math::Log1pOp>("log1pf", "log1p", ValueRange{expOf(bx)}),
              fcst(beta));
          Value big = arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT,
                                            bx, fcst(threshold));
          return select(big, x, soft);
        });
      })
      .Case([&](EluOp e) {
        double alpha = e.getAlpha().convertToDouble();
        double scale = e.getScale().convertToDouble();
        double inputScale = e.getInputScale().convertToDouble();
        return floatOnly([&](Value x) -> Value {
          Value neg = arith::MulFOp::create(
              b, loc,
              math<math::ExpM1Op>(
                  "expm1f", "expm1",
                  ValueRange{arith::MulFOp::create(b, loc, x, fcst(inputScale))}),
              fcst(alpha * scale));
          Value pos = arith::MulFOp::create(b, loc, x, fcst(scale));
          Value isNeg =
              arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, fcst(0));
          return select(isNeg, neg, pos);
        });
      })
      .Case([&](LeakyReluOp l) {
        double slope = l.getNegativeSlope().convertToDouble();
        return floatOnly([&](Value x) -> Value {
          Value isPos =
              arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, fcst(0));
          return select(isPos, x, arith::MulFOp::create(b, loc, x, fcst(slope)));
        });
      })
      .Case([&](ThresholdOp t) -> FailureOr<Value> {
        Value x = in(0);
        double th = t.getThreshold().convertToDouble();
        double v = t.getValue().convertToDouble();
        // Threshold and value convert to the input type like Tensor.to.
        Value thv = convert(constantFloat(width ? Type(VectorType::get(
                                                      {width}, b.getF64Type()))
                                                : Type(b.getF64Type()),
                                          th),
                            DType::Float64, result);
        Value vv = convert(constantFloat(width ? Type(VectorType::get(
                                                     {width}, b.getF64Type()))
                                               : Type(b.getF64Type()),
                                         v),
                           DType::Float64, result);
        Value le = compare(arith::CmpFPredicate::OLE, arith::CmpIPredicate::sle,
                           arith::CmpIPredicate::ule, x, thv, result);
        return select(le, vv, x);
      })
      .Case<AddOp, SubOp>([&](auto o) -> FailureOr<Value> {
        bool isSub = isa<SubOp>(o.getOperation());
        bool present;
        Value alpha = alphaValue(o.getAlphaAttr(), present);
        Value a = in(0), c = in(1);
        if (isBool) {
          Value alphaBool = convert(alpha, DType::Bool, DType::Bool);
          return Value(arith::OrIOp::create(
              b, loc, a, arith::AndIOp::create(b, loc, c, alphaBool)));
        }
        if (isFloat) {
          Value term = present ? Value(arith::MulFOp::create(b, loc, alpha, c)) : c;
          return isSub ? Value(arith::SubFOp::create(b, loc, a, term))
                       : Value(arith::AddFOp::create(b, loc, a, term));
        }
        Value term = present ? Value(arith::MulIOp::create(b, loc, alpha, c)) : c;
        return isSub ? Value(arith::SubIOp::create(b, loc, a, term))
                     : Value(arith::AddIOp::create(b, loc, a, term));
      })
      .Case([&](MulOp) -> FailureOr<Value> {
        Value a = in(0), c = in(1);
        if (isBool)
          return Value(arith::AndIOp::create(b, loc, a, c));
        if (isFloat)
          return Value(arith::MulFOp::create(b, loc, a, c));
        return Value(arith::MulIOp::create(b, loc, a, c));
      })
      .Case([&](DivOp d) -> FailureOr<Value> {
        Value a = in(0), c = in(1);
        RoundingMode mode = d.getRoundingMode();
        if (!isFloat)
          return intDiv(a, c, result, mode == RoundingMode::floor);
        if (mode == RoundingMode::true_div)
          return Value(arith::DivFOp::create(b, loc, a, c));
        if (mode == RoundingMode::trunc)
          return Value(math::TruncOp::create(
              b, loc, arith::DivFOp::create(b, loc, a, c)));
        // divFloorFloat.
        Value zero = fcst(0.0), one = fcst(1.0);
        Value quotient = arith::DivFOp::create(b, loc, a, c);
        Value mod = arith::RemFOp::create(b, loc, a, c);
        Value div = arith::DivFOp::create(
            b, loc, arith::SubFOp::create(b, loc, a, mod), c);
        Value modNonZero =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, mod, zero);
        Value cNeg =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, c, zero);
        Value modNeg =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, mod, zero);
        Value adjust = arith::AndIOp::create(
            b, loc, modNonZero, arith::XOrIOp::create(b, loc, cNeg, modNeg));
        div = select(adjust, arith::SubFOp::create(b, loc, div, one), div);
        Value fl = math::FloorOp::create(b, loc, div);
        Value roundUp = arith::CmpFOp::create(
            b, loc, arith::CmpFPredicate::OGT,
            arith::SubFOp::create(b, loc, div, fl), fcst(0.5));
        fl = select(roundUp, arith::AddFOp::create(b, loc, fl, one), fl);
        Value divNonZero =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, div, zero);
        Value signedZero = math::CopySignOp::create(b, loc, zero, quotient);
        Value r = select(divNonZero, fl, signedZero);
        Value cZero =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OEQ, c, zero);
        return select(cZero, quotient, r);
      })
      .Case([&](FmodOp) -> FailureOr<Value> {
        Value a = in(0), c = in(1);
        if (isFloat)
          return Value(arith::RemFOp::create(b, loc, a, c));
        return intRem(a, c, result, /*python=*/false);
      })
      .Case([&](RemainderOp) -> FailureOr<Value> {
        Value a = in(0), c = in(1);
        if (!isFloat)
          return intRem(a, c, result, /*python=*/true);
        Value zero = fcst(0.0);
        Value mod = arith::RemFOp::create(b, loc, a, c);
        Value modNonZero =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::UNE, mod, zero);
        Value cNeg =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, c, zero);
        Value modNeg =
            arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, mod, zero);
        Value adjust = arith::AndIOp::create(
            b, loc, modNonZero, arith::XOrIOp::create(b, loc, cNeg, modNeg));
        return select(adjust, arith::AddFOp::create(b, loc, mod, c), mod);
      })
      .Case([&](PowOp) -> FailureOr<Value> {
        Value a = in(0), c = in(1);
        if (isFloat)
          return math<math::PowFOp>("powf", "pow", ValueRange{a, c});
        return intPow(a, c, result);
      })
      .Case([&](Atan2Op) -> FailureOr<Value> {
        return math<math::Atan2Op>("atan2f", "atan2", ValueRange{in(0), in(1)});
      })
      .Case([&](MaxOp) -> FailureOr<Value> { return maxMin(true); })
      .Case([&](MinOp) -> FailureOr<Value> { return maxMin(false); })
      .Case([&](BitwiseAndOp) -> FailureOr<Value> {
        return Value(arith::AndIOp::create(b, loc, in(0), in(1)));
      })
      .Case([&](BitwiseOrOp) -> FailureOr<Value> {
        return Value(arith::OrIOp::create(b, loc, in(0), in(1)));
      })
      .Case([&](BitwiseXorOp) -> FailureOr<Value> {
        return Value(arith::XOrIOp::create(b, loc, in(0), in(1)));
      })
      .Case([&](EqOp) -> FailureOr<Value> {
        return comparison(arith::CmpFPredicate::OEQ, arith::CmpIPredicate::eq,
                          arith::CmpIPredicate::eq);
      })
      .Case([&](NeOp) -> FailureOr<Value> {
        return comparison(arith::CmpFPredicate::UNE, arith::CmpIPredicate::ne,
                          arith::CmpIPredicate::ne);
      })
      .Case([&](LtOp) -> FailureOr<Value> {
        return comparison(arith::CmpFPredicate::OLT, arith::CmpIPredicate::slt,
                          arith::CmpIPredicate::ult);
      })
      .Case([&](LeOp) -> FailureOr<Value> {
        return comparison(arith::CmpFPredicate::OLE, arith::CmpIPredicate::sle,
                          arith::CmpIPredicate::ule);
      })
      .Case([&](GtOp) -> FailureOr<Value> {
        return comparison(arith::CmpFPredicate::OGT, arith::CmpIPredicate::sgt,
                          arith::CmpIPredicate::ugt);
      })
      .Case([&](GeOp) -> FailureOr<Value> {
        return comparison(arith::CmpFPredicate::OGE, arith::CmpIPredicate::sge,
                          arith::CmpIPredicate::uge);
      })
      .Case([&](LogicalAndOp) -> FailureOr<Value> {
        return Value(arith::AndIOp::create(b, loc, asBool(0), asBool(1)));
      })
      .Case([&](LogicalOrOp) -> FailureOr<Value> {
        return Value(arith::OrIOp::create(b, loc, asBool(0), asBool(1)));
      })
      .Case([&](LogicalXorOp) -> FailureOr<Value> {
        return Value(arith::XOrIOp::create(b, loc, asBool(0), asBool(1)));
      })
      .Case([&](WhereOp) -> FailureOr<Value> {
        return select(asBool(0), in(1), in(2));
      })
      .Case([&](LerpOp) {
        return floatOnly([&](Value a) -> Value {
          Value c = in(1), w = in(2);
          Value diff = arith::SubFOp::create(b, loc, c, a);
          Value small = arith::CmpFOp::create(
              b, loc, arith::CmpFPredicate::OLT, math::AbsFOp::create(b, loc, w),
              fcst(0.5));
          Value lo = math::FmaOp::create(b, loc, w, diff, a);
          Value hi = math::FmaOp::create(
              b, loc, arith::SubFOp::create(b, loc, w, fcst(1.0)), diff, c);
          return select(small, lo, hi);
        });
      })
      .Case([&](AddcmulOp a) -> FailureOr<Value> {
        bool present;
        Value v = alphaValue(a.getValueAttr(), present);
        Value x = in(0), y = in(1), z = in(2);
        if (isFloat) {
          Value vy = present ? Value(arith::MulFOp::create(b, loc, v, y)) : y;
          return Value(math::FmaOp::create(b, loc, vy, z, x));
        }
        if (isBool)
          return Value(arith::OrIOp::create(
              b, loc, x,
              arith::AndIOp::create(
                  b, loc, convert(v, DType::Bool, DType::Bool),
                  arith::AndIOp::create(b, loc, y, z))));
        return Value(arith::AddIOp::create(
            b, loc, x,
            arith::MulIOp::create(b, loc, arith::MulIOp::create(b, loc, v, y),
                                  z)));
      })
      .Case([&](ClampOp c) -> FailureOr<Value> {
        Value x = in(0);
        unsigned next = 1;
        Value lo = c.getMin() ? in(next++) : Value();
        Value hi = c.getMax() ? in(next++) : Value();
        Value r = x;
        if (lo) {
          Value below = compare(arith::CmpFPredicate::OLT,
                                arith::CmpIPredicate::slt,
                                arith::CmpIPredicate::ult, r, lo, result);
          r = select(below, lo, r);
        }
        if (hi) {
          Value above = compare(arith::CmpFPredicate::OGT,
                                arith::CmpIPredicate::sgt,
                                arith::CmpIPredicate::ugt, r, hi, result);
          r = select(above, hi, r);
        }
        if (!isFloat)
          return r;
        // A NaN bound gives NaN; a NaN input propagates.
        Value nan = fcst(std::numeric_limits<double>::quiet_NaN());
        Value nanBound = lo ? isNaN(lo) : Value();
        if (hi)
          nanBound = nanBound ? Value(arith::OrIOp::create(b, loc, nanBound,
                                                           isNaN(hi)))
                              : isNaN(hi);
        r = select(nanBound, nan, r);
        return select(isNaN(x), x, r);
      })
      .Case([&](RandomBitsOp r) -> FailureOr<Value> {
        if (width && random.firstIndex)
          return randomBitsVector(r.getStream(), random, random.firstIndex,
                                  random.firstAlignment);
        Value stream = arith::ConstantOp::create(
            b, loc, b.getI64IntegerAttr(static_cast<int64_t>(r.getStream())));
        return philox(stream, random.linearIndex, random);
      })
      .Case([&](BitsToUniformOp) -> FailureOr<Value> {
        unsigned k = ::fuser::uniformBits(result);
        Value bits = operands[0];
        Type i32 = bits.getType();
        Value shifted =
            arith::ShRUIOp::create(b, loc, bits, constantInt(i32, 32 - k));
        Type f64 = width ? Type(VectorType::get({width}, b.getF64Type()))
                         : Type(b.getF64Type());
        // Exact in f64; then exact in the result type by construction.
        Value asDouble = arith::UIToFPOp::create(b, loc, f64, shifted);
        Value scaled = arith::MulFOp::create(
            b, loc, asDouble,
            constantFloat(f64, 1.0 / static_cast<double>(uint64_t(1) << k)));
        return convert(scaled, DType::Float64, result);
      })
      .Default([&](Operation *other) -> FailureOr<Value> {
        return other->emitError("has no elementwise lowering"), failure();
      });
}
