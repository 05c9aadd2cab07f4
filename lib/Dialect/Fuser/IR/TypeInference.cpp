//===- TypeInference.cpp - Result types of fuser ops ----------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Every op that computes its result type does it here, from the shared
// broadcasting and PyTorch promotion helpers. Diagnostics name the operand,
// the dimension and the types involved, because they are what a user sees when
// an imported graph does not type-check.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Dialect/Fuser/IR/FuserOps.h"
#include "FuserDialect/Support/Broadcast.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/Diagnostics.h"

using namespace mlir;
using namespace mlir::fuser;
using ::fuser::DType;
using ::fuser::OperandKind;

static_assert(::fuser::kDynamicSize == ShapedType::kDynamic,
              "the support library's dynamic size must match MLIR's");

namespace {
/// Emits "'<op>' op <message>" at the location, if there is one.
struct OpDiag {
  std::optional<Location> location;
  StringRef opName;

  template <typename... Args>
  LogicalResult operator()(Args &&...args) const {
    return emitOptionalError(location, "'", opName, "' op ",
                             std::forward<Args>(args)...);
  }
};
} // namespace

/// Prints a size for a diagnostic ("?" for dynamic).
static std::string sizeStr(int64_t size) {
  return size == ShapedType::kDynamic ? "?" : std::to_string(size);
}

static LogicalResult checkOperandRule(const OpDiag &fail, unsigned index,
                                      Type type, DType dtype, bool isTensor,
                                      OperandRule rule) {
  switch (rule) {
  case OperandRule::Any:
    return success();
  case OperandRule::NoBool:
    if (dtype == DType::Bool)
      return fail("operand #", index, " has type ", type,
                  ", but bool is not supported");
    return success();
  case OperandRule::FloatOnly:
    // Scalars are converted to the tensor's type; only tensors must be float.
    if (isTensor && !::fuser::isFloating(dtype))
      return fail("operand #", index, " has type ", type,
                  ", but a floating-point element type is required");
    return success();
  case OperandRule::IntegralOrBool:
    if (!::fuser::isIntegral(dtype, /*includeBool=*/true))
      return fail("operand #", index, " has type ", type,
                  ", but an integer or bool type is required");
    return success();
  }
  llvm_unreachable("unknown operand rule");
}

LogicalResult mlir::fuser::inferPointwiseResultType(
    MLIRContext *context, std::optional<Location> location, StringRef opName,
    TypeRange operands, PointwiseRule rule, SmallVectorImpl<Type> &inferred) {
  OpDiag fail{location, opName};
  std::vector<int64_t> shape;
  std::optional<unsigned> firstTensor;
  std::optional<DType> firstDType;
  ::fuser::ResultTypeState state;
  for (auto [index, type] : llvm::enumerate(operands)) {
    auto cls = classifyOperand(type);
    if (!cls)
      return fail("operand #", index, " has unsupported type ", type);
    auto [dtype, kind] = *cls;
    bool isTensor = kind != OperandKind::Scalar;
    if (index == 0)
      firstDType = dtype;
    if (index >= rule.promoteBegin) {
      if (failed(checkOperandRule(fail, index, type, dtype, isTensor,
                                  rule.operands)))
        return failure();
      state.add(dtype, kind);
    }
    if (!isTensor)
      continue;
    auto tensor = cast<RankedTensorType>(type);
    if (!firstTensor)
      firstTensor = index;
    if (auto mismatch = ::fuser::broadcastInto(shape, tensor.getShape().data(),
                                               tensor.getRank()))
      return fail("operand #", index, " of type ", type,
                  " does not broadcast with the operands before it: dimension ",
                  mismatch->dimFromEnd, " (from the end) has size ",
                  sizeStr(mismatch->shapeSize), " but ",
                  sizeStr(mismatch->accSize), " before");
  }
  if (!firstTensor)
    return fail("needs at least one tensor operand");

  DType result;
  switch (rule.result) {
  case ResultRule::Promote:
    result = *state.result();
    break;
  case ResultRule::ToFloat:
    result = *state.result();
    if (!::fuser::isFloating(result))
      result = ::fuser::kDefaultFloat;
    break;
  case ResultRule::SameAsFirst:
    result = *firstDType;
    break;
  case ResultRule::Boolean:
    result = DType::Bool;
    break;
  }
  inferred.push_back(
      RankedTensorType::get(shape, getElementType(context, result)));
  return success();
}

bool mlir::fuser::areCompatibleResultTypes(TypeRange lhs, TypeRange rhs) {
  if (lhs.size() != rhs.size())
    return false;
  for (auto [l, r] : llvm::zip(lhs, rhs)) {
    if (l == r)
      continue;
    auto lt = dyn_cast<RankedTensorType>(l);
    auto rt = dyn_cast<RankedTensorType>(r);
    if (!lt || !rt || lt.getElementType() != rt.getElementType() ||
        failed(verifyCompatibleShape(lt, rt)))
      return false;
  }
  return true;
}

/// Normalises `dim` against `rank`, or reports it out of range.
static FailureOr<int64_t> normalizeDim(const OpDiag &fail, int64_t dim,
                                       int64_t rank) {
  if (rank == 0) {
    (void)fail("needs an operand of rank >= 1, but it is 0-dim");
    return failure();
  }
  if (dim < -rank || dim >= rank) {
    (void)fail("dim ", dim, " is out of range for rank ", rank,
               " (expected a value in [", -rank, ", ", rank - 1, "])");
    return failure();
  }
  return dim < 0 ? dim + rank : dim;
}

//===----------------------------------------------------------------------===//
// Ops with their own rules
//===----------------------------------------------------------------------===//

LogicalResult TypeAsOp::inferReturnTypes(MLIRContext *, std::optional<Location>,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  auto other = cast<RankedTensorType>(adaptor.getOther().getType());
  types.push_back(input.clone(other.getElementType()));
  return success();
}

bool TypeAsOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return areCompatibleResultTypes(l, r);
}

LogicalResult RandLikeOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location> location,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  OpDiag fail{location, getOperationName()};
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  Type element = input.getElementType();
  if (auto dtype = adaptor.getDtypeAttr()) {
    element = dtype.getValue();
    std::optional<DType> dt = getDType(element);
    if (!dt || !::fuser::isFloating(*dt))
      return fail("'dtype' ", element,
                  " must be a floating-point fuser element type (f16, bf16, "
                  "f32 or f64)");
  } else if (!::fuser::isFloating(*getDType(element))) {
    return fail("operand #0 has type ", input,
                ", which is not floating point: give a floating-point "
                "'dtype' for the result");
  }
  types.push_back(input.clone(element));
  return success();
}

bool RandLikeOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return areCompatibleResultTypes(l, r);
}

LogicalResult ConstantOp::inferReturnTypes(MLIRContext *,
                                           std::optional<Location>,
                                           Adaptor adaptor,
                                           SmallVectorImpl<Type> &types) {
  types.push_back(cast<TypedAttr>(adaptor.getValue()).getType());
  return success();
}

LogicalResult ChunkOp::inferReturnTypes(MLIRContext *,
                                        std::optional<Location> location,
                                        Adaptor adaptor,
                                        SmallVectorImpl<Type> &types) {
  OpDiag fail{location, getOperationName()};
  auto input = cast<RankedTensorType>(adaptor.getInput().getType());
  int64_t chunks = static_cast<int64_t>(adaptor.getChunks());
  if (chunks < 1)
    return fail("needs at least one chunk, got ", chunks);
  // Checked here too, not only by the attribute constraint: the custom parser
  // infers the results (one per chunk) before the op is verified.
  if (chunks > kMaxChunks)
    return fail("needs at most ", kMaxChunks, " chunks, got ", chunks);
  FailureOr<int64_t> dim = normalizeDim(
      fail, static_cast<int64_t>(adaptor.getDim()), input.getRank());
  if (failed(dim))
    return failure();
  SmallVector<int64_t> shape(input.getShape());
  if (shape[*dim] != ShapedType::kDynamic) {
    if (shape[*dim] % chunks != 0)
      return fail("size ", shape[*dim], " of dimension ", *dim,
                  " does not split into ", chunks, " equal chunks");
    shape[*dim] /= chunks;
  }
  types.append(chunks, input.clone(shape));
  return success();
}

bool ChunkOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return areCompatibleResultTypes(l, r);
}

LogicalResult ConcatOp::inferReturnTypes(MLIRContext *context,
                                         std::optional<Location> location,
                                         Adaptor adaptor,
                                         SmallVectorImpl<Type> &types) {
  OpDiag fail{location, getOperationName()};
  ValueRange inputs = adaptor.getInputs();
  if (inputs.empty())
    return fail("needs at least one operand");
  auto first = cast<RankedTensorType>(inputs[0].getType());
  int64_t rank = first.getRank();
  FailureOr<int64_t> dim =
      normalizeDim(fail, static_cast<int64_t>(adaptor.getDim()), rank);
  if (failed(dim))
    return failure();
  SmallVector<int64_t> shape(first.getShape());
  ::fuser::ResultTypeState state;
  for (auto [index, input] : llvm::enumerate(inputs)) {
    auto type = cast<RankedTensorType>(input.getType());
    state.add(*getDType(type.getElementType()), OperandKind::Tensor);
    if (type.getRank() != rank)
      return fail("operand #", index, " of type ", type, " has rank ",
                  type.getRank(), ", but operand #0 has rank ", rank);
    if (index == 0)
      continue;
    for (int64_t d = 0; d < rank; ++d) {
      int64_t size = type.getDimSize(d);
      if (d == *dim) {
        shape[d] = (shape[d] == ShapedType::kDynamic ||
                    size == ShapedType::kDynamic)
                       ? ShapedType::kDynamic
                       : shape[d] + size;
        continue;
      }
      if (size == ShapedType::kDynamic)
        continue;
      if (shape[d] != ShapedType::kDynamic && shape[d] != size)
        return fail("operand #", index, " of type ", type, " has size ", size,
                    " in dimension ", d, ", but the operands before it have ",
                    shape[d], " (only dimension ", *dim, " may differ)");
      shape[d] = size;
    }
  }
  types.push_back(
      RankedTensorType::get(shape, getElementType(context, *state.result())));
  return success();
}

bool ConcatOp::isCompatibleReturnTypes(TypeRange l, TypeRange r) {
  return areCompatibleResultTypes(l, r);
}
