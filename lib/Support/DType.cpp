//===- DType.cpp - Element types and PyTorch type promotion ---------------===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//

#include "FuserDialect/Support/DType.h"

#include <cassert>

using namespace fuser;

bool fuser::isFloating(DType t) {
  return t == DType::Float16 || t == DType::BFloat16 || t == DType::Float32 ||
         t == DType::Float64;
}

bool fuser::isIntegral(DType t, bool includeBool) {
  switch (t) {
  case DType::Bool:
    return includeBool;
  case DType::UInt8:
  case DType::Int8:
  case DType::Int16:
  case DType::Int32:
  case DType::Int64:
    return true;
  default:
    return false;
  }
}

size_t fuser::elementSize(DType t) {
  switch (t) {
  case DType::Bool:
  case DType::UInt8:
  case DType::Int8:
    return 1;
  case DType::Int16:
  case DType::Float16:
  case DType::BFloat16:
    return 2;
  case DType::Int32:
  case DType::Float32:
    return 4;
  case DType::Int64:
  case DType::Float64:
    return 8;
  }
  assert(false && "unknown dtype");
  return 0;
}

namespace {
struct Names {
  DType type;
  std::string_view mlir, torch, alias;
};
constexpr Names kNames[kNumDTypes] = {
    {DType::Bool, "i1", "bool", "bool_"},
    {DType::UInt8, "ui8", "uint8", "u8"},
    {DType::Int8, "i8", "int8", "s8"},
    {DType::Int16, "i16", "int16", "short"},
    {DType::Int32, "i32", "int32", "int"},
    {DType::Int64, "i64", "int64", "long"},
    {DType::Float16, "f16", "float16", "half"},
    {DType::BFloat16, "bf16", "bfloat16", "bfloat"},
    {DType::Float32, "f32", "float32", "float"},
    {DType::Float64, "f64", "float64", "double"},
};
} // namespace

std::string_view fuser::mlirName(DType t) {
  return kNames[static_cast<unsigned>(t)].mlir;
}

std::string_view fuser::torchName(DType t) {
  return kNames[static_cast<unsigned>(t)].torch;
}

std::optional<DType> fuser::parseDType(std::string_view name) {
  for (const Names &n : kNames)
    if (name == n.mlir || name == n.torch || name == n.alias)
      return n.type;
  return std::nullopt;
}

// Position of a type within its category, used to pick the wider of two types
// of the same category.
static unsigned floatRank(DType t) {
  switch (t) {
  case DType::Float16:
  case DType::BFloat16:
    return 0;
  case DType::Float32:
    return 1;
  default:
    return 2;
  }
}

DType fuser::promoteTypes(DType a, DType b) {
  if (a == b)
    return a;
  if (a == DType::Bool)
    return b;
  if (b == DType::Bool)
    return a;
  bool fa = isFloating(a), fb = isFloating(b);
  if (fa && fb) {
    // Half and bfloat16 have no common 16-bit type; both fit in float32.
    unsigned ra = floatRank(a), rb = floatRank(b);
    if (ra == 0 && rb == 0)
      return DType::Float32;
    return ra > rb ? a : b;
  }
  if (fa)
    return a;
  if (fb)
    return b;
  // Two different integer types. uint8 mixed with a signed type needs a signed
  // type wider than 8 bits; otherwise the wider signed type wins (the enum is
  // ordered by width among signed types).
  if (a == DType::UInt8)
    return b == DType::Int8 ? DType::Int16 : b;
  if (b == DType::UInt8)
    return a == DType::Int8 ? DType::Int16 : a;
  return static_cast<unsigned>(a) > static_cast<unsigned>(b) ? a : b;
}

static void accumulate(std::optional<DType> &acc, DType t) {
  acc = acc ? promoteTypes(*acc, t) : t;
}

void ResultTypeState::add(DType type, OperandKind kind) {
  switch (kind) {
  case OperandKind::Tensor:
    accumulate(dimResult, type);
    break;
  case OperandKind::ZeroDimTensor:
    accumulate(zeroDimResult, type);
    break;
  case OperandKind::Scalar:
    // A Python float takes the default dtype, not double.
    accumulate(scalarResult, isFloating(type) ? kDefaultFloat : type);
    break;
  }
}

// Combines the result of a higher-priority operand class with a lower one: the
// lower class only matters if it is of a higher category.
static std::optional<DType> combineCategories(std::optional<DType> higher,
                                              std::optional<DType> lower) {
  if (!higher)
    return lower;
  if (!lower)
    return higher;
  if (isFloating(*higher))
    return higher;
  if (*higher == DType::Bool || isFloating(*lower))
    return promoteTypes(*higher, *lower);
  return higher;
}

std::optional<DType> ResultTypeState::result() const {
  return combineCategories(dimResult,
                           combineCategories(zeroDimResult, scalarResult));
}
