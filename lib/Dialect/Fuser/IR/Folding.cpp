//===- Folding.cpp - Folders and canonicalisation of fuser ops ------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Identities are applied only where they hold bit for bit under PyTorch
// semantics, for every input including NaN, infinities and -0.0, and where the
// folded value has exactly the type of the op's result. For example
// `x + 0.0` is not `x` for floats (-0.0 + 0.0 == +0.0), but `x - 0.0` is.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Dialect/Fuser/IR/FuserOps.h"

#include "mlir/IR/Matchers.h"
#include "mlir/IR/PatternMatch.h"

#include <cmath>

using namespace mlir;
using namespace mlir::fuser;
using ::fuser::DType;

namespace {
/// A constant number operand, from a scalar or a 0-dim tensor constant.
struct ConstNumber {
  double value;
  bool isFloat;
};
} // namespace

static std::optional<ConstNumber> getConstNumber(Attribute attr) {
  if (auto dense = dyn_cast_or_null<DenseElementsAttr>(attr)) {
    if (!dense.isSplat())
      return std::nullopt;
    attr = dense.getSplatValue<Attribute>();
  }
  if (auto f = dyn_cast_or_null<FloatAttr>(attr))
    return ConstNumber{f.getValueAsDouble(), true};
  if (auto i = dyn_cast_or_null<IntegerAttr>(attr)) {
    // i1 is a bool; every other integer is signed, except ui8.
    const APInt &v = i.getValue();
    bool isSigned = !i.getType().isUnsignedInteger() && v.getBitWidth() > 1;
    double d = isSigned ? static_cast<double>(v.getSExtValue())
                        : static_cast<double>(v.getZExtValue());
    return ConstNumber{d, false};
  }
  return std::nullopt;
}

static bool isFloatResult(Type type) {
  return ::fuser::isFloating(*getDType(getElementTypeOrSelf(type)));
}

//===----------------------------------------------------------------------===//
// Folders
//===----------------------------------------------------------------------===//

OpFoldResult ConstantOp::fold(FoldAdaptor) { return getValue(); }

/// x + alpha * c and x - alpha * c with c == 0 are x when no rounding or sign
/// change can happen: always for integers and bool; for floats only when the
/// term added is exactly -0.0 (x + -0.0 == x for every x, x + +0.0 is not).
static OpFoldResult foldAddSubZero(Value lhs, Attribute rhs,
                                   Attribute alphaAttr, Type resultType,
                                   bool isSub) {
  if (lhs.getType() != resultType)
    return {};
  std::optional<ConstNumber> c = getConstNumber(rhs);
  if (!c || c->value != 0.0)
    return {};
  if (!isFloatResult(resultType))
    return lhs;
  double alpha = 1.0;
  if (alphaAttr) {
    std::optional<ConstNumber> a = getConstNumber(alphaAttr);
    if (!a)
      return {};
    alpha = a->value;
  }
  double term = alpha * c->value;
  if (isSub)
    term = -term;
  if (term == 0.0 && std::signbit(term))
    return lhs;
  return {};
}

OpFoldResult AddOp::fold(FoldAdaptor adaptor) {
  return foldAddSubZero(getLhs(), adaptor.getRhs(), getAlphaAttr(), getType(),
                        /*isSub=*/false);
}

OpFoldResult SubOp::fold(FoldAdaptor adaptor) {
  return foldAddSubZero(getLhs(), adaptor.getRhs(), getAlphaAttr(), getType(),
                        /*isSub=*/true);
}

OpFoldResult MulOp::fold(FoldAdaptor adaptor) {
  // Commutative: constants have been moved to the right.
  if (getLhs().getType() != getType())
    return {};
  std::optional<ConstNumber> c = getConstNumber(adaptor.getRhs());
  if (c && c->value == 1.0)
    return getLhs();
  return {};
}

/// f(f(x)) == x for involutions, when the types line up.
template <typename OpTy>
static OpFoldResult foldInvolution(OpTy op) {
  auto inner = op.getInput().template getDefiningOp<OpTy>();
  if (!inner || inner.getInput().getType() != op.getType())
    return {};
  return inner.getInput();
}

OpFoldResult NegOp::fold(FoldAdaptor) { return foldInvolution(*this); }
OpFoldResult BitwiseNotOp::fold(FoldAdaptor) { return foldInvolution(*this); }
OpFoldResult LogicalNotOp::fold(FoldAdaptor) {
  // logical_not(logical_not(x)) is x only for a bool x.
  return foldInvolution(*this);
}

OpFoldResult CastOp::fold(FoldAdaptor) {
  if (getInput().getType() == getType())
    return getInput();
  return {};
}

LogicalResult ChunkOp::fold(FoldAdaptor, SmallVectorImpl<OpFoldResult> &out) {
  int64_t rank = getInput().getType().getRank();
  int64_t dim = static_cast<int64_t>(getDim());
  if (dim < 0) {
    setDim(static_cast<uint64_t>(dim + rank));
    return success(); // Updated in place.
  }
  if (getChunks() == 1 && getResult(0).getType() == getInput().getType()) {
    out.push_back(getInput());
    return success();
  }
  return failure();
}

OpFoldResult ConcatOp::fold(FoldAdaptor) {
  int64_t rank = getType().getRank();
  int64_t dim = static_cast<int64_t>(getDim());
  if (dim < 0) {
    setDim(static_cast<uint64_t>(dim + rank));
    return getResult(); // Updated in place.
  }
  if (getInputs().size() == 1 && getInputs()[0].getType() == getType())
    return getInputs()[0];
  return {};
}

//===----------------------------------------------------------------------===//
// Canonicalisation patterns
//===----------------------------------------------------------------------===//

namespace {
/// type_as is a cast to the other operand's element type.
struct TypeAsToCast : OpRewritePattern<TypeAsOp> {
  using OpRewritePattern::OpRewritePattern;
  LogicalResult matchAndRewrite(TypeAsOp op,
                                PatternRewriter &rewriter) const override {
    rewriter.replaceOpWithNewOp<CastOp>(op, op.getType(), op.getInput());
    return success();
  }
};

/// The promotion rule of the arithmetic ops the pattern below rewrites.
template <typename OpTy>
PointwiseRule resultRule(OpTy) {
  return PointwiseRule::promote();
}
template <>
PointwiseRule resultRule(DivOp op) {
  return op.getRoundingMode() == RoundingMode::true_div
             ? PointwiseRule::toFloat()
             : PointwiseRule::promote();
}

/// Turns a 0-dim tensor constant operand of add/sub/mul/div into a scalar
/// constant (the seed's CanonicalizeOps does this for traced constants such as
/// torch.tensor(2.)), so backends inline it. Only done when the result type
/// stays the same: a 0-dim tensor and a Python number promote differently
/// (int32 tensor + float64 0-dim tensor is float64; + a Python float is
/// float32).
template <typename OpTy>
struct ScalarizeZeroDimConstant : OpRewritePattern<OpTy> {
  using OpRewritePattern<OpTy>::OpRewritePattern;
  LogicalResult matchAndRewrite(OpTy op,
                                PatternRewriter &rewriter) const override {
    for (unsigned i = 0; i < 2; ++i) {
      Value operand = op->getOperand(i);
      Value other = op->getOperand(1 - i);
      auto tensor = dyn_cast<RankedTensorType>(operand.getType());
      if (!tensor || tensor.getRank() != 0 || !isa<TensorType>(other.getType()))
        continue;
      DenseElementsAttr dense;
      if (!matchPattern(operand, m_Constant(&dense)))
        continue;
      std::optional<ConstNumber> c = getConstNumber(dense);
      if (!c)
        continue;
      Type element = tensor.getElementType();
      TypedAttr scalar;
      if (c->isFloat)
        scalar = rewriter.getF64FloatAttr(c->value);
      else if (element.isInteger(1))
        scalar = rewriter.getBoolAttr(c->value != 0.0);
      else
        scalar = rewriter.getI64IntegerAttr(
            dense.getSplatValue<APInt>().getSExtValue());
      if (isa<IntegerAttr>(scalar) && element.isUnsignedInteger())
        scalar = rewriter.getI64IntegerAttr(
            dense.getSplatValue<APInt>().getZExtValue());

      SmallVector<Type> types(op->getOperandTypes());
      types[i] = scalar.getType();
      SmallVector<Type> inferred;
      if (failed(inferPointwiseResultType(op.getContext(), std::nullopt,
                                          OpTy::getOperationName(), types,
                                          resultRule(op), inferred)) ||
          inferred.front() != op.getType())
        continue;
      OpBuilder::InsertionGuard guard(rewriter);
      rewriter.setInsertionPoint(op);
      Value constant = ConstantOp::create(rewriter, op.getLoc(), scalar);
      rewriter.modifyOpInPlace(op, [&] { op->setOperand(i, constant); });
      return success();
    }
    return failure();
  }
};
} // namespace

void TypeAsOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                           MLIRContext *context) {
  results.add<TypeAsToCast>(context);
}

void AddOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<ScalarizeZeroDimConstant<AddOp>>(context);
}

void SubOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<ScalarizeZeroDimConstant<SubOp>>(context);
}

void MulOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<ScalarizeZeroDimConstant<MulOp>>(context);
}

void DivOp::getCanonicalizationPatterns(RewritePatternSet &results,
                                        MLIRContext *context) {
  results.add<ScalarizeZeroDimConstant<DivOp>>(context);
}
