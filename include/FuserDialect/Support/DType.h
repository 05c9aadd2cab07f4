//===- DType.h - Element types and PyTorch type promotion -------*- C++ -*-===//
//
// Part of the fuser project.
//
//===----------------------------------------------------------------------===//
//
// The element types a fusion group computes on, and PyTorch's type-promotion
// rules over them. This header is plain C++ (no MLIR, no LLVM) because the
// runtime, which must not link MLIR, needs the same rules as the dialect's type
// inference.
//
//===----------------------------------------------------------------------===//

#ifndef FUSERDIALECT_SUPPORT_DTYPE_H
#define FUSERDIALECT_SUPPORT_DTYPE_H

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string_view>

namespace fuser {

/// Element types of fusion-group tensors. The names follow PyTorch; the
/// comments give the MLIR element type the dialect uses.
enum class DType : uint8_t {
  Bool,     ///< i1
  UInt8,    ///< ui8
  Int8,     ///< i8 (signless in MLIR, signed in PyTorch)
  Int16,    ///< i16
  Int32,    ///< i32
  Int64,    ///< i64
  Float16,  ///< f16
  BFloat16, ///< bf16
  Float32,  ///< f32
  Float64,  ///< f64
};

inline constexpr unsigned kNumDTypes = 10;

/// PyTorch's default floating-point dtype (torch.get_default_dtype()).
inline constexpr DType kDefaultFloat = DType::Float32;

bool isFloating(DType t);
/// True for the integer types; `includeBool` also counts Bool.
bool isIntegral(DType t, bool includeBool);
/// Size of one element in bytes (Bool is stored as one byte).
size_t elementSize(DType t);
/// The MLIR spelling of the element type ("f32", "ui8", "i1", ...).
std::string_view mlirName(DType t);
/// The PyTorch spelling ("float32", "uint8", "bool", ...).
std::string_view torchName(DType t);
/// Parses either spelling; also accepts numpy's ("float16", "int8", ...).
std::optional<DType> parseDType(std::string_view name);

/// torch.promote_types: the smallest type both operands convert to without
/// losing their category. Symmetric; promoteTypes(t, t) == t.
DType promoteTypes(DType a, DType b);

/// How an operand takes part in promotion (torch.result_type). Dimensioned
/// tensors outrank 0-dim tensors, which outrank Python numbers; a lower-priority
/// operand only matters when its category (bool < integer < floating) is
/// higher than everything above it.
enum class OperandKind : uint8_t {
  Tensor,        ///< a tensor with at least one dimension
  ZeroDimTensor, ///< a 0-dim tensor
  Scalar,        ///< a Python number (wrapped number): bool, int or float
};

/// Accumulates operands and yields torch.result_type of all of them.
class ResultTypeState {
public:
  /// Adds one operand. For `Scalar`, pass Bool, Int64 or Float64 for a
  /// Python bool, int or float.
  void add(DType type, OperandKind kind);
  /// The promoted type; empty if no operand was added.
  std::optional<DType> result() const;

private:
  std::optional<DType> dimResult, zeroDimResult, scalarResult;
};

} // namespace fuser

#endif // FUSERDIALECT_SUPPORT_DTYPE_H
