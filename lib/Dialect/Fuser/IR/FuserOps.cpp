//===- FuserOps.cpp - fuser dialect operations ----------------------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// Assembly and verifiers. Type inference lives in TypeInference.cpp, folders
// and canonicalisation patterns in Folding.cpp.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Dialect/Fuser/IR/FuserOps.h"

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpImplementation.h"
#include "mlir/Interfaces/FunctionImplementation.h"

using namespace mlir;
using namespace mlir::fuser;
using ::fuser::DType;

#include "FuserDialect/Dialect/Fuser/IR/FuserEnums.cpp.inc"

#define GET_OP_CLASSES
#include "FuserDialect/Dialect/Fuser/IR/FuserOps.cpp.inc"

/// True for a ranked tensor of a fuser element type.
static bool isFuserTensor(Type type) {
  auto tensor = dyn_cast<RankedTensorType>(type);
  return tensor && getDType(tensor.getElementType()) && !tensor.getEncoding();
}

//===----------------------------------------------------------------------===//
// GroupOp
//===----------------------------------------------------------------------===//

void GroupOp::build(OpBuilder &builder, OperationState &state, StringRef name,
                    FunctionType type) {
  state.addAttribute(SymbolTable::getSymbolAttrName(),
                     builder.getStringAttr(name));
  state.addAttribute(getFunctionTypeAttrName(state.name), TypeAttr::get(type));
  Region *body = state.addRegion();
  Block *block = new Block();
  body->push_back(block);
  for (Type input : type.getInputs())
    block->addArgument(input, state.location);
}

ParseResult GroupOp::parse(OpAsmParser &parser, OperationState &result) {
  auto buildType = [](Builder &builder, ArrayRef<Type> inputs,
                      ArrayRef<Type> results,
                      function_interface_impl::VariadicFlag, std::string &) {
    return builder.getFunctionType(inputs, results);
  };
  return function_interface_impl::parseFunctionOp(
      parser, result, /*allowVariadic=*/false,
      getFunctionTypeAttrName(result.name), buildType,
      getArgAttrsAttrName(result.name), getResAttrsAttrName(result.name));
}

void GroupOp::print(OpAsmPrinter &p) {
  function_interface_impl::printFunctionOp(
      p, *this, /*isVariadic=*/false, getFunctionTypeAttrName(),
      getArgAttrsAttrName(), getResAttrsAttrName());
}

unsigned GroupOp::getNumTensorArguments() {
  unsigned n = 0;
  for (Type type : getArgumentTypes()) {
    if (!isa<RankedTensorType>(type))
      break;
    ++n;
  }
  return n;
}

YieldOp GroupOp::getYield() {
  return cast<YieldOp>(getBody().front().getTerminator());
}

LogicalResult GroupOp::verify() {
  if (getBody().empty())
    return emitOpError("needs a body: a fusion group cannot be external");
  std::optional<unsigned> firstScalar;
  for (auto [index, type] : llvm::enumerate(getArgumentTypes())) {
    if (isFuserTensor(type)) {
      if (firstScalar)
        return emitOpError("tensor argument #")
               << index << " follows scalar argument #" << *firstScalar
               << "; tensor arguments must come first";
      continue;
    }
    if (type.isF64()) {
      if (!firstScalar)
        firstScalar = index;
      continue;
    }
    return emitOpError("argument #")
           << index << " has type " << type
           << "; expected a ranked tensor of a fuser element type (i1, ui8, "
              "i8, i16, i32, i64, f16, bf16, f32, f64) or an f64 scalar";
  }
  for (auto [index, type] : llvm::enumerate(getResultTypes()))
    if (!isFuserTensor(type))
      return emitOpError("result #")
             << index << " has type " << type
             << "; expected a ranked tensor of a fuser element type";
  return success();
}

LogicalResult GroupOp::verifyRegions() {
  for (Operation &op : getBody().front()) {
    // Unregistered ops have no dialect.
    if (!isa_and_present<FuserDialect>(op.getDialect()))
      return op.emitOpError("cannot appear inside 'fuser.group': a group "
                            "holds only fuser ops");
  }
  return success();
}

//===----------------------------------------------------------------------===//
// YieldOp
//===----------------------------------------------------------------------===//

LogicalResult YieldOp::verify() {
  auto group = cast<GroupOp>((*this)->getParentOp());
  ArrayRef<Type> expected = group.getResultTypes();
  if (getNumOperands() != expected.size())
    return emitOpError("returns ")
           << getNumOperands() << " values, but the enclosing group @"
           << group.getSymName() << " declares " << expected.size()
           << " results";
  for (auto [index, pair] :
       llvm::enumerate(llvm::zip(getOperandTypes(), expected))) {
    auto [actual, declared] = pair;
    if (actual != declared)
      return emitOpError("operand #")
             << index << " has type " << actual << ", but result #" << index
             << " of group @" << group.getSymName() << " has type "
             << declared;
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Op verifiers
//===----------------------------------------------------------------------===//

/// Checks a Python-number parameter (alpha, value) against the result type as
/// PyTorch does: a bool only for bool results, a float only for float results.
static LogicalResult verifyScalarParameter(Operation *op, StringRef name,
                                           Attribute attr, Type resultType) {
  if (!attr)
    return success();
  Type element = getElementTypeOrSelf(resultType);
  DType result = *getDType(element);
  auto intAttr = dyn_cast<IntegerAttr>(attr);
  if (intAttr && intAttr.getType().isInteger(1) && result != DType::Bool)
    return op->emitOpError("'")
           << name << "' is a bool, which is only allowed for bool results "
           << "(the result element type is " << element << ")";
  if (isa<FloatAttr>(attr) && !::fuser::isFloating(result))
    return op->emitOpError("'")
           << name << "' must not be a floating-point number when the "
           << "result element type is " << element;
  return success();
}

LogicalResult AddOp::verify() {
  return verifyScalarParameter(*this, "alpha", getAlphaAttr(), getType());
}

LogicalResult SubOp::verify() {
  return verifyScalarParameter(*this, "alpha", getAlphaAttr(), getType());
}

LogicalResult AddcmulOp::verify() {
  return verifyScalarParameter(*this, "value", getValueAttr(), getType());
}

LogicalResult LerpOp::verify() {
  Type expected = getInput().getType().getElementType();
  for (auto [index, operand] : llvm::enumerate(getOperands())) {
    auto tensor = dyn_cast<RankedTensorType>(operand.getType());
    if (tensor && tensor.getElementType() != expected)
      return emitOpError("operand #")
             << index << " has element type " << tensor.getElementType()
             << ", but lerp needs the element type of operand #0 ("
             << expected << ")";
  }
  return success();
}

LogicalResult ClampOp::verify() {
  if (!getMin() && !getMax())
    return emitOpError("needs at least one of 'min' and 'max'");
  return success();
}

LogicalResult CastOp::verify() {
  if (failed(verifyCompatibleShape(getInput().getType(), getType())))
    return emitOpError("result type ")
           << getType() << " has a different shape from the input type "
           << getInput().getType() << "; a cast only converts element types";
  return success();
}

LogicalResult
ConstantOp::verifyValue(TypedAttr value, Type type,
                        function_ref<InFlightDiagnostic()> emitError) {
  auto report = [&](const Twine &message) {
    if (emitError)
      emitError() << message;
    return failure();
  };
  if (value.getType() != type)
    return report("value type differs from the result type");
  if (isScalarType(type)) {
    if (type.isF64() ? !isa<FloatAttr>(value) : !isa<IntegerAttr>(value))
      return report("scalar constants must be a number attribute");
    return success();
  }
  auto tensor = dyn_cast<RankedTensorType>(type);
  if (!tensor || tensor.getRank() != 0 || !isFuserTensor(tensor))
    return report("constants must be f64, i64 or i1 scalars or 0-dim "
                  "tensors of a fuser element type");
  if (!isa<DenseIntOrFPElementsAttr>(value))
    return report("0-dim tensor constants must be dense elements");
  return success();
}

LogicalResult ConstantOp::verify() {
  return verifyValue(getValue(), getType(), [&] {
    return emitOpError("has result type ")
           << getType() << " and value " << getValue() << ": ";
  });
}

LogicalResult ChunkOp::verify() {
  auto arg = dyn_cast<BlockArgument>(getInput());
  Operation *group = (*this)->getParentOp();
  if (!arg || arg.getOwner()->getParentOp() != group)
    return emitOpError("operand must be an argument of the enclosing "
                       "'fuser.group' (kernels read chunks in place)");
  unsigned uses = llvm::range_size(arg.getUses());
  if (uses != 1)
    return emitOpError("chunked argument #")
           << arg.getArgNumber() << " must have no other use, but it has "
           << uses << " uses";
  if (getNumResults() != getChunks())
    return emitOpError("has ") << getNumResults() << " results for "
                               << getChunks() << " chunks";
  return success();
}

LogicalResult ConcatOp::verify() {
  for (OpOperand &use : getResult().getUses())
    if (!isa<YieldOp>(use.getOwner()))
      return emitOpError("result may only be returned by 'fuser.yield', but "
                         "it is used by '")
             << use.getOwner()->getName() << "'";
  return success();
}

LogicalResult RandomBitsOp::verify() {
  if (failed(verifyCompatibleShape(getInput().getType(), getType())))
    return emitOpError("result type ")
           << getType() << " must have the shape of the input type "
           << getInput().getType();
  return success();
}

LogicalResult BitsToUniformOp::verify() {
  if (failed(verifyCompatibleShape(getInput().getType(), getType())))
    return emitOpError("result type ")
           << getType() << " must have the shape of the input type "
           << getInput().getType();
  return success();
}
